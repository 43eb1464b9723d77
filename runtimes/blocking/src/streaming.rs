//! [`StreamingResponse`]: what a resource method returns after `with_streaming_response()`
//! (Python's `with_streaming_response`): the response head as soon as it arrives, the body
//! read as the caller asks for it, never held whole unless the caller asks for a parsed
//! result.

use std::io::{Read, Write};
use std::time::Instant;

use anthropic_core::response::{RawResponse, ResponseBody};
use anthropic_core::{Call, Error, RequestOptions, content};
use http::{HeaderMap, StatusCode};

use crate::body::ByteStream;
use crate::client::Client;

/// A successful response whose head has arrived and whose body is still on the wire.
///
/// Read the body as it comes (`std::io::Read`, [`read_chunk`](Self::read_chunk),
/// [`write_to`](Self::write_to)), or read the rest and decode it as the method's result
/// with [`parse`](Self::parse) (bounded by the transport's `max_body_size`, as an
/// ordinary call is). Retries end when the head arrives: an error status is returned by
/// the method call itself, with its body; a failure while reading the body is returned
/// by the read. Dropping it closes the connection.
///
/// ```no_run
/// use anthropic_blocking::Client;
/// use anthropic_core::types::MessageCreateParams;
///
/// let client = Client::from_env()?;
/// let params = MessageCreateParams::new("claude-sonnet-4-5", 1024).user("Hello");
/// let mut response = client.messages().with_streaming_response().create(&params)?;
/// println!("{:?} {:?}", response.status(), response.request_id());
/// let mut first = [0u8; 16];
/// let n = response.read_chunk(&mut first)?; // the body is still arriving
/// println!("{}", String::from_utf8_lossy(&first[..n]));
/// # Ok::<(), anthropic_core::Error>(())
/// ```
pub struct StreamingResponse<T> {
    body: ByteStream,
    call: Call<T>,
    started: Instant,
    max_body_size: u64,
}

impl<T> std::fmt::Debug for StreamingResponse<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("body", &self.body)
            .field("type", &self.call.response_type())
            .finish_non_exhaustive()
    }
}

impl<T> StreamingResponse<T> {
    /// Sends the call and returns when a success head arrives.
    pub(crate) fn open(
        client: &Client,
        call: Call<T>,
        options: &RequestOptions,
    ) -> Result<Self, Error> {
        let started = Instant::now();
        let (body, call) = ByteStream::start(client, call.streaming(true), options)?;
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

    /// Reads the next bytes of the body into `buf`; `Ok(0)` at its end.
    pub fn read_chunk(&mut self, buf: &mut [u8]) -> Result<usize, Error> {
        self.body.read_chunk(buf)
    }

    /// Copies the rest of the body to `writer`, one buffer at a time; returns the number
    /// of bytes written.
    pub fn write_to(&mut self, writer: &mut impl Write) -> Result<u64, Error> {
        self.body.write_to(writer)
    }

    /// The body as a [`ByteStream`], for code that takes one.
    pub fn into_body(self) -> ByteStream {
        self.body
    }

    /// Reads the rest of the body (at most the transport's `max_body_size`) into a
    /// [`RawResponse`]: `text()`, `json::<U>()`, or `parse()`.
    pub fn into_raw(mut self) -> Result<RawResponse<T>, Error> {
        let mut bytes = Vec::new();
        let mut buf = vec![0; 64 * 1024];
        loop {
            let n = self.body.read_chunk(&mut buf)?;
            if n == 0 {
                break;
            }
            content::push_bounded(&mut bytes, &buf[..n], self.max_body_size)?;
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

impl<T: ResponseBody> StreamingResponse<T> {
    /// Reads the rest of the body and decodes it as the method's result, with its
    /// request id (Python's `parse()`).
    pub fn parse(self) -> Result<T, Error> {
        self.into_raw()?.parse()
    }
}

impl<T> Read for StreamingResponse<T> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.body.read(buf)
    }
}
