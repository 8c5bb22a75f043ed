//! `@pattern` translation: a model's regular expression, read in the dialect its authors
//! wrote it in, into the syntax of the Rust engine that runs it, so that the Rust engine means
//! what the pattern means. Done once per pattern, at generation time.
//!
//! ## Which dialect
//! The Smithy specification says `@pattern` is ECMA-262, but AWS services (and Smithy's own
//! validator) are Java, and AWS models hold patterns that only `java.util.regex` reads. The
//! rule ([`dialect_hint`] and [`translate`]):
//! - a pattern that uses a construct that ECMA-262 rejects or reads as something else than it
//!   looks like (inline flags `(?i)`, possessive quantifiers `a*+`, atomic groups, `\A`, `\z`,
//!   `\Z`, `\Q..\E`, `\x{..}`, class intersection `&&` or nested classes, Java and POSIX
//!   property names such as `\p{Print}`, `\p{IsAlphabetic}`, `\p{all}`, a quantified anchor or
//!   look-around) is read as **Java** (as `Matcher.find()` reads it);
//! - so is a pattern with a property class `\p{..}` that ECMA-262 reads only without the `u`
//!   flag, where `\p` is the letter `p`: one with an Annex B construct, such as a class escape
//!   bounding a range (`[\p{L}\p{Z}-_]`) or an escape of a character that needs none (`\:`).
//!   (`\u{..}` beside Annex B likewise; Java does not read it: such a pattern is an error);
//! - and a pattern with an ECMA-262 back-reference that the backtracking engine cannot run
//!   as ECMA-262 means it (a group a repeat may have cleared, see below);
//! - any other pattern is read as **ECMA-262** (with the `u` flag where it is valid with it,
//!   with Annex B leniency where not), as the specification says;
//! - a pattern that the first dialect cannot read is tried in the other one; one that neither
//!   reads is an error.
//!
//! ## What the ECMA-262 translation takes care of
//! - `\d`, `\w`, `\s`, `\b` are ASCII-only (`\s`: ECMA's white-space and line terminators) in
//!   ECMA-262 but Unicode in Rust: they become explicit classes (`\b`: `(?-u:\b)`);
//! - `.` excludes `\n`, `\r`, U+2028 and U+2029;
//! - `\uXXXX` escapes become `\x{XXXX}`; a high surrogate escape followed by a low one is the
//!   supplementary character they encode (Java writes `\uD800\uDC00-\uDBFF\uDFFF` for "any
//!   supplementary character"), and a class of high surrogates followed by a class of low
//!   surrogates is the supplementary range they pair into; a lone surrogate matches nothing
//!   in a Rust string;
//! - in a class, a `-` next to a class escape is a literal (`[\w-.~]`), and an escaped
//!   character can start or end a range (`[\?-_]` is `?` to `_`);
//! - Unicode property classes `\p{L}` keep their meaning;
//! - Annex B leniency: a `{` that does not start a quantifier, a lone `}` or `]`, and escapes
//!   of characters that need none are literals; so is `\k` in a pattern without named groups;
//! - back-references (`\1`, `\k<name>`): one to a group that has not matched matches the
//!   empty string, where Java (and `fancy-regex`) fail. A group has not matched when it comes
//!   later in the pattern or encloses the reference, is in another alternative, in a negative
//!   look-around, or was cleared by a repeat: ECMA-262 clears the groups of a repeated atom at
//!   the start of each iteration. Each reference is written for where its group is: nothing
//!   when the group cannot have matched (the Pike VM then runs the pattern), `\N` when it
//!   always has in the current iteration of every repeat around both, `(?(N)\N)` (`\N` if
//!   group N matched, else nothing) when it may have and no repeat can have cleared it. A
//!   reference to a group that a repeat may have cleared after an earlier iteration set it
//!   (`^(?:(a)|b)+\1$`), or whose group is repeated by an atom that can match nothing (an
//!   iteration ECMA-262 rejects and Java keeps), cannot be written for the backtracking
//!   engine, which keeps a group's last match: such a pattern is read as Java, as is one with
//!   a back-reference in a look-behind (which ECMA-262 matches backwards).
//!
//! ## What the Java translation takes care of
//! - `$` (and `\Z`) also matches before a final line terminator (`\n`, `\r\n`, `\r`, U+0085,
//!   U+2028, U+2029); `.` excludes those; `\s` is `[ \t\n\x0B\f\r]`; `\d`, `\w` ASCII; `\b`
//!   is a boundary between a letter, digit or `_` (Unicode) and anything else;
//! - inline flags, scoped to their group: `i` (ASCII case-insensitive, Unicode with `u`),
//!   `s`, `m` (line anchors at Java's line terminators), `d` (only `\n` ends a line), `x`
//!   (white space and `#` comments ignored);
//! - classes: nesting (union), `&&` (intersection), a `]` first is a literal;
//! - `\h`, `\v`, `\R`, `\e`, `\a`, `\cX`, `\0ooo`, `\x{...}`, `\Q...\E`, `\A`, `\z`, `\Z`, `\G`;
//!   POSIX classes (`\p{Print}`, ASCII as in Java), `\p{all}`, `\p{L1}`, `\p{LD}`, `\p{IsX}`
//!   (binary properties, scripts, categories), `\p{javaX}`;
//! - possessive quantifiers and atomic groups: over one character (`[a-z]*+`, `[\/]?+`) they
//!   become a greedy repeat and a one-character look-ahead that the Pike VM runs (linear
//!   time: `X*+` is `X*(?!X)`); over longer sub-patterns they need the backtracking engine;
//! - a quantifier on an assertion (`$+`, `(?!x)+`) repeats nothing: the assertion once, or not
//!   at all for a minimum of 0;
//! - back-references keep Java's rule: one to a group that has not matched fails.
//!
//! ## Engines
//! One-character look-around (`(?!-)`, `(?<=[a-z])`), Java's `$`, its line anchors and its
//! `\b` are written as named groups `(?P<ivs_KIND_N>...)` that [`crate::program`] compiles
//! into instructions of their own, so the Pike VM runs them. Other look-around and
//! back-references (but those that can only match the empty string) select the backtracking
//! engine (`fancy-regex`).
//!
//! Strings are matched as sequences of Unicode scalar values; patterns are not implicitly
//! anchored.

/// The size limit `fancy` patterns are compiled with; the runtime uses the same
/// (`ivs_types::rt::validate::PATTERN_SIZE_LIMIT`).
pub const PATTERN_SIZE_LIMIT: usize = 64 << 20;

/// The dialect a pattern is read in (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// ECMA-262, as the Smithy specification says.
    Ecma,
    /// `java.util.regex`, as AWS services read patterns.
    Java,
}

/// A translated pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    /// The dialect the pattern was read in.
    pub dialect: Dialect,
    /// The pattern in the chosen engine's syntax.
    pub rust: String,
    /// `true` when it needs `fancy-regex` (look-around, back-references).
    pub fancy: bool,
    /// For a pattern that is one single-character atom repeated a large number of times,
    /// `^X{m,n}$`: the bounds `(m, n)`, checked by counting characters, while `rust` is
    /// `^(?:X)*$` (`^(?:X)*\z` for Java, whose `$` the runtime applies by trying the text
    /// without a final line terminator too). A finite automaton for `X{1,100000}` would need
    /// more memory than any other pattern; counting is exact and costs nothing.
    pub count: Option<(u64, u64)>,
    /// For an anchored pattern that is a plain sequence of ASCII literals and repeated ASCII
    /// classes, each repeat followed by something it cannot match (`^arn:aws:ivs:[a-z0-9-]+:…$`,
    /// most AWS ARN and ID patterns): the parts, which a greedy scan matches exactly, with
    /// no automaton at all.
    pub simple: Option<Vec<SimplePart>>,
    /// The program the runtime's Pike VM runs (see [`crate::program`]); `None` only when
    /// `fancy` (look-around and back-references need the backtracking engine).
    pub program: Option<crate::program::Program>,
}

/// A part of a [`Translated::simple`] pattern (the type is shared with the runtime; see
/// [`crate::program::isa::SimplePart`]).
pub type SimplePart = crate::program::isa::SimplePart<String>;

/// Counted repeats above this are checked by counting (see [`Translated::count`]).
const LARGE_REPEAT: u64 = 1000;

/// ECMA-262's `\s`: white space and line terminators.
const WS: &str = r"\t\n\x{B}\x{C}\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
/// Java's `\s` (without `UNICODE_CHARACTER_CLASS`).
const JAVA_WS: &str = r"\t\n\x{B}\x{C}\r ";
/// Java's `\h`.
const JAVA_H: &str = r" \t\x{A0}\x{1680}\x{180E}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}";
/// Java's `\v`.
const JAVA_V: &str = r"\n\x{B}\x{C}\r\x{85}\x{2028}\x{2029}";
/// Java's line terminators (`.` excludes them; `$` matches before a final one).
const JAVA_LINE_END: &str = r"\n\r\x{85}\x{2028}\x{2029}";
/// Java's word characters for `\b`: `Character.isLetterOrDigit` or `_`.
const JAVA_WORD: &str = r"[\p{L}\p{Nd}_]";
const NOTHING: &str = r"[^\x{0}-\x{10FFFF}]";
const ANYTHING: &str = r"[\x{0}-\x{10FFFF}]";

pub use crate::program::MARKER;

/// Translates a pattern, read in its dialect (see the module documentation), and checks that
/// the engine compiles it.
pub fn translate(src: &str) -> Result<Translated, String> {
    let chars: Vec<char> = src.chars().collect();
    let order = match dialect_hint(&chars) {
        Some(_) => [Dialect::Java, Dialect::Ecma],
        None => [Dialect::Ecma, Dialect::Java],
    };
    let first = match translate_as(&chars, order[0]) {
        Ok(t) => return Ok(t),
        Err(e) => e,
    };
    translate_as(&chars, order[1]).map_err(|second| {
        let name = |d: Dialect| if d == Dialect::Ecma { "ECMA-262" } else { "java.util.regex" };
        format!("{first} (as {}); {second} (as {})", name(order[0]), name(order[1]))
    })
}

