//! The instruction set of `@pattern` programs, defined once: `ivs-codegen` compiles this same
//! file (by path) to write programs, and the runtime's Pike VM (`rt/program.rs`) runs them.
//!
//! Also the parts of a *simple* pattern, which a greedy scan decides without a program
//! (`SimplePart`, below).
//!
//! A program is a flat list of instructions of three words each, `[op, a, b]`, and a list of
//! class ranges, two words (inclusive bounds) each:
//!
//! | op | instruction | a, b |
//! |----|-------------|------|
//! | 0 | match | |
//! | 1 | one character | the character |
//! | 2 | one character of a class | first range, number of ranges |
//! | 3 | split: go on at both | the two targets |
//! | 4 | jump | the target |
//! | 5 | assertion | `a`: one of [`assertion`]; `b`: 1 when only `\n` ends a line (Java's `d` flag) |
//! | 6 | the next character is in a class | first range, number of ranges |
//! | 7 | the next character is not in a class (or there is none) | first range, number of ranges |
//! | 8 | the previous character is in a class | first range, number of ranges |
//! | 9 | the previous character is not in a class (or there is none) | first range, number of ranges |
//! | 10 | a boundary: exactly one of the previous and the next character is in a class | first range, number of ranges |
//! | 11 | not a boundary | first range, number of ranges |

/// Opcodes (see the module documentation).
pub mod op {
    /// Match.
    pub const MATCH: u32 = 0;
    /// One character.
    pub const CHAR: u32 = 1;
    /// One character of a class.
    pub const CLASS: u32 = 2;
    /// Split.
    pub const SPLIT: u32 = 3;
    /// Jump.
    pub const JUMP: u32 = 4;
    /// Assertion.
    pub const ASSERT: u32 = 5;
    /// The next character is in a class.
    pub const AHEAD: u32 = 6;
    /// The next character is not in a class.
    pub const NOT_AHEAD: u32 = 7;
    /// The previous character is in a class.
    pub const BEHIND: u32 = 8;
    /// The previous character is not in a class.
    pub const NOT_BEHIND: u32 = 9;
    /// A boundary of a class.
    pub const BOUND: u32 = 10;
    /// Not a boundary of a class.
    pub const NOT_BOUND: u32 = 11;
}

/// The kinds of [`op::ASSERT`] (its `a` word).
pub mod assertion {
    /// The start of the text.
    pub const START: u32 = 0;
    /// The end of the text.
    pub const END: u32 = 1;
    /// An ASCII word boundary.
    pub const ASCII_WORD: u32 = 2;
    /// Not an ASCII word boundary.
    pub const NOT_ASCII_WORD: u32 = 3;
    /// Java's `$`: the end, or before a final line terminator (not inside `\r\n`).
    pub const JAVA_END: u32 = 4;
    /// Java's multi-line `^`: not at the end; at the start or after a line terminator.
    pub const JAVA_LINE_START: u32 = 5;
    /// Java's multi-line `$`: at the end or before a line terminator.
    pub const JAVA_LINE_END: u32 = 6;
}

/// Instructions beyond this make a pattern a generation error: the program is written into
/// the generated source, and a pattern that unrolls this far (`(ab|cd){1,20000}`) is better
/// written differently in the model.
pub const MAX_INSTRUCTIONS: usize = 100_000;

/// A compiled pattern: instructions and class ranges (see the module documentation), in any
/// storage of words (`Vec<u32>` in the generator, `&'static [u32]` in generated code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Program<S> {
    insts: S,
    ranges: S,
    anchored: bool,
}

impl<S> Program<S> {
    /// A program. `anchored`: every match starts at the start of the text (so later starting
    /// points are not tried). Any words make a program that runs without panicking; only the
    /// generator's make one that means a pattern.
    pub const fn new(insts: S, ranges: S, anchored: bool) -> Program<S> {
        Program { insts, ranges, anchored }
    }

    /// Whether every match starts at the start of the text.
    pub const fn anchored(&self) -> bool {
        self.anchored
    }
}

impl<S: AsRef<[u32]>> Program<S> {
    /// The instructions, three words each.
    pub fn insts(&self) -> &[u32] {
        self.insts.as_ref()
    }

    /// The class ranges, two words each.
    pub fn ranges(&self) -> &[u32] {
        self.ranges.as_ref()
    }
}

/// A part of a pattern that `ivs-codegen` found to be a plain anchored sequence of ASCII
/// literals and repeated ASCII classes, each repeat followed by something it cannot match: a
/// greedy scan decides such a pattern exactly, with no automaton. `B` holds the literal's
/// bytes (`String` in the generator, `&'static [u8]` in generated code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimplePart<B> {
    /// These bytes, exactly.
    Literal(B),
    /// `min..=max` bytes of the ASCII set (bit `b % 64` of word `b / 64` for ASCII byte `b`).
    Class {
        /// The ASCII set.
        set: [u64; 2],
        /// Fewest.
        min: u32,
        /// Most ([`UNBOUNDED`]: no limit).
        max: u32,
    },
}

/// The `max` of a [`SimplePart::Class`] without a limit.
pub const UNBOUNDED: u32 = u32::MAX;
