//! `POST /v1/complete`: Legacy Text Completions (deprecated; use the Messages API).

use http::Method;

use std::time::Duration;

use crate::error::Error;
use crate::request::Call;
use crate::timeout::Timeout;
use crate::types::{Completion, CompletionCreateParams};

/// Marker for a call whose response is a stream of completion events.
#[derive(Debug, Clone, Copy)]
pub struct CompletionStream;

fn with_stream<T>(
    call: Call<T>,
    params: &CompletionCreateParams,
    stream: Option<bool>,
) -> Result<Call<T>, Error> {
    if params.stream == stream {
        return call.json_body(params);
    }
    let mut params = params.clone();
    params.stream = stream;
    call.json_body(&params)
}

/// The timeout of a completion when neither the request nor the client chose one: 600 s
/// for every phase, connecting included (Python's `timeout = 600`, where the client's
/// default waits 5 s to connect).
pub const DEFAULT_TIMEOUT: Timeout = Timeout::uniform(Duration::from_secs(600));

/// `completions.create`, waiting for the whole completion (`stream` never sent as true).
pub fn create(params: &CompletionCreateParams) -> Result<Call<Completion>, Error> {
    let call = Call::new(Method::POST, "/v1/complete", "Completion")
        .betas(&params.betas)
        .default_timeout(DEFAULT_TIMEOUT);
    with_stream(call, params, None)
}

/// `completions.create` with `stream: true`: completion events as they are generated.
pub fn create_stream(params: &CompletionCreateParams) -> Result<Call<CompletionStream>, Error> {
    let call = Call::new(Method::POST, "/v1/complete", "Completion")
        .betas(&params.betas)
        .default_timeout(DEFAULT_TIMEOUT)
        .streaming(true);
    with_stream(call, params, Some(true))
}
