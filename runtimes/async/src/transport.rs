//! The connection layer: TLS settings, proxy tunnels, the pool, and one HTTP/1.1
//! exchange over a connection, driven by `anthropic_core::h1`.
//!
//! # One attempt
//!
//! ```text
//! key = PoolKey(scheme, host, port, proxy)
//! conn = pool.checkout(key) ─ or ─ connect: TCP (to the proxy, then CONNECT host:port) → TLS (https)
//! write the encoded request (each write bounded by the write timeout)
//! read until the final head (each read bounded by the read timeout)      → Response { head, Body }
//! Body::read_data: body bytes, as they arrive                            → at the end: check the
//!                                                                          connection back in if reusable
//! ```
//!
//! Every connect, read and write is also bounded by what remains of the call's overall
//! deadline (`Timeout::total`), so a stream ends at the deadline too.
//!
//! Before a pooled connection is reused it is probed: if anything is waiting on it (bytes
//! of an unsolicited response, an EOF), it is closed and another one is taken.
//!
//! A request that a *reused* connection refused (a reset or a broken pipe) before any
//! byte of the response arrived (the server had closed it while idle) is sent once more
//! on a fresh connection without counting as a retry (`h1::should_retry_on_fresh`); a
//! clean EOF goes to the retry policy.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use anthropic_core::content::{self, ContentDecoder};
use anthropic_core::h1::{
    BodyKind, H1Error, Pool, PoolConfig, PoolKey, ResponseReader, encode_connect, encode_request,
    encode_request_head, should_retry_on_fresh,
};
use anthropic_core::multipart::{Form, FormReader};
use anthropic_core::tls_roots::Roots;
use anthropic_core::transport::{ProxyRules, ProxyUrl};
use anthropic_core::{Attempt, Error, TcpKeepalive, TimeoutKind, TransportConfig};
use futures_rustls::TlsConnector;
use futures_rustls::pki_types::{CertificateDer, ServerName};
use futures_rustls::rustls::{self, RootCertStore};
use futures_util::io::{AsyncReadExt, AsyncWriteExt};
use http::header::PROXY_AUTHORIZATION;
use http::uri::Authority;
use http::{HeaderMap, HeaderValue, StatusCode};

use crate::io::{Conn, connection_error, io_error, limit, timed};
use crate::limit::{ConnectionLimit, Permit};
use crate::read_buffer::{BufferPool, READ_BUFFER, ReadBuffer};
use crate::runtime::Runtime;
use std::net::IpAddr;

const LOG: &str = "anthropic";

/// Shared by a client and its `with_options` copies: settings and the pool.
pub(crate) struct Transport<R: Runtime> {
    pub(crate) runtime: R,
    tls: TlsConnector,
    proxies: ProxyRules,
    pool: Mutex<Pool<Conn<R::Tcp>>>,
    /// Read buffers not in use (a response holds one only while bytes are in it).
    buffers: BufferPool,
    pub(crate) max_body_size: u64,
    local_address: Option<IpAddr>,
    keepalive: Option<TcpKeepalive>,
    limit: Arc<ConnectionLimit>,
}

impl<R: Runtime> std::fmt::Debug for Transport<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("proxies", &self.proxies)
            .field("max_body_size", &self.max_body_size)
            .finish_non_exhaustive()
    }
}

impl<R: Runtime> Transport<R> {
    pub(crate) fn new(runtime: R, config: &TransportConfig) -> Result<Self, Error> {
        let proxies = ProxyRules::resolve(&config.proxy, |name| std::env::var(name).ok())?;
        Ok(Transport {
            runtime,
            tls: TlsConnector::from(tls_config(config)?),
            proxies,
            pool: Mutex::new(Pool::new(PoolConfig::from(config))),
            buffers: BufferPool::default(),
            max_body_size: config.max_body_size,
            local_address: config.local_address,
            keepalive: config.tcp_keepalive,
            limit: ConnectionLimit::new(config.max_connections),
        })
    }

