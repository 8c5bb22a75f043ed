//! The Smithy JSON AST as Rust values.
//!
//! [`Model::from_json`] reads a JSON AST document (Smithy 1.0 or 2.0), checks every
//! shape id as it reads it, expands mixins and `apply` statements, adds the prelude,
//! and returns a [`Model`] whose shapes are keyed by [`ShapeId`] in a `BTreeMap`, so
//! that every walk over the model is deterministic. Member order is the order of the
//! document. Problems found while reading are collected, not returned one at a time.

mod id;
pub mod prelude;
mod raw;
pub mod traits;

use std::collections::BTreeMap;

pub use id::{is_identifier, ShapeId};
pub use traits::Traits;

use crate::problem::{Problem, Problems};

/// The Smithy IDL version a model was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmithyVersion {
    /// Smithy 1.0: `set`, `@box`, members of primitive shapes are non-null.
    V1,
    /// Smithy 2.0.
    V2,
}

/// The simple shape types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Simple {
    /// `blob`
    Blob,
    /// `boolean`
    Boolean,
    /// `string`
    String,
    /// `byte`
    Byte,
    /// `short`
    Short,
    /// `integer`
    Integer,
    /// `long`
    Long,
    /// `float`
    Float,
    /// `double`
    Double,
    /// `bigInteger`
    BigInteger,
    /// `bigDecimal`
    BigDecimal,
    /// `timestamp`
    Timestamp,
    /// `document`
    Document,
}

impl Simple {
    /// The Smithy name of the type.
    pub fn name(self) -> &'static str {
        match self {
            Simple::Blob => "blob",
            Simple::Boolean => "boolean",
            Simple::String => "string",
            Simple::Byte => "byte",
            Simple::Short => "short",
            Simple::Integer => "integer",
            Simple::Long => "long",
            Simple::Float => "float",
            Simple::Double => "double",
            Simple::BigInteger => "bigInteger",
            Simple::BigDecimal => "bigDecimal",
            Simple::Timestamp => "timestamp",
            Simple::Document => "document",
        }
    }

    /// Whether this is one of the number types.
    pub fn is_number(self) -> bool {
        matches!(
            self,
            Simple::Byte
                | Simple::Short
                | Simple::Integer
                | Simple::Long
                | Simple::Float
                | Simple::Double
                | Simple::BigInteger
                | Simple::BigDecimal
        )
    }
}

/// A member of an aggregate shape, an enum, or an operation/service reference list.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The member name as written in the model (the wire name unless `@jsonName` says otherwise).
    pub name: String,
    /// The shape the member targets.
    pub target: ShapeId,
    /// Traits applied to the member (after mixins and `apply`).
    pub traits: Traits,
}

/// What kind of shape a shape is, with its shape-specific properties.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    /// A simple type.
    Simple(Simple),
    /// `enum` (2.0): string values, members target `smithy.api#Unit`.
    Enum(Vec<Member>),
    /// `intEnum`: integer values.
    IntEnum(Vec<Member>),
    /// `list`, or `set` when `set` is true (1.0, or 2.0's deprecated `set`).
    List {
        /// The `member` member.
        member: Member,
        /// Written as `set`.
        set: bool,
    },
    /// `map`.
    Map {
        /// The `key` member.
        key: Member,
        /// The `value` member.
        value: Member,
    },
    /// `structure`.
    Structure(Vec<Member>),
    /// `union`.
    Union(Vec<Member>),
    /// `operation`.
    Operation {
        /// Input structure (`smithy.api#Unit` when absent).
        input: ShapeId,
        /// Output structure (`smithy.api#Unit` when absent).
        output: ShapeId,
        /// Error structures.
        errors: Vec<ShapeId>,
    },
    /// `resource`.
    Resource {
        /// Lifecycle and other operations bound to the resource, in a fixed order.
        operations: Vec<ShapeId>,
        /// Child resources.
        resources: Vec<ShapeId>,
    },
    /// `service`.
    Service {
        /// `version`.
        version: String,
        /// Operations bound directly to the service.
        operations: Vec<ShapeId>,
        /// Resources bound to the service.
        resources: Vec<ShapeId>,
        /// Errors common to every operation of the service.
        errors: Vec<ShapeId>,
        /// `rename`: shape id → new name, for disambiguation inside the service closure.
        rename: BTreeMap<ShapeId, String>,
    },
}

impl ShapeKind {
    /// The Smithy type name (`structure`, `string`, ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            ShapeKind::Simple(s) => s.name(),
            ShapeKind::Enum(_) => "enum",
            ShapeKind::IntEnum(_) => "intEnum",
            ShapeKind::List { set: false, .. } => "list",
            ShapeKind::List { set: true, .. } => "set",
            ShapeKind::Map { .. } => "map",
            ShapeKind::Structure(_) => "structure",
            ShapeKind::Union(_) => "union",
            ShapeKind::Operation { .. } => "operation",
            ShapeKind::Resource { .. } => "resource",
            ShapeKind::Service { .. } => "service",
        }
    }

    /// Members that carry data (structure/union members, list member, map key and value).
    pub fn members(&self) -> Vec<&Member> {
        match self {
            ShapeKind::Structure(m) | ShapeKind::Union(m) | ShapeKind::Enum(m) | ShapeKind::IntEnum(m) => {
                m.iter().collect()
            }
            ShapeKind::List { member, .. } => vec![member],
            ShapeKind::Map { key, value } => vec![key, value],
            _ => Vec::new(),
        }
    }
}

/// One shape of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The absolute shape id.
    pub id: ShapeId,
    /// The kind and its properties.
    pub kind: ShapeKind,
    /// Traits applied to the shape (after mixins and `apply`).
    pub traits: Traits,
    /// Whether the shape came from the Smithy prelude rather than the document.
    pub prelude: bool,
}

