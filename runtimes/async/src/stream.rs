//! Raw event streams: `client.messages().create_stream(..)` (Python's
//! `create(stream=True)`), as a [`futures_core::Stream`].
//!
//! # Retries
//!
//! A stream is retried, within the call's retry budget, while nothing has been handed to
//! the caller: until the response head arrives (as every call), and also when the API
//! answers 200 and then reports an overloaded, rate-limit or internal error — or the
//! connection fails or times out — before any content. To make "before any content"
//! exact, the events that precede content (`message_start`, `content_block_start`,
//! `ping`) are held back until the first content event arrives; then they are released in
//! order. Once an event has been handed out, nothing is retried: an error is returned as
//! it is, and the events already received stay with the caller. This is the blocking
//! client's rule, unchanged.
//!
//! # Polling
//!
//! Events already decoded are returned without I/O. When bytes are needed, the stream's
//! state moves into one boxed future that reads, decodes and (before content) retries;
//! it is kept across polls, so dropping a [`EventStream::next_event`] future midway loses
//! nothing.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use anthropic_core::endpoints::messages::EventStream as EventStreamCall;
use anthropic_core::stream::{EventDecoder, StreamEvent};
use anthropic_core::{Call, Error, Exchange, RequestOptions};
use futures_core::Stream;
use http::{HeaderMap, StatusCode};

use crate::client::Client;
use crate::driver::moment;
use crate::runtime::Runtime;
use crate::transport::Body;

type Item = Result<StreamEvent, Error>;
type Pull<R> = Pin<Box<dyn Future<Output = (Box<State<R>>, Option<Item>)> + Send>>;

/// A stream of typed events, read from the response as it arrives. Dropping it closes the
/// connection; reading it to the end returns the connection to the pool.
///
/// ```no_run
/// # async fn f<R: anthropic_async::Runtime>(client: anthropic_async::Client<R>) -> Result<(), anthropic_async::Error> {
/// use anthropic_async::types::{MessageCreateParams, Model};
/// use anthropic_core::stream::{ContentDelta, StreamEvent};
///
/// let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user("Hello");
/// let mut stream = client.messages().create_stream(&params).await?;
/// while let Some(event) = stream.next_event().await {
///     if let StreamEvent::ContentBlockDelta { delta: ContentDelta::Text { text }, .. } = event? {
///         print!("{text}");
///     }
/// }
/// # Ok(()) }
/// ```
pub struct EventStream<R: Runtime> {
    state: Option<Box<State<R>>>,
    pull: Option<Pull<R>>,
    status: StatusCode,
    headers: HeaderMap,
    retries_taken: u32,
}

struct State<R: Runtime> {
    client: Client<R>,
    status: StatusCode,
    exchange: Exchange<EventStreamCall>,
    body: Option<Body<R>>,
    decoder: EventDecoder,
    held: VecDeque<StreamEvent>,
    released: bool,
    done: bool,
}

impl<R: Runtime> std::fmt::Debug for EventStream<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .field("request_id", &self.request_id())
            .field("done", &self.state.as_ref().is_some_and(|s| s.done))
            .finish_non_exhaustive()
    }
}

impl<R: Runtime> EventStream<R> {
    /// Sends the request and waits for a success head; an error status is returned here,
    /// with its body, not as the first item of the stream.
    pub(crate) async fn open(
        client: &Client<R>,
        call: Call<EventStreamCall>,
        options: &RequestOptions,
    ) -> Result<EventStream<R>, Error> {
        let mut exchange = Exchange::new(client.config(), call, options, Instant::now())?;
        let response = client.open(&mut exchange).await?;
        let state = State {
            client: client.clone(),
            status: response.status,
            decoder: exchange.event_decoder(response.status, response.headers.clone()),
            body: Some(response.body),
            exchange,
            held: VecDeque::new(),
            released: false,
            done: false,
        };
        Ok(EventStream {
            status: response.status,
            headers: response.headers,
            retries_taken: state.exchange.retries_taken(),
            state: Some(Box::new(state)),
            pull: None,
        })
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers (of the attempt being read, after a retry).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `request-id` response header.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get("request-id").and_then(|v| v.to_str().ok())
    }

    /// How many retries it took to open the stream (and to get its first content).
    pub fn retries_taken(&self) -> u32 {
        self.retries_taken
    }

