//! Header overrides that can also remove a header (Python's `omit`).

use std::fmt;

use http::{HeaderMap, HeaderName, HeaderValue};

use crate::error::Error;
use crate::secret::is_sensitive_header;

/// An ordered list of header overrides: a value sets (replaces) the header, `None`
/// removes it, as Python's `omit` does.
///
/// Names are case-insensitive: an override replaces the SDK's header of the same name in
/// any letter case (Python matches case-sensitively and can send both; that is an
/// accident we do not copy). Values are checked when the request is built: one with a CR,
/// LF or other control byte is refused with [`Error::InvalidRequest`] before anything is
/// sent. `Debug` redacts credential-carrying headers.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct HeaderOverrides(Vec<(String, Option<String>)>);

impl HeaderOverrides {
    /// No overrides.
    pub const fn new() -> Self {
        HeaderOverrides(Vec::new())
    }

    /// Sets `name` to `value`, replacing any earlier override of the same name.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.put(name.into(), Some(value.into()));
    }

    /// Removes `name` from the request, whoever set it.
    pub fn omit(&mut self, name: impl Into<String>) {
        self.put(name.into(), None);
    }

    fn put(&mut self, name: String, value: Option<String>) {
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.0.push((name, value));
    }

    /// Whether `name` is overridden (set or omitted), in any letter case.
    pub fn mentions(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    /// The override of `name`, in any letter case: `Some(Some(value))` when set,
    /// `Some(None)` when omitted, `None` when not mentioned.
    pub fn get(&self, name: &str) -> Option<Option<&str>> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_deref())
    }

    /// Whether `name` is explicitly omitted.
    pub fn omits(&self, name: &str) -> bool {
        self.0
            .iter()
            .any(|(n, v)| v.is_none() && n.eq_ignore_ascii_case(name))
    }

    /// Adds all of `other`'s overrides after this one's (later wins).
    pub fn extend(&mut self, other: &HeaderOverrides) {
        for (name, value) in &other.0 {
            self.put(name.clone(), value.clone());
        }
    }

    /// Whether there are no overrides.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Applies the overrides to `headers`.
    pub fn apply_to(&self, headers: &mut HeaderMap) -> Result<(), Error> {
        for (name, value) in &self.0 {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::InvalidRequest(format!("invalid header name {name:?}")))?;
            match value {
                Some(value) => {
                    let value = HeaderValue::from_str(value).map_err(|_| {
                        Error::InvalidRequest(format!(
                            "the value of header {name:?} contains a line break or control character"
                        ))
                    })?;
                    headers.insert(header, value);
                }
                None => {
                    headers.remove(header);
                }
            }
        }
        Ok(())
    }
}

impl fmt::Debug for HeaderOverrides {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in &self.0 {
            match value {
                Some(_) if is_sensitive_header(name) => map.entry(name, &"[redacted]"),
                Some(value) => map.entry(name, value),
                None => map.entry(name, &"<omit>"),
            };
        }
        map.finish()
    }
}

/// Formats headers for a debug log line, redacting credentials.
pub(crate) fn redacted(headers: &HeaderMap) -> String {
    let mut out = String::from("{");
    for (i, (name, value)) in headers.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let shown = if is_sensitive_header(name.as_str()) {
            "[redacted]"
        } else {
            value.to_str().unwrap_or("<binary>")
        };
        out.push_str(&format!("'{}': '{}'", name, shown));
    }
    out.push('}');
    out
}
