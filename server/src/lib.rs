//! The `jalons` server: command line, configuration, HTTP routes outside
//! Leptos (health, language redirect, static files) and start-up.
//!
//! Pages, server functions and storage live in the `app` crate; this crate
//! wires them to a socket and a database and must hold no business rule.

pub mod api;
pub mod assets;
pub mod backup;
pub mod cache;
pub mod cli;
pub mod prometheus;
pub mod routes;
pub mod security;
pub mod telemetry;

use app::state::AppState;
use app::store::Db;
use leptos::config::LeptosOptions;
use std::future::Future;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// The site options: where the built site lives (`target/site` by default,
/// relative to the working directory, or `LEPTOS_SITE_ROOT`) and its address.
pub fn leptos_options(addr: SocketAddr) -> anyhow::Result<LeptosOptions> {
    // cargo-leptos names the bundle at compile time (and `cargo leptos watch`
    // passes the rest through the environment); a plain `cargo build` does
    // not, and leptos would complain about it, so the defaults are set here.
    let built_by_cargo_leptos = option_env!("LEPTOS_OUTPUT_NAME").is_some()
        || std::env::var_os("LEPTOS_OUTPUT_NAME").is_some();
    let mut options = if built_by_cargo_leptos {
        leptos::config::get_configuration(None)?.leptos_options
    } else {
        LeptosOptions::builder()
            .output_name("jalons")
            .site_root(std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into()))
            .build()
    };
    options.site_addr = addr;
    Ok(options)
}

/// Opens the database and brings its schema up to date.
pub async fn open_database(url: &str) -> anyhow::Result<Db> {
    let db = Db::connect(url).await?;
    db.migrate().await?;
    Ok(db)
}

/// The e-mail address of the administrator created for the demo.
pub const DEMO_ADMINISTRATOR: &str = "admin@jalons.example";

/// Creates the demo administrator with a generated password when the
/// database has no account yet; returns its address and password (to be
/// shown once), or `None` when accounts already exist.
pub async fn ensure_demo_administrator(db: &Db) -> anyhow::Result<Option<(String, String)>> {
    use app::domain::{Email, Role, Via};
    use app::store::{accounts, Actor};
    if !accounts::accounts(db).await?.is_empty() {
        return Ok(None);
    }
    let email = Email::parse("email", DEMO_ADMINISTRATOR)?;
    let password = accounts::generate_password();
    let actor = Actor {
        who: "demo",
        via: Via::Demo,
    };
    let mut tx = db.begin().await?;
    accounts::create_account(
        &mut tx,
        actor,
        &email,
        "Demo administrator",
        Role::Administrator,
        &password,
    )
    .await?;
    tx.commit().await?;
    Ok(Some((email.to_string(), password)))
}

/// Serves the application on `listener` until `shutdown` resolves, then
/// finishes the requests in flight.
///
/// Each connection is served by hyper with a deadline for the request's
/// headers (`Settings::header_deadline`), which `axum::serve` does not set:
/// a client that sends its headers a byte at a time, or opens connections
/// and sends nothing, has its connection closed instead of holding it.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::extract::ConnectInfo;
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    use tower::ServiceExt;

    prometheus::install();
    let sessions = app::auth::SessionStore::new(&state.db);
    sessions.spawn_cleanup(std::time::Duration::from_secs(300));
    assets::spawn_precompress(routes::bundle_dir(&state));
    let cache = cache::RenderCache::start(&state.db).await;
    let header_deadline = state.settings.header_deadline;
    let https = state.settings.secure_cookies;
    let app = cache::Front::new(cache.clone(), routes::router(state, sessions, cache), https);

    // HTTP/1.1 only: a TLS proxy speaks it to the instances, and so does
    // any client on plain HTTP. (Detecting HTTP/2 would first wait, with no
    // deadline, for bytes that a silent client never sends.)
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_deadline);
    let connections = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, or a connection reset before
                    // it was accepted: the listener itself is fine.
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "TCP_NODELAY not set");
        }
        let service = app.clone().map_request(
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(remote));
                request.map(axum::body::Body::new)
            },
        );
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = connections.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, %remote, "connection ended with an error");
            }
        });
    }
    drop(listener);
    connections.shutdown().await;
    Ok(())
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown requested: finishing requests in flight");
}
