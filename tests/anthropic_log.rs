//! `ANTHROPIC_LOG` works by itself, as in Python, and never replaces an application's own
//! `tracing` subscriber.
//!
//! The global subscriber can be set once per process, so each case runs this test binary
//! again as a child process with the environment it needs, and reads the child's stderr.

use std::process::Command;

use anthropic::blocking::Client;
use anthropic::types::{MessageCreateParams, Model};
use anthropic::{ClientConfig, Secret};
use anthropic_mock::MockServer;

const CHILD: &str = "ANTHROPIC_LOG_TEST_CHILD";

/// One request through a blocking client against the mock server, as a user's program
/// would make it; with `own_subscriber`, the program first sets a global subscriber of its
/// own that counts the SDK's events and prints `app subscriber saw N events`.
fn child_program(own_subscriber: bool) {
    static SEEN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    if own_subscriber {
        let counting = anthropic::logging::Logger::new(tracing::Level::DEBUG, |_| {
            SEEN.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        });
        tracing::subscriber::set_global_default(counting).expect("no subscriber yet");
    }
    let server = MockServer::start();
    let config = ClientConfig::new()
        .api_key(Secret::new("sk-ant-LOGSECRET".to_owned()))
        .base_url(server.url());
    let client = Client::new(config).unwrap();
    client
        .messages()
        .create(&MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 64).user("Hello"))
        .unwrap();
    if own_subscriber {
        let seen = SEEN.load(std::sync::atomic::Ordering::SeqCst);
        eprintln!("app subscriber saw {seen} events");
    }
}

/// Runs the named test of this binary as a child with `ANTHROPIC_LOG` set to `level` (or
/// unset), and returns its stderr.
fn run_child(test: &str, level: Option<&str>) -> String {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .env_remove("ANTHROPIC_LOG");
    if let Some(level) = level {
        command.env("ANTHROPIC_LOG", level);
    }
    let output = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "child failed:\n{stderr}");
    stderr
}

fn is_child() -> bool {
    std::env::var_os(CHILD).is_some()
}

#[test]
fn the_variable_alone_turns_on_logging() {
    if is_child() {
        return child_program(false);
    }
    let info = run_child("the_variable_alone_turns_on_logging", Some("info"));
    assert!(
        info.contains("[anthropic - INFO] HTTP Request: POST http://127.0.0.1:"),
        "{info}"
    );
    assert!(info.contains("/v1/messages \"HTTP/1.1 200 OK\""), "{info}");
    assert!(
        !info.contains("DEBUG"),
        "info shows no debug lines:\n{info}"
    );

    let debug = run_child("the_variable_alone_turns_on_logging", Some("debug"));
    assert!(
        debug.contains("[anthropic - DEBUG] Request options:"),
        "{debug}"
    );
    assert!(debug.contains("[anthropic - DEBUG] request_id:"), "{debug}");
    assert!(
        !debug.contains("LOGSECRET"),
        "a credential in the logs:\n{debug}"
    );

    let unset = run_child("the_variable_alone_turns_on_logging", None);
    assert!(!unset.contains("[anthropic"), "{unset}");
    let other = run_child("the_variable_alone_turns_on_logging", Some("verbose"));
    assert!(!other.contains("[anthropic"), "{other}");
}

#[test]
fn an_application_subscriber_is_never_replaced() {
    if is_child() {
        return child_program(true);
    }
    let stderr = run_child("an_application_subscriber_is_never_replaced", Some("debug"));
    // The SDK printed nothing of its own; the application's subscriber got the events.
    assert!(!stderr.contains("[anthropic"), "{stderr}");
    let seen: usize = stderr
        .lines()
        .find_map(|line| line.strip_prefix("app subscriber saw "))
        .and_then(|rest| rest.strip_suffix(" events"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in:\n{stderr}"));
    assert!(seen >= 3, "{seen} events:\n{stderr}");
}
