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
//! 5. When two things in one scope (the crate's types, one struct's fields, one enum's
//!    variants) would get the same name, the first claimant keeps it and each later one gets
//!    the smallest free numeric suffix: `AdvancedSd`, `AdvancedSd2`; `foo_bar`, `foo_bar_2`.
//!    Generated names claim before model names, so that a model name added later never takes
//!    one: an enum's catch-all `Unknown` (a value `UNKNOWN` is `Unknown2`), an error enum's
//!    `Unhandled` and `MalformedResponse`, and in a structure the builder's method names (a
//!    member named `build`, or `setLabel` beside a member `label`, becomes `build_2`,
//!    `set_label_2`). Model names then claim in model order.
//! 6. **Operations have a module each**, `operation::{operation}` (`operation::create_channel`),
//!    holding everything the generator makes for the operation: its marker type
//!    (`CreateChannel`, re-exported as `operation::CreateChannel`), its error enum
//!    (`CreateChannelError`) and `{Operation}Input`/`{Operation}Output` when the operation
//!    has no input or output structure. These names come from the operation's own name alone
//!    and share no namespace with the model's shapes at the crate root: the IVS structure
//!    `BatchStartViewerSessionRevocationError` and the operation's error enum
//!    `operation::batch_start_viewer_session_revocation::BatchStartViewerSessionRevocationError`
//!    both keep their names whatever else the model holds. Operations are named in a scope of
//!    their own (rule 7 for two of different namespaces).
//! 7. Two shapes with the same name in different namespaces: the one in the service's
//!    namespace keeps the name, the other is prefixed with the last segment of its namespace
//!    (`smithy.framework#ValidationException` → `FrameworkValidationException`); a service's
//!    `rename` map is applied first. Two shapes of one namespace that rule 1 maps to the same
//!    name (`Foo_Bar` and `FooBar`) are an error of the model.
//!
//! **Stability.** With these rules an item's name and path depend on its own shape id, not on
//! which other shapes the model holds, except in these cases, all collisions that a flat
//! namespace cannot avoid (and that `ivs-codegen diff` reports as `rust major`, with the old
//! and new names):
//! - a shape of another namespace keeps its bare name only while no shape of that name is in
//!   the service's namespace (rule 7; without a service, the first namespace in id order
//!   keeps it): adding `com.example#Foo` renames `other.ns#Foo` to `NsFoo`;
//! - a prefixed name (rule 7) or a builder (`{Name}Builder`) claims after the model's own
//!   names (rule 5): adding a shape named `NsFoo` or `FooBuilder` renames them to `NsFoo2`,
//!   `FooBuilder2`;
//! - fields and variants whose names collide after casing (`fooBar` and `foo_bar`) are
//!   numbered in model order: a colliding member added before an existing one takes its name;
//! - two operations whose names collide (different namespaces, rule 7) are named as shapes
//!   are.
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
}
