//! The one error type of the SDK.
//!
//! Python raises a class per HTTP status (`RateLimitError`, `OverloadedError`, …); here a
//! status error is [`Error::Api`] whose [`ApiError::kind`] names the same distinction, so a
//! caller matches on one enum. Every API error keeps the status, the response headers, the
//! body (parsed JSON when it parses, else the text) and the `request-id` header.
//!
//! Messages follow Python's texts users match on, except that a JSON body is shown as
//! JSON (`Error code: 529 - {"type":"error",...}`) rather than as a Python dict.
//!
//! No variant ever holds a credential: request headers are not kept, and everything that
//! is printed comes from the response.

use std::fmt;
use std::time::Duration;

use http::{HeaderMap, StatusCode};
use serde_json::Value;

use crate::stream::StreamError;
use crate::types::ErrorResponse;

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Anything that can go wrong in a call to the API.
///
/// `Display` is the message for a person; so is `Debug` (`{:?}`), so that
/// `fn main() -> Result<(), anthropic::Error>` prints what happened and what to do, with the
/// chain of causes. `{:#?}` shows the structure. Neither ever shows a credential.
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status, or sent an `error` event in a stream.
    Api(Box<ApiError>),
    /// The connection could not be made, or failed before a full response arrived.
    Connection(ConnectionError),
    /// A connect, read or write timed out, or the overall deadline passed: which limit,
    /// how long it was, and after how many attempts.
    Timeout(TimeoutError),
    /// Neither an API key nor an auth token is set, and neither header was omitted on
    /// purpose. Raised when a request is built, before anything is sent. The message is
    /// Python's `TypeError` text without the stray double quotes Python's string holds.
    MissingCredentials,
    /// A non-streaming request whose `max_tokens` could take longer than ten minutes.
    StreamingRequired,
    /// The request could not be built (an empty path id, a header value with a line break,
    /// a body that is not a JSON object when extra body fields are merged, …).
    InvalidRequest(String),
    /// The client's configuration cannot work (a base URL that is not an `http` or
    /// `https` URL). Raised when the client is built, before anything is sent.
    InvalidConfig(String),
    /// A success response whose body did not decode as the expected type. The raw body is
    /// kept.
    Decode(Box<DecodeError>),
    /// An event stream that could not be decoded or accumulated, or that ended before
    /// `message_stop` (then the error carries the partial message).
    Stream(StreamError),
    /// The tool runner's loop failed (no message to return, a compaction reply that is
    /// not text).
    ToolRunner(crate::tools::ToolRunnerError),
    /// A structured reply did not parse into the requested type; the raw text is kept.
    OutputParse(Box<crate::structured::OutputParseError>),
    /// Cloud-platform credentials (AWS keys, a Google or Entra ID token) could not be
    /// resolved or refreshed. Raised before the request is sent.
    Credentials(String),
}

