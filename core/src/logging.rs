//! The SDK's own log output, so that `ANTHROPIC_LOG=info` or `ANTHROPIC_LOG=debug` works
//! by itself, as it does in Python.
//!
//! The SDK emits `tracing` events under the target `anthropic`. An application that has
//! set a `tracing` subscriber of its own sees them there, and nothing here ever replaces
//! it. An application that has set none gets [`Logger`]: when a client is built and
//! `ANTHROPIC_LOG` names a level, the runtime crates call [`init_from_env_value`], which
//! installs it as the global default if (and only if) no global subscriber is set yet.
//!
//! The logger formats each event of the SDK's target as one line and hands it to a sink
//! the caller chooses (the runtimes pass one that writes to stderr), so this module does
//! no I/O and reads no environment: the value of the variable comes in as an argument.
//! Lines have no timestamp (the core reads no clock); credentials never appear, because the
//! events themselves redact them.
//!
//! One consequence to know: with `ANTHROPIC_LOG` set, a global subscriber the application
//! installs *after* building its first client finds the SDK's already in place (and
//! `set_global_default` fails). Install yours before building a client, or leave
//! `ANTHROPIC_LOG` unset.

use std::fmt::{self, Write as _};

use tracing::field::{Field, Visit};
use tracing::level_filters::LevelFilter;
use tracing::subscriber::{Interest, Subscriber};
use tracing::{Dispatch, Event, Level, Metadata, span};

/// The target every event of the SDK is emitted under.
pub const TARGET: &str = "anthropic";

/// The level `ANTHROPIC_LOG` asks for: `info` or `debug` (lowercase, as in Python), or
/// `None` for any other value.
pub fn level_from_env_value(value: &str) -> Option<Level> {
    match value {
        "debug" => Some(Level::DEBUG),
        "info" => Some(Level::INFO),
        _ => None,
    }
}

/// Installs a [`Logger`] writing to `sink` as the global `tracing` subscriber, if
/// `anthropic_log` (the value of `ANTHROPIC_LOG`, if set) names a level and no global
/// subscriber has been set. Returns whether it was installed; never replaces a subscriber
/// and never fails (a race with another installer is lost quietly).
pub fn init_from_env_value(anthropic_log: Option<&str>, sink: fn(&str)) -> bool {
    let Some(level) = anthropic_log.and_then(level_from_env_value) else {
        return false;
    };
    if tracing::dispatcher::has_been_set() {
        return false;
    }
    tracing::dispatcher::set_global_default(Dispatch::new(Logger::new(level, sink))).is_ok()
}

/// A minimal `tracing` subscriber: the SDK's events up to `level`, one line each, handed
/// to a sink. Lines read `[anthropic - INFO] HTTP Request: POST https://… "HTTP/1.1 200 OK"`.
#[derive(Debug, Clone, Copy)]
pub struct Logger {
    level: Level,
    sink: fn(&str),
}

impl Logger {
    /// A logger of the SDK's events at `level` and more severe ones.
    pub fn new(level: Level, sink: fn(&str)) -> Logger {
        Logger { level, sink }
    }

    fn wants(&self, metadata: &Metadata<'_>) -> bool {
        let target = metadata.target();
        let ours = target == TARGET
            || target.starts_with("anthropic::")
            || target.starts_with("anthropic_");
        ours && *metadata.level() <= self.level
    }

    /// The line an event is printed as.
    pub fn format(event: &Event<'_>) -> String {
        let mut line = format!("[{TARGET} - {}] ", event.metadata().level());
        let mut visitor = LineWriter {
            line: &mut line,
            fields: 0,
        };
        event.record(&mut visitor);
        line
    }
}

struct LineWriter<'a> {
    line: &'a mut String,
    fields: usize,
}

impl Visit for LineWriter<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.line, "{value:?}");
        } else {
            let separator = if self.fields == 0 && self.line.ends_with("] ") {
                ""
            } else {
                " "
            };
            let _ = write!(self.line, "{separator}{}={value:?}", field.name());
        }
        self.fields += 1;
    }
}

impl Subscriber for Logger {
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        if self.wants(metadata) {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        self.wants(metadata)
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(LevelFilter::from_level(self.level))
    }

    fn new_span(&self, _: &span::Attributes<'_>) -> span::Id {
        // The SDK opens no spans; any that reach here are not tracked.
        span::Id::from_u64(1)
    }

    fn record(&self, _: &span::Id, _: &span::Record<'_>) {}

    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}

    fn event(&self, event: &Event<'_>) {
        (self.sink)(&Logger::format(event));
    }

    fn enter(&self, _: &span::Id) {}

    fn exit(&self, _: &span::Id) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

    fn collect(line: &str) {
        LINES.lock().unwrap().push(line.to_owned());
    }

    #[test]
    fn levels_are_pythons_lowercase_names() {
        assert_eq!(level_from_env_value("debug"), Some(Level::DEBUG));
        assert_eq!(level_from_env_value("info"), Some(Level::INFO));
        assert_eq!(level_from_env_value("DEBUG"), None);
        assert_eq!(level_from_env_value("warn"), None);
        assert_eq!(level_from_env_value(""), None);
    }

    #[test]
    fn formats_the_sdks_events_up_to_the_level_and_nothing_else() {
        let logger = Logger::new(Level::INFO, collect);
        tracing::subscriber::with_default(logger, || {
            tracing::info!(target: "anthropic", "HTTP Request: {} {}", "POST", "https://x/v1/messages");
            tracing::debug!(target: "anthropic", "not at info");
            tracing::info!(target: "someone_else", "not ours");
            tracing::warn!(target: "anthropic", retries = 2, "careful");
        });
        let lines = LINES.lock().unwrap().clone();
        assert_eq!(
            lines,
            [
                "[anthropic - INFO] HTTP Request: POST https://x/v1/messages",
                "[anthropic - WARN] careful retries=2",
            ]
        );
    }

    #[test]
    fn an_unknown_value_installs_nothing() {
        assert!(!init_from_env_value(None, collect));
        assert!(!init_from_env_value(Some("verbose"), collect));
    }
}
