//! restJson1 HTTP bindings, sans I/O: building and reading `http::Request`s and
//! `http::Response`s from the generated types. The user brings the HTTP client or server.

use std::collections::BTreeMap;
use std::fmt;

use super::absent::Absent;
pub use super::aws_json::Protocol;
use super::ser::TimestampFormat;
use super::{BigDecimal, BigInteger, Blob, DateTime, Path, Report, RequestError, Validate, Wire};

/// Why an HTTP message could not be built or read.
///
/// `#[non_exhaustive]`: a later release may add a variant; match with a `_` arm. So do
/// [`RequestError`], [`BodyError`](super::BodyError) and [`RetryKind`](super::RetryKind).
/// Without one, a match does not compile:
///
/// ```compile_fail,E0004
/// fn kind(e: &ivs_types::rt::http::HttpError) -> &'static str {
///     use ivs_types::rt::http::HttpError::*;
///     match e {
///         EmptyLabel(_) | BadValue { .. } | NoMatch | Utf8 => "request",
///         Body(_) | Serialize(_) | Http(_) => "other",
///     }
/// }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum HttpError {
    /// A label member is empty (it would make the path ambiguous).
    EmptyLabel(&'static str),
    /// A header, query parameter or label value could not be read as its member's type. The
    /// value itself is not kept: it may be `@sensitive`.
    BadValue {
        /// Where: `header X-Foo`, `query maxResults`, `label resourceArn`.
        place: String,
        /// What the member's type takes: `an integer`, `an RFC 3339 date-time`, ...
        expected: &'static str,
    },
    /// The request's method or path does not match the operation.
    NoMatch,
    /// The body is not what the operation sends. `Display` says what kind of problem and
    /// where (`malformed body: JSON of the wrong shape at line 1 column 12`), never the
    /// value; the serde_json error is the `source()`.
    Body(serde_json::Error),
    /// The payload is not valid UTF-8 text.
    Utf8,
    /// A union member this model does not know cannot be sent.
    Serialize(serde_json::Error),
    /// `http` refused a part (an invalid header name or value, an invalid URI).
    Http(http::Error),
    /// The request's `Content-Type` is not the one the operation's input is sent with (or
    /// there is one where the input has no body): a server answers `415`.
    UnsupportedMediaType,
    /// The request's `Accept` does not take the media type of the operation's output: a
    /// server answers `406`.
    NotAcceptable,
    /// The body does not decode with its `Content-Encoding` (`gzip`): a server answers `400`.
    ContentEncoding(&'static str),
    /// The body decompresses to more than the server takes
    /// ([`transfer::set_max_decompressed_size`](super::transfer::set_max_decompressed_size)):
    /// a server answers `413`.
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HttpError::EmptyLabel(l) => write!(f, "label `{l}` is empty"),
            HttpError::BadValue { place, expected } => write!(f, "{place}: expected {expected}"),
            HttpError::NoMatch => f.write_str("the request's method and path do not match the operation"),
            // Kind and place, not serde_json's text (it can quote a value); `source()` has it.
            HttpError::Body(e) => write!(f, "malformed body: {}", super::error::JsonProblem(e)),
            HttpError::Utf8 => f.write_str("the payload is not UTF-8 text"),
            HttpError::Serialize(e) => write!(f, "cannot serialize: {e}"),
            HttpError::Http(e) => write!(f, "invalid HTTP message: {e}"),
            HttpError::UnsupportedMediaType => {
                f.write_str("the request's Content-Type is not the media type the operation takes")
            }
            HttpError::NotAcceptable => f.write_str("the request's Accept does not take the operation's response"),
            HttpError::ContentEncoding(coding) => write!(f, "the body is not valid {coding} data"),
            HttpError::TooLarge { limit } => write!(f, "the body decompresses to more than {limit} bytes"),
        }
    }
}

impl std::error::Error for HttpError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            HttpError::Body(e) | HttpError::Serialize(e) => Some(e),
            HttpError::Http(e) => Some(e),
            _ => None,
        }
    }
}

impl From<http::Error> for HttpError {
    fn from(e: http::Error) -> Self {
        HttpError::Http(e)
    }
}

/// A value that can travel in a header, a query string or a label.
#[doc(hidden)]
pub trait HttpValue: Sized {
    /// Whether the type is a timestamp: in a header list, an IMF-fixdate holds a comma of
    /// its own and is neither quoted nor split there.
    const IS_TIMESTAMP: bool = false;

    /// As text. `format` is the member's timestamp format.
    fn to_http(&self, format: TimestampFormat) -> String;
    /// From text; `None` when it is not a value of the type.
    fn from_http(text: &str, format: TimestampFormat) -> Option<Self>;

    /// From text, as a server reads a request: only the forms the protocol allows (a
    /// timestamp in its location's format, RFC 4648 base64). By default as
    /// [`HttpValue::from_http`].
    fn from_http_strict(text: &str, format: TimestampFormat) -> Option<Self> {
        Self::from_http(text, format)
    }

    /// What [`HttpValue::from_http`] takes, for an error that must not echo the value:
    /// `an integer`, `an RFC 3339 date-time`, ...
    fn expected(format: TimestampFormat) -> &'static str {
        let _ = format;
        "a value of the member's type"
    }
}

impl HttpValue for String {
    fn to_http(&self, _: TimestampFormat) -> String {
        self.clone()
    }
    fn from_http(text: &str, _: TimestampFormat) -> Option<Self> {
        Some(text.to_string())
    }
}

impl HttpValue for bool {
    fn to_http(&self, _: TimestampFormat) -> String {
        self.to_string()
    }
    fn from_http(text: &str, _: TimestampFormat) -> Option<Self> {
        match text.trim() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
    fn expected(_: TimestampFormat) -> &'static str {
        "`true` or `false`"
    }
}

macro_rules! int {
    ($($t:ty: $what:literal),*) => {$(
        impl HttpValue for $t {
            fn to_http(&self, _: TimestampFormat) -> String {
                self.to_string()
            }
            fn from_http(text: &str, _: TimestampFormat) -> Option<Self> {
                text.trim().parse().ok()
            }
            fn expected(_: TimestampFormat) -> &'static str {
                $what
            }
        }
    )*};
}

int!(
    i8: "an integer from -128 to 127",
    i16: "an integer from -32768 to 32767",
    i32: "a 32-bit integer",
    i64: "a 64-bit integer"
);

macro_rules! float {
    ($($t:ty),*) => {$(
        impl HttpValue for $t {
            fn to_http(&self, _: TimestampFormat) -> String {
                if self.is_nan() {
                    "NaN".into()
                } else if self.is_infinite() {
                    if *self > 0.0 { "Infinity".into() } else { "-Infinity".into() }
                } else {
                    self.to_string()
                }
            }
            fn from_http(text: &str, _: TimestampFormat) -> Option<Self> {
                match text.trim() {
                    "NaN" => Some(<$t>::NAN),
                    "Infinity" => Some(<$t>::INFINITY),
                    "-Infinity" => Some(<$t>::NEG_INFINITY),
                    t => t.parse().ok(),
                }
            }
            fn expected(_: TimestampFormat) -> &'static str {
                "a number, `NaN`, `Infinity` or `-Infinity`"
            }
        }
    )*};
}

float!(f32, f64);

impl HttpValue for DateTime {
    const IS_TIMESTAMP: bool = true;

    fn to_http(&self, format: TimestampFormat) -> String {
        format.format(self)
    }
    fn from_http(text: &str, format: TimestampFormat) -> Option<Self> {
        let t = text.trim();
        match format {
            TimestampFormat::EpochSeconds => DateTime::parse_epoch_seconds(t).ok(),
            TimestampFormat::DateTime => DateTime::parse_rfc3339(t).ok(),
            TimestampFormat::HttpDate => DateTime::parse_http_date(t).ok(),
        }
    }
    fn from_http_strict(text: &str, format: TimestampFormat) -> Option<Self> {
        DateTime::parse_strict(text.trim(), format).ok()
    }
    fn expected(format: TimestampFormat) -> &'static str {
        match format {
            TimestampFormat::EpochSeconds => "a timestamp in epoch seconds",
            TimestampFormat::DateTime => "an RFC 3339 date-time",
            TimestampFormat::HttpDate => "an IMF-fixdate (HTTP date)",
        }
    }
}

