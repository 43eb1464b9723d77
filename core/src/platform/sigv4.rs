//! AWS Signature Version 4, as a pure function: request, credentials, region, service
//! and time in; the signing headers out.
//!
//! It produces what botocore's `SigV4Auth` produces for a non-S3 service, byte for byte
//! (checked against vectors botocore generated: `core/tests/fixtures/sigv4/`):
//!
//! - `x-amz-date` (and `x-amz-security-token` with a session token) are added and signed;
//!   an `authorization`, `x-amz-date` or `x-amz-security-token` already on the request is
//!   replaced. No `x-amz-content-sha256` header is added.
//! - Signed headers are every header on the request, lower-cased and sorted, except
//!   botocore's exclusion list (`user-agent`, `expect`, hop-by-hop headers, tracing
//!   headers) and `connection`. `host` is always signed: when the request has none, the
//!   one the HTTP layer will send is computed from the URI (port omitted when it is the
//!   scheme's default) and **added to the request**, so that what is signed is what is sent.
//! - A header value is trimmed with inner runs of whitespace collapsed to one space;
//!   repeated headers are joined with `,`.
//! - The canonical URI is the path percent-encoded once more, keeping only unreserved
//!   characters and `/` (so `:` becomes `%3A` and an existing `%2F` becomes `%252F`): the
//!   standard double encoding of every service but S3.
//! - The canonical query is the raw query split on `&`, each pair split at its first `=`,
//!   sorted, and joined again without re-encoding (as botocore does for a query that is
//!   already in the URL).
//! - The payload hash is the hex SHA-256 of the exact body bytes.
//!
//! The signing key is the HMAC-SHA256 chain `"AWS4" + secret` → date → region → service
//! → `aws4_request`. The secret never appears in any output but the signature.
//!
//! Built on the RustCrypto `hmac` and `sha2` crates rather than the AWS SDK's
//! `aws-sigv4`: that crate brings the `aws-smithy-*` runtime crates (and through them
//! tokio), which the core's purity rule forbids.

use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Uri};
use sha2::{Digest, Sha256};

use super::aws_credentials::AwsCredentials;
use crate::error::Error;

/// The algorithm name in the string to sign and the `authorization` header.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Headers botocore never signs (`connection` is removed by the SDK before signing).
const UNSIGNED_HEADERS: &[&str] = &[
    "connection",
    "expect",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
    "baggage",
    "traceparent",
    "tracestate",
];

/// What a signature is for: the credentials, the region and service of the scope, and the
/// time of signing.
#[derive(Debug, Clone, Copy)]
pub struct SigningParams<'a> {
    /// The credentials.
    pub credentials: &'a AwsCredentials,
    /// The region (`us-east-1`).
    pub region: &'a str,
    /// The service name (`bedrock`).
    pub service: &'a str,
    /// The wall-clock time of signing.
    pub time: SystemTime,
}

/// The intermediate texts of a signature, for tests and debugging (no secret in them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The canonical request.
    pub canonical_request: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// The signed header names joined by `;`.
    pub signed_headers: String,
    /// The signature, hex.
    pub signature: String,
    /// The `x-amz-date` value (`20250115T120000Z`).
    pub amz_date: String,
    /// The full `authorization` header value.
    pub authorization: String,
}

/// Signs `request` in place: adds `host` if missing, `x-amz-date`, `x-amz-security-token`
/// (with a session token) and `authorization`. Returns the intermediate texts.
pub fn sign<B: AsRef<[u8]>>(
    request: &mut http::Request<B>,
    params: &SigningParams<'_>,
) -> Result<Signature, Error> {
    let (amz_date, date) = timestamps(params.time);
    let headers = request.headers_mut();
    for name in ["authorization", "x-amz-date", "x-amz-security-token"] {
        headers.remove(name);
    }
    headers.insert(
        "x-amz-date",
        HeaderValue::from_str(&amz_date).expect("digits"),
    );
    if let Some(token) = &params.credentials.session_token {
        let mut value = HeaderValue::from_str(token.expose()).map_err(|_| {
            Error::InvalidRequest("the AWS session token is not a valid header value".into())
        })?;
        value.set_sensitive(true);
        request.headers_mut().insert("x-amz-security-token", value);
    }
    if !request.headers().contains_key(http::header::HOST) {
        let host = host_of(request.uri())?;
        request.headers_mut().insert(
            http::header::HOST,
            HeaderValue::from_str(&host).map_err(|_| {
                Error::InvalidRequest("the URL's host is not a valid header".into())
            })?,
        );
    }
    let signature = signature_for(
        request.method(),
        request.uri(),
        request.headers(),
        request.body().as_ref(),
        params,
        &amz_date,
        &date,
    );
    let mut value = HeaderValue::from_str(&signature.authorization)
        .map_err(|_| Error::InvalidRequest("the AWS access key is not a valid header".into()))?;
    value.set_sensitive(true);
    request.headers_mut().insert("authorization", value);
    Ok(signature)
}

