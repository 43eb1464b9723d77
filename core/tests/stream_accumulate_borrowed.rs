//! The borrowed pipeline (`SseDecoder::next_event_from` → `decode_event_ref` →
//! `MessageAccumulator::handle_ref`, no owned event for string deltas) gives exactly what
//! the owned one (`feed` → `decode_event` → `handle`) gives: the same derived events, the
//! same errors at the same event, the same final message, for every recorded stream of
//! the accumulator's corpus (errors of every kind included) and at every split. So do a
//! client's events lent out (`HoldBack::poll_ready` → `take_ref` →
//! `MessageAccumulator::handle_event_ref`) against the same events handed over owned.

use anthropic_core::stream::event::{Decoded, decode_event, decode_event_ref};
use anthropic_core::stream::{HelperEvent, MessageAccumulator, SseDecoder};

/// What a pipeline produced: one line per event (a derived event, nothing, or an error).
#[derive(Debug, PartialEq)]
enum Out {
    Derived(HelperEvent),
    Nothing,
    ErrorEvent,
    Error(String),
}

fn finish(acc: MessageAccumulator) -> String {
    match acc.finish() {
        Ok(m) => serde_json::to_string(&m).unwrap(),
        Err(e) => format!("{e:?}"),
    }
}

fn owned(chunks: &[&[u8]]) -> (Vec<Out>, String) {
    let mut sse = SseDecoder::new();
    let mut acc = MessageAccumulator::new();
    let mut out = Vec::new();
    let step = |sse: &mut SseDecoder, acc: &mut MessageAccumulator, out: &mut Vec<Out>| {
        loop {
            let e = match sse.next_event() {
                Ok(Some(e)) => e,
                Ok(None) => return true,
                Err(e) => {
                    out.push(Out::Error(format!("{e:?}")));
                    return false;
                }
            };
            out.push(match decode_event(e.event, e.data) {
                Ok(Decoded::Event(event)) => match acc.handle(&event) {
                    Ok(Some(d)) => Out::Derived(d.to_owned_event()),
                    Ok(None) => Out::Nothing,
                    Err(e) => Out::Error(format!("{e:?}")),
                },
                Ok(Decoded::Error(_)) => Out::ErrorEvent,
                Err(e) => Out::Error(format!("{e:?}")),
            });
        }
    };
    for c in chunks {
        sse.feed(c);
        if !step(&mut sse, &mut acc, &mut out) {
            return (out, finish(acc));
        }
    }
    sse.finish();
    step(&mut sse, &mut acc, &mut out);
    (out, finish(acc))
}

fn borrowed(chunks: &[&[u8]]) -> (Vec<Out>, String) {
    let mut sse = SseDecoder::new();
    let mut acc = MessageAccumulator::new();
    let mut out = Vec::new();
    let mut scratch = String::new();
    let mut step = |sse: &mut SseDecoder,
                    rest: &mut &[u8],
                    acc: &mut MessageAccumulator,
                    out: &mut Vec<Out>| {
        loop {
            let e = match sse.next_event_from(rest) {
                Ok(Some(e)) => e,
                Ok(None) => return true,
                Err(e) => {
                    out.push(Out::Error(format!("{e:?}")));
                    return false;
                }
            };
            out.push(match decode_event_ref(e.event, e.data, &mut scratch) {
                Ok(event) => match acc.handle_ref(&event) {
                    Ok(Some(d)) => Out::Derived(d.to_owned_event()),
                    Ok(None) if matches!(event.into_decoded(), Decoded::Error(_)) => {
                        Out::ErrorEvent
                    }
                    Ok(None) => Out::Nothing,
                    Err(e) => Out::Error(format!("{e:?}")),
                },
                Err(e) => Out::Error(format!("{e:?}")),
            });
        }
    };
    for c in chunks {
        let mut rest = *c;
        if !step(&mut sse, &mut rest, &mut acc, &mut out) {
            return (out, finish(acc));
        }
    }
    sse.finish();
    step(&mut sse, &mut &[][..], &mut acc, &mut out);
    (out, finish(acc))
}

const CORPUS: &[&[u8]] = &[
    include_bytes!("../../fuzz/corpus/accumulate/after_stop.sse"),
    include_bytes!("../../fuzz/corpus/accumulate/bad_data.sse"),
    include_bytes!("../../fuzz/corpus/accumulate/bad_indices.sse"),
    include_bytes!("../../fuzz/corpus/accumulate/delta_before_start.sse"),
    include_bytes!("../../fuzz/corpus/accumulate/duplicate_start.sse"),
    include_bytes!("../../fuzz/corpus/accumulate/error_event.sse"),
    include_bytes!("../../fuzz/corpus/accumulate/full.sse"),
    include_bytes!("../../fuzz/corpus/accumulate/full_crlf.sse"),
    include_bytes!("../../fuzz/corpus/accumulate/incomplete.sse"),
    include_bytes!("../../fuzz/corpus/accumulate/invalid_tool_json.sse"),
    include_bytes!("../../fuzz/corpus/accumulate/mismatched.sse"),
    include_bytes!("../../fuzz/corpus/accumulate/text.sse"),
    include_bytes!("../../fuzz/corpus/accumulate/thinking_citations.sse"),
    include_bytes!("../../fuzz/corpus/accumulate/tool_use.sse"),
];

