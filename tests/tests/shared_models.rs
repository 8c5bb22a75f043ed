//! Every AWS model in `../shared/models/aws/` (as a whole service) and every conformance
//! model under `tests/models/` generates into a Cargo package that passes
//! `cargo clippy -- -D warnings` and `cargo doc` with `-D warnings`.

use std::path::{Path, PathBuf};
use std::process::Command;

use ivs_codegen::{generate_source, package_files, write_if_changed, Selection};
use ivs_tests::shared_models;

fn cargo(dir: &Path, target: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    assert!(
        out.status.success(),
        "`cargo {}` failed in {}:\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_shared_model_generates_compiles_clippy_clean_and_documents() {
    let shared = shared_models("every_shared_model_generates_compiles_clippy_clean_and_documents").unwrap_or_default();
    let mut models = ivs_tests::conformance_models();
    models.extend(shared.iter().cloned());
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("shared-models");
    let target = root.join("target");
    for model in &models {
        let stem = model.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        let json = std::fs::read_to_string(model).expect("model reads");
        let (text, ir) = generate_source(&json, &Selection::All)
            .unwrap_or_else(|e| panic!("{} does not generate: {e}", model.display()));
        if shared.contains(model) {
            assert!(ir.service.is_some(), "{stem}: generated as a whole service");
            assert!(!ir.operations.is_empty(), "{stem}: has operations");
            assert!(ir.warnings.is_empty(), "{stem}: nothing skipped: {:?}", ir.warnings);
        }
        let name = format!("gen_{}", stem.replace(['-', '.'], "_"));
        let dir = root.join(&stem);
        for (file, body) in package_files(
            &ivs_codegen::Package::new(&name),
            &dir,
            model,
            &[("generated.rs".to_string(), text)],
            ivs_codegen::emit::needs_fancy(&ir),
        ) {
            write_if_changed(&dir.join(file), body.as_bytes()).expect("writes");
        }
        cargo(&dir, &target, &["clippy", "--quiet", "--", "-D", "warnings"]);
        cargo(&dir, &target, &["doc", "--quiet", "--no-deps"]);
    }
}
