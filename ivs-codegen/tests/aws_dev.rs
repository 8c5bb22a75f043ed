//! The development corpus: every model in `../shared/models/aws-dev/` (40 AWS models of every
//! protocol family and size) generates with no warning (but the notice that a service on
//! restXml, awsQuery or ec2Query gets types only) into a package that passes
//! `cargo clippy -- -D warnings` and `cargo doc` with `-D warnings`, checked through
//! `ivs-codegen survey --compile` as a user would run it. One target folder serves every
//! package.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn the_development_corpus_generates_and_compiles_clippy_clean() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/models/aws-dev");
    // `IVS_HIDE_SHARED=1`: behave as in a clone without `../shared` (see `.ci/run`).
    if !root.is_dir() || std::env::var("IVS_HIDE_SHARED").as_deref() == Ok("1") {
        assert!(
            std::env::var("IVS_REQUIRE_SHARED").as_deref() != Ok("1"),
            "IVS_REQUIRE_SHARED=1 but {} does not exist",
            root.display()
        );
        println!("skipped the_development_corpus_generates_and_compiles_clippy_clean: {} is absent", root.display());
        return;
    }
    let models = std::fs::read_dir(&root)
        .map(|rd| rd.filter_map(Result::ok).filter(|e| e.path().extension().is_some_and(|x| x == "json")).count())
        .unwrap_or(0);
    assert!(models > 0, "no models in {}", root.display());
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("survey-aws-dev");
    let out = Command::new(env!("CARGO_BIN_EXE_ivs-codegen"))
        .arg("survey")
        .arg("--models")
        .arg(&root)
        .arg("--compile")
        .arg("--work-dir")
        .arg(&work)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("the CLI runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    let lines: Vec<&str> = stdout.lines().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(lines.len(), models, "one line per model:\n{stdout}");
    // Clean: compiled, and no warning but the notice that a service's protocol gets types only
    // (restXml, awsQuery, ec2Query: `{service}: protocol {id}: types only, no wire`).
    let all: Vec<&str> = stdout.lines().collect();
    let bad: Vec<&str> = all
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.starts_with(' '))
        .filter(|(i, l)| {
            let notices = all[i + 1..]
                .iter()
                .take_while(|w| w.starts_with(' '))
                .filter(|w| w.trim_start().starts_with("warning: ") && w.ends_with(": types only, no wire"))
                .count();
            !l.ends_with(&format!("compiled yes, {notices} warnings"))
        })
        .map(|(_, l)| *l)
        .collect();
    assert!(bad.is_empty(), "{} of {models} models are not clean:\n{stdout}", bad.len());
    assert!(out.status.success(), "survey exit status {:?}", out.status);
    // The packages the survey wrote, documented.
    for entry in std::fs::read_dir(&work).expect("the survey's work folder").filter_map(Result::ok) {
        let manifest = entry.path().join("Cargo.toml");
        if !manifest.is_file() {
            continue;
        }
        let doc = Command::new(env!("CARGO"))
            .args(["doc", "--quiet", "--no-deps", "--manifest-path"])
            .arg(&manifest)
            .env("CARGO_TARGET_DIR", work.join("target"))
            .env("RUSTDOCFLAGS", "-D warnings")
            .env_remove("RUSTFLAGS")
            .output()
            .expect("cargo runs");
        assert!(
            doc.status.success(),
            "cargo doc failed for {}:\n{}",
            manifest.display(),
            String::from_utf8_lossy(&doc.stderr)
        );
    }
}
