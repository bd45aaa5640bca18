//! The storage suite: every question and every rule of the store, each test
//! on a fresh database — SQLite by default, PostgreSQL when `make test`
//! provides one (`JALONS_TEST_POSTGRES_URL`).

use app::domain::history::StatusCounts;
use app::domain::*;
use app::store::read::{self, Scope};
use app::store::testing::{fresh_db, fresh_db_until};
use app::store::{lookup, write, Actor, Db, StoreError};
use chrono::NaiveDate;

const ACTOR: Actor = Actor {
    who: "test@jalons",
    via: Via::Browser,
};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn draft(parent: Option<InitiativeId>, kind: InitiativeKind, code: &str) -> InitiativeDraft {
    InitiativeDraft {
        parent_id: parent,
        kind,
        code: Code::parse("code", code).unwrap(),
        title: Bilingual::new(format!("Titre {code}"), format!("Title {code}")),
        description: Bilingual::default(),
        organisation_id: None,
        contact_id: None,
        dates: DateRange::default(),
        weight: Weight::DEFAULT,
        themes: vec![],
        visibility: Visibility::Published,
        priority: false,
    }
}

async fn create(
    db: &Db,
    parent: Option<InitiativeId>,
    kind: InitiativeKind,
    code: &str,
) -> Initiative {
    let mut tx = db.begin().await.unwrap();
    let created = write::create_initiative(&mut tx, ACTOR, &draft(parent, kind, code))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    created
}

/// A strategy with one area holding `measures` measures.
async fn strategy_with_measures(
    db: &Db,
    measures: usize,
) -> (Initiative, Initiative, Vec<Initiative>) {
    let strategy = create(db, None, InitiativeKind::Strategy, "SGTI-2015").await;
    let area = create(db, Some(strategy.id), InitiativeKind::Area, "A1").await;
    let mut list = Vec::new();
    for i in 1..=measures {
        list.push(
            create(
                db,
                Some(area.id),
                InitiativeKind::Measure,
                &format!("M{i:02}"),
            )
            .await,
        );
    }
    (strategy, area, list)
}

fn update(
    id: InitiativeId,
    as_of: &str,
    status: Status,
    percent: Option<i64>,
) -> StatusUpdateDraft {
    StatusUpdateDraft::new(
        id,
        d(as_of),
        status,
        HealthReport::overall(Health::OnTrack),
        percent.map(|p| Percent::new("percent_complete", p).unwrap()),
        Budget::default(),
        Narrative::default(),
        Some("internal".into()),
        None,
    )
    .unwrap()
}

async fn record(db: &Db, draft: &StatusUpdateDraft) -> Result<StatusUpdate, StoreError> {
    let mut tx = db.begin().await?;
    let recorded = write::record_status_update(&mut tx, ACTOR, draft).await?;
    tx.commit().await?;
    Ok(recorded)
}

async fn count(db: &Db, table: &str) -> i64 {
    let sql = format!("select count(*) from {table}");
    match db {
        Db::Sqlite(p) => sqlx::query_scalar(&sql).fetch_one(p).await.unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(&sql).fetch_one(p).await.unwrap(),
    }
}

