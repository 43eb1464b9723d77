//! Credentials that never print.
//!
//! An API key or token is wrapped in [`Secret`] from the moment it enters the SDK. Its
//! `Debug` and `Display` show `[redacted]`, so a key cannot leak through a log line, a
//! `{:?}` of the client, or an error message. The raw value is reachable only through
//! [`Secret::expose`], which the request builder calls when it writes the auth header.

use std::fmt;

/// A credential (API key, auth token, cloud secret) whose value never shows in `Debug`,
/// `Display`, logs or errors.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The raw value, for writing it into a request header. Never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the credential is the empty string (which the API, like Python's credential
    /// check, treats as absent).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Whether a header carries a credential, so that its value must be redacted wherever
/// headers are printed (`Debug` of options, debug logs).
pub fn is_sensitive_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    matches!(
        name.as_str(),
        "authorization" | "proxy-authorization" | "cookie" | "set-cookie"
    ) || [
        "key",
        "token",
        "secret",
        "auth",
        "signature",
        "credential",
        "password",
    ]
    .iter()
    .any(|word| name.contains(word))
}

/// `url` with any userinfo (`user:password@`) replaced by `[redacted]@`, for `Debug` and
/// logs: a base URL or proxy URL may carry credentials. The user name goes too, since a
/// token is often passed as the user alone (`https://TOKEN@host`).
pub fn redact_url_userinfo(url: &str) -> std::borrow::Cow<'_, str> {
    let authority_start = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[authority_start..];
    let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_len].rfind('@') {
        Some(at) => std::borrow::Cow::Owned(format!(
            "{}[redacted]{}",
            &url[..authority_start],
            &rest[at..]
        )),
        None => std::borrow::Cow::Borrowed(url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_formats_the_value() {
        let s = Secret::new("sk-ant-very-secret");
        assert_eq!(format!("{s:?}"), "Secret([redacted])");
        assert_eq!(format!("{s}"), "[redacted]");
        assert_eq!(s.expose(), "sk-ant-very-secret");
    }

    #[test]
    fn url_userinfo_is_redacted() {
        for (url, shown) in [
            (
                "http://user:PASS@h:1/p?q=a@b",
                "http://[redacted]@h:1/p?q=a@b",
            ),
            (
                "https://TOKEN@api.example.com",
                "https://[redacted]@api.example.com",
            ),
            ("u:p%40w@h:8080", "[redacted]@h:8080"),
            ("http://a:b@c@h/", "http://[redacted]@h/"),
            ("https://api.anthropic.com/", "https://api.anthropic.com/"),
            ("http://h/path@x", "http://h/path@x"),
            ("", ""),
        ] {
            assert_eq!(redact_url_userinfo(url), shown, "{url}");
        }
    }
}
