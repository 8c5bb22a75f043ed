//! The Pike VM that runs `@pattern` programs compiled by `ivs-codegen` (its `program` module
//! describes the instruction set). Time is linear in the length of the text times the size of
//! the program, never exponential; a match of a program of up to 2,048 instructions
//! allocates nothing.

use super::isa::assertion;
use super::isa::op::*;

/// A compiled `@pattern`, as generated code writes it (`Program::new(&[..], &[..], anchored)`;
/// see [`super::isa`] for the instruction set).
pub type Program = super::isa::Program<&'static [u32]>;

/// Programs up to this many instructions run on buffers on the stack.
const SMALL: usize = 128;
const MEDIUM: usize = 2048;

impl Program {
    /// Whether the program matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        let n = self.insts().len() / 3;
        if n <= SMALL {
            self.run(text, &mut [0u32; 4 * SMALL][..4 * n])
        } else if n <= MEDIUM {
            self.run(text, &mut [0u32; 4 * MEDIUM][..4 * n])
        } else {
            self.run(text, &mut vec![0u32; 4 * n])
        }
    }

    /// The instruction at `pc`, if there is one.
    fn inst(&self, pc: u32) -> Option<(u32, u32, u32)> {
        let i = (pc as usize).checked_mul(3)?;
        match self.insts().get(i..i.checked_add(3)?)? {
            &[op, a, b] => Some((op, a, b)),
            _ => None,
        }
    }

    fn run(&self, text: &str, buf: &mut [u32]) -> bool {
        let n = self.insts().len() / 3;
        if n == 0 {
            return false;
        }
        let (mut clist, rest) = buf.split_at_mut(n);
        let (mut nlist, rest) = rest.split_at_mut(n);
        let (marks, stack) = rest.split_at_mut(n);
        let mut threads = Threads { marks, stack, stamp: 1 };
        let mut clen = 0;
        if self.add(&mut threads, clist, &mut clen, 0, text, 0) {
            return true;
        }
        let mut pos = 0;
        while let Some(ch) = text[pos..].chars().next() {
            let next = pos + ch.len_utf8();
            threads.next_stamp();
            let mut nlen = 0;
            for &pc in &clist[..clen] {
                let Some((op, a, b)) = self.inst(pc) else { continue };
                let hit = match op {
                    CHAR => ch as u32 == a,
                    CLASS => self.in_class(ch as u32, a as usize, b as usize),
                    _ => false,
                };
                if hit && self.add(&mut threads, nlist, &mut nlen, pc + 1, text, next) {
                    return true;
                }
            }
            if !self.anchored() && self.add(&mut threads, nlist, &mut nlen, 0, text, next) {
                return true;
            }
            std::mem::swap(&mut clist, &mut nlist);
            clen = nlen;
            if clen == 0 && self.anchored() {
                return false;
            }
            pos = next;
        }
        false
    }

    /// Adds `pc` and everything reachable from it without consuming a character to `list`;
    /// `true` when that reaches a match.
    fn add(&self, t: &mut Threads<'_>, list: &mut [u32], len: &mut usize, pc: u32, text: &str, pos: usize) -> bool {
        // Every index is checked: a program of arbitrary words runs without panicking (a
        // target outside the program goes nowhere).
        let mut top = 0;
        if !t.mark(pc) {
            return false;
        }
        t.stack[top] = pc;
        top += 1;
        while top > 0 {
            top -= 1;
            let pc = t.stack[top];
            let Some((op, a, b)) = self.inst(pc) else { continue };
            let follow = |target: u32, t: &mut Threads<'_>, top: &mut usize| {
                if t.mark(target) {
                    t.stack[*top] = target;
                    *top += 1;
                }
            };
            match op {
                MATCH => return true,
                CHAR | CLASS => {
                    list[*len] = pc;
                    *len += 1;
                }
                SPLIT => {
                    follow(b, t, &mut top);
                    follow(a, t, &mut top);
                }
                JUMP => follow(a, t, &mut top),
                ASSERT if self.assertion(a, b == 1, text, pos) => follow(pc.saturating_add(1), t, &mut top),
                AHEAD..=NOT_BOUND => {
                    let class = |c: Option<char>| c.is_some_and(|c| self.in_class(c as u32, a as usize, b as usize));
                    let next = || class(text[pos..].chars().next());
                    let prev = || class(text[..pos].chars().next_back());
                    let holds = match op {
                        AHEAD => next(),
                        NOT_AHEAD => !next(),
                        BEHIND => prev(),
                        NOT_BEHIND => !prev(),
                        BOUND => prev() != next(),
                        _ => prev() == next(),
                    };
                    if holds {
                        follow(pc.saturating_add(1), t, &mut top);
                    }
                }
                _ => {}
            }
        }
        false
    }

    /// Whether assertion `kind` holds at byte `pos` of `text` (`unix`: only `\n` ends a line).
    fn assertion(&self, kind: u32, unix: bool, text: &str, pos: usize) -> bool {
        let bytes = text.as_bytes();
        let rest = &text[pos..];
        let before = &text[..pos];
        // Java's line terminators; `\r\n` is one.
        let terminator =
            |c: char| if unix { c == '\n' } else { matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') };
        let between_crlf = !unix && before.ends_with('\r') && rest.starts_with('\n');
        match kind {
            assertion::START => pos == 0,
            assertion::END => pos == text.len(),
            assertion::ASCII_WORD | assertion::NOT_ASCII_WORD => {
                let before = pos > 0 && is_word(bytes[pos - 1]);
                let after = pos < bytes.len() && is_word(bytes[pos]);
                (before != after) == (kind == assertion::ASCII_WORD)
            }
            assertion::JAVA_END => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next(), chars.next()) {
                    (None, _, _) => true,
                    (Some(c), None, _) => terminator(c) && !between_crlf,
                    (Some('\r'), Some('\n'), None) => !unix,
                    _ => false,
                }
            }
            assertion::JAVA_LINE_START => {
                !rest.is_empty() && (pos == 0 || (before.chars().next_back().is_some_and(terminator) && !between_crlf))
            }
            assertion::JAVA_LINE_END => rest.chars().next().is_none_or(|c| terminator(c) && !between_crlf),
            _ => false,
        }
    }

    fn in_class(&self, c: u32, start: usize, count: usize) -> bool {
        let bounds = start.checked_mul(2).zip(start.checked_add(count).and_then(|e| e.checked_mul(2)));
        let Some(ranges) = bounds.and_then(|(lo, hi)| self.ranges().get(lo..hi)) else { return false };
        // The first range whose upper bound is at least `c`.
        let (mut lo, mut hi) = (0, count);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if ranges[mid * 2 + 1] < c {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo < count && ranges[lo * 2] <= c
    }
}

