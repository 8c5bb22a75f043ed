//! The runner of Smithy's protocol compliance suites, shared by `protocol_suite.rs`
//! (restJson1) and `aws_json_suite.rs` (awsJson1_0, awsJson1_1): each service is generated as
//! a package with its protocol tests (`Config::protocol_tests`), `cargo test` runs them, and
//! each result is compared with an expectation file of `tests/protocol-tests/`: a case that
//! fails and is not listed fails the suite, and so does a listed `fail` case that passes
//! (remove its line); `skip` cases are not run. `IVS_PROTOCOL_SUITE_LIST=1` prints every
//! failing case with the first line of its failure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What the expectation file says of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Expected {
    kind: Kind,
    reason: String,
    line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Known to fail: it must fail.
    Fail,
    /// Not run.
    Skip,
}

/// `package test-path kind reason` lines; `#` starts a comment.
fn read_expectations(path: &Path) -> BTreeMap<String, Expected> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [package, test, kind, reason] = parts.as_slice() else {
            panic!("{}:{}: expected `package test-path fail|skip reason`", path.display(), i + 1);
        };
        let kind = match *kind {
            "fail" => Kind::Fail,
            "skip" => Kind::Skip,
            other => panic!("{}:{}: `{other}` is not `fail` or `skip`", path.display(), i + 1),
        };
        let key = format!("{package} {test}");
        let previous = out.insert(key.clone(), Expected { kind, reason: reason.to_string(), line: i + 1 });
        assert!(previous.is_none(), "{}:{}: `{key}` is listed twice", path.display(), i + 1);
    }
    out
}

/// The side of a test (`client`, `server`), from its name.
fn side(test: &str) -> &'static str {
    if test.ends_with("__client") || test.contains("__client_") {
        "client"
    } else {
        "server"
    }
}

/// The first line of each failing test's output, by test path.
pub fn failure_lines(stdout: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("---- ").and_then(|l| l.strip_suffix(" stdout ----")) {
            current = Some(rest.to_string());
            continue;
        }
        if let Some(name) = &current {
            let l = line.trim();
            if l.is_empty() || l.starts_with("thread '") {
                continue;
            }
            out.insert(name.clone(), l.to_string());
            current = None;
        }
    }
    out
}

/// `cargo test` in a generated package: (test path → passed) and the whole stdout.
pub fn run_tests(dir: &Path, target: &Path, extra: &[String]) -> (BTreeMap<String, bool>, String) {
    let mut args: Vec<String> =
        ["test", "--no-fail-fast", "--lib", "--", "--exact"].iter().map(|s| s.to_string()).collect();
    args.extend(extra.iter().cloned());
    let output = Command::new(env!("CARGO"))
        .args(&args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut results = BTreeMap::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test protocol_tests::") else { continue };
        if let Some(name) = rest.strip_suffix(" ... ok") {
            results.insert(name.to_string(), true);
        } else if let Some(name) = rest.strip_suffix(" ... FAILED") {
            results.insert(name.to_string(), false);
        }
    }
    assert!(
        !results.is_empty(),
        "{}: no protocol test ran (does the package build?):\n{}",
        dir.display(),
        stderr.lines().filter(|l| l.starts_with("error")).take(20).collect::<Vec<_>>().join("\n")
    );
    (results, stdout)
}

/// Runs one suite file's services against its expectation file.
pub fn run_suite(file: &str, services: &[(&str, &str)], expected: &str) {
    let name = file.trim_end_matches(".json");
    let Some(shared) = ivs_tests::shared_dir() else {
        assert!(
            std::env::var("IVS_REQUIRE_SHARED").as_deref() != Ok("1"),
            "IVS_REQUIRE_SHARED=1 but ../shared is absent"
        );
        println!("skipped the {name} protocol suite: ../shared is absent");
        return;
    };
    let model = shared.join("smithy/protocol-tests").join(file);
    if !model.is_file() {
        assert!(
            std::env::var("IVS_REQUIRE_SHARED").as_deref() != Ok("1"),
            "IVS_REQUIRE_SHARED=1 but {} is absent",
            model.display()
        );
        println!("skipped the {name} protocol suite: {} is absent", model.display());
        return;
    }
    let expectations_path = ivs_tests::workspace().join("tests/protocol-tests").join(expected);
    let expectations = read_expectations(&expectations_path);
    // A stable folder (not a fresh scratch one), shared by every suite: the packages and
    // their target folder are rebuilt incrementally from one run to the next.
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("protocol-suite");
    let target = root.join("target");
    let list = std::env::var("IVS_PROTOCOL_SUITE_LIST").as_deref() == Ok("1");
    let mut problems = Vec::new();
    // (side) -> (passed, known failing, skipped)
    let mut counts: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    for (service, package) in services {
        let dir = root.join(package);
        let out = ivs_codegen::Config::new()
            .model(&model)
            .service(*service)
            .crate_name(*package)
            .protocol_tests(true)
            .out_dir(&dir)
            .generate()
            .unwrap_or_else(|e| panic!("{service} does not generate: {e}"));
        assert!(out.protocol_tests > 0, "{service}: no protocol test was written");
        let skips: Vec<String> = expectations
            .iter()
            .filter(|(k, e)| e.kind == Kind::Skip && k.starts_with(&format!("{package} ")))
            .map(|(k, _)| format!("protocol_tests::{}", &k[package.len() + 1..]))
            .collect();
        let mut extra = Vec::new();
        for s in &skips {
            extra.push("--skip".to_string());
            extra.push(s.clone());
        }
        let (results, stdout) = run_tests(&dir, &target, &extra);
        assert_eq!(results.len() + skips.len(), out.protocol_tests, "{package}: every written test runs or is skipped");
        let failures = failure_lines(&stdout);
        for (name, passed) in &results {
            let key = format!("{package} {name}");
            seen.insert(key.clone());
            let c = counts.entry(side(name)).or_default();
            match (expectations.get(&key), passed) {
                (None, true) => c.0 += 1,
                (None, false) => {
                    let why = failures.get(&format!("protocol_tests::{name}")).cloned().unwrap_or_default();
                    if list {
                        println!("FAILING {key} :: {why}");
                    }
                    problems.push(format!("{key} fails and is not listed: {why}"));
                }
                (Some(e), true) if e.kind == Kind::Fail => problems
                    .push(format!("{key} passes now: remove line {} ({}) of the expectation file", e.line, e.reason)),
                (Some(_), true) => c.0 += 1,
                (Some(e), false) => {
                    if list {
                        let why = failures.get(&format!("protocol_tests::{name}")).cloned().unwrap_or_default();
                        println!("FAILING {key} :: {} :: {why}", e.reason);
                    }
                    c.1 += 1;
                }
            }
        }
        for s in &skips {
            let key = format!("{package} {}", s.trim_start_matches("protocol_tests::"));
            seen.insert(key.clone());
            counts.entry(side(&key)).or_default().2 += 1;
        }
    }
    for (key, e) in &expectations {
        if !seen.contains(key) {
            problems.push(format!("{key} (line {}) is listed but no such test was written", e.line));
        }
    }
    let mut by_reason: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (key, e) in &expectations {
        *by_reason.entry((e.reason.as_str(), side(key))).or_default() += 1;
    }
    for (side, (passed, failing, skipped)) in &counts {
        println!("{name} {side}: {passed} passed, {failing} known failing, {skipped} skipped");
    }
    for ((reason, side), n) in &by_reason {
        println!("  {reason} ({side}): {n}");
    }
    assert!(problems.is_empty(), "{name}: {} unexpected result(s):\n{}", problems.len(), problems.join("\n"));
}
