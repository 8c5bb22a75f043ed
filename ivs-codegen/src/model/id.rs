//! Shape ids: `namespace#Name`, checked as they are read.

use std::fmt;

/// An absolute shape id, `namespace#Name`, without a member part.
///
/// Construction checks the syntax of the Smithy specification: the namespace is one or more
/// identifiers joined by `.`, the name is an identifier (a letter or `_` followed by letters,
/// digits and `_`, not `_` alone).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId {
    full: String,
    hash: usize,
}

impl ShapeId {
    /// Parses `namespace#Name`. A member id (`ns#Name$member`) is refused here; see
    /// [`ShapeId::parse_with_member`].
    pub fn parse(text: &str) -> Result<ShapeId, String> {
        let (ns, name) =
            text.split_once('#').ok_or_else(|| format!("`{text}` is not an absolute shape id (no `#`)"))?;
        if !ns.split('.').all(is_identifier) {
            return Err(format!("`{text}` has an invalid namespace `{ns}`"));
        }
        if !is_identifier(name) {
            return Err(format!("`{text}` has an invalid shape name `{name}`"));
        }
        Ok(ShapeId { full: text.to_string(), hash: ns.len() })
    }

    /// Parses a shape id that may carry a member part, `ns#Name$member`.
    pub fn parse_with_member(text: &str) -> Result<(ShapeId, Option<String>), String> {
        match text.split_once('$') {
            Some((shape, member)) => {
                if !is_identifier(member) {
                    return Err(format!("`{text}` has an invalid member name `{member}`"));
                }
                Ok((ShapeId::parse(shape)?, Some(member.to_string())))
            }
            None => Ok((ShapeId::parse(text)?, None)),
        }
    }

    /// `smithy.api#<name>` for a prelude name the generator knows to be an identifier.
    pub(crate) fn prelude(name: &str) -> ShapeId {
        ShapeId { full: format!("smithy.api#{name}"), hash: "smithy.api".len() }
    }

    /// The namespace, `com.amazonaws.ivs`.
    pub fn namespace(&self) -> &str {
        &self.full[..self.hash]
    }

    /// The shape name, `Channel`.
    pub fn name(&self) -> &str {
        &self.full[self.hash + 1..]
    }

    /// The whole id as text.
    pub fn as_str(&self) -> &str {
        &self.full
    }
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.full)
    }
}

/// Whether `s` is a Smithy identifier: `(_*[A-Za-z][A-Za-z0-9_]*)`.
pub fn is_identifier(s: &str) -> bool {
    let trimmed = s.trim_start_matches('_');
    let mut chars = trimmed.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() => chars.all(|c| c.is_ascii_alphanumeric() || c == '_'),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_splits() {
        let id = ShapeId::parse("com.amazonaws.ivs#Channel").unwrap();
        assert_eq!(id.namespace(), "com.amazonaws.ivs");
        assert_eq!(id.name(), "Channel");
        let (id, m) = ShapeId::parse_with_member("a.b#C$d").unwrap();
        assert_eq!((id.as_str(), m.as_deref()), ("a.b#C", Some("d")));
    }

    #[test]
    fn rejects_bad_ids() {
        for bad in ["Channel", "#A", "a#", "a..b#C", "a#1C", "a#_", "a b#C", "a#C$", "a#C$1"] {
            assert!(ShapeId::parse_with_member(bad).is_err(), "{bad} should be refused");
        }
    }
}
