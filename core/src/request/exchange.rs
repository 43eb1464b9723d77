//! One call's life across attempts: the state machine a driver runs.
//!
//! ```text
//!            Exchange::new ──(credentials, long-request guard: may fail before I/O)
//!                  │
//!        ┌──▶ start_attempt(now) ──▶ Attempt { request, timeout }     (driver sends it)
//!        │         │
//!        │   handle_head(status, headers, moment) ─┬─ Success  ─▶ read body ─▶ finish(..)
//!        │         │                               └─ Fail     ─▶ read body ─▶ fail(..)
//!        │         └─ Retry(delay) ──┐
//!        │   handle_error(err, moment) ── Ok(delay) ─┤   (driver sleeps `delay`)
//!        └───────────────────────────────────────────┘
//! ```
//!
//! The driver owns every socket and every sleep; the exchange owns the decisions: which
//! headers the n-th attempt carries, how long each attempt may take, whether an outcome is
//! retried and after what delay, and what error the caller finally sees. It never reads a
//! clock: `now` and the random jitter come in as arguments ([`Moment`]).

use std::fmt;
use std::time::{Duration, SystemTime};

use http::{HeaderMap, HeaderValue, Method, Request, StatusCode};
use serde_json::Value;

use super::call::Call;
use super::headers::{HeaderOverrides, redacted};
use super::options::RequestOptions;
use super::url::{build_uri, merge_query};
use crate::config::{API_VERSION, ClientConfig, SDK_VERSION};
use crate::error::{
    ApiError, ApiErrorKind, DecodeError, Error, TimeoutError, TimeoutKind, request_id_of,
};
use crate::multipart::Form;
use crate::platform::{Credential, Platform};
use crate::response::{RawResponse, ResponseBody};
use crate::retry::{RetryReason, retry_delay, should_retry};
use crate::stream::{EventDecoder, StreamFraming};
use crate::time::Timestamp;
use crate::timeout::{Timeout, check_nonstreaming, format_seconds};

const LOG: &str = "anthropic";

/// The inputs a decision may depend on, sampled by the driver when an outcome arrives.
#[derive(Debug, Clone, Copy)]
pub struct Moment {
    /// Monotonic time, for deadlines: on the clock the exchange was made with
    /// ([`crate::time`]).
    pub now: Timestamp,
    /// Wall-clock time, for `retry-after` HTTP dates. A host without `SystemTime::now`
    /// (`wasm32-unknown-unknown`) makes it as `UNIX_EPOCH + Duration::from_millis(ms)`
    /// from its own clock (`Date.now()` in JavaScript).
    pub wall: SystemTime,
    /// A uniform random value in [0, 1), for backoff jitter.
    pub random: f64,
}

/// One attempt to send: the request and how long its parts may take.
#[derive(Debug)]
pub struct Attempt<'a> {
    /// The request, body included.
    pub request: Request<&'a [u8]>,
    /// Limits for this attempt. `total` is what remains of the call's deadline, if any.
    pub timeout: Timeout,
    /// A multipart body to stream after the head (then `request`'s body is empty and its
    /// `content-length` header gives the form's length): see [`crate::multipart`].
    pub form: Option<&'a Form>,
}

/// What to do with a response head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadOutcome {
    /// A 2xx: read the body and pass it to [`Exchange::finish`] (or stream it).
    Success,
    /// Discard this response (closing or draining it) and try again after the delay.
    Retry(Duration),
    /// An error that will not be retried: read the body and pass it to [`Exchange::fail`].
    Fail,
}

/// The state of one call across its attempts. See the module docs for the loop.
#[derive(Debug)]
pub struct Exchange<T> {
    call: Call<T>,
    uri: http::Uri,
    headers: HeaderMap,
    body: Vec<u8>,
    timeout: Timeout,
    max_retries: u32,
    retries_taken: u32,
    retry_count_from_user: bool,
    deadline: Option<Timestamp>,
    platform: Option<Platform>,
    /// The request's own headers and timeout, for the "Request options" line every
    /// attempt logs (Python logs it as it builds each attempt).
    logged: (HeaderOverrides, Option<Timeout>),
    /// What the request's URL and body are built from, when the platform could not
    /// rewrite the call yet (Vertex's project id, fetched from the metadata server by the
    /// credential steps): the first attempt builds them.
    deferred: Option<Box<Deferred>>,
}

