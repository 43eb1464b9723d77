//! State `SendRequest`: serializing a request head and body, and a proxy `CONNECT`.
//!
//! Everything is validated before the first byte is appended to the caller's buffer: on
//! an error, `out` is left exactly as it was, so a half-written request can never reach
//! a socket. Header names and values are checked byte by byte as h11 does, even though
//! the `http` crate already refuses most bad bytes: the wire format must not depend on
//! another crate's invariants.
//!
//! What is written, in order:
//!
//! ```text
//! METHOD SP target SP "HTTP/1.1" CRLF       target: path?query (origin-form) or the URI
//! host: host[:port] CRLF                    unless the request has a Host header
//! name: value CRLF ...                      the request's headers, in HeaderMap order
//! content-length: N CRLF                    unless present (then it must match)
//! CRLF
//! body
//! ```
//!
//! `Content-Length` is sent for any non-empty body, and as `0` for an empty body of
//! `POST`, `PUT` and `PATCH` (methods that define a meaning for content, RFC 9110 §8.6);
//! it is left out for an empty `GET`, `HEAD`, `DELETE`, `OPTIONS` or `TRACE`. Header
//! names are written as the `http` crate stores them (lowercase); HTTP/1.1 names are
//! case-insensitive.

use http::uri::{Authority, Scheme};
use http::{HeaderMap, Method, Request, Uri, header};

use super::error::H1Error;

/// The form of the request target on the request line (RFC 9112 §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RequestTarget {
    /// `/path?query`: for a direct connection or a `CONNECT` tunnel.
    #[default]
    Origin,
    /// `http://host:port/path?query`: for a request sent to a plain-HTTP proxy.
    Absolute,
}

/// Appends `request` (head and body) to `out`, with an origin-form target.
///
/// On error nothing is appended. See the module docs for what is written.
pub fn encode_request<B: AsRef<[u8]>>(
    request: &Request<B>,
    out: &mut Vec<u8>,
) -> Result<(), H1Error> {
    encode_request_with(request, RequestTarget::Origin, out)
}

/// Appends `request` (head and body) to `out` with the given target form.
///
/// On error nothing is appended.
pub fn encode_request_with<B: AsRef<[u8]>>(
    request: &Request<B>,
    target: RequestTarget,
    out: &mut Vec<u8>,
) -> Result<(), H1Error> {
    encode(request, target, None, out)
}

/// Appends only the head of `request`, for a body of `body_len` bytes the caller streams
/// after it (a multipart upload); `request`'s own body is ignored. A `content-length`
/// header, if present, must equal `body_len`; otherwise one is written.
pub fn encode_request_head<B: AsRef<[u8]>>(
    request: &Request<B>,
    body_len: u64,
    out: &mut Vec<u8>,
) -> Result<(), H1Error> {
    encode(request, RequestTarget::Origin, Some(body_len), out)
}

