//! Signing in: accounts checked by the store (argon2id), sessions kept in the
//! database by tower-sessions (so several server instances share them),
//! identities carried by axum-login, and attempts rate-limited by governor,
//! per account and per address.

use crate::domain::{Account, Role};
use crate::store::{accounts, Db, StoreError};
use axum_login::{AuthManagerLayer, AuthManagerLayerBuilder, AuthUser, AuthnBackend, UserId};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;
use tower_sessions::cookie::SameSite;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// A session ends after this long without a request.
pub const IDLE_TIMEOUT_MINUTES: i64 = 30;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "jalons_session";

/// The signed-in person, as the session layer keeps them.
#[derive(Clone)]
pub struct SessionUser {
    pub account: Account,
    /// The password hash: a session opened before a password change ends.
    password_hash: String,
}

impl std::fmt::Debug for SessionUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionUser")
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

impl AuthUser for SessionUser {
    type Id = i64;

    fn id(&self) -> i64 {
        self.account.id
    }

    fn session_auth_hash(&self) -> &[u8] {
        self.password_hash.as_bytes()
    }
}

/// What the sign-in form sends.
#[derive(Clone)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

/// Accounts, as axum-login asks for them.
#[derive(Clone, Debug)]
pub struct Backend {
    db: Db,
}

impl Backend {
    pub fn new(db: Db) -> Self {
        Backend { db }
    }
}

impl AuthnBackend for Backend {
    type User = SessionUser;
    type Credentials = Credentials;
    type Error = StoreError;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<SessionUser>, StoreError> {
        match accounts::verify_credentials(&self.db, &creds.email, &creds.password).await? {
            None => Ok(None),
            Some(account) => self.get_user(&account.id).await,
        }
    }

    async fn get_user(&self, id: &UserId<Self>) -> Result<Option<SessionUser>, StoreError> {
        Ok(accounts::session_account(&self.db, *id)
            .await?
            .map(|(account, password_hash)| SessionUser {
                account,
                password_hash,
            }))
    }
}

/// The session of a request: who is signed in, and signing in and out.
pub type AuthSession = axum_login::AuthSession<Backend>;

/// The account signed in on this request, if any (and still enabled).
pub fn signed_in(session: &AuthSession) -> Option<&Account> {
    session.user.as_ref().map(|user| &user.account)
}

/// Whether `role` may do what `needed` asks.
pub fn allows(role: Role, needed: Need) -> bool {
    match needed {
        Need::Read => true,
        Need::Edit => role.can_edit(),
        Need::Administer => role.can_administer(),
    }
}

/// What a request needs its account to be allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Any signed-in account (viewers included).
    Read,
    /// Editors and administrators.
    Edit,
    /// Administrators only.
    Administer,
}

/// The sessions table, on whichever database the data lives in.
#[derive(Clone, Debug)]
pub enum SessionStore {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl SessionStore {
    /// The store for `db` (its table is created by [`Db::migrate`]).
    pub fn new(db: &Db) -> Self {
        match db {
            Db::Sqlite(pool) => SessionStore::Sqlite(SqliteStore::new(pool.clone())),
            Db::Postgres(pool) => SessionStore::Postgres(PostgresStore::new(pool.clone())),
        }
    }

    /// Creates the sessions table if missing.
    pub async fn migrate(&self) -> Result<(), sqlx::Error> {
        match self {
            SessionStore::Sqlite(s) => s.migrate().await,
            SessionStore::Postgres(s) => s.migrate().await,
        }
    }

    /// Deletes expired sessions every `period`, for as long as the server runs.
    pub fn spawn_cleanup(&self, period: Duration) {
        let store = self.clone();
        tokio::spawn(async move {
            let result = match store {
                SessionStore::Sqlite(s) => s.continuously_delete_expired(period).await,
                SessionStore::Postgres(s) => s.continuously_delete_expired(period).await,
            };
            if let Err(error) = result {
                tracing::error!(%error, "expired sessions are no longer deleted");
            }
        });
    }
}

#[async_trait::async_trait]
impl session_store::SessionStore for SessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            SessionStore::Sqlite(s) => s.create(record).await,
            SessionStore::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            SessionStore::Sqlite(s) => s.save(record).await,
            SessionStore::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            SessionStore::Sqlite(s) => s.load(id).await,
            SessionStore::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            SessionStore::Sqlite(s) => s.delete(id).await,
            SessionStore::Postgres(s) => s.delete(id).await,
        }
    }
}

/// The layer that gives every request its session and signed-in account.
/// `secure` marks the cookie `Secure` (set it whenever users reach the site
/// over HTTPS); the cookie is always `HttpOnly` and `SameSite=Lax`.
pub fn layer(
    db: &Db,
    store: SessionStore,
    secure: bool,
) -> AuthManagerLayer<Backend, SessionStore> {
    let sessions = SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
            IDLE_TIMEOUT_MINUTES,
        )));
    AuthManagerLayerBuilder::new(Backend::new(db.clone()), sessions).build()
}

