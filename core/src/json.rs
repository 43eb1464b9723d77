//! Reading JSON from the server with one rule for repeated keys: the last value wins.
//!
//! Python's `json` module keeps the last value of a key that appears twice in an object,
//! at every depth. serde's derived `Deserialize` refuses a repeated field instead
//! (`duplicate field "id"`), while a [`serde_json::Value`] keeps the last one, so without
//! care the same body would decode or fail depending on whether the duplicate sits in a
//! derived struct or in a block kept as a `Value`. [`from_slice`] applies Python's rule
//! everywhere.
//!
//! The fast path decodes straight into the target type; only when that fails for a
//! reason other than the syntax is the body read into a `Value` first (whose objects keep
//! the last value of a repeated key, at the position of its first occurrence, like a
//! Python dict) and decoded from there. A body without repeated keys costs nothing more.

use serde::de::DeserializeOwned;
use serde_json::Value;

/// Decodes `bytes` as `T`; a key repeated in any object keeps its last value.
///
/// On failure the error is the one of the direct decode (with its line and column).
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<T> {
    match serde_json::from_slice::<T>(bytes) {
        Ok(value) => Ok(value),
        Err(direct) if direct.is_data() => serde_json::from_slice::<Value>(bytes)
            .and_then(serde_json::from_value::<T>)
            .map_err(|_| direct),
        Err(direct) => Err(direct),
    }
}

/// [`from_slice`] for text.
pub fn from_str<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    from_slice(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Inner {
        n: u32,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Outer {
        id: String,
        inner: Inner,
    }

    #[test]
    fn the_last_value_of_a_repeated_key_wins_at_every_depth() {
        let top: Outer = from_str(r#"{"id":"a","inner":{"n":1},"id":"b"}"#).unwrap();
        assert_eq!(top.id, "b");
        let nested: Outer = from_str(r#"{"id":"a","inner":{"n":1,"n":2}}"#).unwrap();
        assert_eq!(nested.inner, Inner { n: 2 });
        // As serde_json's Value (and Python's dict): the first position, the last value.
        let value: Value = from_str(r#"{"a":1,"b":2,"a":3}"#).unwrap();
        assert_eq!(value.to_string(), r#"{"a":3,"b":2}"#);
    }

    #[test]
    fn a_message_with_repeated_fields_decodes_like_python() {
        let body = r#"{"id":"msg_first","type":"message","role":"assistant","model":"m",
            "content":[{"type":"text","text":"one","text":"two"}],
            "stop_reason":"end_turn","stop_sequence":null,
            "usage":{"input_tokens":1,"output_tokens":1,"output_tokens":7},
            "id":"msg_last"}"#;
        let message: crate::types::Message = from_str(body).unwrap();
        assert_eq!(message.id, "msg_last");
        assert_eq!(message.usage.output_tokens, 7);
        let text = serde_json::to_value(&message.content[0]).unwrap();
        assert_eq!(text["text"], "two");
    }

    #[test]
    fn other_errors_are_those_of_the_direct_decode() {
        let err = from_str::<Outer>(r#"{"id":1,"inner":{"n":1}}"#).unwrap_err();
        assert!(
            err.is_data() && err.line() == 1 && err.column() > 0,
            "{err}"
        );
        let err = from_str::<Outer>(r#"{"id":"a","#).unwrap_err();
        assert!(err.is_eof(), "{err}");
        // A repeated key does not excuse a wrong type in the value that wins.
        let err = from_str::<Outer>(r#"{"id":"a","inner":{"n":1},"id":2}"#).unwrap_err();
        assert!(err.is_data(), "{err}");
    }
}
