//! Runtime benchmarks of the generated types, each beside a plain `serde_json` typed parse of
//! the same bytes into hand-written structs (the baseline the targets are ratios of).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use ivs_types::rt::{parse_and_validate, Validate};
use ivs_types::BatchStartViewerSessionRevocationRequest as Request;
use serde::Deserialize;

/// The request as a hand-written serde struct: what a plain typed parse costs.
#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct PlainRequest {
    viewer_sessions: Vec<PlainSession>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
#[serde(rename_all = "camelCase")]
struct PlainSession {
    channel_arn: String,
    viewer_id: String,
    #[serde(default)]
    viewer_session_versions_less_than_or_equal_to: i32,
}

fn request_body() -> Vec<u8> {
    let sessions: Vec<String> = (0..20)
        .map(|i| {
            format!(
                r#"{{"channelArn":"arn:aws:ivs:us-west-2:123456789012:channel/abcdEFGH{i:04}","viewerId":"viewer-{i}","viewerSessionVersionsLessThanOrEqualTo":{i}}}"#
            )
        })
        .collect();
    format!(r#"{{"viewerSessions":[{}]}}"#, sessions.join(",")).into_bytes()
}

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

criterion_group!(benches, validation);
criterion_main!(benches);
