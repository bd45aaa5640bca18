//! What a client may send: bodies within a size and a time, from this site
//! only for writes; and what every answer carries (security headers).

mod common;

use common::TestApp;
use reqwest::header;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A raw HTTP/1.1 exchange: `head` sent, then `body` after `pause`, while
/// the answer is read (the server may answer before the body is all sent);
/// the status and the answer.
async fn exchange(app: &TestApp, head: &str, pause: Duration, body: &[u8]) -> (u16, String) {
    let stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let (head, body) = (head.as_bytes().to_vec(), body.to_vec());
    let sending = tokio::spawn(async move {
        writer.write_all(&head).await?;
        tokio::time::sleep(pause).await;
        writer.write_all(&body).await?;
        // Half-closed: the answer still comes back.
        std::future::pending::<()>().await;
        Ok::<_, std::io::Error>(writer)
    });
    let mut answer = Vec::new();
    let mut buf = [0; 8192];
    let deadline = Instant::now() + Duration::from_secs(20);
    // Up to the end of the answer's head and its short body, or the close.
    loop {
        let read = tokio::time::timeout_at(deadline.into(), reader.read(&mut buf))
            .await
            .expect("an answer within 20 s");
        match read {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
        }
        let text = String::from_utf8_lossy(&answer);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length: ")
                        .map(str::to_owned)
                })
                .and_then(|v| v.trim().parse::<usize>().ok());
            if length.is_some_and(|n| answer.len() >= end + 4 + n) {
                break;
            }
        }
    }
    sending.abort();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a status line in {answer:?}"));
    (status, answer)
}

fn post_head(app: &TestApp, path: &str, length: usize) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nOrigin: http://{}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\n\r\n",
        app.addr, app.addr
    )
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_and_reaches_no_handler() {
    let app = TestApp::spawn().await;
    let limit = jalons_server::security::BODY_LIMIT;

    // Declared too large: refused before a byte of it is read.
    let (status, answer) = exchange(
        &app,
        &post_head(&app, "/fn/sign_in", limit + 1),
        Duration::ZERO,
        b"",
    )
    .await;
    assert_eq!(status, 413, "{answer}");
    assert!(
        answer.contains(&format!("request body over the limit of {limit} bytes")),
        "{answer}"
    );

    // Sent in chunks without a length: refused once the limit is passed.
    let head = format!(
        "POST /api/v1/initiatives HTTP/1.1\r\nHost: {}\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        app.addr
    );
    let mut chunked = Vec::new();
    for _ in 0..(limit / (64 * 1024) + 2) {
        chunked.extend_from_slice(format!("{:x}\r\n", 64 * 1024).as_bytes());
        chunked.extend(std::iter::repeat_n(b' ', 64 * 1024));
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let (status, answer) = exchange(&app, &head, Duration::ZERO, &chunked).await;
    assert_eq!(status, 413, "{answer}");

    // The import form takes a file up to the importer's limit…
    let boundary = "jalons-test-boundary";
    let mut form = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    form.extend(std::iter::repeat_n(b'a', limit + 1));
    form.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let head = format!(
        "POST /fn/stage_import HTTP/1.1\r\nHost: {}\r\nOrigin: http://{}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\r\n",
        app.addr,
        app.addr,
        form.len()
    );
    let (status, answer) = exchange(&app, &head, Duration::ZERO, &form).await;
    // …and reaches its handler, which refuses an anonymous import.
    assert!(status != 413 && status < 500, "{answer}");

    // …sent as a multipart form only: anything else is refused plainly
    // (the server-function layer would fail on it).
    let (status, answer) = exchange(
        &app,
        &post_head(&app, "/fn/stage_import", 10),
        Duration::ZERO,
        b"file=a.csv",
    )
    .await;
    assert_eq!(status, 415, "{answer}");
    assert!(answer.contains("multipart/form-data"), "{answer}");
}

#[tokio::test]
async fn a_body_slower_than_the_deadline_is_408() {
    let app =
        TestApp::spawn_with(|state| state.settings.body_deadline = Duration::from_secs(1)).await;
    let body = b"email=a%40b.example&password=x";

    let started = Instant::now();
    let (status, answer) = exchange(
        &app,
        &post_head(&app, "/fn/sign_in", body.len()),
        Duration::from_secs(3),
        body,
    )
    .await;
    assert_eq!(status, 408, "{answer}");
    assert!(
        answer.contains("request body not received within 1 s"),
        "{answer}"
    );
    assert!(started.elapsed() < Duration::from_secs(10));

    // In time, the same request reaches its handler.
    let (status, answer) = exchange(
        &app,
        &post_head(&app, "/fn/sign_in", body.len()),
        Duration::from_millis(100),
        body,
    )
    .await;
    assert!(status != 408 && status != 413, "{answer}");
}

#[tokio::test]
async fn strict_transport_security_when_served_over_https() {
    let plain = TestApp::spawn().await;
    let https = TestApp::spawn_with(|state| state.settings.secure_cookies = true).await;

    // Each asked twice: rendered, then (pages and open data) sent from the
    // render cache, which answers before the site's own layers.
    for (path, kept) in [
        ("/healthz", false),
        ("/fr", true),
        ("/api/v1/initiatives", true),
    ] {
        for round in ["rendered", "again"] {
            let response = plain.get(path).await;
            assert!(
                !response
                    .headers()
                    .contains_key(header::STRICT_TRANSPORT_SECURITY),
                "{path}, {round}"
            );
            let response = https.get(path).await;
            assert_eq!(
                response.headers()[header::STRICT_TRANSPORT_SECURITY],
                "max-age=63072000",
                "{path}, {round}"
            );
            for name in [
                "x-content-type-options",
                "x-frame-options",
                "referrer-policy",
                "permissions-policy",
                "content-security-policy",
            ] {
                assert_eq!(
                    response.headers().get_all(name).iter().count(),
                    1,
                    "{path}, {round}: {name}"
                );
            }
            let cache = response.headers().get("x-jalons-cache");
            if round == "again" && kept {
                assert_eq!(cache.unwrap(), "hit", "{path}");
            }
        }
    }
}

#[tokio::test]
async fn the_api_answers_429_past_its_rate_and_the_cache_still_answers() {
    use app::state::ApiRate;
    let app = TestApp::spawn_with(|state| {
        state.settings.api_rate = ApiRate {
            per_second: 1,
            burst: 3,
        }
    })
    .await;
    let post = || async {
        app.client
            .post(app.url("/api/v1/initiatives"))
            .header(header::CONTENT_TYPE, "application/json")
            .body("{}")
            .send()
            .await
            .unwrap()
    };

    // Rendered once (it counts), then kept by the render cache.
    let listed = app.get("/api/v1/initiatives").await;
    assert_eq!(listed.status(), reqwest::StatusCode::OK);
    assert_eq!(post().await.status(), reqwest::StatusCode::UNAUTHORIZED);
    assert_eq!(post().await.status(), reqwest::StatusCode::UNAUTHORIZED);

    let refused = post().await;
    assert_eq!(refused.status(), reqwest::StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = refused.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&wait), "Retry-After: {wait}");
    let body: serde_json::Value = serde_json::from_str(&refused.text().await.unwrap()).unwrap();
    assert_eq!(body["code"], "too_many_requests");
    assert!(body["message"].as_str().unwrap().contains("retry in"));

    // Open data the cache holds is still served to the same address.
    let again = app.get("/api/v1/initiatives").await;
    assert_eq!(again.status(), reqwest::StatusCode::OK);
    assert_eq!(again.headers()["x-jalons-cache"], "hit");

    // The bucket refills at the rate.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(post().await.status(), reqwest::StatusCode::UNAUTHORIZED);
}

