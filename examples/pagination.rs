//! The Python README's "Pagination": every list method pages automatically (an `Iterator`
//! on the blocking client, a `Stream` on the async ones), or one page at a time.

mod support;

use anthropic::Paginated;
use anthropic::StreamExt;
use anthropic::blocking::Client;
use anthropic::types::{BatchCreateParams, BatchRequest, ListParams, MessageCreateParams, Model};

fn main() -> Result<(), anthropic::Error> {
    let (config, mock) = support::config();
    let client = Client::new(config.clone())?;
    let batches = client.messages().batches();
    if mock.is_some() {
        // Something to list on the mock server.
        for i in 0..5 {
            batches.create(&BatchCreateParams::new([BatchRequest::new(
                format!("request-{i}"),
                MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 64).user("Hi"),
            )]))?;
        }
    }

    // Automatic: items across pages, fetched as the iterator advances.
    for batch in batches.list_all(&ListParams::new().limit(2)) {
        println!("{}", batch?.id);
    }

    // By hand: one page, its cursors, and the next page.
    let first = batches.list(&ListParams::new().limit(2))?;
    println!(
        "first page: {} items, first_id {:?}, last_id {:?}, has_more {:?}",
        first.data.len(),
        first.first_id,
        first.last_id,
        first.has_more
    );
    let mut page = first;
    while page.has_next_page() {
        page = batches.next_page(&page)?.expect("has_next_page said so");
        println!(
            "next page: {:?}",
            page.data.iter().map(|b| &b.id).collect::<Vec<_>>()
        );
    }

    // Async pagination: the same method returns a `futures::Stream` on tokio.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let client = anthropic::tokio::Client::new(config)?;
        let mut all = client
            .messages()
            .batches()
            .list_all(&ListParams::new().limit(2));
        while let Some(batch) = all.next().await {
            println!("async: {}", batch?.id);
        }
        Ok(())
    })
}
