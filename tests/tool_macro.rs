//! `#[anthropic::tool]` makes the definitions Python's `@beta_tool` makes for the same
//! functions: each function here mirrors one in `fixtures/tool_schemas/generate.py`,
//! whose output (Python 0.76.0's `to_dict()`) is checked in next to it and compared byte
//! for byte. Then the calls: decoding the model's input, defaults, errors.

use std::collections::HashMap;
use std::fmt;

use anthropic::schemars::JsonSchema;
use anthropic::tools::RunnableTool;
use anthropic::types::{ContentBlock, MessageContent};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Unit {
    Celsius,
    Fahrenheit,
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize, JsonSchema, serde::Serialize)]
#[serde(rename_all = "lowercase")]
enum Mode {
    Fast,
    Slow,
}

#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
struct Address {
    street: String,
    zip_code: Option<i64>,
}

/// Get the current weather for a location.
///
/// # Arguments
/// * `location` - The city and state, e.g. San Francisco, CA
/// * `unit` - Temperature unit
#[anthropic::tool]
fn get_weather(location: String, unit: Option<Unit>) -> String {
    match unit {
        Some(Unit::Fahrenheit) => format!("72°F and sunny in {location}"),
        _ => format!("22°C and sunny in {location}"),
    }
}

/// Exercise every argument kind.
///
/// A longer description
/// spanning two lines.
///
/// # Arguments
/// * `name` - The name
/// * `count` - How many
///   (a continued line)
/// * `limit` - At most this many
#[anthropic::tool]
#[allow(clippy::too_many_arguments)]
fn every_kind(
    name: String,
    count: i64,
    ratio: f64,
    enabled: bool,
    tags: Vec<String>,
    scores: HashMap<String, i64>,
    pair: (i64, String),
    nickname: Option<String>,
    #[tool(default = 10)] limit: i64,
    #[tool(default = Mode::Fast)] mode: Mode,
) -> String {
    format!(
        "{name} {count} {ratio} {enabled} {tags:?} {} {pair:?} {nickname:?} {limit} {mode:?}",
        scores.len()
    )
}

/// Ship to an address.
#[anthropic::tool]
fn ship(address: Address, units: Vec<Unit>, note: Option<Address>) -> String {
    format!("{} {} {}", address.street, units.len(), note.is_some())
}

#[anthropic::tool]
fn no_arguments() -> &'static str {
    "done"
}

/// Ignored because a description is given.
#[anthropic::tool(name = "lookup", description = "Look something up.")]
fn renamed(query: String) -> String {
    query
}

/// Found by tool search.
#[anthropic::tool(defer_loading = true)]
fn deferred(query: String) -> String {
    query
}

/// Summarise a document.
///
/// Reads the whole document first.
///
/// Then writes the summary.
///
/// ```text
/// # not a heading inside a fence
/// ```
///
/// # Arguments
/// * `type` -
///   The kind of summary, on the line after its name.
/// * `note` - A note.
///   It goes on.
///
///   And has a second paragraph.
#[anthropic::tool]
fn paragraphs(r#type: String, #[tool(default = String::new())] note: String) -> String {
    format!("{type} {note}", type = r#type)
}

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/tool_schemas/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Python's `json.dump(indent=2)` form of our definition.
fn python_json(tool: &dyn RunnableTool) -> String {
    let value = serde_json::to_value(tool.definition()).unwrap();
    let mut out = python_dump(&value, 0);
    out.push('\n');
    out
}

fn python_dump(value: &Value, indent: usize) -> String {
    let pad = |n: usize| " ".repeat(n);
    match value {
        Value::Object(map) if !map.is_empty() => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}{}: {}",
                        pad(indent + 2),
                        python_string(k),
                        python_dump(v, indent + 2)
                    )
                })
                .collect();
            format!("{{\n{}\n{}}}", items.join(",\n"), pad(indent))
        }
        Value::Array(items) if !items.is_empty() => {
            let items: Vec<String> = items
                .iter()
                .map(|v| format!("{}{}", pad(indent + 2), python_dump(v, indent + 2)))
                .collect();
            format!("[\n{}\n{}]", items.join(",\n"), pad(indent))
        }
        Value::String(s) => python_string(s),
        other => other.to_string(),
    }
}

