//! Constraint validation: every violation, in model order, each with a JSON-pointer path and
//! the message AWS services use. A valid value is validated without allocating: paths live on
//! the stack and are rendered to text only when something is wrong.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
#[cfg(feature = "fancy")]
use std::sync::OnceLock;

use super::absent::{Absent, Bases};
use super::Program;

/// Where a value sits inside the validated value: a chain of stack frames, rendered as a
/// JSON pointer (RFC 6901) only when a violation is recorded.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// The validated value itself.
    Root,
    /// A member of a structure or union.
    Member(&'a Path<'a>, &'static str),
    /// An element of a list.
    Index(&'a Path<'a>, usize),
    /// A value (or the key itself) of a map.
    Key(&'a Path<'a>, &'a str),
}

/// Map keys longer than this are shortened in paths, so a huge input is not echoed whole.
const MAX_KEY_IN_PATH: usize = 256;

impl Path<'_> {
    /// The JSON pointer, `/viewerSessions/3/channelArn`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }

    fn render_into(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Member(p, m) => {
                p.render_into(out);
                out.push('/');
                escape_pointer(out, m);
            }
            Path::Index(p, i) => {
                p.render_into(out);
                out.push('/');
                // Writing to a `String` cannot fail.
                let _ = fmt::Write::write_fmt(out, format_args!("{i}"));
            }
            Path::Key(p, k) => {
                p.render_into(out);
                out.push('/');
                push_key(out, k);
            }
        }
    }
}

/// Where a map key longer than [`MAX_KEY_IN_PATH`] characters is cut: the byte offset of its
/// first character past the limit. Looks at no more than the limit's worth of characters, so
/// a path under a huge key costs the same as one under a short key.
fn key_cut(k: &str) -> Option<usize> {
    // Fewer bytes than the limit: fewer characters too.
    if k.len() <= MAX_KEY_IN_PATH {
        return None;
    }
    k.char_indices().nth(MAX_KEY_IN_PATH).map(|(i, _)| i)
}

/// Appends a map key as a JSON-pointer segment, shortened (with `…`) when it is longer than
/// [`MAX_KEY_IN_PATH`] characters. Deserialization (the paths of missing members) and
/// validation render keys with this one function, so their paths are equal strings.
pub(crate) fn push_key(out: &mut String, k: &str) {
    match key_cut(k) {
        Some(cut) => {
            escape_pointer(out, &k[..cut]);
            out.push('…');
        }
        None => escape_pointer(out, k),
    }
}

/// A map key as [`push_key`] will render it, without the escaping: the key itself, or its
/// first [`MAX_KEY_IN_PATH`] characters and `…` (which [`push_key`] leaves as it is).
pub(crate) fn shorten_key(k: &str) -> String {
    match key_cut(k) {
        Some(cut) => format!("{}…", &k[..cut]),
        None => k.to_string(),
    }
}

/// Appends a JSON-pointer segment, escaped per RFC 6901 (`~` → `~0`, `/` → `~1`).
pub(crate) fn escape_pointer(out: &mut String, s: &str) {
    if !s.contains(['~', '/']) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// One violated constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The JSON pointer of the value, built from the model's member names.
    pub path: String,
    /// The message, in the form AWS services use.
    pub message: String,
}

/// How many violations a [`Report`] collects unless told otherwise ([`set_report_limit`]).
///
/// A client fixing a request reads the first few violations, and a server must not let a
/// request buy an answer (or memory) many times its own size: 100 violations of the usual
/// length (a path and about 100 characters of message) are about 10 KiB of text.
pub const DEFAULT_REPORT_LIMIT: usize = 100;

/// How much text (paths and messages) a [`Report`] collects at most, whatever the number
/// of violations: a long path (deep nesting) or a long message (a long `@pattern`) cannot
/// make a collected report large either. The violation that crosses it is still collected.
pub const REPORT_TEXT_LIMIT: usize = 16 * 1024;

static REPORT_LIMIT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(DEFAULT_REPORT_LIMIT);

/// Sets how many violations the reports made from now on collect (at least 1), for the
/// whole process: [`parse_and_validate`](super::parse_and_validate), the HTTP request
/// parsers, [`Validate::validate`] and the missing-member report of
/// [`parse_request_body`](super::parse_request_body). Every report still counts every
/// violation ([`Report::total`]). [`Report::with_limit`] sets it for one report.
pub fn set_report_limit(limit: usize) {
    REPORT_LIMIT.store(limit.max(1), std::sync::atomic::Ordering::Relaxed);
}

/// How many violations reports collect (see [`set_report_limit`]).
pub fn report_limit() -> usize {
    REPORT_LIMIT.load(std::sync::atomic::Ordering::Relaxed)
}

/// The violations found in a value: every one counted, the first [`Report::limit`] of them
/// (in model order, and within [`REPORT_TEXT_LIMIT`] bytes of text) collected with their
/// path and message. Collecting stops at the limit, so a report's memory is bounded by the
/// limit, not by the value.
#[derive(Debug, Clone)]
pub struct Report {
    violations: Vec<Violation>,
    /// Every violation found, collected or not.
    total: usize,
    /// How many are collected at most.
    limit: usize,
    /// The bytes of path and message collected so far.
    text: usize,
    /// `None` when nothing was missing (so that an empty report allocates nothing, and a
    /// report stays small).
    missing: Option<Box<Missing>>,
}

