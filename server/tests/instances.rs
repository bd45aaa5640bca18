//! Two server instances on one database, as behind a load balancer: a
//! session started on one is honoured by the other (sessions live in the
//! database), and a write made through one shows on the other's public
//! page within a second (the data version lives in the database; each
//! instance's render cache follows it). Runs on SQLite and, under
//! `make test`, on PostgreSQL — the production set-up.

mod common;

use app::domain::*;
use app::store::testing::migrated;
use app::store::{accounts, write, Actor};
use common::{session_cookie, TestApp};
use reqwest::{header, StatusCode};
use serde_json::json;
use std::time::{Duration, Instant};

const SETUP: Actor = Actor {
    who: "setup",
    via: Via::Cli,
};
const PASSWORD: &str = "correct horse battery staple";

#[tokio::test]
async fn two_instances_share_sessions_and_show_each_others_writes_within_a_second() {
    let one = TestApp::spawn().await;
    let two = TestApp::spawn_on(migrated(&one.test_db.url).await, |_| {}).await;
    let db = one.test_db.db.clone();

    let email = Email::parse("email", "editor@sct.gouv.qc.ca").unwrap();
    let mut tx = db.begin().await.unwrap();
    accounts::create_account(&mut tx, SETUP, &email, "Editor", Role::Editor, PASSWORD)
        .await
        .unwrap();
    let (token, _) = accounts::create_token(&mut tx, SETUP, &email, "instances")
        .await
        .unwrap();
    let published = |code: &str, title: &str, visibility: &str| InitiativeForm {
        kind: "strategy".into(),
        code: code.into(),
        title_fr: format!("{title} (fr)"),
        title_en: title.into(),
        visibility: visibility.into(),
        ..Default::default()
    };
    let public = write::create_initiative(
        &mut tx,
        SETUP,
        &published("SGTI-2015", "Government IT strategy", "published")
            .parse()
            .unwrap(),
    )
    .await
    .unwrap();
    let internal = write::create_initiative(
        &mut tx,
        SETUP,
        &published("INTERNE-7", "Internal only", "internal")
            .parse()
            .unwrap(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    // Signed in on one…
    let signed_in = one
        .client
        .post(one.url("/fn/sign_in"))
        .header(header::ACCEPT, "application/json")
        .form(&[
            ("locale", "en"),
            ("email", email.as_str()),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::OK);
    let cookie = session_cookie(&signed_in).expect("a session cookie");

    // …reads a signed-in page on the other, which an anonymous reader of
    // the other does not get.
    let page = format!("/en/initiatives/{}", internal.id.0);
    let anonymous = two.get(&page).await.text().await.unwrap();
    assert!(!anonymous.contains("INTERNE-7"));
    for app in [&one, &two] {
        let html = app
            .client
            .get(app.url(&page))
            .header(header::COOKIE, &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("INTERNE-7"), "{}: {html}", app.addr);
    }

    // The other's public page, cached there…
    let public_page = format!("/en/progress/{}", public.id.0);
    for _ in 0..2 {
        let html = two.get(&public_page).await.text().await.unwrap();
        assert!(html.contains("Government IT strategy"));
    }
    // …follows a write made through the first, within a second.
    let etag = one
        .client
        .get(one.url(&format!("/api/v1/initiatives/{}", public.id.0)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .headers()[header::ETAG]
        .to_str()
        .unwrap()
        .to_owned();
    let changed = one
        .client
        .patch(one.url(&format!("/api/v1/initiatives/{}", public.id.0)))
        .bearer_auth(&token)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::IF_MATCH, etag)
        .body(json!({"title_en": "Government digital strategy"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    let acknowledged = Instant::now();
    loop {
        let html = two.get(&public_page).await.text().await.unwrap();
        if html.contains("Government digital strategy") {
            break;
        }
        assert!(
            acknowledged.elapsed() < Duration::from_secs(1),
            "the other instance still shows the old title after a second"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }

    // Signed out on the other, the session ends on both.
    let signed_out = two
        .client
        .post(two.url("/fn/sign_out"))
        .header(header::ACCEPT, "application/json")
        .header(header::COOKIE, &cookie)
        .form(&[("locale", "en")])
        .send()
        .await
        .unwrap();
    assert!(signed_out.status().is_success(), "{}", signed_out.status());
    let html = one
        .client
        .get(one.url(&page))
        .header(header::COOKIE, &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("INTERNE-7"), "the session ended everywhere");
}
