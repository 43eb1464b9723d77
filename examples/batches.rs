//! The Python README's "Message Batches": create a batch, wait for it to end, read its
//! results (streamed from the results file, in constant memory however large it is).

mod support;

use std::time::Duration;

use anthropic::blocking::Client;
use anthropic::types::{
    BatchCreateParams, BatchRequest, BatchResult, MessageCreateParams, Model, ProcessingStatus,
};

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;
    let batches = client.messages().batches();

    // Create batch
    let batch = batches.create(&BatchCreateParams::new([
        BatchRequest::new(
            "request-1",
            MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024).user("Hello"),
        ),
        BatchRequest::new(
            "request-2",
            MessageCreateParams::new(Model::CLAUDE_SONNET_4_5_20250929, 1024).user("World"),
        ),
    ]))?;
    println!("created {} ({:?})", batch.id, batch.processing_status);

    // A batch takes a while: poll until it has ended (the mock ends it on the second poll).
    loop {
        let batch = batches.retrieve(&batch.id)?;
        if batch.processing_status == ProcessingStatus::Ended {
            break;
        }
        println!("still {:?}...", batch.processing_status);
        std::thread::sleep(Duration::from_millis(if _mock.is_some() {
            10
        } else {
            5_000
        }));
    }

    // Get results
    for entry in batches.results(&batch.id)? {
        let entry = entry?;
        if let BatchResult::Succeeded(succeeded) = &entry.result {
            println!("{}: {}", entry.custom_id, succeeded.message.text());
        }
    }

    // Every batch, page after page (Python's `for batch in client.messages.batches.list(limit=20)`).
    for listed in batches.list_all(&anthropic::types::ListParams::new().limit(20)) {
        println!("listed {}", listed?.id);
    }
    Ok(())
}