/// The first construct of `c` that makes it a Java pattern (see the module documentation), or
/// `None` for a pattern read as ECMA-262.
pub fn dialect_hint(c: &[char]) -> Option<&'static str> {
    let mut i = 0;
    let mut depth = 0usize; // class nesting
    let quantifier_at = |i: usize| -> Option<usize> {
        // The length of a quantifier starting at `i`.
        match c.get(i)? {
            '*' | '+' | '?' => Some(1),
            '{' => {
                let end = i + c[i..].iter().position(|&x| x == '}')?;
                let body: String = c[i + 1..end].iter().collect();
                counted_bounds(&body).map(|_| end + 1 - i)
            }
            _ => None,
        }
    };
    while i < c.len() {
        match c[i] {
            '\\' => {
                let e = c.get(i + 1).copied().unwrap_or(' ');
                match e {
                    'A' | 'z' | 'Z' | 'G' | 'Q' | 'h' | 'H' | 'R' | 'e' => return Some("a Java escape"),
                    'x' if c.get(i + 2) == Some(&'{') => return Some("\\x{...}"),
                    'p' | 'P' => {
                        if c.get(i + 2) != Some(&'{') {
                            return Some("\\pX without braces");
                        }
                        let end = c[i..].iter().position(|&x| x == '}').map_or(c.len(), |e| i + e);
                        let name: String = c[i + 3..end.max(i + 3)].iter().collect();
                        if java_only_property(&name) {
                            return Some("a Java property class");
                        }
                    }
                    'b' | 'B' if depth == 0 && quantifier_at(i + 2).is_some() => return Some("a quantified assertion"),
                    _ => {}
                }
                i += 2;
                continue;
            }
            '[' if depth > 0 => return Some("a nested class"),
            '[' => {
                depth = 1;
                // A `]` right after `[` or `[^` is a literal in Java, and ends an empty class in
                // ECMA-262: either way it is not the end here for the scan's purpose.
                i += 1;
                if c.get(i) == Some(&'^') {
                    i += 1;
                }
                continue;
            }
            ']' if depth > 0 => depth = 0,
            '&' if depth > 0 && c.get(i + 1) == Some(&'&') => return Some("class intersection"),
            '(' if depth == 0 && c.get(i + 1) == Some(&'?') => match c.get(i + 2) {
                Some('>') => return Some("an atomic group"),
                Some('i' | 'd' | 'm' | 's' | 'u' | 'x' | 'U' | '-') => return Some("inline flags"),
                Some('=' | '!') => {
                    // A quantified look-ahead.
                    let mut level = 0;
                    let mut k = i;
                    while k < c.len() {
                        match c[k] {
                            '\\' => k += 1,
                            '(' => level += 1,
                            ')' => {
                                level -= 1;
                                if level == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                        k += 1;
                    }
                    if quantifier_at(k + 1).is_some() {
                        return Some("a quantified look-ahead");
                    }
                }
                _ => {}
            },
            '^' | '$' if depth == 0 && quantifier_at(i + 1).is_some() => return Some("a quantified anchor"),
            '*' | '+' | '?' | '}' if depth == 0 && c.get(i + 1) == Some(&'+') && i > 0 => {
                let quantifier = c[i] != '}' || quantifier_closes(c, i);
                if quantifier {
                    return Some("a possessive quantifier");
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether the `}` at `i` closes a `{n}`, `{n,}` or `{n,m}` quantifier.
fn quantifier_closes(c: &[char], i: usize) -> bool {
    let Some(open) = c[..i].iter().rposition(|&x| x == '{') else { return false };
    let body: String = c[open + 1..i].iter().collect();
    counted_bounds(&body).is_some()
}

/// The bounds of a counted quantifier's body (`n`, `n,` or `n,m`, digits only), or `None`
/// when it is not one.
fn counted_bounds(body: &str) -> Option<(u32, Option<u32>)> {
    if !body.bytes().all(|x| x.is_ascii_digit() || x == b',') {
        return None;
    }
    match body.split_once(',') {
        Some((a, "")) => Some((a.parse().ok()?, None)),
        Some((a, b)) => Some((a.parse().ok()?, Some(b.parse().ok()?))),
        None => Some((body.parse().ok()?, Some(body.parse().ok()?))),
    }
}

/// Property names only Java gives a meaning (or the meaning AWS authors intend: POSIX names
/// are ASCII classes in Java).
fn java_only_property(name: &str) -> bool {
    name.starts_with("Is")
        || name.starts_with("In")
        || name.starts_with("java")
        || (posix_class(name).is_some() && name != "ASCII")
        || matches!(name, "all" | "L1" | "LD")
}

fn translate_as(chars: &[char], dialect: Dialect) -> Result<Translated, String> {
    let java = dialect == Dialect::Java;
    if let Some((atom, min, max)) = whole_repeat(chars) {
        if max > LARGE_REPEAT {
            // The atom's terms (Java flags such as `(?s)` before it write nothing).
            let mut t = Translator::new(atom, java, false, (0, false));
            while t.i < atom.len() && !matches!(t.peek(), Some('|' | ')')) {
                t.term()?;
            }
            // Counting characters stands in for the repeat only when the atom is exactly
            // one character (`(ab|cd){1,5000}` is not 1 to 5,000 characters).
            // (Java's `m` and `d` flags change what `^` and `$` mean: no counting there.)
            let plain_anchors = !t.flags.m && !t.flags.d;
            if t.i == atom.len()
                && plain_anchors
                && t.markers == 0
                && !t.wants_fancy
                && t.backrefs.is_empty()
                && !(t.annex_b && t.u_only)
                && crate::program::is_one_char(&t.out)
            {
                // Java's `$` may stand before a final line terminator: the runtime tries the
                // text and the text without it (`counted_java_end`), each to its very end.
                let rust = format!("^(?:{})*{}", t.out, if java { r"\z" } else { "$" });
                let program = Some(crate::program::compile(&rust)?);
                return Ok(Translated { dialect, rust, fancy: false, count: Some((min, max)), simple: None, program });
            }
        }
    }
    let groups = count_groups(chars);
    let mut t = Translator::new(chars, java, false, groups);
    t.alternation()?;
    if !java && t.annex_b && t.u_only {
        // Valid ECMA-262 only without the `u` flag, where `\p{L}` is the letter `p` and
        // `\u{41}` 41 letters `u`: not what it looks like.
        return Err("`\\p{..}` or `\\u{..}` in a pattern that is valid ECMA-262 only without the `u` flag".to_string());
    }
    // ECMA-262 back-references: how each is written depends on where its group is, which
    // the first pass has seen (see `Translator::plan_backrefs`).
    let plans = if java { Vec::new() } else { t.plan_backrefs()? };
    let fancy = t.wants_fancy || plans.iter().any(|(_, plan)| *plan != Backref::Empty);
    if fancy || !plans.is_empty() {
        // Again, with the back-references planned, and for the backtracking engine if
        // anything needs it.
        t = Translator::new(chars, java, fancy, groups);
        t.plans = plans;
        t.alternation()?;
    }
    let rust = t.out;
    let program = compile(&rust, fancy)?;
    let simple = if fancy || java { None } else { simple(chars) };
    Ok(Translated { dialect, rust, fancy, count: None, simple, program })
}

/// Recognises a [`Translated::simple`] pattern, or `None`.
fn simple(c: &[char]) -> Option<Vec<SimplePart>> {
    let n = c.len();
    if n < 2 || c[0] != '^' || c[n - 1] != '$' || c.get(n - 2) == Some(&'\\') {
        return None;
    }
    let body = &c[1..n - 1];
    let mut parts: Vec<SimplePart> = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let (set, single) = match body[i] {
            '[' => {
                let end = i + 1 + body[i + 1..].iter().position(|&x| x == ']')?;
                let set = ascii_class(&body[i + 1..end])?;
                i = end + 1;
                (set, None)
            }
            '\\' => {
                let e = *body.get(i + 1)?;
                i += 2;
                match e {
                    'd' => (bits(b'0'..=b'9'), None),
                    e if e.is_ascii_punctuation() => (bits(e as u8..=e as u8), Some(e)),
                    _ => return None,
                }
            }
            x if x.is_ascii() && !"^$.|()[]{}*+?\\".contains(x) && !x.is_ascii_control() => {
                i += 1;
                (bits(x as u8..=x as u8), Some(x))
            }
            _ => return None,
        };
        let (min, max, len) = match body.get(i) {
            Some('+') => (1, None, 1),
            Some('*') => (0, None, 1),
            Some('?') => (0, Some(1), 1),
            Some('{') => {
                let end = i + body[i..].iter().position(|&x| x == '}')?;
                let inner: String = body[i + 1..end].iter().collect();
                let (a, b) = match inner.split_once(',') {
                    Some((a, "")) => (a.parse().ok()?, None),
                    Some((a, b)) => (a.parse().ok()?, Some(b.parse().ok()?)),
                    None => (inner.parse().ok()?, Some(inner.parse().ok()?)),
                };
                (a, b, end + 1 - i)
            }
            _ => (1, Some(1), 0),
        };
        i += len;
        if len > 0 && matches!(body.get(i), Some('?' | '+')) {
            return None; // lazy or possessive quantifiers
        }
        if max.is_some_and(|m| m < min) {
            return None;
        }
        match (single, min, max) {
            (Some(ch), 1, Some(1)) => match parts.last_mut() {
                Some(SimplePart::Literal(l)) => l.push(ch),
                _ => parts.push(SimplePart::Literal(ch.to_string())),
            },
            _ => parts.push(SimplePart::Class { set, min, max: max.unwrap_or(crate::program::isa::UNBOUNDED) }),
        }
    }
    // Greedy scanning is exact when every variable repeat is followed by something it
    // cannot match: the next part's first byte, or the end.
    for (k, p) in parts.iter().enumerate() {
        if let SimplePart::Class { set, min, max } = p {
            if max == min {
                continue;
            }
            // What can follow: the first bytes of the next parts, up to the first that must
            // match at least once.
            let mut follow = [0u64; 2];
            for next in &parts[k + 1..] {
                let (first, mandatory) = match next {
                    SimplePart::Literal(l) => (bits(*l.as_bytes().first()?..=*l.as_bytes().first()?), true),
                    SimplePart::Class { set, min, .. } => (*set, *min > 0),
                };
                follow[0] |= first[0];
                follow[1] |= first[1];
                if mandatory {
                    break;
                }
            }
            if set[0] & follow[0] != 0 || set[1] & follow[1] != 0 {
                return None;
            }
        }
    }
    Some(parts)
}

fn bits(r: std::ops::RangeInclusive<u8>) -> [u64; 2] {
    let mut set = [0u64; 2];
    for b in r {
        if b < 128 {
            set[(b / 64) as usize] |= 1 << (b % 64);
        }
    }
    set
}

/// The set of a class body of plain ASCII characters, escaped ASCII punctuation and ranges
/// between them (`[\?-_]` is `?` to `_`; a `-` first or last is a literal); `None` for
/// anything else.
fn ascii_class(body: &[char]) -> Option<[u64; 2]> {
    if body.is_empty() || body[0] == '^' {
        return None;
    }
    // One atom at `i`: the character and how many source characters it takes.
    let atom = |i: usize| -> Option<(char, usize)> {
        match *body.get(i)? {
            '\\' => {
                let e = *body.get(i + 1)?;
                e.is_ascii_punctuation().then_some((e, 2))
            }
            '[' => None,
            c if c.is_ascii() => Some((c, 1)),
            _ => None,
        }
    };
    let mut set = [0u64; 2];
    let mut add = |lo: char, hi: char| {
        let b = bits(lo as u8..=hi as u8);
        set[0] |= b[0];
        set[1] |= b[1];
    };
    let mut i = 0;
    while i < body.len() {
        let (lo, n) = atom(i)?;
        i += n;
        if body.get(i) == Some(&'-') && i + 1 < body.len() {
            let (hi, m) = atom(i + 1)?;
            if hi < lo {
                return None;
            }
            add(lo, hi);
            i += 1 + m;
        } else {
            add(lo, lo);
        }
    }
    Some(set)
}

/// `^ATOM{m,n}$`: the atom and the bounds.
fn whole_repeat(c: &[char]) -> Option<(&[char], u64, u64)> {
    let n = c.len();
    if n < 6 || c[0] != '^' || c[n - 1] != '$' || c[n - 2] != '}' || c[n - 3] == '\\' {
        return None;
    }
    let open = c[..n - 2].iter().rposition(|&x| x == '{')?;
    let body: String = c[open + 1..n - 2].iter().collect();
    let (a, b) = body.split_once(',')?;
    let (min, max) = (a.parse::<u64>().ok()?, b.parse::<u64>().ok()?);
    (min <= max && open > 1).then_some((&c[1..open], min, max))
}

/// Compiles a translation as the runtime will: into a [`crate::program::Program`], or, for a
/// `fancy` pattern, with `fancy-regex` (which then only checks it; the runtime compiles it
/// on first use).
pub fn compile(rust: &str, fancy: bool) -> Result<Option<crate::program::Program>, String> {
    if fancy {
        fancy_regex::RegexBuilder::new(rust)
            .delegate_size_limit(PATTERN_SIZE_LIMIT)
            // As the runtime builds it (without the optimizer, which can change what a
            // back-reference holds).
            .optimize(false)
            .build()
            .map(|_| None)
            .map_err(|e| e.to_string())
    } else {
        crate::program::compile(rust).map(Some)
    }
}

/// The capturing groups of a pattern, and whether any of them is named.
fn count_groups(c: &[char]) -> (usize, bool) {
    let mut n = 0;
    let mut named_any = false;
    let mut i = 0;
    let mut in_class = false;
    while i < c.len() {
        match c[i] {
            '\\' => i += 1,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => {
                let named = c.get(i + 1) == Some(&'?')
                    && c.get(i + 2) == Some(&'<')
                    && !matches!(c.get(i + 3), Some('=' | '!'));
                if c.get(i + 1) != Some(&'?') || named {
                    n += 1;
                }
                named_any |= named;
            }
            _ => {}
        }
        i += 1;
    }
    (n, named_any)
}

/// Whether a translation is only groups around nothing (`(?:)`, `((?:)|)`).
fn only_groups(rust: &str) -> bool {
    let mut rest = rust;
    while !rest.is_empty() {
        rest = if let Some(r) = rest.strip_prefix("(?:") {
            r
        } else if let Some(r) = rest.strip_prefix("(?P<") {
            match r.find('>') {
                Some(end) => &r[end + 1..],
                None => return false,
            }
        } else if rest.starts_with("(?") {
            return false;
        } else if let Some(r) = rest.strip_prefix(['(', ')', '|']) {
            r
        } else {
            return false;
        };
    }
    true
}

/// The ancestors of node `x`, from `x` itself up to the root.
fn ancestors(nodes: &[Node], x: usize) -> Vec<usize> {
    let mut chain = vec![x];
    let mut at = x;
    while at != 0 {
        at = nodes[at].parent;
        chain.push(at);
    }
    chain
}

/// How to write ECMA-262 back-reference node `r` to the group of node `n` (number
/// `number`); see [`Translator::plan_backrefs`].
fn plan_backref(nodes: &[Node], r: usize, n: usize, number: usize) -> Result<Backref, &'static str> {
    let up_r = ancestors(nodes, r);
    let up_n = ancestors(nodes, n);
    // Before its group, or inside it: the group has not matched in this iteration of any
    // repeat around both (each clears it), nor ever outside one.
    if n > r || up_r.contains(&n) {
        return Ok(Backref::Empty);
    }
    if up_r.iter().any(|&x| matches!(nodes[x].kind, NodeKind::Look { ahead: false, .. })) {
        return Err("a back-reference in a look-behind (ECMA-262 matches look-behinds backwards)");
    }
    // The innermost node around both, and the chain of the group's side below it (from the
    // group up to the child of `common`).
    let Some(k) = up_n.iter().position(|x| up_r.contains(x)) else { return Err("no common node") };
    let common = up_n[k];
    let below = &up_n[..k];
    let (Some(&child_n), Some(&child_r)) = (below.last(), up_r.iter().take_while(|&&x| x != common).last()) else {
        return Err("no common node");
    };
    // In another alternative of `common`, under a negative look-around, or never run: the
    // group has not matched when the reference is reached (a repeat around both clears it
    // at each iteration, and without one it was never set).
    let never = |x: &usize| matches!(nodes[*x].kind, NodeKind::Look { negated: true, .. }) || nodes[*x].max == Some(0);
    if nodes[child_n].branch != nodes[child_r].branch || below.iter().any(never) {
        return Ok(Backref::Empty);
    }
    // Whether the group matches whenever node `x` (on its chain) does: nothing between them
    // is optional or an alternative.
    let must = |upto: usize| {
        below.iter().take_while(|&&y| y != upto).all(|&y| nodes[y].min >= 1 && nodes[nodes[y].parent].branches == 1)
    };
    // A repeat around the group alone: its last iteration must have set the group, and an
    // iteration that matches nothing (which ECMA-262 rejects and Java keeps) must be impossible.
    for &x in below {
        if nodes[x].repeats() && (!must(x) || nodes[x].min_len == Some(0)) {
            return Err("a back-reference to a group that a repeat can clear (ECMA-262 clears the groups of a repeated atom at each iteration)");
        }
    }
    let always = below.iter().all(|&y| nodes[y].min >= 1 && (y == child_n || nodes[nodes[y].parent].branches == 1));
    if always {
        return Ok(Backref::Plain(number));
    }
    // Set in some paths only: with a repeat around both, one may hold an earlier iteration's.
    if up_n[k..].iter().any(|&x| nodes[x].repeats()) {
        return Err("a back-reference to a group that a repeat can clear (ECMA-262 clears the groups of a repeated atom at each iteration)");
    }
    Ok(Backref::IfSet(number))
}

/// Inline flags of a Java pattern, as in force at a point.
#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    /// `i`: case-insensitive (ASCII, or Unicode with `u`).
    i: bool,
    /// `s`: `.` matches everything.
    s: bool,
    /// `m`: `^` and `$` at line terminators.
    m: bool,
    /// `x`: white space and comments ignored.
    x: bool,
    /// `u`: Unicode case folding.
    u: bool,
    /// `d`: only `\n` is a line terminator.
    d: bool,
}

/// How an ECMA-262 back-reference is written, decided from where its group is (see
/// [`Translator::plan_backrefs`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backref {
    /// The group has never matched when the reference is reached (it comes later, encloses
    /// the reference, is in another alternative, in a negative look-around, or was cleared by
    /// a repeat): the empty string.
    Empty,
    /// The group (by number) has always matched, in the current iteration of every repeat
    /// around both: the back-reference as it is.
    Plain(usize),
    /// The group (by number) may or may not have matched (no repeat can clear it): the
    /// back-reference when it has, else the empty string (`(?(N)\N)`).
    IfSet(usize),
}

/// What a construct of the pattern is (see [`Node`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NodeKind {
    /// The whole pattern.
    Root,
    /// A group, with its number when it captures.
    Group(Option<usize>),
    /// A look-around.
    Look { ahead: bool, negated: bool },
    /// A back-reference (a leaf).
    Backref,
}

/// A group, look-around or back-reference of the pattern, as the first pass met it, for
/// planning ECMA-262 back-references. Nodes are numbered in the order of their opening
/// parenthesis (or backslash), which is the order of the source.
#[derive(Debug, Clone)]
struct Node {
    kind: NodeKind,
    /// The enclosing node (the root's is itself).
    parent: usize,
    /// Which alternative of the parent's body it is in.
    branch: usize,
    /// Its quantifier: fewest and most repetitions (`None`: no limit).
    min: u32,
    max: Option<u32>,
    /// Alternatives of its body.
    branches: usize,
    /// The fewest characters its body matches: over the alternatives completed, and in the
    /// current one.
    min_len: Option<u64>,
    cur_len: u64,
}

impl Node {
    fn new(kind: NodeKind, parent: usize, branch: usize) -> Node {
        Node { kind, parent, branch, min: 1, max: Some(1), branches: 1, min_len: None, cur_len: 0 }
    }

    /// Whether its quantifier repeats it more than once.
    fn repeats(&self) -> bool {
        self.max.is_none_or(|m| m > 1)
    }
}

/// A back-reference met by the first pass: where (the source index of its backslash), its
/// node, and the group it names.
#[derive(Debug, Clone)]
struct BackrefAt {
    at: usize,
    node: usize,
    group: GroupRef,
}

#[derive(Debug, Clone)]
enum GroupRef {
    Number(usize),
    Name(String),
}

struct Translator<'a> {
    c: &'a [char],
    i: usize,
    out: String,
    /// Writing for `fancy-regex` (every look-around as such).
    fancy: bool,
    /// Capturing groups in the pattern (ECMA: a `\N` beyond them is an octal escape).
    groups: usize,
    /// Whether a group of the pattern is named (ECMA: else `\k` is the letter `k`).
    named: bool,
    /// Reading Java rather than ECMA-262.
    java: bool,
    flags: Flags,
    /// Met something only the backtracking engine runs.
    wants_fancy: bool,
    /// Marker groups written so far (their names are numbered).
    markers: usize,
    /// ECMA-262: met a construct valid only without the `u` flag (Annex B).
    annex_b: bool,
    /// ECMA-262: met a construct valid only with the `u` flag (`\p{..}`, `\u{..}`).
    u_only: bool,
    /// The groups, look-arounds and back-references met, the first the root.
    nodes: Vec<Node>,
    /// The node being read.
    cur: usize,
    /// The node of each capturing group, by number (from 1).
    group_nodes: Vec<usize>,
    /// Named groups and their numbers.
    names: Vec<(String, usize)>,
    /// The ECMA-262 back-references met.
    backrefs: Vec<BackrefAt>,
    /// How to write each ECMA-262 back-reference, by source index (the second pass).
    plans: Vec<(usize, Backref)>,
    /// The node of the atom just read, if it made one.
    atom_node: Option<usize>,
}

