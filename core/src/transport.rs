//! How a driver should connect: proxy, trusted roots, connection pool limits.
//!
//! This is configuration only, shared by every runtime so that each offers the same
//! settings; the runtimes apply it to their sockets and TLS. Verification of server
//! certificates is always on: there is deliberately no setting to turn it off.

use core::net::IpAddr;
use std::time::Duration;

use crate::error::Error;
use crate::secret::{Secret, redact_url_userinfo};

/// Which proxy to use for requests. `Debug` hides credentials in the URL.
#[derive(Clone, Default, PartialEq, Eq)]
pub enum ProxyConfig {
    /// Read `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` and `NO_PROXY` (either case) from
    /// the environment when the client is built, as Python's default client does.
    #[default]
    FromEnv,
    /// Connect directly, whatever the environment says.
    Direct,
    /// Tunnel through this proxy (`http://host:port`, credentials allowed in the URL).
    Url(String),
}

impl std::fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProxyConfig::FromEnv => f.write_str("FromEnv"),
            ProxyConfig::Direct => f.write_str("Direct"),
            ProxyConfig::Url(url) => f
                .debug_tuple("Url")
                .field(&redact_url_userinfo(url))
                .finish(),
        }
    }
}

/// Connection settings for a client; `Debug` never shows proxy credentials.
///
/// Every client (blocking and async) resolves [`proxy`](field@Self::proxy) with
/// [`ProxyRules::resolve`] when it is built, and asks [`ProxyRules::proxy_for`] which
/// proxy, or none, each request's host gets: one set of rules on every client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportConfig {
    /// The proxy to use.
    pub proxy: ProxyConfig,
    /// Root certificates (PEM; a bundle may hold several) to trust instead of the
    /// bundled web PKI roots. Empty: the environment's, else the web PKI roots (see
    /// [`trusted_roots`](Self::trusted_roots)).
    pub root_certificates_pem: Vec<Vec<u8>>,
    /// Whether `SSL_CERT_FILE` / `SSL_CERT_DIR` name the roots when none are given, as
    /// httpx reads them for Python's client (its `trust_env`, on by default). `false`:
    /// the web PKI roots.
    pub root_certificates_from_env: bool,
    /// Most connections in use at once (Python's httpx limit: 1,000). A request beyond it
    /// waits until one is released, as long as its total deadline allows, instead of
    /// opening sockets until the process runs out of descriptors. Idle pooled
    /// connections do not count; [`max_idle_connections`](field@Self::max_idle_connections)
    /// bounds them.
    pub max_connections: usize,
    /// Most idle connections kept for reuse, in all (Python keeps 100).
    pub max_idle_connections: usize,
    /// Most idle connections kept per host.
    pub max_idle_connections_per_host: usize,
    /// How long an idle connection is kept before it is closed (Python: 5 s).
    pub idle_timeout: Duration,
    /// Largest non-streaming response body accepted, in bytes.
    pub max_body_size: u64,
    /// The local address to connect from (Python's `local_address`); the port is chosen
    /// by the system. `None` lets the system choose the address too. Supported by the
    /// async runtimes; the blocking client (ureq) cannot bind and refuses it when built.
    pub local_address: Option<IpAddr>,
    /// TCP keep-alive on every connection opened ([`TcpKeepalive::PYTHON`] by default,
    /// as Python's client sets it); `None` leaves the system's setting (usually off).
    /// Set by the async runtimes of this project; the blocking client cannot (ureq opens
    /// its sockets itself and exposes none), so its connections keep the system's.
    pub tcp_keepalive: Option<TcpKeepalive>,
}

