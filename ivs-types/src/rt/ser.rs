//! restJson1 serialization details that plain `Serialize` cannot know: the timestamp format
//! of a member, and floats that are not finite (`"NaN"`, `"Infinity"`, `"-Infinity"`).

use std::collections::BTreeMap;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::DateTime;

/// `@timestampFormat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimestampFormat {
    /// Seconds since the epoch as a JSON number (fractions as exact as the value, to the
    /// nanosecond); the default in JSON bodies.
    #[default]
    EpochSeconds,
    /// RFC 3339 (`2014-04-29T18:30:38Z`); the default in query strings and labels.
    DateTime,
    /// IMF-fixdate (`Tue, 29 Apr 2014 18:30:38 GMT`); the default in headers.
    HttpDate,
}

impl TimestampFormat {
    /// A timestamp as text in this format (epoch seconds exact to the nanosecond, without a
    /// fraction when whole: see [`DateTime::to_epoch_seconds`]).
    pub fn format(self, t: &DateTime) -> String {
        match self {
            TimestampFormat::EpochSeconds => t.to_epoch_seconds(),
            TimestampFormat::DateTime => t.to_rfc3339(),
            TimestampFormat::HttpDate => t.to_http_date(),
        }
    }
}

/// A value serialized with the wire rules of its member.
pub trait SerWith {
    /// Serializes with the member's timestamp format.
    fn ser_with<S: Serializer>(&self, s: S, format: TimestampFormat) -> Result<S::Ok, S::Error>;
}

/// Serializes `.0` with the member's timestamp format `.1`.
pub struct With<'a, T: ?Sized>(pub &'a T, pub TimestampFormat);

impl<T: SerWith + ?Sized> Serialize for With<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.ser_with(s, self.1)
    }
}

impl SerWith for DateTime {
    fn ser_with<S: Serializer>(&self, s: S, format: TimestampFormat) -> Result<S::Ok, S::Error> {
        match format {
            TimestampFormat::EpochSeconds => self.serialize(s),
            other => s.serialize_str(&other.format(self)),
        }
    }
}

macro_rules! float {
    ($($t:ty),*) => {$(
        impl SerWith for $t {
            fn ser_with<S: Serializer>(&self, s: S, _: TimestampFormat) -> Result<S::Ok, S::Error> {
                if self.is_nan() {
                    s.serialize_str("NaN")
                } else if self.is_infinite() {
                    s.serialize_str(if *self > 0.0 { "Infinity" } else { "-Infinity" })
                } else {
                    self.serialize(s)
                }
            }
        }
    )*};
}

float!(f32, f64);

impl<T: SerWith> SerWith for Option<T> {
    fn ser_with<S: Serializer>(&self, s: S, format: TimestampFormat) -> Result<S::Ok, S::Error> {
        match self {
            Some(v) => v.ser_with(s, format),
            None => s.serialize_none(),
        }
    }
}

impl<T: SerWith> SerWith for Box<T> {
    fn ser_with<S: Serializer>(&self, s: S, format: TimestampFormat) -> Result<S::Ok, S::Error> {
        (**self).ser_with(s, format)
    }
}

impl<T: SerWith> SerWith for Vec<T> {
    fn ser_with<S: Serializer>(&self, s: S, format: TimestampFormat) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for v in self {
            seq.serialize_element(&With(v, format))?;
        }
        seq.end()
    }
}

impl<T: SerWith> SerWith for BTreeMap<String, T> {
    fn ser_with<S: Serializer>(&self, s: S, format: TimestampFormat) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.len()))?;
        for (k, v) in self {
            map.serialize_entry(k, &With(v, format))?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let t = DateTime::from_secs_and_nanos(1_398_796_238, 123_000_000).unwrap_or_default();
        let json = |f| serde_json::to_string(&With(&t, f)).unwrap_or_default();
        assert_eq!(json(TimestampFormat::EpochSeconds), "1398796238.123");
        assert_eq!(json(TimestampFormat::DateTime), "\"2014-04-29T18:30:38.123Z\"");
        assert_eq!(json(TimestampFormat::HttpDate), "\"Tue, 29 Apr 2014 18:30:38.123 GMT\"");
        let floats = vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1.5];
        assert_eq!(
            serde_json::to_string(&With(&floats, TimestampFormat::default())).unwrap_or_default(),
            r#"["NaN","Infinity","-Infinity",1.5]"#
        );
    }
}
