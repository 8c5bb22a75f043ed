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
use crate::idl::Node;
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
    let top: RawModel<'_> = serde_json::from_str(json)
        .map_err(|e| Problems(vec![Problem::document(format!("not a Smithy JSON AST document: {e}"))]))?;
    let version = version(top.smithy.as_deref())?;
    let raw_shapes = top.shapes.unwrap_or_default();
    let mut b = Builder::default();
    for dup in &raw_shapes.duplicates {
        b.problems.push(Problem::document(format!("shape `{dup}` is defined twice")));
    }
    for (text, raw) in &raw_shapes.entries {
        b.shape(text, || serde_json::from_str(raw.get()).map_err(|e| e.to_string()));
    }
    b.finish(version)
}

/// Reads a JSON AST held as [`Node`] values (what the IDL reader assembles) into a [`Model`]:
/// what [`read`] gives for the same document written as text, without the text.
pub fn read_node(root: Node) -> Result<Model, Problems> {
    let doc = |m: &str| Problems(vec![Problem::document(format!("not a Smithy JSON AST document: {m}"))]);
    let Node::Obj(entries) = root else { return Err(doc("expected an object")) };
    let (mut smithy, mut shapes) = (None, None);
    for (k, v) in entries {
        match (k.as_str(), v) {
            ("smithy", Node::Str(s)) => smithy = Some(s),
            ("smithy", _) => return Err(doc("`smithy` must be a string")),
            ("shapes", Node::Obj(o)) => shapes = Some(o),
            ("shapes", _) => return Err(doc("`shapes` must be an object")),
            _ => {}
        }
    }
    let version = version(smithy.as_deref())?;
    let mut b = Builder::default();
    let mut seen = std::collections::HashSet::new();
    for (text, node) in shapes.unwrap_or_default() {
        if !seen.insert(text.clone()) {
            b.problems.push(Problem::document(format!("shape `{text}` is defined twice")));
        }
        b.shape(&text, || shape_from_node(node));
    }
    b.finish(version)
}

fn version(smithy: Option<&str>) -> Result<SmithyVersion, Problems> {
    match smithy {
        Some(v) if v == "1" || v.starts_with("1.") => Ok(SmithyVersion::V1),
        Some(v) if v == "2" || v.starts_with("2.") => Ok(SmithyVersion::V2),
        Some(v) => {
            Err(Problems(vec![Problem::document(format!("unsupported Smithy version `{v}` (1.0 and 2.0 are read)"))]))
        }
        None => Err(Problems(vec![Problem::document("the `smithy` version property is missing")])),
    }
}

/// The shapes read so far, and the problems found: one conversion for both readers.
#[derive(Default)]
struct Builder {
    problems: Vec<Problem>,
    shapes: BTreeMap<ShapeId, Shape>,
    mixins: BTreeMap<ShapeId, Vec<ShapeId>>,
    applies: Vec<(ShapeId, Option<String>, Traits)>,
}

