//! restJson1 over HTTP: golden requests and responses, the error table, round trips through
//! HTTP, and arbitrary response bodies that never panic.

use ivs_types::operation::batch_start_viewer_session_revocation::BatchStartViewerSessionRevocationError as RevokeError;
use ivs_types::operation::BatchStartViewerSessionRevocation as Revoke;
use ivs_types::rt::http::{FromErrorResponse, HttpOperation};
use ivs_types::rt::RequestError;
use ivs_types::{
    BatchStartViewerSessionRevocationRequest as Request, BatchStartViewerSessionRevocationResponse as Response,
    BatchStartViewerSessionRevocationViewerSession as Session,
};
use proptest::prelude::*;
use serde_json::{json, Value};

const ARN: &str = "arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh";

fn json_body(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)))
}

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> http::Response<Vec<u8>> {
    let mut b = http::Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(body.as_bytes().to_vec()).expect("valid response")
}

fn request() -> Request {
    let sessions = vec![
        Session::builder().channel_arn(ARN).viewer_id("v1").viewer_session_versions_less_than_or_equal_to(3).build(),
        Session::builder().channel_arn(ARN).viewer_id("v2").build(),
    ];
    Request::builder()
        .viewer_sessions(sessions.into_iter().collect::<Result<Vec<_>, _>>().expect("set"))
        .build()
        .expect("set")
}

#[test]
fn seed_request_golden() {
    let req = Revoke::build_request(&request()).expect("builds");
    assert_eq!(req.method(), http::Method::POST);
    assert_eq!(req.uri(), "/BatchStartViewerSessionRevocation");
    assert_eq!(req.headers()["content-type"], "application/json");
    assert_eq!(
        json_body(req.body()),
        json!({"viewerSessions": [
            {"channelArn": ARN, "viewerId": "v1", "viewerSessionVersionsLessThanOrEqualTo": 3},
            {"channelArn": ARN, "viewerId": "v2", "viewerSessionVersionsLessThanOrEqualTo": 0}
        ]})
    );
    // The server side reads it back.
    let back = Revoke::parse_request(&req).expect("parses");
    assert_eq!(back, request());
}

