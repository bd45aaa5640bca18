//! Checking and importing an uploaded batch in the background, with its
//! progress for the batch's page.
//!
//! The progress lives in this instance's memory while the task runs, and
//! on PostgreSQL also in the batch's row (so that other instances behind
//! the load balancer show it too; SQLite holds its write lock for the whole
//! import, and has a single instance anyway).

use super::{import, ImportOptions};
use crate::domain::Via;
use crate::store::{batches, Actor, Backend, Db};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Rows done and rows in all, as a running task counts them.
type Counters = (Arc<AtomicUsize>, Arc<AtomicUsize>);

/// The counters of each batch running in this instance.
#[derive(Debug, Default)]
pub struct Progress {
    running: Mutex<HashMap<i64, Counters>>,
}

impl Progress {
    /// How far batch `id` has got, if this instance is running it.
    pub fn of(&self, id: i64) -> Option<(i64, i64)> {
        let running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        running.get(&id).map(|(done, total)| {
            (
                done.load(Ordering::Relaxed) as i64,
                total.load(Ordering::Relaxed) as i64,
            )
        })
    }

    fn start(&self, id: i64) -> Counters {
        let counters = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        running.insert(id, counters.clone());
        counters
    }

    fn end(&self, id: i64) {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        running.remove(&id);
    }
}

/// Checks (`dry_run`) or imports batch `id` in a task of its own, acting as
/// `who` through the import; the batch's row receives the report.
pub fn spawn(progress: Arc<Progress>, db: Db, id: i64, who: String, bytes: Vec<u8>, dry_run: bool) {
    let (done, total) = progress.start(id);
    tokio::spawn(async move {
        let ticker = (db.backend() == Backend::Postgres).then(|| {
            let (db, done, total) = (db.clone(), done.clone(), total.clone());
            tokio::spawn(async move {
                let mut every = tokio::time::interval(Duration::from_millis(500));
                loop {
                    every.tick().await;
                    let (d, t) = (done.load(Ordering::Relaxed), total.load(Ordering::Relaxed));
                    if let Err(error) = batches::progress(&db, id, d as i64, t as i64).await {
                        tracing::warn!(%error, batch = id, "import progress not recorded");
                    }
                }
            })
        });
        let actor = Actor {
            who: &who,
            via: Via::Import,
        };
        let result = import(&db, actor, &bytes, ImportOptions { dry_run }, |d, t| {
            done.store(d, Ordering::Relaxed);
            total.store(t, Ordering::Relaxed);
        })
        .await;
        if let Some(ticker) = ticker {
            ticker.abort();
        }
        let saved = match result {
            Ok(report) if dry_run => batches::checked(&db, id, &report).await,
            Ok(report) => {
                tracing::info!(batch = id, %report, "import batch done");
                batches::imported(&db, id, &report).await
            }
            Err(error) => {
                tracing::error!(%error, batch = id, "import batch failed");
                batches::failed(&db, id).await
            }
        };
        if let Err(error) = saved {
            tracing::error!(%error, batch = id, "import batch outcome not recorded");
        }
        progress.end(id);
    });
}
