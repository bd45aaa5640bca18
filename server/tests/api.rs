//! The write API as another system meets it: who may call what, what bad
//! input gets back, conflicts, limits, the audit trail and the OpenAPI
//! document. Runs on SQLite, or on PostgreSQL when `JALONS_TEST_POSTGRES_URL`
//! is set.

mod common;

use app::domain::*;
use app::store::{accounts, write, Actor, Db};
use chrono::NaiveDate;
use common::TestApp;
use reqwest::header;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const SETUP: Actor = Actor {
    who: "setup",
    via: Via::Cli,
};

/// A running server with one token per kind of caller and a little data.
struct World {
    app: TestApp,
    viewer: String,
    editor: String,
    admin: String,
    revoked: String,
    disabled: String,
    /// A strategy (root), an area under it, a milestone and an indicator of the area.
    strategy: i64,
    area: i64,
    milestone: i64,
    indicator: i64,
}

const EDITOR_EMAIL: &str = "editor@sct.gouv.qc.ca";
const ADMIN_EMAIL: &str = "admin@sct.gouv.qc.ca";

async fn token_for(db: &Db, email: &str, role: Role) -> String {
    let address = Email::parse("email", email).unwrap();
    let mut tx = db.begin().await.unwrap();
    accounts::create_account(
        &mut tx,
        SETUP,
        &address,
        "Someone",
        role,
        "a long password!",
    )
    .await
    .unwrap();
    let (token, _) = accounts::create_token(&mut tx, SETUP, &address, "tests")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    token
}

async fn initiative(db: &Db, form: InitiativeForm) -> Initiative {
    let mut tx = db.begin().await.unwrap();
    let created = write::create_initiative(&mut tx, SETUP, &form.parse().unwrap())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    created
}

