//! [`StreamEventRef`]: a stream event as a client hands it out by reference, its string
//! delta borrowed from the buffer the body was read into.
//!
//! Nearly every event of a stream is a text, tool-input or thinking delta, and an owned
//! [`StreamEvent`] copies each delta's string into a `String` of its own: an allocation
//! and a free per event, about a fifth of what a client spends per event. A caller that
//! only looks at the string (prints it, forwards it, appends it) can take the event by
//! reference instead (`next_ref` on every client's event stream) and skip both. The
//! events are the same either way: [`StreamEventRef::into_owned`] gives exactly the
//! [`StreamEvent`] that reading owned would have given, and every string delta that
//! [`StrDelta`] can hold (no field this version does not know) comes as
//! [`StreamEventRef::StrDelta`], whichever path decoded it, so a caller matches one form.

use std::borrow::Cow;

use super::event::{ContentDelta, StrDelta, StrDeltaKind, StreamEvent};

/// A stream event, its string delta borrowed when it could be.
///
/// ```
/// use anthropic_core::stream::event::{StrDelta, StrDeltaKind};
/// use anthropic_core::stream::{ContentDelta, StreamEvent, StreamEventRef};
///
/// // An owned text delta reads as the same `StrDelta` a borrowed one is.
/// let event = StreamEvent::ContentBlockDelta {
///     index: 0,
///     delta: ContentDelta::text("Hi"),
///     extra: Default::default(),
/// };
/// let by_ref = StreamEventRef::from(event.clone());
/// assert!(matches!(
///     &by_ref,
///     StreamEventRef::StrDelta(StrDelta { kind: StrDeltaKind::Text, text, .. }) if text == "Hi"
/// ));
/// assert_eq!(by_ref.into_owned(), event);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum StreamEventRef<'a> {
    /// A `text_delta`, `input_json_delta` or `thinking_delta` with no field this version
    /// does not know: its block's index, its kind and its string (borrowed from the
    /// stream's buffer, unless it was decoded another way).
    StrDelta(StrDelta<'a>),
    /// Any other event.
    Event(StreamEvent),
}

impl<'a> StreamEventRef<'a> {
    /// The owned event: exactly what reading the stream owned gives.
    #[inline]
    pub fn into_owned(self) -> StreamEvent {
        match self {
            StreamEventRef::StrDelta(delta) => delta.into_event(),
            StreamEventRef::Event(event) => event,
        }
    }

    /// The text of a `text_delta`, borrowed when the event was; `None` for any other
    /// event. Nothing is allocated for the events it skips.
    #[inline]
    pub fn into_text(self) -> Option<Cow<'a, str>> {
        match self {
            StreamEventRef::StrDelta(StrDelta {
                kind: StrDeltaKind::Text,
                text,
                ..
            }) => Some(text),
            StreamEventRef::Event(StreamEvent::ContentBlockDelta {
                delta: ContentDelta::Text { text, .. },
                ..
            }) => Some(Cow::Owned(text)),
            _ => None,
        }
    }
}

impl From<StreamEvent> for StreamEventRef<'static> {
    /// A string delta with no unknown field becomes [`StreamEventRef::StrDelta`] (owning
    /// its string); any other event stays as it is.
    fn from(event: StreamEvent) -> Self {
        match event {
            StreamEvent::ContentBlockDelta {
                index,
                delta,
                extra,
            } if extra.is_empty() => match str_delta(delta) {
                Ok((kind, text)) => StreamEventRef::StrDelta(StrDelta {
                    index,
                    kind,
                    text: Cow::Owned(text),
                }),
                Err(delta) => StreamEventRef::Event(StreamEvent::ContentBlockDelta {
                    index,
                    delta,
                    extra,
                }),
            },
            event => StreamEventRef::Event(event),
        }
    }
}

/// The kind and string of a string delta with no unknown field; any other delta back.
fn str_delta(delta: ContentDelta) -> Result<(StrDeltaKind, String), ContentDelta> {
    match delta {
        ContentDelta::Text { text, extra } if extra.is_empty() => Ok((StrDeltaKind::Text, text)),
        ContentDelta::InputJson {
            partial_json,
            extra,
        } if extra.is_empty() => Ok((StrDeltaKind::InputJson, partial_json)),
        ContentDelta::Thinking { thinking, extra } if extra.is_empty() => {
            Ok((StrDeltaKind::Thinking, thinking))
        }
        other => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Extra;
    use serde_json::json;

    fn with_extra() -> Extra {
        let mut extra = Extra::new();
        extra.insert("future".into(), json!(1));
        extra
    }

    #[test]
    fn every_string_delta_without_unknown_fields_reads_as_a_str_delta() {
        for (delta, kind) in [
            (ContentDelta::text("a\"b"), StrDeltaKind::Text),
            (ContentDelta::input_json("{\"k\":"), StrDeltaKind::InputJson),
            (ContentDelta::thinking("hm é"), StrDeltaKind::Thinking),
        ] {
            let event = StreamEvent::ContentBlockDelta {
                index: 3,
                delta,
                extra: Extra::new(),
            };
            let by_ref = StreamEventRef::from(event.clone());
            match &by_ref {
                StreamEventRef::StrDelta(d) => assert_eq!((d.index, d.kind), (3, kind)),
                other => panic!("not a str delta: {other:?}"),
            }
            assert_eq!(by_ref.into_owned(), event);
        }
    }

    #[test]
    fn the_text_of_a_text_delta_comes_whichever_form_it_took() {
        let borrowed = StreamEventRef::StrDelta(StrDelta {
            index: 0,
            kind: StrDeltaKind::Text,
            text: Cow::Borrowed("lent"),
        });
        assert!(matches!(borrowed.into_text(), Some(Cow::Borrowed("lent"))));
        let with_unknown_field = StreamEventRef::from(StreamEvent::ContentBlockDelta {
            index: 1,
            delta: ContentDelta::Text {
                text: "whole".into(),
                extra: with_extra(),
            },
            extra: Extra::new(),
        });
        assert_eq!(with_unknown_field.into_text().as_deref(), Some("whole"));
        for other in [
            ContentDelta::input_json("{\"text\":"),
            ContentDelta::thinking("text"),
            ContentDelta::signature("text"),
        ] {
            let event = StreamEventRef::from(StreamEvent::ContentBlockDelta {
                index: 0,
                delta: other,
                extra: Extra::new(),
            });
            assert_eq!(event.into_text(), None);
        }
        assert_eq!(StreamEventRef::Event(StreamEvent::Ping).into_text(), None);
    }

    #[test]
    fn unknown_fields_and_other_events_stay_whole() {
        let on_delta = StreamEvent::ContentBlockDelta {
            index: 0,
            delta: ContentDelta::Text {
                text: "x".into(),
                extra: with_extra(),
            },
            extra: Extra::new(),
        };
        let on_event = StreamEvent::ContentBlockDelta {
            index: 0,
            delta: ContentDelta::text("x"),
            extra: with_extra(),
        };
        let signature = StreamEvent::ContentBlockDelta {
            index: 0,
            delta: ContentDelta::signature("sig"),
            extra: Extra::new(),
        };
        for event in [on_delta, on_event, signature, StreamEvent::Ping] {
            let by_ref = StreamEventRef::from(event.clone());
            assert_eq!(by_ref, StreamEventRef::Event(event.clone()));
            assert_eq!(by_ref.into_owned(), event);
        }
    }
}
