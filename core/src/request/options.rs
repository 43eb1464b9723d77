//! Per-request options, Python's `extra_headers`/`extra_query`/`extra_body`/`timeout` and
//! `with_options(max_retries=...)` for a single call.

use serde_json::{Map, Value};

use super::headers::HeaderOverrides;
use crate::timeout::Timeout;

/// Options for one call, layered over the client's configuration.
///
/// ```
/// use std::time::Duration;
/// use anthropic_core::RequestOptions;
///
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(20))
///     .max_retries(5)
///     .header("anthropic-beta", "my-beta")
///     .query("trace", "1")
///     .body_field("metadata", serde_json::json!({"user_id": "u-1"}));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestOptions {
    /// Replaces the client's timeout for this call (as a whole).
    pub timeout: Option<Timeout>,
    /// Replaces the client's retry budget for this call.
    pub max_retries: Option<u32>,
    /// Headers set or removed last, over the SDK's and the client's.
    pub headers: HeaderOverrides,
    /// Query parameters merged over the endpoint's own.
    pub query: Vec<(String, String)>,
    /// Top-level JSON body fields merged over the endpoint's body (ignored on GET).
    pub body: Map<String, Value>,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// Sets the timeout for this call: a `Duration` applies to connect, read and write.
    pub fn timeout(mut self, timeout: impl Into<Timeout>) -> Self {
        self.timeout = Some(timeout.into());
        self
    }

    /// Sets the number of retries for this call (0 disables retries).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// Sets a header, replacing the SDK's or the client's header of the same name.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.set(name, value);
        self
    }

    /// Removes a header the SDK or the client would send. Omitting `x-api-key` or
    /// `authorization` sends a request without credentials (for a proxy that adds them).
    pub fn omit_header(mut self, name: impl Into<String>) -> Self {
        self.headers.omit(name);
        self
    }

    /// Adds a query parameter.
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Adds a top-level body field (a JSON `null` is sent as `null`).
    pub fn body_field(mut self, key: impl Into<String>, value: Value) -> Self {
        self.body.insert(key.into(), value);
        self
    }
}
