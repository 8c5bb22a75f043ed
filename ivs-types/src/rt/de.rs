//! Deserialization with a context: the path to the current value, and the required members
//! found missing so far. Paths are built only when a member is found missing.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::absent::{Absent, Bases, EMPTY};
use super::ser::TimestampFormat;

/// How a body is read: as a server reads a request, or as a client reads a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A server reading a request: an absent required member is recorded (the caller reports
    /// every one found), and what the protocol does not allow is refused: a timestamp in
    /// another format than its member's (`@timestampFormat`, else epoch seconds), base64
    /// that is not RFC 4648's, `null` in a list or map that is not `@sparse`, a union member
    /// the model does not know.
    Strict,
    /// A client reading a response: an absent required member gets its zero value (Smithy's
    /// client error correction), a timestamp is read in any of the three formats, `null` in
    /// a list or map that is not `@sparse` is dropped, an unknown union member is kept as
    /// `Unknown`: a client reading a response from a misbehaving server still gets a value.
    Correct,
}

#[derive(Debug, Clone)]
enum Seg {
    Member(&'static str),
    Index(usize),
    /// A map key, already shortened as paths show it.
    Key(String),
    /// Text put in front as it is (`/member`, for a payload read apart).
    Raw(String),
}

/// A segment as an enclosing value knows it (a map key whole).
#[derive(Clone, Copy)]
enum SegRef<'a> {
    Member(&'static str),
    Index(usize),
    Key(&'a str),
}

impl SegRef<'_> {
    /// The segment as the JSON pointer shows it (without its `/`).
    fn render(self, out: &mut String) {
        out.clear();
        match self {
            SegRef::Member(m) => super::validate::escape_pointer(out, m),
            // Writing to a `String` cannot fail.
            SegRef::Index(i) => {
                let _ = fmt::Write::write_fmt(out, format_args!("{i}"));
            }
            SegRef::Key(k) => super::validate::push_key(out, k),
        }
    }

    fn owned(self) -> Seg {
        match self {
            SegRef::Member(m) => Seg::Member(m),
            SegRef::Index(i) => Seg::Index(i),
            // The key as paths show it (a huge key shortened), so that every kept path
            // below it copies at most a few hundred bytes.
            SegRef::Key(k) => Seg::Key(super::validate::shorten_key(k)),
        }
    }
}

/// The deserialization context.
///
/// Paths cost nothing while nothing is missing: a missing member is recorded relative to its
/// structure, and each enclosing member, list element or map entry adds its segment on the
/// way out, only when something below it was recorded. Every missing member is counted; the
/// first `keep` are recorded with their path; with hashing on (a request that validation
/// reads next), every one is also recorded by the hash of its path (see the `absent` module),
/// 16 bytes a member.
#[derive(Debug)]
pub struct Cx {
    mode: Mode,
    bases: Bases,
    /// Whether every missing member's path is hashed.
    hashing: bool,
    /// Each missing member's path hash so far, from the inside out (when hashing).
    hashes: RefCell<Vec<[u64; 2]>>,
    /// The paths of the first `keep` missing members, innermost segment first.
    segs: RefCell<Vec<Vec<Seg>>>,
    keep: usize,
    count: Cell<usize>,
    /// One rendered segment.
    scratch: RefCell<String>,
    /// The timestamp format of the member being read (see [`Cx::member_ts`]).
    format: Cell<TimestampFormat>,
}

impl fmt::Debug for Bases {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Bases")
    }
}

impl Cx {
    /// A fresh context that records every missing member for validation: all by hash, the
    /// first [`report_limit`](super::report_limit) by path.
    pub fn new(mode: Mode) -> Cx {
        Cx::for_absent(Bases::random(), super::report_limit(), mode)
    }

    /// A fresh context that records the paths of the first `keep` missing members and only
    /// counts the others (a report of missing members that nothing else reads).
    pub fn keeping(mode: Mode, keep: usize) -> Cx {
        let mut cx = Cx::for_absent(Bases::random(), keep, mode);
        cx.hashing = false;
        cx
    }

