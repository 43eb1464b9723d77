//! The stream helper: `client.messages().stream(..)` (Python's `messages.stream`).
//!
//! It reads the same event stream as [`EventStream`] (retries included) and accumulates
//! it into the message as it arrives, with the core's [`MessageAccumulator`]. Each event
//! costs the same however long the message has grown: text is appended, tool input is
//! parsed incrementally, and snapshots are borrowed, never rebuilt.
//!
//! A stream that ends without `message_stop` — cut by the server, or by a dropped
//! connection — never passes for a complete message: [`MessageStream::final_message`]
//! then returns [`StreamError::Incomplete`] carrying everything received.

use anthropic_core::endpoints::messages::EventStream as EventStreamCall;
use anthropic_core::stream::{
    Derived, MessageAccumulator, OutputCheck, PartialMode, StreamError, StreamEvent, StreamEventRef,
};
use anthropic_core::types::Message;
use anthropic_core::{Call, Error, RequestOptions};
use http::HeaderMap;

use crate::client::Client;
use crate::stream::EventStream;

/// A streamed message being accumulated. Iterating it yields the raw events (each already
/// applied to the snapshot); [`next_with_derived`](Self::next_with_derived) also gives the
/// helper's derived events with their snapshots. Dropping it closes the connection.
#[derive(Debug)]
pub struct MessageStream {
    events: EventStream,
    accumulator: MessageAccumulator,
    ended: bool,
}

impl MessageStream {
    pub(crate) fn open(
        client: &Client,
        call: Call<EventStreamCall>,
        options: &RequestOptions,
    ) -> Result<MessageStream, Error> {
        let events = EventStream::open(client, call, options)?;
        Ok(MessageStream {
            accumulator: MessageAccumulator::for_request(events.exchange()),
            events,
            ended: false,
        })
    }

    /// Parses tool input in this partial-JSON mode instead of the one chosen from the
    /// request (Python's rule: [`PartialMode::TrailingStrings`] for a beta stream whose
    /// `anthropic-beta` holds `fine-grained-tool-streaming-2025-05-14`, else
    /// [`PartialMode::On`]). Call it before reading; a tool block already started keeps
    /// its mode.
    pub fn partial_mode(mut self, mode: PartialMode) -> Self {
        self.accumulator.set_partial_mode(mode);
        self
    }

    /// Checks every finished `text` block against a structured-output type, if given (the
    /// streams of `stream_with_output::<T>()` and of a runner with an output type, as
    /// Python's stream with an `output_format` type).
    pub(crate) fn checking(mut self, check: Option<OutputCheck>) -> Self {
        if let Some(check) = check {
            self.accumulator.check_output(check);
        }
        self
    }

    /// The partial-JSON mode tool inputs are parsed in.
    pub fn get_partial_mode(&self) -> PartialMode {
        self.accumulator.partial_mode()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.events.headers()
    }

    /// The `request-id` response header.
    pub fn request_id(&self) -> Option<&str> {
        self.events.request_id()
    }

    /// The next raw event, already applied to the snapshot; `None` at the end.
    pub fn next_event(&mut self) -> Option<Result<StreamEvent, Error>> {
        let event = match self.pull()? {
            Ok(event) => event,
            Err(e) => return Some(Err(e)),
        };
        match self.accumulator.handle(&event) {
            Ok(_) => Some(Ok(event)),
            Err(e) => Some(Err(self.end_with(e))),
        }
    }

    /// The next raw event together with the helper's derived event for it (text with its
    /// snapshot, tool input with its parsed snapshot, the finished block at
    /// `content_block_stop`, the final message at `message_stop`, …), borrowed from the
    /// snapshot: no copy, whatever the message's size.
    pub fn next_with_derived(
        &mut self,
    ) -> Option<Result<(StreamEvent, Option<Derived<'_>>), Error>> {
        let event = match self.pull()? {
            Ok(event) => event,
            Err(e) => return Some(Err(e)),
        };
        match self.accumulator.handle(&event) {
            Ok(derived) => Some(Ok((event, derived))),
            Err(e) => {
                self.ended = true;
                Some(Err(e.into()))
            }
        }
    }

