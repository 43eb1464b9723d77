//! The project id from the metadata server of a Google Cloud machine, the last fallback of
//! a Vertex client's project (google-auth's `_get_gce_project_id`, which
//! `google.auth.default()` runs when the credentials come from the metadata server):
//! `GET http://{host}/computeMetadata/v1/project/project-id` with `Metadata-Flavor:
//! Google`, answered with the id as plain text. The host is `metadata.google.internal`,
//! or `GCE_METADATA_HOST` (else the older `GCE_METADATA_ROOT`), as for the token.
//!
//! Sans-IO like the token sources: [`MetadataProject::request`] is the request a driver
//! sends (through the credential steps of [`super::Platform`], before the first attempt
//! of a call that needs the project), [`MetadataProject::handle_response`] takes its
//! answer. Only a 200 with a plausible id sets the project; any other answer leaves it
//! unknown for good (google-auth turns a failed lookup into "no project" too), and calls
//! then fail with Python's "No project_id was given…" error. A request that could not be
//! sent at all (no answer) leaves the lookup to the next call.

use std::sync::Mutex;

use super::google_auth::TokenFetch;
use crate::error::Error;

/// The path of the project id on the metadata server.
pub const PROJECT_ID_PATH: &str = "/computeMetadata/v1/project/project-id";
/// The longest project id accepted (Google's ids are at most 30 characters; domain-scoped
/// ones, `example.com:my-project`, are longer).
pub const MAX_PROJECT_ID: usize = 256;

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Unknown,
    Known(String),
    Absent,
}

/// The project id of the machine, looked up once from its metadata server.
#[derive(Debug)]
pub struct MetadataProject {
    host: String,
    state: Mutex<State>,
}

impl MetadataProject {
    /// The lookup on the server at `host` (`metadata.google.internal`, or
    /// `GCE_METADATA_HOST`), not yet made.
    pub fn new(host: impl Into<String>) -> Self {
        MetadataProject {
            host: host.into(),
            state: Mutex::new(State::Unknown),
        }
    }

    /// The project id, once the server gave one.
    pub fn project_id(&self) -> Option<String> {
        match &*self.state.lock().unwrap_or_else(|e| e.into_inner()) {
            State::Known(id) => Some(id.clone()),
            _ => None,
        }
    }

    /// Whether the server has not been asked (successfully) yet.
    pub fn is_pending(&self) -> bool {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) == State::Unknown
    }

    /// The request to send.
    pub fn request(&self) -> Result<TokenFetch, Error> {
        let request = http::Request::get(format!("http://{}{PROJECT_ID_PATH}", self.host))
            .header("metadata-flavor", "Google")
            .body(Vec::new())
            .map_err(|e| Error::Credentials(format!("invalid metadata server URL: {e}")))?;
        Ok(TokenFetch {
            request,
            direct: false,
        })
    }

    /// Whether `fetch` is this lookup's request (and not a token request).
    pub fn is_request(&self, fetch: &TokenFetch) -> bool {
        fetch.request.uri().path() == PROJECT_ID_PATH
            && fetch.request.uri().authority().map(|a| a.as_str()) == Some(self.host.as_str())
    }

    /// Takes the server's answer: a 200 whose body (trimmed) is a plausible id sets the
    /// project; anything else means the machine names none.
    pub fn handle_response(&self, status: u16, body: &[u8]) {
        let id = std::str::from_utf8(body).map(str::trim).unwrap_or("");
        let plausible = !id.is_empty()
            && id.len() <= MAX_PROJECT_ID
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b':' | b'_'));
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        *state = if status == 200 && plausible {
            State::Known(id.to_owned())
        } else {
            State::Absent
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_and_what_answers_set() {
        let project = MetadataProject::new("127.0.0.1:9");
        assert!(project.is_pending());
        let fetch = project.request().unwrap();
        assert_eq!(
            fetch.request.uri().to_string(),
            "http://127.0.0.1:9/computeMetadata/v1/project/project-id"
        );
        assert_eq!(fetch.request.headers()["metadata-flavor"], "Google");
        assert!(project.is_request(&fetch));
        let token = MetadataProject::new("127.0.0.1:9");
        let other = http::Request::get(
            "http://127.0.0.1:9/computeMetadata/v1/instance/service-accounts/default/token",
        )
        .body(Vec::new())
        .unwrap();
        assert!(!token.is_request(&TokenFetch {
            request: other,
            direct: false,
        }));

        project.handle_response(200, b"my-project-123\n");
        assert_eq!(project.project_id().as_deref(), Some("my-project-123"));
        assert!(!project.is_pending());

        for (status, body) in [
            (404, &b"my-project"[..]),
            (200, b""),
            (200, b"  \n"),
            (200, b"<html>not a project</html>"),
            (200, &[0xff, 0xfe][..]),
        ] {
            let p = MetadataProject::new("h");
            p.handle_response(status, body);
            assert_eq!(p.project_id(), None, "{status} {body:?}");
            assert!(!p.is_pending());
        }
        let long = MetadataProject::new("h");
        long.handle_response(200, "p".repeat(MAX_PROJECT_ID + 1).as_bytes());
        assert_eq!(long.project_id(), None);
    }
}
