//! Hostile bodies at three sizes (about 10 KB, 100 KB and 1 MB): the time must grow with the
//! size, not its square. Criterion reports each as a throughput (bytes of body per second);
//! equal throughputs at the three sizes mean linear cost.
//!
//! - `missing_members`: the seed request with `viewerSessions` of `{}` entries (two missing
//!   members each), through `parse_and_validate`;
//! - `every_constraint`: `Everything.children` (the constraints model) with entries that each
//!   violate every constraint, through `parse_and_validate`; and the seed request with
//!   sessions that violate every constraint of a session;
//! - `unique_distinct` / `unique_repeated`: `Everything.tags` (`@uniqueItems`) of distinct
//!   items and of one item repeated, validating the parsed value;
//! - `pattern_programs`: every `@pattern` the IVS 2026 model ships (`../shared`, else
//!   `models/ivs.json`), each on its most adversarial string of the size: among strings of one
//!   character repeated (each character the pattern names, and a few others) ending in one
//!   it refuses, the one that takes the pattern longest at 10 KB.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ivs_tests::golden_constraints::Everything;
use ivs_types::rt::{parse_and_validate, RequestError, Validate};
use ivs_types::BatchStartViewerSessionRevocationRequest as Request;

const SIZES: [(&str, usize); 3] = [("10KB", 10_000), ("100KB", 100_000), ("1MB", 1_000_000)];

/// A JSON body `{prefix[item,item,...]}` of about `size` bytes.
fn body(prefix: &str, item: &dyn Fn(usize) -> String, size: usize) -> Vec<u8> {
    let mut out = String::with_capacity(size + 256);
    out.push_str(prefix);
    out.push('[');
    let mut i = 0;
    while out.len() < size {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item(i));
        i += 1;
    }
    out.push_str("]}");
    out.into_bytes()
}

/// The number of violations, so that the work is not optimized away.
fn violations<T: ivs_types::rt::Wire + Validate>(bytes: &[u8]) -> usize {
    match parse_and_validate::<T>(bytes) {
        Ok(_) => 0,
        Err(RequestError::Invalid(r)) => r.total(),
        Err(e) => panic!("the benchmark body is malformed: {e}"),
    }
}

fn group<T: ivs_types::rt::Wire + Validate>(
    c: &mut Criterion,
    name: &str,
    prefix: &str,
    item: &dyn Fn(usize) -> String,
) {
    let mut g = c.benchmark_group(name);
    g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    for (label, size) in SIZES {
        let bytes = body(prefix, item, size);
        assert!(violations::<T>(&bytes) > 0, "{name} {label}: the body must be invalid");
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(label), &bytes, |b, bytes| {
            b.iter(|| violations::<T>(black_box(bytes)))
        });
    }
    g.finish();
}

const EVERY_CONSTRAINT: &str = r#"{"id":"","name":"ABCDEF","count":0,"ratio":2.5,"big":1000.5,"huge":101,"data":"AAECAwQ=","tags":["A","b","A","A"],"attrs":{"a":1,"bc":6,"de":0},"sparse":[1,null,-1],"color":"blue","level":3,"child":{"id":"","child":{"count":11}},"choice":{"text":"TOOLONG"},"secret":"hunter2","memberLength":"abc","memberOverride":"ab","legacy":"z","timeout":10}"#;

