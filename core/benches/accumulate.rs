//! Throughput of the stream helper's pipeline (`cargo bench -p anthropic-core --bench accumulate`).
//!
//! Not a timed test: it prints events per second for SSE bytes → `EventDecoder` (what
//! the clients run) → `MessageAccumulator::handle`, and for the borrowed path (the fast
//! lane, `SseDecoder::next_event_from`, `decode_event_ref`, `handle_ref`), for a message of N and of 10·N deltas
//! (the ratio of the two rates shows whether the cost per event stays flat as the
//! message grows), next to two baselines in the same run:
//!
//! - `peer`: what most Rust clients do: the bytes through `eventsource-stream` (as a
//!   `Stream` of 16 KiB chunks, polled in place), then each event's data into serde-derived
//!   typed events, the text (or tool-input JSON) appended to a `String`;
//! - `naive`: our SSE decoder, then `serde_json::from_str::<Value>` of each event's data
//!   and a `String` append.
//!
//! Every figure is printed as a ratio against the peer measured in the same run, since the
//! machine's absolute speed varies from run to run.

use std::hint::black_box;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use anthropic_core::stream::event::{DecodedRef, decode_event_ref};
use anthropic_core::stream::lane::next_str_delta_from;
use anthropic_core::stream::{
    Derived, EventDecoder, MessageAccumulator, PartialJson, PartialMode, SseDecoder,
};
use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

const READ: usize = 16 * 1024;

fn sse(out: &mut String, data: &Value) {
    out.push_str("event: ");
    out.push_str(data["type"].as_str().unwrap());
    out.push_str("\ndata: ");
    out.push_str(&data.to_string());
    out.push_str("\n\n");
}

