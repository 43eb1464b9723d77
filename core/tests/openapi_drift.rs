//! Drift between the API's OpenAPI spec and our types.
//!
//! For every part of the spec our types model (the content block, delta, stream event,
//! thinking and tool unions; stop reasons; the fields of the params, the message, its
//! usage, the `message_delta` body, the model object and its capabilities), this test
//! makes an instance of each spec schema from the schema itself and decodes it with our
//! types: a union member that decodes as `Unknown` (or a string as `Other`), or a field
//! that lands in an `extra` map (or is dropped), is something the spec has and our types do
//! not. Every such item must be listed, with the reason, in `openapi_drift/omissions.txt`;
//! the test fails on an item the file does not list (the spec grew: model it or list it) and
//! on a listed item the spec no longer has or our types now model (the file went stale).
//!
//! The spec is `../shared/openapi/openapi.yaml` beside the repository (or the file named by
//! `ANTHROPIC_OPENAPI_SPEC`); when there is none, the test says it was skipped and passes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use anthropic_core::stream::event::{Decoded, decode_event};
use anthropic_core::stream::{ContentDelta, MessageDeltaBody, StreamEvent};
use anthropic_core::types::{
    ContentBlock, Message, MessageCreateParams, ModelCapabilities, ModelInfo, StopReason,
    ThinkingConfig, Tool, Usage,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

const OMISSIONS: &str = include_str!("openapi_drift/omissions.txt");

fn spec_path() -> PathBuf {
    match std::env::var_os("ANTHROPIC_OPENAPI_SPEC") {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/openapi/openapi.yaml"),
    }
}

struct Spec {
    schemas: Map<String, Value>,
}

impl Spec {
    fn schema(&self, name: &str) -> &Value {
        self.schemas
            .get(name)
            .unwrap_or_else(|| panic!("the spec has no schema {name}: update this test"))
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let name = reference.rsplit('/').next().unwrap_or_default();
                self.resolve(self.schema(name))
            }
            None => schema,
        }
    }

    /// The members of a discriminated union: tag to schema.
    fn union<'a>(&'a self, schema: &'a Value) -> BTreeMap<String, &'a Value> {
        let schema = self.resolve(schema);
        let mapping = schema
            .pointer("/discriminator/mapping")
            .and_then(Value::as_object)
            .unwrap_or_else(|| panic!("not a discriminated union: {schema:.200}"));
        mapping
            .iter()
            .map(|(tag, reference)| {
                let name = reference.as_str().unwrap().rsplit('/').next().unwrap();
                (tag.clone(), self.schema(name))
            })
            .collect()
    }

    /// The `oneOf` members of a union without a discriminator, by schema name.
    fn one_of<'a>(&'a self, schema: &'a Value) -> BTreeMap<String, &'a Value> {
        self.resolve(schema)["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|member| {
                let name = member["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
                (name.to_owned(), self.schema(name))
            })
            .collect()
    }

    fn properties(&self, schema: &Value) -> Vec<String> {
        self.resolve(schema)
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn required(&self, schema: &Value) -> Vec<String> {
        self.resolve(schema)
            .get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A plausible instance of `schema`: every property filled, the first alternative of
    /// every union taken, `null` only where nothing else is allowed.
    fn example(&self, schema: &Value, depth: usize) -> Value {
        self.example_with(schema, depth, None)
    }

    fn example_with(&self, schema: &Value, depth: usize, only: Option<&[String]>) -> Value {
        let schema = self.resolve(schema);
        if depth > 12 {
            return Value::Null;
        }
        if let Some(value) = schema.get("const") {
            return value.clone();
        }
        if let Some(first) = schema.get("enum").and_then(|e| e.get(0)) {
            return first.clone();
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(alternatives) = schema.get(key).and_then(Value::as_array) {
                let chosen = alternatives
                    .iter()
                    .find(|a| self.resolve(a).get("type") != Some(&json!("null")))
                    .or(alternatives.first());
                return chosen.map_or(Value::Null, |a| self.example(a, depth + 1));
            }
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            for part in parts {
                if let Value::Object(object) = self.example(part, depth + 1) {
                    merged.extend(object);
                }
            }
            return Value::Object(merged);
        }
        let ty = match schema.get("type") {
            Some(Value::Array(types)) => types
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null")
                .unwrap_or("null"),
            Some(Value::String(t)) => t.as_str(),
            _ if schema.get("properties").is_some() => "object",
            _ => "null",
        };
        match ty {
            "string" => match schema.get("format").and_then(Value::as_str) {
                Some("date-time") => json!("2026-01-01T00:00:00Z"),
                _ => json!("x"),
            },
            "integer" => json!(
                schema
                    .get("minimum")
                    .and_then(Value::as_i64)
                    .unwrap_or(1)
                    .max(1)
            ),
            "number" => json!(1.0),
            "boolean" => json!(true),
            "array" => match schema.get("items") {
                Some(items) if depth < 8 => json!([self.example(items, depth + 1)]),
                _ => json!([]),
            },
            "object" => {
                let mut object = Map::new();
                if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                    for (name, property) in properties {
                        if only.is_some_and(|only| !only.contains(name)) {
                            continue;
                        }
                        object.insert(name.clone(), self.example(property, depth + 1));
                    }
                }
                Value::Object(object)
            }
            _ => Value::Null,
        }
    }
}

