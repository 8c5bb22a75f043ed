//! The Smithy simple types that Rust's standard library lacks, written here rather than
//! pulled from larger crates so that generated crates stay small and quick to build.

use std::fmt;

use serde::de::{Deserializer, Error as _, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::de::{Cx, Wire};

/// A Smithy `document`: free-form JSON.
pub type Document = serde_json::Value;

/// A Smithy `timestamp`: seconds and nanoseconds since the Unix epoch (UTC).
///
/// On the wire it is epoch seconds (a JSON number, fractions to the millisecond) unless the
/// model says otherwise; reading accepts epoch seconds, RFC 3339 (`date-time`) and IMF-fixdate
/// (`http-date`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DateTime {
    secs: i64,
    nanos: u32,
}

/// A timestamp that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeError(String);

impl fmt::Display for DateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid timestamp: {}", self.0)
    }
}

impl std::error::Error for DateTimeError {}

impl DateTime {
    /// From whole seconds since the epoch.
    pub const fn from_secs(secs: i64) -> DateTime {
        DateTime { secs, nanos: 0 }
    }

    /// From seconds and a nanosecond part; `None` when `nanos` is a second or more.
    pub const fn from_secs_and_nanos(secs: i64, nanos: u32) -> Option<DateTime> {
        if nanos < 1_000_000_000 {
            Some(DateTime { secs, nanos })
        } else {
            None
        }
    }

    /// From fractional epoch seconds, rounded to the millisecond; `None` when not finite or
    /// out of range.
    pub fn from_fractional_secs(v: f64) -> Option<DateTime> {
        if !v.is_finite() || v.abs() > 9.0e15 {
            return None;
        }
        let millis = (v * 1000.0).round() as i64;
        Some(DateTime { secs: millis.div_euclid(1000), nanos: (millis.rem_euclid(1000) as u32) * 1_000_000 })
    }

    /// Whole seconds since the epoch (rounded down).
    pub const fn secs(&self) -> i64 {
        self.secs
    }

    /// The nanosecond part.
    pub const fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Epoch seconds as a float.
    pub fn as_fractional_secs(&self) -> f64 {
        self.secs as f64 + f64::from(self.nanos) / 1e9
    }