/// The inputs of a request built by its first attempt instead of by [`Exchange::new`].
#[derive(Debug)]
struct Deferred {
    config: ClientConfig,
    options: RequestOptions,
    beta: Option<String>,
}

impl<T> Exchange<T> {
    /// Prepares a call: merges the client's configuration and the per-request options into
    /// the request, checks credentials, and applies the long-request guard. Nothing is sent;
    /// an error here is final and never retried. `now` starts the call's total timeout;
    /// every later time given to this exchange must come from the same clock
    /// ([`crate::time`]).
    pub fn new(
        config: &ClientConfig,
        call: Call<T>,
        options: &RequestOptions,
        now: Timestamp,
    ) -> Result<Self, Error> {
        if let Some((model, max_tokens)) = &call.nonstreaming_guard {
            if options.timeout.is_none() && config.get_timeout() == Timeout::DEFAULT {
                check_nonstreaming(model, *max_tokens)?;
            }
        }
        let timeout = match (options.timeout, call.default_timeout) {
            (Some(timeout), _) => timeout,
            (None, Some(endpoint)) if config.get_timeout() == Timeout::DEFAULT => endpoint,
            (None, _) => config.get_timeout(),
        };
        let max_retries = options.max_retries.unwrap_or(config.get_max_retries());

        let mut call = call;
        // The call keeps the query as sent (the options' over its own, a page cursor over
        // both), so a page decoded from it pages on from what was asked, as Python's
        // `options.params` does. An empty value stays: it removes a client default when
        // the URI is built.
        for (key, value) in &options.query {
            call = call.set_query_param(key, value);
        }
        if let Some((key, value)) = call.cursor.take() {
            call = call.set_query_param(&key, &value);
        }
        // Extra body fields of a multipart request are form fields (Python's
        // `_serialize_multipartform`); they must be in the form before it is measured.
        if let Some(form) = call.form.as_mut() {
            form.merge_fields(&options.body);
        }
        let platform = config.get_platform().cloned();
        let mut deferred = None;
        if let Some(platform) = &platform {
            let beta = match options.headers.get("anthropic-beta") {
                Some(value) => value.map(str::to_owned),
                None => call
                    .headers
                    .iter()
                    .find(|(name, _)| *name == "anthropic-beta")
                    .map(|(_, value)| value.clone()),
            };
            if platform.defers_rewrite(&call) {
                deferred = Some(Box::new(Deferred {
                    config: config.clone(),
                    options: options.clone(),
                    beta,
                }));
            } else {
                platform.rewrite(&mut call, beta.as_deref())?;
            }
        }
        let headers = build_headers(config, &call, options, timeout)?;
        let (uri, body) = match deferred {
            Some(_) => (http::Uri::default(), Vec::new()),
            None => build_target(config, &mut call, options)?,
        };

        Ok(Exchange {
            retry_count_from_user: options.headers.mentions("x-stainless-retry-count"),
            // A deadline too far to represent is no deadline.
            deadline: timeout.total.and_then(|total| now.checked_add(total)),
            call,
            uri,
            headers,
            body,
            timeout,
            max_retries,
            retries_taken: 0,
            platform,
            deferred,
            logged: (options.headers.clone(), options.timeout),
        })
    }

