//! `jalons`: serve the site (the default) or run a maintenance task.

use anyhow::Context;
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jalons_server::cli::{
    Cli, Command, DemoCommand, ExportArgs, ExportWhat, ImportArgs, TokenCommand, UserCommand,
};
use jalons_server::{leptos_options, open_database, serve, shutdown_signal, telemetry};

/// A page render makes and frees many small strings across threads; glibc's
/// allocator spent about a quarter of the server's CPU time on them
/// (measured with perf on the signed-in dashboard).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    let _log = telemetry::init(cli.log_format);
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
            let demo_administrator = if args.demo_if_empty {
                jalons_server::ensure_demo_administrator(&db).await?
            } else {
                None
            };
            let mut state = app::state::AppState::new(leptos_options(args.addr)?, db.clone());
            state.settings.secure_cookies = args.secure_cookies;
            state.settings.reporting_period_months = args.reporting_period_months;
            state.settings.body_deadline =
                std::time::Duration::from_secs(args.body_timeout_seconds);
            state.settings.header_deadline =
                std::time::Duration::from_secs(args.header_timeout_seconds);
            state.settings.max_in_flight = args.max_in_flight as usize;
            state.settings.api_rate = app::state::ApiRate {
                per_second: args.api_requests_per_second,
                burst: args.api_burst,
            };
            state.settings.behind_proxy = args.behind_proxy;
            state.metrics_token = args
                .metrics_token
                .clone()
                .filter(|t| !t.is_empty())
                .map(Into::into);
            let listener = tokio::net::TcpListener::bind(args.addr).await?;
            tracing::info!(
                %database,
                site_root = %state.leptos_options.site_root,
                "Jalons is listening on http://{}",
                listener.local_addr()?
            );
            if let Some((email, password)) = demo_administrator {
                let addr = listener.local_addr()?;
                println!(
                    "\n  Demo administrator created (the password is shown only this once):\n\
                     \n    sign in at  http://{addr}/fr/session  (English: http://{addr}/en/session)\
                     \n    e-mail      {email}\
                     \n    password    {password}\n\
                     \n  More accounts: target/release/jalons user add --email E --name N --role editor\n"
                );
            }
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
        Command::User(command) => {
            let db = open_database(&cli.database_url).await?;
            user(&db, command).await?;
        }
        Command::Token(command) => {
            let db = open_database(&cli.database_url).await?;
            token(&db, command).await?;
        }
        Command::Import(args) => {
            let db = open_database(&cli.database_url).await?;
            import(&db, args).await?;
        }
        Command::Export(args) => {
            let db = open_database(&cli.database_url).await?;
            export(&db, args).await?;
        }
        Command::Backup { path } => {
            let db = open_database(&cli.database_url).await?;
            jalons_server::backup::backup(&db, &cli.database_url, &path).await?;
            println!("backup written to {}", path.display());
        }
        Command::Restore { path } => {
            jalons_server::backup::restore(&cli.database_url, &path).await?;
            println!("database restored from {}", path.display());
        }
    }
    Ok(())
}

/// Rows from which `jalons import` shows a progress bar (on a terminal).
const PROGRESS_FROM_ROWS: usize = 1000;

