//! The small runtime that generated types use. What you call:
//!
//! - [`Validate`] (on every generated type), [`Report`] and [`Violation`]; one call for a
//!   server, [`parse_and_validate`] (or [`http::HttpOperation::parse_request`] with HTTP);
//! - [`parse_request_body`] and [`parse_response_body`] for JSON bodies alone;
//! - [`http::HttpOperation`]: build and parse requests, responses and errors;
//! - [`transfer`]: what a client does to a request beyond its input (compression, checksums,
//!   host prefixes, idempotency tokens), and its settings;
//! - the Smithy simple types Rust lacks: [`DateTime`], [`Blob`], [`Document`],
//!   [`BigInteger`], [`BigDecimal`];
//! - what errors say about themselves: [`ErrorMeta`], [`Fault`], [`Unhandled`],
//!   [`MalformedResponse`], the [`ResponseMeta`] of the response they came in (status,
//!   headers, request ids), whether to retry ([`RetryKind`]), and [`MissingMembers`] from a
//!   builder.
//!
//! The rest of what generated code needs is reached through `ivs_types::__private`, which is
//! not a public API: it can change in any release. Nothing here does I/O.

pub(crate) mod absent;
pub mod aws_json;
mod canon;
mod de;
mod error;
pub mod http;
#[doc(hidden)]
pub mod isa;
mod program;
#[doc(hidden)]
pub mod ser;
pub mod transfer;
mod types;
#[doc(hidden)]
pub mod validate;

use std::fmt;

pub use de::{parse_request_body, parse_response_body, BodyError};
#[doc(hidden)]
pub use de::{Cx, Key, Mode, Seed, Wire};
#[doc(hidden)]
pub use error::ErrorRef;
pub use error::{
    classify_retry, ErrorMeta, Fault, MalformedResponse, MissingMembers, ResponseMeta, RetryKind, Unhandled,
    THROTTLING_ERROR_CODES, TRANSIENT_ERROR_CODES, TRANSIENT_STATUSES,
};
#[doc(hidden)]
pub use program::Program;
pub use types::{BigDecimal, BigInteger, Blob, DateTime, DateTimeError, Document};
pub use validate::{
    report_limit, set_report_limit, FrameworkValidationException, Path, Report, Validate, ValidationExceptionField,
    Violation, DEFAULT_REPORT_LIMIT, REPORT_TEXT_LIMIT,
};
#[doc(hidden)]
pub use validate::{Pattern, SimplePart};

/// Deserializes a whole value in strict mode: every required member that is absent or null,
/// anywhere in the value, is reported in one error, by JSON-pointer path.
///
/// Generated `Deserialize` impls call this; it is what a server wants for a request body.
#[doc(hidden)]
pub fn de_strict<'de, T: Wire, D: serde::Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let cx = Cx::keeping(Mode::Strict, report_limit());
    let value = T::de(d, &cx)?;
    match cx.into_missing() {
        (_, 0) => Ok(value),
        (paths, total) => Err(serde::de::Error::custom(de::missing_message(&paths, total - paths.len()))),
    }
}

/// What every operation marker type in the generated `operation` module implements.
pub trait Operation {
    /// The input structure.
    type Input;
    /// The output structure.
    type Output;
    /// The operation's error enum.
    type Error: std::error::Error;
    /// The operation name.
    const NAME: &'static str;
    /// The operation's absolute shape id.
    const SHAPE_ID: &'static str;
    /// `@http` method, when the model binds the operation to HTTP.
    const HTTP_METHOD: Option<&'static str>;
    /// `@http` URI pattern, when the model binds the operation to HTTP.
    const HTTP_URI: Option<&'static str>;
}

/// The value of a union member that targets `smithy.api#Unit`: `{}` on the wire.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UnitValue;

impl serde::Serialize for UnitValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        s.serialize_map(Some(0))?.end()
    }
}

impl fmt::Display for UnitValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{}")
    }
}

/// Why a request body was refused by [`parse_and_validate`].
///
/// `#[non_exhaustive]`: a later release may add a variant; match with a `_` arm.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// Not JSON, or JSON of the wrong shape (AWS answers `SerializationException`).
    Malformed(serde_json::Error),
    /// Well-formed, but constraints are violated: every missing required member and every
    /// other violation, in one report.
    Invalid(Report),
    /// The HTTP parts could not be read (a header or label of the wrong type, or a request
    /// for another operation).
    Http(http::HttpError),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Where and what kind, not serde_json's text, which can quote a (maybe
            // `@sensitive`) value of the body; `source()` has the whole error.
            RequestError::Malformed(e) => write!(f, "malformed request body: {}", error::JsonProblem(e)),
            RequestError::Invalid(r) => r.fmt(f),
            RequestError::Http(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RequestError::Malformed(e) => Some(e),
            RequestError::Invalid(r) => Some(r),
            RequestError::Http(e) => Some(e),
        }
    }
}

/// What a server does with a request body: parse it, then check every constraint; absent
/// required members and constraint violations come back together, in one report.
pub fn parse_and_validate<T: Wire + Validate>(bytes: &[u8]) -> Result<T, RequestError> {
    let cx = Cx::new(Mode::Strict);
    let value = de::parse::<T>(bytes, &cx).map_err(RequestError::Malformed)?;
    let mut report = Report::with_absent(cx.into_absent());
    value.validate_at(&Path::Root, &mut report);
    report.into_result().map(|()| value).map_err(RequestError::Invalid)
}