impl<'a> Translator<'a> {
    fn new(c: &'a [char], java: bool, fancy: bool, (groups, named): (usize, bool)) -> Translator<'a> {
        Translator {
            c,
            i: 0,
            out: String::new(),
            fancy,
            groups,
            named,
            java,
            flags: Flags::default(),
            wants_fancy: false,
            markers: 0,
            annex_b: false,
            u_only: false,
            nodes: vec![Node::new(NodeKind::Root, 0, 0)],
            cur: 0,
            group_nodes: Vec::new(),
            names: Vec::new(),
            backrefs: Vec::new(),
            plans: Vec::new(),
            atom_node: None,
        }
    }

    /// Opens a group or look-around node (read until [`Self::close`]).
    fn open(&mut self, kind: NodeKind) -> usize {
        let idx = self.push_node(kind);
        self.cur = idx;
        idx
    }

    fn push_node(&mut self, kind: NodeKind) -> usize {
        let parent = self.cur;
        let branch = self.nodes[parent].branches - 1;
        self.nodes.push(Node::new(kind, parent, branch));
        self.nodes.len() - 1
    }

    fn close(&mut self, idx: usize) {
        let n = &mut self.nodes[idx];
        n.min_len = Some(n.min_len.map_or(n.cur_len, |m| m.min(n.cur_len)));
        self.cur = n.parent;
    }

    /// Opens a capturing group: its node and number (the name is checked and kept).
    fn open_capture(&mut self, name: Option<String>) -> Result<usize, String> {
        let number = self.group_nodes.len() + 1;
        if let Some(name) = name {
            if self.names.iter().any(|(n, _)| *n == name) {
                return Err(self.err("a duplicate group name"));
            }
            self.names.push((name, number));
        }
        let idx = self.open(NodeKind::Group(Some(number)));
        self.group_nodes.push(idx);
        Ok(idx)
    }

    fn peek(&self) -> Option<char> {
        self.c.get(self.i).copied()
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.c.get(self.i + k).copied()
    }

    fn err(&self, what: &str) -> String {
        format!("{what} at character {}", self.i)
    }

    /// A group the Pike VM reads as an instruction (see the module documentation).
    fn marker(&mut self, kind: &str, body: &str) -> String {
        self.markers += 1;
        format!("(?P<{MARKER}{kind}_{}>{body})", self.markers)
    }

    /// An ECMA-262 back-reference (its backslash at `at`). The first pass notes it and writes
    /// nothing; the second writes it as planned. Returns whether it is zero-width.
    fn ecma_backref(&mut self, at: usize, group: GroupRef) -> Result<bool, String> {
        let node = self.push_node(NodeKind::Backref);
        self.nodes[node].min_len = Some(0);
        if self.plans.is_empty() {
            self.backrefs.push(BackrefAt { at, node, group });
            return Ok(true);
        }
        let plan = self.plans.iter().find(|(a, _)| *a == at).map(|(_, p)| *p);
        match plan.ok_or_else(|| self.err("an unplanned back-reference"))? {
            Backref::Empty => return Ok(true),
            Backref::Plain(n) => self.out.push_str(&format!("(?:\\{n})")),
            Backref::IfSet(n) => self.out.push_str(&format!("(?:(?({n})\\{n}))")),
        }
        self.wants_fancy = true;
        Ok(false)
    }

    /// How to write each ECMA-262 back-reference the first pass met (by the source index of
    /// its backslash), so that it means what ECMA-262 says: a back-reference to a group that
    /// has not matched, or whose match a repeat has cleared (ECMA-262 clears the groups of a
    /// repeated atom at each iteration), matches the empty string, where `fancy-regex` (as
    /// Java) fails. A reference whose group a repeat may have cleared without the pattern
    /// knowing at that point is an error: the backtracking engine cannot clear a group.
    fn plan_backrefs(&self) -> Result<Vec<(usize, Backref)>, String> {
        let nodes = &self.nodes;
        let mut plans = Vec::new();
        for r in &self.backrefs {
            let number = match &r.group {
                GroupRef::Number(n) => *n,
                GroupRef::Name(name) => self
                    .names
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, number)| *number)
                    .ok_or_else(|| format!("no group named `{name}` at character {}", r.at))?,
            };
            let n = *number
                .checked_sub(1)
                .and_then(|k| self.group_nodes.get(k))
                .ok_or_else(|| format!("a back-reference to a group that does not exist at character {}", r.at))?;
            plans.push((
                r.at,
                plan_backref(nodes, r.node, n, number).map_err(|e| format!("{e} at character {}", r.at))?,
            ));
        }
        Ok(plans)
    }

    /// A one-character look-around: a marker, or for the backtracking engine the look-around.
    fn look(&mut self, ahead: bool, negated: bool, class: &str) -> String {
        if self.fancy {
            format!("(?{}{}{class})", if ahead { "" } else { "<" }, if negated { '!' } else { '=' })
        } else {
            let kind = match (ahead, negated) {
                (true, false) => "ahead",
                (true, true) => "notahead",
                (false, false) => "behind",
                (false, true) => "notbehind",
            };
            self.marker(kind, class)
        }
    }

    /// In Java's comments mode, skips white space and `#` comments.
    fn skip_ignored(&mut self) {
        if !(self.java && self.flags.x) {
            return;
        }
        while let Some(c) = self.peek() {
            if matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r') {
                self.i += 1;
            } else if c == '#' {
                while self.peek().is_some_and(|c| c != '\n') {
                    self.i += 1;
                }
            } else {
                break;
            }
        }
    }

    fn alternation(&mut self) -> Result<(), String> {
        loop {
            self.skip_ignored();
            match self.peek() {
                None => return Ok(()),
                // An unbalanced `)` is an error in both dialects.
                Some(')') => return Err(self.err("unbalanced `)`")),
                Some(_) => self.term()?,
            }
        }
    }

    /// The terms of a group up to its `)`, with the flags in force restored after it.
    fn group_body(&mut self) -> Result<(), String> {
        let saved = self.flags;
        loop {
            self.skip_ignored();
            match self.peek() {
                None => return Err(self.err("unterminated group")),
                Some(')') => {
                    self.i += 1;
                    break;
                }
                Some(_) => self.term()?,
            }
        }
        self.flags = saved;
        Ok(())
    }

    /// One term (atom with its quantifier, an anchor, `|`, a group).
    fn term(&mut self) -> Result<(), String> {
        self.skip_ignored();
        let Some(c) = self.peek() else { return Ok(()) };
        let start = self.out.len();
        let first_node = self.nodes.len();
        let mut zero_width = false;
        match c {
            '|' => {
                self.out.push('|');
                self.i += 1;
                let n = &mut self.nodes[self.cur];
                n.min_len = Some(n.min_len.map_or(n.cur_len, |m| m.min(n.cur_len)));
                n.cur_len = 0;
                n.branches += 1;
                return Ok(());
            }
            '^' => {
                self.i += 1;
                zero_width = true;
                if self.java && self.flags.m {
                    let m = self.line_anchor(true)?;
                    self.out.push_str(&m);
                } else {
                    self.out.push('^');
                }
            }
            '$' => {
                self.i += 1;
                zero_width = true;
                if self.java {
                    let m = if self.flags.m { self.line_anchor(false)? } else { self.java_end() };
                    self.out.push_str(&m);
                } else {
                    self.out.push('$');
                }
            }
            '(' => zero_width = self.group()?,
            '[' if self.java => {
                let class = self.java_class()?;
                self.out.push_str(&class);
            }
            '[' => self.class()?,
            '\\' if self.java && self.peek_at(1) == Some('Q') => {
                // `\Q...\E`: literals; a quantifier after it applies to the last one.
                self.i += 2;
                let mut last = start;
                let mut count = 0u64;
                while let Some(ch) = self.peek() {
                    if ch == '\\' && self.peek_at(1) == Some('E') {
                        self.i += 2;
                        break;
                    }
                    self.i += 1;
                    last = self.out.len();
                    count += 1;
                    self.push_literal(ch as u32);
                }
                self.atom_node = None;
                let min = self.quantifier(last, false)?;
                // The literals but the last, and the last as often as its quantifier says.
                let len = count.saturating_sub(1) + if count > 0 { u64::from(min) } else { 0 };
                let n = &mut self.nodes[self.cur];
                n.cur_len = n.cur_len.saturating_add(len);
                return Ok(());
            }
            '\\' => zero_width = self.escape()?,
            '.' => {
                self.i += 1;
                let dot = self.dot();
                self.out.push_str(&dot);
            }
            '{' if self.java => return Err(self.err("illegal repetition")),
            '{' => {
                // Annex B: a `{` that is not a quantifier is a literal.
                self.i += 1;
                self.annex_b = true;
                self.out.push_str("\\{");
            }
            '}' | ']' => {
                self.i += 1;
                self.annex_b |= !self.java;
                self.out.push('\\');
                self.out.push(c);
            }
            '*' | '+' | '?' => return Err(self.err("nothing to repeat")),
            _ => {
                self.i += 1;
                self.push_literal(c as u32);
            }
        }
        // The atom's group or back-reference node, if it made one (the first node it made).
        self.atom_node = (self.nodes.len() > first_node).then_some(first_node);
        let min = self.quantifier(start, zero_width)?;
        let len = match (zero_width, self.atom_node) {
            (true, _) => 0,
            (false, Some(n)) => self.nodes[n].min_len.unwrap_or(0),
            (false, None) => 1,
        };
        let n = &mut self.nodes[self.cur];
        n.cur_len = n.cur_len.saturating_add(len.saturating_mul(u64::from(min)));
        Ok(())
    }

    /// `.` in the flags in force.
    fn dot(&self) -> String {
        if !self.java {
            r"[^\n\r\x{2028}\x{2029}]".to_string()
        } else if self.flags.s {
            ANYTHING.to_string()
        } else if self.flags.d {
            r"[^\n]".to_string()
        } else {
            format!("[^{JAVA_LINE_END}]")
        }
    }

    /// Java's `$` without `m` (and `\Z`): the end, or before a final line terminator.
    fn java_end(&mut self) -> String {
        match (self.fancy, self.flags.d) {
            (false, unix) => self.marker(if unix { "endunix" } else { "end" }, ""),
            (true, true) => r"(?:\z|(?=\n\z))".to_string(),
            (true, false) => r"(?:\z|(?=\r\n\z)|(?=[\r\x{85}\x{2028}\x{2029}]\z)|(?<!\r)(?=\n\z))".to_string(),
        }
    }

    /// Java's `^` (`start`) or `$` with the `m` flag.
    fn line_anchor(&mut self, start: bool) -> Result<String, String> {
        if self.fancy {
            return Err(self.err("multi-line anchors beside look-around are not supported"));
        }
        let kind = match (start, self.flags.d) {
            (true, false) => "lstart",
            (true, true) => "lstartunix",
            (false, false) => "lend",
            (false, true) => "lendunix",
        };
        Ok(self.marker(kind, ""))
    }

    /// A literal character, folded for case under Java's `i` flag.
    fn push_literal(&mut self, u: u32) {
        if is_surrogate(u) {
            self.out.push_str(NOTHING);
            return;
        }
        let folded = self.java && self.flags.i;
        match char::from_u32(u) {
            Some(c) if folded && self.flags.u && c.is_alphabetic() => {
                self.out.push_str(&format!("(?i:{})", lit(u)));
            }
            Some(c) if folded && c.is_ascii_alphabetic() => {
                self.out.push_str(&format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase()));
            }
            _ => self.out.push_str(&lit(u)),
        }
    }

    /// A group; `self.i` is on the `(`. Returns whether it is zero-width.
    fn group(&mut self) -> Result<bool, String> {
        self.i += 1;
        if self.peek() != Some('?') {
            let node = self.open_capture(None)?;
            self.out.push('(');
            self.group_body()?;
            self.out.push(')');
            self.close(node);
            return Ok(false);
        }
        match (self.peek_at(1), self.peek_at(2)) {
            (Some(':'), _) => {
                self.i += 2;
                let node = self.open(NodeKind::Group(None));
                self.out.push_str("(?:");
                self.group_body()?;
                self.out.push(')');
                self.close(node);
                Ok(false)
            }
            (Some(k @ ('=' | '!')), _) => {
                self.i += 2;
                self.lookaround(true, k == '!')?;
                Ok(true)
            }
            (Some('<'), Some(k @ ('=' | '!'))) => {
                self.i += 3;
                self.lookaround(false, k == '!')?;
                Ok(true)
            }
            (Some('<'), _) => {
                let end = self.c[self.i..]
                    .iter()
                    .position(|&x| x == '>')
                    .ok_or_else(|| self.err("unterminated group name"))?;
                let name: String = self.c[self.i + 2..self.i + end].iter().collect();
                if name.is_empty() || name.starts_with(MARKER) || !name.chars().all(|c| c.is_alphanumeric() || c == '_')
                {
                    return Err(self.err("unsupported group name"));
                }
                self.i += end + 1;
                // The Pike VM ignores names (and every named group it sees is a marker).
                if self.fancy {
                    self.out.push_str(&format!("(?P<{name}>"));
                } else {
                    self.out.push('(');
                }
                let node = self.open_capture(Some(name))?;
                self.group_body()?;
                self.out.push(')');
                self.close(node);
                Ok(false)
            }
            (Some('>'), _) if self.java => {
                self.i += 2;
                let start = self.out.len();
                let node = self.open(NodeKind::Group(None));
                self.out.push_str("(?:");
                self.group_body()?;
                self.out.push(')');
                self.close(node);
                let body = self.out[start..].to_string();
                if !crate::program::is_one_char(&body) {
                    // Atomic over one character is that character; longer needs backtracking.
                    if self.fancy {
                        self.out.truncate(start);
                        self.out.push_str(&format!("(?>{body})"));
                    }
                    self.wants_fancy = true;
                }
                Ok(false)
            }
            (Some(f), _) if self.java && "idmsuxU-".contains(f) => {
                self.i += 1;
                let mut on = true;
                let mut flags = self.flags;
                loop {
                    let Some(f) = self.peek() else { return Err(self.err("unterminated flags")) };
                    self.i += 1;
                    match f {
                        '-' => on = false,
                        'i' => flags.i = on,
                        's' => flags.s = on,
                        'm' => flags.m = on,
                        'x' => flags.x = on,
                        'u' => flags.u = on,
                        'd' => flags.d = on,
                        'U' => return Err(self.err("the flag U (UNICODE_CHARACTER_CLASS) is not supported")),
                        ')' => {
                            // Until the end of the enclosing group.
                            self.flags = flags;
                            return Ok(true);
                        }
                        ':' => {
                            let saved = self.flags;
                            self.flags = flags;
                            let node = self.open(NodeKind::Group(None));
                            self.out.push_str("(?:");
                            self.group_body()?;
                            self.out.push(')');
                            self.close(node);
                            self.flags = saved;
                            return Ok(false);
                        }
                        _ => return Err(self.err("unknown inline flag")),
                    }
                }
            }
            _ => Err(self.err("unsupported group")),
        }
    }

    /// A look-around, after its `(?=`, `(?!`, `(?<=` or `(?<!`.
    fn lookaround(&mut self, ahead: bool, negated: bool) -> Result<(), String> {
        let node = self.open(NodeKind::Look { ahead, negated });
        let outer = std::mem::take(&mut self.out);
        let result = self.group_body();
        let body = std::mem::replace(&mut self.out, outer);
        result?;
        self.close(node);
        if !self.fancy && crate::program::is_one_char(&body) {
            let m = self.look(ahead, negated, &body);
            self.out.push_str(&m);
        } else {
            self.wants_fancy = true;
            self.out.push_str(&format!("(?{}{}{body})", if ahead { "" } else { "<" }, if negated { '!' } else { '=' }));
        }
        Ok(())
    }

    /// A quantifier after the term written from `start`, if one follows (applied to
    /// [`Self::atom_node`] too). Returns its minimum (1 without a quantifier).
    fn quantifier(&mut self, start: usize, zero_width: bool) -> Result<u32, String> {
        self.skip_ignored();
        let (min, max, len) = match self.peek() {
            Some('*') => (0, None, 1),
            Some('+') => (1, None, 1),
            Some('?') => (0, Some(1), 1),
            Some('{') => {
                let rest: String = self.c[self.i..].iter().take(24).collect();
                let parsed = rest.find('}').and_then(|end| {
                    let body = &rest[1..end];
                    counted_bounds(body).map(|(a, b)| (a, b, body.chars().count() + 2))
                });
                match parsed {
                    Some(q) => q,
                    None if self.java => return Err(self.err("illegal repetition")),
                    None => return Ok(1), // Annex B: a literal `{` follows.
                }
            }
            _ => return Ok(1),
        };
        if max.is_some_and(|m| m < min) {
            return Err(self.err("numbers out of order in quantifier"));
        }
        self.i += len;
        let lazy = self.peek() == Some('?');
        let possessive = self.java && self.peek() == Some('+');
        if lazy || possessive {
            self.i += 1;
        }
        if let Some(n) = self.atom_node {
            self.nodes[n].min = min;
            self.nodes[n].max = max;
        }
        if zero_width {
            // Repeating an assertion: once, or not at all.
            if min == 0 {
                self.out.truncate(start);
            }
            if let Some(n) = self.atom_node {
                let once = u32::from(min > 0);
                (self.nodes[n].min, self.nodes[n].max) = (once, Some(once));
            }
            return Ok(min);
        }
        if self.fancy && only_groups(&self.out[start..]) {
            // Groups around nothing (a back-reference that matches the empty string), which
            // `fancy-regex` refuses to repeat: once is the same.
            return Ok(min);
        }
        let q = match (min, max) {
            (0, None) => "*".to_string(),
            (1, None) => "+".to_string(),
            (0, Some(1)) => "?".to_string(),
            (a, None) => format!("{{{a},}}"),
            (a, Some(b)) if a == b => format!("{{{a}}}"),
            (a, Some(b)) => format!("{{{a},{b}}}"),
        };
        if !possessive {
            self.out.push_str(&q);
            if lazy {
                self.out.push('?');
            }
            return Ok(min);
        }
        let atom = self.out[start..].to_string();
        if max == Some(min) && crate::program::is_one_char(&atom) {
            self.out.push_str(&q);
        } else if !self.fancy && crate::program::is_one_char(&atom) {
            // Possessive over one character: greedy, and never stopping before another one.
            self.out.truncate(start);
            let rewritten = self.possessive_one(&atom, min, max);
            self.out.push_str(&rewritten);
        } else {
            self.wants_fancy = true;
            self.out.truncate(start);
            self.out.push_str(&format!("(?>(?:{atom}){q})"));
        }
        Ok(min)
    }

    /// `X{min,max}+` for a one-character `X`, without backtracking into it: `X{min}`, then as
    /// many more as there are, a stop allowed only where the next character is not an `X`.
    fn possessive_one(&mut self, atom: &str, min: u32, max: Option<u32>) -> String {
        let mut out = String::new();
        if min > 0 {
            out.push_str(&format!("(?:{atom}){{{min}}}"));
        }
        match max {
            None => {
                let stop = self.look(true, true, atom);
                out.push_str(&format!("(?:{atom})*{stop}"));
            }
            Some(max) => {
                // X (X (...)? | stop) | stop, nested `max - min` deep.
                let mut tail = String::new();
                for _ in min..max {
                    let stop = self.look(true, true, atom);
                    tail = format!("(?:{atom}{tail}|{stop})");
                }
                out.push_str(&tail);
            }
        }
        out
    }

    /// Reads `\uXXXX`, pairing a following low surrogate; `self.i` is on the `u`.
    fn unicode_escape(&mut self) -> Option<u32> {
        if !self.java && self.peek_at(1) == Some('{') {
            let end = self.c[self.i..].iter().position(|&x| x == '}')?;
            let hex: String = self.c[self.i + 2..self.i + end].iter().collect();
            let v = u32::from_str_radix(&hex, 16).ok()?;
            self.i += end + 1;
            self.u_only = true;
            return Some(v);
        }
        let hex: String = self.c.get(self.i + 1..self.i + 5)?.iter().collect();
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let v = u32::from_str_radix(&hex, 16).ok()?;
        self.i += 5;
        if is_high(v) && self.peek() == Some('\\') && self.peek_at(1) == Some('u') {
            let hex2: String = self.c.get(self.i + 2..self.i + 6).map(|s| s.iter().collect()).unwrap_or_default();
            if let Ok(low) = u32::from_str_radix(&hex2, 16) {
                if is_low(low) {
                    self.i += 6;
                    return Some(pair(v, low));
                }
            }
        }
        Some(v)
    }

    /// An escape outside a class. Returns whether it is zero-width.
    fn escape(&mut self) -> Result<bool, String> {
        self.i += 1;
        let Some(c) = self.peek() else { return Err(self.err("pattern ends with `\\`")) };
        let java = self.java;
        match c {
            'd' => self.push_set("[0-9]"),
            'D' => self.push_set("[^0-9]"),
            'w' => self.push_set("[0-9A-Za-z_]"),
            'W' => self.push_set("[^0-9A-Za-z_]"),
            's' if java => self.push_set(&format!("[{JAVA_WS}]")),
            'S' if java => self.push_set(&format!("[^{JAVA_WS}]")),
            's' => self.push_set(&format!("[{WS}]")),
            'S' => self.push_set(&format!("[^{WS}]")),
            'h' if java => self.push_set(&format!("[{JAVA_H}]")),
            'H' if java => self.push_set(&format!("[^{JAVA_H}]")),
            'v' if java => self.push_set(&format!("[{JAVA_V}]")),
            'V' if java => self.push_set(&format!("[^{JAVA_V}]")),
            'R' if java => {
                self.i += 1;
                // Atomic in Java: `\r\n` is taken whole.
                let not_lf = self.look(true, true, r"\n");
                self.out.push_str(&format!(r"(?:\r\n|\r{not_lf}|[\n\x{{B}}\x{{C}}\x{{85}}\x{{2028}}\x{{2029}}])"));
            }
            'A' | 'G' if java => {
                self.i += 1;
                self.out.push_str(r"\A");
                return Ok(true);
            }
            'z' if java => {
                self.i += 1;
                self.out.push_str(r"\z");
                return Ok(true);
            }
            'Z' if java => {
                self.i += 1;
                let m = self.java_end();
                self.out.push_str(&m);
                return Ok(true);
            }
            'b' | 'B' if java => {
                self.i += 1;
                let negated = c == 'B';
                let m = if self.fancy {
                    let w = JAVA_WORD;
                    if negated {
                        format!("(?:(?<={w})(?={w})|(?<!{w})(?!{w}))")
                    } else {
                        format!("(?:(?<={w})(?!{w})|(?<!{w})(?={w}))")
                    }
                } else {
                    self.marker(if negated { "notbound" } else { "bound" }, JAVA_WORD)
                };
                self.out.push_str(&m);
                return Ok(true);
            }
            'b' | 'B' => {
                self.i += 1;
                self.out.push_str(if self.fancy { "\\" } else { "(?-u:\\" });
                self.out.push(c);
                if !self.fancy {
                    self.out.push(')');
                }
                return Ok(true);
            }
            'p' | 'P' => {
                let set = self.property(c == 'P')?;
                self.out.push_str(&format!("[{set}]"));
            }
            'k' if !java && !self.named => {
                // Annex B: without named groups, `\k` is the letter.
                self.i += 1;
                self.annex_b = true;
                self.push_literal('k' as u32);
            }
            'k' if self.peek_at(1) == Some('<') => {
                let at = self.i - 1;
                let end = self.c[self.i..].iter().position(|&x| x == '>').ok_or_else(|| self.err("bad \\k"))?;
                let name: String = self.c[self.i + 2..self.i + end].iter().collect();
                self.i += end + 1;
                if !java {
                    return self.ecma_backref(at, GroupRef::Name(name));
                }
                self.wants_fancy = true;
                self.out.push_str(&format!("(?:\\k<{name}>)"));
            }
            '1'..='9' => {
                let at = self.i - 1;
                let start = self.i;
                while self.peek().is_some_and(|d| d.is_ascii_digit()) {
                    self.i += 1;
                }
                let digits: String = self.c[start..self.i].iter().collect();
                let n: usize = digits.parse().unwrap_or(usize::MAX);
                if java || n <= self.groups {
                    if java && n > self.groups {
                        return Err(self.err("a back-reference to a group that does not exist"));
                    }
                    if !java {
                        return self.ecma_backref(at, GroupRef::Number(n));
                    }
                    self.wants_fancy = true;
                    // In a group of its own: a digit after it is not part of the number.
                    self.out.push_str(&format!("(?:\\{n})"));
                } else {
                    // Annex B: not a back-reference, an octal escape (or the digits).
                    self.i = start;
                    self.annex_b = true;
                    let v = self.octal();
                    self.out.push_str(&lit(v));
                }
            }
            _ => {
                let v = self.char_escape()?;
                self.push_literal(v);
            }
        }
        Ok(false)
    }

    fn push_set(&mut self, set: &str) {
        self.i += 1;
        self.out.push_str(set);
    }

    fn octal(&mut self) -> u32 {
        let mut v = 0u32;
        let mut n = 0;
        while n < 3 && self.peek().is_some_and(|d| ('0'..='7').contains(&d)) && v * 8 < 256 {
            v = v * 8 + self.peek().and_then(|d| d.to_digit(8)).unwrap_or(0);
            self.i += 1;
            n += 1;
        }
        if n == 0 {
            // `\8`, `\9`: the digit itself.
            let d = self.peek().unwrap_or('8') as u32;
            self.i += 1;
            return d;
        }
        v
    }

    /// A character escape (the escape's letter is at `self.i`); returns the code point.
    fn char_escape(&mut self) -> Result<u32, String> {
        let c = self.peek().ok_or_else(|| self.err("pattern ends with `\\`"))?;
        if self.java {
            return self.java_char_escape(c);
        }
        let v = match c {
            't' => 0x9,
            'n' => 0xA,
            'v' => 0xB,
            'f' => 0xC,
            'r' => 0xD,
            '0' if !self.peek_at(1).is_some_and(|d| d.is_ascii_digit()) => 0,
            '0' => {
                self.annex_b = true;
                return Ok(self.octal());
            }
            'x' => {
                let hex: String = self.c.get(self.i + 1..self.i + 3).map(|s| s.iter().collect()).unwrap_or_default();
                match u32::from_str_radix(&hex, 16) {
                    Ok(v) if hex.len() == 2 => {
                        self.i += 3;
                        return Ok(v);
                    }
                    _ => {
                        self.annex_b = true;
                        'x' as u32
                    }
                }
            }
            'u' => match self.unicode_escape() {
                Some(v) => return Ok(v),
                None => {
                    self.annex_b = true;
                    'u' as u32
                }
            },
            'c' => match self.peek_at(1) {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.i += 2;
                    return Ok(l as u32 % 32);
                }
                _ => {
                    // Annex B: `\c` not followed by a letter is a backslash and a `c`.
                    self.annex_b = true;
                    return Ok('\\' as u32);
                }
            },
            // With the `u` flag only syntax characters and `/` may be escaped (and `-` in a
            // class, read before this).
            other => {
                self.annex_b |= !"^$\\.*+?()[]{}|/".contains(other);
                other as u32
            }
        };
        self.i += 1;
        Ok(v)
    }

    /// Java's character escapes (`c` at `self.i`).
    fn java_char_escape(&mut self, c: char) -> Result<u32, String> {
        let v = match c {
            't' => 0x9,
            'n' => 0xA,
            'r' => 0xD,
            'f' => 0xC,
            'a' => 0x7,
            'e' => 0x1B,
            '0' => {
                self.i += 1;
                if !self.peek().is_some_and(|d| ('0'..='7').contains(&d)) {
                    return Err(self.err("illegal octal escape"));
                }
                // `\0n`, `\0nn`, `\0mnn` with m at most 3.
                let mut v = 0u32;
                let mut n = 0;
                while n < 3 && self.peek().is_some_and(|d| ('0'..='7').contains(&d)) && v * 8 + 7 <= 0o377 + 7 {
                    let next = v * 8 + self.peek().and_then(|d| d.to_digit(8)).unwrap_or(0);
                    if next > 0o377 {
                        break;
                    }
                    v = next;
                    self.i += 1;
                    n += 1;
                }
                return Ok(v);
            }
            'x' if self.peek_at(1) == Some('{') => {
                let end = self.c[self.i..].iter().position(|&x| x == '}').ok_or_else(|| self.err("unclosed \\x{"))?;
                let hex: String = self.c[self.i + 2..self.i + end].iter().collect();
                let v = u32::from_str_radix(&hex, 16).ok().filter(|v| *v <= 0x10FFFF);
                let v = v.ok_or_else(|| self.err("illegal hexadecimal escape"))?;
                self.i += end + 1;
                return Ok(v);
            }
            'x' => {
                let hex: String = self.c.get(self.i + 1..self.i + 3).map(|s| s.iter().collect()).unwrap_or_default();
                match u32::from_str_radix(&hex, 16) {
                    Ok(v) if hex.len() == 2 && hex.chars().all(|c| c.is_ascii_hexdigit()) => {
                        self.i += 3;
                        return Ok(v);
                    }
                    _ => return Err(self.err("illegal hexadecimal escape")),
                }
            }
            'u' => return self.unicode_escape().ok_or_else(|| self.err("illegal Unicode escape")),
            'c' => match self.peek_at(1) {
                Some(l) => {
                    self.i += 2;
                    return Ok(l as u32 ^ 64);
                }
                None => return Err(self.err("illegal control escape")),
            },
            c if c.is_ascii_alphabetic() => return Err(self.err(&format!("illegal escape \\{c}"))),
            other => other as u32,
        };
        self.i += 1;
        Ok(v)
    }

    /// `\p{..}` / `\P{..}` as the inside of a Rust class; `self.i` is on the `p`.
    fn property(&mut self, negated: bool) -> Result<String, String> {
        let name: String = if self.peek_at(1) != Some('{') {
            if !self.java {
                // Without braces ECMA (non-`u`) reads `\p` as the letter.
                self.i += 1;
                self.annex_b = true;
                return Ok(class_lit(if negated { 'P' } else { 'p' } as u32));
            }
            // Java: `\pL`.
            let l = self.peek_at(1).ok_or_else(|| self.err("unterminated \\p"))?;
            self.i += 2;
            l.to_string()
        } else {
            let end = self.c[self.i..].iter().position(|&x| x == '}').ok_or_else(|| self.err("unterminated \\p{"))?;
            let name: String = self.c[self.i + 2..self.i + end].iter().collect();
            self.i += end + 1;
            name
        };
        let inner = if self.java {
            java_property(&name).map_err(|e| self.err(&e))?
        } else {
            self.u_only = true;
            let bare = name.strip_prefix("Is").filter(|n| posix_class(n).is_some()).unwrap_or(&name);
            match posix_class(bare) {
                Some(set) => set.to_string(),
                None => format!("\\p{{{name}}}"),
            }
        };
        // Check Rust knows the property (an unknown one is an error at generation time).
        regex_syntax::Parser::new()
            .parse(&format!("[{inner}]"))
            .map_err(|_| format!("unknown property class \\p{{{name}}}"))?;
        Ok(if negated { format!("[^{inner}]") } else { inner })
    }

    /// A class `[...]`; `self.i` is on the `[`.
    fn class(&mut self) -> Result<(), String> {
        let start_out = self.out.len();
        self.i += 1;
        let negated = self.peek() == Some('^');
        if negated {
            self.i += 1;
        }
        let mut items: Vec<ClassItem> = Vec::new();
        loop {
            let Some(c) = self.peek() else { return Err(self.err("unterminated character class")) };
            if c == ']' {
                self.i += 1;
                break;
            }
            let (first, first_is_set) = self.class_atom()?;
            if self.peek() == Some('-') && self.peek_at(1).is_some_and(|n| n != ']') {
                self.i += 1;
                let (second, second_is_set) = self.class_atom()?;
                match (&first, &second, first_is_set || second_is_set) {
                    (ClassItem::Char(a), ClassItem::Char(b), false) => {
                        if a > b {
                            return Err(self.err("range out of order in character class"));
                        }
                        items.push(ClassItem::Range(*a, *b));
                    }
                    _ => {
                        // A `-` next to a class escape is a literal (Annex B).
                        self.annex_b = true;
                        items.push(first);
                        items.push(ClassItem::Char('-' as u32));
                        items.push(second);
                    }
                }
                continue;
            }
            items.push(first);
        }
        let (body, highs_only) = render_class(&items);
        // `[\uD800-\uDBFF][\uDC00-\uDFFF]`: a high and a low surrogate class pair into the
        // supplementary characters.
        if let (Some((hl, hh)), false, Some('[')) = (highs_only, negated, self.peek()) {
            let mut probe = Translator::new(self.c, false, self.fancy, (self.groups, self.named));
            probe.i = self.i;
            if let Some((ll, lh)) = probe.low_class() {
                self.i = probe.i;
                self.out.truncate(start_out);
                self.out.push_str(&format!("[\\x{{{:X}}}-\\x{{{:X}}}]", pair(hl, ll), pair(hh, lh)));
                return Ok(());
            }
        }
        self.out.push_str(&match (body.is_empty(), negated) {
            (true, false) => NOTHING.to_string(),
            (true, true) => ANYTHING.to_string(),
            (false, false) => format!("[{body}]"),
            (false, true) => format!("[^{body}]"),
        });
        Ok(())
    }

    /// If a class of only low surrogates starts here, consumes it and returns its bounds.
    fn low_class(&mut self) -> Option<(u32, u32)> {
        self.i += 1;
        if self.peek() == Some('^') {
            return None;
        }
        let mut items = Vec::new();
        loop {
            match self.peek()? {
                ']' => {
                    self.i += 1;
                    break;
                }
                _ => {
                    let (a, set) = self.class_atom().ok()?;
                    if set {
                        return None;
                    }
                    if self.peek() == Some('-') && self.peek_at(1) != Some(']') {
                        self.i += 1;
                        let (b, set) = self.class_atom().ok()?;
                        match (a, b, set) {
                            (ClassItem::Char(x), ClassItem::Char(y), false) => items.push((x, y)),
                            _ => return None,
                        }
                    } else if let ClassItem::Char(x) = a {
                        items.push((x, x));
                    }
                }
            }
        }
        let lo = items.iter().map(|r| r.0).min()?;
        let hi = items.iter().map(|r| r.1).max()?;
        (items.iter().all(|(a, b)| is_low(*a) && is_low(*b))).then_some((lo, hi))
    }

    /// One class atom; the flag says whether it is a set (`\d`, `\p{L}`) rather than a char.
    fn class_atom(&mut self) -> Result<(ClassItem, bool), String> {
        let c = self.peek().ok_or_else(|| self.err("unterminated character class"))?;
        if c != '\\' {
            self.i += 1;
            return Ok((ClassItem::Char(c as u32), false));
        }
        self.i += 1;
        let e = self.peek().ok_or_else(|| self.err("pattern ends with `\\`"))?;
        let java = self.java;
        let set = |t: &mut Self, s: String| {
            t.i += 1;
            Ok((ClassItem::Raw(s), true))
        };
        match e {
            'd' => set(self, "0-9".into()),
            'D' => set(self, "[^0-9]".into()),
            'w' => set(self, "0-9A-Za-z_".into()),
            'W' => set(self, "[^0-9A-Za-z_]".into()),
            's' if java => set(self, JAVA_WS.into()),
            'S' if java => set(self, format!("[^{JAVA_WS}]")),
            's' => set(self, WS.into()),
            'S' => set(self, format!("[^{WS}]")),
            'h' if java => set(self, JAVA_H.into()),
            'H' if java => set(self, format!("[^{JAVA_H}]")),
            'v' if java => set(self, JAVA_V.into()),
            'V' if java => set(self, format!("[^{JAVA_V}]")),
            'p' | 'P' => {
                let s = self.property(e == 'P')?;
                Ok((ClassItem::Raw(s), true))
            }
            'b' if !java => {
                self.i += 1;
                Ok((ClassItem::Char(8), false))
            }
            '-' => {
                self.i += 1;
                Ok((ClassItem::Char('-' as u32), false))
            }
            _ => Ok((ClassItem::Char(self.char_escape()?), false)),
        }
    }

    /// A Java class `[...]` (nested classes, `&&`), rendered; `self.i` is on the `[`.
    fn java_class(&mut self) -> Result<String, String> {
        self.i += 1;
        let negated = self.peek() == Some('^');
        if negated {
            self.i += 1;
        }
        let mut items: Vec<ClassItem> = Vec::new();
        let mut operands: Vec<String> = Vec::new();
        let mut first = true;
        loop {
            self.skip_ignored();
            let Some(c) = self.peek() else { return Err(self.err("unclosed character class")) };
            match c {
                ']' if !first => {
                    self.i += 1;
                    break;
                }
                '[' => {
                    let nested = self.java_class()?;
                    items.push(ClassItem::Raw(nested));
                }
                '&' if self.peek_at(1) == Some('&') => {
                    self.i += 2;
                    if !items.is_empty() {
                        operands.push(self.java_union(&mut items));
                    }
                }
                '\\' if self.peek_at(1) == Some('Q') => {
                    self.i += 2;
                    while let Some(ch) = self.peek() {
                        if ch == '\\' && self.peek_at(1) == Some('E') {
                            self.i += 2;
                            break;
                        }
                        self.i += 1;
                        items.push(ClassItem::Char(ch as u32));
                    }
                }
                _ => {
                    let (a, a_set) = self.class_atom()?;
                    let range = !a_set
                        && self.peek() == Some('-')
                        && !matches!(self.peek_at(1), None | Some(']' | '['))
                        && (self.peek_at(1) != Some('&') || self.peek_at(2) != Some('&'));
                    if range {
                        self.i += 1;
                        let (b, b_set) = self.class_atom()?;
                        match (a, b, b_set) {
                            (ClassItem::Char(x), ClassItem::Char(y), false) if x <= y => {
                                items.push(ClassItem::Range(x, y));
                            }
                            _ => return Err(self.err("illegal character range")),
                        }
                    } else {
                        items.push(a);
                    }
                }
            }
            first = false;
        }
        if !items.is_empty() || operands.is_empty() {
            operands.push(self.java_union(&mut items));
        }
        Ok(match (operands.as_slice(), negated) {
            ([one], false) => one.clone(),
            (_, false) => format!("[{}]", operands.join("&&")),
            (_, true) => format!("[^{}]", operands.join("&&")),
        })
    }

    /// The items of one operand of a Java class, folded for case (ASCII letters, with or
    /// without the `u` flag), as a Rust class.
    fn java_union(&self, items: &mut Vec<ClassItem>) -> String {
        if self.flags.i {
            let mut folded = Vec::new();
            for item in items.iter() {
                match *item {
                    ClassItem::Char(u) => {
                        if let Some(c) = char::from_u32(u).filter(char::is_ascii_alphabetic) {
                            folded.push(ClassItem::Char(swap_case(c) as u32));
                        }
                    }
                    ClassItem::Range(a, b) => {
                        for (lo, hi, shift) in [(0x61u32, 0x7Au32, -32i64), (0x41, 0x5A, 32)] {
                            let (x, y) = (a.max(lo), b.min(hi));
                            if x <= y {
                                let m = |v: u32| (i64::from(v) + shift) as u32;
                                folded.push(ClassItem::Range(m(x), m(y)));
                            }
                        }
                    }
                    ClassItem::Raw(_) => {}
                }
            }
            items.extend(folded);
        }
        let (body, _) = render_class(items);
        items.clear();
        if body.is_empty() {
            NOTHING.to_string()
        } else {
            format!("[{body}]")
        }
    }
}

