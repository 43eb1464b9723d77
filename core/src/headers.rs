//! A response header's value as httpx reads it, which is what Python's decisions see.
//!
//! `httpx.Headers.get` joins a header that came more than once into one value, `"a, b"`,
//! where `HeaderMap::get` gives the first. Python's retry rules and `request_id` read
//! the joined value, so a repeated `x-should-retry: true` / `false` pair is neither, and
//! a repeated `retry-after` is no number: the decisions here read headers the same way.

use std::borrow::Cow;

use http::HeaderMap;

/// The value of `name`, its repetitions joined by `", "`; `None` when absent or when a
/// value is not visible ASCII text.
pub(crate) fn joined<'a>(headers: &'a HeaderMap, name: &str) -> Option<Cow<'a, str>> {
    let mut values = headers.get_all(name).iter();
    let first = values.next()?.to_str().ok()?;
    let Some(second) = values.next() else {
        return Some(Cow::Borrowed(first));
    };
    let mut all = format!("{first}, {}", second.to_str().ok()?);
    for value in values {
        all.push_str(", ");
        all.push_str(value.to_str().ok()?);
    }
    Some(Cow::Owned(all))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_values_are_joined_as_httpx_joins_them() {
        let mut headers = HeaderMap::new();
        assert_eq!(joined(&headers, "x-should-retry"), None);
        headers.append("x-should-retry", "true".parse().unwrap());
        assert_eq!(joined(&headers, "x-should-retry").as_deref(), Some("true"));
        headers.append("x-should-retry", "false".parse().unwrap());
        headers.append("x-should-retry", "true".parse().unwrap());
        assert_eq!(
            joined(&headers, "x-should-retry").as_deref(),
            Some("true, false, true")
        );
    }
}
