//! A mock Claude API server on `127.0.0.1`, for tests, examples, benchmarks and your own
//! tests of code that uses the SDK.
//!
//! It speaks real HTTP/1.1 over loopback TCP (keep-alive, chunked request and response
//! bodies), answers like the Claude API by default, can be scripted response by
//! response (errors, retry hints, delays, hand-made or broken event streams, faults),
//! and records every request it receives. It uses only `std` and `serde_json`: one
//! thread accepts, one thread serves each connection.
//!
//! # Use it in a test
//!
//! Start a [`MockServer`], point the client's base URL at [`MockServer::url`], run the
//! code under test, then look at [`MockServer::requests`]. Here with a hand-written
//! request so the example needs nothing but `std`:
//!
//! ```
//! use std::io::{Read, Write};
//! use std::net::TcpStream;
//! use anthropic_mock::MockServer;
//!
//! let server = MockServer::start();
//! let body = r#"{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"Hi"}]}"#;
//! let mut tcp = TcpStream::connect(server.addr()).unwrap();
//! write!(
//!     tcp,
//!     "POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: test\r\n\
//!      Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
//!     body.len()
//! )
//! .unwrap();
//! let mut response = String::new();
//! tcp.read_to_string(&mut response).unwrap();
//! assert!(response.starts_with("HTTP/1.1 200 OK\r\n"));
//! assert!(response.contains("You said: Hi"));
//!
//! let request = &server.requests()[0];
//! assert_eq!(request.path, "/v1/messages");
//! assert_eq!(request.header("x-api-key"), Some("test"));
//! assert_eq!(request.json()["max_tokens"], 64);
//! ```
//!
//! From the command line, `cargo run -p anthropic-mock -- --port 8080` serves the
//! default behavior until killed.
//!
//! # Default behavior
//!
//! Deterministic and shaped like the real API; see [`defaults`] for the full table. In
//! short: a request without `x-api-key` or `authorization` gets a 401
//! `authentication_error`; `POST /v1/messages` answers a `Message` echoing the last user
//! text (streamed as a realistic SSE sequence when `"stream": true`, a `tool_use` block
//! when `tool_choice` forces a tool, a signed thinking block first when `thinking` is
//! enabled); `POST /v1/messages/count_tokens` counts; `GET /v1/models` and
//! `GET /v1/models/{id}` list and retrieve a fixed set of models with real pagination;
//! everything else is a 404 `not_found_error`. Every response carries
//! `request-id: req_mock_<n>` (`n` counts requests from 1) and a `content-type`;
//! message ids are `msg_mock_<n>`. For benchmarks, a streamed request with the header
//! `x-mock-stream-deltas: N` gets a text reply of exactly `N` text deltas (see
//! [`defaults`]).
//!
//! # Scripting
//!
//! [`MockServer::enqueue`] queues [`MockResponse`]s, served first in, first out, one per
//! request, before the default behavior ([`MockServer::enqueue_for`] only matches paths
//! with a prefix; [`MockServer::set_handler`] answers by code):
//!
//! ```
//! use std::time::Duration;
//! use anthropic_mock::{MockResponse, MockServer, sse};
//!
//! let server = MockServer::start();
//! // First attempt: overloaded, retry in 10 ms. Second: a stream cut after two events.
//! server.enqueue(MockResponse::error(529, "overloaded_error", "Overloaded").header("retry-after-ms", "10"));
//! server.enqueue(MockResponse::sse(sse::without_message_stop(sse::text_message(
//!     "claude-sonnet-4-5", "Hello there", 2,
//! ))));
//! // A body that stalls for a second after 100 bytes.
//! server.enqueue(MockResponse::sse(sse::text_message("m", "slow", 1)).stall_after(100, Duration::from_secs(1)));
//! assert_eq!(server.pending(), 3);
//! ```
//!
//! Response kinds: [`MockResponse::json`], [`MockResponse::error`], [`MockResponse::body`],
//! [`MockResponse::sse`], [`MockResponse::sse_raw`], [`MockResponse::raw`] (bytes
//! verbatim, then close), [`MockResponse::close`] (no answer). Pacing for any body:
//! [`delay`](MockResponse::delay), [`chunk_size`](MockResponse::chunk_size),
//! [`chunk_delay`](MockResponse::chunk_delay), [`close_after`](MockResponse::close_after),
//! [`stall_after`](MockResponse::stall_after), [`framing`](MockResponse::framing), and
//! [`line_ending`](MockResponse::line_ending) for events. The [`sse`] module builds the
//! canonical event sequences and their broken variants.
//!
//! # Cloud platforms
//!
//! The same server also answers as the cloud platforms do, so the Bedrock, Vertex and
//! Foundry clients run offline: [`bedrock`] (`/model/{model}/invoke…`, SigV4 verified
//! from a test secret, event-stream framing), [`vertex`] (`/v1/projects/…:rawPredict`),
//! [`google`] (an OAuth token endpoint at `/token` and a metadata server) and [`foundry`]
//! (`/anthropic/v1/…`). They sit between the custom handler and the default behavior.
//!
//! # Not supported
//!
//! TLS, HTTP/2, and resetting a connection with an RST (std has no `SO_LINGER`); use
//! [`MockResponse::close`] or [`MockResponse::close_after`] for dropped connections.

mod batches;
pub mod bedrock;
mod capture;
mod completions;
pub mod conversation;
pub mod defaults;
mod eventstream;
pub mod faults;
mod files;
pub mod foundry;
pub mod google;
mod http;
pub mod multipart;
mod script;
mod send;
mod server;
mod sigv4;
mod skills;
pub mod sse;
mod store;
pub mod vertex;

pub use capture::CapturedRequest;
pub use defaults::default_response;
pub use script::{Framing, MockResponse};
pub use server::MockServer;
pub use sse::{LineEnding, SseEvent};
