//! Assembling files into one model, as the reference assembler does: shape ids resolved
//! (through `use`, the namespace, then the prelude; forward references across files),
//! annotation traits given their value, mixins and `for` filling elided targets, `apply`
//! merged, 1.0 files upgraded, then written as the reference serializer writes a JSON AST
//! (no prelude; members inherited from mixins written only as `apply` of the traits they
//! add; id lists sorted).

use std::collections::BTreeMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FNV-1a: the maps here are keyed by shape ids the model's own author wrote (no hostile
/// input to guard against), and SipHash showed in profiles.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<Fnv>>;
type HashSet<K> = std::collections::HashSet<K, BuildHasherDefault<Fnv>>;

use super::node::Node;
use super::parser::{Field, ParsedFile, RawApply, RawMember, RawShape, Trait};

/// A problem assembling the model, naming the file (and position when known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssembleError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for AssembleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

/// The prelude's shapes and their types.
pub const PRELUDE: &[(&str, &str)] = &[
    ("String", "string"),
    ("Blob", "blob"),
    ("BigInteger", "bigInteger"),
    ("BigDecimal", "bigDecimal"),
    ("Timestamp", "timestamp"),
    ("Document", "document"),
    ("Boolean", "boolean"),
    ("Byte", "byte"),
    ("Short", "short"),
    ("Integer", "integer"),
    ("Long", "long"),
    ("Float", "float"),
    ("Double", "double"),
    ("PrimitiveBoolean", "boolean"),
    ("PrimitiveByte", "byte"),
    ("PrimitiveShort", "short"),
    ("PrimitiveInteger", "integer"),
    ("PrimitiveLong", "long"),
    ("PrimitiveFloat", "float"),
    ("PrimitiveDouble", "double"),
    ("Unit", "structure"),
    ("trait", "structure"),
    ("TraitDiffRules", "list"),
    ("TraitDiffRule", "structure"),
    ("TraitChangeType", "enum"),
    ("Severity", "enum"),
    ("StructurallyExclusive", "enum"),
    ("deprecated", "structure"),
    ("box", "structure"),
    ("documentation", "string"),
    ("externalDocumentation", "map"),
    ("auth", "list"),
    ("AuthTraitReference", "string"),
    ("protocolDefinition", "structure"),
    ("TraitShapeIdList", "list"),
    ("TraitShapeId", "string"),
    ("authDefinition", "structure"),
    ("httpBasicAuth", "structure"),
    ("httpDigestAuth", "structure"),
    ("httpBearerAuth", "structure"),
    ("httpApiKeyAuth", "structure"),
    ("traitValidators", "map"),
    ("TraitValidator", "structure"),
    ("metadata", "structure"),
    ("ShapeClosures", "list"),
    ("ShapeClosure", "structure"),
    ("ClosureId", "string"),
    ("Namespaces", "list"),
    ("Renames", "map"),
    ("CommonMark", "string"),
    ("Identifier", "string"),
    ("default", "document"),
    ("addedDefault", "structure"),
    ("clientOptional", "structure"),
    ("HttpApiKeyLocations", "enum"),
    ("optionalAuth", "structure"),
    ("examples", "list"),
    ("Example", "structure"),
    ("ExampleError", "structure"),
    ("error", "enum"),
    ("retryable", "structure"),
    ("readonly", "structure"),
    ("idempotent", "structure"),
    ("IdempotentErrors", "list"),
    ("idempotencyToken", "structure"),
    ("internal", "structure"),
    ("jsonName", "string"),
    ("xmlAttribute", "structure"),
    ("xmlFlattened", "structure"),
    ("xmlName", "string"),
    ("xmlNamespace", "structure"),
    ("NonEmptyString", "string"),
    ("noReplace", "structure"),
    ("mediaType", "string"),
    ("references", "list"),
    ("Reference", "structure"),
    ("NonEmptyStringMap", "map"),
    ("resourceIdentifier", "string"),
    ("private", "structure"),
    ("sensitive", "structure"),
    ("since", "string"),
    ("streaming", "structure"),
    ("requiresLength", "structure"),
    ("longPoll", "structure"),
    ("tags", "list"),
    ("title", "string"),
    ("enum", "list"),
    ("EnumDefinition", "structure"),
    ("EnumConstantBodyName", "string"),
    ("enumValue", "document"),
    ("length", "structure"),
    ("range", "structure"),
    ("pattern", "string"),
    ("required", "structure"),
    ("property", "structure"),
    ("notProperty", "structure"),
    ("nestedProperties", "structure"),
    ("recommended", "structure"),
    ("sparse", "structure"),
    ("uniqueItems", "structure"),
    ("unstable", "structure"),
    ("paginated", "structure"),
    ("http", "structure"),
    ("httpLabel", "structure"),
    ("httpQuery", "string"),
    ("httpQueryParams", "structure"),
    ("httpHeader", "string"),
    ("httpPrefixHeaders", "string"),
    ("httpPayload", "structure"),
    ("httpError", "integer"),
    ("httpResponseCode", "structure"),
    ("cors", "structure"),
    ("NonEmptyStringList", "list"),
    ("eventPayload", "structure"),
    ("eventHeader", "structure"),
    ("idRef", "structure"),
    ("timestampFormat", "enum"),
    ("endpoint", "structure"),
    ("hostLabel", "structure"),
    ("suppress", "list"),
    ("httpChecksumRequired", "structure"),
    ("input", "structure"),
    ("output", "structure"),
    ("unitType", "structure"),
    ("mixin", "structure"),
    ("LocalMixinTraitList", "list"),
    ("LocalMixinTrait", "string"),
    ("RequestCompressionEncodingsList", "list"),
    ("requestCompression", "structure"),
];

