//! Constraint validation: every violation, in model order, each with a JSON-pointer path and
//! the message AWS services use. A valid value is validated without allocating: paths live on
//! the stack and are rendered to text only when something is wrong.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
#[cfg(feature = "fancy")]
use std::sync::OnceLock;

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
                out.push_str(&i.to_string());
            }
            Path::Key(p, k) => {
                p.render_into(out);
                out.push('/');
                if k.chars().count() > MAX_KEY_IN_PATH {
                    let short: String = k.chars().take(MAX_KEY_IN_PATH).collect();
                    escape_pointer(out, &short);
                    out.push('…');
                } else {
                    escape_pointer(out, k);
                }
            }
        }
    }
}

/// Appends a JSON-pointer segment, escaped per RFC 6901 (`~` → `~0`, `/` → `~1`).
pub(crate) fn escape_pointer(out: &mut String, s: &str) {
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

/// Every violation found in a value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    violations: Vec<Violation>,
    missing: Vec<String>,
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
        Report { violations: Vec::new(), missing }
    }

    /// The violations, in model order.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// Records a violation.
    pub fn push(&mut self, path: &Path<'_>, message: impl FnOnce(&str) -> String) {
        let path = path.render();
        let message = message(&path);
        self.violations.push(Violation { path, message });
    }

    /// For a required member: when the parsed body lacked it, records "must not be null" and
    /// returns true (its stand-in value is then not checked).
    pub fn was_missing(&mut self, path: &Path<'_>) -> bool {
        if self.missing.is_empty() {
            return false;
        }
        let rendered = path.render();
        let Some(pos) = self.missing.iter().position(|m| *m == rendered) else { return false };
        self.missing.remove(pos);
        let message = format!("Value at '{rendered}' failed to satisfy constraint: Member must not be null");
        self.violations.push(Violation { path: rendered, message });
        true
    }

    /// `Ok(())` when empty, else the report.
    pub fn into_result(mut self) -> Result<(), Report> {
        // Missing members the walk did not reach (a hand-written type without checks) are
        // still reported.
        for m in std::mem::take(&mut self.missing) {
            let message = format!("Value at '{m}' failed to satisfy constraint: Member must not be null");
            self.violations.push(Violation { path: m, message });
        }
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    /// The report as `smithy.framework#ValidationException`: `message` and `fieldList`.
    pub fn to_framework_exception(&self) -> FrameworkValidationException {
        FrameworkValidationException {
            message: self.to_string(),
            field_list: Some(
                self.violations
                    .iter()
                    .map(|v| ValidationExceptionField { path: v.path.clone(), message: v.message.clone() })
                    .collect(),
            ),
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        write!(f, "{n} validation error{} detected: ", if n == 1 { "" } else { "s" })?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(&v.message)?;
        }
        Ok(())
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
struct Decimal {
    negative: bool,
    digits: Vec<u8>,
    exp: i64,
}

impl Decimal {
    fn parse(s: &str) -> Option<Decimal> {
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
        let e = int.len() as i64 - lead as i64 + exp;
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

/// `@uniqueItems`: reports the indices of the items that repeat an earlier one.
pub fn unique<T: PartialEq>(items: &[T], path: &Path<'_>, report: &mut Report) {
    let mut repeated: Vec<usize> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if items[..i].iter().any(|x| x == item) {
            repeated.push(i);
        }
    }
    if !repeated.is_empty() {
        report.push(path, |p| {
            let list: Vec<String> = repeated.iter().map(usize::to_string).collect();
            format!(
                "Value at '{p}' failed to satisfy constraint: Member must have unique items (repeated at index {})",
                list.join(", ")
            )
        });
    }
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

/// A part of a pattern that `ivs-codegen` found to be a plain anchored sequence of ASCII
/// literals and repeated ASCII classes, each repeat followed by something it cannot match:
/// a greedy scan decides such a pattern exactly, with no automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimplePart {
    /// These bytes.
    Literal(&'static [u8]),
    /// `min..=max` bytes of the set (bit `b % 64` of word `b / 64` for ASCII byte `b`).
    Class {
        /// The ASCII set.
        set: [u64; 2],
        /// Fewest.
        min: u32,
        /// Most (`u32::MAX`: unbounded).
        max: u32,
    },
}

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
