//! The required members found absent while a request is read, kept small: every one as a
//! 128-bit hash of its path, and the first few also as the path itself.
//!
//! Validation must tell a member that was absent (reported as "must not be null") from the
//! zero value that stands in for it in the parsed value (not checked), for every absent
//! member, or the count of violations would be wrong. A path's hash is what it needs: 16
//! bytes an absent member, where its path was a string of its own (and, while parsing, a
//! vector of segments). The paths themselves are only needed for the members that a report
//! lists without validation having met them, which is at most [`report_limit`] of them.
//!
//! A path is hashed as the text it renders to (the JSON pointer): each segment by a
//! polynomial hash of its bytes modulo 2^61 − 1, and the segments by a polynomial in another
//! base, the leaf's at the lowest power; all bases are drawn at random per parse, and
//! everything is computed twice with independent bases. Such a hash can be extended at the
//! front knowing only the segment put there: deserialization learns a path from the inside out (a member, then the list index
//! around it, then the member holding the list), and validation walks its [`Path`] from the
//! leaf up too, so neither renders anything. Two different paths share both hashes with a
//! probability below 2^-110 for paths of a few hundred bytes; the bases are secret to the
//! process, so a body cannot be made to collide on purpose.
//!
//! [`report_limit`]: super::report_limit

use std::fmt;

use super::validate::{escape_pointer, push_key, Path};

/// 2^61 − 1, a Mersenne prime.
const P: u64 = (1 << 61) - 1;

fn mulmod(a: u64, b: u64) -> u64 {
    let x = u128::from(a) * u128::from(b);
    // x < 2^122: the low 61 bits plus the rest is below 2^62.
    let s = (x as u64 & P) + (x >> 61) as u64;
    if s >= P {
        s - P
    } else {
        s
    }
}

fn addmod(a: u64, b: u64) -> u64 {
    let s = a + b;
    if s >= P {
        s - P
    } else {
        s
    }
}

/// The random bases of one parse's path hashes: one for the characters of a segment, one
/// for the segments of a path, each twice (two independent hashes).
#[derive(Clone, Copy)]
pub(crate) struct Bases {
    seg: [u64; 2],
    path: [u64; 2],
}

/// A segment's hash, to put in front of paths (computed once for all of them).
#[derive(Clone, Copy)]
pub(crate) struct SegHash([u64; 2]);

impl Bases {
    /// Four bases in [2^32, P), drawn from the standard library's per-process randomness.
    pub(crate) fn random() -> Bases {
        use std::hash::BuildHasher;
        let state = std::collections::hash_map::RandomState::new();
        let base = |salt: u8| (1 << 32) + state.hash_one(salt) % (P - (1 << 32));
        Bases { seg: [base(1), base(2)], path: [base(3), base(4)] }
    }

    /// The hash of one segment's text (without its `/`): its length plus one, then its bytes seven at
    /// a time, as the coefficients of a polynomial in the segment base.
    pub(crate) fn seg(self, text: &[u8]) -> SegHash {
        let mut out = [0; 2];
        for (j, out) in out.iter_mut().enumerate() {
            let b = self.seg[j];
            let mut h = (text.len() as u64 + 1) % P;
            let mut pw = b;
            for chunk in text.chunks(7) {
                let mut v = 0u64;
                for (k, &c) in chunk.iter().enumerate() {
                    v |= u64::from(c) << (8 * k);
                }
                h = addmod(h, mulmod(v, pw));
                pw = mulmod(pw, b);
            }
            *out = h;
        }
        SegHash(out)
    }

    /// The hash of `/segment` followed by the path hashed as `h`.
    pub(crate) fn prepend(self, s: SegHash, h: [u64; 2]) -> [u64; 2] {
        [addmod(s.0[0], mulmod(self.path[0], h[0])), addmod(s.0[1], mulmod(self.path[1], h[1]))]
    }

    /// The hash of the path rendered as `text` (`/a/0/b`; the empty text is the root). A
    /// rendered segment holds no `/` (it is escaped), so the text splits back into them.
    pub(crate) fn of(self, text: &str) -> [u64; 2] {
        let mut h = EMPTY;
        if let Some(rest) = text.strip_prefix('/') {
            for seg in rest.rsplit('/') {
                h = self.prepend(self.seg(seg.as_bytes()), h);
            }
        } else if !text.is_empty() {
            // Not a path: a segment of its own.
            h = self.prepend(self.seg(text.as_bytes()), h);
        }
        h
    }

