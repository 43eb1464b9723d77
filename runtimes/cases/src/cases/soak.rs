//! Soak: thousands of requests and streams, sequential and from eight threads at once,
//! with faults along the way (streams cut mid-body, overloads retried, streams dropped
//! early), checking that the client's descriptors stay bounded by its concurrency.
//!
//! The measure is the client's sockets connected to this soak's server, read from
//! `/proc` (Linux): other tests running in the same process open and close descriptors
//! of their own, which the process-wide count would mix in. A client that leaked a
//! connection per request, per fault or per dropped stream would exceed the bound within
//! one round. The long run ([`soak_requests_and_streams`], ignored; run it by hand) also
//! reports the process's descriptors and resident memory per round, and checks that the
//! request count the README states is what the server saw.

use std::collections::HashSet;

use anthropic_mock::{MockResponse, MockServer, sse};

use super::{client, say};
use crate::subject::{Events, Helper, Subject, ga};

/// Threads sending at once in a round.
const THREADS: usize = 8;

/// One round: `sequential` calls alternating `create` and the stream helper, with a cut
/// stream, a retried overload and a stream dropped after one event every 100 calls; then
/// `THREADS` threads streaming `concurrent` messages each.
pub fn round<S: Subject>(client: &S, server: &MockServer, sequential: usize, concurrent: usize) {
    let params = say("soak");
    for i in 0..sequential {
        if i % 2 == 0 {
            client.create(ga(), &params).unwrap();
        } else {
            client
                .stream(ga(), &params)
                .unwrap()
                .final_message()
                .unwrap();
        }
        if i % 100 == 0 {
            server
                .enqueue(MockResponse::sse(sse::text_message("m", "cut here", 2)).close_after(300));
            if let Ok(mut stream) = client.create_stream(ga(), &params) {
                while let Some(Ok(_)) = stream.next_event() {}
            }
            server.enqueue(
                MockResponse::error(529, "overloaded_error", "busy").header("retry-after-ms", "1"),
            );
            client.create(ga(), &params).unwrap();
            let mut early = client.create_stream(ga(), &params).unwrap();
            early.next_event().unwrap().unwrap();
            drop(early);
        }
    }
    std::thread::scope(|scope| {
        for _ in 0..THREADS {
            let client = client.clone();
            let params = params.clone();
            scope.spawn(move || {
                for _ in 0..concurrent {
                    client
                        .stream(ga(), &params)
                        .unwrap()
                        .final_message()
                        .unwrap();
                }
            });
        }
    });
}

/// The descriptors of this process that are TCP sockets connected to `server` (`None`
/// where `/proc` is not there to tell).
pub fn sockets_to(server: &MockServer) -> Option<usize> {
    let port = server.addr().port();
    let mut inodes = HashSet::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (Some(remote), Some(inode)) = (fields.get(2), fields.get(9)) else {
                continue;
            };
            let remote_port = remote
                .rsplit(':')
                .next()
                .and_then(|p| u16::from_str_radix(p, 16).ok());
            if remote_port == Some(port) {
                inodes.insert(format!("socket:[{inode}]"));
            }
        }
    }
    let fds = std::fs::read_dir("/proc/self/fd").ok()?;
    Some(
        fds.filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
            .filter(|target| inodes.contains(&*target.to_string_lossy()))
            .count(),
    )
}

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map_or(0, |d| d.count())
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0)
}

fn assert_bounded(server: &MockServer, round: usize) {
    if let Some(sockets) = sockets_to(server) {
        assert!(
            sockets <= THREADS + 1,
            "round {round}: {sockets} sockets open to the server, more than the {} a pool \
             serving {THREADS} threads needs",
            THREADS + 1
        );
    }
}

/// The CI variant: three rounds of 200 sequential and 8 × 10 concurrent calls (about
/// 870 requests); the client's sockets stay within its concurrency after every round.
pub fn a_short_soak_leaks_no_descriptors<S: Subject>() {
    let server = MockServer::start();
    server.set_capture(false);
    let client = client::<S>(&server);
    for r in 0..3 {
        round(&client, &server, 200, 10);
        assert_bounded(&server, r);
    }
    // The measure sees the pool: at least the one idle connection the last call left.
    if let Some(sockets) = sockets_to(&server) {
        assert!(
            sockets >= 1,
            "no socket to the server seen: the measure is broken"
        );
    }
    assert!(server.request_count() > 750, "{}", server.request_count());
}

/// The long run, by hand (`--ignored soak_requests_and_streams --nocapture`, in
/// release): 15 rounds of 2,000 sequential and 8 × 250 concurrent calls plus the faults
/// (4,100 requests a round: each cut stream is retried once), 61,500 requests in all,
/// printing descriptors and memory per round.
pub fn soak_requests_and_streams<S: Subject>() {
    let server = MockServer::start();
    server.set_capture(false);
    let client = client::<S>(&server);
    // Round 0 warms the pool (one connection per thread) and the allocator: growth is
    // measured from its end.
    let mut baseline = None;
    for r in 0..15 {
        round(&client, &server, 2_000, 250);
        assert_bounded(&server, r);
        println!(
            "{} round {r}: fds {}, rss {} KiB, {} requests so far",
            S::NAME,
            open_fds(),
            rss_kib(),
            server.request_count()
        );
        baseline.get_or_insert((open_fds(), rss_kib()));
    }
    let (fds0, rss0) = baseline.unwrap();
    let (fds1, rss1) = (open_fds(), rss_kib());
    let requests = server.request_count();
    println!(
        "{}: {requests} requests; start: {fds0} fds, {rss0} KiB; end: {fds1} fds, {rss1} KiB",
        S::NAME
    );
    assert!(
        requests >= 60_000,
        "the README says over 60,000 requests: {requests}"
    );
    assert!(
        fds1 <= fds0 + 16,
        "file descriptors grew from {fds0} to {fds1}"
    );
    assert!(
        rss1 <= rss0 + 16 * 1024,
        "resident memory grew from {rss0} KiB to {rss1} KiB"
    );
}
