//! Decoders that turn a streamed body into items, one trait for the drivers: JSON lines
//! ([`JsonlItems`]) and legacy completion events ([`CompletionEvents`]).
//!
//! A driver feeds each read, drains [`ItemDecoder::next_item`] until `None`, and at the end
//! of the body calls [`ItemDecoder::finish`] and drains again; [`ItemDecoder::is_done`]
//! says when nothing more can come.

use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use super::StreamError;
use super::jsonl_items::JsonlItems;
use super::sse::SseDecoder;
use crate::error::{ApiError, Error, request_id_of};
use crate::types::Completion;

/// An incremental decoder of items from body bytes.
pub trait ItemDecoder {
    /// What it yields.
    type Item;

    /// A decoder for the body of a response with this status and these headers (`expected`
    /// names the item type in errors).
    fn for_response(expected: &'static str, status: StatusCode, headers: &HeaderMap) -> Self;

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

    fn for_response(expected: &'static str, status: StatusCode, headers: &HeaderMap) -> Self {
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
/// completion is a [`StreamError::InvalidEventData`] keeping the data.
#[derive(Debug)]
pub struct CompletionEvents {
    sse: SseDecoder,
    status: StatusCode,
    headers: HeaderMap,
    done: bool,
}

impl ItemDecoder for CompletionEvents {
    type Item = Completion;

    fn for_response(_expected: &'static str, status: StatusCode, headers: &HeaderMap) -> Self {
        CompletionEvents {
            sse: SseDecoder::new(),
            status,
            headers: headers.clone(),
            done: false,
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        if !self.done {
            self.sse.feed(bytes);
        }
    }

    fn finish(&mut self) {
        self.sse.finish();
    }

    fn next_item(&mut self) -> Option<Result<Completion, Error>> {
        while !self.done {
            let event = match self.sse.next_event() {
                Ok(Some(event)) => event,
                Ok(None) => {
                    self.done = self.sse.is_finished();
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(StreamError::Sse(e).into()));
                }
            };
            match event.event_type() {
                "completion" => {
                    let data = event.data;
                    return Some(serde_json::from_str::<Completion>(data).map_err(|e| {
                        StreamError::InvalidEventData {
                            event: "completion".into(),
                            reason: e.to_string(),
                            data: data.to_owned(),
                        }
                        .into()
                    }));
                }
                "error" => {
                    self.done = true;
                    let error =
                        ApiError::from_stream_event(self.status, self.headers.clone(), event.data);
                    return Some(Err(error.into()));
                }
                _ => continue,
            }
        }
        None
    }

    fn is_done(&self) -> bool {
        self.done
    }
}
