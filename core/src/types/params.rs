//! Request bodies of `POST /v1/messages` and `POST /v1/messages/count_tokens`, with their
//! nested settings (system prompt, metadata, thinking, container, context management,
//! structured output).
//!
//! One [`MessageCreateParams`] serves the GA and the beta endpoint: it is the superset of
//! both parameter lists of the Python SDK 0.76.0. Unset fields are omitted from the body
//! (empty lists too); keys are written in the Python SDK's order (`max_tokens`, `messages`,
//! `model`, then the optional ones alphabetically). `betas` is never part of the body: the
//! request code sends it as the `anthropic-beta` header.
//!
//! Params are strict but complete: they have no `extra` map (extra body fields go through
//! request options). Nested objects keep unknown fields in `extra` like response types.
//! Python can send an explicit `null` for nullable fields (`container`, `output_format`,
//! ...); here an unset field is simply omitted, which the API reads the same way.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::beta::AnthropicBeta;
use super::content::TextBlock;
use super::extra::Extra;
use super::message::{MessageContent, MessageParam};
use super::model::Model;
use super::tools::{McpServer, Tool, ToolChoice};
use super::unknown::tagged_list;

/// `metadata`: information about the request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Metadata {
    /// An opaque id of the end user (a UUID or hash; no personal data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Metadata {
    /// `{"user_id": user_id}`.
    pub fn user_id(user_id: impl Into<String>) -> Self {
        Self {
            user_id: Some(user_id.into()),
            extra: Extra::new(),
        }
    }
}

/// `system`: a string or a list of text blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SystemPrompt {
    /// A plain string.
    Text(String),
    /// Text blocks (for cache breakpoints or citations).
    Blocks(#[serde(with = "tagged_list")] Vec<TextBlock>),
}

impl From<&str> for SystemPrompt {
    fn from(s: &str) -> Self {
        SystemPrompt::Text(s.to_owned())
    }
}

impl From<String> for SystemPrompt {
    fn from(s: String) -> Self {
        SystemPrompt::Text(s)
    }
}

impl From<Vec<TextBlock>> for SystemPrompt {
    fn from(b: Vec<TextBlock>) -> Self {
        SystemPrompt::Blocks(b)
    }
}

impl From<TextBlock> for SystemPrompt {
    fn from(b: TextBlock) -> Self {
        SystemPrompt::Blocks(vec![b])
    }
}

string_enum! {
    /// Request `service_tier`.
    pub enum ServiceTierParam {
        /// `auto`: priority capacity when available.
        Auto = "auto",
        /// `standard_only`: standard capacity only.
        StandardOnly = "standard_only",
    }
}

tagged_enum! {
    /// `thinking`: extended thinking on or off.
    pub enum ThinkingConfig {
        /// `{"type": "enabled", "budget_tokens"}`
        Enabled(ThinkingEnabled) = "enabled",
        /// `{"type": "disabled"}`
        Disabled(ThinkingDisabled) = "disabled",
        /// `{"type": "adaptive"}`: the model decides how much to think.
        Adaptive(super::thinking::ThinkingAdaptive) = "adaptive",
    }
}

/// Extended thinking on, with a token budget (at least 1024, less than `max_tokens`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ThinkingEnabled {
    /// Tokens the model may spend thinking.
    pub budget_tokens: u32,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Extended thinking off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ThinkingDisabled {
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ThinkingConfig {
    /// `{"type": "enabled", "budget_tokens": budget_tokens}`.
    pub fn enabled(budget_tokens: u32) -> Self {
        ThinkingConfig::Enabled(ThinkingEnabled {
            budget_tokens,
            extra: Extra::new(),
        })
    }

    /// `{"type": "disabled"}`.
    pub fn disabled() -> Self {
        ThinkingConfig::Disabled(ThinkingDisabled::default())
    }

    /// `{"type": "adaptive"}`: the model decides how much to think (set the effort with
    /// `output_config`).
    pub fn adaptive() -> Self {
        ThinkingConfig::Adaptive(super::thinking::ThinkingAdaptive::default())
    }
}

string_enum! {
    /// Whether a skill is Anthropic's or the organization's own.
    #[derive(Default)]
    pub enum SkillType {
        /// `anthropic`
        #[default]
        Anthropic = "anthropic",
        /// `custom`
        Custom = "custom",
    }
}

/// A skill to load into the container (beta).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SkillParam {
    /// The skill id.
    pub skill_id: String,
    /// Whose skill it is.
    #[serde(rename = "type")]
    pub r#type: SkillType,
    /// A version (latest when absent in requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A container to run in, with skills (beta).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ContainerConfig {
    /// Reuse this container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Skills to load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<SkillParam>>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `container` (beta; the GA stream helper passes it through too): an id or a config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ContainerParam {
    /// Reuse a container by id.
    Id(String),
    /// A container configuration.
    Config(ContainerConfig),
}

