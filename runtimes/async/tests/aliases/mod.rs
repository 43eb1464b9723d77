//! Every runtime crate exports the same aliases, each naming the shared driver's type on
//! its runtime. Included by `tests/aliases.rs` of `anthropic-tokio`, `anthropic-smol` and
//! `anthropic-async-std`, which define `use <crate> as rt;` and `type Rt = <runtime>;`
//! first: an alias missing on one runtime fails that crate's build.

use std::any::TypeId;

use anthropic_async as shared;

use crate::Rt;
use crate::rt;

type Json = serde_json::Value;
type Page = anthropic_core::Page<Json>;

fn same<A: 'static, B: 'static>() -> bool {
    TypeId::of::<A>() == TypeId::of::<B>()
}

#[test]
fn every_alias_names_the_shared_type_on_this_runtime() {
    let checks = [
        ("Client", same::<rt::Client, shared::Client<Rt>>()),
        (
            "BedrockClient",
            same::<rt::BedrockClient, shared::BedrockClient<Rt>>(),
        ),
        (
            "VertexClient",
            same::<rt::VertexClient, shared::VertexClient<Rt>>(),
        ),
        (
            "FoundryClient",
            same::<rt::FoundryClient, shared::FoundryClient<Rt>>(),
        ),
        ("Pager", same::<rt::Pager<Page>, shared::Pager<Rt, Page>>()),
        (
            "ByteStream",
            same::<rt::ByteStream, shared::ByteStream<Rt>>(),
        ),
        (
            "StreamingResponse",
            same::<rt::StreamingResponse<Json>, shared::StreamingResponse<Rt, Json>>(),
        ),
        (
            "JsonlStream",
            same::<rt::JsonlStream<Json>, shared::JsonlStream<Rt, Json>>(),
        ),
        (
            "CompletionStream",
            same::<rt::CompletionStream, shared::CompletionStream<Rt>>(),
        ),
        (
            "EventStream",
            same::<rt::EventStream, shared::EventStream<Rt>>(),
        ),
        (
            "MessageStream",
            same::<rt::MessageStream, shared::MessageStream<Rt>>(),
        ),
        (
            "Messages",
            same::<rt::Messages<'static>, shared::Messages<'static, Rt, shared::Parsed>>(),
        ),
        (
            "Models",
            same::<rt::Models<'static, shared::Raw>, shared::Models<'static, Rt, shared::Raw>>(),
        ),
        (
            "Beta",
            same::<rt::Beta<'static>, shared::Beta<'static, Rt>>(),
        ),
        (
            "Batches",
            same::<rt::Batches<'static>, shared::Batches<'static, Rt>>(),
        ),
        (
            "Files",
            same::<rt::Files<'static>, shared::Files<'static, Rt>>(),
        ),
        (
            "Completions",
            same::<rt::Completions<'static>, shared::Completions<'static, Rt>>(),
        ),
        (
            "Skills",
            same::<rt::Skills<'static>, shared::Skills<'static, Rt>>(),
        ),
        (
            "SkillVersions",
            same::<rt::SkillVersions<'static>, shared::SkillVersions<'static, Rt>>(),
        ),
    ];
    let wrong: Vec<_> = checks
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(n, _)| n)
        .collect();
    assert!(wrong.is_empty(), "aliases naming another type: {wrong:?}");
}
