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

/// Why an error may be retried: the classification the AWS SDKs make (the AWS SDK for
/// Rust's retry classifiers, botocore's standard retry mode), given by the error enums'
/// `retry_kind()` (and `is_retryable()`, which is `retry_kind().is_some()`).
///
/// The rule, first match wins (see [`classify_retry`]):
///
/// 1. the model's `@retryable`: [`Throttling`](RetryKind::Throttling) with `throttling:
///    true`, else [`Transient`](RetryKind::Transient);
/// 2. the error code: one of [`THROTTLING_ERROR_CODES`] is `Throttling`, one of
///    [`TRANSIENT_ERROR_CODES`] `Transient`;
/// 3. the HTTP status: 429 (Too Many Requests) is `Throttling`, one of
///    [`TRANSIENT_STATUSES`] (500, 502, 503, 504) `Transient`;
/// 4. anything else is not retryable.
///
/// The status is that of the response the error was read from; an error built by hand has
/// the status it would be sent with (`ErrorMeta::STATUS`). A success response that could not
/// be read (`MalformedResponse`) is not retryable. Whether to retry, how often and after how
/// long stays the caller's choice: an operation that is not idempotent may have taken effect
/// before a 500 or a 503.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryKind {
    /// The service is throttling the caller: retry after backing off.
    Throttling,
    /// A transient failure of the service or of the path to it: retry.
    Transient,
}

/// Error codes that mean the caller is throttled, as the AWS SDKs list them (the AWS SDK for
/// Rust's `THROTTLING_ERRORS`, the same in botocore and the JavaScript SDK).
pub const THROTTLING_ERROR_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes of transient failures, as the AWS SDKs list them (`TRANSIENT_ERRORS`).
pub const TRANSIENT_ERROR_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException"];

