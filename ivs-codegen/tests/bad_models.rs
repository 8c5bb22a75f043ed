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
        (
            "@http uris",
            model(
                r#""a#In": {"type": "structure", "members": {
                       "id": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}},
                       "opt": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}}},
                       "kind": {"target": "smithy.api#String", "traits": {"smithy.api#httpQuery": "kind"}}}},
                   "a#Unclosed": {"type": "operation", "input": {"target": "a#In"}, "traits": {"smithy.api#http": {"method": "GET", "uri": "/x/{label"}}},
                   "a#Partial": {"type": "operation", "traits": {"smithy.api#http": {"method": "GET", "uri": "/x/a{id}"}}},
                   "a#TwoGreedy": {"type": "operation", "traits": {"smithy.api#http": {"method": "GET", "uri": "/{a+}/{b+}"}}},
                   "a#Labels": {"type": "operation", "input": {"target": "a#In"}, "traits": {"smithy.api#http": {"method": "GET", "uri": "/x/{id}/{opt}/{nope}?kind=raw"}}},
                   "a#Code": {"type": "operation", "traits": {"smithy.api#http": {"method": "GET", "uri": "/c", "code": 70000}}}"#,
            ),
            &[
                "a#Unclosed: unclosed label in the @http uri `/x/{label`",
                "a#Partial: the label `{id}` must be a whole path segment",
                "a#TwoGreedy: more than one greedy label",
                "a#Labels: the @http uri `/x/{id}/{opt}/{nope}?kind=raw` has the label `nope`, but the input has no @httpLabel member `nope`",
                "a#In$opt: an @httpLabel member must be @required",
                "a#In$kind: @httpQuery(\"kind\") clashes with the query literal",
                "a#Code: @http code 70000 is not an HTTP status code",
            ],
        ),
        (
            "@endpoint host prefixes",
            model(
                r#""a#In": {"type": "structure", "members": {
                       "tenant": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}, "smithy.api#hostLabel": {}}},
                       "plain": {"target": "smithy.api#String"}}},
                   "a#Unclosed": {"type": "operation", "input": {"target": "a#In"}, "traits": {"smithy.api#endpoint": {"hostPrefix": "{tenant."}}},
                   "a#Stray": {"type": "operation", "input": {"target": "a#In"}, "traits": {"smithy.api#endpoint": {"hostPrefix": "a}."}}},
                   "a#NotLabel": {"type": "operation", "input": {"target": "a#In"}, "traits": {"smithy.api#endpoint": {"hostPrefix": "{plain}.{nope}."}}},
                   "a#NoPrefix": {"type": "operation", "traits": {"smithy.api#endpoint": {}}}"#,
            ),
            &[
                "a#Unclosed: @endpoint hostPrefix `{tenant.`: a `{` without its `}`",
                "a#Stray: @endpoint hostPrefix `a}.`: a `}` without its `{`",
                "a#NotLabel: @endpoint hostPrefix label `{plain}` is not an input member with @hostLabel",
                "a#NotLabel: @endpoint hostPrefix label `{nope}` is not an input member with @hostLabel",
                "a#NoPrefix: @endpoint needs a string `hostPrefix`",
            ],
        ),
        (
            "binding targets",
            model(
                r#""a#Op": {"type": "operation", "input": {"target": "a#In"}, "output": {"target": "a#Out"}, "traits": {"smithy.api#http": {"method": "POST", "uri": "/op"}}},
                   "a#In": {"type": "structure", "members": {
                       "h": {"target": "a#S", "traits": {"smithy.api#httpHeader": "X-H"}},
                       "q": {"target": "a#M", "traits": {"smithy.api#httpQuery": "q"}},
                       "p": {"target": "a#M", "traits": {"smithy.api#httpPrefixHeaders": "X-"}},
                       "qp": {"target": "smithy.api#String", "traits": {"smithy.api#httpQueryParams": {}}}}},
                   "a#Out": {"type": "structure", "members": {
                       "code": {"target": "smithy.api#Long", "traits": {"smithy.api#httpResponseCode": {}}},
                       "body": {"target": "a#L", "traits": {"smithy.api#httpPayload": {}}}}},
                   "a#Nested": {"type": "structure", "members": {"ignored": {"target": "a#S", "traits": {"smithy.api#httpHeader": "X-I"}}}},
                   "a#S": {"type": "structure", "members": {}},
                   "a#L": {"type": "list", "member": {"target": "smithy.api#String"}},
                   "a#M": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#Integer"}}"#,
            ),
            &[
                "a#In$h: @httpHeader cannot target structure `a#S`",
                "a#In$q: @httpQuery cannot target map `a#M`",
                "a#In$p: @httpPrefixHeaders cannot target map `a#M`",
                "a#In$qp: @httpQueryParams cannot target string `smithy.api#String`",
                "a#Out$code: @httpResponseCode cannot target long `smithy.api#Long`",
                "a#Out$body: @httpPayload cannot target list `a#L`",
            ],
        ),
        (
            "defaults that do not fit",
            model(
                r#""a#A": {"type": "structure", "members": {
                       "b": {"target": "smithy.api#Byte", "traits": {"smithy.api#default": 300}},
                       "i": {"target": "smithy.api#Integer", "traits": {"smithy.api#default": 2147483648}},
                       "f": {"target": "smithy.api#Float", "traits": {"smithy.api#default": 1e300}},
                       "t": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#default": "yesterday"}},
                       "t2": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#default": "2023-02-29T10:00:00Z"}},
                       "ok": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#default": "2024-02-29T23:59:59.5+01:00"}},
                       "blob": {"target": "smithy.api#Blob", "traits": {"smithy.api#default": "not base64!"}},
                       "big": {"target": "smithy.api#BigInteger", "traits": {"smithy.api#default": 1.5}},
                       "e": {"target": "a#E", "traits": {"smithy.api#default": "purple"}},
                       "ie": {"target": "a#IE", "traits": {"smithy.api#default": 3}}}},
                   "a#E": {"type": "enum", "members": {"RED": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "red"}}}},
                   "a#IE": {"type": "intEnum", "members": {"ONE": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}}}}"#,
            ),
            &[
                "a#A$b: @default value 300 does not fit byte `smithy.api#Byte` (out of the byte range)",
                "a#A$i: @default value 2147483648 does not fit integer",
                "a#A$f: @default value 1e+300 does not fit float",
                "a#A$t: @default value \"yesterday\" does not fit timestamp",
                "a#A$t2: @default value \"2023-02-29T10:00:00Z\" does not fit timestamp",
                "a#A$blob: @default value \"not base64!\" does not fit blob",
                "a#A$big: @default value 1.5 does not fit bigInteger",
                "a#A$e: @default value \"purple\" does not fit enum `a#E` (not one of the enum's values)",
                "a#A$ie: @default value 3 does not fit intEnum",
            ],
        ),
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

