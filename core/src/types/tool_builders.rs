//! Builder setters for tool definitions, so that every field of every tool can be set
//! from its constructor: `Tool::computer_20251124(1280, 800).display_number(1)`.
//!
//! Each setter is named after the field it sets (the Rust API guidelines' builder style).
//! They exist twice: on each tool struct ([`ComputerTool`], [`WebSearchTool`], ...), where
//! only the fields the struct has are offered, and on [`Tool`], the type the constructors
//! return, where a setter sets the field on the tool kinds that have it and leaves any
//! other tool unchanged (as [`Tool::cache_control`] leaves an unknown tool), so a chain
//! never has to name the variant.

use serde_json::Value;

use super::cache::CacheControl;
use super::citation::CitationsConfig;
use super::tools::{
    AllowedCaller, BuiltinTool, ComputerTool, CustomTool, McpToolConfig, McpToolset,
    TextEditorTool, Tool, UserLocation, WebFetchTool, WebSearchTool,
};

/// The setters of the fields every tool but an MCP toolset has.
macro_rules! common_setters {
    ($($ty:ty),*) => {$(
        impl $ty {
            /// The same tool with a cache breakpoint (`cache_control`).
            pub fn cache_control(mut self, cache_control: CacheControl) -> Self {
                self.cache_control = Some(cache_control);
                self
            }

            /// The same tool callable only by these callers (`allowed_callers`, beta).
            pub fn allowed_callers(
                mut self,
                callers: impl IntoIterator<Item = AllowedCaller>,
            ) -> Self {
                self.allowed_callers = Some(callers.into_iter().collect());
                self
            }

            /// The same tool left out of the prompt until tool search finds it
            /// (`defer_loading`, beta).
            pub fn defer_loading(mut self, defer: bool) -> Self {
                self.defer_loading = Some(defer);
                self
            }

            /// The same tool with example inputs (`input_examples`, beta).
            pub fn input_examples(mut self, examples: impl IntoIterator<Item = Value>) -> Self {
                self.input_examples = Some(examples.into_iter().collect());
                self
            }

            /// The same tool requiring inputs that match its schema exactly (`strict`,
            /// beta).
            pub fn strict(mut self, strict: bool) -> Self {
                self.strict = Some(strict);
                self
            }
        }
    )*};
}

common_setters!(
    CustomTool,
    BuiltinTool,
    ComputerTool,
    TextEditorTool,
    WebSearchTool,
    WebFetchTool
);

fn strings(values: impl IntoIterator<Item = impl Into<String>>) -> Vec<String> {
    values.into_iter().map(Into::into).collect()
}

impl ComputerTool {
    /// The same tool on this X11 display (`display_number`).
    pub fn display_number(mut self, display: u32) -> Self {
        self.display_number = Some(display);
        self
    }

    /// The same tool with the zoom action on or off (`enable_zoom`, `computer_20251124`).
    pub fn enable_zoom(mut self, enable: bool) -> Self {
        self.enable_zoom = Some(enable);
        self
    }
}

impl TextEditorTool {
    /// The same tool truncating file views to this many characters (`max_characters`,
    /// `text_editor_20250728`).
    pub fn max_characters(mut self, characters: u32) -> Self {
        self.max_characters = Some(characters);
        self
    }
}

impl WebSearchTool {
    /// The same tool searching only these domains (`allowed_domains`).
    pub fn allowed_domains(mut self, domains: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.allowed_domains = Some(strings(domains));
        self
    }

    /// The same tool never searching these domains (`blocked_domains`).
    pub fn blocked_domains(mut self, domains: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.blocked_domains = Some(strings(domains));
        self
    }

    /// The same tool allowed at most this many searches per request (`max_uses`).
    pub fn max_uses(mut self, uses: u32) -> Self {
        self.max_uses = Some(uses);
        self
    }

    /// The same tool localizing results for this location (`user_location`).
    pub fn user_location(mut self, location: UserLocation) -> Self {
        self.user_location = Some(location);
        self
    }
}

impl WebFetchTool {
    /// The same tool fetching only from these domains (`allowed_domains`).
    pub fn allowed_domains(mut self, domains: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.allowed_domains = Some(strings(domains));
        self
    }

    /// The same tool never fetching from these domains (`blocked_domains`).
    pub fn blocked_domains(mut self, domains: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.blocked_domains = Some(strings(domains));
        self
    }

