//! Compaction (beta, newer than Python 0.76.0): when server-side context management
//! compacts a long conversation, the response carries a `compaction` block holding the
//! summary (and, encrypted, what the model needs to continue), streamed as one
//! `compaction_delta`, and the turn may stop with `stop_reason: "compaction"`. The block
//! is sent back unchanged in the next request, like a thinking block.

use serde::{Deserialize, Serialize};

use super::cache::CacheControl;
use super::extra::Extra;

/// `compaction` block: the summary that replaces the compacted part of the conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CompactionBlock {
    /// The summary text (`null` while it streams, before its delta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// The opaque state the model continues from; send it back as received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted_content: Option<String>,
    /// A cache breakpoint (requests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<CacheControl>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `compaction_delta`: the content of a streamed `compaction` block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CompactionDelta {
    /// Summary text, appended to the block's.
    #[serde(default)]
    pub content: Option<String>,
    /// The opaque state; replaces the block's when present.
    #[serde(default)]
    pub encrypted_content: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CompactionBlock {
    /// Applies a streamed delta: `content` is appended, `encrypted_content` replaces.
    pub fn apply(&mut self, delta: &CompactionDelta) {
        if let Some(content) = &delta.content {
            self.content
                .get_or_insert_with(String::new)
                .push_str(content);
        }
        if let Some(encrypted) = &delta.encrypted_content {
            self.encrypted_content = Some(encrypted.clone());
        }
    }
}