impl HttpValue for Blob {
    fn to_http(&self, _: TimestampFormat) -> String {
        self.to_base64()
    }
    fn from_http(text: &str, _: TimestampFormat) -> Option<Self> {
        Blob::from_base64(text.trim())
    }
    fn from_http_strict(text: &str, _: TimestampFormat) -> Option<Self> {
        Blob::from_base64_strict(text.trim())
    }
    fn expected(_: TimestampFormat) -> &'static str {
        "base64"
    }
}

impl HttpValue for BigInteger {
    fn to_http(&self, _: TimestampFormat) -> String {
        self.as_str().to_string()
    }
    fn from_http(text: &str, _: TimestampFormat) -> Option<Self> {
        BigInteger::parse(text.trim())
    }
    fn expected(_: TimestampFormat) -> &'static str {
        "an integer"
    }
}

impl HttpValue for BigDecimal {
    fn to_http(&self, _: TimestampFormat) -> String {
        self.as_str().to_string()
    }
    fn from_http(text: &str, _: TimestampFormat) -> Option<Self> {
        BigDecimal::parse(text.trim())
    }
    fn expected(_: TimestampFormat) -> &'static str {
        "a decimal number"
    }
}

/// Percent-encodes per RFC 3986: everything but unreserved characters (and `/` in a greedy
/// label).
#[doc(hidden)]
pub fn percent_encode(s: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space in query strings when `plus` is set).
#[doc(hidden)]
pub fn percent_decode(s: &str, plus: bool) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' if plus => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// One segment of an `@http` URI pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[doc(hidden)]
pub enum UriSegment {
    /// Literal text between labels (already in URI form).
    Literal(&'static str),
    /// `{name}`: one path segment.
    Label(&'static str),
    /// `{name+}`: the rest of the path, `/` included.
    Greedy(&'static str),
}

/// An operation's `@http` binding.
#[derive(Debug, Clone, Copy)]
#[doc(hidden)]
pub struct HttpBinding {
    /// `POST`, `GET`, ...
    pub method: &'static str,
    /// The path pattern.
    pub path: &'static [UriSegment],
    /// Constant query parameters of the URI pattern (`?x=y`).
    pub query: &'static [(&'static str, &'static str)],
    /// The success status (`@http(code)`, default 200).
    pub code: u16,
}

/// The HTTP-bound parts of a value being written.
#[derive(Debug, Default)]
#[doc(hidden)]
pub struct HttpOut {
    headers: Vec<(String, String)>,
    /// `@httpPrefixHeaders` headers: a header a member binds by name wins over one of these.
    prefixed: Vec<(String, String)>,
    query: Vec<(String, String)>,
    labels: BTreeMap<&'static str, String>,
    status: Option<u16>,
}

/// Quotes a header list item that holds a comma or a double quote (RFC 7230 quoted-string).
fn quote_item(s: &str) -> String {
    if s.contains([',', '"']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        s.to_string()
    }
}

impl HttpOut {
    /// `@httpHeader` with one value.
    pub fn header<T: HttpValue>(&mut self, name: &str, v: &T, format: TimestampFormat) {
        self.headers.push((name.to_string(), v.to_http(format)));
    }

    /// `@httpHeader` with a list: one comma-separated header (strings with commas quoted;
    /// http-dates as they are).
    pub fn header_list<T: HttpValue>(&mut self, name: &str, v: &[T], format: TimestampFormat) {
        let items: Vec<String> = v
            .iter()
            .map(|x| {
                let t = x.to_http(format);
                if T::IS_TIMESTAMP && format == TimestampFormat::HttpDate {
                    t
                } else {
                    quote_item(&t)
                }
            })
            .collect();
        self.headers.push((name.to_string(), items.join(", ")));
    }

    /// `@httpHeader` on a string with `@mediaType`: base64 of its UTF-8 text.
    pub fn header_media_type(&mut self, name: &str, v: &str, _: TimestampFormat) {
        self.headers.push((name.to_string(), Blob(v.as_bytes().to_vec()).to_base64()));
    }

    /// `@httpPrefixHeaders`. A header that a member binds with `@httpHeader` is sent with
    /// that member's value, not the map's (the prefix may be empty).
    pub fn prefix_headers(&mut self, prefix: &str, map: &BTreeMap<String, String>) {
        for (k, v) in map {
            self.prefixed.push((format!("{prefix}{k}"), v.clone()));
        }
    }

    /// Every header to send: the bound ones, then the prefixed ones that no bound one names.
    fn all_headers(&self) -> impl Iterator<Item = &(String, String)> {
        let bound = |name: &str| self.headers.iter().any(|(h, _)| h.eq_ignore_ascii_case(name));
        self.headers.iter().chain(self.prefixed.iter().filter(move |(k, _)| !bound(k)))
    }

    /// Whether a member binds the `Content-Type` header: its value wins over the payload's.
    fn binds_content_type(&self) -> bool {
        self.headers.iter().any(|(h, _)| h.eq_ignore_ascii_case("content-type"))
    }

    /// `@httpQuery` with one value.
    pub fn query<T: HttpValue>(&mut self, name: &str, v: &T, format: TimestampFormat) {
        self.query.push((name.to_string(), v.to_http(format)));
    }

    /// `@httpQuery` with a list: the key repeated.
    pub fn query_list<T: HttpValue>(&mut self, name: &str, v: &[T], format: TimestampFormat) {
        for x in v {
            self.query.push((name.to_string(), x.to_http(format)));
        }
    }

    /// `@httpQueryParams` (a map of strings); keys already bound by `@httpQuery` win.
    pub fn query_params(&mut self, map: &BTreeMap<String, String>) {
        for (k, v) in map {
            if !self.query.iter().any(|(q, _)| q == k) {
                self.query.push((k.clone(), v.clone()));
            }
        }
    }

    /// `@httpQueryParams` (a map of string lists).
    pub fn query_params_list(&mut self, map: &BTreeMap<String, Vec<String>>) {
        for (k, vs) in map {
            if !self.query.iter().any(|(q, _)| q == k) {
                for v in vs {
                    self.query.push((k.clone(), v.clone()));
                }
            }
        }
    }

    /// `@httpLabel`.
    pub fn label<T: HttpValue>(&mut self, name: &'static str, v: &T, format: TimestampFormat) {
        self.labels.insert(name, v.to_http(format));
    }

    /// `@httpResponseCode`.
    pub fn status(&mut self, code: i32) {
        self.status = u16::try_from(code).ok();
    }
}

/// The HTTP-bound parts of a message being read.
#[derive(Debug)]
#[doc(hidden)]
pub struct HttpIn<'a> {
    headers: &'a http::HeaderMap,
    query: Vec<(String, String)>,
    labels: BTreeMap<&'static str, String>,
    status: u16,
    /// A server reading a request: values only in the forms the protocol allows
    /// ([`HttpValue::from_http_strict`]).
    strict: bool,
}

/// Splits a header list on commas outside quoted strings; with `http_date`, every other comma
/// (IMF-fixdates hold one).
#[doc(hidden)]
pub fn split_header_list(value: &str, http_date: bool) -> Vec<String> {
    let mut items = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut escaped = false;
    let mut was_quoted = false;
    for c in value.chars() {
        if escaped {
            cur.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' if quoted => escaped = true,
            '"' => {
                if !quoted && cur.trim().is_empty() {
                    cur.clear();
                }
                quoted = !quoted;
                was_quoted = true;
            }
            ',' if !quoted => {
                items.push((std::mem::take(&mut cur), was_quoted));
                was_quoted = false;
            }
            c => cur.push(c),
        }
    }
    items.push((cur, was_quoted));
    let mut out: Vec<String> =
        items.into_iter().map(|(s, q)| if q { s } else { s.trim().to_string() }).filter(|s| !s.is_empty()).collect();
    if http_date {
        out = out.chunks(2).map(|c| c.join(", ")).collect();
    }
    out
}

impl<'a> HttpIn<'a> {
    fn new(
        headers: &'a http::HeaderMap,
        query: Option<&str>,
        labels: BTreeMap<&'static str, String>,
        status: u16,
        strict: bool,
    ) -> Self {
        let query = query
            .unwrap_or_default()
            .split('&')
            .filter(|p| !p.is_empty())
            .filter_map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                Some((percent_decode(k, true)?, percent_decode(v, true)?))
            })
            .collect();
        HttpIn { headers, query, labels, status, strict }
    }