    /// The same tool with citations of fetched documents configured (`citations`).
    pub fn citations(mut self, citations: CitationsConfig) -> Self {
        self.citations = Some(citations);
        self
    }

    /// The same tool truncating fetched content to this many tokens
    /// (`max_content_tokens`).
    pub fn max_content_tokens(mut self, tokens: u32) -> Self {
        self.max_content_tokens = Some(tokens);
        self
    }

    /// The same tool allowed at most this many fetches per request (`max_uses`).
    pub fn max_uses(mut self, uses: u32) -> Self {
        self.max_uses = Some(uses);
        self
    }
}

impl McpToolset {
    /// The same toolset with a cache breakpoint (`cache_control`).
    pub fn cache_control(mut self, cache_control: CacheControl) -> Self {
        self.cache_control = Some(cache_control);
        self
    }

    /// The same toolset with these settings for the named tools (`configs`; added to any
    /// set before, a name given again replacing its settings).
    pub fn configs(
        mut self,
        configs: impl IntoIterator<Item = (impl Into<String>, McpToolConfig)>,
    ) -> Self {
        self.configs.get_or_insert_with(Default::default).extend(
            configs
                .into_iter()
                .map(|(name, config)| (name.into(), config)),
        );
        self
    }

    /// The same toolset with these settings for the tools `configs` does not name
    /// (`default_config`).
    pub fn default_config(mut self, config: McpToolConfig) -> Self {
        self.default_config = Some(config);
        self
    }
}

impl McpToolConfig {
    /// The same settings with the tool on or off (`enabled`).
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = Some(enabled);
        self
    }

    /// The same settings with the tool left out of the prompt until tool search finds it
    /// (`defer_loading`).
    pub fn defer_loading(mut self, defer: bool) -> Self {
        self.defer_loading = Some(defer);
        self
    }
}

impl UserLocation {
    /// The same location in this city (`city`).
    pub fn city(mut self, city: impl Into<String>) -> Self {
        self.city = Some(city.into());
        self
    }

    /// The same location in this country, a two-letter ISO code (`country`).
    pub fn country(mut self, country: impl Into<String>) -> Self {
        self.country = Some(country.into());
        self
    }

    /// The same location in this region or state (`region`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The same location in this IANA time zone (`timezone`).
    pub fn timezone(mut self, timezone: impl Into<String>) -> Self {
        self.timezone = Some(timezone.into());
        self
    }
}

/// Applies `$set` to the struct of the tool kinds listed, and returns every other tool
/// unchanged.
macro_rules! on_kinds {
    ($tool:ident, $t:ident => $set:expr, [$($variant:ident),* $(,)?]) => {
        match $tool {
            $(Tool::$variant($t) => Tool::$variant($set),)*
            other => other,
        }
    };
}

/// Applies `$set` to every tool kind that has the common fields (all but an MCP toolset
/// and an unknown tool).
macro_rules! on_common {
    ($tool:ident, $t:ident => $set:expr) => {
        on_kinds!($tool, $t => $set, [
            Custom, Bash20241022, Bash20250124, CodeExecution20250522, CodeExecution20250825,
            CodeExecution20260120, CodeExecution20260521, Computer20241022, Computer20250124,
            Computer20251124, Memory20250818, TextEditor20241022, TextEditor20250124,
            TextEditor20250429, TextEditor20250728, WebSearch20250305, WebSearch20260209,
            WebFetch20250910, WebFetch20260209, ToolSearchBm25_20251119, ToolSearchBm25,
            ToolSearchRegex20251119, ToolSearchRegex,
        ])
    };
}

macro_rules! on_computer {
    ($tool:ident, $t:ident => $set:expr) => {
        on_kinds!($tool, $t => $set, [Computer20241022, Computer20250124, Computer20251124])
    };
}

macro_rules! on_web_search {
    ($tool:ident, $t:ident => $set:expr) => {
        on_kinds!($tool, $t => $set, [WebSearch20250305, WebSearch20260209])
    };
}

macro_rules! on_web_fetch {
    ($tool:ident, $t:ident => $set:expr) => {
        on_kinds!($tool, $t => $set, [WebFetch20250910, WebFetch20260209])
    };
}

