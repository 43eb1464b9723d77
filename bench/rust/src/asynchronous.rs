//! The async clients (`anthropic-tokio`, `anthropic-smol`, `anthropic-async-std`): the
//! same code over each runtime; concurrent streams are futures polled together on one
//! thread.

use std::future::Future;
use std::sync::Arc;

use anthropic_async::{Client, Runtime};
use anthropic_core::ClientConfig;
use futures_util::StreamExt;
use tokio::sync::Barrier;

use crate::{
    Job, Meter, Outcome, WARM_UP_DELTAS, Workload, deltas, is_text_delta, is_text_delta_ref,
    rss_kib,
};

/// Runs `job` with the tokio client, on a current-thread runtime.
pub fn run_tokio(job: &Job) -> Result<Outcome, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?
        .block_on(run_async::<anthropic_tokio::Tokio>(job))
}

/// Runs `job` with the smol client.
pub fn run_smol(job: &Job) -> Result<Outcome, String> {
    smol::block_on(run_async::<anthropic_smol::Smol>(job))
}

/// Runs `job` with the async-std client.
pub fn run_async_std(job: &Job) -> Result<Outcome, String> {
    async_std::task::block_on(run_async::<anthropic_async_std::AsyncStd>(job))
}

async fn run_async<R: Runtime + Default>(job: &Job) -> Result<Outcome, String> {
    let client = Client::<R>::new(ClientConfig::new().api_key("bench").base_url(&job.url))
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
        Workload::RawRef => {
            let meter = Meter::start();
            let mut n = 0u64;
            let mut events = messages
                .create_stream(&params)
                .await
                .map_err(|e| e.to_string())?;
            while let Some(event) = events.next_ref().await {
                n += u64::from(is_text_delta_ref(&event.map_err(|e| e.to_string())?));
            }
            Ok(meter.stop(n))
        }
        Workload::Concurrent => concurrent(job, &client).await,
    }
}

/// `job.streams` futures each open a stream and read its first event; with all of them
/// open, the resident set is taken; then all drain.
async fn concurrent<R: Runtime>(job: &Job, client: &Client<R>) -> Result<Outcome, String> {
    let opened = Arc::new(Barrier::new(job.streams + 1));
    let drain = Arc::new(Barrier::new(job.streams + 1));
    let before = rss_kib();
    let meter = Meter::start();
    let tasks: Vec<_> = (0..job.streams)
        .map(|_| {
            let (client, params) = (client.clone(), job.params());
            let (opened, drain, n) = (Arc::clone(&opened), Arc::clone(&drain), job.deltas);
            async move {
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
            }
        })
        .collect();
    let measure = async {
        opened.wait().await;
        let during = rss_kib();
        drain.wait().await;
        during
    };
    let (results, during) = join(futures_util::future::join_all(tasks), measure).await;
    let mut n = 0;
    for result in results {
        n += result.map_err(|e| e.to_string())?;
    }
    let mut outcome = meter.stop(n);
    outcome.rss_per_stream_kib =
        Some(during.saturating_sub(before) as f64 / job.streams.max(1) as f64);
    Ok(outcome)
}

/// Polls both futures to completion on the current task.
async fn join<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    futures_util::future::join(a, b).await
}
