//! What the executive dashboard computes from the state of each initiative
//! on a date, as pure functions: the schedule health the plan implies, the
//! headline figures, what is late and what is stale, the portfolio's
//! filters and order, and health counted over time.

use super::history::{
    counts_from_changes, implied_percent, period_changes, OwnState, StatusCounts, StatusPeriod,
};
use super::kinds::{Health, InitiativeKind, Status};
use super::model::{HealthReport, Initiative, Milestone, StateSummary};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A milestone re-planned more than this many days after its baseline puts
/// its initiative's schedule off track; any later re-plan puts it at risk.
pub const OFF_TRACK_SLIPPAGE_DAYS: i64 = 90;

/// Why the plan says an initiative's schedule is not on track.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScheduleSignal {
    /// Its target date has passed and it is not completed.
    TargetPassed { target: NaiveDate },
    /// A milestone's forecast has passed without an actual date.
    MilestoneOverdue {
        milestone: super::model::MilestoneId,
        forecast: NaiveDate,
    },
    /// A milestone is now planned (or was reached) `days` after its baseline.
    MilestoneSlipped {
        milestone: super::model::MilestoneId,
        days: i64,
    },
}

impl ScheduleSignal {
    /// The health this signal alone implies.
    pub fn health(&self) -> Health {
        match self {
            ScheduleSignal::TargetPassed { .. } | ScheduleSignal::MilestoneOverdue { .. } => {
                Health::OffTrack
            }
            ScheduleSignal::MilestoneSlipped { days, .. } if *days > OFF_TRACK_SLIPPAGE_DAYS => {
                Health::OffTrack
            }
            ScheduleSignal::MilestoneSlipped { .. } => Health::AtRisk,
        }
    }
}

/// The schedule health computed from the plan, with the signals behind it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleHealth {
    pub health: Health,
    pub signals: Vec<ScheduleSignal>,
}

/// The schedule health an open initiative's plan implies on `date`: off
/// track when its target date has passed, a milestone is overdue or has
/// slipped more than [`OFF_TRACK_SLIPPAGE_DAYS`]; at risk when a milestone
/// has slipped at all; on track otherwise. `None` when there is nothing to
/// judge: a completed or cancelled initiative, or one without a target date
/// or milestones.
pub fn computed_schedule(
    date: NaiveDate,
    target: Option<NaiveDate>,
    status: Option<Status>,
    milestones: &[Milestone],
) -> Option<ScheduleHealth> {
    if matches!(status, Some(Status::Completed | Status::Cancelled)) {
        return None;
    }
    if target.is_none() && milestones.is_empty() {
        return None;
    }
    let mut signals = Vec::new();
    if let Some(target) = target.filter(|t| *t < date) {
        signals.push(ScheduleSignal::TargetPassed { target });
    }
    for m in milestones {
        if m.actual_date.is_none() && m.forecast_date < date {
            signals.push(ScheduleSignal::MilestoneOverdue {
                milestone: m.id,
                forecast: m.forecast_date,
            });
        }
        let days = m.slippage_days();
        if days > 0 {
            signals.push(ScheduleSignal::MilestoneSlipped {
                milestone: m.id,
                days,
            });
        }
    }
    let health = signals
        .iter()
        .map(ScheduleSignal::health)
        .max()
        .unwrap_or(Health::OnTrack);
    Some(ScheduleHealth { health, signals })
}

/// The schedule health an update reports: its schedule dimension, or its
/// overall health when it gives none.
pub fn reported_schedule(health: &HealthReport) -> Health {
    health.schedule.unwrap_or(health.overall)
}

/// Whether the computed schedule health and the reported one disagree.
pub fn disagrees(reported: Option<&HealthReport>, computed: Option<&ScheduleHealth>) -> bool {
    match (reported, computed) {
        (Some(r), Some(c)) => reported_schedule(r) != c.health,
        _ => false,
    }
}

/// One line of the portfolio: an initiative and where it stood on a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GridRow {
    pub initiative: Initiative,
    /// Without children: a measure or project, what completion counts.
    pub leaf: bool,
    pub state: Option<StateSummary>,
    pub computed: Option<ScheduleHealth>,
    /// Open and without an update in the reporting period.
    pub stale: bool,
}

impl GridRow {
    /// Not completed, cancelled or archived.
    pub fn open(&self) -> bool {
        is_open(&self.initiative, self.state.as_ref())
    }

    /// Its target date has passed on `date` and it is still open.
    pub fn overdue(&self, date: NaiveDate) -> bool {
        self.open() && self.initiative.dates.end().is_some_and(|end| end < date)
    }
}

