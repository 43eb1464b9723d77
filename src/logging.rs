//! Turning on the SDK's log output the way Python's `ANTHROPIC_LOG` does.
//!
//! The SDK emits `tracing` events under the target `anthropic`: at `info`, one line per
//! HTTP attempt (`HTTP Request: POST https://… "HTTP/1.1 200 OK"`) and one per retry
//! (`Retrying request to /v1/messages in 0.500000 seconds`); at `debug`, also the request
//! options and body, the response headers, the request id and each retry decision.
//! Credentials are never logged: auth headers are redacted wherever headers are printed.
//!
//! Nothing needs calling: when a client is built and `ANTHROPIC_LOG` is `info` or `debug`,
//! the SDK installs a minimal stderr logger ([`anthropic_core::logging::Logger`]) as the
//! global `tracing` subscriber, unless the application has set one already; a subscriber
//! of the application's own sees the same events and is never replaced. Set yours
//! *before* building a client. [`init_from_env`] does the same installation earlier, at a
//! moment of your choice.

pub use anthropic_core::logging::{Logger, TARGET, level_from_env_value};

/// Installs the stderr logger now if `ANTHROPIC_LOG` is `info` or `debug` (lowercase, as
/// in Python) and no global `tracing` subscriber is set. Returns whether it was installed.
/// Building a client does this by itself; call it only to log before that.
pub fn init_from_env() -> bool {
    let value = std::env::var("ANTHROPIC_LOG").ok();
    anthropic_core::logging::init_from_env_value(value.as_deref(), |line| eprintln!("{line}"))
}