    fn pool(&self) -> MutexGuard<'_, Pool<Conn<R::Tcp>>> {
        self.pool.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// An idle connection for `key` with nothing waiting on it ([`Runtime::is_quiet`]):
    /// bytes (an unsolicited or late response), an EOF or an error on an idle connection
    /// mean it must be closed, or the next request would read what was waiting as its
    /// answer. Those are closed and the next idle one is tried.
    fn checkout(&self, key: &PoolKey) -> Option<Conn<R::Tcp>> {
        let now = anthropic_platform::clock::now();
        let expired = self.pool().poll_expired(now);
        drop(expired);
        loop {
            let mut conn = self.pool().checkout(key, now)?;
            if self.runtime.is_quiet(conn.tcp_mut()) {
                return Some(conn);
            }
            tracing::debug!(
                target: LOG,
                "A pooled connection had bytes or an EOF waiting while idle; closing it"
            );
        }
    }

    fn checkin(&self, key: PoolKey, conn: Conn<R::Tcp>) {
        let evicted = self
            .pool()
            .checkin(key, conn, anthropic_platform::clock::now());
        drop(evicted);
    }

    /// Sends one attempt and reads the response head.
    pub(crate) async fn send(self: &Arc<Self>, attempt: Attempt<'_>) -> Result<Response<R>, Error> {
        self.send_with(attempt, true).await
    }

