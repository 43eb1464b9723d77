//! `endpoints_bench`: batch results and file transfers through the blocking client, one
//! measurement per process (so the peak resident set is this measurement's alone), one
//! JSON line out.
//!
//! ```text
//! endpoints_bench results  --count 1000000   # batches().results(): decode N typed results
//! endpoints_bench baseline --count 1000000   # the same body read as raw bytes (no decoding)
//! endpoints_bench upload   --mib 1024        # files().upload() of a sparse N MiB file from its path
//! endpoints_bench download --mib 1024        # files().download() of N MiB to a null writer
//! ```
//!
//! The server runs in this process on a thread and holds nothing: result lines are
//! generated as they are sent (close-delimited), uploads are counted and dropped, downloads
//! are generated. So the peak resident set is the client's (plus a few buffers).

#[path = "../measure.rs"]
#[allow(dead_code)]
mod measure;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

use anthropic_blocking::{Client, ClientConfig};
use anthropic_core::multipart::FileUpload;
use anthropic_core::types::BatchResult;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let workload = args.get(1).map(String::as_str).unwrap_or("results");
    let number = |flag: &str, default: u64| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let count = number("--count", 1_000_000);
    let mib = number("--mib", 1024);
    let url = serve(count, mib << 20);
    let client = Client::new(
        ClientConfig::new()
            .api_key("bench")
            .base_url(&url)
            .max_retries(0),
    )
    .expect("client");
    let before = measure::rss_kib();
    let meter = measure::Meter::start();
    let (items, bytes) = match workload {
        "results" => {
            let mut n = 0u64;
            for result in client
                .messages()
                .batches()
                .results("msgbatch_bench")
                .expect("results")
            {
                if let BatchResult::Succeeded(_) = result.expect("a result").result {
                    n += 1;
                }
            }
            (n, 0)
        }
        "baseline" => {
            let call = anthropic_core::Call::<()>::new(
                http::Method::GET,
                format!("{url}/results"),
                "bytes",
            );
            let mut body = client
                .send_streaming(call, &Default::default())
                .expect("body");
            let mut buf = vec![0; 64 * 1024];
            let mut total = 0u64;
            loop {
                let n = body.read_chunk(&mut buf).expect("read");
                if n == 0 {
                    break;
                }
                total += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
            }
            (total, 0)
        }
        "upload" => {
            let path =
                std::env::temp_dir().join(format!("endpoints-bench-{}.bin", std::process::id()));
            std::fs::File::create(&path)
                .and_then(|f| f.set_len(mib << 20))
                .expect("sparse file");
            let meta = client
                .beta()
                .files()
                .upload(&FileUpload::path(&path))
                .expect("upload");
            let _ = std::fs::remove_file(&path);
            (1, meta.size_bytes)
        }
        "download" => {
            let mut sink = std::io::sink();
            let written = client
                .beta()
                .files()
                .download("file_bench")
                .expect("download")
                .write_to(&mut sink)
                .expect("write");
            (1, written)
        }
        other => panic!("unknown workload {other}"),
    };
    let outcome = meter.stop(items);
    let results_per_s = items as f64 / outcome.seconds;
    println!(
        "{{\"workload\":\"{workload}\",\"items\":{items},\"bytes\":{bytes},\"seconds\":{:.3},\"items_per_s\":{results_per_s:.0},\"mib_per_s\":{:.1},\"rss_before_kib\":{before},\"peak_rss_kib\":{}}}",
        outcome.seconds,
        (if bytes > 0 { bytes } else { line_bytes(count) }) as f64 / 1048576.0 / outcome.seconds,
        outcome.peak_rss_kib
    );
}

/// One result line, `index` from 0.
fn line(index: u64, out: &mut Vec<u8>) {
    let _ = writeln!(
        out,
        r#"{{"custom_id":"req-{index}","result":{{"type":"succeeded","message":{{"id":"msg_{index}","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{{"type":"text","text":"Result number {index}."}}],"stop_reason":"end_turn","stop_sequence":null,"usage":{{"input_tokens":10,"output_tokens":5}}}}}}}}"#
    );
}

fn line_bytes(count: u64) -> u64 {
    let mut out = Vec::new();
    line(count / 2, &mut out);
    out.len() as u64 * count
}

/// Starts the in-process server; returns its URL.
fn serve(count: u64, size: u64) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let results_url = format!("{url}/results");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let results_url = results_url.clone();
            std::thread::spawn(move || {
                let _ = answer(stream, count, size, &results_url);
            });
        }
    });
    url
}

fn answer(stream: TcpStream, count: u64, size: u64, results_url: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut length = 0u64;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        if header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut out = std::io::BufWriter::with_capacity(256 * 1024, stream);
    let json = |out: &mut std::io::BufWriter<TcpStream>, body: String| {
        write!(
            out,
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let path = request_line.split_whitespace().nth(1).unwrap_or("");
    if path.starts_with("/v1/messages/batches/") {
        json(
            &mut out,
            format!(
                r#"{{"id":"msgbatch_bench","type":"message_batch","processing_status":"ended","request_counts":{{"processing":0,"succeeded":{count},"errored":0,"canceled":0,"expired":0}},"created_at":"2025-01-01T00:00:00Z","expires_at":"2025-01-02T00:00:00Z","ended_at":"2025-01-01T00:01:00Z","results_url":"{results_url}"}}"#
            ),
        )?;
    } else if path.starts_with("/results") {
        write!(
            out,
            "HTTP/1.1 200 OK\r\ncontent-type: application/binary\r\nconnection: close\r\n\r\n"
        )?;
        let mut buf = Vec::with_capacity(64 * 1024);
        for index in 0..count {
            line(index, &mut buf);
            if buf.len() >= 60 * 1024 {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
        out.write_all(&buf)?;
    } else if path.starts_with("/v1/files") && request_line.starts_with("POST") {
        let received = std::io::copy(&mut (&mut reader).take(length), &mut std::io::sink())?;
        json(
            &mut out,
            format!(
                r#"{{"id":"file_bench","type":"file","filename":"big.bin","mime_type":"application/octet-stream","size_bytes":{received},"created_at":"2025-01-01T00:00:00Z"}}"#
            ),
        )?;
    } else {
        write!(
            out,
            "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {size}\r\nconnection: close\r\n\r\n"
        )?;
        let block = vec![7u8; 64 * 1024];
        let mut left = size;
        while left > 0 {
            let n = left.min(block.len() as u64) as usize;
            out.write_all(&block[..n])?;
            left -= n as u64;
        }
    }
    out.flush()
}
