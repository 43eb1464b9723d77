//! Every endpoint method over loopback on the blocking client: the cases shared with the
//! async clients (`runtimes/async/tests/endpoints`).

use std::future::Future;
use std::task::{Context, Poll, Waker};

type Client = anthropic_blocking::Client;
use anthropic_blocking::files_from_dir;

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

#[path = "../../async/tests/endpoints/mod.rs"]
#[macro_use]
mod endpoints;

endpoint_suite!(block_on);
