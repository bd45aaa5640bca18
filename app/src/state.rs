//! What every request handler and server function can reach.

use crate::auth::{SignInLimits, SignInPolicy};
use crate::store::Db;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// Shared, cheap to clone: the pool, the site options and the settings.
#[derive(Clone, Debug)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub settings: Settings,
    pub sign_in_limits: Arc<SignInLimits>,
    /// Import batches this instance is checking or importing.
    pub imports: Arc<crate::transfer::background::Progress>,
}

/// What an operator may configure, with the defaults of a CIO office.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The length of a reporting period in months (6: semi-annual). An
    /// initiative with no update since the period began is "to chase".
    pub reporting_period_months: u32,
    /// Marks the session cookie `Secure`: set it whenever the site is
    /// reached over HTTPS (directly or through a proxy).
    pub secure_cookies: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            reporting_period_months: 6,
            secure_cookies: false,
        }
    }
}

impl AppState {
    /// The state with default settings and sign-in policy.
    pub fn new(leptos_options: LeptosOptions, db: Db) -> Self {
        AppState {
            leptos_options,
            db,
            settings: Settings::default(),
            sign_in_limits: SignInLimits::new(SignInPolicy::default()),
            imports: Arc::default(),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
