//! Response types decode what the API sends and serialize it back unchanged, including
//! values this version does not know.

use anthropic_core::types::*;
use serde_json::{Value, json};

fn roundtrip_value<T: serde::de::DeserializeOwned + serde::Serialize>(v: &Value) -> (T, Value) {
    let t: T = serde_json::from_value(v.clone()).expect("decodes");
    let back = serde_json::to_value(&t).expect("encodes");
    (t, back)
}

fn full_message() -> Value {
    json!({
        "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5-20250929",
        "content": [
            {"type": "thinking", "thinking": "The user wants the weather.", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"},
            {"type": "server_tool_use", "id": "srvtoolu_01", "name": "web_search", "input": {"query": "weather paris"}},
            {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_01", "content": [
                {"type": "web_search_result", "url": "https://example.com/paris", "title": "Paris weather", "encrypted_content": "EqgfCioIARgBIiQ3", "page_age": "April 30, 2025"},
                {"type": "web_search_result", "url": "https://example.org/p", "title": "Forecast", "encrypted_content": "Abc"}
            ]},
            {"type": "text", "text": "It is sunny in Paris.", "citations": [
                {"type": "web_search_result_location", "url": "https://example.com/paris", "title": "Paris weather", "encrypted_index": "Eo8BCioIAhgBIiQy", "cited_text": "Sunny, 24°C"},
                {"type": "char_location", "cited_text": "sunny", "document_index": 0, "document_title": null, "start_char_index": 3, "end_char_index": 8, "file_id": "file_1"}
            ]},
            {"type": "text", "text": " Let me check the forecast tool."},
            {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather", "input": {"location": "Paris, France", "unit": "celsius"}}
        ],
        "stop_reason": "tool_use",
        "stop_sequence": null,
        "usage": {
            "input_tokens": 2095,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
            "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 0},
            "output_tokens": 503,
            "server_tool_use": {"web_search_requests": 1},
            "service_tier": "standard"
        }
    })
}

#[test]
fn full_message_roundtrips_to_identical_json() {
    let original = full_message();
    let (m, back): (Message, Value) = roundtrip_value(&original);
    assert_eq!(back, original);
    // and, since the fixture lists fields in the order the API docs show, byte for byte
    assert_eq!(
        serde_json::to_string(&m).unwrap(),
        serde_json::to_string(&original).unwrap()
    );

    let kinds: Vec<_> = m.content.iter().map(|b| b.type_tag().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "thinking",
            "server_tool_use",
            "web_search_tool_result",
            "text",
            "text",
            "tool_use"
        ]
    );
    assert!(
        m.content.iter().all(|b| b.as_unknown().is_none()),
        "{:#?}",
        m.content
    );
    assert_eq!(
        m.text(),
        "It is sunny in Paris. Let me check the forecast tool."
    );
    let uses: Vec<_> = m.tool_uses().collect();
    assert_eq!(uses.len(), 1);
    assert_eq!(uses[0].name, "get_weather");
    assert_eq!(uses[0].input["unit"], "celsius");
    assert_eq!(m.stop_reason, Some(StopReason::ToolUse));
    assert_eq!(m.usage.input_tokens, 2095);
    assert_eq!(m.usage.service_tier, Some(ServiceTier::Standard));
    assert_eq!(
        m.usage
            .cache_creation
            .as_ref()
            .unwrap()
            .ephemeral_1h_input_tokens,
        0
    );
    assert_eq!(
        m.usage
            .server_tool_use
            .as_ref()
            .unwrap()
            .web_search_requests,
        1
    );
    assert_eq!(m.model, Model::CLAUDE_SONNET_4_5_20250929);

    match &m.content[3] {
        ContentBlock::Text(t) => {
            let c = t.citations.as_ref().unwrap();
            assert!(matches!(c[0], Citation::WebSearchResultLocation(_)));
            assert!(
                matches!(&c[1], Citation::CharLocation(cl) if cl.file_id.as_deref() == Some("file_1"))
            );
        }
        other => panic!("expected text, got {other:?}"),
    }
    match &m.content[2] {
        ContentBlock::WebSearchToolResult(r) => match &r.content {
            WebSearchToolResultContent::Results(rs) => {
                assert_eq!(rs.len(), 2);
                assert_eq!(rs[0].page_age.as_deref(), Some("April 30, 2025"));
            }
            other => panic!("expected results, got {other:?}"),
        },
        other => panic!("expected web search result, got {other:?}"),
    }
}

