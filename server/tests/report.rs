//! The information-sharing report over HTTP, on the demo dataset: the API's
//! Markdown for a token (200, 401, 400 naming the parameter), the page and
//! the downloads for signed-in accounts only, and who may save a version.

mod common;

use app::domain::report::{ReportPeriod, SectionKind};
use app::domain::*;
use app::i18n::Locale;
use app::store::{accounts, reports, Actor};
use common::TestApp;
use reqwest::{header, StatusCode};
use serde_json::Value;

const PASSWORD: &str = "correct horse battery staple";
const SETUP: Actor = Actor {
    who: "setup@example.ca",
    via: Via::Cli,
};

/// The server on the demo, with a viewer and an editor (each with a token).
struct World {
    app: TestApp,
    viewer_token: String,
}

impl World {
    async fn new() -> World {
        let app = TestApp::spawn().await;
        let db = &app.test_db.db;
        app::demo::load(db).await.expect("the demo loads");
        let mut tx = db.begin().await.unwrap();
        let mut viewer_token = String::new();
        for (email, role) in [
            ("viewer@example.ca", Role::Viewer),
            ("editor@example.ca", Role::Editor),
        ] {
            let email = Email::parse("email", email).unwrap();
            accounts::create_account(&mut tx, SETUP, &email, "Someone", role, PASSWORD)
                .await
                .unwrap();
            let (token, _) = accounts::create_token(&mut tx, SETUP, &email, "tests")
                .await
                .unwrap();
            if role == Role::Viewer {
                viewer_token = token;
            }
        }
        tx.commit().await.unwrap();
        World { app, viewer_token }
    }

    async fn api(&self, query: &str, token: Option<&str>) -> reqwest::Response {
        let mut request = self.app.client.get(
            self.app
                .url(&format!("/api/v1/reports/information-sharing{query}")),
        );
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }

    async fn cookie(&self, email: &str) -> String {
        let response = self
            .app
            .client
            .post(self.app.url("/fn/sign_in"))
            .header(header::ACCEPT, "application/json")
            .form(&[("locale", "en"), ("email", email), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
        response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("jalons_session="))
            .and_then(|v| v.split(';').next())
            .expect("a session cookie")
            .to_owned()
    }

    async fn get(&self, path: &str, cookie: Option<&str>) -> reqwest::Response {
        let mut request = self.app.client.get(self.app.url(path));
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        request.send().await.unwrap()
    }

    async fn save(&self, cookie: Option<&str>, form: &[(String, String)]) -> reqwest::Response {
        let mut request = self
            .app
            .client
            .post(self.app.url("/fn/save_report"))
            .header(header::ACCEPT, "application/json")
            .form(form);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        request.send().await.unwrap()
    }
}

/// The form that keeps every item of the 2019 draft but the first
/// accomplishment, and adds a sentence to the issues.
async fn adjusted_2019(w: &World) -> (Vec<(String, String)>, String) {
    let period =
        ReportPeriod::parse("2019-01-01", "2019-12-31", chrono::Utc::now().date_naive()).unwrap();
    let today = chrono::Utc::now().date_naive();
    let draft = reports::draft(&w.app.test_db.db, period, Locale::en, &[], today)
        .await
        .unwrap();
    let dropped = draft.section(SectionKind::Accomplishments)[0].key.clone();
    let mut form: Vec<(String, String)> = [
        ("locale", "en"),
        ("from", "2019-01-01"),
        ("to", "2019-12-31"),
        ("lang", "en"),
        ("themes", ""),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (_, item) in draft.items().filter(|(_, i)| i.key != dropped) {
        form.push((format!("edits[keep_{}]", item.key), "on".into()));
    }
    form.push((
        "edits[add_issues]".into(),
        "Information sharing on digital identity.".into(),
    ));
    (form, dropped)
}

#[tokio::test]
async fn the_api_gives_the_markdown_draft_to_any_token_and_names_a_bad_parameter() {
    let w = World::new().await;
    let token = w.viewer_token.clone();

    let response = w
        .api("?from=2016-10-01&to=2017-10-31&lang=en", Some(&token))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/markdown; charset=utf-8"
    );
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "private, no-store"
    );
    let markdown = response.text().await.unwrap();
    assert!(
        markdown.starts_with("# Information-sharing template"),
        "{markdown}"
    );
    assert!(markdown.contains("36 measures: 16 completed, 20 in progress\\."));
    assert!(markdown.contains("Bill tabled in the National Assembly"));
    let french = w
        .api("?from=2019-01-01&to=2019-12-31&lang=fr", Some(&token))
        .await
        .text()
        .await
        .unwrap();
    assert!(french.contains("## 3\\. Enjeux et besoins"), "{french}");
    assert!(french.contains("Création du CQEN"));

