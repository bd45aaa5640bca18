//! The API's per-address rate limit (governor's keyed token bucket, through
//! tower_governor): a client that asks faster than the configured rate, past
//! a burst, is answered 429 with `Retry-After` until its bucket refills.
//!
//! It guards the work, not the reading: the layer sits inside the render
//! cache, so open data answered from the cache never counts.

use app::state::ApiRate;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::{GovernorError, GovernorLayer};

/// How often addresses whose buckets are full again are forgotten.
const FORGET_EVERY: Duration = Duration::from_secs(60);

/// Whom a request counts against: the connection's address or, behind a
/// reverse proxy (`--behind-proxy`), the `X-Real-IP` it sets. Never
/// `X-Forwarded-For`'s first entry, which any client may write.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddress {
    pub behind_proxy: bool,
}

impl KeyExtractor for ClientAddress {
    type Key = IpAddr;

    fn extract<T>(&self, request: &Request<T>) -> Result<IpAddr, GovernorError> {
        let forwarded = self
            .behind_proxy
            .then(|| request.headers().get("x-real-ip"))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        forwarded
            .or_else(|| {
                request
                    .extensions()
                    .get::<ConnectInfo<SocketAddr>>()
                    .map(|c| c.0.ip())
            })
            .ok_or(GovernorError::UnableToExtractKey)
    }
}

/// The layer for `rate`; starts the task that forgets idle addresses.
pub fn layer(
    rate: ApiRate,
    behind_proxy: bool,
) -> GovernorLayer<ClientAddress, governor::middleware::NoOpMiddleware, Body> {
    let config = GovernorConfigBuilder::default()
        .period(Duration::from_secs_f64(
            1.0 / f64::from(rate.per_second.max(1)),
        ))
        .burst_size(rate.burst.max(1))
        .key_extractor(ClientAddress { behind_proxy })
        .finish()
        .expect("a rate and a burst above zero");
    let config = Arc::new(config);
    let limiter = config.limiter().clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(FORGET_EVERY);
        loop {
            tick.tick().await;
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    });
    GovernorLayer::new(config).error_handler(refusal)
}

/// 429 in the API's error shape, with how long to wait.
fn refusal(error: GovernorError) -> Response {
    let (status, code, message, wait) = match error {
        GovernorError::TooManyRequests { wait_time, .. } => (
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            format!("too many requests from this address: retry in {wait_time} s"),
            Some(wait_time),
        ),
        GovernorError::UnableToExtractKey | GovernorError::Other { .. } => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the client's address is unknown".to_owned(),
            None,
        ),
    };
    let mut response = super::error_response(status, code, message);
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(wait) = wait {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(wait.max(1)));
    }
    response
}
