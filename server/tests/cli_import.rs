//! `jalons export` and `jalons import`, run as a person runs them: the built
//! binary against a fresh database (SQLite, or PostgreSQL when
//! `JALONS_TEST_POSTGRES_URL` is set).

use app::store::testing::fresh_db;
use std::path::PathBuf;
use std::process::{Command, Output};

fn jalons(database_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jalons"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("USER", "cli-tester")
        .env("RUST_LOG", "error")
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A file path of its own for this test, in the system's temporary directory.
fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("jalons-cli-{}-{name}", std::process::id()))
}

#[tokio::test]
async fn export_then_import_round_trips_and_bad_lines_fail_the_command() {
    let test_db = fresh_db().await;
    app::demo::load(&test_db.db).await.unwrap();
    let url = test_db.url.as_str();

    let exported = scratch("initiatives.csv");
    let out = jalons(
        url,
        &[
            "export",
            "initiatives",
            "--output",
            exported.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout_copy = jalons(url, &["export", "initiatives"]);
    assert_eq!(stdout_copy.stdout, std::fs::read(&exported).unwrap());

    let out = jalons(url, &["import", exported.to_str().unwrap(), "--dry-run"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("would import 0 created, 0 updated"),
        "{}",
        text(&out.stdout)
    );

    let bad = scratch("bad-updates.csv");
    let header = app::transfer::STATUS_UPDATE_COLUMNS.join(",");
    let empty = ",".repeat(app::transfer::STATUS_UPDATE_COLUMNS.len() - 5);
    std::fs::write(&bad, format!("{header}\n,1,,2030-01-01,done{empty}\n")).unwrap();
    let out = jalons(url, &["import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("line 2, column status: unknown value \"done\""),
        "{stdout}"
    );
    assert!(stdout.contains("line 2, column health: a value is required"));
    assert!(text(&out.stderr).starts_with("error: 2 problem(s)"));

    std::fs::remove_file(exported).ok();
    std::fs::remove_file(bad).ok();
}
