//! The blocking Claude API client: ureq moving bytes for the `anthropic-core` state
//! machines.
//!
//! Everything protocol (paths, headers, bodies, retries, errors, decoding) happens in
//! `anthropic-core`; this crate connects, sends, reads and sleeps. Its API has the same
//! shape as every other runtime's:
//!
//! ```no_run
//! use anthropic_blocking::Client;
//! use anthropic_core::types::{MessageCreateParams, MessageParam, Model};
//!
//! let client = Client::from_env()?;
//! let message = client.messages().create(
//!     &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024)
//!         .message(MessageParam::user("Hello, Claude")),
//! )?;
//! println!("{}", message.text());
//! # Ok::<(), anthropic_core::Error>(())
//! ```
//!
//! Redirects are not followed: a redirect to another host would carry the API key with it,
//! and the API does not redirect. A 3xx is returned as an [`anthropic_core::ApiError`].
//!
//! Proxies follow core's rules ([`anthropic_core::transport::ProxyRules`]), not ureq's:
//! each request is given exactly the proxy core picks for it, or none, so the blocking
//! client routes like the async ones; a SOCKS or HTTPS proxy is refused when the client is
//! built. A request that fails on a pooled connection before any response is sent again on
//! another without counting as a retry, as on the async clients.

#[macro_use]
mod platform_client;
mod bedrock;
mod body;
mod client;
mod credentials;
mod driver;
mod foundry;
mod fresh;
mod helper;
mod limit;
mod proxy;
mod resources;
mod stream;
mod streaming;
mod structured;
mod tool_runner;
mod transport;
mod vertex;

pub use anthropic_core::response::{Parsed, Raw, RawResponse, ResponseMode, Streaming};
pub use anthropic_platform::files_from_dir;
pub use bedrock::BedrockClient;
pub use body::{ByteStream, CompletionStream, ItemStream, JsonlStream};
pub use client::Client;
pub use foundry::FoundryClient;
pub use helper::{MessageStream, TextStream};
pub use resources::{
    Batches, Beta, Completions, Files, Messages, Mode, Models, Pager, SkillVersions, Skills,
};
pub use stream::EventStream;
pub use streaming::StreamingResponse;
pub use tool_runner::{StreamingToolRunner, ToolRunner};
pub use vertex::VertexClient;

pub use anthropic_core::{
    ApiError, ApiErrorKind, ClientConfig, Error, ProxyConfig, RequestOptions, Result, Timeout,
    TransportConfig, types,
};
