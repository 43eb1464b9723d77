//! Raw event streams: decoding under any chunking and framing, errors in and around the
//! stream, what is retried before content and what is not after it.

use anthropic_core::stream::{StreamError, StreamEvent};
use anthropic_core::{ApiErrorKind, Error, RequestOptions, TransportConfig};
use anthropic_mock::sse::{self, LineEnding};
use anthropic_mock::{Framing, MockResponse, MockServer};

use super::{client, client_with, collect, hello, message_json, retry_counts, say, story};
use crate::subject::{Events, Helper, Subject, ga};

/// The mock's default stream, whole: text, first and last events, `"stream": true`.
pub fn a_full_stream_from_the_default_mock<S: Subject>() {
    let server = MockServer::start();
    let stream = client::<S>(&server).create_stream(ga(), &story()).unwrap();
    assert_eq!(stream.request_id().as_deref(), Some("req_mock_1"));
    assert_eq!(stream.status().as_u16(), 200);
    assert_eq!(stream.retries_taken(), 0);
    let got = collect(stream);
    assert!(got.error.is_none(), "{:?}", got.error);
    assert_eq!(
        got.text,
        "Hello! This is the mock Claude server. You said: Write a story"
    );
    assert_eq!(got.kinds.first(), Some(&"message_start"));
    assert_eq!(got.kinds.last(), Some(&"message_stop"));
    assert_eq!(server.last_request().unwrap().json()["stream"], true);
}

