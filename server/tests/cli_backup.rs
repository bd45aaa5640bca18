//! `jalons backup` and `jalons restore`, run as an operator runs them, on
//! SQLite or on PostgreSQL (`JALONS_TEST_POSTGRES_URL`): a restored backup
//! holds every table exactly as it was when the backup was taken.

use app::store::testing::fresh_db;
use app::store::Db;
use std::collections::BTreeMap;
use std::process::{Command, Output};

fn jalons(database_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jalons"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("USER", "backup-tester")
        .env("RUST_LOG", "error")
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every table's rows, each as text, sorted: two snapshots are equal when
/// the databases hold the same data.
async fn snapshot(db: &Db) -> BTreeMap<String, Vec<String>> {
    let mut tables = BTreeMap::new();
    match db {
        Db::Sqlite(pool) => {
            let names: Vec<String> = sqlx::query_scalar(
                "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            for name in names {
                let columns: Vec<String> =
                    sqlx::query_scalar(&format!("select name from pragma_table_info('{name}')"))
                        .fetch_all(pool)
                        .await
                        .unwrap();
                let row = columns
                    .iter()
                    .map(|c| format!("quote(\"{c}\")"))
                    .collect::<Vec<_>>()
                    .join(" || '|' || ");
                let rows: Vec<String> =
                    sqlx::query_scalar(&format!("select {row} from \"{name}\" order by 1"))
                        .fetch_all(pool)
                        .await
                        .unwrap();
                tables.insert(name, rows);
            }
        }
        Db::Postgres(pool) => {
            let names: Vec<String> = sqlx::query_scalar(
                "select tablename::text from pg_tables where schemaname = current_schema()",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            for name in names {
                let rows: Vec<String> =
                    sqlx::query_scalar(&format!("select t::text from \"{name}\" t order by 1"))
                        .fetch_all(pool)
                        .await
                        .unwrap();
                tables.insert(name, rows);
            }
        }
    }
    tables
}

#[tokio::test]
async fn a_restored_backup_holds_every_table_as_it_was() {
    let test_db = fresh_db().await;
    app::demo::load(&test_db.db).await.unwrap();
    let url = test_db.url.as_str();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("jalons.backup");

    let out = jalons(
        url,
        &[
            "user",
            "add",
            "--email",
            "before@backup.example",
            "--name",
            "Before",
            "--role",
            "editor",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let at_backup = snapshot(&test_db.db).await;
    assert!(at_backup["initiative"].len() > 40, "the demo is there");
    assert!(at_backup["account"]
        .iter()
        .any(|r| r.contains("before@backup.example")));

    let out = jalons(url, &["backup", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("backup written to"));
    assert!(!dir.path().join("jalons.backup.partial").exists());

    // A backup never overwrites a file.
    let out = jalons(url, &["backup", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("exists already"),
        "{}",
        text(&out.stderr)
    );

    // Changes after the backup…
    let out = jalons(
        url,
        &[
            "user",
            "add",
            "--email",
            "after@backup.example",
            "--name",
            "After",
            "--role",
            "viewer",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = jalons(
        url,
        &["user", "disable", "--email", "before@backup.example"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_ne!(snapshot(&test_db.db).await, at_backup);

    // …are gone once it is restored, and nothing else changed. The pool's
    // connections would keep the replaced SQLite file: closed first, as a
    // stopped server's are.
    test_db.db.close().await;
    let out = jalons(url, &["restore", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let reopened = Db::connect(url).await.unwrap();
    assert_eq!(snapshot(&reopened).await, at_backup);
    reopened.close().await;

    // Not a backup: refused, the database untouched.
    let junk = dir.path().join("junk.backup");
    std::fs::write(&junk, "not a database").unwrap();
    let out = jalons(url, &["restore", junk.to_str().unwrap()]);
    assert!(!out.status.success());
    let reopened = Db::connect(url).await.unwrap();
    assert_eq!(snapshot(&reopened).await, at_backup);
}
