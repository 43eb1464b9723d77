//! Per-request options, Python's `extra_headers`/`extra_query`/`extra_body`/`timeout` and
//! `with_options(max_retries=...)` for a single call.

use serde_json::{Map, Value};

use super::headers::HeaderOverrides;
use crate::timeout::Timeout;

/// Options for one call, layered over the client's configuration.
///
/// Options combine by [`merge`](Self::merge), which is what a resource handle's
/// `with_options` does: `messages.with_options(a).with_options(b)` applies both, `b`
/// winning where both set the same thing.
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

    /// These options with `later`'s laid over them, `later` winning: its timeout and retry
    /// budget replace these if it sets them; headers, query parameters and body fields
    /// merge per name (headers in any letter case), `later`'s value replacing this one's,
    /// and an omitted header in one removes the other's header of that name. The rest of
    /// these options is kept.
    pub fn merge(mut self, later: RequestOptions) -> RequestOptions {
        if later.timeout.is_some() {
            self.timeout = later.timeout;
        }
        if later.max_retries.is_some() {
            self.max_retries = later.max_retries;
        }
        self.headers.extend(&later.headers);
        self.query
            .retain(|(key, _)| !later.query.iter().any(|(k, _)| k == key));
        self.query.extend(later.query);
        self.body.extend(later.body);
        self
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::json;

    use super::*;

    #[test]
    fn merge_lays_the_later_options_over_the_earlier() {
        let earlier = RequestOptions::new()
            .timeout(Duration::from_secs(10))
            .max_retries(1)
            .header("X-Kept", "a")
            .header("x-replaced", "a")
            .header("x-then-omitted", "a")
            .omit_header("x-then-set")
            .query("kept", "a")
            .query("replaced", "a")
            .body_field("kept", json!("a"))
            .body_field("replaced", json!("a"));
        let later = RequestOptions::new()
            .max_retries(4)
            .header("X-Replaced", "b")
            .omit_header("X-Then-Omitted")
            .header("x-then-set", "b")
            .query("replaced", "b")
            .query("new", "b")
            .body_field("replaced", json!("b"))
            .body_field("new", json!(null));
        let merged = earlier.merge(later);

        assert_eq!(
            merged.timeout,
            Some(Timeout::uniform(Duration::from_secs(10)))
        );
        assert_eq!(merged.max_retries, Some(4));
        let headers = &merged.headers;
        assert_eq!(headers.get("x-kept"), Some(Some("a")));
        assert_eq!(headers.get("x-replaced"), Some(Some("b")));
        assert_eq!(headers.get("x-then-omitted"), Some(None));
        assert_eq!(headers.get("x-then-set"), Some(Some("b")));
        assert_eq!(
            merged.query,
            [("kept", "a"), ("replaced", "b"), ("new", "b")]
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
        assert_eq!(
            Value::Object(merged.body),
            json!({"kept": "a", "replaced": "b", "new": null})
        );
    }

    #[test]
    fn merging_empty_options_changes_nothing_either_way() {
        let options = RequestOptions::new()
            .timeout(Duration::from_secs(3))
            .max_retries(0)
            .header("x-a", "1")
            .omit_header("x-b")
            .query("q", "1")
            .body_field("f", json!(1));
        assert_eq!(options.clone().merge(RequestOptions::new()), options);
        assert_eq!(RequestOptions::new().merge(options.clone()), options);
    }

    #[test]
    fn a_later_timeout_replaces_the_earlier_as_a_whole() {
        let merged = RequestOptions::new()
            .timeout(Timeout::uniform(Duration::from_secs(9)).total(Duration::from_secs(60)))
            .merge(RequestOptions::new().timeout(Duration::from_secs(2)));
        assert_eq!(
            merged.timeout,
            Some(Timeout::uniform(Duration::from_secs(2)))
        );
    }
}
