//! Tool definitions (`tools`), MCP server definitions (`mcp_servers`) and `tool_choice`.
//!
//! [`Tool`] covers the custom tool and every built-in tool type of the Python SDK 0.76.0,
//! GA and beta (bash, text editor, computer use, web search, web fetch, code execution,
//! memory, tool search, MCP toolset). It is an open tagged union: a tool type this version
//! does not know is kept whole and serialized back unchanged. A custom tool is recognized
//! by `"type": "custom"` or by having no `"type"` at all, and is written back the same way.
//!
//! Each tool type has a constructor on [`Tool`] (`Tool::web_search_20250305()`), and every
//! field of a tool has a setter named after it, on the tool and on its struct:
//! `Tool::computer_20251124(1280, 800).display_number(1)`.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

use super::cache::CacheControl;
use super::citation::CitationsConfig;
use super::extra::Extra;

tagged_enum! {
    /// One entry of `tools`.
    pub enum Tool {
        @untagged
        /// A tool the caller defines and runs (`"type": "custom"` or no type).
        Custom(CustomTool) = "custom",
        /// `bash_20241022` (beta).
        Bash20241022(BuiltinTool) = "bash_20241022",
        /// `bash_20250124`.
        Bash20250124(BuiltinTool) = "bash_20250124",
        /// `code_execution_20250522` (beta).
        CodeExecution20250522(BuiltinTool) = "code_execution_20250522",
        /// `code_execution_20250825` (beta).
        CodeExecution20250825(BuiltinTool) = "code_execution_20250825",
        /// `computer_20241022` (beta).
        Computer20241022(ComputerTool) = "computer_20241022",
        /// `computer_20250124` (beta).
        Computer20250124(ComputerTool) = "computer_20250124",
        /// `computer_20251124` (beta).
        Computer20251124(ComputerTool) = "computer_20251124",
        /// `memory_20250818` (beta).
        Memory20250818(BuiltinTool) = "memory_20250818",
        /// `text_editor_20241022` (beta), named `str_replace_editor`.
        TextEditor20241022(TextEditorTool) = "text_editor_20241022",
        /// `text_editor_20250124`, named `str_replace_editor`.
        TextEditor20250124(TextEditorTool) = "text_editor_20250124",
        /// `text_editor_20250429`, named `str_replace_based_edit_tool`.
        TextEditor20250429(TextEditorTool) = "text_editor_20250429",
        /// `text_editor_20250728`, named `str_replace_based_edit_tool`.
        TextEditor20250728(TextEditorTool) = "text_editor_20250728",
        /// `web_search_20250305`.
        WebSearch20250305(WebSearchTool) = "web_search_20250305",
        /// `web_fetch_20250910` (beta).
        WebFetch20250910(WebFetchTool) = "web_fetch_20250910",
        /// `web_search_20260209` (newer than Python 0.76.0; the 20250305 shape).
        WebSearch20260209(WebSearchTool) = "web_search_20260209",
        /// `web_fetch_20260209` (newer than Python 0.76.0; the 20250910 shape).
        WebFetch20260209(WebFetchTool) = "web_fetch_20260209",
        /// `code_execution_20260120` (newer than Python 0.76.0).
        CodeExecution20260120(BuiltinTool) = "code_execution_20260120",
        /// `code_execution_20260521` (newer than Python 0.76.0).
        CodeExecution20260521(BuiltinTool) = "code_execution_20260521",
        /// `tool_search_tool_bm25_20251119` (beta).
        ToolSearchBm25_20251119(BuiltinTool) = "tool_search_tool_bm25_20251119",
        /// `tool_search_tool_bm25` (beta, undated alias).
        ToolSearchBm25(BuiltinTool) = "tool_search_tool_bm25",
        /// `tool_search_tool_regex_20251119` (beta).
        ToolSearchRegex20251119(BuiltinTool) = "tool_search_tool_regex_20251119",
        /// `tool_search_tool_regex` (beta, undated alias).
        ToolSearchRegex(BuiltinTool) = "tool_search_tool_regex",
        /// `mcp_toolset` (beta): the tools of one MCP server.
        McpToolset(McpToolset) = "mcp_toolset",
    }
}

string_enum! {
    /// Who may call a tool (beta `allowed_callers`).
    pub enum AllowedCaller {
        /// `direct`: the model.
        Direct = "direct",
        /// `code_execution_20250825`: code run by the code-execution tool.
        CodeExecution20250825 = "code_execution_20250825",
    }
}

