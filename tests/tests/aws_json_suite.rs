//! Smithy's awsJson1_0 and awsJson1_1 protocol compliance suites
//! (`../shared/smithy/protocol-tests/awsJson1_0.json`, `awsJson1_1.json`): every service of
//! each is generated as a package with its protocol tests, `cargo test` runs them, and each
//! result is compared with `tests/protocol-tests/awsJson1_0.expected` (`awsJson1_1.expected`)
//! as `protocol_suite.rs` does for restJson1: a case that fails and is not listed fails this
//! test, and so does a listed `fail` case that passes (remove its line). `skip` cases are not
//! run. `IVS_PROTOCOL_SUITE_LIST=1` prints every failing case with the first line of its
//! failure.

mod suite;

use suite::run_suite;

#[test]
fn aws_json1_0_protocol_suite_matches_its_expectations() {
    run_suite(
        "awsJson1_0.json",
        &[
            ("aws.protocoltests.json10#JsonRpc10", "json_rpc10"),
            ("aws.protocoltests.json10#QueryCompatibleJsonRpc10", "query_compatible_json_rpc10"),
        ],
        "awsJson1_0.expected",
    );
}

#[test]
fn aws_json1_1_protocol_suite_matches_its_expectations() {
    run_suite(
        "awsJson1_1.json",
        &[
            ("aws.protocoltests.json#JsonProtocol", "json_protocol"),
            ("com.amazonaws.machinelearning#AmazonML_20141212", "amazon_ml"),
        ],
        "awsJson1_1.expected",
    );
}
