//! The HTTP routes: health, the API, the Atom feeds, the bare `/`
//! redirect, the Leptos pages and server functions, and the built site's
//! static files.

use app::app::{shell, App};
use app::auth::SessionStore;
use app::language::{home_path, negotiate};
use app::state::AppState;
use axum::extract::State;
use axum::handler::HandlerWithoutStateExt as _;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::time::Duration;
use tower_http::services::ServeDir;

/// How long `/healthz` waits for the database before reporting it down.
const HEALTH_TIMEOUT: Duration = Duration::from_secs(2);

/// The pages' routes, listed once per process. Listing them renders the app
/// with resource loading suppressed process-wide, so a resource that first
/// runs meanwhile (a page being served by another server in the same
/// process, as in the tests) would wait for ever; once listed, never again.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole site; `sessions` keeps who is signed in; `cache` keeps what
/// anonymous readers are sent.
pub fn router(state: AppState, sessions: SessionStore, cache: crate::cache::RenderCache) -> Router {
    let auth = app::auth::layer(&state.db, sessions, state.settings.secure_cookies);
    let https = state.settings.secure_cookies;
    let body_deadline = state.settings.body_deadline;
    let max_in_flight = state.settings.max_in_flight;
    let routes = route_list();
    let context_state = state.clone();
    let options = state.leptos_options.clone();

    // Pages and server functions know who is signed in.
    let site = Router::new()
        .route("/", get(language_redirect))
        .route("/export/{file}", get(export))
        .route("/report/information-sharing.md", get(report_markdown))
        .route("/report/versions/{file}", get(report_version_markdown))
        .route("/{lang}/charts/initiatives/{id}/{file}", get(chart))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || shell(options.clone()),
        )
        .fallback_service(root_files_or_not_found(&state))
        .layer(axum::middleware::from_fn(crate::security::server_fn_status))
        .layer(auth);

    // Health checks, the API (bearer tokens), the feeds, the public charts
    // and the sitemap (public) do not touch sessions.
    let routed = Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(crate::prometheus::metrics))
        .route("/{lang}/feed.atom", get(site_feed))
        .route("/{lang}/initiatives/{id}/feed.atom", get(initiative_feed))
        .route(
            "/{lang}/progress/charts/{file}",
            get(public_portfolio_chart),
        )
        .route("/{lang}/progress/{id}/charts/{file}", get(public_chart))
        .route("/sitemap.xml", get(sitemap))
        .route("/robots.txt", get(robots))
        .nest_service("/pkg", crate::assets::service(&bundle_dir(&state)))
        .nest(
            "/api/v1",
            crate::api::router().layer(crate::api::rate::layer(
                state.settings.api_rate,
                state.settings.behind_proxy,
            )),
        )
        .merge(site)
        .layer(axum::middleware::from_fn_with_state(
            body_deadline,
            crate::security::bounded_bodies,
        ))
        .layer(axum::middleware::from_fn(
            crate::security::same_origin_writes,
        ))
        // Work beyond the server's capacity is refused at once (503), not
        // queued; the render cache, outside, answers what it holds.
        .layer(
            tower::ServiceBuilder::new()
                .layer(axum::error_handling::HandleErrorLayer::new(
                    crate::security::overloaded,
                ))
                .load_shed()
                // One count for the whole site: `Router::layer` wraps each
                // route on its own, and a plain limit would count per route.
                .layer(tower::limit::GlobalConcurrencyLimitLayer::new(
                    max_in_flight,
                )),
        )
        .with_state(state);

    // What every request meets, wrapped once around the routed site rather
    // than around each route (`Router::layer` on the site's router clones
    // each route's whole stack per request, with its captured options): an
    // answer the render cache holds is sent without routing.
    Router::new()
        .fallback_service(routed)
        .layer(axum::middleware::from_fn_with_state(
            cache,
            crate::cache::serve,
        ))
        .layer(axum::middleware::map_response_with_state(
            https,
            crate::security::add_headers,
        ))
        // A handler that panics (a bug) answers 500 and is logged; the
        // connection and the other requests on it carry on.
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        // Counts, times and logs every request (one line each).
        .layer(axum::middleware::from_fn(crate::prometheus::record))
}

