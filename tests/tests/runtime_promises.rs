//! What the runtime promises a user, through the public API only (nothing from
//! `ivs_types::__private`): generic code over `HttpOperation` with one bound, error messages
//! that never quote a value, and the retry classification of the error enums.

use std::error::Error;

use ivs_types::operation::batch_start_viewer_session_revocation::BatchStartViewerSessionRevocationError as RevokeError;
use ivs_types::operation::BatchStartViewerSessionRevocation as Revoke;
use ivs_types::rt::http::{FromErrorResponse, HttpError, HttpOperation};
use ivs_types::rt::{BodyError, RequestError, RetryKind, Unhandled};
use ivs_types::{
    BatchStartViewerSessionRevocationRequest as Request, BatchStartViewerSessionRevocationResponse as Response,
    BatchStartViewerSessionRevocationViewerSession as Session,
};

const ARN: &str = "arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh";
const SECRET: &str = "hunter2";

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> http::Response<Vec<u8>> {
    let mut b = http::Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(body.as_bytes().to_vec()).expect("valid response")
}

fn request() -> Request {
    let session = Session::builder().channel_arn(ARN).viewer_id("v1").build().expect("set");
    Request::builder().viewer_sessions(vec![session]).build().expect("set")
}

/// A client's call helper, as a user writes it: one bound, `O: HttpOperation`, and no hidden
/// trait named. It builds the request from `O::Input`, sends it, and reads `O::Output` or
/// `O::Error` from the response.
fn call<O: HttpOperation>(
    input: &O::Input,
    send: impl FnOnce(http::Request<Vec<u8>>) -> http::Response<Vec<u8>>,
) -> Result<O::Output, O::Error> {
    let request = match O::build_request(input) {
        Ok(r) => r,
        // An input that cannot be sent: reported as the operation's error, with no code.
        Err(e) => {
            return Err(O::Error::unhandled(Unhandled { code: None, message: Some(e.to_string()), status: 0 }));
        }
    };
    O::parse_response(&send(request))
}

/// The same with boxed errors, and the server side: a generic handler that reads the input
/// and answers with `O::build_response`.
fn call_boxed<O: HttpOperation>(
    input: &O::Input,
    send: impl FnOnce(http::Request<Vec<u8>>) -> http::Response<Vec<u8>>,
) -> Result<O::Output, Box<dyn Error + Send + Sync>>
where
    O::Error: Send + Sync + 'static,
{
    let request = O::build_request(input)?;
    Ok(O::parse_response(&send(request))?)
}

fn serve<O: HttpOperation>(
    req: &http::Request<Vec<u8>>,
    f: impl FnOnce(O::Input) -> O::Output,
) -> Result<http::Response<Vec<u8>>, Box<dyn Error>> {
    if !O::matches(req) {
        return Ok(
            Unhandled { code: Some("UnknownOperationException".into()), message: None, status: 404 }.to_response()?
        );
    }
    let input = O::parse_request(req)?;
    Ok(O::build_response(&f(input))?)
}