    /// Formats as RFC 3339 in UTC (`2024-01-02T03:04:05Z`, with `.mmm` when there are
    /// milliseconds).
    pub fn to_rfc3339(&self) -> String {
        let days = self.secs.div_euclid(86_400);
        let rem = self.secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let mut out = format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}", rem / 3600, rem / 60 % 60, rem % 60);
        let millis = self.nanos / 1_000_000;
        if self.nanos != 0 {
            if self.nanos % 1_000_000 == 0 {
                out.push_str(&format!(".{millis:03}"));
            } else {
                out.push_str(&format!(".{:09}", self.nanos));
            }
        }
        out.push('Z');
        out
    }

    /// Parses RFC 3339 (`date-time`): a `T` or space between date and time, fractional
    /// seconds, `Z` or a numeric offset.
    pub fn parse_rfc3339(s: &str) -> Result<DateTime, DateTimeError> {
        let err = || DateTimeError(format!("`{s}` is not an RFC 3339 date-time"));
        let b = s.as_bytes();
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't' | b' ')
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(err());
        }
        let num = |r: std::ops::Range<usize>| -> Result<i64, DateTimeError> {
            let t = s.get(r).ok_or_else(err)?;
            if !t.bytes().all(|c| c.is_ascii_digit()) {
                return Err(err());
            }
            t.parse::<i64>().map_err(|_| err())
        };
        let (y, mo, d, h, mi, se) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 60 {
            return Err(err());
        }
        let mut i = 19;
        let mut nanos: u32 = 0;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                if i - start < 9 {
                    nanos = nanos * 10 + u32::from(b[i] - b'0');
                }
                i += 1;
            }
            if i == start {
                return Err(err());
            }
            for _ in (i - start).min(9)..9 {
                nanos *= 10;
            }
        }
        let offset = match &s[i..] {
            "Z" | "z" => 0,
            tz if tz.len() == 6 && (tz.starts_with('+') || tz.starts_with('-')) && tz.as_bytes()[3] == b':' => {
                let oh = num(i + 1..i + 3)?;
                let om = num(i + 4..i + 6)?;
                let sign = if tz.starts_with('-') { -1 } else { 1 };
                sign * (oh * 3600 + om * 60)
            }
            _ => return Err(err()),
        };
        let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se.min(59) - offset;
        Ok(DateTime { secs, nanos })
    }

    /// Formats as IMF-fixdate (`http-date`): `Tue, 29 Apr 2014 18:30:38 GMT`.
    pub fn to_http_date(&self) -> String {
        let days = self.secs.div_euclid(86_400);
        let rem = self.secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let wd = WEEKDAYS[(days + 3).rem_euclid(7) as usize];
        let mon = MONTHS[(m - 1) as usize];
        let mut out = format!("{wd}, {d:02} {mon} {y:04} {:02}:{:02}:{:02}", rem / 3600, rem / 60 % 60, rem % 60);
        if self.nanos != 0 {
            out.push_str(&format!(".{:03}", self.nanos / 1_000_000));
        }
        out.push_str(" GMT");
        out
    }

    /// Parses IMF-fixdate (`http-date`).
    pub fn parse_http_date(s: &str) -> Result<DateTime, DateTimeError> {
        let err = || DateTimeError(format!("`{s}` is not an IMF-fixdate"));
        let rest = s.get(5..).ok_or_else(err)?;
        let parts: Vec<&str> = rest.split(' ').collect();
        let [d, mon, y, time, "GMT"] = parts.as_slice() else { return Err(err()) };
        let d: i64 = d.parse().map_err(|_| err())?;
        let m = MONTHS.iter().position(|x| x == mon).ok_or_else(err)? as i64 + 1;
        let y: i64 = y.parse().map_err(|_| err())?;
        let (hms, frac) = time.split_once('.').unwrap_or((time, ""));
        let t: Vec<i64> = hms.split(':').map(|x| x.parse().map_err(|_| err())).collect::<Result<_, _>>()?;
        let [h, mi, se] = t.as_slice() else { return Err(err()) };
        if d < 1 || d > days_in_month(y, m) || *h > 23 || *mi > 59 || *se > 60 {
            return Err(err());
        }
        let mut nanos = 0u32;
        for (i, c) in frac.bytes().enumerate() {
            if !c.is_ascii_digit() {
                return Err(err());
            }
            if i < 9 {
                nanos += u32::from(c - b'0') * 10u32.pow(8 - i as u32);
            }
        }
        Ok(DateTime { secs: days_from_civil(y, m, d) * 86_400 + h * 3600 + mi * 60 + se.min(&59), nanos })
    }
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.nanos == 0 {
            s.serialize_i64(self.secs)
        } else {
            // Epoch seconds with the milliseconds, written from the digits (no float
            // rounding): `1398796238.123`.
            let text = super::ser::TimestampFormat::EpochSeconds.format(self);
            match serde_json::value::RawValue::from_string(text) {
                Ok(raw) => raw.serialize(s),
                Err(_) => s.serialize_f64(self.as_fractional_secs()),
            }
        }
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("epoch seconds, an RFC 3339 date-time or an IMF-fixdate")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<DateTime, E> {
                Ok(DateTime::from_secs(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<DateTime, E> {
                i64::try_from(v).map(DateTime::from_secs).map_err(|_| E::custom("timestamp out of range"))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<DateTime, E> {
                DateTime::from_fractional_secs(v).ok_or_else(|| E::custom("timestamp out of range"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateTime, E> {
                DateTime::parse_rfc3339(v).or_else(|_| DateTime::parse_http_date(v)).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// A Smithy `blob`: bytes, base64 in JSON.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Blob(pub Vec<u8>);

impl Blob {
    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Standard base64 with padding.
    pub fn to_base64(&self) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::with_capacity(self.0.len().div_ceil(3) * 4);
        for chunk in self.0.chunks(3) {
            let n = (u32::from(chunk[0]) << 16)
                | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
                | u32::from(*chunk.get(2).unwrap_or(&0));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// Decodes standard base64 (padding optional); `None` on any other character.
    pub fn from_base64(s: &str) -> Option<Blob> {
        let s = s.trim_end_matches('=');
        let mut out = Vec::with_capacity(s.len() * 3 / 4);
        let (mut acc, mut bits) = (0u32, 0u32);
        for c in s.bytes() {
            let v = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                _ => return None,
            };
            acc = (acc << 6) | u32::from(v);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
        if bits >= 6 {
            return None;
        }
        Some(Blob(out))
    }
}

impl From<Vec<u8>> for Blob {
    fn from(v: Vec<u8>) -> Self {
        Blob(v)
    }
}

impl From<&[u8]> for Blob {
    fn from(v: &[u8]) -> Self {
        Blob(v.to_vec())
    }
}

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_base64())
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Blob::from_base64(&s).ok_or_else(|| serde::de::Error::custom("invalid base64"))
    }
}

macro_rules! big {
    ($(#[$doc:meta])* $name:ident, $what:literal, $ok:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// Parses the decimal text of the number.
            pub fn parse(text: &str) -> Option<$name> {
                let ok: fn(&str) -> bool = $ok;
                ok(text).then(|| $name(text.to_string()))
            }

            /// The decimal text, every digit kept.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name("0".to_string())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<i64> for $name {
            fn from(v: i64) -> Self {
                $name(v.to_string())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                // A JSON number with every digit, written as it is.
                match serde_json::value::RawValue::from_string(self.0.clone()) {
                    Ok(raw) => raw.serialize(s),
                    Err(_) => s.serialize_str(&self.0),
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // The raw JSON text, so that no digit goes through a float.
                let raw = <Box<serde_json::value::RawValue>>::deserialize(d)?;
                let text = raw.get().trim();
                let text = match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
                    Some(inner) => inner,
                    None => text,
                };
                $name::parse(text).ok_or_else(|| D::Error::custom(format!(concat!("`{}` is not ", $what), text)))
            }
        }

        impl Wire for $name {
            fn de<'de, D: Deserializer<'de>>(d: D, _cx: &Cx) -> Result<Self, D::Error> {
                <$name as Deserialize>::deserialize(d)
            }
            fn zero() -> Self {
                $name::default()
            }
        }
    };
}

big!(
    /// A Smithy `bigInteger`, kept as its decimal text so that no digit is lost.
    BigInteger,
    "an integer",
    |t| {
        let digits = t.strip_prefix('-').unwrap_or(t);
        !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit())
    }
);

big!(
    /// A Smithy `bigDecimal`, kept as its decimal text so that no digit is lost.
    BigDecimal,
    "a decimal number",
    |t| t.parse::<f64>().is_ok_and(f64::is_finite) && t.bytes().all(|c| c.is_ascii_digit() || b"+-.eE".contains(&c))
);

impl Wire for DateTime {
    fn de<'de, D: Deserializer<'de>>(d: D, _cx: &Cx) -> Result<Self, D::Error> {
        <DateTime as Deserialize>::deserialize(d)
    }
    fn zero() -> Self {
        DateTime::default()
    }
}

impl Wire for Blob {
    fn de<'de, D: Deserializer<'de>>(d: D, _cx: &Cx) -> Result<Self, D::Error> {
        <Blob as Deserialize>::deserialize(d)
    }
    fn zero() -> Self {
        Blob::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for (secs, text, http) in [
            (0, "1970-01-01T00:00:00Z", "Thu, 01 Jan 1970 00:00:00 GMT"),
            (1_398_796_238, "2014-04-29T18:30:38Z", "Tue, 29 Apr 2014 18:30:38 GMT"),
            (951_782_400, "2000-02-29T00:00:00Z", "Tue, 29 Feb 2000 00:00:00 GMT"),
            (-1, "1969-12-31T23:59:59Z", "Wed, 31 Dec 1969 23:59:59 GMT"),
        ] {
            let d = DateTime::from_secs(secs);
            assert_eq!(d.to_rfc3339(), text);
            assert_eq!(d.to_http_date(), http);
            assert_eq!(DateTime::parse_rfc3339(text), Ok(d));
            assert_eq!(DateTime::parse_http_date(http), Ok(d));
        }
        assert_eq!(
            DateTime::parse_rfc3339("2014-04-29T18:30:38.123+01:00").map(|d| (d.secs(), d.subsec_nanos())),
            Ok((1_398_792_638, 123_000_000))
        );
        assert!(DateTime::parse_rfc3339("2014-02-30T00:00:00Z").is_err());
        assert!(DateTime::parse_rfc3339("2014-04-29").is_err());
    }

    #[test]
    fn base64_round_trips() {
        for (raw, text) in [(&b""[..], ""), (b"f", "Zg=="), (b"fo", "Zm8="), (b"foo", "Zm9v"), (b"foob", "Zm9vYg==")] {
            assert_eq!(Blob(raw.to_vec()).to_base64(), text);
            assert_eq!(Blob::from_base64(text), Some(Blob(raw.to_vec())));
        }
        assert_eq!(Blob::from_base64("Zm9v!"), None);
    }
}
