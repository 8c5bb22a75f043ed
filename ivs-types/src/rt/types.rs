//! The Smithy simple types that Rust's standard library lacks, written here rather than
//! pulled from larger crates so that generated crates stay small and quick to build.

use std::cmp::Ordering;
use std::fmt;

use serde::de::{Deserializer, Error as _, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::de::{Cx, Wire};
use super::ser::TimestampFormat;
use super::validate::Decimal;

/// A Smithy `document`: free-form JSON.
pub type Document = serde_json::Value;

/// A Smithy `timestamp`: seconds and nanoseconds since the Unix epoch (UTC).
///
/// On the wire it is epoch seconds (a JSON number, fractions exact to the nanosecond) unless the
/// model says otherwise; reading accepts epoch seconds, RFC 3339 (`date-time`) and IMF-fixdate
/// (`http-date`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DateTime {
    secs: i64,
    nanos: u32,
}

/// A timestamp that could not be read. It says what is wrong, never the text itself (the
/// value may be `@sensitive`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeError(&'static str);

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

    /// Parses RFC 3339 (`date-time`): a 4-digit year, a `T` or space between date and time,
    /// fractional seconds (digits past the nanosecond ignored), `Z` or a numeric offset; a
    /// leap second (`:60`) is read as `:59`.
    pub fn parse_rfc3339(s: &str) -> Result<DateTime, DateTimeError> {
        const FORM: &str = "not an RFC 3339 date-time (YYYY-MM-DDThh:mm:ss[.s](Z|+hh:mm))";
        let err = |why: &'static str| DateTimeError(why);
        let b = s.as_bytes();
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't' | b' ')
            || b[13] != b':'
            || b[16] != b':'
        {
            return Err(err(FORM));
        }
        let num = |r: std::ops::Range<usize>| fixed_digits(b.get(r)?);
        let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(se)) =
            (num(0..4), num(5..7), num(8..10), num(11..13), num(14..16), num(17..19))
        else {
            return Err(err(FORM));
        };
        check_fields(y, mo, d, h, mi, se)?;
        let mut i = 19;
        let mut nanos: u32 = 0;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return Err(err("no digits after the decimal point"));
            }
            nanos = fraction_nanos(&b[i..i + digits]);
            i += digits;
        }
        let offset = match &b[i..] {
            b"Z" | b"z" => 0,
            [sign @ (b'+' | b'-'), tz @ ..] if tz.len() == 5 && tz[2] == b':' => {
                let (Some(oh), Some(om)) = (fixed_digits(&tz[..2]), fixed_digits(&tz[3..])) else {
                    return Err(err("the offset is not +hh:mm or -hh:mm"));
                };
                if oh > 23 || om > 59 {
                    return Err(err("offset out of range"));
                }
                let offset = oh * 3600 + om * 60;
                if *sign == b'-' {
                    -offset
                } else {
                    offset
                }
            }
            _ => return Err(err("the time zone is not Z or +hh:mm or -hh:mm")),
        };
        // Every field is bounded (a 4-digit year): none of this can overflow.
        let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se.min(59) - offset;
        Ok(DateTime { secs, nanos })
    }

    /// Parses Smithy's `date-time` as a server takes it: RFC 3339's `date-time` production
    /// with optional fractional seconds and no UTC offset (`1985-04-12T23:20:50.52Z`);
    /// a space for the `T` (`1996-12-19 16:39:57Z`) or an offset (`-08:00`) is refused.
    pub fn parse_date_time_strict(s: &str) -> Result<DateTime, DateTimeError> {
        let b = s.as_bytes();
        if b.len() < 20 || !matches!(b[10], b'T' | b't') || !matches!(b[b.len() - 1], b'Z' | b'z') {
            return Err(DateTimeError("not a date-time (YYYY-MM-DDThh:mm:ss[.s]Z, no UTC offset)"));
        }
        DateTime::parse_rfc3339(s)
    }

    /// Parses text in `format` as a server takes it (see [`DateTime::parse_date_time_strict`]).
    pub fn parse_strict(s: &str, format: TimestampFormat) -> Result<DateTime, DateTimeError> {
        match format {
            TimestampFormat::EpochSeconds => DateTime::parse_epoch_seconds(s),
            TimestampFormat::DateTime => DateTime::parse_date_time_strict(s),
            TimestampFormat::HttpDate => DateTime::parse_http_date(s),
        }
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

    /// Parses IMF-fixdate (`http-date`): `Tue, 29 Apr 2014 18:30:38 GMT`, with a 4-digit
    /// year, a 1- or 2-digit day, 2-digit hours, minutes and seconds and optional fractional
    /// seconds (as this runtime writes them); the day name must be one but is not checked
    /// against the date; a leap second (`:60`) is read as `:59`.
    pub fn parse_http_date(s: &str) -> Result<DateTime, DateTimeError> {
        const FORM: &str = "not an IMF-fixdate (Day, DD Mon YYYY hh:mm:ss GMT)";
        let err = |why: &'static str| DateTimeError(why);
        let b = s.as_bytes();
        let (Some(day_name), Some(rest)) = (b.get(..3), b.get(3..).and_then(|r| r.strip_prefix(b", "))) else {
            return Err(err(FORM));
        };
        if !WEEKDAYS.iter().any(|w| w.as_bytes() == day_name) {
            return Err(err("unknown day name"));
        }
        let mut parts = rest.split(|c| *c == b' ');
        let (Some(d), Some(mon), Some(y), Some(time), Some(b"GMT"), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(err(FORM));
        };
        let d = match d.len() {
            1 | 2 => fixed_digits(d).ok_or(err("the day is not 1 or 2 digits"))?,
            _ => return Err(err("the day is not 1 or 2 digits")),
        };
        let m = MONTHS.iter().position(|x| x.as_bytes() == mon).ok_or(err("unknown month name"))?;
        // A month index is below 12.
        let m = m as i64 + 1;
        let y = match y.len() {
            4 => fixed_digits(y).ok_or(err("the year is not 4 digits"))?,
            _ => return Err(err("the year is not 4 digits")),
        };
        let (hms, frac) = match time.iter().position(|c| *c == b'.') {
            Some(i) => (&time[..i], Some(&time[i + 1..])),
            None => (time, None),
        };
        let (Some(h), Some(mi), Some(se)) = (
            hms.get(..2).and_then(fixed_digits),
            hms.get(3..5).and_then(fixed_digits),
            hms.get(6..).filter(|t| t.len() == 2).and_then(fixed_digits),
        ) else {
            return Err(err("the time is not hh:mm:ss"));
        };
        if hms[2] != b':' || hms[5] != b':' {
            return Err(err("the time is not hh:mm:ss"));
        }
        check_fields(y, m, d, h, mi, se)?;
        let nanos = match frac {
            None => 0,
            Some(f) if !f.is_empty() && f.iter().all(u8::is_ascii_digit) => fraction_nanos(f),
            Some(_) => return Err(err("no digits after the decimal point")),
        };
        // Every field is bounded (a 4-digit year): none of this can overflow.
        Ok(DateTime { secs: days_from_civil(y, m, d) * 86_400 + h * 3600 + mi * 60 + se.min(59), nanos })
    }

    /// Epoch seconds as exact decimal text: the whole seconds, then the fraction to the
    /// nanosecond without trailing zeros (`1398796238`, `1398796238.123`, `-0.5`,
    /// `123.0000005`). The inverse of [`DateTime::parse_epoch_seconds`].
    pub fn to_epoch_seconds(&self) -> String {
        if self.nanos == 0 {
            return self.secs.to_string();
        }
        // The value is `secs + nanos / 1e9`. Before the epoch it is written toward zero: the
        // whole part is `secs + 1` (which cannot overflow for a negative `secs`) and the
        // fraction `1e9 - nanos`.
        let (sign, whole, frac) = if self.secs < 0 {
            ("-", (self.secs + 1).unsigned_abs(), 1_000_000_000 - self.nanos)
        } else {
            ("", self.secs.unsigned_abs(), self.nanos)
        };
        let mut out = format!("{sign}{whole}.{frac:09}");
        // `frac` is not zero: a digit other than `0` stays after the point.
        while out.ends_with('0') {
            out.pop();
        }
        out
    }

    /// Parses epoch seconds written as a decimal number (`1398796238`, `1398796238.123`,
    /// `-0.5`, `1.5e9`), exactly: digits past the nanosecond are dropped (toward zero).
    /// Anything out of the range of [`DateTime`], not finite or not a number is an error.
    pub fn parse_epoch_seconds(s: &str) -> Result<DateTime, DateTimeError> {
        let err = |why: &'static str| DateTimeError(why);
        let b = s.as_bytes();
        let (negative, b) = match b.first() {
            Some(b'-') => (true, &b[1..]),
            Some(b'+') => (false, &b[1..]),
            _ => (false, b),
        };
        let (mantissa, exp) = match b.iter().position(|c| matches!(c, b'e' | b'E')) {
            Some(i) => (&b[..i], Some(&b[i + 1..])),
            None => (b, None),
        };
        let (int, frac) = match mantissa.iter().position(|c| *c == b'.') {
            Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
            None => (mantissa, &[][..]),
        };
        if int.is_empty() && frac.is_empty() {
            return Err(err("epoch seconds without digits"));
        }
        if !int.iter().chain(frac).all(u8::is_ascii_digit) {
            return Err(err("epoch seconds are not a decimal number"));
        }
        let exp = match exp {
            None => 0,
            Some(e) => exponent(e).ok_or(err("epoch seconds with a malformed exponent"))?,
        };
        // The value is D × 10^e, D the integer of all the digits (`int` then `frac`).
        let digit = |k: usize| if k < int.len() { int[k] } else { frac[k - int.len()] };
        let len = int.len() + frac.len();
        let Some(lead) = (0..len).find(|&k| digit(k) != b'0') else { return Ok(DateTime::default()) };
        // A digit other than `0` exists, so `end > lead`.
        let end = (lead..len).rfind(|&k| digit(k) != b'0').map_or(len, |k| k + 1);
        // D's last significant digit stands for 10^e; in nanoseconds, 10^(e + 9).
        let trailing = i64::try_from(len - end).unwrap_or(i64::MAX);
        let frac_len = i64::try_from(frac.len()).unwrap_or(i64::MAX);
        let k = exp.saturating_sub(frac_len).saturating_add(trailing).saturating_add(9);
        // The most nanoseconds a DateTime holds, about 9.2e27, has 28 digits.
        const MAX_DIGITS: usize = 28;
        let n = end - lead;
        let (keep, scale) = if k >= 0 {
            let k = usize::try_from(k).unwrap_or(usize::MAX);
            if n.saturating_add(k) > MAX_DIGITS {
                return Err(err("epoch seconds out of range"));
            }
            (n, k)
        } else {
            // Digits below the nanosecond are dropped.
            let drop = usize::try_from(k.unsigned_abs()).unwrap_or(usize::MAX);
            if drop >= n {
                return Ok(DateTime::default());
            }
            if n - drop > MAX_DIGITS {
                return Err(err("epoch seconds out of range"));
            }
            (n - drop, 0)
        };
        // At most 28 digits and a scale that keeps the total to 28: below 10^28, far inside
        // an i128.
        let mut total: i128 = 0;
        for k in lead..lead + keep {
            total = total * 10 + i128::from(digit(k) - b'0');
        }
        for _ in 0..scale {
            total *= 10;
        }
        if negative {
            total = -total;
        }
        let secs = i64::try_from(total.div_euclid(1_000_000_000)).map_err(|_| err("epoch seconds out of range"))?;
        // `rem_euclid` of 1e9 is below 1e9.
        let nanos = u32::try_from(total.rem_euclid(1_000_000_000)).map_err(|_| err("epoch seconds out of range"))?;
        Ok(DateTime { secs, nanos })
    }

    /// Reads a timestamp from the text of a JSON value: a number is epoch seconds, a string
    /// an RFC 3339 date-time or an IMF-fixdate. With `strict` (a server), only the form of
    /// that format: a number for epoch seconds, a string for the others.
    fn from_json_text(text: &str, strict: Option<TimestampFormat>) -> Result<DateTime, DateTimeError> {
        let text = text.trim();
        match text.as_bytes().first() {
            Some(b'"') => {
                let inner = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or_default();
                if inner.contains('\\') {
                    let unescaped: String =
                        serde_json::from_str(text).map_err(|_| DateTimeError("malformed JSON string"))?;
                    DateTime::from_text(&unescaped, strict)
                } else {
                    DateTime::from_text(inner, strict)
                }
            }
            Some(b'-' | b'0'..=b'9') => match strict {
                None | Some(TimestampFormat::EpochSeconds) => DateTime::parse_epoch_seconds(text),
                Some(_) => Err(STRICT_STRING),
            },
            _ => Err(DateTimeError("expected epoch seconds, an RFC 3339 date-time or an IMF-fixdate")),
        }
    }

    /// A timestamp string in a JSON body: RFC 3339 or IMF-fixdate (the error is that of the
    /// form the text starts like); with `strict`, the member's format only (never epoch
    /// seconds, which are a number).
    fn from_text(s: &str, strict: Option<TimestampFormat>) -> Result<DateTime, DateTimeError> {
        match strict {
            None if s.as_bytes().first().is_some_and(u8::is_ascii_digit) => DateTime::parse_rfc3339(s),
            None => DateTime::parse_http_date(s),
            Some(TimestampFormat::EpochSeconds) => Err(STRICT_NUMBER),
            Some(format) => DateTime::parse_strict(s, format),
        }
    }
}