/// The type name as a static string (the parser and JSON reader take any name; an unknown
/// one is kept as `unknown`, which nothing matches).
fn static_type(ty: &str) -> &'static str {
    super::parser::SHAPE_TYPES.iter().find(|t| **t == ty).copied().unwrap_or("unknown")
}

fn prelude_type(name: &str) -> Option<&'static str> {
    static TYPES: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TYPES.get_or_init(|| PRELUDE.iter().copied().collect()).get(name).copied()
}

/// Shape types that had a zero value in Smithy 1.0.
const HAD_DEFAULT: &[&str] = &["byte", "short", "integer", "long", "float", "double", "boolean", "intEnum"];

#[derive(Debug, Clone)]
struct Member {
    name: String,
    target: Option<String>,
    traits: Vec<(String, Node)>,
    /// Inherited from (or redefining a member of) a mixin: written as `apply` only.
    mixin: bool,
    line: usize,
    column: usize,
}

#[derive(Debug, Clone)]
struct Shape {
    id: String,
    ty: String,
    file: usize,
    mixins: Vec<String>,
    for_resource: Option<String>,
    members: Vec<Member>,
    fields: Vec<(String, Field)>,
    traits: Vec<(String, Node)>,
    line: usize,
    column: usize,
}

struct Ctx<'a> {
    files: &'a [(String, ParsedFile)],
    /// Every shape defined, with its type.
    types: HashMap<String, &'static str>,
}

