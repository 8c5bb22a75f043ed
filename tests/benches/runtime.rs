//! Runtime benchmarks of the generated types, each beside a plain `serde_json` typed parse of
//! the same bytes into hand-written structs (the baseline the targets are ratios of).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use ivs_tests::plain::{request_body, PlainRequest, PlainResponse};
use ivs_types::rt::{parse_and_validate, Validate};
use ivs_types::BatchStartViewerSessionRevocationRequest as Request;

fn validation(c: &mut Criterion) {
    let body = request_body();
    let request: Request = serde_json::from_slice(&body).expect("parses");
    let mut g = c.benchmark_group("request_20_sessions");
    g.bench_function("plain_serde_json_typed_parse", |b| {
        b.iter(|| serde_json::from_slice::<PlainRequest>(black_box(&body)).map(|r| r.viewer_sessions.len()))
    });
    g.bench_function("validate", |b| b.iter(|| black_box(&request).validate().is_ok()));
    g.bench_function("parse_and_validate", |b| {
        b.iter(|| parse_and_validate::<Request>(black_box(&body)).map(|r| r.viewer_sessions.len()).ok())
    });
    g.bench_function("parse_only", |b| b.iter(|| serde_json::from_slice::<Request>(black_box(&body)).is_ok()));
    g.finish();
}

fn response_body() -> Vec<u8> {
    let entries: Vec<String> = (0..20)
        .map(|i| {
            format!(
                r#"{{"channelArn":"arn:aws:ivs:us-west-2:123456789012:channel/abcdEFGH{i:04}","viewerId":"viewer-{i}","code":"404","message":"Viewer session not found"}}"#
            )
        })
        .collect();
    format!(r#"{{"errors":[{}]}}"#, entries.join(",")).into_bytes()
}

fn http(c: &mut Criterion) {
    use ivs_types::operation::batch_start_viewer_session_revocation::BatchStartViewerSessionRevocationError as RevokeError;
    use ivs_types::operation::BatchStartViewerSessionRevocation as Revoke;
    use ivs_types::rt::http::{FromErrorResponse, HttpOperation};

    let request: Request = serde_json::from_slice(&request_body()).expect("parses");
    let mut g = c.benchmark_group("http");
    g.bench_function("build_request_20_sessions", |b| b.iter(|| Revoke::build_request(black_box(&request)).is_ok()));
    g.bench_function("plain_serde_json_serialize_request", |b| {
        b.iter(|| serde_json::to_vec(black_box(&request)).map(|v| v.len()))
    });

    let body = response_body();
    let ok = http::Response::builder().status(200).body(body.clone()).expect("response");
    g.bench_function("plain_serde_json_typed_parse_response", |b| {
        b.iter(|| serde_json::from_slice::<PlainResponse>(black_box(&body)).map(|r| r.errors.map(|e| e.len())).ok())
    });
    g.bench_function("parse_response_20_entries", |b| b.iter(|| Revoke::parse_response(black_box(&ok)).is_ok()));

    let error_body = br#"{"exceptionMessage":"Rate exceeded"}"#.to_vec();
    let forms = [
        (
            "error_header",
            http::Response::builder()
                .status(429)
                .header("x-amzn-ErrorType", "ThrottlingException")
                .body(error_body.clone()),
        ),
        (
            "error_code_key",
            http::Response::builder()
                .status(429)
                .body(br#"{"code":"ThrottlingException","exceptionMessage":"Rate exceeded"}"#.to_vec()),
        ),
        (
            "error_type_key",
            http::Response::builder().status(429).body(
                br#"{"__type":"com.amazonaws.ivs#ThrottlingException","exceptionMessage":"Rate exceeded"}"#.to_vec(),
            ),
        ),
        (
            "error_unknown_code",
            http::Response::builder()
                .status(400)
                .header("x-amzn-ErrorType", "Mystery")
                .body(br#"{"message":"?"}"#.to_vec()),
        ),
        (
            "error_html_body",
            http::Response::builder().status(503).body(b"<html><body>Service Unavailable</body></html>".to_vec()),
        ),
    ];
    for (name, resp) in forms {
        let resp = resp.expect("response");
        g.bench_function(name, |b| b.iter(|| RevokeError::from_response(black_box(&resp)).status()));
    }
    g.finish();
}

criterion_group!(benches, validation, http);
criterion_main!(benches);
