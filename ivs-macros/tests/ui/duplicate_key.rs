use ivs_macros::Structure;

#[derive(Structure)]
pub struct S {
    #[smithy(rename = "key")]
    pub a: Option<String>,
    #[smithy(rename = "key")]
    pub b: Option<String>,
}

fn main() {}
