//! The information-sharing report drafted from the demo dataset, and its
//! saved versions, through the store. SQLite by default, PostgreSQL when
//! `JALONS_TEST_POSTGRES_URL` is set (`.ci/with-postgres`).

use app::demo;
use app::domain::report::*;
use app::domain::*;
use app::i18n::Locale;
use app::store::testing::{fresh_db, TestDb};
use app::store::{reports, Actor};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

async fn demo_db() -> TestDb {
    let test_db = fresh_db().await;
    demo::load(&test_db.db).await.expect("the demo loads");
    test_db
}

async fn drafted(test_db: &TestDb, from: &str, to: &str, locale: Locale) -> Report {
    let input = reports::report_input(&test_db.db).await.unwrap();
    let period = ReportPeriod::parse(from, to, d("2026-12-01")).unwrap();
    let themes = [Code::parse("t", "talent").unwrap()];
    draft(&input, period, locale, &themes, d("2026-12-01"))
}

/// The items of `section` about the initiative coded `code`.
fn about<'a>(report: &'a Report, section: SectionKind, code: &str) -> Vec<&'a ReportItem> {
    report
        .section(section)
        .iter()
        .filter(|i| i.initiative.as_ref().is_some_and(|x| x.code == code))
        .collect()
}

#[tokio::test]
async fn october_2017_lists_the_2015_strategy_s_progress_and_the_bill_tabled_in_april() {
    let test_db = demo_db().await;
    let report = drafted(&test_db, "2016-10-01", "2017-10-31", Locale::en).await;
    let strategy = about(&report, SectionKind::Accomplishments, "SGTI-2015");
    let progress = strategy
        .iter()
        .find(|i| i.kind == ItemKind::Progress)
        .expect("the strategy's progress");
    assert_eq!(progress.text, "36 measures: 16 completed, 20 in progress.");
    assert_eq!(
        progress.contact.as_deref(),
        Some("Benoit Boivin, Associate secretary to the chief information officer")
    );
    assert!(strategy
        .iter()
        .any(|i| i.kind == ItemKind::Reported && i.text.contains("16 are completed")));
    let completed = report
        .section(SectionKind::Accomplishments)
        .iter()
        .filter(|i| i.kind == ItemKind::Completed && i.date == Some(d("2017-10-31")))
        .count();
    assert_eq!(completed, 16);
    let bill = report
        .section(SectionKind::Accomplishments)
        .iter()
        .find(|i| i.kind == ItemKind::MilestoneReached && i.text.contains("Bill tabled"))
        .expect("the bill tabled in April 2017");
    assert_eq!(bill.date, Some(d("2017-04-30")));
    // The IT workforce moved the right way in 2016, internal up, external down.
    let workforce: Vec<&str> = report
        .section(SectionKind::Accomplishments)
        .iter()
        .filter(|i| i.kind == ItemKind::IndicatorMoved)
        .map(|i| i.text.as_str())
        .collect();
    assert!(
        workforce.contains(&"Internal IT workforce: 5,889 → 5,973 people"),
        "{workforce:?}"
    );
    assert!(
        workforce.contains(&"External IT workforce: 2,976 → 2,388 people"),
        "{workforce:?}"
    );
    // The topics chosen, with the initiatives carrying them.
    assert!(report.section(SectionKind::Topics)[0]
        .text
        .starts_with("Talent management"));

    let markdown = to_markdown(&report);
    assert!(
        markdown.contains("36 measures: 16 completed, 20 in progress\\."),
        "{markdown}"
    );
    assert!(markdown.contains("Period from October 1, 2016 to October 31, 2017"));
}

#[tokio::test]
async fn the_2019_report_lists_the_digital_strategy_the_cqen_the_act_and_access_uniqc_under_issues()
{
    let test_db = demo_db().await;
    let report = drafted(&test_db, "2019-01-01", "2019-12-31", Locale::fr).await;
    let strategy = about(&report, SectionKind::Accomplishments, "STNG-2019-2023");
    assert!(
        strategy
            .iter()
            .any(|i| i.date == Some(d("2019-06-03")) && i.text.contains("dévoile sa Stratégie")),
        "{strategy:?}"
    );
    let cqen = about(&report, SectionKind::Accomplishments, "CQEN");
    assert_eq!(cqen.len(), 1, "{cqen:?}");
    assert_eq!(cqen[0].date, Some(d("2019-06-30")));
    assert_eq!(cqen[0].text, "Création du CQEN");
    let act = report
        .section(SectionKind::Accomplishments)
        .iter()
        .find(|i| i.kind == ItemKind::MilestoneReached && i.date == Some(d("2019-10-10")))
        .expect("the act assented on 10 October 2019");
    assert!(
        act.text.contains("transformation numérique"),
        "{}",
        act.text
    );

    let access = about(&report, SectionKind::Issues, "AUTH-GOUV");
    let kinds: Vec<ItemKind> = access.iter().map(|i| i.kind).collect();
    assert_eq!(kinds, [ItemKind::Issue, ItemKind::Overdue], "{access:?}");
    assert!(
        access[0].text.contains("ajustements légaux"),
        "{}",
        access[0].text
    );
    assert!(
        access[1].text.contains("21 décembre 2019"),
        "{}",
        access[1].text
    );
    // Planned at the end of 2019: full deployment by June 2022, a priority.
    let ahead = about(&report, SectionKind::Priorities, "AUTH-GOUV");
    assert!(ahead.iter().any(|i| i.kind == ItemKind::Priority));
    assert!(ahead
        .iter()
        .any(|i| i.kind == ItemKind::PlannedMilestone && i.date == Some(d("2022-06-30"))));
    let markdown = to_markdown(&report);
    assert!(markdown.contains("## 3\\. Enjeux et besoins"), "{markdown}");
}

#[tokio::test]
async fn a_saved_version_reads_back_as_saved_and_is_audited() {
    let test_db = demo_db().await;
    let db = &test_db.db;
    let report = drafted(&test_db, "2019-01-01", "2019-12-31", Locale::en).await;
    let edits = ReportEdits {
        dropped: [report.section(SectionKind::Accomplishments)[0].key.clone()].into(),
        added: vec![(
            SectionKind::Topics,
            "Financial issues of shared services.".into(),
        )],
        ..Default::default()
    };
    let adjusted = adjust(&report, &edits);
    let version_before = db.data_version().await.unwrap();
    let mut tx = db.begin().await.unwrap();
    let actor = Actor {
        who: "editor@example.org",
        via: Via::Browser,
    };
    let saved = reports::save_version(&mut tx, actor, &adjusted)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert!(db.data_version().await.unwrap() > version_before);

    let (summary, back) = reports::version(db, saved.id).await.unwrap().unwrap();
    assert_eq!(back, adjusted);
    assert_eq!(summary, saved);
    assert_eq!(summary.saved_by, "editor@example.org");
    assert_eq!(
        reports::versions(db).await.unwrap(),
        std::slice::from_ref(&saved)
    );
    assert!(reports::version(db, saved.id + 1).await.unwrap().is_none());
    let filter = AuditFilter::default();
    let trail = app::store::read::audit_trail(db, &filter).await.unwrap();
    assert_eq!(trail[0].entity, "report_version");
    assert_eq!(trail[0].entity_id, Some(saved.id));
}
