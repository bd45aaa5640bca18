//! Jalons' Leptos application, shared by the server (feature `ssr`) and the
//! browser bundle (feature `hydrate`).
//!
//! - [`app`]: the HTML shell, the router and the page layout;
//! - [`pages`]: one module per page;
//! - [`components`]: pieces shared by pages;
//! - [`i18n`]: the translations, generated from `locales/*.json` by `build.rs`
//!   (leptos_i18n): `Locale`, `use_i18n`, `t!`…; every user-visible string
//!   goes through it;
//! - [`language`]: language negotiation and links between twin pages;
//! - [`format`]: dates, numbers and amounts as each locale writes them;
//! - [`charts`] (server only): charts drawn as SVG, and their data as CSV;
//! - [`feeds`] (server only): Atom feeds of the published status updates;
//! - [`store`] (server only): the database — connection, migrations, queries;
//! - [`derived`] (server only): figures of signed-in pages kept per data version;
//! - [`state`] (server only): what every request and server function can reach;
//! - [`transfer`] (server only): CSV import and export.
//!
//! Nothing that touches the database, the file system or the network may be
//! compiled without `ssr`: the wasm bundle must stay small and hold no secret.

// Deeply nested views (a page of tables) build deep types without erase_components.
#![recursion_limit = "256"]

pub mod app;
pub mod components;
pub mod domain;
pub mod format;
pub mod forms;
pub mod language;
pub mod pages;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod chart_files;
#[cfg(feature = "ssr")]
pub mod charts;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod derived;
#[cfg(feature = "ssr")]
pub mod feeds;
#[cfg(feature = "ssr")]
pub mod sitemap;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod synthetic;
#[cfg(feature = "ssr")]
pub mod transfer;

/// Entry point of the wasm bundle, run before leptos hydrates the page's
/// islands (the forms, `#[island(lazy)]`, each fetched with the page that
/// holds it); everything else on a page is HTML rendered by the server,
/// which the bundle does not hold.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // A server function that answers with a redirect (a saved form going to
    // its record's page) is followed by the browser: there is no client-side
    // router to follow it.
    let _ = leptos::server_fn::redirect::set_redirect_hook(|to: &str| {
        let location = leptos::prelude::window().location();
        let here = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        let _ = location.set_href(to);
        // Back to this same page (an anchor on it): load it again, with
        // what was just saved.
        if to.split('#').next() == Some(here.as_str()) {
            let _ = location.reload();
        }
    });
    leptos::mount::hydrate_islands();
}