#[test]
fn generic_code_needs_one_bound() {
    let server = |req: http::Request<Vec<u8>>| {
        serve::<Revoke>(&req, |input| {
            assert_eq!(input, request());
            Response::builder().build()
        })
        .expect("served")
    };
    let out = call::<Revoke>(&request(), server).expect("a success response");
    assert_eq!(out, Response::builder().build());
    let out = call_boxed::<Revoke>(&request(), server).expect("a success response");
    assert_eq!(out, Response::builder().build());
    // An error response comes back as the operation's error enum.
    let err = call::<Revoke>(&request(), |_| {
        response(403, &[("x-amzn-ErrorType", "AccessDeniedException")], r#"{"exceptionMessage":"no"}"#)
    })
    .expect_err("403");
    assert_eq!((err.code(), err.message(), err.status()), (Some("AccessDeniedException"), Some("no"), 403));
    // A request for another path is not the operation's.
    let other = http::Request::builder().method("POST").uri("/GetChannel").body(Vec::new()).expect("request");
    let answer = serve::<Revoke>(&other, |_| unreachable!("not routed")).expect("served");
    assert_eq!(answer.status(), 404);
    assert_eq!(answer.headers()["x-amzn-ErrorType"], "UnknownOperationException");
    assert!(Revoke::matches(&Revoke::build_request(&request()).expect("builds")));
}

/// Asserts that the `Display` of `e` does not quote the secret and says where the problem is,
/// and that its chain of sources still holds it (so a leak would be seen).
fn quotes_no_value(what: &str, e: &(dyn Error + 'static)) {
    let shown = e.to_string();
    assert!(!shown.contains(SECRET), "{what}: {shown}");
    assert!(shown.contains("line 1 column"), "{what} says where: {shown}");
    let mut source = e.source();
    let mut whole = String::new();
    while let Some(s) = source {
        whole.push_str(&s.to_string());
        source = s.source();
    }
    assert!(whole.contains(SECRET), "{what}: the source keeps serde_json's whole error: {whole}");
}

/// A sensitive-looking value of the wrong type, in every place a JSON body is read: every
/// error's `Display` says what kind of problem and where, never the value.
#[test]
fn no_error_message_quotes_a_value() {
    let body = format!(r#"{{"viewerSessions": "{SECRET}"}}"#);
    // parse_and_validate: RequestError::Malformed.
    let e = ivs_types::rt::parse_and_validate::<Request>(body.as_bytes()).expect_err("wrong shape");
    assert!(matches!(e, RequestError::Malformed(_)), "{e:?}");
    quotes_no_value("RequestError::Malformed", &e);
    assert!(e.to_string().starts_with("malformed request body: JSON of the wrong shape at line 1 column"), "{e}");
    // parse_request_body: BodyError::Json.
    let e = ivs_types::rt::parse_request_body::<Request>(body.as_bytes()).expect_err("wrong shape");
    assert!(matches!(e, BodyError::Json(_)), "{e:?}");
    quotes_no_value("BodyError::Json", &e);
    assert!(e.to_string().starts_with("malformed body: JSON of the wrong shape at line 1 column"), "{e}");
    // A server's parse_request.
    let req = http::Request::builder()
        .method("POST")
        .uri("/BatchStartViewerSessionRevocation")
        .header("content-type", "application/json")
        .body(body.clone().into_bytes())
        .expect("request");
    let e = Revoke::parse_request(&req).expect_err("wrong shape");
    quotes_no_value("parse_request", &e);
    // A client's parse_response: the MalformedResponse variant, its HttpError::Body source.
    let err = Revoke::parse_response(&response(200, &[], &format!(r#"{{"errors": "{SECRET}"}}"#)))
        .expect_err("not the output");
    assert!(matches!(err, RevokeError::MalformedResponse(..)), "{err:?}");
    quotes_no_value("MalformedResponse", &err);
    assert!(!err.message().unwrap_or_default().contains(SECRET), "{err:?}");
    let source = err.source().and_then(|s| s.downcast_ref::<HttpError>()).expect("the parse error");
    assert!(matches!(source, HttpError::Body(_)), "{source:?}");
    quotes_no_value("HttpError::Body", source);
    // Not JSON at all, and JSON cut short: the same.
    for (bad, kind) in
        [(format!("{{{SECRET}"), "not JSON"), (format!(r#"{{"viewerSessions": ["{SECRET}"#), "cut short")]
    {
        let e = ivs_types::rt::parse_request_body::<Request>(bad.as_bytes()).expect_err("malformed");
        assert!(e.to_string().contains(kind) && !e.to_string().contains(SECRET), "{e}");
    }
}

/// `is_retryable()` and `retry_kind()` of a generated error enum: the model's `@retryable`,
/// then throttling and transient codes, then the response's status (429, 500, 502, 503, 504).
#[test]
fn error_enums_classify_retries() {
    use RetryKind::{Throttling, Transient};
    type Headers = &'static [(&'static str, &'static str)];
    let cases: &[(u16, Headers, Option<RetryKind>)] = &[
        (400, &[("x-amzn-ErrorType", "ValidationException")], None),
        (403, &[("x-amzn-ErrorType", "AccessDeniedException")], None),
        // A modeled error named like a throttling code.
        (429, &[("x-amzn-ErrorType", "ThrottlingException")], Some(Throttling)),
        (400, &[("x-amzn-ErrorType", "ThrottlingException")], Some(Throttling)),
        // Codes the model does not list.
        (400, &[("x-amzn-ErrorType", "TooManyRequestsException")], Some(Throttling)),
        (400, &[("x-amzn-ErrorType", "RequestLimitExceeded")], Some(Throttling)),
        (400, &[("x-amzn-ErrorType", "RequestTimeoutException")], Some(Transient)),
        (400, &[("x-amzn-ErrorType", "SomethingNew")], None),
        // Statuses.
        (429, &[], Some(Throttling)),
        (500, &[], Some(Transient)),
        (502, &[], Some(Transient)),
        (503, &[], Some(Transient)),
        (504, &[], Some(Transient)),
        (501, &[], None),
        (404, &[], None),
        // A modeled client error that came with a 503 (a proxy's status): the response decides.
        (503, &[("x-amzn-ErrorType", "AccessDeniedException")], Some(Transient)),
    ];
    for (status, headers, want) in cases {
        let err = RevokeError::from_response(&response(*status, headers, "{}"));
        assert_eq!((err.retry_kind(), err.is_retryable()), (*want, want.is_some()), "{status} {headers:?}: {err:?}");
    }
    // Built by hand: the model's status and `@retryable` decide.
    let built: RevokeError = ivs_types::AccessDeniedException::builder().build().into();
    assert!(!built.is_retryable());
    let built = RevokeError::unhandled(Unhandled { code: None, message: None, status: 503 });
    assert_eq!(built.retry_kind(), Some(Transient));
    // A success response that cannot be read is not retried.
    let err = Revoke::parse_response(&response(200, &[], "[1]")).expect_err("not the output");
    assert_eq!(err.retry_kind(), None);
}

/// The runtime's error enums are `#[non_exhaustive]`: a match outside the crate needs a `_`
/// arm (without one it does not compile, which the `compile_fail` example on `HttpError`
/// shows), so a later variant is not a breaking change.
#[test]
fn runtime_error_enums_are_matched_with_a_wildcard() {
    let e = ivs_types::rt::parse_and_validate::<Request>(b"{").expect_err("cut short");
    let kind = match e {
        RequestError::Malformed(_) => "malformed",
        RequestError::Invalid(_) => "invalid",
        RequestError::Http(_) => "http",
        _ => "later",
    };
    assert_eq!(kind, "malformed");
}
