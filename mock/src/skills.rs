//! Skills and skill versions in memory (`/v1/skills`, `/v1/skills/{id}/versions`).
//!
//! An upload is a multipart form of `files[]` parts (plus `display_title` for a new skill)
//! whose filenames share one top directory holding a `SKILL.md`; its front matter's `name`
//! and `description` become the version's. A skill with versions cannot be deleted (as in
//! the API): delete its versions first.

use serde_json::{Value, json};

use crate::capture::CapturedRequest;
use crate::multipart::Part;
use crate::script::MockResponse;
use crate::store::{CREATED_AT, Store, cursor_page, invalid, lock, not_found};

/// One stored skill with its versions (oldest first).
pub(crate) struct Skill {
    id: String,
    display_title: Option<String>,
    versions: Vec<Value>,
}

impl Skill {
    fn json(&self) -> Value {
        json!({
            "id": self.id,
            "type": "skill",
            "source": "custom",
            "display_title": self.display_title,
            "latest_version": self.versions.last().map(|v| v["version"].clone()),
            "created_at": CREATED_AT,
            "updated_at": CREATED_AT,
        })
    }
}

pub(crate) fn handle(store: &Store, request: &CapturedRequest) -> MockResponse {
    let rest = request.path_only().trim_start_matches("/v1/skills");
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    match (request.method.as_str(), segments.as_slice()) {
        ("POST", []) => create(store, request),
        ("GET", []) => {
            let source = request.query("source");
            if source.as_deref() == Some("anthropic") {
                return cursor_page(&[], request);
            }
            let skills = lock(&store.skills);
            let all: Vec<Value> = skills.iter().rev().map(Skill::json).collect();
            cursor_page(&all, request)
        }
        ("GET", [id]) => with_skill(store, id, |skill| MockResponse::json(200, skill.json())),
        ("DELETE", [id]) => {
            let mut skills = lock(&store.skills);
            let Some(at) = skills.iter().position(|s| s.id == *id) else {
                return not_found("skill", id);
            };
            if !skills[at].versions.is_empty() {
                return invalid(&format!(
                    "Skill {id} has versions; delete them before deleting the skill."
                ));
            }
            skills.remove(at);
            MockResponse::json(200, json!({"id": id, "type": "skill_deleted"}))
        }
        ("POST", [id, "versions"]) => {
            let parts = match crate::multipart::parse(request) {
                Ok(p) => p,
                Err(e) => return invalid(&e),
            };
            let n = store.next_id();
            with_skill(store, id, |skill| match version(&skill.id, &parts, n) {
                Ok(v) => {
                    skill.versions.push(v.clone());
                    MockResponse::json(200, v)
                }
                Err(e) => invalid(&e),
            })
        }
        ("GET", [id, "versions"]) => with_skill(store, id, |skill| {
            let all: Vec<Value> = skill.versions.iter().rev().cloned().collect();
            cursor_page(&all, request)
        }),
        ("GET", [id, "versions", v]) => with_skill(store, id, |skill| {
            match skill.versions.iter().find(|x| x["version"] == *v) {
                Some(found) => MockResponse::json(200, found.clone()),
                None => not_found("skill version", v),
            }
        }),
        ("DELETE", [id, "versions", v]) => with_skill(store, id, |skill| {
            match skill.versions.iter().position(|x| x["version"] == *v) {
                Some(at) => {
                    let gone = skill.versions.remove(at);
                    MockResponse::json(
                        200,
                        json!({"id": gone["id"], "type": "skill_version_deleted"}),
                    )
                }
                None => not_found("skill version", v),
            }
        }),
        _ => MockResponse::error(404, "not_found_error", "Not found"),
    }
}

fn with_skill(store: &Store, id: &str, f: impl FnOnce(&mut Skill) -> MockResponse) -> MockResponse {
    let mut skills = lock(&store.skills);
    match skills.iter_mut().find(|s| s.id == id) {
        Some(skill) => f(skill),
        None => not_found("skill", id),
    }
}

fn create(store: &Store, request: &CapturedRequest) -> MockResponse {
    let parts = match crate::multipart::parse(request) {
        Ok(p) => p,
        Err(e) => return invalid(&e),
    };
    if parts
        .iter()
        .any(|p| p.name != "files[]" && p.name != "display_title")
    {
        return invalid("unexpected form field: only `display_title` and `files[]` are accepted");
    }
    let display_title = parts
        .iter()
        .find(|p| p.name == "display_title")
        .map(|p| String::from_utf8_lossy(&p.body).into_owned());
    let id = format!("skill_mock_{:04}", store.next_id());
    let first = match version(&id, &parts, store.next_id()) {
        Ok(v) => v,
        Err(e) => return invalid(&e),
    };
    let skill = Skill {
        id,
        display_title,
        versions: vec![first],
    };
    let answer = skill.json();
    lock(&store.skills).push(skill);
    MockResponse::json(200, answer)
}

/// A version from the uploaded `files[]` parts, or why they are not a skill.
fn version(skill_id: &str, parts: &[Part], n: u64) -> Result<Value, String> {
    let files: Vec<&Part> = parts.iter().filter(|p| p.name == "files[]").collect();
    if files.is_empty() {
        return Err("files: at least one file is required".into());
    }
    let mut directory = None;
    let mut skill_md = None;
    for file in &files {
        let name = file
            .filename
            .as_deref()
            .ok_or("files[]: a part without a filename")?;
        let (top, rest) = name
            .split_once('/')
            .ok_or_else(|| format!("{name}: files must be inside the skill's directory"))?;
        if directory.get_or_insert(top) != &top {
            return Err("all files must share one top-level directory".into());
        }
        if rest == "SKILL.md" {
            skill_md = Some(String::from_utf8_lossy(&file.body).into_owned());
        }
    }
    let skill_md = skill_md.ok_or("SKILL.md file must be exactly in the top-level folder.")?;
    let field = |key: &str| {
        skill_md
            .lines()
            .find_map(|l| l.strip_prefix(key).map(|v| v.trim().to_owned()))
    };
    Ok(json!({
        "id": format!("skillver_mock_{n:04}"),
        "type": "skill_version",
        "skill_id": skill_id,
        "version": format!("{}", 1_759_178_010_000_000u64 + n),
        "name": field("name:").unwrap_or_else(|| directory.unwrap_or_default().to_owned()),
        "description": field("description:").unwrap_or_default(),
        "directory": directory,
        "created_at": CREATED_AT,
    }))
}
