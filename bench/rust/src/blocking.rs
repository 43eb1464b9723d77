//! The blocking client (`anthropic-blocking`): one thread per stream.

use std::sync::Barrier;

use anthropic_blocking::{Client, ClientConfig};

use crate::{
    Job, Meter, Outcome, WARM_UP_DELTAS, Workload, deltas, is_text_delta, is_text_delta_ref,
    rss_kib,
};

/// Runs `job` with the blocking client.
pub fn run(job: &Job) -> Result<Outcome, String> {
    let client = Client::new(ClientConfig::new().api_key("bench").base_url(&job.url))
        .map_err(|e| e.to_string())?;
    let params = job.params();
    // Open the pooled connection (and fault in the code) outside the window.
    client
        .messages()
        .with_options(deltas(WARM_UP_DELTAS))
        .stream(&params)
        .and_then(|mut s| s.final_message())
        .map_err(|e| e.to_string())?;
    let messages = client.messages().with_options(deltas(job.deltas));
    match job.workload {
        Workload::Helper => {
            let meter = Meter::start();
            let mut stream = messages.stream(&params).map_err(|e| e.to_string())?;
            let mut n = 0u64;
            let mut len = 0;
            for text in stream.text_stream() {
                len += text.map_err(|e| e.to_string())?.len();
                n += 1;
            }
            let message = stream.final_message().map_err(|e| e.to_string())?;
            let outcome = meter.stop(n);
            if message.text().len() != len {
                return Err("final message text differs from the deltas".into());
            }
            Ok(outcome)
        }
        Workload::Raw => {
            let meter = Meter::start();
            let mut n = 0u64;
            for event in messages.create_stream(&params).map_err(|e| e.to_string())? {
                n += u64::from(is_text_delta(&event.map_err(|e| e.to_string())?));
            }
            Ok(meter.stop(n))
        }
        Workload::RawRef => {
            let meter = Meter::start();
            let mut n = 0u64;
            let mut events = messages.create_stream(&params).map_err(|e| e.to_string())?;
            while let Some(event) = events.next_ref() {
                n += u64::from(is_text_delta_ref(&event.map_err(|e| e.to_string())?));
            }
            Ok(meter.stop(n))
        }
        Workload::Concurrent => concurrent(job, &client),
    }
}

/// `job.streams` threads each open a stream and read its first event; with all of them
/// open, the resident set is taken; then all drain.
fn concurrent(job: &Job, client: &Client) -> Result<Outcome, String> {
    let params = job.params();
    let messages = client.messages().with_options(deltas(job.deltas));
    let opened = Barrier::new(job.streams + 1);
    let drain = Barrier::new(job.streams + 1);
    let before = rss_kib();
    let meter = Meter::start();
    let (during, results) = std::thread::scope(|s| {
        let threads: Vec<_> = (0..job.streams)
            .map(|_| {
                s.spawn(|| {
                    let first = messages.create_stream(&params).and_then(|mut stream| {
                        stream.next().transpose()?;
                        Ok(stream)
                    });
                    opened.wait();
                    drain.wait();
                    let mut n = 0u64;
                    for event in first? {
                        n += u64::from(is_text_delta(&event?));
                    }
                    Ok::<_, anthropic_core::Error>(n)
                })
            })
            .collect();
        opened.wait();
        let during = rss_kib();
        drain.wait();
        let results: Vec<_> = threads.into_iter().map(|t| t.join()).collect();
        (during, results)
    });
    let mut n = 0;
    for r in results {
        n += r
            .map_err(|_| "a stream thread panicked".to_owned())?
            .map_err(|e| e.to_string())?;
    }
    let mut outcome = meter.stop(n);
    outcome.rss_per_stream_kib =
        Some(during.saturating_sub(before) as f64 / job.streams.max(1) as f64);
    Ok(outcome)
}
