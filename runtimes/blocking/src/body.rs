//! Response bodies read as they arrive: bytes ([`ByteStream`], file downloads) and JSON
//! lines ([`JsonlStream`], batch results). Neither ever holds the whole body: memory is one
//! read buffer (plus, for JSON lines, the longest line).
//!
//! The request is retried (within the call's budget) until a success head arrives; after
//! that, a failure while reading is returned as it is.

use std::io::{Read, Write};
use std::time::Instant;

use anthropic_core::stream::JsonlItems;
use anthropic_core::{Call, Error, Exchange, RequestOptions};
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::transport::map_error;

const READ_BUFFER: usize = 64 * 1024;

/// A response body as a stream of bytes: `std::io::Read`, or [`write_to`](Self::write_to)
/// a writer. Dropping it closes the connection.
pub struct ByteStream {
    status: StatusCode,
    headers: HeaderMap,
    retries_taken: u32,
    reader: Option<ureq::BodyReader<'static>>,
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
        let mut exchange = Exchange::new(client.config(), call, options, Instant::now())?;
        let response = client.open(&mut exchange)?;
        let (parts, body) = response.into_parts();
        Ok(ByteStream {
            status: parts.status,
            headers: parts.headers,
            retries_taken: exchange.retries_taken(),
            reader: Some(body.into_reader()),
        })
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

/// A JSON Lines response body decoded item by item as it arrives (batch results): an
/// `Iterator` of `Result<T, Error>`.
///
/// A line that does not decode as `T` is an `Err(Error::Decode)` whose body is the raw
/// line, and **iteration goes on** with the next line. Any other error (the connection
/// failed, bytes that are not JSON lines) ends the iteration.
pub struct JsonlStream<T> {
    body: ByteStream,
    items: JsonlItems<T>,
    buffer: Box<[u8]>,
    failed: bool,
}

impl<T> std::fmt::Debug for JsonlStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonlStream")
            .field("body", &self.body)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> JsonlStream<T> {
    /// Sends the request and waits for a success head; an error status is returned here.
    pub(crate) fn open<C>(
        client: &Client,
        call: Call<C>,
        options: &RequestOptions,
    ) -> Result<Self, Error> {
        let expected = call.response_type();
        let body = ByteStream::open(client, call, options)?;
        let items = JsonlItems::new(
            expected,
            body.status(),
            body.request_id().map(str::to_owned),
        );
        Ok(JsonlStream {
            body,
            items,
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

impl<T: DeserializeOwned> Iterator for JsonlStream<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.failed {
                return None;
            }
            if let Some(item) = self.items.next_item() {
                return Some(item);
            }
            if self.items.is_done() {
                return None;
            }
            match self.body.read_chunk(&mut self.buffer) {
                Ok(0) => self.items.finish(),
                Ok(n) => self.items.feed(&self.buffer[..n]),
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            }
        }
    }
}
