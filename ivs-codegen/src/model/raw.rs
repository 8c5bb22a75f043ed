//! Reading the JSON AST document: serde types, then conversion into [`Model`] with every
//! problem collected and named by shape id.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::{prelude, traits, Member, Model, Shape, ShapeId, ShapeKind, Simple, SmithyVersion, Traits};
use crate::problem::{Problem, Problems};

/// A JSON object read in document order; a key given twice is remembered as a duplicate.
struct Ordered<V> {
    entries: Vec<(String, V)>,
    duplicates: Vec<String>,
}

impl<V> Default for Ordered<V> {
    fn default() -> Self {
        Ordered { entries: Vec::new(), duplicates: Vec::new() }
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V2<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for V2<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Ordered::default();
                let mut seen = std::collections::BTreeSet::new();
                while let Some((k, v)) = map.next_entry::<String, V>()? {
                    if !seen.insert(k.clone()) {
                        out.duplicates.push(k.clone());
                    }
                    out.entries.push((k, v));
                }
                Ok(out)
            }
        }
        d.deserialize_map(V2(PhantomData))
    }
}

#[derive(Deserialize)]
struct RawModel<'a> {
    smithy: Option<String>,
    #[serde(borrow)]
    shapes: Option<Ordered<&'a RawValue>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawShape {
    #[serde(rename = "type")]
    ty: String,
    members: Option<Ordered<RawMember>>,
    member: Option<RawMember>,
    key: Option<RawMember>,
    value: Option<RawMember>,
    #[serde(default)]
    traits: Ordered<Value>,
    #[serde(default)]
    mixins: Vec<RawRef>,
    input: Option<RawRef>,
    output: Option<RawRef>,
    #[serde(default)]
    errors: Vec<RawRef>,
    #[serde(default)]
    operations: Vec<RawRef>,
    #[serde(default)]
    collection_operations: Vec<RawRef>,
    #[serde(default)]
    resources: Vec<RawRef>,
    create: Option<RawRef>,
    put: Option<RawRef>,
    read: Option<RawRef>,
    update: Option<RawRef>,
    delete: Option<RawRef>,
    list: Option<RawRef>,
    version: Option<String>,
    #[serde(default)]
    rename: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct RawMember {
    target: String,
    #[serde(default)]
    traits: Ordered<Value>,
}

#[derive(Deserialize)]
struct RawRef {
    target: String,
}

