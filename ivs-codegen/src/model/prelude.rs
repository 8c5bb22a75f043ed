//! The Smithy prelude: the shapes of `smithy.api` every model can target.

use serde_json::json;

use super::{traits, Shape, ShapeId, ShapeKind, Simple, Traits};

/// The prelude shapes, as the specification lists them.
pub fn shapes() -> Vec<Shape> {
    let simple = [
        ("String", Simple::String, None),
        ("Blob", Simple::Blob, None),
        ("BigInteger", Simple::BigInteger, None),
        ("BigDecimal", Simple::BigDecimal, None),
        ("Timestamp", Simple::Timestamp, None),
        ("Document", Simple::Document, None),
        ("Boolean", Simple::Boolean, None),
        ("PrimitiveBoolean", Simple::Boolean, Some(json!(false))),
        ("Byte", Simple::Byte, None),
        ("PrimitiveByte", Simple::Byte, Some(json!(0))),
        ("Short", Simple::Short, None),
        ("PrimitiveShort", Simple::Short, Some(json!(0))),
        ("Integer", Simple::Integer, None),
        ("PrimitiveInteger", Simple::Integer, Some(json!(0))),
        ("Long", Simple::Long, None),
        ("PrimitiveLong", Simple::Long, Some(json!(0))),
        ("Float", Simple::Float, None),
        ("PrimitiveFloat", Simple::Float, Some(json!(0))),
        ("Double", Simple::Double, None),
        ("PrimitiveDouble", Simple::Double, Some(json!(0))),
    ];
    let mut out: Vec<Shape> = simple
        .into_iter()
        .map(|(name, ty, default)| {
            let mut t = Traits::default();
            if let Some(d) = default {
                t.set(traits::DEFAULT, d);
            }
            shape(name, ShapeKind::Simple(ty), t)
        })
        .collect();
    let mut unit = Traits::default();
    unit.set(traits::UNIT_TYPE, json!({}));
    out.push(shape("Unit", ShapeKind::Structure(Vec::new()), unit));
    out
}

/// Whether a 1.0 model's member targeting `target` is non-null by default (a prelude
/// `Primitive*` shape).
pub fn is_primitive(target: &ShapeId) -> bool {
    target.namespace() == "smithy.api" && target.name().starts_with("Primitive")
}

fn shape(name: &str, kind: ShapeKind, traits: Traits) -> Shape {
    Shape { id: unit_id(name), kind, traits, prelude: true }
}

/// `smithy.api#<name>`.
pub fn unit_id(name: &str) -> ShapeId {
    ShapeId::prelude(name)
}
