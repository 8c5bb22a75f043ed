//! Serde round trips of every generated type of the seed operation: value → JSON → value is
//! the identity, and JSON written by hand reads into the value it describes.

use ivs_types::{
    AccessDeniedException, BatchStartViewerSessionRevocationError, BatchStartViewerSessionRevocationRequest,
    BatchStartViewerSessionRevocationResponse, BatchStartViewerSessionRevocationViewerSession, PendingVerification,
    ThrottlingException, ValidationException,
};
use proptest::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(v: &T) {
    let json = serde_json::to_string(v).expect("serializes");
    let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json} does not read back: {e}"));
    assert_eq!(&back, v, "through {json}");
    let again = serde_json::to_string(&back).expect("serializes");
    assert_eq!(again, json, "JSON out is stable");
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[a-zA-Z0-9:/-]{0,40}", Just(String::new()), Just("\"\\\u{0}\u{1F600}".to_string())]
}

fn session() -> impl Strategy<Value = BatchStartViewerSessionRevocationViewerSession> {
    (text(), text(), any::<i32>()).prop_map(|(arn, viewer, version)| {
        BatchStartViewerSessionRevocationViewerSession::builder()
            .channel_arn(arn)
            .viewer_id(viewer)
            .viewer_session_versions_less_than_or_equal_to(version)
            .build()
            .expect("required members set")
    })
}

fn entry() -> impl Strategy<Value = BatchStartViewerSessionRevocationError> {
    (text(), text(), proptest::option::of(text()), proptest::option::of(text())).prop_map(|(arn, viewer, code, msg)| {
        BatchStartViewerSessionRevocationError::builder()
            .channel_arn(arn)
            .viewer_id(viewer)
            .set_code(code)
            .set_message(msg)
            .build()
            .expect("required members set")
    })
}

proptest! {
    #[test]
    fn requests_round_trip(sessions in proptest::collection::vec(session(), 0..25)) {
        for s in &sessions {
            round_trip(s);
        }
        let request = BatchStartViewerSessionRevocationRequest::builder().viewer_sessions(sessions).build().expect("set");
        round_trip(&request);
    }

    #[test]
    fn responses_round_trip(errors in proptest::option::of(proptest::collection::vec(entry(), 0..25))) {
        let response = BatchStartViewerSessionRevocationResponse::builder().set_errors(errors).build();
        round_trip(&response);
        if let Some(list) = &response.errors {
            for e in list {
                round_trip(e);
            }
        }
    }

    #[test]
    fn errors_round_trip(message in proptest::option::of(text())) {
        round_trip(&AccessDeniedException::builder().set_exception_message(message.clone()).build());
        round_trip(&PendingVerification::builder().set_exception_message(message.clone()).build());
        round_trip(&ThrottlingException::builder().set_exception_message(message.clone()).build());
        round_trip(&ValidationException::builder().set_exception_message(message).build());
    }
}

#[test]
fn hand_written_json_reads_into_the_value_it_describes() {
    let body = r#"{"viewerSessions":[{"channelArn":"arn:aws:ivs:us-west-2:123456789012:channel/abcd","viewerId":"v1","viewerSessionVersionsLessThanOrEqualTo":3},{"channelArn":"arn:aws:ivs:us-west-2:123456789012:channel/efgh","viewerId":"v2"}]}"#;
    let request: BatchStartViewerSessionRevocationRequest = serde_json::from_str(body).expect("reads");
    assert_eq!(request.viewer_sessions.len(), 2);
    assert_eq!(request.viewer_sessions[0].viewer_session_versions_less_than_or_equal_to, 3);
    assert_eq!(request.viewer_sessions[1].viewer_session_versions_less_than_or_equal_to, 0);
    assert_eq!(request.viewer_sessions[1].viewer_id, "v2");

    let response: BatchStartViewerSessionRevocationResponse =
        serde_json::from_str(r#"{"errors":[{"channelArn":"a","viewerId":"b","code":"404","message":"no such"}]}"#)
            .expect("reads");
    let e = &response.errors.as_ref().expect("errors")[0];
    assert_eq!((e.code.as_deref(), e.message.as_deref()), (Some("404"), Some("no such")));
    let empty: BatchStartViewerSessionRevocationResponse = serde_json::from_str("{}").expect("reads");
    assert_eq!(empty.errors, None);
    assert_eq!(serde_json::to_string(&empty).expect("writes"), "{}", "absent members are omitted, not null");
}

#[test]
fn a_request_missing_members_names_them_all_with_paths() {
    let body = r#"{"viewerSessions":[{"channelArn":"a","viewerId":"1"},{"channelArn":"b"},{},{"viewerId":null,"channelArn":"c"}]}"#;
    let err = serde_json::from_str::<BatchStartViewerSessionRevocationRequest>(body).expect_err("missing");
    assert!(
        err.to_string().starts_with(
            "missing required members: /viewerSessions/1/viewerId, /viewerSessions/2/channelArn, \
             /viewerSessions/2/viewerId, /viewerSessions/3/viewerId"
        ),
        "{err}"
    );
    let err = serde_json::from_str::<BatchStartViewerSessionRevocationRequest>("{}").expect_err("missing");
    assert!(err.to_string().starts_with("missing required member: /viewerSessions"), "{err}");
}
