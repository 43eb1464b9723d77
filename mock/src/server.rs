//! The server: listener, accept loop, one thread per connection, lifecycle.
//!
//! Shutdown: dropping the [`MockServer`] sets a stop flag, wakes the blocking `accept`
//! with a connection to itself, shuts down every live connection's socket (which wakes
//! blocked reads and writes), and joins the threads. Delays and stalls sleep in 10 ms
//! slices and give up when the flag is set, so `drop` returns promptly.

use std::collections::{HashMap, VecDeque};
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::capture::{Capture, CapturedRequest};
use crate::defaults::default_response;
use crate::http::{ReadError, Reader, read_request};
use crate::script::MockResponse;
use crate::send::{After, send};

type Handler = dyn Fn(&CapturedRequest) -> Option<MockResponse> + Send + Sync;

/// State shared by the handle, the accept loop and the connections.
struct Shared {
    stop: AtomicBool,
    capture: Capture,
    capture_enabled: AtomicBool,
    queue: Mutex<VecDeque<(Option<String>, MockResponse)>>,
    handler: Mutex<Option<Arc<Handler>>>,
    connections: AtomicUsize,
    /// Connections the server has finished (written its last byte and shut its write
    /// side), with a condition variable to wait on.
    finished: (Mutex<usize>, Condvar),
    next_request: AtomicU64,
    /// The open connections, for shutdown (shared with their threads, not duplicated:
    /// a `try_clone` would cost a second file descriptor per connection).
    live: Mutex<HashMap<usize, Arc<TcpStream>>>,
    threads: Mutex<Vec<JoinHandle<()>>>,
    store: crate::store::Store,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A mock Claude API server listening on a local port, serving on background threads.
///
/// Requests are answered, in order of preference, by the first matching queued
/// [`MockResponse`] ([`enqueue`](Self::enqueue)), by the custom handler
/// ([`set_handler`](Self::set_handler)), or by the default Claude-like behavior
/// ([`default_response`]). Every request is captured for assertions. Dropping the
/// server stops it.
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts a server on `127.0.0.1` on a free port.
    ///
    /// # Panics
    /// If no loopback port can be bound.
    pub fn start() -> MockServer {
        Self::start_on("127.0.0.1:0").expect("anthropic-mock: cannot bind 127.0.0.1:0")
    }

    /// Starts a server on the given address (e.g. `127.0.0.1:8080`).
    pub fn start_on(addr: impl ToSocketAddrs) -> io::Result<MockServer> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            stop: AtomicBool::new(false),
            capture: Capture::default(),
            capture_enabled: AtomicBool::new(true),
            queue: Mutex::new(VecDeque::new()),
            handler: Mutex::new(None),
            store: crate::store::Store::default(),
            connections: AtomicUsize::new(0),
            finished: (Mutex::new(0), Condvar::new()),
            next_request: AtomicU64::new(1),
            live: Mutex::new(HashMap::new()),
            threads: Mutex::new(Vec::new()),
        });
        let accept_shared = Arc::clone(&shared);
        let accept = std::thread::Builder::new()
            .name("anthropic-mock-accept".into())
            .spawn(move || accept_loop(listener, accept_shared))?;
        Ok(MockServer {
            addr,
            shared,
            accept: Some(accept),
        })
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Queues a response for the next request (FIFO, one response per request).
    pub fn enqueue(&self, response: MockResponse) {
        lock(&self.shared.queue).push_back((None, response));
    }

    /// Queues a response for the next request whose path starts with `path_prefix`
    /// (e.g. `/v1/messages`); other requests pass it by.
    pub fn enqueue_for(&self, path_prefix: &str, response: MockResponse) {
        lock(&self.shared.queue).push_back((Some(path_prefix.to_owned()), response));
    }

    /// How many queued responses have not been served yet.
    pub fn pending(&self) -> usize {
        lock(&self.shared.queue).len()
    }

    /// Sets a handler consulted after the queue: `Some(response)` answers the request,
    /// `None` falls through to the default behavior.
    pub fn set_handler(
        &self,
        handler: impl Fn(&CapturedRequest) -> Option<MockResponse> + Send + Sync + 'static,
    ) {
        *lock(&self.shared.handler) = Some(Arc::new(handler));
    }

    /// Turns request capture on or off (on by default; a long benchmark run turns it off
    /// to keep memory flat). Counting continues either way.
    pub fn set_capture(&self, enabled: bool) {
        self.shared
            .capture_enabled
            .store(enabled, Ordering::Relaxed);
    }

    /// A copy of the captured requests, oldest first.
    pub fn requests(&self) -> Vec<CapturedRequest> {
        self.shared.capture.snapshot()
    }

    /// The most recent captured request.
    pub fn last_request(&self) -> Option<CapturedRequest> {
        self.shared.capture.snapshot().pop()
    }

    /// Removes and returns the captured requests.
    pub fn take_requests(&self) -> Vec<CapturedRequest> {
        self.shared.capture.take()
    }

    /// Forgets the captured requests (the count from [`request_count`](Self::request_count)
    /// is kept).
    pub fn clear(&self) {
        self.shared.capture.take();
    }

    /// How many requests were received since the server started.
    pub fn request_count(&self) -> usize {
        self.shared.capture.total()
    }

    /// Blocks until at least `n` requests were received since start, or `timeout` passes;
    /// returns whether the count was reached.
    pub fn wait_for_requests(&self, n: usize, timeout: Duration) -> bool {
        self.shared.capture.wait_for(n, timeout)
    }

    /// Blocks until the server has finished at least `n` connections since start (written
    /// its last byte and shut its write side, so the client sees the end), or `timeout`
    /// passes; returns whether it did. A test waits on this, not on a sleep, to know that
    /// everything a scripted connection sends (an unsolicited extra response, a silent
    /// close) has reached the client before its next step.
    pub fn wait_for_finished_connections(&self, n: usize, timeout: Duration) -> bool {
        let (count, changed) = &self.shared.finished;
        let guard = lock(count);
        let (guard, _) = changed
            .wait_timeout_while(guard, timeout, |closed| *closed < n)
            .unwrap_or_else(|e| e.into_inner());
        *guard >= n
    }

    /// How many connections were accepted since the server started.
    pub fn connection_count(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        let mut wake = self.addr;
        if wake.ip().is_unspecified() {
            wake.set_ip(if wake.is_ipv4() {
                std::net::Ipv4Addr::LOCALHOST.into()
            } else {
                std::net::Ipv6Addr::LOCALHOST.into()
            });
        }
        let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
        for (_, stream) in lock(&self.shared.live).drain() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        let threads = std::mem::take(&mut *lock(&self.shared.threads));
        for t in threads {
            let _ = t.join();
        }
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let stream = match stream {
            Ok(s) => s,
            Err(_) => {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let index = shared.connections.fetch_add(1, Ordering::SeqCst);
        let _ = stream.set_nodelay(true);
        let stream = Arc::new(stream);
        lock(&shared.live).insert(index, Arc::clone(&stream));
        let conn_shared = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name(format!("anthropic-mock-conn-{index}"))
            .spawn(move || {
                serve_connection(&stream, index, &conn_shared);
                lingering_close(&stream, &conn_shared.finished);
                lock(&conn_shared.live).remove(&index);
            });
        let mut threads = lock(&shared.threads);
        threads.retain(|t| !t.is_finished());
        if let Ok(handle) = spawned {
            threads.push(handle);
        }
    }
}

/// Closes the write side, then drains what the client still sends for a moment, so the
/// kernel does not answer unread bytes with a reset that could destroy our last response.
fn lingering_close(stream: &TcpStream, finished: &(Mutex<usize>, Condvar)) {
    let _ = stream.shutdown(Shutdown::Write);
    *lock(&finished.0) += 1;
    finished.1.notify_all();
    let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
    let mut sink = [0u8; 4096];
    let mut total = 0usize;
    let mut s = stream;
    while total < 1 << 20 {
        match s.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => total += n,
        }
    }
}

