//! The dashboard's questions of the stored data: every initiative of a
//! scope as it stood on a date, with the plan's verdict on its schedule, and
//! health counted over time. The arithmetic is in
//! [`crate::domain::dashboard`].

use super::read::{self, Scope};
use super::{Db, StoreError};
use crate::domain::dashboard::{self, GridRow, HealthCounts};
use crate::domain::history::{self, StatusPeriod};
use crate::domain::public::Reach;
use crate::domain::*;
use chrono::{Datelike, NaiveDate};
use std::collections::{HashMap, HashSet};

/// The portfolio (or a subtree) on `date`: its initiatives in code order,
/// with their milestones as planned then.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    pub rows: Vec<GridRow>,
    pub milestones: Vec<Milestone>,
}

/// Every initiative of `scope` that existed on `date`, as it stood then.
///
/// An initiative existed on a past date when it had an update by then or
/// had started; on `today` or later, every one that is not archived
/// counts. `period_start` is the first day of the reporting period that
/// holds `date`: an open initiative without an update since is stale.
pub async fn grid(
    db: &Db,
    scope: Scope,
    date: NaiveDate,
    today: NaiveDate,
    period_start: NaiveDate,
) -> Result<Grid, StoreError> {
    let initiatives = read::initiatives(db, scope).await?;
    let mut states: HashMap<InitiativeId, StateSummary> = read::summaries_as_of(db, scope, date)
        .await?
        .into_iter()
        .map(|s| (s.initiative_id, s))
        .collect();
    let milestones = read::milestones(db, scope, Some(date)).await?;
    let mut by_initiative: HashMap<InitiativeId, Vec<Milestone>> = HashMap::new();
    for m in &milestones {
        by_initiative
            .entry(m.initiative_id)
            .or_default()
            .push(m.clone());
    }
    let parents: HashSet<InitiativeId> = initiatives.iter().filter_map(|i| i.parent_id).collect();
    let mut rows: Vec<GridRow> = initiatives
        .into_iter()
        .filter(|i| !i.archived)
        .filter_map(|initiative| {
            let state = states.remove(&initiative.id);
            let existed = date >= today
                || state.is_some()
                || initiative.dates.start().is_some_and(|s| s <= date);
            if !existed {
                return None;
            }
            let own = by_initiative
                .get(&initiative.id)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let computed = dashboard::computed_schedule(
                date,
                initiative.dates.end(),
                state.as_ref().map(|s| s.status),
                own,
            );
            let stale = dashboard::is_stale(&initiative, state.as_ref(), period_start);
            Some(GridRow {
                leaf: !parents.contains(&initiative.id),
                initiative,
                state,
                computed,
                stale,
            })
        })
        .collect();
    rows.sort_by(|a, b| a.initiative.code.as_str().cmp(b.initiative.code.as_str()));
    let shown: HashSet<InitiativeId> = rows.iter().map(|r| r.initiative.id).collect();
    let milestones = milestones
        .into_iter()
        .filter(|m| shown.contains(&m.initiative_id))
        .collect();
    Ok(Grid { rows, milestones })
}

/// How many of the leaves of `scope` (its measures or projects) were on
/// track, at risk and off track on each of `dates`: from their status
/// periods, which hold each span of one status and health, so the answer
/// reads as few rows as the history has changes, not every update.
pub async fn health_series(
    db: &Db,
    scope: Scope,
    dates: &[NaiveDate],
) -> Result<Vec<HealthCounts>, StoreError> {
    let periods = read::leaf_status_periods(db, scope).await?;
    Ok(dashboard::health_series(
        periods.iter().map(|(_, p)| p),
        dates,
    ))
}

/// Monthly dates from the first day of the month of the earliest of
/// `starts` (the periods' beginnings), to `date` (which ends the series);
/// empty when none had begun by then.
fn monthly_dates(starts: impl Iterator<Item = NaiveDate>, date: NaiveDate) -> Vec<NaiveDate> {
    match starts.min() {
        Some(first) if first <= date => {
            let month_start = first.with_day(1).unwrap_or(first);
            history::series_dates(month_start, date, Interval::Monthly)
        }
        _ => Vec::new(),
    }
}

/// The status periods of the leaves of `scope` that `reach` includes.
async fn leaves_within(
    db: &Db,
    scope: Scope,
    reach: &Reach,
) -> Result<Vec<(InitiativeId, StatusPeriod)>, StoreError> {
    let mut periods = read::leaf_status_periods(db, scope).await?;
    periods.retain(|(id, _)| reach.includes(*id));
    Ok(periods)
}

/// The leaves of `scope` that `reach` includes, by status at each month's
/// start, up to `date`.
pub async fn completion_over_time(
    db: &Db,
    scope: Scope,
    reach: &Reach,
    date: NaiveDate,
) -> Result<Vec<history::SeriesPoint>, StoreError> {
    if let Reach::All = reach {
        // Everything counted: the database sums the periods' changes.
        let changes = read::leaf_status_changes(db, scope).await?;
        let dates = monthly_dates(changes.iter().map(|(d, _, _)| *d), date);
        return Ok(history::completion_series_from_changes(changes, &dates));
    }
    let periods = leaves_within(db, scope, reach).await?;
    let dates = monthly_dates(periods.iter().map(|(_, p)| p.valid_from), date);
    Ok(history::completion_series(
        periods.iter().map(|(_, p)| p),
        &dates,
    ))
}

/// The leaves of `scope` that `reach` includes, by health at each month's
/// start, up to `date`.
pub async fn health_over_time(
    db: &Db,
    scope: Scope,
    reach: &Reach,
    date: NaiveDate,
) -> Result<Vec<HealthCounts>, StoreError> {
    let periods = leaves_within(db, scope, reach).await?;
    let dates = monthly_dates(periods.iter().map(|(_, p)| p.valid_from), date);
    Ok(dashboard::health_series(
        periods.iter().map(|(_, p)| p),
        &dates,
    ))
}

/// The indicators of `scope` whose initiative `reach` includes, each with
/// the values measured by `date` against its planned path.
pub async fn indicators_as_of(
    db: &Db,
    scope: Scope,
    reach: &Reach,
    date: NaiveDate,
) -> Result<Vec<history::IndicatorSeries>, StoreError> {
    let mut out = Vec::new();
    for indicator in read::indicators(db, scope).await? {
        if !reach.includes(indicator.initiative_id) {
            continue;
        }
        if let Some(mut series) = read::indicator_series(db, indicator.id).await? {
            series.actual.retain(|(d, _)| *d <= date);
            out.push(series);
        }
    }
    Ok(out)
}
