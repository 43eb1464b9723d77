//! The mock's platform endpoints on their own: its SigV4 verifier accepts exactly the
//! signatures botocore computes (the vectors botocore generated in
//! `core/tests/fixtures/sigv4/vectors.json`) and refuses any change to a signed part;
//! its event-stream frames decode with the SDK's decoder; its token endpoint checks JWTs.

use anthropic_core::platform::eventstream::EventStreamDecoder;
use anthropic_mock::{CapturedRequest, bedrock, google};
use serde_json::Value;

fn botocore_requests() -> Vec<(CapturedRequest, String)> {
    let vectors: Value =
        serde_json::from_str(include_str!("../../core/tests/fixtures/sigv4/vectors.json")).unwrap();
    vectors["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| {
            let url: http::Uri = case["url"].as_str().unwrap().parse().unwrap();
            let mut headers: Vec<(String, String)> = case["headers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| {
                    (
                        h[0].as_str().unwrap().to_owned(),
                        h[1].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            let host = match url.port_u16() {
                Some(p) if p != 443 && p != 80 => format!("{}:{p}", url.host().unwrap()),
                _ => url.host().unwrap().to_owned(),
            };
            headers.push(("Host".into(), host));
            let expected = &case["expected"];
            headers.push((
                "X-Amz-Date".into(),
                expected["x_amz_date"].as_str().unwrap().into(),
            ));
            if let Some(token) = expected["x_amz_security_token"].as_str() {
                headers.push(("X-Amz-Security-Token".into(), token.into()));
            }
            headers.push((
                "Authorization".into(),
                expected["authorization"].as_str().unwrap().into(),
            ));
            let request = CapturedRequest {
                method: case["method"].as_str().unwrap().into(),
                path: url.path_and_query().unwrap().as_str().into(),
                version: "HTTP/1.1".into(),
                headers,
                body: case["body"].as_str().unwrap().as_bytes().to_vec(),
                request_id: "req_mock_1".into(),
                connection: 0,
            };
            (request, case["secret"].as_str().unwrap().to_owned())
        })
        .collect()
}

#[test]
fn the_mock_verifies_botocores_signatures() {
    let requests = botocore_requests();
    assert!(requests.len() >= 7);
    for (request, secret) in &requests {
        bedrock::verify_with(request, secret)
            .unwrap_or_else(|e| panic!("{} {}: {e}", request.method, request.path));
        assert!(bedrock::verify_with(request, "another-secret").is_err());
    }
}

#[test]
fn any_change_to_a_signed_part_fails_verification() {
    let (original, secret) = botocore_requests().remove(0);
    let mut body = original.clone();
    body.body.push(b' ');
    let mut path = original.clone();
    path.path.push('x');
    let mut header = original.clone();
    for (name, value) in header.headers.iter_mut() {
        if name == "content-type" {
            value.push_str("; charset=utf-8");
        }
    }
    let mut method = original.clone();
    method.method = "PUT".into();
    for tampered in [body, path, header, method] {
        assert!(bedrock::verify_with(&tampered, &secret).is_err());
    }
    // An unsigned header may change freely (proxies add them).
    let mut extra = original.clone();
    extra
        .headers
        .push(("accept-encoding".into(), "gzip".into()));
    bedrock::verify_with(&extra, &secret).unwrap();
}

#[test]
fn mock_frames_decode_with_the_sdk_decoder() {
    let mut bytes = bedrock::chunk(r#"{"type":"message_stop"}"#);
    bytes.extend(bedrock::exception("throttlingException", "slow down"));
    let mut decoder = EventStreamDecoder::new();
    decoder.feed(&bytes);
    decoder.finish();
    let first = decoder.next_frame().unwrap().unwrap();
    assert_eq!(first.string_header(":event-type"), Some("chunk"));
    let second = decoder.next_frame().unwrap().unwrap();
    assert_eq!(
        second.string_header(":exception-type"),
        Some("throttlingException")
    );
    assert_eq!(decoder.next_frame().unwrap(), None);
}

#[test]
fn the_token_endpoint_refuses_a_forged_assertion() {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let header = b64.encode(r#"{"alg":"RS256","typ":"JWT"}"#);
    let claims = b64.encode(format!(
        r#"{{"iss":"{}","scope":"https://www.googleapis.com/auth/cloud-platform","aud":"http://127.0.0.1/token","iat":1,"exp":3601}}"#,
        google::TEST_CLIENT_EMAIL
    ));
    let forged = format!("{header}.{claims}.{}", b64.encode([7u8; 256]));
    assert_eq!(
        google::check_assertion(&forged).unwrap_err(),
        "Invalid JWT Signature."
    );
    assert!(google::check_assertion("not-a-jwt").is_err());
}