/// The files at the built site's root (the favicon) and, at any other
/// address, the not-found page (the app's router answers it, with 404).
///
/// Not `leptos_axum::file_and_error_handler`: it answers a file under
/// `Owner::new()`, a child of whichever reactive owner the worker thread
/// last left current, and applies that owner's response options to the
/// file. A page being rendered on the same thread then lost its
/// `Content-Security-Policy` and `Cache-Control` to the favicon that a
/// signed-in reader's browser asked for meanwhile (the page fell back to
/// the no-script policy of data answers, and its bundle was blocked).
fn root_files_or_not_found(state: &AppState) -> Router {
    let context = state.clone();
    let options = state.leptos_options.clone();
    let not_found = leptos_axum::render_app_async_with_context(
        move || provide_context(context.clone()),
        move || shell(options.clone()),
    );
    Router::new().fallback_service(
        ServeDir::new(&*state.leptos_options.site_root)
            .append_index_html_on_directories(false)
            .fallback(not_found.into_service()),
    )
}

/// Where the built site keeps the browser bundle (`/pkg/`).
pub fn bundle_dir(state: &AppState) -> std::path::PathBuf {
    let options = &state.leptos_options;
    std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir)
}

/// 200 when the database answers, 503 when it does not (or not in time).
async fn healthz(State(state): State<AppState>) -> Response {
    let no_store = [(header::CACHE_CONTROL, "no-store")];
    match tokio::time::timeout(HEALTH_TIMEOUT, state.db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, no_store, "ok\n").into_response(),
        Ok(Err(error)) => {
            tracing::warn!(error = %error, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                no_store,
                "database unavailable\n",
            )
                .into_response()
        }
        Err(_) => {
            tracing::warn!("health check: database did not answer in time");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                no_store,
                "database unavailable\n",
            )
                .into_response()
        }
    }
}

