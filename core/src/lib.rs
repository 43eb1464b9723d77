//! The pure protocol core of the Claude API SDK.
#![forbid(unsafe_code)]

pub mod response;
pub mod stream;
pub mod types;
