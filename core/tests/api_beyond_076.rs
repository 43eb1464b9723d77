//! Types for what the API has beyond Python 0.76.0: compaction blocks and deltas, the
//! `compaction` stop reason, `stop_details`, adaptive thinking, the newer effort levels and
//! tool versions, and model capabilities. Each decodes to its type, round-trips, and (for
//! the stream) accumulates.

use anthropic_core::stream::event::{Decoded, decode_event};
use anthropic_core::stream::{ContentDelta, MessageAccumulator, StreamEvent};
use anthropic_core::types::{
    CompactionBlock, ContentBlock, Effort, Message, MessageCreateParams, Model, ModelInfo,
    OutputConfig, RefusalCategory, StopDetails, StopReason, ThinkingConfig, ThinkingDisplay, Tool,
};
use serde_json::{Value, json};

fn event(data: Value) -> StreamEvent {
    let name = data["type"].as_str().unwrap().to_owned();
    match decode_event(Some(&name), &data.to_string()).unwrap() {
        Decoded::Event(event) => event,
        Decoded::Error(e) => panic!("{e}"),
    }
}

#[test]
fn a_compacted_stream_accumulates_into_a_compaction_block_with_its_stop() {
    let events = [
        json!({"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant",
            "model": "claude-opus-5", "content": [], "stop_reason": null, "stop_sequence": null,
            "usage": {"input_tokens": 10, "output_tokens": 0}}}),
        json!({"type": "content_block_start", "index": 0,
            "content_block": {"type": "compaction", "content": null, "encrypted_content": null}}),
        json!({"type": "content_block_delta", "index": 0,
            "delta": {"type": "compaction_delta", "content": "Summary: the user asked", "encrypted_content": null}}),
        json!({"type": "content_block_delta", "index": 0,
            "delta": {"type": "compaction_delta", "content": " about primes.", "encrypted_content": "opaque=="}}),
        json!({"type": "content_block_stop", "index": 0}),
        json!({"type": "message_delta", "delta": {"stop_reason": "compaction", "stop_sequence": null,
            "stop_details": null}, "usage": {"output_tokens": 42}}),
        json!({"type": "message_stop"}),
    ];
    let mut accumulator = MessageAccumulator::new();
    for data in events {
        let event = event(data);
        if let StreamEvent::ContentBlockDelta { delta, .. } = &event {
            assert!(matches!(delta, ContentDelta::Compaction(_)), "{delta:?}");
            assert_eq!(delta.type_tag(), "compaction_delta");
        }
        accumulator.handle(&event).unwrap();
    }
    let message = accumulator.finish().unwrap();
    assert_eq!(message.stop_reason, Some(StopReason::Compaction));
    match &message.content[0] {
        ContentBlock::Compaction(block) => {
            assert_eq!(
                block.content.as_deref(),
                Some("Summary: the user asked about primes.")
            );
            assert_eq!(block.encrypted_content.as_deref(), Some("opaque=="));
        }
        other => panic!("{other:?}"),
    }
    // Sent back in the next request exactly as a compaction block.
    let param = serde_json::to_value(message.to_param()).unwrap();
    assert_eq!(
        param["content"][0],
        json!({"type": "compaction", "content": "Summary: the user asked about primes.", "encrypted_content": "opaque=="})
    );
}

#[test]
fn a_refusal_carries_its_stop_details_in_responses_and_streams() {
    let message: Message = serde_json::from_value(json!({
        "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-opus-5",
        "content": [], "stop_reason": "refusal", "stop_sequence": null,
        "stop_details": {"type": "refusal", "category": "cyber", "explanation": "malware"},
        "usage": {"input_tokens": 1, "output_tokens": 1}
    }))
    .unwrap();
    match &message.stop_details {
        Some(StopDetails::Refusal(details)) => {
            assert_eq!(details.category, Some(RefusalCategory::Cyber));
            assert_eq!(details.explanation.as_deref(), Some("malware"));
        }
        other => panic!("{other:?}"),
    }
    assert!(message.extra.is_empty(), "{:?}", message.extra);

    let mut accumulator = MessageAccumulator::new();
    for data in [
        json!({"type": "message_start", "message": {"id": "m", "type": "message", "role": "assistant",
            "model": "claude-opus-5", "content": [], "usage": {"input_tokens": 1, "output_tokens": 0}}}),
        json!({"type": "message_delta", "delta": {"stop_reason": "refusal",
            "stop_details": {"type": "refusal", "category": "bio", "explanation": null}},
            "usage": {"output_tokens": 3}}),
        json!({"type": "message_stop"}),
    ] {
        accumulator.handle(&event(data)).unwrap();
    }
    let message = accumulator.finish().unwrap();
    assert!(matches!(
        &message.stop_details,
        Some(StopDetails::Refusal(d)) if d.category == Some(RefusalCategory::Bio)
    ));
}

