//! Stream events are lossless: fields this version does not know survive decoding, at
//! every level, and serializing an event gives back the JSON it was decoded from.
//!
//! The streams are the recorded ones: the SSE seed corpus of the fuzz targets and the
//! mock server's streams (text, tool use, thinking, the default reply).

use anthropic_core::stream::event::{Decoded, decode_event};
use anthropic_core::stream::{
    ContentDelta, MessageAccumulator, SseDecoder, StreamError, StreamEvent,
};
use anthropic_mock::sse;
use serde_json::{Value, json};

/// The (name, data) of every SSE event of a body.
fn sse_events(body: &[u8]) -> Vec<(Option<String>, String)> {
    let mut d = SseDecoder::new();
    d.feed(body);
    d.finish();
    let mut out = Vec::new();
    while let Some(e) = d.next_event().unwrap() {
        out.push((e.event.map(str::to_owned), e.data.to_owned()));
    }
    out
}

fn recorded_streams() -> Vec<(String, Vec<u8>)> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../fuzz/corpus");
    let mut streams = Vec::new();
    for dir in ["sse", "accumulate"] {
        let mut files: Vec<_> = std::fs::read_dir(format!("{root}/{dir}"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "sse"))
            .collect();
        files.sort();
        for path in files {
            streams.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    let mock = [
        (
            "mock text",
            sse::text_message("claude-x", "Hello there, café ☕", 4),
        ),
        (
            "mock tool use",
            sse::tool_use_message("get", r#"{"city": "Paris", "days": [1, 2]}"#, 5),
        ),
        (
            "mock thinking",
            sse::thinking_message("Let me think.", "SIG", "The answer."),
        ),
    ];
    for (name, events) in mock {
        streams.push((name.into(), sse::encode_all(&events, sse::LineEnding::Lf)));
    }
    assert!(streams.len() > 8);
    streams
}

/// Adds an unknown field to every object of `value`, recursively (tool inputs included,
/// which are kept as values anyway).
fn add_unknown_fields(value: &mut Value, depth: usize) {
    match value {
        Value::Object(map) => {
            for v in map.values_mut() {
                add_unknown_fields(v, depth + 1);
            }
            map.insert(
                format!("x_future_{depth}"),
                json!({"nested": [1, "two", null, {"deep": true}], "n": -0.5}),
            );
        }
        Value::Array(items) => {
            for v in items {
                add_unknown_fields(v, depth + 1);
            }
        }
        _ => {}
    }
}

fn event(name: &str, data: &str) -> StreamEvent {
    match decode_event(Some(name), data).unwrap() {
        Decoded::Event(e) => e,
        Decoded::Error(e) => panic!("error event {e}"),
    }
}

const MESSAGE_EVENTS: [&str; 6] = [
    "message_start",
    "content_block_start",
    "content_block_delta",
    "content_block_stop",
    "message_delta",
    "message_stop",
];

#[test]
fn recorded_streams_serialize_back_to_their_data_with_unknown_fields_at_every_level() {
    let mut checked = 0;
    for (stream, body) in recorded_streams() {
        for (name, data) in sse_events(&body) {
            let Some(name) = name.filter(|n| MESSAGE_EVENTS.contains(&n.as_str())) else {
                continue;
            };
            let Ok(mut value) = serde_json::from_str::<Value>(&data) else {
                continue; // the corpus holds broken events on purpose
            };
            let Some(object) = value.as_object_mut() else {
                continue;
            };
            // Data without `type` takes it from the event name; it is written with it.
            object
                .entry("type")
                .or_insert_with(|| Value::String(name.clone()));
            // `message_delta.delta` always carries both (as the API sends them): absent
            // reads as null.
            if let Some(Value::Object(delta)) =
                object.get_mut("delta").filter(|_| name == "message_delta")
            {
                for key in ["stop_reason", "stop_sequence"] {
                    delta.entry(key).or_insert(Value::Null);
                }
            }
            for unknown in [false, true] {
                if unknown {
                    add_unknown_fields(&mut value, 0);
                }
                let data = value.to_string();
                let Ok(Decoded::Event(decoded)) = decode_event(Some(&name), &data) else {
                    continue; // bad indices and the like, rejected on purpose
                };
                assert!(
                    !matches!(decoded, StreamEvent::Unknown { .. }),
                    "{stream}: {data}"
                );
                let back = serde_json::to_value(&decoded).unwrap();
                assert_eq!(back, value, "{stream}: {name}");
                // And back again through `Deserialize`.
                let again: StreamEvent = serde_json::from_value(back).unwrap();
                assert_eq!(again, decoded, "{stream}: {name}");
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn every_delta_kind_serializes_as_its_wire_json() {
    for delta in [
        json!({"type":"text_delta","text":"Hi"}),
        json!({"type":"input_json_delta","partial_json":"{\"a\": "}),
        json!({"type":"thinking_delta","thinking":"hmm"}),
        json!({"type":"signature_delta","signature":"sig"}),
        json!({"type":"citations_delta","citation":{"type":"char_location","cited_text":"x","document_index":0,"document_title":"Doc","start_char_index":0,"end_char_index":1}}),
        json!({"type":"future_delta","text":"x","n":[1]}),
        json!({"type":"text_delta","text":5}),
    ] {
        let decoded: ContentDelta = serde_json::from_value(delta.clone()).unwrap();
        assert_eq!(serde_json::to_value(&decoded).unwrap(), delta);
        let data = json!({"type":"content_block_delta","index":3,"delta":delta}).to_string();
        let event = event("content_block_delta", &data);
        assert_eq!(
            serde_json::to_string(&event).unwrap(),
            data,
            "the exact bytes, key order included"
        );
    }
    // Events this version does not know are written as their data.
    let unknown = event("future_event", r#"{"type":"future_event","a":[1]}"#);
    assert_eq!(
        serde_json::to_value(&unknown).unwrap(),
        json!({"type":"future_event","a":[1]})
    );
    assert_eq!(unknown.event_name(), Some("future_event"));
    assert_eq!(
        serde_json::to_value(event("ping", "{}")).unwrap(),
        json!({"type":"ping"})
    );
    // Data without `type` takes it from the event name, and is written with it.
    assert_eq!(
        serde_json::to_value(event("content_block_stop", r#"{"index":1}"#)).unwrap(),
        json!({"type":"content_block_stop","index":1})
    );
}

#[test]
fn unknown_fields_of_known_deltas_and_events_are_kept_and_still_accumulate() {
    // A known delta with a field this version does not know, on the fast path's shape
    // and in another key order.
    for data in [
        r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi","logprob":-0.5},"trace":"t1"}"#,
        r#"{"trace":"t1","delta":{"logprob":-0.5,"text":"Hi","type":"text_delta"},"index":0,"type":"content_block_delta"}"#,
    ] {
        match event("content_block_delta", data) {
            StreamEvent::ContentBlockDelta {
                index: 0,
                delta: ContentDelta::Text { text, extra },
                extra: event_extra,
            } => {
                assert_eq!(text, "Hi");
                assert_eq!(extra.get("logprob"), Some(&json!(-0.5)));
                assert_eq!(event_extra.get("trace"), Some(&json!("t1")));
            }
            other => panic!("{other:?}"),
        }
    }
    let stop = event(
        "message_stop",
        r#"{"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":5}}"#,
    );
    assert_eq!(
        stop.extra().unwrap()["amazon-bedrock-invocationMetrics"],
        json!({"inputTokenCount": 5})
    );

    // Accumulation still applies them, and unknown usage counters of `message_delta`
    // reach the message's usage.
    let events = [
        (
            "message_start",
            json!({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1,"service_tier":"standard"}},"trace":"t"}),
        ),
        (
            "content_block_start",
            json!({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""},"trace":"t"}),
        ),
        (
            "content_block_delta",
            json!({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel","logprob":-0.1}}),
        ),
        (
            "content_block_delta",
            json!({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo","logprob":-0.2}}),
        ),
        (
            "content_block_stop",
            json!({"type":"content_block_stop","index":0,"trace":"t"}),
        ),
        (
            "message_delta",
            json!({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null,"future_reason":"x"},"usage":{"output_tokens":5,"future_tokens":7,"nulled_tokens":null,"service_tier":"priority"},"trace":"t"}),
        ),
        ("message_stop", json!({"type":"message_stop","trace":"t"})),
    ];
    let mut acc = MessageAccumulator::new();
    for (name, data) in &events {
        let e = event(name, &data.to_string());
        acc.handle(&e).unwrap();
    }
    let message = acc.finish().unwrap();
    assert_eq!(message.text(), "Hello");
    let usage = serde_json::to_value(&message.usage).unwrap();
    assert_eq!(
        usage,
        json!({"input_tokens":3,"output_tokens":5,"service_tier":"standard","future_tokens":7})
    );
}

#[test]
fn data_that_is_not_json_and_json_of_the_wrong_shape_are_two_errors_keeping_the_data() {
    for (name, data) in [
        ("message_start", ""),
        ("message_stop", "not json"),
        (
            "content_block_delta",
            r#"{"type":"content_block_delta","index":0,"delta":{"#,
        ),
        ("content_block_delta", "{'index': 0}"),
        ("message_delta", r#"{"type":"message_delta","delta":{}"#),
    ] {
        match decode_event(Some(name), data) {
            Err(StreamError::EventDataNotJson {
                event, data: kept, ..
            }) => {
                assert_eq!(event, name);
                assert_eq!(kept, data);
            }
            other => panic!("{name} {data}: {other:?}"),
        }
    }
    for (name, data) in [
        ("message_start", "null"),
        ("message_delta", "[1,2]"),
        ("content_block_stop", "3"),
        (
            "content_block_stop",
            r#"{"type":"content_block_stop","index":"zero"}"#,
        ),
        (
            "content_block_delta",
            r#"{"type":"content_block_delta","index":-1,"delta":{"type":"text_delta","text":"x"}}"#,
        ),
        (
            "message_delta",
            r#"{"type":"message_delta","delta":{},"usage":{"output_tokens":"many"}}"#,
        ),
        (
            "message_start",
            r#"{"type":"message_start","message":{"id":5}}"#,
        ),
    ] {
        match decode_event(Some(name), data) {
            Err(StreamError::EventDataWrongShape {
                event, data: kept, ..
            }) => {
                assert_eq!(event, name);
                assert_eq!(kept, data);
            }
            other => panic!("{name} {data}: {other:?}"),
        }
    }
}

#[test]
fn a_message_start_missing_fields_decodes_as_the_assistants_message() {
    let e = event(
        "message_start",
        r#"{"type":"message_start","message":{"id":"msg_1"}}"#,
    );
    let StreamEvent::MessageStart { message, .. } = e else {
        panic!("{e:?}")
    };
    assert_eq!(message.role, anthropic_core::types::Role::Assistant);
    assert_eq!(message.r#type, "message");
    assert_eq!(message.stop_reason, None);
    assert!(message.content.is_empty());
    // A response message is the assistant's, decoded on its own too.
    let m: anthropic_core::types::Message = serde_json::from_str(r#"{"id":"msg_2"}"#).unwrap();
    assert_eq!(m.role, anthropic_core::types::Role::Assistant);
}
