//! How a resource handle's `json` and `list` methods return their result: parsed
//! ([`Parsed`], the default), raw ([`Raw`], `with_raw_response()`), or with the head now
//! and the body as it arrives ([`Streaming`], `with_streaming_response()`).

use anthropic_core::response::{Parsed, Raw, RawResponse, ResponseBody, Streaming};
use anthropic_core::{Call, Error, RequestOptions};

use crate::client::Client;
use crate::streaming::StreamingResponse;

mod sealed {
    pub trait Sealed {}
    impl Sealed for anthropic_core::response::Parsed {}
    impl Sealed for anthropic_core::response::Raw {}
    impl Sealed for anthropic_core::response::Streaming {}
}

/// A response mode of the blocking client's resource handles: [`Parsed`], [`Raw`] or
/// [`Streaming`]. Sealed.
pub trait Mode: sealed::Sealed {
    /// What a method returns for an endpoint whose parsed result is `T`.
    type Output<T: ResponseBody>;

    /// Runs `call` and returns its result in this mode.
    #[doc(hidden)]
    fn run<T: ResponseBody>(
        client: &Client,
        call: Call<T>,
        options: &RequestOptions,
    ) -> Result<Self::Output<T>, Error>;
}

impl Mode for Parsed {
    type Output<T: ResponseBody> = T;

    fn run<T: ResponseBody>(
        client: &Client,
        call: Call<T>,
        options: &RequestOptions,
    ) -> Result<T, Error> {
        client.execute(call, options)?.parse()
    }
}

impl Mode for Raw {
    type Output<T: ResponseBody> = RawResponse<T>;

    fn run<T: ResponseBody>(
        client: &Client,
        call: Call<T>,
        options: &RequestOptions,
    ) -> Result<RawResponse<T>, Error> {
        client.execute(call, options)
    }
}

impl Mode for Streaming {
    type Output<T: ResponseBody> = StreamingResponse<T>;

    fn run<T: ResponseBody>(
        client: &Client,
        call: Call<T>,
        options: &RequestOptions,
    ) -> Result<StreamingResponse<T>, Error> {
        StreamingResponse::open(client, call, options)
    }
}
