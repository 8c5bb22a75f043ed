//! Lowering: the reached shapes of a checked model into IR items, every Rust name decided.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::facts::{location, presence, timestamp_format, Protocol};
use crate::graph::strongly_connected;
use crate::model::{prelude, traits, Member, Model, ShapeId, ShapeKind, Simple, Traits};
use crate::names::{self, Scope};
use crate::problem::{Problem, Problems};

use super::select::{collect_service_ops, nested_bound_structures, reach, select, unsupported_operation};
use super::*;

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
    /// The wire form every structure takes (see [`protocols`]): awsJson ignores `@jsonName`
    /// and HTTP binding traits.
    protocol: Protocol,
    /// Each operation's protocol, `X-Amz-Target` and `@awsQueryCompatible` (see [`protocols`]).
    op_protocols: BTreeMap<ShapeId, OpProtocol>,
    /// The operations' input structures: the HTTP bindings that only a request has
    /// (`@httpLabel`, `@httpQuery`, `@httpQueryParams`) hold only there; elsewhere the member
    /// is a body member.
    inputs: BTreeSet<ShapeId>,
    /// The service's `rename` map.
    rename: BTreeMap<ShapeId, String>,
    /// The shapes taken from elsewhere ([`crate::Config::extern_type`]).
    external: BTreeSet<ShapeId>,
}

/// Lowers the selected part of a checked model.
pub fn lower(model: &Model, selection: &Selection) -> Result<Ir, Problems> {
    lower_with(model, selection, &BTreeMap::new())
}

