#[anthropic_macros::tool(crate = anthropic_core, title = "Weather")]
fn weather(location: String) -> String {
    location
}

fn main() {}
