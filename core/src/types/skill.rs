//! Skills and skill versions (beta, `skills-2025-10-02`).

use serde::{Deserialize, Serialize};

use super::beta::AnthropicBeta;
use super::extra::Extra;
use crate::multipart::FileUpload;

/// A skill (the answer of create, retrieve and list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Skill {
    /// The skill id.
    pub id: String,
    /// Always `skill`.
    #[serde(rename = "type", default)]
    pub r#type: String,
    /// `custom` (made by you) or `anthropic`.
    #[serde(default)]
    pub source: String,
    /// Its title.
    #[serde(default)]
    pub display_title: Option<String>,
    /// The newest version, if any.
    #[serde(default)]
    pub latest_version: Option<String>,
    /// When it was created (as sent).
    #[serde(default)]
    pub created_at: String,
    /// When it was last updated (as sent).
    #[serde(default)]
    pub updated_at: String,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
    /// The `request-id` response header (not part of the body).
    #[serde(skip)]
    pub request_id: Option<String>,
}

/// A version of a skill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillVersion {
    /// The version's id.
    pub id: String,
    /// Always `skill_version`.
    #[serde(rename = "type", default)]
    pub r#type: String,
    /// The skill it belongs to.
    #[serde(default)]
    pub skill_id: String,
    /// The version (a timestamp-like string).
    #[serde(default)]
    pub version: String,
    /// The name from its `SKILL.md`.
    #[serde(default)]
    pub name: String,
    /// The description from its `SKILL.md`.
    #[serde(default)]
    pub description: String,
    /// The top-level directory of its files.
    #[serde(default)]
    pub directory: String,
    /// When it was created (as sent).
    #[serde(default)]
    pub created_at: String,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
    /// The `request-id` response header (not part of the body).
    #[serde(skip)]
    pub request_id: Option<String>,
}

/// The answer of a skill or skill version delete: `{id, type}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DeletedObject {
    /// The deleted object's id.
    pub id: String,
    /// `skill_deleted` or `skill_version_deleted`.
    #[serde(rename = "type", default)]
    pub r#type: String,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
    /// The `request-id` response header (not part of the body).
    #[serde(skip)]
    pub request_id: Option<String>,
}

crate::response::response_body!(Skill, SkillVersion, DeletedObject);

/// `POST /v1/skills`: a title and the skill's files, whose names share one top-level
/// directory holding `SKILL.md` (`my-skill/SKILL.md`, `my-skill/tool.py`).
#[derive(Debug, Clone, Default)]
pub struct SkillCreateParams {
    /// The title (sent as `display_title`, left out when `None`).
    pub display_title: Option<String>,
    /// The files, each sent as a `files[]` part with its name as given.
    pub files: Vec<FileUpload>,
    /// Values for the `anthropic-beta` header, before `skills-2025-10-02`.
    pub betas: Vec<AnthropicBeta>,
}

impl SkillCreateParams {
    /// A skill made of these files.
    pub fn new(files: impl IntoIterator<Item = FileUpload>) -> Self {
        SkillCreateParams {
            files: files.into_iter().collect(),
            ..Default::default()
        }
    }

    /// Sets the title.
    pub fn display_title(mut self, title: impl Into<String>) -> Self {
        self.display_title = Some(title.into());
        self
    }
}

/// Query parameters of `GET /v1/skills` and `GET /v1/skills/{id}/versions` (`source`
/// applies to skills only). See [`crate::pagination::PageCursor`] for paging on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SkillListParams {
    /// Items per page.
    pub limit: Option<u32>,
    /// The page token from a previous page's `next_page`.
    pub page: Option<String>,
    /// `custom` or `anthropic` (skills only).
    pub source: Option<String>,
    /// Values for the `anthropic-beta` header, before `skills-2025-10-02`.
    pub betas: Vec<AnthropicBeta>,
}

impl SkillListParams {
    /// No filter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Items per page.
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Only skills from this source (`custom`, `anthropic`).
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }
}
