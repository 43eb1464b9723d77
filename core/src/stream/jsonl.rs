//! Incremental JSON Lines decoder (batch results).
//!
//! # Use
//!
//! ```
//! use anthropic_core::stream::JsonlDecoder;
//!
//! let mut decoder = JsonlDecoder::new();
//! let mut lines = Vec::new();
//! for chunk in [&b"{\"a\":1}\r"[..], b"\n\n  \n{\"b\":", b"2}"] {
//!     decoder.feed(chunk);
//!     while let Some(line) = decoder.next_line()? {
//!         lines.push(line.to_owned());
//!     }
//! }
//! decoder.finish();
//! while let Some(line) = decoder.next_line()? {
//!     lines.push(line.to_owned());
//! }
//! assert_eq!(lines, [r#"{"a":1}"#, r#"{"b":2}"#]);
//! # Ok::<(), anthropic_core::stream::JsonlError>(())
//! ```
//!
//! Same loop as [`super::SseDecoder`]: feed one read, drain [`JsonlDecoder::next_line`]
//! until `Ok(None)`, and at the end call [`JsonlDecoder::finish`] and drain again. Lines
//! are handed out as `&str` borrowed from the decoder; the caller deserializes them.
//!
//! # Rules
//!
//! Compared with the Python SDK 0.76.0 (`JSONLDecoder` in `anthropic/_decoders/jsonl.py`):
//!
//! - Lines end in LF, CRLF or a bare CR (Python splits on all three). A CRLF split across
//!   two reads is one line end (**differs**: Python then parses the lone LF and fails).
//! - Lines that are empty or hold only JSON whitespace (space, tab) are skipped
//!   (**differs**: Python fails on them with "Expecting value").
//! - A UTF-8 byte order mark at the start of a line is removed (Python's JSON loader
//!   accepts one there; serde_json does not). A line left blank by that is skipped.
//! - A last line without a terminator is returned after [`JsonlDecoder::finish`], as in
//!   Python.
//! - A line that is not valid UTF-8 is [`JsonlError::InvalidUtf8`]; a line longer than the
//!   bound ([`JsonlDecoder::max_line_len`], default 16 MiB), complete or still
//!   arriving, is [`JsonlError::LineTooLong`]. Errors are sticky.

use std::fmt;

use super::lines::{LineSplitter, LineTooLong};

/// Default bound on one line, in bytes: 16 MiB.
pub const DEFAULT_MAX_LINE_LEN: usize = 16 * 1024 * 1024;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Why JSONL decoding failed. Offsets count bytes from the start of the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonlError {
    /// A line is not valid UTF-8.
    InvalidUtf8 {
        /// Offset of the first byte that is not part of a valid UTF-8 sequence.
        offset: u64,
    },
    /// A line (complete or still arriving) is longer than the bound.
    LineTooLong {
        /// The bound in bytes.
        limit: usize,
        /// Offset of the line's first byte.
        offset: u64,
    },
    /// [`JsonlDecoder::feed`] was called after [`JsonlDecoder::finish`].
    FedAfterFinish,
}

impl fmt::Display for JsonlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidUtf8 { offset } => {
                write!(f, "invalid UTF-8 in JSON lines at byte {offset}")
            }
            Self::LineTooLong { limit, offset } => write!(
                f,
                "JSON line at byte {offset} is longer than the limit of {limit} bytes"
            ),
            Self::FedAfterFinish => f.write_str("JSON lines input fed after finish()"),
        }
    }
}

impl std::error::Error for JsonlError {}

/// Incremental JSONL decoder: bytes in, borrowed non-blank lines out. See the module docs.
#[derive(Debug)]
pub struct JsonlDecoder {
    lines: LineSplitter,
    error: Option<JsonlError>,
}

impl Default for JsonlDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonlDecoder {
    /// A decoder with the default bound ([`DEFAULT_MAX_LINE_LEN`]).
    pub fn new() -> Self {
        Self {
            lines: LineSplitter::new(DEFAULT_MAX_LINE_LEN),
            error: None,
        }
    }

    /// Sets the bound on one line, in bytes (terminator excluded).
    pub fn max_line_len(mut self, bytes: usize) -> Self {
        self.lines.set_max_line(bytes);
        self
    }

    /// The bound set by [`JsonlDecoder::max_line_len`].
    pub fn get_max_line_len(&self) -> usize {
        self.lines.max_line()
    }

    /// Appends the bytes of one read; any split is fine. Feeding after
    /// [`JsonlDecoder::finish`] makes the next [`JsonlDecoder::next_line`] return
    /// [`JsonlError::FedAfterFinish`].
    pub fn feed(&mut self, input: &[u8]) {
        if self.lines.is_eof() {
            if !input.is_empty() && self.error.is_none() {
                self.error = Some(JsonlError::FedAfterFinish);
            }
            return;
        }
        if self.error.is_some() {
            // Failed for good: hold no more input.
            return;
        }
        self.lines.feed(input);
    }

    /// Signals the end of the body: a last line without a terminator is then returned by
    /// [`JsonlDecoder::next_line`].
    pub fn finish(&mut self) {
        self.lines.finish();
    }

    /// Whether [`JsonlDecoder::finish`] was called.
    pub fn is_finished(&self) -> bool {
        self.lines.is_eof()
    }

    /// The next non-blank line (terminator and a leading byte order mark removed), or
    /// `Ok(None)` when more input is needed (or, after [`JsonlDecoder::finish`], when the
    /// body is done).
    pub fn next_line(&mut self) -> Result<Option<&str>, JsonlError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        let limit = self.lines.max_line();
        let found = loop {
            let raw = match self.lines.next_line() {
                Ok(Some(raw)) => raw,
                Ok(None) => return Ok(None),
                Err(LineTooLong { offset }) => {
                    let e = JsonlError::LineTooLong { limit, offset };
                    self.error = Some(e.clone());
                    return Err(e);
                }
            };
            let mut bytes = &self.lines.buf()[raw.range.clone()];
            let mut start = raw.range.start;
            if bytes.starts_with(BOM) {
                bytes = &bytes[BOM.len()..];
                start += BOM.len();
            }
            if let Err(e) = std::str::from_utf8(bytes) {
                let e = JsonlError::InvalidUtf8 {
                    offset: raw.offset + (start - raw.range.start + e.valid_up_to()) as u64,
                };
                self.error = Some(e.clone());
                return Err(e);
            }
            if bytes.iter().all(|&b| b == b' ' || b == b'\t') {
                continue;
            }
            break start..raw.range.end;
        };
        // Validated above; this cannot fail, but stay panic-free.
        Ok(std::str::from_utf8(&self.lines.buf()[found]).ok())
    }
}