    /// A value read as a server (strictly) or a client reads it.
    fn value<T: HttpValue>(&self, text: &str, format: TimestampFormat) -> Option<T> {
        if self.strict {
            T::from_http_strict(text, format)
        } else {
            T::from_http(text, format)
        }
    }

    /// A value that `T` cannot read, told by where it is and what `T` takes, never by the
    /// value (it may be `@sensitive`).
    fn bad<T: HttpValue>(place: String, format: TimestampFormat) -> HttpError {
        HttpError::BadValue { place, expected: T::expected(format) }
    }

    fn header_text(&self, name: &str) -> Option<String> {
        let all: Vec<&str> = self.headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).collect();
        (!all.is_empty()).then(|| all.join(", "))
    }

    /// `@httpHeader` with one value.
    pub fn header<T: HttpValue>(&self, name: &str, format: TimestampFormat) -> Result<Option<T>, HttpError> {
        match self.header_text(name) {
            None => Ok(None),
            Some(text) => {
                self.value(&text, format).map(Some).ok_or_else(|| Self::bad::<T>(format!("header {name}"), format))
            }
        }
    }

    /// `@httpHeader` on a string with `@mediaType`: base64 of UTF-8 text.
    pub fn header_media_type(&self, name: &str, _: TimestampFormat) -> Result<Option<String>, HttpError> {
        let Some(text) = self.header_text(name) else { return Ok(None) };
        let blob: Option<Blob> = self.value(&text, TimestampFormat::default());
        blob.and_then(|b| String::from_utf8(b.0).ok())
            .map(Some)
            .ok_or_else(|| HttpError::BadValue { place: format!("header {name}"), expected: "base64 of UTF-8 text" })
    }

    /// `@httpHeader` with a list.
    pub fn header_list<T: HttpValue>(&self, name: &str, format: TimestampFormat) -> Result<Option<Vec<T>>, HttpError> {
        let Some(text) = self.header_text(name) else { return Ok(None) };
        split_header_list(&text, T::IS_TIMESTAMP && format == TimestampFormat::HttpDate)
            .iter()
            .map(|item| self.value(item, format).ok_or_else(|| Self::bad::<T>(format!("header {name}"), format)))
            .collect::<Result<Vec<T>, HttpError>>()
            .map(Some)
    }

    /// `@httpPrefixHeaders`: every header that starts with the prefix (case-insensitively),
    /// keyed by the rest of its name.
    pub fn prefix_headers(&self, prefix: &str) -> BTreeMap<String, String> {
        let p = prefix.to_ascii_lowercase();
        let mut out = BTreeMap::new();
        for (name, value) in self.headers {
            if let (Some(rest), Ok(v)) = (name.as_str().strip_prefix(&p), value.to_str()) {
                out.insert(rest.to_string(), v.to_string());
            }
        }
        out
    }

    /// `@httpQuery` with one value (the first, when repeated).
    pub fn query<T: HttpValue>(&self, name: &str, format: TimestampFormat) -> Result<Option<T>, HttpError> {
        match self.query.iter().find(|(k, _)| k == name) {
            None => Ok(None),
            Some((_, v)) => {
                self.value(v, format).map(Some).ok_or_else(|| Self::bad::<T>(format!("query {name}"), format))
            }
        }
    }

    /// `@httpQuery` with a list.
    pub fn query_list<T: HttpValue>(&self, name: &str, format: TimestampFormat) -> Result<Option<Vec<T>>, HttpError> {
        let values: Vec<&String> = self.query.iter().filter(|(k, _)| k == name).map(|(_, v)| v).collect();
        if values.is_empty() {
            return Ok(None);
        }
        values
            .into_iter()
            .map(|v| self.value(v, format).ok_or_else(|| Self::bad::<T>(format!("query {name}"), format)))
            .collect::<Result<Vec<T>, HttpError>>()
            .map(Some)
    }

    /// `@httpQueryParams` (a map of strings: the first value of each key).
    pub fn query_params(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for (k, v) in &self.query {
            out.entry(k.clone()).or_insert_with(|| v.clone());
        }
        out
    }

    /// `@httpQueryParams` (a map of string lists).
    pub fn query_params_list(&self) -> BTreeMap<String, Vec<String>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in &self.query {
            out.entry(k.clone()).or_default().push(v.clone());
        }
        out
    }

    /// `@httpLabel`.
    pub fn label<T: HttpValue>(&self, name: &str, format: TimestampFormat) -> Result<Option<T>, HttpError> {
        match self.labels.get(name) {
            None => Ok(None),
            Some(v) => self.value(v, format).map(Some).ok_or_else(|| Self::bad::<T>(format!("label {name}"), format)),
        }
    }

    /// The HTTP status, for `@httpResponseCode`.
    pub fn status(&self) -> i32 {
        i32::from(self.status)
    }
}

/// What the generator implements for each input, output and error structure of an HTTP
/// operation: the members that travel outside the JSON body.
#[doc(hidden)]
pub trait HttpMembers: Sized + serde::Serialize + Wire {
    /// Whether the structure has members in a JSON body (without an `@httpPayload`).
    const JSON_BODY: bool = true;

    /// The media type a server takes the structure's body in (a request's `Content-Type`) and
    /// answers it in (checked against `Accept`): `application/json` for a JSON body (and for
    /// a structure without members, sent as `{}`), the payload's for an `@httpPayload` (its
    /// `@mediaType`, else `text/plain` for a string and `application/json` for a structure,
    /// union or document), `*/*` (any) for a blob payload without `@mediaType`, and `None`
    /// when nothing is sent in the body.
    const CONTENT_TYPE: Option<&'static str> = if Self::JSON_BODY { Some("application/json") } else { None };
    /// What a message of the structure carries when its body is empty (no body members, or
    /// an unset payload).
    const EMPTY_BODY: EmptyBody = EmptyBody::Object;

    /// A copy with every unset `@idempotencyToken` member filled with a new token
    /// ([`super::transfer::idempotency_token`]); `None` when there is nothing to fill (the
    /// default, for structures without such members).
    fn with_idempotency_tokens(&self) -> Option<Self> {
        None
    }

    /// Writes the header, query, label and status members (by default, there are none).
    fn write_http(&self, _out: &mut HttpOut) {}

    /// Reads them; required ones that are absent are added to `missing` (as `/member`).
    fn read_http(&mut self, _input: &HttpIn<'_>, _missing: &mut Absent) -> Result<(), HttpError> {
        Ok(())
    }

    /// The `@httpPayload` member as a body and its content type; `None` without one.
    fn payload(&self) -> Result<Option<(Vec<u8>, &'static str)>, HttpError> {
        Ok(None)
    }

    /// Reads the `@httpPayload` member from a body. Returns false when there is none.
    fn set_payload(&mut self, _body: &[u8]) -> Result<bool, HttpError> {
        Ok(false)
    }

    /// Reads the `@httpPayload` member from a request body as a server does: a structure
    /// payload strictly, its absent required members added to `missing` under the payload
    /// member's path, and an absent required payload itself too. By default, as
    /// [`HttpMembers::set_payload`].
    fn set_payload_strict(&mut self, body: &[u8], _missing: &mut Absent) -> Result<bool, HttpError> {
        self.set_payload(body)
    }
}

/// A structure `@httpPayload` read strictly (see [`HttpMembers::set_payload_strict`]): the
/// value, with its absent required members added to `missing` under `prefix` (`/member`).
#[doc(hidden)]
pub fn payload_strict<T: Wire>(body: &[u8], prefix: &str, missing: &mut Absent) -> Result<T, HttpError> {
    let cx = super::de::Cx::for_absent(missing.bases, missing.keep.saturating_sub(missing.len()), super::Mode::Strict);
    let value = super::de::parse::<T>(body, &cx).map_err(HttpError::Body)?;
    cx.prefix_all(prefix);
    missing.append(cx.into_absent());
    Ok(value)
}