    /// The request for the next attempt, with its limits. Fails with [`Error::Timeout`] if
    /// the call's deadline has already passed. For a platform call that needs a
    /// credential ([`credential_source`](Self::credential_source)), use
    /// [`start_attempt_with`](Self::start_attempt_with).
    pub fn start_attempt(&mut self, now: Timestamp) -> Result<Attempt<'_>, Error> {
        self.start_attempt_with(now, SystemTime::UNIX_EPOCH, None)
    }

    /// The platform whose credential the next attempt needs (ask it with
    /// [`Platform::credential_step`] just before each attempt), or `None` for a
    /// first-party call, a Foundry API-key call, or a request whose `authorization` header
    /// was set by the caller.
    pub fn credential_source(&self) -> Option<&Platform> {
        let platform = self.platform.as_ref()?;
        let preset = self.headers.contains_key(http::header::AUTHORIZATION);
        match platform {
            Platform::Bedrock(_) => Some(platform),
            _ if preset || !platform.needs_credential() => None,
            _ => Some(platform),
        }
    }

    /// Like [`start_attempt`](Self::start_attempt), and authenticates the request for a
    /// platform: SigV4-signed at `wall` for Bedrock, a bearer token for Vertex and
    /// Foundry. Every attempt is authenticated anew, so a retry carries a fresh
    /// signature and the provider's current token.
    pub fn start_attempt_with(
        &mut self,
        now: Timestamp,
        wall: SystemTime,
        credential: Option<&Credential>,
    ) -> Result<Attempt<'_>, Error> {
        if let Some(deferred) = self.deferred.as_deref() {
            let mut call = self.call.clone();
            if let Some(platform) = &self.platform {
                platform.rewrite(&mut call, deferred.beta.as_deref())?;
            }
            let (uri, body) = build_target(&deferred.config, &mut call, &deferred.options)?;
            (self.call, self.uri, self.body, self.deferred) = (call, uri, body, None);
        }
        let mut timeout = self.timeout;
        if let Some(deadline) = self.deadline {
            let remaining = Some(deadline.saturating_duration_since(now)).filter(|d| !d.is_zero());
            let remaining = remaining.ok_or_else(|| {
                let total = TimeoutError::new(TimeoutKind::Total)
                    .completed(&self.timeout, self.retries_taken);
                Error::Timeout(total)
            })?;
            timeout.total = Some(remaining);
            timeout.connect = Some(timeout.connect.map_or(remaining, |c| c.min(remaining)));
        } else {
            // No deadline: none was set, or it lies past what the clock can represent.
            timeout.total = None;
        }
        let mut request = Request::new(self.body.as_slice());
        *request.method_mut() = self.call.method.clone();
        *request.uri_mut() = self.uri.clone();
        *request.headers_mut() = self.headers.clone();
        if !self.retry_count_from_user {
            request.headers_mut().insert(
                "x-stainless-retry-count",
                HeaderValue::from(self.retries_taken),
            );
        }
        if let Some(platform) = &self.platform {
            platform.authorize(&mut request, wall, credential)?;
        }
        tracing::debug!(
            target: LOG,
            "Request options: {{'method': '{}', 'url': '{}', 'headers': {:?}, 'timeout': {:?}, 'json_data': {}}}",
            self.call.method.as_str().to_ascii_lowercase(),
            self.call.path,
            self.logged.0,
            self.logged.1,
            JsonData(&self.call.method, &self.body),
        );
        tracing::debug!(target: LOG, "Sending HTTP Request: {} {}", self.call.method, self.shown_uri());
        Ok(Attempt {
            request,
            timeout,
            form: self.call.form.as_ref(),
        })
    }

    /// The request URI for logs: userinfo in the base URL may hold a password.
    fn shown_uri(&self) -> String {
        crate::secret::redact_url_userinfo(&self.uri.to_string()).into_owned()
    }

    /// Decides what to do with a response head.
    pub fn handle_head(
        &mut self,
        status: StatusCode,
        headers: &HeaderMap,
        moment: Moment,
    ) -> HeadOutcome {
        tracing::info!(
            target: LOG,
            "HTTP Request: {} {} \"HTTP/1.1 {} {}\"",
            self.call.method,
            self.shown_uri(),
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        );
        tracing::debug!(
            target: LOG,
            "HTTP Response: {} {} \"{} {}\" Headers({})",
            self.call.method,
            self.shown_uri(),
            status.as_u16(),
            status.canonical_reason().unwrap_or(""),
            redacted(headers)
        );
        tracing::debug!(target: LOG, "request_id: {}", request_id_of(headers).as_deref().unwrap_or("None"));
        if status.is_success() {
            return HeadOutcome::Success;
        }
        let reason = should_retry(status, headers);
        match reason {
            RetryReason::ShouldRetryHeaderTrue => {
                tracing::debug!(target: LOG, "Retrying as header `x-should-retry` is set to `true`")
            }
            RetryReason::ShouldRetryHeaderFalse => {
                tracing::debug!(target: LOG, "Not retrying as header `x-should-retry` is set to `false`")
            }
            RetryReason::Status(s) => {
                tracing::debug!(target: LOG, "Retrying due to status code {}", s.as_u16())
            }
            RetryReason::NotRetryable => tracing::debug!(target: LOG, "Not retrying"),
        }
        if !reason.retries() {
            return HeadOutcome::Fail;
        }
        match self.next_delay(Some(headers), moment) {
            Some(delay) => HeadOutcome::Retry(delay),
            None => HeadOutcome::Fail,
        }
    }

    /// `error` with what the driver did not know filled in: a timeout names the
    /// configured limit of its kind (not what remained of the deadline) and the attempts
    /// made, this one included. Other errors are returned as they are.
    pub fn complete_error(&self, error: Error) -> Error {
        match error {
            Error::Timeout(timeout) => {
                Error::Timeout(timeout.completed(&self.timeout, self.retries_taken + 1))
            }
            other => other,
        }
    }

    /// Decides what to do after a transport failure ([`Error::Connection`] or
    /// [`Error::Timeout`]): `Ok(delay)` to retry after `delay`, or the error to return.
    pub fn handle_error(&mut self, error: Error, moment: Moment) -> Result<Duration, Error> {
        let error = self.complete_error(error);
        tracing::debug!(target: LOG, "Encountered {error}");
        let retryable = matches!(error, Error::Connection(_) | Error::Timeout(_));
        if retryable {
            if let Some(delay) = self.next_delay(None, moment) {
                return Ok(delay);
            }
        }
        match error {
            Error::Timeout(_) => tracing::debug!(target: LOG, "Raising timeout error"),
            Error::Connection(_) => tracing::debug!(target: LOG, "Raising connection error"),
            _ => {}
        }
        Err(error)
    }

    /// Decides what to do with an `error` event that arrived in a 2xx stream before any
    /// content was handed to the caller: an overloaded, rate-limit or internal error is
    /// retried within the same budget, as the status it names would have been (the API can
    /// answer 200 and then report overload before sending anything), and as that status
    /// would have been, the response's `x-should-retry` decides first. `Ok(delay)` to
    /// retry after `delay`, or the error to return.
    pub fn handle_stream_error(&mut self, error: Error, moment: Moment) -> Result<Duration, Error> {
        let retryable = match &error {
            Error::Api(e) => match crate::headers::joined(e.headers(), "x-should-retry").as_deref()
            {
                Some("true") => true,
                Some("false") => false,
                _ => matches!(
                    e.kind(),
                    ApiErrorKind::Overloaded
                        | ApiErrorKind::RateLimit
                        | ApiErrorKind::InternalServer
                        | ApiErrorKind::ServiceUnavailable
                ),
            },
            _ => false,
        };
        if retryable {
            tracing::debug!(target: LOG, "Retrying after an error event before any content: {error}");
            if let Some(delay) = self.next_delay(None, moment) {
                return Ok(delay);
            }
        }
        Err(error)
    }

    fn next_delay(&mut self, headers: Option<&HeaderMap>, moment: Moment) -> Option<Duration> {
        let remaining = self.max_retries.saturating_sub(self.retries_taken);
        if remaining == 0 {
            return None;
        }
        if self
            .call
            .form
            .as_ref()
            .is_some_and(|form| !form.can_resend())
        {
            tracing::debug!(target: LOG, "Not retrying: the upload's reader was sent and cannot be read again");
            return None;
        }
        let delay = retry_delay(self.retries_taken, headers, moment.wall, moment.random);
        if let Some(deadline) = self.deadline {
            if moment
                .now
                .checked_add(delay)
                .is_none_or(|at| at >= deadline)
            {
                return None;
            }
        }
        if remaining == 1 {
            tracing::debug!(target: LOG, "1 retry left");
        } else {
            tracing::debug!(target: LOG, "{remaining} retries left");
        }
        tracing::info!(
            target: LOG,
            "Retrying request to {} in {:.6} seconds",
            self.call.path,
            delay.as_secs_f64()
        );
        self.retries_taken += 1;
        Some(delay)
    }

    /// Decides what to do with a response that [`handle_head`](Self::handle_head) said
    /// fails, once the driver has read (or failed to read) its body: `Err` with the error
    /// to return, or `Ok(delay)` to retry. A body that fails to arrive (a reset, a stall,
    /// a bad encoding) is a transport failure, retried as one, as in Python, whose client
    /// reads the body inside `send`; one over the size limit still reports its status.
    pub fn handle_failed_body(
        &mut self,
        status: StatusCode,
        headers: HeaderMap,
        body: Result<Vec<u8>, Error>,
        moment: Moment,
    ) -> Result<Duration, Error> {
        match body {
            Ok(body) => Err(self.fail(status, headers, &body)),
            Err(Error::InvalidRequest(_)) => Err(self.fail(status, headers, &[])),
            Err(error) => self.handle_error(error, moment),
        }
    }

    /// The error for a response that [`handle_head`](Self::handle_head) said fails, given
    /// its body.
    pub fn fail(&self, status: StatusCode, headers: HeaderMap, body: &[u8]) -> Error {
        tracing::debug!(target: LOG, "Re-raising status error");
        let error = ApiError::from_response(status, headers, body);
        match &self.platform {
            Some(platform) => error.with_kind(platform.error_kind(status)).into(),
            None => error.into(),
        }
    }

    /// The decoder for this call's streamed response body: SSE, or the AWS event stream
    /// on Bedrock. Both yield the same [`crate::stream::StreamEvent`]s.
    pub fn event_decoder(&self, status: StatusCode, headers: HeaderMap) -> EventDecoder {
        EventDecoder::for_framing(self.stream_framing(), status, headers)
    }

    /// How this call's streamed response frames its events: the AWS event stream on
    /// Bedrock, server-sent events everywhere else.
    pub fn stream_framing(&self) -> StreamFraming {
        match &self.platform {
            Some(Platform::Bedrock(_)) => StreamFraming::AwsEventStream,
            _ => StreamFraming::Sse,
        }
    }

    /// The headers every attempt sends (each attempt adds its `x-stainless-retry-count`).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// How many retries have been taken so far.
    pub fn retries_taken(&self) -> u32 {
        self.retries_taken
    }

    /// The call being made (its body has moved into the exchange: see
    /// [`start_attempt`](Self::start_attempt) for the bytes sent).
    pub fn call(&self) -> &Call<T> {
        &self.call
    }
}

