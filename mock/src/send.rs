//! Writing a [`MockResponse`] to a socket: head, framing and pacing (chunk size, delays,
//! stalls, early close).

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::http::{LAST_CHUNK, head, write_chunk};
use crate::script::{Body, Framing, MockResponse};

/// What the connection does after a response.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum After {
    /// Read the next request.
    KeepOpen,
    /// Close the connection.
    Close,
}

/// Sleeps for `d`, waking early (and returning `false`) when `stop` is set.
pub(crate) fn sleep(d: Duration, stop: &AtomicBool) -> bool {
    let end = Instant::now() + d;
    loop {
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        let now = Instant::now();
        if now >= end {
            return true;
        }
        std::thread::sleep((end - now).min(Duration::from_millis(10)));
    }
}

fn has(headers: &[(String, String)], name: &str) -> bool {
    headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
}

/// Sends `response` for a request answered as `request_id`.
pub(crate) fn send(
    w: &mut impl Write,
    response: MockResponse,
    request_id: &str,
    keep_alive: bool,
    stop: &AtomicBool,
) -> io::Result<After> {
    let MockResponse {
        status,
        mut headers,
        body,
        delay,
        pacing,
    } = response;
    if let Some(d) = delay {
        if !sleep(d, stop) {
            return Ok(After::Close);
        }
    }
    let (content_type, segments, default_framing) = match body {
        Body::Close => return Ok(After::Close),
        Body::Raw(bytes) => {
            let mut body = Paced::new(&pacing, Framing::CloseDelimited, stop);
            body.write(w, vec![bytes])?;
            return Ok(After::Close);
        }
        Body::Bytes(ct, bytes) => (ct, vec![bytes], Framing::ContentLength),
        Body::Json(v) => (
            "application/json",
            vec![v.to_string().into_bytes()],
            Framing::ContentLength,
        ),
        Body::Error(kind, message) => {
            let v = json!({
                "type": "error",
                "error": {"type": kind, "message": message},
                "request_id": request_id
            });
            (
                "application/json",
                vec![v.to_string().into_bytes()],
                Framing::ContentLength,
            )
        }
        Body::Sse(events) => (
            "text/event-stream; charset=utf-8",
            events
                .iter()
                .map(|e| e.encode(pacing.line_ending))
                .collect(),
            Framing::Chunked,
        ),
        Body::SseRaw(bytes) => (
            "text/event-stream; charset=utf-8",
            vec![bytes],
            Framing::Chunked,
        ),
    };
    let framing = pacing.framing.unwrap_or(default_framing);
    if !has(&headers, "request-id") {
        headers.push(("request-id".into(), request_id.into()));
    }
    if !has(&headers, "content-type") {
        headers.push(("content-type".into(), content_type.into()));
    }
    match framing {
        Framing::ContentLength if !has(&headers, "content-length") => {
            let len: usize = segments.iter().map(Vec::len).sum();
            headers.push(("content-length".into(), len.to_string()));
        }
        Framing::Chunked if !has(&headers, "transfer-encoding") => {
            headers.push(("transfer-encoding".into(), "chunked".into()));
        }
        _ => {}
    }
    let closing = !keep_alive || framing == Framing::CloseDelimited || pacing.close_after.is_some();
    if closing && !has(&headers, "connection") {
        headers.push(("connection".into(), "close".into()));
    }
    let mut head = head(status, &headers);
    let simple = pacing.chunk_size.is_none()
        && pacing.chunk_delay.is_none()
        && pacing.close_after.is_none()
        && pacing.stall_after.is_none();
    if simple && framing != Framing::Chunked {
        // The common case in one write.
        for s in &segments {
            head.extend_from_slice(s);
        }
        w.write_all(&head)?;
    } else {
        w.write_all(&head)?;
        let mut body = Paced::new(&pacing, framing, stop);
        if !body.write(w, segments)? {
            return Ok(After::Close);
        }
        if framing == Framing::Chunked {
            w.write_all(LAST_CHUNK)?;
        }
    }
    w.flush()?;
    Ok(if closing {
        After::Close
    } else {
        After::KeepOpen
    })
}

/// Body writer that applies chunk size, delays, stalls and early close.
struct Paced<'a> {
    chunk_size: Option<usize>,
    chunk_delay: Option<Duration>,
    close_after: Option<usize>,
    stall: Option<(usize, Duration)>,
    chunked: bool,
    sent: usize,
    writes: usize,
    stop: &'a AtomicBool,
}

impl<'a> Paced<'a> {
    fn new(pacing: &crate::script::Pacing, framing: Framing, stop: &'a AtomicBool) -> Self {
        Paced {
            chunk_size: pacing.chunk_size,
            chunk_delay: pacing.chunk_delay,
            close_after: pacing.close_after,
            stall: pacing.stall_after,
            chunked: framing == Framing::Chunked,
            sent: 0,
            writes: 0,
            stop,
        }
    }

    /// Handles a stall or close due at the current offset; `false` means stop sending.
    fn stop_check(&mut self) -> bool {
        if let Some((at, pause)) = self.stall {
            if self.sent >= at {
                self.stall = None;
                if !sleep(pause, self.stop) {
                    return false;
                }
            }
        }
        self.close_after.is_none_or(|c| self.sent < c)
    }

    /// Writes the segments; `Ok(false)` when the connection must be closed early.
    fn write(&mut self, w: &mut impl Write, segments: Vec<Vec<u8>>) -> io::Result<bool> {
        let pieces: Vec<Vec<u8>> = match self.chunk_size {
            Some(n) => segments.concat().chunks(n).map(<[u8]>::to_vec).collect(),
            None => segments,
        };
        for piece in pieces {
            let mut rest = &piece[..];
            while !rest.is_empty() {
                if !self.stop_check() {
                    return Ok(false);
                }
                let mut n = rest.len();
                for limit in [self.close_after, self.stall.map(|s| s.0)]
                    .into_iter()
                    .flatten()
                {
                    if limit > self.sent {
                        n = n.min(limit - self.sent);
                    }
                }
                if self.writes > 0 {
                    if let Some(d) = self.chunk_delay {
                        if !sleep(d, self.stop) {
                            return Ok(false);
                        }
                    }
                }
                if self.chunked {
                    write_chunk(w, &rest[..n])?;
                } else {
                    w.write_all(&rest[..n])?;
                }
                w.flush()?;
                self.writes += 1;
                self.sent += n;
                rest = &rest[n..];
            }
        }
        Ok(self.stop_check())
    }
}
