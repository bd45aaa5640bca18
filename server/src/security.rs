//! Request guards that hold for every route: writes from another site are
//! refused (CSRF), and every response carries the security headers.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Refuses a state-changing request that a browser sent from another site.
///
/// The session cookie is `SameSite=Lax`, so most browsers already leave it
/// off such a request; this check does not rely on that. Browsers name the
/// origin of every POST (`Origin`) or at least its relation to the target
/// (`Sec-Fetch-Site`); a request with neither does not come from a browser
/// page and carries no ambient credential to abuse (the API uses bearer
/// tokens).
pub async fn same_origin_writes(request: Request<Body>, next: Next) -> Response {
    if is_safe(request.method()) || comes_from_this_site(request.headers()) {
        next.run(request).await
    } else {
        tracing::warn!(
            method = %request.method(),
            uri = %request.uri(),
            origin = ?request.headers().get(header::ORIGIN),
            "cross-site write refused"
        );
        (
            StatusCode::FORBIDDEN,
            [(header::CACHE_CONTROL, "no-store")],
            "cross-site request refused\n",
        )
            .into_response()
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn comes_from_this_site(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        // `Origin: null` (sandboxed frames, some redirects) is not this site.
        let origin_host = origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"));
        return matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h));
    }
    match headers.get("sec-fetch-site").and_then(|s| s.to_str().ok()) {
        Some(site) => site == "same-origin" || site == "none",
        None => true,
    }
}

/// Adds the security headers to a response that does not set them itself.
pub async fn add_headers(mut response: Response) -> Response {
    for (name, value) in security_headers() {
        response.headers_mut().entry(name).or_insert(value);
    }
    response
}

/// The headers every response carries.
fn security_headers() -> [(header::HeaderName, HeaderValue); 4] {
    [
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            // Same-origin requests keep the full URL: forms without
            // JavaScript are sent back to the page they came from.
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
        (
            header::HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ),
    ]
}

/// Gives a refused server-function call the HTTP status that says why.
///
/// leptos answers every server-function error with 500; a refused form is
/// not a server failure, and scripts (and the browser's network log) should
/// see 401, 403, 404, 409, 422 or 429. Only JSON answers are changed: a form
/// posted without JavaScript gets its redirect back to the page as before.
pub async fn server_fn_status(request: Request<Body>, next: Next) -> Response {
    use app::forms::FormError;
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Refusals are small; anything larger is left as it was.
    let bytes = match axum::body::to_bytes(body, 1 << 20).await {
        Ok(bytes) => bytes,
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response(),
    };
    if let Ok(error) = serde_json::from_slice::<FormError>(&bytes) {
        parts.status = match error {
            FormError::SignInRequired | FormError::BadCredentials => StatusCode::UNAUTHORIZED,
            FormError::Forbidden => StatusCode::FORBIDDEN,
            FormError::LockedOut { .. } => StatusCode::TOO_MANY_REQUESTS,
            FormError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            FormError::Conflict { .. } => StatusCode::CONFLICT,
            FormError::NotFound => StatusCode::NOT_FOUND,
            FormError::Server(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn writes_are_accepted_from_this_site_only() {
        let here = [("host", "jalons.example:8443")];
        assert!(comes_from_this_site(&headers(&[
            here[0],
            ("origin", "https://jalons.example:8443")
        ])));
        assert!(!comes_from_this_site(&headers(&[
            here[0],
            ("origin", "https://evil.example")
        ])));
        assert!(!comes_from_this_site(&headers(&[
            here[0],
            ("origin", "null")
        ])));
        assert!(comes_from_this_site(&headers(&[
            here[0],
            ("sec-fetch-site", "same-origin")
        ])));
        assert!(!comes_from_this_site(&headers(&[
            here[0],
            ("sec-fetch-site", "cross-site")
        ])));
        // No browser, no ambient credential: an API client.
        assert!(comes_from_this_site(&headers(&[here[0]])));
    }
}
