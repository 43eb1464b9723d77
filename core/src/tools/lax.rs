//! A tool's arguments decoded as Pydantic's lax mode decodes them.
//!
//! Python validates the model's input against the function's signature in Pydantic's lax
//! mode (tools.md §1.5): `"3"` is accepted for an `int`, `3.0` too, and `"true"` for a
//! `bool`, while `5` is still refused for a `str`. A model now and then writes a number as
//! a string; the same call must not fail in Rust and succeed in Python. [`from_input`]
//! decodes any `Deserialize` type from the input with these conversions, wherever the
//! scalar sits (a field, an `Option`, a list, a nested struct):
//!
//! | target | also accepted |
//! |---|---|
//! | integer | a float with no fraction (`3.0`); a string holding an integer or a decimal with no fraction (`"3"`, `" 3 "`, `"3.0"`, not `"1e3"`); `true` / `false` as 1 / 0 |
//! | float | a string holding a number (`"2.5"`, `"1e3"`); `true` / `false` as 1 / 0 |
//! | either | in a string, underscores between digits, as Python's numbers allow (`"1_000"`) |
//! | `bool` | 0 / 1 (`0.0` / `1.0`); the strings `true` `false` `yes` `no` `on` `off` `t` `f` `y` `n` `1` `0`, in any case |
//! | string | nothing else (Pydantic refuses a number for a `str`) |
//!
//! (Checked against `TypeAdapter(...).validate_python` of Pydantic 2 as anthropic 0.76.0
//! installs it.) Anything serde reads through `deserialize_any` (an untagged enum, a
//! flattened struct, `serde_json::Value` itself) sees the input as it is.

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor,
};
use serde_json::{Error, Map, Value};

/// Decodes `T` from a tool's input with Pydantic's lax conversions (see the module docs).
pub fn from_input<T: DeserializeOwned>(input: &Value) -> Result<T, Error> {
    T::deserialize(Lax(input))
}

/// The input, read leniently where a scalar is asked for.
#[derive(Clone, Copy)]
struct Lax<'a>(&'a Value);

impl<'de> Lax<'de> {
    fn not_integer<V: Visitor<'de>>(
        self,
        visitor: V,
        strict: impl FnOnce(&'de Value, V) -> Result<V::Value, Error>,
    ) -> Result<V::Value, Error> {
        strict(self.0, visitor)
    }

    fn integer(self) -> Option<Integer> {
        match self.0 {
            Value::Number(n) => n
                .as_i64()
                .map(Integer::Signed)
                .or_else(|| n.as_u64().map(Integer::Unsigned))
                .or_else(|| n.as_f64().and_then(whole)),
            Value::String(s) => integer_text(s.trim()),
            Value::Bool(b) => Some(Integer::Signed(i64::from(*b))),
            _ => None,
        }
    }

    fn float(self) -> Option<f64> {
        match self.0 {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => digits(s.trim())?.parse::<f64>().ok(),
            Value::Bool(b) => Some(f64::from(u8::from(*b))),
            _ => None,
        }
    }

    fn boolean(self) -> Option<bool> {
        match self.0 {
            Value::Bool(b) => Some(*b),
            Value::Number(n) => match n.as_f64() {
                Some(0.0) => Some(false),
                Some(1.0) => Some(true),
                _ => None,
            },
            Value::String(s) => match s.to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" | "t" | "y" | "1" => Some(true),
                "false" | "no" | "off" | "f" | "n" | "0" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }
}

#[derive(Clone, Copy)]
enum Integer {
    Signed(i64),
    Unsigned(u64),
}

/// A float with no fraction, as an integer (Pydantic's `3.0` for an `int`).
fn whole(f: f64) -> Option<Integer> {
    // The bounds are exact powers of two: every f64 inside them converts without loss.
    let in_range = (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f);
    (f.fract() == 0.0 && in_range).then_some(Integer::Signed(f as i64))
}

/// Number text without the underscores Python allows between two digits (`1_000`), or
/// `None` when an underscore stands anywhere else (`_1`, `1__0`, `1_`).
fn digits(s: &str) -> Option<std::borrow::Cow<'_, str>> {
    if !s.contains('_') {
        return Some(std::borrow::Cow::Borrowed(s));
    }
    let bytes = s.as_bytes();
    let between_digits = |i: usize| {
        i > 0 && bytes[i - 1].is_ascii_digit() && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
    };
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'_')
        .all(between_digits)
        .then(|| std::borrow::Cow::Owned(s.replace('_', "")))
}

