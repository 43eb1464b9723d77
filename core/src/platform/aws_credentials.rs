//! AWS credentials for Bedrock: explicit keys, the environment, the shared `credentials`
//! and `config` files with profiles, and the container credentials endpoint, resolved in
//! the order boto3 resolves them; and the provider trait a user implements to plug in any
//! other source (the official `aws-config` chain with SSO, assume-role, web identity or
//! instance metadata).
//!
//! The core reads nothing itself: the environment and the files come through two lookups
//! the driver passes in (`env(name)` and `read_file(path)`), so resolution is a pure
//! function of them and tests fake both.
//!
//! # Order (boto3's, for the sources supported here)
//!
//! 1. Explicit access key and secret (and session token), when both key and secret are given.
//! 2. The environment: `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`,
//!    else `AWS_SECURITY_TOKEN`). Skipped when a profile is given explicitly
//!    (`aws_profile`), as boto3 skips it.
//! 3. The shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`, else
//!    `~/.aws/credentials`), section `[<profile>]`.
//! 4. The config file (`AWS_CONFIG_FILE`, else `~/.aws/config`), section
//!    `[profile <profile>]` (or `[default]`).
//! 5. The container credentials endpoint (ECS, Fargate, EKS Pod Identity), when
//!    `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `_FULL_URI` is set: fetched before the
//!    first attempt and refreshed before it expires ([`super::aws_container`]).
//!
//! Explicit keys must come in pairs: an access key without its secret (or the reverse)
//! is an error, not a reason to sign with the environment's identity.
//!
//! The profile is the explicit one, else `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else
//! `default`. A profile that names only a role, SSO or a credential process is not
//! resolved here: the error says so and points to [`AwsCredentialsProvider`].
//!
//! The region follows boto3 too: explicit, else `AWS_REGION`, else `AWS_DEFAULT_REGION`,
//! else the `region` of the environment's profile in the config file (not of an explicit
//! `aws_profile`: Python's region lookup ignores it), else `us-east-1` with a warning.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use super::aws_container::ContainerCredentials;
use super::google_auth::TokenFetch;
use super::options::FileLookup;
use super::{Credential, CredentialStep};
use crate::error::Error;
use crate::secret::Secret;

/// The region used when none is configured anywhere.
pub const DEFAULT_REGION: &str = "us-east-1";

/// A set of AWS credentials. `Debug` shows the access key id only.
#[derive(Clone, PartialEq, Eq)]
pub struct AwsCredentials {
    /// The access key id (`AKIA…`, `ASIA…`): not a secret, it appears in every signature.
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: Secret,
    /// The session token of temporary credentials.
    pub session_token: Option<Secret>,
}

impl AwsCredentials {
    /// Credentials from a key id and secret.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<Secret>) -> Self {
        AwsCredentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: None,
        }
    }

    /// Adds a session token (temporary credentials).
    pub fn session_token(mut self, token: impl Into<Secret>) -> Self {
        self.session_token = Some(token.into());
        self
    }
}

impl fmt::Debug for AwsCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &self.secret_access_key)
            .field("session_token", &self.session_token)
            .finish()
    }
}

/// A source of AWS credentials, asked before every attempt (so rotating credentials are
/// picked up on a retry). Implement it to use another chain, e.g. the official
/// `aws-config` (resolve there, hand the keys out here).
///
/// A source that needs the network (a credentials endpoint) answers
/// [`poll_credentials`](Self::poll_credentials) with the request to send, and takes its
/// response in [`handle_response`](Self::handle_response), as
/// [`ContainerCredentials`] does; the drivers
/// send it. A source that answers from memory implements only `credentials`.
pub trait AwsCredentialsProvider: Send + Sync + fmt::Debug {
    /// The credentials to sign the next attempt with, at wall-clock time `now`. An error
    /// fails the call before anything is sent.
    fn credentials(&self, now: SystemTime) -> Result<AwsCredentials, Error>;

    /// The credentials for the next attempt, or the request that gets them. `files`
    /// reads a file the source names (a token file that is rotated). By default,
    /// [`credentials`](Self::credentials).
    fn poll_credentials(
        &self,
        now: SystemTime,
        files: FileLookup<'_>,
    ) -> Result<CredentialStep, Error> {
        let _ = files;
        Ok(CredentialStep::Ready(Credential::Aws(
            self.credentials(now)?,
        )))
    }

