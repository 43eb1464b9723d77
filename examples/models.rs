//! Listing models (one page, then every page lazily) and retrieving one.

mod support;

use anthropic::Paginated;
use anthropic::blocking::Client;
use anthropic::types::ModelListParams;

fn main() -> Result<(), anthropic::Error> {
    let (config, _mock) = support::config();
    let client = Client::new(config)?;

    let page = client.models().list(&ModelListParams {
        limit: Some(3),
        ..Default::default()
    })?;
    println!(
        "first page ({} models, has_next_page: {}):",
        page.data.len(),
        page.has_next_page()
    );
    for model in &page.data {
        println!("  {} ({})", model.id, model.display_name);
    }

    println!("every model:");
    for model in client.models().list_all(&ModelListParams {
        limit: Some(3),
        ..Default::default()
    }) {
        println!("  {}", model?.id);
    }

    let model = client.models().retrieve(&page.data[0].id)?;
    println!("retrieved {} created at {}", model.id, model.created_at);
    Ok(())
}