impl Report {
    /// The missing members not reported yet: how many, and the kept paths among them.
    fn pending(&self) -> (usize, Vec<&String>) {
        match &self.missing {
            None => (0, Vec::new()),
            Some(m) => {
                let paths = m.paths.iter().enumerate().filter(|(i, _)| !m.taken[*i]).map(|(_, p)| p).collect();
                (m.pending, paths)
            }
        }
    }
}

impl Default for Report {
    fn default() -> Report {
        Report::with_limit(report_limit())
    }
}

impl PartialEq for Report {
    fn eq(&self, other: &Self) -> bool {
        self.violations == other.violations && self.total == other.total && self.pending() == other.pending()
    }
}

impl Eq for Report {}

/// The required members absent from a parsed request that validation has not reported yet
/// (see [`super::absent`]): every one by the hash of its path, in document order. Validation
/// meets them in about that order, so the next pending one is tried first; any other is
/// looked up in an index built the first time it is needed. Either way a look-up costs the
/// length of the path, and nothing is rendered.
#[derive(Clone)]
struct Missing {
    bases: Bases,
    /// In document order.
    hashes: Vec<[u64; 2]>,
    /// Whether each has been reported.
    taken: Vec<bool>,
    /// The paths of the first ones.
    paths: Vec<String>,
    /// How many are not taken.
    pending: usize,
    /// No position before this one is pending.
    cursor: usize,
    /// The index of `hashes`, once needed.
    index: Option<PathIndex>,
    /// One segment of the path being looked up (kept to reuse its buffer).
    scratch: String,
}

/// Positions of `Missing::hashes` by hash: an open-addressing table of positions (4 bytes a
/// slot, at most three quarters full) holding the first position of each distinct hash, and
/// a chain to the later positions with the same hash (the same path, when a map repeats a key
/// in the body). The hashes are keyed at random, so a body cannot crowd the table.
#[derive(Clone)]
struct PathIndex {
    slots: Vec<u32>,
    /// Position → the next position with the same hash, or `PathIndex::EMPTY`.
    next: Vec<u32>,
}

impl PathIndex {
    const EMPTY: u32 = u32::MAX;

    fn new(hashes: &[[u64; 2]]) -> PathIndex {
        let size = (hashes.len() * 4 / 3 + 1).next_power_of_two();
        let mut index = PathIndex { slots: vec![PathIndex::EMPTY; size], next: vec![PathIndex::EMPTY; hashes.len()] };
        // From the last to the first, so that each slot ends at its hash's first position and
        // `next` chains the later ones.
        for (pos, h) in hashes.iter().enumerate().rev() {
            let slot = index.slot(hashes, h);
            let head = index.slots[slot];
            if head != PathIndex::EMPTY {
                index.next[pos] = head;
            }
            index.slots[slot] = u32::try_from(pos).unwrap_or(PathIndex::EMPTY);
        }
        index
    }

    /// The slot of `h`: the one holding its first position, or the empty one where it goes.
    fn slot(&self, hashes: &[[u64; 2]], h: &[u64; 2]) -> usize {
        let mask = self.slots.len() - 1;
        let mut slot = h[0] as usize & mask;
        loop {
            match self.slots[slot] {
                PathIndex::EMPTY => return slot,
                pos if hashes.get(pos as usize) == Some(h) => return slot,
                _ => slot = (slot + 1) & mask,
            }
        }
    }
}

impl fmt::Debug for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Missing").field("pending", &self.pending).field("paths", &self.paths).finish()
    }
}

impl Missing {
    fn new(absent: Absent) -> Missing {
        let n = absent.hashes.len();
        Missing {
            bases: absent.bases,
            hashes: absent.hashes,
            taken: vec![false; n],
            paths: absent.paths,
            pending: n,
            cursor: 0,
            index: None,
            scratch: String::new(),
        }
    }

    /// Takes the first pending occurrence of the path: its position, or `None` when it is
    /// not missing.
    fn take(&mut self, path: &Path<'_>) -> Option<usize> {
        if self.pending == 0 {
            return None;
        }
        let h = self.bases.of_path(path, &mut self.scratch);
        // Skip what was taken (each position once over the report's life).
        while self.taken.get(self.cursor).copied() == Some(true) {
            self.cursor += 1;
        }
        let pos = if self.hashes.get(self.cursor) == Some(&h) {
            self.cursor
        } else {
            let hashes = &self.hashes;
            let index = self.index.get_or_insert_with(|| PathIndex::new(hashes));
            let slot = index.slot(hashes, &h);
            // Move the slot's head past positions already taken (each once over the
            // report's life; a slot whose positions are all taken keeps its last one).
            let mut head = index.slots[slot];
            while head != PathIndex::EMPTY && self.taken.get(head as usize).copied() == Some(true) {
                match index.next.get(head as usize).copied() {
                    Some(later) if later != PathIndex::EMPTY => head = later,
                    _ => return None,
                }
                index.slots[slot] = head;
            }
            if head == PathIndex::EMPTY {
                return None;
            }
            head as usize
        };
        let slot = self.taken.get_mut(pos)?;
        *slot = true;
        self.pending -= 1;
        Some(pos)
    }
}

impl Report {
    /// An empty report.
    pub fn new() -> Report {
        Report::default()
    }