    /// The response to the request `fetch` that the last
    /// [`poll_credentials`](Self::poll_credentials) asked for, received at `now`.
    fn handle_response(
        &self,
        fetch: &TokenFetch,
        status: u16,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), Error> {
        let _ = (fetch, status, body, now);
        Err(Error::Credentials(
            "this AWS credentials source fetches nothing".into(),
        ))
    }
}

/// A fixed result: credentials, or why there are none (reported by every request).
#[derive(Debug, Clone)]
pub struct StaticCredentials(Result<AwsCredentials, String>);

impl StaticCredentials {
    /// Always these credentials.
    pub fn new(credentials: AwsCredentials) -> Self {
        StaticCredentials(Ok(credentials))
    }

    /// The outcome of [`resolve_credentials`].
    pub fn from_resolution(result: Result<AwsCredentials, Error>) -> Self {
        StaticCredentials(result.map_err(|e| e.to_string()))
    }
}

impl AwsCredentialsProvider for StaticCredentials {
    fn credentials(&self, _now: SystemTime) -> Result<AwsCredentials, Error> {
        self.0.clone().map_err(Error::Credentials)
    }
}

/// The explicit settings of a Bedrock client that take part in resolution.
#[derive(Debug, Clone, Default)]
pub struct AwsSettings {
    /// `aws_access_key`.
    pub access_key: Option<String>,
    /// `aws_secret_key`.
    pub secret_key: Option<Secret>,
    /// `aws_session_token`.
    pub session_token: Option<Secret>,
    /// `aws_profile`.
    pub profile: Option<String>,
    /// `aws_region`.
    pub region: Option<String>,
}

/// The credentials source a Bedrock client uses when given none: the keys
/// [`resolve_credentials`] finds, else the container credentials endpoint when the
/// environment names one ([`ContainerCredentials`]), else an error every request reports.
pub fn default_provider(
    settings: &AwsSettings,
    env: &dyn Fn(&str) -> Option<String>,
    read_file: &dyn Fn(&str) -> Option<String>,
) -> Arc<dyn AwsCredentialsProvider> {
    let found = match find_credentials(settings, env, read_file) {
        Ok(Some(credentials)) => Ok(credentials),
        Ok(None) => match ContainerCredentials::from_env(env) {
            Some(Ok(container)) => return Arc::new(container),
            Some(Err(e)) => Err(e),
            None => Err(not_found()),
        },
        Err(e) => Err(e),
    };
    Arc::new(StaticCredentials::from_resolution(found))
}

/// Resolves credentials from the settings, the environment and the shared files (see the
/// module docs for the order; the container endpoint, which needs a request, is
/// [`default_provider`]'s). The error says what was looked at.
pub fn resolve_credentials(
    settings: &AwsSettings,
    env: &dyn Fn(&str) -> Option<String>,
    read_file: &dyn Fn(&str) -> Option<String>,
) -> Result<AwsCredentials, Error> {
    find_credentials(settings, env, read_file)?.ok_or_else(not_found)
}

fn not_found() -> Error {
    Error::Credentials(
        "could not resolve credentials from session: set `aws_access_key` and \
         `aws_secret_key`, the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment \
         variables, a profile in the shared AWS credentials or config file, or a container \
         credentials endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI); for \
         instance metadata, SSO, assume-role or web identity, pass an \
         `AwsCredentialsProvider` (anthropic-platform's `AwsSdkCredentials` adapts the \
         official chain)"
            .into(),
    )
}