/// `jalons import FILE [--dry-run]`: the summary on stdout, every problem as
/// `line N, column C: reason`; any problem is a failure and stores nothing.
async fn import(db: &app::store::Db, args: ImportArgs) -> anyhow::Result<()> {
    use app::transfer::{self, ImportOptions};
    let path = args.file.display();
    let size = std::fs::metadata(&args.file)
        .with_context(|| format!("cannot read {path}"))?
        .len();
    if size > transfer::MAX_BYTES as u64 {
        anyhow::bail!(
            "{path} is {size} bytes; an import takes at most {} bytes: split it",
            transfer::MAX_BYTES
        );
    }
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {path}"))?;
    let who = cli_user();
    let actor = app::store::Actor {
        who: &who,
        via: app::domain::Via::Import,
    };
    let options = ImportOptions {
        dry_run: args.dry_run,
    };
    // Hidden until the file proves large; indicatif also stays hidden when
    // stderr is not a terminal.
    let bar = ProgressBar::hidden().with_style(ProgressStyle::with_template(
        "{spinner} {bar:40} {pos}/{len} rows, {elapsed} (eta {eta})",
    )?);
    let report = transfer::import(db, actor, &bytes, options, |done, total| {
        if done == 0 && total >= PROGRESS_FROM_ROWS {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })
    .await?;
    bar.finish_and_clear();
    if args.dry_run {
        let changes = [("create", &report.created), ("update", &report.updated)];
        for (action, list) in changes {
            for change in list {
                let date = change
                    .as_of
                    .map(|d| format!(" as of {d}"))
                    .unwrap_or_default();
                println!("line {}: {action} {}{date}", change.line, change.initiative);
            }
        }
    }
    println!("{path}: {report}");
    for error in &report.errors {
        println!("{error}");
    }
    if !report.errors.is_empty() {
        anyhow::bail!(
            "{} problem(s) in {path}: nothing was imported",
            report.errors.len()
        );
    }
    Ok(())
}

/// `jalons export updates|initiatives [--output FILE]`: the CSV the import reads.
async fn export(db: &app::store::Db, args: ExportArgs) -> anyhow::Result<()> {
    use app::store::read::Scope;
    use app::transfer;
    let csv = match args.what {
        ExportWhat::Updates => transfer::export_status_updates(db, Scope::Portfolio).await?,
        ExportWhat::Initiatives => transfer::export_initiatives(db, Scope::Portfolio).await?,
    };
    match &args.output {
        Some(path) => std::fs::write(path, &csv)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(&csv)?;
            out.flush()?;
        }
    }
    Ok(())
}

/// `jalons user …`: account changes from the command line, audited as made
/// by the system user who ran it, through `cli`.
async fn user(db: &app::store::Db, command: UserCommand) -> anyhow::Result<()> {
    use app::domain::{Email, Role};
    use app::store::accounts;
    let who = cli_user();
    let actor = app::store::Actor {
        who: &who,
        via: app::domain::Via::Cli,
    };
    let mut tx = db.begin().await?;
    match command {
        UserCommand::Add {
            email,
            name,
            role,
            password_stdin,
        } => {
            let email = Email::parse("email", &email)?;
            let role = Role::parse("role", &role)?;
            let (password, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                (line.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                (accounts::generate_password(), true)
            };
            let account =
                accounts::create_account(&mut tx, actor, &email, &name, role, &password).await?;
            tx.commit().await?;
            println!(
                "created {} ({}, {})",
                account.email, account.name, account.role
            );
            if generated {
                println!("password: {password}");
                println!("(shown once: pass it on securely)");
            }
        }
        UserCommand::SetRole { email, role } => {
            let account = accounts::set_role(
                &mut tx,
                actor,
                &Email::parse("email", &email)?,
                Role::parse("role", &role)?,
            )
            .await?;
            tx.commit().await?;
            println!("{} is now {}", account.email, account.role);
        }
        UserCommand::Disable { email } => {
            let account =
                accounts::set_disabled(&mut tx, actor, &Email::parse("email", &email)?, true)
                    .await?;
            tx.commit().await?;
            println!("{} is disabled", account.email);
        }
    }
    Ok(())
}

/// `jalons token …`: bearer tokens for other systems, audited like `user`.
async fn token(db: &app::store::Db, command: TokenCommand) -> anyhow::Result<()> {
    use app::store::accounts;
    let who = cli_user();
    let actor = app::store::Actor {
        who: &who,
        via: app::domain::Via::Cli,
    };
    match command {
        TokenCommand::Create { email, label } => {
            let mut tx = db.begin().await?;
            let email = app::domain::Email::parse("email", &email)?;
            let (token, listed) = accounts::create_token(&mut tx, actor, &email, &label).await?;
            tx.commit().await?;
            println!("token {} for {}: {token}", listed.id, listed.account);
            println!("(shown once: it is stored only as a digest)");
        }
        TokenCommand::List => {
            for t in accounts::tokens(db).await? {
                let state = t.revoked_at.map_or("active".to_owned(), |at| {
                    format!("revoked {}", at.format("%F"))
                });
                println!(
                    "{:>4}  {:<40} {:<10} {}  {}",
                    t.id,
                    t.account,
                    state,
                    t.created_at.format("%F"),
                    t.label
                );
            }
        }
        TokenCommand::Revoke { id } => {
            let mut tx = db.begin().await?;
            accounts::revoke_token(&mut tx, actor, id).await?;
            tx.commit().await?;
            println!("token {id} revoked");
        }
    }
    Ok(())
}

/// The system user running a command, for the audit log.
fn cli_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "cli".to_owned())
}