/// A whole model: every shape of the document plus the prelude.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The IDL version of the document.
    pub version: SmithyVersion,
    /// Every shape, keyed by id.
    pub shapes: BTreeMap<ShapeId, Shape>,
}

impl Model {
    /// Reads a JSON AST document. Every problem found is reported, each naming its shape.
    pub fn from_json(json: &str) -> Result<Model, Problems> {
        raw::read(json)
    }

    /// Reads a JSON AST held as node values, as the IDL reader assembles it
    /// ([`crate::idl::load`]): the model [`Model::from_json`] gives for the same document
    /// written as text, without writing and reading the text.
    pub fn from_ast(ast: crate::idl::Node) -> Result<Model, Problems> {
        raw::read_node(ast)
    }

    /// The shape with this id, if the model (or the prelude) has it.
    pub fn get(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// The shapes written in the document (not the prelude), in id order.
    pub fn document_shapes(&self) -> impl Iterator<Item = &Shape> {
        self.shapes.values().filter(|s| !s.prelude)
    }

    /// Finds a shape by absolute id, or by bare name when exactly one shape has it.
    pub fn resolve(&self, text: &str) -> Result<ShapeId, String> {
        if text.contains('#') {
            let id = ShapeId::parse(text)?;
            return if self.shapes.contains_key(&id) { Ok(id) } else { Err(format!("no shape `{id}` in the model")) };
        }
        let found: Vec<&ShapeId> = self.document_shapes().map(|s| &s.id).filter(|id| id.name() == text).collect();
        match found.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(format!("no shape named `{text}` in the model")),
            many => Err(format!(
                "`{text}` is ambiguous: {}",
                many.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
            )),
        }
    }
}

/// Merges mixins into the shapes that use them, in place.
///
/// Members of mixins come first, in mixin order, then the shape's own; traits of a mixin are
/// inherited unless the shape sets the same trait, and `@mixin` itself is never inherited.
fn apply_mixins(
    shapes: &mut BTreeMap<ShapeId, Shape>,
    mixins: &BTreeMap<ShapeId, Vec<ShapeId>>,
    problems: &mut Vec<Problem>,
) {
    let mut done: BTreeMap<ShapeId, ()> = BTreeMap::new();
    for id in mixins.keys() {
        let mut stack = Vec::new();
        resolve_mixins(id, shapes, mixins, &mut done, &mut stack, problems);
    }
}

fn resolve_mixins(
    id: &ShapeId,
    shapes: &mut BTreeMap<ShapeId, Shape>,
    mixins: &BTreeMap<ShapeId, Vec<ShapeId>>,
    done: &mut BTreeMap<ShapeId, ()>,
    stack: &mut Vec<ShapeId>,
    problems: &mut Vec<Problem>,
) {
    if done.contains_key(id) {
        return;
    }
    if stack.contains(id) {
        problems.push(Problem::shape(id, "mixins form a cycle"));
        return;
    }
    let Some(list) = mixins.get(id) else {
        done.insert(id.clone(), ());
        return;
    };
    stack.push(id.clone());
    let mut inherited_members: Vec<Member> = Vec::new();
    let mut inherited_traits = Traits::default();
    for mixin in list {
        resolve_mixins(mixin, shapes, mixins, done, stack, problems);
        let Some(m) = shapes.get(mixin) else {
            problems.push(Problem::shape(id, format!("mixin `{mixin}` does not exist")));
            continue;
        };
        if !m.traits.has(traits::MIXIN) {
            problems.push(Problem::shape(id, format!("`{mixin}` is used as a mixin but has no @mixin trait")));
        }
        let mixin_traits = m.traits.clone();
        for member in m.kind.members() {
            if let Some(pos) = inherited_members.iter().position(|x| x.name == member.name) {
                inherited_members[pos] = member.clone();
            } else {
                inherited_members.push(member.clone());
            }
        }
        for (k, v) in mixin_traits.iter() {
            if k != traits::MIXIN && !is_local_only_mixin_trait(k, &mixin_traits) {
                inherited_traits.set(k, v.clone());
            }
        }
    }
    stack.pop();
    if let Some(shape) = shapes.get_mut(id) {
        for (k, v) in inherited_traits.iter() {
            if !shape.traits.has(k) {
                shape.traits.set(k, v.clone());
            }
        }
        match &mut shape.kind {
            ShapeKind::Structure(own) | ShapeKind::Union(own) | ShapeKind::Enum(own) | ShapeKind::IntEnum(own) => {
                let mut merged = Vec::with_capacity(inherited_members.len() + own.len());
                for mut m in inherited_members {
                    // A shape may re-declare (with a `$member` apply or in place) an inherited
                    // member to add traits; the target stays the mixin's.
                    if let Some(local) = own.iter().position(|o| o.name == m.name) {
                        let local = own.remove(local);
                        for (k, v) in local.traits.iter() {
                            m.traits.set(k, v.clone());
                        }
                    }
                    merged.push(m);
                }
                merged.append(own);
                *own = merged;
            }
            _ => {}
        }
    }
    done.insert(id.clone(), ());
}

/// Traits listed in a mixin's `@mixin(localTraits: [...])` are not inherited.
fn is_local_only_mixin_trait(name: &str, mixin_traits: &Traits) -> bool {
    mixin_traits
        .get(traits::MIXIN)
        .and_then(|v| v.get("localTraits"))
        .and_then(|v| v.as_array())
        .is_some_and(|list| list.iter().any(|t| t.as_str() == Some(name)))
}
