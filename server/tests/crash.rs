//! Killed mid-write (SIGKILL: no destructor, no rollback by the process),
//! the database is as it was before the unfinished transaction: SQLite's
//! write-ahead log and PostgreSQL's recovery undo it on the next open.

mod common;

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

/// A `jalons serve` of its own on a free port, its log in a file.
struct Served {
    child: std::process::Child,
    addr: String,
    log: std::path::PathBuf,
    _logs: tempfile::TempDir,
}

impl Served {
    async fn start(url: &str) -> Served {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let addr = format!("127.0.0.1:{port}");
        let logs = tempfile::tempdir().unwrap();
        let log = logs.path().join("server.log");
        let child = jalons(url)
            .args(["serve", "--addr", &addr])
            .args([
                "--api-requests-per-second",
                "1000000",
                "--api-burst",
                "1000000",
            ])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let health = client.get(format!("http://{addr}/healthz")).send().await;
            if health.is_ok_and(|r| r.status().is_success()) {
                break;
            }
            assert!(Instant::now() < deadline, "the server did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Served {
            child,
            addr,
            log,
            _logs: logs,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// What the server logged, for a failure's message.
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

/// The database reopened after a kill: SQLite's file passes its integrity
/// check; the status updates stored, as `column`, with how many have their
/// audit row.
async fn reopened(url: &str, column: &str) -> (Vec<String>, i64) {
    let db = Db::connect(url).await.unwrap();
    let stored = format!("select cast({column} as text) from status_update");
    const AUDITED: &str =
        "select count(*) from audit_log where entity = 'status_update' and action = 'append'";
    match &db {
        Db::Sqlite(pool) => {
            let check: String = sqlx::query_scalar("pragma integrity_check")
                .fetch_one(pool)
                .await
                .unwrap();
            assert_eq!(check, "ok");
            (
                sqlx::query_scalar(&stored).fetch_all(pool).await.unwrap(),
                sqlx::query_scalar(AUDITED).fetch_one(pool).await.unwrap(),
            )
        }
        Db::Postgres(pool) => (
            sqlx::query_scalar(&stored).fetch_all(pool).await.unwrap(),
            sqlx::query_scalar(AUDITED).fetch_one(pool).await.unwrap(),
        ),
    }
}

/// Every acknowledged write is stored, each stored update has its audit
/// row, and at most one unanswered write per writer (the one in flight at
/// the kill) was stored besides.
fn every_acknowledged_write_kept(
    acknowledged: &[String],
    stored: &[String],
    audited: i64,
    before: i64,
    writers: usize,
) {
    let missing: Vec<_> = acknowledged
        .iter()
        .filter(|id| !stored.contains(id))
        .collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    let extra = stored.len() as i64 - before - acknowledged.len() as i64;
    assert!(
        (0..=writers as i64).contains(&extra),
        "{extra} updates stored beyond those answered"
    );
    assert_eq!(
        audited,
        stored.len() as i64,
        "each update with its audit row"
    );
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

/// A server killed while editors write through the API: every write it
/// acknowledged (201) is there after the restart, each stored update has its
/// audit row (no half of a transaction), and nothing else was stored.
#[tokio::test]
async fn a_server_killed_mid_burst_of_api_writes_keeps_every_acknowledged_one() {
    use app::domain::*;
    use app::store::{accounts, write, Actor};
    use std::sync::{Arc, Mutex};
    const WRITERS: usize = 8;
    let setup = Actor {
        who: "setup",
        via: Via::Cli,
    };
    let test_db = fresh_db().await;
    let url = test_db.url.clone();
    let email = Email::parse("email", "editor@sct.gouv.qc.ca").unwrap();
    let mut tx = test_db.db.begin().await.unwrap();
    accounts::create_account(
        &mut tx,
        setup,
        &email,
        "E",
        Role::Editor,
        "a long password!",
    )
    .await
    .unwrap();
    let (token, _) = accounts::create_token(&mut tx, setup, &email, "crash")
        .await
        .unwrap();
    let form = InitiativeForm {
        kind: "strategy".into(),
        code: "SGTI-2015".into(),
        title_fr: "Stratégie".into(),
        title_en: "Strategy".into(),
        ..Default::default()
    };
    let strategy = write::create_initiative(&mut tx, setup, &form.parse().unwrap())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let updates_before = count(&test_db.db, "status_update").await;

    let server = Served::start(&url).await;
    let client = reqwest::Client::new();

    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let endpoint = server.url(&format!("/api/v1/initiatives/{}/updates", strategy.id.0));
    let mut writers = tokio::task::JoinSet::new();
    for writer in 0..WRITERS {
        let (client, endpoint, token) = (client.clone(), endpoint.clone(), token.clone());
        let (acknowledged, log) = (acknowledged.clone(), server.log.clone());
        writers.spawn(async move {
            let first = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
            for n in 0.. {
                let as_of = first + chrono::Duration::days((n * WRITERS + writer) as i64);
                let body = serde_json::json!({
                    "as_of": as_of.to_string(), "status": "in_progress",
                    "health": "on_track", "percent_complete": n % 100,
                });
                let sent = client
                    .post(&endpoint)
                    .bearer_auth(&token)
                    .header("content-type", "application/json")
                    .body(body.to_string())
                    .send()
                    .await;
                // The server is gone: stop writing.
                let Ok(response) = sent else { return };
                if response.status() != reqwest::StatusCode::CREATED {
                    let status = response.status();
                    let body = response.text().await.unwrap_or_default();
                    let log = std::fs::read_to_string(&log).unwrap_or_default();
                    panic!("writer {writer}: {status} {body}\nserver log:\n{log}");
                }
                let Ok(text) = response.text().await else {
                    return;
                };
                let created: serde_json::Value = serde_json::from_str(&text).unwrap();
                acknowledged
                    .lock()
                    .unwrap()
                    .push(created["id"].as_i64().expect("an id").to_string());
            }
        });
    }
    // Until a good number of writes have been answered, then in mid-burst.
    let deadline = Instant::now() + Duration::from_secs(60);
    while acknowledged.lock().unwrap().len() < 200 {
        assert!(Instant::now() < deadline, "too few writes answered");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.kill();
    while let Some(done) = writers.join_next().await {
        done.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    let (stored, audited) = reopened(&url, "id").await;
    every_acknowledged_write_kept(&acknowledged, &stored, audited, updates_before, WRITERS);
}

/// A server killed while editors record status updates through the page's
/// form (the server function a browser posts to, signed in with a session):
/// every update the form was told was saved is there after the restart, with
/// its audit row, and nothing half-written.
#[tokio::test]
async fn a_server_killed_mid_status_update_from_the_form_keeps_every_saved_one() {
    use app::domain::*;
    use app::store::{accounts, write, Actor};
    use std::sync::{Arc, Mutex};
    const WRITERS: usize = 4;
    const PASSWORD: &str = "a long password!";
    let setup = Actor {
        who: "setup",
        via: Via::Cli,
    };
    let test_db = fresh_db().await;
    let url = test_db.url.clone();
    let mut tx = test_db.db.begin().await.unwrap();
    for n in 0..WRITERS {
        let email = Email::parse("email", &format!("editor{n}@sct.gouv.qc.ca")).unwrap();
        accounts::create_account(&mut tx, setup, &email, "E", Role::Editor, PASSWORD)
            .await
            .unwrap();
    }
    let form = InitiativeForm {
        kind: "programme".into(),
        code: "PGM-1".into(),
        title_fr: "Programme".into(),
        title_en: "Programme".into(),
        ..Default::default()
    };
    let programme = write::create_initiative(&mut tx, setup, &form.parse().unwrap())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let updates_before = count(&test_db.db, "status_update").await;

    let server = Served::start(&url).await;
    let client = reqwest::Client::new();
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut writers = tokio::task::JoinSet::new();
    for writer in 0..WRITERS {
        let signed_in = client
            .post(server.url("/fn/sign_in"))
            .header("accept", "application/json")
            .form(&[
                ("locale", "fr"),
                ("email", &format!("editor{writer}@sct.gouv.qc.ca")),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert!(signed_in.status().is_success(), "{}", signed_in.status());
        let cookie = common::session_cookie(&signed_in).expect("a session cookie");
        let (client, endpoint) = (client.clone(), server.url("/fn/record_update"));
        let (acknowledged, log, programme) =
            (acknowledged.clone(), server.log.clone(), programme.id.0);
        writers.spawn(async move {
            let first = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
            for n in 0.. {
                let marker = format!("writer {writer}, update {n}");
                let as_of = first + chrono::Duration::days((n * WRITERS + writer) as i64);
                let update = StatusUpdateForm {
                    initiative_id: programme.to_string(),
                    as_of: as_of.to_string(),
                    status: "in_progress".into(),
                    health: "on_track".into(),
                    percent_complete: (n % 100).to_string(),
                    accomplishments_fr: marker.clone(),
                    ..Default::default()
                };
                let sent = client
                    .post(&endpoint)
                    .header("accept", "application/json")
                    .header("cookie", &cookie)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(common::form_body(&[("locale", "fr")], &update, &[]))
                    .send()
                    .await;
                // The server is gone: stop writing.
                let Ok(response) = sent else { return };
                let status = response.status();
                let Ok(body) = response.text().await else {
                    return;
                };
                if status != reqwest::StatusCode::OK {
                    let log = std::fs::read_to_string(&log).unwrap_or_default();
                    panic!("writer {writer}: {status} {body}\nserver log:\n{log}");
                }
                acknowledged.lock().unwrap().push(marker);
            }
        });
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while acknowledged.lock().unwrap().len() < 100 {
        assert!(
            Instant::now() < deadline,
            "too few updates saved:\n{}",
            server.log()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.kill();
    while let Some(done) = writers.join_next().await {
        done.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    let (stored, audited) = reopened(&url, "accomplishments_fr").await;
    every_acknowledged_write_kept(&acknowledged, &stored, audited, updates_before, WRITERS);
}
