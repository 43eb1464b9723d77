//! The tokio client (`anthropic-tokio`): one task per stream on a current-thread runtime.

use std::sync::Arc;

use anthropic_core::ClientConfig;
use anthropic_tokio::Client;
use futures_util::StreamExt;
use tokio::sync::Barrier;

use crate::{Job, Meter, Outcome, WARM_UP_DELTAS, Workload, deltas, is_text_delta, rss_kib};

/// Runs `job` with the tokio client.
pub fn run(job: &Job) -> Result<Outcome, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?
        .block_on(run_async(job))
}

async fn run_async(job: &Job) -> Result<Outcome, String> {
    let client = Client::new(
        ClientConfig::new()
            .with_api_key("bench")
            .with_base_url(&job.url),
    )
    .map_err(|e| e.to_string())?;
    let params = job.params();
    // Open the pooled connection (and fault in the code) outside the window.
    client
        .messages()
        .with_options(deltas(WARM_UP_DELTAS))
        .stream(&params)
        .await
        .map_err(|e| e.to_string())?
        .final_message()
        .await
        .map_err(|e| e.to_string())?;
    let messages = client.messages().with_options(deltas(job.deltas));
    match job.workload {
        Workload::Helper => {
            let meter = Meter::start();
            let mut stream = messages.stream(&params).await.map_err(|e| e.to_string())?;
            let mut n = 0u64;
            let mut len = 0;
            let mut text = stream.text_stream();
            while let Some(piece) = text.next().await {
                len += piece.map_err(|e| e.to_string())?.len();
                n += 1;
            }
            let message = stream.final_message().await.map_err(|e| e.to_string())?;
            let outcome = meter.stop(n);
            if message.text().len() != len {
                return Err("final message text differs from the deltas".into());
            }
            Ok(outcome)
        }
        Workload::Raw => {
            let meter = Meter::start();
            let mut n = 0u64;
            let mut events = messages
                .create_stream(&params)
                .await
                .map_err(|e| e.to_string())?;
            while let Some(event) = events.next().await {
                n += u64::from(is_text_delta(&event.map_err(|e| e.to_string())?));
            }
            Ok(meter.stop(n))
        }
        Workload::Concurrent => concurrent(job, &client).await,
    }
}

/// `job.streams` tasks each open a stream and read its first event; with all of them
/// open, the resident set is taken; then all drain.
async fn concurrent(job: &Job, client: &Client) -> Result<Outcome, String> {
    let opened = Arc::new(Barrier::new(job.streams + 1));
    let drain = Arc::new(Barrier::new(job.streams + 1));
    let before = rss_kib();
    let meter = Meter::start();
    let tasks: Vec<_> = (0..job.streams)
        .map(|_| {
            let (client, params) = (client.clone(), job.params());
            let (opened, drain, n) = (Arc::clone(&opened), Arc::clone(&drain), job.deltas);
            tokio::spawn(async move {
                let messages = client.messages().with_options(deltas(n));
                let first = match messages.create_stream(&params).await {
                    Ok(mut stream) => match stream.next().await.transpose() {
                        Ok(_) => Ok(stream),
                        Err(e) => Err(e),
                    },
                    Err(e) => Err(e),
                };
                opened.wait().await;
                drain.wait().await;
                let mut stream = first?;
                let mut count = 0u64;
                while let Some(event) = stream.next().await {
                    count += u64::from(is_text_delta(&event?));
                }
                Ok::<_, anthropic_core::Error>(count)
            })
        })
        .collect();
    opened.wait().await;
    let during = rss_kib();
    drain.wait().await;
    let mut n = 0;
    for task in tasks {
        n += task
            .await
            .map_err(|_| "a stream task panicked".to_owned())?
            .map_err(|e| e.to_string())?;
    }
    let mut outcome = meter.stop(n);
    outcome.rss_per_stream_kib =
        Some(during.saturating_sub(before) as f64 / job.streams.max(1) as f64);
    Ok(outcome)
}
