//! The render cache: what an anonymous reader is sent (public pages, open
//! data, charts, feeds) is rendered once per data version and day, kept
//! with its brotli and gzip forms, and answered with `ETag` and
//! `Last-Modified` (304 when the reader already has it).
//!
//! The data version lives in the database (`data_version`, bumped by every
//! write in its transaction). Each instance reads it every
//! [`POLL_INTERVAL`], so a write made through any instance that shares the
//! database reaches every instance's readers within a second.
//!
//! Each page is kept once, with the version it was rendered at. When the
//! version moves on, the first reader to ask renders the page again while
//! the others are still sent the rendering they had (stale while it is
//! renewed, for the time of one render): a write never makes every reader
//! wait, and a page is rendered at most once per version and poll, however
//! fast the writes come. The first rendering of a page is made once, the
//! readers who ask meanwhile waiting for it. A page that cannot be rendered
//! again for a server error (the database away, the server past capacity) is
//! still sent as kept, for at most [`STALE_IF_ERROR`] after its data changed.
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
use std::collections::HashSet;
use std::io::Write;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// How often each instance reads the data version.
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// The most bytes of bodies (all forms together) kept.
const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;

/// How long a page whose data has changed may still be sent while it cannot
/// be rendered again (the database away, the server past its capacity):
/// after that the reader gets the error, not a page that is ever older.
const STALE_IF_ERROR: Duration = Duration::from_secs(60);

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

/// Which page an entry is: the same address and day.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    /// Pages hold absolute addresses (`hreflang` links): one rendering per
    /// origin the site is reached by.
    origin: String,
    path_and_query: String,
    /// Pages say "today"; a new day is a new page.
    day: chrono::NaiveDate,
}

