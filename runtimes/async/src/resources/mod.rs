//! Resource handles: `client.messages()`, `client.models()`, `client.beta()`, ...
//!
//! A handle borrows the client, carries per-request options and a response mode, and
//! turns each method call into one endpoint call from `anthropic_core::endpoints`. The
//! handles and their methods are generated from the one table of the API,
//! [`anthropic_core::api_surface!`]; this module only says how the async client runs each
//! kind of method (see `surface.rs`). To add a method, add its row there.

mod custom;
mod mode;
mod pager;
#[macro_use]
mod surface;

pub use mode::Mode;
pub use pager::Pager;

use std::marker::PhantomData;

use anthropic_core::pagination::Paginated;
use anthropic_core::response::{Parsed, Raw, Streaming};
use anthropic_core::{Error, IntoCall, RequestOptions};

use anthropic_core::stream::JsonlItems;

use crate::body::{ByteStream, ItemStream};
use crate::client::Client;
use crate::helper::MessageStream;
use crate::runtime::Runtime;
use crate::stream::EventStream;

anthropic_core::api_surface!(async_surface);

/// The options of the first call of a two-call method (`batches.results`): only the
/// timeout and the retry budget, as Python sends none of the caller's headers, query or
/// body there.
fn first_call_options(options: &RequestOptions) -> RequestOptions {
    RequestOptions {
        timeout: options.timeout,
        max_retries: options.max_retries,
        ..RequestOptions::default()
    }
}
