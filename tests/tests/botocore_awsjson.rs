//! The awsJson wire compared with botocore: `tests/data/botocore-awsjson.json`, written by
//! `scripts/botocore-awsjson.py` from a real botocore (its HTTP send replaced by a hook).
//!
//! - **Requests**: for every awsJson service of `../shared/models/aws-dev/` that botocore has,
//!   each operation's request as botocore sends it: the generated operation must have the same
//!   `X-Amz-Target`, method, path and `Content-Type` (its protocol), and every key botocore
//!   puts in the body must be a member of the input, under the member's own name (what the
//!   generated serde writes: `@jsonName` is ignored). Skipped without `../shared`. One
//!   documented difference: botocore's CloudTrail target keeps an old namespace before the
//!   service shape name (`com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.AddTags`),
//!   which the Smithy model does not hold.
//! - **Errors**: canned error responses (SQS, `@awsQueryCompatible`; DynamoDB Streams): the
//!   code botocore reports must be ours: `rt::aws_json::query_error`'s code when the response
//!   has `x-amzn-query-error`, else the code `FromErrorResponse` reads, with the fault of the
//!   query error. One documented difference: botocore ignores `x-amzn-ErrorType` on awsJson
//!   (it reports the status as the code); we take the header, as the AWS SDK for Rust does.

use ivs_codegen::facts::Protocol;
use ivs_codegen::ir::{Item, Selection};
use ivs_types::__private::http_parts::aws_json_error_code;
use ivs_types::rt::aws_json::query_error;
use ivs_types::rt::Fault;
use serde_json::Value;

fn table() -> Value {
    let path = ivs_tests::workspace().join("tests/data/botocore-awsjson.json");
    serde_json::from_str(&std::fs::read_to_string(&path).expect("the table reads")).expect("the table is JSON")
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

#[test]
fn generated_awsjson_requests_match_botocores() {
    let Some(shared) = ivs_tests::shared_dir() else {
        assert!(
            std::env::var("IVS_REQUIRE_SHARED").as_deref() != Ok("1"),
            "IVS_REQUIRE_SHARED=1 but ../shared is absent"
        );
        println!("skipped generated_awsjson_requests_match_botocores: ../shared is absent");
        return;
    };
    let table = table();
    let services = table["requests"].as_array().expect("requests");
    assert!(services.len() >= 10, "the table covers the aws-dev awsJson services");
    let (mut compared, mut problems) = (0, Vec::new());
    let mut namespaced = std::collections::BTreeSet::new();
    for svc in services {
        let model = shared.join("models/aws-dev").join(s(&svc["model"]));
        let json = std::fs::read_to_string(&model).expect("the model reads");
        let (_, ir) = ivs_codegen::generate_source(&json, &Selection::Service(s(&svc["service"]).to_string()))
            .unwrap_or_else(|e| panic!("{}: {e}", model.display()));
        for case in svc["operations"].as_array().expect("operations") {
            let name = s(&case["operation"]);
            let Some(op) = ir.operations.iter().find(|o| o.model_name == name) else {
                problems.push(format!("{}: {name}: no such operation generated", s(&svc["botocore"])));
                continue;
            };
            compared += 1;
            let content_type = match op.protocol {
                Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
                Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
                other => {
                    problems.push(format!("{name}: protocol {other:?}"));
                    continue;
                }
            };
            let http = op.http.as_ref().expect("an awsJson operation has its POST / binding");
            let mut target = s(&case["target"]);
            // botocore's target prefix for CloudTrail keeps the service's old namespace
            // (`com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.AddTags`); the Smithy
            // model has no trace of it, and the protocol says `{service shape name}.{op}`.
            if let Some(short) = target.strip_suffix(&format!(".{}", op.target)).filter(|p| !p.is_empty()) {
                namespaced.insert(format!("{}: {short}.", s(&svc["botocore"])));
                target = &op.target;
            }
            let ours = (op.target.as_str(), http.method.as_str(), http.uri.as_str(), content_type);
            let theirs = (target, s(&case["method"]), s(&case["path"]), s(&case["content_type"]));
            if ours != theirs {
                problems.push(format!("{name}: ours {ours:?}, botocore {theirs:?}"));
            }
            let input = ir.items.iter().find_map(|i| match i {
                Item::Struct(st) if st.name == op.input => Some(st),
                _ => None,
            });
            for key in case["body_keys"].as_array().into_iter().flatten().map(s) {
                let sent = input.and_then(|st| st.fields.iter().find(|f| f.model_name == key));
                match sent {
                    Some(f) if f.wire_name == key => {}
                    Some(f) => problems.push(format!("{name}: member {key} is sent as {}", f.wire_name)),
                    None => problems.push(format!("{name}: botocore sends {key}, not a member of the input")),
                }
            }
        }
    }
    println!("{compared} awsJson operations compared with botocore {}", s(&table["botocore"]));
    println!("targets botocore prefixes with a namespace: {namespaced:?}");
    assert_eq!(namespaced.len(), 1, "{namespaced:?}");
    assert!(compared >= 700, "{compared} operations compared");
    assert!(problems.is_empty(), "{} differences:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn awsjson_error_codes_match_botocores() {
    let table = table();
    let (mut agree, mut differ) = (0, Vec::new());
    for case in table["errors"].as_array().expect("errors") {
        let mut headers = http::HeaderMap::new();
        for h in case["headers"].as_array().into_iter().flatten() {
            headers.append(
                http::HeaderName::from_bytes(s(&h[0]).as_bytes()).expect("a header name"),
                s(&h[1]).parse().expect("a header value"),
            );
        }
        let body = s(&case["body"]).as_bytes();
        let (code, fault) = match query_error(&headers) {
            Some((code, fault)) => (Some(code), Some(fault)),
            None => (aws_json_error_code(&headers, body), None),
        };
        let their_fault = match s(&case["query_error_type"]) {
            "Sender" => Some(Fault::Client),
            "Receiver" => Some(Fault::Server),
            _ => None,
        };
        let theirs = s(&case["code"]);
        let name = format!("{} {}", s(&case["botocore"]), s(&case["case"]));
        if code.as_deref() == Some(theirs) && fault == their_fault {
            agree += 1;
        } else if headers.contains_key("x-amzn-errortype")
            && case["status"].as_u64().is_some_and(|st| st.to_string() == theirs)
        {
            // botocore reads no x-amzn-ErrorType on awsJson and reports the status.
            differ.push(name);
        } else {
            panic!("{name}: ours {code:?} {fault:?}, botocore {theirs:?} {their_fault:?}");
        }
    }
    println!("{agree} agree; {} differ on x-amzn-ErrorType: {differ:?}", differ.len());
    assert_eq!(agree, 5);
    assert_eq!(differ.len(), 2);
}
