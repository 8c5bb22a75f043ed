//! Whole-model checks, run before lowering. Every problem is collected; each names the
//! shape id (and member) it is about and what is wrong.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::{traits, Model, Shape, ShapeId, ShapeKind, Simple};
pub use crate::problem::{finish, Problem, Problems};

/// Checks the whole model. `Ok(())` or every problem found.
pub fn check(model: &Model) -> Result<(), Problems> {
    let mut problems = Vec::new();
    for shape in model.document_shapes() {
        check_shape(model, shape, &mut problems);
    }
    check_recursion(model, &mut problems);
    finish(problems)
}

fn kind_of<'m>(model: &'m Model, id: &ShapeId) -> Option<&'m ShapeKind> {
    model.get(id).map(|s| &s.kind)
}

fn is_unit(id: &ShapeId) -> bool {
    id.as_str() == "smithy.api#Unit"
}

fn check_shape(model: &Model, shape: &Shape, problems: &mut Vec<Problem>) {
    let id = &shape.id;
    let mixin = shape.traits.has(traits::MIXIN);
    match &shape.kind {
        ShapeKind::Structure(members) | ShapeKind::Union(members) => {
            let union = matches!(shape.kind, ShapeKind::Union(_));
            if union && members.is_empty() && !mixin {
                problems.push(Problem::shape(id, "a union needs at least one member"));
            }
            for m in members {
                check_data_member(model, id, &m.name, &m.target, union, problems);
                check_default(model, id, Some(&m.name), &m.target, m.traits.get(traits::DEFAULT), problems);
                if union && m.traits.has(traits::REQUIRED) {
                    problems.push(Problem::member(id, &m.name, "union members cannot be @required"));
                }
            }
        }
        ShapeKind::List { member, .. } => check_data_member(model, id, "member", &member.target, false, problems),
        ShapeKind::Map { key, value } => {
            check_data_member(model, id, "value", &value.target, false, problems);
            match kind_of(model, &key.target) {
                None => problems.push(Problem::member(id, "key", format!("target `{}` does not exist", key.target))),
                Some(ShapeKind::Simple(Simple::String)) | Some(ShapeKind::Enum(_)) => {}
                Some(k) => problems.push(Problem::member(
                    id,
                    "key",
                    format!("a map key must target a string or enum shape, not {} `{}`", k.type_name(), key.target),
                )),
            }
        }
        ShapeKind::Enum(members) => {
            let mut values = BTreeSet::new();
            for m in members {
                if !is_unit(&m.target) {
                    problems.push(Problem::member(id, &m.name, "enum members must target smithy.api#Unit"));
                }
                let value = match m.traits.get(traits::ENUM_VALUE) {
                    None => m.name.clone(),
                    Some(Value::String(s)) if !s.is_empty() => s.clone(),
                    Some(v) => {
                        problems.push(Problem::member(
                            id,
                            &m.name,
                            format!("@enumValue of an enum must be a non-empty string, found {v}"),
                        ));
                        continue;
                    }
                };
                if !values.insert(value.clone()) {
                    problems.push(Problem::member(id, &m.name, format!("enum value `{value}` is used twice")));
                }
            }
        }
        ShapeKind::IntEnum(members) => {
            let mut values = BTreeSet::new();
            for m in members {
                match m.traits.get(traits::ENUM_VALUE).and_then(Value::as_i64) {
                    Some(v) if i32::try_from(v).is_ok() => {
                        if !values.insert(v) {
                            problems.push(Problem::member(id, &m.name, format!("intEnum value {v} is used twice")));
                        }
                    }
                    _ => problems.push(Problem::member(id, &m.name, "intEnum members need an integer @enumValue")),
                }
            }
        }
        ShapeKind::Simple(_) => {
            check_default(model, id, None, id, shape.traits.get(traits::DEFAULT), problems);
            if let Some(v) = shape.traits.get(traits::ENUM) {
                check_enum_trait(id, v, problems);
            }
        }
        ShapeKind::Operation { input, output, errors } => {
            for (what, target) in [("input", input), ("output", output)] {
                match kind_of(model, target) {
                    None => problems.push(Problem::shape(id, format!("{what} `{target}` does not exist"))),
                    Some(ShapeKind::Structure(_)) => {}
                    Some(k) => problems.push(Problem::shape(
                        id,
                        format!("{what} must be a structure, `{target}` is a {}", k.type_name()),
                    )),
                }
            }
            check_errors(model, id, errors, problems);
            if let Some(http) = shape.traits.get(traits::HTTP) {
                let method = http.get("method").and_then(Value::as_str);
                let uri = http.get("uri").and_then(Value::as_str);
                if method.is_none_or(str::is_empty) || !uri.is_some_and(|u| u.starts_with('/')) {
                    problems.push(Problem::shape(id, "@http needs a `method` and a `uri` that starts with `/`"));
                }
            }
        }
        ShapeKind::Resource { operations, resources } => {
            check_refs(model, id, "operation", operations, |k| matches!(k, ShapeKind::Operation { .. }), problems);
            check_refs(model, id, "resource", resources, |k| matches!(k, ShapeKind::Resource { .. }), problems);
        }
        ShapeKind::Service { operations, resources, errors, .. } => {
            check_refs(model, id, "operation", operations, |k| matches!(k, ShapeKind::Operation { .. }), problems);
            check_refs(model, id, "resource", resources, |k| matches!(k, ShapeKind::Resource { .. }), problems);
            check_errors(model, id, errors, problems);
        }
    }
}

