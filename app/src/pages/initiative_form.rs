//! `/{lang}/initiatives/new` and `/{lang}/initiatives/{id}/edit`: create an
//! initiative, or edit, move (change its parent), publish, unpublish,
//! archive or restore one. Saving checks the version the form was opened
//! at: if someone saved in between, the form comes back with what they
//! changed and everything this person typed.

use super::fields::*;
use super::initiatives::{id_param, Refusal};
use super::labels::*;
use crate::domain::*;
use crate::forms::{
    error_for, island_context, typed_or, Echo, FieldChange, FormAlert, FormError, Outcome,
};
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// What the form needs: the initiative (when editing) and the choices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InitiativeFormData {
    pub initiative: Option<Initiative>,
    pub parent_id: Option<InitiativeId>,
    /// Every other initiative, as `code path — title`, for the parent choice.
    pub parents: Vec<(InitiativeId, String, String)>,
    pub organisations: Vec<Organisation>,
    pub may_publish: bool,
}

#[server(prefix = "/fn", endpoint = "initiative_form_start")]
pub async fn initiative_form_start(
    id: Option<i64>,
    parent: Option<i64>,
) -> Result<InitiativeFormData, FormError> {
    use crate::auth::{require, Need};
    use crate::store::read::{self, Scope};
    use std::collections::HashMap;
    let (account, state) = require(Need::Edit).await?;
    let db = &state.db;
    let initiative = match id {
        Some(id) => Some(
            read::initiative(db, InitiativeId(id))
                .await?
                .ok_or(FormError::NotFound)?,
        ),
        None => None,
    };
    let all = read::initiatives(db, Scope::Portfolio).await?;
    let by_id: HashMap<InitiativeId, &Initiative> = all.iter().map(|i| (i.id, i)).collect();
    fn path<'a>(by_id: &HashMap<InitiativeId, &'a Initiative>, mut i: &'a Initiative) -> String {
        let mut codes = vec![i.code.to_string()];
        while let Some(parent) = i.parent_id.and_then(|p| by_id.get(&p).copied()) {
            codes.push(parent.code.to_string());
            i = parent;
        }
        codes.reverse();
        codes.join(" / ")
    }
    let mut parents: Vec<(InitiativeId, String, String)> = all
        .iter()
        .filter(|i| Some(i.id) != id.map(InitiativeId))
        .map(|i| (i.id, path(&by_id, i), i.kind.as_str().to_owned()))
        .collect();
    parents.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(InitiativeFormData {
        parent_id: initiative
            .as_ref()
            .map_or(parent.map(InitiativeId), |i| i.parent_id),
        initiative,
        parents,
        organisations: read::organisations(db).await?,
        may_publish: account.role.can_administer(),
    })
}

/// The fields that differ between two versions of an initiative.
#[cfg(feature = "ssr")]
fn changes(then: &InitiativeForm, now: &InitiativeForm) -> Vec<FieldChange> {
    use crate::forms::Echo;
    let then = Echo::of(then);
    let now = Echo::of(now);
    now.0
        .iter()
        .filter_map(|(field, value)| {
            let before = then.get(field).unwrap_or_default();
            (before != value).then(|| FieldChange {
                field: field.clone(),
                then: before.to_owned(),
                now: value.clone(),
            })
        })
        .collect()
}

/// A conflict for `id`: what changed since `version`, compared with the
/// initiative as it is now.
#[cfg(feature = "ssr")]
async fn conflict(
    db: &crate::store::Db,
    id: InitiativeId,
    version: i64,
    typed: &InitiativeForm,
) -> FormError {
    use crate::store::read;
    let now = match read::initiative(db, id).await {
        Ok(Some(now)) => now,
        Ok(None) => return FormError::NotFound,
        Err(e) => return e.into(),
    };
    let then = read::initiative_at_version(db, id, version)
        .await
        .ok()
        .flatten();
    let then_form = then.as_ref().map(InitiativeForm::from);
    FormError::Conflict {
        changes: changes(
            then_form.as_ref().unwrap_or(typed),
            &InitiativeForm::from(&now),
        ),
        current_version: now.version,
        echo: crate::forms::Echo::of(typed),
    }
}