fn hostile_bodies(c: &mut Criterion) {
    group::<Request>(c, "missing_members", r#"{"viewerSessions":"#, &|_| "{}".to_string());
    group::<Everything>(c, "every_constraint", r#"{"id":"x","children":"#, &|_| EVERY_CONSTRAINT.to_string());
    let long_arn = format!("arn:aws:ivs:us-west-2:123456789012:stage/{}", "a".repeat(90));
    let session = format!(
        r#"{{"channelArn":"{long_arn}","viewerId":"{}","viewerSessionVersionsLessThanOrEqualTo":-1}}"#,
        "v".repeat(41)
    );
    group::<Request>(c, "every_constraint_seed", r#"{"viewerSessions":"#, &|_| session.clone());
}

fn unique_items(c: &mut Criterion) {
    for (name, item) in [
        ("unique_distinct", &(|i: usize| format!("\"T{i}\"")) as &dyn Fn(usize) -> String),
        ("unique_repeated", &|_| "\"TAG\"".to_string()),
    ] {
        let mut g = c.benchmark_group(name);
        g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
        for (label, size) in SIZES {
            let bytes = body(r#"{"id":"x","tags":"#, item, size);
            let value: Everything = match ivs_types::rt::parse_response_body(&bytes) {
                Ok(v) => v,
                Err(e) => panic!("the benchmark body is malformed: {e}"),
            };
            g.throughput(Throughput::Bytes(bytes.len() as u64));
            g.bench_with_input(BenchmarkId::from_parameter(label), &value, |b, value| {
                b.iter(|| black_box(value).validate().map_err(|r| r.violations().len()))
            });
        }
        g.finish();
    }
}

/// The patterns of the IVS model, as generated code runs them.
fn shipped_patterns() -> Vec<(String, &'static ivs_types::rt::Pattern)> {
    let shared = ivs_tests::workspace().join("../shared/models/aws/ivs-2020-07-14.2026-04-27.json");
    let path = if shared.is_file() { shared } else { ivs_tests::workspace().join("models/ivs.json") };
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("the model reads")).expect("JSON");
    let mut texts = std::collections::BTreeSet::new();
    for shape in model["shapes"].as_object().into_iter().flat_map(|o| o.values()) {
        let own = shape["traits"]["smithy.api#pattern"].as_str();
        let members = shape["members"].as_object().into_iter().flat_map(|o| o.values());
        for p in own.into_iter().chain(members.filter_map(|m| m["traits"]["smithy.api#pattern"].as_str())) {
            texts.insert(p.to_string());
        }
    }
    texts
        .into_iter()
        .filter_map(|p| {
            let t = ivs_codegen::pattern::translate(&p).ok()?;
            Some((p.clone(), ivs_tests::runtime_pattern(&p, &t)))
        })
        .collect()
}

/// The candidate that takes `pattern` longest on about `size` bytes.
fn adversarial(text: &str, pattern: &ivs_types::rt::Pattern, size: usize) -> String {
    let mut chars: Vec<char> = text.chars().filter(|c| c.is_alphanumeric() || "-_.:/ ".contains(*c)).collect();
    chars.extend(['a', 'A', '0', '-', ':', '/', ' ', 'é']);
    chars.sort_unstable();
    chars.dedup();
    let candidate = |c: char| -> String {
        let n = size / c.len_utf8();
        let mut s: String = std::iter::repeat_n(c, n).collect();
        s.push('\u{1}');
        s
    };
    let time = |s: &str| {
        let start = std::time::Instant::now();
        black_box(pattern.is_match(s).ok());
        start.elapsed()
    };
    chars.into_iter().map(candidate).max_by_key(|s| time(s)).unwrap_or_default()
}

fn pattern_programs(c: &mut Criterion) {
    let patterns = shipped_patterns();
    let mut g = c.benchmark_group("pattern_programs");
    g.sample_size(10).warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(3));
    for (label, size) in SIZES {
        let inputs: Vec<(&ivs_types::rt::Pattern, String)> =
            patterns.iter().map(|(text, p)| (*p, adversarial(text, p, size))).collect();
        let bytes: usize = inputs.iter().map(|(_, s)| s.len()).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_with_input(BenchmarkId::from_parameter(label), &inputs, |b, inputs| {
            b.iter(|| inputs.iter().filter(|(p, s)| p.is_match(s).unwrap_or(false)).count())
        });
    }
    g.finish();
}

criterion_group!(benches, hostile_bodies, unique_items, pattern_programs);
criterion_main!(benches);
