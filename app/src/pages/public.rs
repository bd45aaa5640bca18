//! The public site, read without signing in: the home page's overview,
//! each published initiative's page and the page about the data. Every
//! figure is read through [`crate::store::public`], which alone decides what
//! the public may see; the types here carry public fields only.

use super::figures::{health_badge, NarrativeText};
use super::initiative_dashboard::{
    BudgetTable, ChartSet, InitiativeCharts, RollupLine, RollupTable,
};
use super::labels::*;
use crate::domain::dashboard::Headline;
use crate::domain::history::Rollup;
use crate::domain::public::{NamedUpdate, PublicInitiative, PublicStatusUpdate};
use crate::domain::*;
use crate::format;
use crate::forms::FormError;
use crate::i18n::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::{Meta, Title};
use serde::{Deserialize, Serialize};

/// How many of the latest status updates the home page lists.
#[cfg(feature = "ssr")]
const LATEST_ON_HOME: u32 = 5;

/// The application state, for a server function anyone may call.
#[cfg(feature = "ssr")]
fn state() -> Result<crate::state::AppState, FormError> {
    use_context::<crate::state::AppState>()
        .ok_or_else(|| FormError::Server("no application state".into()))
}

/// The address of the public page of initiative `id`.
pub fn progress_href(locale: Locale, id: InitiativeId) -> String {
    format!("/{}/progress/{}", locale.as_str(), id.0)
}

/// What the home page shows of the published portfolio, today.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub today: NaiveDate,
    pub headline: Headline,
    /// The initiatives at the top of the public tree (strategies,
    /// programmes, and any initiative whose parent is not public).
    pub roots: Vec<PublicInitiative>,
    pub latest: Vec<NamedUpdate>,
    pub charts: ChartSet,
}

/// The published portfolio at a glance.
#[server(prefix = "/fn", endpoint = "public_overview")]
pub async fn published_overview() -> Result<Overview, FormError> {
    use super::initiative_dashboard::ChartHome;
    use crate::store::dashboard as figures;
    use crate::store::public;
    use crate::store::read::Scope;

    let db = &state()?.db;
    let today = chrono::Utc::now().date_naive();
    let reach = public::reach(db).await?;
    let mut roots: Vec<PublicInitiative> = public::initiatives(db, today)
        .await?
        .into_iter()
        .filter(|i| i.parent_id.is_none())
        .collect();
    roots.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    Ok(Overview {
        today,
        headline: public::headline(db, today).await?,
        roots,
        latest: public::latest_updates(db, None, LATEST_ON_HOME).await?,
        charts: ChartSet {
            home: ChartHome::PublicPortfolio,
            query: String::new(),
            codes: Vec::new(),
            completion: figures::completion_over_time(db, Scope::Portfolio, &reach, today).await?,
            health: figures::health_over_time(db, Scope::Portfolio, &reach, today).await?,
            timeline: Vec::new(),
            indicator_series: Vec::new(),
            budgets: Vec::new(),
            drawn: Vec::new(),
        },
    })
}

/// One published initiative as the public reads it, today.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicPage {
    pub today: NaiveDate,
    pub initiative: PublicInitiative,
    /// The name of its organisation (a public body).
    pub organisation: Option<Bilingual>,
    pub parent: Option<PublicInitiative>,
    pub children: Vec<PublicInitiative>,
    /// Its effective status updates (corrected ones left out), latest first.
    pub updates: Vec<PublicStatusUpdate>,
    pub milestones: Vec<Milestone>,
    pub rollup: Option<Rollup>,
    /// The published initiatives of its subtree, for the roll-up's names.
    pub subtree: Vec<PublicInitiative>,
    pub charts: ChartSet,
}

