//! `<PREFIX>_LOG=info|debug` turns on a readable log of one client's requests on stderr, with no
//! code. The logger is attached to that client's request futures, never installed globally: the
//! library owns no global state, and an application's own `tracing` subscriber, installed before
//! or after, keeps working (within this client's requests, the variable's logger takes precedence).

use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;

use super::error::Error;

/// A logger of this crate's events at the level `<prefix>_LOG` names, or `None` when it is unset.
pub(crate) fn dispatch_from_env(prefix: &str) -> Result<Option<tracing::Dispatch>, Error> {
    let variable = format!("{prefix}_LOG");
    let Ok(value) = std::env::var(&variable) else { return Ok(None) };
    let level = match value.trim().to_ascii_lowercase().as_str() {
        "" | "off" => return Ok(None),
        "error" => LevelFilter::ERROR,
        "warn" => LevelFilter::WARN,
        "info" => LevelFilter::INFO,
        "debug" => LevelFilter::DEBUG,
        "trace" => LevelFilter::TRACE,
        other => {
            let message = format!("{variable} must be one of off, error, warn, info, debug or trace, not `{other}`");
            return Err(Error::Config { message });
        }
    };
    let filter = Targets::new().with_target(env!("CARGO_CRATE_NAME"), level);
    let format = tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_target(false);
    Ok(Some(tracing::Dispatch::new(tracing_subscriber::registry().with(filter).with(format))))
}
