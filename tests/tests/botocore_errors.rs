//! Our reading of restJson1 error responses compared with botocore's, case by case.
//!
//! `tests/data/botocore-errors.json` holds canned responses to IVS
//! `BatchStartViewerSessionRevocation` (status × `x-amzn-ErrorType` header × body form ×
//! message key, bodies that are not JSON, request ids, unreadable success responses) and what
//! a botocore IVS client raised for each. `scripts/botocore-errors.py` wrote it (and checks it
//! with `--check`); this test needs neither Python nor botocore. Every field on which we answer
//! otherwise is explained by one of the [`DIFFERENCES`] below, and each of them explains at
//! least one: a new disagreement, or a difference that went away, fails the test.

use ivs_types::operation::batch_start_viewer_session_revocation::BatchStartViewerSessionRevocationError as RevokeError;
use ivs_types::operation::BatchStartViewerSessionRevocation as Revoke;
use ivs_types::rt::http::HttpOperation;
use serde::Deserialize;

#[derive(Deserialize)]
struct Table {
    botocore: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    botocore: Answer,
}

/// What botocore's client raised (or returned).
#[derive(Deserialize)]
struct Answer {
    /// The exception class (a modeled error's name, `ClientError`), `success`, or the
    /// exception botocore itself failed with.
    kind: String,
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    /// The modeled `exceptionMessage` member, when botocore read one.
    exception_message: Option<String>,
}

/// One answer in the terms both sides share.
#[derive(Debug, Clone, PartialEq)]
struct Said {
    kind: String,
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

/// botocore's answer in our terms: `ClientError` is `Unhandled`, a success is `Ok`; an empty
/// code or message is none; the code botocore makes up from the status when the response has
/// none (`"503"`) is none; the message of a modeled error is its `exceptionMessage` when
/// botocore's generic `Message` is empty (ours is the modeled message member).
fn botocore(c: &Case) -> Option<Said> {
    let a = &c.botocore;
    let kind = match a.kind.as_str() {
        "success" => "Ok".to_string(),
        "ClientError" => "Unhandled".to_string(),
        k if k.ends_with("Exception") || k == "PendingVerification" => k.to_string(),
        _ => return None, // botocore itself failed (AttributeError on a JSON array)
    };
    let non_empty = |s: &Option<String>| s.clone().filter(|s| !s.is_empty());
    let code = non_empty(&a.code).filter(|code| *code != c.status.to_string());
    let message = non_empty(&a.message).or_else(|| non_empty(&a.exception_message));
    Some(Said { kind, code, message, request_id: non_empty(&a.request_id) })
}

fn response(c: &Case) -> http::Response<Vec<u8>> {
    let mut b = http::Response::builder().status(c.status);
    for (k, v) in &c.headers {
        b = b.header(k.as_str(), v.as_str());
    }
    b.body(c.body.as_bytes().to_vec()).expect("valid response")
}

fn ours(c: &Case) -> Said {
    match Revoke::parse_response_with_meta(&response(c)) {
        Ok((_, meta)) => {
            Said { kind: "Ok".into(), code: None, message: None, request_id: meta.request_id().map(str::to_string) }
        }
        Err(e) => {
            let kind = match &e {
                RevokeError::AccessDeniedException(..) => "AccessDeniedException",
                RevokeError::PendingVerification(..) => "PendingVerification",
                RevokeError::ThrottlingException(..) => "ThrottlingException",
                RevokeError::ValidationException(..) => "ValidationException",
                RevokeError::Unhandled(..) => "Unhandled",
                RevokeError::MalformedResponse(..) => "MalformedResponse",
                _ => "another variant",
            };
            Said {
                kind: kind.into(),
                code: e.code().map(str::to_string),
                message: e.message().map(str::to_string),
                request_id: e.request_id().map(str::to_string),
            }
        }
    }
}

/// Where we answer otherwise than botocore, and why: the fields, the reason, and which cases.
struct Difference {
    fields: &'static [&'static str],
    why: &'static str,
    applies: fn(&Case) -> bool,
}

fn header(c: &Case, name: &str) -> bool {
    c.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name))
}

fn is_generic_5xx(c: &Case) -> bool {
    c.status >= 500 && (c.body.trim().is_empty() || c.body.trim().starts_with("<html>"))
}

