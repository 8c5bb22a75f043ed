//! Facts about members that more than one stage needs, each decided here once: whether a
//! member is `Option<T>` (lowering, checking and diffing all ask), its default, and the
//! timestamp format on the wire.

use serde_json::Value;

use crate::model::{prelude, traits, Member, Model, ShapeKind, Simple, SmithyVersion};

/// Whether a member always has a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Presence {
    /// `@required` without a default: plain `T`, checked by the derive.
    Required,
    /// A non-null default: plain `T`, filled when absent.
    Default(Value),
    /// Optional: `Option<T>`.
    Optional,
}

/// Whether a member always has a value, and how: the one decision that makes a member `T`
/// or `Option<T>` (see the README's table).
pub fn presence(model: &Model, m: &Member) -> Presence {
    if m.traits.has(traits::CLIENT_OPTIONAL) {
        Presence::Optional
    } else if let Some(d) = member_default(model, m) {
        Presence::Default(d)
    } else if m.traits.has(traits::REQUIRED) {
        Presence::Required
    } else {
        Presence::Optional
    }
}

/// The non-null default of a member, if it has one (`@default`, or in a 1.0 model the zero
/// value of a primitive member).
pub fn member_default(model: &Model, m: &Member) -> Option<Value> {
    if let Some(v) = m.traits.get(traits::DEFAULT) {
        return if v.is_null() { None } else { Some(v.clone()) };
    }
    if model.version == SmithyVersion::V1 && !m.traits.has(traits::BOX) {
        let target = model.get(&m.target)?;
        if target.traits.has(traits::BOX) {
            return None;
        }
        let primitive = if target.prelude { prelude::is_primitive(&target.id) } else { true };
        if primitive {
            if let ShapeKind::Simple(s) = target.kind {
                return match s {
                    Simple::Boolean => Some(Value::Bool(false)),
                    Simple::Byte | Simple::Short | Simple::Integer | Simple::Long | Simple::Float | Simple::Double => {
                        Some(Value::from(0))
                    }
                    _ => None,
                };
            }
        }
    }
    None
}

/// A timestamp format on the wire (`@timestampFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TimestampFormat {
    /// `date-time`: RFC 3339.
    DateTime,
    /// `http-date`: IMF-fixdate.
    HttpDate,
    /// `epoch-seconds`: a number of seconds.
    EpochSeconds,
}

impl TimestampFormat {
    /// The format a `@timestampFormat` value names.
    pub fn from_trait(value: &str) -> Option<TimestampFormat> {
        match value {
            "date-time" => Some(TimestampFormat::DateTime),
            "http-date" => Some(TimestampFormat::HttpDate),
            "epoch-seconds" => Some(TimestampFormat::EpochSeconds),
            _ => None,
        }
    }

    /// The trait's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
            TimestampFormat::EpochSeconds => "epoch-seconds",
        }
    }
}

/// The `@timestampFormat` in force for a member that holds timestamps, directly or as the
/// elements of a list or the values of a map.
pub fn timestamp_format(model: &Model, m: &Member) -> Option<TimestampFormat> {
    let target = model.get(&m.target)?;
    match &target.kind {
        ShapeKind::Simple(Simple::Timestamp) => m
            .traits
            .timestamp_format()
            .or_else(|| target.traits.timestamp_format())
            .and_then(TimestampFormat::from_trait),
        ShapeKind::List { member, .. } => timestamp_format(model, member),
        ShapeKind::Map { value, .. } => timestamp_format(model, value),
        _ => None,
    }
}
