//! Soak: many thousands of sequential and concurrent requests and streams against the
//! mock server, reporting open file descriptors and resident memory at the start and
//! the end. Not run in CI (it takes a while); run it with
//! `cargo test --release -p anthropic-blocking --test soak -- --ignored --nocapture`.

mod support;

use std::thread;

use anthropic_mock::{MockResponse, MockServer, sse};

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|d| d.count())
        .unwrap_or(0)
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0)
}

#[test]
#[ignore = "soak: minutes of traffic; run by hand"]
fn soak_requests_and_streams() {
    let server = MockServer::start();
    server.set_capture(false);
    let client = support::client(&server);
    let params = support::params("soak");

    // Warm up so that one-time allocations are not counted as growth.
    for _ in 0..200 {
        client.messages().create(&params).unwrap();
    }
    let mut baseline = None;
    for round in 0..6 {
        for i in 0..2_000 {
            if i % 2 == 0 {
                client.messages().create(&params).unwrap();
            } else {
                client
                    .messages()
                    .stream(&params)
                    .unwrap()
                    .final_message()
                    .unwrap();
            }
            if i % 100 == 0 {
                // Faults along the way: a dropped stream and a retried overload.
                server.enqueue(
                    MockResponse::sse(sse::text_message("m", "cut here", 2)).close_after(300),
                );
                let _ = client
                    .messages()
                    .create_stream(&params)
                    .map(|s| s.for_each(drop));
                server.enqueue(
                    MockResponse::error(529, "overloaded_error", "busy")
                        .header("retry-after-ms", "1"),
                );
                client.messages().create(&params).unwrap();
            }
        }
        thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    for _ in 0..250 {
                        client
                            .messages()
                            .stream(&params)
                            .unwrap()
                            .final_message()
                            .unwrap();
                    }
                });
            }
        });
        println!("round {round}: fds {}, rss {} KiB", open_fds(), rss_kib());
        // Round 0 warms the pool (one connection per thread) and the allocator: growth is
        // measured from its end.
        baseline.get_or_insert((open_fds(), rss_kib()));
    }
    let (fds0, rss0) = baseline.unwrap();

    let (fds1, rss1) = (open_fds(), rss_kib());
    println!("start: {fds0} fds, {rss0} KiB; end: {fds1} fds, {rss1} KiB");
    assert!(
        fds1 <= fds0 + 16,
        "file descriptors grew from {fds0} to {fds1}"
    );
    assert!(
        rss1 <= rss0 + 16 * 1024,
        "resident memory grew from {rss0} KiB to {rss1} KiB"
    );
}
