//! ureq glue: building the agent from the transport settings, sending one attempt, and
//! translating ureq's errors into the core's.

use std::io::{self, Read};

use anthropic_core::content::{self, ContentDecoder};
use anthropic_core::error::ConnectionError;
use anthropic_core::multipart::FormReader;
use anthropic_core::tls_roots::Roots;
use anthropic_core::{Attempt, Error, TimeoutError, TimeoutKind, TransportConfig};
use ureq::tls::{Certificate, RootCerts, TlsConfig};

const READ_BUFFER: usize = 16 * 1024;

/// ureq's buffer between the socket and its chunked-body reader, so also the most one
/// read from the socket takes. 96 KiB and 64 KiB read a long stream on loopback about a
/// tenth faster than ureq's 128 KiB default (`anthropic-bench --client blocking
/// --workload raw`, the sizes in rotating order, median ns per event: 128 KiB 227,
/// 96 KiB 202, 64 KiB 206). It must stay above ureq's 64 KiB head limit: ureq refuses a
/// run of `1xx` heads only once more than the limit is buffered with no final head, so a
/// buffer no larger would take endless `103 Early Hints` (the fault matrix's row).
const SOCKET_BUFFER: usize = 96 * 1024;

/// Builds the agent: status codes are data (the core decides what is an error), redirects
/// are not followed, the pool follows the transport settings.
pub(crate) fn build_agent(transport: &TransportConfig) -> Result<ureq::Agent, Error> {
    if transport.local_address.is_some() {
        return Err(Error::InvalidRequest(
            "the blocking client (ureq) cannot connect from a chosen local address; \
             use an async client for `local_address`"
                .into(),
        ));
    }
    let mut tls = TlsConfig::builder();
    let trusted = transport.trusted_roots(
        &anthropic_platform::env,
        &anthropic_platform::read_file,
        &anthropic_platform::list_dir,
    )?;
    if let Roots::Only(certificates) = trusted {
        let roots: Vec<Certificate<'static>> = certificates
            .iter()
            .map(|der| Certificate::from_der(der).to_owned())
            .collect();
        tls = tls.root_certs(RootCerts::new_with_certs(&roots));
    }
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(ureq::config::AutoHeaderValue::None)
        // No proxy of ureq's choosing: each request gets core's (`crate::proxy`).
        .proxy(None)
        .tls_config(tls.build())
        .max_idle_connections(transport.max_idle_connections)
        .max_idle_connections_per_host(transport.max_idle_connections_per_host)
        .max_idle_age(transport.idle_timeout)
        .input_buffer_size(SOCKET_BUFFER)
        .build();
    Ok(ureq::Agent::with_parts(
        config,
        crate::fresh::NotingConnector(ureq::unversioned::transport::DefaultConnector::default()),
        ureq::unversioned::resolver::DefaultResolver::default(),
    ))
}

/// Sends one attempt with its timeouts, through `proxy` (core's choice for its URI) or
/// directly.
pub(crate) fn send(
    agent: &ureq::Agent,
    proxy: Option<ureq::Proxy>,
    attempt: Attempt<'_>,
) -> Result<http::Response<ureq::Body>, Error> {
    let timeout = attempt.timeout;
    if let Some(form) = attempt.form {
        // Streamed from bytes, files (opened now, reopened on a retry) and readers; the
        // request's content-length header, set by core, frames it.
        let reader = FormReader::with_opener(form, |path| {
            std::fs::File::open(path).map(|f| Box::new(f) as Box<dyn std::io::Read + Send>)
        })?;
        let (parts, _) = attempt.request.into_parts();
        let body = ureq::SendBody::from_owned_reader(reader);
        return run(
            agent,
            http::Request::from_parts(parts, body),
            timeout,
            proxy,
        );
    }
    let (parts, body) = attempt.request.into_parts();
    // A body-less GET or DELETE carries no Content-Length (as Python's client sends it);
    // an empty POST body still does (`Content-Length: 0`): one rule with the async clients.
    if body.is_empty() && !anthropic_core::h1::frames_empty_body(&parts.method) {
        run(
            agent,
            http::Request::from_parts(parts, ureq::SendBody::none()),
            timeout,
            proxy,
        )
    } else {
        run(
            agent,
            http::Request::from_parts(parts, body),
            timeout,
            proxy,
        )
    }
}

fn run(
    agent: &ureq::Agent,
    request: http::Request<impl ureq::AsSendBody>,
    timeout: anthropic_core::Timeout,
    proxy: Option<ureq::Proxy>,
) -> Result<http::Response<ureq::Body>, Error> {
    let request = agent
        .configure_request(request)
        .proxy(proxy)
        .timeout_global(timeout.total)
        .timeout_connect(timeout.connect)
        .timeout_per_read(timeout.read)
        .timeout_per_write(timeout.write)
        .build();
    agent.run(request).map_err(map_error)
}