/// TCP keep-alive probes: after `idle` without traffic, one every `interval`, the
/// connection given up after `retries` unanswered. A long call whose answer takes
/// minutes sends nothing meanwhile; without probes a NAT gateway or load balancer that
/// forgets silent connections can cut it without either end knowing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TcpKeepalive {
    /// Silence before the first probe (`TCP_KEEPIDLE`).
    pub idle: Duration,
    /// Between probes (`TCP_KEEPINTVL`).
    pub interval: Duration,
    /// Unanswered probes before the connection is dropped (`TCP_KEEPCNT`).
    pub retries: u32,
}

impl TcpKeepalive {
    /// What Python's client sets (`_base_client.py`): 60 s idle, 60 s apart, 5 probes.
    pub const PYTHON: TcpKeepalive = TcpKeepalive {
        idle: Duration::from_secs(60),
        interval: Duration::from_secs(60),
        retries: 5,
    };
}

impl Default for TransportConfig {
    fn default() -> Self {
        TransportConfig {
            proxy: ProxyConfig::FromEnv,
            root_certificates_pem: Vec::new(),
            root_certificates_from_env: true,
            max_connections: 1000,
            max_idle_connections: 100,
            max_idle_connections_per_host: 100,
            idle_timeout: Duration::from_secs(5),
            max_body_size: 256 * 1024 * 1024,
            local_address: None,
            tcp_keepalive: Some(TcpKeepalive::PYTHON),
        }
    }
}

impl TransportConfig {
    /// Uses this proxy (`http://host:port`).
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = ProxyConfig::Url(url.into());
        self
    }

    /// Connects directly, ignoring proxy settings in the environment: sets
    /// [`proxy`](field@Self::proxy) to [`ProxyConfig::Direct`]. (Not named `no_proxy`, which
    /// would read as the `NO_PROXY` host list.)
    pub fn proxy_direct(mut self) -> Self {
        self.proxy = ProxyConfig::Direct;
        self
    }

    /// Connects from this local address (for example `0.0.0.0` to force IPv4).
    pub fn local_address(mut self, address: IpAddr) -> Self {
        self.local_address = Some(address);
        self
    }

    /// At most `n` connections in use at once ([`max_connections`](field@Self::max_connections)).
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n.max(1);
        self
    }

    /// Sets TCP keep-alive ([`tcp_keepalive`](field@Self::tcp_keepalive)); `None` turns
    /// it off.
    pub fn tcp_keepalive(mut self, keepalive: Option<TcpKeepalive>) -> Self {
        self.tcp_keepalive = keepalive;
        self
    }

    /// Trusts this PEM root certificate (repeatable); the web PKI roots are then not used.
    pub fn root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates_pem.push(pem.into());
        self
    }
}

/// A proxy to tunnel through: where to connect, and the credentials to present.
///
/// Parsed from `http://[user:password@]host[:port]` (a value without a scheme gets
/// `http://`, as Python's httpx does; the port defaults to 80). Only plain-HTTP proxies
/// are supported: the driver sends `CONNECT host:port` to it and speaks TLS to the origin
/// through the tunnel. `https://` and `socks5://` proxies are refused with
/// [`Error::InvalidRequest`] when the client is built rather than ignored.
///
/// The credentials never show in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct ProxyUrl {
    host: String,
    port: u16,
    credentials: Option<ProxyCredentials>,
}

/// The user and password of a proxy URL, percent-decoded, with the `Proxy-Authorization`
/// value they make.
#[derive(Clone, PartialEq, Eq)]
struct ProxyCredentials {
    user: Secret,
    password: Secret,
    authorization: Secret,
}