/// What a message carries when a structure puts nothing in its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[doc(hidden)]
pub enum EmptyBody {
    /// A structure without body members or a payload: a response is `{}`
    /// (`application/json`), a request has no body.
    Object,
    /// An optional structure `@httpPayload`: unset, a request is `{}` (`application/json`),
    /// a response has no body.
    StructurePayload,
    /// Nothing either way: an operation's `Unit` output, an unset payload of another type.
    Nothing,
}

/// Whether a body is the JSON object `{}` (whitespace aside): what an unset structure
/// payload is sent as, and so read as.
#[doc(hidden)]
pub fn empty_object(body: &[u8]) -> bool {
    let t = body.trim_ascii();
    t.first() == Some(&b'{') && t.last() == Some(&b'}') && t[1..t.len() - 1].iter().all(u8::is_ascii_whitespace)
}

fn body_of<T: HttpMembers>(v: &T) -> Result<(Vec<u8>, Option<&'static str>), HttpError> {
    if let Some((bytes, ct)) = v.payload()? {
        return Ok((bytes, Some(ct)));
    }
    if T::JSON_BODY {
        return serde_json::to_vec(v).map(|b| (b, Some("application/json"))).map_err(HttpError::Serialize);
    }
    Ok((Vec::new(), None))
}

/// A request as built by [`HttpOperation::build_request`] (a path and query only, such as
/// `/ListChannels?maxResults=5`), sent to `endpoint` (`https://ivs.us-west-2.amazonaws.com`,
/// `http://127.0.0.1:4566`, or one with a base path, `https://example.com/prefix`): the
/// endpoint's scheme and authority, its path joined in front of the request's, and the
/// `Host` header, the operation's `@endpoint` host prefix in front of the host (`foo.` of
/// `foo.example.com`, carried in the request's extensions as a
/// [`HostPrefix`](super::transfer::HostPrefix)). What an HTTP client needs before it sends
/// the request; an endpoint that is not an absolute `http` or `https` URI is an error.
pub fn with_endpoint<B>(req: http::Request<B>, endpoint: &str) -> Result<http::Request<B>, HttpError> {
    let base: http::Uri = endpoint.parse().map_err(|e: http::uri::InvalidUri| HttpError::Http(e.into()))?;
    let (Some(scheme), Some(authority)) = (base.scheme(), base.authority()) else {
        return Err(HttpError::BadValue { place: "endpoint".into(), expected: "an absolute http or https URI" });
    };
    if scheme != &http::uri::Scheme::HTTP && scheme != &http::uri::Scheme::HTTPS {
        return Err(HttpError::BadValue { place: "endpoint".into(), expected: "an absolute http or https URI" });
    }
    let (mut parts, body) = req.into_parts();
    let prefix = base.path().trim_end_matches('/');
    let path_and_query = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let joined = format!("{prefix}{path_and_query}");
    // An `@endpoint` host prefix goes in front of the host.
    let host_prefix = parts.extensions.get::<super::transfer::HostPrefix>().map_or("", |p| p.as_str());
    let host = format!("{host_prefix}{}", authority.as_str());
    let authority: http::uri::Authority = host.parse().map_err(|e: http::uri::InvalidUri| HttpError::Http(e.into()))?;
    parts.uri = http::Uri::builder()
        .scheme(scheme.clone())
        .authority(authority)
        .path_and_query(joined)
        .build()
        .map_err(HttpError::Http)?;
    let host = http::HeaderValue::from_str(&host).map_err(|e| HttpError::Http(e.into()))?;
    parts.headers.insert(http::header::HOST, host);
    Ok(http::Request::from_parts(parts, body))
}

/// A request's JSON body as a client writes it: the top-level members that hold their
/// `@default` are left out (they stay in nested structures, and a server, the authority,
/// sends them), so that a service can change a default without old clients sending the old
/// one.
pub(crate) fn request_json<T: serde::Serialize + Wire>(input: &T) -> Result<Vec<u8>, HttpError> {
    let defaulted = input.defaulted_members();
    if defaulted.is_empty() {
        return serde_json::to_vec(input).map_err(HttpError::Serialize);
    }
    let mut value = serde_json::to_value(input).map_err(HttpError::Serialize)?;
    if let Some(map) = value.as_object_mut() {
        for key in defaulted {
            map.remove(key);
        }
    }
    serde_json::to_vec(&value).map_err(HttpError::Serialize)
}

/// Builds the request for an operation's input (client side).
#[doc(hidden)]
pub fn build_request<T: HttpMembers>(binding: &HttpBinding, input: &T) -> Result<http::Request<Vec<u8>>, HttpError> {
    let filled = input.with_idempotency_tokens();
    let input = filled.as_ref().unwrap_or(input);
    let mut out = HttpOut::default();
    input.write_http(&mut out);
    let mut uri = String::new();
    for seg in binding.path {
        match seg {
            UriSegment::Literal(l) => uri.push_str(l),
            UriSegment::Label(name) | UriSegment::Greedy(name) => {
                let value = out.labels.get(name).map(String::as_str).unwrap_or_default();
                if value.is_empty() {
                    return Err(HttpError::EmptyLabel(name));
                }
                uri.push_str(&percent_encode(value, matches!(seg, UriSegment::Greedy(_))));
            }
        }
    }
    let mut pairs: Vec<(String, String)> = binding.query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    pairs.append(&mut out.query);
    for (i, (k, v)) in pairs.iter().enumerate() {
        uri.push(if i == 0 { '?' } else { '&' });
        uri.push_str(&percent_encode(k, false));
        if !v.is_empty() || !binding.query.iter().any(|(ck, cv)| ck == k && cv.is_empty()) {
            uri.push('=');
            uri.push_str(&percent_encode(v, false));
        }
    }
    let (mut body, mut content_type) = body_of(input)?;
    if T::JSON_BODY && !input.defaulted_members().is_empty() {
        body = request_json(input)?;
    }
    if body.is_empty() && content_type.is_none() && T::EMPTY_BODY == EmptyBody::StructurePayload {
        body = b"{}".to_vec();
        content_type = Some("application/json");
    }
    let mut b = http::Request::builder().method(binding.method).uri(uri);
    if let Some(ct) = content_type.filter(|_| !out.binds_content_type()) {
        b = b.header(http::header::CONTENT_TYPE, ct);
    }
    // A request with a body says how long it is (a request without one, a GET, says nothing).
    if !body.is_empty() {
        b = b.header(http::header::CONTENT_LENGTH, body.len());
    }
    for (k, v) in out.all_headers() {
        b = b.header(k.as_str(), v.as_str());
    }
    Ok(b.body(body)?)
}

/// Matches a path against a pattern, returning the decoded labels.
#[doc(hidden)]
pub fn match_path(pattern: &[UriSegment], path: &str) -> Option<BTreeMap<&'static str, String>> {
    let mut labels = BTreeMap::new();
    let mut rest = path;
    for (i, seg) in pattern.iter().enumerate() {
        match seg {
            UriSegment::Literal(l) => rest = rest.strip_prefix(l)?,
            UriSegment::Label(name) => {
                // A label is a whole path segment.
                let end = rest.find('/').unwrap_or(rest.len());
                let raw = &rest[..end];
                if raw.is_empty() || raw.contains('/') {
                    return None;
                }
                labels.insert(*name, percent_decode(raw, false)?);
                rest = &rest[end..];
            }
            UriSegment::Greedy(name) => {
                let end = match pattern.get(i + 1) {
                    Some(UriSegment::Literal(next)) => rest.rfind(next)?,
                    _ => rest.len(),
                };
                let raw = &rest[..end];
                if raw.is_empty() {
                    return None;
                }
                labels.insert(*name, percent_decode(raw, false)?);
                rest = &rest[end..];
            }
        }
    }
    (rest.is_empty() || rest == "/").then_some(labels)
}

