//! The library crates deny no lint in their sources (`#![deny(warnings)]` there would break
//! the build of every generated package that uses the runtime by path as soon as a newer
//! rustc adds a warning, since Cargo caps lints only for registry and git dependencies).
//! Warnings are denied here instead: `cargo clippy --workspace --all-targets -- -D warnings`
//! (every crate of the workspace and all their targets: libraries, tests, benches, examples),
//! so that `cargo test --workspace` fails on a compiler or clippy warning anywhere in it, and
//! `cargo doc` with rustdoc warnings denied.

use std::process::Command;

#[test]
fn the_workspace_is_warning_free_under_clippy() {
    let clippy = Command::new(env!("CARGO")).args(["clippy", "--version"]).output();
    if !clippy.is_ok_and(|o| o.status.success()) {
        // A toolchain without clippy (`rustup component add clippy`); CI has it.
        assert!(
            std::env::var("IVS_REQUIRE_SHARED").as_deref() != Ok("1"),
            "IVS_REQUIRE_SHARED=1 (CI) but `cargo clippy` is not installed"
        );
        println!("skipped the_workspace_is_warning_free_under_clippy: cargo clippy is not installed");
        return;
    }
    // The workspace's own target folder (shared with the build that runs this test, whose
    // lock is released by then), so that only what changed is checked again.
    cargo_succeeds(&["clippy", "--quiet", "--workspace", "--all-targets", "--", "-D", "warnings"], &[]);
}

/// The same for the documentation: `cargo doc --workspace --no-deps` with rustdoc's warnings
/// (broken or private links, ambiguous names) denied.
#[test]
fn the_workspace_documentation_is_warning_free() {
    cargo_succeeds(&["doc", "--quiet", "--workspace", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")]);
}

/// Runs cargo in the workspace; fails with its output unless it succeeds.
fn cargo_succeeds(args: &[&str], env: &[(&str, &str)]) {
    let out = Command::new(env!("CARGO"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(ivs_tests::workspace())
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo {}: {e}", args[0]));
    assert!(
        out.status.success(),
        "`cargo {}` {env:?} failed:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}
