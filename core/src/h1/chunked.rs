//! State `Body(Chunked)`: decoding `Transfer-Encoding: chunked` (RFC 9112 §7.1).
//!
//! ```text
//!   ┌──▶ Size ──(hex digits)──▶ [BWS] [; ext...] ──CR LF──┬─(size > 0)──▶ Data ──CR LF──┐
//!   │                                                     └─(size = 0)──▶ Trailers      │
//!   └───────────────────────────────────────────────────────────────────────────────────┘
//!   Trailers: *(field-line CR LF) CR LF ──▶ Done
//! ```
//!
//! Chunk data is handed out as sub-slices of the caller's input: nothing is copied and
//! nothing is allocated per chunk. Only the trailer section is buffered (bounded).
//!
//! Strictness, as h11 and hyper: every line of the chunked framing must end with CRLF. A
//! bare LF is refused ([`H1Error::ChunkSizeExpectedCrLf`], [`H1Error::ChunkExpectedCrLf`],
//! [`H1Error::TrailerExpectedCrLf`]): lenient line endings in chunk framing are a known
//! request-smuggling vector, and no server this SDK talks to sends them. Chunk extensions
//! (`;name=value`, `;name="quoted \" string"`) are checked byte by byte (tokens, `=`, `;`,
//! whitespace, quoted strings without control bytes) and skipped. A chunk-size line is
//! bounded by [`Limits::max_chunk_line`](super::Limits::max_chunk_line); a size that
//! overflows 64 bits is refused. Trailers are parsed as header fields and kept.

use http::HeaderMap;

use super::error::{EofAt, H1Error};
use super::head::{header_map, map_httparse};
use super::request::is_tchar;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Reading hex digits; `digits` read so far.
    Size { value: u64, digits: usize },
    /// After the digits: whitespace, `;` or CR.
    AfterSize { value: u64 },
    /// Inside chunk extensions.
    Ext {
        value: u64,
        quoted: bool,
        escaped: bool,
    },
    /// CR of the size line seen: LF expected.
    SizeLf { value: u64 },
    /// Inside chunk data.
    Data { remaining: u64 },
    /// After chunk data: CR expected.
    DataCr,
    /// After chunk data and CR: LF expected.
    DataLf,
    /// Inside the trailer section; `line` bytes of the current line, `cr` just seen.
    Trailers { line: usize, cr: bool },
    /// The last chunk and the trailers have been read.
    Done,
}

/// Decoder of a chunked body.
#[derive(Debug)]
pub(crate) struct ChunkedDecoder {
    state: State,
    line_len: usize,
    max_line: usize,
    trailer_buf: Vec<u8>,
    max_trailer_bytes: usize,
    max_headers: usize,
    trailers: Option<HeaderMap>,
}

impl ChunkedDecoder {
    pub fn new(max_line: usize, max_trailer_bytes: usize, max_headers: usize) -> Self {
        ChunkedDecoder {
            state: State::Size {
                value: 0,
                digits: 0,
            },
            line_len: 0,
            max_line,
            trailer_buf: Vec::new(),
            max_trailer_bytes,
            max_headers,
            trailers: None,
        }
    }

    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    pub fn take_trailers(&mut self) -> Option<HeaderMap> {
        self.trailers.take()
    }

    /// Where an EOF now would have cut the body.
    pub fn eof_at(&self) -> EofAt {
        match self.state {
            State::Size { .. }
            | State::AfterSize { .. }
            | State::Ext { .. }
            | State::SizeLf { .. } => EofAt::InChunkSize,
            State::Data { remaining } => EofAt::InChunkData { missing: remaining },
            State::DataCr | State::DataLf => EofAt::AfterChunkData,
            State::Trailers { .. } | State::Done => EofAt::InTrailers,
        }
    }