fn swap_case(c: char) -> char {
    if c.is_ascii_lowercase() {
        c.to_ascii_uppercase()
    } else {
        c.to_ascii_lowercase()
    }
}

/// Java's property names, as the inside of a Rust class.
fn java_property(name: &str) -> Result<String, String> {
    if let Some(set) = posix_class(name) {
        return Ok(set.to_string());
    }
    let plain = |n: &str| format!("\\p{{{n}}}");
    Ok(match name {
        "all" => r"\x{0}-\x{10FFFF}".to_string(),
        "L1" => r"\x{0}-\x{FF}".to_string(),
        "LD" => r"\p{L}\p{Nd}".to_string(),
        "javaLowerCase" => plain("Lowercase"),
        "javaUpperCase" => plain("Uppercase"),
        "javaAlphabetic" => plain("Alphabetic"),
        "javaIdeographic" => plain("Ideographic"),
        "javaLetter" => plain("L"),
        "javaDigit" => plain("Nd"),
        "javaLetterOrDigit" => r"\p{L}\p{Nd}".to_string(),
        "javaSpaceChar" => plain("Z"),
        "javaTitleCase" => plain("Lt"),
        "javaMirrored" => plain("Bidi_Mirrored"),
        // `Character.isWhitespace`: space separators but the non-breaking ones, and controls.
        "javaWhitespace" => {
            r"\t-\r\x{1C}-\x{20}\x{1680}\x{2000}-\x{2006}\x{2008}-\x{200A}\x{2028}\x{2029}\x{205F}\x{3000}".to_string()
        }
        n if n.starts_with("java") => return Err(format!("the property \\p{{{n}}} is not supported")),
        n if n.starts_with("In") => return Err(format!("Unicode blocks (\\p{{{n}}}) are not supported")),
        n => match n.strip_prefix("Is") {
            Some(p) => match p.to_ascii_lowercase().replace('_', "").as_str() {
                "alphabetic" => plain("Alphabetic"),
                "ideographic" => plain("Ideographic"),
                "letter" => plain("L"),
                "lowercase" => plain("Lowercase"),
                "uppercase" => plain("Uppercase"),
                "titlecase" => plain("Lt"),
                "punctuation" => plain("P"),
                "control" => plain("Cc"),
                "whitespace" => plain("White_Space"),
                "digit" => plain("Nd"),
                "hexdigit" => plain("Hex_Digit"),
                "joincontrol" => plain("Join_Control"),
                "noncharactercodepoint" => plain("Noncharacter_Code_Point"),
                "assigned" => r"\P{Cn}".to_string(),
                "emoji" => plain("Emoji"),
                // A category or a script.
                _ => plain(p),
            },
            None => plain(n),
        },
    })
}

