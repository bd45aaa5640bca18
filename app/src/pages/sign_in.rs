//! Signing in and out, and the account menu in the header.
//!
//! Both forms are plain HTML forms posting to their server function, so the
//! browser follows the redirect and every part of the page (the header too)
//! is rendered again for the new session, with or without JavaScript.

use crate::domain::Account;
use crate::forms::{FormAlert, FormError};
use crate::i18n::*;
use leptos::prelude::*;
use leptos::server_fn::ServerFn as _;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Signs in with an e-mail address and a password, then goes to `next` (a
/// path on this site) or the initiatives.
#[server(prefix = "/fn", endpoint = "sign_in")]
pub async fn sign_in(
    locale: String,
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), FormError> {
    use crate::auth::{AuthSession, Credentials};
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;

    let state = use_context::<crate::state::AppState>()
        .ok_or_else(|| FormError::Server("no application state".into()))?;
    let mut session: AuthSession = leptos_axum::extract()
        .await
        .map_err(|e| FormError::Server(e.to_string()))?;
    let address = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .ok()
        .map(|ConnectInfo(addr)| addr.ip());
    if let Err(wait) = state.sign_in_limits.attempt(&email, address) {
        tracing::warn!(?address, "sign-in refused: too many attempts");
        return Err(FormError::LockedOut {
            retry_after_secs: wait.as_secs().max(1),
        });
    }
    let user = session
        .authenticate(Credentials { email, password })
        .await
        .map_err(|e| FormError::Server(e.to_string()))?;
    let Some(user) = user else {
        return Err(FormError::BadCredentials);
    };
    // A new session id at every sign-in (axum-login cycles it only for an
    // anonymous session): an id known before it is worthless after.
    session
        .session
        .cycle_id()
        .await
        .map_err(|e| FormError::Server(e.to_string()))?;
    session
        .login(&user)
        .await
        .map_err(|e| FormError::Server(e.to_string()))?;
    tracing::info!(account = %user.account.email, "signed in");
    let locale = crate::language::locale_code(&locale);
    let target = next
        .filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
        .unwrap_or_else(|| format!("/{locale}/initiatives"));
    leptos_axum::redirect(&target);
    Ok(())
}

/// Ends the session and goes back to the home page.
#[server(prefix = "/fn", endpoint = "sign_out")]
pub async fn sign_out(locale: String) -> Result<(), FormError> {
    use crate::auth::AuthSession;
    let mut session: AuthSession = leptos_axum::extract()
        .await
        .map_err(|e| FormError::Server(e.to_string()))?;
    session
        .logout()
        .await
        .map_err(|e| FormError::Server(e.to_string()))?;
    let locale = crate::language::locale_code(&locale);
    leptos_axum::redirect(&format!("/{locale}"));
    Ok(())
}

/// The signed-in account, if any.
#[server(prefix = "/fn", endpoint = "current_account")]
pub async fn current_account() -> Result<Option<Account>, FormError> {
    let session: crate::auth::AuthSession = leptos_axum::extract()
        .await
        .map_err(|e| FormError::Server(e.to_string()))?;
    Ok(crate::auth::signed_in(&session).cloned())
}

/// The signed-in account, loaded once per page by the layout.
#[derive(Clone, Copy)]
pub struct Me(pub Resource<Result<Option<Account>, FormError>>);

/// Provides [`Me`] to the page.
pub fn provide_me() {
    provide_context(Me(Resource::new_blocking(|| (), |_| current_account())));
}

/// The sign-in page.
#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignIn>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let failed = move || action.value().get().and_then(|r| r.err());

    view! {
        <Title text=untrack(move || t_string!(i18n, sign_in.title).to_string()) />
        <h1>{t!(i18n, sign_in.title)}</h1>
        {move || failed().map(|error| view! { <FormAlert error /> })}
        <form method="post" action=SignIn::PATH class="form form--narrow">
            <input type="hidden" name="locale" value=move || i18n.get_locale().as_str() />
            <input type="hidden" name="next" value=next />
            <div class="field">
                <label for="sign-in-email">{t!(i18n, sign_in.email)}</label>
                <input
                    id="sign-in-email"
                    name="email"
                    type="email"
                    autocomplete="username"
                    required
                />
            </div>
            <div class="field">
                <label for="sign-in-password">{t!(i18n, sign_in.password)}</label>
                <input
                    id="sign-in-password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                />
            </div>
            <button type="submit" class="button-primary">{t!(i18n, sign_in.submit)}</button>
        </form>
        <p class="hint">{t!(i18n, sign_in.hint)}</p>
    }
}

/// The account menu of the header: who is signed in and a sign-out button,
/// or a sign-in link.
#[component]
pub fn AccountMenu() -> impl IntoView {
    let i18n = use_i18n();
    let me = expect_context::<Me>();
    let locale = move || i18n.get_locale().as_str();
    view! {
        <Transition fallback=|| ()>
            {move || {
                me.0
                    .get()
                    .map(|account| match account.ok().flatten() {
                        Some(account) => {
                            let role = account.role;
                            view! {
                                <div class="account-menu">
                                    <span class="account-menu__who">
                                        {account.name.clone()}
                                        " · "
                                        {move || crate::pages::role_label(i18n, role)}
                                    </span>
                                    <form method="post" action=SignOut::PATH>
                                        <input type="hidden" name="locale" value=locale />
                                        <button type="submit" class="button-link">
                                            {t!(i18n, sign_in.sign_out)}
                                        </button>
                                    </form>
                                </div>
                            }
                                .into_any()
                        }
                        None => {
                            view! {
                                <a class="account-menu__sign-in" href=move || format!("/{}/session", locale())>
                                    {t!(i18n, sign_in.link)}
                                </a>
                            }
                                .into_any()
                        }
                    })
            }}
        </Transition>
    }
}

/// The links of signed-in work, shown once someone is signed in.
#[component]
pub fn WorkLinks() -> impl IntoView {
    let i18n = use_i18n();
    let me = expect_context::<Me>();
    view! {
        <Transition fallback=|| ()>
            {move || {
                me.0.get().and_then(|r| r.ok().flatten()).map(|account| {
                    let l = i18n.get_locale_untracked().as_str();
                    let edit = account.role.can_edit();
                    let administer = account.role.can_administer();
                    view! {
                        <ul class="work-links">
                            <li><a href=format!("/{l}/portfolio")>{t!(i18n, nav.portfolio)}</a></li>
                            <li><a href=format!("/{l}/initiatives")>{t!(i18n, nav.initiatives)}</a></li>
                            <li><a href=format!("/{l}/period")>{t!(i18n, nav.period)}</a></li>
                            {edit.then(|| view! { <li><a href=format!("/{l}/import")>{t!(i18n, nav.import)}</a></li> })}
                            <li><a href=format!("/{l}/report")>{t!(i18n, report.nav)}</a></li>
                            <li><a href=format!("/{l}/audit")>{t!(i18n, nav.audit)}</a></li>
                            {administer.then(|| view! { <li><a href=format!("/{l}/admin/accounts")>{t!(i18n, nav.admin)}</a></li> })}
                        </ul>
                    }
                })
            }}
        </Transition>
    }
}
