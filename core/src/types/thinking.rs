//! Adaptive thinking (newer than Python 0.76.0): `{"type": "adaptive"}` lets the model
//! decide how much to think, with `output_config.effort` as the dial, instead of a fixed
//! `budget_tokens`.

use serde::{Deserialize, Serialize};

use super::extra::Extra;

string_enum! {
    /// How thinking is shown in the response.
    pub enum ThinkingDisplay {
        /// `summarized`: thinking blocks hold a summary.
        Summarized = "summarized",
        /// `omitted`: thinking blocks hold no text (the signature still comes).
        Omitted = "omitted",
    }
}

/// `{"type": "adaptive", "display"?}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ThinkingAdaptive {
    /// How thinking is shown; the API's default when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<ThinkingDisplay>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}
