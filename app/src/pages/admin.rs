//! `/{lang}/admin/…`: what only administrators do — accounts (add one,
//! change its role, disable it) and organisations (list, add). Every server
//! function here asks for [`Need::Administer`](crate::auth::Need), whatever
//! the page showed.
//!
//! A new account's initial password: the form comes with a random one
//! already typed in (generated on the server, shown on this page only, never
//! stored until the form is sent), which the administrator copies to hand
//! over, or replaces with their own (at least
//! [`PASSWORD_MIN_LEN`](crate::store::accounts::PASSWORD_MIN_LEN) characters).
//! So the password is shown before the account exists, with or without
//! JavaScript, and never travels back in an answer or a URL: a refused form
//! comes back with a new suggestion, not with what was sent.

use super::fields::*;
use super::initiatives::Refusal;
use super::labels::role_label;
use crate::domain::*;
use crate::forms::{alert_for, error_for, island_context, typed_or, FormError, Outcome};
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// What the accounts page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountDirectory {
    pub accounts: Vec<Account>,
    /// A fresh random password offered for the next account.
    pub suggested_password: String,
    /// The shortest password the store accepts.
    pub password_min_len: usize,
}

/// Every account, and a password to suggest; administrators only.
#[server(prefix = "/fn", endpoint = "list_accounts")]
pub async fn list_accounts() -> Result<AccountDirectory, FormError> {
    use crate::auth::{require, Need};
    use crate::store::accounts;
    let (_, state) = require(Need::Administer).await?;
    Ok(AccountDirectory {
        accounts: accounts::accounts(&state.db).await?,
        suggested_password: accounts::generate_password(),
        password_min_len: accounts::PASSWORD_MIN_LEN,
    })
}

/// One account, to change it; administrators only.
#[server(prefix = "/fn", endpoint = "account_to_change")]
pub async fn account_to_change(id: i64) -> Result<Account, FormError> {
    use crate::auth::{require, Need};
    use crate::store::accounts;
    let (_, state) = require(Need::Administer).await?;
    accounts::accounts(&state.db)
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or(FormError::NotFound)
}

/// Creates an account with the password the form carries; administrators only.
#[server(prefix = "/fn", endpoint = "add_account")]
pub async fn add_account(locale: String, form: AccountForm) -> Result<(), FormError> {
    use crate::auth::{require, Need};
    use crate::forms::Echo;
    use crate::store::{accounts, Actor};
    let (account, state) = require(Need::Administer).await?;
    // What was typed comes back on a refusal, except the password.
    let mut echo = Echo::of(&form);
    echo.0.retain(|(field, _)| field != "password");
    let new = form
        .parse()
        .map_err(|e| FormError::from(e).with_echo(echo.clone()))?;
    let mut tx = state.db.begin().await?;
    let actor = Actor::of(&account, Via::Browser);
    let created = accounts::create_account(
        &mut tx,
        actor,
        &new.email,
        &new.name,
        new.role,
        &new.password,
    )
    .await
    .map_err(|e| FormError::from(e).with_echo(echo))?;
    tx.commit().await?;
    let locale = crate::language::locale_code(&locale);
    leptos_axum::redirect(&format!(
        "/{locale}/admin/accounts?created={}#account-{}",
        created.id, created.id
    ));
    Ok(())
}

/// Changes an account's role and whether it may sign in, in one
/// transaction; administrators only.
#[server(prefix = "/fn", endpoint = "change_account")]
pub async fn change_account(locale: String, form: AccountChangeForm) -> Result<(), FormError> {
    use crate::auth::{require, Need};
    use crate::forms::Echo;
    use crate::store::{accounts, Actor};
    let (account, state) = require(Need::Administer).await?;
    let echo = Echo::of(&form);
    let change = form
        .parse()
        .map_err(|e| FormError::from(e).with_echo(echo.clone()))?;
    let before = accounts::accounts(&state.db)
        .await?
        .into_iter()
        .find(|a| a.email == change.email)
        .ok_or(FormError::NotFound)?;
    let mut tx = state.db.begin().await?;
    let actor = Actor::of(&account, Via::Browser);
    if before.role != change.role {
        accounts::set_role(&mut tx, actor, &change.email, change.role)
            .await
            .map_err(|e| FormError::from(e).with_echo(echo.clone()))?;
    }
    if before.disabled != change.disabled {
        accounts::set_disabled(&mut tx, actor, &change.email, change.disabled)
            .await
            .map_err(|e| FormError::from(e).with_echo(echo))?;
    }
    tx.commit().await?;
    let locale = crate::language::locale_code(&locale);
    leptos_axum::redirect(&format!("/{locale}/admin/accounts#account-{}", before.id));
    Ok(())
}

