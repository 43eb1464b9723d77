//! Prompt-caching breakpoints (`cache_control`).

use serde::{Deserialize, Serialize};

use super::extra::Extra;

string_enum! {
    /// The kind of cache breakpoint; the API knows only `ephemeral`.
    #[derive(Default)]
    pub enum CacheControlType {
        /// `ephemeral`
        #[default]
        Ephemeral = "ephemeral",
    }
}

string_enum! {
    /// How long a cache entry lives.
    pub enum CacheTtl {
        /// `5m`: five minutes (the default).
        FiveMinutes = "5m",
        /// `1h`: one hour.
        OneHour = "1h",
    }
}

/// A cache breakpoint: `{"type": "ephemeral", "ttl"?: "5m" | "1h"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CacheControl {
    /// Always `ephemeral` today.
    #[serde(rename = "type")]
    pub r#type: CacheControlType,
    /// The time to live; the API's default (5 minutes) when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ttl: Option<CacheTtl>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CacheControl {
    /// `{"type": "ephemeral"}`.
    pub fn ephemeral() -> Self {
        Self::default()
    }

    /// `{"type": "ephemeral", "ttl": ttl}`.
    pub fn ephemeral_with_ttl(ttl: CacheTtl) -> Self {
        Self {
            ttl: Some(ttl),
            ..Self::default()
        }
    }
}
