//! Generates the whole IVS service from `../shared/models/aws/` when it is there, for the
//! HTTP tests of its tagging operations; sets `cfg(ivs_full)` when it did.

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(ivs_full)");
    let model =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/models/aws/ivs-2020-07-14.2026-04-27.json");
    println!("cargo::rerun-if-changed={}", model.display());
    if !model.is_file() {
        // A path that never exists makes Cargo rerun this script on every build while the
        // model is absent: a model that appears later (with an old modification time, as a
        // copied or linked `../shared` has) is then still noticed.
        println!("cargo::rerun-if-changed={}.absent", model.display());
        return;
    }
    let result = ivs_codegen::Config::new().model(&model).file_name("ivs_full.rs").generate();
    match result {
        Ok(_) => println!("cargo::rustc-cfg=ivs_full"),
        Err(e) => {
            eprintln!("generating {}: {e}", model.display());
            std::process::exit(1);
        }
    }
}