/// Reads a document into a [`Model`].
pub fn read(json: &str) -> Result<Model, Problems> {
    let mut problems: Vec<Problem> = Vec::new();
    let top: RawModel<'_> = serde_json::from_str(json)
        .map_err(|e| Problems(vec![Problem::document(format!("not a Smithy JSON AST document: {e}"))]))?;
    let version = match top.smithy.as_deref() {
        Some(v) if v == "1" || v.starts_with("1.") => SmithyVersion::V1,
        Some(v) if v == "2" || v.starts_with("2.") => SmithyVersion::V2,
        Some(v) => {
            return Err(Problems(vec![Problem::document(format!(
                "unsupported Smithy version `{v}` (1.0 and 2.0 are read)"
            ))]))
        }
        None => return Err(Problems(vec![Problem::document("the `smithy` version property is missing")])),
    };
    let raw_shapes = top.shapes.unwrap_or_default();
    for dup in &raw_shapes.duplicates {
        problems.push(Problem::document(format!("shape `{dup}` is defined twice")));
    }

    let mut shapes: BTreeMap<ShapeId, Shape> = BTreeMap::new();
    let mut mixins: BTreeMap<ShapeId, Vec<ShapeId>> = BTreeMap::new();
    let mut applies: Vec<(ShapeId, Option<String>, Traits)> = Vec::new();
    for (text, raw) in &raw_shapes.entries {
        let Ok((id, member)) = ShapeId::parse_with_member(text).map_err(|e| problems.push(Problem::document(e))) else {
            continue;
        };
        let raw: RawShape = match serde_json::from_str(raw.get()) {
            Ok(r) => r,
            Err(e) => {
                problems.push(Problem::shape(&id, format!("malformed shape: {e}")));
                continue;
            }
        };
        let shape_traits = convert_traits(&id, None, raw.traits, &mut problems);
        if raw.ty == "apply" {
            applies.push((id, member, shape_traits));
            continue;
        }
        if let Some(member) = member {
            problems.push(Problem::member(&id, &member, "a shape definition cannot have a member id"));
            continue;
        }
        let mixin_ids = refs(&id, "mixins", &raw.mixins, &mut problems);
        let kind = match convert_kind(&id, &raw.ty, raw.members, raw.member, raw.key, raw.value, &mut problems) {
            Some(k) => k,
            None => match raw.ty.as_str() {
                "operation" => ShapeKind::Operation {
                    input: opt_ref(&id, "input", raw.input.as_ref(), &mut problems)
                        .unwrap_or_else(|| prelude::unit_id("Unit")),
                    output: opt_ref(&id, "output", raw.output.as_ref(), &mut problems)
                        .unwrap_or_else(|| prelude::unit_id("Unit")),
                    errors: refs(&id, "errors", &raw.errors, &mut problems),
                },
                "resource" => {
                    let mut ops = Vec::new();
                    for (what, r) in [
                        ("create", &raw.create),
                        ("put", &raw.put),
                        ("read", &raw.read),
                        ("update", &raw.update),
                        ("delete", &raw.delete),
                        ("list", &raw.list),
                    ] {
                        ops.extend(opt_ref(&id, what, r.as_ref(), &mut problems));
                    }
                    ops.extend(refs(&id, "operations", &raw.operations, &mut problems));
                    ops.extend(refs(&id, "collectionOperations", &raw.collection_operations, &mut problems));
                    ShapeKind::Resource {
                        operations: ops,
                        resources: refs(&id, "resources", &raw.resources, &mut problems),
                    }
                }
                "service" => {
                    let mut rename = BTreeMap::new();
                    for (from, to) in &raw.rename {
                        match ShapeId::parse(from) {
                            Ok(f) => {
                                rename.insert(f, to.clone());
                            }
                            Err(e) => problems.push(Problem::shape(&id, format!("rename: {e}"))),
                        }
                    }
                    ShapeKind::Service {
                        version: raw.version.clone().unwrap_or_default(),
                        operations: refs(&id, "operations", &raw.operations, &mut problems),
                        resources: refs(&id, "resources", &raw.resources, &mut problems),
                        errors: refs(&id, "errors", &raw.errors, &mut problems),
                        rename,
                    }
                }
                other => {
                    problems.push(Problem::shape(&id, format!("unknown shape type `{other}`")));
                    continue;
                }
            },
        };
        if !mixin_ids.is_empty() {
            mixins.insert(id.clone(), mixin_ids);
        }
        shapes.insert(id.clone(), Shape { id, kind, traits: shape_traits, prelude: false });
    }

    for p in prelude::shapes() {
        if shapes.contains_key(&p.id) {
            problems.push(Problem::shape(&p.id, "redefines a prelude shape"));
            continue;
        }
        shapes.insert(p.id.clone(), p);
    }

    for (id, member, extra) in applies {
        let Some(shape) = shapes.get_mut(&id) else {
            problems.push(Problem::shape(&id, "`apply` targets a shape that does not exist"));
            continue;
        };
        let target_traits = match &member {
            None => &mut shape.traits,
            Some(m) => match member_mut(&mut shape.kind, m) {
                Some(mem) => &mut mem.traits,
                None => {
                    // The member may come from a mixin; keep it as a local re-declaration.
                    if mixins.contains_key(&id) {
                        if let ShapeKind::Structure(ms) | ShapeKind::Union(ms) = &mut shape.kind {
                            ms.push(Member { name: m.clone(), target: prelude::unit_id("Unit"), traits: extra });
                            continue;
                        }
                    }
                    problems.push(Problem::member(&id, m, "`apply` targets a member that does not exist"));
                    continue;
                }
            },
        };
        for (k, v) in extra.iter() {
            target_traits.set(k, v.clone());
        }
    }

    super::apply_mixins(&mut shapes, &mixins, &mut problems);

    if problems.is_empty() {
        Ok(Model { version, shapes })
    } else {
        Err(Problems(problems))
    }
}

