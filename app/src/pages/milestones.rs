//! `/{lang}/initiatives/{id}/milestones`: an initiative's milestones, their
//! baseline, forecast and actual dates and every re-plan (slippage in plain
//! sight), with a form to add one; and
//! `/{lang}/initiatives/{id}/milestones/{milestone}`: re-plan one milestone
//! or record the date it was reached. Every signed-in reader sees the list;
//! editors and administrators write, and the server functions check it.

use super::fields::*;
use super::initiatives::{id_param, Refusal};
use crate::domain::*;
use crate::forms::{alert_for, error_for, island_context, typed_or, FormError, Outcome};
use crate::i18n::*;
use chrono::NaiveDate;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// A milestone with every plan it has had, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneWithHistory {
    pub milestone: Milestone,
    pub revisions: Vec<MilestoneRevision>,
}

/// What the list page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneList {
    pub initiative: Initiative,
    pub milestones: Vec<MilestoneWithHistory>,
    pub can_edit: bool,
    pub today: NaiveDate,
}

/// The milestones of one initiative (not of its descendants), with their
/// history; any signed-in reader.
#[server(prefix = "/fn", endpoint = "milestones_of")]
pub async fn milestones_of(id: i64) -> Result<MilestoneList, FormError> {
    use crate::auth::{require, Need};
    use crate::store::read::{self, Scope};
    let (account, state) = require(Need::Read).await?;
    let db = &state.db;
    let initiative = read::initiative(db, InitiativeId(id))
        .await?
        .ok_or(FormError::NotFound)?;
    let mut milestones = Vec::new();
    for m in read::milestones(db, Scope::Subtree(initiative.id), None).await? {
        if m.initiative_id != initiative.id {
            continue;
        }
        if let Some((milestone, revisions)) = read::milestone_history(db, m.id).await? {
            milestones.push(MilestoneWithHistory {
                milestone,
                revisions,
            });
        }
    }
    Ok(MilestoneList {
        initiative,
        milestones,
        can_edit: account.role.can_edit(),
        today: chrono::Utc::now().date_naive(),
    })
}

/// One milestone of an initiative, to re-plan it; editors and administrators.
#[server(prefix = "/fn", endpoint = "milestone_to_revise")]
pub async fn milestone_to_revise(
    id: i64,
    milestone: i64,
) -> Result<(Initiative, MilestoneWithHistory, NaiveDate), FormError> {
    use crate::auth::{require, Need};
    use crate::store::read;
    let (_, state) = require(Need::Edit).await?;
    let initiative = read::initiative(&state.db, InitiativeId(id))
        .await?
        .ok_or(FormError::NotFound)?;
    let (milestone, revisions) = read::milestone_history(&state.db, MilestoneId(milestone))
        .await?
        .filter(|(m, _)| m.initiative_id == initiative.id)
        .ok_or(FormError::NotFound)?;
    Ok((
        initiative,
        MilestoneWithHistory {
            milestone,
            revisions,
        },
        chrono::Utc::now().date_naive(),
    ))
}

/// Adds a milestone to an initiative; editors and administrators only.
#[server(prefix = "/fn", endpoint = "add_milestone")]
pub async fn add_milestone(locale: String, form: MilestoneForm) -> Result<(), FormError> {
    use crate::auth::{require, Need};
    use crate::forms::Echo;
    use crate::store::{write, Actor};
    let (account, state) = require(Need::Edit).await?;
    let echo = Echo::of(&form);
    let draft = form
        .parse()
        .map_err(|e| FormError::from(e).with_echo(echo.clone()))?;
    let mut tx = state.db.begin().await?;
    let actor = Actor::of(&account, Via::Browser);
    let milestone = write::create_milestone(&mut tx, actor, &draft)
        .await
        .map_err(|e| FormError::from(e).with_echo(echo))?;
    tx.commit().await?;
    let locale = crate::language::locale_code(&locale);
    leptos_axum::redirect(&format!(
        "/{locale}/initiatives/{}/milestones#milestone-{}",
        milestone.initiative_id.0, milestone.id.0
    ));
    Ok(())
}

