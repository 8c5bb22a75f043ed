//! Reading Smithy IDL: the protocol-test IDL folder of restJson1 (with its shared files and
//! the trait definitions, as the reference loads it) through the IDL reader, beside the JSON
//! reader on the same model (`protocol-tests/restJson1.json`). Needs `../shared`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ivs_codegen::{idl, Model};

fn sources(paths: &[PathBuf]) -> Vec<(String, String)> {
    idl::model_files(paths)
        .expect("files")
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).expect("reads")))
        .collect()
}

fn read_idl(c: &mut Criterion) {
    let smithy = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/smithy");
    if !smithy.is_dir() {
        println!("skipped idl benches: {} is absent", smithy.display());
        return;
    }
    let pt = smithy.join("protocol-tests");
    let idl_sources = sources(&[
        pt.join("idl/restJson1"),
        pt.join("idl/shared-types.smithy"),
        pt.join("idl/aws-config.smithy"),
        smithy.join("traits"),
    ]);
    let json = std::fs::read_to_string(pt.join("restJson1.json")).expect("reads");
    let bytes: usize = idl_sources.iter().map(|(_, t)| t.len()).sum();
    let mut g = c.benchmark_group("idl/restJson1");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("parse_only", |b| {
        b.iter(|| {
            idl_sources
                .iter()
                .filter(|(n, _)| n.ends_with(".smithy"))
                .all(|(_, t)| idl::parse_idl(black_box(t)).is_ok())
        })
    });
    g.bench_function("idl_to_ast", |b| b.iter(|| idl::load_sources(black_box(&idl_sources)).is_ok()));
    g.bench_function("idl_to_model", |b| {
        b.iter(|| Model::from_json(&idl::load_sources(black_box(&idl_sources)).expect("reads").to_json(false)).is_ok())
    });
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.bench_function("json_to_model", |b| b.iter(|| Model::from_json(black_box(&json)).is_ok()));
    g.finish();
}

criterion_group!(benches, read_idl);
criterion_main!(benches);