/// `"3"` or `"3.0"` (zeros only after the point), as Pydantic reads an `int` from text.
fn integer_text(s: &str) -> Option<Integer> {
    let s = digits(s)?;
    let digits = match s.split_once('.') {
        Some((int, fraction)) if !fraction.is_empty() && fraction.bytes().all(|b| b == b'0') => int,
        Some(_) => return None,
        None => &s,
    };
    digits
        .parse::<i64>()
        .map(Integer::Signed)
        .or_else(|_| digits.parse::<u64>().map(Integer::Unsigned))
        .ok()
}

/// The ten integer methods of a deserializer with an `integer()` reading and a
/// `not_integer(visitor, serde_json's own method)` for what is not one.
macro_rules! integer_methods {
    () => {
        integer_methods!(@
            deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
            deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        );
    };
    (@ $($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.integer() {
                Some(Integer::Signed(i)) => visitor.visit_i64(i),
                Some(Integer::Unsigned(u)) => visitor.visit_u64(u),
                None => self.not_integer(visitor, |value, visitor| value.$method(visitor)),
            }
        }
    )*};
}

impl<'de> Deserializer<'de> for Lax<'de> {
    type Error = Error;

    integer_methods!();

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.float() {
            Some(f) => visitor.visit_f64(f),
            None => self.0.deserialize_f64(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.boolean() {
            Some(b) => visitor.visit_bool(b),
            None => self.0.deserialize_bool(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(items) => visitor.visit_seq(Items(items.iter())),
            other => other.deserialize_seq(visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(members) => visitor.visit_map(Members::new(members)),
            other => other.deserialize_map(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(members) => visitor.visit_map(Members::new(members)),
            other => other.deserialize_struct(name, fields, visitor),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.0.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        char str string bytes byte_buf unit unit_struct identifier ignored_any
    }
}

/// An object's key: a string, or a number or boolean written as one (`{"1": ..}` for a
/// map with integer keys), as serde_json reads keys.
#[derive(Clone, Copy)]
struct Key<'a>(&'a str);

impl<'de> Key<'de> {
    fn integer(self) -> Option<Integer> {
        integer_text(self.0)
    }

    /// A key that is not an integer is the string it is, for the visitor to refuse.
    fn not_integer<V: Visitor<'de>>(
        self,
        visitor: V,
        _strict: impl FnOnce(&'de Value, V) -> Result<V::Value, Error>,
    ) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.0)
    }
}

impl<'de> Deserializer<'de> for Key<'de> {
    type Error = Error;

    integer_methods!();

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.parse::<f64>() {
            Ok(f) => visitor.visit_f64(f),
            Err(_) => visitor.visit_borrowed_str(self.0),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => visitor.visit_borrowed_str(self.0),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::value::BorrowedStrDeserializer::<Error>::new(self.0)
            .deserialize_enum(name, variants, visitor)
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_borrowed_str(self.0)
    }

    serde::forward_to_deserialize_any! {
        char str string bytes byte_buf option unit unit_struct seq tuple tuple_struct map
        struct identifier ignored_any
    }
}

/// An array's items, each read leniently.
struct Items<'a>(std::slice::Iter<'a, Value>);

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|v| seed.deserialize(Lax(v))).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// An object's members: keys as they are, values read leniently.
struct Members<'a> {
    iter: serde_json::map::Iter<'a>,
    value: Option<&'a Value>,
}

impl<'a> Members<'a> {
    fn new(members: &'a Map<String, Value>) -> Self {
        Members {
            iter: members.iter(),
            value: None,
        }
    }
}