#[test]
fn message_converts_to_assistant_turn() {
    let m: Message = serde_json::from_value(full_message()).unwrap();
    let param = m.to_param();
    assert_eq!(param.role, Role::Assistant);
    let v = serde_json::to_value(&param).unwrap();
    assert_eq!(v["content"], full_message()["content"]);
    let moved: MessageParam = m.into();
    assert_eq!(moved, param);
}

#[test]
fn unknown_block_roundtrips_byte_for_byte() {
    let text = r#"{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[{"type":"brand_new_block","foo":{"bar":[1,2]},"z":1},{"z":1,"type":"another_new","a":null}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":2}}"#;
    let m: Message = serde_json::from_str(text).unwrap();
    assert_eq!(
        m.content[0].as_unknown(),
        Some(&json!({"type":"brand_new_block","foo":{"bar":[1,2]},"z":1}))
    );
    assert_eq!(m.content[0].type_tag(), Some("brand_new_block"));
    assert_eq!(serde_json::to_string(&m).unwrap(), text);
}

#[test]
fn unknown_block_is_sent_back_in_a_request() {
    let block: ContentBlock =
        serde_json::from_str(r#"{"type":"brand_new_block","foo":{"bar":[1,2]},"z":1}"#).unwrap();
    let p = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 10)
        .message(MessageParam::assistant(vec![block]));
    assert_eq!(
        serde_json::to_string(&p).unwrap(),
        r#"{"max_tokens":10,"messages":[{"role":"assistant","content":[{"type":"brand_new_block","foo":{"bar":[1,2]},"z":1}]}],"model":"claude-sonnet-4-5"}"#
    );
}

#[test]
fn unknown_fields_on_known_blocks_roundtrip() {
    let text = r#"{"type":"text","text":"hi","new_field":{"x":[1]},"another":true}"#;
    let b: ContentBlock = serde_json::from_str(text).unwrap();
    match &b {
        ContentBlock::Text(t) => {
            assert_eq!(t.text, "hi");
            assert_eq!(t.extra["new_field"], json!({"x":[1]}));
            assert!(!t.extra.contains_key("type"), "the tag is not kept twice");
        }
        other => panic!("expected text, got {other:?}"),
    }
    assert_eq!(serde_json::to_string(&b).unwrap(), text);

    let tool_use = r#"{"type":"tool_use","id":"t1","name":"f","input":{},"caller":{"type":"direct"},"weird":1}"#;
    let b: ContentBlock = serde_json::from_str(tool_use).unwrap();
    assert!(
        matches!(&b, ContentBlock::ToolUse(t) if matches!(t.caller, Some(ToolCaller::Direct(_))))
    );
    assert_eq!(serde_json::to_string(&b).unwrap(), tool_use);
}

#[test]
fn unknown_top_level_message_fields_roundtrip() {
    let mut v = full_message();
    v["brand_new"] = json!({"k": "v"});
    v["usage"]["new_counter"] = json!(7);
    let (m, back): (Message, Value) = roundtrip_value(&v);
    assert_eq!(back, v);
    assert_eq!(m.extra["brand_new"], json!({"k": "v"}));
    assert_eq!(m.usage.extra["new_counter"], json!(7));
}

#[test]
fn unknown_strings_roundtrip() {
    let mut v = full_message();
    v["stop_reason"] = json!("a_new_reason");
    v["role"] = json!("narrator");
    v["usage"]["service_tier"] = json!("gold");
    let (m, back): (Message, Value) = roundtrip_value(&v);
    assert_eq!(back, v);
    assert_eq!(
        m.stop_reason,
        Some(StopReason::Other("a_new_reason".into()))
    );
    assert_eq!(m.role, Role::Other("narrator".into()));
    assert_eq!(
        m.usage.service_tier,
        Some(ServiceTier::Other("gold".into()))
    );
    assert_eq!(StopReason::from("refusal"), StopReason::Refusal);
    assert_eq!(
        StopReason::ModelContextWindowExceeded.as_str(),
        "model_context_window_exceeded"
    );
}

#[test]
fn known_tag_that_does_not_fit_is_kept_whole() {
    // a `tool_use` without its required `id`: kept, not an error, and not reshaped
    let text = r#"{"name":"f","type":"tool_use","input":{}}"#;
    let b: ContentBlock = serde_json::from_str(text).unwrap();
    assert!(b.as_unknown().is_some());
    assert_eq!(serde_json::to_string(&b).unwrap(), text);
}