/// Every organisation; administrators only.
#[server(prefix = "/fn", endpoint = "list_organisations")]
pub async fn list_organisations() -> Result<Vec<Organisation>, FormError> {
    use crate::auth::{require, Need};
    use crate::store::read;
    let (_, state) = require(Need::Administer).await?;
    Ok(read::organisations(&state.db).await?)
}

/// Adds an organisation (its code unique); administrators only.
#[server(prefix = "/fn", endpoint = "add_organisation")]
pub async fn add_organisation(locale: String, form: OrganisationForm) -> Result<(), FormError> {
    use crate::auth::{require, Need};
    use crate::forms::Echo;
    use crate::store::{write, Actor};
    let (account, state) = require(Need::Administer).await?;
    let echo = Echo::of(&form);
    let draft = form
        .parse()
        .map_err(|e| FormError::from(e).with_echo(echo.clone()))?;
    let mut tx = state.db.begin().await?;
    let actor = Actor::of(&account, Via::Browser);
    let organisation = write::create_organisation(&mut tx, actor, &draft.code, &draft.name)
        .await
        .map_err(|e| FormError::from(e).with_echo(echo))?;
    tx.commit().await?;
    let locale = crate::language::locale_code(&locale);
    leptos_axum::redirect(&format!(
        "/{locale}/admin/organisations#organisation-{}",
        organisation.id.0
    ));
    Ok(())
}

/// The links between the administration pages (shown to administrators only).
#[component]
fn AdminNav() -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked().as_str();
    view! {
        <nav class="admin-nav" aria-label=move || t_string!(i18n, admin.nav_label)>
            <ul>
                <li><a href=format!("/{l}/admin/accounts")>{t!(i18n, admin.accounts_title)}</a></li>
                <li><a href=format!("/{l}/admin/organisations")>{t!(i18n, admin.organisations_title)}</a></li>
            </ul>
        </nav>
    }
}

fn role_options(locale: Locale) -> Vec<(String, String)> {
    Role::ALL
        .iter()
        .map(|r| (r.as_str().to_owned(), role_label(locale, *r).to_owned()))
        .collect()
}

