// A model file that is not there: the error names the path tried.
ivs_model_macro::smithy_model!(model = "models/does-not-exist.json", operation = "com.example#Nothing");

fn main() {}
