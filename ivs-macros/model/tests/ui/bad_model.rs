// A model the generator rejects: the error is at the `model` argument, with the generator's
// message (each problem names its shape and member). trybuild builds this file in
// target/tests/trybuild/ivs-model-macro/, the CARGO_MANIFEST_DIR the path is relative to.
ivs_model_macro::smithy_model!(model = "../../../../ivs-macros/model/tests/ui/models/bad.json");

fn main() {}
