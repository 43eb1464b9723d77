//! The Claude API SDK for Rust.
//!
//! This crate is a facade: the protocol lives in [`anthropic_core`] (pure, no I/O) and each
//! runtime lives in a crate of its own. Depend on this crate for one import path.

pub use anthropic_core::*;

pub mod logging;
pub mod memory;

/// Turns a function into a tool the model can call (Python's `@beta_tool`); see
/// [`anthropic_macros`].
pub use anthropic_macros::tool;

/// The blocking client (ureq); enabled by the default `blocking` feature.
#[cfg(feature = "blocking")]
pub use anthropic_blocking as blocking;

/// The async client over any executor (implement [`async_client::Runtime`] for yours).
pub use anthropic_async as async_client;

/// The async client on tokio; enabled by the `tokio` feature.
#[cfg(feature = "tokio")]
pub use anthropic_tokio as tokio;

/// The async client on smol; enabled by the `smol` feature.
#[cfg(feature = "smol")]
pub use anthropic_smol as smol;

/// The async client on async-std; enabled by the `async-std` feature.
#[cfg(feature = "async-std")]
pub use anthropic_async_std as async_std;
