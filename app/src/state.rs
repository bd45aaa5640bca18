//! What every request handler and server function can reach.

use crate::store::Db;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

/// Shared, cheap to clone: the pool and the site options.
#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
