//! A described API call: everything about one endpoint invocation that does not depend on
//! the client's configuration.
//!
//! The functions of [`crate::endpoints`] build every call the SDK wraps. The builder is
//! public so that a caller can describe an endpoint the SDK does not wrap (Python's
//! `client.get/post/...`) and run it through a client with the SDK's auth, headers,
//! retries, timeouts and error mapping:
//!
//! ```
//! use anthropic_core::{Call, Method};
//! use serde_json::Value;
//!
//! let call: Call<Value> = Call::new(Method::POST, "/v1/messages/count_tokens", "Value")
//!     .betas(&["token-counting-2024-11-01".into()])
//!     .json_body(&serde_json::json!({"model": "claude-sonnet-4-5", "messages": []}))?;
//! assert_eq!(call.path(), "/v1/messages/count_tokens");
//! # Ok::<(), anthropic_core::Error>(())
//! ```

use std::marker::PhantomData;

use http::Method;
use serde::Serialize;
use serde_json::Value;

use crate::error::Error;
use crate::multipart::Form;
use crate::timeout::Timeout;
use crate::types::AnthropicBeta;

/// One endpoint invocation, typed by what its response decodes to.
///
/// Built by the functions in [`crate::endpoints`] (or by hand for a custom request);
/// turned into bytes on the wire by [`crate::Exchange`]. A path that is an absolute URL
/// (`https://...`) is used as is, ignoring the client's base URL; any other path is
/// appended to the base URL.
pub struct Call<T> {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    /// A page cursor: set last, over the options' query too.
    pub(crate) cursor: Option<(String, String)>,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) form: Option<Form>,
    pub(crate) content_type: Option<String>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) streaming: bool,
    pub(crate) nonstreaming_guard: Option<(String, u32)>,
    pub(crate) default_timeout: Option<Timeout>,
    pub(crate) response_type: &'static str,
    _response: PhantomData<fn() -> T>,
}

impl<T> Clone for Call<T> {
    fn clone(&self) -> Self {
        Call {
            method: self.method.clone(),
            path: self.path.clone(),
            query: self.query.clone(),
            cursor: self.cursor.clone(),
            body: self.body.clone(),
            form: self.form.clone(),
            content_type: self.content_type.clone(),
            headers: self.headers.clone(),
            streaming: self.streaming,
            nonstreaming_guard: self.nonstreaming_guard.clone(),
            default_timeout: self.default_timeout,
            response_type: self.response_type,
            _response: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .field("headers", &self.headers)
            .field("streaming", &self.streaming)
            .field("response_type", &self.response_type)
            .finish_non_exhaustive()
    }
}

impl<T> Call<T> {
    /// A call of `method` on `path` (relative to the base URL, or an absolute URL), whose
    /// response decodes to `T`; `response_type` names `T` in decode errors.
    pub fn new(method: Method, path: impl Into<String>, response_type: &'static str) -> Self {
        Call {
            method,
            path: path.into(),
            query: Vec::new(),
            cursor: None,
            body: None,
            form: None,
            content_type: None,
            headers: Vec::new(),
            streaming: false,
            nonstreaming_guard: None,
            default_timeout: None,
            response_type,
            _response: PhantomData,
        }
    }

    /// The same request, decoded as another type (for a raw or streamed reading of an
    /// endpoint that normally decodes to `T`).
    pub fn decoding<U>(self, response_type: &'static str) -> Call<U> {
        Call {
            method: self.method,
            path: self.path,
            query: self.query,
            cursor: self.cursor,
            body: self.body,
            form: self.form,
            content_type: self.content_type,
            headers: self.headers,
            streaming: self.streaming,
            nonstreaming_guard: self.nonstreaming_guard,
            default_timeout: self.default_timeout,
            response_type,
            _response: PhantomData,
        }
    }

    /// A call to a beta endpoint: `?beta=true` first in the query, always (Python loses it
    /// when other query parameters are present; we do not).
    pub fn beta(mut self, beta: bool) -> Self {
        if beta && !self.query.iter().any(|(k, _)| k == "beta") {
            self.query.insert(0, ("beta".to_owned(), "true".to_owned()));
        }
        self
    }

    /// Whether the call goes to a beta endpoint (its query carries [`beta`](Self::beta)'s
    /// `beta=true`).
    pub fn is_beta(&self) -> bool {
        self.query.iter().any(|(k, v)| k == "beta" && v == "true")
    }

    /// Removes the beta endpoint's `beta=true` (Bedrock and Vertex have no such
    /// parameter). A `beta` parameter of another value came from the caller's options and
    /// stays, as in Python, which drops only the URL's own `?beta=true`.
    pub(crate) fn drop_beta_marker(&mut self) {
        self.query.retain(|(k, v)| !(k == "beta" && v == "true"));
    }

