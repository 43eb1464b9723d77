//! Scripted multi-turn tool conversations, so the tool runner and its examples run
//! offline: the default `POST /v1/messages` answer consults this module first.
//!
//! A request is in a tool conversation when it carries `x-stainless-helper:
//! BetaToolRunner` (every request of the SDKs' tool runners does) or the header
//! [`TOOL_CALLS_HEADER`]. Then:
//!
//! - when the last turn is the user's text (no `tool_result`) and the request offers
//!   client tools (custom tools, or the `memory_20250818` tool): the reply calls them,
//!   `stop_reason: "tool_use"`, with inputs built from each tool's `input_schema`
//!   (`$ref`s resolved; strings `"example"`, integers `1`, numbers `1.5`, booleans
//!   `true`, the first `enum` value, the first non-null `anyOf` variant, every property)
//!   and the memory tool asked to `view` `/memories`. One call by default; with
//!   `x-mock-tool-calls: N` (1 to 16), `N` parallel calls in one reply, cycling through
//!   the offered tools; call ids are `toolu_mock_<request>_<i>`;
//! - when the last turn carries tool results: the default text reply (`Thanks, the tool
//!   returned: …`), which ends the runner's loop.
//!
//! Independently, a request with `output_format` `{"type": "json_schema"}` gets, as its
//! text, a JSON value built the same way from the schema, so a structured-output call
//! parses.

use serde_json::{Map, Value, json};

use crate::capture::CapturedRequest;

/// The request header that asks for `N` parallel tool calls (and for a tool
/// conversation from a request that is not a tool runner's).
pub const TOOL_CALLS_HEADER: &str = "x-mock-tool-calls";

/// The most parallel calls `x-mock-tool-calls` may ask for.
pub const MAX_TOOL_CALLS: usize = 16;

/// The tool calls to answer with, as `(name, input)`, when the request is a tool
/// conversation's turn that should call tools (see the module docs).
pub(crate) fn tool_calls(
    request: &CapturedRequest,
    body: &Map<String, Value>,
    last_turn_has_results: bool,
) -> Option<Vec<(String, Value)>> {
    let runner = request
        .header("x-stainless-helper")
        .is_some_and(|h| h.eq_ignore_ascii_case("BetaToolRunner"));
    let asked = request.header(TOOL_CALLS_HEADER);
    if (!runner && asked.is_none()) || last_turn_has_results || last_turn_is_assistant(body) {
        return None;
    }
    let count = asked
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_TOOL_CALLS);
    let tools: Vec<&Value> = body
        .get("tools")?
        .as_array()?
        .iter()
        .filter(|t| {
            matches!(t.get("type").and_then(Value::as_str), None | Some("custom"))
                || t["type"] == "memory_20250818"
        })
        .filter(|t| t["name"].is_string())
        .collect();
    if tools.is_empty() {
        return None;
    }
    Some(
        (0..count)
            .map(|i| {
                let tool = tools[i % tools.len()];
                let name = tool["name"].as_str().unwrap_or_default().to_owned();
                let input = if tool["type"] == "memory_20250818" {
                    json!({"command": "view", "path": "/memories"})
                } else {
                    match tool.get("input_schema") {
                        Some(schema) => example(schema, schema, 0),
                        None => json!({}),
                    }
                };
                let input = if input.is_object() { input } else { json!({}) };
                (name, input)
            })
            .collect(),
    )
}

fn last_turn_is_assistant(body: &Map<String, Value>) -> bool {
    body.get("messages")
        .and_then(Value::as_array)
        .and_then(|m| m.last())
        .is_some_and(|m| m["role"] == "assistant")
}

/// The text of a structured-output reply: a JSON value fitting the request's
/// `output_format` schema, if it has one.
pub(crate) fn structured_text(body: &Map<String, Value>) -> Option<String> {
    let format = body.get("output_format")?;
    if format["type"] != "json_schema" {
        return None;
    }
    let schema = format.get("schema")?;
    Some(example(schema, schema, 0).to_string())
}

/// A small value that fits `schema`; `root` holds the `$defs` that `$ref`s point into.
fn example(schema: &Value, root: &Value, depth: usize) -> Value {
    if depth > 8 {
        return Value::Null;
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let target = reference
            .strip_prefix("#/")
            .map(|p| p.split('/').fold(root, |v, key| &v[key]))
            .unwrap_or(&Value::Null);
        return example(target, root, depth + 1);
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|values| values.first())
    {
        return first.clone();
    }
    if let Some(constant) = schema.get("const") {
        return constant.clone();
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(variants) = schema.get(key).and_then(Value::as_array) {
            let variant = variants
                .iter()
                .find(|v| v["type"] != "null")
                .or(variants.first());
            return variant.map_or(Value::Null, |v| example(v, root, depth + 1));
        }
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("object") => {
            let mut out = Map::new();
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (name, prop) in props {
                    out.insert(name.clone(), example(prop, root, depth + 1));
                }
            }
            Value::Object(out)
        }
        Some("array") => match schema.get("items") {
            Some(items) => json!([example(items, root, depth + 1)]),
            None => json!([]),
        },
        Some("string") => json!("example"),
        Some("integer") => json!(1),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_resolve_refs_and_take_the_non_null_variant() {
        let schema = json!({
            "$defs": {"Unit": {"enum": ["celsius", "fahrenheit"], "type": "string"}},
            "type": "object",
            "properties": {
                "location": {"type": "string"},
                "unit": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/Unit"}]},
                "days": {"type": "array", "items": {"type": "integer"}}
            }
        });
        assert_eq!(
            example(&schema, &schema, 0),
            json!({"location": "example", "unit": "celsius", "days": [1]})
        );
    }
}
