//! The AWS event-stream framing (`application/vnd.amazon.eventstream`), which Bedrock's
//! `invoke-with-response-stream` answers with instead of server-sent events.
//!
//! ```text
//! ┌──────────────┬───────────────┬─────────────┬─────────┬─────────┬─────────────┐
//! │ total len u32│ headers len u32│ prelude CRC │ headers │ payload │ message CRC │
//! └──────────────┴───────────────┴─────────────┴─────────┴─────────┴─────────────┘
//!   0..4           4..8            8..12        12..12+H   ..total-4  total-4..total
//! ```
//!
//! Integers are big-endian. The prelude CRC is the CRC-32 (IEEE, as zlib) of bytes 0..8;
//! the message CRC covers every byte before it. A header is a name (u8 length, UTF-8), a
//! type byte and a value: 0 true, 1 false, 2 i8, 3 i16, 4 i32, 5 i64, 6 bytes (u16
//! length), 7 string (u16 length, UTF-8), 8 timestamp (i64 milliseconds), 9 UUID (16 bytes).
//!
//! # Guarantees
//!
//! - **Any split gives the same frames**: bytes are buffered until a whole frame is
//!   present, however the reads cut it.
//! - **Bounded**: headers above 128 KiB or a payload above 24 MiB (botocore's limits) are
//!   refused from the prelude alone, before their bytes are buffered; the buffer never
//!   holds more than one frame plus one read.
//! - **Typed errors, never a panic**: a bad CRC (`Checksum mismatch: expected 0x…,
//!   calculated 0x…`, botocore's text), lengths that do not add up, an unknown header type,
//!   a header running past its block, invalid UTF-8, a duplicate header name, or bytes
//!   left over at the end. After an error the decoder yields nothing more. Fuzzed by
//!   `fuzz/fuzz_targets/eventstream.rs`.

use std::fmt;

/// The largest headers block accepted (botocore's `_MAX_HEADERS_LENGTH`).
pub const MAX_HEADERS_LENGTH: usize = 128 * 1024;
/// The largest payload accepted (botocore's `_MAX_PAYLOAD_LENGTH`).
pub const MAX_PAYLOAD_LENGTH: usize = 24 * 1024 * 1024;

const PRELUDE: usize = 12;
const MIN_FRAME: usize = PRELUDE + 4;

/// A header value, by type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderValue {
    /// Types 0 and 1.
    Bool(bool),
    /// Type 2.
    Byte(i8),
    /// Type 3.
    Int16(i16),
    /// Type 4.
    Int32(i32),
    /// Type 5.
    Int64(i64),
    /// Type 6.
    Bytes(Vec<u8>),
    /// Type 7.
    String(String),
    /// Type 8: milliseconds since the Unix epoch.
    Timestamp(i64),
    /// Type 9.
    Uuid([u8; 16]),
}

/// One decoded frame.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Frame {
    /// The headers, in the order sent.
    pub headers: Vec<(String, HeaderValue)>,
    /// The payload.
    pub payload: Vec<u8>,
}

impl Frame {
    /// The value of a string header (`:message-type`, `:event-type`, …).
    pub fn string_header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find_map(|(n, v)| match v {
            HeaderValue::String(s) if n == name => Some(s.as_str()),
            _ => None,
        })
    }
}

/// Why bytes are not a valid event stream.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventStreamError {
    /// The prelude's CRC does not match its first 8 bytes.
    PreludeChecksum {
        /// The CRC the frame carries.
        expected: u32,
        /// The CRC of the bytes.
        calculated: u32,
    },
    /// The message CRC does not match the frame.
    MessageChecksum {
        /// The CRC the frame carries.
        expected: u32,
        /// The CRC of the bytes.
        calculated: u32,
    },
    /// A total length too small for a prelude and a CRC, or smaller than the headers.
    InvalidLength {
        /// The total length.
        total: u32,
        /// The headers length.
        headers: u32,
    },
    /// A headers block over [`MAX_HEADERS_LENGTH`].
    HeadersTooLarge(usize),
    /// A payload over [`MAX_PAYLOAD_LENGTH`].
    PayloadTooLarge(usize),
    /// A header whose name or value runs past the end of the headers block.
    HeaderOverrun,
    /// A header type byte above 9.
    InvalidHeaderType(u8),
    /// A header name or string value that is not UTF-8.
    InvalidUtf8,
    /// A header name that appears twice in one frame.
    DuplicateHeader(String),
    /// The stream ended in the middle of a frame.
    Truncated {
        /// The bytes of the unfinished frame.
        buffered: usize,
    },
}

