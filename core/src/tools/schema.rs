//! Input schemas of function tools, generated from Rust types with `schemars` and shaped
//! like the schemas Python's `@beta_tool` sends (Pydantic v2's output for a signature).
//!
//! [`FunctionSchema`] is what `#[anthropic::tool]` expands to: one
//! [`param`](FunctionSchema::param) per argument, then [`finish`](FunctionSchema::finish).
//! The result follows spec/tools.md §1.4:
//!
//! - top level `{"$defs"?, "additionalProperties": false, "properties", "required"?,
//!   "type": "object"}`, `required` left out when empty;
//! - properties in argument order; keys inside every schema object sorted, `$defs` sorted
//!   by name;
//! - each property titled from its name as Pydantic does (`zip_code` → `"Zip Code"`),
//!   except a property that is a reference to a definition (`$ref`, or an `anyOf` holding
//!   one), which Pydantic leaves untitled;
//! - `Option<T>` is `{"anyOf": [T, {"type": "null"}], "default": null}` and not required
//!   (Python's `Optional[T] = None`); an argument with a default gets `"default"` and is
//!   not required;
//! - definitions (structs, enums deriving `JsonSchema`) under `$defs`, titled with their
//!   name, their `Option` fields defaulting to `null`.
//!
//! Where schemars and Pydantic differ, the schemars output is rewritten: `"type": [T,
//! "null"]` becomes the `anyOf` form, and the integer/float `format`s schemars adds
//! (`int64`, `double`, …) are dropped (Python has one `int` and one `float`). Range
//! bounds schemars derives from a Rust type (`"minimum": 0` for unsigned integers) are
//! kept: they are true of the argument.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Map, Value};

/// Builds a tool's `input_schema` argument by argument (see the module docs).
#[derive(Debug)]
pub struct FunctionSchema {
    generator: SchemaGenerator,
    properties: Map<String, Value>,
    required: Vec<String>,
}

impl Default for FunctionSchema {
    fn default() -> Self {
        FunctionSchema::new()
    }
}

impl FunctionSchema {
    /// An empty argument list.
    pub fn new() -> Self {
        FunctionSchema {
            generator: SchemaGenerator::new(SchemaSettings::draft2020_12()),
            properties: Map::new(),
            required: Vec::new(),
        }
    }

    /// Adds the argument `name` of type `T`. `optional` says that `T` is an `Option`
    /// (the argument may then be left out, and defaults to `null`); `default` is the
    /// argument's default value as JSON (it then may be left out too); `description`
    /// comes from the function's doc comment and is used unless the type brings one.
    pub fn param<T: JsonSchema + ?Sized>(
        &mut self,
        name: &str,
        optional: bool,
        default: Option<Value>,
        description: Option<&str>,
    ) -> &mut Self {
        let schema = self.generator.subschema_for::<T>();
        self.param_schema(name, schema.to_value(), optional, default, description)
    }

    /// [`param`](Self::param) with a ready schema instead of a type.
    pub fn param_schema(
        &mut self,
        name: &str,
        schema: Value,
        optional: bool,
        default: Option<Value>,
        description: Option<&str>,
    ) -> &mut Self {
        let mut schema = normalize(schema);
        let default = match default {
            Some(value) => Some(value),
            None if optional => Some(Value::Null),
            None => None,
        };
        if let Value::Object(object) = &mut schema {
            if let Some(description) = description.filter(|_| !object.contains_key("description")) {
                object.insert("description".into(), Value::String(description.to_owned()));
            }
            if !refers_to_definition(object) {
                object.insert("title".into(), Value::String(python_title(name)));
            }
            match &default {
                Some(value) => {
                    object.insert("default".into(), value.clone());
                }
                None => self.required.push(name.to_owned()),
            }
            sort_keys(object);
        } else if default.is_none() {
            self.required.push(name.to_owned());
        }
        self.properties.insert(name.to_owned(), schema);
        self
    }