/// Reads an operation's input from a request (server side): labels, query, headers and body,
/// then every constraint. Everything wrong with the request comes back in one report.
#[doc(hidden)]
pub fn parse_request<T: HttpMembers + Validate, B: AsRef<[u8]>>(
    binding: &HttpBinding,
    req: &http::Request<B>,
) -> Result<T, RequestError> {
    if !req.method().as_str().eq_ignore_ascii_case(binding.method) {
        return Err(RequestError::Http(HttpError::NoMatch));
    }
    let labels = match_path(binding.path, req.uri().path()).ok_or(RequestError::Http(HttpError::NoMatch))?;
    check_content_type::<T, B>(req).map_err(RequestError::Http)?;
    let body = req.body().as_ref();
    let (mut value, mut missing): (T, Absent) = if T::JSON_BODY {
        let cx = super::de::Cx::new(super::Mode::Strict);
        let value = super::de::parse::<T>(body, &cx).map_err(RequestError::Malformed)?;
        (value, cx.into_absent())
    } else {
        (T::zero(), Absent::default())
    };
    value.set_payload_strict(body, &mut missing).map_err(RequestError::Http)?;
    let input = HttpIn::new(req.headers(), req.uri().query(), labels, 0, true);
    value.read_http(&input, &mut missing).map_err(RequestError::Http)?;
    let mut report = Report::with_absent(missing);
    value.validate_at(&Path::Root, &mut report);
    report.into_result().map(|()| value).map_err(RequestError::Invalid)
}

fn response_with<T: HttpMembers>(
    value: &T,
    status: u16,
    extra: &[(&str, &str)],
) -> Result<http::Response<Vec<u8>>, HttpError> {
    let mut out = HttpOut::default();
    value.write_http(&mut out);
    let (mut body, mut content_type) = body_of(value)?;
    let status = out.status.unwrap_or(status);
    // 1xx, 204 and 304 responses have no content (RFC 9110): no body, no length.
    let has_content = status >= 200 && status != 204 && status != 304;
    // A structure without body members or a payload is still a JSON object.
    if has_content && body.is_empty() && content_type.is_none() && T::EMPTY_BODY == EmptyBody::Object {
        body = b"{}".to_vec();
        content_type = Some("application/json");
    }
    let mut b = http::Response::builder().status(status);
    if let Some(ct) = content_type.filter(|_| !out.binds_content_type()) {
        b = b.header(http::header::CONTENT_TYPE, ct);
    }
    // Every response that can have content says how long it is.
    if has_content {
        b = b.header(http::header::CONTENT_LENGTH, body.len());
    }
    for (k, v) in extra {
        b = b.header(*k, *v);
    }
    // A header the runtime sets itself (`x-amzn-ErrorType` of an error) is sent once, with the
    // runtime's value, even when the model also has it as a member (the IVS errors do).
    for (k, v) in out.all_headers().filter(|(k, _)| !extra.iter().any(|(e, _)| e.eq_ignore_ascii_case(k))) {
        b = b.header(k.as_str(), v.as_str());
    }
    Ok(b.body(body)?)
}

/// Builds the response for an operation's output (server side).
#[doc(hidden)]
pub fn build_response<T: HttpMembers>(binding: &HttpBinding, output: &T) -> Result<http::Response<Vec<u8>>, HttpError> {
    response_with(output, binding.code, &[])
}

/// Reads an operation's output from a success response (client side). Absent required
/// members get their zero value (client error correction).
#[doc(hidden)]
pub fn parse_output<T: HttpMembers, B: AsRef<[u8]>>(resp: &http::Response<B>) -> Result<T, HttpError> {
    let body = resp.body().as_ref();
    let mut value: T =
        if T::JSON_BODY { super::parse_response_body(body).map_err(HttpError::Body)? } else { T::zero() };
    value.set_payload(body)?;
    let input = HttpIn::new(resp.headers(), None, BTreeMap::new(), resp.status().as_u16(), false);
    value.read_http(&input, &mut Absent::new(0))?;
    Ok(value)
}

/// The error response a service sends for a modeled error (server side): its `@httpError`
/// status, `x-amzn-ErrorType` and its members. `x-amzn-ErrorType` is sent once, as the
/// error's code, also when the error has a member bound to that header.
#[doc(hidden)]
pub fn error_response<T: HttpMembers + super::ErrorMeta>(e: &T) -> Result<http::Response<Vec<u8>>, HttpError> {
    response_with(e, T::STATUS, &[("x-amzn-ErrorType", T::CODE)])
}

/// The response a service sends for an error it does not model: the status, the code as
/// `x-amzn-ErrorType` and a JSON body with the message.
#[doc(hidden)]
pub fn unhandled_response(u: &super::Unhandled) -> Result<http::Response<Vec<u8>>, HttpError> {
    let body = match &u.message {
        Some(m) => serde_json::to_vec(&serde_json::json!({ "message": m })).map_err(HttpError::Serialize)?,
        None => b"{}".to_vec(),
    };
    let mut b = http::Response::builder().status(u.status).header(http::header::CONTENT_TYPE, "application/json");
    if let Some(code) = &u.code {
        b = b.header("x-amzn-ErrorType", code.as_str());
    }
    Ok(b.body(body)?)
}

/// The response a client that proxies another service sends for a [`MalformedResponse`] it
/// got: `502 Bad Gateway` (the upstream response was invalid), with no code and an empty
/// JSON body (the parse error may quote the body it could not read).
///
/// [`MalformedResponse`]: super::MalformedResponse
#[doc(hidden)]
pub fn malformed_response(m: &super::MalformedResponse) -> Result<http::Response<Vec<u8>>, HttpError> {
    let _ = m;
    unhandled_response(&super::Unhandled { code: None, message: None, status: 502 })
}

/// Reads a modeled error from an error response: body members (with client error
/// correction), header members, and the message of the response ([`error_message_for`]) when
/// the modeled message member is absent.
#[doc(hidden)]
pub fn parse_error<T: HttpMembers + super::ErrorMeta, B: AsRef<[u8]>>(resp: &http::Response<B>) -> Option<T> {
    let body = resp.body().as_ref();
    let mut value: T =
        if T::JSON_BODY { super::parse_response_body(body).unwrap_or_else(|_| T::zero()) } else { T::zero() };
    let input = HttpIn::new(resp.headers(), None, BTreeMap::new(), resp.status().as_u16(), false);
    value.read_http(&input, &mut Absent::new(0)).ok()?;
    if value.message().is_none() {
        if let Some(m) = error_message_for(resp.status().as_u16(), body) {
            value.fill_message(m);
        }
    }
    Some(value)
}

/// An error response that names no error of the operation: its code, message
/// ([`error_message_for`]) and status.
#[doc(hidden)]
pub fn unhandled_of<B: AsRef<[u8]>>(resp: &http::Response<B>, code: Option<String>) -> super::Unhandled {
    let status = resp.status().as_u16();
    super::Unhandled { code, message: error_message_for(status, resp.body().as_ref()), status }
}

/// The body as a JSON object, when it is one.
fn json_object(body: &[u8]) -> Option<serde_json::Map<String, serde_json::Value>> {
    match serde_json::from_slice(body).ok()? {
        serde_json::Value::Object(o) => Some(o),
        _ => None,
    }
}

/// The error code of an error response, as botocore and the AWS SDK for Rust find it:
///
/// 1. the `x-amzn-ErrorType` header when it is present, even empty: it is then the answer,
///    and the body is not looked at (an empty or unreadable header gives no code);
/// 2. else the first of the body's `code`, `Code` and `__type` that holds a string (an
///    empty one gives no code);
///
/// each cleaned by [`sanitize_error_code`]. A body that is not a JSON object has no code.
#[doc(hidden)]
pub fn error_code(headers: &http::HeaderMap, body: &[u8]) -> Option<String> {
    error_code_in(headers, body, &["code", "Code", "__type"])
}

