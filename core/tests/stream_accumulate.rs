//! The stream accumulator: the worked examples of the streaming spec (§5.5), the helper's
//! derived events (§4.3), tool-input snapshots, and every strictness error.
//!
//! Expected messages are compared as JSON values. Our types omit optional fields that are
//! `None` (see `types::content`), so Python's `"citations": null` on a text block and its
//! beta `"container": null` / `"context_management": null` are absent here.

use anthropic_core::stream::event::{Decoded, decode_event};
use anthropic_core::stream::{
    Derived, HelperEvent, MessageAccumulator, PartialMode, StreamError, StreamEvent,
};
use anthropic_core::types::{ContentBlock, Message, StopReason};
use serde_json::{Value, json};

/// Decodes one event as a driver would (`event:` name = the JSON `type`).
fn ev(data: Value) -> StreamEvent {
    let name = data["type"].as_str().unwrap_or("message").to_owned();
    match decode_event(Some(&name), &data.to_string()).unwrap() {
        Decoded::Event(e) => e,
        Decoded::Error(e) => panic!("error event {e}"),
    }
}

fn start_message() -> Value {
    json!({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}})
}

fn block_start(index: usize, block: Value) -> Value {
    json!({"type":"content_block_start","index":index,"content_block":block})
}

fn delta(index: usize, delta: Value) -> Value {
    json!({"type":"content_block_delta","index":index,"delta":delta})
}

fn text_delta(index: usize, text: &str) -> Value {
    delta(index, json!({"type":"text_delta","text":text}))
}

fn json_delta(index: usize, piece: &str) -> Value {
    delta(
        index,
        json!({"type":"input_json_delta","partial_json":piece}),
    )
}

fn block_stop(index: usize) -> Value {
    json!({"type":"content_block_stop","index":index})
}

fn message_delta(stop_reason: Value, usage: Value) -> Value {
    json!({"type":"message_delta","delta":{"stop_reason":stop_reason,"stop_sequence":null},"usage":usage})
}

fn message_stop() -> Value {
    json!({"type":"message_stop"})
}

/// Feeds every event; returns the owned derived event of each (None where none).
fn run(acc: &mut MessageAccumulator, events: &[Value]) -> Vec<Option<HelperEvent>> {
    events
        .iter()
        .map(|e| {
            acc.handle(&ev(e.clone()))
                .unwrap_or_else(|err| panic!("{e}: {err}"))
                .map(|d| d.to_owned_event())
        })
        .collect()
}

fn accumulate(events: &[Value]) -> (Vec<Option<HelperEvent>>, Message) {
    let mut acc = MessageAccumulator::new();
    let derived = run(&mut acc, events);
    (derived, acc.finish().expect("complete message"))
}

fn to_json(m: &Message) -> Value {
    serde_json::to_value(m).unwrap()
}

fn text(text: &str, snapshot: &str) -> Option<HelperEvent> {
    Some(HelperEvent::Text {
        text: text.into(),
        snapshot: snapshot.into(),
    })
}

fn input_json(partial_json: &str, snapshot: Value) -> Option<HelperEvent> {
    Some(HelperEvent::InputJson {
        partial_json: partial_json.into(),
        snapshot,
    })
}

// ------------------------------------------------------------ worked examples (§5.5)

#[test]
fn example_a_text() {
    let events = [
        start_message(),
        json!({"type":"ping"}),
        block_start(0, json!({"type":"text","text":""})),
        json!({"type":"future_event","x":1}),
        text_delta(0, "Hel"),
        text_delta(0, "lo"),
        block_stop(0),
        message_delta(json!("end_turn"), json!({"output_tokens":5})),
        message_stop(),
    ];
    let (_, message) = accumulate(&events);
    assert_eq!(
        to_json(&message),
        json!({"id":"msg_1","content":[{"text":"Hello","type":"text"}],"model":"claude-x","role":"assistant","stop_reason":"end_turn","stop_sequence":null,"type":"message","usage":{"input_tokens":10,"output_tokens":5}})
    );
}

#[test]
fn derived_events_of_a_one_block_text_reply() {
    // Spec §4.3's sequence: the raw events are the driver's; these are what `handle`
    // adds (deltas) or puts in place of the raw event (both stops).
    let events = [
        start_message(),
        block_start(0, json!({"type":"text","text":""})),
        text_delta(0, "Hel"),
        text_delta(0, "lo"),
        block_stop(0),
        message_delta(json!("end_turn"), json!({"output_tokens":5})),
        message_stop(),
    ];
    let (derived, message) = accumulate(&events);
    let expected_block: ContentBlock =
        serde_json::from_value(json!({"citations":null,"text":"Hello","type":"text"})).unwrap();
    assert_eq!(
        derived,
        vec![
            None,
            None,
            text("Hel", "Hel"),
            text("lo", "Hello"),
            Some(HelperEvent::ContentBlockStop {
                index: 0,
                content_block: Box::new(expected_block),
            }),
            None,
            Some(HelperEvent::MessageStop {
                message: Box::new(message.clone()),
            }),
        ]
    );
    let tags: Vec<_> = derived
        .iter()
        .flatten()
        .map(HelperEvent::type_tag)
        .collect();
    assert_eq!(tags, ["text", "text", "content_block_stop", "message_stop"]);
}

