//! Every constraint trait through the validators generated from `tests/models/constraints.json`.

use ivs_tests::golden_constraints::{Choice, Color, Everything, Level};
use ivs_types::rt::{parse_and_validate, RequestError, Validate};

fn violations(json: &str) -> Vec<(String, String)> {
    match parse_and_validate::<Everything>(json.as_bytes()) {
        Ok(_) => Vec::new(),
        Err(RequestError::Invalid(r)) => r.violations().iter().map(|v| (v.path.clone(), v.message.clone())).collect(),
        Err(e) => panic!("{json}: {e}"),
    }
}

fn v(path: &str, message: &str) -> (String, String) {
    (path.to_string(), message.replace("{p}", path))
}

#[test]
fn a_valid_value_is_clean() {
    let json = r#"{"id":"x","name":"abc","count":10,"ratio":1.5,"big":"-1.5","huge":100,"data":"AAECAw==",
        "tags":["A","B"],"attrs":{"ab":5},"sparse":[0,null,3],"color":"red","level":2,
        "child":{"id":"c"},"children":[{"id":"d"}],"choice":{"nothing":{}},"secret":"abc",
        "memberLength":"ab","memberOverride":"abc","legacy":"a.b","timeout":9}"#;
    assert_eq!(violations(json), vec![]);
    let e: Everything = serde_json::from_str(json).expect("parses");
    assert_eq!(e.sparse, Some(vec![Some(0), None, Some(3)]), "a sparse list keeps its nulls");
    assert!(serde_json::to_string(&e).expect("writes").contains(r#""sparse":[0,null,3]"#));
}

#[test]
fn every_constraint_reports_in_model_order() {
    let json = r#"{"id":"","name":"ABCDEF","count":0,"ratio":2.5,"big":1000.5,"huge":101,"data":"AAECAwQ=",
        "tags":["A","b","A","A"],"attrs":{"a":1,"bc":6,"de":0},"sparse":[1,null,-1],"color":"blue","level":3,
        "child":{"id":"","child":{"count":11}},"children":[{"id":"ok"},{"id":"ok","name":"x1"}],
        "choice":{"text":"TOOLONG"},"secret":"hunter2","memberLength":"abc","memberOverride":"ab","legacy":"z",
        "timeout":10}"#;
    let got = violations(json);
    let expected = vec![
        v("/id", "Value with length 0 at '{p}' failed to satisfy constraint: Member must have length greater than or equal to 1"),
        v("/name", "Value with length 6 at '{p}' failed to satisfy constraint: Member must have length between 1 and 5, inclusive"),
        v("/name", "Value at '{p}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z]+$"),
        v("/count", "Value at '{p}' failed to satisfy constraint: Member must be between 1 and 10, inclusive"),
        v("/ratio", "Value at '{p}' failed to satisfy constraint: Member must be between 0.5 and 1.5, inclusive"),
        v("/big", "Value at '{p}' failed to satisfy constraint: Member must be between -1.5 and 1000, inclusive"),
        v("/huge", "Value at '{p}' failed to satisfy constraint: Member must be less than or equal to 100"),
        v("/data", "Value with length 5 at '{p}' failed to satisfy constraint: Member must have length less than or equal to 4"),
        v("/tags", "Value with length 4 at '{p}' failed to satisfy constraint: Member must have length less than or equal to 3"),
        v("/tags", "Value at '{p}' failed to satisfy constraint: Member must have unique values"),
        v("/tags/1", "Value at '{p}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[A-Z]"),
        v("/attrs", "Value with length 3 at '{p}' failed to satisfy constraint: Member must have length less than or equal to 2"),
        v("/attrs", "Value with length 1 at '{p}' failed to satisfy constraint: Member must have length greater than or equal to 2"),
        v("/attrs/bc", "Value at '{p}' failed to satisfy constraint: Member must be less than or equal to 5"),
        v("/sparse/2", "Value at '{p}' failed to satisfy constraint: Member must be greater than or equal to 0"),
        v("/color", "Value at '{p}' failed to satisfy constraint: Member must satisfy enum value set: [red, green]"),
        v("/level", "Value at '{p}' failed to satisfy constraint: Member must satisfy enum value set: [1, 2]"),
        v("/child/id", "Value with length 0 at '{p}' failed to satisfy constraint: Member must have length greater than or equal to 1"),
        v("/child/child/id", "Value at '{p}' failed to satisfy constraint: Member must not be null"),
        v("/child/child/count", "Value at '{p}' failed to satisfy constraint: Member must be between 1 and 10, inclusive"),
        v("/children/1/name", "Value at '{p}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z]+$"),
        v("/choice/text", "Value with length 7 at '{p}' failed to satisfy constraint: Member must have length between 1 and 5, inclusive"),
        v("/choice/text", "Value at '{p}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z]+$"),
        v("/secret", "Value with length 7 at '{p}' failed to satisfy constraint: Member must have length less than or equal to 3"),
        v("/memberLength", "Value with length 3 at '{p}' failed to satisfy constraint: Member must have length less than or equal to 2"),
        v("/memberOverride", "Value with length 2 at '{p}' failed to satisfy constraint: Member must have length greater than or equal to 3"),
        v("/legacy", "Value at '{p}' failed to satisfy constraint: Member must satisfy enum value set: [a.b, c]"),
        v("/timeout", "Value at '{p}' failed to satisfy constraint: Member must be between 1.5 and 9.5, inclusive"),
    ];
    for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
        assert_eq!(g, e, "entry {i}");
    }
    assert_eq!(got.len(), expected.len(), "{got:#?}");
}

