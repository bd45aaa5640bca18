//! What every request handler and server function can reach.

use crate::auth::{SignInLimits, SignInPolicy};
use crate::derived::Derived;
use crate::store::Db;
use axum::extract::FromRef;
use chrono::NaiveDate;
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
    /// The bearer token that opens `/metrics` (closed when `None`).
    pub metrics_token: Option<Arc<str>>,
    /// Signed-in pages' figures, kept per data version.
    pub derived: Arc<DerivedFigures>,
}

/// What signed-in pages compute from the whole history, kept per data
/// version (see [`crate::derived`]).
#[derive(Debug)]
pub struct DerivedFigures {
    /// An initiative's page: by initiative, date asked, date compared with
    /// and today.
    pub views: Derived<
        (i64, Option<NaiveDate>, Option<NaiveDate>, NaiveDate),
        crate::pages::InitiativeData,
    >,
    /// A chart file drawn for signed-in readers (who see everything): by
    /// its path (language, subject, file) and date.
    pub charts: Derived<(String, NaiveDate), String>,
    /// The charts drawn into an initiative's page (name, SVG): by language,
    /// initiative and date.
    pub drawn: Derived<(String, i64, NaiveDate), Vec<(String, String)>>,
}

impl Default for DerivedFigures {
    fn default() -> Self {
        DerivedFigures {
            views: Derived::new(32 * 1024 * 1024),
            charts: Derived::new(16 * 1024 * 1024),
            drawn: Derived::new(16 * 1024 * 1024),
        }
    }
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
    /// How long a client may take to send a request's body before it is
    /// answered 408 (a slow client must not hold the server's resources).
    pub body_deadline: std::time::Duration,
    /// How long a client may take to send a request's headers (and an
    /// idle connection may wait for its next request) before the
    /// connection is closed: slow clients must not hold connections.
    pub header_deadline: std::time::Duration,
    /// How many requests the server works on at once (answers from the
    /// render cache aside); one more is answered 503 at once.
    pub max_in_flight: usize,
    /// How fast one address may call the API (work the render cache does
    /// not answer); 429 beyond it.
    pub api_rate: ApiRate,
    /// The server is reached through a reverse proxy that sets `X-Real-IP`
    /// to the client's address: rate limits count by it.
    pub behind_proxy: bool,
}

/// A sustained rate and the burst allowed above it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiRate {
    pub per_second: u32,
    pub burst: u32,
}

impl Default for ApiRate {
    fn default() -> Self {
        ApiRate {
            per_second: 20,
            burst: 100,
        }
    }
}

/// Requests worked on at once by default. An uncached page costs some tens
/// of milliseconds of one core: sixteen at once keep a core busy while some
/// wait on the database, and an answer admitted comes within about a second
/// when the server is past its capacity (more would only wait longer).
pub const DEFAULT_MAX_IN_FLIGHT: usize = 16;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            reporting_period_months: 6,
            secure_cookies: false,
            body_deadline: std::time::Duration::from_secs(30),
            header_deadline: std::time::Duration::from_secs(10),
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            api_rate: ApiRate::default(),
            behind_proxy: false,
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
            metrics_token: None,
            derived: Arc::default(),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
