//! The server as a browser or a monitor meets it: health, language redirect,
//! pages in both languages, unknown addresses.

mod common;

use common::TestApp;
use reqwest::header;
use reqwest::StatusCode;

#[tokio::test]
async fn healthz_is_ok_while_the_database_answers() {
    let app = TestApp::spawn().await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    assert_eq!(response.text().await.unwrap(), "ok\n");
}

#[tokio::test]
async fn healthz_is_503_when_the_database_does_not_answer() {
    let app = TestApp::spawn().await;
    app.test_db.db.close().await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.text().await.unwrap(), "database unavailable\n");
}

#[tokio::test]
async fn the_root_redirects_by_accept_language() {
    let app = TestApp::spawn().await;
    let cases = [
        (Some("en-CA,en;q=0.9,fr;q=0.5"), "/en"),
        (Some("fr-CA,fr;q=0.9,en;q=0.8"), "/fr"),
        (Some("de-DE,de;q=0.9"), "/fr"),
        (None, "/fr"),
    ];
    for (accept, expected) in cases {
        let mut request = app.client.get(app.url("/"));
        if let Some(accept) = accept {
            request = request.header(header::ACCEPT_LANGUAGE, accept);
        }
        let response = request.send().await.unwrap();

        assert_eq!(
            response.status(),
            StatusCode::TEMPORARY_REDIRECT,
            "{accept:?}"
        );
        assert_eq!(response.headers()[header::LOCATION], expected, "{accept:?}");
        assert_eq!(response.headers()[header::VARY], "accept-language");
    }
}

#[tokio::test]
async fn each_language_has_its_page_linked_to_its_twin() {
    let app = TestApp::spawn().await;
    let cases = [
        (
            "/fr",
            "fr",
            "Suivre les jalons de la transformation numérique",
            "/en",
            "English",
        ),
        (
            "/en",
            "en",
            "Following the milestones of digital transformation",
            "/fr",
            "Français",
        ),
    ];
    for (path, lang, heading, twin, twin_name) in cases {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        // Without the empty comments that mark where the views' parts
        // begin and end for hydration (`<!>` in type-erased views).
        let html = response
            .text()
            .await
            .unwrap()
            .replace("<!---->", "")
            .replace("<!>", "");

        assert!(
            html.contains(&format!("<html lang=\"{lang}\"")),
            "{path}: html lang in {html}"
        );
        assert!(
            html.contains(&format!("<h1>{heading}</h1>")),
            "{path}: heading in {html}"
        );
        let twin_lang = format!("hreflang=\"{}\"", &twin[1..]);
        let twin_href = format!("href=\"{twin}\"");
        let switch = tag_with(
            &html,
            "<a ",
            &[&twin_href, &twin_lang, "class=\"language-switch\""],
        );
        assert!(
            switch.is_some_and(|a| a.contains(twin_name)),
            "{path}: twin link in {html}"
        );
        // Absolute, as search engines want them, at the address asked.
        for (lang, href) in [("fr", "/fr"), ("en", "/en"), ("x-default", "/")] {
            let attrs = [
                &format!("hreflang=\"{lang}\""),
                &format!("href=\"{}\"", app.url(href)),
                "rel=\"alternate\"",
            ];
            assert!(
                tag_with(&html, "<link ", &attrs).is_some(),
                "{path}: alternate {lang}"
            );
        }
        // A public page is plain HTML: no bundle to load.
        assert!(
            !html.contains("/pkg/jalons.wasm") && !html.contains("/pkg/jalons.js"),
            "{path}: hydration script on a public page"
        );
    }
    // The application's pages hydrate (the sign-in page is one).
    let html = app
        .client
        .get(app.url("/fr/session"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("/pkg/jalons.wasm") || html.contains("/pkg/jalons.js"),
        "/fr/session: hydration script"
    );
}

/// The first `tag` element (e.g. `"<a "`) carrying every attribute in
/// `attrs`, with its content up to the end of the line's next closing `>`.
fn tag_with<'a>(html: &'a str, tag: &str, attrs: &[&str]) -> Option<&'a str> {
    html.match_indices(tag).find_map(|(start, _)| {
        let open_end = start + html[start..].find('>')?;
        let open = &html[start..open_end];
        let element_end = html[open_end..]
            .find('<')
            .map_or(html.len(), |i| open_end + i);
        attrs
            .iter()
            .all(|a| open.contains(a))
            .then(|| &html[start..element_end])
    })
}

#[tokio::test]
async fn the_twin_link_keeps_the_query_string() {
    let app = TestApp::spawn().await;

    let html = app.get("/fr?as_of=2019-06-03").await.text().await.unwrap();

    assert!(html.contains("href=\"/en?as_of=2019-06-03\""), "{html}");
}

#[tokio::test]
async fn an_unknown_address_is_a_404_page() {
    let app = TestApp::spawn().await;

    for path in ["/fr/nulle-part", "/de", "/nowhere"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains("Page introuvable") || html.contains("Page not found"),
            "{path}: {html}"
        );
    }
}

