//! The open data and the Atom feeds as the public and a token meet them:
//! the public reads the published initiatives only, with their public
//! fields (each internal thing below carries the marker `SECRET`, looked for
//! in the raw text of every answer), a token reads everything. Runs on
//! SQLite, or on PostgreSQL when `JALONS_TEST_POSTGRES_URL` is set.

mod common;
use app::domain::*;
use app::store::read::{self, Scope};
use app::store::{accounts, write, Actor, Db};
use atom_syndication::Feed;
use chrono::NaiveDate;
use common::TestApp;
use reqwest::{header, StatusCode};
use serde_json::Value;
use std::collections::BTreeSet;

const SETUP: Actor = Actor {
    who: "setup",
    via: Via::Cli,
};

/// The editor who records the status updates: their address must never
/// reach the public.
const RECORDER: Actor = Actor {
    who: "recorder@sct.gouv.qc.ca",
    via: Via::Api,
};

/// Every internal thing of the world carries it; the public never sees it.
const SECRET: &str = "SECRET";

/// The columns of `/api/v1/initiatives.csv`, as documented.
const PUBLIC_COLUMNS: [&str; 23] = [
    "id",
    "parent_id",
    "kind",
    "code",
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "organisation_code",
    "themes",
    "start_date",
    "target_date",
    "weight",
    "as_of",
    "status",
    "health",
    "schedule_health",
    "cost_health",
    "scope_health",
    "percent_complete",
    "approved_budget",
    "spent_to_date",
    "forecast_at_completion",
];

/// What a token caller gets after the public columns.
const TOKEN_COLUMNS: [&str; 6] = [
    "organisation_id",
    "contact_id",
    "visibility",
    "priority",
    "archived",
    "version",
];

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A running server with a viewer's token and a portfolio in which every
/// case of visibility occurs.
struct World {
    app: TestApp,
    viewer: String,
    /// Published strategy (root), owned by the organisation `MCN`.
    strategy: i64,
    /// Published measure of `strategy`, with three updates (the last one
    /// corrects the second) and an indicator.
    measure: i64,
    /// Internal strategy (marked), parent of `orphan`.
    internal_parent: i64,
    /// Published measure of `internal_parent`.
    orphan: i64,
    /// Internal strategy (marked), with an update and an indicator.
    internal: i64,
    /// Published but archived strategy (marked), with an update.
    archived: i64,
    /// The updates of `measure`, in the order recorded.
    updates: [i64; 3],
    /// The indicator of `measure`, and the one of `internal`.
    indicator: i64,
    internal_indicator: i64,
}

