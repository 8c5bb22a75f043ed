//! What to generate: the selection resolved to a service and operations, the shapes they
//! reach, and the operations that are skipped.

use std::collections::BTreeSet;

use crate::model::{traits, Member, Model, ShapeId, ShapeKind};
use crate::problem::Problem;

use super::Selection;
use crate::facts::{location, Location};

/// Resolves the selection to a service (if any) and the operations to generate.
pub(super) fn select(model: &Model, selection: &Selection) -> Result<(Option<ShapeId>, Vec<ShapeId>), Problem> {
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

pub(super) fn collect_service_ops(
    model: &Model,
    id: &ShapeId,
    ops: &mut BTreeSet<ShapeId>,
    seen: &mut BTreeSet<ShapeId>,
) {
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
pub(super) fn reach(model: &Model, id: &ShapeId, out: &mut BTreeSet<ShapeId>) {
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
pub(super) fn nested_bound_structures(
    model: &Model,
    reached: &BTreeSet<ShapeId>,
    bound: &BTreeSet<ShapeId>,
) -> Vec<String> {
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
pub(super) fn unsupported_operation(model: &Model, op: &ShapeId) -> Option<String> {
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
