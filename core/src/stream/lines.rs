//! The line splitter shared by the SSE and JSONL decoders.
//!
//! Bytes are appended with [`LineSplitter::feed`]; complete lines come out of
//! [`LineSplitter::next_line`] as ranges into the internal buffer (terminator excluded).
//!
//! Rules:
//! - A line ends at CR, LF or CRLF. A CR ends the line at once (so an event ending in
//!   `\r\r` is dispatched without waiting for the next byte); if the byte after a CR is an
//!   LF, in this feed or the next, it is skipped. So a CRLF split across feeds is one line
//!   end, and the output never depends on where the input was split.
//! - Scanning is linear: the splitter remembers how far it has searched for a line end,
//!   so a long line fed in small pieces is not rescanned on every feed.
//! - Memory is bounded: a line longer than `max_line` bytes (complete or not) is an error.
//! - After [`LineSplitter::finish`], an unterminated last line is returned as a line.

use std::ops::Range;

use super::text_buffer::TextBuffer;

/// A complete line: its byte range in the splitter's buffer and its offset in the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawLine {
    /// Range of the line's bytes (terminator excluded) in [`LineSplitter::buf`].
    pub range: Range<usize>,
    /// Offset of the line's first byte from the start of the stream.
    pub offset: u64,
}

/// A line exceeded the bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LineTooLong {
    /// Offset of the line's first byte from the start of the stream.
    pub offset: u64,
}

#[derive(Debug)]
pub(crate) struct LineSplitter {
    /// Bytes fed and not yet compacted away (but for a character split between feeds,
    /// which the next feed completes). `buf[..pos]` has been consumed.
    buf: TextBuffer,
    /// Start of the next line.
    pos: usize,
    /// `buf[pos..scanned]` is known to contain no CR or LF.
    scanned: usize,
    /// The previous line ended in CR: an LF at `pos` belongs to it.
    skip_lf: bool,
    /// End of input was signalled.
    eof: bool,
    /// Stream offset of `buf[0]`.
    base: u64,
    max_line: usize,
}

impl LineSplitter {
    pub(crate) fn new(max_line: usize) -> Self {
        Self {
            buf: TextBuffer::default(),
            pos: 0,
            scanned: 0,
            skip_lf: false,
            eof: false,
            base: 0,
            max_line,
        }
    }

    pub(crate) fn set_max_line(&mut self, max_line: usize) {
        self.max_line = max_line;
    }

    pub(crate) fn max_line(&self) -> usize {
        self.max_line
    }

    #[inline]
    pub(crate) fn buf(&self) -> &[u8] {
        self.buf.bytes()
    }

    /// [`LineSplitter::buf`] as text, while every byte fed was UTF-8.
    #[inline]
    pub(crate) fn text(&self) -> Option<&str> {
        self.buf.text()
    }

    /// Bytes fed so far and not compacted away, a partial character included.
    fn fed_len(&self) -> usize {
        self.buf.bytes().len() + self.buf.held()
    }

    pub(crate) fn is_eof(&self) -> bool {
        self.eof
    }

    /// Bytes held that are not yet part of a returned line.
    pub(crate) fn pending(&self) -> usize {
        self.fed_len() - self.pos
    }

    /// Where the bytes not yet returned as lines start in [`LineSplitter::buf`], for a
    /// caller that parses several lines in place (the SSE fast path). `Some` only when
    /// they start a fresh line: no LF is owed to a previous CR, and no search for the end
    /// of a line starting there is under way (so a caller scanning from here never
    /// repeats a search [`LineSplitter::next_line`] already did: scanning stays linear).
    pub(crate) fn fresh_start(&self) -> Option<usize> {
        (!self.skip_lf && self.scanned <= self.pos).then_some(self.pos)
    }

    /// Stream offset of `buf()[i]`.
    pub(crate) fn offset_of(&self, i: usize) -> u64 {
        self.base + i as u64
    }

    /// Consumes the bytes from [`LineSplitter::fresh_start`] up to `end` (exclusive),
    /// which must close a line with an LF: the next line starts fresh at `end`.
    pub(crate) fn consume_to(&mut self, end: usize) {
        debug_assert!(end > self.pos && self.buf()[end - 1] == b'\n' && !self.skip_lf);
        self.pos = end;
        self.scanned = end;
    }

    /// Whether everything fed was returned and nothing is owed to the next feed (no LF to
    /// skip after a CR): input handed over next starts a fresh line at
    /// [`LineSplitter::end_offset`], so a caller may parse lines of it in place.
    pub(crate) fn is_drained(&self) -> bool {
        self.pos == self.fed_len() && !self.skip_lf && !self.eof
    }

    /// Stream offset of the byte after the last one fed.
    pub(crate) fn end_offset(&self) -> u64 {
        self.base + self.fed_len() as u64
    }

    /// Counts `n` bytes that a caller parsed in place (whole lines ending in LF) as fed
    /// and consumed, without copying them. Only when [`LineSplitter::is_drained`].
    pub(crate) fn skip_fed(&mut self, n: usize) {
        debug_assert!(self.is_drained());
        self.base = self.end_offset() + n as u64;
        self.buf.clear();
        self.pos = 0;
        self.scanned = 0;
    }

