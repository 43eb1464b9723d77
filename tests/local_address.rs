//! `TransportConfig::local_address`: the async clients connect from the chosen address;
//! the blocking client, which cannot, refuses it when it is built.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, TcpListener};
use std::sync::mpsc;

use anthropic::types::{MessageCreateParams, Model};
use anthropic::{ClientConfig, TransportConfig};

const LOCAL: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
const MESSAGE: &str = r#"{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"hi"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}"#;

/// A one-request server that reports the peer address it saw.
fn server() -> (String, mpsc::Receiver<IpAddr>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (stream, peer) = listener.accept().unwrap();
        tx.send(peer.ip()).unwrap();
        let mut reader = BufReader::new(stream);
        let mut length = 0;
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 2 {
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
            line.clear();
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{MESSAGE}",
            MESSAGE.len()
        );
        reader.get_mut().write_all(response.as_bytes()).unwrap();
    });
    (url, rx)
}

async fn connects_from_the_local_address<R: anthropic::async_client::Runtime + Default>() {
    let (url, peer) = server();
    let client = anthropic::async_client::Client::<R>::with_transport(
        ClientConfig::new().api_key("k").base_url(url),
        TransportConfig::default()
            .proxy_direct()
            .local_address(LOCAL),
    )
    .unwrap();
    let message = client
        .messages()
        .create(&MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 16).user("hi"))
        .await
        .unwrap();
    assert_eq!(message.text(), "hi");
    assert_eq!(peer.recv().unwrap(), LOCAL);
}

#[test]
fn tokio_connects_from_the_local_address() {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(connects_from_the_local_address::<anthropic_tokio::Tokio>());
}

#[test]
fn smol_connects_from_the_local_address() {
    smol::block_on(connects_from_the_local_address::<anthropic_smol::Smol>());
}

#[test]
fn async_std_connects_from_the_local_address() {
    async_std::task::block_on(connects_from_the_local_address::<
        anthropic_async_std::AsyncStd,
    >());
}

#[test]
fn blocking_refuses_a_local_address() {
    let err = anthropic::blocking::Client::with_transport(
        ClientConfig::new(),
        TransportConfig::default().local_address(LOCAL),
    )
    .unwrap_err();
    assert!(err.to_string().contains("local address"), "{err}");
}