/// One-byte chunks, CR, LF and CRLF line endings: the same events and text; streams read
/// to the end hand their connection back.
pub fn every_chunking_and_line_ending_gives_the_same_events<S: Subject>() {
    let text = "Once upon a time, in a land far away";
    let events = sse::text_message("claude-sonnet-4-5", text, 7);
    let server = MockServer::start();
    let client = client::<S>(&server);
    let mut results = Vec::new();
    for (chunk, ending) in [
        (1, LineEnding::Lf),
        (1, LineEnding::CrLf),
        (3, LineEnding::Cr),
        (4096, LineEnding::CrLf),
    ] {
        server.enqueue(
            MockResponse::sse(events.clone())
                .chunk_size(chunk)
                .line_ending(ending),
        );
        let got = collect(client.create_stream(ga(), &story()).unwrap());
        assert!(got.error.is_none(), "{:?}", got.error);
        results.push((got.text, got.kinds));
    }
    assert_eq!(results[0].0, text);
    assert!(results.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(server.connection_count(), 1);
}

/// An error status is returned by the call that opens the stream, with its body.
pub fn an_error_status_on_a_stream_is_returned_by_the_call<S: Subject>() {
    let server = MockServer::start();
    server.enqueue(MockResponse::error(
        400,
        "invalid_request_error",
        "max_tokens: too large",
    ));
    let err = client::<S>(&server)
        .create_stream(ga(), &story())
        .unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(api.kind(), ApiErrorKind::BadRequest);
    assert_eq!(api.error_message(), Some("max_tokens: too large"));
    assert_eq!(server.request_count(), 1);
}

/// A connection dropped after content is an error, not a retry.
pub fn a_connection_dropped_mid_stream_is_an_error<S: Subject>() {
    let events = sse::text_message("m", "alpha beta gamma delta epsilon", 5);
    let body = sse::encode_all(&events, LineEnding::Lf);
    let server = MockServer::start();
    server.enqueue(MockResponse::sse(events).close_after(body.len() * 2 / 3));
    let got = collect(client::<S>(&server).create_stream(ga(), &story()).unwrap());
    assert!(!got.text.is_empty());
    assert!(
        matches!(
            got.error,
            Some(Error::Connection(_)) | Some(Error::Stream(StreamError::Incomplete { .. }))
        ),
        "{:?}",
        got.error
    );
    assert_eq!(server.request_count(), 1);
}

/// A stream that ends without `message_stop` is an error, after all its text.
pub fn a_stream_without_message_stop_is_incomplete<S: Subject>() {
    let server = MockServer::start();
    server.enqueue(MockResponse::sse(sse::without_message_stop(
        sse::text_message("m", "cut short", 2),
    )));
    let got = collect(client::<S>(&server).create_stream(ga(), &story()).unwrap());
    assert_eq!(got.text, "cut short");
    assert!(
        matches!(
            got.error,
            Some(Error::Stream(StreamError::Incomplete { .. }))
        ),
        "{:?}",
        got.error
    );
}

/// An `overloaded_error` event before any content is retried like a 529: the caller sees
/// one stream, from the retry, with its request id and retry count.
pub fn overloaded_event_before_content_is_retried<S: Subject>() {
    let server = MockServer::start();
    let overloaded = sse::insert_error(
        sse::text_message("claude-sonnet-4-5", "never seen", 2),
        "content_block_delta",
        sse::error_event("overloaded_error", "Overloaded"),
    );
    server.enqueue(MockResponse::sse(overloaded));
    let mut stream = client::<S>(&server).create_stream(ga(), &story()).unwrap();
    assert_eq!(stream.request_id().as_deref(), Some("req_mock_1"));
    let first = stream.next_event().unwrap().unwrap();
    assert!(matches!(first, StreamEvent::MessageStart { .. }));
    assert_eq!(stream.request_id().as_deref(), Some("req_mock_2"));
    assert_eq!(stream.retries_taken(), 1);
    let got = collect(stream);
    assert!(got.error.is_none(), "{:?}", got.error);
    assert_eq!(server.request_count(), 2);
    assert!(
        got.text
            .starts_with("Hello! This is the mock Claude server.")
    );
    assert_eq!(
        got.kinds.iter().filter(|k| **k == "message_start").count(),
        0,
        "the one message_start was read above"
    );
    assert_eq!(retry_counts(&server), ["0", "1"]);
}

/// An error event after content is the typed error it names, not a retry.
pub fn an_error_event_after_content_is_not_retried<S: Subject>() {
    let server = MockServer::start();
    let events = sse::text_message("claude-sonnet-4-5", "one two three four", 4);
    let cut = events
        .iter()
        .rposition(|e| e.name() == Some("content_block_stop"))
        .unwrap();
    let mut events = events[..cut].to_vec();
    events.push(sse::error_event("overloaded_error", "Overloaded"));
    server.enqueue(MockResponse::sse(events));
    let got = collect(client::<S>(&server).create_stream(ga(), &story()).unwrap());
    assert_eq!(got.text, "one two three four");
    let error = got.error.expect("an error");
    let api = error.as_api().unwrap();
    assert_eq!(api.kind(), ApiErrorKind::Overloaded);
    assert_eq!(api.status().as_u16(), 200);
    assert_eq!(api.request_id(), Some("req_mock_1"));
    assert_eq!(server.request_count(), 1);
}

/// Chunked, content-length and close-delimited bodies give the same stream; a
/// close-delimited body cannot leave its connection for reuse.
pub fn every_framing_gives_the_same_result<S: Subject>() {
    let server = MockServer::start();
    let client = client::<S>(&server);
    let events = sse::text_message("m", "framed three ways", 3);
    let mut texts = Vec::new();
    for framing in [
        Framing::Chunked,
        Framing::ContentLength,
        Framing::CloseDelimited,
    ] {
        server.enqueue(
            MockResponse::sse(events.clone())
                .framing(framing)
                .chunk_size(5),
        );
        let got = collect(client.create_stream(ga(), &story()).unwrap());
        assert!(got.error.is_none(), "{framing:?}: {:?}", got.error);
        texts.push(got.text);
    }
    assert!(texts.iter().all(|t| t == "framed three ways"), "{texts:?}");
    client.create(ga(), &hello()).unwrap();
    assert_eq!(server.connection_count(), 2);
    server.enqueue(MockResponse::json(200, message_json("cd")).framing(Framing::CloseDelimited));
    assert_eq!(client.create(ga(), &hello()).unwrap().id, "cd");
}

/// A single 1 MiB text delta arrives whole.
pub fn a_one_mebibyte_delta_arrives_whole<S: Subject>() {
    let big = "x".repeat(1 << 20);
    let server = MockServer::start();
    server.enqueue(MockResponse::sse(sse::text_message("m", &big, 1)).chunk_size(8192));
    let got = collect(client::<S>(&server).create_stream(ga(), &story()).unwrap());
    assert!(got.error.is_none(), "{:?}", got.error);
    assert_eq!(got.text.len(), big.len());
}

/// A non-streaming body over `max_body_size` is refused, and not retried.
pub fn a_body_over_the_size_limit_is_refused<S: Subject>() {
    let server = MockServer::start();
    let transport = TransportConfig {
        max_body_size: 64,
        ..TransportConfig::default().proxy_direct()
    };
    let client = client_with::<S>(server.url(), transport);
    let err = client.create(ga(), &hello()).unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(err.to_string().contains("64"), "{err}");
    assert_eq!(server.request_count(), 1, "not retried");
}

/// Every request asks for `gzip, deflate`, as Python does; a gzip bomb stops at the body
/// limit (on decoded bytes), with a body-limit error, not retried.
pub fn compression_is_asked_for_and_a_gzip_bomb_stops_at_the_limit<S: Subject>() {
    let server = MockServer::start();
    // 32 MiB of spaces inside a JSON string: about 32 KiB on the wire.
    let mut inflated = br#"{"id":""#.to_vec();
    inflated.extend(std::iter::repeat_n(b' ', 32 << 20));
    let bomb = anthropic_mock::faults::compress("gzip", &inflated);
    assert!(bomb.len() < 1 << 20);
    server.enqueue(
        MockResponse::body(200, "application/json", bomb).header("content-encoding", "gzip"),
    );
    let transport = TransportConfig {
        max_body_size: 1 << 20,
        ..TransportConfig::default().proxy_direct()
    };
    let client = client_with::<S>(server.url(), transport);
    let err = client.create(ga(), &hello()).unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest(m) if m.contains("1048576-byte limit")),
        "{err:?}"
    );
    assert_eq!(server.request_count(), 1, "not retried");
    assert_eq!(
        server.last_request().unwrap().header("accept-encoding"),
        Some("gzip, deflate")
    );
}

