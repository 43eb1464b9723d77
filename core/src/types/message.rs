//! Conversation turns ([`MessageParam`]) and the response [`Message`] with its usage, stop
//! reason and beta container / context-management reports.
//!
//! Round-trip guarantee: unknown fields of a response are kept in `extra` maps, unknown
//! `role` / `stop_reason` / `service_tier` strings in `Other`, unknown content blocks as
//! [`ContentBlock::Unknown`]; serializing a decoded [`Message`] gives back the JSON it came
//! from (optional fields sent as `null` come back absent, see [`crate::types::content`]).

use serde::{Deserialize, Serialize};

use super::content::{ContentBlock, ToolUseBlock};
use super::extra::Extra;
use super::model::Model;
use super::params::SkillParam;

string_enum! {
    /// Who wrote a turn.
    #[derive(Default)]
    pub enum Role {
        /// `user`
        #[default]
        User = "user",
        /// `assistant`
        Assistant = "assistant",
    }
}

/// The content of a turn (or of a tool result): a plain string or a list of blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MessageContent {
    /// A plain string (the API reads it as one text block).
    Text(String),
    /// Content blocks.
    Blocks(Vec<ContentBlock>),
}

impl Default for MessageContent {
    fn default() -> Self {
        MessageContent::Text(String::new())
    }
}

impl MessageContent {
    /// The content as blocks (a string becomes one text block).
    pub fn to_blocks(&self) -> Vec<ContentBlock> {
        match self {
            MessageContent::Text(t) => vec![ContentBlock::text(t.clone())],
            MessageContent::Blocks(b) => b.clone(),
        }
    }

    /// The concatenated text of the string or of its text blocks.
    pub fn text(&self) -> String {
        match self {
            MessageContent::Text(t) => t.clone(),
            MessageContent::Blocks(b) => b.iter().filter_map(ContentBlock::as_text).collect(),
        }
    }
}

impl From<&str> for MessageContent {
    fn from(s: &str) -> Self {
        MessageContent::Text(s.to_owned())
    }
}

impl From<String> for MessageContent {
    fn from(s: String) -> Self {
        MessageContent::Text(s)
    }
}

impl From<Vec<ContentBlock>> for MessageContent {
    fn from(b: Vec<ContentBlock>) -> Self {
        MessageContent::Blocks(b)
    }
}

impl From<ContentBlock> for MessageContent {
    fn from(b: ContentBlock) -> Self {
        MessageContent::Blocks(vec![b])
    }
}

impl<const N: usize> From<[ContentBlock; N]> for MessageContent {
    fn from(b: [ContentBlock; N]) -> Self {
        MessageContent::Blocks(b.into())
    }
}

/// One turn of the conversation sent in `messages`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MessageParam {
    /// `user` or `assistant`.
    pub role: Role,
    /// The turn's content.
    pub content: MessageContent,
}

impl MessageParam {
    /// A turn with any role.
    pub fn new(role: Role, content: impl Into<MessageContent>) -> Self {
        Self {
            role,
            content: content.into(),
        }
    }

    /// A user turn.
    pub fn user(content: impl Into<MessageContent>) -> Self {
        Self::new(Role::User, content)
    }

    /// An assistant turn (a prefill, or an earlier reply).
    pub fn assistant(content: impl Into<MessageContent>) -> Self {
        Self::new(Role::Assistant, content)
    }
}

string_enum! {
    /// Why the model stopped.
    pub enum StopReason {
        /// `end_turn`: a natural end.
        EndTurn = "end_turn",
        /// `max_tokens`: the `max_tokens` limit was hit.
        MaxTokens = "max_tokens",
        /// `stop_sequence`: a stop sequence was produced.
        StopSequence = "stop_sequence",
        /// `tool_use`: the model called a tool.
        ToolUse = "tool_use",
        /// `pause_turn`: a long server-tool turn was paused; send it back to continue.
        PauseTurn = "pause_turn",
        /// `refusal`: the model declined.
        Refusal = "refusal",
        /// `model_context_window_exceeded` (beta).
        ModelContextWindowExceeded = "model_context_window_exceeded",
        /// `compaction` (beta): the context was compacted; send the reply back to go on.
        Compaction = "compaction",
    }
}

string_enum! {
    /// The tier a request was served on (response `usage.service_tier`).
    pub enum ServiceTier {
        /// `standard`
        Standard = "standard",
        /// `priority`
        Priority = "priority",
        /// `batch`
        Batch = "batch",
    }
}

