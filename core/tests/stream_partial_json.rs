//! Partial JSON: snapshots at every prefix (checked against jiter), every split, and
//! the documented edge cases.

use anthropic_core::stream::{PartialJson, PartialJsonError, PartialMode};
use serde_json::{Value, json};

/// Snapshots jiter 0.12 `from_json(prefix, partial_mode=...)` gives for every char prefix
/// of a few tool inputs: `[input, "on" | "trailing", [["ok", value] | ["err"], ...]]`.
/// Generated once with the Python package (`pip install jiter`, then `jiter.from_json(prefix.encode(), partial_mode=True` or `"trailing-strings")`); `-0` is left out, see `minus_zero_follows_serde_json`.
const JITER_ORACLE: &str = r###"[["{\"location\": \"San Francisco, CA\", \"unit\": \"celsius\", \"days\": 12, \"ok\": true, \"x\": null, \"f\": false}", "on", [["err"], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 1}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null, "f": false}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null, "f": false}]]], ["{\"location\": \"San Francisco, CA\", \"unit\": \"celsius\", \"days\": 12, \"ok\": true, \"x\": null, \"f\": false}", "trailing", [["err"], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {"location": ""}], ["ok", {"location": "S"}], ["ok", {"location": "Sa"}], ["ok", {"location": "San"}], ["ok", {"location": "San "}], ["ok", {"location": "San F"}], ["ok", {"location": "San Fr"}], ["ok", {"location": "San Fra"}], ["ok", {"location": "San Fran"}], ["ok", {"location": "San Franc"}], ["ok", {"location": "San Franci"}], ["ok", {"location": "San Francis"}], ["ok", {"location": "San Francisc"}], ["ok", {"location": "San Francisco"}], ["ok", {"location": "San Francisco,"}], ["ok", {"location": "San Francisco, "}], ["ok", {"location": "San Francisco, C"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA"}], ["ok", {"location": "San Francisco, CA", "unit": ""}], ["ok", {"location": "San Francisco, CA", "unit": "c"}], ["ok", {"location": "San Francisco, CA", "unit": "ce"}], ["ok", {"location": "San Francisco, CA", "unit": "cel"}], ["ok", {"location": "San Francisco, CA", "unit": "cels"}], ["ok", {"location": "San Francisco, CA", "unit": "celsi"}], ["ok", {"location": "San Francisco, CA", "unit": "celsiu"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius"}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 1}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null, "f": false}], ["ok", {"location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true, "x": null, "f": false}]]], ["{\"q\": \"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00 ☕ é\", \"n\": -12.5e+3}", "on", [["err"], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é", "n": -1}], ["ok", {"q": "a\"b\\c\né😀 ☕ é", "n": -12}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é", "n": -12.5}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é", "n": -12500.0}], ["ok", {"q": "a\"b\\c\né😀 ☕ é", "n": -12500.0}]]], ["{\"q\": \"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00 ☕ é\", \"n\": -12.5e+3}", "trailing", [["err"], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {"q": ""}], ["ok", {"q": "a"}], ["ok", {"q": "a"}], ["ok", {"q": "a\""}], ["ok", {"q": "a\"b"}], ["ok", {"q": "a\"b"}], ["ok", {"q": "a\"b\\"}], ["ok", {"q": "a\"b\\c"}], ["ok", {"q": "a\"b\\c"}], ["ok", {"q": "a\"b\\c\n"}], ["ok", {"q": "a\"b\\c\n"}], ["ok", {"q": "a\"b\\c\n"}], ["ok", {"q": "a\"b\\c\n"}], ["ok", {"q": "a\"b\\c\n"}], ["ok", {"q": "a\"b\\c\n"}], ["ok", {"q": "a\"b\\c\né"}], ["ok", {"q": "a\"b\\c\né"}], ["ok", {"q": "a\"b\\c\né"}], ["ok", {"q": "a\"b\\c\né"}], ["ok", {"q": "a\"b\\c\né"}], ["ok", {"q": "a\"b\\c\né"}], ["ok", {"q": "a\"b\\c\né"}], ["ok", {"q": "a\"b\\c\né"}], ["ok", {"q": "a\"b\\c\né"}], ["ok", {"q": "a\"b\\c\né"}], ["ok", {"q": "a\"b\\c\né"}], ["ok", {"q": "a\"b\\c\né"}], ["ok", {"q": "a\"b\\c\né😀"}], ["ok", {"q": "a\"b\\c\né😀 "}], ["ok", {"q": "a\"b\\c\né😀 ☕"}], ["ok", {"q": "a\"b\\c\né😀 ☕ "}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é", "n": -1}], ["ok", {"q": "a\"b\\c\né😀 ☕ é", "n": -12}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é", "n": -12.5}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é"}], ["ok", {"q": "a\"b\\c\né😀 ☕ é", "n": -12500.0}], ["ok", {"q": "a\"b\\c\né😀 ☕ é", "n": -12500.0}]]], ["{\"a\": [1, -2.5, 3e2, {\"b\": {\"c\": [\"x\", [] ]}}], \"d\": {}, \"e\": 0}", "on", [["err"], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {"a": []}], ["ok", {"a": [1]}], ["ok", {"a": [1]}], ["ok", {"a": [1]}], ["ok", {"a": [1]}], ["ok", {"a": [1, -2]}], ["ok", {"a": [1]}], ["ok", {"a": [1, -2.5]}], ["ok", {"a": [1, -2.5]}], ["ok", {"a": [1, -2.5]}], ["ok", {"a": [1, -2.5, 3]}], ["ok", {"a": [1, -2.5]}], ["ok", {"a": [1, -2.5, 300.0]}], ["ok", {"a": [1, -2.5, 300.0]}], ["ok", {"a": [1, -2.5, 300.0]}], ["ok", {"a": [1, -2.5, 300.0, {}]}], ["ok", {"a": [1, -2.5, 300.0, {}]}], ["ok", {"a": [1, -2.5, 300.0, {}]}], ["ok", {"a": [1, -2.5, 300.0, {}]}], ["ok", {"a": [1, -2.5, 300.0, {}]}], ["ok", {"a": [1, -2.5, 300.0, {}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": []}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": []}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": []}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x"]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x"]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x"]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}, "e": 0}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}, "e": 0}]]], ["{\"a\": [1, -2.5, 3e2, {\"b\": {\"c\": [\"x\", [] ]}}], \"d\": {}, \"e\": 0}", "trailing", [["err"], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {"a": []}], ["ok", {"a": [1]}], ["ok", {"a": [1]}], ["ok", {"a": [1]}], ["ok", {"a": [1]}], ["ok", {"a": [1, -2]}], ["ok", {"a": [1]}], ["ok", {"a": [1, -2.5]}], ["ok", {"a": [1, -2.5]}], ["ok", {"a": [1, -2.5]}], ["ok", {"a": [1, -2.5, 3]}], ["ok", {"a": [1, -2.5]}], ["ok", {"a": [1, -2.5, 300.0]}], ["ok", {"a": [1, -2.5, 300.0]}], ["ok", {"a": [1, -2.5, 300.0]}], ["ok", {"a": [1, -2.5, 300.0, {}]}], ["ok", {"a": [1, -2.5, 300.0, {}]}], ["ok", {"a": [1, -2.5, 300.0, {}]}], ["ok", {"a": [1, -2.5, 300.0, {}]}], ["ok", {"a": [1, -2.5, 300.0, {}]}], ["ok", {"a": [1, -2.5, 300.0, {}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": []}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": [""]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x"]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x"]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x"]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x"]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}]}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}, "e": 0}], ["ok", {"a": [1, -2.5, 300.0, {"b": {"c": ["x", []]}}], "d": {}, "e": 0}]]], ["[1, \"two\", [3, [4.0]], {\"k\": \"v\"}, 0.5, -2.0e-1]", "on", [["err"], ["ok", []], ["ok", [1]], ["ok", [1]], ["ok", [1]], ["ok", [1]], ["ok", [1]], ["ok", [1]], ["ok", [1]], ["ok", [1, "two"]], ["ok", [1, "two"]], ["ok", [1, "two"]], ["ok", [1, "two", []]], ["ok", [1, "two", [3]]], ["ok", [1, "two", [3]]], ["ok", [1, "two", [3]]], ["ok", [1, "two", [3, []]]], ["ok", [1, "two", [3, [4]]]], ["ok", [1, "two", [3, []]]], ["ok", [1, "two", [3, [4.0]]]], ["ok", [1, "two", [3, [4.0]]]], ["ok", [1, "two", [3, [4.0]]]], ["ok", [1, "two", [3, [4.0]]]], ["ok", [1, "two", [3, [4.0]]]], ["ok", [1, "two", [3, [4.0]], {}]], ["ok", [1, "two", [3, [4.0]], {}]], ["ok", [1, "two", [3, [4.0]], {}]], ["ok", [1, "two", [3, [4.0]], {}]], ["ok", [1, "two", [3, [4.0]], {}]], ["ok", [1, "two", [3, [4.0]], {}]], ["ok", [1, "two", [3, [4.0]], {}]], ["ok", [1, "two", [3, [4.0]], {}]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5, -2]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5, -2.0]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5, -0.2]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5, -0.2]]]], ["[1, \"two\", [3, [4.0]], {\"k\": \"v\"}, 0.5, -2.0e-1]", "trailing", [["err"], ["ok", []], ["ok", [1]], ["ok", [1]], ["ok", [1]], ["ok", [1, ""]], ["ok", [1, "t"]], ["ok", [1, "tw"]], ["ok", [1, "two"]], ["ok", [1, "two"]], ["ok", [1, "two"]], ["ok", [1, "two"]], ["ok", [1, "two", []]], ["ok", [1, "two", [3]]], ["ok", [1, "two", [3]]], ["ok", [1, "two", [3]]], ["ok", [1, "two", [3, []]]], ["ok", [1, "two", [3, [4]]]], ["ok", [1, "two", [3, []]]], ["ok", [1, "two", [3, [4.0]]]], ["ok", [1, "two", [3, [4.0]]]], ["ok", [1, "two", [3, [4.0]]]], ["ok", [1, "two", [3, [4.0]]]], ["ok", [1, "two", [3, [4.0]]]], ["ok", [1, "two", [3, [4.0]], {}]], ["ok", [1, "two", [3, [4.0]], {}]], ["ok", [1, "two", [3, [4.0]], {}]], ["ok", [1, "two", [3, [4.0]], {}]], ["ok", [1, "two", [3, [4.0]], {}]], ["ok", [1, "two", [3, [4.0]], {}]], ["ok", [1, "two", [3, [4.0]], {"k": ""}]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5, -2]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5, -2.0]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5, -0.2]], ["ok", [1, "two", [3, [4.0]], {"k": "v"}, 0.5, -0.2]]]], ["\"top level \\u2603 string\"", "on", [["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["err"], ["ok", "top level ☃ string"]]], ["\"top level \\u2603 string\"", "trailing", [["err"], ["ok", ""], ["ok", "t"], ["ok", "to"], ["ok", "top"], ["ok", "top "], ["ok", "top l"], ["ok", "top le"], ["ok", "top lev"], ["ok", "top leve"], ["ok", "top level"], ["ok", "top level "], ["ok", "top level "], ["ok", "top level "], ["ok", "top level "], ["ok", "top level "], ["ok", "top level "], ["ok", "top level ☃"], ["ok", "top level ☃ "], ["ok", "top level ☃ s"], ["ok", "top level ☃ st"], ["ok", "top level ☃ str"], ["ok", "top level ☃ stri"], ["ok", "top level ☃ strin"], ["ok", "top level ☃ string"], ["ok", "top level ☃ string"]]], ["{\"a\": 1, \"b\": 2, \"a\": \"dup\", \"b\": 3.25}", "on", [["err"], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {"a": 1}], ["ok", {"a": 1}], ["ok", {"a": 1}], ["ok", {"a": 1}], ["ok", {"a": 1}], ["ok", {"a": 1}], ["ok", {"a": 1}], ["ok", {"a": 1}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 3}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 3.2}], ["ok", {"a": "dup", "b": 3.25}], ["ok", {"a": "dup", "b": 3.25}]]], ["{\"a\": 1, \"b\": 2, \"a\": \"dup\", \"b\": 3.25}", "trailing", [["err"], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {"a": 1}], ["ok", {"a": 1}], ["ok", {"a": 1}], ["ok", {"a": 1}], ["ok", {"a": 1}], ["ok", {"a": 1}], ["ok", {"a": 1}], ["ok", {"a": 1}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": 1, "b": 2}], ["ok", {"a": "", "b": 2}], ["ok", {"a": "d", "b": 2}], ["ok", {"a": "du", "b": 2}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 3}], ["ok", {"a": "dup", "b": 2}], ["ok", {"a": "dup", "b": 3.2}], ["ok", {"a": "dup", "b": 3.25}], ["ok", {"a": "dup", "b": 3.25}]]], ["  {\"sp\" : [ true , false ] }  ", "on", [["err"], ["err"], ["err"], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {"sp": []}], ["ok", {"sp": []}], ["ok", {"sp": []}], ["ok", {"sp": []}], ["ok", {"sp": []}], ["ok", {"sp": [true]}], ["ok", {"sp": [true]}], ["ok", {"sp": [true]}], ["ok", {"sp": [true]}], ["ok", {"sp": [true]}], ["ok", {"sp": [true]}], ["ok", {"sp": [true]}], ["ok", {"sp": [true]}], ["ok", {"sp": [true, false]}], ["ok", {"sp": [true, false]}], ["ok", {"sp": [true, false]}], ["ok", {"sp": [true, false]}], ["ok", {"sp": [true, false]}], ["ok", {"sp": [true, false]}], ["ok", {"sp": [true, false]}]]], ["  {\"sp\" : [ true , false ] }  ", "trailing", [["err"], ["err"], ["err"], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {}], ["ok", {"sp": []}], ["ok", {"sp": []}], ["ok", {"sp": []}], ["ok", {"sp": []}], ["ok", {"sp": []}], ["ok", {"sp": [true]}], ["ok", {"sp": [true]}], ["ok", {"sp": [true]}], ["ok", {"sp": [true]}], ["ok", {"sp": [true]}], ["ok", {"sp": [true]}], ["ok", {"sp": [true]}], ["ok", {"sp": [true]}], ["ok", {"sp": [true, false]}], ["ok", {"sp": [true, false]}], ["ok", {"sp": [true, false]}], ["ok", {"sp": [true, false]}], ["ok", {"sp": [true, false]}], ["ok", {"sp": [true, false]}], ["ok", {"sp": [true, false]}]]]]"###;

