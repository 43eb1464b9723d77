//! Legacy Text Completions (`POST /v1/complete`): deprecated in favour of the Messages
//! API, kept working for existing prompts.

use serde::{Deserialize, Serialize};

use super::beta::AnthropicBeta;
use super::extra::Extra;
use super::model::Model;
use super::params::Metadata;

/// The turn marker a legacy prompt starts each human turn with: `"\n\nHuman:"`.
pub const HUMAN_PROMPT: &str = "\n\nHuman:";
/// The turn marker a legacy prompt ends with, for the model to continue: `"\n\nAssistant:"`.
pub const AI_PROMPT: &str = "\n\nAssistant:";

/// The body of `POST /v1/complete`, keys in Python's order.
///
/// ```
/// use anthropic_core::types::{AI_PROMPT, CompletionCreateParams, HUMAN_PROMPT};
///
/// let params = CompletionCreateParams::new(
///     "claude-2.1",
///     256,
///     format!("{HUMAN_PROMPT} Hello{AI_PROMPT}"),
/// );
/// assert_eq!(params.prompt, "\n\nHuman: Hello\n\nAssistant:");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompletionCreateParams {
    /// The most tokens to generate.
    pub max_tokens_to_sample: u32,
    /// The model.
    pub model: Model,
    /// The prompt, `"\n\nHuman: ...\n\nAssistant:"`.
    pub prompt: String,
    /// Request metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// Sequences that stop generation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_sequences: Option<Vec<String>>,
    /// Streams the completion (set by `create_stream`; leave unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<bool>,
    /// Randomness, 0 to 1.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::finite::option"
    )]
    pub temperature: Option<f64>,
    /// Sample from the top K options only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_k: Option<u32>,
    /// Nucleus sampling.
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

impl CompletionCreateParams {
    /// The required fields.
    pub fn new(
        model: impl Into<Model>,
        max_tokens_to_sample: u32,
        prompt: impl Into<String>,
    ) -> Self {
        CompletionCreateParams {
            max_tokens_to_sample,
            model: model.into(),
            prompt: prompt.into(),
            metadata: None,
            stop_sequences: None,
            stream: None,
            temperature: None,
            top_k: None,
            top_p: None,
            betas: Vec::new(),
        }
    }
}

/// A completion, or (streamed) one piece of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Completion {
    /// The completion id.
    #[serde(default)]
    pub id: String,
    /// Always `completion`.
    #[serde(rename = "type", default)]
    pub r#type: String,
    /// The text (streamed: the text this event adds).
    #[serde(default)]
    pub completion: String,
    /// The model that answered.
    #[serde(default)]
    pub model: String,
    /// Why generation stopped (`stop_sequence`, `max_tokens`), once it has.
    #[serde(default)]
    pub stop_reason: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
    /// The `request-id` response header (not part of the body).
    #[serde(skip)]
    pub request_id: Option<String>,
}

crate::response::response_body!(Completion);
