//! The charts of an initiative's page as files: `completion`, `health`,
//! `milestones`, `budget` and `indicator-{id}`, each as SVG (drawn by
//! [`crate::charts`]) or CSV, in the reader's language, as of a date. The
//! page shows the same data as tables; the server serves these under
//! `/{lang}/charts/initiatives/{id}/{name}.{svg|csv}`.

use crate::charts::{self, csv as chart_csv};
use crate::domain::public::Reach;
use crate::domain::*;
use crate::i18n::*;
use crate::store::dashboard as figures;
use crate::store::read::{self, Scope};
use crate::store::{Db, StoreError};
use chrono::NaiveDate;

/// The two forms a chart is served in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartFormat {
    Svg,
    Csv,
}

impl ChartFormat {
    /// Splits `completion.svg` into its name and format.
    pub fn split(file: &str) -> Option<(&str, ChartFormat)> {
        if let Some(name) = file.strip_suffix(".svg") {
            Some((name, ChartFormat::Svg))
        } else {
            file.strip_suffix(".csv")
                .map(|name| (name, ChartFormat::Csv))
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ChartFormat::Svg => "image/svg+xml; charset=utf-8",
            ChartFormat::Csv => "text/csv; charset=utf-8",
        }
    }
}

fn status_labels(locale: Locale) -> [String; 5] {
    [
        td_string!(locale, status.planned).to_string(),
        td_string!(locale, status.in_progress).to_string(),
        td_string!(locale, status.completed).to_string(),
        td_string!(locale, status.on_hold).to_string(),
        td_string!(locale, status.cancelled).to_string(),
    ]
}

/// What a chart is drawn from: the same data whether it is drawn into a
/// page or served as a file.
#[derive(Clone, Debug)]
pub enum ChartData {
    Completion(Vec<history::SeriesPoint>),
    Health(Vec<charts::HealthPoint>),
    /// The milestones as planned on the date, drawn against it.
    Milestones(Vec<Milestone>, NaiveDate),
    /// The initiatives with budget figures.
    Budget(Vec<(Code, Bilingual, Budget)>),
    Indicator(history::IndicatorSeries),
}