/// One item of a character class.
#[derive(Debug, Clone)]
enum ClassItem {
    Char(u32),
    Range(u32, u32),
    /// Already in Rust class syntax (`0-9`, `\p{L}`, a nested `[^...]`).
    Raw(String),
}

fn is_high(u: u32) -> bool {
    (0xD800..=0xDBFF).contains(&u)
}

fn is_low(u: u32) -> bool {
    (0xDC00..=0xDFFF).contains(&u)
}

fn is_surrogate(u: u32) -> bool {
    (0xD800..=0xDFFF).contains(&u)
}

fn pair(h: u32, l: u32) -> u32 {
    0x10000 + ((h - 0xD800) << 10) + (l - 0xDC00)
}

/// A literal character in Rust regex syntax outside a class.
fn lit(u: u32) -> String {
    match char::from_u32(u) {
        Some(c) if "\\.+*?()|[]{}^$#&-~".contains(c) => format!("\\{c}"),
        Some(c) if c.is_ascii_graphic() || c == ' ' => c.to_string(),
        Some(_) => format!("\\x{{{u:X}}}"),
        None => NOTHING.to_string(),
    }
}

/// A literal character in Rust regex syntax inside a class.
fn class_lit(u: u32) -> String {
    match char::from_u32(u) {
        // `:` too: `[:` would start a POSIX class in Rust's syntax.
        Some(c) if "[]\\-^&~:".contains(c) => format!("\\{c}"),
        Some(c) if c.is_ascii_graphic() || c == ' ' => c.to_string(),
        _ => format!("\\x{{{u:X}}}"),
    }
}

