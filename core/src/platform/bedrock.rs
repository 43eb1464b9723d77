//! Amazon Bedrock: how a Messages (or legacy completions) call becomes a Bedrock
//! `InvokeModel` request, how it is signed, and how its event stream becomes the same
//! typed [`StreamEvent`](crate::stream::StreamEvent)s as the first-party SSE stream.
//!
//! # Request rewriting (Python's `_prepare_options`, applied once per call here: its
//! result is the same for every attempt)
//!
//! 1. A JSON object body gets `anthropic_version: "bedrock-2023-05-31"` unless it has the
//!    key; the **per-request** `anthropic-beta` header (the call's `betas`, or the
//!    request options' header), when non-empty, becomes `anthropic_beta` split on `,`
//!    unless the body has the key. The client's default `anthropic-beta` does not.
//! 2. `POST /v1/messages` and `POST /v1/complete` (beta or not): `model` and `stream` leave
//!    the body; the path becomes `/model/{model}/invoke`, or
//!    `/model/{model}/invoke-with-response-stream` when `stream` was true, with the model
//!    percent-encoded except for `:` (`/` → `%2F`, space → `%20`); the query is dropped.
//! 3. `/v1/messages/batches…` and `/v1/messages/count_tokens` are refused before sending,
//!    with Python's messages.
//!
//! The request options' extra body fields are merged after this, so they can override
//! `anthropic_version` or put `model` back (as in Python).
//!
//! Every attempt is signed anew (SigV4, service `bedrock`, [`super::sigv4`]) with the
//! credentials the provider gives for that attempt and the time of that attempt.

use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use http::{HeaderMap, Method, StatusCode};
use serde_json::{Map, Value};

use super::aws_credentials::AwsCredentialsProvider;
use super::eventstream::{EventStreamDecoder, Frame};
use crate::error::{ApiError, ApiErrorKind, Error};
use crate::request::Call;
use crate::stream::event::{Decoded, decode_event};

/// The `anthropic_version` Bedrock expects in the body.
pub const BEDROCK_VERSION: &str = "bedrock-2023-05-31";
/// The SigV4 service name.
pub const SERVICE: &str = "bedrock";

/// The Bedrock settings a client carries: region and credentials source.
#[derive(Clone)]
pub struct Bedrock {
    /// The region signatures are scoped to.
    pub region: String,
    /// Asked for credentials before every attempt.
    pub credentials: Arc<dyn AwsCredentialsProvider>,
}

impl fmt::Debug for Bedrock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bedrock")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .finish()
    }
}

impl PartialEq for Bedrock {
    fn eq(&self, other: &Self) -> bool {
        self.region == other.region && Arc::ptr_eq(&self.credentials, &other.credentials)
    }
}

/// The base URL: `ANTHROPIC_BEDROCK_BASE_URL` if set, else
/// `https://bedrock-runtime.{region}.amazonaws.com`.
pub fn base_url(region: &str, env: &dyn Fn(&str) -> Option<String>) -> String {
    env("ANTHROPIC_BEDROCK_BASE_URL")
        .unwrap_or_else(|| format!("https://bedrock-runtime.{region}.amazonaws.com"))
}

