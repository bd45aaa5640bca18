//! CSV import and export: the round trip, every bad value of every column,
//! all or nothing, the dry run, formula neutralisation, conflicts, headers
//! and the shapes real files come in. Each test loads the demo dataset into
//! a fresh database: SQLite by default, PostgreSQL when
//! `JALONS_TEST_POSTGRES_URL` is set (`.ci/with-postgres`).

use app::domain::transfer::*;
use app::domain::*;
use app::store::read::{self, Scope};
use app::store::testing::{fresh_db, TestDb};
use app::store::{write, Actor, Db};
use app::transfer::{
    self, ImportOptions, TransferError, INITIATIVE_COLUMNS, MAX_BYTES, MAX_ROWS,
    STATUS_UPDATE_COLUMNS,
};

const IMPORTER: Actor = Actor {
    who: "editor@jalons",
    via: Via::Import,
};

async fn demo_db() -> TestDb {
    let test_db = fresh_db().await;
    app::demo::load(&test_db.db).await.expect("the demo loads");
    test_db
}

async fn scalar(db: &Db, sql: &str) -> i64 {
    match db {
        Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
    }
}

/// The rows an import may write, counted: the same counts mean nothing was stored.
async fn stored(db: &Db) -> [i64; 5] {
    [
        scalar(db, "select count(*) from status_update").await,
        scalar(db, "select count(*) from initiative").await,
        scalar(db, "select count(*) from audit_log").await,
        scalar(db, "select max(version) from initiative").await,
        scalar(db, "select version from data_version").await,
    ]
}

async fn import(db: &Db, csv: &[u8], dry_run: bool) -> ImportReport {
    transfer::import(db, IMPORTER, csv, ImportOptions { dry_run }, |_, _| {})
        .await
        .expect("the import runs")
}

/// A CSV file with `header`, and one line per row giving some columns
/// (the others empty).
fn sheet(header: &[&str], rows: &[Vec<(&str, String)>]) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(header).unwrap();
    for row in rows {
        out.write_record(header.iter().map(|column| {
            row.iter()
                .rev()
                .find(|(c, _)| c == column)
                .map_or("", |(_, v)| v.as_str())
        }))
        .unwrap();
    }
    out.into_inner().unwrap()
}

/// The rows of a CSV file as records of text.
fn records(csv: &[u8]) -> Vec<csv::StringRecord> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv)
        .records()
        .map(Result::unwrap)
        .collect()
}

fn write_records(records: &[csv::StringRecord]) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    for record in records {
        out.write_record(record).unwrap();
    }
    out.into_inner().unwrap()
}

async fn initiatives(db: &Db) -> Vec<Initiative> {
    read::initiatives(db, Scope::Portfolio).await.unwrap()
}

/// A measure of the demo, and the path of codes that names it.
async fn a_measure(db: &Db) -> (Initiative, String) {
    let all = initiatives(db).await;
    let measure = all
        .iter()
        .find(|i| i.kind == InitiativeKind::Measure)
        .unwrap()
        .clone();
    let mut codes = vec![measure.code.to_string()];
    let mut parent = measure.parent_id;
    while let Some(p) = parent {
        let up = all.iter().find(|i| i.id == p).unwrap();
        codes.push(up.code.to_string());
        parent = up.parent_id;
    }
    codes.reverse();
    (measure, codes.join("/"))
}

/// A good status update row for `initiative`.
fn update_row(initiative: &Initiative, as_of: &str) -> Vec<(&'static str, String)> {
    vec![
        ("initiative_id", initiative.id.to_string()),
        ("as_of", as_of.into()),
        ("status", "in_progress".into()),
        ("health", "on_track".into()),
        ("percent_complete", "40".into()),
        ("accomplishments_fr", "Appel d'offres lancé".into()),
    ]
}