/// The value of 1 to 4 ASCII digits (`None` for anything else, or more digits).
fn fixed_digits(t: &[u8]) -> Option<i64> {
    if t.is_empty() || t.len() > 4 || !t.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(t.iter().fold(0, |n, c| n * 10 + i64::from(c - b'0')))
}

/// Nanoseconds of the digits after a decimal point (any number of them; past the ninth,
/// ignored).
fn fraction_nanos(digits: &[u8]) -> u32 {
    let mut nanos = 0u32;
    for i in 0..9 {
        nanos = nanos * 10 + digits.get(i).map_or(0, |c| u32::from(c - b'0'));
    }
    nanos
}

/// A decimal exponent: optional sign and at least one digit; its magnitude saturates at a
/// billion (far past any exponent a timestamp can have).
fn exponent(e: &[u8]) -> Option<i64> {
    let (negative, digits) = match e.first() {
        Some(b'-') => (true, &e[1..]),
        Some(b'+') => (false, &e[1..]),
        _ => (false, e),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = digits.iter().fold(0i64, |n, c| (n * 10 + i64::from(c - b'0')).min(1_000_000_000));
    Some(if negative { -n } else { n })
}

/// Checks the fields of a date and time: month, day of that month, hour, minute, second
/// (60 for a leap second).
fn check_fields(y: i64, mo: i64, d: i64, h: i64, mi: i64, se: i64) -> Result<(), DateTimeError> {
    if !(1..=12).contains(&mo) {
        return Err(DateTimeError("month out of range"));
    }
    if d < 1 || d > days_in_month(y, mo) {
        return Err(DateTimeError("day out of range for the month"));
    }
    if h > 23 || mi > 59 || se > 60 {
        return Err(DateTimeError("time of day out of range"));
    }
    Ok(())
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

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). The
/// parsers call it only with 4-digit years.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01. Any day count from an `i64`
/// of seconds (at most about 1.1e14 either way) keeps every step far inside an `i64`.
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
            // Epoch seconds written from the digits (no float rounding), exact to the
            // nanosecond: `1398796238.123`, `-0.5`.
            let text = self.to_epoch_seconds();
            match serde_json::value::RawValue::from_string(text) {
                Ok(raw) => raw.serialize(s),
                Err(_) => s.serialize_f64(self.as_fractional_secs()),
            }
        }
    }
}

