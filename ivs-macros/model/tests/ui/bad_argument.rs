// Arguments the macro does not take, or of the wrong kind: each error is at the argument.
mod misspelled {
    ivs_model_macro::smithy_model!(modle = "models/ivs.json");
}

mod not_a_string {
    ivs_model_macro::smithy_model!(model = models::ivs);
}

mod both {
    ivs_model_macro::smithy_model!(
        model = "models/ivs.json",
        service = "com.amazonaws.ivs#AmazonInteractiveVideoService",
        operation = "com.amazonaws.ivs#BatchStartViewerSessionRevocation",
    );
}

mod no_model {
    ivs_model_macro::smithy_model!(operation = "com.amazonaws.ivs#BatchStartViewerSessionRevocation");
}

mod not_an_attribute {
    ivs_model_macro::smithy_model!(
        model = "../../../../models/ivs.json",
        type_attribute("com.amazonaws.ivs#ViewerSession", "derive(Hash"),
    );
}

fn main() {}
