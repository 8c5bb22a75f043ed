//! The awsJson1_0 wire of `tests/models/aws_json.json` (its golden, `ivs_tests::golden_aws_json`):
//! `POST /` with `X-Amz-Target`, member names as keys (`@jsonName` and HTTP binding traits
//! ignored), errors with `__type`, the router dispatching on the target; and how a model whose
//! services speak different protocols is generated.

use ivs_tests::golden_aws_json as g;
use ivs_types::rt::aws_json;
use ivs_types::rt::http::{HttpOperation, Protocol};
use ivs_types::rt::{DateTime, Fault, Operation};

type GetItem = g::operation::GetItem;
type Ping = g::operation::Ping;
type GetItemError = <GetItem as Operation>::Error;

fn input() -> g::GetItemInput {
    g::GetItemInput::builder()
        .id("a1")
        .display_name("Shown")
        .tag("t")
        .since(DateTime::from_secs(1_700_000_000))
        .build()
        .expect("required members set")
}

fn ping_input() -> <Ping as Operation>::Input {
    <Ping as Operation>::Input::builder().build()
}

fn body(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("a JSON body")
}

#[test]
fn a_client_request_is_a_post_to_the_root_with_the_target_and_the_whole_input_as_json() {
    assert_eq!(GetItem::PROTOCOL, Protocol::AwsJson1_0);
    let req = GetItem::build_request(&input()).expect("builds");
    assert_eq!(req.method(), "POST");
    assert_eq!(req.uri(), "/");
    assert_eq!(req.headers()["x-amz-target"], "JsonService.GetItem");
    assert_eq!(req.headers()["content-type"], "application/x-amz-json-1.0");
    assert_eq!(req.headers()["content-length"], req.body().len().to_string().as_str());
    // @awsQueryCompatible: the client says so.
    assert_eq!(req.headers()["x-amzn-query-mode"], "true");
    // No header, label or query: every member in the body, keyed by its member name (not its
    // @jsonName), the timestamp in epoch seconds.
    assert!(req.headers().get("x-tag").is_none());
    assert_eq!(
        body(req.body()),
        serde_json::json!({"id": "a1", "displayName": "Shown", "tag": "t", "since": 1_700_000_000})
    );
    // A Unit input is `{}`.
    let ping = Ping::build_request(&ping_input()).expect("builds");
    assert_eq!(ping.body().as_slice(), b"{}");
}

#[test]
fn a_server_reads_what_a_client_sends_and_refuses_what_is_not_the_operations() {
    let req = GetItem::build_request(&input()).expect("builds");
    assert_eq!(GetItem::parse_request(&req).expect("parses"), input());
    // The router dispatches on the target.
    match g::operation::ServiceRequest::parse(&req) {
        Ok(g::operation::ServiceRequest::GetItem(i)) => assert_eq!(i, input()),
        other => panic!("routed elsewhere: {other:?}"),
    }
    let ping = Ping::build_request(&ping_input()).expect("builds");
    assert!(matches!(g::operation::ServiceRequest::parse(&ping), Ok(g::operation::ServiceRequest::Ping(_))));
    // An unknown target: 400 UnknownOperationException, in the protocol's form.
    let mut unknown = req.clone();
    unknown.headers_mut().insert("x-amz-target", "JsonService.Nope".parse().unwrap());
    let refused = g::operation::ServiceRequest::route(&unknown).expect_err("no such operation");
    assert_eq!(refused.status(), 400);
    assert_eq!(refused.headers()["content-type"], "application/x-amz-json-1.0");
    assert_eq!(body(refused.body())["__type"], "UnknownOperationException");
    // Another media type: 415.
    let mut wrong = req.clone();
    wrong.headers_mut().insert("content-type", "application/json".parse().unwrap());
    assert_eq!(g::operation::ServiceRequest::route(&wrong).expect_err("refused").status(), 415);
    // The `@jsonName` key is not the member's: ignored (unknown keys are), and a constraint
    // violation is the modeled ValidationException.
    let mut bad = req.clone();
    *bad.body_mut() = br#"{"id": "", "DisplayName": "x"}"#.to_vec();
    let refused = g::operation::ServiceRequest::route(&bad).expect_err("invalid");
    assert_eq!(refused.status(), 400);
    let b = body(refused.body());
    assert_eq!(b["__type"], "conformance.awsjson#ValidationException");
    assert!(b["message"].as_str().unwrap_or_default().contains("/id"), "{b}");
}

