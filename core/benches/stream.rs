//! Throughput of the stream decoders (`cargo bench -p anthropic-core --bench stream`).
//!
//! Not a timed test: it prints MB/s. The "long line" and "long string" rows feed inputs of
//! growing size in small pieces; their MB/s staying flat shows the cost is linear.

use std::hint::black_box;
use std::time::{Duration, Instant};

use anthropic_core::stream::{JsonlDecoder, PartialJson, SseDecoder};

fn report(name: &str, bytes: usize, f: impl Fn()) {
    f(); // warm up
    let mut runs = 0u32;
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(500) || runs < 3 {
        f();
        runs += 1;
    }
    let secs = start.elapsed().as_secs_f64() / f64::from(runs);
    println!("{name:<48} {:>9.1} MB/s", bytes as f64 / secs / 1e6);
}

fn sse_all(input: &[u8], chunk: usize) -> usize {
    let mut d = SseDecoder::new();
    let mut n = 0;
    for c in input.chunks(chunk) {
        d.feed(c);
        while let Some(e) = d.next_event().unwrap() {
            n += e.data.len();
        }
    }
    d.finish();
    while let Some(e) = d.next_event().unwrap() {
        n += e.data.len();
    }
    n
}

fn main() {
    let mut stream = Vec::new();
    let one = [
        &include_bytes!("../../fuzz/corpus/sse/text.sse")[..],
        include_bytes!("../../fuzz/corpus/sse/tool_use.sse"),
        include_bytes!("../../fuzz/corpus/sse/thinking_citations.sse"),
    ]
    .concat();
    while stream.len() < 8 << 20 {
        stream.extend_from_slice(&one);
    }
    for chunk in [16, 1024, 16 * 1024] {
        report(
            &format!("sse recorded stream, {chunk} B reads"),
            stream.len(),
            || {
                black_box(sse_all(black_box(&stream), chunk));
            },
        );
    }
    for mb in [1, 4, 16] {
        let line = format!("data: {}\n\n", "x".repeat((mb << 20) - 16));
        report(
            &format!("sse one {mb} MiB line, 64 B reads"),
            line.len(),
            || {
                black_box(sse_all(black_box(line.as_bytes()), 64));
            },
        );
    }

    let jsonl = include_bytes!("../../fuzz/corpus/jsonl/results.jsonl").repeat(20_000);
    report("jsonl results, 64 B reads", jsonl.len(), || {
        let mut d = JsonlDecoder::new();
        for c in jsonl.chunks(64) {
            d.feed(c);
            while let Some(l) = d.next_line().unwrap() {
                black_box(l);
            }
        }
    });

    for mb in [1, 4] {
        let text = format!(
            "{{\"code\": \"{}\"}}",
            "ab\\n\\u00e9 ".repeat((mb << 20) / 11)
        );
        let pieces: Vec<&str> = text
            .as_bytes()
            .chunks(16)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        report(
            &format!("partial json {mb} MiB string, 16 B pushes"),
            text.len(),
            || {
                let mut p = PartialJson::new();
                for piece in &pieces {
                    p.push(piece).unwrap();
                }
                black_box(p.value());
            },
        );
    }
    let nested = format!(
        "[{}]",
        (0..200_000)
            .map(|i| format!("{{\"k{i}\": [{i}, {i}.5, true, null]}}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    let pieces: Vec<&str> = nested
        .as_bytes()
        .chunks(16)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    report(
        "partial json objects and numbers, 16 B pushes",
        nested.len(),
        || {
            let mut p = PartialJson::new();
            for piece in &pieces {
                p.push(piece).unwrap();
            }
            black_box(p.value());
        },
    );
}
