//! The intermediate representation: the selected shapes lowered to Rust-oriented items,
//! with every Rust name decided (by [`crate::names`]) before anything is emitted.
//!
//! This module holds the IR's types; [`select`] resolves what to generate and what it
//! reaches, and `lower` turns the reached shapes into items. Facts that other stages need too
//! (presence, defaults, timestamp formats, `@http`) are decided in [`crate::facts`].

pub use crate::facts::{HttpTrait, Location, Presence, Protocol, TimestampFormat, UriSegment};
use crate::model::ShapeId;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Selection {
    /// Every service of the model; without a service every operation; without operations
    /// every structure, union and enum.
    #[default]
    All,
    /// One service: every operation it and its resources bind.
    Service(String),
    /// Named operations (absolute ids or bare names).
    Operations(Vec<String>),
}

/// The Rust type of a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `bool`
    Bool,
    /// `i8`
    I8,
    /// `i16`
    I16,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `String`
    String,
    /// `ivs_types::rt::BigInteger`
    BigInteger,
    /// `ivs_types::rt::BigDecimal`
    BigDecimal,
    /// `ivs_types::rt::DateTime`
    Timestamp,
    /// `ivs_types::rt::Blob`
    Blob,
    /// `ivs_types::rt::Document`
    Document,
    /// A generated item, by Rust name.
    Named(String),
    /// `Vec<T>`, or `Vec<Option<T>>` when sparse.
    List(Box<RustType>, bool),
    /// `BTreeMap<String, T>`, or with `Option<T>` values when sparse.
    Map(Box<RustType>, bool),
    /// `Box<T>`: indirection for recursive shapes.
    Boxed(Box<RustType>),
}

/// The constraints on one value position (a member, a list element, a map key or value),
/// and on what is inside it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Check {
    /// `@length`: min and max.
    pub length: Option<(Option<u64>, Option<u64>)>,
    /// `@range`: min and max as the model writes them.
    pub range: Option<(Option<String>, Option<String>)>,
    /// `@pattern`, translated.
    pub pattern: Option<PatternIr>,
    /// `@uniqueItems` (or a 1.0 `set`).
    pub unique: bool,
    /// The value is `@sensitive` (see [`crate::facts::sensitive`]): a map key that is never
    /// shows in a validation path.
    pub sensitive: bool,
    /// Checks of the contents.
    pub inner: Inner,
}

/// Checks of what a value contains.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Inner {
    /// Nothing inside to check.
    #[default]
    None,
    /// Each element of a list.
    List(Box<Check>),
    /// Each key and value of a map.
    Map(Box<Check>, Box<Check>),
    /// A generated item, which validates itself.
    Named(String),
}

/// A `@pattern`: the model's text and its translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternIr {
    /// The ECMA-262 text of the model.
    pub ecma: String,
    /// The translation.
    pub translated: crate::pattern::Translated,
}

/// `@deprecated`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecated {
    /// The message.
    pub message: Option<String>,
    /// The version or date.
    pub since: Option<String>,
}

/// A structure field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldIr {
    /// The member name in the model.
    pub model_name: String,
    /// The JSON key (`@jsonName`, else the member name).
    pub wire_name: String,
    /// The Rust field name.
    pub rust: String,
    /// The Rust type, without the `Option` that [`Presence::Optional`] adds.
    pub ty: RustType,
    /// Required, defaulted or optional.
    pub presence: Presence,
    /// Where the member travels.
    pub location: Location,
    /// Documentation (HTML, as in the model).
    pub docs: Option<String>,
    /// The member's value is `@sensitive` (the member, its target, or what a list or map
    /// target holds: [`crate::facts::sensitive`]).
    pub sensitive: bool,
    /// `@deprecated` on the member.
    pub deprecated: Option<Deprecated>,
    /// `@timestampFormat` in force for a timestamp member.
    pub timestamp_format: Option<TimestampFormat>,
    /// How the value is written when plain serde is not enough, decided once in lowering:
    /// `Some(format)` for a float anywhere in the type (`NaN` and the infinities are strings)
    /// or a timestamp with a format other than epoch seconds; the emitter and the derive
    /// read it (the value goes through the runtime's wire rules in that format).
    pub wire_rules: Option<TimestampFormat>,
    /// `@mediaType` of the target (a string or blob): a string in a header is base64, a blob
    /// payload is sent with this Content-Type.
    pub media_type: Option<String>,
    /// The target shape.
    pub target: ShapeId,
    /// Constraints on the member's value.
    pub check: Check,
    /// Notes for the documentation that traits call for (`@idempotencyToken`, `@unstable`,
    /// `@sensitive`, `@streaming`).
    pub notes: Vec<String>,
    /// Attributes the user asked for ([`crate::Config::field_attribute`]), as Rust text.
    pub attrs: Vec<String>,
    /// `@idempotencyToken`: a client fills the member with a new token when it is unset.
    pub idempotency_token: bool,
}

