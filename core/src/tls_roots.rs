//! Which root certificates a client trusts, decided once for every client: the PEMs the
//! caller gave, else those `SSL_CERT_FILE` or `SSL_CERT_DIR` name (as httpx reads them
//! with `trust_env`, its default), else the web PKI roots bundled with the client.
//!
//! The drivers read the files through lookups they pass in, and hand the DER
//! certificates returned here to their TLS library; a PEM bundle means every certificate
//! in it, on every client.

use base64::Engine as _;

use crate::error::Error;
use crate::transport::TransportConfig;

/// Reads a file's text by path (`|path| std::fs::read_to_string(path).ok()`).
pub type ReadFile<'a> = &'a dyn Fn(&str) -> Option<String>;
/// Lists the paths of the files in a directory (`std::fs::read_dir`), `None` when it
/// cannot be read.
pub type ListDir<'a> = &'a dyn Fn(&str) -> Option<Vec<String>>;

/// The roots a client trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Roots {
    /// The web PKI roots bundled with the client.
    WebPki,
    /// Only these certificates (DER), in place of the web PKI roots.
    Only(Vec<Vec<u8>>),
}

impl TransportConfig {
    /// The roots this transport trusts (see the module docs): its
    /// [`root_certificates_pem`](field@Self::root_certificates_pem) when it has any; else,
    /// when [`root_certificates_from_env`](field@Self::root_certificates_from_env) is on,
    /// `SSL_CERT_FILE` (a PEM bundle) if it is set and not empty, else every certificate
    /// in the files of `SSL_CERT_DIR`; else the web PKI.
    ///
    /// As with httpx, a file the environment names replaces the web PKI rather than adding
    /// to it, and one that cannot be read or holds no certificate is an error when the
    /// client is built, naming the variable. Where OpenSSL looks certificates up in
    /// `SSL_CERT_DIR` by their hashed names, every file of it is read here (so a plain
    /// directory of PEM files works too), and one holding none is an error rather than
    /// trusting nothing. `TRUSTED CERTIFICATE` blocks (OpenSSL's own format) are not read.
    pub fn trusted_roots(
        &self,
        env: &dyn Fn(&str) -> Option<String>,
        read_file: ReadFile<'_>,
        list_dir: ListDir<'_>,
    ) -> Result<Roots, Error> {
        if !self.root_certificates_pem.is_empty() {
            let mut all = Vec::new();
            for pem in &self.root_certificates_pem {
                all.extend(pem_certificates(pem)?);
            }
            return Ok(Roots::Only(all));
        }
        if !self.root_certificates_from_env {
            return Ok(Roots::WebPki);
        }
        let set = |name: &str| env(name).filter(|v| !v.is_empty());
        if let Some(path) = set("SSL_CERT_FILE") {
            let text = read_file(&path).ok_or_else(|| {
                Error::InvalidRequest(format!("SSL_CERT_FILE names {path}, which cannot be read"))
            })?;
            let certificates = pem_certificates(text.as_bytes())
                .map_err(|e| Error::InvalidRequest(format!("SSL_CERT_FILE ({path}): {e}")))?;
            return Ok(Roots::Only(certificates));
        }
        if let Some(dir) = set("SSL_CERT_DIR") {
            let files = list_dir(&dir).ok_or_else(|| {
                Error::InvalidRequest(format!("SSL_CERT_DIR names {dir}, which cannot be read"))
            })?;
            let mut all = Vec::new();
            for file in files {
                // OpenSSL's hashed directories hold links and other files beside the
                // certificates; what holds none is passed over, as a lookup by hash would.
                if let Some(certificates) =
                    read_file(&file).and_then(|text| pem_certificates(text.as_bytes()).ok())
                {
                    all.extend(certificates);
                }
            }
            all.sort();
            all.dedup();
            if all.is_empty() {
                return Err(Error::InvalidRequest(format!(
                    "SSL_CERT_DIR ({dir}) holds no PEM certificate"
                )));
            }
            return Ok(Roots::Only(all));
        }
        Ok(Roots::WebPki)
    }
}

