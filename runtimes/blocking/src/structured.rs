//! `client.beta().messages().parse::<T>()`: a structured-output request whose reply is
//! parsed into `T` (spec/endpoints.md §4). The request and the parsing are core's.

use anthropic_core::schemars::JsonSchema;
use anthropic_core::stream::OutputCheck;
use anthropic_core::structured::{self, ParsedMessage};
use anthropic_core::tools::requests;
use anthropic_core::types::{Message, MessageCreateParams};
use anthropic_core::{Error, RequestOptions};
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::helper::MessageStream;

/// Sends `params` with `T`'s schema as `output_format` and parses the reply.
pub(crate) fn parse<T: JsonSchema + DeserializeOwned>(
    client: &Client,
    options: &RequestOptions,
    params: &MessageCreateParams,
) -> Result<ParsedMessage<T>, Error> {
    let format = structured::output_format_for::<T>()
        .map_err(|e| Error::InvalidRequest(format!("could not make the output schema: {e}")))?;
    let message: Message = client
        .execute(requests::parse(params, format)?, options)?
        .parse()?;
    Ok(ParsedMessage::parse(message)?)
}

/// Streams `params` with `T`'s schema as `output_format` (Python's `stream` with an
/// output type): each text block is checked against `T` as it finishes; parse the final
/// message with [`ParsedMessage::parse`].
pub(crate) fn stream<T: JsonSchema + DeserializeOwned>(
    client: &Client,
    options: &RequestOptions,
    params: &MessageCreateParams,
) -> Result<MessageStream, Error> {
    let format = structured::output_format_for::<T>()
        .map_err(|e| Error::InvalidRequest(format!("could not make the output schema: {e}")))?;
    Ok(MessageStream::open(
        client,
        requests::stream_with_format(params, format)?,
        options,
    )?
    .checking(Some(OutputCheck::parses_as::<T>())))
}
