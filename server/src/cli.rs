//! The command line: subcommands, flags and their environment fallbacks.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;

/// Jalons: progress tracking for government IT and digital-transformation
/// initiatives.
#[derive(Debug, Parser)]
#[command(
    name = "jalons",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
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
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "JALONS_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
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
    fn a_bad_address_is_refused_naming_the_flag() {
        let err = Cli::try_parse_from(["jalons", "serve", "--addr", "not-an-address"]).unwrap_err();
        assert!(err.to_string().contains("--addr"), "{err}");
    }
}
