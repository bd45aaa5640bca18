//! A synthetic portfolio for scale work: programmes of projects, each with a
//! weekly status update over the whole period, milestones with re-plans and
//! indicators with monthly values. Deterministic for a seed, and labelled
//! synthetic in every title. Loaded in bulk (see [`crate::store::bulk`]).

use crate::domain::history::{status_periods, UpdateFact};
use crate::domain::{Health, Status, StatusUpdateId, Via};
use crate::store::bulk::{self, Value};
use crate::store::{write, Actor, Db, StoreError, Tx};
use chrono::{Duration, NaiveDate, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// What to generate.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Options {
    /// Initiatives in all (programmes included).
    pub initiatives: u32,
    pub years: u32,
    pub seed: u64,
}

/// What was generated.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Summary {
    pub initiatives: u64,
    pub status_updates: u64,
    pub corrections: u64,
    pub milestones: u64,
    pub indicator_values: u64,
}

/// Projects per programme.
const PROJECTS_PER_PROGRAMME: u32 = 49;
/// Initiatives written per transaction step (bounds memory).
const BATCH: u32 = 100;
/// The period ends here, whatever the day, so a seed always gives the same data.
const PERIOD_END: (i32, u32, u32) = (2026, 1, 4);
const ACTOR: Actor<'static> = Actor {
    who: "synthetic",
    via: Via::Synthetic,
};

/// Every code the generator uses starts with this; a second run is refused.
pub const CODE_PREFIX: &str = "SYN-";

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("a synthetic portfolio is already loaded (codes {CODE_PREFIX}…)")]
    AlreadyLoaded,
    #[error("nothing to generate: --initiatives and --years must be at least 1")]
    Empty,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Generates the portfolio in one transaction; `progress(done, total)` is
/// called after each batch of initiatives.
pub async fn generate(
    db: &Db,
    options: Options,
    mut progress: impl FnMut(u32, u32),
) -> Result<Summary, GenerateError> {
    if options.initiatives == 0 || options.years == 0 {
        return Err(GenerateError::Empty);
    }
    let mut tx = db.begin().await?;
    if bulk::count_codes_with_prefix(&mut tx, CODE_PREFIX).await? > 0 {
        return Err(GenerateError::AlreadyLoaded);
    }
    let end =
        NaiveDate::from_ymd_opt(PERIOD_END.0, PERIOD_END.1, PERIOD_END.2).expect("valid date");
    let weeks = options.years * 52;
    let start = end - Duration::weeks(i64::from(weeks) - 1);
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let mut ids = Ids::next(&mut tx).await?;
    let mut summary = Summary::default();
    let mut batch = Batch::default();
    let mut programme_id = 0;
    for n in 0..options.initiatives {
        let is_programme = n % (PROJECTS_PER_PROGRAMME + 1) == 0;
        let id = ids.take_initiative();
        if is_programme {
            programme_id = id;
        }
        batch.initiative(
            id,
            (!is_programme).then_some(programme_id),
            n,
            is_programme,
            start,
        );
        let updates = batch.history(&mut rng, &mut ids, id, start, weeks);
        summary.status_updates += updates.0;
        summary.corrections += updates.1;
        if is_programme {
            summary.indicator_values += batch.indicator(&mut rng, &mut ids, id, n, start, end);
        } else {
            summary.milestones += batch.milestones(&mut rng, &mut ids, id, start, weeks);
        }
        summary.initiatives += 1;
        if (n + 1) % BATCH == 0 || n + 1 == options.initiatives {
            batch.flush(&mut tx).await?;
            progress(n + 1, options.initiatives);
        }
    }
    bulk::resync_ids(&mut tx, &Ids::TABLES).await?;
    write::record_change(
        &mut tx,
        ACTOR,
        "generate",
        "portfolio",
        0,
        None::<&()>,
        Some(&(options, summary)),
    )
    .await?;
    tx.commit().await?;
    bulk::settle(db).await?;
    Ok(summary)
}

/// The next id of each table, handed out in order.
struct Ids {
    initiative: i64,
    status_update: i64,
    milestone: i64,
    milestone_revision: i64,
    indicator: i64,
    indicator_value: i64,
}

