//! JSON as Python's `json` module reads and writes it.
//!
//! **Reading: one rule for repeated keys, the last value wins.** Python's `json` module
//! keeps the last value of a key that appears twice in an object, at every depth. serde's
//! derived `Deserialize` refuses a repeated field instead (`duplicate field "id"`), while
//! a [`serde_json::Value`] keeps the last one, so without care the same body would decode
//! or fail depending on whether the duplicate sits in a derived struct or in a block kept
//! as a `Value`. [`from_slice`] applies Python's rule everywhere.
//!
//! The fast path decodes straight into the target type; only when that fails for a
//! reason other than the syntax is the body read into a `Value` first (whose objects keep
//! the last value of a repeated key, at the position of its first occurrence, like a
//! Python dict) and decoded from there. A body without repeated keys costs nothing more.
//!
//! **Writing: floats as `repr` writes them.** [`to_vec`] writes what httpx sends for the
//! same value (`json.dumps` with compact separators, UTF-8 kept): serde_json's own output
//! differs only in how floats are spelled (`1e-7` and `0.00005` where Python writes
//! `1e-07` and `5e-05`), and [`python_float`] spells them Python's way: the same shortest
//! digits, fixed notation from `1e-4` up to `1e16`, otherwise `d.ddde±XX`.

use std::io;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::Error;

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

/// Writes `value` as compact JSON with floats spelled as Python spells them (see the
/// module docs). A non-finite float is written `null`, as serde_json writes it; request
/// parameters refuse NaN and infinities before they get here.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(256);
    value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut out,
        PythonFloats,
    ))?;
    Ok(out)
}

/// [`to_vec`] for a request body: a value that cannot be written is
/// [`Error::InvalidRequest`], before anything is sent.
pub(crate) fn body_bytes<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    to_vec(value).map_err(|e| Error::InvalidRequest(format!("could not serialize the body: {e}")))
}

/// serde_json's compact formatter, but for floats.
struct PythonFloats;

impl serde_json::ser::Formatter for PythonFloats {
    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        writer.write_all(python_float(value).as_bytes())
    }

    fn write_f32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        writer.write_all(python_float(value).as_bytes())
    }
}

/// A finite float as Python's `repr` (and `str`) writes it: `0.5`, `1.0`, `1e-07`,
/// `1.5e+16`, `443080.06468156516`. The digits are the shortest that read back as the
/// same value, as Rust's own formatting picks them.
pub fn python_float(value: impl std::fmt::LowerExp) -> String {
    let scientific = format!("{value:e}");
    let (mantissa, exponent) = scientific
        .split_once('e')
        .expect("`{:e}` writes an exponent");
    let exponent: i32 = exponent.parse().expect("`{:e}` writes an integer exponent");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if !(-4..16).contains(&exponent) {
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() { "" } else { "." };
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        return format!(
            "{sign}{first}{dot}{rest}e{exponent_sign}{:02}",
            exponent.unsigned_abs()
        );
    }
    if exponent < 0 {
        let zeros = "0".repeat(exponent.unsigned_abs() as usize - 1);
        return format!("{sign}0.{zeros}{digits}");
    }
    let whole = exponent as usize + 1;
    if digits.len() > whole {
        let (int, frac) = digits.split_at(whole);
        format!("{sign}{int}.{frac}")
    } else {
        format!("{sign}{digits:0<whole$}.0")
    }
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

    /// Python's `repr` of the same floats, as `json.dumps` writes them.
    #[test]
    fn floats_are_spelled_as_python_spells_them() {
        for (value, python) in [
            (0.5, "0.5"),
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (100.0, "100.0"),
            (1e-7, "1e-07"),
            (5e-5, "5e-05"),
            (1e-4, "0.0001"),
            (0.00012, "0.00012"),
            (-4.950258335593079e-6, "-4.950258335593079e-06"),
            (443080.06468156516, "443080.06468156516"),
            (1e15, "1000000000000000.0"),
            (9999999999999998.0, "9999999999999998.0"),
            (1e16, "1e+16"),
            (1.5e300, "1.5e+300"),
            (2.2250738585072014e-308, "2.2250738585072014e-308"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
        ] {
            assert_eq!(python_float(value), python, "{value:e}");
        }
        let body = serde_json::json!({"t": 1e-7, "n": 3, "s": "é\u{2028}", "a": [0.25, 1e22]});
        assert_eq!(
            String::from_utf8(to_vec(&body).unwrap()).unwrap(),
            "{\"t\":1e-07,\"n\":3,\"s\":\"é\u{2028}\",\"a\":[0.25,1e+22]}"
        );
    }
}
