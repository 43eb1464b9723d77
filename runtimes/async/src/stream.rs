//! Raw event streams: `client.messages().create_stream(..)` (Python's
//! `create(stream=True)`), as a [`futures_core::Stream`].
//!
//! # Retries
//!
//! A stream is retried, within the call's retry budget, while nothing has been handed to
//! the caller: until the response head arrives (as every call), and also when the API
//! answers 200 and then reports an overloaded, rate-limit or internal error — or the
//! connection fails or times out — before any content. The rule (which events are held
//! back until content, what is retried, that held events come out before a final error)
//! is core's [`HoldBack`], the blocking client's too; this driver only reads, sleeps and
//! reopens when it says so.
//!
//! # Polling
//!
//! Events already decoded are returned without I/O. When the hold-back state asks for a
//! read or a retry, the stream's state moves into one boxed future that does that one
//! piece of I/O; it is kept across polls, so dropping a [`EventStream::next_event`]
//! future midway loses nothing.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use anthropic_core::endpoints::messages::EventStream as EventStreamCall;
use anthropic_core::stream::hold_back::{Output, Ready};
use anthropic_core::stream::{HoldBack, StreamEvent, StreamEventRef};
use anthropic_core::{Call, Error, Exchange, RequestOptions};
use futures_core::Stream;
use http::{HeaderMap, StatusCode};

use crate::client::Client;
use crate::driver::moment;
use crate::runtime::Runtime;
use crate::transport::Body;

type Item = Result<StreamEvent, Error>;
type Io<R> = Pin<Box<dyn Future<Output = Box<State<R>>> + Send>>;

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
///     if let StreamEvent::ContentBlockDelta { delta: ContentDelta::Text { text, .. }, .. } = event? {
///         print!("{text}");
///     }
/// }
/// # Ok(()) }
/// ```
pub struct EventStream<R: Runtime> {
    state: Option<Box<State<R>>>,
    io: Option<Io<R>>,
    status: StatusCode,
    headers: HeaderMap,
    retries_taken: u32,
    done: bool,
}

struct State<R: Runtime> {
    client: Client<R>,
    exchange: Exchange<EventStreamCall>,
    body: Option<Body<R>>,
    hold: HoldBack,
}