/// The keys of the sources that need no request, `None` when none has any.
fn find_credentials(
    settings: &AwsSettings,
    env: &dyn Fn(&str) -> Option<String>,
    read_file: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<AwsCredentials>, Error> {
    match (&settings.access_key, &settings.secret_key) {
        (Some(key), Some(secret)) => {
            let mut credentials = AwsCredentials::new(key.clone(), secret.clone());
            credentials.session_token = settings.session_token.clone();
            return Ok(Some(credentials));
        }
        // Falling through would sign with another identity than the one named.
        (Some(_), None) => {
            return Err(Error::Credentials(
                "`aws_access_key` was given without `aws_secret_key`".into(),
            ));
        }
        (None, Some(_)) => {
            return Err(Error::Credentials(
                "`aws_secret_key` was given without `aws_access_key`".into(),
            ));
        }
        (None, None) => {}
    }
    let nonempty = |name: &str| env(name).filter(|v| !v.is_empty());
    if settings.profile.is_none() {
        if let (Some(key), Some(secret)) = (
            nonempty("AWS_ACCESS_KEY_ID"),
            nonempty("AWS_SECRET_ACCESS_KEY"),
        ) {
            let mut credentials = AwsCredentials::new(key, secret);
            credentials.session_token = nonempty("AWS_SESSION_TOKEN")
                .or_else(|| nonempty("AWS_SECURITY_TOKEN"))
                .map(Secret::new);
            return Ok(Some(credentials));
        }
    }
    let profile = settings
        .profile
        .clone()
        .or_else(|| nonempty("AWS_PROFILE"))
        .or_else(|| nonempty("AWS_DEFAULT_PROFILE"))
        .unwrap_or_else(|| "default".to_owned());
    let (credentials_path, config_path) = file_paths(env);
    let from_credentials_file = credentials_path
        .as_deref()
        .and_then(read_file)
        .map(|text| parse_ini(&text))
        .and_then(|ini| section(&ini, &profile).map(credentials_of));
    if let Some(Some(credentials)) = from_credentials_file {
        return Ok(Some(credentials));
    }
    let config = config_path
        .as_deref()
        .and_then(read_file)
        .map(|text| parse_ini(&text));
    let profile_section = config
        .as_ref()
        .and_then(|ini| config_section(ini, &profile));
    if let Some(found) = profile_section {
        if let Some(credentials) = credentials_of(found) {
            return Ok(Some(credentials));
        }
        let other = [
            "role_arn",
            "sso_session",
            "sso_start_url",
            "credential_process",
        ]
        .into_iter()
        .find(|key| found.iter().any(|(k, _)| k == key));
        if let Some(key) = other {
            return Err(Error::Credentials(format!(
                "could not resolve credentials from session: the AWS profile `{profile}` \
                 uses `{key}`, which this SDK does not resolve itself; pass credentials \
                 explicitly or implement `AwsCredentialsProvider` (for example over the \
                 official aws-config crate)"
            )));
        }
    }
    if settings.profile.is_some() && from_credentials_file.is_none() && profile_section.is_none() {
        return Err(Error::Credentials(format!(
            "could not resolve credentials from session: the AWS profile `{profile}` was not \
             found in the shared credentials or config file"
        )));
    }
    Ok(None)
}

/// The region, and whether it fell back to [`DEFAULT_REGION`] (the caller logs Python's
/// warning "No AWS region specified, defaulting to us-east-1" then).
pub fn resolve_region(
    explicit: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    read_file: &dyn Fn(&str) -> Option<String>,
) -> (String, bool) {
    let nonempty = |name: &str| env(name).filter(|v| !v.is_empty());
    if let Some(region) = explicit
        .map(str::to_owned)
        .or_else(|| nonempty("AWS_REGION"))
        .or_else(|| nonempty("AWS_DEFAULT_REGION"))
    {
        return (region, false);
    }
    let profile = nonempty("AWS_PROFILE")
        .or_else(|| nonempty("AWS_DEFAULT_PROFILE"))
        .unwrap_or_else(|| "default".to_owned());
    let (_, config_path) = file_paths(env);
    let region = config_path
        .as_deref()
        .and_then(read_file)
        .map(|text| parse_ini(&text))
        .and_then(|ini| {
            config_section(&ini, &profile)
                .and_then(|s| value(s, "region"))
                .map(str::to_owned)
        })
        .filter(|r| !r.is_empty());
    match region {
        Some(region) => (region, false),
        None => (DEFAULT_REGION.to_owned(), true),
    }
}

/// The shared credentials and config file paths: `AWS_SHARED_CREDENTIALS_FILE` and
/// `AWS_CONFIG_FILE`, else under `$HOME/.aws/` (`%USERPROFILE%` when `HOME` is unset).
/// A leading `~/` in a configured path is expanded the same way.
pub fn file_paths(env: &dyn Fn(&str) -> Option<String>) -> (Option<String>, Option<String>) {
    let home = env("HOME")
        .filter(|h| !h.is_empty())
        .or_else(|| env("USERPROFILE").filter(|h| !h.is_empty()));
    let expand = |path: String| match (path.strip_prefix("~/"), &home) {
        (Some(rest), Some(home)) => format!("{}/{rest}", home.trim_end_matches('/')),
        _ => path,
    };
    let default = |file: &str| {
        home.as_ref()
            .map(|h| format!("{}/.aws/{file}", h.trim_end_matches('/')))
    };
    let credentials = env("AWS_SHARED_CREDENTIALS_FILE")
        .filter(|p| !p.is_empty())
        .map(expand)
        .or_else(|| default("credentials"));
    let config = env("AWS_CONFIG_FILE")
        .filter(|p| !p.is_empty())
        .map(expand)
        .or_else(|| default("config"));
    (credentials, config)
}

type Section = Vec<(String, String)>;

/// Parses the INI dialect of the AWS files: `[section]` headers, `key = value` lines,
/// whole-line comments (`#`, `;`), and indented sub-properties (`s3 =` then indented
/// lines), which are skipped. Later duplicate sections and keys win, as in botocore.
pub fn parse_ini(text: &str) -> Vec<(String, Section)> {
    let mut sections: Vec<(String, Section)> = Vec::new();
    let mut current: Option<usize> = None;
    for raw in text.lines() {
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            continue; // a sub-property of a nested key
        }
        if let Some(name) = trimmed
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            let name = name.trim().to_owned();
            current = Some(match sections.iter().position(|(n, _)| *n == name) {
                Some(i) => i,
                None => {
                    sections.push((name, Vec::new()));
                    sections.len() - 1
                }
            });
            continue;
        }
        let (Some(index), Some((key, value))) = (current, trimmed.split_once('=')) else {
            continue;
        };
        let (key, value) = (key.trim().to_owned(), value.trim().to_owned());
        let entries = &mut sections[index].1;
        entries.retain(|(k, _)| *k != key);
        entries.push((key, value));
    }
    sections
}