/// The next response for `request`: queue, then handler, then default behavior.
fn choose(shared: &Shared, request: &CapturedRequest) -> MockResponse {
    {
        let mut queue = lock(&shared.queue);
        let at = queue.iter().position(|(prefix, _)| {
            prefix
                .as_deref()
                .is_none_or(|p| request.path.starts_with(p))
        });
        if let Some(response) = at.and_then(|i| queue.remove(i)) {
            return response.1;
        }
    }
    let handler = lock(&shared.handler).clone();
    handler
        .and_then(|h| h(request))
        .or_else(|| shared.store.handle(request))
        .or_else(|| platform_response(request, &shared.store))
        .unwrap_or_else(|| default_response(request))
}

/// The cloud platforms' endpoints (`bedrock`, `vertex`, `google`, `foundry`).
fn platform_response(
    request: &CapturedRequest,
    store: &crate::store::Store,
) -> Option<MockResponse> {
    crate::bedrock::route(request)
        .or_else(|| crate::vertex::route(request))
        .or_else(|| crate::google::route(request))
        .or_else(|| crate::foundry::route(request, store))
}

fn serve_connection(stream: &TcpStream, index: usize, shared: &Shared) {
    let mut reader = Reader::new(stream);
    let mut writer = stream;
    loop {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let request = match read_request(&mut reader, |interim| writer.write_all(interim)) {
            Ok(r) => r,
            Err(ReadError::Closed | ReadError::Io) => return,
            Err(ReadError::Malformed(what)) => {
                let n = shared.next_request.fetch_add(1, Ordering::SeqCst);
                let response = MockResponse::error(
                    400,
                    "invalid_request_error",
                    &format!("malformed HTTP request: {what}"),
                );
                let _ = send(
                    &mut writer,
                    response,
                    &format!("req_mock_{n}"),
                    false,
                    &shared.stop,
                );
                return;
            }
        };
        let n = shared.next_request.fetch_add(1, Ordering::SeqCst);
        let keep_alive = request.keep_alive();
        let captured = CapturedRequest {
            method: request.method,
            path: request.target,
            version: request.version,
            headers: request.headers,
            body: request.body,
            request_id: format!("req_mock_{n}"),
            connection: index,
        };
        let response = choose(shared, &captured);
        let request_id = captured.request_id.clone();
        let keep = shared.capture_enabled.load(Ordering::Relaxed);
        shared.capture.push(keep.then_some(captured));
        match send(&mut writer, response, &request_id, keep_alive, &shared.stop) {
            Ok(After::KeepOpen) => {}
            Ok(After::Close) | Err(_) => return,
        }
    }
}
