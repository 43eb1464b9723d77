//! The mock's Google Vertex AI endpoints:
//! `POST /v1/projects/{p}/locations/{r}/publishers/anthropic/models/{model}:rawPredict`
//! (`:streamRawPredict` for streams, `count-tokens:rawPredict` for token counting).
//!
//! A request needs `authorization: Bearer <token>` (else Google's 401 `UNAUTHENTICATED`)
//! and `anthropic_version: "vertex-2023-10-16"` in its body (else a 400); it is then
//! answered as the first-party `POST /v1/messages` (or `count_tokens`) would be, with the
//! model from the path; streams are SSE.

use serde_json::{Value, json};

use crate::capture::CapturedRequest;
use crate::defaults::default_response;
use crate::script::MockResponse;

/// Answers a Vertex request, or `None` for other paths.
pub(crate) fn route(request: &CapturedRequest) -> Option<MockResponse> {
    let path = request.path_only();
    let rest = path.strip_prefix("/v1/projects/")?;
    let (_, rest) = rest.split_once("/locations/")?;
    let (_, rest) = rest.split_once("/publishers/anthropic/models/")?;
    let (model, specifier) = rest.rsplit_once(':')?;
    let bearer = request
        .header("authorization")
        .and_then(|a| a.strip_prefix("Bearer "))
        .filter(|t| !t.is_empty());
    if bearer.is_none() {
        return Some(MockResponse::json(
            401,
            json!({"error": {"code": 401, "message": "Request had invalid authentication credentials.", "status": "UNAUTHENTICATED"}}),
        ));
    }
    let mut body = match serde_json::from_slice::<Value>(&request.body) {
        Ok(Value::Object(map)) => map,
        _ => {
            return Some(MockResponse::error(
                400,
                "invalid_request_error",
                "body must be a JSON object",
            ));
        }
    };
    if body.get("anthropic_version") != Some(&Value::String("vertex-2023-10-16".into())) {
        return Some(MockResponse::error(
            400,
            "invalid_request_error",
            "anthropic_version: vertex-2023-10-16 is required",
        ));
    }
    let mut translated = request.clone();
    translated
        .headers
        .push(("x-api-key".into(), "vertex".into()));
    match (model, specifier) {
        ("count-tokens", "rawPredict") => {
            translated.path = "/v1/messages/count_tokens".into();
        }
        (model, "rawPredict" | "streamRawPredict") => {
            let streaming = specifier == "streamRawPredict";
            if body.get("stream") == Some(&Value::Bool(true)) && !streaming {
                return Some(MockResponse::error(
                    400,
                    "invalid_request_error",
                    "stream: true requires :streamRawPredict",
                ));
            }
            body.insert("model".into(), crate::bedrock::percent_decode(model).into());
            translated.path = "/v1/messages".into();
        }
        _ => return Some(MockResponse::error(404, "not_found_error", "Not found")),
    }
    translated.body = Value::Object(body).to_string().into_bytes();
    Some(default_response(&translated))
}
