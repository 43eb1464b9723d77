//! Bytes of a Messages stream in, typed events out: the SSE decoder and event typing
//! joined, with the stream's end checked.
//!
//! This is what every driver runs on a streamed response body: feed each read with
//! [`EventDecoder::feed`], pull events with [`EventDecoder::next_event`] until it returns
//! `Ok(None)`, and at the end of the body call [`EventDecoder::finish`] and pull again.
//!
//! `ping` events are skipped, as Python's `Stream` skips them (unknown events are handed
//! on, as [`StreamEvent::Unknown`]). A stream must end with `message_stop`: a body that
//! ends before it (or in the middle of an event before it) yields
//! [`StreamError::Incomplete`], never a silently shorter message. After `message_stop`
//! the message is whole, and a block the body cuts off is dropped, as Python drops it.
//! An `error` event becomes the typed [`ApiError`] its `error.type` names, carrying the
//! stream's status, headers and request id.
//!
//! Bedrock streams arrive in the AWS event-stream framing instead
//! ([`EventDecoder::bedrock`]); each of its `chunk` frames carries one event of the same
//! JSON, so the events, the end-of-stream rule and everything built on them (the stream
//! helper, the accumulator) are the same. An Anthropic `error` event inside a chunk is a
//! typed API error here too (Python's Bedrock client hands it on as an ordinary event).

use std::borrow::Cow;

use http::{HeaderMap, StatusCode};

use super::event::{Decoded, StrDelta, StrText, StreamError, StreamEvent, decode_event};
use super::lane;
use super::sse::SseDecoder;
use crate::error::{ApiError, Error};
use crate::platform::bedrock::BedrockChunks;
use crate::platform::eventstream::EventStreamError;

/// How a platform frames the events of a streamed response: server-sent events, or
/// Bedrock's AWS event stream (each `chunk` frame carrying one event's JSON). Decided by
/// the call's platform ([`crate::Exchange::stream_framing`]); every streamed decoder
/// ([`EventDecoder`], [`crate::stream::ItemDecoder`]s) is made for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StreamFraming {
    /// `text/event-stream` (first-party, Vertex, Foundry).
    #[default]
    Sse,
    /// `application/vnd.amazon.eventstream` (Bedrock's `invoke-with-response-stream`).
    AwsEventStream,
}

#[derive(Debug)]
enum Framing {
    Sse(SseDecoder),
    Bedrock(BedrockChunks),
}

/// A string delta the fast lane consumed, its string still in the decoder: a range of
/// the SSE buffer, or the scratch buffer when it held escapes.
pub(crate) type LaneHit = lane::Span;

/// Decodes a Messages event stream from its body bytes.
#[derive(Debug)]
pub struct EventDecoder {
    framing: Framing,
    /// Where the fast lane decodes a string delta that holds escapes.
    scratch: String,
    status: StatusCode,
    headers: HeaderMap,
    saw_message_stop: bool,
    saw_any_event: bool,
    finished: bool,
    failed: bool,
}

impl EventDecoder {
    /// A decoder for the body of a response with this status and these headers (used for
    /// the errors of `error` events).
    pub fn new(status: StatusCode, headers: HeaderMap) -> Self {
        EventDecoder::with_sse(SseDecoder::new(), status, headers)
    }

    /// The same, with a configured SSE decoder (for a different event size bound).
    pub fn with_sse(sse: SseDecoder, status: StatusCode, headers: HeaderMap) -> Self {
        EventDecoder::with_framing(Framing::Sse(sse), status, headers)
    }

    /// A decoder for a Bedrock `invoke-with-response-stream` body (AWS event stream).
    pub fn bedrock(status: StatusCode, headers: HeaderMap) -> Self {
        EventDecoder::with_framing(Framing::Bedrock(BedrockChunks::new()), status, headers)
    }

    /// A decoder for a body in this framing.
    pub fn for_framing(framing: StreamFraming, status: StatusCode, headers: HeaderMap) -> Self {
        match framing {
            StreamFraming::Sse => EventDecoder::new(status, headers),
            StreamFraming::AwsEventStream => EventDecoder::bedrock(status, headers),
        }
    }

    fn with_framing(framing: Framing, status: StatusCode, headers: HeaderMap) -> Self {
        EventDecoder {
            framing,
            scratch: String::new(),
            status,
            headers,
            saw_message_stop: false,
            saw_any_event: false,
            finished: false,
            failed: false,
        }
    }

    /// Appends body bytes.
    pub fn feed(&mut self, bytes: &[u8]) {
        match &mut self.framing {
            Framing::Sse(sse) => sse.feed(bytes),
            Framing::Bedrock(chunks) => chunks.feed(bytes),
        }
    }

    /// Marks the end of the body.
    pub fn finish(&mut self) {
        match &mut self.framing {
            Framing::Sse(sse) => sse.finish(),
            Framing::Bedrock(chunks) => chunks.finish(),
        }
    }