/// The public page of initiative `id`; not found unless the public may see it.
#[server(prefix = "/fn", endpoint = "public_initiative")]
pub async fn published_initiative(id: i64) -> Result<PublicPage, FormError> {
    use super::initiative_dashboard::{budgets_of, ChartHome};
    use crate::store::dashboard as figures;
    use crate::store::public;
    use crate::store::read::{self, Scope};

    let db = &state()?.db;
    let id = InitiativeId(id);
    let today = chrono::Utc::now().date_naive();
    let reach = public::reach_under(db, id)
        .await?
        .ok_or(FormError::NotFound)?;
    let everyone = public::initiatives(db, today).await?;
    let initiative = everyone
        .iter()
        .find(|i| i.id == id)
        .cloned()
        .ok_or(FormError::NotFound)?;
    let parent = initiative
        .parent_id
        .and_then(|p| everyone.iter().find(|i| i.id == p).cloned());
    let mut subtree: Vec<PublicInitiative> = everyone
        .into_iter()
        .filter(|i| i.id != id && reach.includes(i.id))
        .collect();
    subtree.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    let children = subtree
        .iter()
        .filter(|i| i.parent_id == Some(id))
        .cloned()
        .collect();
    let organisation = match &initiative.organisation {
        Some(code) => read::organisations(db)
            .await?
            .into_iter()
            .find(|o| &o.code == code)
            .map(|o| o.name),
        None => None,
    };
    let mut updates = public::status_updates(db, id)
        .await?
        .ok_or(FormError::NotFound)?;
    let superseded: std::collections::HashSet<StatusUpdateId> =
        updates.iter().filter_map(|u| u.supersedes).collect();
    updates.retain(|u| !superseded.contains(&u.id) && u.as_of <= today);
    updates.sort_by_key(|u| std::cmp::Reverse((u.as_of, u.id)));
    let scope = Scope::Subtree(id);
    let mut timeline = read::milestones(db, scope, Some(today)).await?;
    timeline.retain(|m| reach.includes(m.initiative_id));
    let milestones = timeline
        .iter()
        .filter(|m| m.initiative_id == id)
        .cloned()
        .collect();
    let has_children = !subtree.is_empty();
    let (rollup, completion, health) = if has_children {
        (
            read::rollup_within(db, id, &reach, today).await?,
            figures::completion_over_time(db, scope, &reach, today).await?,
            figures::health_over_time(db, scope, &reach, today).await?,
        )
    } else {
        (None, Vec::new(), Vec::new())
    };
    let budgets = budgets_of(
        subtree
            .iter()
            .map(|i| (&i.code, &i.title, i.state.as_ref().map(|s| &s.budget))),
    );
    let charts = ChartSet {
        home: ChartHome::Public(id),
        query: String::new(),
        codes: subtree
            .iter()
            .chain(std::iter::once(&initiative))
            .map(|i| (i.id, i.code.clone()))
            .collect(),
        completion,
        health,
        timeline,
        indicator_series: figures::indicators_as_of(db, scope, &reach, today).await?,
        budgets,
        drawn: Vec::new(),
    };
    Ok(PublicPage {
        today,
        initiative,
        organisation,
        parent,
        children,
        updates,
        milestones,
        rollup,
        subtree,
        charts,
    })
}

/// The headline figures, as a list of terms and values.
#[component]
fn HeadlineFigures(headline: Headline, today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let h = headline;
    view! {
        <section aria-labelledby="glance-heading" class="glance" data-testid="headline">
            <h2 id="glance-heading">{t!(i18n, public.glance_heading)}</h2>
            <p class="muted">{t_string!(i18n, public.glance_lead, date = format::long_date(locale, today)).to_string()}</p>
            <dl class="figures">
                <div class="figure">
                    <dt>{t!(i18n, public.published)}</dt>
                    <dd data-testid="figure-initiatives">{format::number(locale, f64::from(h.initiatives), 0)}</dd>
                </div>
                {Status::ALL.iter().map(|s| {
                    let s = *s;
                    view! {
                        <div class="figure">
                            <dt>{move || status_label(i18n, s)}</dt>
                            <dd data-status=s.as_str()>{format::number(locale, f64::from(h.by_status.get(s)), 0)}</dd>
                        </div>
                    }
                }).collect_view()}
                <div class="figure">
                    <dt>{t!(i18n, public.completion)}</dt>
                    <dd data-testid="figure-completion">{h.weighted_completion.map(|p| format::percent(locale, p, 0)).unwrap_or_else(|| "—".to_owned())}</dd>
                </div>
            </dl>
        </section>
    }
}

