//! Structured outputs (spec/endpoints.md §4): the `output_format` of a Rust type, and the
//! reply parsed back into it.
//!
//! - [`transform`]: Python's `transform_schema`, the rewrite that makes a JSON Schema one
//!   the API accepts (unsupported keywords move into the description).
//! - [`output_format_for`]: `T`'s schema (schemars, shaped like Pydantic's), transformed,
//!   as `{"schema": …, "type": "json_schema"}`.
//! - [`ParsedMessage`]: a reply with `parsed_output: Option<T>`; a text block that does
//!   not parse into `T` is an [`OutputParseError`] that keeps the raw text.
//! - [`parse_output`]: one block's text into `T`, as Python's `validate_json` reads it:
//!   in Pydantic's lax mode (`"30"` or `30.0` for an integer, `"true"` for a `bool`; see
//!   [`crate::tools::lax`]). Schema constraints (`minimum`, `maxLength`, `pattern`, …)
//!   describe the schema only: serde does not check them, where Pydantic would.

pub mod transform;

use std::fmt;

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::types::Extra;
use crate::types::{JsonSchemaFormat, Message, OutputFormat};
pub use transform::{SchemaError, transform_schema};

/// The JSON Schema of `T` as Pydantic would write it for the equivalent model (titles,
/// sorted keys, `Option` as `anyOf` with `null`; see [`crate::tools::schema`]), before the
/// [`transform_schema`] rewrite.
///
/// A type schemars writes inline (a number, a string, a `Vec`, a map, an `Option`) gets no
/// root `title`: schemars would name it `int64` or `Array_of_string`, and Pydantic gives
/// `int` or `List[str]` none. A struct or an enum keeps its name as its title, as a model
/// does.
pub fn json_schema_for<T: JsonSchema + ?Sized>() -> Value {
    let mut generator = schemars::SchemaGenerator::new(SchemaSettings::draft2020_12());
    let mut root = generator.root_schema_for::<T>().to_value();
    if let Value::Object(object) = &mut root {
        object.shift_remove("$schema");
        if T::inline_schema() {
            object.shift_remove("title");
        }
    }
    crate::tools::schema::normalize_value(root)
}

/// `output_format` for replies of type `T`: `{"schema": <transformed schema>, "type":
/// "json_schema"}`. Fails when `T`'s schema has a shape the transform cannot take (a
/// schema with neither `type` nor a combinator, say).
pub fn output_format_for<T: JsonSchema + ?Sized>() -> Result<OutputFormat, SchemaError> {
    let schema = transform_schema(&json_schema_for::<T>())?;
    Ok(OutputFormat::JsonSchema(JsonSchemaFormat {
        schema,
        extra: Extra::new(),
    }))
}

/// A text block of a structured reply that does not parse into the requested type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputParseError {
    /// The block's text, as received.
    pub text: String,
    /// Why it does not parse (serde's message).
    pub message: String,
    /// The `request-id` of the response.
    pub request_id: Option<String>,
}

impl fmt::Display for OutputParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the reply does not parse into the requested output type: {}",
            self.message
        )
    }
}

impl std::error::Error for OutputParseError {}

/// One text block of a structured reply decoded into `T`: the text as JSON, then `T` from
/// it with Pydantic's lax conversions, as Python's `TypeAdapter(T).validate_json` reads
/// it (see the module docs). The error is serde's message.
pub fn parse_output<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    crate::tools::lax::from_input(&value).map_err(|e| e.to_string())
}

/// A reply whose text blocks were parsed as `T` (Python's `ParsedBetaMessage`).
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedMessage<T> {
    /// The reply as received.
    pub message: Message,
    /// Each text block's parsed value, in content order.
    pub parsed_blocks: Vec<T>,
}

impl<T: DeserializeOwned> ParsedMessage<T> {
    /// Parses every text block of `message` into `T` with [`parse_output`], as Python
    /// does; the first block that does not parse is the error.
    pub fn parse(message: Message) -> Result<Self, OutputParseError> {
        let mut parsed_blocks = Vec::new();
        for text in message.content.iter().filter_map(|b| b.as_text()) {
            match parse_output::<T>(text) {
                Ok(value) => parsed_blocks.push(value),
                Err(why) => {
                    return Err(OutputParseError {
                        text: text.to_owned(),
                        message: why,
                        request_id: message.request_id.clone(),
                    });
                }
            }
        }
        Ok(ParsedMessage {
            message,
            parsed_blocks,
        })
    }
}

impl<T> ParsedMessage<T> {
    /// The parsed value of the first text block (`None` when the reply has no text
    /// block). Python skips values that are falsy (`0`, `""`, `[]`); Rust values have no
    /// truthiness, so the first one is taken.
    pub fn parsed_output(&self) -> Option<&T> {
        self.parsed_blocks.first()
    }

    /// The parsed value of the first text block, by value.
    pub fn into_parsed_output(self) -> Option<T> {
        self.parsed_blocks.into_iter().next()
    }
}

impl<T> std::ops::Deref for ParsedMessage<T> {
    type Target = Message;
    fn deref(&self) -> &Message {
        &self.message
    }
}
