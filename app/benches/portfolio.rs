//! `make bench`: the history questions on a generated portfolio of 5,000
//! initiatives × 10 years of weekly updates (≈ 2.6 M), on the database the
//! environment names (SQLite, or PostgreSQL with JALONS_TEST_POSTGRES_URL).
//! Target: each question under 50 ms. Sizes: JALONS_BENCH_INITIATIVES,
//! JALONS_BENCH_YEARS.

use app::domain::Interval;
use app::store::read::{self, Scope};
use app::store::testing::fresh_db;
use app::store::Db;
use app::synthetic::{self, Options};
use chrono::NaiveDate;
use std::time::{Duration, Instant};

const TARGET: Duration = Duration::from_millis(50);
const RUNS: usize = 25;

fn env_u32(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs `f` RUNS times after one warm-up; prints min, median and max, and
/// whether the median meets the target (names in parentheses have none).
async fn measure<T, F, Fut>(name: &str, mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    f().await;
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        std::hint::black_box(f().await);
        times.push(start.elapsed());
    }
    times.sort();
    let median = times[RUNS / 2];
    println!(
        "{name:<58} min {:>8.2} ms  median {:>8.2} ms  max {:>8.2} ms  {}",
        ms(times[0]),
        ms(median),
        ms(times[RUNS - 1]),
        if name.starts_with('(') {
            "no target"
        } else if median <= TARGET {
            "ok (< 50 ms)"
        } else {
            "OVER TARGET (50 ms)"
        }
    );
    median
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let initiatives = env_u32("JALONS_BENCH_INITIATIVES", 5000);
    let years = env_u32("JALONS_BENCH_YEARS", 10);
    let test_db = fresh_db().await;
    let loader = &test_db.db;
    println!("database: {:?}", loader.backend());

    let start = Instant::now();
    let summary = synthetic::generate(
        loader,
        Options {
            initiatives,
            years,
            seed: 2015,
        },
        |_, _| {},
    )
    .await
    .expect("generate");
    println!(
        "generated {} initiatives, {} status updates ({} corrections), {} milestones, {} indicator values in {:.1} s",
        summary.initiatives,
        summary.status_updates,
        summary.corrections,
        summary.milestones,
        summary.indicator_values,
        start.elapsed().as_secs_f64()
    );

    // Questions are asked by a server, not by the process that loaded the
    // data: measure on a new pool, as `jalons serve` would open it.
    loader.close().await;
    let db = &Db::connect(&test_db.url)
        .await
        .expect("reopen the database");

    let to = NaiveDate::from_ymd_opt(2026, 1, 4).unwrap();
    let from = to - chrono::Duration::weeks(i64::from(years) * 52 - 1);
    let middle = from + (to - from) / 2;

    let label = format!("completion series, whole portfolio, {years} years by month");
    measure(&label, || {
        read::completion_series(db, Scope::Portfolio, from, to, Interval::Monthly)
    })
    .await;
    measure("state of the whole portfolio as of the last date", || {
        read::summaries_as_of(db, Scope::Portfolio, to)
    })
    .await;
    measure("state of the whole portfolio as of mid-period", || {
        read::summaries_as_of(db, Scope::Portfolio, middle)
    })
    .await;
    // Not a target: every narrative of every initiative at once, which no
    // page asks for (an initiative's page reads its own).
    measure(
        "(same, with all 5,000 narratives, as of mid-period)",
        || read::states_as_of(db, Scope::Portfolio, middle),
    )
    .await;
    let programme = read::initiatives(db, Scope::Portfolio).await.unwrap()[0].id;
    measure("roll-up of one programme (50 initiatives)", || {
        read::rollup(db, programme, middle)
    })
    .await;
    measure("changes between two dates, one programme", || {
        read::changes_between(db, Scope::Subtree(programme), from, middle)
    })
    .await;
}