async fn viewer_token(db: &Db) -> String {
    let email = Email::parse("email", "viewer@sct.gouv.qc.ca").unwrap();
    let mut tx = db.begin().await.unwrap();
    accounts::create_account(
        &mut tx,
        SETUP,
        &email,
        "Viewer",
        Role::Viewer,
        "a long password!",
    )
    .await
    .unwrap();
    let (token, _) = accounts::create_token(&mut tx, SETUP, &email, "tests")
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

fn form(
    parent: Option<i64>,
    kind: &str,
    code: &str,
    title: &str,
    published: bool,
) -> InitiativeForm {
    InitiativeForm {
        parent_id: parent.map(|p| p.to_string()).unwrap_or_default(),
        kind: kind.into(),
        code: code.into(),
        title_fr: format!("{title} (fr)"),
        title_en: format!("{title} (en)"),
        visibility: if published { "published" } else { "internal" }.into(),
        ..Default::default()
    }
}

/// Records an update of `initiative` whose narrative is `narrative` in
/// both languages, with an internal note.
async fn update(
    db: &Db,
    initiative: i64,
    as_of: &str,
    (status, percent): (&str, u8),
    narrative: &str,
    supersedes: Option<i64>,
) -> i64 {
    let draft = StatusUpdateForm {
        initiative_id: initiative.to_string(),
        as_of: as_of.into(),
        status: status.into(),
        health: "on_track".into(),
        percent_complete: percent.to_string(),
        approved_budget: "1500000.50".into(),
        accomplishments_fr: format!("{narrative} réalisé"),
        accomplishments_en: format!("{narrative} done"),
        next_steps_en: "Roll out".into(),
        internal_note: format!("{SECRET}-NOTE of {narrative}"),
        supersedes: supersedes.map(|s| s.to_string()).unwrap_or_default(),
        ..Default::default()
    }
    .parse()
    .unwrap();
    let mut tx = db.begin().await.unwrap();
    let recorded = write::record_status_update(&mut tx, RECORDER, &draft)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    recorded.id.0
}

async fn indicator(db: &Db, initiative: i64, code: &str, values: &[(&str, f64)]) -> i64 {
    let mut tx = db.begin().await.unwrap();
    let created = write::create_indicator(
        &mut tx,
        SETUP,
        &IndicatorDraft {
            initiative_id: InitiativeId(initiative),
            code: Code::parse("code", code).unwrap(),
            name: Bilingual::new(format!("{code} (fr)"), format!("{code} (en)")),
            unit: Bilingual::new("%", "%"),
            direction: Direction::Up,
            baseline: Some((date("2018-01-01"), 5.0)),
            target: Some((date("2023-12-31"), 80.0)),
        },
    )
    .await
    .unwrap();
    for (measured_on, value) in values {
        let draft = IndicatorValueDraft {
            indicator_id: created.id,
            measured_on: date(measured_on),
            value: *value,
            note: Bilingual::new("Source : rapport", "Source: report"),
        };
        write::record_indicator_value(&mut tx, RECORDER, &draft)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    created.id.0
}

impl World {
    async fn new() -> World {
        let app = TestApp::spawn().await;
        let db = app.test_db.db.clone();
        let viewer = viewer_token(&db).await;
        let mut tx = db.begin().await.unwrap();
        let mcn = write::create_organisation(
            &mut tx,
            SETUP,
            &Code::parse("code", "MCN").unwrap(),
            &Bilingual::new("Ministère de la Cybersécurité", "Ministry of Cybersecurity"),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let strategy = initiative(
            &db,
            InitiativeForm {
                organisation_id: mcn.id.to_string(),
                ..form(None, "strategy", "PUB-S", "Public strategy", true)
            },
        )
        .await;
        let measure = initiative(
            &db,
            InitiativeForm {
                description_en: "Move to the cloud".into(),
                ..form(
                    Some(strategy.id.0),
                    "measure",
                    "PUB-M",
                    "Public measure",
                    true,
                )
            },
        )
        .await;
        let internal_parent = initiative(
            &db,
            InitiativeForm {
                description_fr: format!("{SECRET}-PARENT-DESCRIPTION"),
                ..form(None, "strategy", "SECRET-P", "SECRET-PARENT", false)
            },
        )
        .await;
        let orphan = initiative(
            &db,
            InitiativeForm {
                // A spreadsheet would read this cell as a formula.
                description_en: "=1+1 counts as text".into(),
                ..form(
                    Some(internal_parent.id.0),
                    "measure",
                    "PUB-O",
                    "Published under an internal parent",
                    true,
                )
            },
        )
        .await;
        let internal = initiative(
            &db,
            InitiativeForm {
                description_en: format!("{SECRET}-DESCRIPTION"),
                ..form(None, "strategy", "SECRET-I", "SECRET-INTERNAL", false)
            },
        )
        .await;
        let archived = initiative(
            &db,
            form(None, "strategy", "SECRET-A", "SECRET-ARCHIVED", true),
        )
        .await;
        let mut tx = db.begin().await.unwrap();
        write::set_archived(&mut tx, SETUP, archived.id, archived.version, true)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let m = measure.id.0;
        let first = update(
            &db,
            m,
            "2023-06-30",
            ("in_progress", 40),
            "PUBLIC-ONE",
            None,
        )
        .await;
        let second = update(&db, m, "2024-06-30", ("completed", 100), "PUBLIC-TWO", None).await;
        let correction = update(
            &db,
            m,
            "2024-06-30",
            ("in_progress", 90),
            "PUBLIC-THREE",
            Some(second),
        )
        .await;
        update(
            &db,
            orphan.id.0,
            "2024-03-31",
            ("planned", 0),
            "PUBLIC-ORPHAN",
            None,
        )
        .await;
        update(
            &db,
            internal.id.0,
            "2024-03-31",
            ("in_progress", 10),
            SECRET,
            None,
        )
        .await;
        update(
            &db,
            archived.id.0,
            "2024-03-31",
            ("in_progress", 10),
            SECRET,
            None,
        )
        .await;

        let indicator_id = indicator(
            &db,
            m,
            "cloud",
            &[
                ("2019-03-31", 10.0),
                ("2020-03-31", 20.0),
                ("2019-03-31", 12.0),
            ],
        )
        .await;
        let internal_indicator =
            indicator(&db, internal.id.0, "SECRET-X", &[("2020-03-31", 1.0)]).await;

        World {
            app,
            viewer,
            strategy: strategy.id.0,
            measure: m,
            internal_parent: internal_parent.id.0,
            orphan: orphan.id.0,
            internal: internal.id.0,
            archived: archived.id.0,
            updates: [first, second, correction],
            indicator: indicator_id,
            internal_indicator,
        }
    }

    /// `GET path` with `token` when given.
    async fn get(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut request = self.app.client.get(self.app.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("request sent")
    }

    /// The body of a 200 to the public, after checking that it holds
    /// nothing internal and that anyone may cache it.
    async fn public_text(&self, path: &str) -> String {
        let response = self.get(path, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            jalons_server::cache::CACHE_CONTROL,
            "{path}"
        );
        let text = response.text().await.unwrap();
        assert_no_secret(path, &text);
        text
    }

    async fn public_json(&self, path: &str) -> Value {
        serde_json::from_str(&self.public_text(path).await).unwrap()
    }

    /// The JSON body of a 200 to the viewer, never to be stored.
    async fn viewer_json(&self, path: &str) -> Value {
        let response = self.get(path, Some(&self.viewer)).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "private, no-store",
            "{path}"
        );
        serde_json::from_str(&response.text().await.unwrap()).unwrap()
    }
}

/// Nothing internal in `text`: no marker, no author's address, no field
/// that only a token may read.
fn assert_no_secret(path: &str, text: &str) {
    for forbidden in [
        SECRET,
        RECORDER.who,
        "internal_note",
        "\"author\"",
        "\"visibility\"",
        "contact_id",
    ] {
        assert!(
            !text.contains(forbidden),
            "{path} shows {forbidden:?}: {text}"
        );
    }
}

/// Every string in `value`, at any depth.
fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Object(fields) => fields.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

fn ids(list: &Value) -> BTreeSet<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

fn entry(list: &Value, id: i64) -> &Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("{id} is listed"))
}

/// A 404 in the API's JSON shape.
async fn assert_not_found(response: reqwest::Response, what: &str) {
    assert_eq!(response.status(), StatusCode::NOT_FOUND, "{what}");
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body["code"], "not_found", "{what}");
}

