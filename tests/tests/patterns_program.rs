//! The Pike VM that runs compiled pattern programs agrees with the `regex` crate on the same
//! translation, for random patterns (alternation, groups, nested and counted repeats,
//! anchors anywhere, word boundaries, negated and Unicode classes) and random strings.

use ivs_codegen::pattern::translate;
use proptest::prelude::*;

fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_string()),
        Just("b".to_string()),
        Just("é".to_string()),
        Just("-".to_string()),
        Just(" ".to_string()),
        Just("\\.".to_string()),
        Just(".".to_string()),
        Just("[a-c]".to_string()),
        Just("[^a]".to_string()),
        Just("[\\w-]".to_string()),
        Just("\\d".to_string()),
        Just("\\s".to_string()),
        Just("\\W".to_string()),
        Just("\\p{L}".to_string()),
        Just("[\\p{L}\\p{N}_]".to_string()),
        Just("\\b".to_string()),
        Just("\\B".to_string()),
        Just("^".to_string()),
        Just("$".to_string()),
    ]
}

fn quantifier() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(String::new()),
        1 => Just("+".to_string()),
        1 => Just("*".to_string()),
        1 => Just("?".to_string()),
        1 => Just("{2}".to_string()),
        1 => Just("{0,3}".to_string()),
        1 => Just("{1,}".to_string()),
        1 => Just("*?".to_string()),
    ]
}

fn pattern() -> impl Strategy<Value = String> {
    let leaf = (atom(), quantifier()).prop_map(|(a, q)| if a.starts_with(['^', '$']) { a } else { a + &q });
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..4).prop_map(|v| v.concat()),
            (proptest::collection::vec(inner.clone(), 2..4), quantifier())
                .prop_map(|(v, q)| format!("({}){q}", v.join("|"))),
            (inner, quantifier()).prop_map(|(x, q)| format!("(?:{x}){q}")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]
    #[test]
    fn program_agrees_with_regex(p in pattern(), inputs in proptest::collection::vec("[ab019 .\\-_xéЖ\n]{0,12}", 40)) {
        let t = translate(&p).expect("translates");
        prop_assume!(!t.fancy);
        // Instructions the `regex` crate has no syntax for (one-character look-around, Java's
        // anchors and boundaries: `\b+` is Java) are checked against node and Java instead.
        prop_assume!(!t.rust.contains(ivs_codegen::pattern::MARKER));
        let vm = ivs_tests::runtime_program(t.program.as_ref().expect("a program for every pattern that is not fancy"));
        let re = regex::Regex::new(&t.rust).expect("compiles");
        for s in &inputs {
            // `find`, not `is_match`: see `regex_is_match_disagrees_with_find_on_ascii_non_boundaries`.
            prop_assert_eq!(vm.is_match(s), re.find(s).is_some(), "{} (as {}) on {:?}", p, t.rust, s);
        }
    }
}

#[test]
fn large_programs_run_on_the_heap_and_agree() {
    // Over 2,048 instructions: the VM's buffers come from the heap.
    let p = "^(?:[a-c]x|[0-9]y){1,700}$";
    let t = translate(p).expect("translates");
    let program = t.program.as_ref().expect("program");
    assert!(program.insts().len() / 3 > 2048, "{} instructions", program.insts().len() / 3);
    let vm = ivs_tests::runtime_pattern(p, &t);
    let re = regex::Regex::new(&t.rust).expect("compiles");
    for s in ["ax", "ax1y".repeat(300).as_str(), "ax".repeat(701).as_str(), "", "ax1"] {
        assert_eq!(vm.is_match(s), Ok(re.is_match(s)), "{s:?}");
    }
}

/// Found by the property above: for `(?-u:\B)` (ECMA's `\B`) in text with multi-byte
/// characters, the `regex` crate's `is_match` (1.x, as locked) answers `false` where its own
/// `find` finds a match. The VM steps over whole characters, so `\B` is only tried between
/// characters, as ECMA-262 does with the `u` flag: `(é|\B+)` matches `xéa` (it contains `é`),
/// and `\B` alone does not (every position between its characters is a boundary).
#[test]
fn regex_is_match_disagrees_with_find_on_ascii_non_boundaries() {
    for (p, s, want) in [("(é|\\B+)", "xéa", true), ("\\B", "xéa", false), ("\\B", "ab", true)] {
        let t = translate(p).expect("translates");
        let vm = ivs_tests::runtime_pattern(p, &t);
        assert_eq!(vm.is_match(s), Ok(want), "{p} on {s:?}");
        let re = regex::Regex::new(&t.rust).expect("compiles");
        assert_eq!(re.find(s).is_some(), want, "regex find: {p} on {s:?}");
    }
}

/// A large repeat of a one-character atom is checked by counting characters; of a longer
/// atom, it is unrolled (counting characters would be wrong: `(ab|cd){1,1001}` takes up to
/// 2,002 characters).
#[test]
fn large_repeats_count_characters_only_for_one_character_atoms() {
    let long = translate("^(ab|cd){1,1001}$").expect("translates");
    assert_eq!(long.count, None);
    let vm = ivs_tests::runtime_pattern("^(ab|cd){1,1001}$", &long);
    assert_eq!(vm.is_match(&"ab".repeat(600)), Ok(true));
    assert_eq!(vm.is_match(&"cd".repeat(1001)), Ok(true));
    assert_eq!(vm.is_match(&"ab".repeat(1002)), Ok(false));
    assert_eq!(vm.is_match("a"), Ok(false));
    let one = translate("^[a-z]{1,5000}$").expect("translates");
    assert_eq!(one.count, Some((1, 5000)));
    let vm = ivs_tests::runtime_pattern("^[a-z]{1,5000}$", &one);
    assert_eq!(vm.is_match(&"q".repeat(5000)), Ok(true));
    assert_eq!(vm.is_match(&"q".repeat(5001)), Ok(false));
    assert_eq!(vm.is_match(""), Ok(false));
}
