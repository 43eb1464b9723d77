//! The rule every driver of a Messages event stream follows: hold the opening events back
//! until the first content, so that an error before content can be retried without the
//! caller ever seeing an event twice; and never lose an event to an error.
//!
//! The API may answer 200 and then report overload (an `error` event), or the connection
//! may fail, before any content was sent. Such a stream is retried like a 529 or a
//! connection error, within the call's retry budget, but only while nothing has been
//! handed to the caller. So the events that precede content (`message_start`,
//! `content_block_start`, unknown events; a `ping` is never handed on) are held back;
//! the first content event (`content_block_delta`, `message_delta` or `message_stop`)
//! releases them, in order.
//!
//! Spec row kept here: "an `error` event in a 200 stream is never retried" → a retryable
//! one (overloaded, rate limit, api error) that arrives before any content is retried like
//! a 529, within the retry budget; after content it is returned with the events before it.
//!
//! When the error that ends the stream is not retried (the budget is spent, the error is
//! not retryable, the data cannot be decoded, the body ends early), the held-back events
//! are delivered first, then the error, exactly as the plain [`EventDecoder`] (and
//! Python, which never holds anything back) would give them.
//!
//! # The driver's loop
//!
//! ```text
//! loop {
//!     match hold.poll_output(&mut exchange, moment) {
//!         Output::Event(e)      => hand `e` to the caller
//!         Output::Error(e)      => close the body, hand `e` to the caller (the stream is over)
//!         Output::End           => the stream is over
//!         Output::Read          => read the body: handle_bytes(..), or handle_end() at its
//!                                  end, or handle_read_error(e) if the read failed
//!         Output::Retry(delay)  => close the body, sleep `delay`, open the call again with
//!                                  the exchange: handle_reopened(status, headers) or
//!                                  handle_reopen_error(e)
//!     }
//! }
//! ```
//!
//! A driver that lends events out (`next_ref` on the clients' event streams) runs the
//! same loop on [`HoldBack::poll_ready`] and takes each event with
//! [`HoldBack::take_ref`]: the same events, in the same order, string deltas borrowed.
//!
//! Nothing here reads a clock or a socket: the retry decision is the [`Exchange`]'s, given
//! the [`Moment`] the driver samples (only when an error needs a decision).

use std::collections::VecDeque;
use std::time::Duration;

use http::{HeaderMap, StatusCode};

use super::decode::{EventDecoder, LaneHit};
use super::event::StreamEvent;
use super::event_ref::StreamEventRef;
use crate::error::Error;
use crate::request::{Exchange, Moment};

/// What the driver does next. See the module docs for the loop.
///
/// [`HoldBack::poll_output`] hands the event over in [`Output::Event`];
/// [`HoldBack::poll_ready`], for a driver that lends events out, says only that one is
/// [`Ready`] for [`HoldBack::take_ref`].
#[allow(clippy::large_enum_variant)] // handed on at once
#[derive(Debug)]
pub enum Output<E = StreamEvent> {
    /// Hand this event to the caller.
    Event(E),
    /// Hand this error to the caller; the stream is over (close the body).
    Error(Error),
    /// The stream is over.
    End,
    /// Read more of the body.
    Read,
    /// Close the body, wait this long, open the call again, and report the outcome with
    /// [`HoldBack::handle_reopened`] or [`HoldBack::handle_reopen_error`]. (Polled again
    /// before that, it says `Retry(Duration::ZERO)`.)
    Retry(Duration),
}

/// An event waits in the [`HoldBack`]: take it with [`HoldBack::take_ref`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ready;

#[derive(Debug)]
enum State {
    Reading,
    /// The body ended; the decoder drains.
    BodyEnded,
    /// Waiting for the retried request's response.
    Retrying,
    /// An error ends the stream, after the held events.
    Failed(Error),
    Done,
}

/// One streamed response body: decoding, the hold-back rule, the retry-before-content
/// decision. Inputs: `handle_*`; output: [`poll_output`](Self::poll_output).
#[derive(Debug)]
pub struct HoldBack {
    decoder: EventDecoder,
    status: StatusCode,
    held: VecDeque<StreamEvent>,
    released: bool,
    read_error: Option<Error>,
    state: State,
    /// What [`HoldBack::poll_ready`] found, until [`HoldBack::take_ref`] takes it: a
    /// string delta whose string is still in the decoder's buffer, or any other event.
    /// (Two fields, not one enum: the first is written and read on every event, and
    /// stays small.)
    waiting_lane: Option<LaneHit>,
    waiting: Option<StreamEvent>,
}

