//! Response bodies read as they arrive: bytes ([`ByteStream`], file downloads) and items
//! ([`ItemStream`]: JSON lines of batch results, legacy completion events). Neither ever holds the whole body: memory is one
//! read buffer (plus, for JSON lines, the longest line).
//!
//! The request is retried (within the call's budget) until a success head arrives; after
//! that, a failure while reading is returned as it is.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use anthropic_core::stream::{CompletionEvents, ItemDecoder, JsonlItems, StreamFraming};
use anthropic_core::{Call, Error, Exchange, RequestOptions};
use futures_core::Stream;
use futures_io::AsyncWrite;
use futures_util::AsyncWriteExt;
use http::{HeaderMap, StatusCode};

use crate::client::Client;
use crate::driver::boundary;
use crate::runtime::Runtime;
use crate::transport::Body;

type Chunk = Result<Option<Vec<u8>>, Error>;
type Pull<R> = Pin<Box<dyn Future<Output = (Box<Body<R>>, Chunk)> + Send>>;

/// A response body as a `futures::Stream` of byte chunks, or
/// [`write_to`](Self::write_to) an `AsyncWrite`. Dropping it closes the connection; reading
/// it to the end returns the connection to the pool. The bytes are the content: a `gzip`
/// or `deflate` body is inflated as it arrives ([`anthropic_core::content::ContentDecoder`]),
/// and a corrupt or truncated one is an error.
pub struct ByteStream<R: Runtime> {
    status: StatusCode,
    headers: HeaderMap,
    retries_taken: u32,
    framing: StreamFraming,
    body: Option<Box<Body<R>>>,
    pull: Option<Pull<R>>,
}

impl<R: Runtime> std::fmt::Debug for ByteStream<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("request_id", &self.request_id())
            .finish_non_exhaustive()
    }
}

// The stream never pins its fields: the read future is boxed.
impl<R: Runtime> Unpin for ByteStream<R> {}

impl<R: Runtime> ByteStream<R> {
    /// Sends the request and waits for a success head; an error status is returned here.
    pub(crate) async fn open<T>(
        client: &Client<R>,
        call: Call<T>,
        options: &RequestOptions,
    ) -> Result<ByteStream<R>, Error> {
        Ok(ByteStream::start(client, call, options).await?.0)
    }

    /// [`open`](Self::open), also giving back the call as sent (for a result decoded from
    /// the body later).
    pub(crate) async fn start<T>(
        client: &Client<R>,
        mut call: Call<T>,
        options: &RequestOptions,
    ) -> Result<(ByteStream<R>, Call<T>), Error> {
        call.prepare_form(boundary, |path| std::fs::metadata(path).map(|m| m.len()))?;
        let mut exchange = Exchange::new(
            client.config(),
            call,
            options,
            anthropic_platform::clock::now(),
        )?;
        let response = client.open(&mut exchange).await?;
        let stream = ByteStream {
            status: response.status,
            headers: response.headers,
            retries_taken: exchange.retries_taken(),
            framing: exchange.stream_framing(),
            body: Some(Box::new(response.body)),
            pull: None,
        };
        Ok((stream, exchange.call().clone()))
    }

    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `request-id` response header.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get("request-id").and_then(|v| v.to_str().ok())
    }

    /// How many retries it took to get the response.
    pub fn retries_taken(&self) -> u32 {
        self.retries_taken
    }

    /// The next chunk of the body, or `None` at its end. The same as `StreamExt::next`,
    /// without needing the trait in scope.
    pub async fn next_chunk(&mut self) -> Option<Result<Vec<u8>, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Copies the rest of the body to `writer`, chunk by chunk; returns the number of bytes
    /// written. A failure to write is [`Error::Connection`] naming the writer.
    pub async fn write_to<W: AsyncWrite + Unpin>(&mut self, writer: &mut W) -> Result<u64, Error> {
        let mut total = 0u64;
        while let Some(chunk) = self.next_chunk().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await.map_err(write_error)?;
            total += chunk.len() as u64;
        }
        writer.flush().await.map_err(write_error)?;
        Ok(total)
    }

    /// Reads the whole rest of the body into memory (for small bodies).
    pub async fn bytes(mut self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        while let Some(chunk) = self.next_chunk().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(out)
    }
}