/// Re-plans a milestone or records its actual date (a moved forecast needs
/// a reason); editors and administrators only.
#[server(prefix = "/fn", endpoint = "revise_milestone")]
pub async fn revise_milestone(locale: String, form: MilestoneChangeForm) -> Result<(), FormError> {
    use crate::auth::{require, Need};
    use crate::forms::Echo;
    use crate::store::{write, Actor};
    let (account, state) = require(Need::Edit).await?;
    let echo = Echo::of(&form);
    let change = form
        .parse()
        .map_err(|e| FormError::from(e).with_echo(echo.clone()))?;
    let mut tx = state.db.begin().await?;
    let actor = Actor::of(&account, Via::Browser);
    let milestone = write::revise_milestone(&mut tx, actor, &change)
        .await
        .map_err(|e| FormError::from(e).with_echo(echo))?;
    tx.commit().await?;
    let locale = crate::language::locale_code(&locale);
    leptos_axum::redirect(&format!(
        "/{locale}/initiatives/{}/milestones#milestone-{}",
        milestone.initiative_id.0, milestone.id.0
    ));
    Ok(())
}

/// How far a milestone has slipped from its baseline, in words.
fn slippage_text(i18n: leptos_i18n::I18nContext<Locale>, days: i64) -> String {
    match days {
        0 => t_string!(i18n, milestones_page.slip_none).to_string(),
        d if d > 0 => t_string!(i18n, milestones_page.slip_late, days = d).to_string(),
        d => t_string!(i18n, milestones_page.slip_early, days = -d).to_string(),
    }
}

fn slippage_class(days: i64) -> &'static str {
    match days {
        0 => "slip",
        d if d > 0 => "slip slip--late",
        _ => "slip slip--early",
    }
}