fn invalid_fields(err: StoreError) -> Vec<String> {
    match err {
        StoreError::Invalid(errors) => errors.0.into_iter().map(|e| e.field).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[tokio::test]
async fn an_initiative_tree_is_stored_and_read_back() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let mut tx = db.begin().await.unwrap();
    let org = write::create_organisation(
        &mut tx,
        ACTOR,
        &Code::parse("code", "MCN").unwrap(),
        &Bilingual::new("Ministère", "Ministry"),
    )
    .await
    .unwrap();
    let contact = write::create_contact(
        &mut tx,
        ACTOR,
        Some(org.id),
        "Benoit Boivin",
        &Bilingual::new("Secrétaire associé", "Associate secretary"),
        None,
    )
    .await
    .unwrap();
    write::save_theme(
        &mut tx,
        ACTOR,
        &Code::parse("code", "talent").unwrap(),
        &Bilingual::new("Talents", "Talent"),
    )
    .await
    .unwrap();
    let mut strategy = draft(None, InitiativeKind::Strategy, "SGTI-2015");
    strategy.organisation_id = Some(org.id);
    strategy.contact_id = Some(contact.id);
    strategy.themes = vec![Code::parse("themes", "talent").unwrap()];
    strategy.dates =
        DateRange::new("target_date", Some(d("2015-06-01")), Some(d("2020-12-31"))).unwrap();
    let created = write::create_initiative(&mut tx, ACTOR, &strategy)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let read_back = read::initiative(db, created.id).await.unwrap().unwrap();

    assert_eq!(read_back, created);
    assert_eq!(read_back.version, 1);
    assert_eq!(read_back.themes[0].as_str(), "talent");
    assert_eq!(read_back.dates.end(), Some(d("2020-12-31")));
    assert_eq!(read::organisations(db).await.unwrap(), [org]);
    assert_eq!(read::contacts(db).await.unwrap(), [contact]);
}

#[tokio::test]
async fn a_code_is_unique_among_siblings_only() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let (strategy, area, _) = strategy_with_measures(db, 1).await;
    let other_area = create(db, Some(strategy.id), InitiativeKind::Area, "A2").await;
    let before = count(db, "initiative").await;

    let mut tx = db.begin().await.unwrap();
    let err = write::create_initiative(
        &mut tx,
        ACTOR,
        &draft(Some(area.id), InitiativeKind::Measure, "M01"),
    )
    .await
    .unwrap_err();
    drop(tx);

    assert_eq!(invalid_fields(err), ["code"]);
    assert_eq!(count(db, "initiative").await, before);
    // The same code under another parent is fine; two roots may not share one.
    create(db, Some(other_area.id), InitiativeKind::Measure, "M01").await;
    let mut tx = db.begin().await.unwrap();
    let err = write::create_initiative(
        &mut tx,
        ACTOR,
        &draft(None, InitiativeKind::Strategy, "SGTI-2015"),
    )
    .await
    .unwrap_err();
    assert_eq!(invalid_fields(err), ["code"]);
}

#[tokio::test]
async fn a_parent_cannot_be_its_own_descendant_nor_of_the_wrong_kind() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let programme = create(db, None, InitiativeKind::Programme, "P1").await;
    let sub = create(db, Some(programme.id), InitiativeKind::Programme, "P1-1").await;
    let sub_sub = create(db, Some(sub.id), InitiativeKind::Programme, "P1-1-1").await;

    let mut moved = draft(Some(sub_sub.id), InitiativeKind::Programme, "P1");
    moved.title = programme.title.clone();
    let mut tx = db.begin().await.unwrap();
    let err = write::update_initiative(&mut tx, ACTOR, programme.id, programme.version, &moved)
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(err), ["parent_id"]);
    let err = write::create_initiative(&mut tx, ACTOR, &draft(None, InitiativeKind::Measure, "M1"))
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(err), ["parent_id"]);
    let err = write::create_initiative(
        &mut tx,
        ACTOR,
        &draft(Some(programme.id), InitiativeKind::Area, "A1"),
    )
    .await
    .unwrap_err();
    assert_eq!(invalid_fields(err), ["parent_id"]);
    let err = write::create_initiative(
        &mut tx,
        ACTOR,
        &draft(Some(InitiativeId(9999)), InitiativeKind::Project, "X"),
    )
    .await
    .unwrap_err();
    assert_eq!(invalid_fields(err), ["parent_id"]);
}

#[tokio::test]
async fn the_second_editor_to_save_gets_a_conflict() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let measure = create(db, None, InitiativeKind::Programme, "P1").await;
    let mut first = draft(None, InitiativeKind::Programme, "P1");
    first.title.en = "First editor".into();
    let mut second = draft(None, InitiativeKind::Programme, "P1");
    second.title.en = "Second editor".into();

    let mut tx = db.begin().await.unwrap();
    let saved = write::update_initiative(&mut tx, ACTOR, measure.id, measure.version, &first)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut tx = db.begin().await.unwrap();
    let err = write::update_initiative(&mut tx, ACTOR, measure.id, measure.version, &second)
        .await
        .unwrap_err();
    drop(tx);

    assert_eq!(saved.version, 2);
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                current_version: 2,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        read::initiative(db, measure.id)
            .await
            .unwrap()
            .unwrap()
            .title
            .en,
        "First editor"
    );
}

