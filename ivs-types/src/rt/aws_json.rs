//! The awsJson1_0 and awsJson1_1 wire, sans I/O, as `aws.protocols#awsJson1_0` and
//! `#awsJson1_1` say:
//!
//! - every request is `POST /` with `X-Amz-Target: {service shape name}.{operation name}` and
//!   `Content-Type: application/x-amz-json-1.0` (or `1.1`); the whole input is the JSON body
//!   (`{}` when it has no members); HTTP binding traits play no part (the generator binds
//!   every member to the body and ignores `@jsonName`: keys are member names);
//! - a success response is `200` with the whole output as the JSON body;
//! - an error response has the error's status and its members as the JSON body, with
//!   `__type` (the error's shape id); a client takes the code from `x-amzn-ErrorType` or
//!   `__type`, cleaned as for restJson1 ([`super::http::sanitize_error_code`]); for a service
//!   with `aws.protocols#awsQueryCompatible`, [`query_error`] reads the code and fault of
//!   `x-amzn-query-error` (`Code;Fault`);
//! - a server dispatches on `X-Amz-Target` ([`matches()`]); a request for no operation of the
//!   service is `400 UnknownOperationException` ([`unknown_operation`]).
//!
//! The generated `HttpOperation` of an awsJson operation calls these functions: the same API
//! as restJson1 (`build_request`, `parse_request`, `build_response`, `parse_response`,
//! `reject`), [`HttpOperation::PROTOCOL`] saying which.

use super::http::{FromErrorResponse, HttpError, HttpMembers, HttpOperation, Rejection};
use super::{Fault, Path, Report, RequestError, Validate, Wire};

/// The wire protocol of an operation ([`HttpOperation::PROTOCOL`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// `aws.protocols#restJson1`: the `@http` bindings.
    RestJson1,
    /// `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1,
}

impl Protocol {
    /// The media type of a JSON body: `application/json`, `application/x-amz-json-1.0`,
    /// `application/x-amz-json-1.1`.
    pub const fn content_type(self) -> &'static str {
        match self {
            Protocol::RestJson1 => "application/json",
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
        }
    }

    /// awsJson1_0 or awsJson1_1.
    pub const fn is_aws_json(self) -> bool {
        matches!(self, Protocol::AwsJson1_0 | Protocol::AwsJson1_1)
    }
}

/// The `X-Amz-Target` of a request, when it has one that is text.
pub fn target<B>(req: &http::Request<B>) -> Option<&str> {
    req.headers().get("x-amz-target").and_then(|v| v.to_str().ok()).map(str::trim)
}

/// Whether a request is for the operation of this `X-Amz-Target` (`POST` with that target;
/// the path is the endpoint's, not looked at).
pub fn matches<B>(target_: &str, req: &http::Request<B>) -> bool {
    req.method() == http::Method::POST && target(req) == Some(target_)
}

/// The request a client sends: `POST /`, the protocol's `Content-Type`, `X-Amz-Target`,
/// `Content-Length`, the whole input as JSON; with `query_mode` (a service with `@awsQueryCompatible`),
/// `x-amzn-query-mode: true`.
#[doc(hidden)]
pub fn build_request<T: super::http::HttpMembers>(
    protocol: Protocol,
    target: &str,
    query_mode: bool,
    input: &T,
) -> Result<http::Request<Vec<u8>>, HttpError> {
    let filled = input.with_idempotency_tokens();
    let input = filled.as_ref().unwrap_or(input);
    let body = super::http::request_json(input)?;
    let mut b = http::Request::builder()
        .method(http::Method::POST)
        .uri("/")
        .header(http::header::CONTENT_TYPE, protocol.content_type())
        .header("X-Amz-Target", target)
        .header(http::header::CONTENT_LENGTH, body.len());
    if query_mode {
        b = b.header("x-amzn-query-mode", "true");
    }
    Ok(b.body(body)?)
}