/// Not archived, and neither completed nor cancelled in `state`.
pub fn is_open(initiative: &Initiative, state: Option<&StateSummary>) -> bool {
    !initiative.archived
        && !matches!(
            state.map(|s| s.status),
            Some(Status::Completed | Status::Cancelled)
        )
}

/// Open and without an update since `period_start` (or without any).
pub fn is_stale(
    initiative: &Initiative,
    state: Option<&StateSummary>,
    period_start: NaiveDate,
) -> bool {
    is_open(initiative, state) && state.is_none_or(|s| s.as_of < period_start)
}

/// The two dates a comparison runs between: `other` and the date shown,
/// in order, never after `today`.
pub fn comparison(other: NaiveDate, shown: NaiveDate, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    if other <= shown {
        (other, shown)
    } else {
        (shown, other.min(today))
    }
}

/// Which initiatives the portfolio shows; every field narrows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridFilter {
    pub organisation: Option<super::model::OrganisationId>,
    pub theme: Option<String>,
    pub kind: Option<InitiativeKind>,
    pub status: Option<Status>,
    pub health: Option<Health>,
}

impl GridFilter {
    pub fn keeps(&self, row: &GridRow) -> bool {
        let i = &row.initiative;
        let state = row.state.as_ref();
        self.organisation
            .is_none_or(|o| i.organisation_id == Some(o))
            && self
                .theme
                .as_ref()
                .is_none_or(|t| i.themes.iter().any(|c| c.as_str() == t))
            && self.kind.is_none_or(|k| i.kind == k)
            && self
                .status
                .is_none_or(|s| state.is_some_and(|st| st.status == s))
            && self
                .health
                .is_none_or(|h| state.is_some_and(|st| st.health.overall == h))
    }
}

/// The columns the portfolio sorts by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortKey {
    #[default]
    Code,
    Status,
    Health,
    Percent,
    Updated,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        SortKey::Code,
        SortKey::Status,
        SortKey::Health,
        SortKey::Percent,
        SortKey::Updated,
    ];

    /// The code used in URLs (`?sort=health`).
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Code => "code",
            SortKey::Status => "status",
            SortKey::Health => "health",
            SortKey::Percent => "percent",
            SortKey::Updated => "updated",
        }
    }

    pub fn parse(text: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// Orders `rows` by `key` (rows without a state last), then by code.
pub fn sort_rows(rows: &mut [GridRow], key: SortKey, descending: bool) {
    fn status_rank(s: Status) -> usize {
        Status::ALL.iter().position(|x| *x == s).unwrap_or(0)
    }
    rows.sort_by(|a, b| {
        let (sa, sb) = (a.state.as_ref(), b.state.as_ref());
        let by_key = match key {
            SortKey::Code => std::cmp::Ordering::Equal,
            SortKey::Status => sa
                .map(|s| status_rank(s.status))
                .cmp(&sb.map(|s| status_rank(s.status))),
            SortKey::Health => sa
                .map(|s| s.health.overall)
                .cmp(&sb.map(|s| s.health.overall)),
            SortKey::Percent => sa
                .and_then(|s| s.percent_complete)
                .cmp(&sb.and_then(|s| s.percent_complete)),
            SortKey::Updated => sa.map(|s| s.as_of).cmp(&sb.map(|s| s.as_of)),
        };
        // Rows without the value go last whichever the direction.
        let missing = |s: Option<&StateSummary>| match key {
            SortKey::Code => false,
            SortKey::Percent => s.and_then(|s| s.percent_complete).is_none(),
            _ => s.is_none(),
        };
        missing(sa)
            .cmp(&missing(sb))
            .then(if descending { by_key.reverse() } else { by_key })
            .then_with(|| a.initiative.code.as_str().cmp(b.initiative.code.as_str()))
    });
}

/// The portfolio's headline figures over the rows shown.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    pub initiatives: u32,
    pub by_status: StatusCounts,
    pub by_health: BTreeMap<Health, u32>,
    pub without_update: u32,
    /// The weighted mean percent complete of the measures and projects
    /// shown (cancelled ones left out; completed counts 100 %, planned 0 %).
    pub weighted_completion: Option<f64>,
}