fn snapshot_after(mode: PartialMode, pieces: &[&str]) -> Option<Value> {
    let mut p = PartialJson::with_mode(mode);
    for piece in pieces {
        p.push(piece).unwrap();
    }
    p.value().cloned()
}

fn snap(mode: PartialMode, text: &str) -> Option<Value> {
    snapshot_after(mode, &[text])
}

#[test]
fn every_prefix_matches_jiter() {
    let oracle: Vec<(String, String, Vec<Vec<Value>>)> =
        serde_json::from_str(JITER_ORACLE).unwrap();
    assert_eq!(oracle.len(), 14);
    for (input, mode, snaps) in oracle {
        let mode = if mode == "on" {
            PartialMode::On
        } else {
            PartialMode::TrailingStrings
        };
        let chars: Vec<(usize, char)> = input.char_indices().collect();
        assert_eq!(snaps.len(), chars.len() + 1);
        // Fed char by char: the snapshot after each char.
        let mut p = PartialJson::with_mode(mode);
        for (k, expected) in snaps.iter().enumerate() {
            if k > 0 {
                let c = chars[k - 1].1;
                p.push(c.encode_utf8(&mut [0; 4])).unwrap();
            }
            let prefix = &input[..chars.get(k).map_or(input.len(), |c| c.0)];
            let want = match expected[0].as_str() {
                Some("ok") => Some(expected[1].clone()),
                _ => None,
            };
            assert_eq!(p.value().cloned(), want, "{mode:?} prefix {prefix:?}");
            // The same prefix pushed whole.
            assert_eq!(snap(mode, prefix), want, "{mode:?} whole prefix {prefix:?}");
        }
        assert_eq!(
            p.finish().unwrap(),
            serde_json::from_str::<Value>(&input).unwrap()
        );
    }
}

