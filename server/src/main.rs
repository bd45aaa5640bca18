//! `jalons`: serve the site (the default) or run a maintenance task.

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use jalons_server::cli::{Cli, Command, DemoCommand, TokenCommand, UserCommand};
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
            let demo_administrator = if args.demo_if_empty {
                jalons_server::ensure_demo_administrator(&db).await?
            } else {
                None
            };
            let mut state = app::state::AppState::new(leptos_options(args.addr)?, db.clone());
            state.settings.secure_cookies = args.secure_cookies;
            state.settings.reporting_period_months = args.reporting_period_months;
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
