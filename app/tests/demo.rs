//! The demo dataset, loaded into a fresh database and checked through the
//! read API: its facts, its dates, its labels, and that it loads only once
//! and all or nothing. SQLite by default, PostgreSQL when
//! `JALONS_TEST_POSTGRES_URL` is set (`.ci/with-postgres`).

use app::demo::{self, DemoError, DemoSummary};
use app::domain::history::StatusCounts;
use app::domain::*;
use app::store::read::{self, Scope};
use app::store::testing::{fresh_db, TestDb};
use app::store::{write, Actor, Db, StoreError};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

async fn loaded() -> (TestDb, DemoSummary) {
    let test_db = fresh_db().await;
    let summary = demo::load(&test_db.db).await.expect("the demo loads");
    (test_db, summary)
}

async fn scalar(db: &Db, sql: &str) -> i64 {
    match db {
        Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
    }
}

async fn count(db: &Db, table: &str) -> i64 {
    scalar(db, &format!("select count(*) from {table}")).await
}

/// The number of rows of every table the demo writes.
async fn table_counts(db: &Db) -> Vec<(&'static str, i64)> {
    let mut counts = Vec::new();
    for table in [
        "organisation",
        "contact",
        "theme",
        "initiative",
        "initiative_theme",
        "status_update",
        "status_period",
        "milestone",
        "milestone_revision",
        "indicator",
        "indicator_value",
        "audit_log",
    ] {
        counts.push((table, count(db, table).await));
    }
    counts
}

/// The milestones of `scope` as planned now.
async fn current_milestones(db: &Db, scope: Scope) -> Vec<Milestone> {
    read::milestones(db, scope, None).await.unwrap()
}

async fn all(db: &Db) -> Vec<Initiative> {
    read::initiatives(db, Scope::Portfolio).await.unwrap()
}

/// The root initiative with this code.
async fn root(db: &Db, code: &str) -> Initiative {
    all(db)
        .await
        .into_iter()
        .find(|i| i.parent_id.is_none() && i.code.as_str() == code)
        .unwrap_or_else(|| panic!("no root initiative {code}"))
}

fn says_illustrative(text: &Bilingual) -> bool {
    text.fr.contains("détail illustratif") || text.fr.contains("détails illustratifs")
}

fn says_illustrative_en(text: &Bilingual) -> bool {
    text.en.contains("illustrative detail")
}

#[tokio::test]
async fn the_demo_fills_an_empty_database_through_the_write_api() {
    let (test_db, summary) = loaded().await;
    let db = &test_db.db;
    assert_eq!(
        summary,
        DemoSummary {
            organisations: 9,
            contacts: 2,
            themes: 7,
            initiatives: 62,
            status_updates: 115,
            milestones: 10,
            milestone_revisions: 19,
            indicators: 6,
            indicator_values: 8,
        }
    );
    let expected = [
        ("organisation", summary.organisations),
        ("contact", summary.contacts),
        ("theme", summary.themes),
        ("initiative", summary.initiatives),
        ("status_update", summary.status_updates),
        ("milestone", summary.milestones),
        ("milestone_revision", summary.milestone_revisions),
        ("indicator", summary.indicators),
        ("indicator_value", summary.indicator_values),
    ];
    for (table, n) in expected {
        assert_eq!(count(db, table).await, n as i64, "{table}");
    }
    // Every record went through the write API: one audit row and one data
    // version per write (a milestone's baseline is written with it), all by
    // the demo.
    let writes = summary.organisations
        + summary.contacts
        + summary.themes
        + summary.initiatives
        + summary.status_updates
        + summary.milestone_revisions
        + summary.indicators
        + summary.indicator_values;
    assert_eq!(count(db, "audit_log").await, writes as i64);
    assert_eq!(db.data_version().await.unwrap(), writes as i64);
    for table in [
        "audit_log where actor <> 'demo'",
        "status_update where author <> 'demo'",
        "milestone_revision where author <> 'demo'",
        "indicator_value where author <> 'demo'",
    ] {
        assert_eq!(count(db, table).await, 0, "{table}");
    }
    assert!(summary.to_string().contains("62 initiatives"));
}

