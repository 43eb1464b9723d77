//! `POST /v1/messages` and `POST /v1/messages/count_tokens`.

use http::Method;

use crate::error::Error;
use crate::request::Call;
use crate::types::{Message, MessageCountTokensParams, MessageCreateParams, MessageTokensCount};

/// Marker for a call whose response is a stream of server-sent events.
#[derive(Debug, Clone, Copy)]
pub struct EventStream;

/// `messages.create` without streaming: the long-request guard applies, and `stream` is
/// never sent as `true` (use [`create_stream`] for that).
pub fn create(params: &MessageCreateParams, beta: bool) -> Result<Call<Message>, Error> {
    let mut body = serde_json::to_value(params)
        .map_err(|e| Error::InvalidRequest(format!("could not serialize the params: {e}")))?;
    if let Some(fields) = body.as_object_mut() {
        fields.remove("stream");
    }
    Ok(Call::new(Method::POST, "/v1/messages".into(), "Message")
        .beta(beta)
        .betas(&params.betas)
        .json_body(&body)?
        .guard_nonstreaming(params.model.as_str(), params.max_tokens))
}

/// `messages.create` with `stream: true`: the response is an event stream.
pub fn create_stream(params: &MessageCreateParams, beta: bool) -> Result<Call<EventStream>, Error> {
    let mut body = serde_json::to_value(params)
        .map_err(|e| Error::InvalidRequest(format!("could not serialize the params: {e}")))?;
    if let Some(fields) = body.as_object_mut() {
        fields.insert("stream".into(), true.into());
    }
    Ok(
        Call::new(Method::POST, "/v1/messages".into(), "event stream")
            .beta(beta)
            .betas(&params.betas)
            .json_body(&body)?
            .streaming(true),
    )
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
        "/v1/messages/count_tokens".into(),
        "MessageTokensCount",
    )
    .beta(beta)
    .betas(&params.betas)
    .json_body(params)
}
