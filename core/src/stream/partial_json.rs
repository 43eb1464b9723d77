//! Incremental, tolerant parser for JSON text that arrives in fragments.
//!
//! A streamed `tool_use` block's input arrives as `input_json_delta.partial_json`
//! fragments. The Python SDK 0.76.0 re-parses the whole buffer with jiter's partial mode
//! on every fragment (quadratic in the input length). [`PartialJson`] gives the same
//! snapshots with an incremental state machine: a stack of open containers, the
//! [`Value`] being built, and string text appended in place. Each
//! [`PartialJson::push`] costs amortized O(fragment length + nesting depth); the text
//! received so far is never parsed again. The raw text is kept too
//! ([`PartialJson::raw`]) because the final message keeps the exact JSON.
//!
//! ```
//! use anthropic_core::stream::PartialJson;
//! use serde_json::json;
//!
//! let mut p = PartialJson::new();
//! p.push(r#"{"a": "hel"#)?;
//! assert_eq!(p.value(), Some(&json!({"a": "hel"})));
//! p.push(r#"lo", "n": 1"#)?;
//! assert_eq!(p.value(), Some(&json!({"a": "hello", "n": 1})));
//! p.push("2}")?;
//! assert!(p.is_complete());
//! assert_eq!(p.finish()?, json!({"a": "hello", "n": 12}));
//! assert_eq!(p.raw(), r#"{"a": "hello", "n": 12}"#);
//! # Ok::<(), anthropic_core::stream::PartialJsonError>(())
//! ```
//!
//! # Snapshot rules
//!
//! [`PartialJson::value`] is what jiter's `from_json(partial_mode=...)` returns for the text
//! received so far (checked against jiter 0.12 with the vectors in
//! `core/tests/stream_partial_json.rs`; `None` where jiter raises):
//!
//! | text so far | snapshot |
//! |---|---|
//! | empty, whitespace only | `None` |
//! | `{`, `{"a`, `{"a"`, `{"a":`, `{"a": ` (a key, however far received, shows nothing until its value starts to show) | `{}` |
//! | `{"a": "hel` | [`PartialMode::TrailingStrings`]: `{"a":"hel"}`; [`PartialMode::On`]: `{}` (a string shows only once closed) |
//! | `{"a": "` | trailing: `{"a":""}` |
//! | `{"a": "x\`, `{"a": "x\u00`, `{"a": "x\ud83d` (an escape or a surrogate pair not yet complete) | trailing: `{"a":"x"}` |
//! | `{"a": 12`, `{"a": -3`, `{"a": 1.5`, `{"a": 0` (the number so far is a valid number) | `{"a":12}` … (it may still grow) |
//! | `{"a": -`, `{"a": 12.`, `{"a": 1e`, `{"a": 1e+` (a number not valid as it stands) | `{}` |
//! | `{"a": tr`, `{"a": nul` (a literal not yet complete) | `{}` |
//! | `{"a": true`, `{"a": null` | `{"a":true}`, `{"a":null}` |
//! | `{"a": [1, 2`, `[1,`, `[` | `{"a":[1,2]}`, `[1]`, `[]` |
//! | `{"a": {"b"`, `{"a": [` (an open container shows at once) | `{"a":{}}`, `{"a":[]}` |
//! | `"abc` (top level) | trailing: `"abc"`; on: `None` |
//! | `tru`, `-` (top level) | `None` |
//! | `{"a": 1}}`, `{"a": 1}x` (anything after a complete value) | `{"a":1}` (ignored, as jiter does; [`PartialJson::finish`] rejects it) |
//!
//! Duplicate keys: the last one wins and keeps the first one's position (as jiter's dict and
//! serde_json's `preserve_order` map do). A value that shows only once complete (a
//! number, a literal, an `On`-mode string) does not replace an earlier duplicate until it
//! shows: `{"a": 1, "a": 12.` is `{"a":1}`.
//!
//! # Where it differs from jiter
//!
//! - `NaN`, `Infinity` and `-Infinity` are syntax errors (jiter accepts them; serde_json
//!   cannot represent them, and the API does not send them).
//! - Numbers are parsed by serde_json: integers beyond 64 bits become floats (jiter keeps
//!   them exact) and a float beyond the `f64` range (`1e400`) is
//!   [`PartialJsonError::NumberOutOfRange`] (jiter gives infinity).
//! - A number still arriving is shown only while its text is at most
//!   [`MAX_PARTIAL_NUMBER_LEN`] bytes; a longer one shows once it is complete. Re-reading
//!   an ever longer number on every push would make the cost quadratic.
//! - Nesting deeper than [`MAX_DEPTH`] is [`PartialJsonError::TooDeep`], the limit
//!   serde_json applies, so [`PartialJson::finish`] accepts exactly what
//!   `serde_json::from_str` accepts.
//!
//! # Errors
//!
//! A syntax error is reported by the [`PartialJson::push`] that brings it, and the parser
//! then stays failed: later pushes only append to [`PartialJson::raw`] and return the same
//! error. The snapshot keeps what was accepted before the error.

