//! The byte buffer under the line splitter, kept as a `String` while what it holds is
//! UTF-8.
//!
//! A stream's bytes are checked for UTF-8 once, a whole read at a time (vectorised), as
//! they are appended. While every byte so far is valid, the buffer is a `String`, so the
//! fast lane ([`super::lane`]) borrows a delta's text from it with no check of its own:
//! for the few bytes of a delta, the check at the event costs more than the whole read's
//! does here. A character split between two reads waits in a small side array until the
//! next read completes it. From the first invalid byte on, the buffer holds plain bytes,
//! and the decoders above report the error at its offset, as they would have anyway.
//!
//! Safe code cannot turn checked bytes into a `&str` later without checking them again,
//! which is why the text is kept as a `String` rather than as bytes plus a mark of how far
//! they were checked.

/// The buffer: [`TextBuffer::bytes`] is everything appended and not drained, except up
/// to three bytes of a character not complete yet (counted by [`TextBuffer::held`]).
#[derive(Debug)]
pub(crate) enum TextBuffer {
    /// Everything appended so far is UTF-8.
    Text {
        /// The complete characters.
        text: String,
        /// The first bytes of a character the next append completes.
        partial: Partial,
    },
    /// Some byte appended was not UTF-8.
    Bytes(Vec<u8>),
}

/// The first bytes (one to three) of a character split between two appends.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Partial {
    bytes: [u8; 4],
    len: usize,
}

impl Partial {
    fn bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// The length of the character a valid lead byte starts.
fn char_width(lead: u8) -> usize {
    match lead {
        0xf0.. => 4,
        0xe0.. => 3,
        _ => 2,
    }
}

impl Default for TextBuffer {
    fn default() -> Self {
        TextBuffer::Text {
            text: String::new(),
            partial: Partial::default(),
        }
    }
}

impl TextBuffer {
    /// The bytes held (without a character not complete yet).
    #[inline]
    pub(crate) fn bytes(&self) -> &[u8] {
        match self {
            TextBuffer::Text { text, .. } => text.as_bytes(),
            TextBuffer::Bytes(bytes) => bytes,
        }
    }