    /// The next event, or `None` at the end of the stream. The same as
    /// `StreamExt::next`, without needing the trait in scope.
    pub async fn next_event(&mut self) -> Option<Item> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    fn restore(&mut self, state: Box<State<R>>) {
        let retries = state.exchange.retries_taken();
        if retries != self.retries_taken {
            // A retry opened a new response: show its status and headers.
            self.retries_taken = retries;
            self.status = state.status;
            self.headers = state.decoder.headers().clone();
        }
        self.state = Some(state);
    }
}

impl<R: Runtime> Stream for EventStream<R> {
    type Item = Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Item>> {
        let this = self.get_mut();
        if this.pull.is_none() {
            let Some(state) = this.state.as_mut() else {
                return Poll::Ready(None);
            };
            if let Some(ready) = state.ready() {
                return Poll::Ready(ready);
            }
            let Some(mut state) = this.state.take() else {
                return Poll::Ready(None);
            };
            this.pull = Some(Box::pin(async move {
                let item = state.next_event().await;
                (state, item)
            }));
        }
        let Some(pull) = this.pull.as_mut() else {
            return Poll::Ready(None);
        };
        match pull.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready((state, item)) => {
                this.pull = None;
                this.restore(state);
                Poll::Ready(item)
            }
        }
    }
}

fn is_content(event: &StreamEvent) -> bool {
    matches!(
        event,
        StreamEvent::ContentBlockDelta { .. }
            | StreamEvent::MessageDelta { .. }
            | StreamEvent::MessageStop
    )
}

impl<R: Runtime> State<R> {
    /// The next item if it is known without I/O: once content has been released, a held
    /// event, the end, or an event or error already decoded. `None`: bytes are needed (or
    /// the hold-back rule is still in force; [`next_event`](Self::next_event) decides).
    fn ready(&mut self) -> Option<Option<Item>> {
        if !self.released {
            return None;
        }
        if let Some(event) = self.held.pop_front() {
            return Some(Some(Ok(event)));
        }
        if self.done {
            return Some(None);
        }
        match self.decoder.next_event() {
            Ok(Some(event)) => Some(Some(Ok(event))),
            Ok(None) => None,
            Err(error) => Some(Some(Err(self.fail(error)))),
        }
    }

    /// The next event, or `None` at the end of the stream, reading (and before content,
    /// retrying) as needed.
    async fn next_event(&mut self) -> Option<Item> {
        if self.released {
            if let Some(event) = self.held.pop_front() {
                return Some(Ok(event));
            }
        }
        if self.done {
            return None;
        }
        loop {
            match self.pull().await {
                Ok(Some(event)) if self.released => return Some(Ok(event)),
                Ok(Some(event)) => {
                    let content = is_content(&event);
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
                Err(error) if !self.released => match self.retry_after(error).await {
                    Ok(()) => continue,
                    Err(error) => return Some(Err(self.fail(error))),
                },
                Err(error) => return Some(Err(self.fail(error))),
            }
        }
    }

    fn fail(&mut self, error: Error) -> Error {
        self.done = true;
        self.released = true;
        self.held.clear();
        self.body = None;
        error
    }

    /// Nothing was handed out yet: retry the request if the error allows it.
    async fn retry_after(&mut self, error: Error) -> Result<(), Error> {
        let delay = match error {
            Error::Api(_) => self.exchange.handle_stream_error(error, moment())?,
            Error::Connection(_) | Error::Timeout(_) => {
                self.exchange.handle_error(error, moment())?
            }
            other => return Err(other),
        };
        self.body = None;
        self.client.transport.runtime.sleep(delay).await;
        let response = self.client.open(&mut self.exchange).await?;
        self.held.clear();
        self.status = response.status;
        self.decoder = self
            .exchange
            .event_decoder(response.status, response.headers);
        self.body = Some(response.body);
        Ok(())
    }

    /// The next decoded event, reading from the socket as needed.
    async fn pull(&mut self) -> Result<Option<StreamEvent>, Error> {
        loop {
            if let Some(event) = self.decoder.next_event()? {
                return Ok(Some(event));
            }
            let Some(body) = self.body.as_mut() else {
                return Ok(None);
            };
            match body.read_data().await? {
                Some(data) => self.decoder.feed(data),
                None => {
                    self.body = None;
                    self.decoder.finish();
                }
            }
        }
    }
}