impl<R: Runtime> std::fmt::Debug for EventStream<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("status", &self.status)
            .field("request_id", &self.request_id())
            .field("done", &self.done)
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
        let mut exchange = Exchange::new(
            client.config(),
            call,
            options,
            anthropic_platform::clock::now(),
        )?;
        let response = client.open(&mut exchange).await?;
        let state = State {
            client: client.clone(),
            hold: HoldBack::with_decoder(
                response.status,
                exchange.event_decoder(response.status, response.headers.clone()),
            ),
            body: Some(response.body),
            exchange,
        };
        Ok(EventStream {
            status: response.status,
            headers: response.headers,
            retries_taken: state.exchange.retries_taken(),
            state: Some(Box::new(state)),
            io: None,
            done: false,
        })
    }

    /// The exchange this stream runs (for the stream helper's choice of partial mode);
    /// `None` only while a read is in flight.
    pub(crate) fn exchange(&self) -> Option<&Exchange<EventStreamCall>> {
        self.state.as_ref().map(|s| &s.exchange)
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

    /// The next event by reference, or `None` at the end of the stream: the same events
    /// as [`next_event`](Self::next_event), but a text, tool-input or thinking delta
    /// comes as [`StreamEventRef::StrDelta`], its string borrowed from the read buffer
    /// instead of copied into a `String` of its own (see [`StreamEventRef`]).
    ///
    /// ```no_run
    /// # async fn f<R: anthropic_async::Runtime>(client: anthropic_async::Client<R>) -> Result<(), anthropic_async::Error> {
    /// use anthropic_async::types::{MessageCreateParams, Model};
    /// use anthropic_core::stream::StreamEventRef;
    /// use anthropic_core::stream::event::StrDeltaKind;
    ///
    /// let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user("Hello");
    /// let mut stream = client.messages().create_stream(&params).await?;
    /// while let Some(event) = stream.next_ref().await {
    ///     if let StreamEventRef::StrDelta(delta) = event? {
    ///         if delta.kind == StrDeltaKind::Text {
    ///             print!("{}", delta.text);
    ///         }
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn next_ref(&mut self) -> Option<Result<StreamEventRef<'_>, Error>> {
        match std::future::poll_fn(|cx| self.poll_lent(cx)).await? {
            Ok(Ready) => self.take_lent().map(Ok),
            Err(error) => Some(Err(error)),
        }
    }

    /// Reads until an event is [`Ready`] for [`take_lent`](Self::take_lent), the stream
    /// fails, or it ends (`None`).
    #[inline]
    pub(crate) fn poll_lent(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Ready, Error>>> {
        self.poll_with(cx, |hold, exchange| hold.poll_ready(exchange, moment))
    }

    /// The event [`poll_lent`](Self::poll_lent) found.
    #[inline]
    pub(crate) fn take_lent(&mut self) -> Option<StreamEventRef<'_>> {
        self.state.as_deref_mut()?.hold.take_ref()
    }

    /// Runs the driver's loop on `poll` (owned events, or events lent out) until it has
    /// an event, an error, or the end (`None`).
    #[inline]
    fn poll_with<E>(
        &mut self,
        cx: &mut Context<'_>,
        mut poll: impl FnMut(&mut HoldBack, &mut Exchange<EventStreamCall>) -> Output<E>,
    ) -> Poll<Option<Result<E, Error>>> {
        loop {
            if let Some(io) = self.io.as_mut() {
                match io.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(state) => {
                        self.io = None;
                        self.restore(state);
                    }
                }
            }
            if self.done {
                return Poll::Ready(None);
            }
            let Some(state) = self.state.as_deref_mut() else {
                return Poll::Ready(None);
            };
            let io = match poll(&mut state.hold, &mut state.exchange) {
                Output::Event(event) => return Poll::Ready(Some(Ok(event))),
                Output::Error(error) => {
                    state.body = None;
                    self.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
                Output::End => {
                    self.done = true;
                    return Poll::Ready(None);
                }
                Output::Read => self
                    .state
                    .take()
                    .map(|state| Box::pin(state.read()) as Io<R>),
                Output::Retry(delay) => self
                    .state
                    .take()
                    .map(|state| Box::pin(state.reopen(delay)) as Io<R>),
            };
            self.io = io;
        }
    }

    fn restore(&mut self, state: Box<State<R>>) {
        let retries = state.exchange.retries_taken();
        if retries != self.retries_taken {
            // A retry opened a new response: show its status and headers.
            self.retries_taken = retries;
            self.status = state.hold.status();
            self.headers = state.hold.headers().clone();
        }
        self.state = Some(state);
    }
}

impl<R: Runtime> Stream for EventStream<R> {
    type Item = Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Item>> {
        self.get_mut()
            .poll_with(cx, |hold, exchange| hold.poll_output(exchange, moment))
    }
}

impl<R: Runtime> State<R> {
    /// Reads the body once and hands the outcome to the hold-back state.
    async fn read(mut self: Box<Self>) -> Box<Self> {
        let Some(body) = self.body.as_mut() else {
            self.hold.handle_end();
            return self;
        };
        match body.read_data().await {
            Ok(Some(data)) => self.hold.handle_bytes(data),
            Ok(None) => {
                self.body = None;
                self.hold.handle_end();
            }
            Err(error) => {
                self.body = None;
                self.hold.handle_read_error(error);
            }
        }
        self
    }

    /// Drops this response and opens the call again after `delay`.
    async fn reopen(mut self: Box<Self>, delay: Duration) -> Box<Self> {
        self.body = None;
        self.client.transport.runtime.sleep(delay).await;
        match self.client.open(&mut self.exchange).await {
            Ok(response) => {
                let decoder = self
                    .exchange
                    .event_decoder(response.status, response.headers);
                self.hold.handle_reopened_with(response.status, decoder);
                self.body = Some(response.body);
            }
            Err(error) => self.hold.handle_reopen_error(error),
        }
        self
    }
}
