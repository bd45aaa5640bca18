//! `/{lang}/initiatives/{id}/update`: record a status update, or correct an
//! earlier one (`?corrects=ID`): a correction is a new update that
//! supersedes the earlier one, which stays in the history.

use super::fields::*;
use super::initiatives::{id_param, Refusal};
use super::labels::*;
use crate::domain::*;
use crate::forms::{alert_for, error_for, island_context, typed_or, Echo, FormError, Outcome};
use crate::i18n::*;
use chrono::NaiveDate;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// What the form starts from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UpdateFormStart {
    pub initiative: Initiative,
    pub today: NaiveDate,
    /// The update being corrected, or else the latest one (to start from).
    pub start_from: Option<StatusUpdate>,
    pub corrects: Option<StatusUpdateId>,
}

#[server(prefix = "/fn", endpoint = "update_form_data")]
pub async fn update_form_data(
    id: i64,
    corrects: Option<i64>,
) -> Result<UpdateFormStart, FormError> {
    use crate::auth::{require, Need};
    use crate::store::read;
    let (_, state) = require(Need::Edit).await?;
    let initiative = read::initiative(&state.db, InitiativeId(id))
        .await?
        .ok_or(FormError::NotFound)?;
    let history = read::status_history(&state.db, initiative.id).await?;
    let start_from = match corrects {
        Some(c) => Some(
            history
                .iter()
                .find(|u| u.id.0 == c)
                .cloned()
                .ok_or(FormError::NotFound)?,
        ),
        None => history.iter().max_by_key(|u| (u.as_of, u.id)).cloned(),
    };
    Ok(UpdateFormStart {
        initiative,
        today: chrono::Utc::now().date_naive(),
        start_from,
        corrects: corrects.map(StatusUpdateId),
    })
}

/// Appends a status update; editors and administrators only.
#[server(prefix = "/fn", endpoint = "record_update")]
pub async fn record_update(locale: String, form: StatusUpdateForm) -> Result<(), FormError> {
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
    let update = write::record_status_update(&mut tx, actor, &draft)
        .await
        .map_err(|e| FormError::from(e).with_echo(echo))?;
    tx.commit().await?;
    let locale = crate::language::locale_code(&locale);
    leptos_axum::redirect(&format!(
        "/{locale}/initiatives/{}#update-{}",
        update.initiative_id.0, update.id.0
    ));
    Ok(())
}

