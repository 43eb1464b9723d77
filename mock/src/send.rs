//! Writing a [`MockResponse`] to a socket: head, framing and pacing (chunk size, delays,
//! stalls, early close).

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::http::{LAST_CHUNK, head};
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
    // The body, encoded once into one buffer; `ends` marks where each segment (each SSE
    // event; else the whole body) ends, which is where unsized chunks end.
    let (content_type, bytes, ends, default_framing) = match body {
        Body::Close => return Ok(After::Close),
        Body::Raw(bytes) => {
            let ends = vec![bytes.len()];
            let mut out = Out::new(w, Vec::new());
            Paced::new(&pacing, Framing::CloseDelimited, stop).write(&mut out, &bytes, &ends)?;
            out.flush()?;
            return Ok(After::Close);
        }
        Body::Bytes(ct, bytes) => (ct, bytes, None, Framing::ContentLength),
        Body::Json(v) => (
            "application/json",
            v.to_string().into_bytes(),
            None,
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
                v.to_string().into_bytes(),
                None,
                Framing::ContentLength,
            )
        }
        Body::Sse(events) => {
            let mut bytes = Vec::new();
            let mut ends = Vec::with_capacity(events.len());
            for e in &events {
                bytes.extend_from_slice(&e.encode(pacing.line_ending));
                ends.push(bytes.len());
            }
            (
                "text/event-stream; charset=utf-8",
                bytes,
                Some(ends),
                Framing::Chunked,
            )
        }
        Body::SseRaw(bytes) => (
            "text/event-stream; charset=utf-8",
            bytes,
            None,
            Framing::Chunked,
        ),
    };
    let ends = ends.unwrap_or_else(|| vec![bytes.len()]);
    let framing = pacing.framing.unwrap_or(default_framing);
    if !has(&headers, "request-id") {
        headers.push(("request-id".into(), request_id.into()));
    }
    if !has(&headers, "content-type") {
        headers.push(("content-type".into(), content_type.into()));
    }
    match framing {
        Framing::ContentLength if !has(&headers, "content-length") => {
            headers.push(("content-length".into(), bytes.len().to_string()));
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
    // The head goes out in the same write as the start of the body.
    let mut out = Out::new(w, head(status, &headers));
    let mut body = Paced::new(&pacing, framing, stop);
    if !body.write(&mut out, &bytes, &ends)? {
        out.flush()?;
        return Ok(After::Close);
    }
    if framing == Framing::Chunked {
        out.put(LAST_CHUNK)?;
    }
    out.flush()?;
    Ok(if closing {
        After::Close
    } else {
        After::KeepOpen
    })
}

/// Bytes bound for the socket, gathered into large writes.
///
/// Small pieces (chunk headers, events, the head) are copied into one buffer that goes
/// out in a single `write` when it would overflow [`Out::CAPACITY`] or on
/// [`flush`](Out::flush); a piece at least that large is written straight from where it
/// lies, without a copy. So an unpaced body of any shape costs about one system call per
/// 256 KiB, and a paced one (delays, stalls, early close) one per chunk, as before.
struct Out<'w, W: Write> {
    w: &'w mut W,
    buf: Vec<u8>,
}

impl<'w, W: Write> Out<'w, W> {
    const CAPACITY: usize = 256 * 1024;

    fn new(w: &'w mut W, mut start: Vec<u8>) -> Self {
        start.reserve(Self::CAPACITY.saturating_sub(start.len()));
        Out { w, buf: start }
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.buf.len() + bytes.len() > Self::CAPACITY {
            self.flush_buffer()?;
            if bytes.len() >= Self::CAPACITY {
                return self.w.write_all(bytes);
            }
        }
        self.buf.extend_from_slice(bytes);
        Ok(())
    }

    /// One chunk of chunked transfer coding (nothing for empty data, which would end the
    /// body).
    fn chunk(&mut self, data: &[u8]) -> io::Result<()> {
        if data.is_empty() {
            return Ok(());
        }
        let mut size = [0u8; 20];
        let mut cursor = io::Cursor::new(&mut size[..]);
        write!(cursor, "{:x}\r\n", data.len())?;
        let n = cursor.position() as usize;
        self.put(&size[..n])?;
        self.put(data)?;
        self.put(b"\r\n")
    }

    fn flush_buffer(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes what is buffered and flushes the writer.
    fn flush(&mut self) -> io::Result<()> {
        self.flush_buffer()?;
        self.w.flush()
    }
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

    /// Whether every piece must reach the socket on its own (timing or a cut depends on
    /// it); otherwise pieces are gathered into large writes.
    fn paced(&self) -> bool {
        self.chunk_delay.is_some() || self.close_after.is_some() || self.stall.is_some()
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

    /// Writes `body`, cut into pieces of `chunk_size` bytes or else at `ends`; `Ok(false)`
    /// when the connection must be closed early.
    fn write<W: Write>(
        &mut self,
        out: &mut Out<'_, W>,
        body: &[u8],
        ends: &[usize],
    ) -> io::Result<bool> {
        let paced = self.paced();
        let mut start = 0;
        let mut ends = ends.iter().copied();
        while start < body.len() {
            let end = match self.chunk_size {
                Some(n) => start + n,
                None => ends.next().unwrap_or(body.len()),
            }
            .clamp(start, body.len());
            let mut rest = &body[start..end];
            start = end;
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
                    out.chunk(&rest[..n])?;
                } else {
                    out.put(&rest[..n])?;
                }
                if paced {
                    out.flush()?;
                }
                self.writes += 1;
                self.sent += n;
                rest = &rest[n..];
            }
        }
        Ok(self.stop_check())
    }
}
