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
            match crate::facts::http_trait(&shape.traits) {
                Err(e) => problems.push(Problem::shape(id, e)),
                Ok(Some(http)) => check_http_operation(model, id, &http, input, output, errors, problems),
                Ok(None) => {}
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

/// An operation bound with `@http`: its labels and its input's `@httpLabel` members match,
/// query literals do not clash with `@httpQuery` members, and every binding trait of its
/// top-level input, output and error structures targets something that can travel there.
fn check_http_operation(
    model: &Model,
    id: &ShapeId,
    http: &crate::facts::HttpTrait,
    input: &ShapeId,
    output: &ShapeId,
    errors: &[ShapeId],
    problems: &mut Vec<Problem>,
) {
    use crate::facts::UriSegment;
    let members = |s: &ShapeId| match kind_of(model, s) {
        Some(ShapeKind::Structure(m)) => m.as_slice(),
        _ => &[],
    };
    let labels: Vec<&str> = http
        .path
        .iter()
        .filter_map(|s| match s {
            UriSegment::Label(n) | UriSegment::Greedy(n) => Some(n.as_str()),
            UriSegment::Literal(_) => None,
        })
        .collect();
    for label in &labels {
        match members(input).iter().find(|m| m.name == *label) {
            Some(m) if m.traits.has(traits::HTTP_LABEL) => {
                if !m.traits.has(traits::REQUIRED) {
                    problems.push(Problem::member(input, &m.name, "an @httpLabel member must be @required"));
                }
            }
            _ => problems.push(Problem::shape(
                id,
                format!(
                    "the @http uri `{}` has the label `{label}`, but the input has no @httpLabel member `{label}`",
                    http.uri
                ),
            )),
        }
    }
    for m in members(input) {
        if m.traits.has(traits::HTTP_LABEL) && !labels.contains(&m.name.as_str()) {
            problems.push(Problem::member(
                input,
                &m.name,
                format!("@httpLabel, but the @http uri `{}` of `{id}` has no label `{}`", http.uri, m.name),
            ));
        }
        if let Some(q) = m.traits.string(traits::HTTP_QUERY) {
            if http.query.iter().any(|(k, _)| k == q) {
                problems.push(Problem::member(
                    input,
                    &m.name,
                    format!("@httpQuery(\"{q}\") clashes with the query literal of the @http uri `{}`", http.uri),
                ));
            }
        }
    }
    for s in std::iter::once(input).chain(std::iter::once(output)).chain(errors) {
        for m in members(s) {
            if let Some(e) = crate::facts::binding_target_problem(model, m) {
                problems.push(Problem::member(s, &m.name, e));
            }
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
    let int = |lo: i64, hi: i64| default.as_i64().is_some_and(|v| (lo..=hi).contains(&v));
    let enum_values = |members: &[crate::model::Member]| -> Vec<Value> {
        members
            .iter()
            .map(|m| m.traits.get(traits::ENUM_VALUE).cloned().unwrap_or_else(|| Value::from(m.name.clone())))
            .collect()
    };
    let (ok, why) = match kind {
        ShapeKind::Simple(Simple::String) => (default.is_string(), ""),
        ShapeKind::Simple(Simple::Blob) => {
            (default.as_str().is_some_and(is_base64), " (a blob default is base64 text)")
        }
        ShapeKind::Enum(members) => (enum_values(members).contains(default), " (not one of the enum's values)"),
        ShapeKind::IntEnum(members) => (enum_values(members).contains(default), " (not one of the intEnum's values)"),
        ShapeKind::Simple(Simple::Boolean) => (default.is_boolean(), ""),
        ShapeKind::Simple(Simple::Timestamp) => (
            default.is_number() || default.as_str().is_some_and(is_date_time),
            " (epoch seconds, or an RFC 3339 date-time)",
        ),
        ShapeKind::Simple(Simple::Document) => (true, ""),
        ShapeKind::Simple(Simple::Byte) => (int(i8::MIN.into(), i8::MAX.into()), " (out of the byte range)"),
        ShapeKind::Simple(Simple::Short) => (int(i16::MIN.into(), i16::MAX.into()), " (out of the short range)"),
        ShapeKind::Simple(Simple::Integer) => (int(i32::MIN.into(), i32::MAX.into()), " (out of the integer range)"),
        ShapeKind::Simple(Simple::Long) => (default.is_i64(), " (out of the long range)"),
        ShapeKind::Simple(Simple::Float) => (
            default.as_f64().is_some_and(|v| v.is_finite() && v.abs() <= f64::from(f32::MAX)),
            " (out of the float range)",
        ),
        ShapeKind::Simple(Simple::BigInteger) => {
            (default.as_f64().is_some_and(|v| v.fract() == 0.0), " (a bigInteger default is a whole number)")
        }
        ShapeKind::Simple(s) if s.is_number() => (default.is_number(), ""),
        ShapeKind::List { .. } => (default.as_array().is_some_and(Vec::is_empty), " (only an empty list)"),
        ShapeKind::Map { .. } => (default.as_object().is_some_and(|m| m.is_empty()), " (only an empty map)"),
        _ => (false, ""),
    };
    if !ok {
        let msg = format!("@default value {default} does not fit {} `{target}`{why}", kind.type_name());
        match member {
            Some(m) => problems.push(Problem::member(id, m, msg)),
            None => problems.push(Problem::shape(id, msg)),
        }
    }
}

/// Whether `s` is base64 text (the standard alphabet, padded).
fn is_base64(s: &str) -> bool {
    let b = s.as_bytes();
    let pad = b.iter().rev().take_while(|&&c| c == b'=').count();
    b.len() % 4 == 0
        && pad <= 2
        && b[..b.len() - pad].iter().all(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
}

/// Whether `s` is an RFC 3339 date-time (`2024-01-31T23:59:60.5Z`, `...+01:00`).
fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r.clone()).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<u32>().ok()).unwrap_or(99);
    if b.len() < 20 || !digits(0..4) || b[4] != b'-' || !digits(5..7) || b[7] != b'-' || !digits(8..10) {
        return false;
    }
    if !matches!(b[10], b'T' | b't') || !digits(11..13) || b[13] != b':' || !digits(14..16) || b[16] != b':' {
        return false;
    }
    let (year, month) = (num(0..4), num(5..7));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !digits(17..19) || !(1..=12).contains(&month) || !(1..=days).contains(&num(8..10)) {
        return false;
    }
    if num(11..13) > 23 || num(14..16) > 59 || num(17..19) > 60 {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match &b[i..] {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()) && num(i + 1..i + 3) <= 23 && num(i + 4..i + 6) <= 59
        }
        _ => false,
    }
}

/// Whether a structure member can never be absent: required (not client-optional) or
/// defaulted to a non-null value (a plain `T`, not `Option<T>`). `container`: the traits of
/// the structure that holds it.
pub fn is_always_present(model: &Model, container: &crate::model::Traits, m: &crate::model::Member) -> bool {
    matches!(
        crate::facts::presence(model, container, m),
        crate::facts::Presence::Required | crate::facts::Presence::Default(_)
    )
}

/// A cycle of structures linked only through members that can never be absent has no
/// finite value: Smithy forbids it, and no indirection can fix it.
fn check_recursion(model: &Model, problems: &mut Vec<Problem>) {
    let mut edges: BTreeMap<&ShapeId, Vec<(&str, &ShapeId)>> = BTreeMap::new();
    for shape in model.document_shapes() {
        if let ShapeKind::Structure(members) = &shape.kind {
            for m in members {
                if matches!(kind_of(model, &m.target), Some(ShapeKind::Structure(_))) && is_always_present(model, &shape.traits, m) {
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
