//! The Claude API SDK for Rust.
//!
//! This crate is a facade: the protocol lives in [`anthropic_core`] (pure, no I/O) and each
//! runtime lives in a crate of its own. Depend on this crate for one import path.

pub use anthropic_core::*;

pub mod logging;

/// The blocking client (ureq); enabled by the default `blocking` feature.
#[cfg(feature = "blocking")]
pub use anthropic_blocking as blocking;
