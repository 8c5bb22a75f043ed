//! The intermediate representation: the selected shapes lowered to Rust-oriented items,
//! with every Rust name decided (by [`crate::names`]) before anything is emitted.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::facts::{presence, timestamp_format};
pub use crate::facts::{HttpTrait, Presence, TimestampFormat, UriSegment};
use crate::graph::strongly_connected;
use crate::model::{prelude, traits, Member, Model, ShapeId, ShapeKind, Simple, Traits};
use crate::names::{self, Scope};
use crate::problem::{Problem, Problems};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Selection {
    /// Every service of the model; without a service every operation; without operations
    /// every structure, union and enum.
    #[default]
    All,
    /// One service: every operation it and its resources bind.
    Service(String),
    /// Named operations (absolute ids or bare names).
    Operations(Vec<String>),
}

/// The Rust type of a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `bool`
    Bool,
    /// `i8`
    I8,
    /// `i16`
    I16,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `String`
    String,
    /// `ivs_types::rt::BigInteger`
    BigInteger,
    /// `ivs_types::rt::BigDecimal`
    BigDecimal,
    /// `ivs_types::rt::DateTime`
    Timestamp,
    /// `ivs_types::rt::Blob`
    Blob,
    /// `ivs_types::rt::Document`
    Document,
    /// A generated item, by Rust name.
    Named(String),
    /// `Vec<T>`, or `Vec<Option<T>>` when sparse.
    List(Box<RustType>, bool),
    /// `BTreeMap<String, T>`, or with `Option<T>` values when sparse.
    Map(Box<RustType>, bool),
    /// `Box<T>`: indirection for recursive shapes.
    Boxed(Box<RustType>),
}

/// The constraints on one value position (a member, a list element, a map key or value),
/// and on what is inside it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Check {
    /// `@length`: min and max.
    pub length: Option<(Option<u64>, Option<u64>)>,
    /// `@range`: min and max as the model writes them.
    pub range: Option<(Option<String>, Option<String>)>,
    /// `@pattern`, translated.
    pub pattern: Option<PatternIr>,
    /// `@uniqueItems` (or a 1.0 `set`).
    pub unique: bool,
    /// Checks of the contents.
    pub inner: Inner,
}

/// Checks of what a value contains.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Inner {
    /// Nothing inside to check.
    #[default]
    None,
    /// Each element of a list.
    List(Box<Check>),
    /// Each key and value of a map.
    Map(Box<Check>, Box<Check>),
    /// A generated item, which validates itself.
    Named(String),
}

/// A `@pattern`: the model's text and its translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternIr {
    /// The ECMA-262 text of the model.
    pub ecma: String,
    /// The translation.
    pub translated: crate::pattern::Translated,
}

/// Where an input or output member travels in an HTTP message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The JSON body.
    Body,
    /// `@httpLabel`
    Label,
    /// `@httpQuery`
    Query(String),
    /// `@httpQueryParams`
    QueryParams,
    /// `@httpHeader`
    Header(String),
    /// `@httpPrefixHeaders`
    PrefixHeaders(String),
    /// `@httpPayload`
    Payload,
    /// `@httpResponseCode`
    ResponseCode,
}

/// `@deprecated`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecated {
    /// The message.
    pub message: Option<String>,
    /// The version or date.
    pub since: Option<String>,
}

/// A structure field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldIr {
    /// The member name in the model.
    pub model_name: String,
    /// The JSON key (`@jsonName`, else the member name).
    pub wire_name: String,
    /// The Rust field name.
    pub rust: String,
    /// The Rust type, without the `Option` that [`Presence::Optional`] adds.
    pub ty: RustType,
    /// Required, defaulted or optional.
    pub presence: Presence,
    /// Where the member travels.
    pub location: Location,
    /// Documentation (HTML, as in the model).
    pub docs: Option<String>,
    /// `@sensitive` on the member's target.
    pub sensitive: bool,
    /// `@deprecated` on the member.
    pub deprecated: Option<Deprecated>,
    /// `@timestampFormat` in force for a timestamp member.
    pub timestamp_format: Option<TimestampFormat>,
    /// The target shape.
    pub target: ShapeId,
    /// Constraints on the member's value.
    pub check: Check,
    /// Notes for the documentation that traits call for (`@idempotencyToken`, `@unstable`,
    /// `@sensitive`, `@streaming`).
    pub notes: Vec<String>,
}

