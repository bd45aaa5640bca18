//! Killed mid-write (SIGKILL: no destructor, no rollback by the process),
//! the database is as it was before the unfinished transaction: SQLite's
//! write-ahead log and PostgreSQL's recovery undo it on the next open.

use app::store::testing::fresh_db;
use app::store::Db;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn jalons(database_url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jalons"));
    command
        .env("DATABASE_URL", database_url)
        .env("USER", "crash-tester")
        .env("RUST_LOG", "error");
    command
}

async fn count(db: &Db, table: &str) -> i64 {
    let sql = format!("select count(*) from {table}");
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await.unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await.unwrap(),
    }
}

/// Whether another connection is inside a write transaction on the
/// database: SQLite's write lock is taken (an immediate transaction cannot
/// begin), or a PostgreSQL backend holds a transaction id.
async fn writing(db: &Db, url: &str) -> bool {
    match db {
        Db::Sqlite(_) => {
            use sqlx::sqlite::SqliteConnectOptions;
            use sqlx::{ConnectOptions, Connection};
            use std::str::FromStr;
            let mut probe = SqliteConnectOptions::from_str(url)
                .unwrap()
                .busy_timeout(Duration::ZERO)
                .connect()
                .await
                .unwrap();
            let locked = sqlx::query("begin immediate")
                .execute(&mut probe)
                .await
                .is_err();
            if !locked {
                sqlx::query("rollback").execute(&mut probe).await.unwrap();
            }
            probe.close().await.ok();
            locked
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar::<_, i64>(
                "select count(*) from pg_stat_activity
             where datname = current_database() and pid <> pg_backend_pid()
               and backend_xid is not null",
            )
            .fetch_one(pool)
            .await
            .unwrap()
                > 0
        }
    }
}

#[tokio::test]
async fn an_import_killed_half_way_leaves_nothing_behind() {
    let test_db = fresh_db().await;
    app::demo::load(&test_db.db).await.unwrap();
    let url = test_db.url.clone();
    let updates_before = count(&test_db.db, "status_update").await;
    let periods_before = count(&test_db.db, "status_period").await;
    let audit_before = count(&test_db.db, "audit_log").await;

    // Weekly updates for every initiative from 2027 on: a file that takes
    // seconds to apply.
    let ids: Vec<i64> = match &test_db.db {
        Db::Sqlite(pool) => sqlx::query_scalar("select id from initiative order by id")
            .fetch_all(pool)
            .await
            .unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar("select id from initiative order by id")
            .fetch_all(pool)
            .await
            .unwrap(),
    };
    let columns = app::transfer::STATUS_UPDATE_COLUMNS;
    let at = |name: &str| columns.iter().position(|c| *c == name).unwrap();
    let mut csv = columns.join(",") + "\n";
    let first = chrono::NaiveDate::from_ymd_opt(2027, 1, 3).unwrap();
    for n in 0..50_000 {
        let (week, which) = (n / ids.len(), n % ids.len());
        let mut row = vec![String::new(); columns.len()];
        row[at("initiative_id")] = ids[which].to_string();
        row[at("as_of")] = (first + chrono::Duration::weeks(week as i64)).to_string();
        row[at("status")] = "in_progress".into();
        row[at("health")] = "on_track".into();
        row[at("percent_complete")] = (week % 100).to_string();
        row[at("accomplishments_fr")] = format!("Semaine {week}");
        row[at("accomplishments_en")] = format!("Week {week}");
        csv += &row.join(",");
        csv.push('\n');
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("updates.csv");
    std::fs::write(&file, csv).unwrap();

    let mut import = jalons(&url)
        .args(["import", file.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while !writing(&test_db.db, &url).await {
        if let Some(status) = import.try_wait().unwrap() {
            panic!("the import ended ({status}) before it was seen writing");
        }
        assert!(
            Instant::now() < deadline,
            "the import never started writing"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Well inside the transaction: rows written, none committed.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert!(
        import.try_wait().unwrap().is_none(),
        "the import finished before it could be killed"
    );
    import.kill().unwrap();
    let status = import.wait().unwrap();
    assert!(!status.success(), "killed, not finished");

    // Reopened, as the restarted server would.
    let reopened = Db::connect(&url).await.unwrap();
    if let Db::Sqlite(pool) = &reopened {
        let check: String = sqlx::query_scalar("pragma integrity_check")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(check, "ok");
    }
    assert_eq!(count(&reopened, "status_update").await, updates_before);
    assert_eq!(count(&reopened, "status_period").await, periods_before);
    assert_eq!(count(&reopened, "audit_log").await, audit_before);

    // And the same file, run to its end, is whole.
    let out = jalons(&url)
        .args(["import", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        count(&reopened, "status_update").await,
        updates_before + 50_000
    );
}
