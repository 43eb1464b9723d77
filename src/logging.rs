//! Turning on the SDK's log output the way Python's `ANTHROPIC_LOG` does.
//!
//! The SDK emits `tracing` events under the target `anthropic`: at `info`, one line per
//! HTTP attempt (`HTTP Request: POST https://… "HTTP/1.1 200 OK"`) and one per retry
//! (`Retrying request to /v1/messages in 0.500000 seconds`); at `debug`, also the request
//! options and body, the response headers, the request id and each retry decision.
//! Credentials are never logged: auth headers are redacted wherever headers are printed.
//!
//! Any `tracing` subscriber sees these events. [`init_from_env`] installs a minimal one
//! that prints exactly what `ANTHROPIC_LOG=info` or `ANTHROPIC_LOG=debug` would show to
//! stderr.

use tracing::Level;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::prelude::*;

/// Installs a stderr logger for the SDK's events if `ANTHROPIC_LOG` is `info` or `debug`
/// (lowercase, as in Python). Returns whether a logger was installed; does nothing when the
/// variable is unset or has another value, or when a global subscriber is already set.
pub fn init_from_env() -> bool {
    let level = match std::env::var("ANTHROPIC_LOG").as_deref() {
        Ok("debug") => Level::DEBUG,
        Ok("info") => Level::INFO,
        _ => return false,
    };
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_target(true)
        .with_filter(Targets::new().with_target("anthropic", level));
    tracing_subscriber::registry()
        .with(layer)
        .try_init()
        .is_ok()
}