/// Creates (no `id`) or changes an initiative. Editors and administrators;
/// only administrators decide what is published.
#[server(prefix = "/fn", endpoint = "save_initiative")]
pub async fn save_initiative(
    locale: String,
    id: String,
    version: String,
    form: InitiativeForm,
) -> Result<(), FormError> {
    use crate::auth::{require, Need};
    use crate::forms::Echo;
    use crate::store::{read, write, Actor, StoreError};
    let (account, state) = require(Need::Edit).await?;
    let echo = Echo::of(&form);
    let draft = form
        .parse()
        .map_err(|e| FormError::from(e).with_echo(echo.clone()))?;
    let existing = match id.trim() {
        "" => None,
        text => {
            let id = text.parse::<i64>().map_err(|_| FormError::NotFound)?;
            Some(
                read::initiative(&state.db, InitiativeId(id))
                    .await?
                    .ok_or(FormError::NotFound)?,
            )
        }
    };
    let visibility_before = existing
        .as_ref()
        .map_or(Visibility::Internal, |i| i.visibility);
    if draft.visibility != visibility_before && !account.role.can_administer() {
        return Err(FormError::Forbidden);
    }
    let actor = Actor::of(&account, Via::Browser);
    let mut tx = state.db.begin().await?;
    let saved = match &existing {
        None => write::create_initiative(&mut tx, actor, &draft).await,
        Some(current) => {
            let version = version
                .trim()
                .parse::<i64>()
                .map_err(|_| FormError::from(FieldError::new("version", Problem::Required)))?;
            write::update_initiative(&mut tx, actor, current.id, version, &draft).await
        }
    };
    let saved = match saved {
        Ok(saved) => saved,
        Err(StoreError::Conflict { .. }) => {
            drop(tx);
            let current = existing.expect("a conflict needs an existing initiative");
            let version = version.trim().parse().unwrap_or(0);
            return Err(conflict(&state.db, current.id, version, &form).await);
        }
        Err(e) => return Err(FormError::from(e).with_echo(echo)),
    };
    tx.commit().await?;
    let locale = crate::language::locale_code(&locale);
    leptos_axum::redirect(&format!("/{locale}/initiatives/{}", saved.id.0));
    Ok(())
}

/// Archives (`archived = "true"`) or restores an initiative at `version`.
#[server(prefix = "/fn", endpoint = "archive_initiative")]
pub async fn archive_initiative(
    locale: String,
    id: i64,
    version: i64,
    archived: String,
) -> Result<(), FormError> {
    use crate::auth::{require, Need};
    use crate::store::{write, Actor, StoreError};
    let (account, state) = require(Need::Edit).await?;
    let archived = archived == "true";
    let actor = Actor::of(&account, Via::Browser);
    let mut tx = state.db.begin().await?;
    match write::set_archived(&mut tx, actor, InitiativeId(id), version, archived).await {
        Ok(_) => tx.commit().await?,
        Err(StoreError::Conflict {
            current_version, ..
        }) => {
            return Err(FormError::Conflict {
                changes: Vec::new(),
                current_version,
                echo: Default::default(),
            })
        }
        Err(e) => return Err(e.into()),
    }
    let locale = crate::language::locale_code(&locale);
    leptos_axum::redirect(&format!("/{locale}/initiatives/{id}"));
    Ok(())
}

/// `/{lang}/initiatives/new[?parent=ID]`.
#[component]
pub fn NewInitiativePage() -> impl IntoView {
    let query = use_query_map();
    let parent = Memo::new(move |_| {
        query
            .read()
            .get("parent")
            .and_then(|p| p.parse::<i64>().ok())
    });
    let data = Resource::new_blocking(
        move || parent.get(),
        |parent| initiative_form_start(None, parent),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Err(error) => view! { <Refusal error /> }.into_any(),
                Ok(start) => view! { <InitiativeForm start /> }.into_any(),
            })}
        </Suspense>
    }
}

/// `/{lang}/initiatives/{id}/edit`.
#[component]
pub fn EditInitiativePage() -> impl IntoView {
    let id = id_param();
    let data = Resource::new_blocking(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => initiative_form_start(Some(id), None).await,
                None => Err(FormError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().map(|r| match r {
                Err(error) => view! { <Refusal error /> }.into_any(),
                Ok(start) => view! { <InitiativeForm start /> }.into_any(),
            })}
        </Suspense>
    }
}