impl Error {
    /// The HTTP status, for errors that came with a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The `request-id` of the response this error came from, if any.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::OutputParse(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The API error, if this is one.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => fmt::Display::fmt(e, f),
            Error::Connection(e) => fmt::Display::fmt(e, f),
            Error::Timeout(e) => fmt::Display::fmt(e, f),
            Error::MissingCredentials => f.write_str(
                "Could not resolve authentication method. Expected either api_key or \
                 auth_token to be set. Or for one of the `X-Api-Key` or `Authorization` \
                 headers to be explicitly omitted",
            ),
            Error::StreamingRequired => f.write_str(
                "Streaming is required for operations that may take longer than 10 minutes. \
                 See https://github.com/anthropics/anthropic-sdk-python#long-requests for \
                 more details",
            ),
            Error::InvalidRequest(message) | Error::InvalidConfig(message) => f.write_str(message),
            Error::Decode(e) => fmt::Display::fmt(e, f),
            Error::Stream(e) => fmt::Display::fmt(e, f),
            Error::ToolRunner(e) => fmt::Display::fmt(e, f),
            Error::OutputParse(e) => fmt::Display::fmt(e, f),
            Error::Credentials(message) => f.write_str(message),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            return match self {
                Error::Api(e) => f.debug_tuple("Api").field(e).finish(),
                Error::Connection(e) => f.debug_tuple("Connection").field(e).finish(),
                Error::Timeout(e) => f.debug_tuple("Timeout").field(e).finish(),
                Error::MissingCredentials => f.write_str("MissingCredentials"),
                Error::StreamingRequired => f.write_str("StreamingRequired"),
                Error::InvalidRequest(m) => f.debug_tuple("InvalidRequest").field(m).finish(),
                Error::InvalidConfig(m) => f.debug_tuple("InvalidConfig").field(m).finish(),
                Error::Decode(e) => f.debug_tuple("Decode").field(e).finish(),
                Error::Stream(e) => f.debug_tuple("Stream").field(e).finish(),
                Error::ToolRunner(e) => f.debug_tuple("ToolRunner").field(e).finish(),
                Error::OutputParse(e) => f.debug_tuple("OutputParse").field(e).finish(),
                Error::Credentials(m) => f.debug_tuple("Credentials").field(m).finish(),
            };
        }
        // What `fn main() -> Result<(), Error>` prints: the message and its causes.
        write!(f, "{self}")?;
        let mut source = std::error::Error::source(self);
        // A stream error's source is itself, already printed.
        if matches!(self, Error::Stream(_)) {
            source = source.and_then(std::error::Error::source);
        }
        while let Some(cause) = source {
            write!(f, "\n\nCaused by:\n    {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Connection(e) => e.source.as_deref().map(|s| s as _),
            Error::Decode(e) => Some(&e.source),
            Error::Stream(e) => Some(e),
            _ => None,
        }
    }
}

/// Which limit of a [`crate::Timeout`] fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Establishing the connection (TCP connect, proxy tunnel, TLS handshake).
    Connect,
    /// One read: the server sent nothing for this long.
    Read,
    /// One write: the server accepted nothing for this long.
    Write,
    /// The deadline across every attempt of the call (`Timeout::total`).
    Total,
    /// The operating system reported a socket operation as timed out.
    Os,
    /// The wait for a connection under `TransportConfig::max_connections`
    /// ([`Timeout::pool`](crate::Timeout::pool)).
    Pool,
}

impl TimeoutKind {
    fn describe(self) -> &'static str {
        match self {
            TimeoutKind::Connect => "the connect timeout",
            TimeoutKind::Read => "the read timeout (the longest wait for the server's next bytes)",
            TimeoutKind::Write => "the write timeout",
            TimeoutKind::Total => "the total timeout (the deadline across all attempts)",
            TimeoutKind::Os => "a timeout of the operating system's",
            TimeoutKind::Pool => "the wait for a free connection (max_connections in use)",
        }
    }
}

/// A timeout: which limit fired, how long that limit was, and how many attempts the call
/// had made (the retry budget is spent on timeouts like on connection errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeoutError {
    kind: TimeoutKind,
    limit: Option<Duration>,
    attempts: u32,
}

impl TimeoutError {
    /// A timeout of this kind in the first attempt, its limit not yet known (the
    /// [`Exchange`](crate::Exchange) fills in the limit and the attempt count when it returns
    /// the error).
    pub fn new(kind: TimeoutKind) -> TimeoutError {
        TimeoutError {
            kind,
            limit: None,
            attempts: 1,
        }
    }

    /// The same, with the limit that passed.
    pub fn limit(mut self, limit: Duration) -> TimeoutError {
        self.limit = Some(limit);
        self
    }

    /// The same, after this many attempts.
    pub fn attempts(mut self, attempts: u32) -> TimeoutError {
        self.attempts = attempts;
        self
    }

    /// Fills in what the driver did not know: the configured limit of this kind, and how
    /// many attempts were made. The total deadline is always named by its configured
    /// length: a driver that knew only what remained of it for the last step reports that.
    pub fn completed(mut self, timeout: &crate::Timeout, attempts: u32) -> TimeoutError {
        if self.kind == TimeoutKind::Total && timeout.total.is_some() {
            self.limit = timeout.total;
        }
        if self.limit.is_none() {
            self.limit = match self.kind {
                TimeoutKind::Connect => timeout.connect,
                TimeoutKind::Read => timeout.read,
                TimeoutKind::Write => timeout.write,
                TimeoutKind::Total => timeout.total,
                TimeoutKind::Pool => timeout.pool(),
                TimeoutKind::Os => None,
            };
        }
        self.attempts = attempts;
        self
    }

