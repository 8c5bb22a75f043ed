//! Model diffs: a table of small model pairs, one per kind of change, with the expected
//! judgments. The real IVS update and the properties over the AWS models (a model against
//! itself, symmetry) are in the tests crate (`tests/tests/diff_shared.rs`), beside the other
//! tests that read `../shared`.

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
            Rust::Major,
        ),
        (
            "new required output member: builds that compiled fail at run time",
            Box::new(|v| {
                shapes(v)["ex#PutOutput"]["members"]["must"] =
                    json!({"target": "smithy.api#String", "traits": {"smithy.api#required": {}}});
            }),
            "member-added",
            Some("must"),
            Wire::Compatible,
            Rust::Major,
        ),
        (
            "new member with a default",
            Box::new(|v| {
                shapes(v)["ex#PutInput"]["members"]["more"] = json!({"target": "smithy.api#Integer",
                    "traits": {"smithy.api#required": {}, "smithy.api#default": 1}});
            }),
            "member-added",
            Some("more"),
            Wire::Compatible,
            Rust::Minor,
        ),
        (
            "@default added to a @required member: the field stays T",
            Box::new(|v| {
                shapes(v)["ex#PutInput"]["members"]["name"]["traits"]["smithy.api#default"] = json!("n");
            }),
            "nullability-changed",
            Some("name"),
            Wire::Compatible,
            Rust::Patch,
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

/// Presence changes that keep the type: a defaulted member that becomes plain `@required`
/// (builds that compiled now fail at run time: major) and the reverse (patch).
#[test]
fn presence_changes_that_keep_the_type() {
    let defaulted = |v: &mut Value| {
        shapes(v)["ex#PutInput"]["members"]["count"]["traits"] =
            json!({"smithy.api#required": {}, "smithy.api#default": 0});
    };
    let required = |v: &mut Value| {
        shapes(v)["ex#PutInput"]["members"]["count"]["traits"] = json!({"smithy.api#required": {}});
    };
    let (mut a, mut b) = (base(), base());
    defaulted(&mut a);
    required(&mut b);
    let find = |d: &Diff| d.changes.iter().find(|c| c.kind == "nullability-changed").cloned().expect("a change");
    let c = find(&diff(&model(&a), &model(&b)));
    assert_eq!(c.rust, Rust::Major, "{}", c.message);
    assert!(c.message.contains("builds that compiled now fail at run time"), "{}", c.message);
    let c = find(&diff(&model(&b), &model(&a)));
    assert_eq!(c.rust, Rust::Patch, "{}", c.message);
}
