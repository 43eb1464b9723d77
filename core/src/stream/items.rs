//! Decoders that turn a streamed body into items, one trait for the drivers: JSON lines
//! ([`JsonlItems`]) and legacy completion events ([`CompletionEvents`]).
//!
//! A driver feeds each read, drains [`ItemDecoder::next_item`] until `None`, and at the end
//! of the body calls [`ItemDecoder::finish`] and drains again; [`ItemDecoder::is_done`]
//! says when nothing more can come.

use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use super::StreamError;
use super::decode::StreamFraming;
use super::jsonl_items::JsonlItems;
use super::sse::SseDecoder;
use crate::error::{ApiError, Error, request_id_of};
use crate::platform::bedrock::{BedrockChunks, chunk_type};
use crate::types::Completion;

/// An incremental decoder of items from body bytes.
pub trait ItemDecoder {
    /// What it yields.
    type Item;

    /// A decoder for the body of a response with this status and these headers (`expected`
    /// names the item type in errors), framed as the call's platform frames streams
    /// ([`crate::Exchange::stream_framing`]; decoders of unframed bodies ignore it).
    fn for_response(
        expected: &'static str,
        status: StatusCode,
        headers: &HeaderMap,
        framing: StreamFraming,
    ) -> Self;

    /// Appends body bytes (any split).
    fn feed(&mut self, bytes: &[u8]);

    /// Marks the end of the body.
    fn finish(&mut self);

    /// The next item, or `None` when more bytes are needed or nothing more can come.
    fn next_item(&mut self) -> Option<Result<Self::Item, Error>>;

    /// Whether nothing more can come.
    fn is_done(&self) -> bool;
}

impl<T: DeserializeOwned> ItemDecoder for JsonlItems<T> {
    type Item = T;

    /// JSON lines are not an event stream: `framing` does not apply.
    fn for_response(
        expected: &'static str,
        status: StatusCode,
        headers: &HeaderMap,
        _framing: StreamFraming,
    ) -> Self {
        JsonlItems::new(expected, status, request_id_of(headers))
    }

    fn feed(&mut self, bytes: &[u8]) {
        JsonlItems::feed(self, bytes);
    }

    fn finish(&mut self) {
        JsonlItems::finish(self);
    }

    fn next_item(&mut self) -> Option<Result<T, Error>> {
        JsonlItems::next_item(self)
    }

    fn is_done(&self) -> bool {
        JsonlItems::is_done(self)
    }
}

/// The events of a streamed legacy completion (`POST /v1/complete` with `stream: true`):
/// each `completion` event is one [`Completion`] carrying the text it adds; `ping` and
/// unknown events are skipped (as Python does); an `error` event is the typed
/// [`ApiError`] its `error.type` names and ends the stream. Event data that is not a
/// completion is a [`StreamError::EventDataNotJson`] or
/// [`StreamError::EventDataWrongShape`] keeping the data, and ends the stream too (as
/// Python's iteration ends with the `JSONDecodeError`).
///
/// On Bedrock ([`StreamFraming::AwsEventStream`]) each `chunk` frame carries one
/// completion's JSON; Bedrock's chunks may have no `type` at all, so a chunk without one
/// is a completion too (Python decodes every chunk as one). A chunk typed `error` is the
/// typed API error, as on SSE, and one of another type (`ping`) is skipped, where Python
/// would hand it on as an empty completion. `exception` frames are typed API errors
/// mapped as the Bedrock service maps them (see [`crate::platform::bedrock`]).
#[derive(Debug)]
pub struct CompletionEvents {
    source: Source,
    status: StatusCode,
    headers: HeaderMap,
    done: bool,
}

#[derive(Debug)]
enum Source {
    Sse(SseDecoder),
    Bedrock(BedrockChunks),
}

/// One event of either framing: its name (`None` for a Bedrock chunk without `type`)
/// and its JSON data.
enum Next {
    Event(Option<String>, String),
    NeedMore,
}

impl CompletionEvents {
    fn next_event(&mut self) -> Result<Next, Error> {
        match &mut self.source {
            Source::Sse(sse) => match sse.next_event() {
                Ok(Some(event)) => Ok(Next::Event(
                    Some(event.event_type().to_owned()),
                    event.data.to_owned(),
                )),
                Ok(None) => {
                    self.done = sse.is_finished();
                    Ok(Next::NeedMore)
                }
                Err(e) => Err(StreamError::Sse(e).into()),
            },
            Source::Bedrock(chunks) => match chunks.next_chunk(self.status, &self.headers)? {
                Some(text) => {
                    let name = chunk_type(&text)?;
                    Ok(Next::Event(name, text))
                }
                None => {
                    self.done = chunks.is_finished();
                    Ok(Next::NeedMore)
                }
            },
        }
    }
}

impl ItemDecoder for CompletionEvents {
    type Item = Completion;

    fn for_response(
        _expected: &'static str,
        status: StatusCode,
        headers: &HeaderMap,
        framing: StreamFraming,
    ) -> Self {
        let source = match framing {
            StreamFraming::Sse => Source::Sse(SseDecoder::new()),
            StreamFraming::AwsEventStream => Source::Bedrock(BedrockChunks::new()),
        };
        CompletionEvents {
            source,
            status,
            headers: headers.clone(),
            done: false,
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        if self.done {
            return;
        }
        match &mut self.source {
            Source::Sse(sse) => sse.feed(bytes),
            Source::Bedrock(chunks) => chunks.feed(bytes),
        }
    }

    fn finish(&mut self) {
        match &mut self.source {
            Source::Sse(sse) => sse.finish(),
            Source::Bedrock(chunks) => chunks.finish(),
        }
    }

    fn next_item(&mut self) -> Option<Result<Completion, Error>> {
        while !self.done {
            let (name, data) = match self.next_event() {
                Ok(Next::Event(name, data)) => (name, data),
                Ok(Next::NeedMore) => return None,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            let bedrock = matches!(self.source, Source::Bedrock(_));
            match name.as_deref() {
                Some("completion") => {}
                None if bedrock => {}
                Some("error") => {
                    self.done = true;
                    let error =
                        ApiError::from_stream_event(self.status, self.headers.clone(), &data);
                    return Some(Err(error.into()));
                }
                _ => continue,
            }
            let completion = serde_json::from_str::<Completion>(&data)
                .map_err(|e| super::event::data_error("completion", &data, &e).into());
            self.done = completion.is_err();
            return Some(completion);
        }
        None
    }

    fn is_done(&self) -> bool {
        self.done
    }
}
