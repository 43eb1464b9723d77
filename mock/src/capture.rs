//! Captured requests: what the server received, kept for assertions.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::Value;

/// One request as the server received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapturedRequest {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The request target as sent, query string included (`/v1/models?limit=2`).
    pub path: String,
    /// The HTTP version from the request line, e.g. `HTTP/1.1`.
    pub version: String,
    /// Header fields in the order and letter case they were sent.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked if it was sent with chunked transfer coding.
    pub body: Vec<u8>,
    /// The `request-id` the server answered this request with (`req_mock_<n>`).
    pub request_id: String,
    /// The index (0-based) of the connection it arrived on, in accept order.
    pub connection: usize,
}

impl CapturedRequest {
    /// The first value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a header, matched case-insensitively, in order.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The path without its query string.
    pub fn path_only(&self) -> &str {
        self.path.split('?').next().unwrap_or("")
    }

    /// The (percent-decoded) value of a query parameter, if present.
    pub fn query(&self, name: &str) -> Option<String> {
        query_param(&self.path, name)
    }

    /// The body parsed as JSON, or `Value::Null` if it is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// The body as (lossy) UTF-8 text.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The value of query parameter `name` in a request target, percent-decoded (`+` is a space).
pub(crate) fn query_param(target: &str, name: &str) -> Option<String> {
    let query = target.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (percent_decode(k) == name).then(|| percent_decode(v))
    })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The shared list of captured requests, with a condition variable for waiters.
#[derive(Debug, Default)]
pub(crate) struct Capture {
    requests: Mutex<Vec<CapturedRequest>>,
    /// Requests ever seen (not reset by `take`/`clear`).
    total: Mutex<usize>,
    changed: Condvar,
}

impl Capture {
    fn lock(&self) -> MutexGuard<'_, Vec<CapturedRequest>> {
        self.requests.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn push(&self, request: Option<CapturedRequest>) {
        if let Some(request) = request {
            self.lock().push(request);
        }
        *self.total.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.changed.notify_all();
    }

    pub(crate) fn snapshot(&self) -> Vec<CapturedRequest> {
        self.lock().clone()
    }

    pub(crate) fn take(&self) -> Vec<CapturedRequest> {
        std::mem::take(&mut *self.lock())
    }

    pub(crate) fn total(&self) -> usize {
        *self.total.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Blocks until at least `n` requests were ever received, or `timeout` passes.
    pub(crate) fn wait_for(&self, n: usize, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut total = self.total.lock().unwrap_or_else(|e| e.into_inner());
        while *total < n {
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            total = self
                .changed
                .wait_timeout(total, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_params() {
        assert_eq!(
            query_param("/v1/models?limit=2&after_id=a%2Db", "after_id").as_deref(),
            Some("a-b")
        );
        assert_eq!(query_param("/v1/models?limit=2", "x"), None);
        assert_eq!(query_param("/x?a=%zz%", "a").as_deref(), Some("%zz%"));
    }
}
