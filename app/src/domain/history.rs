//! The questions asked of the history, as pure functions over plain values:
//! which updates count, the periods of each status, roll-up, completion
//! series, planned paths. The store feeds them what it reads; tests feed them
//! what they build.

use super::kinds::{Health, Interval, Status};
use super::model::{InitiativeId, StatusUpdateId};
use super::values::Percent;
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the history questions need of a status update.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UpdateFact {
    pub id: StatusUpdateId,
    pub as_of: NaiveDate,
    pub status: Status,
    /// The overall health it reports.
    pub health: Health,
    pub supersedes: Option<StatusUpdateId>,
}

/// The updates of one initiative that count: those no other update
/// supersedes, in the order they take effect (date, then recording order).
pub fn effective_updates(updates: &[UpdateFact]) -> Vec<UpdateFact> {
    let superseded: HashSet<StatusUpdateId> = updates.iter().filter_map(|u| u.supersedes).collect();
    let mut kept: Vec<UpdateFact> = updates
        .iter()
        .filter(|u| !superseded.contains(&u.id))
        .copied()
        .collect();
    kept.sort_by_key(|u| (u.as_of, u.id));
    kept
}

/// A span of days during which an initiative had one status and one
/// overall health.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusPeriod {
    pub valid_from: NaiveDate,
    /// Exclusive; `None` while it lasts.
    pub valid_until: Option<NaiveDate>,
    pub status: Status,
    pub health: Health,
}

impl StatusPeriod {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_until.is_none_or(|until| date < until)
    }
}

/// The status periods of one initiative, from all its updates (corrections
/// included): the status and health on any date are those of its latest
/// effective update on or before it.
pub fn status_periods(updates: &[UpdateFact]) -> Vec<StatusPeriod> {
    status_periods_after(None, &effective_updates(updates))
}

/// The status periods from a date on, when those before it stand: `before`
/// is the period in effect the day before (none when nothing was reported
/// by then), `effective` the effective updates dated on or after it, in the
/// order they take effect. `before` comes back first, ended by the first
/// change of status or still open. With `before` the last period ending
/// before the date and `effective` those of [`effective_updates`] from it,
/// the periods before `before` followed by these are [`status_periods`] of
/// every update: a write rebuilds only the tail it can change.
pub fn status_periods_after(
    before: Option<StatusPeriod>,
    effective: &[UpdateFact],
) -> Vec<StatusPeriod> {
    // For each date, the status and health its last update gives.
    let mut by_date: Vec<(NaiveDate, Status, Health)> = Vec::new();
    for u in effective {
        match by_date.last_mut() {
            Some((date, status, health)) if *date == u.as_of => {
                (*status, *health) = (u.status, u.health);
            }
            _ => by_date.push((u.as_of, u.status, u.health)),
        }
    }
    let mut periods: Vec<StatusPeriod> = before
        .map(|p| StatusPeriod {
            valid_until: None,
            ..p
        })
        .into_iter()
        .collect();
    for (date, status, health) in by_date {
        let next = StatusPeriod {
            valid_from: date,
            valid_until: None,
            status,
            health,
        };
        match periods.last_mut() {
            Some(last) if (last.status, last.health) == (status, health) => {}
            Some(last) => {
                last.valid_until = Some(date);
                periods.push(next);
            }
            None => periods.push(next),
        }
    }
    periods
}

/// The dates of a series: `from`, then every week, month or quarter, up to
/// and including `to` (which always ends the series).
pub fn series_dates(from: NaiveDate, to: NaiveDate, interval: Interval) -> Vec<NaiveDate> {
    let mut dates = Vec::new();
    if to < from {
        return dates;
    }
    let mut step = 0u32;
    loop {
        let date = match interval {
            Interval::Weekly => from + chrono::Duration::weeks(i64::from(step)),
            Interval::Monthly => add_months(from, step),
            Interval::Quarterly => add_months(from, step * 3),
        };
        if date >= to {
            break;
        }
        dates.push(date);
        step += 1;
    }
    dates.push(to);
    dates
}

/// `date` plus `months`, on the same day of the month or the month's last day.
fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The number of initiatives in each status on one date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    pub planned: u32,
    pub in_progress: u32,
    pub completed: u32,
    pub on_hold: u32,
    pub cancelled: u32,
}

impl StatusCounts {
    pub fn add(&mut self, status: Status) {
        *self.get_mut(status) += 1;
    }

