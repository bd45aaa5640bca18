//! `jalons`: serve the site (the default) or run a maintenance task.

use clap::Parser;
use jalons_server::cli::{Cli, Command};
use jalons_server::{leptos_options, open_database, serve, shutdown_signal, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    telemetry::init(cli.log_format);

    match cli.command() {
        Command::Migrate => {
            open_database(&cli.database_url).await?;
            tracing::info!(database = %app::store::redact(&cli.database_url), "database is up to date");
        }
        Command::Serve(args) => {
            let db = open_database(&cli.database_url).await?;
            let state = app::state::AppState {
                leptos_options: leptos_options(args.addr)?,
                db: db.clone(),
            };
            let listener = tokio::net::TcpListener::bind(args.addr).await?;
            tracing::info!(
                database = %app::store::redact(&cli.database_url),
                site_root = %state.leptos_options.site_root,
                "Jalons is listening on http://{}",
                listener.local_addr()?
            );
            serve(listener, state, shutdown_signal()).await?;
            db.close().await;
            tracing::info!("stopped");
        }
    }
    Ok(())
}
