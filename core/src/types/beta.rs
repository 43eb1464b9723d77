//! Values of the `anthropic-beta` header.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// One `anthropic-beta` header value, such as [`AnthropicBeta::FILES_API_2025_04_14`]; any
/// string is accepted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnthropicBeta(Cow<'static, str>);

macro_rules! beta_consts {
    ($( $name:ident = $lit:literal, )*) => {
        impl AnthropicBeta {
            $( #[doc = concat!("`", $lit, "`")] pub const $name: AnthropicBeta = AnthropicBeta(Cow::Borrowed($lit)); )*

            /// Every beta value named by the Python SDK 0.76.0 literal, in its order.
            pub const KNOWN: &'static [AnthropicBeta] = &[$( AnthropicBeta::$name, )*];
        }
    };
}

beta_consts! {
    MESSAGE_BATCHES_2024_09_24 = "message-batches-2024-09-24",
    PROMPT_CACHING_2024_07_31 = "prompt-caching-2024-07-31",
    COMPUTER_USE_2024_10_22 = "computer-use-2024-10-22",
    COMPUTER_USE_2025_01_24 = "computer-use-2025-01-24",
    PDFS_2024_09_25 = "pdfs-2024-09-25",
    TOKEN_COUNTING_2024_11_01 = "token-counting-2024-11-01",
    TOKEN_EFFICIENT_TOOLS_2025_02_19 = "token-efficient-tools-2025-02-19",
    OUTPUT_128K_2025_02_19 = "output-128k-2025-02-19",
    FILES_API_2025_04_14 = "files-api-2025-04-14",
    MCP_CLIENT_2025_04_04 = "mcp-client-2025-04-04",
    MCP_CLIENT_2025_11_20 = "mcp-client-2025-11-20",
    DEV_FULL_THINKING_2025_05_14 = "dev-full-thinking-2025-05-14",
    INTERLEAVED_THINKING_2025_05_14 = "interleaved-thinking-2025-05-14",
    CODE_EXECUTION_2025_05_22 = "code-execution-2025-05-22",
    EXTENDED_CACHE_TTL_2025_04_11 = "extended-cache-ttl-2025-04-11",
    CONTEXT_1M_2025_08_07 = "context-1m-2025-08-07",
    CONTEXT_MANAGEMENT_2025_06_27 = "context-management-2025-06-27",
    MODEL_CONTEXT_WINDOW_EXCEEDED_2025_08_26 = "model-context-window-exceeded-2025-08-26",
    SKILLS_2025_10_02 = "skills-2025-10-02",
}

impl AnthropicBeta {
    /// `structured-outputs-2025-11-13`: sent by the structured-output helpers; not in the
    /// Python literal list.
    pub const STRUCTURED_OUTPUTS_2025_11_13: AnthropicBeta =
        AnthropicBeta(Cow::Borrowed("structured-outputs-2025-11-13"));

    /// A beta value by name (any string).
    pub fn new(value: impl Into<String>) -> Self {
        AnthropicBeta(Cow::Owned(value.into()))
    }

    /// The value as sent in the header.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for AnthropicBeta {
    fn from(s: &str) -> Self {
        AnthropicBeta::new(s)
    }
}

impl From<String> for AnthropicBeta {
    fn from(s: String) -> Self {
        AnthropicBeta::new(s)
    }
}

impl AsRef<str> for AnthropicBeta {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for AnthropicBeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