/// A server's answer to a string where epoch seconds (a JSON number) are expected.
const STRICT_NUMBER: DateTimeError = DateTimeError("expected epoch seconds (a JSON number)");
/// A server's answer to a number where a date-time or an IMF-fixdate string is expected.
const STRICT_STRING: DateTimeError = DateTimeError("expected a timestamp string in the member's format");

/// The newtype name by which `serde_json` hands a visitor the raw text of a value (what its
/// `RawValue` asks for). Other deserializers call `visit_newtype_struct` for it, and the value
/// is then read as usual; so is it if `serde_json` ever names it otherwise.
const JSON_RAW_TEXT: &str = "$serde_json::private::RawValue";

impl<'de> Deserialize<'de> for DateTime {
    /// Epoch seconds, an RFC 3339 date-time or an IMF-fixdate. From `serde_json` the number's
    /// own text is read, so epoch seconds are exact to the nanosecond; from other
    /// deserializers a float is read through its shortest decimal text.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        de_date_time(d, None)
    }
}

/// Reads a timestamp in any of the three formats, or with `strict` (a server) in that format
/// only.
fn de_date_time<'de, D: Deserializer<'de>>(d: D, strict: Option<TimestampFormat>) -> Result<DateTime, D::Error> {
    struct V(Option<TimestampFormat>);
    impl<'de> Visitor<'de> for V {
        type Value = DateTime;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("epoch seconds, an RFC 3339 date-time or an IMF-fixdate")
        }
        fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<DateTime, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<DateTime, A::Error> {
            // `serde_json`'s raw text: one entry, keyed by the newtype name.
            if map.next_key_seed(IsRawText)? != Some(true) {
                return Err(A::Error::custom("expected epoch seconds, an RFC 3339 date-time or an IMF-fixdate"));
            }
            map.next_value_seed(RawText(self.0))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<DateTime, E> {
            self.number()?;
            Ok(DateTime::from_secs(v))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<DateTime, E> {
            self.number()?;
            i64::try_from(v).map(DateTime::from_secs).map_err(|_| E::custom("timestamp out of range"))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<DateTime, E> {
            self.number()?;
            if !v.is_finite() {
                return Err(E::custom("timestamp out of range"));
            }
            // The shortest text that reads back as `v` (`1398796238.123`): what was sent,
            // as near as a float can tell.
            DateTime::parse_epoch_seconds(&v.to_string()).map_err(E::custom)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateTime, E> {
            DateTime::from_text(v, self.0).map_err(E::custom)
        }
    }
    impl V {
        /// A number is epoch seconds: refused by a server for another format.
        fn number<E: serde::de::Error>(&self) -> Result<(), E> {
            match self.0 {
                None | Some(TimestampFormat::EpochSeconds) => Ok(()),
                Some(_) => Err(E::custom(STRICT_STRING)),
            }
        }
    }

    /// Whether a map key is the raw-text name.
    struct IsRawText;
    impl<'de> serde::de::DeserializeSeed<'de> for IsRawText {
        type Value = bool;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
            struct K;
            impl Visitor<'_> for K {
                type Value = bool;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a key")
                }
                fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<bool, E> {
                    Ok(v == JSON_RAW_TEXT)
                }
            }
            d.deserialize_identifier(K)
        }
    }

    /// The raw JSON text of the value, read as a timestamp.
    struct RawText(Option<TimestampFormat>);
    impl<'de> serde::de::DeserializeSeed<'de> for RawText {
        type Value = DateTime;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<DateTime, D::Error> {
            struct T(Option<TimestampFormat>);
            impl Visitor<'_> for T {
                type Value = DateTime;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("the text of a JSON value")
                }
                fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateTime, E> {
                    DateTime::from_json_text(v, self.0).map_err(E::custom)
                }
            }
            d.deserialize_str(T(self.0))
        }
    }

    d.deserialize_newtype_struct(JSON_RAW_TEXT, V(strict))
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
        let mut out = Vec::with_capacity(s.len() / 4 * 3 + 2);
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

    /// Decodes standard base64 as RFC 4648 writes it, the form a server takes: groups of four
    /// characters, the last padded with at most two `=` (`xyz` and `YmxvYg=` are refused).
    pub fn from_base64_strict(s: &str) -> Option<Blob> {
        let b = s.as_bytes();
        let pad = b.iter().rev().take_while(|c| **c == b'=').count();
        if b.len() % 4 != 0 || pad > 2 {
            return None;
        }
        Blob::from_base64(s)
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
        ///
        /// **Equality and order.** `==` and `Hash` compare the text, as it travels: `1.0` and
        /// `1` (or `1e2` and `100`) are two values, as they are two JSON texts (and two items
        /// of a `@uniqueItems` list). `Ord` orders by numeric value (`9 < 10`, `-2 < -1.5`,
        /// `1e400 > 1e399`), and numbers of equal value by their text (`1` < `1.0`), so that
        /// `cmp` answers `Equal` exactly when `==` holds. [`Self::cmp_value`] compares values
        /// alone (`1.0` and `1` are `Equal`).
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
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

            /// Compares the numeric values alone, exactly (no float conversion): `1.0`, `1`
            /// and `1e0` are `Equal`. Linear in the length of the texts.
            pub fn cmp_value(&self, other: &Self) -> Ordering {
                match (Decimal::parse(&self.0), Decimal::parse(&other.0)) {
                    (Some(a), Some(b)) => a.cmp(&b),
                    // Not reached: `parse`, `From<i64>` and `Default` make only numbers.
                    _ => self.0.cmp(&other.0),
                }
            }
        }

        /// By value, then by text (see the type's documentation).
        impl Ord for $name {
            fn cmp(&self, other: &Self) -> Ordering {
                self.cmp_value(other).then_with(|| self.0.cmp(&other.0))
            }
        }

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
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
                // The message says what is wrong, not the text (it may be `@sensitive`).
                $name::parse(text).ok_or_else(|| D::Error::custom(concat!("invalid ", stringify!($name), ": not ", $what)))
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
    ///
    /// [`BigDecimal::parse`] takes decimal text: an optional sign, digits with an optional
    /// `.`, an optional exponent (`-12.5e3`, `.5`, `1e400`, `1e-400`): every JSON number, and
    /// nothing goes through a float, so a value beyond `f64` (`1e400`) is kept exactly. The
    /// exponent must fit in an `i64` (`1e9223372036854775808` is refused).
    BigDecimal,
    "a decimal number",
    |t| t.bytes().all(|c| c.is_ascii_digit() || b"+-.eE".contains(&c)) && Decimal::parse(t).is_some()
);