    /// A context whose record joins an [`Absent`] of the same bases.
    pub(crate) fn for_absent(bases: Bases, keep: usize, mode: Mode) -> Cx {
        Cx {
            mode,
            bases,
            hashing: true,
            hashes: RefCell::new(Vec::new()),
            segs: RefCell::new(Vec::new()),
            keep,
            count: Cell::new(0),
            scratch: RefCell::new(String::new()),
            format: Cell::new(TimestampFormat::EpochSeconds),
        }
    }

    /// Whether the body is read as a server reads a request ([`Mode::Strict`]).
    #[inline]
    pub fn strict(&self) -> bool {
        self.mode == Mode::Strict
    }

    /// The timestamp format of the member being read: epoch seconds unless the member has
    /// `@timestampFormat` (see [`Cx::member_ts`]).
    #[inline]
    pub fn timestamp_format(&self) -> TimestampFormat {
        self.format.get()
    }

    /// How many missing members were found.
    pub fn count(&self) -> usize {
        self.count.get()
    }

    fn prefix_since(&self, mark: usize, seg: SegRef<'_>) {
        let count = self.count.get();
        if count == mark {
            return;
        }
        if self.hashing {
            let mut text = self.scratch.borrow_mut();
            seg.render(&mut text);
            let seg = self.bases.seg(text.as_bytes());
            for h in &mut self.hashes.borrow_mut()[mark..] {
                *h = self.bases.prepend(seg, *h);
            }
        }
        let mut segs = self.segs.borrow_mut();
        if mark < segs.len() {
            let seg = seg.owned();
            for entry in &mut segs[mark..] {
                entry.push(seg.clone());
            }
        }
    }

    /// Puts `prefix` (`/member`) in front of every path recorded so far.
    pub(crate) fn prefix_all(&self, prefix: &str) {
        if self.hashing {
            // `/a/b`: `b`, then `a`, in front.
            let segs: Vec<_> =
                prefix.trim_start_matches('/').rsplit('/').map(|t| self.bases.seg(t.as_bytes())).collect();
            for h in self.hashes.borrow_mut().iter_mut() {
                *h = segs.iter().fold(*h, |h, seg| self.bases.prepend(*seg, h));
            }
        }
        for entry in self.segs.borrow_mut().iter_mut() {
            entry.push(Seg::Raw(prefix.to_string()));
        }
    }

    /// Deserializes member `name` of the current structure.
    #[inline]
    pub fn member<'de, T: Wire, A: MapAccess<'de>>(&self, name: &'static str, map: &mut A) -> Result<T, A::Error> {
        let mark = self.count.get();
        let out = map.next_value_seed(Seed::<T>::new(self));
        self.prefix_since(mark, SegRef::Member(name));
        out
    }

    /// Deserializes member `name`, whose timestamps (it holds a timestamp, or a list or map of
    /// them) have `@timestampFormat` `format`: a server takes them in that format only.
    #[inline]
    pub fn member_ts<'de, T: Wire, A: MapAccess<'de>>(
        &self,
        name: &'static str,
        format: TimestampFormat,
        map: &mut A,
    ) -> Result<T, A::Error> {
        let before = self.format.replace(format);
        let out = self.member(name, map);
        self.format.set(before);
        out
    }

    /// Records that required member `name` of the current structure is absent or null.
    pub fn missing(&self, name: &'static str) {
        if self.mode != Mode::Strict {
            return;
        }
        let n = self.count.get();
        self.count.set(n + 1);
        if self.hashing {
            let mut text = self.scratch.borrow_mut();
            SegRef::Member(name).render(&mut text);
            let h = self.bases.prepend(self.bases.seg(text.as_bytes()), EMPTY);
            self.hashes.borrow_mut().push(h);
        }
        if n < self.keep {
            // Room for the segments the enclosing values add on the way out.
            let mut path = Vec::with_capacity(4);
            path.push(Seg::Member(name));
            self.segs.borrow_mut().push(path);
        }
    }

