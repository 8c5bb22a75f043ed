//! Cargo rebuilds a crate that uses `smithy_model!` when its model changes: a tiny binary
//! is built and run, its model gains a member (the source is not touched), and the next
//! `cargo run` shows the new member. The package and its target folder stay under
//! `CARGO_TARGET_TMPDIR`, so a second run of this test builds only the tiny crate.

use std::path::{Path, PathBuf};
use std::process::Command;

const MAIN: &str = r##"#[allow(dead_code)]
mod model {
    ivs_model_macro::smithy_model!(model = "model/widget.json");
}

fn main() {
    let widget: model::Widget = serde_json::from_str(r#"{"name":"a","added":"b"}"#).unwrap();
    println!("{}", serde_json::to_string(&widget).unwrap());
}
"##;

fn model(members: &str) -> String {
    format!(r#"{{"smithy": "2.0", "shapes": {{"example#Widget": {{"type": "structure", "members": {{{members}}}}}}}}}"#)
}

fn cargo_run(dir: &Path, target: &Path) -> String {
    let out = Command::new(env!("CARGO"))
        .args(["run", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    assert!(out.status.success(), "cargo run failed in {}:\n{}", dir.display(), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn a_changed_model_is_picked_up() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = here.join("../..");
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("smithy-model-rebuild");
    let (package, target) = (root.join("package"), root.join("target"));
    std::fs::create_dir_all(package.join("src")).expect("creates the package");
    std::fs::create_dir_all(package.join("model")).expect("creates the model folder");
    let manifest = format!(
        "[package]\nname = \"smithy-model-rebuild\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nivs-model-macro = {{ path = {:?} }}\n\
         ivs-types = {{ path = {:?}, default-features = false }}\nserde_json = \"1\"\n\n[workspace]\n",
        here.display().to_string(),
        workspace.join("ivs-types").display().to_string(),
    );
    std::fs::write(package.join("Cargo.toml"), manifest).expect("writes");
    // The workspace's versions, so that nothing is resolved anew.
    std::fs::copy(workspace.join("Cargo.lock"), package.join("Cargo.lock")).expect("copies Cargo.lock");
    std::fs::write(package.join("src/main.rs"), MAIN).expect("writes");

    let file = package.join("model/widget.json");
    let name = r#""name": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}"#;
    std::fs::write(&file, model(name)).expect("writes the model");
    assert_eq!(cargo_run(&package, &target), r#"{"name":"a"}"#, "`added` is not in the model yet");

    let added = format!(r#"{name}, "added": {{"target": "smithy.api#String"}}"#);
    std::fs::write(&file, model(&added)).expect("changes the model");
    assert_eq!(cargo_run(&package, &target), r#"{"name":"a","added":"b"}"#, "the new member is there");
}
