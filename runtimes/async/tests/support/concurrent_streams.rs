//! Memory benchmark (not a test): resident memory per open stream with many concurrent
//! streams, shared by the async clients' benches (each includes this file with `#[path]`
//! and supplies a [`Harness`]):
//!
//! ```text
//! cargo bench -p anthropic-tokio --bench concurrent_streams        # 1,000 streams
//! CONCURRENT_STREAMS=10000 cargo bench -p anthropic-tokio --bench concurrent_streams
//! cargo bench -p anthropic-smol --bench concurrent_streams
//! cargo bench -p anthropic-async-std --bench concurrent_streams
//! ```
//!
//! What it does, per measurement: start the mock server (capture off), run one stream to
//! the end as a warm-up, read `VmRSS`, open the streams in waves of 50 (each reads its
//! first event; all are then held open at once, none being polled), read `VmRSS` again,
//! then drain every stream and check that each one ended with `message_stop` and no error.
//!
//! The mock server serves each connection with a thread of its own, so when it runs in
//! the measured process its threads (stacks, per-thread malloc arenas, buffers) count
//! too. Each measurement therefore runs in a fresh child process (the bench re-executes
//! itself), in two set-ups:
//!
//! - **server in another process** (the bench's parent process hosts it): the child's
//!   growth is the client's alone. This is the number that counts;
//! - **server in the same process**, with a baseline: the same server with as many raw
//!   `std::net::TcpStream` connections that each send the same streaming request and read
//!   its first event, then stay open. The client's cost per stream is the difference.
//!
//! `CONCURRENT_STREAMS=<n>` changes the number of streams (default 1,000). Each process
//! holds one file descriptor per connection, so `ulimit -n` must be above `n` (plus a
//! few): the bench checks the soft limit in `/proc/self/limits` and stops with the
//! `ulimit -n` to set if it is too low. The same-process set-up holds both ends, so it
//! needs `2 n`; when that does not fit (10,000 streams under the usual limit of 20,000)
//! it is skipped with a note and the other set-up still runs. Numbers measured here are
//! in `bench/README.md` ("Concurrent streams").

#![allow(dead_code)]

use std::future::Future;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use anthropic_async::{Client, ClientConfig, EventStream, Runtime, Timeout};
use anthropic_core::stream::StreamEvent;
use anthropic_core::types::{MessageCreateParams, Model};
use anthropic_mock::MockServer;
use futures_util::future::join_all;

/// Streams opened at once; the mock server's listen backlog is std's 128.
const WAVE: usize = 50;
const PHASE_VAR: &str = "CONCURRENT_STREAMS_PHASE";
const SERVER_VAR: &str = "CONCURRENT_STREAMS_SERVER";
/// Open files a process needs besides its connections (std streams, listener, runtime).
const FD_SLACK: usize = 64;

/// A runtime to measure.
pub trait Harness {
    /// The runtime.
    type R: Runtime + Default;
    /// Runs a future to completion on this runtime.
    fn block_on<F: Future>(future: F) -> F::Output;
}

/// The bench's `main`: the parent runs the measurements in child processes and prints
/// the table; a child (marked by an environment variable) runs one measurement.
pub fn main<H: Harness>(runtime: &str) {
    match std::env::var(PHASE_VAR) {
        Ok(phase) => child::<H>(&phase),
        Err(_) => parent(runtime),
    }
}

fn streams() -> usize {
    std::env::var("CONCURRENT_STREAMS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000)
}

/// `VmRSS` of this process, KiB.
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/self/status")
}

#[derive(Debug, Clone, Copy)]
struct Measure {
    before: u64,
    open: u64,
    n: usize,
}

impl Measure {
    fn per_stream(&self) -> f64 {
        (self.open as f64 - self.before as f64) / self.n as f64
    }
}

/// The soft limit on open files (`ulimit -n`), from `/proc/self/limits`.
fn open_files_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

fn parent(runtime: &str) {
    let n = streams();
    println!("concurrent_streams on {runtime}: {n} streams held open (resident memory, VmRSS)");
    // A process holds one descriptor per connection: the client's or the server's end.
    let limit = open_files_limit();
    let fits = |descriptors: usize| limit.is_none_or(|l| descriptors + FD_SLACK <= l);
    assert!(
        fits(n),
        "{n} streams need about {} open files per process, `ulimit -n` is {limit:?}: raise it (ulimit -n {})",
        n + FD_SLACK,
        n + FD_SLACK
    );

    let server = MockServer::start();
    server.set_capture(false);
    let url = server.url();
    let client_alone = run_child("client", Some(&url));
    let raw_alone = run_child("raw", Some(&url));
    drop(server);

    let row = |label: &str, m: Measure| {
        println!(
            "  {label:<48} {:>8} KiB -> {:>8} KiB  {:>7.1} KiB/stream",
            m.before,
            m.open,
            m.per_stream()
        );
    };
    println!(" server in another process:");
    row("client streams", client_alone);
    row("raw TcpStream baseline", raw_alone);
    let same_process = if fits(2 * n) {
        let client_with_server = run_child("client", None);
        let raw_with_server = run_child("raw", None);
        println!(" server in the same process:");
        row("client streams (+ server threads)", client_with_server);
        row("raw TcpStream baseline (server threads)", raw_with_server);
        let difference = client_with_server.per_stream() - raw_with_server.per_stream();
        format!("{difference:.1} KiB (same process, minus baseline)")
    } else {
        println!(
            " server in the same process: skipped: both ends of {n} connections need about {} open files, `ulimit -n` is {}",
            2 * n + FD_SLACK,
            limit.unwrap_or_default()
        );
        "same process skipped".to_owned()
    };
    println!(
        "client cost per open stream on {runtime}: {:.1} KiB (server elsewhere), {same_process}",
        client_alone.per_stream()
    );
}

