//! The database: a pool on SQLite (the embedded default) or PostgreSQL (in
//! production), its migrations, and the queries the application asks.
//!
//! SQL is written once where both databases accept the same text (sqlx binds
//! `$1`, `$2`… on both); a difference between them belongs here, in one small
//! place, never in callers. This module must never be compiled into the wasm
//! bundle.

use crate::domain::FieldErrors;
use sqlx::migrate::{Migration, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::Connection as _;
use std::borrow::Cow;
use std::str::FromStr;
use std::time::Duration;

/// Runs `$body` with `$pool` bound to the pool of whichever database `$db`
/// is: the same query text and bindings, compiled once per backend.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::store::Db::Sqlite($pool) => $body,
            $crate::store::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` with `$conn` bound to the connection of transaction `$tx`.
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::store::Tx::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::store::Tx::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}

pub mod accounts;
pub mod batches;
pub mod bulk;
pub mod dashboard;
pub mod lookup;
pub mod public;
pub mod read;
pub mod reports;
mod rows;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;
pub mod write;

/// Migrations both databases accept, in `migrations/`.
static PORTABLE: Migrator = sqlx::migrate!("../migrations");
/// PostgreSQL's own, where it must differ, in `migrations/postgres/`.
static POSTGRES_ONLY: Migrator = sqlx::migrate!("../migrations/postgres");
/// SQLite's own, where it must differ, in `migrations/sqlite/`.
static SQLITE_ONLY: Migrator = sqlx::migrate!("../migrations/sqlite");

/// The portable migrations and the backend's own, in version order.
fn migrator(backend: Backend) -> Migrator {
    let own: &[Migration] = match backend {
        Backend::Sqlite => &SQLITE_ONLY.migrations,
        Backend::Postgres => &POSTGRES_ONLY.migrations,
    };
    let mut all: Vec<Migration> = PORTABLE.migrations.iter().chain(own).cloned().collect();
    all.sort_by_key(|m| m.version);
    Migrator {
        migrations: Cow::Owned(all),
        ..Migrator::DEFAULT
    }
}

/// Runs SQLite's migrations on a connection of their own with its foreign
/// keys off: SQLite changes a constraint only by rebuilding the table, and
/// asks for the keys to be off meanwhile (with them on, dropping the old
/// table checks every row of it as a deleted parent), which no statement can
/// do inside the transaction each migration runs in. The keys are checked
/// once after, when a migration ran: a broken one stops the start.
async fn migrate_sqlite(pool: &SqlitePool, migrator: &Migrator) -> Result<(), StoreError> {
    let options = (*pool.connect_options()).clone().foreign_keys(false);
    let mut connection = sqlx::SqliteConnection::connect_with(&options)
        .await
        .map_err(StoreError::Connect)?;
    let before = applied_migrations(&mut connection).await?;
    // `run_direct`: `run` on a borrowed connection trips rustc's proof that
    // the server's futures are `Send`.
    migrator.run_direct(&mut connection).await?;
    if applied_migrations(&mut connection).await? != before {
        let broken: Vec<(String, i64, String)> =
            sqlx::query_as("select \"table\", rowid, parent from pragma_foreign_key_check")
                .fetch_all(&mut connection)
                .await?;
        if let Some((table, row, parent)) = broken.first() {
            return Err(StoreError::Corrupt(format!(
                "after the migrations, {} rows name a missing parent (the first: {table} row {row}, in {parent})",
                broken.len()
            )));
        }
    }
    connection.close().await?;
    Ok(())
}

/// How many migrations the database has recorded (none before the first).
async fn applied_migrations(connection: &mut sqlx::SqliteConnection) -> Result<i64, StoreError> {
    const RECORDED: &str =
        "select count(*) from sqlite_master where type = 'table' and name = '_sqlx_migrations'";
    if sqlx::query_scalar::<_, i64>(RECORDED)
        .fetch_one(&mut *connection)
        .await?
        == 0
    {
        return Ok(0);
    }
    Ok(sqlx::query_scalar("select count(*) from _sqlx_migrations")
        .fetch_one(connection)
        .await?)
}

/// How long a request waits for a free connection before giving up.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// How long PostgreSQL lets one statement run, or a transaction sit idle,
/// before cancelling it. The largest import's statements take well under a
/// second; SQLite waits at most `busy_timeout` for the write lock.
const STATEMENT_TIMEOUT: &str = "30s";

/// What can go wrong with the database; callers map it to a safe message.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL (expected sqlite:… or postgres://…): {0}")]
    UnsupportedUrl(String),
    #[error("cannot create the directory for the SQLite file {path}")]
    CreateDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot connect to the database")]
    Connect(#[source] sqlx::Error),
    #[error("database migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database query failed")]
    Query(#[from] sqlx::Error),
    /// The input breaks a rule that needs the stored data to check.
    #[error(transparent)]
    Invalid(#[from] FieldErrors),
    /// Someone else changed the record since it was read.
    #[error("{entity} {id} was changed by someone else (now at version {current_version})")]
    Conflict {
        entity: &'static str,
        id: i64,
        current_version: i64,
    },
    #[error("cannot create the sessions table: {0}")]
    Sessions(#[source] sqlx::Error),
    #[error("{entity} {id} does not exist")]
    NotFound { entity: &'static str, id: i64 },
    /// A stored value that the domain refuses: the database was changed by hand.
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
}

/// How long a client is asked to wait (`Retry-After`, in seconds) before
/// trying again when the database is unavailable: about what PostgreSQL
/// takes to come back from a restart.
pub const RETRY_AFTER_SECONDS: u32 = 5;

/// Why the database cannot do its part right now, when the fault is not in
/// the request: callers answer 503 and the request may be tried again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unavailable {
    /// It does not answer: stopped, restarting, unreachable, or every
    /// connection busy past the wait.
    Down,
    /// It answers but cannot write: the disk is full or read-only.
    CannotWrite,
}

impl StoreError {
    /// `Some` when the error says the database is away or cannot write,
    /// not that the request or the data is at fault.
    pub fn unavailable(&self) -> Option<Unavailable> {
        let error = match self {
            StoreError::Connect(error) | StoreError::Query(error) => error,
            _ => return None,
        };
        match error {
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed => Some(Unavailable::Down),
            sqlx::Error::Database(db) => {
                let code = db.code().unwrap_or_default();
                // PostgreSQL's codes (SQLSTATE) have five characters;
                // SQLite's are numbers of at most four digits.
                if code.len() == 5 {
                    postgres_unavailable(&code)
                } else {
                    code.parse().ok().and_then(sqlite_unavailable)
                }
            }
            _ => None,
        }
    }
}

/// PostgreSQL's SQLSTATE codes that mean the server, not the request.
fn postgres_unavailable(code: &str) -> Option<Unavailable> {
    match code {
        // Disk full; a read-only transaction (a standby, or
        // default_transaction_read_only).
        "53100" | "25006" => Some(Unavailable::CannotWrite),
        // Shutting down, crashed, starting up; a statement cancelled by its
        // timeout (statement_timeout).
        "57P01" | "57P02" | "57P03" | "57014" => Some(Unavailable::Down),
        // Insufficient resources (memory, connections); connection exceptions.
        c if c.starts_with("53") || c.starts_with("08") => Some(Unavailable::Down),
        _ => None,
    }
}

/// SQLite's result codes that mean the file or its disk, not the request
/// (an extended code keeps its primary code in the low byte).
fn sqlite_unavailable(code: i64) -> Option<Unavailable> {
    match code & 0xff {
        // SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN.
        8 | 10 | 13 | 14 => Some(Unavailable::CannotWrite),
        // SQLITE_BUSY, SQLITE_LOCKED: another writer held the lock past the
        // busy timeout.
        5 | 6 => Some(Unavailable::Down),
        _ => None,
    }
}

impl From<crate::domain::FieldError> for StoreError {
    fn from(error: crate::domain::FieldError) -> Self {
        StoreError::Invalid(error.into())
    }
}

/// Who makes a change, and through what: both go to the audit log, and
/// `who` is the author of the history rows the change appends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actor<'a> {
    pub who: &'a str,
    pub via: crate::domain::Via,
}

impl<'a> Actor<'a> {
    /// `account` (by its e-mail address) acting through `via`.
    pub fn of(account: &'a crate::domain::Account, via: crate::domain::Via) -> Self {
        Actor {
            who: account.email.as_str(),
            via,
        }
    }
}

/// A pool's connections (see [`Db::pool_use`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolUse {
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

/// Which database a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A connection pool on one of the two supported databases.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Db {
    /// Opens a pool for `url`: `sqlite:PATH` (the file and its directory are
    /// created if missing) or `postgres://…` / `postgresql://…`.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(StoreError::Connect)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // Every commit reaches the disk before it is acknowledged:
                // an answered write survives a crash or a power cut.
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                // Reads of a whole portfolio touch pages all over the file:
                // map it, and keep a larger page cache per connection.
                .pragma("mmap_size", "268435456")
                .pragma("cache_size", "-32768")
                // Statement journals (a multi-row insert that may have to undo
                // itself keeps one) and the sorts of a GROUP BY stay in
                // memory, not in temporary files: both are small and
                // short-lived.
                .pragma("temp_store", "memory")
                // Rows come back from SQLite's worker thread through a
                // channel; a deep one spares a thread handoff per row.
                .row_buffer_size(1024);
            if let Some(dir) = options.get_filename().parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                        path: dir.display().to_string(),
                        source,
                    })?;
                }
            }
            let pool = SqlitePoolOptions::new()
                .acquire_timeout(ACQUIRE_TIMEOUT)
                // When SQLite ends a transaction itself (the disk is full, an
                // I/O error), sqlx still counts the connection as inside it and
                // it would refuse every later `begin`: such a connection is
                // closed when given back, not kept. (The round trip first lets
                // the rollback queued by a dropped transaction run.)
                .after_release(|connection, _| {
                    Box::pin(async move {
                        connection.ping().await?;
                        Ok(!connection.is_in_transaction())
                    })
                })
                .connect_with(options)
                .await
                .map_err(StoreError::Connect)?;
            Ok(Db::Sqlite(pool))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = PgConnectOptions::from_str(url)
                .map_err(StoreError::Connect)?
                // No statement runs for ever, nor does a transaction left
                // open hold its locks: the server cancels them (503).
                .options([
                    ("statement_timeout", STATEMENT_TIMEOUT),
                    ("idle_in_transaction_session_timeout", STATEMENT_TIMEOUT),
                ]);
            let pool = PgPoolOptions::new()
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_with(options)
                .await
                .map_err(StoreError::Connect)?;
            Ok(Db::Postgres(pool))
        } else {
            Err(StoreError::UnsupportedUrl(redact(url)))
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Brings the schema up to date; already-applied migrations are skipped.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        self.run_migrations(migrator(self.backend())).await
    }

    /// Runs the migrations up to `version` only: the database as a release
    /// of that schema left it, for a test of what the later ones keep.
    #[cfg(any(test, feature = "test-support"))]
    pub async fn migrate_until(&self, version: i64) -> Result<(), StoreError> {
        let mut migrator = migrator(self.backend());
        migrator.migrations = Cow::Owned(
            migrator
                .migrations
                .iter()
                .filter(|m| m.version <= version)
                .cloned()
                .collect(),
        );
        self.run_migrations(migrator).await
    }

    async fn run_migrations(&self, migrator: Migrator) -> Result<(), StoreError> {
        match self {
            Db::Sqlite(pool) => migrate_sqlite(pool, &migrator).await?,
            Db::Postgres(pool) => migrator.run(pool).await?,
        }
        // The sessions table belongs to tower-sessions' store, which creates it.
        crate::auth::SessionStore::new(self)
            .migrate()
            .await
            .map_err(StoreError::Sessions)?;
        Ok(())
    }

    /// Answers when the database does: a round trip, no data read.
    pub async fn ping(&self) -> Result<(), StoreError> {
        on_pool!(self, pool => sqlx::query("select 1").execute(pool).await.map(drop))?;
        Ok(())
    }

    /// The version of the stored data: it grows with every write, so caches
    /// keyed on it are never stale.
    pub async fn data_version(&self) -> Result<i64, StoreError> {
        const SQL: &str = "select version from data_version where id = 1";
        Ok(on_pool!(self, pool => sqlx::query_scalar(SQL).fetch_one(pool).await)?)
    }

    /// How many connections the pool holds open, how many of them are idle,
    /// and how many it may open.
    pub fn pool_use(&self) -> PoolUse {
        on_pool!(self, pool => PoolUse {
            open: pool.size(),
            idle: pool.num_idle() as u32,
            max: pool.options().get_max_connections(),
        })
    }

    /// Closes every connection; later queries fail.
    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await)
    }

    /// Starts a transaction. On SQLite it takes the write lock at once, so
    /// that two writers wait for each other instead of failing midway.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Db::Sqlite(pool) => {
                // This process's writers take their turn in order, then the
                // file's lock (which other processes, an import from the
                // command line, may hold: SQLite's busy timeout waits for them).
                let turn = writers_of(pool).lock_owned().await;
                let tx = pool.begin_with("begin immediate").await?;
                Tx::Sqlite(SqliteTx { tx, _turn: turn })
            }
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }
}