#[test]
fn adaptive_thinking_and_the_newer_effort_levels_serialize_as_the_api_expects() {
    let params = MessageCreateParams::new(Model::from("claude-opus-5"), 4096)
        .thinking(ThinkingConfig::adaptive())
        .output_config(OutputConfig {
            effort: Some(Effort::XHigh),
            ..Default::default()
        })
        .user("Think hard");
    let body = serde_json::to_value(&params).unwrap();
    assert_eq!(body["thinking"], json!({"type": "adaptive"}));
    assert_eq!(body["output_config"], json!({"effort": "xhigh"}));
    assert_eq!(Effort::from("max"), Effort::Max);

    let shown: ThinkingConfig =
        serde_json::from_value(json!({"type": "adaptive", "display": "omitted"})).unwrap();
    match shown {
        ThinkingConfig::Adaptive(adaptive) => {
            assert_eq!(adaptive.display, Some(ThinkingDisplay::Omitted))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn newer_tool_versions_are_typed() {
    for (tag, name) in [
        ("web_search_20260209", "web_search"),
        ("web_fetch_20260209", "web_fetch"),
        ("code_execution_20260120", "code_execution"),
        ("code_execution_20260521", "code_execution"),
    ] {
        let wire = json!({"type": tag, "name": name});
        let tool: Tool = serde_json::from_value(wire.clone()).unwrap();
        assert!(!matches!(tool, Tool::Unknown(_)), "{tag}");
        assert_eq!(tool.name(), Some(name));
        assert_eq!(serde_json::to_value(&tool).unwrap(), wire);
    }
}

#[test]
fn model_info_has_its_limits_and_capabilities() {
    let info: ModelInfo = serde_json::from_value(json!({
        "type": "model", "id": "claude-opus-5", "display_name": "Claude Opus 5",
        "created_at": "2026-07-24T00:00:00Z", "max_input_tokens": 1000000, "max_tokens": 128000,
        "capabilities": {
            "batch": {"supported": true}, "citations": {"supported": true},
            "code_execution": {"supported": true}, "image_input": {"supported": true},
            "pdf_input": {"supported": true}, "structured_outputs": {"supported": false},
            "context_management": {"supported": true, "clear_thinking_20251015": {"supported": true},
                "clear_tool_uses_20250919": {"supported": true}, "compact_20260112": {"supported": true}},
            "effort": {"supported": true, "low": {"supported": true}, "medium": {"supported": true},
                "high": {"supported": true}, "xhigh": null, "max": {"supported": true}},
            "thinking": {"supported": true, "types": {"adaptive": {"supported": true}, "enabled": {"supported": false}}},
            "telepathy": {"supported": false}
        }
    }))
    .unwrap();
    assert_eq!(info.max_input_tokens, Some(1_000_000));
    assert_eq!(info.max_tokens, Some(128_000));
    let capabilities = info.capabilities.as_ref().unwrap();
    assert!(capabilities.batch.unwrap().supported);
    assert!(!capabilities.structured_outputs.unwrap().supported);
    let effort = capabilities.effort.as_ref().unwrap();
    assert!(effort.max.unwrap().supported);
    assert_eq!(effort.xhigh, None);
    let thinking = capabilities.thinking.as_ref().unwrap();
    assert!(thinking.types.as_ref().unwrap().adaptive.unwrap().supported);
    assert!(
        capabilities
            .context_management
            .as_ref()
            .unwrap()
            .compact_20260112
            .unwrap()
            .supported
    );
    // A capability this version does not know is kept.
    assert_eq!(capabilities.extra["telepathy"], json!({"supported": false}));
    assert!(info.extra.is_empty(), "{:?}", info.extra);
}

#[test]
fn a_compaction_block_applies_deltas_as_documented() {
    let mut block = CompactionBlock::default();
    block.apply(
        &serde_json::from_value(json!({"content": "a", "encrypted_content": "e1"})).unwrap(),
    );
    block.apply(
        &serde_json::from_value(json!({"content": "b", "encrypted_content": null})).unwrap(),
    );
    assert_eq!(block.content.as_deref(), Some("ab"));
    assert_eq!(block.encrypted_content.as_deref(), Some("e1"));
}
