//! The render cache: what an anonymous reader is sent (public pages, open
//! data, charts, feeds) is rendered once per data version and day, kept
//! with its brotli and gzip forms, and answered with `ETag` and
//! `Last-Modified` (304 when the reader already has it).
//!
//! The data version lives in the database (`data_version`, bumped by every
//! write in its transaction). Each instance reads it every
//! [`POLL_INTERVAL`], so a write made through any instance that shares the
//! database reaches every instance's readers within a second: entries are
//! keyed by the version, and older ones are simply no longer asked for
//! (the cache evicts them by size).
//!
//! Only requests that cannot depend on who asks are cached: `GET` without a
//! session cookie and without an `Authorization` header, answered 200 with
//! a cacheable type. Everything else passes through untouched.

use app::store::Db;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// How often each instance reads the data version.
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// The most bytes of bodies (all forms together) kept.
const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;

/// The largest body cached; larger ones are sent as rendered.
const LARGEST_BODY: usize = 4 * 1024 * 1024;

/// The session cookie's name (see `app::auth`).
const SESSION_COOKIE: &str = "jalons_session";

/// What a shared cache (a CDN) and the browser may do with an answer:
/// keep it, but ask again (conditionally) after a second at most, so a
/// write is seen within a second there too.
pub const CACHE_CONTROL: &str = "public, max-age=0, s-maxage=1, must-revalidate";

/// The types worth caching.
const CACHEABLE_TYPES: [&str; 6] = [
    "text/html",
    "application/json",
    "text/csv",
    "image/svg+xml",
    "application/atom+xml",
    "application/xml",
];

/// Which rendering an entry is: the same address, data and day.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    /// Pages hold absolute addresses (`hreflang` links): one rendering per
    /// origin the site is reached by.
    origin: String,
    path_and_query: String,
    version: i64,
    /// Pages say "today"; a new day is a new rendering.
    day: chrono::NaiveDate,
}

/// One rendering in its three encodings.
struct Entry {
    content_type: HeaderValue,
    /// The rendering's other headers (`Content-Disposition`, `Link`…).
    extra: HeaderMap,
    etag: HeaderValue,
    last_modified: HeaderValue,
    identity: Bytes,
    brotli: Bytes,
    gzip: Bytes,
}

impl Entry {
    fn size(&self) -> u64 {
        (self.identity.len() + self.brotli.len() + self.gzip.len()) as u64
    }
}

#[derive(Clone)]
struct BySize;

impl quick_cache::Weighter<Key, Arc<Entry>> for BySize {
    fn weight(&self, _key: &Key, entry: &Arc<Entry>) -> u64 {
        entry.size().max(1)
    }
}

/// The cache of one instance, and the data version it last read.
#[derive(Clone)]
pub struct RenderCache {
    entries: Arc<quick_cache::sync::Cache<Key, Arc<Entry>, BySize>>,
    version: Arc<AtomicI64>,
    /// When this instance first saw the current version: its answers'
    /// `Last-Modified`.
    changed_at: Arc<Mutex<SystemTime>>,
}

impl RenderCache {
    /// A cache that starts at `version`.
    pub fn new(version: i64) -> Self {
        RenderCache {
            entries: Arc::new(quick_cache::sync::Cache::with_weighter(
                10_000,
                CAPACITY_BYTES,
                BySize,
            )),
            version: Arc::new(AtomicI64::new(version)),
            changed_at: Arc::new(Mutex::new(SystemTime::now())),
        }
    }

    /// A cache that follows the database's data version, read now and
    /// every [`POLL_INTERVAL`]. A database that does not answer yet is no
    /// reason not to start: the version is read again at the next tick.
    pub async fn start(db: &Db) -> Self {
        let version = match db.data_version().await {
            Ok(version) => version,
            Err(error) => {
                tracing::warn!(%error, "data version unreadable at start");
                -1
            }
        };
        let cache = RenderCache::new(version);
        let polled = cache.clone();
        let db = db.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(POLL_INTERVAL);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                match db.data_version().await {
                    Ok(version) => polled.observe(version),
                    // The database is away: keep serving what is known.
                    Err(error) => tracing::debug!(%error, "data version unreadable"),
                }
            }
        });
        cache
    }

    /// Records the data version read from the database.
    pub fn observe(&self, version: i64) {
        if self.version.swap(version, Ordering::AcqRel) != version {
            if let Ok(mut at) = self.changed_at.lock() {
                *at = SystemTime::now();
            }
        }
    }

    fn key(&self, request: &Request) -> Key {
        Key {
            origin: app::language::origin(request.headers()),
            path_and_query: request
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            version: self.version.load(Ordering::Acquire),
            day: chrono::Utc::now().date_naive(),
        }
    }

    fn last_modified(&self) -> SystemTime {
        self.changed_at
            .lock()
            .map(|at| *at)
            .unwrap_or_else(|_| SystemTime::now())
    }
}