fn check_refs(
    model: &Model,
    id: &ShapeId,
    what: &str,
    list: &[ShapeId],
    ok: impl Fn(&ShapeKind) -> bool,
    problems: &mut Vec<Problem>,
) {
    for t in list {
        match kind_of(model, t) {
            None => problems.push(Problem::shape(id, format!("{what} `{t}` does not exist"))),
            Some(k) if !ok(k) => {
                problems.push(Problem::shape(id, format!("`{t}` is bound as a {what} but is a {}", k.type_name())))
            }
            Some(_) => {}
        }
    }
}

fn check_errors(model: &Model, id: &ShapeId, errors: &[ShapeId], problems: &mut Vec<Problem>) {
    for e in errors {
        match model.get(e) {
            None => problems.push(Problem::shape(id, format!("error `{e}` does not exist"))),
            Some(s) if !matches!(s.kind, ShapeKind::Structure(_)) || !s.traits.has(traits::ERROR) => {
                problems.push(Problem::shape(id, format!("error `{e}` must be a structure with the @error trait")))
            }
            Some(s) => {
                if !matches!(s.traits.error(), Some("client" | "server")) {
                    problems.push(Problem::shape(e, "@error must be \"client\" or \"server\""));
                }
            }
        }
    }
}

fn check_data_member(
    model: &Model,
    id: &ShapeId,
    member: &str,
    target: &ShapeId,
    union: bool,
    problems: &mut Vec<Problem>,
) {
    match kind_of(model, target) {
        None => problems.push(Problem::member(id, member, format!("target `{target}` does not exist"))),
        Some(k @ (ShapeKind::Operation { .. } | ShapeKind::Resource { .. } | ShapeKind::Service { .. })) => {
            problems.push(Problem::member(id, member, format!("a member cannot target {} `{target}`", k.type_name())))
        }
        Some(_) if is_unit(target) && !union => {
            problems.push(Problem::member(id, member, "only union members may target smithy.api#Unit"))
        }
        Some(_) => {
            if let Some(s) = model.get(target) {
                if s.traits.has(traits::MIXIN) {
                    problems.push(Problem::member(id, member, format!("a member cannot target the mixin `{target}`")));
                }
            }
        }
    }
}

fn check_enum_trait(id: &ShapeId, v: &Value, problems: &mut Vec<Problem>) {
    let Some(list) = v.as_array() else { return };
    let mut seen = BTreeSet::new();
    for def in list {
        match def.get("value").and_then(Value::as_str) {
            Some(value) => {
                if !seen.insert(value.to_string()) {
                    problems.push(Problem::shape(id, format!("@enum value `{value}` is used twice")));
                }
            }
            None => problems.push(Problem::shape(id, "every @enum definition needs a string `value`")),
        }
    }
}

/// Checks that a `@default` value fits the shape it applies to.
fn check_default(
    model: &Model,
    id: &ShapeId,
    member: Option<&str>,
    target: &ShapeId,
    default: Option<&Value>,
    problems: &mut Vec<Problem>,
) {
    let Some(default) = default else { return };
    if default.is_null() {
        return;
    }
    let Some(kind) = kind_of(model, target) else { return };
    let ok = match kind {
        ShapeKind::Simple(Simple::String | Simple::Blob) | ShapeKind::Enum(_) => default.is_string(),
        ShapeKind::Simple(Simple::Boolean) => default.is_boolean(),
        ShapeKind::Simple(Simple::Timestamp) => default.is_number() || default.is_string(),
        ShapeKind::Simple(Simple::Document) => true,
        ShapeKind::Simple(s) if s.is_number() => default.is_number(),
        ShapeKind::IntEnum(_) => default.is_i64(),
        ShapeKind::List { .. } => default.as_array().is_some_and(Vec::is_empty),
        ShapeKind::Map { .. } => default.as_object().is_some_and(|m| m.is_empty()),
        _ => false,
    };
    if !ok {
        let msg = format!("@default value {default} does not fit {} `{target}`", kind.type_name());
        match member {
            Some(m) => problems.push(Problem::member(id, m, msg)),
            None => problems.push(Problem::shape(id, msg)),
        }
    }
}

/// Whether a structure member can never be absent: required (not client-optional) or
/// defaulted to a non-null value.
pub fn is_always_present(model: &Model, m: &crate::model::Member) -> bool {
    crate::facts::presence(model, m) != crate::facts::Presence::Optional
}

/// A cycle of structures linked only through members that can never be absent has no
/// finite value: Smithy forbids it, and no indirection can fix it.
fn check_recursion(model: &Model, problems: &mut Vec<Problem>) {
    let mut edges: BTreeMap<&ShapeId, Vec<(&str, &ShapeId)>> = BTreeMap::new();
    for shape in model.document_shapes() {
        if let ShapeKind::Structure(members) = &shape.kind {
            for m in members {
                if matches!(kind_of(model, &m.target), Some(ShapeKind::Structure(_))) && is_always_present(model, m) {
                    edges.entry(&shape.id).or_default().push((&m.name, &m.target));
                }
            }
        }
    }
    for comp in crate::graph::strongly_connected(&edges) {
        let self_loop = comp.len() == 1 && edges.get(comp[0]).is_some_and(|es| es.iter().any(|(_, t)| *t == comp[0]));
        if comp.len() > 1 || self_loop {
            let first = comp[0];
            let names: Vec<String> = comp.iter().map(|s| s.to_string()).collect();
            problems.push(Problem::shape(
                first,
                format!(
                    "recursive structure without indirection: {} contain each other through required members, so no value can be finite",
                    names.join(" -> ")
                ),
            ));
        }
    }
}
