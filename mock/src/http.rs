//! HTTP/1.1 for a test server: reading requests (head, Content-Length and chunked bodies)
//! and writing response heads and chunk framing.
//!
//! The reader is lenient where real clients differ (a bare LF ends a line, header names
//! keep their case) and strict where a test must notice a broken client (a bad chunk
//! size or a body over the limit is an error, answered with 400 and a closed connection).

use std::io::{self, Read};

/// Longest request head accepted (request line plus headers).
pub(crate) const MAX_HEAD: usize = 64 * 1024;
/// Largest request body accepted.
pub(crate) const MAX_BODY: usize = 64 * 1024 * 1024;

/// A parsed request.
#[derive(Debug)]
pub(crate) struct Request {
    pub method: String,
    pub target: String,
    pub version: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the client wants the connection kept open after this exchange.
    pub(crate) fn keep_alive(&self) -> bool {
        let tokens = self.header("connection").unwrap_or("").to_ascii_lowercase();
        let has = |t: &str| tokens.split(',').any(|x| x.trim() == t);
        if self.version == "HTTP/1.0" {
            has("keep-alive")
        } else {
            !has("close")
        }
    }
}

/// Why a request could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The peer closed the connection cleanly before sending a request.
    Closed,
    /// An I/O error, or the connection ended inside a request (the connection is closed
    /// either way, so the cause is not kept).
    Io,
    /// The request is not valid HTTP/1.1 (answered with 400).
    Malformed(&'static str),
}

impl From<io::Error> for ReadError {
    fn from(_: io::Error) -> Self {
        ReadError::Io
    }
}

/// A buffered reader that hands out lines and exact byte counts.
pub(crate) struct Reader<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
}

impl<R: Read> Reader<R> {
    pub(crate) fn new(inner: R) -> Self {
        Reader {
            inner,
            buf: Vec::with_capacity(8192),
            pos: 0,
        }
    }

