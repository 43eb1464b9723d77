//! The credential a fetching source holds between refreshes (a Google access token, AWS
//! keys from a credentials endpoint), and when to fetch a new one, with time passed in.
//!
//! A held value is handed out until `now` is within the source's margin of its expiry
//! (never refreshed when it has none). Every response taken is owed one hand-out even
//! when its value is already within the margin (a lifetime shorter than the margin) or
//! past its expiry: the poll after a fetch is answered with the value fetched, so a
//! driver's ask–fetch–ask loop always ends after one fetch, as Python's SDKs send the
//! credential their refresh returned. Responses and hand-outs are counted, not matched
//! to callers: when concurrent requests all refresh, each response lets one poll through
//! (a value held fresh answers everyone).

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// A held value with its expiry, and the hand-outs it still owes.
#[derive(Debug)]
pub(crate) struct Cache<T> {
    margin: Duration,
    state: Mutex<State<T>>,
}

#[derive(Debug)]
struct State<T> {
    /// The value and its expiry (`None`: never refreshed).
    held: Option<(T, Option<SystemTime>)>,
    /// Responses taken and not yet answered by a poll.
    unclaimed: usize,
}

impl<T: Clone> Cache<T> {
    /// An empty cache that refreshes `margin` before a value's expiry.
    pub(crate) fn new(margin: Duration) -> Self {
        Cache {
            margin,
            state: Mutex::new(State {
                held: None,
                unclaimed: 0,
            }),
        }
    }

    /// The value to use at `now`, or `None` when one must be fetched.
    pub(crate) fn take(&self, now: SystemTime) -> Option<T> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (value, expiry) = state.held.as_ref()?;
        let fresh = expiry.is_none_or(|expiry| now + self.margin < expiry);
        if !fresh && state.unclaimed == 0 {
            return None;
        }
        let value = value.clone();
        state.unclaimed = state.unclaimed.saturating_sub(1);
        Some(value)
    }

    /// Holds a fetched value; the next poll gets it whatever its expiry.
    pub(crate) fn hold(&self, value: T, expiry: Option<SystemTime>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.held = Some((value, expiry));
        state.unclaimed = state.unclaimed.saturating_add(1);
    }
}

/// The start of a credentials endpoint's answer, for an error message: the first 300
/// characters, lossily decoded.
pub(crate) fn excerpt(body: &[u8]) -> String {
    String::from_utf8_lossy(body).chars().take(300).collect()
}
