//! Model diffs on the AWS models of `../shared`: the real IVS update (2025-04-02 →
//! 2026-04-27), and properties (a model against itself, symmetry) over every model.

use ivs_codegen::diff::{diff, Rust, Wire};
use ivs_codegen::Model;

fn load(p: &std::path::Path) -> Model {
    Model::from_json(&std::fs::read_to_string(p).unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"))
}

/// Facts checked by reading both IVS models (2025-04-02 → 2026-04-27).
#[test]
fn the_real_ivs_update() {
    let Some(models) = ivs_tests::shared_models("the_real_ivs_update") else { return };
    let old = load(models.iter().find(|p| p.ends_with("ivs-2020-07-14.2025-04-02.json")).expect("old"));
    let new = load(models.iter().find(|p| p.ends_with("ivs-2020-07-14.2026-04-27.json")).expect("new"));
    let d = diff(&old, &new);
    let has = |kind: &str, shape: &str, member: Option<&str>| {
        d.changes.iter().find(|c| {
            c.kind == kind && c.shape == format!("com.amazonaws.ivs#{shape}") && c.member.as_deref() == member
        })
    };
    // Five new ad-configuration operations (and InsertAdBreak), minor and wire-safe.
    for op in [
        "CreateAdConfiguration",
        "DeleteAdConfiguration",
        "GetAdConfiguration",
        "ListAdConfigurations",
        "InsertAdBreak",
    ] {
        let c = has("operation-added", op, None).unwrap_or_else(|| panic!("{op} added"));
        assert_eq!((c.wire, c.rust), (Wire::Compatible, Rust::Minor));
    }
    assert_eq!(d.changes.iter().filter(|c| c.kind == "operation-added").count(), 5);
    assert!(!d.changes.iter().any(|c| c.kind == "operation-removed" || c.kind == "shape-removed"));
    // Header members added to the error structures (eight each, x-amzn-ErrorType among them).
    for e in [
        "AccessDeniedException",
        "ValidationException",
        "ThrottlingException",
        "PendingVerification",
        "ResourceNotFoundException",
    ] {
        let added = d
            .changes
            .iter()
            .filter(|c| c.kind == "member-added" && c.shape == format!("com.amazonaws.ivs#{e}"))
            .count();
        assert_eq!(added, 8, "{e}");
        assert!(has("member-added", e, Some("xAmznErrorType"))
            .is_some_and(|c| c.message.contains("header `x-amzn-ErrorType`")));
    }
    // And seven to response structures, such as the seed operation's.
    assert_eq!(
        d.changes
            .iter()
            .filter(|c| c.kind == "member-added" && c.shape.ends_with("#BatchStartViewerSessionRevocationResponse"))
            .count(),
        7
    );
    // The new @pattern on the tag key and value strings: tightened, wire-breaking, Rust patch.
    for s in ["TagKey", "TagValue"] {
        let c = has("constraint-tightened", s, None).unwrap_or_else(|| panic!("{s} pattern"));
        assert!(c.message.starts_with("@pattern added: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]"), "{}", c.message);
        assert_eq!((c.wire, c.rust), (Wire::Breaking, Rust::Patch));
    }
    // TagValue's length went from {max: 256} to {min: 0, max: 256}: the same constraint.
    assert!(!d.changes.iter().any(|c| c.shape.ends_with("#TagValue") && c.message.contains("@length")));
    // New members pointing at ad configurations, on channels and their requests.
    for (s, m) in [
        ("Channel", "adConfigurationArn"),
        ("ChannelSummary", "adConfigurationArn"),
        ("CreateChannelRequest", "adConfigurationArn"),
        ("UpdateChannelRequest", "adConfigurationArn"),
        ("ListChannelsRequest", "filterByAdConfigurationArn"),
    ] {
        let c = has("member-added", s, Some(m)).unwrap_or_else(|| panic!("{s}${m}"));
        assert_eq!((c.wire, c.rust), (Wire::Compatible, Rust::Minor));
    }
    // Errors added to BatchGetChannel and BatchGetStreamKey.
    for op in ["BatchGetChannel", "BatchGetStreamKey"] {
        assert_eq!(
            d.changes.iter().filter(|c| c.kind == "error-added" && c.shape.ends_with(&format!("#{op}"))).count(),
            3,
            "{op}"
        );
    }
    // (No `tags` member was added between these two versions: the member additions are the
    // header members above and the ad-configuration ARNs.)
    assert!(!d.changes.iter().any(|c| c.member.as_deref() == Some("tags")));
    assert_eq!(d.verdict(), Rust::Minor);
    assert!(d.breaks(), "the new patterns refuse tags that were accepted");
    assert_eq!(d.changes.len(), 146);
    assert_eq!(d.doc_changes.len(), 138);
}

fn mirror(kind: &str) -> String {
    for (a, b) in [("-added", "-removed"), ("-tightened", "-loosened")] {
        if let Some(base) = kind.strip_suffix(a) {
            return format!("{base}{b}");
        }
        if let Some(base) = kind.strip_suffix(b) {
            return format!("{base}{a}");
        }
    }
    kind.to_string()
}

#[test]
fn a_model_against_itself_and_symmetry() {
    let Some(models) = ivs_tests::shared_models("a_model_against_itself_and_symmetry") else { return };
    let loaded: Vec<Model> = models.iter().map(|p| load(p)).collect();
    for m in &loaded {
        let d = diff(m, m);
        assert!(d.changes.is_empty() && d.doc_changes.is_empty());
    }
    for a in &loaded {
        for b in &loaded {
            let key = |c: &ivs_codegen::diff::Change, flip: bool| {
                (if flip { mirror(c.kind) } else { c.kind.to_string() }, c.shape.clone(), c.member.clone())
            };
            let mut ab: Vec<_> = diff(a, b).changes.iter().map(|c| key(c, true)).collect();
            let mut ba: Vec<_> = diff(b, a).changes.iter().map(|c| key(c, false)).collect();
            ab.sort();
            ba.sort();
            assert_eq!(ab, ba);
        }
    }
}

/// Issue 21's case: the IVS 2026 model plus a structure `CreateChannelError` (an optional
/// member of `Channel`). The operation's error enum keeps its path, the new structure takes
/// the crate-root name, nothing else is renamed, and `diff` says minor.
#[test]
fn a_structure_named_like_an_error_enum_renames_nothing() {
    let Some(models) = ivs_tests::shared_models("a_structure_named_like_an_error_enum_renames_nothing") else {
        return;
    };
    let path = models.iter().find(|p| p.ends_with("ivs-2020-07-14.2026-04-27.json")).expect("2026 model");
    let text = std::fs::read_to_string(path).expect("reads");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    let shapes = v["shapes"].as_object_mut().expect("shapes");
    shapes.insert(
        "com.amazonaws.ivs#CreateChannelError".into(),
        serde_json::json!({"type": "structure", "members": {"reason": {"target": "smithy.api#String"}}}),
    );
    shapes["com.amazonaws.ivs#Channel"]["members"]["createChannelError"] =
        serde_json::json!({"target": "com.amazonaws.ivs#CreateChannelError"});
    let old = load(path);
    let new = Model::from_json(&v.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let lowered = |m: &Model| ivs_codegen::ir::lower(m, &ivs_codegen::Selection::All).expect("lowers");
    let (before, after) = (lowered(&old), lowered(&new));
    let path_of = |ir: &ivs_codegen::ir::Ir| {
        ir.operations.iter().find(|o| o.model_name == "CreateChannel").map(|o| o.error_path()).expect("op")
    };
    assert_eq!(path_of(&before), "operation::create_channel::CreateChannelError");
    assert_eq!(path_of(&after), "operation::create_channel::CreateChannelError");
    assert!(after.items.iter().any(|i| i.name() == "CreateChannelError"), "the structure keeps its name");
    // The generated code has both, in their own namespaces.
    let code = ivs_codegen::emit::emit(&after).expect("emits");
    assert!(code.contains("pub struct CreateChannelError {"), "structure at the root");
    assert!(code.contains("pub mod create_channel {"), "the operation's module");
    assert!(code.contains("pub enum CreateChannelError {"), "error enum in its module");
    let d = diff(&old, &new);
    assert!(!d.changes.iter().any(|c| c.kind == "rust-name-changed"), "{}", d.to_text(false));
    assert_eq!(d.verdict(), Rust::Minor, "{}", d.to_text(false));
    assert!(!d.breaks(), "{}", d.to_text(false));
}