/// Percent-encodes a model id for the path: RFC 3986 unreserved characters and `:` stay.
pub fn encode_model(model: &str) -> String {
    let mut out = String::with_capacity(model.len());
    for &b in model.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b':' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Rewrites a call for Bedrock (see the module docs). `beta_header` is the per-request
/// `anthropic-beta` value.
pub(crate) fn rewrite<T>(call: &mut Call<T>, beta_header: Option<&str>) -> Result<(), Error> {
    let path = call.path.clone();
    if path.starts_with("/v1/messages/batches") {
        return Err(Error::InvalidRequest(
            "The Batch API is not supported in Bedrock yet".into(),
        ));
    }
    if path.starts_with("/v1/models") {
        return Err(Error::InvalidRequest(
            "The Models API is not supported in Bedrock".into(),
        ));
    }
    if !matches!(
        path.as_str(),
        "/v1/messages" | "/v1/complete" | "/v1/messages/count_tokens"
    ) {
        // Python's Bedrock client has only messages and completions (files, skills and
        // the rest do not exist there), so nothing else may be signed and sent.
        return Err(Error::InvalidRequest(format!(
            "{path} is not supported in Bedrock"
        )));
    }
    if path == "/v1/messages/count_tokens" {
        return Err(Error::InvalidRequest(
            "Token counting is not supported in Bedrock yet".into(),
        ));
    }
    let mut body = match call.body.as_deref().map(serde_json::from_slice::<Value>) {
        Some(Ok(Value::Object(map))) => Some(map),
        _ => None,
    };
    if let Some(map) = body.as_mut() {
        if !map.contains_key("anthropic_version") {
            map.insert("anthropic_version".into(), BEDROCK_VERSION.into());
        }
        if let Some(betas) = beta_header.filter(|b| !b.is_empty()) {
            if !map.contains_key("anthropic_beta") {
                let list = betas.split(',').map(|b| Value::String(b.to_owned()));
                map.insert("anthropic_beta".into(), Value::Array(list.collect()));
            }
        }
    }
    if call.method == Method::POST && (path == "/v1/messages" || path == "/v1/complete") {
        let Some(map) = body.as_mut() else {
            return Err(Error::InvalidRequest(
                "Expected dictionary json_data for post /completions endpoint".into(),
            ));
        };
        let model = match map.shift_remove("model") {
            Some(Value::String(model)) => model,
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let stream = matches!(map.shift_remove("stream"), Some(Value::Bool(true)));
        let action = if stream {
            "invoke-with-response-stream"
        } else {
            "invoke"
        };
        call.path = format!("/model/{}/{action}", encode_model(&model));
        call.drop_beta_marker();
    }
    if let Some(map) = body {
        call.body = Some(crate::json::body_bytes(&Value::Object(map))?);
    }
    Ok(())
}

/// Bedrock's status → error kind table: 413 is a plain status error, 503 service
/// unavailable, 529 an internal server error; the rest as first-party.
pub fn error_kind(status: StatusCode) -> ApiErrorKind {
    match status.as_u16() {
        413 => ApiErrorKind::Other,
        503 => ApiErrorKind::ServiceUnavailable,
        529 => ApiErrorKind::InternalServer,
        _ => ApiErrorKind::from_status(status),
    }
}

/// The HTTP status Bedrock's service model gives an exception of a stream.
pub fn exception_status(exception_type: &str) -> StatusCode {
    let code = match exception_type {
        "throttlingException" => 429,
        "validationException" => 400,
        "modelStreamErrorException" => 424,
        "modelTimeoutException" => 408,
        "internalServerException" => 500,
        "serviceUnavailableException" => 503,
        "accessDeniedException" => 403,
        "resourceNotFoundException" => 404,
        "serviceQuotaExceededException" => 429,
        "modelNotReadyException" => 429,
        _ => 500,
    };
    StatusCode::from_u16(code).expect("valid status")
}

/// Turns event-stream frames into the events of a Messages stream: each `chunk` event
/// carries one Anthropic event, base64-encoded in its `bytes`; other events are ignored;
/// `exception` and `error` frames become typed API errors.
#[derive(Debug, Default)]
pub struct BedrockChunks {
    frames: EventStreamDecoder,
}

impl BedrockChunks {
    /// A decoder for one response body.
    pub fn new() -> Self {
        BedrockChunks::default()
    }

    /// Appends body bytes.
    pub fn feed(&mut self, bytes: &[u8]) {
        self.frames.feed(bytes);
    }

    /// Marks the end of the body.
    pub fn finish(&mut self) {
        self.frames.finish();
    }

    /// Whether the end of the body was reached.
    pub fn is_finished(&self) -> bool {
        self.frames.is_finished()
    }

    /// Whether bytes of an unfinished frame are buffered.
    pub fn has_partial_frame(&self) -> bool {
        self.frames.has_partial_frame()
    }

    /// The next stream event (or error event), `Ok(None)` when more bytes are needed.
    pub fn next_decoded(
        &mut self,
        status: StatusCode,
        headers: &HeaderMap,
    ) -> Result<Option<Decoded>, Error> {
        let Some(text) = self.next_chunk(status, headers)? else {
            return Ok(None);
        };
        let ty = chunk_type(&text)?;
        decode_event(ty.as_deref(), &text)
            .map(Some)
            .map_err(Error::Stream)
    }

    /// The JSON text the next `chunk` event carries (base64 in its payload's `bytes`),
    /// `Ok(None)` when more bytes are needed. Other events are skipped; `exception` and
    /// `error` frames are typed API errors.
    pub fn next_chunk(
        &mut self,
        status: StatusCode,
        headers: &HeaderMap,
    ) -> Result<Option<String>, Error> {
        loop {
            let frame = self
                .frames
                .next_frame()
                .map_err(|e| Error::Stream(crate::stream::StreamError::EventStream(e)))?;
            let Some(frame) = frame else {
                return Ok(None);
            };
            match frame.string_header(":message-type") {
                Some("event") if frame.string_header(":event-type") == Some("chunk") => {
                    match chunk_text(&frame)? {
                        Some(text) => return Ok(Some(text)),
                        None => continue,
                    }
                }
                Some("event") => continue,
                Some("exception") | Some("error") => {
                    return Err(exception_error(&frame, status, headers).into());
                }
                _ => continue,
            }
        }
    }
}

fn invalid_chunk(reason: String, data: String) -> Error {
    Error::Stream(crate::stream::StreamError::EventDataWrongShape {
        event: "chunk".into(),
        reason,
        data,
    })
}

/// The text in a `chunk` frame's `bytes`, or `None` for a chunk with no `bytes` or empty
/// ones, which Python's decoder skips (botocore parses the payload to an empty chunk, or
/// to an empty message).
fn chunk_text(frame: &Frame) -> Result<Option<String>, Error> {
    let payload = || String::from_utf8_lossy(&frame.payload).into_owned();
    #[derive(serde::Deserialize)]
    struct Chunk<'a> {
        #[serde(borrow, default)]
        bytes: Option<std::borrow::Cow<'a, str>>,
    }
    let chunk: Chunk<'_> = serde_json::from_slice(&frame.payload)
        .map_err(|e| Error::Stream(crate::stream::event::data_error("chunk", &payload(), &e)))?;
    let Some(bytes) = chunk.bytes.filter(|b| !b.is_empty()) else {
        return Ok(None);
    };
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(bytes.as_bytes())
        .map_err(|e| invalid_chunk(format!("`bytes` is not base64: {e}"), payload()))?;
    String::from_utf8(decoded)
        .map(Some)
        .map_err(|_| invalid_chunk("`bytes` is not UTF-8".into(), payload()))
}

/// The `type` of a chunk's JSON object (`None` when it has none), or a typed error when
/// the chunk is not a JSON object.
pub(crate) fn chunk_type(text: &str) -> Result<Option<String>, Error> {
    #[derive(serde::Deserialize)]
    struct Typed<'a> {
        #[serde(rename = "type", borrow)]
        ty: Option<std::borrow::Cow<'a, str>>,
    }
    serde_json::from_str::<Typed<'_>>(text)
        .map(|t| t.ty.map(|t| t.into_owned()))
        .map_err(|e| {
            invalid_chunk(
                format!("the event is not a JSON object: {e}"),
                text.to_owned(),
            )
        })
}