/// The page.
#[component]
pub fn UpdateFormPage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let corrects = Memo::new(move |_| {
        query
            .read()
            .get("corrects")
            .and_then(|c| c.parse::<i64>().ok())
    });
    let data = Resource::new_blocking(
        move || (id.get(), corrects.get()),
        |(id, corrects)| async move {
            match id {
                Some(id) => update_form_data(id, corrects).await,
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
                        Ok(d) => view! { <UpdateForm d /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

fn health_options(locale: Locale) -> Vec<(String, String)> {
    Health::ALL
        .iter()
        .map(|h| (h.as_str().to_owned(), health_label(locale, *h).to_owned()))
        .collect()
}

#[component]
fn UpdateForm(d: UpdateFormStart) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let i = &d.initiative;
    let heading = if d.corrects.is_some() {
        t_string!(i18n, update.correct_title)
    } else {
        t_string!(i18n, update.title)
    };
    let title = format!("{heading} — {} {}", i.code, i.title.get(locale));
    let back = format!("/{}/initiatives/{}", locale.as_str(), i.id.0);
    let crumb = format!("{} {}", i.code, i.title.get(locale));
    let correcting = d.corrects.is_some();
    let s = d.start_from.clone();
    let today = d.today;
    // Fields start from the corrected update, or from the latest one (its
    // status and health, not its narrative, which belongs to its date).
    // The island receives them as strings by field name, not the record.
    let start = match s.as_ref() {
        None => StatusUpdateForm {
            as_of: today.to_string(),
            ..Default::default()
        },
        Some(u) => {
            let money =
                |m: Option<Money>| m.map(|m| format!("{:.2}", m.dollars())).unwrap_or_default();
            let health = |h: Option<Health>| h.map(|h| h.as_str().to_owned()).unwrap_or_default();
            let own = |text: &str| {
                if correcting {
                    text.to_owned()
                } else {
                    String::new()
                }
            };
            let n = &u.narrative;
            StatusUpdateForm {
                as_of: if correcting { u.as_of } else { today }.to_string(),
                status: u.status.as_str().to_owned(),
                health: u.health.overall.as_str().to_owned(),
                schedule_health: health(u.health.schedule),
                cost_health: health(u.health.cost),
                scope_health: health(u.health.scope),
                percent_complete: u
                    .percent_complete
                    .map(|p| p.get().to_string())
                    .unwrap_or_default(),
                approved_budget: money(u.budget.approved),
                spent_to_date: money(u.budget.spent_to_date),
                forecast_at_completion: money(u.budget.forecast_at_completion),
                accomplishments_fr: own(&n.accomplishments.fr),
                accomplishments_en: own(&n.accomplishments.en),
                next_steps_fr: own(&n.next_steps.fr),
                next_steps_en: own(&n.next_steps.en),
                issues_fr: own(&n.issues.fr),
                issues_en: own(&n.issues.en),
                internal_note: own(u.internal_note.as_deref().unwrap_or_default()),
                ..Default::default()
            }
        }
    };
    let start = Echo::of(&start);
    let initiative_id = i.id.0.to_string();
    let supersedes = d.corrects.map(|c| c.0.to_string()).unwrap_or_default();
    view! {
        <Title text=title />
        <p class="breadcrumb"><a href=back.clone()>{crumb}</a></p>
        <h1>{heading}</h1>
        {correcting.then(|| view! { <p class="lead">{t!(i18n, update.correct_lead)}</p> })}
        <UpdateFields locale initiative_id supersedes start back=back.clone() />
    }
}

/// The form itself: an island, so that a refusal shows beside its fields
/// without reloading the page (and the same form posts without JavaScript).
#[island(lazy)]
fn UpdateFields(
    locale: Locale,
    initiative_id: String,
    supersedes: String,
    start: Echo,
    back: String,
) -> impl IntoView {
    island_context(locale);
    let action = ServerAction::<RecordUpdate>::new();
    let start = move |field: &str| start.get(field).unwrap_or_default().to_owned();

    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            {move || {
                let outcome: Outcome<()> = action.value().get();
                let v = |field: &str, default: String| typed_or(&outcome, field, &default);
                let p = |field: &str| error_for(&outcome, field);
                let alert = alert_for(&outcome);
                let statuses: Vec<(String, String)> = Status::ALL
                    .iter()
                    .map(|s| (s.as_str().to_owned(), status_label(locale, *s).to_owned()))
                    .collect();
                let not_assessed = td_string!(locale, update.not_assessed).to_string();
                view! {
                    {alert}
                    <input type="hidden" name="locale" value=locale.as_str() />
                    <input type="hidden" name=form_name("initiative_id") value=initiative_id.clone() />
                    <input type="hidden" name=form_name("supersedes") value=supersedes.clone() />
                    <fieldset>
                        <legend>{td!(locale, update.state)}</legend>
                        <InputField name="as_of" input_type="date" required=true
                            label=td_string!(locale, update.as_of).to_string()
                            value=v("as_of", start("as_of"))
                            problem=p("as_of") />
                        <SelectField name="status" required=true
                            label=td_string!(locale, update.status).to_string()
                            value=v("status", start("status")) problem=p("status")
                            options=statuses
                            empty=td_string!(locale, update.choose).to_string() />
                        <SelectField name="health" required=true
                            label=td_string!(locale, update.health).to_string()
                            value=v("health", start("health")) problem=p("health")
                            options=health_options(locale)
                            empty=td_string!(locale, update.choose).to_string() />
                        <SelectField name="schedule_health"
                            label=td_string!(locale, update.schedule_health).to_string()
                            value=v("schedule_health", start("schedule_health")) problem=p("schedule_health")
                            options=health_options(locale) empty=not_assessed.clone() />
                        <SelectField name="cost_health"
                            label=td_string!(locale, update.cost_health).to_string()
                            value=v("cost_health", start("cost_health")) problem=p("cost_health")
                            options=health_options(locale) empty=not_assessed.clone() />
                        <SelectField name="scope_health"
                            label=td_string!(locale, update.scope_health).to_string()
                            value=v("scope_health", start("scope_health")) problem=p("scope_health")
                            options=health_options(locale) empty=not_assessed.clone() />
                        <InputField name="percent_complete" inputmode="numeric"
                            label=td_string!(locale, update.percent_complete).to_string()
                            hint=td_string!(locale, update.percent_hint).to_string()
                            value=v("percent_complete", start("percent_complete")) problem=p("percent_complete") />
                    </fieldset>
                    <fieldset>
                        <legend>{td!(locale, update.budget)}</legend>
                        <InputField name="approved_budget" inputmode="decimal"
                            label=td_string!(locale, update.approved_budget).to_string()
                            hint=td_string!(locale, update.money_hint).to_string()
                            value=v("approved_budget", start("approved_budget")) problem=p("approved_budget") />
                        <InputField name="spent_to_date" inputmode="decimal"
                            label=td_string!(locale, update.spent_to_date).to_string()
                            value=v("spent_to_date", start("spent_to_date")) problem=p("spent_to_date") />
                        <InputField name="forecast_at_completion" inputmode="decimal"
                            label=td_string!(locale, update.forecast_at_completion).to_string()
                            value=v("forecast_at_completion", start("forecast_at_completion")) problem=p("forecast_at_completion") />
                    </fieldset>
                    <fieldset>
                        <legend>{td!(locale, update.narrative)}</legend>
                        <p class="field-hint">{td!(locale, update.narrative_hint)}</p>
                        <TextAreaField name="accomplishments_fr" lang="fr"
                            label=td_string!(locale, update.accomplishments_fr).to_string()
                            value=v("accomplishments_fr", start("accomplishments_fr")) problem=p("accomplishments_fr") />
                        <TextAreaField name="accomplishments_en" lang="en"
                            label=td_string!(locale, update.accomplishments_en).to_string()
                            value=v("accomplishments_en", start("accomplishments_en")) problem=p("accomplishments_en") />
                        <TextAreaField name="next_steps_fr" lang="fr"
                            label=td_string!(locale, update.next_steps_fr).to_string()
                            value=v("next_steps_fr", start("next_steps_fr")) problem=p("next_steps_fr") />
                        <TextAreaField name="next_steps_en" lang="en"
                            label=td_string!(locale, update.next_steps_en).to_string()
                            value=v("next_steps_en", start("next_steps_en")) problem=p("next_steps_en") />
                        <TextAreaField name="issues_fr" lang="fr"
                            label=td_string!(locale, update.issues_fr).to_string()
                            value=v("issues_fr", start("issues_fr")) problem=p("issues_fr") />
                        <TextAreaField name="issues_en" lang="en"
                            label=td_string!(locale, update.issues_en).to_string()
                            value=v("issues_en", start("issues_en")) problem=p("issues_en") />
                        <TextAreaField name="internal_note"
                            label=td_string!(locale, update.internal_note).to_string()
                            value=v("internal_note", start("internal_note")) problem=p("internal_note") />
                    </fieldset>
                }
            }}
            <p class="actions">
                <button type="submit" class="button-primary">{td!(locale, update.submit)}</button>
                <a href=back class="button-secondary">{td!(locale, form.cancel)}</a>
            </p>
        </ActionForm>
    }
}
