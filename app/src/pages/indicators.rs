//! `/{lang}/initiatives/{id}/indicators`: an initiative's indicators (code,
//! name, unit, direction, baseline, target) with every dated value, and a
//! form to add one; and `/{lang}/initiatives/{id}/indicators/{indicator}`:
//! record a dated value. Every signed-in reader sees the list; editors and
//! administrators write, and the server functions check it.

use super::fields::*;
use super::initiatives::{id_param, Refusal};
use crate::domain::*;
use crate::forms::{alert_for, error_for, island_context, typed_or, FormError, Outcome};
use crate::i18n::*;
use crate::language::InLocale;
use chrono::NaiveDate;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// An indicator with every value recorded for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorWithValues {
    pub indicator: Indicator,
    pub values: Vec<IndicatorValue>,
}

/// What the list page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorList {
    pub initiative: Initiative,
    pub indicators: Vec<IndicatorWithValues>,
    pub can_edit: bool,
}

/// The indicators of one initiative (not of its descendants) with their
/// values; any signed-in reader.
#[server(prefix = "/fn", endpoint = "indicators_of")]
pub async fn indicators_of(id: i64) -> Result<IndicatorList, FormError> {
    use crate::auth::{require, Need};
    use crate::store::read::{self, Scope};
    let (account, state) = require(Need::Read).await?;
    let db = &state.db;
    let initiative = read::initiative(db, InitiativeId(id))
        .await?
        .ok_or(FormError::NotFound)?;
    let mut indicators = Vec::new();
    for indicator in read::indicators(db, Scope::Subtree(initiative.id)).await? {
        if indicator.initiative_id != initiative.id {
            continue;
        }
        let values = read::indicator_values(db, indicator.id).await?;
        indicators.push(IndicatorWithValues { indicator, values });
    }
    Ok(IndicatorList {
        initiative,
        indicators,
        can_edit: account.role.can_edit(),
    })
}

/// One indicator of an initiative, to record a value; editors and administrators.
#[server(prefix = "/fn", endpoint = "indicator_to_measure")]
pub async fn indicator_to_measure(
    id: i64,
    indicator: i64,
) -> Result<(Initiative, IndicatorWithValues, NaiveDate), FormError> {
    use crate::auth::{require, Need};
    use crate::store::read;
    let (_, state) = require(Need::Edit).await?;
    let db = &state.db;
    let initiative = read::initiative(db, InitiativeId(id))
        .await?
        .ok_or(FormError::NotFound)?;
    let series = read::indicator_series(db, IndicatorId(indicator))
        .await?
        .filter(|s| s.indicator.initiative_id == initiative.id)
        .ok_or(FormError::NotFound)?;
    let values = read::indicator_values(db, series.indicator.id).await?;
    Ok((
        initiative,
        IndicatorWithValues {
            indicator: series.indicator,
            values,
        },
        chrono::Utc::now().date_naive(),
    ))
}

/// Adds an indicator to an initiative; editors and administrators only.
#[server(prefix = "/fn", endpoint = "add_indicator")]
pub async fn add_indicator(locale: String, form: IndicatorForm) -> Result<(), FormError> {
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
    let indicator = write::create_indicator(&mut tx, actor, &draft)
        .await
        .map_err(|e| FormError::from(e).with_echo(echo))?;
    tx.commit().await?;
    let locale = crate::language::locale_code(&locale);
    leptos_axum::redirect(&format!(
        "/{locale}/initiatives/{}/indicators#indicator-{}",
        indicator.initiative_id.0, indicator.id.0
    ));
    Ok(())
}

/// Records a dated value of an indicator; editors and administrators only.
#[server(prefix = "/fn", endpoint = "record_indicator_value")]
pub async fn record_indicator_value(
    locale: String,
    form: IndicatorValueForm,
) -> Result<(), FormError> {
    use crate::auth::{require, Need};
    use crate::forms::Echo;
    use crate::store::{read, write, Actor};
    let (account, state) = require(Need::Edit).await?;
    let echo = Echo::of(&form);
    let draft = form
        .parse()
        .map_err(|e| FormError::from(e).with_echo(echo.clone()))?;
    let mut tx = state.db.begin().await?;
    let actor = Actor::of(&account, Via::Browser);
    let value = write::record_indicator_value(&mut tx, actor, &draft)
        .await
        .map_err(|e| FormError::from(e).with_echo(echo))?;
    tx.commit().await?;
    let initiative = read::indicator_series(&state.db, value.indicator_id)
        .await?
        .map(|s| s.indicator.initiative_id)
        .ok_or(FormError::NotFound)?;
    let locale = crate::language::locale_code(&locale);
    leptos_axum::redirect(&format!(
        "/{locale}/initiatives/{}/indicators#indicator-{}",
        initiative.0, value.indicator_id.0
    ));
    Ok(())
}

