//! PostgreSQL stopped under load: every request that needs it gets a 503
//! with a clear message (the API in its JSON shape, the pages in the
//! reader's language), `/healthz` says so, nothing half-written is left, and
//! the server recovers by itself when the database is back — no restart.
//!
//! The test runs its own PostgreSQL cluster (the one `make test` provides
//! is shared with the other tests, which must not see it stop).
//!
//! And a SQLite file on a disk that fills up: writes get a 503 that says
//! the database cannot write, reads go on, nothing is corrupt or lost, and
//! writes go on by themselves once there is room.

mod common;

use app::domain::*;
use app::store::testing::migrated;
use app::store::{accounts, write, Actor, Db};
use common::TestApp;
use reqwest::{header, StatusCode};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SETUP: Actor = Actor {
    who: "setup",
    via: Via::Cli,
};

/// A PostgreSQL cluster of this test's own, in a temporary directory.
struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl Cluster {
    /// PostgreSQL refuses to run as root: as root, it runs as `postgres`.
    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if running_as_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn user() -> String {
        if running_as_root() {
            "postgres".into()
        } else {
            std::env::var("USER").unwrap_or_else(|_| "postgres".into())
        }
    }

    fn create() -> Cluster {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL is installed (make test installs it)")
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .filter(|b| b.join("initdb").exists())
            .max()
            .expect("a PostgreSQL with initdb");
        let dir = tempfile::tempdir().unwrap();
        if running_as_root() {
            let chown = Command::new("chown")
                .arg("postgres")
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(chown.success());
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let cluster = Cluster { bin, dir, port };
        let init = cluster
            .command("initdb")
            .arg("-D")
            .arg(cluster.data())
            .args(["--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"])
            .arg(format!("--username={}", Cluster::user()))
            .output()
            .unwrap();
        assert!(init.status.success(), "initdb: {init:?}");
        cluster.start();
        cluster
    }

    fn start(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        let started = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(self.dir.path().join("log"))
            .args(["-w", "-o", &options, "start"])
            .output()
            .unwrap();
        assert!(started.status.success(), "pg_ctl start: {started:?}");
    }

    fn stop(&self) {
        let stopped = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "fast", "-w", "stop"])
            .output()
            .unwrap();
        assert!(stopped.status.success(), "pg_ctl stop: {stopped:?}");
    }

    fn url(&self) -> String {
        format!(
            "postgres://{}@127.0.0.1:{}/postgres",
            Cluster::user(),
            self.port
        )
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "immediate", "stop"])
            .output();
    }
}

fn data_dir_exists(dir: &Path) -> bool {
    dir.join("PG_VERSION").exists()
}

async fn editor_token(db: &Db) -> String {
    let email = Email::parse("email", "editor@sct.gouv.qc.ca").unwrap();
    let mut tx = db.begin().await.unwrap();
    accounts::create_account(
        &mut tx,
        SETUP,
        &email,
        "Editor",
        Role::Editor,
        "a long password!",
    )
    .await
    .unwrap();
    let (token, _) = accounts::create_token(&mut tx, SETUP, &email, "outage")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    token
}

async fn published_initiative(db: &Db) -> i64 {
    let form = InitiativeForm {
        kind: "strategy".into(),
        code: "SGTI-2015".into(),
        title_fr: "Stratégie gouvernementale en TI".into(),
        title_en: "Government IT strategy".into(),
        visibility: "published".into(),
        ..Default::default()
    };
    let mut tx = db.begin().await.unwrap();
    let created = write::create_initiative(&mut tx, SETUP, &form.parse().unwrap())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    created.id.0
}

fn new_update(as_of: &str) -> Value {
    json!({"as_of": as_of, "status": "in_progress", "health": "on_track", "percent_complete": 40})
}

/// The answer to `request`, its status and how long it took.
async fn timed(request: reqwest::RequestBuilder) -> (reqwest::Response, Duration) {
    let started = Instant::now();
    let response = request
        .send()
        .await
        .expect("an answer, not a dropped connection");
    (response, started.elapsed())
}

