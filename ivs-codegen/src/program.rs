//! Compiles a translated `@pattern` (see [`crate::pattern`]) into a small instruction program
//! that `ivs_types::rt::Pattern` runs with a Pike VM. Generated crates therefore need no regex
//! engine at all (and do not compile one) unless a pattern needs look-around or
//! back-references.
//!
//! The translation is parsed by `regex-syntax`, the parser of the `regex` crate, so the
//! program means exactly what the translation means to `regex`; Unicode classes such as
//! `\p{L}` arrive as ranges of characters. The instruction set is defined once, in the
//! runtime (`ivs-types/src/rt/isa.rs`, compiled here as [`isa`]): one-character look-around,
//! Java's `$`, its line anchors and its `\b` come from the named groups the pattern
//! translation writes for them (`(?P<ivs_notahead_1>[a-z])`, see [`crate::pattern`]).

use std::collections::HashMap;

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// The prefix of the named groups that carry instructions of their own (see the module
/// documentation): `ivs_{kind}_{n}`, written by [`crate::pattern`].
pub const MARKER: &str = "ivs_";

/// The instruction set, shared with the runtime (the same file compiles in both crates).
// `src/isa.rs` links to `ivs-types/src/rt/isa.rs`: one file (a packaged crate holds a copy).
#[path = "isa.rs"]
pub mod isa;

pub use isa::{assertion, op, MAX_INSTRUCTIONS};

/// A compiled pattern.
pub type Program = isa::Program<Vec<u32>>;

/// Compiles a pattern written in the `regex` crate's syntax (a translation).
pub fn compile(rust: &str) -> Result<Program, String> {
    let hir = parse(rust)?;
    let anchored = hir.properties().look_set_prefix().contains(Look::Start);
    let mut c = Compiler { insts: Vec::new(), ranges: Vec::new(), classes: HashMap::new() };
    c.hir(&hir)?;
    c.push(op::MATCH, 0, 0)?;
    Ok(Program::new(c.insts, c.ranges, anchored))
}

/// Whether a pattern (in the `regex` crate's syntax) always matches exactly one character:
/// a class or a single literal character, possibly in a group.
pub fn is_one_char(rust: &str) -> bool {
    parse(rust).is_ok_and(|hir| one_char_ranges(&hir).is_some())
}

/// The ranges of a pattern that always matches exactly one character (a class or a literal
/// character, possibly in unnamed groups), as pairs of inclusive bounds.
fn one_char_ranges(hir: &Hir) -> Option<Vec<u32>> {
    match hir.kind() {
        HirKind::Capture(cap) if cap.name.is_none() => one_char_ranges(&cap.sub),
        HirKind::Class(Class::Unicode(cls)) => {
            Some(cls.ranges().iter().flat_map(|r| [r.start() as u32, r.end() as u32]).collect())
        }
        HirKind::Class(Class::Bytes(cls)) => {
            let ascii = cls.ranges().iter().all(|r| r.end() <= 0x7F);
            ascii.then(|| cls.ranges().iter().flat_map(|r| [u32::from(r.start()), u32::from(r.end())]).collect())
        }
        HirKind::Literal(lit) => {
            let text = std::str::from_utf8(&lit.0).ok()?;
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some(vec![c as u32, c as u32]),
                _ => None,
            }
        }
        _ => None,
    }
}

fn parse(rust: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .utf8(true)
        .unicode(true)
        .nest_limit(250)
        .build()
        .parse(rust)
        .map_err(|e| e.to_string())
}

/// Whether `hir` compiles to no instruction at all (it matches only the empty string, with
/// no assertion).
fn emits_nothing(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty => true,
        HirKind::Literal(lit) => lit.0.is_empty(),
        HirKind::Capture(cap) => cap.name.is_none() && emits_nothing(&cap.sub),
        HirKind::Concat(subs) => subs.iter().all(emits_nothing),
        HirKind::Repetition(rep) => rep.max == Some(0) || emits_nothing(&rep.sub),
        HirKind::Class(_) | HirKind::Look(_) | HirKind::Alternation(_) => false,
    }
}