impl fmt::Display for EventStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventStreamError::PreludeChecksum {
                expected,
                calculated,
            }
            | EventStreamError::MessageChecksum {
                expected,
                calculated,
            } => write!(
                f,
                "Checksum mismatch: expected 0x{expected:08x}, calculated 0x{calculated:08x}"
            ),
            EventStreamError::InvalidLength { total, headers } => write!(
                f,
                "invalid event-stream frame lengths: total {total}, headers {headers}"
            ),
            EventStreamError::HeadersTooLarge(n) => write!(
                f,
                "event-stream headers of {n} bytes exceed the {MAX_HEADERS_LENGTH}-byte limit"
            ),
            EventStreamError::PayloadTooLarge(n) => write!(
                f,
                "event-stream payload of {n} bytes exceeds the {MAX_PAYLOAD_LENGTH}-byte limit"
            ),
            EventStreamError::HeaderOverrun => {
                f.write_str("an event-stream header runs past the headers block")
            }
            EventStreamError::InvalidHeaderType(t) => {
                write!(f, "unknown event-stream header type {t}")
            }
            EventStreamError::InvalidUtf8 => {
                f.write_str("an event-stream header name or value is not UTF-8")
            }
            EventStreamError::DuplicateHeader(name) => {
                write!(f, "duplicate event-stream header {name:?}")
            }
            EventStreamError::Truncated { buffered } => write!(
                f,
                "the event stream ended inside a frame ({buffered} bytes of it received)"
            ),
        }
    }
}

impl std::error::Error for EventStreamError {}

/// Decodes frames incrementally: [`feed`](Self::feed) reads, pull frames with
/// [`next_frame`](Self::next_frame) until `Ok(None)`, [`finish`](Self::finish) at the end
/// of the body and pull once more (a partial frame left is [`EventStreamError::Truncated`]).
#[derive(Debug, Default)]
pub struct EventStreamDecoder {
    buffer: Vec<u8>,
    start: usize,
    finished: bool,
    failed: bool,
}

impl EventStreamDecoder {
    /// A decoder with botocore's limits.
    pub fn new() -> Self {
        EventStreamDecoder::default()
    }

    /// Appends body bytes.
    pub fn feed(&mut self, bytes: &[u8]) {
        if self.failed || self.finished {
            return;
        }
        if self.start > 0 && self.start >= self.buffer.len() / 2 {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        self.buffer.extend_from_slice(bytes);
    }

    /// Marks the end of the body.
    pub fn finish(&mut self) {
        self.finished = true;
    }

    /// Whether [`finish`](Self::finish) was called.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Whether bytes of an unfinished frame are buffered.
    pub fn has_partial_frame(&self) -> bool {
        self.buffer.len() > self.start
    }

    /// The next whole frame, `Ok(None)` when more bytes are needed or the stream is over.
    pub fn next_frame(&mut self) -> Result<Option<Frame>, EventStreamError> {
        if self.failed {
            return Ok(None);
        }
        let result = self.parse();
        if result.is_err() {
            self.failed = true;
            self.buffer = Vec::new();
            self.start = 0;
        }
        result
    }

    fn parse(&mut self) -> Result<Option<Frame>, EventStreamError> {
        let available = &self.buffer[self.start..];
        if available.len() < PRELUDE {
            return self.need_more(available.len());
        }
        let total = u32::from_be_bytes(available[0..4].try_into().expect("4 bytes"));
        let headers_len = u32::from_be_bytes(available[4..8].try_into().expect("4 bytes"));
        let prelude_crc = u32::from_be_bytes(available[8..12].try_into().expect("4 bytes"));
        let calculated = crc32fast::hash(&available[..8]);
        if calculated != prelude_crc {
            return Err(EventStreamError::PreludeChecksum {
                expected: prelude_crc,
                calculated,
            });
        }
        let (total_n, headers_n) = (total as usize, headers_len as usize);
        if headers_n > MAX_HEADERS_LENGTH {
            return Err(EventStreamError::HeadersTooLarge(headers_n));
        }
        if total_n < MIN_FRAME || total_n - MIN_FRAME < headers_n {
            return Err(EventStreamError::InvalidLength {
                total,
                headers: headers_len,
            });
        }
        let payload_n = total_n - MIN_FRAME - headers_n;
        if payload_n > MAX_PAYLOAD_LENGTH {
            return Err(EventStreamError::PayloadTooLarge(payload_n));
        }
        if available.len() < total_n {
            return self.need_more(available.len());
        }
        let frame = &available[..total_n];
        let message_crc = u32::from_be_bytes(frame[total_n - 4..].try_into().expect("4 bytes"));
        let calculated = crc32fast::hash(&frame[..total_n - 4]);
        if calculated != message_crc {
            return Err(EventStreamError::MessageChecksum {
                expected: message_crc,
                calculated,
            });
        }
        let headers = parse_headers(&frame[PRELUDE..PRELUDE + headers_n])?;
        let payload = frame[PRELUDE + headers_n..total_n - 4].to_vec();
        self.start += total_n;
        if self.start == self.buffer.len() {
            self.buffer.clear();
            self.start = 0;
        }
        Ok(Some(Frame { headers, payload }))
    }

    fn need_more(&self, buffered: usize) -> Result<Option<Frame>, EventStreamError> {
        if self.finished && buffered > 0 {
            Err(EventStreamError::Truncated { buffered })
        } else {
            Ok(None)
        }
    }
}

fn parse_headers(mut block: &[u8]) -> Result<Vec<(String, HeaderValue)>, EventStreamError> {
    let mut headers: Vec<(String, HeaderValue)> = Vec::new();
    while !block.is_empty() {
        let name_len = usize::from(block[0]);
        let name = take(&mut block, 1 + name_len)?;
        let name = std::str::from_utf8(&name[1..]).map_err(|_| EventStreamError::InvalidUtf8)?;
        let kind = take(&mut block, 1)?[0];
        let value = match kind {
            0 => HeaderValue::Bool(true),
            1 => HeaderValue::Bool(false),
            2 => HeaderValue::Byte(take(&mut block, 1)?[0] as i8),
            3 => HeaderValue::Int16(i16::from_be_bytes(array(take(&mut block, 2)?))),
            4 => HeaderValue::Int32(i32::from_be_bytes(array(take(&mut block, 4)?))),
            5 => HeaderValue::Int64(i64::from_be_bytes(array(take(&mut block, 8)?))),
            6 | 7 => {
                let len = usize::from(u16::from_be_bytes(array(take(&mut block, 2)?)));
                let bytes = take(&mut block, len)?;
                if kind == 6 {
                    HeaderValue::Bytes(bytes.to_vec())
                } else {
                    HeaderValue::String(
                        std::str::from_utf8(bytes)
                            .map_err(|_| EventStreamError::InvalidUtf8)?
                            .to_owned(),
                    )
                }
            }
            8 => HeaderValue::Timestamp(i64::from_be_bytes(array(take(&mut block, 8)?))),
            9 => HeaderValue::Uuid(array(take(&mut block, 16)?)),
            other => return Err(EventStreamError::InvalidHeaderType(other)),
        };
        if headers.iter().any(|(n, _)| n == name) {
            return Err(EventStreamError::DuplicateHeader(name.to_owned()));
        }
        headers.push((name.to_owned(), value));
    }
    Ok(headers)
}

fn take<'a>(block: &mut &'a [u8], n: usize) -> Result<&'a [u8], EventStreamError> {
    if block.len() < n {
        return Err(EventStreamError::HeaderOverrun);
    }
    let (head, rest) = block.split_at(n);
    *block = rest;
    Ok(head)
}

