//! Raw event streams: `client.messages().create_stream(..)` (Python's `create(stream=True)`).
//!
//! # Retries
//!
//! A stream is retried, within the call's retry budget, while nothing has been handed to
//! the caller: until the response head arrives (as every call), and also when the API
//! answers 200 and then reports an overloaded, rate-limit or internal error — or the
//! connection fails — before any content. To make "before any content" exact, the events
//! that precede content (`message_start`, `content_block_start`, `ping`) are held back until
//! the first content event arrives; then they are released in order. Once an event has
//! been handed out, nothing is retried: an error is returned as it is, and the events
//! already received stay with the caller.

use std::collections::VecDeque;
use std::io::Read;

use anthropic_core::endpoints::messages::EventStream as EventStreamCall;
use anthropic_core::stream::{EventDecoder, StreamEvent};
use anthropic_core::{Call, Error, Exchange, RequestOptions};
use http::{HeaderMap, StatusCode};

use crate::client::Client;
use crate::driver::{moment, sleep};
use crate::transport::{DecodedReader, map_error};

const READ_BUFFER: usize = 16 * 1024;

/// A stream of typed events, read from the response as it arrives. Dropping it closes the
/// connection.
pub struct EventStream {
    client: Client,
    exchange: Exchange<EventStreamCall>,
    reader: Option<DecodedReader>,
    decoder: EventDecoder,
    status: StatusCode,
    held: VecDeque<StreamEvent>,
    released: bool,
    done: bool,
    buffer: Box<[u8]>,
}

impl std::fmt::Debug for EventStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
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
        let mut exchange =
            Exchange::new(client.config(), call, options, std::time::Instant::now())?;
        let response = client.open(&mut exchange)?;
        let (parts, body) = response.into_parts();
        let reader = DecodedReader::new(&parts.headers, body)?;
        let decoder = exchange.event_decoder(parts.status, parts.headers);
        Ok(EventStream {
            client: client.clone(),
            exchange,
            reader: Some(reader),
            decoder,
            status: parts.status,
            held: VecDeque::new(),
            released: false,
            done: false,
            buffer: vec![0; READ_BUFFER].into_boxed_slice(),
        })
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.decoder.headers()
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
        if let Some(event) = self.held.pop_front().filter(|_| self.released) {
            return Some(Ok(event));
        }
        if self.done {
            return None;
        }
        loop {
            match self.pull() {
                Ok(Some(event)) if self.released => return Some(Ok(event)),
                Ok(Some(event)) => {
                    let content = matches!(
                        event,
                        StreamEvent::ContentBlockDelta { .. }
                            | StreamEvent::MessageDelta { .. }
                            | StreamEvent::MessageStop
                    );
                    self.held.push_back(event);
                    if content {
                        self.released = true;
                        return self.held.pop_front().map(Ok);
                    }
                }
                Ok(None) => {
                    self.done = true;
                    self.released = true;
                    return self.held.pop_front().map(Ok);
                }
                Err(error) if !self.released => match self.retry_after(error) {
                    Ok(()) => continue,
                    Err(error) => return Some(Err(self.fail(error))),
                },
                Err(error) => return Some(Err(self.fail(error))),
            }
        }
    }

    fn fail(&mut self, error: Error) -> Error {
        self.done = true;
        self.held.clear();
        self.reader = None;
        error
    }

    /// Nothing was handed out yet: retry the request if the error allows it.
    fn retry_after(&mut self, error: Error) -> Result<(), Error> {
        let delay = match error {
            Error::Api(_) => self.exchange.handle_stream_error(error, moment())?,
            Error::Connection(_) | Error::Timeout(_) => {
                self.exchange.handle_error(error, moment())?
            }
            other => return Err(other),
        };
        self.reader = None;
        sleep(delay);
        let response = self.client.open(&mut self.exchange)?;
        let (parts, body) = response.into_parts();
        self.held.clear();
        self.status = parts.status;
        self.reader = Some(DecodedReader::new(&parts.headers, body)?);
        self.decoder = self.exchange.event_decoder(parts.status, parts.headers);
        Ok(())
    }

    /// The next decoded event, reading from the socket as needed.
    fn pull(&mut self) -> Result<Option<StreamEvent>, Error> {
        loop {
            if let Some(event) = self.decoder.next_event()? {
                return Ok(Some(event));
            }
            let Some(reader) = self.reader.as_mut() else {
                return Ok(None);
            };
            let n = reader
                .read(&mut self.buffer)
                .map_err(|e| map_error(ureq::Error::Io(e)))?;
            if n == 0 {
                self.reader = None;
                self.decoder.finish();
            } else {
                self.decoder.feed(&self.buffer[..n]);
            }
        }
    }
}

impl Iterator for EventStream {
    type Item = Result<StreamEvent, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_event()
    }
}