    pub fn get(&self, status: Status) -> u32 {
        match status {
            Status::Planned => self.planned,
            Status::InProgress => self.in_progress,
            Status::Completed => self.completed,
            Status::OnHold => self.on_hold,
            Status::Cancelled => self.cancelled,
        }
    }

    fn get_mut(&mut self, status: Status) -> &mut u32 {
        match status {
            Status::Planned => &mut self.planned,
            Status::InProgress => &mut self.in_progress,
            Status::Completed => &mut self.completed,
            Status::OnHold => &mut self.on_hold,
            Status::Cancelled => &mut self.cancelled,
        }
    }

    pub fn total(&self) -> u32 {
        Status::ALL.iter().map(|s| self.get(*s)).sum()
    }
}

/// One point of a completion series.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesPoint {
    pub date: NaiveDate,
    pub counts: StatusCounts,
}

/// Counts by status at each date, from each initiative's status periods.
/// An initiative is counted from its first update on.
pub fn completion_series<'a>(
    periods: impl IntoIterator<Item = &'a StatusPeriod>,
    dates: &[NaiveDate],
) -> Vec<SeriesPoint> {
    completion_series_from_changes(period_changes(periods, |p| p.status), dates)
}

/// Each period as the sweep's changes: +1 to its class where it starts, −1
/// where it ends.
pub(crate) fn period_changes<'a, C>(
    periods: impl IntoIterator<Item = &'a StatusPeriod>,
    class: impl Fn(&StatusPeriod) -> C,
) -> Vec<(NaiveDate, C, i64)> {
    let mut changes = Vec::new();
    for p in periods {
        changes.push((p.valid_from, class(p), 1));
        if let Some(until) = p.valid_until {
            changes.push((until, class(p), -1));
        }
    }
    changes
}

/// How many periods (each counted under one of `N` classes) were in effect
/// on each of `dates`, by class, from their `changes` (date, class, +n
/// where periods start, −n where they end; a date may come more than once).
/// A sweep: each date reads the running counts. Linear in changes + dates.
pub(crate) fn counts_from_changes<const N: usize>(
    changes: impl IntoIterator<Item = (NaiveDate, usize, i64)>,
    dates: &[NaiveDate],
) -> Vec<[u32; N]> {
    let mut by_date: BTreeMap<NaiveDate, [i64; N]> = BTreeMap::new();
    for (date, class, delta) in changes {
        by_date.entry(date).or_insert([0; N])[class] += delta;
    }
    let mut running = [0i64; N];
    let mut pending = by_date.into_iter().peekable();
    dates
        .iter()
        .map(|date| {
            while let Some((_, delta)) = pending.next_if(|(d, _)| d <= date) {
                for (r, d) in running.iter_mut().zip(delta) {
                    *r += d;
                }
            }
            running.map(|n| u32::try_from(n).unwrap_or(0))
        })
        .collect()
}

/// [`completion_series`] from the periods' changes summed by date and
/// status (see `store::read::leaf_status_changes`).
pub fn completion_series_from_changes(
    changes: impl IntoIterator<Item = (NaiveDate, Status, i64)>,
    dates: &[NaiveDate],
) -> Vec<SeriesPoint> {
    let changes = changes
        .into_iter()
        .map(|(date, status, delta)| (date, status_index(status), delta));
    counts_from_changes::<5>(changes, dates)
        .into_iter()
        .zip(dates)
        .map(|(running, date)| {
            let mut counts = StatusCounts::default();
            for (status, n) in Status::ALL.iter().zip(running) {
                *counts.get_mut(*status) = n;
            }
            SeriesPoint {
                date: *date,
                counts,
            }
        })
        .collect()
}

fn status_index(status: Status) -> usize {
    Status::ALL.iter().position(|s| *s == status).unwrap_or(0)
}

/// An initiative's place in a tree and its own state as of a date.
#[derive(Clone, Debug, PartialEq)]
pub struct RollupInput {
    pub id: InitiativeId,
    pub parent_id: Option<InitiativeId>,
    pub weight: f64,
    /// Its own latest update as of the date, if any.
    pub state: Option<OwnState>,
}

/// The parts of an update a roll-up uses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OwnState {
    pub status: Status,
    pub health: Health,
    pub percent_complete: Option<Percent>,
}