    /// The JSON pointers (RFC 6901) of the first `keep` required members found missing, in
    /// document order, and how many were found in all.
    pub fn into_missing(self) -> (Vec<String>, usize) {
        let count = self.count.get();
        (render(self.segs.into_inner()), count)
    }

    /// The record for validation (see [`Absent`]).
    pub(crate) fn into_absent(self) -> Absent {
        let hashes = self.hashes.into_inner();
        Absent { bases: self.bases, hashes, paths: render(self.segs.into_inner()), keep: self.keep }
    }
}

/// Paths from their segments (innermost first).
fn render(entries: Vec<Vec<Seg>>) -> Vec<String> {
    entries
        .into_iter()
        .map(|segs| {
            let mut out = String::new();
            for seg in segs.iter().rev() {
                match seg {
                    Seg::Raw(text) => out.push_str(text),
                    seg => {
                        out.push('/');
                        match seg {
                            Seg::Member(m) => super::validate::escape_pointer(&mut out, m),
                            // Writing to a `String` cannot fail.
                            Seg::Index(i) => {
                                let _ = fmt::Write::write_fmt(&mut out, format_args!("{i}"));
                            }
                            Seg::Key(k) => super::validate::push_key(&mut out, k),
                            Seg::Raw(_) => {}
                        }
                    }
                }
            }
            out
        })
        .collect()
}

/// `missing required members: /a, /b`, and ` (and N more)` for those counted past the paths.
pub(crate) fn missing_message(paths: &[String], more: usize) -> String {
    let noun = if paths.len() + more == 1 { "member" } else { "members" };
    match more {
        0 => format!("missing required {noun}: {}", paths.join(", ")),
        more => format!("missing required {noun}: {} (and {more} more)", paths.join(", ")),
    }
}

/// A type that generated code can deserialize with a [`Cx`].
///
/// Implemented for the types members can have; the `Structure` derive implements it for
/// structures, and the generator for enums and unions.
pub trait Wire: Sized {
    /// Deserializes a value, reporting missing required members to `cx`.
    fn de<'de, D: Deserializer<'de>>(d: D, cx: &Cx) -> Result<Self, D::Error>;

    /// The value Smithy's client error correction fills in for an absent required member:
    /// `false`, `0`, `""`, an empty list or map, the epoch, an empty blob, a structure of
    /// zero values, the unknown variant of an enum or union.
    fn zero() -> Self;

    /// Deserializes an element of a list or a value of a map: `None` for a `null` that the
    /// collection drops. Only `Option<T>` (the element of a `@sparse` collection) keeps it.
    fn de_element<'de, D: Deserializer<'de>>(d: D, cx: &Cx) -> Result<Option<Self>, D::Error> {
        <Option<Self> as Wire>::de(d, cx)
    }

    /// The wire names of the body members of a structure that hold their `@default` value:
    /// a client leaves them out of the top level of a request body, so that a service can
    /// change a default without its old clients sending the old one.
    fn defaulted_members(&self) -> Vec<&'static str> {
        Vec::new()
    }
}

/// A seed for [`Wire::de_element`].
struct ElementSeed<'a, T>(&'a Cx, PhantomData<fn() -> T>);

impl<'de, T: Wire> DeserializeSeed<'de> for ElementSeed<'_, T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        T::de_element(d, self.0)
    }
}

/// A [`DeserializeSeed`] that deserializes a `T` with a context.
pub struct Seed<'a, T> {
    cx: &'a Cx,
    _t: PhantomData<fn() -> T>,
}

impl<'a, T> Seed<'a, T> {
    /// A seed for one value.
    pub fn new(cx: &'a Cx) -> Self {
        Seed { cx, _t: PhantomData }
    }
}

impl<'de, T: Wire> DeserializeSeed<'de> for Seed<'_, T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::de(d, self.cx)
    }
}

