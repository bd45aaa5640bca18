//! Structured logging: one line per event, text or JSON, filtered by `RUST_LOG`.
//!
//! Lines go to standard error (standard output is for what a command
//! prints: an export, a report), written by a thread of their own: a request
//! hands its line over and goes on, instead of waiting for the terminal or
//! the journal. The buffer holds 128,000 lines; beyond that, requests wait
//! for it rather than lose lines.

use crate::cli::LogFormat;
use std::io::IsTerminal;
use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

/// Installs the global subscriber. The default level shows one line per
/// request (method, path, status, latency) and the start-up lines. Keep the
/// guard until the end: dropping it writes out what is still buffered.
#[must_use = "dropping the guard stops the log's writer"]
pub fn init(format: LogFormat) -> WorkerGuard {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,leptos_i18n=warn"));
    let (writer, guard) = NonBlockingBuilder::default()
        .lossy(false)
        .thread_name("jalons-log")
        .finish(std::io::stderr());
    let registry = tracing_subscriber::registry().with(filter);
    match format {
        LogFormat::Text => registry
            .with(
                fmt::layer()
                    .compact()
                    // Colours for a terminal only, not escape codes in a file
                    // or the journal.
                    .with_ansi(std::io::stderr().is_terminal())
                    .with_writer(writer),
            )
            .init(),
        LogFormat::Json => registry
            .with(fmt::layer().json().flatten_event(true).with_writer(writer))
            .init(),
    }
    guard
}
