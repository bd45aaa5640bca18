//! The dashboard parts of an initiative's page: its state on the date
//! shown (with the computed schedule health beside the reported one and its
//! budget), and for a strategy or programme its roll-up tree and charts —
//! completion and health over time, milestone timeline, indicators, budget.

use super::figures::{health_badge, health_badge_html, ChartFigure, NarrativeText};
use super::initiatives::InitiativeData;
use super::labels::*;
use crate::domain::dashboard::{disagrees, HealthCounts, ScheduleHealth, ScheduleSignal};
use crate::domain::history::{IndicatorSeries, Rollup, SeriesPoint};
use crate::domain::*;
use crate::format;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// `?as_of=…` when the reader asked for a date, else nothing: what chart
/// addresses and links carry.
pub fn as_of_query(v: &InitiativeData) -> String {
    v.asked
        .filter(|d| *d < v.today)
        .map(|d| format!("?as_of={d}"))
        .unwrap_or_default()
}

/// Where a page's charts are served as files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChartHome {
    /// An initiative's, for signed-in readers (everything counted).
    Internal(InitiativeId),
    /// An initiative's, for the public (published initiatives only).
    Public(InitiativeId),
    /// The whole published portfolio's, for the public.
    PublicPortfolio,
}

impl ChartHome {
    /// The address of chart `name`, without extension.
    pub fn href(self, locale: Locale, name: &str) -> String {
        let l = locale.as_str();
        match self {
            ChartHome::Internal(id) => format!("/{l}/charts/initiatives/{}/{name}", id.0),
            ChartHome::Public(id) => format!("/{l}/progress/{}/charts/{name}", id.0),
            ChartHome::PublicPortfolio => format!("/{l}/progress/charts/{name}"),
        }
    }
}

/// The charts of a page, with the data of their tables.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChartSet {
    pub home: ChartHome,
    /// `?as_of=…` or empty, carried by the chart addresses.
    pub query: String,
    /// The code of each initiative that owns a milestone of the timeline.
    pub codes: Vec<(InitiativeId, Code)>,
    pub completion: Vec<SeriesPoint>,
    pub health: Vec<HealthCounts>,
    pub timeline: Vec<Milestone>,
    pub indicator_series: Vec<IndicatorSeries>,
    /// The initiatives with budget figures, each with its latest.
    pub budgets: Vec<(Code, Bilingual, Budget)>,
    /// The charts already drawn (name, SVG), written into the page; the
    /// others are images of their addresses.
    #[serde(default)]
    pub drawn: Vec<(String, String)>,
}

/// The initiatives of `states` that have budget figures.
pub fn budgets_of<'a>(
    states: impl IntoIterator<Item = (&'a Code, &'a Bilingual, Option<&'a Budget>)>,
) -> Vec<(Code, Bilingual, Budget)> {
    states
        .into_iter()
        .filter_map(|(code, title, budget)| {
            let b = budget?;
            (b.approved.is_some()
                || b.forecast_at_completion.is_some()
                || b.spent_to_date.is_some())
            .then(|| (code.clone(), title.clone(), *b))
        })
        .collect()
}

impl ChartSet {
    /// The charts of an initiative's page for signed-in readers.
    pub fn of(v: &InitiativeData) -> Self {
        let i = &v.initiative;
        ChartSet {
            home: ChartHome::Internal(i.id),
            query: as_of_query(v),
            codes: v
                .subtree
                .iter()
                .map(|r| (r.initiative.id, r.initiative.code.clone()))
                .chain(std::iter::once((i.id, i.code.clone())))
                .collect(),
            completion: v.completion.clone(),
            health: v.health.clone(),
            timeline: v.timeline.clone(),
            indicator_series: v.indicator_series.clone(),
            budgets: budgets_of(v.subtree.iter().map(|r| {
                (
                    &r.initiative.code,
                    &r.initiative.title,
                    r.state.as_ref().map(|s| &s.budget),
                )
            })),
            drawn: v.drawn.clone(),
        }
    }
}

/// One line of a roll-up table: the initiative a level of the tree is, and
/// where its page is.
#[derive(Clone, Debug, PartialEq)]
pub struct RollupLine {
    pub id: InitiativeId,
    pub code: Code,
    pub title: Bilingual,
    pub health: Option<Health>,
    pub href: String,
}

pub fn money_text(locale: Locale, m: Option<Money>) -> String {
    m.map(|m| format::money(locale, m.dollars()))
        .unwrap_or_else(|| "—".to_owned())
}