    /// Which limit fired.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// How long that limit was, if known.
    pub fn get_limit(&self) -> Option<Duration> {
        self.limit
    }

    /// How many attempts the call made, this one included.
    pub fn get_attempts(&self) -> u32 {
        self.attempts
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Python's sentence first: users match on it.
        f.write_str("Request timed out or interrupted: ")?;
        f.write_str(self.kind.describe())?;
        if let Some(limit) = self.limit {
            write!(f, " of {}", crate::timeout::format_seconds(limit))?;
            f.write_str(" s")?;
        }
        match self.attempts {
            0 => f.write_str(" passed before any attempt was made.")?,
            1 => f.write_str(" passed, on the first and only attempt.")?,
            n => write!(f, " passed, on the last of {n} attempts.")?,
        }
        f.write_str(
            " Raise the limit with `Timeout` (`ClientConfig::timeout` or \
             `RequestOptions::timeout`), or stream long responses. See \
             https://docs.anthropic.com/en/api/errors#long-requests for more details.",
        )
    }
}

impl std::error::Error for TimeoutError {}

impl From<TimeoutError> for Error {
    fn from(e: TimeoutError) -> Self {
        Error::Timeout(e)
    }
}

/// Which of Python's status error classes an [`ApiError`] corresponds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400 (`BadRequestError`); `invalid_request_error` in a stream.
    BadRequest,
    /// 401 (`AuthenticationError`); `authentication_error` in a stream.
    Authentication,
    /// 403 (`PermissionDeniedError`); `permission_error` in a stream.
    PermissionDenied,
    /// 404 (`NotFoundError`); `not_found_error` in a stream.
    NotFound,
    /// 409 (`ConflictError`).
    Conflict,
    /// 413 (`RequestTooLargeError`); `request_too_large` in a stream.
    RequestTooLarge,
    /// 422 (`UnprocessableEntityError`).
    UnprocessableEntity,
    /// 429 (`RateLimitError`); `rate_limit_error` in a stream.
    RateLimit,
    /// 529 (`OverloadedError`); `overloaded_error` in a stream.
    Overloaded,
    /// Any other 5xx (`InternalServerError`); `api_error` in a stream.
    InternalServer,
    /// 503 on Bedrock and Vertex (`ServiceUnavailableError`); the first-party API maps 503
    /// to [`InternalServer`](Self::InternalServer).
    ServiceUnavailable,
    /// 504 on Vertex (`DeadlineExceededError`).
    DeadlineExceeded,
    /// Any other status (`APIStatusError`), or an unknown error type in a stream.
    Other,
}

impl ApiErrorKind {
    /// The kind Python's synchronous client maps a status to (used by every client here:
    /// the async Python client's different 413 and 529 mapping is an accident).
    pub fn from_status(status: StatusCode) -> ApiErrorKind {
        match status.as_u16() {
            400 => ApiErrorKind::BadRequest,
            401 => ApiErrorKind::Authentication,
            403 => ApiErrorKind::PermissionDenied,
            404 => ApiErrorKind::NotFound,
            409 => ApiErrorKind::Conflict,
            413 => ApiErrorKind::RequestTooLarge,
            422 => ApiErrorKind::UnprocessableEntity,
            429 => ApiErrorKind::RateLimit,
            529 => ApiErrorKind::Overloaded,
            500..=599 => ApiErrorKind::InternalServer,
            _ => ApiErrorKind::Other,
        }
    }

    /// The kind an `error.type` in an error body names (used for `error` events inside a
    /// 200 stream, where the status says nothing).
    pub fn from_error_type(error_type: &str) -> ApiErrorKind {
        match error_type {
            "invalid_request_error" => ApiErrorKind::BadRequest,
            "authentication_error" => ApiErrorKind::Authentication,
            "permission_error" => ApiErrorKind::PermissionDenied,
            "not_found_error" => ApiErrorKind::NotFound,
            "request_too_large" => ApiErrorKind::RequestTooLarge,
            "rate_limit_error" => ApiErrorKind::RateLimit,
            "overloaded_error" => ApiErrorKind::Overloaded,
            "api_error" => ApiErrorKind::InternalServer,
            _ => ApiErrorKind::Other,
        }
    }
}