/// The error code of an awsJson1_0 or awsJson1_1 error response: as [`error_code`], but the
/// body's `__type` comes first, then `code` and `Code`. `__type` is where these protocols put
/// the error's type (botocore reads only it); `code` may be a member of the error itself
/// (every Lightsail error has one, holding its own detail code), which must not hide the type.
#[doc(hidden)]
pub fn aws_json_error_code(headers: &http::HeaderMap, body: &[u8]) -> Option<String> {
    error_code_in(headers, body, &["__type", "code", "Code"])
}

fn error_code_in(headers: &http::HeaderMap, body: &[u8], keys: &[&str]) -> Option<String> {
    let non_empty = |code: &str| Some(code).filter(|c| !c.is_empty()).map(str::to_string);
    if let Some(h) = headers.get("x-amzn-errortype") {
        return h.to_str().ok().map(sanitize_error_code).and_then(non_empty);
    }
    let obj = json_object(body)?;
    let code = keys.iter().find_map(|k| obj.get(*k).and_then(|c| c.as_str()))?;
    non_empty(sanitize_error_code(code))
}

/// Keeps what stands before the first `:` and after the last `#`:
/// `ValidationException:http://internal.amazon.com/...` and
/// `com.amazonaws.ivs#ValidationException` both give `ValidationException`.
#[doc(hidden)]
pub fn sanitize_error_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or_default();
    let code = code.rsplit('#').next().unwrap_or_default();
    code.trim()
}

/// The message of a JSON error body: the first of `message`, `Message` and `errorMessage`
/// that holds a string. (The whole rule, with bodies that are not JSON, is
/// [`error_message_for`].)
#[doc(hidden)]
pub fn error_message(body: &[u8]) -> Option<String> {
    json_message(&json_object(body)?)
}

fn json_message(obj: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    ["message", "Message", "errorMessage"].iter().find_map(|k| obj.get(*k).and_then(|m| m.as_str()).map(str::to_string))
}

/// The longest body text taken as an error message, in characters.
const MAX_TEXT_MESSAGE: usize = 256;

/// The message of an error response with this status and body, as botocore finds it where it
/// finds one:
///
/// 1. a JSON object: the first of `message`, `Message` and `errorMessage` that holds a
///    string, else none;
/// 2. a status of 500 or more with an HTML page (the trimmed body starts with `<html>`, as a
///    proxy or load balancer sends): the reason phrase of the status (`Service Unavailable`);
/// 3. any other body (empty, plain text, other markup, binary, JSON that is not an object):
///    its text, trimmed, when it is UTF-8, not empty, at most 256 characters, and holds no
///    control character but line breaks and tabs;
/// 4. else the reason phrase of the status (`Internal Server Error` for an empty 500), none
///    for a status without one.
#[doc(hidden)]
pub fn error_message_for(status: u16, body: &[u8]) -> Option<String> {
    if let Some(obj) = json_object(body) {
        return json_message(&obj);
    }
    let text = std::str::from_utf8(body).map(str::trim).unwrap_or_default();
    let page = status >= 500 && text.starts_with("<html>");
    let printable = !text.is_empty()
        && text.chars().count() <= MAX_TEXT_MESSAGE
        && text.chars().all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'));
    if printable && !page {
        return Some(text.to_string());
    }
    http::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).map(str::to_string)
}

/// The error enum of an operation reads error responses.
pub trait FromErrorResponse: Sized {
    /// The modeled error the response's code names, or `Unhandled` with the code (or none),
    /// the message and the status; either with the response's [`ResponseMeta`]. Never fails
    /// and never panics, whatever the body.
    ///
    /// [`ResponseMeta`]: super::ResponseMeta
    fn from_response<B: AsRef<[u8]>>(resp: &http::Response<B>) -> Self;

    /// The `Unhandled` variant (without response metadata).
    fn unhandled(unhandled: super::Unhandled) -> Self;

    /// The variant for a success response that could not be read, with the response's
    /// metadata. By default (code generated before there was one) an `Unhandled` error with
    /// no code, the parse error as message and the status.
    fn malformed(error: super::MalformedResponse, meta: super::ResponseMeta) -> Self {
        let _ = meta;
        Self::unhandled(super::Unhandled {
            code: None,
            message: Some(error.message().to_string()),
            status: error.status(),
        })
    }
}

/// An operation bound to HTTP: both directions of its request and response.
///
/// One bound is enough in generic code: what the methods need of the input, output and error
/// types is written as bounds on [`Operation`](super::Operation)'s associated types in the
/// supertrait, which Rust carries to every `O: HttpOperation` (a `where` clause on the trait
/// would not be, and callers would have to repeat it). A client's call helper:
///
/// ```
/// use ivs_types::rt::http::HttpOperation;
///
/// fn call<O: HttpOperation>(
///     input: &O::Input,
///     send: impl FnOnce(http::Request<Vec<u8>>) -> http::Response<Vec<u8>>,
/// ) -> Result<O::Output, Box<dyn std::error::Error + Send + Sync>>
/// where
///     O::Error: Send + Sync + 'static, // to box it; the generated error enums are
/// {
///     let request = O::build_request(input)?;
///     Ok(O::parse_response(&send(request))?)
/// }
/// ```
pub trait HttpOperation:
    super::Operation<Input: HttpMembers + Validate, Output: HttpMembers, Error: FromErrorResponse>
{
    /// The operation's `@http` binding (awsJson: `POST /`, `200`).
    const BINDING: HttpBinding;

    /// The operation's protocol: restJson1 (the default, [`HttpOperation::BINDING`]), or
    /// awsJson1_0/awsJson1_1, whose generated implementations override the methods with
    /// [`super::aws_json`]'s.
    const PROTOCOL: Protocol = Protocol::RestJson1;

    /// Whether a request's method and path are this operation's (its `@http` method and URI
    /// pattern, with the constant query parameters the pattern names, `?x=y` or `?x`): how a
    /// server routes a request to the operation whose [`HttpOperation::parse_request`] reads
    /// it.
    fn matches<B>(req: &http::Request<B>) -> bool {
        req.method().as_str().eq_ignore_ascii_case(Self::BINDING.method)
            && match_path(Self::BINDING.path, req.uri().path()).is_some()
            && has_query_literals(Self::BINDING.query, req.uri().query())
    }

    /// The encodings of the operation's `@requestCompression`, in preference order (empty
    /// without the trait): see [`transfer`](super::transfer).
    const REQUEST_COMPRESSION: &'static [&'static str] = &[];

    /// Whether the operation has `@httpChecksumRequired`: a client sends `Content-MD5`.
    const CHECKSUM_REQUIRED: bool = false;

    /// The operation's `@endpoint` host prefix with its labels filled from the input (`None`
    /// without the trait). A value that does not make a host name is an error.
    fn host_prefix(_input: &Self::Input) -> Result<Option<super::transfer::HostPrefix>, HttpError> {
        Ok(None)
    }

    /// The request a client sends: a path and query (send it with [`with_endpoint`]), any
    /// unset `@idempotencyToken` member filled ([`super::transfer::idempotency_token`]), the
    /// body compressed for `@requestCompression`, `Content-MD5` for `@httpChecksumRequired`,
    /// the `@endpoint` host prefix in the request's extensions. The input is not validated
    /// (call [`Validate::validate`] first to refuse what a server would).
    fn build_request(input: &Self::Input) -> Result<http::Request<Vec<u8>>, HttpError> {
        finish_request::<Self>(input, build_request(&Self::BINDING, input)?)
    }

    /// What a server reads from a request: the input, or everything wrong with it. A body
    /// compressed with one of the operation's `@requestCompression` encodings is decoded
    /// first.
    fn parse_request<B: AsRef<[u8]>>(req: &http::Request<B>) -> Result<Self::Input, RequestError> {
        if let Some(decoded) = decode_for::<Self, B>(req)? {
            return Self::parse_request(&decoded);
        }
        // The request's own `Accept` first (a request for another operation is `NoMatch`).
        if Self::matches(req) {
            check_accept::<Self::Output, B>(req).map_err(RequestError::Http)?;
        }
        parse_request(&Self::BINDING, req)
    }

    /// The response a server sends when [`HttpOperation::parse_request`] refuses a request:
    /// see [`reject`]. Constraint violations become the operation's modeled
    /// `ValidationException` where it has one (the generated implementation says so), else
    /// [`unmodeled_validation`].
    fn reject(error: RequestError) -> http::Response<Vec<u8>> {
        reject(error, unmodeled_validation)
    }

    /// The response a server sends.
    fn build_response(output: &Self::Output) -> Result<http::Response<Vec<u8>>, HttpError> {
        build_response(&Self::BINDING, output)
    }

    /// What a client reads from a response: the output for a success status, else the error
    /// (with the response's metadata). A success response that cannot be read is the error
    /// enum's `MalformedResponse` variant.
    fn parse_response<B: AsRef<[u8]>>(resp: &http::Response<B>) -> Result<Self::Output, Self::Error> {
        let status = resp.status();
        if status.is_success() {
            parse_output(resp).map_err(|e| {
                Self::Error::malformed(super::MalformedResponse::new(status.as_u16(), e), super::ResponseMeta::of(resp))
            })
        } else {
            Err(Self::Error::from_response(resp))
        }
    }

    /// As [`HttpOperation::parse_response`], with the response's metadata (status, headers,
    /// request ids) beside the output: the output stays the model's structure.
    fn parse_response_with_meta<B: AsRef<[u8]>>(
        resp: &http::Response<B>,
    ) -> Result<(Self::Output, super::ResponseMeta), Self::Error> {
        Self::parse_response(resp).map(|out| (out, super::ResponseMeta::of(resp)))
    }
}