macro_rules! leaf {
    ($($t:ty => $zero:expr),* $(,)?) => {$(
        impl Wire for $t {
            #[inline]
            fn de<'de, D: Deserializer<'de>>(d: D, _cx: &Cx) -> Result<Self, D::Error> {
                <$t as Deserialize>::deserialize(d)
            }
            fn zero() -> Self {
                $zero
            }
        }
    )*};
}

leaf! {
    bool => false,
    i8 => 0,
    i16 => 0,
    i32 => 0,
    i64 => 0,
    String => String::new(),
    serde_json::Value => serde_json::Value::Null,
}

macro_rules! float {
    ($($t:ty),*) => {$(
        impl Wire for $t {
            fn de<'de, D: Deserializer<'de>>(d: D, _cx: &Cx) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $t;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a number, or \"NaN\", \"Infinity\" or \"-Infinity\"")
                    }
                    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<$t, E> {
                        Ok(v as $t)
                    }
                    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<$t, E> {
                        Ok(v as $t)
                    }
                    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<$t, E> {
                        Ok(v as $t)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$t, E> {
                        match v {
                            "NaN" => Ok(<$t>::NAN),
                            "Infinity" => Ok(<$t>::INFINITY),
                            "-Infinity" => Ok(<$t>::NEG_INFINITY),
                            _ => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
                        }
                    }
                }
                d.deserialize_any(V)
            }
            fn zero() -> Self {
                0.0
            }
        }
    )*};
}

float!(f32, f64);

impl<T: Wire> Wire for Box<T> {
    fn de<'de, D: Deserializer<'de>>(d: D, cx: &Cx) -> Result<Self, D::Error> {
        T::de(d, cx).map(Box::new)
    }
    fn zero() -> Self {
        Box::new(T::zero())
    }
}

impl<T: Wire> Wire for Option<T> {
    fn de<'de, D: Deserializer<'de>>(d: D, cx: &Cx) -> Result<Self, D::Error> {
        struct V<'a, T>(&'a Cx, PhantomData<fn() -> T>);
        impl<'de, T: Wire> Visitor<'de> for V<'_, T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or null")
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                T::de(d, self.0).map(Some)
            }
        }
        d.deserialize_option(V(cx, PhantomData))
    }
    fn zero() -> Self {
        None
    }
    fn de_element<'de, D: Deserializer<'de>>(d: D, cx: &Cx) -> Result<Option<Self>, D::Error> {
        <Option<T> as Wire>::de(d, cx).map(Some)
    }
}

/// Lists: `null` entries of a non-sparse list are dropped, as restJson1 clients do, and refused
/// by a server ([`Mode::Strict`]); a sparse list is a `Vec<Option<T>>` and keeps them.
impl<T: Wire> Wire for Vec<T> {
    fn de<'de, D: Deserializer<'de>>(d: D, cx: &Cx) -> Result<Self, D::Error> {
        struct V<'a, T>(&'a Cx, PhantomData<fn() -> T>);
        impl<'de, T: Wire> Visitor<'de> for V<'_, T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                let mut i = 0usize;
                loop {
                    let mark = self.0.count.get();
                    let next = seq.next_element_seed(ElementSeed::<T>(self.0, PhantomData));
                    self.0.prefix_since(mark, SegRef::Index(i));
                    match next? {
                        Some(Some(v)) => out.push(v),
                        Some(None) if self.0.strict() => {
                            return Err(serde::de::Error::custom("null in a list that is not @sparse"));
                        }
                        Some(None) => {}
                        None => break,
                    }
                    i += 1;
                }
                Ok(out)
            }
        }
        d.deserialize_seq(V(cx, PhantomData))
    }
    fn zero() -> Self {
        Vec::new()
    }
}

