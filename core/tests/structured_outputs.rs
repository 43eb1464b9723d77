//! Structured outputs: the schema sent for a Rust type, and a reply's text read back into
//! it as Python's `TypeAdapter(T).validate_json` reads it.

use std::collections::HashMap;

use anthropic_core::structured::{ParsedMessage, json_schema_for, parse_output};
use anthropic_core::types::Message;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
struct Person {
    name: String,
    age: i64,
    active: bool,
    score: f64,
}

/// Pydantic gives `int`, `List[str]`, `Dict[str, int]` and `Optional[int]` no title; a
/// model keeps its name.
#[test]
fn inline_root_types_have_no_title() {
    assert_eq!(json_schema_for::<i64>(), json!({"type": "integer"}));
    assert_eq!(
        json_schema_for::<Vec<String>>(),
        json!({"items": {"type": "string"}, "type": "array"})
    );
    assert!(
        json_schema_for::<HashMap<String, i64>>()
            .get("title")
            .is_none()
    );
    assert!(json_schema_for::<Option<i64>>().get("title").is_none());
    assert_eq!(json_schema_for::<Person>()["title"], "Person");
}

/// Lax mode, as `validate_json`: a number in a string or a whole float for an integer, a
/// string for a bool or a float; never a number for a string.
#[test]
fn replies_are_read_in_pydantics_lax_mode() {
    let expected = Person {
        name: "Ann".into(),
        age: 30,
        active: true,
        score: 2.5,
    };
    for text in [
        r#"{"name":"Ann","age":30,"active":true,"score":2.5}"#,
        r#"{"name":"Ann","age":"30","active":"true","score":"2.5"}"#,
        r#"{"name":"Ann","age":30.0,"active":1,"score":2.5}"#,
    ] {
        assert_eq!(parse_output::<Person>(text), Ok(expected.clone()), "{text}");
    }
    let refused = parse_output::<Person>(r#"{"name":5,"age":30,"active":true,"score":1}"#);
    assert!(refused.unwrap_err().contains("invalid type"));
    assert!(
        parse_output::<Person>(r#"{"name":"Ann","age":30.5,"active":true,"score":1}"#).is_err()
    );
    assert!(parse_output::<Person>("not json").is_err());
}

#[test]
fn a_parsed_message_reads_each_text_block_laxly() {
    let message: Message = serde_json::from_value(json!({
        "id": "msg_1", "type": "message", "role": "assistant", "model": "m",
        "content": [{"type": "text", "text": r#"{"name":"Bo","age":"7","active":"no","score":1}"#}],
        "stop_reason": "end_turn", "stop_sequence": null,
        "usage": {"input_tokens": 1, "output_tokens": 1}
    }))
    .unwrap();
    let parsed = ParsedMessage::<Person>::parse(message).unwrap();
    assert_eq!(
        parsed.parsed_output().map(|p| (p.age, p.active)),
        Some((7, false))
    );
}
