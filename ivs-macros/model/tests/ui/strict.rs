// `strict`: what the generator skips (here an event-stream operation) is an error at `strict`.
ivs_model_macro::smithy_model!(model = "../../../../tests/models/shapes.json", strict);

fn main() {}