    /// The finished `input_schema`.
    pub fn finish(self) -> Value {
        let mut definitions: Vec<(String, Value)> = self
            .generator
            .definitions()
            .iter()
            .map(|(name, schema)| {
                let mut schema = normalize(schema.clone());
                if let Value::Object(object) = &mut schema {
                    if !object.contains_key("title") {
                        object.insert("title".into(), Value::String(name.clone()));
                        sort_keys(object);
                    }
                }
                (name.clone(), schema)
            })
            .collect();
        definitions.sort_by(|a, b| a.0.cmp(&b.0));
        let mut root = Map::new();
        if !definitions.is_empty() {
            root.insert(
                "$defs".into(),
                Value::Object(definitions.into_iter().collect()),
            );
        }
        root.insert("additionalProperties".into(), Value::Bool(false));
        root.insert("properties".into(), Value::Object(self.properties));
        if !self.required.is_empty() {
            root.insert(
                "required".into(),
                Value::Array(self.required.into_iter().map(Value::String).collect()),
            );
        }
        root.insert("type".into(), Value::String("object".into()));
        Value::Object(root)
    }
}

/// The input schema of a tool whose whole input is one type `T` (the struct form of a
/// tool): `T`'s schema with its definitions, shaped like [`FunctionSchema`]'s output, with
/// `"additionalProperties": false` at the top when `T` is an object.
pub fn schema_for_input<T: JsonSchema + ?Sized>() -> Value {
    let mut generator = SchemaGenerator::new(SchemaSettings::draft2020_12());
    let root = generator.root_schema_for::<T>().to_value();
    let Value::Object(mut root) = normalize_value(root) else {
        return Value::Object(Map::new());
    };
    root.remove("$schema");
    root.remove("title");
    if root.get("type").and_then(Value::as_str) == Some("object") {
        root.insert("additionalProperties".into(), Value::Bool(false));
    }
    sort_keys(&mut root);
    Value::Object(root)
}

/// Python's `name.replace("_", " ").title().strip()`, the title Pydantic gives a field:
/// a letter is capitalised when the character before it is not a letter, lowered
/// otherwise.
pub fn python_title(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut previous_cased = false;
    for c in name.chars() {
        let c = if c == '_' { ' ' } else { c };
        if c.is_alphabetic() {
            if previous_cased {
                out.extend(c.to_lowercase());
            } else {
                out.extend(c.to_uppercase());
            }
            previous_cased = true;
        } else {
            out.push(c);
            previous_cased = false;
        }
    }
    out.trim().to_owned()
}

fn refers_to_definition(object: &Map<String, Value>) -> bool {
    object.contains_key("$ref")
        || object
            .get("anyOf")
            .and_then(Value::as_array)
            .is_some_and(|variants| variants.iter().any(|v| v.get("$ref").is_some()))
}

const NUMERIC_FORMATS: &[&str] = &[
    "int", "int8", "int16", "int32", "int64", "int128", "uint", "uint8", "uint16", "uint32",
    "uint64", "uint128", "float", "double",
];

/// Rewrites a schemars schema into the Pydantic shape (see the module docs), recursively,
/// including its `$defs` (each titled with its name).
pub(crate) fn normalize_value(schema: Value) -> Value {
    let mut schema = normalize(schema);
    let definitions = match &mut schema {
        Value::Object(root) => match root.get_mut("$defs") {
            Some(Value::Object(definitions)) => Some(definitions),
            _ => None,
        },
        _ => None,
    };
    if let Some(definitions) = definitions {
        let mut sorted: Vec<(String, Value)> = std::mem::take(definitions).into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, schema) in &mut sorted {
            *schema = normalize(std::mem::take(schema));
            if let Value::Object(object) = schema {
                if !object.contains_key("title") {
                    object.insert("title".into(), Value::String(name.clone()));
                    sort_keys(object);
                }
            }
        }
        *definitions = sorted.into_iter().collect();
    }
    schema
}

