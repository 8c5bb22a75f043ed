//! Reading Smithy IDL against reading the same model's JSON AST, on two models:
//!
//! - `idl/restJson1`: the protocol-test IDL folder of restJson1 (with its shared files and the
//!   trait definitions, as the reference loads it) and `protocol-tests/restJson1.json`;
//! - `idl/ssm`: the largest model of `../shared/models/aws-dev` (`ssm.json`, 1.4 MB), written
//!   as IDL by the reference serializer (`../shared/smithy/oracle/smithy-to-idl.sh`, run once
//!   into the target's temporary folder: needs Java 17).
//!
//! `parse_only` is the IDL parser on each file, `idl_to_ast` also assembles (resolution,
//! mixins, `apply`: the JSON AST as node values), `idl_to_model` reads those values into the
//! [`Model`] (what `generate` does with IDL), `json_to_model` is the JSON reader on the same
//! model. Throughput is per input byte (the IDL's for the first three). Needs `../shared`.

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

fn group(c: &mut Criterion, name: &str, idl_sources: &[(String, String)], json: &str) {
    let bytes: usize = idl_sources.iter().map(|(_, t)| t.len()).sum();
    let mut g = c.benchmark_group(format!("idl/{name}"));
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("parse_only", |b| {
        b.iter(|| {
            idl_sources
                .iter()
                .filter(|(n, _)| n.ends_with(".smithy"))
                .all(|(_, t)| idl::parse_idl(black_box(t)).is_ok())
        })
    });
    g.bench_function("idl_to_ast", |b| b.iter(|| idl::load_sources(black_box(idl_sources)).is_ok()));
    g.bench_function("idl_to_model", |b| {
        b.iter(|| Model::from_ast(idl::load_sources(black_box(idl_sources)).expect("reads")).is_ok())
    });
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.bench_function("json_to_model", |b| b.iter(|| Model::from_json(black_box(json)).is_ok()));
    g.finish();
}

/// `ssm.json` as IDL, written by the reference serializer once (kept in the target's
/// temporary folder), or `None` when Java or the model is absent.
fn aws_model_as_idl(shared: &Path, name: &str) -> Option<(PathBuf, PathBuf)> {
    let json = shared.join("models/aws-dev").join(format!("{name}.json"));
    if !json.is_file() {
        return None;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("idl-bench").join(name);
    if !dir.join("done").is_file() {
        let _ = std::fs::remove_dir_all(&dir);
        let status = std::process::Command::new(shared.join("smithy/oracle/smithy-to-idl.sh"))
            .arg(&json)
            .arg(dir.join("idl"))
            .status()
            .ok()?;
        if !status.success() {
            return None;
        }
        std::fs::write(dir.join("done"), "").ok()?;
    }
    Some((json, dir.join("idl")))
}

fn read_idl(c: &mut Criterion) {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let smithy = shared.join("smithy");
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
    group(c, "restJson1", &idl_sources, &json);

    match aws_model_as_idl(&shared, "ssm") {
        Some((json, idl)) => {
            let json = std::fs::read_to_string(json).expect("reads");
            group(c, "ssm", &sources(&[idl]), &json);
        }
        None => println!("skipped idl/ssm: ../shared/models/aws-dev/ssm.json or Java is absent"),
    }
}

criterion_group!(benches, read_idl);
criterion_main!(benches);