fn run_child(phase: &str, server: Option<&str>) -> Measure {
    let exe = std::env::current_exe().expect("current_exe");
    let mut command = Command::new(exe);
    command.env(PHASE_VAR, phase);
    match server {
        Some(url) => command.env(SERVER_VAR, url),
        None => command.env_remove(SERVER_VAR),
    };
    let output = command.output().expect("run the measurement");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{phase} measurement failed ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .unwrap_or_else(|| panic!("no RESULT line from {phase}:\n{stdout}"));
    let field = |name: &str| -> u64 {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {line}"))
    };
    Measure {
        before: field("before"),
        open: field("open"),
        n: field("n") as usize,
    }
}

fn params(i: usize) -> MessageCreateParams {
    MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 1024).user(format!("stream {i}"))
}

fn child<H: Harness>(phase: &str) {
    let n = streams();
    // The server: the parent's, or one in this process.
    let (url, _server) = match std::env::var(SERVER_VAR) {
        Ok(url) => (url, None),
        Err(_) => {
            let server = MockServer::start();
            server.set_capture(false);
            (server.url(), Some(server))
        }
    };
    let measure = match phase {
        "client" => H::block_on(client_streams::<H>(&url, n)),
        "raw" => raw_streams(&url, n),
        other => panic!("unknown phase {other}"),
    };
    println!(
        "RESULT before={} open={} n={}",
        measure.before, measure.open, measure.n
    );
}

async fn open<R: Runtime>(client: &Client<R>, i: usize) -> EventStream<R> {
    let mut stream = client
        .messages()
        .create_stream(&params(i))
        .await
        .unwrap_or_else(|e| panic!("stream {i}: {e}"));
    stream
        .next_event()
        .await
        .expect("a first event")
        .unwrap_or_else(|e| panic!("stream {i}: {e}"));
    stream
}

/// Reads a stream to its end; `true` when it ended with `message_stop` and no error.
async fn drain<R: Runtime>(mut stream: EventStream<R>) -> bool {
    let mut last_was_stop = false;
    while let Some(event) = stream.next_event().await {
        match event {
            Ok(event) => last_was_stop = matches!(event, StreamEvent::MessageStop { .. }),
            Err(_) => return false,
        }
    }
    last_was_stop
}

async fn client_streams<H: Harness>(url: &str, n: usize) -> Measure {
    let client = Client::<H::R>::new(
        ClientConfig::new()
            .api_key("sk-ant-bench")
            .base_url(url)
            .timeout(Timeout::uniform(Duration::from_secs(60))),
    )
    .expect("client");
    // Warm-up: one whole stream, so one-time allocations are not counted.
    assert!(drain(open(&client, 0).await).await, "warm-up stream");
    let mut streams = Vec::with_capacity(n);
    let before = rss_kib();
    let started = Instant::now();
    let mut i = 0;
    while i < n {
        let wave = (i..n.min(i + WAVE)).map(|i| open(&client, i));
        streams.extend(join_all(wave).await);
        i += WAVE;
    }
    let open = rss_kib();
    eprintln!("opened {n} streams in {:?}", started.elapsed());
    let completed = join_all(streams.into_iter().map(drain))
        .await
        .into_iter()
        .filter(|ok| *ok)
        .count();
    assert_eq!(completed, n, "every stream must end with message_stop");
    eprintln!("all {completed} streams completed");
    Measure { before, open, n }
}

/// Sends a streaming request on a raw connection and reads until its first event.
fn raw_open(addr: &str, i: usize) -> TcpStream {
    let mut tcp = TcpStream::connect(addr).expect("connect");
    let body = serde_json::to_string(&{
        let mut p = params(i);
        p.stream = Some(true);
        p
    })
    .unwrap();
    write!(
        tcp,
        "POST /v1/messages HTTP/1.1\r\nhost: {addr}\r\nx-api-key: sk-ant-bench\r\n\
         anthropic-version: 2023-06-01\r\ncontent-type: application/json\r\n\
         content-length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let read = tcp.read(&mut buf).expect("read");
        assert!(read > 0, "raw stream {i} closed early");
        seen.extend_from_slice(&buf[..read]);
        if let Some(at) = seen.windows(13).position(|w| w == b"message_start") {
            if seen[at..].windows(2).any(|w| w == b"\n\n") {
                return tcp;
            }
        }
    }
}

fn raw_streams(url: &str, n: usize) -> Measure {
    let addr = url.trim_start_matches("http://").to_owned();
    drop(raw_open(&addr, 0));
    let mut held = Vec::with_capacity(n);
    let before = rss_kib();
    for i in 0..n {
        held.push(raw_open(&addr, i));
    }
    let open = rss_kib();
    drop(held);
    Measure { before, open, n }
}
