//! The home page: what Jalons is, and the published portfolio at a glance.

use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();

    view! {
        <Title text=untrack(move || t_string!(i18n, home.title).to_string()) />
        <Meta name="description" content=untrack(move || t_string!(i18n, home.meta_description).to_string()) />
        <h1>{t!(i18n, home.title)}</h1>
        <p class="lead">{t!(i18n, home.lead)}</p>
        <crate::pages::PublicOverview />
        <section aria-labelledby="tracks-heading" class="tracks">
            <h2 id="tracks-heading">{t!(i18n, home.tracks_heading)}</h2>
            <ul id="tracks-list">
                <li>{t!(i18n, home.track_initiatives)}</li>
                <li>{t!(i18n, home.track_updates)}</li>
                <li>{t!(i18n, home.track_milestones)}</li>
                <li>{t!(i18n, home.track_indicators)}</li>
            </ul>
        </section>
    }
}
