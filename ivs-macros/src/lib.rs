//! `#[derive(Structure)]`: required-member checks, a builder and restJson1 serde for
//! Smithy structures.
//!
//! The derive is what `ivs-codegen` puts on every generated structure, and it works on
//! hand-written structs as well. For a struct it generates:
//!
//! - a builder, `Type::builder()`, with one setter per field and a `build()` that returns
//!   [`MissingMembers`](../ivs_types/rt/struct.MissingMembers.html) naming **every** unset
//!   required member by its model name, not only the first; a struct without a `required`
//!   field has nothing to miss, and its `build()` returns the struct itself;
//! - `serde::Serialize`: the JSON body, absent optional members omitted;
//! - `serde::Deserialize`: reads the JSON body, ignores unknown keys, fills defaults, and
//!   fails with one error naming every absent or null required member anywhere in the value
//!   by JSON-pointer path (`/viewerSessions/2/viewerId`);
//! - `ivs_types::rt::Wire`, the context-passing deserialization both of those use.
//!
//! The generated code names `::ivs_types` (and serde through it), so the struct's crate must
//! depend on `ivs-types`.
//!
//! # Attributes
//!
//! On the struct:
//! - `#[smithy(name = "ModelName")]`: the structure's model name in messages (default: the
//!   struct's name).
//! - `#[smithy(builder = "FooBuilder")]`: the builder's name (default: `{Struct}Builder`),
//!   defined beside the struct. A path, `#[smithy(builder = "builders::FooBuilder")]`, is
//!   where the caller puts it (what `ivs-codegen` does, so that no model type can take a
//!   builder's name): the derive defines the builder in a hidden module `__builder_{Struct}`
//!   (as `__Builder`, which hides none of the names its fields use), `builder()` returns the
//!   path, and the caller re-exports it there, in a module `builders` beside the struct:
//!   `pub use super::__builder_Foo::__Builder as FooBuilder;`. Its `Debug` prints
//!   `FooBuilder`.
//!
//! On a field (a field is optional when its type is `Option<T>`; otherwise it must be
//! `required` or have a `default`):
//! - `required`: the member must be present; the field is a plain `T`.
//! - `default` or `default = <expr>`: the value when the member is absent
//!   (`Default::default()` without an expression; an expression with a top-level comma goes
//!   in parentheses). On an `Option<T>` field, `default = <expr>` (with the expression) makes
//!   a client-optional member with a default: unset is `None` and is not sent, and reading
//!   fills `Some(<expr>)` when the member is absent.
//! - `rename = "jsonKey"`: the JSON key (default: the field name).
//! - `member = "modelName"`: the member's model name in messages (default: the JSON key).
//! - `header = "Name"`, `prefix_headers = "Prefix-"`, `label`, `query = "name"`,
//!   `query_params`, `payload`, `response_code`: the member travels in the HTTP message,
//!   not in the JSON body, so the body serde skips it.
//!
//! # Example
//!
//! ```
//! use ivs_macros::Structure;
//!
//! #[derive(Debug, Clone, PartialEq, Structure)]
//! #[smithy(name = "ViewerSession")]
//! pub struct ViewerSession {
//!     #[smithy(required, rename = "channelArn")]
//!     pub channel_arn: String,
//!     #[smithy(required, rename = "viewerId")]
//!     pub viewer_id: String,
//!     #[smithy(default = 0, rename = "version")]
//!     pub version: i32,
//!     pub note: Option<String>,
//! }
//!
//! let err = ViewerSession::builder().note("hi").build().unwrap_err();
//! assert_eq!(err.to_string(), "ViewerSession is missing required members: channelArn, viewerId");
//!
//! let v = ViewerSession::builder().channel_arn("arn").viewer_id("v").build().unwrap();
//! assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"channelArn":"arn","viewerId":"v","version":0}"#);
//!
//! let list: Vec<ViewerSession> = serde_json::from_str(r#"[{"channelArn":"a","viewerId":"b"}]"#).unwrap();
//! assert_eq!(list[0].version, 0);
//! let err = serde_json::from_str::<ViewerSession>(r#"{"viewerId":null}"#).unwrap_err();
//! assert!(err.to_string().starts_with("missing required members: /channelArn, /viewerId"));
//! ```

mod ast;
mod attr;
mod expand;
mod valid;

use proc_macro::TokenStream;

/// Derives the builder, required-member checks and restJson1 serde of a Smithy structure.
/// See the crate documentation for the attributes.
#[proc_macro_derive(Structure, attributes(smithy))]
pub fn derive_structure(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    match ast::Container::from_ast(&input).and_then(|c| valid::check(&c).map(|()| c)) {
        Ok(c) => expand::expand(&c).into(),
        Err(e) => e.to_compile_error().into(),
    }
}