/// Setters on the tool the constructors return. Each sets its field on the tool kinds
/// named in its docs and returns any other tool unchanged.
impl Tool {
    /// The same custom tool with a description (`description`).
    pub fn description(self, description: impl Into<String>) -> Self {
        on_kinds!(self, t => t.description(description), [Custom])
    }

    /// The same tool callable only by these callers (`allowed_callers`, beta): every tool
    /// but an MCP toolset.
    pub fn allowed_callers(self, callers: impl IntoIterator<Item = AllowedCaller>) -> Self {
        on_common!(self, t => t.allowed_callers(callers))
    }

    /// The same tool left out of the prompt until tool search finds it (`defer_loading`,
    /// beta): every tool but an MCP toolset.
    pub fn defer_loading(self, defer: bool) -> Self {
        on_common!(self, t => t.defer_loading(defer))
    }

    /// The same tool with example inputs (`input_examples`, beta): every tool but an MCP
    /// toolset.
    pub fn input_examples(self, examples: impl IntoIterator<Item = Value>) -> Self {
        on_common!(self, t => t.input_examples(examples))
    }

    /// The same tool requiring inputs that match its schema exactly (`strict`, beta):
    /// every tool but an MCP toolset.
    pub fn strict(self, strict: bool) -> Self {
        on_common!(self, t => t.strict(strict))
    }

    /// The same computer-use tool on this X11 display (`display_number`).
    pub fn display_number(self, display: u32) -> Self {
        on_computer!(self, t => t.display_number(display))
    }

    /// The same computer-use tool with the zoom action on or off (`enable_zoom`,
    /// `computer_20251124`).
    pub fn enable_zoom(self, enable: bool) -> Self {
        on_computer!(self, t => t.enable_zoom(enable))
    }

    /// The same text-editor tool truncating file views to this many characters
    /// (`max_characters`, `text_editor_20250728`).
    pub fn max_characters(self, characters: u32) -> Self {
        on_kinds!(self, t => t.max_characters(characters), [
            TextEditor20241022, TextEditor20250124, TextEditor20250429, TextEditor20250728,
        ])
    }

    /// The same web search or web fetch tool limited to these domains
    /// (`allowed_domains`).
    pub fn allowed_domains(self, domains: impl IntoIterator<Item = impl Into<String>>) -> Self {
        let domains = strings(domains);
        let tool = on_web_search!(self, t => t.allowed_domains(domains.clone()));
        on_web_fetch!(tool, t => t.allowed_domains(domains))
    }

    /// The same web search or web fetch tool kept away from these domains
    /// (`blocked_domains`).
    pub fn blocked_domains(self, domains: impl IntoIterator<Item = impl Into<String>>) -> Self {
        let domains = strings(domains);
        let tool = on_web_search!(self, t => t.blocked_domains(domains.clone()));
        on_web_fetch!(tool, t => t.blocked_domains(domains))
    }

    /// The same web search or web fetch tool allowed at most this many uses per request
    /// (`max_uses`).
    pub fn max_uses(self, uses: u32) -> Self {
        let tool = on_web_search!(self, t => t.max_uses(uses));
        on_web_fetch!(tool, t => t.max_uses(uses))
    }

    /// The same web search tool localizing results for this location (`user_location`).
    pub fn user_location(self, location: UserLocation) -> Self {
        on_web_search!(self, t => t.user_location(location))
    }

    /// The same web fetch tool with citations of fetched documents configured
    /// (`citations`).
    pub fn citations(self, citations: CitationsConfig) -> Self {
        on_web_fetch!(self, t => t.citations(citations))
    }

    /// The same web fetch tool truncating fetched content to this many tokens
    /// (`max_content_tokens`).
    pub fn max_content_tokens(self, tokens: u32) -> Self {
        on_web_fetch!(self, t => t.max_content_tokens(tokens))
    }

    /// The same MCP toolset with these settings for the named tools (`configs`).
    pub fn configs(
        self,
        configs: impl IntoIterator<Item = (impl Into<String>, McpToolConfig)>,
    ) -> Self {
        on_kinds!(self, t => t.configs(configs), [McpToolset])
    }

    /// The same MCP toolset with these settings for the tools `configs` does not name
    /// (`default_config`).
    pub fn default_config(self, config: McpToolConfig) -> Self {
        on_kinds!(self, t => t.default_config(config), [McpToolset])
    }
}
