//! `/{lang}/portfolio`: the whole portfolio at a glance for executives —
//! headline figures, a health grid filtered and sorted by the query string
//! (so a view can be shared), what is late and what is stale, as of any past
//! date and compared with another.

use super::figures::{health_badge, AsOfNote, ChangesSection, Names};
use super::initiatives::Refusal;
use super::labels::*;
use crate::domain::dashboard::{GridFilter, GridRow, Headline, SortKey};
use crate::domain::history::Changes;
use crate::domain::*;
use crate::format;
use crate::forms::FormError;
use crate::i18n::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

/// What the query string asks of the portfolio.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DashboardQuery {
    pub as_of: Option<NaiveDate>,
    pub compare: Option<NaiveDate>,
    pub filter: GridFilter,
    pub sort: SortKey,
    pub descending: bool,
}

/// A date in the query string, `None` when absent or not `YYYY-MM-DD`.
pub fn query_date(q: &ParamsMap, key: &str) -> Option<NaiveDate> {
    q.get(key)
        .and_then(|v| NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok())
}

impl DashboardQuery {
    /// Reads the query string; unknown values are ignored, not refused.
    pub fn from_query(q: &ParamsMap) -> Self {
        let text = |k: &str| {
            q.get(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        DashboardQuery {
            as_of: query_date(q, "as_of"),
            compare: query_date(q, "compare"),
            filter: GridFilter {
                organisation: text("organisation")
                    .and_then(|v| v.parse().ok())
                    .map(OrganisationId),
                theme: text("theme"),
                kind: text("kind").and_then(|v| InitiativeKind::parse("kind", &v).ok()),
                status: text("status").and_then(|v| Status::parse("status", &v).ok()),
                health: text("health").and_then(|v| Health::parse("health", &v).ok()),
            },
            sort: text("sort")
                .and_then(|v| SortKey::parse(&v))
                .unwrap_or_default(),
            descending: text("desc").is_some_and(|v| v == "1"),
        }
    }
}

/// The portfolio as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortfolioView {
    /// The date shown (today unless the reader chose another).
    pub date: NaiveDate,
    pub today: NaiveDate,
    /// The reporting period that holds `date`.
    pub period: (NaiveDate, NaiveDate),
    /// The rows the filters keep, in the order asked.
    pub rows: Vec<GridRow>,
    pub headline: Headline,
    /// Milestones of the rows kept whose forecast has passed unreached.
    pub late: Vec<Milestone>,
    /// Every initiative that existed on the date, for the lists' labels.
    pub names: Names,
    pub organisations: Vec<Organisation>,
    pub contacts: Vec<Contact>,
    pub themes: Vec<(Code, Bilingual)>,
    pub changes: Option<Changes>,
}

/// The portfolio on the date asked (signed-in readers).
#[server(prefix = "/fn", endpoint = "portfolio_dashboard")]
pub async fn portfolio_dashboard(query: DashboardQuery) -> Result<PortfolioView, FormError> {
    use crate::auth::{require, Need};
    use crate::domain::dashboard::{headline, late_milestones, sort_rows};
    use crate::store::dashboard::grid;
    use crate::store::read::{self, Scope};

    let (_, state) = require(Need::Read).await?;
    let db = &state.db;
    let today = chrono::Utc::now().date_naive();
    let date = query.as_of.unwrap_or(today).min(today);
    let period = history::reporting_period(date, state.settings.reporting_period_months);
    let g = grid(db, Scope::Portfolio, date, today, period.0).await?;
    let names = Names::of(g.rows.iter().map(|r| &r.initiative));
    let mut rows: Vec<GridRow> = g
        .rows
        .into_iter()
        .filter(|r| query.filter.keeps(r))
        .collect();
    let kept: std::collections::HashSet<InitiativeId> =
        rows.iter().map(|r| r.initiative.id).collect();
    let late = late_milestones(&g.milestones, date)
        .into_iter()
        .filter(|m| kept.contains(&m.initiative_id))
        .collect();
    let headline = headline(&rows);
    sort_rows(&mut rows, query.sort, query.descending);
    let changes = match query.compare {
        Some(other) => {
            let (from, to) = crate::domain::dashboard::comparison(other, date, today);
            Some(read::changes_between(db, Scope::Portfolio, from, to).await?)
        }
        None => None,
    };
    Ok(PortfolioView {
        date,
        today,
        period,
        rows,
        headline,
        late,
        names,
        organisations: read::organisations(db).await?,
        contacts: read::contacts(db).await?,
        themes: read::themes(db).await?,
        changes,
    })
}

#[component]
pub fn PortfolioPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let asked = Memo::new(move |_| DashboardQuery::from_query(&query.read()));
    let data = Resource::new_blocking(move || asked.get(), portfolio_dashboard);
    view! {
        <Title text=untrack(move || t_string!(i18n, portfolio.title).to_string()) />
        <Meta name="description" content=untrack(move || t_string!(i18n, portfolio.lead).to_string()) />
        <h1>{t!(i18n, portfolio.title)}</h1>
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Err(error) => view! { <Refusal error /> }.into_any(),
                Ok(v) => view! { <Portfolio v asked=asked.get_untracked() /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Portfolio(v: PortfolioView, asked: DashboardQuery) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <AsOfNote date=v.date today=v.today />
        <FilterForm v=v.clone() asked=asked.clone() />
        <HeadlineFigures h=v.headline.clone() />
        <HealthGrid v=v.clone() asked=asked.clone() />
        <LateLists v=v.clone() />
        <StaleList v=v.clone() />
        {v.changes.clone().map(|changes| view! { <ChangesSection changes names=v.names.clone() /> })}
        <p class="muted small">{t!(i18n, portfolio.period_note)} " " {format::long_date(locale, v.period.0)} " – " {format::long_date(locale, v.period.1)}</p>
    }
}

/// The filters, the date and the comparison: one GET form.
#[component]
fn FilterForm(v: PortfolioView, asked: DashboardQuery) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let f = asked.filter.clone();
    let reset = format!("/{}/portfolio", locale.as_str());
    view! {
        <form method="get" class="form form--filters" role="search" aria-label=move || t_string!(i18n, portfolio.filters) data-testid="portfolio-filters">
            <div class="field">
                <label for="pf-organisation">{t!(i18n, portfolio.organisation)}</label>
                <select id="pf-organisation" name="organisation">
                    <option value="">{t!(i18n, portfolio.any)}</option>
                    {v.organisations.into_iter().map(|o| view! {
                        <option value=o.id.0.to_string() selected=f.organisation == Some(o.id)>{o.code.to_string()} " — " {o.name.get(locale).to_owned()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="pf-theme">{t!(i18n, portfolio.theme)}</label>
                <select id="pf-theme" name="theme">
                    <option value="">{t!(i18n, portfolio.any)}</option>
                    {v.themes.into_iter().map(|(code, name)| {
                        let selected = f.theme.as_deref() == Some(code.as_str());
                        view! { <option value=code.to_string() selected=selected>{name.get(locale).to_owned()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="pf-kind">{t!(i18n, portfolio.kind)}</label>
                <select id="pf-kind" name="kind">
                    <option value="">{t!(i18n, portfolio.any)}</option>
                    {InitiativeKind::ALL.iter().map(|k| {
                        let k = *k;
                        view! { <option value=k.as_str() selected=f.kind == Some(k)>{move || kind_label(i18n, k)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="pf-status">{t!(i18n, portfolio.status)}</label>
                <select id="pf-status" name="status">
                    <option value="">{t!(i18n, portfolio.any)}</option>
                    {Status::ALL.iter().map(|s| {
                        let s = *s;
                        view! { <option value=s.as_str() selected=f.status == Some(s)>{move || status_label(i18n, s)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="pf-health">{t!(i18n, portfolio.health)}</label>
                <select id="pf-health" name="health">
                    <option value="">{t!(i18n, portfolio.any)}</option>
                    {Health::ALL.iter().map(|h| {
                        let h = *h;
                        view! { <option value=h.as_str() selected=f.health == Some(h)>{move || health_label(i18n, h)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="pf-as-of">{t!(i18n, dashboard.as_of)}</label>
                <input id="pf-as-of" name="as_of" type="date" max=v.today.to_string() value=asked.as_of.map(|d| d.to_string()).unwrap_or_default() />
            </div>
            <div class="field">
                <label for="pf-compare">{t!(i18n, dashboard.compare_with)}</label>
                <input id="pf-compare" name="compare" type="date" max=v.today.to_string() value=asked.compare.map(|d| d.to_string()).unwrap_or_default() />
            </div>
            {(asked.sort != SortKey::Code).then(|| view! { <input type="hidden" name="sort" value=asked.sort.as_str() /> })}
            {asked.descending.then(|| view! { <input type="hidden" name="desc" value="1" /> })}
            <p class="actions">
                <button type="submit" class="button-primary">{t!(i18n, portfolio.apply)}</button>
                <a class="button-secondary" href=reset>{t!(i18n, portfolio.reset)}</a>
            </p>
        </form>
    }
}

#[component]
fn HeadlineFigures(h: Headline) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let completion = h
        .weighted_completion
        .map(|p| format::percent(locale, p, 0))
        .unwrap_or_else(|| "—".to_owned());
    view! {
        <section aria-labelledby="headline-heading" class="headline">
            <h2 id="headline-heading">{t!(i18n, portfolio.headline)}</h2>
            <dl class="figures" data-testid="headline">
                <div class="figure">
                    <dt>{t!(i18n, portfolio.initiatives)}</dt>
                    <dd data-testid="headline-count">{format::number(locale, f64::from(h.initiatives), 0)}</dd>
                </div>
                <div class="figure">
                    <dt>{t!(i18n, portfolio.weighted_completion)}</dt>
                    <dd data-testid="headline-completion">{completion}</dd>
                </div>
                {Status::ALL.iter().map(|s| {
                    let s = *s;
                    let n = h.by_status.get(s);
                    view! {
                        <div class="figure figure--small">
                            <dt>{move || status_label(i18n, s)}</dt>
                            <dd data-testid=format!("headline-status-{}", s.as_str())>{format::number(locale, f64::from(n), 0)}</dd>
                        </div>
                    }
                }).collect_view()}
                {Health::ALL.iter().map(|x| {
                    let x = *x;
                    let n = h.by_health.get(&x).copied().unwrap_or(0);
                    view! {
                        <div class="figure figure--small">
                            <dt>{health_badge(i18n, x)}</dt>
                            <dd data-testid=format!("headline-health-{}", x.as_str())>{format::number(locale, f64::from(n), 0)}</dd>
                        </div>
                    }
                }).collect_view()}
                <div class="figure figure--small">
                    <dt>{t!(i18n, initiatives.no_update)}</dt>
                    <dd>{format::number(locale, f64::from(h.without_update), 0)}</dd>
                </div>
            </dl>
            <p class="muted small">{t!(i18n, portfolio.completion_note)}</p>
        </section>
    }
}

/// A column header that sorts the grid by `key` (the link turns the order
/// around when the grid is already sorted by it).
fn sort_header(
    i18n: leptos_i18n::I18nContext<Locale>,
    label: &'static str,
    key: SortKey,
    asked: &DashboardQuery,
    query: &ParamsMap,
) -> impl IntoView {
    let active = asked.sort == key;
    let descending = active && !asked.descending;
    let mut q = query.clone();
    q.replace("sort", key.as_str().to_owned());
    if descending {
        q.replace("desc", "1".to_owned());
    } else {
        q.remove("desc");
    }
    let href = format!("?{}", q.to_query_string().trim_start_matches('?'));
    let sort = match (active, asked.descending) {
        (false, _) => "none",
        (true, false) => "ascending",
        (true, true) => "descending",
    };
    let _ = i18n;
    view! {
        <th scope="col" aria-sort=sort>
            <a href=href>{label}</a>
        </th>
    }
}

#[component]
fn HealthGrid(v: PortfolioView, asked: DashboardQuery) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let query = use_query_map().get_untracked();
    let l = locale.as_str();
    let as_of = (v.date != v.today).then(|| format!("?as_of={}", v.date));
    let orgs: std::collections::HashMap<OrganisationId, String> = v
        .organisations
        .iter()
        .map(|o| (o.id, o.code.to_string()))
        .collect();
    let contacts: std::collections::HashMap<ContactId, String> =
        v.contacts.iter().map(|c| (c.id, c.name.clone())).collect();
    let n = v.rows.len();
    view! {
        <section aria-labelledby="grid-heading">
            <h2 id="grid-heading">{t!(i18n, portfolio.grid)}</h2>
            <p class="muted" data-testid="grid-count">{t_string!(i18n, portfolio.shown, n = n).to_string()}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="grid-heading">
            <table class="data-table health-grid" data-testid="health-grid">
                <caption class="visually-hidden">{t!(i18n, portfolio.grid)}</caption>
                <thead>
                    <tr>
                        {sort_header(i18n, t_string!(i18n, initiatives.col_initiative), SortKey::Code, &asked, &query)}
                        <th scope="col">{t!(i18n, portfolio.owner)}</th>
                        {sort_header(i18n, t_string!(i18n, initiatives.col_status), SortKey::Status, &asked, &query)}
                        {sort_header(i18n, t_string!(i18n, initiatives.col_health), SortKey::Health, &asked, &query)}
                        <th scope="col">{t!(i18n, dashboard.schedule)}</th>
                        <th scope="col">{t!(i18n, dashboard.cost)}</th>
                        <th scope="col">{t!(i18n, dashboard.scope)}</th>
                        <th scope="col">{t!(i18n, dashboard.computed_schedule)}</th>
                        {sort_header(i18n, t_string!(i18n, initiatives.col_percent), SortKey::Percent, &asked, &query)}
                        {sort_header(i18n, t_string!(i18n, dashboard.last_update), SortKey::Updated, &asked, &query)}
                    </tr>
                </thead>
                <tbody>
                    {v.rows.into_iter().map(|row| {
                        let i = row.initiative.clone();
                        let href = format!("/{l}/initiatives/{}{}", i.id.0, as_of.clone().unwrap_or_default());
                        let owner = [
                            i.organisation_id.and_then(|o| orgs.get(&o).cloned()),
                            i.contact_id.and_then(|c| contacts.get(&c).cloned()),
                        ]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" · ");
                        let disagree = crate::domain::dashboard::disagrees(
                            row.state.as_ref().map(|s| &s.health),
                            row.computed.as_ref(),
                        );
                        let computed = row.computed.as_ref().map(|c| c.health);
                        let state = row.state.clone();
                        view! {
                            <tr data-code=i.code.to_string()>
                                <th scope="row">
                                    <a href=href lang=i.title.language_of(locale).as_str()>
                                        <span class="code">{i.code.to_string()}</span> " " {i.title.get(locale).to_owned()}
                                    </a>
                                    {row.stale.then(|| view! { " " <span class="badge badge--warn">{t!(i18n, dashboard.stale)}</span> })}
                                </th>
                                <td>{owner}</td>
                                {match state {
                                    None => view! { <td colspan="6" class="muted">{t!(i18n, initiatives.no_update)}</td> }.into_any(),
                                    Some(s) => {
                                        let status = s.status;
                                        view! {
                                            <td>{move || status_label(i18n, status)}</td>
                                            <td>{health_badge(i18n, s.health.overall)}</td>
                                            <td>{s.health.schedule.map(|h| health_badge(i18n, h))}</td>
                                            <td>{s.health.cost.map(|h| health_badge(i18n, h))}</td>
                                            <td>{s.health.scope.map(|h| health_badge(i18n, h))}</td>
                                            <td>
                                                {computed.map(|h| health_badge(i18n, h))}
                                                {disagree.then(|| view! { " " <span class="badge badge--warn" title=move || t_string!(i18n, dashboard.disagree_help)>{t!(i18n, dashboard.disagree)}</span> })}
                                            </td>
                                        }.into_any()
                                    }
                                }}
                                <td class="number">{row.state.as_ref().and_then(|s| s.percent_complete).map(|p| format::percent(locale, f64::from(p.get()), 0))}</td>
                                <td>{row.state.as_ref().map(|s| format::long_date(locale, s.as_of))}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </section>
    }
}

#[component]
fn LateLists(v: PortfolioView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let date = v.date;
    let overdue: Vec<GridRow> = v.rows.iter().filter(|r| r.overdue(date)).cloned().collect();
    let names = v.names.clone();
    view! {
        <section aria-labelledby="late-heading">
            <h2 id="late-heading">{t!(i18n, dashboard.late)}</h2>
            <h3>{t!(i18n, dashboard.late_milestones)}</h3>
            {v.late.is_empty().then(|| view! { <p class="muted">{t!(i18n, initiatives.none)}</p> })}
            <ul data-testid="late-milestones">
                {v.late.into_iter().map(|m| {
                    let days = (date - m.forecast_date).num_days();
                    view! {
                        <li>
                            {names.link(locale, m.initiative_id, date)} " — "
                            <span lang=m.title.language_of(locale).as_str()>{m.title.get(locale).to_owned()}</span> " · "
                            {t!(i18n, milestone.forecast)} " " {format::long_date(locale, m.forecast_date)} " · "
                            {t_string!(i18n, dashboard.days_late, n = days).to_string()}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <h3>{t!(i18n, dashboard.overdue)}</h3>
            {overdue.is_empty().then(|| view! { <p class="muted">{t!(i18n, initiatives.none)}</p> })}
            <ul data-testid="overdue">
                {overdue.into_iter().map(|r| view! {
                    <li>
                        {names.link(locale, r.initiative.id, date)} " — "
                        {t!(i18n, dashboard.target)} " " {r.initiative.dates.end().map(|d| format::long_date(locale, d))}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn StaleList(v: PortfolioView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let date = v.date;
    let stale: Vec<GridRow> = v.rows.iter().filter(|r| r.stale).cloned().collect();
    let names = v.names.clone();
    view! {
        <section aria-labelledby="stale-heading">
            <h2 id="stale-heading">{t!(i18n, dashboard.stale_heading)}</h2>
            <p class="muted">{t_string!(i18n, dashboard.stale_lead, start = format::long_date(locale, v.period.0)).to_string()}</p>
            {stale.is_empty().then(|| view! { <p class="muted">{t!(i18n, initiatives.none)}</p> })}
            <ul data-testid="stale">
                {stale.into_iter().map(|r| view! {
                    <li>
                        {names.link(locale, r.initiative.id, date)} " — "
                        {match r.state.as_ref() {
                            Some(s) => view! { {t!(i18n, dashboard.last_update)} " " {format::long_date(locale, s.as_of)} }.into_any(),
                            None => view! { {t!(i18n, initiatives.no_update)} }.into_any(),
                        }}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