#[tokio::test]
async fn every_change_is_audited_with_before_and_after_and_bumps_the_data_version() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let version_before = db.data_version().await.unwrap();
    let programme = create(db, None, InitiativeKind::Programme, "P1").await;
    let mut changed = draft(None, InitiativeKind::Programme, "P1");
    changed.title.fr = "Nouveau titre".into();
    let mut tx = db.begin().await.unwrap();
    write::update_initiative(&mut tx, ACTOR, programme.id, 1, &changed)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let sql = "select actor, action, via, before_json, after_json from audit_log where entity = 'initiative' order by id";
    type AuditRow = (String, String, String, Option<String>, Option<String>);
    let rows: Vec<AuditRow> = match db {
        Db::Sqlite(p) => sqlx::query_as(sql).fetch_all(p).await.unwrap(),
        Db::Postgres(p) => sqlx::query_as(sql).fetch_all(p).await.unwrap(),
    };
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0].0.as_str(), rows[0].1.as_str()),
        (ACTOR.who, "create")
    );
    assert_eq!(rows[0].2, "browser");
    assert!(rows[0].3.is_none());
    assert_eq!(rows[1].1, "update");
    assert!(rows[1].3.as_deref().unwrap().contains("Titre P1"));
    assert!(rows[1].4.as_deref().unwrap().contains("Nouveau titre"));
    assert_eq!(db.data_version().await.unwrap(), version_before + 2);
}

#[tokio::test]
async fn an_appended_update_is_in_the_trail_as_recorded_without_a_copy_in_its_audit_row() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let (_, _, measures) = strategy_with_measures(db, 2).await;
    let single = record(
        db,
        &update(measures[0].id, "2020-01-10", Status::InProgress, Some(10)),
    )
    .await
    .unwrap();
    let mut tx = db.begin().await.unwrap();
    let mut batch = write::StatusUpdateBatch::new();
    let batched = batch
        .append(
            &mut tx,
            ACTOR,
            &[update(
                measures[1].id,
                "2020-02-10",
                Status::Completed,
                Some(100),
            )],
        )
        .await
        .unwrap()
        .remove(0)
        .unwrap();
    batch.finish(&mut tx).await.unwrap();
    tx.commit().await.unwrap();

    // The audit rows name the updates and keep no copy of them ...
    let sql = "select count(*) from audit_log where entity = 'status_update' and action = 'append' and after_json is null";
    let copyless: i64 = match db {
        Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
    };
    assert_eq!(copyless, 2);
    // ... and the trail shows each as it was recorded.
    let filter = AuditFilter {
        entity: Some("status_update".into()),
        ..Default::default()
    };
    let trail = read::audit_trail(db, &filter).await.unwrap();
    assert_eq!(trail.len(), 2);
    for (entry, recorded) in trail.iter().zip([&batched, &single]) {
        assert_eq!(entry.entity_id, Some(recorded.id.0));
        assert_eq!(entry.action, "append");
        let shown: StatusUpdate = serde_json::from_str(entry.after.as_deref().unwrap()).unwrap();
        assert_eq!(&shown, recorded);
        assert!(entry.before.is_none());
    }
}

/// Runs `sql` in a transaction of its own and commits it: what the
/// statement answered, then what the commit answered (when it ran).
async fn statement_then_commit(db: &Db, sql: &str) -> (Result<(), String>, Result<(), String>) {
    macro_rules! run {
        ($pool:expr) => {{
            let mut tx = $pool.begin().await.unwrap();
            match sqlx::query(sql).execute(&mut *tx).await {
                Err(e) => (Err(e.to_string()), Ok(())),
                Ok(_) => (Ok(()), tx.commit().await.map_err(|e| e.to_string())),
            }
        }};
    }
    match db {
        Db::Sqlite(pool) => run!(pool),
        Db::Postgres(pool) => run!(pool),
    }
}

/// An update naming a parent that does not exist, written in plain SQL.
fn dangling_update(initiative_id: i64, supersedes: &str) -> String {
    format!(
        "insert into status_update (initiative_id, as_of, status, health, author, recorded_at, supersedes) \
         values ({initiative_id}, '2026-01-05', 'planned', 'on_track', 'test', '2026-01-05T00:00:00Z', {supersedes})"
    )
}

