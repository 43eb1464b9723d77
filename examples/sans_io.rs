//! Driving the protocol core by hand, with no runtime at all: a plain loop over a
//! `std::net::TcpStream` (and rustls for `https`). This is what every runtime crate does;
//! a user with an executor we do not ship does the same with its sockets.
//!
//! The core decides everything — the request bytes, each attempt's timeouts, whether and
//! when to retry, how the body decodes — and this loop only moves bytes and sleeps.

mod support;

use std::error::Error;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use anthropic::endpoints::messages;
use anthropic::h1::{ResponseReader, encode_request};
use anthropic::sans_io::Timestamp;
use anthropic::stream::{ContentDelta, EventDecoder, StreamEvent};
use anthropic::types::{MessageCreateParams, Model};
use anthropic::{Exchange, HeadOutcome, Moment, RequestOptions};

fn main() -> Result<(), Box<dyn Error>> {
    let (config, _mock) = support::config();
    let params =
        MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 512).user("Write a haiku about sockets");

    // The loop's monotonic clock, as the core takes it: time since an origin of our own
    // choosing (in a browser, `performance.now()` would do).
    let origin = Instant::now();
    let now = || Timestamp::from_elapsed(origin.elapsed());

    // 1. Describe the call; 2. prepare the exchange (credentials and guards checked here).
    let call = messages::create_stream(&params, false)?;
    let mut exchange = Exchange::new(&config, call, &RequestOptions::new(), now())?;

    loop {
        // 3. The next attempt: its request, serialized as HTTP/1.1 bytes.
        let attempt = exchange.start_attempt(now())?;
        let uri = attempt.request.uri().clone();
        let mut bytes = Vec::new();
        encode_request(&attempt.request, &mut bytes)?;
        let mut reader = ResponseReader::for_request(&attempt.request);
        let timeout = attempt.timeout;

        // 4. Connect, write, read the head.
        let host = uri.host().unwrap_or("localhost").to_owned();
        let https = uri.scheme_str() == Some("https");
        let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        let tcp = TcpStream::connect((host.as_str(), port))?;
        tcp.set_read_timeout(timeout.read)?;
        let mut conn: Box<dyn ReadWrite> = if https {
            Box::new(tls(tcp, &host)?)
        } else {
            Box::new(tcp)
        };
        conn.write_all(&bytes)?;

        let mut buf = vec![0u8; 16 * 1024];
        let (head, mut leftover) = loop {
            let n = conn.read(&mut buf)?;
            if n == 0 {
                reader.handle_eof()?;
            }
            let progress = reader.read_head(&buf[..n])?;
            match progress.head {
                Some(head) if !head.status.is_informational() => {
                    break (head, buf[progress.consumed..n].to_vec());
                }
                _ => {}
            }
        };

        // 5. Let the core decide.
        match exchange.handle_head(head.status, &head.headers, moment(now())) {
            HeadOutcome::Retry(delay) => {
                std::thread::sleep(delay);
                continue;
            }
            HeadOutcome::Fail => {
                let mut body = Vec::new();
                while !reader.is_done() {
                    reader.read_body_into(&leftover, &mut body)?;
                    leftover.clear();
                    let n = conn.read(&mut buf)?;
                    if n == 0 {
                        reader.handle_eof()?;
                    } else {
                        leftover.extend_from_slice(&buf[..n]);
                    }
                }
                return Err(exchange.fail(head.status, head.headers, &body).into());
            }
            HeadOutcome::Success => {}
        }

        // 6. Stream the body through the event decoder, printing text as it arrives.
        let mut events = EventDecoder::new(head.status, head.headers);
        loop {
            // One read may hold several chunks: the reader hands out one slice at a time.
            let mut used = 0;
            let mut done = reader.is_done();
            while used < leftover.len() && !done {
                let progress = reader.read_body(&leftover[used..])?;
                events.feed(progress.data);
                used += progress.consumed;
                done = progress.done;
            }
            if done {
                events.finish();
            }
            while let Some(event) = events.next_event()? {
                if let StreamEvent::ContentBlockDelta {
                    delta: ContentDelta::Text { text, .. },
                    ..
                } = event
                {
                    print!("{text}");
                    std::io::stdout().flush()?;
                }
            }
            if done {
                println!();
                return Ok(());
            }
            let n = conn.read(&mut buf)?;
            if n == 0 {
                reader.handle_eof()?;
            }
            leftover = buf[..n].to_vec();
        }
    }
}

/// The inputs of a decision: clocks and a jitter value (a fixed one is fine here).
fn moment(now: Timestamp) -> Moment {
    Moment {
        now,
        wall: SystemTime::now(),
        random: 0.5,
    }
}

trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}

fn tls(
    tcp: TcpStream,
    host: &str,
) -> Result<rustls::StreamOwned<rustls::ClientConnection, TcpStream>, Box<dyn Error>> {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from(host.to_owned())?;
    let conn = rustls::ClientConnection::new(Arc::new(config), name)?;
    Ok(rustls::StreamOwned::new(conn, tcp))
}