/// A subtree summarised as of a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rollup {
    pub id: InitiativeId,
    /// Leaves of the subtree (the measures of a strategy, the projects of a
    /// programme) by status and by health, among those with an update.
    pub by_status: StatusCounts,
    pub by_health: BTreeMap<Health, u32>,
    /// Leaves without any update by then.
    pub without_update: u32,
    /// Its own percent complete or, without one, the weighted mean of its
    /// children's (cancelled children left out).
    pub percent_complete: Option<f64>,
    pub children: Vec<Rollup>,
}

/// Percent complete an update implies when it gives none: completed is
/// 100 %, planned 0 %; otherwise unknown.
pub fn implied_percent(state: &OwnState) -> Option<f64> {
    match (state.percent_complete, state.status) {
        (Some(p), _) => Some(f64::from(p.get())),
        (None, Status::Completed) => Some(100.0),
        (None, Status::Planned) => Some(0.0),
        (None, _) => None,
    }
}

/// Rolls up the subtree under `root` (whose members are `nodes`).
pub fn rollup(root: InitiativeId, nodes: &[RollupInput]) -> Option<Rollup> {
    let by_id: HashMap<InitiativeId, &RollupInput> = nodes.iter().map(|n| (n.id, n)).collect();
    let mut children: HashMap<InitiativeId, Vec<InitiativeId>> = HashMap::new();
    for n in nodes {
        if let Some(parent) = n.parent_id {
            if n.id != root {
                children.entry(parent).or_default().push(n.id);
            }
        }
    }
    for list in children.values_mut() {
        list.sort();
    }
    fn build(
        id: InitiativeId,
        by_id: &HashMap<InitiativeId, &RollupInput>,
        children: &HashMap<InitiativeId, Vec<InitiativeId>>,
    ) -> Rollup {
        let node = by_id[&id];
        let kids: Vec<Rollup> = children
            .get(&id)
            .map(|ids| ids.iter().map(|c| build(*c, by_id, children)).collect())
            .unwrap_or_default();
        let mut by_status = StatusCounts::default();
        let mut by_health = BTreeMap::new();
        let mut without_update = 0;
        if kids.is_empty() {
            match &node.state {
                Some(state) => {
                    by_status.add(state.status);
                    *by_health.entry(state.health).or_insert(0) += 1;
                }
                None => without_update = 1,
            }
        } else {
            for kid in &kids {
                for status in Status::ALL {
                    *by_status.get_mut(*status) += kid.by_status.get(*status);
                }
                for (health, n) in &kid.by_health {
                    *by_health.entry(*health).or_insert(0) += n;
                }
                without_update += kid.without_update;
            }
        }
        let own = node.state.as_ref().and_then(implied_percent);
        let percent_complete = own.or_else(|| {
            let (sum, weight) = kids
                .iter()
                .filter(|k| {
                    by_id[&k.id]
                        .state
                        .is_none_or(|s| s.status != Status::Cancelled)
                })
                .filter_map(|k| k.percent_complete.map(|p| (p, by_id[&k.id].weight)))
                .fold((0.0, 0.0), |(s, w), (p, kw)| (s + p * kw, w + kw));
            (weight > 0.0).then(|| sum / weight)
        });
        Rollup {
            id,
            by_status,
            by_health,
            without_update,
            percent_complete,
            children: kids,
        }
    }
    by_id
        .contains_key(&root)
        .then(|| build(root, &by_id, &children))
}

/// The value of a straight planned path from `baseline` to `target` on
/// `date` (flat before the baseline and after the target).
pub fn planned_value(baseline: (NaiveDate, f64), target: (NaiveDate, f64), date: NaiveDate) -> f64 {
    let (d0, v0) = baseline;
    let (d1, v1) = target;
    if date <= d0 || d1 <= d0 {
        return if date < d1 { v0 } else { v1 };
    }
    if date >= d1 {
        return v1;
    }
    let span = (d1 - d0).num_days() as f64;
    let done = (date - d0).num_days() as f64;
    v0 + (v1 - v0) * done / span
}

