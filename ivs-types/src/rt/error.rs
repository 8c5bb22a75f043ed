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

/// One error of an operation's error enum, seen the same way whether the model lists it or
/// not: what the generated enums' `code`, `message`, `status`, `fault`, `is_retryable`,
/// `Display` and `source` answer from.
#[derive(Debug, Clone, Copy)]
pub struct ErrorRef<'a> {
    code: Option<&'a str>,
    message: Option<&'a str>,
    status: u16,
    fault: Fault,
    retryable: bool,
    error: &'a (dyn std::error::Error + 'static),
}

impl<'a> ErrorRef<'a> {
    /// A modeled error.
    pub fn of<T: ErrorMeta + std::error::Error + 'static>(e: &'a T) -> ErrorRef<'a> {
        ErrorRef {
            code: Some(T::CODE),
            message: e.message(),
            status: T::STATUS,
            fault: T::FAULT,
            retryable: T::RETRYABLE,
            error: e,
        }
    }

    /// An error the model does not list: its fault is told by its HTTP status.
    pub fn unhandled(u: &'a Unhandled) -> ErrorRef<'a> {
        ErrorRef {
            code: u.code.as_deref(),
            message: u.message.as_deref(),
            status: u.status,
            fault: if u.status >= 500 { Fault::Server } else { Fault::Client },
            retryable: false,
            error: u,
        }
    }

    /// The error code (the error's shape name), when known.
    pub fn code(self) -> Option<&'a str> {
        self.code
    }

    /// The error message, when the error has one.
    pub fn message(self) -> Option<&'a str> {
        self.message
    }

    /// The HTTP status the error is sent with.
    pub fn status(self) -> u16 {
        self.status
    }

    /// Whose fault the error is.
    pub fn fault(self) -> Fault {
        self.fault
    }

    /// Whether the model marks the error `@retryable` (never for an unhandled error).
    pub fn is_retryable(self) -> bool {
        self.retryable
    }

    /// The error itself.
    pub fn source(self) -> Option<&'a (dyn std::error::Error + 'static)> {
        Some(self.error)
    }
}

impl fmt::Display for ErrorRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.error, f)
    }
}

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
