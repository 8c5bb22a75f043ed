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

/// The Rust names of a model, as `generate` decides them with no selection.
fn lowered(v: &Value) -> ivs_codegen::ir::Ir {
    ivs_codegen::ir::lower(&model(v), &ivs_codegen::Selection::All).unwrap_or_else(|e| panic!("{e}"))
}

/// The base with an operation that has no input, output or errors of its own (it gets a made
/// input and output) and a member that targets a shape of another namespace.
fn with_ping() -> Value {
    let mut v = base();
    let s = shapes(&mut v);
    s["ex#Svc"]["operations"].as_array_mut().expect("ops").push(json!({"target": "ex#Ping"}));
    s.insert(
        "ex#Ping".into(),
        json!({"type": "operation", "traits": {"smithy.api#http": {"method": "POST", "uri": "/ping"}}}),
    );
    s.insert("other.ns#Thing".into(), json!({"type": "structure", "members": {"a": {"target": "smithy.api#String"}}}));
    s["ex#PutOutput"]["members"]["thing"] = json!({"target": "other.ns#Thing"});
    v
}

/// Issue 21: an update that adds shapes of every kind that could clash with an existing
/// name renames nothing and moves nothing: a structure named like an operation's error enum
/// (`PutError`) and made input (`PingInput`) and like the former fallback
/// (`PutOperationError`); an error named like the error enum's generated variant
/// (`Unhandled`); an enum value `UNKNOWN`; a shape of another namespace named like one of the
/// service's (`other.ns#PutInput`) and, the other way round, one of the service's named like
/// one of another namespace (`ex#Thing` beside `other.ns#Thing`); names equal after casing
/// (`third.ns#PUT_INPUT`, a member `Value` beside `value`, `SIZE` beside `size`); an operation
/// of another namespace named like a structure (`other.ns#GetOutput`) and a structure named
/// like an operation (`other.ns#Put`); a structure named like a builder
/// (`PutOutputBuilder`); an error of another namespace added before the operation's errors
/// (`other.ns#Failure`). The whole Rust surface (every type, builder, field, variant, operation
/// module, marker, error enum and error variant, by name and path) is compared before and
/// after by `diff`: minor, with no `rust-name-changed`.
#[test]
fn additions_rename_nothing() {
    let old = with_ping();
    let mut new = with_ping();
    let s = shapes(&mut new);
    let plain = json!({"type": "structure", "members": {"x": {"target": "smithy.api#String"}}});
    for id in [
        "ex#PutError",
        "ex#PutOperationError",
        "ex#PingInput",
        "ex#PingError",
        "ex#Thing",
        "ex#PutOutputBuilder",
        "other.ns#PutInput",
        "other.ns#Put",
        "third.ns#PUT_INPUT",
    ] {
        s.insert(id.into(), plain.clone());
    }
    s["ex#GetOutput"]["members"]["putError"] = json!({"target": "ex#PutError"});
    s["ex#GetOutput"]["members"]["putOperationError"] = json!({"target": "ex#PutOperationError"});
    s["ex#GetOutput"]["members"]["pingInput"] = json!({"target": "ex#PingInput"});
    s["ex#GetOutput"]["members"]["pingError"] = json!({"target": "ex#PingError"});
    s["ex#GetOutput"]["members"]["otherPutInput"] = json!({"target": "other.ns#PutInput"});
    s["ex#GetOutput"]["members"]["homeThing"] = json!({"target": "ex#Thing"});
    s["ex#GetOutput"]["members"]["builder"] = json!({"target": "ex#PutOutputBuilder"});
    s["ex#GetOutput"]["members"]["otherPut"] = json!({"target": "other.ns#Put"});
    s["ex#GetOutput"]["members"]["thirdPutInput"] = json!({"target": "third.ns#PUT_INPUT"});
    // Member names equal after casing, sorting before the existing ones (model order here
    // is the JSON object's, which `json!` sorts): the existing `value` and `size` keep theirs.
    s["ex#GetOutput"]["members"]["Value"] = json!({"target": "smithy.api#String"});
    s["ex#GetOutput"]["members"]["SIZE"] = json!({"target": "smithy.api#Integer"});
    s.insert(
        "ex#Unhandled".into(),
        json!({"type": "structure", "traits": {"smithy.api#error": "client"}, "members": {}}),
    );
    s.insert(
        "other.ns#Failure".into(),
        json!({"type": "structure", "traits": {"smithy.api#error": "client"}, "members": {}}),
    );
    s["ex#Put"]["errors"].as_array_mut().expect("errors").push(json!({"target": "ex#Unhandled"}));
    s["ex#Put"]["errors"].as_array_mut().expect("errors").insert(0, json!({"target": "other.ns#Failure"}));
    s["ex#Color"]["members"]["UNKNOWN"] =
        json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "unknown"}});
    s.insert("other.ns#GetOutput".into(), json!({"type": "operation"}));
    s["ex#Svc"]["operations"].as_array_mut().expect("ops").push(json!({"target": "other.ns#GetOutput"}));

    let (before, after) = (lowered(&old), lowered(&new));
    let op = |ir: &ivs_codegen::ir::Ir, name: &str| {
        ir.operations.iter().find(|o| o.model_name == name).cloned().unwrap_or_else(|| panic!("{name}"))
    };
    let item = |ir: &ivs_codegen::ir::Ir, id: &str| {
        ir.items.iter().find(|i| item_id(i) == id).cloned().unwrap_or_else(|| panic!("{id}"))
    };
    for ir in [&before, &after] {
        let (put, ping) = (op(ir, "Put"), op(ir, "Ping"));
        assert_eq!(put.error_path(), "operation::put::PutError");
        assert_eq!((put.unhandled.as_str(), put.malformed.as_str()), ("Unhandled", "MalformedResponse"));
        assert_eq!(
            (ping.input.as_str(), ping.output.as_str()),
            ("operation::ping::PingInput", "operation::ping::PingOutput")
        );
        assert_eq!(ping.error_path(), "operation::ping::PingError");
        assert_eq!(put.errors.iter().find(|(_, e)| e == "Oops").map(|(v, _)| v.as_str()), Some("Oops"));
        assert_eq!(ir.home.as_deref(), Some("ex"));
        assert_eq!(item(ir, "other.ns#Thing").name(), "other_ns::Thing", "another namespace: its module");
        let ivs_codegen::ir::Item::Struct(put_output) = item(ir, "ex#PutOutput") else { panic!("struct") };
        assert_eq!(put_output.builder, "builders::PutOutputBuilder");
        let ivs_codegen::ir::Item::Struct(get_output) = item(ir, "ex#GetOutput") else { panic!("struct") };
        for (model, rust) in [("value", "value"), ("size", "size")] {
            let f = get_output.fields.iter().find(|f| f.model_name == model).expect("field");
            assert_eq!(f.rust, rust);
        }
    }
    let put = op(&after, "Put");
    assert_eq!(put.errors.last().map(|(v, _)| v.as_str()), Some("Unhandled2"), "the new error is numbered");
    assert_eq!(put.errors[0], ("Failure".to_string(), "other_ns::Failure".to_string()));
    let other_op = op(&after, "GetOutput");
    assert_eq!(
        (other_op.marker.as_str(), other_op.module.as_str()),
        ("OtherNsGetOutput", "other_ns_get_output"),
        "an operation of another namespace is prefixed with its namespace"
    );
    for (id, name) in [
        ("ex#PutError", "PutError"),
        ("ex#PutOperationError", "PutOperationError"),
        ("ex#PingInput", "PingInput"),
        ("ex#PingError", "PingError"),
        ("ex#Unhandled", "Unhandled"),
        ("ex#Thing", "Thing"),
        ("ex#PutOutputBuilder", "PutOutputBuilder"),
        ("other.ns#PutInput", "other_ns::PutInput"),
        ("other.ns#Put", "other_ns::Put"),
        ("third.ns#PUT_INPUT", "third_ns::PutInput"),
    ] {
        assert_eq!(item(&after, id).name(), name, "{id}");
    }
    let ivs_codegen::ir::Item::Struct(get_output) = item(&after, "ex#GetOutput") else { panic!("struct") };
    let field = |model: &str| get_output.fields.iter().find(|f| f.model_name == model).expect("field").rust.clone();
    assert_eq!((field("Value"), field("SIZE")), ("value_2".to_string(), "size_2".to_string()));
    let color = after
        .items
        .iter()
        .find_map(|i| match i {
            ivs_codegen::ir::Item::Enum(e) if e.name == "Color" => Some(e.clone()),
            _ => None,
        })
        .expect("Color");
    assert_eq!(color.unknown, "Unknown");
    assert_eq!(color.variants.iter().map(|v| v.rust.as_str()).collect::<Vec<_>>(), ["Red", "Unknown2"]);

    let d = diff(&model(&old), &model(&new));
    assert!(!d.changes.iter().any(|c| c.kind == "rust-name-changed"), "{}", d.to_text(false));
    assert_eq!(d.verdict(), Rust::Minor, "{}", d.to_text(false));
}

