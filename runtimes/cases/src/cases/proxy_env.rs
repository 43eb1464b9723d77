//! Proxies from the environment, through each client: which proxy (or none) a request
//! goes through under every rule of core's [`ProxyRules`](anthropic_core::transport::ProxyRules)
//! (precedence by scheme and case, `ALL_PROXY`, empty values, `NO_PROXY` forms, CGI, the
//! explicit settings that ignore the environment), and the proxies no client can use,
//! refused when the client is built.
//!
//! The environment is the process's, read when a client is built, so each row runs in a
//! child process: the test binary itself, started with the row's variables (and every
//! other proxy variable removed) to run only its `proxy_env_child` entry point, which
//! builds the client, sends one request and prints how it ended. The parent owns the
//! servers: two CONNECT proxies, A and B, and the origin, and looks at which of them saw
//! the request.

use std::process::Command;
use std::time::Duration;

use anthropic_core::types::{MessageCreateParams, Model};
use anthropic_core::{ClientConfig, Timeout, TransportConfig};
use anthropic_mock::MockServer;

use crate::servers::{ConnectProxy, TlsServer, test_pki};
use crate::subject::{Subject, ga};

/// Every variable a row may set; the child starts with none of them but the row's.
const PROXY_VARIABLES: &[&str] = &[
    "http_proxy",
    "HTTP_PROXY",
    "https_proxy",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
    "no_proxy",
    "NO_PROXY",
    "REQUEST_METHOD",
];
const TARGET: &str = "ANTHROPIC_CASES_CHILD_TARGET";
const ROOT_PEM: &str = "ANTHROPIC_CASES_CHILD_ROOT_PEM";
const EXPLICIT: &str = "ANTHROPIC_CASES_CHILD_PROXY";
const RESULT: &str = "proxy-env-child-result:";

/// Where a row's request must go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Went {
    /// Through proxy A.
    A,
    /// Through proxy B.
    B,
    /// Straight to the origin.
    Direct,
    /// Nowhere: the client refused to be built, with an error naming this variable.
    Refused(&'static str),
}

/// How the row's client is configured besides the environment.
#[derive(Debug, Clone, Copy)]
enum Setting {
    /// `TransportConfig::default()`: the environment decides.
    FromEnv,
    /// `proxy(A)`: the environment is ignored.
    ExplicitA,
    /// `proxy_direct()`: the environment is ignored.
    Direct,
}

struct Row {
    https: bool,
    setting: Setting,
    /// Variables; in values, `{A}` / `{B}` is that proxy's `http://127.0.0.1:PORT`,
    /// `{a}` its `127.0.0.1:PORT`, and `{port}` the origin's port.
    vars: &'static [(&'static str, &'static str)],
    went: Went,
}

const fn env(vars: &'static [(&'static str, &'static str)], went: Went) -> Row {
    Row {
        https: false,
        setting: Setting::FromEnv,
        vars,
        went,
    }
}

const fn env_https(vars: &'static [(&'static str, &'static str)], went: Went) -> Row {
    Row {
        https: true,
        setting: Setting::FromEnv,
        vars,
        went,
    }
}

