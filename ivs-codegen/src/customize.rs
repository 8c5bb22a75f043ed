//! What users add to the generated items: attributes on chosen types and fields
//! ([`crate::Config::type_attribute`], [`crate::Config::field_attribute`]), applied to the IR
//! after lowering, each checked to be a Rust attribute before anything is generated.
//!
//! A selector is a shape id (`com.amazonaws.ivs#Channel`), a member id
//! (`com.amazonaws.ivs#Channel$name`), or a glob over either, where `*` stands for any
//! characters (`com.amazonaws.ivs#*`, `com.amazonaws.ivs#*$arn`).

use crate::ir::{Ir, Item};

/// Attributes to add, by selector.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Customizations {
    /// `(selector, attribute)` for structures, unions and enums.
    pub type_attributes: Vec<(String, String)>,
    /// `(selector, attribute)` for structure fields and union variants (member selectors).
    pub field_attributes: Vec<(String, String)>,
    /// `(shape id, Rust path)`: shapes taken from elsewhere ([`crate::Config::extern_type`]).
    pub extern_types: Vec<(String, String)>,
}

/// The external types, checked: each shape exists and becomes an item (a structure, union,
/// enum or intEnum), and each path is a Rust path.
pub fn externs(
    model: &crate::Model,
    c: &Customizations,
) -> Result<std::collections::BTreeMap<crate::model::ShapeId, String>, String> {
    let mut out = std::collections::BTreeMap::new();
    for (shape, path) in &c.extern_types {
        let id = model.resolve(shape).map_err(|e| format!("extern type `{shape}`: {e}"))?;
        let item = model.get(&id).is_some_and(|s| {
            matches!(
                s.kind,
                crate::model::ShapeKind::Structure(_)
                    | crate::model::ShapeKind::Union(_)
                    | crate::model::ShapeKind::Enum(_)
                    | crate::model::ShapeKind::IntEnum(_)
            ) || s.traits.has(crate::model::traits::ENUM)
        });
        if !item {
            return Err(format!(
                "extern type `{shape}`: only structures, unions and enums can be taken from elsewhere"
            ));
        }
        let parsed: syn::Path =
            syn::parse_str(path).map_err(|e| format!("extern type `{shape}`: `{path}` is not a Rust path: {e}"))?;
        let text = quote::ToTokens::to_token_stream(&parsed).to_string().replace(' ', "");
        // Always a path with `::` (a bare name would read as a generated item).
        let text = if text.contains("::") { text } else { format!("self::{text}") };
        out.insert(id, text);
    }
    Ok(out)
}

/// An attribute as Rust text, `#[...]` added when it was written without (`derive(Hash)`);
/// `Err` says why it is not one.
pub fn attribute(text: &str) -> Result<String, String> {
    let text = text.trim();
    let full = if text.starts_with('#') { text.to_string() } else { format!("#[{text}]") };
    let parsed = syn::parse::Parser::parse_str(syn::Attribute::parse_outer, &full)
        .map_err(|e| format!("`{text}` is not a Rust attribute: {e}"))?;
    if parsed.len() != 1 {
        return Err(format!("`{text}` is not one Rust attribute"));
    }
    Ok(full)
}

/// Whether `text` matches `pattern`, where `*` matches any characters (none included).
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    // The classic two-pointer walk with one backtrack point: linear in practice.
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < t.len() {
        if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if i < p.len() && p[i] == t[j] {
            i += 1;
            j += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

/// Applies the customizations to the IR. Returns a warning for each selector that matched
/// nothing (a typo would otherwise go unnoticed), or `Err` for an attribute that is not one.
pub fn apply(ir: &mut Ir, c: &Customizations) -> Result<Vec<String>, String> {
    let types: Vec<(&str, String)> =
        c.type_attributes.iter().map(|(s, a)| attribute(a).map(|a| (s.as_str(), a))).collect::<Result<_, _>>()?;
    let fields: Vec<(&str, String)> =
        c.field_attributes.iter().map(|(s, a)| attribute(a).map(|a| (s.as_str(), a))).collect::<Result<_, _>>()?;
    let mut used_types = vec![false; types.len()];
    let mut used_fields = vec![false; fields.len()];
    for item in &mut ir.items {
        let (id, attrs) = match item {
            Item::Struct(s) => (s.id.to_string(), &mut s.attrs),
            Item::Enum(e) => (e.id.to_string(), &mut e.attrs),
        };
        for (k, (sel, attr)) in types.iter().enumerate() {
            if glob(sel, &id) {
                attrs.push(attr.clone());
                used_types[k] = true;
            }
        }
        let members: Vec<(String, &mut Vec<String>)> = match item {
            Item::Struct(s) => s.fields.iter_mut().map(|f| (format!("{id}${}", f.model_name), &mut f.attrs)).collect(),
            Item::Enum(e) => e.variants.iter_mut().map(|v| (format!("{id}${}", v.model_name), &mut v.attrs)).collect(),
        };
        for (member_id, attrs) in members {
            for (k, (sel, attr)) in fields.iter().enumerate() {
                if glob(sel, &member_id) {
                    attrs.push(attr.clone());
                    used_fields[k] = true;
                }
            }
        }
    }
    let mut warnings = Vec::new();
    for ((sel, attr), used) in types.iter().zip(used_types).chain(fields.iter().zip(used_fields)) {
        if !used {
            warnings.push(format!("the selector `{sel}` (for `{attr}`) matches no generated item"));
        }
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob("com.amazonaws.ivs#*", "com.amazonaws.ivs#Channel"));
        assert!(glob("*#Channel", "a.b#Channel"));
        assert!(glob("a#*$arn", "a#Channel$arn"));
        assert!(!glob("a#*$arn", "a#Channel$name"));
        assert!(glob("a#Channel", "a#Channel"));
        assert!(!glob("a#Channel", "a#ChannelList"));
        assert!(glob("*", ""));
        assert!(glob("a*b*c", "aXXbYYc"));
        assert!(!glob("a*b*c", "aXXbYY"));
    }

    #[test]
    fn attributes_are_checked() {
        assert_eq!(attribute("derive(Hash, Eq)").as_deref(), Ok("#[derive(Hash, Eq)]"));
        assert_eq!(attribute("#[doc(alias = \"x\")]").as_deref(), Ok("#[doc(alias = \"x\")]"));
        assert!(attribute("#[derive(Hash").is_err());
        assert!(attribute("not an attribute!").is_err());
        assert!(attribute("#[a] #[b]").is_err());
    }
}