/// The commit's refusal of a key that leads nowhere, whatever the database.
fn refuses_the_key(commit: &Result<(), String>) -> bool {
    commit
        .as_ref()
        .is_err_and(|e| e.to_lowercase().contains("foreign key"))
}

#[tokio::test]
async fn a_status_updates_keys_are_checked_when_its_transaction_commits() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let p = create(db, None, InitiativeKind::Programme, "P1").await;
    let stored = record(db, &update(p.id, "2026-01-01", Status::Planned, None))
        .await
        .unwrap();

    // A missing initiative, then a missing update to correct: each statement
    // is taken, each commit refused, and nothing of either is stored.
    for sql in [
        dangling_update(p.id.0 + 1000, "null"),
        dangling_update(p.id.0, &(stored.id.0 + 1000).to_string()),
    ] {
        let (statement, commit) = statement_then_commit(db, &sql).await;
        assert_eq!(statement, Ok(()), "{sql}");
        assert!(refuses_the_key(&commit), "{sql}: {commit:?}");
        assert_eq!(count(db, "status_update").await, 1, "{sql}");
    }
    // Keys that lead somewhere commit.
    let (statement, commit) = statement_then_commit(db, &dangling_update(p.id.0, "null")).await;
    assert_eq!((statement, commit), (Ok(()), Ok(())));
    assert_eq!(count(db, "status_update").await, 2);
}

#[tokio::test]
async fn updates_stored_before_their_keys_moved_to_commit_keep_through_the_migration() {
    // The last schema whose status update keys were checked per statement.
    let test_db = fresh_db_until(20261204000017).await;
    let db = &test_db.db;
    let p = create(db, None, InitiativeKind::Programme, "P1").await;
    let first = record(
        db,
        &update(p.id, "2026-01-05", Status::InProgress, Some(10)),
    )
    .await
    .unwrap();
    let mut fix = update(p.id, "2026-01-05", Status::InProgress, Some(20));
    fix.supersedes = Some(first.id);
    let correction = record(db, &fix).await.unwrap();
    let later = record(
        db,
        &update(p.id, "2026-02-02", Status::Completed, Some(100)),
    )
    .await
    .unwrap();

    db.migrate().await.unwrap();

    let mut tx = db.begin().await.unwrap();
    for stored in [&first, &correction, &later] {
        let read = lookup::status_update(&mut tx, stored.id).await.unwrap();
        assert_eq!(read.as_ref(), Some(stored));
    }
    drop(tx);
    assert_eq!(count(db, "status_update").await, 3);
    // A correction is still corrected once: the rebuilt table has its index.
    let mut again = update(p.id, "2026-01-05", Status::InProgress, Some(30));
    again.supersedes = Some(first.id);
    assert_eq!(
        invalid_fields(record(db, &again).await.unwrap_err()),
        ["supersedes"]
    );
    // And the keys are now checked at commit.
    let (statement, commit) =
        statement_then_commit(db, &dangling_update(p.id.0 + 1000, "null")).await;
    assert_eq!(statement, Ok(()));
    assert!(refuses_the_key(&commit), "{commit:?}");
    assert_eq!(count(db, "status_update").await, 3);
}

#[tokio::test]
async fn a_failed_batch_leaves_nothing_behind() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let version = db.data_version().await.unwrap();
    let mut tx = db.begin().await.unwrap();
    write::create_initiative(
        &mut tx,
        ACTOR,
        &draft(None, InitiativeKind::Programme, "P1"),
    )
    .await
    .unwrap();
    let err = write::create_initiative(
        &mut tx,
        ACTOR,
        &draft(None, InitiativeKind::Programme, "P1"),
    )
    .await;
    assert!(err.is_err());
    drop(tx);

    assert_eq!(count(db, "initiative").await, 0);
    assert_eq!(count(db, "audit_log").await, 0);
    assert_eq!(db.data_version().await.unwrap(), version);
}