/// What the spec has and our types do not, as `Schema: tag` or `Schema.field` items.
#[derive(Default)]
struct Drift {
    unmodeled: BTreeSet<String>,
    checked: usize,
}

impl Drift {
    /// Each member of a union, decoded with `known` (false: our type keeps it as unknown).
    fn union(
        &mut self,
        name: &str,
        members: BTreeMap<String, &Value>,
        spec: &Spec,
        known: impl Fn(Value) -> bool,
    ) {
        for (tag, schema) in members {
            self.checked += 1;
            if !known(spec.example(schema, 0)) {
                self.unmodeled.insert(format!("{name}: {tag}"));
            }
        }
    }

    /// Each property of an object schema, decoded with `extra` (the keys our type did not
    /// take, or `None` if it refused the object).
    fn fields(&mut self, name: &str, spec: &Spec, extra: impl Fn(Value) -> Option<Vec<String>>) {
        let schema = spec.schema(name);
        let instance = spec.example(schema, 0);
        self.checked += 1;
        match extra(instance) {
            Some(keys) => {
                for key in keys {
                    self.unmodeled.insert(format!("{name}.{key}"));
                }
            }
            None => panic!("our type refused a whole {name} made from the spec"),
        }
        self.checked += spec.properties(schema).len();
    }

    /// The same for a type without an `extra` map (the params): each property alone with
    /// the required ones, decoded and encoded again; one that is refused or dropped is
    /// not modeled.
    fn strict_fields<T: DeserializeOwned + Serialize>(&mut self, name: &str, spec: &Spec) {
        let schema = spec.schema(name);
        let required = spec.required(schema);
        for property in spec.properties(schema) {
            self.checked += 1;
            let mut only = required.clone();
            only.push(property.clone());
            let instance = spec.example_with(schema, 0, Some(&only));
            let kept = serde_json::from_value::<T>(instance)
                .ok()
                .and_then(|value| serde_json::to_value(value).ok())
                .is_some_and(|value| value.get(&property).is_some());
            if !kept {
                self.unmodeled.insert(format!("{name}.{property}"));
            }
        }
    }
}

fn extra_of<T: DeserializeOwned>(
    extra: impl Fn(&T) -> &Map<String, Value>,
) -> impl Fn(Value) -> Option<Vec<String>> {
    move |value| {
        serde_json::from_value::<T>(value)
            .ok()
            .map(|t| extra(&t).keys().cloned().collect())
    }
}

fn block_known(value: Value) -> bool {
    !matches!(
        serde_json::from_value::<ContentBlock>(value),
        Ok(ContentBlock::Unknown(_)) | Err(_)
    )
}

fn tagged_known<T: DeserializeOwned>(is_unknown: impl Fn(&T) -> bool) -> impl Fn(Value) -> bool {
    move |value| serde_json::from_value::<T>(value).is_ok_and(|t| !is_unknown(&t))
}

fn event_known(value: Value) -> bool {
    let name = value["type"].as_str().unwrap_or_default().to_owned();
    matches!(
        decode_event(Some(&name), &value.to_string()),
        Ok(Decoded::Event(event)) if !matches!(event, StreamEvent::Unknown { .. })
    )
}