/// What another person changed, beside what this person typed.
#[component]
fn ConflictChanges(changes: Vec<FieldChange>) -> impl IntoView {
    let locale = crate::forms::page_locale();
    view! {
        <table class="data-table conflict-changes" data-testid="conflict-changes">
            <caption>{td!(locale, initiative_form.conflict_caption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{td!(locale, initiative_form.conflict_field)}</th>
                    <th scope="col">{td!(locale, initiative_form.conflict_then)}</th>
                    <th scope="col">{td!(locale, initiative_form.conflict_now)}</th>
                </tr>
            </thead>
            <tbody>
                {changes.into_iter().map(|c| view! {
                    <tr><th scope="row"><code>{c.field}</code></th><td>{c.then}</td><td>{c.now}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn InitiativeForm(start: InitiativeFormData) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let l = locale.as_str();
    let (heading, back) = match &start.initiative {
        Some(i) => (
            format!(
                "{} — {} {}",
                t_string!(i18n, initiative_form.edit_title),
                i.code,
                i.title.get(locale)
            ),
            format!("/{l}/initiatives/{}", i.id.0),
        ),
        None => (
            t_string!(i18n, initiative_form.new_title).to_string(),
            format!("/{l}/initiatives"),
        ),
    };
    view! {
        <Title text=heading.clone() />
        <p class="breadcrumb"><a href=back>{t!(i18n, form.back)}</a></p>
        <h1>{heading}</h1>
        <InitiativeFields start=FieldsStart::new(&start, locale) locale />
    }
}

/// What the form's island starts from, as the strings it shows: the stored
/// values (or a new initiative's defaults) by field name and the choices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct FieldsStart {
    stored: Echo,
    editing: Option<Editing>,
    parents: Vec<(String, String)>,
    organisations: Vec<(String, String)>,
    may_publish: bool,
}

/// The initiative being edited: what its archive button sends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Editing {
    id: i64,
    version: i64,
    archived: bool,
}

impl FieldsStart {
    fn new(start: &InitiativeFormData, locale: Locale) -> Self {
        let stored = start
            .initiative
            .as_ref()
            .map(InitiativeForm::from)
            .unwrap_or_else(|| InitiativeForm {
                parent_id: start.parent_id.map(|p| p.0.to_string()).unwrap_or_default(),
                visibility: Visibility::Internal.as_str().to_owned(),
                weight: "1".into(),
                ..Default::default()
            });
        FieldsStart {
            stored: Echo::of(&stored),
            editing: start.initiative.as_ref().map(|i| Editing {
                id: i.id.0,
                version: i.version,
                archived: i.archived,
            }),
            parents: start
                .parents
                .iter()
                .map(|(pid, path, kind)| (pid.0.to_string(), format!("{path} ({kind})")))
                .collect(),
            organisations: start
                .organisations
                .iter()
                .map(|o| {
                    (
                        o.id.0.to_string(),
                        format!("{} — {}", o.code, o.name.get(locale)),
                    )
                })
                .collect(),
            may_publish: start.may_publish,
        }
    }
}

/// The form and its archive button: an island, so that a refusal or a
/// conflict shows beside its fields without reloading the page (and the same
/// forms post without JavaScript).
#[island(lazy)]
fn InitiativeFields(start: FieldsStart, locale: Locale) -> impl IntoView {
    island_context(locale);
    let l = locale.as_str();
    let action = ServerAction::<SaveInitiative>::new();
    let archive = ServerAction::<ArchiveInitiative>::new();
    let FieldsStart {
        stored,
        editing,
        parents: parent_options,
        organisations: org_options,
        may_publish,
    } = start;
    let stored_echo = move |field: &str| stored.get(field).unwrap_or_default().to_owned();
    let back = match &editing {
        Some(e) => format!("/{l}/initiatives/{}", e.id),
        None => format!("/{l}/initiatives"),
    };
    let id = editing
        .as_ref()
        .map(|e| e.id.to_string())
        .unwrap_or_default();
    let version = editing.as_ref().map(|e| e.version).unwrap_or(0);

    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            {move || {
                let outcome: Outcome<()> = action.value().get();
                let v = |field: &str| typed_or(&outcome, field, &stored_echo(field));
                let p = |field: &str| error_for(&outcome, field);
                let (alert, changes, version_now) = match &outcome {
                    Some(Err(error @ FormError::Conflict { changes, current_version, .. })) => (
                        Some(view! { <FormAlert error=error.clone() /> }),
                        Some(view! { <ConflictChanges changes=changes.clone() /> }),
                        *current_version,
                    ),
                    Some(Err(error)) => (Some(view! { <FormAlert error=error.clone() /> }), None, version),
                    _ => (None, None, version),
                };
                let kinds: Vec<(String, String)> = InitiativeKind::ALL
                    .iter()
                    .map(|k| (k.as_str().to_owned(), kind_label(locale, *k).to_owned()))
                    .collect();
                let parent_options = parent_options.clone();
                let org_options = org_options.clone();
                let visibilities: Vec<(String, String)> = Visibility::ALL
                    .iter()
                    .map(|x| (x.as_str().to_owned(), visibility_label(locale, *x).to_owned()))
                    .collect();
                view! {
                    {alert}
                    {changes}
                    <input type="hidden" name="locale" value=l />
                    <input type="hidden" name="id" value=id.clone() />
                    <input type="hidden" name="version" value=version_now.to_string() />
                    <fieldset>
                        <legend>{td!(locale, initiative_form.placement)}</legend>
                        <SelectField name="kind" required=true label=td_string!(locale, initiative_form.kind).to_string()
                            value=v("kind") problem=p("kind") options=kinds empty=td_string!(locale, update.choose).to_string() />
                        <SelectField name="parent_id" label=td_string!(locale, initiative_form.parent).to_string()
                            value=v("parent_id") problem=p("parent_id") options=parent_options
                            empty=td_string!(locale, initiative_form.no_parent).to_string() />
                        <InputField name="code" required=true label=td_string!(locale, initiative_form.code).to_string()
                            hint=td_string!(locale, initiative_form.code_hint).to_string()
                            value=v("code") problem=p("code") />
                    </fieldset>
                    <fieldset>
                        <legend>{td!(locale, initiative_form.description)}</legend>
                        <InputField name="title_fr" required=true lang="fr" label=td_string!(locale, initiative_form.title_fr).to_string()
                            value=v("title_fr") problem=p("title_fr") />
                        <InputField name="title_en" required=true lang="en" label=td_string!(locale, initiative_form.title_en).to_string()
                            value=v("title_en") problem=p("title_en") />
                        <TextAreaField name="description_fr" lang="fr" label=td_string!(locale, initiative_form.description_fr).to_string()
                            value=v("description_fr") problem=p("description_fr") />
                        <TextAreaField name="description_en" lang="en" label=td_string!(locale, initiative_form.description_en).to_string()
                            value=v("description_en") problem=p("description_en") />
                        <SelectField name="organisation_id" label=td_string!(locale, initiative_form.organisation).to_string()
                            value=v("organisation_id") problem=p("organisation_id") options=org_options
                            empty=td_string!(locale, initiative_form.none).to_string() />
                        <input type="hidden" name=form_name("contact_id") value=v("contact_id") />
                        <InputField name="start_date" input_type="date" label=td_string!(locale, initiative_form.start_date).to_string()
                            value=v("start_date") problem=p("start_date") />
                        <InputField name="target_date" input_type="date" label=td_string!(locale, initiative_form.target_date).to_string()
                            value=v("target_date") problem=p("target_date") />
                        <InputField name="weight" inputmode="decimal" label=td_string!(locale, initiative_form.weight).to_string()
                            hint=td_string!(locale, initiative_form.weight_hint).to_string()
                            value=v("weight") problem=p("weight") />
                        <InputField name="themes" label=td_string!(locale, initiative_form.themes).to_string()
                            hint=td_string!(locale, initiative_form.themes_hint).to_string()
                            value=v("themes") problem=p("themes") />
                        <input type="hidden" name=form_name("priority") value=v("priority") />
                    </fieldset>
                    {if may_publish {
                        view! {
                            <fieldset>
                                <legend>{td!(locale, initiative_form.publication)}</legend>
                                <SelectField name="visibility" required=true label=td_string!(locale, initiative_form.visibility).to_string()
                                    value=v("visibility") problem=p("visibility") options=visibilities />
                            </fieldset>
                        }.into_any()
                    } else {
                        view! { <input type="hidden" name=form_name("visibility") value=v("visibility") /> }.into_any()
                    }}
                }
            }}
            <p class="actions">
                <button type="submit" class="button-primary">{td!(locale, initiative_form.submit)}</button>
                <a href=back.clone() class="button-secondary">{td!(locale, form.cancel)}</a>
            </p>
        </ActionForm>
        {editing.map(|i| {
            let archived = i.archived;
            view! {
                <section aria-labelledby="archive-heading" class="danger-zone">
                    <h2 id="archive-heading">{td!(locale, initiative_form.archive_heading)}</h2>
                    {move || archive.value().get().and_then(|r| r.err()).map(|error| view! { <FormAlert error /> })}
                    <ActionForm action=archive>
                        <input type="hidden" name="locale" value=l />
                        <input type="hidden" name="id" value=i.id.to_string() />
                        <input type="hidden" name="version" value=i.version.to_string() />
                        <input type="hidden" name="archived" value=(!archived).to_string() />
                        <button type="submit" class="button-secondary">
                            {if archived { td_string!(locale, initiative_form.restore) } else { td_string!(locale, initiative_form.archive) }}
                        </button>
                    </ActionForm>
                </section>
            }
        })}
    }
}
