//! Fresh, migrated databases for tests.
//!
//! By default each test gets SQLite in its own temporary file. When
//! `JALONS_TEST_POSTGRES_URL` names a PostgreSQL database it may create
//! databases from (`make test` starts a throwaway cluster and sets it), each
//! test gets a new PostgreSQL database instead: the same tests, on both.

use super::Db;
use sqlx::{Connection, PgConnection};
use std::sync::atomic::{AtomicU32, Ordering};

/// Environment variable naming the PostgreSQL server used by tests.
pub const POSTGRES_ENV: &str = "JALONS_TEST_POSTGRES_URL";

/// A migrated database that lives as long as this value (SQLite) or as long
/// as the test cluster (PostgreSQL).
pub struct TestDb {
    pub db: Db,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

/// Creates an empty database and runs every migration on it.
pub async fn fresh_db() -> TestDb {
    let test_db = empty_db().await;
    test_db
        .db
        .migrate()
        .await
        .expect("migrations run on a fresh database");
    test_db
}

/// An empty database migrated up to `version` only (see
/// [`Db::migrate_until`]).
pub async fn fresh_db_until(version: i64) -> TestDb {
    let test_db = empty_db().await;
    test_db
        .db
        .migrate_until(version)
        .await
        .expect("the migrations up to the version run on a fresh database");
    test_db
}

/// The database at `url` (which must exist), migrated: for a test that
/// runs its own database server.
pub async fn migrated(url: &str) -> TestDb {
    let db = Db::connect(url).await.expect("open the database");
    db.migrate().await.expect("migrations run");
    TestDb {
        db,
        url: url.to_owned(),
        _dir: None,
    }
}

/// An empty database: PostgreSQL when the tests are given one, else SQLite.
async fn empty_db() -> TestDb {
    match std::env::var(POSTGRES_ENV) {
        Ok(admin_url) if !admin_url.is_empty() => fresh_postgres(&admin_url).await,
        _ => fresh_sqlite().await,
    }
}

async fn fresh_sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}", dir.path().join("jalons.db").display());
    let db = Db::connect(&url).await.expect("open SQLite");
    TestDb {
        db,
        url,
        _dir: Some(dir),
    }
}

async fn fresh_postgres(admin_url: &str) -> TestDb {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "jalons_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default()
    );
    let mut admin = PgConnection::connect(admin_url).await.unwrap_or_else(|e| {
        panic!("{POSTGRES_ENV} must name a reachable PostgreSQL database: {e}")
    });
    sqlx::query(&format!("create database {name}"))
        .execute(&mut admin)
        .await
        .expect("create a test database");
    admin.close().await.ok();
    let (server, _) = admin_url
        .rsplit_once('/')
        .unwrap_or_else(|| panic!("{POSTGRES_ENV} must end with /DATABASE"));
    let url = format!("{server}/{name}");
    let db = Db::connect(&url).await.expect("open the test database");
    TestDb {
        db,
        url,
        _dir: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Backend;

    /// `make test` runs the suite twice; this proves which database each run used.
    #[tokio::test]
    async fn tests_run_on_the_database_the_environment_names() {
        let expected = match std::env::var(POSTGRES_ENV) {
            Ok(url) if !url.is_empty() => Backend::Postgres,
            _ => Backend::Sqlite,
        };
        assert_eq!(fresh_db().await.db.backend(), expected);
    }
}