/// A request whose answer does not depend on who sends it.
fn cacheable_request(request: &Request) -> bool {
    if request.method() != Method::GET || request.headers().contains_key(header::AUTHORIZATION) {
        return false;
    }
    let path = request.uri().path();
    if path.starts_with("/fn/") || path == "/healthz" || path.starts_with("/pkg/") {
        return false;
    }
    !request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| c.trim().starts_with(&format!("{SESSION_COOKIE}=")))
}

/// An answer that may be kept for everyone.
fn cacheable_response(response: &Response) -> bool {
    response.status() == StatusCode::OK
        && !response.headers().contains_key(header::SET_COOKIE)
        && response
            .headers()
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_none_or(|v| !v.contains("no-store") && !v.contains("private"))
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| CACHEABLE_TYPES.iter().any(|c| t.starts_with(c)))
}

/// The encodings a request accepts, by preference: brotli, gzip, identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

fn accepted(headers: &HeaderMap) -> Encoding {
    let accepts = |name: &str| {
        headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|item| {
                let mut parts = item.split(';');
                let coding = parts.next().unwrap_or("").trim();
                let refused = parts.any(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q == 0.0)
                });
                coding.eq_ignore_ascii_case(name) && !refused
            })
    };
    if accepts("br") {
        Encoding::Brotli
    } else if accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// `body` in brotli (quality 9 of 11: nearly the smallest, at a fraction
/// of the time) and gzip (best).
pub fn compress(body: &[u8]) -> std::io::Result<(Bytes, Bytes)> {
    let mut brotli = Vec::with_capacity(body.len() / 4);
    {
        let mut writer = brotli::CompressorWriter::new(&mut brotli, 4096, 9, 22);
        writer.write_all(body)?;
    }
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(body)?;
    Ok((Bytes::from(brotli), Bytes::from(gzip.finish()?)))
}

fn fill(
    response_headers: &HeaderMap,
    body: Bytes,
    last_modified: SystemTime,
) -> std::io::Result<Entry> {
    let (brotli, gzip) = compress(&body)?;
    let digest = Sha256::digest(&body);
    let etag = format!("\"{}\"", hex::encode(&digest[..12]));
    let mut extra = response_headers.clone();
    for name in [
        header::CONTENT_TYPE,
        header::CONTENT_LENGTH,
        header::CONTENT_ENCODING,
        header::TRANSFER_ENCODING,
        header::ETAG,
        header::LAST_MODIFIED,
        header::CACHE_CONTROL,
        header::VARY,
        header::DATE,
    ] {
        extra.remove(name);
    }
    Ok(Entry {
        extra,
        content_type: response_headers
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
        etag: HeaderValue::from_str(&etag).expect("hex is a valid header"),
        last_modified: HeaderValue::from_str(&httpdate::fmt_http_date(last_modified))
            .expect("an HTTP date is a valid header"),
        identity: body,
        brotli,
        gzip,
    })
}

/// Whether the reader's copy is current: `If-None-Match` when sent, else
/// `If-Modified-Since`.
fn not_modified(request: &HeaderMap, entry: &Entry) -> bool {
    if let Some(tags) = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        let etag = entry.etag.to_str().unwrap_or_default();
        return tags
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == "*" || t == etag);
    }
    let since = request
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok());
    let modified = entry
        .last_modified
        .to_str()
        .ok()
        .and_then(|v| httpdate::parse_http_date(v).ok());
    matches!((since, modified), (Some(since), Some(modified)) if modified <= since)
}