/// A compressed event stream (`gzip`, `deflate`), in chunks that split the compressed
/// bytes anywhere, gives the same events and text as the plain one, characters of
/// several bytes included.
pub fn a_compressed_event_stream_gives_the_same_events<S: Subject>() {
    let text = "Grüße, 世界: a stream with 🦀 in it, and more words after";
    let events = sse::text_message("claude-sonnet-4-5", text, 9);
    let body = sse::encode_all(&events, LineEnding::Lf);
    let server = MockServer::start();
    let client = client::<S>(&server);
    server.enqueue(MockResponse::sse(events));
    let plain = collect(client.create_stream(ga(), &story()).unwrap());
    assert!(plain.error.is_none(), "{:?}", plain.error);
    assert_eq!(plain.text, text);
    for (encoding, chunk) in [("gzip", 5), ("deflate", 1), ("gzip", 4096)] {
        server.enqueue(
            MockResponse::sse_raw(anthropic_mock::faults::compress(encoding, &body))
                .header("content-encoding", encoding)
                .chunk_size(chunk),
        );
        let got = collect(client.create_stream(ga(), &story()).unwrap());
        assert!(got.error.is_none(), "{encoding}: {:?}", got.error);
        assert_eq!(
            (&got.text, &got.kinds),
            (&plain.text, &plain.kinds),
            "{encoding}"
        );
    }
}

/// Every event of a stream and the error that ended it, read one way.
fn read_all(mut stream: impl Events, by_ref: bool) -> (Vec<StreamEvent>, Option<String>) {
    let mut events = Vec::new();
    loop {
        let next = if by_ref {
            stream.next_event_ref()
        } else {
            stream.next_event()
        };
        match next {
            Some(Ok(event)) => events.push(event),
            Some(Err(error)) => return (events, Some(format!("{error:?}"))),
            None => return (events, None),
        }
    }
}

