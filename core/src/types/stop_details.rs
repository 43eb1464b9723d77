//! `stop_details` (newer than Python 0.76.0): why the model stopped, beyond `stop_reason`.
//! Today the API sends it for refusals (which policy category, and an explanation).

use serde::{Deserialize, Serialize};

use super::extra::Extra;

tagged_enum! {
    /// The details of a stop, by kind.
    pub enum StopDetails {
        /// `{"type": "refusal", "category", "explanation"}`
        Refusal(RefusalStopDetails) = "refusal",
    }
}

string_enum! {
    /// The policy category that triggered a refusal.
    pub enum RefusalCategory {
        /// `cyber`
        Cyber = "cyber",
        /// `bio`
        Bio = "bio",
        /// `frontier_llm`
        FrontierLlm = "frontier_llm",
        /// `reasoning_extraction`
        ReasoningExtraction = "reasoning_extraction",
        /// `general_harms`
        GeneralHarms = "general_harms",
    }
}

/// The details of a `refusal` stop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RefusalStopDetails {
    /// The policy category, if the API names one.
    #[serde(default)]
    pub category: Option<RefusalCategory>,
    /// A human-readable explanation, if any.
    #[serde(default)]
    pub explanation: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}
