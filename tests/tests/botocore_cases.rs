//! A real AWS client's requests and responses, on both sides: `tests/data/botocore-cases.json`,
//! written by `scripts/botocore-cases.py` from botocore (its HTTP send replaced by a hook),
//! holds, for every operation of 39 restJson1, awsJson1_0 and awsJson1_1 services (every such service of `../shared/models` but CloudTrail, whose botocore target differs, see botocore_awsjson.rs) of
//! `../shared/models/` (IVS 2026, Amplify, Backup, Braket, EBS, Kinesis Video, Medical
//! Imaging, CodeDeploy, DynamoDB Streams, B2BI):
//!
//! - the request botocore sends with every input member filled;
//! - a response with every output member filled, written as the protocol says an AWS service
//!   writes it (status, bound headers, body or payload), kept only when botocore reads it back
//!   to the same output;
//! - each modeled error, written as a service writes it (restJson1: its status,
//!   `X-Amzn-Errortype`, its header and body members; awsJson: `__type` as Smithy's suites
//!   write it), kept only when botocore raises that modeled error with its members.
//!
//! Each is added to its operation as a `smithy.test#httpRequestTests` or `#httpResponseTests`
//! case (in a copy of the model made at test time), the service is generated with
//! `Config::protocol_tests` and `cargo test` runs the cases. Requests: a client must send
//! botocore's request from the same input (method, path, query pairs, the headers botocore
//! binds, the body as JSON), and a server must route botocore's request to the operation, parse
//! it to the same input and find it valid. Responses: a client must read the response to the
//! output botocore read, and a server must write it from that output (status, headers, body as
//! JSON); an error case is on the error structure: a client must read it as that error of the
//! operation, a server must write it so. Every case must pass. Skipped without `../shared`.

#[allow(dead_code)] // the Smithy suites' runner; this test uses its `run_tests` only
mod suite;

use serde_json::{json, Value};

#[test]
fn botocore_requests_and_responses_on_both_sides() {
    let Some(shared) = ivs_tests::shared_dir() else {
        assert!(
            std::env::var("IVS_REQUIRE_SHARED").as_deref() != Ok("1"),
            "IVS_REQUIRE_SHARED=1 but ../shared is absent"
        );
        println!("skipped botocore_requests_and_responses_on_both_sides: ../shared is absent");
        return;
    };
    let path = ivs_tests::workspace().join("tests/data/botocore-cases.json");
    let table: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("the table reads")).expect("JSON");
    let models = table["models"].as_array().expect("models");
    assert_eq!(models.len(), 39, "the table covers 39 services");
    let root = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("protocol-suite");
    let target = root.join("target");
    let (mut passed, mut problems) = (0, Vec::new());
    for entry in models {
        let rel = entry["model"].as_str().expect("model");
        let service = entry["service"].as_str().expect("service");
        let protocol = entry["protocol"].as_str().expect("protocol");
        let mut model: Value =
            serde_json::from_str(&std::fs::read_to_string(shared.join("models").join(rel)).expect("the model reads"))
                .expect("the model is JSON");
        let namespace = service.split('#').next().expect("namespace");
        let mut written = 0;
        for case in entry["cases"].as_array().expect("cases") {
            let op = case["operation"].as_str().expect("operation");
            let shape = &mut model["shapes"][format!("{namespace}#{op}")];
            assert!(shape.is_object(), "{rel}: no operation {op}");
            let mut tests = Vec::new();
            for side in case["sides"].as_array().expect("sides") {
                let side = side.as_str().expect("side");
                let mut t = json!({
                    "id": format!("Botocore{op}{}", if side == "server" { "Server" } else { "" }),
                    "protocol": protocol,
                    "appliesTo": side,
                    "method": case["method"],
                    "uri": case["uri"],
                    "queryParams": case["queryParams"],
                    "headers": case["headers"],
                    "body": case["body"],
                    "params": case["params"],
                });
                if let Some(m) = case.get("bodyMediaType") {
                    t["bodyMediaType"] = m.clone();
                }
                tests.push(t);
                written += 1;
            }
            shape["traits"]["smithy.test#httpRequestTests"] = Value::Array(tests);
        }
        for case in entry["responses"].as_array().expect("responses") {
            let op = case["operation"].as_str().expect("operation");
            let shape = &mut model["shapes"][format!("{namespace}#{op}")];
            assert!(shape.is_object(), "{rel}: no operation {op}");
            let mut tests = Vec::new();
            for side in case["sides"].as_array().expect("sides") {
                let side = side.as_str().expect("side");
                let mut t = json!({
                    "id": format!("Botocore{op}Response{}", if side == "server" { "Server" } else { "" }),
                    "protocol": protocol,
                    "appliesTo": side,
                    "code": case["code"],
                    "headers": case["headers"],
                    "body": case["body"],
                    "params": case["params"],
                });
                if let Some(m) = case.get("bodyMediaType") {
                    t["bodyMediaType"] = m.clone();
                }
                tests.push(t);
                written += 1;
            }
            shape["traits"]["smithy.test#httpResponseTests"] = Value::Array(tests);
        }
        for case in entry["errors"].as_array().expect("errors") {
            let error = case["error"].as_str().expect("error");
            let shape = &mut model["shapes"][format!("{namespace}#{error}")];
            assert!(shape.is_object(), "{rel}: no error {error}");
            let mut tests = Vec::new();
            for side in case["sides"].as_array().expect("sides") {
                let side = side.as_str().expect("side");
                tests.push(json!({
                    "id": format!("Botocore{error}Error{}", if side == "server" { "Server" } else { "" }),
                    "protocol": protocol,
                    "appliesTo": side,
                    "code": case["code"],
                    "headers": case["headers"],
                    "body": case["body"],
                    "bodyMediaType": case["bodyMediaType"],
                    "params": case["params"],
                }));
                written += 1;
            }
            shape["traits"]["smithy.test#httpResponseTests"] = Value::Array(tests);
        }
        let stem = rel.rsplit('/').next().unwrap().trim_end_matches(".json");
        let package = format!("botocore_{}", stem.replace(|c: char| !c.is_ascii_alphanumeric(), "_"));
        let dir = root.join("botocore").join(&package);
        std::fs::create_dir_all(&dir).expect("folder");
        let model_file = dir.with_extension("json");
        std::fs::write(&model_file, serde_json::to_string(&model).expect("writes")).expect("model written");
        let out = ivs_codegen::Config::new()
            .model(&model_file)
            .service(service)
            .crate_name(&package)
            .protocol_tests(true)
            .out_dir(&dir)
            .generate()
            .unwrap_or_else(|e| panic!("{rel} does not generate with botocore's cases: {e}"));
        assert_eq!(out.protocol_tests, written, "{rel}: every case becomes a test");
        let (results, stdout) = suite::run_tests(&dir, &target, &[]);
        assert_eq!(results.len(), written, "{rel}: every case runs");
        let failures = suite::failure_lines(&stdout);
        for (name, ok) in results {
            if ok {
                passed += 1;
            } else {
                let why = failures.get(&format!("protocol_tests::{name}")).cloned().unwrap_or_default();
                problems.push(format!("{rel} {name}: {why}"));
            }
        }
    }
    println!("botocore's requests, responses and errors: {passed} cases passed");
    assert!(problems.is_empty(), "{} of botocore's cases fail:\n{}", problems.len(), problems.join("\n"));
    assert!(passed > 1500, "the cases ran ({passed})");
}