/// One rendering in its three encodings.
struct Entry {
    /// The data version it was rendered at (or after).
    version: i64,
    /// When a reader first found it older than the data.
    outdated_since: std::sync::OnceLock<std::time::Instant>,
    content_type: HeaderValue,
    /// The headers of every answer from it, 200 or 304: the rendering's own
    /// (`Content-Disposition`, `Link`…), its validators, the caching rules
    /// and the security headers, put together once.
    head: HeaderMap,
    etag: HeaderValue,
    last_modified: HeaderValue,
    /// The request figures its hits count into.
    answered: crate::prometheus::Answered,
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

/// The cache of one instance, and the data version it last read: one
/// shared allocation, so that the handle each request holds is one count.
#[derive(Clone)]
pub struct RenderCache(Arc<Shared>);

/// What the clones of a [`RenderCache`] share.
pub struct Shared {
    entries: quick_cache::sync::Cache<Key, Arc<Entry>, BySize>,
    version: AtomicI64,
    /// When this instance first saw the current version: its answers'
    /// `Last-Modified`.
    changed_at: Mutex<SystemTime>,
    /// The pages being rendered again for a newer version.
    renewing: Mutex<HashSet<Key>>,
}

impl std::ops::Deref for RenderCache {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The right to render a kept page again, held by one request at a time;
/// given back when dropped (rendered, not kept, or the request gone).
struct Renewal {
    cache: RenderCache,
    key: Key,
}

impl Renewal {
    fn claim(cache: &RenderCache, key: &Key) -> Option<Renewal> {
        let mut renewing = cache.renewing.lock().ok()?;
        renewing.insert(key.clone()).then(|| Renewal {
            cache: cache.clone(),
            key: key.clone(),
        })
    }
}

impl Drop for Renewal {
    fn drop(&mut self) {
        if let Ok(mut renewing) = self.cache.renewing.lock() {
            renewing.remove(&self.key);
        }
    }
}

impl RenderCache {
    /// A cache that starts at `version`.
    pub fn new(version: i64) -> Self {
        RenderCache(Arc::new(Shared {
            entries: quick_cache::sync::Cache::with_weighter(10_000, CAPACITY_BYTES, BySize),
            version: AtomicI64::new(version),
            changed_at: Mutex::new(SystemTime::now()),
            renewing: Mutex::default(),
        }))
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
        .any(|c| {
            c.trim()
                .strip_prefix(SESSION_COOKIE)
                .is_some_and(|rest| rest.starts_with('='))
        })
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

/// A page's `body` in brotli (quality 6 of 11) and gzip (best).
///
/// Brotli's encoder at quality 9 or 10 allocates 32 MiB of hash table for
/// every body it compresses, whatever its size, and at 7 or 8 16 MiB: each
/// write has the public pages compressed again, and the server's memory
/// swung by that much under the soak. At 6 the table is 2 MiB, the work a
/// third, for a few percent more bytes. (A window past 64 KiB keeps brotli
/// on that hasher; one sized to the body spares the ring buffer.)
pub fn compress(body: &[u8]) -> std::io::Result<(Bytes, Bytes)> {
    let window = (body.len() + 16)
        .next_power_of_two()
        .trailing_zeros()
        .clamp(17, 22);
    compress_with(body, 6, window)
}

/// `body` in brotli at `quality` with a window of 2^`window` bytes, and in
/// gzip (best).
pub fn compress_with(body: &[u8], quality: u32, window: u32) -> std::io::Result<(Bytes, Bytes)> {
    let mut brotli = Vec::with_capacity(body.len() / 4);
    {
        let mut writer = brotli::CompressorWriter::new(&mut brotli, 4096, quality, window);
        writer.write_all(body)?;
    }
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(body)?;
    Ok((Bytes::from(brotli), Bytes::from(gzip.finish()?)))
}

fn fill(
    path: &str,
    response_headers: &HeaderMap,
    body: Bytes,
    version: i64,
    last_modified: SystemTime,
) -> std::io::Result<Entry> {
    let (brotli, gzip) = compress(&body)?;
    let digest = Sha256::digest(&body);
    let etag = format!("\"{}\"", hex::encode(&digest[..12]));
    let mut head = response_headers.clone();
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
        head.remove(name);
    }
    let etag = HeaderValue::from_str(&etag).expect("hex is a valid header");
    let last_modified = HeaderValue::from_str(&httpdate::fmt_http_date(last_modified))
        .expect("an HTTP date is a valid header");
    head.insert(header::ETAG, etag.clone());
    head.insert(header::LAST_MODIFIED, last_modified.clone());
    head.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    head.insert(
        header::VARY,
        HeaderValue::from_static("accept-encoding, authorization, cookie"),
    );
    for (name, value) in crate::security::security_headers() {
        head.entry(name).or_insert(value);
    }
    Ok(Entry {
        version,
        outdated_since: std::sync::OnceLock::new(),
        head,
        content_type: response_headers
            .get(header::CONTENT_TYPE)
            .cloned()
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
        etag,
        last_modified,
        answered: crate::prometheus::Answered::of(path),
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

/// How an answer from the cache came to be, told in `X-Jalons-Cache`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Freshness {
    /// Kept at the current version.
    Hit,
    /// Kept at an older version, sent while another request renders it again.
    Stale,
    /// Rendered for this request.
    Miss,
}

fn respond(request: &HeaderMap, entry: &Entry, freshness: Freshness) -> Response {
    let mut headers = entry.head.clone();
    headers.insert(
        "x-jalons-cache",
        HeaderValue::from_static(match freshness {
            Freshness::Hit => "hit",
            Freshness::Stale => "stale",
            Freshness::Miss => "miss",
        }),
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
    let version = cache.version.load(Ordering::Acquire);
    // A page not kept yet is rendered once: the requests for it meanwhile
    // wait for that render (after a restart every reader of the home page
    // would otherwise render it at once). A page kept at an older version is
    // rendered again by one request while the others get the kept one.
    let mut first = None;
    let mut renewal = None;
    let mut kept = None;
    match cache.entries.get_value_or_guard_async(&key).await {
        Ok(entry) if entry.version == version => {
            metrics::counter!("render_cache_requests_total", "result" => "hit").increment(1);
            return respond(request.headers(), &entry, Freshness::Hit);
        }
        Ok(entry) => {
            entry.outdated_since.get_or_init(std::time::Instant::now);
            match Renewal::claim(&cache, &key) {
                Some(claim) => {
                    renewal = Some(claim);
                    kept = Some(entry);
                }
                None => {
                    metrics::counter!("render_cache_requests_total", "result" => "stale")
                        .increment(1);
                    return respond(request.headers(), &entry, Freshness::Stale);
                }
            }
        }
        Err(guard) => first = Some(guard),
    }
    // Only what is rendered needs the request's headers kept past it.
    let headers = request.headers().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    if !cacheable_response(&response) {
        // The page could not be rendered again for now (the server is past
        // its capacity, the database away): the kept one is still the best
        // answer. A page gone or refused (404, 401) is not: it is sent.
        if let Some(entry) = kept.as_ref().filter(|entry| {
            response.status().is_server_error()
                && entry
                    .outdated_since
                    .get()
                    .is_some_and(|since| since.elapsed() < STALE_IF_ERROR)
        }) {
            metrics::counter!("render_cache_requests_total", "result" => "stale").increment(1);
            return respond(&headers, entry, Freshness::Stale);
        }
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
    match fill(
        &path,
        &parts.headers,
        body.clone(),
        version,
        cache.last_modified(),
    ) {
        Ok(entry) => {
            let entry = Arc::new(entry);
            // The waiters get it; a guard dropped unfilled (an answer not to
            // keep) lets the next of them render its own, and a renewal
            // given back unfilled lets the next reader try again.
            match first {
                Some(guard) => {
                    let _ = guard.insert(entry.clone());
                }
                None => cache.entries.insert(key, entry.clone()),
            }
            drop(renewal);
            respond(&headers, &entry, Freshness::Miss)
        }
        Err(error) => {
            tracing::error!(%error, "compression failed");
            Response::from_parts(parts, Body::from(body))
        }
    }
}

/// The site behind the render cache's front door: a request whose answer
/// is kept, current, is sent from here, before the site's own layers
/// (request log, panic guard, security headers: the entry already holds
/// them) and routing; any other goes through the whole site, where
/// [`serve`] renders, keeps, renews or waits.
///
/// Hits are counted in the request figures (`/metrics`) like any answer,
/// and logged at `debug` only (target `jalons::request`): one line for each
/// of tens of thousands of identical answers a second would cost a quarter
/// of their time, and tell nothing that the figures do not.
#[derive(Clone)]
pub struct Front {
    cache: RenderCache,
    site: axum::Router,
    https: bool,
}

impl Front {
    /// `site` behind `cache`; `https` adds `Strict-Transport-Security`.
    pub fn new(cache: RenderCache, site: axum::Router, https: bool) -> Self {
        Front { cache, site, https }
    }

    /// The kept answer to `request`, when there is one for the current
    /// version.
    fn hit(&self, request: &Request) -> Option<Response> {
        let started = std::time::Instant::now();
        if !cacheable_request(request) {
            return None;
        }
        let entry = self.cache.entries.get(&self.cache.key(request))?;
        if entry.version != self.cache.version.load(Ordering::Acquire) {
            return None;
        }
        let mut response = respond(request.headers(), &entry, Freshness::Hit);
        if self.https {
            response.headers_mut().insert(
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static(crate::security::HSTS),
            );
        }
        let status = response.status();
        entry.answered.hit(status, started.elapsed());
        tracing::debug!(target: "jalons::request", method = "GET", path = request.uri().path(),
            status = status.as_u16(), "request answered from the render cache");
        Some(response)
    }
}

impl tower::Service<Request> for Front {
    type Response = Response;
    type Error = std::convert::Infallible;
    type Future = futures_util::future::Either<
        std::future::Ready<Result<Response, std::convert::Infallible>>,
        tower::util::Oneshot<axum::Router, Request>,
    >;

    fn poll_ready(
        &mut self,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        // The site is made ready with each request it is given (oneshot).
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        use futures_util::future::Either;
        use tower::ServiceExt;
        match self.hit(&request) {
            Some(response) => Either::Left(std::future::ready(Ok(response))),
            None => Either::Right(self.site.clone().oneshot(request)),
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

    /// `/fr` answered by `page`, behind the render cache `cache`.
    fn cached(page: axum::routing::MethodRouter, cache: RenderCache) -> axum::Router {
        axum::Router::new()
            .route("/fr", page)
            .layer(axum::middleware::from_fn_with_state(cache, serve))
    }

    /// What a reader of `/fr` got, and how long it took.
    #[derive(Debug)]
    struct Answer {
        status: StatusCode,
        cache: Option<String>,
        body: String,
        took: Duration,
    }

    async fn ask(app: axum::Router) -> Answer {
        use tower::ServiceExt;
        let request = Request::builder().uri("/fr").body(Body::empty()).unwrap();
        let started = std::time::Instant::now();
        let response = app.oneshot(request).await.unwrap();
        let status = response.status();
        let cache = response
            .headers()
            .get("x-jalons-cache")
            .map(|v| v.to_str().unwrap().to_owned());
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        Answer {
            status,
            cache,
            body: String::from_utf8(body.to_vec()).unwrap(),
            took: started.elapsed(),
        }
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
            "/fr",
            &headers(&[("content-type", "text/html")]),
            Bytes::from_static(b"page"),
            1,
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
        let renders = Arc::new(AtomicUsize::new(0));
        let counted = renders.clone();
        let app = cached(
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
            RenderCache::new(1),
        );
        let mut readers = tokio::task::JoinSet::new();
        for _ in 0..20 {
            readers.spawn(ask(app.clone()));
        }
        while let Some(answer) = readers.join_next().await {
            let answer = answer.unwrap();
            assert_eq!(answer.status, StatusCode::OK);
            assert_eq!(answer.body, "<p>page</p>");
        }
        assert_eq!(renders.load(Ordering::SeqCst), 1);
    }

    /// After a write, readers do not wait for the page to be rendered again:
    /// one of them renders it, the others get the kept one meanwhile, and the
    /// next reader gets the new one.
    #[tokio::test]
    async fn a_page_of_an_older_version_is_sent_while_one_reader_renews_it() {
        use std::sync::atomic::AtomicUsize;
        let renders = Arc::new(AtomicUsize::new(0));
        let counted = renders.clone();
        let cache = RenderCache::new(1);
        let app = cached(
            axum::routing::get(move || {
                let counted = counted.clone();
                async move {
                    let n = counted.fetch_add(1, Ordering::SeqCst) + 1;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    (
                        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                        format!("<p>rendering {n}</p>"),
                    )
                }
            }),
            cache.clone(),
        );
        let first = ask(app.clone()).await;
        assert_eq!(
            (first.cache.as_deref(), first.body.as_str()),
            (Some("miss"), "<p>rendering 1</p>")
        );

        cache.observe(2);
        let mut readers = tokio::task::JoinSet::new();
        for _ in 0..20 {
            readers.spawn(ask(app.clone()));
        }
        let mut answers = Vec::new();
        while let Some(answer) = readers.join_next().await {
            answers.push(answer.unwrap());
        }
        let miss = |a: &&Answer| a.cache.as_deref() == Some("miss");
        let renewed: Vec<_> = answers.iter().filter(miss).collect();
        assert_eq!(renewed.len(), 1, "{answers:?}");
        assert_eq!(renewed[0].body, "<p>rendering 2</p>");
        for answer in answers.iter().filter(|a| !miss(a)) {
            assert_eq!(
                (answer.cache.as_deref(), answer.body.as_str()),
                (Some("stale"), "<p>rendering 1</p>")
            );
            assert!(
                answer.took < Duration::from_millis(150),
                "a stale answer waited {:?}",
                answer.took
            );
        }

        let next = ask(app.clone()).await;
        assert_eq!(
            (next.cache.as_deref(), next.body.as_str()),
            (Some("hit"), "<p>rendering 2</p>")
        );
        assert_eq!(renders.load(Ordering::SeqCst), 2);
    }

    /// A page that cannot be rendered again for now (503) is answered with
    /// the rendering kept; one that is gone (404) is answered as gone.
    #[tokio::test]
    async fn a_page_not_renewed_for_a_server_error_is_sent_as_kept_but_a_gone_one_is_not() {
        use std::sync::atomic::AtomicU16;
        let answer = Arc::new(AtomicU16::new(200));
        let given = answer.clone();
        let cache = RenderCache::new(1);
        let app = cached(
            axum::routing::get(move || {
                let status = StatusCode::from_u16(given.load(Ordering::SeqCst)).unwrap();
                async move {
                    (
                        status,
                        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                        format!("<p>{status}</p>"),
                    )
                }
            }),
            cache.clone(),
        );
        assert_eq!(ask(app.clone()).await.status, StatusCode::OK);

        answer.store(503, Ordering::SeqCst);
        cache.observe(2);
        let kept = ask(app.clone()).await;
        assert_eq!(kept.status, StatusCode::OK);
        assert_eq!(kept.cache.as_deref(), Some("stale"));
        assert_eq!(kept.body, "<p>200 OK</p>");

        answer.store(404, Ordering::SeqCst);
        let gone = ask(app.clone()).await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND);
        assert_eq!(gone.cache, None);
    }
}