/// The table. The first three rows are issue 17's, where the blocking client used to
/// follow ureq's rules (B, B, A) instead of core's.
const ROWS: &[Row] = &[
    env(&[("HTTP_PROXY", "{A}"), ("ALL_PROXY", "{B}")], Went::A),
    env(&[("http_proxy", "{A}"), ("HTTP_PROXY", "{B}")], Went::A),
    env(
        &[("HTTP_PROXY", "{A}"), ("NO_PROXY", "127.0.0.0/8")],
        Went::Direct,
    ),
    // ALL_PROXY fills in; lowercase first there too.
    env(&[("ALL_PROXY", "{B}")], Went::B),
    env(&[("all_proxy", "{A}"), ("ALL_PROXY", "{B}")], Went::A),
    // A value without a scheme is http://.
    env(&[("HTTP_PROXY", "{a}")], Went::A),
    // By scheme: https targets use HTTPS_PROXY, never HTTP_PROXY.
    env_https(&[("HTTPS_PROXY", "{A}"), ("HTTP_PROXY", "{B}")], Went::A),
    env_https(&[("HTTP_PROXY", "{B}")], Went::Direct),
    env_https(&[("https_proxy", "{A}"), ("ALL_PROXY", "{B}")], Went::A),
    env_https(
        &[("HTTPS_PROXY", "{A}"), ("NO_PROXY", "127.0.0.0/8")],
        Went::Direct,
    ),
    // Empty values: an empty lowercase variable hides the uppercase one; an empty
    // variable is no proxy, so ALL_PROXY fills in.
    env_https(&[("https_proxy", ""), ("HTTPS_PROXY", "{A}")], Went::Direct),
    env(&[("HTTP_PROXY", ""), ("ALL_PROXY", "{B}")], Went::B),
    env(&[("HTTP_PROXY", "{A}"), ("NO_PROXY", "")], Went::A),
    // NO_PROXY forms.
    env(
        &[("HTTP_PROXY", "{A}"), ("NO_PROXY", "127.0.0.1")],
        Went::Direct,
    ),
    env(
        &[
            ("HTTP_PROXY", "{A}"),
            ("NO_PROXY", "example.com, 127.0.0.1:{port}"),
        ],
        Went::Direct,
    ),
    env(
        &[("HTTP_PROXY", "{A}"), ("NO_PROXY", "127.0.0.1:1")],
        Went::A,
    ),
    env(
        &[
            ("HTTP_PROXY", "{A}"),
            ("NO_PROXY", "example.com, localhost ,10.0.0.0/8"),
        ],
        Went::A,
    ),
    env(&[("HTTP_PROXY", "{A}"), ("NO_PROXY", "*")], Went::Direct),
    env(&[("HTTP_PROXY", "{A}"), ("no_proxy", "*")], Went::Direct),
    env(
        &[
            ("HTTP_PROXY", "{A}"),
            ("no_proxy", "example.com"),
            ("NO_PROXY", "127.0.0.1"),
        ],
        Went::A,
    ),
    env(
        &[
            ("HTTP_PROXY", "{A}"),
            ("no_proxy", ""),
            ("NO_PROXY", "127.0.0.1"),
        ],
        Went::A,
    ),
    // CGI: HTTP_PROXY may come from a request header; only lowercase counts.
    env(
        &[("REQUEST_METHOD", "GET"), ("HTTP_PROXY", "{A}")],
        Went::Direct,
    ),
    env(&[("REQUEST_METHOD", "GET"), ("http_proxy", "{A}")], Went::A),
    // Credentials in the variable.
    env(&[("HTTP_PROXY", "http://user:pw@{a}")], Went::A),
    // Proxies no client can use: refused, naming the variable; never bypassed.
    env(
        &[("ALL_PROXY", "socks5://127.0.0.1:1")],
        Went::Refused("ALL_PROXY"),
    ),
    env(
        &[
            ("HTTP_PROXY", "{A}"),
            ("all_proxy", "socks5h://127.0.0.1:1"),
        ],
        Went::Refused("all_proxy"),
    ),
    env(
        &[("HTTP_PROXY", "socks5h://user:SECRET@127.0.0.1:1")],
        Went::Refused("HTTP_PROXY"),
    ),
    env(
        &[("http_proxy", "socks4://127.0.0.1:1")],
        Went::Refused("http_proxy"),
    ),
    env_https(
        &[("HTTPS_PROXY", "https://127.0.0.1:1")],
        Went::Refused("HTTPS_PROXY"),
    ),
    // Explicit settings ignore the environment.
    Row {
        https: false,
        setting: Setting::ExplicitA,
        vars: &[("NO_PROXY", "*"), ("HTTP_PROXY", "{B}")],
        went: Went::A,
    },
    Row {
        https: false,
        setting: Setting::Direct,
        vars: &[("HTTP_PROXY", "{A}"), ("ALL_PROXY", "{B}")],
        went: Went::Direct,
    },
    Row {
        https: false,
        setting: Setting::Direct,
        vars: &[("ALL_PROXY", "socks5://127.0.0.1:1")],
        went: Went::Direct,
    },
];

/// Every row through this client.
pub fn every_environment_proxy_rule<S: Subject>() {
    let pki = test_pki();
    let mut failures = Vec::new();
    for (i, row) in ROWS.iter().enumerate() {
        if let Err(why) = run_row(row, &pki) {
            failures.push(format!("row {i} {:?} ({:?}): {why}", row.vars, row.setting));
        }
    }
    assert!(failures.is_empty(), "{}:\n{}", S::NAME, failures.join("\n"));
}