/// The first day of the quarter of `date` (a reporting period).
pub fn quarter_start(date: NaiveDate) -> NaiveDate {
    let month = (date.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(date.year(), month, 1).unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn fact(id: i64, as_of: &str, status: Status, supersedes: Option<i64>) -> UpdateFact {
        UpdateFact {
            id: StatusUpdateId(id),
            as_of: d(as_of),
            status,
            health: Health::OnTrack,
            supersedes: supersedes.map(StatusUpdateId),
        }
    }

    #[test]
    fn a_correction_replaces_what_it_supersedes() {
        let updates = [
            fact(1, "2017-01-01", Status::Planned, None),
            fact(2, "2017-06-01", Status::Completed, None),
            fact(3, "2017-06-01", Status::InProgress, Some(2)),
        ];
        let periods = status_periods(&updates);
        assert_eq!(
            periods,
            [
                StatusPeriod {
                    valid_from: d("2017-01-01"),
                    valid_until: Some(d("2017-06-01")),
                    status: Status::Planned,
                    health: Health::OnTrack,
                },
                StatusPeriod {
                    valid_from: d("2017-06-01"),
                    valid_until: None,
                    status: Status::InProgress,
                    health: Health::OnTrack,
                },
            ]
        );
    }

    #[test]
    fn the_last_update_of_a_day_wins_and_repeats_merge() {
        let updates = [
            fact(1, "2017-01-01", Status::InProgress, None),
            fact(2, "2017-01-01", Status::Planned, None),
            fact(3, "2017-02-01", Status::Planned, None),
            fact(4, "2017-03-01", Status::Completed, None),
        ];
        let periods = status_periods(&updates);
        assert_eq!(periods.len(), 2);
        assert_eq!(periods[0].status, Status::Planned);
        assert_eq!(periods[0].valid_until, Some(d("2017-03-01")));
    }

    #[test]
    fn a_change_of_health_alone_starts_a_period() {
        let at_risk = UpdateFact {
            health: Health::AtRisk,
            ..fact(2, "2017-02-01", Status::InProgress, None)
        };
        let updates = [
            fact(1, "2017-01-01", Status::InProgress, None),
            at_risk,
            fact(3, "2017-03-01", Status::InProgress, None),
        ];
        let periods = status_periods(&updates);
        let spans: Vec<(NaiveDate, Health)> =
            periods.iter().map(|p| (p.valid_from, p.health)).collect();
        assert_eq!(
            spans,
            [
                (d("2017-01-01"), Health::OnTrack),
                (d("2017-02-01"), Health::AtRisk),
                (d("2017-03-01"), Health::OnTrack)
            ]
        );
        assert!(periods.iter().all(|p| p.status == Status::InProgress));
    }

    #[test]
    fn series_dates_step_and_end_on_the_last_day() {
        assert_eq!(
            series_dates(d("2015-01-31"), d("2015-04-15"), Interval::Monthly),
            [
                d("2015-01-31"),
                d("2015-02-28"),
                d("2015-03-31"),
                d("2015-04-15")
            ]
        );
        assert_eq!(
            series_dates(d("2015-01-01"), d("2015-01-15"), Interval::Weekly).len(),
            3
        );
        assert_eq!(
            series_dates(d("2015-01-01"), d("2015-12-31"), Interval::Quarterly).len(),
            5
        );
        assert!(series_dates(d("2016-01-01"), d("2015-01-01"), Interval::Monthly).is_empty());
    }

    #[test]
    fn the_series_counts_each_status_on_each_date() {
        let a = status_periods(&[
            fact(1, "2015-06-01", Status::Planned, None),
            fact(2, "2016-06-01", Status::Completed, None),
        ]);
        let b = status_periods(&[fact(3, "2016-01-01", Status::InProgress, None)]);
        let series = completion_series(
            a.iter().chain(&b),
            &[d("2015-01-01"), d("2015-12-31"), d("2016-06-01")],
        );
        assert_eq!(series[0].counts.total(), 0);
        assert_eq!(
            series[1].counts,
            StatusCounts {
                planned: 1,
                ..Default::default()
            }
        );
        assert_eq!(
            series[2].counts,
            StatusCounts {
                completed: 1,
                in_progress: 1,
                ..Default::default()
            }
        );
    }

    #[test]
    fn a_parent_without_updates_derives_from_its_children() {
        let state = |status, percent: Option<i64>| {
            Some(OwnState {
                status,
                health: Health::OnTrack,
                percent_complete: percent.map(|p| Percent::new("p", p).unwrap()),
            })
        };
        let node = |id, parent: Option<i64>, weight, state| RollupInput {
            id: InitiativeId(id),
            parent_id: parent.map(InitiativeId),
            weight,
            state,
        };
        let nodes = [
            node(1, None, 1.0, None),
            node(2, Some(1), 3.0, state(Status::InProgress, Some(40))),
            node(3, Some(1), 1.0, state(Status::Completed, None)),
            node(4, Some(1), 5.0, state(Status::Cancelled, Some(10))),
            node(5, Some(1), 1.0, None),
        ];
        let r = rollup(InitiativeId(1), &nodes).unwrap();
        assert_eq!(r.percent_complete, Some((3.0 * 40.0 + 100.0) / 4.0));
        assert_eq!(r.by_status.in_progress, 1);
        assert_eq!(r.by_status.completed, 1);
        assert_eq!(r.by_status.cancelled, 1);
        assert_eq!(r.without_update, 1);
        assert_eq!(r.by_health[&Health::OnTrack], 3);
        assert_eq!(r.children.len(), 4);
    }

    #[test]
    fn the_planned_path_is_a_straight_line_from_baseline_to_target() {
        let baseline = (d("2014-01-01"), 457.0);
        let target = (d("2024-01-01"), 3.0);
        assert_eq!(planned_value(baseline, target, d("2013-01-01")), 457.0);
        assert_eq!(planned_value(baseline, target, d("2030-01-01")), 3.0);
        let mid = planned_value(baseline, target, d("2019-01-01"));
        assert!((mid - 230.0).abs() < 1.0, "{mid}");
    }

    #[test]
    fn quarters_start_on_the_first_of_january_april_july_october() {
        assert_eq!(quarter_start(d("2019-06-03")), d("2019-04-01"));
        assert_eq!(quarter_start(d("2019-12-31")), d("2019-10-01"));
    }
}

/// A value that differs between two dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changed<T> {
    pub initiative_id: InitiativeId,
    pub before: T,
    pub after: T,
}

