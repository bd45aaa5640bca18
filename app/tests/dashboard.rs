//! The dashboard's figures on the demo dataset and on hand-built data: the
//! portfolio as of a date, computed schedule health against the reported
//! one, the late and stale lists, the headline, health over time. SQLite by
//! default, PostgreSQL when `JALONS_TEST_POSTGRES_URL` is set.

use app::demo;
use app::domain::dashboard::{self, GridFilter, ScheduleSignal};
use app::domain::*;
use app::store::dashboard::{grid, health_series};
use app::store::read::{self, Scope};
use app::store::testing::{fresh_db, TestDb};
use app::store::{write, Actor};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2026-11-21";

async fn loaded() -> TestDb {
    let test_db = fresh_db().await;
    demo::load(&test_db.db).await.expect("the demo loads");
    test_db
}

async fn root(test_db: &TestDb, code: &str) -> Initiative {
    read::initiatives(&test_db.db, Scope::Portfolio)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.parent_id.is_none() && i.code.as_str() == code)
        .unwrap_or_else(|| panic!("{code} in the demo"))
}

#[tokio::test]
async fn the_2015_strategy_as_of_october_2017_has_16_completed_and_20_in_progress() {
    let t = loaded().await;
    let strategy = root(&t, "SGTI-2015").await;
    let date = d("2017-10-31");
    let g = grid(
        &t.db,
        Scope::Subtree(strategy.id),
        date,
        d(TODAY),
        d("2017-07-01"),
    )
    .await
    .unwrap();
    let measures: Vec<_> = g.rows.iter().filter(|r| r.leaf).collect();
    assert_eq!(measures.len(), 36);
    let leaves: Vec<_> = measures.iter().map(|r| (*r).clone()).collect();
    let h = dashboard::headline(&leaves);
    assert_eq!(h.by_status.completed, 16);
    assert_eq!(h.by_status.in_progress, 20);
    assert_eq!(h.without_update, 0);
    // Completed measures count 100 %; the others report their own figure or none.
    let completion = h.weighted_completion.expect("a weighted completion");
    assert!(completion >= 16.0 / 36.0 * 100.0 - 1e-9, "{completion}");

    // Before the strategy was announced, none of it existed.
    let before = grid(
        &t.db,
        Scope::Subtree(strategy.id),
        d("2015-01-01"),
        d(TODAY),
        d("2015-01-01"),
    )
    .await
    .unwrap();
    assert!(before.rows.is_empty(), "{:?}", before.rows.len());
}

#[tokio::test]
async fn acces_uniqc_is_computed_off_track_while_reported_at_risk_overall() {
    let t = loaded().await;
    let programme = root(&t, "AUTH-GOUV").await;
    let g = grid(&t.db, Scope::Portfolio, d(TODAY), d(TODAY), d("2026-07-01"))
        .await
        .unwrap();
    let row = g
        .rows
        .iter()
        .find(|r| r.initiative.id == programme.id)
        .expect("the programme in the portfolio");
    let computed = row.computed.as_ref().expect("a computed schedule");
    assert_eq!(computed.health, Health::OffTrack);
    // Full deployment was due June 2022 and is now forecast for 2028.
    assert!(computed.signals.iter().any(|s| matches!(
        s,
        ScheduleSignal::MilestoneSlipped { days, .. } if *days > 2000
    )));
    // Its latest update reports the schedule off track: they agree today.
    let state = row.state.as_ref().expect("updates");
    assert_eq!(state.health.schedule, Some(Health::OffTrack));
    assert!(!dashboard::disagrees(Some(&state.health), Some(computed)));
    // Not updated since 2024: stale in the second half of 2026.
    assert!(row.stale);
}

