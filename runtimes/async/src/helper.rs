//! The stream helper: `client.messages().stream(..).await` (Python's `messages.stream`).
//!
//! The async twin of the blocking helper: it reads the same retrying [`EventStream`] and
//! accumulates it with the core's [`MessageAccumulator`], so each event costs the same
//! however long the message grows. A stream that ends without `message_stop` never
//! passes for a complete message: [`MessageStream::final_message`] then returns
//! [`StreamError::Incomplete`] carrying everything received.

use std::pin::Pin;
use std::task::{Context, Poll};

use anthropic_core::endpoints::messages::EventStream as EventStreamCall;
use anthropic_core::stream::{
    Derived, MessageAccumulator, OutputCheck, PartialMode, StreamError, StreamEvent, StreamEventRef,
};
use anthropic_core::types::Message;
use anthropic_core::{Call, Error, RequestOptions};
use futures_core::Stream;
use http::HeaderMap;

use crate::client::Client;
use crate::runtime::Runtime;
use crate::stream::EventStream;

type Item = Result<StreamEvent, Error>;

/// A streamed message being accumulated. As a [`Stream`] it yields the raw events (each
/// already applied to the snapshot); [`next_with_derived`](Self::next_with_derived) also
/// gives the helper's derived events with their snapshots. Dropping it closes the
/// connection.
///
/// ```no_run
/// # async fn f<R: anthropic_async::Runtime>(client: anthropic_async::Client<R>) -> Result<(), anthropic_async::Error> {
/// use anthropic_async::types::{MessageCreateParams, Model};
///
/// let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user("Write a poem");
/// let mut stream = client.messages().stream(&params).await?;
/// let mut text = stream.text_stream();
/// while let Some(piece) = text.next_text().await {
///     print!("{}", piece?);
/// }
/// let message = stream.final_message().await?;
/// # Ok(()) }
/// ```
pub struct MessageStream<R: Runtime> {
    events: EventStream<R>,
    accumulator: MessageAccumulator,
    ended: bool,
}

impl<R: Runtime> std::fmt::Debug for MessageStream<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MessageStream")
            .field("events", &self.events)
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}

impl<R: Runtime> MessageStream<R> {
    pub(crate) async fn open(
        client: &Client<R>,
        call: Call<EventStreamCall>,
        options: &RequestOptions,
    ) -> Result<MessageStream<R>, Error> {
        let events = EventStream::open(client, call, options).await?;
        let accumulator = events
            .exchange()
            .map_or_else(MessageAccumulator::new, MessageAccumulator::for_request);
        Ok(MessageStream {
            events,
            accumulator,
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
    pub async fn next_event(&mut self) -> Option<Item> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The next raw event together with the helper's derived event for it (text with its
    /// snapshot, tool input parsed so far, the finished block, the final message, …),
    /// borrowed from the snapshot: no copy, whatever the message's size.
    pub async fn next_with_derived(
        &mut self,
    ) -> Option<Result<(StreamEvent, Option<Derived<'_>>), Error>> {
        let event = match std::future::poll_fn(|cx| self.poll_raw(cx)).await? {
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

    /// The text of every `text_delta`, as it arrives (Python's `text_stream`). It consumes
    /// the same events as reading the stream.
    pub fn text_stream(&mut self) -> TextStream<'_, R> {
        TextStream { stream: self }
    }

    /// Reads the stream to its end.
    pub async fn until_done(&mut self) -> Result<(), Error> {
        // Nothing keeps the events, so they are taken by reference: a delta's string is
        // copied once, into the message.
        while let Some(step) =
            std::future::poll_fn(|cx| self.poll_accumulate(cx, |_: StreamEventRef<'_>| ())).await
        {
            step?;
        }
        Ok(())
    }

    /// Reads the stream to its end and returns the message; a stream that ended before
    /// `message_stop` gives [`StreamError::Incomplete`] with the partial message.
    pub async fn final_message(&mut self) -> Result<Message, Error> {
        self.until_done().await?;
        Ok(self.accumulator.final_message()?)
    }

    /// The final message's text: every `text` block, concatenated. A message without a
    /// `text` block is an error naming the block types it has.
    pub async fn final_text(&mut self) -> Result<String, Error> {
        self.until_done().await?;
        Ok(self.accumulator.final_text()?)
    }

    /// The message as received so far (`None` before `message_start`).
    pub fn current_message_snapshot(&mut self) -> Option<&Message> {
        self.accumulator.snapshot()
    }

    /// The next raw event from the connection, not yet accumulated.
    fn poll_raw(&mut self, cx: &mut Context<'_>) -> Poll<Option<Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        match Pin::new(&mut self.events).poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(item) => Poll::Ready(self.settle(item)),
        }
    }

    /// Reads one event by reference into the accumulator and gives what `keep` takes from
    /// it; `None` at the end.
    fn poll_accumulate<T>(
        &mut self,
        cx: &mut Context<'_>,
        keep: impl FnOnce(StreamEventRef<'_>) -> T,
    ) -> Poll<Option<Result<T, Error>>> {
        if self.ended {
            return Poll::Ready(None);
        }
        let item = match self.events.poll_lent(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(item) => item,
        };
        let item = match item {
            Some(Ok(_)) => match self.events.take_lent() {
                Some(event) => match self.accumulator.handle_event_ref(&event) {
                    Ok(_) => Some(Ok(keep(event))),
                    Err(e) => {
                        self.ended = true;
                        return Poll::Ready(Some(Err(e.into())));
                    }
                },
                None => None,
            },
            Some(Err(e)) => Some(Err(e)),
            None => None,
        };
        Poll::Ready(self.settle(item))
    }

    /// What the events gave, after the accumulator's say: a stream cut short is the
    /// accumulator's incomplete message, and any error or the end ends the helper.
    fn settle<T>(&mut self, item: Option<Result<T, Error>>) -> Option<Result<T, Error>> {
        match item {
            Some(Ok(value)) => Some(Ok(value)),
            Some(Err(Error::Stream(StreamError::Incomplete { .. }))) => {
                self.ended = true;
                Some(Err(self.accumulator.incomplete().into()))
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
}

impl<R: Runtime> Stream for MessageStream<R> {
    type Item = Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Item>> {
        let this = self.get_mut();
        let event = match this.poll_raw(cx) {
            Poll::Ready(Some(Ok(event))) => event,
            other => return other,
        };
        Poll::Ready(Some(match this.accumulator.handle(&event) {
            Ok(_) => Ok(event),
            Err(e) => {
                this.ended = true;
                Err(e.into())
            }
        }))
    }
}

/// The text of a [`MessageStream`], delta by delta: a [`Stream`] of strings.
pub struct TextStream<'a, R: Runtime> {
    stream: &'a mut MessageStream<R>,
}

impl<R: Runtime> std::fmt::Debug for TextStream<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextStream").finish_non_exhaustive()
    }
}

impl<R: Runtime> TextStream<'_, R> {
    /// The next piece of text, or `None` at the end.
    pub async fn next_text(&mut self) -> Option<Result<String, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<R: Runtime> Stream for TextStream<'_, R> {
    type Item = Result<String, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        // The events are taken by reference: only a text delta's string is made owned.
        loop {
            match this.stream.poll_accumulate(cx, owned_text) {
                Poll::Ready(Some(Ok(Some(text)))) => return Poll::Ready(Some(Ok(text))),
                Poll::Ready(Some(Ok(None))) => {}
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

/// The text of a `text_delta`, made owned; nothing for any other event.
fn owned_text(event: StreamEventRef<'_>) -> Option<String> {
    event.into_text().map(std::borrow::Cow::into_owned)
}
