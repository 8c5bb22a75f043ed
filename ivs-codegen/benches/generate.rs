//! Generation benchmarks: each stage (read, check, lower, emit, format) and the whole
//! pipeline on `models/ivs.json` and the whole IVS 2026 model (when `../shared` is there),
//! beside a bare `serde_json::from_slice::<Value>` of the same file; and the pipeline on
//! synthetic models of growing size, to show it grows linearly.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ivs_codegen::{check, emit, generate_source, ir, Model, Selection};

fn stages(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let models = [
        ("ivs_seed", root.join("models/ivs.json")),
        ("ivs_2026", root.join("../shared/models/aws/ivs-2020-07-14.2026-04-27.json")),
    ];
    for (name, path) in models {
        let Ok(json) = std::fs::read_to_string(&path) else {
            println!("skipped {name}: {} is absent", path.display());
            continue;
        };
        let mut g = c.benchmark_group(format!("generate/{name}"));
        g.bench_function("serde_json_value_parse", |b| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&json)).is_ok())
        });
        g.bench_function("1_read", |b| b.iter(|| Model::from_json(black_box(&json)).is_ok()));
        let model = Model::from_json(&json).expect("reads");
        g.bench_function("2_check", |b| b.iter(|| check::check(black_box(&model)).is_ok()));
        g.bench_function("3_lower", |b| b.iter(|| ir::lower(black_box(&model), &Selection::All).is_ok()));
        let lowered = ir::lower(&model, &Selection::All).expect("lowers");
        g.bench_function("4_emit", |b| b.iter(|| emit::tokens(black_box(&lowered)).is_ok()));
        let tokens = emit::tokens(&lowered).expect("emits");
        g.bench_function("5_format", |b| {
            b.iter(|| emit::format_with(black_box(tokens.clone()), false).map(|s| s.len()))
        });
        g.bench_function("whole_pipeline", |b| b.iter(|| generate_source(black_box(&json), &Selection::All).is_ok()));
        g.finish();
    }
}

/// A synthetic model of `n` groups, each an operation with input and output structures, a
/// nested structure, a list, an enum and constrained strings: 8 shapes per group.
pub fn synthetic(n: usize) -> String {
    let mut shapes = Vec::new();
    let mut ops = Vec::new();
    for i in 0..n {
        ops.push(format!(r#"{{"target":"syn#Op{i}"}}"#));
        shapes.push(format!(
            r#""syn#Op{i}":{{"type":"operation","input":{{"target":"syn#Op{i}Input"}},"output":{{"target":"syn#Op{i}Output"}},"traits":{{"smithy.api#http":{{"method":"POST","uri":"/op{i}"}},"smithy.api#documentation":"<p>Operation <code>{i}</code>.</p>"}}}},
"syn#Op{i}Input":{{"type":"structure","members":{{"name":{{"target":"syn#Name{i}","traits":{{"smithy.api#required":{{}}}}}},"items":{{"target":"syn#Items{i}"}},"kind":{{"target":"syn#Kind{i}"}},"count":{{"target":"smithy.api#Integer","traits":{{"smithy.api#range":{{"min":0,"max":100}}}}}}}}}},
"syn#Op{i}Output":{{"type":"structure","members":{{"item":{{"target":"syn#Item{i}"}},"next":{{"target":"smithy.api#String"}}}}}},
"syn#Item{i}":{{"type":"structure","members":{{"id":{{"target":"syn#Name{i}","traits":{{"smithy.api#required":{{}}}}}},"created":{{"target":"smithy.api#Timestamp"}},"tags":{{"target":"syn#Tags{i}"}}}}}},
"syn#Items{i}":{{"type":"list","member":{{"target":"syn#Item{i}"}},"traits":{{"smithy.api#length":{{"max":20}}}}}},
"syn#Tags{i}":{{"type":"map","key":{{"target":"smithy.api#String"}},"value":{{"target":"smithy.api#String"}}}},
"syn#Kind{i}":{{"type":"enum","members":{{"A":{{"target":"smithy.api#Unit"}},"B":{{"target":"smithy.api#Unit"}}}}}},
"syn#Name{i}":{{"type":"string","traits":{{"smithy.api#length":{{"min":1,"max":64}},"smithy.api#pattern":"^[a-z0-9-]+$"}}}}"#
        ));
    }
    format!(
        r#"{{"smithy":"2.0","shapes":{{"syn#Svc":{{"type":"service","version":"1","operations":[{}]}},{}}}}}"#,
        ops.join(","),
        shapes.join(",")
    )
}

fn scale(c: &mut Criterion) {
    let mut g = c.benchmark_group("scale");
    g.sample_size(10);
    for n in [25usize, 250, 2500] {
        let json = synthetic(n);
        g.throughput(Throughput::Elements((n * 8) as u64));
        g.bench_with_input(BenchmarkId::new("whole_pipeline_shapes", n * 8), &json, |b, json| {
            b.iter(|| generate_source(black_box(json), &Selection::All).map(|(t, _)| t.len()).unwrap_or(0))
        });
    }
    // Up to 1000× the base (200,000 shapes) for read, check and lower, without emitting and
    // formatting millions of lines.
    for n in [25usize, 250, 2500, 25_000] {
        let json = synthetic(n);
        g.throughput(Throughput::Elements((n * 8) as u64));
        g.bench_with_input(BenchmarkId::new("read_check_lower_shapes", n * 8), &json, |b, json| {
            b.iter(|| {
                let m = Model::from_json(black_box(json)).expect("reads");
                check::check(&m).expect("valid");
                ir::lower(&m, &Selection::All).map(|ir| ir.items.len()).unwrap_or(0)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, stages, scale);
criterion_main!(benches);
