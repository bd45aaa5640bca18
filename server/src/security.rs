//! Request guards that hold for every route: writes from another site are
//! refused (CSRF), and every response carries the security headers.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

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

/// The largest request body taken by anything but the import form: 1 MiB.
pub const BODY_LIMIT: usize = 1 << 20;

/// The import form's server function, which takes a file.
const IMPORT_FORM: &str = "/fn/stage_import";

/// Whether a request declares a multipart body with its boundary.
fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            let t = t.to_ascii_lowercase();
            t.starts_with("multipart/form-data") && t.contains("boundary=")
        })
}

/// The largest body `path` takes: the import form carries a CSV file of up
/// to the importer's limit, everything else is a form or a JSON document.
fn body_limit(path: &str) -> usize {
    if path == IMPORT_FORM {
        app::transfer::MAX_BYTES + BODY_LIMIT
    } else {
        BODY_LIMIT
    }
}

/// Reads a request's body whole before anything handles it, within
/// `deadline` (`--body-timeout-seconds`; 408 after it: a slow client holds no handler, no
/// connection of the pool) and its path's limit (413 over it, whether
/// declared by `Content-Length` or found while reading).
pub async fn bounded_bodies(
    State(deadline): State<Duration>,
    request: Request<Body>,
    next: Next,
) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    if path == IMPORT_FORM && !is_multipart(request.headers()) {
        // The server-function layer would panic on it (no boundary).
        return refuse(
            &path,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "the import form is sent as multipart/form-data, with a boundary",
        );
    }
    let limit = body_limit(&path);
    let too_large = || {
        refuse(
            &path,
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            &format!("request body over the limit of {limit} bytes"),
        )
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return too_large();
    }
    let (parts, body) = request.into_parts();
    match tokio::time::timeout(deadline, axum::body::to_bytes(body, limit)).await {
        Err(_) => refuse(
            &path,
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            &format!("request body not received within {} s", deadline.as_secs()),
        ),
        Ok(Err(error)) => {
            let over = std::error::Error::source(&error)
                .is_some_and(|e| e.is::<http_body_util::LengthLimitError>());
            if over {
                too_large()
            } else {
                refuse(
                    &path,
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    "request body unreadable",
                )
            }
        }
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
    }
}

/// A refusal, never cached, closing the connection (what is left of the
/// body is not read): in the API's JSON error shape under `/api/`, in
/// plain text elsewhere.
fn refuse(path: &str, status: StatusCode, code: &'static str, message: &str) -> Response {
    let mut response = if path.starts_with("/api/") {
        crate::api::error_response(status, code, message.to_owned())
    } else {
        (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{message}\n"),
        )
            .into_response()
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// The answer when the server already works on as many requests as it may
/// (`Settings::max_in_flight`): 503 at once, rather than a queue that
/// grows until every client times out. Answers the render cache holds are
/// never refused.
pub async fn overloaded(uri: axum::http::Uri, error: tower::BoxError) -> Response {
    metrics::counter!("http_requests_shed_total").increment(1);
    tracing::debug!(%error, path = uri.path(), "request shed: at capacity");
    let mut response = refuse(
        uri.path(),
        StatusCode::SERVICE_UNAVAILABLE,
        "overloaded",
        "the server is at capacity; try again in a moment",
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

/// `Strict-Transport-Security` over HTTPS: two years.
pub(crate) const HSTS: &str = "max-age=63072000";

/// Adds the security headers to a response that does not set them itself;
/// `https` (the site is reached over HTTPS, `--secure-cookies`) adds
/// `Strict-Transport-Security`.
pub async fn add_headers(State(https): State<bool>, mut response: Response) -> Response {
    for (name, value) in security_headers() {
        response.headers_mut().entry(name).or_insert(value);
    }
    if https {
        response
            .headers_mut()
            .entry(header::STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static(HSTS));
    }
    response
}

/// The headers every response carries. Pages set their own
/// `Content-Security-Policy` (with the response's nonce, `app::app`); every
/// other answer (data, charts, feeds, files) may load and run nothing.
pub(crate) fn security_headers() -> [(header::HeaderName, HeaderValue); 5] {
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
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
            ),
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
            FormError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
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