#[test]
fn sensitive_values_are_not_echoed() {
    let e: Everything = ivs_types::rt::parse_response_body(br#"{"id":"x","secret":"hunter2"}"#).expect("parses");
    let report = e.validate().expect_err("too long");
    assert!(!report.to_string().contains("hunter2"));
    assert!(!format!("{report:?}").contains("hunter2"));
    assert!(!format!("{e:?}").contains("hunter2"), "{e:?}");
}

#[test]
fn floats_out_of_range_include_nan_and_infinities() {
    for ratio in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
        let e = Everything::builder().id("x").ratio(ratio).build().expect("set");
        let r = e.validate().expect_err("out of range");
        assert_eq!(r.violations()[0].path, "/ratio");
    }
    let e =
        Everything::builder().id("x").ratio(1.0).color(Color::Red).level(Level::High).choice(Choice::Number(3)).build();
    assert_eq!(e.expect("set").validate(), Ok(()));
}

#[test]
fn recursion_terminates() {
    let mut deep = Everything::builder().id("leaf").build().expect("set");
    for _ in 0..60 {
        deep = Everything::builder().id("n").child(deep).build().expect("set");
    }
    assert_eq!(deep.validate(), Ok(()));
    let json = serde_json::to_string(&deep).expect("serializes");
    let back: Everything = serde_json::from_str(&json).expect("parses");
    assert_eq!(back, deep);
    // Deeper than serde_json's recursion limit (128): an error, not a stack overflow.
    let too_deep = format!("{}{}", r#"{"id":"x","child":"#.repeat(300), "}".repeat(300));
    assert!(serde_json::from_str::<Everything>(&too_deep).is_err());
}

/// A map keyed by an enum keeps `String` keys, each checked against the enum's values; enums
/// in lists and as map values are the enum types; a string enum's own `@length` and
/// `@pattern` check its wire value.
#[test]
fn enum_keys_values_and_constrained_enums() {
    use ivs_tests::golden_constraints::KeyedByEnum;
    let json = r#"{"byColor":{"red":1,"blue":2,"green":3},"colors":["red","pink"],"code":"ab12"}"#;
    let report = match parse_and_validate::<KeyedByEnum>(json.as_bytes()) {
        Err(RequestError::Invalid(r)) => r,
        other => panic!("expected a report, got {other:?}"),
    };
    let got: Vec<(String, String)> = report.violations().iter().map(|v| (v.path.clone(), v.message.clone())).collect();
    let expected = vec![
        // A key's violation is reported at the map's path.
        v("/byColor", "Value at '{p}' failed to satisfy constraint: Member must satisfy enum value set: [red, green]"),
        v("/byColor/green", "Value at '{p}' failed to satisfy constraint: Member must satisfy enum value set: [1, 2]"),
        v("/colors/1", "Value at '{p}' failed to satisfy constraint: Member must satisfy enum value set: [red, green]"),
        v("/code", "Value with length 4 at '{p}' failed to satisfy constraint: Member must have length less than or equal to 3"),
        v("/code", "Value at '{p}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[A-Z]+$"),
        v("/code", "Value at '{p}' failed to satisfy constraint: Member must satisfy enum value set: [ABC, XYZ]"),
    ];
    assert_eq!(got, expected);
    // `infrared` is `@internal`: valid (as a key, a value and a list item), not listed.
    let ok: KeyedByEnum =
        serde_json::from_str(r#"{"byColor":{"green":2,"infrared":1},"colors":["red","infrared"],"code":"XYZ"}"#)
            .expect("parses");
    assert!(ok.validate().is_ok());
    let keys: Vec<&String> = ok.by_color.as_ref().expect("present").keys().collect();
    assert_eq!(keys, ["green", "infrared"], "keys stay strings");
}

/// A sensitive shape at every place a value can be (a member's target, a list member, a map
/// key and value, a union member): no `Debug` of the value or its builder, no validation
/// message and no path shows it.
#[test]
fn sensitive_values_never_print_wherever_they_are() {
    use ivs_tests::golden_constraints::{SecretChoice, Secrets};
    let json = r#"{"direct":"s3cretA","list":["s3cretB"],"byKey":{"s3cretC":99,"x":1},
        "values":{"k":"s3cretD"},"choice":{"hidden":"s3cretE"},"plain":"shown"}"#;
    let value: Secrets = serde_json::from_str(json).expect("parses");
    let printed = format!("{value:?}");
    assert!(printed.contains("shown"), "{printed}");
    assert!(!printed.contains("s3cret"), "{printed}");
    let builder = Secrets::builder().direct("s3cretF").list(vec!["s3cretG".to_string()]).plain("shown");
    let printed = format!("{builder:?}");
    assert!(printed.contains("shown") && !printed.contains("s3cret"), "{printed}");
    assert!(!format!("{:?}", SecretChoice::Hidden("s3cretH".into())).contains("s3cret"));
    assert!(format!("{:?}", SecretChoice::Open("open".into())).contains("open"));
    let report = match parse_and_validate::<Secrets>(json.as_bytes()) {
        Err(RequestError::Invalid(r)) => r,
        other => panic!("expected a report, got {other:?}"),
    };
    let text = report.to_string();
    for v in report.violations() {
        assert!(!v.path.contains("s3cret") && !v.message.contains("s3cret"), "{v:?}");
    }
    // Too long (`Secret` has at most 3 characters), an out-of-range value under a
    // sensitive key (whose path is redacted), a key too short.
    assert!(text.contains("/direct") && text.contains("/list/0") && text.contains("/values/k"), "{text}");
    assert!(text.contains("/byKey/*** Sensitive Data Redacted ***"), "{text}");
    assert!(!text.contains("s3cret"), "{text}");
}
