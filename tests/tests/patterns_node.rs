//! Every `@pattern` of the AWS models in `../shared/models/aws/` compiles, and on sampled
//! strings the generated matcher agrees with `node`, which implements ECMA-262.
//!
//! Strings are sequences of Unicode scalar values, so ECMA-262 is run with the `u` flag (code
//! points, not UTF-16 units) whenever the pattern is valid with it, and without flags for the
//! Annex B patterns that are not (`[\w-.~]`), as the translation assumes. Patterns written
//! with UTF-16 surrogate escapes are run without the flag: their pairs mean supplementary
//! characters only in UTF-16 code units.

use std::collections::BTreeSet;
use std::process::Command;

use ivs_codegen::pattern::translate;
use ivs_tests::shared_models;

/// Deterministic pseudo-random numbers (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn collect_patterns() -> Option<BTreeSet<String>> {
    let models = shared_models("patterns_agree_with_node")?;
    let mut out = BTreeSet::new();
    for m in models {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&m).ok()?).ok()?;
        for shape in v["shapes"].as_object()?.values() {
            if let Some(p) = shape["traits"]["smithy.api#pattern"].as_str() {
                out.insert(p.to_string());
            }
            for member in shape["members"].as_object().into_iter().flat_map(|o| o.values()) {
                if let Some(p) = member["traits"]["smithy.api#pattern"].as_str() {
                    out.insert(p.to_string());
                }
            }
        }
    }
    Some(out)
}

const CORPUS: &[&str] = &[
    "",
    "a",
    "A1",
    "abc-DEF_09",
    " ",
    "\t",
    "\n",
    "x\ny",
    "\r\n",
    "é",
    "日本",
    "😀",
    "a😀b",
    "٣",
    "\u{2028}",
    "\u{a0}",
    "\u{feff}",
    "\u{2003}",
    "arn:aws:ivs:us-west-2:123456789012:channel/abcd",
    "arn:aws:ivs:us-west-2:123456789012:stage/AbCd-1",
    "arn:aws:ivs:us-west-2:123456789012:playback-key/x",
    "arn:aws:ivschat:us-east-1:123:room/r1",
    "arn:aws:ivschat:us-east-1:123:logging-configuration/lc",
    "arn:aws:lambda:us-east-1:123456789012:function:f",
    "arn:aws:mediatailor:us-east-1:1:playbackConfiguration/p",
    "arn:aws:ivs:us-west-2:123456789012:a/b",
    "arn:aws:ivs:US:1:channel/x",
    "arn:aws:ivs:us-west-2::channel/x",
    "-----BEGIN PUBLIC KEY-----\nMIIBIjAN+/=\n-----END PUBLIC KEY-----",
    "-----BEGIN PUBLIC KEY-----\r\nMIIB\r\n-----END PUBLIC KEY-----\r\n",
    "rt_123_abc-1_AbC-1_x",
    "rt_1_a_b_",
    "st-abc123",
    "st-",
    "tag key: value/1=+@",
    "tag!",
    "a.b-c/d#e",
    "a,b;c:d e",
    "x/y",
    "a+b=c",
    "under_score",
    "foo",
    "éfoo",
    "foo_",
    "aws:x",
    "aa",
    "ab",
    "a{",
    "ABC",
    "A1",
    "2024-2024",
    "${NAME}",
    "ababcde",
    "b-d",
    "Éa",
];

/// Patterns of our own that exercise the translation's corners (all valid ECMA-262).
const OWN: &[&str] = &[
    "[a-z]+",
    r"^\d+$",
    r"^\w+$",
    r"^\s+$",
    "^.+$",
    r"^[\w-.~]+$",
    r"\bfoo\b",
    r"^(?!aws:).*$",
    r"^(a)\1$",
    "^[^]$",
    "^a{2,3}$",
    "^a{$",
    r"^[\uD800-\uDBFF][\uDC00-\uDFFF]$",
    r"^\uD83D\uDE00$",
    r"^[\S]+$",
    r"^\D\W$",
    r"^\x41\u0042$",
    "^.{1,2000}$",
    r"^[\s\S]{0,5}$",
    r"^[\p{L}\p{N}]+$",
    r"^\p{Lu}\P{Lu}$",
    r"^[a-c-e]+$",
    r"^\$\{[A-Z_]+\}$",
    "^(?:ab|cd)*?e$",
    r"^(?<year>[0-9]{4})-\k<year>$",
    "a|^$",
];