/// The queue of this process's writers to one SQLite file. SQLite lets one
/// writer in at a time and has the others poll for the lock with growing
/// sleeps, so under a burst some would wait far longer than others, past the
/// busy timeout; in a queue each waits its turn, first come first served.
fn writers_of(pool: &SqlitePool) -> std::sync::Arc<tokio::sync::Mutex<()>> {
    use std::collections::HashMap;
    use std::path::PathBuf;
    use std::sync::{Arc, LazyLock, Mutex};
    static QUEUES: LazyLock<Mutex<HashMap<PathBuf, Arc<tokio::sync::Mutex<()>>>>> =
        LazyLock::new(Default::default);
    let file = pool.connect_options().get_filename().to_path_buf();
    let file = std::fs::canonicalize(&file).unwrap_or(file);
    let mut queues = QUEUES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    queues.entry(file).or_default().clone()
}

/// A SQLite write transaction, and this process's turn to write it.
pub struct SqliteTx {
    tx: sqlx::Transaction<'static, sqlx::Sqlite>,
    _turn: tokio::sync::OwnedMutexGuard<()>,
}

impl std::ops::Deref for SqliteTx {
    type Target = sqlx::SqliteConnection;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for SqliteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

/// A transaction on either database; dropped without `commit`, it rolls back.
pub enum Tx {
    Sqlite(SqliteTx),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl Tx {
    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(tx) => tx.tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

/// A database URL fit for a log line: any password is masked.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_masks_only_the_password() {
        assert_eq!(
            redact("postgres://jalons:s3cret@db:5432/jalons"),
            "postgres://jalons:***@db:5432/jalons"
        );
        assert_eq!(
            redact("postgres://jalons@db/jalons"),
            "postgres://jalons@db/jalons"
        );
        assert_eq!(redact("sqlite://data/jalons.db"), "sqlite://data/jalons.db");
    }

    #[tokio::test]
    async fn migrations_apply_once_and_leave_data_version_at_zero() {
        let test_db = testing::fresh_db().await;
        // Running them again is a no-op, as at every start of the server.
        test_db.db.migrate().await.unwrap();
        assert_eq!(test_db.db.data_version().await.unwrap(), 0);
        test_db.db.ping().await.unwrap();
    }

    #[tokio::test]
    async fn a_closed_pool_no_longer_answers() {
        let test_db = testing::fresh_db().await;
        test_db.db.close().await;
        assert!(matches!(test_db.db.ping().await, Err(StoreError::Query(_))));
    }

    #[tokio::test]
    async fn sqlite_creates_the_missing_file_and_directory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/dir/jalons.db");
        let db = Db::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        assert_eq!(db.backend(), Backend::Sqlite);
        db.migrate().await.unwrap();
        assert!(path.exists());
    }

    #[tokio::test]
    async fn an_unknown_scheme_is_refused_with_its_url() {
        let err = Db::connect("mysql://root:pw@localhost/x")
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::UnsupportedUrl(ref u) if u == "mysql://root:***@localhost/x")
        );
    }
}
