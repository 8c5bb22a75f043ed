//! `@pattern` translation: an ECMA-262 regular expression, as the Smithy specification says
//! patterns are written, into the syntax of the Rust engine that runs it, so that the Rust
//! engine means what ECMA-262 means. Done once per pattern, at generation time.
//!
//! What the translation takes care of:
//! - `\d`, `\w`, `\s`, `\b` are ASCII-only (`\s`: ECMA's white-space and line terminators) in
//!   ECMA-262 but Unicode in Rust: they become explicit classes (`\b`: `(?-u:\b)`);
//! - `.` excludes `\n`, `\r`, U+2028 and U+2029;
//! - `\uXXXX` escapes become `\x{XXXX}`; a high surrogate escape followed by a low one is the
//!   supplementary character they encode (Java writes `\uD800\uDC00-\uDBFF\uDFFF` for "any
//!   supplementary character"), and a class of high surrogates followed by a class of low
//!   surrogates is the supplementary range they pair into; a lone surrogate matches nothing
//!   in a Rust string;
//! - in a class, a `-` next to a class escape is a literal (`[\w-.~]`);
//! - Unicode property classes `\p{L}` keep their meaning; Java-style POSIX classes
//!   (`\p{Punct}`, `\p{Alpha}`, ...) and `\p{LD}` (letter or digit) are spelled out;
//! - Annex B leniency: a `{` that does not start a quantifier, a lone `}` or `]`, and escapes
//!   of characters that need none are literals;
//! - look-around and back-references select the backtracking engine (`fancy-regex`).
//!
//! Strings are matched as sequences of Unicode scalar values, as ECMA-262 does with the `u`
//! flag; patterns are not implicitly anchored.

/// The size limit `fancy` patterns are compiled with; the runtime uses the same
/// (`ivs_types::rt::validate::PATTERN_SIZE_LIMIT`).
pub const PATTERN_SIZE_LIMIT: usize = 64 << 20;

/// A translated pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    /// The pattern in the chosen engine's syntax.
    pub rust: String,
    /// `true` when it needs `fancy-regex` (look-around, back-references).
    pub fancy: bool,
    /// For a pattern that is one single-character atom repeated a large number of times,
    /// `^X{m,n}$`: the bounds `(m, n)`, checked by counting characters, while `rust` is
    /// `^(?:X)*$`. A finite automaton for `X{1,100000}` would need more memory than any
    /// other pattern; counting is exact and costs nothing.
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

/// A part of a [`Translated::simple`] pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimplePart {
    /// These bytes, exactly.
    Literal(String),
    /// Between `min` and `max` bytes of the ASCII set (a 128-bit map); `max` `None` is unbounded.
    Class {
        /// The set: bit `b` of word `b / 64` for byte `b`.
        set: [u64; 2],
        /// Fewest repeats.
        min: u32,
        /// Most repeats.
        max: Option<u32>,
    },
}

/// Counted repeats above this are checked by counting (see [`Translated::count`]).
const LARGE_REPEAT: u64 = 1000;

const WS: &str = r"\t\n\x{B}\x{C}\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
const NOTHING: &str = r"[^\x{0}-\x{10FFFF}]";