/// `/{lang}/admin/accounts`.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let created = Memo::new(move |_| {
        query
            .read()
            .get("created")
            .and_then(|c| c.parse::<i64>().ok())
    });
    // Adding comes back to this page (a redirect): the list is read anew,
    // with a new suggested password.
    let data = Resource::new_blocking(|| (), |_| list_accounts());
    view! {
        <Title text=untrack(move || t_string!(i18n, admin.accounts_title).to_string()) />
        <h1>{t!(i18n, admin.accounts_title)}</h1>
        <Suspense fallback=|| ()>
            {move || {
                data.get()
                    .map(|result| match result {
                        Err(error) => view! { <Refusal error /> }.into_any(),
                        Ok(directory) => {
                            view! { <AccountsView directory created=created.get() /> }.into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn AccountsView(directory: AccountDirectory, created: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked().as_str();
    let notice = created
        .and_then(|id| directory.accounts.iter().find(|a| a.id == id))
        .map(|a| {
            let email = a.email.to_string();
            view! {
                <p class="notice" role="status">
                    {move || t_string!(i18n, admin.account_created, email = email.clone()).to_string()}
                </p>
            }
        });
    let suggested = directory.suggested_password.clone();
    let min_len = directory.password_min_len;
    view! {
        <AdminNav />
        {notice}
        <table class="data-table">
            <caption>{t!(i18n, admin.accounts_caption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, admin.email)}</th>
                    <th scope="col">{t!(i18n, admin.name)}</th>
                    <th scope="col">{t!(i18n, admin.role)}</th>
                    <th scope="col">{t!(i18n, admin.access)}</th>
                    <th scope="col">{t!(i18n, admin.col_actions)}</th>
                </tr>
            </thead>
            <tbody>
                {directory.accounts.into_iter().map(|a| {
                    let role = a.role;
                    let email = a.email.to_string();
                    view! {
                        <tr id=format!("account-{}", a.id)>
                            <th scope="row">{email.clone()}</th>
                            <td>{a.name.clone()}</td>
                            <td>{move || role_label(i18n, role)}</td>
                            <td>
                                {if a.disabled {
                                    view! { <span class="badge">{t!(i18n, admin.disabled)}</span> }.into_any()
                                } else {
                                    view! { {t!(i18n, admin.enabled)} }.into_any()
                                }}
                            </td>
                            <td>
                                <a href=format!("/{l}/admin/accounts/{}", a.id)>
                                    {t!(i18n, admin.change_link)}
                                    <span class="visually-hidden">{format!(" : {email}")}</span>
                                </a>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <section aria-labelledby="new-account-heading">
            <h2 id="new-account-heading">{t!(i18n, admin.add_account_heading)}</h2>
            <NewAccountFields locale=i18n.get_locale_untracked() suggested min_len />
        </section>
    }
}

/// `/{lang}/admin/accounts/{account}`.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("account")
            .and_then(|a| a.parse::<i64>().ok())
    });
    let data = Resource::new_blocking(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => account_to_change(id).await,
                None => Err(FormError::NotFound),
            }
        },
    );
    view! {
        <Title text=untrack(move || t_string!(i18n, admin.change_title).to_string()) />
        <h1>{t!(i18n, admin.change_title)}</h1>
        <Suspense fallback=|| ()>
            {move || {
                data.get()
                    .map(|result| match result {
                        Err(error) => view! { <Refusal error /> }.into_any(),
                        Ok(account) => view! { <AccountChange account /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn AccountChange(account: Account) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked().as_str();
    let back = format!("/{l}/admin/accounts#account-{}", account.id);
    let email = account.email.to_string();
    let role = account.role.as_str();
    let disabled = account.disabled.to_string();
    view! {
        <AdminNav />
        <p class="lead">{format!("{} · {}", account.name, email)}</p>
        <AccountFields locale=i18n.get_locale_untracked() email role=role.to_owned() disabled back />
    }
}

/// `/{lang}/admin/organisations`.
#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new_blocking(|| (), |_| list_organisations());
    view! {
        <Title text=untrack(move || t_string!(i18n, admin.organisations_title).to_string()) />
        <h1>{t!(i18n, admin.organisations_title)}</h1>
        <Suspense fallback=|| ()>
            {move || {
                data.get()
                    .map(|result| match result {
                        Err(error) => view! { <Refusal error /> }.into_any(),
                        Ok(organisations) => view! { <OrganisationsView organisations /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn OrganisationsView(organisations: Vec<Organisation>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <AdminNav />
        {organisations.is_empty().then(|| view! { <p class="muted">{t!(i18n, admin.no_organisations)}</p> })}
        {(!organisations.is_empty()).then(|| view! {
            <table class="data-table">
                <caption>{t!(i18n, admin.organisations_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, admin.code)}</th>
                        <th scope="col">{t!(i18n, admin.name_fr)}</th>
                        <th scope="col">{t!(i18n, admin.name_en)}</th>
                    </tr>
                </thead>
                <tbody>
                    {organisations.into_iter().map(|o| view! {
                        <tr id=format!("organisation-{}", o.id.0)>
                            <th scope="row">{o.code.to_string()}</th>
                            <td lang="fr">{o.name.fr.clone()}</td>
                            <td lang="en">{o.name.en.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        <section aria-labelledby="new-organisation-heading">
            <h2 id="new-organisation-heading">{t!(i18n, admin.add_organisation_heading)}</h2>
            <NewOrganisationFields locale=i18n.get_locale_untracked() />
        </section>
    }
}

/// The form: an island, so that a refusal shows beside its fields without
/// reloading the page (and the same form posts without JavaScript).
#[island(lazy)]
fn NewAccountFields(locale: Locale, suggested: String, min_len: usize) -> impl IntoView {
    island_context(locale);
    let l = locale.as_str();
    let add = ServerAction::<AddAccount>::new();
    view! {
        <ActionForm action=add attr:class="form" attr:novalidate=true>
            {move || {
                let outcome: Outcome<()> = add.value().get();
                let v = |field: &str, default: &str| typed_or(&outcome, field, default);
                let p = |field: &str| error_for(&outcome, field);
                let alert = alert_for(&outcome);
                view! {
                    {alert}
                    <input type="hidden" name="locale" value=l />
                    <fieldset>
                        <legend>{td!(locale, admin.new_account_legend)}</legend>
                        <InputField name="email" input_type="email" required=true
                            label=td_string!(locale, admin.email).to_string()
                            value=v("email", "") problem=p("email") />
                        <InputField name="name" required=true
                            label=td_string!(locale, admin.name).to_string()
                            value=v("name", "") problem=p("name") />
                        <SelectField name="role" required=true
                            label=td_string!(locale, admin.role).to_string()
                            value=v("role", Role::Viewer.as_str()) problem=p("role")
                            options=role_options(locale) />
                        // Shown in clear on purpose: the administrator
                        // copies it to hand it over.
                        <InputField name="password" required=true
                            label=td_string!(locale, admin.password).to_string()
                            hint=td_string!(locale, admin.password_hint, min = min_len).to_string()
                            value=suggested.clone() problem=p("password") />
                    </fieldset>
                }
            }}
            <p class="actions">
                <button type="submit" class="button-primary">{td!(locale, admin.add_account_submit)}</button>
            </p>
        </ActionForm>
    }
}

/// The form: an island, so that a refusal shows beside its fields without
/// reloading the page (and the same form posts without JavaScript).
#[island(lazy)]
fn AccountFields(
    locale: Locale,
    email: String,
    role: String,
    disabled: String,
    back: String,
) -> impl IntoView {
    island_context(locale);
    let l = locale.as_str();
    let action = ServerAction::<ChangeAccount>::new();
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            {move || {
                let outcome: Outcome<()> = action.value().get();
                let v = |field: &str, default: &str| typed_or(&outcome, field, default);
                let p = |field: &str| error_for(&outcome, field);
                let alert = alert_for(&outcome);
                let access = vec![
                    ("false".to_owned(), td_string!(locale, admin.enabled).to_owned()),
                    ("true".to_owned(), td_string!(locale, admin.disabled).to_owned()),
                ];
                view! {
                    {alert}
                    <input type="hidden" name="locale" value=l />
                    <input type="hidden" name=form_name("email") value=email.clone() />
                    <fieldset>
                        <legend>{td!(locale, admin.change_legend)}</legend>
                        <SelectField name="role" required=true
                            label=td_string!(locale, admin.role).to_string()
                            value=v("role", &role) problem=p("role")
                            options=role_options(locale) />
                        <SelectField name="disabled" required=true
                            label=td_string!(locale, admin.access).to_string()
                            value=v("disabled", &disabled) problem=p("disabled")
                            options=access />
                        <p class="field-hint">{td!(locale, admin.access_hint)}</p>
                    </fieldset>
                }
            }}
            <p class="actions">
                <button type="submit" class="button-primary">{td!(locale, admin.change_submit)}</button>
                <a href=back class="button-secondary">{td!(locale, form.cancel)}</a>
            </p>
        </ActionForm>
    }
}

/// The form: an island, so that a refusal shows beside its fields without
/// reloading the page (and the same form posts without JavaScript).
#[island(lazy)]
fn NewOrganisationFields(locale: Locale) -> impl IntoView {
    island_context(locale);
    let l = locale.as_str();
    let add = ServerAction::<AddOrganisation>::new();
    view! {
        <ActionForm action=add attr:class="form" attr:novalidate=true>
            {move || {
                let outcome: Outcome<()> = add.value().get();
                let v = |field: &str| typed_or(&outcome, field, "");
                let p = |field: &str| error_for(&outcome, field);
                let alert = alert_for(&outcome);
                view! {
                    {alert}
                    <input type="hidden" name="locale" value=l />
                    <fieldset>
                        <legend>{td!(locale, admin.new_organisation_legend)}</legend>
                        <InputField name="code" required=true
                            label=td_string!(locale, admin.code).to_string()
                            hint=td_string!(locale, admin.code_hint).to_string()
                            value=v("code") problem=p("code") />
                        <InputField name="name_fr" lang="fr" required=true
                            label=td_string!(locale, admin.name_fr).to_string()
                            value=v("name_fr") problem=p("name_fr") />
                        <InputField name="name_en" lang="en" required=true
                            label=td_string!(locale, admin.name_en).to_string()
                            value=v("name_en") problem=p("name_en") />
                    </fieldset>
                }
            }}
            <p class="actions">
                <button type="submit" class="button-primary">{td!(locale, admin.add_organisation_submit)}</button>
            </p>
        </ActionForm>
    }
}
