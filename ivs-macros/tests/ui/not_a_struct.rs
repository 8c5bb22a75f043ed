use ivs_macros::Structure;

#[derive(Structure)]
pub enum Kind {
    A,
    B,
}

#[derive(Structure)]
pub struct Tuple(String);

fn main() {}
