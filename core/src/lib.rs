//! The pure protocol core of the Claude API SDK: everything but the I/O.
//!
//! This crate builds every request the SDK sends, decides retries and timeouts, and
//! decodes responses, errors and streams. It never opens a socket, reads a clock, sleeps,
//! spawns, or draws a random number: time and randomness come in as arguments, bytes come
//! in as `&[u8]`, decisions come out as values. The runtime crates move the bytes.
//! Monotonic time is a [`Timestamp`] the driver makes from its own clock (not a
//! `std::time::Instant`), so the crate builds and runs on `wasm32-unknown-unknown` too.
//!
//! # Driving a call
//!
//! 1. Describe the call with a function of [`endpoints`] (it knows the path and body).
//! 2. Make an [`Exchange`] from it with the [`ClientConfig`] and [`RequestOptions`].
//! 3. Loop: [`Exchange::start_attempt`] gives the request to send and its timeouts; feed the
//!    response head to [`Exchange::handle_head`] (or a transport failure to
//!    [`Exchange::handle_error`]); sleep and loop on a retry; otherwise read the body and
//!    call [`Exchange::finish`] or [`Exchange::fail`].
#![forbid(unsafe_code)]

pub mod config;
pub mod content;
pub mod endpoints;
pub mod error;
pub mod h1;
mod headers;
pub mod json;
pub mod logging;
pub mod multipart;
pub mod pagination;
pub mod platform;
pub mod request;
pub mod response;
pub mod retry;
pub mod secret;
pub mod stream;
pub mod structured;
mod text;
pub mod time;
pub mod timeout;
pub mod tls_roots;
pub mod tools;
pub mod transport;
pub mod types;

pub use config::ClientConfig;
pub use error::{ApiError, ApiErrorKind, Error, Result, TimeoutError, TimeoutKind};
pub use http::Method;
pub use pagination::{Page, PageCursor, Paginated};
pub use request::{Attempt, Call, Exchange, HeadOutcome, IntoCall, Moment, RequestOptions};
pub use secret::Secret;
pub use time::Timestamp;
pub use timeout::Timeout;
pub use transport::{ProxyConfig, TcpKeepalive, TransportConfig};
pub use types::{AI_PROMPT, HUMAN_PROMPT};

/// The JSON Schema crate tool arguments and structured-output types derive `JsonSchema` from.
pub use schemars;
