//! State `Body`: how the body of a response is framed (RFC 9112 §6.3), and whether the
//! connection may be reused after it.
//!
//! The rules, first match wins:
//!
//! 1. A response to `HEAD`, a 1xx, 204 or 304 has no body, whatever its headers say.
//! 2. A 2xx to `CONNECT` has no body: the connection is now a tunnel (not reusable).
//! 3. `Transfer-Encoding` whose final coding is `chunked` → chunked; `Content-Length`
//!    is then ignored, and the connection is not reused (the pair is a smuggling sign).
//!    Any other `Transfer-Encoding` → close-delimited.
//! 4. `Content-Length` → that many bytes. Several values (repeated fields or a list) must
//!    all be equal decimal numbers, else [`H1Error::ConflictingContentLength`] or
//!    [`H1Error::InvalidContentLength`].
//! 5. Neither → close-delimited: the body ends when the server closes the connection.
//!
//! The connection is reusable after a complete response unless: the request or the
//! response says `Connection: close`; the response is HTTP/1.0 without
//! `Connection: keep-alive`; the body is close-delimited; an HTTP/1.0 response carries
//! `Transfer-Encoding` (RFC 9112 §6.1); rule 2 or 3's exceptions apply; or any error
//! happened.

use http::{HeaderMap, Method, StatusCode, Version, header};

use super::error::H1Error;
use super::head::ResponseHead;

/// How a response body is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// No body at all (HEAD, 1xx, 204, 304, or a CONNECT tunnel).
    None,
    /// Exactly this many bytes.
    ContentLength(u64),
    /// `Transfer-Encoding: chunked`.
    Chunked,
    /// Everything until the server closes the connection.
    CloseDelimited,
}

/// The framing of a final response, and whether the connection may be kept after it.
pub(crate) fn framing(
    method: &Method,
    request_close: bool,
    head: &ResponseHead,
) -> Result<(BodyKind, bool), H1Error> {
    let headers = &head.headers;
    let mut keep_alive = !request_close
        && if head.version == Version::HTTP_10 {
            has_token(headers, header::CONNECTION, "keep-alive")
                && !has_token(headers, header::CONNECTION, "close")
        } else {
            !has_token(headers, header::CONNECTION, "close")
        };
    let status = head.status;
    if *method == Method::HEAD
        || status.is_informational()
        || status == StatusCode::NO_CONTENT
        || status == StatusCode::NOT_MODIFIED
    {
        return Ok((BodyKind::None, keep_alive));
    }
    if *method == Method::CONNECT && status.is_success() {
        return Ok((BodyKind::None, false));
    }
    if headers.contains_key(header::TRANSFER_ENCODING) {
        if head.version == Version::HTTP_10 || headers.contains_key(header::CONTENT_LENGTH) {
            keep_alive = false;
        }
        return Ok(if final_coding_is_chunked(headers) {
            (BodyKind::Chunked, keep_alive)
        } else {
            (BodyKind::CloseDelimited, false)
        });
    }
    match content_length(headers)? {
        Some(n) => Ok((BodyKind::ContentLength(n), keep_alive)),
        None => Ok((BodyKind::CloseDelimited, false)),
    }
}

/// Whether a comma-separated header (any of its fields) holds `token`, case-insensitive.
pub(crate) fn has_token(headers: &HeaderMap, name: header::HeaderName, token: &str) -> bool {
    headers.get_all(name).iter().any(|v| {
        v.as_bytes()
            .split(|&b| b == b',')
            .any(|t| trim_ows(t).eq_ignore_ascii_case(token.as_bytes()))
    })
}

fn final_coding_is_chunked(headers: &HeaderMap) -> bool {
    let last = headers
        .get_all(header::TRANSFER_ENCODING)
        .iter()
        .flat_map(|v| v.as_bytes().split(|&b| b == b','))
        .map(trim_ows)
        .rfind(|t| !t.is_empty());
    last.is_some_and(|t| t.eq_ignore_ascii_case(b"chunked"))
}

/// The `Content-Length`, if any; all values must be equal decimal numbers.
fn content_length(headers: &HeaderMap) -> Result<Option<u64>, H1Error> {
    let mut found: Option<u64> = None;
    let mut conflict = false;
    for value in headers.get_all(header::CONTENT_LENGTH) {
        for part in value.as_bytes().split(|&b| b == b',') {
            let n = parse_decimal(trim_ows(part)).ok_or(H1Error::InvalidContentLength)?;
            match found {
                Some(m) if m != n => conflict = true,
                _ => found = Some(n),
            }
        }
    }
    if conflict {
        return Err(H1Error::ConflictingContentLength);
    }
    Ok(found)
}

fn parse_decimal(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u64, |n, &b| {
        if b.is_ascii_digit() {
            n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        } else {
            None
        }
    })
}

fn trim_ows(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}