impl World {
    async fn new() -> World {
        let app = TestApp::spawn().await;
        let db = app.test_db.db.clone();
        let viewer = token_for(&db, "viewer@sct.gouv.qc.ca", Role::Viewer).await;
        let editor = token_for(&db, EDITOR_EMAIL, Role::Editor).await;
        let admin = token_for(&db, ADMIN_EMAIL, Role::Administrator).await;
        let revoked = token_for(&db, "former@sct.gouv.qc.ca", Role::Editor).await;
        let disabled = token_for(&db, "gone@sct.gouv.qc.ca", Role::Editor).await;
        let mut tx = db.begin().await.unwrap();
        let listed = accounts::tokens(&db).await.unwrap();
        let former = listed
            .iter()
            .find(|t| t.account.as_str() == "former@sct.gouv.qc.ca")
            .unwrap();
        accounts::revoke_token(&mut tx, SETUP, former.id)
            .await
            .unwrap();
        let gone = Email::parse("email", "gone@sct.gouv.qc.ca").unwrap();
        accounts::set_disabled(&mut tx, SETUP, &gone, true)
            .await
            .unwrap();
        let theme = Code::parse("code", "cloud").unwrap();
        write::save_theme(
            &mut tx,
            SETUP,
            &theme,
            &Bilingual::new("Infonuagique", "Cloud"),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let strategy = initiative(
            &db,
            InitiativeForm {
                kind: "strategy".into(),
                code: "SGTI-2015".into(),
                title_fr: "Stratégie gouvernementale en TI".into(),
                title_en: "Government IT strategy".into(),
                ..Default::default()
            },
        )
        .await;
        let area = initiative(
            &db,
            InitiativeForm {
                parent_id: strategy.id.to_string(),
                kind: "area".into(),
                code: "AXE-1".into(),
                title_fr: "Gouvernance".into(),
                title_en: "Governance".into(),
                ..Default::default()
            },
        )
        .await;
        let mut tx = db.begin().await.unwrap();
        let date = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let milestone = write::create_milestone(
            &mut tx,
            SETUP,
            &MilestoneDraft {
                initiative_id: area.id,
                title: Bilingual::new("Mise en service", "Go-live"),
                baseline_date: date("2022-06-30"),
                decided_on: date("2020-01-01"),
            },
        )
        .await
        .unwrap();
        let indicator = write::create_indicator(
            &mut tx,
            SETUP,
            &IndicatorDraft {
                initiative_id: area.id,
                code: Code::parse("code", "centres").unwrap(),
                name: Bilingual::new("Centres", "Centres"),
                unit: Bilingual::default(),
                direction: Direction::Down,
                baseline: Some((date("2015-06-01"), 457.0)),
                target: Some((date("2023-03-31"), 3.0)),
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        World {
            app,
            viewer,
            editor,
            admin,
            revoked,
            disabled,
            strategy: strategy.id.0,
            area: area.id.0,
            milestone: milestone.id.0,
            indicator: indicator.id.0,
        }
    }

    fn db(&self) -> &Db {
        &self.app.test_db.db
    }

    /// A JSON request to the API, with `token` when given.
    async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        if_match: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .app
            .client
            .request(method, self.app.url(&format!("/api/v1{path}")));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request
                .header(header::CONTENT_TYPE, "application/json")
                .body(body.to_string());
        }
        if let Some(version) = if_match {
            request = request.header(header::IF_MATCH, version);
        }
        request.send().await.expect("request sent")
    }

    async fn post(&self, path: &str, token: &str, body: Value) -> reqwest::Response {
        self.call(Method::POST, path, Some(token), Some(body), None)
            .await
    }

    /// The current ETag of an initiative, read as the editor.
    async fn etag(&self, id: i64) -> String {
        let response = self
            .call(
                Method::GET,
                &format!("/initiatives/{id}"),
                Some(&self.editor),
                None,
                None,
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        response.headers()[header::ETAG]
            .to_str()
            .unwrap()
            .to_owned()
    }

    async fn scalar(&self, sql: &str) -> i64 {
        match self.db() {
            Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
            Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
        }
    }

    /// Everything a write would change: the data version, the audit log and
    /// the row count of each table the API writes to.
    async fn footprint(&self) -> Vec<i64> {
        let mut counts = vec![
            self.scalar("select version from data_version where id = 1")
                .await,
        ];
        for table in [
            "audit_log",
            "initiative",
            "initiative_theme",
            "status_update",
            "milestone",
            "milestone_revision",
            "indicator",
            "indicator_value",
        ] {
            counts.push(self.scalar(&format!("select count(*) from {table}")).await);
        }
        counts
    }

    /// The latest audit row: (actor, via, action, entity).
    async fn last_audit(&self) -> (String, String, String, String) {
        const SQL: &str =
            "select actor, via, action, entity from audit_log order by id desc limit 1";
        match self.db() {
            Db::Sqlite(pool) => sqlx::query_as(SQL).fetch_one(pool).await.unwrap(),
            Db::Postgres(pool) => sqlx::query_as(SQL).fetch_one(pool).await.unwrap(),
        }
    }
}

/// The JSON body of a response.
async fn json(response: reqwest::Response) -> Value {
    let text = response.text().await.expect("a body");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The fields named by a 422 response, after checking its shape.
async fn invalid_fields(response: reqwest::Response) -> Vec<String> {
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = json(response).await;
    assert_eq!(body["code"], "invalid", "{body}");
    body["errors"]
        .as_array()
        .expect("a list of errors")
        .iter()
        .map(|e| {
            let field = e["field"].as_str().unwrap().to_owned();
            let message = e["message"].as_str().unwrap();
            assert!(message.starts_with(&field), "{message} names {field}");
            assert!(e["code"].is_string());
            field
        })
        .collect()
}

fn new_initiative(code: &str, parent: i64) -> Value {
    json!({
        "parent_id": parent,
        "kind": "measure",
        "code": code,
        "title_fr": "Renforcer le rôle du DPI",
        "title_en": "Strengthen the role of the CIO",
        "start_date": "2015-06-01",
        "target_date": "2017-10-31",
        "themes": ["cloud"],
        "weight": 2.5,
        "priority": true,
    })
}

fn new_update() -> Value {
    json!({
        "as_of": "2017-10-31",
        "status": "in_progress",
        "health": "at_risk",
        "percent_complete": 40,
        "approved_budget": 150000000.5,
        "issues_en": "Supplier late",
        "internal_note": "call the supplier",
    })
}

/// The write endpoints, each with a request that succeeds for an editor.
#[derive(Clone, Copy, Debug)]
enum Endpoint {
    CreateInitiative,
    ChangeInitiative,
    RecordUpdate,
    CreateMilestone,
    ReviseMilestone,
    CreateIndicator,
    RecordValue,
}

const ENDPOINTS: [Endpoint; 7] = [
    Endpoint::CreateInitiative,
    Endpoint::ChangeInitiative,
    Endpoint::RecordUpdate,
    Endpoint::CreateMilestone,
    Endpoint::ReviseMilestone,
    Endpoint::CreateIndicator,
    Endpoint::RecordValue,
];

impl Endpoint {
    /// Method, path, a valid body (different for each `n`) and the status of success.
    fn request(self, w: &World, n: u32) -> (Method, String, Value, StatusCode) {
        use Endpoint::*;
        match self {
            CreateInitiative => (
                Method::POST,
                "/initiatives".into(),
                new_initiative(&format!("M-{n}"), w.area),
                StatusCode::CREATED,
            ),
            ChangeInitiative => (
                Method::PATCH,
                format!("/initiatives/{}", w.area),
                json!({ "title_en": format!("Governance, take {n}") }),
                StatusCode::OK,
            ),
            RecordUpdate => (
                Method::POST,
                format!("/initiatives/{}/updates", w.area),
                new_update(),
                StatusCode::CREATED,
            ),
            CreateMilestone => (
                Method::POST,
                format!("/initiatives/{}/milestones", w.area),
                json!({"title_fr": "Appel d'offres", "title_en": "Call for tenders", "baseline_date": "2021-01-15"}),
                StatusCode::CREATED,
            ),
            ReviseMilestone => (
                Method::PATCH,
                format!("/milestones/{}", w.milestone),
                json!({"forecast_date": format!("2023-0{}-28", n + 1), "reason_en": "Supplier late"}),
                StatusCode::OK,
            ),
            CreateIndicator => (
                Method::POST,
                format!("/initiatives/{}/indicators", w.area),
                json!({"code": format!("cloud-{n}"), "name_fr": "Part infonuagique", "name_en": "Share on cloud",
                       "unit_fr": "%", "unit_en": "%", "direction": "up"}),
                StatusCode::CREATED,
            ),
            RecordValue => (
                Method::POST,
                format!("/indicators/{}/values", w.indicator),
                json!({"measured_on": "2019-03-31", "value": 120 + n}),
                StatusCode::CREATED,
            ),
        }
    }

    async fn send(self, w: &World, token: Option<&str>, n: u32) -> reqwest::Response {
        let (method, path, body, _) = self.request(w, n);
        let if_match = match self {
            Endpoint::ChangeInitiative => Some(w.etag(w.area).await),
            _ => None,
        };
        w.call(method, &path, token, Some(body), if_match.as_deref())
            .await
    }
}

#[tokio::test]
async fn only_editors_and_administrators_write_and_refusals_store_nothing() {
    let w = World::new().await;
    let refused = [
        ("anonymous", None, StatusCode::UNAUTHORIZED),
        (
            "bad token",
            Some("jalons_not-a-real-token"),
            StatusCode::UNAUTHORIZED,
        ),
        ("not a jalons token", Some("abc"), StatusCode::UNAUTHORIZED),
        (
            "revoked token",
            Some(w.revoked.as_str()),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "disabled account",
            Some(w.disabled.as_str()),
            StatusCode::UNAUTHORIZED,
        ),
        ("viewer", Some(w.viewer.as_str()), StatusCode::FORBIDDEN),
    ];
    for endpoint in ENDPOINTS {
        for (who, token, expected) in refused {
            let before = w.footprint().await;
            let response = endpoint.send(&w, token, 0).await;
            assert_eq!(response.status(), expected, "{endpoint:?} as {who}");
            if expected == StatusCode::UNAUTHORIZED {
                let challenge = response.headers()[header::WWW_AUTHENTICATE]
                    .to_str()
                    .unwrap();
                assert!(challenge.starts_with("Bearer"), "{challenge}");
            }
            let body: Value = json(response).await;
            assert!(body["message"].is_string(), "{endpoint:?} as {who}: {body}");
            assert_eq!(
                w.footprint().await,
                before,
                "{endpoint:?} as {who} stored something"
            );
        }
        for (n, (who, token)) in [(1, ("editor", &w.editor)), (2, ("administrator", &w.admin))] {
            let before = w.footprint().await;
            let (_, _, _, success) = endpoint.request(&w, n);
            let response = endpoint.send(&w, Some(token), n).await;
            assert_eq!(
                response.status(),
                success,
                "{endpoint:?} as {who}: {}",
                response.text().await.unwrap()
            );
            let after = w.footprint().await;
            assert_eq!(
                after[1],
                before[1] + 1,
                "{endpoint:?} as {who}: one audit row"
            );
            assert!(
                after[0] > before[0],
                "{endpoint:?} as {who}: the data version grows"
            );
        }
    }
}

#[tokio::test]
async fn any_valid_token_reads_an_initiative_with_its_etag() {
    let w = World::new().await;
    let path = format!("/initiatives/{}", w.area);
    for (token, expected) in [
        // The area is internal: the public is told it does not exist.
        (None, StatusCode::NOT_FOUND),
        (Some(w.revoked.as_str()), StatusCode::UNAUTHORIZED),
        (Some(w.viewer.as_str()), StatusCode::OK),
        (Some(w.editor.as_str()), StatusCode::OK),
        (Some(w.admin.as_str()), StatusCode::OK),
    ] {
        let response = w.call(Method::GET, &path, token, None, None).await;
        assert_eq!(response.status(), expected, "{token:?}");
    }
    let response = w
        .call(Method::GET, &path, Some(&w.viewer), None, None)
        .await;
    assert_eq!(response.headers()[header::ETAG], "\"1\"");
    let body: Value = json(response).await;
    assert_eq!(body["code"], "AXE-1");
    assert_eq!(body["parent_id"], w.strategy);
    assert_eq!(body["kind"], "area");
    assert_eq!(body["visibility"], "internal");
}

#[tokio::test]
async fn creating_answers_201_with_location_and_the_resource_and_audits_it() {
    let w = World::new().await;

    let response = w
        .post("/initiatives", &w.editor, new_initiative("M-12", w.area))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(response.headers()[header::ETAG], "\"1\"");
    let created: Value = json(response).await;
    let id = created["id"].as_i64().unwrap();
    assert_eq!(location, format!("/api/v1/initiatives/{id}"));
    assert_eq!(created["code"], "M-12");
    assert_eq!(created["kind"], "measure");
    assert_eq!(created["title_fr"], "Renforcer le rôle du DPI");
    assert_eq!(created["start_date"], "2015-06-01");
    assert_eq!(created["target_date"], "2017-10-31");
    assert_eq!(created["themes"], json!(["cloud"]));
    assert_eq!(created["weight"], 2.5);
    assert_eq!(created["priority"], true);
    assert_eq!(created["visibility"], "internal");
    assert_eq!(created["archived"], false);
    assert_eq!(
        w.last_audit().await,
        (
            EDITOR_EMAIL.into(),
            "api".into(),
            "create".into(),
            "initiative".into()
        )
    );
    let read = w
        .app
        .client
        .get(w.app.url(&location))
        .bearer_auth(&w.viewer)
        .send()
        .await
        .unwrap();
    let mut read: Value = json(read).await;
    // A read gives back what was created, with the organisation's code and
    // the state (none yet).
    let fields = read.as_object_mut().unwrap();
    assert_eq!(fields.remove("organisation_code"), Some(Value::Null));
    assert_eq!(fields.remove("state"), Some(Value::Null));
    assert_eq!(read, created);

    let response = w
        .post(
            &format!("/initiatives/{id}/updates"),
            &w.editor,
            new_update(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    let update: Value = json(response).await;
    assert_eq!(
        location,
        format!("/api/v1/initiatives/{id}/updates/{}", update["id"])
    );
    assert_eq!(update["initiative_id"], id);
    assert_eq!(update["status"], "in_progress");
    assert_eq!(update["health"], "at_risk");
    assert_eq!(update["schedule_health"], Value::Null);
    assert_eq!(update["percent_complete"], 40);
    assert_eq!(update["approved_budget"], 150000000.5);
    assert_eq!(update["issues_en"], "Supplier late");
    assert_eq!(update["internal_note"], "call the supplier");
    assert_eq!(update["author"], EDITOR_EMAIL);
    assert_eq!(
        w.last_audit().await,
        (
            EDITOR_EMAIL.into(),
            "api".into(),
            "append".into(),
            "status_update".into()
        )
    );
    let cents = w.scalar("select approved_budget from status_update").await;
    assert_eq!(cents, 15_000_000_050, "dollars are stored as cents");

    let response = w
        .post(
            &format!("/initiatives/{id}/milestones"),
            &w.admin,
            json!({"title_fr": "Lancement", "title_en": "Launch", "baseline_date": "2016-09-30", "decided_on": "2015-06-01"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    let milestone: Value = json(response).await;
    assert_eq!(location, format!("/api/v1/milestones/{}", milestone["id"]));
    assert_eq!(milestone["baseline_date"], "2016-09-30");
    assert_eq!(milestone["forecast_date"], "2016-09-30");
    assert_eq!(milestone["actual_date"], Value::Null);
    assert_eq!(
        w.last_audit().await,
        (
            ADMIN_EMAIL.into(),
            "api".into(),
            "create".into(),
            "milestone".into()
        )
    );

    let response = w
        .post(
            &format!("/initiatives/{id}/indicators"),
            &w.editor,
            json!({"code": "cloud", "name_fr": "Part infonuagique", "name_en": "Share on cloud", "unit_fr": "%", "unit_en": "%",
                   "direction": "up", "baseline_date": "2015-06-01", "baseline_value": 0, "target_date": "2023-03-31", "target_value": 80}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    let indicator: Value = json(response).await;
    let indicator_id = indicator["id"].as_i64().unwrap();
    assert_eq!(location, format!("/api/v1/indicators/{indicator_id}"));
    assert_eq!(indicator["direction"], "up");
    assert_eq!(indicator["baseline_value"], 0.0);
    assert_eq!(indicator["target_date"], "2023-03-31");

    let response = w
        .post(
            &format!("/indicators/{indicator_id}/values"),
            &w.editor,
            json!({"measured_on": "2019-03-31", "value": 42.5, "note_en": "estimate"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    let value: Value = json(response).await;
    assert_eq!(
        location,
        format!("/api/v1/indicators/{indicator_id}/values/{}", value["id"])
    );
    assert_eq!(value["value"], 42.5);
    assert_eq!(value["note_en"], "estimate");
    assert_eq!(value["author"], EDITOR_EMAIL);
    assert_eq!(
        w.last_audit().await,
        (
            EDITOR_EMAIL.into(),
            "api".into(),
            "append".into(),
            "indicator_value".into()
        )
    );
}

#[tokio::test]
async fn a_bad_initiative_names_each_field_and_stores_nothing() {
    let w = World::new().await;
    let with = |changes: Value| {
        let mut body = new_initiative("M-1", w.area);
        for (key, value) in changes.as_object().unwrap() {
            body[key] = value.clone();
        }
        body
    };
    let mut missing_title = new_initiative("M-1", w.area);
    missing_title.as_object_mut().unwrap().remove("title_en");
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (missing_title, vec!["title_en"]),
        (with(json!({"title_fr": "  "})), vec!["title_fr"]),
        (with(json!({"kind": "epic"})), vec!["kind"]),
        (with(json!({"kind": 3})), vec!["kind"]),
        (with(json!({"code": "M 12"})), vec!["code"]),
        (
            with(json!({"start_date": "2018-01-01"})),
            vec!["target_date"],
        ),
        (
            with(json!({"start_date": "01/06/2015"})),
            vec!["start_date"],
        ),
        (with(json!({"weight": 2000})), vec!["weight"]),
        (with(json!({"weight": "heavy"})), vec!["weight"]),
        (with(json!({"visibility": "secret"})), vec!["visibility"]),
        (with(json!({"priority": "yes"})), vec!["priority"]),
        (with(json!({"themes": "cloud"})), vec!["themes"]),
        (with(json!({"themes": ["cloud,ai"]})), vec!["themes"]),
        (with(json!({"parent_id": "7"})), vec!["parent_id"]),
        (
            with(json!({"organisation_id": -4})),
            vec!["organisation_id"],
        ),
        (with(json!({"colour": "blue"})), vec!["colour"]),
        // Rules the store checks against the data.
        (with(json!({"parent_id": 9999})), vec!["parent_id"]),
        (with(json!({"parent_id": null})), vec!["parent_id"]),
        (with(json!({"themes": ["nope"]})), vec!["themes"]),
        (with(json!({"contact_id": 77})), vec!["contact_id"]),
        (
            with(json!({"code": "SGTI-2015", "kind": "strategy", "parent_id": null})),
            vec!["code"],
        ),
        // Several at once, all named.
        (
            with(json!({"kind": "epic", "percent": 3, "target_date": "2014-01-01"})),
            vec!["kind", "target_date", "percent"],
        ),
    ];
    let before = w.footprint().await;
    for (body, expected) in cases {
        let response = w.post("/initiatives", &w.editor, body.clone()).await;
        let mut fields = invalid_fields(response).await;
        fields.sort();
        let mut expected: Vec<String> = expected.into_iter().map(String::from).collect();
        expected.sort();
        assert_eq!(fields, expected, "{body}");
    }
    assert_eq!(w.footprint().await, before);
}

#[tokio::test]
async fn a_bad_status_update_names_each_field_and_stores_nothing() {
    let w = World::new().await;
    let path = format!("/initiatives/{}/updates", w.area);
    let with = |changes: Value| {
        let mut body = new_update();
        for (key, value) in changes.as_object().unwrap() {
            body[key] = value.clone();
        }
        body
    };
    let cases: Vec<(Value, &str)> = vec![
        (with(json!({"percent_complete": 101})), "percent_complete"),
        (with(json!({"percent_complete": -1})), "percent_complete"),
        (with(json!({"percent_complete": 40.5})), "percent_complete"),
        (with(json!({"percent_complete": "40"})), "percent_complete"),
        (with(json!({"as_of": "2017-02-30"})), "as_of"),
        (with(json!({"as_of": null})), "as_of"),
        (with(json!({"status": "done"})), "status"),
        (with(json!({"health": "fine"})), "health"),
        (with(json!({"schedule_health": "late"})), "schedule_health"),
        (with(json!({"issues_en": ""})), "issues_fr"),
        (
            with(json!({"issues_en": null, "health": "on_track", "cost_health": "off_track"})),
            "issues_fr",
        ),
        (with(json!({"approved_budget": -5})), "approved_budget"),
        (with(json!({"spent_to_date": 1.234})), "spent_to_date"),
        (
            with(json!({"forecast_at_completion": "1000"})),
            "forecast_at_completion",
        ),
        (
            with(json!({"accomplishments_fr": 12})),
            "accomplishments_fr",
        ),
        (with(json!({"supersedes": 99999})), "supersedes"),
        (with(json!({"initiative_id": 1})), "initiative_id"),
    ];
    let before = w.footprint().await;
    for (body, field) in cases {
        let response = w.post(&path, &w.editor, body.clone()).await;
        assert_eq!(invalid_fields(response).await, [field], "{body}");
    }
    assert_eq!(w.footprint().await, before);
}

#[tokio::test]
async fn bad_milestones_and_indicators_name_each_field_and_store_nothing() {
    let w = World::new().await;
    let milestones = format!("/initiatives/{}/milestones", w.area);
    let milestone = format!("/milestones/{}", w.milestone);
    let indicators = format!("/initiatives/{}/indicators", w.area);
    let values = format!("/indicators/{}/values", w.indicator);
    let indicator = |changes: Value| {
        let mut body =
            json!({"code": "cloud", "name_fr": "Part", "name_en": "Share", "direction": "up"});
        for (key, value) in changes.as_object().unwrap() {
            body[key] = value.clone();
        }
        body
    };
    let cases: Vec<(Method, &str, Value, Vec<&str>)> = vec![
        (
            Method::POST,
            &milestones,
            json!({"title_fr": "Lancement", "baseline_date": "2016-09-30"}),
            vec!["title_en"],
        ),
        (
            Method::POST,
            &milestones,
            json!({"title_fr": "L", "title_en": "L", "baseline_date": "soon"}),
            vec!["baseline_date"],
        ),
        (
            Method::POST,
            &milestones,
            json!({"title_fr": "L", "title_en": "L"}),
            vec!["baseline_date"],
        ),
        (
            Method::PATCH,
            &milestone,
            json!({"forecast_date": "2024-01-31"}),
            vec!["reason_fr"],
        ),
        (
            Method::PATCH,
            &milestone,
            json!({"actual_date": "2022-13-01"}),
            vec!["actual_date"],
        ),
        (
            Method::PATCH,
            &milestone,
            json!({"forecast_date": null}),
            vec!["forecast_date"],
        ),
        (
            Method::PATCH,
            &milestone,
            json!({"actual_date": "2022-06-30", "baseline_date": "2020-01-01"}),
            vec!["baseline_date"],
        ),
        (
            Method::POST,
            &indicators,
            indicator(json!({"direction": "sideways"})),
            vec!["direction"],
        ),
        (
            Method::POST,
            &indicators,
            indicator(json!({"code": null})),
            vec!["code"],
        ),
        (
            Method::POST,
            &indicators,
            indicator(json!({"code": "centres"})),
            vec!["code"],
        ),
        (
            Method::POST,
            &indicators,
            indicator(json!({"baseline_date": "2015-06-01"})),
            vec!["baseline_value"],
        ),
        (
            Method::POST,
            &indicators,
            indicator(json!({"target_value": 3})),
            vec!["target_date"],
        ),
        (
            Method::POST,
            &indicators,
            indicator(
                json!({"baseline_date": "2020-01-01", "baseline_value": 1, "target_date": "2019-01-01", "target_value": 2}),
            ),
            vec!["target_date"],
        ),
        (
            Method::POST,
            &indicators,
            indicator(json!({"target_date": "2023-01-01", "target_value": "many"})),
            vec!["target_value"],
        ),
        (
            Method::POST,
            &values,
            json!({"value": 12}),
            vec!["measured_on"],
        ),
        (
            Method::POST,
            &values,
            json!({"measured_on": "2019-03-31", "value": "12"}),
            vec!["value"],
        ),
        (
            Method::POST,
            &values,
            json!({"measured_on": "2019-03-31"}),
            vec!["value"],
        ),
        (
            Method::POST,
            &values,
            json!({"measured_on": "2019-03-31", "value": 1, "note": "x"}),
            vec!["note"],
        ),
    ];
    let before = w.footprint().await;
    for (method, path, body, expected) in cases {
        let response = w
            .call(method, path, Some(&w.editor), Some(body.clone()), None)
            .await;
        assert_eq!(invalid_fields(response).await, expected, "{path} {body}");
    }
    assert_eq!(w.footprint().await, before);
}

#[tokio::test]
async fn a_body_that_is_not_the_json_expected_gets_a_json_error() {
    let w = World::new().await;
    let url = w.app.url("/api/v1/initiatives");
    let before = w.footprint().await;
    let cases = [
        (
            Some("application/json"),
            "{\"kind\": ",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            Some("application/json"),
            "[1, 2]",
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
        ),
        (
            None,
            "{}",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            Some("text/csv"),
            "kind,code",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
    ];
    for (content_type, body, status, code) in cases {
        let mut request = w.app.client.post(&url).bearer_auth(&w.editor).body(body);
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), status, "{body}");
        let error: Value = json(response).await;
        assert_eq!(error["code"], code, "{body}");
        assert!(error["message"].as_str().unwrap().len() > 10);
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            assert_eq!(error["errors"][0]["field"], "body");
        }
    }
    assert_eq!(w.footprint().await, before);
}

#[tokio::test]
async fn a_body_over_the_limit_gets_413_and_stores_nothing() {
    let w = World::new().await;
    let before = w.footprint().await;
    let mut body = new_initiative("M-1", w.area);
    body["description_fr"] = Value::String("x".repeat(1024 * 1024 + 1));

    let response = w.post("/initiatives", &w.editor, body).await;

    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let error: Value = json(response).await;
    assert_eq!(error["code"], "payload_too_large");
    assert_eq!(w.footprint().await, before);
}

#[tokio::test]
async fn unknown_ids_and_addresses_are_404() {
    let w = World::new().await;
    let before = w.footprint().await;
    let cases = [
        (Method::GET, "/initiatives/9999".to_owned(), json!(null)),
        (
            Method::PATCH,
            "/initiatives/9999".to_owned(),
            json!({"title_en": "x"}),
        ),
        (
            Method::POST,
            "/initiatives/9999/updates".to_owned(),
            new_update(),
        ),
        (
            Method::POST,
            "/initiatives/9999/milestones".to_owned(),
            json!({"title_fr": "a", "title_en": "a", "baseline_date": "2020-01-01"}),
        ),
        (
            Method::POST,
            "/initiatives/9999/indicators".to_owned(),
            json!({"code": "c", "name_fr": "a", "name_en": "a", "direction": "up"}),
        ),
        (
            Method::PATCH,
            "/milestones/9999".to_owned(),
            json!({"actual_date": "2020-01-01"}),
        ),
        (
            Method::POST,
            "/indicators/9999/values".to_owned(),
            json!({"measured_on": "2019-03-31", "value": 1}),
        ),
        (
            Method::PATCH,
            "/initiatives/abc".to_owned(),
            json!({"title_en": "x"}),
        ),
        (
            Method::POST,
            "/initiatives/0/updates".to_owned(),
            new_update(),
        ),
        (Method::GET, "/no/such/thing".to_owned(), json!(null)),
    ];
    for (method, path, body) in cases {
        let body = (!body.is_null()).then_some(body);
        let response = w
            .call(method, &path, Some(&w.admin), body, Some("\"1\""))
            .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let error: Value = json(response).await;
        assert_eq!(error["code"], "not_found", "{path}");
    }
    assert_eq!(w.footprint().await, before);
}

#[tokio::test]
async fn a_change_needs_the_current_version_in_if_match() {
    let w = World::new().await;
    let path = format!("/initiatives/{}", w.area);
    let change = json!({"title_en": "Governance and leadership"});
    let before = w.footprint().await;

    let missing = w
        .call(
            Method::PATCH,
            &path,
            Some(&w.editor),
            Some(change.clone()),
            None,
        )
        .await;
    assert_eq!(missing.status(), StatusCode::PRECONDITION_REQUIRED);
    let malformed = w
        .call(
            Method::PATCH,
            &path,
            Some(&w.editor),
            Some(change.clone()),
            Some("1"),
        )
        .await;
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    assert_eq!(w.footprint().await, before);

    let first = w
        .call(
            Method::PATCH,
            &path,
            Some(&w.editor),
            Some(change.clone()),
            Some("\"1\""),
        )
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(first.headers()[header::ETAG], "\"2\"");
    let after_first = w.footprint().await;

    let stale = w
        .call(
            Method::PATCH,
            &path,
            Some(&w.admin),
            Some(json!({"title_en": "Governance (admin)"})),
            Some("\"1\""),
        )
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let body: Value = json(stale).await;
    assert_eq!(body["code"], "conflict");
    assert_eq!(body["current_version"], 2);
    assert_eq!(body["current"]["title_en"], "Governance and leadership");
    assert_eq!(body["current"]["version"], 2);
    assert_eq!(
        w.footprint().await,
        after_first,
        "a conflict stores nothing"
    );
}

#[tokio::test]
async fn a_change_moves_archives_and_restores_in_one_transaction() {
    let w = World::new().await;
    let response = w
        .post(
            "/initiatives",
            &w.editor,
            json!({"parent_id": w.strategy, "kind": "programme", "code": "PGM-1",
                   "title_fr": "Programme", "title_en": "Programme", "themes": ["cloud"], "weight": 3}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let id = json(response).await["id"].as_i64().unwrap();
    let path = format!("/initiatives/{id}");
    let audit_before = w.scalar("select count(*) from audit_log").await;

    let response = w
        .call(
            Method::PATCH,
            &path,
            Some(&w.editor),
            Some(json!({"parent_id": null, "archived": true})),
            Some("\"1\""),
        )
        .await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::ETAG], "\"3\"");
    let moved: Value = json(response).await;
    assert_eq!(moved["parent_id"], Value::Null);
    assert_eq!(moved["archived"], true);
    assert_eq!(moved["version"], 3);
    // Untouched fields stay as they were.
    assert_eq!(moved["themes"], json!(["cloud"]));
    assert_eq!(moved["weight"], 3.0);
    assert_eq!(moved["title_fr"], "Programme");
    assert_eq!(
        w.scalar("select count(*) from audit_log").await,
        audit_before + 2
    );
    assert_eq!(
        w.last_audit().await,
        (
            EDITOR_EMAIL.into(),
            "api".into(),
            "archive".into(),
            "initiative".into()
        )
    );

    // The same change again changes nothing, and writes nothing.
    let before = w.footprint().await;
    let again = w
        .call(
            Method::PATCH,
            &path,
            Some(&w.editor),
            Some(json!({"parent_id": null, "archived": true})),
            Some("\"3\""),
        )
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.headers()[header::ETAG], "\"3\"");
    assert_eq!(w.footprint().await, before);

    // A rule broken by the second part of a change rolls back the first.
    let invalid = w
        .call(
            Method::PATCH,
            &path,
            Some(&w.editor),
            Some(json!({"archived": false, "title_en": ""})),
            Some("\"3\""),
        )
        .await;
    assert_eq!(invalid_fields(invalid).await, ["title_en"]);
    let restored = w
        .call(
            Method::PATCH,
            &path,
            Some(&w.editor),
            Some(json!({"archived": false})),
            Some("\"3\""),
        )
        .await;
    assert_eq!(restored.status(), StatusCode::OK);
    assert_eq!(json(restored).await["archived"], false);
    assert_eq!(
        w.last_audit().await,
        (
            EDITOR_EMAIL.into(),
            "api".into(),
            "restore".into(),
            "initiative".into()
        )
    );
}

#[tokio::test]
async fn only_an_administrator_publishes_or_unpublishes() {
    let w = World::new().await;
    let mut published = new_initiative("M-1", w.area);
    published["visibility"] = json!("published");
    let before = w.footprint().await;

    let refused = w.post("/initiatives", &w.editor, published.clone()).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let etag = w.etag(w.area).await;
    let refused = w
        .call(
            Method::PATCH,
            &format!("/initiatives/{}", w.area),
            Some(&w.editor),
            Some(json!({"visibility": "published"})),
            Some(&etag),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(w.footprint().await, before);

    let created = w.post("/initiatives", &w.admin, published).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = json(created).await;
    assert_eq!(created["visibility"], "published");
    // An editor may change a published initiative without unpublishing it.
    let id = created["id"].as_i64().unwrap();
    let edited = w
        .call(
            Method::PATCH,
            &format!("/initiatives/{id}"),
            Some(&w.editor),
            Some(json!({"title_en": "Renamed", "visibility": "published"})),
            Some("\"1\""),
        )
        .await;
    assert_eq!(edited.status(), StatusCode::OK);
    let unpublished = w
        .call(
            Method::PATCH,
            &format!("/initiatives/{id}"),
            Some(&w.admin),
            Some(json!({"visibility": "internal"})),
            Some("\"2\""),
        )
        .await;
    assert_eq!(unpublished.status(), StatusCode::OK);
    assert_eq!(json(unpublished).await["visibility"], "internal");
}

#[tokio::test]
async fn a_milestone_is_replanned_then_reached() {
    let w = World::new().await;
    let path = format!("/milestones/{}", w.milestone);

    let replanned = w
        .call(Method::PATCH, &path, Some(&w.editor), Some(json!({"forecast_date": "2022-12-31", "reason_fr": "Retard du fournisseur", "decided_on": "2022-05-01"})), None)
        .await;
    assert_eq!(replanned.status(), StatusCode::OK);
    let body: Value = json(replanned).await;
    assert_eq!(body["baseline_date"], "2022-06-30");
    assert_eq!(body["forecast_date"], "2022-12-31");
    assert_eq!(body["slippage_days"], 184);

    let reached = w
        .call(
            Method::PATCH,
            &path,
            Some(&w.editor),
            Some(json!({"actual_date": "2023-01-15", "decided_on": "2023-01-15"})),
            None,
        )
        .await;
    assert_eq!(reached.status(), StatusCode::OK);
    let body: Value = json(reached).await;
    assert_eq!(body["forecast_date"], "2022-12-31", "absent fields stay");
    assert_eq!(body["actual_date"], "2023-01-15");
    assert_eq!(w.scalar("select count(*) from milestone_revision").await, 3);
    assert_eq!(
        w.last_audit().await,
        (
            EDITOR_EMAIL.into(),
            "api".into(),
            "revise".into(),
            "milestone".into()
        )
    );
}

#[tokio::test]
async fn the_openapi_document_describes_every_operation() {
    let w = World::new().await;

    let response = w.app.get("/api/v1/openapi.json").await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let doc: Value = json(response).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert_eq!(doc["security"], json!([{"bearer": []}]));
    let expected = [
        ("/api/v1/initiatives", "get"),
        ("/api/v1/initiatives.csv", "get"),
        ("/api/v1/initiatives/{id}/updates", "get"),
        ("/api/v1/indicators/{id}/values", "get"),
        ("/api/v1/initiatives", "post"),
        ("/api/v1/initiatives/{id}", "get"),
        ("/api/v1/initiatives/{id}", "patch"),
        ("/api/v1/initiatives/{id}/updates", "post"),
        ("/api/v1/initiatives/{id}/milestones", "post"),
        ("/api/v1/milestones/{id}", "patch"),
        ("/api/v1/initiatives/{id}/indicators", "post"),
        ("/api/v1/indicators/{id}/values", "post"),
        ("/api/v1/reports/information-sharing", "get"),
    ];
    let paths = doc["paths"].as_object().unwrap();
    let listed: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(listed, expected.len(), "{:?}", paths.keys());
    for (path, method) in expected {
        let operation = &doc["paths"][path][method];
        assert!(operation.is_object(), "{method} {path} is documented");
        assert!(operation["responses"]["401"].is_object(), "{method} {path}");
        // What any request may meet in front of the handler.
        for status in ["429", "503"] {
            let refusal = &operation["responses"][status];
            assert!(
                refusal["headers"]["Retry-After"].is_object(),
                "{method} {path} {status}"
            );
        }
        if method != "get" {
            assert!(operation["requestBody"].is_object(), "{method} {path}");
            for status in ["400", "408", "413", "415", "422"] {
                assert!(
                    operation["responses"][status].is_object(),
                    "{method} {path} {status}"
                );
            }
            // Unknown fields are refused, and the schema says so.
            let body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                .as_str()
                .unwrap();
            let name = body.rsplit('/').next().unwrap();
            assert_eq!(
                doc["components"]["schemas"][name]["additionalProperties"], false,
                "{name}"
            );
        }
        // Each documented operation is served (and guarded): a write needs
        // a token; a read answers the public, which may not see the area.
        let id = if path.contains("indicators") {
            w.indicator
        } else {
            w.area
        };
        let concrete = path.replace("{id}", &id.to_string());
        // The report is internal: a token is needed even to read it.
        let guarded = if path.contains("/reports/") {
            StatusCode::UNAUTHORIZED
        } else if method == "get" {
            if path.contains("{id}") {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::OK
            }
        } else {
            StatusCode::UNAUTHORIZED
        };
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let served = w
            .app
            .client
            .request(method, w.app.url(&concrete))
            .send()
            .await
            .unwrap();
        assert_eq!(served.status(), guarded, "{path}");
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for name in [
        "ErrorBody",
        "FieldProblem",
        "NewStatusUpdate",
        "InitiativeResource",
        "StatusUpdateResource",
    ] {
        assert!(schemas.contains_key(name), "{name}");
    }
    let update = &schemas["NewStatusUpdate"];
    assert_eq!(
        update["properties"]["status"]["enum"],
        json!([
            "planned",
            "in_progress",
            "completed",
            "on_hold",
            "cancelled"
        ])
    );
    let required: Vec<&str> = update["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, ["as_of", "status", "health"]);
    assert!(update["properties"].get("unknown").is_none());
    w.app.shut_down().await.unwrap();
}

/// Editors who all read version `n` and save at once: exactly one change is
/// accepted each round, every other gets 409, and the audit trail holds the
/// accepted changes and nothing else.
#[tokio::test]
async fn editors_racing_on_one_initiative_one_wins_each_round() {
    const EDITORS: usize = 8;
    const ROUNDS: usize = 5;
    let w = World::new().await;
    let mut tokens = Vec::new();
    for n in 0..EDITORS {
        let email = format!("racer{n}@sct.gouv.qc.ca");
        tokens.push(token_for(w.db(), &email, Role::Editor).await);
    }
    let url = w.app.url(&format!("/api/v1/initiatives/{}", w.area));
    let audited_updates = format!(
        "select count(*) from audit_log where action = 'update' and entity = 'initiative' and entity_id = {}",
        w.area
    );
    let audited_before = w.scalar(&audited_updates).await;
    for round in 0..ROUNDS {
        let etag = w.etag(w.area).await;
        let mut racers = tokio::task::JoinSet::new();
        for (n, token) in tokens.iter().enumerate() {
            let request = w
                .app
                .client
                .patch(&url)
                .bearer_auth(token)
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::IF_MATCH, &etag)
                .body(json!({ "title_en": format!("Round {round}, editor {n}") }).to_string());
            racers.spawn(async move {
                let response = request.send().await.expect("request sent");
                let status = response.status();
                let body: Value = serde_json::from_str(&response.text().await.expect("an answer"))
                    .expect("a JSON answer");
                (n, status, body)
            });
        }
        let mut winners = Vec::new();
        while let Some(joined) = racers.join_next().await {
            let (n, status, body) = joined.unwrap();
            match status {
                StatusCode::OK => winners.push((n, body)),
                StatusCode::CONFLICT => assert_eq!(body["code"], "conflict", "{body}"),
                other => panic!("round {round}, editor {n}: {other} {body}"),
            }
        }
        assert_eq!(winners.len(), 1, "round {round}: {winners:?}");
        let (winner, body) = &winners[0];
        assert_eq!(body["title_en"], format!("Round {round}, editor {winner}"));
        let current = w
            .call(
                Method::GET,
                &format!("/initiatives/{}", w.area),
                Some(&w.editor),
                None,
                None,
            )
            .await;
        let current: Value = json(current).await;
        assert_eq!(current["title_en"], body["title_en"]);
        assert_eq!(current["version"], round as i64 + 2);
    }
    assert_eq!(
        w.scalar(&audited_updates).await - audited_before,
        ROUNDS as i64,
        "one audited change per round, no more"
    );
}

/// Editors who all correct the same status update at once: one correction is
/// recorded, the others are refused as the second correction would be when
/// sent alone, and nothing else is stored.
#[tokio::test]
async fn editors_correcting_one_update_at_once_record_one_correction() {
    const EDITORS: usize = 8;
    let w = World::new().await;
    let path = format!("/initiatives/{}/updates", w.area);
    let original: Value = json(w.post(&path, &w.editor, new_update()).await).await;
    let corrected = original["id"].as_i64().expect("an id");
    let before = w.footprint().await;
    let url = w.app.url(&format!("/api/v1{path}"));
    let mut racers = tokio::task::JoinSet::new();
    for n in 0..EDITORS {
        let mut body = new_update();
        body["supersedes"] = json!(corrected);
        body["percent_complete"] = json!(41 + n);
        let request = w
            .app
            .client
            .post(&url)
            .bearer_auth(&w.editor)
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.to_string());
        racers.spawn(async move { request.send().await.expect("request sent") });
    }
    let mut recorded = 0;
    while let Some(joined) = racers.join_next().await {
        let response = joined.unwrap();
        if response.status() == StatusCode::CREATED {
            recorded += 1;
        } else {
            assert_eq!(invalid_fields(response).await, ["supersedes"]);
        }
    }
    assert_eq!(recorded, 1);
    let after = w.footprint().await;
    let status_updates = 4;
    assert_eq!(after[status_updates], before[status_updates] + 1);
}