#[test]
fn example_b_tool_use() {
    let events = [
        start_message(),
        block_start(
            0,
            json!({"type":"tool_use","id":"tu_1","name":"get","input":{}}),
        ),
        json_delta(0, ""),
        json_delta(0, r#"{"a": "hel"#),
        json_delta(0, r#"lo", "n": 12"#),
        json_delta(0, ", \"b\": tr"),
        json_delta(0, "ue}"),
        block_stop(0),
        message_delta(json!("tool_use"), json!({"output_tokens":20})),
        message_stop(),
    ];
    let (derived, message) = accumulate(&events);
    assert_eq!(
        derived[2..7].to_vec(),
        vec![
            input_json("", json!({})),
            input_json(r#"{"a": "hel"#, json!({})),
            input_json(r#"lo", "n": 12"#, json!({"a":"hello","n":12})),
            input_json(", \"b\": tr", json!({"a":"hello","n":12})),
            input_json("ue}", json!({"a":"hello","n":12,"b":true})),
        ]
    );
    let m = to_json(&message);
    assert_eq!(
        m["content"],
        json!([{"id":"tu_1","input":{"a":"hello","n":12,"b":true},"name":"get","type":"tool_use"}])
    );
    assert_eq!(m["stop_reason"], "tool_use");
    assert_eq!(m["usage"]["output_tokens"], 20);
    // The block carried by the stop already has its final input.
    match &derived[7] {
        Some(HelperEvent::ContentBlockStop { content_block, .. }) => {
            assert_eq!(
                content_block.as_tool_use().unwrap().input,
                json!({"a":"hello","n":12,"b":true})
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn example_c_thinking_redacted_text() {
    let events = [
        start_message(),
        block_start(0, json!({"type":"thinking","thinking":"","signature":""})),
        delta(0, json!({"type":"thinking_delta","thinking":"Let me "})),
        delta(0, json!({"type":"thinking_delta","thinking":"think."})),
        delta(0, json!({"type":"signature_delta","signature":"SIG_A"})),
        delta(0, json!({"type":"signature_delta","signature":"SIG_B"})),
        block_stop(0),
        block_start(1, json!({"type":"redacted_thinking","data":"ENC"})),
        block_stop(1),
        block_start(2, json!({"type":"text","text":"Hi"})),
        text_delta(2, "!"),
        block_stop(2),
        message_delta(json!("end_turn"), json!({"output_tokens":50})),
        message_stop(),
    ];
    let (derived, message) = accumulate(&events);
    assert_eq!(
        to_json(&message)["content"],
        json!([{"signature":"SIG_B","thinking":"Let me think.","type":"thinking"},{"data":"ENC","type":"redacted_thinking"},{"text":"Hi!","type":"text"}])
    );
    let deltas: Vec<_> = derived
        .into_iter()
        .flatten()
        .filter(|d| !matches!(d.type_tag(), "content_block_stop" | "message_stop"))
        .collect();
    assert_eq!(
        deltas,
        vec![
            HelperEvent::Thinking {
                thinking: "Let me ".into(),
                snapshot: "Let me ".into()
            },
            HelperEvent::Thinking {
                thinking: "think.".into(),
                snapshot: "Let me think.".into()
            },
            HelperEvent::Signature {
                signature: "SIG_A".into()
            },
            HelperEvent::Signature {
                signature: "SIG_B".into()
            },
            HelperEvent::Text {
                text: "!".into(),
                snapshot: "Hi!".into()
            },
        ]
    );
}

#[test]
fn example_d_citations() {
    let char_location = json!({"type":"char_location","cited_text":"The sky is blue","document_index":0,"document_title":"Doc","start_char_index":0,"end_char_index":15});
    let web = json!({"type":"web_search_result_location","url":"https://e.x","title":null,"encrypted_index":"EI","cited_text":"x"});
    for start in [
        json!({"type":"text","text":""}),
        json!({"type":"text","text":"","citations":[]}),
        json!({"type":"text","text":"","citations":null}),
    ] {
        let events = [
            start_message(),
            block_start(0, start),
            delta(
                0,
                json!({"type":"citations_delta","citation":char_location.clone()}),
            ),
            text_delta(0, "Sky "),
            delta(0, json!({"type":"citations_delta","citation":web.clone()})),
            text_delta(0, "is blue"),
            block_stop(0),
            message_delta(json!("end_turn"), json!({"output_tokens":9})),
            message_stop(),
        ];
        let (derived, message) = accumulate(&events);
        let web_out = web.clone();
        assert_eq!(
            to_json(&message)["content"],
            json!([{"citations":[char_location.clone(), web_out.clone()],"text":"Sky is blue","type":"text"}])
        );
        let lens: Vec<usize> = derived
            .iter()
            .flatten()
            .filter_map(|d| match d {
                HelperEvent::Citation { snapshot, .. } => Some(snapshot.len()),
                _ => None,
            })
            .collect();
        assert_eq!(lens, [1, 2]);
        match &derived[4] {
            Some(HelperEvent::Citation { citation, snapshot }) => {
                assert_eq!(serde_json::to_value(citation).unwrap(), web_out);
                assert_eq!(&snapshot[1], citation);
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn example_e_usage_merge() {
    let start = json!({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1,"cache_creation_input_tokens":3,"cache_read_input_tokens":4,"service_tier":"standard","cache_creation":{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":3},"server_tool_use":{"web_search_requests":0}}}});
    let events = [
        start,
        json!({"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":"X"},"usage":{"output_tokens":7,"input_tokens":99,"cache_creation_input_tokens":null,"cache_read_input_tokens":0,"server_tool_use":{"web_search_requests":2},"service_tier":"priority","cache_creation":{"ephemeral_5m_input_tokens":77}}}),
        message_stop(),
    ];
    let (_, message) = accumulate(&events);
    let m = to_json(&message);
    assert_eq!(
        m["usage"],
        json!({"cache_creation":{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":3},"cache_creation_input_tokens":3,"cache_read_input_tokens":0,"input_tokens":99,"output_tokens":7,"server_tool_use":{"web_search_requests":2},"service_tier":"standard"})
    );
    assert_eq!(m["stop_reason"], "max_tokens");
    assert_eq!(m["stop_sequence"], "X");
}

#[test]
fn example_f_null_resets() {
    let mut acc = MessageAccumulator::new();
    run(
        &mut acc,
        &[
            start_message(),
            block_start(0, json!({"type":"text","text":"hi"})),
            block_stop(0),
            json!({"type":"message_delta","delta":{"stop_reason":"pause_turn","stop_sequence":"S","container":{"id":"c1","expires_at":"2030-01-01T00:00:00Z"}},"context_management":{"applied_edits":[]},"usage":{"output_tokens":3}}),
        ],
    );
    let snap = acc.snapshot().unwrap();
    assert_eq!(snap.container.as_ref().unwrap().id, "c1");
    assert!(snap.context_management.is_some());
    assert_eq!(snap.stop_reason, Some(StopReason::PauseTurn));
    run(
        &mut acc,
        &[
            json!({"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":4}}),
        ],
    );
    let snap = acc.snapshot().unwrap();
    assert_eq!(snap.container, None);
    assert_eq!(snap.context_management, None);
    assert_eq!(snap.stop_sequence, None);
    assert_eq!(snap.stop_reason, Some(StopReason::EndTurn));
    assert_eq!(snap.usage.output_tokens, 4);
    // `delta: {}` resets the stop reason to null too.
    run(
        &mut acc,
        &[json!({"type":"message_delta","delta":{},"usage":{"output_tokens":5}})],
    );
    assert_eq!(acc.snapshot().unwrap().stop_reason, None);
    run(&mut acc, &[message_stop()]);
    assert_eq!(
        to_json(&acc.finish().unwrap()),
        json!({"id":"msg_1","content":[{"text":"hi","type":"text"}],"model":"claude-x","role":"assistant","stop_reason":null,"stop_sequence":null,"type":"message","usage":{"input_tokens":10,"output_tokens":5}})
    );
}

// ------------------------------------------------------------ tool input

/// The `InputJson` snapshot after each piece, in a mode.
fn input_snapshots(mode: PartialMode, pieces: &[&str]) -> Vec<Value> {
    let mut acc = MessageAccumulator::with_partial_mode(mode);
    run(
        &mut acc,
        &[
            start_message(),
            block_start(
                0,
                json!({"type":"tool_use","id":"tu","name":"f","input":{}}),
            ),
        ],
    );
    pieces
        .iter()
        .map(
            |p| match acc.handle(&ev(json_delta(0, p))).unwrap().unwrap() {
                Derived::InputJson {
                    partial_json,
                    snapshot,
                } => {
                    assert_eq!(partial_json, *p);
                    snapshot.clone()
                }
                other => panic!("{other:?}"),
            },
        )
        .collect()
}

#[test]
fn input_json_snapshots_are_jiter_partial_values() {
    // Spec §5.2's table, as whole prefixes (one piece) and split in two.
    let cases: &[(&str, Value, Value)] = &[
        (r#"{"a": "hel"#, json!({}), json!({"a":"hel"})),
        (r#"{"a": 12"#, json!({"a":12}), json!({"a":12})),
        (r#"{"a": 1.5"#, json!({"a":1.5}), json!({"a":1.5})),
        (r#"{"a": 12."#, json!({}), json!({})),
        (r#"{"a": tr"#, json!({}), json!({})),
        (r#"{"a": true"#, json!({"a":true}), json!({"a":true})),
        (r#"{"a"#, json!({}), json!({})),
        (r#"{"a": "x","#, json!({"a":"x"}), json!({"a":"x"})),
        (r#"{"a": [1, "x"#, json!({"a":[1]}), json!({"a":[1,"x"]})),
        (r#"{"a": {"b": "c"#, json!({"a":{}}), json!({"a":{"b":"c"}})),
        (
            r#"{"a": "hel", "b": "wor"#,
            json!({"a":"hel"}),
            json!({"a":"hel","b":"wor"}),
        ),
        (r#"{"a": "x\u00"#, json!({}), json!({"a":"x"})),
        ("[1,", json!([1]), json!([1])),
        (r#"{"a": 1}}"#, json!({"a":1}), json!({"a":1})),
    ];
    for (text, on, trailing) in cases {
        for (mode, want) in [
            (PartialMode::On, on),
            (PartialMode::TrailingStrings, trailing),
        ] {
            assert_eq!(
                input_snapshots(mode, &[text]).last(),
                Some(want),
                "{mode:?} {text}"
            );
            for cut in 1..text.len() {
                let (a, b) = text.split_at(cut);
                assert_eq!(
                    input_snapshots(mode, &[a, b]).last(),
                    Some(want),
                    "{mode:?} {a} | {b}"
                );
            }
        }
    }
}

#[test]
fn no_value_yet_shows_the_start_input() {
    // Python raises for these prefixes; they may still become valid, so we wait and show
    // the start block's input.
    for text in ["  ", "tru", "-", r#""abc"#] {
        assert_eq!(
            input_snapshots(PartialMode::On, &[text]),
            vec![json!({})],
            "{text}"
        );
    }
}

/// At `content_block_stop`, text in which no value ever began is an error (Python fails
/// at its delta), not the start input handed to a tool; no text at all keeps the start
/// input, and a value cut short keeps what was parsed.
#[test]
fn no_value_at_the_stop_is_an_error_unless_there_was_no_text() {
    let finished = |mode: PartialMode, text: &str| {
        let mut acc = MessageAccumulator::with_partial_mode(mode);
        run(
            &mut acc,
            &[
                start_message(),
                block_start(
                    0,
                    json!({"type":"tool_use","id":"tu","name":"f","input":{}}),
                ),
                json_delta(0, text),
            ],
        );
        match acc.handle(&ev(block_stop(0))) {
            Ok(_) => Ok(to_json(acc.snapshot().unwrap())["content"][0]["input"].clone()),
            Err(e) => Err(e),
        }
    };
    for text in ["  ", "tru", "-", r#""abc"#] {
        assert!(
            matches!(
                finished(PartialMode::On, text),
                Err(StreamError::InvalidToolInput { index: 0, .. })
            ),
            "{text:?}"
        );
    }
    assert_eq!(finished(PartialMode::On, "").unwrap(), json!({}));
    assert_eq!(finished(PartialMode::On, "{").unwrap(), json!({}));
    assert_eq!(
        finished(PartialMode::On, r#"{"a": 1, "b": "cu"#).unwrap(),
        json!({"a": 1})
    );
    assert_eq!(
        finished(PartialMode::TrailingStrings, r#""abc"#).unwrap(),
        json!("abc")
    );
}

#[test]
fn prefilled_input_survives_empty_deltas_and_is_replaced_by_text() {
    let mut acc = MessageAccumulator::new();
    run(
        &mut acc,
        &[
            start_message(),
            block_start(
                0,
                json!({"type":"tool_use","id":"tu","name":"f","input":{"pre":1}}),
            ),
            json_delta(0, ""),
            json_delta(0, ""),
        ],
    );
    assert_eq!(
        acc.snapshot().unwrap().content[0]
            .as_tool_use()
            .unwrap()
            .input,
        json!({"pre":1})
    );
    let mut stopped = acc.clone();
    run(&mut stopped, &[block_stop(0)]);
    assert_eq!(
        stopped.snapshot().unwrap().content[0]
            .as_tool_use()
            .unwrap()
            .input,
        json!({"pre":1})
    );
    run(&mut acc, &[json_delta(0, r#"{"b": 2"#)]);
    assert_eq!(
        acc.snapshot().unwrap().content[0]
            .as_tool_use()
            .unwrap()
            .input,
        json!({"b":2})
    );
}

#[test]
fn snapshot_syncs_tool_input_lazily_and_finish_includes_it() {
    let mut acc = MessageAccumulator::new();
    run(
        &mut acc,
        &[
            start_message(),
            block_start(
                0,
                json!({"type":"tool_use","id":"tu","name":"f","input":{}}),
            ),
            json_delta(0, r#"{"city": "Paris", "n": 3"#),
        ],
    );
    assert_eq!(
        acc.snapshot().unwrap().content[0]
            .as_tool_use()
            .unwrap()
            .input,
        json!({"city":"Paris","n":3})
    );
    run(&mut acc, &[json_delta(0, r#"0, "x": [true"#)]);
    assert_eq!(
        acc.snapshot().unwrap().content[0]
            .as_tool_use()
            .unwrap()
            .input,
        json!({"city":"Paris","n":30,"x":[true]})
    );
    run(&mut acc, &[json_delta(0, "]}")]);
    // No snapshot() call before finish: finish syncs.
    match acc.finish() {
        Err(StreamError::Incomplete { partial: Some(m) }) => {
            assert_eq!(
                m.content[0].as_tool_use().unwrap().input,
                json!({"city":"Paris","n":30,"x":[true]})
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn server_tool_use_accumulates_without_events_and_mcp_tool_use_derives() {
    let mut acc = MessageAccumulator::new();
    let derived = run(
        &mut acc,
        &[
            start_message(),
            block_start(
                0,
                json!({"type":"server_tool_use","id":"srv","name":"web_search","input":{}}),
            ),
            json_delta(0, r#"{"query": "#),
            json_delta(0, r#""rust"}"#),
            block_stop(0),
            block_start(
                1,
                json!({"type":"mcp_tool_use","id":"m","name":"n","server_name":"s","input":{}}),
            ),
            json_delta(1, r#"{"k": 1}"#),
            block_stop(1),
            message_stop(),
        ],
    );
    assert_eq!(derived[2], None);
    assert_eq!(derived[3], None);
    assert_eq!(derived[6], input_json(r#"{"k": 1}"#, json!({"k":1})));
    let m = to_json(&acc.finish().unwrap());
    assert_eq!(m["content"][0]["input"], json!({"query":"rust"}));
    assert_eq!(m["content"][1]["input"], json!({"k":1}));
}

#[test]
fn truncated_tool_input_at_stop_keeps_the_partial_value() {
    // `max_tokens` can cut a tool call; Python keeps the partial value, so do we.
    let mut acc = MessageAccumulator::new();
    let derived = run(
        &mut acc,
        &[
            start_message(),
            block_start(
                0,
                json!({"type":"tool_use","id":"tu","name":"f","input":{}}),
            ),
            json_delta(0, r#"{"a": 1, "b": "unfini"#),
            block_stop(0),
            message_delta(json!("max_tokens"), json!({"output_tokens":9})),
            message_stop(),
        ],
    );
    match &derived[3] {
        Some(HelperEvent::ContentBlockStop { content_block, .. }) => {
            assert_eq!(content_block.as_tool_use().unwrap().input, json!({"a":1}));
        }
        other => panic!("{other:?}"),
    }
    let m = acc.finish().unwrap();
    assert_eq!(m.content[0].as_tool_use().unwrap().input, json!({"a":1}));
}

#[test]
fn long_top_level_number_is_strictly_parsed_at_stop() {
    // A number longer than the partial display limit shows only once complete: the stop
    // takes the strict parse of the whole text.
    let digits = "1".repeat(150);
    let mut acc = MessageAccumulator::new();
    let derived = run(
        &mut acc,
        &[
            start_message(),
            block_start(
                0,
                json!({"type":"tool_use","id":"tu","name":"f","input":{}}),
            ),
            json_delta(0, &digits),
            block_stop(0),
        ],
    );
    let want: Value = serde_json::from_str(&digits).unwrap();
    match &derived[3] {
        Some(HelperEvent::ContentBlockStop { content_block, .. }) => {
            assert_eq!(content_block.as_tool_use().unwrap().input, want);
        }
        other => panic!("{other:?}"),
    }
}

// ------------------------------------------------------------ ignored input

#[test]
fn mismatched_and_unknown_deltas_change_nothing() {
    let mut acc = MessageAccumulator::new();
    run(
        &mut acc,
        &[
            start_message(),
            block_start(0, json!({"type":"text","text":"t"})),
            block_start(
                1,
                json!({"type":"tool_use","id":"tu","name":"f","input":{}}),
            ),
            block_start(
                2,
                json!({"type":"thinking","thinking":"th","signature":"s"}),
            ),
            block_start(3, json!({"type":"future_block","blob":[1,2]})),
        ],
    );
    let before = to_json(acc.snapshot().unwrap());
    let deltas = [
        json_delta(0, "{}"),
        delta(0, json!({"type":"thinking_delta","thinking":"x"})),
        delta(0, json!({"type":"signature_delta","signature":"x"})),
        text_delta(1, "x"),
        delta(
            1,
            json!({"type":"citations_delta","citation":{"type":"char_location","cited_text":"x","document_index":0,"start_char_index":0,"end_char_index":1}}),
        ),
        text_delta(2, "x"),
        json_delta(2, "{}"),
        text_delta(3, "x"),
        json_delta(3, "{}"),
        delta(0, json!({"type":"future_delta","text":"x"})),
        delta(1, json!({"type":"future_delta","partial_json":"{}"})),
    ];
    for d in deltas {
        assert_eq!(acc.handle(&ev(d.clone())).unwrap(), None, "{d}");
    }
    assert!(acc.has_content());
    assert_eq!(to_json(acc.snapshot().unwrap()), before);
}

#[test]
fn ping_and_unknown_events_are_ignored_in_every_state() {
    let ignored = [json!({"type":"ping"}), json!({"type":"future_event","x":1})];
    let mut acc = MessageAccumulator::new();
    for e in &ignored {
        assert_eq!(acc.handle(&ev(e.clone())).unwrap(), None);
    }
    assert!(!acc.is_started());
    run(&mut acc, &[start_message(), message_stop()]);
    for e in &ignored {
        assert_eq!(acc.handle(&ev(e.clone())).unwrap(), None);
    }
    assert!(acc.is_complete());
    assert!(!acc.has_content());
    assert_eq!(acc.finish().unwrap().id, "msg_1");
}

// ------------------------------------------------------------ strictness errors

fn started() -> MessageAccumulator {
    let mut acc = MessageAccumulator::new();
    run(
        &mut acc,
        &[
            start_message(),
            block_start(0, json!({"type":"text","text":"a"})),
        ],
    );
    acc
}

fn err(acc: &mut MessageAccumulator, event: Value) -> StreamError {
    acc.handle(&ev(event)).expect_err("an error")
}

#[test]
fn event_before_message_start() {
    for (event, name) in [
        (
            block_start(0, json!({"type":"text","text":""})),
            "content_block_start",
        ),
        (text_delta(0, "x"), "content_block_delta"),
        (block_stop(0), "content_block_stop"),
        (
            message_delta(json!("end_turn"), json!({"output_tokens":1})),
            "message_delta",
        ),
        (message_stop(), "message_stop"),
    ] {
        let mut acc = MessageAccumulator::new();
        assert_eq!(
            err(&mut acc, event),
            StreamError::EventBeforeMessageStart { event: name }
        );
        assert!(!acc.is_started());
    }
    let e = StreamError::EventBeforeMessageStart {
        event: "message_stop",
    };
    assert_eq!(
        e.to_string(),
        "Unexpected event order, got message_stop before \"message_start\""
    );
}

#[test]
fn duplicate_message_start() {
    let mut acc = started();
    let mut other = start_message();
    other["message"]["id"] = json!("msg_2");
    assert_eq!(err(&mut acc, other), StreamError::DuplicateMessageStart);
    assert_eq!(acc.snapshot().unwrap().id, "msg_1");
}

#[test]
fn unknown_block_index() {
    let mut acc = started();
    assert_eq!(
        err(&mut acc, text_delta(1, "x")),
        StreamError::UnknownBlockIndex {
            event: "content_block_delta",
            index: 1,
            blocks: 1
        }
    );
    assert_eq!(
        err(&mut acc, block_stop(7)),
        StreamError::UnknownBlockIndex {
            event: "content_block_stop",
            index: 7,
            blocks: 1
        }
    );
    assert!(!acc.has_content());
    // The accumulator is unchanged and still usable.
    run(
        &mut acc,
        &[text_delta(0, "b"), block_stop(0), message_stop()],
    );
    assert_eq!(acc.finish().unwrap().text(), "ab");
}

#[test]
fn unexpected_block_index() {
    let mut acc = started();
    for index in [0, 2, 5] {
        assert_eq!(
            err(
                &mut acc,
                block_start(index, json!({"type":"text","text":""}))
            ),
            StreamError::UnexpectedBlockIndex { index, expected: 1 }
        );
    }
    assert_eq!(acc.snapshot().unwrap().content.len(), 1);
}

#[test]
fn event_after_message_stop() {
    let mut acc = started();
    run(&mut acc, &[block_stop(0), message_stop()]);
    for (event, name) in [
        (start_message(), "message_start"),
        (
            block_start(1, json!({"type":"text","text":""})),
            "content_block_start",
        ),
        (text_delta(0, "x"), "content_block_delta"),
        (block_stop(0), "content_block_stop"),
        (
            message_delta(json!("end_turn"), json!({"output_tokens":1})),
            "message_delta",
        ),
        (message_stop(), "message_stop"),
    ] {
        assert_eq!(
            err(&mut acc, event),
            StreamError::EventAfterMessageStop { event: name }
        );
    }
    assert_eq!(acc.finish().unwrap().text(), "a");
}

#[test]
fn invalid_tool_input() {
    let mut acc = MessageAccumulator::new();
    run(
        &mut acc,
        &[
            start_message(),
            block_start(
                0,
                json!({"type":"tool_use","id":"tu","name":"f","input":{}}),
            ),
            json_delta(0, r#"{"a": 1, "b""#),
        ],
    );
    match err(&mut acc, json_delta(0, " 1")) {
        StreamError::InvalidToolInput { index: 0, reason } => {
            assert!(reason.contains("unexpected character"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    // It stays failed: later pieces and the stop report it again.
    assert!(matches!(
        err(&mut acc, json_delta(0, "}")),
        StreamError::InvalidToolInput { index: 0, .. }
    ));
    assert!(matches!(
        err(&mut acc, block_stop(0)),
        StreamError::InvalidToolInput { index: 0, .. }
    ));
    // The block keeps the last value shown before the error.
    assert_eq!(
        acc.snapshot().unwrap().content[0]
            .as_tool_use()
            .unwrap()
            .input,
        json!({"a":1})
    );
}

/// A rejected piece changes nothing, as Python assigns the input only when a piece parses:
/// the values the parser read from it before the bad character are not shown.
#[test]
fn a_rejected_piece_leaves_the_input_as_before_it() {
    let tool = || {
        block_start(
            0,
            json!({"type":"tool_use","id":"tu","name":"f","input":{}}),
        )
    };
    let input = |acc: &mut MessageAccumulator| {
        acc.snapshot().unwrap().content[0]
            .as_tool_use()
            .unwrap()
            .input
            .clone()
    };

    let mut acc = MessageAccumulator::new();
    run(
        &mut acc,
        &[start_message(), tool(), json_delta(0, r#"{"a":1"#)],
    );
    assert!(matches!(
        err(&mut acc, json_delta(0, r#","b":2,"c":x"#)),
        StreamError::InvalidToolInput { index: 0, .. }
    ));
    assert_eq!(input(&mut acc), json!({"a":1}));
    assert!(matches!(
        err(&mut acc, json_delta(0, "}")),
        StreamError::InvalidToolInput { index: 0, .. }
    ));
    assert_eq!(input(&mut acc), json!({"a":1}));

    let mut acc = MessageAccumulator::new();
    run(&mut acc, &[start_message(), tool()]);
    assert!(matches!(
        err(&mut acc, json_delta(0, r#"{"a":1,"b":x"#)),
        StreamError::InvalidToolInput { index: 0, .. }
    ));
    assert_eq!(input(&mut acc), json!({}));
    assert!(matches!(
        err(&mut acc, block_stop(0)),
        StreamError::InvalidToolInput { index: 0, .. }
    ));
    assert_eq!(input(&mut acc), json!({}));

    // The same when the partial message is first looked at in `finish`'s error.
    let mut acc = MessageAccumulator::new();
    run(
        &mut acc,
        &[start_message(), tool(), json_delta(0, r#"{"a":"x""#)],
    );
    assert!(matches!(
        err(&mut acc, json_delta(0, r#", "b":2 q"#)),
        StreamError::InvalidToolInput { index: 0, .. }
    ));
    match acc.finish() {
        Err(StreamError::Incomplete {
            partial: Some(message),
        }) => assert_eq!(
            message.content[0].as_tool_use().unwrap().input,
            json!({"a":"x"})
        ),
        other => panic!("{other:?}"),
    }
}

/// A start without the fields its deltas fill is still its block: the deltas are kept,
/// as Python's unvalidated block keeps them, not dropped by an unknown block.
#[test]
fn a_start_without_its_delta_fields_takes_its_deltas() {
    let (derived, message) = accumulate(&[
        start_message(),
        block_start(0, json!({"type":"thinking","thinking":""})),
        delta(0, json!({"type":"thinking_delta","thinking":"Let me"})),
        delta(0, json!({"type":"signature_delta","signature":"sig"})),
        block_stop(0),
        block_start(1, json!({"type":"tool_use","id":"tu","name":"f"})),
        json_delta(1, r#"{"a":1}"#),
        block_stop(1),
        block_start(2, json!({"type":"text"})),
        text_delta(2, "Hi"),
        block_stop(2),
        message_delta(json!("tool_use"), json!({"output_tokens":9})),
        message_stop(),
    ]);
    assert_eq!(
        derived[2],
        Some(HelperEvent::Thinking {
            thinking: "Let me".into(),
            snapshot: "Let me".into(),
        })
    );
    assert_eq!(derived[6], input_json(r#"{"a":1}"#, json!({"a":1})));
    assert_eq!(derived[9], text("Hi", "Hi"));
    assert_eq!(
        to_json(&message)["content"],
        json!([
            {"type":"thinking","thinking":"Let me","signature":"sig"},
            {"type":"tool_use","id":"tu","name":"f","input":{"a":1}},
            {"type":"text","text":"Hi"},
        ])
    );

    // A block that stays unknown with the fields filled in is kept as it came.
    let (_, message) = accumulate(&[
        start_message(),
        block_start(0, json!({"type":"tool_use","name":"f"})),
        block_stop(0),
        message_delta(json!("end_turn"), json!({"output_tokens":1})),
        message_stop(),
    ]);
    assert_eq!(
        to_json(&message)["content"],
        json!([{"type":"tool_use","name":"f"}])
    );
}

#[test]
fn trailing_text_after_tool_input_is_invalid_at_stop() {
    let mut acc = MessageAccumulator::new();
    let derived = run(
        &mut acc,
        &[
            start_message(),
            block_start(
                0,
                json!({"type":"tool_use","id":"tu","name":"f","input":{}}),
            ),
            json_delta(0, r#"{"a": 1}x"#),
        ],
    );
    // While streaming, jiter's view: the complete value, the rest ignored.
    assert_eq!(derived[2], input_json(r#"{"a": 1}x"#, json!({"a":1})));
    assert!(matches!(
        err(&mut acc, block_stop(0)),
        StreamError::InvalidToolInput { index: 0, .. }
    ));
}

#[test]
fn incomplete_carries_the_partial_message() {
    let mut acc = MessageAccumulator::new();
    run(
        &mut acc,
        &[
            start_message(),
            block_start(0, json!({"type":"text","text":""})),
            text_delta(0, "Partial "),
            text_delta(0, "answer"),
            block_stop(0),
            block_start(
                1,
                json!({"type":"tool_use","id":"tu","name":"f","input":{}}),
            ),
            json_delta(0, ""),
            json_delta(1, r#"{"path": "/tmp", "mode": "#),
        ],
    );
    assert!(acc.is_started() && !acc.is_complete() && acc.has_content());
    match acc.finish() {
        Err(StreamError::Incomplete { partial: Some(m) }) => {
            assert_eq!(
                to_json(&m)["content"],
                json!([{"type":"text","text":"Partial answer"},{"type":"tool_use","id":"tu","name":"f","input":{"path":"/tmp"}}])
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        MessageAccumulator::new().finish(),
        Err(StreamError::Incomplete { partial: None })
    );
}

#[test]
fn a_clone_continues_identically() {
    let events = [
        start_message(),
        block_start(0, json!({"type":"text","text":""})),
        text_delta(0, "abc"),
        block_start(
            1,
            json!({"type":"tool_use","id":"tu","name":"f","input":{}}),
        ),
        json_delta(1, r#"{"k": ["v", 1"#),
        json_delta(1, r#", 2], "z": "end"}"#),
        block_stop(1),
        message_stop(),
    ];
    for cut in 0..events.len() {
        let mut a = MessageAccumulator::new();
        run(&mut a, &events[..cut]);
        let mut b = a.clone();
        assert_eq!(
            run(&mut a, &events[cut..]),
            run(&mut b, &events[cut..]),
            "cut {cut}"
        );
        assert_eq!(a.finish().unwrap(), b.finish().unwrap());
    }
}

#[test]
fn derived_borrows_match_owned_form() {
    let mut acc = started();
    let d = acc.handle(&ev(text_delta(0, "bc"))).unwrap().unwrap();
    assert_eq!(d.type_tag(), "text");
    assert_eq!(
        HelperEvent::from(d),
        HelperEvent::Text {
            text: "bc".into(),
            snapshot: "abc".into()
        }
    );
}

/// The final input moves from the parser into the block at `content_block_stop` (no
/// copy); a delta that still arrives for the block afterwards (accumulated, as Python
/// does) continues from the whole text.
#[test]
fn tool_input_after_its_block_stop_continues_from_the_whole_text() {
    let mut acc = MessageAccumulator::new();
    let events = [
        start_message(),
        block_start(0, json!({"type":"tool_use","id":"t","name":"f","input":{}})),
        json_delta(0, r#"{"a": [1, {"b": "x"}], "n": 1"#),
        block_stop(0),
    ];
    let derived = run(&mut acc, &events);
    match &derived[3] {
        Some(HelperEvent::ContentBlockStop { content_block, .. }) => assert_eq!(
            serde_json::to_value(content_block).unwrap()["input"],
            json!({"a": [1, {"b": "x"}], "n": 1})
        ),
        other => panic!("{other:?}"),
    }
    let derived = run(&mut acc, &[json_delta(0, r#"2, "c": true}"#)]);
    match &derived[0] {
        Some(HelperEvent::InputJson { snapshot, .. }) => {
            assert_eq!(snapshot, &json!({"a": [1, {"b": "x"}], "n": 12, "c": true}))
        }
        other => panic!("{other:?}"),
    }
    let derived = run(&mut acc, &[block_stop(0), message_stop()]);
    assert!(derived[0].is_some());
    let message = acc.finish().unwrap();
    assert_eq!(
        message.tool_uses().next().unwrap().input,
        json!({"a": [1, {"b": "x"}], "n": 12, "c": true})
    );
}

/// Python's beta `parsed_snapshot()`: jiter's trailing-strings view of the text so far.
#[test]
fn a_text_snapshot_parses_as_partial_json() {
    let text = |snapshot| Derived::Text { text: "", snapshot };
    assert_eq!(
        text(r#"{"items": [1, 2"#)
            .parsed_snapshot()
            .unwrap()
            .unwrap(),
        json!({"items": [1, 2]})
    );
    assert_eq!(
        text(r#"{"a": "x\u00"#).parsed_snapshot().unwrap().unwrap(),
        json!({"a": "x"})
    );
    assert!(text("").parsed_snapshot().unwrap().is_err());
    assert!(text("Sure! {").parsed_snapshot().unwrap().is_err());
    let thinking = Derived::Thinking {
        thinking: "",
        snapshot: "{}",
    };
    assert!(thinking.parsed_snapshot().is_none());
}

/// A streamed tool input's numbers are read correctly rounded, in the snapshot and in the
/// final message (443080.06468156516 came out one unit in the last place off).
#[test]
fn streamed_tool_input_keeps_every_float_exact() {
    let numbers = [
        "443080.06468156516",
        "123456789.12345679",
        "-4.950258335593079e-6",
    ];
    let input = format!(
        r#"{{"a":{},"b":[{},{}]}}"#,
        numbers[0], numbers[1], numbers[2]
    );
    let mut events = vec![
        start_message(),
        block_start(0, json!({"type":"tool_use","id":"t","name":"f","input":{}})),
    ];
    let pieces: Vec<String> = input
        .as_bytes()
        .chunks(5)
        .map(|c| String::from_utf8(c.to_vec()).unwrap())
        .collect();
    events.extend(pieces.iter().map(|p| json_delta(0, p)));
    events.extend([
        block_stop(0),
        message_delta(json!("tool_use"), json!({"output_tokens":5})),
        message_stop(),
    ]);
    let (derived, message) = accumulate(&events);
    let expected: Vec<f64> = numbers.iter().map(|n| n.parse().unwrap()).collect();
    let last_snapshot = derived
        .iter()
        .rev()
        .find_map(|d| match d {
            Some(HelperEvent::InputJson { snapshot, .. }) => Some(snapshot.clone()),
            _ => None,
        })
        .unwrap();
    let input = &to_json(&message)["content"][0]["input"];
    for value in [&last_snapshot, input] {
        assert_eq!(value["a"].as_f64(), Some(expected[0]), "{value}");
        assert_eq!(value["b"][0].as_f64(), Some(expected[1]), "{value}");
        assert_eq!(value["b"][1].as_f64(), Some(expected[2]), "{value}");
    }
}