#[tokio::test]
async fn the_state_as_of_a_date_is_the_latest_update_on_or_before_it() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let (_, _, measures) = strategy_with_measures(db, 2).await;
    let m = measures[0].id;
    record(db, &update(m, "2015-06-01", Status::Planned, Some(0)))
        .await
        .unwrap();
    record(db, &update(m, "2016-06-01", Status::InProgress, Some(30)))
        .await
        .unwrap();
    // Two updates the same day: the one recorded last counts.
    record(db, &update(m, "2017-10-31", Status::InProgress, Some(60)))
        .await
        .unwrap();
    record(db, &update(m, "2017-10-31", Status::Completed, Some(100)))
        .await
        .unwrap();

    let at = |date| read::states_as_of(db, Scope::Subtree(m), d(date));
    assert!(at("2015-05-31").await.unwrap().is_empty());
    assert_eq!(at("2015-06-01").await.unwrap()[0].status, Status::Planned);
    assert_eq!(
        at("2017-10-30").await.unwrap()[0]
            .percent_complete
            .map(Percent::get),
        Some(30)
    );
    assert_eq!(at("2017-10-31").await.unwrap()[0].status, Status::Completed);
    // The whole portfolio: only the measure with updates has a state.
    let all = read::states_as_of(db, Scope::Portfolio, d("2020-01-01"))
        .await
        .unwrap();
    assert_eq!(all.iter().map(|u| u.initiative_id).collect::<Vec<_>>(), [m]);
    assert_eq!(all[0].internal_note.as_deref(), Some("internal"));
    // The summaries name the same updates, with the same figures.
    let summaries = read::summaries_as_of(db, Scope::Portfolio, d("2020-01-01"))
        .await
        .unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(
        (
            summaries[0].update_id,
            summaries[0].status,
            summaries[0].percent_complete
        ),
        (all[0].id, all[0].status, all[0].percent_complete)
    );
}

#[tokio::test]
async fn a_correction_replaces_what_it_supersedes_and_only_once() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let (_, _, measures) = strategy_with_measures(db, 2).await;
    let m = measures[0].id;
    record(db, &update(m, "2016-01-01", Status::InProgress, Some(20)))
        .await
        .unwrap();
    let wrong = record(db, &update(m, "2017-01-01", Status::Completed, Some(100)))
        .await
        .unwrap();
    let mut fix = update(m, "2017-01-01", Status::InProgress, Some(70));
    fix.supersedes = Some(wrong.id);

    let corrected = record(db, &fix).await.unwrap();

    let now = read::states_as_of(db, Scope::Subtree(m), d("2018-01-01"))
        .await
        .unwrap();
    assert_eq!(now[0].id, corrected.id);
    assert_eq!(now[0].status, Status::InProgress);
    // Nothing was overwritten: the history holds all three.
    let history = read::status_history(db, m).await.unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(
        history.iter().find(|u| u.id == wrong.id).unwrap().status,
        Status::Completed
    );
    // A second correction of the same update, or one from another initiative, is refused.
    assert_eq!(
        invalid_fields(record(db, &fix).await.unwrap_err()),
        ["supersedes"]
    );
    let mut elsewhere = update(measures[1].id, "2017-01-01", Status::Planned, None);
    elsewhere.supersedes = Some(corrected.id);
    assert_eq!(
        invalid_fields(record(db, &elsewhere).await.unwrap_err()),
        ["supersedes"]
    );
}