/// Rewrites a schemars schema into the Pydantic shape (see the module docs), recursively.
fn normalize(schema: Value) -> Value {
    let Value::Object(mut object) = schema else {
        // schemars writes "anything" (`serde_json::Value`) as the boolean schema `true`;
        // Pydantic writes `Any` as `{}`, which then takes a title like any property.
        return match schema {
            Value::Bool(true) => Value::Object(Map::new()),
            other => other,
        };
    };
    if object
        .get("format")
        .and_then(Value::as_str)
        .is_some_and(|f| NUMERIC_FORMATS.contains(&f))
    {
        object.remove("format");
    }
    // `"type": ["integer", "null"]` → `"anyOf": [{"type": "integer", …}, {"type": "null"}]`.
    let nullable = match object.get("type") {
        Some(Value::Array(types)) if types.len() == 2 && types.iter().any(|t| t == "null") => {
            Some(types)
        }
        _ => None,
    };
    if let Some(types) = nullable {
        let other = types
            .iter()
            .find(|t| *t != "null")
            .cloned()
            .unwrap_or_default();
        object.remove("type");
        let mut variant = Map::new();
        variant.insert("type".into(), other);
        let kept: Map<String, Value> = std::mem::take(&mut object)
            .into_iter()
            .filter_map(|(key, value)| {
                if matches!(
                    key.as_str(),
                    "description" | "title" | "default" | "examples"
                ) {
                    Some((key, value))
                } else {
                    variant.insert(key, value);
                    None
                }
            })
            .collect();
        object = kept;
        let variants = vec![
            normalize(Value::Object(variant)),
            serde_json::json!({"type": "null"}),
        ];
        object.insert("anyOf".into(), Value::Array(variants));
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(value) = object.remove(key) {
            // `additionalProperties: true` stays a boolean, as Pydantic writes `Dict[str, Any]`.
            let value = match value {
                Value::Bool(_) if key == "additionalProperties" => value,
                value => normalize(value),
            };
            object.insert(key.to_owned(), value);
        }
    }
    for key in ["anyOf", "oneOf", "allOf", "prefixItems"] {
        if let Some(Value::Array(items)) = object.remove(key) {
            object.insert(
                key.to_owned(),
                Value::Array(items.into_iter().map(normalize).collect()),
            );
        }
    }
    if let Some(Value::Object(properties)) = object.remove("properties") {
        let required: Vec<String> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let properties = properties
            .into_iter()
            .map(|(name, schema)| {
                let mut schema = normalize(schema);
                if let Value::Object(property) = &mut schema {
                    if !refers_to_definition(property) && !property.contains_key("title") {
                        property.insert("title".into(), Value::String(python_title(&name)));
                    }
                    if !required.contains(&name)
                        && !property.contains_key("default")
                        && is_nullable(property)
                    {
                        property.insert("default".into(), Value::Null);
                    }
                    sort_keys(property);
                }
                (name, schema)
            })
            .collect();
        object.insert("properties".into(), Value::Object(properties));
    }
    sort_keys(&mut object);
    Value::Object(object)
}

fn is_nullable(object: &Map<String, Value>) -> bool {
    object
        .get("anyOf")
        .and_then(Value::as_array)
        .is_some_and(|variants| {
            variants
                .iter()
                .any(|v| v.get("type") == Some(&"null".into()))
        })
}

/// Sorts an object's keys (Pydantic writes every schema object sorted).
fn sort_keys(object: &mut Map<String, Value>) {
    let mut entries: Vec<(String, Value)> = std::mem::take(object).into_iter().collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    object.extend(entries);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_follow_python() {
        assert_eq!(python_title("unit_name"), "Unit Name");
        assert_eq!(python_title("any_"), "Any");
        assert_eq!(python_title("userID"), "Userid");
        assert_eq!(python_title("a1b"), "A1B");
        assert_eq!(python_title("location"), "Location");
    }

    /// `serde_json::Value` as Pydantic writes `Any`: `{}` with its title, `{}` as an
    /// array's items, and `additionalProperties: true` for a map of anything (checked
    /// against Pydantic 2 through anthropic 0.76.0's `beta_tool`).
    #[test]
    fn anything_is_written_as_pydantic_writes_any() {
        let mut schema = FunctionSchema::new();
        schema.param::<Value>("data", false, None, None);
        schema.param::<Vec<Value>>("items", false, None, None);
        schema.param::<std::collections::BTreeMap<String, Value>>("extra", false, None, None);
        assert_eq!(
            schema.finish().to_string(),
            r#"{"additionalProperties":false,"properties":{"data":{"title":"Data"},"items":{"items":{},"title":"Items","type":"array"},"extra":{"additionalProperties":true,"title":"Extra","type":"object"}},"required":["data","items","extra"],"type":"object"}"#
        );
    }

    #[test]
    fn option_and_numeric_formats_are_rewritten() {
        let mut schema = FunctionSchema::new();
        schema.param::<Option<i64>>("zip", true, None, Some("a zip"));
        schema.param::<u32>("count", false, None, None);
        let value = schema.finish();
        assert_eq!(
            value.to_string(),
            r#"{"additionalProperties":false,"properties":{"zip":{"anyOf":[{"type":"integer"},{"type":"null"}],"default":null,"description":"a zip","title":"Zip"},"count":{"minimum":0,"title":"Count","type":"integer"}},"required":["count"],"type":"object"}"#
        );
    }
}
