//! Partial JSON against a reference model: for generated JSON documents (nested objects
//! and arrays, duplicate keys, escapes, surrogate pairs, numbers of every form), the
//! incremental parser's snapshot after every piece of many random splits, and after every
//! byte, equals what a plain recursive-descent reading of the whole prefix gives under the
//! module's snapshot rules (`PartialJson`'s docs). The model re-reads the prefix from the
//! start each time and leans on serde_json for strings and numbers, so it shares no code
//! with the parser.

use anthropic_core::stream::partial_json::{MAX_DEPTH, MAX_PARTIAL_NUMBER_LEN};
use anthropic_core::stream::{PartialJson, PartialMode};
use serde_json::{Map, Value};

/// The snapshot rules, read from the whole prefix of a valid document.
struct Model<'a> {
    b: &'a [u8],
    s: &'a str,
    at: usize,
    mode: PartialMode,
}

/// What reading a value gave: the value if it shows, and whether it is complete.
type Read = (Option<Value>, bool);

impl Model<'_> {
    fn snapshot(s: &str, mode: PartialMode) -> Option<Value> {
        let mut m = Model {
            b: s.as_bytes(),
            s,
            at: 0,
            mode,
        };
        m.ws();
        m.value(false).0
    }

    fn ws(&mut self) {
        while self.b.get(self.at).is_some_and(|c| b" \t\r\n".contains(c)) {
            self.at += 1;
        }
    }

    fn end(&self) -> bool {
        self.at >= self.b.len()
    }

    /// Reads a value at `at` (not at the end). `key`: read a string as a key.
    fn value(&mut self, key: bool) -> Read {
        if self.end() {
            return (None, false);
        }
        match self.b[self.at] {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => self.string(key),
            b't' | b'f' | b'n' => self.literal(),
            _ => self.number(),
        }
    }

    fn object(&mut self) -> Read {
        self.at += 1;
        let mut map = Map::new();
        loop {
            self.ws();
            if self.end() {
                return (Some(Value::Object(map)), false);
            }
            if self.b[self.at] == b'}' {
                self.at += 1;
                return (Some(Value::Object(map)), true);
            }
            if self.b[self.at] == b',' {
                self.at += 1;
                self.ws();
            }
            let (Some(Value::String(k)), true) = self.value(true) else {
                return (Some(Value::Object(map)), false);
            };
            self.ws();
            if self.end() {
                return (Some(Value::Object(map)), false);
            }
            self.at += 1; // ':'
            self.ws();
            let (v, complete) = self.value(false);
            if let Some(v) = v {
                // The last duplicate wins, in the first one's place.
                map.insert(k, v);
            }
            if !complete {
                return (Some(Value::Object(map)), false);
            }
        }
    }

    fn array(&mut self) -> Read {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.ws();
            if self.end() {
                return (Some(Value::Array(items)), false);
            }
            match self.b[self.at] {
                b']' => {
                    self.at += 1;
                    return (Some(Value::Array(items)), true);
                }
                b',' => {
                    self.at += 1;
                    continue;
                }
                _ => {}
            }
            let (v, complete) = self.value(false);
            items.extend(v);
            if !complete {
                return (Some(Value::Array(items)), false);
            }
        }
    }

    fn string(&mut self, key: bool) -> Read {
        let start = self.at;
        let mut i = start + 1;
        while i < self.b.len() && self.b[i] != b'"' {
            i += if self.b[i] == b'\\' { 2 } else { 1 };
        }
        if i < self.b.len() {
            self.at = i + 1;
            let v: String = serde_json::from_str(&self.s[start..=i]).unwrap();
            return (Some(Value::String(v)), true);
        }
        self.at = self.b.len();
        if key || self.mode == PartialMode::On {
            return (None, false);
        }
        // Trailing strings: as much as decodes, an escape or surrogate pair still
        // arriving left out.
        let body = &self.s[start + 1..];
        for cut in (0..=body.len()).rev() {
            if !body.is_char_boundary(cut) {
                continue;
            }
            if let Ok(v) = serde_json::from_str::<String>(&format!("\"{}\"", &body[..cut])) {
                return (Some(Value::String(v)), false);
            }
        }
        unreachable!("the empty string decodes")
    }

    fn literal(&mut self) -> Read {
        let word: &[u8] = match self.b[self.at] {
            b't' => b"true",
            b'f' => b"false",
            _ => b"null",
        };
        if self.b.len() - self.at < word.len() {
            self.at = self.b.len();
            return (None, false);
        }
        self.at += word.len();
        let v = match word {
            b"true" => Value::Bool(true),
            b"false" => Value::Bool(false),
            _ => Value::Null,
        };
        (Some(v), true)
    }

    fn number(&mut self) -> Read {
        let start = self.at;
        while self
            .b
            .get(self.at)
            .is_some_and(|c| b"+-.eE0123456789".contains(c))
        {
            self.at += 1;
        }
        let text = &self.s[start..self.at];
        if !self.end() {
            return (Some(serde_json::from_str(text).unwrap()), true);
        }
        // Still arriving: shows while valid as it stands and short.
        let shown = serde_json::from_str(text)
            .ok()
            .filter(|_| text.len() <= MAX_PARTIAL_NUMBER_LEN);
        (shown, false)
    }
}