fn encode<B: AsRef<[u8]>>(
    request: &Request<B>,
    target: RequestTarget,
    streamed: Option<u64>,
    out: &mut Vec<u8>,
) -> Result<(), H1Error> {
    let method = request.method();
    if *method == Method::CONNECT {
        return Err(H1Error::UnexpectedConnect);
    }
    check_method(method)?;
    let uri = request.uri();
    let headers = request.headers();
    let body: &[u8] = if streamed.is_some() {
        &[]
    } else {
        request.body().as_ref()
    };
    let body_len = streamed.unwrap_or(body.len() as u64);

    // Validate everything first.
    let scheme_port = match uri.scheme() {
        None => None,
        Some(s) if *s == Scheme::HTTP => Some(80),
        Some(s) if *s == Scheme::HTTPS => Some(443),
        Some(_) => return Err(H1Error::UnsupportedScheme),
    };
    let path_and_query = uri.path_and_query().map_or("/", |pq| pq.as_str());
    let path_and_query = if path_and_query.is_empty() {
        "/"
    } else {
        path_and_query
    };
    if !path_and_query.starts_with('/') && path_and_query != "*" {
        return Err(H1Error::InvalidRequestTarget);
    }
    check_target(path_and_query)?;
    let host_header = headers.contains_key(header::HOST);
    let host = match (uri.host(), scheme_port) {
        (Some(host), Some(default_port)) => {
            check_target(host)?;
            Some((host, uri.port_u16().filter(|p| *p != default_port)))
        }
        (Some(_), None) => return Err(H1Error::UnsupportedScheme),
        (None, _) => None,
    };
    if host.is_none() && (!host_header || target == RequestTarget::Absolute) {
        return Err(H1Error::MissingAuthority);
    }
    check_headers(headers)?;
    if headers.contains_key(header::TRANSFER_ENCODING) {
        return Err(H1Error::RequestTransferEncoding);
    }
    let mut has_length = false;
    for value in headers.get_all(header::CONTENT_LENGTH) {
        has_length = true;
        let matches = value
            .to_str()
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .is_some_and(|n| n == body_len);
        if !matches {
            return Err(H1Error::ContentLengthMismatch {
                body_len: usize::try_from(body_len).unwrap_or(usize::MAX),
            });
        }
    }
    let send_length = !has_length && (body_len > 0 || frames_empty_body(method));

    // Then write.
    out.reserve(head_size_hint(headers) + body.len() + path_and_query.len() + 64);
    out.extend_from_slice(method.as_str().as_bytes());
    out.push(b' ');
    if let (RequestTarget::Absolute, Some((host, port))) = (target, host) {
        // `host` is only `Some` when the scheme is http or https.
        let scheme = if scheme_port == Some(443) {
            "https"
        } else {
            "http"
        };
        out.extend_from_slice(scheme.as_bytes());
        out.extend_from_slice(b"://");
        write_host(out, host, port);
    }
    out.extend_from_slice(path_and_query.as_bytes());
    out.extend_from_slice(b" HTTP/1.1\r\n");
    if let (false, Some((host, port))) = (host_header, host) {
        out.extend_from_slice(b"host: ");
        write_host(out, host, port);
        out.extend_from_slice(b"\r\n");
    }
    write_headers(out, headers);
    if send_length {
        out.extend_from_slice(b"content-length: ");
        out.extend_from_slice(body_len.to_string().as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    Ok(())
}

/// Appends a `CONNECT host:port HTTP/1.1` request for an HTTPS proxy tunnel to `out`,
/// with `host: host:port` (unless `headers` has one) and `headers` (typically
/// `proxy-authorization`). Userinfo in `authority` is not written.
///
/// Read the proxy's answer with [`ResponseReader::for_connect`](super::ResponseReader::for_connect):
/// a 2xx head means the tunnel is open and every following byte belongs to it.
///
/// On error nothing is appended.
pub fn encode_connect(
    authority: &Authority,
    headers: &HeaderMap,
    out: &mut Vec<u8>,
) -> Result<(), H1Error> {
    let host = authority.host();
    let port = authority.port_u16().ok_or(H1Error::ConnectNeedsPort)?;
    if host.is_empty() {
        return Err(H1Error::MissingAuthority);
    }
    check_target(host)?;
    check_headers(headers)?;
    out.reserve(head_size_hint(headers) + 2 * host.len() + 64);
    out.extend_from_slice(b"CONNECT ");
    write_host(out, host, Some(port));
    out.extend_from_slice(b" HTTP/1.1\r\n");
    if !headers.contains_key(header::HOST) {
        out.extend_from_slice(b"host: ");
        write_host(out, host, Some(port));
        out.extend_from_slice(b"\r\n");
    }
    write_headers(out, headers);
    out.extend_from_slice(b"\r\n");
    Ok(())
}

/// The authority for a `CONNECT` to `uri`'s host: its port, or the scheme's default.
pub fn connect_authority(uri: &Uri) -> Result<Authority, H1Error> {
    let host = uri.host().ok_or(H1Error::MissingAuthority)?;
    let port = match (uri.port_u16(), uri.scheme()) {
        (Some(p), _) => p,
        (None, Some(s)) if *s == Scheme::HTTPS => 443,
        (None, Some(s)) if *s == Scheme::HTTP => 80,
        _ => return Err(H1Error::UnsupportedScheme),
    };
    Authority::try_from(format!("{host}:{port}")).map_err(|_| H1Error::MissingAuthority)
}

fn write_host(out: &mut Vec<u8>, host: &str, port: Option<u16>) {
    out.extend_from_slice(host.as_bytes());
    if let Some(port) = port {
        out.push(b':');
        out.extend_from_slice(port.to_string().as_bytes());
    }
}

fn write_headers(out: &mut Vec<u8>, headers: &HeaderMap) {
    for (name, value) in headers {
        out.extend_from_slice(name.as_str().as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
}

fn head_size_hint(headers: &HeaderMap) -> usize {
    headers
        .iter()
        .map(|(n, v)| n.as_str().len() + v.len() + 4)
        .sum()
}

/// `tchar` of RFC 9110 §5.6.2.
pub(crate) fn is_tchar(b: u8) -> bool {
    matches!(b,
        b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_'
        | b'`' | b'|' | b'~' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
}

/// A field value byte (RFC 9110 §5.5): visible ASCII, SP, HTAB or obs-text; never CR,
/// LF, NUL, another control byte or DEL.
pub(crate) fn is_field_value_byte(b: u8) -> bool {
    b == b'\t' || (0x20..0x7f).contains(&b) || b >= 0x80
}

fn check_method(method: &Method) -> Result<(), H1Error> {
    let m = method.as_str().as_bytes();
    if m.is_empty() || !m.iter().all(|&b| is_tchar(b)) {
        return Err(H1Error::InvalidMethod);
    }
    Ok(())
}

/// A request target (or host) may hold visible ASCII only: no space, control or
/// non-ASCII byte.
fn check_target(s: &str) -> Result<(), H1Error> {
    if s.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        Ok(())
    } else {
        Err(H1Error::InvalidRequestTarget)
    }
}

fn check_headers(headers: &HeaderMap) -> Result<(), H1Error> {
    for (name, value) in headers {
        check_field(name.as_str().as_bytes(), value.as_bytes())?;
    }
    Ok(())
}

/// Checks one header field h11-style: the name is a non-empty token, the value holds no
/// CR, LF, NUL, other control byte or DEL. The `http` crate's types already enforce
/// this; the codec checks again so that the wire format never depends on it.
fn check_field(name: &[u8], value: &[u8]) -> Result<(), H1Error> {
    if name.is_empty() || !name.iter().all(|&b| is_tchar(b)) {
        return Err(H1Error::ForbiddenHeaderName {
            name: String::from_utf8_lossy(name).escape_debug().to_string(),
        });
    }
    if !value.iter().all(|&b| is_field_value_byte(b)) {
        return Err(H1Error::ForbiddenHeaderValue {
            name: String::from_utf8_lossy(name).into_owned(),
        });
    }
    Ok(())
}

/// Whether an empty body of `method` is still framed with `Content-Length: 0`: for
/// `POST`, `PUT` and `PATCH`, methods that give content a meaning (RFC 9110 §8.6), as
/// httpx sends them; a body-less `GET` or `DELETE` carries no length.
pub fn frames_empty_body(method: &Method) -> bool {
    *method == Method::POST || *method == Method::PUT || *method == Method::PATCH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_check_refuses_cr_lf_nul_and_controls() {
        for bad in [
            &b"a\rb"[..],
            b"a\nb",
            b"a\r\nx-injected: 1",
            b"\0",
            b"\x7f",
            b"\x1b[0m",
        ] {
            assert_eq!(
                check_field(b"x-test", bad),
                Err(H1Error::ForbiddenHeaderValue {
                    name: "x-test".into()
                }),
                "{bad:?}"
            );
        }
        for good in [&b""[..], b"plain", b"tab\there", b"caf\xc3\xa9", b"a b"] {
            assert_eq!(check_field(b"x-test", good), Ok(()), "{good:?}");
        }
        for bad in [&b""[..], b"a b", b"a:b", b"a\r\n", b"caf\xc3\xa9"] {
            assert!(matches!(
                check_field(bad, b"v"),
                Err(H1Error::ForbiddenHeaderName { .. })
            ));
        }
    }
}