/// Translates an ECMA-262 pattern and checks that the engine compiles it.
pub fn translate(src: &str) -> Result<Translated, String> {
    let chars: Vec<char> = src.chars().collect();
    if let Some((atom, min, max)) = whole_repeat(&chars) {
        if max > LARGE_REPEAT {
            let mut t = Translator { c: atom, i: 0, out: String::new(), fancy: false, groups: 0 };
            t.term()?;
            // Counting characters stands in for the repeat only when the atom is exactly one
            // character (`(ab|cd){1,5000}` is not 1 to 5,000 characters).
            if t.i == atom.len() && crate::program::is_one_char(&t.out) {
                let rust = format!("^(?:{})*$", t.out);
                let program = Some(crate::program::compile(&rust)?);
                return Ok(Translated { rust, fancy: false, count: Some((min, max)), simple: None, program });
            }
        }
    }
    let groups = count_groups(&chars);
    let fancy = needs_fancy(&chars, groups);
    let mut t = Translator { c: &chars, i: 0, out: String::new(), fancy, groups };
    t.alternation()?;
    let rust = t.out;
    let program = compile(&rust, fancy)?;
    let simple = if fancy { None } else { simple(&chars) };
    Ok(Translated { rust, fancy, count: None, simple, program })
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
            _ => parts.push(SimplePart::Class { set, min, max }),
        }
    }
    // Greedy scanning is exact when every variable repeat is followed by something it
    // cannot match: the next part's first byte, or the end.
    for (k, p) in parts.iter().enumerate() {
        if let SimplePart::Class { set, min, max } = p {
            if max.is_some_and(|m| m == *min) {
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

/// The set of a class body of plain ASCII characters and ranges (a `-` first, last, after a
/// range or escaped is a literal); `None` for anything else.
fn ascii_class(body: &[char]) -> Option<[u64; 2]> {
    if body.is_empty() || body[0] == '^' {
        return None;
    }
    let mut set = [0u64; 2];
    let mut atoms: Vec<char> = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if c == '\\' {
            let e = *body.get(i + 1)?;
            if !e.is_ascii_punctuation() {
                return None;
            }
            atoms.push(e);
            i += 2;
            // An escaped character never starts a range here.
            let b = bits(e as u8..=e as u8);
            set[0] |= b[0];
            set[1] |= b[1];
            atoms.clear();
            continue;
        }
        if !c.is_ascii() || c == '[' {
            return None;
        }
        if c == '-' && i > 0 && i + 1 < body.len() && !atoms.is_empty() && body[i + 1] != '\\' {
            let lo = atoms.pop()?;
            let hi = body[i + 1];
            if !hi.is_ascii() || hi == '[' || hi < lo {
                return None;
            }
            let b = bits(lo as u8..=hi as u8);
            set[0] |= b[0];
            set[1] |= b[1];
            i += 2;
            atoms.clear();
            continue;
        }
        let b = bits(c as u8..=c as u8);
        set[0] |= b[0];
        set[1] |= b[1];
        atoms.clear();
        atoms.push(c);
        i += 1;
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
            .build()
            .map(|_| None)
            .map_err(|e| e.to_string())
    } else {
        crate::program::compile(rust).map(Some)
    }
}

fn count_groups(c: &[char]) -> usize {
    let mut n = 0;
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
            }
            _ => {}
        }
        i += 1;
    }
    n
}

fn needs_fancy(c: &[char], groups: usize) -> bool {
    let s: String = c.iter().collect();
    if s.contains("(?=") || s.contains("(?!") || s.contains("(?<=") || s.contains("(?<!") || s.contains("\\k<") {
        return true;
    }
    let mut i = 0;
    let mut in_class = false;
    while i + 1 < c.len() {
        match c[i] {
            '\\' => {
                if !in_class && c[i + 1].is_ascii_digit() && c[i + 1] != '0' {
                    let n = c[i + 1].to_digit(10).unwrap_or(0) as usize;
                    if n <= groups {
                        return true;
                    }
                }
                i += 1;
            }
            '[' => in_class = true,
            ']' => in_class = false,
            _ => {}
        }
        i += 1;
    }
    false
}

struct Translator<'a> {
    c: &'a [char],
    i: usize,
    out: String,
    fancy: bool,
    groups: usize,
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
        Some(c) if "[]\\-^&~".contains(c) => format!("\\{c}"),
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