impl Ids {
    const TABLES: [&'static str; 6] = [
        "initiative",
        "status_update",
        "milestone",
        "milestone_revision",
        "indicator",
        "indicator_value",
    ];

    async fn next(tx: &mut Tx) -> Result<Ids, StoreError> {
        Ok(Ids {
            initiative: bulk::next_id(tx, "initiative").await?,
            status_update: bulk::next_id(tx, "status_update").await?,
            milestone: bulk::next_id(tx, "milestone").await?,
            milestone_revision: bulk::next_id(tx, "milestone_revision").await?,
            indicator: bulk::next_id(tx, "indicator").await?,
            indicator_value: bulk::next_id(tx, "indicator_value").await?,
        })
    }

    fn take_initiative(&mut self) -> i64 {
        take(&mut self.initiative)
    }
}

fn take(counter: &mut i64) -> i64 {
    *counter += 1;
    *counter - 1
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(Some(s.into()))
}

/// Rows waiting to be written, table by table.
#[derive(Default)]
struct Batch {
    initiatives: Vec<Vec<Value>>,
    updates: Vec<Vec<Value>>,
    periods: Vec<Vec<Value>>,
    milestones: Vec<Vec<Value>>,
    revisions: Vec<Vec<Value>>,
    indicators: Vec<Vec<Value>>,
    values: Vec<Vec<Value>>,
}

impl Batch {
    fn initiative(
        &mut self,
        id: i64,
        parent: Option<i64>,
        n: u32,
        is_programme: bool,
        start: NaiveDate,
    ) {
        let (kind, fr, en) = if is_programme {
            ("programme", "Programme synthétique", "Synthetic programme")
        } else {
            ("project", "Projet synthétique", "Synthetic project")
        };
        let now = Utc::now();
        self.initiatives.push(vec![
            Value::Int(Some(id)),
            Value::Int(parent),
            text(kind),
            text(format!("{CODE_PREFIX}{n:05}")),
            text(format!("{fr} {n}")),
            text(format!("{en} {n}")),
            text("Données synthétiques générées pour les essais de charge."),
            text("Synthetic data generated for scale testing."),
            Value::Date(Some(start)),
            text("published"),
            Value::Time(now),
            Value::Time(now),
        ]);
    }

    /// A weekly update from `start` for `weeks` weeks: planned, then in
    /// progress (sometimes on hold), then completed or, rarely, cancelled;
    /// about one update in a hundred is later corrected. Returns (updates,
    /// corrections).
    fn history(
        &mut self,
        rng: &mut ChaCha8Rng,
        ids: &mut Ids,
        initiative: i64,
        start: NaiveDate,
        weeks: u32,
    ) -> (u64, u64) {
        let begins = rng.random_range(0..=weeks * 2 / 5);
        let lasts = rng.random_range(weeks / 5..=weeks * 4 / 5).max(1);
        let cancelled_at = rng
            .random_bool(0.03)
            .then(|| begins + rng.random_range(0..lasts));
        let hold = rng.random_bool(0.1).then(|| {
            let from = begins + rng.random_range(0..lasts);
            (from, from + rng.random_range(4..26))
        });
        let mut facts = Vec::with_capacity(weeks as usize + 8);
        let mut corrections = 0;
        let now = Utc::now();
        let mut health = Health::OnTrack;
        for week in 0..weeks {
            let as_of = start + Duration::weeks(i64::from(week));
            let status = match () {
                _ if cancelled_at.is_some_and(|c| week >= c) => Status::Cancelled,
                _ if week < begins => Status::Planned,
                _ if hold.is_some_and(|(from, to)| (from..to).contains(&week)) => Status::OnHold,
                _ if week >= begins + lasts => Status::Completed,
                _ => Status::InProgress,
            };
            let percent = match status {
                Status::Planned => 0,
                Status::Completed => 100,
                _ => (i64::from(week.saturating_sub(begins)) * 100 / i64::from(lasts)).min(99),
            };
            if status == Status::InProgress && rng.random_bool(0.02) {
                health = match rng.random_range(0..3) {
                    0 => Health::OnTrack,
                    1 => Health::AtRisk,
                    _ => Health::OffTrack,
                };
            } else if status != Status::InProgress {
                health = Health::OnTrack;
            }
            let corrected = rng.random_bool(0.01);
            let id = take(&mut ids.status_update);
            // A corrected update had its percentage mistyped.
            let typed = if corrected {
                (percent + 10).min(100)
            } else {
                percent
            };
            self.update(id, initiative, as_of, status, health, typed, None, now);
            facts.push(UpdateFact {
                id: StatusUpdateId(id),
                as_of,
                status,
                health,
                supersedes: None,
            });
            if corrected {
                let fix = take(&mut ids.status_update);
                self.update(
                    fix,
                    initiative,
                    as_of,
                    status,
                    health,
                    percent,
                    Some(id),
                    now,
                );
                facts.push(UpdateFact {
                    id: StatusUpdateId(fix),
                    as_of,
                    status,
                    health,
                    supersedes: Some(StatusUpdateId(id)),
                });
                corrections += 1;
            }
        }
        for p in status_periods(&facts) {
            self.periods.push(vec![
                Value::Int(Some(initiative)),
                Value::Date(Some(p.valid_from)),
                Value::Date(p.valid_until),
                text(p.status.as_str()),
                text(p.health.as_str()),
            ]);
        }
        (facts.len() as u64, corrections)
    }