#[tokio::test]
async fn late_milestones_and_overdue_initiatives_on_built_data() {
    let t = fresh_db().await;
    let db = &t.db;
    let actor = Actor {
        who: "test@jalons",
        via: Via::Cli,
    };
    let mut tx = db.begin().await.unwrap();
    let form = |code: &str, end: Option<&str>| InitiativeForm {
        kind: "programme".into(),
        code: code.into(),
        title_fr: format!("Programme {code}"),
        title_en: format!("Programme {code}"),
        target_date: end.unwrap_or_default().into(),
        weight: "1".into(),
        visibility: "published".into(),
        ..Default::default()
    };
    let late = write::create_initiative(
        &mut tx,
        actor,
        &form("LATE", Some("2020-01-31")).parse().unwrap(),
    )
    .await
    .unwrap();
    let fine = write::create_initiative(
        &mut tx,
        actor,
        &form("FINE", Some("2030-01-31")).parse().unwrap(),
    )
    .await
    .unwrap();
    let update = |id: InitiativeId, status: &str, health: &str, as_of: &str| StatusUpdateForm {
        initiative_id: id.0.to_string(),
        as_of: as_of.into(),
        status: status.into(),
        health: health.into(),
        issues_fr: "Retard".into(),
        issues_en: "Delay".into(),
        ..Default::default()
    };
    write::record_status_update(
        &mut tx,
        actor,
        &update(late.id, "in_progress", "on_track", "2019-12-01")
            .parse()
            .unwrap(),
    )
    .await
    .unwrap();
    write::record_status_update(
        &mut tx,
        actor,
        &update(fine.id, "in_progress", "on_track", "2020-03-01")
            .parse()
            .unwrap(),
    )
    .await
    .unwrap();
    let m = MilestoneForm {
        initiative_id: fine.id.0.to_string(),
        title_fr: "Livraison".into(),
        title_en: "Delivery".into(),
        baseline_date: "2020-01-15".into(),
        decided_on: "2019-06-01".into(),
    };
    write::create_milestone(&mut tx, actor, &m.parse().unwrap())
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let g = grid(
        db,
        Scope::Portfolio,
        d("2020-06-01"),
        d(TODAY),
        d("2020-01-01"),
    )
    .await
    .unwrap();
    let overdue: Vec<&str> = g
        .rows
        .iter()
        .filter(|r| r.overdue(d("2020-06-01")))
        .map(|r| r.initiative.code.as_str())
        .collect();
    assert_eq!(overdue, ["LATE"]);
    let late_ms = dashboard::late_milestones(&g.milestones, d("2020-06-01"));
    assert_eq!(late_ms.len(), 1);
    assert_eq!(late_ms[0].initiative_id, fine.id);
    // Both open: LATE has no update since January 1st, FINE has one.
    let stale: Vec<&str> = g
        .rows
        .iter()
        .filter(|r| r.stale)
        .map(|r| r.initiative.code.as_str())
        .collect();
    assert_eq!(stale, ["LATE"]);
    // Reported on track, but the plan says off track for both: flagged.
    for row in &g.rows {
        let computed = row.computed.as_ref().unwrap();
        assert_eq!(computed.health, Health::OffTrack, "{}", row.initiative.code);
        assert!(dashboard::disagrees(
            row.state.as_ref().map(|s| &s.health),
            Some(computed)
        ));
    }
    // Before the milestone's forecast, FINE is on track and not late.
    let early = grid(
        db,
        Scope::Portfolio,
        d("2020-01-10"),
        d(TODAY),
        d("2020-01-01"),
    )
    .await
    .unwrap();
    let fine_row = early.rows.iter().find(|r| r.initiative.id == fine.id);
    // FINE had no update and no start date on January 10: it did not exist yet.
    assert!(fine_row.is_none());
    assert!(dashboard::late_milestones(&early.milestones, d("2020-01-10")).is_empty());

    // The filters work on the same rows.
    let filter = GridFilter {
        kind: Some(InitiativeKind::Programme),
        health: Some(Health::OnTrack),
        ..Default::default()
    };
    assert_eq!(g.rows.iter().filter(|r| filter.keeps(r)).count(), 2);
}

#[tokio::test]
async fn health_over_time_counts_the_demo_measures() {
    let t = loaded().await;
    let strategy = root(&t, "SGTI-2015").await;
    let series = health_series(
        &t.db,
        Scope::Subtree(strategy.id),
        &[d("2015-01-01"), d("2017-10-31")],
    )
    .await
    .unwrap();
    assert_eq!(
        series[0].on_track + series[0].at_risk + series[0].off_track,
        0
    );
    // The 20 measures in progress in October 2017 are counted; completed ones are not.
    let p = &series[1];
    assert_eq!(p.on_track + p.at_risk + p.off_track, 20);
}
