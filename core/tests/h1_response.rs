//! Byte-vector tests of the HTTP/1.1 response reader: framing, splits, EOF, keep-alive.

use anthropic_core::h1::{
    BodyKind, EofAt, H1Error, Limits, ReaderState, ResponseHead, ResponseReader,
};
use http::{HeaderMap, HeaderValue, Method, StatusCode, Version};

/// What a driver saw while feeding a response.
#[derive(Debug, Default, PartialEq)]
struct Outcome {
    informational: Vec<StatusCode>,
    head: Option<ResponseHead>,
    body: Vec<u8>,
    trailers: Option<HeaderMap>,
    /// Bytes left in the driver's buffer that the reader did not consume (if no error).
    leftover: Vec<u8>,
    end: Option<Result<ReaderState, H1Error>>,
    /// Largest driver buffer while feeding (to show memory stays bounded).
    max_buf: usize,
}

/// Feeds `pieces` as a driver would (buffering what the reader did not consume), then
/// an EOF if `eof`.
fn drive<'a>(
    mut reader: ResponseReader,
    pieces: impl IntoIterator<Item = &'a [u8]>,
    eof: bool,
) -> Outcome {
    let mut out = Outcome::default();
    let mut buf: Vec<u8> = Vec::new();
    let run = || -> Result<ReaderState, H1Error> {
        for piece in pieces {
            buf.extend_from_slice(piece);
            out.max_buf = out.max_buf.max(buf.len());
            step(&mut reader, &mut buf, &mut out)?;
            // Until done, the reader takes every byte: no partial frame stays with us.
            assert!(buf.is_empty() || reader.is_done());
        }
        if eof {
            reader.handle_eof()?;
        }
        Ok(reader.state())
    };
    let end = run();
    // After an error the connection is closed: what was left unread does not matter.
    if end.is_ok() {
        out.leftover = buf;
    }
    out.end = Some(end);
    out.trailers = reader.trailers().cloned();
    out
}

fn step(reader: &mut ResponseReader, buf: &mut Vec<u8>, out: &mut Outcome) -> Result<(), H1Error> {
    loop {
        if buf.is_empty() {
            return Ok(());
        }
        match reader.state() {
            ReaderState::Head => {
                let p = reader.read_head(buf)?;
                assert!(p.consumed <= buf.len());
                buf.drain(..p.consumed);
                match p.head {
                    Some(h) if h.status.is_informational() => out.informational.push(h.status),
                    Some(h) => out.head = Some(h),
                    None => {
                        assert!(buf.is_empty(), "a partial head consumes all input");
                        return Ok(());
                    }
                }
            }
            ReaderState::Body => {
                let range = buf.as_ptr_range();
                let p = reader.read_body(buf)?;
                // Body data is borrowed from the input, never copied.
                if !p.data.is_empty() {
                    assert!(range.contains(&p.data.as_ptr()));
                }
                assert!(p.consumed > 0, "input left but nothing consumed");
                out.body.extend_from_slice(p.data);
                assert_eq!(p.done, reader.is_done());
                buf.drain(..p.consumed);
            }
            ReaderState::Done { .. } | ReaderState::Failed => return Ok(()),
        }
    }
}

fn get() -> ResponseReader {
    ResponseReader::new(&Method::GET, &HeaderMap::new())
}

fn whole(reader: ResponseReader, bytes: &[u8], eof: bool) -> Outcome {
    drive(reader, [bytes], eof)
}

/// Feeds `bytes` split in two at every position and in 1-byte pieces; every outcome
/// must equal feeding it whole.
fn assert_split_invariant(make: impl Fn() -> ResponseReader, bytes: &[u8], eof: bool) -> Outcome {
    let reference = whole(make(), bytes, eof);
    for i in 0..=bytes.len() {
        let mut split = drive(make(), [&bytes[..i], &bytes[i..]], eof);
        split.max_buf = reference.max_buf;
        assert_eq!(split, reference, "split at {i}");
    }
    let mut bytewise = drive(make(), bytes.chunks(1), eof);
    bytewise.max_buf = reference.max_buf;
    assert_eq!(bytewise, reference, "1-byte pieces");
    reference
}

fn done(reusable: bool) -> Option<Result<ReaderState, H1Error>> {
    Some(Ok(ReaderState::Done { reusable }))
}