impl std::fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProxyUrl")
            .field("host", &self.host)
            .field("port", &self.port)
            .field(
                "credentials",
                &self.credentials.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl ProxyUrl {
    /// Parses a proxy URL. See the type's docs for the accepted forms.
    pub fn parse(url: &str) -> Result<ProxyUrl, Error> {
        let invalid = |why: &str| Error::InvalidRequest(format!("invalid proxy URL: {why}"));
        let url = url.trim();
        let rest = match url.split_once("://") {
            None => url,
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some((scheme, _)) => {
                return Err(invalid(&format!(
                    "the {scheme}:// scheme is not supported (use an http:// proxy)"
                )));
            }
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((userinfo, hostport)) => (Some(userinfo), hostport),
            None => (None, authority),
        };
        let (host, port) = if let Some(bracketed) = hostport.strip_prefix('[') {
            let (host, after) = bracketed
                .split_once(']')
                .ok_or_else(|| invalid("unclosed '[' in the host"))?;
            let port = match after.strip_prefix(':') {
                Some(port) => Some(port),
                None if after.is_empty() => None,
                None => return Err(invalid("junk after the IPv6 host")),
            };
            (host, port)
        } else {
            match hostport.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (hostport, None),
            }
        };
        if host.is_empty() {
            return Err(invalid("no host"));
        }
        // A host is a name or an address; `[`, `]` or `:` outside brackets (found by the
        // `proxy_url` fuzz target: `http://h:1[::1]:8888`) make it neither.
        if host.bytes().any(|b| {
            matches!(b, b'[' | b']')
                || (b == b':' && !hostport.starts_with('['))
                || b.is_ascii_whitespace()
                || b.is_ascii_control()
        }) {
            return Err(invalid("not a host name or address"));
        }
        let port = match port {
            None | Some("") => 80,
            Some(port) => port.parse().map_err(|_| invalid("bad port"))?,
        };
        let credentials = userinfo.map(|userinfo| {
            let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
            let (user, password) = (percent_decode(user), percent_decode(password));
            let basic = base64(format!("{user}:{password}").as_bytes());
            ProxyCredentials {
                user: Secret::new(user),
                password: Secret::new(password),
                authorization: Secret::new(format!("Basic {basic}")),
            }
        });
        Ok(ProxyUrl {
            host: host.to_ascii_lowercase(),
            port,
            credentials,
        })
    }

    /// The proxy's host (an IPv6 address without brackets).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The proxy's port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The `Proxy-Authorization` value (`Basic ...`) for credentials in the URL.
    pub fn authorization(&self) -> Option<&Secret> {
        self.credentials.as_ref().map(|c| &c.authorization)
    }

    /// The user and password of the URL, percent-decoded (the password is empty when the
    /// URL has none), for a driver whose HTTP stack writes `Proxy-Authorization` itself.
    pub fn credentials(&self) -> Option<(&Secret, &Secret)> {
        self.credentials.as_ref().map(|c| (&c.user, &c.password))
    }

    /// `http://host:port`, without credentials: a name for the proxy in pool keys and logs.
    pub fn without_credentials(&self) -> String {
        if self.host.contains(':') {
            format!("http://[{}]:{}", self.host, self.port)
        } else {
            format!("http://{}:{}", self.host, self.port)
        }
    }
}

/// Which requests go through which proxy: [`ProxyConfig`] resolved once, when a client is
/// built, against the environment.
///
/// # From the environment
///
/// As Python's httpx (through `urllib.request.getproxies`): `https_proxy` for `https`
/// targets, `http_proxy` for `http` targets, `all_proxy` for both when the specific one is
/// not set. Each is read lowercase first, then uppercase; a set but empty lowercase
/// variable hides the uppercase one; uppercase `HTTP_PROXY` is ignored when
/// `REQUEST_METHOD` is set (a CGI environment, where a client controls it: CVE-2016-1000110).
/// `no_proxy` / `NO_PROXY` lists hosts reached directly; see [`NoProxy`].
///
/// An explicit [`ProxyConfig::Url`] applies to every request, whatever `NO_PROXY` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyRules {
    http: Option<ProxyUrl>,
    https: Option<ProxyUrl>,
    no_proxy: NoProxy,
}

impl ProxyRules {
    /// No proxy for anything.
    pub fn direct() -> ProxyRules {
        ProxyRules {
            http: None,
            https: None,
            no_proxy: NoProxy::default(),
        }
    }