/// A milestone whose plan differs between two dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneMove {
    pub milestone_id: super::model::MilestoneId,
    pub initiative_id: InitiativeId,
    /// `None` when the milestone did not exist yet on the first date.
    pub before: Option<NaiveDate>,
    pub after: NaiveDate,
}

/// What changed in a subtree between two dates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Initiatives with a first update after `from`, on or before `to`.
    pub added: Vec<InitiativeId>,
    pub status_changed: Vec<Changed<Status>>,
    pub health_changed: Vec<Changed<Health>>,
    /// Milestones whose forecast moved, or that appeared.
    pub milestones_moved: Vec<MilestoneMove>,
}

/// What a subtree looked like on one date: (status, health) by initiative
/// and forecast by milestone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub date: NaiveDate,
    pub states: BTreeMap<InitiativeId, (Status, Health)>,
    pub forecasts: BTreeMap<super::model::MilestoneId, (InitiativeId, NaiveDate)>,
}

/// Compares two snapshots.
pub fn changes_between(before: &Snapshot, after: &Snapshot) -> Changes {
    let mut changes = Changes {
        from: Some(before.date),
        to: Some(after.date),
        ..Default::default()
    };
    for (id, (status, health)) in &after.states {
        match before.states.get(id) {
            None => changes.added.push(*id),
            Some((old_status, old_health)) => {
                if old_status != status {
                    changes.status_changed.push(Changed {
                        initiative_id: *id,
                        before: *old_status,
                        after: *status,
                    });
                }
                if old_health != health {
                    changes.health_changed.push(Changed {
                        initiative_id: *id,
                        before: *old_health,
                        after: *health,
                    });
                }
            }
        }
    }
    for (id, (initiative_id, forecast)) in &after.forecasts {
        let previous = before.forecasts.get(id).map(|(_, f)| *f);
        if previous != Some(*forecast) {
            changes.milestones_moved.push(MilestoneMove {
                milestone_id: *id,
                initiative_id: *initiative_id,
                before: previous,
                after: *forecast,
            });
        }
    }
    changes
}

/// An indicator's values against its planned path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorSeries {
    pub indicator: super::model::Indicator,
    /// The latest recorded value for each date, by date.
    pub actual: Vec<(NaiveDate, f64)>,
    /// The straight path from baseline to target, at the baseline, at each
    /// measured date between them, and at the target; empty without both.
    pub planned: Vec<(NaiveDate, f64)>,
}

