//! The dashboard over HTTP, on the demo dataset: who may read the portfolio
//! and the charts, what the pages say as of a date, and the chart files
//! (SVG and CSV) with their refusals.

mod common;

use app::domain::*;
use app::store::read::{self, Scope};
use app::store::{accounts, Actor};
use common::TestApp;
use reqwest::{header, StatusCode};

const PASSWORD: &str = "correct horse battery staple";

/// The server on the demo with a signed-in viewer's cookie.
async fn demo_app() -> (TestApp, String) {
    let app = TestApp::spawn().await;
    app::demo::load(&app.test_db.db)
        .await
        .expect("the demo loads");
    let cookie = signed_in(&app, "viewer@example.ca", Role::Viewer).await;
    (app, cookie)
}

/// A new account of `role`, signed in: its session cookie.
async fn signed_in(app: &TestApp, email: &str, role: Role) -> String {
    let db = &app.test_db.db;
    let mut tx = db.begin().await.unwrap();
    let address = Email::parse("email", email).unwrap();
    let setup = Actor {
        who: "setup@example.ca",
        via: Via::Cli,
    };
    accounts::create_account(&mut tx, setup, &address, "Reader", role, PASSWORD)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let response = app
        .client
        .post(app.url("/fn/sign_in"))
        .header(header::ACCEPT, "application/json")
        .form(&[("locale", "fr"), ("email", email), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("jalons_session="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned()
}

async fn strategy_id(app: &TestApp, code: &str) -> i64 {
    read::initiatives(&app.test_db.db, Scope::Portfolio)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.code.as_str() == code)
        .unwrap()
        .id
        .0
}

async fn get(app: &TestApp, cookie: Option<&str>, path: &str) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn charts_are_for_signed_in_readers_and_follow_the_date() {
    let (app, cookie) = demo_app().await;
    let id = strategy_id(&app, "SGTI-2015").await;
    let base = format!("/fr/charts/initiatives/{id}");

    let anonymous = get(&app, None, &format!("{base}/completion.svg")).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    let svg = get(
        &app,
        Some(&cookie),
        &format!("{base}/completion.svg?as_of=2017-10-31"),
    )
    .await;
    assert_eq!(svg.status(), StatusCode::OK);
    assert!(svg.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("image/svg+xml"));
    let body = svg.text().await.unwrap();
    assert!(
        body.contains("role=\"img\""),
        "{}",
        &body[..200.min(body.len())]
    );
    assert!(body.contains("Avancement dans le temps"));

    // The CSV: one row a month, ending on the date asked, 16 completed then.
    let csv = get(
        &app,
        Some(&cookie),
        &format!("{base}/completion.csv?as_of=2017-10-31"),
    )
    .await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("attachment"));
    let text = csv.text().await.unwrap();
    let last = text.lines().last().unwrap();
    assert!(last.starts_with("2017-10-31,"), "{last}");
    let cells: Vec<&str> = last.split(',').collect();
    // Date, then the statuses from the bottom of the chart up (completed,
    // in progress, planned, on hold, cancelled), then the total.
    assert_eq!(&cells[1..], ["16", "20", "0", "0", "0", "36"], "{text}");

    // English words in the English chart.
    let en = get(
        &app,
        Some(&cookie),
        &format!("/en/charts/initiatives/{id}/completion.svg"),
    )
    .await;
    assert!(en.text().await.unwrap().contains("Completion over time"));

    for (path, status) in [
        (format!("{base}/nothing.svg"), StatusCode::NOT_FOUND),
        (format!("{base}/completion.png"), StatusCode::NOT_FOUND),
        (
            format!("{base}/indicator-999999.svg"),
            StatusCode::NOT_FOUND,
        ),
        (
            "/fr/charts/initiatives/999999/completion.svg".to_owned(),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/de/charts/initiatives/{id}/completion.svg"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("{base}/completion.svg?as_of=31-10-2017"),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        assert_eq!(
            get(&app, Some(&cookie), &path).await.status(),
            status,
            "{path}"
        );
    }
    app.shut_down().await.unwrap();
}

#[tokio::test]
async fn the_indicator_chart_of_another_subtree_is_not_served() {
    let (app, cookie) = demo_app().await;
    let db = &app.test_db.db;
    let indicators = read::indicators(db, Scope::Portfolio).await.unwrap();
    let centres = indicators
        .iter()
        .find(|i| i.code.as_str() == "centres")
        .unwrap();
    let owner = centres.initiative_id.0;
    let ok = get(
        &app,
        Some(&cookie),
        &format!(
            "/fr/charts/initiatives/{owner}/indicator-{}.svg",
            centres.id.0
        ),
    )
    .await;
    assert_eq!(ok.status(), StatusCode::OK);
    let svg = ok.text().await.unwrap();
    // Its French name is the chart's title (escaped as XML text).
    let title_start = format!("<title id=\"chart-indicator-{}-title\">", centres.id.0);
    let title = svg[svg.find(&title_start).expect("a title") + title_start.len()..]
        .split("</title>")
        .next()
        .unwrap()
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    assert_eq!(title, centres.name.fr);
    let elsewhere = strategy_id(&app, "SGTI-2015").await;
    let refused = get(
        &app,
        Some(&cookie),
        &format!(
            "/fr/charts/initiatives/{elsewhere}/indicator-{}.svg",
            centres.id.0
        ),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    app.shut_down().await.unwrap();
}

/// The charts of a strategy's page are drawn into it: each is the chart its
/// SVG file holds (same date, same language), its title and description
/// named apart from the figure's own; the figure keeps the file's download.
#[tokio::test]
async fn a_strategy_page_holds_its_charts_drawn_as_of_its_date() {
    let (app, cookie) = demo_app().await;
    let id = strategy_id(&app, "SGTI-2015").await;
    for (lang, title) in [
        ("fr", "Avancement dans le temps"),
        ("en", "Completion over time"),
    ] {
        for query in ["", "?as_of=2017-10-31"] {
            let page = get(
                &app,
                Some(&cookie),
                &format!("/{lang}/initiatives/{id}{query}"),
            )
            .await;
            assert_eq!(page.status(), StatusCode::OK);
            let html = page.text().await.unwrap();
            assert!(
                !html.contains("<img"),
                "no chart left as an image: {lang}{query}"
            );
            let base = format!("/{lang}/charts/initiatives/{id}");
            let mut indicators: Vec<String> = html
                .match_indices("id=\"chart-indicator-")
                .map(|(at, _)| {
                    let rest = &html[at + "id=\"chart-".len()..];
                    rest[..rest.find('"').unwrap()].to_owned()
                })
                .filter(|name| !name.contains("-svg") && !name.ends_with("-desc"))
                .collect();
            indicators.sort();
            indicators.dedup();
            assert!(
                !indicators.is_empty(),
                "the strategy's indicators are charted"
            );
            for name in ["completion".to_owned(), "health".to_owned()]
                .into_iter()
                .chain(indicators)
            {
                let file = get(&app, Some(&cookie), &format!("{base}/{name}.svg{query}")).await;
                assert_eq!(file.status(), StatusCode::OK, "{name}");
                let drawn = file
                    .text()
                    .await
                    .unwrap()
                    .replace(&format!("\"chart-{name}-"), &format!("\"chart-{name}-svg-"))
                    .replace(
                        &format!(" chart-{name}-desc"),
                        &format!(" chart-{name}-svg-desc"),
                    );
                assert!(
                    html.contains(drawn.trim_end()),
                    "{lang}{query}: {name} drawn into the page as in its file"
                );
                assert!(
                    html.contains(&format!("href=\"{base}/{name}.svg{query}\" download")),
                    "{lang}{query}: {name}'s SVG still to download"
                );
            }
            assert!(html.contains(&format!(
                "<title id=\"chart-completion-svg-title\">{title}</title>"
            )));
            // Each id is given once on the page.
            let mut ids: Vec<&str> = html
                .match_indices(" id=\"")
                .map(|(at, _)| {
                    let rest = &html[at + 5..];
                    &rest[..rest.find('"').unwrap()]
                })
                .collect();
            let all = ids.len();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), all, "{lang}{query}: an id given twice");
        }
    }
    app.shut_down().await.unwrap();
}