impl<T> Exchange<T> {
    /// The successful response, read whole, as a raw response of this call: its status,
    /// headers, body, the retries it took, and `elapsed` since the call started.
    pub fn raw_response(
        &self,
        status: StatusCode,
        headers: HeaderMap,
        body: Vec<u8>,
        elapsed: Duration,
    ) -> RawResponse<T> {
        RawResponse::new(
            status,
            headers,
            body,
            self.retries_taken,
            elapsed,
            self.call.clone(),
        )
    }
}

impl<T: ResponseBody> Exchange<T> {
    /// Decodes a successful response's body into the call's result, with its request id.
    pub fn finish(&self, status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Result<T, Error> {
        let mut value: T = decode_body(self.call.response_type, status, headers, body)?;
        value.set_call(&self.call);
        Ok(value)
    }
}

/// Decodes a success body as `T`, keeping the raw body in the error if it does not fit.
/// A key repeated in the body keeps its last value, as in Python ([`crate::json`]).
pub fn decode_body<T: ResponseBody>(
    expected: &'static str,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, Error> {
    let request_id = request_id_of(headers);
    match crate::json::from_slice::<T>(body) {
        Ok(mut value) => {
            value.set_request_id(request_id);
            Ok(value)
        }
        Err(source) => {
            tracing::debug!(target: LOG, "Could not read JSON from response data due to {source}");
            Err(Error::Decode(Box::new(DecodeError {
                expected,
                status,
                body: String::from_utf8_lossy(body).into_owned(),
                request_id,
                source,
            })))
        }
    }
}

/// The headers of every attempt of a call.
///
/// Spec row kept here: "`x-stainless-async`, `x-stainless-lang/os/arch/runtime`,
/// `x-stainless-raw-response`" (Python's telemetry) → optional; we send our own user
/// agent and `x-stainless-lang/os/arch/package-version` with our own values.
fn build_headers<T>(
    config: &ClientConfig,
    call: &Call<T>,
    options: &RequestOptions,
    timeout: Timeout,
) -> Result<HeaderMap, Error> {
    let mut headers = HeaderMap::new();
    let mut put = |name: &'static str, value: &str| -> Result<(), Error> {
        let value = HeaderValue::from_str(value).map_err(|_| {
            Error::InvalidRequest(format!(
                "the value of header {name:?} is not a valid header value"
            ))
        })?;
        headers.insert(name, value);
        Ok(())
    };
    put("accept", "application/json")?;
    put("accept-encoding", crate::content::ACCEPT_ENCODING)?;
    if let Some(form) = &call.form {
        if form.boundary().is_empty() {
            return Err(Error::InvalidRequest(
                "a multipart form needs a boundary: call Call::prepare_form before sending".into(),
            ));
        }
        let length = form.content_length().ok_or_else(|| {
            Error::InvalidRequest("the length of an uploaded file is not known".into())
        })?;
        put("content-type", &form.content_type())?;
        put("content-length", &length.to_string())?;
    } else if call.method != Method::GET {
        put(
            "content-type",
            call.content_type.as_deref().unwrap_or("application/json"),
        )?;
    }
    let platform = config.get_platform();
    let product = platform.map_or("Anthropic", Platform::user_agent_name);
    put("user-agent", &format!("{product}/Rust {SDK_VERSION}"))?;
    put("x-stainless-lang", "rust")?;
    put("x-stainless-package-version", SDK_VERSION)?;
    put("x-stainless-os", os_name())?;
    put("x-stainless-arch", arch_name())?;
    // A platform client authenticates its own way: the first-party key and token are
    // never sent there (`ClientConfig::from_env` may hold `ANTHROPIC_API_KEY`).
    if let Some(key) = config.get_api_key().filter(|_| platform.is_none()) {
        let mut value = HeaderValue::from_str(key.expose())
            .map_err(|_| Error::InvalidRequest("the API key is not a valid header value".into()))?;
        value.set_sensitive(true);
        headers.insert("x-api-key", value);
    }
    if let Some(token) = config.get_auth_token().filter(|_| platform.is_none()) {
        let mut value =
            HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
                Error::InvalidRequest("the auth token is not a valid header value".into())
            })?;
        value.set_sensitive(true);
        headers.insert("authorization", value);
    }
    if platform.is_none_or(Platform::sends_version_header) {
        headers.insert("anthropic-version", HeaderValue::from_static(API_VERSION));
    }
    config.default_headers().apply_to(&mut headers)?;
    // Foundry's credential goes over the client's default headers and under the
    // request's own (Python's `_prepare_options` looks at the request's headers only).
    if let Some(Platform::Foundry(foundry)) = platform {
        match foundry.api_key() {
            Some(key) => {
                let mut value = HeaderValue::from_str(key.expose()).map_err(|_| {
                    Error::InvalidRequest("the API key is not a valid header value".into())
                })?;
                value.set_sensitive(true);
                headers.insert("api-key", value);
            }
            // The provider's token replaces a default `Authorization` at each attempt.
            None => {
                headers.remove(http::header::AUTHORIZATION);
            }
        }
    }
    for (name, value) in &call.headers {
        let value = HeaderValue::from_str(value)
            .map_err(|_| Error::InvalidRequest(format!("invalid value for header {name:?}")))?;
        headers.insert(*name, value);
    }
    options.headers.apply_to(&mut headers)?;
    // httpx labels a JSON body it encodes whatever the headers omitted (Python passes
    // `json=`); a raw body or an empty POST keeps the omission.
    let sends_json = call.method != Method::GET
        && call.form.is_none()
        && call.content_type.is_none()
        && (call.body.is_some() || !options.body.is_empty());
    if sends_json && !headers.contains_key(http::header::CONTENT_TYPE) {
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }

    let has_credential = |name: &str| headers.get(name).is_some_and(|v| !v.is_empty());
    if platform.is_none()
        && !(has_credential("authorization")
            || has_credential("x-api-key")
            || options.headers.omits("x-api-key")
            || options.headers.omits("authorization"))
    {
        return Err(Error::MissingCredentials);
    }

    if let Some(read) = timeout.read {
        let seconds = HeaderValue::from_str(&format_seconds(read)).expect("digits are valid");
        // Python merges its own `x-stainless-timeout` under the client's default headers,
        // but sets `x-stainless-read-timeout` over them: only the request's own headers
        // can set or remove that one.
        if !options.headers.mentions("x-stainless-timeout")
            && !config.default_headers().mentions("x-stainless-timeout")
        {
            headers.insert("x-stainless-timeout", seconds.clone());
        }
        if !options.headers.mentions("x-stainless-read-timeout") {
            headers.insert("x-stainless-read-timeout", seconds);
        }
    }
    Ok(headers)
}

