//! Chunking property of the whole helper pipeline: a recorded stream (thinking with
//! signatures, redacted thinking, text with citations, tool use with `input_json_delta`
//! pieces, server tool use) as SSE bytes, through `SseDecoder`, `decode_event` and
//! `MessageAccumulator`, split at every byte position and at many random multi-splits,
//! gives the same events and the same final message as the whole input.

#[path = "../../fuzz/checks/mod.rs"]
mod checks;

use anthropic_core::stream::{HelperEvent, PartialMode};
use checks::{AccItem, AccOptions, accumulate_run};
use serde_json::json;

const STREAM: &[u8] = include_bytes!("../../fuzz/corpus/accumulate/full.sse");

const PLAIN: AccOptions = AccOptions {
    mode: PartialMode::On,
    look: false,
    clone_at: None,
};

/// Deterministic xorshift64*.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn split_at<'a>(data: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    for &c in cuts {
        out.push(&data[start..c]);
        start = c;
    }
    out.push(&data[start..]);
    out
}

#[test]
fn the_recorded_stream_accumulates_as_expected() {
    let (items, message) = accumulate_run(&[STREAM], PLAIN);
    assert!(
        !items.iter().any(|i| matches!(
            i,
            AccItem::Accumulate(_) | AccItem::Decode(_) | AccItem::Sse(_) | AccItem::ErrorEvent(_)
        )),
        "{items:#?}"
    );
    let message = serde_json::to_value(message.unwrap()).unwrap();
    assert_eq!(
        message,
        json!({
            "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-x",
            "content": [
                {"type": "thinking", "thinking": "Let me think — ☕ 😀.\n", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3h"},
                {"type": "redacted_thinking", "data": "ENC"},
                {"type": "text", "text": "Sky is blue, café.", "citations": [
                    {"type": "char_location", "cited_text": "The sky is blue", "document_index": 0, "document_title": "Doc", "start_char_index": 0, "end_char_index": 15},
                    {"type": "web_search_result_location", "url": "https://e.x", "title": null, "encrypted_index": "EI", "cited_text": "x"}
                ]},
                {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {
                    "location": "San Francisco, CA", "unit": "celsius", "days": 12, "ok": true,
                    "q": "a\"bé😀", "l": [1, -2500.0, null]
                }},
                {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {"query": "weather"}}
            ],
            "stop_reason": "tool_use", "stop_sequence": null,
            "usage": {"input_tokens": 10, "output_tokens": 120, "cache_read_input_tokens": 4,
                      "service_tier": "standard", "server_tool_use": {"web_search_requests": 1}}
        })
    );
    // The derived events, by type: 2 thinking + 2 signature, 2 citations + 2 text,
    // 8 input_json (none for server_tool_use), 5 block stops, 1 message stop.
    let count = |t: &str| {
        items
            .iter()
            .filter(|i| matches!(i, AccItem::Derived(d) if d.type_tag() == t))
            .count()
    };
    assert_eq!(
        [
            count("thinking"),
            count("signature"),
            count("citation"),
            count("text"),
            count("input_json"),
            count("content_block_stop"),
            count("message_stop"),
        ],
        [2, 2, 2, 2, 8, 5, 1]
    );
    // The tool-use snapshots grow as jiter's partial mode shows them.
    let snapshots: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            AccItem::Derived(HelperEvent::InputJson { snapshot, .. }) => Some(snapshot.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(snapshots[1], json!({}));
    assert_eq!(
        snapshots[3],
        json!({"location": "San Francisco, CA", "unit": "celsius", "days": 1})
    );
    assert_eq!(
        snapshots[4],
        json!({"location": "San Francisco, CA", "unit": "celsius", "days": 12})
    );
}

#[test]
fn every_single_split_gives_the_same_result() {
    for mode in [PartialMode::On, PartialMode::TrailingStrings] {
        let opts = AccOptions { mode, ..PLAIN };
        let whole = accumulate_run(&[STREAM], opts);
        // Every position in Python's mode; every third in the other (debug builds are slow).
        let step = if mode == PartialMode::On { 1 } else { 3 };
        for cut in (0..=STREAM.len()).step_by(step) {
            let split = accumulate_run(&split_at(STREAM, &[cut]), opts);
            assert!(whole == split, "{mode:?}: split at {cut} differs");
        }
    }
}

#[test]
fn random_multi_splits_give_the_same_result() {
    let whole = accumulate_run(&[STREAM], PLAIN);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..300 {
        let n = 1 + rng.below(if round % 10 == 0 { 400 } else { 12 });
        let mut cuts: Vec<usize> = (0..n).map(|_| rng.below(STREAM.len() + 1)).collect();
        cuts.sort_unstable();
        let opts = AccOptions {
            look: round % 2 == 0,
            clone_at: Some(rng.below(70)),
            ..PLAIN
        };
        let split = accumulate_run(&split_at(STREAM, &cuts), opts);
        assert!(whole == split, "round {round}: cuts {cuts:?} differ");
    }
    // Byte by byte.
    let bytes: Vec<&[u8]> = STREAM.chunks(1).collect();
    assert!(whole == accumulate_run(&bytes, PLAIN));
}
