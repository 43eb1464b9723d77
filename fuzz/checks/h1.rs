//! Invariant checks of the HTTP/1.1 codec (`anthropic_core::h1`), shared by the `h1_*`
//! fuzz targets and the corpus replay test.
//!
//! - `response`: the first input byte chooses the request (method, `Connection: close`)
//!   and the limits; the rest is fed to a `ResponseReader` as a driver would (head, then
//!   body, then an EOF): whole, split at data-derived positions, and byte by byte. Every
//!   run gives the same heads, body bytes, trailers, unconsumed bytes and final state or
//!   error; the reader takes every byte until it is done (the driver never holds a
//!   partial frame); the outcome is consistent with the framing (a `Content-Length`
//!   body has that length, a close-delimited body is everything after the head, a
//!   reusable connection had a delimited body and no `Connection: close`).
//! - `chunked`: a chunked body built from the input (chunk sizes, hex case, leading
//!   zeros, extensions with tokens and quoted strings, trailers) is encoded and decoded
//!   whole, in data-derived pieces and byte by byte: the decoded body equals the payload,
//!   the trailers equal those sent, the connection is reusable, nothing is left over.

use anthropic_core::h1::{
    BodyKind, EofAt, H1Error, Limits, ReaderState, ResponseHead, ResponseReader,
};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Version, header};

use super::{cuts, pieces};

/// What a driver saw while feeding a response.
#[derive(Debug, PartialEq)]
pub struct Outcome {
    /// 1xx heads, in order.
    pub informational: Vec<ResponseHead>,
    /// The final head.
    pub head: Option<ResponseHead>,
    /// The body kind, once the final head was read.
    pub kind: Option<BodyKind>,
    /// Every body byte handed out.
    pub body: Vec<u8>,
    /// The trailers of a chunked body.
    pub trailers: Option<HeaderMap>,
    /// Bytes the reader did not consume (after `Done`; empty after an error).
    pub leftover: Vec<u8>,
    /// The state after the EOF (or the first error).
    pub end: Result<ReaderState, H1Error>,
}

/// Feeds `chunks` as a driver would (keeping what the reader did not consume), then an
/// EOF.
pub fn drive(mut reader: ResponseReader, chunks: &[&[u8]]) -> Outcome {
    let mut informational = Vec::new();
    let mut head = None;
    let mut body = Vec::new();
    let mut buf: Vec<u8> = Vec::new();
    let mut run = || -> Result<ReaderState, H1Error> {
        for chunk in chunks {
            buf.extend_from_slice(chunk);
            loop {
                if buf.is_empty() {
                    break;
                }
                match reader.state() {
                    ReaderState::Head => {
                        let p = reader.read_head(&buf)?;
                        assert!(p.consumed <= buf.len());
                        buf.drain(..p.consumed);
                        match p.head {
                            Some(h) if h.status.is_informational() => {
                                assert_ne!(h.status, 101);
                                assert_eq!(reader.state(), ReaderState::Head);
                                informational.push(h);
                            }
                            Some(h) => {
                                assert_ne!(reader.state(), ReaderState::Head);
                                head = Some(h);
                            }
                            None => assert!(buf.is_empty(), "a partial head takes all input"),
                        }
                    }
                    ReaderState::Body => {
                        let p = reader.read_body(&buf)?;
                        assert!(p.consumed > 0 && p.consumed <= buf.len());
                        assert!(p.data.len() <= p.consumed);
                        assert_eq!(p.done, reader.is_done());
                        body.extend_from_slice(p.data);
                        buf.drain(..p.consumed);
                    }
                    ReaderState::Done { .. } => break,
                    ReaderState::Failed => panic!("Failed without an error"),
                }
            }
            // Until done, the reader takes every byte: a driver's buffer never holds
            // more than one read.
            assert!(buf.is_empty() || reader.is_done());
        }
        reader.handle_eof()?;
        Ok(reader.state())
    };
    let end = run();
    if end.is_err() {
        buf.clear();
        assert_eq!(reader.state(), ReaderState::Failed);
        assert!(!reader.is_reusable());
    }
    Outcome {
        informational,
        head,
        kind: reader.body_kind(),
        body,
        trailers: reader.trailers().cloned(),
        leftover: buf,
        end,
    }
}