    /// The next event, `Ok(None)` when more bytes are needed (or, after
    /// [`finish`](Self::finish), when the stream is over). After an error, nothing more is
    /// produced.
    #[inline]
    pub fn next_event(&mut self) -> Result<Option<StreamEvent>, Error> {
        if self.failed || self.finished {
            return Ok(None);
        }
        // Nearly every event takes the fast lane: it is a string delta (never
        // `message_stop`), so only `saw_any_event` needs keeping.
        if let Framing::Sse(sse) = &mut self.framing {
            if let Some((n, delta)) = sse
                .lane_buffered()
                .and_then(|(_, text)| lane::str_delta(text, &mut self.scratch))
            {
                let event = delta.into_event();
                sse.consume_buffered(n);
                self.saw_any_event = true;
                return Ok(Some(event));
            }
        }
        let result = self.next_inner();
        if result.is_err() {
            self.failed = true;
        }
        result
    }

    /// The fast lane of [`next_event`](Self::next_event) for a caller that lends the
    /// event out: the next event when the lane takes it, consumed, its string left in
    /// place for [`lane_delta`](Self::lane_delta); `None` leaves the next event, if any,
    /// to `next_event`.
    #[inline(always)] // once per event, in every driver's loop
    pub(crate) fn next_lane_hit(&mut self) -> Option<LaneHit> {
        if self.failed || self.finished {
            return None;
        }
        let Framing::Sse(sse) = &mut self.framing else {
            return None;
        };
        let (start, text) = sse.lane_buffered()?;
        let (n, mut hit) = lane::str_delta_span(text, &mut self.scratch)?;
        sse.consume_buffered(n);
        self.saw_any_event = true;
        if let StrText::Plain(range) = &mut hit.text {
            // From the lane's text to the whole buffer.
            *range = start + range.start..start + range.end;
        }
        Some(hit)
    }

    /// The delta of a [`LaneHit`], its string borrowed from the buffer or the scratch
    /// buffer. Only before the next [`feed`](Self::feed): that may move consumed bytes.
    #[inline(always)]
    pub(crate) fn lane_delta(&self, hit: LaneHit) -> StrDelta<'_> {
        let text = match (&hit.text, &self.framing) {
            (StrText::Scratch, _) => Some(self.scratch.as_str()),
            (StrText::Plain(range), Framing::Sse(sse)) => sse.buffered_text(range.clone()),
            (StrText::Plain(_), Framing::Bedrock(_)) => None,
        };
        // The range was cut from this buffer, which nothing was fed since: it is there,
        // on character boundaries.
        debug_assert!(text.is_some(), "a lane hit outlived its buffer");
        StrDelta {
            index: hit.index,
            kind: hit.kind,
            text: Cow::Borrowed(text.unwrap_or_default()),
        }
    }

    fn next_inner(&mut self) -> Result<Option<StreamEvent>, Error> {
        let decoded = loop {
            let decoded = match &mut self.framing {
                // `next_event` tried the fast lane already.
                Framing::Sse(sse) => match sse.next_event() {
                    Ok(Some(sse)) => Some(decode_event(sse.event, sse.data)?),
                    Ok(None) => None,
                    Err(e) => return Err(StreamError::Sse(e).into()),
                },
                Framing::Bedrock(chunks) => match chunks.next_decoded(self.status, &self.headers) {
                    // Bytes of a frame cut off after `message_stop` end the stream as the
                    // SSE framing's cut-off block does (below), and as botocore, which
                    // only ever hands on whole frames, ends it.
                    Err(Error::Stream(StreamError::EventStream(EventStreamError::Truncated {
                        ..
                    }))) if self.saw_message_stop => {
                        self.finished = true;
                        return Ok(None);
                    }
                    decoded => decoded?,
                },
            };
            // A keep-alive is not handed on: Python's `Stream` skips the SSE `ping`
            // event. On Bedrock Python yields the ping chunk; we skip it there too, so
            // both framings give the same events (the README says so).
            match decoded {
                Some(Decoded::Event(StreamEvent::Ping)) => self.saw_any_event = true,
                other => break other,
            }
        };
        match decoded {
            Some(Decoded::Event(event)) => {
                self.saw_any_event = true;
                if matches!(event, StreamEvent::MessageStop { .. }) {
                    self.saw_message_stop = true;
                }
                Ok(Some(event))
            }
            Some(Decoded::Error(data)) => {
                self.saw_any_event = true;
                Err(ApiError::from_stream_event(self.status, self.headers.clone(), &data).into())
            }
            None if self.framing_finished() => {
                self.finished = true;
                // The message ended at `message_stop`: a block the body cut off after it
                // is dropped, as Python drops any block without its blank line, and
                // takes nothing from the message.
                if self.saw_message_stop {
                    Ok(None)
                } else if let Some(content_type) = self.unexpected_content_type() {
                    Err(StreamError::NotAnEventStream { content_type }.into())
                } else {
                    Err(StreamError::Incomplete { partial: None }.into())
                }
            }
            None => Ok(None),
        }
    }

    fn framing_finished(&self) -> bool {
        match &self.framing {
            Framing::Sse(sse) => sse.is_finished(),
            Framing::Bedrock(chunks) => chunks.is_finished(),
        }
    }

    /// The response's content type, if it names something other than an event stream and
    /// no event at all was decoded (so the body was evidently not one).
    fn unexpected_content_type(&self) -> Option<String> {
        if self.saw_any_event {
            return None;
        }
        let content_type = self.headers.get(http::header::CONTENT_TYPE)?;
        let content_type = String::from_utf8_lossy(content_type.as_bytes()).into_owned();
        let essence = content_type.split(';').next().unwrap_or("").trim();
        let expected = match self.framing {
            Framing::Sse(_) => "text/event-stream",
            Framing::Bedrock(_) => "application/vnd.amazon.eventstream",
        };
        (!essence.eq_ignore_ascii_case(expected)).then_some(content_type)
    }

    /// Whether `message_stop` has been seen.
    pub fn saw_message_stop(&self) -> bool {
        self.saw_message_stop
    }

    /// The response headers this decoder was made with.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ApiErrorKind;

    const STREAM: &str = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n\