/// Whether an event is content: the first one releases the events held back.
fn is_content(event: &StreamEvent) -> bool {
    matches!(
        event,
        StreamEvent::ContentBlockDelta { .. }
            | StreamEvent::MessageDelta { .. }
            | StreamEvent::MessageStop { .. }
    )
}

impl HoldBack {
    /// The state for a success response with this status and these headers (used for
    /// the errors of `error` events), before any of its body.
    pub fn new(status: StatusCode, headers: HeaderMap) -> Self {
        HoldBack::with_decoder(status, EventDecoder::new(status, headers))
    }

    /// The state for a success response with this status whose body `decoder` decodes
    /// (a driver asks [`Exchange::event_decoder`](crate::Exchange::event_decoder), which
    /// knows the platform's framing: SSE, or Bedrock's event stream).
    pub fn with_decoder(status: StatusCode, decoder: EventDecoder) -> Self {
        HoldBack {
            decoder,
            status,
            held: VecDeque::new(),
            released: false,
            read_error: None,
            state: State::Reading,
            waiting_lane: None,
            waiting: None,
        }
    }

    /// The status of the response being read (of the latest attempt).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers of the response being read (of the latest attempt).
    pub fn headers(&self) -> &HeaderMap {
        self.decoder.headers()
    }

    /// Whether events are handed out as they arrive (the first content came, or the
    /// stream is ending); from then on nothing is retried.
    pub fn is_released(&self) -> bool {
        self.released
    }

    /// Body bytes read.
    pub fn handle_bytes(&mut self, bytes: &[u8]) {
        self.settle();
        self.decoder.feed(bytes);
    }

    /// The body ended.
    pub fn handle_end(&mut self) {
        self.settle();
        self.decoder.finish();
        if matches!(self.state, State::Reading) {
            self.state = State::BodyEnded;
        }
    }

    /// Reading the body failed ([`Error::Connection`], [`Error::Timeout`], …).
    pub fn handle_read_error(&mut self, error: Error) {
        self.read_error = Some(error);
    }

    /// After [`Output::Retry`]: the new attempt answered with a success head; its body
    /// follows.
    pub fn handle_reopened(&mut self, status: StatusCode, headers: HeaderMap) {
        self.handle_reopened_with(status, EventDecoder::new(status, headers));
    }

    /// [`handle_reopened`](Self::handle_reopened) with the decoder of the new body.
    pub fn handle_reopened_with(&mut self, status: StatusCode, decoder: EventDecoder) {
        self.settle();
        self.decoder = decoder;
        self.status = status;
        self.held.clear();
        self.released = false;
        self.read_error = None;
        self.state = State::Reading;
    }

    /// After [`Output::Retry`]: the new attempt failed for good (the exchange's own
    /// retries included). The error ends the stream.
    pub fn handle_reopen_error(&mut self, error: Error) {
        self.held.clear();
        self.released = true;
        self.state = State::Failed(error);
    }

    /// What to do next. `moment` is sampled only when an error before content needs a
    /// retry decision from `exchange`.
    pub fn poll_output<T>(
        &mut self,
        exchange: &mut Exchange<T>,
        moment: impl FnOnce() -> Moment,
    ) -> Output {
        if self.waiting_lane.is_some() || self.waiting.is_some() {
            // A driver that polled `poll_ready` and did not take the event.
            self.settle();
            if let Some(event) = self.waiting.take() {
                return Output::Event(event);
            }
        }
        let mut moment = Some(moment);
        loop {
            if self.released {
                if let Some(event) = self.held.pop_front() {
                    return Output::Event(event);
                }
            }
            match &mut self.state {
                State::Reading | State::BodyEnded => {}
                State::Done => return Output::End,
                State::Retrying => return Output::Retry(Duration::ZERO),
                State::Failed(_) => {
                    let State::Failed(error) = std::mem::replace(&mut self.state, State::Done)
                    else {
                        return Output::End;
                    };
                    return Output::Error(error);
                }
            }
            let error = match self.read_error.take() {
                Some(error) => error,
                None => match self.decoder.next_event() {
                    Ok(Some(event)) if self.released => return Output::Event(event),
                    Ok(Some(event)) => {
                        self.released = is_content(&event);
                        self.held.push_back(event);
                        continue;
                    }
                    Ok(None) if matches!(self.state, State::BodyEnded) => {
                        self.released = true;
                        self.state = State::Done;
                        continue;
                    }
                    Ok(None) => return Output::Read,
                    Err(error) => error,
                },
            };
            if !self.released {
                if let Some(moment) = moment.take() {
                    match retry_delay(exchange, error, moment()) {
                        Ok(delay) => {
                            self.held.clear();
                            self.state = State::Retrying;
                            return Output::Retry(delay);
                        }
                        Err(error) => self.fail(error),
                    }
                    continue;
                }
            }
            // After content the error is final: it still names the configured limit and
            // the attempts made, as one decided by the exchange does.
            self.fail(exchange.complete_error(error));
        }
    }

