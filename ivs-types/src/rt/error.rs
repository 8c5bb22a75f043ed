//! Error metadata shared by every generated error type.

use std::fmt;

/// Whose fault an error is (`@error("client")` or `@error("server")`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// The caller sent something wrong.
    Client,
    /// The service failed.
    Server,
}

/// What every modeled error structure knows about itself.
pub trait ErrorMeta {
    /// The error code: the shape name, as `x-amzn-ErrorType` carries it.
    const CODE: &'static str;
    /// The HTTP status (`@httpError`, else 400 for client and 500 for server errors).
    const STATUS: u16;
    /// Client or server.
    const FAULT: Fault;
    /// `@retryable`.
    const RETRYABLE: bool;
    /// `@retryable(throttling: true)`.
    const THROTTLING: bool;
    /// The message the error carries, if it has one.
    fn message(&self) -> Option<&str>;

    /// Sets the message member (when the error has one) from a message found elsewhere in
    /// an error response.
    fn fill_message(&mut self, message: String) {
        let _ = message;
    }
}

/// An error response that matches no modeled error of the operation: the code it came with
/// (if any), its message and HTTP status are kept.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Unhandled {
    /// The error code, when the response named one.
    pub code: Option<String>,
    /// The message, when the response had one.
    pub message: Option<String>,
    /// The HTTP status.
    pub status: u16,
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.code {
            Some(c) => write!(f, "unhandled error {c} (HTTP {})", self.status)?,
            None => write!(f, "unhandled error (HTTP {})", self.status)?,
        }
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Unhandled {}

/// A builder's `build()` found required members unset: every one is named, by its model name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingMembers {
    /// The structure's model name.
    pub shape: &'static str,
    /// The model names of the members that are unset, in model order.
    pub members: Vec<&'static str>,
}

impl fmt::Display for MissingMembers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = if self.members.len() == 1 { "member" } else { "members" };
        write!(f, "{} is missing required {noun}: {}", self.shape, self.members.join(", "))
    }
}

impl std::error::Error for MissingMembers {}
