//! The platform clients (Bedrock, Vertex, Foundry) over loopback on the tokio client: the
//! cases shared with the other clients (`runtimes/async/tests/platforms`).

use std::future::Future;

use anthropic_tokio::{BedrockClient, Client, FoundryClient, VertexClient};

macro_rules! aw {
    ($e:expr) => {
        $e.await
    };
}

mod prelude {
    #[allow(unused_imports)]
    pub use futures_util::StreamExt;
}

fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

#[path = "../../async/tests/platforms/mod.rs"]
#[macro_use]
mod platforms;

platform_suite!(block_on);