/// `json.dumps` of a string (ASCII only, as Python's default).
fn python_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[test]
fn definitions_match_python_byte_for_byte() {
    let cases: [(&str, &dyn RunnableTool); 7] = [
        ("get_weather", &get_weather),
        ("every_kind", &every_kind),
        ("ship", &ship),
        ("no_arguments", &no_arguments),
        ("renamed", &renamed),
        ("deferred", &deferred),
        ("paragraphs", &paragraphs),
    ];
    for (name, tool) in cases {
        assert_eq!(python_json(tool), fixture(name), "definition of {name}");
    }
}

/// A raw identifier is the key its schema names (`r#type` is `type`).
#[test]
fn a_raw_identifier_argument_is_called_by_its_key() {
    assert_eq!(
        paragraphs.call(json!({"type": "short"})).unwrap(),
        MessageContent::Text("short ".into())
    );
}

#[test]
fn the_name_is_the_definitions() {
    assert_eq!(RunnableTool::name(&get_weather), "get_weather");
    assert_eq!(RunnableTool::name(&renamed), "lookup");
}

fn text(outcome: anthropic::tools::ToolOutcome) -> String {
    match outcome.expect("the call succeeds") {
        MessageContent::Text(t) => t,
        other => panic!("not text: {other:?}"),
    }
}

#[test]
fn calls_decode_the_models_input() {
    assert_eq!(
        text(get_weather.call(json!({"location": "NYC"}))),
        "22°C and sunny in NYC"
    );
    assert_eq!(
        text(get_weather.call(json!({"location": "NYC", "unit": "fahrenheit"}))),
        "72°F and sunny in NYC"
    );
    assert_eq!(
        text(every_kind.call(json!({
            "name": "n", "count": 2, "ratio": 0.5, "enabled": true, "tags": ["a"],
            "scores": {"x": 1}, "pair": [1, "b"]
        }))),
        "n 2 0.5 true [\"a\"] 1 (1, \"b\") None 10 Fast"
    );
    assert_eq!(
        text(ship.call(json!({"address": {"street": "Main St"}, "units": ["celsius"]}))),
        "Main St 1 false"
    );
    assert_eq!(text(no_arguments.call(json!({}))), "done");
    // The original function is still there.
    assert_eq!(
        get_weather::run("Paris".into(), None),
        "22°C and sunny in Paris"
    );
}

/// Python validates in Pydantic's lax mode: numbers and booleans written as strings,
/// and a whole float for an integer, are accepted wherever they sit; a number for a
/// string, or a fraction for an integer, is not.
#[test]
fn scalars_are_read_as_pydantic_reads_them_in_lax_mode() {
    assert_eq!(
        text(every_kind.call(json!({
            "name": "n", "count": "2", "ratio": "0.5", "enabled": "yes", "tags": ["a"],
            "scores": {"x": "1"}, "pair": ["1", "b"], "limit": 3.0
        }))),
        "n 2 0.5 true [\"a\"] 1 (1, \"b\") None 3 Fast"
    );
    for (field, value) in [
        ("count", json!(2.5)),
        ("count", json!("2.5")),
        ("name", json!(5)),
        ("enabled", json!(2)),
    ] {
        let mut input = json!({
            "name": "n", "count": 2, "ratio": 0.5, "enabled": true, "tags": [],
            "scores": {}, "pair": [1, "b"]
        });
        input[field] = value.clone();
        let e = every_kind.call(input).unwrap_err();
        assert_eq!(e.kind(), "InvalidInput", "{field} = {value}");
    }
}