impl Wire for DateTime {
    fn de<'de, D: Deserializer<'de>>(d: D, cx: &Cx) -> Result<Self, D::Error> {
        de_date_time(d, cx.strict().then(|| cx.timestamp_format()))
    }
    fn zero() -> Self {
        DateTime::default()
    }
}

impl Wire for Blob {
    fn de<'de, D: Deserializer<'de>>(d: D, cx: &Cx) -> Result<Self, D::Error> {
        if !cx.strict() {
            return <Blob as Deserialize>::deserialize(d);
        }
        // A server takes base64 only as RFC 4648 writes it.
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Blob::from_base64_strict(&s).ok_or_else(|| serde::de::Error::custom("invalid base64"))
    }
    fn zero() -> Self {
        Blob::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Big numbers are ordered by value (`"10" > "9"`), equal values by their text, so that
    /// `Ord` agrees with `==` (which compares the text).
    #[test]
    fn big_numbers_are_ordered_by_value() {
        use std::cmp::Ordering::{Equal, Greater, Less};
        let int = |t: &str| BigInteger::parse(t).unwrap_or_else(|| panic!("{t}"));
        let dec = |t: &str| BigDecimal::parse(t).unwrap_or_else(|| panic!("{t}"));
        for (a, b, by_value, whole) in [
            ("10", "9", Greater, Greater),
            ("-10", "-9", Less, Less),
            ("-1", "0", Less, Less),
            ("123456789012345678901234567890", "99999999999999999999999999999", Greater, Greater),
            ("007", "7", Equal, Less),
            ("-0", "0", Equal, Less),
            ("42", "42", Equal, Equal),
        ] {
            assert_eq!((int(a).cmp_value(&int(b)), int(a).cmp(&int(b))), (by_value, whole), "{a} vs {b}");
            assert_eq!(int(a) == int(b), whole == Equal, "{a} vs {b}");
        }
        for (a, b, by_value, whole) in [
            ("10", "9", Greater, Greater),
            ("10", "9.99999999999999999999999", Greater, Greater),
            ("-1.5", "-1.25", Less, Less),
            ("1e400", "1e399", Greater, Greater),
            ("1e400", "9e399", Greater, Greater),
            ("-1e400", "1e-400", Less, Less),
            ("1e-400", "0", Greater, Greater),
            ("1.0", "1", Equal, Greater),
            ("1e2", "100", Equal, Greater),
            ("0.001", "1e-3", Equal, Less),
            ("2.5", "2.5", Equal, Equal),
        ] {
            assert_eq!((dec(a).cmp_value(&dec(b)), dec(a).cmp(&dec(b))), (by_value, whole), "{a} vs {b}");
            assert_eq!((dec(b).cmp_value(&dec(a)), dec(b).cmp(&dec(a))), (by_value.reverse(), whole.reverse()));
            assert_eq!(dec(a) == dec(b), whole == Equal, "{a} vs {b}");
            assert_eq!(dec(a).partial_cmp(&dec(b)), Some(whole));
        }
        // Sorting sorts by value: a `BTreeSet` keeps "1.0" and "1" apart, next to each other.
        let sorted: std::collections::BTreeSet<BigDecimal> =
            ["10", "9", "1e1", "-3", "1.0", "1", "0.5", "1e400"].into_iter().map(dec).collect();
        let texts: Vec<&str> = sorted.iter().map(BigDecimal::as_str).collect();
        assert_eq!(texts, ["-3", "0.5", "1", "1.0", "9", "10", "1e1", "1e400"]);
    }

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

    /// The tests of this crate run with overflow checks on (`cargo test` uses the `dev`
    /// profile, which the workspace does not change): the tests of absurd values below would
    /// catch an overflow as a panic.
    #[test]
    fn tests_run_with_overflow_checks() {
        let max = std::hint::black_box(i64::MAX);
        let overflowed = std::panic::catch_unwind(|| std::hint::black_box(max) + std::hint::black_box(1));
        assert!(overflowed.is_err(), "overflow checks are off in this test build");
    }

    /// Every parser of text into a timestamp gives an error value, never a panic or a bogus
    /// date, on absurd input; and its message never holds the input.
    #[test]
    fn absurd_timestamps_are_errors() {
        let many = "9".repeat(100_000);
        let rfc3339: Vec<String> = vec![
            String::new(),
            "2014-04-29".into(),
            "99999-04-29T18:30:38Z".into(),
            "+2014-04-29T18:30:38Z".into(),
            "-014-04-29T18:30:38Z".into(),
            "2014-13-29T18:30:38Z".into(),
            "2014-00-29T18:30:38Z".into(),
            "2014-02-29T18:30:38Z".into(),
            "2014-04-29T24:00:00Z".into(),
            "2014-04-29T18:60:00Z".into(),
            "2014-04-29T18:30:61Z".into(),
            "2014-04-29T18:30:38.Z".into(),
            "2014-04-29T18:30:38".into(),
            "2014-04-29T18:30:38+24:00".into(),
            "2014-04-29T18:30:38+01:60".into(),
            "2014-04-29T18:30:38+1:00".into(),
            "2014-04-29T18:30:38+01:00:00".into(),
            "2014-04-29T18:30:38ZZ".into(),
            "2014-04-29T18:30:38é".into(),
            "２０１４-04-29T18:30:38Z".into(),
            "2014-04-29T18:30:3８Z".into(),
            format!("2014-04-29T18:30:38.{many}x"),
            format!("{many}-04-29T18:30:38Z"),
        ];
        for text in &rfc3339 {
            let e = DateTime::parse_rfc3339(text).expect_err(text);
            assert!(text.is_empty() || !e.to_string().contains(text.as_str()), "{e} echoes");
        }
        let http_date: Vec<String> = vec![
            String::new(),
            "Mon, 01 Jan 99999999999999 00:00:00 GMT".into(),
            "Mon, 01 Jan 99999 00:00:00 GMT".into(),
            "Mon, 01 Jan 999 00:00:00 GMT".into(),
            "Mon, 01 Jan -999 00:00:00 GMT".into(),
            "Mon, 01 Jan +999 00:00:00 GMT".into(),
            "Mon, 001 Jan 2000 00:00:00 GMT".into(),
            "Mon, +1 Jan 2000 00:00:00 GMT".into(),
            "Mon, 32 Jan 2000 00:00:00 GMT".into(),
            "Mon, 00 Jan 2000 00:00:00 GMT".into(),
            "Mon, 29 Feb 2001 00:00:00 GMT".into(),
            "Mon, 01 Foo 2000 00:00:00 GMT".into(),
            "Xyz, 01 Jan 2000 00:00:00 GMT".into(),
            "Mon 01 Jan 2000 00:00:00 GMT".into(),
            "Mon, 01 Jan 2000 24:00:00 GMT".into(),
            "Mon, 01 Jan 2000 00:60:00 GMT".into(),
            "Mon, 01 Jan 2000 00:00:61 GMT".into(),
            "Mon, 01 Jan 2000 0:00:00 GMT".into(),
            "Mon, 01 Jan 2000 00:00:000 GMT".into(),
            "Mon, 01 Jan 2000 00-00-00 GMT".into(),
            "Mon, 01 Jan 2000 00:00:00. GMT".into(),
            "Mon, 01 Jan 2000 00:00:00.1x GMT".into(),
            "Mon, 01 Jan 2000 00:00:00 UTC".into(),
            "Mon, 01 Jan 2000 00:00:00 GMT ".into(),
            "Mon, 01 Jan 2000  00:00:00 GMT".into(),
            "Mön, 01 Jan 2000 00:00:00 GMT".into(),
            "Mon, 0١ Jan 2000 00:00:00 GMT".into(),
            format!("Mon, 01 Jan {many} 00:00:00 GMT"),
            format!("Mon, 01 Jan 2000 00:00:{many} GMT"),
        ];
        for text in &http_date {
            let e = DateTime::parse_http_date(text).expect_err(text);
            assert!(text.is_empty() || !e.to_string().contains(text.as_str()), "{e} echoes");
        }
        let epoch: Vec<String> = vec![
            String::new(),
            "-".into(),
            "+".into(),
            ".".into(),
            "-.".into(),
            "e5".into(),
            "1e".into(),
            "1e+".into(),
            "1e5.5".into(),
            "1.2.3".into(),
            "NaN".into(),
            "Infinity".into(),
            "-Infinity".into(),
            "inf".into(),
            "0x10".into(),
            " 1".into(),
            "1 ".into(),
            "١".into(),
            "1_000".into(),
            "9223372036854775808".into(),
            "-9223372036854775809".into(),
            "-9223372036854775808.5".into(),
            "1e19".into(),
            "1e9223372036854775807".into(),
            "1e99999999999999999999999".into(),
            many.clone(),
            format!("{many}.5"),
            format!("0.{many}e{many}"),
        ];
        for text in &epoch {
            let e = DateTime::parse_epoch_seconds(text).expect_err(text);
            assert!(text.len() < 2 || !e.to_string().contains(text.as_str()), "{e} echoes");
        }
        // Absurd but in range: exact or cut below the nanosecond, not errors.
        assert_eq!(DateTime::parse_epoch_seconds("-9223372036854775808"), Ok(DateTime::from_secs(i64::MIN)));
        assert_eq!(
            DateTime::parse_epoch_seconds("9223372036854775807.999999999"),
            Ok(DateTime { secs: i64::MAX, nanos: 999_999_999 })
        );
        assert_eq!(DateTime::parse_epoch_seconds(&format!("0.{many}")), Ok(DateTime { secs: 0, nanos: 999_999_999 }));
        assert_eq!(DateTime::parse_epoch_seconds(&format!("{}1", "0".repeat(100_000))), Ok(DateTime::from_secs(1)));
        assert_eq!(DateTime::parse_epoch_seconds("1e-99999999999999999999"), Ok(DateTime::default()));
        assert_eq!(DateTime::parse_epoch_seconds("0e99999999999999999999"), Ok(DateTime::default()));
        assert_eq!(DateTime::parse_epoch_seconds("1.5e9"), Ok(DateTime::from_secs(1_500_000_000)));
        assert_eq!(DateTime::parse_epoch_seconds("-15E-1"), Ok(DateTime { secs: -2, nanos: 500_000_000 }));
        // Leap seconds are read as the second before; the largest and smallest dates.
        assert_eq!(DateTime::parse_rfc3339("2016-12-31T23:59:60Z"), DateTime::parse_rfc3339("2016-12-31T23:59:59Z"));
        assert_eq!(
            DateTime::parse_http_date("Sat, 31 Dec 2016 23:59:60 GMT"),
            DateTime::parse_http_date("Sat, 31 Dec 2016 23:59:59 GMT")
        );
        assert_eq!(
            DateTime::parse_rfc3339("9999-12-31T23:59:59.999999999-23:59").map(|d| d.to_rfc3339()),
            Ok("10000-01-01T23:58:59.999999999Z".to_string())
        );
        assert_eq!(DateTime::parse_rfc3339("0000-01-01T00:00:00+23:59").map(|d| d.secs()), Ok(-62_167_305_540));
        assert_eq!(DateTime::parse_http_date("Mon, 1 Jan 2001 00:00:00 GMT").map(|d| d.secs()), Ok(978_307_200));
        // Formatting never overflows, whatever the value.
        for secs in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX] {
            for nanos in [0, 1, 999_999_999] {
                let d = DateTime { secs, nanos };
                assert!(!d.to_rfc3339().is_empty() && !d.to_http_date().is_empty());
                assert_eq!(DateTime::parse_epoch_seconds(&d.to_epoch_seconds()), Ok(d));
            }
        }
    }

