// Without `strict`, what the generator skips is a warning at the `model` argument (denied
// here, so that it shows).
#![deny(deprecated)]

ivs_model_macro::smithy_model!(model = "../../../../tests/models/shapes.json");

fn main() {}
