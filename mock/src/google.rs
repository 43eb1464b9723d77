//! The mock's Google endpoints for the Vertex AI token flows: an OAuth token endpoint and
//! a metadata server, plus a test service-account key and the credential files that use
//! them.
//!
//! | request | answer |
//! |---|---|
//! | `POST /token`, `grant_type=refresh_token` with `client_id`, `client_secret`, `refresh_token` | `{"access_token":"ya29.mock-<n>","expires_in":3600,"token_type":"Bearer"}` |
//! | `POST /token`, `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` with an RS256 `assertion` signed by [`TEST_PRIVATE_KEY_PEM`] (signature, `iss`, `aud`, `scope`, `exp` checked) | the same |
//! | `GET /computeMetadata/v1/instance/service-accounts/default/token` with `Metadata-Flavor: Google` | the same |
//! | `GET /computeMetadata/v1/project/project-id` with `Metadata-Flavor: Google` | [`TEST_PROJECT`] as `application/text`, as the real server answers |
//!
//! Anything wrong is a 400 `{"error":"invalid_grant","error_description":..}` (403 without
//! the metadata header). `<n>` is the request's number (from `req_mock_<n>`), so every
//! token issued is distinct. `x-mock-expires-in: S` on a token request sets `expires_in`.

use ring::signature::{KeyPair, RSA_PKCS1_2048_8192_SHA256, RsaKeyPair, UnparsedPublicKey};
use serde_json::{Value, json};

use crate::capture::{CapturedRequest, query_param};
use crate::script::MockResponse;

/// A 2048-bit RSA key made for these tests only (not a secret of anyone's): the
/// `private_key` of [`service_account_json`].
pub const TEST_PRIVATE_KEY_PEM: &str = include_str!("test_google_key.pem");
/// The `client_email` of the test service account.
pub const TEST_CLIENT_EMAIL: &str = "sdk-test@mock-project.iam.gserviceaccount.com";
/// The project id the test credential files name.
pub const TEST_PROJECT: &str = "mock-project";

/// A service-account key file whose tokens come from `token_uri` (`<server url>/token`).
pub fn service_account_json(token_uri: &str) -> String {
    json!({
        "type": "service_account",
        "project_id": TEST_PROJECT,
        "private_key_id": "mock-key-1",
        "private_key": TEST_PRIVATE_KEY_PEM,
        "client_email": TEST_CLIENT_EMAIL,
        "client_id": "1234567890",
        "token_uri": token_uri,
    })
    .to_string()
}

/// An `authorized_user` file (as `gcloud auth application-default login` writes) whose
/// tokens come from `token_uri`.
pub fn authorized_user_json(token_uri: &str) -> String {
    json!({
        "type": "authorized_user",
        "client_id": "mock-client-id",
        "client_secret": "mock-client-secret",
        "refresh_token": "mock-refresh-token",
        "quota_project_id": TEST_PROJECT,
        "token_uri": token_uri,
    })
    .to_string()
}

fn token(request: &CapturedRequest) -> MockResponse {
    let n = request.request_id.trim_start_matches("req_mock_");
    let expires_in: u64 = request
        .header("x-mock-expires-in")
        .and_then(|v| v.parse().ok())
        .unwrap_or(3600);
    MockResponse::json(
        200,
        json!({"access_token": format!("ya29.mock-{n}"), "expires_in": expires_in, "token_type": "Bearer"}),
    )
}

fn invalid_grant(why: &str) -> MockResponse {
    MockResponse::json(
        400,
        json!({"error": "invalid_grant", "error_description": why}),
    )
}