/// How many sign-in attempts are allowed before a pause is imposed.
#[derive(Clone, Copy, Debug)]
pub struct SignInPolicy {
    /// Attempts on one account in a burst, then one more per `account_period`.
    pub account_burst: u32,
    pub account_period: Duration,
    /// Attempts from one address in a burst, then one more per `address_period`.
    pub address_burst: u32,
    pub address_period: Duration,
}

impl Default for SignInPolicy {
    /// Five tries on an account then one a minute; thirty from an address
    /// (a shared office gateway) then one every ten seconds.
    fn default() -> Self {
        SignInPolicy {
            account_burst: 5,
            account_period: Duration::from_secs(60),
            address_burst: 30,
            address_period: Duration::from_secs(10),
        }
    }
}

/// Sign-in attempts, counted per account and per address. Each server
/// instance counts its own: behind a load balancer of N instances an
/// attacker gets at most N times the allowance.
pub struct SignInLimits {
    per_account: DefaultKeyedRateLimiter<String>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
}

impl std::fmt::Debug for SignInLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInLimits").finish_non_exhaustive()
    }
}

fn quota(burst: u32, period: Duration) -> Quota {
    let burst = NonZeroU32::new(burst.max(1)).expect("at least one");
    Quota::with_period(period.max(Duration::from_millis(1)))
        .expect("a positive period")
        .allow_burst(burst)
}

impl SignInLimits {
    pub fn new(policy: SignInPolicy) -> Arc<Self> {
        Arc::new(SignInLimits {
            per_account: RateLimiter::keyed(quota(policy.account_burst, policy.account_period)),
            per_address: RateLimiter::keyed(quota(policy.address_burst, policy.address_period)),
        })
    }

    /// Counts an attempt on `email` from `address`: `Err(wait)` when either
    /// allowance is spent. The e-mail address is counted whether or not an
    /// account has it, so the answer tells nothing about which exist.
    pub fn attempt(&self, email: &str, address: Option<IpAddr>) -> Result<(), Duration> {
        let now = DefaultClock::default().now();
        if let Some(address) = address {
            self.per_address
                .check_key(&address)
                .map_err(|until| until.wait_time_from(now))?;
        }
        let key = email.trim().to_lowercase();
        self.per_account
            .check_key(&key)
            .map_err(|until| until.wait_time_from(now))?;
        // Forget keys whose allowance is whole again, so memory stays bounded.
        if self.per_account.len() > 10_000 {
            self.per_account.retain_recent();
        }
        if self.per_address.len() > 10_000 {
            self.per_address.retain_recent();
        }
        Ok(())
    }
}

/// The signed-in account and the application state, for a server function
/// that needs `need`: every write checks here, on the server, whatever the
/// page showed.
pub async fn require(
    need: Need,
) -> Result<(Account, crate::state::AppState), crate::forms::FormError> {
    use crate::forms::FormError;
    let state = leptos::prelude::use_context::<crate::state::AppState>()
        .ok_or_else(|| FormError::Server("no application state".into()))?;
    let session: AuthSession = leptos_axum::extract()
        .await
        .map_err(|e| FormError::Server(e.to_string()))?;
    match signed_in(&session) {
        None => Err(FormError::SignInRequired),
        Some(account) if !allows(account.role, need) => Err(FormError::Forbidden),
        Some(account) => Ok((account.clone(), state)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_paused_after_its_burst_whatever_the_address() {
        let limits = SignInLimits::new(SignInPolicy {
            account_burst: 3,
            account_period: Duration::from_secs(60),
            address_burst: 100,
            address_period: Duration::from_secs(1),
        });
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        for address in [a, b, a] {
            assert!(limits.attempt("Lea@example.ca", Some(address)).is_ok());
        }
        let wait = limits.attempt(" lea@EXAMPLE.ca", Some(b)).unwrap_err();
        assert!(wait > Duration::from_secs(50) && wait <= Duration::from_secs(60));
        // Another account is not affected.
        assert!(limits.attempt("other@example.ca", Some(b)).is_ok());
    }

    #[test]
    fn an_address_is_paused_after_its_burst_whatever_the_account() {
        let limits = SignInLimits::new(SignInPolicy {
            account_burst: 100,
            account_period: Duration::from_secs(1),
            address_burst: 2,
            address_period: Duration::from_secs(10),
        });
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        assert!(limits.attempt("one@example.ca", Some(a)).is_ok());
        assert!(limits.attempt("two@example.ca", Some(a)).is_ok());
        assert!(limits.attempt("three@example.ca", Some(a)).is_err());
        assert!(limits
            .attempt("three@example.ca", Some("192.0.2.9".parse().unwrap()))
            .is_ok());
    }
}
