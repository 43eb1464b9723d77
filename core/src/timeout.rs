//! Timeouts, and the guard that refuses non-streaming requests too long to finish in time.
//!
//! A [`Timeout`] has the parts Python's httpx timeout has that a driver can enforce:
//! `connect` (establishing the connection, TLS included), `read` and `write` (each single
//! socket read or write: inactivity, not the length of the whole response, so a stream may
//! run for an hour as long as bytes keep arriving). On top of Python's model it has an
//! optional `total`: a deadline across every attempt of one call, retries and their sleeps
//! included.
//!
//! A per-request timeout replaces the client's as a whole, as in Python.
//!
//! # What the read timeout does not bound
//!
//! `read` limits each silence, not the response: a server (or a proxy) that sends one
//! byte just inside every read timeout keeps a call alive indefinitely. Python behaves
//! the same. Only [`Timeout::total`](field@Timeout::total) bounds that: set it when a call must end by a known
//! time.
//!
//! There is deliberately no default `total`, for streaming or non-streaming calls: a
//! request must behave as Python's does, and Python sets none. The API itself refuses
//! non-streaming work it expects to take over ten minutes ([`check_nonstreaming`]
//! refuses it even before sending), so a well-behaved server never needs one; a default
//! would instead cut short calls Python completes (three attempts of up to ten minutes,
//! a slow gateway, Bedrock or Vertex). The trickle is a hostile-server case, and the
//! deadline is one call away for a caller who needs that guarantee.

use std::time::Duration;

use crate::error::Error;

/// Timeouts for one call. `None` in a part means no limit for it.
///
/// `read` bounds each silence, not the whole response: a server that trickles one byte
/// per read timeout is bounded only by [`total`](field@Self::total), which is `None` by default
/// (as in Python; see the [module docs](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timeout {
    /// Limit on establishing a connection (TCP connect and TLS handshake).
    pub connect: Option<Duration>,
    /// Limit on each read from the socket: the longest silence tolerated from the server.
    /// A server that trickles bytes just inside it is not stopped by it: see `total`.
    pub read: Option<Duration>,
    /// Limit on each write to the socket.
    pub write: Option<Duration>,
    /// Deadline for the whole call, across all attempts and retry sleeps (and, for a
    /// stream, until its end). The only bound on a server that trickles bytes.
    pub total: Option<Duration>,
}

impl Timeout {
    /// The SDK default, as Python's `DEFAULT_TIMEOUT`: 5 s to connect, 600 s for each read
    /// and write, no overall deadline.
    pub const DEFAULT: Timeout = Timeout {
        connect: Some(Duration::from_secs(5)),
        read: Some(Duration::from_secs(600)),
        write: Some(Duration::from_secs(600)),
        total: None,
    };

    /// No limit at all (Python's `timeout=None`).
    pub const NONE: Timeout = Timeout {
        connect: None,
        read: None,
        write: None,
        total: None,
    };

    /// How long a request may wait for a connection under
    /// `TransportConfig::max_connections`: the read limit, as Python's pool timeout is its
    /// timeout value (600 s by default). A driver bounds it by the deadline too.
    pub const fn pool(&self) -> Option<Duration> {
        self.read
    }

    /// The same limit for connect, read and write (Python's `timeout=<number>`).
    pub const fn uniform(limit: Duration) -> Timeout {
        Timeout {
            connect: Some(limit),
            read: Some(limit),
            write: Some(limit),
            total: None,
        }
    }

    /// Sets the connect limit.
    pub const fn connect(mut self, limit: Duration) -> Timeout {
        self.connect = Some(limit);
        self
    }

    /// Sets the per-read limit.
    pub const fn read(mut self, limit: Duration) -> Timeout {
        self.read = Some(limit);
        self
    }

    /// Sets the per-write limit.
    pub const fn write(mut self, limit: Duration) -> Timeout {
        self.write = Some(limit);
        self
    }

