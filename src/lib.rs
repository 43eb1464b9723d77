//! The Claude API SDK for Rust: blocking and async clients over a sans-IO protocol core.
//!
//! ```no_run
//! use anthropic::blocking::Client;
//! use anthropic::types::{MessageCreateParams, Model};
//!
//! fn main() -> Result<(), anthropic::Error> {
//!     // ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL, ANTHROPIC_AUTH_TOKEN) from the environment
//!     let client = Client::from_env()?;
//!     let message = client.messages().create(
//!         &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user("Hello, Claude"),
//!     )?;
//!     println!("{}", message.text());
//!     Ok(())
//! }
//! ```
//!
//! The package is `anthropic-sansio`; the library is `anthropic`. It is not on crates.io
//! yet: depend on a clone of the repository (or on it by `git = ...`):
//!
//! ```toml
//! [dependencies]
//! anthropic-sansio = { path = "../anthropic-rs" }             # blocking client
//! # anthropic-sansio = { path = "../anthropic-rs", default-features = false, features = ["tokio"] }
//! ```
//!
//! # Features
//!
//! | feature | what it adds | module |
//! |---|---|---|
//! | `blocking` (default) | the blocking client, over ureq | [`blocking`] |
//! | `tokio` | the async client on tokio | `tokio` |
//! | `smol` | the async client on smol | `smol` |
//! | `async-std` | the async client on async-std | `async_std` |
//! | `async` | the async client over an executor you bring (implied by the three above) | `async_client` |
//!
//! Every client has the same API (`client.messages().create(..)`, `.stream(..)`,
//! `.count_tokens(..)`, `client.models()`, `client.beta()`); the async ones return
//! futures and `futures::Stream`s. Items that need a feature say so.
//!
//! # The manual
//!
//! - [Getting started](manual::getting_started): install, a first request on each runtime.
//! - [Async clients](manual::async_runtimes): tokio, smol, async-std, your own executor.
//! - [Streaming](manual::streaming): raw events, the stream helper, accumulation.
//! - [Tools](manual::tools): tool use, server tools, computer use.
//! - [Errors and retries](manual::errors): the one error type, what is retried and when.
//! - [Timeouts](manual::timeouts): connect, read, write and total limits; long requests.
//! - [Testing with the mock server](manual::testing): `anthropic-mock` in your own tests.
//! - [Logging](manual::logging): `ANTHROPIC_LOG`, `tracing`.
//! - [Cloud platforms](manual::cloud): Amazon Bedrock, Google Vertex AI, Microsoft Foundry.
//! - [Driving the core from your own loop](manual::sans_io): the [`sans_io`] items.
//!
//! # How it is built
//!
//! The protocol lives in `anthropic-core` (pure: no I/O, no clock, no randomness): it
//! builds every request, decodes every response and stream, and decides every retry.
//! Each client is a thin driver that moves bytes between a socket and the core. The same
//! core can be driven by your own event loop: see [`sans_io`].
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

// What an application uses, at the top level: configuration, errors, types, streams.
pub use anthropic_core::{
    ApiError, ApiErrorKind, ClientConfig, Error, Page, PageCursor, Paginated, ProxyConfig,
    RequestOptions, Result, Secret, Timeout, TimeoutError, TimeoutKind, TransportConfig, config,
    error, pagination, response, secret, stream, timeout, transport, types,
};

// Everything else of the core stays reachable at the top level for code written against
// it (and for what the core gains later), but out of the docs: the sans-IO plumbing is
// documented where an embedder looks for it, in `sans_io`.
#[doc(hidden)]
pub use anthropic_core::*;

pub mod logging;
pub mod manual;
pub mod memory;
pub mod sans_io;

/// Turns a function into a tool the model can call (Python's `@beta_tool`); see
/// [`anthropic_macros`].
pub use anthropic_macros::tool;

/// The blocking client (ureq); enabled by the default `blocking` feature.
#[cfg(feature = "blocking")]
#[doc(inline)]
pub use anthropic_blocking as blocking;

/// The async client over any executor (implement [`async_client::Runtime`] for yours);
/// enabled by the `async` feature and by each runtime feature.
#[cfg(feature = "async")]
#[doc(inline)]
pub use anthropic_async as async_client;

/// `next()`, `collect()` and the rest on the async clients' streams (pagers, event and
/// byte streams are `futures::Stream`s); enabled by the `async` feature.
#[cfg(feature = "async")]
pub use futures_util::StreamExt;

/// The async client on tokio; enabled by the `tokio` feature.
#[cfg(feature = "tokio")]
#[doc(inline)]
pub use anthropic_tokio as tokio;

/// The async client on smol; enabled by the `smol` feature.
#[cfg(feature = "smol")]
#[doc(inline)]
pub use anthropic_smol as smol;

/// The async client on async-std; enabled by the `async-std` feature.
#[cfg(feature = "async-std")]
#[doc(inline)]
pub use anthropic_async_std as async_std;

/// Bedrock credentials from the AWS SDK's providers (aws-config's chain: SSO,
/// assume-role, IMDS); enabled by the `aws-credential-types` feature. Pass it to
/// `BedrockOptions::credentials_provider`; see its docs for the one rule (the provider
/// is polled once, never waited for; `refresh().await` for providers that must wait).
#[cfg(feature = "aws-credential-types")]
pub use anthropic_platform::AwsSdkCredentials;