fn respond(request: &HeaderMap, entry: &Entry, hit: bool) -> Response {
    let mut headers = entry.extra.clone();
    headers.insert(header::ETAG, entry.etag.clone());
    headers.insert(header::LAST_MODIFIED, entry.last_modified.clone());
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    headers.insert(
        header::VARY,
        HeaderValue::from_static("accept-encoding, authorization, cookie"),
    );
    headers.insert(
        "x-jalons-cache",
        HeaderValue::from_static(if hit { "hit" } else { "miss" }),
    );
    if not_modified(request, entry) {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    headers.insert(header::CONTENT_TYPE, entry.content_type.clone());
    let body = match accepted(request) {
        Encoding::Brotli => {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            entry.brotli.clone()
        }
        Encoding::Gzip => {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            entry.gzip.clone()
        }
        Encoding::Identity => entry.identity.clone(),
    };
    (StatusCode::OK, headers, Body::from(body)).into_response()
}

/// The middleware: answers from the cache, or renders, keeps and answers.
pub async fn serve(State(cache): State<RenderCache>, request: Request, next: Next) -> Response {
    if !cacheable_request(&request) {
        metrics::counter!("render_cache_requests_total", "result" => "bypass").increment(1);
        return next.run(request).await;
    }
    let key = cache.key(&request);
    let headers = request.headers().clone();
    // One render per key: the requests for a page that is being rendered
    // wait for that render instead of each starting their own (after a write
    // every reader of the home page would otherwise render it at once).
    let guard = match cache.entries.get_value_or_guard_async(&key).await {
        Ok(entry) => {
            metrics::counter!("render_cache_requests_total", "result" => "hit").increment(1);
            return respond(&headers, &entry, true);
        }
        Err(guard) => guard,
    };
    let response = next.run(request).await;
    if !cacheable_response(&response) {
        metrics::counter!("render_cache_requests_total", "result" => "not_cacheable").increment(1);
        return response;
    }
    metrics::counter!("render_cache_requests_total", "result" => "miss").increment(1);
    metrics::gauge!("render_cache_bytes").set(cache.entries.weight() as f64);
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, LARGEST_BODY).await {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%error, "response body unreadable or over the cache's limit");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    match fill(&parts.headers, body.clone(), cache.last_modified()) {
        Ok(entry) => {
            let entry = Arc::new(entry);
            // The waiters get it; a guard dropped unfilled (an answer not to
            // keep) lets the next of them render its own.
            let _ = guard.insert(entry.clone());
            respond(&headers, &entry, false)
        }
        Err(error) => {
            tracing::error!(%error, "compression failed");
            Response::from_parts(parts, Body::from(body))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(
                header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        map
    }

    #[test]
    fn the_best_accepted_encoding_is_chosen() {
        assert_eq!(
            accepted(&headers(&[("accept-encoding", "gzip, deflate, br")])),
            Encoding::Brotli
        );
        assert_eq!(
            accepted(&headers(&[("accept-encoding", "gzip")])),
            Encoding::Gzip
        );
        assert_eq!(
            accepted(&headers(&[("accept-encoding", "br;q=0, gzip;q=0.5")])),
            Encoding::Gzip
        );
        assert_eq!(accepted(&headers(&[])), Encoding::Identity);
        assert_eq!(
            accepted(&headers(&[("accept-encoding", "identity")])),
            Encoding::Identity
        );
    }

    #[test]
    fn both_compressed_forms_decode_to_the_body() {
        use std::io::Read;
        let body = "<p>Jalons</p>".repeat(500);
        let (br, gz) = compress(body.as_bytes()).unwrap();
        let mut out = String::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, body);
        out.clear();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, body);
        assert!(br.len() < body.len() / 10);
    }

    #[test]
    fn validators_answer_not_modified() {
        let entry = fill(
            &headers(&[("content-type", "text/html")]),
            Bytes::from_static(b"page"),
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        )
        .unwrap();
        let etag = entry.etag.to_str().unwrap().to_owned();
        assert!(not_modified(&headers(&[("if-none-match", &etag)]), &entry));
        assert!(not_modified(
            &headers(&[("if-none-match", &format!("W/{etag}, \"x\""))]),
            &entry
        ));
        assert!(!not_modified(
            &headers(&[("if-none-match", "\"other\"")]),
            &entry
        ));
        let lm = entry.last_modified.to_str().unwrap().to_owned();
        assert!(not_modified(
            &headers(&[("if-modified-since", &lm)]),
            &entry
        ));
        assert!(!not_modified(
            &headers(&[("if-modified-since", "Mon, 01 Jan 2001 00:00:00 GMT")]),
            &entry
        ));
        // An entity tag that does not match wins over a date that would.
        assert!(!not_modified(
            &headers(&[("if-none-match", "\"other\""), ("if-modified-since", &lm)]),
            &entry
        ));
    }

    /// Readers who ask for a page that is not kept yet, all at once: it is
    /// rendered once, and every one of them gets it.
    #[tokio::test]
    async fn a_page_asked_for_at_once_is_rendered_once() {
        use std::sync::atomic::AtomicUsize;
        use tower::ServiceExt;
        let renders = Arc::new(AtomicUsize::new(0));
        let counted = renders.clone();
        let app = axum::Router::new()
            .route(
                "/fr",
                axum::routing::get(move || {
                    let counted = counted.clone();
                    async move {
                        counted.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        (
                            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                            "<p>page</p>",
                        )
                    }
                }),
            )
            .layer(axum::middleware::from_fn_with_state(
                RenderCache::new(1),
                serve,
            ));
        let mut readers = tokio::task::JoinSet::new();
        for _ in 0..20 {
            let app = app.clone();
            readers.spawn(async move {
                let request = Request::builder().uri("/fr").body(Body::empty()).unwrap();
                let response = app.oneshot(request).await.unwrap();
                let status = response.status();
                let body = axum::body::to_bytes(response.into_body(), 1 << 16)
                    .await
                    .unwrap();
                (status, body)
            });
        }
        while let Some(answer) = readers.join_next().await {
            let (status, body) = answer.unwrap();
            assert_eq!(status, StatusCode::OK);
            assert_eq!(&body[..], b"<p>page</p>");
        }
        assert_eq!(renders.load(Ordering::SeqCst), 1);
    }
}