fn member_mut<'a>(kind: &'a mut ShapeKind, name: &str) -> Option<&'a mut Member> {
    match kind {
        ShapeKind::Structure(m) | ShapeKind::Union(m) | ShapeKind::Enum(m) | ShapeKind::IntEnum(m) => {
            m.iter_mut().find(|m| m.name == name)
        }
        ShapeKind::List { member, .. } if name == "member" => Some(member),
        ShapeKind::Map { key, .. } if name == "key" => Some(key),
        ShapeKind::Map { value, .. } if name == "value" => Some(value),
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn convert_kind(
    id: &ShapeId,
    ty: &str,
    members: Option<Ordered<RawMember>>,
    member: Option<RawMember>,
    key: Option<RawMember>,
    value: Option<RawMember>,
    problems: &mut Vec<Problem>,
) -> Option<ShapeKind> {
    let simple = match ty {
        "blob" => Some(Simple::Blob),
        "boolean" => Some(Simple::Boolean),
        "string" => Some(Simple::String),
        "byte" => Some(Simple::Byte),
        "short" => Some(Simple::Short),
        "integer" => Some(Simple::Integer),
        "long" => Some(Simple::Long),
        "float" => Some(Simple::Float),
        "double" => Some(Simple::Double),
        "bigInteger" => Some(Simple::BigInteger),
        "bigDecimal" => Some(Simple::BigDecimal),
        "timestamp" => Some(Simple::Timestamp),
        "document" => Some(Simple::Document),
        _ => None,
    };
    if let Some(s) = simple {
        return Some(ShapeKind::Simple(s));
    }
    let mut named_members = |what: &str| -> Vec<Member> {
        let Some(ms) = &members else {
            if what == "enum" || what == "intEnum" {
                problems.push(Problem::shape(id, format!("{what} has no members")));
            }
            return Vec::new();
        };
        for dup in &ms.duplicates {
            problems.push(Problem::member(id, dup, "member is defined twice"));
        }
        ms.entries
            .iter()
            .filter_map(|(name, raw)| {
                if !super::id::is_identifier(name) {
                    problems.push(Problem::member(id, name, "member name is not a Smithy identifier"));
                    return None;
                }
                convert_member(id, name, raw, problems)
            })
            .collect()
    };
    let kind = match ty {
        "enum" => ShapeKind::Enum(named_members("enum")),
        "intEnum" => ShapeKind::IntEnum(named_members("intEnum")),
        "structure" => ShapeKind::Structure(named_members("structure")),
        "union" => ShapeKind::Union(named_members("union")),
        "list" | "set" => {
            let Some(m) = member.as_ref() else {
                problems.push(Problem::shape(id, format!("{ty} has no `member`")));
                return None;
            };
            ShapeKind::List { member: convert_member(id, "member", m, problems)?, set: ty == "set" }
        }
        "map" => {
            let (Some(k), Some(v)) = (key.as_ref(), value.as_ref()) else {
                problems.push(Problem::shape(id, "map needs both `key` and `value`"));
                return None;
            };
            ShapeKind::Map {
                key: convert_member(id, "key", k, problems)?,
                value: convert_member(id, "value", v, problems)?,
            }
        }
        _ => return None,
    };
    Some(kind)
}

fn convert_member(id: &ShapeId, name: &str, raw: &RawMember, problems: &mut Vec<Problem>) -> Option<Member> {
    let target = match ShapeId::parse(&raw.target) {
        Ok(t) => t,
        Err(e) => {
            problems.push(Problem::member(id, name, format!("bad target: {e}")));
            return None;
        }
    };
    let traits = convert_traits(id, Some(name), clone_ordered(&raw.traits), problems);
    Some(Member { name: name.to_string(), target, traits })
}

fn clone_ordered(o: &Ordered<Value>) -> Ordered<Value> {
    Ordered { entries: o.entries.clone(), duplicates: o.duplicates.clone() }
}

fn convert_traits(id: &ShapeId, member: Option<&str>, raw: Ordered<Value>, problems: &mut Vec<Problem>) -> Traits {
    let mut out = Traits::default();
    let report = |problems: &mut Vec<Problem>, msg: String| match member {
        Some(m) => problems.push(Problem::member(id, m, msg)),
        None => problems.push(Problem::shape(id, msg)),
    };
    for (k, v) in raw.entries {
        if let Err(e) = ShapeId::parse(&k) {
            report(problems, format!("trait id: {e}"));
            continue;
        }
        if let Some(expected) = trait_value_kind(&k) {
            if !expected.matches(&v) {
                report(problems, format!("trait `{k}` must be {}, found {v}", expected.describe()));
                continue;
            }
        }
        out.set(&k, v);
    }
    out
}

enum Kind {
    String,
    Object,
    Int,
    List,
}

impl Kind {
    fn matches(&self, v: &Value) -> bool {
        match self {
            Kind::String => v.is_string(),
            Kind::Object => v.is_object(),
            Kind::Int => v.is_u64() || v.is_i64(),
            Kind::List => v.is_array(),
        }
    }
    fn describe(&self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Object => "an object",
            Kind::Int => "an integer",
            Kind::List => "a list",
        }
    }
}

/// The JSON kind of value each typed trait must have; other traits are not checked.
fn trait_value_kind(id: &str) -> Option<Kind> {
    Some(match id {
        traits::DOCUMENTATION
        | traits::ERROR
        | traits::JSON_NAME
        | traits::TIMESTAMP_FORMAT
        | traits::PATTERN
        | traits::HTTP_HEADER
        | traits::HTTP_QUERY
        | traits::HTTP_PREFIX_HEADERS => Kind::String,
        traits::REQUIRED
        | traits::CLIENT_OPTIONAL
        | traits::SENSITIVE
        | traits::HTTP
        | traits::LENGTH
        | traits::RANGE
        | traits::HTTP_LABEL
        | traits::HTTP_PAYLOAD
        | traits::STREAMING => Kind::Object,
        traits::HTTP_ERROR => Kind::Int,
        traits::ENUM => Kind::List,
        _ => return None,
    })
}

fn opt_ref(id: &ShapeId, what: &str, r: Option<&RawRef>, problems: &mut Vec<Problem>) -> Option<ShapeId> {
    let r = r?;
    match ShapeId::parse(&r.target) {
        Ok(t) => Some(t),
        Err(e) => {
            problems.push(Problem::shape(id, format!("{what}: {e}")));
            None
        }
    }
}

fn refs(id: &ShapeId, what: &str, list: &[RawRef], problems: &mut Vec<Problem>) -> Vec<ShapeId> {
    list.iter().filter_map(|r| opt_ref(id, what, Some(r), problems)).collect()
}
