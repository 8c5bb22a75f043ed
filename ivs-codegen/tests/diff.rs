//! Model diffs: a table of small model pairs, one per kind of change, with the expected
//! judgments; the real IVS update; and properties (a model against itself, symmetry).

use ivs_codegen::diff::{diff, Diff, Rust, Wire};
use ivs_codegen::Model;
use serde_json::{json, Value};

fn base() -> Value {
    json!({"smithy": "2.0", "shapes": {
        "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Put"}, {"target": "ex#Get"}]},
        "ex#Put": {"type": "operation", "input": {"target": "ex#PutInput"}, "output": {"target": "ex#PutOutput"},
                   "errors": [{"target": "ex#Oops"}], "traits": {"smithy.api#http": {"method": "POST", "uri": "/put"}}},
        "ex#Get": {"type": "operation", "input": {"target": "ex#GetInput"}, "output": {"target": "ex#GetOutput"},
                   "traits": {"smithy.api#http": {"method": "GET", "uri": "/get/{id}"}}},
        "ex#PutInput": {"type": "structure", "members": {
            "name": {"target": "ex#Name", "traits": {"smithy.api#required": {}}},
            "count": {"target": "smithy.api#Integer"},
            "color": {"target": "ex#Color"},
            "trace": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "X-Trace"}}}},
        "ex#PutOutput": {"type": "structure", "members": {"result": {"target": "smithy.api#String"}}},
        "ex#GetInput": {"type": "structure", "members": {"id": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}}}},
        "ex#GetOutput": {"type": "structure", "members": {"value": {"target": "smithy.api#String"}, "size": {"target": "smithy.api#Integer"}}},
        "ex#Name": {"type": "string", "traits": {"smithy.api#length": {"min": 1, "max": 10}}},
        "ex#Color": {"type": "enum", "members": {"RED": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "red"}}}},
        "ex#Oops": {"type": "structure", "traits": {"smithy.api#error": "client"}, "members": {"message": {"target": "smithy.api#String"}}},
        "ex#Other": {"type": "structure", "traits": {"smithy.api#error": "server"}, "members": {}}
    }})
}