#[test]
fn input_that_does_not_fit_is_an_error_naming_the_problem() {
    let missing = get_weather.call(json!({})).unwrap_err();
    assert_eq!(missing.kind(), "InvalidInput");
    assert!(
        missing
            .message()
            .starts_with("Invalid arguments for function get_weather: missing field `location`"),
        "{missing}"
    );
    let wrong = get_weather.call(json!({"location": 5})).unwrap_err();
    assert!(
        wrong.message().contains("invalid type: integer `5`"),
        "{wrong}"
    );
    let unknown = get_weather
        .call(json!({"location": "x", "extra": 1}))
        .unwrap_err();
    assert!(
        unknown.message().contains("unknown field `extra`"),
        "{unknown}"
    );
    let bad_enum = get_weather
        .call(json!({"location": "x", "unit": "kelvin"}))
        .unwrap_err();
    assert!(bad_enum.message().contains("kelvin"), "{bad_enum}");
    for (input, kind) in [
        (json!([1]), "an array"),
        (json!("s"), "a string"),
        (Value::Null, "null"),
    ] {
        let e = get_weather.call(input).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("InvalidInput: Input must be an object, got {kind}")
        );
    }
}

#[derive(Debug)]
struct Broken;

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("it's broken")
    }
}

/// Always fails.
#[anthropic::tool]
fn boom(x: i64) -> Result<String, Broken> {
    let _ = x;
    Err(Broken)
}

/// Returns blocks.
#[anthropic::tool]
fn picture() -> Vec<ContentBlock> {
    vec![ContentBlock::text("a"), ContentBlock::text("b")]
}

/// Searches.
#[derive(Debug, Deserialize, JsonSchema)]
struct SearchQuery {
    /// What to look for.
    query: String,
    /// At most this many results.
    limit: Option<u32>,
}

/// Search the catalogue.
#[anthropic::tool]
fn search(#[tool(input)] q: SearchQuery) -> String {
    format!("{} {:?}", q.query, q.limit)
}

/// Fetch a page.
#[anthropic::tool]
async fn fetch_page(url: String) -> Result<String, Broken> {
    if url.is_empty() {
        Err(Broken)
    } else {
        Ok(format!("<html>{url}</html>"))
    }
}

#[test]
fn errors_and_blocks_become_outcomes() {
    let e = boom.call(json!({"x": 1})).unwrap_err();
    assert_eq!(e.to_string(), "Broken: it's broken");
    assert_eq!(
        picture.call(json!({})).unwrap(),
        MessageContent::Blocks(vec![ContentBlock::text("a"), ContentBlock::text("b")])
    );
}

#[test]
fn the_struct_form_takes_the_whole_input() {
    let definition = serde_json::to_value(search.definition()).unwrap();
    assert_eq!(
        definition["input_schema"],
        json!({
            "additionalProperties": false,
            "description": "Searches.",
            "properties": {
                "query": {"description": "What to look for.", "title": "Query", "type": "string"},
                "limit": {
                    "anyOf": [{"minimum": 0, "type": "integer"}, {"type": "null"}],
                    "default": null,
                    "description": "At most this many results.",
                    "title": "Limit"
                }
            },
            "required": ["query"],
            "type": "object"
        })
    );
    assert_eq!(text(search.call(json!({"query": "rust"}))), "rust None");
}

/// The output of a future that is ready on its first poll (these tools never wait).
fn now_or_never<F: std::future::Future>(future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(output) => Some(output),
        std::task::Poll::Pending => None,
    }
}

#[test]
fn async_tools_and_sync_tools_in_async_runners() {
    let outcome = now_or_never(anthropic::tools::AsyncRunnableTool::call(
        &fetch_page,
        json!({"url": "a.b"}),
    ))
    .expect("ready");
    assert_eq!(text(outcome), "<html>a.b</html>");
    let outcome = now_or_never(anthropic::tools::AsyncRunnableTool::call(
        &get_weather,
        json!({"location": "Rome"}),
    ))
    .expect("ready");
    assert_eq!(text(outcome), "22°C and sunny in Rome");
    assert_eq!(
        serde_json::to_value(anthropic::tools::AsyncRunnableTool::definition(&fetch_page)).unwrap()
            ["name"],
        "fetch_page"
    );
}
