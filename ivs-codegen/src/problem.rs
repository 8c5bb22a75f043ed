//! Problems with a model: every stage (reading, checking, lowering) reports into these, each
//! naming the shape id (and member) it is about and what is wrong.

use std::fmt;

/// One problem with a model.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The shape id the problem is about (`None` for the document as a whole).
    pub shape: Option<String>,
    /// The member, when the problem is about one.
    pub member: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    /// A problem with the document as a whole.
    pub fn document(message: impl Into<String>) -> Problem {
        Problem { shape: None, member: None, message: message.into() }
    }

    /// A problem with a shape.
    pub fn shape(id: &impl fmt::Display, message: impl Into<String>) -> Problem {
        Problem { shape: Some(id.to_string()), member: None, message: message.into() }
    }

    /// A problem with a member of a shape.
    pub fn member(id: &impl fmt::Display, member: &str, message: impl Into<String>) -> Problem {
        Problem { shape: Some(id.to_string()), member: Some(member.to_string()), message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.shape, &self.member) {
            (Some(s), Some(m)) => write!(f, "{s}${m}: {}", self.message),
            (Some(s), None) => write!(f, "{s}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

/// Every problem found in a model, in a stable order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [one] => write!(f, "invalid model: {one}"),
            all => {
                write!(f, "invalid model: {} problems", all.len())?;
                for p in all {
                    write!(f, "\n  - {p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Problems {}

/// Sorts, de-duplicates and wraps a list of problems.
pub fn finish(mut problems: Vec<Problem>) -> Result<(), Problems> {
    if problems.is_empty() {
        return Ok(());
    }
    problems.sort();
    problems.dedup();
    Err(Problems(problems))
}