fn eof_at(at: EofAt) -> Option<Result<ReaderState, H1Error>> {
    Some(Err(H1Error::UnexpectedEof { at }))
}

const CL_RESPONSE: &[u8] = b"HTTP/1.1 200 OK\r\n\
content-type: application/json\r\n\
request-id: req_123\r\n\
set-cookie: a=1\r\n\
set-cookie: b=2\r\n\
content-length: 26\r\n\
\r\n\
{\"type\":\"message\",\"id\":1}\n";

#[test]
fn content_length_whole_and_split_everywhere() {
    let out = assert_split_invariant(get, CL_RESPONSE, false);
    let head = out.head.expect("head");
    assert_eq!(head.version, Version::HTTP_11);
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(head.reason, "OK");
    assert_eq!(head.headers["request-id"], "req_123");
    let cookies: Vec<_> = head.headers.get_all("set-cookie").iter().collect();
    assert_eq!(cookies, ["a=1", "b=2"]);
    assert_eq!(out.body, b"{\"type\":\"message\",\"id\":1}\n");
    assert_eq!(out.end, done(true));
    assert!(out.leftover.is_empty());
}

#[test]
fn content_length_body_is_not_overread() {
    let mut bytes = CL_RESPONSE.to_vec();
    bytes.extend_from_slice(b"HTTP/1.1 200 OK\r\n");
    let out = whole(get(), &bytes, false);
    assert_eq!(out.end, done(true));
    assert_eq!(out.leftover, b"HTTP/1.1 200 OK\r\n");
}

#[test]
fn body_kind_and_reader_getters() {
    let mut r = get();
    let p = r
        .read_head(b"HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nabc")
        .unwrap();
    assert_eq!(p.consumed, 38);
    assert_eq!(r.body_kind(), Some(BodyKind::ContentLength(3)));
    assert_eq!(r.state(), ReaderState::Body);
    assert!(r.received_any());
    let b = r.read_body(b"abcdef").unwrap();
    assert_eq!((b.consumed, b.data, b.done), (3, &b"abc"[..], true));
    assert!(r.is_reusable());
    // Done: nothing more is consumed.
    let b = r.read_body(b"def").unwrap();
    assert_eq!((b.consumed, b.data, b.done), (0, &b""[..], true));
}

const CHUNKED: &[u8] = b"HTTP/1.1 200 OK\r\n\
transfer-encoding: chunked\r\n\
\r\n\
5;name=value;quoted=\"a \\\" ; b\"\r\n\
hello\r\n\
1B\r\n\
, chunked world! 0123456789\r\n\
0000000000000000000000003 ; ext\r\n\
!!!\r\n\
0\r\n\
x-checksum: abc\r\n\
x-trailer-two: 2\r\n\
\r\n";

#[test]
fn chunked_with_extensions_and_trailers_split_everywhere() {
    let out = assert_split_invariant(get, CHUNKED, false);
    assert_eq!(out.body, b"hello, chunked world! 0123456789!!!");
    assert_eq!(out.end, done(true));
    let trailers = out.trailers.expect("trailers");
    assert_eq!(trailers["x-checksum"], "abc");
    assert_eq!(trailers["x-trailer-two"], "2");
    assert!(out.leftover.is_empty());
}

#[test]
fn chunked_without_trailers() {
    let bytes =
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nXYZ";
    let out = whole(get(), bytes, false);
    assert_eq!(out.body, b"abc");
    assert_eq!(out.trailers, None);
    assert_eq!(out.end, done(true));
    assert_eq!(out.leftover, b"XYZ");
}