fn parse_feed(text: &str) -> Feed {
    text.parse::<Feed>()
        .unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[tokio::test]
async fn the_public_list_holds_the_published_initiatives_and_nothing_internal() {
    let w = World::new().await;

    let list = w.public_json("/api/v1/initiatives").await;

    assert_eq!(
        ids(&list),
        BTreeSet::from([w.strategy, w.measure, w.orphan])
    );
    let strategy = entry(&list, w.strategy);
    assert_eq!(strategy["organisation_code"], "MCN");
    assert_eq!(strategy["kind"], "strategy");
    assert_eq!(strategy["state"], Value::Null);
    let measure = entry(&list, w.measure);
    assert_eq!(measure["parent_id"], w.strategy);
    assert_eq!(measure["title_en"], "Public measure (en)");
    assert_eq!(measure["description_en"], "Move to the cloud");
    // The correction replaces the update it corrects.
    assert_eq!(measure["state"]["as_of"], "2024-06-30");
    assert_eq!(measure["state"]["status"], "in_progress");
    assert_eq!(measure["state"]["percent_complete"], 90);
    assert_eq!(measure["state"]["health"], "on_track");
    assert_eq!(measure["state"]["approved_budget"], 1500000.5);
    // Nothing of the internal parent, not even its id.
    assert_eq!(entry(&list, w.orphan)["parent_id"], Value::Null);
    assert!(measure.get("version").is_none());
}

#[tokio::test]
async fn a_token_lists_everything_with_the_internal_fields() {
    let w = World::new().await;

    let list = w.viewer_json("/api/v1/initiatives").await;

    assert_eq!(
        ids(&list),
        BTreeSet::from([
            w.strategy,
            w.measure,
            w.internal_parent,
            w.orphan,
            w.internal,
            w.archived
        ])
    );
    let internal = entry(&list, w.internal);
    assert_eq!(internal["title_en"], "SECRET-INTERNAL (en)");
    assert_eq!(internal["visibility"], "internal");
    assert_eq!(internal["state"]["percent_complete"], 10);
    assert_eq!(entry(&list, w.archived)["archived"], true);
    assert_eq!(entry(&list, w.orphan)["parent_id"], w.internal_parent);
    assert_eq!(entry(&list, w.measure)["version"], 1);
}

#[tokio::test]
async fn the_state_is_read_as_of_a_date() {
    let w = World::new().await;
    let path = format!("/api/v1/initiatives/{}", w.measure);

    let today = w.public_json(&path).await;
    let earlier = w.public_json(&format!("{path}?as_of=2023-12-31")).await;
    let before_any = w.public_json(&format!("{path}?as_of=2020-01-01")).await;
    let listed = w.public_json("/api/v1/initiatives?as_of=2023-12-31").await;

    assert_eq!(today["state"]["percent_complete"], 90);
    assert_eq!(earlier["state"]["as_of"], "2023-06-30");
    assert_eq!(earlier["state"]["percent_complete"], 40);
    assert_eq!(before_any["state"], Value::Null);
    assert_eq!(entry(&listed, w.measure)["state"]["as_of"], "2023-06-30");
}

#[tokio::test]
async fn a_bad_as_of_is_a_400_naming_the_field() {
    let w = World::new().await;
    for path in [
        format!("/api/v1/initiatives/{}?as_of=2024-13-01", w.measure),
        "/api/v1/initiatives?as_of=yesterday".to_owned(),
        "/api/v1/initiatives.csv?as_of=31/12/2023".to_owned(),
    ] {
        for token in [None, Some(w.viewer.as_str())] {
            let response = w.get(&path, token).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
            let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
            assert_eq!(body["code"], "bad_request", "{path}");
            assert!(
                body["message"].as_str().unwrap().starts_with("as_of: "),
                "{body}"
            );
            assert_eq!(body["errors"][0]["field"], "as_of", "{body}");
            assert_eq!(body["errors"][0]["code"], "malformed", "{body}");
        }
    }
    // Given but empty is not absent (today): it is refused too.
    let response = w.get("/api/v1/initiatives?as_of=", None).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body["errors"][0]["field"], "as_of", "{body}");
}

