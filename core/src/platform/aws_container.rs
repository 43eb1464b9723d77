//! AWS credentials from the container credentials endpoint, the source botocore's
//! default chain ends with on ECS, Fargate and EKS Pod Identity (its `ContainerProvider`),
//! sans-IO: the source answers with keys it holds or with the request that fetches them;
//! the driver sends it and hands the response back.
//!
//! # Configuration (the environment, read once when the client is built)
//!
//! - `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`: the endpoint is
//!   `http://169.254.170.2{relative}` (ECS). It wins over the full URI, as in botocore.
//! - `AWS_CONTAINER_CREDENTIALS_FULL_URI`: the endpoint as given, if it is `https`, or
//!   `http` to a loopback address or one of ECS's and EKS's hosts (`169.254.170.2`,
//!   `169.254.170.23`, `fd00:ec2::23`, `localhost`); any other host is refused with
//!   botocore's message.
//! - `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (EKS Pod Identity), else
//!   `AWS_CONTAINER_AUTHORIZATION_TOKEN`: sent as the `Authorization` header. The file is
//!   read again for every fetch, as botocore reads it, because the platform rotates it;
//!   a token with a line break is refused (botocore: "Auth token value is not a legal
//!   header value").
//!
//! # Fetch and refresh
//!
//! `GET <endpoint>` with `Accept: application/json`; the answer's `AccessKeyId`,
//! `SecretAccessKey`, `Token` and `Expiration` (RFC 3339) are held until [`REFRESH_MARGIN`]
//! before that expiry (botocore's advisory refresh, 15 minutes), then fetched again
//! before the next attempt. A failed fetch fails the call before anything is sent, with
//! [`Error::Credentials`]; botocore also tries a failed fetch three times, one second
//! apart, which a driver that sends one request per step does not.

use core::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Deserialize;

use super::aws_credentials::{AwsCredentials, AwsCredentialsProvider};
use super::google_auth::TokenFetch;
use super::options::{EnvLookup, FileLookup};
use super::refresh::{self, Cache};
use super::{Credential, CredentialStep};
use crate::error::Error;
use crate::secret::Secret;

/// How long before their expiry held credentials are fetched again.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(15 * 60);

/// The ECS endpoint host a relative URI is appended to.
const ECS_HOST: &str = "169.254.170.2";
/// The hosts an `http` full URI may name besides a loopback address (botocore's list).
const ALLOWED_HOSTS: [&str; 4] = [
    "169.254.170.2",
    "169.254.170.23",
    "fd00:ec2::23",
    "localhost",
];

/// Where the `Authorization` header's value comes from.
#[derive(Debug, Clone)]
enum AuthToken {
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`: read for every fetch.
    File(String),
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
    Value(Secret),
}

/// Credentials from the container credentials endpoint (see the module docs).
#[derive(Debug)]
pub struct ContainerCredentials {
    uri: String,
    token: Option<AuthToken>,
    cache: Cache<AwsCredentials>,
}

impl ContainerCredentials {
    /// The source the environment configures: `None` when neither
    /// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` nor `AWS_CONTAINER_CREDENTIALS_FULL_URI`
    /// is set; an error when the full URI names a host credentials may not come from.
    pub fn from_env(env: EnvLookup<'_>) -> Option<Result<Self, Error>> {
        let uri = match env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            Some(relative) => format!("http://{ECS_HOST}{relative}"),
            None => env("AWS_CONTAINER_CREDENTIALS_FULL_URI")?,
        };
        // The URI built from a relative one is checked too, as botocore checks every URI
        // it fetches: `@host/…` would make it another host's.
        if let Err(e) = check_full_uri(&uri) {
            return Some(Err(e));
        }
        let token = match env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            Some(path) => Some(AuthToken::File(path)),
            None => env("AWS_CONTAINER_AUTHORIZATION_TOKEN").map(|t| AuthToken::Value(t.into())),
        };
        Some(Ok(ContainerCredentials {
            uri,
            token,
            cache: Cache::new(REFRESH_MARGIN),
        }))
    }

    fn request(&self, files: FileLookup<'_>) -> Result<TokenFetch, Error> {
        let mut request = http::Request::get(&self.uri).header("accept", "application/json");
        if let Some(token) = &self.token {
            let token = match token {
                AuthToken::Value(token) => token.clone(),
                AuthToken::File(path) => Secret::new(files(path).ok_or_else(|| {
                    Error::Credentials(format!(
                        "could not read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ({path})"
                    ))
                })?),
            };
            if token.expose().contains(['\r', '\n']) {
                return Err(Error::Credentials(
                    "Auth token value is not a legal header value".into(),
                ));
            }
            let mut value = http::HeaderValue::from_str(token.expose()).map_err(|_| {
                Error::Credentials("Auth token value is not a legal header value".into())
            })?;
            value.set_sensitive(true);
            request = request.header(http::header::AUTHORIZATION, value);
        }
        let request = request.body(Vec::new()).map_err(|e| {
            Error::Credentials(format!(
                "invalid container credentials URI {:?}: {e}",
                self.uri
            ))
        })?;
        Ok(TokenFetch {
            request,
            direct: true,
        })
    }
}