    for token in [None, Some("jalons_not-a-token")] {
        let refused = w.api("?lang=en", token).await;
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
        assert!(!refused.text().await.unwrap().contains("Accomplishments"));
    }
    for (query, field) in [
        ("?from=2019-02-30", "from"),
        ("?to=tomorrow", "to"),
        ("?from=2020-01-01&to=2019-12-31", "from"),
        ("?lang=de", "lang"),
        // Given but empty is not absent: an API client meant something.
        ("?to=", "to"),
        ("?from=2019-01-01&lang=", "lang"),
    ] {
        let response = w.api(query, Some(&token)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
        assert_eq!(body["errors"][0]["field"], field, "{query}: {body}");
    }
    // Defaults: the last twelve months, in French.
    let default = w.api("", Some(&token)).await;
    assert_eq!(default.status(), StatusCode::OK);
    assert!(default
        .text()
        .await
        .unwrap()
        .contains("## 1\\. Réalisations"));
    w.app.shut_down().await.unwrap();
}

#[tokio::test]
async fn the_page_and_the_downloads_are_for_signed_in_accounts_only() {
    let w = World::new().await;
    let anonymous = w
        .get("/en/report?from=2019-01-01&to=2019-12-31", None)
        .await;
    let page = anonymous.text().await.unwrap();
    assert!(page.contains("Sign in"), "a sign-in prompt");
    assert!(!page.contains("CQEN"), "no report for the public");
    for path in [
        "/report/information-sharing.md?from=2019-01-01&to=2019-12-31",
        "/report/versions/1.md",
    ] {
        assert_eq!(
            w.get(path, None).await.status(),
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }

    let viewer = w.cookie("viewer@example.ca").await;
    let page = w
        .get(
            "/en/report?from=2019-01-01&to=2019-12-31&lang=en&themes=digital_identity",
            Some(&viewer),
        )
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("The CQEN is created"), "the draft is shown");
    assert!(html.contains("Digital identity"), "the topic chosen");
    assert!(
        !html.contains("edits[keep_"),
        "a viewer gets no edit controls"
    );
    let download = w
        .get(
            "/report/information-sharing.md?from=2019-01-01&to=2019-12-31&lang=en",
            Some(&viewer),
        )
        .await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(
        download.headers()[header::CONTENT_DISPOSITION],
        "attachment; filename=\"jalons-information-sharing-2019-01-01-2019-12-31-en.md\""
    );
    assert!(download
        .text()
        .await
        .unwrap()
        .contains("The CQEN is created"));
    let bad = w
        .get("/report/information-sharing.md?lang=xx", Some(&viewer))
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert!(bad.text().await.unwrap().contains("lang"));

    let editor = w.cookie("editor@example.ca").await;
    let html = w
        .get(
            "/fr/report?from=2019-01-01&to=2019-12-31&lang=fr",
            Some(&editor),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("edits[keep_"),
        "an editor gets the edit controls"
    );
    w.app.shut_down().await.unwrap();
}

#[tokio::test]
async fn a_viewer_cannot_save_a_version_and_an_editor_saves_one_that_reads_back() {
    let w = World::new().await;
    let db = w.app.test_db.db.clone();
    let (form, dropped) = adjusted_2019(&w).await;

    let anonymous = w.save(None, &form).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let viewer = w.cookie("viewer@example.ca").await;
    let refused = w.save(Some(&viewer), &form).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(reports::versions(&db).await.unwrap().is_empty());

    let editor = w.cookie("editor@example.ca").await;
    let version_before = db.data_version().await.unwrap();
    let saved = w.save(Some(&editor), &form).await;
    assert!(
        saved.status().is_success() || saved.status().is_redirection(),
        "{}",
        saved.status()
    );
    let versions = reports::versions(&db).await.unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].saved_by, "editor@example.ca");
    assert!(db.data_version().await.unwrap() > version_before);
    let (_, report) = reports::version(&db, versions[0].id)
        .await
        .unwrap()
        .unwrap();
    assert!(report.items().all(|(_, i)| i.key != dropped));
    let issues = report.section(SectionKind::Issues);
    assert_eq!(
        issues.last().unwrap().text,
        "Information sharing on digital identity."
    );

    // Anyone signed in reopens it, as a page and as Markdown.
    let page = w
        .get(
            &format!("/en/report/versions/{}", versions[0].id),
            Some(&viewer),
        )
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Information sharing on digital identity."));
    let listed = w
        .get("/en/report", Some(&viewer))
        .await
        .text()
        .await
        .unwrap();
    assert!(listed.contains(&format!("/en/report/versions/{}", versions[0].id)));
    let markdown = w
        .get(
            &format!("/report/versions/{}.md", versions[0].id),
            Some(&viewer),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        markdown.contains("- Information sharing on digital identity\\."),
        "{markdown}"
    );
    let anonymous = w
        .get(&format!("/en/report/versions/{}", versions[0].id), None)
        .await
        .text()
        .await
        .unwrap();
    assert!(!anonymous.contains("digital identity."));
    w.app.shut_down().await.unwrap();
}