/// A state's budget figures and their variance; nothing when no figure is
/// known.
#[component]
pub fn BudgetTable(budget: Budget) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let known = budget.approved.is_some()
        || budget.spent_to_date.is_some()
        || budget.forecast_at_completion.is_some();
    known.then(|| view! {
        <table class="data-table budget-table" data-testid="budget">
            <caption>{t!(i18n, update.budget)}</caption>
            <tbody>
                <tr><th scope="row">{t!(i18n, dashboard.approved)}</th><td class="number">{money_text(locale, budget.approved)}</td></tr>
                <tr><th scope="row">{t!(i18n, dashboard.spent)}</th><td class="number">{money_text(locale, budget.spent_to_date)}</td></tr>
                <tr><th scope="row">{t!(i18n, dashboard.forecast)}</th><td class="number">{money_text(locale, budget.forecast_at_completion)}</td></tr>
                <tr><th scope="row">{t!(i18n, dashboard.variance)}</th><td class="number">{money_text(locale, budget.variance())}</td></tr>
            </tbody>
        </table>
    })
}

/// Where the initiative stood on the date shown: its `state` then, the
/// schedule health its plan implied (`computed`), its own `milestones`.
#[component]
pub fn CurrentState(
    state: Option<StatusUpdate>,
    computed: Option<ScheduleHealth>,
    milestones: Vec<Milestone>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let Some(u) = state else {
        return view! {
            <section aria-labelledby="state-heading">
                <h2 id="state-heading">{t!(i18n, dashboard.current_state)}</h2>
                <p class="muted">{t!(i18n, initiatives.no_update)}</p>
            </section>
        }
        .into_any();
    };
    let status = u.status;
    let disagree = disagrees(Some(&u.health), computed.as_ref());
    let budget = u.budget;
    let n = u.narrative.clone();
    let milestone_titles: HashMap<MilestoneId, Bilingual> =
        milestones.iter().map(|m| (m.id, m.title.clone())).collect();
    view! {
        <section aria-labelledby="state-heading" class="state" data-testid="current-state">
            <h2 id="state-heading">{t!(i18n, dashboard.current_state)}</h2>
            <dl class="figures">
                <div class="figure">
                    <dt>{t!(i18n, initiatives.col_status)}</dt>
                    <dd data-testid="state-status">{move || status_label(i18n, status)}</dd>
                </div>
                <div class="figure">
                    <dt>{t!(i18n, initiatives.col_percent)}</dt>
                    <dd>{u.percent_complete.map(|p| format::percent(locale, f64::from(p.get()), 0)).unwrap_or_else(|| "—".to_owned())}</dd>
                </div>
                <div class="figure">
                    <dt>{t!(i18n, dashboard.last_update)}</dt>
                    <dd>{format::long_date(locale, u.as_of)}</dd>
                </div>
            </dl>
            <table class="data-table health-table">
                <caption>{t!(i18n, dashboard.health_caption)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, initiatives.col_health)}</th>
                    <th scope="col">{t!(i18n, dashboard.overall)}</th>
                    <th scope="col">{t!(i18n, dashboard.schedule)}</th>
                    <th scope="col">{t!(i18n, dashboard.cost)}</th>
                    <th scope="col">{t!(i18n, dashboard.scope)}</th>
                </tr></thead>
                <tbody>
                    <tr>
                        <th scope="row">{t!(i18n, dashboard.reported)}</th>
                        <td>{health_badge(i18n, u.health.overall)}</td>
                        <td>{u.health.schedule.map(|h| health_badge(i18n, h))}</td>
                        <td>{u.health.cost.map(|h| health_badge(i18n, h))}</td>
                        <td>{u.health.scope.map(|h| health_badge(i18n, h))}</td>
                    </tr>
                    <tr>
                        <th scope="row">{t!(i18n, dashboard.computed)}</th>
                        <td></td>
                        <td data-testid="computed-schedule">
                            {computed.as_ref().map(|c| health_badge(i18n, c.health))}
                            {computed.is_none().then(|| view! { <span class="muted">{t!(i18n, dashboard.not_computed)}</span> })}
                        </td>
                        <td></td>
                        <td></td>
                    </tr>
                </tbody>
            </table>
            {disagree.then(|| view! {
                <p class="callout callout--warn" data-testid="schedule-disagrees">{t!(i18n, dashboard.disagree_help)}</p>
            })}
            {computed.as_ref().filter(|c| !c.signals.is_empty()).map(|c| view! {
                <ul class="signals">
                    {c.signals.iter().map(|s| {
                        let text = match s {
                            ScheduleSignal::TargetPassed { target } => t_string!(i18n, dashboard.signal_target, date = format::long_date(locale, *target)).to_string(),
                            ScheduleSignal::MilestoneOverdue { milestone, forecast } => t_string!(i18n, dashboard.signal_overdue,
                                milestone = milestone_titles.get(milestone).map(|t| t.get(locale).to_owned()).unwrap_or_default(),
                                date = format::long_date(locale, *forecast)).to_string(),
                            ScheduleSignal::MilestoneSlipped { milestone, days } => t_string!(i18n, dashboard.signal_slipped,
                                milestone = milestone_titles.get(milestone).map(|t| t.get(locale).to_owned()).unwrap_or_default(),
                                n = format::number(locale, *days as f64, 0)).to_string(),
                        };
                        view! { <li>{text}</li> }
                    }).collect_view()}
                </ul>
            })}
            <BudgetTable budget />
            <NarrativeText narrative=n.clone() />
        </section>
    }
    .into_any()
}

