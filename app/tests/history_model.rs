//! Property tests: on random histories (same-day updates and corrections
//! included), the store's as-of state, roll-up, completion and health series
//! agree with a naive model that reads every update directly, and the
//! migration that derives the status periods in SQL derives the ones the
//! writes keep.

use app::domain::*;
use app::store::read::{self, Scope};
use app::store::testing::fresh_db;
use app::store::{dashboard, write, Actor, Db};

const ACTOR: Actor = Actor {
    who: "model",
    via: Via::Cli,
};
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use std::collections::HashMap;

/// One status update to record: on which measure, on which day, what it
/// says, and whether it corrects an earlier update of the same measure.
#[derive(Clone, Debug)]
struct Op {
    measure: usize,
    day: i64,
    status: Status,
    health: Health,
    percent: Option<i64>,
    corrects: Option<usize>,
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

fn op(measures: usize) -> impl Strategy<Value = Op> {
    (
        0..measures,
        0..40i64,
        status(),
        prop::sample::select(Health::ALL.to_vec()),
        prop::option::of(0..=100i64),
        prop::option::of(0..8usize),
    )
        .prop_map(|(measure, day, status, health, percent, corrects)| Op {
            measure,
            day,
            status,
            health,
            percent,
            corrects,
        })
}

fn case() -> impl Strategy<Value = (Vec<usize>, Vec<f64>, Vec<Op>)> {
    // Two areas of 1–3 measures, each measure with a weight, then the updates.
    (
        prop::collection::vec(1..=3usize, 2),
        prop::collection::vec(0.5..4.0f64, 6),
    )
        .prop_flat_map(|(areas, weights)| {
            let measures: usize = areas.iter().sum();
            (
                Just(areas),
                Just(weights),
                prop::collection::vec(op(measures), 0..30),
            )
        })
}

/// What was recorded, as the naive model sees it.
#[derive(Clone, Debug)]
struct Recorded {
    id: StatusUpdateId,
    measure: usize,
    as_of: NaiveDate,
    status: Status,
    health: Health,
    percent: Option<i64>,
    supersedes: Option<StatusUpdateId>,
}

/// The naive state of `measure` on `date`: its latest update on or before
/// it, among those nobody corrected.
fn naive_state(all: &[Recorded], measure: usize, date: NaiveDate) -> Option<&Recorded> {
    all.iter()
        .filter(|u| u.measure == measure && u.as_of <= date)
        .filter(|u| !all.iter().any(|c| c.supersedes == Some(u.id)))
        .max_by_key(|u| (u.as_of, u.id))
}

fn naive_percent(u: &Recorded) -> Option<f64> {
    match (u.percent, u.status) {
        (Some(p), _) => Some(p as f64),
        (None, Status::Completed) => Some(100.0),
        (None, Status::Planned) => Some(0.0),
        _ => None,
    }
}

/// Weighted mean over children that have a percentage and are not cancelled.
fn naive_mean(children: impl Iterator<Item = (Option<f64>, f64, bool)>) -> Option<f64> {
    let (sum, weight) = children
        .filter(|(p, _, cancelled)| p.is_some() && !cancelled)
        .fold((0.0, 0.0), |(s, w), (p, cw, _)| {
            (s + p.unwrap() * cw, w + cw)
        });
    (weight > 0.0).then(|| sum / weight)
}

/// A stored status period: initiative, from, until, status, health.
type PeriodRow = (i64, NaiveDate, Option<NaiveDate>, String, String);

/// Every stored status period, in order.
async fn stored_periods(db: &Db) -> Vec<PeriodRow> {
    const SQL: &str = "select initiative_id, valid_from, valid_until, status, health \
        from status_period order by initiative_id, valid_from";
    match db {
        Db::Sqlite(pool) => sqlx::query_as(SQL).fetch_all(pool).await,
        Db::Postgres(pool) => sqlx::query_as(SQL).fetch_all(pool).await,
    }
    .unwrap()
}

/// Derives the status periods again as the migration that added their
/// health does: its statement that fills the table, on an emptied table.
async fn periods_derived_by_the_migration(db: &Db) -> Vec<PeriodRow> {
    const MIGRATION: &str =
        include_str!("../../migrations/20261202000015_status_period_health.sql");
    let without_comments = |statement: &str| {
        let lines = statement
            .lines()
            .filter(|l| !l.trim_start().starts_with("--"));
        lines.collect::<Vec<_>>().join("\n").trim().to_owned()
    };
    let fill = MIGRATION
        .split(';')
        .map(without_comments)
        .find(|s| s.starts_with("insert into status_period"))
        .expect("the migration fills status_period");
    for statement in ["delete from status_period", fill.as_str()] {
        match db {
            Db::Sqlite(pool) => sqlx::query(statement).execute(pool).await.map(drop),
            Db::Postgres(pool) => sqlx::query(statement).execute(pool).await.map(drop),
        }
        .unwrap();
    }
    stored_periods(db).await
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_store_agrees_with_the_naive_model((areas, weights, ops) in case(), batched in any::<bool>(), stored_first in 0..30usize) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let test_db = fresh_db().await;
            let db = &test_db.db;
            let start = NaiveDate::from_ymd_opt(2019, 6, 3).unwrap();
            let mut tx = db.begin().await.unwrap();
            let draft = |parent, kind, code: String, weight: f64| InitiativeDraft {
                parent_id: parent,
                kind,
                code: Code::parse("code", &code).unwrap(),
                title: Bilingual::new(code.clone(), code.clone()),
                description: Bilingual::default(),
                organisation_id: None,
                contact_id: None,
                dates: DateRange::default(),
                weight: Weight::new("weight", weight).unwrap(),
                themes: vec![],
                visibility: Visibility::Published,
                priority: false,
            };
            let root = write::create_initiative(&mut tx, ACTOR, &draft(None, InitiativeKind::Strategy, "S".into(), 1.0)).await.unwrap();
            let mut measures = Vec::new();
            let mut area_of = Vec::new();
            let mut area_ids = Vec::new();
            for (a, count) in areas.iter().enumerate() {
                let area = write::create_initiative(&mut tx, ACTOR, &draft(Some(root.id), InitiativeKind::Area, format!("A{a}"), 1.0)).await.unwrap();
                area_ids.push(area.id);
                for m in 0..*count {
                    let weight = weights[measures.len()];
                    let measure = write::create_initiative(&mut tx, ACTOR, &draft(Some(area.id), InitiativeKind::Measure, format!("M{a}-{m}"), weight)).await.unwrap();
                    measures.push((measure.id, weight));
                    area_of.push(a);
                }
            }
            let mut recorded: Vec<Recorded> = Vec::new();
            // Batched (as an import writes): the first `stored_first` updates
            // are recorded one by one (what was there before the import),
            // the others go in groups of one batch, a group ending before
            // each correction, whose target needs its id.
            let mut batch = write::StatusUpdateBatch::new();
            let mut pending: Vec<(StatusUpdateDraft, usize, Option<i64>)> = Vec::new();
            async fn flush(
                tx: &mut app::store::Tx,
                batch: &mut write::StatusUpdateBatch,
                pending: &mut Vec<(StatusUpdateDraft, usize, Option<i64>)>,
                recorded: &mut Vec<Recorded>,
            ) {
                let drafts: Vec<StatusUpdateDraft> = pending.iter().map(|(d, _, _)| d.clone()).collect();
                let saved = batch.append(tx, ACTOR, &drafts).await.unwrap();
                for ((draft, measure, percent), saved) in pending.drain(..).zip(saved) {
                    let saved = saved.unwrap();
                    assert_eq!(saved.as_of, draft.as_of);
                    recorded.push(Recorded { id: saved.id, measure, as_of: saved.as_of, status: draft.status, health: draft.health.overall, percent, supersedes: draft.supersedes });
                }
            }
            for (n, op) in ops.iter().enumerate() {
                let batched = batched && n >= stored_first;
                if batched && op.corrects.is_some() {
                    flush(&mut tx, &mut batch, &mut pending, &mut recorded).await;
                }
                let (id, _) = measures[op.measure];
                let corrects = op.corrects.and_then(|k| {
                    let open: Vec<&Recorded> = recorded
                        .iter()
                        .filter(|u| u.measure == op.measure && !recorded.iter().any(|c| c.supersedes == Some(u.id)))
                        .collect();
                    (!open.is_empty()).then(|| open[k % open.len()].id)
                });
                let update = StatusUpdateDraft::new(
                    id,
                    start + Duration::days(op.day),
                    op.status,
                    HealthReport::overall(op.health),
                    op.percent.map(|p| Percent::new("percent_complete", p).unwrap()),
                    Budget::default(),
                    // A health other than on track must say why.
                    Narrative {
                        issues: Bilingual::new("Retard", "Delay"),
                        ..Narrative::default()
                    },
                    None,
                    corrects,
                )
                .unwrap();
                if batched {
                    pending.push((update, op.measure, op.percent));
                    continue;
                }
                let saved = write::record_status_update(&mut tx, ACTOR, &update).await.unwrap();
                recorded.push(Recorded { id: saved.id, measure: op.measure, as_of: saved.as_of, status: op.status, health: op.health, percent: op.percent, supersedes: corrects });
            }
            flush(&mut tx, &mut batch, &mut pending, &mut recorded).await;
            batch.finish(&mut tx).await.unwrap();
            tx.commit().await.unwrap();

            let dates: Vec<NaiveDate> = (-1..42).step_by(3).map(|d| start + Duration::days(d)).collect();
            for date in &dates {
                // As of: the same update for every measure.
                let states = read::states_as_of(db, Scope::Subtree(root.id), *date).await.unwrap();
                let got: HashMap<InitiativeId, StatusUpdateId> = states.iter().map(|u| (u.initiative_id, u.id)).collect();
                for (m, (id, _)) in measures.iter().enumerate() {
                    assert_eq!(got.get(id).copied(), naive_state(&recorded, m, *date).map(|u| u.id), "as of {date}, measure {m}");
                }
                // Roll-up: the counts of the leaves, and the weighted percentage.
                let rollup = read::rollup(db, root.id, *date).await.unwrap().unwrap();
                let leaf_states: Vec<Option<&Recorded>> = (0..measures.len()).map(|m| naive_state(&recorded, m, *date)).collect();
                for status in Status::ALL {
                    let expected = leaf_states.iter().flatten().filter(|u| u.status == *status).count() as u32;
                    assert_eq!(rollup.by_status.get(*status), expected, "{status} on {date}");
                }
                let area_percent: Vec<Option<f64>> = (0..areas.len())
                    .map(|a| {
                        naive_mean((0..measures.len()).filter(|m| area_of[*m] == a).map(|m| {
                            let s = leaf_states[m];
                            (s.and_then(naive_percent), measures[m].1, s.is_some_and(|u| u.status == Status::Cancelled))
                        }))
                    })
                    .collect();
                let expected = naive_mean(area_percent.iter().map(|p| (*p, 1.0, false)));
                match (rollup.percent_complete, expected) {
                    (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{a} vs {b} on {date}"),
                    (a, b) => assert_eq!(a, b, "percent on {date}"),
                }
            }
            // The completion series: the naive counts at each date.
            let series = read::completion_series(db, Scope::Subtree(root.id), start, start + Duration::days(41), Interval::Weekly).await.unwrap();
            for point in series {
                for status in Status::ALL {
                    let expected = (0..measures.len())
                        .filter_map(|m| naive_state(&recorded, m, point.date))
                        .filter(|u| u.status == *status)
                        .count() as u32;
                    assert_eq!(point.counts.get(*status), expected, "{status} in the series on {}", point.date);
                }
            }
            // Health over time: the naive health of each open measure at each date.
            let health = dashboard::health_series(db, Scope::Subtree(root.id), &dates).await.unwrap();
            for point in health {
                for wanted in Health::ALL {
                    let expected = (0..measures.len())
                        .filter_map(|m| naive_state(&recorded, m, point.date))
                        .filter(|u| !matches!(u.status, Status::Completed | Status::Cancelled))
                        .filter(|u| u.health == *wanted)
                        .count() as u32;
                    assert_eq!(point.get(*wanted), expected, "{wanted} in the health series on {}", point.date);
                }
            }
            // The periods the writes kept are those the migration derives.
            let kept = stored_periods(db).await;
            assert_eq!(periods_derived_by_the_migration(db).await, kept);
        });
    }
}
