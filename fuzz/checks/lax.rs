//! Invariant checks of `tools::lax::from_input`, the decoder of a tool's arguments in
//! Pydantic's lax mode, shared by the `lax` fuzz target and the corpus replay test. The
//! input is any JSON the model could send; the targets cover every kind of field a tool
//! function takes (integers of each width, floats, `bool`, `String`, `Option`, lists,
//! tuples, nested structs, maps with integer keys, unit-variant enums, `Value`):
//!
//! - decoding never panics;
//! - lax mode only widens what is accepted: whatever `serde_json::from_value` decodes,
//!   `from_input` decodes to the same value;
//! - a `String` field never takes a number, a bool or null (Pydantic refuses them);
//! - a `Value` argument is the input as sent.

use std::collections::BTreeMap;

use anthropic_core::tools::lax::from_input;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Unit {
    Celsius,
    Fahrenheit,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Inner {
    n: Option<i32>,
    ok: Option<bool>,
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Args {
    a: Option<i64>,
    b: Option<u8>,
    c: Option<f64>,
    d: Option<bool>,
    e: Option<String>,
    f: Option<Vec<u16>>,
    g: Option<Inner>,
    h: Option<BTreeMap<i32, bool>>,
    i: Option<Unit>,
    j: Option<(i8, f32)>,
    k: Option<u64>,
    l: Option<i128>,
    #[serde(default)]
    m: Vec<Value>,
    #[serde(default)]
    n: BTreeMap<String, Option<f32>>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Text {
    text: String,
}

/// Lax decoding accepts at least what strict decoding accepts, with the same result.
fn widens<T: DeserializeOwned + PartialEq + std::fmt::Debug>(input: &Value) {
    let lax = from_input::<T>(input);
    if let Ok(strict) = serde_json::from_value::<T>(input.clone()) {
        match lax {
            Ok(lax) => assert_eq!(lax, strict, "lax and strict decode {input} differently"),
            Err(e) => panic!("strict decodes {input} but lax refuses it: {e}"),
        }
    }
}

pub fn lax(data: &[u8]) {
    let Ok(input) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    widens::<Args>(&input);
    widens::<Inner>(&input);
    widens::<Vec<Option<i64>>>(&input);
    widens::<BTreeMap<u8, Vec<f64>>>(&input);
    widens::<Option<bool>>(&input);
    widens::<Unit>(&input);
    assert_eq!(from_input::<Value>(&input).ok().as_ref(), Some(&input));

    let text = from_input::<Text>(&input);
    if let Some(field) = input.get("text") {
        match text {
            Ok(decoded) => assert_eq!(Some(decoded.text.as_str()), field.as_str()),
            Err(_) => assert!(!field.is_string(), "a string field refused {field}"),
        }
    }
}