/// HTTP statuses of transient failures, as the AWS SDKs list them. (429 is throttling.)
pub const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// The retry classification of an error (the rule is told at [`RetryKind`]): `modeled` is
/// what the model's `@retryable` says (`None` when the error is not marked or not modeled),
/// `code` the error code (cleaned: `ThrottlingException`, not a shape id), `status` the HTTP
/// status. The error enums call it; call it for an error response you read yourself.
pub fn classify_retry(modeled: Option<RetryKind>, code: Option<&str>, status: u16) -> Option<RetryKind> {
    if modeled.is_some() {
        return modeled;
    }
    match code {
        Some(c) if THROTTLING_ERROR_CODES.contains(&c) => return Some(RetryKind::Throttling),
        Some(c) if TRANSIENT_ERROR_CODES.contains(&c) => return Some(RetryKind::Transient),
        _ => {}
    }
    match status {
        429 => Some(RetryKind::Throttling),
        s if TRANSIENT_STATUSES.contains(&s) => Some(RetryKind::Transient),
        _ => None,
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

impl Unhandled {
    /// The response a service sends for this error: its status, `x-amzn-ErrorType` with the
    /// code (when there is one) and a JSON body with the message.
    pub fn to_response(&self) -> Result<http::Response<Vec<u8>>, HttpError> {
        super::http::unhandled_response(self)
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

/// A JSON error told by its kind and place (`not JSON at line 1 column 7`), never by
/// serde_json's message, which can quote a (maybe `@sensitive`) value of the body (`invalid
/// type: string "hunter2", expected ...`). The errors that hold a `serde_json::Error`
/// ([`RequestError`], [`BodyError`], [`HttpError`]) print this and keep the whole error as
/// their `source()`.
///
/// [`RequestError`]: super::RequestError
/// [`BodyError`]: super::BodyError
pub(crate) struct JsonProblem<'a>(pub(crate) &'a serde_json::Error);

impl fmt::Display for JsonProblem<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.0.classify() {
            serde_json::error::Category::Io => "unreadable",
            serde_json::error::Category::Syntax => "not JSON",
            serde_json::error::Category::Data => "JSON of the wrong shape",
            serde_json::error::Category::Eof => "JSON cut short",
        };
        write!(f, "{what} at line {} column {}", self.0.line(), self.0.column())
    }
}

/// One error of an operation's error enum, seen the same way whether the model lists it or
/// not: what the generated enums' `code`, `message`, `status`, `fault`, `retry_kind`, `is_retryable`,
/// `meta`, `request_id`, `Display` and `source` answer from.
#[derive(Debug, Clone, Copy)]
pub struct ErrorRef<'a> {
    code: Option<&'a str>,
    message: Option<&'a str>,
    status: u16,
    fault: Fault,
    /// What the model's `@retryable` says.
    modeled_retry: Option<RetryKind>,
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
            modeled_retry: match (T::RETRYABLE, T::THROTTLING) {
                (false, _) => None,
                (true, false) => Some(RetryKind::Transient),
                (true, true) => Some(RetryKind::Throttling),
            },
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
            modeled_retry: None,
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
            modeled_retry: None,
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

    /// Whether and why the error may be retried: the model's `@retryable`, else a throttling
    /// or transient error code, else a transient status (429, 500, 502, 503, 504) of the
    /// response; the whole rule is told at [`RetryKind`].
    pub fn retry_kind(self) -> Option<RetryKind> {
        classify_retry(self.modeled_retry, self.code, self.status())
    }

    /// Whether the error may be retried: [`ErrorRef::retry_kind`] is `Some`.
    pub fn is_retryable(self) -> bool {
        self.retry_kind().is_some()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule in order: the model, then the code, then the status.
    #[test]
    fn retries_are_classified_as_the_aws_sdks_do() {
        use RetryKind::{Throttling, Transient};
        type Case = (Option<RetryKind>, Option<&'static str>, u16, Option<RetryKind>);
        let cases: &[Case] = &[
            (Some(Transient), Some("ConflictException"), 409, Some(Transient)),
            (Some(Throttling), None, 400, Some(Throttling)),
            (Some(Transient), Some("ThrottlingException"), 400, Some(Transient)),
            (None, Some("ThrottlingException"), 400, Some(Throttling)),
            (None, Some("SlowDown"), 503, Some(Throttling)),
            (None, Some("LimitExceededException"), 400, Some(Throttling)),
            (None, Some("RequestTimeout"), 400, Some(Transient)),
            (None, Some("ValidationException"), 400, None),
            (None, Some("throttlingexception"), 400, None),
            (None, None, 429, Some(Throttling)),
            (None, Some("AccessDeniedException"), 429, Some(Throttling)),
            (None, None, 500, Some(Transient)),
            (None, None, 502, Some(Transient)),
            (None, None, 503, Some(Transient)),
            (None, None, 504, Some(Transient)),
            (None, Some("InternalServerException"), 500, Some(Transient)),
            (None, None, 501, None),
            (None, None, 404, None),
            (None, None, 200, None),
        ];
        for &(modeled, code, status, want) in cases {
            assert_eq!(classify_retry(modeled, code, status), want, "{modeled:?} {code:?} {status}");
        }
    }

    /// An unhandled error is classified by its code and status, and the status of the
    /// response wins over the one it was built with; a malformed success response is not
    /// retryable.
    #[test]
    fn error_refs_use_the_response_status() {
        let throttled = Unhandled { code: Some("ThrottlingException".into()), message: None, status: 400 };
        assert_eq!(ErrorRef::unhandled(&throttled).retry_kind(), Some(RetryKind::Throttling));
        let plain = Unhandled { code: None, message: None, status: 400 };
        assert!(!ErrorRef::unhandled(&plain).is_retryable());
        let meta = ResponseMeta::new(503, http::HeaderMap::new());
        assert_eq!(ErrorRef::unhandled(&plain).with_meta(Some(&meta)).retry_kind(), Some(RetryKind::Transient));
        let gateway = Unhandled { code: None, message: None, status: 502 };
        assert!(ErrorRef::unhandled(&gateway).is_retryable());
        let malformed = MalformedResponse::new(200, HttpError::Utf8);
        assert!(!ErrorRef::malformed(&malformed).is_retryable());
    }
}
