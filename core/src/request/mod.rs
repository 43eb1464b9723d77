//! Turning a described call into HTTP requests, attempt after attempt.
//!
//! [`Call`] says what one endpoint invocation is (built in [`crate::endpoints`]);
//! [`RequestOptions`] layers per-request overrides on the client's [`crate::ClientConfig`];
//! [`Exchange`] is the state machine a driver runs to send it, retry it and decode it.

mod call;
mod exchange;
mod headers;
mod options;
pub mod url;

pub use call::{Call, IntoCall};
pub use exchange::{Attempt, Exchange, HeadOutcome, Moment, decode_body};
pub use headers::HeaderOverrides;
pub use options::RequestOptions;
