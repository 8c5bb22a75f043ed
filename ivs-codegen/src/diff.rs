//! Model diffs: what changed between two versions of a model, and what each change does to
//! the wire (does an existing client or server stop working?) and to the generated Rust API
//! (does code written against the old types stop compiling?).
//!
//! The Rust judgments follow from how the code is generated: structures and enums are
//! `#[non_exhaustive]` and built with builders, so adding a member, an enum value, a union
//! member or an error variant is **minor**; removing or retyping anything, or changing
//! whether a member is `Option<T>` (`@required`, `@default`, `@clientOptional`, decided by
//! `facts::presence` as for the generated types), is **major**; so is a change that keeps the
//! types but makes builds that compiled fail at run time (a new member that `build()`
//! requires, or a defaulted member becoming required); so is a structure whose `build()`
//! starts or stops returning a `Result` (it does only when the structure has a member `build()`
//! requires); constraint, documentation and HTTP binding changes do not touch the types
//! (**patch**), nor does `@default` added to a `@required` member (the field stays `T`)
//! unless it was the structure's last member `build()` required.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::{json, Value};

use crate::facts::{presence, Presence};
use crate::model::{traits, Member, Model, Shape, ShapeId, ShapeKind, Traits};

/// What a change does on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Wire {
    /// Existing clients or servers stop working (requests refused, data lost, a different
    /// message shape).
    Breaking,
    /// Existing clients and servers keep working.
    Compatible,
}

/// What a change does to the generated Rust API (semver).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rust {
    /// Code written against the old types may stop compiling.
    Major,
    /// Only new items or variants.
    Minor,
    /// The types are unchanged.
    Patch,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// A stable code for the kind of change (`member-added`, `constraint-tightened`, ...).
    pub kind: &'static str,
    /// The shape id.
    pub shape: String,
    /// The member, when the change is about one.
    pub member: Option<String>,
    /// The operations whose input or output reaches the shape (in the newer model, else the
    /// older).
    pub operations: Vec<String>,
    /// What changed, in words.
    pub message: String,
    /// Wire impact.
    pub wire: Wire,
    /// Rust API impact.
    pub rust: Rust,
}

impl Change {
    fn severity(&self) -> (Wire, Rust) {
        (self.wire, self.rust)
    }
}

/// Every change between two models.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    /// The changes, most severe first, then by shape and member.
    pub changes: Vec<Change>,
    /// Documentation changes (counted; listed with `--docs`).
    pub doc_changes: Vec<Change>,
}

impl Diff {
    /// Whether anything breaks (on the wire or in the Rust API).
    pub fn breaks(&self) -> bool {
        self.changes.iter().any(|c| c.wire == Wire::Breaking || c.rust == Rust::Major)
    }

    /// The semver verdict for the generated crate.
    pub fn verdict(&self) -> Rust {
        self.changes.iter().map(|c| c.rust).min().unwrap_or(Rust::Patch)
    }

    /// The text report: one line per change, most severe first, then a summary line.
    pub fn to_text(&self, docs: bool) -> String {
        let mut out = String::new();
        let list = self.changes.iter().chain(self.doc_changes.iter().filter(|_| docs));
        for c in list {
            let wire = match c.wire {
                Wire::Breaking => "wire BREAKING",
                Wire::Compatible => "wire ok",
            };
            let rust = match c.rust {
                Rust::Major => "rust MAJOR",
                Rust::Minor => "rust minor",
                Rust::Patch => "rust patch",
            };
            let at = match &c.member {
                Some(m) => format!("{}${m}", c.shape),
                None => c.shape.clone(),
            };
            let ops =
                if c.operations.is_empty() { String::new() } else { format!(" (in {})", c.operations.join(", ")) };
            out.push_str(&format!("[{wire:13} | {rust:10}] {at}: {}{ops}\n", c.message));
        }
        let count = |w: Option<Wire>, r: Option<Rust>| {
            self.changes.iter().filter(|c| w.is_none_or(|w| c.wire == w) && r.is_none_or(|r| c.rust == r)).count()
        };
        out.push_str(&format!(
            "{} changes: {} wire-breaking, {} rust-major, {} rust-minor, {} rust-patch; {} documentation changes; verdict: {}\n",
            self.changes.len(),
            count(Some(Wire::Breaking), None),
            count(None, Some(Rust::Major)),
            count(None, Some(Rust::Minor)),
            count(None, Some(Rust::Patch)),
            self.doc_changes.len(),
            self.verdict()
        ));
        out
    }

