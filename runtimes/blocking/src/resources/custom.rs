//! Custom requests (Python's `client.get/post/...`): any path, or any [`Call`], sent with
//! the client's auth, headers, retries, timeouts and error mapping.

use anthropic_core::endpoints::messages::EventStream as EventStreamCall;
use anthropic_core::request::url::split_query;
use anthropic_core::response::{RawResponse, ResponseBody};
use anthropic_core::{Call, Error, Method, RequestOptions};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::body::ByteStream;
use crate::client::Client;
use crate::stream::EventStream;

/// # Custom requests
///
/// For an endpoint the SDK does not wrap, describe it with [`Call`] (method, path or
/// absolute URL, query, headers, body) and send it here; or use [`get`](Self::get) /
/// [`post`](Self::post) for the common cases. Everything the SDK does for its own methods
/// applies: credentials, `anthropic-version`, default headers and query, retries,
/// timeouts, typed errors for error statuses.
///
/// ```no_run
/// use anthropic_blocking::Client;
/// use anthropic_core::{Call, Method, RequestOptions};
/// use serde_json::Value;
///
/// let client = Client::from_env()?;
/// // Decoded into any `Deserialize` type:
/// let models: Value = client.get("/v1/models?limit=1")?;
/// // Or a described call, raw:
/// let call: Call<Value> = Call::new(Method::GET, "/v1/models", "Value").query_param("limit", Some(2));
/// let raw = client.send_raw(call, &RequestOptions::new())?;
/// println!("{} {}", raw.status(), raw.text());
/// # Ok::<(), anthropic_core::Error>(())
/// ```
impl Client {
    /// Sends `call` and decodes its response into what the call says (`T`).
    pub fn send<T: ResponseBody>(
        &self,
        call: Call<T>,
        options: &RequestOptions,
    ) -> Result<T, Error> {
        self.execute(call, options)?.parse()
    }

    /// Sends `call` and returns the raw response (status, headers, body);
    /// [`RawResponse::json`] decodes it into any type.
    pub fn send_raw<T>(
        &self,
        call: Call<T>,
        options: &RequestOptions,
    ) -> Result<RawResponse<T>, Error> {
        self.execute(call, options)
    }

    /// Sends `call` and returns as soon as the response head arrives, with the body to
    /// read as it comes (Python's `with_streaming_response`). An error status is returned
    /// as an error, with its body.
    pub fn send_streaming<T>(
        &self,
        call: Call<T>,
        options: &RequestOptions,
    ) -> Result<ByteStream, Error> {
        ByteStream::open(self, call.streaming(true), options)
    }

    /// Sends `call` and decodes its response as a stream of Messages events (server-sent
    /// events, with the SDK's retry rules for streams).
    pub fn send_events<T>(
        &self,
        call: Call<T>,
        options: &RequestOptions,
    ) -> Result<EventStream, Error> {
        let call = call
            .decoding::<EventStreamCall>("event stream")
            .streaming(true);
        EventStream::open(self, call, options)
    }

    /// `GET path` (relative to the base URL, query included, or an absolute URL), decoded
    /// as JSON into `U`.
    pub fn get<U: DeserializeOwned>(&self, path: &str) -> Result<U, Error> {
        let (path, query) = split_query(path);
        let mut call = Call::<()>::new(Method::GET, path, std::any::type_name::<U>());
        for (key, value) in query {
            call = call.query_param(&key, Some(value));
        }
        self.execute(call, &RequestOptions::new())?.json()
    }

    /// `POST path` with `body` as JSON (an object), decoded as JSON into `U`.
    pub fn post<U: DeserializeOwned>(&self, path: &str, body: &impl Serialize) -> Result<U, Error> {
        let call =
            Call::<()>::new(Method::POST, path, std::any::type_name::<U>()).json_body(body)?;
        self.execute(call, &RequestOptions::new())?.json()
    }
}
