//! Smithy 1.0 models: `set`, `@box`, primitive members and the `@enum` trait.

use ivs_codegen::{generate_source, Selection};

const MODEL: &str = r#"{
  "smithy": "1.0",
  "shapes": {
    "ex#Thing": {
      "type": "structure",
      "members": {
        "count": {"target": "smithy.api#PrimitiveInteger"},
        "boxed": {"target": "smithy.api#Integer"},
        "local": {"target": "ex#Count"},
        "localBoxed": {"target": "ex#BoxedCount"},
        "flag": {"target": "smithy.api#PrimitiveBoolean", "traits": {"smithy.api#box": {}}},
        "tags": {"target": "ex#TagSet"},
        "size": {"target": "ex#Size"},
        "region": {"target": "ex#Region"}
      }
    },
    "ex#Count": {"type": "integer"},
    "ex#BoxedCount": {"type": "integer", "traits": {"smithy.api#box": {}}},
    "ex#TagSet": {"type": "set", "member": {"target": "smithy.api#String"}},
    "ex#Size": {"type": "string", "traits": {"smithy.api#enum": [
      {"value": "t2.micro", "name": "T2_MICRO", "documentation": "Small."},
      {"value": "m5.large", "name": "M5_LARGE"}
    ]}},
    "ex#Region": {"type": "string", "traits": {"smithy.api#enum": [{"value": "us-east-1"}, {"value": "*"}]}}
  }
}"#;

#[test]
fn a_1_0_model_generates_with_1_0_nullability() {
    let (text, ir) = generate_source(MODEL, &Selection::All).expect("1.0 model generates");
    assert!(ir.warnings.is_empty());
    let has = |needle: &str| assert!(text.contains(needle), "missing `{needle}` in:\n{text}");
    has("#[smithy(default = 0i32)]\n    pub count: i32,");
    has("pub boxed: ::std::option::Option<i32>,");
    has("#[smithy(default = 0i32)]\n    pub local: i32,");
    has("pub local_boxed: ::std::option::Option<i32>,");
    has("pub flag: ::std::option::Option<bool>,");
    has("pub tags: ::std::option::Option<::std::vec::Vec<::std::string::String>>,");
    has("pub enum Size {");
    has("T2Micro,");
    has("M5Large,");
    has("\"t2.micro\" => Self::T2Micro,");
    has("pub enum Region {");
    has("UsEast1,");
    has("\"*\" => Self::Value,");
}