    /// [`send`](Self::send), through the proxy core picks for the host only if `proxied`.
    pub(crate) async fn send_with(
        self: &Arc<Self>,
        attempt: Attempt<'_>,
        proxied: bool,
    ) -> Result<Response<R>, Error> {
        let timeout = attempt.timeout;
        let deadline = timeout.total.map(|total| Instant::now() + total);
        let request = &attempt.request;
        let uri = request.uri();
        let key = PoolKey::from_uri(uri, None).map_err(local)?;
        let proxy = match proxied {
            true => self.proxies.proxy_for(key.https, &key.host, key.port),
            false => None,
        };
        let key = PoolKey {
            proxy: proxy.map(ProxyUrl::without_credentials),
            ..key
        };
        let mut out = Vec::new();
        match attempt.form {
            None => encode_request(request, &mut out).map_err(local)?,
            Some(form) => {
                let length = form.content_length().ok_or_else(|| {
                    Error::InvalidRequest("the length of an uploaded file is not known".into())
                })?;
                encode_request_head(request, length, &mut out).map_err(local)?;
            }
        }

        // A connection in use for this attempt, held by its body until the response is
        // done with (`limit`).
        let mut permit = Some(
            timed(
                &self.runtime,
                limit(TimeoutKind::Pool, timeout.pool(), deadline)?,
                self.limit.acquire(),
            )
            .await?,
        );
        let mut fresh_only = false;
        loop {
            let pooled = if fresh_only {
                None
            } else {
                self.checkout(&key)
            };
            let reused = pooled.is_some();
            let conn = match pooled {
                Some(conn) => conn,
                None => {
                    let connect = self.connect(&key, proxy);
                    timed(
                        &self.runtime,
                        limit(TimeoutKind::Connect, timeout.connect, deadline)?,
                        connect,
                    )
                    .await??
                }
            };
            let mut body = Body {
                transport: Arc::clone(self),
                conn: Some(conn),
                key: key.clone(),
                reader: ResponseReader::for_request(request),
                buf: ReadBuffer::default(),
                read_timeout: timeout.read,
                deadline,
                released: false,
                decoder: None,
                wire_limit: None,
                wire_read: 0,
                permit: permit.take(),
            };
            let mut result = body.write(&out, timeout.write).await;
            if let (Ok(()), Some(form)) = (&result, attempt.form) {
                result = body.write_form(form, timeout.write).await;
            }
            // How long the failure came after the request was written: zero if writing failed.
            let mut written = None;
            let result = match result {
                Ok(()) => {
                    written = Some(Instant::now());
                    body.read_head().await
                }
                Err(e) => Err(e),
            };
            let waited = written.map_or(Duration::ZERO, |at| at.elapsed());
            match result {
                Ok((status, headers)) => {
                    body.decoder = Some(ContentDecoder::new(&headers, None)?);
                    return Ok(Response {
                        status,
                        headers,
                        body,
                    });
                }
                Err(Error::Connection(e))
                    if should_retry_on_fresh(
                        reused,
                        body.reader.received_any(),
                        &e,
                        waited,
                        attempt.form,
                    ) =>
                {
                    tracing::debug!(
                        target: LOG,
                        "A reused connection failed before any response byte ({e}); sending again on a fresh one"
                    );
                    fresh_only = true;
                    permit = body.permit.take();
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Opens a connection for `key`: TCP to the origin or to the proxy (then a CONNECT
    /// tunnel), then TLS for `https`. The caller bounds it by the connect timeout.
    async fn connect(
        &self,
        key: &PoolKey,
        proxy: Option<&ProxyUrl>,
    ) -> Result<Conn<R::Tcp>, Error> {
        let origin_host = unbracket(&key.host);
        let (host, port) = match proxy {
            Some(proxy) => (proxy.host(), proxy.port()),
            None => (origin_host, key.port),
        };
        let mut tcp = match self.local_address {
            Some(local) => self.runtime.connect_from(host, port, local).await,
            None => self.runtime.connect(host, port).await,
        }
        .map_err(io_error)?;
        if let Some(keepalive) = &self.keepalive {
            self.runtime
                .set_keepalive(&tcp, keepalive)
                .map_err(io_error)?;
        }
        if let Some(proxy) = proxy {
            tunnel(&mut tcp, key, proxy).await?;
        }
        if !key.https {
            return Ok(Conn::Plain(tcp));
        }
        let name = ServerName::try_from(origin_host.to_owned()).map_err(|e| {
            Error::InvalidRequest(format!("invalid TLS server name {origin_host:?}: {e}"))
        })?;
        let tls = self.tls.connect(name, tcp).await.map_err(io_error)?;
        Ok(Conn::Tls(Box::new(tls)))
    }
}

/// Asks the proxy for a tunnel to the origin and reads its answer.
async fn tunnel<S>(tcp: &mut S, key: &PoolKey, proxy: &ProxyUrl) -> Result<(), Error>
where
    S: futures_io::AsyncRead + futures_io::AsyncWrite + Unpin,
{
    let authority = Authority::try_from(format!("{}:{}", key.host, key.port))
        .map_err(|e| Error::InvalidRequest(format!("invalid origin for CONNECT: {e}")))?;
    let mut headers = HeaderMap::new();
    if let Some(auth) = proxy.authorization() {
        let mut value = HeaderValue::from_str(auth.expose())
            .map_err(|_| Error::InvalidRequest("invalid proxy credentials".into()))?;
        value.set_sensitive(true);
        headers.insert(PROXY_AUTHORIZATION, value);
    }
    let mut out = Vec::new();
    encode_connect(&authority, &headers, &mut out).map_err(local)?;
    tcp.write_all(&out).await.map_err(io_error)?;
    tcp.flush().await.map_err(io_error)?;

    let mut reader = ResponseReader::for_connect();
    let mut buf = [0u8; 1024];
    loop {
        let n = tcp.read(&mut buf).await.map_err(io_error)?;
        if n == 0 {
            reader.handle_eof()?;
            return Err(connection_error("the proxy closed the connection"));
        }
        let progress = reader.read_head(&buf[..n])?;
        let Some(head) = progress.head else { continue };
        if head.status.is_informational() {
            if progress.consumed < n {
                return Err(connection_error(
                    "the proxy sent bytes after an informational head",
                ));
            }
            continue;
        }
        if !head.status.is_success() {
            return Err(connection_error(format!(
                "the proxy {} refused the tunnel to {authority}: {} {}",
                proxy.without_credentials(),
                head.status.as_u16(),
                head.reason
            )));
        }
        if progress.consumed < n {
            return Err(connection_error(
                "the proxy sent bytes before the tunnel was used",
            ));
        }
        return Ok(());
    }
}

/// A request error found before anything was sent is the caller's, never retried.
fn local(error: H1Error) -> Error {
    if error.is_local() {
        Error::InvalidRequest(error.to_string())
    } else {
        error.into()
    }
}

fn unbracket(host: &str) -> &str {
    host.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host)
}

/// The rustls client settings: web PKI roots, or only the configured PEM roots;
/// verification always on; HTTP/1.1 announced by ALPN.
fn tls_config(config: &TransportConfig) -> Result<Arc<rustls::ClientConfig>, Error> {
    let mut roots = RootCertStore::empty();
    let trusted = config.trusted_roots(
        &anthropic_platform::env,
        &anthropic_platform::read_file,
        &anthropic_platform::list_dir,
    )?;
    match trusted {
        Roots::WebPki => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        Roots::Only(certificates) => {
            // A system bundle may hold a certificate webpki cannot read; like OpenSSL,
            // trust the others, and fail only when none is usable.
            let (added, _) =
                roots.add_parsable_certificates(certificates.into_iter().map(CertificateDer::from));
            if added == 0 {
                return Err(Error::InvalidRequest(
                    "none of the root certificates is usable".into(),
                ));
            }
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::InvalidRequest(format!("TLS configuration: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(tls))
}

/// A response whose head has been read; the body is read through [`Body`].
pub(crate) struct Response<R: Runtime> {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Body<R>,
}

/// The body of a response, read from its connection. Dropping it before the end closes
/// the connection; reading it to the end returns a reusable connection to the pool.
pub(crate) struct Body<R: Runtime> {
    transport: Arc<Transport<R>>,
    conn: Option<Conn<R::Tcp>>,
    key: PoolKey,
    reader: ResponseReader,
    /// Bytes read from the socket and not yet given to the reader (see `read_buffer`:
    /// no allocation while none are pending).
    buf: ReadBuffer,
    read_timeout: Option<Duration>,
    deadline: Option<Instant>,
    released: bool,
    /// Inflates the body as its `content-encoding` says (identity: bytes pass as is).
    decoder: Option<ContentDecoder>,
    /// For a collected compressed body: the limit on wire bytes too, and those read.
    wire_limit: Option<u64>,
    wire_read: u64,
    /// The connection's place under `max_connections`, given back at [`release`](Self::release).
    permit: Option<Permit>,
}

impl<R: Runtime> Body<R> {
    /// Writes the whole request, each write bounded by the write timeout.
    async fn write(&mut self, bytes: &[u8], write_timeout: Option<Duration>) -> Result<(), Error> {
        let runtime = self.transport.runtime.clone();
        let conn = self
            .conn
            .as_mut()
            .ok_or_else(|| connection_error("no connection"))?;
        let mut pos = 0;
        while pos < bytes.len() {
            let limit = limit(TimeoutKind::Write, write_timeout, self.deadline)?;
            let n = timed(&runtime, limit, conn.write(&bytes[pos..]))
                .await?
                .map_err(io_error)?;
            if n == 0 {
                return Err(connection_error("the connection accepted no more bytes"));
            }
            pos += n;
        }
        let limit = limit(TimeoutKind::Write, write_timeout, self.deadline)?;
        timed(&runtime, limit, conn.flush())
            .await?
            .map_err(io_error)
    }

    /// Streams a multipart body after the head, one buffer at a time. Files given by path
    /// are opened and read with `std::fs` in place (short blocking reads between writes):
    /// the `Runtime` trait offers no file I/O.
    async fn write_form(
        &mut self,
        form: &Form,
        write_timeout: Option<Duration>,
    ) -> Result<(), Error> {
        let mut reader = FormReader::with_opener(form, |path| {
            std::fs::File::open(path).map(|f| Box::new(f) as Box<dyn std::io::Read + Send>)
        })?;
        let mut chunk = vec![0; READ_BUFFER];
        loop {
            let n = std::io::Read::read(&mut reader, &mut chunk).map_err(|e| {
                Error::InvalidRequest(format!("could not read the file being uploaded: {e}"))
            })?;
            if n == 0 {
                return Ok(());
            }
            self.write(&chunk[..n], write_timeout).await?;
        }
    }

    /// Reads from the socket into the empty buffer. At the end of the stream, tells the
    /// reader (an error unless the body is close-delimited).
    async fn fill(&mut self) -> Result<(), Error> {
        let runtime = self.transport.runtime.clone();
        let limit = limit(TimeoutKind::Read, self.read_timeout, self.deadline)?;
        let conn = self
            .conn
            .as_mut()
            .ok_or_else(|| connection_error("no connection"))?;
        let pool = &self.transport.buffers;
        let buf = &mut self.buf;
        let read = std::future::poll_fn(|cx| buf.poll_fill(pool, conn, cx));
        let n = timed(&runtime, limit, read).await?.map_err(io_error)?;
        if n == 0 {
            self.reader.handle_eof()?;
        }
        Ok(())
    }

    /// Reads until the final response head.
    async fn read_head(&mut self) -> Result<(StatusCode, HeaderMap), Error> {
        loop {
            if !self.buf.is_empty() {
                let progress = self.reader.read_head(self.buf.pending())?;
                self.buf.consume(progress.consumed);
                if let Some(head) = progress.head.filter(|h| !h.status.is_informational()) {
                    return Ok((head.status, head.headers));
                }
            } else {
                self.fill().await?;
            }
        }
    }

    /// The next body bytes as they arrive, decoded as the `content-encoding` says, or
    /// `None` at the end of the body (the connection is then back in the pool if it can
    /// be reused).
    pub(crate) async fn read_data(&mut self) -> Result<Option<&[u8]>, Error> {
        if self
            .decoder
            .as_ref()
            .is_none_or(ContentDecoder::is_identity)
        {
            return self.read_wire().await;
        }
        let decoder = self.decoder.as_mut().expect("checked above");
        decoder.clear_output();
        loop {
            let (wire, done) = match self.read_wire_owned().await {
                Ok(step) => step,
                Err(e) => {
                    self.conn = None;
                    return Err(e);
                }
            };
            let decoder = self.decoder.as_mut().expect("checked above");
            let step = match wire {
                Some((at, len)) => decoder.decode(&self.buf.bytes()[at..at + len]),
                None => Ok(()),
            };
            let step = step.and_then(|()| if done { decoder.finish() } else { Ok(()) });
            if let Err(e) = step {
                self.conn = None;
                return Err(e);
            }
            let produced = !self
                .decoder
                .as_ref()
                .expect("checked above")
                .output()
                .is_empty();
            if produced {
                break;
            }
            if done {
                return Ok(None);
            }
        }
        Ok(self.decoder.as_ref().map(ContentDecoder::output))
    }

    /// [`read_wire`](Self::read_wire) as a range of `buf` and whether the body ended,
    /// so that the caller may borrow `self` again.
    async fn read_wire_owned(&mut self) -> Result<(Option<(usize, usize)>, bool), Error> {
        match self.read_wire_range().await? {
            Some((at, len)) => {
                self.wire_read += len as u64;
                if let Some(limit) = self.wire_limit.filter(|&l| self.wire_read > l) {
                    return Err(content::body_too_large(limit));
                }
                Ok((Some((at, len)), false))
            }
            None => Ok((None, true)),
        }
    }

    /// The next body bytes as they came off the wire (still encoded).
    async fn read_wire(&mut self) -> Result<Option<&[u8]>, Error> {
        let range = self.read_wire_range().await?;
        Ok(range.map(|(at, len)| &self.buf.bytes()[at..at + len]))
    }

    /// [`read_wire`](Self::read_wire) as a range of the read buffer.
    async fn read_wire_range(&mut self) -> Result<Option<(usize, usize)>, Error> {
        // The caller is done with the bytes handed out last time.
        self.buf.release_if_drained(&self.transport.buffers);
        loop {
            if self.reader.is_done() {
                self.release();
                return Ok(None);
            }
            if !self.buf.is_empty() {
                let input = self.buf.pending();
                let progress = match self.reader.read_body(input) {
                    Ok(progress) => progress,
                    Err(e) => {
                        self.conn = None;
                        return Err(e.into());
                    }
                };
                // The data is a sub-slice of the input (an empty one may point anywhere).
                let len = progress.data.len();
                let offset = if len == 0 {
                    Some(0)
                } else {
                    (progress.data.as_ptr() as usize)
                        .checked_sub(input.as_ptr() as usize)
                        .filter(|offset| offset + len <= input.len())
                };
                let (consumed, done) = (progress.consumed, progress.done);
                let Some(offset) = offset else {
                    self.conn = None;
                    return Err(connection_error("body data outside the read buffer"));
                };
                let at = self.buf.start() + offset;
                self.buf.consume(consumed);
                if done {
                    self.release();
                }
                if len > 0 {
                    let at = self.buf.settle(&self.transport.buffers, at);
                    return Ok(Some((at, len)));
                }
            } else if let Err(e) = self.fill().await {
                self.conn = None;
                return Err(e);
            }
        }
    }

    /// Reads the whole body, refusing one larger than `max` bytes (a declared
    /// `content-length` over it before reading any; see `anthropic_core::content`).
    pub(crate) async fn read_to_end(&mut self, max: u64) -> Result<Vec<u8>, Error> {
        let declared = match self.reader.body_kind() {
            Some(BodyKind::ContentLength(n)) => Some(n),
            _ => None,
        };
        if let Err(e) = content::check_declared_length(declared, max) {
            self.conn = None;
            return Err(e);
        }
        if let Some(decoder) = self.decoder.as_mut() {
            decoder.set_limit(max);
        }
        self.wire_limit = Some(max);
        let mut body = Vec::new();
        while let Some(data) = self.read_data().await? {
            if let Err(e) = content::push_bounded(&mut body, data, max) {
                self.conn = None;
                return Err(e);
            }
        }
        Ok(body)
    }

    /// The response is complete: keep the connection if it can carry another request.
    fn release(&mut self) {
        if self.released {
            return;
        }
        self.released = true;
        if let Some(conn) = self.conn.take() {
            if self.reader.is_reusable() && self.buf.is_empty() {
                self.transport.checkin(self.key.clone(), conn);
            }
        }
        self.permit = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_hosts_lose_their_brackets_for_connect_and_sni() {
        assert_eq!(unbracket("[::1]"), "::1");
        assert_eq!(unbracket("api.anthropic.com"), "api.anthropic.com");
        assert_eq!(unbracket("127.0.0.1"), "127.0.0.1");
    }

    #[test]
    fn tls_roots_default_to_web_pki_and_refuse_bad_pem() {
        let config = tls_config(&TransportConfig::default()).unwrap();
        assert_eq!(config.alpn_protocols, vec![b"http/1.1".to_vec()]);
        for pem in [
            &b"garbage"[..],
            b"-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n",
        ] {
            let transport = TransportConfig::default().root_certificate_pem(pem);
            assert!(matches!(
                tls_config(&transport),
                Err(Error::InvalidRequest(_))
            ));
        }
    }

    #[test]
    fn codec_errors_before_sending_are_the_callers() {
        assert!(matches!(
            local(H1Error::MissingAuthority),
            Error::InvalidRequest(_)
        ));
        assert!(matches!(
            local(H1Error::UnexpectedEof {
                at: anthropic_core::h1::EofAt::BeforeResponse
            }),
            Error::Connection(_)
        ));
    }
}