    /// A report that also knows the paths of the required members that were absent from the
    /// parsed body (see [`super::parse_and_validate`]): validation reports them in place and
    /// does not check the zero values that stand in for them.
    pub fn with_missing(missing: Vec<String>) -> Report {
        let mut absent = Absent::new(missing.len());
        for path in missing {
            absent.push(path);
        }
        Report::with_absent(absent)
    }

    /// A report that knows the required members absent from a parsed request (what the
    /// request parsers build): as [`Report::with_missing`], without a path for each.
    #[doc(hidden)]
    pub fn with_absent(absent: Absent) -> Report {
        let missing = (!absent.is_empty()).then(|| Box::new(Missing::new(absent)));
        Report { missing, ..Report::default() }
    }

    /// An empty report that collects at most `limit` violations (at least 1), whatever
    /// [`set_report_limit`] says.
    pub fn with_limit(limit: usize) -> Report {
        Report { violations: Vec::new(), total: 0, limit: limit.max(1), text: 0, missing: None }
    }

    /// The collected violations, in model order: the first [`Report::limit`] (fewer when
    /// their text reached [`REPORT_TEXT_LIMIT`]); [`Report::total`] counts them all.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// How many violations were found, collected or not.
    pub fn total(&self) -> usize {
        self.total
    }

    /// How many violations were found but not collected.
    pub fn omitted(&self) -> usize {
        self.total - self.violations.len()
    }

    /// How many violations this report collects at most.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Whether another violation would still be collected.
    fn collects(&self) -> bool {
        self.violations.len() < self.limit && self.text < REPORT_TEXT_LIMIT
    }

    /// Counts a violation, and collects it (its path rendered and its message made) while
    /// the report has room.
    pub fn push(&mut self, path: &Path<'_>, message: impl FnOnce(&str) -> String) {
        self.total += 1;
        if self.collects() {
            let path = path.render();
            let message = message(&path);
            self.collect(Violation { path, message });
        }
    }

    fn collect(&mut self, v: Violation) {
        self.text += v.path.len() + v.message.len();
        self.violations.push(v);
    }

    /// Counts and (while there is room) collects "must not be null" for a missing member;
    /// `path` gives its path, when it is known.
    fn push_missing(&mut self, path: impl FnOnce() -> Option<String>) {
        self.total += 1;
        if self.collects() {
            if let Some(path) = path() {
                let message = format!("Value at '{path}' failed to satisfy constraint: Member must not be null");
                self.collect(Violation { path, message });
            }
        }
    }

    /// For a required member: when the parsed body lacked it, records "must not be null" and
    /// returns true (its stand-in value is then not checked).
    ///
    /// The cost of a look-up is the length of the path, whatever the number of missing
    /// members.
    pub fn was_missing(&mut self, path: &Path<'_>) -> bool {
        if self.missing.as_mut().and_then(|m| m.take(path)).is_none() {
            return false;
        }
        self.push_missing(|| Some(path.render()));
        true
    }

    /// `Ok(())` when empty, else the report.
    pub fn into_result(mut self) -> Result<(), Report> {
        // Missing members the walk did not reach (a hand-written type without checks) are
        // still reported.
        // (Past the kept paths they are counted only: a report lists its first violations.)
        if let Some(m) = self.missing.take() {
            let Missing { taken, mut paths, .. } = *m;
            for (i, taken) in taken.into_iter().enumerate() {
                if !taken {
                    self.push_missing(|| paths.get_mut(i).map(std::mem::take));
                }
            }
        }
        if self.total == 0 {
            Ok(())
        } else {
            Err(self)
        }
    }

    /// The message of `smithy.framework#ValidationException` (see
    /// [`Report::to_framework_exception`]).
    pub fn framework_message(&self) -> String {
        self.render(". ")
    }

    /// The report as `smithy.framework#ValidationException`: `message` and `fieldList`.
    ///
    /// The message is in the form Smithy's protocol tests expect of that exception:
    /// `1 validation error detected. Value at '/a' failed ...` (a period after the count,
    /// where AWS services, and [`Report`]'s `Display`, write a colon).
    pub fn to_framework_exception(&self) -> FrameworkValidationException {
        FrameworkValidationException {
            message: self.framework_message(),
            field_list: Some(
                self.violations
                    .iter()
                    .map(|v| ValidationExceptionField { path: v.path.clone(), message: v.message.clone() })
                    .collect(),
            ),
        }
    }
}

/// `N validation errors detected: first; second; ...`, with every violation counted in
/// `N` and, when some were not collected, `; and M more` at the end.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, ": ")
    }
}

impl Report {
    /// The message with `after` between the count and the first violation.
    fn render(&self, after: &str) -> String {
        let mut out = String::new();
        // Writing to a `String` cannot fail.
        let _ = self.write(&mut out, after);
        out
    }

    fn write(&self, f: &mut dyn fmt::Write, after: &str) -> fmt::Result {
        let n = self.total;
        write!(f, "{n} validation error{} detected{after}", if n == 1 { "" } else { "s" })?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(&v.message)?;
        }
        match self.omitted() {
            0 => Ok(()),
            more => write!(f, "; and {more} more"),
        }
    }
}

impl std::error::Error for Report {}

