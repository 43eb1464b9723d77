//! The one error type of the HTTP/1.1 codec, [`H1Error`].
//!
//! Every variant names what was expected or which bound was hit. Errors are told apart by
//! who broke the protocol, as h11 does:
//!
//! - **local** errors ([`H1Error::is_local`]) are ours: a request that cannot be put on
//!   the wire (a header value with CR/LF, a URI without a host, ...) or a call in the
//!   wrong state. Nothing was written; fix the caller.
//! - **remote** errors ([`H1Error::is_remote`]) are the peer's: a malformed or hostile
//!   response, or a connection that ended too early. The connection must be closed.
//!
//! No error ever carries a header *value*: values may hold secrets (API keys, tokens).

use std::fmt;

/// Where the peer closed the connection before the response was complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EofAt {
    /// Before the first byte of a response. On a reused keep-alive connection this is the
    /// sign that the server closed it while it was idle: retry on a fresh connection.
    BeforeResponse,
    /// Inside a response head (status line or header fields), after `received` bytes.
    InHead {
        /// Bytes of the head received so far.
        received: usize,
    },
    /// Inside a `Content-Length` body.
    InContentLength {
        /// The announced length.
        expected: u64,
        /// The bytes that arrived.
        received: u64,
    },
    /// Inside a chunk-size line (`1a;ext=1\r\n`) or the last-chunk line.
    InChunkSize,
    /// Inside the data of a chunk.
    InChunkData {
        /// Bytes of the chunk still missing.
        missing: u64,
    },
    /// After the data of a chunk, where its CRLF was due.
    AfterChunkData,
    /// Inside the trailer section of a chunked body.
    InTrailers,
}

impl fmt::Display for EofAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EofAt::BeforeResponse => f.write_str("before the response started"),
            EofAt::InHead { received } => {
                write!(f, "in the response head after {received} bytes")
            }
            EofAt::InContentLength { expected, received } => write!(
                f,
                "in the body after {received} of {expected} bytes (content-length)"
            ),
            EofAt::InChunkSize => f.write_str("in a chunk-size line"),
            EofAt::InChunkData { missing } => {
                write!(f, "in chunk data with {missing} bytes missing")
            }
            EofAt::AfterChunkData => f.write_str("where the CRLF after chunk data was due"),
            EofAt::InTrailers => f.write_str("in the trailer section"),
        }
    }
}

/// An HTTP/1.1 protocol error, local (ours) or remote (the peer's). See the module docs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum H1Error {
    // ----- local: the request cannot be serialized, or the codec was misused -----
    /// The request method is not a valid token.
    InvalidMethod,
    /// A `CONNECT` request was given to `encode_request`; use `encode_connect`.
    UnexpectedConnect,
    /// The URI's path or query holds a byte that cannot appear in a request target.
    InvalidRequestTarget,
    /// The URI has no host and the request has no `Host` header, or absolute-form (or
    /// `CONNECT`) was asked for a URI without an authority.
    MissingAuthority,
    /// The URI's scheme is neither `http` nor `https`.
    UnsupportedScheme,
    /// A `CONNECT` authority without a port.
    ConnectNeedsPort,
    /// A request header name holds a byte that is not a token character.
    ForbiddenHeaderName {
        /// The name, with forbidden bytes escaped.
        name: String,
    },
    /// A request header value holds CR, LF, NUL or another control byte.
    ForbiddenHeaderValue {
        /// The header's name (never its value).
        name: String,
    },
    /// The request's `Content-Length` header does not match its body.
    ContentLengthMismatch {
        /// The body's length.
        body_len: usize,
    },
    /// The request carries `Transfer-Encoding`; this codec only sends sized bodies.
    RequestTransferEncoding,
    /// A reader method was called in a state that does not allow it.
    WrongState {
        /// The method called.
        called: &'static str,
        /// The state the reader was in.
        state: &'static str,
    },

    // ----- remote: the peer sent something this codec refuses -----
    /// The response head did not end within the limit.
    HeadTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The response head has more header fields than the limit.
    TooManyHeaders {
        /// The limit.
        limit: usize,
    },
    /// The status line does not start with `HTTP/1.0` or `HTTP/1.1`.
    InvalidVersion,
    /// The status code is not three digits in 100..=999.
    InvalidStatus,
    /// A header name in the response holds a byte that is not a token character.
    InvalidHeaderName,
    /// A header value in the response holds a forbidden byte.
    InvalidHeaderValue {
        /// The header's name (never its value).
        name: String,
    },
    /// A line of the response head is malformed (bad token or line ending).
    MalformedHead,
    /// `101 Switching Protocols`: this client never asks for an upgrade.
    SwitchingProtocols,
    /// A `Content-Length` value that is not a decimal number fitting in 64 bits.
    InvalidContentLength,
    /// Several `Content-Length` values that differ.
    ConflictingContentLength,
    /// A chunk-size line does not start with hex digits, or holds a stray byte after
    /// them.
    InvalidChunkSize,
    /// A chunk size does not fit in 64 bits.
    ChunkSizeOverflow,
    /// A chunk-size line (size and extensions) is longer than the limit.
    ChunkLineTooLong {
        /// The limit, in bytes.
        limit: usize,
    },
    /// A chunk extension holds a forbidden byte (a control byte, or an unclosed quote).
    InvalidChunkExtension,
    /// A chunk-size line does not end with CRLF (bare LF, or CR not followed by LF).
    ChunkSizeExpectedCrLf,
    /// Chunk data is not followed by CRLF.
    ChunkExpectedCrLf,
    /// A trailer line does not end with CRLF.
    TrailerExpectedCrLf,
    /// The trailer section is larger than the limit.
    TrailersTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The trailer section is not a valid list of header fields.
    InvalidTrailers,
    /// The peer closed the connection before the response was complete.
    UnexpectedEof {
        /// Where the response was cut.
        at: EofAt,
    },
}