struct Compiler {
    insts: Vec<u32>,
    ranges: Vec<u32>,
    /// Classes already written to `ranges`, so a class repeated by `{m,n}` is stored once.
    classes: HashMap<Vec<u32>, u32>,
}

impl Compiler {
    fn pc(&self) -> u32 {
        (self.insts.len() / 3) as u32
    }

    fn push(&mut self, op: u32, a: u32, b: u32) -> Result<u32, String> {
        let pc = self.pc();
        if pc as usize >= MAX_INSTRUCTIONS {
            return Err(format!(
                "the pattern needs more than {MAX_INSTRUCTIONS} instructions (large counted repeats unroll)"
            ));
        }
        self.insts.extend_from_slice(&[op, a, b]);
        Ok(pc)
    }

    fn patch(&mut self, pc: u32, a: u32, b: u32) {
        let i = pc as usize * 3;
        self.insts[i + 1] = a;
        self.insts[i + 2] = b;
    }

    fn class(&mut self, ranges: Vec<u32>) -> Result<(), String> {
        match ranges.as_slice() {
            [a, b] if a == b => {
                self.push(op::CHAR, *a, 0)?;
            }
            _ => {
                // No ranges: a class that matches nothing.
                let (start, n) = self.class_ref(ranges);
                self.push(op::CLASS, start, n)?;
            }
        }
        Ok(())
    }

    /// Where a class's ranges are in `ranges` (written once): first range and count.
    fn class_ref(&mut self, ranges: Vec<u32>) -> (u32, u32) {
        let n = (ranges.len() / 2) as u32;
        if n == 0 {
            return (0, 0);
        }
        let start = match self.classes.get(&ranges) {
            Some(&s) => s,
            None => {
                let s = (self.ranges.len() / 2) as u32;
                self.ranges.extend_from_slice(&ranges);
                self.classes.insert(ranges, s);
                s
            }
        };
        (start, n)
    }

    /// A named group the translation wrote for an instruction (`ivs_{kind}_{n}`).
    fn marker(&mut self, name: &str, sub: &Hir) -> Result<(), String> {
        let kind = name
            .strip_prefix(MARKER)
            .and_then(|k| k.rsplit_once('_'))
            .map(|(k, _)| k)
            .ok_or_else(|| format!("unexpected named group `{name}`"))?;
        let assert = |a: u32, b: u32| (op::ASSERT, a, b);
        let (code, a, b) = match kind {
            "end" => assert(assertion::JAVA_END, 0),
            "endunix" => assert(assertion::JAVA_END, 1),
            "lstart" => assert(assertion::JAVA_LINE_START, 0),
            "lstartunix" => assert(assertion::JAVA_LINE_START, 1),
            "lend" => assert(assertion::JAVA_LINE_END, 0),
            "lendunix" => assert(assertion::JAVA_LINE_END, 1),
            _ => {
                let code = match kind {
                    "ahead" => op::AHEAD,
                    "notahead" => op::NOT_AHEAD,
                    "behind" => op::BEHIND,
                    "notbehind" => op::NOT_BEHIND,
                    "bound" => op::BOUND,
                    "notbound" => op::NOT_BOUND,
                    _ => return Err(format!("unexpected named group `{name}`")),
                };
                let ranges = one_char_ranges(sub).ok_or_else(|| format!("`{name}` is not one character"))?;
                let (start, n) = self.class_ref(ranges);
                (code, start, n)
            }
        };
        self.push(code, a, b)?;
        Ok(())
    }