/// What an error structure says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorIr {
    /// The error code: the shape name.
    pub code: String,
    /// `@httpError`, else 400 for client errors and 500 for server errors.
    pub status: u16,
    /// `true` for `@error("server")`.
    pub server: bool,
    /// `@retryable`.
    pub retryable: bool,
    /// `@retryable(throttling: true)`.
    pub throttling: bool,
    /// The field that holds the message, if any.
    pub message_field: Option<String>,
}

/// A structure (or an operation's synthetic unit input/output).
#[derive(Debug, Clone, PartialEq)]
pub struct StructIr {
    /// The shape id.
    pub id: ShapeId,
    /// The Rust name.
    pub name: String,
    /// Documentation.
    pub docs: Option<String>,
    /// Fields, in model order.
    pub fields: Vec<FieldIr>,
    /// Present on `@error` structures.
    pub error: Option<ErrorIr>,
    /// The Rust name of its builder (`{name}Builder`, numbered on a clash).
    pub builder: String,
    /// `@sensitive` on the structure.
    pub sensitive: bool,
    /// `@deprecated` on the structure.
    pub deprecated: Option<Deprecated>,
}

/// A variant of an enum, intEnum or union.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantIr {
    /// The Rust variant name.
    pub rust: String,
    /// The member name in the model.
    pub model_name: String,
    /// The wire value: a string for enums and union keys, a number (as text) for intEnums.
    pub wire: String,
    /// The carried type (unions; `None` for a unit member).
    pub ty: Option<RustType>,
    /// Documentation.
    pub docs: Option<String>,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
    /// Constraints on a union member's value.
    pub check: Check,
    /// `@timestampFormat` in force for a union member that holds timestamps.
    pub timestamp_format: Option<TimestampFormat>,
}

/// What kind of enumeration an [`EnumIr`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumKind {
    /// String values (`enum` shape or 1.0 `@enum` string).
    String,
    /// Integer values (`intEnum`).
    Int,
    /// A tagged union.
    Union,
}

/// An enum, intEnum or union.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumIr {
    /// The shape id.
    pub id: ShapeId,
    /// The Rust name.
    pub name: String,
    /// What kind.
    pub kind: EnumKind,
    /// Documentation.
    pub docs: Option<String>,
    /// Variants, in model order.
    pub variants: Vec<VariantIr>,
    /// The name of the catch-all variant that keeps unknown values.
    pub unknown: String,
    /// `@sensitive`.
    pub sensitive: bool,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
}

/// One generated item.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A structure.
    Struct(StructIr),
    /// An enum, intEnum or union.
    Enum(EnumIr),
}

impl Item {
    /// The Rust name.
    pub fn name(&self) -> &str {
        match self {
            Item::Struct(s) => &s.name,
            Item::Enum(e) => &e.name,
        }
    }
}

/// An operation: its input, output and error enum.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationIr {
    /// The shape id.
    pub id: ShapeId,
    /// The operation name as in the model.
    pub model_name: String,
    /// Documentation.
    pub docs: Option<String>,
    /// Rust name of the input struct.
    pub input: String,
    /// Rust name of the output struct.
    pub output: String,
    /// Rust name of the error enum.
    pub error_enum: String,
    /// `(variant, error struct)` pairs, in model order (operation errors, then service errors).
    pub errors: Vec<(String, String)>,
    /// Name of the `Unhandled` variant.
    pub unhandled: String,
    /// `@http`: method, URI (split) and success code.
    pub http: Option<HttpTrait>,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
}

/// The service being generated, if one was.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceIr {
    /// The shape id.
    pub id: ShapeId,
    /// `version`.
    pub version: String,
    /// Documentation.
    pub docs: Option<String>,
    /// `@title`.
    pub title: Option<String>,
}

/// The whole lowered model.
#[derive(Debug, Clone, PartialEq)]
pub struct Ir {
    /// The service, when a single service was selected.
    pub service: Option<ServiceIr>,
    /// Items sorted by Rust name.
    pub items: Vec<Item>,
    /// Operations sorted by Rust name.
    pub operations: Vec<OperationIr>,
    /// Things skipped, each naming the shape.
    pub warnings: Vec<String>,
    /// Number of model shapes the selection reached.
    pub shapes_reached: usize,
}

struct Lower<'m> {
    model: &'m Model,
    patterns: BTreeMap<String, Result<crate::pattern::Translated, String>>,
    problems: Vec<Problem>,
    warnings: Vec<String>,
    names: BTreeMap<ShapeId, String>,
    boxed: BTreeSet<(ShapeId, String)>,
    /// The top-level input, output and error structures of the generated operations: the only
    /// structures whose members HTTP binding traits bind (elsewhere they are ignored, and the
    /// member travels in the body).
    bound: BTreeSet<ShapeId>,
}