/// Builds the series from values in recording order (a later value for the
/// same date replaces an earlier one).
pub fn indicator_series(
    indicator: super::model::Indicator,
    values: Vec<(NaiveDate, f64)>,
) -> IndicatorSeries {
    let mut by_date: BTreeMap<NaiveDate, f64> = BTreeMap::new();
    for (date, value) in values {
        by_date.insert(date, value);
    }
    let planned = match (indicator.baseline, indicator.target) {
        (Some(baseline), Some(target)) => {
            let mut dates: Vec<NaiveDate> = vec![baseline.0, target.0];
            dates.extend(
                by_date
                    .keys()
                    .filter(|d| baseline.0 < **d && **d < target.0),
            );
            dates.sort();
            dates.dedup();
            dates
                .into_iter()
                .map(|d| (d, planned_value(baseline, target, d)))
                .collect()
        }
        _ => Vec::new(),
    };
    IndicatorSeries {
        indicator,
        actual: by_date.into_iter().collect(),
        planned,
    }
}

/// The reporting period that holds `today`: periods of `months` months
/// (clamped to 1–12) counted from January 1, so semi-annual periods run
/// January–June and July–December. Returns the first and last days.
pub fn reporting_period(today: NaiveDate, months: u32) -> (NaiveDate, NaiveDate) {
    let months = months.clamp(1, 12);
    let index = (today.month0()) / months;
    let start_month0 = index * months;
    let start = NaiveDate::from_ymd_opt(today.year(), start_month0 + 1, 1).expect("a valid month");
    let end = start
        .checked_add_months(Months::new(months))
        .and_then(|next| next.pred_opt())
        .expect("a representable date");
    (start, end)
}

#[cfg(test)]
mod reporting_period_tests {
    use super::reporting_period;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn semi_annual_quarterly_and_yearly_periods() {
        assert_eq!(
            reporting_period(d(2026, 11, 21), 6),
            (d(2026, 7, 1), d(2026, 12, 31))
        );
        assert_eq!(
            reporting_period(d(2026, 6, 30), 6),
            (d(2026, 1, 1), d(2026, 6, 30))
        );
        assert_eq!(
            reporting_period(d(2026, 2, 14), 3),
            (d(2026, 1, 1), d(2026, 3, 31))
        );
        assert_eq!(
            reporting_period(d(2024, 12, 31), 12),
            (d(2024, 1, 1), d(2024, 12, 31))
        );
        assert_eq!(
            reporting_period(d(2026, 11, 21), 0),
            (d(2026, 11, 1), d(2026, 11, 30))
        );
    }
}

#[cfg(test)]
mod rebuilding_a_tail {
    use super::*;
    use proptest::prelude::*;

    /// Updates in recording order: a day, a status, and maybe an earlier
    /// update (by position) that this one corrects, if nobody corrected it yet.
    fn facts() -> impl Strategy<Value = Vec<UpdateFact>> {
        let status = prop::sample::select(Status::ALL.to_vec());
        let health = prop::sample::select(Health::ALL.to_vec());
        prop::collection::vec(
            (0..60i64, status, health, prop::option::of(0..40usize)),
            0..40,
        )
        .prop_map(|ops| {
            let start = NaiveDate::from_ymd_opt(2017, 3, 1).unwrap();
            let mut facts: Vec<UpdateFact> = Vec::new();
            for (n, (day, status, health, corrects)) in ops.into_iter().enumerate() {
                let supersedes = corrects
                    .filter(|k| *k < n)
                    .map(|k| facts[k].id)
                    .filter(|old| facts.iter().all(|f| f.supersedes != Some(*old)));
                facts.push(UpdateFact {
                    id: StatusUpdateId(n as i64 + 1),
                    as_of: start + chrono::Duration::days(day),
                    status,
                    health,
                    supersedes,
                });
            }
            facts
        })
    }

    proptest! {
        #[test]
        fn the_periods_kept_and_the_tail_rebuilt_are_the_whole_rebuild(
            facts in facts(),
            cut in 0..70i64,
        ) {
            let since = NaiveDate::from_ymd_opt(2017, 3, 1).unwrap() + chrono::Duration::days(cut);
            let whole = status_periods(&facts);
            let mut kept: Vec<StatusPeriod> =
                whole.iter().filter(|p| p.valid_from < since).copied().collect();
            let before = kept.pop();
            let tail: Vec<UpdateFact> = effective_updates(&facts)
                .into_iter()
                .filter(|u| u.as_of >= since)
                .collect();
            kept.extend(status_periods_after(before, &tail));
            prop_assert_eq!(kept, whole);
        }
    }
}
