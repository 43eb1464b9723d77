//! State `Head`: reading a response head (status line and header fields) incrementally.
//!
//! Bytes are buffered until a possible end of head arrives (`\n\r\n` or `\n\n`), then the
//! prefix of the stream ending there is given to `httparse`. Since only those prefixes are
//! ever parsed, the outcome depends on the stream's bytes and never on how they were
//! split. A whole head inside one input is parsed in place, without copying. The buffer
//! never grows past [`Limits::max_head_bytes`](super::Limits::max_head_bytes).
//!
//! Line endings follow `httparse`: CRLF, or a bare LF, which RFC 9112 §2.2 allows a
//! recipient to accept in the head. Obsolete line folding is refused.

use http::{HeaderMap, HeaderName, HeaderValue, StatusCode, Version};

use super::error::H1Error;

/// A parsed response head: status line and header fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHead {
    /// `HTTP/1.0` or `HTTP/1.1`.
    pub version: Version,
    /// The status code.
    pub status: StatusCode,
    /// The reason phrase, as sent (empty if none or not UTF-8).
    pub reason: String,
    /// The header fields, in order; repeated names keep every value.
    pub headers: HeaderMap,
}

/// Where a complete head ended.
pub(crate) struct Parsed {
    pub head: ResponseHead,
    /// Bytes of the last input that belong to the head.
    pub consumed: usize,
}

/// The buffer and bounds of the head being read.
#[derive(Debug, Default)]
pub(crate) struct HeadParser {
    buf: Vec<u8>,
}

impl HeadParser {
    /// Bytes of an incomplete head held so far.
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Feeds bytes. `Ok(None)`: all of `input` was taken and the head is not complete.
    pub fn feed(
        &mut self,
        input: &[u8],
        max_bytes: usize,
        max_headers: usize,
    ) -> Result<Option<Parsed>, H1Error> {
        let prev = self.buf.len();
        let room = max_bytes.saturating_sub(prev);
        let take = input.len().min(room);
        if prev == 0 {
            // Whole head in this input: parse in place.
            let window = &input[..take];
            if let Some(parsed) = parse_at_markers(window, 0, max_headers)? {
                return Ok(Some(parsed));
            }
        } else {
            self.buf.extend_from_slice(&input[..take]);
            if let Some(mut parsed) = parse_at_markers(&self.buf, prev, max_headers)? {
                // The head ends at a marker found in the new bytes, so past `prev`.
                parsed.consumed = parsed
                    .consumed
                    .checked_sub(prev)
                    .ok_or(H1Error::MalformedHead)?;
                self.buf = Vec::new();
                return Ok(Some(parsed));
            }
        }
        if prev == 0 {
            self.buf.extend_from_slice(&input[..take]);
        }
        if take < input.len() || self.buf.len() >= max_bytes {
            self.buf = Vec::new();
            return Err(H1Error::HeadTooLarge { limit: max_bytes });
        }
        Ok(None)
    }
}

/// Parses `buf[..=i]` for every possible end of head `i >= from`, until one is complete.
/// `consumed` in the answer counts from the start of `buf`.
fn parse_at_markers(
    buf: &[u8],
    from: usize,
    max_headers: usize,
) -> Result<Option<Parsed>, H1Error> {
    for i in memchr::memchr_iter(b'\n', &buf[from..]).map(|i| i + from) {
        let ends_head = (i >= 1 && buf[i - 1] == b'\n')
            || (i >= 2 && buf[i - 1] == b'\r' && buf[i - 2] == b'\n');
        if !ends_head {
            continue;
        }
        if let Some(parsed) = parse_head(&buf[..=i], max_headers)? {
            return Ok(Some(parsed));
        }
    }
    Ok(None)
}

fn parse_head(buf: &[u8], max_headers: usize) -> Result<Option<Parsed>, H1Error> {
    let mut slots = vec![httparse::EMPTY_HEADER; max_headers];
    let mut response = httparse::Response::new(&mut slots);
    let consumed = match response.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(e) => return Err(map_httparse(e, max_headers)),
    };
    let version = match response.version {
        Some(0) => Version::HTTP_10,
        Some(1) => Version::HTTP_11,
        _ => return Err(H1Error::InvalidVersion),
    };
    let status = response
        .code
        .and_then(|c| StatusCode::from_u16(c).ok())
        .ok_or(H1Error::InvalidStatus)?;
    let reason = response.reason.unwrap_or("").to_owned();
    let headers = header_map(response.headers, max_headers)?;
    Ok(Some(Parsed {
        head: ResponseHead {
            version,
            status,
            reason,
            headers,
        },
        consumed,
    }))
}

pub(crate) fn map_httparse(e: httparse::Error, max_headers: usize) -> H1Error {
    match e {
        httparse::Error::TooManyHeaders => H1Error::TooManyHeaders { limit: max_headers },
        httparse::Error::Version => H1Error::InvalidVersion,
        httparse::Error::Status => H1Error::InvalidStatus,
        httparse::Error::HeaderName => H1Error::InvalidHeaderName,
        httparse::Error::HeaderValue => H1Error::InvalidHeaderValue {
            name: String::new(),
        },
        _ => H1Error::MalformedHead,
    }
}

/// Converts parsed fields into a [`HeaderMap`], validating names and values again.
pub(crate) fn header_map(
    fields: &[httparse::Header<'_>],
    max_headers: usize,
) -> Result<HeaderMap, H1Error> {
    let mut map = HeaderMap::try_with_capacity(fields.len())
        .map_err(|_| H1Error::TooManyHeaders { limit: max_headers })?;
    for field in fields {
        let name = HeaderName::from_bytes(field.name.as_bytes())
            .map_err(|_| H1Error::InvalidHeaderName)?;
        let value =
            HeaderValue::from_bytes(field.value).map_err(|_| H1Error::InvalidHeaderValue {
                name: name.as_str().to_owned(),
            })?;
        map.try_append(name, value)
            .map_err(|_| H1Error::TooManyHeaders { limit: max_headers })?;
    }
    Ok(map)
}