fn item_id(i: &ivs_codegen::ir::Item) -> String {
    match i {
        ivs_codegen::ir::Item::Struct(s) => s.id.to_string(),
        ivs_codegen::ir::Item::Enum(e) => e.id.to_string(),
    }
}

/// The renames the rules cannot avoid (names.rs, *Stability*) are `rust major`, naming the
/// old and new names: a value whose model name is its Rust name takes that name from one
/// whose model name only cases to it; a member added before one whose Rust name it shares
/// after casing (neither spelled as its Rust name); a member whose name is an existing
/// field's setter (`set_result` beside `result`); an operation of the service's namespace
/// named as another namespace's prefixed one; without a service, a shape of another
/// namespace that ends the shapes' shared namespace.
#[test]
fn a_rust_rename_is_major() {
    type Edit = Box<dyn Fn(&mut Value)>;
    /// What, the edit of the old model (from `with_ping`), the edit that makes the new one,
    /// and the change expected: shape, member, message.
    type Case = (&'static str, Edit, Edit, &'static str, Option<&'static str>, &'static str);
    let none: fn() -> Edit = || Box::new(|_| {});
    let table: Vec<Case> = vec![
        (
            "a value spelled as its Rust name takes it",
            none(),
            Box::new(|v| {
                shapes(v)["ex#Color"]["members"]["Red"] =
                    json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "r"}});
            }),
            "ex#Color",
            Some("RED"),
            "Rust field or variant `Color::Red` renamed to `Color::Red2`",
        ),
        (
            "a member added before one whose field name it shares after casing",
            Box::new(|v| {
                shapes(v)["ex#GetOutput"]["members"]["fooBar"] = json!({"target": "smithy.api#String"});
            }),
            Box::new(|v| {
                shapes(v)["ex#GetOutput"]["members"]["FooBar"] = json!({"target": "smithy.api#String"});
            }),
            "ex#GetOutput",
            Some("fooBar"),
            "Rust field or variant `GetOutput.foo_bar` renamed to `GetOutput.foo_bar_2`",
        ),
        (
            "a member named like another's setter",
            Box::new(|v| {
                shapes(v)["ex#GetOutput"]["members"]["set_label"] = json!({"target": "smithy.api#String"});
            }),
            Box::new(|v| {
                shapes(v)["ex#GetOutput"]["members"]["label"] = json!({"target": "smithy.api#String"});
            }),
            "ex#GetOutput",
            Some("set_label"),
            "Rust field or variant `GetOutput.set_label` renamed to `GetOutput.set_label_2`",
        ),
        (
            "an operation of the service's namespace named as another's prefixed one",
            Box::new(|v| {
                let s = shapes(v);
                s.insert("other.ns#Poke".into(), json!({"type": "operation"}));
                s["ex#Svc"]["operations"].as_array_mut().expect("ops").push(json!({"target": "other.ns#Poke"}));
            }),
            Box::new(|v| {
                let s = shapes(v);
                s.insert("ex#OtherNsPoke".into(), json!({"type": "operation"}));
                s["ex#Svc"]["operations"].as_array_mut().expect("ops").push(json!({"target": "ex#OtherNsPoke"}));
            }),
            "other.ns#Poke",
            None,
            "Rust operation marker `operation::OtherNsPoke` renamed to `operation::OtherNsPoke2`",
        ),
        (
            "without a service, a shape of another namespace ends the shared namespace",
            Box::new(|v| {
                let s = shapes(v);
                s.retain(|k, _| !k.starts_with("ex#Svc") && !k.starts_with("other.ns"));
                s.retain(|_, x| x["type"] != "operation");
                s["ex#PutOutput"]["members"].as_object_mut().expect("members").remove("thing");
            }),
            Box::new(|v| {
                let s = shapes(v);
                s.insert("zzz.ns#Extra".into(), json!({"type": "structure", "members": {}}));
            }),
            "ex#PutOutput",
            None,
            "Rust type `PutOutput` renamed to `ex::PutOutput`",
        ),
    ];
    for (what, old_edit, new_edit, shape, member, message) in table {
        let mut old = with_ping();
        old_edit(&mut old);
        let mut new = old.clone();
        new_edit(&mut new);
        let d = diff(&model(&old), &model(&new));
        let c = d
            .changes
            .iter()
            .find(|c| {
                c.kind == "rust-name-changed"
                    && c.shape == shape
                    && c.member.as_deref() == member
                    && c.message == message
            })
            .unwrap_or_else(|| panic!("{what}: {}", d.to_text(false)));
        assert_eq!((c.wire, c.rust), (Wire::Compatible, Rust::Major), "{what}");
        assert_eq!(d.verdict(), Rust::Major, "{what}");
    }
}

