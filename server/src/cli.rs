//! The command line: subcommands, flags and their environment fallbacks.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Jalons: progress tracking for government IT and digital-transformation
/// initiatives.
#[derive(Debug, Parser)]
#[command(name = "jalons", version, about)]
pub struct Cli {
    /// Database to use: `sqlite:PATH` (created if missing) or `postgres://…`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/jalons.db",
        global = true,
        hide_env_values = true
    )]
    pub database_url: String,

    /// Log lines as human-readable text or as JSON objects.
    #[arg(long, env = "JALONS_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// Options of `serve`, accepted without the subcommand since it is the default.
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the site (the default): migrate the database, then listen.
    Serve(ServeArgs),
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// The demo dataset and synthetic portfolios.
    #[command(subcommand)]
    Demo(DemoCommand),
    /// Accounts: add one, change its role, disable it.
    #[command(subcommand)]
    User(UserCommand),
    /// Bearer tokens for other systems' use of the API.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Import status updates or initiatives from a CSV file (columns in
    /// docs/csv.md), all or nothing.
    Import(ImportArgs),
    /// Export status updates or initiatives as CSV, in the columns the import reads.
    Export(ExportArgs),
    /// Write a consistent copy of the whole database to a new file, while
    /// the server runs (SQLite: VACUUM INTO; PostgreSQL: pg_dump).
    Backup {
        /// The backup file to create; it must not exist.
        path: PathBuf,
    },
    /// Replace the whole database with a backup (stop the server first);
    /// the schema is then brought up to date.
    Restore {
        /// A file written by `jalons backup`.
        path: PathBuf,
    },
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The CSV file; its header tells whether it holds status updates or initiatives.
    pub file: PathBuf,
    /// Check the whole file, the database's rules included, and show what
    /// would change; store nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// What to export.
    #[arg(value_enum)]
    pub what: ExportWhat,
    /// Write the CSV to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportWhat {
    /// Every status update, corrections included.
    Updates,
    /// Every initiative, each after its parent.
    Initiatives,
}

