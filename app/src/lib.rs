//! Jalons' Leptos application, shared by the server (feature `ssr`) and the
//! browser bundle (feature `hydrate`).
//!
//! - [`app`]: the HTML shell, the router and the page layout;
//! - [`pages`]: one module per page;
//! - [`components`]: pieces shared by pages;
//! - [`i18n`]: the generated translations (from `locales/*.json`) and helpers;
//! - [`store`] (server only): the database — connection, migrations, queries;
//! - [`state`] (server only): what every request and server function can reach.
//!
//! Nothing that touches the database, the file system or the network may be
//! compiled without `ssr`: the wasm bundle must stay small and hold no secret.

pub mod app;
pub mod components;
pub mod i18n;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store;

/// Entry point of the wasm bundle: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