const TOOL_INPUTS: &[&str] = &[
    r#"{"location": "San Francisco, CA", "unit": "celsius"}"#,
    r#"{"code": "fn main() {\n    println!(\"hi \\ there\");\n}\n", "path": "/tmp/a\u00e9\ud83d\ude00.rs"}"#,
    r#"{"a": {"b": {"c": [1, [2, [3, {"d": null}]]]}}, "e": [true, false, null]}"#,
    r#"{"n": [0, -0, 12, -345, 6.75, -8.5e-3, 9E+2, 1e0, 0.0001, 18446744073709551615, -9223372036854775808]}"#,
    r#"["mixed", 1, {"k": "v"}, [], {}, "", "\u0000\u001f\u2028"]"#,
    "  {\"ws\" :\t[ 1 ,\r\n 2 ] , \"emoji\": \"☕😀é\" }  ",
    r#""a top-level string""#,
    "12.5e-1",
];

#[test]
fn every_two_way_split_gives_the_final_value() {
    for mode in [PartialMode::TrailingStrings, PartialMode::On] {
        for input in TOOL_INPUTS {
            let want: Value = serde_json::from_str(input).unwrap();
            let whole = snap(mode, input);
            for (i, _) in input.char_indices() {
                let mut p = PartialJson::with_mode(mode);
                p.push(&input[..i]).unwrap();
                p.push(&input[i..]).unwrap();
                assert!(p.is_complete(), "{input} split at {i}");
                assert_eq!(p.finish().unwrap(), want, "{input} split at {i}");
                assert_eq!(p.value().cloned(), whole, "{input} split at {i}");
                assert_eq!(p.raw(), *input);
            }
        }
    }
}