#[test]
fn patterns_agree_with_node() {
    let mut patterns = collect_patterns().unwrap_or_default();
    patterns.extend(OWN.iter().map(|p| p.to_string()));
    if Command::new("node").arg("--version").output().is_err() {
        assert!(std::env::var("IVS_REQUIRE_SHARED").as_deref() != Ok("1"), "node is required for this test");
        println!("skipped patterns_agree_with_node: node is not installed");
        return;
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut cases = Vec::new();
    for p in &patterns {
        let t = translate(p).unwrap_or_else(|e| panic!("pattern {p:?} does not translate: {e}"));
        let pattern = ivs_tests::runtime_pattern(p, &t);
        let mut strings: Vec<String> = CORPUS.iter().map(|s| s.to_string()).collect();
        // Random strings over the pattern's own characters and a few others.
        let mut alphabet: Vec<char> = p.chars().filter(|c| !"\\^$[]{}()*+?|".contains(*c)).collect();
        alphabet.extend(['a', 'Z', '0', '9', '-', '_', ' ', '\n', 'é', '😀', '/', ':']);
        for _ in 0..60 {
            let len = rng.below(24);
            strings.push((0..len).map(|_| alphabet[rng.below(alphabet.len())]).collect());
        }
        // Single-character edits of the corpus entries the pattern accepts.
        let accepted: Vec<String> = strings.iter().filter(|s| pattern.is_match(s).unwrap_or(false)).cloned().collect();
        for s in accepted {
            let chars: Vec<char> = s.chars().collect();
            if chars.is_empty() {
                continue;
            }
            let at = rng.below(chars.len());
            let mut removed = chars.clone();
            removed.remove(at);
            strings.push(removed.into_iter().collect());
            let mut inserted = chars.clone();
            inserted.insert(at, alphabet[rng.below(alphabet.len())]);
            strings.push(inserted.into_iter().collect());
        }
        cases.push((p.clone(), pattern, strings));
    }
    let input = serde_json::json!(cases
        .iter()
        .map(|(p, _, s)| serde_json::json!({"pattern": p, "strings": s}))
        .collect::<Vec<_>>());
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let file = dir.join("patterns_node_input.json");
    std::fs::write(&file, input.to_string()).expect("writes");
    let script = "const cases = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));\
                  console.log(JSON.stringify(cases.map(c => { let r; const units = /\\\\u[dD][89a-fA-F]/.test(c.pattern); \
                  try { r = new RegExp(c.pattern, units ? '' : 'u'); } catch (e) { r = new RegExp(c.pattern); } \
                  return c.strings.map(s => r.test(s)); })));";
    let out = Command::new("node").arg("-e").arg(script).arg(&file).output().expect("node runs");
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    let node: Vec<Vec<bool>> = serde_json::from_slice(&out.stdout).expect("node answers JSON");
    let mut disagreements = Vec::new();
    let mut compared = 0;
    for ((p, pattern, strings), expected) in cases.iter().zip(&node) {
        for (s, want) in strings.iter().zip(expected) {
            compared += 1;
            let got = pattern.is_match(s).unwrap_or_else(|e| panic!("{p}: {e}"));
            if got != *want {
                disagreements.push(format!("{p:?} on {s:?}: node {want}, ours {got}"));
            }
        }
    }
    assert!(compared > patterns.len() * 50, "only {compared} comparisons");
    assert!(disagreements.is_empty(), "{} of {compared} disagree:\n{}", disagreements.len(), disagreements.join("\n"));
    let simple = cases.iter().filter(|(p, _, _)| translate(p).is_ok_and(|t| t.simple.is_some())).count();
    println!("{} patterns ({simple} by the simple scan), {compared} strings compared with node", patterns.len());
}