fn measure(spec: &Spec) -> Drift {
    let mut drift = Drift::default();

    for name in [
        "ContentBlock",
        "BetaContentBlock",
        "InputContentBlock",
        "BetaInputContentBlock",
    ] {
        drift.union(name, spec.union(spec.schema(name)), spec, block_known);
    }
    for name in ["ContentBlockDeltaEvent", "BetaContentBlockDeltaEvent"] {
        let members = spec.union(&spec.schema(name)["properties"]["delta"]);
        drift.union(
            &format!("{name}.delta"),
            members,
            spec,
            tagged_known::<ContentDelta>(|d| matches!(d, ContentDelta::Unknown(_))),
        );
    }
    for name in ["MessageStreamEvent", "BetaMessageStreamEvent"] {
        drift.union(name, spec.union(spec.schema(name)), spec, event_known);
    }
    for name in ["ThinkingConfigParam", "BetaThinkingConfigParam"] {
        drift.union(
            name,
            spec.union(spec.schema(name)),
            spec,
            tagged_known::<ThinkingConfig>(|t| matches!(t, ThinkingConfig::Unknown(_))),
        );
    }
    for name in ["CreateMessageParams", "BetaCreateMessageParams"] {
        let tools = spec.one_of(&spec.schema(name)["properties"]["tools"]["items"]);
        drift.union(
            &format!("{name}.tools"),
            tools,
            spec,
            tagged_known::<Tool>(|t| matches!(t, Tool::Unknown(_))),
        );
    }
    for name in ["StopReason", "BetaStopReason"] {
        for value in spec.schema(name)["enum"].as_array().unwrap() {
            drift.checked += 1;
            let value = value.as_str().unwrap();
            if matches!(StopReason::from(value), StopReason::Other(_)) {
                drift.unmodeled.insert(format!("{name}: {value}"));
            }
        }
    }

    drift.strict_fields::<MessageCreateParams>("CreateMessageParams", spec);
    drift.strict_fields::<MessageCreateParams>("BetaCreateMessageParams", spec);
    for name in ["Message", "BetaMessage"] {
        drift.fields(name, spec, extra_of::<Message>(|m| &m.extra));
    }
    for name in ["Usage", "BetaUsage"] {
        drift.fields(name, spec, extra_of::<Usage>(|u| &u.extra));
    }
    for name in ["MessageDelta", "BetaMessageDelta"] {
        drift.fields(name, spec, extra_of::<MessageDeltaBody>(|d| &d.extra));
    }
    for name in ["ModelInfo", "BetaModelInfo"] {
        drift.fields(name, spec, extra_of::<ModelInfo>(|m| &m.extra));
    }
    for name in ["ModelCapabilities", "BetaModelCapabilities"] {
        drift.fields(name, spec, extra_of::<ModelCapabilities>(|c| &c.extra));
    }
    drift
}

fn omissions() -> BTreeSet<String> {
    OMISSIONS
        .lines()
        .map(|line| line.split(" # ").next().unwrap_or_default().trim())
        .filter(|item| !item.is_empty() && !item.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_part_of_the_spec_we_model_is_typed_or_listed_as_left_out() {
    let path = spec_path();
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "openapi drift: SKIPPED, no spec at {} (set ANTHROPIC_OPENAPI_SPEC to check one)",
            path.display()
        );
        return;
    };
    let spec: Value = serde_json::from_str(&text).expect("the spec is JSON (valid YAML too)");
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .expect("components.schemas")
        .clone();
    let drift = measure(&Spec { schemas });
    let listed = omissions();

    let unlisted: Vec<_> = drift.unmodeled.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&drift.unmodeled).collect();
    eprintln!(
        "openapi drift: checked {} items of {}; {} not modeled by our types",
        drift.checked,
        path.display(),
        drift.unmodeled.len()
    );
    assert!(
        unlisted.is_empty(),
        "the spec has {} item(s) our types do not model and omissions.txt does not list; \
         give them types, or add them to core/tests/openapi_drift/omissions.txt with a reason:\n{}",
        unlisted.len(),
        unlisted
            .iter()
            .map(|s| format!("  {s}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        stale.is_empty(),
        "omissions.txt lists item(s) that the spec no longer has or our types now model; \
         remove them:\n{}",
        stale
            .iter()
            .map(|s| format!("  {s}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_instance_maker_fills_what_a_schema_asks_for() {
    // The drift check is only as good as the instances it decodes: check the maker on a
    // schema of the spec's shape, so the test above cannot pass by decoding empty objects.
    let schemas = json!({
        "Block": {"type": "object", "required": ["type", "text"], "properties": {
            "type": {"const": "text", "type": "string"},
            "text": {"type": "string"},
            "citations": {"anyOf": [{"type": "array", "items": {"$ref": "#/components/schemas/Cite"}}, {"type": "null"}]},
        }},
        "Cite": {"type": "object", "properties": {"kind": {"enum": ["page", "char"]}, "at": {"type": "integer"}}},
    });
    let spec = Spec {
        schemas: schemas.as_object().unwrap().clone(),
    };
    let instance = spec.example(spec.schema("Block"), 0);
    assert_eq!(
        instance,
        json!({"type": "text", "text": "x", "citations": [{"kind": "page", "at": 1}]})
    );
    let only = spec.example_with(spec.schema("Block"), 0, Some(&["type".to_owned()]));
    assert_eq!(only, json!({"type": "text"}));
    assert!(block_known(json!({"type": "text", "text": "x"})));
    assert!(!block_known(json!({"type": "from_the_future"})));
}
