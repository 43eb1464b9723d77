//! Message batch types.

use anthropic_core::types::*;
use serde_json::{Value, json};

#[test]
fn create_body() {
    let body = BatchCreateParams::new([BatchRequest::new(
        "req-1",
        MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 100)
            .user("Hi")
            .beta("zz"),
    )]);
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"{"requests":[{"custom_id":"req-1","params":{"max_tokens":100,"messages":[{"role":"user","content":"Hi"}],"model":"claude-sonnet-4-5"}}]}"#
    );
}

/// Per-request betas go inside their params as `"anthropic-beta"` on the beta form (as
/// Python's beta params type sends them), and nowhere on the GA form.
#[test]
fn per_request_betas_are_sent_in_their_params_on_the_beta_form() {
    use anthropic_core::endpoints::batches;
    let params = BatchCreateParams::new([
        BatchRequest::new(
            "with",
            MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 100)
                .user("Hi")
                .beta("zz"),
        ),
        BatchRequest::new(
            "without",
            MessageCreateParams::new(Model::CLAUDE_SONNET_4_5, 100).user("Hi"),
        ),
    ]);
    let sent = |beta: bool| -> Value {
        let call = batches::create(&params, beta).unwrap();
        serde_json::from_slice(call.body().unwrap()).unwrap()
    };
    let beta = sent(true);
    assert_eq!(
        beta["requests"][0]["params"]["anthropic-beta"],
        json!(["zz"])
    );
    assert_eq!(beta["requests"][0]["params"]["max_tokens"], 100);
    assert!(
        beta["requests"][1]["params"]
            .get("anthropic-beta")
            .is_none()
    );
    let ga = sent(false);
    assert!(ga["requests"][0]["params"].get("anthropic-beta").is_none());
    assert_eq!(ga, serde_json::to_value(&params).unwrap());
}

#[test]
fn batch_object_roundtrips() {
    let v = json!({
        "id": "msgbatch_1", "type": "message_batch", "processing_status": "ended",
        "request_counts": {"processing": 0, "succeeded": 2, "errored": 1, "canceled": 0, "expired": 0},
        "ended_at": "2025-01-01T01:00:00Z", "created_at": "2025-01-01T00:00:00Z",
        "expires_at": "2025-01-02T00:00:00Z", "archived_at": null, "cancel_initiated_at": null,
        "results_url": "https://api.anthropic.com/v1/messages/batches/msgbatch_1/results"
    });
    let b: MessageBatch = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(b.processing_status, ProcessingStatus::Ended);
    assert_eq!(b.request_counts.succeeded, 2);
    assert_eq!(serde_json::to_value(&b).unwrap(), v);
}

#[test]
fn result_lines() {
    let lines = [
        json!({"custom_id": "a", "result": {"type": "succeeded", "message": {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5", "content": [{"type": "text", "text": "Hello"}], "stop_reason": "end_turn", "stop_sequence": null, "usage": {"input_tokens": 1, "output_tokens": 1}}}}),
        json!({"custom_id": "b", "result": {"type": "errored", "error": {"type": "error", "error": {"type": "invalid_request_error", "message": "bad"}}}}),
        json!({"custom_id": "c", "result": {"type": "canceled"}}),
        json!({"custom_id": "d", "result": {"type": "expired"}}),
        json!({"custom_id": "e", "result": {"type": "postponed", "until": "later"}}),
    ];
    let parsed: Vec<MessageBatchIndividualResponse> = lines
        .iter()
        .map(|l| serde_json::from_value(l.clone()).unwrap())
        .collect();
    assert!(matches!(&parsed[0].result, BatchResult::Succeeded(s) if s.message.text() == "Hello"));
    assert!(
        matches!(&parsed[1].result, BatchResult::Errored(e) if e.error.error.r#type == ErrorType::InvalidRequestError)
    );
    assert!(matches!(parsed[2].result, BatchResult::Canceled(_)));
    assert!(matches!(parsed[3].result, BatchResult::Expired(_)));
    assert!(matches!(parsed[4].result, BatchResult::Unknown(_)));
    for (p, l) in parsed.iter().zip(&lines) {
        assert_eq!(&serde_json::to_value(p).unwrap(), l as &Value);
    }
}