fn section<'a>(ini: &'a [(String, Section)], name: &str) -> Option<&'a Section> {
    ini.iter().find(|(n, _)| n == name).map(|(_, s)| s)
}

/// A profile's section in the config file: `[profile NAME]`, or `[default]` for the
/// default profile (`[profile default]` too).
fn config_section<'a>(ini: &'a [(String, Section)], profile: &str) -> Option<&'a Section> {
    let prefixed = ini.iter().find(|(n, _)| {
        n.strip_prefix("profile")
            .is_some_and(|rest| rest.starts_with([' ', '\t']) && rest.trim() == profile)
    });
    prefixed.map(|(_, s)| s).or_else(|| {
        (profile == "default")
            .then(|| section(ini, "default"))
            .flatten()
    })
}

fn value<'a>(section: &'a Section, key: &str) -> Option<&'a str> {
    section
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn credentials_of(section: &Section) -> Option<AwsCredentials> {
    let key = value(section, "aws_access_key_id").filter(|v| !v.is_empty())?;
    let secret = value(section, "aws_secret_access_key").filter(|v| !v.is_empty())?;
    let mut credentials = AwsCredentials::new(key, secret);
    credentials.session_token = value(section, "aws_session_token")
        .or_else(|| value(section, "aws_security_token"))
        .filter(|v| !v.is_empty())
        .map(Secret::new);
    Some(credentials)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    const CREDENTIALS: &str = "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = secret-default\n\n\
        # a comment\n[work]\naws_access_key_id=AKIDWORK\naws_secret_access_key=secret-work\naws_session_token = tok-work\n";
    const CONFIG: &str = "[default]\nregion = eu-west-1\n[profile cfg]\nregion = ap-south-1\n\
        aws_access_key_id = AKIDCFG\naws_secret_access_key = secret-cfg\ns3 =\n  max_concurrent_requests = 2\n\
        [profile role]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\n";

    fn files(path: &str) -> Option<String> {
        match path {
            "/home/u/.aws/credentials" => Some(CREDENTIALS.into()),
            "/home/u/.aws/config" => Some(CONFIG.into()),
            _ => None,
        }
    }

    #[test]
    fn explicit_then_env_then_files() {
        let explicit = AwsSettings {
            access_key: Some("AKIDX".into()),
            secret_key: Some("sx".into()),
            session_token: Some("tx".into()),
            ..Default::default()
        };
        let env = lookup(&[
            ("HOME", "/home/u"),
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "secret-env"),
            ("AWS_SESSION_TOKEN", "tok-env"),
        ]);
        let c = resolve_credentials(&explicit, &env, &files).unwrap();
        assert_eq!(c.access_key_id, "AKIDX");
        assert_eq!(c.session_token.unwrap().expose(), "tx");
        let c = resolve_credentials(&AwsSettings::default(), &env, &files).unwrap();
        assert_eq!(c.access_key_id, "AKIDENV");
        assert_eq!(c.session_token.unwrap().expose(), "tok-env");
        // An explicit profile skips the environment's keys.
        let work = AwsSettings {
            profile: Some("work".into()),
            ..Default::default()
        };
        let c = resolve_credentials(&work, &env, &files).unwrap();
        assert_eq!(c.access_key_id, "AKIDWORK");
        assert_eq!(c.session_token.unwrap().expose(), "tok-work");
        let home = lookup(&[("HOME", "/home/u")]);
        let c = resolve_credentials(&AwsSettings::default(), &home, &files).unwrap();
        assert_eq!(c.access_key_id, "AKIDDEFAULT");
        assert!(c.session_token.is_none());
        let env = lookup(&[("HOME", "/home/u"), ("AWS_PROFILE", "cfg")]);
        let c = resolve_credentials(&AwsSettings::default(), &env, &files).unwrap();
        assert_eq!(c.access_key_id, "AKIDCFG");
    }

    #[test]
    fn unresolvable_credentials_say_why() {
        let none = lookup(&[]);
        let e = resolve_credentials(&AwsSettings::default(), &none, &|_| None).unwrap_err();
        assert!(matches!(e, Error::Credentials(_)));
        assert!(
            e.to_string()
                .starts_with("could not resolve credentials from session"),
            "{e}"
        );
        let env = lookup(&[("HOME", "/home/u"), ("AWS_PROFILE", "role")]);
        let e = resolve_credentials(&AwsSettings::default(), &env, &files).unwrap_err();
        assert!(e.to_string().contains("role_arn"), "{e}");
        let missing = AwsSettings {
            profile: Some("nope".into()),
            ..Default::default()
        };
        let e = resolve_credentials(&missing, &lookup(&[("HOME", "/home/u")]), &files).unwrap_err();
        assert!(e.to_string().contains("`nope` was not found"), "{e}");
        assert!(!format!("{e:?}").contains("secret"));
    }

    #[test]
    fn region_order() {
        let (r, fell_back) = resolve_region(Some("us-west-2"), &lookup(&[]), &files);
        assert_eq!((r.as_str(), fell_back), ("us-west-2", false));
        let env = lookup(&[("AWS_REGION", "r1"), ("AWS_DEFAULT_REGION", "r2")]);
        assert_eq!(resolve_region(None, &env, &files).0, "r1");
        let env = lookup(&[("AWS_DEFAULT_REGION", "r2")]);
        assert_eq!(resolve_region(None, &env, &files).0, "r2");
        let env = lookup(&[("HOME", "/home/u")]);
        assert_eq!(resolve_region(None, &env, &files).0, "eu-west-1");
        let env = lookup(&[("HOME", "/home/u"), ("AWS_PROFILE", "cfg")]);
        assert_eq!(resolve_region(None, &env, &files).0, "ap-south-1");
        let (r, fell_back) = resolve_region(None, &lookup(&[]), &files);
        assert_eq!((r.as_str(), fell_back), ("us-east-1", true));
    }

    #[test]
    fn file_paths_from_env() {
        let env = lookup(&[("HOME", "/h/"), ("AWS_SHARED_CREDENTIALS_FILE", "~/creds")]);
        assert_eq!(
            file_paths(&env),
            (Some("/h/creds".into()), Some("/h/.aws/config".into()))
        );
        assert_eq!(file_paths(&lookup(&[])), (None, None));
    }

    #[test]
    fn debug_hides_the_secret() {
        let c = AwsCredentials::new("AKID", "very-secret").session_token("tok-secret");
        let shown = format!("{c:?}");
        assert!(
            shown.contains("AKID")
                && !shown.contains("very-secret")
                && !shown.contains("tok-secret"),
            "{shown}"
        );
    }
}
