use ivs_macros::Structure;

#[derive(Structure)]
#[smithy(nmae = "S")]
pub struct S {
    #[smithy(requird)]
    pub a: Option<String>,
    #[smithy(rename = "x", rename = "y")]
    pub b: Option<String>,
    #[smithy(header = "X-A", query = "a")]
    pub c: Option<String>,
}

fn main() {}
