//! A Steady mock server (an OpenAPI validator) for the conformance suite.
//!
//! Runtime-agnostic: it only starts and stops a process, so every runtime's conformance
//! test can include this file with `#[path]`.
//!
//! One server is shared by all tests of a test binary while any of them holds it: [`shared`]
//! hands out an `Arc`, and the server is killed when the last holder drops it (also when a
//! test panics, since unwinding drops the `Arc`). Tests that do not overlap in time may
//! each start their own; Steady starts in well under a second.
//!
//! `node_modules/.bin/steady` is a Node wrapper that spawns the native binary as a child,
//! and killing the wrapper leaves that child running. So Steady runs in a process group of
//! its own and the whole group is killed.

use std::io::{BufRead, BufReader, Read};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

/// How long Steady may take to say it is ready.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// A running Steady, killed on drop.
#[derive(Debug)]
pub struct Steady {
    child: Child,
    port: u16,
    /// A spec file this server owns (deleted on drop).
    temp_spec: Option<PathBuf>,
}

impl Steady {
    /// Starts Steady on a free loopback port with the binary and spec named by `STEADY_BIN`
    /// and `STEADY_SPEC`, and waits until it accepts requests.
    pub fn start() -> Steady {
        let spec = require_env("STEADY_SPEC", "the OpenAPI spec (openapi.yaml)");
        Steady::start_with(&spec, None)
    }

    /// Starts Steady on a copy of `STEADY_SPEC` without its `example`/`examples` keys, so
    /// that every response is generated from the schema (varied by `x-steady-seed`) rather
    /// than copied from the spec's one example. The copy lives in the temp directory, never
    /// in the repository, and is deleted when the server stops.
    pub fn start_schema_generated() -> Steady {
        let spec = require_env("STEADY_SPEC", "the OpenAPI spec (openapi.yaml)");
        let text = std::fs::read(&spec).unwrap_or_else(|e| panic!("reading {spec}: {e}"));
        let mut value: serde_json::Value = serde_json::from_slice(&text)
            .unwrap_or_else(|e| panic!("{spec} is not JSON (the spec is JSON-in-YAML): {e}"));
        strip_examples(&mut value);
        let path = std::env::temp_dir().join(format!(
            "anthropic-conformance-{}-schema-only.json",
            std::process::id()
        ));
        std::fs::write(&path, serde_json::to_vec(&value).expect("serialize spec"))
            .unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        let spec = path.to_string_lossy().into_owned();
        Steady::start_with(&spec, Some(path))
    }

    fn start_with(spec: &str, temp_spec: Option<PathBuf>) -> Steady {
        let bin = require_env("STEADY_BIN", "the steady executable");
        let port = free_port();
        let mut child = Command::new(&bin)
            .args(["-p", &port.to_string(), "--host", "127.0.0.1", "-q", spec])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("could not start Steady ({bin}): {e}"));

        // Steady prints "Ready to accept requests on http://..." once it listens. Read its
        // output on a thread (which also keeps the pipe drained for the server's lifetime).
        let (ready_tx, ready_rx) = mpsc::channel::<String>();
        let stdout = child.stdout.take().expect("piped stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let _ = ready_tx.send(line);
            }
        });
        let mut stderr = child.stderr.take().expect("piped stderr");
        let stderr_text = Arc::new(Mutex::new(String::new()));
        let stderr_sink = Arc::clone(&stderr_text);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut s) = stderr_sink.lock() {
                    s.push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            }
        });

        let steady = Steady {
            child,
            port,
            temp_spec,
        };
        let deadline = Instant::now() + START_TIMEOUT;
        let mut seen = String::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match ready_rx.recv_timeout(left.min(Duration::from_millis(100))) {
                Ok(line) => {
                    let ready = line.contains("Ready to accept requests");
                    seen.push_str(&line);
                    seen.push('\n');
                    if ready {
                        break;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    // Also poll the port, in case a future Steady words the line differently.
                    if steady.accepts_connections() {
                        break;
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    std::thread::sleep(Duration::from_millis(50));
                    let stderr = stderr_text.lock().map(|s| s.clone()).unwrap_or_default();
                    panic!(
                        "Steady exited before it was ready.\nstdout:\n{seen}\nstderr:\n{stderr}"
                    );
                }
            }
            if Instant::now() >= deadline {
                let stderr = stderr_text.lock().map(|s| s.clone()).unwrap_or_default();
                panic!(
                    "Steady was not ready after {START_TIMEOUT:?}.\nstdout:\n{seen}\nstderr:\n{stderr}"
                );
            }
        }
        steady
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn accepts_connections(&self) -> bool {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        TcpStream::connect_timeout(&addr, Duration::from_millis(100)).is_ok()
    }
}

impl Drop for Steady {
    fn drop(&mut self) {
        // The child leads its own process group (`process_group(0)`), so its pid is the
        // group id; kill the group to take the native server down with the Node wrapper.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(path) = &self.temp_spec {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn strip_examples(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.shift_remove("example");
            map.shift_remove("examples");
            map.values_mut().for_each(strip_examples);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_examples),
        _ => {}
    }
}

/// The Steady shared by the tests of this binary, started if no test holds one.
pub fn shared() -> Arc<Steady> {
    static SHARED: Mutex<Weak<Steady>> = Mutex::new(Weak::new());
    share(&SHARED, Steady::start)
}

/// The shared [`Steady::start_schema_generated`] server.
pub fn shared_schema_generated() -> Arc<Steady> {
    static SHARED: Mutex<Weak<Steady>> = Mutex::new(Weak::new());
    share(&SHARED, Steady::start_schema_generated)
}

fn share(slot: &Mutex<Weak<Steady>>, start: fn() -> Steady) -> Arc<Steady> {
    let mut slot = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(steady) = slot.upgrade() {
        return steady;
    }
    let steady = Arc::new(start());
    *slot = Arc::downgrade(&steady);
    steady
}

fn require_env(name: &str, what: &str) -> String {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => value,
        _ => panic!(
            "{name} is not set: the conformance suite needs {what}. Run it as \
             `STEADY_BIN=.../node_modules/.bin/steady STEADY_SPEC=.../openapi.yaml \
             cargo test -p anthropic-blocking --test conformance -- --ignored` (or .ci/run)"
        ),
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local addr").port()
}
