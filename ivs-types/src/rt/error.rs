//! Error metadata shared by every generated error type.

use std::fmt;
use std::sync::Arc;

use super::http::HttpError;

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

/// What an HTTP response said besides its body: its status and its headers, with the request
/// ids AWS services send. An operation error read from a response carries one (the error
/// enum's `meta()`), and [`HttpOperation::parse_response_with_meta`] returns one beside the
/// output; the model's structures never hold HTTP fields.
///
/// `Debug` prints the status, the request ids and the header *names*: a header value may be
/// an `@sensitive` member of an error.
///
/// [`HttpOperation::parse_response_with_meta`]: super::http::HttpOperation::parse_response_with_meta
#[derive(Clone, PartialEq, Eq)]
pub struct ResponseMeta(Box<MetaInner>);

#[derive(Clone, PartialEq, Eq)]
struct MetaInner {
    status: u16,
    headers: http::HeaderMap,
}

impl ResponseMeta {
    /// The metadata of a response with this status and these headers.
    pub fn new(status: u16, headers: http::HeaderMap) -> ResponseMeta {
        ResponseMeta(Box::new(MetaInner { status, headers }))
    }

    /// The metadata of a response: its status and a copy of its headers.
    pub fn of<B>(resp: &http::Response<B>) -> ResponseMeta {
        ResponseMeta::new(resp.status().as_u16(), resp.headers().clone())
    }

    /// The response's HTTP status.
    pub fn status(&self) -> u16 {
        self.0.status
    }

    /// The response's headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.0.headers
    }

    /// The first value of a header (names are case-insensitive), when it is present, visible
    /// ASCII and not empty.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.0.headers.get(name).and_then(|v| v.to_str().ok()).filter(|v| !v.is_empty())
    }

    /// The request id AWS support asks for: `x-amzn-RequestId`, else `x-amz-request-id`.
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-amzn-requestid").or_else(|| self.header("x-amz-request-id"))
    }

    /// The extended request id (`x-amz-id-2`), when the service sent one.
    pub fn extended_request_id(&self) -> Option<&str> {
        self.header("x-amz-id-2")
    }
}

impl fmt::Debug for ResponseMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.0.headers.keys().map(http::HeaderName::as_str).collect();
        f.debug_struct("ResponseMeta")
            .field("status", &self.0.status)
            .field("request_id", &self.request_id())
            .field("extended_request_id", &self.extended_request_id())
            .field("header_names", &names)
            .finish()
    }
}

/// A response with a success status whose body or headers could not be read as the
/// operation's output: a service (or something between it and you) sent what the model does
/// not allow. Not an error the service meant; its `source()` is the parse error.
#[derive(Debug, Clone)]
pub struct MalformedResponse {
    status: u16,
    message: String,
    error: Arc<HttpError>,
}

impl MalformedResponse {
    /// The response's status and why it could not be read.
    pub fn new(status: u16, error: HttpError) -> MalformedResponse {
        MalformedResponse { status, message: error.to_string(), error: Arc::new(error) }
    }

    /// The response's HTTP status (a success status).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Why it could not be read.
    pub fn error(&self) -> &HttpError {
        &self.error
    }

    /// The parse error as text.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// Equal when the statuses and the parse errors' texts are.
impl PartialEq for MalformedResponse {
    fn eq(&self, other: &Self) -> bool {
        self.status == other.status && self.message == other.message
    }
}

impl fmt::Display for MalformedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read the HTTP {} response: {}", self.status, self.message)
    }
}

impl std::error::Error for MalformedResponse {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.error)
    }
}

/// One error of an operation's error enum, seen the same way whether the model lists it or
/// not: what the generated enums' `code`, `message`, `status`, `fault`, `is_retryable`,
/// `meta`, `request_id`, `Display` and `source` answer from.
#[derive(Debug, Clone, Copy)]
pub struct ErrorRef<'a> {
    code: Option<&'a str>,
    message: Option<&'a str>,
    status: u16,
    fault: Fault,
    retryable: bool,
    shown: &'a (dyn std::error::Error + 'static),
    error: &'a (dyn std::error::Error + 'static),
    meta: Option<&'a ResponseMeta>,
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
            shown: e,
            error: e,
            meta: None,
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
            shown: u,
            error: u,
            meta: None,
        }
    }

    /// A success response that could not be read: the service's fault, no code, the parse
    /// error as message and `source()`.
    pub fn malformed(m: &'a MalformedResponse) -> ErrorRef<'a> {
        ErrorRef {
            code: None,
            message: Some(m.message()),
            status: m.status(),
            fault: Fault::Server,
            retryable: false,
            shown: m,
            error: m.error(),
            meta: None,
        }
    }

    /// The same error with the metadata of the response it was read from: `status()` then
    /// answers the response's status.
    pub fn with_meta(self, meta: Option<&'a ResponseMeta>) -> ErrorRef<'a> {
        ErrorRef { meta, ..self }
    }

    /// The error code (the error's shape name), when known.
    pub fn code(self) -> Option<&'a str> {
        self.code
    }

    /// The error message, when the error has one.
    pub fn message(self) -> Option<&'a str> {
        self.message
    }

    /// The HTTP status of the response the error was read from; for an error built by hand,
    /// the status it is sent with.
    pub fn status(self) -> u16 {
        self.meta.map_or(self.status, ResponseMeta::status)
    }

    /// Whose fault the error is.
    pub fn fault(self) -> Fault {
        self.fault
    }

    /// Whether the model marks the error `@retryable` (never for an unhandled error).
    pub fn is_retryable(self) -> bool {
        self.retryable
    }

    /// The metadata of the response the error was read from.
    pub fn meta(self) -> Option<&'a ResponseMeta> {
        self.meta
    }

    /// The response's request id (`x-amzn-RequestId`, else `x-amz-request-id`).
    pub fn request_id(self) -> Option<&'a str> {
        self.meta.and_then(ResponseMeta::request_id)
    }

    /// The response's extended request id (`x-amz-id-2`).
    pub fn extended_request_id(self) -> Option<&'a str> {
        self.meta.and_then(ResponseMeta::extended_request_id)
    }

    /// The error itself; for a malformed response, the parse error.
    pub fn source(self) -> Option<&'a (dyn std::error::Error + 'static)> {
        Some(self.error)
    }
}

impl fmt::Display for ErrorRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.shown, f)
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
