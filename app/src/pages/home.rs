//! The home page: what Jalons is, and the published portfolio at a glance.

use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();

    // The list starts open, so it reads in full without JavaScript; the button
    // that folds it stays hidden until the page has hydrated.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    let (open, set_open) = signal(true);

    view! {
        <Title text=move || t_string!(i18n, home.title).to_string() />
        <Meta name="description" content=move || t_string!(i18n, home.meta_description).to_string() />
        <h1>{t!(i18n, home.title)}</h1>
        <p class="lead">{t!(i18n, home.lead)}</p>
        <crate::pages::PublicOverview />
        <section aria-labelledby="tracks-heading" class="tracks">
            <div class="tracks__header">
                <h2 id="tracks-heading">{t!(i18n, home.tracks_heading)}</h2>
                <button
                    type="button"
                    class="button-secondary"
                    hidden=move || !hydrated.get()
                    aria-controls="tracks-list"
                    aria-expanded=move || open.get().to_string()
                    on:click=move |_| set_open.update(|open| *open = !*open)
                >
                    {move || {
                        if open.get() {
                            t_string!(i18n, home.hide_tracks)
                        } else {
                            t_string!(i18n, home.show_tracks)
                        }
                    }}
                </button>
            </div>
            <ul id="tracks-list" hidden=move || !open.get()>
                <li>{t!(i18n, home.track_initiatives)}</li>
                <li>{t!(i18n, home.track_updates)}</li>
                <li>{t!(i18n, home.track_milestones)}</li>
                <li>{t!(i18n, home.track_indicators)}</li>
            </ul>
        </section>
    }
}