/// The request and limits chosen by the first byte of a `response` input.
fn reader_for(selector: u8) -> (ResponseReader, Method, bool, Limits) {
    let method = match selector & 3 {
        0 | 1 => Method::GET,
        2 => Method::POST,
        _ => Method::HEAD,
    };
    let close = selector & 4 != 0;
    let limits = if selector & 8 != 0 {
        Limits {
            max_head_bytes: 64 + usize::from(selector >> 4) * 16,
            max_headers: 1 + usize::from(selector >> 5),
            max_chunk_line: 4 + usize::from(selector >> 4),
            max_trailer_bytes: 8 + usize::from(selector >> 4) * 4,
        }
    } else {
        Limits::default()
    };
    let mut headers = HeaderMap::new();
    if close {
        headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    let reader = ResponseReader::new(&method, &headers).limits(limits);
    (reader, method, close, limits)
}

fn has_token(headers: &HeaderMap, token: &str) -> bool {
    headers.get_all(header::CONNECTION).iter().any(|v| {
        v.as_bytes()
            .split(|&b| b == b',')
            .any(|t| t.trim_ascii().eq_ignore_ascii_case(token.as_bytes()))
    })
}

fn has_close(headers: &HeaderMap) -> bool {
    has_token(headers, "close")
}

/// Response reading: any split gives the same outcome; the outcome fits the framing.
pub fn response(data: &[u8]) {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let make = || reader_for(selector).0;
    let (_, method, request_close, limits) = reader_for(selector);
    let whole = drive(make(), &[input]);
    let split = drive(make(), &pieces(input, &cuts(input)));
    assert_eq!(whole, split, "split response read differently");
    let bytes: Vec<&[u8]> = input.chunks(1).collect();
    assert_eq!(
        whole,
        drive(make(), &bytes),
        "byte-by-byte response read differently"
    );

    for h in &whole.informational {
        assert!(h.status.is_informational() && h.status != 101);
    }
    match &whole.end {
        Ok(ReaderState::Done { reusable }) => {
            let head = whole.head.as_ref().expect("done without a final head");
            let kind = whole.kind.expect("done without a body kind");
            assert!(!head.status.is_informational());
            if *reusable {
                assert!(!request_close, "reusable after Connection: close");
                assert!(
                    !has_close(&head.headers),
                    "reusable after Connection: close"
                );
                assert_ne!(kind, BodyKind::CloseDelimited);
                if head.version == Version::HTTP_10 {
                    assert!(has_token(&head.headers, "keep-alive"), "HTTP/1.0 reused");
                }
                if kind != BodyKind::None && head.headers.contains_key(header::TRANSFER_ENCODING) {
                    assert_ne!(head.version, Version::HTTP_10);
                    assert!(!head.headers.contains_key(header::CONTENT_LENGTH));
                }
            }
            match kind {
                BodyKind::None => {
                    assert!(whole.body.is_empty());
                    assert!(
                        method == Method::HEAD
                            || head.status.as_u16() == 204
                            || head.status.as_u16() == 304
                    );
                }
                BodyKind::ContentLength(n) => {
                    assert_eq!(whole.body.len() as u64, n);
                    assert!(input.ends_with(&[&whole.body[..], &whole.leftover[..]].concat()));
                }
                BodyKind::CloseDelimited => {
                    assert!(!reusable);
                    assert!(whole.leftover.is_empty());
                    assert!(input.ends_with(&whole.body));
                }
                BodyKind::Chunked => {
                    assert!(whole.body.len() < input.len());
                }
            }
            if kind != BodyKind::Chunked {
                assert_eq!(whole.trailers, None);
            }
        }
        Ok(state) => panic!("EOF left the reader in {state:?}"),
        Err(e) => {
            assert!(e.is_remote(), "local error {e:?} on a response");
            assert!(whole.leftover.is_empty());
            match e {
                H1Error::UnexpectedEof {
                    at: EofAt::InHead { received },
                } => assert!(*received <= limits.max_head_bytes),
                H1Error::UnexpectedEof {
                    at: EofAt::BeforeResponse,
                } => assert!(input.is_empty()),
                H1Error::UnexpectedEof {
                    at: EofAt::InContentLength { expected, received },
                } => {
                    assert!(received < expected);
                    assert_eq!(whole.body.len() as u64, *received);
                }
                H1Error::HeadTooLarge { limit } => {
                    assert_eq!(*limit, limits.max_head_bytes);
                    assert!(input.len() >= *limit);
                }
                _ => {}
            }
        }
    }
}

// ---------------------------------------------------------------- chunked

/// Reads the fuzz input as a stream of small choices.
struct Choices<'a> {
    data: &'a [u8],
}

impl Choices<'_> {
    fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    fn take(&mut self, n: usize) -> &[u8] {
        let (head, rest) = self.data.split_at(n.min(self.data.len()));
        self.data = rest;
        head
    }

    fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

const TCHARS: &[u8] =
    b"!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