    /// Consumes framing bytes until chunk data is available, the input ends, or the body
    /// is done. Returns the bytes consumed and the data found (a sub-slice of `input`).
    pub fn decode<'a>(&mut self, input: &'a [u8]) -> Result<(usize, &'a [u8]), H1Error> {
        let mut pos = 0;
        while pos < input.len() {
            if let State::Data { remaining } = self.state {
                let avail = input.len() - pos;
                let take = usize::try_from(remaining).map_or(avail, |r| r.min(avail));
                let left = remaining - take as u64;
                self.state = if left == 0 {
                    State::DataCr
                } else {
                    State::Data { remaining: left }
                };
                return Ok((pos + take, &input[pos..pos + take]));
            }
            if self.state == State::Done {
                break;
            }
            let b = input[pos];
            pos += 1;
            self.step(b)?;
        }
        Ok((pos, &[]))
    }

    fn count_line_byte(&mut self) -> Result<(), H1Error> {
        self.line_len += 1;
        if self.line_len > self.max_line {
            return Err(H1Error::ChunkLineTooLong {
                limit: self.max_line,
            });
        }
        Ok(())
    }

    fn step(&mut self, b: u8) -> Result<(), H1Error> {
        self.state = match self.state {
            State::Size { value, digits } => {
                self.count_line_byte()?;
                match hex_value(b) {
                    Some(d) => {
                        let value = value
                            .checked_mul(16)
                            .and_then(|v| v.checked_add(u64::from(d)))
                            .ok_or(H1Error::ChunkSizeOverflow)?;
                        State::Size {
                            value,
                            digits: digits + 1,
                        }
                    }
                    None if digits == 0 => return Err(H1Error::InvalidChunkSize),
                    None => self.after_size(value, b)?,
                }
            }
            State::AfterSize { value } => {
                self.count_line_byte()?;
                self.after_size(value, b)?
            }
            State::Ext {
                value,
                quoted,
                escaped,
            } => {
                self.count_line_byte()?;
                if escaped {
                    if !(b == b'\t' || b >= 0x20) || b == 0x7f {
                        return Err(H1Error::InvalidChunkExtension);
                    }
                    State::Ext {
                        value,
                        quoted: true,
                        escaped: false,
                    }
                } else if quoted {
                    match b {
                        b'"' => State::Ext {
                            value,
                            quoted: false,
                            escaped: false,
                        },
                        b'\\' => State::Ext {
                            value,
                            quoted: true,
                            escaped: true,
                        },
                        b'\t' | b' ' | 0x21..=0x7e | 0x80..=0xff => State::Ext {
                            value,
                            quoted: true,
                            escaped: false,
                        },
                        _ => return Err(H1Error::InvalidChunkExtension),
                    }
                } else {
                    match b {
                        b'\r' => State::SizeLf { value },
                        b'\n' => return Err(H1Error::ChunkSizeExpectedCrLf),
                        b'"' => State::Ext {
                            value,
                            quoted: true,
                            escaped: false,
                        },
                        b';' | b'=' | b' ' | b'\t' => State::Ext {
                            value,
                            quoted: false,
                            escaped: false,
                        },
                        b if is_tchar(b) => State::Ext {
                            value,
                            quoted: false,
                            escaped: false,
                        },
                        _ => return Err(H1Error::InvalidChunkExtension),
                    }
                }
            }
            State::SizeLf { value } => {
                if b != b'\n' {
                    return Err(H1Error::ChunkSizeExpectedCrLf);
                }
                self.line_len = 0;
                if value == 0 {
                    State::Trailers { line: 0, cr: false }
                } else {
                    State::Data { remaining: value }
                }
            }
            State::DataCr => {
                if b != b'\r' {
                    return Err(H1Error::ChunkExpectedCrLf);
                }
                State::DataLf
            }
            State::DataLf => {
                if b != b'\n' {
                    return Err(H1Error::ChunkExpectedCrLf);
                }
                State::Size {
                    value: 0,
                    digits: 0,
                }
            }
            State::Trailers { line, cr } => {
                if self.trailer_buf.len() >= self.max_trailer_bytes {
                    return Err(H1Error::TrailersTooLarge {
                        limit: self.max_trailer_bytes,
                    });
                }
                self.trailer_buf.push(b);
                match (cr, b) {
                    (true, b'\n') if line == 0 => self.finish_trailers()?,
                    (true, b'\n') => State::Trailers { line: 0, cr: false },
                    (true, _) | (false, b'\n') => return Err(H1Error::TrailerExpectedCrLf),
                    (false, b'\r') => State::Trailers { line, cr: true },
                    (false, _) => State::Trailers {
                        line: line + 1,
                        cr: false,
                    },
                }
            }
            // `decode` never steps in these states.
            State::Data { .. } | State::Done => self.state,
        };
        Ok(())
    }

    fn after_size(&mut self, value: u64, b: u8) -> Result<State, H1Error> {
        Ok(match b {
            b' ' | b'\t' => State::AfterSize { value },
            b';' => State::Ext {
                value,
                quoted: false,
                escaped: false,
            },
            b'\r' => State::SizeLf { value },
            b'\n' => return Err(H1Error::ChunkSizeExpectedCrLf),
            _ => return Err(H1Error::InvalidChunkSize),
        })
    }

    fn finish_trailers(&mut self) -> Result<State, H1Error> {
        let buf = std::mem::take(&mut self.trailer_buf);
        if buf.len() > 2 {
            let mut slots = vec![httparse::EMPTY_HEADER; self.max_headers];
            let fields = match httparse::parse_headers(&buf, &mut slots) {
                Ok(httparse::Status::Complete((_, fields))) => fields,
                Ok(httparse::Status::Partial) => return Err(H1Error::InvalidTrailers),
                Err(httparse::Error::TooManyHeaders) => {
                    return Err(map_httparse(
                        httparse::Error::TooManyHeaders,
                        self.max_headers,
                    ));
                }
                Err(_) => return Err(H1Error::InvalidTrailers),
            };
            self.trailers =
                Some(header_map(fields, self.max_headers).map_err(|_| H1Error::InvalidTrailers)?);
        }
        Ok(State::Done)
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}
