//! Resource handles: `client.messages()`, `client.models()`, `client.beta()`, ...
//!
//! A handle borrows the client, carries per-request options and a response mode, and
//! turns each method call into one endpoint call from `anthropic_core::endpoints`. The
//! handles and their methods are generated from the one table of the API,
//! [`anthropic_core::api_surface!`]; this module only says how the blocking client runs
//! each kind of method (see `surface.rs`). To add a method, add its row there.

mod pager;
#[macro_use]
mod surface;

pub use pager::Pager;

use std::marker::PhantomData;

use anthropic_core::pagination::Paginated;
use anthropic_core::response::{Parsed, Raw, ResponseMode};
use anthropic_core::{Error, IntoCall, RequestOptions};

use crate::client::Client;
use crate::helper::MessageStream;
use crate::stream::EventStream;

anthropic_core::api_surface!(blocking_surface);