/// What an error structure says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorIr {
    /// The error code: the shape name.
    pub code: String,
    /// `@httpError`, else 400 for client errors and 500 for server errors.
    pub status: u16,
    /// `true` for `@error("server")`.
    pub server: bool,
    /// `@retryable`.
    pub retryable: bool,
    /// `@retryable(throttling: true)`.
    pub throttling: bool,
    /// The field that holds the message, if any.
    pub message_field: Option<String>,
    /// `aws.protocols#awsQueryError`'s code: what a server of an `@awsQueryCompatible`
    /// service sends in `x-amzn-query-error`.
    pub query_code: Option<String>,
}

/// A structure (or an operation's synthetic unit input/output).
#[derive(Debug, Clone, PartialEq)]
pub struct StructIr {
    /// The shape id.
    pub id: ShapeId,
    /// The Rust name.
    pub name: String,
    /// Documentation.
    pub docs: Option<String>,
    /// Fields, in model order.
    pub fields: Vec<FieldIr>,
    /// Present on `@error` structures.
    pub error: Option<ErrorIr>,
    /// The path of its builder from the structure's module: `builders::{name}Builder`, or
    /// `{name}Builder` beside the structure for an operation's made input or output.
    pub builder: String,
    /// `@sensitive` on the structure.
    pub sensitive: bool,
    /// `@deprecated` on the structure.
    pub deprecated: Option<Deprecated>,
    /// Attributes the user asked for ([`crate::Config::type_attribute`]), as Rust text.
    pub attrs: Vec<String>,
    /// Taken from elsewhere ([`crate::Config::extern_type`]): `name` is its path, and nothing
    /// of it is generated.
    pub external: bool,
}

/// A variant of an enum, intEnum or union.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantIr {
    /// The Rust variant name.
    pub rust: String,
    /// The member name in the model.
    pub model_name: String,
    /// The wire value: a string for enums and union keys, a number (as text) for intEnums.
    pub wire: String,
    /// The carried type (unions; `None` for a unit member).
    pub ty: Option<RustType>,
    /// Documentation.
    pub docs: Option<String>,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
    /// Constraints on a union member's value.
    pub check: Check,
    /// `@timestampFormat` in force for a union member that holds timestamps.
    pub timestamp_format: Option<TimestampFormat>,
    /// How the value is written when plain serde is not enough, decided once in lowering:
    /// `Some(format)` for a float anywhere in the type (`NaN` and the infinities are strings)
    /// or a timestamp with a format other than epoch seconds; the emitter and the derive
    /// read it (the value goes through the runtime's wire rules in that format).
    pub wire_rules: Option<TimestampFormat>,
    /// A union member whose value is `@sensitive`: redacted in `Debug`.
    pub sensitive: bool,
    /// An enum value marked `@internal` (or, in a Smithy 1.0 `@enum`, tagged `internal`):
    /// valid, but left out of the value set that validation messages list.
    pub internal: bool,
    /// Attributes the user asked for ([`crate::Config::field_attribute`]), as Rust text.
    pub attrs: Vec<String>,
}

/// What kind of enumeration an [`EnumIr`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumKind {
    /// String values (`enum` shape or 1.0 `@enum` string).
    String,
    /// Integer values (`intEnum`).
    Int,
    /// A tagged union.
    Union,
}

/// An enum, intEnum or union.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumIr {
    /// The shape id.
    pub id: ShapeId,
    /// The Rust name.
    pub name: String,
    /// What kind.
    pub kind: EnumKind,
    /// Documentation.
    pub docs: Option<String>,
    /// Variants, in model order.
    pub variants: Vec<VariantIr>,
    /// The name of the catch-all variant that keeps unknown values.
    pub unknown: String,
    /// `@sensitive`.
    pub sensitive: bool,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
    /// Attributes the user asked for ([`crate::Config::type_attribute`]), as Rust text.
    pub attrs: Vec<String>,
    /// Taken from elsewhere ([`crate::Config::extern_type`]), as [`StructIr::external`].
    pub external: bool,
}

/// One generated item.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A structure.
    Struct(StructIr),
    /// An enum, intEnum or union.
    Enum(EnumIr),
}

