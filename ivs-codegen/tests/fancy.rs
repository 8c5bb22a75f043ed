//! A pattern with look-around beyond one character needs `fancy-regex`: the generator says so
//! (packages then turn on the `fancy` feature of ivs-types) and emits it for that engine;
//! other patterns, one-character look-around and possessive repeats of one character
//! included, run in the Pike VM.

use ivs_codegen::{emit, generate_source, package_files, Selection};

fn model(pattern: &str) -> String {
    let pattern = serde_json::to_string(pattern).expect("a JSON string");
    format!(
        r#"{{"smithy": "2.0", "shapes": {{
            "a#A": {{"type": "structure", "members": {{"s": {{"target": "a#S"}}}}}},
            "a#S": {{"type": "string", "traits": {{"smithy.api#pattern": {pattern}}}}}
        }}}}"#
    )
}

#[test]
fn look_around_selects_the_fancy_engine() {
    let (text, ir) = generate_source(&model("^(?!xy)[a-z]+$"), &Selection::All).expect("generates");
    assert!(emit::needs_fancy(&ir));
    assert!(text.contains("::ivs_types::__private::Pattern::fancy("), "{text}");
    let files = package_files(
        &ivs_codegen::Package::new("p"),
        std::path::Path::new("out"),
        std::path::Path::new("m.json"),
        &[("generated.rs".into(), text)],
        true,
    );
    assert!(files.iter().any(|(f, body)| f == "Cargo.toml" && body.contains("features = [\"fancy\"]")));

    let (text, ir) = generate_source(&model("^[a-z]+(x|y)$"), &Selection::All).expect("generates");
    assert!(!emit::needs_fancy(&ir));
    assert!(!text.contains("Pattern::fancy("));
    assert!(text.contains("::ivs_types::__private::Pattern::program("), "{text}");

    for linear in ["^(?!-)[a-z-]+(?<!-)$", r"^[\/]?+[a-z]+$", "^(?i)[a-z]++$"] {
        let (text, ir) = generate_source(&model(linear), &Selection::All).expect("generates");
        assert!(!emit::needs_fancy(&ir), "{linear}");
        assert!(text.contains("::ivs_types::__private::Pattern::program("), "{linear}: {text}");
    }
}
