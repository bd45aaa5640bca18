//! Signing in and out, and who may call each write server function: every
//! server function is a public HTTP endpoint, so each one checks the role
//! itself. These tests call them as a script would, without the pages.

mod common;

use app::domain::{Email, Role, Via};
use app::forms::FormError;
use app::store::{accounts, Actor};
use common::{session_cookie, TestApp};
use reqwest::header;
use reqwest::StatusCode;

const PASSWORD: &str = "correct horse battery staple";

async fn account(app: &TestApp, email: &str, role: Role) {
    let mut tx = app.test_db.db.begin().await.unwrap();
    let actor = Actor {
        who: "test",
        via: Via::Cli,
    };
    let email = Email::parse("email", email).unwrap();
    accounts::create_account(&mut tx, actor, &email, "Test person", role, PASSWORD)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// Posts a form to a server function as a script would (JSON answers).
async fn call(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url(path))
        .header(header::ACCEPT, "application/json")
        .form(form);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.send().await.unwrap()
}

async fn refusal(response: reqwest::Response) -> FormError {
    assert!(
        !response.status().is_success(),
        "expected a refusal, got {}",
        response.status()
    );
    let status = response.status();
    let body = response.text().await.unwrap();
    let error: FormError = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
    // Each refusal says why in its status too.
    let expected = match &error {
        FormError::SignInRequired | FormError::BadCredentials => StatusCode::UNAUTHORIZED,
        FormError::Forbidden => StatusCode::FORBIDDEN,
        FormError::LockedOut { .. } => StatusCode::TOO_MANY_REQUESTS,
        FormError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        FormError::Conflict { .. } => StatusCode::CONFLICT,
        FormError::NotFound => StatusCode::NOT_FOUND,
        FormError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
        FormError::Server(_) => StatusCode::INTERNAL_SERVER_ERROR,
    };
    assert_eq!(status, expected, "{error:?}");
    error
}

async fn sign_in(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    call(
        app,
        "/fn/sign_in",
        None,
        &[("locale", "en"), ("email", email), ("password", password)],
    )
    .await
}

/// Signs in and returns the session cookie.
async fn signed_in(app: &TestApp, email: &str) -> String {
    let response = sign_in(app, email, PASSWORD).await;
    assert!(response.status().is_success(), "{}", response.status());
    session_cookie(&response).expect("a session cookie")
}

#[tokio::test]
async fn sign_in_sets_a_new_http_only_lax_cookie_and_sign_out_ends_the_session() {
    let app = TestApp::spawn().await;
    account(&app, "editor@example.ca", Role::Editor).await;

    let response = sign_in(&app, "Editor@Example.ca", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let set_cookie = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("jalons_session="))
        .expect("a session cookie");
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(set_cookie.contains("Max-Age=1800"), "{set_cookie}");
    assert!(
        !set_cookie.contains("Secure"),
        "plain HTTP here: {set_cookie}"
    );
    let cookie = session_cookie(&response).unwrap();

    let me = call(&app, "/fn/current_account", Some(&cookie), &[]).await;
    let me: Option<app::domain::Account> = serde_json::from_str(&me.text().await.unwrap()).unwrap();
    assert_eq!(me.unwrap().email.as_str(), "editor@example.ca");

    // Sessions live in the database.
    let stored: i64 = match &app.test_db.db {
        app::store::Db::Sqlite(p) => sqlx::query_scalar("select count(*) from tower_sessions")
            .fetch_one(p)
            .await
            .unwrap(),
        app::store::Db::Postgres(p) => {
            sqlx::query_scalar("select count(*) from tower_sessions.session")
                .fetch_one(p)
                .await
                .unwrap()
        }
    };
    assert_eq!(stored, 1);

    let out = call(&app, "/fn/sign_out", Some(&cookie), &[("locale", "en")]).await;
    assert_eq!(out.status(), StatusCode::OK);
    let me = call(&app, "/fn/current_account", Some(&cookie), &[]).await;
    let me: Option<app::domain::Account> = serde_json::from_str(&me.text().await.unwrap()).unwrap();
    assert_eq!(me, None, "the old cookie no longer signs anyone in");
}

