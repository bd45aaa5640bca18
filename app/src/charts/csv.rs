//! Each chart's data as CSV, for readers who want the figures rather than
//! the picture: a header row of the chart's translated labels, then ISO
//! dates (`2019-06-03`) and plain numbers (`1250000`, `12.5`) that any
//! program reads back. Text cells are neutralised against spreadsheet
//! formula injection, as in the exports.

use super::{
    completion::STACK as STATUS_STACK, health::STACK as HEALTH_STACK, BudgetBar, BudgetText,
    CompletionText, HealthPoint, HealthText, IndicatorText, MilestoneBar, MilestoneText,
};
use crate::domain::history::{IndicatorSeries, SeriesPoint};
use crate::transfer::neutralise;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// A table written as CSV (RFC 4180, `\n` line ends); the header's cells
/// are neutralised, the rows' are written as given (see [`text_cell`]). Writing
/// into memory cannot fail; were it to, the table would come out empty.
fn table(header: Vec<String>, rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let header: Vec<String> = header.iter().map(|cell| text_cell(cell)).collect();
    let written = std::iter::once(header)
        .chain(rows)
        .try_for_each(|row| writer.write_record(&row));
    written
        .ok()
        .and_then(|()| writer.into_inner().ok())
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

/// A text cell, neutralised: a spreadsheet shows `=SUM(A1)` as text. (Only
/// text: a negative number must stay a number.)
fn text_cell(cell: &str) -> String {
    neutralise(cell).into_owned()
}

/// A date as CSV writes it: `2019-06-03`.
fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A number as CSV writes it: as short as it can be read back exactly
/// (`1250000`, `12.5`, `-3`).
fn plain(value: f64) -> String {
    value.to_string()
}

/// An optional cell: empty when unknown.
fn optional<T>(value: Option<T>, write: impl Fn(T) -> String) -> String {
    value.map(write).unwrap_or_default()
}

/// The completion chart's data: date, then each status in the chart's order
/// (completed first), then the total.
pub fn completion(points: &[SeriesPoint], text: &CompletionText) -> String {
    let header = std::iter::once(text.date.clone())
        .chain(
            STATUS_STACK
                .iter()
                .map(|(s, _)| text.status_label(*s).to_owned()),
        )
        .chain([text.total.clone()])
        .collect();
    let mut sorted: Vec<&SeriesPoint> = points.iter().collect();
    sorted.sort_by_key(|p| p.date);
    let rows = sorted.into_iter().map(|p| {
        std::iter::once(iso(p.date))
            .chain(
                STATUS_STACK
                    .iter()
                    .map(|(s, _)| p.counts.get(*s).to_string()),
            )
            .chain([p.counts.total().to_string()])
            .collect()
    });
    table(header, rows)
}

/// The health chart's data: date, on track, at risk, off track.
pub fn health(points: &[HealthPoint], text: &HealthText) -> String {
    let header = std::iter::once(text.date.clone())
        .chain(HEALTH_STACK.iter().map(|(h, _)| text.label(*h).to_owned()))
        .collect();
    let mut sorted: Vec<&HealthPoint> = points.iter().collect();
    sorted.sort_by_key(|p| p.date);
    let rows = sorted.into_iter().map(|p| {
        std::iter::once(iso(p.date))
            .chain(HEALTH_STACK.iter().map(|(h, _)| p.get(*h).to_string()))
            .collect()
    });
    table(header, rows)
}

/// The indicator chart's data: a row per date with the measured value, the
/// planned value and the target, each empty where the chart has none.
pub fn indicator(series: &IndicatorSeries, text: &IndicatorText) -> String {
    let header = vec![
        text.date.clone(),
        text.actual.clone(),
        text.planned.clone(),
        text.target.clone(),
    ];
    let mut by_date: BTreeMap<NaiveDate, [Option<f64>; 3]> = BTreeMap::new();
    for (date, value) in &series.actual {
        by_date.entry(*date).or_default()[0] = Some(*value);
    }
    for (date, value) in &series.planned {
        by_date.entry(*date).or_default()[1] = Some(*value);
    }
    if let Some((date, value)) = series.indicator.target {
        by_date.entry(date).or_default()[2] = Some(value);
    }
    let rows = by_date.into_iter().map(|(date, values)| {
        std::iter::once(iso(date))
            .chain(values.map(|v| optional(v, plain)))
            .collect()
    });
    table(header, rows)
}

/// The milestone chart's data: label, baseline, forecast, actual (empty
/// until reached), and slippage in days (negative when early).
pub fn milestones(rows: &[MilestoneBar], text: &MilestoneText) -> String {
    let header = vec![
        text.milestone.clone(),
        text.baseline.clone(),
        text.forecast.clone(),
        text.actual.clone(),
        text.slippage.clone(),
    ];
    let rows = rows.iter().map(|r| {
        vec![
            text_cell(&r.label),
            iso(r.baseline),
            iso(r.forecast),
            optional(r.actual, iso),
            r.slippage_days().to_string(),
        ]
    });
    table(header, rows)
}

/// The budget chart's data, in dollars: initiative, approved, spent,
/// forecast, variance (forecast − approved); unknown figures left empty.
pub fn budget(rows: &[BudgetBar], text: &BudgetText) -> String {
    let header = vec![
        text.initiative.clone(),
        text.approved.clone(),
        text.spent.clone(),
        text.forecast.clone(),
        text.variance.clone(),
    ];
    let rows = rows.iter().map(|r| {
        vec![
            text_cell(&r.label),
            optional(r.approved, plain),
            optional(r.spent, plain),
            optional(r.forecast, plain),
            optional(r.variance(), plain),
        ]
    });
    table(header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::history::StatusCounts;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn completion_has_translated_headers_iso_dates_and_plain_counts() {
        let text = CompletionText {
            status: ["Prévue", "En cours", "Terminée", "Suspendue", "Annulée"].map(String::from),
            total: "Total".into(),
            date: "Date".into(),
            ..Default::default()
        };
        let points = [
            SeriesPoint {
                date: d(2019, 7, 1),
                counts: StatusCounts {
                    completed: 5889,
                    ..Default::default()
                },
            },
            SeriesPoint {
                date: d(2019, 6, 3),
                counts: StatusCounts {
                    planned: 30,
                    in_progress: 6,
                    ..Default::default()
                },
            },
        ];
        assert_eq!(
            completion(&points, &text),
            "Date,Terminée,En cours,Prévue,Suspendue,Annulée,Total\n\
             2019-06-03,0,6,30,0,0,36\n\
             2019-07-01,5889,0,0,0,0,5889\n"
        );
    }

    #[test]
    fn health_lists_each_count() {
        let text = HealthText {
            date: "Date".into(),
            on_track: "On track".into(),
            at_risk: "At risk".into(),
            off_track: "Off track".into(),
            ..Default::default()
        };
        let points = [HealthPoint {
            date: d(2020, 1, 1),
            on_track: 3,
            at_risk: 2,
            off_track: 1,
        }];
        assert_eq!(
            health(&points, &text),
            "Date,On track,At risk,Off track\n2020-01-01,3,2,1\n"
        );
    }

    #[test]
    fn indicator_rows_merge_measured_planned_and_target_by_date() {
        use crate::domain::history::indicator_series;
        use crate::domain::{Bilingual, Code, Direction, Indicator, IndicatorId, InitiativeId};
        let definition = Indicator {
            id: IndicatorId(1),
            initiative_id: InitiativeId(1),
            code: Code::parse("code", "CTI").unwrap(),
            name: Bilingual::new("Centres", "Centres"),
            unit: Bilingual::new("centres", "centres"),
            direction: Direction::Down,
            baseline: Some((d(2014, 1, 1), 457.0)),
            target: Some((d(2024, 1, 1), 3.0)),
        };
        let series = indicator_series(definition, vec![(d(2019, 1, 1), 120.5)]);
        let text = IndicatorText {
            date: "Date".into(),
            actual: "Measured".into(),
            planned: "Planned".into(),
            target: "Target".into(),
            ..Default::default()
        };
        let csv = indicator(&series, &text);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "Date,Measured,Planned,Target");
        assert_eq!(lines[1], "2014-01-01,,457,");
        assert!(lines[2].starts_with("2019-01-01,120.5,"), "{}", lines[2]);
        assert_eq!(lines[3], "2024-01-01,,3,3");
        assert_eq!(lines.len(), 4);
    }

    #[test]
    fn milestones_give_dates_and_slippage_in_days() {
        let text = MilestoneText {
            milestone: "Milestone".into(),
            baseline: "Baseline".into(),
            forecast: "Forecast".into(),
            actual: "Actual".into(),
            slippage: "Slippage (days)".into(),
            ..Default::default()
        };
        let rows = [
            MilestoneBar {
                label: "Pilot, \"phase 1\"".into(),
                baseline: d(2019, 6, 30),
                forecast: d(2019, 6, 1),
                actual: Some(d(2019, 6, 1)),
            },
            MilestoneBar {
                label: "=HYPERLINK(\"x\")".into(),
                baseline: d(2022, 6, 30),
                forecast: d(2028, 12, 31),
                actual: None,
            },
        ];
        assert_eq!(
            milestones(&rows, &text),
            "Milestone,Baseline,Forecast,Actual,Slippage (days)\n\
             \"Pilot, \"\"phase 1\"\"\",2019-06-30,2019-06-01,2019-06-01,-29\n\
             \"'=HYPERLINK(\"\"x\"\")\",2022-06-30,2028-12-31,,2376\n"
        );
    }

    #[test]
    fn budget_gives_plain_dollars_and_the_variance_when_known() {
        let text = BudgetText {
            initiative: "Initiative".into(),
            approved: "Approved".into(),
            spent: "Spent".into(),
            forecast: "Forecast".into(),
            variance: "Variance".into(),
            ..Default::default()
        };
        let rows = [
            BudgetBar {
                label: "Email".into(),
                approved: Some(1_000_000.0),
                spent: Some(800_000.5),
                forecast: Some(1_250_000.0),
            },
            BudgetBar {
                label: "Pilot".into(),
                approved: Some(500_000.0),
                spent: None,
                forecast: None,
            },
        ];
        assert_eq!(
            budget(&rows, &text),
            "Initiative,Approved,Spent,Forecast,Variance\n\
             Email,1000000,800000.5,1250000,250000\n\
             Pilot,500000,,,\n"
        );
    }
}
