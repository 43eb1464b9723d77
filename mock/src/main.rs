//! `anthropic-mock`: serves the mock Claude API's default behavior until killed.
//!
//! ```text
//! anthropic-mock [--host 127.0.0.1] [--port 8080]
//! ```
//!
//! The port also comes from `ANTHROPIC_MOCK_PORT` (default: a free port). The first line
//! printed on stdout is the base URL, so scripts can read it.

use std::io::Write;

use anthropic_mock::MockServer;

fn usage() -> ! {
    eprintln!("usage: anthropic-mock [--host HOST] [--port PORT]");
    std::process::exit(2)
}

fn main() {
    let mut host = "127.0.0.1".to_owned();
    let mut port: u16 = match std::env::var("ANTHROPIC_MOCK_PORT") {
        Ok(p) => p.parse().unwrap_or_else(|_| usage()),
        Err(_) => 0,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--host" => host = args.next().unwrap_or_else(|| usage()),
            "--port" => {
                port = args
                    .next()
                    .and_then(|p| p.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            _ => usage(),
        }
    }
    let server = match MockServer::start_on((host.as_str(), port)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("anthropic-mock: cannot listen on {host}:{port}: {e}");
            std::process::exit(1);
        }
    };
    // Nothing reads the captured requests here; keep memory flat on long runs.
    server.set_capture(false);
    println!("{}", server.url());
    let _ = std::io::stdout().flush();
    eprintln!("anthropic-mock: serving the mock Claude API; stop with Ctrl-C");
    loop {
        std::thread::park();
    }
}
