//! Typed JSON Lines: the [`JsonlDecoder`] plus deserialization of each line into `T`, with
//! the errors a caller can act on (batch results).
//!
//! # Use
//!
//! ```
//! use anthropic_core::stream::JsonlItems;
//! use serde_json::Value;
//!
//! let mut items = JsonlItems::<Value>::new("Value", http::StatusCode::OK, None);
//! let mut out = Vec::new();
//! for chunk in [&b"{\"a\":1}\nnot json\n{\"b\""[..], b":2}"] {
//!     items.feed(chunk);
//!     while let Some(item) = items.next_item() {
//!         out.push(item.map_err(|e| e.to_string()));
//!     }
//! }
//! items.finish();
//! while let Some(item) = items.next_item() {
//!     out.push(item.map_err(|e| e.to_string()));
//! }
//! assert_eq!(out.len(), 3);
//! assert!(out[1].as_ref().unwrap_err().contains("not json"));
//! # assert!(items.is_done());
//! ```
//!
//! # Errors, and going on after them
//!
//! - A line that is not JSON of the shape of `T` is an [`Error::Decode`] for that line
//!   alone: its `body` is the raw line, its `expected` the type's name. The lines after it
//!   are decoded as usual: iteration can go on.
//! - Bytes that are not JSON lines at all (invalid UTF-8, a line over the size bound) are
//!   an [`Error::Stream`] ([`StreamError::Jsonl`]) and end the items: nothing after them
//!   can be trusted to be where a line starts.
//!
//! Memory is bounded by the longest line (the decoder's bound, 16 MiB by default), never
//! by the size of the whole body.

use std::marker::PhantomData;

use http::StatusCode;
use serde::de::DeserializeOwned;

use super::StreamError;
use super::jsonl::JsonlDecoder;
use crate::error::{DecodeError, Error};

/// Decodes a JSON Lines body into `T`s, incrementally: feed reads, drain
/// [`next_item`](Self::next_item) until `None`, and at the end [`finish`](Self::finish) and
/// drain again.
pub struct JsonlItems<T> {
    decoder: JsonlDecoder,
    expected: &'static str,
    status: StatusCode,
    request_id: Option<String>,
    failed: bool,
    done: bool,
    _item: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for JsonlItems<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonlItems")
            .field("expected", &self.expected)
            .field("status", &self.status)
            .field("failed", &self.failed)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> JsonlItems<T> {
    /// Items of type `T` (named `expected` in errors) from a response with this status and
    /// request id.
    pub fn new(expected: &'static str, status: StatusCode, request_id: Option<String>) -> Self {
        JsonlItems {
            decoder: JsonlDecoder::new(),
            expected,
            status,
            request_id,
            failed: false,
            done: false,
            _item: PhantomData,
        }
    }

    /// The same with another bound on one line's length in bytes.
    pub fn max_line_len(mut self, bytes: usize) -> Self {
        self.decoder = self.decoder.max_line_len(bytes);
        self
    }

    /// Feeds the next bytes of the body (any split).
    pub fn feed(&mut self, bytes: &[u8]) {
        if !self.failed {
            self.decoder.feed(bytes);
        }
    }

    /// Marks the end of the body: a last line without a terminator becomes an item.
    pub fn finish(&mut self) {
        self.decoder.finish();
    }

    /// The next item, or `None` when more bytes are needed (or, after
    /// [`finish`](Self::finish), when every item has been handed out).
    pub fn next_item(&mut self) -> Option<Result<T, Error>> {
        if self.failed {
            return None;
        }
        match self.decoder.next_line() {
            Ok(None) => {
                self.done = self.decoder.is_finished();
                None
            }
            Ok(Some(line)) => Some(serde_json::from_str::<T>(line).map_err(|source| {
                Error::Decode(Box::new(DecodeError {
                    expected: self.expected,
                    status: self.status,
                    body: line.to_owned(),
                    request_id: self.request_id.clone(),
                    source,
                }))
            })),
            Err(e) => {
                self.failed = true;
                Some(Err(Error::Stream(StreamError::Jsonl(e))))
            }
        }
    }

    /// Whether no item can follow: the body was finished and then drained
    /// ([`next_item`](Self::next_item) returned `None` after [`finish`](Self::finish)), or
    /// a framing error ended it.
    pub fn is_done(&self) -> bool {
        self.failed || self.done
    }
}
