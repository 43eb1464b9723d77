//! Every endpoint of the API, described once: method, path, query, headers, body, and
//! the type its response decodes to.
//!
//! Each function returns a [`Call`](crate::Call) that any driver can run; the runtimes
//! never know a path. A `beta` flag selects the `client.beta()` form of an endpoint, which
//! adds `?beta=true`; `betas` on the params become the `anthropic-beta` header on either
//! form.
//!
//! [`surface`] lists which client method runs which of these functions.

pub mod batches;
pub mod completions;
pub mod files;
pub mod messages;
pub mod models;
pub mod skills;
pub mod surface;
