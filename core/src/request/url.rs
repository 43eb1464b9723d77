//! URLs: the base URL, path segments, and the query string.
//!
//! As in Python, the base URL's path always ends in `/` and an endpoint path is appended
//! to it (`http://h/prefix` + `/v1/models` → `http://h/prefix/v1/models`). Unlike Python,
//! path parameters are percent-encoded segment by segment, so a model id with `/`, `?` or
//! `#` reaches the endpoint it names. Query strings are form-encoded (space as `+`).

use http::Uri;

use crate::error::Error;

/// Normalizes a base URL: surrounding whitespace trimmed, a trailing `/` added.
pub fn normalize_base_url(base: &str) -> String {
    let mut base = base.trim().to_owned();
    if !base.ends_with('/') {
        base.push('/');
    }
    base
}

/// Percent-encodes one path segment: everything but RFC 3986 unreserved characters.
///
/// A segment that is exactly `.` or `..` is sent as `%2E` or `%2E%2E`: left as is, it is
/// a dot segment that a normalising proxy or server resolves (`/v1/models/..` becomes
/// `/v1/`), so the request would reach another endpoint than the one it names.
pub fn encode_path_segment(segment: &str) -> String {
    match segment {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => encode(segment, false),
    }
}

/// A path parameter checked and encoded, with Python's error for an empty one.
pub fn path_param(name: &str, value: &str) -> Result<String, Error> {
    if value.is_empty() {
        return Err(Error::InvalidRequest(format!(
            "Expected a non-empty value for `{name}` but received ''"
        )));
    }
    Ok(encode_path_segment(value))
}

/// Encodes `key=value` pairs as `application/x-www-form-urlencoded`.
pub fn encode_query(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&encode(key, true));
        out.push('=');
        out.push_str(&encode(value, true));
    }
    out
}

/// Merges query layers: later layers win, and an overridden key keeps the position of its
/// first occurrence (Python's dict merge). Empty values are dropped, as Python drops
/// parameters that serialize to the empty string.
pub fn merge_query(layers: &[&[(String, String)]]) -> Vec<(String, String)> {
    let mut merged: Vec<(String, String)> = Vec::new();
    for layer in layers {
        for (key, value) in *layer {
            match merged.iter_mut().find(|(k, _)| k == key) {
                Some(slot) => slot.1 = value.clone(),
                None => merged.push((key.clone(), value.clone())),
            }
        }
    }
    merged.retain(|(_, v)| !v.is_empty());
    merged
}

/// Joins the base URL, an endpoint path and a query into a request URI. A path that is
/// already an absolute URL is used as is.
pub fn build_uri(base: &str, path: &str, query: &[(String, String)]) -> Result<Uri, Error> {
    let mut url = if path.starts_with("http://") || path.starts_with("https://") {
        path.to_owned()
    } else {
        let mut url = normalize_base_url(base);
        url.push_str(path.trim_start_matches('/'));
        url
    };
    if !query.is_empty() {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&encode_query(query));
    }
    if !(path.starts_with("http://") || path.starts_with("https://")) {
        // A client built with a bad base URL refused it already; this catches one set by
        // `with_options` afterwards, before any attempt is made.
        crate::config::check_base_url(&normalize_base_url(base))?;
    }
    url.parse::<Uri>()
        .map_err(|e| Error::InvalidRequest(format!("invalid URL {url:?}: {e}")))
}

/// Splits `path?a=1&b=x+y` into the path and its form-decoded query pairs (for custom
/// requests given a path with a query string).
pub fn split_query(path: &str) -> (&str, Vec<(String, String)>) {
    let Some((path, query)) = path.split_once('?') else {
        return (path, Vec::new());
    };
    let pairs = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect();
    (path, pairs)
}

fn decode(input: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let escaped = (b == b'%')
            .then(|| Some(hex(*bytes.get(i + 1)?)? << 4 | hex(*bytes.get(i + 2)?)?))
            .flatten();
        match (b, escaped) {
            (_, Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (b, None) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn encode(input: &str, form: bool) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(input.len());
    for &b in input.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b' ' if form => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 0xf)] as char);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn base_url_and_path_join() {
        for base in ["http://h/prefix", "http://h/prefix/", " http://h/prefix "] {
            let uri = build_uri(base, "/v1/models", &[]).unwrap();
            assert_eq!(uri.to_string(), "http://h/prefix/v1/models");
        }
        let uri = build_uri(
            "https://api.anthropic.com",
            "/v1/messages",
            &q(&[("beta", "true")]),
        );
        assert_eq!(
            uri.unwrap().to_string(),
            "https://api.anthropic.com/v1/messages?beta=true"
        );
    }

    #[test]
    fn path_segments_are_percent_encoded() {
        assert_eq!(encode_path_segment("a/b"), "a%2Fb");
        assert_eq!(encode_path_segment("a b"), "a%20b");
        assert_eq!(encode_path_segment("ü"), "%C3%BC");
        assert_eq!(encode_path_segment("a?b=1#c"), "a%3Fb%3D1%23c");
        // Dot segments would be resolved away by a normalising proxy.
        assert_eq!(encode_path_segment(".."), "%2E%2E");
        assert_eq!(encode_path_segment("."), "%2E");
        // Dots inside a segment are plain characters.
        assert_eq!(encode_path_segment("..."), "...");
        assert_eq!(encode_path_segment("a..b"), "a..b");
        assert_eq!(encode_path_segment(".a"), ".a");
        assert_eq!(
            encode_path_segment("claude-sonnet-4-5"),
            "claude-sonnet-4-5"
        );
        assert!(
            path_param("model_id", "")
                .unwrap_err()
                .to_string()
                .contains("`model_id`")
        );
    }

    #[test]
    fn split_query_decodes_pairs() {
        assert_eq!(split_query("/v1/x"), ("/v1/x", vec![]));
        assert_eq!(
            split_query("/v1/x?a=1&b=x+y%2Fz&c&d=%zz%C3%BC"),
            (
                "/v1/x",
                q(&[("a", "1"), ("b", "x y/z"), ("c", ""), ("d", "%zzü")])
            )
        );
    }

    #[test]
    fn query_merge_keeps_first_position_and_drops_empty() {
        let merged = merge_query(&[
            &q(&[("dq", "1"), ("limit", "9")]),
            &q(&[("limit", "5"), ("x", "")]),
        ]);
        assert_eq!(merged, q(&[("dq", "1"), ("limit", "5")]));
        assert_eq!(
            encode_query(&q(&[("a", "x y"), ("b[c]", "1,2")])),
            "a=x+y&b%5Bc%5D=1%2C2"
        );
    }
}
