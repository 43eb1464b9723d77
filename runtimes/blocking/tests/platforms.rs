//! The platform clients (Bedrock, Vertex, Foundry) over loopback on the blocking client:
//! the cases shared with the async clients (`runtimes/async/tests/platforms`).

use std::future::Future;
use std::task::{Context, Poll, Waker};

use anthropic_blocking::{BedrockClient, Client, FoundryClient, VertexClient};

macro_rules! aw {
    ($e:expr) => {
        $e
    };
}

mod prelude {}

/// Runs a case: on the blocking client it never awaits, so one poll finishes it.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("a blocking case awaited something"),
    }
}

#[path = "../../async/tests/platforms/mod.rs"]
#[macro_use]
mod platforms;

platform_suite!(block_on);
