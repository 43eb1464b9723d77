//! Model names, model metadata and the parameters of the models list.
//!
//! [`Model`] accepts any string; the associated constants name every model of the Python
//! SDK 0.76.0 `Model` literal. [`ModelInfo`] keeps unknown fields in `extra`.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

use super::beta::AnthropicBeta;
use super::extra::Extra;

/// A model name, such as [`Model::CLAUDE_SONNET_4_5`]; any string is accepted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Model(Cow<'static, str>);

macro_rules! model_consts {
    ($( $(#[$m:meta])* $name:ident = $lit:literal, )*) => {
        impl Model {
            $( $(#[$m])* pub const $name: Model = Model(Cow::Borrowed($lit)); )*

            /// Every model name this version knows, in the order of the Python SDK's literal.
            pub const KNOWN: &'static [Model] = &[$( Model::$name, )*];
        }
    };
}

model_consts! {
    /// `claude-opus-4-5-20251101`
    CLAUDE_OPUS_4_5_20251101 = "claude-opus-4-5-20251101",
    /// `claude-opus-4-5`
    CLAUDE_OPUS_4_5 = "claude-opus-4-5",
    /// `claude-3-7-sonnet-latest`
    CLAUDE_3_7_SONNET_LATEST = "claude-3-7-sonnet-latest",
    /// `claude-3-7-sonnet-20250219`
    CLAUDE_3_7_SONNET_20250219 = "claude-3-7-sonnet-20250219",
    /// `claude-3-5-haiku-latest`
    CLAUDE_3_5_HAIKU_LATEST = "claude-3-5-haiku-latest",
    /// `claude-3-5-haiku-20241022`
    CLAUDE_3_5_HAIKU_20241022 = "claude-3-5-haiku-20241022",
    /// `claude-haiku-4-5`
    CLAUDE_HAIKU_4_5 = "claude-haiku-4-5",
    /// `claude-haiku-4-5-20251001`
    CLAUDE_HAIKU_4_5_20251001 = "claude-haiku-4-5-20251001",
    /// `claude-sonnet-4-20250514`
    CLAUDE_SONNET_4_20250514 = "claude-sonnet-4-20250514",
    /// `claude-sonnet-4-0`
    CLAUDE_SONNET_4_0 = "claude-sonnet-4-0",
    /// `claude-4-sonnet-20250514`
    CLAUDE_4_SONNET_20250514 = "claude-4-sonnet-20250514",
    /// `claude-sonnet-4-5`
    CLAUDE_SONNET_4_5 = "claude-sonnet-4-5",
    /// `claude-sonnet-4-5-20250929`
    CLAUDE_SONNET_4_5_20250929 = "claude-sonnet-4-5-20250929",
    /// `claude-opus-4-0`
    CLAUDE_OPUS_4_0 = "claude-opus-4-0",
    /// `claude-opus-4-20250514`
    CLAUDE_OPUS_4_20250514 = "claude-opus-4-20250514",
    /// `claude-4-opus-20250514`
    CLAUDE_4_OPUS_20250514 = "claude-4-opus-20250514",
    /// `claude-opus-4-1-20250805`
    CLAUDE_OPUS_4_1_20250805 = "claude-opus-4-1-20250805",
    /// `claude-3-opus-latest`
    CLAUDE_3_OPUS_LATEST = "claude-3-opus-latest",
    /// `claude-3-opus-20240229`
    CLAUDE_3_OPUS_20240229 = "claude-3-opus-20240229",
    /// `claude-3-haiku-20240307`
    CLAUDE_3_HAIKU_20240307 = "claude-3-haiku-20240307",
}

impl Model {
    /// A model by name (any string).
    pub fn new(name: impl Into<String>) -> Self {
        Model(Cow::Owned(name.into()))
    }

    /// The name as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Model {
    fn from(s: &str) -> Self {
        Model::new(s)
    }
}

impl From<String> for Model {
    fn from(s: String) -> Self {
        Model::new(s)
    }
}

impl From<&Model> for Model {
    fn from(m: &Model) -> Self {
        m.clone()
    }
}

impl AsRef<str> for Model {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One model, as returned by `GET /v1/models` and `GET /v1/models/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ModelInfo {
    /// The model identifier, usable as [`Model`].
    pub id: String,
    /// When the model was released, as the RFC 3339 string the API sent.
    pub created_at: String,
    /// A human-readable name.
    pub display_name: String,
    /// The largest input context window, in tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_input_tokens: Option<u64>,
    /// The largest `max_tokens` the model accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u64>,
    /// What the model supports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capabilities: Option<super::capabilities::ModelCapabilities>,
    /// Always `"model"`.
    #[serde(rename = "type")]
    pub r#type: String,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
    /// The `request-id` response header (not part of the body).
    #[serde(skip)]
    pub request_id: Option<String>,
}

crate::response::response_body!(ModelInfo);

/// Query parameters of `GET /v1/models` (sent in the query string, not a body).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ModelListParams {
    /// Return the page after this id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_id: Option<String>,
    /// Return the page before this id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_id: Option<String>,
    /// Items per page (1 to 1000; the API defaults to 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Values for the `anthropic-beta` header.
    #[serde(skip)]
    pub betas: Vec<AnthropicBeta>,
}