#[tokio::test]
async fn roll_up_counts_leaves_and_weights_percentages() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let (strategy, area, measures) = strategy_with_measures(db, 3).await;
    record(
        db,
        &update(measures[0].id, "2017-10-31", Status::Completed, None),
    )
    .await
    .unwrap();
    record(
        db,
        &update(measures[1].id, "2017-10-31", Status::InProgress, Some(50)),
    )
    .await
    .unwrap();

    let rollup = read::rollup(db, strategy.id, d("2017-12-31"))
        .await
        .unwrap()
        .unwrap();

    assert_eq!(
        rollup.by_status,
        StatusCounts {
            completed: 1,
            in_progress: 1,
            ..Default::default()
        }
    );
    assert_eq!(rollup.without_update, 1);
    assert_eq!(rollup.percent_complete, Some(75.0));
    assert_eq!(rollup.children[0].id, area.id);
    assert_eq!(rollup.children[0].children.len(), 3);
    assert!(read::rollup(db, InitiativeId(999), d("2017-12-31"))
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn the_completion_series_counts_measures_by_status_over_time() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let (strategy, _, measures) = strategy_with_measures(db, 3).await;
    for m in &measures {
        record(db, &update(m.id, "2015-06-15", Status::Planned, Some(0)))
            .await
            .unwrap();
    }
    record(
        db,
        &update(measures[0].id, "2016-01-10", Status::InProgress, Some(10)),
    )
    .await
    .unwrap();
    record(
        db,
        &update(measures[0].id, "2016-03-10", Status::Completed, Some(100)),
    )
    .await
    .unwrap();
    let wrong = record(
        db,
        &update(measures[1].id, "2016-02-10", Status::Cancelled, None),
    )
    .await
    .unwrap();
    let mut fix = update(measures[1].id, "2016-02-10", Status::OnHold, None);
    fix.supersedes = Some(wrong.id);
    record(db, &fix).await.unwrap();

    let series = read::completion_series(
        db,
        Scope::Subtree(strategy.id),
        d("2015-12-31"),
        d("2016-03-31"),
        Interval::Monthly,
    )
    .await
    .unwrap();

    let counts: Vec<(NaiveDate, StatusCounts)> =
        series.into_iter().map(|p| (p.date, p.counts)).collect();
    assert_eq!(
        counts,
        [
            (
                d("2015-12-31"),
                StatusCounts {
                    planned: 3,
                    ..Default::default()
                }
            ),
            (
                d("2016-01-31"),
                StatusCounts {
                    planned: 2,
                    in_progress: 1,
                    ..Default::default()
                }
            ),
            (
                d("2016-02-29"),
                StatusCounts {
                    planned: 1,
                    in_progress: 1,
                    on_hold: 1,
                    ..Default::default()
                }
            ),
            (
                d("2016-03-31"),
                StatusCounts {
                    planned: 1,
                    completed: 1,
                    on_hold: 1,
                    ..Default::default()
                }
            ),
        ]
    );
    // The portfolio counts the same leaves here.
    let portfolio = read::completion_series(
        db,
        Scope::Portfolio,
        d("2016-03-31"),
        d("2016-03-31"),
        Interval::Monthly,
    )
    .await
    .unwrap();
    assert_eq!(portfolio[0].counts.total(), 3);
}

#[tokio::test]
async fn an_indicator_has_its_values_and_planned_path() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let programme = create(db, None, InitiativeKind::Programme, "CTI").await;
    let mut tx = db.begin().await.unwrap();
    let indicator = write::create_indicator(
        &mut tx,
        ACTOR,
        &IndicatorDraft {
            initiative_id: programme.id,
            code: Code::parse("code", "centres").unwrap(),
            name: Bilingual::new("Centres de traitement", "Data-processing centres"),
            unit: Bilingual::new("centres", "centres"),
            direction: Direction::Down,
            baseline: Some((d("2014-01-01"), 457.0)),
            target: Some((d("2024-01-01"), 3.0)),
        },
    )
    .await
    .unwrap();
    for (date, value) in [
        ("2019-02-04", 120.0),
        ("2020-06-10", 100.0),
        ("2020-06-10", 98.0),
    ] {
        let draft = IndicatorValueDraft {
            indicator_id: indicator.id,
            measured_on: d(date),
            value,
            note: Bilingual::default(),
        };
        write::record_indicator_value(&mut tx, ACTOR, &draft)
            .await
            .unwrap();
    }
    let err = write::create_indicator(
        &mut tx,
        ACTOR,
        &IndicatorDraft {
            initiative_id: programme.id,
            code: Code::parse("code", "centres").unwrap(),
            ..indicator_draft_stub(programme.id)
        },
    )
    .await
    .unwrap_err();
    assert_eq!(invalid_fields(err), ["code"]);
    tx.commit().await.unwrap();

    let series = read::indicator_series(db, indicator.id)
        .await
        .unwrap()
        .unwrap();

    assert_eq!(
        series.actual,
        [(d("2019-02-04"), 120.0), (d("2020-06-10"), 98.0)]
    );
    assert_eq!(series.planned.first(), Some(&(d("2014-01-01"), 457.0)));
    assert_eq!(series.planned.last(), Some(&(d("2024-01-01"), 3.0)));
    assert_eq!(series.planned.len(), 4);
    assert!(series.planned[1].1 < 457.0 && series.planned[1].1 > 3.0);
    assert_eq!(
        read::indicators(db, Scope::Subtree(programme.id))
            .await
            .unwrap(),
        [indicator]
    );
}

