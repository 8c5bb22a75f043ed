//! The runtime can be published: `cargo package` makes the `ivs-types` crate (with the derive
//! crate and the generator it names, packaged beside it: none is on a registry yet), and the
//! package holds the model its `ivs` feature generates from and the metadata a registry asks
//! for; the generator's package holds the instruction set it shares with the runtime.

use std::process::Command;

#[test]
fn the_runtime_packages() {
    let target = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("package");
    let out = Command::new(env!("CARGO"))
        .current_dir(ivs_tests::workspace())
        .args([
            "package",
            "--no-verify",
            "--allow-dirty",
            "--quiet",
            "-p",
            "ivs-macros",
            "-p",
            "ivs-codegen",
            "-p",
            "ivs-types",
        ])
        .arg("--target-dir")
        .arg(&target)
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "cargo package failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let crate_file = target.join("package/ivs-types-0.1.0.crate");
    let list = Command::new("tar").arg("tzf").arg(&crate_file).output().expect("tar runs");
    let list = String::from_utf8_lossy(&list.stdout);
    for file in ["ivs-types-0.1.0/models/ivs.json", "ivs-types-0.1.0/README.md", "ivs-types-0.1.0/src/rt/isa.rs"] {
        assert!(list.lines().any(|l| l == file), "{file} not in the package:\n{list}");
    }
    let codegen = Command::new("tar").arg("tzf").arg(target.join("package/ivs-codegen-0.1.0.crate")).output();
    let codegen = String::from_utf8_lossy(&codegen.expect("tar runs").stdout).to_string();
    assert!(codegen.lines().any(|l| l == "ivs-codegen-0.1.0/src/isa.rs"), "{codegen}");
    let manifest = std::fs::read_to_string(ivs_tests::workspace().join("ivs-types/Cargo.toml")).expect("reads");
    let workspace = std::fs::read_to_string(ivs_tests::workspace().join("Cargo.toml")).expect("reads");
    for key in ["description", "readme", "license.workspace", "repository.workspace", "rust-version.workspace"] {
        assert!(manifest.contains(key), "ivs-types/Cargo.toml lacks {key}");
    }
    assert!(workspace.contains("license = ") && workspace.contains("repository = "));
}