    /// Big numbers: every digit kept, anything else an error that does not echo the text.
    #[test]
    fn absurd_big_numbers_are_errors() {
        let many = "9".repeat(100_000);
        for bad in ["", "-", "+1", "1.5", "1e5", " 1", "١", "0x1", "NaN", "--1"] {
            assert_eq!(BigInteger::parse(bad), None, "{bad}");
        }
        assert_eq!(BigInteger::parse(&many).map(|b| b.as_str().len()), Some(100_000));
        for bad in ["", "-", ".", "e", "1e", "NaN", "inf", "Infinity", "١", "1_0", "0x1", " 1", "1 ", "1e5e5", "1.2.3"]
        {
            assert_eq!(BigDecimal::parse(bad), None, "{bad}");
        }
        assert!(BigDecimal::parse("0.01e-9223372036854775808").is_some());
        assert_eq!(BigDecimal::parse("1e9223372036854775808"), None, "the exponent must fit in an i64");
        // Beyond f64, kept exactly: no float conversion.
        for good in ["1e400", "-1e400", "1e-400", "1.5E+308000", &many, &format!("0.{many}e-5")] {
            assert_eq!(BigDecimal::parse(good).map(|b| b.to_string()).as_deref(), Some(good), "{good:.20}");
        }
        let secret = "\"hunter2\"";
        let e = serde_json::from_str::<BigInteger>(secret).map(|_| ()).map_err(|e| e.to_string());
        assert!(e.as_ref().is_err_and(|e| !e.contains("hunter2") && e.contains("not an integer")), "{e:?}");
        let e = serde_json::from_str::<BigDecimal>(secret).map(|_| ()).map_err(|e| e.to_string());
        assert!(e.as_ref().is_err_and(|e| !e.contains("hunter2") && e.contains("not a decimal number")), "{e:?}");
        let e = serde_json::from_str::<DateTime>(secret).map(|_| ()).map_err(|e| e.to_string());
        assert!(e.as_ref().is_err_and(|e| !e.contains("hunter2")), "{e:?}");
        assert!(Blob::from_base64(&"A".repeat(100_001)).is_none());
        assert!(Blob::from_base64("Zm9v\u{e9}").is_none());
    }

