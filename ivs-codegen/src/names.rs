//! Every Rust name the generator writes is decided here, by these rules:
//!
//! 1. **Types and enum variants** are the model name in `UpperCamelCase` (heck's rules:
//!    `ADVANCED_SD` → `AdvancedSd`, `KMSKeyId` → `KmsKeyId`, `t2.micro` → `T2Micro`).
//! 2. **Fields and builder methods** are the member name in `snake_case`
//!    (`viewerSessionVersionsLessThanOrEqualTo` → `viewer_session_versions_less_than_or_equal_to`).
//! 3. A name that is a Rust keyword (`type`, `match`, `self`, `Self`, `crate`, `super`,
//!    `async`, ...) gets a trailing `_`: `type_`, `Self_`. One rule for every keyword, because
//!    `self`, `Self`, `crate` and `super` cannot be raw identifiers.
//! 4. A name that starts with a digit gets a leading `_` (`1080p` → `_1080p`); a name with no
//!    letters or digits at all (`*`, `""`) becomes `Value` (and rule 5 numbers it).
//! 5. When two things in one scope (one struct's fields, one enum's variants, one error
//!    enum's variants, the operations) would get the same name, names claim in this order and each name already
//!    taken gets the smallest free numeric suffix (`AdvancedSd2`, `foo_bar_2`):
//!    - generated names first, so that a model name added later never takes one: an enum's
//!      catch-all `Unknown` (a value `UNKNOWN` is `Unknown2`), an error enum's `Unhandled` and
//!      `MalformedResponse`, and in a structure the builder's method names (a member named
//!      `build`, or `setLabel` beside a member `label`, becomes `build_2`, `set_label_2`);
//!    - then each member whose model name already is its Rust name (`foo_bar`, `Red`): no
//!      other member can take its name, since a model has each member name once;
//!    - then the others in model order (`fooBar`, then `FooBar`).
//! 6. **Operations have a module each**, `operation::{operation}` (`operation::create_channel`),
//!    holding everything the generator makes for the operation: its marker type
//!    (`CreateChannel`, re-exported as `operation::CreateChannel`), its error enum
//!    (`CreateChannelError`) and `{Operation}Input`/`{Operation}Output` when the operation
//!    has no input or output structure. These names come from the operation's own name alone
//!    and share no namespace with the model's shapes: the IVS structure
//!    `BatchStartViewerSessionRevocationError` and the operation's error enum
//!    `operation::batch_start_viewer_session_revocation::BatchStartViewerSessionRevocationError`
//!    both keep their names whatever else the model holds. An operation of another namespace
//!    than the home one (rule 7) is prefixed with its whole namespace (`smithy.test#Foo` →
//!    `operation::SmithyTestFoo`, `operation::smithy_test_foo`). An error enum's variant is
//!    the error's name (or its `rename`), whatever its namespace:
//!    `smithy.framework#ValidationException` is the variant `ValidationException` holding a
//!    `smithy_framework::ValidationException`. Smithy makes the shape names of a service
//!    unique, so variants collide (rule 5, model order) only outside one service.
//! 7. **A module per namespace.** The shapes of the *home namespace* are named at the root
//!    of the generated code; the shapes of any other namespace live in a module named after
//!    their whole namespace in `snake_case` ([`module_name`]: `smithy.framework` →
//!    `smithy_framework`, so `smithy_framework::ValidationException`), under their own name.
//!    Modules are `snake_case` and types `UpperCamelCase`, so a module never clashes with a
//!    type; a namespace whose module would be one of the generator's own (`operation`,
//!    `builders`, `patterns`, `protocol_tests`) gets a trailing `_`. The home namespace is:
//!    - the namespace of the service generated (`--service`, or the model's only service);
//!    - without one service (several, or none), the namespace every generated operation
//!      shares;
//!    - without operations, the namespace every generated shape shares (external types
//!      aside);
//!    - and when they share none, there is no home namespace: every shape is in its
//!      namespace's module.
//!
//!    A service's `rename` map is applied first (the new name is the shape's name in its
//!    module). Two shapes of one namespace that rule 1 maps to the same name (`Foo_Bar` and
//!    `FooBar`), or two namespaces that map to one module (`a.fooBar`, `a.foo_bar`), are an
//!    error of the model.
//! 8. **Builders live in a `builders` module** beside their structure: `builders::FooBuilder`
//!    (`smithy_framework::builders::ValidationExceptionBuilder` for a structure of another
//!    namespace), returned by `Foo::builder()`. No model shape is in `builders`, so no shape
//!    can take a builder's name (a structure named `FooBuilder` is at the root, beside
//!    `builders::FooBuilder`). The input or output made for an operation (rule 6) has its
//!    builder beside it in the operation's module (`operation::ping::PingInputBuilder`).
//!
//! **Stability.** With these rules an item's name and path depend on its own shape id (and
//! its member's own name), not on which other shapes the model holds, except in these cases
//! (each reported by `ivs-codegen diff` as `rust major`, with the old and new names):
//! - fields and variants whose names collide after casing (rule 5): a member added whose
//!   model name is the Rust name of an existing member that is spelled otherwise (`Red`
//!   beside `RED`) takes the name (`RED` becomes `Red2`); among members spelled otherwise
//!   (`fooBar`, `FooBar`), one added before an existing one in model order takes its name;
//! - a member named like another member's setter (`set_label`) is renamed when that member
//!   (`label`) is added (rule 5: the builder's names claim first);
//! - an operation of another namespace is numbered (`OtherNsPoke2`) when the home namespace
//!   gains an operation named as its prefixed name (`OtherNsPoke`) (rule 6);
//! - outside one service (where Smithy does not keep shape names unique), an error variant
//!   when the operation gains, before it, an error of the same name from another namespace
//!   (rule 6);
//! - without one service (rule 7), the home namespace is what the generated operations or
//!   shapes share: an update that adds one of another namespace (or a second service, which
//!   ends "the model's only service") can move every shape into its namespace's module.
//!   Generate with `--service` to rule this out.
//!
//! Generated code names the standard library by full path (`::std::string::String`), so a
//! model shape called `String`, `Option`, `Result`, `Box`, `Vec` or `Error` keeps its name.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust's strict, reserved and weak keywords that cannot be used as plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `name` is a Rust keyword.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