fn model(v: &Value) -> Model {
    Model::from_json(&v.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn changed(edit: impl Fn(&mut Value)) -> Diff {
    let old = base();
    let mut new = base();
    edit(&mut new);
    diff(&model(&old), &model(&new))
}

fn shapes(v: &mut Value) -> &mut serde_json::Map<String, Value> {
    v["shapes"].as_object_mut().expect("shapes")
}

#[test]
fn the_table_of_changes() {
    type Edit = Box<dyn Fn(&mut Value)>;
    type Case = (&'static str, Edit, &'static str, Option<&'static str>, Wire, Rust);
    let table: Vec<Case> = vec![
        (
            "new optional input member",
            Box::new(|v| {
                shapes(v)["ex#PutInput"]["members"]["note"] = json!({"target": "smithy.api#String"});
            }),
            "member-added",
            Some("note"),
            Wire::Compatible,
            Rust::Minor,
        ),
        (
            "new required input member",
            Box::new(|v| {
                shapes(v)["ex#PutInput"]["members"]["must"] =
                    json!({"target": "smithy.api#String", "traits": {"smithy.api#required": {}}});
            }),
            "member-added",
            Some("must"),
            Wire::Breaking,
            Rust::Minor,
        ),
        (
            "new output member",
            Box::new(|v| {
                shapes(v)["ex#GetOutput"]["members"]["extra"] = json!({"target": "smithy.api#String"});
            }),
            "member-added",
            Some("extra"),
            Wire::Compatible,
            Rust::Minor,
        ),
        (
            "member removed",
            Box::new(|v| {
                shapes(v)["ex#GetOutput"]["members"].as_object_mut().map(|m| m.remove("size"));
            }),
            "member-removed",
            Some("size"),
            Wire::Breaking,
            Rust::Major,
        ),
        (
            "member retargeted",
            Box::new(|v| {
                shapes(v)["ex#PutInput"]["members"]["count"]["target"] = json!("smithy.api#Long");
            }),
            "member-target-changed",
            Some("count"),
            Wire::Breaking,
            Rust::Major,
        ),
        (
            "member becomes required",
            Box::new(|v| {
                shapes(v)["ex#PutInput"]["members"]["count"]["traits"] = json!({"smithy.api#required": {}});
            }),
            "required-added",
            Some("count"),
            Wire::Breaking,
            Rust::Major,
        ),
        (
            "member no longer required",
            Box::new(|v| {
                shapes(v)["ex#PutInput"]["members"]["name"].as_object_mut().map(|m| m.remove("traits"));
            }),
            "required-removed",
            Some("name"),
            Wire::Compatible,
            Rust::Major,
        ),
        (
            "default added",
            Box::new(|v| {
                shapes(v)["ex#PutInput"]["members"]["count"]["traits"] = json!({"smithy.api#default": 0});
            }),
            "nullability-changed",
            Some("count"),
            Wire::Compatible,
            Rust::Major,
        ),
        (
            "clientOptional added",
            Box::new(|v| {
                shapes(v)["ex#PutInput"]["members"]["name"]["traits"]["smithy.api#clientOptional"] = json!({});
            }),
            "nullability-changed",
            Some("name"),
            Wire::Compatible,
            Rust::Major,
        ),
        (
            "length tightened",
            Box::new(|v| {
                shapes(v)["ex#Name"]["traits"]["smithy.api#length"] = json!({"min": 1, "max": 5});
            }),
            "constraint-tightened",
            None,
            Wire::Breaking,
            Rust::Patch,
        ),
        (
            "length loosened",
            Box::new(|v| {
                shapes(v)["ex#Name"]["traits"]["smithy.api#length"] = json!({"min": 1, "max": 50});
            }),
            "constraint-loosened",
            None,
            Wire::Compatible,
            Rust::Patch,
        ),
        (
            "pattern added",
            Box::new(|v| {
                shapes(v)["ex#Name"]["traits"]["smithy.api#pattern"] = json!("^[a-z]+$");
            }),
            "constraint-tightened",
            None,
            Wire::Breaking,
            Rust::Patch,
        ),
        (
            "range added on a member",
            Box::new(|v| {
                shapes(v)["ex#PutInput"]["members"]["count"]["traits"] = json!({"smithy.api#range": {"max": 9}});
            }),
            "constraint-tightened",
            Some("count"),
            Wire::Breaking,
            Rust::Patch,
        ),
        (
            "enum value added",
            Box::new(|v| {
                shapes(v)["ex#Color"]["members"]["BLUE"] =
                    json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "blue"}});
            }),
            "enum-value-added",
            None,
            Wire::Compatible,
            Rust::Minor,
        ),
        (
            "enum value removed",
            Box::new(|v| {
                shapes(v)["ex#Color"]["members"] =
                    json!({"GREEN": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "green"}}});
            }),
            "enum-value-removed",
            None,
            Wire::Breaking,
            Rust::Major,
        ),
        (
            "error added",
            Box::new(|v| {
                shapes(v)["ex#Put"]["errors"] = json!([{"target": "ex#Oops"}, {"target": "ex#Other"}]);
            }),
            "error-added",
            None,
            Wire::Compatible,
            Rust::Minor,
        ),
        (
            "error removed",
            Box::new(|v| {
                shapes(v)["ex#Put"]["errors"] = json!([]);
            }),
            "error-removed",
            None,
            Wire::Compatible,
            Rust::Major,
        ),
        (
            "http method changed",
            Box::new(|v| {
                shapes(v)["ex#Put"]["traits"]["smithy.api#http"]["method"] = json!("PUT");
            }),
            "http-changed",
            None,
            Wire::Breaking,
            Rust::Patch,
        ),
        (
            "member moved from body to header",
            Box::new(|v| {
                shapes(v)["ex#PutInput"]["members"]["count"]["traits"] = json!({"smithy.api#httpHeader": "X-Count"});
            }),
            "binding-changed",
            Some("count"),
            Wire::Breaking,
            Rust::Patch,
        ),
        (
            "operation removed",
            Box::new(|v| {
                shapes(v).remove("ex#Get");
                shapes(v)["ex#Svc"]["operations"] = json!([{"target": "ex#Put"}]);
            }),
            "operation-removed",
            None,
            Wire::Breaking,
            Rust::Major,
        ),
        (
            "operation added",
            Box::new(|v| {
                shapes(v).insert("ex#Del".into(), json!({"type": "operation"}));
            }),
            "operation-added",
            None,
            Wire::Compatible,
            Rust::Minor,
        ),
        (
            "jsonName changed",
            Box::new(|v| {
                shapes(v)["ex#PutInput"]["members"]["count"]["traits"] = json!({"smithy.api#jsonName": "Count"});
            }),
            "json-name-changed",
            Some("count"),
            Wire::Breaking,
            Rust::Patch,
        ),
    ];
    for (what, edit, kind, member, wire, rust) in table {
        let d = changed(edit);
        let found = d.changes.iter().find(|c| c.kind == kind && c.member.as_deref() == member);
        let Some(c) = found else { panic!("{what}: no `{kind}` change in {:#?}", d.changes) };
        assert_eq!((c.wire, c.rust), (wire, rust), "{what}: {}", c.message);
        assert_eq!(d.breaks(), d.changes.iter().any(|c| c.wire == Wire::Breaking || c.rust == Rust::Major), "{what}");
    }
}