impl Builder {
    /// One entry of `shapes`: its id as written and its body (read once the id is known good).
    fn shape(&mut self, text: &str, body: impl FnOnce() -> Result<RawShape, String>) {
        let problems = &mut self.problems;
        let Ok((id, member)) = ShapeId::parse_with_member(text).map_err(|e| problems.push(Problem::document(e))) else {
            return;
        };
        let raw: RawShape = match body() {
            Ok(r) => r,
            Err(e) => {
                problems.push(Problem::shape(&id, format!("malformed shape: {e}")));
                return;
            }
        };
        let shape_traits = convert_traits(&id, None, raw.traits, problems);
        if raw.ty == "apply" {
            self.applies.push((id, member, shape_traits));
            return;
        }
        if let Some(member) = member {
            problems.push(Problem::member(&id, &member, "a shape definition cannot have a member id"));
            return;
        }
        let mixin_ids = refs(&id, "mixins", &raw.mixins, problems);
        let kind = match convert_kind(&id, &raw.ty, raw.members, raw.member, raw.key, raw.value, problems) {
            Some(k) => k,
            None => match raw.ty.as_str() {
                "operation" => ShapeKind::Operation {
                    input: opt_ref(&id, "input", raw.input.as_ref(), problems)
                        .unwrap_or_else(|| prelude::unit_id("Unit")),
                    output: opt_ref(&id, "output", raw.output.as_ref(), problems)
                        .unwrap_or_else(|| prelude::unit_id("Unit")),
                    errors: refs(&id, "errors", &raw.errors, problems),
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
                        ops.extend(opt_ref(&id, what, r.as_ref(), problems));
                    }
                    ops.extend(refs(&id, "operations", &raw.operations, problems));
                    ops.extend(refs(&id, "collectionOperations", &raw.collection_operations, problems));
                    ShapeKind::Resource { operations: ops, resources: refs(&id, "resources", &raw.resources, problems) }
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
                        operations: refs(&id, "operations", &raw.operations, problems),
                        resources: refs(&id, "resources", &raw.resources, problems),
                        errors: refs(&id, "errors", &raw.errors, problems),
                        rename,
                    }
                }
                other => {
                    problems.push(Problem::shape(&id, format!("unknown shape type `{other}`")));
                    return;
                }
            },
        };
        if !mixin_ids.is_empty() {
            self.mixins.insert(id.clone(), mixin_ids);
        }
        self.shapes.insert(id.clone(), Shape { id, kind, traits: shape_traits, prelude: false });
    }

    fn finish(self, version: SmithyVersion) -> Result<Model, Problems> {
        let Builder { mut problems, mut shapes, mixins, applies } = self;
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

/// A shape of a [`Node`] document as serde reads it from text into [`RawShape`]: the same
/// fields, unknown ones ignored, a field given twice or of the wrong kind refused.
fn shape_from_node(node: Node) -> Result<RawShape, String> {
    let Node::Obj(entries) = node else { return Err(format!("invalid type: {}, expected a shape", node.kind())) };
    let mut ty = None;
    let mut shape = RawShape {
        ty: String::new(),
        members: None,
        member: None,
        key: None,
        value: None,
        traits: Ordered::default(),
        mixins: Vec::new(),
        input: None,
        output: None,
        errors: Vec::new(),
        operations: Vec::new(),
        collection_operations: Vec::new(),
        resources: Vec::new(),
        create: None,
        put: None,
        read: None,
        update: None,
        delete: None,
        list: None,
        version: None,
        rename: BTreeMap::new(),
    };
    let mut seen: Vec<&'static str> = Vec::new();
    for (k, v) in entries {
        let field: &'static str = match k.as_str() {
            "type" => "type",
            "members" => "members",
            "member" => "member",
            "key" => "key",
            "value" => "value",
            "traits" => "traits",
            "mixins" => "mixins",
            "input" => "input",
            "output" => "output",
            "errors" => "errors",
            "operations" => "operations",
            "collectionOperations" => "collectionOperations",
            "resources" => "resources",
            "create" => "create",
            "put" => "put",
            "read" => "read",
            "update" => "update",
            "delete" => "delete",
            "list" => "list",
            "version" => "version",
            "rename" => "rename",
            _ => continue,
        };
        if seen.contains(&field) {
            return Err(format!("duplicate field `{field}`"));
        }
        seen.push(field);
        match field {
            "type" => ty = Some(node_string(v)?),
            "members" => {
                shape.members = match v {
                    Node::Null => None,
                    v => Some(ordered(v, member_from_node)?),
                }
            }
            "member" => shape.member = opt(v, member_from_node)?,
            "key" => shape.key = opt(v, member_from_node)?,
            "value" => shape.value = opt(v, member_from_node)?,
            "traits" => shape.traits = ordered(v, node_value)?,
            "mixins" => shape.mixins = ref_list(v)?,
            "input" => shape.input = opt(v, ref_from_node)?,
            "output" => shape.output = opt(v, ref_from_node)?,
            "errors" => shape.errors = ref_list(v)?,
            "operations" => shape.operations = ref_list(v)?,
            "collectionOperations" => shape.collection_operations = ref_list(v)?,
            "resources" => shape.resources = ref_list(v)?,
            "create" => shape.create = opt(v, ref_from_node)?,
            "put" => shape.put = opt(v, ref_from_node)?,
            "read" => shape.read = opt(v, ref_from_node)?,
            "update" => shape.update = opt(v, ref_from_node)?,
            "delete" => shape.delete = opt(v, ref_from_node)?,
            "list" => shape.list = opt(v, ref_from_node)?,
            "version" => shape.version = opt(v, node_string)?,
            _ => {
                // "rename"
                let o = ordered(v, node_string)?;
                shape.rename = o.entries.into_iter().collect();
            }
        }
    }
    shape.ty = ty.ok_or("missing field `type`")?;
    Ok(shape)
}