fn indicator_draft_stub(initiative_id: InitiativeId) -> IndicatorDraft {
    IndicatorDraft {
        initiative_id,
        code: Code::parse("code", "x").unwrap(),
        name: Bilingual::new("x", "x"),
        unit: Bilingual::default(),
        direction: Direction::Up,
        baseline: None,
        target: None,
    }
}

#[tokio::test]
async fn a_milestone_keeps_every_re_plan_and_its_slippage() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let programme = create(db, None, InitiativeKind::Programme, "CTI").await;
    let mut tx = db.begin().await.unwrap();
    let milestone = write::create_milestone(
        &mut tx,
        ACTOR,
        &MilestoneDraft {
            initiative_id: programme.id,
            title: Bilingual::new("Consolidation terminée", "Consolidation complete"),
            baseline_date: d("2023-12-31"),
            decided_on: d("2019-02-04"),
        },
    )
    .await
    .unwrap();
    let replan = MilestoneChange {
        milestone_id: milestone.id,
        decided_on: d("2020-06-10"),
        forecast_date: d("2025-12-31"),
        actual_date: None,
        reason: Bilingual::new("Décret 596-2020", "Decree 596-2020"),
    };
    let unexplained = MilestoneChange {
        reason: Bilingual::default(),
        forecast_date: d("2026-12-31"),
        ..replan.clone()
    };
    assert_eq!(
        invalid_fields(
            write::revise_milestone(&mut tx, ACTOR, &unexplained)
                .await
                .unwrap_err()
        ),
        ["reason_fr"]
    );
    let replanned = write::revise_milestone(&mut tx, ACTOR, &replan)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(replanned.forecast_date, d("2025-12-31"));
    assert_eq!(replanned.baseline_date, d("2023-12-31"));
    assert_eq!(replanned.slippage_days(), 731);
    let (current, revisions) = read::milestone_history(db, milestone.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(current, replanned);
    assert_eq!(
        revisions
            .iter()
            .map(|r| r.forecast_date)
            .collect::<Vec<_>>(),
        [d("2023-12-31"), d("2025-12-31")]
    );
    assert_eq!(revisions[1].reason.en, "Decree 596-2020");
    // As planned before the re-plan, and before the milestone existed.
    let scope = Scope::Subtree(programme.id);
    assert_eq!(
        read::milestones(db, scope, Some(d("2020-01-01")))
            .await
            .unwrap()[0]
            .forecast_date,
        d("2023-12-31")
    );
    assert!(read::milestones(db, scope, Some(d("2018-01-01")))
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn changes_between_two_dates() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let (strategy, _, measures) = strategy_with_measures(db, 3).await;
    record(
        db,
        &update(measures[0].id, "2016-01-01", Status::InProgress, Some(10)),
    )
    .await
    .unwrap();
    record(
        db,
        &update(measures[1].id, "2016-01-01", Status::InProgress, Some(10)),
    )
    .await
    .unwrap();
    record(
        db,
        &update(measures[0].id, "2017-01-01", Status::Completed, Some(100)),
    )
    .await
    .unwrap();
    let mut risky = update(measures[1].id, "2017-01-01", Status::InProgress, Some(20));
    risky = StatusUpdateDraft::new(
        risky.initiative_id,
        risky.as_of,
        risky.status,
        HealthReport::overall(Health::AtRisk),
        risky.percent_complete,
        Budget::default(),
        Narrative {
            issues: Bilingual::new("Retard", "Delay"),
            ..Default::default()
        },
        None,
        None,
    )
    .unwrap();
    record(db, &risky).await.unwrap();
    record(
        db,
        &update(measures[2].id, "2016-06-01", Status::Planned, None),
    )
    .await
    .unwrap();

    let changes = read::changes_between(
        db,
        Scope::Subtree(strategy.id),
        d("2016-03-01"),
        d("2017-03-01"),
    )
    .await
    .unwrap();

    assert_eq!(changes.added, [measures[2].id]);
    assert_eq!(changes.status_changed.len(), 1);
    assert_eq!(changes.status_changed[0].initiative_id, measures[0].id);
    assert_eq!(
        (
            changes.status_changed[0].before,
            changes.status_changed[0].after
        ),
        (Status::InProgress, Status::Completed)
    );
    assert_eq!(changes.health_changed.len(), 1);
    assert_eq!(changes.health_changed[0].after, Health::AtRisk);
}

#[tokio::test]
async fn milestones_as_planned_now_include_every_milestone() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let programme = create(db, None, InitiativeKind::Programme, "P").await;
    let mut tx = db.begin().await.unwrap();
    let draft = MilestoneDraft {
        initiative_id: programme.id,
        title: Bilingual::new("Jalon", "Milestone"),
        baseline_date: d("2030-01-01"),
        decided_on: d("2026-11-01"),
    };
    let milestone = write::create_milestone(&mut tx, ACTOR, &draft)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let now = read::milestones(db, Scope::Portfolio, None).await.unwrap();

    assert_eq!(now, [milestone]);
}

