//! HTTP/1.1 mechanics: keep-alive, request bodies, capture, lifecycle.

mod common;

use std::time::{Duration, Instant};

use anthropic_mock::MockServer;
use common::{Conn, HELLO};

#[test]
fn keep_alive_serves_many_requests_on_one_connection() {
    let server = MockServer::start();
    let mut conn = Conn::open(server.addr());
    for _ in 0..3 {
        let r = conn.request("POST", "/v1/messages", Some(HELLO));
        assert_eq!(r.status, 200);
        assert_eq!(r.header("connection"), None);
    }
    assert_eq!(server.connection_count(), 1);
    assert_eq!(server.request_count(), 3);
    let ids: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.request_id.clone())
        .collect();
    assert_eq!(ids, ["req_mock_1", "req_mock_2", "req_mock_3"]);
    assert!(server.requests().iter().all(|r| r.connection == 0));

    // A second connection is counted.
    Conn::open(server.addr()).request("GET", "/v1/models", None);
    assert_eq!(server.connection_count(), 2);
}

#[test]
fn connection_close_is_honored() {
    let server = MockServer::start();
    let mut conn = Conn::open(server.addr());
    conn.send("GET", "/v1/models", None, &[("Connection", "close")]);
    let r = conn.read_response().unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.header("connection"), Some("close"));
    assert!(conn.at_eof());
}

#[test]
fn pipelined_requests_are_answered_in_order() {
    let server = MockServer::start();
    let mut conn = Conn::open(server.addr());
    let one = "GET /v1/models/claude-opus-4-5 HTTP/1.1\r\nx-api-key: k\r\n\r\n";
    let two = "GET /v1/models/claude-haiku-4-5 HTTP/1.1\r\nx-api-key: k\r\n\r\n";
    conn.send_raw(format!("{one}{two}").as_bytes());
    let a = conn.read_response().unwrap().json();
    let b = conn.read_response().unwrap().json();
    assert_eq!(a["id"], "claude-opus-4-5-20251101");
    assert_eq!(b["id"], "claude-haiku-4-5-20251001");
}

#[test]
fn chunked_request_body_is_decoded() {
    let server = MockServer::start();
    let mut conn = Conn::open(server.addr());
    let (a, b) = HELLO.split_at(10);
    conn.send_raw(
        format!(
            "POST /v1/messages HTTP/1.1\r\nHost: x\r\nx-api-key: k\r\nTransfer-Encoding: chunked\r\n\r\n\
             {:x};ext=1\r\n{a}\r\n{:X}\r\n{b}\r\n0\r\nX-Trailer: t\r\n\r\n",
            a.len(),
            b.len()
        )
        .as_bytes(),
    );
    let r = conn.read_response().unwrap();
    assert_eq!(r.status, 200);
    assert!(r.text().contains("You said: Hello, Claude"));
    assert_eq!(server.requests()[0].body, HELLO.as_bytes());
    // The connection is still usable.
    assert_eq!(conn.request("GET", "/v1/models", None).status, 200);
}

#[test]
fn expect_continue_gets_an_interim_response() {
    let server = MockServer::start();
    let mut conn = Conn::open(server.addr());
    conn.send_raw(
        format!(
            "POST /v1/messages HTTP/1.1\r\nx-api-key: k\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n",
            HELLO.len()
        )
        .as_bytes(),
    );
    let interim = conn.read_response().unwrap();
    assert_eq!(interim.status, 100);
    conn.send_raw(HELLO.as_bytes());
    assert_eq!(conn.read_response().unwrap().status, 200);
}

#[test]
fn capture_keeps_header_case_order_and_body() {
    let server = MockServer::start();
    let mut conn = Conn::open(server.addr());
    conn.send(
        "POST",
        "/v1/messages?beta=true",
        Some(HELLO),
        &[
            ("anthropic-version", "2023-06-01"),
            ("X-Stainless-Lang", "rust"),
            ("anthropic-beta", "a"),
            ("Anthropic-Beta", "b"),
        ],
    );
    conn.read_response().unwrap();
    let req = server.last_request().unwrap();
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/v1/messages?beta=true");
    assert_eq!(req.path_only(), "/v1/messages");
    assert_eq!(req.query("beta").as_deref(), Some("true"));
    let names: Vec<&str> = req.headers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Host",
            "X-Api-Key",
            "anthropic-version",
            "X-Stainless-Lang",
            "anthropic-beta",
            "Anthropic-Beta",
            "Content-Type",
            "Content-Length"
        ]
    );
    assert_eq!(req.header("x-stainless-lang"), Some("rust"));
    assert_eq!(req.header("ANTHROPIC-BETA"), Some("a"));
    assert_eq!(req.header_all("anthropic-beta"), ["a", "b"]);
    assert_eq!(req.json()["max_tokens"], 1024);

    assert_eq!(server.take_requests().len(), 1);
    assert!(server.requests().is_empty());
    assert_eq!(server.request_count(), 1);
}

#[test]
fn wait_for_requests_blocks_until_they_arrive() {
    let server = MockServer::start();
    let addr = server.addr();
    assert!(!server.wait_for_requests(1, Duration::from_millis(20)));
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        Conn::open(addr).request("GET", "/v1/models", None);
    });
    assert!(server.wait_for_requests(1, Duration::from_secs(5)));
    t.join().unwrap();
}

#[test]
fn malformed_request_gets_400_and_close() {
    let server = MockServer::start();
    let mut conn = Conn::open(server.addr());
    conn.send_raw(b"NONSENSE\r\n\r\n");
    let r = conn.read_response().unwrap();
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"]["type"], "invalid_request_error");
    assert!(conn.at_eof());
}

#[test]
fn drop_stops_promptly_even_with_open_connections() {
    let server = MockServer::start();
    let addr = server.addr();
    let mut idle = Conn::open(addr);
    idle.request("GET", "/v1/models", None);
    let mut half = Conn::open(addr);
    half.send_raw(b"POST /v1/messages HTTP/1.1\r\nContent-Length: 100\r\n\r\n{");
    server.enqueue(
        anthropic_mock::MockResponse::json(200, serde_json::json!({}))
            .delay(Duration::from_secs(30)),
    );
    let mut slow = Conn::open(addr);
    slow.send("GET", "/v1/models", None, &[]);
    assert!(server.wait_for_requests(2, Duration::from_secs(5)));
    let started = Instant::now();
    drop(server);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(idle.at_eof());
    assert!(std::net::TcpStream::connect(addr).is_err());
}

#[test]
fn start_on_a_fixed_address() {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = probe.local_addr().unwrap();
    drop(probe);
    let server = MockServer::start_on(addr).unwrap();
    assert_eq!(server.url(), format!("http://{addr}"));
    assert_eq!(
        Conn::open(addr).request("GET", "/v1/models", None).status,
        200
    );
    assert!(MockServer::start_on(addr).is_err());
}

#[test]
fn concurrent_connections_are_served_independently() {
    let server = MockServer::start();
    let addr = server.addr();
    let workers: Vec<_> = (0..16)
        .map(|_| {
            std::thread::spawn(move || {
                let mut conn = Conn::open(addr);
                for _ in 0..10 {
                    assert_eq!(
                        conn.request("POST", "/v1/messages", Some(HELLO)).status,
                        200
                    );
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    assert_eq!(server.connection_count(), 16);
    assert_eq!(server.request_count(), 160);
    let mut ids: Vec<String> = server
        .requests()
        .into_iter()
        .map(|r| r.request_id)
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 160, "request ids are unique");
}
