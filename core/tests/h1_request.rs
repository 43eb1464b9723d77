//! Byte-exact tests of HTTP/1.1 request serialization and the proxy CONNECT request.

use anthropic_core::h1::{
    H1Error, RequestTarget, connect_authority, encode_connect, encode_request, encode_request_with,
};
use http::uri::Authority;
use http::{HeaderMap, HeaderValue, Method, Request, Uri};

fn request<'a>(
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
    body: &'a [u8],
) -> Request<&'a [u8]> {
    let mut builder = Request::builder().method(method).uri(uri);
    for (n, v) in headers {
        builder = builder.header(*n, *v);
    }
    builder.body(body).unwrap()
}

fn encode(req: &Request<&[u8]>) -> Result<String, H1Error> {
    let mut out = Vec::new();
    encode_request(req, &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

/// The error, after checking that `out` was left untouched.
fn refused(req: &Request<&[u8]>, target: RequestTarget) -> H1Error {
    let mut out = b"previous bytes".to_vec();
    let e = encode_request_with(req, target, &mut out).unwrap_err();
    assert_eq!(out, b"previous bytes", "nothing written on error");
    assert!(e.is_local(), "{e}");
    e
}

#[test]
fn post_with_json_body() {
    let body = br#"{"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"Hello"}]}"#;
    let req = request(
        Method::POST,
        "http://127.0.0.1:8080/v1/messages?beta=true",
        &[
            ("accept", "application/json"),
            ("anthropic-version", "2023-06-01"),
            ("content-type", "application/json"),
            ("x-api-key", "sk-ant-test"),
        ],
        body,
    );
    let expected = format!(
        "POST /v1/messages?beta=true HTTP/1.1\r\n\
host: 127.0.0.1:8080\r\n\
accept: application/json\r\n\
anthropic-version: 2023-06-01\r\n\
content-type: application/json\r\n\
x-api-key: sk-ant-test\r\n\
content-length: {}\r\n\
\r\n\
{}",
        body.len(),
        std::str::from_utf8(body).unwrap()
    );
    assert_eq!(encode(&req).unwrap(), expected);
}

#[test]
fn get_host_with_and_without_port() {
    let cases = [
        (
            "https://api.anthropic.com/v1/models?limit=20&after_id=x",
            "api.anthropic.com",
            "/v1/models?limit=20&after_id=x",
        ),
        (
            "https://api.anthropic.com:443/v1/models",
            "api.anthropic.com",
            "/v1/models",
        ),
        (
            "https://api.anthropic.com:8443/v1/models",
            "api.anthropic.com:8443",
            "/v1/models",
        ),
        ("http://localhost/v1/models", "localhost", "/v1/models"),
        ("http://localhost:80/", "localhost", "/"),
        ("http://localhost:443/", "localhost:443", "/"),
        ("http://localhost", "localhost", "/"),
        ("http://[::1]:8080/x", "[::1]:8080", "/x"),
        ("http://user:secret@example.com/x", "example.com", "/x"),
    ];
    for (uri, host, target) in cases {
        let req = request(Method::GET, uri, &[("accept", "application/json")], b"");
        assert_eq!(
            encode(&req).unwrap(),
            format!("GET {target} HTTP/1.1\r\nhost: {host}\r\naccept: application/json\r\n\r\n"),
            "{uri}"
        );
    }
}

#[test]
fn content_length_for_empty_bodies() {
    let uri = "http://h/v1/messages/batches/b1/cancel";
    assert_eq!(
        encode(&request(Method::POST, uri, &[], b"")).unwrap(),
        "POST /v1/messages/batches/b1/cancel HTTP/1.1\r\nhost: h\r\ncontent-length: 0\r\n\r\n"
    );
    for method in [Method::PUT, Method::PATCH] {
        assert!(
            encode(&request(method, uri, &[], b""))
                .unwrap()
                .contains("content-length: 0\r\n")
        );
    }
    for method in [Method::GET, Method::DELETE, Method::HEAD, Method::OPTIONS] {
        assert!(
            !encode(&request(method, uri, &[], b""))
                .unwrap()
                .contains("content-length")
        );
    }
    // A body on a DELETE still gets its length.
    assert!(
        encode(&request(Method::DELETE, uri, &[], b"{}"))
            .unwrap()
            .contains("content-length: 2\r\n")
    );
}

#[test]
fn existing_host_and_content_length_are_kept() {
    let req = request(
        Method::POST,
        "http://127.0.0.1:1/x",
        &[("host", "api.example"), ("content-length", "2")],
        b"{}",
    );
    assert_eq!(
        encode(&req).unwrap(),
        "POST /x HTTP/1.1\r\nhost: api.example\r\ncontent-length: 2\r\n\r\n{}"
    );
    // A relative URI works with a Host header.
    let req = request(Method::GET, "/only/path?q=1", &[("host", "h:81")], b"");
    assert_eq!(
        encode(&req).unwrap(),
        "GET /only/path?q=1 HTTP/1.1\r\nhost: h:81\r\n\r\n"
    );
}

#[test]
fn repeated_headers_are_all_written() {
    let req = request(
        Method::GET,
        "http://h/",
        &[("anthropic-beta", "a"), ("anthropic-beta", "b")],
        b"",
    );
    assert_eq!(
        encode(&req).unwrap(),
        "GET / HTTP/1.1\r\nhost: h\r\nanthropic-beta: a\r\nanthropic-beta: b\r\n\r\n"
    );
}

#[test]
fn absolute_form_for_a_plain_http_proxy() {
    let req = request(
        Method::GET,
        "http://api.example:8080/v1/models?limit=1",
        &[],
        b"",
    );
    let mut out = Vec::new();
    encode_request_with(&req, RequestTarget::Absolute, &mut out).unwrap();
    assert_eq!(
        out,
        b"GET http://api.example:8080/v1/models?limit=1 HTTP/1.1\r\nhost: api.example:8080\r\n\r\n"
    );
    let req = request(Method::GET, "http://api.example/", &[], b"");
    out.clear();
    encode_request_with(&req, RequestTarget::Absolute, &mut out).unwrap();
    assert_eq!(
        out,
        b"GET http://api.example/ HTTP/1.1\r\nhost: api.example\r\n\r\n"
    );
}

#[test]
fn unserializable_requests_are_refused_before_writing() {
    let origin = RequestTarget::Origin;
    let mismatch = request(Method::POST, "http://h/", &[("content-length", "5")], b"{}");
    assert_eq!(
        refused(&mismatch, origin),
        H1Error::ContentLengthMismatch { body_len: 2 }
    );
    let te = request(
        Method::POST,
        "http://h/",
        &[("transfer-encoding", "chunked")],
        b"{}",
    );
    assert_eq!(refused(&te, origin), H1Error::RequestTransferEncoding);
    let no_host = request(Method::GET, "/path", &[], b"");
    assert_eq!(refused(&no_host, origin), H1Error::MissingAuthority);
    let relative_absolute = request(Method::GET, "/path", &[("host", "h")], b"");
    assert_eq!(
        refused(&relative_absolute, RequestTarget::Absolute),
        H1Error::MissingAuthority
    );
    let ftp = request(Method::GET, "ftp://h/file", &[], b"");
    assert_eq!(refused(&ftp, origin), H1Error::UnsupportedScheme);
    let connect = request(Method::CONNECT, "h:443", &[], b"");
    assert_eq!(refused(&connect, origin), H1Error::UnexpectedConnect);
}

#[test]
fn header_values_with_cr_lf_cannot_reach_the_wire() {
    // The `http` types refuse them first; the codec checks again (unit-tested in
    // `h1::request`), so a request smuggled past the types would still be refused.
    for bad in [&b"a\r\nx-injected: 1"[..], b"a\rb", b"a\nb", b"a\0b"] {
        assert!(HeaderValue::from_bytes(bad).is_err());
    }
    let built = Request::builder()
        .uri("http://h/")
        .header("x-test", "a\r\nb")
        .body(&b""[..]);
    assert!(built.is_err());
}

#[test]
fn connect_request_byte_exact() {
    let mut headers = HeaderMap::new();
    headers.insert(
        "proxy-authorization",
        HeaderValue::from_static("Basic dXNlcjpwYXNz"),
    );
    let authority: Authority = "api.anthropic.com:443".parse().unwrap();
    let mut out = Vec::new();
    encode_connect(&authority, &headers, &mut out).unwrap();
    assert_eq!(
        out,
        b"CONNECT api.anthropic.com:443 HTTP/1.1\r\n\
host: api.anthropic.com:443\r\n\
proxy-authorization: Basic dXNlcjpwYXNz\r\n\
\r\n"
    );

    let uri: Uri = "https://api.anthropic.com/v1/messages".parse().unwrap();
    assert_eq!(
        connect_authority(&uri).unwrap().as_str(),
        "api.anthropic.com:443"
    );
    let uri: Uri = "http://[::1]/x".parse().unwrap();
    assert_eq!(connect_authority(&uri).unwrap().as_str(), "[::1]:80");

    let mut out = b"keep".to_vec();
    let no_port: Authority = "api.anthropic.com".parse().unwrap();
    assert_eq!(
        encode_connect(&no_port, &HeaderMap::new(), &mut out),
        Err(H1Error::ConnectNeedsPort)
    );
    assert_eq!(out, b"keep");
}