/// xorshift64: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "7",
    "-3",
    "12",
    "1234567890",
    "123456789012345",
    "1234567890123456",
    "-999999999999999",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "0.5",
    "-0.0",
    "3.25",
    "1.50",
    "0.1",
    "0.30000000000000004",
    "123456789.123456",
    "12345678901234.5",
    "1234567890123.45678",
    "0.000001",
    "1e5",
    "1E+2",
    "-8.5e-3",
    "2.5E10",
    "1e-7",
    "9007199254740993",
    "9007199254740993.0",
];

const STRINGS: &[&str] = &[
    r#""""#,
    r#""plain text""#,
    r#""row 12 \"quoted\" é""#,
    r#""tab\tnew\nline\\slash\/""#,
    r#""\u00e9\u2603\ud83d\ude00""#,
    r#""☕ 😀 é""#,
    r#""\b\f\r""#,
];

const KEYS: &[&str] = &[
    r#""id""#,
    r#""name""#,
    r#""a""#,
    r#""a""#,
    r#""b""#,
    r#""ké\"y""#,
    r#""""#,
];

const SPACE: &[&str] = &["", "", "", " ", "\n  ", "\t"];

fn gen_value(r: &mut Rng, out: &mut String, depth: usize) {
    let kind = if depth >= 5 {
        2 + r.below(4)
    } else {
        r.below(6)
    };
    match kind {
        0 => {
            out.push('{');
            for i in 0..r.below(5) {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(r.pick(SPACE));
                out.push_str(r.pick(KEYS));
                out.push_str(r.pick(SPACE));
                out.push(':');
                out.push_str(r.pick(SPACE));
                gen_value(r, out, depth + 1);
                out.push_str(r.pick(SPACE));
            }
            out.push('}');
        }
        1 => {
            out.push('[');
            for i in 0..r.below(5) {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(r.pick(SPACE));
                gen_value(r, out, depth + 1);
                out.push_str(r.pick(SPACE));
            }
            out.push(']');
        }
        2 => out.push_str(r.pick(NUMBERS)),
        3 => out.push_str(r.pick(STRINGS)),
        4 => out.push_str(r.pick(&["true", "false", "null"])),
        _ => out.push_str(r.pick(NUMBERS)),
    }
}

