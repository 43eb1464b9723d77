//! `transform_schema` (spec/endpoints.md §4.2): rewrites a JSON Schema into the subset the
//! API's structured outputs accept, moving every unsupported keyword into the
//! description as text so the model may still follow it.
//!
//! One deliberate difference from Python 0.76.0: a root schema with `$ref` keeps its
//! `$defs` (Python drops them, so a recursive model's schema refers to nothing).

use std::fmt;

use serde_json::{Map, Value};

/// A schema the transform cannot take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaError {
    /// Python's `ValueError`: neither `type` nor `anyOf` / `oneOf` / `allOf`.
    MissingType,
    /// A `type` that is not one of the JSON Schema type names (a list of types, say).
    UnsupportedType(String),
    /// The schema (or a nested one) is not a JSON object.
    NotAnObject,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaError::MissingType => {
                f.write_str("Schema must have a 'type', 'anyOf', 'oneOf', or 'allOf' field.")
            }
            SchemaError::UnsupportedType(t) => write!(f, "unsupported schema type {t}"),
            SchemaError::NotAnObject => f.write_str("a schema must be a JSON object"),
        }
    }
}

impl std::error::Error for SchemaError {}

const STRING_FORMATS: &[&str] = &[
    "date-time",
    "time",
    "date",
    "duration",
    "email",
    "hostname",
    "uri",
    "ipv4",
    "ipv6",
    "uuid",
];

/// The transformed schema (see the module docs and spec/endpoints.md §4.2).
pub fn transform_schema(schema: &Value) -> Result<Value, SchemaError> {
    transform(schema, true)
}

fn transform(schema: &Value, root: bool) -> Result<Value, SchemaError> {
    let Value::Object(input) = schema else {
        return Err(SchemaError::NotAnObject);
    };
    let mut rest = input.clone();
    let mut out = Map::new();
    if let Some(reference) = rest.shift_remove("$ref") {
        out.insert("$ref".into(), reference);
        if root {
            if let Some(defs) = rest.shift_remove("$defs") {
                out.insert("$defs".into(), transform_defs(&defs)?);
            }
        }
        return Ok(Value::Object(out));
    }
    if let Some(defs) = rest.shift_remove("$defs") {
        out.insert("$defs".into(), transform_defs(&defs)?);
    }
    let ty = rest.shift_remove("type");
    let any_of = rest.shift_remove("anyOf");
    let one_of = rest.shift_remove("oneOf");
    let all_of = rest.shift_remove("allOf");
    if let Some(Value::Array(variants)) = &any_of {
        out.insert("anyOf".into(), transform_all(variants)?);
    } else if let Some(Value::Array(variants)) = &one_of {
        out.insert("anyOf".into(), transform_all(variants)?);
    } else if let Some(Value::Array(variants)) = &all_of {
        out.insert("allOf".into(), transform_all(variants)?);
    } else {
        match &ty {
            None => return Err(SchemaError::MissingType),
            Some(t) => {
                out.insert("type".into(), t.clone());
            }
        }
    }
    if let Some(description) = rest.shift_remove("description") {
        out.insert("description".into(), description);
    }
    if let Some(title) = rest.shift_remove("title") {
        out.insert("title".into(), title);
    }
    let mut tail = Vec::new();
    match ty.as_ref() {
        Some(Value::String(t)) => match t.as_str() {
            "object" => {
                let mut properties = Map::new();
                if let Some(Value::Object(props)) = rest.shift_remove("properties") {
                    for (key, value) in props {
                        properties.insert(key, transform(&value, false)?);
                    }
                }
                out.insert("properties".into(), Value::Object(properties));
                rest.shift_remove("additionalProperties");
                out.insert("additionalProperties".into(), Value::Bool(false));
                if let Some(required) = rest.shift_remove("required") {
                    out.insert("required".into(), required);
                }
            }
            "string" => {
                if let Some(format) = rest.shift_remove("format") {
                    if format.as_str().is_some_and(|f| STRING_FORMATS.contains(&f)) {
                        out.insert("format".into(), format);
                    } else if is_truthy(&format) {
                        tail.push(("format".to_owned(), format));
                    }
                }
            }
            "array" => {
                if let Some(items) = rest.shift_remove("items") {
                    out.insert("items".into(), transform(&items, false)?);
                }
                if let Some(min_items) = rest.shift_remove("minItems") {
                    if min_items == 0 || min_items == 1 {
                        out.insert("minItems".into(), min_items);
                    } else {
                        tail.push(("minItems".to_owned(), min_items));
                    }
                }
            }
            "boolean" | "integer" | "number" | "null" => {}
            other => return Err(SchemaError::UnsupportedType(other.to_owned())),
        },
        None => {}
        Some(other) => return Err(SchemaError::UnsupportedType(other.to_string())),
    }
    let leftovers: Vec<(String, Value)> = rest.into_iter().chain(tail).collect();
    if !leftovers.is_empty() {
        let listed: Vec<String> = leftovers
            .iter()
            .map(|(key, value)| format!("{key}: {}", py_str(value)))
            .collect();
        let extra = format!("{{{}}}", listed.join(", "));
        let text = match out.get("description") {
            Some(Value::String(d)) => format!("{d}\n\n{extra}"),
            Some(other) => format!("{}\n\n{extra}", py_str(other)),
            None => extra,
        };
        out.insert("description".into(), Value::String(text));
    }
    Ok(Value::Object(out))
}