impl Item {
    /// An external type ([`crate::Config::extern_type`]): its name is the Rust path that
    /// stands for it, and nothing of it is generated.
    pub fn is_external(&self) -> bool {
        match self {
            Item::Struct(s) => s.external,
            Item::Enum(e) => e.external,
        }
    }

    /// The module the item is defined in: `None` at the root, else the module of its
    /// namespace (rule 7 of [`crate::names`]); `None` for an external type.
    pub fn module(&self) -> Option<&str> {
        if self.is_external() {
            return None;
        }
        self.name().split_once("::").map(|(m, _)| m)
    }

    /// The name it is defined under in its module (the last segment of [`Item::name`]).
    pub fn local_name(&self) -> &str {
        self.name().rsplit("::").next().unwrap_or_default()
    }

    /// The Rust name: for an item of another namespace than the home one, its path from the
    /// root (`smithy_framework::ValidationException`); for an external type, its path.
    pub fn name(&self) -> &str {
        match self {
            Item::Struct(s) => &s.name,
            Item::Enum(e) => &e.name,
        }
    }
}

/// An operation: its input, output and error enum.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationIr {
    /// The shape id.
    pub id: ShapeId,
    /// The operation name as in the model.
    pub model_name: String,
    /// Documentation.
    pub docs: Option<String>,
    /// The name of the operation's own module, `operation::{module}` (rule 6 of
    /// [`crate::names`]): its marker type, error enum and any input or output it makes.
    pub module: String,
    /// The name of the marker type, in the operation's module and re-exported from
    /// `operation`.
    pub marker: String,
    /// The input struct: a Rust name at the crate root, or, for an operation without an input
    /// structure, the path of the one made for it (`operation::{module}::{Op}Input`).
    pub input: String,
    /// The output struct, as [`OperationIr::input`].
    pub output: String,
    /// The name of the error enum, in the operation's module (see [`OperationIr::error_path`]).
    pub error_enum: String,
    /// The input and output structs made for an operation that has none in the model: they
    /// are emitted in the operation's module, not among the crate's items.
    pub synthetic: Vec<StructIr>,
    /// `(variant, error struct)` pairs, in model order (operation errors, then service errors).
    pub errors: Vec<(String, String)>,
    /// Name of the `Unhandled` variant.
    pub unhandled: String,
    /// Name of the `MalformedResponse` variant (a success response that could not be read).
    pub malformed: String,
    /// `@http`: method, URI (split) and success code; for awsJson `POST /`, `200`; `None`
    /// for an operation without wire code (no `@http`, or a protocol without wire).
    pub http: Option<HttpTrait>,
    /// The operation's protocol (its service's, [`crate::facts::protocol`]); an operation
    /// whose protocol has no wire, or is not the generation's, has `Protocol::Other`.
    pub protocol: Protocol,
    /// `X-Amz-Target` for awsJson: `{service shape name}.{operation name}` (empty for an
    /// operation of no service).
    pub target: String,
    /// The service has `aws.protocols#awsQueryCompatible`.
    pub query_compatible: bool,
    /// What a client does to the request beyond serializing the input: compression,
    /// `Content-MD5`, the `@endpoint` host prefix.
    pub request: crate::facts::RequestFeatures,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
}

impl OperationIr {
    /// The error enum's path from the crate root: `operation::{module}::{error_enum}`.
    pub fn error_path(&self) -> String {
        format!("operation::{}::{}", self.module, self.error_enum)
    }

    /// The path of an item of the operation's module from the crate root.
    pub fn path_of(&self, name: &str) -> String {
        format!("operation::{}::{name}", self.module)
    }
}

/// The service being generated, if one was.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceIr {
    /// The shape id.
    pub id: ShapeId,
    /// `version`.
    pub version: String,
    /// Documentation.
    pub docs: Option<String>,
    /// `@title`.
    pub title: Option<String>,
    /// The service's protocol ([`crate::facts::protocol`]).
    pub protocol: Protocol,
}

/// The whole lowered model.
#[derive(Debug, Clone, PartialEq)]
pub struct Ir {
    /// The service, when a single service was selected.
    pub service: Option<ServiceIr>,
    /// The home namespace, whose shapes are named at the root (rule 7 of [`crate::names`]);
    /// every other namespace's are in its module.
    pub home: Option<String>,
    /// Items sorted by Rust name.
    pub items: Vec<Item>,
    /// Operations sorted by the name of their module.
    pub operations: Vec<OperationIr>,
    /// Things skipped, each naming the shape.
    pub warnings: Vec<String>,
    /// Number of model shapes the selection reached.
    pub shapes_reached: usize,
}

mod lower;
pub mod select;

pub use lower::{lower, lower_with};