    /// Reads more bytes into the buffer; returns how many (0 at end of stream).
    fn fill(&mut self) -> io::Result<usize> {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match self.inner.read(&mut chunk) {
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(n);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Whether buffered bytes remain unread.
    fn buffered(&self) -> bool {
        self.pos < self.buf.len()
    }

    /// One line without its terminator (LF or CRLF); `None` at a clean end of stream
    /// before any byte of the line.
    fn read_line(&mut self, limit: usize) -> Result<Option<Vec<u8>>, ReadError> {
        loop {
            if let Some(i) = self.buf[self.pos..].iter().position(|&b| b == b'\n') {
                let mut line = self.buf[self.pos..self.pos + i].to_vec();
                self.pos += i + 1;
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(Some(line));
            }
            if self.buf.len() - self.pos > limit {
                return Err(ReadError::Malformed("line too long"));
            }
            if self.fill()? == 0 {
                return if self.buffered() {
                    Err(ReadError::Io)
                } else {
                    Ok(None)
                };
            }
        }
    }

    /// Exactly `n` bytes appended to `out`.
    fn read_into(&mut self, mut n: usize, out: &mut Vec<u8>) -> Result<(), ReadError> {
        while n > 0 {
            if !self.buffered() && self.fill()? == 0 {
                return Err(ReadError::Io);
            }
            let take = n.min(self.buf.len() - self.pos);
            out.extend_from_slice(&self.buf[self.pos..self.pos + take]);
            self.pos += take;
            n -= take;
        }
        Ok(())
    }
}

/// Reads one request. `interim` is called with the bytes of a `100 Continue` response
/// when the client sent `Expect: 100-continue`, before the body is read.
pub(crate) fn read_request<R: Read>(
    reader: &mut Reader<R>,
    mut interim: impl FnMut(&[u8]) -> io::Result<()>,
) -> Result<Request, ReadError> {
    // Skip blank lines before a request line (RFC 9112 §2.2 allows it).
    let line = loop {
        match reader.read_line(MAX_HEAD)? {
            None => return Err(ReadError::Closed),
            Some(l) if l.is_empty() => continue,
            Some(l) => break l,
        }
    };
    let line = String::from_utf8(line).map_err(|_| ReadError::Malformed("request line"))?;
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Malformed("request line"));
    };
    if method.is_empty() || target.is_empty() || !version.starts_with("HTTP/1.") {
        return Err(ReadError::Malformed("request line"));
    }
    let mut headers = Vec::new();
    let mut head_size = line.len();
    loop {
        let Some(raw) = reader.read_line(MAX_HEAD)? else {
            return Err(ReadError::Io);
        };
        if raw.is_empty() {
            break;
        }
        head_size += raw.len();
        if head_size > MAX_HEAD {
            return Err(ReadError::Malformed("head too large"));
        }
        let raw = String::from_utf8(raw).map_err(|_| ReadError::Malformed("header"))?;
        let (name, value) = raw.split_once(':').ok_or(ReadError::Malformed("header"))?;
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(ReadError::Malformed("header name"));
        }
        headers.push((name.to_owned(), value.trim().to_owned()));
    }
    let mut request = Request {
        method: method.to_owned(),
        target: target.to_owned(),
        version: version.to_owned(),
        headers,
        body: Vec::new(),
    };
    let chunked = request
        .header("transfer-encoding")
        .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
    let length = match request.header("content-length") {
        Some(v) if !chunked => Some(
            v.parse::<usize>()
                .map_err(|_| ReadError::Malformed("content-length"))?,
        ),
        _ => None,
    };
    if length.is_some_and(|n| n > MAX_BODY) {
        return Err(ReadError::Malformed("body too large"));
    }
    let expects_continue = request
        .header("expect")
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"));
    if expects_continue && (chunked || length.is_some_and(|n| n > 0)) {
        interim(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    if chunked {
        request.body = read_chunked(reader)?;
    } else if let Some(n) = length {
        reader.read_into(n, &mut request.body)?;
    }
    Ok(request)
}

fn read_chunked<R: Read>(reader: &mut Reader<R>) -> Result<Vec<u8>, ReadError> {
    let eof = || ReadError::Io;
    let mut body = Vec::new();
    loop {
        let line = reader.read_line(4096)?.ok_or_else(eof)?;
        let line = String::from_utf8(line).map_err(|_| ReadError::Malformed("chunk size"))?;
        let size = line.split(';').next().unwrap_or("").trim();
        let size =
            usize::from_str_radix(size, 16).map_err(|_| ReadError::Malformed("chunk size"))?;
        if size == 0 {
            // Trailer fields, up to the blank line; ignored.
            while !reader.read_line(MAX_HEAD)?.ok_or_else(eof)?.is_empty() {}
            return Ok(body);
        }
        if body.len() + size > MAX_BODY {
            return Err(ReadError::Malformed("body too large"));
        }
        reader.read_into(size, &mut body)?;
        let end = reader.read_line(2)?.ok_or_else(eof)?;
        if !end.is_empty() {
            return Err(ReadError::Malformed("chunk data not followed by CRLF"));
        }
    }
}

/// The reason phrase for a status code.
pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        529 => "Overloaded",
        _ => "Unknown",
    }
}

/// Serializes a response head.
pub(crate) fn head(status: u16, headers: &[(String, String)]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        out.push_str(name);
        out.push_str(": ");
        out.push_str(value);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out.into_bytes()
}

/// The terminating zero-size chunk.
pub(crate) const LAST_CHUNK: &[u8] = b"0\r\n\r\n";

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(bytes: &[u8]) -> Result<Request, ReadError> {
        read_request(&mut Reader::new(bytes), |_| Ok(()))
    }

    #[test]
    fn content_length_and_case() {
        let r = parse(b"POST /v1/x?a=1 HTTP/1.1\r\nX-Api-Key: k\r\nContent-Length: 3\r\n\r\nabc")
            .unwrap();
        assert_eq!(r.target, "/v1/x?a=1");
        assert_eq!(r.headers[0], ("X-Api-Key".into(), "k".into()));
        assert_eq!(r.body, b"abc");
        assert!(r.keep_alive());
    }

    #[test]
    fn chunked_body_with_extensions_and_trailers() {
        let r = parse(
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n1\r\nd\r\n0\r\nT: 1\r\n\r\n",
        )
        .unwrap();
        assert_eq!(r.body, b"abcd");
    }

    #[test]
    fn errors() {
        assert!(matches!(parse(b""), Err(ReadError::Closed)));
        assert!(matches!(
            parse(b"GET /\r\n\r\n"),
            Err(ReadError::Malformed(_))
        ));
        assert!(matches!(
            parse(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
            Err(ReadError::Malformed(_))
        ));
        assert!(matches!(
            parse(b"POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\nab"),
            Err(ReadError::Io)
        ));
        let r = parse(b"GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").unwrap();
        assert!(!r.keep_alive());
    }
}