/// Answers a token or metadata request, or `None` for other paths.
pub(crate) fn route(request: &CapturedRequest) -> Option<MockResponse> {
    match (request.method.as_str(), request.path_only()) {
        ("POST", "/token") => Some(token_endpoint(request)),
        ("GET", "/computeMetadata/v1/instance/service-accounts/default/token") => {
            Some(if request.header("metadata-flavor") == Some("Google") {
                token(request)
            } else {
                MockResponse::json(403, json!({"error": "Missing Metadata-Flavor: Google"}))
            })
        }
        ("GET", crate::google::PROJECT_ID_PATH) => {
            Some(if request.header("metadata-flavor") == Some("Google") {
                MockResponse::body(200, "application/text", TEST_PROJECT)
                    .header("metadata-flavor", "Google")
            } else {
                MockResponse::json(403, json!({"error": "Missing Metadata-Flavor: Google"}))
            })
        }
        _ => None,
    }
}

/// The metadata server's path of the machine's project id.
pub const PROJECT_ID_PATH: &str = "/computeMetadata/v1/project/project-id";

fn token_endpoint(request: &CapturedRequest) -> MockResponse {
    let form = format!("?{}", request.body_text());
    let field = |name: &str| query_param(&form, name).filter(|v| !v.is_empty());
    match field("grant_type").as_deref() {
        Some("refresh_token") => {
            if field("client_id").is_some()
                && field("client_secret").is_some()
                && field("refresh_token").is_some()
            {
                token(request)
            } else {
                invalid_grant("client_id, client_secret and refresh_token are required")
            }
        }
        Some("urn:ietf:params:oauth:grant-type:jwt-bearer") => match field("assertion") {
            Some(jwt) => match check_assertion(&jwt) {
                Ok(()) => token(request),
                Err(why) => invalid_grant(&why),
            },
            None => invalid_grant("no assertion"),
        },
        _ => MockResponse::json(400, json!({"error": "unsupported_grant_type"})),
    }
}

/// Checks a service-account JWT: RS256 signature by the test key, and its claims.
pub fn check_assertion(jwt: &str) -> Result<(), String> {
    let parts: Vec<&str> = jwt.split('.').collect();
    let [header, claims, signature] = parts[..] else {
        return Err("the assertion is not a JWT".into());
    };
    let decode = |s: &str| base64_decode(s).ok_or_else(|| "invalid base64url".to_owned());
    let header: Value = serde_json::from_slice(&decode(header)?).map_err(|e| e.to_string())?;
    let claims: Value = serde_json::from_slice(&decode(claims)?).map_err(|e| e.to_string())?;
    if header["alg"] != "RS256" || header["typ"] != "JWT" {
        return Err(format!("unexpected JWT header {header}"));
    }
    let der = base64_decode(
        &TEST_PRIVATE_KEY_PEM
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<String>(),
    )
    .ok_or("bad test key")?;
    let pair = RsaKeyPair::from_pkcs8(&der).map_err(|e| e.to_string())?;
    let public = UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, pair.public_key().as_ref());
    let signed = &jwt[..jwt.rfind('.').expect("three parts")];
    public
        .verify(signed.as_bytes(), &decode(signature)?)
        .map_err(|_| "Invalid JWT Signature.".to_owned())?;
    if claims["iss"] != TEST_CLIENT_EMAIL {
        return Err(format!("unexpected iss {}", claims["iss"]));
    }
    if !claims["aud"]
        .as_str()
        .is_some_and(|a| a.ends_with("/token"))
    {
        return Err(format!("unexpected aud {}", claims["aud"]));
    }
    if claims["scope"] != "https://www.googleapis.com/auth/cloud-platform" {
        return Err(format!("unexpected scope {}", claims["scope"]));
    }
    let (iat, exp) = (claims["iat"].as_u64(), claims["exp"].as_u64());
    match (iat, exp) {
        (Some(iat), Some(exp)) if exp > iat && exp - iat <= 3600 => Ok(()),
        _ => Err("iat/exp missing or more than an hour apart".into()),
    }
}

/// Decodes base64 in either alphabet, padded or not.
pub(crate) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' | b'\n' | b'\r' | b' ' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}
