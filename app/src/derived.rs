//! Figures derived once per data version: what a signed-in page computes
//! from the whole history (an initiative's roll-up, grid, completion and
//! health over time; its charts) is kept with the data version it was
//! computed at, and computed again only when the version has moved on.
//!
//! The data version is bumped by every write in its own transaction and read
//! here from the database on every request (not the render cache's polled
//! copy), so a writer reads their own write on the very next page: a figure
//! is only ever reused while nothing at all has been written since. It is
//! read *before* the figures are computed, so a figure kept under a version
//! is never older than that version (a write committed meanwhile makes it
//! newer, never staler).
//!
//! The public pages do not come here: the render cache (server crate) keeps
//! their whole answers. This memo keeps only what every signed-in reader
//! would compute alike; what depends on who asks (their role's rights) is
//! added per request.

use std::hash::Hash;
use std::sync::Arc;

/// How much one kept value weighs (about its size in bytes).
pub trait Weight {
    fn weight(&self) -> u64;
}

impl Weight for String {
    fn weight(&self) -> u64 {
        self.len() as u64
    }
}

/// Named texts (a page's charts: name and SVG).
impl Weight for Vec<(String, String)> {
    fn weight(&self) -> u64 {
        self.iter().map(|(a, b)| (a.len() + b.len()) as u64).sum()
    }
}

#[derive(Clone)]
struct ByWeight;

impl<K, V: Weight> quick_cache::Weighter<K, (i64, Arc<V>)> for ByWeight {
    fn weight(&self, _key: &K, (_, value): &(i64, Arc<V>)) -> u64 {
        value.weight().max(1)
    }
}

/// Values of type `V` by key, each with the data version it was computed at.
pub struct Derived<K, V> {
    kept: quick_cache::sync::Cache<K, (i64, Arc<V>), ByWeight>,
}

impl<K: Eq + Hash + Clone, V: Weight> std::fmt::Debug for Derived<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Derived")
            .field("len", &self.kept.len())
            .field("weight", &self.kept.weight())
            .finish()
    }
}

impl<K, V> Derived<K, V>
where
    K: Eq + Hash + Clone,
    V: Weight,
{
    /// A memo holding at most about `capacity` bytes.
    pub fn new(capacity: u64) -> Self {
        Derived {
            kept: quick_cache::sync::Cache::with_weighter(1024, capacity, ByWeight),
        }
    }

    /// The value of `key` at `version`: the one kept if it was computed at
    /// that version, else `compute`'s, kept for the next reader (an error
    /// is not kept).
    pub async fn get_or_compute<E, F>(&self, key: K, version: i64, compute: F) -> Result<Arc<V>, E>
    where
        F: std::future::Future<Output = Result<V, E>>,
    {
        if let Some((kept_at, value)) = self.kept.get(&key) {
            if kept_at == version {
                metrics::counter!("derived_figures_total", "result" => "kept").increment(1);
                return Ok(value);
            }
        }
        metrics::counter!("derived_figures_total", "result" => "computed").increment(1);
        let value = Arc::new(compute.await?);
        self.kept.insert(key, (version, value.clone()));
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    async fn ask(memo: &Derived<u8, String>, version: i64, runs: &AtomicUsize) -> String {
        let value = memo
            .get_or_compute(1, version, async {
                let n = runs.fetch_add(1, Ordering::SeqCst);
                Ok::<_, ()>(format!("computed at {version}, run {n}"))
            })
            .await
            .unwrap();
        (*value).clone()
    }

    #[tokio::test]
    async fn a_value_is_reused_at_its_version_and_computed_again_at_the_next() {
        let memo = Derived::new(1 << 20);
        let runs = AtomicUsize::new(0);
        assert_eq!(ask(&memo, 7, &runs).await, "computed at 7, run 0");
        assert_eq!(ask(&memo, 7, &runs).await, "computed at 7, run 0");
        assert_eq!(ask(&memo, 8, &runs).await, "computed at 8, run 1");
        assert_eq!(ask(&memo, 8, &runs).await, "computed at 8, run 1");
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn an_error_is_not_kept() {
        let memo: Derived<u8, String> = Derived::new(1 << 20);
        let failed = memo
            .get_or_compute(1, 1, async { Err::<String, _>("away") })
            .await;
        assert_eq!(failed.unwrap_err(), "away");
        let runs = AtomicUsize::new(0);
        assert_eq!(ask(&memo, 1, &runs).await, "computed at 1, run 0");
    }

    #[tokio::test]
    async fn what_outweighs_the_capacity_is_let_go() {
        let memo: Derived<u8, String> = Derived::new(100);
        let runs = AtomicUsize::new(0);
        for key in 0..50u8 {
            memo.get_or_compute(key, 1, async {
                runs.fetch_add(1, Ordering::SeqCst);
                Ok::<_, ()>("x".repeat(40))
            })
            .await
            .unwrap();
        }
        assert!(memo.kept.weight() <= 100, "{:?}", memo);
    }
}