/// An error answer from the API: status, headers, body and request id.
#[derive(Debug, Clone)]
pub struct ApiError {
    kind: ApiErrorKind,
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
    request_id: Option<String>,
    message: String,
}

impl ApiError {
    /// Builds the error for a non-2xx response from its status, headers and body bytes,
    /// as Python's `_make_status_error_from_response` does.
    pub fn from_response(status: StatusCode, headers: HeaderMap, body: &[u8]) -> ApiError {
        let text = crate::text::decode(&headers, body);
        let text = text.trim();
        let (body, message) = if text.is_empty() {
            (
                Value::String(String::new()),
                format!("Error code: {}", status.as_u16()),
            )
        } else {
            match serde_json::from_str::<Value>(text) {
                Ok(Value::String(s)) => {
                    let message = format!("Error code: {} - {}", status.as_u16(), s);
                    (Value::String(s), message)
                }
                Ok(value) => {
                    let message = format!("Error code: {} - {}", status.as_u16(), value);
                    (value, message)
                }
                Err(_) => (Value::String(text.to_owned()), text.to_owned()),
            }
        };
        let request_id = request_id_of(&headers);
        ApiError {
            kind: ApiErrorKind::from_status(status),
            status,
            headers,
            body,
            request_id,
            message,
        }
    }

    /// Builds the error for an `error` event received inside a stream that had answered
    /// `status` (normally 200). The kind comes from the event's `error.type`; the message
    /// is the event data as JSON.
    pub fn from_stream_event(status: StatusCode, headers: HeaderMap, data: &str) -> ApiError {
        let (body, message) = match serde_json::from_str::<Value>(data) {
            Ok(value) => {
                let message = value.to_string();
                (value, message)
            }
            // Python's `sse.data or f"Error code: ..."`: only empty data has no message.
            Err(_) if data.is_empty() => (
                Value::String(String::new()),
                format!("Error code: {}", status.as_u16()),
            ),
            Err(_) => (Value::String(data.to_owned()), data.to_owned()),
        };
        let kind = body
            .pointer("/error/type")
            .and_then(Value::as_str)
            .map_or(ApiErrorKind::Other, ApiErrorKind::from_error_type);
        let request_id = request_id_of(&headers);
        ApiError {
            kind,
            status,
            headers,
            body,
            request_id,
            message,
        }
    }

    /// An error from its parts (platform-specific errors: Bedrock stream exceptions).
    pub(crate) fn from_parts(
        kind: ApiErrorKind,
        status: StatusCode,
        headers: HeaderMap,
        body: Value,
        message: String,
    ) -> ApiError {
        let request_id = request_id_of(&headers);
        ApiError {
            kind,
            status,
            headers,
            body,
            request_id,
            message,
        }
    }

    /// The same error with another kind (a platform's own status table).
    pub(crate) fn with_kind(mut self, kind: ApiErrorKind) -> ApiError {
        self.kind = kind;
        self
    }