    /// The hash of the text `path` renders to, walked from the leaf up, rendering one
    /// segment at a time into `scratch`.
    pub(crate) fn of_path(self, path: &Path<'_>, scratch: &mut String) -> [u64; 2] {
        let mut h = EMPTY;
        let mut p = path;
        loop {
            scratch.clear();
            p = match p {
                Path::Root => return h,
                Path::Member(parent, m) => {
                    escape_pointer(scratch, m);
                    parent
                }
                Path::Index(parent, i) => {
                    // Writing to a `String` cannot fail.
                    let _ = fmt::Write::write_fmt(scratch, format_args!("{i}"));
                    parent
                }
                Path::Key(parent, k) => {
                    push_key(scratch, k);
                    parent
                }
            };
            h = self.prepend(self.seg(scratch.as_bytes()), h);
        }
    }
}

/// The hash of the root path (the empty text).
pub(crate) const EMPTY: [u64; 2] = [0; 2];

/// The required members found absent while reading a request (its body, its `@httpPayload`,
/// its headers, query and labels): every one counted and hashed, the first ones also by path.
///
/// Generated code only passes it along and [`push`](Absent::push)es the members bound to the
/// HTTP message; it is not a public API.
#[derive(Clone)]
pub struct Absent {
    pub(crate) bases: Bases,
    /// Every absent member's path hash, in document order.
    pub(crate) hashes: Vec<[u64; 2]>,
    /// The paths of the first of them (`paths[i]` is the path of `hashes[i]`).
    pub(crate) paths: Vec<String>,
    /// How many paths are kept at most.
    pub(crate) keep: usize,
}

impl fmt::Debug for Absent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Absent").field("count", &self.hashes.len()).field("paths", &self.paths).finish()
    }
}

impl Default for Absent {
    fn default() -> Absent {
        Absent::new(super::report_limit())
    }
}

impl Absent {
    /// None yet; the paths of the first `keep` will be kept.
    pub fn new(keep: usize) -> Absent {
        Absent { bases: Bases::random(), hashes: Vec::new(), paths: Vec::new(), keep }
    }

    /// Records an absent member by its path (`/member`).
    pub fn push(&mut self, path: String) {
        self.hashes.push(self.bases.of(&path));
        if self.paths.len() < self.keep && self.paths.len() + 1 == self.hashes.len() {
            self.paths.push(path);
        }
    }

    /// Records the members of `inner`, read with the same bases (see `Cx::for_absent`).
    pub(crate) fn append(&mut self, inner: Absent) {
        let offset = self.hashes.len();
        self.hashes.extend(inner.hashes);
        // The kept paths stay the first ones in document order.
        if self.paths.len() == offset {
            let room = self.keep.saturating_sub(self.paths.len());
            self.paths.extend(inner.paths.into_iter().take(room));
        }
    }

    /// How many are recorded.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// Whether none are.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// The kept paths, in document order.
    pub fn paths(&self) -> &[String] {
        &self.paths
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A path hashed from the leaf up, without rendering it, is the hash of its text; so is
    /// a path built from the inside out, segment by segment.
    #[test]
    fn a_path_hashes_as_its_text() {
        let bases = Bases::random();
        let long = "k/é~".repeat(200);
        let root = Path::Root;
        let m = Path::Member(&root, "a/b~c");
        let i = Path::Index(&m, 1234);
        let k = Path::Key(&i, &long);
        let leaf = Path::Member(&k, "id");
        let mut scratch = String::new();
        for p in [&root, &m, &i, &k, &leaf] {
            assert_eq!(bases.of_path(p, &mut scratch), bases.of(&p.render()), "{}", p.render());
        }
        let mut h = EMPTY;
        let key_seg = k.render()[i.render().len() + 1..].to_string();
        assert!(key_seg.ends_with('…'), "a long key is cut");
        for seg in ["id", &key_seg, "1234", "a~1b~0c"] {
            h = bases.prepend(bases.seg(seg.as_bytes()), h);
        }
        assert_eq!(h, bases.of(&leaf.render()));
        // Different texts, different hashes (the empty text included).
        assert_ne!(bases.of(""), bases.of("/"));
        assert_ne!(bases.of("/ab"), bases.of("/ba"));
        assert_ne!(bases.of("/a/1"), bases.of("/a1"));
        assert_ne!(bases.of("/a"), bases.of("/a\0"));
        assert_ne!(bases.of("/abcdefgh"), bases.of("/abcdefg"));
    }

    /// Kept paths stay the first ones in document order, appended or pushed.
    #[test]
    fn the_first_paths_are_kept() {
        let mut a = Absent::new(3);
        a.push("/a".to_string());
        let mut b = Absent { bases: a.bases, hashes: Vec::new(), paths: Vec::new(), keep: 5 };
        for p in ["/b", "/c", "/d"] {
            b.push(p.to_string());
        }
        a.append(b);
        a.push("/e".to_string());
        assert_eq!(a.len(), 5);
        assert_eq!(a.paths(), ["/a", "/b", "/c"]);
    }
}