    /// Sets a deadline across all attempts of a call.
    pub const fn total(mut self, limit: Duration) -> Timeout {
        self.total = Some(limit);
        self
    }
}

impl Default for Timeout {
    fn default() -> Self {
        Timeout::DEFAULT
    }
}

impl From<Duration> for Timeout {
    fn from(limit: Duration) -> Self {
        Timeout::uniform(limit)
    }
}

/// Formats seconds the way Python's `str()` does for the timeout headers: `600` for a
/// whole number, otherwise as `repr` writes the float (`30.5`, `1.2345678`, `1e-07`).
pub(crate) fn format_seconds(limit: Duration) -> String {
    if limit.subsec_nanos() == 0 {
        limit.as_secs().to_string()
    } else {
        crate::json::python_float(limit.as_secs_f64())
    }
}

/// Models whose non-streaming output is capped lower than the general guard allows
/// (Python's `MODEL_NONSTREAMING_TOKENS`; exact names, no prefix matching).
pub const MODEL_NONSTREAMING_TOKENS: &[(&str, u32)] = &[
    ("claude-opus-4-20250514", 8_192),
    ("claude-opus-4-0", 8_192),
    ("claude-4-opus-20250514", 8_192),
    ("anthropic.claude-opus-4-20250514-v1:0", 8_192),
    ("claude-opus-4@20250514", 8_192),
    ("claude-opus-4-1-20250805", 8_192),
    ("anthropic.claude-opus-4-1-20250805-v1:0", 8_192),
    ("claude-opus-4-1@20250805", 8_192),
];

/// The non-streaming long-request guard, as Python's `_calculate_nonstreaming_timeout`.
///
/// A response to `max_tokens` tokens is expected to take `3600 * max_tokens / 128000`
/// seconds; over ten minutes, or over the model's own non-streaming cap, the request is
/// refused with [`Error::StreamingRequired`] before anything is sent.
pub fn check_nonstreaming(model: &str, max_tokens: u32) -> Result<(), Error> {
    let expected_seconds = 3600.0 * f64::from(max_tokens) / 128_000.0;
    let model_cap = MODEL_NONSTREAMING_TOKENS
        .iter()
        .find(|(name, _)| *name == model)
        .map(|&(_, cap)| cap);
    if expected_seconds > 600.0 || model_cap.is_some_and(|cap| max_tokens > cap) {
        return Err(Error::StreamingRequired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_matches_python_bounds() {
        assert!(check_nonstreaming("claude-sonnet-4-5", 21_333).is_ok());
        assert!(matches!(
            check_nonstreaming("claude-sonnet-4-5", 21_334),
            Err(Error::StreamingRequired)
        ));
        assert!(check_nonstreaming("claude-opus-4-20250514", 8_192).is_ok());
        assert!(check_nonstreaming("claude-opus-4-20250514", 8_193).is_err());
        assert!(check_nonstreaming("claude-opus-4-1@20250805", 8_193).is_err());
        // The alias is not in the table: only the general bound applies.
        assert!(check_nonstreaming("claude-opus-4-1", 8_193).is_ok());
    }

    #[test]
    fn seconds_format_like_python_str() {
        assert_eq!(format_seconds(Duration::from_secs(600)), "600");
        assert_eq!(format_seconds(Duration::from_millis(30_500)), "30.5");
        assert_eq!(format_seconds(Duration::from_millis(250)), "0.25");
        // Python's str(): all the digits, scientific below 1e-4.
        assert_eq!(
            format_seconds(Duration::from_nanos(1_234_567_800)),
            "1.2345678"
        );
        assert_eq!(format_seconds(Duration::from_nanos(100_000)), "0.0001");
        assert_eq!(format_seconds(Duration::from_nanos(100)), "1e-07");
        assert_eq!(format_seconds(Duration::from_nanos(15_000)), "1.5e-05");
        assert_eq!(format_seconds(Duration::from_nanos(1)), "1e-09");
    }
}
