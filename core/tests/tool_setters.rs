//! Every field of every tool can be set from its constructor, and each setter lands in
//! the JSON sent, under the field name of the API (checked against the OpenAPI spec's
//! and Python 0.76.0's tool params).

use anthropic_core::tools::{MemoryBackend, MemoryTool, RunnableTool, ToolError, ToolOutcome};
use anthropic_core::types::{
    AllowedCaller, CacheControl, CitationsConfig, ComputerTool, McpToolConfig, Tool, UserLocation,
    WebSearchTool,
};
use serde_json::{Value, json};

fn wire(tool: &Tool) -> Value {
    let value = serde_json::to_value(tool).unwrap();
    let back: Tool = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(&back, tool, "{value} reads back as the same tool");
    value
}

/// The setters every tool but an MCP toolset has, applied to `tool`.
fn common(tool: Tool) -> Tool {
    tool.cache_control(CacheControl::ephemeral())
        .allowed_callers([AllowedCaller::Direct, AllowedCaller::CodeExecution20250825])
        .defer_loading(true)
        .input_examples([json!({"x": 1})])
        .strict(true)
}

fn with_common(mut expected: Value) -> Value {
    let fields = json!({
        "cache_control": {"type": "ephemeral"},
        "allowed_callers": ["direct", "code_execution_20250825"],
        "defer_loading": true,
        "input_examples": [{"x": 1}],
        "strict": true,
    });
    expected
        .as_object_mut()
        .unwrap()
        .extend(fields.as_object().unwrap().clone());
    expected
}

#[test]
fn the_common_fields_reach_every_tool_kind() {
    let kinds = [
        (
            Tool::custom("f", json!({"type": "object"})),
            json!({"name": "f", "input_schema": {"type": "object"}}),
        ),
        (
            Tool::bash_20241022(),
            json!({"type": "bash_20241022", "name": "bash"}),
        ),
        (
            Tool::bash_20250124(),
            json!({"type": "bash_20250124", "name": "bash"}),
        ),
        (
            Tool::code_execution_20250522(),
            json!({"type": "code_execution_20250522", "name": "code_execution"}),
        ),
        (
            Tool::code_execution_20250825(),
            json!({"type": "code_execution_20250825", "name": "code_execution"}),
        ),
        (
            Tool::code_execution_20260120(),
            json!({"type": "code_execution_20260120", "name": "code_execution"}),
        ),
        (
            Tool::code_execution_20260521(),
            json!({"type": "code_execution_20260521", "name": "code_execution"}),
        ),
        (
            Tool::memory_20250818(),
            json!({"type": "memory_20250818", "name": "memory"}),
        ),
        (
            Tool::text_editor_20241022(),
            json!({"type": "text_editor_20241022", "name": "str_replace_editor"}),
        ),
        (
            Tool::text_editor_20250124(),
            json!({"type": "text_editor_20250124", "name": "str_replace_editor"}),
        ),
        (
            Tool::text_editor_20250429(),
            json!({"type": "text_editor_20250429", "name": "str_replace_based_edit_tool"}),
        ),
        (
            Tool::text_editor_20250728(),
            json!({"type": "text_editor_20250728", "name": "str_replace_based_edit_tool"}),
        ),
        (
            Tool::computer_20241022(800, 600),
            json!({"type": "computer_20241022", "name": "computer", "display_width_px": 800, "display_height_px": 600}),
        ),
        (
            Tool::computer_20250124(800, 600),
            json!({"type": "computer_20250124", "name": "computer", "display_width_px": 800, "display_height_px": 600}),
        ),
        (
            Tool::computer_20251124(800, 600),
            json!({"type": "computer_20251124", "name": "computer", "display_width_px": 800, "display_height_px": 600}),
        ),
        (
            Tool::web_search_20250305(),
            json!({"type": "web_search_20250305", "name": "web_search"}),
        ),
        (
            Tool::web_search_20260209(),
            json!({"type": "web_search_20260209", "name": "web_search"}),
        ),
        (
            Tool::web_fetch_20250910(),
            json!({"type": "web_fetch_20250910", "name": "web_fetch"}),
        ),
        (
            Tool::web_fetch_20260209(),
            json!({"type": "web_fetch_20260209", "name": "web_fetch"}),
        ),
        (
            Tool::tool_search_bm25_20251119(),
            json!({"type": "tool_search_tool_bm25_20251119", "name": "tool_search_tool_bm25"}),
        ),
        (
            Tool::tool_search_bm25(),
            json!({"type": "tool_search_tool_bm25", "name": "tool_search_tool_bm25"}),
        ),
        (
            Tool::tool_search_regex_20251119(),
            json!({"type": "tool_search_tool_regex_20251119", "name": "tool_search_tool_regex"}),
        ),
        (
            Tool::tool_search_regex(),
            json!({"type": "tool_search_tool_regex", "name": "tool_search_tool_regex"}),
        ),
    ];
    for (tool, bare) in kinds {
        assert_eq!(wire(&tool), bare);
        assert_eq!(wire(&common(tool)), with_common(bare));
    }
}

#[test]
fn a_custom_tool_takes_a_description() {
    let tool = Tool::custom("f", json!({"type": "object"})).description("does f");
    assert_eq!(
        wire(&tool),
        json!({"name": "f", "description": "does f", "input_schema": {"type": "object"}})
    );
}