impl AwsCredentialsProvider for ContainerCredentials {
    fn credentials(&self, now: SystemTime) -> Result<AwsCredentials, Error> {
        self.cache.take(now).ok_or_else(|| {
            Error::Credentials(
                "the container credentials have not been fetched yet (a driver asks with \
                 `poll_credentials`)"
                    .into(),
            )
        })
    }

    fn poll_credentials(
        &self,
        now: SystemTime,
        files: FileLookup<'_>,
    ) -> Result<CredentialStep, Error> {
        if let Some(credentials) = self.cache.take(now) {
            return Ok(CredentialStep::Ready(Credential::Aws(credentials)));
        }
        Ok(CredentialStep::Fetch(Box::new(self.request(files)?)))
    }

    fn handle_response(
        &self,
        _fetch: &TokenFetch,
        status: u16,
        body: &[u8],
        _now: SystemTime,
    ) -> Result<(), Error> {
        if status != 200 {
            return Err(Error::Credentials(format!(
                "Received non 200 response {status} from container metadata: {}",
                refresh::excerpt(body)
            )));
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct Answer {
            access_key_id: String,
            secret_access_key: String,
            token: Option<String>,
            expiration: Option<String>,
        }
        let answer: Answer = serde_json::from_slice(body).map_err(|e| {
            Error::Credentials(format!(
                "the container credentials endpoint's answer is not credentials: {e}"
            ))
        })?;
        let expiry = match answer.expiration.as_deref() {
            None => None,
            Some(text) => Some(parse_rfc3339(text).ok_or_else(|| {
                Error::Credentials(format!(
                    "the container credentials' Expiration is not a time: {text:?}"
                ))
            })?),
        };
        let mut credentials = AwsCredentials::new(answer.access_key_id, answer.secret_access_key);
        credentials.session_token = answer.token.map(Secret::new);
        self.cache.hold(credentials, expiry);
        Ok(())
    }
}

/// botocore's `_validate_allowed_url`: `https`, or a loopback address or an allowed host.
fn check_full_uri(uri: &str) -> Result<(), Error> {
    let parsed: http::Uri = uri.parse().map_err(|e| {
        Error::Credentials(format!(
            "invalid AWS_CONTAINER_CREDENTIALS_FULL_URI {uri:?}: {e}"
        ))
    })?;
    if parsed.scheme_str() == Some("https") {
        return Ok(());
    }
    let host = parsed.host().unwrap_or_default().to_ascii_lowercase();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if loopback || ALLOWED_HOSTS.contains(&bare) {
        return Ok(());
    }
    Err(Error::Credentials(format!(
        "Unsupported host '{bare}'.  Can only retrieve metadata from a loopback address or \
         one of these hosts: {}",
        ALLOWED_HOSTS.join(", ")
    )))
}

/// An RFC 3339 time (`2026-12-03T16:00:00Z`, fractions and `±hh:mm` offsets allowed), as
/// the credentials endpoints write `Expiration`.
fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    let (date, time) = text.split_once(['T', 't', ' '])?;
    let mut date_parts = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (year, month, day) = (
        date_parts.next()??,
        date_parts.next()??,
        date_parts.next()??,
    );
    let (clock, offset) = match time.find(['Z', 'z', '+', '-']) {
        Some(at) => time.split_at(at),
        None => return None,
    };
    let offset = match offset {
        "Z" | "z" => 0,
        signed => {
            let sign = if signed.starts_with('-') { -1 } else { 1 };
            let (h, m) = signed[1..].split_once(':')?;
            let (h, m) = (h.parse::<i64>().ok()?, m.parse::<i64>().ok()?);
            if !(0..=23).contains(&h) || !(0..=59).contains(&m) {
                return None;
            }
            sign * (h * 3600 + m * 60)
        }
    };
    let clock = clock.split('.').next()?;
    let mut clock_parts = clock.splitn(3, ':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (
        clock_parts.next()??,
        clock_parts.next()??,
        clock_parts.next()??,
    );
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1..=12).contains(&month)
        || !(1..=month_days).contains(&day)
        || !(0..=23).contains(&h)
        || !(0..=59).contains(&m)
        || !(0..=60).contains(&s)
    {
        return None;
    }
    let days = crate::retry::days_from_civil(year, month as u32, day as u32)?;
    let seconds = days
        .checked_mul(86_400)?
        .checked_add(h * 3600 + m * 60 + s - offset)?;
    let seconds = u64::try_from(seconds).ok()?;
    UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_times() {
        let at =
            |s: &str| parse_rfc3339(s).map(|t| t.duration_since(UNIX_EPOCH).unwrap().as_secs());
        assert_eq!(at("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(at("2026-12-03T16:00:00Z"), Some(1_796_313_600));
        assert_eq!(at("2026-12-03T16:00:00.123456Z"), Some(1_796_313_600));
        assert_eq!(at("2026-12-03T17:30:00+01:30"), Some(1_796_313_600));
        assert_eq!(at("2026-12-03T14:00:00-02:00"), Some(1_796_313_600));
        assert_eq!(at("2028-02-29T00:00:00Z"), Some(1_835_395_200));
        for bad in [
            "",
            "2026-12-03",
            "2026-13-03T16:00:00Z",
            "2026-12-03T16:00:00",
            "x",
            "2026-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-12-03T16:00:00+999999999999999999:00",
            "2026-12-03T16:00:00+24:00",
            "2026-12-03T16:00:00-00:60",
            "99999999999999999-12-03T16:00:00Z",
        ] {
            assert_eq!(at(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_fetch_goes_direct_with_the_token_and_its_answer_is_held() {
        let env = |name: &str| match name {
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" => Some("/v2/credentials/id".to_owned()),
            "AWS_CONTAINER_AUTHORIZATION_TOKEN" => Some("Basic t0ken".to_owned()),
            _ => None,
        };
        let source = ContainerCredentials::from_env(&env).unwrap().unwrap();
        let now = UNIX_EPOCH + Duration::from_secs(1_796_313_600);
        let CredentialStep::Fetch(fetch) = source.poll_credentials(now, &|_| None).unwrap() else {
            panic!("nothing is held yet");
        };
        assert!(
            fetch.direct,
            "botocore never proxies the container endpoint"
        );
        assert_eq!(
            fetch.request.uri(),
            "http://169.254.170.2/v2/credentials/id"
        );
        assert_eq!(fetch.request.headers()["authorization"], "Basic t0ken");
        assert!(!format!("{fetch:?}").contains("t0ken"), "{fetch:?}");
        let answer = br#"{"AccessKeyId":"AKID","SecretAccessKey":"s","Token":"tok","Expiration":"2026-12-03T22:00:00Z"}"#;
        source.handle_response(&fetch, 200, answer, now).unwrap();
        let CredentialStep::Ready(Credential::Aws(keys)) =
            source.poll_credentials(now, &|_| None).unwrap()
        else {
            panic!("held");
        };
        assert_eq!(keys.access_key_id, "AKID");
        assert_eq!(keys.session_token.as_ref().map(Secret::expose), Some("tok"));
        // 15 minutes before the expiry they are fetched again.
        let late = UNIX_EPOCH + Duration::from_secs(1_796_313_600 + 6 * 3600 - 15 * 60);
        assert!(matches!(
            source.poll_credentials(late, &|_| None).unwrap(),
            CredentialStep::Fetch(_)
        ));
        // A token with a line break is refused, never sent.
        let bad = |name: &str| match name {
            "AWS_CONTAINER_CREDENTIALS_FULL_URI" => Some("http://127.0.0.1/c".to_owned()),
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" => Some("/token".to_owned()),
            _ => None,
        };
        let source = ContainerCredentials::from_env(&bad).unwrap().unwrap();
        let err = source
            .poll_credentials(now, &|_| Some("a\r\nInjected: 1".to_owned()))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Auth token value is not a legal header value"
        );
    }

    #[test]
    fn full_uris_follow_botocores_host_rules() {
        for ok in [
            "https://anything.example/creds",
            "http://127.0.0.1:8080/creds",
            "http://127.7.7.7/creds",
            "http://[::1]/creds",
            "http://localhost/creds",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1/credentials",
            "http://LOCALHOST/creds",
            "http://[FD00:EC2::23]/v1/credentials",
            "http://169.254.170.2/v2/credentials/abc",
        ] {
            assert!(check_full_uri(ok).is_ok(), "{ok}");
        }
        // A relative URI is appended to the ECS host and checked like a full one.
        let relative = |value: &'static str| {
            move |name: &str| {
                (name == "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").then(|| value.to_owned())
            }
        };
        assert!(
            ContainerCredentials::from_env(&relative("/v2/credentials/x"))
                .unwrap()
                .is_ok()
        );
        let err = ContainerCredentials::from_env(&relative("@evil.example/creds"))
            .unwrap()
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("Unsupported host 'evil.example'"),
            "{err}"
        );
        let err = check_full_uri("http://evil.example/creds").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Unsupported host 'evil.example'.  Can only retrieve metadata from a loopback \
             address or one of these hosts: 169.254.170.2, 169.254.170.23, fd00:ec2::23, localhost"
        );
    }
}