fn array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    bytes.try_into().expect("take returned N bytes")
}

/// Encodes a frame (for the mock server, tests and fuzz seeds): the inverse of the decoder.
pub fn encode_frame(headers: &[(&str, HeaderValue)], payload: &[u8]) -> Vec<u8> {
    let mut block = Vec::new();
    for (name, value) in headers {
        block.push(name.len() as u8);
        block.extend_from_slice(name.as_bytes());
        match value {
            HeaderValue::Bool(true) => block.push(0),
            HeaderValue::Bool(false) => block.push(1),
            HeaderValue::Byte(v) => {
                block.push(2);
                block.push(*v as u8);
            }
            HeaderValue::Int16(v) => {
                block.push(3);
                block.extend_from_slice(&v.to_be_bytes());
            }
            HeaderValue::Int32(v) => {
                block.push(4);
                block.extend_from_slice(&v.to_be_bytes());
            }
            HeaderValue::Int64(v) => {
                block.push(5);
                block.extend_from_slice(&v.to_be_bytes());
            }
            HeaderValue::Bytes(v) => {
                block.push(6);
                block.extend_from_slice(&(v.len() as u16).to_be_bytes());
                block.extend_from_slice(v);
            }
            HeaderValue::String(v) => {
                block.push(7);
                block.extend_from_slice(&(v.len() as u16).to_be_bytes());
                block.extend_from_slice(v.as_bytes());
            }
            HeaderValue::Timestamp(v) => {
                block.push(8);
                block.extend_from_slice(&v.to_be_bytes());
            }
            HeaderValue::Uuid(v) => {
                block.push(9);
                block.extend_from_slice(v);
            }
        }
    }
    let total = (MIN_FRAME + block.len() + payload.len()) as u32;
    let mut frame = Vec::with_capacity(total as usize);
    frame.extend_from_slice(&total.to_be_bytes());
    frame.extend_from_slice(&(block.len() as u32).to_be_bytes());
    let prelude_crc = crc32fast::hash(&frame);
    frame.extend_from_slice(&prelude_crc.to_be_bytes());
    frame.extend_from_slice(&block);
    frame.extend_from_slice(payload);
    let crc = crc32fast::hash(&frame);
    frame.extend_from_slice(&crc.to_be_bytes());
    frame
}