    fn hir(&mut self, hir: &Hir) -> Result<(), String> {
        match hir.kind() {
            HirKind::Empty => Ok(()),
            HirKind::Literal(lit) => {
                let text = std::str::from_utf8(&lit.0).map_err(|_| "a literal is not UTF-8".to_string())?;
                for ch in text.chars() {
                    self.push(op::CHAR, ch as u32, 0)?;
                }
                Ok(())
            }
            HirKind::Class(Class::Unicode(cls)) => {
                let ranges = cls.ranges().iter().flat_map(|r| [r.start() as u32, r.end() as u32]).collect();
                self.class(ranges)
            }
            HirKind::Class(Class::Bytes(cls)) => {
                let mut ranges = Vec::new();
                for r in cls.ranges() {
                    if r.end() > 0x7F {
                        return Err("a byte class reaches beyond ASCII".to_string());
                    }
                    ranges.extend_from_slice(&[u32::from(r.start()), u32::from(r.end())]);
                }
                self.class(ranges)
            }
            HirKind::Look(look) => {
                let kind = match look {
                    Look::Start => assertion::START,
                    Look::End => assertion::END,
                    Look::WordAscii => assertion::ASCII_WORD,
                    Look::WordAsciiNegate => assertion::NOT_ASCII_WORD,
                    other => return Err(format!("the assertion {other:?} is not supported")),
                };
                self.push(op::ASSERT, kind, 0)?;
                Ok(())
            }
            HirKind::Capture(cap) => match &cap.name {
                Some(name) => self.marker(name, &cap.sub),
                None => self.hir(&cap.sub),
            },
            HirKind::Concat(subs) => subs.iter().try_for_each(|s| self.hir(s)),
            HirKind::Alternation(alts) => {
                let mut jumps = Vec::new();
                for (i, alt) in alts.iter().enumerate() {
                    if i + 1 < alts.len() {
                        let split = self.push(op::SPLIT, 0, 0)?;
                        self.hir(alt)?;
                        jumps.push(self.push(op::JUMP, 0, 0)?);
                        let next = self.pc();
                        self.patch(split, split + 1, next);
                    } else {
                        self.hir(alt)?;
                    }
                }
                let end = self.pc();
                for j in jumps {
                    self.patch(j, end, 0);
                }
                Ok(())
            }
            HirKind::Repetition(rep) => {
                // Greediness does not change whether a match exists. A body that compiles to
                // nothing (`(?:){5}`) matches only the empty string: repeating it is a no-op.
                if emits_nothing(&rep.sub) {
                    return Ok(());
                }
                for _ in 0..rep.min {
                    self.hir(&rep.sub)?;
                }
                match rep.max {
                    None => {
                        let split = self.push(op::SPLIT, 0, 0)?;
                        self.hir(&rep.sub)?;
                        self.push(op::JUMP, split, 0)?;
                        let end = self.pc();
                        self.patch(split, split + 1, end);
                    }
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in rep.min..max {
                            splits.push(self.push(op::SPLIT, 0, 0)?);
                            self.hir(&rep.sub)?;
                        }
                        let end = self.pc();
                        for s in splits {
                            self.patch(s, s + 1, end);
                        }
                    }
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_are_small_and_share_classes() {
        let p = compile("^[a-z]{2,3}$").expect("compiles");
        assert!(p.anchored());
        // assert, 2 classes, split + class, assert, match
        assert_eq!(p.insts().len() / 3, 7);
        assert_eq!(p.ranges(), ['a' as u32, 'z' as u32]);
        assert!(!compile("a|^b").expect("compiles").anchored());
        assert!(compile("^a|^b").expect("compiles").anchored());
    }

    #[test]
    fn one_character_atoms() {
        assert!(is_one_char("[a-z]"));
        assert!(is_one_char("(?:\\p{L})"));
        assert!(is_one_char("é"));
        assert!(is_one_char("(a|b)"), "a class after simplification");
        assert!(!is_one_char("(ab|cd)"));
        assert!(!is_one_char("a?"));
    }

    #[test]
    fn oversized_and_unsupported_patterns_are_errors() {
        let e = compile("^(ab|cd){1,20000}$").expect_err("too large");
        assert!(e.contains("instructions"), "{e}");
        assert!(compile("(?m)^a").expect_err("multi-line").contains("not supported"));
    }
}
