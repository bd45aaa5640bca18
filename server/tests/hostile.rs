//! Hostile input, end to end: text made to break out of HTML, SVG, XML,
//! CSV or SQL is stored exactly as typed and shown as text everywhere it
//! is shown; malformed requests of every kind are refused with a 4xx that
//! says why, store nothing, and never reach a 5xx.

mod common;

use app::domain::*;
use app::store::{accounts, Actor, Db};
use common::TestApp;
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};

const SETUP: Actor = Actor {
    who: "setup",
    via: Via::Cli,
};

/// Markup, an event handler, quotes, an entity and SQL, in one title.
const MARKUP: &str = r#"</title></textarea><script>alert("jalons")</script><img src=x onerror=alert(1)> & 'quote' ; drop table initiative; --"#;
/// What a spreadsheet would run as a formula.
const FORMULA: &str = r#"=HYPERLINK("http://evil.example";"<b>clic</b>")"#;

async fn token(db: &Db, role: Role) -> String {
    let email = Email::parse("email", &format!("{}@sct.gouv.qc.ca", role.as_str())).unwrap();
    let mut tx = db.begin().await.unwrap();
    accounts::create_account(&mut tx, SETUP, &email, "Someone", role, "a long password!")
        .await
        .unwrap();
    let (token, _) = accounts::create_token(&mut tx, SETUP, &email, "hostile")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    token
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> reqwest::Response {
    let mut request = app
        .client
        .request(method, app.url(&format!("/api/v1{path}")))
        .bearer_auth(token);
    if let Some(content_type) = content_type {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    request.body(body).send().await.unwrap()
}

/// A JSON body posted to the API with `token`.
async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> reqwest::Response {
    send(
        app,
        Method::POST,
        path,
        token,
        Some("application/json"),
        body.to_string().into_bytes(),
    )
    .await
}

async fn created(response: reqwest::Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{text}");
    serde_json::from_str(&text).unwrap()
}

async fn count(db: &Db, sql: &str) -> i64 {
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
    }
}

/// The row counts of every table a write reaches, and the data version.
async fn footprint(db: &Db) -> Vec<i64> {
    let mut counts = vec![count(db, "select version from data_version where id = 1").await];
    for table in [
        "audit_log",
        "initiative",
        "status_update",
        "milestone",
        "milestone_revision",
        "indicator",
        "indicator_value",
    ] {
        counts.push(count(db, &format!("select count(*) from {table}")).await);
    }
    counts
}

#[tokio::test]
async fn hostile_text_is_kept_as_typed_and_shown_as_text_everywhere() {
    let app = TestApp::spawn().await;
    let db = app.test_db.db.clone();
    let admin = token(&db, Role::Administrator).await;
    let strategy = created(
        post(
            &app,
            &admin,
            "/initiatives",
            json!({"kind": "strategy", "code": "HOSTILE-1", "title_fr": FORMULA, "title_en": MARKUP,
                   "description_fr": MARKUP, "description_en": FORMULA, "visibility": "published"}),
        )
        .await,
    )
    .await;
    let id = strategy["id"].as_i64().unwrap();
    assert_eq!(strategy["title_en"], MARKUP, "stored as typed");
    assert_eq!(strategy["title_fr"], FORMULA, "stored as typed");
    created(
        post(
            &app,
            &admin,
            &format!("/initiatives/{id}/updates"),
            json!({"as_of": "2019-06-30", "status": "in_progress", "health": "at_risk",
                   "percent_complete": 40, "issues_fr": MARKUP, "issues_en": MARKUP,
                   "accomplishments_fr": FORMULA, "accomplishments_en": MARKUP}),
        )
        .await,
    )
    .await;
    created(
        post(
            &app,
            &admin,
            &format!("/initiatives/{id}/milestones"),
            json!({"title_fr": MARKUP, "title_en": MARKUP, "baseline_date": "2020-03-31",
                   "decided_on": "2019-01-01"}),
        )
        .await,
    )
    .await;
    let indicator = created(
        post(
            &app,
            &admin,
            &format!("/initiatives/{id}/indicators"),
            json!({"code": "hostile", "name_fr": MARKUP, "name_en": MARKUP, "direction": "up",
                   "unit_fr": MARKUP, "unit_en": "<u>", "baseline_date": "2019-01-01",
                   "baseline_value": 1, "target_date": "2023-01-01", "target_value": 10}),
        )
        .await,
    )
    .await;
    let indicator = indicator["id"].as_i64().unwrap();
    created(
        post(
            &app,
            &admin,
            &format!("/indicators/{indicator}/values"),
            json!({"measured_on": "2020-01-01", "value": 4, "note_fr": MARKUP, "note_en": MARKUP}),
        )
        .await,
    )
    .await;

    // A measure under it, named with markup too: the strategy's pages list it
    // in their roll-up table (its rows written as one piece of HTML).
    let measure = created(
        post(
            &app,
            &admin,
            "/initiatives",
            json!({"kind": "measure", "parent_id": id, "code": "HOSTILE-2", "title_fr": MARKUP,
                   "title_en": MARKUP, "visibility": "published"}),
        )
        .await,
    )
    .await;
    created(
        post(
            &app,
            &admin,
            &format!("/initiatives/{}/updates", measure["id"]),
            json!({"as_of": "2019-06-30", "status": "in_progress", "health": "on_track"}),
        )
        .await,
    )
    .await;

    // The SQL in the titles was data, not a statement.
    assert_eq!(count(&db, "select count(*) from initiative").await, 2);

    let mut shown = Vec::new();
    for lang in ["fr", "en"] {
        for path in [
            format!("/{lang}"),
            format!("/{lang}/progress/{id}"),
            format!("/{lang}/feed.atom"),
            format!("/{lang}/initiatives/{id}/feed.atom"),
            format!("/{lang}/progress/{id}/charts/completion.svg"),
            format!("/{lang}/progress/{id}/charts/milestones.svg"),
            format!("/{lang}/progress/{id}/charts/indicator-{indicator}.svg"),
        ] {
            let response = app.get(&path).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let text = response.text().await.unwrap();
            for raw in ["<script>alert", "<img src=x", "<b>clic", "<u>"] {
                assert!(!text.contains(raw), "{path} holds {raw:?} unescaped");
            }
            shown.push((path, text));
        }
    }
    // Shown, as text: escaped in the pages, the feeds and the charts that
    // name the initiative, its milestone or its indicator (the completion
    // chart counts its measures and names none).
    for (path, text) in shown.iter().filter(|(p, _)| !p.ends_with("completion.svg")) {
        assert!(
            text.contains("&lt;/title&gt;&lt;/textarea&gt;"),
            "{path} shows the title as text: {text}"
        );
    }

    for (path, text) in shown
        .iter()
        .filter(|(p, _)| p.ends_with(&format!("/progress/{id}")))
    {
        let row = text
            .split("<tr data-rollup-depth=\"1\">")
            .nth(1)
            .and_then(|rest| rest.split("</tr>").next())
            .unwrap_or_else(|| panic!("{path} lists the measure in its roll-up"));
        assert!(
            row.contains("HOSTILE-2</span> &lt;/title&gt;&lt;/textarea&gt;&lt;script&gt;"),
            "{path}: the measure's title is text in the roll-up: {row}"
        );
    }

    let listed: Value =
        serde_json::from_str(&app.get("/api/v1/initiatives").await.text().await.unwrap()).unwrap();
    assert_eq!(listed[0]["title_en"], MARKUP);
    let csv = app
        .get("/api/v1/initiatives.csv")
        .await
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[at("title_en")], MARKUP);
    // A spreadsheet reads the formula as text: marked, and otherwise whole.
    assert_eq!(&row[at("title_fr")], format!("'{FORMULA}"));
    assert_eq!(&row[at("description_en")], format!("'{FORMULA}"));
}