#[tokio::test]
async fn postgres_stopped_under_load_answers_503_then_recovers_by_itself() {
    let cluster = Cluster::create();
    assert!(data_dir_exists(&cluster.data()));
    let app = TestApp::spawn_on(migrated(&cluster.url()).await, |_| {}).await;
    let db = app.test_db.db.clone();
    let token = editor_token(&db).await;
    let id = published_initiative(&db).await;
    let resource = app.url(&format!("/api/v1/initiatives/{id}"));
    let updates = app.url(&format!("/api/v1/initiatives/{id}/updates"));
    let post_update = |as_of: &str| {
        app.client
            .post(&updates)
            .bearer_auth(&token)
            .header(header::CONTENT_TYPE, "application/json")
            .body(new_update(as_of).to_string())
    };
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    let (first, _) = timed(post_update("2017-10-31")).await;
    assert_eq!(first.status(), StatusCode::CREATED);

    // Readers of the API all along: each answer is 200 or 503, never a 500
    // nor a dropped connection.
    let load_on = Arc::new(AtomicBool::new(true));
    let seen = Arc::new(Mutex::new(Vec::<StatusCode>::new()));
    let mut load = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let (client, url, token) = (app.client.clone(), resource.clone(), token.clone());
        let (on, seen) = (load_on.clone(), seen.clone());
        load.spawn(async move {
            while on.load(Ordering::Relaxed) {
                let response = client.get(&url).bearer_auth(&token).send().await;
                let status = response.expect("an answer under load").status();
                seen.lock().unwrap().push(status);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        });
    }
    tokio::time::sleep(Duration::from_millis(300)).await;

    cluster.stop();

    let health = app.get("/healthz").await;
    assert_eq!(health.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(health.text().await.unwrap(), "database unavailable\n");

    let (read, took) = timed(app.client.get(&resource).bearer_auth(&token)).await;
    assert_eq!(read.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        took < Duration::from_secs(10),
        "a 503 comes quickly, not after {took:?}"
    );
    assert_eq!(read.headers()[header::RETRY_AFTER], "5");
    let body: Value = serde_json::from_str(&read.text().await.unwrap()).unwrap();
    assert_eq!(body["code"], "unavailable", "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("database is unavailable"),
        "{body}"
    );

    let (write, _) = timed(post_update("2018-04-30")).await;
    assert_eq!(write.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = serde_json::from_str(&write.text().await.unwrap()).unwrap();
    assert_eq!(body["code"], "unavailable", "{body}");

    // A public page not in the render cache yet: the reader is told, in the
    // page's language, with the status a proxy or a monitor understands.
    for (lang, sentence) in [
        ("fr", "La base de données est momentanément indisponible"),
        ("en", "The database is unavailable for the moment"),
    ] {
        let page = app.get(&format!("/{lang}/progress/{id}")).await;
        assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE, "{lang}");
        let html = page.text().await.unwrap();
        assert!(html.contains(sentence), "{lang}: {html}");
    }

    cluster.start();
    let back = Instant::now();
    loop {
        if app.get("/healthz").await.status() == StatusCode::OK {
            break;
        }
        assert!(
            back.elapsed() < Duration::from_secs(30),
            "the server did not recover"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (read, _) = timed(app.client.get(&resource).bearer_auth(&token)).await;
    assert_eq!(read.status(), StatusCode::OK);
    let (write, _) = timed(post_update("2018-10-31")).await;
    assert_eq!(write.status(), StatusCode::CREATED);
    for lang in ["fr", "en"] {
        let page = app.get(&format!("/{lang}/progress/{id}")).await;
        assert_eq!(page.status(), StatusCode::OK, "{lang}");
    }

    load_on.store(false, Ordering::Relaxed);
    while let Some(done) = load.join_next().await {
        done.unwrap();
    }
    let seen = seen.lock().unwrap().clone();
    assert!(seen.contains(&StatusCode::OK) && seen.contains(&StatusCode::SERVICE_UNAVAILABLE));
    assert!(
        seen.iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::SERVICE_UNAVAILABLE),
        "{seen:?}"
    );

    // The write refused while the database was away left nothing; the two
    // acknowledged ones are there.
    let history = app.client.get(&updates).bearer_auth(&token).send().await;
    let history: Value = serde_json::from_str(&history.unwrap().text().await.unwrap()).unwrap();
    let dates: Vec<&str> = history["items"]
        .as_array()
        .or(history.as_array())
        .expect("a list of updates")
        .iter()
        .map(|u| u["as_of"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(sorted, ["2017-10-31", "2018-10-31"]);
}

/// `mount` as root, or through `sudo` without a password: a small tmpfs is
/// the disk that fills up under the server. (A disk that turns read-only is
/// met by the same code: `Unavailable::CannotWrite`, tested in the storage
/// suite; Linux will not remount read-only a file system with files open
/// for writing, so it is not staged here.)
fn mount(args: &[&str]) {
    let mut command = if running_as_root() {
        Command::new("mount")
    } else {
        let mut sudo = Command::new("sudo");
        sudo.args(["-n", "mount"]);
        sudo
    };
    let out = command.args(args).output().unwrap();
    assert!(
        out.status.success(),
        "this test mounts a small tmpfs (root or passwordless sudo): mount {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    fn new(size: &str) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        mount(&[
            "-t",
            "tmpfs",
            "-o",
            &format!("size={size}"),
            "tmpfs",
            dir.path().to_str().unwrap(),
        ]);
        SmallDisk(dir)
    }

    fn remount(&self, options: &str) {
        mount(&[
            "-o",
            &format!("remount,{options}"),
            self.0.path().to_str().unwrap(),
        ]);
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let path = self.0.path().to_str().unwrap().to_owned();
        let _ = if running_as_root() {
            Command::new("umount").args(["-l", &path]).output()
        } else {
            Command::new("sudo")
                .args(["-n", "umount", "-l", &path])
                .output()
        };
    }
}

#[tokio::test]
async fn a_full_disk_refuses_writes_with_503_keeps_the_data_and_recovers() {
    let disk = SmallDisk::new("2m");
    let url = format!("sqlite://{}", disk.0.path().join("jalons.db").display());
    let app = TestApp::spawn_on(migrated(&url).await, |_| {}).await;
    let db = app.test_db.db.clone();
    let token = editor_token(&db).await;
    let id = published_initiative(&db).await;
    let resource = app.url(&format!("/api/v1/initiatives/{id}"));
    let updates = app.url(&format!("/api/v1/initiatives/{id}/updates"));
    let write = |n: i64| {
        let mut body = new_update("2017-10-31");
        body["as_of"] = json!((chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap()
            + chrono::Duration::days(n))
        .to_string());
        // Narratives as long as allowed: the disk fills in a few dozen.
        body["accomplishments_fr"] = json!(format!("{n:05} ").repeat(3_000));
        body["accomplishments_en"] = json!(format!("{n:05} ").repeat(3_000));
        app.client
            .post(&updates)
            .bearer_auth(&token)
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.to_string())
    };

    let mut acknowledged = Vec::new();
    let mut refusal = None;
    for n in 0..2_000 {
        let response = write(n).send().await.unwrap();
        match response.status() {
            StatusCode::CREATED => {
                let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
                acknowledged.push(body["id"].as_i64().unwrap());
            }
            StatusCode::SERVICE_UNAVAILABLE => {
                refusal = Some(response.text().await.unwrap());
                break;
            }
            other => panic!(
                "write {n} on a filling disk: {other} {}",
                response.text().await.unwrap()
            ),
        }
    }
    let refusal: Value = serde_json::from_str(&refusal.expect("the disk filled up")).unwrap();
    assert_eq!(refusal["code"], "unavailable", "{refusal}");
    assert!(
        refusal["message"]
            .as_str()
            .unwrap()
            .contains("cannot write"),
        "{refusal}"
    );
    assert!(!acknowledged.is_empty());
    let read = app
        .client
        .get(&resource)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::OK, "reads go on");

    // Room again: writes go on, by themselves.
    disk.remount("size=64m");
    let response = write(5_000).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    acknowledged.push(body["id"].as_i64().unwrap());

    // Nothing corrupt, nothing acknowledged lost, nothing refused stored.
    app.shut_down().await.unwrap();
    let reopened = Db::connect(&url).await.unwrap();
    let Db::Sqlite(pool) = &reopened else {
        unreachable!("a SQLite file")
    };
    let check: String = sqlx::query_scalar("pragma integrity_check")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    let mut stored: Vec<i64> = sqlx::query_scalar("select id from status_update order by id")
        .fetch_all(pool)
        .await
        .unwrap();
    stored.sort_unstable();
    acknowledged.sort_unstable();
    assert_eq!(stored, acknowledged);
}
