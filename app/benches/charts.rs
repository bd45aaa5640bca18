//! `make bench`: drawing the charts as SVG, on the largest series a page
//! asks for: ten years of weekly completion counts (≈ 520 points) for a
//! strategy of 36 measures, ten years of monthly indicator values, and 30
//! milestones. Target: each chart under 5 ms (the median of 200 runs).

use app::charts::{self, CompletionText, IndicatorText, MilestoneBar, MilestoneText};
use app::domain::history::{indicator_series, IndicatorSeries, SeriesPoint, StatusCounts};
use app::domain::{Bilingual, Code, Direction, Indicator, IndicatorId, InitiativeId};
use app::i18n::Locale;
use chrono::{Duration as Days, NaiveDate};
use std::time::{Duration, Instant};

const TARGET: Duration = Duration::from_millis(5);
const RUNS: usize = 200;
const MEASURES: u32 = 36;
const WEEKS: u32 = 52 * 10;

/// Runs `f` RUNS times after one warm-up; prints min, median and max, the
/// document's size, and whether the median meets the target.
fn measure(name: &str, mut f: impl FnMut() -> String) -> Duration {
    let size = f().len();
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        std::hint::black_box(f());
        times.push(start.elapsed());
    }
    times.sort();
    let median = times[RUNS / 2];
    println!(
        "{name:<58} min {:>8.2} ms  median {:>8.2} ms  max {:>8.2} ms  {:>4} kB  {}",
        ms(times[0]),
        ms(median),
        ms(times[RUNS - 1]),
        size / 1024,
        if median <= TARGET {
            "ok (< 5 ms)"
        } else {
            "OVER TARGET (5 ms)"
        }
    );
    median
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2015, 6, 7).expect("a date")
}

/// Ten years of weekly counts for 36 measures: measure i is planned until
/// week 6i, in progress for two to four years, then completed; every ninth
/// is on hold for a year on the way, and the last is cancelled.
fn completion_points() -> Vec<SeriesPoint> {
    (0..WEEKS)
        .map(|week| {
            let mut counts = StatusCounts::default();
            for i in 0..MEASURES {
                let begins = 6 * i;
                let ends = begins + 100 + 3 * i;
                let status = if i == MEASURES - 1 && week >= 300 {
                    app::domain::Status::Cancelled
                } else if week < begins {
                    app::domain::Status::Planned
                } else if week >= ends {
                    app::domain::Status::Completed
                } else if i % 9 == 0 && (begins + 20..begins + 72).contains(&week) {
                    app::domain::Status::OnHold
                } else {
                    app::domain::Status::InProgress
                };
                counts.add(status);
            }
            SeriesPoint {
                date: start() + Days::weeks(i64::from(week)),
                counts,
            }
        })
        .collect()
}

fn completion_text() -> CompletionText {
    CompletionText {
        title: "Avancement des 36 mesures".into(),
        description: "Nombre de mesures par statut, chaque semaine, de 2015 à 2025.".into(),
        status: ["Prévue", "En cours", "Terminée", "Suspendue", "Annulée"].map(String::from),
        total: "Total".into(),
        y_axis: "Mesures".into(),
        date: "Date".into(),
        no_data: "Aucune donnée".into(),
    }
}

/// Ten years of monthly values of an indicator going from 457 to 3.
fn indicator_data() -> IndicatorSeries {
    let indicator = Indicator {
        id: IndicatorId(1),
        initiative_id: InitiativeId(1),
        code: Code::parse("code", "CTI").expect("a code"),
        name: Bilingual::new("Centres de traitement", "Data centres"),
        unit: Bilingual::new("centres", "centres"),
        direction: Direction::Down,
        baseline: Some((start(), 457.0)),
        target: Some((start() + Days::weeks(WEEKS.into()), 3.0)),
    };
    let values = (0..120)
        .map(|month| {
            let date = start() + Days::days(30 * month);
            let value = 457.0 - 3.6 * month as f64 + 10.0 * ((month % 7) as f64 - 3.0);
            (date, value.max(3.0))
        })
        .collect();
    indicator_series(indicator, values)
}

fn indicator_text() -> IndicatorText {
    IndicatorText {
        title: "Centres de traitement".into(),
        description: "Centres de traitement en activité, mesurés et prévus.".into(),
        actual: "Mesuré".into(),
        planned: "Prévu".into(),
        target: "Cible".into(),
        unit: "centres".into(),
        date: "Date".into(),
        no_data: "Aucune valeur".into(),
    }
}

/// 30 milestones over ten years, some late, some early, some reached.
fn milestone_rows() -> Vec<MilestoneBar> {
    (0..30)
        .map(|i: i64| {
            let baseline = start() + Days::weeks(16 * i);
            let slip = Days::weeks((i % 5 - 1) * 6);
            MilestoneBar {
                label: format!("Jalon {i} : livraison de la composante {i} du programme"),
                baseline,
                forecast: baseline + slip,
                actual: (i < 20).then_some(baseline + slip + Days::days(i % 3)),
            }
        })
        .collect()
}

fn milestone_text() -> MilestoneText {
    MilestoneText {
        title: "Jalons du programme".into(),
        description: "Dates de référence, prévues et réelles des 30 jalons.".into(),
        milestone: "Jalon".into(),
        baseline: "Référence".into(),
        forecast: "Prévision".into(),
        actual: "Réel".into(),
        slippage: "Glissement".into(),
        ahead: "Avance".into(),
        today: "Aujourd'hui".into(),
        no_data: "Aucun jalon".into(),
    }
}

fn main() {
    let points = completion_points();
    let text = completion_text();
    let label = format!(
        "completion chart, {} weekly points, {MEASURES} measures",
        points.len()
    );
    measure(&label, || {
        charts::completion("c", &points, &text, Locale::fr)
    });

    let series = indicator_data();
    let text = indicator_text();
    let label = format!(
        "indicator chart, {} monthly values and planned path",
        series.actual.len()
    );
    measure(&label, || {
        charts::indicator("i", &series, &text, Locale::fr)
    });

    let rows = milestone_rows();
    let text = milestone_text();
    let today = start() + Days::weeks(300);
    let label = format!("milestone chart, {} milestones", rows.len());
    measure(&label, || {
        charts::milestones("m", &rows, today, &text, Locale::fr)
    });
}
