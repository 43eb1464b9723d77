//! Connection pool policy: which idle keep-alive connection to reuse, and when to close
//! one. Pure bookkeeping: the pool never touches a socket, it only holds the driver's
//! connection handles (`C`) and is told the time.
//!
//! ```text
//!   driver ──checkout(key, now)──▶ Some(conn)  reused: most recently returned first
//!                                  None        connect a fresh one
//!   driver ──checkin(key, conn, now)──▶ None        kept (idle since `now`)
//!                                       Some(old)   not kept: close `old`
//!   timer  ──next_expiry()──▶ Some(t) ── at t: poll_expired(t) ──▶ connections to close
//! ```
//!
//! # Rules
//!
//! - Keyed by [`PoolKey`]: scheme, host, port and proxy. A connection is only reused for
//!   the same key.
//! - Reuse order is LIFO: the connection returned last is the one most likely still open
//!   on the server side, and the others can expire.
//! - A connection idle for `idle_timeout` (default 5 s, as the Python SDK) or longer is
//!   expired. [`Pool::checkout`] drops expired connections of the key it looks at
//!   (dropping a socket closes it); [`Pool::poll_expired`] hands all expired
//!   connections back so the driver can close them gracefully (TLS `close_notify`).
//!   [`Pool::next_expiry`] says when to call it, as quinn's `poll_timeout`.
//! - [`Pool::checkin`] keeps at most `max_idle_per_host` connections per key and
//!   `max_idle_total` in all (defaults 100 and 100). When full, the connection idle the
//!   longest is evicted and handed back to be closed.
//! - Only check in a connection whose response reader said
//!   [`is_reusable`](super::ResponseReader::is_reusable) with nothing left unread.
//!
//! # Stale connections
//!
//! A server may close an idle connection at any time (often just before our
//! `idle_timeout`). The driver checks a pooled connection before reusing it (nothing may
//! be waiting on it, not even an EOF), which catches a close that has arrived. One still
//! in flight shows when the connection is used: the write fails, or the read returns EOF
//! ([`EofAt::BeforeResponse`](super::EofAt::BeforeResponse)) or a reset before any
//! response byte. A connection that came from [`Pool::checkout`] is a *reused* one. When
//! a request on a reused connection met a reset or a broken pipe before any byte of the
//! response arrived ([`ResponseReader::received_any`](super::ResponseReader::received_any)
//! is `false`) and within [`STALE_WINDOW`] of writing it (an answer to the write), the
//! server's socket was closed with the request unread, so the driver sends it again once
//! on a fresh connection, without counting a retry.
//!
//! Every other failure goes to the retry policy (`Exchange::handle_error`) as usual,
//! counted, and with retries disabled it is the call's error, as in Python (httpcore
//! never sends a request twice on its own). That includes a clean EOF before the
//! response: the server may have read the request, even acted on it, and closed without
//! answering, and sending it again unasked could run a billed generation twice. So does a
//! reset that comes later than the window (a load balancer cutting a long call). It also
//! includes a failure on a fresh connection, after response bytes arrived, and on a
//! multipart body whose reader was read (it cannot be sent again).
//! [`should_retry_on_fresh`] encodes that rule.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use http::Uri;
use http::uri::Scheme;

use super::error::H1Error;
use crate::error::ConnectionError;
use crate::multipart::Form;
use crate::time::Timestamp;
use crate::transport::TransportConfig;

/// What a pooled connection leads to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PoolKey {
    /// Whether the connection speaks TLS to the origin (`https`).
    pub https: bool,
    /// The origin host, lowercase.
    pub host: String,
    /// The origin port.
    pub port: u16,
    /// The proxy the connection goes through, if any (its URL as configured).
    pub proxy: Option<String>,
}

impl PoolKey {
    /// The key for requests to `uri`'s origin (port defaulted from the scheme), through
    /// `proxy` if any.
    pub fn from_uri(uri: &Uri, proxy: Option<&str>) -> Result<PoolKey, H1Error> {
        let https = match uri.scheme() {
            Some(s) if *s == Scheme::HTTPS => true,
            Some(s) if *s == Scheme::HTTP => false,
            _ => return Err(H1Error::UnsupportedScheme),
        };
        let host = uri.host().ok_or(H1Error::MissingAuthority)?;
        Ok(PoolKey {
            https,
            host: host.to_ascii_lowercase(),
            port: uri.port_u16().unwrap_or(if https { 443 } else { 80 }),
            proxy: proxy.map(str::to_owned),
        })
    }
}

/// Limits of a [`Pool`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolConfig {
    /// Most idle connections kept per key. Default 100.
    pub max_idle_per_host: usize,
    /// Most idle connections kept in all. Default 100 (the Python SDK's keep-alive limit).
    pub max_idle_total: usize,
    /// How long a connection may stay idle. Default 5 s (the Python SDK's expiry).
    pub idle_timeout: Duration,
}

impl Default for PoolConfig {
    fn default() -> Self {
        PoolConfig {
            max_idle_per_host: 100,
            max_idle_total: 100,
            idle_timeout: Duration::from_secs(5),
        }
    }
}

impl From<&TransportConfig> for PoolConfig {
    fn from(t: &TransportConfig) -> Self {
        PoolConfig {
            max_idle_per_host: t.max_idle_connections_per_host,
            max_idle_total: t.max_idle_connections,
            idle_timeout: t.idle_timeout,
        }
    }
}

#[derive(Debug)]
struct Idle<C> {
    conn: C,
    since: Timestamp,
}