    /// Resolves a [`ProxyConfig`], looking environment variables up with `env` (pass
    /// `|name| std::env::var(name).ok()`). Fails on a proxy URL that cannot be used.
    pub fn resolve(
        config: &ProxyConfig,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<ProxyRules, Error> {
        match config {
            ProxyConfig::Direct => Ok(ProxyRules::direct()),
            ProxyConfig::Url(url) => {
                let proxy = ProxyUrl::parse(url).map_err(|e| {
                    Error::InvalidRequest(format!(
                        "{e} (from TransportConfig::proxy / ProxyConfig::Url)"
                    ))
                })?;
                Ok(ProxyRules {
                    http: Some(proxy.clone()),
                    https: Some(proxy),
                    no_proxy: NoProxy::default(),
                })
            }
            ProxyConfig::FromEnv => ProxyRules::from_env(env),
        }
    }

    /// The proxy settings of the environment, read with `env`.
    pub fn from_env(env: impl Fn(&str) -> Option<String>) -> Result<ProxyRules, Error> {
        let cgi = env("REQUEST_METHOD").is_some();
        // The variable that applies (its name and value): lowercase first, then uppercase.
        let var = |name: &str| -> Option<(String, String)> {
            let lower = format!("{name}_proxy");
            let upper = format!("{}_PROXY", name.to_ascii_uppercase());
            let found = match env(&lower) {
                Some(value) => Some((lower, value)),
                None if cgi && name == "http" => None,
                None => env(&upper).map(|value| (upper, value)),
            };
            found.filter(|(_, v)| !v.trim().is_empty())
        };
        let parse = |name: &str| -> Result<Option<ProxyUrl>, Error> {
            var(name)
                .map(|(variable, value)| {
                    ProxyUrl::parse(&value).map_err(|e| {
                        Error::InvalidRequest(format!(
                            "{e} (from the {variable} environment variable)"
                        ))
                    })
                })
                .transpose()
        };
        let no_proxy = NoProxy::parse(&var("no").map(|(_, v)| v).unwrap_or_default());
        if no_proxy.all {
            return Ok(ProxyRules::direct());
        }
        let all = parse("all")?;
        let http = parse("http")?.or_else(|| all.clone());
        let https = parse("https")?.or(all);
        Ok(ProxyRules {
            http,
            https,
            no_proxy,
        })
    }

    /// The proxy for a request to `host:port` (`https` or not), or `None` to connect
    /// directly. `host` may be bracketed (`[::1]`), as in a URI.
    pub fn proxy_for(&self, https: bool, host: &str, port: u16) -> Option<&ProxyUrl> {
        let proxy = if https { &self.https } else { &self.http };
        let proxy = proxy.as_ref()?;
        if self.no_proxy.matches(host, port) {
            return None;
        }
        Some(proxy)
    }

    /// The proxy configured for `https` (or plain `http`) requests, before `NO_PROXY`
    /// exemptions: what a driver prepares when the client is built.
    pub fn configured(&self, https: bool) -> Option<&ProxyUrl> {
        if https {
            self.https.as_ref()
        } else {
            self.http.as_ref()
        }
    }

    /// Whether no request can go through a proxy.
    pub fn is_direct(&self) -> bool {
        self.http.is_none() && self.https.is_none()
    }
}

/// The hosts `NO_PROXY` exempts from proxying.
///
/// The value is a comma-separated list, entries trimmed, as httpx reads it:
///
/// | entry | matches |
/// |---|---|
/// | `*` | every host (no proxy at all) |
/// | `example.com` | `example.com` and every subdomain (`api.example.com`) |
/// | `.example.com` or `*.example.com` | subdomains only |
/// | `localhost`, `127.0.0.1`, `::1`, `[::1]` | that host exactly |
/// | `10.0.0.0/8`, `fd00::/8` | addresses in the range (httpx matches only the address itself; CIDR is what users mean) |
/// | any of the above with `:port` | that host on that port only |
/// | `http://host`, `https://host:port` | the scheme part is ignored: the host (and port) matches |
///
/// Host names compare case-insensitively; a trailing dot on either side is ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoProxy {
    all: bool,
    entries: Vec<NoProxyEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct NoProxyEntry {
    host: NoProxyHost,
    port: Option<u16>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum NoProxyHost {
    /// The domain and its subdomains.
    Domain(String),
    /// Subdomains only.
    Subdomains(String),
    /// An address range.
    Net(core::net::IpAddr, u8),
}

impl NoProxy {
    /// Parses a `NO_PROXY` value.
    pub fn parse(value: &str) -> NoProxy {
        let mut no_proxy = NoProxy::default();
        for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if entry == "*" {
                no_proxy.all = true;
                continue;
            }
            let entry = entry.split_once("://").map_or(entry, |(_, rest)| rest);
            // A URL's path is not part of the host; a CIDR range keeps its `/bits`.
            let entry = if is_cidr(entry) {
                entry
            } else {
                entry.split('/').next().unwrap_or(entry)
            };
            if let Some(parsed) = parse_no_proxy_entry(entry) {
                no_proxy.entries.push(parsed);
            }
        }
        no_proxy
    }

    /// Whether requests to `host:port` go direct. `host` may be bracketed (`[::1]`).
    pub fn matches(&self, host: &str, port: u16) -> bool {
        if self.all {
            return true;
        }
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let ip = host.parse::<core::net::IpAddr>().ok();
        self.entries.iter().any(|entry| {
            if entry.port.is_some_and(|p| p != port) {
                return false;
            }
            match &entry.host {
                NoProxyHost::Domain(domain) => {
                    host == *domain
                        || host
                            .strip_suffix(domain.as_str())
                            .is_some_and(|prefix| prefix.ends_with('.'))
                }
                NoProxyHost::Subdomains(domain) => host
                    .strip_suffix(domain.as_str())
                    .is_some_and(|prefix| prefix.len() > 1 && prefix.ends_with('.')),
                NoProxyHost::Net(net, bits) => ip.is_some_and(|ip| in_net(ip, *net, *bits)),
            }
        })
    }

    /// Whether `*` was given: nothing is proxied.
    pub fn is_all(&self) -> bool {
        self.all
    }
}

fn is_cidr(entry: &str) -> bool {
    entry.split_once('/').is_some_and(|(ip, bits)| {
        ip.parse::<core::net::IpAddr>().is_ok() && bits.parse::<u8>().is_ok()
    })
}

fn parse_no_proxy_entry(entry: &str) -> Option<NoProxyEntry> {
    use core::net::IpAddr;
    if let Some((ip, bits)) = entry.split_once('/') {
        let ip: IpAddr = ip.parse().ok()?;
        let max = if ip.is_ipv4() { 32 } else { 128 };
        let bits: u8 = bits.parse().ok().filter(|b| *b <= max)?;
        return Some(NoProxyEntry {
            host: NoProxyHost::Net(ip, bits),
            port: None,
        });
    }
    if let Ok(ip) = entry.parse::<IpAddr>() {
        let bits = if ip.is_ipv4() { 32 } else { 128 };
        return Some(NoProxyEntry {
            host: NoProxyHost::Net(ip, bits),
            port: None,
        });
    }
    // `[v6]`, `[v6]:port`, `host:port`, `host`.
    let (host, port) = if let Some(rest) = entry.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        (host, after.strip_prefix(':'))
    } else {
        match entry.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (entry, None),
        }
    };
    let port = match port {
        Some(port) => Some(port.parse::<u16>().ok()?),
        None => None,
    };
    if let Ok(ip) = host.parse::<IpAddr>() {
        let bits = if ip.is_ipv4() { 32 } else { 128 };
        return Some(NoProxyEntry {
            host: NoProxyHost::Net(ip, bits),
            port,
        });
    }
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = if let Some(domain) = host.strip_prefix("*.").or_else(|| host.strip_prefix('.')) {
        NoProxyHost::Subdomains(domain.to_owned())
    } else {
        NoProxyHost::Domain(host.trim_start_matches('*').to_owned())
    };
    match &host {
        NoProxyHost::Domain(d) | NoProxyHost::Subdomains(d) if d.is_empty() => None,
        _ => Some(NoProxyEntry { host, port }),
    }
}