/// A list of published initiatives with their state.
#[component]
fn InitiativeList(items: Vec<PublicInitiative>, caption: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let label = caption.clone();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=label>
        <table class="data-table">
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">{t!(i18n, initiatives.col_initiative)}</th>
                <th scope="col">{t!(i18n, initiatives.col_kind)}</th>
                <th scope="col">{t!(i18n, initiatives.col_status)}</th>
                <th scope="col">{t!(i18n, initiatives.col_health)}</th>
                <th scope="col" class="number">{t!(i18n, initiatives.col_percent)}</th>
                <th scope="col">{t!(i18n, dashboard.last_update)}</th>
            </tr></thead>
            <tbody>
                {items.into_iter().map(|i| {
                    let kind = i.kind;
                    let state = i.state.clone();
                    view! {
                        <tr>
                            <th scope="row">
                                <a href=progress_href(locale, i.id) lang=i.title.language_of(locale).as_str()>
                                    <span class="code">{i.code.to_string()}</span> " " {i.title.get(locale).to_owned()}
                                </a>
                            </th>
                            <td>{move || kind_label(i18n, kind)}</td>
                            {match state {
                                None => view! { <td colspan="4" class="muted">{t!(i18n, initiatives.no_update)}</td> }.into_any(),
                                Some(s) => {
                                    let status = s.status;
                                    view! {
                                        <td>{move || status_label(i18n, status)}</td>
                                        <td>{health_badge(i18n, s.health.overall)}</td>
                                        <td class="number">{s.percent_complete.map(|p| format::percent(locale, f64::from(p.get()), 0))}</td>
                                        <td>{format::long_date(locale, s.as_of)}</td>
                                    }.into_any()
                                }
                            }}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// The latest status updates, with their initiative.
#[component]
fn LatestUpdates(latest: Vec<NamedUpdate>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let l = locale.as_str();
    view! {
        <section aria-labelledby="latest-heading">
            <h2 id="latest-heading">{t!(i18n, public.latest_heading)}</h2>
            <p><a href=format!("/{l}/feed.atom") type="application/atom+xml">{t!(i18n, public.feed)}</a></p>
            <ol class="timeline">
                {latest.into_iter().map(|n| {
                    let status = n.update.status;
                    view! {
                        <li class="timeline__item">
                            <p class="timeline__head">
                                <strong>{format::long_date(locale, n.update.as_of)}</strong>
                                " · "
                                <a href=progress_href(locale, n.update.initiative_id) lang=n.title.language_of(locale).as_str()>
                                    <span class="code">{n.code.to_string()}</span> " " {n.title.get(locale).to_owned()}
                                </a>
                                " · " {move || status_label(i18n, status)}
                            </p>
                            <NarrativeText narrative=n.update.narrative.clone() />
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// The home page's public part: the published portfolio today.
///
/// The public pages are never hydrated (no script is sent), so their data
/// is awaited in place (`Suspend`) rather than kept in a serialised
/// resource: nothing rides along in the page for a client that never comes.
#[component]
pub fn PublicOverview() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move { match published_overview().await {
                Err(error) => view! { <crate::forms::FormAlert error /> }.into_any(),
                Ok(o) => view! {
                    <HeadlineFigures headline=o.headline today=o.today />
                    <InitiativeCharts set=o.charts />
                    <section aria-labelledby="roots-heading">
                        <h2 id="roots-heading">{t!(i18n, public.roots_heading)}</h2>
                        <InitiativeList items=o.roots caption=t_string!(i18n, public.roots_caption).to_string() />
                    </section>
                    <LatestUpdates latest=o.latest />
                }.into_any(),
            }})}
        </Suspense>
    }
}

/// The address's initiative id, for the public page.
fn public_id() -> Memo<Option<i64>> {
    super::initiatives::id_param()
}

/// `/{lang}/progress/{id}`: a published initiative, for everyone.
#[component]
pub fn PublicInitiativePage() -> impl IntoView {
    let id = public_id();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let id = id.get();
                Suspend::new(async move {
                    let result = match id {
                        Some(id) => published_initiative(id).await,
                        None => Err(FormError::NotFound),
                    };
                    match result {
                        Err(FormError::NotFound) => view! { <super::NotFoundContent /> }.into_any(),
                        Err(error) => view! { <crate::forms::FormAlert error /> }.into_any(),
                        Ok(page) => view! { <PublicDetail page /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn PublicDetail(page: PublicPage) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let l = locale.as_str();
    let i = page.initiative.clone();
    let title = format!("{} {}", i.code, i.title.get(locale));
    let description = {
        let d = i.description.get(locale);
        if d.is_empty() {
            t_string!(i18n, public.initiative_meta, title = title.clone()).to_string()
        } else {
            d.chars().take(300).collect()
        }
    };
    let kind = i.kind;
    let state = i.state.clone();
    let latest = page.updates.first().cloned();
    let lines: Vec<RollupLine> = page
        .subtree
        .iter()
        .chain(std::iter::once(&i))
        .map(|s| RollupLine {
            id: s.id,
            code: s.code.clone(),
            title: s.title.clone(),
            health: s.state.as_ref().map(|st| st.health.overall),
            href: progress_href(locale, s.id),
        })
        .collect();
    let children_caption = t_string!(i18n, initiatives.children).to_string();
    view! {
        <Title text=title.clone() />
        <Meta name="description" content=description />
        {page.parent.clone().map(|p| view! {
            <nav class="breadcrumb" aria-label=t_string!(i18n, public.breadcrumb)>
                <a href=progress_href(locale, p.id) lang=p.title.language_of(locale).as_str()>{format!("{} {}", p.code, p.title.get(locale))}</a>
            </nav>
        })}
        <h1 lang=i.title.language_of(locale).as_str()>{title}</h1>
        <p class="meta">
            {move || kind_label(i18n, kind)}
            {page.organisation.clone().map(|o| view! { " · " <span lang=o.language_of(locale).as_str()>{o.get(locale).to_owned()}</span> })}
            {i.dates.start().map(|d| view! { " · " {t!(i18n, public.started)} " " {format::long_date(locale, d)} })}
            {i.dates.end().map(|d| view! { " · " {t!(i18n, public.target)} " " {format::long_date(locale, d)} })}
        </p>
        {(!i.description.get(locale).is_empty()).then(|| view! {
            <p lang=i.description.language_of(locale).as_str()>{i.description.get(locale).to_owned()}</p>
        })}
        <section aria-labelledby="state-heading" class="state" data-testid="public-state">
            <h2 id="state-heading">{t!(i18n, dashboard.current_state)}</h2>
            {match state {
                None => view! { <p class="muted">{t!(i18n, initiatives.no_update)}</p> }.into_any(),
                Some(s) => {
                    let status = s.status;
                    view! {
                        <dl class="figures">
                            <div class="figure">
                                <dt>{t!(i18n, initiatives.col_status)}</dt>
                                <dd data-testid="state-status">{move || status_label(i18n, status)}</dd>
                            </div>
                            <div class="figure">
                                <dt>{t!(i18n, initiatives.col_health)}</dt>
                                <dd>{health_badge(i18n, s.health.overall)}</dd>
                            </div>
                            <div class="figure">
                                <dt>{t!(i18n, initiatives.col_percent)}</dt>
                                <dd>{s.percent_complete.map(|p| format::percent(locale, f64::from(p.get()), 0)).unwrap_or_else(|| "—".to_owned())}</dd>
                            </div>
                            <div class="figure">
                                <dt>{t!(i18n, dashboard.last_update)}</dt>
                                <dd>{format::long_date(locale, s.as_of)}</dd>
                            </div>
                        </dl>
                        <BudgetTable budget=s.budget />
                        {latest.map(|u| view! { <NarrativeText narrative=u.narrative /> })}
                    }.into_any()
                }
            }}
        </section>
        {page.rollup.clone().map(|rollup| view! { <RollupTable rollup lines /> })}
        {(!page.children.is_empty()).then(|| view! {
            <section aria-labelledby="children-heading">
                <h2 id="children-heading">{t!(i18n, initiatives.children)}</h2>
                <InitiativeList items=page.children.clone() caption=children_caption />
            </section>
        })}
        <InitiativeCharts set=page.charts.clone() />
        {(!page.milestones.is_empty()).then(|| view! {
            <section aria-labelledby="milestones-heading">
                <h2 id="milestones-heading">{t!(i18n, initiatives.milestones)}</h2>
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="milestones-heading">
                <table class="data-table">
                    <caption class="visually-hidden">{t!(i18n, initiatives.milestones)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, dashboard.milestone)}</th>
                        <th scope="col">{t!(i18n, dashboard.baseline)}</th>
                        <th scope="col">{t!(i18n, dashboard.forecast_date)}</th>
                        <th scope="col">{t!(i18n, dashboard.actual)}</th>
                    </tr></thead>
                    <tbody>
                        {page.milestones.clone().into_iter().map(|m| view! {
                            <tr>
                                <th scope="row" lang=m.title.language_of(locale).as_str()>{m.title.get(locale).to_owned()}</th>
                                <td>{format::long_date(locale, m.baseline_date)}</td>
                                <td>{format::long_date(locale, m.forecast_date)}</td>
                                <td>{m.actual_date.map(|d| format::long_date(locale, d))}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            </section>
        })}
        <section aria-labelledby="updates-heading">
            <h2 id="updates-heading">{t!(i18n, initiatives.updates)}</h2>
            {page.updates.is_empty().then(|| view! { <p class="muted">{t!(i18n, initiatives.no_update)}</p> })}
            <ol class="timeline">
                {page.updates.clone().into_iter().map(|u| {
                    let status = u.status;
                    view! {
                        <li class="timeline__item">
                            <p class="timeline__head">
                                <strong>{format::long_date(locale, u.as_of)}</strong>
                                " · " {move || status_label(i18n, status)}
                                " · " {health_badge(i18n, u.health.overall)}
                                {u.percent_complete.map(|p| format!(" · {}", format::percent(locale, f64::from(p.get()), 0)))}
                            </p>
                            <NarrativeText narrative=u.narrative.clone() />
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
        <section aria-labelledby="reuse-heading">
            <h2 id="reuse-heading">{t!(i18n, public.reuse_heading)}</h2>
            <ul>
                <li><a href=format!("/api/v1/initiatives/{}", i.id.0) type="application/json">{t!(i18n, public.reuse_json)}</a></li>
                <li><a href=format!("/api/v1/initiatives/{}/updates", i.id.0) type="application/json">{t!(i18n, public.reuse_updates)}</a></li>
                <li><a href=format!("/{l}/initiatives/{}/feed.atom", i.id.0) type="application/atom+xml">{t!(i18n, public.feed_one)}</a></li>
                <li><a href=format!("/{l}/data")>{t!(i18n, public.about_data)}</a></li>
            </ul>
        </section>
    }
    .into_any()
}

/// What the data page says of the data, from the running configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DataFacts {
    pub reporting_period_months: u32,
    pub published: usize,
    /// The date of the latest published status update.
    pub latest: Option<NaiveDate>,
}

#[server(prefix = "/fn", endpoint = "public_data_facts")]
pub async fn published_data_facts() -> Result<DataFacts, FormError> {
    use crate::store::public;
    let state = state()?;
    let latest = public::latest_updates(&state.db, None, 1)
        .await?
        .into_iter()
        .map(|n| n.update.as_of)
        .next();
    Ok(DataFacts {
        reporting_period_months: state.settings.reporting_period_months,
        published: public::published_ids(&state.db).await?.len(),
        latest,
    })
}

/// `/{lang}/data`: what the data is, where it comes from, how often it
/// changes, and how to reuse it.
#[component]
pub fn DataPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let l = locale.as_str();
    view! {
        <Title text=untrack(move || t_string!(i18n, data_page.title).to_string()) />
        <Meta name="description" content=untrack(move || t_string!(i18n, data_page.meta_description).to_string()) />
        <h1>{t!(i18n, data_page.title)}</h1>
        <p class="lead">{t!(i18n, data_page.lead)}</p>
        <h2>{t!(i18n, data_page.what_heading)}</h2>
        <p>{t!(i18n, data_page.what)}</p>
        <p>{t!(i18n, data_page.published_only)}</p>
        <h2>{t!(i18n, data_page.when_heading)}</h2>
        <Suspense fallback=|| ()>
            {Suspend::new(async move { published_data_facts().await.ok().map(|f| view! {
                <p data-testid="data-facts">
                    {t_string!(i18n, data_page.when, months = f.reporting_period_months.to_string()).to_string()}
                    " "
                    {t_string!(i18n, data_page.count, n = format::number(locale, f.published as f64, 0)).to_string()}
                    {f.latest.map(|d| view! { " " {t_string!(i18n, data_page.latest, date = format::long_date(locale, d)).to_string()} })}
                </p>
            })})}
        </Suspense>
        <h2>{t!(i18n, data_page.reuse_heading)}</h2>
        <ul>
            <li><a href="/api/v1/initiatives" type="application/json">{t!(i18n, data_page.json)}</a> " — " <code>"GET /api/v1/initiatives"</code></li>
            <li><a href="/api/v1/initiatives.csv" type="text/csv">{t!(i18n, data_page.csv)}</a> " — " <code>"GET /api/v1/initiatives.csv"</code></li>
            <li><a href="/api/v1/openapi.json" type="application/json">{t!(i18n, data_page.openapi)}</a></li>
            <li><a href=format!("/{l}/feed.atom") type="application/atom+xml">{t!(i18n, public.feed)}</a></li>
        </ul>
        <p>{t!(i18n, data_page.fields)}</p>
        <DataDictionary />
        <h2>{t!(i18n, data_page.licence_heading)}</h2>
        <p>{t!(i18n, data_page.licence)}</p>
    }
}

/// The data dictionary: every column of the published initiatives' CSV
/// (the JSON's names too), its type and its meaning, in the page's language.
#[component]
fn DataDictionary() -> impl IntoView {
    let i18n = use_i18n();
    let caption = t_string!(i18n, data_page.dictionary_caption).to_string();
    let label = caption.clone();
    let rows: [(&[&str], String, String); 15] = [
        (
            &["id"],
            t_string!(i18n, data_page.type_integer).to_string(),
            t_string!(i18n, data_page.field_id).to_string(),
        ),
        (
            &["parent_id"],
            t_string!(i18n, data_page.type_integer_empty).to_string(),
            t_string!(i18n, data_page.field_parent_id).to_string(),
        ),
        (
            &["kind"],
            t_string!(i18n, data_page.type_code).to_string(),
            t_string!(i18n, data_page.field_kind).to_string(),
        ),
        (
            &["code"],
            t_string!(i18n, data_page.type_text).to_string(),
            t_string!(i18n, data_page.field_code).to_string(),
        ),
        (
            &["title_fr", "title_en"],
            t_string!(i18n, data_page.type_text).to_string(),
            t_string!(i18n, data_page.field_title).to_string(),
        ),
        (
            &["description_fr", "description_en"],
            t_string!(i18n, data_page.type_text).to_string(),
            t_string!(i18n, data_page.field_description).to_string(),
        ),
        (
            &["organisation_code"],
            t_string!(i18n, data_page.type_code_empty).to_string(),
            t_string!(i18n, data_page.field_organisation).to_string(),
        ),
        (
            &["themes"],
            t_string!(i18n, data_page.type_codes).to_string(),
            t_string!(i18n, data_page.field_themes).to_string(),
        ),
        (
            &["start_date", "target_date"],
            t_string!(i18n, data_page.type_date_empty).to_string(),
            t_string!(i18n, data_page.field_dates).to_string(),
        ),
        (
            &["weight"],
            t_string!(i18n, data_page.type_number).to_string(),
            t_string!(i18n, data_page.field_weight).to_string(),
        ),
        (
            &["as_of"],
            t_string!(i18n, data_page.type_date_empty).to_string(),
            t_string!(i18n, data_page.field_as_of).to_string(),
        ),
        (
            &["status"],
            t_string!(i18n, data_page.type_code_empty).to_string(),
            t_string!(i18n, data_page.field_status).to_string(),
        ),
        (
            &["health", "schedule_health", "cost_health", "scope_health"],
            t_string!(i18n, data_page.type_code_empty).to_string(),
            t_string!(i18n, data_page.field_health).to_string(),
        ),
        (
            &["percent_complete"],
            t_string!(i18n, data_page.type_percent).to_string(),
            t_string!(i18n, data_page.field_percent).to_string(),
        ),
        (
            &["approved_budget", "spent_to_date", "forecast_at_completion"],
            t_string!(i18n, data_page.type_money).to_string(),
            t_string!(i18n, data_page.field_budget).to_string(),
        ),
    ];
    view! {
        <section aria-labelledby="dictionary-heading" data-testid="data-dictionary">
            <h2 id="dictionary-heading">{t!(i18n, data_page.dictionary_heading)}</h2>
            <p>{t!(i18n, data_page.dictionary_lead)}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label=label>
            <table class="data-table">
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, data_page.col_field)}</th>
                    <th scope="col">{t!(i18n, data_page.col_type)}</th>
                    <th scope="col">{t!(i18n, data_page.col_meaning)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(fields, kind, meaning)| view! {
                        <tr>
                            <th scope="row">
                                {fields.iter().enumerate().map(|(n, f)| view! {
                                    {(n > 0).then_some(", ")}<code>{*f}</code>
                                }).collect_view()}
                            </th>
                            <td>{kind}</td>
                            <td>{meaning}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
    }
}