/// The DER of every `CERTIFICATE` block in `pem`, in order (other blocks, such as keys,
/// are passed over). An error when there is none, or a block is not base64.
pub fn pem_certificates(pem: &[u8]) -> Result<Vec<Vec<u8>>, Error> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let text = String::from_utf8_lossy(pem);
    let mut rest = text.as_ref();
    let mut certificates = Vec::new();
    while let Some(start) = rest.find(BEGIN) {
        let body = &rest[start + BEGIN.len()..];
        let end = body.find(END).ok_or_else(|| {
            Error::InvalidRequest(
                "invalid root certificate PEM: a CERTIFICATE block has no end".into(),
            )
        })?;
        let base64: String = body[..end].split_whitespace().collect();
        let der = base64::engine::general_purpose::STANDARD
            .decode(base64.as_bytes())
            .map_err(|e| Error::InvalidRequest(format!("invalid root certificate PEM: {e}")))?;
        certificates.push(der);
        rest = &body[end + END.len()..];
    }
    if certificates.is_empty() {
        return Err(Error::InvalidRequest(
            "a root certificate PEM holds no CERTIFICATE block".into(),
        ));
    }
    Ok(certificates)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "-----BEGIN CERTIFICATE-----\nQUFB\n-----END CERTIFICATE-----\n";
    const B: &str = "-----BEGIN CERTIFICATE-----\r\nQk\r\nJC\r\n-----END CERTIFICATE-----\r\n";
    const KEY: &str = "-----BEGIN PRIVATE KEY-----\nS0VZ\n-----END PRIVATE KEY-----\n";

    fn lookup(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn bundles_give_every_certificate_and_skip_other_blocks() {
        let bundle = format!("junk\n{A}{KEY}{B}");
        assert_eq!(
            pem_certificates(bundle.as_bytes()).unwrap(),
            [b"AAA".to_vec(), b"BBB".to_vec()]
        );
        assert!(pem_certificates(KEY.as_bytes()).is_err());
        assert!(
            pem_certificates(b"-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----")
                .is_err()
        );
        assert!(pem_certificates(b"-----BEGIN CERTIFICATE-----\nQUFB\n").is_err());
    }

    #[test]
    fn roots_follow_httpx_with_trust_env() {
        let files = lookup(&[
            ("/ca.pem", A),
            ("/dir/1.pem", A),
            ("/dir/2.0", B),
            ("/dir/readme", "x"),
        ]);
        let dirs = |dir: &str| {
            (dir == "/dir")
                .then(|| vec!["/dir/1.pem".into(), "/dir/2.0".into(), "/dir/readme".into()])
        };
        let roots = |config: &TransportConfig, env: &'static [(&'static str, &'static str)]| {
            config.trusted_roots(&lookup(env), &files, &dirs)
        };
        let default = TransportConfig::default();
        let only = |ders: &[&[u8]]| Roots::Only(ders.iter().map(|d| d.to_vec()).collect());
        assert_eq!(roots(&default, &[]).unwrap(), Roots::WebPki);
        assert_eq!(
            roots(&default, &[("SSL_CERT_FILE", "/ca.pem")]).unwrap(),
            only(&[b"AAA"])
        );
        // The file wins over the directory; an empty value is unset.
        assert_eq!(
            roots(
                &default,
                &[("SSL_CERT_FILE", "/ca.pem"), ("SSL_CERT_DIR", "/dir")]
            )
            .unwrap(),
            only(&[b"AAA"])
        );
        assert_eq!(
            roots(&default, &[("SSL_CERT_FILE", ""), ("SSL_CERT_DIR", "/dir")]).unwrap(),
            only(&[b"AAA", b"BBB"])
        );
        // Given roots win; turned off, the environment is not read.
        let given = TransportConfig::default().root_certificate_pem(B);
        assert_eq!(
            roots(&given, &[("SSL_CERT_FILE", "/ca.pem")]).unwrap(),
            only(&[b"BBB"])
        );
        let off = TransportConfig {
            root_certificates_from_env: false,
            ..TransportConfig::default()
        };
        assert_eq!(
            roots(&off, &[("SSL_CERT_FILE", "/ca.pem")]).unwrap(),
            Roots::WebPki
        );
        // What cannot be used is an error naming the variable, never the web PKI instead.
        for (env, name) in [
            (&[("SSL_CERT_FILE", "/missing.pem")][..], "SSL_CERT_FILE"),
            (&[("SSL_CERT_FILE", "/dir/readme")][..], "SSL_CERT_FILE"),
            (&[("SSL_CERT_DIR", "/nowhere")][..], "SSL_CERT_DIR"),
        ] {
            let err = roots(&default, env).unwrap_err();
            assert!(err.to_string().contains(name), "{err}");
        }
    }
}