#[tokio::test]
async fn the_portfolio_page_reads_as_of_a_date_and_is_not_public() {
    let (app, cookie) = demo_app().await;
    let anonymous = get(&app, None, "/fr/portfolio").await;
    let page = anonymous.text().await.unwrap();
    assert!(
        !page.contains("SGTI-2015"),
        "the portfolio is for signed-in readers"
    );

    let page = get(
        &app,
        Some(&cookie),
        "/fr/portfolio?as_of=2017-10-31&kind=measure",
    )
    .await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("État au 31 octobre 2017."), "the date shown");
    // The 36 measures of the 2015 strategy existed then, and nothing else
    // of kind "measure".
    assert!(html.contains(">36<"), "36 measures counted in the headline");

    let strategy = strategy_id(&app, "SGTI-2015").await;
    let page = get(
        &app,
        Some(&cookie),
        &format!("/en/initiatives/{strategy}?as_of=2017-10-31"),
    )
    .await;
    let html = page.text().await.unwrap();
    assert!(html.contains("As it stood on October 31, 2017."));
    assert!(html.contains("completion.svg?as_of=2017-10-31"));
    // The history shown stops at the date: updates after it are left out.
    let programme = strategy_id(&app, "AUTH-GOUV").await;
    let cut = chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    let page = get(
        &app,
        Some(&cookie),
        &format!("/en/initiatives/{programme}?as_of={cut}"),
    )
    .await;
    let html = page.text().await.unwrap();
    let history = read::status_history(&app.test_db.db, InitiativeId(programme))
        .await
        .unwrap();
    let (before, after): (Vec<_>, Vec<_>) = history.iter().partition(|u| u.as_of <= cut);
    assert!(
        !before.is_empty() && !after.is_empty(),
        "the demo has updates on both sides"
    );
    for u in before {
        assert!(html.contains(&format!("id=\"update-{}\"", u.id.0)));
    }
    for u in after {
        assert!(!html.contains(&format!("id=\"update-{}\"", u.id.0)));
    }
    app.shut_down().await.unwrap();
}