/// Java-style and other property names that Rust's `\p{..}` does not know, spelled out.
fn posix_class(name: &str) -> Option<&'static str> {
    Some(match name {
        "Lower" => "a-z",
        "Upper" => "A-Z",
        "ASCII" => r"\x{0}-\x{7F}",
        "Alpha" => "A-Za-z",
        "Digit" => "0-9",
        "Alnum" => "0-9A-Za-z",
        "Punct" => r"!-/:-@\[-`\{-\~",
        "Graph" => r"!-\~",
        "Print" => r" -\~",
        "Blank" => r" \t",
        "Cntrl" => r"\x{0}-\x{1F}\x{7F}",
        "XDigit" => "0-9A-Fa-f",
        "Space" => r" \t\n\x{B}\x{C}\r",
        "LD" => r"\p{L}\p{Nd}",
        "javaLetterOrDigit" => r"\p{L}\p{Nd}",
        _ => return None,
    })
}

/// Renders class items as the inside of a Rust class. Also says whether the class held only
/// high surrogates, with their bounds.
fn render_class(items: &[ClassItem]) -> (String, Option<(u32, u32)>) {
    let mut out = String::new();
    let mut surrogates: Vec<(u32, u32)> = Vec::new();
    let mut other = false;
    for item in items {
        match item {
            ClassItem::Char(u) if is_surrogate(*u) => surrogates.push((*u, *u)),
            ClassItem::Char(u) => {
                other = true;
                out.push_str(&class_lit(*u));
            }
            ClassItem::Range(a, b) => {
                let (mut a, mut b) = (*a, *b);
                if is_surrogate(a) || is_surrogate(b) {
                    surrogates.push((a.max(0xD800), b.min(0xDFFF)));
                }
                if is_surrogate(a) {
                    a = 0xE000;
                }
                if is_surrogate(b) {
                    b = 0xD7FF;
                }
                if a <= b {
                    other = true;
                    out.push_str(&format!("{}-{}", class_lit(a), class_lit(b)));
                }
            }
            ClassItem::Raw(s) => {
                other = true;
                out.push_str(s);
            }
        }
    }
    let highs = if other || surrogates.is_empty() || !surrogates.iter().all(|(a, b)| is_high(*a) && is_high(*b)) {
        None
    } else {
        surrogates.iter().map(|r| r.0).min().zip(surrogates.iter().map(|r| r.1).max())
    };
    (out, highs)
}