impl<'de> MapAccess<'de> for Members<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.iter.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(Key(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = self
            .value
            .take()
            .ok_or_else(|| <Error as de::Error>::custom("a value was asked for before its key"))?;
        seed.deserialize(Lax(value))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Each input against each target, as `TypeAdapter(t).validate_python(input)` of
    /// Pydantic 2 answers (`None`: refused).
    #[test]
    fn scalars_follow_pydantic_lax_mode() {
        let inputs = [
            json!("3"),
            json!(3.0),
            json!(3.5),
            json!("3.0"),
            json!("3.5"),
            json!(true),
            json!(false),
            json!(1),
            json!(0),
            json!("true"),
            json!("yes"),
            json!("On"),
            json!("1"),
            json!(" 3 "),
            json!("abc"),
            json!(5),
            json!(""),
            json!(null),
            json!([1]),
            json!("1e3"),
        ];
        let int: [Option<i64>; 20] = [
            Some(3),
            Some(3),
            None,
            Some(3),
            None,
            Some(1),
            Some(0),
            Some(1),
            Some(0),
            None,
            None,
            None,
            Some(1),
            Some(3),
            None,
            Some(5),
            None,
            None,
            None,
            None,
        ];
        let float: [Option<f64>; 20] = [
            Some(3.0),
            Some(3.0),
            Some(3.5),
            Some(3.0),
            Some(3.5),
            Some(1.0),
            Some(0.0),
            Some(1.0),
            Some(0.0),
            None,
            None,
            None,
            Some(1.0),
            Some(3.0),
            None,
            Some(5.0),
            None,
            None,
            None,
            Some(1000.0),
        ];
        let boolean: [Option<bool>; 20] = [
            None,
            None,
            None,
            None,
            None,
            Some(true),
            Some(false),
            Some(true),
            Some(false),
            Some(true),
            Some(true),
            Some(true),
            Some(true),
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ];
        for (i, input) in inputs.iter().enumerate() {
            assert_eq!(from_input::<i64>(input).ok(), int[i], "int {input}");
            assert_eq!(from_input::<f64>(input).ok(), float[i], "float {input}");
            assert_eq!(from_input::<bool>(input).ok(), boolean[i], "bool {input}");
            let as_string = from_input::<String>(input).ok();
            assert_eq!(as_string.is_some(), input.is_string(), "str {input}");
        }
    }

    /// Digit-group underscores, as `TypeAdapter(int | float).validate_python` reads them.
    #[test]
    fn underscores_between_digits_are_read_as_python_reads_them() {
        let cases: [(&str, Option<i64>, Option<f64>); 7] = [
            ("1_000", Some(1000), Some(1000.0)),
            ("1_000.0", Some(1000), Some(1000.0)),
            ("1_0.5", None, Some(10.5)),
            ("_1", None, None),
            ("1__0", None, None),
            ("1_", None, None),
            ("-2_5", Some(-25), Some(-25.0)),
        ];
        for (text, int, float) in cases {
            assert_eq!(from_input::<i64>(&json!(text)).ok(), int, "int {text}");
            assert_eq!(from_input::<f64>(&json!(text)).ok(), float, "float {text}");
        }
    }

    #[test]
    fn nested_values_are_read_leniently_and_errors_stay_serdes() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Row {
            id: u32,
            tags: Vec<Option<u8>>,
            ok: Option<bool>,
        }
        let rows: Vec<Row> =
            from_input(&json!([{"id": "7", "tags": ["1", null, 2.0], "ok": "no"}])).unwrap();
        assert_eq!(
            rows,
            [Row {
                id: 7,
                tags: vec![Some(1), None, Some(2)],
                ok: Some(false),
            }]
        );
        let err = from_input::<Row>(&json!({"id": "x", "tags": []})).unwrap_err();
        assert!(
            err.to_string().contains("invalid type: string \"x\""),
            "{err}"
        );
        let err = from_input::<u8>(&json!("300")).unwrap_err();
        assert!(err.to_string().contains("300"), "{err}");
        assert_eq!(
            from_input::<Value>(&json!({"a": "1"})).unwrap(),
            json!({"a": "1"})
        );
        // Map keys are read as serde_json reads them: numbers written as strings.
        let by_id: std::collections::BTreeMap<u32, String> =
            from_input(&json!({"2": "b", "10": "a"})).unwrap();
        assert_eq!(
            by_id.into_iter().collect::<Vec<_>>(),
            [(2, "b".into()), (10, "a".into())]
        );
        assert!(from_input::<std::collections::BTreeMap<u32, String>>(&json!({"x": "a"})).is_err());
    }
}
