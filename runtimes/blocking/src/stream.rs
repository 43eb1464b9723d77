//! Raw event streams: `client.messages().create_stream(..)` (Python's `create(stream=True)`).
//!
//! # Retries
//!
//! A stream is retried, within the call's retry budget, while nothing has been handed to
//! the caller: until the response head arrives (as every call), and also when the API
//! answers 200 and then reports an overloaded, rate-limit or internal error — or the
//! connection fails — before any content. The rule (which events are held back until
//! content, what is retried, that held events come out before a final error) is core's
//! [`HoldBack`]; this driver only reads, sleeps and reopens when it says so.

use std::io::Read;

use anthropic_core::endpoints::messages::EventStream as EventStreamCall;
use anthropic_core::stream::hold_back::{Output, Ready};
use anthropic_core::stream::{HoldBack, StreamEvent, StreamEventRef};
use anthropic_core::{Call, Error, Exchange, RequestOptions};
use http::{HeaderMap, StatusCode};

use crate::client::Client;
use crate::driver::{moment, sleep};
use crate::transport::{DecodedReader, map_error};

const READ_BUFFER: usize = 64 * 1024;

/// A stream of typed events, read from the response as it arrives. Dropping it closes the
/// connection.
pub struct EventStream {
    client: Client,
    exchange: Exchange<EventStreamCall>,
    reader: Option<DecodedReader>,
    hold: HoldBack,
    done: bool,
    buffer: Box<[u8]>,
}

impl std::fmt::Debug for EventStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status())
            .field("request_id", &self.request_id())
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl EventStream {
    /// Sends the request and waits for a success head; an error status is returned here,
    /// with its body, not as the first item of the stream.
    pub(crate) fn open(
        client: &Client,
        call: Call<EventStreamCall>,
        options: &RequestOptions,
    ) -> Result<EventStream, Error> {
        let mut exchange = Exchange::new(
            client.config(),
            call,
            options,
            anthropic_platform::clock::now(),
        )?;
        let response = client.open(&mut exchange)?;
        let (parts, body) = response.into_parts();
        let reader = DecodedReader::new(&parts.headers, body)?;
        let decoder = exchange.event_decoder(parts.status, parts.headers);
        Ok(EventStream {
            client: client.clone(),
            exchange,
            reader: Some(reader),
            hold: HoldBack::with_decoder(parts.status, decoder),
            done: false,
            buffer: vec![0; READ_BUFFER].into_boxed_slice(),
        })
    }

    /// The exchange this stream runs (for the stream helper's choice of partial mode).
    pub(crate) fn exchange(&self) -> &Exchange<EventStreamCall> {
        &self.exchange
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.hold.status()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.hold.headers()
    }

    /// The `request-id` response header.
    pub fn request_id(&self) -> Option<&str> {
        self.headers()
            .get("request-id")
            .and_then(|v| v.to_str().ok())
    }

    /// How many retries it took to open the stream.
    pub fn retries_taken(&self) -> u32 {
        self.exchange.retries_taken()
    }

    /// The next event, or `None` at the end of the stream.
    pub fn next_event(&mut self) -> Option<Result<StreamEvent, Error>> {
        self.drive(|hold, exchange| hold.poll_output(exchange, moment))
    }

    /// The next event by reference, or `None` at the end of the stream: the same events
    /// as [`next_event`](Self::next_event), but a text, tool-input or thinking delta
    /// comes as [`StreamEventRef::StrDelta`], its string borrowed from the read buffer
    /// instead of copied into a `String` of its own (see [`StreamEventRef`]).
    ///
    /// ```no_run
    /// # fn f(client: anthropic_blocking::Client) -> Result<(), anthropic_blocking::Error> {
    /// use anthropic_blocking::types::{MessageCreateParams, Model};
    /// use anthropic_core::stream::StreamEventRef;
    /// use anthropic_core::stream::event::StrDeltaKind;
    ///
    /// let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user("Hello");
    /// let mut stream = client.messages().create_stream(&params)?;
    /// while let Some(event) = stream.next_ref() {
    ///     if let StreamEventRef::StrDelta(delta) = event? {
    ///         if delta.kind == StrDeltaKind::Text {
    ///             print!("{}", delta.text);
    ///         }
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn next_ref(&mut self) -> Option<Result<StreamEventRef<'_>, Error>> {
        match self.drive(|hold, exchange| hold.poll_ready(exchange, moment))? {
            Ok(Ready) => self.hold.take_ref().map(Ok),
            Err(error) => Some(Err(error)),
        }
    }

    /// Runs the driver's loop on `poll` (owned events, or events lent out) until it has
    /// an event, an error, or the end.
    #[inline]
    fn drive<E>(
        &mut self,
        mut poll: impl FnMut(&mut HoldBack, &mut Exchange<EventStreamCall>) -> Output<E>,
    ) -> Option<Result<E, Error>> {
        if self.done {
            return None;
        }
        loop {
            match poll(&mut self.hold, &mut self.exchange) {
                Output::Event(event) => return Some(Ok(event)),
                Output::Error(error) => {
                    self.done = true;
                    self.reader = None;
                    return Some(Err(error));
                }
                Output::End => {
                    self.done = true;
                    return None;
                }
                Output::Read => self.read(),
                Output::Retry(delay) => self.reopen(delay),
            }
        }
    }

    /// Reads the body once and hands the outcome to the hold-back state.
    fn read(&mut self) {
        let Some(reader) = self.reader.as_mut() else {
            self.hold.handle_end();
            return;
        };
        match reader.read(&mut self.buffer) {
            Ok(0) => {
                self.reader = None;
                self.hold.handle_end();
            }
            Ok(n) => self.hold.handle_bytes(&self.buffer[..n]),
            Err(e) => {
                self.reader = None;
                self.hold.handle_read_error(map_error(ureq::Error::Io(e)));
            }
        }
    }

    /// Drops this response and opens the call again after `delay`.
    fn reopen(&mut self, delay: std::time::Duration) {
        self.reader = None;
        sleep(delay);
        match self.client.open(&mut self.exchange) {
            Ok(response) => {
                let (parts, body) = response.into_parts();
                match DecodedReader::new(&parts.headers, body) {
                    Ok(reader) => {
                        self.reader = Some(reader);
                        let decoder = self.exchange.event_decoder(parts.status, parts.headers);
                        self.hold.handle_reopened_with(parts.status, decoder);
                    }
                    Err(error) => self.hold.handle_reopen_error(error),
                }
            }
            Err(error) => self.hold.handle_reopen_error(error),
        }
    }
}

impl Iterator for EventStream {
    type Item = Result<StreamEvent, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_event()
    }
}