#[cfg(test)]
mod tests {
    use super::translate;

    fn matches(pattern: &str, s: &str) -> bool {
        let t = translate(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
        if let Some((min, max)) = t.count {
            let n = s.chars().count() as u64;
            if n < min || n > max {
                return false;
            }
        }
        if t.fancy {
            fancy_regex::Regex::new(&t.rust).and_then(|r| r.is_match(s)).unwrap_or_else(|e| panic!("{e}"))
        } else {
            regex::Regex::new(&t.rust).map(|r| r.find(s).is_some()).unwrap_or_else(|e| panic!("{e}"))
        }
    }

    #[test]
    fn ecma_semantics() {
        let table: &[(&str, &str, bool)] = &[
            ("[a-z]+", "9a9", true), // not implicitly anchored
            ("^[a-z]+$", "9a9", false),
            (r"^\d+$", "١٢", false), // \d is ASCII-only
            (r"^\w+$", "é", false),
            (r"^\s$", "\u{2003}", true),
            (r"^\s$", "\u{85}", false),
            ("^.$", "\n", false),
            ("^.$", "\u{2028}", false),
            ("^.$", "\u{1F600}", true),
            (r"^[\w-.~]+$", "a-b.c~d", true),
            (r"^[\w-.~]+$", "a b", false),
            (r"^[a-z0-9-.]*$", "a-1.b", true),
            (r"^\p{L}+$", "héllo", true),
            (r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", "tag value 1:/@", true),
            (r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", "tag!", false),
            (r"^\p{Punct}+$", "!?", true),
            (r"^\p{LD}+$", "a1", true),
            (r"^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*$", "ok \u{1F600}\t", true),
            (r"^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*$", "\u{1}", false),
            (r"^[\uD800-\uDBFF][\uDC00-\uDFFF]$", "\u{1F600}", true),
            (r"^[\uD800-\uDBFF][\uDC00-\uDFFF]$", "a", false),
            (r"^\uD83D\uDE00$", "\u{1F600}", true),
            ("^a{2}$", "aa", true),
            ("^a{$", "a{", true),
            ("^x}$", "x}", true),
            (r"^\/\:$", "/:", true),
            (r"^(?!aws:).*$", "aws:x", false),
            (r"^(?!aws:).*$", "mine", true),
            (r"^(a)\1$", "aa", true),
            (r"^(a)\1$", "ab", false),
            (r"\bfoo\b", "a foo b", true),
            (r"^\x41\u0042\t$", "AB\t", true),
            ("^[^]$", "x", true),
            ("^[]$", "", false),
            // A back-reference to a group that has not matched matches the empty string.
            (r"^(a)?b\1$", "b", true),
            (r"^(a)?b\1$", "aba", true),
            (r"^(a)?b\1$", "ab", false),
            (r"^\1(a)$", "a", true),
            (r"^(a\1)$", "a", true),
            (r"^(?:(a)|b\1)c$", "bc", true),
            (r"^(?<n>a)?b\k<n>$", "b", true),
            (r"^(a)\1{2}0$", "aaa0", true),
            (r"^\k<x>$", "k<x>", true),
        ];
        for (p, s, want) in table {
            assert_eq!(matches(p, s), *want, "{p:?} on {s:?}");
        }
    }

    #[test]
    fn simple_patterns_are_recognised_only_when_a_greedy_scan_is_exact() {
        let simple = |p: &str| translate(p).map(|t| t.simple.is_some()).unwrap_or(false);
        assert!(simple(r"^arn:aws:ivs:[a-z0-9-]+:[0-9]+:channel/[a-zA-Z0-9-]+$"));
        assert!(simple(r"^st-[a-zA-Z0-9]+$"));
        assert!(simple(r"^[a-z]{2,4}\.[0-9]{1,3}$"));
        assert!(!simple(r"^[a-z]+a$"), "the repeat could eat the literal");
        assert!(!simple(r"^[a-z]+[a-c]$"));
        assert!(!simple(r"^[a-z]+[0-9]?[a-z]$"), "an optional part does not shield what follows it");
        assert!(simple(r"^[a-z]+[0-9]?-[a-z]$"));
        assert!(!simple(r"^a|b$"));
        assert!(!simple(r"[a-z]+"), "not anchored");
        assert!(!simple(r"^[^a]+$"));
        assert!(!simple(r"^\w+$"));
        assert!(!simple(r"^[a-z]+?x$"));
        assert!(!simple("^é+$"));
    }

    #[test]
    fn arbitrary_patterns_never_panic() {
        let pieces = [
            "\\", "[", "]", "(", ")", "(?", "(?<", "(?<=", "(?!", "{", "}", "{2,", "1", "a", "-", "^", "$", "|", "*",
            "+", "?", ".", "\\u", "\\uD800", "\\uDC00", "\\x4", "\\p{", "\\p{L}", "\\k<", "\\1", "\\c", "é", ">", ",",
            "(?<n>", "\\k<n>", "\\2", "(?:", "\\:",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..20_000 {
            let mut p = String::new();
            for _ in 0..(state % 12) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                p.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            // Either a translation that compiles, or an error: never a panic.
            if let Ok(t) = translate(&p) {
                assert!(super::compile(&t.rust, t.fancy).is_ok(), "{p:?} -> {}", t.rust);
            }
        }
    }

    #[test]
    fn bad_patterns_are_errors() {
        for bad in ["(", "a)", "[a", "*a", r"\p{NoSuchClass}", "[z-a]"] {
            assert!(translate(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn large_counted_repeats_are_counted() {
        assert!(matches("^.{1,100000}$", "abc"));
        assert!(!matches("^.{1,100000}$", ""));
        assert!(!matches("^.{1,100000}$", "a\nb"));
        assert!(matches(r"^[\s\S]{0,200000}$", "a\nb"));
        assert!(!matches("^.{2,5000}$", &"x".repeat(5001)));
        assert_eq!(translate("^.{1,100000}$").map(|t| t.count), Ok(Some((1, 100000))));
        assert_eq!(translate("^a.{1,10}$").map(|t| t.count), Ok(None));
        // Java too (flags before the atom write nothing; `m` and `d` change the anchors).
        let java = translate("^(?s).{0,120000}$").expect("translates");
        assert_eq!((java.dialect, java.count), (super::Dialect::Java, Some((0, 120000))));
        assert!(java.rust.ends_with(r"*\z"), "{}", java.rust);
        assert_eq!(translate("^(?d).{1,1500}$").map(|t| t.count), Ok(None));
        assert_eq!(translate("^a|b{1,5000}$").map(|t| t.count), Ok(None), "the repeat is not the whole");
    }

    #[test]
    fn ecma_back_references_are_written_for_where_their_group_is() {
        let t = |p: &str| translate(p).unwrap_or_else(|e| panic!("{p}: {e}"));
        // Optional: the reference, or the empty string when the group has not matched.
        assert!(t(r"^(a)?b\1$").rust.contains(r"(?(1)\1)"), "{}", t(r"^(a)?b\1$").rust);
        // Always matched: as it is.
        assert!(t(r"^(a)b\1$").rust.contains(r"(?:\1)"));
        assert!(t(r"^(?:(a)b)+\1$").rust.contains(r"(?:\1)"));
        // Never matched yet: nothing, so the Pike VM runs the pattern.
        let empty = [r"^\1(a)$", r"^(a\1)$", r"^(?:(a)|b\1)c$", r"^(?:(a)|b\1)+$", r"^(a)|\1b$", r"^(?!(a))\w\1$"];
        for p in empty.into_iter().chain([r"^\k<n>(?<n>a)$"]) {
            let tr = t(p);
            assert_eq!((tr.dialect, tr.fancy), (super::Dialect::Ecma, false), "{p}: {}", tr.rust);
        }
        // A repeated empty match is written once (`fancy-regex` refuses `(?:)*`).
        assert!(t(r"^(?=a)(a)(?:\2)*$").program.is_some());
        assert!(t(r"^(?=a)(a)\1(?:\2){2}$").fancy);
        // A group that a repeat may clear (ECMA-262) while the backtracking engine keeps it:
        // read as Java, as AWS does.
        for p in [r"^(?:(a)|b)+\1$", r"^(?:(a)?\1)+$", r"^(a?)+\1$", r"^(?:(a)b|c)+\1$"] {
            assert_eq!(t(p).dialect, super::Dialect::Java, "{p}");
        }
        // Issue 19: the ISO 8601 pattern, `\17` to a group in an alternative not taken.
        let iso = t(
            r"^([\-]?\d{4}(?!\d{2}\b))((-?)((0[1-9]|1[0-2])(\3([12]\d|0[1-9]|3[01]))?|W([0-4]\d|5[0-2])(-?[1-7])?|(00[1-9]|0[1-9]\d|[12]\d{2}|3([0-5]\d|6[1-6])))([T\s]((([01]\d|2[0-3])((:?)[0-5]\d)?|24\:?00)([\.,]\d(?!:))?)?(\17[0-5]\d([\.,]\d)?)?([zZ]|([\-])([01]\d|2[0-3]):?([0-5]\d)?)?)?)?$",
        );
        assert_eq!(iso.dialect, super::Dialect::Ecma);
        assert!(iso.rust.contains(r"(?:\3)") && iso.rust.contains(r"(?(17)\17)"), "{}", iso.rust);
        // Java's back-references are Java's (a group that has not matched fails).
        let java = t(r"\A(a)?b\1\z");
        assert_eq!(java.dialect, super::Dialect::Java);
        assert!(java.rust.contains(r"(?:\1)") && !java.rust.contains("(?(1)"), "{}", java.rust);
    }

    #[test]
    fn property_classes_in_patterns_valid_only_without_the_u_flag_are_java() {
        let dialect = |p: &str| translate(p).map(|t| t.dialect);
        // ECMA-262 rejects `\p{Z}-_` with the `u` flag and reads `\p` as `p` without it.
        assert_eq!(dialect(r"^(?! )[\p{L}\p{N}\p{Z}-_]*(?<! )$"), Ok(super::Dialect::Java));
        assert_eq!(dialect(r"^[\d-\p{Lu}]$"), Ok(super::Dialect::Java));
        assert_eq!(dialect(r"^[\p{L}\:]+$"), Ok(super::Dialect::Java));
        // `\u{..}` beside Annex B: neither dialect reads it as it looks.
        assert!(translate(r"^\u{41}[\w-.]$").is_err());
        // Either alone stays ECMA-262.
        assert_eq!(dialect(r"^[\w-.~]+$"), Ok(super::Dialect::Ecma));
        assert_eq!(dialect(r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$"), Ok(super::Dialect::Ecma));
        assert_eq!(dialect(r"^\:[\w-.]\u0041$"), Ok(super::Dialect::Ecma));
        // Read as Java, `$` matches before a final line terminator, after the look-behind too.
        let t = translate(r"^(?! )[\p{L}\p{N}\p{Z}-_]*(?<! )$").expect("translates");
        assert!(!t.fancy && t.program.is_some(), "{}", t.rust);
    }
}
