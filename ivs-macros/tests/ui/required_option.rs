use ivs_macros::Structure;

#[derive(Structure)]
pub struct S {
    #[smithy(required)]
    pub a: Option<String>,
    #[smithy(required, default = 3)]
    pub b: i32,
    #[smithy(default)]
    pub c: Option<i32>,
    pub d: i64,
}

fn main() {}
