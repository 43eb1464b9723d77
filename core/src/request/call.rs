//! A described API call: everything about one endpoint invocation that does not depend on
//! the client's configuration.

use std::marker::PhantomData;

use http::Method;
use serde::Serialize;
use serde_json::Value;

use crate::error::Error;
use crate::types::AnthropicBeta;

/// One endpoint invocation, typed by what its response decodes to.
///
/// Built by the functions in [`crate::endpoints`], the only place that knows paths,
/// methods and bodies; turned into bytes on the wire by [`crate::Exchange`].
#[derive(Debug, Clone)]
pub struct Call<T> {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) streaming: bool,
    pub(crate) nonstreaming_guard: Option<(String, u32)>,
    pub(crate) response_type: &'static str,
    _response: PhantomData<fn() -> T>,
}

impl<T> Call<T> {
    pub(crate) fn new(method: Method, path: String, response_type: &'static str) -> Self {
        Call {
            method,
            path,
            query: Vec::new(),
            body: None,
            headers: Vec::new(),
            streaming: false,
            nonstreaming_guard: None,
            response_type,
            _response: PhantomData,
        }
    }

    /// A call to a beta endpoint: `?beta=true` first in the query, always (Python loses it
    /// when other query parameters are present; we do not).
    pub(crate) fn beta(mut self, beta: bool) -> Self {
        if beta {
            self.query.insert(0, ("beta".to_owned(), "true".to_owned()));
        }
        self
    }

    /// Sends `anthropic-beta` with the betas joined by commas, keeping the first occurrence
    /// of each value.
    pub(crate) fn betas(mut self, betas: &[AnthropicBeta]) -> Self {
        if !betas.is_empty() {
            let mut seen: Vec<&str> = Vec::with_capacity(betas.len());
            for beta in betas {
                if !seen.contains(&beta.as_str()) {
                    seen.push(beta.as_str());
                }
            }
            self.headers.push(("anthropic-beta", seen.join(",")));
        }
        self
    }

    pub(crate) fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }

    /// Serializes the body once, straight to bytes (no intermediate `Value`).
    pub(crate) fn json_body(mut self, body: &impl Serialize) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::InvalidRequest(format!("could not serialize the body: {e}")))?;
        if bytes.first() != Some(&b'{') {
            return Err(Error::InvalidRequest(
                "the request body must be a JSON object".into(),
            ));
        }
        self.body = Some(bytes);
        Ok(self)
    }

    pub(crate) fn query_param(mut self, key: &str, value: Option<impl ToString>) -> Self {
        if let Some(value) = value {
            self.query.push((key.to_owned(), value.to_string()));
        }
        self
    }

    pub(crate) fn streaming(mut self, streaming: bool) -> Self {
        self.streaming = streaming;
        self
    }

    pub(crate) fn guard_nonstreaming(mut self, model: &str, max_tokens: u32) -> Self {
        self.nonstreaming_guard = Some((model.to_owned(), max_tokens));
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The endpoint path, percent-encoded, relative to the base URL (`/v1/messages`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The endpoint's own query parameters.
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The JSON body, if the endpoint sends one, as it will be sent.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The JSON body parsed, for inspection.
    pub fn body_json(&self) -> Option<Value> {
        self.body
            .as_deref()
            .and_then(|b| serde_json::from_slice(b).ok())
    }

    /// Whether the response is a server-sent event stream.
    pub fn is_streaming(&self) -> bool {
        self.streaming
    }

    /// The name of the type the response decodes to, for error messages.
    pub fn response_type(&self) -> &'static str {
        self.response_type
    }
}
