//! The initiatives as the CIO office works on them (signed in): the tree
//! with each one's latest state, the ones to chase this reporting period,
//! and one initiative with its history, milestones and indicators.

use super::figures::{AsOfForm, AsOfNote, ChangesSection, Names, NarrativeText};
use super::initiative_dashboard::{
    as_of_query, ChartSet, CurrentState, InitiativeCharts, RollupLine, RollupTable, MAX_INDENT,
};
use super::labels::*;
use crate::domain::dashboard::{GridRow, HealthCounts, ScheduleHealth};
use crate::domain::history::{Changes, IndicatorSeries, Rollup, SeriesPoint};
use crate::domain::*;
use crate::forms::{FormAlert, FormError};
use crate::i18n::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// One line of the tree: an initiative, its depth and its latest state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TreeRow {
    pub initiative: Initiative,
    pub depth: usize,
    pub latest: Option<StateSummary>,
    /// No update within the current reporting period, and still open.
    pub to_chase: bool,
}

/// The tree and the reporting period it was judged against.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortfolioData {
    pub rows: Vec<TreeRow>,
    pub period: (NaiveDate, NaiveDate),
}

/// Every initiative in tree order, with its latest state (signed-in readers).
#[server(prefix = "/fn", endpoint = "portfolio")]
pub async fn portfolio() -> Result<PortfolioData, FormError> {
    use crate::auth::{require, Need};
    use crate::store::read::{self, Scope};
    use std::collections::HashMap;

    let (_, state) = require(Need::Read).await?;
    let today = chrono::Utc::now().date_naive();
    let period = history::reporting_period(today, state.settings.reporting_period_months);
    let initiatives = read::initiatives(&state.db, Scope::Portfolio).await?;
    let mut latest: HashMap<InitiativeId, StateSummary> =
        read::summaries_as_of(&state.db, Scope::Portfolio, today)
            .await?
            .into_iter()
            .map(|s| (s.initiative_id, s))
            .collect();
    let mut children: HashMap<Option<InitiativeId>, Vec<Initiative>> = HashMap::new();
    for initiative in initiatives {
        children
            .entry(initiative.parent_id)
            .or_default()
            .push(initiative);
    }
    for list in children.values_mut() {
        list.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    }
    let mut rows = Vec::new();
    let mut stack: Vec<(Initiative, usize)> = children
        .remove(&None)
        .unwrap_or_default()
        .into_iter()
        .rev()
        .map(|i| (i, 0))
        .collect();
    while let Some((initiative, depth)) = stack.pop() {
        if let Some(kids) = children.remove(&Some(initiative.id)) {
            stack.extend(kids.into_iter().rev().map(|k| (k, depth + 1)));
        }
        let latest = latest.remove(&initiative.id);
        let to_chase = dashboard::is_stale(&initiative, latest.as_ref(), period.0);
        rows.push(TreeRow {
            initiative,
            depth,
            latest,
            to_chase,
        });
    }
    Ok(PortfolioData { rows, period })
}

/// Shows a refusal that is not about a field: a sign-in link when the
/// session is missing, else the message.
#[component]
pub fn Refusal(error: FormError) -> impl IntoView {
    let i18n = use_i18n();
    let sign_in = matches!(error, FormError::SignInRequired);
    let href = move || format!("/{}/session", i18n.get_locale().as_str());
    view! {
        <FormAlert error />
        {sign_in.then(|| view! { <p><a href=href>{t!(i18n, sign_in.link)}</a></p> })}
    }
}

fn state_cells(
    i18n: leptos_i18n::I18nContext<Locale>,
    latest: Option<StateSummary>,
) -> impl IntoView {
    match latest {
        None => view! {
            <td colspan="4" class="muted">{t!(i18n, initiatives.no_update)}</td>
        }
        .into_any(),
        Some(s) => {
            let health = s.health.overall;
            view! {
                <td>{move || status_label(i18n, s.status)}</td>
                <td>
                    <span class=format!("health health--{}", health.as_str())>
                        {move || health_label(i18n, health)}
                    </span>
                </td>
                <td class="number">{s.percent_complete.map(|p| format!("{} %", p.get()))}</td>
                <td>{s.as_of.to_string()}</td>
            }
            .into_any()
        }
    }
}