fn finish(mut s: String, empty: &str) -> String {
    if s.is_empty() {
        return empty.to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if is_keyword(&s) {
        s.push('_');
    }
    s
}

/// Keeps only ASCII letters and digits as word material; everything else separates words.
fn words(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// The Rust type (or variant) name for a model name, rules 1, 3 and 4.
pub fn type_name(name: &str) -> String {
    finish(words(name).to_upper_camel_case(), "Value")
}

/// The Rust field (or method) name for a member name, rules 2, 3 and 4.
pub fn field_name(name: &str) -> String {
    finish(words(name).to_snake_case(), "value")
}

/// Module names the generator uses itself at the root of the generated code: a namespace
/// whose module name would be one of them gets a trailing `_` (rule 7).
pub const RESERVED_MODULES: &[&str] = &["operation", "builders", "patterns", "protocol_tests"];

/// The module of a namespace's shapes (rule 7): the whole namespace in `snake_case`
/// (`smithy.framework` → `smithy_framework`, `com.amazonaws.ivs` → `com_amazonaws_ivs`), a
/// module name the generator uses itself or a keyword with a trailing `_` (`operation_`).
pub fn module_name(namespace: &str) -> String {
    let mut m = field_name(namespace);
    if RESERVED_MODULES.contains(&m.as_str()) {
        m.push('_');
    }
    m
}

/// One naming scope: hands out names, numbering repeats (rule 5).
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
    snake: bool,
}

impl Scope {
    /// A scope for types or variants (`Name2`).
    pub fn types() -> Scope {
        Scope { taken: BTreeSet::new(), snake: false }
    }

    /// A scope for fields (`name_2`).
    pub fn fields() -> Scope {
        Scope { taken: BTreeSet::new(), snake: true }
    }

    /// Whether a name is already taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims `name` exactly; false when it is already taken.
    pub fn try_claim(&mut self, name: &str) -> bool {
        self.taken.insert(name.to_string())
    }

    /// Claims a name for each of `members`, `(model name, Rust name by the rules)`, and returns
    /// them in the same order. A member whose model name already equals its Rust name claims
    /// first, so that it keeps its name whatever else the scope holds; the others then claim
    /// in model order, numbered on a collision (rule 5).
    pub fn claim_members(&mut self, members: &[(&str, String)]) -> Vec<String> {
        let mut out: Vec<Option<String>> = vec![None; members.len()];
        for (slot, (model, rust)) in out.iter_mut().zip(members) {
            if model == rust && self.try_claim(rust) {
                *slot = Some(rust.clone());
            }
        }
        for (slot, (_, rust)) in out.iter_mut().zip(members) {
            if slot.is_none() {
                *slot = Some(self.claim(rust));
            }
        }
        out.into_iter().flatten().collect()
    }

    /// Claims `name`, or the first free numbered form of it.
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_string()) {
            return name.to_string();
        }
        let mut n = 2usize;
        loop {
            // A keyword's trailing `_` stays last, so the lints' case rules still hold:
            // `self_` → `self_2`, `Self_` → `Self2_`.
            let candidate = match (self.snake, name.strip_suffix('_')) {
                (true, Some(_)) => format!("{name}{n}"),
                (true, None) => format!("{name}_{n}"),
                (false, Some(base)) => format!("{base}{n}_"),
                (false, None) => format!("{name}{n}"),
            };
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_naming_table() {
        let table: &[(&str, &str, &str)] = &[
            // model name, type name, field name
            (
                "viewerSessionVersionsLessThanOrEqualTo",
                "ViewerSessionVersionsLessThanOrEqualTo",
                "viewer_session_versions_less_than_or_equal_to",
            ),
            ("channelArn", "ChannelArn", "channel_arn"),
            ("channelARN", "ChannelArn", "channel_arn"),
            ("KMSKeyId", "KmsKeyId", "kms_key_id"),
            ("ADVANCED_SD", "AdvancedSd", "advanced_sd"),
            ("advanced_sd", "AdvancedSd", "advanced_sd"),
            ("type", "Type", "type_"),
            ("match", "Match", "match_"),
            ("self", "Self_", "self_"),
            ("Self", "Self_", "self_"),
            ("crate", "Crate", "crate_"),
            ("super", "Super", "super_"),
            ("async", "Async", "async_"),
            ("t2.micro", "T2Micro", "t2_micro"),
            ("1080p", "_1080p", "_1080p"),
            ("us-east-1", "UsEast1", "us_east_1"),
            ("*", "Value", "value"),
            ("", "Value", "value"),
            ("S3Location", "S3Location", "s3_location"),
            ("String", "String", "string"),
        ];
        for (model, ty, field) in table {
            assert_eq!(type_name(model), *ty, "type name of {model:?}");
            assert_eq!(field_name(model), *field, "field name of {model:?}");
        }
    }

    #[test]
    fn collisions_are_numbered_in_claim_order() {
        let mut s = Scope::types();
        assert_eq!(s.claim("AdvancedSd"), "AdvancedSd");
        assert_eq!(s.claim("AdvancedSd"), "AdvancedSd2");
        assert_eq!(s.claim("AdvancedSd"), "AdvancedSd3");
        let mut f = Scope::fields();
        assert_eq!(f.claim(&field_name("fooBar")), "foo_bar");
        assert_eq!(f.claim(&field_name("foo_bar")), "foo_bar_2");
        assert_eq!(f.claim(&field_name("self")), "self_");
        assert_eq!(f.claim(&field_name("Self")), "self_2");
        let mut t = Scope::types();
        assert_eq!(t.claim(&type_name("self")), "Self_");
        assert_eq!(t.claim(&type_name("Self")), "Self2_");
    }

    /// Rule 5: a member spelled as its Rust name claims before the others, wherever it is in
    /// model order; the others claim in model order.
    #[test]
    fn members_spelled_as_their_rust_name_claim_first() {
        let claims = |names: &[&str]| -> Vec<String> {
            let members: Vec<(&str, String)> = names.iter().map(|n| (*n, field_name(n))).collect();
            let mut f = Scope::fields();
            f.try_claim("build");
            f.claim_members(&members)
        };
        assert_eq!(claims(&["fooBar", "foo_bar", "FooBar"]), ["foo_bar_2", "foo_bar", "foo_bar_3"]);
        assert_eq!(claims(&["FooBar", "fooBar", "foo_bar"]), ["foo_bar_2", "foo_bar_3", "foo_bar"]);
        assert_eq!(claims(&["build", "Value", "value"]), ["build_2", "value_2", "value"]);
        let members: Vec<(&str, String)> = ["RED", "Red"].iter().map(|n| (*n, type_name(n))).collect();
        assert_eq!(Scope::types().claim_members(&members), ["Red2", "Red"]);
    }

    /// Rule 7: a namespace's module is the whole namespace in `snake_case`; the generator's
    /// own module names and keywords get a trailing `_`.
    #[test]
    fn namespace_modules() {
        for (ns, module) in [
            ("smithy.framework", "smithy_framework"),
            ("com.amazonaws.ivs", "com_amazonaws_ivs"),
            ("aws.protocoltests.restjson", "aws_protocoltests_restjson"),
            ("example.fooBar", "example_foo_bar"),
            ("operation", "operation_"),
            ("builders", "builders_"),
            ("type", "type_"),
        ] {
            assert_eq!(module_name(ns), module, "{ns}");
        }
    }
}