    /// Which Python error class this corresponds to.
    pub fn kind(&self) -> ApiErrorKind {
        self.kind
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body: parsed JSON if it parsed, else the whitespace-trimmed text as a JSON string.
    pub fn body(&self) -> &Value {
        &self.body
    }

    /// The body as the API's standard error object (`{"type":"error","error":{..}}`), if it
    /// has that shape.
    pub fn error_body(&self) -> Option<ErrorResponse> {
        serde_json::from_value(self.body.clone()).ok()
    }

    /// The `error.type` of the standard error body (`overloaded_error`, …), if present.
    pub fn error_type(&self) -> Option<&str> {
        self.body.pointer("/error/type").and_then(Value::as_str)
    }

    /// The `error.message` of the standard error body, if present.
    pub fn error_message(&self) -> Option<&str> {
        self.body.pointer("/error/message").and_then(Value::as_str)
    }

    /// The `request-id` response header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The error message (`Error code: 429 - {...}`).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl From<StreamError> for Error {
    fn from(e: StreamError) -> Self {
        Error::Stream(e)
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

/// A failure to connect or to complete an exchange (refused, reset, closed early, TLS).
#[derive(Debug)]
pub struct ConnectionError {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl ConnectionError {
    /// Wraps the transport's error.
    pub fn new(
        message: impl Into<String>,
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> ConnectionError {
        ConnectionError {
            message: message.into(),
            source,
        }
    }

    /// What went wrong, in the transport's words.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The transport's own error, for a driver that decides by its kind.
    pub fn transport_error(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        self.source.as_deref()
    }

    /// Whether the peer refused the connection's bytes: an I/O error of kind
    /// `ConnectionReset`, `ConnectionAborted` or `BrokenPipe` anywhere in the source
    /// chain. A socket closed with bytes unread answers them with a reset, so a reset
    /// that answers a request just written means the server did not read it whole (one
    /// that comes later may be a middlebox's, after the request was taken). A clean end
    /// of the stream (EOF) is not a refusal: the server may have read the request and
    /// closed on purpose.
    pub fn peer_refused(&self) -> bool {
        let mut source = self
            .transport_error()
            .map(|e| e as &(dyn std::error::Error + 'static));
        while let Some(e) = source {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset};
                if matches!(io.kind(), ConnectionReset | ConnectionAborted | BrokenPipe) {
                    return true;
                }
            }
            source = e.source();
        }
        false
    }
}

impl fmt::Display for ConnectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Connection error: {}", self.message)
    }
}

/// A success response whose body is not what the endpoint returns.
#[derive(Debug)]
pub struct DecodeError {
    /// The type the body should have decoded as (`Message`, `Page<ModelInfo>`, …).
    pub expected: &'static str,
    /// The response status.
    pub status: StatusCode,
    /// The raw body, lossily decoded as UTF-8.
    pub body: String,
    /// The `request-id` response header.
    pub request_id: Option<String>,
    /// What serde said.
    pub source: serde_json::Error,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the response body as {}: {} (body: {})",
            self.expected,
            self.source,
            truncate(&self.body, 512)
        )
    }
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The `request-id` header of a response (repeated values joined by `", "`, as Python
/// reads it).
pub fn request_id_of(headers: &HeaderMap) -> Option<String> {
    crate::headers::joined(headers, "request-id").map(|id| id.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16) -> StatusCode {
        StatusCode::from_u16(code).unwrap()
    }

    /// Python builds the message from `response.text`, which honours the charset.
    #[test]
    fn a_text_error_body_is_decoded_by_its_charset() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "content-type",
            "text/plain; charset=iso-8859-1".parse().unwrap(),
        );
        let error = ApiError::from_response(status(502), headers, b" caf\xe9 down ");
        assert_eq!(error.message(), "caf\u{e9} down");
        assert_eq!(error.body(), &Value::String("caf\u{e9} down".into()));
    }

    #[test]
    fn status_mapping_is_pythons_sync_table() {
        let cases = [
            (400, ApiErrorKind::BadRequest),
            (401, ApiErrorKind::Authentication),
            (403, ApiErrorKind::PermissionDenied),
            (404, ApiErrorKind::NotFound),
            (409, ApiErrorKind::Conflict),
            (413, ApiErrorKind::RequestTooLarge),
            (422, ApiErrorKind::UnprocessableEntity),
            (429, ApiErrorKind::RateLimit),
            (529, ApiErrorKind::Overloaded),
            (500, ApiErrorKind::InternalServer),
            (501, ApiErrorKind::InternalServer),
            (502, ApiErrorKind::InternalServer),
            (503, ApiErrorKind::InternalServer),
            (504, ApiErrorKind::InternalServer),
            (599, ApiErrorKind::InternalServer),
            (402, ApiErrorKind::Other),
            (405, ApiErrorKind::Other),
            (408, ApiErrorKind::Other),
            (410, ApiErrorKind::Other),
            (304, ApiErrorKind::Other),
        ];
        for (code, kind) in cases {
            let e = ApiError::from_response(status(code), HeaderMap::new(), b"");
            assert_eq!(e.kind(), kind, "{code}");
            assert_eq!(e.status().as_u16(), code);
        }
    }

    #[test]
    fn messages_and_bodies() {
        let mut headers = HeaderMap::new();
        headers.insert("request-id", "req_123".parse().unwrap());
        let body = br#" {"type":"error","error":{"type":"overloaded_error","message":"boom"}} "#;
        let e = ApiError::from_response(status(529), headers, body);
        assert_eq!(
            e.message(),
            r#"Error code: 529 - {"type":"error","error":{"type":"overloaded_error","message":"boom"}}"#
        );
        assert_eq!(e.error_type(), Some("overloaded_error"));
        assert_eq!(e.error_message(), Some("boom"));
        let typed = e.error_body().unwrap();
        assert_eq!(typed.error.message, "boom");
        assert_eq!(typed.error.r#type.as_str(), "overloaded_error");
        assert_eq!(e.request_id(), Some("req_123"));

        let e = ApiError::from_response(status(502), HeaderMap::new(), b"  upstream exploded \n");
        assert_eq!(e.message(), "upstream exploded");
        assert_eq!(e.body(), &Value::String("upstream exploded".into()));

        let e = ApiError::from_response(status(503), HeaderMap::new(), b"");
        assert_eq!(e.message(), "Error code: 503");

        let e = ApiError::from_response(status(400), HeaderMap::new(), br#""just a string""#);
        assert_eq!(e.message(), "Error code: 400 - just a string");
    }

    #[test]
    fn stream_error_event_is_typed_by_its_error_type() {
        let data = r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#;
        let e = ApiError::from_stream_event(StatusCode::OK, HeaderMap::new(), data);
        assert_eq!(e.kind(), ApiErrorKind::Overloaded);
        assert_eq!(e.status(), StatusCode::OK);
        assert_eq!(e.message(), data);

        // Data that is not JSON is the body and the message; only empty data has none
        // (Python's `sse.data or f"Error code: ..."`).
        let e = ApiError::from_stream_event(StatusCode::OK, HeaderMap::new(), "   ");
        assert_eq!(
            (e.message(), e.body()),
            ("   ", &Value::String("   ".into()))
        );
        let e = ApiError::from_stream_event(StatusCode::OK, HeaderMap::new(), "");
        assert_eq!(e.message(), "Error code: 200");
    }

    #[test]
    fn timeouts_say_which_limit_how_long_and_after_how_many_attempts() {
        let error = Error::Timeout(
            TimeoutError::new(TimeoutKind::Read).completed(&crate::Timeout::DEFAULT, 3),
        );
        let message = error.to_string();
        assert!(
            message.starts_with("Request timed out or interrupted"),
            "{message}"
        );
        assert!(message.contains("the read timeout"), "{message}");
        assert!(message.contains("of 600 s"), "{message}");
        assert!(message.contains("the last of 3 attempts"), "{message}");
        let total = TimeoutError::new(TimeoutKind::Total)
            .limit(Duration::from_millis(1500))
            .attempts(1);
        let message = total.to_string();
        assert!(message.contains("the total timeout"), "{message}");
        assert!(message.contains("of 1.5 s"), "{message}");
        assert!(message.contains("first and only attempt"), "{message}");
    }

    #[test]
    fn debug_is_the_message_with_its_causes() {
        // What `fn main() -> Result<(), Error>` shows.
        let shown = format!("{:?}", Error::MissingCredentials);
        assert!(
            shown.starts_with("Could not resolve authentication method"),
            "{shown}"
        );
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused by peer");
        let error = Error::Connection(ConnectionError::new("connect failed", Some(Box::new(io))));
        let shown = format!("{error:?}");
        assert_eq!(
            shown,
            "Connection error: connect failed\n\nCaused by:\n    refused by peer"
        );
        assert!(format!("{error:#?}").starts_with("Connection("));
    }

    #[test]
    fn credential_and_guard_texts() {
        assert!(Error::MissingCredentials.to_string().starts_with(
            "Could not resolve authentication method. Expected either api_key or auth_token"
        ));
        assert!(Error::StreamingRequired.to_string().starts_with(
            "Streaming is required for operations that may take longer than 10 minutes."
        ));
    }
}
