//! Connection pool policy with injected time.

use std::io::Read;
use std::time::Duration;

use anthropic_core::error::ConnectionError;
use anthropic_core::h1::{
    EofAt, H1Error, Pool, PoolConfig, PoolKey, STALE_WINDOW, should_retry_on_fresh,
};
use anthropic_core::multipart::{FileUpload, Form, FormReader};
use anthropic_core::time::Timestamp;
use anthropic_core::transport::TransportConfig;
use http::Uri;

fn key(uri: &str) -> PoolKey {
    PoolKey::from_uri(&uri.parse::<Uri>().unwrap(), None).unwrap()
}

/// The tests' clock starts at 1000 s: a clock that has been running a while, so that a
/// deadline past the end of time overflows as it would on a real one.
fn start() -> Timestamp {
    Timestamp::from_elapsed(Duration::from_secs(1000))
}

fn secs(t0: Timestamp, s: u64) -> Timestamp {
    t0.checked_add(Duration::from_secs(s)).unwrap()
}

#[test]
fn keys_default_ports_and_separate_proxies() {
    let k = key("https://API.Anthropic.com/v1/messages");
    assert_eq!(
        (k.https, k.host.as_str(), k.port, k.proxy.as_deref()),
        (true, "api.anthropic.com", 443, None)
    );
    assert_eq!(key("http://h/").port, 80);
    assert_eq!(key("http://h:8080/").port, 8080);
    let uri: Uri = "https://h/".parse().unwrap();
    let via = PoolKey::from_uri(&uri, Some("http://proxy:3128")).unwrap();
    assert_ne!(via, key("https://h/"));
    assert!(PoolKey::from_uri(&"/relative".parse().unwrap(), None).is_err());
}

#[test]
fn defaults_match_the_python_sdk() {
    let c = PoolConfig::default();
    assert_eq!(
        (c.max_idle_per_host, c.max_idle_total, c.idle_timeout),
        (100, 100, Duration::from_secs(5))
    );
    assert_eq!(PoolConfig::from(&TransportConfig::default()), c);
}

#[test]
fn most_recently_returned_first() {
    let t0 = start();
    let k = key("http://h/");
    let mut pool = Pool::default();
    assert_eq!(pool.checkout(&k, t0), None, "empty: connect fresh");
    assert_eq!(pool.checkin(k.clone(), "a", t0), None);
    assert_eq!(pool.checkin(k.clone(), "b", secs(t0, 1)), None);
    assert_eq!(pool.checkin(k.clone(), "c", secs(t0, 2)), None);
    assert_eq!(pool.idle_count(), 3);
    assert_eq!(
        pool.checkout(&key("http://other/"), secs(t0, 2)),
        None,
        "other host"
    );
    assert_eq!(pool.checkout(&k, secs(t0, 2)), Some("c"));
    assert_eq!(pool.checkout(&k, secs(t0, 2)), Some("b"));
    assert_eq!(pool.checkout(&k, secs(t0, 2)), Some("a"));
    assert_eq!(pool.checkout(&k, secs(t0, 2)), None);
    assert_eq!(pool.idle_count(), 0);
}

#[test]
fn idle_connections_expire() {
    let t0 = start();
    let k = key("http://h/");
    let mut pool = Pool::default();
    pool.checkin(k.clone(), 1, t0);
    pool.checkin(k.clone(), 2, secs(t0, 3));
    // At 5 s, #1 (idle since 0) has expired; #2 is fresh.
    assert_eq!(pool.checkout(&k, secs(t0, 5)), Some(2));
    assert_eq!(pool.idle_count(), 0, "expired #1 dropped on checkout");

    pool.checkin(k.clone(), 3, secs(t0, 10));
    let just_before = t0.checked_add(Duration::from_millis(14_999)).unwrap();
    assert_eq!(pool.checkout(&k, just_before), Some(3));
    pool.checkin(k.clone(), 4, secs(t0, 20));
    assert_eq!(
        pool.checkout(&k, secs(t0, 25)),
        None,
        "idle exactly 5 s is expired"
    );
}

#[test]
fn next_expiry_and_poll_expired() {
    let t0 = start();
    let (a, b) = (key("http://a/"), key("http://b/"));
    let mut pool = Pool::new(PoolConfig {
        idle_timeout: Duration::from_secs(10),
        ..PoolConfig::default()
    });
    assert_eq!(pool.next_expiry(), None);
    pool.checkin(a.clone(), "a1", secs(t0, 2));
    pool.checkin(b.clone(), "b1", secs(t0, 1));
    pool.checkin(a.clone(), "a2", secs(t0, 4));
    assert_eq!(pool.next_expiry(), Some(secs(t0, 11)));
    assert!(pool.poll_expired(secs(t0, 10)).is_empty());
    assert_eq!(pool.poll_expired(secs(t0, 11)), ["b1"]);
    assert_eq!(pool.next_expiry(), Some(secs(t0, 12)));
    let mut expired = pool.poll_expired(secs(t0, 100));
    expired.sort();
    assert_eq!(expired, ["a1", "a2"]);
    assert_eq!(pool.idle_count(), 0);
    assert_eq!(pool.next_expiry(), None);
}

