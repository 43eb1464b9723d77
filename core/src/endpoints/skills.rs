//! Skills and skill versions (beta): `/v1/skills`, with the `skills-2025-10-02` beta value
//! after the user's.
//!
//! Uploads are multipart: `display_title` (when set and not empty) and one `files[]` part per file with
//! its name as given. Python also sends stray `files[][]` text fields holding the file
//! tuples; we do not.

use http::Method;

use crate::error::Error;
use crate::multipart::{FileUpload, Form};
use crate::pagination::PageCursor;
use crate::request::Call;
use crate::request::url::path_param;
use crate::types::{
    AnthropicBeta, DeletedObject, Skill, SkillCreateParams, SkillListParams, SkillVersion,
};

/// The `anthropic-beta` value every Skills call carries.
pub const SKILLS_BETA: &str = "skills-2025-10-02";

fn call<T>(method: Method, path: String, name: &'static str, betas: &[AnthropicBeta]) -> Call<T> {
    Call::new(method, path, name)
        .beta(true)
        .betas_with(betas, SKILLS_BETA)
}

fn skill_path(skill_id: &str, tail: &str) -> Result<String, Error> {
    Ok(format!(
        "/v1/skills/{}{tail}",
        path_param("skill_id", skill_id)?
    ))
}

fn version_path(skill_id: &str, version: &str) -> Result<String, Error> {
    let skill = skill_path(skill_id, "/versions/")?;
    Ok(format!("{skill}{}", path_param("version", version)?))
}

fn files_form(form: Form, files: &[FileUpload]) -> Form {
    files
        .iter()
        .fold(form, |form, file| form.file("files[]", file.clone()))
}

fn cursor_query<T>(call: Call<T>, params: &SkillListParams, with_source: bool) -> Call<T> {
    let call = call
        .query_param("limit", params.limit)
        .query_param("page", params.page.as_ref());
    if with_source {
        call.query_param("source", params.source.as_ref())
    } else {
        call
    }
}

/// `skills.create`.
pub fn create(params: &SkillCreateParams) -> Call<Skill> {
    let mut form = Form::new();
    if let Some(title) = &params.display_title {
        form = form.text("display_title", title.clone());
    }
    call(Method::POST, "/v1/skills".into(), "Skill", &params.betas)
        .form_body(files_form(form, &params.files))
}

/// `skills.retrieve`: `betas` are sent before [`SKILLS_BETA`].
pub fn retrieve(skill_id: &str, betas: &[AnthropicBeta]) -> Result<Call<Skill>, Error> {
    Ok(call(Method::GET, skill_path(skill_id, "")?, "Skill", betas))
}

/// `skills.list`: one page (cursor pages).
pub fn list(params: &SkillListParams) -> Call<PageCursor<Skill>> {
    cursor_query(
        call(
            Method::GET,
            "/v1/skills".into(),
            "PageCursor<Skill>",
            &params.betas,
        ),
        params,
        true,
    )
}

/// `skills.delete` (the API refuses while the skill has versions): `betas` are sent
/// before [`SKILLS_BETA`].
pub fn delete(skill_id: &str, betas: &[AnthropicBeta]) -> Result<Call<DeletedObject>, Error> {
    Ok(call(
        Method::DELETE,
        skill_path(skill_id, "")?,
        "DeletedObject",
        betas,
    ))
}

/// `skills.versions.create`: only the `files[]` parts; `betas` are sent before
/// [`SKILLS_BETA`].
pub fn create_version(
    skill_id: &str,
    files: &[FileUpload],
    betas: &[AnthropicBeta],
) -> Result<Call<SkillVersion>, Error> {
    Ok(call(
        Method::POST,
        skill_path(skill_id, "/versions")?,
        "SkillVersion",
        betas,
    )
    .form_body(files_form(Form::new(), files)))
}

/// `skills.versions.retrieve` (checks `skill_id`, then `version`, as Python does):
/// `betas` are sent before [`SKILLS_BETA`].
pub fn retrieve_version(
    skill_id: &str,
    version: &str,
    betas: &[AnthropicBeta],
) -> Result<Call<SkillVersion>, Error> {
    Ok(call(
        Method::GET,
        version_path(skill_id, version)?,
        "SkillVersion",
        betas,
    ))
}

/// `skills.versions.list`: one page (cursor pages; `source` is not sent).
pub fn list_versions(
    skill_id: &str,
    params: &SkillListParams,
) -> Result<Call<PageCursor<SkillVersion>>, Error> {
    Ok(cursor_query(
        call(
            Method::GET,
            skill_path(skill_id, "/versions")?,
            "PageCursor<SkillVersion>",
            &params.betas,
        ),
        params,
        false,
    ))
}

/// `skills.versions.delete`: `betas` are sent before [`SKILLS_BETA`].
pub fn delete_version(
    skill_id: &str,
    version: &str,
    betas: &[AnthropicBeta],
) -> Result<Call<DeletedObject>, Error> {
    Ok(call(
        Method::DELETE,
        version_path(skill_id, version)?,
        "DeletedObject",
        betas,
    ))
}
