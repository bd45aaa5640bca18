//! `jalons`: serve the site (the default) or run a maintenance task.

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use jalons_server::cli::{Cli, Command, DemoCommand};
use jalons_server::{leptos_options, open_database, serve, shutdown_signal, telemetry};

/// Runs the command; a failure is one line on stderr (with its causes) and
/// exit status 1, never a backtrace.
#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    telemetry::init(cli.log_format);
    let database = app::store::redact(&cli.database_url);

    match cli.command() {
        Command::Migrate => {
            open_database(&cli.database_url).await?;
            tracing::info!(%database, "database is up to date");
        }
        Command::Serve(args) => {
            let db = open_database(&cli.database_url).await?;
            if args.demo_if_empty && app::store::read::initiative_count(&db).await? == 0 {
                let summary = app::demo::load(&db).await?;
                tracing::info!(%summary, "the database was empty: demo dataset loaded");
            }
            let state = app::state::AppState {
                leptos_options: leptos_options(args.addr)?,
                db: db.clone(),
            };
            let listener = tokio::net::TcpListener::bind(args.addr).await?;
            tracing::info!(
                %database,
                site_root = %state.leptos_options.site_root,
                "Jalons is listening on http://{}",
                listener.local_addr()?
            );
            serve(listener, state, shutdown_signal()).await?;
            db.close().await;
            tracing::info!("stopped");
        }
        Command::Demo(DemoCommand::Load) => {
            let db = open_database(&cli.database_url).await?;
            let summary = app::demo::load(&db).await?;
            tracing::info!(%database, %summary, "demo dataset loaded");
        }
        Command::Demo(DemoCommand::Generate {
            initiatives,
            years,
            seed,
        }) => {
            let db = open_database(&cli.database_url).await?;
            let bar =
                ProgressBar::new(u64::from(initiatives)).with_style(ProgressStyle::with_template(
                    "{spinner} {bar:40} {pos}/{len} initiatives, {elapsed} (eta {eta})",
                )?);
            let started = std::time::Instant::now();
            let options = app::synthetic::Options {
                initiatives,
                years,
                seed,
            };
            let summary =
                app::synthetic::generate(&db, options, |done, _| bar.set_position(u64::from(done)))
                    .await?;
            bar.finish();
            tracing::info!(
                %database,
                ?summary,
                seconds = started.elapsed().as_secs_f64(),
                "synthetic portfolio generated"
            );
        }
    }
    Ok(())
}