/// A client that sends its headers slowly (or nothing at all) has its
/// connection closed at the header deadline; the server keeps serving the
/// others meanwhile.
#[tokio::test]
async fn slow_headers_get_the_connection_closed_at_the_deadline() {
    let app = TestApp::spawn_with(|state| {
        state.settings.header_deadline = Duration::from_millis(500);
    })
    .await;
    let mut silent = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let mut slow = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let started = Instant::now();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    // One more header line a while later, never the blank line that ends them.
    tokio::time::sleep(Duration::from_millis(200)).await;
    slow.write_all(b"X-Slow: 1\r\n").await.unwrap();

    // Meanwhile, a request sent at a normal pace is answered.
    assert_eq!(app.get("/healthz").await.status(), 200);

    for (name, stream) in [("slow", &mut slow), ("silent", &mut silent)] {
        let mut answer = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer))
            .await
            .unwrap_or_else(|_| panic!("the {name} connection is still open after 10 s"));
        // Closed (a reset counts), with at most a 408 and never a 200.
        if read.is_ok() {
            let text = String::from_utf8_lossy(&answer);
            assert!(
                text.is_empty() || text.starts_with("HTTP/1.1 408"),
                "{name}: {text}"
            );
        }
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "closed at the deadline, not after {:?}",
        started.elapsed()
    );
}

/// Past its capacity the server answers 503 at once, with `Retry-After`,
/// instead of queueing; what the render cache holds is still served, and
/// once the work in hand is done, requests are served again.
#[tokio::test]
async fn past_capacity_requests_get_503_at_once_and_cached_pages_still_come() {
    let app = TestApp::spawn_with(|state| {
        state.settings.max_in_flight = 1;
        state.settings.body_deadline = Duration::from_secs(2);
    })
    .await;
    // In the cache before the server gets busy.
    assert_eq!(app.get("/api/v1/initiatives").await.status(), 200);

    // The one request the server may work on: a body that never ends.
    let mut busy = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    busy.write_all(
        b"POST /api/v1/initiatives HTTP/1.1\r\nHost: 127.0.0.1\r\n\
          Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    let started = Instant::now();
    let refused = app.get("/api/v1/initiatives?as_of=2020-01-01").await;
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "refused at once"
    );
    assert_eq!(refused.status(), 503);
    assert_eq!(refused.headers()[header::RETRY_AFTER], "1");
    let body: serde_json::Value = serde_json::from_str(&refused.text().await.unwrap()).unwrap();
    assert_eq!(body["code"], "overloaded", "{body}");
    let page = app.get("/fr/donnees-inexistantes").await;
    assert_eq!(page.status(), 503, "pages too");
    assert_eq!(
        app.get("/api/v1/initiatives").await.status(),
        200,
        "the cache answers"
    );

    // The busy request ends (408 at its body deadline): capacity is back.
    let mut answer = Vec::new();
    busy.read_to_end(&mut answer).await.unwrap();
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 408"));
    assert_eq!(
        app.get("/api/v1/initiatives?as_of=2020-01-01")
            .await
            .status(),
        200
    );
}