/// A database that is away or cannot write is told apart from a request at
/// fault (callers answer 503, not 500 or 422), and PostgreSQL cancels any
/// statement that runs too long.
#[tokio::test]
async fn a_database_that_cannot_do_its_part_is_told_apart_from_a_bad_request() {
    use app::store::Unavailable;
    let t = fresh_db().await;
    let unavailable = |e: sqlx::Error| StoreError::Query(e).unavailable();
    match &t.db {
        Db::Postgres(pool) => {
            let shown: String = sqlx::query_scalar("show statement_timeout")
                .fetch_one(pool)
                .await
                .unwrap();
            assert_eq!(shown, "30s");
            let mut tx = pool.begin().await.unwrap();
            sqlx::query("set local statement_timeout = '50ms'")
                .execute(&mut *tx)
                .await
                .unwrap();
            let runaway = sqlx::query("select pg_sleep(5)")
                .execute(&mut *tx)
                .await
                .unwrap_err();
            assert_eq!(unavailable(runaway), Some(Unavailable::Down));
            tx.rollback().await.unwrap();

            let mut tx = pool.begin().await.unwrap();
            sqlx::query("set transaction read only")
                .execute(&mut *tx)
                .await
                .unwrap();
            let refused = sqlx::query("update data_version set version = version + 1")
                .execute(&mut *tx)
                .await
                .unwrap_err();
            assert_eq!(unavailable(refused), Some(Unavailable::CannotWrite));
            tx.rollback().await.unwrap();

            let typo = sqlx::query("selec 1").execute(pool).await.unwrap_err();
            assert_eq!(unavailable(typo), None);
        }
        Db::Sqlite(pool) => {
            let mut c = pool.acquire().await.unwrap();
            sqlx::query("pragma query_only = 1")
                .execute(&mut *c)
                .await
                .unwrap();
            let refused = sqlx::query("update data_version set version = version + 1")
                .execute(&mut *c)
                .await
                .unwrap_err();
            sqlx::query("pragma query_only = 0")
                .execute(&mut *c)
                .await
                .unwrap();
            assert_eq!(unavailable(refused), Some(Unavailable::CannotWrite));

            let typo = sqlx::query("selec 1").execute(&mut *c).await.unwrap_err();
            assert_eq!(unavailable(typo), None);
        }
    }
    let duplicate = async {
        let mut tx = t.db.begin().await.unwrap();
        let a = write::create_initiative(
            &mut tx,
            ACTOR,
            &draft(None, InitiativeKind::Strategy, "S-1"),
        )
        .await;
        let b = write::create_initiative(
            &mut tx,
            ACTOR,
            &draft(None, InitiativeKind::Strategy, "S-1"),
        )
        .await;
        assert!(a.is_ok());
        b.unwrap_err()
    }
    .await;
    assert_eq!(duplicate.unavailable(), None, "{duplicate:?}");
    assert_eq!(
        StoreError::Query(sqlx::Error::PoolTimedOut).unavailable(),
        Some(Unavailable::Down)
    );
}