impl H1Error {
    /// Whether the error is ours: a request that cannot be serialized, or misuse of the
    /// codec. Nothing was sent.
    pub fn is_local(&self) -> bool {
        matches!(
            self,
            H1Error::InvalidMethod
                | H1Error::UnexpectedConnect
                | H1Error::InvalidRequestTarget
                | H1Error::MissingAuthority
                | H1Error::UnsupportedScheme
                | H1Error::ConnectNeedsPort
                | H1Error::ForbiddenHeaderName { .. }
                | H1Error::ForbiddenHeaderValue { .. }
                | H1Error::ContentLengthMismatch { .. }
                | H1Error::RequestTransferEncoding
                | H1Error::WrongState { .. }
        )
    }

    /// Whether the error is the peer's: a malformed response or an early close. The
    /// connection must not be reused.
    pub fn is_remote(&self) -> bool {
        !self.is_local()
    }
}

impl fmt::Display for H1Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            H1Error::InvalidMethod => f.write_str("invalid request method"),
            H1Error::UnexpectedConnect => {
                f.write_str("CONNECT requests are serialized with encode_connect")
            }
            H1Error::InvalidRequestTarget => f.write_str("invalid byte in request target"),
            H1Error::MissingAuthority => f.write_str("request URI has no host"),
            H1Error::UnsupportedScheme => f.write_str("URI scheme is neither http nor https"),
            H1Error::ConnectNeedsPort => f.write_str("CONNECT authority has no port"),
            H1Error::ForbiddenHeaderName { name } => {
                write!(f, "forbidden byte in request header name {name:?}")
            }
            H1Error::ForbiddenHeaderValue { name } => {
                write!(
                    f,
                    "forbidden byte (CR, LF, NUL or control) in value of header {name:?}"
                )
            }
            H1Error::ContentLengthMismatch { body_len } => write!(
                f,
                "request content-length header does not match the body length {body_len}"
            ),
            H1Error::RequestTransferEncoding => {
                f.write_str("requests with transfer-encoding are not supported")
            }
            H1Error::WrongState { called, state } => {
                write!(f, "{called} called in state {state}")
            }
            H1Error::HeadTooLarge { limit } => {
                write!(f, "response head larger than {limit} bytes")
            }
            H1Error::TooManyHeaders { limit } => {
                write!(f, "response head has more than {limit} header fields")
            }
            H1Error::InvalidVersion => f.write_str("response is not HTTP/1.0 or HTTP/1.1"),
            H1Error::InvalidStatus => f.write_str("invalid response status code"),
            H1Error::InvalidHeaderName => f.write_str("invalid response header name"),
            H1Error::InvalidHeaderValue { name } => {
                write!(f, "invalid value of response header {name:?}")
            }
            H1Error::MalformedHead => f.write_str("malformed response head"),
            H1Error::SwitchingProtocols => f.write_str("unexpected 101 Switching Protocols"),
            H1Error::InvalidContentLength => f.write_str("invalid content-length"),
            H1Error::ConflictingContentLength => f.write_str("conflicting content-length values"),
            H1Error::InvalidChunkSize => f.write_str("invalid chunk size (expected hex digits)"),
            H1Error::ChunkSizeOverflow => f.write_str("chunk size overflows 64 bits"),
            H1Error::ChunkLineTooLong { limit } => {
                write!(f, "chunk-size line longer than {limit} bytes")
            }
            H1Error::InvalidChunkExtension => f.write_str("invalid chunk extension"),
            H1Error::ChunkSizeExpectedCrLf => f.write_str("expected CRLF after chunk size"),
            H1Error::ChunkExpectedCrLf => f.write_str("expected CRLF after chunk data"),
            H1Error::TrailerExpectedCrLf => f.write_str("expected CRLF in trailer section"),
            H1Error::TrailersTooLarge { limit } => {
                write!(f, "trailer section larger than {limit} bytes")
            }
            H1Error::InvalidTrailers => f.write_str("malformed trailer section"),
            H1Error::UnexpectedEof { at } => write!(f, "connection closed {at}"),
        }
    }
}

impl std::error::Error for H1Error {}

impl From<H1Error> for crate::error::Error {
    /// A codec error surfaces as a connection error (Python's `APIConnectionError`), which
    /// the retry policy may retry.
    fn from(e: H1Error) -> Self {
        crate::error::Error::Connection(crate::error::ConnectionError::new(
            e.to_string(),
            Some(Box::new(e)),
        ))
    }
}