/// Random damage to real models (values of the wrong kind, removed keys, swapped targets)
/// gives an error or a result, never a panic.
#[test]
fn damaged_models_never_panic() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/models");
    let mut state = 0x0123_4567_89AB_CDEFu64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let replacements = [
        serde_json::json!(null),
        serde_json::json!(1),
        serde_json::json!("x"),
        serde_json::json!("smithy.api#String"),
        serde_json::json!("conformance.shapes#Tree"),
        serde_json::json!([]),
        serde_json::json!({}),
        serde_json::json!({"target": "nope#Nope"}),
        serde_json::json!(-5),
    ];
    for entry in std::fs::read_dir(&root).expect("tests/models").filter_map(Result::ok) {
        let text = std::fs::read_to_string(entry.path()).expect("reads");
        let original: serde_json::Value = serde_json::from_str(&text).expect("json");
        for _ in 0..400 {
            let mut v = original.clone();
            for _ in 0..(1 + next() % 4) {
                damage(&mut v, &mut next, &replacements);
            }
            let _ = generate_source(&v.to_string(), &Selection::All);
        }
    }
}

/// Replaces or removes one randomly chosen value somewhere in the document.
fn damage(v: &mut serde_json::Value, next: &mut impl FnMut() -> u64, replacements: &[serde_json::Value]) {
    let depth = 2 + next() % 5;
    damage_at(v, next, replacements, depth);
}

fn damage_at(
    v: &mut serde_json::Value,
    next: &mut impl FnMut() -> u64,
    replacements: &[serde_json::Value],
    depth: u64,
) {
    let pick = |next: &mut dyn FnMut() -> u64| replacements[(next() % replacements.len() as u64) as usize].clone();
    if depth == 0 {
        *v = pick(next);
        return;
    }
    match v {
        serde_json::Value::Object(m) if !m.is_empty() => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let k = keys[(next() % keys.len() as u64) as usize].clone();
            if next() % 6 == 0 {
                m.remove(&k);
            } else if let Some(child) = m.get_mut(&k) {
                damage_at(child, next, replacements, depth - 1);
            }
        }
        serde_json::Value::Array(a) if !a.is_empty() => {
            let i = (next() % a.len() as u64) as usize;
            damage_at(&mut a[i], next, replacements, depth - 1);
        }
        _ => *v = pick(next),
    }
}

/// A pattern that neither dialect reads costs its constraint, not the model: a warning naming
/// the member (an error with `strict`), and the rest generates.
#[test]
fn unreadable_patterns_are_warnings_and_strict_refuses_them() {
    let json = model(
        r#""a#A": {"type": "structure", "members": {
               "big": {"target": "a#Big"},
               "bad": {"target": "smithy.api#String", "traits": {"smithy.api#pattern": "^(a$"}},
               "fine": {"target": "smithy.api#String", "traits": {"smithy.api#pattern": "^(?i)[a-z]+$"}}}},
           "a#Big": {"type": "string", "traits": {"smithy.api#pattern": "^(ab|cd){1,20000}$"}}"#,
    );
    let (text, ir) = generate_source(&json, &Selection::All).expect("generates");
    let warnings = ir.warnings.join("\n");
    for want in [
        "a#A$big: @pattern `^(ab|cd){1,20000}$` cannot be used, the constraint is not checked",
        "more than 100000 instructions",
        "a#A$bad: @pattern `^(a$` cannot be used, the constraint is not checked",
        "unterminated group",
    ] {
        assert!(warnings.contains(want), "{want:?} not in:\n{warnings}");
    }
    assert_eq!(ir.warnings.len(), 2, "{warnings}");
    assert!(text.contains("(?i)[a-z]+"), "the readable pattern is checked");

    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("strict-patterns");
    std::fs::create_dir_all(&dir).expect("creates");
    let path = dir.join("model.json");
    std::fs::write(&path, &json).expect("writes");
    let e = ivs_codegen::Config::new().model(&path).out_dir(&dir).strict(true).render().expect_err("strict refuses");
    let e = e.to_string();
    assert!(e.contains("strict mode: 2 warning(s)") && e.contains("a#A$bad"), "{e}");
}