    #[allow(clippy::too_many_arguments)]
    fn update(
        &mut self,
        id: i64,
        initiative: i64,
        as_of: NaiveDate,
        status: Status,
        health: Health,
        percent: i64,
        supersedes: Option<i64>,
        now: chrono::DateTime<Utc>,
    ) {
        let (issues_fr, issues_en) = if health.needs_explanation() {
            ("Difficulté synthétique.", "Synthetic issue.")
        } else {
            ("", "")
        };
        self.updates.push(vec![
            Value::Int(Some(id)),
            Value::Int(Some(initiative)),
            Value::Date(Some(as_of)),
            text(status.as_str()),
            text(health.as_str()),
            Value::Int(Some(percent)),
            text(issues_fr),
            text(issues_en),
            text(ACTOR.who),
            Value::Time(now),
            Value::Int(supersedes),
        ]);
    }

    /// Three milestones, a third of them re-planned once or twice.
    fn milestones(
        &mut self,
        rng: &mut ChaCha8Rng,
        ids: &mut Ids,
        initiative: i64,
        start: NaiveDate,
        weeks: u32,
    ) -> u64 {
        let now = Utc::now();
        for k in 0..3u32 {
            let id = take(&mut ids.milestone);
            let set = start + Duration::weeks(i64::from(rng.random_range(0..weeks / 2)));
            let baseline = set + Duration::weeks(i64::from(rng.random_range(8..weeks / 2 + 9)));
            self.milestones.push(vec![
                Value::Int(Some(id)),
                Value::Int(Some(initiative)),
                text(format!("Jalon synthétique {}", k + 1)),
                text(format!("Synthetic milestone {}", k + 1)),
                Value::Date(Some(baseline)),
                Value::Time(now),
            ]);
            let mut revision = |decided: NaiveDate, forecast: NaiveDate, reason: (&str, &str)| {
                vec![
                    Value::Int(Some(take(&mut ids.milestone_revision))),
                    Value::Int(Some(id)),
                    Value::Date(Some(decided)),
                    Value::Date(Some(forecast)),
                    Value::Date(None),
                    text(reason.0),
                    text(reason.1),
                    text(ACTOR.who),
                    Value::Time(now),
                ]
            };
            self.revisions.push(revision(set, baseline, ("", "")));
            let mut forecast = baseline;
            let mut decided = set;
            for _ in 0..rng.random_range(0..3) {
                decided += Duration::weeks(i64::from(rng.random_range(1..20)));
                forecast += Duration::weeks(i64::from(rng.random_range(2..30)));
                self.revisions.push(revision(
                    decided,
                    forecast,
                    ("Replanification synthétique.", "Synthetic re-plan."),
                ));
            }
        }
        3
    }

