//! Successful responses: their bodies' types, and raw responses read but not yet parsed.
//!
//! Every runtime returns the same [`RawResponse`] (Python's `.with_raw_response`) and
//! chooses between parsed values and raw responses with the same [`ResponseMode`] (or,
//! with [`Streaming`], the head now and the body as it arrives).

use std::time::Duration;

use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::request::{Call, decode_body};

/// A top-level result of an API call: decoded from the body, then given the `request-id`
/// response header so that every successful result can report it (as Python's
/// `_request_id` does).
pub trait ResponseBody: DeserializeOwned {
    /// Stores the value of the `request-id` response header, if the response had one.
    fn set_request_id(&mut self, request_id: Option<String>);

    /// Gives the result the call that produced it (its body already sent and dropped).
    /// Pages keep it to ask for the next page; other results ignore it.
    fn set_call(&mut self, call: &Call<Self>)
    where
        Self: Sized,
    {
        let _ = call;
    }
}

/// Any JSON value, for custom requests that want the body without a type of their own.
impl ResponseBody for serde_json::Value {
    fn set_request_id(&mut self, _request_id: Option<String>) {}
}

/// Implements [`ResponseBody`] for a type with a `request_id: Option<String>` field.
macro_rules! response_body {
    ($($ty:ty),+ $(,)?) => {
        $(
            impl $crate::response::ResponseBody for $ty {
                fn set_request_id(&mut self, request_id: Option<String>) {
                    self.request_id = request_id;
                }
            }
        )+
    };
}
pub(crate) use response_body;

/// A complete response, read but not yet parsed (Python's `.with_raw_response`).
#[derive(Debug, Clone)]
pub struct RawResponse<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
    retries_taken: u32,
    elapsed: Duration,
    call: Call<T>,
}

impl<T> RawResponse<T> {
    /// A raw response from its parts. The drivers make them from a call's whole body:
    /// after reading it in one go, or when a streaming response
    /// (`with_streaming_response`) is asked to parse the rest of its body.
    pub fn new(
        status: StatusCode,
        headers: HeaderMap,
        body: Vec<u8>,
        retries_taken: u32,
        elapsed: Duration,
        call: Call<T>,
    ) -> Self {
        RawResponse {
            status,
            headers,
            body,
            retries_taken,
            elapsed,
            call,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `request-id` header.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get("request-id").and_then(|v| v.to_str().ok())
    }

    /// The body bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// How many retries it took to get this response.
    pub fn retries_taken(&self) -> u32 {
        self.retries_taken
    }

    /// Time from the first attempt's start to the end of the body.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The call this responds to (method, path, query, endpoint headers).
    pub fn call(&self) -> &Call<T> {
        &self.call
    }

    /// The body bytes, owned.
    pub fn into_body(self) -> Vec<u8> {
        self.body
    }

    /// Decodes the body as JSON into any type (for custom requests); a body that does not
    /// fit is [`Error::Decode`] with the raw body.
    pub fn json<U: serde::de::DeserializeOwned>(&self) -> Result<U, Error> {
        serde_json::from_slice(&self.body).map_err(|source| {
            Error::Decode(Box::new(crate::error::DecodeError {
                expected: std::any::type_name::<U>(),
                status: self.status,
                body: String::from_utf8_lossy(&self.body).into_owned(),
                request_id: self.request_id().map(str::to_owned),
                source,
            }))
        })
    }
}

impl<T: ResponseBody> RawResponse<T> {
    /// Parses the body into what the endpoint returns, with its request id set.
    pub fn parse(&self) -> Result<T, Error> {
        let mut value: T = decode_body(
            self.call.response_type,
            self.status,
            &self.headers,
            &self.body,
        )?;
        value.set_call(&self.call);
        Ok(value)
    }
}

/// Whether a resource's methods return parsed values or raw responses.
pub trait ResponseMode {
    /// What a method returns for an endpoint whose parsed result is `T`.
    type Output<T: ResponseBody>;

    /// Turns a raw response into the method's output.
    fn finish<T: ResponseBody>(raw: RawResponse<T>) -> Result<Self::Output<T>, Error>;
}

/// Methods return parsed values (the default).
#[derive(Debug, Clone, Copy)]
pub struct Parsed;

/// Methods return [`RawResponse`]s.
#[derive(Debug, Clone, Copy)]
pub struct Raw;

/// Methods return as soon as the response head arrives, with the body still to read as
/// it comes (Python's `with_streaming_response`): each client's `StreamingResponse`. Not
/// a [`ResponseMode`], as what it returns is the driver's own (a reader on the blocking
/// client, a `Stream` of chunks on the async ones); the drivers' resource handles accept
/// all three.
#[derive(Debug, Clone, Copy)]
pub struct Streaming;

impl ResponseMode for Parsed {
    type Output<T: ResponseBody> = T;

    fn finish<T: ResponseBody>(raw: RawResponse<T>) -> Result<T, Error> {
        raw.parse()
    }
}

impl ResponseMode for Raw {
    type Output<T: ResponseBody> = RawResponse<T>;

    fn finish<T: ResponseBody>(raw: RawResponse<T>) -> Result<RawResponse<T>, Error> {
        Ok(raw)
    }
}