impl From<&str> for ContainerParam {
    fn from(s: &str) -> Self {
        ContainerParam::Id(s.to_owned())
    }
}

impl From<String> for ContainerParam {
    fn from(s: String) -> Self {
        ContainerParam::Id(s)
    }
}

impl From<ContainerConfig> for ContainerParam {
    fn from(c: ContainerConfig) -> Self {
        ContainerParam::Config(c)
    }
}

tagged_enum! {
    /// A count used by context-management triggers and limits (beta).
    ///
    /// `clear_thinking_20251015.keep` may also be the bare string `"all"`; that form
    /// decodes to `Unknown(Value::String("all"))` and is written back as is.
    pub enum ContextAmount {
        /// `{"type": "input_tokens", "value"}`
        InputTokens(AmountValue) = "input_tokens",
        /// `{"type": "tool_uses", "value"}`
        ToolUses(AmountValue) = "tool_uses",
        /// `{"type": "thinking_turns", "value"}`
        ThinkingTurns(AmountValue) = "thinking_turns",
        /// `{"type": "all"}`
        All(AllAmount) = "all",
    }
}

/// `{"value": n}` of a [`ContextAmount`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AmountValue {
    /// The count.
    pub value: u64,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `{"type": "all"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AllAmount {
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ContextAmount {
    /// `{"type": "input_tokens", "value": n}`.
    pub fn input_tokens(n: u64) -> Self {
        ContextAmount::InputTokens(AmountValue {
            value: n,
            extra: Extra::new(),
        })
    }

    /// `{"type": "tool_uses", "value": n}`.
    pub fn tool_uses(n: u64) -> Self {
        ContextAmount::ToolUses(AmountValue {
            value: n,
            extra: Extra::new(),
        })
    }

    /// `{"type": "thinking_turns", "value": n}`.
    pub fn thinking_turns(n: u64) -> Self {
        ContextAmount::ThinkingTurns(AmountValue {
            value: n,
            extra: Extra::new(),
        })
    }
}

/// `clear_tool_inputs`: all tools' inputs, or only these tools'.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ClearToolInputs {
    /// `true`: clear every tool's inputs.
    All(bool),
    /// Clear these tools' inputs.
    Tools(Vec<String>),
}

tagged_enum! {
    /// One context-management edit (beta).
    pub enum ContextEdit {
        /// Clear old tool uses.
        ClearToolUses20250919(ClearToolUsesEdit) = "clear_tool_uses_20250919",
        /// Clear old thinking.
        ClearThinking20251015(ClearThinkingEdit) = "clear_thinking_20251015",
    }
}

/// `clear_tool_uses_20250919` edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ClearToolUsesEdit {
    /// Clear at least this much when triggered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clear_at_least: Option<ContextAmount>,
    /// Whether to clear tool inputs too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clear_tool_inputs: Option<ClearToolInputs>,
    /// Never clear these tools.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclude_tools: Option<Vec<String>>,
    /// How many recent tool uses to keep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep: Option<ContextAmount>,
    /// When to apply the edit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<ContextAmount>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `clear_thinking_20251015` edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ClearThinkingEdit {
    /// How much recent thinking to keep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep: Option<ContextAmount>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `context_management` (beta).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ContextManagementConfig {
    /// The edits to apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edits: Option<Vec<ContextEdit>>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

string_enum! {
    /// `output_config.effort` (beta).
    pub enum Effort {
        /// `low`
        Low = "low",
        /// `medium`
        Medium = "medium",
        /// `high`
        High = "high",
        /// `xhigh`
        XHigh = "xhigh",
        /// `max`
        Max = "max",
    }
}

/// `output_config` (beta).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct OutputConfig {
    /// How much effort the model spends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<Effort>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

tagged_enum! {
    /// `output_format` (beta structured outputs).
    pub enum OutputFormat {
        /// `{"type": "json_schema", "schema"}`
        JsonSchema(JsonSchemaFormat) = "json_schema",
    }
}

/// A JSON Schema the reply must match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct JsonSchemaFormat {
    /// The schema.
    pub schema: Value,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl OutputFormat {
    /// `{"type": "json_schema", "schema": schema}` (sent as given; no schema rewriting).
    pub fn json_schema(schema: Value) -> Self {
        OutputFormat::JsonSchema(JsonSchemaFormat {
            schema,
            extra: Extra::new(),
        })
    }
}

/// The body of `POST /v1/messages` (GA and beta).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MessageCreateParams {
    /// The most tokens to generate.
    pub max_tokens: u32,
    /// The conversation so far.
    pub messages: Vec<MessageParam>,
    /// The model.
    pub model: Model,
    /// A container to run in (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<ContainerParam>,
    /// Context management (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_management: Option<ContextManagementConfig>,
    /// MCP servers (beta).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mcp_servers: Vec<McpServer>,
    /// Request metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// Output settings (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_config: Option<OutputConfig>,
    /// Structured output format (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_format: Option<OutputFormat>,
    /// Capacity tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_tier: Option<ServiceTierParam>,
    /// Custom stop sequences.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stop_sequences: Vec<String>,
    /// Stream the reply as server-sent events (set by the streaming calls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<bool>,
    /// The system prompt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<SystemPrompt>,
    /// Sampling temperature, 0.0 to 1.0.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::finite::option"
    )]
    pub temperature: Option<f64>,
    /// Extended thinking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thinking: Option<ThinkingConfig>,
    /// How the model may use the tools.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_choice: Option<ToolChoice>,
    /// The tools the model may use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<Tool>,
    /// Sample from the top K options only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_k: Option<u32>,
    /// Nucleus sampling threshold.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::finite::option"
    )]
    pub top_p: Option<f64>,
    /// Values for the `anthropic-beta` header (never in the body).
    #[serde(skip)]
    pub betas: Vec<AnthropicBeta>,
}

/// Chained setters shared by the create and count-tokens params.
macro_rules! common_setters {
    () => {
        /// Appends one turn.
        pub fn message(mut self, message: MessageParam) -> Self {
            self.messages.push(message);
            self
        }

        /// Appends a user turn.
        pub fn user(self, content: impl Into<MessageContent>) -> Self {
            self.message(MessageParam::user(content))
        }

        /// Appends an assistant turn.
        pub fn assistant(self, content: impl Into<MessageContent>) -> Self {
            self.message(MessageParam::assistant(content))
        }

        /// Replaces the conversation.
        pub fn messages(mut self, messages: impl IntoIterator<Item = MessageParam>) -> Self {
            self.messages = messages.into_iter().collect();
            self
        }

        /// Sets the system prompt.
        pub fn system(mut self, system: impl Into<SystemPrompt>) -> Self {
            self.system = Some(system.into());
            self
        }

        /// Replaces the tools.
        pub fn tools(mut self, tools: impl IntoIterator<Item = Tool>) -> Self {
            self.tools = tools.into_iter().collect();
            self
        }

        /// Appends one tool.
        pub fn tool(mut self, tool: impl Into<Tool>) -> Self {
            self.tools.push(tool.into());
            self
        }

        /// Sets `tool_choice`.
        pub fn tool_choice(mut self, tool_choice: ToolChoice) -> Self {
            self.tool_choice = Some(tool_choice);
            self
        }

        /// Sets `thinking`.
        pub fn thinking(mut self, thinking: ThinkingConfig) -> Self {
            self.thinking = Some(thinking);
            self
        }

        /// Sets `mcp_servers` (beta).
        pub fn mcp_servers(mut self, servers: impl IntoIterator<Item = McpServer>) -> Self {
            self.mcp_servers = servers.into_iter().collect();
            self
        }

        /// Sets `context_management` (beta).
        pub fn context_management(mut self, config: ContextManagementConfig) -> Self {
            self.context_management = Some(config);
            self
        }

        /// Sets `output_config` (beta).
        pub fn output_config(mut self, config: OutputConfig) -> Self {
            self.output_config = Some(config);
            self
        }

        /// Sets `output_format` (beta).
        pub fn output_format(mut self, format: OutputFormat) -> Self {
            self.output_format = Some(format);
            self
        }

        /// Replaces the `anthropic-beta` values.
        pub fn betas<B: Into<AnthropicBeta>>(mut self, betas: impl IntoIterator<Item = B>) -> Self {
            self.betas = betas.into_iter().map(Into::into).collect();
            self
        }

        /// Appends one `anthropic-beta` value.
        pub fn beta(mut self, beta: impl Into<AnthropicBeta>) -> Self {
            self.betas.push(beta.into());
            self
        }
    };
}

impl MessageCreateParams {
    /// Params with the required scalars set; add turns with [`message`](Self::message).
    pub fn new(model: impl Into<Model>, max_tokens: u32) -> Self {
        Self {
            model: model.into(),
            max_tokens,
            ..Self::default()
        }
    }

    common_setters!();

    /// Sets `metadata`.
    pub fn metadata(mut self, metadata: Metadata) -> Self {
        self.metadata = Some(metadata);
        self
    }

    /// Sets `container` (beta).
    pub fn container(mut self, container: impl Into<ContainerParam>) -> Self {
        self.container = Some(container.into());
        self
    }

    /// Sets `service_tier`.
    pub fn service_tier(mut self, tier: ServiceTierParam) -> Self {
        self.service_tier = Some(tier);
        self
    }

    /// Sets `stop_sequences`.
    pub fn stop_sequences<S: Into<String>>(mut self, seqs: impl IntoIterator<Item = S>) -> Self {
        self.stop_sequences = seqs.into_iter().map(Into::into).collect();
        self
    }

    /// Sets `stream`.
    pub fn stream(mut self, stream: bool) -> Self {
        self.stream = Some(stream);
        self
    }

    /// Sets `temperature`.
    pub fn temperature(mut self, temperature: f64) -> Self {
        self.temperature = Some(temperature);
        self
    }

    /// Sets `top_k`.
    pub fn top_k(mut self, top_k: u32) -> Self {
        self.top_k = Some(top_k);
        self
    }

    /// Sets `top_p`.
    pub fn top_p(mut self, top_p: f64) -> Self {
        self.top_p = Some(top_p);
        self
    }
}

/// The body of `POST /v1/messages/count_tokens` (GA and beta).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MessageCountTokensParams {
    /// The conversation.
    pub messages: Vec<MessageParam>,
    /// The model.
    pub model: Model,
    /// Context management (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_management: Option<ContextManagementConfig>,
    /// MCP servers (beta).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mcp_servers: Vec<McpServer>,
    /// Output settings (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_config: Option<OutputConfig>,
    /// Structured output format (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_format: Option<OutputFormat>,
    /// The system prompt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<SystemPrompt>,
    /// Extended thinking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thinking: Option<ThinkingConfig>,
    /// How the model may use the tools.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_choice: Option<ToolChoice>,
    /// The tools.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<Tool>,
    /// Values for the `anthropic-beta` header (never in the body).
    #[serde(skip)]
    pub betas: Vec<AnthropicBeta>,
}

impl MessageCountTokensParams {
    /// Params for this model; add turns with [`message`](Self::message).
    pub fn new(model: impl Into<Model>) -> Self {
        Self {
            model: model.into(),
            ..Self::default()
        }
    }

    common_setters!();
}

impl From<&MessageCreateParams> for MessageCountTokensParams {
    /// The fields of a create request that count tokens (sampling settings, `max_tokens`,
    /// `metadata`, `container`, `service_tier` and `stream` are dropped).
    fn from(p: &MessageCreateParams) -> Self {
        Self {
            messages: p.messages.clone(),
            model: p.model.clone(),
            context_management: p.context_management.clone(),
            mcp_servers: p.mcp_servers.clone(),
            output_config: p.output_config.clone(),
            output_format: p.output_format.clone(),
            system: p.system.clone(),
            thinking: p.thinking.clone(),
            tool_choice: p.tool_choice.clone(),
            tools: p.tools.clone(),
            betas: p.betas.clone(),
        }
    }
}

impl From<MessageCreateParams> for MessageCountTokensParams {
    fn from(p: MessageCreateParams) -> Self {
        Self {
            messages: p.messages,
            model: p.model,
            context_management: p.context_management,
            mcp_servers: p.mcp_servers,
            output_config: p.output_config,
            output_format: p.output_format,
            system: p.system,
            thinking: p.thinking,
            tool_choice: p.tool_choice,
            tools: p.tools,
            betas: p.betas,
        }
    }
}