fn run_row(row: &Row, pki: &crate::servers::TestPki) -> Result<(), String> {
    let (a, b) = (ConnectProxy::start(), ConnectProxy::start());
    let http_origin = MockServer::start();
    let https_origin = TlsServer::start(pki);
    let (target, origin_requests): (String, Box<dyn Fn() -> usize>) = if row.https {
        (
            https_origin.url(),
            Box::new(|| https_origin.request_count()),
        )
    } else {
        (http_origin.url(), Box::new(|| http_origin.request_count()))
    };
    let port = target.rsplit(':').next().unwrap_or_default().to_owned();
    let fill = |value: &str| {
        value
            .replace("{A}", &a.url())
            .replace("{B}", &b.url())
            .replace("{a}", &a.addr.to_string())
            .replace("{port}", &port)
    };

    let vars: Vec<(&str, String)> = row.vars.iter().map(|(k, v)| (*k, fill(v))).collect();
    let explicit = match row.setting {
        Setting::FromEnv => None,
        Setting::ExplicitA => Some(a.url()),
        Setting::Direct => Some("direct".to_owned()),
    };
    let result = child_outcome(&vars, &target, Some(&pki.ca_pem), explicit.as_deref())?;

    let authority = target.split("://").nth(1).unwrap_or_default();
    let connects_to_origin = |proxy: &ConnectProxy| {
        proxy
            .seen()
            .iter()
            .filter(|head| head.starts_with(&format!("CONNECT {authority} ")))
            .count()
    };
    let got = (
        connects_to_origin(&a),
        connects_to_origin(&b),
        origin_requests(),
    );
    let expected = match row.went {
        Went::A => (1, 0, 1),
        Went::B => (0, 1, 1),
        Went::Direct => (0, 0, 1),
        Went::Refused(_) => (0, 0, 0),
    };
    if got != expected {
        return Err(format!(
            "(CONNECTs at A, at B, requests at the origin) = {got:?}, expected {expected:?}; \
             the child said: {result}"
        ));
    }
    match row.went {
        Went::Refused(variable) => {
            let named = format!("the {variable} environment variable");
            if !result.starts_with("build-error")
                || !result.contains(&named)
                || !result.contains("not supported")
                || result.contains("SECRET")
            {
                return Err(format!(
                    "expected a build error naming {variable}: {result}"
                ));
            }
        }
        _ if result != "ok" => return Err(format!("the call failed: {result}")),
        _ => {}
    }
    if row.vars.iter().any(|(_, v)| v.contains("user:pw@")) {
        let head = a
            .seen()
            .first()
            .cloned()
            .unwrap_or_default()
            .to_ascii_lowercase();
        // base64("user:pw")
        if !head.contains("proxy-authorization: basic dxnlcjpwdw==") {
            return Err(format!("no credentials on the CONNECT: {head}"));
        }
    }
    Ok(())
}

/// Runs this test binary's `proxy_env_child` with `vars` set (and no other proxy or
/// certificate variable), a request to `target`, the root `root_pem` if given, and the
/// explicit proxy setting `explicit` (`"direct"`, or a URL); returns what it printed:
/// `ok`, `build-error …` or `call-error …`.
pub(crate) fn child_outcome(
    vars: &[(&str, String)],
    target: &str,
    root_pem: Option<&str>,
    explicit: Option<&str>,
) -> Result<String, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut child = Command::new(exe);
    child.args([
        "proxy_env_child",
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    for name in PROXY_VARIABLES
        .iter()
        .chain(["SSL_CERT_FILE", "SSL_CERT_DIR"].iter())
    {
        child.env_remove(name);
    }
    for (name, value) in vars {
        child.env(name, value);
    }
    child.env(TARGET, target);
    match root_pem {
        Some(pem) => child.env(ROOT_PEM, pem),
        None => child.env_remove(ROOT_PEM),
    };
    match explicit {
        Some(setting) => child.env(EXPLICIT, setting),
        None => child.env_remove(EXPLICIT),
    };
    let output = child.output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let result = stdout
        .lines()
        .find_map(|line| line.find(RESULT).map(|at| &line[at + RESULT.len()..]))
        .map(str::trim)
        .ok_or_else(|| format!("the child printed no result:\n{stdout}"))?
        .to_owned();
    Ok(result)
}

/// The child side: build the client from the environment (and the row's explicit
/// setting), send one request, print how it ended. Does nothing outside a row.
pub fn child<S: Subject>() {
    let Ok(target) = std::env::var(TARGET) else {
        return;
    };
    let mut transport = TransportConfig::default();
    if let Ok(pem) = std::env::var(ROOT_PEM) {
        transport = transport.root_certificate_pem(pem);
    }
    match std::env::var(EXPLICIT).as_deref() {
        Ok("direct") => transport = transport.proxy_direct(),
        Ok(url) => transport = transport.proxy(url),
        Err(_) => {}
    }
    let config = ClientConfig::new()
        .api_key("sk-ant-child")
        .base_url(&target)
        .max_retries(0)
        .timeout(Timeout::uniform(Duration::from_secs(5)));
    let outcome = match S::build(config, transport) {
        Err(e) => format!("build-error {e}"),
        Ok(client) => {
            match client.create(
                ga(),
                &MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 16).user("hi"),
            ) {
                Ok(_) => "ok".to_owned(),
                Err(e) => format!("call-error {e}"),
            }
        }
    };
    println!("\n{RESULT} {outcome}");
}