#[derive(Debug, Clone, Subcommand)]
pub enum TokenCommand {
    /// Create a token acting as an account; prints it once.
    Create {
        #[arg(long)]
        email: String,
        /// What the token is for (the system that uses it).
        #[arg(long, default_value = "")]
        label: String,
    },
    /// List tokens (never the tokens themselves).
    List,
    /// Revoke a token by its number (see `list`).
    Revoke {
        #[arg(long)]
        id: i64,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum UserCommand {
    /// Create an account and print its generated password (or read one from
    /// standard input with --password-stdin).
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// administrator, editor or viewer.
        #[arg(long)]
        role: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Change what an account may do.
    SetRole {
        #[arg(long)]
        email: String,
        /// administrator, editor or viewer.
        #[arg(long)]
        role: String,
    },
    /// Disable an account: it can no longer sign in (its history stays).
    Disable {
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum DemoCommand {
    /// Load the demo dataset (from the CIO office's information-sharing
    /// reports and public facts) into a database that holds no initiative.
    Load,
    /// Generate a deterministic synthetic portfolio for scale work: weekly
    /// status updates, milestones and indicators, labelled synthetic.
    Generate {
        /// Initiatives in all (a programme for every 49 projects).
        #[arg(long, default_value_t = 5000)]
        initiatives: u32,
        /// Years of weekly updates, ending on 2026-01-04.
        #[arg(long, default_value_t = 10)]
        years: u32,
        /// Seed of the generator: the same seed gives the same portfolio.
        #[arg(long, default_value_t = 2015)]
        seed: u64,
    },
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "JALONS_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// Load the demo dataset first if the database holds no initiative yet.
    #[arg(long, env = "JALONS_DEMO_IF_EMPTY")]
    pub demo_if_empty: bool,

    /// Mark the session cookie Secure: set it whenever users reach the site
    /// over HTTPS (directly or through a reverse proxy).
    #[arg(long, env = "JALONS_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Length of a reporting period in months (6: semi-annual, from January
    /// and July); "this period" lists initiatives with no update since its start.
    #[arg(long, env = "JALONS_REPORTING_PERIOD_MONTHS", default_value_t = 6,
          value_parser = clap::value_parser!(u32).range(1..=12))]
    pub reporting_period_months: u32,

    /// Seconds a client may take to send a request's body (408 after).
    #[arg(long, env = "JALONS_BODY_TIMEOUT_SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub body_timeout_seconds: u64,

    /// Seconds a client may take to send a request's headers, or to start
    /// its next request on a kept-alive connection; the connection is
    /// closed after.
    #[arg(long, env = "JALONS_HEADER_TIMEOUT_SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout_seconds: u64,

    /// Requests worked on at once (answers from the render cache aside);
    /// beyond it a request is answered 503 at once instead of waiting.
    #[arg(long, env = "JALONS_MAX_IN_FLIGHT", default_value_t = app::state::DEFAULT_MAX_IN_FLIGHT as u64,
          value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_in_flight: u64,

    /// Requests per second one address may make to the API (answers the
    /// render cache holds do not count); 429 beyond it and its burst.
    #[arg(long, env = "JALONS_API_REQUESTS_PER_SECOND", default_value_t = 20,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub api_requests_per_second: u32,

    /// Requests one address may make to the API at once above that rate.
    #[arg(long, env = "JALONS_API_BURST", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub api_burst: u32,

    /// The server is reached through a reverse proxy that sets X-Real-IP to
    /// the client's address (nginx: proxy_set_header X-Real-IP $remote_addr).
    #[arg(long, env = "JALONS_BEHIND_PROXY")]
    pub behind_proxy: bool,

    /// The bearer token that opens GET /metrics (Prometheus); without it,
    /// /metrics answers 404.
    #[arg(long, env = "JALONS_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Cli {
    /// The subcommand to run, `serve` when none is given.
    pub fn command(&self) -> Command {
        match &self.command {
            Some(Command::Serve(args)) => Command::Serve(args.clone()),
            Some(Command::Migrate) => Command::Migrate,
            Some(Command::Demo(demo)) => Command::Demo(demo.clone()),
            Some(Command::User(user)) => Command::User(user.clone()),
            Some(Command::Token(token)) => Command::Token(token.clone()),
            Some(Command::Import(args)) => Command::Import(args.clone()),
            Some(Command::Export(args)) => Command::Export(args.clone()),
            Some(Command::Backup { path }) => Command::Backup { path: path.clone() },
            Some(Command::Restore { path }) => Command::Restore { path: path.clone() },
            None => Command::Serve(self.serve.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("jalons").chain(args.iter().copied())).unwrap()
    }

    #[test]
    fn serve_is_the_default_command() {
        let cli = parse(&["--addr", "127.0.0.1:4000"]);
        match cli.command() {
            Command::Serve(args) => assert_eq!(args.addr.port(), 4000),
            other => panic!("expected serve, got {other:?}"),
        }
    }

    #[test]
    fn flags_reach_the_subcommands() {
        let cli = parse(&["migrate", "--database-url", "postgres://db/jalons"]);
        assert!(matches!(cli.command(), Command::Migrate));
        assert_eq!(cli.database_url, "postgres://db/jalons");

        let cli = parse(&["serve", "--addr", "0.0.0.0:8080"]);
        match cli.command() {
            Command::Serve(args) => assert_eq!(args.addr.to_string(), "0.0.0.0:8080"),
            other => panic!("expected serve, got {other:?}"),
        }
    }

    #[test]
    fn demo_generate_takes_its_sizes() {
        let cli = parse(&[
            "demo",
            "generate",
            "--initiatives",
            "50",
            "--years",
            "2",
            "--seed",
            "7",
        ]);
        match cli.command() {
            Command::Demo(DemoCommand::Generate {
                initiatives,
                years,
                seed,
            }) => {
                assert_eq!((initiatives, years, seed), (50, 2, 7));
            }
            other => panic!("expected demo generate, got {other:?}"),
        }
        assert!(matches!(
            parse(&["demo", "load"]).command(),
            Command::Demo(DemoCommand::Load)
        ));
    }

    #[test]
    fn user_commands_take_their_flags() {
        let cli = parse(&[
            "user", "add", "--email", "a@b.ca", "--name", "A", "--role", "editor",
        ]);
        match cli.command() {
            Command::User(UserCommand::Add {
                email,
                name,
                role,
                password_stdin,
            }) => {
                assert_eq!(
                    (email.as_str(), name.as_str(), role.as_str(), password_stdin),
                    ("a@b.ca", "A", "editor", false)
                );
            }
            other => panic!("expected user add, got {other:?}"),
        }
        assert!(matches!(
            parse(&["user", "disable", "--email", "a@b.ca"]).command(),
            Command::User(UserCommand::Disable { .. })
        ));
        assert!(Cli::try_parse_from(["jalons", "user", "add", "--email", "a@b.ca"]).is_err());
        assert!(matches!(
            parse(&["token", "create", "--email", "a@b.ca"]).command(),
            Command::Token(TokenCommand::Create { .. })
        ));
        assert!(matches!(
            parse(&["token", "revoke", "--id", "3"]).command(),
            Command::Token(TokenCommand::Revoke { id: 3 })
        ));
    }

    #[test]
    fn import_and_export_take_a_file() {
        match parse(&["import", "batch.csv", "--dry-run"]).command() {
            Command::Import(args) => {
                assert_eq!(args.file, PathBuf::from("batch.csv"));
                assert!(args.dry_run);
            }
            other => panic!("expected import, got {other:?}"),
        }
        match parse(&["export", "updates", "--output", "out.csv"]).command() {
            Command::Export(args) => {
                assert_eq!(args.what, ExportWhat::Updates);
                assert_eq!(args.output, Some(PathBuf::from("out.csv")));
            }
            other => panic!("expected export, got {other:?}"),
        }
        assert!(Cli::try_parse_from(["jalons", "export", "milestones"]).is_err());
    }

    #[test]
    fn a_bad_address_is_refused_naming_the_flag() {
        let err = Cli::try_parse_from(["jalons", "serve", "--addr", "not-an-address"]).unwrap_err();
        assert!(err.to_string().contains("--addr"), "{err}");
    }
}
