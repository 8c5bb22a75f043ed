//! Smithy's restJson1 protocol compliance suite (`../shared/smithy/protocol-tests/restJson1.json`):
//! the services `RestJson` and `RestJsonValidation` are generated as packages with their
//! protocol tests (`Config::protocol_tests`), `cargo test` runs them, and each result is
//! compared with `tests/protocol-tests/restJson1.expected`: a case that fails and is not
//! listed fails this test, and so does a listed `fail` case that passes (remove its line).
//! `skip` cases are not run.
//!
//! A small model of this repository (`tests/protocol-tests/small.json`: every kind of params
//! value, each side, an error structure's case, a parameterized malformed case) runs too,
//! without `../shared`: all of its cases pass.
//!
//! `IVS_PROTOCOL_SUITE_LIST=1` prints every failing case with the first line of its failure,
//! to update the expectation file.

mod suite;

use std::path::PathBuf;

use suite::{failure_lines, run_suite, run_tests};

/// The services generated, each as a package of this name.
const SERVICES: &[(&str, &str)] = &[
    ("aws.protocoltests.restjson#RestJson", "rest_json"),
    ("aws.protocoltests.restjson.validation#RestJsonValidation", "rest_json_validation"),
];

#[test]
fn a_small_model_passes_its_own_protocol_tests() {
    let model = ivs_tests::workspace().join("tests/protocol-tests/small.json");
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("protocol-suite");
    let dir = root.join("small_pt");
    let out = ivs_codegen::Config::new()
        .model(&model)
        .crate_name("small_pt")
        .protocol_tests(true)
        .out_dir(&dir)
        .generate()
        .unwrap_or_else(|e| panic!("small.json does not generate: {e}"));
    assert_eq!(out.protocol_tests, 15);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let (results, stdout) = run_tests(&dir, &root.join("target"), &[]);
    assert_eq!(results.len(), 15, "{stdout}");
    let failures = failure_lines(&stdout);
    let failed: Vec<String> = results
        .iter()
        .filter(|(_, ok)| !**ok)
        .map(|(n, _)| format!("{n}: {}", failures.get(&format!("protocol_tests::{n}")).cloned().unwrap_or_default()))
        .collect();
    assert!(failed.is_empty(), "failing cases of small.json:\n{}", failed.join("\n"));
}

#[test]
fn rest_json1_protocol_suite_matches_its_expectations() {
    run_suite("restJson1.json", SERVICES, "restJson1.expected");
}