/// A feed as the reader gets it: Atom, cacheable by anyone for a minute
/// (feeds are public), or 404 when there is none.
fn feed_response(feed: Result<Option<String>, app::store::StoreError>) -> Response {
    match feed {
        Ok(Some(body)) => (
            [
                (header::CONTENT_TYPE, app::feeds::CONTENT_TYPE),
                (header::CACHE_CONTROL, crate::cache::CACHE_CONTROL),
            ],
            body,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "feed failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `/{lang}/feed.atom`: the latest published status updates, in `fr` or
/// `en` (404 for any other language).
async fn site_feed(
    State(state): State<AppState>,
    axum::extract::Path(lang): axum::extract::Path<String>,
) -> Response {
    let Some(locale) = app::language::locale_named(&lang) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    feed_response(app::feeds::site_feed(&state.db, locale).await.map(Some))
}

/// `/{lang}/initiatives/{id}/feed.atom`: the latest status updates of a
/// published initiative (404 for any other, or another language).
async fn initiative_feed(
    State(state): State<AppState>,
    axum::extract::Path((lang, id)): axum::extract::Path<(String, String)>,
) -> Response {
    let locale = app::language::locale_named(&lang);
    let id = id.parse::<i64>().ok().filter(|id| *id > 0);
    let (Some(locale), Some(id)) = (locale, id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let id = app::domain::InitiativeId(id);
    feed_response(app::feeds::initiative_feed(&state.db, locale, id).await)
}

/// `/` sends the reader to the home page in their language.
async fn language_redirect(headers: HeaderMap) -> Response {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok());
    let locale = negotiate(accept);
    let mut response = Redirect::temporary(&home_path(locale)).into_response();
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept-language"));
    response
}

/// `?as_of=YYYY-MM-DD` of a chart's address.
#[derive(serde::Deserialize)]
struct ChartQuery {
    as_of: Option<chrono::NaiveDate>,
}

/// `/{lang}/charts/initiatives/{id}/{name}.{svg|csv}`: a chart of an
/// initiative's page, as of a date, for any signed-in account (everything
/// counted).
async fn chart(
    session: app::auth::AuthSession,
    State(state): State<AppState>,
    axum::extract::Path((lang, id, file)): axum::extract::Path<(String, i64, String)>,
    query: Result<axum::extract::Query<ChartQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    if app::auth::signed_in(&session).is_none() {
        return (StatusCode::UNAUTHORIZED, "sign in to read charts\n").into_response();
    }
    let scope = app::store::read::Scope::Subtree(app::domain::InitiativeId(id));
    let reach = app::domain::public::Reach::All;
    chart_answer(
        &state,
        &lang,
        scope,
        Ok(Some(reach)),
        &file,
        query,
        Audience::SignedIn,
    )
    .await
}

/// `/{lang}/progress/{id}/charts/{name}.{svg|csv}`: a chart of a published
/// initiative's public page, counting what is published only (404 for an
/// initiative the public may not see).
async fn public_chart(
    State(state): State<AppState>,
    axum::extract::Path((lang, id, file)): axum::extract::Path<(String, i64, String)>,
    query: Result<axum::extract::Query<ChartQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let id = app::domain::InitiativeId(id);
    let reach = app::store::public::reach_under(&state.db, id).await;
    let scope = app::store::read::Scope::Subtree(id);
    chart_answer(&state, &lang, scope, reach, &file, query, Audience::Public).await
}

/// `/{lang}/progress/charts/{completion|health}.{svg|csv}`: the published
/// portfolio's charts, for the home page.
async fn public_portfolio_chart(
    State(state): State<AppState>,
    axum::extract::Path((lang, file)): axum::extract::Path<(String, String)>,
    query: Result<axum::extract::Query<ChartQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let reach = app::store::public::reach(&state.db).await.map(Some);
    let scope = app::store::read::Scope::Portfolio;
    chart_answer(&state, &lang, scope, reach, &file, query, Audience::Public).await
}

/// Who a chart is drawn for: it decides how it may be cached.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Audience {
    SignedIn,
    Public,
}

/// A chart file of `scope`, counting what `reach` includes (`None`: not
/// found), as of the date asked.
async fn chart_answer(
    state: &AppState,
    lang: &str,
    scope: app::store::read::Scope,
    reach: Result<Option<app::domain::public::Reach>, app::store::StoreError>,
    file: &str,
    query: Result<axum::extract::Query<ChartQuery>, axum::extract::rejection::QueryRejection>,
    audience: Audience,
) -> Response {
    use app::chart_files::{chart, ChartFormat};
    let Some(locale) = app::language::locale_named(lang) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(axum::extract::Query(query)) = query else {
        return (
            StatusCode::BAD_REQUEST,
            "as_of: expected a date as YYYY-MM-DD\n",
        )
            .into_response();
    };
    let Some((name, format)) = ChartFormat::split(file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let reach = match reach {
        Ok(Some(reach)) => reach,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "chart failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let today = chrono::Utc::now().date_naive();
    let date = query.as_of.unwrap_or(today).min(today);
    let subject = match scope {
        app::store::read::Scope::Subtree(id) => id.0.to_string(),
        app::store::read::Scope::Portfolio => "portfolio".to_owned(),
    };
    let drawn = match audience {
        // The public's charts are kept whole by the render cache. Those of
        // signed-in readers (who all see everything) are drawn once per data
        // version, read first so that what is drawn is at least that recent.
        Audience::SignedIn => match state.db.data_version().await {
            Ok(version) => {
                let key = (format!("{lang}/{subject}/{file}"), date);
                let draw = async {
                    match chart(&state.db, scope, &reach, name, format, date, locale).await {
                        Ok(Some(body)) => Ok(body),
                        Ok(None) => Err(None),
                        Err(error) => Err(Some(error)),
                    }
                };
                match state
                    .derived
                    .charts
                    .get_or_compute(key, version, draw)
                    .await
                {
                    Ok(body) => Ok(Some(String::clone(&body))),
                    Err(None) => Ok(None),
                    Err(Some(error)) => Err(error),
                }
            }
            Err(error) => Err(error),
        },
        Audience::Public => chart(&state.db, scope, &reach, name, format, date, locale).await,
    };
    match drawn {
        Ok(Some(body)) => {
            let disposition = (format == ChartFormat::Csv)
                .then(|| format!("attachment; filename=\"jalons-{subject}-{name}-{date}.csv\""));
            let cache_control = match audience {
                Audience::SignedIn => "private, no-cache",
                Audience::Public => crate::cache::CACHE_CONTROL,
            };
            let headers = [
                (header::CONTENT_TYPE, Some(format.content_type().to_owned())),
                (header::CACHE_CONTROL, Some(cache_control.to_owned())),
                (header::CONTENT_DISPOSITION, disposition),
            ];
            let mut response = body.into_response();
            for (name, value) in headers {
                if let Some(value) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
                    response.headers_mut().insert(name, value);
                }
            }
            response
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "chart failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `/sitemap.xml`: every public page, in both languages, each with its
/// twin (`hreflang`).
async fn sitemap(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let ids = match app::store::public::published_ids(&state.db).await {
        Ok(ids) => ids,
        Err(error) => {
            tracing::error!(%error, "sitemap failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut ids: Vec<i64> = ids.into_set().into_iter().map(|id| id.0).collect();
    ids.sort_unstable();
    let paths = ["".to_owned(), "/data".to_owned()]
        .into_iter()
        .chain(ids.iter().map(|id| format!("/progress/{id}")));
    let body = app::sitemap::sitemap(&app::language::origin(&headers), paths);
    (
        [
            (header::CONTENT_TYPE, "application/xml; charset=utf-8"),
            (header::CACHE_CONTROL, crate::cache::CACHE_CONTROL),
        ],
        body,
    )
        .into_response()
}

/// `/robots.txt`: everything public may be indexed; the server functions
/// and the signed-in work may not; where the sitemap is.
async fn robots(headers: HeaderMap) -> Response {
    let body = format!(
        "User-agent: *\nDisallow: /fn/\nDisallow: /export/\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
        app::language::origin(&headers)
    );
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, crate::cache::CACHE_CONTROL),
        ],
        body,
    )
        .into_response()
}

/// `/export/status_updates.csv` and `/export/initiatives.csv`: every
/// record, in the import's columns, for any signed-in account.
async fn export(
    session: app::auth::AuthSession,
    State(state): State<AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Response {
    use app::store::read::Scope;
    use app::transfer::{export_initiatives, export_status_updates};
    if app::auth::signed_in(&session).is_none() {
        return (StatusCode::UNAUTHORIZED, "sign in to export\n").into_response();
    }
    let body = match file.as_str() {
        "status_updates.csv" => export_status_updates(&state.db, Scope::Portfolio).await,
        "initiatives.csv" => export_initiatives(&state.db, Scope::Portfolio).await,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    match body {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"jalons-{file}\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            body,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `/report/information-sharing.md?from=…&to=…&lang=…&themes=…`: the
/// information-sharing report's draft as a Markdown download, for any
/// signed-in account (401 otherwise; 400 naming a bad parameter).
async fn report_markdown(
    session: app::auth::AuthSession,
    State(state): State<AppState>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Response {
    use app::domain::report::{file_name, to_markdown, ReportRequest};
    if app::auth::signed_in(&session).is_none() {
        return (StatusCode::UNAUTHORIZED, "sign in to read the report\n").into_response();
    }
    let get = |name: &str| query.get(name).map(String::as_str).unwrap_or_default();
    let today = chrono::Utc::now().date_naive();
    let asked =
        match ReportRequest::parse(get("from"), get("to"), get("lang"), get("themes"), today) {
            Ok(asked) => asked,
            Err(errors) => return (StatusCode::BAD_REQUEST, format!("{errors}\n")).into_response(),
        };
    match app::store::reports::draft(&state.db, asked.period, asked.locale, &asked.topics, today)
        .await
    {
        Ok(report) => markdown_download(&file_name(&report), to_markdown(&report)),
        Err(error) => {
            tracing::error!(%error, "report failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `/report/versions/{id}.md`: a saved version of the report as Markdown,
/// for any signed-in account.
async fn report_version_markdown(
    session: app::auth::AuthSession,
    State(state): State<AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Response {
    use app::domain::report::{file_name, to_markdown};
    if app::auth::signed_in(&session).is_none() {
        return (StatusCode::UNAUTHORIZED, "sign in to read the report\n").into_response();
    }
    let Some(id) = file
        .strip_suffix(".md")
        .and_then(|id| id.parse::<i64>().ok())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match app::store::reports::version(&state.db, id).await {
        Ok(Some((_, report))) => markdown_download(&file_name(&report), to_markdown(&report)),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "report version failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn markdown_download(name: &str, body: String) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/markdown; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}