#[test]
fn borrowed_and_owned_pipelines_agree_on_the_corpus() {
    for (n, stream) in CORPUS.iter().enumerate() {
        let want = owned(&[stream]);
        assert!(!want.0.is_empty(), "stream {n}");
        assert_eq!(borrowed(&[stream]), want, "stream {n}, whole");
        for cut in 0..=stream.len() {
            let chunks = [&stream[..cut], &stream[cut..]];
            assert_eq!(borrowed(&chunks), want, "stream {n}, split at {cut}");
        }
    }
}

#[test]
fn the_corpus_covers_borrowed_deltas_and_errors() {
    // The comparison above means something only if the borrowed path is taken and errors
    // happen: check both.
    let full = owned(&[include_bytes!("../../fuzz/corpus/accumulate/full.sse")]);
    assert!(
        full.0
            .iter()
            .any(|o| matches!(o, Out::Derived(HelperEvent::Text { .. })))
    );
    assert!(
        full.0
            .iter()
            .any(|o| matches!(o, Out::Derived(HelperEvent::InputJson { .. })))
    );
    let errors = CORPUS
        .iter()
        .filter(|s| owned(&[s]).0.iter().any(|o| matches!(o, Out::Error(_))))
        .count();
    assert!(errors >= 5, "{errors}");
    let data =
        r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"#;
    assert!(matches!(
        decode_event_ref(Some("content_block_delta"), data, &mut String::new()).unwrap(),
        anthropic_core::stream::event::DecodedRef::StrDelta(d) if matches!(d.text, std::borrow::Cow::Borrowed("Hi"))
    ));
}

/// A driver's pipeline on the corpus: `HoldBack` (no retries) into the accumulator, its
/// events handed over owned (`poll_output` → `handle`) or lent out (`poll_ready` →
/// `take_ref` → `handle_event_ref`).
fn through_hold_back(chunks: &[&[u8]], lent: bool) -> (Vec<Out>, String) {
    use anthropic_core::endpoints::messages;
    use anthropic_core::stream::HoldBack;
    use anthropic_core::stream::hold_back::{Output, Ready};
    use anthropic_core::types::{MessageCreateParams, Model};
    use anthropic_core::{ClientConfig, Exchange, Moment, RequestOptions, Timestamp};

    let config = ClientConfig::new()
        .api_key("k")
        .base_url("http://127.0.0.1:9");
    let params = MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 8).user("hi");
    let call = messages::create_stream(&params, false).unwrap();
    let options = RequestOptions::new().max_retries(0);
    let mut exchange = Exchange::new(&config, call, &options, Timestamp::ZERO).unwrap();
    let moment = || Moment {
        now: Timestamp::ZERO,
        wall: std::time::SystemTime::UNIX_EPOCH,
        random: 0.5,
    };
    let mut hold = HoldBack::new(http::StatusCode::OK, http::HeaderMap::new());
    let mut acc = MessageAccumulator::new();
    let mut out = Vec::new();
    let mut chunks = chunks.iter();
    loop {
        // What the poll said, with an event already handled by the accumulator.
        let (handled, output) = if lent {
            match hold.poll_ready(&mut exchange, moment) {
                Output::Event(Ready) => {
                    let handled = acc.handle_event_ref(&hold.take_ref().unwrap());
                    (Some(outcome(handled)), Output::End)
                }
                other => (None, other),
            }
        } else {
            match hold.poll_output(&mut exchange, moment) {
                Output::Event(event) => (Some(outcome(acc.handle(&event))), Output::End),
                Output::Error(e) => (None, Output::Error(e)),
                Output::Read => (None, Output::Read),
                Output::End | Output::Retry(_) => (None, Output::End),
            }
        };
        match (handled, output) {
            (Some((o, ends)), _) => {
                out.push(o);
                if ends {
                    break;
                }
            }
            (None, Output::Read) => match chunks.next() {
                Some(c) => hold.handle_bytes(c),
                None => hold.handle_end(),
            },
            (None, Output::Error(e)) => {
                out.push(Out::Error(format!("{e:?}")));
                break;
            }
            (None, _) => break,
        }
    }
    (out, finish(acc))
}

/// What the accumulator made of one event, and whether it ends the run (an error).
fn outcome(
    handled: Result<
        Option<anthropic_core::stream::Derived<'_>>,
        anthropic_core::stream::StreamError,
    >,
) -> (Out, bool) {
    match handled {
        Ok(Some(d)) => (Out::Derived(d.to_owned_event()), false),
        Ok(None) => (Out::Nothing, false),
        Err(e) => (Out::Error(format!("{e:?}")), true),
    }
}

#[test]
fn events_lent_out_accumulate_as_events_handed_over_on_the_corpus() {
    for (n, stream) in CORPUS.iter().enumerate() {
        let want = through_hold_back(&[stream], false);
        assert!(!want.0.is_empty(), "stream {n}");
        for cut in 0..=stream.len() {
            let chunks = [&stream[..cut], &stream[cut..]];
            // Any split gives what the whole stream gives, so one owned run is the
            // reference for all.
            assert_eq!(
                through_hold_back(&chunks, true),
                want,
                "stream {n}, split at {cut}"
            );
        }
        let bytes: Vec<&[u8]> = stream.chunks(1).collect();
        assert_eq!(
            through_hold_back(&bytes, true),
            want,
            "stream {n}, byte by byte"
        );
    }
}