    /// An iterator over the text of every `text_delta`, as it arrives (Python's
    /// `text_stream`). It consumes the same events as iterating the stream.
    pub fn text_stream(&mut self) -> TextStream<'_> {
        TextStream { stream: self }
    }

    /// Reads the stream to its end.
    pub fn until_done(&mut self) -> Result<(), Error> {
        // Nothing keeps the events, so they are taken by reference: a delta's string is
        // copied once, into the message.
        while let Some(step) = self.accumulate_next(|_: StreamEventRef<'_>| ()) {
            step?;
        }
        Ok(())
    }

    /// Reads the stream to its end and returns the message. A stream that ended before
    /// `message_stop` gives [`StreamError::Incomplete`] with the partial message.
    pub fn final_message(&mut self) -> Result<Message, Error> {
        self.until_done()?;
        Ok(self.accumulator.final_message()?)
    }

    /// The final message's text: every `text` block, concatenated. A message without a
    /// `text` block is an error naming the block types it has.
    pub fn final_text(&mut self) -> Result<String, Error> {
        self.until_done()?;
        Ok(self.accumulator.final_text()?)
    }

    /// The message as received so far (`None` before `message_start`).
    pub fn current_message_snapshot(&mut self) -> Option<&Message> {
        self.accumulator.snapshot()
    }

    fn pull(&mut self) -> Option<Result<StreamEvent, Error>> {
        if self.ended {
            return None;
        }
        let item = self.events.next_event();
        self.settle(item)
    }

    /// Reads one event by reference into the accumulator and gives what `keep` takes from
    /// it; `None` at the end.
    fn accumulate_next<T>(
        &mut self,
        keep: impl FnOnce(StreamEventRef<'_>) -> T,
    ) -> Option<Result<T, Error>> {
        if self.ended {
            return None;
        }
        let item = match self.events.next_ref() {
            Some(Ok(event)) => match self.accumulator.handle_event_ref(&event) {
                Ok(_) => Some(Ok(keep(event))),
                Err(e) => return Some(Err(self.end_with(e))),
            },
            Some(Err(e)) => Some(Err(e)),
            None => None,
        };
        self.settle(item)
    }

    /// What the events gave, after the accumulator's say: a stream cut short is the
    /// accumulator's incomplete message, and any error or the end ends the helper.
    fn settle<T>(&mut self, item: Option<Result<T, Error>>) -> Option<Result<T, Error>> {
        match item {
            Some(Ok(value)) => Some(Ok(value)),
            Some(Err(Error::Stream(StreamError::Incomplete { .. }))) => {
                let incomplete = self.accumulator.incomplete();
                Some(Err(self.end_with(incomplete)))
            }
            Some(Err(e)) => {
                self.ended = true;
                Some(Err(e))
            }
            None => {
                self.ended = true;
                None
            }
        }
    }

    fn end_with(&mut self, error: StreamError) -> Error {
        self.ended = true;
        error.into()
    }
}

impl Iterator for MessageStream {
    type Item = Result<StreamEvent, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_event()
    }
}

/// The text of a [`MessageStream`], delta by delta.
#[derive(Debug)]
pub struct TextStream<'a> {
    stream: &'a mut MessageStream,
}

impl Iterator for TextStream<'_> {
    type Item = Result<String, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        // The events are taken by reference: only a text delta's string is made owned.
        loop {
            match self.stream.accumulate_next(owned_text)? {
                Ok(Some(text)) => return Some(Ok(text)),
                Ok(None) => {}
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// The text of a `text_delta`, made owned; nothing for any other event.
fn owned_text(event: StreamEventRef<'_>) -> Option<String> {
    event.into_text().map(std::borrow::Cow::into_owned)
}
