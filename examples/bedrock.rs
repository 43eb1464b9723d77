//! The Python README's "AWS Bedrock" snippet, on every client: blocking, then tokio,
//! smol and async-std.
//!
//! With AWS credentials in the environment (`AWS_PROFILE`, or `AWS_ACCESS_KEY_ID` and
//! `AWS_SECRET_ACCESS_KEY`) it calls Bedrock itself, in `AWS_REGION` (default
//! `us-east-1`). Otherwise it starts the project's mock server, which answers as Bedrock
//! does and verifies every SigV4 signature from its test secret: the example then runs
//! offline.
//!
//! `cargo run --example bedrock --features tokio,smol,async-std`

use anthropic::platform::BedrockOptions;
use anthropic::types::{
    AI_PROMPT, CompletionCreateParams, HUMAN_PROMPT, MessageCreateParams, MessageParam,
};
use anthropic_mock::{MockServer, bedrock};

const MODEL: &str = "anthropic.claude-sonnet-4-5-20250929-v1:0";

/// Bedrock options from the environment, or the mock's test credentials and address.
fn options() -> (BedrockOptions, Option<MockServer>) {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let region = env("AWS_REGION").unwrap_or_else(|| "us-east-1".into());
    if let Some(profile) = env("AWS_PROFILE") {
        // The README's `AnthropicBedrock(aws_profile='your-profile', aws_region='us-east-1')`.
        return (
            BedrockOptions::new()
                .aws_profile(profile)
                .aws_region(region),
            None,
        );
    }
    if env("AWS_ACCESS_KEY_ID").is_some() {
        return (BedrockOptions::new().aws_region(region), None);
    }
    let server = MockServer::start();
    eprintln!(
        "no AWS credentials: using the mock Bedrock endpoint at {}",
        server.url()
    );
    let options = BedrockOptions::new()
        .aws_region(region)
        .aws_access_key(bedrock::TEST_ACCESS_KEY)
        .aws_secret_key(bedrock::TEST_SECRET_KEY)
        .base_url(server.url());
    (options, Some(server))
}

fn hello() -> MessageCreateParams {
    MessageCreateParams::new(MODEL, 1024).message(MessageParam::user("Hello!"))
}

fn main() -> Result<(), anthropic::Error> {
    let (options, mock) = options();

    // Blocking.
    let client = anthropic::blocking::BedrockClient::new(options.clone())?;
    let response = client.messages().create(&hello())?;
    println!("blocking:  {}", response.text());

    // Streaming with the stream helper works the same way (AWS event stream underneath).
    let mut stream = client.messages().stream(&hello())?;
    for text in stream.text_stream() {
        print!("{}", text?);
    }
    println!();

    // Legacy Text Completions (Python's `AnthropicBedrock().completions`), plain and
    // streamed over the AWS event stream. Only against the mock: the Claude 2 models that
    // served them are retired on Bedrock.
    if mock.is_some() {
        let params = CompletionCreateParams::new(
            "anthropic.claude-v2:1",
            256,
            format!("{HUMAN_PROMPT} Hello!{AI_PROMPT}"),
        );
        let completion = client.completions().create(&params)?;
        println!("completion:{}", completion.completion);
        for piece in client.completions().create_stream(&params)? {
            print!("{}", piece?.completion);
        }
        println!();
    }

    // The async clients.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let client = anthropic::tokio::BedrockClient::new(options.clone())?;
        let response = client.messages().create(&hello()).await?;
        println!("tokio:     {}", response.text());
        Ok::<_, anthropic::Error>(())
    })?;
    smol::block_on(async {
        let client = anthropic::smol::BedrockClient::new(options.clone())?;
        let response = client.messages().create(&hello()).await?;
        println!("smol:      {}", response.text());
        Ok::<_, anthropic::Error>(())
    })?;
    async_std::task::block_on(async {
        let client = anthropic::async_std::BedrockClient::new(options.clone())?;
        let response = client.messages().create(&hello()).await?;
        println!("async-std: {}", response.text());
        Ok::<_, anthropic::Error>(())
    })?;

    if let Some(server) = mock {
        for request in server.requests() {
            bedrock::verify(&request).expect("every request carries a valid signature");
        }
        eprintln!(
            "the mock verified {} SigV4 signatures",
            server.request_count()
        );
    }
    Ok(())
}