impl Ctx<'_> {
    fn type_of(&self, id: &str) -> Option<&'static str> {
        if let Some(t) = self.types.get(id) {
            return Some(t);
        }
        id.strip_prefix("smithy.api#").and_then(prelude_type)
    }

    /// Resolves a shape id as written in `file`: the id and its type (None: not defined).
    fn resolve(&self, file: usize, raw: &str) -> (String, Option<&'static str>) {
        if let Some(p) = raw.bytes().position(|b| b == b'$') {
            if p > 0 && p < raw.len() - 1 {
                let (mut root, ty) = self.resolve(file, &raw[..p]);
                root.push_str(&raw[p..]);
                return (root, ty);
            }
        }
        let f = &self.files[file].1;
        let name = f.uses.get(raw).map(String::as_str).unwrap_or(raw);
        if name.as_bytes().contains(&b'#') {
            return (name.to_string(), self.type_of(name));
        }
        let join = |ns: &str, mut id: String| {
            id.clear();
            id.reserve(ns.len() + 1 + name.len());
            id.push_str(ns);
            id.push('#');
            id.push_str(name);
            id
        };
        match &f.namespace {
            None => {
                let id = join("smithy.api", String::new());
                let t = self.type_of(&id);
                (id, t)
            }
            Some(ns) => {
                let id = join(ns, String::new());
                if let Some(t) = self.types.get(id.as_str()) {
                    return (id, Some(t));
                }
                if let Some(t) = prelude_type(name) {
                    return (join("smithy.api", id), Some(t));
                }
                (id, None)
            }
        }
    }

    fn id(&self, file: usize, raw: &str) -> String {
        self.resolve(file, raw).0
    }

    fn err(&self, file: usize, line: usize, column: usize, message: impl Into<String>) -> AssembleError {
        AssembleError { file: self.files[file].0.clone(), line, column, message: message.into() }
    }

    /// A node value with its unquoted shape ids resolved.
    fn value(&self, file: usize, mut v: Node, line: usize, column: usize) -> Result<Node, AssembleError> {
        self.resolve_ids(file, &mut v, line, column)?;
        Ok(v)
    }

    /// Resolves the unquoted shape ids of a node value in place.
    fn resolve_ids(&self, file: usize, v: &mut Node, line: usize, column: usize) -> Result<(), AssembleError> {
        match v {
            Node::Id(s) => {
                let (id, ty) = self.resolve(file, s);
                if ty.is_none() {
                    return Err(self.err(
                        file,
                        line,
                        column,
                        format!(
                            "Syntactic shape ID `{s}` does not resolve to a valid shape ID: `{id}`. Did you mean to quote this string? Are you missing a model file?"
                        ),
                    ));
                }
                *v = Node::Str(id);
            }
            Node::Arr(a) => {
                for x in a {
                    self.resolve_ids(file, x, line, column)?;
                }
            }
            Node::Obj(o) => {
                for (_, x) in o {
                    self.resolve_ids(file, x, line, column)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn trait_(&self, file: usize, t: Trait) -> Result<(String, Node), AssembleError> {
        let (id, ty) = if t.name.contains('#') && !t.name.contains('$') {
            // Absolute already (as `resolve` would give it back): kept, not copied.
            let ty = self.type_of(&t.name);
            (t.name, ty)
        } else {
            self.resolve(file, &t.name)
        };
        let mut value = self.value(file, t.value, t.line, t.column)?;
        if t.annotation && value == Node::Null {
            match ty {
                None | Some("structure") | Some("map") => value = Node::Obj(Vec::new()),
                Some("list") | Some("set") => value = Node::Arr(Vec::new()),
                _ => {}
            }
        }
        Ok((id, value))
    }

    /// Adds `traits` to the traits of shape `target` (of its `member` when given).
    fn add_traits(
        &self,
        file: usize,
        (target, member): (&str, Option<&str>),
        list: &mut Vec<(String, Node)>,
        traits: Vec<Trait>,
    ) -> Result<(), AssembleError> {
        list.reserve(traits.len());
        for t in traits {
            let (line, column) = (t.line, t.column);
            let (id, value) = self.trait_(file, t)?;
            merge_trait(list, id, value).map_err(|m| {
                let target = match member {
                    Some(member) => format!("{target}${member}"),
                    None => target.to_string(),
                };
                self.err(file, line, column, format!("{m} on shape `{target}`"))
            })?;
        }
        Ok(())
    }
}

fn merge_trait(list: &mut Vec<(String, Node)>, id: String, value: Node) -> Result<(), String> {
    if let Some(e) = list.iter_mut().find(|(k, _)| *k == id) {
        match (&mut e.1, value) {
            (Node::Arr(a), Node::Arr(b)) => a.extend(b),
            (prev, v) if *prev == v => {}
            _ => return Err(format!("Conflicting `{id}` trait found")),
        }
    } else {
        list.push((id, value));
    }
    Ok(())
}

/// Assembles parsed files (named for errors) into one JSON AST.
pub fn assemble(mut files: Vec<(String, ParsedFile)>) -> Result<Node, AssembleError> {
    // The statements are moved out; what stays (namespace, use) resolves names.
    let raw_shapes: Vec<Vec<RawShape>> = files.iter_mut().map(|(_, f)| std::mem::take(&mut f.shapes)).collect();
    let raw_applies: Vec<Vec<RawApply>> = files.iter_mut().map(|(_, f)| std::mem::take(&mut f.applies)).collect();
    let raw_metadata: Vec<Vec<(String, Node)>> =
        files.iter_mut().map(|(_, f)| std::mem::take(&mut f.metadata)).collect();
    let files = files.as_slice();
    // Every definition, duplicates checked.
    let mut defs: Vec<(usize, RawShape)> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::default();
    for (fi, list) in raw_shapes.into_iter().enumerate() {
        for s in list {
            if let Some(&prev) = by_id.get(s.id.as_str()) {
                let (pf, ps) = &defs[prev];
                let pf = *pf;
                if !same_shape(ps, &s) {
                    return Err(AssembleError {
                        file: files[fi].0.clone(),
                        line: s.line,
                        column: s.column,
                        message: format!(
                            "Conflicting shape definition for `{}` found at `{}` and `{}`",
                            s.id, files[pf].0, files[fi].0
                        ),
                    });
                }
                continue;
            }
            if s.id.starts_with("smithy.api#") {
                return Err(AssembleError {
                    file: files[fi].0.clone(),
                    line: s.line,
                    column: s.column,
                    message: format!("Cannot define shape `{}` in the prelude namespace", s.id),
                });
            }
            by_id.insert(s.id.clone(), defs.len());
            defs.push((fi, s));
        }
    }
    let ctx = Ctx { files, types: defs.iter().map(|(_, s)| (s.id.clone(), static_type(&s.ty))).collect() };

    // Shapes with resolved ids and traits.
    let mut shapes: BTreeMap<String, Shape> = BTreeMap::new();
    for (fi, s) in defs {
        let mut traits = Vec::new();
        ctx.add_traits(fi, (&s.id, None), &mut traits, s.traits)?;
        let mut members = Vec::new();
        for m in s.members {
            let mut mt = Vec::new();
            ctx.add_traits(fi, (&s.id, Some(&m.name)), &mut mt, m.traits)?;
            members.push(Member {
                name: m.name,
                target: m.target.as_ref().map(|t| ctx.id(fi, t)),
                traits: mt,
                mixin: false,
                line: m.line,
                column: m.column,
            });
        }
        let fields = s
            .fields
            .iter()
            .map(|(k, f)| {
                let f = match f {
                    Field::Ref(r) => Field::Ref(ctx.id(fi, r)),
                    Field::Refs(v) => Field::Refs(v.iter().map(|r| ctx.id(fi, r)).collect()),
                    Field::RefMap(v) => Field::RefMap(v.iter().map(|(n, r)| (n.clone(), ctx.id(fi, r))).collect()),
                    other => other.clone(),
                };
                (k.clone(), f)
            })
            .collect();
        shapes.insert(
            s.id.clone(),
            Shape {
                id: s.id.clone(),
                ty: s.ty.clone(),
                file: fi,
                mixins: s.mixins.iter().map(|m| ctx.id(fi, m)).collect(),
                for_resource: s.for_resource.as_ref().map(|r| ctx.id(fi, r)),
                members,
                fields,
                traits,
                line: s.line,
                column: s.column,
            },
        );
    }

    for s in shapes.values_mut() {
        let v1 = files[s.file].1.v1;
        let e = |m: String| AssembleError { file: files[s.file].0.clone(), line: s.line, column: s.column, message: m };
        match s.ty.as_str() {
            "set" if !v1 => return Err(e("set shapes cannot be used in Smithy version 2.0".into())),
            "set" => set_trait(&mut s.traits, "smithy.api#uniqueItems", Node::Obj(Vec::new())),
            "enum" | "intEnum" if v1 => {
                return Err(e(format!("{} shapes cannot be used in Smithy version 1.0", s.ty)));
            }
            _ => {}
        }
        if v1 && has(&s.traits, "smithy.api#mixin") {
            return Err(e(format!(
                "Mixins can only be used in Smithy 2.0 or later. Attempted to apply a @mixin trait to `{}` in a model file using version `1.0`.",
                s.id
            )));
        }
        if has(&s.traits, "smithy.api#mixin") {
            if s.ty == "operation"
                && s.fields.iter().any(|(k, f)| {
                    (k == "input" || k == "output") && !matches!(f, Field::Ref(r) if r == "smithy.api#Unit")
                })
            {
                return Err(e(format!("Operation shapes with the mixin trait MUST target `smithy.api#Unit` for their input and output. Operation mixin shape `{}` defines one or both of these properties.", s.id)));
            }
            let non_empty = |f: &Field| match f {
                Field::Refs(v) => !v.is_empty(),
                Field::RefMap(v) => !v.is_empty(),
                _ => true,
            };
            if s.ty == "resource" && s.fields.iter().any(|(k, f)| k != "collectionOperations" && non_empty(f)) {
                return Err(e(format!("Resource shapes with the mixin trait may not define any properties. Resource mixin shape `{}` defines one or more properties.", s.id)));
            }
        }
    }

    // Mixins and resource-bound targets, mixins first.
    let ids: Vec<String> = shapes.keys().cloned().collect();
    let mut done: HashSet<String> = HashSet::default();
    for id in &ids {
        expand(&ctx, &mut shapes, id, &mut done, &mut Vec::new())?;
    }

    for s in shapes.values() {
        let e = |m: String| AssembleError { file: files[s.file].0.clone(), line: s.line, column: s.column, message: m };
        let names: Vec<&str> = s.members.iter().map(|m| m.name.as_str()).collect();
        match s.ty.as_str() {
            "list" | "set" if !names.contains(&"member") => {
                return Err(e(format!("Missing required member of shape `{}`: member", s.id)));
            }
            "map" if !(names.contains(&"key") && names.contains(&"value")) => {
                let missing: Vec<&str> = ["key", "value"].into_iter().filter(|n| !names.contains(n)).collect();
                let plural = if missing.len() > 1 { "members" } else { "member" };
                return Err(e(format!("Missing required {plural} of shape `{}`: {}", s.id, missing.join(", "))));
            }
            "enum" | "intEnum" if names.is_empty() => {
                return Err(e(if s.ty == "enum" {
                    format!("{}: enum must have at least one entry", s.id)
                } else {
                    "intEnum shapes must have at least one member".to_string()
                }));
            }
            _ => {}
        }
    }

    // apply statements.
    for (fi, list) in raw_applies.into_iter().enumerate() {
        for a in list {
            apply(&ctx, &mut shapes, fi, a)?;
        }
    }

    // Smithy 1.0 files: the zero-value defaults.
    let any_v1 = files.iter().any(|(_, f)| f.v1);
    let snapshot: HashMap<String, (String, bool, bool, Option<Node>, bool)> = shapes
        .values()
        .filter(|_| any_v1)
        .map(|s| {
            let v1 = files[s.file].1.v1;
            let boxed = has(&s.traits, "smithy.api#box");
            let default = get(&s.traits, "smithy.api#default").cloned();
            (s.id.clone(), (s.ty.clone(), v1, boxed, default, has(&s.traits, "smithy.api#streaming")))
        })
        .collect();
    for s in shapes.values_mut() {
        if !files[s.file].1.v1 {
            continue;
        }
        if HAD_DEFAULT.contains(&s.ty.as_str()) && !has(&s.traits, "smithy.api#box") {
            let zero = zero(&s.ty);
            set_trait(&mut s.traits, "smithy.api#default", zero);
        }
    }
    for s in shapes.values_mut() {
        if !files[s.file].1.v1 || s.ty != "structure" {
            continue;
        }
        for m in &mut s.members {
            let Some(target) = &m.target else { continue };
            let (tty, target_boxed, streaming) = match snapshot.get(target) {
                Some((ty, v1, boxed, default, streaming)) => {
                    let b = if *v1 {
                        *boxed
                    } else {
                        HAD_DEFAULT.contains(&ty.as_str()) && !default.as_ref().is_some_and(|d| is_zero(ty, d))
                    };
                    (ty.clone(), b, *streaming)
                }
                None => match target.strip_prefix("smithy.api#").and_then(prelude_type) {
                    Some(ty) => (ty.to_string(), HAD_DEFAULT.contains(&ty) && !target.contains("#Primitive"), false),
                    None => continue,
                },
            };
            let member_boxed = has(&m.traits, "smithy.api#box");
            let streaming_blob = tty == "blob" && streaming && !has(&m.traits, "smithy.api#required");
            if (HAD_DEFAULT.contains(&tty.as_str()) || streaming_blob)
                && !has(&m.traits, "smithy.api#default")
                && !member_boxed
                && !target_boxed
            {
                m.traits.push(("smithy.api#default".into(), zero(&tty)));
            } else if member_boxed && !has(&m.traits, "smithy.api#default") {
                m.traits.push(("smithy.api#default".into(), Node::Null));
            }
        }
    }

    // Metadata.
    let mut metadata: Vec<(String, Node, usize)> = Vec::new();
    for (fi, list) in raw_metadata.into_iter().enumerate() {
        for (k, v) in list {
            let v = ctx.value(fi, v, 0, 0)?;
            if let Some(e) = metadata.iter_mut().find(|(kk, _, _)| *kk == k) {
                match (&mut e.1, v) {
                    (Node::Arr(a), Node::Arr(b)) => a.extend(b),
                    (prev, v) if *prev == v => {}
                    _ => {
                        return Err(AssembleError {
                            file: files[fi].0.clone(),
                            line: 0,
                            column: 0,
                            message: format!(
                                "Metadata conflict for key `{k}`. Defined in both `{}` and `{}`",
                                files[e.2].0, files[fi].0
                            ),
                        })
                    }
                }
            } else {
                metadata.push((k, v, fi));
            }
        }
    }

    Ok(serialize(shapes, metadata))
}

fn same_shape(a: &RawShape, b: &RawShape) -> bool {
    let strip = |s: &RawShape| {
        let mut s = s.clone();
        s.line = 0;
        s.column = 0;
        s.members.iter_mut().for_each(|m: &mut RawMember| {
            m.line = 0;
            m.column = 0;
            m.traits.iter_mut().for_each(|t| {
                t.line = 0;
                t.column = 0;
            });
        });
        s.traits.iter_mut().for_each(|t| {
            t.line = 0;
            t.column = 0;
        });
        s
    };
    strip(a) == strip(b)
}

fn has(traits: &[(String, Node)], id: &str) -> bool {
    traits.iter().any(|(k, _)| k == id)
}

fn get<'a>(traits: &'a [(String, Node)], id: &str) -> Option<&'a Node> {
    traits.iter().find(|(k, _)| k == id).map(|(_, v)| v)
}

fn set_trait(traits: &mut Vec<(String, Node)>, id: &str, v: Node) {
    if let Some(e) = traits.iter_mut().find(|(k, _)| k == id) {
        e.1 = v;
    } else {
        traits.push((id.to_string(), v));
    }
}

fn zero(ty: &str) -> Node {
    match ty {
        "boolean" => Node::Bool(false),
        "blob" | "string" => Node::Str(String::new()),
        _ => Node::Num("0".into()),
    }
}

fn is_zero(ty: &str, v: &Node) -> bool {
    match (ty, v) {
        ("boolean", Node::Bool(false)) => true,
        (_, Node::Num(n)) => n.parse::<f64>().is_ok_and(|f| f == 0.0),
        _ => false,
    }
}

/// A member inherited from mixins: name, target, traits of the later mixins.
type Inherited = (String, String, Vec<(String, Node)>);

fn expand(
    ctx: &Ctx,
    shapes: &mut BTreeMap<String, Shape>,
    id: &str,
    done: &mut HashSet<String>,
    stack: &mut Vec<String>,
) -> Result<(), AssembleError> {
    if done.contains(id) {
        return Ok(());
    }
    let Some(shape) = shapes.get(id) else { return Ok(()) };
    if shape.mixins.is_empty() && shape.for_resource.is_none() && shape.members.iter().all(|m| m.target.is_some()) {
        // Nothing to inherit or fill in.
        return Ok(());
    }
    let (file, line, column) = (shape.file, shape.line, shape.column);
    if stack.len() > 256 {
        return Err(ctx.err(file, line, column, format!("Mixins nested more than 256 deep at `{id}`")));
    }
    if stack.iter().any(|s| s == id) {
        return Err(ctx.err(file, line, column, format!("Mixin cycle detected involving `{id}`")));
    }
    stack.push(id.to_string());
    let mixins = shape.mixins.clone();
    for m in &mixins {
        if !shapes.contains_key(m) {
            return Err(ctx.err(file, line, column, format!("Unable to resolve mixin `{m}` of `{id}`")));
        }
        expand(ctx, shapes, m, done, stack)?;
    }
    stack.pop();
    // Targets from the resource named by `for`.
    let for_resource = shapes[id].for_resource.clone();
    let mut resource_targets: Vec<(String, String)> = Vec::new();
    if let Some(r) = &for_resource {
        match shapes.get(r) {
            Some(res) if res.ty == "resource" => {
                for key in ["identifiers", "properties"] {
                    for (k, f) in &res.fields {
                        if k == key {
                            if let Field::RefMap(v) = f {
                                for (n, t) in v {
                                    if !resource_targets.iter().any(|(nn, _)| nn == n) {
                                        resource_targets.push((n.clone(), t.clone()));
                                    }
                                }
                            }
                        }
                    }
                }
            }
            _ => {
                return Err(ctx.err(
                    file,
                    line,
                    column,
                    format!("The target of the `for` production must be a resource shape, but found `{r}`"),
                ))
            }
        }
    }
    let mut inherited: Vec<Inherited> = Vec::new();
    let ty = shapes[id].ty.clone();
    let bad: Vec<String> = mixins.iter().filter(|m| shapes[*m].ty != ty).map(|m| format!("`{m}`")).collect();
    if !bad.is_empty() {
        return Err(ctx.err(
            file,
            line,
            column,
            format!(
                "Mixins may only be mixed into shapes of the same type. The following mixins were applied to the {ty} shape `{id}` which are not {ty} shapes: [{}]",
                bad.join(", ")
            ),
        ));
    }
    for m in &mixins {
        let mixin = &shapes[m];
        for mm in &mixin.members {
            if let Some(t) = &mm.target {
                if let Some(e) = inherited.iter_mut().find(|(n, _, _)| *n == mm.name) {
                    if e.1 != *t && !shapes[id].members.iter().any(|x| x.name == mm.name) {
                        return Err(ctx.err(
                            file,
                            line,
                            column,
                            format!(
                                "{id}${}: Member conflicts with an inherited mixin member: `{m}${}`",
                                mm.name, mm.name
                            ),
                        ));
                    }
                    e.1 = t.clone();
                    for (k, v) in &mm.traits {
                        set_trait(&mut e.2, k, v.clone());
                    }
                } else {
                    inherited.push((mm.name.clone(), t.clone(), Vec::new()));
                }
            }
        }
    }
    let shape = shapes.get_mut(id).expect("present");
    for m in &mut shape.members {
        if m.target.is_none() {
            if let Some((_, t)) = resource_targets.iter().find(|(n, _)| *n == m.name) {
                m.target = Some(t.clone());
            }
        }
    }
    let mut added = Vec::new();
    for (name, target, traits) in inherited {
        if let Some(local) = shape.members.iter_mut().find(|m| m.name == name) {
            match &local.target {
                None => local.target = Some(target),
                Some(t) if *t != target => {
                    return Err(ctx.err(
                        file,
                        local.line,
                        local.column,
                        format!(
                            "{}${}: Member conflicts with an inherited mixin member: `{}`",
                            shape.id,
                            name,
                            mixins.iter().rev().find(|_| true).map(|m| format!("{m}${name}")).unwrap_or_default()
                        ),
                    ))
                }
                Some(_) => {}
            }
            local.mixin = true;
        } else {
            added.push(Member { name, target: Some(target), traits, mixin: true, line, column });
        }
    }
    if !added.is_empty() {
        added.append(&mut shape.members);
        shape.members = added;
    }
    for m in &shape.members {
        if m.target.is_none() {
            return Err(ctx.err(
                file,
                m.line,
                m.column,
                format!("Unable to resolve the elided target of member `{}${}`", shape.id, m.name),
            ));
        }
    }
    done.insert(id.to_string());
    Ok(())
}

fn apply(ctx: &Ctx, shapes: &mut BTreeMap<String, Shape>, fi: usize, a: RawApply) -> Result<(), AssembleError> {
    let target = ctx.id(fi, &a.target);
    let (root, member) = match target.split_once('$') {
        Some((r, m)) => (r.to_string(), Some(m.to_string())),
        None => (target.clone(), None),
    };
    if root.starts_with("smithy.api#") && ctx.files[fi].1.namespace.as_deref() != Some("smithy.api") {
        return Err(ctx.err(
            fi,
            a.line,
            a.column,
            format!("Cannot apply traits to an immutable prelude shape defined in `smithy.api`: `{target}`"),
        ));
    }
    let mut resolved = Vec::new();
    for t in a.traits {
        let (line, column) = (t.line, t.column);
        resolved.push((ctx.trait_(fi, t)?, line, column));
    }
    let unknown = || ctx.err(fi, a.line, a.column, format!("Trait applied to unknown shape `{target}`"));
    let Some(shape) = shapes.get_mut(&root) else { return Err(unknown()) };
    let list = match &member {
        None => &mut shape.traits,
        Some(m) => match shape.members.iter_mut().find(|x| x.name == *m) {
            Some(x) => &mut x.traits,
            None => return Err(unknown()),
        },
    };
    for ((id, v), line, column) in resolved {
        merge_trait(list, id, v).map_err(|m| ctx.err(fi, line, column, format!("{m} on shape `{target}`")))?;
    }
    Ok(())
}

fn target(id: &str) -> Node {
    Node::Obj(vec![("target".into(), Node::Str(id.to_string()))])
}

fn traits_node(traits: Vec<(String, Node)>) -> Option<Node> {
    let v: Vec<(String, Node)> = traits.into_iter().filter(|(k, _)| k != "smithy.api#box").collect();
    if v.is_empty() {
        None
    } else {
        Some(Node::Obj(v))
    }
}

fn member_node(m: Member) -> Node {
    let mut o = vec![("target".to_string(), Node::Str(m.target.unwrap_or_default()))];
    if let Some(t) = traits_node(m.traits) {
        o.push(("traits".into(), t));
    }
    Node::Obj(o)
}

fn serialize(shapes: BTreeMap<String, Shape>, metadata: Vec<(String, Node, usize)>) -> Node {
    let mut out: Vec<(String, Node)> = Vec::new();
    for s in shapes.into_values() {
        let mut o: Vec<(String, Node)> = Vec::new();
        let ty = if s.ty == "set" { "list" } else { s.ty.as_str() };
        o.push(("type".into(), Node::Str(ty.into())));
        if !s.mixins.is_empty() {
            o.push(("mixins".into(), Node::Arr(s.mixins.iter().map(|m| target(m)).collect())));
        }
        let mut applies = Vec::new();
        let mut members = Vec::new();
        for mut m in s.members {
            if s.ty == "enum" && !m.mixin && !has(&m.traits, "smithy.api#enumValue") {
                m.traits.push(("smithy.api#enumValue".into(), Node::Str(m.name.clone())));
            }
            if m.mixin {
                if let Some(t) = traits_node(m.traits) {
                    applies.push((
                        format!("{}${}", s.id, m.name),
                        Node::Obj(vec![("type".into(), Node::Str("apply".into())), ("traits".into(), t)]),
                    ));
                }
            } else {
                members.push((m.name.clone(), member_node(m)));
            }
        }
        match s.ty.as_str() {
            "structure" | "union" | "enum" | "intEnum" => o.push(("members".into(), Node::Obj(members))),
            "list" | "set" | "map" => o.extend(members),
            _ => {}
        }
        if s.ty == "operation" {
            for key in ["input", "output"] {
                let t = s
                    .fields
                    .iter()
                    .find_map(|(k, f)| match f {
                        Field::Ref(r) if k == key => Some(r.clone()),
                        _ => None,
                    })
                    .unwrap_or_else(|| "smithy.api#Unit".into());
                o.push((key.into(), target(&t)));
            }
        }
        for (k, f) in &s.fields {
            if s.ty == "operation" && (k == "input" || k == "output") {
                continue;
            }
            let v = match f {
                Field::Ref(r) => target(r),
                Field::Refs(v) => {
                    if v.is_empty() {
                        continue;
                    }
                    let mut v = v.clone();
                    // As the reference orders shape ids: ignoring case, then by case.
                    v.sort_by(|a, b| a.to_lowercase().cmp(&b.to_lowercase()).then_with(|| a.cmp(b)));
                    v.dedup();
                    Node::Arr(v.iter().map(|r| target(r)).collect())
                }
                Field::RefMap(v) => {
                    if v.is_empty() {
                        continue;
                    }
                    Node::Obj(v.iter().map(|(n, r)| (n.clone(), target(r))).collect())
                }
                Field::Version(v) => {
                    if v.trim().is_empty() {
                        continue;
                    }
                    Node::Str(v.clone())
                }
                Field::Rename(v) => {
                    if v.is_empty() {
                        continue;
                    }
                    Node::Obj(v.iter().map(|(a, b)| (a.clone(), Node::Str(b.clone()))).collect())
                }
            };
            o.push((k.clone(), v));
        }
        if let Some(t) = traits_node(s.traits) {
            o.push(("traits".into(), t));
        }
        out.push((s.id, Node::Obj(o)));
        out.extend(applies);
    }
    let mut root = vec![("smithy".to_string(), Node::Str("2.0".into()))];
    if !metadata.is_empty() {
        root.push(("metadata".into(), Node::Obj(metadata.into_iter().map(|(k, v, _)| (k, v)).collect())));
    }
    root.push(("shapes".into(), Node::Obj(out)));
    Node::Obj(root)
}