/// `smithy.framework#ValidationException`, the error Smithy servers send for a request
/// that violates its constraints.
#[derive(Debug, Clone, PartialEq, crate::Structure)]
#[smithy(name = "ValidationException", builder = "FrameworkValidationExceptionBuilder")]
pub struct FrameworkValidationException {
    /// A summary of the violations.
    #[smithy(required)]
    pub message: String,
    /// One entry per violation.
    #[smithy(rename = "fieldList")]
    pub field_list: Option<Vec<ValidationExceptionField>>,
}

/// One entry of [`FrameworkValidationException::field_list`].
#[derive(Debug, Clone, PartialEq, crate::Structure)]
pub struct ValidationExceptionField {
    /// The JSON pointer of the value.
    #[smithy(required)]
    pub path: String,
    /// What is wrong with it.
    #[smithy(required)]
    pub message: String,
}

impl From<Report> for FrameworkValidationException {
    fn from(r: Report) -> Self {
        r.to_framework_exception()
    }
}

/// A value that can be checked against its model's constraints.
pub trait Validate {
    /// Checks the value, which sits at `path`, recording every violation in `report`.
    fn validate_at(&self, path: &Path<'_>, report: &mut Report);

    /// Checks the value: `Ok(())` or every violation.
    fn validate(&self) -> Result<(), Report> {
        let mut report = Report::new();
        self.validate_at(&Path::Root, &mut report);
        report.into_result()
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
        (**self).validate_at(path, report);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
        if let Some(v) = self {
            v.validate_at(path, report);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
        for (i, v) in self.iter().enumerate() {
            v.validate_at(&Path::Index(path, i), report);
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_at(&self, path: &Path<'_>, report: &mut Report) {
        for (k, v) in self {
            v.validate_at(&Path::Key(path, k), report);
        }
    }
}

fn bounds_text(min: Option<&str>, max: Option<&str>, between: &str) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{between} {a} and {b}, inclusive"),
        (Some(a), None) => format!("greater than or equal to {a}"),
        (None, Some(b)) => format!("less than or equal to {b}"),
        (None, None) => String::new(),
    }
}

/// `@length`: `len` is the length of the value (scalar values of a string, bytes of a blob,
/// entries of a list or map).
pub fn length(len: usize, min: Option<u64>, max: Option<u64>, path: &Path<'_>, report: &mut Report) {
    let n = len as u64;
    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
        report.push(path, |p| {
            let (a, b) = (min.map(|m| m.to_string()), max.map(|m| m.to_string()));
            let what = bounds_text(a.as_deref(), b.as_deref(), "between");
            format!("Value with length {n} at '{p}' failed to satisfy constraint: Member must have length {what}")
        });
    }
}

/// `@length` of a string: counts Unicode scalar values.
pub fn length_str(v: &str, min: Option<u64>, max: Option<u64>, path: &Path<'_>, report: &mut Report) {
    // Byte length bounds the scalar count from above and (divided by 4) from below: most
    // values are decided without counting.
    let bytes = v.len() as u64;
    if min.is_none_or(|m| bytes.div_ceil(4) >= m) && max.is_none_or(|m| bytes <= m) {
        return;
    }
    length(v.chars().count(), min, max, path, report);
}

fn range_violation(path: &Path<'_>, report: &mut Report, min: Option<&str>, max: Option<&str>) {
    report.push(path, |p| {
        format!("Value at '{p}' failed to satisfy constraint: Member must be {}", bounds_text(min, max, "between"))
    });
}

/// `@range` of an integer type. `min`/`max` are the bounds as integers (a fractional bound
/// rounded inward) with the model's text for the message.
pub fn range_int(
    v: i64,
    min: Option<(i64, &'static str)>,
    max: Option<(i64, &'static str)>,
    path: &Path<'_>,
    report: &mut Report,
) {
    if min.is_some_and(|(m, _)| v < m) || max.is_some_and(|(m, _)| v > m) {
        range_violation(path, report, min.map(|m| m.1), max.map(|m| m.1));
    }
}

/// `@range` of a float type: NaN and the infinities are out of range.
pub fn range_float(
    v: f64,
    min: Option<(f64, &'static str)>,
    max: Option<(f64, &'static str)>,
    path: &Path<'_>,
    report: &mut Report,
) {
    if !v.is_finite() || min.is_some_and(|(m, _)| v < m) || max.is_some_and(|(m, _)| v > m) {
        range_violation(path, report, min.map(|m| m.1), max.map(|m| m.1));
    }
}

/// `@range` of a bigInteger or bigDecimal, compared exactly on the decimal text.
pub fn range_decimal(
    v: &str,
    min: Option<&'static str>,
    max: Option<&'static str>,
    path: &Path<'_>,
    report: &mut Report,
) {
    let lt = |a: &str, b: &str| cmp_decimal(a, b).is_none_or(|o| o == Ordering::Less);
    if min.is_some_and(|m| lt(v, m)) || max.is_some_and(|m| lt(m, v)) {
        range_violation(path, report, min, max);
    }
}

/// Compares two decimal numbers written as text (`-12.5e3`); `None` when either is not a
/// number.
pub fn cmp_decimal(a: &str, b: &str) -> Option<Ordering> {
    let (na, nb) = (Decimal::parse(a)?, Decimal::parse(b)?);
    Some(na.cmp(&nb))
}

/// A decimal as sign, digits without leading/trailing zeros, and the exponent of the first
/// digit.
#[derive(PartialEq, Eq)]
pub(crate) struct Decimal {
    negative: bool,
    digits: Vec<u8>,
    exp: i128,
}

impl Decimal {
    pub(crate) fn parse(s: &str) -> Option<Decimal> {
        let s = s.trim();
        let (negative, s) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (mantissa, exp) = match s.find(['e', 'E']) {
            Some(i) => (&s[..i], s[i + 1..].parse::<i64>().ok()?),
            None => (s, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int.is_empty() && frac.is_empty() || !int.bytes().chain(frac.bytes()).all(|c| c.is_ascii_digit()) {
            return None;
        }
        let all: Vec<u8> = int.bytes().chain(frac.bytes()).map(|c| c - b'0').collect();
        let lead = all.iter().position(|d| *d != 0);
        let Some(lead) = lead else { return Some(Decimal { negative: false, digits: Vec::new(), exp: 0 }) };
        let trail = all.iter().rposition(|d| *d != 0).unwrap_or(lead);
        let digits = all[lead..=trail].to_vec();
        // In i128: an exponent at the ends of `i64` (`0.01e-9223372036854775808`) plus any
        // length of digits neither overflows nor loses the order.
        let e = i128::from(exp) + int.len() as i128 - lead as i128;
        Some(Decimal { negative, digits, exp: e })
    }

    fn cmp_magnitude(&self, other: &Decimal) -> Ordering {
        match (self.digits.is_empty(), other.digits.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        self.exp.cmp(&other.exp).then_with(|| self.digits.cmp(&other.digits))
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let zero_a = self.digits.is_empty();
        let zero_b = other.digits.is_empty();
        let neg_a = self.negative && !zero_a;
        let neg_b = other.negative && !zero_b;
        match (neg_a, neg_b) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
        }
    }
}

/// `@pattern`.
pub fn pattern(v: &str, pattern: &super::Pattern, path: &Path<'_>, report: &mut Report) {
    match pattern.is_match(v) {
        Ok(true) => {}
        Ok(false) => report.push(path, |p| {
            format!(
                "Value at '{p}' failed to satisfy constraint: Member must satisfy regular expression pattern: {}",
                pattern.ecma()
            )
        }),
        Err(e) => report
            .push(path, |p| format!("Value at '{p}' could not be checked against pattern {}: {e}", pattern.ecma())),
    }
}

/// An enum value the model does not list.
pub fn enum_value(known: bool, values: &'static [&'static str], path: &Path<'_>, report: &mut Report) {
    if !known {
        report.push(path, |p| {
            format!(
                "Value at '{p}' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
                values.join(", ")
            )
        });
    }
}

/// An intEnum value the model does not list.
pub fn int_enum_value(known: bool, values: &'static [i32], path: &Path<'_>, report: &mut Report) {
    if !known {
        report.push(path, |p| {
            let list: Vec<String> = values.iter().map(i32::to_string).collect();
            format!(
                "Value at '{p}' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
                list.join(", ")
            )
        });
    }
}

/// `@uniqueItems`: one violation, "Member must have unique values", when an item equals an
/// earlier one (by `==`: a NaN float repeats nothing). The message is the one Smithy's
/// protocol tests expect; which items repeat is not told (a client sent them).
///
/// Linear time: up to 16 (`UNIQUE_PAIRWISE_MAX`) items are compared pairwise (without
/// allocating); longer lists are hashed (a hash consistent with `==`, taken from the item's
/// `Serialize` output and keyed at random) and compared with `==` only within a hash.
pub fn unique<T: PartialEq + serde::Serialize + fmt::Debug>(items: &[T], path: &Path<'_>, report: &mut Report) {
    if !repeated_items(items).is_empty() {
        report.push(path, |p| format!("Value at '{p}' failed to satisfy constraint: Member must have unique values"));
    }
}

/// Lists up to this long are checked for repeats by comparing every pair.
const UNIQUE_PAIRWISE_MAX: usize = 16;

/// The indices of the items equal to an earlier item, ascending (what [`unique`] decides
/// on; public for tests).
pub fn repeated_items<T: PartialEq + serde::Serialize + fmt::Debug>(items: &[T]) -> Vec<usize> {
    if items.len() <= UNIQUE_PAIRWISE_MAX {
        return (0..items.len()).filter(|&i| items[..i].iter().any(|x| *x == items[i])).collect();
    }
    const NONE: usize = usize::MAX;
    let keys = std::collections::hash_map::RandomState::new();
    // Each hash → the last distinct item seen with it; `next` chains the earlier ones. Only
    // distinct items are kept: an item equal to a repeat is equal to the item it repeats.
    let mut last: HashMap<u64, usize> = HashMap::with_capacity(items.len());
    let mut next = vec![NONE; items.len()];
    let mut repeated = Vec::new();
    for (i, item) in items.iter().enumerate() {
        // An item not equal to itself holds a NaN where `==` looks: it equals no item, so it
        // repeats none and none repeats it. Keeping it out keeps a list of NaNs from piling
        // up under one hash.
        if !same(item, item) {
            continue;
        }
        let h = super::canon::hash_value(item, &keys);
        let mut j = last.get(&h).copied().unwrap_or(NONE);
        let mut found = false;
        while let Some(earlier) = items.get(j) {
            if earlier == item {
                found = true;
                break;
            }
            j = next.get(j).copied().unwrap_or(NONE);
        }
        if found {
            repeated.push(i);
        } else if let Some(prev) = last.insert(h, i) {
            next[i] = prev;
        }
    }
    repeated
}

/// `a == b`, for an item compared with itself (a NaN inside makes it unequal).
fn same<T: PartialEq>(a: &T, b: &T) -> bool {
    a == b
}

/// A `@pattern`, as `ivs-codegen` prepared it: the model's ECMA-262 text, its translation
/// into the syntax of the `regex` crate (kept for reference and messages), and what decides
/// a match — a greedy scan, a compiled [`Program`], or (for look-around and back-references)
/// `fancy-regex`, compiled on first use.
#[derive(Debug)]
pub struct Pattern {
    ecma: &'static str,
    rust: &'static str,
    engine: Engine,
}

#[derive(Debug)]
enum Engine {
    Simple(&'static [SimplePart]),
    Program(Program, Option<Count>),
    Fancy(Lazy),
}

/// The bounds of a counted pattern `^X{min,max}$`.
#[derive(Debug, Clone, Copy)]
struct Count {
    min: u64,
    max: u64,
    /// The `$` is Java's: it may stand before a final line terminator.
    java_end: bool,
}

impl Count {
    /// Whether the text matches: its characters counted, the program run to its end; for a
    /// Java `$`, also the text before a final line terminator.
    fn is_match(&self, program: &Program, v: &str) -> bool {
        let counted = |text: &str| {
            let n = text.chars().count() as u64;
            n >= self.min && n <= self.max && program.is_match(text)
        };
        if counted(v) {
            return true;
        }
        if !self.java_end {
            return false;
        }
        // Java's line terminators; `\r\n` is one.
        let shorter = if let Some(t) = v.strip_suffix("\r\n") {
            Some(t)
        } else {
            v.char_indices()
                .next_back()
                .filter(|(_, c)| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'))
                .map(|(i, _)| &v[..i])
        };
        shorter.is_some_and(counted)
    }
}

/// `fancy-regex`, compiled on first use (nothing without the `fancy` feature).
#[derive(Debug)]
struct Lazy {
    #[cfg(feature = "fancy")]
    cell: OnceLock<Result<Box<fancy_regex::Regex>, String>>,
}

/// A part of a simple pattern, as generated code writes it (see [`super::isa::SimplePart`]).
pub type SimplePart = super::isa::SimplePart<&'static [u8]>;

fn simple_match(parts: &[SimplePart], v: &[u8]) -> bool {
    let mut pos = 0;
    for part in parts {
        match part {
            SimplePart::Literal(l) => {
                if !v[pos..].starts_with(l) {
                    return false;
                }
                pos += l.len();
            }
            SimplePart::Class { set, min, max } => {
                // A 256-entry table: bytes of 128 and above are never in an ASCII class.
                let table = [set[0], set[1], 0, 0];
                let rest = &v[pos..];
                let limit = rest.len().min(*max as usize);
                let n = rest[..limit]
                    .iter()
                    .position(|&b| (table[(b >> 6) as usize] >> (b & 63)) & 1 == 0)
                    .unwrap_or(limit);
                if n < *min as usize {
                    return false;
                }
                pos += n;
            }
        }
    }
    pos == v.len()
}

/// The size limit for `fancy` patterns. `ivs-codegen` checks every such pattern with the
/// same limit at generation time (`PATTERN_SIZE_LIMIT` there), so a pattern that compiled
/// then compiles here.
pub const PATTERN_SIZE_LIMIT: usize = 64 << 20;

impl Pattern {
    /// A pattern run by the Pike VM on its compiled program.
    pub const fn program(ecma: &'static str, rust: &'static str, program: Program) -> Pattern {
        Pattern { ecma, rust, engine: Engine::Program(program, None) }
    }

    /// A pattern decided by a greedy scan over `parts` (see [`SimplePart`]).
    pub const fn simple(ecma: &'static str, rust: &'static str, parts: &'static [SimplePart]) -> Pattern {
        Pattern { ecma, rust, engine: Engine::Simple(parts) }
    }

    /// A pattern `^X{min,max}$` with a large `max`: the program is that of `^(?:X)*$` and the
    /// number of characters is counted instead of unrolled into the program.
    pub const fn counted(ecma: &'static str, rust: &'static str, min: u64, max: u64, program: Program) -> Pattern {
        Pattern { ecma, rust, engine: Engine::Program(program, Some(Count { min, max, java_end: false })) }
    }

    /// A Java pattern `^X{min,max}$` with a large `max`: as [`Pattern::counted`], with the
    /// program of `^(?:X)*\z`, and Java's `$` (the end, or before a final line terminator).
    pub const fn counted_java_end(
        ecma: &'static str,
        rust: &'static str,
        min: u64,
        max: u64,
        program: Program,
    ) -> Pattern {
        Pattern { ecma, rust, engine: Engine::Program(program, Some(Count { min, max, java_end: true })) }
    }

    /// A pattern with look-around or back-references, run by `fancy-regex` (the `fancy`
    /// feature of ivs-types; without it, checking such a pattern reports an error).
    pub const fn fancy(ecma: &'static str, rust: &'static str) -> Pattern {
        Pattern {
            ecma,
            rust,
            engine: Engine::Fancy(Lazy {
                #[cfg(feature = "fancy")]
                cell: OnceLock::new(),
            }),
        }
    }

    /// The pattern as the model wrote it.
    pub fn ecma(&self) -> &'static str {
        self.ecma
    }

    /// The translation (in the syntax of the `regex` crate).
    pub fn translated(&self) -> &'static str {
        self.rust
    }

    /// Whether `v` matches (anywhere: patterns are not implicitly anchored).
    pub fn is_match(&self, v: &str) -> Result<bool, String> {
        match &self.engine {
            Engine::Simple(parts) => Ok(simple_match(parts, v.as_bytes())),
            Engine::Program(program, Some(count)) => Ok(count.is_match(program, v)),
            Engine::Program(program, None) => Ok(program.is_match(v)),
            #[cfg(feature = "fancy")]
            Engine::Fancy(lazy) => {
                let compiled = lazy.cell.get_or_init(|| {
                    fancy_regex::RegexBuilder::new(self.rust)
                        .delegate_size_limit(PATTERN_SIZE_LIMIT)
                        // fancy-regex 0.20's tree optimizer rewrites `(?:(b+))+` to `(b+)`,
                        // which changes what a later `\1` holds: run the pattern as written.
                        .optimize(false)
                        .build()
                        .map(Box::new)
                        .map_err(|e| e.to_string())
                });
                match compiled {
                    Ok(r) => r.is_match(v).map_err(|e| e.to_string()),
                    Err(e) => Err(e.clone()),
                }
            }
            #[cfg(not(feature = "fancy"))]
            Engine::Fancy(_) => {
                Err("this pattern needs look-around or back-references: enable the `fancy` feature of ivs-types"
                    .to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_compare_exactly() {
        let cases = [
            ("1", "1.0", Ordering::Equal),
            ("-0", "0", Ordering::Equal),
            ("123456789012345678901234567890", "123456789012345678901234567891", Ordering::Less),
            ("1e3", "999.999", Ordering::Greater),
            ("-1.5", "-1.25", Ordering::Less),
            ("0.001", "1e-3", Ordering::Equal),
            ("10", "9", Ordering::Greater),
        ];
        for (a, b, want) in cases {
            assert_eq!(cmp_decimal(a, b), Some(want), "{a} vs {b}");
        }
        assert_eq!(cmp_decimal("x", "1"), None);
    }

    /// Exponents at the ends of `i64`, many digits, and text that is not a number: an order
    /// or `None`, never an overflow (the tests run with overflow checks).
    #[test]
    fn decimals_with_absurd_exponents_do_not_overflow() {
        let many = format!("0.{}1", "0".repeat(100_000));
        let cases: Vec<(&str, &str, Option<Ordering>)> = vec![
            ("0.01e-9223372036854775808", "0", Some(Ordering::Greater)),
            ("-0.01e-9223372036854775808", "0", Some(Ordering::Less)),
            ("1e9223372036854775807", "1e9223372036854775806", Some(Ordering::Greater)),
            ("10e9223372036854775806", "1e9223372036854775807", Some(Ordering::Equal)),
            ("10e9223372036854775807", "1e9223372036854775807", Some(Ordering::Greater)),
            ("1e9223372036854775808", "1", None),
            (&many, "0", Some(Ordering::Greater)),
            ("", "1", None),
            ("-", "1", None),
            (".", "1", None),
            ("1e", "1", None),
            ("١", "1", None),
            ("NaN", "1", None),
        ];
        for (a, b, want) in cases {
            assert_eq!(cmp_decimal(a, b), want, "{a} vs {b}");
        }
    }

    /// Paths of missing members are found in constant time, reported in model order where
    /// validation meets them and in document order for the rest; a path the body holds twice
    /// (a map key repeated) is reported twice, as before.
    #[test]
    fn missing_members_are_taken_by_path() {
        let paths = ["/a/1/x", "/b", "/a/0/x", "/b", "/c"].map(str::to_string).to_vec();
        let mut r = Report::with_missing(paths);
        let root = Path::Root;
        let a = Path::Member(&root, "a");
        assert!(r.was_missing(&Path::Member(&Path::Index(&a, 0), "x")));
        assert!(r.was_missing(&Path::Member(&Path::Index(&a, 1), "x")));
        assert!(!r.was_missing(&Path::Member(&Path::Index(&a, 1), "x")), "taken once");
        assert!(r.was_missing(&Path::Member(&root, "b")));
        assert!(!r.was_missing(&Path::Member(&root, "zzz")));
        let paths: Vec<String> = match r.into_result() {
            Err(r) => r.violations().iter().map(|v| v.path.clone()).collect(),
            Ok(()) => Vec::new(),
        };
        assert_eq!(paths, ["/a/0/x", "/a/1/x", "/b", "/b", "/c"]);
    }

    /// A huge map key is cut the same way wherever a path is rendered, after looking at no
    /// more than the characters kept.
    #[test]
    fn long_keys_are_cut_alike() {
        let key = format!("{}/{}", "é".repeat(300), "x".repeat(1_000_000));
        let rendered = Path::Key(&Path::Root, &key).render();
        assert_eq!(rendered, format!("/{}…", "é".repeat(256)));
        let mut out = String::from("/");
        push_key(&mut out, &shorten_key(&key));
        assert_eq!(out, rendered);
        let exact = "a".repeat(256);
        assert_eq!(Path::Key(&Path::Root, &exact).render(), format!("/{exact}"));
        assert_eq!(shorten_key(&exact), exact);
    }

    /// `@uniqueItems` through the pairwise and the hashed paths: the same indices.
    #[test]
    fn unique_reports_the_same_indices_short_and_long() {
        fn repeated<T: PartialEq + serde::Serialize + fmt::Debug>(items: &[T]) -> Vec<usize> {
            let mut r = Report::new();
            unique(items, &Path::Root, &mut r);
            let pairwise: Vec<usize> =
                (0..items.len()).filter(|&i| items[..i].iter().any(|x| *x == items[i])).collect();
            let got = repeated_items(items);
            assert_eq!(got, pairwise);
            assert_eq!(r.is_empty(), got.is_empty());
            got
        }
        assert_eq!(repeated(&["a", "b", "a", "a"]), [2, 3]);
        let long: Vec<String> = (0..100).map(|i| format!("v{}", i % 30)).collect();
        assert_eq!(repeated(&long), (30..100).collect::<Vec<_>>());
        // NaN repeats nothing; -0.0 repeats 0.0.
        let mut floats = vec![f64::NAN; 40];
        floats.extend([0.0, -0.0, 1.5, 1.5, f64::INFINITY, f64::INFINITY]);
        assert_eq!(repeated(&floats), [41, 43, 45]);
        let nested: Vec<Option<Vec<f32>>> =
            (0..40).map(|i| if i % 2 == 0 { Some(vec![f32::NAN]) } else { Some(vec![-0.0, i as f32 % 3.0]) }).collect();
        repeated(&nested);
        let maps: Vec<BTreeMap<String, i32>> =
            (0..40).map(|i| [(format!("k{}", i % 4), i % 3)].into_iter().collect()).collect();
        assert_eq!(repeated(&maps).len(), 40 - 12);
        let documents: Vec<serde_json::Value> =
            (0..40).map(|i| serde_json::json!({"a": i % 5, "b": [i % 2]})).collect();
        assert_eq!(repeated(&documents).len(), 40 - 10);
    }

    #[test]
    fn paths_render_as_json_pointers() {
        let root = Path::Root;
        let m = Path::Member(&root, "tags");
        let k = Path::Key(&m, "a/b~c");
        let i = Path::Index(&k, 2);
        assert_eq!(i.render(), "/tags/a~1b~0c/2");
        let long = "x".repeat(300);
        assert!(Path::Key(&root, &long).render().ends_with('…'));
    }

    /// Every violation is counted, the first `limit` are collected, the rest named by their
    /// number; missing members past the limit are still found (their stand-ins unchecked).
    #[test]
    fn reports_count_everything_and_collect_the_first() {
        let mut r = Report::with_limit(3);
        let mut absent = Absent::new(2);
        (0..10).for_each(|i| absent.push(format!("/s/{i}/id")));
        r.missing = Some(Box::new(Missing::new(absent)));
        let s = Path::Member(&Path::Root, "s");
        for i in 0..10 {
            assert!(r.was_missing(&Path::Member(&Path::Index(&s, i), "id")), "{i}");
        }
        for i in 0..1000 {
            range_int(-1, Some((0, "0")), None, &Path::Index(&s, i), &mut r);
        }
        assert_eq!((r.total(), r.violations().len(), r.omitted()), (1010, 3, 1007));
        let text = r.to_string();
        assert!(text.starts_with("1010 validation errors detected: Value at '/s/0/id' failed"), "{text}");
        assert!(text.ends_with("Member must not be null; and 1007 more"), "{text}");
        assert_eq!(r.to_framework_exception().field_list.map(|l| l.len()), Some(3));
        assert!(r.into_result().is_err());
        // The text limit: long messages stop collecting before the count does.
        let mut r = Report::with_limit(usize::MAX);
        let long = "x".repeat(1000);
        for _ in 0..100 {
            r.push(&Path::Root, |_| long.clone());
        }
        assert_eq!(r.total(), 100);
        assert_eq!(r.violations().len(), REPORT_TEXT_LIMIT.div_ceil(1000));
        // The process-wide default.
        assert_eq!(Report::new().limit(), report_limit());
        assert_eq!(Report::with_limit(0).limit(), 1);
    }

    /// A back-reference to a group repeated inside a repeat holds the last iteration's text:
    /// `^(?:(b+))+\1$` matches `bbb` (`b`, `b`, then `\1` = `b`), as Java and node say.
    #[cfg(feature = "fancy")]
    #[test]
    fn fancy_patterns_run_as_written() {
        let p = Pattern::fancy(r"^(?:(b+))+\1$", r"^(?:(b+))+\1$");
        assert_eq!(p.is_match("bbb"), Ok(true));
        assert_eq!(p.is_match("bb"), Ok(true));
        assert_eq!(p.is_match("b"), Ok(false));
    }

    #[test]
    fn report_wording() {
        let mut r = Report::new();
        length_str("", Some(1), Some(128), &Path::Member(&Path::Root, "a"), &mut r);
        assert_eq!(r.to_string(), "1 validation error detected: Value with length 0 at '/a' failed to satisfy constraint: Member must have length between 1 and 128, inclusive");
        range_int(-1, Some((0, "0")), None, &Path::Member(&Path::Root, "n"), &mut r);
        assert!(r.to_string().starts_with("2 validation errors detected: "));
        assert!(r
            .to_string()
            .ends_with("; Value at '/n' failed to satisfy constraint: Member must be greater than or equal to 0"));
    }
}
