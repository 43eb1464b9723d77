//! Core's proxy rules, carried out by ureq.
//!
//! ureq has proxy rules of its own (`Proxy::try_from_env`: `ALL_PROXY` before
//! `HTTPS_PROXY`, uppercase before lowercase, no CIDR ranges in `NO_PROXY`, SOCKS dropped
//! silently without its feature). None of them is used: the agent is built with no proxy,
//! and each request is given exactly the proxy core's [`ProxyRules::proxy_for`] picks for
//! its scheme, host and port, or none. So the blocking client routes every request as the
//! async clients do, and a proxy core cannot use (SOCKS, HTTPS) is refused when the client
//! is built, naming where it was set, instead of being bypassed.

use anthropic_core::transport::{ProxyRules, ProxyUrl};
use anthropic_core::{Error, TransportConfig};
use ureq::{Proxy, ProxyProtocol};

/// The resolved rules and, per scheme, the ureq proxy made from core's choice.
#[derive(Debug)]
pub(crate) struct Proxies {
    rules: ProxyRules,
    http: Option<Proxy>,
    https: Option<Proxy>,
}

impl Proxies {
    /// Resolves the transport's proxy setting (reading the process environment for
    /// [`anthropic_core::ProxyConfig::FromEnv`]).
    pub(crate) fn resolve(transport: &TransportConfig) -> Result<Proxies, Error> {
        let rules = ProxyRules::resolve(&transport.proxy, |name| std::env::var(name).ok())?;
        let http = rules.configured(false).map(to_ureq).transpose()?;
        let https = rules.configured(true).map(to_ureq).transpose()?;
        Ok(Proxies { rules, http, https })
    }

    /// The proxy for a request to `uri`, or `None` to connect directly.
    pub(crate) fn for_uri(&self, uri: &http::Uri) -> Option<Proxy> {
        let https = uri.scheme() == Some(&http::uri::Scheme::HTTPS);
        let host = uri.host()?;
        let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        self.rules.proxy_for(https, host, port)?;
        if https {
            self.https.clone()
        } else {
            self.http.clone()
        }
    }
}

/// The same proxy as ureq sees it: an HTTP CONNECT proxy (core accepts no other kind),
/// with the decoded credentials, which ureq sends as `Proxy-Authorization: Basic`.
fn to_ureq(proxy: &ProxyUrl) -> Result<Proxy, Error> {
    let mut builder = Proxy::builder(ProxyProtocol::Http)
        .host(&bracketed(proxy.host()))
        .port(proxy.port());
    if let Some((user, password)) = proxy.credentials() {
        builder = builder.username(user.expose()).password(password.expose());
    }
    builder.build().map_err(|e| {
        Error::InvalidRequest(format!(
            "the proxy {} cannot be used: {e}",
            proxy.without_credentials()
        ))
    })
}

fn bracketed(host: &str) -> String {
    if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_owned()
    }
}
