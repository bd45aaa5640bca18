//! The CSV import, dry run, on a database holding the demo dataset: any
//! bytes at all give a report or a clear error, never a panic; a problem
//! names a line of the file; and a dry run stores nothing.
#![no_main]

use app::domain::{transfer::ImportReport, Via};
use app::store::testing::{fresh_db, TestDb};
use app::store::Actor;
use app::transfer::{import, ImportOptions};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

struct World {
    runtime: tokio::runtime::Runtime,
    test_db: TestDb,
    version: i64,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let (test_db, version) = runtime.block_on(async {
            let test_db = fresh_db().await;
            app::demo::load(&test_db.db).await.unwrap();
            let version = test_db.db.data_version().await.unwrap();
            (test_db, version)
        });
        World {
            runtime,
            test_db,
            version,
        }
    })
}

fn check(report: &ImportReport, bytes: &[u8]) {
    let lines = bytes.iter().filter(|b| **b == b'\n').count() as u64 + 1;
    for error in &report.errors {
        assert!(
            (1..=lines).contains(&error.line),
            "line {} of a {lines}-line file",
            error.line
        );
    }
    assert!(!report.committed(), "a dry run stores nothing");
}

fuzz_target!(|bytes: &[u8]| {
    let world = world();
    let actor = Actor {
        who: "fuzz",
        via: Via::Import,
    };
    let db = &world.test_db.db;
    world.runtime.block_on(async {
        let options = ImportOptions { dry_run: true };
        if let Ok(report) = import(db, actor, bytes, options, |_, _| {}).await {
            check(&report, bytes);
        }
        assert_eq!(db.data_version().await.unwrap(), world.version);
    });
});
