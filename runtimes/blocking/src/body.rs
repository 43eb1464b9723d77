//! Response bodies read as they arrive: bytes ([`ByteStream`], file downloads) and items
//! ([`ItemStream`]: JSON lines of batch results, legacy completion events). Neither ever holds the whole body: memory is one
//! read buffer (plus, for JSON lines, the longest line).
//!
//! The request is retried (within the call's budget) until a success head arrives; after
//! that, a failure while reading is returned as it is.

use std::io::{Read, Write};

use anthropic_core::stream::{CompletionEvents, ItemDecoder, JsonlItems, StreamFraming};
use anthropic_core::{Call, Error, Exchange, RequestOptions};
use http::{HeaderMap, StatusCode};

use crate::client::Client;
use crate::driver::boundary;
use crate::transport::{DecodedReader, map_error};

const READ_BUFFER: usize = 64 * 1024;

/// A response body as a stream of bytes: `std::io::Read`, or [`write_to`](Self::write_to)
/// a writer. Dropping it closes the connection. The bytes are the content: a `gzip` or
/// `deflate` body is inflated as it arrives ([`anthropic_core::content::ContentDecoder`]),
/// and a corrupt or truncated one is an error.
pub struct ByteStream {
    status: StatusCode,
    headers: HeaderMap,
    retries_taken: u32,
    framing: StreamFraming,
    /// The body, inflated as its `content-encoding` says.
    reader: Option<DecodedReader>,
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("request_id", &self.request_id())
            .field("done", &self.reader.is_none())
            .finish_non_exhaustive()
    }
}

impl ByteStream {
    /// Sends the request and waits for a success head; an error status is returned here.
    pub(crate) fn open<T>(
        client: &Client,
        call: Call<T>,
        options: &RequestOptions,
    ) -> Result<ByteStream, Error> {
        Ok(ByteStream::start(client, call, options)?.0)
    }

    /// [`open`](Self::open), also giving back the call as sent (for a result decoded from
    /// the body later).
    pub(crate) fn start<T>(
        client: &Client,
        mut call: Call<T>,
        options: &RequestOptions,
    ) -> Result<(ByteStream, Call<T>), Error> {
        call.prepare_form(boundary, |path| std::fs::metadata(path).map(|m| m.len()))?;
        let mut exchange = Exchange::new(
            client.config(),
            call,
            options,
            anthropic_platform::clock::now(),
        )?;
        let response = client.open(&mut exchange)?;
        let (parts, body) = response.into_parts();
        let reader = DecodedReader::new(&parts.headers, body)?;
        let stream = ByteStream {
            status: parts.status,
            headers: parts.headers,
            retries_taken: exchange.retries_taken(),
            framing: exchange.stream_framing(),
            reader: Some(reader),
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

    /// Reads the next bytes into `buf`; `Ok(0)` at the end of the body.
    pub fn read_chunk(&mut self, buf: &mut [u8]) -> Result<usize, Error> {
        let Some(reader) = self.reader.as_mut() else {
            return Ok(0);
        };
        let n = reader
            .read(buf)
            .map_err(|e| map_error(ureq::Error::Io(e)))?;
        if n == 0 {
            self.reader = None;
        }
        Ok(n)
    }

    /// Copies the rest of the body to `writer`, one buffer at a time; returns the number of
    /// bytes written. A failure to write is [`Error::Connection`] naming the writer.
    pub fn write_to(&mut self, writer: &mut impl Write) -> Result<u64, Error> {
        let mut buf = vec![0; READ_BUFFER];
        let mut total = 0u64;
        loop {
            let n = self.read_chunk(&mut buf)?;
            if n == 0 {
                writer.flush().map_err(write_error)?;
                return Ok(total);
            }
            writer.write_all(&buf[..n]).map_err(write_error)?;
            total += n as u64;
        }
    }

    /// Reads the whole rest of the body into memory (for small bodies).
    pub fn bytes(mut self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        self.write_to(&mut out)?;
        Ok(out)
    }
}

fn write_error(e: std::io::Error) -> Error {
    Error::Connection(anthropic_core::error::ConnectionError::new(
        format!("could not write the downloaded body: {e}"),
        Some(Box::new(e)),
    ))
}

impl Read for ByteStream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.read_chunk(buf).map_err(std::io::Error::other)
    }
}

/// A response body decoded item by item as it arrives, by `D` (an `Iterator` of
/// `Result<D::Item, Error>`): JSON lines for batch results ([`JsonlStream`]), completion
/// events for legacy completions ([`CompletionStream`]).
///
/// For JSON lines, a line that does not decode is an `Err(Error::Decode)` whose body is
/// the raw line, and **iteration goes on** with the next line. Any other error (the
/// connection failed, bytes that are not JSON lines, an `error` event, a completion
/// event that does not decode) ends the iteration.
pub struct ItemStream<D> {
    body: ByteStream,
    decoder: D,
    buffer: Box<[u8]>,
    failed: bool,
}

/// Batch results: JSON lines decoded into `T` as they arrive.
pub type JsonlStream<T> = ItemStream<JsonlItems<T>>;

/// A streamed legacy completion: one `Completion` per `completion` event.
pub type CompletionStream = ItemStream<CompletionEvents>;

impl<D> std::fmt::Debug for ItemStream<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ItemStream")
            .field("body", &self.body)
            .finish_non_exhaustive()
    }
}

impl<D: ItemDecoder> ItemStream<D> {
    /// Sends the request and waits for a success head; an error status is returned here.
    pub(crate) fn open<C>(
        client: &Client,
        call: Call<C>,
        options: &RequestOptions,
    ) -> Result<Self, Error> {
        let expected = call.response_type();
        let body = ByteStream::open(client, call, options)?;
        let decoder = D::for_response(expected, body.status(), body.headers(), body.framing);
        Ok(ItemStream {
            body,
            decoder,
            buffer: vec![0; READ_BUFFER].into_boxed_slice(),
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
}

impl<D: ItemDecoder> Iterator for ItemStream<D> {
    type Item = Result<D::Item, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.failed {
                return None;
            }
            if let Some(item) = self.decoder.next_item() {
                return Some(item);
            }
            if self.decoder.is_done() {
                return None;
            }
            match self.body.read_chunk(&mut self.buffer) {
                Ok(0) => self.decoder.finish(),
                Ok(n) => self.decoder.feed(&self.buffer[..n]),
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            }
        }
    }
}