#[test]
fn random_multi_splits_give_the_final_value_and_same_snapshots() {
    let mut rng = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for input in TOOL_INPUTS {
        let want: Value = serde_json::from_str(input).unwrap();
        let bounds: Vec<usize> = input.char_indices().map(|(i, _)| i).skip(1).collect();
        for _ in 0..200 {
            let mut cuts: Vec<usize> = (0..(next() % 8))
                .map(|_| next())
                .filter(|_| !bounds.is_empty())
                .map(|r| bounds[(r % bounds.len() as u64) as usize])
                .collect();
            cuts.sort_unstable();
            cuts.dedup();
            let mut p = PartialJson::new();
            let mut start = 0;
            for &c in &cuts {
                p.push(&input[start..c]).unwrap();
                // The snapshot at each cut equals the prefix pushed whole.
                assert_eq!(
                    p.value().cloned(),
                    snap(PartialMode::TrailingStrings, &input[..c])
                );
                start = c;
            }
            p.push(&input[start..]).unwrap();
            assert_eq!(p.finish().unwrap(), want);
        }
    }
}

#[test]
fn documented_snapshot_rules() {
    use PartialMode::{On, TrailingStrings as Tr};
    let cases: &[(&str, Option<Value>, Option<Value>)] = &[
        ("", None, None),
        ("  ", None, None),
        ("{", Some(json!({})), Some(json!({}))),
        (r#"{"a"#, Some(json!({})), Some(json!({}))),
        (r#"{"a""#, Some(json!({})), Some(json!({}))),
        (r#"{"a": "#, Some(json!({})), Some(json!({}))),
        (r#"{"a": "hel"#, Some(json!({})), Some(json!({"a": "hel"}))),
        (r#"{"a": ""#, Some(json!({})), Some(json!({"a": ""}))),
        (r#"{"a": "x\"#, Some(json!({})), Some(json!({"a": "x"}))),
        (r#"{"a": "x\u00"#, Some(json!({})), Some(json!({"a": "x"}))),
        (r#"{"a": "\ud83d"#, Some(json!({})), Some(json!({"a": ""}))),
        (
            r#"{"a": "\ud83d\ude"#,
            Some(json!({})),
            Some(json!({"a": ""})),
        ),
        (
            r#"{"a": "\ud83d\ude00"#,
            Some(json!({})),
            Some(json!({"a": "😀"})),
        ),
        (
            r#"{"a": 12"#,
            Some(json!({"a": 12})),
            Some(json!({"a": 12})),
        ),
        (
            r#"{"a": 1.5"#,
            Some(json!({"a": 1.5})),
            Some(json!({"a": 1.5})),
        ),
        (
            r#"{"a": 1e5"#,
            Some(json!({"a": 100000.0})),
            Some(json!({"a": 100000.0})),
        ),
        (
            r#"{"a": -3"#,
            Some(json!({"a": -3})),
            Some(json!({"a": -3})),
        ),
        (r#"{"a": 12."#, Some(json!({})), Some(json!({}))),
        (r#"{"a": 1.5e"#, Some(json!({})), Some(json!({}))),
        (r#"{"a": -"#, Some(json!({})), Some(json!({}))),
        (r#"{"a": -1.5E+"#, Some(json!({})), Some(json!({}))),
        (r#"{"a": tr"#, Some(json!({})), Some(json!({}))),
        (r#"{"a": nul"#, Some(json!({})), Some(json!({}))),
        (r#"{"a": fals"#, Some(json!({})), Some(json!({}))),
        (
            r#"{"a": true"#,
            Some(json!({"a": true})),
            Some(json!({"a": true})),
        ),
        (
            r#"{"a": null"#,
            Some(json!({"a": null})),
            Some(json!({"a": null})),
        ),
        (
            r#"{"a": "x""#,
            Some(json!({"a": "x"})),
            Some(json!({"a": "x"})),
        ),
        (
            r#"{"a": "x","#,
            Some(json!({"a": "x"})),
            Some(json!({"a": "x"})),
        ),
        (
            r#"{"a": [1, 2"#,
            Some(json!({"a": [1, 2]})),
            Some(json!({"a": [1, 2]})),
        ),
        (
            r#"{"a": [1, "x"#,
            Some(json!({"a": [1]})),
            Some(json!({"a": [1, "x"]})),
        ),
        (
            r#"{"a": {"b": "c"#,
            Some(json!({"a": {}})),
            Some(json!({"a": {"b": "c"}})),
        ),
        (
            r#"{"a": ["x", {"b""#,
            Some(json!({"a": ["x", {}]})),
            Some(json!({"a": ["x", {}]})),
        ),
        (
            r#"{"a": "hel", "b": "wor"#,
            Some(json!({"a": "hel"})),
            Some(json!({"a": "hel", "b": "wor"})),
        ),
        ("[", Some(json!([])), Some(json!([]))),
        ("[1,", Some(json!([1])), Some(json!([1]))),
        ("[-", Some(json!([])), Some(json!([]))),
        (r#""abc"#, None, Some(json!("abc"))),
        ("tru", None, None),
        ("-", None, None),
        ("12", Some(json!(12)), Some(json!(12))),
        (r#"{"a": 1}}"#, Some(json!({"a": 1})), Some(json!({"a": 1}))),
        (r#"{"a": 1}x"#, Some(json!({"a": 1})), Some(json!({"a": 1}))),
        (
            r#"{"a": 1}{"b": 2}"#,
            Some(json!({"a": 1})),
            Some(json!({"a": 1})),
        ),
        (
            r#"{"a": 1, "a": 12."#,
            Some(json!({"a": 1})),
            Some(json!({"a": 1})),
        ),
        (
            r#"{"a": 1, "a": 12"#,
            Some(json!({"a": 12})),
            Some(json!({"a": 12})),
        ),
        (
            r#"{"a": "x", "a": "y"#,
            Some(json!({"a": "x"})),
            Some(json!({"a": "y"})),
        ),
    ];
    for (text, on, tr) in cases {
        assert_eq!(&snap(On, text), on, "on: {text:?}");
        assert_eq!(&snap(Tr, text), tr, "trailing: {text:?}");
        // Char by char gives the same.
        let chars: Vec<String> = text.chars().map(String::from).collect();
        let pieces: Vec<&str> = chars.iter().map(String::as_str).collect();
        assert_eq!(
            &snapshot_after(Tr, &pieces),
            tr,
            "trailing char by char: {text:?}"
        );
        assert_eq!(
            &snapshot_after(On, &pieces),
            on,
            "on char by char: {text:?}"
        );
    }
}

#[test]
fn minus_zero_follows_serde_json() {
    // jiter gives the integer 0 for `-0`; serde_json (and so `finish`) gives -0.0.
    let mut p = PartialJson::new();
    p.push("[-0").unwrap();
    assert_eq!(
        p.value(),
        Some(&serde_json::from_str::<Value>("[-0]").unwrap())
    );
    p.push("]").unwrap();
    assert_eq!(
        p.finish().unwrap(),
        serde_json::from_str::<Value>("[-0]").unwrap()
    );
}

#[test]
fn dup_key_keeps_first_position() {
    let mut p = PartialJson::new();
    p.push(r#"{"a": 1, "b": 2, "a": 3"#).unwrap();
    assert_eq!(
        serde_json::to_string(p.value().unwrap()).unwrap(),
        r#"{"a":3,"b":2}"#
    );
    p.push(".").unwrap();
    assert_eq!(
        serde_json::to_string(p.value().unwrap()).unwrap(),
        r#"{"a":1,"b":2}"#
    );
    p.push("5}").unwrap();
    assert_eq!(
        serde_json::to_string(&p.finish().unwrap()).unwrap(),
        r#"{"a":3.5,"b":2}"#
    );
}

#[test]
fn finish_is_strict() {
    let err = |t: &str| {
        PartialJson::new()
            .push(t)
            .and_then(|()| PartialJson::new().finish().map(|_| ()))
    };
    let _ = err;
    let finish = |t: &str| {
        let mut p = PartialJson::new();
        match p.push(t) {
            Ok(()) => p.finish(),
            Err(e) => Err(e),
        }
    };
    assert_eq!(
        finish(""),
        Err(PartialJsonError::UnexpectedEnd { offset: 0 })
    );
    assert_eq!(
        finish("  "),
        Err(PartialJsonError::UnexpectedEnd { offset: 2 })
    );
    assert_eq!(
        finish(r#"{"a": "x"#),
        Err(PartialJsonError::UnexpectedEnd { offset: 8 })
    );
    assert_eq!(
        finish(r#"{"a": 1}}"#),
        Err(PartialJsonError::TrailingCharacters { offset: 8 })
    );
    assert_eq!(
        finish("[1,]"),
        Err(PartialJsonError::UnexpectedCharacter { ch: ']', offset: 3 })
    );
    assert_eq!(
        finish(r#"{"a":1,}"#),
        Err(PartialJsonError::UnexpectedCharacter { ch: '}', offset: 7 })
    );
    assert_eq!(
        finish("[01]"),
        Err(PartialJsonError::InvalidNumber { offset: 2 })
    );
    assert_eq!(
        finish("[1.]"),
        Err(PartialJsonError::InvalidNumber { offset: 3 })
    );
    assert_eq!(
        finish("[trux]"),
        Err(PartialJsonError::InvalidLiteral { offset: 4 })
    );
    assert_eq!(
        finish("[NaN]"),
        Err(PartialJsonError::UnexpectedCharacter { ch: 'N', offset: 1 })
    );
    assert_eq!(
        finish("[1e400]"),
        Err(PartialJsonError::NumberOutOfRange { offset: 1 })
    );
    assert_eq!(
        finish("\"a\tb\""),
        Err(PartialJsonError::ControlCharacterInString { offset: 2 })
    );
    assert_eq!(
        finish(r#""\x""#),
        Err(PartialJsonError::InvalidEscape { offset: 2 })
    );
    assert_eq!(
        finish(r#""\u12g4""#),
        Err(PartialJsonError::InvalidUnicodeEscape { offset: 5 })
    );
    assert_eq!(
        finish(r#""\ud800\u0041""#),
        Err(PartialJsonError::LoneSurrogate { offset: 12 })
    );
    assert_eq!(
        finish(r#""\ud800x""#),
        Err(PartialJsonError::LoneSurrogate { offset: 7 })
    );
    assert_eq!(
        finish(r#""\udc00""#),
        Err(PartialJsonError::LoneSurrogate { offset: 6 })
    );
    assert_eq!(
        finish("[1 2]"),
        Err(PartialJsonError::UnexpectedCharacter { ch: '2', offset: 3 })
    );
    assert_eq!(
        finish("[}"),
        Err(PartialJsonError::UnexpectedCharacter { ch: '}', offset: 1 })
    );
    assert_eq!(finish(" 42 "), Ok(json!(42)));
    assert_eq!(finish("null"), Ok(Value::Null));
    // Each of these is rejected by serde_json too.
    for bad in [
        "",
        "[1,]",
        "[01]",
        "[NaN]",
        "[1e400]",
        "\"a\tb\"",
        r#""\ud800\u0041""#,
        r#"{"a": 1}}"#,
    ] {
        assert!(serde_json::from_str::<Value>(bad).is_err(), "{bad}");
    }
}

#[test]
fn errors_are_sticky_and_raw_keeps_everything() {
    let mut p = PartialJson::new();
    p.push(r#"{"a": 1, "b" "#).unwrap();
    let e = p.push(r#"2}"#).unwrap_err();
    assert_eq!(
        e,
        PartialJsonError::UnexpectedCharacter {
            ch: '2',
            offset: 13
        }
    );
    assert_eq!(p.push("}"), Err(e.clone()));
    assert_eq!(p.error(), Some(&e));
    assert_eq!(p.raw(), r#"{"a": 1, "b" 2}}"#);
    assert_eq!(p.value(), Some(&json!({"a": 1})));
    assert_eq!(p.finish(), Err(e));
}

#[test]
fn depth_limit_matches_serde_json() {
    let ok = format!("{}{}", "[".repeat(127), "]".repeat(127));
    let deep = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert!(serde_json::from_str::<Value>(&ok).is_ok());
    assert!(serde_json::from_str::<Value>(&deep).is_err());
    let mut p = PartialJson::new();
    p.push(&ok).unwrap();
    assert_eq!(
        p.finish().unwrap(),
        serde_json::from_str::<Value>(&ok).unwrap()
    );
    let mut p = PartialJson::new();
    assert_eq!(
        p.push(&deep),
        Err(PartialJsonError::TooDeep {
            limit: 127,
            offset: 127
        })
    );
}

#[test]
fn long_string_in_many_fragments_is_appended_in_place() {
    let mut p = PartialJson::new();
    p.push(r#"{"content": ""#).unwrap();
    let mut want = String::new();
    for i in 0..20_000 {
        let piece = if i % 7 == 0 { "\\n\\u00e9" } else { "abc" };
        p.push(piece).unwrap();
        want.push_str(if i % 7 == 0 { "\né" } else { "abc" });
    }
    assert_eq!(p.value().unwrap()["content"].as_str().unwrap(), want);
    p.push("\"}").unwrap();
    assert_eq!(p.finish().unwrap(), json!({ "content": want }));
}

#[test]
fn long_number_shows_only_when_complete() {
    let digits = "1".repeat(150);
    let mut p = PartialJson::new();
    p.push(&format!("[{digits}")).unwrap();
    assert_eq!(p.value(), Some(&json!([])));
    p.push("]").unwrap();
    assert_eq!(
        p.finish().unwrap(),
        serde_json::from_str::<Value>(&format!("[{digits}]")).unwrap()
    );
}