    /// The JSON report.
    pub fn to_json(&self, docs: bool) -> Value {
        let item = |c: &Change| {
            json!({
                "kind": c.kind,
                "shape": c.shape,
                "member": c.member,
                "operations": c.operations,
                "message": c.message,
                "wire": if c.wire == Wire::Breaking { "breaking" } else { "compatible" },
                "rust": c.rust.to_string(),
            })
        };
        let mut v = json!({
            "changes": self.changes.iter().map(item).collect::<Vec<_>>(),
            "summary": {
                "changes": self.changes.len(),
                "wire_breaking": self.changes.iter().filter(|c| c.wire == Wire::Breaking).count(),
                "rust_major": self.changes.iter().filter(|c| c.rust == Rust::Major).count(),
                "rust_minor": self.changes.iter().filter(|c| c.rust == Rust::Minor).count(),
                "documentation_changes": self.doc_changes.len(),
                "verdict": self.verdict().to_string(),
                "breaks": self.breaks(),
            }
        });
        if docs {
            v["documentation"] = Value::Array(self.doc_changes.iter().map(item).collect());
        }
        v
    }
}

impl fmt::Display for Rust {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Rust::Major => "major",
            Rust::Minor => "minor",
            Rust::Patch => "patch",
        })
    }
}

/// Which side of operations a shape is on.
#[derive(Default)]
struct Uses {
    input: BTreeSet<ShapeId>,
    output: BTreeSet<ShapeId>,
    ops: BTreeMap<ShapeId, BTreeSet<String>>,
}

fn uses(model: &Model) -> Uses {
    let mut u = Uses::default();
    for s in model.document_shapes() {
        let ShapeKind::Operation { input, output, errors } = &s.kind else { continue };
        let op = s.id.name().to_string();
        let walk = |start: &ShapeId, input_side: bool, u: &mut Uses| {
            let mut todo = vec![start.clone()];
            let mut seen = BTreeSet::new();
            while let Some(id) = todo.pop() {
                if !seen.insert(id.clone()) {
                    continue;
                }
                let Some(shape) = model.get(&id) else { continue };
                if shape.prelude {
                    continue;
                }
                if input_side {
                    u.input.insert(id.clone());
                } else {
                    u.output.insert(id.clone());
                }
                u.ops.entry(id.clone()).or_default().insert(op.clone());
                for m in shape.kind.members() {
                    todo.push(m.target.clone());
                }
            }
        };
        walk(input, true, &mut u);
        walk(output, false, &mut u);
        for e in errors {
            walk(e, false, &mut u);
        }
    }
    u
}

struct Differ<'m> {
    old: &'m Model,
    new: &'m Model,
    old_uses: Uses,
    new_uses: Uses,
    out: Diff,
}

/// Compares two models.
pub fn diff(old: &Model, new: &Model) -> Diff {
    let mut d = Differ { old, new, old_uses: uses(old), new_uses: uses(new), out: Diff::default() };
    let ids: BTreeSet<&ShapeId> = old.document_shapes().chain(new.document_shapes()).map(|s| &s.id).collect();
    for id in ids {
        match (old.get(id).filter(|s| !s.prelude), new.get(id).filter(|s| !s.prelude)) {
            (Some(o), None) => d.removed(o),
            (None, Some(n)) => d.added(n),
            (Some(o), Some(n)) => d.shape(o, n),
            (None, None) => {}
        }
    }
    d.rust_names();
    d.out.changes.sort_by(|a, b| {
        a.severity()
            .cmp(&b.severity())
            .then_with(|| a.shape.cmp(&b.shape))
            .then_with(|| a.member.cmp(&b.member))
            .then_with(|| a.message.cmp(&b.message))
    });
    d.out.doc_changes.sort_by(|a, b| a.shape.cmp(&b.shape).then_with(|| a.member.cmp(&b.member)));
    d.out
}