/// Reads a whole body, inflated as its `content-encoding` says, up to `limit` bytes of
/// content and of wire bytes (a declared `content-length` over it is refused before
/// reading any). The
/// rules are `anthropic_core::content`'s, as on the async clients.
pub(crate) fn read_body(
    headers: &http::HeaderMap,
    body: &mut ureq::Body,
    limit: u64,
) -> Result<Vec<u8>, Error> {
    // From the headers: a body that holds a connection permit (`limit::hold`) no longer
    // knows its length.
    content::check_declared_length(content::declared_length(headers), limit)?;
    let mut decoder = ContentDecoder::new(headers, Some(limit))?;
    let mut reader = body.as_reader();
    let mut buf = vec![0u8; READ_BUFFER];
    let mut out = Vec::new();
    let mut wire = 0u64;
    loop {
        let n = reader
            .read(&mut buf)
            .map_err(|e| map_error(ureq::Error::Io(e)))?;
        // The limit bounds the bytes on the wire too (a compressed body that decodes to
        // little must still end).
        wire += n as u64;
        if wire > limit {
            return Err(content::body_too_large(limit));
        }
        if decoder.is_identity() {
            if n == 0 {
                return Ok(out);
            }
            content::push_bounded(&mut out, &buf[..n], limit)?;
            continue;
        }
        if n == 0 {
            decoder.finish()?;
        } else {
            decoder.decode(&buf[..n])?;
        }
        content::push_bounded(&mut out, decoder.output(), limit)?;
        decoder.clear_output();
        if n == 0 {
            return Ok(out);
        }
    }
}

/// A streamed body's reader that inflates as the response's `content-encoding` says.
pub(crate) struct DecodedReader {
    inner: ureq::BodyReader<'static>,
    decoder: ContentDecoder,
    buf: Box<[u8]>,
    /// Bytes of `decoder.output()` already handed out.
    taken: usize,
    ended: bool,
}

impl DecodedReader {
    /// Reads `body` of a response with these headers.
    pub(crate) fn new(headers: &http::HeaderMap, body: ureq::Body) -> Result<Self, Error> {
        let decoder = ContentDecoder::new(headers, None)?;
        // An identity body is read straight into the caller's buffer: no buffer of its own.
        let buf = if decoder.is_identity() {
            Box::default()
        } else {
            vec![0; READ_BUFFER].into_boxed_slice()
        };
        Ok(DecodedReader {
            inner: body.into_reader(),
            decoder,
            buf,
            taken: 0,
            ended: false,
        })
    }
}

impl Read for DecodedReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.decoder.is_identity() {
            return self.inner.read(out);
        }
        loop {
            let pending = &self.decoder.output()[self.taken..];
            if !pending.is_empty() {
                let n = pending.len().min(out.len());
                out[..n].copy_from_slice(&pending[..n]);
                self.taken += n;
                return Ok(n);
            }
            if self.ended {
                return Ok(0);
            }
            self.decoder.clear_output();
            self.taken = 0;
            let n = self.inner.read(&mut self.buf)?;
            let step = if n == 0 {
                self.ended = true;
                self.decoder.finish()
            } else {
                self.decoder.decode(&self.buf[..n])
            };
            step.map_err(io::Error::other)?;
        }
    }
}

/// Timeouts become [`Error::Timeout`]; everything else that kept a response from arriving
/// whole is a connection error.
pub(crate) fn map_error(error: ureq::Error) -> Error {
    match error {
        ureq::Error::Timeout(which) => timeout_error(which),
        ureq::Error::Io(e) if is_timeout(&e) => TimeoutError::new(TimeoutKind::Read).into(),
        // The decoder's own error, passed through `Read` by `DecodedReader`: kept as it is.
        ureq::Error::Io(e) if e.get_ref().is_some_and(|i| i.is::<Error>()) => {
            match e.into_inner().map(|i| i.downcast::<Error>()) {
                Some(Ok(error)) => *error,
                _ => unreachable!("checked above"),
            }
        }
        ureq::Error::Io(e) => {
            if let Some(ureq::Error::Timeout(which)) =
                e.get_ref().and_then(|i| i.downcast_ref::<ureq::Error>())
            {
                return timeout_error(*which);
            }
            Error::Connection(ConnectionError::new(e.to_string(), Some(Box::new(e))))
        }
        ureq::Error::BodyExceedsLimit(limit) => {
            Error::InvalidRequest(format!("the response body exceeds the {limit}-byte limit"))
        }
        other => Error::Connection(ConnectionError::new(
            other.to_string(),
            Some(Box::new(other)),
        )),
    }
}

/// The core's timeout for the ureq limit that fired (the exchange adds its length).
fn timeout_error(which: ureq::Timeout) -> Error {
    let kind = match which {
        ureq::Timeout::Global | ureq::Timeout::PerCall => TimeoutKind::Total,
        ureq::Timeout::Resolve | ureq::Timeout::Connect => TimeoutKind::Connect,
        ureq::Timeout::PerWrite | ureq::Timeout::SendRequest | ureq::Timeout::SendBody => {
            TimeoutKind::Write
        }
        _ => TimeoutKind::Read,
    };
    TimeoutError::new(kind).into()
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
    )
}
