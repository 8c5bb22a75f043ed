//! The greedy scan of "simple" patterns agrees with the regex engine on random patterns and
//! random strings.

use ivs_codegen::pattern::translate;
use proptest::prelude::*;

fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_string()),
        Just("b".to_string()),
        Just("-".to_string()),
        Just(":".to_string()),
        Just("\\.".to_string()),
        Just("[a-c]".to_string()),
        Just("[0-9]".to_string()),
        Just("[a-z0-9-]".to_string()),
        Just("[b-]".to_string()),
        Just("\\d".to_string()),
    ]
}

fn quantifier() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("+".to_string()),
        Just("*".to_string()),
        Just("?".to_string()),
        Just("{2}".to_string()),
        Just("{1,3}".to_string()),
        Just("{2,}".to_string()),
    ]
}

fn pattern() -> impl Strategy<Value = String> {
    proptest::collection::vec((atom(), quantifier()), 1..6)
        .prop_map(|parts| format!("^{}$", parts.into_iter().map(|(a, q)| a + &q).collect::<String>()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn scan_agrees_with_regex(p in pattern(), inputs in proptest::collection::vec("[abc019:.\\-xé]{0,10}", 30)) {
        let t = translate(&p).expect("translates");
        if t.simple.is_none() {
            return Ok(());
        }
        let scan = ivs_tests::runtime_pattern(&p, &t);
        let re = regex::Regex::new(&t.rust).expect("compiles");
        for s in &inputs {
            prop_assert_eq!(scan.is_match(s), Ok(re.is_match(s)), "{} on {:?}", p, s);
        }
    }
}

#[test]
fn every_two_part_pattern_agrees_on_a_fixed_set_of_strings() {
    let atoms = ["a", "b", "-", ":", "\\.", "[a-c]", "[0-9]", "[a-z0-9-]", "[b-]", "\\d"];
    let quantifiers = ["", "+", "*", "?", "{2}", "{1,3}", "{2,}"];
    let strings =
        ["", "a", "b", "ab", "aa", "aab", "a-", "-b", "a:b", "1", "12", "a1", "1a", ".", "a.b", "é", "abc", "b-b-"];
    let mut simple = 0;
    for a1 in atoms {
        for q1 in quantifiers {
            for a2 in atoms {
                for q2 in quantifiers {
                    let p = format!("^{a1}{q1}{a2}{q2}$");
                    let t = translate(&p).expect("translates");
                    if t.simple.is_none() {
                        continue;
                    }
                    simple += 1;
                    let scan = ivs_tests::runtime_pattern(&p, &t);
                    let re = regex::Regex::new(&t.rust).expect("compiles");
                    for s in strings {
                        assert_eq!(scan.is_match(s), Ok(re.is_match(s)), "{p} on {s:?}");
                    }
                }
            }
        }
    }
    assert!(simple > 1000, "only {simple} two-part patterns took the scan");
}
