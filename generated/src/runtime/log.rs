//! `<PREFIX>_LOG=info|debug` turns on a readable log of this SDK's requests on stderr, with no code.

use std::sync::Once;

use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Installs a stderr logger for this crate's events if `<prefix>_LOG` names a level. Does nothing
/// when the variable is unset, or when the application has a `tracing` subscriber of its own.
pub(crate) fn init_from_env(prefix: &str) {
    static INIT: Once = Once::new();
    let Ok(value) = std::env::var(format!("{prefix}_LOG")) else { return };
    let level = match value.trim().to_ascii_lowercase().as_str() {
        "error" => LevelFilter::ERROR,
        "warn" => LevelFilter::WARN,
        "info" => LevelFilter::INFO,
        "debug" => LevelFilter::DEBUG,
        "trace" => LevelFilter::TRACE,
        _ => return,
    };
    INIT.call_once(|| {
        let filter = Targets::new().with_target(env!("CARGO_CRATE_NAME"), level);
        let format = tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_target(false);
        // An application that installed its own subscriber keeps it.
        let _ = tracing_subscriber::registry().with(filter).with(format).try_init();
    });
}
