//! Pieces shared by several pages.

use crate::i18n::*;
use crate::language::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_router::hooks::use_location;

/// A link to the same page in the other language, keeping the query string.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let other = move || other_locale(i18n.get_locale());
    let href = move || twin_href(&location.pathname.get(), &location.search.get(), other());

    view! {
        <a
            class="language-switch"
            href=href
            hreflang=move || other().as_str()
            lang=move || other().as_str()
            aria-label=move || t_string!(i18n, lang.switch_label)
        >
            {t!(i18n, lang.other_name)}
        </a>
    }
}

/// The footer of every page.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <p>{t!(i18n, site.footer)}</p>
        </footer>
    }
}