fn write_error(e: std::io::Error) -> Error {
    Error::Connection(anthropic_core::error::ConnectionError::new(
        format!("could not write the downloaded body: {e}"),
        Some(Box::new(e)),
    ))
}

impl<R: Runtime> Stream for ByteStream<R> {
    type Item = Result<Vec<u8>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.pull.is_none() {
            let Some(mut body) = this.body.take() else {
                return Poll::Ready(None);
            };
            this.pull = Some(Box::pin(async move {
                let chunk = body.read_data().await.map(|data| data.map(<[u8]>::to_vec));
                (body, chunk)
            }));
        }
        let Some(pull) = this.pull.as_mut() else {
            return Poll::Ready(None);
        };
        match pull.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready((body, chunk)) => {
                this.pull = None;
                match chunk {
                    Ok(Some(data)) => {
                        this.body = Some(body);
                        Poll::Ready(Some(Ok(data)))
                    }
                    // At the end the body goes (its connection is back in the pool); after
                    // an error it goes too (its connection is closed).
                    Ok(None) => Poll::Ready(None),
                    Err(e) => Poll::Ready(Some(Err(e))),
                }
            }
        }
    }
}

/// A response body decoded item by item as it arrives, by `D` (a `futures::Stream` of
/// `Result<D::Item, Error>`): JSON lines for batch results ([`JsonlStream`]), completion
/// events for legacy completions ([`CompletionStream`]).
///
/// For JSON lines, a line that does not decode is an `Err(Error::Decode)` whose body is
/// the raw line, and **the stream goes on** with the next line. Any other error (the
/// connection failed, bytes that are not JSON lines, an `error` event, a completion
/// event that does not decode) ends the stream.
pub struct ItemStream<R: Runtime, D> {
    body: ByteStream<R>,
    decoder: D,
    failed: bool,
}

/// Batch results: JSON lines decoded into `T` as they arrive.
pub type JsonlStream<R, T> = ItemStream<R, JsonlItems<T>>;

/// A streamed legacy completion: one `Completion` per `completion` event.
pub type CompletionStream<R> = ItemStream<R, CompletionEvents>;

impl<R: Runtime, D> std::fmt::Debug for ItemStream<R, D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ItemStream")
            .field("body", &self.body)
            .finish_non_exhaustive()
    }
}

impl<R: Runtime, D> Unpin for ItemStream<R, D> {}

impl<R: Runtime, D: ItemDecoder> ItemStream<R, D> {
    /// Sends the request and waits for a success head; an error status is returned here.
    pub(crate) async fn open<C>(
        client: &Client<R>,
        call: Call<C>,
        options: &RequestOptions,
    ) -> Result<Self, Error> {
        let expected = call.response_type();
        let body = ByteStream::open(client, call, options).await?;
        let decoder = D::for_response(expected, body.status(), body.headers(), body.framing);
        Ok(ItemStream {
            body,
            decoder,
            failed: false,
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

    /// The next item, or `None` at the end. The same as `StreamExt::next`, without
    /// needing the trait in scope.
    pub async fn next_item(&mut self) -> Option<Result<D::Item, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<R: Runtime, D: ItemDecoder> Stream for ItemStream<R, D> {
    type Item = Result<D::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.failed {
                return Poll::Ready(None);
            }
            if let Some(item) = this.decoder.next_item() {
                return Poll::Ready(Some(item));
            }
            if this.decoder.is_done() {
                return Poll::Ready(None);
            }
            match Pin::new(&mut this.body).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => this.decoder.feed(&chunk),
                Poll::Ready(None) => this.decoder.finish(),
                Poll::Ready(Some(Err(e))) => {
                    this.failed = true;
                    return Poll::Ready(Some(Err(e)));
                }
            }
        }
    }
}