struct Threads<'a> {
    marks: &'a mut [u32],
    stack: &'a mut [u32],
    stamp: u32,
}

impl Threads<'_> {
    /// Marks `pc` as added at this position; false when it was already, or is outside the
    /// program.
    fn mark(&mut self, pc: u32) -> bool {
        match self.marks.get_mut(pc as usize) {
            Some(m) if *m != self.stamp => {
                *m = self.stamp;
                true
            }
            _ => false,
        }
    }

    /// A new position: a new stamp (the marks start again from zero after four billion).
    fn next_stamp(&mut self) {
        if self.stamp == u32::MAX {
            self.marks.fill(0);
            self.stamp = 0;
        }
        self.stamp += 1;
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_a_hand_written_program() {
        // `^a[b-d]+$`, written by hand in the instruction set.
        let insts: &'static [u32] = &[
            5, 0, 0, // 0: ^
            1, 'a' as u32, 0, // 1: a
            2, 0, 1, // 2: [b-d]
            3, 4, 6, // 3: split 4, 6
            2, 0, 1, // 4: [b-d]
            4, 3, 0, // 5: jump 3
            5, 1, 0, // 6: $
            0, 0, 0, // 7: match
        ];
        let p = Program::new(insts, &['b' as u32, 'd' as u32], true);
        assert!(p.is_match("ab"));
        assert!(p.is_match("abcdbd"));
        assert!(!p.is_match("a"));
        assert!(!p.is_match("abe"));
        assert!(!p.is_match("xab"));
    }

    #[test]
    fn unanchored_programs_search_every_start() {
        // `b\b`
        let insts: &'static [u32] = &[1, 'b' as u32, 0, 5, 2, 0, 0, 0, 0];
        let p = Program::new(insts, &[], false);
        assert!(p.is_match("aab b"));
        assert!(p.is_match("xb"));
        assert!(!p.is_match("bbc bc"));
        assert!(p.is_match("é-b"));
    }

    #[test]
    fn arbitrary_words_never_panic() {
        // Targets and classes outside the program, a program without `match`, huge numbers.
        let cases: &[(&'static [u32], &'static [u32])] = &[
            (&[3, 7, 900, 4, u32::MAX, 0], &[]),
            (&[1, 'a' as u32, 0], &[]),
            (&[2, 5, 9, 0, 0, 0], &[1, 2]),
            (&[6, u32::MAX, u32::MAX, 10, 0, 3, 0, 0, 0], &[0, 0x10FFFF]),
            (&[5, 99, 1, 3, 0, 0, 0, 0], &[]),
            (&[0, 0], &[]),
        ];
        for (insts, ranges) in cases {
            for anchored in [true, false] {
                let p = Program::new(insts, ranges, anchored);
                for text in ["", "a", "ab\n", "é😀"] {
                    let _ = p.is_match(text);
                }
            }
        }
        assert!(Program::new(&[0, 0, 0], &[], true).is_match(""), "a lone `match` matches");
    }
}
