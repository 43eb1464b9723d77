//! The default, Claude-like behavior over real loopback TCP.

mod common;

use anthropic_mock::MockServer;
use common::{Conn, HELLO, events};
use serde_json::json;

#[test]
fn default_message_has_the_api_shape() {
    let server = MockServer::start();
    let r = Conn::open(server.addr()).request("POST", "/v1/messages", Some(HELLO));
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("request-id"), Some("req_mock_1"));
    let m = r.json();
    assert_eq!(m["id"], "msg_mock_1");
    assert_eq!(m["type"], "message");
    assert_eq!(m["role"], "assistant");
    assert_eq!(m["model"], "claude-sonnet-4-5");
    assert_eq!(m["stop_reason"], "end_turn");
    assert_eq!(m["stop_sequence"], json!(null));
    assert_eq!(m["content"][0]["type"], "text");
    assert_eq!(
        m["content"][0]["text"],
        "Hello! This is the mock Claude server. You said: Hello, Claude"
    );
    let usage = &m["usage"];
    assert!(usage["input_tokens"].as_u64().unwrap() > 0);
    assert!(usage["output_tokens"].as_u64().unwrap() > 0);
    assert_eq!(usage["cache_read_input_tokens"], 0);
    assert_eq!(usage["cache_creation_input_tokens"], 0);
}

#[test]
fn beta_query_and_block_content_are_understood() {
    let server = MockServer::start();
    let body = json!({
        "model": "claude-opus-4-5", "max_tokens": 5,
        "messages": [
            {"role": "user", "content": "first"},
            {"role": "assistant", "content": "ok"},
            {"role": "user", "content": [{"type": "text", "text": "one two three four five six"}]}
        ]
    })
    .to_string();
    let r = Conn::open(server.addr()).request("POST", "/v1/messages?beta=true", Some(&body));
    let m = r.json();
    // Cut to max_tokens words.
    assert_eq!(m["stop_reason"], "max_tokens");
    assert_eq!(m["content"][0]["text"], "Hello! This is the mock");
}

#[test]
fn streamed_message_is_a_full_event_sequence() {
    let server = MockServer::start();
    let body = HELLO.replace("\"max_tokens\"", "\"stream\":true,\"max_tokens\"");
    let r = Conn::open(server.addr()).request("POST", "/v1/messages", Some(&body));
    assert_eq!(r.status, 200);
    assert_eq!(r.header("transfer-encoding"), Some("chunked"));
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("text/event-stream")
    );
    assert!(r.complete);
    let evs = events(&r.text());
    let names: Vec<&str> = evs.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(
        &names[..3],
        ["message_start", "content_block_start", "ping"]
    );
    assert_eq!(
        &names[names.len() - 3..],
        ["content_block_stop", "message_delta", "message_stop"]
    );
    let deltas: Vec<&str> = evs
        .iter()
        .filter(|(e, _)| e == "content_block_delta")
        .map(|(_, d)| d["delta"]["text"].as_str().unwrap())
        .collect();
    assert!(deltas.len() > 3, "split by words: {deltas:?}");
    assert_eq!(
        deltas.concat(),
        "Hello! This is the mock Claude server. You said: Hello, Claude"
    );
    let (_, start) = &evs[0];
    assert_eq!(start["message"]["id"], "msg_mock_1");
    assert_eq!(start["message"]["content"], json!([]));
    let (_, delta) = &evs[evs.len() - 2];
    assert_eq!(delta["delta"]["stop_reason"], "end_turn");
    assert!(delta["usage"]["output_tokens"].as_u64().unwrap() > 1);
}