    /// [`poll_output`](Self::poll_output) for a driver that lends events out: the same
    /// answers in the same order, but an event is kept, and [`Output::Event`] says only
    /// that it is [`Ready`] for [`take_ref`](Self::take_ref). Polled again before that, it
    /// says `Ready` again.
    ///
    /// ```text
    /// loop {
    ///     match hold.poll_ready(&mut exchange, moment) {
    ///         Output::Event(Ready) => break,
    ///         …                    => as for poll_output
    ///     }
    /// }
    /// hand `hold.take_ref()` to the caller
    /// ```
    ///
    /// (Two steps, because a loop that reads between polls cannot also return a borrow
    /// of what it polls.)
    #[inline(always)] // once per event: its fast path is a few tests
    pub fn poll_ready<T>(
        &mut self,
        exchange: &mut Exchange<T>,
        moment: impl FnOnce() -> Moment,
    ) -> Output<Ready> {
        // Nearly every event: a string delta once the held events are out.
        if self.waiting_lane.is_none()
            && self.waiting.is_none()
            && self.released
            && self.held.is_empty()
            && self.read_error.is_none()
            && matches!(self.state, State::Reading)
        {
            if let Some(hit) = self.decoder.next_lane_hit() {
                self.waiting_lane = Some(hit);
                return Output::Event(Ready);
            }
        }
        self.poll_ready_slow(exchange, moment)
    }

    fn poll_ready_slow<T>(
        &mut self,
        exchange: &mut Exchange<T>,
        moment: impl FnOnce() -> Moment,
    ) -> Output<Ready> {
        if self.waiting_lane.is_some() || self.waiting.is_some() {
            return Output::Event(Ready);
        }
        match self.poll_output(exchange, moment) {
            Output::Event(event) => {
                self.waiting = Some(event);
                Output::Event(Ready)
            }
            Output::Error(error) => Output::Error(error),
            Output::End => Output::End,
            Output::Read => Output::Read,
            Output::Retry(delay) => Output::Retry(delay),
        }
    }

    /// The event [`poll_ready`](Self::poll_ready) found, its string delta borrowed from
    /// the decoder's buffer; `None` when none waits. Taken by value or through
    /// [`StreamEventRef::into_owned`], it is exactly the event
    /// [`poll_output`](Self::poll_output) would have given.
    #[inline(always)] // built where the caller keeps it, not returned through memory
    pub fn take_ref(&mut self) -> Option<StreamEventRef<'_>> {
        if let Some(hit) = self.waiting_lane.take() {
            return Some(StreamEventRef::StrDelta(self.decoder.lane_delta(hit)));
        }
        self.waiting.take().map(StreamEventRef::from)
    }

    /// Makes a waiting string delta own its string, before the decoder's buffer changes.
    fn settle(&mut self) {
        if let Some(hit) = self.waiting_lane.take() {
            self.waiting = Some(self.decoder.lane_delta(hit).into_event());
        }
    }

    fn fail(&mut self, error: Error) {
        self.released = true;
        self.state = State::Failed(error);
    }
}

/// Whether an error before content is retried: an `error` event that names overload,
/// a rate limit or an internal error, and connection failures and timeouts, within the
/// call's budget; anything else (undecodable data, a body cut short, other API errors)
/// is final.
fn retry_delay<T>(
    exchange: &mut Exchange<T>,
    error: Error,
    moment: Moment,
) -> Result<Duration, Error> {
    match error {
        Error::Api(_) => exchange.handle_stream_error(error, moment),
        Error::Connection(_) | Error::Timeout(_) => exchange.handle_error(error, moment),
        other => Err(other),
    }
}