    /// Appends input. Consumed bytes are dropped first when that is cheap (amortized O(1)
    /// per byte): when everything was consumed, or when the consumed prefix is at least as
    /// long as what must be moved.
    pub(crate) fn feed(&mut self, input: &[u8]) {
        if self.pos > 0 && self.pos >= self.buf().len() - self.pos {
            self.buf.drain_front(self.pos);
            self.base += self.pos as u64;
            self.scanned = self.scanned.saturating_sub(self.pos);
            self.pos = 0;
        }
        self.buf.append(input);
    }

    pub(crate) fn finish(&mut self) {
        self.buf.finish();
        self.eof = true;
    }

    /// The next complete line, `Ok(None)` when more input (or `finish`) is needed.
    pub(crate) fn next_line(&mut self) -> Result<Option<RawLine>, LineTooLong> {
        let buf = self.buf.bytes();
        if self.skip_lf && self.pos < buf.len() {
            self.skip_lf = false;
            if buf[self.pos] == b'\n' {
                self.pos += 1;
            }
        }
        let start = self.pos;
        let offset = self.base + start as u64;
        let from = self.scanned.max(start);
        match memchr::memchr2(b'\r', b'\n', &buf[from..]) {
            Some(i) => {
                let end = from + i;
                if end - start > self.max_line {
                    return Err(LineTooLong { offset });
                }
                self.skip_lf = buf[end] == b'\r';
                self.pos = end + 1;
                self.scanned = self.pos;
                Ok(Some(RawLine {
                    range: start..end,
                    offset,
                }))
            }
            None => {
                let end = buf.len();
                self.scanned = end;
                // A character not complete yet counts towards the bound already.
                if self.fed_len() - start > self.max_line {
                    return Err(LineTooLong { offset });
                }
                if self.eof && end > start {
                    self.pos = end;
                    return Ok(Some(RawLine {
                        range: start..end,
                        offset,
                    }));
                }
                Ok(None)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(chunks: &[&[u8]]) -> Vec<Vec<u8>> {
        let mut s = LineSplitter::new(1 << 20);
        let mut out = Vec::new();
        for c in chunks {
            s.feed(c);
            while let Some(l) = s.next_line().unwrap() {
                out.push(s.buf()[l.range].to_vec());
            }
        }
        s.finish();
        while let Some(l) = s.next_line().unwrap() {
            out.push(s.buf()[l.range].to_vec());
        }
        out
    }

    #[test]
    fn cr_lf_split_is_one_line_end() {
        assert_eq!(
            lines(&[b"a\r", b"\nb\n"]),
            vec![b"a".to_vec(), b"b".to_vec()]
        );
        assert_eq!(lines(&[b"a\r\nb\n"]), vec![b"a".to_vec(), b"b".to_vec()]);
        assert_eq!(
            lines(&[b"a\r", b"\r", b"\n"]),
            vec![b"a".to_vec(), b"".to_vec()]
        );
    }

    #[test]
    fn unterminated_last_line_after_finish() {
        assert_eq!(lines(&[b"a\nb"]), vec![b"a".to_vec(), b"b".to_vec()]);
        assert_eq!(lines(&[b"a\n"]), vec![b"a".to_vec()]);
    }

    #[test]
    fn offsets_survive_compaction() {
        let mut s = LineSplitter::new(100);
        s.feed(b"aaaa\nbb");
        assert_eq!(s.next_line().unwrap().unwrap().offset, 0);
        assert_eq!(s.next_line().unwrap(), None);
        s.feed(b"\n");
        let l = s.next_line().unwrap().unwrap();
        assert_eq!(l.offset, 5);
        assert_eq!(&s.buf()[l.range], b"bb");
    }

    #[test]
    fn feeding_after_an_error_is_safe() {
        let mut s = LineSplitter::new(3);
        s.feed(b"a\r");
        assert!(s.next_line().unwrap().is_some());
        s.feed(b"\nabcdef\n");
        assert_eq!(s.next_line(), Err(LineTooLong { offset: 3 }));
        s.feed(b"x");
        s.feed(b"y");
        assert_eq!(s.next_line(), Err(LineTooLong { offset: 3 }));
    }

    #[test]
    fn a_line_end_after_half_a_character_ends_the_line() {
        // The 3-byte character 0xEF is cut short by the CR: the line is complete at the
        // bound whether or not a feed ends between the two.
        let line = b"\x01\x11\x00\x00 cu\xef";
        for split in 0..=line.len() + 1 {
            let input = [&line[..], b"\r"].concat();
            let mut s = LineSplitter::new(line.len());
            let mut got = None;
            for piece in [&input[..split], &input[split..]] {
                s.feed(piece);
                if got.is_none() {
                    got = s.next_line().unwrap().map(|l| s.buf()[l.range].to_vec());
                }
            }
            assert_eq!(got.as_deref(), Some(&line[..]), "split at {split}");
        }
    }

    #[test]
    fn too_long_partial_and_complete() {
        let mut s = LineSplitter::new(3);
        s.feed(b"abcd");
        assert_eq!(s.next_line(), Err(LineTooLong { offset: 0 }));
        let mut s = LineSplitter::new(3);
        s.feed(b"ab\nabcd\n");
        assert!(s.next_line().unwrap().is_some());
        assert_eq!(s.next_line(), Err(LineTooLong { offset: 3 }));
        let mut s = LineSplitter::new(3);
        s.feed(b"abc\n");
        assert!(s.next_line().unwrap().is_some());
    }
}