fn in_net(ip: core::net::IpAddr, net: core::net::IpAddr, bits: u8) -> bool {
    use core::net::IpAddr;
    let (ip, net, width) = match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(b)) => (u128::from(u32::from(a)), u128::from(u32::from(b)), 32),
        (IpAddr::V6(a), IpAddr::V6(b)) => (u128::from(a), u128::from(b), 128),
        (IpAddr::V6(a), IpAddr::V4(b)) => match a.to_ipv4_mapped() {
            Some(a) => (u128::from(u32::from(a)), u128::from(u32::from(b)), 32),
            None => return false,
        },
        (IpAddr::V4(_), IpAddr::V6(_)) => return false,
    };
    let bits = u32::from(bits).min(width);
    if bits == 0 {
        return true;
    }
    let shift = width - bits;
    (ip >> shift) == (net >> shift)
}

fn percent_decode(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    fn proxy_of(rules: &ProxyRules, https: bool, host: &str) -> Option<String> {
        let port = if https { 443 } else { 80 };
        rules
            .proxy_for(https, host, port)
            .map(ProxyUrl::without_credentials)
    }

    #[test]
    fn proxy_urls_parse_with_defaults_and_credentials() {
        let p = ProxyUrl::parse("http://user:p%40ss@Proxy.local:3128/").unwrap();
        assert_eq!((p.host(), p.port()), ("proxy.local", 3128));
        // base64("user:p@ss")
        assert_eq!(p.authorization().unwrap().expose(), "Basic dXNlcjpwQHNz");
        assert!(!format!("{p:?}").contains("dXNlc"));
        assert_eq!(p.without_credentials(), "http://proxy.local:3128");

        let p = ProxyUrl::parse("proxy.local").unwrap();
        assert_eq!(
            (p.host(), p.port(), p.authorization()),
            ("proxy.local", 80, None)
        );
        let p = ProxyUrl::parse("http://[::1]:8080").unwrap();
        assert_eq!((p.host(), p.port()), ("::1", 8080));
        assert_eq!(p.without_credentials(), "http://[::1]:8080");
        let p = ProxyUrl::parse("http://u@h:1").unwrap();
        assert_eq!(p.authorization().unwrap().expose(), "Basic dTo="); // "u:"

        for bad in [
            "https://proxy:443",
            "socks5://h:1080",
            "http://:80",
            "http://h:x",
            "http://[::1",
        ] {
            assert!(
                matches!(ProxyUrl::parse(bad), Err(Error::InvalidRequest(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
    }

    #[test]
    fn env_picks_the_proxy_by_scheme_lowercase_first() {
        let rules = ProxyRules::from_env(env(&[
            ("HTTPS_PROXY", "http://upper:1"),
            ("https_proxy", "http://lower:2"),
            ("HTTP_PROXY", "plain:3"),
        ]))
        .unwrap();
        assert_eq!(
            proxy_of(&rules, true, "api.anthropic.com").as_deref(),
            Some("http://lower:2")
        );
        assert_eq!(
            proxy_of(&rules, false, "example.com").as_deref(),
            Some("http://plain:3")
        );

        // ALL_PROXY fills in; an empty lowercase variable hides the uppercase one.
        let rules = ProxyRules::from_env(env(&[
            ("ALL_PROXY", "http://all:4"),
            ("https_proxy", ""),
            ("HTTPS_PROXY", "http://hidden:5"),
        ]))
        .unwrap();
        assert_eq!(
            proxy_of(&rules, true, "a.com").as_deref(),
            Some("http://all:4")
        );
        assert_eq!(
            proxy_of(&rules, false, "a.com").as_deref(),
            Some("http://all:4")
        );

        // CGI: uppercase HTTP_PROXY is client-controlled and ignored.
        let rules = ProxyRules::from_env(env(&[
            ("REQUEST_METHOD", "GET"),
            ("HTTP_PROXY", "http://evil:6"),
        ]))
        .unwrap();
        assert!(rules.is_direct());

        assert!(ProxyRules::from_env(env(&[])).unwrap().is_direct());
        let err = ProxyRules::from_env(env(&[("HTTPS_PROXY", "socks5://h:1")])).unwrap_err();
        assert!(err.to_string().contains("HTTPS_PROXY"), "{err}");
    }

    #[test]
    fn no_proxy_rules() {
        let rules = ProxyRules::from_env(env(&[
            ("HTTPS_PROXY", "http://p:1"),
            ("NO_PROXY", " example.com, .sub.org,*.star.net, LOCALHOST ,10.0.0.0/8, ::1,192.168.1.5:8443, http://scheme.io, [fe80::1]:443,*bare.dev"),
        ]))
        .unwrap();
        let direct = |host: &str, port: u16| rules.proxy_for(true, host, port).is_none();
        assert!(direct("example.com", 443));
        assert!(direct("api.EXAMPLE.com.", 443));
        assert!(!direct("notexample.com", 443));
        assert!(direct("a.sub.org", 443));
        assert!(!direct("sub.org", 443));
        assert!(direct("x.star.net", 443));
        assert!(!direct("star.net", 443));
        assert!(direct("localhost", 443));
        assert!(direct("10.1.2.3", 443));
        assert!(!direct("11.0.0.1", 443));
        assert!(direct("[::1]", 443));
        assert!(direct("::1", 443));
        assert!(direct("192.168.1.5", 8443));
        assert!(!direct("192.168.1.5", 443));
        assert!(direct("scheme.io", 443));
        assert!(direct("[fe80::1]", 443));
        assert!(!direct("[fe80::1]", 80));
        assert!(direct("bare.dev", 443));
        assert!(direct("x.bare.dev", 443));
        assert!(!direct("api.anthropic.com", 443));

        let star = ProxyRules::from_env(env(&[("HTTPS_PROXY", "p:1"), ("no_proxy", "a.com,*")]));
        assert!(star.unwrap().is_direct());
        assert!(NoProxy::parse("*").is_all());
        assert!(!NoProxy::parse("").matches("a.com", 443));
        assert!(NoProxy::parse("0.0.0.0/0").matches("8.8.8.8", 1));
        assert!(NoProxy::parse("127.0.0.0/8").matches("::ffff:127.0.0.1", 1));
    }

    #[test]
    fn explicit_proxy_ignores_no_proxy_and_direct_ignores_env() {
        let vars = env(&[("NO_PROXY", "*"), ("HTTPS_PROXY", "http://envproxy:1")]);
        let rules = ProxyRules::resolve(&ProxyConfig::Url("http://mine:9".into()), &vars).unwrap();
        assert_eq!(
            proxy_of(&rules, true, "localhost").as_deref(),
            Some("http://mine:9")
        );
        assert_eq!(
            proxy_of(&rules, false, "localhost").as_deref(),
            Some("http://mine:9")
        );
        let rules = ProxyRules::resolve(&ProxyConfig::Direct, &vars).unwrap();
        assert!(rules.is_direct());
        let vars = env(&[("HTTPS_PROXY", "http://envproxy:1")]);
        let rules = ProxyRules::resolve(&ProxyConfig::FromEnv, vars).unwrap();
        assert_eq!(
            proxy_of(&rules, true, "a.com").as_deref(),
            Some("http://envproxy:1")
        );
    }

    #[test]
    fn debug_never_shows_proxy_credentials() {
        let transport = TransportConfig::default().proxy("http://user:PASS-1@proxy:3128");
        let shown = format!("{transport:?}");
        assert!(
            !shown.contains("PASS-1") && !shown.contains("user"),
            "{shown}"
        );
        assert!(
            shown.contains("Url(\"http://[redacted]@proxy:3128\")"),
            "{shown}"
        );
        let shown = format!("{:?}", ProxyConfig::Url("TOKEN-2@proxy:1".into()));
        assert!(!shown.contains("TOKEN-2"), "{shown}");
        let rules = ProxyRules::resolve(&transport.proxy, |_| None).unwrap();
        let shown = format!("{rules:?}");
        assert!(
            !shown.contains("PASS-1") && !shown.contains("dXNl"),
            "{shown}"
        );
    }

    #[test]
    fn credentials_are_decoded_for_drivers_that_write_the_header() {
        let p = ProxyUrl::parse("http://us%3Aer:p%40ss@h:1").unwrap();
        let (user, password) = p.credentials().unwrap();
        assert_eq!((user.expose(), password.expose()), ("us:er", "p@ss"));
        let p = ProxyUrl::parse("http://only@h:1").unwrap();
        let (user, password) = p.credentials().unwrap();
        assert_eq!((user.expose(), password.expose()), ("only", ""));
        assert!(
            ProxyUrl::parse("http://h:1")
                .unwrap()
                .credentials()
                .is_none()
        );
    }

    #[test]
    fn an_unusable_proxy_is_refused_naming_where_it_came_from() {
        for (vars, named) in [
            (&[("ALL_PROXY", "socks5://h:1080")][..], "ALL_PROXY"),
            (&[("all_proxy", "socks5h://h:1080")][..], "all_proxy"),
            (&[("http_proxy", "socks4://h:1080")][..], "http_proxy"),
            (&[("HTTPS_PROXY", "https://h:443")][..], "HTTPS_PROXY"),
            // The specific variable wins for its scheme, but an unusable ALL_PROXY still
            // fails: it names a proxy for some requests, so going direct would bypass it.
            (
                &[
                    ("HTTPS_PROXY", "http://ok:1"),
                    ("ALL_PROXY", "socks5://h:1"),
                ][..],
                "ALL_PROXY",
            ),
        ] {
            let err = ProxyRules::from_env(env(vars)).unwrap_err();
            assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
            let text = err.to_string();
            assert!(
                text.contains(&format!("the {named} environment variable")),
                "{text}"
            );
            assert!(text.contains("not supported"), "{text}");
        }
        let err = ProxyRules::resolve(&ProxyConfig::Url("socks5://u:PW@h:1".into()), |_| None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("TransportConfig::proxy"), "{err}");
        assert!(!err.contains("PW"), "{err}");
        // NO_PROXY=* means nothing is proxied: the unusable value is never used.
        let rules = ProxyRules::from_env(env(&[("ALL_PROXY", "socks5://h:1"), ("NO_PROXY", "*")]));
        assert!(rules.unwrap().is_direct());
    }

    #[test]
    fn configured_is_the_proxy_per_scheme_before_exemptions() {
        let rules = ProxyRules::from_env(env(&[
            ("HTTP_PROXY", "http://a:1"),
            ("ALL_PROXY", "http://b:2"),
            ("NO_PROXY", "127.0.0.0/8"),
        ]))
        .unwrap();
        let name = |https| rules.configured(https).map(ProxyUrl::without_credentials);
        assert_eq!(name(false).as_deref(), Some("http://a:1"));
        assert_eq!(name(true).as_deref(), Some("http://b:2"));
        assert!(rules.proxy_for(false, "127.0.0.1", 80).is_none());
    }
}