#[test]
fn forced_tool_choice_answers_tool_use_fitting_the_schema() {
    let server = MockServer::start();
    let tools = json!([
        {"name": "other", "input_schema": {"type": "object"}},
        {"name": "get_weather", "description": "Weather", "input_schema": {
            "type": "object",
            "properties": {"location": {"type": "string"}, "days": {"type": "integer"}},
            "required": ["location", "days"]
        }}
    ]);
    let body = json!({
        "model": "m", "max_tokens": 100, "tools": tools,
        "tool_choice": {"type": "tool", "name": "get_weather"},
        "messages": [{"role": "user", "content": "Weather in Paris?"}]
    });
    let mut conn = Conn::open(server.addr());
    let m = conn
        .request("POST", "/v1/messages", Some(&body.to_string()))
        .json();
    assert_eq!(m["stop_reason"], "tool_use");
    let block = &m["content"][0];
    assert_eq!(block["type"], "tool_use");
    assert_eq!(block["name"], "get_weather");
    assert_eq!(block["input"], json!({"location": "example", "days": 1}));
    assert!(block["id"].as_str().unwrap().starts_with("toolu_"));

    // Streamed: the input arrives as input_json_delta pieces that join to the same JSON.
    let mut streamed = body.clone();
    streamed["stream"] = json!(true);
    let r = conn.request("POST", "/v1/messages", Some(&streamed.to_string()));
    let evs = events(&r.text());
    let json_text: String = evs
        .iter()
        .filter_map(|(_, d)| d["delta"]["partial_json"].as_str())
        .collect();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json_text).unwrap(),
        json!({"location": "example", "days": 1})
    );
    assert!(
        evs.iter()
            .filter(|(_, d)| d["delta"]["type"] == "input_json_delta")
            .count()
            > 2
    );
    assert_eq!(evs[evs.len() - 2].1["delta"]["stop_reason"], "tool_use");

    // tool_choice auto keeps answering text; a tool_result is acknowledged.
    let auto = json!({
        "model": "m", "max_tokens": 100, "tools": tools,
        "messages": [
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "get_weather", "input": {}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "18 C"}]}
        ]
    });
    let m = conn
        .request("POST", "/v1/messages", Some(&auto.to_string()))
        .json();
    assert_eq!(m["content"][0]["text"], "Thanks, the tool returned: 18 C");
}

#[test]
fn thinking_comes_first_with_a_signature() {
    let server = MockServer::start();
    let body = json!({
        "model": "m", "max_tokens": 2000, "thinking": {"type": "enabled", "budget_tokens": 1024},
        "messages": [{"role": "user", "content": "Think"}]
    });
    let mut conn = Conn::open(server.addr());
    let m = conn
        .request("POST", "/v1/messages", Some(&body.to_string()))
        .json();
    assert_eq!(m["content"][0]["type"], "thinking");
    assert!(!m["content"][0]["signature"].as_str().unwrap().is_empty());
    assert_eq!(m["content"][1]["type"], "text");

    let mut streamed = body;
    streamed["stream"] = json!(true);
    let evs = events(
        &conn
            .request("POST", "/v1/messages", Some(&streamed.to_string()))
            .text(),
    );
    let kinds: Vec<&str> = evs
        .iter()
        .filter_map(|(_, d)| d["delta"]["type"].as_str())
        .collect();
    let first_sig = kinds.iter().position(|k| *k == "signature_delta").unwrap();
    assert!(kinds[..first_sig].iter().all(|k| *k == "thinking_delta"));
    assert!(kinds[first_sig + 1..].iter().all(|k| *k == "text_delta"));
}

#[test]
fn missing_credentials_get_401() {
    let server = MockServer::start();
    let mut conn = Conn::open(server.addr());
    conn.send_raw(
        format!(
            "POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{HELLO}",
            HELLO.len()
        )
        .as_bytes(),
    );
    let r = conn.read_response().unwrap();
    assert_eq!(r.status, 401);
    let body = r.json();
    assert_eq!(body["type"], "error");
    assert_eq!(body["error"]["type"], "authentication_error");
    assert_eq!(body["request_id"], r.header("request-id").unwrap());
    // A bearer token is accepted as a credential.
    conn.send(
        "POST",
        "/v1/messages/count_tokens",
        Some(HELLO),
        &[("Authorization", "Bearer t")],
    );
    assert_eq!(conn.read_response().unwrap().status, 200);
}

