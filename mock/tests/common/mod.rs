//! A tiny hand-written HTTP/1.1 client for the tests (std only), so that what the tests
//! check is the bytes on the wire, not another library's interpretation of them.

#![allow(dead_code, missing_docs)]

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

pub struct Conn {
    pub reader: BufReader<TcpStream>,
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// De-chunked body.
    pub body: Vec<u8>,
    /// Payload size of each HTTP chunk, for chunked bodies.
    pub chunks: Vec<usize>,
    /// Whether the body ended properly (full content-length or the last chunk).
    pub complete: bool,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }
}

impl Conn {
    pub fn open(addr: SocketAddr) -> Conn {
        let stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        Conn {
            reader: BufReader::new(stream),
        }
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.reader.get_mut().write_all(bytes).expect("write");
    }

    /// Sends a request with `x-api-key` and, for a body, `content-length`.
    pub fn send(&mut self, method: &str, path: &str, body: Option<&str>, extra: &[(&str, &str)]) {
        let mut req =
            format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: test-key\r\n");
        for (n, v) in extra {
            req.push_str(&format!("{n}: {v}\r\n"));
        }
        if let Some(b) = body {
            req.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                b.len()
            ));
        }
        req.push_str("\r\n");
        req.push_str(body.unwrap_or(""));
        self.send_raw(req.as_bytes());
    }

    pub fn request(&mut self, method: &str, path: &str, body: Option<&str>) -> Response {
        self.send(method, path, body, &[]);
        self.read_response().expect("response")
    }

    fn line(&mut self) -> io::Result<String> {
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }

    /// Reads one response; a body cut short gives `complete: false`.
    pub fn read_response(&mut self) -> io::Result<Response> {
        let status_line = self.line()?;
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("status line");
        let mut headers = Vec::new();
        loop {
            let line = self.line()?;
            if line.is_empty() {
                break;
            }
            let (n, v) = line.split_once(':').expect("header line");
            headers.push((n.to_owned(), v.trim().to_owned()));
        }
        let mut response = Response {
            status,
            headers,
            body: Vec::new(),
            chunks: Vec::new(),
            complete: false,
        };
        if (100..200).contains(&status) || status == 204 || status == 304 {
            response.complete = true;
        } else if response
            .header("transfer-encoding")
            .is_some_and(|t| t.contains("chunked"))
        {
            loop {
                let Ok(size_line) = self.line() else {
                    return Ok(response);
                };
                let size = usize::from_str_radix(&size_line, 16).expect("chunk size");
                if size == 0 {
                    assert_eq!(self.line()?, "", "no trailers expected");
                    response.complete = true;
                    return Ok(response);
                }
                let mut data = vec![0; size];
                if self.reader.read_exact(&mut data).is_err() {
                    return Ok(response);
                }
                assert_eq!(self.line()?, "", "CRLF after chunk data");
                response.chunks.push(size);
                response.body.extend_from_slice(&data);
            }
        } else if let Some(len) = response.header("content-length") {
            let len: usize = len.parse().unwrap();
            let mut limited = (&mut self.reader).take(len as u64);
            limited.read_to_end(&mut response.body)?;
            response.complete = response.body.len() == len;
        } else {
            self.reader.read_to_end(&mut response.body)?;
            response.complete = true;
        }
        Ok(response)
    }

    /// Whether the server closed the connection (EOF within the read timeout).
    pub fn at_eof(&mut self) -> bool {
        let mut b = [0u8; 1];
        matches!(self.reader.read(&mut b), Ok(0))
    }
}

/// The `(event, data)` pairs of an SSE body with LF line endings.
pub fn events(body: &str) -> Vec<(String, serde_json::Value)> {
    body.split("\n\n")
        .filter(|block| !block.is_empty())
        .map(|block| {
            let mut event = String::new();
            let mut data = String::new();
            for line in block.lines() {
                if let Some(e) = line.strip_prefix("event: ") {
                    event = e.to_owned();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    data.push_str(d);
                }
            }
            (
                event,
                serde_json::from_str(&data).expect("event data is JSON"),
            )
        })
        .collect()
}

pub const HELLO: &str = r#"{"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"Hello, Claude"}]}"#;