/// Reads an operation's input from a request (server side): the target, the `Content-Type`
/// (a request with a body must name the protocol's media type, parameters aside), the body
/// (empty is `{}`), then every constraint; everything wrong with it in one report.
#[doc(hidden)]
pub fn parse_request<T: Wire + Validate, B: AsRef<[u8]>>(
    protocol: Protocol,
    target: &str,
    req: &http::Request<B>,
) -> Result<T, RequestError> {
    // The router chose the operation by its target ([`matches`]); called on its own, the
    // operation refuses another operation's target or method, and takes a request without one.
    let other_target = self::target(req).is_some_and(|t| t != target);
    if req.method() != http::Method::POST || other_target {
        return Err(RequestError::Http(HttpError::NoMatch));
    }
    let body = req.body().as_ref();
    if !body.is_empty() {
        let given = req.headers().get(http::header::CONTENT_TYPE).map(|v| v.to_str());
        let media = given.map(|v| v.map(|v| v.split(';').next().unwrap_or_default().trim()));
        match media {
            // Without a `Content-Type` the body is read as the protocol's JSON (Smithy's
            // suite sends such requests and expects them taken).
            None => {}
            Some(Ok(m)) if m.eq_ignore_ascii_case(protocol.content_type()) => {}
            Some(_) => return Err(RequestError::Http(HttpError::UnsupportedMediaType)),
        }
    }
    let body: &[u8] = if body.is_empty() { b"{}" } else { body };
    let cx = super::de::Cx::new(super::Mode::Strict);
    let value = super::de::parse::<T>(body, &cx).map_err(RequestError::Malformed)?;
    let mut report = Report::with_absent(cx.into_absent());
    value.validate_at(&Path::Root, &mut report);
    report.into_result().map(|()| value).map_err(RequestError::Invalid)
}

/// The response a server sends for an output: `200`, the protocol's `Content-Type`, the whole
/// output as JSON; an operation whose output is `Unit` sends an empty body.
#[doc(hidden)]
pub fn build_response<T: HttpMembers>(protocol: Protocol, output: &T) -> Result<http::Response<Vec<u8>>, HttpError> {
    // The generated `HttpMembers` of an operation's `Unit` output has neither a JSON body nor
    // a media type (a modeled structure without members has `application/json`).
    let unit = !T::JSON_BODY && T::CONTENT_TYPE.is_none();
    let body = if unit { Vec::new() } else { serde_json::to_vec(output).map_err(HttpError::Serialize)? };
    Ok(http::Response::builder()
        .status(200)
        .header(http::header::CONTENT_TYPE, protocol.content_type())
        .header(http::header::CONTENT_LENGTH, body.len())
        .body(body)?)
}

/// Reads an output from a success response (client side; an empty body is `{}`). Absent
/// required members get their zero value (client error correction).
#[doc(hidden)]
pub fn parse_output<T: Wire, B: AsRef<[u8]>>(resp: &http::Response<B>) -> Result<T, HttpError> {
    let body = resp.body().as_ref();
    let body: &[u8] = if body.is_empty() { b"{}" } else { body };
    super::parse_response_body(body).map_err(HttpError::Body)
}

/// What a client reads from a response: the output for a success status, else the operation's
/// error; a success response that cannot be read is the error enum's `MalformedResponse`.
#[doc(hidden)]
pub fn parse_response<O: HttpOperation, B: AsRef<[u8]>>(resp: &http::Response<B>) -> Result<O::Output, O::Error> {
    let status = resp.status();
    if status.is_success() {
        parse_output::<O::Output, B>(resp).map_err(|e| {
            O::Error::malformed(super::MalformedResponse::new(status.as_u16(), e), super::ResponseMeta::of(resp))
        })
    } else {
        Err(O::Error::from_response(resp))
    }
}

