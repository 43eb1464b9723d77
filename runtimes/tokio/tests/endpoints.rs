//! Every endpoint method over loopback on the tokio client: the cases shared with the other
//! clients (`runtimes/async/tests/endpoints`).

use std::future::Future;

type Client = anthropic_tokio::Client;
use anthropic_tokio::files_from_dir;

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
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

#[path = "../../async/tests/endpoints/mod.rs"]
#[macro_use]
mod endpoints;

endpoint_suite!(block_on);