/// Computes the signature of a request whose headers already hold `x-amz-date` (and the
/// session token, if any), without changing it. [`sign`] is this plus the header edits.
pub fn signature_for(
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    params: &SigningParams<'_>,
    amz_date: &str,
    date: &str,
) -> Signature {
    let (canonical_headers, signed_headers) = canonical_headers(headers);
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        method.as_str(),
        canonical_uri(uri.path()),
        canonical_query(uri.query().unwrap_or("")),
        canonical_headers,
        signed_headers,
        hex(&Sha256::digest(body)),
    );
    let scope = format!("{date}/{}/{}/aws4_request", params.region, params.service);
    let string_to_sign = format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let key = signing_key(
        params.credentials.secret_access_key.expose(),
        date,
        params.region,
        params.service,
    );
    let signature = hex(&hmac(&key, string_to_sign.as_bytes()));
    let authorization = format!(
        "{ALGORITHM} Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
        params.credentials.access_key_id
    );
    Signature {
        canonical_request,
        string_to_sign,
        signed_headers,
        signature,
        amz_date: amz_date.to_owned(),
        authorization,
    }
}

/// `(YYYYMMDDTHHMMSSZ, YYYYMMDD)` in UTC. A time before 1970 signs as 1970-01-01.
pub fn timestamps(time: SystemTime) -> (String, String) {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    let date = format!("{y:04}{m:02}{d:02}");
    let stamp = format!(
        "{date}T{:02}{:02}{:02}Z",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    );
    (stamp, date)
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The `host` header the HTTP layer sends for `uri`: the host, and the port unless it is
/// the scheme's default.
pub fn host_of(uri: &Uri) -> Result<String, Error> {
    let host = uri
        .host()
        .ok_or_else(|| Error::InvalidRequest(format!("the URL {uri} has no host")))?;
    let default = match uri.scheme_str() {
        Some("https") => Some(443),
        Some("http") => Some(80),
        _ => None,
    };
    let host = host.to_ascii_lowercase();
    Ok(match uri.port_u16() {
        Some(port) if Some(port) != default => format!("{host}:{port}"),
        _ => host,
    })
}

fn canonical_headers(headers: &HeaderMap) -> (String, String) {
    let mut names: Vec<&HeaderName> = headers
        .keys()
        .filter(|name| !UNSIGNED_HEADERS.contains(&name.as_str()))
        .collect();
    names.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    let mut block = String::new();
    for name in &names {
        block.push_str(name.as_str());
        block.push(':');
        for (i, value) in headers.get_all(*name).iter().enumerate() {
            if i > 0 {
                block.push(',');
            }
            let text = String::from_utf8_lossy(value.as_bytes());
            let mut first = true;
            for word in text.split_whitespace() {
                if !first {
                    block.push(' ');
                }
                block.push_str(word);
                first = false;
            }
        }
        block.push('\n');
    }
    let signed = names
        .iter()
        .map(|n| n.as_str())
        .collect::<Vec<_>>()
        .join(";");
    (block, signed)
}

/// The path with dot segments and empty segments removed (botocore's
/// `remove_dot_segments`), then encoded once more: unreserved characters and `/` kept,
/// every other byte as `%XX` (an empty path is `/`).
pub fn canonical_uri(path: &str) -> String {
    if path.is_empty() {
        return "/".to_owned();
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut normalized = String::with_capacity(path.len());
    if path.starts_with('/') {
        normalized.push('/');
    }
    normalized.push_str(&segments.join("/"));
    if path.ends_with('/') && !segments.is_empty() {
        normalized.push('/');
    }
    let mut out = String::with_capacity(normalized.len() + 8);
    for &b in normalized.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// The query's `&`-separated pairs, split at the first `=` (a pair without one gets an
/// empty value), sorted, joined again.
pub fn canonical_query(query: &str) -> String {
    if query.is_empty() {
        return String::new();
    }
    let mut pairs: Vec<(&str, &str)> = query
        .split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .collect();
    pairs.sort();
    let mut out = String::with_capacity(query.len() + pairs.len());
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    }
    out
}

fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    hmac(&k_service, b"aws4_request")
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// Lower-case hex of bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_103), (2025, 1, 15));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        let t = UNIX_EPOCH + std::time::Duration::from_secs(1_736_942_400);
        assert_eq!(
            timestamps(t),
            ("20250115T120000Z".to_owned(), "20250115".to_owned())
        );
    }

    #[test]
    fn canonical_uri_double_encodes() {
        assert_eq!(
            canonical_uri("/model/a:b%2Fc%20d/invoke"),
            "/model/a%3Ab%252Fc%2520d/invoke"
        );
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/a/./b/../c//d/"), "/a/c/d/");
        assert_eq!(canonical_uri("/.."), "/");
        assert_eq!(canonical_query("b=2&a=1&c"), "a=1&b=2&c=");
    }
}