/// A tool the caller defines: a name, a description and a JSON Schema for its input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CustomTool {
    /// `"custom"` if the tool was written with an explicit type; usually absent.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// The tool's name.
    pub name: String,
    /// What the tool does; the model reads this to decide when to call it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The JSON Schema of the input (`{"type": "object", "properties": ...}`).
    pub input_schema: Value,
    /// A cache breakpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<CacheControl>,
    /// Who may call the tool (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_callers: Option<Vec<AllowedCaller>>,
    /// Leave the tool out of the prompt until tool search finds it (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defer_loading: Option<bool>,
    /// Example inputs (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_examples: Option<Vec<Value>>,
    /// Require inputs that match the schema exactly (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strict: Option<bool>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CustomTool {
    /// A custom tool with a name and an input schema.
    pub fn new(name: impl Into<String>, input_schema: Value) -> Self {
        Self {
            name: name.into(),
            input_schema,
            ..Self::default()
        }
    }

    /// The same tool with a description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

macro_rules! builtin_tool {
    (
        $(#[$m:meta])* $name:ident {
            $( $(#[$fm:meta])* $f:ident : $t:ty, )*
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
        pub struct $name {
            /// The tool's fixed name (`bash`, `web_search`, ...).
            pub name: String,
            $( $(#[$fm])* pub $f: $t, )*
            /// A cache breakpoint.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub cache_control: Option<CacheControl>,
            /// Who may call the tool (beta).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub allowed_callers: Option<Vec<AllowedCaller>>,
            /// Leave the tool out of the prompt until tool search finds it (beta).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub defer_loading: Option<bool>,
            /// Example inputs (beta; on the tools that take them).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub input_examples: Option<Vec<Value>>,
            /// Require inputs that match the schema exactly (beta).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub strict: Option<bool>,
            /// Fields this version does not know, kept as sent.
            #[serde(flatten)]
            pub extra: Extra,
        }

        impl $name {
            /// The tool with this fixed name and no options set.
            pub fn named(name: impl Into<String>) -> Self {
                Self { name: name.into(), ..Self::default() }
            }
        }
    };
}

builtin_tool! {
    /// A built-in tool with no options beyond the common ones (bash, code execution,
    /// memory, tool search).
    BuiltinTool {}
}

builtin_tool! {
    /// A computer-use tool.
    ComputerTool {
        /// Display width in pixels.
        display_width_px: u32,
        /// Display height in pixels.
        display_height_px: u32,
        /// The X11 display number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        display_number: Option<u32>,
        /// Allow the zoom action (`computer_20251124`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        enable_zoom: Option<bool>,
    }
}

builtin_tool! {
    /// A text-editor tool.
    TextEditorTool {
        /// Truncate file views to this many characters (`text_editor_20250728`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_characters: Option<u32>,
    }
}

builtin_tool! {
    /// The web search tool.
    WebSearchTool {
        /// Only search these domains.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        allowed_domains: Option<Vec<String>>,
        /// Never search these domains.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        blocked_domains: Option<Vec<String>>,
        /// At most this many searches per request.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_uses: Option<u32>,
        /// Where the user is, to localize results.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        user_location: Option<UserLocation>,
    }
}

builtin_tool! {
    /// The web fetch tool (beta).
    WebFetchTool {
        /// Only fetch from these domains.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        allowed_domains: Option<Vec<String>>,
        /// Never fetch from these domains.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        blocked_domains: Option<Vec<String>>,
        /// Whether fetched documents may be cited.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        citations: Option<CitationsConfig>,
        /// Truncate fetched content to this many tokens.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_content_tokens: Option<u32>,
        /// At most this many fetches per request.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_uses: Option<u32>,
    }
}

fn approximate() -> String {
    "approximate".to_owned()
}

/// The user's approximate location for web search: `{"type": "approximate", ...}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserLocation {
    /// Always `approximate`.
    #[serde(rename = "type", default = "approximate")]
    pub r#type: String,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Two-letter ISO country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Region or state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// IANA time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for UserLocation {
    fn default() -> Self {
        Self {
            r#type: approximate(),
            city: None,
            country: None,
            region: None,
            timezone: None,
            extra: Extra::new(),
        }
    }
}

/// Per-tool settings of an MCP toolset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct McpToolConfig {
    /// Leave the tool out of the prompt until tool search finds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defer_loading: Option<bool>,
    /// Whether the tool is available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `mcp_toolset` (beta): exposes the tools of one server from `mcp_servers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct McpToolset {
    /// The `name` of the server in `mcp_servers`.
    pub mcp_server_name: String,
    /// A cache breakpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<CacheControl>,
    /// Settings per tool name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configs: Option<BTreeMap<String, McpToolConfig>>,
    /// Settings for tools not named in `configs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_config: Option<McpToolConfig>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Tool {
    /// A custom tool with a description: the usual way to define a tool.
    pub fn new(
        name: impl Into<String>,
        description: impl Into<String>,
        input_schema: Value,
    ) -> Self {
        Tool::Custom(CustomTool::new(name, input_schema).description(description))
    }

    /// A custom tool without a description.
    pub fn custom(name: impl Into<String>, input_schema: Value) -> Self {
        Tool::Custom(CustomTool::new(name, input_schema))
    }

    /// `{"type": "bash_20250124", "name": "bash"}`.
    pub fn bash_20250124() -> Self {
        Tool::Bash20250124(BuiltinTool::named("bash"))
    }

    /// `{"type": "text_editor_20250728", "name": "str_replace_based_edit_tool"}`.
    pub fn text_editor_20250728() -> Self {
        Tool::TextEditor20250728(TextEditorTool::named("str_replace_based_edit_tool"))
    }

    /// `{"type": "text_editor_20250124", "name": "str_replace_editor"}`.
    pub fn text_editor_20250124() -> Self {
        Tool::TextEditor20250124(TextEditorTool::named("str_replace_editor"))
    }

    /// `{"type": "computer_20250124", "name": "computer", display size}` (beta).
    pub fn computer_20250124(display_width_px: u32, display_height_px: u32) -> Self {
        Tool::Computer20250124(ComputerTool {
            display_width_px,
            display_height_px,
            ..ComputerTool::named("computer")
        })
    }

    /// `{"type": "computer_20251124", "name": "computer", display size}` (beta).
    pub fn computer_20251124(display_width_px: u32, display_height_px: u32) -> Self {
        Tool::Computer20251124(ComputerTool {
            display_width_px,
            display_height_px,
            ..ComputerTool::named("computer")
        })
    }

    /// `{"type": "web_search_20250305", "name": "web_search"}`.
    pub fn web_search_20250305() -> Self {
        Tool::WebSearch20250305(WebSearchTool::named("web_search"))
    }

    /// `{"type": "web_fetch_20250910", "name": "web_fetch"}` (beta).
    pub fn web_fetch_20250910() -> Self {
        Tool::WebFetch20250910(WebFetchTool::named("web_fetch"))
    }

    /// `{"type": "code_execution_20250825", "name": "code_execution"}` (beta).
    pub fn code_execution_20250825() -> Self {
        Tool::CodeExecution20250825(BuiltinTool::named("code_execution"))
    }

    /// `{"type": "memory_20250818", "name": "memory"}` (beta).
    pub fn memory_20250818() -> Self {
        Tool::Memory20250818(BuiltinTool::named("memory"))
    }

    /// `{"type": "tool_search_tool_bm25_20251119", "name": "tool_search_tool_bm25"}` (beta).
    pub fn tool_search_bm25_20251119() -> Self {
        Tool::ToolSearchBm25_20251119(BuiltinTool::named("tool_search_tool_bm25"))
    }

    /// `{"type": "tool_search_tool_regex_20251119", "name": "tool_search_tool_regex"}` (beta).
    pub fn tool_search_regex_20251119() -> Self {
        Tool::ToolSearchRegex20251119(BuiltinTool::named("tool_search_tool_regex"))
    }

    /// `{"type": "bash_20241022", "name": "bash"}` (beta).
    pub fn bash_20241022() -> Self {
        Tool::Bash20241022(BuiltinTool::named("bash"))
    }

    /// `{"type": "text_editor_20241022", "name": "str_replace_editor"}` (beta).
    pub fn text_editor_20241022() -> Self {
        Tool::TextEditor20241022(TextEditorTool::named("str_replace_editor"))
    }

    /// `{"type": "text_editor_20250429", "name": "str_replace_based_edit_tool"}`.
    pub fn text_editor_20250429() -> Self {
        Tool::TextEditor20250429(TextEditorTool::named("str_replace_based_edit_tool"))
    }

    /// `{"type": "computer_20241022", "name": "computer", display size}` (beta).
    pub fn computer_20241022(display_width_px: u32, display_height_px: u32) -> Self {
        Tool::Computer20241022(ComputerTool {
            display_width_px,
            display_height_px,
            ..ComputerTool::named("computer")
        })
    }

    /// `{"type": "web_search_20260209", "name": "web_search"}`.
    pub fn web_search_20260209() -> Self {
        Tool::WebSearch20260209(WebSearchTool::named("web_search"))
    }

    /// `{"type": "web_fetch_20260209", "name": "web_fetch"}`.
    pub fn web_fetch_20260209() -> Self {
        Tool::WebFetch20260209(WebFetchTool::named("web_fetch"))
    }

    /// `{"type": "code_execution_20250522", "name": "code_execution"}` (beta).
    pub fn code_execution_20250522() -> Self {
        Tool::CodeExecution20250522(BuiltinTool::named("code_execution"))
    }

    /// `{"type": "code_execution_20260120", "name": "code_execution"}`.
    pub fn code_execution_20260120() -> Self {
        Tool::CodeExecution20260120(BuiltinTool::named("code_execution"))
    }

    /// `{"type": "code_execution_20260521", "name": "code_execution"}`.
    pub fn code_execution_20260521() -> Self {
        Tool::CodeExecution20260521(BuiltinTool::named("code_execution"))
    }

    /// `{"type": "tool_search_tool_bm25", "name": "tool_search_tool_bm25"}` (beta).
    pub fn tool_search_bm25() -> Self {
        Tool::ToolSearchBm25(BuiltinTool::named("tool_search_tool_bm25"))
    }

    /// `{"type": "tool_search_tool_regex", "name": "tool_search_tool_regex"}` (beta).
    pub fn tool_search_regex() -> Self {
        Tool::ToolSearchRegex(BuiltinTool::named("tool_search_tool_regex"))
    }

    /// `{"type": "mcp_toolset", "mcp_server_name": ..}` (beta).
    pub fn mcp_toolset(mcp_server_name: impl Into<String>) -> Self {
        Tool::McpToolset(McpToolset {
            mcp_server_name: mcp_server_name.into(),
            ..McpToolset::default()
        })
    }

    /// The tool's name (`None` for an MCP toolset or an unknown tool without one).
    pub fn name(&self) -> Option<&str> {
        Some(match self {
            Tool::Custom(t) => &t.name,
            Tool::Bash20241022(t)
            | Tool::Bash20250124(t)
            | Tool::CodeExecution20250522(t)
            | Tool::CodeExecution20250825(t)
            | Tool::CodeExecution20260120(t)
            | Tool::CodeExecution20260521(t)
            | Tool::Memory20250818(t)
            | Tool::ToolSearchBm25_20251119(t)
            | Tool::ToolSearchBm25(t)
            | Tool::ToolSearchRegex20251119(t)
            | Tool::ToolSearchRegex(t) => &t.name,
            Tool::Computer20241022(t) | Tool::Computer20250124(t) | Tool::Computer20251124(t) => {
                &t.name
            }
            Tool::TextEditor20241022(t)
            | Tool::TextEditor20250124(t)
            | Tool::TextEditor20250429(t)
            | Tool::TextEditor20250728(t) => &t.name,
            Tool::WebSearch20250305(t) | Tool::WebSearch20260209(t) => &t.name,
            Tool::WebFetch20250910(t) | Tool::WebFetch20260209(t) => &t.name,
            Tool::McpToolset(_) => return None,
            Tool::Unknown(v) => return v.get("name").and_then(Value::as_str),
        })
    }

    /// The tool's `cache_control` slot (`None` for unknown tools).
    pub fn cache_control_mut(&mut self) -> Option<&mut Option<CacheControl>> {
        Some(match self {
            Tool::Custom(t) => &mut t.cache_control,
            Tool::Bash20241022(t)
            | Tool::Bash20250124(t)
            | Tool::CodeExecution20250522(t)
            | Tool::CodeExecution20250825(t)
            | Tool::CodeExecution20260120(t)
            | Tool::CodeExecution20260521(t)
            | Tool::Memory20250818(t)
            | Tool::ToolSearchBm25_20251119(t)
            | Tool::ToolSearchBm25(t)
            | Tool::ToolSearchRegex20251119(t)
            | Tool::ToolSearchRegex(t) => &mut t.cache_control,
            Tool::Computer20241022(t) | Tool::Computer20250124(t) | Tool::Computer20251124(t) => {
                &mut t.cache_control
            }
            Tool::TextEditor20241022(t)
            | Tool::TextEditor20250124(t)
            | Tool::TextEditor20250429(t)
            | Tool::TextEditor20250728(t) => &mut t.cache_control,
            Tool::WebSearch20250305(t) | Tool::WebSearch20260209(t) => &mut t.cache_control,
            Tool::WebFetch20250910(t) | Tool::WebFetch20260209(t) => &mut t.cache_control,
            Tool::McpToolset(t) => &mut t.cache_control,
            Tool::Unknown(_) => return None,
        })
    }

    /// The same tool with a cache breakpoint (unknown tools are returned unchanged).
    pub fn cache_control(mut self, cache_control: CacheControl) -> Self {
        if let Some(slot) = self.cache_control_mut() {
            *slot = Some(cache_control);
        }
        self
    }
}

impl From<CustomTool> for Tool {
    fn from(t: CustomTool) -> Self {
        Tool::Custom(t)
    }
}

impl From<McpToolset> for Tool {
    fn from(t: McpToolset) -> Self {
        Tool::McpToolset(t)
    }
}

/// Allow-list and switch for an MCP server's tools.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct McpToolConfiguration {
    /// Only these tools may be used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_tools: Option<Vec<String>>,
    /// Whether the server's tools are available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

fn url_type() -> String {
    "url".to_owned()
}

/// One entry of `mcp_servers` (beta): an MCP server reached by URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct McpServer {
    /// Always `url`.
    #[serde(rename = "type", default = "url_type")]
    pub r#type: String,
    /// The name tools and toolsets refer to.
    pub name: String,
    /// The server's URL.
    pub url: String,
    /// An OAuth bearer token for the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_token: Option<String>,
    /// Which of its tools may be used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_configuration: Option<McpToolConfiguration>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl McpServer {
    /// A URL server definition.
    pub fn url(name: impl Into<String>, url: impl Into<String>) -> Self {
        Self {
            r#type: url_type(),
            name: name.into(),
            url: url.into(),
            authorization_token: None,
            tool_configuration: None,
            extra: Extra::new(),
        }
    }

    /// The same definition with a bearer token.
    pub fn authorization_token(mut self, token: impl Into<String>) -> Self {
        self.authorization_token = Some(token.into());
        self
    }
}

tagged_enum! {
    /// How the model may use the tools (`tool_choice`).
    pub enum ToolChoice {
        /// The model decides (the default when tools are given).
        Auto(ToolChoiceOptions) = "auto",
        /// The model must use one of the tools.
        Any(ToolChoiceOptions) = "any",
        /// The model must use the named tool.
        Tool(ToolChoiceTool) = "tool",
        /// The model must not use tools.
        None(ToolChoiceNone) = "none",
    }
}

/// Options of `auto` and `any` tool choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ToolChoiceOptions {
    /// Use at most one tool per turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_parallel_tool_use: Option<bool>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"type": "tool", "name"}` tool choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ToolChoiceTool {
    /// The tool to use.
    pub name: String,
    /// Use at most one tool per turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_parallel_tool_use: Option<bool>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"type": "none"}` tool choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ToolChoiceNone {
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ToolChoice {
    /// `{"type": "auto"}`.
    pub fn auto() -> Self {
        ToolChoice::Auto(ToolChoiceOptions::default())
    }

    /// `{"type": "any"}`.
    pub fn any() -> Self {
        ToolChoice::Any(ToolChoiceOptions::default())
    }

    /// `{"type": "tool", "name": name}`.
    pub fn tool(name: impl Into<String>) -> Self {
        ToolChoice::Tool(ToolChoiceTool {
            name: name.into(),
            ..ToolChoiceTool::default()
        })
    }

    /// `{"type": "none"}`.
    pub fn none() -> Self {
        ToolChoice::None(ToolChoiceNone::default())
    }

    /// The same choice with `disable_parallel_tool_use` set (no effect on `none` and
    /// unknown choices).
    pub fn disable_parallel_tool_use(mut self, disable: bool) -> Self {
        match &mut self {
            ToolChoice::Auto(o) | ToolChoice::Any(o) => o.disable_parallel_tool_use = Some(disable),
            ToolChoice::Tool(t) => t.disable_parallel_tool_use = Some(disable),
            ToolChoice::None(_) | ToolChoice::Unknown(_) => {}
        }
        self
    }
}
