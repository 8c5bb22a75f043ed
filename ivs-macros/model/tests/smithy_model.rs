//! `smithy_model!` on the IVS model (the seed operation), on conformance models, on a model
//! split over files and folders, with attributes and an extern type; `tests/ui/` holds its
//! compile errors (a bad model, a missing file, bad arguments) and `tests/rebuild.rs` shows
//! that a changed model is picked up.

use ivs_types::rt::{Operation, Validate};

/// The seed operation, as `ivs-types` generates it from the same model in its build script.
mod ivs {
    ivs_model_macro::smithy_model!(
        model = "../../models/ivs.json",
        operation = "com.amazonaws.ivs#BatchStartViewerSessionRevocation",
    );
}

/// Conformance: every shape type and code-changing trait (the event stream is skipped: a
/// warning, allowed here).
#[allow(deprecated)]
mod shapes {
    ivs_model_macro::smithy_model!(model = "../../tests/models/shapes.json");
}

/// Conformance: one member per constraint trait, generated in strict mode.
mod constraints {
    ivs_model_macro::smithy_model!(model = "../../tests/models/constraints.json", strict);
}

/// A small model with protocol compliance tests (`tests/protocol-tests/small.json`): they
/// are this test binary's tests too (`small::protocol_tests::...`).
mod small {
    ivs_model_macro::smithy_model!(model = "../../tests/protocol-tests/small.json", protocol_tests);
}

/// A model in the Smithy IDL.
mod greeter {
    ivs_model_macro::smithy_model!(model = "tests/models/idl/greeter.smithy");
}

/// The shared shapes of the split model: a folder of its own.
mod common {
    ivs_model_macro::smithy_model!(
        model = "tests/models/split/common",
        type_attribute("example.common#Widget", "#[derive(PartialOrd)]"),
        field_attribute("example.common#Widget$name", "#[doc(alias = \"title\")]"),
    );
}

/// The service of the split model, from the whole folder, taking `Widget` from [`common`].
mod widgets {
    ivs_model_macro::smithy_model!(
        model = "tests/models/split",
        service = "example.widgets#Widgets",
        extern_type("example.common#Widget", crate::common::Widget),
    );
}

/// The same service from two `model` arguments, every shape generated here.
mod widgets_whole {
    ivs_model_macro::smithy_model!(
        model = "tests/models/split/service.json",
        model = "tests/models/split/common/widget.json",
        operation = "PutWidget",
    );
}

#[test]
fn ivs_seed_operation() {
    let session = ivs::BatchStartViewerSessionRevocationViewerSession::builder()
        .channel_arn("arn:aws:ivs:us-west-2:123456789012:channel/abcd")
        .viewer_id("viewer-1")
        .build()
        .expect("required members set");
    let request =
        ivs::BatchStartViewerSessionRevocationRequest::builder().viewer_sessions(vec![session]).build().expect("set");
    assert_eq!(request.validate(), Ok(()));

    // The same JSON as the types `ivs-types` generates from the same model in `build.rs`.
    let json = serde_json::to_string(&request).expect("serializes");
    let theirs: ivs_types::BatchStartViewerSessionRevocationRequest = serde_json::from_str(&json).expect("reads");
    assert_eq!(serde_json::to_string(&theirs).expect("serializes"), json);

    let err = serde_json::from_str::<ivs::BatchStartViewerSessionRevocationRequest>(
        r#"{"viewerSessions":[{"viewerId":"v"}]}"#,
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("missing required member: /viewerSessions/0/channelArn"), "{err}");

    type Op = ivs::operation::BatchStartViewerSessionRevocation;
    assert_eq!(Op::SHAPE_ID, "com.amazonaws.ivs#BatchStartViewerSessionRevocation");
    assert_eq!(Op::HTTP_URI, Some("/BatchStartViewerSessionRevocation"));
    let error = std::any::type_name::<<Op as Operation>::Error>();
    assert!(error.starts_with("smithy_model::ivs::") && error.ends_with("Error"), "generated here: {error}");
}

#[test]
fn conformance_models() {
    let input = shapes::EverythingInput::builder().region("eu").required("r").build().expect("required set");
    assert_eq!(input.default_int, 42, "the model's @default");
    assert_eq!(shapes::Suit::from("UNLISTED").as_str(), "UNLISTED", "unknown enum values are kept");

    let value: constraints::Everything =
        serde_json::from_str(r#"{"id":"x","name":"NOT-lower","memberLength":"abc"}"#).expect("reads");
    let report = value.validate().unwrap_err().to_string();
    assert!(report.contains("'/name'") && report.contains("'/memberLength'"), "{report}");
}

#[test]
fn split_model_folders_attributes_and_extern_types() {
    let small = common::Widget::builder().name("a").build().expect("set");
    let large = common::Widget::builder().name("b").color(common::Color::Red).build().expect("set");
    assert!(small < large, "the type attribute derives PartialOrd");

    let input = widgets::PutWidgetInput::builder().widget(large.clone()).build().expect("set");
    let same: &common::Widget = &input.widget;
    assert_eq!(same, &large, "Widget is the extern type");

    let json = r#"{"widget":{"name":"way too long","color":"red"}}"#;
    let whole: widgets_whole::PutWidgetInput = serde_json::from_str(json).expect("reads");
    let report = whole.validate().unwrap_err();
    assert!(report.to_string().contains("'/widget/name'"), "{report}");
    assert_eq!(serde_json::to_string(&whole).expect("serializes"), json);
}

#[test]
fn idl_model() {
    let input = greeter::GreetInput::builder().name("Ada").build().expect("set");
    assert_eq!(input.times, None, "a defaulted member of an @input structure is Option: unset");
    let json = serde_json::to_string(&input).expect("serializes");
    assert_eq!(json, r#"{"name":"Ada"}"#, "unset is not sent");
    let set = greeter::GreetInput::builder().name("Ada").times(1).build().expect("set");
    assert_eq!(serde_json::to_string(&set).expect("serializes"), r#"{"name":"Ada","times":1}"#, "set to the default on purpose is sent");
    let long: greeter::GreetInput = serde_json::from_str(r#"{"name":"Ada Lovelace"}"#).expect("reads");
    assert_eq!(long.times, Some(1), "reading fills the IDL default");
    assert!(long.validate().unwrap_err().to_string().contains("'/name'"));
    assert_eq!(<greeter::operation::Greet as Operation>::HTTP_URI, Some("/greet"));
}

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