#[tokio::test]
async fn the_public_reads_one_published_initiative_and_nothing_else() {
    let w = World::new().await;

    let orphan = w
        .public_json(&format!("/api/v1/initiatives/{}", w.orphan))
        .await;
    assert_eq!(orphan["code"], "PUB-O");
    assert_eq!(orphan["parent_id"], Value::Null);
    let response = w
        .get(&format!("/api/v1/initiatives/{}", w.measure), None)
        .await;
    // The public is not told the version (a token's `If-Match` needs it):
    // its ETag, from the render cache, tags the content.
    let etag = response.headers()[header::ETAG]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        etag.trim_matches('"').parse::<i64>().is_err(),
        "a version number as the public's ETag: {etag}"
    );

    for id in [w.internal, w.internal_parent, w.archived, 9999] {
        for path in [
            format!("/api/v1/initiatives/{id}"),
            format!("/api/v1/initiatives/{id}/updates"),
            format!("/fr/initiatives/{id}/feed.atom"),
        ] {
            let response = w.get(&path, None).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
            let text = response.text().await.unwrap();
            assert!(!text.contains(SECRET), "{path}: {text}");
            if path.starts_with("/api") {
                let body: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(body["code"], "not_found", "{path}");
                assert_eq!(body["message"], format!("initiative {id} does not exist"));
            }
        }
    }
    assert_not_found(
        w.get(
            &format!("/api/v1/indicators/{}/values", w.internal_indicator),
            None,
        )
        .await,
        "the internal initiative's indicator",
    )
    .await;
}

#[tokio::test]
async fn a_token_reads_an_internal_initiative_with_its_etag() {
    let w = World::new().await;
    let path = format!("/api/v1/initiatives/{}", w.internal);

    let response = w.get(&path, Some(&w.viewer)).await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::ETAG], "\"1\"");
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "private, no-store"
    );
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body["description_en"], "SECRET-DESCRIPTION");
    assert_eq!(body["visibility"], "internal");
    assert_eq!(body["state"]["status"], "in_progress");
}