/// What a generated Rust name belongs to: a key that stays the same across versions of a
/// model, so that two versions' names can be compared.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Named {
    /// A shape's type.
    Type,
    /// A structure's builder.
    Builder,
    /// A member's field or variant.
    Member(String),
    /// An enum's catch-all variant.
    Unknown,
    /// An operation's marker type.
    Marker,
    /// An operation's module.
    Module,
    /// An operation's error enum.
    ErrorEnum,
    /// An operation's input or output type.
    Io(&'static str),
    /// The variant of an operation's error enum for an error shape.
    ErrorVariant(ShapeId),
    /// A generated variant of an operation's error enum (`Unhandled`, `MalformedResponse`).
    GeneratedVariant(&'static str),
}

/// Each generated Rust name by shape and [`Named`]: the item's own name and its path.
type RustNames = BTreeMap<(ShapeId, Named), (String, String)>;

/// Each structure by shape id: whether its `build()` returns a `Result`, and its Rust path.
type Builds = BTreeMap<ShapeId, (bool, String)>;

/// The Rust names of everything generated for a model when every shape is generated
/// (`Selection::All`), by shape and [`Named`]: each item's own name (what a rename changes)
/// and its path from the crate root (what the report shows); `None` when the model does not
/// lower. A field of a renamed type is not itself renamed: the type's change says it.
/// Also the structures, by shape id: whether their `build()` returns a `Result` (they have a
/// member it requires), and their Rust path.
fn rust_names(model: &Model) -> Option<(RustNames, Builds)> {
    let ir = crate::ir::lower(model, &crate::ir::Selection::All).ok()?;
    let mut out = BTreeMap::new();
    let mut fallible = BTreeMap::new();
    for item in &ir.items {
        if let crate::ir::Item::Struct(s) = item {
            let required = s.fields.iter().any(|f| f.presence == crate::ir::Presence::Required);
            fallible.insert(s.id.clone(), (required, s.name.clone()));
        }
    }
    let mut put = |id: &ShapeId, what: Named, own: &str, path: String| {
        out.insert((id.clone(), what), (own.to_string(), path));
    };
    for item in &ir.items {
        match item {
            crate::ir::Item::Struct(s) => {
                put(&s.id, Named::Type, &s.name, s.name.clone());
                let builder = match item.module() {
                    Some(m) => format!("{m}::{}", s.builder),
                    None => s.builder.clone(),
                };
                put(&s.id, Named::Builder, &builder, builder.clone());
                for f in &s.fields {
                    put(&s.id, Named::Member(f.model_name.clone()), &f.rust, format!("{}.{}", s.name, f.rust));
                }
            }
            crate::ir::Item::Enum(e) => {
                put(&e.id, Named::Type, &e.name, e.name.clone());
                put(&e.id, Named::Unknown, &e.unknown, format!("{}::{}", e.name, e.unknown));
                for v in &e.variants {
                    put(&e.id, Named::Member(v.model_name.clone()), &v.rust, format!("{}::{}", e.name, v.rust));
                }
            }
        }
    }
    for op in &ir.operations {
        let id = &op.id;
        put(id, Named::Marker, &op.marker, format!("operation::{}", op.marker));
        put(id, Named::Module, &op.module, format!("operation::{}", op.module));
        put(id, Named::ErrorEnum, &op.error_enum, op.error_path());
        for (side, name) in [("input", &op.input), ("output", &op.output)] {
            if let Some(s) = op.synthetic.iter().find(|s| op.path_of(&s.name) == *name) {
                put(id, Named::Io(side), &s.name, name.clone());
            }
        }
        // The variants follow the error list (the operation's, then the service's), as
        // lowering names them; the model's error ids give the keys.
        let mut ids = match model.get(&op.id).map(|s| &s.kind) {
            Some(ShapeKind::Operation { errors, .. }) => errors.clone(),
            _ => Vec::new(),
        };
        if let Some(ShapeKind::Service { errors: common, .. }) =
            ir.service.as_ref().and_then(|svc| model.get(&svc.id)).map(|s| &s.kind)
        {
            for e in common {
                if !ids.contains(e) {
                    ids.push(e.clone());
                }
            }
        }
        for (e, (variant, _)) in ids.iter().zip(&op.errors) {
            put(id, Named::ErrorVariant(e.clone()), variant, format!("{}::{variant}", op.error_path()));
        }
        for (which, v) in [("Unhandled", &op.unhandled), ("MalformedResponse", &op.malformed)] {
            put(id, Named::GeneratedVariant(which), v, format!("{}::{v}", op.error_path()));
        }
    }
    Some((out, fallible))
}

fn lengths(v: Option<&Value>) -> (Option<f64>, Option<f64>) {
    let get = |k: &str| v.and_then(|v| v.get(k)).and_then(Value::as_f64);
    (get("min"), get("max"))
}

impl Differ<'_> {
    fn ops(&self, id: &ShapeId) -> Vec<String> {
        let set = self.new_uses.ops.get(id).or_else(|| self.old_uses.ops.get(id));
        set.map(|s| s.iter().cloned().collect()).unwrap_or_default()
    }

    /// Every generated Rust name (type, builder, field, variant, operation module, marker,
    /// error enum and its variants, made input or output) that both versions have and that
    /// changed: code naming it stops compiling (rule list in [`crate::names`]).
    fn rust_names(&mut self) {
        let (Some((old, old_builds)), Some((new, new_builds))) = (rust_names(self.old), rust_names(self.new)) else {
            return;
        };
        // `build()` returns a `Result` only for a structure with a member it requires: a
        // structure that gains its first such member, or loses its last, changes the type
        // every call of `build()` gets.
        for (id, (before, name)) in &old_builds {
            let Some((after, _)) = new_builds.get(id) else { continue };
            if before == after {
                continue;
            }
            let message = if *after {
                format!(
                    "`{name}::builder().build()` now returns a `Result` (the structure has a member `build()` requires)"
                )
            } else {
                format!("`{name}::builder().build()` now returns `{name}` itself (no member is required any more)")
            };
            self.push("build-result-changed", id, None, message, Wire::Compatible, Rust::Major);
        }
        for ((id, what), (own, before)) in &old {
            let Some((new_own, after)) = new.get(&(id.clone(), what.clone())) else { continue };
            if own == new_own {
                continue;
            }
            let member = match what {
                Named::Member(m) => Some(m.as_str()),
                _ => None,
            };
            let what = match what {
                Named::Type => "type",
                Named::Builder => "builder",
                Named::Member(_) => "field or variant",
                Named::Unknown => "catch-all variant",
                Named::Marker => "operation marker",
                Named::Module => "operation module",
                Named::ErrorEnum => "error enum",
                Named::Io(side) => side,
                Named::ErrorVariant(_) => "error variant",
                Named::GeneratedVariant(_) => "error variant",
            };
            self.push(
                "rust-name-changed",
                id,
                member,
                format!("Rust {what} `{before}` renamed to `{after}`"),
                Wire::Compatible,
                Rust::Major,
            );
        }
    }

    fn on_input(&self, id: &ShapeId) -> bool {
        self.new_uses.input.contains(id) || self.old_uses.input.contains(id)
    }

    fn on_output(&self, id: &ShapeId) -> bool {
        self.new_uses.output.contains(id) || self.old_uses.output.contains(id)
    }

    fn push(
        &mut self,
        kind: &'static str,
        id: &ShapeId,
        member: Option<&str>,
        message: String,
        wire: Wire,
        rust: Rust,
    ) {
        let change = Change {
            kind,
            shape: id.to_string(),
            member: member.map(str::to_string),
            operations: self.ops(id),
            message,
            wire,
            rust,
        };
        if kind == "documentation-changed" {
            self.out.doc_changes.push(change);
        } else {
            self.out.changes.push(change);
        }
    }

    fn added(&mut self, n: &Shape) {
        match n.kind {
            ShapeKind::Operation { .. } => {
                self.push("operation-added", &n.id, None, "operation added".into(), Wire::Compatible, Rust::Minor)
            }
            _ => self.push(
                "shape-added",
                &n.id,
                None,
                format!("{} added", n.kind.type_name()),
                Wire::Compatible,
                Rust::Minor,
            ),
        }
    }

    fn removed(&mut self, o: &Shape) {
        match o.kind {
            ShapeKind::Operation { .. } => self.push(
                "operation-removed",
                &o.id,
                None,
                "operation removed: clients calling it fail".into(),
                Wire::Breaking,
                Rust::Major,
            ),
            _ => self.push(
                "shape-removed",
                &o.id,
                None,
                format!("{} removed", o.kind.type_name()),
                if self.old_uses.ops.contains_key(&o.id) { Wire::Breaking } else { Wire::Compatible },
                Rust::Major,
            ),
        }
    }

    fn shape(&mut self, o: &Shape, n: &Shape) {
        let id = &n.id;
        if o.kind.type_name() != n.kind.type_name() {
            self.push(
                "type-changed",
                id,
                None,
                format!("type changed from {} to {}", o.kind.type_name(), n.kind.type_name()),
                Wire::Breaking,
                Rust::Major,
            );
            return;
        }
        if o.traits.documentation() != n.traits.documentation() {
            self.push("documentation-changed", id, None, "documentation changed".into(), Wire::Compatible, Rust::Patch);
        }
        self.constraints(id, None, &o.traits, &n.traits);
        self.other_traits(id, None, &o.traits, &n.traits);
        match (&o.kind, &n.kind) {
            (ShapeKind::Structure(om), ShapeKind::Structure(nm)) => {
                self.members(id, (&o.traits, om), (&n.traits, nm), false)
            }
            (ShapeKind::Union(om), ShapeKind::Union(nm)) => self.members(id, (&o.traits, om), (&n.traits, nm), true),
            (ShapeKind::Enum(om), ShapeKind::Enum(nm)) | (ShapeKind::IntEnum(om), ShapeKind::IntEnum(nm)) => {
                let values = |ms: &[Member]| -> BTreeSet<String> {
                    ms.iter()
                        .map(|m| {
                            m.traits
                                .get(traits::ENUM_VALUE)
                                .map(|v| v.to_string())
                                .unwrap_or_else(|| format!("{:?}", m.name))
                        })
                        .collect()
                };
                self.enum_values(id, values(om), values(nm));
            }
            (ShapeKind::List { member: om, .. }, ShapeKind::List { member: nm, .. }) => {
                self.member_target(id, "member", om, nm);
                self.constraints(id, Some("member"), &om.traits, &nm.traits);
            }
            (ShapeKind::Map { key: ok, value: ov }, ShapeKind::Map { key: nk, value: nv }) => {
                self.member_target(id, "key", ok, nk);
                self.member_target(id, "value", ov, nv);
            }
            (
                ShapeKind::Operation { input: oi, output: oo, errors: oe },
                ShapeKind::Operation { input: ni, output: no, errors: ne },
            ) => {
                for (what, a, b) in [("input", oi, ni), ("output", oo, no)] {
                    if a != b {
                        self.push(
                            "operation-io-changed",
                            id,
                            None,
                            format!("{what} changed from `{a}` to `{b}`"),
                            Wire::Breaking,
                            Rust::Major,
                        );
                    }
                }
                for e in ne.iter().filter(|e| !oe.contains(e)) {
                    self.push(
                        "error-added",
                        id,
                        None,
                        format!("error `{}` added", e.name()),
                        Wire::Compatible,
                        Rust::Minor,
                    );
                }
                for e in oe.iter().filter(|e| !ne.contains(e)) {
                    self.push(
                        "error-removed",
                        id,
                        None,
                        format!("error `{}` removed", e.name()),
                        Wire::Compatible,
                        Rust::Major,
                    );
                }
                let http = |s: &Shape| {
                    s.traits.get(traits::HTTP).map(|h| {
                        (
                            h.get("method").and_then(Value::as_str).unwrap_or_default().to_string(),
                            h.get("uri").and_then(Value::as_str).unwrap_or_default().to_string(),
                            h.get("code").and_then(Value::as_u64).unwrap_or(200),
                        )
                    })
                };
                if let (Some(a), Some(b)) = (http(o), http(n)) {
                    if a != b {
                        self.push(
                            "http-changed",
                            id,
                            None,
                            format!("@http changed from {} {} ({}) to {} {} ({})", a.0, a.1, a.2, b.0, b.1, b.2),
                            Wire::Breaking,
                            Rust::Patch,
                        );
                    }
                }
            }
            (ShapeKind::Service { operations: oo, .. }, ShapeKind::Service { operations: no, .. }) => {
                for op in no.iter().filter(|x| !oo.contains(x)) {
                    self.push(
                        "service-operation-added",
                        id,
                        None,
                        format!("binds operation `{}`", op.name()),
                        Wire::Compatible,
                        Rust::Minor,
                    );
                }
                for op in oo.iter().filter(|x| !no.contains(x)) {
                    self.push(
                        "service-operation-removed",
                        id,
                        None,
                        format!("no longer binds operation `{}`", op.name()),
                        Wire::Breaking,
                        Rust::Major,
                    );
                }
            }
            _ => {}
        }
        // 1.0 string enums.
        let enum_trait = |s: &Shape| -> Option<BTreeSet<String>> {
            s.traits.get(traits::ENUM).and_then(Value::as_array).map(|defs| {
                defs.iter().filter_map(|d| d.get("value").and_then(Value::as_str)).map(|v| format!("{v:?}")).collect()
            })
        };
        if let (Some(a), Some(b)) = (enum_trait(o), enum_trait(n)) {
            self.enum_values(id, a, b);
        }
    }

    fn enum_values(&mut self, id: &ShapeId, old: BTreeSet<String>, new: BTreeSet<String>) {
        for v in new.difference(&old) {
            self.push(
                "enum-value-added",
                id,
                None,
                format!("enum value {v} added (older readers keep it as the unknown variant)"),
                Wire::Compatible,
                Rust::Minor,
            );
        }
        for v in old.difference(&new) {
            self.push("enum-value-removed", id, None, format!("enum value {v} removed"), Wire::Breaking, Rust::Major);
        }
    }

    fn member_target(&mut self, id: &ShapeId, member: &str, o: &Member, n: &Member) {
        if o.target != n.target {
            self.push(
                "member-target-changed",
                id,
                Some(member),
                format!("target changed from `{}` to `{}`", o.target, n.target),
                Wire::Breaking,
                Rust::Major,
            );
        }
    }

    /// The members of a structure or union, each side with the container's traits (its
    /// `@input` decides presence).
    fn members(
        &mut self,
        id: &ShapeId,
        (old_traits, old): (&Traits, &[Member]),
        (new_traits, new): (&Traits, &[Member]),
        union: bool,
    ) {
        let input = self.on_input(id);
        let output = self.on_output(id);
        let added: Vec<&Member> = new.iter().filter(|m| !old.iter().any(|o| o.name == m.name)).collect();
        let removed: Vec<&Member> = old.iter().filter(|m| !new.iter().any(|o| o.name == m.name)).collect();
        for m in &added {
            let required = m.traits.has(traits::REQUIRED) && !m.traits.has(traits::DEFAULT);
            let rename = removed
                .iter()
                .find(|r| r.target == m.target)
                .map(|r| format!(" (it may be `{}` renamed: that is still two changes)", r.name));
            let (wire, why) = if union {
                (Wire::Compatible, "older readers keep it as the unknown member")
            } else if required && input {
                (Wire::Breaking, "required on input: requests from older clients lack it")
            } else {
                (Wire::Compatible, "older readers ignore it")
            };
            let location = location_of(m);
            // A new member the builder requires: code that built the structure still
            // compiles, but every such `build()` now fails at run time.
            let (rust, builds) = if !union && presence(self.new, new_traits, m) == Presence::Required {
                (Rust::Major, "; `build()` requires it (builds that compiled now fail at run time, or do not compile when it is the first member `build()` requires)")
            } else {
                (Rust::Minor, "")
            };
            self.push(
                "member-added",
                id,
                Some(&m.name),
                format!(
                    "{}member added ({location}, targets `{}`): {why}{builds}{}",
                    if required { "required " } else { "" },
                    m.target,
                    rename.unwrap_or_default()
                ),
                wire,
                rust,
            );
        }
        for m in &removed {
            let rename = added
                .iter()
                .find(|a| a.target == m.target)
                .map(|a| format!(" (it may be renamed to `{}`: that is still two changes)", a.name));
            self.push(
                "member-removed",
                id,
                Some(&m.name),
                format!("member removed{}", rename.unwrap_or_default()),
                if output || input { Wire::Breaking } else { Wire::Compatible },
                Rust::Major,
            );
        }
        for n in new {
            let Some(o) = old.iter().find(|o| o.name == n.name) else { continue };
            self.member_target(id, &n.name, o, n);
            let (ot, nt) = (&o.traits, &n.traits);
            if ot.documentation() != nt.documentation() {
                self.push(
                    "documentation-changed",
                    id,
                    Some(&n.name),
                    "documentation changed".into(),
                    Wire::Compatible,
                    Rust::Patch,
                );
            }
            // The Rust side of @required, @default and @clientOptional changes follows the one
            // presence decision (`facts::presence`), as the generated types do.
            let (rust, why) =
                if union { (Rust::Patch, "") } else { presence_change(&presence(self.old, old_traits, o), &presence(self.new, new_traits, n)) };
            let req = |t: &crate::model::Traits| t.has(traits::REQUIRED);
            match (req(ot), req(nt)) {
                (false, true) => self.push(
                    "required-added",
                    id,
                    Some(&n.name),
                    format!("@required added{why}"),
                    if input { Wire::Breaking } else { Wire::Compatible },
                    rust,
                ),
                (true, false) => self.push(
                    "required-removed",
                    id,
                    Some(&n.name),
                    format!("@required removed{why}"),
                    if output { Wire::Breaking } else { Wire::Compatible },
                    rust,
                ),
                _ => {}
            }
            for (t, name) in [(traits::DEFAULT, "@default"), (traits::CLIENT_OPTIONAL, "@clientOptional")] {
                match (ot.get(t), nt.get(t)) {
                    (None, Some(_)) => self.push(
                        "nullability-changed",
                        id,
                        Some(&n.name),
                        format!("{name} added{why}"),
                        Wire::Compatible,
                        rust,
                    ),
                    (Some(_), None) => self.push(
                        "nullability-changed",
                        id,
                        Some(&n.name),
                        format!("{name} removed{why}"),
                        Wire::Compatible,
                        rust,
                    ),
                    (Some(a), Some(b)) if a != b => self.push(
                        "default-changed",
                        id,
                        Some(&n.name),
                        format!("{name} changed from {a} to {b}"),
                        Wire::Breaking,
                        Rust::Patch,
                    ),
                    _ => {}
                }
            }
            let (la, lb) = (location_of(o), location_of(n));
            if la != lb {
                self.push(
                    "binding-changed",
                    id,
                    Some(&n.name),
                    format!("moved from {la} to {lb}"),
                    Wire::Breaking,
                    Rust::Patch,
                );
            }
            if ot.string(traits::JSON_NAME) != nt.string(traits::JSON_NAME) {
                self.push(
                    "json-name-changed",
                    id,
                    Some(&n.name),
                    "@jsonName changed".into(),
                    Wire::Breaking,
                    Rust::Patch,
                );
            }
            if ot.timestamp_format() != nt.timestamp_format() {
                self.push(
                    "timestamp-format-changed",
                    id,
                    Some(&n.name),
                    "@timestampFormat changed".into(),
                    Wire::Breaking,
                    Rust::Patch,
                );
            }
            self.constraints(id, Some(&n.name), ot, nt);
            self.other_traits(id, Some(&n.name), ot, nt);
        }
    }

    fn constraints(&mut self, id: &ShapeId, member: Option<&str>, o: &crate::model::Traits, n: &crate::model::Traits) {
        for (t, name) in [(traits::LENGTH, "@length"), (traits::RANGE, "@range")] {
            let (a, b) = (o.get(t), n.get(t));
            if a == b {
                continue;
            }
            let (mut amin, amax) = lengths(a);
            let (mut bmin, bmax) = lengths(b);
            if t == traits::LENGTH {
                // A length is never negative: no `min` is `min: 0`.
                amin = amin.or(a.map(|_| 0.0));
                bmin = bmin.or(b.map(|_| 0.0));
            }
            if a.is_some() && b.is_some() && (amin, amax) == (bmin, bmax) {
                continue;
            }
            let tighter =
                bmin.is_some_and(|x| amin.is_none_or(|y| x > y)) || bmax.is_some_and(|x| amax.is_none_or(|y| x < y));
            let looser =
                amin.is_some_and(|x| bmin.is_none_or(|y| y < x)) || amax.is_some_and(|x| bmax.is_none_or(|y| y > x));
            let text = |v: Option<&Value>| v.map(|v| v.to_string()).unwrap_or_else(|| "none".into());
            let (kind, word, wire) = match (tighter, looser) {
                (true, false) => ("constraint-tightened", "tightened", Wire::Breaking),
                (false, true) => ("constraint-loosened", "loosened", Wire::Compatible),
                _ => ("constraint-changed", "changed", Wire::Breaking),
            };
            self.push(kind, id, member, format!("{name} {word}: {} -> {}", text(a), text(b)), wire, Rust::Patch);
        }
        match (o.string(traits::PATTERN), n.string(traits::PATTERN)) {
            (None, Some(p)) => self.push(
                "constraint-tightened",
                id,
                member,
                format!("@pattern added: {p}"),
                Wire::Breaking,
                Rust::Patch,
            ),
            (Some(p), None) => self.push(
                "constraint-loosened",
                id,
                member,
                format!("@pattern removed: {p}"),
                Wire::Compatible,
                Rust::Patch,
            ),
            (Some(a), Some(b)) if a != b => self.push(
                "constraint-changed",
                id,
                member,
                format!("@pattern changed: {a} -> {b}"),
                Wire::Breaking,
                Rust::Patch,
            ),
            _ => {}
        }
        match (o.has(traits::UNIQUE_ITEMS), n.has(traits::UNIQUE_ITEMS)) {
            (false, true) => {
                self.push("constraint-tightened", id, member, "@uniqueItems added".into(), Wire::Breaking, Rust::Patch)
            }
            (true, false) => self.push(
                "constraint-loosened",
                id,
                member,
                "@uniqueItems removed".into(),
                Wire::Compatible,
                Rust::Patch,
            ),
            _ => {}
        }
    }

    fn other_traits(&mut self, id: &ShapeId, member: Option<&str>, o: &crate::model::Traits, n: &crate::model::Traits) {
        for (t, name, wire) in [
            (traits::ERROR, "@error", Wire::Breaking),
            (traits::HTTP_ERROR, "@httpError", Wire::Breaking),
            (traits::RETRYABLE, "@retryable", Wire::Compatible),
            (traits::SENSITIVE, "@sensitive", Wire::Compatible),
            (traits::DEPRECATED, "@deprecated", Wire::Compatible),
            (traits::SPARSE, "@sparse", Wire::Breaking),
        ] {
            if o.get(t) != n.get(t) {
                let what = match (o.has(t), n.has(t)) {
                    (false, true) => "added",
                    (true, false) => "removed",
                    _ => "changed",
                };
                let rust = if t == traits::SPARSE { Rust::Major } else { Rust::Patch };
                self.push("trait-changed", id, member, format!("{name} {what}"), wire, rust);
            }
        }
    }
}

