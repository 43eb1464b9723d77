//! What a model supports (`capabilities` of a model object; newer than Python 0.76.0).
//! Each capability says `supported`; some have parts (effort levels, thinking types,
//! context-management strategies). Capabilities this version does not know are kept in
//! `extra`.

use serde::{Deserialize, Serialize};

use super::extra::Extra;

/// `{"supported": bool}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CapabilitySupport {
    /// Whether the model supports it.
    pub supported: bool,
}

/// Everything a model supports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ModelCapabilities {
    /// Message Batches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<CapabilitySupport>,
    /// Citations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citations: Option<CapabilitySupport>,
    /// Code execution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_execution: Option<CapabilitySupport>,
    /// Context management, by strategy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_management: Option<ContextManagementCapability>,
    /// `output_config.effort`, by level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<EffortCapability>,
    /// Image input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_input: Option<CapabilitySupport>,
    /// PDF input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pdf_input: Option<CapabilitySupport>,
    /// Structured outputs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structured_outputs: Option<CapabilitySupport>,
    /// Extended thinking, by type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thinking: Option<ThinkingCapability>,
    /// Capabilities this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Context management support, by strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ContextManagementCapability {
    /// Whether any context management is supported.
    pub supported: bool,
    /// The `clear_thinking_20251015` strategy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clear_thinking_20251015: Option<CapabilitySupport>,
    /// The `clear_tool_uses_20250919` strategy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clear_tool_uses_20250919: Option<CapabilitySupport>,
    /// The `compact_20260112` strategy (compaction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compact_20260112: Option<CapabilitySupport>,
    /// Strategies this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Effort support, by level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EffortCapability {
    /// Whether `output_config.effort` is supported at all.
    pub supported: bool,
    /// `low`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<CapabilitySupport>,
    /// `medium`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medium: Option<CapabilitySupport>,
    /// `high`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<CapabilitySupport>,
    /// `xhigh`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xhigh: Option<CapabilitySupport>,
    /// `max`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<CapabilitySupport>,
    /// Levels this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Extended thinking support, by `thinking.type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ThinkingCapability {
    /// Whether extended thinking is supported at all.
    pub supported: bool,
    /// Support per thinking type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub types: Option<ThinkingTypes>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Support per `thinking.type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ThinkingTypes {
    /// `{"type": "adaptive"}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adaptive: Option<CapabilitySupport>,
    /// `{"type": "enabled", "budget_tokens"}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<CapabilitySupport>,
    /// Types this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}