#[tokio::test]
async fn an_invalid_token_is_refused_everywhere_never_answered_as_the_public() {
    let w = World::new().await;
    let paths = [
        "/api/v1/initiatives".to_owned(),
        "/api/v1/initiatives.csv".to_owned(),
        format!("/api/v1/initiatives/{}", w.measure),
        format!("/api/v1/initiatives/{}/updates", w.measure),
        format!("/api/v1/indicators/{}/values", w.indicator),
    ];
    for path in &paths {
        let response = w.get(path, Some("jalons_not-a-real-token")).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
        let response = w
            .app
            .client
            .get(w.app.url(path))
            .header(header::AUTHORIZATION, "Basic dXNlcjpwYXNz")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
}

#[tokio::test]
async fn the_public_reads_the_updates_without_note_or_author() {
    let w = World::new().await;
    let path = format!("/api/v1/initiatives/{}/updates", w.measure);

    let updates = w.public_json(&path).await;

    let updates = updates.as_array().unwrap();
    let listed: Vec<i64> = updates.iter().map(|u| u["id"].as_i64().unwrap()).collect();
    assert_eq!(listed, w.updates);
    assert_eq!(updates[0]["accomplishments_fr"], "PUBLIC-ONE réalisé");
    assert_eq!(updates[0]["accomplishments_en"], "PUBLIC-ONE done");
    assert_eq!(updates[0]["next_steps_en"], "Roll out");
    assert_eq!(updates[0]["as_of"], "2023-06-30");
    assert_eq!(updates[2]["supersedes"], w.updates[1]);
    assert_eq!(updates[1]["supersedes"], Value::Null);
    assert!(updates[0]["recorded_at"].is_string());
}

#[tokio::test]
async fn a_token_reads_the_updates_with_note_and_author() {
    let w = World::new().await;

    let updates = w
        .viewer_json(&format!("/api/v1/initiatives/{}/updates", w.internal))
        .await;

    assert_eq!(updates.as_array().unwrap().len(), 1);
    assert_eq!(updates[0]["internal_note"], "SECRET-NOTE of SECRET");
    assert_eq!(updates[0]["author"], RECORDER.who);
}

#[tokio::test]
async fn an_indicator_gives_its_unit_baseline_target_and_the_values_that_count() {
    let w = World::new().await;
    let path = format!("/api/v1/indicators/{}/values", w.indicator);

    let public = w.public_json(&path).await;
    let viewer = w.viewer_json(&path).await;
    let internal = w
        .viewer_json(&format!(
            "/api/v1/indicators/{}/values",
            w.internal_indicator
        ))
        .await;

    let indicator = &public["indicator"];
    assert_eq!(indicator["initiative_id"], w.measure);
    assert_eq!(indicator["unit_en"], "%");
    assert_eq!(indicator["direction"], "up");
    assert_eq!(indicator["baseline_date"], "2018-01-01");
    assert_eq!(indicator["baseline_value"], 5.0);
    assert_eq!(indicator["target_value"], 80.0);
    // The latest value recorded for 2019-03-31 replaces the first.
    let values: Vec<(String, f64)> = public["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["measured_on"].as_str().unwrap().to_owned(),
                v["value"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        values,
        [
            ("2019-03-31".to_owned(), 12.0),
            ("2020-03-31".to_owned(), 20.0)
        ]
    );
    assert_eq!(public["values"][0]["note_en"], "Source: report");
    assert_eq!(viewer["values"][0]["author"], RECORDER.who);
    assert_eq!(internal["indicator"]["code"], "SECRET-X");
    assert_not_found(w.get("/api/v1/indicators/9999/values", None).await, "9999").await;
}

#[tokio::test]
async fn the_csv_has_the_documented_columns_one_line_per_initiative() {
    let w = World::new().await;

    let response = w.get("/api/v1/initiatives.csv", None).await;
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    let public = w.public_text("/api/v1/initiatives.csv").await;
    let response = w.get("/api/v1/initiatives.csv", Some(&w.viewer)).await;
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "private, no-store"
    );
    let viewer = response.text().await.unwrap();

    let mut reader = csv::Reader::from_reader(public.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, PUBLIC_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let row = |id: i64| {
        rows.iter()
            .find(|r| r[0] == id.to_string())
            .unwrap_or_else(|| panic!("{id} has a line"))
    };
    let column = |name: &str| PUBLIC_COLUMNS.iter().position(|c| *c == name).unwrap();
    let measure = row(w.measure);
    assert_eq!(&measure[column("parent_id")], w.strategy.to_string());
    assert_eq!(&measure[column("as_of")], "2024-06-30");
    assert_eq!(&measure[column("status")], "in_progress");
    assert_eq!(&measure[column("percent_complete")], "90");
    assert_eq!(&measure[column("approved_budget")], "1500000.50");
    assert_eq!(&measure[column("schedule_health")], "");
    assert_eq!(&row(w.strategy)[column("organisation_code")], "MCN");
    let orphan = row(w.orphan);
    assert_eq!(&orphan[column("parent_id")], "");
    assert_eq!(&orphan[column("description_en")], "'=1+1 counts as text");

    let mut reader = csv::Reader::from_reader(viewer.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let expected: Vec<&str> = PUBLIC_COLUMNS
        .iter()
        .chain(&TOKEN_COLUMNS)
        .copied()
        .collect();
    assert_eq!(header, expected);
    assert_eq!(reader.records().count(), 6);
}

#[tokio::test]
async fn the_feeds_hold_the_effective_published_updates_in_each_language() {
    let w = World::new().await;

    let response = w.get("/fr/feed.atom", None).await;
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/atom+xml"
    );
    let site_fr = parse_feed(&w.public_text("/fr/feed.atom").await);
    let site_en = parse_feed(&w.public_text("/en/feed.atom").await);
    let measure_en = parse_feed(
        &w.public_text(&format!("/en/initiatives/{}/feed.atom", w.measure))
            .await,
    );

    // The corrected update is replaced by its correction; the latest first.
    assert_eq!(site_fr.entries.len(), 3);
    assert_eq!(site_en.entries.len(), 3);
    assert_eq!(measure_en.entries.len(), 2);
    let first = &measure_en.entries[0];
    assert_eq!(first.title.value, "PUB-M Public measure (en) — In progress");
    assert_eq!(first.links[0].href, format!("/en/progress/{}", w.measure));
    let content = first.content.as_ref().unwrap().value.as_deref().unwrap();
    assert!(content.contains("PUBLIC-THREE done"), "{content}");
    assert!(!content.contains("PUBLIC-TWO"), "{content}");
    let first_fr = site_fr
        .entries
        .iter()
        .find(|e| e.links[0].href == format!("/fr/progress/{}", w.measure))
        .unwrap();
    assert!(first_fr
        .title
        .value
        .starts_with("PUB-M Public measure (fr)"));
    assert!(
        first_fr.title.value.ends_with("En cours"),
        "{}",
        first_fr.title.value
    );
    let content = first_fr.content.as_ref().unwrap().value.as_deref().unwrap();
    assert!(content.contains("PUBLIC-THREE réalisé"), "{content}");
    assert_eq!(first_fr.updated.to_rfc3339(), first.updated.to_rfc3339());
    // Stable identifiers, different per language.
    assert_eq!(site_fr.id, "urn:jalons:fr:feed");
    assert_ne!(first_fr.id, first.id);
    let again = parse_feed(&w.public_text("/fr/feed.atom").await);
    assert_eq!(again.id, site_fr.id);
    assert_eq!(again.entries[0].id, site_fr.entries[0].id);
    let orphan = parse_feed(
        &w.public_text(&format!("/fr/initiatives/{}/feed.atom", w.orphan))
            .await,
    );
    assert_eq!(orphan.entries.len(), 1);

    for path in [
        "/de/feed.atom".to_owned(),
        format!("/de/initiatives/{}/feed.atom", w.measure),
        "/fr/initiatives/abc/feed.atom".to_owned(),
    ] {
        let response = w.get(&path, None).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn the_openapi_document_lists_the_open_data_with_optional_security() {
    let w = World::new().await;

    let response = w.get("/api/v1/openapi.json", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let doc: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();

    for path in [
        "/api/v1/initiatives",
        "/api/v1/initiatives.csv",
        "/api/v1/initiatives/{id}",
        "/api/v1/initiatives/{id}/updates",
        "/api/v1/indicators/{id}/values",
    ] {
        let get = &doc["paths"][path]["get"];
        assert!(get.is_object(), "GET {path} is documented");
        assert_eq!(
            get["security"],
            serde_json::json!([{}, {"bearer": []}]),
            "{path}"
        );
        assert!(get["responses"]["200"]["description"].is_string(), "{path}");
    }
    let entry = &doc["components"]["schemas"]["InitiativeEntry"]["properties"];
    for field in ["parent_id", "organisation_code", "weight", "visibility"] {
        assert!(
            entry[field]["description"].is_string(),
            "{field} is described"
        );
    }
    assert_eq!(entry["kind"]["enum"][0], "strategy");
    let update = &doc["components"]["schemas"]["StatusUpdateResource"]["properties"];
    let note = update["internal_note"]["description"].as_str().unwrap();
    assert!(note.starts_with("Token callers only"), "{note}");
    assert!(doc["info"]["title"].as_str().unwrap().contains("open data"));
}

#[tokio::test]
async fn the_demo_public_list_is_its_published_initiatives_and_hides_its_notes() {
    let app = TestApp::spawn().await;
    let db = app.test_db.db.clone();
    app::demo::load(&db).await.unwrap();
    let stored = read::initiatives(&db, Scope::Portfolio).await.unwrap();
    let published: BTreeSet<i64> = stored
        .iter()
        .filter(|i| i.visibility == Visibility::Published && !i.archived)
        .map(|i| i.id.0)
        .collect();
    let hidden: Vec<&Initiative> = stored
        .iter()
        .filter(|i| !published.contains(&i.id.0))
        .collect();
    let notes: Vec<String> = read::status_updates(&db, Scope::Portfolio)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|u| u.internal_note)
        .collect();
    assert!(
        !hidden.is_empty() && !notes.is_empty(),
        "the demo hides something"
    );

    let response = app.get("/api/v1/initiatives").await;
    let list: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    let csv_text = app
        .get("/api/v1/initiatives.csv")
        .await
        .text()
        .await
        .unwrap();
    let feed = parse_feed(&app.get("/en/feed.atom").await.text().await.unwrap());

    assert_eq!(ids(&list), published);
    assert_eq!(list.as_array().unwrap().len(), published.len());
    let lines = csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .count();
    assert_eq!(lines, published.len());
    assert_eq!(feed.entries.len(), 50);
    // Every text as the reader gets it, unescaped.
    let mut texts = strings(&list);
    for record in csv::Reader::from_reader(csv_text.as_bytes()).records() {
        texts.extend(record.unwrap().iter().map(String::from));
    }
    for e in &feed.entries {
        texts.push(e.title.value.clone());
        texts.extend(e.content.as_ref().and_then(|c| c.value.clone()));
    }
    // (Public narratives may name a hidden initiative: its code and
    // description must not show.)
    for initiative in hidden {
        let code = initiative.code.as_str();
        assert!(texts.iter().all(|t| t != code), "{code} is public");
        for description in [&initiative.description.fr, &initiative.description.en] {
            assert!(
                description.is_empty() || texts.iter().all(|t| !t.contains(description.as_str())),
                "{description} is public"
            );
        }
    }
    for note in &notes {
        assert!(
            texts.iter().all(|t| !t.contains(note.as_str())),
            "{note} is public"
        );
    }
    app.shut_down().await.unwrap();
}

/// The same-site addresses `text` links to: `href="/…"`, `src="/…"` and a
/// sitemap's `<loc>http://host/…</loc>`, without their fragment.
fn links(text: &str, origin: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (open, close) in [("href=\"", '"'), ("src=\"", '"'), ("<loc>", '<')] {
        for part in text.split(open).skip(1) {
            let Some(end) = part.find(close) else {
                continue;
            };
            let link = part[..end].replace("&amp;", "&");
            let link = link.strip_prefix(origin).unwrap_or(&link).to_owned();
            let link = link.split('#').next().unwrap_or_default().to_owned();
            if link.starts_with('/') && !link.starts_with("//") {
                found.push(link);
            }
        }
    }
    found
}

#[tokio::test]
async fn a_crawl_of_the_public_site_finds_nothing_internal() {
    let w = World::new().await;
    let origin = format!("http://{}", w.app.addr);
    let mut queue: std::collections::VecDeque<String> = [
        "/fr",
        "/en",
        "/sitemap.xml",
        "/robots.txt",
        "/api/v1/initiatives",
        "/api/v1/initiatives.csv",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut pages = 0;
    while let Some(path) = queue.pop_front() {
        // The built site's files (not built for these tests) hold no data;
        // the sign-in page is not content.
        if path.starts_with("/pkg/") || path == "/favicon.svg" || path.ends_with("/session") {
            continue;
        }
        let response = w.get(&path, None).await;
        // `/` (the x-default twin) sends the reader to a language.
        if response.status().is_redirection() {
            let location = response.headers()[header::LOCATION]
                .to_str()
                .unwrap()
                .to_owned();
            if seen.insert(location.clone()) {
                queue.push_back(location);
            }
            continue;
        }
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        let text = response.text().await.unwrap();
        if path == "/api/v1/openapi.json" {
            // The API's description names the fields a token reads: it
            // documents them, it holds no data.
            for marker in [SECRET, RECORDER.who] {
                assert!(!text.contains(marker), "{path} shows {marker}");
            }
        } else {
            assert_no_secret(&path, &text);
        }
        pages += 1;
        for link in links(&text, &origin) {
            if seen.len() < 400 && seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
    }
    for lang in ["fr", "en"] {
        for path in [
            format!("/{lang}/data"),
            format!("/{lang}/progress/{}", w.strategy),
            format!("/{lang}/progress/{}", w.measure),
            format!("/{lang}/progress/{}", w.orphan),
            format!("/{lang}/progress/{}/charts/completion.svg", w.strategy),
            format!("/{lang}/progress/charts/completion.csv"),
            format!("/{lang}/feed.atom"),
            format!("/{lang}/initiatives/{}/feed.atom", w.measure),
        ] {
            assert!(seen.contains(&path), "the crawl reached {path}");
        }
    }
    assert!(pages > 30, "{pages} answers crawled");

    // What the public may not see has no page and no chart, in any language.
    for id in [w.internal, w.internal_parent, w.archived] {
        for lang in ["fr", "en"] {
            for path in [
                format!("/{lang}/progress/{id}"),
                format!("/{lang}/progress/{id}/charts/completion.svg"),
                format!("/{lang}/progress/{id}/charts/milestones.csv"),
            ] {
                let response = w.get(&path, None).await;
                assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
                assert_no_secret(&path, &response.text().await.unwrap());
            }
        }
    }
    // Nor is the indicator of an internal initiative a chart of a public one.
    let path = format!(
        "/en/progress/{}/charts/indicator-{}.csv",
        w.strategy, w.internal_indicator
    );
    assert_eq!(w.get(&path, None).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_public_page_shows_the_effective_history_and_its_own_figures() {
    let w = World::new().await;
    let measure = w.public_text(&format!("/en/progress/{}", w.measure)).await;
    // The correction replaces the update it corrects.
    assert!(measure.contains("PUBLIC-THREE done"));
    assert!(!measure.contains("PUBLIC-TWO"));
    assert!(measure.contains("PUBLIC-ONE done"));
    assert!(measure.contains("Public strategy (en)"), "its parent");
    // The orphan shows as a root: nothing of its internal parent.
    let orphan = w.public_text(&format!("/fr/progress/{}", w.orphan)).await;
    assert!(orphan.contains("Published under an internal parent (fr)"));
    assert!(!orphan.contains("class=\"breadcrumb\""));
    // The strategy's completion counts its published measure only.
    let csv = w
        .public_text(&format!(
            "/en/progress/{}/charts/completion.csv",
            w.strategy
        ))
        .await;
    let last = csv.lines().last().unwrap();
    let total: u32 = last.rsplit(',').next().unwrap().parse().unwrap();
    assert_eq!(total, 1, "{csv}");
    // The home page counts what is published and not archived: the
    // strategy, its measure and the orphan.
    let home = w.public_text("/en").await;
    assert!(
        home.contains(r#"data-testid="figure-initiatives">3<"#),
        "{home}"
    );
}

#[tokio::test]
async fn the_data_page_explains_every_column_of_the_open_data() {
    let w = World::new().await;
    let csv = w.public_text("/api/v1/initiatives.csv").await;
    let columns: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert!(columns.len() > 20, "{columns:?}");
    for lang in ["fr", "en"] {
        // (Without the hydration markers of the views' parts.)
        let page = w
            .public_text(&format!("/{lang}/data"))
            .await
            .replace("<!>", "");
        let (_, dictionary) = page
            .split_once("data-testid=\"data-dictionary\"")
            .expect("a data dictionary");
        let (dictionary, _) = dictionary.split_once("</section>").unwrap();
        for column in &columns {
            assert!(
                dictionary.contains(&format!("<code>{column}</code>")),
                "/{lang}/data explains {column}"
            );
        }
        // Nothing it explains is missing from the file.
        assert_eq!(
            dictionary.matches("<code>").count(),
            columns.len(),
            "/{lang}/data"
        );
    }
}