#[test]
fn a_rename_is_two_changes_and_says_so() {
    let d = changed(|v| {
        let m = shapes(v)["ex#GetOutput"]["members"].as_object_mut().expect("members");
        let size = m.remove("size").expect("size");
        m.insert("length".into(), size);
    });
    let kinds: Vec<(&str, Option<&str>)> = d.changes.iter().map(|c| (c.kind, c.member.as_deref())).collect();
    assert!(
        kinds.contains(&("member-removed", Some("size"))) && kinds.contains(&("member-added", Some("length"))),
        "{kinds:?}"
    );
    assert!(d.changes.iter().any(|c| c.message.contains("may be `size` renamed")));
}

#[test]
fn documentation_changes_are_counted_not_listed() {
    let d = changed(|v| {
        shapes(v)["ex#PutOutput"]["traits"] = json!({"smithy.api#documentation": "<p>New words.</p>"});
    });
    assert!(d.changes.is_empty());
    assert_eq!(d.doc_changes.len(), 1);
    assert!(!d.to_text(false).contains("documentation changed"));
    assert!(d.to_text(true).contains("documentation changed"));
    assert!(d.to_text(false).ends_with("0 changes: 0 wire-breaking, 0 rust-major, 0 rust-minor, 0 rust-patch; 1 documentation changes; verdict: patch\n"));
}

fn shared() -> Option<Vec<std::path::PathBuf>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/models/aws");
    if !dir.is_dir() {
        assert!(
            std::env::var("IVS_REQUIRE_SHARED").as_deref() != Ok("1"),
            "IVS_REQUIRE_SHARED=1 but {} is absent",
            dir.display()
        );
        println!("skipped: {} is absent", dir.display());
        return None;
    }
    let mut v: Vec<_> = std::fs::read_dir(dir).ok()?.filter_map(Result::ok).map(|e| e.path()).collect();
    v.sort();
    Some(v)
}

fn load(p: &std::path::Path) -> Model {
    Model::from_json(&std::fs::read_to_string(p).unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"))
}

/// Facts checked by reading both IVS models (2025-04-02 → 2026-04-27).
#[test]
fn the_real_ivs_update() {
    let Some(models) = shared() else { return };
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
    let Some(models) = shared() else { return };
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
