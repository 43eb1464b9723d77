//! [`StreamingResponse`]: what a resource method returns after `with_streaming_response()`
//! (Python's `with_streaming_response`): the response head as soon as it arrives, the body
//! read as the caller polls for it, never held whole unless the caller asks for a parsed
//! result.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use anthropic_core::response::{RawResponse, ResponseBody};
use anthropic_core::{Call, Error, RequestOptions, content};
use futures_core::Stream;
use futures_io::AsyncWrite;
use http::{HeaderMap, StatusCode};

use crate::body::ByteStream;
use crate::client::Client;
use crate::runtime::Runtime;

/// A successful response whose head has arrived and whose body is still on the wire.
///
/// Read the body as it comes (a `futures::Stream` of byte chunks, as
/// [`ByteStream`]; [`next_chunk`](Self::next_chunk), [`write_to`](Self::write_to) an
/// `AsyncWrite`), or read the rest and decode it as the method's result with
/// [`parse`](Self::parse) (bounded by the transport's `max_body_size`, as an ordinary call
/// is). Retries end when the head arrives: an error status is returned by the method call
/// itself, with its body; a failure while reading the body is returned by the read.
/// Dropping it closes the connection.
///
/// ```no_run
/// # async fn run<R: anthropic_async::Runtime + Default>() -> Result<(), anthropic_core::Error> {
/// use anthropic_async::Client;
/// use anthropic_core::types::MessageCreateParams;
///
/// let client = Client::<R>::from_env()?;
/// let params = MessageCreateParams::new("claude-sonnet-4-5", 1024).user("Hello");
/// let mut response = client.messages().with_streaming_response().create(&params).await?;
/// println!("{:?} {:?}", response.status(), response.request_id());
/// while let Some(chunk) = response.next_chunk().await {
///     println!("{} bytes", chunk?.len());
/// }
/// # Ok(()) }
/// ```
pub struct StreamingResponse<R: Runtime, T> {
    body: ByteStream<R>,
    call: Call<T>,
    started: Instant,
    max_body_size: u64,
}

impl<R: Runtime, T> std::fmt::Debug for StreamingResponse<R, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("body", &self.body)
            .field("type", &self.call.response_type())
            .finish_non_exhaustive()
    }
}

// Never pinned: the body's read future is boxed.
impl<R: Runtime, T> Unpin for StreamingResponse<R, T> {}

impl<R: Runtime, T> StreamingResponse<R, T> {
    /// Sends the call and returns when a success head arrives.
    pub(crate) async fn open(
        client: &Client<R>,
        call: Call<T>,
        options: &RequestOptions,
    ) -> Result<Self, Error> {
        let started = Instant::now();
        let (body, call) = ByteStream::start(client, call.streaming(true), options).await?;
        Ok(StreamingResponse {
            body,
            call,
            started,
            max_body_size: client.transport.max_body_size,
        })
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.body.status()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.body.headers()
    }

    /// The `request-id` response header.
    pub fn request_id(&self) -> Option<&str> {
        self.body.request_id()
    }

    /// How many retries it took to get the response.
    pub fn retries_taken(&self) -> u32 {
        self.body.retries_taken()
    }

    /// The next chunk of the body, or `None` at its end.
    pub async fn next_chunk(&mut self) -> Option<Result<Vec<u8>, Error>> {
        self.body.next_chunk().await
    }

    /// Copies the rest of the body to `writer`, chunk by chunk; returns the number of
    /// bytes written.
    pub async fn write_to<W: AsyncWrite + Unpin>(&mut self, writer: &mut W) -> Result<u64, Error> {
        self.body.write_to(writer).await
    }

    /// The body as a [`ByteStream`], for code that takes one.
    pub fn into_body(self) -> ByteStream<R> {
        self.body
    }

    /// Reads the rest of the body (at most the transport's `max_body_size`) into a
    /// [`RawResponse`]: `text()`, `json::<U>()`, or `parse()`.
    pub async fn into_raw(mut self) -> Result<RawResponse<T>, Error> {
        let mut bytes = Vec::new();
        while let Some(chunk) = self.body.next_chunk().await {
            content::push_bounded(&mut bytes, &chunk?, self.max_body_size)?;
        }
        Ok(RawResponse::new(
            self.body.status(),
            self.body.headers().clone(),
            bytes,
            self.body.retries_taken(),
            self.started.elapsed(),
            self.call,
        ))
    }
}

impl<R: Runtime, T: ResponseBody> StreamingResponse<R, T> {
    /// Reads the rest of the body and decodes it as the method's result, with its
    /// request id (Python's `parse()`).
    pub async fn parse(self) -> Result<T, Error> {
        self.into_raw().await?.parse()
    }
}

impl<R: Runtime, T> Stream for StreamingResponse<R, T> {
    type Item = Result<Vec<u8>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.get_mut().body).poll_next(cx)
    }
}