    #[test]
    fn epoch_seconds_are_written_exactly() {
        for (secs, nanos, text) in [
            (0, 0, "0"),
            (1_398_796_238, 0, "1398796238"),
            (1_398_796_238, 123_000_000, "1398796238.123"),
            (1_398_796_238, 100_000_000, "1398796238.1"),
            (123, 500, "123.0000005"),
            (123, 1, "123.000000001"),
            (-1, 500_000_000, "-0.5"),
            (-1, 999_999_999, "-0.000000001"),
            (-1, 1, "-0.999999999"),
            (-2, 0, "-2"),
            (-2, 250_000_000, "-1.75"),
            (i64::MAX, 999_999_999, "9223372036854775807.999999999"),
            (i64::MIN, 0, "-9223372036854775808"),
            (i64::MIN, 1, "-9223372036854775807.999999999"),
        ] {
            let d = DateTime { secs, nanos };
            assert_eq!(d.to_epoch_seconds(), text);
            assert_eq!(DateTime::parse_epoch_seconds(text), Ok(d), "{text}");
            let json = serde_json::to_string(&d).map_err(|e| e.to_string());
            assert_eq!(json.as_deref(), Ok(text));
            let back = serde_json::from_str::<DateTime>(text).map_err(|e| e.to_string());
            assert_eq!(back, Ok(d), "{text} through JSON");
        }
        // Other deserializers read a float through its shortest text.
        let v = serde_json::json!(1_398_796_238.123);
        let d = serde_json::from_value::<DateTime>(v).map_err(|e| e.to_string());
        assert_eq!(d, Ok(DateTime { secs: 1_398_796_238, nanos: 123_000_000 }));
        let v = serde_json::json!({"a": 1});
        assert!(serde_json::from_value::<DateTime>(v).is_err());
        for (json, want) in [
            ("\"2014-04-29T18:30:38.5Z\"", Some(DateTime { secs: 1_398_796_238, nanos: 500_000_000 })),
            ("\"Tue, 29 Apr 2014 18:30:38 GMT\"", Some(DateTime::from_secs(1_398_796_238))),
            ("\"2014\\u002d04-29T18:30:38Z\"", Some(DateTime::from_secs(1_398_796_238))),
            ("1.5e9", Some(DateTime::from_secs(1_500_000_000))),
            ("true", None),
            ("{}", None),
            ("[1]", None),
            ("\"1398796238\"", None),
        ] {
            assert_eq!(serde_json::from_str::<DateTime>(json).ok(), want, "{json}");
        }
    }