#[test]
fn computer_use_sets_its_display_and_zoom() {
    let tool = Tool::computer_20251124(1280, 800)
        .display_number(1)
        .enable_zoom(true);
    assert_eq!(
        wire(&tool),
        json!({
            "type": "computer_20251124", "name": "computer",
            "display_width_px": 1280, "display_height_px": 800,
            "display_number": 1, "enable_zoom": true,
        })
    );
    let older = Tool::computer_20250124(1024, 768).display_number(2);
    assert_eq!(wire(&older)["display_number"], 2);
    let built = ComputerTool::named("computer").display_number(3);
    assert_eq!(built.display_number, Some(3));
}

#[test]
fn the_text_editor_sets_max_characters() {
    let tool = Tool::text_editor_20250728().max_characters(10_000);
    assert_eq!(
        wire(&tool),
        json!({"type": "text_editor_20250728", "name": "str_replace_based_edit_tool", "max_characters": 10000})
    );
}

#[test]
fn web_search_sets_domains_uses_and_location() {
    let location = UserLocation::default()
        .city("San Francisco")
        .region("California")
        .country("US")
        .timezone("America/Los_Angeles");
    let tool = Tool::web_search_20250305()
        .allowed_domains(["example.com", "docs.rs"])
        .blocked_domains(["spam.example"])
        .max_uses(5)
        .user_location(location.clone());
    assert_eq!(
        wire(&tool),
        json!({
            "type": "web_search_20250305", "name": "web_search",
            "allowed_domains": ["example.com", "docs.rs"],
            "blocked_domains": ["spam.example"],
            "max_uses": 5,
            "user_location": {
                "type": "approximate", "city": "San Francisco", "region": "California",
                "country": "US", "timezone": "America/Los_Angeles",
            },
        })
    );
    let built = WebSearchTool::named("web_search")
        .max_uses(1)
        .user_location(location);
    assert_eq!(built.max_uses, Some(1));
}

#[test]
fn web_fetch_sets_domains_citations_and_limits() {
    let tool = Tool::web_fetch_20250910()
        .allowed_domains(["example.com"])
        .blocked_domains(["spam.example"])
        .citations(CitationsConfig::enabled())
        .max_content_tokens(2_000)
        .max_uses(3);
    assert_eq!(
        wire(&tool),
        json!({
            "type": "web_fetch_20250910", "name": "web_fetch",
            "allowed_domains": ["example.com"],
            "blocked_domains": ["spam.example"],
            "citations": {"enabled": true},
            "max_content_tokens": 2000,
            "max_uses": 3,
        })
    );
}

#[test]
fn an_mcp_toolset_sets_its_configs() {
    let tool = Tool::mcp_toolset("github")
        .configs([
            ("search", McpToolConfig::default().enabled(true)),
            ("delete", McpToolConfig::default().enabled(false)),
        ])
        .configs([("delete", McpToolConfig::default().defer_loading(true))])
        .default_config(McpToolConfig::default().enabled(false))
        .cache_control(CacheControl::ephemeral());
    assert_eq!(
        wire(&tool),
        json!({
            "type": "mcp_toolset", "mcp_server_name": "github",
            "cache_control": {"type": "ephemeral"},
            "configs": {"delete": {"defer_loading": true}, "search": {"enabled": true}},
            "default_config": {"enabled": false},
        })
    );
}

#[test]
fn a_setter_leaves_a_tool_without_its_field_unchanged() {
    let bash = Tool::bash_20250124();
    let unchanged = bash
        .clone()
        .display_number(1)
        .max_characters(5)
        .max_uses(2)
        .user_location(UserLocation::default())
        .citations(CitationsConfig::enabled())
        .description("x")
        .default_config(McpToolConfig::default());
    assert_eq!(unchanged, bash);
    let toolset = Tool::mcp_toolset("s");
    assert_eq!(toolset.clone().strict(true).defer_loading(true), toolset);
}

struct NoMemory;

fn unused() -> ToolOutcome {
    Err(ToolError::new(
        "Unused",
        "this test only reads the definition",
    ))
}

impl MemoryBackend for NoMemory {
    fn view(&self, _: &str, _: Option<&[i64]>) -> ToolOutcome {
        unused()
    }
    fn create(&self, _: &str, _: &str) -> ToolOutcome {
        unused()
    }
    fn str_replace(&self, _: &str, _: &str, _: &str) -> ToolOutcome {
        unused()
    }
    fn insert(&self, _: &str, _: u64, _: &str) -> ToolOutcome {
        unused()
    }
    fn delete(&self, _: &str) -> ToolOutcome {
        unused()
    }
    fn rename(&self, _: &str, _: &str) -> ToolOutcome {
        unused()
    }
}

#[test]
fn the_memory_tool_definition_takes_every_field() {
    let tool = MemoryTool::new(NoMemory)
        .cache_control(CacheControl::ephemeral())
        .allowed_callers([AllowedCaller::Direct, AllowedCaller::CodeExecution20250825])
        .defer_loading(true)
        .input_examples([json!({"x": 1})])
        .strict(true);
    assert_eq!(
        wire(&tool.definition()),
        with_common(json!({"type": "memory_20250818", "name": "memory"}))
    );
}