/// The translations' effect, a task of its own, once read its page's
/// disposed context after the page was answered (see `Translations` in
/// app/src/app.rs). On one worker thread a task spawned by a render runs
/// when the render yields, so pages are asked for in turn and the tasks
/// left behind are let run after each answer.
#[tokio::test]
async fn no_task_of_a_page_reads_it_once_it_is_answered() {
    static DISPOSED_READS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info.to_string().contains("already been disposed") {
            DISPOSED_READS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        previous(info)
    }));
    let app = TestApp::spawn().await;

    for n in 0..50 {
        for path in [
            format!("/nowhere-{n}"),
            format!("/en/nowhere-{n}"),
            format!("/fr?n={n}"),
        ] {
            let response = app.get(&path).await;
            let html = response.text().await.unwrap();
            let lang = if path.starts_with("/en") { "en" } else { "fr" };
            assert!(
                html.contains(&format!("<html lang=\"{lang}\" dir=\"ltr\"")),
                "{path}: {html}"
            );
            for _ in 0..10 {
                tokio::task::yield_now().await;
            }
        }
    }
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;

    assert_eq!(
        DISPOSED_READS.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "a task read a page's reactive values after the page was answered"
    );
}

#[tokio::test]
async fn shutdown_finishes_cleanly() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);

    app.shut_down().await.expect("graceful shutdown");
}

/// Starting a server lists its pages' routes by rendering the app with
/// resource loading suppressed for the whole process; a page whose data
/// began loading meanwhile used to wait for ever. The routes are now listed
/// once per process, so servers starting beside a busy one leave its pages
/// alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_answer_while_other_servers_start() {
    let app = TestApp::spawn().await;
    let starting = tokio::spawn(async {
        for _ in 0..8 {
            let other = TestApp::spawn().await;
            other.get("/healthz").await;
            other.shut_down().await.expect("graceful shutdown");
        }
    });

    for n in 0..40 {
        // A new query string each time: rendered, not answered from the cache.
        let path = format!("/fr?n={n}");
        let response = tokio::time::timeout(std::time::Duration::from_secs(20), app.get(&path))
            .await
            .unwrap_or_else(|_| panic!("{path} not answered within 20 s"));
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(response.text().await.unwrap().contains("</html>"), "{path}");
    }
    starting
        .await
        .expect("the other servers started and stopped");
}

/// The nonce a page's `Content-Security-Policy` allows scripts by, and the
/// policy itself.
fn script_nonce(response: &reqwest::Response) -> (String, String) {
    let policy = response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    let nonce = policy
        .split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix("script-src "))
        .and_then(|s| s.split(' ').find_map(|v| v.strip_prefix("'nonce-")))
        .and_then(|v| v.strip_suffix('\''))
        .unwrap_or_else(|| panic!("{}: a script nonce in {policy}", response.url()))
        .to_owned();
    (nonce, policy)
}

/// Every `<script` of `html` carries `nonce`; `html` has no inline style.
fn assert_scripts_carry(html: &str, nonce: &str, path: &str) {
    let scripts: Vec<(&str, &str)> = html
        .match_indices("<script")
        .map(|(i, _)| {
            let around = &html[i.saturating_sub(80)..(i + 160).min(html.len())];
            (&html[i..i + html[i..].find('>').unwrap()], around)
        })
        .collect();
    assert!(!scripts.is_empty(), "{path}: no script at all in {html}");
    for (script, around) in scripts {
        assert!(
            script.contains(&format!("nonce=\"{nonce}\"")),
            "{path}: {script} lacks the policy's nonce {nonce}, in …{around}…"
        );
    }
    assert!(
        !html.contains(" style="),
        "{path}: an inline style in {html}"
    );
}

#[tokio::test]
async fn pages_allow_only_their_own_scripts() {
    let app = TestApp::spawn().await;
    app::demo::load(&app.test_db.db).await.expect("demo loads");

    // Public pages: script-free but for the data leptos inlines, which
    // carries the nonce; no bundle may load, no inline style applies.
    let home = app.get("/fr").await.text().await.unwrap();
    let start = home
        .match_indices("href=\"/fr/progress/")
        .map(|(i, m)| i + m.len())
        .find(|&i| home.as_bytes()[i].is_ascii_digit())
        .expect("a published initiative")
        - "/fr/progress/".len();
    let initiative = &home[start..start + home[start..].find('"').unwrap()];
    for path in ["/fr", "/en/data", initiative] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let (nonce, policy) = script_nonce(&response);
        assert!(!policy.contains("strict-dynamic"), "{path}: {policy}");
        for directive in [
            "style-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ] {
            assert!(
                policy.contains(directive),
                "{path}: {directive} in {policy}"
            );
        }
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        // No script is allowed by its digest: every one carries the nonce.
        assert!(!policy.contains("'sha256-"), "{path}: {policy}");
        assert_scripts_carry(&response.text().await.unwrap(), &nonce, path);
    }

    // A hydrating page: its nonce is its own, and it is kept from caches.
    let first = app.get("/fr/session").await;
    assert_eq!(first.headers()[header::CACHE_CONTROL], "private, no-store");
    let (nonce, policy) = script_nonce(&first);
    assert!(
        policy.contains("'strict-dynamic' 'wasm-unsafe-eval'"),
        "{policy}"
    );
    assert_scripts_carry(&first.text().await.unwrap(), &nonce, "/fr/session");
    let (again, _) = script_nonce(&app.get("/fr/session").await);
    assert_ne!(nonce, again, "a new nonce for each response");

    // Anything else may run nothing.
    for path in ["/api/v1/initiatives", "/sitemap.xml", "/fr/feed.atom"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            response.headers()[header::CONTENT_SECURITY_POLICY],
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
            "{path}"
        );
        assert!(
            !response
                .headers()
                .contains_key(header::STRICT_TRANSPORT_SECURITY),
            "{path}: no HSTS over plain HTTP"
        );
    }
}
