//! The `Structure` derive on hand-written structs: builder, every-missing report, strict
//! deserialization with paths, defaults, unknown keys, serialization.

use ivs_macros::Structure;

#[derive(Debug, Clone, PartialEq, Structure)]
#[smithy(name = "Session")]
pub struct Session {
    #[smithy(required, rename = "channelArn")]
    pub channel_arn: String,
    #[smithy(required, rename = "viewerId")]
    pub viewer_id: String,
    #[smithy(default = 0, rename = "version")]
    pub version: i32,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Structure)]
pub struct Batch {
    #[smithy(required, rename = "sessions")]
    pub sessions: Vec<Session>,
    #[smithy(default)]
    pub tags: std::collections::BTreeMap<String, String>,
    pub nested: Option<Box<Batch>>,
    #[smithy(header = "X-Trace")]
    pub trace: Option<String>,
}

#[test]
fn builder_success() {
    let s = Session::builder().channel_arn("arn").viewer_id("v").build().expect("all required set");
    assert_eq!(s, Session { channel_arn: "arn".into(), viewer_id: "v".into(), version: 0, note: None });
    let s = Session::builder().channel_arn("arn").viewer_id("v").version(7).note("n").build().expect("set");
    assert_eq!((s.version, s.note.as_deref()), (7, Some("n")));
    let cleared = Session::builder().channel_arn("a").viewer_id("v").note("n").set_note(None).build().expect("set");
    assert_eq!(cleared.note, None);
}

#[test]
fn builder_names_every_missing_required_member() {
    let err = Session::builder().version(1).build().expect_err("two missing");
    assert_eq!(err.shape, "Session");
    assert_eq!(err.members, vec!["channelArn", "viewerId"]);
    assert_eq!(err.to_string(), "Session is missing required members: channelArn, viewerId");
    let err = Session::builder().channel_arn("a").build().expect_err("one missing");
    assert_eq!(err.to_string(), "Session is missing required member: viewerId");
}

#[test]
fn deserializing_reports_every_missing_member_with_its_path() {
    let body = r#"{"sessions": [
        {"channelArn": "a", "viewerId": "1"},
        {"channelArn": "b"},
        {"viewerId": null, "note": "x"}
    ], "nested": {"sessions": [{}]}}"#;
    let err = serde_json::from_str::<Batch>(body).expect_err("missing members");
    assert!(
        err.to_string().starts_with(
            "missing required members: /sessions/1/viewerId, /sessions/2/channelArn, /sessions/2/viewerId, \
             /nested/sessions/0/channelArn, /nested/sessions/0/viewerId"
        ),
        "{err}"
    );
    match ivs_types::rt::parse_request_body::<Batch>(body.as_bytes()) {
        Err(ivs_types::rt::BodyError::Missing { paths, total }) => assert_eq!((paths.len(), total), (5, 5)),
        other => panic!("expected the missing list, got {other:?}"),
    }
}

#[test]
fn client_error_correction_fills_zero_values() {
    let b: Batch = ivs_types::rt::parse_response_body(br#"{"sessions": [{"viewerId": "v"}]}"#).expect("corrected");
    assert_eq!(b.sessions[0].channel_arn, "");
    assert_eq!(b.sessions[0].viewer_id, "v");
    let empty: Batch = ivs_types::rt::parse_response_body(b"").expect("empty body is an empty structure");
    assert!(empty.sessions.is_empty());
}

#[test]
fn defaults_unknown_keys_nulls_and_http_members() {
    let s: Session = serde_json::from_str(r#"{"channelArn":"a","viewerId":"v","future":{"x":[1]},"note":null}"#)
        .expect("unknown keys ignored, null is absent");
    assert_eq!((s.version, s.note.as_deref()), (0, None));
    let b = Batch::builder().sessions(vec![s.clone()]).trace("t-1").build().expect("set");
    let json = serde_json::to_string(&b).expect("serializes");
    assert_eq!(json, r#"{"sessions":[{"channelArn":"a","viewerId":"v","version":0}],"tags":{}}"#);
    let back: Batch = serde_json::from_str(&json).expect("parses");
    assert_eq!(back.trace, None, "header members are not in the body");
    assert_eq!(back.sessions, b.sessions);
}

#[test]
fn duplicate_keys_and_wrong_types_are_errors_not_panics() {
    assert!(serde_json::from_str::<Session>(r#"{"channelArn":"a","channelArn":"b","viewerId":"v"}"#).is_err());
    assert!(serde_json::from_str::<Session>(r#"{"channelArn":1,"viewerId":"v"}"#).is_err());
    assert!(serde_json::from_str::<Session>(r#"[]"#).is_err());
}

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

/// A model type named like the builder (`TicketBuilder`), used by a field: the builder lives
/// in `builders` (`builder = "builders::TicketBuilder"`) and hides nothing.
#[derive(Debug, Clone, PartialEq, Structure)]
pub struct TicketBuilder {
    pub id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Structure)]
#[smithy(builder = "builders::TicketBuilder")]
pub struct Ticket {
    #[smithy(required)]
    pub maker: TicketBuilder,
    #[smithy(sensitive)]
    pub secret: Option<String>,
}

/// Where `Ticket`'s builder is re-exported, as `ivs-codegen` writes it.
pub mod builders {
    pub use super::__builder_Ticket::__Builder as TicketBuilder;
}

#[test]
fn a_builder_at_a_path_is_re_exported_there() {
    let b: builders::TicketBuilder = Ticket::builder().secret("hunter2");
    assert_eq!(format!("{b:?}"), r#"TicketBuilder { maker: None, secret: Some("*** Sensitive Data Redacted ***") }"#);
    let maker = TicketBuilder::builder().id("m").build();
    let t = b.maker(maker.clone()).build().expect("set");
    assert_eq!(t.maker, maker);
}
