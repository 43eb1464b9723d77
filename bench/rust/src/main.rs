//! `anthropic-bench`: runs one benchmark workload through one of our clients against a
//! running mock server (`anthropic-mock`) and prints one JSON line of measurements.
//!
//! ```text
//! anthropic-bench --list
//! anthropic-bench --url http://127.0.0.1:PORT --client blocking --workload helper --deltas 200000
//! anthropic-bench --url http://127.0.0.1:PORT --client blocking --workload concurrent --streams 1000 --deltas 100
//! ```
//!
//! Workloads (the same as `bench/py_driver.py` runs through the Python SDK):
//!
//! - `helper`: one stream of `--deltas` text deltas read with the stream helper
//!   (`messages().stream()`, every text delta through `text_stream()`, then
//!   `final_message()`);
//! - `raw`: the same stream read as raw typed events (`messages().create_stream()`);
//! - `raw-ref`: the same raw events taken by reference (`next_ref()`: each text delta's
//!   string borrowed from the read buffer, not copied into a `String`; Rust only);
//! - `concurrent`: `--streams` streams of `--deltas` deltas each, all open at once: each
//!   reads its first event, the resident memory is taken, then all are drained.
//!
//! The server sends the long stream because every request carries the mock's
//! `x-mock-stream-deltas` header (a per-request header, as Python's `extra_headers`).
//! Before the measured window each driver opens its connection with a short stream, so
//! connecting is not measured.
//!
//! Clients are rows of [`DRIVERS`]; `bench/compare.py` asks `--list` for them, so a new
//! client is one function `fn(&Job) -> Result<Outcome, String>` and one row.

mod asynchronous;
mod blocking;
mod measure;
mod tcp;

use std::process::ExitCode;

use anthropic_core::RequestOptions;
use anthropic_core::stream::event::{StrDelta, StrDeltaKind};
use anthropic_core::stream::{ContentDelta, StreamEvent, StreamEventRef};
use anthropic_core::types::{MessageCreateParams, Model};

pub use measure::{Meter, Outcome, cpu_seconds, peak_rss_kib, rss_kib};

/// The mock's request header asking for a stream of exactly N text deltas.
pub const DELTAS_HEADER: &str = "x-mock-stream-deltas";

/// Deltas in the short stream that opens the connection before a measured window.
pub const WARM_UP_DELTAS: usize = 16;

/// What to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workload {
    /// One long stream through the stream helper (accumulating the message).
    Helper,
    /// One long stream as raw typed events.
    Raw,
    /// The same raw events, taken by reference.
    RawRef,
    /// Many streams open at once.
    Concurrent,
}

impl Workload {
    fn parse(s: &str) -> Option<Workload> {
        match s {
            "helper" => Some(Workload::Helper),
            "raw" => Some(Workload::Raw),
            "raw-ref" => Some(Workload::RawRef),
            "concurrent" => Some(Workload::Concurrent),
            _ => None,
        }
    }

    /// The name used on the command line and in the output.
    pub fn name(self) -> &'static str {
        match self {
            Workload::Helper => "helper",
            Workload::Raw => "raw",
            Workload::RawRef => "raw-ref",
            Workload::Concurrent => "concurrent",
        }
    }
}

/// One run: where the server is and what to ask of it.
#[derive(Clone, Debug)]
pub struct Job {
    /// The mock server's base URL.
    pub url: String,
    /// The workload.
    pub workload: Workload,
    /// Text deltas per stream.
    pub deltas: usize,
    /// Streams open at once ([`Workload::Concurrent`] only).
    pub streams: usize,
}

impl Job {
    /// The request every client sends (as `bench/py_driver.py` does).
    pub fn params(&self) -> MessageCreateParams {
        MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user("bench")
    }
}

/// Request options asking the mock for a stream of `n` text deltas.
pub fn deltas(n: usize) -> RequestOptions {
    RequestOptions::new().header(DELTAS_HEADER, n.to_string())
}

/// Whether `event` is a text delta (what the workloads count).
pub fn is_text_delta(event: &StreamEvent) -> bool {
    matches!(
        event,
        StreamEvent::ContentBlockDelta {
            delta: ContentDelta::Text { .. },
            ..
        }
    )
}

/// Whether a raw event taken by reference is a text delta.
pub fn is_text_delta_ref(event: &StreamEventRef<'_>) -> bool {
    matches!(
        event,
        StreamEventRef::StrDelta(StrDelta {
            kind: StrDeltaKind::Text,
            ..
        })
    )
}

/// A client under test: its name, and the function that runs a [`Job`] with it.
pub struct Driver {
    /// The name on the command line and in the table.
    pub name: &'static str,
    /// Runs the job and measures it.
    pub run: fn(&Job) -> Result<Outcome, String>,
}

/// Every client this binary can drive. Add a row (and its module) for a new runtime.
pub const DRIVERS: &[Driver] = &[
    Driver {
        name: "tcp",
        run: tcp::run,
    },
    Driver {
        name: "blocking",
        run: blocking::run,
    },
    Driver {
        name: "tokio",
        run: asynchronous::run_tokio,
    },
    Driver {
        name: "smol",
        run: asynchronous::run_smol,
    },
    Driver {
        name: "async-std",
        run: asynchronous::run_async_std,
    },
];

fn usage() -> ExitCode {
    eprintln!(
        "usage: anthropic-bench --list\n       anthropic-bench --url URL --client NAME --workload helper|raw|raw-ref|concurrent [--deltas N] [--streams C]"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut url = None;
    let mut client = None;
    let mut workload = None;
    let mut deltas = 200_000;
    let mut streams = 100;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next();
        match arg.as_str() {
            "--list" => {
                for d in DRIVERS {
                    println!("{}", d.name);
                }
                return ExitCode::SUCCESS;
            }
            "--url" => url = value(),
            "--client" => client = value(),
            "--workload" => workload = value().as_deref().and_then(Workload::parse),
            "--deltas" => match value().and_then(|v| v.parse().ok()) {
                Some(n) => deltas = n,
                None => return usage(),
            },
            "--streams" => match value().and_then(|v| v.parse().ok()) {
                Some(n) => streams = n,
                None => return usage(),
            },
            _ => return usage(),
        }
    }
    let (Some(url), Some(client), Some(workload)) = (url, client, workload) else {
        return usage();
    };
    let Some(driver) = DRIVERS.iter().find(|d| d.name == client) else {
        eprintln!("anthropic-bench: no client named {client}");
        return usage();
    };
    let job = Job {
        url,
        workload,
        deltas,
        streams,
    };
    match (driver.run)(&job) {
        Ok(outcome) => {
            println!("{}", outcome.to_json(driver.name, workload.name()));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("anthropic-bench: {client} {}: {e}", workload.name());
            ExitCode::FAILURE
        }
    }
}