#[test]
fn seed_response_golden() {
    let resp = response(
        200,
        &[("content-type", "application/json")],
        r#"{"errors":[{"channelArn":"a","viewerId":"b","code":"404","message":"gone"}],"future":1}"#,
    );
    let out = Revoke::parse_response(&resp).expect("success");
    let e = &out.errors.as_ref().expect("errors")[0];
    assert_eq!((e.channel_arn.as_str(), e.viewer_id.as_str(), e.code.as_deref()), ("a", "b", Some("404")));
    // A response that lacks a required member still parses (client error correction).
    let out = Revoke::parse_response(&response(200, &[], r#"{"errors":[{"viewerId":"b"}]}"#)).expect("corrected");
    assert_eq!(out.errors.expect("errors")[0].channel_arn, "");
    // An empty body is an empty output.
    assert_eq!(Revoke::parse_response(&response(200, &[], "")).expect("empty"), Response::builder().build());
    // Server side: the output as a response.
    let built = Revoke::build_response(&Response::builder().build()).expect("builds");
    assert_eq!(built.status(), 200);
    assert_eq!(json_body(built.body()), json!({}));
}

/// The error table: each modeled error in each of the three forms, with suffixes and
/// namespaces; unknown and missing codes; empty, HTML and non-object bodies.
#[test]
fn error_table() {
    let errors = [
        ("AccessDeniedException", 403),
        ("PendingVerification", 403),
        ("ThrottlingException", 429),
        ("ValidationException", 400),
    ];
    for (code, status) in errors {
        let forms: Vec<(String, http::Response<Vec<u8>>)> = vec![
            ("header".into(), response(status, &[("x-amzn-ErrorType", code)], r#"{"exceptionMessage":"m"}"#)),
            (
                "header with suffix".into(),
                response(
                    status,
                    &[(
                        "x-amzn-ErrorType",
                        &format!("{code}:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
                    )],
                    r#"{"exceptionMessage":"m"}"#,
                ),
            ),
            ("code".into(), response(status, &[], &format!(r#"{{"code":"{code}","exceptionMessage":"m"}}"#))),
            ("__type".into(), response(status, &[], &format!(r#"{{"__type":"{code}","exceptionMessage":"m"}}"#))),
            (
                "__type with namespace".into(),
                response(status, &[], &format!(r#"{{"__type":"com.amazonaws.ivs#{code}","exceptionMessage":"m"}}"#)),
            ),
            ("message key".into(), response(status, &[("x-amzn-ErrorType", code)], r#"{"message":"m"}"#)),
            ("Message key".into(), response(status, &[("x-amzn-ErrorType", code)], r#"{"Message":"m"}"#)),
        ];
        for (form, resp) in forms {
            let err = RevokeError::from_response(&resp);
            assert_eq!(err.code(), Some(code), "{code} as {form}");
            assert_eq!(err.message(), Some("m"), "{code} as {form}");
            assert_eq!(err.status(), status, "{code} as {form}");
            assert!(!matches!(err, RevokeError::Unhandled(..)), "{code} as {form}");
            // The server renders it back as the same kind of response.
            let again = err.to_response().expect("renders");
            assert_eq!(again.status(), status);
            assert_eq!(again.headers()["x-amzn-ErrorType"], code);
            assert_eq!(
                without_meta(RevokeError::from_response(&again)),
                without_meta(err),
                "{code} as {form} round trip"
            );
        }
    }
    let unhandled = |resp: &http::Response<Vec<u8>>| match RevokeError::from_response(resp) {
        RevokeError::Unhandled(u, meta) => {
            assert_eq!(meta.map(|m| m.status()), Some(u.status), "the metadata is the response's");
            u
        }
        other => panic!("expected Unhandled, got {other:?}"),
    };
    let u = unhandled(&response(400, &[("x-amzn-ErrorType", "SomethingNew")], r#"{"message":"new"}"#));
    assert_eq!((u.code.as_deref(), u.message.as_deref(), u.status), (Some("SomethingNew"), Some("new"), 400));
    let u = unhandled(&response(500, &[], r#"{"message":"boom"}"#));
    assert_eq!((u.code, u.message.as_deref(), u.status), (None, Some("boom"), 500));
    let u = unhandled(&response(502, &[], ""));
    assert_eq!((u.code, u.message.as_deref(), u.status), (None, Some("Bad Gateway"), 502));
    let u =
        unhandled(&response(503, &[("content-type", "text/html")], "<html><body>Service Unavailable</body></html>"));
    assert_eq!((u.code, u.message.as_deref(), u.status), (None, Some("Service Unavailable"), 503));
    let u = unhandled(&response(400, &[], r#"["not", "an", "object"]"#));
    assert_eq!((u.code, u.message.as_deref(), u.status), (None, Some(r#"["not", "an", "object"]"#), 400));
}

/// The error with its response metadata dropped: for comparing what two responses say.
fn without_meta(e: RevokeError) -> RevokeError {
    match e {
        RevokeError::AccessDeniedException(e, _) => e.into(),
        RevokeError::PendingVerification(e, _) => e.into(),
        RevokeError::ThrottlingException(e, _) => e.into(),
        RevokeError::ValidationException(e, _) => e.into(),
        RevokeError::Unhandled(u, _) => RevokeError::unhandled(u),
        other => other,
    }
}

/// Header names and values of a response in a table.
type Headers<'a> = &'a [(&'a str, &'a str)];

/// Where the code comes from, one row per rule: the `x-amzn-ErrorType` header when present
/// (even empty: it is then the answer, as botocore and the AWS SDK for Rust take it), else
/// the body's `code`, `Code`, `__type`, the first that holds a string; sanitized.
#[test]
fn error_code_rules() {
    let ad = "AccessDeniedException";
    let table: &[(&str, Headers, &str, Option<&str>)] = &[
        ("the header", &[("x-amzn-ErrorType", ad)], "{}", Some(ad)),
        ("the header, any case", &[("X-AMZN-ERRORTYPE", ad)], "{}", Some(ad)),
        ("the header over the body", &[("x-amzn-ErrorType", ad)], r#"{"code":"Other","__type":"Other"}"#, Some(ad)),
        ("an empty header is the answer", &[("x-amzn-ErrorType", "")], r#"{"__type":"ValidationException"}"#, None),
        ("a header that sanitizes to nothing", &[("x-amzn-ErrorType", ":http://x/")], r#"{"code":"Other"}"#, None),
        ("the header with a suffix", &[("x-amzn-ErrorType", "AccessDeniedException:http://internal/")], "", Some(ad)),
        (
            "the header with a namespace",
            &[("x-amzn-ErrorType", "com.amazonaws.ivs#AccessDeniedException")],
            "",
            Some(ad),
        ),
        ("code", &[], r#"{"code":"AccessDeniedException"}"#, Some(ad)),
        ("code over Code", &[], r#"{"Code":"Other","code":"AccessDeniedException"}"#, Some(ad)),
        ("Code", &[], r#"{"Code":"AccessDeniedException"}"#, Some(ad)),
        ("Code over __type", &[], r#"{"__type":"Other","Code":"AccessDeniedException"}"#, Some(ad)),
        ("__type", &[], r#"{"__type":"AccessDeniedException"}"#, Some(ad)),
        ("__type with namespace and suffix", &[], r#"{"__type":"a.b#AccessDeniedException:http://x"}"#, Some(ad)),
        ("an empty code is the answer", &[], r#"{"code":"","__type":"AccessDeniedException"}"#, None),
        ("a code that is not a string is skipped", &[], r#"{"code":404,"__type":"AccessDeniedException"}"#, Some(ad)),
        ("a null code is skipped", &[], r#"{"code":null,"Code":"AccessDeniedException"}"#, Some(ad)),
        ("no code", &[], r#"{"message":"m"}"#, None),
        ("not a JSON object", &[], r#"["AccessDeniedException"]"#, None),
        ("not JSON", &[], "AccessDeniedException", None),
        ("an unknown code is kept", &[("x-amzn-ErrorType", "SomethingNew")], "{}", Some("SomethingNew")),
    ];
    for (rule, headers, body, code) in table {
        let err = RevokeError::from_response(&response(400, headers, body));
        assert_eq!(err.code(), *code, "{rule}");
        let modeled = code.is_some_and(|c| c != "SomethingNew");
        assert_eq!(!matches!(err, RevokeError::Unhandled(..)), modeled, "{rule}: {err:?}");
    }
}

/// Where the message comes from, one row per rule: `message`, `Message`, `errorMessage` of a
/// JSON object; else, for any other body, its text when short and printable; else the reason
/// phrase of the status (also for a 5xx with an HTML page, as botocore gives it).
#[test]
fn error_message_rules() {
    let long = "x".repeat(257);
    let at_limit = "é".repeat(256);
    let table: Vec<(&str, u16, &[u8], Option<&str>)> = vec![
        ("message", 400, br#"{"message":"a","Message":"b","errorMessage":"c"}"#, Some("a")),
        ("Message", 400, br#"{"Message":"b","errorMessage":"c"}"#, Some("b")),
        ("errorMessage", 400, br#"{"errorMessage":"c"}"#, Some("c")),
        ("a message that is not a string is skipped", 400, br#"{"message":5,"Message":"b"}"#, Some("b")),
        ("a JSON object without one has none", 500, br#"{"other":"x"}"#, None),
        ("an empty 500", 500, b"", Some("Internal Server Error")),
        ("a blank 400", 400, b" \r\n ", Some("Bad Request")),
        ("an empty 404", 404, b"", Some("Not Found")),
        ("a 503 HTML page", 503, b"<html><body>Service Unavailable</body></html>", Some("Service Unavailable")),
        ("a 502 HTML page, blank first", 502, b"\n <html><body>x</body></html>", Some("Bad Gateway")),
        ("a short HTML page below 500 is text", 403, b"<html>denied</html>", Some("<html>denied</html>")),
        ("other markup at 5xx is text", 500, b"<!DOCTYPE html><p>x</p>", Some("<!DOCTYPE html><p>x</p>")),
        ("short plain text, trimmed", 502, b" upstream reset\n", Some("upstream reset")),
        ("multi-line text", 400, b"line one\nline two", Some("line one\nline two")),
        ("256 characters", 400, at_limit.as_bytes(), Some(at_limit.as_str())),
        ("257 characters", 400, long.as_bytes(), Some("Bad Request")),
        ("a control character", 429, b"slow\x07down", Some("Too Many Requests")),
        ("not UTF-8", 504, b"\xff\xfe gateway", Some("Gateway Timeout")),
        ("JSON that is not an object", 400, b"[1, 2]", Some("[1, 2]")),
        ("a status without a reason phrase", 599, b"", None),
    ];
    for (rule, status, body, message) in table {
        let resp = http::Response::builder().status(status).body(body.to_vec()).expect("response");
        let err = RevokeError::from_response(&resp);
        assert_eq!(err.message(), message, "{rule}");
        assert!(matches!(err, RevokeError::Unhandled(..)), "{rule}");
    }
    // A modeled error without its message member takes the response's message the same way.
    let resp = response(503, &[("x-amzn-ErrorType", "ThrottlingException")], "<html>busy</html>");
    match RevokeError::from_response(&resp) {
        RevokeError::ThrottlingException(e, _) => {
            assert_eq!(e.exception_message.as_deref(), Some("Service Unavailable"))
        }
        other => panic!("expected ThrottlingException, got {other:?}"),
    }
}

/// Every error read from a response carries its metadata: the real status (the model's stays
/// `ErrorMeta::STATUS`), the request ids and the headers; one built by hand has none.
#[test]
fn errors_carry_the_response_metadata() {
    use ivs_types::rt::ErrorMeta;
    use ivs_types::AccessDeniedException;
    let ids: &[(Headers, Option<&str>, Option<&str>)] = &[
        (&[("x-amzn-RequestId", "r-1"), ("x-amz-request-id", "r-2"), ("x-amz-id-2", "ext")], Some("r-1"), Some("ext")),
        (&[("x-amz-request-id", "r-2")], Some("r-2"), None),
        (&[("x-amzn-RequestId", ""), ("x-amz-request-id", "r-2")], Some("r-2"), None),
        (&[], None, None),
    ];
    for (headers, id, ext) in ids {
        for (code, status) in [("AccessDeniedException", 500), ("SomethingNew", 418)] {
            let mut all = headers.to_vec();
            all.push(("x-amzn-ErrorType", code));
            all.push(("Cache-Control", "no-store"));
            let err = RevokeError::from_response(&response(status, &all, r#"{"message":"m"}"#));
            assert_eq!(err.status(), status, "the response's status, not the model's");
            assert_eq!((err.request_id(), err.extended_request_id()), (*id, *ext), "{headers:?}");
            let meta = err.meta().expect("read from a response");
            assert_eq!((meta.status(), meta.request_id()), (status, *id));
            assert_eq!(meta.headers()["cache-control"], "no-store");
            assert_eq!(meta.header("CACHE-CONTROL"), Some("no-store"));
        }
    }
    assert_eq!(<AccessDeniedException as ErrorMeta>::STATUS, 403);
    // Built by hand (a server's error): no metadata, the model's status.
    let built: RevokeError = AccessDeniedException::builder().exception_message("no").build().into();
    assert_eq!((built.status(), built.meta(), built.request_id()), (403, None, None));
    assert_eq!(built.to_response().expect("renders").status(), 403);
    // The metadata's Debug names the headers but never prints their values (a header may be
    // an @sensitive member).
    let err = RevokeError::from_response(&response(
        403,
        &[("x-amzn-ErrorType", "AccessDeniedException"), ("x-amzn-RequestId", "r-1"), ("x-secret", "hunter2")],
        "{}",
    ));
    let debug = format!("{:?}", err.meta());
    assert!(debug.contains("x-secret") && debug.contains("r-1") && !debug.contains("hunter2"), "{debug}");
}

/// A success status whose body is not the output: its own variant, with the parse error as
/// `source()`, the status and the metadata; rendered by a proxy as a 502.
#[test]
fn malformed_success_responses() {
    for body in ["<html>", r#"{"errors":5}"#, "[1]"] {
        let resp = response(200, &[("x-amzn-RequestId", "r-9")], body);
        let err = Revoke::parse_response(&resp).expect_err(body);
        let RevokeError::MalformedResponse(m, meta) = &err else { panic!("{body}: {err:?}") };
        assert_eq!((m.status(), meta.as_ref().map(|m| m.status())), (200, Some(200)));
        assert_eq!((err.status(), err.code(), err.request_id()), (200, None, Some("r-9")));
        assert_eq!(err.fault(), ivs_types::rt::Fault::Server);
        assert!(!err.is_retryable());
        let source = std::error::Error::source(&err).expect("a source");
        assert!(source.downcast_ref::<ivs_types::rt::http::HttpError>().is_some(), "{source:?}");
        assert_eq!(err.message(), Some(source.to_string().as_str()));
        assert!(err.to_string().starts_with("cannot read the HTTP 200 response: malformed body"), "{err}");
        let rendered = err.to_response().expect("renders");
        assert_eq!((rendered.status().as_u16(), rendered.body().as_slice()), (502, &b"{}"[..]));
    }
}

/// Outputs keep the model's structure; the metadata comes beside it.
#[test]
fn outputs_come_with_their_metadata() {
    let resp = response(200, &[("x-amzn-RequestId", "r-7"), ("x-amz-id-2", "ext-7")], r#"{"errors":[]}"#);
    let (out, meta) = Revoke::parse_response_with_meta(&resp).expect("parses");
    assert_eq!(out, Revoke::parse_response(&resp).expect("parses"));
    assert_eq!((meta.status(), meta.request_id(), meta.extended_request_id()), (200, Some("r-7"), Some("ext-7")));
    let resp = response(200, &[("x-amz-request-id", "r-8")], "{}");
    assert_eq!(
        Revoke::parse_response_with_meta(&resp).map(|(_, m)| m.request_id().map(str::to_string)),
        Ok(Some("r-8".into()))
    );
    // An error comes out the same as from `parse_response`.
    let resp = response(429, &[("x-amzn-ErrorType", "ThrottlingException"), ("x-amzn-RequestId", "r-6")], "{}");
    let err = Revoke::parse_response_with_meta(&resp).expect_err("an error");
    assert_eq!((err.code(), err.request_id(), err.status()), (Some("ThrottlingException"), Some("r-6"), 429));
}

#[test]
fn server_reports_bad_requests() {
    let req = http::Request::builder()
        .method("POST")
        .uri("/BatchStartViewerSessionRevocation")
        .header("content-type", "application/json")
        .body(br#"{"viewerSessions":[{"channelArn":"nope"}]}"#.to_vec())
        .expect("request");
    match Revoke::parse_request(&req) {
        Err(RequestError::Invalid(r)) => {
            let paths: Vec<&str> = r.violations().iter().map(|v| v.path.as_str()).collect();
            assert_eq!(paths, ["/viewerSessions/0/channelArn", "/viewerSessions/0/viewerId"]);
        }
        other => panic!("expected a report, got {other:?}"),
    }
    let wrong = http::Request::builder()
        .method("GET")
        .uri("/BatchStartViewerSessionRevocation")
        .body(Vec::new())
        .expect("request");
    assert!(matches!(Revoke::parse_request(&wrong), Err(RequestError::Http(_))));
}

fn session() -> impl Strategy<Value = Session> {
    ("[a-z0-9]{1,8}", "\\PC{1,20}", 0..1000i32).prop_map(|(id, viewer, v)| {
        Session::builder()
            .channel_arn(format!("arn:aws:ivs:us-west-2:123456789012:channel/{id}"))
            .viewer_id(viewer)
            .viewer_session_versions_less_than_or_equal_to(v)
            .build()
            .expect("set")
    })
}

proptest! {
    #[test]
    fn inputs_round_trip_through_http(sessions in proptest::collection::vec(session(), 1..20)) {
        let input = Request::builder().viewer_sessions(sessions).build().expect("set");
        let req = Revoke::build_request(&input).expect("builds");
        prop_assert_eq!(Revoke::parse_request(&req).expect("parses"), input);
    }

    #[test]
    fn outputs_round_trip_through_http(entries in proptest::option::of(proptest::collection::vec(("\\PC{0,10}", "\\PC{0,10}", proptest::option::of("\\PC{0,10}")), 0..20))) {
        let errors = entries.map(|es| es.into_iter().map(|(a, v, c)| {
            ivs_types::BatchStartViewerSessionRevocationError::builder().channel_arn(a).viewer_id(v).set_code(c).build().expect("set")
        }).collect::<Vec<_>>());
        let output = Response::builder().set_errors(errors).build();
        let resp = Revoke::build_response(&output).expect("builds");
        prop_assert_eq!(Revoke::parse_response(&resp).expect("parses"), output);
    }

    #[test]
    fn arbitrary_response_bodies_never_panic(status in 100u16..600, body in proptest::collection::vec(any::<u8>(), 0..300), header in proptest::option::of("\\PC{0,40}")) {
        let mut b = http::Response::builder().status(status);
        if let Some(h) = header.as_deref().filter(|h| http::HeaderValue::from_str(h).is_ok()) {
            b = b.header("x-amzn-ErrorType", h);
        }
        let resp = b.body(body).expect("valid response");
        let _ = Revoke::parse_response(&resp);
        let _ = RevokeError::from_response(&resp);
    }
}

#[cfg(ivs_full)]
mod tagging {
    use super::*;
    use ivs_tests::ivs_full as ivs;
    use ivs_types::rt::http::HttpOperation;

    #[test]
    fn list_tag_and_untag_golden() {
        let arn = "arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh";
        let enc = "arn%3Aaws%3Aivs%3Aus-west-2%3A123456789012%3Achannel%2FabcdABCDefgh";

        let list = ivs::ListTagsForResourceRequest::builder().resource_arn(arn).build().expect("set");
        let req = ivs::operation::ListTagsForResource::build_request(&list).expect("builds");
        assert_eq!(req.method(), http::Method::GET);
        assert_eq!(req.uri().to_string(), format!("/tags/{enc}"));
        assert!(req.body().is_empty(), "no body members, no body");
        assert!(req.headers().get("content-type").is_none());
        let out =
            ivs::operation::ListTagsForResource::parse_response(&response(200, &[], r#"{"tags":{"team":"video"}}"#))
                .expect("parses");
        assert_eq!(out.tags.get("team").map(String::as_str), Some("video"));

        let tags: std::collections::BTreeMap<String, String> =
            [("team".to_string(), "video".to_string())].into_iter().collect();
        let tag = ivs::TagResourceRequest::builder().resource_arn(arn).tags(tags).build().expect("set");
        let req = ivs::operation::TagResource::build_request(&tag).expect("builds");
        assert_eq!(req.method(), http::Method::POST);
        assert_eq!(req.uri().to_string(), format!("/tags/{enc}"));
        assert_eq!(req.headers()["content-type"], "application/json");
        assert_eq!(json_body(req.body()), json!({"tags": {"team": "video"}}), "the label is not in the body");

        let untag = ivs::UntagResourceRequest::builder()
            .resource_arn(arn)
            .tag_keys(vec!["team".to_string(), "a b&c".to_string()])
            .build()
            .expect("set");
        let req = ivs::operation::UntagResource::build_request(&untag).expect("builds");
        assert_eq!(req.method(), http::Method::DELETE);
        assert_eq!(req.uri().to_string(), format!("/tags/{enc}?tagKeys=team&tagKeys=a%20b%26c"));
        assert!(req.body().is_empty());
        // And back, on the server side.
        let back = ivs::operation::UntagResource::parse_request(&req);
        match back {
            Ok(v) => assert_eq!(v.tag_keys, untag.tag_keys),
            // The model's ResourceArn pattern allows one letter before `/`, so a channel ARN
            // fails it; and 2026's tag key pattern has no `&`. Both are the model's own
            // constraints, reported together.
            Err(RequestError::Invalid(r)) => {
                let paths: Vec<&str> = r.violations().iter().map(|v| v.path.as_str()).collect();
                assert_eq!(paths, ["/resourceArn", "/tagKeys/1"]);
            }
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn modeled_errors_read_their_header_members() {
        let resp = response(
            404,
            &[("x-amzn-ErrorType", "ResourceNotFoundException"), ("Cache-Control", "no-store")],
            r#"{"exceptionMessage":"no such channel"}"#,
        );
        match ivs::operation::list_tags_for_resource::ListTagsForResourceError::from_response(&resp) {
            ivs::operation::list_tags_for_resource::ListTagsForResourceError::ResourceNotFoundException(e, _) => {
                assert_eq!(e.exception_message.as_deref(), Some("no such channel"));
                assert_eq!(e.cache_control.as_deref(), Some("no-store"));
            }
            other => panic!("expected ResourceNotFoundException, got {other:?}"),
        }
    }
}

#[test]
fn the_full_ivs_model_is_tested_when_shared_is_present() {
    assert_eq!(ivs_tests::has_ivs_full("tagging"), cfg!(ivs_full) && !ivs_tests::shared_hidden());
}

/// The generated router: each request to its operation (the most specific pattern first,
/// constant query parameters included), and each refusal as the protocol prescribes it.
mod router {
    use ivs_tests::golden_http::operation::ServiceRequest;

    fn request(method: &str, uri: &str, headers: &[(&str, &str)], body: &str) -> http::Request<Vec<u8>> {
        let mut b = http::Request::builder().method(method).uri(uri);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(body.as_bytes().to_vec()).expect("request")
    }

    fn refused(req: &http::Request<Vec<u8>>) -> (u16, String, Option<&'static str>) {
        let rejection = ServiceRequest::parse(req).expect_err("refused");
        let operation = rejection.operation;
        let response = rejection.into_response();
        let code = response.headers().get("x-amzn-errortype").and_then(|v| v.to_str().ok()).unwrap_or_default();
        (response.status().as_u16(), code.to_string(), operation)
    }

    #[test]
    fn requests_reach_their_operation() {
        let doc = request("POST", "/docs", &[("content-type", "application/json")], r#"{"title":"t"}"#);
        match ServiceRequest::parse(&doc) {
            Ok(ServiceRequest::PostDoc(input)) => assert_eq!(input.doc.map(|d| d.title), Some("t".to_string())),
            other => panic!("not PostDoc: {other:?}"),
        }
        let thing = request("GET", "/things/abc?maxResults=5", &[], "");
        match ServiceRequest::route(&thing) {
            Ok(ServiceRequest::GetThing(input)) => {
                assert_eq!((input.thing_id.as_str(), input.max_results), ("abc", Some(5)))
            }
            other => panic!("not GetThing: {other:?}"),
        }
        // A blob payload without @mediaType takes any Content-Type.
        let blob = request("PUT", "/blobs/a/b/data?kind=raw", &[("content-type", "image/png")], "bytes");
        let routed = ServiceRequest::route(&blob).expect("routed");
        assert_eq!(routed.operation_name(), "PutBlob");
    }

    #[test]
    fn refusals_are_the_protocols() {
        // No operation has this method and path, or this constant query parameter.
        assert_eq!(refused(&request("DELETE", "/docs", &[], "")), (404, "UnknownOperationException".into(), None));
        let no_kind = request("PUT", "/blobs/a/data", &[], "");
        assert_eq!(refused(&no_kind), (404, "UnknownOperationException".into(), None));
        // A body in another media type than the input's.
        let text = request("POST", "/docs", &[("content-type", "text/plain")], r#"{"title":"t"}"#);
        assert_eq!(refused(&text), (415, "UnsupportedMediaTypeException".into(), Some("PostDoc")));
        let unnamed = request("POST", "/docs", &[], r#"{"title":"t"}"#);
        assert_eq!(refused(&unnamed).0, 415);
        // An input without a body takes no body with a Content-Type; an empty body is taken.
        let thing_body = request("GET", "/things/abc", &[("content-type", "application/json")], "{}");
        assert_eq!(refused(&thing_body).0, 415);
        let thing_empty = request("GET", "/things/abc", &[("content-type", "application/json")], "");
        assert!(ServiceRequest::parse(&thing_empty).is_ok());
        // An Accept that does not take the output's media type (PostDoc answers text/plain).
        for (accept, ok) in [
            ("application/json", false),
            ("text/plain", true),
            ("text/*", true),
            ("*/*", true),
            ("application/json, text/plain;q=0.5", true),
            ("text/plain;q=0", false),
        ] {
            let r = request(
                "POST",
                "/docs",
                &[("content-type", "application/json"), ("accept", accept)],
                r#"{"title":"t"}"#,
            );
            match ServiceRequest::parse(&r) {
                Ok(_) => assert!(ok, "{accept} should be refused"),
                Err(e) => {
                    assert!(!ok, "{accept} should be taken: {e:?}");
                    assert_eq!(e.into_response().status(), 406);
                }
            }
        }
        // A body that is not JSON: 400 SerializationException, the message naming no value.
        let broken = request("POST", "/docs", &[("content-type", "application/json")], r#"{"title": hunter2"#);
        let (status, code, _) = refused(&broken);
        assert_eq!((status, code.as_str()), (400, "SerializationException"));
    }

    /// Constraint violations become the operation's modeled ValidationException.
    #[test]
    fn violations_become_the_modeled_validation_exception() {
        use ivs_tests::golden_ivs::operation::ServiceRequest as Ivs;
        let req = http::Request::builder()
            .method("POST")
            .uri("/BatchStartViewerSessionRevocation")
            .header("content-type", "application/json")
            .body(br#"{"viewerSessions":[]}"#.to_vec())
            .expect("request");
        let response = Ivs::route(&req).expect_err("refused");
        assert_eq!(response.status(), 400);
        assert_eq!(response.headers()["x-amzn-errortype"], "ValidationException");
        let body: serde_json::Value = serde_json::from_slice(response.body()).expect("JSON");
        let message = body["exceptionMessage"].as_str().unwrap_or_default();
        assert!(message.starts_with("1 validation error detected: Value with length 0 at '/viewerSessions'"), "{body}");
    }
}
