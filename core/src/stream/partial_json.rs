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
//! The snapshot is always a materialised [`Value`], so every value is put straight into
//! its place in the tree: a push reaches the innermost open container once (one step per
//! open level, again after each closing bracket) and then puts values into it with no
//! walk; an object's key moves into its map (never copied, except once for a duplicate
//! key); a number still arriving is replaced in place as it grows; a key, a string with
//! no escape or a short number that starts and ends within one push is taken from the
//! fragment at once; a container starts with room for as many entries as the last
//! container of its kind closed at the same depth had (up to 16), so rows of the same
//! shape, and the arrays and objects inside them, do not regrow.
//! [`PartialJson::take_finished`] moves the final value out (no copy, no re-parse).
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

/// Most entries a new container reserves room for from the size of the last one closed
/// at its depth.
const SIBLING_HINT: usize = 16;

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

/// The container a push is parsing in: the innermost open array or object of the tree,
/// or the top level (a list of zero or one value, so that putting a value is the same
/// code at every level). Values are put through it directly, with no walk from the top.
enum Node<'a> {
    Array(&'a mut Vec<Value>),
    Object(&'a mut Map<String, Value>),
}

impl<'a> Node<'a> {
    fn of(v: &'a mut Value) -> Option<Self> {
        match v {
            Value::Array(a) => Some(Node::Array(a)),
            Value::Object(m) => Some(Node::Object(m)),
            _ => None,
        }
    }

    /// How many entries the container holds.
    fn len(&self) -> usize {
        match self {
            Node::Array(a) => a.len(),
            Node::Object(m) => m.len(),
        }
    }

    /// The value being parsed here; `frame` is this container's frame (`None` at the top
    /// level).
    fn slot(&mut self, frame: Option<&Frame>) -> Option<&mut Value> {
        match self {
            Node::Array(a) => a.last_mut(),
            Node::Object(m) => frame?.member(m),
        }
    }

    /// [`slot`](Self::slot), keeping the borrow.
    fn into_slot(self, frame: Option<&Frame>) -> Option<&'a mut Value> {
        match self {
            Node::Array(a) => a.last_mut(),
            Node::Object(m) => frame?.member(m),
        }
    }

    /// Puts the next value here. Returns the value a duplicate key's member held.
    fn put(&mut self, frame: Option<&mut Frame>, v: Value) -> Option<Value> {
        match self {
            Node::Array(a) => {
                a.push(v);
                None
            }
            Node::Object(m) => {
                let f = frame?;
                if f.last {
                    // A second value for the same member (not reached: a shown number is
                    // replaced in place).
                    return m
                        .values_mut()
                        .next_back()
                        .map(|slot| std::mem::replace(slot, v));
                }
                match m.entry(std::mem::take(&mut f.key)) {
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
                }
            }
        }
    }
}

/// How [`PartialJson::parse_innermost`] returned.
enum Flow {
    /// The input ended (or an open container was missing from the tree, which cannot
    /// happen).
    End,
    /// The innermost container's closing bracket was read.
    Closed,
}