const DIFFERENCES: &[Difference] = &[
    Difference {
        fields: &["message"],
        why: "`errorMessage` is read (as the AWS SDK for Rust reads it); botocore reads only `message` and `Message`",
        applies: |c| {
            c.body.contains("\"errorMessage\"") && !c.body.contains("\"message\"") && !c.body.contains("\"Message\"")
        },
    },
    Difference {
        fields: &["message"],
        why: "an empty or blank body gives the reason phrase (issue 14's rule); botocore gives no message below 500 \
              (or the blank text itself)",
        applies: |c| c.body.trim().is_empty() && c.status < 500,
    },
    Difference {
        fields: &["message"],
        why:
            "a body over 256 characters, or with a control character, gives the reason phrase; botocore takes it whole",
        applies: |c| {
            serde_json::from_str::<serde_json::Value>(&c.body).is_err()
                && !is_generic_5xx(c)
                && (c.body.trim().chars().count() > 256 || c.body.chars().any(|ch| ch.is_control() && ch != '\n'))
        },
    },
    Difference {
        fields: &["kind", "code"],
        why: "`x-amzn-ErrorType` is the answer whatever the body (as in the AWS SDK for Rust); botocore ignores it \
              for a 5xx with an empty body or an HTML page",
        applies: |c| is_generic_5xx(c) && header(c, "x-amzn-ErrorType"),
    },
    Difference {
        fields: &["request_id"],
        why: "`x-amz-request-id` is read when `x-amzn-RequestId` is absent, on errors too; botocore reads it only \
              on success responses of restJson1",
        applies: |c| c.status >= 300 && header(c, "x-amz-request-id") && !header(c, "x-amzn-RequestId"),
    },
    Difference {
        fields: &["kind", "message"],
        why: "a success response whose body is not the output is `MalformedResponse` (the parse error as message); \
              botocore returns an empty output",
        applies: |c| c.status < 300 && c.body.starts_with('<'),
    },
];

#[test]
fn our_error_parsing_agrees_with_botocore_but_where_explained() {
    let table: Table = serde_json::from_str(include_str!("../data/botocore-errors.json")).expect("the table reads");
    assert!(table.cases.len() >= 150, "the table holds {} cases", table.cases.len());
    let mut used = vec![0usize; DIFFERENCES.len()];
    let (mut agree, mut explained, mut botocore_failed) = (0, 0, 0);
    let mut unexplained = Vec::new();
    for c in &table.cases {
        let us = ours(c);
        let Some(them) = botocore(c) else {
            // botocore raises AttributeError on a body that is JSON but not an object. Ours: a
            // success status is `MalformedResponse`, an error status has the text as message.
            botocore_failed += 1;
            if c.status < 300 {
                assert_eq!(us.kind, "MalformedResponse", "{}", c.name);
            } else {
                assert_eq!(us.message.as_deref(), Some(c.body.as_str()), "{}", c.name);
            }
            continue;
        };
        let fields = [
            ("kind", Some(us.kind.clone()), Some(them.kind.clone())),
            ("code", us.code.clone(), them.code.clone()),
            ("message", us.message.clone(), them.message.clone()),
            ("request_id", us.request_id.clone(), them.request_id.clone()),
        ];
        let mut all_agree = true;
        for (field, a, b) in fields {
            if a == b {
                continue;
            }
            all_agree = false;
            match DIFFERENCES.iter().position(|d| d.fields.contains(&field) && (d.applies)(c)) {
                Some(i) => used[i] += 1,
                None => unexplained.push(format!("{}: {field}: ours {a:?}, botocore {b:?}", c.name)),
            }
        }
        if all_agree {
            agree += 1;
        } else {
            explained += 1;
        }
    }
    assert!(
        unexplained.is_empty(),
        "unexplained differences from botocore {}:\n{}",
        table.botocore,
        unexplained.join("\n")
    );
    for (d, n) in DIFFERENCES.iter().zip(&used) {
        assert!(*n > 0, "no case differs on {:?} any more: {}", d.fields, d.why);
        println!("{n:3} × {:?}: {}", d.fields, d.why);
    }
    println!(
        "botocore {}: {} cases, {agree} agree on kind, code, message and request id, {explained} differ where explained, \
         {botocore_failed} make botocore fail",
        table.botocore,
        table.cases.len()
    );
}