#[tokio::test]
async fn organisations_contacts_and_themes_are_those_the_documents_name() {
    let (test_db, _) = loaded().await;
    let db = &test_db.db;
    let organisations = read::organisations(db).await.unwrap();
    let sct = organisations
        .iter()
        .find(|o| o.code.as_str() == "SCT")
        .unwrap();
    assert_eq!(sct.name.fr, "Secrétariat du Conseil du trésor");
    assert_eq!(sct.name.en, "Treasury Board Secretariat");
    for code in [
        "CQEN", "CSPQ", "ITQ", "SAAQ", "ARQ", "RAMQ", "MTESS", "RSSS",
    ] {
        assert!(
            organisations.iter().any(|o| o.code.as_str() == code),
            "{code}"
        );
    }
    let contacts = read::contacts(db).await.unwrap();
    let names: Vec<&str> = contacts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Benoit Boivin", "Bertrand Lauzon"]);
    assert_eq!(
        contacts[0].role.en,
        "Associate secretary to the chief information officer"
    );
    assert_eq!(
        contacts[1].role.fr,
        "Directeur général des orientations gouvernementales en ressources informationnelles"
    );
    assert!(contacts.iter().all(|c| c.organisation_id == Some(sct.id)));
    assert!(contacts.iter().all(|c| c.email.is_none()));

    let themes = [
        "digital_government",
        "cybersecurity",
        "talent",
        "open_data",
        "digital_identity",
        "governance",
        "infrastructure",
    ];
    assert_eq!(count(db, "theme").await, themes.len() as i64);
    let initiatives = all(db).await;
    for theme in themes {
        assert!(
            initiatives
                .iter()
                .any(|i| i.themes.iter().any(|t| t.as_str() == theme)),
            "no initiative is tagged {theme}"
        );
    }
}

#[tokio::test]
async fn the_2015_strategy_has_four_areas_and_36_measures() {
    let (test_db, _) = loaded().await;
    let db = &test_db.db;
    let strategy = root(db, "SGTI-2015").await;
    assert_eq!(strategy.kind, InitiativeKind::Strategy);
    assert!(strategy.title.fr.contains("Rénover l'État"));
    let subtree = read::initiatives(db, Scope::Subtree(strategy.id))
        .await
        .unwrap();
    let areas: Vec<&Initiative> = subtree
        .iter()
        .filter(|i| i.kind == InitiativeKind::Area)
        .collect();
    assert_eq!(areas.len(), 4);
    assert!(areas.iter().all(|a| a.parent_id == Some(strategy.id)));
    let measures: Vec<&Initiative> = subtree
        .iter()
        .filter(|i| i.kind == InitiativeKind::Measure)
        .collect();
    assert_eq!(measures.len(), 36);
    assert_eq!(subtree.len(), 1 + 4 + 36);

    let measure = |n: usize| {
        measures
            .iter()
            .find(|m| m.code.as_str() == format!("M{n:02}"))
            .unwrap_or_else(|| panic!("measure {n}"))
    };
    let area = |n: usize| {
        areas
            .iter()
            .find(|a| a.code.as_str() == format!("A{n}"))
            .unwrap()
    };
    for n in 1..=9 {
        assert_eq!(measure(n).parent_id, Some(area(1).id), "measure {n}");
    }
    for n in 10..=12 {
        assert_eq!(measure(n).parent_id, Some(area(2).id), "measure {n}");
    }
    for n in 13..=36 {
        let m = measure(n);
        assert_eq!(m.parent_id, Some(strategy.id), "measure {n}");
        assert!(
            m.title.fr.contains("intitulé non connu ici"),
            "{}",
            m.title.fr
        );
        assert!(
            m.title.en.contains("title not known here"),
            "{}",
            m.title.en
        );
    }
    assert_eq!(
        measure(1).title.en,
        "Strengthen the role of the chief information officer (DPI)"
    );
    assert_eq!(
        measure(9).title.en,
        "Keep improving the dashboard on the health of projects"
    );
    assert_eq!(measure(10).title.en, "Build a picture of the IT workforce");
    assert_eq!(measure(12).title.en, "Make the most of internal expertise");
}