/// The response a service sends for a modeled error: its status, the protocol's
/// `Content-Type`, its members as JSON with `__type` set to `type_id` (the error's shape id,
/// `com.example#NotFound`).
#[doc(hidden)]
pub fn error_response<T: serde::Serialize + super::ErrorMeta>(
    protocol: Protocol,
    type_id: &str,
    e: &T,
) -> Result<http::Response<Vec<u8>>, HttpError> {
    let mut value = serde_json::to_value(e).map_err(HttpError::Serialize)?;
    if let serde_json::Value::Object(o) = &mut value {
        o.insert("__type".to_string(), serde_json::Value::String(type_id.to_string()));
    }
    let body = serde_json::to_vec(&value).map_err(HttpError::Serialize)?;
    Ok(http::Response::builder()
        .status(T::STATUS)
        .header(http::header::CONTENT_TYPE, protocol.content_type())
        .body(body)?)
}

/// [`error_response`] for a service with `aws.protocols#awsQueryCompatible` and an error
/// with `@awsQueryError(code: ...)`: the response also carries `x-amzn-query-error:
/// {code};{Sender|Receiver}` (the fault from the error's `@error`), which query-compatible
/// clients report as the error's code (see [`query_error`]).
#[doc(hidden)]
pub fn query_compatible_error_response<T: serde::Serialize + super::ErrorMeta>(
    protocol: Protocol,
    type_id: &str,
    query_code: &str,
    e: &T,
) -> Result<http::Response<Vec<u8>>, HttpError> {
    let mut response = error_response(protocol, type_id, e)?;
    let fault = match T::FAULT {
        Fault::Server => "Receiver",
        _ => "Sender",
    };
    let value = http::HeaderValue::from_str(&format!("{query_code};{fault}")).map_err(|e| HttpError::Http(e.into()))?;
    response.headers_mut().insert("x-amzn-query-error", value);
    Ok(response)
}

/// The response a service sends for an error it does not model: the status, `__type` (the
/// code, when there is one) and `message` in the JSON body.
#[doc(hidden)]
pub fn unhandled_response(protocol: Protocol, u: &super::Unhandled) -> Result<http::Response<Vec<u8>>, HttpError> {
    let mut o = serde_json::Map::new();
    if let Some(code) = &u.code {
        o.insert("__type".to_string(), serde_json::Value::String(code.clone()));
    }
    if let Some(m) = &u.message {
        o.insert("message".to_string(), serde_json::Value::String(m.clone()));
    }
    let body = serde_json::to_vec(&o).map_err(HttpError::Serialize)?;
    let mut b = http::Response::builder().status(u.status).header(http::header::CONTENT_TYPE, protocol.content_type());
    if let Some(code) = &u.code {
        b = b.header("x-amzn-ErrorType", code.as_str());
    }
    Ok(b.body(body)?)
}

/// The response a proxy sends for a [`MalformedResponse`](super::MalformedResponse) it got:
/// `502`, no code, `{}`.
#[doc(hidden)]
pub fn malformed_response(
    protocol: Protocol,
    m: &super::MalformedResponse,
) -> Result<http::Response<Vec<u8>>, HttpError> {
    let _ = m;
    unhandled_response(protocol, &super::Unhandled { code: None, message: None, status: 502 })
}

