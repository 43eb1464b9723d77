struct Weather;

impl Weather {
    #[anthropic_macros::tool(crate = anthropic_core)]
    fn get(&self, location: String) -> String {
        location
    }
}

fn main() {}