impl Translator<'_> {
    fn peek(&self) -> Option<char> {
        self.c.get(self.i).copied()
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.c.get(self.i + k).copied()
    }

    fn err(&self, what: &str) -> String {
        format!("{what} at character {}", self.i)
    }

    fn alternation(&mut self) -> Result<(), String> {
        while let Some(c) = self.peek() {
            match c {
                ')' => {
                    // An unbalanced `)` is an error in ECMA-262 as well.
                    return Err(self.err("unbalanced `)`"));
                }
                _ => self.term()?,
            }
        }
        Ok(())
    }

    /// One term (atom with its quantifier, an anchor, `|`, a group).
    fn term(&mut self) -> Result<(), String> {
        let Some(c) = self.peek() else { return Ok(()) };
        match c {
            '^' | '$' | '|' => {
                self.out.push(c);
                self.i += 1;
                return Ok(());
            }
            '(' => {
                self.i += 1;
                if self.peek() == Some('?') {
                    match (self.peek_at(1), self.peek_at(2)) {
                        (Some(':'), _) => {
                            self.out.push_str("(?:");
                            self.i += 2;
                        }
                        (Some('=' | '!'), _) => {
                            self.out.push_str("(?");
                            self.out.push(self.peek_at(1).unwrap_or('='));
                            self.i += 2;
                        }
                        (Some('<'), Some('=' | '!')) => {
                            self.out.push_str("(?<");
                            self.out.push(self.peek_at(2).unwrap_or('='));
                            self.i += 3;
                        }
                        (Some('<'), _) => {
                            let end = self.c[self.i..]
                                .iter()
                                .position(|&x| x == '>')
                                .ok_or_else(|| self.err("unterminated group name"))?;
                            let name: String = self.c[self.i + 2..self.i + end].iter().collect();
                            self.out.push_str(&format!("(?P<{name}>"));
                            self.i += end + 1;
                        }
                        _ => return Err(self.err("unsupported group")),
                    }
                } else {
                    self.out.push('(');
                }
                loop {
                    match self.peek() {
                        None => return Err(self.err("unterminated group")),
                        Some(')') => {
                            self.i += 1;
                            self.out.push(')');
                            break;
                        }
                        Some(_) => self.term()?,
                    }
                }
            }
            '[' => self.class()?,
            '\\' => self.escape()?,
            '.' => {
                self.i += 1;
                self.out.push_str(r"[^\n\r\x{2028}\x{2029}]");
            }
            '{' => {
                // Annex B: a `{` that is not a quantifier is a literal.
                self.i += 1;
                self.out.push_str("\\{");
            }
            '}' | ']' => {
                self.i += 1;
                self.out.push('\\');
                self.out.push(c);
            }
            '*' | '+' | '?' => return Err(self.err("nothing to repeat")),
            _ => {
                self.i += 1;
                self.out.push_str(&lit(c as u32));
            }
        }
        self.quantifier()
    }

    fn quantifier(&mut self) -> Result<(), String> {
        match self.peek() {
            Some(q @ ('*' | '+' | '?')) => {
                self.i += 1;
                self.out.push(q);
            }
            Some('{') => {
                let rest: String = self.c[self.i..].iter().take(24).collect();
                let Some(end) = rest.find('}') else { return Ok(()) };
                let body = &rest[1..end];
                let valid = {
                    let (a, b) = body.split_once(',').unwrap_or((body, body));
                    !a.is_empty() && a.bytes().all(|x| x.is_ascii_digit()) && b.bytes().all(|x| x.is_ascii_digit())
                };
                if !valid {
                    return Ok(());
                }
                self.out.push('{');
                self.out.push_str(body);
                self.out.push('}');
                self.i += body.chars().count() + 2;
            }
            _ => return Ok(()),
        }
        if self.peek() == Some('?') {
            self.i += 1;
            self.out.push('?');
        }
        Ok(())
    }

    /// Reads `\uXXXX`, pairing a following low surrogate; `self.i` is on the `u`.
    fn unicode_escape(&mut self) -> Option<u32> {
        if self.peek_at(1) == Some('{') {
            let end = self.c[self.i..].iter().position(|&x| x == '}')?;
            let hex: String = self.c[self.i + 2..self.i + end].iter().collect();
            let v = u32::from_str_radix(&hex, 16).ok()?;
            self.i += end + 1;
            return Some(v);
        }
        let hex: String = self.c.get(self.i + 1..self.i + 5)?.iter().collect();
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

    /// An escape outside a class.
    fn escape(&mut self) -> Result<(), String> {
        self.i += 1;
        let Some(c) = self.peek() else { return Err(self.err("pattern ends with `\\`")) };
        match c {
            'd' => self.push_set("[0-9]"),
            'D' => self.push_set("[^0-9]"),
            'w' => self.push_set("[0-9A-Za-z_]"),
            'W' => self.push_set("[^0-9A-Za-z_]"),
            's' => self.push_set(&format!("[{WS}]")),
            'S' => self.push_set(&format!("[^{WS}]")),
            'b' | 'B' => {
                self.i += 1;
                self.out.push_str(if self.fancy { "\\" } else { "(?-u:\\" });
                self.out.push(c);
                if !self.fancy {
                    self.out.push(')');
                }
            }
            'p' | 'P' => {
                let set = self.property(c == 'P')?;
                self.out.push_str(&format!("[{set}]"));
            }
            'k' if self.peek_at(1) == Some('<') => {
                let end = self.c[self.i..].iter().position(|&x| x == '>').ok_or_else(|| self.err("bad \\k"))?;
                let name: String = self.c[self.i + 2..self.i + end].iter().collect();
                self.i += end + 1;
                self.out.push_str(&format!("\\k<{name}>"));
            }
            '1'..='9' => {
                let start = self.i;
                while self.peek().is_some_and(|d| d.is_ascii_digit()) {
                    self.i += 1;
                }
                let digits: String = self.c[start..self.i].iter().collect();
                let n: usize = digits.parse().unwrap_or(0);
                if n <= self.groups {
                    self.out.push_str(&format!("\\{n}"));
                } else {
                    // Annex B: not a back-reference, an octal escape (or the digits).
                    self.i = start;
                    let v = self.octal();
                    self.out.push_str(&lit(v));
                }
            }
            _ => {
                let v = self.char_escape()?;
                if is_surrogate(v) {
                    self.out.push_str(NOTHING);
                } else {
                    self.out.push_str(&lit(v));
                }
            }
        }
        Ok(())
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
        let v = match c {
            't' => 0x9,
            'n' => 0xA,
            'v' => 0xB,
            'f' => 0xC,
            'r' => 0xD,
            '0' if !self.peek_at(1).is_some_and(|d| d.is_ascii_digit()) => 0,
            '0' => return Ok(self.octal()),
            'x' => {
                let hex: String = self.c.get(self.i + 1..self.i + 3).map(|s| s.iter().collect()).unwrap_or_default();
                match u32::from_str_radix(&hex, 16) {
                    Ok(v) if hex.len() == 2 => {
                        self.i += 3;
                        return Ok(v);
                    }
                    _ => 'x' as u32,
                }
            }
            'u' => match self.unicode_escape() {
                Some(v) => return Ok(v),
                None => 'u' as u32,
            },
            'c' => match self.peek_at(1) {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.i += 2;
                    return Ok(l as u32 % 32);
                }
                _ => {
                    // Annex B: `\c` not followed by a letter is a backslash and a `c`.
                    return Ok('\\' as u32);
                }
            },
            other => other as u32,
        };
        self.i += 1;
        Ok(v)
    }

    /// `\p{..}` / `\P{..}` as the inside of a Rust class; `self.i` is on the `p`.
    fn property(&mut self, negated: bool) -> Result<String, String> {
        if self.peek_at(1) != Some('{') {
            // Without braces ECMA (non-`u`) reads `\p` as the letter.
            self.i += 1;
            return Ok(class_lit(if negated { 'P' } else { 'p' } as u32));
        }
        let end = self.c[self.i..].iter().position(|&x| x == '}').ok_or_else(|| self.err("unterminated \\p{"))?;
        let name: String = self.c[self.i + 2..self.i + end].iter().collect();
        self.i += end + 1;
        let bare = name.strip_prefix("Is").filter(|n| posix_class(n).is_some()).unwrap_or(&name);
        let inner = match posix_class(bare) {
            Some(set) => set.to_string(),
            None => format!("\\p{{{name}}}"),
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
            let mut probe =
                Translator { c: self.c, i: self.i, out: String::new(), fancy: self.fancy, groups: self.groups };
            if let Some((ll, lh)) = probe.low_class() {
                self.i = probe.i;
                self.out.truncate(start_out);
                self.out.push_str(&format!("[\\x{{{:X}}}-\\x{{{:X}}}]", pair(hl, ll), pair(hh, lh)));
                return Ok(());
            }
        }
        self.out.push_str(&match (body.is_empty(), negated) {
            (true, false) => NOTHING.to_string(),
            (true, true) => r"[\x{0}-\x{10FFFF}]".to_string(),
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
        let set = |s: String| Ok((ClassItem::Raw(s), true));
        match e {
            'd' => {
                self.i += 1;
                set("0-9".into())
            }
            'D' => {
                self.i += 1;
                set("[^0-9]".into())
            }
            'w' => {
                self.i += 1;
                set("0-9A-Za-z_".into())
            }
            'W' => {
                self.i += 1;
                set("[^0-9A-Za-z_]".into())
            }
            's' => {
                self.i += 1;
                set(WS.into())
            }
            'S' => {
                self.i += 1;
                set(format!("[^{WS}]"))
            }
            'p' | 'P' => {
                let s = self.property(e == 'P')?;
                set(s)
            }
            'b' => {
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
    }
}