/// Events taken by reference (`next_ref`) are exactly the events read owned: text with
/// escapes and characters of every width, tool input, thinking and its signature, in
/// any chunking, compressed, after a retry before content, and cut off mid-stream.
pub fn events_taken_by_reference_are_the_events_read_owned<S: Subject>() {
    let text = "Grüße \"quoted\" 世界 🦀\n and a tab\t";
    let bodies = [
        sse::text_message("claude-sonnet-4-5", text, 9),
        sse::tool_use_message("get_weather", r#"{"city": "Paris "16e"", "n": [1, 2]}"#, 6),
        sse::thinking_message("Let me think… 🤔", "sig", "Done."),
    ];
    let server = MockServer::start();
    let client = client::<S>(&server);
    let mut responses: Vec<(&str, Vec<MockResponse>)> = Vec::new();
    for (i, events) in bodies.iter().enumerate() {
        let body = sse::encode_all(events, LineEnding::Lf);
        let script = |chunk| vec![MockResponse::sse(events.clone()).chunk_size(chunk)];
        responses.push(("whole", script(4096)));
        responses.push(("byte by byte", script(1)));
        responses.push(("in sevens", script(7)));
        responses.push((
            "gzip",
            vec![
                MockResponse::sse_raw(anthropic_mock::faults::compress("gzip", &body))
                    .header("content-encoding", "gzip")
                    .chunk_size(5),
            ],
        ));
        if i == 0 {
            let overloaded = sse::insert_error(
                events.clone(),
                "content_block_delta",
                sse::error_event("overloaded_error", "Overloaded"),
            );
            responses.push((
                "retried before content",
                vec![
                    MockResponse::sse(overloaded),
                    MockResponse::sse(events.clone()),
                ],
            ));
            responses.push((
                "cut off",
                vec![MockResponse::sse(events.clone()).close_after(body.len() / 2)],
            ));
        }
    }
    for (name, script) in responses {
        let mut seen = Vec::new();
        for by_ref in [false, true] {
            for response in script.iter().cloned() {
                server.enqueue(response);
            }
            let stream = client.create_stream(ga(), &story()).unwrap();
            seen.push(read_all(stream, by_ref));
        }
        assert!(seen[0].0.len() > 4, "{name}: {:?}", seen[0]);
        assert_eq!(seen[1], seen[0], "{name}");
    }
}

/// `message_start` and `content_block_start` of a text stream, then `last`.
fn opening_then(last: sse::SseEvent) -> Vec<sse::SseEvent> {
    let mut events: Vec<_> = sse::text_message("claude-sonnet-4-5", "never seen", 2)
        .into_iter()
        .take(2)
        .collect();
    assert_eq!(events[1].name(), Some("content_block_start"));
    events.push(last);
    events
}

/// The events held back until the first content (so that an error before content can be
/// retried invisibly) are delivered, in order, before an error that is not retried: not
/// retryable, retryable with the budget spent, undecodable data, a body cut short. The
/// stream helper accumulates them too.
pub fn events_held_back_before_a_non_retried_error_are_delivered_first<S: Subject>() {
    type Check = fn(&Error) -> bool;
    let cases: [(sse::SseEvent, u32, Check); 4] = [
        (sse::error_event("invalid_request_error", "bad"), 2, |e| {
            e.as_api()
                .is_some_and(|a| a.kind() == ApiErrorKind::BadRequest)
        }),
        (sse::error_event("overloaded_error", "Overloaded"), 0, |e| {
            e.as_api()
                .is_some_and(|a| a.kind() == ApiErrorKind::Overloaded)
        }),
        (
            sse::SseEvent::new("content_block_delta", "{bad"),
            2,
            |e| matches!(e, Error::Stream(StreamError::EventDataNotJson { data, .. }) if data == "{bad"),
        ),
        (sse::SseEvent::comment("then the body ends"), 2, |e| {
            matches!(e, Error::Stream(StreamError::Incomplete { .. }))
        }),
    ];
    let server = MockServer::start();
    let client = client::<S>(&server);
    for (last, retries, expected) in cases {
        let before = server.request_count();
        let req = || ga().options(RequestOptions::new().max_retries(retries));
        server.enqueue(MockResponse::sse(opening_then(last.clone())));
        let mut events = client.create_stream(req(), &say("x")).unwrap();
        let mut names = Vec::new();
        let error = loop {
            match events.next_event() {
                Some(Ok(event)) => names.push(event.event_name().unwrap_or("").to_owned()),
                Some(Err(e)) => break e,
                None => panic!("{}: no error after {names:?}", S::NAME),
            }
        };
        assert_eq!(
            names,
            ["message_start", "content_block_start"],
            "{}",
            S::NAME
        );
        assert!(expected(&error), "{}: {error:?}", S::NAME);
        assert!(
            events.next_event().is_none(),
            "{}: the error ends it",
            S::NAME
        );

        server.enqueue(MockResponse::sse(opening_then(last)));
        let mut helper = client.stream(req(), &say("x")).unwrap();
        let error = helper.final_message().unwrap_err();
        assert!(expected(&error), "{}: {error:?}", S::NAME);
        let snapshot = helper.snapshot().expect("message_start was accumulated");
        assert_eq!(snapshot.content.len(), 1, "{}", S::NAME);
        assert_eq!(server.request_count(), before + 2, "{}: no retry", S::NAME);
    }
}