/// The page that lists the milestones.
#[component]
pub fn MilestonesPage() -> impl IntoView {
    let id = id_param();
    // Adding a milestone comes back to this page (a redirect), read anew.
    let data = Resource::new_blocking(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => milestones_of(id).await,
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
                        Ok(list) => view! { <MilestoneListView list /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn MilestoneListView(list: MilestoneList) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let l = locale.as_str();
    let i = list.initiative.clone();
    let base = format!("/{l}/initiatives/{}", i.id.0);
    let name = format!("{} {}", i.code, i.title.get(locale));
    let heading = t_string!(i18n, milestones_page.title).to_string();
    let caption = t_string!(i18n, milestones_page.caption, initiative = name.clone()).to_string();
    let can_edit = list.can_edit;
    let rows = list.milestones.clone();
    view! {
        <Title text=format!("{heading} — {name}") />
        <p class="breadcrumb"><a href=base.clone()>{name.clone()}</a></p>
        <h1>{heading}</h1>
        {list.milestones.is_empty().then(|| view! { <p class="muted">{t!(i18n, milestones_page.none)}</p> })}
        {(!list.milestones.is_empty()).then(|| view! {
            <table class="data-table">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, milestones_page.col_milestone)}</th>
                        <th scope="col">{t!(i18n, milestones_page.col_baseline)}</th>
                        <th scope="col">{t!(i18n, milestones_page.col_forecast)}</th>
                        <th scope="col">{t!(i18n, milestones_page.col_actual)}</th>
                        <th scope="col">{t!(i18n, milestones_page.col_slippage)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|h| {
                        let m = h.milestone;
                        let days = m.slippage_days();
                        view! {
                            <tr>
                                <th scope="row" lang=m.title.language_of(locale).as_str()>
                                    <a href=format!("#milestone-{}", m.id.0)>{m.title.get(locale).to_owned()}</a>
                                </th>
                                <td>{m.baseline_date.to_string()}</td>
                                <td>{m.forecast_date.to_string()}</td>
                                <td>{m.actual_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                                <td class=slippage_class(days)>{move || slippage_text(i18n, days)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {list.milestones.into_iter().map(|h| {
            let m = h.milestone.clone();
            let revise = format!("{base}/milestones/{}", m.id.0);
            let title = m.title.get(locale).to_owned();
            view! {
                <section id=format!("milestone-{}", m.id.0) aria-labelledby=format!("milestone-{}-heading", m.id.0)>
                    <h2 id=format!("milestone-{}-heading", m.id.0) lang=m.title.language_of(locale).as_str()>{title.clone()}</h2>
                    <RevisionTable history=h />
                    {can_edit.then(|| view! {
                        <p>
                            <a href=revise>
                                {t!(i18n, milestones_page.revise_link)}
                                <span class="visually-hidden">{format!(" : {title}")}</span>
                            </a>
                        </p>
                    })}
                </section>
            }
        }).collect_view()}
        {can_edit.then(|| view! { <NewMilestoneForm initiative_id=i.id today=list.today /> })}
    }
}

/// Every plan a milestone has had: when it was decided, by whom, and why.
#[component]
fn RevisionTable(history: MilestoneWithHistory) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let title = history.milestone.title.get(locale).to_owned();
    let baseline = history.milestone.baseline_date;
    view! {
        <table class="data-table">
            <caption>{t_string!(i18n, milestones_page.revisions_caption, milestone = title)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, milestones_page.col_decided_on)}</th>
                    <th scope="col">{t!(i18n, milestones_page.col_forecast)}</th>
                    <th scope="col">{t!(i18n, milestones_page.col_actual)}</th>
                    <th scope="col">{t!(i18n, milestones_page.col_slippage)}</th>
                    <th scope="col">{t!(i18n, milestones_page.col_reason)}</th>
                    <th scope="col">{t!(i18n, milestones_page.col_by)}</th>
                </tr>
            </thead>
            <tbody>
                {history.revisions.into_iter().enumerate().map(|(n, r)| {
                    let days = (r.actual_date.unwrap_or(r.forecast_date) - baseline).num_days();
                    let reason = if n == 0 && r.reason.is_empty() {
                        t_string!(i18n, milestones_page.first_plan).to_string()
                    } else {
                        r.reason.get(locale).to_owned()
                    };
                    view! {
                        <tr>
                            <th scope="row">{r.decided_on.to_string()}</th>
                            <td>{r.forecast_date.to_string()}</td>
                            <td>{r.actual_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                            <td class=slippage_class(days)>{move || slippage_text(i18n, days)}</td>
                            <td lang=r.reason.language_of(locale).as_str()>{reason}</td>
                            <td>
                                {r.author.clone()}
                                <br />
                                <span class="muted small">{r.recorded_at.format("%Y-%m-%d %H:%M UTC").to_string()}</span>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn NewMilestoneForm(initiative_id: InitiativeId, today: NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let today = today.to_string();
    view! {
        <section aria-labelledby="new-milestone-heading">
            <h2 id="new-milestone-heading">{t!(i18n, milestones_page.add_heading)}</h2>
            <NewMilestoneFields locale initiative_id=initiative_id.0 today />
        </section>
    }
}

/// The page that re-plans one milestone.
#[component]
pub fn MilestoneRevisionPage() -> impl IntoView {
    let id = id_param();
    let params = use_params_map();
    let milestone = Memo::new(move |_| {
        params
            .read()
            .get("milestone")
            .and_then(|m| m.parse::<i64>().ok())
    });
    let data = Resource::new_blocking(
        move || (id.get(), milestone.get()),
        |ids| async move {
            match ids {
                (Some(id), Some(milestone)) => milestone_to_revise(id, milestone).await,
                _ => Err(FormError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || {
                data.get()
                    .map(|result| match result {
                        Err(error) => view! { <Refusal error /> }.into_any(),
                        Ok((initiative, history, today)) => {
                            view! { <RevisionForm initiative history today /> }.into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn RevisionForm(
    initiative: Initiative,
    history: MilestoneWithHistory,
    today: NaiveDate,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let m = history.milestone.clone();
    let heading = t_string!(i18n, milestones_page.revise_title).to_string();
    let title = m.title.get(locale).to_owned();
    let back = format!(
        "/{}/initiatives/{}/milestones#milestone-{}",
        locale.as_str(),
        initiative.id.0,
        m.id.0
    );
    let today = today.to_string();
    let forecast = m.forecast_date.to_string();
    let actual = m.actual_date.map(|d| d.to_string()).unwrap_or_default();
    view! {
        <Title text=format!("{heading} — {title}") />
        <p class="breadcrumb">
            <a href=back.clone()>{format!("{} {}", initiative.code, initiative.title.get(locale))}</a>
        </p>
        <h1>{heading}</h1>
        <p class="lead" lang=m.title.language_of(locale).as_str()>{title}</p>
        <p>
            {t!(i18n, milestone.baseline)} " " {m.baseline_date.to_string()} " · "
            {t!(i18n, milestone.forecast)} " " {m.forecast_date.to_string()}
            {m.actual_date.map(|d| view! { " · " {t!(i18n, milestone.actual)} " " {d.to_string()} })}
        </p>
        <RevisionFields locale milestone_id=m.id.0 today forecast actual back />
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">{t!(i18n, milestones_page.history_heading)}</h2>
            <RevisionTable history />
        </section>
    }
}

/// The form: an island, so that a refusal shows beside its fields without
/// reloading the page (and the same form posts without JavaScript).
#[island(lazy)]
fn RevisionFields(
    locale: Locale,
    milestone_id: i64,
    today: String,
    forecast: String,
    actual: String,
    back: String,
) -> impl IntoView {
    island_context(locale);
    let action = ServerAction::<ReviseMilestone>::new();
    let milestone_id = milestone_id.to_string();
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            {move || {
                let outcome: Outcome<()> = action.value().get();
                let v = |field: &str, default: &str| typed_or(&outcome, field, default);
                let p = |field: &str| error_for(&outcome, field);
                let alert = alert_for(&outcome);
                view! {
                    {alert}
                    <input type="hidden" name="locale" value=locale.as_str() />
                    <input type="hidden" name=form_name("milestone_id") value=milestone_id.clone() />
                    <fieldset>
                        <legend>{td!(locale, milestones_page.plan_legend)}</legend>
                        <InputField name="decided_on" input_type="date" required=true
                            label=td_string!(locale, milestones_page.decided_on).to_string()
                            value=v("decided_on", &today) problem=p("decided_on") />
                        <InputField name="forecast_date" input_type="date" required=true
                            label=td_string!(locale, milestones_page.forecast_date).to_string()
                            value=v("forecast_date", &forecast) problem=p("forecast_date") />
                        <InputField name="actual_date" input_type="date"
                            label=td_string!(locale, milestones_page.actual_date).to_string()
                            hint=td_string!(locale, milestones_page.actual_hint).to_string()
                            value=v("actual_date", &actual) problem=p("actual_date") />
                    </fieldset>
                    <fieldset>
                        <legend>{td!(locale, milestones_page.reason_legend)}</legend>
                        <p class="field-hint">{td!(locale, milestones_page.reason_hint)}</p>
                        <TextAreaField name="reason_fr" lang="fr"
                            label=td_string!(locale, milestones_page.reason_fr).to_string()
                            value=v("reason_fr", "") problem=p("reason_fr") />
                        <TextAreaField name="reason_en" lang="en"
                            label=td_string!(locale, milestones_page.reason_en).to_string()
                            value=v("reason_en", "") problem=p("reason_en") />
                    </fieldset>
                }
            }}
            <p class="actions">
                <button type="submit" class="button-primary">{td!(locale, milestones_page.revise_submit)}</button>
                <a href=back class="button-secondary">{td!(locale, form.cancel)}</a>
            </p>
        </ActionForm>
    }
}

/// The form: an island, so that a refusal shows beside its fields without
/// reloading the page (and the same form posts without JavaScript).
#[island(lazy)]
fn NewMilestoneFields(locale: Locale, initiative_id: i64, today: String) -> impl IntoView {
    island_context(locale);
    let add = ServerAction::<AddMilestone>::new();
    let initiative_id = InitiativeId(initiative_id);
    view! {
        <ActionForm action=add attr:class="form" attr:novalidate=true>
            {move || {
                let outcome: Outcome<()> = add.value().get();
                let v = |field: &str, default: &str| typed_or(&outcome, field, default);
                let p = |field: &str| error_for(&outcome, field);
                let alert = alert_for(&outcome);
                view! {
                    {alert}
                    <input type="hidden" name="locale" value=locale.as_str() />
                    <input type="hidden" name=form_name("initiative_id") value=initiative_id.0.to_string() />
                    <fieldset>
                        <legend>{td!(locale, milestones_page.new_legend)}</legend>
                        <InputField name="title_fr" lang="fr" required=true
                            label=td_string!(locale, milestones_page.title_fr).to_string()
                            value=v("title_fr", "") problem=p("title_fr") />
                        <InputField name="title_en" lang="en" required=true
                            label=td_string!(locale, milestones_page.title_en).to_string()
                            value=v("title_en", "") problem=p("title_en") />
                        <InputField name="baseline_date" input_type="date" required=true
                            label=td_string!(locale, milestones_page.baseline_date).to_string()
                            hint=td_string!(locale, milestones_page.baseline_hint).to_string()
                            value=v("baseline_date", "") problem=p("baseline_date") />
                        <InputField name="decided_on" input_type="date" required=true
                            label=td_string!(locale, milestones_page.decided_on).to_string()
                            value=v("decided_on", &today) problem=p("decided_on") />
                    </fieldset>
                }
            }}
            <p class="actions">
                <button type="submit" class="button-primary">{td!(locale, milestones_page.add_submit)}</button>
            </p>
        </ActionForm>
    }
}