/// Maps: keys are strings; `null` values of a non-sparse map are dropped (refused by a server,
/// [`Mode::Strict`]).
impl<T: Wire> Wire for BTreeMap<String, T> {
    fn de<'de, D: Deserializer<'de>>(d: D, cx: &Cx) -> Result<Self, D::Error> {
        struct V<'a, T>(&'a Cx, PhantomData<fn() -> T>);
        impl<'de, T: Wire> Visitor<'de> for V<'_, T> {
            type Value = BTreeMap<String, T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    let mark = self.0.count.get();
                    let value = map.next_value_seed(ElementSeed::<T>(self.0, PhantomData));
                    self.0.prefix_since(mark, SegRef::Key(&key));
                    match value? {
                        Some(v) => {
                            out.insert(key, v);
                        }
                        None if self.0.strict() => {
                            return Err(serde::de::Error::custom("null in a map that is not @sparse"));
                        }
                        None => {}
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_map(V(cx, PhantomData))
    }
    fn zero() -> Self {
        BTreeMap::new()
    }
}

/// A JSON object key, borrowed from the input when it can be.
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Unescaped into a new string.
    Owned(String),
}

impl Key<'_> {
    /// The key text.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        d.deserialize_identifier(V)
    }
}

/// Why a body could not be read.
///
/// `#[non_exhaustive]`: a later release may add a variant; match with a `_` arm.
#[derive(Debug)]
#[non_exhaustive]
pub enum BodyError {
    /// Not JSON, or JSON of the wrong shape. `Display` says what kind and where, never the
    /// value; the serde_json error is the `source()`.
    Json(serde_json::Error),
    /// Well-formed, but required members are absent or null.
    Missing {
        /// The JSON-pointer paths of the first of them, in document order: at most
        /// [`report_limit`](super::report_limit) paths, so that the report stays small
        /// whatever the body.
        paths: Vec<String>,
        /// How many there are in all.
        total: usize,
    },
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::Json(e) => write!(f, "malformed body: {}", super::error::JsonProblem(e)),
            BodyError::Missing { paths, total } => f.write_str(&missing_message(paths, total - paths.len())),
        }
    }
}

impl std::error::Error for BodyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BodyError::Json(e) => Some(e),
            BodyError::Missing { .. } => None,
        }
    }
}

/// Parses `bytes` as a `T`, recording missing members in `cx`.
pub(crate) fn parse<T: Wire>(bytes: &[u8], cx: &Cx) -> Result<T, serde_json::Error> {
    // An empty body is an empty structure.
    let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) { b"{}" } else { bytes };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = T::de(&mut de, cx)?;
    de.end()?;
    Ok(value)
}

/// Reads a request body as a server does: every required member that is absent or null is
/// reported, all at once: every one counted, the first [`report_limit`](super::report_limit)
/// by path.
pub fn parse_request_body<T: Wire>(bytes: &[u8]) -> Result<T, BodyError> {
    let cx = Cx::keeping(Mode::Strict, super::report_limit());
    let value = parse(bytes, &cx).map_err(BodyError::Json)?;
    match cx.into_missing() {
        (_, 0) => Ok(value),
        (paths, total) => Err(BodyError::Missing { paths, total }),
    }
}

/// Reads a response body as a client does: absent required members get their zero value
/// (Smithy's client error correction), so only malformed JSON is an error.
pub fn parse_response_body<T: Wire>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    parse(bytes, &Cx::keeping(Mode::Correct, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `null` in a list or map that is not `@sparse`: a client drops it, a server refuses it;
    /// a sparse one keeps it either way.
    #[test]
    fn nulls_in_dense_collections_are_refused_by_a_server() {
        let strict = || Cx::keeping(Mode::Strict, 0);
        let correct = || Cx::keeping(Mode::Correct, 0);
        assert!(parse::<Vec<String>>(br#"["a", null]"#, &strict()).is_err());
        assert_eq!(parse::<Vec<String>>(br#"["a", null]"#, &correct()).ok(), Some(vec!["a".to_string()]));
        assert!(parse::<BTreeMap<String, String>>(br#"{"k": null}"#, &strict()).is_err());
        assert_eq!(parse::<BTreeMap<String, String>>(br#"{"k": null}"#, &correct()).ok(), Some(BTreeMap::new()));
        assert_eq!(parse::<Vec<Option<String>>>(br#"["a", null]"#, &strict()).ok(), Some(vec![Some("a".into()), None]));
    }
}