/// The response a server sends for a request its operation refused, as the restJson1
/// [`reject`](super::http::reject) does, in the protocol's form (`__type` in the body and
/// `x-amzn-ErrorType`, the protocol's `Content-Type`): constraint violations as `validation`
/// renders them (the operation's modeled `ValidationException`, or an unmodeled one); a
/// request for another operation (or no operation) `400 UnknownOperationException`; a
/// `Content-Type` that is not the protocol's `415 UnsupportedMediaTypeException`; anything
/// else that cannot be read `400 SerializationException`.
pub fn reject(
    protocol: Protocol,
    error: RequestError,
    validation: impl FnOnce(Report) -> Result<http::Response<Vec<u8>>, HttpError>,
) -> http::Response<Vec<u8>> {
    let unhandled = |code: &str, message: String, status: u16| {
        unhandled_response(protocol, &super::Unhandled { code: Some(code.into()), message: Some(message), status })
    };
    let rendered = match error {
        RequestError::Invalid(report) => validation(report),
        RequestError::Http(e @ HttpError::NoMatch) => unhandled("UnknownOperationException", e.to_string(), 400),
        RequestError::Http(e @ HttpError::UnsupportedMediaType) => {
            unhandled("UnsupportedMediaTypeException", e.to_string(), 415)
        }
        RequestError::Http(e @ HttpError::TooLarge { .. }) => {
            unhandled("RequestEntityTooLargeException", e.to_string(), 413)
        }
        other => unhandled("SerializationException", other.to_string(), 400),
    };
    rendered.unwrap_or_else(|_| {
        let mut r = http::Response::new(b"{}".to_vec());
        *r.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
        r
    })
}

/// Constraint violations for an operation without a modeled `ValidationException`: `400`,
/// `ValidationException`, the report as the message.
pub fn unmodeled_validation(protocol: Protocol, report: Report) -> Result<http::Response<Vec<u8>>, HttpError> {
    unhandled_response(
        protocol,
        &super::Unhandled { code: Some("ValidationException".into()), message: Some(report.to_string()), status: 400 },
    )
}

/// The router's refusal of a request whose `X-Amz-Target` names no operation of the service
/// (or that is not a `POST`): `400 UnknownOperationException`.
pub fn unknown_operation(protocol: Protocol) -> Rejection {
    let render: fn(RequestError) -> http::Response<Vec<u8>> = match protocol {
        Protocol::AwsJson1_1 => |e| reject(Protocol::AwsJson1_1, e, |r| unmodeled_validation(Protocol::AwsJson1_1, r)),
        _ => |e| reject(Protocol::AwsJson1_0, e, |r| unmodeled_validation(Protocol::AwsJson1_0, r)),
    };
    Rejection { operation: None, error: RequestError::Http(HttpError::NoMatch), render }
}

/// The code and fault of an `x-amzn-query-error` header (`AWS.SimpleQueueService.NonExistentQueue;Sender`),
/// which a service with `aws.protocols#awsQueryCompatible` sends beside `__type`: what its
/// awsQuery clients reported (`Sender` is [`Fault::Client`], `Receiver` [`Fault::Server`]).
/// Read it from an error's [`ResponseMeta`](super::ResponseMeta) headers.
pub fn query_error(headers: &http::HeaderMap) -> Option<(String, Fault)> {
    let v = headers.get("x-amzn-query-error")?.to_str().ok()?;
    let (code, fault) = v.split_once(';')?;
    let fault = match fault.trim() {
        "Sender" => Fault::Client,
        "Receiver" => Fault::Server,
        _ => return None,
    };
    Some((code.trim().to_string(), fault)).filter(|(c, _)| !c.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_error_header_gives_code_and_fault() {
        let mut h = http::HeaderMap::new();
        h.insert("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender".parse().unwrap());
        assert_eq!(query_error(&h), Some(("AWS.SimpleQueueService.NonExistentQueue".to_string(), Fault::Client)));
        h.insert("x-amzn-query-error", "Oops;Receiver".parse().unwrap());
        assert_eq!(query_error(&h), Some(("Oops".to_string(), Fault::Server)));
        h.insert("x-amzn-query-error", "NoFault".parse().unwrap());
        assert_eq!(query_error(&h), None);
    }

    #[test]
    fn unknown_targets_are_400() {
        let r = unknown_operation(Protocol::AwsJson1_1).into_response();
        assert_eq!(r.status(), 400);
        assert_eq!(r.headers()["content-type"], "application/x-amz-json-1.1");
        let body: serde_json::Value = serde_json::from_slice(r.body()).unwrap();
        assert_eq!(body["__type"], "UnknownOperationException");
    }
}