/// Rule 5: names that collide in one scope are numbered, the generated ones claiming first;
/// the suffix depends on the colliding names alone (model order among them), not on other
/// shapes.
#[test]
fn rule_5_collisions() {
    let mut v = with_ping();
    let s = shapes(&mut v);
    s["ex#GetOutput"]["members"]["size_"] = json!({"target": "smithy.api#Integer"});
    s["ex#GetOutput"]["members"]["build"] = json!({"target": "smithy.api#Integer"});
    s["ex#Color"]["members"]["Unknown"] =
        json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "unknown"}});
    let ir = lowered(&v);
    let get_output = ir
        .items
        .iter()
        .find_map(|i| match i {
            ivs_codegen::ir::Item::Struct(s) if s.name == "GetOutput" => Some(s.clone()),
            _ => None,
        })
        .expect("GetOutput");
    let fields: Vec<&str> = get_output.fields.iter().map(|f| f.rust.as_str()).collect();
    // (Model order here is the JSON object's, which `json!` sorts.)
    assert_eq!(fields, ["build_2", "size", "size_2", "value"]);
    let color = ir
        .items
        .iter()
        .find_map(|i| match i {
            ivs_codegen::ir::Item::Enum(e) if e.name == "Color" => Some(e.clone()),
            _ => None,
        })
        .expect("Color");
    assert_eq!((color.unknown.as_str(), color.variants[1].rust.as_str()), ("Unknown", "Unknown2"));
    // Adding unrelated shapes anywhere in the model changes none of these.
    let mut more = v.clone();
    let s = shapes(&mut more);
    s.insert("ex#AaaFirst".into(), json!({"type": "structure", "members": {}}));
    s.insert("aaa#GetOutput".into(), json!({"type": "structure", "members": {}}));
    s["ex#PutOutput"]["members"]["first"] = json!({"target": "ex#AaaFirst"});
    s["ex#PutOutput"]["members"]["other"] = json!({"target": "aaa#GetOutput"});
    let d = diff(&model(&v), &model(&more));
    assert!(!d.changes.iter().any(|c| c.kind == "rust-name-changed"), "{}", d.to_text(false));
}