#[test]
fn responses_carry_the_whole_output_and_errors_their_type() {
    let out = g::GetItemOutput::builder()
        .item(g::Item::builder().id("a1").display_name("Shown").build().expect("built"))
        .etag("e")
        .build();
    let resp = GetItem::build_response(&out).expect("builds");
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/x-amz-json-1.0");
    assert!(resp.headers().get("etag").is_none());
    assert_eq!(body(resp.body()), serde_json::json!({"item": {"id": "a1", "displayName": "Shown"}, "etag": "e"}));
    assert_eq!(GetItem::parse_response(&resp).expect("reads"), out);
    // A Unit output: an empty body, read as the output.
    let pong = Ping::build_response(&<Ping as Operation>::Output::builder().build()).expect("builds");
    assert!(pong.body().is_empty());
    Ping::parse_response(&pong).expect("reads");

    // A modeled error: its status, `__type` its shape id (awsJson1_0); read back by `__type`.
    let nf = GetItemError::from(g::NotFound::builder().message("gone").build());
    let resp = nf.to_response().expect("renders");
    assert_eq!(resp.status(), 404);
    assert_eq!(body(resp.body()), serde_json::json!({"__type": "conformance.awsjson#NotFound", "message": "gone"}));
    // The service is @awsQueryCompatible and the error has @awsQueryError: its code and fault
    // travel in `x-amzn-query-error` too. An error without the trait sends no such header.
    assert_eq!(resp.headers()["x-amzn-query-error"], "AWS.Item.NotFound;Sender");
    assert_eq!(aws_json::query_error(resp.headers()), Some(("AWS.Item.NotFound".to_string(), Fault::Client)));
    let invalid = GetItemError::from(g::ValidationException::builder().message("no").build().expect("built"));
    assert!(!invalid.to_response().expect("renders").headers().contains_key("x-amzn-query-error"));
    match GetItem::parse_response(&resp) {
        Err(GetItemError::NotFound(e, Some(_))) => assert_eq!(e.message.as_deref(), Some("gone")),
        other => panic!("not NotFound: {other:?}"),
    }
    // `x-amzn-ErrorType` names it as well; the `x-amzn-query-error` of an @awsQueryCompatible
    // service gives the code and fault its awsQuery clients saw.
    let resp = http::Response::builder()
        .status(400)
        .header("x-amzn-ErrorType", "NotFound:http://internal.amazon.com/")
        .header("x-amzn-query-error", "AWS.Item.NotFound;Sender")
        .body(b"{}".to_vec())
        .unwrap();
    match GetItem::parse_response(&resp) {
        Err(GetItemError::NotFound(_, Some(meta))) => {
            assert_eq!(aws_json::query_error(meta.headers()), Some(("AWS.Item.NotFound".to_string(), Fault::Client)));
        }
        other => panic!("not NotFound: {other:?}"),
    }
}

/// A model with a restJson1 service and an awsJson1_1 service that share a structure with a
/// `@jsonName` member, and a restXml service.
const MIXED: &str = r#"{
  "smithy": "2.0",
  "shapes": {
    "mixed#Rest": {"type": "service", "version": "1", "operations": [{"target": "mixed#PutRest"}],
                   "traits": {"aws.protocols#restJson1": {}}},
    "mixed#Json": {"type": "service", "version": "1", "operations": [{"target": "mixed#PutJson"}],
                   "traits": {"aws.protocols#awsJson1_1": {}}},
    "mixed#Xml": {"type": "service", "version": "1", "operations": [{"target": "mixed#PutXml"}],
                  "traits": {"aws.protocols#restXml": {}}},
    "mixed#PutRest": {"type": "operation", "input": {"target": "mixed#Shared"},
                      "traits": {"smithy.api#http": {"method": "POST", "uri": "/rest"}}},
    "mixed#PutJson": {"type": "operation", "input": {"target": "mixed#JsonInput"}},
    "mixed#PutXml": {"type": "operation", "traits": {"smithy.api#http": {"method": "POST", "uri": "/xml"}}},
    "mixed#JsonInput": {"type": "structure", "members": {"shared": {"target": "mixed#Shared"}}},
    "mixed#Shared": {"type": "structure", "members": {
      "value": {"target": "smithy.api#String", "traits": {"smithy.api#jsonName": "Value"}}}}
  }
}"#;

#[test]
fn services_of_different_protocols_generated_together_share_one_wire_form() {
    use ivs_codegen::{generate_source, Selection};
    // All three together: the shared structure takes restJson1's form (first by order), the
    // awsJson1_1 and restXml operations get types only, one warning per service.
    let (text, ir) = generate_source(MIXED, &Selection::All).expect("generates");
    let warnings = ir.warnings.join("\n");
    assert!(warnings.contains("mixed#Json: protocol aws.protocols#awsJson1_1: types only, no wire"), "{warnings}");
    assert!(warnings.contains("mixed#Xml: protocol aws.protocols#restXml: types only, no wire"), "{warnings}");
    assert_eq!(ir.warnings.iter().filter(|w| w.starts_with("mixed#")).count(), 2, "{warnings}");
    assert!(text.contains(r#"rename = "Value""#));
    assert!(!text.contains("aws_json::"));
    let wired: Vec<&str> = ir.operations.iter().filter(|o| o.http.is_some()).map(|o| o.model_name.as_str()).collect();
    assert_eq!(wired, ["PutRest"]);

    // Each service on its own gets its own wire: the awsJson1_1 one with member names.
    let (text, ir) = generate_source(MIXED, &Selection::Service("mixed#Json".into())).expect("generates");
    assert!(ir.warnings.is_empty(), "{:?}", ir.warnings);
    assert!(!text.contains(r#"rename = "Value""#));
    assert!(text.contains(r#"aws_json::matches("Json.PutJson", req)"#));
    assert!(text.contains("Protocol::AwsJson1_1"));
    let (text, ir) = generate_source(MIXED, &Selection::Service("mixed#Xml".into())).expect("generates");
    assert_eq!(ir.warnings, ["mixed#Xml: protocol aws.protocols#restXml: types only, no wire"]);
    assert!(!text.contains("HttpOperation for"));
}
