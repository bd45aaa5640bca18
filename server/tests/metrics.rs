//! `GET /metrics`: closed unless the operator set a token; with it, the
//! requests, their latency, the pool and the render cache in Prometheus'
//! text format.

mod common;

use common::TestApp;
use reqwest::header;
use reqwest::StatusCode;

#[tokio::test]
async fn metrics_are_closed_without_the_token() {
    let closed = TestApp::spawn().await;
    assert_eq!(closed.get("/metrics").await.status(), StatusCode::NOT_FOUND);
    let response = closed
        .client
        .get(closed.url("/metrics"))
        .bearer_auth("anything")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    let open = TestApp::spawn_with(|state| state.metrics_token = Some("scrape-me".into())).await;
    assert_eq!(open.get("/metrics").await.status(), StatusCode::NOT_FOUND);
    let wrong = open
        .client
        .get(open.url("/metrics"))
        .bearer_auth("scrape-you")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn metrics_count_requests_latency_pool_and_cache() {
    let app = TestApp::spawn_with(|state| state.metrics_token = Some("scrape-me".into())).await;
    for _ in 0..3 {
        assert_eq!(app.get("/en/data").await.status(), StatusCode::OK);
    }
    assert_eq!(
        app.get("/en/nowhere/42").await.status(),
        StatusCode::NOT_FOUND
    );

    let response = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("scrape-me")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let text = response.text().await.unwrap();

    // Other servers of this test binary share the process's recorder: at
    // least this test's requests are counted.
    let value = |series: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(series).and_then(|v| v.trim().parse().ok()))
            .unwrap_or_else(|| panic!("{series} in {text}"))
    };
    assert!(value(r#"http_requests_total{method="GET",route="/en/data",status="200"}"#) >= 3.0);
    assert!(value(r#"http_requests_total{method="GET",route="unmatched",status="404"}"#) >= 1.0);
    assert!(value(r#"http_request_duration_seconds_count{method="GET",route="/en/data"}"#) >= 3.0);
    assert!(
        text.contains(
            r#"http_request_duration_seconds_bucket{method="GET",route="/en/data",le="0.005"}"#
        ),
        "{text}"
    );
    assert!(value(r#"render_cache_requests_total{result="hit"}"#) >= 2.0);
    assert!(value(r#"render_cache_requests_total{result="miss"}"#) >= 1.0);
    assert!(value(r#"db_pool_max_connections"#) >= 1.0);
    assert!(value(r#"db_pool_connections{state="idle"}"#) >= 0.0);
    assert!(
        !text.contains("/en/nowhere"),
        "no label for what was not found"
    );
}