#[test]
fn invalid_message_requests_get_400() {
    let server = MockServer::start();
    let mut conn = Conn::open(server.addr());
    let r = conn.request(
        "POST",
        "/v1/messages",
        Some(r#"{"model":"m","messages":[]}"#),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"]["type"], "invalid_request_error");
    assert_eq!(r.json()["error"]["message"], "max_tokens: Field required");
    let r = conn.request("POST", "/v1/messages", Some("not json"));
    assert_eq!(r.status, 400);
}

#[test]
fn count_tokens_is_deterministic() {
    let server = MockServer::start();
    let mut conn = Conn::open(server.addr());
    let a = conn
        .request("POST", "/v1/messages/count_tokens", Some(HELLO))
        .json();
    let b = conn
        .request("POST", "/v1/messages/count_tokens", Some(HELLO))
        .json();
    assert_eq!(a, b);
    assert!(a["input_tokens"].as_u64().unwrap() > 0);
    let m = conn.request("POST", "/v1/messages", Some(HELLO)).json();
    assert_eq!(m["usage"]["input_tokens"], a["input_tokens"]);
}

#[test]
fn models_paginate_both_ways() {
    let server = MockServer::start();
    let mut conn = Conn::open(server.addr());
    let all = conn.request("GET", "/v1/models", None).json();
    let ids: Vec<String> = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(ids.len() >= 5);
    assert_eq!(all["has_more"], false);
    assert_eq!(all["first_id"], ids[0].as_str());
    assert_eq!(all["last_id"], ids[ids.len() - 1].as_str());
    assert_eq!(all["data"][0]["type"], "model");
    assert!(
        all["data"][0]["created_at"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );

    // Forward, two at a time, collects everything once.
    let mut seen = Vec::new();
    let mut path = "/v1/models?limit=2".to_owned();
    loop {
        let page = conn.request("GET", &path, None).json();
        for m in page["data"].as_array().unwrap() {
            seen.push(m["id"].as_str().unwrap().to_owned());
        }
        assert!(page["data"].as_array().unwrap().len() <= 2);
        if page["has_more"] == false {
            break;
        }
        path = format!(
            "/v1/models?limit=2&after_id={}",
            page["last_id"].as_str().unwrap()
        );
    }
    assert_eq!(seen, ids);

    // Backward from the end.
    let page = conn
        .request(
            "GET",
            &format!("/v1/models?limit=2&before_id={}", ids[4]),
            None,
        )
        .json();
    assert_eq!(page["first_id"], ids[2].as_str());
    assert_eq!(page["last_id"], ids[3].as_str());
    assert_eq!(page["has_more"], true);
    let page = conn
        .request(
            "GET",
            &format!("/v1/models?limit=5&before_id={}", ids[1]),
            None,
        )
        .json();
    assert_eq!(page["first_id"], ids[0].as_str());
    assert_eq!(page["has_more"], false);

    assert_eq!(conn.request("GET", "/v1/models?limit=0", None).status, 400);
}

#[test]
fn model_retrieve_and_not_found() {
    let server = MockServer::start();
    let mut conn = Conn::open(server.addr());
    let m = conn.request("GET", "/v1/models/claude-sonnet-4-5-20250929", None);
    assert_eq!(m.status, 200);
    assert_eq!(m.json()["display_name"], "Claude Sonnet 4.5");
    let alias = conn
        .request("GET", "/v1/models/claude-sonnet-4-5", None)
        .json();
    assert_eq!(alias["id"], "claude-sonnet-4-5-20250929");
    let missing = conn.request("GET", "/v1/models/claude-nope", None);
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["error"]["type"], "not_found_error");
    let other = conn.request("GET", "/v1/complete-nonsense", None);
    assert_eq!(other.status, 404);
    assert_eq!(other.json()["type"], "error");
    assert!(other.header("request-id").unwrap().starts_with("req_mock_"));
}