fn with(
    mut row: Vec<(&'static str, String)>,
    column: &'static str,
    value: &str,
) -> Vec<(&'static str, String)> {
    row.push((column, value.to_owned()));
    row
}

fn line_error(line: u64, column: &str, problem: LineProblem) -> LineError {
    LineError {
        line,
        column: Some(column.to_owned()),
        problem,
    }
}

#[tokio::test]
async fn an_export_imports_back_as_unchanged_and_stores_nothing() {
    let test_db = demo_db().await;
    let db = &test_db.db;
    let before = stored(db).await;
    let updates = transfer::export_status_updates(db, Scope::Portfolio)
        .await
        .unwrap();
    let initiatives = transfer::export_initiatives(db, Scope::Portfolio)
        .await
        .unwrap();
    assert_eq!(
        records(&updates)[0].iter().collect::<Vec<_>>(),
        STATUS_UPDATE_COLUMNS
    );
    assert_eq!(
        records(&initiatives)[0].iter().collect::<Vec<_>>(),
        INITIATIVE_COLUMNS
    );

    for (csv, kind, rows) in [
        (&updates, FileKind::StatusUpdates, before[0]),
        (&initiatives, FileKind::Initiatives, before[1]),
    ] {
        let report = import(db, csv, false).await;
        assert_eq!(report.errors, [], "{kind}");
        assert_eq!(report.kind, Some(kind));
        assert_eq!(report.rows as i64, rows);
        assert_eq!(report.unchanged as i64, rows);
        assert!(report.created.is_empty() && report.updated.is_empty());
        assert!(report.committed());
    }
    assert_eq!(stored(db).await, before);
    assert_eq!(
        transfer::export_status_updates(db, Scope::Portfolio)
            .await
            .unwrap(),
        updates
    );
}

#[tokio::test]
async fn an_edited_export_imports_its_changes_audited_as_an_import() {
    let test_db = demo_db().await;
    let db = &test_db.db;
    let (measure, path) = a_measure(db).await;
    let audit_before = scalar(db, "select count(*) from audit_log").await;

    // An initiative's English title changed in the exported file.
    let mut rows = records(
        &transfer::export_initiatives(db, Scope::Portfolio)
            .await
            .unwrap(),
    );
    let title_en = INITIATIVE_COLUMNS
        .iter()
        .position(|c| *c == "title_en")
        .unwrap();
    let row = rows
        .iter_mut()
        .find(|r| r.get(0) == Some(&measure.id.to_string()))
        .unwrap();
    let mut cells: Vec<String> = row.iter().map(str::to_owned).collect();
    cells[title_en] = "A clearer title".into();
    *row = csv::StringRecord::from(cells);
    let report = import(db, &write_records(&rows), false).await;
    assert_eq!(report.errors, []);
    assert_eq!(report.unchanged, rows.len() - 2);
    assert_eq!(report.updated.len(), 1);
    assert_eq!(report.updated[0].initiative, path);
    let changed = read::initiative(db, measure.id).await.unwrap().unwrap();
    assert_eq!(changed.title.en, "A clearer title");
    assert_eq!(changed.version, measure.version + 1);

    // A new status update named by its code path only.
    let csv = sheet(
        STATUS_UPDATE_COLUMNS,
        &[with(
            with(update_row(&measure, "2030-06-30"), "initiative_id", ""),
            "initiative_code",
            &path,
        )],
    );
    let report = import(db, &csv, false).await;
    assert_eq!(report.errors, []);
    assert_eq!(report.created.len(), 1);
    assert_eq!(report.created[0].initiative, path);
    let history = read::status_history(db, measure.id).await.unwrap();
    let last = history.last().unwrap();
    assert_eq!(last.as_of.to_string(), "2030-06-30");
    assert_eq!(last.author, IMPORTER.who);

    let sql = format!("select count(*) from audit_log where id > {audit_before}");
    assert_eq!(scalar(db, &sql).await, 2);
    let sql = format!(
        "select count(*) from audit_log where id > {audit_before} \
         and via = 'import' and actor = 'editor@jalons'"
    );
    assert_eq!(scalar(db, &sql).await, 2);
}

#[tokio::test]
async fn a_bad_value_in_any_status_update_column_is_named_and_nothing_is_stored() {
    let test_db = demo_db().await;
    let db = &test_db.db;
    let (measure, path) = a_measure(db).await;
    let recorded = read::status_updates(db, Scope::Portfolio).await.unwrap();
    let other = recorded
        .iter()
        .find(|u| u.initiative_id != measure.id)
        .unwrap();
    let long = "x".repeat(TEXT_MAX + 1);
    let unknown = |v: &str| format!("{v:?} does not exist");
    let cases: Vec<(&str, String, String)> = vec![
        ("id", "abc".into(), r#""abc" is not an identifier"#.into()),
        ("id", "999999".into(), unknown("999999")),
        ("initiative_id", "0".into(), r#""0" is not an identifier"#.into()),
        ("initiative_id", "999999".into(), unknown("999999")),
        ("initiative_code", "NOPE/M-99".into(), unknown("NOPE/M-99")),
        ("as_of", "31/10/2017".into(), r#""31/10/2017" is not a date (YYYY-MM-DD)"#.into()),
        ("as_of", "".into(), "a value is required".into()),
        (
            "status",
            "done".into(),
            r#"unknown value "done" (expected one of: planned, in_progress, completed, on_hold, cancelled)"#
                .into(),
        ),
        (
            "health",
            "green".into(),
            r#"unknown value "green" (expected one of: on_track, at_risk, off_track)"#.into(),
        ),
        (
            "schedule_health",
            "late".into(),
            r#"unknown value "late" (expected one of: on_track, at_risk, off_track)"#.into(),
        ),
        (
            "cost_health",
            "red".into(),
            r#"unknown value "red" (expected one of: on_track, at_risk, off_track)"#.into(),
        ),
        (
            "scope_health",
            "ok".into(),
            r#"unknown value "ok" (expected one of: on_track, at_risk, off_track)"#.into(),
        ),
        ("percent_complete", "140".into(), "140 is out of range (0 to 100)".into()),
        (
            "approved_budget",
            "beaucoup".into(),
            r#""beaucoup" is not an amount in dollars (e.g. 1234.56)"#.into(),
        ),
        (
            "spent_to_date",
            "-5".into(),
            r#""-5" is not an amount in dollars (e.g. 1234.56)"#.into(),
        ),
        (
            "forecast_at_completion",
            "1.234".into(),
            r#""1.234" is not an amount in dollars (e.g. 1234.56)"#.into(),
        ),
        ("accomplishments_fr", long.clone(), "longer than 20000 characters".into()),
        ("accomplishments_en", long.clone(), "longer than 20000 characters".into()),
        ("next_steps_fr", long.clone(), "longer than 20000 characters".into()),
        ("next_steps_en", long.clone(), "longer than 20000 characters".into()),
        ("issues_fr", long.clone(), "longer than 20000 characters".into()),
        ("issues_en", long.clone(), "longer than 20000 characters".into()),
        ("internal_note", long.clone(), "longer than 20000 characters".into()),
        ("supersedes", "1x".into(), r#""1x" is not an identifier"#.into()),
        ("supersedes", other.id.to_string(), unknown(&other.id.to_string())),
    ];
    let before = stored(db).await;
    for (column, value, message) in &cases {
        let bad = with(update_row(&measure, "2030-01-31"), column, value);
        let csv = sheet(
            STATUS_UPDATE_COLUMNS,
            &[update_row(&measure, "2030-01-01"), bad],
        );
        let report = import(db, &csv, false).await;
        let expected = format!("line 3, column {column}: {message}");
        let found: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
        assert_eq!(found, [expected], "{column} = {value:.20}");
        assert_eq!(stored(db).await, before, "{column} stored something");
    }

    // Rules across columns: an explanation for worrying health, codes and
    // ids that agree, one correction per update.
    let mut correction = update_row(&measure, "2030-01-31");
    correction.push(("initiative_id", other.initiative_id.to_string()));
    correction.push(("supersedes", other.id.to_string()));
    let report = import(db, &sheet(STATUS_UPDATE_COLUMNS, &[correction]), false).await;
    assert!(report.committed(), "{:?}", report.errors);
    let before = stored(db).await;
    let cases = [
        (
            with(update_row(&measure, "2030-01-31"), "health", "at_risk"),
            "line 2, column issues_fr: an explanation is required when health is at risk or off track"
                .to_owned(),
        ),
        (
            with(
                update_row(&measure, "2030-01-31"),
                "initiative_code",
                &format!("{}/X", path.split('/').next().unwrap()),
            ),
            format!(
                "line 2, column initiative_code: {}",
                unknown(&format!("{}/X", path.split('/').next().unwrap()))
            ),
        ),
        (
            with(
                update_row(&measure, "2030-01-31"),
                "initiative_id",
                &other.initiative_id.to_string(),
            )
            .into_iter()
            .chain([("initiative_code", path.clone())])
            .collect(),
            format!(
                "line 2, column initiative_code: names another initiative than initiative_id ({})",
                other.initiative_id
            ),
        ),
        (
            {
                let mut row = update_row(&measure, "2030-01-31");
                row.push(("initiative_id", other.initiative_id.to_string()));
                row.push(("supersedes", other.id.to_string()));
                row
            },
            format!(
                "line 2, column supersedes: \"{}\" is already used",
                other.id
            ),
        ),
    ];
    for (row, expected) in cases {
        let report = import(db, &sheet(STATUS_UPDATE_COLUMNS, &[row]), false).await;
        let found: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
        assert_eq!(found, [expected]);
        assert_eq!(stored(db).await, before);
    }

    // Within one file too: the second correction of one update is refused,
    // and so is a correction of an update that belongs to another initiative.
    let fresh = report.created[0].id;
    let mut first = update_row(&measure, "2030-02-28");
    first.push(("initiative_id", other.initiative_id.to_string()));
    first.push(("supersedes", fresh.to_string()));
    let mut elsewhere = update_row(&measure, "2030-02-28");
    elsewhere.push(("supersedes", fresh.to_string()));
    let report = import(
        db,
        &sheet(STATUS_UPDATE_COLUMNS, &[first.clone(), first, elsewhere]),
        false,
    )
    .await;
    let found: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            format!("line 3, column supersedes: \"{fresh}\" is already used"),
            format!("line 4, column supersedes: {}", unknown(&fresh.to_string())),
        ]
    );
    assert_eq!(stored(db).await, before);
}

#[tokio::test]
async fn a_bad_value_in_any_initiative_column_is_named_and_nothing_is_stored() {
    let test_db = demo_db().await;
    let db = &test_db.db;
    let (measure, path) = a_measure(db).await;
    let area_path = path.rsplit_once('/').unwrap().0.to_owned();
    let sibling = initiatives(db)
        .await
        .into_iter()
        .find(|i| i.parent_id == measure.parent_id && i.id != measure.id)
        .unwrap();
    let new_measure = || -> Vec<(&'static str, String)> {
        vec![
            ("parent_code", area_path.clone()),
            ("kind", "measure".into()),
            ("code", "M-NEW".into()),
            ("title_fr", "Nouvelle mesure".into()),
            ("title_en", "New measure".into()),
            ("start_date", "2024-01-01".into()),
            ("target_date", "2026-12-31".into()),
        ]
    };
    let long = |n: usize| "x".repeat(n + 1);
    let unknown = |v: &str| format!("{v:?} does not exist");
    let cases: Vec<(&str, String, String)> = vec![
        ("id", "x".into(), r#""x" is not an identifier"#.into()),
        ("id", "999999".into(), unknown("999999")),
        ("parent_id", "abc".into(), r#""abc" is not an identifier"#.into()),
        ("parent_code", "NOPE".into(), unknown("NOPE")),
        (
            "kind",
            "epic".into(),
            r#"unknown value "epic" (expected one of: strategy, area, measure, programme, project)"#
                .into(),
        ),
        ("code", "M 12".into(), "the character ' ' is not allowed".into()),
        ("code", sibling.code.to_string(), format!("{:?} is already used", sibling.code.as_str())),
        ("title_fr", "".into(), "a value is required".into()),
        ("title_en", long(TITLE_MAX), "longer than 300 characters".into()),
        ("description_fr", long(TEXT_MAX), "longer than 20000 characters".into()),
        ("description_en", long(TEXT_MAX), "longer than 20000 characters".into()),
        ("organisation_id", "999999".into(), unknown("999999")),
        ("contact_id", "x".into(), r#""x" is not an identifier"#.into()),
        ("start_date", "2020-13-01".into(), r#""2020-13-01" is not a date (YYYY-MM-DD)"#.into()),
        ("target_date", "2023-12-31".into(), "ends (2023-12-31) before it starts (2024-01-01)".into()),
        ("weight", "heavy".into(), r#""heavy" is not a number"#.into()),
        ("weight", "2000".into(), "2000 is out of range (0 to 1000)".into()),
        ("themes", "no_such_theme".into(), r#"unknown value "no_such_theme""#.into()),
        (
            "visibility",
            "secret".into(),
            r#"unknown value "secret" (expected one of: published, internal)"#.into(),
        ),
        ("priority", "maybe".into(), r#""maybe" is not true or false"#.into()),
    ];
    let before = stored(db).await;
    for (column, value, message) in &cases {
        let mut bad = with(new_measure(), column, value);
        if *column == "id" {
            bad.push(("version", "1".into()));
        }
        let mut good = new_measure();
        good.push(("code", "M-GOOD".into()));
        let csv = sheet(INITIATIVE_COLUMNS, &[good, bad]);
        let report = import(db, &csv, false).await;
        let expected = format!("line 3, column {column}: {message}");
        let found: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 1, "{column}: {found:?}");
        assert!(found[0].starts_with(&expected), "{column}: {found:?}");
        assert_eq!(stored(db).await, before, "{column} stored something");
    }

    // The tree's rules, blamed on the column that placed the row.
    let strategy = with(new_measure(), "kind", "strategy");
    let report = import(db, &sheet(INITIATIVE_COLUMNS, &[strategy]), false).await;
    assert_eq!(report.errors.len(), 1);
    assert!(report.errors[0].to_string().starts_with(
        "line 2, column parent_code: invalid parent: a strategy cannot be placed under a"
    ));
    assert_eq!(stored(db).await, before);

    // A changed row needs the version it was read at.
    let mut row = with(new_measure(), "id", &measure.id.to_string());
    row.push(("code", measure.code.to_string()));
    let report = import(db, &sheet(INITIATIVE_COLUMNS, &[row]), false).await;
    assert_eq!(
        report.errors,
        [line_error(
            2,
            "version",
            LineProblem::Value(Problem::Required)
        )]
    );
    assert_eq!(stored(db).await, before);
}

#[tokio::test]
async fn a_change_based_on_an_old_version_is_a_conflict_and_nothing_is_stored() {
    let test_db = demo_db().await;
    let db = &test_db.db;
    let (measure, _) = a_measure(db).await;
    let exported = transfer::export_initiatives(db, Scope::Portfolio)
        .await
        .unwrap();

    // Someone else changes the measure after the export.
    let mut tx = db.begin().await.unwrap();
    let browser = Actor {
        who: "someone@jalons",
        via: Via::Browser,
    };
    let draft = InitiativeDraft {
        parent_id: measure.parent_id,
        kind: measure.kind,
        code: measure.code.clone(),
        title: measure.title.clone(),
        description: measure.description.clone(),
        organisation_id: measure.organisation_id,
        contact_id: measure.contact_id,
        dates: measure.dates,
        weight: measure.weight,
        themes: measure.themes.clone(),
        visibility: measure.visibility,
        priority: !measure.priority,
    };
    write::update_initiative(&mut tx, browser, measure.id, measure.version, &draft)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let before = stored(db).await;

    // The exported header and the measure's row, its title edited.
    let rows = records(&exported);
    let row = rows
        .iter()
        .find(|r| r.get(0) == Some(&measure.id.to_string()))
        .unwrap();
    let mut cells: Vec<String> = row.iter().map(str::to_owned).collect();
    cells[6] = "Titre révisé".into();
    let edited = [rows[0].clone(), csv::StringRecord::from(cells)];
    let report = import(db, &write_records(&edited), false).await;
    assert_eq!(
        report.errors,
        [line_error(
            2,
            "version",
            LineProblem::Conflict {
                current_version: measure.version + 1
            }
        )]
    );
    assert!(report.errors[0]
        .to_string()
        .contains("changed by someone else"));
    assert_eq!(stored(db).await, before);
}

#[tokio::test]
async fn one_bad_line_among_good_ones_stores_nothing() {
    let test_db = demo_db().await;
    let db = &test_db.db;
    let (measure, _) = a_measure(db).await;
    let before = stored(db).await;
    let csv = sheet(
        STATUS_UPDATE_COLUMNS,
        &[
            update_row(&measure, "2030-01-01"),
            update_row(&measure, "2030-02-01"),
            with(
                update_row(&measure, "2030-03-01"),
                "percent_complete",
                "101",
            ),
            update_row(&measure, "2030-04-01"),
        ],
    );
    let report = import(db, &csv, false).await;
    assert_eq!(report.rows, 4);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].line, 4);
    assert!(!report.committed());
    assert_eq!(stored(db).await, before);
}

#[tokio::test]
async fn a_dry_run_reports_what_would_change_and_stores_nothing() {
    let test_db = demo_db().await;
    let db = &test_db.db;
    let (measure, path) = a_measure(db).await;
    let before = stored(db).await;
    let good = sheet(
        STATUS_UPDATE_COLUMNS,
        &[
            update_row(&measure, "2030-01-01"),
            update_row(&measure, "2030-02-01"),
        ],
    );
    let report = import(db, &good, true).await;
    assert_eq!(report.errors, []);
    assert!(report.dry_run && !report.committed());
    let would: Vec<(u64, &str, String)> = report
        .created
        .iter()
        .map(|c| (c.line, c.initiative.as_str(), c.as_of.unwrap().to_string()))
        .collect();
    assert_eq!(
        would,
        [
            (2, path.as_str(), "2030-01-01".to_owned()),
            (3, path.as_str(), "2030-02-01".to_owned())
        ]
    );
    assert_eq!(stored(db).await, before);

    // The store's own rules are checked too.
    let bad = sheet(
        STATUS_UPDATE_COLUMNS,
        &[with(
            update_row(&measure, "2030-01-01"),
            "supersedes",
            "999999",
        )],
    );
    let report = import(db, &bad, true).await;
    assert_eq!(
        report.errors,
        [line_error(
            2,
            "supersedes",
            LineProblem::Value(Problem::Unknown {
                value: "999999".into(),
                expected: vec![]
            })
        )]
    );
    assert_eq!(stored(db).await, before);

    // The real import then does what the dry run said.
    let report = import(db, &good, false).await;
    assert!(report.committed());
    assert_eq!(stored(db).await[0], before[0] + 2);
}

#[tokio::test]
async fn formulas_are_neutralised_on_export_and_round_trip() {
    let test_db = demo_db().await;
    let db = &test_db.db;
    let title = "=HYPERLINK(\"http://evil\",\"clic\")";
    let csv = sheet(
        INITIATIVE_COLUMNS,
        &[vec![
            ("kind", "programme".into()),
            ("code", "P-EVIL".into()),
            ("title_fr", title.into()),
            ("title_en", "+cmd|' /C calc'!A0".into()),
            ("description_fr", "'déjà marqué".into()),
            ("description_en", "@SUM(1)".into()),
        ]],
    );
    let report = import(db, &csv, false).await;
    assert_eq!(report.errors, []);
    let id = InitiativeId(report.created[0].id);
    let created = read::initiative(db, id).await.unwrap().unwrap();
    assert_eq!(created.title.fr, title);
    assert_eq!(created.description.fr, "'déjà marqué");

    let exported = transfer::export_initiatives(db, Scope::Portfolio)
        .await
        .unwrap();
    let row = records(&exported)
        .into_iter()
        .find(|r| r.get(0) == Some(&id.to_string()))
        .unwrap();
    let cells: Vec<&str> = row.iter().collect();
    assert_eq!(cells[6], format!("'{title}"));
    assert_eq!(cells[7], "'+cmd|' /C calc'!A0");
    assert_eq!(cells[8], "''déjà marqué");
    assert_eq!(cells[9], "'@SUM(1)");
    assert!(records(&exported)
        .iter()
        .flat_map(|r| r.iter().map(str::to_owned).collect::<Vec<_>>())
        .all(|cell| !cell.starts_with(['=', '+', '-', '@'])));

    let report = import(db, &exported, false).await;
    assert_eq!(report.errors, []);
    assert_eq!(report.updated, []);
    assert_eq!(read::initiative(db, id).await.unwrap().unwrap(), created);
}

#[tokio::test]
async fn a_tree_is_created_in_one_file_by_code_paths() {
    let test_db = demo_db().await;
    let db = &test_db.db;
    let row = |parent: &str, kind: &str, code: &str| -> Vec<(&'static str, String)> {
        vec![
            ("parent_code", parent.into()),
            ("kind", kind.into()),
            ("code", code.into()),
            ("title_fr", format!("Titre {code}")),
            ("title_en", format!("Title {code}")),
            ("themes", "cybersecurity".into()),
            ("visibility", "published".into()),
        ]
    };
    let csv = sheet(
        INITIATIVE_COLUMNS,
        &[
            row("", "strategy", "S-2030"),
            row("S-2030", "area", "A1"),
            row("S-2030/A1", "measure", "M-01"),
        ],
    );
    let report = import(db, &csv, false).await;
    assert_eq!(report.errors, []);
    let paths: Vec<&str> = report
        .created
        .iter()
        .map(|c| c.initiative.as_str())
        .collect();
    assert_eq!(paths, ["S-2030", "S-2030/A1", "S-2030/A1/M-01"]);
    let measure = read::initiative(db, InitiativeId(report.created[2].id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(measure.parent_id, Some(InitiativeId(report.created[1].id)));
    assert_eq!(measure.themes[0].as_str(), "cybersecurity");
}

#[tokio::test]
async fn header_problems_are_on_line_one_and_name_the_column() {
    let test_db = demo_db().await;
    let db = &test_db.db;
    let before = stored(db).await;
    let header = |drop: &str, add: &str| {
        let mut columns: Vec<&str> = STATUS_UPDATE_COLUMNS
            .iter()
            .copied()
            .filter(|c| *c != drop)
            .collect();
        if !add.is_empty() {
            columns.push(add);
        }
        format!("{}\n", columns.join(","))
    };
    let cases = [
        (
            header("as_of", ""),
            vec![line_error(1, "as_of", LineProblem::MissingColumn)],
        ),
        (
            header("", "colour"),
            vec![line_error(1, "colour", LineProblem::UnknownColumn)],
        ),
        (
            header("", "status"),
            vec![line_error(1, "status", LineProblem::DuplicateColumn)],
        ),
        (
            "name,colour\nx,y\n".to_owned(),
            vec![LineError {
                line: 1,
                column: None,
                problem: LineProblem::UnknownHeader,
            }],
        ),
        (
            String::new(),
            vec![LineError {
                line: 1,
                column: None,
                problem: LineProblem::Empty,
            }],
        ),
    ];
    for (csv, expected) in cases {
        let report = import(db, csv.as_bytes(), false).await;
        assert_eq!(report.errors, expected, "{csv}");
    }
    assert_eq!(
        import(db, &sheet(INITIATIVE_COLUMNS, &[]), false)
            .await
            .to_string(),
        "0 initiatives: imported 0 created, 0 updated, 0 unchanged"
    );
    assert_eq!(stored(db).await, before);
}

#[tokio::test]
async fn real_files_bom_crlf_semicolons_multiline_cells_and_blank_rows() {
    let test_db = demo_db().await;
    let db = &test_db.db;
    let (measure, _) = a_measure(db).await;
    let header = STATUS_UPDATE_COLUMNS.join(";");
    let id = measure.id;
    // The separators of the empty cells after the 15th.
    let empty_tail = ";".repeat(STATUS_UPDATE_COLUMNS.len() - 15);
    let file = format!(
        "\u{feff}{header}\r\n\
         ;{id};;2030-01-01;in_progress;on_track;;;;40;1 234,50 $;;;\"Première ligne\r\nseconde ligne\";Done{empty_tail}\r\n\
         ;;;;;;;;;;;;;;;;;;;;\r\n\
         ;{id};;2030-02-01;completed;on_track;;;;100;;;;;{empty_tail}\r\n\
         \r\n"
    );
    let report = import(db, file.as_bytes(), false).await;
    assert_eq!(report.errors, []);
    assert_eq!(report.rows, 2);
    let lines: Vec<u64> = report.created.iter().map(|c| c.line).collect();
    assert_eq!(lines, [2, 5]);
    let history = read::status_history(db, id).await.unwrap();
    let january = history
        .iter()
        .find(|u| u.as_of.to_string() == "2030-01-01")
        .unwrap();
    assert_eq!(
        january.narrative.accomplishments.fr,
        "Première ligne\r\nseconde ligne"
    );
    assert_eq!(january.budget.approved, Some(Money(123_450)));
}

#[tokio::test]
async fn unreadable_lines_are_named_and_nothing_is_stored() {
    let test_db = demo_db().await;
    let db = &test_db.db;
    let (measure, _) = a_measure(db).await;
    let before = stored(db).await;
    let mut file = sheet(
        STATUS_UPDATE_COLUMNS,
        &[
            update_row(&measure, "2030-01-01"),
            update_row(&measure, "2030-02-01"),
        ],
    );
    file.extend_from_slice(format!(",{},,2030-03-01,planned\n", measure.id).as_bytes());
    file.extend_from_slice(format!(",{},,2030-04-01,planned,on_track", measure.id).as_bytes());
    // Latin-1 "été" in accomplishments_fr.
    file.extend_from_slice(b",,,,,,,,\xE9t\xE9,,,,,,,\n");
    let report = import(db, &file, false).await;
    assert_eq!(
        report.errors,
        [
            LineError {
                line: 4,
                column: None,
                problem: LineProblem::WrongFieldCount {
                    expected: STATUS_UPDATE_COLUMNS.len(),
                    found: 5
                },
            },
            line_error(5, "accomplishments_fr", LineProblem::NotUtf8),
        ]
    );
    assert_eq!(report.rows, 4);
    assert_eq!(stored(db).await, before);
}

#[tokio::test]
async fn oversized_files_are_refused_whole() {
    let test_db = demo_db().await;
    let db = &test_db.db;
    let (measure, _) = a_measure(db).await;
    let before = stored(db).await;

    let huge = vec![b'a'; MAX_BYTES + 1];
    let refused = transfer::import(db, IMPORTER, &huge, ImportOptions::default(), |_, _| {}).await;
    assert!(matches!(refused, Err(TransferError::TooLarge { .. })));

    let mut file = STATUS_UPDATE_COLUMNS.join(",").into_bytes();
    let row = format!(
        "\n,{},,2030-01-01,planned,on_track{}",
        measure.id,
        ",".repeat(STATUS_UPDATE_COLUMNS.len() - 6)
    );
    for _ in 0..=MAX_ROWS {
        file.extend_from_slice(row.as_bytes());
    }
    let report = import(db, &file, false).await;
    assert_eq!(
        report.errors,
        [LineError {
            line: MAX_ROWS as u64 + 2,
            column: None,
            problem: LineProblem::TooManyRows { max: MAX_ROWS },
        }]
    );
    assert_eq!(stored(db).await, before);
}

#[tokio::test]
async fn a_crash_mid_import_leaves_the_database_as_it_was() {
    let test_db = demo_db().await;
    let db = test_db.db.clone();
    let (measure, _) = a_measure(&db).await;
    let before = stored(&db).await;
    let csv = sheet(
        STATUS_UPDATE_COLUMNS,
        &(1..=9)
            .map(|month| update_row(&measure, &format!("2030-0{month}-01")))
            .collect::<Vec<_>>(),
    );
    let crashing = tokio::spawn({
        let db = db.clone();
        async move {
            transfer::import(&db, IMPORTER, &csv, ImportOptions::default(), |done, _| {
                assert!(done < 5, "the process dies after four rows");
            })
            .await
        }
    });
    assert!(crashing.await.unwrap_err().is_panic());
    assert_eq!(stored(&db).await, before);

    // The database is usable again: the write lock went with the crash.
    let csv = sheet(STATUS_UPDATE_COLUMNS, &[update_row(&measure, "2030-01-01")]);
    assert!(import(&db, &csv, false).await.committed());
}

#[tokio::test]
async fn progress_counts_the_rows_applied_a_thousand_at_a_time() {
    let test_db = demo_db().await;
    let db = &test_db.db;
    let (measure, _) = a_measure(db).await;
    let first = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    let rows: Vec<_> = (0..2_500)
        .map(|n| update_row(&measure, &(first + chrono::Duration::days(n)).to_string()))
        .collect();
    let csv = sheet(STATUS_UPDATE_COLUMNS, &rows);
    let mut seen = Vec::new();
    let report = transfer::import(
        db,
        IMPORTER,
        &csv,
        ImportOptions { dry_run: true },
        |done, total| seen.push((done, total)),
    )
    .await
    .unwrap();
    assert_eq!(report.created.len(), 2_500);
    assert_eq!(
        seen,
        [(0, 2_500), (1_000, 2_500), (2_000, 2_500), (2_500, 2_500)]
    );
}

#[tokio::test]
async fn each_statements_worth_is_checked_against_what_the_earlier_ones_wrote() {
    let test_db = demo_db().await;
    let db = &test_db.db;
    let (measure, _) = a_measure(db).await;
    let sql = format!(
        "select max(id) from status_update where initiative_id = {}",
        measure.id
    );
    let stored_update = scalar(db, &sql).await;
    let first = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    let rows = |bad: bool| -> Vec<_> {
        (0..2_500)
            .map(|n| {
                let row = update_row(&measure, &(first + chrono::Duration::days(n)).to_string());
                match n {
                    // The second statement's worth corrects a stored update,
                    1_500 => with(row, "supersedes", &stored_update.to_string()),
                    // the third corrects it again, and names no initiative.
                    2_200 if bad => with(row, "supersedes", &stored_update.to_string()),
                    2_300 if bad => with(row, "initiative_id", "999999"),
                    _ => row,
                }
            })
            .collect()
    };
    let before = stored(db).await;
    let report = import(db, &sheet(STATUS_UPDATE_COLUMNS, &rows(true)), false).await;
    let duplicate = Problem::Duplicate {
        value: stored_update.to_string(),
    };
    let unknown = Problem::Unknown {
        value: "999999".into(),
        expected: vec![],
    };
    assert_eq!(
        report.errors,
        [
            line_error(2_202, "supersedes", LineProblem::Value(duplicate)),
            line_error(2_302, "initiative_id", LineProblem::Value(unknown)),
        ]
    );
    assert_eq!(stored(db).await, before);

    let report = import(db, &sheet(STATUS_UPDATE_COLUMNS, &rows(false)), false).await;
    assert_eq!(report.errors, []);
    assert_eq!(report.created.len(), 2_500);
    let mut ids: Vec<i64> = report.created.iter().map(|c| c.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 2_500, "every update has an id of its own");
    let [updates, _, audit, _, _] = stored(db).await;
    assert_eq!(updates, before[0] + 2_500);
    assert_eq!(audit, before[2] + 2_500);
    let correction = report.created[1_500].id;
    let sql = format!("select supersedes from status_update where id = {correction}");
    assert_eq!(scalar(db, &sql).await, stored_update);
}

#[tokio::test]
async fn a_batch_whose_task_went_silent_is_shown_as_interrupted_and_cannot_be_imported() {
    use app::store::batches;
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let id = batches::insert(db, "editor@example.ca", "u.csv", Some("id\n"))
        .await
        .unwrap();
    let (batch, _) = batches::load(db, id).await.unwrap().unwrap();
    assert_eq!(batch.state, BatchState::Checking);
    assert!(!batch.stalled, "a fresh task is alive");
    assert!(batch.report.is_none());

    batches::progress(db, id, 40, 100).await.unwrap();
    let (batch, _) = batches::load(db, id).await.unwrap().unwrap();
    assert_eq!((batch.rows_done, batch.rows_total), (40, 100));

    // No word from the task for longer than the limit: interrupted.
    let old = chrono::Utc::now() - chrono::Duration::seconds(batches::STALLED_AFTER_SECONDS + 5);
    let sql = "update import_batch set heartbeat_at = $1 where id = $2";
    match db {
        Db::Sqlite(p) => sqlx::query(sql)
            .bind(old)
            .bind(id)
            .execute(p)
            .await
            .map(drop),
        Db::Postgres(p) => sqlx::query(sql)
            .bind(old)
            .bind(id)
            .execute(p)
            .await
            .map(drop),
    }
    .unwrap();
    let (batch, _) = batches::load(db, id).await.unwrap().unwrap();
    assert!(batch.stalled);
    assert!(
        !batches::claim(db, id).await.unwrap(),
        "not checked: never imported"
    );
}
