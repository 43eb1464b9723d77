//! JSONL decoder: line ends across reads, blank lines, the last line, bounds, UTF-8.

use anthropic_core::stream::{JsonlDecoder, JsonlError};

fn decode_with(mut d: JsonlDecoder, chunks: &[&[u8]]) -> Result<Vec<String>, JsonlError> {
    let mut out = Vec::new();
    for c in chunks {
        d.feed(c);
        while let Some(l) = d.next_line()? {
            out.push(l.to_owned());
        }
    }
    d.finish();
    while let Some(l) = d.next_line()? {
        out.push(l.to_owned());
    }
    Ok(out)
}

fn decode(chunks: &[&[u8]]) -> Vec<String> {
    decode_with(JsonlDecoder::new(), chunks).unwrap()
}

const A: &str = r#"{"custom_id":"req-1","result":{"type":"succeeded"}}"#;
const B: &str = r#"{"custom_id":"req-2","result":{"type":"expired","note":"café ☕"}}"#;

#[test]
fn lf_crlf_and_cr_line_ends() {
    for sep in ["\n", "\r\n", "\r"] {
        let s = format!("{A}{sep}{B}{sep}");
        assert_eq!(decode(&[s.as_bytes()]), [A, B], "{sep:?}");
    }
}

#[test]
fn crlf_split_across_reads() {
    let s = format!("{A}\r\n{B}\r\n");
    let b = s.as_bytes();
    for i in 0..=b.len() {
        assert_eq!(decode(&[&b[..i], &b[i..]]), [A, B], "split at {i}");
    }
    // The Python failure case: the CR is the 64th byte of a 64-byte read.
    let line = format!("{{\"k\":\"{}\"}}", "x".repeat(63 - 8));
    assert_eq!(line.len(), 63);
    let s = format!("{line}\r\n{A}\r\n");
    let chunks: Vec<&[u8]> = s.as_bytes().chunks(64).collect();
    assert_eq!(decode(&chunks), [line.as_str(), A]);
}

#[test]
fn blank_and_whitespace_lines_are_skipped() {
    let s = format!("\n\r\n  \n\t \r{A}\n\n \n{B}\n  \n");
    assert_eq!(decode(&[s.as_bytes()]), [A, B]);
    assert_eq!(decode(&[b"\n\n \r\n"]), Vec::<String>::new());
    // Surrounding spaces on a JSON line are kept (serde_json accepts them).
    assert_eq!(decode(&[b"  {\"a\":1}  \n"]), ["  {\"a\":1}  "]);
}

#[test]
fn final_line_without_newline() {
    let s = format!("{A}\n{B}");
    let mut d = JsonlDecoder::new();
    d.feed(s.as_bytes());
    assert_eq!(d.next_line().unwrap(), Some(A));
    assert_eq!(d.next_line().unwrap(), None);
    d.finish();
    assert!(d.is_finished());
    assert_eq!(d.next_line().unwrap(), Some(B));
    assert_eq!(d.next_line().unwrap(), None);
    assert_eq!(d.next_line().unwrap(), None);
    // A whitespace-only tail is skipped, not returned.
    assert_eq!(decode(&[format!("{A}\n  ").as_bytes()]), [A]);
}

#[test]
fn bom_at_line_start_removed() {
    let s = format!("\u{feff}{A}\n\u{feff}{B}\n\u{feff}\n");
    assert_eq!(decode(&[s.as_bytes()]), [A, B]);
    let b = s.as_bytes();
    for i in 0..=b.len() {
        assert_eq!(decode(&[&b[..i], &b[i..]]), [A, B], "split at {i}");
    }
}

#[test]
fn multibyte_split_and_invalid_utf8() {
    let s = format!("{B}\n");
    let bytes: Vec<&[u8]> = s.as_bytes().chunks(1).collect();
    assert_eq!(decode(&bytes), [B]);
    let r = decode_with(JsonlDecoder::new(), &[b"{\"a\":1}\n{\"b\":\"\xff\"}\n"]);
    assert_eq!(r, Err(JsonlError::InvalidUtf8 { offset: 14 }));
    let mut d = JsonlDecoder::new();
    d.feed(b"{\"a\":1}\n\xc3");
    assert_eq!(d.next_line().unwrap(), Some("{\"a\":1}"));
    d.finish();
    assert_eq!(d.next_line(), Err(JsonlError::InvalidUtf8 { offset: 8 }));
    assert_eq!(d.next_line(), Err(JsonlError::InvalidUtf8 { offset: 8 }));
}

#[test]
fn oversize_line_is_a_typed_error() {
    let d = JsonlDecoder::new().max_line_len(8);
    assert_eq!(d.get_max_line_len(), 8);
    assert_eq!(JsonlDecoder::new().get_max_line_len(), 16 * 1024 * 1024);
    assert_eq!(
        decode_with(JsonlDecoder::new().max_line_len(8), &[b"{\"a\":12}\n"]),
        Ok(vec!["{\"a\":12}".to_owned()])
    );
    assert_eq!(
        decode_with(JsonlDecoder::new().max_line_len(8), &[b"{}\n{\"a\":123}\n"]),
        Err(JsonlError::LineTooLong {
            limit: 8,
            offset: 3
        })
    );
    // Still arriving: detected before the newline, however it is split.
    let mut d = JsonlDecoder::new().max_line_len(8);
    for chunk in [&b"{\"a\":"[..], b"123", b"4"] {
        d.feed(chunk);
        if let Err(e) = d.next_line() {
            assert_eq!(
                e,
                JsonlError::LineTooLong {
                    limit: 8,
                    offset: 0
                }
            );
            assert_eq!(d.next_line(), Err(e));
            return;
        }
    }
    panic!("no error");
}

#[test]
fn feeding_after_finish_is_an_error() {
    let mut d = JsonlDecoder::new();
    d.finish();
    d.feed(b"{}\n");
    assert_eq!(d.next_line(), Err(JsonlError::FedAfterFinish));
}

#[test]
fn random_splits_of_a_results_file() {
    let file = include_bytes!("../../fuzz/corpus/jsonl/results_blank_lines.jsonl");
    let want = decode(&[file]);
    assert_eq!(want.len(), 4);
    for l in &want {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v["custom_id"].is_string());
    }
    let mut rng = 0x853c_49e6_748f_ea9b_u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for _ in 0..500 {
        let mut cuts: Vec<usize> = (0..1 + next() % 30)
            .map(|_| (next() % (file.len() as u64 + 1)) as usize)
            .collect();
        cuts.sort_unstable();
        let mut chunks = Vec::new();
        let mut start = 0;
        for c in cuts {
            chunks.push(&file[start..c]);
            start = c;
        }
        chunks.push(&file[start..]);
        assert_eq!(decode(&chunks), want);
    }
}
