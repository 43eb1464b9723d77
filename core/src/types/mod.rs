//! Placeholder for the Messages API types; the full set replaces this file.
#![allow(missing_docs)]

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

use crate::response::ResponseBody;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Model(Cow<'static, str>);
impl Model {
    pub const CLAUDE_SONNET_4_5: Model = Model(Cow::Borrowed("claude-sonnet-4-5"));
    pub fn new(s: impl Into<String>) -> Self {
        Model(Cow::Owned(s.into()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnthropicBeta(Cow<'static, str>);
impl AnthropicBeta {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct MessageParam {
    pub role: String,
    pub content: String,
}
impl MessageParam {
    pub fn user(s: impl Into<String>) -> Self {
        MessageParam {
            role: "user".into(),
            content: s.into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct MessageCreateParams {
    pub max_tokens: u32,
    pub messages: Vec<MessageParam>,
    pub model: Model,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream: Option<bool>,
    #[serde(skip)]
    pub betas: Vec<AnthropicBeta>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct MessageCountTokensParams {
    pub messages: Vec<MessageParam>,
    pub model: Model,
    #[serde(skip)]
    pub betas: Vec<AnthropicBeta>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Message {
    pub id: String,
    #[serde(skip)]
    pub request_id: Option<String>,
}
impl ResponseBody for Message {
    fn set_request_id(&mut self, request_id: Option<String>) {
        self.request_id = request_id;
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct MessageTokensCount {
    pub input_tokens: u64,
    #[serde(skip)]
    pub request_id: Option<String>,
}
impl ResponseBody for MessageTokensCount {
    fn set_request_id(&mut self, request_id: Option<String>) {
        self.request_id = request_id;
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ModelInfo {
    pub id: String,
    #[serde(skip)]
    pub request_id: Option<String>,
}
impl ResponseBody for ModelInfo {
    fn set_request_id(&mut self, request_id: Option<String>) {
        self.request_id = request_id;
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ModelListParams {
    pub after_id: Option<String>,
    pub before_id: Option<String>,
    pub limit: Option<u32>,
    #[serde(skip)]
    pub betas: Vec<AnthropicBeta>,
}
impl From<&str> for AnthropicBeta {
    fn from(s: &str) -> Self {
        AnthropicBeta(Cow::Owned(s.to_owned()))
    }
}