/// A quantity as the page's language writes it (a decimal comma in French).
fn quantity(value: f64, locale: Locale) -> String {
    let text = value.to_string();
    match locale {
        Locale::fr => text.replace('.', ","),
        _ => text,
    }
}

fn direction_label(lang: impl InLocale, direction: Direction) -> &'static str {
    let locale = lang.locale();
    match direction {
        Direction::Up => td_string!(locale, indicators_page.direction_up),
        Direction::Down => td_string!(locale, indicators_page.direction_down),
    }
}

/// `value unit (date)`, or a dash.
fn dated(point: Option<(NaiveDate, f64)>, unit: &str, locale: Locale) -> String {
    match point {
        Some((date, value)) => {
            format!("{} {unit} ({date})", quantity(value, locale)).replace("  ", " ")
        }
        None => "—".into(),
    }
}

/// The page that lists the indicators.
#[component]
pub fn IndicatorsPage() -> impl IntoView {
    let id = id_param();
    // Adding an indicator comes back to this page (a redirect), read anew.
    let data = Resource::new_blocking(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => indicators_of(id).await,
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
                        Ok(list) => view! { <IndicatorListView list /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn IndicatorListView(list: IndicatorList) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let l = locale.as_str();
    let i = list.initiative.clone();
    let base = format!("/{l}/initiatives/{}", i.id.0);
    let name = format!("{} {}", i.code, i.title.get(locale));
    let heading = t_string!(i18n, indicators_page.title).to_string();
    let can_edit = list.can_edit;
    view! {
        <Title text=format!("{heading} — {name}") />
        <p class="breadcrumb"><a href=base.clone()>{name}</a></p>
        <h1>{heading}</h1>
        {list.indicators.is_empty().then(|| view! { <p class="muted">{t!(i18n, indicators_page.none)}</p> })}
        {list.indicators.into_iter().map(|w| {
            let ind = w.indicator.clone();
            let record = format!("{base}/indicators/{}", ind.id.0);
            let label = format!("{} {}", ind.code, ind.name.get(locale));
            let anchor = format!("indicator-{}", ind.id.0);
            let heading_id = format!("indicator-{}-heading", ind.id.0);
            let lang = ind.name.language_of(locale).as_str();
            view! {
                <section id=anchor aria-labelledby=format!("{heading_id}")>
                    <h2 id=heading_id.clone() lang=lang>{label.clone()}</h2>
                    <IndicatorFacts indicator=ind />
                    <ValueTable values=w />
                    {can_edit.then(|| view! {
                        <p>
                            <a href=record>
                                {t!(i18n, indicators_page.record_link)}
                                <span class="visually-hidden">{format!(" : {label}")}</span>
                            </a>
                        </p>
                    })}
                </section>
            }
        }).collect_view()}
        {can_edit.then(|| view! { <NewIndicatorForm initiative_id=i.id /> })}
    }
}

/// Unit, direction, baseline and target of an indicator.
#[component]
fn IndicatorFacts(indicator: Indicator) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let unit = indicator.unit.get(locale).to_owned();
    let direction = indicator.direction;
    view! {
        <dl class="facts">
            <dt>{t!(i18n, indicators_page.code)}</dt>
            <dd>{indicator.code.to_string()}</dd>
            <dt>{t!(i18n, indicators_page.unit)}</dt>
            <dd>{if unit.is_empty() { "—".to_owned() } else { unit.clone() }}</dd>
            <dt>{t!(i18n, indicators_page.direction)}</dt>
            <dd>{move || direction_label(i18n, direction)}</dd>
            <dt>{t!(i18n, indicators_page.baseline)}</dt>
            <dd>{dated(indicator.baseline, &unit, locale)}</dd>
            <dt>{t!(i18n, indicators_page.target)}</dt>
            <dd>{dated(indicator.target, &unit, locale)}</dd>
        </dl>
    }
}

/// Every value recorded for an indicator, by date.
#[component]
fn ValueTable(values: IndicatorWithValues) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let ind = values.indicator;
    let caption = t_string!(
        i18n,
        indicators_page.values_caption,
        indicator = format!("{} {}", ind.code, ind.name.get(locale))
    )
    .to_string();
    if values.values.is_empty() {
        return view! { <p class="muted">{t!(i18n, indicators_page.no_values)}</p> }.into_any();
    }
    view! {
        <table class="data-table">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, indicators_page.col_measured_on)}</th>
                    <th scope="col" class="number">{t!(i18n, indicators_page.col_value)}</th>
                    <th scope="col">{t!(i18n, indicators_page.col_note)}</th>
                    <th scope="col">{t!(i18n, indicators_page.col_by)}</th>
                </tr>
            </thead>
            <tbody>
                {values.values.into_iter().map(|v| view! {
                    <tr>
                        <th scope="row">{v.measured_on.to_string()}</th>
                        <td class="number">{quantity(v.value, locale)}</td>
                        <td lang=v.note.language_of(locale).as_str()>{v.note.get(locale).to_owned()}</td>
                        <td>
                            {v.author.clone()}
                            <br />
                            <span class="muted small">{v.recorded_at.format("%Y-%m-%d %H:%M UTC").to_string()}</span>
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn NewIndicatorForm(initiative_id: InitiativeId) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <section aria-labelledby="new-indicator-heading">
            <h2 id="new-indicator-heading">{t!(i18n, indicators_page.add_heading)}</h2>
            <NewIndicatorFields locale initiative_id=initiative_id.0 />
        </section>
    }
}

/// The page that records a value of one indicator.
#[component]
pub fn IndicatorValuePage() -> impl IntoView {
    let id = id_param();
    let params = use_params_map();
    let indicator = Memo::new(move |_| {
        params
            .read()
            .get("indicator")
            .and_then(|i| i.parse::<i64>().ok())
    });
    let data = Resource::new_blocking(
        move || (id.get(), indicator.get()),
        |ids| async move {
            match ids {
                (Some(id), Some(indicator)) => indicator_to_measure(id, indicator).await,
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
                        Ok((initiative, values, today)) => {
                            view! { <ValueForm initiative values today /> }.into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn ValueForm(
    initiative: Initiative,
    values: IndicatorWithValues,
    today: NaiveDate,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let ind = values.indicator.clone();
    let heading = t_string!(i18n, indicators_page.record_title).to_string();
    let label = format!("{} {}", ind.code, ind.name.get(locale));
    let back = format!(
        "/{}/initiatives/{}/indicators#indicator-{}",
        locale.as_str(),
        initiative.id.0,
        ind.id.0
    );
    let today = today.to_string();
    let unit = ind.unit.get(locale).to_owned();
    let value_label = if unit.is_empty() {
        t_string!(i18n, indicators_page.value).to_string()
    } else {
        format!("{} ({unit})", t_string!(i18n, indicators_page.value))
    };
    view! {
        <Title text=format!("{heading} — {label}") />
        <p class="breadcrumb">
            <a href=back.clone()>{format!("{} {}", initiative.code, initiative.title.get(locale))}</a>
        </p>
        <h1>{heading}</h1>
        <p class="lead" lang=ind.name.language_of(locale).as_str()>{label}</p>
        <IndicatorFacts indicator=ind.clone() />
        <ValueFields locale indicator_id=ind.id.0 today value_label=value_label.clone() back=back.clone() />
        <section aria-labelledby="values-heading">
            <h2 id="values-heading">{t!(i18n, indicators_page.values_heading)}</h2>
            <ValueTable values />
        </section>
    }
}

/// The form: an island, so that a refusal shows beside its fields without
/// reloading the page (and the same form posts without JavaScript).
#[island(lazy)]
fn ValueFields(
    locale: Locale,
    indicator_id: i64,
    today: String,
    value_label: String,
    back: String,
) -> impl IntoView {
    island_context(locale);
    let action = ServerAction::<RecordIndicatorValue>::new();
    let indicator_id = indicator_id.to_string();
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
                    <input type="hidden" name=form_name("indicator_id") value=indicator_id.clone() />
                    <fieldset>
                        <legend>{td!(locale, indicators_page.value_legend)}</legend>
                        <InputField name="measured_on" input_type="date" required=true
                            label=td_string!(locale, indicators_page.measured_on).to_string()
                            value=v("measured_on", &today) problem=p("measured_on") />
                        <InputField name="value" inputmode="decimal" required=true
                            label=value_label.clone()
                            value=v("value", "") problem=p("value") />
                        <TextAreaField name="note_fr" lang="fr"
                            label=td_string!(locale, indicators_page.note_fr).to_string()
                            value=v("note_fr", "") problem=p("note_fr") />
                        <TextAreaField name="note_en" lang="en"
                            label=td_string!(locale, indicators_page.note_en).to_string()
                            value=v("note_en", "") problem=p("note_en") />
                    </fieldset>
                }
            }}
            <p class="actions">
                <button type="submit" class="button-primary">{td!(locale, indicators_page.record_submit)}</button>
                <a href=back class="button-secondary">{td!(locale, form.cancel)}</a>
            </p>
        </ActionForm>
    }
}

/// The form: an island, so that a refusal shows beside its fields without
/// reloading the page (and the same form posts without JavaScript).
#[island(lazy)]
fn NewIndicatorFields(locale: Locale, initiative_id: i64) -> impl IntoView {
    island_context(locale);
    let add = ServerAction::<AddIndicator>::new();
    let initiative_id = InitiativeId(initiative_id);
    view! {
        <ActionForm action=add attr:class="form" attr:novalidate=true>
            {move || {
                let outcome: Outcome<()> = add.value().get();
                let v = |field: &str| typed_or(&outcome, field, "");
                let p = |field: &str| error_for(&outcome, field);
                let alert = alert_for(&outcome);
                let directions: Vec<(String, String)> = Direction::ALL
                    .iter()
                    .map(|d| (d.as_str().to_owned(), direction_label(locale, *d).to_owned()))
                    .collect();
                // Each fieldset is its own (type-erased) view: one
                // nested type for the whole form makes an unoptimised
                // server build overflow its stack while rendering.
                let about = view! {
                    <fieldset>
                        <legend>{td!(locale, indicators_page.new_legend)}</legend>
                        <InputField name="code" required=true
                            label=td_string!(locale, indicators_page.code).to_string()
                            hint=td_string!(locale, indicators_page.code_hint).to_string()
                            value=v("code") problem=p("code") />
                        <InputField name="name_fr" lang="fr" required=true
                            label=td_string!(locale, indicators_page.name_fr).to_string()
                            value=v("name_fr") problem=p("name_fr") />
                        <InputField name="name_en" lang="en" required=true
                            label=td_string!(locale, indicators_page.name_en).to_string()
                            value=v("name_en") problem=p("name_en") />
                        <InputField name="unit_fr" lang="fr"
                            label=td_string!(locale, indicators_page.unit_fr).to_string()
                            value=v("unit_fr") problem=p("unit_fr") />
                        <InputField name="unit_en" lang="en"
                            label=td_string!(locale, indicators_page.unit_en).to_string()
                            value=v("unit_en") problem=p("unit_en") />
                        <SelectField name="direction" required=true
                            label=td_string!(locale, indicators_page.direction).to_string()
                            value=v("direction") problem=p("direction")
                            options=directions
                            empty=td_string!(locale, update.choose).to_string() />
                    </fieldset>
                }
                .into_any();
                let baseline = view! {
                    <fieldset>
                        <legend>{td!(locale, indicators_page.baseline)}</legend>
                        <p class="field-hint">{td!(locale, indicators_page.pair_hint)}</p>
                        <InputField name="baseline_date" input_type="date"
                            label=td_string!(locale, indicators_page.baseline_date).to_string()
                            value=v("baseline_date") problem=p("baseline_date") />
                        <InputField name="baseline_value" inputmode="decimal"
                            label=td_string!(locale, indicators_page.baseline_value).to_string()
                            value=v("baseline_value") problem=p("baseline_value") />
                    </fieldset>
                }
                .into_any();
                let target = view! {
                    <fieldset>
                        <legend>{td!(locale, indicators_page.target)}</legend>
                        <InputField name="target_date" input_type="date"
                            label=td_string!(locale, indicators_page.target_date).to_string()
                            value=v("target_date") problem=p("target_date") />
                        <InputField name="target_value" inputmode="decimal"
                            label=td_string!(locale, indicators_page.target_value).to_string()
                            value=v("target_value") problem=p("target_value") />
                    </fieldset>
                }
                .into_any();
                view! {
                    {alert}
                    <input type="hidden" name="locale" value=locale.as_str() />
                    <input type="hidden" name=form_name("initiative_id") value=initiative_id.0.to_string() />
                    {about}
                    {baseline}
                    {target}
                }
            }}
            <p class="actions">
                <button type="submit" class="button-primary">{td!(locale, indicators_page.add_submit)}</button>
            </p>
        </ActionForm>
    }
}