fn documents() -> Vec<String> {
    let mut r = Rng(0x2545_f491_4f6c_dd1d);
    let mut docs = Vec::new();
    while docs.len() < 60 {
        let mut d = String::new();
        d.push_str(r.pick(SPACE));
        // Mostly objects, as tool inputs are.
        if docs.len() % 4 == 0 {
            gen_value(&mut r, &mut d, 0);
        } else {
            d.push_str(r#"{"rows": ["#);
            for i in 0..(1 + r.below(4)) {
                if i > 0 {
                    d.push_str(", ");
                }
                gen_value(&mut r, &mut d, 1);
            }
            d.push_str("], \"last\": ");
            gen_value(&mut r, &mut d, 1);
            d.push('}');
        }
        d.push_str(r.pick(SPACE));
        if d.len() <= 400 {
            docs.push(d);
        }
    }
    docs
}

fn check_prefixes(mode: PartialMode, doc: &str, cuts: &[usize]) {
    let mut p = PartialJson::with_mode(mode);
    let mut start = 0;
    for &c in cuts.iter().chain(std::iter::once(&doc.len())) {
        p.push(&doc[start..c]).unwrap();
        start = c;
        assert_eq!(
            p.value(),
            Model::snapshot(&doc[..c], mode).as_ref(),
            "{mode:?} prefix {:?} of {doc:?}",
            &doc[..c]
        );
    }
    let want: Value = serde_json::from_str(doc).unwrap();
    assert_eq!(p.finish().unwrap(), want, "{doc:?}");
    assert_eq!(p.take_finished().unwrap(), want, "{doc:?}");
}

#[test]
fn snapshots_match_the_model_for_every_byte_and_random_splits() {
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    for doc in documents() {
        let bounds: Vec<usize> = doc.char_indices().map(|(i, _)| i).skip(1).collect();
        for mode in [PartialMode::TrailingStrings, PartialMode::On] {
            // Every character.
            check_prefixes(mode, &doc, &bounds);
            // Random pieces, as the API streams them.
            for _ in 0..20 {
                let mut cuts: Vec<usize> = (0..r.below(12))
                    .filter(|_| !bounds.is_empty())
                    .map(|_| bounds[r.below(bounds.len())])
                    .collect();
                cuts.sort_unstable();
                cuts.dedup();
                check_prefixes(mode, &doc, &cuts);
            }
        }
    }
}

#[test]
fn deep_nesting_with_duplicate_keys_matches_the_model() {
    // MAX_DEPTH levels, alternating objects and arrays, a value beside each container and
    // a duplicate key whose second value is the next container, so that the open
    // container at each level is found by its key.
    let mut doc = String::new();
    for level in 0..MAX_DEPTH {
        if level % 2 == 0 {
            doc.push_str(&format!(r#"{{"k": {level}, "n": 1.5, "k": "#));
        } else {
            doc.push_str(&format!(r#"["s{level}", -{level}, "#));
        }
    }
    doc.push_str("null");
    for level in (0..MAX_DEPTH).rev() {
        doc.push_str(if level % 2 == 0 {
            r#", "z": true}"#
        } else {
            "]"
        });
    }
    assert!(serde_json::from_str::<Value>(&doc).is_ok());
    let mut r = Rng(0xdead_beef_cafe_f00d);
    for mode in [PartialMode::TrailingStrings, PartialMode::On] {
        for _ in 0..10 {
            let mut cuts: Vec<usize> = (0..40).map(|_| 1 + r.below(doc.len() - 1)).collect();
            cuts.sort_unstable();
            cuts.dedup();
            check_prefixes(mode, &doc, &cuts);
        }
    }
}

#[test]
fn short_numbers_parse_as_serde_json_does() {
    // Every number the fast path takes, and the ones it leaves to serde_json, in a
    // container and at the top level, whole and cut after each byte.
    let mut more: Vec<String> = NUMBERS.iter().map(|s| s.to_string()).collect();
    let mut r = Rng(7);
    for _ in 0..2000 {
        let digits = 1 + r.below(17);
        let mut n = String::new();
        if r.below(2) == 0 {
            n.push('-');
        }
        for k in 0..digits {
            let d = if k == 0 { 1 + r.below(9) } else { r.below(10) };
            n.push(char::from(b'0' + d as u8));
        }
        if digits >= 2 && r.below(2) == 0 {
            // 1 to 16 digits after the dot, at least one before it.
            let frac = 1 + r.below((digits - 1).min(16));
            n.insert(n.len() - frac, '.');
        }
        more.push(n);
    }
    for n in &more {
        let want: Value = serde_json::from_str(n).unwrap();
        let mut p = PartialJson::new();
        p.push(n).unwrap();
        assert_eq!(p.finish().unwrap(), want, "{n}");
        let doc = format!("[{n}]");
        let mut p = PartialJson::new();
        for (i, ch) in doc.char_indices() {
            p.push(ch.encode_utf8(&mut [0; 4])).unwrap();
            let prefix = &doc[..i + ch.len_utf8()];
            assert_eq!(
                p.value(),
                Model::snapshot(prefix, PartialMode::On).as_ref(),
                "{prefix}"
            );
        }
        assert_eq!(p.finish().unwrap(), Value::Array(vec![want]), "{n}");
    }
}