#[tokio::test]
async fn the_2015_completion_series_shows_36_planned_then_16_completed_and_20_in_progress() {
    let (test_db, _) = loaded().await;
    let db = &test_db.db;
    let strategy = root(db, "SGTI-2015").await;
    let scope = Scope::Subtree(strategy.id);
    let series = read::completion_series(
        db,
        scope,
        d("2015-05-31"),
        d("2017-10-31"),
        Interval::Monthly,
    )
    .await
    .unwrap();
    assert_eq!(series.first().unwrap().date, d("2015-05-31"));
    assert_eq!(
        series[0].counts.total(),
        0,
        "nothing before the announcement"
    );
    let planned = StatusCounts {
        planned: 36,
        ..Default::default()
    };
    assert_eq!(series[1].date, d("2015-06-30"));
    assert_eq!(series[1].counts, planned);
    let before_last = &series[series.len() - 2];
    assert_eq!(before_last.date, d("2017-09-30"));
    assert_eq!(before_last.counts, planned);
    let last = series.last().unwrap();
    assert_eq!(last.date, d("2017-10-31"));
    assert_eq!(
        last.counts,
        StatusCounts {
            completed: 16,
            in_progress: 20,
            ..Default::default()
        }
    );

    // The roll-up agrees; areas 3 and 4, whose measures are not identified,
    // are leaves without any update.
    let rollup = read::rollup(db, strategy.id, d("2017-10-31"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(rollup.by_status.completed, 16);
    assert_eq!(rollup.by_status.in_progress, 20);
    assert_eq!(rollup.by_health[&Health::OnTrack], 36);
    assert_eq!(rollup.without_update, 2);
}

#[tokio::test]
async fn which_measures_were_completed_in_2017_is_labelled_illustrative() {
    let (test_db, _) = loaded().await;
    let db = &test_db.db;
    let strategy = root(db, "SGTI-2015").await;
    let scope = Scope::Subtree(strategy.id);
    let initiatives = read::initiatives(db, scope).await.unwrap();
    let states = read::states_as_of(db, scope, d("2017-10-31"))
        .await
        .unwrap();
    let mut completed = Vec::new();
    for state in &states {
        let initiative = initiatives
            .iter()
            .find(|i| i.id == state.initiative_id)
            .unwrap();
        if initiative.kind != InitiativeKind::Measure {
            continue;
        }
        assert_eq!(state.as_of, d("2017-10-31"));
        let text = &state.narrative.accomplishments;
        assert!(says_illustrative(text), "{}", text.fr);
        assert!(says_illustrative_en(text), "{}", text.en);
        assert!(text.en.contains("16 of the 36 measures are completed"));
        if state.status == Status::Completed {
            completed.push(initiative.code.to_string());
        }
    }
    let expected: Vec<String> = (21..=36).map(|n| format!("M{n:02}")).collect();
    assert_eq!(completed, expected);
    // June 2015: the day of the announcement is not known, and says so.
    let june = read::states_as_of(db, scope, d("2015-06-30"))
        .await
        .unwrap();
    assert_eq!(june.len(), 37, "the strategy and its 36 measures");
    assert!(june.iter().all(|u| u.status == Status::Planned));
    assert!(june
        .iter()
        .all(|u| says_illustrative(&u.narrative.accomplishments)));
}

#[tokio::test]
async fn the_data_centre_milestone_shows_the_2020_re_plan_with_its_reason() {
    let (test_db, _) = loaded().await;
    let db = &test_db.db;
    let programme = root(db, "CTI").await;
    assert_eq!(programme.kind, InitiativeKind::Programme);
    assert_eq!(programme.dates.end(), Some(d("2025-12-31")));
    let scope = Scope::Subtree(programme.id);
    let milestones = current_milestones(db, scope).await;
    let done = milestones
        .iter()
        .find(|m| m.title.en == "Consolidation complete")
        .unwrap();
    assert_eq!(done.baseline_date, d("2023-12-31"));
    assert_eq!(done.forecast_date, d("2025-12-31"));
    assert_eq!(done.actual_date, None);
    assert_eq!(done.slippage_days(), 731);

    let (current, revisions) = read::milestone_history(db, done.id).await.unwrap().unwrap();
    assert_eq!(&current, done);
    let plans: Vec<(NaiveDate, NaiveDate)> = revisions
        .iter()
        .map(|r| (r.decided_on, r.forecast_date))
        .collect();
    assert_eq!(
        plans,
        [
            (d("2019-02-28"), d("2023-12-31")),
            (d("2020-06-10"), d("2025-12-31"))
        ]
    );
    let reason = &revisions[1].reason;
    assert!(reason.fr.contains("Décret 596-2020"), "{}", reason.fr);
    assert!(reason.en.contains("Decree 596-2020"), "{}", reason.en);
    assert!(reason.en.contains("health and education"));
    assert!(revisions.iter().all(|r| r.author == demo::ACTOR.who));

    // As planned before the re-plan.
    let before = read::milestones(db, scope, Some(d("2020-06-09")))
        .await
        .unwrap();
    let planned = before.iter().find(|m| m.id == done.id).unwrap();
    assert_eq!(planned.forecast_date, d("2023-12-31"));
    // Phase 1 carries the announced ceiling as its approved budget.
    let states = read::states_as_of(db, scope, d("2019-02-04"))
        .await
        .unwrap();
    let phase_1 = states
        .iter()
        .find(|u| u.initiative_id != programme.id)
        .unwrap();
    assert_eq!(phase_1.budget.approved, Some(Money(150_000_000 * 100)));
}

#[tokio::test]
async fn the_data_centre_indicators_go_from_457_centres_towards_3() {
    let (test_db, _) = loaded().await;
    let db = &test_db.db;
    let programme = root(db, "CTI").await;
    let indicators = read::indicators(db, Scope::Subtree(programme.id))
        .await
        .unwrap();
    assert_eq!(indicators.len(), 2);
    let centres = indicators
        .iter()
        .find(|i| i.code.as_str() == "centres")
        .unwrap();
    assert_eq!(centres.direction, Direction::Down);
    assert_eq!(centres.baseline, Some((d("2014-12-31"), 457.0)));
    assert_eq!(centres.target, Some((d("2025-12-31"), 3.0)));
    let series = read::indicator_series(db, centres.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        series.actual,
        [(d("2014-12-31"), 457.0), (d("2019-02-04"), 120.0)]
    );
    assert_eq!(series.planned.first(), Some(&(d("2014-12-31"), 457.0)));
    assert_eq!(series.planned.last(), Some(&(d("2025-12-31"), 3.0)));

    let cloud = indicators
        .iter()
        .find(|i| i.code.as_str() == "cloud_share")
        .unwrap();
    assert_eq!(cloud.direction, Direction::Up);
    assert_eq!(cloud.target.map(|t| t.1), Some(80.0));
    assert_eq!(cloud.unit.en, "%");
}

#[tokio::test]
async fn the_it_workforce_indicators_hold_the_2015_and_2016_figures() {
    let (test_db, _) = loaded().await;
    let db = &test_db.db;
    let strategy = root(db, "SGTI-2015").await;
    let indicators = read::indicators(db, Scope::Subtree(strategy.id))
        .await
        .unwrap();
    let series = |code: &str| {
        let indicator = indicators
            .iter()
            .find(|i| i.code.as_str() == code)
            .unwrap_or_else(|| panic!("indicator {code}"))
            .clone();
        async move {
            read::indicator_series(db, indicator.id)
                .await
                .unwrap()
                .unwrap()
        }
    };
    let internal = series("it_workforce_internal").await;
    let external = series("it_workforce_external").await;
    assert_eq!(
        internal.actual,
        [(d("2015-12-31"), 5889.0), (d("2016-12-31"), 5973.0)]
    );
    assert_eq!(
        external.actual,
        [(d("2015-12-31"), 2976.0), (d("2016-12-31"), 2388.0)]
    );
    assert_eq!(internal.indicator.direction, Direction::Up);
    assert_eq!(external.indicator.direction, Direction::Down);
    // The totals of the report: 8,865 in 2015, 8,361 in 2016.
    let totals: Vec<f64> = internal
        .actual
        .iter()
        .zip(&external.actual)
        .map(|(i, e)| i.1 + e.1)
        .collect();
    assert_eq!(totals, [8865.0, 8361.0]);
    // They belong to measure 10, "Build a picture of the IT workforce".
    let measure = read::initiative(db, internal.indicator.initiative_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(measure.code.as_str(), "M10");
}

#[tokio::test]
async fn access_uniqc_keeps_its_re_plans_and_its_users_against_the_target() {
    let (test_db, _) = loaded().await;
    let db = &test_db.db;
    let programme = root(db, "AUTH-GOUV").await;
    assert!(programme.title.fr.contains("Accès UniQc"));
    assert!(programme.priority);
    let scope = Scope::Subtree(programme.id);
    let milestones = current_milestones(db, scope).await;
    assert_eq!(milestones.len(), 3);
    let find = |en: &str| {
        milestones
            .iter()
            .find(|m| m.title.en.starts_with(en))
            .unwrap_or_else(|| panic!("milestone {en}"))
    };
    let launch = find("Launch of Accès UniQc");
    assert_eq!(launch.baseline_date, d("2019-12-21"));
    assert_eq!(launch.actual_date, Some(d("2023-02-20")));
    let full = find("Full deployment");
    assert_eq!(full.baseline_date, d("2022-06-30"));
    assert_eq!(full.forecast_date, d("2028-12-31"));
    assert_eq!(full.slippage_days(), 2376);
    let (_, revisions) = read::milestone_history(db, full.id).await.unwrap().unwrap();
    assert_eq!(revisions.len(), 2);
    assert!(revisions[1].reason.en.contains("June 2022"));
    assert!(says_illustrative_en(&revisions[1].reason));
    let business_case = find("New business case submitted");
    assert_eq!(business_case.baseline_date, d("2020-06-30"));
    // Before the early-2020 report, the business-case milestone did not exist.
    assert_eq!(
        read::milestones(db, scope, Some(d("2019-12-31")))
            .await
            .unwrap()
            .len(),
        2
    );

    // At risk in early 2020, with the issue the report gives.
    let early_2020 = read::states_as_of(db, scope, d("2020-01-31"))
        .await
        .unwrap();
    assert_eq!(early_2020.len(), 1);
    let state = &early_2020[0];
    assert_eq!(state.health.overall, Health::AtRisk);
    assert!(state.narrative.issues.fr.contains("dossier d'affaires"));
    assert!(state.narrative.issues.en.contains("business case"));
    assert!(state
        .narrative
        .next_steps
        .en
        .contains("between February and June 2020"));
    let before = read::states_as_of(db, scope, d("2019-02-28"))
        .await
        .unwrap();
    assert_eq!(before[0].health.overall, Health::OnTrack);

    let indicators = read::indicators(db, scope).await.unwrap();
    assert_eq!(indicators.len(), 1);
    let users = &indicators[0];
    assert_eq!(users.target, Some((d("2025-03-31"), 3_300_000.0)));
    let series = read::indicator_series(db, users.id).await.unwrap().unwrap();
    assert_eq!(series.actual, [(d("2024-06-30"), 1_400_000.0)]);
}

#[tokio::test]
async fn the_governance_acts_and_the_project_dashboard_are_dated_milestones() {
    let (test_db, _) = loaded().await;
    let db = &test_db.db;
    let acts = root(db, "LOIS-RI").await;
    let milestones = current_milestones(db, Scope::Subtree(acts.id)).await;
    let actuals: Vec<Option<NaiveDate>> = milestones.iter().map(|m| m.actual_date).collect();
    assert_eq!(
        actuals,
        [
            Some(d("2017-04-30")),
            Some(d("2018-03-31")),
            Some(d("2019-10-10"))
        ]
    );
    assert!(milestones[2].title.en.contains("Act to facilitate"));
    // Each is recorded when it was reported.
    let (_, revisions) = read::milestone_history(db, milestones[0].id)
        .await
        .unwrap()
        .unwrap();
    assert!(revisions.iter().all(|r| r.decided_on == d("2017-10-31")));
    let history = read::status_history(db, acts.id).await.unwrap();
    assert_eq!(history.last().unwrap().status, Status::Completed);

    let dashboard = root(db, "TABLEAU-BORD-RI").await;
    let milestones = current_milestones(db, Scope::Subtree(dashboard.id)).await;
    let actuals: Vec<Option<NaiveDate>> = milestones.iter().map(|m| m.actual_date).collect();
    assert_eq!(actuals, [Some(d("2012-05-31")), Some(d("2014-12-17"))]);
}

#[tokio::test]
async fn the_2019_strategy_cloud_e_mail_and_open_data() {
    let (test_db, _) = loaded().await;
    let db = &test_db.db;
    let strategy = root(db, "STNG-2019-2023").await;
    assert_eq!(strategy.dates.start(), Some(d("2019-06-03")));
    let scope = Scope::Subtree(strategy.id);
    let series = read::completion_series(
        db,
        scope,
        d("2019-06-03"),
        d("2020-01-31"),
        Interval::Quarterly,
    )
    .await
    .unwrap();
    assert_eq!(
        series.last().unwrap().counts,
        StatusCounts {
            completed: 2,
            in_progress: 2,
            ..Default::default()
        }
    );
    let states = read::states_as_of(db, scope, d("2020-01-31"))
        .await
        .unwrap();
    let all_text: String = states
        .iter()
        .map(|u| u.narrative.accomplishments.en.clone())
        .collect();
    assert!(all_text.contains("CQEN was created in June 2019"));

    let security = root(db, "SECURITE-INFO").await;
    let states = read::states_as_of(db, Scope::Subtree(security.id), d("2020-01-31"))
        .await
        .unwrap();
    assert!(states.iter().any(|u| u
        .narrative
        .accomplishments
        .en
        .contains("14 experts; two meetings held")));

    let cloud = root(db, "INFONUAGIQUE").await;
    let indicators = read::indicators(db, Scope::Subtree(cloud.id))
        .await
        .unwrap();
    let mailboxes = read::indicator_series(db, indicators[0].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(mailboxes.actual, [(d("2017-05-31"), 150_000.0)]);

    let open_data = root(db, "DONNEES-OUVERTES").await;
    let states = read::states_as_of(db, Scope::Subtree(open_data.id), d("2019-02-28"))
        .await
        .unwrap();
    let text: String = states
        .iter()
        .map(|u| u.narrative.accomplishments.en.clone() + &u.narrative.next_steps.en)
        .collect();
    assert!(text.contains("Excellence Award at the Canadian Open Data Summit 2018"));
    assert!(text.contains("HackQC"));
}

#[tokio::test]
async fn everything_is_bilingual_and_worrying_health_is_explained() {
    let (test_db, _) = loaded().await;
    let db = &test_db.db;
    let both = |what: &str, text: &Bilingual| {
        assert!(
            !text.fr.trim().is_empty() && !text.en.trim().is_empty(),
            "{what}: {text:?}"
        );
    };
    let initiatives = all(db).await;
    let mut worrying = 0;
    for initiative in &initiatives {
        let code = initiative.code.as_str();
        both(code, &initiative.title);
        both(code, &initiative.description);
        let history = read::status_history(db, initiative.id).await.unwrap();
        if initiative.kind != InitiativeKind::Area {
            assert!(!history.is_empty(), "{code} has no status update");
        }
        for update in &history {
            both(code, &update.narrative.accomplishments);
            assert!(
                update.narrative.accomplishments.fr.contains("Source")
                    && update.narrative.accomplishments.en.contains("Source"),
                "{code} {}: no source",
                update.as_of
            );
            if !update.narrative.next_steps.is_empty() {
                both(code, &update.narrative.next_steps);
            }
            if !update.narrative.issues.is_empty() {
                both(code, &update.narrative.issues);
            }
            if update.health.overall.needs_explanation() {
                worrying += 1;
                both(code, &update.narrative.issues);
            }
            assert_eq!(update.author, demo::ACTOR.who);
        }
    }
    assert_eq!(worrying, 3, "Accès UniQc in 2020, 2023 and 2024");

    for milestone in current_milestones(db, Scope::Portfolio).await {
        both("milestone", &milestone.title);
        let (_, revisions) = read::milestone_history(db, milestone.id)
            .await
            .unwrap()
            .unwrap();
        for revision in &revisions[1..] {
            both("revision", &revision.reason);
        }
    }
    for indicator in read::indicators(db, Scope::Portfolio).await.unwrap() {
        both("indicator", &indicator.name);
        both("unit", &indicator.unit);
    }
    assert_eq!(
        count(db, "indicator_value where note_fr = '' or note_en = ''").await,
        0
    );
}

#[tokio::test]
async fn mostly_published_with_one_internal_initiative_and_some_internal_notes() {
    let (test_db, _) = loaded().await;
    let db = &test_db.db;
    let initiatives = all(db).await;
    let internal: Vec<&str> = initiatives
        .iter()
        .filter(|i| i.visibility == Visibility::Internal)
        .map(|i| i.code.as_str())
        .collect();
    assert_eq!(internal, ["CYBERDEFENSE"]);
    let defence = initiatives
        .iter()
        .find(|i| i.visibility == Visibility::Internal)
        .unwrap();
    assert!(says_illustrative(&defence.description));
    assert!(says_illustrative_en(&defence.description));

    let mut notes = 0;
    for initiative in &initiatives {
        for update in read::status_history(db, initiative.id).await.unwrap() {
            if let Some(note) = update.internal_note {
                assert!(note.contains("not to be shared"), "{note}");
                notes += 1;
            }
        }
    }
    assert!(notes >= 5, "{notes} internal notes");
}

#[tokio::test]
async fn a_second_load_is_refused_and_changes_nothing() {
    let (test_db, summary) = loaded().await;
    let db = &test_db.db;
    let version = db.data_version().await.unwrap();
    let counts = table_counts(db).await;
    let err = demo::load(db).await.unwrap_err();
    assert!(
        matches!(err, DemoError::NotEmpty { initiatives } if initiatives == summary.initiatives as i64),
        "{err:?}"
    );
    assert!(err.to_string().contains("empty database"), "{err}");
    assert_eq!(db.data_version().await.unwrap(), version);
    assert_eq!(table_counts(db).await, counts);
}

#[tokio::test]
async fn any_initiative_is_enough_to_refuse() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    let mut tx = db.begin().await.unwrap();
    let draft = InitiativeDraft {
        parent_id: None,
        kind: InitiativeKind::Programme,
        code: Code::parse("code", "REAL").unwrap(),
        title: Bilingual::new("Programme réel", "A real programme"),
        description: Bilingual::default(),
        organisation_id: None,
        contact_id: None,
        dates: DateRange::default(),
        weight: Weight::DEFAULT,
        themes: vec![],
        visibility: Visibility::Internal,
        priority: false,
    };
    write::create_initiative(
        &mut tx,
        Actor {
            who: "editor",
            via: Via::Browser,
        },
        &draft,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let counts = table_counts(db).await;
    assert!(matches!(
        demo::load(db).await,
        Err(DemoError::NotEmpty { initiatives: 1 })
    ));
    assert_eq!(table_counts(db).await, counts);
    assert_eq!(db.data_version().await.unwrap(), 1);
}

#[tokio::test]
async fn a_load_that_fails_midway_leaves_nothing_behind() {
    let test_db = fresh_db().await;
    let db = &test_db.db;
    // An organisation with one of the demo's codes: the load gets past the
    // themes, then fails on it.
    let mut tx = db.begin().await.unwrap();
    write::create_organisation(
        &mut tx,
        Actor {
            who: "admin",
            via: Via::Browser,
        },
        &Code::parse("code", "RSSS").unwrap(),
        &Bilingual::new("Réseau", "Network"),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let counts = table_counts(db).await;
    let err = demo::load(db).await.unwrap_err();
    assert!(
        matches!(err, DemoError::Store(StoreError::Invalid(_))),
        "{err:?}"
    );
    assert_eq!(table_counts(db).await, counts);
    assert_eq!(count(db, "theme").await, 0);
    assert_eq!(count(db, "organisation").await, 1);
    assert_eq!(db.data_version().await.unwrap(), 1);
}

#[tokio::test]
async fn the_dataset_is_the_same_on_every_load() {
    let (first, _) = loaded().await;
    let (second, _) = loaded().await;
    let (a, b) = (&first.db, &second.db);
    assert_eq!(all(a).await, all(b).await);
    let today = d("2026-01-01");
    let states = |db: &Db| {
        let db = db.clone();
        async move {
            read::states_as_of(&db, Scope::Portfolio, today)
                .await
                .unwrap()
                .into_iter()
                .map(|u| (u.initiative_id, u.as_of, u.status, u.health, u.narrative))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(states(a).await, states(b).await);
    assert_eq!(
        current_milestones(a, Scope::Portfolio).await,
        current_milestones(b, Scope::Portfolio).await
    );
}
