//! Driving the protocol core from your own event loop, with no runtime of ours.
//!
//! The clients are thin drivers over these items; an embedder (an edge worker, a game
//! loop, an executor of its own) uses them directly. [`manual::sans_io`](crate::manual::sans_io)
//! walks through the loop, and `examples/sans_io.rs` runs a streamed request over a plain
//! `std::net::TcpStream` with them.
//!
//! 1. Describe the call with a function of [`endpoints`] (it knows the path and body).
//! 2. Make an [`Exchange`] from it with the [`ClientConfig`](crate::ClientConfig) and
//!    [`RequestOptions`](crate::RequestOptions).
//! 3. Loop: [`Exchange::start_attempt`] gives the request to send and its timeouts
//!    ([`h1::encode_request`] turns it into bytes); feed the response head to
//!    [`Exchange::handle_head`] (or a transport failure to [`Exchange::handle_error`]);
//!    sleep and loop on a retry; otherwise read the body ([`h1::ResponseReader`]) and call
//!    [`Exchange::finish`] or [`Exchange::fail`], or decode a stream with
//!    [`EventDecoder`](crate::stream::EventDecoder).
//!
//! Time and randomness come in as a [`Moment`]; nothing here reads a clock or a socket.
//! Monotonic time is a [`Timestamp`]: the time since an origin your loop picks (an
//! `Instant` taken at start-up natively, `performance.now()` in a browser), so the core
//! can be driven on `wasm32-unknown-unknown`, where no `std::time::Instant` can be made
//! ([`time`] says more).

pub use anthropic_core::request::{
    Attempt, Call, Exchange, HeadOutcome, IntoCall, Moment, decode_body,
};
pub use anthropic_core::time::{self, Timestamp};
pub use anthropic_core::{endpoints, h1, pagination, request, response, retry};