/// `build()` returns a `Result` only for a structure with a member it requires: a structure's
/// first required member, and a structure's last one made optional or defaulted, change what
/// every `build()` returns (`rust major`, `build-result-changed`); a second required member
/// does not (it is still `rust major` as a member `build()` requires).
#[test]
fn build_result_changes_are_major() {
    type Edit = Box<dyn Fn(&mut Value)>;
    let table: Vec<(&str, Edit, Option<&str>)> = vec![
        (
            "a first required member",
            Box::new(|v| {
                shapes(v)["ex#PutOutput"]["members"]["id"] =
                    json!({"target": "smithy.api#String", "traits": {"smithy.api#required": {}}});
            }),
            Some(
                "`PutOutput::builder().build()` now returns a `Result` (the structure has a member `build()` requires)",
            ),
        ),
        (
            "the last required member defaulted",
            Box::new(|v| {
                shapes(v)["ex#PutInput"]["members"]["name"]["traits"]["smithy.api#default"] = json!("n");
            }),
            Some("`PutInput::builder().build()` now returns `PutInput` itself (no member is required any more)"),
        ),
        (
            "a second required member",
            Box::new(|v| {
                shapes(v)["ex#PutInput"]["members"]["other"] =
                    json!({"target": "smithy.api#String", "traits": {"smithy.api#required": {}}});
            }),
            None,
        ),
    ];
    for (what, edit, message) in table {
        let d = changed(edit);
        let found: Vec<_> = d.changes.iter().filter(|c| c.kind == "build-result-changed").collect();
        match message {
            Some(m) => {
                assert_eq!(found.len(), 1, "{what}: {}", d.to_text(false));
                assert_eq!(found[0].message, m, "{what}");
                assert_eq!((found[0].wire, found[0].rust), (Wire::Compatible, Rust::Major), "{what}");
            }
            None => assert!(found.is_empty(), "{what}: {}", d.to_text(false)),
        }
        assert_eq!(d.verdict(), Rust::Major, "{what}: {}", d.to_text(false));
    }
}