#[test]
fn per_host_and_total_caps_evict_the_oldest() {
    let t0 = start();
    let (a, b) = (key("http://a/"), key("http://b/"));
    let mut pool = Pool::new(PoolConfig {
        max_idle_per_host: 2,
        max_idle_total: 3,
        ..PoolConfig::default()
    });
    assert_eq!(pool.checkin(a.clone(), "a1", t0), None);
    assert_eq!(pool.checkin(a.clone(), "a2", secs(t0, 1)), None);
    assert_eq!(
        pool.checkin(a.clone(), "a3", secs(t0, 2)),
        Some("a1"),
        "per-host cap"
    );
    assert_eq!(pool.idle_count_for(&a), 2);
    assert_eq!(pool.checkin(b.clone(), "b1", secs(t0, 3)), None);
    assert_eq!(
        pool.checkin(b.clone(), "b2", secs(t0, 4)),
        Some("a2"),
        "total cap: oldest anywhere"
    );
    assert_eq!(pool.idle_count(), 3);
    assert_eq!(pool.idle_count_for(&a), 1);
    assert_eq!(pool.idle_count_for(&b), 2);

    let mut none = Pool::new(PoolConfig {
        max_idle_total: 0,
        ..PoolConfig::default()
    });
    assert_eq!(none.checkin(a, "x", t0), Some("x"));
    assert_eq!(none.idle_count(), 0);
}

#[test]
fn huge_idle_timeout_never_expires_and_never_panics() {
    let t0 = start();
    let k = key("http://h/");
    let mut pool = Pool::new(PoolConfig {
        idle_timeout: Duration::MAX,
        ..PoolConfig::default()
    });
    pool.checkin(k.clone(), 1, t0);
    assert_eq!(pool.next_expiry(), None);
    assert!(pool.poll_expired(secs(t0, 1_000_000)).is_empty());
    assert_eq!(pool.checkout(&k, secs(t0, 1_000_000)), Some(1));
}

#[test]
fn drain_returns_everything() {
    let t0 = start();
    let mut pool = Pool::default();
    pool.checkin(key("http://a/"), 1, t0);
    pool.checkin(key("http://b/"), 2, t0);
    let mut all = pool.drain();
    all.sort();
    assert_eq!(all, [1, 2]);
    assert_eq!(pool.idle_count(), 0);
}

#[test]
fn stale_connection_rule() {
    let io = |kind: std::io::ErrorKind| {
        ConnectionError::new("io", Some(Box::new(std::io::Error::from(kind))))
    };
    let reset = io(std::io::ErrorKind::ConnectionReset);
    // A refusal right after the request was written.
    const NOW: Duration = Duration::from_millis(3);
    assert!(
        should_retry_on_fresh(true, false, &reset, NOW, None),
        "reused, refused before any byte"
    );
    for kind in [
        std::io::ErrorKind::ConnectionAborted,
        std::io::ErrorKind::BrokenPipe,
    ] {
        assert!(
            should_retry_on_fresh(true, false, &io(kind), NOW, None),
            "{kind:?}"
        );
    }
    // A refusal wrapped in another error (ureq's) is found down the source chain.
    #[derive(Debug)]
    struct Wrapper(std::io::Error);
    impl std::fmt::Display for Wrapper {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("wrapper")
        }
    }
    impl std::error::Error for Wrapper {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }
    let inner = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
    let wrapped = ConnectionError::new("wrapped", Some(Box::new(Wrapper(inner))));
    assert!(should_retry_on_fresh(true, false, &wrapped, NOW, None));
    let eof = ConnectionError::new(
        "eof",
        Some(Box::new(H1Error::UnexpectedEof {
            at: EofAt::BeforeResponse,
        })),
    );
    assert!(
        !should_retry_on_fresh(true, false, &eof, NOW, None),
        "a clean EOF: the server may have acted on the request"
    );
    assert!(
        !should_retry_on_fresh(
            true,
            false,
            &io(std::io::ErrorKind::UnexpectedEof),
            NOW,
            None
        ),
        "an EOF as an I/O error, the same"
    );
    assert!(!should_retry_on_fresh(
        true,
        false,
        &ConnectionError::new("no source", None),
        NOW,
        None
    ));
    assert!(
        !should_retry_on_fresh(true, true, &reset, NOW, None),
        "response had started"
    );
    assert!(
        !should_retry_on_fresh(false, false, &reset, NOW, None),
        "fresh connection: retry policy decides"
    );

    let bytes = Form::new().file("file", FileUpload::bytes(b"abc".to_vec()));
    let reader = std::io::Cursor::new(b"abc".to_vec());
    let once = Form::new().file("file", FileUpload::reader("r.txt", reader, 3));
    assert!(should_retry_on_fresh(
        true,
        false,
        &reset,
        NOW,
        Some(&bytes)
    ));
    assert!(
        should_retry_on_fresh(true, false, &reset, NOW, Some(&once)),
        "reader not read yet"
    );
    let mut body = Vec::new();
    FormReader::with_opener(&once, |_| unreachable!())
        .unwrap()
        .read_to_end(&mut body)
        .unwrap();
    assert!(
        !should_retry_on_fresh(true, false, &reset, NOW, Some(&once)),
        "the reader was read: the body cannot be sent again"
    );
    // A reset long after the write (a middlebox cutting a long call) is not the close of
    // an idle connection: the retry policy decides, counted.
    assert!(should_retry_on_fresh(
        true,
        false,
        &reset,
        STALE_WINDOW,
        None
    ));
    assert!(!should_retry_on_fresh(
        true,
        false,
        &reset,
        STALE_WINDOW + Duration::from_millis(1),
        None
    ));
    assert!(!should_retry_on_fresh(
        true,
        false,
        &reset,
        Duration::from_secs(240),
        None
    ));
}