/// Why [`PartialJson::scan`] returned.
enum Stop {
    /// The input ended.
    End,
    /// The container closed (its frame is popped).
    Closed,
    /// A container opened (it is the current slot, its frame pushed).
    Opened,
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

/// A number still arriving is in the tree (put there at the end of a push); `previous`
/// is what a duplicate key's member held before it.
#[derive(Debug)]
struct Shown {
    previous: Option<Value>,
}

/// Incremental partial-JSON parser. See the module docs.
#[derive(Debug)]
pub struct PartialJson {
    raw: String,
    /// The snapshot: empty, or the one top-level value.
    top: Vec<Value>,
    /// Everything else, apart from the tree, so that a push borrows both at once.
    p: Parser,
}

/// The parser's state between pushes (all but the text and the tree).
#[derive(Debug)]
struct Parser {
    mode: PartialMode,
    frames: Vec<Frame>,
    state: State,
    /// Decoded string text not yet written into the tree.
    scratch: String,
    /// Text of the number being read.
    num: String,
    num_start: usize,
    shown: Option<Shown>,
    error: Option<PartialJsonError>,
    /// By depth: the kind (object or not) and the size (at most `SIBLING_HINT`) of the
    /// last container closed there, the room a new one there starts with.
    closed: Vec<(bool, u8)>,
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
            raw: String::new(),
            top: Vec::new(),
            p: Parser {
                mode,
                frames: Vec::new(),
                state: State::Value,
                scratch: String::new(),
                num: String::new(),
                num_start: 0,
                shown: None,
                error: None,
                closed: Vec::new(),
            },
        }
    }

    /// The snapshot mode.
    pub fn mode(&self) -> PartialMode {
        self.p.mode
    }

    /// All text pushed so far, exactly.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The snapshot of the text so far (see the module docs), or `None` where jiter would
    /// raise because no value shows yet (empty or whitespace-only text, an unfinished
    /// top-level literal or number, a top-level string in [`PartialMode::On`]).
    pub fn value(&self) -> Option<&Value> {
        self.top.first()
    }

    /// Takes the snapshot out of the parser.
    pub fn into_value(mut self) -> Option<Value> {
        self.top.pop()
    }

    /// The error that stopped the parser, if any.
    pub fn error(&self) -> Option<&PartialJsonError> {
        self.p.error.as_ref()
    }

    /// Whether the text so far is exactly one JSON value plus optional whitespace, so
    /// that [`PartialJson::finish`] succeeds. A top-level number counts as complete even
    /// though more digits could follow.
    pub fn is_complete(&self) -> bool {
        self.p.error.is_none()
            && match self.p.state {
                State::Done => true,
                State::Number(n) => {
                    n.complete() && self.p.frames.is_empty() && self.p.parse_number().is_ok()
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
        if let Some(e) = &self.p.error {
            return Err(e.clone());
        }
        if fragment.is_empty() {
            return Ok(());
        }
        let mut i = 0;
        let result = loop {
            match self
                .p
                .parse_innermost(&mut self.top, fragment, base, &mut i)
            {
                Ok(Flow::Closed) => continue,
                Ok(Flow::End) => break Ok(()),
                Err(e) => break Err(e),
            }
        };
        match result {
            Ok(()) => Ok(()),
            Err(e) => {
                self.p.error = Some(e.clone());
                Err(e)
            }
        }
    }

    /// The complete value, strictly: the whole text must be one JSON value plus optional
    /// whitespace (what `serde_json::from_str` accepts, with the same result).
    pub fn finish(&self) -> Result<Value, PartialJsonError> {
        if let Some(e) = &self.p.error {
            return Err(e.clone());
        }
        match self.p.state {
            State::Done => self
                .top
                .first()
                .cloned()
                .ok_or(PartialJsonError::UnexpectedEnd {
                    offset: self.raw.len(),
                }),
            State::Trailing { offset } => Err(PartialJsonError::TrailingCharacters { offset }),
            State::Number(n) if n.complete() && self.p.frames.is_empty() => self.p.parse_number(),
            _ => Err(PartialJsonError::UnexpectedEnd {
                offset: self.raw.len(),
            }),
        }
    }

    /// [`finish`](Self::finish), moving the value out of the parser instead of copying
    /// it (on success; on an error nothing is taken). The parser then shows no value.
    pub fn take_finished(&mut self) -> Result<Value, PartialJsonError> {
        match (&self.p.error, self.p.state) {
            (None, State::Done) => self.top.pop().ok_or(PartialJsonError::UnexpectedEnd {
                offset: self.raw.len(),
            }),
            _ => self.finish(),
        }
    }

    /// Takes the snapshot out of the parser, leaving it showing no value.
    pub fn take_value(&mut self) -> Option<Value> {
        self.top.pop()
    }
}

impl Parser {
    fn parse_number(&self) -> Result<Value, PartialJsonError> {
        if let Some(v) = short_number(self.num.as_bytes()) {
            return Ok(v);
        }
        serde_json::from_str::<Value>(&self.num).map_err(|_| PartialJsonError::NumberOutOfRange {
            offset: self.num_start,
        })
    }

    /// Parses in the innermost open container until the input ends or that container
    /// closes. Reaching it from the top costs one step per open level, once per push and
    /// once after each closing bracket; a container opened meanwhile is entered in one
    /// step.
    fn parse_innermost(
        &mut self,
        top: &mut Vec<Value>,
        s: &str,
        base: usize,
        i: &mut usize,
    ) -> Result<Flow, PartialJsonError> {
        let mut node = Node::Array(top);
        if let Some((_, parents)) = self.frames.split_last() {
            // The tree holds every open container, so each child is always there: the
            // top-level value, then the member each parent is parsing.
            let Some(child) = node.into_slot(None).and_then(Node::of) else {
                return Ok(Flow::End);
            };
            node = child;
            for f in parents {
                let Some(child) = node.into_slot(Some(f)).and_then(Node::of) else {
                    return Ok(Flow::End);
                };
                node = child;
            }
        }
        loop {
            match self.scan(&mut node, s, base, i) {
                Ok(Stop::Closed) => return Ok(Flow::Closed),
                Ok(Stop::Opened) => {
                    let frame = self.frames.len().checked_sub(2).map(|d| &self.frames[d]);
                    let Some(child) = node.into_slot(frame).and_then(Node::of) else {
                        return Ok(Flow::End);
                    };
                    node = child;
                }
                Ok(Stop::End) => {
                    self.end_push(&mut node);
                    return Ok(Flow::End);
                }
                Err(e) => {
                    // The snapshot keeps what was read before the error.
                    self.end_push(&mut node);
                    return Err(e);
                }
            }
        }
    }

    /// At the end of a push (or at an error), in the innermost container: string text
    /// decoded so far goes into the tree, and a number still arriving shows (or stops
    /// showing, if it is no longer a valid number as it stands).
    #[inline]
    fn end_push(&mut self, node: &mut Node<'_>) {
        match self.state {
            State::Str { key: false, .. } if self.mode == PartialMode::TrailingStrings => {
                self.flush_string(node)
            }
            State::Number(n) => self.show_number(node, n),
            _ if self.shown.is_some() => self.unshow(node),
            _ => {}
        }
    }

    /// [`end_push`](Self::end_push) inside a number.
    fn show_number(&mut self, node: &mut Node<'_>, n: Num) {
        let v = if n.complete() && self.num.len() <= MAX_PARTIAL_NUMBER_LEN {
            self.parse_number().ok()
        } else {
            None
        };
        match v {
            Some(v) => self.put_number(node, v),
            None => self.unshow(node),
        }
    }

    /// Puts a number where the next value goes, replacing the one shown for it.
    fn put_number(&mut self, node: &mut Node<'_>, v: Value) {
        if self.shown.is_some() {
            if let Some(slot) = node.slot(self.frames.last()) {
                *slot = v;
            }
        } else {
            let previous = node.put(self.frames.last_mut(), v);
            self.shown = Some(Shown { previous });
        }
    }

    /// Takes a number shown at the end of an earlier push back out.
    fn unshow(&mut self, node: &mut Node<'_>) {
        let Some(Shown { previous }) = self.shown.take() else {
            return;
        };
        match node {
            Node::Array(a) => {
                a.pop();
            }
            Node::Object(m) => {
                let Some(f) = self.frames.last_mut() else {
                    return;
                };
                match previous {
                    Some(p) => {
                        if let Some(slot) = f.member(m) {
                            *slot = p;
                        }
                    }
                    None => {
                        // The shown number was a new last entry: remove it, key back in
                        // the frame. (Rare: a number cut right after `.`, `e` or `-`.)
                        if f.last {
                            if let Some(key) = m.keys().next_back().cloned() {
                                if let Some((key, _)) = m.shift_remove_entry(key.as_str()) {
                                    f.key = key;
                                }
                            }
                            f.last = false;
                        } else {
                            m.shift_remove(f.key.as_str());
                        }
                    }
                }
            }
        }
    }

    /// Writes decoded string text into the string value in the tree (trailing mode).
    fn flush_string(&mut self, node: &mut Node<'_>) {
        if self.scratch.is_empty() || self.mode != PartialMode::TrailingStrings {
            return;
        }
        if let State::Str { key: false, .. } = self.state {
            if let Some(Value::String(s)) = node.slot(self.frames.last()) {
                s.push_str(&self.scratch);
            }
            self.scratch.clear();
        }
    }

    fn value_done(&mut self) {
        self.state = if self.frames.is_empty() {
            State::Done
        } else {
            State::AfterValue
        };
    }

    fn open(
        &mut self,
        node: &mut Node<'_>,
        object: bool,
        offset: usize,
    ) -> Result<(), PartialJsonError> {
        if self.frames.len() >= MAX_DEPTH {
            return Err(PartialJsonError::TooDeep {
                limit: MAX_DEPTH,
                offset,
            });
        }
        // Elements of an array tend to share a shape (the rows of a table, and the
        // arrays and objects inside each row): a container starts with room for as many
        // entries as the last container of its kind closed at its depth had, up to
        // `SIBLING_HINT`, instead of growing to it again. (An empty one gives no room to
        // the next, so empty containers cannot each hold unused room.)
        let hint = match self.closed.get(self.frames.len()) {
            Some(&(o, len)) if o == object => usize::from(len),
            _ => 0,
        };
        let v = if object {
            Value::Object(Map::with_capacity(hint))
        } else {
            Value::Array(Vec::with_capacity(hint))
        };
        node.put(self.frames.last_mut(), v);
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

    /// Closes the innermost container, which holds `len` entries.
    fn close(
        &mut self,
        object: bool,
        len: usize,
        ch: char,
        offset: usize,
    ) -> Result<Stop, PartialJsonError> {
        match self.frames.last() {
            Some(f) if f.object == object => {
                self.frames.pop();
                let depth = self.frames.len();
                if self.closed.len() <= depth {
                    self.closed.resize(depth + 1, (false, 0));
                }
                // At most `SIBLING_HINT`: fits a byte.
                self.closed[depth] = (object, len.min(SIBLING_HINT) as u8);
                self.value_done();
                Ok(Stop::Closed)
            }
            _ => Err(PartialJsonError::UnexpectedCharacter { ch, offset }),
        }
    }

    /// Starts a value at byte `c`. Returns `None` if `c` cannot start one, else whether
    /// it opened a container.
    fn start_value(
        &mut self,
        node: &mut Node<'_>,
        c: u8,
        offset: usize,
    ) -> Result<Option<bool>, PartialJsonError> {
        match c {
            b'{' => {
                self.open(node, true, offset)?;
                return Ok(Some(true));
            }
            b'[' => {
                self.open(node, false, offset)?;
                return Ok(Some(true));
            }
            b'"' => {
                if self.mode == PartialMode::TrailingStrings {
                    node.put(self.frames.last_mut(), Value::String(String::new()));
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
            _ => return Ok(None),
        }
        Ok(Some(false))
    }

    /// If the key opening at `s[at]` closes in `s` with no escape in it: takes it (one
    /// allocation of its length) and the colon after it if that is here too, and returns
    /// where reading goes on (state [`State::Value`], or [`State::Colon`]).
    #[inline]
    fn whole_key(&mut self, s: &str, at: usize) -> Option<usize> {
        let b = s.as_bytes();
        let n = whole_string(b, at)?;
        if let Some(f) = self.frames.last_mut() {
            f.key = s[at + 1..at + 1 + n].into();
            f.last = false;
        }
        let mut next = skip_space(b, at + n + 2);
        if b.get(next) == Some(&b':') {
            next = skip_space(b, next + 1);
            self.state = State::Value;
        } else {
            self.state = State::Colon;
        }
        Some(next)
    }

    /// If a string (with no escape), a short number or a literal starts at `s[at]` and
    /// ends within `s`: puts it (in either mode: both show a complete string) and returns the offset
    /// after it. Anything else is left to the byte-by-byte states.
    #[inline]
    fn whole_scalar(&mut self, node: &mut Node<'_>, s: &str, at: usize) -> Option<usize> {
        let b = s.as_bytes();
        let (v, next) = match b.get(at)? {
            b'"' => {
                let n = whole_string(b, at)?;
                (Value::String(s[at + 1..at + 1 + n].into()), at + n + 2)
            }
            b'-' | b'0'..=b'9' => whole_number(b, at)?,
            b't' | b'f' | b'n' => {
                let rest = &b[at..];
                let (v, n) = if rest.starts_with(b"true") {
                    (Value::Bool(true), 4)
                } else if rest.starts_with(b"false") {
                    (Value::Bool(false), 5)
                } else if rest.starts_with(b"null") {
                    (Value::Null, 4)
                } else {
                    return None;
                };
                (v, at + n)
            }
            _ => return None,
        };
        node.put(self.frames.last_mut(), v);
        self.value_done();
        Some(next)
    }

    fn end_string(&mut self, node: &mut Node<'_>) {
        match self.state {
            State::Str { key: true, .. } => self.state = State::Colon,
            _ => {
                match self.mode {
                    PartialMode::TrailingStrings => self.flush_string(node),
                    PartialMode::On => {
                        // A copy of exactly its length; the scratch buffer keeps its
                        // capacity for the next string.
                        let s = Value::String(self.scratch.as_str().into());
                        node.put(self.frames.last_mut(), s);
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

    /// Reads `s[*i..]` with `node` the innermost open container, until the input ends,
    /// `node` closes or a container opens in it.
    fn scan(
        &mut self,
        node: &mut Node<'_>,
        s: &str,
        base: usize,
        i: &mut usize,
    ) -> Result<Stop, PartialJsonError> {
        let b = s.as_bytes();
        let mut at = *i;
        while at < b.len() {
            let c = b[at];
            let offset = base + at;
            let unexpected = || unexpected_at(s, at, offset);
            match self.state {
                State::Str {
                    key,
                    esc: Esc::None,
                } => {
                    let rest = &b[at..];
                    let n = rest
                        .iter()
                        .position(|&x| x == b'"' || x == b'\\' || x < 0x20)
                        .unwrap_or(rest.len());
                    self.string_out(key).push_str(&s[at..at + n]);
                    at += n;
                    let Some(&c) = b.get(at) else { break };
                    match c {
                        b'"' => self.end_string(node),
                        b'\\' => {
                            self.state = State::Str {
                                key,
                                esc: Esc::Backslash,
                            }
                        }
                        _ => {
                            return Err(PartialJsonError::ControlCharacterInString {
                                offset: base + at,
                            });
                        }
                    }
                    at += 1;
                }
                State::Str { key, esc } => {
                    let mut esc_next = Esc::None;
                    match esc {
                        Esc::None => {}
                        Esc::Backslash if c == b'u' => {
                            esc_next = Esc::Hex {
                                n: 0,
                                code: 0,
                                high: None,
                            };
                        }
                        Esc::Backslash => match short_escape(c) {
                            Some(ch) => self.string_out(key).push(ch),
                            None => return Err(PartialJsonError::InvalidEscape { offset }),
                        },
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
                    at += 1;
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
                            // The digits that follow keep the state (`Int`, `Frac`, `Exp`).
                            let mut end = at + 1;
                            if matches!(next, Num::Int | Num::Frac | Num::Exp) {
                                while b.get(end).is_some_and(u8::is_ascii_digit) {
                                    end += 1;
                                }
                            }
                            self.num.push_str(&s[at..end]);
                            self.state = State::Number(next);
                            at = end;
                        }
                        None if n.complete() => {
                            // The number ends before `c`, which is read again.
                            let v = self.parse_number()?;
                            if self.shown.take().is_some() {
                                if let Some(slot) = node.slot(self.frames.last()) {
                                    *slot = v;
                                }
                            } else {
                                node.put(self.frames.last_mut(), v);
                            }
                            self.value_done();
                        }
                        None => return Err(PartialJsonError::InvalidNumber { offset }),
                    }
                }
                State::Literal { word, matched } => {
                    // As much of the rest of the word as this push holds, at once.
                    let want = word.get(usize::from(matched)..).unwrap_or_default();
                    let got = &b[at..b.len().min(at + want.len())];
                    if let Some(k) = got.iter().zip(want).position(|(x, y)| x != y) {
                        return Err(PartialJsonError::InvalidLiteral { offset: offset + k });
                    }
                    // `got` is at most 4 bytes.
                    let matched = matched + got.len() as u8;
                    at += got.len() - 1;
                    if usize::from(matched) == word.len() {
                        let v = match word {
                            b"true" => Value::Bool(true),
                            b"false" => Value::Bool(false),
                            _ => Value::Null,
                        };
                        node.put(self.frames.last_mut(), v);
                        self.value_done();
                    } else {
                        self.state = State::Literal { word, matched };
                    }
                    at += 1;
                }
                State::Trailing { .. } => break,
                _ if is_space(c) => {
                    at += 1;
                    while b.get(at).copied().is_some_and(is_space) {
                        at += 1;
                    }
                }
                State::Value | State::ArrayFirst => {
                    if c == b']' && self.state == State::ArrayFirst {
                        at += 1;
                        *i = at;
                        return self.close(false, 0, ']', offset);
                    }
                    if let Some(next) = self.whole_scalar(node, s, at) {
                        at = next;
                        continue;
                    }
                    let Some(opened) = self.start_value(node, c, offset)? else {
                        return Err(unexpected());
                    };
                    at += 1;
                    if opened {
                        *i = at;
                        return Ok(Stop::Opened);
                    }
                }
                State::ObjectFirst | State::ObjectKey => {
                    match c {
                        b'"' => {
                            if let Some(next) = self.whole_key(s, at) {
                                at = next;
                                continue;
                            }
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
                            at += 1;
                            *i = at;
                            return self.close(true, 0, '}', offset);
                        }
                        _ => return Err(unexpected()),
                    }
                    at += 1;
                }
                State::Colon => {
                    if c != b':' {
                        return Err(unexpected());
                    }
                    self.state = State::Value;
                    at += 1;
                }
                State::AfterValue => {
                    let object = self.frames.last().is_some_and(|f| f.object);
                    match c {
                        b',' => {
                            if object {
                                self.state = State::ObjectKey;
                                let key = skip_space(b, at + 1);
                                if let Some(next) = self.whole_key(s, key) {
                                    at = next;
                                    continue;
                                }
                            } else {
                                self.state = State::Value;
                            }
                        }
                        b']' | b'}' => {
                            at += 1;
                            *i = at;
                            return self.close(c == b'}', node.len(), c as char, offset);
                        }
                        _ => return Err(unexpected()),
                    }
                    at += 1;
                }
                State::Done => {
                    self.state = State::Trailing { offset };
                    break;
                }
            }
        }
        *i = at;
        Ok(Stop::End)
    }
}

/// If `b[at]` opens a string that closes in `b` with no escape or control character
/// in it, the length of its text.
#[inline]
fn whole_string(b: &[u8], at: usize) -> Option<usize> {
    if b.get(at) != Some(&b'"') {
        return None;
    }
    let rest = b.get(at + 1..)?;
    let n = rest
        .iter()
        .position(|&x| x == b'"' || x == b'\\' || x < 0x20)?;
    (rest[n] == b'"').then_some(n)
}

/// If a number starts at `b[at]` and ends within `b` (a byte that cannot continue it
/// follows), and [`short_number`] takes it (at most 15 digits, no exponent, not `-0`):
/// its value and the offset after it. The grammar's rules (no leading zero, a digit after
/// `-` and after `.`) are checked here; text breaking them is left to the `Number` state,
/// which reports the error.
#[inline]
fn whole_number(b: &[u8], at: usize) -> Option<(Value, usize)> {
    let negative = b.get(at) == Some(&b'-');
    let first = at + usize::from(negative);
    let digits = |from: usize| {
        b.get(from..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let int = digits(first);
    if int == 0 || (int > 1 && b[first] == b'0') {
        return None;
    }
    let mut end = first + int;
    if b.get(end) == Some(&b'.') {
        let frac = digits(end + 1);
        if frac == 0 {
            return None;
        }
        end += 1 + frac;
    }
    match b.get(end) {
        None | Some(b'e' | b'E' | b'.') => None,
        Some(_) => Some((short_number(&b[at..end])?, end)),
    }
}

/// The first offset from `at` on that is not whitespace.
#[inline]
fn skip_space(b: &[u8], mut at: usize) -> usize {
    while b.get(at).copied().is_some_and(is_space) {
        at += 1;
    }
    at
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

#[cold]
fn unexpected_at(s: &str, at: usize, offset: usize) -> PartialJsonError {
    PartialJsonError::UnexpectedCharacter {
        ch: s
            .get(at..)
            .and_then(|r| r.chars().next())
            .unwrap_or('\u{fffd}'),
        offset,
    }
}

fn literal(word: &'static [u8]) -> State {
    State::Literal { word, matched: 1 }
}

/// Powers of ten exact in `f64`.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// The value of a short number without exponent (`-12`, `3.25`: at most 15 digits), the
/// same one serde_json's parser gives, without its setup; `None` for anything else.
/// Integers are exact; a decimal is its digits (below 2^53, so exact) divided by an
/// exact power of ten, one correctly rounded operation, as serde_json computes it.
/// `-0` is left to serde_json (it gives `-0.0`).
fn short_number(text: &[u8]) -> Option<Value> {
    let (negative, digits) = match text {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, text),
    };
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    let mut m: u64 = 0;
    let mut frac: Option<usize> = None;
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                m = m * 10 + u64::from(c - b'0');
                if let Some(f) = &mut frac {
                    *f += 1;
                }
            }
            b'.' if frac.is_none() => frac = Some(0),
            _ => return None,
        }
    }
    match frac {
        None if digits.len() > 15 => None,
        None if !negative => Some(Value::from(m)),
        None if m == 0 => None,
        // At most 15 digits: fits `i64`.
        None => Some(Value::from(-(m as i64))),
        // `1.`: not a number (never asked for: the grammar needs a digit after the dot).
        Some(0) => None,
        Some(f) => {
            let x = m as f64 / POW10[f];
            Some(Value::from(if negative { -x } else { x }))
        }
    }
}

/// The character a two-character JSON escape (a backslash and this byte) stands for;
/// `None` for `u` (four hex digits follow) and for bytes JSON has no escape for.
#[inline]
pub(super) fn short_escape(c: u8) -> Option<char> {
    Some(match c {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        _ => return None,
    })
}
