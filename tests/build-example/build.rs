//! Generates two modules from two models at build time: `common` (a shared `Tag`), and
//! `store`, whose `Tag` is taken from `common` instead of generated again, with attributes
//! added to chosen items.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::var("OUT_DIR")?;
    ivs_codegen::Config::new()
        .model("models/common.json")
        .out_dir(&out)
        .file_name("common.rs")
        .type_attribute("example.common#Tag", "#[derive(Eq, Hash)]")
        .emit_rerun_if_changed(true)
        .generate()?;
    ivs_codegen::Config::new()
        .model("models/store.json")
        .out_dir(&out)
        .file_name("store.rs")
        .extern_type("example.common#Tag", "crate::common::Tag")
        .type_attribute("example.store#Size", "derive(Eq, Hash)")
        .type_attribute("example.store#*", "#[doc(alias = \"shop\")]")
        .field_attribute("example.store#Item$name", "#[doc(alias = \"title\")]")
        .emit_rerun_if_changed(true)
        .generate()?;
    Ok(())
}