event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n\
event: ping\ndata: {\"type\":\"ping\"}\n\n\
event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n\
event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n\
event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":2}}\n\n\
event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    fn drain(decoder: &mut EventDecoder) -> Result<Vec<StreamEvent>, Error> {
        let mut events = Vec::new();
        while let Some(e) = decoder.next_event()? {
            events.push(e);
        }
        Ok(events)
    }

    #[test]
    fn a_complete_stream_in_any_chunking() {
        let whole = {
            let mut d = EventDecoder::new(StatusCode::OK, HeaderMap::new());
            d.feed(STREAM.as_bytes());
            d.finish();
            drain(&mut d).unwrap()
        };
        // The `ping` is not handed on.
        assert_eq!(whole.len(), 6);
        assert!(!whole.iter().any(|e| matches!(e, StreamEvent::Ping)));
        assert!(matches!(
            whole.last(),
            Some(StreamEvent::MessageStop { .. })
        ));
        for split in 0..STREAM.len() {
            let mut d = EventDecoder::new(StatusCode::OK, HeaderMap::new());
            let mut events = Vec::new();
            d.feed(&STREAM.as_bytes()[..split]);
            events.extend(drain(&mut d).unwrap());
            d.feed(&STREAM.as_bytes()[split..]);
            events.extend(drain(&mut d).unwrap());
            d.finish();
            events.extend(drain(&mut d).unwrap());
            assert_eq!(events, whole, "split at {split}");
        }
    }

    #[test]
    fn ending_without_message_stop_is_incomplete() {
        let cut = STREAM.find("event: message_stop").unwrap();
        for end in [cut, cut + 10, STREAM.len() - 1] {
            let mut d = EventDecoder::new(StatusCode::OK, HeaderMap::new());
            d.feed(&STREAM.as_bytes()[..end]);
            d.finish();
            let mut result = Ok(());
            loop {
                match d.next_event() {
                    Ok(Some(_)) => {}
                    Ok(None) => break,
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                }
            }
            assert!(
                matches!(result, Err(Error::Stream(StreamError::Incomplete { .. }))),
                "end {end}: {result:?}"
            );
        }
    }

    #[test]
    fn a_json_answer_to_a_streaming_request_names_its_content_type() {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", "application/json".parse().unwrap());
        let mut d = EventDecoder::new(StatusCode::OK, headers);
        d.feed(br#"{"id":"msg_1","type":"message","content":[]}"#);
        d.finish();
        let error = d.next_event().unwrap_err();
        let message = error.to_string();
        assert!(
            matches!(&error, Error::Stream(StreamError::NotAnEventStream { content_type }) if content_type == "application/json"),
            "{error:?}"
        );
        assert!(message.contains("`application/json`"), "{message}");
        assert!(message.contains("text/event-stream"), "{message}");
        assert!(!message.contains("kept"), "{message}");

        // An event stream that is cut short says nothing was received, not that it kept it.
        let mut headers = HeaderMap::new();
        headers.insert(
            "content-type",
            "text/event-stream; charset=utf-8".parse().unwrap(),
        );
        let mut d = EventDecoder::new(StatusCode::OK, headers);
        d.finish();
        let error = d.next_event().unwrap_err();
        assert!(
            matches!(
                &error,
                Error::Stream(StreamError::Incomplete { partial: None })
            ),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .contains("no partial message is kept here"),
            "{error}"
        );
    }

    #[test]
    fn an_error_event_is_a_typed_api_error() {
        let mut headers = HeaderMap::new();
        headers.insert("request-id", "req_9".parse().unwrap());
        let mut d = EventDecoder::new(StatusCode::OK, headers);
        d.feed(b"event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
        let err = d.next_event().unwrap_err();
        let api = err.as_api().unwrap();
        assert_eq!(api.kind(), ApiErrorKind::Overloaded);
        assert_eq!(api.request_id(), Some("req_9"));
        assert_eq!(d.next_event().unwrap(), None);
    }
}
