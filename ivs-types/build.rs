//! Generates the IVS types from the Smithy model into `OUT_DIR`.
//!
//! The model is `models/ivs.json` of this workspace, unless the environment variable
//! `IVS_MODEL` names another model file (for example the whole IVS service).

fn main() {
    #[cfg(feature = "ivs")]
    generate();
}

#[cfg(feature = "ivs")]
fn generate() {
    use std::path::PathBuf;

    println!("cargo:rerun-if-env-changed=IVS_MODEL");
    let model = match std::env::var_os("IVS_MODEL") {
        Some(path) => PathBuf::from(path),
        // `models/ivs.json` links to the workspace's `models/ivs.json` (a copy in a packaged crate).
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/ivs.json"),
    };
    let result =
        ivs_codegen::Config::new().model(&model).file_name("ivs_types.rs").emit_rerun_if_changed(true).generate();
    match result {
        Ok(out) => {
            for w in &out.warnings {
                println!("cargo:warning={w}");
            }
        }
        Err(e) => {
            // One clear message instead of a panic backtrace.
            eprintln!("ivs-types: generating from {}: {e}", model.display());
            std::process::exit(1);
        }
    }
}
