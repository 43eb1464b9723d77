//! A response's content as the caller gets it: compression, and the size limit of a
//! collected body.
//!
//! # Compression
//!
//! Every request says `accept-encoding: gzip, deflate` ([`ACCEPT_ENCODING`]), as Python's
//! httpx does, and every client inflates what comes back with [`ContentDecoder`]: one
//! behavior on all four clients, and the server may save bandwidth on large JSON and
//! long streams. `deflate` is accepted as httpx accepts it: zlib-wrapped, or raw when
//! the first bytes are not a zlib header. An encoding not asked for is passed through
//! as is (httpx ignores encodings it does not know); two stacked encodings are refused.
//! Every body path decodes through it, streamed ones included: event streams, JSON lines
//! of batch results, file downloads and streaming responses get content, never the
//! compressed bytes, inflated one read at a time.
//! The inflater is `flate2` on its pure-Rust `miniz_oxide` backend.
//!
//! Decoded bytes come out in pieces of at most 32 KiB per input step, and with a limit
//! set (a body collected whole) the decoder refuses to produce a byte past it, nor more
//! than [`MAX_EXPANSION`] times the compressed bytes once past [`EXPANSION_ALLOWANCE`]:
//! a gzip bomb is refused after about a megabyte, not at its decompressed size and not
//! at the body limit. Both refusals are [`Error::InvalidRequest`], not retried.
//!
//! A non-streaming body is collected whole, so it is bounded by
//! [`TransportConfig::max_body_size`](crate::TransportConfig::max_body_size). Both drivers
//! apply the same two rules, decided here:
//!
//! - a `Content-Length` over the limit is refused as soon as the head arrives
//!   ([`check_declared_length`]), before a byte of the body is read or buffered;
//! - otherwise the body is refused once the bytes handed to the caller (decoded) or the
//!   bytes read from the wire would pass the limit ([`body_too_large`]), and the buffer
//!   that collects them never grows past the limit ([`push_bounded`]).
//!
//! A body over the limit is [`Error::InvalidRequest`] and is not retried: the same request
//! would get the same answer. Streamed bodies are not collected and have no such limit:
//! the event decoders bound what they buffer instead.

use std::io::{self, Write};

use flate2::write::{DeflateDecoder, GzDecoder, ZlibDecoder};
use http::HeaderMap;
use http::header::CONTENT_ENCODING;

use crate::error::{ConnectionError, Error};

/// The `accept-encoding` every request sends (Python's httpx sends the same).
pub const ACCEPT_ENCODING: &str = "gzip, deflate";

/// Inflates a response body as its `content-encoding` says, incrementally: feed each
/// piece of the body with [`decode`](Self::decode), take [`output`](Self::output), and at
/// the end of the body call [`finish`](Self::finish) (a compressed body cut short is an
/// error). Identity bodies are not copied: [`is_identity`](Self::is_identity) tells the
/// driver to use the bytes as they are.
pub struct ContentDecoder {
    codec: Codec,
    limit: Option<u64>,
}

impl std::fmt::Debug for ContentDecoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let codec = match &self.codec {
            Codec::Identity => "identity",
            Codec::Gzip(_) => "gzip",
            Codec::Deflate(_) | Codec::Zlib(_) | Codec::Sniff(..) => "deflate",
        };
        f.debug_struct("ContentDecoder")
            .field("codec", &codec)
            .field("limit", &self.limit)
            .finish()
    }
}

enum Codec {
    Identity,
    Gzip(Box<GzDecoder<Sink>>),
    Zlib(Box<ZlibDecoder<Sink>>),
    Deflate(Box<DeflateDecoder<Sink>>),
    /// `deflate` before its first two bytes are known: zlib-wrapped or raw.
    Sniff(Vec<u8>, Sink),
}

/// Where decoded bytes go: bounded by the limit, and for a collected body by the
/// expansion ratio.
struct Sink {
    out: Vec<u8>,
    /// Decoded bytes so far (taken or not).
    produced: u64,
    /// Compressed bytes fed so far.
    wire: u64,
    limit: Option<u64>,
    over: Option<Over>,
}