/// Lowers the selected part of a checked model.
pub fn lower(model: &Model, selection: &Selection) -> Result<Ir, Problems> {
    let mut warnings = Vec::new();
    let (service, operations) = select(model, selection).map_err(|p| Problems(vec![p]))?;
    let mut reached = BTreeSet::new();
    let mut bound = BTreeSet::new();
    let mut kept_ops = Vec::new();
    for op in &operations {
        if let Some(reason) = unsupported_operation(model, op) {
            warnings.push(format!("{op}: skipped: {reason}"));
            continue;
        }
        kept_ops.push(op.clone());
        if let Some(ShapeKind::Operation { input, output, errors }) = model.get(op).map(|s| &s.kind) {
            for t in std::iter::once(input).chain(std::iter::once(output)).chain(errors) {
                reach(model, t, &mut reached);
                bound.insert(t.clone());
            }
        }
    }
    if let Some(svc) = &service {
        if let Some(ShapeKind::Service { errors, .. }) = model.get(svc).map(|s| &s.kind) {
            for e in errors {
                reach(model, e, &mut reached);
                bound.insert(e.clone());
            }
        }
    }
    warnings.extend(nested_bound_structures(model, &reached, &bound));
    if operations.is_empty() && service.is_none() {
        for s in model.document_shapes() {
            if matches!(
                s.kind,
                ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_) | ShapeKind::IntEnum(_)
            ) && !s.traits.has(traits::MIXIN)
            {
                reach(model, &s.id, &mut reached);
            }
        }
    }
    reached.remove(&prelude::unit_id("Unit"));

    let mut lower = Lower {
        model,
        patterns: BTreeMap::new(),
        problems: Vec::new(),
        warnings,
        names: BTreeMap::new(),
        boxed: BTreeSet::new(),
        bound,
    };
    let rename = service
        .as_ref()
        .and_then(|s| match model.get(s).map(|s| &s.kind) {
            Some(ShapeKind::Service { rename, .. }) => Some(rename.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let home = service.as_ref().map(|s| s.namespace().to_string());
    let mut scope = lower.name_shapes(&reached, &rename, home.as_deref());
    lower.find_boxes(&reached);

    let mut items = Vec::new();
    for id in &reached {
        let Some(shape) = model.get(id) else { continue };
        let item = match &shape.kind {
            ShapeKind::Structure(members) => Item::Struct(lower.structure(id, members, &shape.traits)),
            ShapeKind::Union(members) => Item::Enum(lower.union(id, members, &shape.traits)),
            ShapeKind::Enum(members) => Item::Enum(lower.enumeration(id, members, &shape.traits, EnumKind::String)),
            ShapeKind::IntEnum(members) => Item::Enum(lower.enumeration(id, members, &shape.traits, EnumKind::Int)),
            ShapeKind::Simple(Simple::String) if shape.traits.has(traits::ENUM) => {
                Item::Enum(lower.enum_trait(id, &shape.traits))
            }
            _ => continue,
        };
        items.push(item);
    }

    let mut ops = Vec::new();
    for op in &kept_ops {
        ops.push(lower.operation(op, service.as_ref(), &mut scope, &mut items));
    }
    items.sort_by(|a, b| a.name().cmp(b.name()));
    for item in &mut items {
        if let Item::Struct(s) = item {
            s.builder = scope.claim(&format!("{}Builder", s.name));
        }
    }
    ops.sort_by(|a, b| a.input.cmp(&b.input));
    let service_ir = service.as_ref().and_then(|id| {
        let s = model.get(id)?;
        let ShapeKind::Service { version, .. } = &s.kind else { return None };
        Some(ServiceIr {
            id: id.clone(),
            version: version.clone(),
            docs: s.traits.documentation().map(str::to_string),
            title: s.traits.string(traits::TITLE).map(str::to_string),
        })
    });
    crate::problem::finish(std::mem::take(&mut lower.problems))?;
    Ok(Ir { service: service_ir, items, operations: ops, warnings: lower.warnings, shapes_reached: reached.len() })
}

/// Resolves the selection to a service (if any) and the operations to generate.
fn select(model: &Model, selection: &Selection) -> Result<(Option<ShapeId>, Vec<ShapeId>), Problem> {
    let services: Vec<&ShapeId> =
        model.document_shapes().filter(|s| matches!(s.kind, ShapeKind::Service { .. })).map(|s| &s.id).collect();
    let service = match selection {
        Selection::Service(text) => {
            let id = model.resolve(text).map_err(Problem::document)?;
            if !matches!(model.get(&id).map(|s| &s.kind), Some(ShapeKind::Service { .. })) {
                return Err(Problem::shape(&id, "is not a service"));
            }
            Some(id)
        }
        Selection::All if services.len() == 1 => Some(services[0].clone()),
        _ => None,
    };
    let mut ops = BTreeSet::new();
    match (selection, &service) {
        (_, Some(svc)) => collect_service_ops(model, svc, &mut ops, &mut BTreeSet::new()),
        (Selection::Operations(names), None) => {
            for n in names {
                let id = model.resolve(n).map_err(Problem::document)?;
                if !matches!(model.get(&id).map(|s| &s.kind), Some(ShapeKind::Operation { .. })) {
                    return Err(Problem::shape(&id, "is not an operation"));
                }
                ops.insert(id);
            }
        }
        _ => {
            let svcs: Vec<ShapeId> = services.into_iter().cloned().collect();
            for s in &svcs {
                collect_service_ops(model, s, &mut ops, &mut BTreeSet::new());
            }
            if svcs.is_empty() {
                ops.extend(
                    model
                        .document_shapes()
                        .filter(|s| matches!(s.kind, ShapeKind::Operation { .. }))
                        .map(|s| s.id.clone()),
                );
            }
        }
    }
    if let (Selection::Operations(names), Some(_)) = (selection, &service) {
        // Operations named alongside a single service narrow it down.
        let mut keep = BTreeSet::new();
        for n in names {
            keep.insert(model.resolve(n).map_err(Problem::document)?);
        }
        ops.retain(|o| keep.contains(o));
    }
    Ok((service, ops.into_iter().collect()))
}

fn collect_service_ops(model: &Model, id: &ShapeId, ops: &mut BTreeSet<ShapeId>, seen: &mut BTreeSet<ShapeId>) {
    if !seen.insert(id.clone()) {
        return;
    }
    match model.get(id).map(|s| &s.kind) {
        Some(ShapeKind::Service { operations, resources, .. })
        | Some(ShapeKind::Resource { operations, resources }) => {
            ops.extend(operations.iter().cloned());
            for r in resources {
                collect_service_ops(model, r, ops, seen);
            }
        }
        _ => {}
    }
}

/// Adds `id` and every shape it reaches through members to `out`.
fn reach(model: &Model, id: &ShapeId, out: &mut BTreeSet<ShapeId>) {
    let mut todo = vec![id.clone()];
    while let Some(id) = todo.pop() {
        let Some(shape) = model.get(&id) else { continue };
        if shape.prelude || !out.insert(id.clone()) {
            continue;
        }
        for m in shape.kind.members() {
            todo.push(m.target.clone());
        }
    }
}

/// A structure that is an operation's input, output or error and is also the target of a
/// member somewhere: there, as Smithy says, its HTTP-bound members travel in the body, but the
/// one generated type binds them, so they would be left out. One warning each.
fn nested_bound_structures(model: &Model, reached: &BTreeSet<ShapeId>, bound: &BTreeSet<ShapeId>) -> Vec<String> {
    let mut out = Vec::new();
    for id in reached {
        let Some(shape) = model.get(id) else { continue };
        let members: Vec<&Member> = match &shape.kind {
            ShapeKind::Structure(m) | ShapeKind::Union(m) => m.iter().collect(),
            ShapeKind::List { member, .. } => vec![member],
            ShapeKind::Map { value, .. } => vec![value],
            _ => continue,
        };
        for m in members {
            let Some(ShapeKind::Structure(inner)) = bound.get(&m.target).and_then(|t| model.get(t)).map(|s| &s.kind)
            else {
                continue;
            };
            let bound_members: Vec<&str> =
                inner.iter().filter(|x| location(&x.traits) != Location::Body).map(|x| x.name.as_str()).collect();
            if !bound_members.is_empty() {
                out.push(format!(
                    "{id}${}: targets `{}`, an operation's input, output or error whose HTTP-bound members ({}) are not in its JSON body, so they are not sent or read when it is nested here",
                    m.name,
                    m.target,
                    bound_members.join(", ")
                ));
            }
        }
    }
    out
}

/// Why an operation is not generated (event streams), or `None`.
fn unsupported_operation(model: &Model, op: &ShapeId) -> Option<String> {
    let Some(ShapeKind::Operation { input, output, .. }) = model.get(op).map(|s| &s.kind) else { return None };
    for io in [input, output] {
        let Some(ShapeKind::Structure(members)) = model.get(io).map(|s| &s.kind) else { continue };
        for m in members {
            let Some(t) = model.get(&m.target) else { continue };
            if t.traits.has(traits::STREAMING) && matches!(t.kind, ShapeKind::Union(_)) {
                return Some(format!(
                    "member `{}` of `{io}` is an event stream, which this generator does not emit",
                    m.name
                ));
            }
        }
    }
    None
}

impl Lower<'_> {
    /// Decides the Rust name of every reached shape (rules 1, 5 and 7 of [`crate::names`]).
    fn name_shapes(
        &mut self,
        reached: &BTreeSet<ShapeId>,
        rename: &BTreeMap<ShapeId, String>,
        home: Option<&str>,
    ) -> Scope {
        let mut by_name: BTreeMap<String, Vec<&ShapeId>> = BTreeMap::new();
        for id in reached {
            let Some(s) = self.model.get(id) else { continue };
            if !emits_item(s) {
                continue;
            }
            let base = rename.get(id).map(String::as_str).unwrap_or(id.name());
            by_name.entry(names::type_name(base)).or_default().push(id);
        }
        let mut scope = Scope::types();
        let mut prefixed = Vec::new();
        for (name, ids) in &by_name {
            // Same-namespace duplicates are errors; across namespaces the home one keeps the name.
            let mut namespaces: BTreeMap<&str, Vec<&ShapeId>> = BTreeMap::new();
            for id in ids {
                namespaces.entry(id.namespace()).or_default().push(id);
            }
            for same in namespaces.values() {
                if same.len() > 1 {
                    let list: Vec<String> = same.iter().map(|i| format!("`{i}`")).collect();
                    self.problems.push(Problem::shape(
                        same[0],
                        format!("{} would all be named `{name}` in Rust; rename one of them", list.join(" and ")),
                    ));
                }
            }
            let keeper = ids.iter().find(|i| Some(i.namespace()) == home).copied().unwrap_or(ids[0]);
            scope.try_claim(name);
            self.names.insert(keeper.clone(), name.clone());
            for id in ids {
                if *id != keeper {
                    prefixed.push((*id).clone());
                }
            }
        }
        for id in prefixed {
            let last = id.namespace().rsplit('.').next().unwrap_or_default();
            let name = scope.claim(&names::type_name(&format!("{last}_{}", id.name())));
            self.names.insert(id, name);
        }
        scope
    }

    /// Marks the structure/union members that need a `Box` (targets in the same strongly
    /// connected component of direct containment).
    fn find_boxes(&mut self, reached: &BTreeSet<ShapeId>) {
        let mut edges: BTreeMap<&ShapeId, Vec<(&str, &ShapeId)>> = BTreeMap::new();
        for id in reached {
            let Some(s) = self.model.get(id) else { continue };
            if let ShapeKind::Structure(ms) | ShapeKind::Union(ms) = &s.kind {
                for m in ms {
                    if matches!(
                        self.model.get(&m.target).map(|t| &t.kind),
                        Some(ShapeKind::Structure(_) | ShapeKind::Union(_))
                    ) {
                        edges.entry(id).or_default().push((&m.name, &m.target));
                    }
                }
            }
        }
        let mut comp_of: BTreeMap<&ShapeId, usize> = BTreeMap::new();
        for (i, comp) in strongly_connected(&edges).into_iter().enumerate() {
            for id in comp {
                comp_of.insert(id, i);
            }
        }
        for (from, es) in &edges {
            for (member, to) in es {
                if comp_of.contains_key(from) && comp_of.get(from) == comp_of.get(to) {
                    self.boxed.insert(((*from).clone(), member.to_string()));
                }
            }
        }
    }

    fn name_of(&self, id: &ShapeId) -> String {
        self.names.get(id).cloned().unwrap_or_else(|| names::type_name(id.name()))
    }

    /// The Smithy → Rust type map, in one place.
    fn rust_type(&self, target: &ShapeId) -> RustType {
        let Some(shape) = self.model.get(target) else { return RustType::Document };
        match &shape.kind {
            ShapeKind::Simple(Simple::String) if shape.traits.has(traits::ENUM) => {
                RustType::Named(self.name_of(target))
            }
            ShapeKind::Simple(s) => match s {
                Simple::Blob => RustType::Blob,
                Simple::Boolean => RustType::Bool,
                Simple::String => RustType::String,
                Simple::Byte => RustType::I8,
                Simple::Short => RustType::I16,
                Simple::Integer => RustType::I32,
                Simple::Long => RustType::I64,
                Simple::Float => RustType::F32,
                Simple::Double => RustType::F64,
                Simple::BigInteger => RustType::BigInteger,
                Simple::BigDecimal => RustType::BigDecimal,
                Simple::Timestamp => RustType::Timestamp,
                Simple::Document => RustType::Document,
            },
            ShapeKind::List { member, .. } => {
                RustType::List(Box::new(self.rust_type(&member.target)), shape.traits.has(traits::SPARSE))
            }
            ShapeKind::Map { value, .. } => {
                RustType::Map(Box::new(self.rust_type(&value.target)), shape.traits.has(traits::SPARSE))
            }
            ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => {
                RustType::Named(self.name_of(target))
            }
            _ => RustType::Document,
        }
    }

    /// The constraints of a member: its own constraint traits, else its target's.
    fn check(&mut self, owner: &ShapeId, m: &Member) -> Check {
        let Some(target) = self.model.get(&m.target) else { return Check::default() };
        let get = |name: &str| m.traits.get(name).or_else(|| target.traits.get(name));
        let bound = |v: &Value, key: &str| v.get(key).filter(|x| x.is_number()).map(|x| x.to_string());
        let length =
            get(traits::LENGTH).map(|v| (v.get("min").and_then(Value::as_u64), v.get("max").and_then(Value::as_u64)));
        let range = get(traits::RANGE).map(|v| (bound(v, "min"), bound(v, "max")));
        let pattern = get(traits::PATTERN).and_then(Value::as_str).map(str::to_string);
        let pattern = match pattern {
            Some(p) => {
                let translated =
                    self.patterns.entry(p.clone()).or_insert_with(|| crate::pattern::translate(&p)).clone();
                match translated {
                    Ok(t) => Some(PatternIr { ecma: p, translated: t }),
                    Err(e) => {
                        // The rest of the model is not lost: a warning (an error with
                        // `strict`), and the constraint is not checked.
                        self.warnings.push(format!(
                            "{owner}${}: @pattern `{p}` cannot be used, the constraint is not checked: {e}",
                            m.name
                        ));
                        None
                    }
                }
            }
            None => None,
        };
        let unique = get(traits::UNIQUE_ITEMS).is_some() || matches!(target.kind, ShapeKind::List { set: true, .. });
        let inner = match &target.kind {
            ShapeKind::List { member, .. } => Inner::List(Box::new(self.check(&target.id, member))),
            ShapeKind::Map { key, value } => {
                Inner::Map(Box::new(self.check(&target.id, key)), Box::new(self.check(&target.id, value)))
            }
            _ if emits_item(target) => Inner::Named(self.name_of(&target.id)),
            _ => Inner::None,
        };
        Check { length, range, pattern, unique, inner }
    }

    fn structure(&mut self, id: &ShapeId, members: &[Member], t: &Traits) -> StructIr {
        let mut scope = Scope::fields();
        // The builder has a method `build` and a `set_{field}` for every field: a member
        // whose name would be one of those is numbered instead (rule 5).
        scope.try_claim("build");
        for m in members {
            scope.try_claim(&format!("set_{}", names::field_name(&m.name)));
        }
        let mut fields = Vec::new();
        for m in members {
            let target = self.model.get(&m.target);
            let target_traits = target.map(|s| &s.traits);
            let mut ty = self.rust_type(&m.target);
            if self.boxed.contains(&(id.clone(), m.name.clone())) {
                ty = RustType::Boxed(Box::new(ty));
            }
            let presence = presence(self.model, m);
            let location = if self.bound.contains(id) { location(&m.traits) } else { Location::Body };
            fields.push(FieldIr {
                model_name: m.name.clone(),
                wire_name: m.traits.string(traits::JSON_NAME).unwrap_or(&m.name).to_string(),
                rust: scope.claim(&names::field_name(&m.name)),
                ty,
                presence,
                location,
                docs: m
                    .traits
                    .documentation()
                    .or_else(|| target_traits.and_then(Traits::documentation))
                    .map(str::to_string),
                sensitive: m.traits.has(traits::SENSITIVE) || target_traits.is_some_and(|t| t.has(traits::SENSITIVE)),
                deprecated: deprecated(&m.traits),
                timestamp_format: timestamp_format(self.model, m),
                target: m.target.clone(),
                check: self.check(id, m),
                notes: member_notes(&m.traits, target_traits),
            });
        }
        let error = t.error().map(|kind| {
            let server = kind == "server";
            let message_field = fields
                .iter()
                .find(|f| {
                    f.ty == RustType::String
                        && matches!(
                            f.model_name.to_ascii_lowercase().as_str(),
                            "message" | "exceptionmessage" | "errormessage"
                        )
                })
                .map(|f| f.rust.clone());
            ErrorIr {
                code: id.name().to_string(),
                status: t.http_error().and_then(|s| u16::try_from(s).ok()).unwrap_or(if server { 500 } else { 400 }),
                server,
                retryable: t.retryable().is_some(),
                throttling: t.retryable().unwrap_or(false),
                message_field,
            }
        });
        StructIr {
            id: id.clone(),
            name: self.name_of(id),
            docs: t.documentation().map(str::to_string),
            fields,
            error,
            builder: String::new(),
            sensitive: t.has(traits::SENSITIVE),
            deprecated: deprecated(t),
        }
    }

    fn union(&mut self, id: &ShapeId, members: &[Member], t: &Traits) -> EnumIr {
        let mut scope = Scope::types();
        let variants: Vec<VariantIr> = members
            .iter()
            .map(|m| {
                let unit = m.target == prelude::unit_id("Unit");
                let mut ty = self.rust_type(&m.target);
                if self.boxed.contains(&(id.clone(), m.name.clone())) {
                    ty = RustType::Boxed(Box::new(ty));
                }
                VariantIr {
                    rust: scope.claim(&names::type_name(&m.name)),
                    model_name: m.name.clone(),
                    wire: m.traits.string(traits::JSON_NAME).unwrap_or(&m.name).to_string(),
                    ty: if unit { None } else { Some(ty) },
                    docs: m.traits.documentation().map(str::to_string),
                    deprecated: deprecated(&m.traits),
                    check: if unit { Check::default() } else { self.check(id, m) },
                    timestamp_format: timestamp_format(self.model, m),
                }
            })
            .collect();
        EnumIr {
            id: id.clone(),
            name: self.name_of(id),
            kind: EnumKind::Union,
            docs: t.documentation().map(str::to_string),
            variants,
            unknown: scope.claim("Unknown"),
            sensitive: t.has(traits::SENSITIVE),
            deprecated: deprecated(t),
        }
    }

    fn enumeration(&mut self, id: &ShapeId, members: &[Member], t: &Traits, kind: EnumKind) -> EnumIr {
        let mut scope = Scope::types();
        let variants: Vec<VariantIr> = members
            .iter()
            .map(|m| {
                let wire = match m.traits.get(traits::ENUM_VALUE) {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => m.name.clone(),
                };
                VariantIr {
                    rust: scope.claim(&names::type_name(&m.name)),
                    model_name: m.name.clone(),
                    wire,
                    ty: None,
                    docs: m.traits.documentation().map(str::to_string),
                    deprecated: deprecated(&m.traits),
                    check: Check::default(),
                    timestamp_format: None,
                }
            })
            .collect();
        EnumIr {
            id: id.clone(),
            name: self.name_of(id),
            kind,
            docs: t.documentation().map(str::to_string),
            variants,
            unknown: scope.claim("Unknown"),
            sensitive: t.has(traits::SENSITIVE),
            deprecated: deprecated(t),
        }
    }

    /// A 1.0 string shape with the `@enum` trait.
    fn enum_trait(&mut self, id: &ShapeId, t: &Traits) -> EnumIr {
        let mut scope = Scope::types();
        let defs = t.get(traits::ENUM).and_then(Value::as_array).cloned().unwrap_or_default();
        let variants = defs
            .iter()
            .map(|d| {
                let value = d.get("value").and_then(Value::as_str).unwrap_or_default().to_string();
                let name = d.get("name").and_then(Value::as_str).unwrap_or(&value).to_string();
                VariantIr {
                    rust: scope.claim(&names::type_name(&name)),
                    model_name: name,
                    wire: value,
                    ty: None,
                    docs: d.get("documentation").and_then(Value::as_str).map(str::to_string),
                    deprecated: d
                        .get("deprecated")
                        .and_then(Value::as_bool)
                        .unwrap_or(false)
                        .then_some(Deprecated { message: None, since: None }),
                    check: Check::default(),
                    timestamp_format: None,
                }
            })
            .collect();
        EnumIr {
            id: id.clone(),
            name: self.name_of(id),
            kind: EnumKind::String,
            docs: t.documentation().map(str::to_string),
            variants,
            unknown: scope.claim("Unknown"),
            sensitive: t.has(traits::SENSITIVE),
            deprecated: deprecated(t),
        }
    }

    fn operation(
        &mut self,
        op: &ShapeId,
        service: Option<&ShapeId>,
        scope: &mut Scope,
        items: &mut Vec<Item>,
    ) -> OperationIr {
        let shape = self.model.get(op);
        let (input, output, mut errors) = match shape.map(|s| &s.kind) {
            Some(ShapeKind::Operation { input, output, errors }) => (input.clone(), output.clone(), errors.clone()),
            _ => (prelude::unit_id("Unit"), prelude::unit_id("Unit"), Vec::new()),
        };
        if let Some(ShapeKind::Service { errors: common, .. }) =
            service.and_then(|s| self.model.get(s)).map(|s| &s.kind)
        {
            for e in common {
                if !errors.contains(e) {
                    errors.push(e.clone());
                }
            }
        }
        let base = names::type_name(op.name());
        let synthetic = |suffix: &str, scope: &mut Scope| -> String {
            let plain = format!("{base}{suffix}");
            if scope.try_claim(&plain) {
                plain
            } else {
                scope.claim(&format!("{base}Operation{suffix}"))
            }
        };
        let unit = prelude::unit_id("Unit");
        let io_name = |id: &ShapeId, suffix: &str, scope: &mut Scope, items: &mut Vec<Item>| -> String {
            if *id != unit {
                return self.name_of(id);
            }
            let name = synthetic(suffix, scope);
            items.push(Item::Struct(StructIr {
                id: op.clone(),
                name: name.clone(),
                docs: Some(format!("The {} of `{}`, which has no members.", suffix.to_lowercase(), op.name())),
                fields: Vec::new(),
                error: None,
                builder: String::new(),
                sensitive: false,
                deprecated: None,
            }));
            name
        };
        let input_name = io_name(&input, "Input", scope, items);
        let output_name = io_name(&output, "Output", scope, items);
        let error_enum = synthetic("Error", scope);
        let mut variants = Scope::types();
        let errors: Vec<(String, String)> =
            errors.iter().map(|e| (variants.claim(&names::type_name(e.name())), self.name_of(e))).collect();
        let t = shape.map(|s| s.traits.clone()).unwrap_or_default();
        let http = crate::facts::http_trait(&t).unwrap_or_else(|e| {
            // `check` reports this first; kept so that lowering never guesses.
            self.problems.push(Problem::shape(op, e));
            None
        });
        OperationIr {
            id: op.clone(),
            model_name: op.name().to_string(),
            docs: t.documentation().map(str::to_string),
            input: input_name,
            output: output_name,
            error_enum,
            errors,
            unhandled: variants.claim("Unhandled"),
            http,
            deprecated: deprecated(&t),
        }
    }
}

/// Documentation notes for traits that change how a member is used.
fn member_notes(member: &Traits, target: Option<&Traits>) -> Vec<String> {
    let has = |t: &str| member.has(t) || target.is_some_and(|x| x.has(t));
    let mut notes = Vec::new();
    if has(traits::IDEMPOTENCY_TOKEN) {
        notes.push(
            "**Idempotency token:** set a new unique value (a UUID) for each request, and send the same value again when retrying it."
                .to_string(),
        );
    }
    if has(traits::UNSTABLE) {
        notes.push("**Unstable:** this member may change or go away in a later version of the model.".to_string());
    }
    if has(traits::SENSITIVE) {
        notes.push("**Sensitive:** redacted in `Debug` output and never echoed in validation messages.".to_string());
    }
    if target.is_some_and(|t| t.has(traits::STREAMING)) {
        notes.push("**Streaming:** the service streams this data; here it is held in memory as a whole.".to_string());
    }
    notes
}

/// Whether a shape becomes a Rust item of its own.
fn emits_item(s: &crate::model::Shape) -> bool {
    match &s.kind {
        ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => true,
        ShapeKind::Simple(Simple::String) => s.traits.has(traits::ENUM),
        _ => false,
    }
}

fn deprecated(t: &Traits) -> Option<Deprecated> {
    t.deprecated()
        .map(|(message, since)| Deprecated { message: message.map(str::to_string), since: since.map(str::to_string) })
}

fn location(t: &Traits) -> Location {
    if t.has(traits::HTTP_LABEL) {
        Location::Label
    } else if let Some(q) = t.string(traits::HTTP_QUERY) {
        Location::Query(q.to_string())
    } else if t.has(traits::HTTP_QUERY_PARAMS) {
        Location::QueryParams
    } else if let Some(h) = t.string(traits::HTTP_HEADER) {
        Location::Header(h.to_string())
    } else if let Some(p) = t.string(traits::HTTP_PREFIX_HEADERS) {
        Location::PrefixHeaders(p.to_string())
    } else if t.has(traits::HTTP_PAYLOAD) {
        Location::Payload
    } else if t.has(traits::HTTP_RESPONSE_CODE) {
        Location::ResponseCode
    } else {
        Location::Body
    }
}