/// The table of `rows`.
#[component]
fn TreeTable(rows: Vec<TreeRow>, caption: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <table class="data-table">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, initiatives.col_initiative)}</th>
                    <th scope="col">{t!(i18n, initiatives.col_kind)}</th>
                    <th scope="col">{t!(i18n, initiatives.col_status)}</th>
                    <th scope="col">{t!(i18n, initiatives.col_health)}</th>
                    <th scope="col" class="number">{t!(i18n, initiatives.col_percent)}</th>
                    <th scope="col">{t!(i18n, initiatives.col_as_of)}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|row| {
                        let i = row.initiative;
                        let href = format!("/{}/initiatives/{}", locale.as_str(), i.id.0);
                        let kind = i.kind;
                        let archived = i.archived;
                        view! {
                            <tr class:to-chase=row.to_chase>
                                <th scope="row" data-depth=row.depth.min(MAX_INDENT).to_string()>
                                    <a href=href lang=i.title.language_of(locale).as_str()>
                                        <span class="code">{i.code.to_string()}</span>
                                        " "
                                        {i.title.get(locale).to_owned()}
                                    </a>
                                    {archived.then(|| view! { " " <span class="badge">{t!(i18n, initiatives.archived)}</span> })}
                                    {row.to_chase.then(|| view! { " " <span class="badge badge--warn">{t!(i18n, initiatives.to_chase)}</span> })}
                                </th>
                                <td>{move || kind_label(i18n, kind)}</td>
                                {state_cells(i18n, row.latest)}
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// `/{lang}/initiatives`: the whole tree.
#[component]
pub fn InitiativesPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new_blocking(|| (), |_| portfolio());
    let new_href = move || format!("/{}/initiatives/new", i18n.get_locale().as_str());
    view! {
        <Title text=untrack(move || t_string!(i18n, initiatives.title).to_string()) />
        <h1>{t!(i18n, initiatives.title)}</h1>
        <Suspense fallback=|| ()>
            {move || {
                data.get()
                    .map(|result| match result {
                        Err(error) => view! { <Refusal error /> }.into_any(),
                        Ok(portfolio) => {
                            let caption = t_string!(i18n, initiatives.caption).to_string();
                            view! {
                                <p class="actions">
                                    <a class="button-secondary" href=new_href>{t!(i18n, initiatives.new_initiative)}</a>
                                </p>
                                <TreeTable rows=portfolio.rows caption />
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// `/{lang}/period`: the open initiatives with no update this reporting period.
#[component]
pub fn ThisPeriodPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new_blocking(|| (), |_| portfolio());
    view! {
        <Title text=untrack(move || t_string!(i18n, period.title).to_string()) />
        <h1>{t!(i18n, period.title)}</h1>
        <Suspense fallback=|| ()>
            {move || {
                data.get()
                    .map(|result| match result {
                        Err(error) => view! { <Refusal error /> }.into_any(),
                        Ok(portfolio) => {
                            let (start, end) = portfolio.period;
                            let rows: Vec<TreeRow> = portfolio.rows.into_iter().filter(|r| r.to_chase).collect();
                            let n = rows.len();
                            let caption = t_string!(i18n, period.caption, start = start.to_string(), end = end.to_string()).to_string();
                            view! {
                                <p class="lead" data-testid="to-chase-count">
                                    {t_string!(i18n, period.summary, n = n, start = start.to_string(), end = end.to_string()).to_string()}
                                </p>
                                <TreeTable rows caption />
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// One initiative as its page shows it, as of a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InitiativeData {
    pub initiative: Initiative,
    pub parent: Option<Initiative>,
    pub children: Vec<Initiative>,
    /// Newest first, corrections included; none after `date`.
    pub updates: Vec<StatusUpdate>,
    /// Its own milestones, as planned on `date`.
    pub milestones: Vec<Milestone>,
    pub indicators: Vec<Indicator>,
    pub can_edit: bool,
    pub can_administer: bool,
    /// The date shown, and today.
    pub date: NaiveDate,
    pub today: NaiveDate,
    pub asked: Option<NaiveDate>,
    pub compare: Option<NaiveDate>,
    /// Its state on `date` (the latest update that counts).
    pub state: Option<StatusUpdate>,
    /// The schedule health its plan implies on `date`.
    pub computed: Option<ScheduleHealth>,
    /// Strategies and programmes: the subtree rolled up, its members as
    /// they stood, completion and health over time.
    pub rollup: Option<Rollup>,
    pub subtree: Vec<GridRow>,
    pub completion: Vec<SeriesPoint>,
    pub health: Vec<HealthCounts>,
    /// The subtree's milestones as planned on `date` (its own included).
    pub timeline: Vec<Milestone>,
    /// The subtree's indicators with their values by `date`.
    pub indicator_series: Vec<IndicatorSeries>,
    pub changes: Option<Changes>,
    /// The charts of the page drawn as SVG, in the page's language, by name
    /// (`completion`, `indicator-{id}`…): written into the page, so that it
    /// comes whole in one answer.
    #[serde(default)]
    pub drawn: Vec<(String, String)>,
}

/// About the bytes an initiative's figures hold, to bound how many are kept.
#[cfg(feature = "ssr")]
impl crate::derived::Weight for InitiativeData {
    fn weight(&self) -> u64 {
        let rows = 1
            + self.children.len()
            + self.updates.len()
            + self.milestones.len()
            + self.indicators.len()
            + self.subtree.len()
            + self.timeline.len()
            + self.indicator_series.len();
        let points = self.completion.len()
            + self.health.len()
            + self
                .indicator_series
                .iter()
                .map(|s| s.actual.len() + s.planned.len())
                .sum::<usize>();
        (rows * 600 + points * 64) as u64
    }
}

/// An initiative with its history as of a date (signed-in readers).
#[server(prefix = "/fn", endpoint = "initiative_view")]
pub async fn initiative_view(
    id: i64,
    as_of: Option<NaiveDate>,
    compare: Option<NaiveDate>,
    lang: String,
) -> Result<InitiativeData, FormError> {
    use crate::auth::{require, Need};

    let (account, state) = require(Need::Read).await?;
    let locale = crate::language::locale_named(&lang).ok_or(FormError::NotFound)?;
    let today = chrono::Utc::now().date_naive();
    // Read first: what is computed after it is at least this version.
    let version = state.db.data_version().await?;
    let kept = state
        .derived
        .views
        .get_or_compute((id, as_of, compare, today), version, async {
            initiative_figures(&state, InitiativeId(id), as_of, compare, today).await
        })
        .await?;
    // Drawn from the figures just kept, at the same version.
    let drawn = state
        .derived
        .drawn
        .get_or_compute((lang, id, kept.date), version, async {
            let set = ChartSet::of(&kept);
            Ok::<_, FormError>(crate::chart_files::page_charts(&set, kept.date, locale))
        })
        .await?;
    Ok(InitiativeData {
        can_edit: account.role.can_edit(),
        can_administer: account.role.can_administer(),
        drawn: (*drawn).clone(),
        ..(*kept).clone()
    })
}

/// What [`initiative_view`] shows, the same for every signed-in reader (the
/// rights of the one who asks aside): computed once per data version.
#[cfg(feature = "ssr")]
async fn initiative_figures(
    state: &crate::state::AppState,
    id: InitiativeId,
    as_of: Option<NaiveDate>,
    compare: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<InitiativeData, FormError> {
    use crate::domain::public::Reach;
    use crate::store::dashboard as figures;
    use crate::store::read::{self, Scope};

    let db = &state.db;
    let date = as_of.unwrap_or(today).min(today);
    let initiative = read::initiative(db, id).await?.ok_or(FormError::NotFound)?;
    let mut parent = match initiative.parent_id {
        Some(p) => read::initiative(db, p).await?,
        None => None,
    };
    let scope = Scope::Subtree(id);
    let mut children: Vec<Initiative> = read::initiatives(db, scope)
        .await?
        .into_iter()
        .filter(|i| i.parent_id == Some(id))
        .collect();
    children.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    let mut updates = read::status_history(db, id).await?;
    updates.retain(|u| u.as_of <= date);
    updates.sort_by_key(|u| std::cmp::Reverse((u.as_of, u.id)));
    let superseded: std::collections::HashSet<StatusUpdateId> =
        updates.iter().filter_map(|u| u.supersedes).collect();
    let current = updates
        .iter()
        .find(|u| !superseded.contains(&u.id))
        .cloned();
    let timeline = read::milestones(db, scope, Some(date)).await?;
    let milestones: Vec<Milestone> = timeline
        .iter()
        .filter(|m| m.initiative_id == id)
        .cloned()
        .collect();
    let computed = dashboard::computed_schedule(
        date,
        initiative.dates.end(),
        current.as_ref().map(|u| u.status),
        &milestones,
    );
    let indicators = read::indicators(db, scope)
        .await?
        .into_iter()
        .filter(|i| i.initiative_id == id)
        .collect();
    let period = history::reporting_period(date, state.settings.reporting_period_months);
    let (rollup, mut subtree, completion, health) = if children.is_empty() {
        (None, Vec::new(), Vec::new(), Vec::new())
    } else {
        (
            read::rollup(db, id, date).await?,
            figures::grid(db, scope, date, today, period.0).await?.rows,
            figures::completion_over_time(db, scope, &Reach::All, date).await?,
            figures::health_over_time(db, scope, &Reach::All, date).await?,
        )
    };
    let changes = match compare {
        Some(other) => {
            let (from, to) = crate::domain::dashboard::comparison(other, date, today);
            Some(read::changes_between(db, scope, from, to).await?)
        }
        None => None,
    };
    // The page shows this initiative's description only; the others go
    // without theirs (the page's data is sent again for hydration: a
    // strategy's 36 measures' descriptions were a quarter of it).
    let brief = |i: &mut Initiative| i.description = Bilingual::default();
    parent.iter_mut().for_each(brief);
    children.iter_mut().for_each(brief);
    subtree
        .iter_mut()
        .for_each(|row| brief(&mut row.initiative));
    Ok(InitiativeData {
        initiative,
        parent,
        children,
        updates,
        milestones,
        indicators,
        can_edit: false,
        can_administer: false,
        date,
        today,
        asked: as_of,
        compare,
        state: current,
        computed,
        rollup,
        subtree,
        completion,
        health,
        indicator_series: figures::indicators_as_of(db, scope, &Reach::All, date).await?,
        timeline,
        changes,
        drawn: Vec::new(),
    })
}

/// The id in the URL, `None` when it is not a number.
pub fn id_param() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").and_then(|id| id.parse().ok()))
}

/// `/{lang}/initiatives/{id}`.
#[component]
pub fn InitiativePage() -> impl IntoView {
    let id = id_param();
    let locale = use_i18n().get_locale_untracked();
    let query = leptos_router::hooks::use_query_map();
    let dates = Memo::new(move |_| {
        let q = query.read();
        (
            super::portfolio::query_date(&q, "as_of"),
            super::portfolio::query_date(&q, "compare"),
        )
    });
    let data = Resource::new_blocking(
        move || (id.get(), dates.get()),
        move |(id, (as_of, compare))| async move {
            match id {
                Some(id) => initiative_view(id, as_of, compare, locale.as_str().to_owned()).await,
                None => Err(FormError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || {
                data.get()
                    .map(|result| match result {
                        Err(error) => view! { <Refusal error /> }.into_any(),
                        Ok(v) => view! { <InitiativeDetail v /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn InitiativeDetail(v: InitiativeData) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let l = locale.as_str();
    let i = v.initiative.clone();
    let base = format!("/{l}/initiatives/{}", i.id.0);
    let title = format!("{} {}", i.code, i.title.get(locale));
    let superseded: std::collections::HashSet<StatusUpdateId> =
        v.updates.iter().filter_map(|u| u.supersedes).collect();
    let kind = i.kind;
    let visibility = i.visibility;
    view! {
        <Title text=title.clone() />
        {v.parent.clone().map(|p| view! {
            <p class="breadcrumb">
                <a href=format!("/{l}/initiatives/{}", p.id.0)>{format!("{} {}", p.code, p.title.get(locale))}</a>
            </p>
        })}
        <h1 lang=i.title.language_of(locale).as_str()>{title}</h1>
        <p class="meta">
            {move || kind_label(i18n, kind)} " · " {move || visibility_label(i18n, visibility)}
            {i.archived.then(|| view! { " · " <span class="badge">{t!(i18n, initiatives.archived)}</span> })}
            " · " {t!(i18n, initiatives.version)} " " {i.version}
        </p>
        {(!i.description.get(locale).is_empty()).then(|| view! {
            <p lang=i.description.language_of(locale).as_str()>{i.description.get(locale).to_owned()}</p>
        })}
        <AsOfNote date=v.date today=v.today />
        <AsOfForm asked=v.asked compare=v.compare today=v.today />
        <CurrentState state=v.state.clone() computed=v.computed.clone() milestones=v.milestones.clone() />
        {v.rollup.clone().map(|rollup| {
            let query = as_of_query(&v);
            let lines = v.subtree.iter().map(|r| RollupLine {
                id: r.initiative.id,
                code: r.initiative.code.clone(),
                title: r.initiative.title.clone(),
                health: r.state.as_ref().map(|s| s.health.overall),
                href: format!("/{l}/initiatives/{}{query}", r.initiative.id.0),
            }).collect();
            view! { <RollupTable rollup lines /> }
        })}
        <InitiativeCharts set=ChartSet::of(&v) />
        {v.changes.clone().map(|changes| {
            let mut names = Names::of(v.subtree.iter().map(|r| &r.initiative));
            names.0.push((i.id, i.code.clone(), i.title.clone()));
            view! { <ChangesSection changes names /> }
        })}
        {v.can_edit.then(|| view! {
            <p class="actions">
                <a class="button-primary" href=format!("{base}/update")>{t!(i18n, initiatives.record_update)}</a>
                <a class="button-secondary" href=format!("{base}/edit")>{t!(i18n, initiatives.edit)}</a>
                <a class="button-secondary" href=format!("{base}/milestones")>{t!(i18n, initiatives.manage_milestones)}</a>
                <a class="button-secondary" href=format!("{base}/indicators")>{t!(i18n, initiatives.manage_indicators)}</a>
                <a class="button-secondary" href=format!("/{l}/initiatives/new?parent={}", i.id.0)>{t!(i18n, initiatives.new_child)}</a>
            </p>
        })}
        {(!v.children.is_empty()).then(|| view! {
            <section aria-labelledby="children-heading">
                <h2 id="children-heading">{t!(i18n, initiatives.children)}</h2>
                <ul>
                    {v.children.into_iter().map(|c| view! {
                        <li><a href=format!("/{l}/initiatives/{}", c.id.0)>{format!("{} {}", c.code, c.title.get(locale))}</a></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section aria-labelledby="updates-heading">
            <h2 id="updates-heading">{t!(i18n, initiatives.updates)}</h2>
            {v.updates.is_empty().then(|| view! { <p class="muted">{t!(i18n, initiatives.no_update)}</p> })}
            <ol class="timeline">
                {v.updates.into_iter().map(|u| {
                    let corrected = superseded.contains(&u.id);
                    let health = u.health.overall;
                    let status = u.status;
                    let n = u.narrative.clone();
                    let correct_href = format!("{base}/update?corrects={}", u.id.0);
                    view! {
                        <li class="timeline__item" class:superseded=corrected id=format!("update-{}", u.id.0)>
                            <p class="timeline__head">
                                <strong>{u.as_of.to_string()}</strong>
                                " · " {move || status_label(i18n, status)}
                                " · " <span class=format!("health health--{}", health.as_str())>{move || health_label(i18n, health)}</span>
                                {u.percent_complete.map(|p| format!(" · {} %", p.get()))}
                                {corrected.then(|| view! { " · " <span class="badge">{t!(i18n, initiatives.corrected)}</span> })}
                                {u.supersedes.map(|s| view! { " · " <a href=format!("#update-{}", s.0)>{t!(i18n, initiatives.correction_of)}</a> })}
                            </p>
                            <NarrativeText narrative=n.clone() />
                            <p class="muted small">{t!(i18n, initiatives.recorded_by)} " " {u.author.clone()} " · " {u.recorded_at.format("%Y-%m-%d %H:%M UTC").to_string()}</p>
                            {(v.can_edit && !corrected).then(|| view! {
                                <p><a href=correct_href>{t!(i18n, initiatives.correct)}</a></p>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
        <section aria-labelledby="milestones-heading">
            <h2 id="milestones-heading">{t!(i18n, initiatives.milestones)}</h2>
            {v.milestones.is_empty().then(|| view! { <p class="muted">{t!(i18n, initiatives.none)}</p> })}
            <ul>
                {v.milestones.into_iter().map(|m| view! {
                    <li>
                        {m.title.get(locale).to_owned()} " — "
                        {t!(i18n, milestone.baseline)} " " {m.baseline_date.to_string()} " · "
                        {t!(i18n, milestone.forecast)} " " {m.forecast_date.to_string()}
                        {m.actual_date.map(|d| view! { " · " {t!(i18n, milestone.actual)} " " {d.to_string()} })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="indicators-heading">
            <h2 id="indicators-heading">{t!(i18n, initiatives.indicators)}</h2>
            {v.indicators.is_empty().then(|| view! { <p class="muted">{t!(i18n, initiatives.none)}</p> })}
            <ul>
                {v.indicators.into_iter().map(|ind| view! {
                    <li>{ind.code.to_string()} " " {ind.name.get(locale).to_owned()}</li>
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
