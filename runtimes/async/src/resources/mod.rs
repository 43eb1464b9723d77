//! Resource handles: `client.messages()`, `client.models()`, `client.beta()`.
//!
//! A handle borrows the client, carries per-request options and a response mode, and
//! turns each method call into one endpoint call from `anthropic_core::endpoints`.

mod beta;
mod messages;
mod models;

pub use beta::Beta;
pub use messages::Messages;
pub use models::Models;
