//! The page for any address that matches no route (HTTP 404).

use crate::i18n::*;
use crate::language::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    // Under a language prefix, answer in that language; elsewhere the
    // reader's Accept-Language has already chosen.
    let path = use_location().pathname.get_untracked();
    let prefix = path
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default();
    if let Some(locale) = LOCALES.into_iter().find(|l| l.as_str() == prefix) {
        i18n.set_locale(locale);
    }
    let home = move || home_path(i18n.get_locale());

    view! {
        <Title text=untrack(move || t_string!(i18n, not_found.title).to_string()) />
        <main id="main" class="not-found" tabindex="-1">
            <h1>{t!(i18n, not_found.title)}</h1>
            <p>{t!(i18n, not_found.body)}</p>
            <p>
                <a href=home>{t!(i18n, not_found.back_home)}</a>
            </p>
        </main>
    }
}

/// What a page of the layout shows, with HTTP 404, when what its address
/// names does not exist (or is not for this reader): the layout already
/// gives the `main` landmark.
#[component]
pub fn NotFoundContent() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    let home = move || home_path(i18n.get_locale());
    view! {
        <Title text=untrack(move || t_string!(i18n, not_found.title).to_string()) />
        <h1>{t!(i18n, not_found.title)}</h1>
        <p>{t!(i18n, not_found.body)}</p>
        <p><a href=home>{t!(i18n, not_found.back_home)}</a></p>
    }
}
