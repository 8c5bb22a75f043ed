//! Traits: kept as raw JSON, read through typed accessors for the ones the generator uses.
//!
//! A trait the generator has never heard of is kept as it was written, so a model with
//! custom traits still reads.

use std::collections::BTreeMap;

use serde_json::Value;

macro_rules! trait_ids {
    ($($(#[$doc:meta])* $name:ident = $id:literal;)*) => {
        $($(#[$doc])* pub const $name: &str = $id;)*
    };
}

trait_ids! {
    /// `@documentation`
    DOCUMENTATION = "smithy.api#documentation";
    /// `@required`
    REQUIRED = "smithy.api#required";
    /// `@default`
    DEFAULT = "smithy.api#default";
    /// `@clientOptional`
    CLIENT_OPTIONAL = "smithy.api#clientOptional";
    /// `@addedDefault`
    ADDED_DEFAULT = "smithy.api#addedDefault";
    /// `@box` (Smithy 1.0)
    BOX = "smithy.api#box";
    /// `@sparse`
    SPARSE = "smithy.api#sparse";
    /// `@enumValue`
    ENUM_VALUE = "smithy.api#enumValue";
    /// `@enum` (Smithy 1.0 string enums)
    ENUM = "smithy.api#enum";
    /// `@error`
    ERROR = "smithy.api#error";
    /// `@httpError`
    HTTP_ERROR = "smithy.api#httpError";
    /// `@retryable`
    RETRYABLE = "smithy.api#retryable";
    /// `@sensitive`
    SENSITIVE = "smithy.api#sensitive";
    /// `@internal`
    INTERNAL = "smithy.api#internal";
    /// `@deprecated`
    DEPRECATED = "smithy.api#deprecated";
    /// `@jsonName`
    JSON_NAME = "smithy.api#jsonName";
    /// `@timestampFormat`
    TIMESTAMP_FORMAT = "smithy.api#timestampFormat";
    /// `@mediaType`
    MEDIA_TYPE = "smithy.api#mediaType";
    /// `@length`
    LENGTH = "smithy.api#length";
    /// `@range`
    RANGE = "smithy.api#range";
    /// `@pattern`
    PATTERN = "smithy.api#pattern";
    /// `@uniqueItems`
    UNIQUE_ITEMS = "smithy.api#uniqueItems";
    /// `@http`
    HTTP = "smithy.api#http";
    /// `@httpLabel`
    HTTP_LABEL = "smithy.api#httpLabel";
    /// `@httpQuery`
    HTTP_QUERY = "smithy.api#httpQuery";
    /// `@httpQueryParams`
    HTTP_QUERY_PARAMS = "smithy.api#httpQueryParams";
    /// `@httpHeader`
    HTTP_HEADER = "smithy.api#httpHeader";
    /// `@httpPrefixHeaders`
    HTTP_PREFIX_HEADERS = "smithy.api#httpPrefixHeaders";
    /// `@httpPayload`
    HTTP_PAYLOAD = "smithy.api#httpPayload";
    /// `@httpResponseCode`
    HTTP_RESPONSE_CODE = "smithy.api#httpResponseCode";
    /// `@streaming`
    STREAMING = "smithy.api#streaming";
    /// `@idempotencyToken`
    IDEMPOTENCY_TOKEN = "smithy.api#idempotencyToken";
    /// `@input`
    INPUT = "smithy.api#input";
    /// `@output`
    OUTPUT = "smithy.api#output";
    /// `@mixin`
    MIXIN = "smithy.api#mixin";
    /// `@unitType`
    UNIT_TYPE = "smithy.api#unitType";
    /// `@unstable`
    UNSTABLE = "smithy.api#unstable";
    /// `@readonly`
    READONLY = "smithy.api#readonly";
    /// `@idempotent`
    IDEMPOTENT = "smithy.api#idempotent";
    /// `@title`
    TITLE = "smithy.api#title";
}

/// The traits of a shape or member, keyed by absolute trait id, in id order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Traits(BTreeMap<String, Value>);

impl Traits {
    /// Whether the trait is present.
    pub fn has(&self, id: &str) -> bool {
        self.0.contains_key(id)
    }

    /// The raw value of a trait.
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.0.get(id)
    }

    /// Sets a trait, replacing any earlier value.
    pub fn set(&mut self, id: &str, value: Value) {
        self.0.insert(id.to_string(), value);
    }

    /// Every trait, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// A string-valued trait (`@documentation`, `@jsonName`, `@pattern`, ...).
    pub fn string(&self, id: &str) -> Option<&str> {
        self.get(id).and_then(Value::as_str)
    }

    /// `@documentation`.
    pub fn documentation(&self) -> Option<&str> {
        self.string(DOCUMENTATION)
    }

    /// `@deprecated`: `Some((message, since))` when present.
    pub fn deprecated(&self) -> Option<(Option<&str>, Option<&str>)> {
        let v = self.get(DEPRECATED)?;
        Some((v.get("message").and_then(Value::as_str), v.get("since").and_then(Value::as_str)))
    }

    /// `@error`: `"client"` or `"server"`.
    pub fn error(&self) -> Option<&str> {
        self.string(ERROR)
    }

    /// `@httpError` status code.
    pub fn http_error(&self) -> Option<u64> {
        self.get(HTTP_ERROR).and_then(Value::as_u64)
    }

    /// `@retryable`: `Some(throttling)` when present.
    pub fn retryable(&self) -> Option<bool> {
        let v = self.get(RETRYABLE)?;
        Some(v.get("throttling").and_then(Value::as_bool).unwrap_or(false))
    }

    /// `@timestampFormat`.
    pub fn timestamp_format(&self) -> Option<&str> {
        self.string(TIMESTAMP_FORMAT)
    }
}

impl FromIterator<(String, Value)> for Traits {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        Traits(iter.into_iter().collect())
    }
}
