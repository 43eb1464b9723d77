//! The mock's Amazon Bedrock endpoints: `POST /model/{model}/invoke` and
//! `POST /model/{model}/invoke-with-response-stream`, SigV4-verified.
//!
//! Each request's signature is recomputed from [`TEST_SECRET_KEY`] (by this crate's own
//! SigV4 implementation, [`verify`]); a request signed with another access key gets
//! Bedrock's 403 `UnrecognizedClientException`, a wrong signature its 403
//! `InvalidSignatureException`, a body without `anthropic_version:
//! "bedrock-2023-05-31"` a 400 `ValidationException`. A valid request is answered as the
//! first-party `POST /v1/messages` would be (the model taken from the path), or as
//! `POST /v1/complete` when the body is a legacy completion (it has a `prompt`), errors
//! as Bedrock's `{"message": ..}` bodies, and streams in the AWS event-stream framing (one
//! `chunk` frame per event). Streamed completions come in Bedrock's own chunk shape:
//! `{"completion": .., "stop_reason": .., "stop": ..}`, without `type`, and no pings.
//!
//! Scripted responses ([`crate::MockServer::enqueue`]) come first, as everywhere: build
//! Bedrock streams for them with [`stream_response`] and [`stream_with_exception`], and
//! check the signature of any captured request with [`verify`].

use serde_json::{Value, json};

use crate::capture::CapturedRequest;
use crate::defaults::default_response;
use crate::script::{Body, Framing, MockResponse};
use crate::sse::SseEvent;

pub use crate::eventstream::{chunk, exception, frame};
pub use crate::sigv4::{Verified, verify as verify_with};

/// The access key id the mock accepts.
pub const TEST_ACCESS_KEY: &str = "AKIDMOCKEXAMPLE";
/// The secret the mock verifies signatures with.
pub const TEST_SECRET_KEY: &str = "mock/secret+key/EXAMPLE";
/// The content type of Bedrock's streamed answers.
pub const EVENT_STREAM: &str = "application/vnd.amazon.eventstream";

/// Verifies a captured request's SigV4 signature against [`TEST_SECRET_KEY`].
pub fn verify(request: &CapturedRequest) -> Result<Verified, String> {
    crate::sigv4::verify(request, TEST_SECRET_KEY)
}

/// A 200 event-stream answer carrying these events as `chunk` frames.
pub fn stream_response(events: &[SseEvent]) -> MockResponse {
    MockResponse::body(200, EVENT_STREAM, crate::eventstream::from_sse(events))
        .framing(Framing::Chunked)
}

/// A 200 event-stream answer: these events, then an `exception` frame.
pub fn stream_with_exception(
    events: &[SseEvent],
    exception_type: &str,
    message: &str,
) -> MockResponse {
    let mut body = crate::eventstream::from_sse(events);
    body.extend(exception(exception_type, message));
    MockResponse::body(200, EVENT_STREAM, body).framing(Framing::Chunked)
}

/// A Bedrock error answer: `{"message": ..}` with the `x-amzn-ErrorType` header.
pub fn error(status: u16, error_type: &str, message: &str) -> MockResponse {
    MockResponse::json(status, json!({ "message": message })).header("x-amzn-ErrorType", error_type)
}

/// Answers a Bedrock request, or `None` for other paths.
pub(crate) fn route(request: &CapturedRequest) -> Option<MockResponse> {
    let path = request.path_only();
    let rest = path.strip_prefix("/model/")?;
    let (model, stream) = if let Some(m) = rest.strip_suffix("/invoke-with-response-stream") {
        (m, true)
    } else if let Some(m) = rest.strip_suffix("/invoke") {
        (m, false)
    } else {
        return None;
    };
    if request.method != "POST" {
        return Some(error(404, "UnknownOperationException", "Not found"));
    }
    let scope_key = request
        .header("authorization")
        .and_then(|a| a.split("Credential=").nth(1))
        .and_then(|c| c.split('/').next());
    match scope_key {
        None => {
            return Some(error(
                403,
                "MissingAuthenticationTokenException",
                "Missing Authentication Token",
            ));
        }
        Some(key) if key != TEST_ACCESS_KEY => {
            return Some(error(
                403,
                "UnrecognizedClientException",
                "The security token included in the request is invalid.",
            ));
        }
        Some(_) => {}
    }
    if let Err(why) = verify(request) {
        return Some(error(403, "InvalidSignatureException", &why));
    }
    let mut body = match serde_json::from_slice::<Value>(&request.body) {
        Ok(Value::Object(map)) => map,
        _ => return Some(error(400, "ValidationException", "Malformed input request")),
    };
    if body.get("anthropic_version") != Some(&Value::String("bedrock-2023-05-31".into())) {
        return Some(error(
            400,
            "ValidationException",
            "Malformed input request: #: required key [anthropic_version] not found",
        ));
    }
    for key in ["model", "stream"] {
        if body.contains_key(key) {
            return Some(error(
                400,
                "ValidationException",
                &format!("Malformed input request: #: extraneous key [{key}] is not permitted"),
            ));
        }
    }
    body.insert("model".into(), percent_decode(model).into());
    if stream {
        body.insert("stream".into(), true.into());
    }
    let completion = body.contains_key("prompt");
    let mut translated = request.clone();
    translated.path = if completion {
        "/v1/complete".into()
    } else {
        "/v1/messages".into()
    };
    translated.body = Value::Object(body).to_string().into_bytes();
    translated
        .headers
        .push(("x-api-key".into(), "bedrock".into()));
    Some(if completion {
        completion_to_bedrock(crate::completions::handle(&translated))
    } else {
        to_bedrock(default_response(&translated))
    })
}

/// A completion answer as Bedrock streams it: chunks `{"completion", "stop_reason",
/// "stop"}` (no `type`, `id` or `model`), pings dropped.
fn completion_to_bedrock(response: MockResponse) -> MockResponse {
    let Body::Sse(events) = &response.body else {
        return to_bedrock(response);
    };
    let mut frames = Vec::new();
    for event in events {
        if event.event.as_deref() != Some("completion") {
            continue;
        }
        let Some(Ok(value)) = event.data.as_deref().map(serde_json::from_str::<Value>) else {
            continue;
        };
        let stop_reason = value.get("stop_reason").cloned().unwrap_or(Value::Null);
        let stop = match stop_reason {
            Value::Null => Value::Null,
            _ => "\n\nHuman:".into(),
        };
        let piece = json!({
            "completion": value.get("completion").cloned().unwrap_or_default(),
            "stop_reason": stop_reason,
            "stop": stop,
        });
        frames.extend(chunk(&piece.to_string()));
    }
    MockResponse::body(200, EVENT_STREAM, frames).framing(Framing::Chunked)
}

/// A first-party answer in Bedrock's shape: errors as `{"message": ..}`, SSE as frames.
fn to_bedrock(response: MockResponse) -> MockResponse {
    let status = response.status;
    match response.body {
        Body::Error(_, message) => error(status, "ValidationException", &message),
        Body::Sse(events) => stream_response(&events),
        _ => response,
    }
}

/// Decodes `%XX` escapes of a path segment (`+` stays a plus).
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
