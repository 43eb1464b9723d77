//! Writing a [`MockResponse`] to a socket: head, framing and pacing (chunk size, delays,
//! stalls, early close).

use std::io::{self, IoSlice, Write};
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

/// Bytes bound for the socket, gathered into large vectored writes.
///
/// Small pieces (the head, chunk headers, short events) are copied into one buffer; a
/// piece of [`Out::LEND`] bytes or more is only referenced where it lies in the body. The
/// gathered pieces go out in one `writev` when they reach [`Out::CAPACITY`] bytes (or
/// [`Out::SLICES`] slices) or on [`flush`](Out::flush). So an unpaced body of any shape
/// costs about one system call per 256 KiB and no copy of its large parts, and a paced one
/// (delays, stalls, early close) one per chunk, as before.
struct Out<'w, 'b, W: Write> {
    w: &'w mut W,
    buf: Vec<u8>,
    pieces: Vec<Piece<'b>>,
    pending: usize,
}

/// A gathered piece: a range of [`Out::buf`], or bytes of the body.
enum Piece<'b> {
    Copied(usize, usize),
    Lent(&'b [u8]),
}

impl<'w, 'b, W: Write> Out<'w, 'b, W> {
    const CAPACITY: usize = 256 * 1024;
    const LEND: usize = 4 * 1024;
    const SLICES: usize = 512;

    fn new(w: &'w mut W, start: Vec<u8>) -> Self {
        let mut out = Out {
            w,
            buf: Vec::with_capacity(16 * 1024),
            pieces: Vec::new(),
            pending: 0,
        };
        out.copy(&start);
        out
    }

    fn copy(&mut self, bytes: &[u8]) {
        let start = self.buf.len();
        self.buf.extend_from_slice(bytes);
        match self.pieces.last_mut() {
            Some(Piece::Copied(_, end)) if *end == start => *end = self.buf.len(),
            _ => self.pieces.push(Piece::Copied(start, self.buf.len())),
        }
    }

    fn put(&mut self, bytes: &'b [u8]) -> io::Result<()> {
        if bytes.len() >= Self::LEND {
            self.pieces.push(Piece::Lent(bytes));
        } else {
            self.copy(bytes);
        }
        self.pending += bytes.len();
        if self.pending >= Self::CAPACITY || self.pieces.len() >= Self::SLICES {
            self.flush_buffer()?;
        }
        Ok(())
    }

    /// One chunk of chunked transfer coding (nothing for empty data, which would end the
    /// body).
    fn chunk(&mut self, data: &'b [u8]) -> io::Result<()> {
        if data.is_empty() {
            return Ok(());
        }
        let mut size = [0u8; 20];
        let mut cursor = io::Cursor::new(&mut size[..]);
        write!(cursor, "{:x}\r\n", data.len())?;
        let n = cursor.position() as usize;
        self.copy(&size[..n]);
        self.pending += n;
        self.put(data)?;
        self.put(b"\r\n")
    }

    fn flush_buffer(&mut self) -> io::Result<()> {
        let buf = &self.buf;
        let mut slices: Vec<IoSlice<'_>> = self
            .pieces
            .iter()
            .map(|p| match *p {
                Piece::Copied(start, end) => IoSlice::new(&buf[start..end]),
                Piece::Lent(bytes) => IoSlice::new(bytes),
            })
            .collect();
        let mut rest = &mut slices[..];
        while !rest.is_empty() {
            match self.w.write_vectored(rest) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => IoSlice::advance_slices(&mut rest, n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.buf.clear();
        self.pieces.clear();
        self.pending = 0;
        Ok(())
    }

    /// Writes what is gathered and flushes the writer.
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
    fn write<'b, W: Write>(
        &mut self,
        out: &mut Out<'_, 'b, W>,
        body: &'b [u8],
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
