//! Rust types for the AWS IVS API, generated at build time by `ivs-codegen` from a Smithy
//! JSON AST model (by default `models/ivs.json` of this workspace; set `IVS_MODEL` to a
//! model file to generate from another, such as the whole IVS service), and the small
//! runtime (`rt`) that every generated crate uses.
//!
//! Features: `ivs` (default) generates the IVS types; without it only the runtime is built,
//! which is what packages written by `ivs-codegen generate --crate` depend on. `fancy`
//! (default) enables `fancy-regex` for `@pattern`s with look-around or back-references.
//!
//! Every structure is built with its builder (`Type::builder()`), which reports every
//! unset required member at once; every type reads and writes the restJson1 JSON body.
//!
//! ```
//! # #[cfg(feature = "ivs")] {
//! use ivs_types::{BatchStartViewerSessionRevocationRequest, BatchStartViewerSessionRevocationViewerSession};
//!
//! let session = BatchStartViewerSessionRevocationViewerSession::builder()
//!     .channel_arn("arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh")
//!     .viewer_id("viewer-1")
//!     .build()?;
//! let request = BatchStartViewerSessionRevocationRequest::builder().viewer_sessions(vec![session]).build()?;
//! let json = serde_json::to_string(&request)?;
//! assert!(json.contains("\"viewerSessionVersionsLessThanOrEqualTo\":0"));
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
// Warnings stay warnings here: a generated package that depends on this crate by path (the
// default) would stop building on the first lint a newer rustc adds, as Cargo caps lints
// only for registry and git dependencies. CI denies them instead (`tests/tests/lints.rs`).
#![warn(missing_docs)]

extern crate self as ivs_types;

pub mod rt;

/// What generated code needs from the runtime beyond its public API. **Not a public API**:
/// anything here can change in any release; use [`rt`].
#[doc(hidden)]
pub mod __private {
    pub use http;
    pub use serde;
    pub use serde_json;

    pub use crate::rt::{
        de_strict, isa, ser, validate, Cx, ErrorRef, Key, Mode, Pattern, Program, Seed, SimplePart, UnitValue, Wire,
    };

    /// The HTTP plumbing of generated code.
    pub mod http_parts {
        pub use crate::rt::absent::Absent;
        pub use crate::rt::http::{
            aws_json_error_code, build_request, build_response, decode_for, empty_object, error_code, error_message, error_message_for,
            error_response, finish_request, malformed_response, match_path, parse_error, parse_output, parse_request,
            payload_strict, percent_decode, percent_encode, sanitize_error_code, split_header_list, unhandled_of,
            unhandled_response, EmptyBody, HttpBinding, HttpIn, HttpMembers, HttpOut, HttpValue, UriSegment,
        };
        pub use crate::rt::transfer::{idempotency_token, HostPrefix};
    }
}

/// Derive macro for Smithy structures (re-exported from `ivs-macros`).
pub use ivs_macros::Structure;

/// The `http` crate whose `Request` and `Response` the runtime builds and reads, so that a
/// user names the same version without a dependency of their own.
pub use http;

#[cfg(feature = "ivs")]
include!(concat!(env!("OUT_DIR"), "/ivs_types.rs"));