#[test]
fn sse_body_streamed_in_one_byte_pieces() {
    let mut payload = Vec::new();
    for i in 0..50 {
        payload.extend_from_slice(
            format!(
                "event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{{\"type\":\"text_delta\",\"text\":\"word {i} \\u00e9\"}}}}\n\n"
            )
            .as_bytes(),
        );
    }
    payload.extend_from_slice(b"event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    // Frame it in uneven chunks, as a server flushing events would.
    let mut wire =
        b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
            .to_vec();
    let mut rest = &payload[..];
    let mut n = 1;
    while !rest.is_empty() {
        let take = n.min(rest.len());
        wire.extend_from_slice(format!("{take:x}\r\n").as_bytes());
        wire.extend_from_slice(&rest[..take]);
        wire.extend_from_slice(b"\r\n");
        rest = &rest[take..];
        n = n * 3 % 1000 + 7;
    }
    wire.extend_from_slice(b"0\r\n\r\n");

    let mut reader = get();
    let mut body = Vec::new();
    let mut head = None;
    for byte in wire.chunks(1) {
        let mut input = byte;
        while !input.is_empty() {
            if reader.state() == ReaderState::Head {
                let p = reader.read_head(input).unwrap();
                head = head.or(p.head);
                input = &input[p.consumed..];
            } else {
                let p = reader.read_body(input).unwrap();
                // Each data slice arrives as soon as its byte does.
                assert!(p.data.len() <= 1);
                body.extend_from_slice(p.data);
                input = &input[p.consumed..];
            }
        }
    }
    assert_eq!(head.unwrap().headers["content-type"], "text/event-stream");
    assert_eq!(body, payload);
    assert!(reader.is_reusable());
}

#[test]
fn close_delimited_ends_at_eof() {
    let bytes = b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nall of this until close";
    let out = assert_split_invariant(get, bytes, true);
    assert_eq!(out.body, b"all of this until close");
    assert_eq!(out.end, done(false));
    // Without EOF the body is still open.
    let out = whole(get(), bytes, false);
    assert_eq!(out.end, Some(Ok(ReaderState::Body)));
}

#[test]
fn unknown_transfer_encoding_is_close_delimited() {
    let mut r = get();
    r.read_head(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked, gzip\r\n\r\n")
        .unwrap();
    assert_eq!(r.body_kind(), Some(BodyKind::CloseDelimited));
}

#[test]
fn eof_before_response() {
    let out = whole(get(), b"", true);
    assert_eq!(out.end, eof_at(EofAt::BeforeResponse));
}

#[test]
fn eof_mid_head() {
    let out = assert_split_invariant(get, b"HTTP/1.1 200 OK\r\ncontent-le", true);
    assert_eq!(out.end, eof_at(EofAt::InHead { received: 27 }));
}

#[test]
fn eof_mid_content_length() {
    let bytes = b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabcd";
    let out = assert_split_invariant(get, bytes, true);
    assert_eq!(out.body, b"abcd");
    assert_eq!(
        out.end,
        eof_at(EofAt::InContentLength {
            expected: 10,
            received: 4
        })
    );
}

#[test]
fn eof_mid_chunk() {
    let head = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
    let cases: [(&[u8], EofAt); 6] = [
        (b"", EofAt::InChunkSize),
        (b"1", EofAt::InChunkSize),
        (b"a;ext\r", EofAt::InChunkSize),
        (b"a\r\n0123", EofAt::InChunkData { missing: 6 }),
        (b"2\r\nab", EofAt::AfterChunkData),
        (b"2\r\nab\r\n0\r\nx-a: 1\r\n", EofAt::InTrailers),
    ];
    for (tail, at) in cases {
        let bytes = [&head[..], tail].concat();
        let out = assert_split_invariant(get, &bytes, true);
        assert_eq!(out.end, eof_at(at), "{:?}", String::from_utf8_lossy(tail));
    }
}

#[test]
fn eof_error_is_remote_and_reader_fails() {
    let mut r = get();
    r.read_head(b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n")
        .unwrap();
    let e = r.handle_eof().unwrap_err();
    assert!(e.is_remote() && !e.is_local());
    assert_eq!(r.state(), ReaderState::Failed);
    assert!(!r.is_reusable());
    let e = r.read_body(b"x").unwrap_err();
    assert!(e.is_local(), "{e}");
}

#[test]
fn continue_then_final_response() {
    let bytes = b"HTTP/1.1 100 Continue\r\n\r\n\
HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload\r\n\r\n\
HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
    let out = assert_split_invariant(get, bytes, false);
    assert_eq!(
        out.informational,
        [StatusCode::CONTINUE, StatusCode::EARLY_HINTS]
    );
    assert_eq!(out.head.unwrap().status, StatusCode::OK);
    assert_eq!(out.body, b"ok");
    assert_eq!(out.end, done(true));
}

#[test]
fn informational_heads_count_against_the_head_limit() {
    let hint = b"HTTP/1.1 103 Early Hints\r\n\r\n";
    let final_head = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
    let limits = Limits {
        max_head_bytes: 10 * hint.len() + final_head.len() - 2,
        ..Limits::default()
    };
    let make = || get().limits(limits);
    // Ten hints and the final head fit in the limit together...
    let fits = [hint.repeat(10), final_head.to_vec()].concat();
    let out = assert_split_invariant(make, &fits, false);
    assert_eq!(out.informational.len(), 10);
    assert_eq!(out.end, done(true));
    // ...one more hint does not, although every head alone is small.
    let over = [hint.repeat(11), final_head.to_vec()].concat();
    let out = assert_split_invariant(make, &over, false);
    assert_eq!(
        out.end,
        Some(Err(H1Error::HeadTooLarge {
            limit: limits.max_head_bytes
        }))
    );
    // An endless run of hints stops at the default limit.
    let endless = hint.repeat(100_000);
    let out = whole(get(), &endless, false);
    assert!(out.informational.len() < 64 * 1024 / hint.len() + 1);
    assert_eq!(
        out.end,
        Some(Err(H1Error::HeadTooLarge { limit: 64 * 1024 }))
    );
}

#[test]
fn switching_protocols_is_an_error() {
    let out = whole(
        get(),
        b"HTTP/1.1 101 Switching Protocols\r\nupgrade: h2c\r\n\r\n",
        false,
    );
    assert_eq!(out.end, Some(Err(H1Error::SwitchingProtocols)));
}

#[test]
fn no_body_statuses_ignore_framing_headers() {
    for status in ["204 No Content", "304 Not Modified"] {
        let bytes = format!("HTTP/1.1 {status}\r\ncontent-length: 100\r\n\r\nNEXT");
        let out = whole(get(), bytes.as_bytes(), false);
        assert_eq!(out.end, done(true), "{status}");
        assert_eq!(out.body, b"");
        assert_eq!(out.leftover, b"NEXT");
    }
}

#[test]
fn head_request_response_has_no_body() {
    let head = || ResponseReader::new(&Method::HEAD, &HeaderMap::new());
    let out = whole(
        head(),
        b"HTTP/1.1 200 OK\r\ncontent-length: 1234\r\n\r\n",
        false,
    );
    assert_eq!(out.end, done(true));
    assert_eq!(out.head.unwrap().headers["content-length"], "1234");
    let out = whole(
        head(),
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n",
        false,
    );
    assert_eq!(out.end, done(true));
}

#[test]
fn content_length_rules() {
    let cases: [(&str, Result<u64, H1Error>); 8] = [
        ("content-length: 3\r\ncontent-length: 3", Ok(3)),
        ("content-length: 3, 3", Ok(3)),
        (
            "content-length: 3\r\ncontent-length: 4",
            Err(H1Error::ConflictingContentLength),
        ),
        (
            "content-length: 3, 4",
            Err(H1Error::ConflictingContentLength),
        ),
        ("content-length: +3", Err(H1Error::InvalidContentLength)),
        ("content-length: 0x3", Err(H1Error::InvalidContentLength)),
        ("content-length: ", Err(H1Error::InvalidContentLength)),
        (
            "content-length: 99999999999999999999",
            Err(H1Error::InvalidContentLength),
        ),
    ];
    for (field, expected) in cases {
        let bytes = format!("HTTP/1.1 200 OK\r\n{field}\r\n\r\nabc");
        let mut r = get();
        let got = r.read_head(bytes.as_bytes()).map(|_| r.body_kind());
        match expected {
            Ok(n) => assert_eq!(got, Ok(Some(BodyKind::ContentLength(n))), "{field}"),
            Err(e) => {
                assert_eq!(got, Err(e), "{field}");
                assert_eq!(r.state(), ReaderState::Failed);
            }
        }
    }
}

#[test]
fn chunked_wins_over_content_length_but_forbids_reuse() {
    let bytes = b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\ntransfer-encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n";
    let out = whole(get(), bytes, false);
    assert_eq!(out.body, b"a");
    assert_eq!(out.end, done(false));
}

fn chunked_error(body: &[u8]) -> Option<Result<ReaderState, H1Error>> {
    let bytes = [
        &b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"[..],
        body,
    ]
    .concat();
    assert_split_invariant(get, &bytes, false).end
}

#[test]
fn bad_chunk_framing() {
    let err = |e| Some(Err(e));
    assert_eq!(chunked_error(b"zz\r\n"), err(H1Error::InvalidChunkSize));
    assert_eq!(chunked_error(b";ext\r\n"), err(H1Error::InvalidChunkSize));
    assert_eq!(chunked_error(b"5 5\r\n"), err(H1Error::InvalidChunkSize));
    assert_eq!(chunked_error(b"-1\r\n"), err(H1Error::InvalidChunkSize));
    assert_eq!(
        chunked_error(b"10000000000000000\r\n"),
        err(H1Error::ChunkSizeOverflow)
    );
    assert_eq!(chunked_error(b"3\r\nabcX"), err(H1Error::ChunkExpectedCrLf));
    assert_eq!(
        chunked_error(b"3\r\nabc\rX"),
        err(H1Error::ChunkExpectedCrLf)
    );
    assert_eq!(
        chunked_error(b"3\r\nabc\n"),
        err(H1Error::ChunkExpectedCrLf)
    );
    assert_eq!(
        chunked_error(b"3\nabc"),
        err(H1Error::ChunkSizeExpectedCrLf)
    );
    assert_eq!(
        chunked_error(b"3\rabc"),
        err(H1Error::ChunkSizeExpectedCrLf)
    );
    assert_eq!(
        chunked_error(b"3;a=b\nabc"),
        err(H1Error::ChunkSizeExpectedCrLf)
    );
    assert_eq!(
        chunked_error(b"3;a=\"b\r\n"),
        err(H1Error::InvalidChunkExtension)
    );
    assert_eq!(
        chunked_error(b"3;a\x00\r\n"),
        err(H1Error::InvalidChunkExtension)
    );
    assert_eq!(
        chunked_error(b"0\r\nx-a: 1\n\r\n"),
        err(H1Error::TrailerExpectedCrLf)
    );
    assert_eq!(
        chunked_error(b"0\r\nnot a header\r\n\r\n"),
        err(H1Error::InvalidTrailers)
    );
    let long = [&b"1;"[..], &vec![b'a'; 5000], b"\r\n"].concat();
    assert_eq!(
        whole(
            get(),
            &[
                &b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"[..],
                &long
            ]
            .concat(),
            false
        )
        .end,
        err(H1Error::ChunkLineTooLong { limit: 4096 })
    );
    let big_trailers = [&b"0\r\nx-big: "[..], &vec![b'a'; 20_000], b"\r\n\r\n"].concat();
    assert_eq!(
        whole(
            get(),
            &[
                &b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"[..],
                &big_trailers
            ]
            .concat(),
            false
        )
        .end,
        err(H1Error::TrailersTooLarge { limit: 16 * 1024 })
    );
}

#[test]
fn head_too_large_in_small_pieces_stays_bounded() {
    let limits = Limits {
        max_head_bytes: 1024,
        ..Limits::default()
    };
    let mut bytes = b"HTTP/1.1 200 OK\r\n".to_vec();
    while bytes.len() < 4096 {
        bytes.extend_from_slice(b"x-filler: aaaaaaaaaaaaaaaaaaaaaaaa\r\n");
    }
    let mut r = ResponseReader::new(&Method::GET, &HeaderMap::new()).limits(limits);
    let mut fed = 0;
    let mut error = None;
    for piece in bytes.chunks(7) {
        match r.read_head(piece) {
            Ok(p) => {
                assert_eq!(p.consumed, piece.len());
                assert!(p.head.is_none());
                fed += piece.len();
            }
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    assert_eq!(error, Some(H1Error::HeadTooLarge { limit: 1024 }));
    // Refused as soon as the limit was crossed, not after buffering everything.
    assert!(fed <= 1024, "{fed}");
    assert_eq!(r.state(), ReaderState::Failed);

    // The default limit is 64 KiB, whatever the split.
    let mut big = b"HTTP/1.1 200 OK\r\nx-big: ".to_vec();
    big.resize(70_000, b'a');
    let out = drive(get(), big.chunks(1), false);
    assert_eq!(out.end, Some(Err(H1Error::HeadTooLarge { limit: 65536 })));
    assert!(out.max_buf <= 1);
    let out = whole(get(), &big, false);
    assert_eq!(out.end, Some(Err(H1Error::HeadTooLarge { limit: 65536 })));
}

#[test]
fn too_many_headers() {
    let mut bytes = b"HTTP/1.1 200 OK\r\n".to_vec();
    for i in 0..129 {
        bytes.extend_from_slice(format!("x-h{i}: v\r\n").as_bytes());
    }
    bytes.extend_from_slice(b"\r\n");
    let out = assert_split_invariant(get, &bytes, false);
    assert_eq!(out.end, Some(Err(H1Error::TooManyHeaders { limit: 128 })));
}

#[test]
fn malformed_heads() {
    let cases: [(&[u8], H1Error); 4] = [
        (b"HTTP/2.0 200 OK\r\n\r\n", H1Error::InvalidVersion),
        (b"HTTP/1.1 2x0 OK\r\n\r\n", H1Error::InvalidStatus),
        (
            b"HTTP/1.1 200 OK\r\nbad name: v\r\n\r\n",
            H1Error::InvalidHeaderName,
        ),
        (
            b"HTTP/1.1 200 OK\r\nx: a\x01b\r\n\r\n",
            H1Error::InvalidHeaderValue {
                name: String::new(),
            },
        ),
    ];
    for (bytes, e) in cases {
        let out = assert_split_invariant(get, bytes, false);
        assert_eq!(
            out.end,
            Some(Err(e.clone())),
            "{:?}",
            String::from_utf8_lossy(bytes)
        );
        assert!(e.is_remote());
    }
    let out = whole(get(), b"HTTP/1.1 000 Zero\r\n\r\n", false);
    assert_eq!(out.end, Some(Err(H1Error::InvalidStatus)));
}

#[test]
fn bare_lf_head_is_accepted() {
    let out = assert_split_invariant(
        get,
        b"HTTP/1.1 200 OK\nx-a: 1\ncontent-length: 1\n\nz",
        false,
    );
    assert_eq!(out.head.unwrap().headers["x-a"], "1");
    assert_eq!(out.body, b"z");
}

#[test]
fn read_body_before_head_is_a_local_error() {
    let mut r = get();
    let e = r.read_body(b"abc").unwrap_err();
    assert!(matches!(
        e,
        H1Error::WrongState {
            called: "read_body",
            state: "Head"
        }
    ));
    assert!(e.is_local());
    let e = get()
        .read_head(b"HTTP/1.1 204 No Content\r\n\r\n")
        .map(|p| p.consumed);
    assert_eq!(e, Ok(27));
}

fn reusable(version: &str, response_fields: &str, request_fields: &[(&str, &str)]) -> bool {
    let mut request_headers = HeaderMap::new();
    for (n, v) in request_fields {
        request_headers.append(
            http::HeaderName::from_bytes(n.as_bytes()).unwrap(),
            HeaderValue::from_str(v).unwrap(),
        );
    }
    let mut r = ResponseReader::new(&Method::POST, &request_headers);
    let bytes = format!("{version} 200 OK\r\n{response_fields}\r\nabc");
    let mut input = bytes.as_bytes();
    let p = r.read_head(input).unwrap();
    input = &input[p.consumed..];
    if !r.is_done() {
        r.read_body(input).unwrap();
    }
    if r.state() == ReaderState::Body {
        r.handle_eof().unwrap();
    }
    assert!(r.is_done());
    r.is_reusable()
}

#[test]
fn keep_alive_rules() {
    let cl = "content-length: 3\r\n";
    assert!(reusable("HTTP/1.1", cl, &[]), "1.1 default");
    assert!(!reusable(
        "HTTP/1.1",
        &format!("{cl}connection: close\r\n"),
        &[]
    ));
    assert!(!reusable(
        "HTTP/1.1",
        &format!("{cl}Connection: Keep-Alive, Close\r\n"),
        &[]
    ));
    assert!(
        !reusable("HTTP/1.1", cl, &[("connection", "close")]),
        "request close"
    );
    assert!(reusable("HTTP/1.1", cl, &[("connection", "keep-alive")]));
    assert!(!reusable("HTTP/1.0", cl, &[]), "1.0 default");
    assert!(reusable(
        "HTTP/1.0",
        &format!("{cl}connection: keep-alive\r\n"),
        &[]
    ));
    assert!(!reusable("HTTP/1.1", "", &[]), "close-delimited");
    assert!(!reusable(
        "HTTP/1.1",
        "transfer-encoding: identity\r\n",
        &[]
    ));
    // HTTP/1.0 with transfer-encoding: faulty framing (RFC 9112 §6.1), decoded but closed.
    let out = whole(
        get(),
        b"HTTP/1.0 200 OK\r\nconnection: keep-alive\r\ntransfer-encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n",
        false,
    );
    assert_eq!(out.body, b"a");
    assert_eq!(out.end, done(false));
}

#[test]
fn connect_answer_opens_a_tunnel() {
    let bytes = b"HTTP/1.1 200 Connection established\r\nproxy-agent: test\r\n\r\n\x16\x03\x01tls";
    let mut r = ResponseReader::for_connect();
    let p = r.read_head(bytes).unwrap();
    let head = p.head.unwrap();
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(head.reason, "Connection established");
    assert_eq!(
        &bytes[p.consumed..],
        b"\x16\x03\x01tls",
        "tunnel bytes are left alone"
    );
    assert_eq!(r.state(), ReaderState::Done { reusable: false });

    // A refusal is an ordinary response with a body.
    let bytes = b"HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 4\r\n\r\nnope";
    let out = whole(ResponseReader::for_connect(), bytes, false);
    assert_eq!(
        out.head.unwrap().status,
        StatusCode::PROXY_AUTHENTICATION_REQUIRED
    );
    assert_eq!(out.body, b"nope");
}

#[test]
fn read_body_into_collects() {
    let mut r = get();
    let p = r.read_head(CHUNKED).unwrap();
    let mut body = Vec::new();
    let used = r.read_body_into(&CHUNKED[p.consumed..], &mut body).unwrap();
    assert_eq!(p.consumed + used, CHUNKED.len());
    assert_eq!(body, b"hello, chunked world! 0123456789!!!");
    assert!(r.is_reusable());
}

/// A small deterministic generator (no dependency): xorshift64*.
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

#[test]
fn mutated_inputs_never_panic_and_do_not_depend_on_splits() {
    let seeds: [&[u8]; 4] = [
        CL_RESPONSE,
        CHUNKED,
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nconnection: keep-alive\r\n\r\nclose-delimited",
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3;a=\"q\\\"\"\r\nabc\r\n0\r\nx: y\r\n\r\n",
    ];
    let alphabet = b"\r\n:;\"\\ 0123456789abcdefxHTP/.,\t\x00\x7f\xff";
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..2_000 {
        let mut bytes = seeds[round % seeds.len()].to_vec();
        for _ in 0..1 + rng.below(4) {
            let i = rng.below(bytes.len());
            match rng.below(4) {
                0 => bytes[i] = alphabet[rng.below(alphabet.len())],
                1 => bytes.insert(i, alphabet[rng.below(alphabet.len())]),
                2 => {
                    bytes.remove(i);
                }
                _ => bytes.truncate(i),
            }
            if bytes.is_empty() {
                bytes.push(b'H');
            }
        }
        let eof = rng.below(2) == 0;
        let reference = whole(get(), &bytes, eof);
        let cut = rng.below(bytes.len() + 1);
        let mut split = drive(get(), [&bytes[..cut], &bytes[cut..]], eof);
        split.max_buf = reference.max_buf;
        assert_eq!(
            split,
            reference,
            "{:?} split at {cut}",
            String::from_utf8_lossy(&bytes)
        );
        let mut bytewise = drive(get(), bytes.chunks(1), eof);
        bytewise.max_buf = reference.max_buf;
        assert_eq!(
            bytewise,
            reference,
            "{:?} bytewise",
            String::from_utf8_lossy(&bytes)
        );
    }
}

#[test]
fn codec_errors_become_connection_errors() {
    let e: anthropic_core::Error = H1Error::UnexpectedEof {
        at: EofAt::InChunkData { missing: 3 },
    }
    .into();
    assert!(matches!(e, anthropic_core::Error::Connection(_)));
    assert_eq!(
        e.to_string(),
        "Connection error: connection closed in chunk data with 3 bytes missing"
    );
}
