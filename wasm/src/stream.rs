//! A streamed message: body bytes pushed in small pieces through the event decoder and
//! the accumulator, as a `fetch` body reader would hand them over.

use anthropic_core::Error;
use anthropic_core::stream::{EventDecoder, MessageAccumulator, StreamError, StreamEvent};
use anthropic_core::types::{Message, StopReason};
use http::{HeaderMap, HeaderValue, StatusCode};

use crate::{check, failed};

/// A Messages stream as the API sends it: a ping, one text block in three deltas (one
/// with multi-byte characters, which small pushes split), CRLF line ends on one event.
const STREAM: &[u8] = b"event: message_start\n\
data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_wasm_stream\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\
\n\
event: ping\n\
data: {\"type\":\"ping\"}\n\
\n\
event: content_block_start\n\
data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\
\n\
event: content_block_delta\n\
data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\
\n\
event: content_block_delta\r\n\
data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\", wasm\"}}\r\n\
\r\n\
event: content_block_delta\n\
data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"! \xc3\xa9\xe2\x9c\x93\"}}\n\
\n\
event: content_block_stop\n\
data: {\"type\":\"content_block_stop\",\"index\":0}\n\
\n\
event: message_delta\n\
data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":7}}\n\
\n\
event: message_stop\n\
data: {\"type\":\"message_stop\"}\n\
\n";

/// Where the stream is cut for the incomplete case: just before `message_stop`.
const CUT_BEFORE: &[u8] = b"event: message_stop";

pub(crate) fn run(chunk: usize) -> Result<(), u32> {
    let (message, events) = decode(STREAM, chunk)?.map_err(failed(41))?;
    // Nine events on the wire; the ping is not handed on.
    check(events == 8, 42)?;
    check(message.id == "msg_wasm_stream", 43)?;
    check(message.text() == "Hello, wasm! \u{e9}\u{2713}", 44)?;
    check(message.stop_reason == Some(StopReason::EndTurn), 45)?;
    check(
        message.usage.input_tokens == 12 && message.usage.output_tokens == 7,
        46,
    )?;

    // A stream that ends before `message_stop` is an error, never a shorter message.
    let cut = STREAM
        .windows(CUT_BEFORE.len())
        .position(|w| w == CUT_BEFORE)
        .ok_or(47_u32)?;
    match decode(&STREAM[..cut], chunk)? {
        Err(Error::Stream(StreamError::Incomplete { .. })) => Ok(()),
        _ => Err(48),
    }
}

/// Feeds `body` in pushes of `chunk` bytes, accumulating every event. `Ok(Err(e))` is the
/// decoder's verdict on the stream; `Err(n)` a failed check on the way.
fn decode(body: &[u8], chunk: usize) -> Result<Result<(Message, usize), Error>, u32> {
    let mut headers = HeaderMap::new();
    headers.insert(
        "content-type",
        HeaderValue::from_static("text/event-stream"),
    );
    let mut decoder = EventDecoder::new(StatusCode::OK, headers);
    let mut accumulator = MessageAccumulator::new();
    let mut events = 0;
    for push in body.chunks(chunk).map(Some).chain([None]) {
        match push {
            Some(bytes) => decoder.feed(bytes),
            None => decoder.finish(),
        }
        loop {
            let event: StreamEvent = match decoder.next_event() {
                Ok(Some(event)) => event,
                Ok(None) => break,
                Err(error) => return Ok(Err(error)),
            };
            events += 1;
            accumulator.handle(&event).map_err(failed(40))?;
        }
    }
    Ok(accumulator
        .finish()
        .map(|message| (message, events))
        .map_err(Error::Stream))
}
