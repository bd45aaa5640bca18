//! The render cache over HTTP: anonymous pages are rendered once per data
//! version, sent compressed, answered 304 when current, renewed within a
//! second of a write; signed-in and credentialed requests pass through.

mod common;

use app::domain::*;
use app::store::{write, Actor};
use common::TestApp;
use reqwest::{header, StatusCode};
use std::io::Read;
use std::time::{Duration, Instant};

const SETUP: Actor<'static> = Actor {
    who: "setup@example.ca",
    via: Via::Cli,
};

async fn get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    request.send().await.unwrap()
}

fn cache_state(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get("x-jalons-cache")
        .map(|v| v.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn anonymous_pages_are_rendered_once_and_sent_compressed() {
    let app = TestApp::spawn().await;
    let first = get(&app, "/fr", &[("accept-encoding", "identity")]).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(cache_state(&first).as_deref(), Some("miss"));
    let etag = first.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert!(first.headers()[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .starts_with("public"));
    assert!(first.headers().contains_key(header::LAST_MODIFIED));
    let page = first.text().await.unwrap();
    assert!(page.contains("<html"));

    // The same page again: from the cache, in brotli, the same bytes.
    let second = get(&app, "/fr", &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(cache_state(&second).as_deref(), Some("hit"));
    assert_eq!(second.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(second.headers()[header::ETAG].to_str().unwrap(), etag);
    let compressed = second.bytes().await.unwrap();
    assert!(
        compressed.len() < page.len() / 2,
        "{} vs {}",
        compressed.len(),
        page.len()
    );
    let mut decoded = String::new();
    brotli::Decompressor::new(&compressed[..], 4096)
        .read_to_string(&mut decoded)
        .unwrap();
    assert_eq!(decoded, page);

    // gzip for a reader that takes only gzip.
    let gzipped = get(&app, "/fr", &[("accept-encoding", "gzip")]).await;
    assert_eq!(gzipped.headers()[header::CONTENT_ENCODING], "gzip");
    let mut decoded = String::new();
    flate2::read::GzDecoder::new(&gzipped.bytes().await.unwrap()[..])
        .read_to_string(&mut decoded)
        .unwrap();
    assert_eq!(decoded, page);

    // A reader that has it gets 304 and no body.
    let again = get(&app, "/fr", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.bytes().await.unwrap().is_empty());
    let lm = gzipped_last_modified(&app).await;
    let since = get(&app, "/fr", &[("if-modified-since", &lm)]).await;
    assert_eq!(since.status(), StatusCode::NOT_MODIFIED);

    // Each language is its own page.
    let en = get(&app, "/en", &[]).await;
    assert_eq!(cache_state(&en).as_deref(), Some("miss"));
    app.shut_down().await.unwrap();
}

async fn gzipped_last_modified(app: &TestApp) -> String {
    get(app, "/fr", &[]).await.headers()[header::LAST_MODIFIED]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_write_renews_the_page_within_a_second() {
    let app = TestApp::spawn().await;
    let before = get(&app, "/fr", &[]).await;
    let etag = before.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert_eq!(
        cache_state(&get(&app, "/fr", &[]).await).as_deref(),
        Some("hit")
    );

    let db = &app.test_db.db;
    let mut tx = db.begin().await.unwrap();
    let draft = InitiativeForm {
        kind: "programme".into(),
        code: "PGM-1".into(),
        title_fr: "Programme".into(),
        title_en: "Programme".into(),
        ..Default::default()
    }
    .parse()
    .unwrap();
    write::create_initiative(&mut tx, SETUP, &draft)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let written = Instant::now();

    // The write bumped the data version: the next render is a miss, and a
    // reader's old copy is no longer current.
    loop {
        let response = get(&app, "/fr", &[("if-none-match", &etag)]).await;
        if response.status() == StatusCode::OK {
            assert_eq!(cache_state(&response).as_deref(), Some("miss"));
            break;
        }
        assert!(
            written.elapsed() < Duration::from_secs(1),
            "still the old page a second after the write"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    app.shut_down().await.unwrap();
}

#[tokio::test]
async fn signed_in_and_credentialed_requests_are_not_cached() {
    let app = TestApp::spawn().await;
    for headers in [
        vec![("cookie", "jalons_session=whatever")],
        vec![("authorization", "Bearer jalons_nothing")],
    ] {
        let response = get(&app, "/fr", &headers).await;
        assert_eq!(cache_state(&response), None, "{headers:?}");
        assert!(
            !response.headers().contains_key(header::ETAG),
            "{headers:?}"
        );
    }
    // Errors and redirects are not kept either.
    let missing = get(&app, "/fr/nowhere", &[]).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(cache_state(&missing), None);
    let root = get(&app, "/", &[]).await;
    assert!(root.status().is_redirection());
    assert_eq!(cache_state(&root), None);
    app.shut_down().await.unwrap();
}