/// An `exception` (or `error`) frame as the API error its type maps to. The message is
/// Python's `Bad response code, expected 200: …` with the frame's headers and body shown
/// as JSON.
fn exception_error(frame: &Frame, status: StatusCode, headers: &HeaderMap) -> ApiError {
    let exception = frame
        .string_header(":exception-type")
        .or_else(|| frame.string_header(":error-code"))
        .unwrap_or("unknownException");
    let mapped = exception_status(exception);
    let mut shown = Map::new();
    for (name, value) in &frame.headers {
        let value = match value {
            super::eventstream::HeaderValue::String(s) => Value::String(s.clone()),
            other => Value::String(format!("{other:?}")),
        };
        shown.insert(name.clone(), value);
    }
    let payload = String::from_utf8_lossy(&frame.payload).into_owned();
    let body = match serde_json::from_slice::<Value>(&frame.payload) {
        Ok(value) => value,
        Err(_) => {
            let mut map = Map::new();
            if let Some(message) = frame.string_header(":error-message") {
                map.insert("message".into(), message.into());
            }
            Value::Object(map)
        }
    };
    let message = format!(
        "Bad response code, expected 200: {}",
        serde_json::json!({"status_code": 400, "headers": shown, "body": payload})
    );
    let _ = status;
    ApiError::from_parts(error_kind(mapped), mapped, headers.clone(), body, message)
}