pub fn headline(rows: &[GridRow]) -> Headline {
    let mut h = Headline::default();
    let (mut sum, mut weights) = (0.0, 0.0);
    for row in rows {
        h.initiatives += 1;
        let Some(state) = &row.state else {
            h.without_update += 1;
            continue;
        };
        h.by_status.add(state.status);
        *h.by_health.entry(state.health.overall).or_insert(0) += 1;
        if row.leaf && state.status != Status::Cancelled {
            let own = OwnState {
                status: state.status,
                health: state.health.overall,
                percent_complete: state.percent_complete,
            };
            if let Some(p) = implied_percent(&own) {
                let w = row.initiative.weight.get();
                sum += p * w;
                weights += w;
            }
        }
    }
    h.weighted_completion = (weights > 0.0).then(|| sum / weights);
    h
}

/// The milestones not reached whose forecast has passed on `date`, the
/// longest overdue first.
pub fn late_milestones(milestones: &[Milestone], date: NaiveDate) -> Vec<Milestone> {
    let mut late: Vec<Milestone> = milestones
        .iter()
        .filter(|m| m.actual_date.is_none() && m.forecast_date < date)
        .cloned()
        .collect();
    late.sort_by_key(|m| (m.forecast_date, m.id));
    late
}

/// Counts of each health on one date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthCounts {
    pub date: NaiveDate,
    pub on_track: u32,
    pub at_risk: u32,
    pub off_track: u32,
}

impl HealthCounts {
    /// The count of `health`.
    pub fn get(&self, health: Health) -> u32 {
        match health {
            Health::OnTrack => self.on_track,
            Health::AtRisk => self.at_risk,
            Health::OffTrack => self.off_track,
        }
    }
}

/// How many initiatives had each overall health on each of `dates`, from
/// their status periods (corrections applied when the periods were derived;
/// an initiative counts from its first update, and not while completed or
/// cancelled). The same sweep as the completion series.
pub fn health_series<'a>(
    periods: impl IntoIterator<Item = &'a StatusPeriod>,
    dates: &[NaiveDate],
) -> Vec<HealthCounts> {
    let open = periods
        .into_iter()
        .filter(|p| !matches!(p.status, Status::Completed | Status::Cancelled));
    let changes = period_changes(open, |p| health_index(p.health));
    counts_from_changes::<3>(changes, dates)
        .into_iter()
        .zip(dates)
        .map(|(counts, date)| HealthCounts {
            date: *date,
            on_track: counts[health_index(Health::OnTrack)],
            at_risk: counts[health_index(Health::AtRisk)],
            off_track: counts[health_index(Health::OffTrack)],
        })
        .collect()
}