use std::fmt;

use serde_json::{Map, Value};

/// Nesting limit (arrays and objects), the same as serde_json's.
pub const MAX_DEPTH: usize = 127;

/// Longest number text shown in a snapshot before the number is complete.
pub const MAX_PARTIAL_NUMBER_LEN: usize = 100;

/// How strings still arriving show in the snapshot (jiter's `partial_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PartialMode {
    /// jiter `partial_mode="trailing-strings"`: a string value shows as far as received.
    /// Used by the Python SDK's beta helper with `fine-grained-tool-streaming-2025-05-14`
    /// and by its `parsed_snapshot()`.
    #[default]
    TrailingStrings,
    /// jiter `partial_mode=True`: a string value shows only once closed. The Python SDK's
    /// default for tool inputs.
    On,
}

/// Why the text is not (the beginning of) one JSON value. Offsets are byte offsets into
/// [`PartialJson::raw`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartialJsonError {
    /// A character that cannot appear here.
    UnexpectedCharacter {
        /// The character.
        ch: char,
        /// Its offset.
        offset: usize,
    },
    /// A raw control character (below U+0020) inside a string.
    ControlCharacterInString {
        /// Its offset.
        offset: usize,
    },
    /// A backslash followed by a character that does not form an escape.
    InvalidEscape {
        /// Offset of the character after the backslash.
        offset: usize,
    },
    /// A `\u` escape with a character that is not a hex digit.
    InvalidUnicodeEscape {
        /// Offset of that character.
        offset: usize,
    },
    /// A `\u` escape for half of a surrogate pair without its other half.
    LoneSurrogate {
        /// Offset where the other half was expected (or of the lone low half's last digit).
        offset: usize,
    },
    /// A number that does not follow the JSON grammar (`01`, `1.`, `-x`, `1e`).
    InvalidNumber {
        /// Offset of the character that broke it.
        offset: usize,
    },
    /// A number outside the range of `f64`.
    NumberOutOfRange {
        /// Offset of the number's first character.
        offset: usize,
    },
    /// A misspelled `true`, `false` or `null`.
    InvalidLiteral {
        /// Offset of the first wrong character.
        offset: usize,
    },
    /// Arrays and objects nested deeper than [`MAX_DEPTH`].
    TooDeep {
        /// The limit.
        limit: usize,
        /// Offset of the bracket that went past it.
        offset: usize,
    },
    /// Non-whitespace text after the complete value (only [`PartialJson::finish`] reports it).
    TrailingCharacters {
        /// Offset of the first such character.
        offset: usize,
    },
    /// The text ends before the value does, or holds no value at all (only
    /// [`PartialJson::finish`] reports it).
    UnexpectedEnd {
        /// The length of the text.
        offset: usize,
    },
}

impl fmt::Display for PartialJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnexpectedCharacter { ch, offset } => {
                write!(f, "unexpected character {ch:?} at byte {offset}")
            }
            Self::ControlCharacterInString { offset } => {
                write!(f, "control character in string at byte {offset}")
            }
            Self::InvalidEscape { offset } => write!(f, "invalid escape at byte {offset}"),
            Self::InvalidUnicodeEscape { offset } => {
                write!(f, "invalid \\u escape at byte {offset}")
            }
            Self::LoneSurrogate { offset } => {
                write!(f, "lone surrogate in \\u escape at byte {offset}")
            }
            Self::InvalidNumber { offset } => write!(f, "invalid number at byte {offset}"),
            Self::NumberOutOfRange { offset } => {
                write!(f, "number out of range at byte {offset}")
            }
            Self::InvalidLiteral { offset } => write!(f, "invalid literal at byte {offset}"),
            Self::TooDeep { limit, offset } => {
                write!(f, "nesting deeper than {limit} at byte {offset}")
            }
            Self::TrailingCharacters { offset } => {
                write!(f, "trailing characters at byte {offset}")
            }
            Self::UnexpectedEnd { offset } => write!(f, "unexpected end of JSON at byte {offset}"),
        }
    }
}

