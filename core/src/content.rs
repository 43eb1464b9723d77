//! A response's content as the caller gets it: the size limit of a collected body.
//!
//! A non-streaming body is collected whole, so it is bounded by
//! [`TransportConfig::max_body_size`](crate::TransportConfig::max_body_size). Both drivers
//! apply the same two rules, decided here:
//!
//! - a `Content-Length` over the limit is refused as soon as the head arrives
//!   ([`check_declared_length`]), before a byte of the body is read or buffered;
//! - otherwise the body is refused once the bytes handed to the caller would pass the
//!   limit ([`body_too_large`]), and the buffer that collects them never grows past the
//!   limit ([`push_bounded`]).
//!
//! A body over the limit is [`Error::InvalidRequest`] and is not retried: the same request
//! would get the same answer. Streamed bodies are not collected and have no such limit:
//! the event decoders bound what they buffer instead.

use crate::error::Error;

/// The error for a response body over `limit` bytes.
pub fn body_too_large(limit: u64) -> Error {
    Error::InvalidRequest(format!("the response body exceeds the {limit}-byte limit"))
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
