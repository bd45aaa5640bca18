//! `GET /metrics`: the server's figures in Prometheus' text format —
//! requests by route and status, their latency, the database pool's use and
//! the render cache's hits. Not public: answered only to a bearer of the
//! operator's token (`--metrics-token`), 404 to anyone else.

use app::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Latency buckets, in seconds: from a cached page (well under a
/// millisecond) to a slow import.
const LATENCY_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The process's recorder, installed on first use (several servers of one
/// process, as in the tests, share it).
fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".into()),
                &LATENCY_BUCKETS,
            )
            .expect("latency buckets are not empty")
            .install_recorder()
            .expect("no other metrics recorder in the process")
    })
}

/// How often latency samples are folded into their buckets. Until then the
/// recorder keeps every sample: without this, memory would grow with the
/// requests between two scrapes (or for ever, unscraped).
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// Installs the recorder and its upkeep; called when the server starts.
pub fn install() {
    static UPKEEP: std::sync::Once = std::sync::Once::new();
    let handle = handle();
    UPKEEP.call_once(|| {
        // A thread of its own: it outlives any one runtime (the tests
        // start several).
        std::thread::Builder::new()
            .name("metrics-upkeep".into())
            .spawn(move || loop {
                std::thread::sleep(UPKEEP_EVERY);
                handle.run_upkeep();
            })
            .expect("a thread for the metrics' upkeep");
    });
}

/// A request's route as a label: its path with every run of digits as
/// `{n}` (`/fr/progress/{n}`), so that the labels stay few; answers not
/// found are all `unmatched`, whatever was asked.
pub fn route_label(path: &str, status: StatusCode) -> String {
    if status == StatusCode::NOT_FOUND {
        return "unmatched".to_owned();
    }
    let mut label = String::with_capacity(path.len());
    let mut in_digits = false;
    for c in path.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                label.push_str("{n}");
            }
            in_digits = true;
        } else {
            in_digits = false;
            label.push(c);
        }
    }
    label
}

/// The figures a kept answer adds to when the render cache sends it to a
/// `GET`: registered once, when it is kept, so that a hit counts without
/// building its labels again (the same series [`record`] counts into).
pub struct Answered {
    sent: metrics::Counter,
    not_modified: metrics::Counter,
    latency: metrics::Histogram,
    hits: metrics::Counter,
}

impl Answered {
    /// The series of a `GET` of `path` answered from the cache.
    pub fn of(path: &str) -> Self {
        let route = route_label(path, StatusCode::OK);
        let requests = |status: StatusCode| {
            metrics::counter!(
                "http_requests_total",
                "method" => "GET",
                "route" => route.clone(),
                "status" => status.as_str().to_owned()
            )
        };
        Answered {
            sent: requests(StatusCode::OK),
            not_modified: requests(StatusCode::NOT_MODIFIED),
            latency: metrics::histogram!(
                "http_request_duration_seconds",
                "method" => "GET",
                "route" => route.clone()
            ),
            hits: metrics::counter!("render_cache_requests_total", "result" => "hit"),
        }
    }

    /// A hit answered with `status` (200 or 304) after `elapsed`.
    pub fn hit(&self, status: StatusCode, elapsed: Duration) {
        self.hits.increment(1);
        if status == StatusCode::NOT_MODIFIED {
            self.not_modified.increment(1);
        } else {
            self.sent.increment(1);
        }
        self.latency.record(elapsed.as_secs_f64());
    }
}

/// A standard method's name without an allocation; any other is `other`
/// (the labels stay few).
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// The middleware: counts every request, times it, and logs it.
///
/// The log has one line per request (method, path, status, milliseconds),
/// written as one event without a span around the request: a span per
/// request cost the cached pages about a sixth of their rate, and the line
/// says what it would. The path only: a query string can hold what a form
/// typed (a redirect's error), which the log must not keep. Server errors
/// are logged as errors.
pub async fn record(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    let status = response.status();
    let route = route_label(&path, status);
    metrics::counter!(
        "http_requests_total",
        "method" => method,
        "route" => route.clone(),
        "status" => status.as_str().to_owned()
    )
    .increment(1);
    metrics::histogram!(
        "http_request_duration_seconds",
        "method" => method,
        "route" => route
    )
    .record(elapsed.as_secs_f64());
    let ms = format_args!("{:.3}", elapsed.as_secs_f64() * 1000.0);
    if status.is_server_error() {
        tracing::error!(target: "jalons::request", method, path, status = status.as_u16(), %ms, "request failed");
    } else {
        tracing::info!(target: "jalons::request", method, path, status = status.as_u16(), %ms, "request");
    }
    response
}

/// Whether `authorization` carries `token` as a bearer.
fn authorised(authorization: Option<&str>, token: &str) -> bool {
    let Some(given) = authorization.and_then(|a| a.strip_prefix("Bearer ")) else {
        return false;
    };
    // Digests compared, not the secrets: no early exit on the first
    // differing byte of the token.
    Sha256::digest(given.trim().as_bytes()) == Sha256::digest(token.as_bytes())
}

/// `GET /metrics`.
pub async fn metrics(State(state): State<AppState>, request: Request) -> Response {
    let authorization = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    match state.metrics_token.as_deref() {
        Some(token) if authorised(authorization, token) => {}
        _ => return StatusCode::NOT_FOUND.into_response(),
    }
    let pool = state.db.pool_use();
    metrics::gauge!("db_pool_connections", "state" => "idle").set(pool.idle as f64);
    metrics::gauge!("db_pool_connections", "state" => "in_use")
        .set(pool.open.saturating_sub(pool.idle) as f64);
    metrics::gauge!("db_pool_max_connections").set(pool.max as f64);
    (
        [
            (
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        handle().render(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_labelled_without_their_ids() {
        let ok = StatusCode::OK;
        assert_eq!(route_label("/fr/progress/12", ok), "/fr/progress/{n}");
        assert_eq!(
            route_label("/en/progress/3/charts/indicator-45.svg", ok),
            "/en/progress/{n}/charts/indicator-{n}.svg"
        );
        assert_eq!(route_label("/fr", ok), "/fr");
        assert_eq!(
            route_label("/wp-admin/1/anything", StatusCode::NOT_FOUND),
            "unmatched"
        );
    }

    #[test]
    fn only_the_token_opens_the_metrics() {
        assert!(authorised(Some("Bearer s3cret"), "s3cret"));
        assert!(!authorised(Some("Bearer s3cre"), "s3cret"));
        assert!(!authorised(Some("s3cret"), "s3cret"));
        assert!(!authorised(None, "s3cret"));
    }
}