/// What the request is, its method, path, content type and body, and the
/// status it must get.
type Case<'a> = (
    &'a str,
    Method,
    String,
    Option<&'a str>,
    Vec<u8>,
    StatusCode,
);

#[tokio::test]
async fn malformed_requests_get_a_4xx_that_says_why_and_store_nothing() {
    let app = TestApp::spawn().await;
    let db = app.test_db.db.clone();
    let editor = token(&db, Role::Editor).await;
    let ok = send(
        &app,
        Method::POST,
        "/initiatives",
        &editor,
        Some("application/json"),
        json!({"kind": "strategy", "code": "S-1", "title_fr": "Stratégie", "title_en": "Strategy"})
            .to_string()
            .into_bytes(),
    )
    .await;
    let strategy = created(ok).await["id"].as_i64().unwrap();
    let updates = format!("/initiatives/{strategy}/updates");
    let update = |extra: Value| {
        let mut body =
            json!({"as_of": "2019-06-30", "status": "in_progress", "health": "on_track"});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        body.to_string().into_bytes()
    };
    let json = Some("application/json");
    let long = "é".repeat(input::TITLE_MAX + 1);
    let huge_text = "x".repeat(input::TEXT_MAX + 1);
    let cases: Vec<Case> = vec![
        ("truncated JSON", Method::POST, updates.clone(), json, br#"{"as_of": "2019-06-30", "sta"#.to_vec(), StatusCode::BAD_REQUEST),
        ("invalid UTF-8", Method::POST, updates.clone(), json, b"{\"as_of\": \"2019-06-30\", \"issues_fr\": \"\xff\xfe\"}".to_vec(), StatusCode::BAD_REQUEST),
        ("NaN", Method::POST, updates.clone(), json, br#"{"as_of": "2019-06-30", "status": "in_progress", "health": "on_track", "percent_complete": NaN}"#.to_vec(), StatusCode::BAD_REQUEST),
        ("a number past f64", Method::POST, updates.clone(), json, br#"{"as_of": "2019-06-30", "status": "in_progress", "health": "on_track", "approved_budget": 1e400}"#.to_vec(), StatusCode::BAD_REQUEST),
        ("no content type", Method::POST, updates.clone(), None, update(json!({})), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        ("a form, not JSON", Method::POST, updates.clone(), Some("application/x-www-form-urlencoded"), b"as_of=2019-06-30".to_vec(), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        ("a JSON array", Method::POST, updates.clone(), json, b"[]".to_vec(), StatusCode::UNPROCESSABLE_ENTITY),
        ("a year too far", Method::POST, updates.clone(), json, update(json!({"as_of": "9999-12-31"})), StatusCode::UNPROCESSABLE_ENTITY),
        ("a year too early", Method::POST, updates.clone(), json, update(json!({"as_of": "0001-01-01"})), StatusCode::UNPROCESSABLE_ENTITY),
        ("a six-digit year", Method::POST, updates.clone(), json, update(json!({"as_of": "+10000-01-01"})), StatusCode::UNPROCESSABLE_ENTITY),
        ("February 30", Method::POST, updates.clone(), json, update(json!({"as_of": "2019-02-30"})), StatusCode::UNPROCESSABLE_ENTITY),
        ("an empty date", Method::POST, "/initiatives".into(), json, json!({"kind": "strategy", "code": "S-5", "title_fr": "T", "title_en": "T", "start_date": ""}).to_string().into_bytes(), StatusCode::UNPROCESSABLE_ENTITY),
        ("a percentage of 1e20", Method::POST, updates.clone(), json, update(json!({"percent_complete": 1e20})), StatusCode::UNPROCESSABLE_ENTITY),
        ("a negative budget", Method::POST, updates.clone(), json, update(json!({"approved_budget": -0.01})), StatusCode::UNPROCESSABLE_ENTITY),
        ("a budget in fractions of a cent", Method::POST, updates.clone(), json, update(json!({"spent_to_date": 0.001})), StatusCode::UNPROCESSABLE_ENTITY),
        ("a budget past any treasury", Method::POST, updates.clone(), json, update(json!({"approved_budget": 1e300})), StatusCode::UNPROCESSABLE_ENTITY),
        ("an overlong narrative", Method::POST, updates.clone(), json, update(json!({"accomplishments_fr": huge_text})), StatusCode::UNPROCESSABLE_ENTITY),
        ("SQL as a status", Method::POST, updates.clone(), json, update(json!({"status": "in_progress'; delete from status_update; --"})), StatusCode::UNPROCESSABLE_ENTITY),
        ("a NUL in a narrative", Method::POST, updates.clone(), json, update(json!({"issues_fr": "avant\u{0}après"})), StatusCode::UNPROCESSABLE_ENTITY),
        ("an overlong title", Method::POST, "/initiatives".into(), json, json!({"kind": "strategy", "code": "S-2", "title_fr": long, "title_en": "T"}).to_string().into_bytes(), StatusCode::UNPROCESSABLE_ENTITY),
        ("markup in a code", Method::POST, "/initiatives".into(), json, json!({"kind": "strategy", "code": "<b>", "title_fr": "T", "title_en": "T"}).to_string().into_bytes(), StatusCode::UNPROCESSABLE_ENTITY),
        ("a weight of infinity's neighbour", Method::POST, "/initiatives".into(), json, json!({"kind": "strategy", "code": "S-3", "title_fr": "T", "title_en": "T", "weight": 1.7e308}).to_string().into_bytes(), StatusCode::UNPROCESSABLE_ENTITY),
        ("an id past i64", Method::POST, "/initiatives".into(), json, br#"{"kind": "measure", "code": "S-4", "title_fr": "T", "title_en": "T", "parent_id": 99999999999999999999999}"#.to_vec(), StatusCode::UNPROCESSABLE_ENTITY),
        ("If-Match past i64", Method::PATCH, format!("/initiatives/{strategy}"), json, json!({"title_en": "T"}).to_string().into_bytes(), StatusCode::BAD_REQUEST),
    ];
    let before = footprint(&db).await;
    for (what, method, path, content_type, body, expected) in cases {
        let mut request = app
            .client
            .request(method.clone(), app.url(&format!("/api/v1{path}")))
            .bearer_auth(&editor)
            .body(body);
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        if method == Method::PATCH {
            request = request.header(header::IF_MATCH, "\"99999999999999999999999\"");
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        assert_eq!(status, expected, "{what}: {text}");
        let body: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: {e}: {text}"));
        assert!(
            !body["message"].as_str().unwrap_or_default().is_empty(),
            "{what}: a message says why: {text}"
        );
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            assert!(
                body["errors"][0]["field"].is_string(),
                "{what}: names its field: {text}"
            );
        }
    }
    assert_eq!(footprint(&db).await, before, "nothing stored");
}

/// What a form post is, its server function, content type and body, and the
/// field its refusal must name.
type FormCase<'a> = (&'a str, &'a str, &'a str, Vec<u8>, Option<&'a str>);

/// The row counts of every table, and the data version.
async fn every_table(db: &Db) -> Vec<i64> {
    let mut counts = footprint(db).await;
    for table in [
        "account",
        "api_token",
        "contact",
        "import_batch",
        "initiative_theme",
        "organisation",
        "report_version",
        "status_period",
        "theme",
    ] {
        counts.push(count(db, &format!("select count(*) from {table}")).await);
    }
    counts
}

/// The server functions the pages' forms post to, given what no form of
/// theirs would send: each answers a 4xx that says why (naming the field
/// when one is at fault), stores nothing, and never fails with a 5xx.
#[tokio::test]
async fn hostile_form_posts_get_a_4xx_that_says_why_and_store_nothing() {
    use app::forms::FormError;
    let app = TestApp::spawn().await;
    let db = app.test_db.db.clone();
    let admin = token(&db, Role::Administrator).await;
    let programme = created(
        post(&app, &admin, "/initiatives", json!({"kind": "programme", "code": "P-1", "title_fr": "Programme", "title_en": "Programme"})).await,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let indicator = created(
        post(
            &app,
            &admin,
            &format!("/initiatives/{programme}/indicators"),
            json!({
            "code": "IND-1", "name_fr": "Centres", "name_en": "Centres", "unit_fr": "centres",
            "unit_en": "centres", "direction": "down"}),
        )
        .await,
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let signed_in = app
        .client
        .post(app.url("/fn/sign_in"))
        .header(header::ACCEPT, "application/json")
        .form(&[
            ("locale", "en"),
            ("email", "administrator@sct.gouv.qc.ca"),
            ("password", "a long password!"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::OK);
    let cookie = common::session_cookie(&signed_in).expect("a session");

    let programme_id = programme.to_string();
    let update = StatusUpdateForm {
        initiative_id: programme_id.clone(),
        as_of: "2019-06-30".into(),
        status: "in_progress".into(),
        health: "on_track".into(),
        ..Default::default()
    };
    let initiative = InitiativeForm {
        kind: "measure".into(),
        parent_id: programme_id.clone(),
        code: "M-1".into(),
        title_fr: "Mesure".into(),
        title_en: "Measure".into(),
        ..Default::default()
    };
    let milestone = MilestoneForm {
        initiative_id: programme_id.clone(),
        title_fr: "Jalon".into(),
        title_en: "Milestone".into(),
        baseline_date: "2020-01-31".into(),
        decided_on: "2019-06-30".into(),
    };
    let new_indicator = IndicatorForm {
        initiative_id: programme_id.clone(),
        code: "IND-2".into(),
        name_fr: "Part".into(),
        name_en: "Share".into(),
        unit_fr: "%".into(),
        unit_en: "%".into(),
        direction: "up".into(),
        ..Default::default()
    };
    let value = IndicatorValueForm {
        indicator_id: indicator.to_string(),
        measured_on: "2019-06-30".into(),
        value: "12".into(),
        ..Default::default()
    };
    let account = AccountForm {
        email: "new@sct.gouv.qc.ca".into(),
        name: "New person".into(),
        role: "viewer".into(),
        password: "a long password!".into(),
    };
    let organisation = OrganisationForm {
        code: "MCN".into(),
        name_fr: "Ministère".into(),
        name_en: "Ministry".into(),
    };
    let en = [("locale", "en")];
    let new_record = [("locale", "en"), ("id", ""), ("version", "")];
    let huge = "x".repeat(input::TEXT_MAX + 1);
    let long = "é".repeat(input::TITLE_MAX + 1);
    let form = "application/x-www-form-urlencoded";
    // (what, endpoint, content type, body, the field named: `form` for the
    // body as a whole, None for a sign-in refused as wrong credentials)
    let cases: Vec<FormCase> = vec![
        (
            "a year too far",
            "record_update",
            form,
            common::form_body(&en, &update, &[("as_of", "9999-12-31")]),
            Some("as_of"),
        ),
        (
            "a six-digit year",
            "record_update",
            form,
            common::form_body(&en, &update, &[("as_of", "+10000-01-01")]),
            Some("as_of"),
        ),
        (
            "February 30",
            "record_update",
            form,
            common::form_body(&en, &update, &[("as_of", "2019-02-30")]),
            Some("as_of"),
        ),
        (
            "NaN as a percentage",
            "record_update",
            form,
            common::form_body(&en, &update, &[("percent_complete", "NaN")]),
            Some("percent_complete"),
        ),
        (
            "infinity as a budget",
            "record_update",
            form,
            common::form_body(&en, &update, &[("approved_budget", "inf")]),
            Some("approved_budget"),
        ),
        (
            "a budget past f64",
            "record_update",
            form,
            common::form_body(&en, &update, &[("spent_to_date", "1e400")]),
            Some("spent_to_date"),
        ),
        (
            "a negative forecast",
            "record_update",
            form,
            common::form_body(&en, &update, &[("forecast_at_completion", "-1")]),
            Some("forecast_at_completion"),
        ),
        (
            "SQL as a status",
            "record_update",
            form,
            common::form_body(
                &en,
                &update,
                &[("status", "in_progress'; delete from status_update; --")],
            ),
            Some("status"),
        ),
        (
            "a NUL in a narrative",
            "record_update",
            form,
            common::form_body(&en, &update, &[("issues_fr", "avant\u{0}après")]),
            Some("issues_fr"),
        ),
        (
            "an overlong narrative",
            "record_update",
            form,
            common::form_body(&en, &update, &[("accomplishments_en", &huge)]),
            Some("accomplishments_en"),
        ),
        (
            "an id past i64",
            "record_update",
            form,
            common::form_body(
                &en,
                &update,
                &[("initiative_id", "99999999999999999999999")],
            ),
            Some("initiative_id"),
        ),
        (
            "a correction of nothing",
            "record_update",
            form,
            common::form_body(&en, &update, &[("supersedes", "-1")]),
            Some("supersedes"),
        ),
        (
            "invalid UTF-8, escaped",
            "record_update",
            form,
            [
                &common::form_body(&en, &update, &[])[..],
                b"&form%5Bissues_fr%5D=%FF%FE",
            ]
            .concat(),
            Some("form"),
        ),
        (
            "invalid UTF-8, raw",
            "record_update",
            form,
            [
                &common::form_body(&en, &update, &[])[..],
                b"&form%5Bissues_en%5D=\xff\xfe",
            ]
            .concat(),
            Some("form"),
        ),
        (
            "a truncated body",
            "record_update",
            form,
            common::form_body(&en, &update, &[])[..40].to_vec(),
            Some("form"),
        ),
        (
            "JSON where a form goes",
            "record_update",
            "application/json",
            json!({"locale": "en", "form": {"as_of": "2019-06-30"}})
                .to_string()
                .into_bytes(),
            Some("form"),
        ),
        (
            "an empty body",
            "record_update",
            form,
            Vec::new(),
            Some("form"),
        ),
        (
            "an overlong title",
            "save_initiative",
            form,
            common::form_body(&new_record, &initiative, &[("title_fr", &long)]),
            Some("title_fr"),
        ),
        (
            "markup in a code",
            "save_initiative",
            form,
            common::form_body(&new_record, &initiative, &[("code", "<script>")]),
            Some("code"),
        ),
        (
            "a weight of infinity",
            "save_initiative",
            form,
            common::form_body(&new_record, &initiative, &[("weight", "inf")]),
            Some("weight"),
        ),
        (
            "a start in year 0",
            "save_initiative",
            form,
            common::form_body(&new_record, &initiative, &[("start_date", "0000-01-01")]),
            Some("start_date"),
        ),
        (
            "a kind of SQL",
            "save_initiative",
            form,
            common::form_body(&new_record, &initiative, &[("kind", "measure' or '1'='1")]),
            Some("kind"),
        ),
        (
            "a version that is not one",
            "save_initiative",
            form,
            common::form_body(
                &[("locale", "en"), ("id", &programme_id), ("version", "1e3")],
                &initiative,
                &[],
            ),
            Some("version"),
        ),
        (
            "a baseline on February 30",
            "add_milestone",
            form,
            common::form_body(&en, &milestone, &[("baseline_date", "2020-02-30")]),
            Some("baseline_date"),
        ),
        (
            "a control character in a title",
            "add_milestone",
            form,
            common::form_body(&en, &milestone, &[("title_en", "a\u{1b}[31mred")]),
            Some("title_en"),
        ),
        (
            "NaN as a target",
            "add_indicator",
            form,
            common::form_body(
                &en,
                &new_indicator,
                &[("target_date", "2025-01-01"), ("target_value", "NaN")],
            ),
            Some("target_value"),
        ),
        (
            "a direction of markup",
            "add_indicator",
            form,
            common::form_body(&en, &new_indicator, &[("direction", "<b>up</b>")]),
            Some("direction"),
        ),
        (
            "minus infinity as a value",
            "record_indicator_value",
            form,
            common::form_body(&en, &value, &[("value", "-inf")]),
            Some("value"),
        ),
        (
            "a value past f64",
            "record_indicator_value",
            form,
            common::form_body(&en, &value, &[("value", "1e400")]),
            Some("value"),
        ),
        (
            "a value of an unknown indicator",
            "record_indicator_value",
            form,
            common::form_body(&en, &value, &[("indicator_id", "424242")]),
            Some("indicator_id"),
        ),
        (
            "markup as an address",
            "add_account",
            form,
            common::form_body(&en, &account, &[("email", "<script>@sct.gouv.qc.ca")]),
            Some("email"),
        ),
        (
            "a role of one's choosing",
            "add_account",
            form,
            common::form_body(&en, &account, &[("role", "superuser")]),
            Some("role"),
        ),
        (
            "a short password",
            "add_account",
            form,
            common::form_body(&en, &account, &[("password", "short")]),
            Some("password"),
        ),
        (
            "an overlong name",
            "add_organisation",
            form,
            common::form_body(&en, &organisation, &[("name_fr", &long)]),
            Some("name_fr"),
        ),
        (
            "an import that is not a number",
            "apply_import",
            form,
            b"locale=en&id=abc".to_vec(),
            Some("form"),
        ),
        (
            "sign-in in invalid UTF-8",
            "sign_in",
            form,
            b"locale=en&email=%FF%FE&password=x".to_vec(),
            // Decoded with U+FFFD for each bad byte: no such account.
            None,
        ),
    ];
    let before = every_table(&db).await;
    for (what, endpoint, content_type, body, named) in cases {
        let response = app
            .client
            .post(app.url(&format!("/fn/{endpoint}")))
            .header(header::ACCEPT, "application/json")
            .header(header::CONTENT_TYPE, content_type)
            .header(header::COOKIE, &cookie)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(status.is_client_error(), "{what}: {status} {text}");
        let error: FormError =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: {e}: {text}"));
        match (named, &error) {
            (Some(field), FormError::Invalid { errors, .. }) => {
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}");
                assert!(
                    errors.get(field).is_some(),
                    "{what}: {field} not named in {text}"
                );
            }
            (None, FormError::BadCredentials) => {
                assert_eq!(status, StatusCode::UNAUTHORIZED, "{what}")
            }
            (expected, other) => panic!("{what}: expected {expected:?} named, got {other:?}"),
        }
        assert_eq!(every_table(&db).await, before, "{what}: nothing stored");
    }
    // The session still works: the refusals were the input's, not the server's.
    let good = app
        .client
        .post(app.url("/fn/record_update"))
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, form)
        .header(header::COOKIE, &cookie)
        .body(common::form_body(&en, &update, &[]))
        .send()
        .await
        .unwrap();
    assert_eq!(
        good.status(),
        StatusCode::OK,
        "{}",
        good.text().await.unwrap()
    );
}