    #[test]
    fn servers_take_each_timestamp_format_and_base64_as_written() {
        for ok in ["1985-04-12T23:20:50.52Z", "1985-04-12T23:20:50Z", "1985-04-12t23:20:50z"] {
            assert!(DateTime::parse_date_time_strict(ok).is_ok(), "{ok}");
        }
        for bad in ["1996-12-19 16:39:57Z", "1996-12-19T16:39:57-08:00", "1996-12-19T16:39:57+00Z", "1996-12-19T16:39"]
        {
            assert!(DateTime::parse_date_time_strict(bad).is_err(), "{bad}");
        }
        // Strict base64 is RFC 4648's: padded groups of four.
        assert_eq!(Blob::from_base64_strict("YmxvYg=="), Some(Blob(b"blob".to_vec())));
        for bad in ["xyz", "YmxvYg=", "YmxvYg===", "-_=="] {
            assert_eq!(Blob::from_base64_strict(bad), None, "{bad}");
        }
        // In a body, a server takes a timestamp only in its member's format; a client any.
        let read = |json: &str, mode: super::super::Mode| {
            super::super::de::parse::<DateTime>(json.as_bytes(), &Cx::keeping(mode, 0)).is_ok()
        };
        use super::super::Mode::{Correct, Strict};
        assert!(read("1515531081.5", Strict) && read("1515531081.5", Correct));
        assert!(!read("\"1985-04-12T23:20:50Z\"", Strict) && read("\"1985-04-12T23:20:50Z\"", Correct));
        assert!(!read("\"Tue, 29 Apr 2014 18:30:38 GMT\"", Strict));
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