/// What every protocol's request goes through once built (see
/// [`HttpOperation::build_request`]): the host prefix, compression, then the checksum of the
/// body as sent.
#[doc(hidden)]
pub fn finish_request<O: HttpOperation + ?Sized>(
    input: &O::Input,
    req: http::Request<Vec<u8>>,
) -> Result<http::Request<Vec<u8>>, HttpError> {
    let mut req = if O::REQUEST_COMPRESSION.is_empty() {
        req
    } else {
        super::transfer::compress_request(O::REQUEST_COMPRESSION, req)?
    };
    if let Some(prefix) = O::host_prefix(input)? {
        req.extensions_mut().insert(prefix);
    }
    Ok(if O::CHECKSUM_REQUIRED { super::transfer::add_content_md5(req) } else { req })
}

/// A request compressed with one of the operation's encodings, decoded (see
/// [`super::transfer::decode_request`]).
#[doc(hidden)]
pub fn decode_for<O: HttpOperation + ?Sized, B: AsRef<[u8]>>(
    req: &http::Request<B>,
) -> Result<Option<http::Request<Vec<u8>>>, RequestError> {
    super::transfer::decode_request(O::REQUEST_COMPRESSION, req).map_err(RequestError::Http)
}

/// The response a server sends for a request its operation's `parse_request` refused
/// (restJson1, as Smithy's protocol tests expect it):
///
/// - constraint violations ([`RequestError::Invalid`]): what `validation` renders, the
///   operation's modeled `ValidationException` (the generated protocol tests pass the error
///   enum's `to_response` of it), or [`unmodeled_validation`] when it has none;
/// - a request that is not the operation's (method or path, [`HttpError::NoMatch`]): `404`
///   with `x-amzn-ErrorType: UnknownOperationException`;
/// - anything else that cannot be read (a body that is not JSON or not the input's shape, a
///   header, query value or label of the wrong kind): `400` with `x-amzn-ErrorType:
///   SerializationException` and the error's message (which never quotes a value);
/// - a `Content-Type` the operation does not take ([`check_content_type`]): `415` with
///   `UnsupportedMediaTypeException`; an `Accept` it cannot answer ([`check_accept`]): `406`
///   with `NotAcceptableException`;
/// - a compressed body that decompresses to more than the server takes: `413` with
///   `RequestEntityTooLargeException`.
pub fn reject(
    error: RequestError,
    validation: impl FnOnce(Report) -> Result<http::Response<Vec<u8>>, HttpError>,
) -> http::Response<Vec<u8>> {
    let rendered = match error {
        RequestError::Invalid(report) => validation(report),
        RequestError::Http(HttpError::NoMatch) => unhandled_response(&super::Unhandled {
            code: Some("UnknownOperationException".into()),
            message: Some(HttpError::NoMatch.to_string()),
            status: 404,
        }),
        RequestError::Http(e @ HttpError::UnsupportedMediaType) => unhandled_response(&super::Unhandled {
            code: Some("UnsupportedMediaTypeException".into()),
            message: Some(e.to_string()),
            status: 415,
        }),
        RequestError::Http(e @ HttpError::NotAcceptable) => unhandled_response(&super::Unhandled {
            code: Some("NotAcceptableException".into()),
            message: Some(e.to_string()),
            status: 406,
        }),
        RequestError::Http(e @ HttpError::TooLarge { .. }) => unhandled_response(&super::Unhandled {
            code: Some("RequestEntityTooLargeException".into()),
            message: Some(e.to_string()),
            status: 413,
        }),
        other => unhandled_response(&super::Unhandled {
            code: Some("SerializationException".into()),
            message: Some(other.to_string()),
            status: 400,
        }),
    };
    rendered.unwrap_or_else(|_| {
        let mut r = http::Response::new(b"{}".to_vec());
        *r.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
        r
    })
}

/// The rejection of constraint violations for an operation without a modeled
/// `ValidationException` (see [`reject`]): `400`, `x-amzn-ErrorType: ValidationException`,
/// the report as the message.
pub fn unmodeled_validation(report: Report) -> Result<http::Response<Vec<u8>>, HttpError> {
    unhandled_response(&super::Unhandled {
        code: Some("ValidationException".into()),
        message: Some(report.to_string()),
        status: 400,
    })
}

/// The media type of a `Content-Type` or `Accept` entry: before any `;` parameters, trimmed,
/// compared without case.
fn media_type(value: &str) -> &str {
    value.split(';').next().unwrap_or_default().trim()
}

/// Checks a request's `Content-Type` against the input's ([`HttpMembers::CONTENT_TYPE`]), as
/// a restJson1 server does: a request with a body must name the input's media type
/// (parameters aside; any for `*/*`), and an input sent without a body takes no body with a
/// `Content-Type`. A request with an empty body is always taken (its `Content-Type`, if any,
/// describes nothing).
pub fn check_content_type<T: HttpMembers, B: AsRef<[u8]>>(req: &http::Request<B>) -> Result<(), HttpError> {
    let given = req.headers().get(http::header::CONTENT_TYPE).map(|v| v.to_str().map(media_type));
    if req.body().as_ref().is_empty() {
        return Ok(());
    }
    match (T::CONTENT_TYPE, given) {
        (None, None) | (Some("*/*"), _) => Ok(()),
        (Some(want), Some(Ok(got))) if got.eq_ignore_ascii_case(want) => Ok(()),
        _ => Err(HttpError::UnsupportedMediaType),
    }
}

/// Checks a request's `Accept` against the output's media type ([`HttpMembers::CONTENT_TYPE`])
/// as a restJson1 server does: without `Accept`, or for an output without a body, anything is
/// taken; otherwise one of its entries (headers repeated or comma-separated) must cover the
/// media type: the type itself, `type/*` or `*/*`, not with `q=0`.
pub fn check_accept<T: HttpMembers, B>(req: &http::Request<B>) -> Result<(), HttpError> {
    let Some(want) = T::CONTENT_TYPE.filter(|t| *t != "*/*") else { return Ok(()) };
    let mut values = req.headers().get_all(http::header::ACCEPT).iter().peekable();
    if values.peek().is_none() {
        return Ok(());
    }
    let (want_type, _) = want.split_once('/').unwrap_or((want, ""));
    let covers = |entry: &str| {
        let mut parts = entry.split(';');
        let range = parts.next().unwrap_or_default().trim();
        let refused = parts.any(|p| {
            p.split_once('=').is_some_and(|(k, v)| {
                k.trim().eq_ignore_ascii_case("q") && v.trim().parse::<f64>().is_ok_and(|q| q <= 0.0)
            })
        });
        let matches = range == "*/*"
            || range.eq_ignore_ascii_case(want)
            || range.split_once('/').is_some_and(|(t, s)| s == "*" && t.eq_ignore_ascii_case(want_type));
        matches && !refused
    };
    let taken = values.filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(covers);
    if taken {
        Ok(())
    } else {
        Err(HttpError::NotAcceptable)
    }
}