#[derive(Clone, Copy)]
enum Over {
    Limit,
    Ratio,
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let total = self.produced.saturating_add(buf.len() as u64);
        if let Some(limit) = self.limit {
            let expansion = MAX_EXPANSION.saturating_mul(self.wire);
            if total > limit {
                self.over = Some(Over::Limit);
            } else if total > EXPANSION_ALLOWANCE.saturating_add(expansion) {
                self.over = Some(Over::Ratio);
            }
        }
        if self.over.is_some() {
            return Err(io::Error::other("the decoded body passes a bound"));
        }
        self.produced = total;
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// How many times its compressed size a collected body may expand (beyond
/// [`EXPANSION_ALLOWANCE`]). Compressed JSON expands 5 to 20 times, a body of one repeated
/// byte about 1000 times: a decompression bomb is refused after about a megabyte,
/// instead of filling memory up to the body limit. Streams are not checked (their
/// decoders bound each event instead).
pub const MAX_EXPANSION: u64 = 200;

/// Decoded bytes a collected body may have before [`MAX_EXPANSION`] applies.
pub const EXPANSION_ALLOWANCE: u64 = 1024 * 1024;

impl ContentDecoder {
    /// A decoder for a response with these headers. `limit` bounds the decoded bytes
    /// (`None` for a stream, whose decoders bound what they buffer themselves).
    pub fn new(headers: &HeaderMap, limit: Option<u64>) -> Result<ContentDecoder, Error> {
        let mut known = Vec::new();
        for value in headers.get_all(CONTENT_ENCODING) {
            let value = String::from_utf8_lossy(value.as_bytes()).to_ascii_lowercase();
            for coding in value.split(',').map(str::trim) {
                match coding {
                    "gzip" | "x-gzip" => known.push("gzip"),
                    "deflate" => known.push("deflate"),
                    // identity, empty, or one we did not ask for: passed through.
                    _ => {}
                }
            }
        }
        let sink = Sink {
            out: Vec::new(),
            produced: 0,
            wire: 0,
            limit,
            over: None,
        };
        let codec = match known.as_slice() {
            [] => Codec::Identity,
            ["gzip"] => Codec::Gzip(Box::new(GzDecoder::new(sink))),
            ["deflate"] => Codec::Sniff(Vec::new(), sink),
            _ => {
                return Err(decode_error(format!(
                    "unsupported content-encoding {:?}",
                    known.join(", ")
                )));
            }
        };
        Ok(ContentDecoder { codec, limit })
    }

    /// Bounds the decoded bytes from now on (for a body that is collected whole).
    pub fn set_limit(&mut self, limit: u64) {
        self.limit = Some(limit);
        if let Some(sink) = self.sink_mut() {
            sink.limit = Some(limit);
        }
    }

    /// Whether the body is not encoded: its bytes are the content.
    pub fn is_identity(&self) -> bool {
        matches!(self.codec, Codec::Identity)
    }

    /// Decodes the next piece of the body, appending to [`output`](Self::output).
    pub fn decode(&mut self, mut input: &[u8]) -> Result<(), Error> {
        if let Codec::Sniff(held, sink) = &mut self.codec {
            sink.wire += input.len().min(2usize.saturating_sub(held.len())) as u64;
            let need = 2usize.saturating_sub(held.len()).min(input.len());
            held.extend_from_slice(&input[..need]);
            input = &input[need..];
            if held.len() < 2 {
                return Ok(());
            }
            let Codec::Sniff(held, sink) = std::mem::replace(&mut self.codec, Codec::Identity)
            else {
                unreachable!("matched above")
            };
            // RFC 1950: CM = 8 and the header a multiple of 31.
            let zlib =
                held[0] & 0x0f == 8 && (u16::from(held[0]) << 8 | u16::from(held[1])) % 31 == 0;
            self.codec = if zlib {
                Codec::Zlib(Box::new(ZlibDecoder::new(sink)))
            } else {
                Codec::Deflate(Box::new(DeflateDecoder::new(sink)))
            };
            self.write_counted(&held)?;
        }
        if let Some(sink) = self.sink_mut() {
            sink.wire += input.len() as u64;
        }
        self.write_counted(input)
    }

