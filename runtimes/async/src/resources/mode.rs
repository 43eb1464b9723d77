//! How a resource handle's `json` and `list` methods return their result: parsed
//! ([`Parsed`], the default), raw ([`Raw`], `with_raw_response()`), or with the head now
//! and the body as it arrives ([`Streaming`], `with_streaming_response()`).

use std::future::Future;
use std::pin::Pin;

use anthropic_core::response::{Parsed, Raw, RawResponse, ResponseBody, Streaming};
use anthropic_core::{Call, Error, RequestOptions};

use crate::client::Client;
use crate::runtime::Runtime;
use crate::streaming::StreamingResponse;

mod sealed {
    pub trait Sealed {}
    impl Sealed for anthropic_core::response::Parsed {}
    impl Sealed for anthropic_core::response::Raw {}
    impl Sealed for anthropic_core::response::Streaming {}
}

/// The future of [`Mode::run`]. Boxed: an unboxed `impl Future + Send` returned from a
/// trait method trips a known limit of the compiler's `Send` check for the resource
/// methods' futures (rust-lang/rust#100013); one allocation per call is nothing beside
/// the HTTP exchange.
#[doc(hidden)]
pub type RunFuture<'a, O> = Pin<Box<dyn Future<Output = Result<O, Error>> + Send + 'a>>;

/// A response mode of the async client's resource handles: [`Parsed`], [`Raw`] or
/// [`Streaming`]. Sealed.
pub trait Mode<R: Runtime>: sealed::Sealed {
    /// What a method returns for an endpoint whose parsed result is `T`.
    type Output<T: ResponseBody>;

    /// Runs `call` and returns its result in this mode.
    #[doc(hidden)]
    fn run<'a, T: ResponseBody + 'a>(
        client: &'a Client<R>,
        call: Call<T>,
        options: &'a RequestOptions,
    ) -> RunFuture<'a, Self::Output<T>>;
}

impl<R: Runtime> Mode<R> for Parsed {
    type Output<T: ResponseBody> = T;

    fn run<'a, T: ResponseBody + 'a>(
        client: &'a Client<R>,
        call: Call<T>,
        options: &'a RequestOptions,
    ) -> RunFuture<'a, T> {
        Box::pin(async move { client.execute(call, options).await?.parse() })
    }
}

impl<R: Runtime> Mode<R> for Raw {
    type Output<T: ResponseBody> = RawResponse<T>;

    fn run<'a, T: ResponseBody + 'a>(
        client: &'a Client<R>,
        call: Call<T>,
        options: &'a RequestOptions,
    ) -> RunFuture<'a, RawResponse<T>> {
        Box::pin(client.execute(call, options))
    }
}

impl<R: Runtime> Mode<R> for Streaming {
    type Output<T: ResponseBody> = StreamingResponse<R, T>;

    fn run<'a, T: ResponseBody + 'a>(
        client: &'a Client<R>,
        call: Call<T>,
        options: &'a RequestOptions,
    ) -> RunFuture<'a, StreamingResponse<R, T>> {
        Box::pin(StreamingResponse::open(client, call, options))
    }
}