/// Cache-write tokens by time to live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CacheCreation {
    /// Tokens written with a 5-minute TTL.
    #[serde(default)]
    pub ephemeral_5m_input_tokens: u64,
    /// Tokens written with a 1-hour TTL.
    #[serde(default)]
    pub ephemeral_1h_input_tokens: u64,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Server tool calls made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ServerToolUsage {
    /// Web searches.
    #[serde(default)]
    pub web_search_requests: u64,
    /// Web fetches (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_fetch_requests: Option<u64>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Token usage and billing details of a response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Usage {
    /// Input tokens (not counting cache reads and writes).
    #[serde(default)]
    pub input_tokens: u64,
    /// Tokens written to the cache.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_creation_input_tokens: Option<u64>,
    /// Tokens read from the cache.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_read_input_tokens: Option<u64>,
    /// Cache writes by time to live.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_creation: Option<CacheCreation>,
    /// Output tokens.
    #[serde(default)]
    pub output_tokens: u64,
    /// Server tool calls made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_tool_use: Option<ServerToolUsage>,
    /// The tier the request was served on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_tier: Option<ServiceTier>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The code-execution container a beta response ran in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Container {
    /// The container id, to reuse it in a later request.
    pub id: String,
    /// When the container expires (RFC 3339, as sent).
    pub expires_at: String,
    /// The skills loaded in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<SkillParam>>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

tagged_enum! {
    /// A context-management edit the API applied (beta).
    pub enum AppliedEdit {
        /// Old tool uses were cleared.
        ClearToolUses20250919(ClearToolUsesApplied) = "clear_tool_uses_20250919",
        /// Old thinking was cleared.
        ClearThinking20251015(ClearThinkingApplied) = "clear_thinking_20251015",
    }
}

/// `clear_tool_uses_20250919` applied edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ClearToolUsesApplied {
    /// Input tokens removed.
    #[serde(default)]
    pub cleared_input_tokens: u64,
    /// Tool uses removed.
    #[serde(default)]
    pub cleared_tool_uses: u64,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `clear_thinking_20251015` applied edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ClearThinkingApplied {
    /// Input tokens removed.
    #[serde(default)]
    pub cleared_input_tokens: u64,
    /// Thinking turns removed.
    #[serde(default)]
    pub cleared_thinking_turns: u64,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// What context management did to a beta request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ContextManagementResponse {
    /// The edits applied.
    #[serde(default)]
    pub applied_edits: Vec<AppliedEdit>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

fn message_type() -> String {
    "message".to_owned()
}

fn assistant_role() -> Role {
    Role::Assistant
}

/// A response of `POST /v1/messages` (GA and beta): the assistant's reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// The message id (`msg_...`).
    pub id: String,
    /// Always `message`.
    #[serde(rename = "type", default = "message_type")]
    pub r#type: String,
    /// Always `assistant` (also when the field is missing, as in a trimmed
    /// `message_start`: a response is always the assistant's, so that is the default, not
    /// [`Role::default`]'s `user`).
    #[serde(default = "assistant_role")]
    pub role: Role,
    /// The model that answered.
    #[serde(default)]
    pub model: Model,
    /// The reply's content blocks.
    #[serde(default)]
    pub content: Vec<ContentBlock>,
    /// Why the model stopped (`null` only in a streamed `message_start`).
    #[serde(default)]
    pub stop_reason: Option<StopReason>,
    /// The stop sequence produced, if that is why it stopped.
    #[serde(default)]
    pub stop_sequence: Option<String>,
    /// Details of the stop (a refusal's category and explanation), when the API sends them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_details: Option<super::stop_details::StopDetails>,
    /// Token usage.
    #[serde(default)]
    pub usage: Usage,
    /// The code-execution container used (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<Container>,
    /// What context management did (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_management: Option<ContextManagementResponse>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
    /// The `request-id` response header (not part of the body).
    #[serde(skip)]
    pub request_id: Option<String>,
}

impl Default for Message {
    fn default() -> Self {
        Self {
            id: String::new(),
            r#type: message_type(),
            role: Role::Assistant,
            model: Model::default(),
            content: Vec::new(),
            stop_reason: None,
            stop_sequence: None,
            stop_details: None,
            usage: Usage::default(),
            container: None,
            context_management: None,
            extra: Extra::new(),
            request_id: None,
        }
    }
}

crate::response::response_body!(Message);

impl Message {
    /// The text of all text blocks, concatenated.
    pub fn text(&self) -> String {
        self.content
            .iter()
            .filter_map(ContentBlock::as_text)
            .collect()
    }

    /// The `tool_use` blocks, in order.
    pub fn tool_uses(&self) -> impl Iterator<Item = &ToolUseBlock> + '_ {
        self.content.iter().filter_map(ContentBlock::as_tool_use)
    }

    /// The reply as a turn to append to the conversation (all blocks kept, including
    /// thinking signatures and unknown blocks).
    pub fn to_param(&self) -> MessageParam {
        MessageParam {
            role: self.role.clone(),
            content: MessageContent::Blocks(self.content.clone()),
        }
    }
}

impl From<Message> for MessageParam {
    fn from(m: Message) -> Self {
        MessageParam {
            role: m.role,
            content: MessageContent::Blocks(m.content),
        }
    }
}

/// Context-management report of a beta token count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CountTokensContextManagement {
    /// Input tokens before any edit was applied.
    #[serde(default)]
    pub original_input_tokens: u64,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A response of `POST /v1/messages/count_tokens`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MessageTokensCount {
    /// Tokens the request's input would use.
    pub input_tokens: u64,
    /// What context management would do (beta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_management: Option<CountTokensContextManagement>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
    /// The `request-id` response header (not part of the body).
    #[serde(skip)]
    pub request_id: Option<String>,
}

crate::response::response_body!(MessageTokensCount);
