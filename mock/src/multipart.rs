//! Reading `multipart/form-data` request bodies (file and skill uploads).

use crate::capture::CapturedRequest;

/// One part of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The `name` of its `Content-Disposition`.
    pub name: String,
    /// The `filename`, for file parts.
    pub filename: Option<String>,
    /// Its `Content-Type`, if given.
    pub content_type: Option<String>,
    /// The bytes.
    pub body: Vec<u8>,
}

/// The parts of a `multipart/form-data` request, or why it is not one.
pub fn parse(request: &CapturedRequest) -> Result<Vec<Part>, String> {
    let content_type = request
        .header("content-type")
        .ok_or("missing Content-Type")?;
    let (media, params) = content_type.split_once(';').unwrap_or((content_type, ""));
    if !media.trim().eq_ignore_ascii_case("multipart/form-data") {
        return Err(format!("expected multipart/form-data, got {media}"));
    }
    let boundary = params
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("boundary="))
        .next()
        .map(|b| b.trim_matches('"'))
        .ok_or("multipart/form-data without a boundary")?;
    let delimiter = format!("--{boundary}").into_bytes();
    let body = &request.body;
    let mut at = find(body, &delimiter, 0).ok_or("no opening boundary")?;
    let mut parts = Vec::new();
    loop {
        at += delimiter.len();
        if body[at..].starts_with(b"--") {
            return Ok(parts);
        }
        if !body[at..].starts_with(b"\r\n") {
            return Err("boundary not followed by CRLF".into());
        }
        at += 2;
        let head_end = find(body, b"\r\n\r\n", at).ok_or("part head without an end")?;
        let head = std::str::from_utf8(&body[at..head_end]).map_err(|_| "part head not UTF-8")?;
        let mut closing = b"\r\n".to_vec();
        closing.extend_from_slice(&delimiter);
        let end = find(body, &closing, head_end + 4).ok_or("part without a closing boundary")?;
        let mut part = Part {
            name: String::new(),
            filename: None,
            content_type: None,
            body: body[head_end + 4..end].to_vec(),
        };
        for line in head.split("\r\n") {
            let (name, value) = line.split_once(':').ok_or("part header without ':'")?;
            if name.eq_ignore_ascii_case("content-disposition") {
                part.name = param(value, "name").ok_or("part without a name")?;
                part.filename = param(value, "filename");
            } else if name.eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.trim().to_owned());
            }
        }
        parts.push(part);
        at = end + 2;
    }
}

fn param(value: &str, key: &str) -> Option<String> {
    value.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        (k == key).then(|| v.trim_matches('"').replace("\\\"", "\""))
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}