fn location_of(m: &Member) -> String {
    let t = &m.traits;
    if t.has(traits::HTTP_LABEL) {
        "label".into()
    } else if let Some(q) = t.string(traits::HTTP_QUERY) {
        format!("query `{q}`")
    } else if t.has(traits::HTTP_QUERY_PARAMS) {
        "query params".into()
    } else if let Some(h) = t.string(traits::HTTP_HEADER) {
        format!("header `{h}`")
    } else if let Some(p) = t.string(traits::HTTP_PREFIX_HEADERS) {
        format!("headers `{p}*`")
    } else if t.has(traits::HTTP_PAYLOAD) {
        "payload".into()
    } else if t.has(traits::HTTP_RESPONSE_CODE) {
        "status code".into()
    } else {
        "body".into()
    }
}

/// What a member's change of presence does to the generated Rust API: `Option<T>` to `T` or
/// back changes the type (major); `T` with a default becoming `T` required keeps the type but
/// makes `build()` fail where it succeeded (major: builds that compiled now fail at run
/// time); the reverse, or no change of presence, changes nothing (patch).
fn presence_change(old: &Presence, new: &Presence) -> (Rust, &'static str) {
    match (old, new) {
        (o, n) if o.is_option() && n.is_option() => (Rust::Patch, ": the field stays `Option<T>`"),
        (o, _) if o.is_option() => (Rust::Major, ": the field changes from `Option<T>` to `T`"),
        (_, n) if n.is_option() => (Rust::Major, ": the field changes from `T` to `Option<T>`"),
        (Presence::Default(_), Presence::Required) => {
            (Rust::Major, ": the type stays `T`, but builds that compiled now fail at run time (`build()` requires it)")
        }
        _ => (Rust::Patch, ": the field stays `T`"),
    }
}