fn stream(block: Value, deltas: impl Iterator<Item = Value>) -> Vec<u8> {
    let mut s = String::new();
    sse(
        &mut s,
        &json!({"type":"message_start","message":{"id":"msg_bench","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}}),
    );
    sse(
        &mut s,
        &json!({"type":"content_block_start","index":0,"content_block":block}),
    );
    for d in deltas {
        sse(
            &mut s,
            &json!({"type":"content_block_delta","index":0,"delta":d}),
        );
    }
    sse(&mut s, &json!({"type":"content_block_stop","index":0}));
    sse(
        &mut s,
        &json!({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}),
    );
    sse(&mut s, &json!({"type":"message_stop"}));
    s.into_bytes()
}

const WORDS: [&str; 8] = [
    "Hello",
    ", wor",
    "ld! Th",
    "is is ",
    "a str",
    "eamed ",
    "reply ",
    "— café ☕",
];

fn text_stream(n: usize) -> Vec<u8> {
    stream(
        json!({"type":"text","text":""}),
        (0..n).map(|i| json!({"type":"text_delta","text":WORDS[i % WORDS.len()]})),
    )
}

/// A large tool input (`{"rows": [{"id": 0, "name": "row 0", "tags": [...], ...}, ...]}`)
/// cut into pieces of about 12 bytes, as the API streams it.
fn tool_stream(n: usize) -> Vec<u8> {
    stream(
        json!({"type":"tool_use","id":"toolu_bench","name":"table","input":{}}),
        tool_pieces(n)
            .into_iter()
            .map(|p| json!({"type":"input_json_delta","partial_json":p})),
    )
}

/// The pieces of [`tool_stream`]'s input.
fn tool_pieces(n: usize) -> Vec<String> {
    let mut text = String::from(r#"{"rows": ["#);
    let mut i = 0;
    while text.len() < n * 12 {
        if i > 0 {
            text.push_str(", ");
        }
        text.push_str(&format!(
            r#"{{"id": {i}, "name": "row {i} \"quoted\" é", "score": {}.5, "ok": true, "tags": ["a", "b"]}}"#,
            i * 7
        ));
        i += 1;
    }
    text.push_str("]}");
    let chars: Vec<char> = text.chars().collect();
    chars.chunks(12).map(|c| c.iter().collect()).collect()
}

/// The partial-JSON parser alone on `pieces` (as `MessageAccumulator` runs it: Python's
/// mode, the snapshot looked at after each piece, the final value moved out and dropped).
#[inline(never)]
fn parser_only(pieces: &[String]) -> usize {
    let mut p = PartialJson::with_mode(PartialMode::On);
    for piece in pieces {
        p.push(piece).unwrap();
        black_box(p.value());
    }
    black_box(p.take_finished().unwrap());
    pieces.len()
}

/// For scale: the same tree built by `serde_json::from_str` of the whole text at once (no
/// snapshot, no state kept between pieces), the value dropped.
#[inline(never)]
fn serde_whole(text: &str) -> usize {
    black_box(serde_json::from_str::<Value>(text).unwrap());
    text.len()
}

/// The pipeline under test, as the clients run it: `EventDecoder` (the SSE decoder, the
/// fast lane, event typing, the end-of-stream check) fed each read, owned events into
/// `MessageAccumulator::handle`; returns the number of derived delta events.
fn helper(input: &[u8]) -> usize {
    let mut d = EventDecoder::new(StatusCode::OK, HeaderMap::new());
    let mut acc = MessageAccumulator::new();
    let mut n = 0;
    let mut step = |d: &mut EventDecoder, acc: &mut MessageAccumulator| {
        while let Some(event) = d.next_event().unwrap() {
            match acc.handle(&event).unwrap() {
                Some(Derived::Text { snapshot, .. }) => n += black_box(snapshot.len()) & 1 | 1,
                Some(Derived::InputJson { snapshot, .. }) => {
                    black_box(snapshot);
                    n += 1
                }
                _ => {}
            }
        }
    };
    for c in input.chunks(READ) {
        d.feed(c);
        step(&mut d, &mut acc);
    }
    d.finish();
    step(&mut d, &mut acc);
    black_box(acc.finish().unwrap());
    n
}

/// The borrowed pipeline: string-delta events taken whole by the fast lane
/// (`lane::next_str_delta_from`), other events decoded where they lie in each read
/// (`SseDecoder::next_event_from`), string deltas handed to the accumulator as `&str`
/// (`decode_event_ref` → `MessageAccumulator::handle_ref`); returns the same count.
fn helper_ref(input: &[u8]) -> usize {
    let mut d = SseDecoder::new();
    let mut acc = MessageAccumulator::new();
    let mut n = 0;
    let mut scratch = String::new();
    let mut step = |d: &mut SseDecoder, rest: &mut &[u8], acc: &mut MessageAccumulator| {
        loop {
            let event = match next_str_delta_from(d, rest, &mut scratch) {
                Some(delta) => DecodedRef::StrDelta(delta),
                None => match d.next_event_from(rest).unwrap() {
                    Some(e) => decode_event_ref(e.event, e.data, &mut scratch).unwrap(),
                    None => break,
                },
            };
            match acc.handle_ref(&event).unwrap() {
                Some(Derived::Text { snapshot, .. }) => n += black_box(snapshot.len()) & 1 | 1,
                Some(Derived::InputJson { snapshot, .. }) => {
                    black_box(snapshot);
                    n += 1
                }
                _ => {}
            }
        }
    };
    for c in input.chunks(READ) {
        let mut rest = c;
        step(&mut d, &mut rest, &mut acc);
    }
    d.finish();
    step(&mut d, &mut &[][..], &mut acc);
    black_box(acc.finish().unwrap());
    n
}

/// Naive baseline: our SSE decoding, then a `Value` per event and a `String` append.
fn baseline(input: &[u8]) -> usize {
    let mut d = SseDecoder::new();
    let mut text = String::new();
    let mut n = 0;
    let mut step = |d: &mut SseDecoder, text: &mut String| {
        while let Some(e) = d.next_event().unwrap() {
            let v: Value = serde_json::from_str(e.data).unwrap();
            if let Some(delta) = v.get("delta") {
                if let Some(t) = delta
                    .get("text")
                    .or_else(|| delta.get("partial_json"))
                    .and_then(Value::as_str)
                {
                    text.push_str(t);
                    n += 1;
                }
            }
        }
    };
    for c in input.chunks(READ) {
        d.feed(c);
        step(&mut d, &mut text);
    }
    d.finish();
    step(&mut d, &mut text);
    black_box(text);
    n
}

/// The input as a byte stream of 16 KiB chunks, as an HTTP client hands it on.
struct Chunks<'a>(std::slice::Chunks<'a, u8>);

impl<'a> futures_core::Stream for Chunks<'a> {
    type Item = Result<&'a [u8], std::convert::Infallible>;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.next().map(Ok))
    }
}

/// The peer's typed events: serde derives, as a typical Rust client declares them.
#[derive(serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[allow(dead_code)] // fields are read by serde only, as in a client that ignores them here
enum PeerEvent {
    MessageStart { message: PeerMessage },
    ContentBlockStart { index: usize, content_block: Value },
    ContentBlockDelta { index: usize, delta: PeerDelta },
    ContentBlockStop { index: usize },
    MessageDelta { delta: Value, usage: Value },
    MessageStop,
    Ping,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct PeerMessage {
    id: String,
    model: String,
    role: String,
    content: Vec<Value>,
    stop_reason: Option<String>,
    usage: Value,
}

#[derive(serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum PeerDelta {
    TextDelta { text: String },
    InputJsonDelta { partial_json: String },
}

/// Peer baseline: `eventsource-stream` over the chunks, serde typed events, `String` append.
fn peer(input: &[u8]) -> usize {
    use eventsource_stream::Eventsource;
    use futures_core::Stream;
    let mut events = Chunks(input.chunks(READ)).eventsource();
    let mut cx = Context::from_waker(Waker::noop());
    let mut text = String::new();
    let mut n = 0;
    while let Poll::Ready(Some(e)) = Pin::new(&mut events).poll_next(&mut cx) {
        let e = e.unwrap();
        match serde_json::from_str::<PeerEvent>(&e.data).unwrap() {
            PeerEvent::ContentBlockDelta {
                delta:
                    PeerDelta::TextDelta { text: t } | PeerDelta::InputJsonDelta { partial_json: t },
                ..
            } => {
                text.push_str(&t);
                n += 1;
            }
            other => {
                black_box(other);
            }
        }
    }
    black_box(text);
    n
}

/// Seconds per call of `run`: the fastest of 7 rounds of at least 100 ms each, so that a
/// burst of load from other jobs on a shared machine (which only ever slows a round down)
/// does not count.
fn fastest_run(mut run: impl FnMut()) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..7 {
        let mut runs = 0u32;
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(100) || runs < 2 {
            run();
            runs += 1;
        }
        best = best.min(start.elapsed().as_secs_f64() / f64::from(runs));
    }
    best
}

/// Events per second of `f` on `input` (`events` delta events in it), by [`fastest_run`].
fn rate(input: &[u8], events: usize, f: fn(&[u8]) -> usize) -> f64 {
    assert_eq!(f(input), events); // warm up, and check
    events as f64
        / fastest_run(|| {
            black_box(f(black_box(input)));
        })
}

fn row(name: &str, make: fn(usize) -> Vec<u8>, n: usize) {
    let small = make(n);
    let large = make(10 * n);
    let (ns, nl) = (baseline(&small), baseline(&large));
    let mut rates = Vec::new();
    for (input, count) in [(&small, ns), (&large, nl)] {
        // Interleaved, so a change of the machine's load hits all of them alike.
        let p = rate(input, count, peer);
        let r = rate(input, count, helper_ref);
        let h = rate(input, count, helper);
        let b = rate(input, count, baseline);
        let ns = |rate: f64| 1e9 / rate;
        println!(
            "{name:<16} {count:>6} deltas | peer {:>7.1} ns/ev | borrowed {:>6.1} ns/ev = {:>5.2}x peer | owned {:>6.1} ns/ev = {:>5.2}x peer | naive {:>6.1} ns/ev = {:>4.2}x peer",
            ns(p),
            ns(r),
            r / p,
            ns(h),
            h / p,
            ns(b),
            b / p
        );
        rates.push((r, h, p));
    }
    println!(
        "{name:<16} flat cost (rate at 10·N / rate at N): borrowed {:.2}, owned {:.2}, peer {:.2}",
        rates[1].0 / rates[0].0,
        rates[1].1 / rates[0].1,
        rates[1].2 / rates[0].2
    );
}

/// Tool input: the cost per `input_json_delta` (borrowed pipeline, live snapshot) for an
/// input of 1 KiB and of 100 KiB. Flat means the same cost per delta at both sizes: no
/// walk of the input so far, no copy of it per delta. (Each run is one whole message, so
/// the 1 KiB figure also carries its message's fixed events over fewer deltas.)
fn tool_flatness() {
    let small = tool_stream(1024 / 12);
    let large = tool_stream(100 * 1024 / 12);
    let (ns, nl) = (baseline(&small), baseline(&large));
    let (ps, rs) = (rate(&small, ns, peer), rate(&small, ns, helper_ref));
    let (pl, rl) = (rate(&large, nl, peer), rate(&large, nl, helper_ref));
    println!(
        "tool input 1 KiB ({ns} deltas): {:.1} ns/delta = {:.2}x peer | 100 KiB ({nl} deltas): {:.1} ns/delta = {:.2}x peer | cost at 100 KiB / cost at 1 KiB: {:.2} (peer {:.2})",
        1e9 / rs,
        rs / ps,
        1e9 / rl,
        rl / pl,
        rs / rl,
        ps / pl
    );
    // The share of the parser in that: the same pieces through `PartialJson` alone.
    let pieces = tool_pieces(100 * 1024 / 12);
    assert_eq!(pieces.len(), nl);
    let best = fastest_run(|| {
        black_box(parser_only(black_box(&pieces)));
    }) / nl as f64;
    let text: String = pieces.concat();
    let floor = fastest_run(|| {
        black_box(serde_whole(black_box(&text)));
    }) / nl as f64;
    println!(
        "tool input 100 KiB, partial-JSON parser alone (push + live snapshot + final value): {:.1} ns/piece = {:.0} % of the borrowed pipeline's {:.1} ns/delta; serde_json::from_str of the whole text into a Value at once (no snapshots): {:.1} ns per piece's worth",
        best * 1e9,
        best * rl * 100.0,
        1e9 / rl,
        floor * 1e9
    );
}

fn main() {
    // `-- profile [N]`: one pass of each pipeline over a text stream of N deltas (100 000
    // by default), for a profiler
    // (`valgrind --tool=callgrind target/release/deps/accumulate-* profile`); instruction
    // counts at N and 10·N show the cost per event without the noise of a shared machine.
    // `-- profile-tool [N]`: the same over a tool-input stream. A third argument `ours`
    // (the borrowed pipeline), `owned`, `peer` or `naive` runs that pipeline only, `R` times over (`-- profile 10000 ours 50`);
    // `-- profile-tool N parser [R]` runs the partial-JSON parser alone on the same pieces
    // (`--toggle-collect='accumulate::parser_only'`), `-- profile-tool N serde [R]`
    // `serde_json::from_str` of their whole text (`accumulate::serde_whole`).
    let args: Vec<String> = std::env::args().collect();
    for (arg, make) in [
        ("profile", text_stream as fn(usize) -> Vec<u8>),
        ("profile-tool", tool_stream),
    ] {
        if let Some(at) = args.iter().position(|a| a == arg) {
            let n = args
                .get(at + 1)
                .and_then(|n| n.parse().ok())
                .unwrap_or(100_000);
            let input = make(n);
            let only = args.get(at + 2).map(String::as_str);
            let repeat: usize = args.get(at + 3).and_then(|r| r.parse().ok()).unwrap_or(1);
            if arg == "profile-tool" && only == Some("parser") {
                let pieces = tool_pieces(n);
                for _ in 0..repeat {
                    black_box(parser_only(black_box(&pieces)));
                }
                return;
            }
            if arg == "profile-tool" && only == Some("serde") {
                let text: String = tool_pieces(n).concat();
                for _ in 0..repeat {
                    black_box(serde_whole(black_box(&text)));
                }
                return;
            }
            for (name, f) in [
                ("ours", helper_ref as fn(&[u8]) -> usize),
                ("owned", helper),
                ("naive", baseline),
                ("peer", peer),
            ] {
                if only.is_none_or(|o| o == name) {
                    for _ in 0..repeat {
                        black_box(f(black_box(&input)));
                    }
                }
            }
            return;
        }
    }
    row("text_delta", text_stream, 10_000);
    row("input_json_delta", tool_stream, 10_000);
    tool_flatness();
}
