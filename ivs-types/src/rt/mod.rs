//! The small runtime that generated types use: required-member tracking while
//! deserializing, the Smithy simple types that Rust lacks, and error metadata.
//!
//! Nothing here does I/O.

mod de;
mod error;
mod types;

use std::fmt;

pub use de::{parse_request_body, parse_response_body, BodyError, Cx, Key, Mode, Seed, Wire};
pub use error::{ErrorMeta, Fault, MissingMembers, Unhandled};
pub use types::{BigDecimal, BigInteger, Blob, DateTime, DateTimeError, Document};

/// Deserializes a whole value in strict mode: every required member that is absent or null,
/// anywhere in the value, is reported in one error, by JSON-pointer path.
///
/// Generated `Deserialize` impls call this; it is what a server wants for a request body.
pub fn de_strict<'de, T: Wire, D: serde::Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let cx = Cx::new(Mode::Strict);
    let value = T::de(d, &cx)?;
    match cx.into_missing() {
        missing if missing.is_empty() => Ok(value),
        missing => Err(serde::de::Error::custom(de::missing_message(&missing))),
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