    /// The body ended: checks that a compressed body was complete and takes the last
    /// decoded bytes into [`output`](Self::output).
    pub fn finish(&mut self) -> Result<(), Error> {
        let limit = self.limit;
        // An empty body is complete whatever its encoding says (a 204, a `HEAD`-like
        // answer with `content-encoding: gzip`), as httpx takes it.
        if self.sink_mut().is_some_and(|s| s.wire == 0) {
            return Ok(());
        }
        let result = match &mut self.codec {
            Codec::Identity => Ok(()),
            Codec::Sniff(held, _) if held.is_empty() => Ok(()),
            Codec::Sniff(..) => Err(io::Error::other("a deflate body of one byte")),
            Codec::Gzip(d) => d.try_finish(),
            Codec::Zlib(d) => d.try_finish(),
            Codec::Deflate(d) => d.try_finish(),
        };
        self.check(result, limit)
    }

    /// Decoded bytes not yet taken.
    pub fn output(&self) -> &[u8] {
        match &self.codec {
            Codec::Identity => &[],
            Codec::Gzip(d) => &d.get_ref().out,
            Codec::Zlib(d) => &d.get_ref().out,
            Codec::Deflate(d) => &d.get_ref().out,
            Codec::Sniff(_, sink) => &sink.out,
        }
    }

    /// Forgets the decoded bytes taken so far (keeps the buffer for the next ones).
    pub fn clear_output(&mut self) {
        if let Some(sink) = self.sink_mut() {
            sink.out.clear();
        }
    }

    fn sink_mut(&mut self) -> Option<&mut Sink> {
        match &mut self.codec {
            Codec::Identity => None,
            Codec::Gzip(d) => Some(d.get_mut()),
            Codec::Zlib(d) => Some(d.get_mut()),
            Codec::Deflate(d) => Some(d.get_mut()),
            Codec::Sniff(_, sink) => Some(sink),
        }
    }

    /// Feeds bytes already counted in `Sink::wire` to the inflater.
    fn write_counted(&mut self, mut input: &[u8]) -> Result<(), Error> {
        let limit = self.limit;
        while !input.is_empty() {
            let result = match &mut self.codec {
                Codec::Identity | Codec::Sniff(..) => return Ok(()),
                Codec::Gzip(d) => d.write(input),
                Codec::Zlib(d) => d.write(input),
                Codec::Deflate(d) => d.write(input),
            };
            match result {
                // The compressed stream ended; what follows is ignored (as zlib does).
                Ok(0) => break,
                Ok(n) => input = &input[n..],
                Err(e) => return self.check(Err(e), limit),
            }
        }
        // Hand out what the inflater holds, so that a stream's events are not delayed.
        let result = match &mut self.codec {
            Codec::Identity | Codec::Sniff(..) => Ok(()),
            Codec::Gzip(d) => d.flush(),
            Codec::Zlib(d) => d.flush(),
            Codec::Deflate(d) => d.flush(),
        };
        self.check(result, limit)
    }