impl ChartData {
    /// The chart drawn as `format`, its text in `locale`; `svg_id` names the
    /// SVG's title and description (unique on a page that holds it).
    pub fn draw(&self, format: ChartFormat, svg_id: &str, locale: Locale) -> String {
        let no_data = td_string!(locale, dashboard.no_data).to_string();
        let date_label = td_string!(locale, dashboard.date).to_string();
        match self {
            ChartData::Completion(points) => {
                let text = charts::CompletionText {
                    title: td_string!(locale, dashboard.completion_title).to_string(),
                    description: td_string!(locale, dashboard.completion_desc).to_string(),
                    status: status_labels(locale),
                    total: td_string!(locale, dashboard.total).to_string(),
                    y_axis: td_string!(locale, dashboard.y_initiatives).to_string(),
                    date: date_label,
                    no_data,
                };
                match format {
                    ChartFormat::Svg => charts::completion(svg_id, points, &text, locale),
                    ChartFormat::Csv => chart_csv::completion(points, &text),
                }
            }
            ChartData::Health(points) => {
                let text = charts::HealthText {
                    title: td_string!(locale, dashboard.health_title).to_string(),
                    description: td_string!(locale, dashboard.health_desc).to_string(),
                    on_track: td_string!(locale, health.on_track).to_string(),
                    at_risk: td_string!(locale, health.at_risk).to_string(),
                    off_track: td_string!(locale, health.off_track).to_string(),
                    y_axis: td_string!(locale, dashboard.y_initiatives).to_string(),
                    date: date_label,
                    no_data,
                };
                match format {
                    ChartFormat::Svg => charts::health(svg_id, points, &text, locale),
                    ChartFormat::Csv => chart_csv::health(points, &text),
                }
            }
            ChartData::Milestones(milestones, date) => {
                let rows: Vec<charts::MilestoneBar> = milestones
                    .iter()
                    .map(|m| charts::MilestoneBar {
                        label: m.title.get(locale).to_owned(),
                        baseline: m.baseline_date,
                        forecast: m.forecast_date,
                        actual: m.actual_date,
                    })
                    .collect();
                let text = charts::MilestoneText {
                    title: td_string!(locale, dashboard.milestones_title).to_string(),
                    description: td_string!(locale, dashboard.milestones_desc).to_string(),
                    milestone: td_string!(locale, dashboard.milestone).to_string(),
                    baseline: td_string!(locale, dashboard.baseline).to_string(),
                    forecast: td_string!(locale, dashboard.forecast_date).to_string(),
                    actual: td_string!(locale, dashboard.actual).to_string(),
                    slippage: td_string!(locale, dashboard.slippage).to_string(),
                    ahead: td_string!(locale, dashboard.ahead).to_string(),
                    today: td_string!(locale, dashboard.today).to_string(),
                    no_data,
                };
                match format {
                    ChartFormat::Svg => charts::milestones(svg_id, &rows, *date, &text, locale),
                    ChartFormat::Csv => chart_csv::milestones(&rows, &text),
                }
            }
            ChartData::Budget(budgets) => {
                let rows: Vec<charts::BudgetBar> = budgets
                    .iter()
                    .map(|(code, title, b)| charts::BudgetBar {
                        label: format!("{code} {}", title.get(locale)),
                        approved: b.approved.map(Money::dollars),
                        spent: b.spent_to_date.map(Money::dollars),
                        forecast: b.forecast_at_completion.map(Money::dollars),
                    })
                    .collect();
                let text = charts::BudgetText {
                    title: td_string!(locale, dashboard.budget_title).to_string(),
                    description: td_string!(locale, dashboard.budget_desc).to_string(),
                    initiative: td_string!(locale, initiatives.col_initiative).to_string(),
                    approved: td_string!(locale, dashboard.approved).to_string(),
                    spent: td_string!(locale, dashboard.spent).to_string(),
                    forecast: td_string!(locale, dashboard.forecast).to_string(),
                    variance: td_string!(locale, dashboard.variance).to_string(),
                    overrun: td_string!(locale, dashboard.overrun).to_string(),
                    no_data,
                };
                match format {
                    ChartFormat::Svg => charts::budget(svg_id, &rows, &text, locale),
                    ChartFormat::Csv => chart_csv::budget(&rows, &text),
                }
            }
            ChartData::Indicator(series) => {
                let ind = &series.indicator;
                let unit = ind.unit.get(locale).to_owned();
                let target = ind
                    .target
                    .map(|(d, value)| {
                        td_string!(
                            locale,
                            dashboard.indicator_target,
                            value = crate::format::number(locale, value, 1),
                            unit = unit.clone(),
                            date = crate::format::long_date(locale, d)
                        )
                        .to_string()
                    })
                    .unwrap_or_default();
                let text = charts::IndicatorText {
                    title: ind.name.get(locale).to_owned(),
                    description: format!(
                        "{} {target}",
                        td_string!(locale, dashboard.indicator_desc)
                    ),
                    actual: td_string!(locale, dashboard.actual_value).to_string(),
                    planned: td_string!(locale, dashboard.planned_path).to_string(),
                    target,
                    unit,
                    date: date_label,
                    no_data,
                };
                match format {
                    ChartFormat::Svg => charts::indicator(svg_id, series, &text, locale),
                    ChartFormat::Csv => chart_csv::indicator(series, &text),
                }
            }
        }
    }
}

/// The chart `name` of `scope` on `date`, counting the initiatives `reach`
/// includes, or `None` when there is no such chart: the root of a subtree
/// missing or out of reach, or a chart the whole portfolio does not have
/// (it has `completion` and `health` only).
pub async fn chart(
    db: &Db,
    scope: Scope,
    reach: &Reach,
    name: &str,
    format: ChartFormat,
    date: NaiveDate,
    locale: Locale,
) -> Result<Option<String>, StoreError> {
    let data = match chart_data(db, scope, reach, name, date).await? {
        Some(data) => data,
        None => return Ok(None),
    };
    Ok(Some(data.draw(format, &format!("chart-{name}"), locale)))
}