/// A list item of another type than the list holds (`web_search_result_v2` among
/// `web_search_result`s, a `tool_reference` list item with no `type`) is not relabelled:
/// the content it is in is kept whole and goes back as it came.
#[test]
fn list_items_of_an_unknown_type_are_not_relabelled() {
    for item in [
        json!({"type": "web_search_result_v2", "url": "https://e.com", "title": "E", "encrypted_content": "x"}),
        json!({"url": "https://e.com", "title": "E", "encrypted_content": "x"}),
    ] {
        let block = json!({"type": "web_search_tool_result", "tool_use_id": "s1", "content": [
            {"type": "web_search_result", "url": "https://a.com", "title": "A", "encrypted_content": "a"},
            item
        ]});
        let (parsed, back): (ContentBlock, Value) = roundtrip_value(&block);
        assert_eq!(back, block);
        assert!(matches!(&parsed, ContentBlock::WebSearchToolResult(r)
            if matches!(&r.content, WebSearchToolResultContent::Other(WebSearchToolResultOther::Unknown(_)))));
    }
    for reference in [
        json!({"type": "tool_reference_v2", "tool_name": "x", "score": 0.5}),
        json!({"tool_name": "x"}),
    ] {
        let block = json!({"type": "tool_search_tool_result", "tool_use_id": "s5", "content":
            {"type": "tool_search_tool_search_result", "tool_references": [reference]}});
        let (parsed, back): (ContentBlock, Value) = roundtrip_value(&block);
        assert_eq!(back, block);
        assert!(matches!(&parsed, ContentBlock::ToolSearchToolResult(r)
            if matches!(&r.content, ToolSearchToolResultContent::Unknown(_))));
    }
}

#[test]
fn beta_blocks_roundtrip() {
    let blocks = json!([
        {"type": "server_tool_use", "id": "s1", "name": "code_execution", "input": {"code": "print(1)"}, "caller": {"type": "code_execution_20250825", "tool_id": "s0"}},
        {"type": "code_execution_tool_result", "tool_use_id": "s1", "content": {"type": "code_execution_result", "stdout": "1\n", "stderr": "", "return_code": 0, "content": [{"type": "code_execution_output", "file_id": "f1"}]}},
        {"type": "bash_code_execution_tool_result", "tool_use_id": "s2", "content": {"type": "bash_code_execution_tool_result_error", "error_code": "output_file_too_large"}},
        {"type": "text_editor_code_execution_tool_result", "tool_use_id": "s3", "content": {"type": "text_editor_code_execution_view_result", "content": "x", "file_type": "text", "num_lines": 1, "start_line": 1, "total_lines": 1}},
        {"type": "text_editor_code_execution_tool_result", "tool_use_id": "s4", "content": {"type": "text_editor_code_execution_str_replace_result", "lines": ["-a", "+b"], "new_lines": 1, "new_start": 2, "old_lines": 1, "old_start": 2}},
        {"type": "tool_search_tool_result", "tool_use_id": "s5", "content": {"type": "tool_search_tool_search_result", "tool_references": [{"type": "tool_reference", "tool_name": "get_weather"}]}},
        {"type": "web_fetch_tool_result", "tool_use_id": "s6", "content": {"type": "web_fetch_result", "url": "https://example.com", "retrieved_at": "2025-01-01T00:00:00Z", "content": {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "hello"}, "title": "Example", "citations": {"enabled": true}}}},
        {"type": "web_search_tool_result", "tool_use_id": "s7", "content": {"type": "web_search_tool_result_error", "error_code": "max_uses_exceeded"}},
        {"type": "mcp_tool_use", "id": "m1", "name": "echo", "server_name": "srv", "input": {"a": 1}},
        {"type": "mcp_tool_result", "tool_use_id": "m1", "is_error": false, "content": [{"type": "text", "text": "1"}]},
        {"type": "container_upload", "file_id": "file_9"},
        {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix"}
    ]);
    let (parsed, back): (Vec<ContentBlock>, Value) = roundtrip_value(&blocks);
    assert_eq!(back, blocks);
    for b in &parsed {
        assert!(b.as_unknown().is_none(), "not decoded: {b:?}");
    }
    assert!(matches!(
        &parsed[2],
        ContentBlock::BashCodeExecutionToolResult(r)
            if matches!(&r.content, BashCodeExecutionToolResultContent::Error(e) if e.error_code == ToolErrorCode::OutputFileTooLarge)
    ));
    assert!(matches!(
        &parsed[7],
        ContentBlock::WebSearchToolResult(r)
            if matches!(&r.content, WebSearchToolResultContent::Other(WebSearchToolResultOther::Error(_)))
    ));
    assert!(matches!(&parsed[5], ContentBlock::ToolSearchToolResult(r)
        if matches!(&r.content, ToolSearchToolResultContent::SearchResult(s) if s.tool_references[0].tool_name == "get_weather")));
}

