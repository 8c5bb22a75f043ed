//! A table of bad models, each with the problems it must report: every problem at once,
//! each naming the shape id (and member) and what is wrong. None may panic.

use ivs_codegen::{generate_source, Selection};

fn problems(json: &str) -> String {
    match generate_source(json, &Selection::All) {
        Ok(_) => panic!("model should be refused:\n{json}"),
        Err(e) => e.to_string(),
    }
}

fn model(shapes: &str) -> String {
    format!(r#"{{"smithy": "2.0", "shapes": {{ {shapes} }} }}"#)
}

#[test]
fn the_table() {
    let table: &[(&str, String, &[&str])] = &[
        ("not JSON", "{".to_string(), &["not a Smithy JSON AST document"]),
        ("no version", r#"{"shapes": {}}"#.to_string(), &["`smithy` version property is missing"]),
        ("unknown version", r#"{"smithy": "3.0", "shapes": {}}"#.to_string(), &["unsupported Smithy version `3.0`"]),
        ("bad shape id", model(r#""NoNamespace": {"type": "string"}"#), &["`NoNamespace` is not an absolute shape id"]),
        ("unknown type", model(r#""a#A": {"type": "thing"}"#), &["a#A: unknown shape type `thing`"]),
        ("malformed shape", model(r#""a#A": {"type": "structure", "members": []}"#), &["a#A: malformed shape"]),
        (
            "missing target",
            model(r#""a#A": {"type": "structure", "members": {"b": {"target": "a#Nope"}}}"#),
            &["a#A$b: target `a#Nope` does not exist"],
        ),
        (
            "member targets an operation",
            model(
                r#""a#Op": {"type": "operation"},
                   "a#A": {"type": "structure", "members": {"op": {"target": "a#Op"}}}"#,
            ),
            &["a#A$op: a member cannot target operation `a#Op`"],
        ),
        (
            "map key not a string",
            model(
                r#""a#M": {"type": "map", "key": {"target": "smithy.api#Integer"}, "value": {"target": "smithy.api#String"}}"#,
            ),
            &["a#M$key: a map key must target a string or enum shape"],
        ),
        (
            "operation input not a structure",
            model(r#""a#Op": {"type": "operation", "input": {"target": "smithy.api#String"}}"#),
            &["a#Op: input must be a structure, `smithy.api#String` is a string"],
        ),
        (
            "error without @error",
            model(
                r#""a#Op": {"type": "operation", "errors": [{"target": "a#E"}]},
                   "a#E": {"type": "structure", "members": {}}"#,
            ),
            &["a#Op: error `a#E` must be a structure with the @error trait"],
        ),
        (
            "recursion without indirection",
            model(
                r#""a#A": {"type": "structure", "members": {"b": {"target": "a#B", "traits": {"smithy.api#required": {}}}}},
                   "a#B": {"type": "structure", "members": {"a": {"target": "a#A", "traits": {"smithy.api#required": {}}}}}"#,
            ),
            &["a#A: recursive structure without indirection: a#A -> a#B"],
        ),
        (
            "two shapes map to one Rust name",
            model(
                r#""a#Foo_Bar": {"type": "structure", "members": {}},
                   "a#FooBar": {"type": "structure", "members": {}}"#,
            ),
            &["`a#FooBar` and `a#Foo_Bar` would all be named `FooBar` in Rust"],
        ),
        (
            "default of the wrong type",
            model(
                r#""a#A": {"type": "structure", "members": {"n": {"target": "smithy.api#Integer", "traits": {"smithy.api#default": "zero"}}}}"#,
            ),
            &["a#A$n: @default value \"zero\" does not fit integer `smithy.api#Integer`"],
        ),
        (
            "enum value used twice",
            model(
                r#""a#E": {"type": "enum", "members": {
                     "A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "x"}},
                     "B": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "x"}}}}"#,
            ),
            &["a#E$B: enum value `x` is used twice"],
        ),
        (
            "intEnum without values",
            model(r#""a#E": {"type": "intEnum", "members": {"A": {"target": "smithy.api#Unit"}}}"#),
            &["a#E$A: intEnum members need an integer @enumValue"],
        ),
        (
            "trait of the wrong JSON kind",
            model(r#""a#A": {"type": "string", "traits": {"smithy.api#documentation": 3}}"#),
            &["a#A: trait `smithy.api#documentation` must be a string"],
        ),
        (
            "service binds a missing operation",
            model(r#""a#S": {"type": "service", "version": "1", "operations": [{"target": "a#Gone"}]}"#),
            &["a#S: operation `a#Gone` does not exist"],
        ),
        (
            "mixin that is not a mixin",
            model(
                r#""a#M": {"type": "structure", "members": {}},
                   "a#A": {"type": "structure", "members": {}, "mixins": [{"target": "a#M"}]}"#,
            ),
            &["a#A: `a#M` is used as a mixin but has no @mixin trait"],
        ),
        (
            "several problems reported together",
            model(
                r#""a#A": {"type": "structure", "members": {"x": {"target": "a#X"}, "y": {"target": "a#Y"}}},
                   "a#B": {"type": "list", "member": {"target": "a#Z"}}"#,
            ),
            &[
                "3 problems",
                "a#A$x: target `a#X` does not exist",
                "a#A$y: target `a#Y` does not exist",
                "a#B$member: target `a#Z`",
            ],
        ),
    ];
    let mut failures = Vec::new();
    for (what, json, expected) in table {
        let got = problems(json);
        for e in *expected {
            if !got.contains(e) {
                failures.push(format!("{what}: expected `{e}` in:\n{got}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn unknown_traits_are_kept_and_do_not_stop_generation() {
    let json = model(
        r#""a#A": {"type": "structure", "members": {"b": {"target": "smithy.api#String",
              "traits": {"com.example#custom": {"anything": [1, 2]}}}},
              "traits": {"com.example#other": "x"}}"#,
    );
    let (text, _) = generate_source(&json, &Selection::All).expect("unknown traits are fine");
    assert!(text.contains("pub struct A"));
}

#[test]
fn selecting_a_missing_operation_is_an_error_not_a_panic() {
    let json = model(r#""a#Op": {"type": "operation"}"#);
    let err = generate_source(&json, &Selection::Operations(vec!["Nope".into()])).expect_err("no such operation");
    assert!(err.to_string().contains("no shape named `Nope`"), "{err}");
}