#[tokio::test]
async fn the_session_id_changes_at_sign_in() {
    let app = TestApp::spawn().await;
    account(&app, "viewer@example.ca", Role::Viewer).await;
    // An anonymous session planted before sign-in (session fixation).
    let first = signed_in(&app, "viewer@example.ca").await;
    let again = call(
        &app,
        "/fn/sign_in",
        Some(&first),
        &[
            ("locale", "fr"),
            ("email", "viewer@example.ca"),
            ("password", PASSWORD),
        ],
    )
    .await;
    let second = session_cookie(&again).expect("a new cookie");
    assert_ne!(first, second);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_account_get_the_same_answer() {
    let app = TestApp::spawn().await;
    account(&app, "editor@example.ca", Role::Editor).await;

    let wrong = refusal(sign_in(&app, "editor@example.ca", "not the password").await).await;
    let unknown = refusal(sign_in(&app, "nobody@example.ca", PASSWORD).await).await;
    assert_eq!(wrong, FormError::BadCredentials);
    assert_eq!(unknown, FormError::BadCredentials);
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in_and_its_session_ends() {
    let app = TestApp::spawn().await;
    account(&app, "leaver@example.ca", Role::Editor).await;
    let cookie = signed_in(&app, "leaver@example.ca").await;
    let mut tx = app.test_db.db.begin().await.unwrap();
    let actor = Actor {
        who: "test",
        via: Via::Cli,
    };
    accounts::set_disabled(
        &mut tx,
        actor,
        &Email::parse("email", "leaver@example.ca").unwrap(),
        true,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let me = call(&app, "/fn/current_account", Some(&cookie), &[]).await;
    let me: Option<app::domain::Account> = serde_json::from_str(&me.text().await.unwrap()).unwrap();
    assert_eq!(me, None);
    assert_eq!(
        refusal(sign_in(&app, "leaver@example.ca", PASSWORD).await).await,
        FormError::BadCredentials
    );
}

#[tokio::test]
async fn an_account_is_locked_out_after_five_attempts_even_with_the_right_password() {
    let app = TestApp::spawn().await;
    account(&app, "target@example.ca", Role::Editor).await;
    for _ in 0..5 {
        assert_eq!(
            refusal(sign_in(&app, "target@example.ca", "guess").await).await,
            FormError::BadCredentials
        );
    }
    match refusal(sign_in(&app, "target@example.ca", PASSWORD).await).await {
        FormError::LockedOut { retry_after_secs } => {
            assert!((1..=60).contains(&retry_after_secs), "{retry_after_secs}")
        }
        other => panic!("expected a lock-out, got {other:?}"),
    }
    // An unknown address is counted the same way: no enumeration.
    for _ in 0..5 {
        refusal(sign_in(&app, "ghost@example.ca", "guess").await).await;
    }
    assert!(matches!(
        refusal(sign_in(&app, "ghost@example.ca", "guess").await).await,
        FormError::LockedOut { .. }
    ));
}

#[tokio::test]
async fn a_write_from_another_site_is_refused() {
    let app = TestApp::spawn().await;
    account(&app, "editor@example.ca", Role::Editor).await;
    let response = app
        .client
        .post(app.url("/fn/sign_in"))
        .header(header::ORIGIN, "https://evil.example")
        .form(&[
            ("locale", "en"),
            ("email", "editor@example.ca"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(session_cookie(&response).is_none());
}

#[tokio::test]
async fn a_form_without_javascript_is_sent_back_with_its_error() {
    let app = TestApp::spawn().await;
    let referer = app.url("/en/session");
    let response = app
        .client
        .post(app.url("/fn/sign_in"))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, &referer)
        .form(&[
            ("locale", "en"),
            ("email", "nobody@example.ca"),
            ("password", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response.headers()[header::LOCATION].to_str().unwrap();
    assert!(location.starts_with(&referer), "{location}");
    assert!(location.contains("__err="), "{location}");

    // The page it goes back to says why, in its language.
    let page = app.client.get(location).send().await.unwrap();
    let html = page.text().await.unwrap();
    assert!(html.contains("Wrong e-mail address or password."), "{html}");
}

/// The number of rows of `table`.
async fn count(app: &TestApp, table: &str) -> i64 {
    let sql = format!("select count(*) from {table}");
    match &app.test_db.db {
        app::store::Db::Sqlite(p) => sqlx::query_scalar(&sql).fetch_one(p).await.unwrap(),
        app::store::Db::Postgres(p) => sqlx::query_scalar(&sql).fetch_one(p).await.unwrap(),
    }
}

/// Each write server function, called by anonymous / viewer / editor /
/// administrator: the exact outcome, and nothing stored when refused.
#[tokio::test]
async fn authorisation_matrix_of_the_write_server_functions() {
    let app = TestApp::spawn().await;
    account(&app, "viewer@example.ca", Role::Viewer).await;
    account(&app, "editor@example.ca", Role::Editor).await;
    account(&app, "admin@example.ca", Role::Administrator).await;
    let viewer = signed_in(&app, "viewer@example.ca").await;
    let editor = signed_in(&app, "editor@example.ca").await;
    let admin = signed_in(&app, "admin@example.ca").await;

    // An initiative to write to, created by the administrator.
    let create = |code: &'static str, visibility: &'static str| {
        vec![
            ("locale", "en"),
            ("id", ""),
            ("version", ""),
            ("form[parent_id]", ""),
            ("form[kind]", "programme"),
            ("form[code]", code),
            ("form[title_fr]", "Programme"),
            ("form[title_en]", "Programme"),
            ("form[description_fr]", ""),
            ("form[description_en]", ""),
            ("form[organisation_id]", ""),
            ("form[contact_id]", ""),
            ("form[start_date]", ""),
            ("form[target_date]", ""),
            ("form[weight]", ""),
            ("form[themes]", ""),
            ("form[visibility]", visibility),
            ("form[priority]", ""),
        ]
    };
    let update = [
        ("locale", "en"),
        ("form[initiative_id]", "1"),
        ("form[as_of]", "2026-11-01"),
        ("form[status]", "in_progress"),
        ("form[health]", "on_track"),
        ("form[schedule_health]", ""),
        ("form[cost_health]", ""),
        ("form[scope_health]", ""),
        ("form[percent_complete]", "40"),
        ("form[approved_budget]", ""),
        ("form[spent_to_date]", ""),
        ("form[forecast_at_completion]", ""),
        ("form[accomplishments_fr]", ""),
        ("form[accomplishments_en]", ""),
        ("form[next_steps_fr]", ""),
        ("form[next_steps_en]", ""),
        ("form[issues_fr]", ""),
        ("form[issues_en]", ""),
        ("form[internal_note]", ""),
        ("form[supersedes]", ""),
    ];

    // Anonymous and viewer: refused, nothing stored.
    for (who, cookie, expected) in [
        ("anonymous", None, FormError::SignInRequired),
        ("viewer", Some(viewer.as_str()), FormError::Forbidden),
    ] {
        let before = count(&app, "audit_log").await;
        let r = call(
            &app,
            "/fn/save_initiative",
            cookie,
            &create("P1", "internal"),
        )
        .await;
        assert_eq!(refusal(r).await, expected, "{who} save_initiative");
        let r = call(&app, "/fn/record_update", cookie, &update).await;
        assert_eq!(refusal(r).await, expected, "{who} record_update");
        let r = call(
            &app,
            "/fn/archive_initiative",
            cookie,
            &[
                ("locale", "en"),
                ("id", "1"),
                ("version", "1"),
                ("archived", "true"),
            ],
        )
        .await;
        assert_eq!(refusal(r).await, expected, "{who} archive_initiative");
        assert_eq!(count(&app, "initiative").await, 0, "{who}");
        assert_eq!(count(&app, "audit_log").await, before, "{who}");
    }

    // An editor creates, but may not publish.
    let r = call(
        &app,
        "/fn/save_initiative",
        Some(&editor),
        &create("P1", "published"),
    )
    .await;
    assert_eq!(refusal(r).await, FormError::Forbidden);
    assert_eq!(count(&app, "initiative").await, 0);
    let r = call(
        &app,
        "/fn/save_initiative",
        Some(&editor),
        &create("P1", "internal"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    assert_eq!(count(&app, "initiative").await, 1);

    // Editor and administrator record updates.
    for cookie in [&editor, &admin] {
        let r = call(&app, "/fn/record_update", Some(cookie), &update).await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    }
    assert_eq!(count(&app, "status_update").await, 2);

    // The administrator publishes.
    let r = call(
        &app,
        "/fn/save_initiative",
        Some(&admin),
        &create("P2", "published"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());

    // An editor archives (at the right version).
    let r = call(
        &app,
        "/fn/archive_initiative",
        Some(&editor),
        &[
            ("locale", "en"),
            ("id", "1"),
            ("version", "1"),
            ("archived", "true"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());

    // Every change is in the audit trail, through the browser, by its author.
    let rows: Vec<(String, String, String)> = match &app.test_db.db {
        app::store::Db::Sqlite(p) => sqlx::query_as(
            "select actor, via, action from audit_log where entity <> 'account' order by id",
        )
        .fetch_all(p)
        .await
        .unwrap(),
        app::store::Db::Postgres(p) => sqlx::query_as(
            "select actor, via, action from audit_log where entity <> 'account' order by id",
        )
        .fetch_all(p)
        .await
        .unwrap(),
    };
    let rows: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|(a, v, c)| (a.as_str(), v.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("editor@example.ca", "browser", "create"),
            ("editor@example.ca", "browser", "append"),
            ("admin@example.ca", "browser", "append"),
            ("admin@example.ca", "browser", "create"),
            ("editor@example.ca", "browser", "archive"),
        ]
    );
}

#[tokio::test]
async fn bad_update_fields_are_named_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    account(&app, "editor@example.ca", Role::Editor).await;
    let editor = signed_in(&app, "editor@example.ca").await;
    let mut tx = app.test_db.db.begin().await.unwrap();
    let form = app::domain::InitiativeForm {
        kind: "programme".into(),
        code: "P1".into(),
        title_fr: "P".into(),
        title_en: "P".into(),
        ..Default::default()
    };
    app::store::write::create_initiative(
        &mut tx,
        Actor {
            who: "test",
            via: Via::Cli,
        },
        &form.parse().unwrap(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let cases: &[(&str, &str, &str)] = &[
        ("as_of", "2026-13-01", "as_of"),
        ("status", "finished", "status"),
        ("health", "green", "health"),
        ("schedule_health", "meh", "schedule_health"),
        ("percent_complete", "101", "percent_complete"),
        ("approved_budget", "-5", "approved_budget"),
        ("spent_to_date", "lots", "spent_to_date"),
        ("forecast_at_completion", "1.2.3", "forecast_at_completion"),
        ("initiative_id", "999", "initiative_id"),
        ("supersedes", "abc", "supersedes"),
        // At risk without an explanation: the French issues field is named.
        ("health", "at_risk", "issues_fr"),
    ];
    for (field, value, named) in cases {
        let mut form: Vec<(String, String)> = [
            ("locale", "en"),
            ("form[initiative_id]", "1"),
            ("form[as_of]", "2026-11-01"),
            ("form[status]", "in_progress"),
            ("form[health]", "on_track"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        for f in [
            "schedule_health",
            "cost_health",
            "scope_health",
            "percent_complete",
            "approved_budget",
            "spent_to_date",
            "forecast_at_completion",
            "accomplishments_fr",
            "accomplishments_en",
            "next_steps_fr",
            "next_steps_en",
            "issues_fr",
            "issues_en",
            "internal_note",
            "supersedes",
        ] {
            form.push((format!("form[{f}]"), String::new()));
        }
        for pair in &mut form {
            if pair.0 == format!("form[{field}]") {
                pair.1 = value.to_string();
            }
        }
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = call(&app, "/fn/record_update", Some(&editor), &pairs).await;
        match refusal(r).await {
            FormError::Invalid { errors, echo } => {
                assert!(errors.get(named).is_some(), "{field}={value}: {errors}");
                assert_eq!(echo.get(field), Some(*value), "what was typed comes back");
            }
            other => panic!("{field}={value}: {other:?}"),
        }
        assert_eq!(count(&app, "status_update").await, 0, "{field}={value}");
    }
}

/// A multipart body with one `locale` field and one `file`.
fn multipart(csv: &str) -> (String, String) {
    let boundary = "jalons-test-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"locale\"\r\n\r\nen\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"u.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn stage(app: &TestApp, cookie: Option<&str>, csv: &str) -> reqwest::Response {
    let (content_type, body) = multipart(csv);
    let mut request = app
        .client
        .post(app.url("/fn/stage_import"))
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, content_type)
        .body(body);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.send().await.unwrap()
}

/// Waits until batch `id`'s check or import is over, and returns its state.
async fn settled(app: &TestApp, cookie: &str, id: i64) -> app::domain::transfer::ImportBatch {
    for _ in 0..200 {
        let r = call(
            app,
            "/fn/load_import_batch",
            Some(cookie),
            &[("id", &id.to_string())],
        )
        .await;
        assert_eq!(r.status(), StatusCode::OK);
        let batch: app::domain::transfer::ImportBatch =
            serde_json::from_str(&r.text().await.unwrap()).unwrap();
        if !batch.state.running() {
            return batch;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("batch {id} still running after 10 s");
}

const HEADER: &str = "id,initiative_id,initiative_code,as_of,status,health,schedule_health,\
    cost_health,scope_health,percent_complete,approved_budget,spent_to_date,\
    forecast_at_completion,accomplishments_fr,accomplishments_en,next_steps_fr,next_steps_en,\
    issues_fr,issues_en,internal_note,supersedes";

#[tokio::test]
async fn importing_in_the_browser_is_checked_first_then_applied_once_by_editors_only() {
    let app = TestApp::spawn().await;
    account(&app, "viewer@example.ca", Role::Viewer).await;
    account(&app, "editor@example.ca", Role::Editor).await;
    let viewer = signed_in(&app, "viewer@example.ca").await;
    let editor = signed_in(&app, "editor@example.ca").await;
    let mut tx = app.test_db.db.begin().await.unwrap();
    let form = app::domain::InitiativeForm {
        kind: "programme".into(),
        code: "P1".into(),
        title_fr: "P".into(),
        title_en: "P".into(),
        ..Default::default()
    };
    let actor = Actor {
        who: "test",
        via: Via::Cli,
    };
    app::store::write::create_initiative(&mut tx, actor, &form.parse().unwrap())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let good = format!("{HEADER}\n,,P1,2026-10-01,in_progress,on_track,,,,40,,,,,,,,,,,\n");
    let bad = format!("{HEADER}\n,,P1,2026-10-01,in_progress,on_track,,,,140,,,,,,,,,,,\n");

    assert_eq!(
        refusal(stage(&app, None, &good).await).await,
        FormError::SignInRequired
    );
    assert_eq!(
        refusal(stage(&app, Some(&viewer), &good).await).await,
        FormError::Forbidden
    );
    assert_eq!(count(&app, "import_batch").await, 0);

    // A file with an error is kept with its report, but cannot be applied.
    let r = stage(&app, Some(&editor), &bad).await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let checked = settled(&app, &editor, 1).await;
    let report = checked.report.expect("a report");
    assert_eq!(report.errors.len(), 1, "{report:?}");
    assert_eq!(report.errors[0].line, 2);
    assert_eq!(report.errors[0].column.as_deref(), Some("percent_complete"));
    let r = call(
        &app,
        "/fn/apply_import",
        Some(&editor),
        &[("locale", "en"), ("id", "1")],
    )
    .await;
    assert_eq!(refusal(r).await, FormError::Forbidden);
    assert_eq!(count(&app, "status_update").await, 0);

    // A good one: the dry run stores nothing; applying it stores it, once.
    let r = stage(&app, Some(&editor), &good).await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let checked = settled(&app, &editor, 2).await;
    assert_eq!(checked.state, app::domain::transfer::BatchState::Checked);
    assert_eq!(checked.report.unwrap().created.len(), 1);
    assert_eq!(count(&app, "status_update").await, 0);
    for (who, cookie, expected) in [
        ("anonymous", None, FormError::SignInRequired),
        ("viewer", Some(viewer.as_str()), FormError::Forbidden),
    ] {
        let r = call(
            &app,
            "/fn/apply_import",
            cookie,
            &[("locale", "en"), ("id", "2")],
        )
        .await;
        assert_eq!(refusal(r).await, expected, "{who}");
    }
    assert_eq!(count(&app, "status_update").await, 0);
    let r = call(
        &app,
        "/fn/apply_import",
        Some(&editor),
        &[("locale", "en"), ("id", "2")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let imported = settled(&app, &editor, 2).await;
    assert_eq!(imported.state, app::domain::transfer::BatchState::Imported);
    assert_eq!((imported.rows_done, imported.rows_total), (1, 1));
    assert_eq!(count(&app, "status_update").await, 1);
    let r = call(
        &app,
        "/fn/apply_import",
        Some(&editor),
        &[("locale", "en"), ("id", "2")],
    )
    .await;
    assert_eq!(refusal(r).await, FormError::Forbidden, "applied once only");
    assert_eq!(count(&app, "status_update").await, 1);
    let via: Vec<String> = match &app.test_db.db {
        app::store::Db::Sqlite(p) => sqlx::query_scalar(
            "select via || ' ' || actor from audit_log where entity = 'status_update'",
        )
        .fetch_all(p)
        .await
        .unwrap(),
        app::store::Db::Postgres(p) => sqlx::query_scalar(
            "select via || ' ' || actor from audit_log where entity = 'status_update'",
        )
        .fetch_all(p)
        .await
        .unwrap(),
    };
    assert_eq!(via, ["import editor@example.ca"]);
}

#[tokio::test]
async fn the_second_save_of_an_initiative_gets_a_conflict_with_what_changed() {
    let app = TestApp::spawn().await;
    account(&app, "one@example.ca", Role::Editor).await;
    account(&app, "two@example.ca", Role::Editor).await;
    let one = signed_in(&app, "one@example.ca").await;
    let two = signed_in(&app, "two@example.ca").await;
    let form = |title_fr: &'static str, title_en: &'static str, id: &'static str| {
        vec![
            ("locale", "en"),
            ("id", id),
            ("version", "1"),
            ("form[parent_id]", ""),
            ("form[kind]", "programme"),
            ("form[code]", "P1"),
            ("form[title_fr]", title_fr),
            ("form[title_en]", title_en),
            ("form[description_fr]", ""),
            ("form[description_en]", ""),
            ("form[organisation_id]", ""),
            ("form[contact_id]", ""),
            ("form[start_date]", ""),
            ("form[target_date]", ""),
            ("form[weight]", "1"),
            ("form[themes]", ""),
            ("form[visibility]", "internal"),
            ("form[priority]", "false"),
        ]
    };
    let r = call(
        &app,
        "/fn/save_initiative",
        Some(&one),
        &form("Titre", "Title", ""),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());

    // Both opened version 1; the first saves a new English title.
    let r = call(
        &app,
        "/fn/save_initiative",
        Some(&one),
        &form("Titre", "New title", "1"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let audit_before = count(&app, "audit_log").await;
    let r = call(
        &app,
        "/fn/save_initiative",
        Some(&two),
        &form("Nouveau titre", "Title", "1"),
    )
    .await;
    match refusal(r).await {
        FormError::Conflict {
            changes,
            current_version,
            echo,
        } => {
            assert_eq!(current_version, 2);
            assert_eq!(changes.len(), 1, "{changes:?}");
            assert_eq!(changes[0].field, "title_en");
            assert_eq!(changes[0].then, "Title");
            assert_eq!(changes[0].now, "New title");
            assert_eq!(echo.get("title_fr"), Some("Nouveau titre"));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        count(&app, "audit_log").await,
        audit_before,
        "nothing stored"
    );
}