/// Whether a query string holds each constant parameter of a URI pattern (`x=y`, or `x` with
/// any value for `?x`).
fn has_query_literals(literals: &[(&str, &str)], query: Option<&str>) -> bool {
    if literals.is_empty() {
        return true;
    }
    let pairs: Vec<(String, String)> = query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k, true).unwrap_or_default(), percent_decode(v, true).unwrap_or_default())
        })
        .collect();
    literals.iter().all(|(k, v)| pairs.iter().any(|(pk, pv)| pk == k && (v.is_empty() || pv == v)))
}

/// Why a server's router refused a request: the operation it was meant for (`None` when no
/// operation has its method and path), the error, and how that operation renders it.
pub struct Rejection {
    /// The operation's name, when the method and path named one.
    pub operation: Option<&'static str>,
    /// What was wrong.
    pub error: RequestError,
    pub(crate) render: fn(RequestError) -> http::Response<Vec<u8>>,
}

impl fmt::Debug for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rejection").field("operation", &self.operation).field("error", &self.error).finish()
    }
}

impl Rejection {
    /// A request refused by operation `O` (generated routers call this).
    pub fn of<O: HttpOperation>(error: RequestError) -> Rejection {
        Rejection { operation: Some(O::NAME), error, render: O::reject }
    }

    /// A request that no operation has the method and path of.
    pub fn unknown_operation() -> Rejection {
        Rejection {
            operation: None,
            error: RequestError::Http(HttpError::NoMatch),
            render: |e| reject(e, unmodeled_validation),
        }
    }

    /// The response the protocol prescribes (see [`reject`]).
    pub fn into_response(self) -> http::Response<Vec<u8>> {
        (self.render)(self.error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A built request sent to an endpoint: scheme and authority, a base path in front, the
    /// query kept, `Host` set; an endpoint that is not an absolute http(s) URI refused.
    #[test]
    fn requests_join_their_endpoint() {
        let req = || http::Request::builder().uri("/tags/arn%3Ax?tagKeys=a").body(()).expect("request");
        for (endpoint, want) in [
            ("https://ivs.us-west-2.amazonaws.com", "https://ivs.us-west-2.amazonaws.com/tags/arn%3Ax?tagKeys=a"),
            ("http://127.0.0.1:4566/", "http://127.0.0.1:4566/tags/arn%3Ax?tagKeys=a"),
            ("https://example.com/prefix/", "https://example.com/prefix/tags/arn%3Ax?tagKeys=a"),
        ] {
            let joined = with_endpoint(req(), endpoint).expect("joins");
            assert_eq!(joined.uri().to_string(), want);
            let host = endpoint.split('/').nth(2).unwrap_or_default();
            assert_eq!(joined.headers()["host"], host);
        }
        for bad in ["ivs.amazonaws.com", "/relative", "ftp://example.com", "not a uri"] {
            assert!(with_endpoint(req(), bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn header_lists_split_on_commas_outside_quotes_and_dates() {
        assert_eq!(split_header_list(r#"a, "b,c", "d\"e""#, false), ["a", "b,c", "d\"e"]);
        assert_eq!(
            split_header_list("Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT", true),
            ["Mon, 16 Dec 2019 23:48:18 GMT", "Tue, 17 Dec 2019 23:48:18 GMT"]
        );
    }

    #[test]
    fn the_error_code_comes_from_the_key_each_protocol_puts_it_in() {
        let body = br#"{"code":"DoesNotExist","__type":"com.amazonaws.lightsail#NotFoundException"}"#;
        let none = http::HeaderMap::new();
        // restJson1, as botocore reads it: `code` first.
        assert_eq!(error_code(&none, body).as_deref(), Some("DoesNotExist"));
        // awsJson: `__type` is the type; a `code` member of the error does not hide it.
        assert_eq!(aws_json_error_code(&none, body).as_deref(), Some("NotFoundException"));
        assert_eq!(aws_json_error_code(&none, br#"{"code":"Throttling"}"#).as_deref(), Some("Throttling"));
        let mut header = http::HeaderMap::new();
        header.insert("x-amzn-errortype", http::HeaderValue::from_static("Conflict:http://internal/"));
        assert_eq!(aws_json_error_code(&header, body).as_deref(), Some("Conflict"));
    }

    #[test]
    fn error_codes_are_sanitized() {
        for (raw, want) in [
            ("ValidationException", "ValidationException"),
            ("ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/", "ValidationException"),
            ("com.amazonaws.ivs#ValidationException", "ValidationException"),
            ("aws.protocoltests.restjson#FooError:http://internal.amazon.com/", "FooError"),
        ] {
            assert_eq!(sanitize_error_code(raw), want);
        }
    }

    /// An error with a member bound to `x-amzn-ErrorType` (as the IVS errors have) sends the
    /// header once, as its code.
    #[test]
    fn error_type_header_is_sent_once() {
        #[derive(Debug, Default)]
        struct Denied {
            error_type: Option<String>,
            other: Option<String>,
        }
        impl serde::Serialize for Denied {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                s.serialize_map(Some(0))?.end()
            }
        }
        impl Wire for Denied {
            fn de<'de, D: serde::Deserializer<'de>>(d: D, _: &super::super::Cx) -> Result<Self, D::Error> {
                <serde::de::IgnoredAny as serde::Deserialize>::deserialize(d).map(|_| Denied::default())
            }
            fn zero() -> Self {
                Denied::default()
            }
        }
        impl HttpMembers for Denied {
            fn write_http(&self, out: &mut HttpOut) {
                if let Some(v) = &self.error_type {
                    out.header("X-Amzn-ErrorType", v, TimestampFormat::HttpDate);
                }
                if let Some(v) = &self.other {
                    out.header("x-other", v, TimestampFormat::HttpDate);
                }
            }
        }
        impl super::super::ErrorMeta for Denied {
            const CODE: &'static str = "AccessDeniedException";
            const STATUS: u16 = 403;
            const FAULT: super::super::Fault = super::super::Fault::Client;
            const RETRYABLE: bool = false;
            const THROTTLING: bool = false;
            fn message(&self) -> Option<&str> {
                None
            }
        }
        for member in [None, Some("AccessDeniedException"), Some("AccessDeniedException:http://internal/"), Some("x")] {
            let e = Denied { error_type: member.map(str::to_string), other: Some("o".into()) };
            let resp = error_response(&e).map_err(|e| e.to_string());
            let resp = resp.as_ref().map(http::Response::headers);
            let values = resp.map(|h| h.get_all("x-amzn-errortype").iter().filter_map(|v| v.to_str().ok()).collect());
            assert_eq!(values, Ok(vec!["AccessDeniedException"]), "member {member:?}");
            assert_eq!(resp.map(|h| h.get("x-other").is_some()), Ok(true), "the other headers stay");
        }
    }

    #[test]
    fn labels_round_trip_through_paths() {
        static P: &[UriSegment] = &[UriSegment::Literal("/tags/"), UriSegment::Label("resourceArn")];
        let enc = percent_encode("arn:aws:ivs:us-west-2:1:channel/abc", false);
        assert_eq!(enc, "arn%3Aaws%3Aivs%3Aus-west-2%3A1%3Achannel%2Fabc");
        let m = match_path(P, &format!("/tags/{enc}")).unwrap_or_default();
        assert_eq!(m.get("resourceArn").map(String::as_str), Some("arn:aws:ivs:us-west-2:1:channel/abc"));
        static G: &[UriSegment] =
            &[UriSegment::Literal("/files/"), UriSegment::Greedy("key"), UriSegment::Literal("/meta")];
        let m = match_path(G, "/files/a/b%20c/meta").unwrap_or_default();
        assert_eq!(m.get("key").map(String::as_str), Some("a/b c"));
        assert!(match_path(P, "/other/x").is_none());
    }
}