    fn check(&mut self, result: io::Result<()>, limit: Option<u64>) -> Result<(), Error> {
        let Err(e) = result else { return Ok(()) };
        match self.sink_mut().and_then(|s| s.over) {
            Some(Over::Limit) => return Err(body_too_large(limit.unwrap_or(u64::MAX))),
            Some(Over::Ratio) => {
                return Err(Error::InvalidRequest(format!(
                    "the compressed response body expands more than {MAX_EXPANSION}-fold \
                     past {EXPANSION_ALLOWANCE} bytes (a decompression bomb?)"
                )));
            }
            None => {}
        }
        Err(decode_error(format!(
            "could not decode the compressed response body: {e}"
        )))
    }
}

fn decode_error(message: String) -> Error {
    Error::Connection(ConnectionError::new(message, None))
}

/// The error for a response body over `limit` bytes.
pub fn body_too_large(limit: u64) -> Error {
    Error::InvalidRequest(format!("the response body exceeds the {limit}-byte limit"))
}

/// The body length a response's headers declare: its `content-length`, unless a
/// `transfer-encoding` frames the body instead (RFC 9112 §6.3), for
/// [`check_declared_length`] by a driver whose HTTP library does not say.
pub fn declared_length(headers: &http::HeaderMap) -> Option<u64> {
    if headers.contains_key(http::header::TRANSFER_ENCODING) {
        return None;
    }
    headers
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Refuses, at head time, a response whose declared length is over `limit`.
pub fn check_declared_length(declared: Option<u64>, limit: u64) -> Result<(), Error> {
    match declared {
        Some(length) if length > limit => Err(body_too_large(limit)),
        _ => Ok(()),
    }
}

/// Appends `bytes` to `body`, refusing to pass `limit` bytes in all. The buffer's
/// capacity grows by doubling but never past the limit, so collecting a body costs at
/// most about `limit` bytes of memory, never twice that.
pub fn push_bounded(body: &mut Vec<u8>, bytes: &[u8], limit: u64) -> Result<(), Error> {
    let cap = usize::try_from(limit).unwrap_or(usize::MAX);
    let needed = body
        .len()
        .checked_add(bytes.len())
        .filter(|&n| n <= cap)
        .ok_or_else(|| body_too_large(limit))?;
    if needed > body.capacity() {
        let target = needed.max(body.capacity().saturating_mul(2)).min(cap);
        body.reserve_exact(target - body.len());
    }
    body.extend_from_slice(bytes);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::{DeflateEncoder, GzEncoder, ZlibEncoder};
    use http::HeaderValue;

    fn encoded(encoding: &str, data: &[u8]) -> Vec<u8> {
        match encoding {
            "gzip" => {
                let mut e = GzEncoder::new(Vec::new(), Compression::default());
                e.write_all(data).unwrap();
                e.finish().unwrap()
            }
            "zlib" => {
                let mut e = ZlibEncoder::new(Vec::new(), Compression::default());
                e.write_all(data).unwrap();
                e.finish().unwrap()
            }
            _ => {
                let mut e = DeflateEncoder::new(Vec::new(), Compression::default());
                e.write_all(data).unwrap();
                e.finish().unwrap()
            }
        }
    }

    fn with_encoding(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(CONTENT_ENCODING, HeaderValue::from_str(value).unwrap());
        h
    }

    /// Decodes `body` fed in pieces of `step` bytes; returns the output or the error.
    fn run(
        headers: &HeaderMap,
        body: &[u8],
        step: usize,
        limit: Option<u64>,
    ) -> Result<Vec<u8>, Error> {
        let mut d = ContentDecoder::new(headers, limit)?;
        let mut out = Vec::new();
        for piece in body.chunks(step.max(1)) {
            if d.is_identity() {
                out.extend_from_slice(piece);
                continue;
            }
            d.decode(piece)?;
            assert!(
                d.output().len() <= 64 * 1024 + piece.len() * 1100,
                "one step, bounded output"
            );
            out.extend_from_slice(d.output());
            d.clear_output();
        }
        d.finish()?;
        out.extend_from_slice(d.output());
        Ok(out)
    }

    #[test]
    fn gzip_and_both_deflates_decode_in_any_split() {
        let text: Vec<u8> = (0..50_000u32)
            .flat_map(|i| format!("{i},").into_bytes())
            .collect();
        for (header, form) in [
            ("gzip", "gzip"),
            ("x-gzip", "gzip"),
            ("deflate", "zlib"),
            ("deflate", "raw"),
            ("GZIP", "gzip"),
        ] {
            let body = encoded(form, &text);
            for step in [1, 2, 7, 1000, body.len()] {
                let out = run(&with_encoding(header), &body, step, None).unwrap();
                assert!(out == text, "{header}/{form} in steps of {step}");
            }
        }
        // No encoding, identity, or one not asked for: the bytes as they are.
        for headers in [
            HeaderMap::new(),
            with_encoding("identity"),
            with_encoding("br"),
        ] {
            assert!(ContentDecoder::new(&headers, None).unwrap().is_identity());
        }
        assert!(ContentDecoder::new(&with_encoding("gzip, deflate"), None).is_err());
    }

    #[test]
    fn a_bomb_stops_at_the_limit_with_memory_near_it() {
        // 4 MiB of zeros compress to about 4 KiB.
        let zeros = vec![0u8; 4 << 20];
        let bomb = encoded("gzip", &zeros);
        assert!(bomb.len() < 64 << 10);
        let limit = 256 << 10;
        let mut d = ContentDecoder::new(&with_encoding("gzip"), Some(limit)).unwrap();
        let mut produced = 0usize;
        let mut result = Ok(());
        for piece in bomb.chunks(16 * 1024) {
            result = d.decode(piece);
            produced += d.output().len();
            assert!(d.output().len() as u64 <= limit);
            d.clear_output();
            if result.is_err() {
                break;
            }
        }
        assert!(
            matches!(result, Err(Error::InvalidRequest(ref m)) if m.contains("limit")),
            "{result:?}"
        );
        assert!(produced as u64 <= limit);
        // With a large limit, the expansion bound stops it after about a megabyte.
        let mut d = ContentDecoder::new(&with_encoding("gzip"), Some(256 << 20)).unwrap();
        let mut produced = 0u64;
        let mut result = Ok(());
        for piece in bomb.chunks(512) {
            result = d.decode(piece);
            produced += d.output().len() as u64;
            d.clear_output();
            if result.is_err() {
                break;
            }
        }
        assert!(
            matches!(&result, Err(Error::InvalidRequest(m)) if m.contains("expands")),
            "{result:?}"
        );
        assert!(produced <= EXPANSION_ALLOWANCE + MAX_EXPANSION * bomb.len() as u64);
        assert!(produced < 2 << 20, "{produced}");
        // Ordinary compressed JSON (expanding a few times) is not affected.
        let json: Vec<u8> = (0..80_000u32)
            .flat_map(|i| format!(r#"{{"i":{i},"t":"w{}"}},"#, i % 97).into_bytes())
            .collect();
        let out = run(
            &with_encoding("gzip"),
            &encoded("gzip", &json),
            4096,
            Some(256 << 20),
        );
        assert_eq!(out.unwrap(), json);
        // Within the limit it decodes whole.
        let small = encoded("gzip", &zeros[..1000]);
        assert_eq!(
            run(&with_encoding("gzip"), &small, 3, Some(1000))
                .unwrap()
                .len(),
            1000
        );
    }

    #[test]
    fn an_empty_body_is_complete_whatever_its_encoding() {
        for encoding in ["gzip", "deflate"] {
            assert_eq!(
                run(&with_encoding(encoding), b"", 1, Some(10)).unwrap(),
                b""
            );
        }
        let one = run(&with_encoding("gzip"), &[0x1f], 1, None);
        assert!(matches!(one, Err(Error::Connection(_))), "{one:?}");
    }

    #[test]
    fn corrupt_or_truncated_bodies_are_connection_errors() {
        let body = encoded("gzip", b"hello hello hello");
        let cut = run(&with_encoding("gzip"), &body[..body.len() - 4], 5, None);
        assert!(matches!(cut, Err(Error::Connection(_))), "{cut:?}");
        let mut flipped = body.clone();
        flipped[12] ^= 0xff;
        let bad = run(&with_encoding("gzip"), &flipped, 5, None);
        assert!(matches!(bad, Err(Error::Connection(_))), "{bad:?}");
        let not_gzip = run(&with_encoding("gzip"), b"{\"plain\": true}", 100, None);
        assert!(
            matches!(not_gzip, Err(Error::Connection(_))),
            "{not_gzip:?}"
        );
        // Bytes after the end of the compressed stream are ignored, as zlib does.
        let trailing = [body.clone(), b"junk".to_vec()].concat();
        assert_eq!(
            run(&with_encoding("gzip"), &trailing, 4, None).unwrap(),
            b"hello hello hello"
        );
    }

    #[test]
    fn a_declared_length_over_the_limit_is_refused() {
        assert!(check_declared_length(None, 10).is_ok());
        assert!(check_declared_length(Some(10), 10).is_ok());
        assert!(matches!(
            check_declared_length(Some(11), 10),
            Err(Error::InvalidRequest(m)) if m.contains("10-byte limit")
        ));
        assert!(check_declared_length(Some(u64::MAX), u64::MAX).is_ok());
    }

    #[test]
    fn collecting_stops_at_the_limit_and_the_buffer_stays_within_it() {
        let limit = 1000;
        let mut body = Vec::new();
        for _ in 0..100 {
            push_bounded(&mut body, &[7; 10], limit).unwrap();
            assert!(body.capacity() <= limit as usize, "{}", body.capacity());
        }
        assert_eq!(body.len(), 1000);
        assert!(push_bounded(&mut body, &[7], limit).is_err());
        assert_eq!(body.len(), 1000, "nothing appended past the limit");
        let mut body = Vec::new();
        assert!(push_bounded(&mut body, &[0; 1001], limit).is_err());
        assert!(body.is_empty());
    }
}
