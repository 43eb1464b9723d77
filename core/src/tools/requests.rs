//! The requests the tool runner and `parse` make, with the headers Python 0.76.0 sends
//! (spec/tools.md §2.3, §3.2; spec/endpoints.md §4.1). All go to the beta endpoint.

use crate::endpoints::messages::{self, EventStream};
use crate::error::Error;
use crate::request::Call;
use crate::types::{AnthropicBeta, Message, MessageCreateParams, OutputFormat};

const HELPER: &str = "x-stainless-helper";

/// One turn of the non-streaming runner: Python's `beta.messages.parse(...)` with
/// `X-Stainless-Helper: BetaToolRunner`. Without betas it carries
/// `anthropic-beta: structured-outputs-2025-11-13` (parse adds it); with betas, exactly
/// those (the runner's header replaces parse's), as Python does.
pub fn turn(params: &MessageCreateParams) -> Result<Call<Message>, Error> {
    let call = if params.betas.is_empty() {
        let mut params = params.clone();
        params.betas = vec![AnthropicBeta::STRUCTURED_OUTPUTS_2025_11_13];
        messages::create(&params, true)?
    } else {
        messages::create(params, true)?
    };
    Ok(call.header(HELPER, "BetaToolRunner"))
}

/// One turn of the streaming runner: the stream helper's request
/// (`beta.messages.stream`) with `X-Stainless-Helper: BetaToolRunner`; `anthropic-beta`
/// only when betas are given.
pub fn turn_stream(params: &MessageCreateParams) -> Result<Call<EventStream>, Error> {
    Ok(messages::stream(params, true)?.header(HELPER, "BetaToolRunner"))
}

/// The compaction request (`beta.messages.create` with `X-Stainless-Helper:
/// compaction`); `params` come from
/// [`CompactionControl::summary_params`](super::CompactionControl::summary_params).
pub fn compaction(params: &MessageCreateParams) -> Result<Call<Message>, Error> {
    Ok(messages::create(params, true)?.header(HELPER, "compaction"))
}

/// `beta.messages.parse(...)`: `params` with `output_format` set to `format`, the
/// `structured-outputs-2025-11-13` beta added to the caller's (merged, no duplicate),
/// and `X-Stainless-Helper: beta.messages.parse`.
pub fn parse(params: &MessageCreateParams, format: OutputFormat) -> Result<Call<Message>, Error> {
    let mut params = params.clone();
    params.output_format = Some(format);
    params
        .betas
        .push(AnthropicBeta::STRUCTURED_OUTPUTS_2025_11_13);
    Ok(messages::create(&params, true)?.header(HELPER, "beta.messages.parse"))
}

/// `beta.messages.stream(...)` with an output type: `output_format` set, no extra beta
/// and no extra helper header (Python adds neither).
pub fn stream_with_format(
    params: &MessageCreateParams,
    format: OutputFormat,
) -> Result<Call<EventStream>, Error> {
    let mut params = params.clone();
    params.output_format = Some(format);
    messages::stream(&params, true)
}