/// Lowers, with the shapes of `externs` (shape id → Rust path) taken from elsewhere: they
/// are referred to by their path and not generated ([`crate::Config::extern_type`]).
pub fn lower_with(model: &Model, selection: &Selection, externs: &BTreeMap<ShapeId, String>) -> Result<Ir, Problems> {
    let mut warnings = Vec::new();
    let (service, operations) = select(model, selection).map_err(|p| Problems(vec![p]))?;
    let mut reached = BTreeSet::new();
    let mut bound = BTreeSet::new();
    let mut inputs = BTreeSet::new();
    let mut kept_ops = Vec::new();
    for op in &operations {
        if let Some(reason) = unsupported_operation(model, op) {
            warnings.push(format!("{op}: skipped: {reason}"));
            continue;
        }
        kept_ops.push(op.clone());
        if let Some(ShapeKind::Operation { input, output, errors }) = model.get(op).map(|s| &s.kind) {
            inputs.insert(input.clone());
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
    let (protocol, op_protocols) = protocols(model, service.as_ref(), &kept_ops, &mut warnings);
    if protocol.is_aws_json() {
        // awsJson: HTTP binding traits play no part; every member travels in the body.
        bound.clear();
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
        protocol,
        op_protocols,
        inputs,
        rename: BTreeMap::new(),
        external: externs.keys().cloned().collect(),
    };
    let rename = service
        .as_ref()
        .and_then(|s| match model.get(s).map(|s| &s.kind) {
            Some(ShapeKind::Service { rename, .. }) => Some(rename.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let home = home_namespace(model, service.as_ref(), &operations, &reached, externs);
    // External types are named by their paths and claim no name here.
    for (id, path) in externs {
        lower.names.insert(id.clone(), path.clone());
    }
    lower.rename = rename.clone();
    lower.name_shapes(&reached, &rename, home.as_deref());
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

    items.sort_by(|a, b| a.name().cmp(b.name()));
    for item in &mut items {
        if let Item::Struct(s) = item {
            // The builder lives in the `builders` module beside the structure (rule 8),
            // where no model shape can take its name.
            s.builder = format!("builders::{}Builder", s.name.rsplit("::").next().unwrap_or_default());
        }
    }
    // Operations are named in a scope of their own (rule 6): no shape can rename them.
    let op_names = name_operations(&kept_ops, home.as_deref());
    let mut ops = Vec::new();
    for op in &kept_ops {
        let (marker, module) = op_names.get(op).cloned().unwrap_or_default();
        ops.push(lower.operation(op, service.as_ref(), marker, module));
    }
    ops.sort_by(|a, b| a.module.cmp(&b.module));
    let service_ir = service.as_ref().and_then(|id| {
        let s = model.get(id)?;
        let ShapeKind::Service { version, .. } = &s.kind else { return None };
        Some(ServiceIr {
            id: id.clone(),
            version: version.clone(),
            docs: s.traits.documentation().map(str::to_string),
            title: s.traits.string(traits::TITLE).map(str::to_string),
            protocol: crate::facts::protocol(&s.traits),
        })
    });
    crate::problem::finish(std::mem::take(&mut lower.problems))?;
    Ok(Ir {
        service: service_ir,
        home,
        items,
        operations: ops,
        warnings: lower.warnings,
        shapes_reached: reached.len(),
    })
}

impl Lower<'_> {
    /// Decides the Rust name of every reached shape (rules 1 and 7 of [`crate::names`]): a
    /// shape of the home namespace is named at the root, any other in its namespace's module
    /// (`smithy_framework::ValidationException`), so no shape's name depends on another's.
    fn name_shapes(&mut self, reached: &BTreeSet<ShapeId>, rename: &BTreeMap<ShapeId, String>, home: Option<&str>) {
        // (module, Rust name) → the shapes that would take it.
        let mut by_name: BTreeMap<(Option<String>, String), Vec<&ShapeId>> = BTreeMap::new();
        let mut modules: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        for id in reached {
            let Some(s) = self.model.get(id) else { continue };
            if !emits_item(s) || self.names.contains_key(id) {
                continue;
            }
            let base = rename.get(id).map(String::as_str).unwrap_or(id.name());
            let module = (Some(id.namespace()) != home).then(|| names::module_name(id.namespace()));
            if let Some(m) = &module {
                modules.entry(m.clone()).or_default().insert(id.namespace());
            }
            by_name.entry((module, names::type_name(base))).or_default().push(id);
        }
        for (module, namespaces) in &modules {
            if namespaces.len() > 1 {
                let list: Vec<String> = namespaces.iter().map(|n| format!("`{n}`")).collect();
                self.problems.push(Problem::document(format!(
                    "the namespaces {} would all be the Rust module `{module}`; generate them separately",
                    list.join(" and ")
                )));
            }
        }
        for ((module, name), ids) in &by_name {
            if ids.len() > 1 {
                let list: Vec<String> = ids.iter().map(|i| format!("`{i}`")).collect();
                self.problems.push(Problem::shape(
                    ids[0],
                    format!("{} would all be named `{name}` in Rust; rename one of them", list.join(" and ")),
                ));
            }
            let path = match module {
                Some(m) => format!("{m}::{name}"),
                None => name.clone(),
            };
            for id in ids {
                self.names.insert((*id).clone(), path.clone());
            }
        }
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
        Check { length, range, pattern, unique, inner, sensitive: crate::facts::sensitive(self.model, m) }
    }

    fn structure(&mut self, id: &ShapeId, members: &[Member], t: &Traits) -> StructIr {
        let mut scope = Scope::fields();
        // The builder has a method `build` and a `set_{field}` for every field: a member
        // whose name would be one of those is numbered instead (rule 5).
        scope.try_claim("build");
        for m in members {
            scope.try_claim(&format!("set_{}", names::field_name(&m.name)));
        }
        let claims: Vec<(&str, String)> =
            members.iter().map(|m| (m.name.as_str(), names::field_name(&m.name))).collect();
        let mut rust_names = scope.claim_members(&claims).into_iter();
        let mut fields = Vec::new();
        for m in members {
            let target = self.model.get(&m.target);
            let target_traits = target.map(|s| &s.traits);
            let mut ty = self.rust_type(&m.target);
            if self.boxed.contains(&(id.clone(), m.name.clone())) {
                ty = RustType::Boxed(Box::new(ty));
            }
            let rules = wire_rules(&ty, timestamp_format(self.model, m));
            let presence = presence(self.model, t, m);
            let location = match location(&m.traits) {
                _ if !self.bound.contains(id) => Location::Body,
                Location::Label | Location::Query(_) | Location::QueryParams if !self.inputs.contains(id) => {
                    Location::Body
                }
                l => l,
            };
            fields.push(FieldIr {
                model_name: m.name.clone(),
                // awsJson ignores `@jsonName`: keys are member names.
                wire_name: if self.protocol.is_aws_json() {
                    m.name.clone()
                } else {
                    m.traits.string(traits::JSON_NAME).unwrap_or(&m.name).to_string()
                },
                rust: rust_names.next().unwrap_or_default(),
                ty,
                presence,
                location,
                docs: m
                    .traits
                    .documentation()
                    .or_else(|| target_traits.and_then(Traits::documentation))
                    .map(str::to_string),
                sensitive: crate::facts::sensitive(self.model, m),
                deprecated: deprecated(&m.traits),
                timestamp_format: timestamp_format(self.model, m),
                wire_rules: rules,
                media_type: target_traits.and_then(|t| t.string(traits::MEDIA_TYPE)).map(str::to_string),
                target: m.target.clone(),
                check: self.check(id, m),
                notes: member_notes(&m.traits, target_traits),
                attrs: Vec::new(),
                idempotency_token: m.traits.has(traits::IDEMPOTENCY_TOKEN),
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
                query_code: t
                    .get("aws.protocols#awsQueryError")
                    .and_then(|q| q.get("code"))
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_string),
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
            attrs: Vec::new(),
            external: self.external.contains(id),
        }
    }

    fn union(&mut self, id: &ShapeId, members: &[Member], t: &Traits) -> EnumIr {
        // The catch-all variant claims first (rule 5): a value named `Unknown` added
        // later is `Unknown2` and renames nothing.
        let mut scope = Scope::types();
        scope.try_claim("Unknown");
        let claims: Vec<(&str, String)> =
            members.iter().map(|m| (m.name.as_str(), names::type_name(&m.name))).collect();
        let mut rust_names = scope.claim_members(&claims).into_iter();
        let variants: Vec<VariantIr> = members
            .iter()
            .map(|m| {
                let unit = m.target == prelude::unit_id("Unit");
                let mut ty = self.rust_type(&m.target);
                if self.boxed.contains(&(id.clone(), m.name.clone())) {
                    ty = RustType::Boxed(Box::new(ty));
                }
                let rules = if unit { None } else { wire_rules(&ty, timestamp_format(self.model, m)) };
                VariantIr {
                    rust: rust_names.next().unwrap_or_default(),
                    model_name: m.name.clone(),
                    wire: m.traits.string(traits::JSON_NAME).unwrap_or(&m.name).to_string(),
                    ty: if unit { None } else { Some(ty) },
                    docs: m.traits.documentation().map(str::to_string),
                    deprecated: deprecated(&m.traits),
                    check: if unit { Check::default() } else { self.check(id, m) },
                    timestamp_format: timestamp_format(self.model, m),
                    wire_rules: rules,
                    sensitive: !unit && crate::facts::sensitive(self.model, m),
                    internal: false,
                    attrs: Vec::new(),
                }
            })
            .collect();
        self.enum_ir(id, EnumKind::Union, t, variants)
    }

    fn enumeration(&mut self, id: &ShapeId, members: &[Member], t: &Traits, kind: EnumKind) -> EnumIr {
        // The catch-all variant claims first (rule 5): a value named `Unknown` added
        // later is `Unknown2` and renames nothing.
        let mut scope = Scope::types();
        scope.try_claim("Unknown");
        let claims: Vec<(&str, String)> =
            members.iter().map(|m| (m.name.as_str(), names::type_name(&m.name))).collect();
        let mut rust_names = scope.claim_members(&claims).into_iter();
        let variants: Vec<VariantIr> = members
            .iter()
            .map(|m| {
                let wire = match m.traits.get(traits::ENUM_VALUE) {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => m.name.clone(),
                };
                let mut v = value_variant(
                    rust_names.next().unwrap_or_default(),
                    m.name.clone(),
                    wire,
                    m.traits.documentation().map(str::to_string),
                    deprecated(&m.traits),
                );
                v.internal = m.traits.has(traits::INTERNAL);
                v
            })
            .collect();
        self.enum_ir(id, kind, t, variants)
    }

    /// An enum, intEnum or union of the shape `id` with its variants (`Unknown` claimed in
    /// their scope before them).
    fn enum_ir(&self, id: &ShapeId, kind: EnumKind, t: &Traits, variants: Vec<VariantIr>) -> EnumIr {
        EnumIr {
            id: id.clone(),
            name: self.name_of(id),
            kind,
            docs: t.documentation().map(str::to_string),
            variants,
            unknown: "Unknown".to_string(),
            sensitive: t.has(traits::SENSITIVE),
            deprecated: deprecated(t),
            attrs: Vec::new(),
            external: self.external.contains(id),
        }
    }

    /// A 1.0 string shape with the `@enum` trait.
    fn enum_trait(&mut self, id: &ShapeId, t: &Traits) -> EnumIr {
        // The catch-all variant claims first (rule 5): a value named `Unknown` added
        // later is `Unknown2` and renames nothing.
        let mut scope = Scope::types();
        scope.try_claim("Unknown");
        let defs = t.get(traits::ENUM).and_then(Value::as_array).cloned().unwrap_or_default();
        let def_name = |d: &Value| -> String {
            let value = d.get("value").and_then(Value::as_str).unwrap_or_default();
            d.get("name").and_then(Value::as_str).unwrap_or(value).to_string()
        };
        let model_names: Vec<String> = defs.iter().map(def_name).collect();
        let claims: Vec<(&str, String)> = model_names.iter().map(|n| (n.as_str(), names::type_name(n))).collect();
        let mut rust_names = scope.claim_members(&claims).into_iter();
        let variants = defs
            .iter()
            .map(|d| {
                let value = d.get("value").and_then(Value::as_str).unwrap_or_default().to_string();
                let name = def_name(d);
                let deprecated = d
                    .get("deprecated")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
                    .then_some(Deprecated { message: None, since: None });
                let docs = d.get("documentation").and_then(Value::as_str).map(str::to_string);
                let internal = d
                    .get("tags")
                    .and_then(Value::as_array)
                    .is_some_and(|tags| tags.iter().any(|t| t.as_str() == Some("internal")));
                let mut v = value_variant(rust_names.next().unwrap_or_default(), name, value, docs, deprecated);
                v.internal = internal;
                v
            })
            .collect();
        self.enum_ir(id, EnumKind::String, t, variants)
    }

    fn operation(&mut self, op: &ShapeId, service: Option<&ShapeId>, marker: String, module: String) -> OperationIr {
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
        // What the operation makes for itself lives in its module, named from its own name.
        let unit = prelude::unit_id("Unit");
        let mut synthetic = Vec::new();
        let mut io_name = |id: &ShapeId, suffix: &str| -> String {
            if *id != unit {
                return self.name_of(id);
            }
            let name = format!("{marker}{suffix}");
            synthetic.push(StructIr {
                id: op.clone(),
                name: name.clone(),
                docs: Some(format!("The {} of `{}`, which has no members.", suffix.to_lowercase(), op.name())),
                fields: Vec::new(),
                error: None,
                builder: format!("{name}Builder"),
                sensitive: false,
                deprecated: None,
                attrs: Vec::new(),
                external: false,
            });
            format!("operation::{module}::{name}")
        };
        let input_name = io_name(&input, "Input");
        let output_name = io_name(&output, "Output");
        let error_enum = format!("{marker}Error");
        // The generated variants claim first (rule 5): an error named `Unhandled` added later
        // is `Unhandled2` and renames nothing.
        let mut variants = Scope::types();
        variants.try_claim("Unhandled");
        variants.try_claim("MalformedResponse");
        // Each error's variant is its shape's name (or its `rename`): Smithy makes the names of
        // a service's shapes unique, so these collide only outside one service (rule 6).
        let named: Vec<String> = errors
            .iter()
            .map(|e| variants.claim(&names::type_name(self.rename.get(e).map(String::as_str).unwrap_or(e.name()))))
            .collect();
        let errors: Vec<(String, String)> = errors.iter().zip(named).map(|(e, v)| (v, self.name_of(e))).collect();
        let t = shape.map(|s| s.traits.clone()).unwrap_or_default();
        let http = crate::facts::http_trait(&t).unwrap_or_else(|e| {
            // `check` reports this first; kept so that lowering never guesses.
            self.problems.push(Problem::shape(op, e));
            None
        });
        let request = crate::facts::request_features(&t).unwrap_or_else(|e| {
            self.problems.push(Problem::shape(op, e));
            Default::default()
        });
        // Every `{label}` of a host prefix names an input member with `@hostLabel`.
        for part in request.host_prefix.iter().flatten() {
            let crate::facts::HostPart::Label(label) = part else { continue };
            let labelled = self.model.get(&input).is_some_and(|s| {
                s.kind.members().iter().any(|m| m.name == *label && m.traits.has("smithy.api#hostLabel"))
            });
            if !labelled {
                self.problems.push(Problem::shape(
                    op,
                    format!("@endpoint hostPrefix label `{{{label}}}` is not an input member with @hostLabel"),
                ));
            }
        }
        let wire = self.op_protocols.get(op).cloned().unwrap_or_default();
        let http = match wire.protocol {
            // awsJson: every request is `POST /`, answered `200`; `@http` plays no part.
            p if p.is_aws_json() => Some(HttpTrait {
                method: "POST".to_string(),
                uri: "/".to_string(),
                path: vec![UriSegment::Literal("/".to_string())],
                query: Vec::new(),
                code: 200,
            }),
            Protocol::RestJson1 => http,
            _ => None,
        };
        OperationIr {
            id: op.clone(),
            model_name: op.name().to_string(),
            docs: t.documentation().map(str::to_string),
            module,
            marker,
            input: input_name,
            output: output_name,
            error_enum,
            synthetic,
            errors,
            unhandled: "Unhandled".to_string(),
            malformed: "MalformedResponse".to_string(),
            http,
            protocol: wire.protocol,
            target: wire.target,
            query_compatible: wire.query_compatible,
            request,
            deprecated: deprecated(&t),
        }
    }
}

/// An operation's protocol, decided from its service ([`crate::facts::protocol`]).
#[derive(Debug, Clone)]
struct OpProtocol {
    protocol: Protocol,
    /// `{service shape name}.{operation name}` (awsJson's `X-Amz-Target`).
    target: String,
    query_compatible: bool,
}

impl Default for OpProtocol {
    fn default() -> OpProtocol {
        OpProtocol { protocol: Protocol::RestJson1, target: String::new(), query_compatible: false }
    }
}

/// The protocol of each generated operation (its service's; an operation of no service is
/// restJson1, its `@http` bindings), and the generation's own: the wire form every structure
/// takes (`@jsonName` honoured or not, HTTP bindings or none).
///
/// A structure is one Rust type with one serde form, so one generation speaks one protocol.
/// When the operations generated together come from services of different protocols (several
/// services, or `--operation`s of several), the first by [`Protocol`]'s order (restJson1,
/// awsJson1_0, awsJson1_1) is the generation's; the operations of a service that speaks
/// another get types only, with one warning per service (generate each service on its own,
/// `--service`, to give each its wire). A service on a protocol the runtime does not speak
/// (restXml, awsQuery, ec2Query) gets types only, with one warning naming the protocol.
fn protocols(
    model: &Model,
    service: Option<&ShapeId>,
    ops: &[ShapeId],
    warnings: &mut Vec<String>,
) -> (Protocol, BTreeMap<ShapeId, OpProtocol>) {
    let services: Vec<ShapeId> = match service {
        Some(s) => vec![s.clone()],
        None => model
            .document_shapes()
            .filter(|s| matches!(s.kind, ShapeKind::Service { .. }))
            .map(|s| s.id.clone())
            .collect(),
    };
    let mut of_service: BTreeMap<ShapeId, ShapeId> = BTreeMap::new();
    for svc in &services {
        let mut held = BTreeSet::new();
        collect_service_ops(model, svc, &mut held, &mut BTreeSet::new());
        for op in held {
            of_service.entry(op).or_insert_with(|| svc.clone());
        }
    }
    let mut out = BTreeMap::new();
    let mut used: BTreeMap<ShapeId, Protocol> = BTreeMap::new();
    for op in ops {
        let wire = match of_service.get(op).and_then(|s| Some((s, model.get(s)?))) {
            Some((svc, shape)) => {
                let protocol = crate::facts::protocol(&shape.traits);
                used.insert(svc.clone(), protocol);
                OpProtocol {
                    protocol,
                    target: format!("{}.{}", svc.name(), op.name()),
                    query_compatible: crate::facts::query_compatible(&shape.traits),
                }
            }
            None => OpProtocol::default(),
        };
        out.insert(op.clone(), wire);
    }
    let module = out.values().map(|w| w.protocol).filter(|p| p.has_wire()).min().unwrap_or(Protocol::RestJson1);
    for (svc, p) in &used {
        if !p.has_wire() {
            warnings.push(format!("{svc}: protocol {}: types only, no wire", p.trait_id()));
        } else if *p != module {
            warnings.push(format!(
                "{svc}: protocol {}: types only, no wire: generated together with {} operations, whose wire form \
                 the shared structures take (generate this service on its own for its wire)",
                p.trait_id(),
                module.trait_id()
            ));
        }
    }
    for w in out.values_mut() {
        if w.protocol.has_wire() && w.protocol != module {
            w.protocol = Protocol::Other(w.protocol.trait_id());
        }
    }
    (module, out)
}

/// The marker type and module name of each operation (rules 6 and 7 of [`crate::names`]):
/// the operation's own name, in a scope that holds only operations; an operation of another
/// namespace than `home` is prefixed with its whole namespace (`smithy.test#Foo` →
/// `SmithyTestFoo`, `operation::smithy_test_foo`). Home names claim first, so only a
/// prefixed name can be numbered, when a home operation has that very name.
fn name_operations(ops: &[ShapeId], home: Option<&str>) -> BTreeMap<ShapeId, (String, String)> {
    let mut scope = Scope::types();
    let mut out = BTreeMap::new();
    let (mine, others): (Vec<&ShapeId>, Vec<&ShapeId>) = ops.iter().partition(|o| Some(o.namespace()) == home);
    for op in mine {
        out.insert(op.clone(), scope.claim(&names::type_name(op.name())));
    }
    for op in others {
        out.insert(op.clone(), scope.claim(&names::type_name(&format!("{}_{}", op.namespace(), op.name()))));
    }
    out.into_iter()
        .map(|(id, marker)| {
            let mut module = names::field_name(&marker);
            if module == marker {
                // Only for a name without letters of either case (`_1`): a module and a
                // type of one name cannot share the `operation` module.
                module.push('_');
            }
            (id, (marker, module))
        })
        .collect()
}

/// The home namespace (rule 7 of [`crate::names`]), whose shapes are named at the root: the
/// namespace of the service generated; without one service, the namespace every generated
/// operation shares; without operations, the namespace every generated shape (other than
/// an external one) shares. `None` when they do not share one: then every shape is in its
/// namespace's module.
fn home_namespace(
    model: &Model,
    service: Option<&ShapeId>,
    operations: &[ShapeId],
    reached: &BTreeSet<ShapeId>,
    externs: &BTreeMap<ShapeId, String>,
) -> Option<String> {
    if let Some(s) = service {
        return Some(s.namespace().to_string());
    }
    fn shared<'a>(mut ids: impl Iterator<Item = &'a ShapeId>) -> Option<String> {
        let first = ids.next()?.namespace();
        ids.all(|i| i.namespace() == first).then(|| first.to_string())
    }
    if !operations.is_empty() {
        return shared(operations.iter());
    }
    shared(reached.iter().filter(|id| {
        !externs.contains_key(*id) && model.get(id).is_some_and(emits_item) && id.namespace() != "smithy.api"
    }))
}

/// Documentation notes for traits that change how a member is used.
fn member_notes(member: &Traits, target: Option<&Traits>) -> Vec<String> {
    let has = |t: &str| member.has(t) || target.is_some_and(|x| x.has(t));
    let mut notes = Vec::new();
    if has(traits::IDEMPOTENCY_TOKEN) {
        notes.push(
            "**Idempotency token:** a client leaving it unset sends a new UUID (`build_request` fills it); set it yourself to send the same value again when retrying a request."
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

/// Whether a value needs the runtime's wire rules, and in which timestamp format (see
/// [`super::FieldIr::wire_rules`]).
fn wire_rules(ty: &RustType, format: Option<TimestampFormat>) -> Option<TimestampFormat> {
    fn float(t: &RustType) -> bool {
        match t {
            RustType::F32 | RustType::F64 => true,
            RustType::List(i, _) | RustType::Map(i, _) | RustType::Boxed(i) => float(i),
            _ => false,
        }
    }
    let format = format.unwrap_or(TimestampFormat::EpochSeconds);
    (float(ty) || format != TimestampFormat::EpochSeconds).then_some(format)
}

/// A variant of an enum or intEnum: a value, with nothing to carry or check.
fn value_variant(
    rust: String,
    model_name: String,
    wire: String,
    docs: Option<String>,
    deprecated: Option<Deprecated>,
) -> VariantIr {
    VariantIr {
        rust,
        model_name,
        wire,
        ty: None,
        docs,
        deprecated,
        check: Check::default(),
        timestamp_format: None,
        wire_rules: None,
        sensitive: false,
        internal: false,
        attrs: Vec::new(),
    }
}
