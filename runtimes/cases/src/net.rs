//! Addresses for "nothing answers here" cases.

use std::net::{Ipv4Addr, SocketAddr};

use socket2::{Domain, Socket, Type};

/// A loopback port that refuses every connection for as long as this value lives: a TCP
/// socket bound to it and never listened on. Connecting gets a reset (connection
/// refused), and no other socket can bind the port meanwhile, so a test running in
/// parallel cannot start a server there (which a port freed by a dropped server allows).
#[derive(Debug)]
pub struct RefusingPort {
    socket: Socket,
    addr: SocketAddr,
}

impl RefusingPort {
    /// Binds a fresh loopback port without listening on it.
    ///
    /// # Panics
    /// If no loopback port can be bound.
    pub fn new() -> RefusingPort {
        let socket = Socket::new(Domain::IPV4, Type::STREAM, None).expect("a TCP socket");
        socket
            .bind(&SocketAddr::from((Ipv4Addr::LOCALHOST, 0)).into())
            .expect("bind 127.0.0.1:0");
        let addr = socket
            .local_addr()
            .expect("its address")
            .as_socket()
            .expect("an IP address");
        RefusingPort { socket, addr }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        let _held = &self.socket;
        format!("http://{}", self.addr)
    }

    /// The address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Default for RefusingPort {
    fn default() -> Self {
        RefusingPort::new()
    }
}