    /// The bytes held as text, while everything appended was UTF-8.
    #[inline]
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            TextBuffer::Text { text, .. } => Some(text),
            TextBuffer::Bytes(_) => None,
        }
    }

    /// Bytes appended but not in [`TextBuffer::bytes`] yet: a character not complete.
    #[inline]
    pub(crate) fn held(&self) -> usize {
        match self {
            TextBuffer::Text { partial, .. } => partial.len,
            TextBuffer::Bytes(_) => 0,
        }
    }

    /// Appends `input`.
    pub(crate) fn append(&mut self, mut input: &[u8]) {
        let (text, partial) = match self {
            TextBuffer::Text { text, partial } => (text, partial),
            TextBuffer::Bytes(bytes) => return bytes.extend_from_slice(input),
        };
        if partial.len > 0 {
            // Only continuation bytes join it: any other byte (a line end, say) shows the
            // character invalid at once, so no byte the line splitter looks for is ever
            // held out of its sight.
            while partial.len < char_width(partial.bytes[0]) {
                match input.split_first() {
                    Some((&b, rest)) if (0x80..0xc0).contains(&b) => {
                        partial.bytes[partial.len] = b;
                        partial.len += 1;
                        input = rest;
                    }
                    Some(_) => return self.append_as_bytes(input),
                    None => return,
                }
            }
            match std::str::from_utf8(partial.bytes()) {
                Ok(c) => {
                    text.push_str(c);
                    partial.len = 0;
                }
                Err(_) => return self.append_as_bytes(input),
            }
        }
        match simdutf8::compat::from_utf8(input) {
            Ok(valid) => text.push_str(valid),
            Err(e) => {
                let (valid, rest) = input.split_at(e.valid_up_to());
                // Checked once more: safe code has no other way to a `&str`. Only a read
                // that splits a character (or holds an invalid one) pays it.
                match (simdutf8::basic::from_utf8(valid), e.error_len()) {
                    (Ok(valid), None) if rest.len() < 4 => {
                        text.push_str(valid);
                        partial.bytes[..rest.len()].copy_from_slice(rest);
                        partial.len = rest.len();
                    }
                    _ => self.append_as_bytes(input),
                }
            }
        }
    }

    /// Turns the buffer into bytes (with any partial character) and appends `input`.
    fn append_as_bytes(&mut self, input: &[u8]) {
        self.make_bytes();
        if let TextBuffer::Bytes(bytes) = self {
            bytes.extend_from_slice(input);
        }
    }

    /// Holds bytes from now on, a partial character included.
    fn make_bytes(&mut self) {
        if let TextBuffer::Text { text, partial } = self {
            let mut bytes = std::mem::take(text).into_bytes();
            bytes.extend_from_slice(partial.bytes());
            *self = TextBuffer::Bytes(bytes);
        }
    }

    /// The input ended: a partial character is held as bytes, where the decoders find it
    /// invalid.
    pub(crate) fn finish(&mut self) {
        if self.held() > 0 {
            self.make_bytes();
        }
    }

    /// Drops the first `n` bytes, which end a line (so they end at a character boundary
    /// in text).
    pub(crate) fn drain_front(&mut self, n: usize) {
        match self {
            TextBuffer::Text { text, .. } if text.is_char_boundary(n) => {
                text.drain(..n);
            }
            _ => {
                self.make_bytes();
                if let TextBuffer::Bytes(bytes) = self {
                    bytes.drain(..n);
                }
            }
        }
    }

    /// Drops every byte held (there is no partial character).
    pub(crate) fn clear(&mut self) {
        debug_assert_eq!(self.held(), 0);
        match self {
            TextBuffer::Text { text, .. } => text.clear(),
            TextBuffer::Bytes(bytes) => bytes.clear(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Appends `input` cut at every pair of points; the bytes always come out whole and
    /// in order, as text exactly when the input is UTF-8 (once the input is over).
    fn check(input: &[u8]) {
        let valid = std::str::from_utf8(input).is_ok();
        for a in 0..=input.len() {
            for b in a..=input.len() {
                let mut buffer = TextBuffer::default();
                for piece in [&input[..a], &input[a..b], &input[b..]] {
                    buffer.append(piece);
                    let held = buffer.held();
                    let seen = buffer.bytes().len() + held;
                    assert!(held < 4, "{input:?} at {a}, {b}");
                    assert!(seen <= input.len());
                    assert_eq!(buffer.bytes(), &input[..buffer.bytes().len()]);
                }
                buffer.finish();
                assert_eq!(buffer.held(), 0);
                assert_eq!(buffer.bytes(), input, "{input:?} at {a}, {b}");
                assert_eq!(buffer.text().is_some(), valid, "{input:?} at {a}, {b}");
            }
        }
    }

    #[test]
    fn characters_split_anywhere_stay_text() {
        check("a é ✓ 🦀 z".as_bytes());
        check("🦀🦀".as_bytes());
        check(b"");
    }

    #[test]
    fn invalid_or_unfinished_bytes_turn_it_into_bytes() {
        check(b"ab\xffcd");
        check(b"ab\xe2\x9c");
        check(b"\xf0\x9f\xa6");
        check(b"a\xe0\x80\x80b");
        check(b"\xc3(\xc3\xa9");
        check(b"\xed\xa0\x80");
        check(b"\xf4\x90\x80\x80");
        check("é".as_bytes().split_at(1).0);
    }

    #[test]
    fn draining_keeps_the_rest() {
        let mut buffer = TextBuffer::default();
        buffer.append("line é\nnext".as_bytes());
        buffer.drain_front("line é\n".len());
        assert_eq!(buffer.text(), Some("next"));
        buffer.append(b"\xff\n");
        assert_eq!(buffer.text(), None);
        buffer.drain_front(4);
        assert_eq!(buffer.bytes(), b"\xff\n");
        buffer.clear();
        assert_eq!(buffer.bytes(), b"");
    }
}