fn token(c: &mut Choices<'_>) -> Vec<u8> {
    let n = 1 + usize::from(c.byte() % 6);
    (0..n)
        .map(|_| TCHARS[usize::from(c.byte()) % TCHARS.len()])
        .collect()
}

/// A chunk extension: `;name`, `;name=token` or `;name="quoted \" string"`, with
/// optional whitespace around `;` and `=`.
fn extension(c: &mut Choices<'_>, out: &mut Vec<u8>) {
    let shape = c.byte();
    if shape & 1 != 0 {
        out.extend_from_slice(b" \t"[..usize::from(shape >> 1 & 1) + 1].as_ref());
    }
    out.push(b';');
    out.extend_from_slice(&token(c));
    match shape >> 2 & 3 {
        0 => {}
        1 => {
            out.push(b'=');
            out.extend_from_slice(&token(c));
        }
        _ => {
            out.extend_from_slice(b"=\"");
            for _ in 0..c.byte() % 8 {
                match c.byte() {
                    b'"' | b'\\' => out.extend_from_slice(b"\\\""),
                    b if b == b'\t' || (0x20..0x7f).contains(&b) || b >= 0x80 => out.push(b),
                    _ => out.extend_from_slice(b"\\a"),
                }
            }
            out.push(b'"');
        }
    }
}

fn size_line(c: &mut Choices<'_>, flags: u8, size: usize, out: &mut Vec<u8>) {
    for _ in 0..(if flags & 1 != 0 { c.byte() % 4 } else { 0 }) {
        out.push(b'0');
    }
    let hex = if flags & 2 != 0 {
        format!("{size:X}")
    } else {
        format!("{size:x}")
    };
    out.extend_from_slice(hex.as_bytes());
    if flags & 4 != 0 {
        for _ in 0..c.byte() % 3 {
            extension(c, out);
        }
    }
    out.extend_from_slice(b"\r\n");
}

/// A chunked body built from the input: returns (encoded response, payload, trailers).
fn build_chunked(data: &[u8]) -> (Vec<u8>, Vec<u8>, HeaderMap) {
    let mut c = Choices { data };
    let flags = c.byte();
    let mut out =
        b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
            .to_vec();
    let mut payload = Vec::new();
    let mut chunks = 0;
    while !c.is_empty() && chunks < 64 {
        let size_byte = c.byte();
        // Mostly small chunks; sometimes a large size with what bytes are left.
        let want = if size_byte == 0xff {
            4096
        } else {
            1 + usize::from(size_byte)
        };
        let chunk = c.take(want).to_vec();
        if chunk.is_empty() {
            break;
        }
        size_line(&mut c, flags, chunk.len(), &mut out);
        out.extend_from_slice(&chunk);
        out.extend_from_slice(b"\r\n");
        payload.extend_from_slice(&chunk);
        chunks += 1;
    }
    size_line(&mut c, flags, 0, &mut out);
    let mut trailers = HeaderMap::new();
    if flags & 8 != 0 {
        for i in 0..1 + flags % 3 {
            let name = format!(
                "x-trailer-{i}-{}",
                String::from_utf8_lossy(&token(&mut c)).to_ascii_lowercase()
            );
            let value: Vec<u8> = (0..flags % 5).map(|j| b'a' + (j + i) % 26).collect();
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(&value);
            out.extend_from_slice(b"\r\n");
            trailers.append(
                HeaderName::from_bytes(name.as_bytes()).expect("token name"),
                HeaderValue::from_bytes(&value).expect("plain value"),
            );
        }
    }
    out.extend_from_slice(b"\r\n");
    (out, payload, trailers)
}

/// Chunked decoding: the decoded body equals the payload encoded, on any split.
pub fn chunked(data: &[u8]) {
    let (encoded, payload, trailers) = build_chunked(data);
    let make = || ResponseReader::new(&Method::GET, &HeaderMap::new());
    let want = (payload, (!trailers.is_empty()).then_some(trailers));
    for chunks in [
        vec![&encoded[..]],
        pieces(&encoded, &cuts(&encoded)),
        encoded.chunks(1).collect(),
        encoded
            .chunks(1 + usize::from(data.first().copied().unwrap_or(0)))
            .collect(),
    ] {
        let out = drive(make(), &chunks);
        assert_eq!(
            out.end,
            Ok(ReaderState::Done { reusable: true }),
            "{:?}",
            String::from_utf8_lossy(&encoded)
        );
        assert_eq!(out.kind, Some(BodyKind::Chunked));
        assert_eq!((out.body, out.trailers), want);
        assert!(out.leftover.is_empty());
    }
}