    /// Sends `anthropic-beta` with the betas joined by commas, keeping the first occurrence
    /// of each value (nothing is sent for an empty list).
    pub fn betas(mut self, betas: &[AnthropicBeta]) -> Self {
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

    /// `betas` followed by the endpoint's own beta value (`auto`), without duplicates:
    /// the `anthropic-beta` header of endpoints such as files and batches (Python appends
    /// the automatic value even when the user already listed it; we keep one).
    pub fn betas_with(self, betas: &[AnthropicBeta], auto: &str) -> Self {
        let mut all = betas.to_vec();
        all.push(AnthropicBeta::from(auto));
        self.betas(&all)
    }

    /// Sets a header of the endpoint (the client's default headers and the per-request
    /// options are applied over it).
    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name, value.to_owned()));
        self
    }

    /// Serializes the body once, straight to bytes (no intermediate `Value`). It must be a
    /// JSON object.
    pub fn json_body(mut self, body: &impl Serialize) -> Result<Self, Error> {
        let bytes = crate::json::body_bytes(body)?;
        if bytes.first() != Some(&b'{') {
            return Err(Error::InvalidRequest(
                "the request body must be a JSON object".into(),
            ));
        }
        self.body = Some(bytes);
        self.content_type = None;
        Ok(self)
    }

    /// Sends `bytes` as the body with this content type (per-request body fields cannot be
    /// merged into it).
    pub fn raw_body(mut self, bytes: Vec<u8>, content_type: &str) -> Self {
        self.body = Some(bytes);
        self.content_type = Some(content_type.to_owned());
        self
    }

    /// Sends `form` as a `multipart/form-data` body, streamed as it is sent (see
    /// [`crate::multipart`]).
    pub fn form_body(mut self, form: Form) -> Self {
        self.body = None;
        self.content_type = None;
        self.form = Some(form);
        self
    }

    /// The multipart form, if the call sends one.
    pub fn form(&self) -> Option<&Form> {
        self.form.as_ref()
    }

    /// Readies a multipart body for sending: sets its boundary and measures the files it
    /// sends by path (the driver passes its random boundary and `metadata().len()`). Does
    /// nothing for other bodies.
    pub fn prepare_form(
        &mut self,
        boundary: impl FnOnce() -> String,
        measure: impl FnMut(&std::path::Path) -> std::io::Result<u64>,
    ) -> Result<(), Error> {
        match self.form.as_mut() {
            Some(form) => {
                form.set_boundary(boundary());
                form.measure_paths(measure)
            }
            None => Ok(()),
        }
    }

    /// Adds a query parameter when `value` is `Some`.
    pub fn query_param(mut self, key: &str, value: Option<impl ToString>) -> Self {
        if let Some(value) = value {
            self.query.push((key.to_owned(), value.to_string()));
        }
        self
    }

    /// Sets a query parameter, replacing one of the same name in place (a page cursor).
    pub fn set_query_param(mut self, key: &str, value: &str) -> Self {
        match self.query.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value.to_owned(),
            None => self.query.push((key.to_owned(), value.to_owned())),
        }
        self
    }

    /// Sets the page cursor (`after_id`, `before_id`, `page`): a query parameter that
    /// wins over the same one in the per-request options' query, as the next page's
    /// cursor does in Python, so a page fetched with `extra_query` options moves on.
    pub fn page_cursor(self, key: &str, value: &str) -> Self {
        let mut call = self.set_query_param(key, value);
        call.cursor = Some((key.to_owned(), value.to_owned()));
        call
    }

    /// Marks the response as a stream read incrementally (server-sent events, JSON lines,
    /// bytes): the body is handed to the caller as it arrives.
    pub fn streaming(mut self, streaming: bool) -> Self {
        self.streaming = streaming;
        self
    }

    /// Refuses the call before sending when `max_tokens` for `model` could take longer than
    /// the non-streaming limit and no timeout was chosen (Python's long-request guard).
    pub fn guard_nonstreaming(mut self, model: &str, max_tokens: u32) -> Self {
        self.nonstreaming_guard = Some((model.to_owned(), max_tokens));
        self
    }

    /// The timeout this endpoint uses when neither the request nor the client chose one
    /// (the client's timeout is [`Timeout::DEFAULT`]): legacy completions wait 600 s for
    /// every phase, connecting included, as in Python.
    pub fn default_timeout(mut self, timeout: Timeout) -> Self {
        self.default_timeout = Some(timeout);
        self
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The endpoint path, percent-encoded, relative to the base URL (`/v1/messages`), or
    /// an absolute URL.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The endpoint's own query parameters.
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The value of one of the endpoint's query parameters.
    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The endpoint's own headers (`anthropic-beta`, helper headers).
    pub fn headers(&self) -> &[(&'static str, String)] {
        &self.headers
    }

    /// The body, if the endpoint sends one, as it will be sent.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The JSON body parsed, for inspection.
    pub fn body_json(&self) -> Option<Value> {
        self.body
            .as_deref()
            .and_then(|b| serde_json::from_slice(b).ok())
    }

    /// Whether the response is read as a stream.
    pub fn is_streaming(&self) -> bool {
        self.streaming
    }

    /// The name of the type the response decodes to, for error messages.
    pub fn response_type(&self) -> &'static str {
        self.response_type
    }
}

/// Either a call or the error that prevented building it: what the functions of
/// [`crate::endpoints`] return, so that drivers handle both alike.
pub trait IntoCall<T> {
    /// The call, or why it could not be built.
    fn into_call(self) -> Result<Call<T>, Error>;
}

impl<T> IntoCall<T> for Call<T> {
    fn into_call(self) -> Result<Call<T>, Error> {
        Ok(self)
    }
}

impl<T> IntoCall<T> for Result<Call<T>, Error> {
    fn into_call(self) -> Result<Call<T>, Error> {
        self
    }
}
