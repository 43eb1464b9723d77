//! The baseline: no SDK at all. A `TcpStream` sends the request by hand and reads the
//! response to its end, counting events by their blank lines. What any client can reach
//! at best against this server on this machine.

use std::io::{Read, Write};
use std::net::TcpStream;

use crate::{DELTAS_HEADER, Job, Meter, Outcome, Workload};

/// Runs `job` (`helper` and `raw` alike: one long stream) over a plain socket.
pub fn run(job: &Job) -> Result<Outcome, String> {
    if job.workload == Workload::Concurrent {
        return Err("the tcp baseline runs only the one-stream workloads".into());
    }
    let addr = job
        .url
        .strip_prefix("http://")
        .ok_or("the tcp baseline needs an http:// URL")?
        .trim_end_matches('/');
    let body = r#"{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"messages":[{"role":"user","content":"bench"}]}"#;
    let request = format!(
        "POST /v1/messages HTTP/1.1\r\nHost: {addr}\r\nx-api-key: bench\r\ncontent-type: application/json\r\n{DELTAS_HEADER}: {}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        job.deltas,
        body.len()
    );
    let mut tcp = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    let meter = Meter::start();
    tcp.write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    // Read in 256 KiB pieces into one reused buffer, undo the chunked framing, count
    // "\n\n" in the body (across piece and chunk edges too).
    let mut buf = vec![0u8; 256 * 1024];
    let mut body = Dechunk::default();
    loop {
        let n = tcp.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        body.feed(&buf[..n])?;
    }
    if !body.done {
        return Err("the response ended before its last chunk".into());
    }
    let blank_lines = body.blank_lines;
    // Events around the text deltas: message_start, content_block_start, ping,
    // content_block_stop, message_delta, message_stop.
    let deltas = blank_lines.saturating_sub(6);
    if deltas != job.deltas as u64 {
        return Err(format!("expected {} deltas, counted {deltas}", job.deltas));
    }
    Ok(meter.stop(deltas))
}

/// Just enough HTTP/1.1 to find the body of a chunked response and count its blank lines.
#[derive(Default)]
struct Dechunk {
    /// Bytes of the head or of a chunk-size line not complete yet.
    line: Vec<u8>,
    /// Whether the head has been read.
    in_body: bool,
    /// Data bytes left in the current chunk (plus its CRLF, counted separately).
    left: usize,
    /// CRLF bytes left after the current chunk's data.
    crlf: usize,
    /// The last body byte seen.
    last: u8,
    blank_lines: u64,
    done: bool,
}

impl Dechunk {
    fn feed(&mut self, mut bytes: &[u8]) -> Result<(), String> {
        while !bytes.is_empty() && !self.done {
            if !self.in_body {
                // The head ends at the first blank line.
                let Some(i) = bytes.iter().position(|&b| b == b'\n') else {
                    self.line.extend_from_slice(bytes);
                    return Ok(());
                };
                self.line.extend_from_slice(&bytes[..=i]);
                bytes = &bytes[i + 1..];
                if self.line == b"\r\n" {
                    self.in_body = true;
                }
                self.line.clear();
            } else if self.left > 0 {
                let n = self.left.min(bytes.len());
                let data = &bytes[..n];
                self.blank_lines += memchr::memmem::find_iter(data, b"\n\n").count() as u64;
                self.blank_lines += u64::from(self.last == b'\n' && data[0] == b'\n');
                self.last = data[n - 1];
                self.left -= n;
                bytes = &bytes[n..];
            } else if self.crlf > 0 {
                let n = self.crlf.min(bytes.len());
                self.crlf -= n;
                bytes = &bytes[n..];
            } else {
                let Some(i) = bytes.iter().position(|&b| b == b'\n') else {
                    self.line.extend_from_slice(bytes);
                    return Ok(());
                };
                self.line.extend_from_slice(&bytes[..i]);
                bytes = &bytes[i + 1..];
                let size = std::str::from_utf8(&self.line)
                    .ok()
                    .and_then(|l| usize::from_str_radix(l.trim_end_matches('\r'), 16).ok())
                    .ok_or("bad chunk size")?;
                self.line.clear();
                if size == 0 {
                    self.done = true;
                } else {
                    self.left = size;
                    self.crlf = 2;
                }
            }
        }
        Ok(())
    }
}