/// The request's URI and body, from a call already rewritten for its platform.
fn build_target<T>(
    config: &ClientConfig,
    call: &mut Call<T>,
    options: &RequestOptions,
) -> Result<(http::Uri, Vec<u8>), Error> {
    // The options' query is already in the call's (`Exchange::new`).
    let query = merge_query(&[config.get_default_query(), &call.query]);
    let uri = build_uri(config.get_base_url(), &call.path, &query)?;
    let body = build_body(call, options)?;
    Ok((uri, body))
}

/// The body as the "Request options" line shows it: `None` where Python has no
/// `json_data` (a GET, a form or an empty POST), otherwise the bytes sent.
struct JsonData<'a>(&'a Method, &'a [u8]);

impl fmt::Display for JsonData<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self.0 == Method::GET || self.1.is_empty() {
            f.write_str("None")
        } else {
            f.write_str(&String::from_utf8_lossy(self.1))
        }
    }
}

/// The body as sent: the endpoint's bytes as they are, or, when the options add fields, the
/// endpoint's object with those fields merged at the top level (an existing key keeps its
/// place, new keys are appended). GET sends no body.
fn build_body<T>(call: &mut Call<T>, options: &RequestOptions) -> Result<Vec<u8>, Error> {
    if call.method == Method::GET {
        return Ok(Vec::new());
    }
    if call.form.is_some() {
        // Sent from the form, which holds the extra fields already (`Exchange::new`).
        return Ok(Vec::new());
    }
    if call.content_type.is_some() && !options.body.is_empty() {
        return Err(Error::InvalidRequest(
            "extra body fields can only be merged into a JSON body or a multipart form".into(),
        ));
    }
    let fields = match (call.body.take(), options.body.is_empty()) {
        (None, true) => return Ok(Vec::new()),
        (Some(body), true) => return Ok(body),
        (None, false) => options.body.clone(),
        (Some(body), false) => {
            let mut fields: serde_json::Map<String, Value> = serde_json::from_slice(&body)
                .map_err(|_| {
                    Error::InvalidRequest(
                        "Unexpected JSON data type, cannot merge with `extra_body`".into(),
                    )
                })?;
            for (key, value) in &options.body {
                fields.insert(key.clone(), value.clone());
            }
            fields
        }
    };
    crate::json::body_bytes(&Value::Object(fields))
}

fn os_name() -> &'static str {
    match std::env::consts::OS {
        "linux" => "Linux",
        "macos" => "MacOS",
        "windows" => "Windows",
        "freebsd" => "FreeBSD",
        "openbsd" => "OpenBSD",
        "ios" => "iOS",
        "android" => "Android",
        _ => "Unknown",
    }
}

fn arch_name() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        "arm" => "arm",
        "x86" => "x32",
        _ => "unknown",
    }
}
