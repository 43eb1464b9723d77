//! SigV4 signatures equal botocore's, byte for byte, on the vectors botocore generated
//! (`fixtures/sigv4/generate.py` writes `fixtures/sigv4/vectors.json`): GET and POST,
//! query strings, session tokens, unreserved and reserved characters in the model id,
//! whitespace and repeated headers.

use std::time::{Duration, UNIX_EPOCH};

use anthropic_core::platform::AwsCredentials;
use anthropic_core::platform::sigv4::{SigningParams, sign};
use serde_json::Value;

fn vectors() -> Vec<Value> {
    let text = include_str!("fixtures/sigv4/vectors.json");
    let json: Value = serde_json::from_str(text).unwrap();
    json["cases"].as_array().unwrap().clone()
}

#[test]
fn every_botocore_vector_signs_identically() {
    let cases = vectors();
    assert!(cases.len() >= 7);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let mut builder = http::Request::builder()
            .method(case["method"].as_str().unwrap())
            .uri(case["url"].as_str().unwrap());
        for pair in case["headers"].as_array().unwrap() {
            builder = builder.header(pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        }
        let body = case["body"].as_str().unwrap().as_bytes().to_vec();
        let mut request = builder.body(body).unwrap();
        let mut credentials = AwsCredentials::new(
            case["access_key"].as_str().unwrap(),
            case["secret"].as_str().unwrap(),
        );
        if let Some(token) = case["token"].as_str() {
            credentials = credentials.session_token(token);
        }
        let params = SigningParams {
            credentials: &credentials,
            region: case["region"].as_str().unwrap(),
            service: "bedrock",
            time: UNIX_EPOCH + Duration::from_secs(case["unix_time"].as_u64().unwrap()),
        };
        let signature = sign(&mut request, &params).unwrap();
        let expected = &case["expected"];
        assert_eq!(
            signature.canonical_request,
            expected["canonical_request"].as_str().unwrap(),
            "{name}: canonical request"
        );
        assert_eq!(
            signature.string_to_sign,
            expected["string_to_sign"].as_str().unwrap(),
            "{name}: string to sign"
        );
        let header = |n: &str| {
            request
                .headers()
                .get(n)
                .map(|v| v.to_str().unwrap().to_owned())
        };
        assert_eq!(
            header("authorization").as_deref(),
            expected["authorization"].as_str(),
            "{name}: authorization"
        );
        assert_eq!(
            header("x-amz-date").as_deref(),
            expected["x_amz_date"].as_str(),
            "{name}"
        );
        assert_eq!(
            header("x-amz-security-token").as_deref(),
            expected["x_amz_security_token"].as_str(),
            "{name}: session token header"
        );
    }
}

#[test]
fn the_specs_worked_example() {
    let mut request = http::Request::post(
        "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-sonnet-20241022-v2:0/invoke",
    )
    .header("accept", "application/json")
    .header("content-type", "application/json")
    .header("user-agent", "x")
    .body(br#"{"anthropic_version":"bedrock-2023-05-31","max_tokens":256,"messages":[{"role":"user","content":"Hello"}]}"#.as_slice())
    .unwrap();
    let credentials =
        AwsCredentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    let params = SigningParams {
        credentials: &credentials,
        region: "us-east-1",
        service: "bedrock",
        time: UNIX_EPOCH + Duration::from_secs(1_736_942_400),
    };
    let signature = sign(&mut request, &params).unwrap();
    assert_eq!(
        signature.signed_headers,
        "accept;content-type;host;x-amz-date"
    );
    assert!(
        signature
            .string_to_sign
            .ends_with("5ab11a18c0d612f3649380a54568beded760d2eeb77ad28c5bf0e29520534278")
    );
    assert_eq!(
        signature.signature,
        "80adfea7f380f61fd6d3b423cea55792051b4bab74a1e0e5a6bb6ae20b5b908e"
    );
    // Re-signing replaces the old signature headers instead of adding to them.
    let again = sign(&mut request, &params).unwrap();
    assert_eq!(again, signature);
    assert_eq!(request.headers().get_all("authorization").iter().count(), 1);
    // The secret appears nowhere in the texts or the headers.
    let shown = format!("{signature:?}{:?}", request.headers());
    assert!(!shown.contains("wJalrXUtnFEMI"), "{shown}");
}