/// Idle keep-alive connections, by key. See the module docs.
#[derive(Debug)]
pub struct Pool<C> {
    config: PoolConfig,
    /// Per key, oldest first (front) to most recently returned (back).
    idle: HashMap<PoolKey, VecDeque<Idle<C>>>,
    total: usize,
}

impl<C> Default for Pool<C> {
    fn default() -> Self {
        Pool::new(PoolConfig::default())
    }
}

impl<C> Pool<C> {
    /// An empty pool with these limits.
    pub fn new(config: PoolConfig) -> Self {
        Pool {
            config,
            idle: HashMap::new(),
            total: 0,
        }
    }

    /// The limits.
    pub fn config(&self) -> &PoolConfig {
        &self.config
    }

    /// Idle connections held, in all.
    pub fn idle_count(&self) -> usize {
        self.total
    }

    /// Idle connections held for `key`.
    pub fn idle_count_for(&self, key: &PoolKey) -> usize {
        self.idle.get(key).map_or(0, VecDeque::len)
    }

    fn expires_at(&self, since: Timestamp) -> Option<Timestamp> {
        since.checked_add(self.config.idle_timeout)
    }

    /// An idle connection for `key`, the most recently returned first; `None` means
    /// connect a fresh one. A connection returned here is *reused*: see the module docs
    /// on stale connections. Expired connections of `key` are dropped on the way.
    pub fn checkout(&mut self, key: &PoolKey, now: Timestamp) -> Option<C> {
        let timeout = self.config.idle_timeout;
        let list = self.idle.get_mut(key)?;
        let before = list.len();
        list.retain(|i| !expired(i.since, timeout, now));
        let found = list.pop_back();
        let after = list.len();
        if list.is_empty() {
            self.idle.remove(key);
        }
        self.total -= before - after;
        found.map(|i| i.conn)
    }

    /// Returns a connection to the pool, idle from `now`. Returns the connection the
    /// pool did not keep, if any, for the driver to close: the oldest idle one of `key`
    /// or of the whole pool when a limit is reached, or `conn` itself when a limit is 0.
    pub fn checkin(&mut self, key: PoolKey, conn: C, now: Timestamp) -> Option<C> {
        if self.config.max_idle_per_host == 0 || self.config.max_idle_total == 0 {
            return Some(conn);
        }
        let mut evicted = None;
        let list = self.idle.entry(key.clone()).or_default();
        if list.len() >= self.config.max_idle_per_host {
            evicted = list.pop_front().map(|i| i.conn);
            self.total -= 1;
        }
        list.push_back(Idle { conn, since: now });
        self.total += 1;
        if evicted.is_none() && self.total > self.config.max_idle_total {
            evicted = self.evict_oldest();
        }
        evicted
    }

    fn evict_oldest(&mut self) -> Option<C> {
        let key = self
            .idle
            .iter()
            .filter_map(|(k, list)| list.front().map(|i| (i.since, k)))
            .min_by_key(|(since, _)| *since)
            .map(|(_, k)| k.clone())?;
        let list = self.idle.get_mut(&key)?;
        let oldest = list.pop_front();
        if list.is_empty() {
            self.idle.remove(&key);
        }
        if oldest.is_some() {
            self.total -= 1;
        }
        oldest.map(|i| i.conn)
    }

    /// Removes and returns every connection expired at `now`, for the driver to close.
    pub fn poll_expired(&mut self, now: Timestamp) -> Vec<C> {
        let mut out = Vec::new();
        let timeout = self.config.idle_timeout;
        self.idle.retain(|_, list| {
            while list.front().is_some_and(|i| expired(i.since, timeout, now)) {
                if let Some(i) = list.pop_front() {
                    out.push(i.conn);
                }
            }
            !list.is_empty()
        });
        self.total -= out.len();
        out
    }

    /// When the next idle connection expires (call [`poll_expired`](Self::poll_expired)
    /// then), or `None` if nothing can expire.
    pub fn next_expiry(&self) -> Option<Timestamp> {
        self.idle
            .values()
            .filter_map(|list| list.front())
            .filter_map(|i| self.expires_at(i.since))
            .min()
    }

    /// Removes and returns every idle connection (on client shutdown).
    pub fn drain(&mut self) -> Vec<C> {
        self.total = 0;
        self.idle
            .drain()
            .flat_map(|(_, list)| list.into_iter().map(|i| i.conn))
            .collect()
    }
}

/// Idle since `since`, expired at `now`? (Never, if `since + timeout` overflows.)
fn expired(since: Timestamp, timeout: Duration, now: Timestamp) -> bool {
    since.checked_add(timeout).is_some_and(|at| now >= at)
}

/// How soon after its request was written a pooled connection's refusal still reads as
/// the close of an idle connection crossing the request (an answer to the write, a round
/// trip later) rather than a reset after the server, or a middlebox, took the request.
pub const STALE_WINDOW: Duration = Duration::from_secs(1);

/// Whether a request that failed should be sent once more on a fresh connection instead
/// of going to the retry policy: it was on a `reused` pooled connection, no byte of the
/// response had arrived (`received_any` false), the peer refused its bytes
/// ([`ConnectionError::peer_refused`]: a reset or a broken pipe) within [`STALE_WINDOW`]
/// of the request being written (`waited`; zero when writing failed), and its body can
/// be sent again (a multipart `form` whose reader was read cannot: [`Form::can_resend`]).
/// See the module docs.
pub fn should_retry_on_fresh(
    reused: bool,
    received_any: bool,
    error: &ConnectionError,
    waited: Duration,
    form: Option<&Form>,
) -> bool {
    reused
        && !received_any
        && waited <= STALE_WINDOW
        && error.peer_refused()
        && form.is_none_or(Form::can_resend)
}