/// The deepest level a tree's rows are indented to (`th[data-depth]` in the
/// style sheet: attributes, not inline styles, which the Content-Security-Policy
/// refuses); deeper rows stay at that indent.
pub const MAX_INDENT: usize = 6;

/// The roll-up table's rows, as [`table_rows`] writes a chart's: each level
/// indented by its depth, linked to its page, with its measures by status,
/// those without an update, its completion and its health.
fn rollup_rows(
    i18n: leptos_i18n::I18nContext<Locale>,
    lines: &[(usize, Rollup)],
    by_id: &HashMap<InitiativeId, RollupLine>,
) -> String {
    use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
    use std::fmt::Write;
    let locale = i18n.get_locale_untracked();
    let mut html = String::with_capacity(lines.len() * 512);
    for (depth, r) in lines {
        let _ = write!(
            html,
            "<tr data-rollup-depth=\"{depth}\"><th scope=\"row\" data-depth=\"{}\">",
            depth.min(&MAX_INDENT)
        );
        let row = by_id.get(&r.id);
        if let Some(row) = row {
            let _ = write!(
                html,
                "<a href=\"{}\" lang=\"{}\"><span class=\"code\">{}</span> {}</a>",
                attr(&row.href),
                row.title.language_of(locale).as_str(),
                text(row.code.as_str()),
                text(row.title.get(locale))
            );
        }
        html.push_str("</th>");
        for s in Status::ALL {
            let _ = write!(html, "<td class=\"number\">{}</td>", r.by_status.get(*s));
        }
        let _ = write!(
            html,
            "<td class=\"number\">{}</td><td class=\"number\">",
            r.without_update
        );
        if let Some(p) = r.percent_complete {
            html.push_str(&text(&format::percent(locale, p, 0)));
        }
        html.push_str("</td><td>");
        if let Some(h) = row.and_then(|row| row.health) {
            html.push_str(&health_badge_html(i18n, h));
        }
        html.push_str("</td></tr>");
    }
    html
}

/// The roll-up tree: each level with its measures by status and its
/// completion.
#[component]
pub fn RollupTable(rollup: Rollup, lines: Vec<RollupLine>) -> impl IntoView {
    let i18n = use_i18n();
    let by_id: HashMap<InitiativeId, RollupLine> = lines.into_iter().map(|l| (l.id, l)).collect();
    let mut lines: Vec<(usize, Rollup)> = Vec::new();
    fn walk(r: &Rollup, depth: usize, out: &mut Vec<(usize, Rollup)>) {
        out.push((depth, r.clone()));
        for c in &r.children {
            walk(c, depth + 1, out);
        }
    }
    walk(&rollup, 0, &mut lines);
    view! {
        <section aria-labelledby="rollup-heading">
            <h2 id="rollup-heading">{t!(i18n, dashboard.rollup)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="rollup-heading">
            <table class="data-table" data-testid="rollup">
                <caption class="visually-hidden">{t!(i18n, dashboard.rollup)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, initiatives.col_initiative)}</th>
                    {Status::ALL.iter().map(|s| { let s = *s; view! { <th scope="col" class="number">{move || status_label(i18n, s)}</th> } }).collect_view()}
                    <th scope="col" class="number">{t!(i18n, initiatives.no_update)}</th>
                    <th scope="col" class="number">{t!(i18n, initiatives.col_percent)}</th>
                    <th scope="col">{t!(i18n, initiatives.col_health)}</th>
                </tr></thead>
                <tbody inner_html=rollup_rows(i18n, &lines, &by_id)></tbody>
            </table>
            </div>
        </section>
    }
    .into_any()
}

