//! Every endpoint method over loopback on the async-std client: the cases shared with the other
//! clients (`runtimes/async/tests/endpoints`).

use std::future::Future;

type Client = anthropic_async_std::Client;
use anthropic_async_std::files_from_dir;

macro_rules! aw {
    ($e:expr) => {
        $e.await
    };
}

mod prelude {
    #[allow(unused_imports)]
    pub use futures_util::{AsyncWriteExt, StreamExt};
}

fn block_on<F: Future>(future: F) -> F::Output {
    async_std::task::block_on(future)
}

#[path = "../../async/tests/endpoints/mod.rs"]
#[macro_use]
mod endpoints;

endpoint_suite!(block_on);