/// The figures of a signed-in page and its charts are kept per data version:
/// the next request after a write shows it (the writer reads their own
/// write), and what the page lets each reader do stays theirs.
#[tokio::test]
async fn kept_figures_follow_a_write_at_once_and_each_reader_keeps_their_rights() {
    let (app, viewer) = demo_app().await;
    let editor = signed_in(&app, "editor@example.ca", Role::Editor).await;
    let db = &app.test_db.db;
    let strategy = strategy_id(&app, "SGTI-2015").await;
    let measure = read::initiatives(db, Scope::Subtree(InitiativeId(strategy)))
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.kind == InitiativeKind::Measure)
        .expect("the strategy has measures")
        .id;
    let page = format!("/fr/initiatives/{}", measure.0);
    let record_link = format!("href=\"/fr/initiatives/{}/update\"", measure.0);
    let csv = format!("/fr/charts/initiatives/{strategy}/completion.csv");
    let marker = "Marqueur écrit à l'instant";

    for _ in 0..2 {
        let html = get(&app, Some(&viewer), &page).await.text().await.unwrap();
        assert!(!html.contains(marker));
        assert!(!html.contains(&record_link), "a viewer may not record");
    }
    let html = get(&app, Some(&editor), &page).await.text().await.unwrap();
    assert!(
        html.contains(&record_link),
        "an editor may, on the same figures"
    );
    let before = get(&app, Some(&viewer), &csv).await.text().await.unwrap();
    assert_eq!(
        get(&app, Some(&viewer), &csv).await.text().await.unwrap(),
        before
    );

    let narrative = Narrative {
        accomplishments: Bilingual::new(marker, marker),
        ..Narrative::default()
    };
    let draft = StatusUpdateDraft::new(
        measure,
        chrono::Utc::now().date_naive(),
        Status::Cancelled,
        HealthReport::overall(Health::OnTrack),
        None,
        Budget::default(),
        narrative,
        None,
        None,
    )
    .unwrap();
    let mut tx = db.begin().await.unwrap();
    let actor = Actor {
        who: "editor@example.ca",
        via: Via::Browser,
    };
    app::store::write::record_status_update(&mut tx, actor, &draft)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let html = get(&app, Some(&viewer), &page).await.text().await.unwrap();
    assert!(html.contains(marker), "the write is on the next page shown");
    assert!(
        !html.contains(&record_link),
        "and the viewer still may not record"
    );
    let after = get(&app, Some(&viewer), &csv).await.text().await.unwrap();
    assert_ne!(
        after, before,
        "the chart's data counts the cancelled measure"
    );
    app.shut_down().await.unwrap();
}

/// A signed-in page keeps its own policy and caching rules while the files
/// at the site's root are asked for at the same time: a browser asks for
/// the favicon with the session cookie, so that request is never a cache
/// hit and meets the site whole, while other pages render on the same
/// worker threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_keeps_its_headers_while_root_files_are_served_beside_it() {
    let app = TestApp::spawn_with(|state| {
        // The favicon is copied from here into the built site.
        state.leptos_options.site_root =
            concat!(env!("CARGO_MANIFEST_DIR"), "/../app/public").into();
    })
    .await;
    app::demo::load(&app.test_db.db)
        .await
        .expect("the demo loads");
    let cookie = signed_in(&app, "viewer@example.ca", Role::Viewer).await;
    let mut readers = tokio::task::JoinSet::new();
    for reader in 0..8 {
        let (client, cookie) = (app.client.clone(), cookie.clone());
        let (page, favicon) = (app.url("/fr/initiatives"), app.url("/favicon.svg"));
        readers.spawn(async move {
            for _ in 0..40 {
                let url = if reader % 2 == 0 { &page } else { &favicon };
                let response = client
                    .get(url)
                    .header(header::COOKIE, &cookie)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), StatusCode::OK, "{url}");
                let policy = response.headers()[header::CONTENT_SECURITY_POLICY]
                    .to_str()
                    .unwrap()
                    .to_owned();
                let caching = response
                    .headers()
                    .get(header::CACHE_CONTROL)
                    .map(|v| v.to_str().unwrap().to_owned());
                let body = response.bytes().await.unwrap();
                if url == &page {
                    assert!(policy.contains("script-src 'nonce-"), "{url}: {policy}");
                    assert_eq!(caching.as_deref(), Some("private, no-store"), "{url}");
                } else {
                    assert!(policy.starts_with("default-src 'none'"), "{url}: {policy}");
                    assert!(!policy.contains("nonce"), "{url}: {policy}");
                    assert!(body.starts_with(b"<svg"), "{url}");
                }
            }
        });
    }
    while let Some(done) = readers.join_next().await {
        done.expect("a reader's answers were as they should be");
    }
    app.shut_down().await.unwrap();
}