/// The rows of a chart's data table, newest first: each a date (`<th>`)
/// and its cells, written as one piece of HTML. A series spans years of
/// months and nothing in it reacts: as views, its thousand cells were most
/// of a strategy page's rendering on the server.
fn table_rows<P>(
    locale: Locale,
    points: &[P],
    date: impl Fn(&P) -> chrono::NaiveDate,
    cells: impl Fn(&P, &mut String),
) -> String {
    use std::fmt::Write;
    let mut html = String::with_capacity(points.len() * 256);
    for p in points.iter().rev() {
        let day = date(p);
        let _ = write!(
            html,
            "<tr data-date=\"{day}\"><th scope=\"row\">{}</th>",
            html_escape::encode_text(&format::long_date(locale, day))
        );
        cells(p, &mut html);
        html.push_str("</tr>");
    }
    html
}

/// The completion table's rows: the count of each status, and the total.
fn completion_rows(locale: Locale, points: &[SeriesPoint]) -> String {
    use std::fmt::Write;
    table_rows(
        locale,
        points,
        |p| p.date,
        |p, html| {
            for s in Status::ALL {
                let _ = write!(
                    html,
                    "<td class=\"number\" data-status=\"{}\">{}</td>",
                    s.as_str(),
                    p.counts.get(*s)
                );
            }
            let _ = write!(html, "<td class=\"number\">{}</td>", p.counts.total());
        },
    )
}

/// The health table's rows: on track, at risk, off track.
fn health_rows(locale: Locale, points: &[HealthCounts]) -> String {
    use std::fmt::Write;
    table_rows(
        locale,
        points,
        |p| p.date,
        |p, html| {
            for n in [p.on_track, p.at_risk, p.off_track] {
                let _ = write!(html, "<td class=\"number\">{n}</td>");
            }
        },
    )
}