impl std::error::Error for PartialJsonError {}

/// An open array or object.
#[derive(Debug)]
struct Frame {
    object: bool,
    /// Objects: the key of the member being parsed (or just parsed), unless `last`.
    key: String,
    /// Objects: the member is the map's last entry, and its key moved into the map (so
    /// an insert never copies its key, and finding the member needs no hashing).
    last: bool,
}

impl Frame {
    /// The member of `map` this frame is parsing.
    fn member<'a>(&self, map: &'a mut Map<String, Value>) -> Option<&'a mut Value> {
        if self.last {
            map.values_mut().next_back()
        } else {
            map.get_mut(self.key.as_str())
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Num {
    Minus,
    Zero,
    Int,
    Dot,
    Frac,
    E,
    ESign,
    Exp,
}

impl Num {
    fn complete(self) -> bool {
        matches!(self, Num::Zero | Num::Int | Num::Frac | Num::Exp)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Esc {
    /// Plain string text.
    None,
    /// After a backslash.
    Backslash,
    /// Inside `\uXXXX`: `n` digits read so far; `high` is a pending high surrogate.
    Hex { n: u8, code: u32, high: Option<u32> },
    /// After a high surrogate escape: a backslash must follow.
    NeedBackslash { high: u32 },
    /// After a high surrogate escape and a backslash: `u` must follow.
    NeedU { high: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// A value must come (top level start, after `:`, after `,` in an array).
    Value,
    /// After `[`: a value or `]`.
    ArrayFirst,
    /// After `{`: a key or `}`.
    ObjectFirst,
    /// After `,` in an object: a key.
    ObjectKey,
    /// After a key: `:`.
    Colon,
    /// After a value inside a container: `,` or the closing bracket.
    AfterValue,
    /// Inside a string.
    Str { key: bool, esc: Esc },
    /// Inside a number; its text is in `num`, it started at `num_start`.
    Number(Num),
    /// Inside `true`, `false` or `null`; `matched` bytes of `word` read.
    Literal { word: &'static [u8], matched: u8 },
    /// The top-level value is complete; only whitespace may follow.
    Done,
    /// Something other than whitespace followed the complete value; ignored.
    Trailing { offset: usize },
}

/// Where a number shown before completion was put, to take it back out.
#[derive(Debug)]
enum Shown {
    Root,
    Array,
    Object { previous: Option<Value> },
}

/// Incremental partial-JSON parser. See the module docs.
#[derive(Debug)]
pub struct PartialJson {
    mode: PartialMode,
    raw: String,
    root: Option<Value>,
    frames: Vec<Frame>,
    state: State,
    /// Decoded string text not yet written into the tree.
    scratch: String,
    /// Text of the number being read.
    num: String,
    num_start: usize,
    shown: Option<Shown>,
    error: Option<PartialJsonError>,
}

impl Default for PartialJson {
    fn default() -> Self {
        Self::new()
    }
}

impl PartialJson {
    /// A parser in [`PartialMode::TrailingStrings`].
    pub fn new() -> Self {
        Self::with_mode(PartialMode::TrailingStrings)
    }

    /// A parser with the given snapshot mode.
    pub fn with_mode(mode: PartialMode) -> Self {
        Self {
            mode,
            raw: String::new(),
            root: None,
            frames: Vec::new(),
            state: State::Value,
            scratch: String::new(),
            num: String::new(),
            num_start: 0,
            shown: None,
            error: None,
        }
    }

    /// The snapshot mode.
    pub fn mode(&self) -> PartialMode {
        self.mode
    }

    /// All text pushed so far, exactly.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The snapshot of the text so far (see the module docs), or `None` where jiter would
    /// raise because no value shows yet (empty or whitespace-only text, an unfinished
    /// top-level literal or number, a top-level string in [`PartialMode::On`]).
    pub fn value(&self) -> Option<&Value> {
        self.root.as_ref()
    }

    /// Takes the snapshot out of the parser.
    pub fn into_value(self) -> Option<Value> {
        self.root
    }

    /// The error that stopped the parser, if any.
    pub fn error(&self) -> Option<&PartialJsonError> {
        self.error.as_ref()
    }

    /// Whether the text so far is exactly one JSON value plus optional whitespace, so
    /// that [`PartialJson::finish`] succeeds. A top-level number counts as complete even
    /// though more digits could follow.
    pub fn is_complete(&self) -> bool {
        self.error.is_none()
            && match self.state {
                State::Done => true,
                State::Number(n) => {
                    n.complete() && self.frames.is_empty() && self.parse_number().is_ok()
                }
                _ => false,
            }
    }

    /// Appends a fragment. Fails on the first byte that cannot continue a JSON value;
    /// the error is then returned by every later push (which still extends
    /// [`PartialJson::raw`]).
    pub fn push(&mut self, fragment: &str) -> Result<(), PartialJsonError> {
        let base = self.raw.len();
        self.raw.push_str(fragment);
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        self.hide_number();
        let result = self.run(fragment, base);
        self.flush_string();
        self.show_number();
        if let Err(e) = &result {
            self.error = Some(e.clone());
        }
        result
    }

    /// The complete value, strictly: the whole text must be one JSON value plus optional
    /// whitespace (what `serde_json::from_str` accepts, with the same result).
    pub fn finish(&self) -> Result<Value, PartialJsonError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        match self.state {
            State::Done => self.root.clone().ok_or(PartialJsonError::UnexpectedEnd {
                offset: self.raw.len(),
            }),
            State::Trailing { offset } => Err(PartialJsonError::TrailingCharacters { offset }),
            State::Number(n) if n.complete() && self.frames.is_empty() => self.parse_number(),
            _ => Err(PartialJsonError::UnexpectedEnd {
                offset: self.raw.len(),
            }),
        }
    }

    /// [`finish`](Self::finish), moving the value out of the parser instead of copying
    /// it (on success; on an error nothing is taken). The parser then shows no value.
    pub fn take_finished(&mut self) -> Result<Value, PartialJsonError> {
        match (&self.error, self.state) {
            (None, State::Done) => self.root.take().ok_or(PartialJsonError::UnexpectedEnd {
                offset: self.raw.len(),
            }),
            _ => self.finish(),
        }
    }

    /// Takes the snapshot out of the parser, leaving it showing no value.
    pub fn take_value(&mut self) -> Option<Value> {
        self.root.take()
    }

    fn parse_number(&self) -> Result<Value, PartialJsonError> {
        serde_json::from_str::<Value>(&self.num).map_err(|_| PartialJsonError::NumberOutOfRange {
            offset: self.num_start,
        })
    }

    /// Shows a number still arriving (end of a push).
    fn show_number(&mut self) {
        let State::Number(n) = self.state else { return };
        if !n.complete() || self.num.len() > MAX_PARTIAL_NUMBER_LEN {
            return;
        }
        let Ok(v) = self.parse_number() else { return };
        let shown = match self.frames.last() {
            None => {
                self.root = Some(v);
                Shown::Root
            }
            Some(f) if !f.object => {
                if let Some(Value::Array(a)) = container(&mut self.root, &self.frames) {
                    a.push(v);
                }
                Shown::Array
            }
            Some(_) => Shown::Object {
                previous: self.insert(v),
            },
        };
        self.shown = Some(shown);
    }

    /// Takes back the number shown at the end of the previous push.
    fn hide_number(&mut self) {
        let Some(shown) = self.shown.take() else {
            return;
        };
        match shown {
            Shown::Root => self.root = None,
            Shown::Array => {
                if let Some(Value::Array(a)) = container(&mut self.root, &self.frames) {
                    a.pop();
                }
            }
            Shown::Object { previous } => {
                let Some(Value::Object(m)) = container(&mut self.root, &self.frames) else {
                    return;
                };
                let Some(frame) = self.frames.last_mut() else {
                    return;
                };
                match previous {
                    Some(p) => {
                        m.insert(frame.key.clone(), p);
                    }
                    None if frame.last => {
                        // The shown number was the last entry: take it out, key back.
                        if let Some(key) = m.keys().next_back().cloned() {
                            m.shift_remove(key.as_str());
                            frame.key = key;
                        }
                        frame.last = false;
                    }
                    None => {
                        m.shift_remove(frame.key.as_str());
                    }
                }
            }
        }
    }

    /// Writes decoded string text into the string value in the tree (trailing mode).
    fn flush_string(&mut self) {
        if self.scratch.is_empty() || self.mode != PartialMode::TrailingStrings {
            return;
        }
        if let State::Str { key: false, .. } = self.state {
            if let Some(Value::String(s)) = slot(&mut self.root, &self.frames) {
                s.push_str(&self.scratch);
            }
            self.scratch.clear();
        }
    }

    /// Puts a value where the next value goes; returns the value it replaced (objects).
    fn insert(&mut self, v: Value) -> Option<Value> {
        if self.frames.is_empty() {
            return self.root.replace(v);
        }
        let container = container(&mut self.root, &self.frames);
        let f = self.frames.last_mut()?;
        match container {
            Some(Value::Array(a)) => {
                a.push(v);
                None
            }
            Some(Value::Object(m)) if f.last => {
                // A second value for the same member (a number shown, then the next).
                m.values_mut()
                    .next_back()
                    .map(|slot| std::mem::replace(slot, v))
            }
            Some(Value::Object(m)) => match m.entry(std::mem::take(&mut f.key)) {
                serde_json::map::Entry::Vacant(e) => {
                    e.insert(v);
                    f.last = true;
                    None
                }
                serde_json::map::Entry::Occupied(mut e) => {
                    // A duplicate key: the last value wins, in the first one's place.
                    f.key = e.key().clone();
                    Some(e.insert(v))
                }
            },
            _ => None,
        }
    }

    fn value_done(&mut self) {
        self.state = if self.frames.is_empty() {
            State::Done
        } else {
            State::AfterValue
        };
    }

    fn open(&mut self, object: bool, offset: usize) -> Result<(), PartialJsonError> {
        if self.frames.len() >= MAX_DEPTH {
            return Err(PartialJsonError::TooDeep {
                limit: MAX_DEPTH,
                offset,
            });
        }
        let v = if object {
            Value::Object(Map::new())
        } else {
            Value::Array(Vec::new())
        };
        self.insert(v);
        self.frames.push(Frame {
            object,
            key: String::new(),
            last: false,
        });
        self.state = if object {
            State::ObjectFirst
        } else {
            State::ArrayFirst
        };
        Ok(())
    }

    fn close(&mut self, object: bool, ch: char, offset: usize) -> Result<(), PartialJsonError> {
        match self.frames.last() {
            Some(f) if f.object == object => {
                self.frames.pop();
                self.value_done();
                Ok(())
            }
            _ => Err(PartialJsonError::UnexpectedCharacter { ch, offset }),
        }
    }

    /// Starts a value at byte `c`. Returns `false` if `c` cannot start one.
    fn start_value(&mut self, c: u8, offset: usize) -> Result<bool, PartialJsonError> {
        match c {
            b'{' => self.open(true, offset)?,
            b'[' => self.open(false, offset)?,
            b'"' => {
                if self.mode == PartialMode::TrailingStrings {
                    self.insert(Value::String(String::new()));
                }
                self.scratch.clear();
                self.state = State::Str {
                    key: false,
                    esc: Esc::None,
                };
            }
            b'-' | b'0'..=b'9' => {
                self.num.clear();
                self.num.push(c as char);
                self.num_start = offset;
                self.state = State::Number(match c {
                    b'-' => Num::Minus,
                    b'0' => Num::Zero,
                    _ => Num::Int,
                });
            }
            b't' => self.state = literal(b"true"),
            b'f' => self.state = literal(b"false"),
            b'n' => self.state = literal(b"null"),
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn end_string(&mut self) {
        match self.state {
            State::Str { key: true, .. } => self.state = State::Colon,
            _ => {
                match self.mode {
                    PartialMode::TrailingStrings => self.flush_string(),
                    PartialMode::On => {
                        let s = std::mem::take(&mut self.scratch);
                        self.insert(Value::String(s));
                    }
                }
                self.value_done();
            }
        }
    }

    /// Where decoded string text goes: the key being read or the scratch buffer.
    fn string_out(&mut self, key: bool) -> &mut String {
        if key {
            if let Some(f) = self.frames.last_mut() {
                return &mut f.key;
            }
        }
        &mut self.scratch
    }

    fn run(&mut self, s: &str, base: usize) -> Result<(), PartialJsonError> {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            let offset = base + i;
            let unexpected = || PartialJsonError::UnexpectedCharacter {
                ch: s[i..].chars().next().unwrap_or('\u{fffd}'),
                offset,
            };
            match self.state {
                State::Str {
                    key,
                    esc: Esc::None,
                } => {
                    let rest = &b[i..];
                    let n = rest
                        .iter()
                        .position(|&x| x == b'"' || x == b'\\' || x < 0x20)
                        .unwrap_or(rest.len());
                    self.string_out(key).push_str(&s[i..i + n]);
                    i += n;
                    let Some(&c) = b.get(i) else { break };
                    match c {
                        b'"' => self.end_string(),
                        b'\\' => {
                            self.state = State::Str {
                                key,
                                esc: Esc::Backslash,
                            }
                        }
                        _ => {
                            return Err(PartialJsonError::ControlCharacterInString {
                                offset: base + i,
                            });
                        }
                    }
                    i += 1;
                }
                State::Str { key, esc } => {
                    let mut esc_next = Esc::None;
                    match esc {
                        Esc::None => {}
                        Esc::Backslash => {
                            let ch = match c {
                                b'"' => '"',
                                b'\\' => '\\',
                                b'/' => '/',
                                b'b' => '\u{8}',
                                b'f' => '\u{c}',
                                b'n' => '\n',
                                b'r' => '\r',
                                b't' => '\t',
                                b'u' => {
                                    esc_next = Esc::Hex {
                                        n: 0,
                                        code: 0,
                                        high: None,
                                    };
                                    '\0'
                                }
                                _ => return Err(PartialJsonError::InvalidEscape { offset }),
                            };
                            if c != b'u' {
                                self.string_out(key).push(ch);
                            }
                        }
                        Esc::Hex { n, code, high } => {
                            let d = match c {
                                b'0'..=b'9' => c - b'0',
                                b'a'..=b'f' => c - b'a' + 10,
                                b'A'..=b'F' => c - b'A' + 10,
                                _ => return Err(PartialJsonError::InvalidUnicodeEscape { offset }),
                            };
                            let code = code * 16 + u32::from(d);
                            if n < 3 {
                                esc_next = Esc::Hex {
                                    n: n + 1,
                                    code,
                                    high,
                                };
                            } else {
                                let lone = PartialJsonError::LoneSurrogate { offset };
                                let ch = match (high, code) {
                                    (Some(h), 0xDC00..=0xDFFF) => char::from_u32(
                                        0x10000 + ((h - 0xD800) << 10) + (code - 0xDC00),
                                    ),
                                    (Some(_), _) => return Err(lone),
                                    (None, 0xD800..=0xDBFF) => {
                                        esc_next = Esc::NeedBackslash { high: code };
                                        None
                                    }
                                    (None, 0xDC00..=0xDFFF) => return Err(lone),
                                    (None, _) => char::from_u32(code),
                                };
                                if let Some(ch) = ch {
                                    self.string_out(key).push(ch);
                                }
                            }
                        }
                        Esc::NeedBackslash { high } => {
                            if c != b'\\' {
                                return Err(PartialJsonError::LoneSurrogate { offset });
                            }
                            esc_next = Esc::NeedU { high };
                        }
                        Esc::NeedU { high } => {
                            if c != b'u' {
                                return Err(PartialJsonError::LoneSurrogate { offset });
                            }
                            esc_next = Esc::Hex {
                                n: 0,
                                code: 0,
                                high: Some(high),
                            };
                        }
                    }
                    self.state = State::Str { key, esc: esc_next };
                    i += 1;
                }
                State::Number(n) => {
                    let next = match (n, c) {
                        (Num::Minus, b'0') => Some(Num::Zero),
                        (Num::Minus, b'1'..=b'9') => Some(Num::Int),
                        (Num::Zero, b'0'..=b'9') => {
                            return Err(PartialJsonError::InvalidNumber { offset });
                        }
                        (Num::Int, b'0'..=b'9') => Some(Num::Int),
                        (Num::Zero | Num::Int, b'.') => Some(Num::Dot),
                        (Num::Dot | Num::Frac, b'0'..=b'9') => Some(Num::Frac),
                        (Num::Zero | Num::Int | Num::Frac, b'e' | b'E') => Some(Num::E),
                        (Num::E, b'+' | b'-') => Some(Num::ESign),
                        (Num::E | Num::ESign | Num::Exp, b'0'..=b'9') => Some(Num::Exp),
                        _ => None,
                    };
                    match next {
                        Some(next) => {
                            self.num.push(c as char);
                            self.state = State::Number(next);
                            i += 1;
                        }
                        None if n.complete() => {
                            // The number ends before `c`, which is read again.
                            let v = self.parse_number()?;
                            self.insert(v);
                            self.value_done();
                        }
                        None => return Err(PartialJsonError::InvalidNumber { offset }),
                    }
                }
                State::Literal { word, matched } => {
                    if word.get(usize::from(matched)) != Some(&c) {
                        return Err(PartialJsonError::InvalidLiteral { offset });
                    }
                    let matched = matched + 1;
                    if usize::from(matched) == word.len() {
                        let v = match word {
                            b"true" => Value::Bool(true),
                            b"false" => Value::Bool(false),
                            _ => Value::Null,
                        };
                        self.insert(v);
                        self.value_done();
                    } else {
                        self.state = State::Literal { word, matched };
                    }
                    i += 1;
                }
                State::Trailing { .. } => break,
                _ if matches!(c, b' ' | b'\t' | b'\n' | b'\r') => i += 1,
                State::Value => {
                    if !self.start_value(c, offset)? {
                        return Err(unexpected());
                    }
                    i += 1;
                }
                State::ArrayFirst => {
                    if c == b']' {
                        self.close(false, ']', offset)?;
                    } else if !self.start_value(c, offset)? {
                        return Err(unexpected());
                    }
                    i += 1;
                }
                State::ObjectFirst | State::ObjectKey => {
                    match c {
                        b'"' => {
                            if let Some(f) = self.frames.last_mut() {
                                f.key.clear();
                                f.last = false;
                            }
                            self.state = State::Str {
                                key: true,
                                esc: Esc::None,
                            };
                        }
                        b'}' if self.state == State::ObjectFirst => {
                            self.close(true, '}', offset)?
                        }
                        _ => return Err(unexpected()),
                    }
                    i += 1;
                }
                State::Colon => {
                    if c != b':' {
                        return Err(unexpected());
                    }
                    self.state = State::Value;
                    i += 1;
                }
                State::AfterValue => {
                    let object = self.frames.last().is_some_and(|f| f.object);
                    match c {
                        b',' => {
                            self.state = if object {
                                State::ObjectKey
                            } else {
                                State::Value
                            }
                        }
                        b']' => self.close(false, ']', offset)?,
                        b'}' => self.close(true, '}', offset)?,
                        _ => return Err(unexpected()),
                    }
                    i += 1;
                }
                State::Done => {
                    self.state = State::Trailing { offset };
                    break;
                }
            }
        }
        Ok(())
    }
}

fn literal(word: &'static [u8]) -> State {
    State::Literal { word, matched: 1 }
}

/// The innermost open container.
fn container<'a>(root: &'a mut Option<Value>, frames: &[Frame]) -> Option<&'a mut Value> {
    let (_, outer) = frames.split_last()?;
    let mut cur = root.as_mut()?;
    for f in outer {
        cur = match cur {
            Value::Array(a) => a.last_mut()?,
            Value::Object(m) => f.member(m)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// The value being parsed in the innermost container (or the root).
fn slot<'a>(root: &'a mut Option<Value>, frames: &[Frame]) -> Option<&'a mut Value> {
    let Some(last) = frames.last() else {
        return root.as_mut();
    };
    match container(root, frames)? {
        Value::Array(a) => a.last_mut(),
        Value::Object(m) => last.member(m),
        _ => None,
    }
}