/// What the chart `name` of `scope` on `date` is drawn from (see [`chart`]).
async fn chart_data(
    db: &Db,
    scope: Scope,
    reach: &Reach,
    name: &str,
    date: NaiveDate,
) -> Result<Option<ChartData>, StoreError> {
    match scope {
        Scope::Subtree(id) => {
            if !reach.includes(id) || read::initiative(db, id).await?.is_none() {
                return Ok(None);
            }
        }
        Scope::Portfolio => {
            if !matches!(name, "completion" | "health") {
                return Ok(None);
            }
        }
    }
    let data = match name {
        "completion" => {
            ChartData::Completion(figures::completion_over_time(db, scope, reach, date).await?)
        }
        "health" => ChartData::Health(figures::health_over_time(db, scope, reach, date).await?),
        "milestones" => {
            let mut milestones = read::milestones(db, scope, Some(date)).await?;
            milestones.retain(|m| reach.includes(m.initiative_id));
            ChartData::Milestones(milestones, date)
        }
        "budget" => {
            let initiatives: std::collections::HashMap<InitiativeId, Initiative> =
                read::initiatives(db, scope)
                    .await?
                    .into_iter()
                    .filter(|i| reach.includes(i.id))
                    .map(|i| (i.id, i))
                    .collect();
            let budgets = read::summaries_as_of(db, scope, date)
                .await?
                .into_iter()
                .filter(|s| {
                    s.budget.approved.is_some()
                        || s.budget.spent_to_date.is_some()
                        || s.budget.forecast_at_completion.is_some()
                })
                .filter_map(|s| {
                    initiatives
                        .get(&s.initiative_id)
                        .map(|i| (i.code.clone(), i.title.clone(), s.budget))
                })
                .collect();
            ChartData::Budget(budgets)
        }
        other => {
            let Some(indicator_id) = other
                .strip_prefix("indicator-")
                .and_then(|n| n.parse().ok())
                .map(IndicatorId)
            else {
                return Ok(None);
            };
            let in_subtree = read::indicators(db, scope)
                .await?
                .iter()
                .any(|i| i.id == indicator_id && reach.includes(i.initiative_id));
            if !in_subtree {
                return Ok(None);
            }
            let Some(mut series) = read::indicator_series(db, indicator_id).await? else {
                return Ok(None);
            };
            series.actual.retain(|(d, _)| *d <= date);
            ChartData::Indicator(series)
        }
    };
    Ok(Some(data))
}

/// The charts a page of `set` shows, drawn as SVG to be written into it:
/// each chart's name and its SVG, whose title and description are named
/// `chart-{name}-svg-…` (the figure around it is `chart-{name}`).
pub fn page_charts(
    set: &crate::pages::ChartSet,
    date: NaiveDate,
    locale: Locale,
) -> Vec<(String, String)> {
    let mut shown: Vec<(String, ChartData)> = Vec::new();
    if !set.completion.is_empty() {
        shown.push((
            "completion".into(),
            ChartData::Completion(set.completion.clone()),
        ));
    }
    if !set.health.is_empty() {
        shown.push(("health".into(), ChartData::Health(set.health.clone())));
    }
    if !set.timeline.is_empty() {
        shown.push((
            "milestones".into(),
            ChartData::Milestones(set.timeline.clone(), date),
        ));
    }
    for series in &set.indicator_series {
        shown.push((
            format!("indicator-{}", series.indicator.id.0),
            ChartData::Indicator(series.clone()),
        ));
    }
    if !set.budgets.is_empty() {
        shown.push(("budget".into(), ChartData::Budget(set.budgets.clone())));
    }
    shown
        .into_iter()
        .map(|(name, data)| {
            let svg = data.draw(ChartFormat::Svg, &format!("chart-{name}-svg"), locale);
            (name, svg)
        })
        .collect()
}