/// The charts of a strategy or programme, and of any initiative with
/// milestones or indicators.
#[component]
pub fn InitiativeCharts(set: ChartSet) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let home = set.home;
    let query = set.query.clone();
    let codes: HashMap<InitiativeId, Code> = set.codes.iter().cloned().collect();
    let v = set;
    let drawn = |name: &str| {
        v.drawn
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, svg)| svg.clone())
    };
    let completion = (!v.completion.is_empty()).then(|| {
        let points = v.completion.clone();
        view! {
            <ChartFigure
                id="chart-completion".to_owned()
                title=t_string!(i18n, dashboard.completion_title).to_string()
                description=t_string!(i18n, dashboard.completion_desc).to_string()
                href=home.href(locale, "completion")
                svg=drawn("completion")
                query=query.clone()
            >
                <table class="data-table" data-testid="completion-table">
                    <caption>{t!(i18n, dashboard.completion_title)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, dashboard.date)}</th>
                        {Status::ALL.iter().map(|s| { let s = *s; view! { <th scope="col" class="number">{move || status_label(i18n, s)}</th> } }).collect_view()}
                        <th scope="col" class="number">{t!(i18n, dashboard.total)}</th>
                    </tr></thead>
                    <tbody inner_html=completion_rows(locale, &points)></tbody>
                </table>
            </ChartFigure>
        }
    });
    let health = (!v.health.is_empty()).then(|| {
        let points = v.health.clone();
        view! {
            <ChartFigure
                id="chart-health".to_owned()
                title=t_string!(i18n, dashboard.health_title).to_string()
                description=t_string!(i18n, dashboard.health_desc).to_string()
                href=home.href(locale, "health")
                svg=drawn("health")
                query=query.clone()
            >
                <table class="data-table">
                    <caption>{t!(i18n, dashboard.health_title)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, dashboard.date)}</th>
                        {Health::ALL.iter().map(|h| { let h = *h; view! { <th scope="col" class="number">{move || health_label(i18n, h)}</th> } }).collect_view()}
                    </tr></thead>
                    <tbody inner_html=health_rows(locale, &points)></tbody>
                </table>
            </ChartFigure>
        }
    });
    let timeline = (!v.timeline.is_empty()).then(|| {
        let milestones = v.timeline.clone();
        let codes = codes.clone();
        view! {
            <ChartFigure
                id="chart-milestones".to_owned()
                title=t_string!(i18n, dashboard.milestones_title).to_string()
                description=t_string!(i18n, dashboard.milestones_desc).to_string()
                href=home.href(locale, "milestones")
                svg=drawn("milestones")
                query=query.clone()
            >
                <table class="data-table" data-testid="milestones-table">
                    <caption>{t!(i18n, dashboard.milestones_title)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, dashboard.milestone)}</th>
                        <th scope="col">{t!(i18n, initiatives.col_initiative)}</th>
                        <th scope="col">{t!(i18n, dashboard.baseline)}</th>
                        <th scope="col">{t!(i18n, dashboard.forecast_date)}</th>
                        <th scope="col">{t!(i18n, dashboard.actual)}</th>
                        <th scope="col" class="number">{t!(i18n, dashboard.slippage_days)}</th>
                    </tr></thead>
                    <tbody>
                        {milestones.into_iter().map(|m| {
                            let owner = codes.get(&m.initiative_id).map(|c| c.to_string()).unwrap_or_default();
                            let slip = m.slippage_days();
                            view! {
                                <tr>
                                    <th scope="row" lang=m.title.language_of(locale).as_str()>{m.title.get(locale).to_owned()}</th>
                                    <td>{owner}</td>
                                    <td>{format::long_date(locale, m.baseline_date)}</td>
                                    <td>{format::long_date(locale, m.forecast_date)}</td>
                                    <td>{m.actual_date.map(|d| format::long_date(locale, d))}</td>
                                    <td class={if slip > 0 { "number late" } else { "number" }}>{format::number(locale, slip as f64, 0)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </ChartFigure>
        }
    });
    let indicators = v.indicator_series.clone().into_iter().map(|s| {
        let ind = s.indicator.clone();
        let unit = ind.unit.get(locale).to_owned();
        let name = ind.name.get(locale).to_owned();
        let target = ind.target.map(|(d, value)| t_string!(i18n, dashboard.indicator_target,
            value = format::number(locale, value, 1), unit = unit.clone(), date = format::long_date(locale, d)).to_string());
        view! {
            <ChartFigure
                id=format!("chart-indicator-{}", ind.id.0)
                title=name.clone()
                description=format!("{} {}", t_string!(i18n, dashboard.indicator_desc), target.clone().unwrap_or_default())
                href=home.href(locale, &format!("indicator-{}", ind.id.0))
                svg=drawn(&format!("indicator-{}", ind.id.0))
                query=query.clone()
            >
                <table class="data-table" data-testid=format!("indicator-table-{}", ind.code)>
                    <caption>{name}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, dashboard.date)}</th>
                        <th scope="col" class="number">{t!(i18n, dashboard.actual_value)} " (" {unit.clone()} ")"</th>
                    </tr></thead>
                    <tbody>
                        {s.actual.into_iter().map(|(d, value)| view! {
                            <tr><th scope="row">{format::long_date(locale, d)}</th><td class="number">{format::number(locale, value, if value.fract() == 0.0 { 0 } else { 1 })}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </ChartFigure>
        }
    }).collect_view();
    let budgets = v.budgets.clone();
    let budget = (!budgets.is_empty()).then(|| view! {
        <ChartFigure
            id="chart-budget".to_owned()
            title=t_string!(i18n, dashboard.budget_title).to_string()
            description=t_string!(i18n, dashboard.budget_desc).to_string()
            href=home.href(locale, "budget")
            svg=drawn("budget")
            query=query.clone()
        >
            <table class="data-table">
                <caption>{t!(i18n, dashboard.budget_title)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, initiatives.col_initiative)}</th>
                    <th scope="col" class="number">{t!(i18n, dashboard.approved)}</th>
                    <th scope="col" class="number">{t!(i18n, dashboard.spent)}</th>
                    <th scope="col" class="number">{t!(i18n, dashboard.forecast)}</th>
                    <th scope="col" class="number">{t!(i18n, dashboard.variance)}</th>
                </tr></thead>
                <tbody>
                    {budgets.into_iter().map(|(code, title, b)| view! {
                        <tr>
                            <th scope="row"><span class="code">{code.to_string()}</span> " " {title.get(locale).to_owned()}</th>
                            <td class="number">{money_text(locale, b.approved)}</td>
                            <td class="number">{money_text(locale, b.spent_to_date)}</td>
                            <td class="number">{money_text(locale, b.forecast_at_completion)}</td>
                            <td class="number">{money_text(locale, b.variance())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ChartFigure>
    });
    let nothing = v.completion.is_empty()
        && v.health.is_empty()
        && v.timeline.is_empty()
        && v.indicator_series.is_empty()
        && budget.is_none();
    if nothing {
        return ().into_any();
    }
    view! {
        <section aria-labelledby="charts-heading" class="charts">
            <h2 id="charts-heading">{t!(i18n, dashboard.charts)}</h2>
            {completion}
            {health}
            {timeline}
            {indicators}
            {budget}
        </section>
    }
    .into_any()
}
