//! `POST /v1/messages` and `POST /v1/messages/count_tokens`.

use http::Method;

use crate::error::Error;
use crate::request::Call;
use crate::types::{Message, MessageCountTokensParams, MessageCreateParams, MessageTokensCount};

/// Marker for a call whose response is a stream of server-sent events.
#[derive(Debug, Clone, Copy)]
pub struct EventStream;

/// Models past or near their end of life, with the date, as Python's `DEPRECATED_MODELS`:
/// using one logs a warning (the request is still sent).
pub const DEPRECATED_MODELS: &[(&str, &str)] = &[
    ("claude-1.3", "November 6th, 2024"),
    ("claude-1.3-100k", "November 6th, 2024"),
    ("claude-instant-1.1", "November 6th, 2024"),
    ("claude-instant-1.1-100k", "November 6th, 2024"),
    ("claude-instant-1.2", "November 6th, 2024"),
    ("claude-3-sonnet-20240229", "July 21st, 2025"),
    ("claude-3-opus-20240229", "January 5th, 2026"),
    ("claude-2.1", "July 21st, 2025"),
    ("claude-2.0", "July 21st, 2025"),
    ("claude-3-7-sonnet-latest", "February 19th, 2026"),
    ("claude-3-7-sonnet-20250219", "February 19th, 2026"),
    ("claude-3-5-haiku-latest", "February 19th, 2026"),
    ("claude-3-5-haiku-20241022", "February 19th, 2026"),
];

fn warn_if_deprecated(model: &str) {
    if let Some((_, date)) = DEPRECATED_MODELS.iter().find(|(name, _)| *name == model) {
        tracing::warn!(
            target: "anthropic",
            "The model '{model}' is deprecated and will reach end-of-life on {date}.\nPlease \
             migrate to a newer model. Visit \
             https://docs.anthropic.com/en/docs/resources/model-deprecations for more information."
        );
    }
}

/// `messages.create` without streaming: the long-request guard applies, and `stream` is
/// never sent as `true` (use [`create_stream`] for that).
pub fn create(params: &MessageCreateParams, beta: bool) -> Result<Call<Message>, Error> {
    warn_if_deprecated(params.model.as_str());
    let call = Call::new(Method::POST, "/v1/messages", "Message")
        .beta(beta)
        .betas(&params.betas)
        .guard_nonstreaming(params.model.as_str(), params.max_tokens);
    with_stream(call, params, None)
}

/// `messages.create` with `stream: true`: the response is an event stream.
pub fn create_stream(params: &MessageCreateParams, beta: bool) -> Result<Call<EventStream>, Error> {
    warn_if_deprecated(params.model.as_str());
    let call = Call::new(Method::POST, "/v1/messages", "event stream")
        .beta(beta)
        .betas(&params.betas)
        .streaming(true);
    with_stream(call, params, Some(true))
}

/// Serializes `params` with `stream` forced to `stream` (`None`: left out), copying the
/// params only in the rare case that they carry a different `stream` themselves.
fn with_stream<T>(
    call: Call<T>,
    params: &MessageCreateParams,
    stream: Option<bool>,
) -> Result<Call<T>, Error> {
    if params.stream == stream {
        return call.json_body(params);
    }
    let mut params = params.clone();
    params.stream = stream;
    call.json_body(&params)
}

/// The stream helper's request (`messages.stream`): `create_stream` plus the helper
/// headers Python sends (`X-Stainless-Helper-Method: stream`, `X-Stainless-Stream-Helper`).
pub fn stream(params: &MessageCreateParams, beta: bool) -> Result<Call<EventStream>, Error> {
    let helper = if beta { "beta.messages" } else { "messages" };
    Ok(create_stream(params, beta)?
        .header("x-stainless-helper-method", "stream")
        .header("x-stainless-stream-helper", helper))
}

/// `messages.count_tokens`.
pub fn count_tokens(
    params: &MessageCountTokensParams,
    beta: bool,
) -> Result<Call<MessageTokensCount>, Error> {
    Call::new(
        Method::POST,
        "/v1/messages/count_tokens",
        "MessageTokensCount",
    )
    .beta(beta)
    .betas(&params.betas)
    .json_body(params)
}
