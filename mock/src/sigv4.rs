//! SigV4 verification: the mock recomputes the signature of a request it received from a
//! known secret, with an implementation of its own (not the SDK's), and compares.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::capture::CapturedRequest;

/// The parts of a verified signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The access key id of the credential scope.
    pub access_key: String,
    /// The region of the scope.
    pub region: String,
    /// The signed headers, as listed.
    pub signed_headers: Vec<String>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// Checks the `authorization` header of `request` against the signature computed with
/// `secret`: scope, signed headers (which must include `host` and `x-amz-date`, and
/// `x-amz-security-token` when present), and the signature. `Err` says what differs.
pub fn verify(request: &CapturedRequest, secret: &str) -> Result<Verified, String> {
    let auth = request
        .header("authorization")
        .ok_or("Missing Authentication Token")?;
    let rest = auth
        .strip_prefix("AWS4-HMAC-SHA256 ")
        .ok_or("the authorization header is not AWS4-HMAC-SHA256")?;
    let mut credential = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(", ") {
        match part.split_once('=') {
            Some(("Credential", v)) => credential = Some(v),
            Some(("SignedHeaders", v)) => signed = Some(v),
            Some(("Signature", v)) => signature = Some(v),
            _ => return Err(format!("unexpected authorization part {part:?}")),
        }
    }
    let (credential, signed, signature) = match (credential, signed, signature) {
        (Some(c), Some(s), Some(g)) => (c, s, g),
        _ => return Err("the authorization header lacks a part".into()),
    };
    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key, date, region, service, "aws4_request"] = scope[..] else {
        return Err(format!("malformed credential scope {credential:?}"));
    };
    if service != "bedrock" {
        return Err(format!(
            "the scope's service is {service:?}, not \"bedrock\""
        ));
    }
    let amz_date = request.header("x-amz-date").ok_or("no x-amz-date header")?;
    if !amz_date.starts_with(date) || amz_date.len() != 16 {
        return Err(format!(
            "x-amz-date {amz_date:?} does not match the scope's date {date}"
        ));
    }
    let names: Vec<&str> = signed.split(';').collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    if sorted != names {
        return Err("the signed headers are not sorted".into());
    }
    for required in ["host", "x-amz-date"] {
        if !names.contains(&required) {
            return Err(format!("{required} is not signed"));
        }
    }
    if request.header("x-amz-security-token").is_some() && !names.contains(&"x-amz-security-token")
    {
        return Err("x-amz-security-token is not signed".into());
    }
    let mut canonical_headers = String::new();
    for name in &names {
        let values = request.header_all(name);
        if values.is_empty() {
            return Err(format!("signed header {name} was not sent"));
        }
        let joined: Vec<String> = values
            .iter()
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        canonical_headers.push_str(&format!("{name}:{}\n", joined.join(",")));
    }
    let (path, query) = request.path.split_once('?').unwrap_or((&request.path, ""));
    let canonical_path: String = path
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    let mut pairs: Vec<(&str, &str)> = if query.is_empty() {
        Vec::new()
    } else {
        query
            .split('&')
            .map(|p| p.split_once('=').unwrap_or((p, "")))
            .collect()
    };
    pairs.sort_unstable();
    let canonical_query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let canonical = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method,
        canonical_path,
        canonical_query.join("&"),
        canonical_headers,
        signed,
        hex(&Sha256::digest(&request.body))
    );
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{date}/{region}/{service}/aws4_request\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let mut key = hmac(format!("AWS4{secret}").as_bytes(), date);
    for part in [region, service, "aws4_request"] {
        key = hmac(&key, part);
    }
    let expected = hex(&hmac(&key, &string_to_sign));
    if expected != signature {
        return Err(format!(
            "The request signature we calculated does not match the signature you provided. \
             The canonical request was:\n{canonical}"
        ));
    }
    Ok(Verified {
        access_key: access_key.to_owned(),
        region: region.to_owned(),
        signed_headers: names.iter().map(|n| n.to_string()).collect(),
    })
}