#[test]
fn beta_message_with_container_and_context_management_roundtrips() {
    let v = json!({
        "id": "msg_2", "type": "message", "role": "assistant", "model": "claude-opus-4-5",
        "content": [{"type": "text", "text": "done"}],
        "stop_reason": "model_context_window_exceeded", "stop_sequence": null,
        "usage": {"input_tokens": 5, "output_tokens": 6, "server_tool_use": {"web_search_requests": 0, "web_fetch_requests": 2}},
        "container": {"id": "cont_1", "expires_at": "2025-01-01T00:00:00Z", "skills": [{"skill_id": "pptx", "type": "anthropic", "version": "latest"}]},
        "context_management": {"applied_edits": [
            {"type": "clear_tool_uses_20250919", "cleared_input_tokens": 100, "cleared_tool_uses": 3},
            {"type": "clear_thinking_20251015", "cleared_input_tokens": 50, "cleared_thinking_turns": 1}
        ]}
    });
    let (m, back): (Message, Value) = roundtrip_value(&v);
    assert_eq!(back, v);
    assert_eq!(m.container.as_ref().unwrap().id, "cont_1");
    assert_eq!(m.stop_reason, Some(StopReason::ModelContextWindowExceeded));
    let edits = &m.context_management.as_ref().unwrap().applied_edits;
    assert!(matches!(&edits[0], AppliedEdit::ClearToolUses20250919(e) if e.cleared_tool_uses == 3));
}

#[test]
fn other_response_bodies() {
    let v = json!({"input_tokens": 42, "context_management": {"original_input_tokens": 50}});
    let (c, back): (MessageTokensCount, Value) = roundtrip_value(&v);
    assert_eq!(back, v);
    assert_eq!(c.input_tokens, 42);

    let v = json!({"type": "model", "id": "claude-sonnet-4-5-20250929", "display_name": "Claude Sonnet 4.5", "created_at": "2025-09-29T00:00:00Z"});
    let (mi, back): (ModelInfo, Value) = roundtrip_value(&v);
    assert_eq!(back, v);
    assert_eq!(mi.display_name, "Claude Sonnet 4.5");

    let v = json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}, "request_id": "req_1"});
    let (e, back): (ErrorResponse, Value) = roundtrip_value(&v);
    assert_eq!(back, v);
    assert_eq!(e.error.r#type, ErrorType::OverloadedError);
    let v = json!({"type": "error", "error": {"type": "quota_error", "message": "x", "detail": 1}});
    let (e, back): (ErrorResponse, Value) = roundtrip_value(&v);
    assert_eq!(back, v);
    assert_eq!(e.error.r#type, ErrorType::Other("quota_error".into()));
}

#[test]
fn request_id_is_not_in_the_body() {
    use anthropic_core::response::ResponseBody;
    let mut m: Message = serde_json::from_value(full_message()).unwrap();
    m.set_request_id(Some("req_123".into()));
    assert_eq!(m.request_id.as_deref(), Some("req_123"));
    assert_eq!(serde_json::to_value(&m).unwrap(), full_message());
}

/// Numbers a response holds come back out exactly as they were written: a float is read
/// correctly rounded (serde_json's `float_roundtrip`), so a tool's input and the next
/// turn that sends it back keep the model's value, as Python's `json` does.
#[test]
fn floats_in_a_response_are_sent_back_unchanged() {
    for number in [
        "443080.06468156516",
        "123456789.12345679",
        "0.30000000000000004",
        "2.2250738585072014e-308",
        "1.7976931348623157e308",
        "-4.950258335593079e-6",
    ] {
        let text = format!(
            r#"{{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[{{"type":"tool_use","id":"t","name":"f","input":{{"x":{number}}}}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{{"input_tokens":1,"output_tokens":1}}}}"#
        );
        let m: Message = anthropic_core::json::from_str(&text).unwrap();
        let expected: f64 = number.parse().unwrap();
        let ContentBlock::ToolUse(tool) = &m.content[0] else {
            panic!("{:?}", m.content[0])
        };
        assert_eq!(tool.input["x"].as_f64(), Some(expected), "{number}");
        let sent = serde_json::to_value(m.to_param()).unwrap();
        assert_eq!(
            sent["content"][0]["input"]["x"].as_f64(),
            Some(expected),
            "{number}"
        );
    }
}