    /// One indicator per programme, with a monthly value.
    fn indicator(
        &mut self,
        rng: &mut ChaCha8Rng,
        ids: &mut Ids,
        initiative: i64,
        n: u32,
        start: NaiveDate,
        end: NaiveDate,
    ) -> u64 {
        let id = take(&mut ids.indicator);
        let baseline = f64::from(rng.random_range(100..1000));
        let target = (baseline * 0.2).round();
        self.indicators.push(vec![
            Value::Int(Some(id)),
            Value::Int(Some(initiative)),
            text(format!("{CODE_PREFIX}IND-{n:05}")),
            text("Indicateur synthétique"),
            text("Synthetic indicator"),
            text("unités"),
            text("units"),
            text("down"),
            Value::Date(Some(start)),
            Value::Float(baseline),
            Value::Date(Some(end)),
            Value::Float(target),
            Value::Time(Utc::now()),
        ]);
        let mut value = baseline;
        let mut date = start;
        let mut count = 0;
        while date <= end {
            value = (value - rng.random_range(0.0..(baseline - target) / 60.0)).max(0.0);
            self.values.push(vec![
                Value::Int(Some(take(&mut ids.indicator_value))),
                Value::Int(Some(id)),
                Value::Date(Some(date)),
                Value::Float(value.round()),
                text(ACTOR.who),
                Value::Time(Utc::now()),
            ]);
            count += 1;
            date = date
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(NaiveDate::MAX);
        }
        count
    }

    async fn flush(&mut self, tx: &mut Tx) -> Result<(), StoreError> {
        const INITIATIVE: &[&str] = &[
            "id",
            "parent_id",
            "kind",
            "code",
            "title_fr",
            "title_en",
            "description_fr",
            "description_en",
            "start_date",
            "visibility",
            "created_at",
            "updated_at",
        ];
        const UPDATE: &[&str] = &[
            "id",
            "initiative_id",
            "as_of",
            "status",
            "health",
            "percent_complete",
            "issues_fr",
            "issues_en",
            "author",
            "recorded_at",
            "supersedes",
        ];
        const PERIOD: &[&str] = &[
            "initiative_id",
            "valid_from",
            "valid_until",
            "status",
            "health",
        ];
        const MILESTONE: &[&str] = &[
            "id",
            "initiative_id",
            "title_fr",
            "title_en",
            "baseline_date",
            "created_at",
        ];
        const REVISION: &[&str] = &[
            "id",
            "milestone_id",
            "decided_on",
            "forecast_date",
            "actual_date",
            "reason_fr",
            "reason_en",
            "author",
            "recorded_at",
        ];
        const INDICATOR: &[&str] = &[
            "id",
            "initiative_id",
            "code",
            "name_fr",
            "name_en",
            "unit_fr",
            "unit_en",
            "direction",
            "baseline_date",
            "baseline_value",
            "target_date",
            "target_value",
            "created_at",
        ];
        const VALUE: &[&str] = &[
            "id",
            "indicator_id",
            "measured_on",
            "value",
            "author",
            "recorded_at",
        ];
        bulk::insert(
            tx,
            "initiative",
            INITIATIVE,
            std::mem::take(&mut self.initiatives),
        )
        .await?;
        bulk::insert(
            tx,
            "status_update",
            UPDATE,
            std::mem::take(&mut self.updates),
        )
        .await?;
        bulk::insert(
            tx,
            "status_period",
            PERIOD,
            std::mem::take(&mut self.periods),
        )
        .await?;
        bulk::insert(
            tx,
            "milestone",
            MILESTONE,
            std::mem::take(&mut self.milestones),
        )
        .await?;
        bulk::insert(
            tx,
            "milestone_revision",
            REVISION,
            std::mem::take(&mut self.revisions),
        )
        .await?;
        bulk::insert(
            tx,
            "indicator",
            INDICATOR,
            std::mem::take(&mut self.indicators),
        )
        .await?;
        bulk::insert(
            tx,
            "indicator_value",
            VALUE,
            std::mem::take(&mut self.values),
        )
        .await?;
        Ok(())
    }
}
