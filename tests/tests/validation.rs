//! Validators of `models/ivs.json`: a table of requests with their exact reports, and
//! property tests (valid values are clean; one broken constraint gives exactly one entry).

use ivs_types::rt::{parse_and_validate, Report, RequestError, Validate};
use ivs_types::{
    BatchStartViewerSessionRevocationRequest as Request, BatchStartViewerSessionRevocationViewerSession as Session,
    ValidationException,
};
use proptest::prelude::*;

const ARN: &str = "arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh";

fn session(arn: &str, viewer: &str) -> String {
    format!(r#"{{"channelArn":"{arn}","viewerId":"{viewer}"}}"#)
}

fn body(sessions: &[String]) -> String {
    format!(r#"{{"viewerSessions":[{}]}}"#, sessions.join(","))
}

fn report(body: &str) -> Vec<String> {
    match parse_and_validate::<Request>(body.as_bytes()) {
        Ok(_) => Vec::new(),
        Err(RequestError::Invalid(r)) => r.violations().iter().map(|v| v.message.clone()).collect(),
        Err(e) => panic!("{body} is malformed: {e}"),
    }
}

#[test]
fn the_request_table() {
    let long_arn = format!("arn:aws:ivs:us-west-2:123456789012:channel/{}", "a".repeat(86));
    assert_eq!(long_arn.chars().count(), 129);
    let table: Vec<(&str, String, Vec<String>)> = vec![
        ("valid", body(&[session(ARN, "v1"), session(ARN, "v2")]), vec![]),
        (
            "empty list",
            body(&[]),
            vec!["Value with length 0 at '/viewerSessions' failed to satisfy constraint: Member must have length between 1 and 20, inclusive".into()],
        ),
        (
            "21 sessions",
            body(&vec![session(ARN, "v"); 21]),
            vec!["Value with length 21 at '/viewerSessions' failed to satisfy constraint: Member must have length between 1 and 20, inclusive".into()],
        ),
        (
            "ARN too long",
            body(&[session(&long_arn, "v")]),
            vec!["Value with length 129 at '/viewerSessions/0/channelArn' failed to satisfy constraint: Member must have length between 1 and 128, inclusive".into()],
        ),
        (
            "ARN of the wrong form",
            body(&[session(ARN, "v"), session("arn:aws:ivs:us-west-2:123456789012:stage/abc", "v")]),
            vec!["Value at '/viewerSessions/1/channelArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws:ivs:[a-z0-9-]+:[0-9]+:channel/[a-zA-Z0-9-]+$".into()],
        ),
        (
            "missing and too long together",
            body(&[format!(r#"{{"channelArn":"{long_arn}"}}"#)]),
            vec![
                "Value with length 129 at '/viewerSessions/0/channelArn' failed to satisfy constraint: Member must have length between 1 and 128, inclusive".into(),
                "Value at '/viewerSessions/0/viewerId' failed to satisfy constraint: Member must not be null".into(),
            ],
        ),
        (
            "null is absent",
            body(&[format!(r#"{{"channelArn":"{ARN}","viewerId":null}}"#)]),
            vec!["Value at '/viewerSessions/0/viewerId' failed to satisfy constraint: Member must not be null".into()],
        ),
        (
            "negative version",
            body(&[format!(r#"{{"channelArn":"{ARN}","viewerId":"v","viewerSessionVersionsLessThanOrEqualTo":-1}}"#)]),
            vec!["Value at '/viewerSessions/0/viewerSessionVersionsLessThanOrEqualTo' failed to satisfy constraint: Member must be greater than or equal to 0".into()],
        ),
        (
            "viewer ID counted in scalar values, not bytes",
            body(&[session(ARN, &"é".repeat(40)), session(ARN, &"😀".repeat(41))]),
            vec!["Value with length 41 at '/viewerSessions/1/viewerId' failed to satisfy constraint: Member must have length between 1 and 40, inclusive".into()],
        ),
        (
            "three problems anywhere",
            body(&[session(ARN, ""), session("nope", "v"), "{}".to_string()]),
            vec![
                "Value with length 0 at '/viewerSessions/0/viewerId' failed to satisfy constraint: Member must have length between 1 and 40, inclusive".into(),
                "Value at '/viewerSessions/1/channelArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ^arn:aws:ivs:[a-z0-9-]+:[0-9]+:channel/[a-zA-Z0-9-]+$".into(),
                "Value at '/viewerSessions/2/channelArn' failed to satisfy constraint: Member must not be null".into(),
                "Value at '/viewerSessions/2/viewerId' failed to satisfy constraint: Member must not be null".into(),
            ],
        ),
        (
            "missing list",
            "{}".to_string(),
            vec!["Value at '/viewerSessions' failed to satisfy constraint: Member must not be null".into()],
        ),
    ];
    for (what, body, expected) in table {
        assert_eq!(report(&body), expected, "{what}");
    }
}

#[test]
fn the_report_renders_as_a_validation_exception() {
    let err = match parse_and_validate::<Request>(body(&[session(ARN, ""), session("x", "v")]).as_bytes()) {
        Err(RequestError::Invalid(r)) => r,
        other => panic!("expected a report, got {other:?}"),
    };
    let text = err.to_string();
    assert!(
        text.starts_with("2 validation errors detected: Value with length 0 at '/viewerSessions/0/viewerId'"),
        "{text}"
    );
    assert!(text.contains("; Value at '/viewerSessions/1/channelArn'"), "{text}");
    let framework = err.to_framework_exception();
    // Smithy's exception writes a period after the count (its protocol tests' form).
    assert_eq!(framework.message, text.replacen("detected: ", "detected. ", 1));
    let fields = framework.field_list.clone().unwrap_or_default();
    assert_eq!(
        fields.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
        ["/viewerSessions/0/viewerId", "/viewerSessions/1/channelArn"]
    );
    assert_eq!(
        serde_json::to_value(&framework).expect("serializes")["fieldList"][1]["path"],
        "/viewerSessions/1/channelArn"
    );
    let modeled: ValidationException = err.into();
    assert_eq!(modeled.exception_message.as_deref(), Some(text.as_str()));

    let one = match parse_and_validate::<Request>(b"{}") {
        Err(RequestError::Invalid(r)) => r,
        other => panic!("expected a report, got {other:?}"),
    };
    assert!(one.to_string().starts_with("1 validation error detected: "));
}

#[test]
fn malformed_bodies_are_errors_not_panics() {
    for bad in [&b"{"[..], b"[]", b"{\"viewerSessions\": 3}", b"\xff\xfe", b"{\"viewerSessions\":[{\"channelArn\":1}]}"]
    {
        assert!(matches!(parse_and_validate::<Request>(bad), Err(RequestError::Malformed(_))), "{bad:?}");
    }
}

fn valid_session() -> impl Strategy<Value = Session> {
    ("[a-z0-9-]{1,12}", "[0-9]{1,12}", "[a-zA-Z0-9-]{1,40}", "\\PC{1,40}", 0..i32::MAX).prop_map(
        |(region, account, id, viewer, version)| {
            Session::builder()
                .channel_arn(format!("arn:aws:ivs:{region}:{account}:channel/{id}"))
                .viewer_id(viewer)
                .viewer_session_versions_less_than_or_equal_to(version)
                .build()
                .expect("required members set")
        },
    )
}

fn valid_request() -> impl Strategy<Value = Request> {
    proptest::collection::vec(valid_session(), 1..=20)
        .prop_map(|s| Request::builder().viewer_sessions(s).build().expect("required members set"))
}

fn paths(r: &Report) -> Vec<String> {
    r.violations().iter().map(|v| v.path.clone()).collect()
}

proptest! {
    #[test]
    fn values_inside_the_constraints_validate_clean(req in valid_request()) {
        prop_assert_eq!(req.validate(), Ok(()));
        let json = serde_json::to_vec(&req).expect("serializes");
        prop_assert!(parse_and_validate::<Request>(&json).is_ok());
    }

    #[test]
    fn one_broken_constraint_gives_one_entry(req in valid_request(), which in 0usize..5, at in any::<prop::sample::Index>()) {
        let mut req = req;
        let i = at.index(req.viewer_sessions.len());
        let expected = match which {
            0 => { req.viewer_sessions[i].channel_arn = format!("{}/{}", req.viewer_sessions[i].channel_arn, "x"); format!("/viewerSessions/{i}/channelArn") }
            1 => { req.viewer_sessions[i].viewer_id = String::new(); format!("/viewerSessions/{i}/viewerId") }
            2 => { req.viewer_sessions[i].viewer_id = "v".repeat(41); format!("/viewerSessions/{i}/viewerId") }
            3 => { req.viewer_sessions[i].viewer_session_versions_less_than_or_equal_to = -1; format!("/viewerSessions/{i}/viewerSessionVersionsLessThanOrEqualTo") }
            _ => { req.viewer_sessions.clear(); "/viewerSessions".to_string() }
        };
        let report = req.validate().expect_err("one constraint broken");
        prop_assert_eq!(paths(&report), vec![expected]);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = parse_and_validate::<Request>(&bytes);
        let _ = ivs_types::rt::parse_response_body::<ivs_types::BatchStartViewerSessionRevocationResponse>(&bytes);
    }
}

/// A malformed body's message says where and what kind of problem, never a value from the
/// body (which may be `@sensitive`).
#[test]
fn malformed_bodies_do_not_echo_values() {
    let body = br#"{"viewerSessions": "s3cret-value"}"#;
    match parse_and_validate::<Request>(body) {
        Err(e @ RequestError::Malformed(_)) => {
            let text = e.to_string();
            assert!(text.contains("JSON of the wrong shape at line 1"), "{text}");
            assert!(!text.contains("s3cret"), "{text}");
        }
        other => panic!("expected a malformed body, got {other:?}"),
    }
}