fn opt<T>(v: Node, f: impl FnOnce(Node) -> Result<T, String>) -> Result<Option<T>, String> {
    match v {
        Node::Null => Ok(None),
        v => f(v).map(Some),
    }
}

fn node_string(v: Node) -> Result<String, String> {
    match v {
        Node::Str(s) | Node::Id(s) => Ok(s),
        v => Err(format!("invalid type: {}, expected a string", v.kind())),
    }
}

fn ordered<V>(v: Node, f: impl Fn(Node) -> Result<V, String>) -> Result<Ordered<V>, String> {
    let Node::Obj(entries) = v else { return Err(format!("invalid type: {}, expected a JSON object", v.kind())) };
    let mut out = Ordered { entries: Vec::with_capacity(entries.len()), duplicates: Vec::new() };
    for (k, v) in entries {
        if out.entries.iter().any(|(e, _)| *e == k) {
            out.duplicates.push(k.clone());
        }
        out.entries.push((k, f(v)?));
    }
    Ok(out)
}

fn member_from_node(v: Node) -> Result<RawMember, String> {
    let Node::Obj(entries) = v else { return Err(format!("invalid type: {}, expected a member", v.kind())) };
    let (mut target, mut traits) = (None, None);
    for (k, v) in entries {
        match k.as_str() {
            "target" if target.is_some() => return Err("duplicate field `target`".into()),
            "target" => target = Some(node_string(v)?),
            "traits" if traits.is_some() => return Err("duplicate field `traits`".into()),
            "traits" => traits = Some(ordered(v, node_value)?),
            _ => {}
        }
    }
    Ok(RawMember { target: target.ok_or("missing field `target`")?, traits: traits.unwrap_or_default() })
}

fn ref_from_node(v: Node) -> Result<RawRef, String> {
    let Node::Obj(entries) = v else { return Err(format!("invalid type: {}, expected a reference", v.kind())) };
    let mut target = None;
    for (k, v) in entries {
        if k == "target" {
            if target.is_some() {
                return Err("duplicate field `target`".into());
            }
            target = Some(node_string(v)?);
        }
    }
    Ok(RawRef { target: target.ok_or("missing field `target`")? })
}

fn ref_list(v: Node) -> Result<Vec<RawRef>, String> {
    match v {
        Node::Arr(a) => a.into_iter().map(ref_from_node).collect(),
        v => Err(format!("invalid type: {}, expected a sequence", v.kind())),
    }
}

/// A node value as serde_json reads the same JSON text: numbers as serde_json reads their
/// text (integers as u64 or i64 when they fit, else f64; beyond f64 refused, as the JSON
/// reader refuses such a document), a key given twice keeps the last.
fn node_value(v: Node) -> Result<Value, String> {
    Ok(match v {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(b),
        Node::Num(t) => number(&t)?,
        Node::Str(s) | Node::Id(s) => Value::String(s),
        Node::Arr(a) => Value::Array(a.into_iter().map(node_value).collect::<Result<_, _>>()?),
        Node::Obj(o) => {
            Value::Object(o.into_iter().map(|(k, v)| Ok((k, node_value(v)?))).collect::<Result<_, String>>()?)
        }
    })
}

fn number(text: &str) -> Result<Value, String> {
    let b = text.as_bytes();
    if !b.is_empty() && b.len() <= 19 && b.iter().all(u8::is_ascii_digit) {
        if let Ok(n) = text.parse::<u64>() {
            return Ok(Value::from(n));
        }
    }
    serde_json::from_str::<Value>(text).map_err(|e| format!("{e} ({text})"))
}