fn transform_all(variants: &[Value]) -> Result<Value, SchemaError> {
    variants
        .iter()
        .map(|v| transform(v, false))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

fn transform_defs(defs: &Value) -> Result<Value, SchemaError> {
    let Value::Object(defs) = defs else {
        return Err(SchemaError::NotAnObject);
    };
    let mut out = Map::new();
    for (name, schema) in defs {
        out.insert(name.clone(), transform(schema, false)?);
    }
    Ok(Value::Object(out))
}

fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Number(n) => n.as_f64() != Some(0.0),
    }
}

/// Python's `str(value)` of the value as Python would hold it: strings raw, containers
/// in repr form.
fn py_str(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => py_repr(other),
    }
}

/// Python's `repr(value)`: `None`, `True`, `'text'`, `[1, 'a']`, `{'k': 1}`.
fn py_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => py_repr_str(s),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(py_repr).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Object(map) => {
            let inner: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", py_repr_str(k), py_repr(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
    }
}

fn py_repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn t(v: Value) -> String {
        transform_schema(&v).unwrap().to_string()
    }

    #[test]
    fn observed_examples_of_the_spec() {
        assert_eq!(
            t(json!({"enum":["red","blue"],"title":"Color","type":"string"})),
            r#"{"type":"string","title":"Color","description":"{enum: ['red', 'blue']}"}"#
        );
        assert_eq!(
            t(json!({"description":"an x","maximum":10,"minimum":1,"title":"X","type":"integer"})),
            r#"{"type":"integer","description":"an x\n\n{maximum: 10, minimum: 1}","title":"X"}"#
        );
        assert_eq!(
            t(json!({"anyOf":[{"type":"string"},{"type":"null"}],"default":null,"title":"Nick"})),
            r#"{"anyOf":[{"type":"string"},{"type":"null"}],"title":"Nick","description":"{default: None}"}"#
        );
        assert_eq!(
            t(json!({"minLength":2,"pattern":"^a+$","title":"Pattern","type":"string"})),
            r#"{"type":"string","title":"Pattern","description":"{minLength: 2, pattern: ^a+$}"}"#
        );
        assert_eq!(
            t(json!({"format":"date-time","title":"When","type":"string"})),
            r#"{"type":"string","title":"When","format":"date-time"}"#
        );
        assert_eq!(
            t(
                json!({"items":{"type":"integer"},"maxItems":5,"minItems":3,"title":"L","type":"array"})
            ),
            r#"{"type":"array","title":"L","items":{"type":"integer"},"description":"{maxItems: 5, minItems: 3}"}"#
        );
        assert_eq!(
            t(json!({"items":{"type":"integer"},"minItems":1,"title":"L","type":"array"})),
            r#"{"type":"array","title":"L","items":{"type":"integer"},"minItems":1}"#
        );
    }

    #[test]
    fn objects_close_and_one_of_becomes_any_of() {
        assert_eq!(
            t(
                json!({"type":"object","title":"P","properties":{"name":{"type":"string","title":"Name"},"age":{"type":"integer","title":"Age"}},"required":["name","age"],"additionalProperties":true})
            ),
            r#"{"type":"object","title":"P","properties":{"name":{"type":"string","title":"Name"},"age":{"type":"integer","title":"Age"}},"additionalProperties":false,"required":["name","age"]}"#
        );
        assert_eq!(
            t(json!({"oneOf":[{"type":"string"},{"type":"integer"}]})),
            r#"{"anyOf":[{"type":"string"},{"type":"integer"}]}"#
        );
    }

    #[test]
    fn a_root_ref_keeps_its_defs_but_a_nested_ref_is_bare() {
        let schema = json!({"$defs":{"Node":{"type":"object","properties":{"next":{"$ref":"#/$defs/Node","title":"Next"}}}},"$ref":"#/$defs/Node"});
        assert_eq!(
            t(schema),
            r##"{"$ref":"#/$defs/Node","$defs":{"Node":{"type":"object","properties":{"next":{"$ref":"#/$defs/Node"}},"additionalProperties":false}}}"##
        );
    }

    #[test]
    fn bad_schemas_are_typed_errors() {
        assert_eq!(
            transform_schema(&json!({"title": "x"})),
            Err(SchemaError::MissingType)
        );
        assert!(matches!(
            transform_schema(&json!({"type": ["integer", "null"]})),
            Err(SchemaError::UnsupportedType(_))
        ));
        assert_eq!(transform_schema(&json!(3)), Err(SchemaError::NotAnObject));
    }

    #[test]
    fn python_repr_of_values() {
        assert_eq!(py_str(&json!("it's")), "it's");
        assert_eq!(py_repr(&json!("it's")), "\"it's\"");
        assert_eq!(
            py_repr(&json!({"a": [true, null, 1.5]})),
            "{'a': [True, None, 1.5]}"
        );
    }
}