fn health_index(health: Health) -> usize {
    match health {
        Health::OnTrack => 0,
        Health::AtRisk => 1,
        Health::OffTrack => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::history::{status_periods, UpdateFact};
    use crate::domain::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn milestone(id: i64, baseline: &str, forecast: &str, actual: Option<&str>) -> Milestone {
        Milestone {
            id: MilestoneId(id),
            initiative_id: InitiativeId(1),
            title: Bilingual::new("Jalon", "Milestone"),
            baseline_date: d(baseline),
            forecast_date: d(forecast),
            actual_date: actual.map(d),
        }
    }

    #[test]
    fn a_plan_on_time_is_on_track() {
        let ms = [milestone(1, "2020-01-01", "2020-01-01", None)];
        let c = computed_schedule(
            d("2019-06-01"),
            Some(d("2021-01-01")),
            Some(Status::InProgress),
            &ms,
        )
        .unwrap();
        assert_eq!(c.health, Health::OnTrack);
        assert!(c.signals.is_empty());
    }

    #[test]
    fn a_small_slip_is_at_risk_and_a_large_one_off_track() {
        let small = [milestone(1, "2020-01-01", "2020-02-15", None)];
        let c = computed_schedule(d("2019-06-01"), None, Some(Status::InProgress), &small).unwrap();
        assert_eq!(c.health, Health::AtRisk);
        assert_eq!(
            c.signals,
            [ScheduleSignal::MilestoneSlipped {
                milestone: MilestoneId(1),
                days: 45
            }]
        );
        let large = [milestone(1, "2020-01-01", "2020-06-01", None)];
        let c = computed_schedule(d("2019-06-01"), None, None, &large).unwrap();
        assert_eq!(c.health, Health::OffTrack);
    }

    #[test]
    fn an_overdue_milestone_or_a_passed_target_is_off_track() {
        let overdue = [milestone(1, "2020-01-01", "2020-01-01", None)];
        let c =
            computed_schedule(d("2020-03-01"), None, Some(Status::InProgress), &overdue).unwrap();
        assert_eq!(c.health, Health::OffTrack);
        assert_eq!(
            c.signals,
            [ScheduleSignal::MilestoneOverdue {
                milestone: MilestoneId(1),
                forecast: d("2020-01-01")
            }]
        );
        let reached = [milestone(1, "2020-01-01", "2020-01-01", Some("2019-12-20"))];
        let c = computed_schedule(
            d("2020-03-01"),
            Some(d("2020-02-01")),
            Some(Status::OnHold),
            &reached,
        )
        .unwrap();
        assert_eq!(c.health, Health::OffTrack);
        assert_eq!(
            c.signals,
            [ScheduleSignal::TargetPassed {
                target: d("2020-02-01")
            }]
        );
    }

    #[test]
    fn closed_or_unplanned_initiatives_are_not_judged() {
        let ms = [milestone(1, "2020-01-01", "2021-01-01", None)];
        assert_eq!(
            computed_schedule(d("2022-01-01"), None, Some(Status::Completed), &ms),
            None
        );
        assert_eq!(
            computed_schedule(d("2022-01-01"), None, Some(Status::Cancelled), &ms),
            None
        );
        assert_eq!(
            computed_schedule(d("2022-01-01"), None, Some(Status::InProgress), &[]),
            None
        );
    }

    #[test]
    fn disagreement_reads_the_schedule_dimension_first() {
        let computed = ScheduleHealth {
            health: Health::OffTrack,
            signals: vec![],
        };
        let mut reported = HealthReport::overall(Health::OffTrack);
        assert!(!disagrees(Some(&reported), Some(&computed)));
        reported.schedule = Some(Health::AtRisk);
        assert!(disagrees(Some(&reported), Some(&computed)));
        assert!(!disagrees(None, Some(&computed)));
        assert!(!disagrees(Some(&reported), None));
    }

    #[test]
    fn late_milestones_are_open_ones_past_their_forecast() {
        let ms = [
            milestone(1, "2020-01-01", "2020-05-01", None),
            milestone(2, "2020-01-01", "2020-01-01", Some("2020-01-02")),
            milestone(3, "2019-01-01", "2019-06-01", None),
            milestone(4, "2021-01-01", "2021-01-01", None),
        ];
        let late: Vec<i64> = late_milestones(&ms, d("2020-06-01"))
            .iter()
            .map(|m| m.id.0)
            .collect();
        assert_eq!(late, [3, 1]);
    }

    fn fact(
        id: i64,
        initiative: i64,
        as_of: &str,
        status: Status,
        health: Health,
        supersedes: Option<i64>,
    ) -> (i64, UpdateFact) {
        (
            initiative,
            UpdateFact {
                id: StatusUpdateId(id),
                as_of: d(as_of),
                status,
                health,
                supersedes: supersedes.map(StatusUpdateId),
            },
        )
    }

    /// The status periods of each initiative of `updates`.
    fn periods_of(updates: &[(i64, UpdateFact)]) -> Vec<StatusPeriod> {
        let mut by_initiative: BTreeMap<i64, Vec<UpdateFact>> = BTreeMap::new();
        for (initiative, fact) in updates {
            by_initiative.entry(*initiative).or_default().push(*fact);
        }
        by_initiative
            .values()
            .flat_map(|facts| status_periods(facts))
            .collect()
    }

    #[test]
    fn health_is_counted_per_date_with_corrections_applied() {
        let updates = [
            fact(
                1,
                1,
                "2019-01-01",
                Status::InProgress,
                Health::OnTrack,
                None,
            ),
            fact(
                2,
                1,
                "2019-06-01",
                Status::InProgress,
                Health::OffTrack,
                None,
            ),
            fact(
                3,
                1,
                "2019-06-01",
                Status::InProgress,
                Health::AtRisk,
                Some(2),
            ),
            fact(
                4,
                2,
                "2019-03-01",
                Status::InProgress,
                Health::OnTrack,
                None,
            ),
            fact(5, 2, "2019-09-01", Status::Completed, Health::OnTrack, None),
        ];
        let series = health_series(
            &periods_of(&updates),
            &[
                d("2018-12-31"),
                d("2019-04-01"),
                d("2019-07-01"),
                d("2019-10-01"),
            ],
        );
        let counts: Vec<(u32, u32, u32)> = series
            .iter()
            .map(|p| (p.on_track, p.at_risk, p.off_track))
            .collect();
        assert_eq!(counts, [(0, 0, 0), (2, 0, 0), (1, 1, 0), (0, 1, 0)]);
    }

    fn row(
        code: &str,
        status: Option<(Status, Health, Option<i64>)>,
        leaf: bool,
        weight: f64,
    ) -> GridRow {
        let initiative = Initiative {
            id: InitiativeId(code.len() as i64),
            parent_id: None,
            kind: InitiativeKind::Measure,
            code: Code::parse("code", code).unwrap(),
            title: Bilingual::new(code, code),
            description: Bilingual::default(),
            organisation_id: Some(OrganisationId(1)),
            contact_id: None,
            dates: DateRange::new("end", None, Some(d("2020-01-01"))).unwrap(),
            weight: Weight::new("weight", weight).unwrap(),
            themes: vec![Code::parse("themes", "cyber").unwrap()],
            visibility: Visibility::Published,
            priority: false,
            archived: false,
            version: 1,
        };
        GridRow {
            leaf,
            state: status.map(|(status, health, percent)| StateSummary {
                update_id: StatusUpdateId(1),
                initiative_id: initiative.id,
                as_of: d("2019-01-01"),
                status,
                health: HealthReport::overall(health),
                percent_complete: percent.map(|p| Percent::new("p", p).unwrap()),
                budget: Budget::default(),
            }),
            initiative,
            computed: None,
            stale: false,
        }
    }

    #[test]
    fn the_headline_weighs_leaves_and_leaves_out_cancelled_ones() {
        let rows = [
            row(
                "A",
                Some((Status::InProgress, Health::AtRisk, Some(50))),
                true,
                3.0,
            ),
            row(
                "B",
                Some((Status::Completed, Health::OnTrack, None)),
                true,
                1.0,
            ),
            row(
                "C",
                Some((Status::Cancelled, Health::OffTrack, Some(10))),
                true,
                5.0,
            ),
            row(
                "D",
                Some((Status::InProgress, Health::OnTrack, Some(90))),
                false,
                9.0,
            ),
            row("E", None, true, 1.0),
        ];
        let h = headline(&rows);
        assert_eq!(h.initiatives, 5);
        assert_eq!(h.without_update, 1);
        assert_eq!(h.by_status.in_progress, 2);
        assert_eq!(h.by_status.cancelled, 1);
        assert_eq!(h.by_health[&Health::OnTrack], 2);
        assert_eq!(h.weighted_completion, Some((3.0 * 50.0 + 100.0) / 4.0));
    }

    #[test]
    fn filters_narrow_and_sorting_puts_missing_values_last() {
        let mut rows = vec![
            row(
                "A",
                Some((Status::InProgress, Health::OffTrack, Some(50))),
                true,
                1.0,
            ),
            row("BB", None, true, 1.0),
            row(
                "CCC",
                Some((Status::Planned, Health::OnTrack, None)),
                true,
                1.0,
            ),
        ];
        let filter = GridFilter {
            health: Some(Health::OffTrack),
            ..Default::default()
        };
        assert_eq!(rows.iter().filter(|r| filter.keeps(r)).count(), 1);
        let filter = GridFilter {
            theme: Some("cyber".into()),
            organisation: Some(OrganisationId(1)),
            ..Default::default()
        };
        assert_eq!(rows.iter().filter(|r| filter.keeps(r)).count(), 3);
        let filter = GridFilter {
            theme: Some("talent".into()),
            ..Default::default()
        };
        assert_eq!(rows.iter().filter(|r| filter.keeps(r)).count(), 0);

        sort_rows(&mut rows, SortKey::Health, true);
        let codes: Vec<&str> = rows.iter().map(|r| r.initiative.code.as_str()).collect();
        assert_eq!(codes, ["A", "CCC", "BB"]);
        sort_rows(&mut rows, SortKey::Percent, false);
        let codes: Vec<&str> = rows.iter().map(|r| r.initiative.code.as_str()).collect();
        assert_eq!(codes, ["A", "BB", "CCC"]);
        assert!(rows[0].overdue(d("2020-06-01")));
        assert!(!rows[0].overdue(d("2019-06-01")));
        assert_eq!(SortKey::parse("updated"), Some(SortKey::Updated));
    }

    #[test]
    fn stale_means_open_and_not_updated_this_period() {
        let r = row(
            "A",
            Some((Status::InProgress, Health::OnTrack, None)),
            true,
            1.0,
        );
        assert!(is_stale(&r.initiative, r.state.as_ref(), d("2019-07-01")));
        assert!(!is_stale(&r.initiative, r.state.as_ref(), d("2019-01-01")));
        let done = row(
            "B",
            Some((Status::Completed, Health::OnTrack, None)),
            true,
            1.0,
        );
        assert!(!is_stale(
            &done.initiative,
            done.state.as_ref(),
            d("2019-07-01")
        ));
        let never = row("C", None, true, 1.0);
        assert!(is_stale(&never.initiative, None, d("2019-07-01")));
    }
}
