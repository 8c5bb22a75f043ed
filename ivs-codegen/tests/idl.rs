//! The IDL reader against Smithy's own loader tests (`../shared/smithy/idl-suite`) and the
//! protocol-test IDL (`../shared/smithy/protocol-tests/idl`), compared with the reference
//! loader's answers: the `.json` beside each suite file (loaded with `__shared.json`, as
//! the reference test loads both), the reference's `smithy ast` of every valid case
//! (`tests/idl-oracle/valid/`, written by `../shared/smithy/oracle/smithy-to-ast.sh
//! --no-traits OUT FILE __shared.json`), and `protocol-tests/*.json`; and the models of
//! `../shared/models/aws-dev` written as IDL by the reference serializer at test time (one
//! JVM: `tests/oracle/IdlRoundTrip.java`). A deterministic mutation test feeds truncated and
//! corrupted suite files: Ok or Err, never a panic.

use std::path::{Path, PathBuf};

use ivs_codegen::{idl, Model};

fn smithy_dir(test: &str) -> Option<PathBuf> {
    shared_dir(test, "smithy")
}

/// `../shared/<rel>`, or `None` (after one line saying the test is skipped) when it is absent;
/// a failure instead under `IVS_REQUIRE_SHARED=1`.
fn shared_dir(test: &str, rel: &str) -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared").join(rel);
    // `IVS_HIDE_SHARED=1`: behave as in a clone without `../shared` (see `.ci/run`).
    if !root.is_dir() || std::env::var("IVS_HIDE_SHARED").as_deref() == Ok("1") {
        assert!(
            std::env::var("IVS_REQUIRE_SHARED").as_deref() != Ok("1"),
            "IVS_REQUIRE_SHARED=1 but {} does not exist",
            root.display()
        );
        println!("skipped {test}: {} is absent", root.display());
        return None;
    }
    Some(root)
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// JSON as a value, numbers compared as f64 (`1` equals `1.0`; a number beyond f64 is
/// read as the largest, as serde_json would refuse it).
fn value(text: &str) -> serde_json::Value {
    let re = regex::Regex::new(r"-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?").unwrap();
    let text = re.replace_all(text, |c: &regex::Captures| {
        let t = &c[0];
        match t.parse::<f64>() {
            Ok(f) if f.is_infinite() => {
                if f > 0.0 { "1.7976931348623157e308" } else { "-1.7976931348623157e308" }.to_string()
            }
            _ => t.to_string(),
        }
    });
    normalize(serde_json::from_str(&text).expect("JSON"))
}

fn normalize(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap_or(0.0)),
        Value::Array(a) => Value::Array(a.into_iter().map(normalize).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, normalize(v))).collect()),
        other => other,
    }
}

fn ast(sources: &[(String, String)]) -> Result<serde_json::Value, idl::AssembleError> {
    idl::load_sources(sources).map(|n| {
        assert_same_model(&n);
        value(&n.to_json(false))
    })
}

/// The model read from the assembled nodes ([`Model::from_ast`], what `generate` reads IDL
/// with) is the model the JSON reader reads from the same JSON AST written as text.
fn assert_same_model(ast: &idl::Node) {
    let direct = Model::from_ast(ast.clone());
    let text = ast.to_json(false);
    let from_text = Model::from_json(&text);
    match (&direct, &from_text) {
        (Ok(a), Ok(b)) => assert!(a == b, "Model::from_ast differs from Model::from_json on {text}"),
        (Err(_), Err(_)) => {}
        _ => panic!("Model::from_ast gives {:?}, Model::from_json {:?}, on {text}", direct.err(), from_text.err()),
    }
}

#[test]
fn valid_suite_reads_to_the_reference_model() {
    let Some(root) = smithy_dir("valid_suite_reads_to_the_reference_model") else { return };
    let valid = root.join("idl-suite/valid");
    let shared = ("__shared.json".to_string(), read(&valid.join("__shared.json")));
    let oracle = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/idl-oracle/valid");
    let (mut equal_oracle, mut with_json, mut equal_json) = (0, 0, 0);
    let mut failures = Vec::new();
    let cases = files(&valid, "smithy");
    for case in &cases {
        let rel = case.strip_prefix(&valid).unwrap();
        let got = match ast(&[(rel.display().to_string(), read(case)), shared.clone()]) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{}: {e}", rel.display()));
                continue;
            }
        };
        let expected = value(&read(&oracle.join(rel).with_extension("json")));
        if got == expected {
            equal_oracle += 1;
        } else {
            failures.push(format!("{}: differs from the reference's ast", rel.display()));
        }
        let beside = case.with_extension("json");
        if beside.is_file() {
            with_json += 1;
            let from_json = ast(&[(beside.display().to_string(), read(&beside)), shared.clone()])
                .unwrap_or_else(|e| panic!("{}: {e}", beside.display()));
            if from_json == got {
                equal_json += 1;
            } else {
                failures.push(format!("{}: differs from the .json beside it", rel.display()));
            }
        }
    }
    println!(
        "idl-suite/valid: {equal_oracle} of {} equal the reference's ast; {equal_json} of {with_json} equal the .json beside them",
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(cases.len(), 80);
    assert_eq!(with_json, 62);
}

/// The four files the reference refuses only in model validation (enum values).
const VALIDATION_ONLY: &[&str] = &[
    "enum-with-bad-values.smithy",
    "intEnum-with-bad-value.smithy",
    "intEnum-with-float.smithy",
    "intEnum-with-long.smithy",
];

#[test]
fn invalid_suite_is_refused_at_the_reference_position() {
    let Some(root) = smithy_dir("invalid_suite_is_refused_at_the_reference_position") else { return };
    let invalid = root.join("idl-suite/invalid");
    let cases = files(&invalid, "smithy");
    let (mut refused, mut with_position, mut at_position) = (0, 0, 0);
    let mut accepted = Vec::new();
    let mut elsewhere = Vec::new();
    for case in &cases {
        let text = read(case);
        let first = text.lines().next().unwrap_or("");
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let expected = position(first);
        match idl::load_sources(&[(name.clone(), text.clone())]) {
            Ok(_) => {
                if !VALIDATION_ONLY.contains(&name.as_str()) {
                    accepted.push(format!("{name}: {first}"));
                }
            }
            Err(e) => {
                refused += 1;
                if let Some((line, column)) = expected {
                    with_position += 1;
                    if (e.line, e.column) == (line, column) {
                        at_position += 1;
                    } else {
                        elsewhere.push(format!("{name}: expected {line}:{column}, got {e}"));
                    }
                }
            }
        }
    }
    println!(
        "idl-suite/invalid: {refused} of {} refused; {at_position} of the {with_position} whose expected error names a position at the reference's line and column",
        cases.len()
    );
    for e in &elsewhere {
        println!("  {e}");
    }
    for a in &accepted {
        println!("  accepted: {a}");
    }
    assert_eq!(cases.len(), 181);
    assert!(accepted.is_empty(), "accepted:\n{}", accepted.join("\n"));
    assert_eq!(refused, 177);
    assert!(at_position >= 144, "{}", elsewhere.join("\n"));
}

fn position(comment: &str) -> Option<(usize, usize)> {
    let rest = &comment[comment.find("line ")? + 5..];
    let (line, rest) = rest.split_once(", column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.parse().ok()?, column.parse().ok()?))
}

#[test]
fn protocol_test_idl_reads_to_the_published_json() {
    let Some(root) = smithy_dir("protocol_test_idl_reads_to_the_published_json") else { return };
    let pt = root.join("protocol-tests");
    let mut equal = 0;
    for name in ["restJson1", "awsJson1_0", "awsJson1_1"] {
        let paths = vec![
            pt.join("idl").join(name),
            pt.join("idl/shared-types.smithy"),
            pt.join("idl/aws-config.smithy"),
            root.join("traits"),
        ];
        let start = std::time::Instant::now();
        let (node, read_files) = idl::load(&paths).unwrap_or_else(|e| panic!("{name}: {e}"));
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        assert_same_model(&node);
        let got = value(&node.to_json(false));
        let expected = value(&read(&pt.join(format!("{name}.json"))));
        println!("{name}: {} files read in {ms:.1} ms, equal: {}", read_files.len(), got == expected);
        if got == expected {
            equal += 1;
        }
    }
    assert_eq!(equal, 3);
}

#[test]
fn mutated_suite_files_never_panic() {
    let Some(root) = smithy_dir("mutated_suite_files_never_panic") else { return };
    let mut inputs = files(&root.join("idl-suite/valid"), "smithy");
    inputs.extend(files(&root.join("protocol-tests/idl/restJson1"), "smithy").into_iter().take(5));
    let start = std::time::Instant::now();
    let mut runs = 0;
    // A fixed xorshift: the same mutations every run.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut rand = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let specials = [b'"', b'{', b'}', b'[', b']', b'(', b')', b'@', b'$', b'#', b'\\', b'\n', b'/', b':', b'=', 0xff];
    for path in &inputs {
        let bytes = std::fs::read(path).unwrap();
        for i in 0..40 {
            let mut b = bytes.clone();
            if b.is_empty() {
                break;
            }
            if i < 15 {
                b.truncate((rand() as usize) % b.len());
            } else {
                for _ in 0..1 + (i % 3) {
                    let at = (rand() as usize) % b.len();
                    b[at] = if i % 2 == 0 { specials[(rand() as usize) % specials.len()] } else { rand() as u8 };
                }
            }
            let text = String::from_utf8_lossy(&b).to_string();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let result = std::panic::catch_unwind(|| {
                let _ = idl::load_sources(&[(name.clone(), text.clone())]);
            });
            assert!(result.is_ok(), "panic on a mutation of {}:\n{text}", path.display());
            runs += 1;
        }
    }
    // Deep nesting is refused, not a stack overflow.
    let deep = format!("$version: \"2\"\nnamespace a\n@t({}1{})\nstring S\n", "[".repeat(10_000), "]".repeat(10_000));
    assert!(idl::load_sources(&[("deep.smithy".into(), deep)]).is_err());
    let elapsed = start.elapsed();
    println!("{runs} mutated files read in {} ms", elapsed.as_millis());
    assert!(elapsed.as_secs() < 60);
}

/// `generate` from the protocol-test IDL writes the same code as from the published JSON
/// AST (the reference's reading of the same IDL).
#[test]
fn generating_from_idl_equals_generating_from_the_json_ast() {
    let Some(root) = smithy_dir("generating_from_idl_equals_generating_from_the_json_ast") else { return };
    let pt = root.join("protocol-tests");
    for name in ["awsJson1_0", "awsJson1_1"] {
        let render = |paths: &[PathBuf]| {
            let mut config = ivs_codegen::Config::new();
            for p in paths {
                config.model(p);
            }
            config.render().unwrap_or_else(|e| panic!("{name}: {e}")).files
        };
        let from_json = render(&[pt.join(format!("{name}.json"))]);
        let from_idl = render(&[
            pt.join("idl").join(name),
            pt.join("idl/shared-types.smithy"),
            pt.join("idl/aws-config.smithy"),
            root.join("traits"),
        ]);
        assert!(from_json == from_idl, "{name}: the code generated from IDL differs from the JSON AST's");
    }
}

/// A model split over IDL and JSON AST files, on the command line: `ast` and `generate`
/// take every file and folder; an error names the file, line and column; conflicting
/// definitions name both files.
#[test]
fn cli_reads_idl_files_and_folders() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("idl-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("model/nested")).unwrap();
    std::fs::write(
        dir.join("model/main.smithy"),
        "$version: \"2\"\nnamespace ex\n\n/// Says hello.\noperation Hello {\n    input := {\n        @required\n        name: Name\n    }\n    output := {\n        greeting: String = \"hi\"\n    }\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("model/nested/types.json"),
        r#"{"smithy": "2.0", "shapes": {"ex#Name": {"type": "string", "traits": {"smithy.api#length": {"min": 1}}}}}"#,
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_ivs-codegen");
    let out = std::process::Command::new(bin)
        .args(["ast", "--model"])
        .arg(dir.join("model"))
        .arg("--out")
        .arg(dir.join("ast.json"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let ast = value(&read(&dir.join("ast.json")));
    assert_eq!(ast["shapes"]["ex#HelloInput"]["members"]["name"]["target"], "ex#Name");
    assert_eq!(ast["shapes"]["ex#HelloOutput"]["members"]["greeting"]["traits"]["smithy.api#default"], "hi");
    assert_eq!(ast["shapes"]["ex#Hello"]["traits"]["smithy.api#documentation"], "Says hello.");

    let out = std::process::Command::new(bin)
        .args(["generate", "--model"])
        .arg(dir.join("model/main.smithy"))
        .arg("--model")
        .arg(dir.join("model/nested"))
        .arg("--out")
        .arg(dir.join("gen"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let code = read(&dir.join("gen/generated.rs"));
    assert!(code.contains("HelloInput") && code.contains("pub name: ::std::string::String"), "{code}");

    std::fs::write(
        dir.join("bad.smithy"),
        "$version: \"2\"\nnamespace ex\nstructure A {\n    a: String,\n    b String\n}\n",
    )
    .unwrap();
    let out = std::process::Command::new(bin).args(["ast", "--model"]).arg(dir.join("bad.smithy")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.smithy:5:7: Expected COLON(':') but found IDENTIFIER('String')"), "{err}");

    std::fs::write(dir.join("other.smithy"), "$version: \"2\"\nnamespace ex\nstring Name\n").unwrap();
    let out = std::process::Command::new(bin)
        .args(["ast", "--model"])
        .arg(dir.join("model"))
        .arg("--model")
        .arg(dir.join("other.smithy"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("types.json") && err.contains("other.smithy") && err.contains("ex#Name"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `emit_rerun_if_changed` names every file read (and each folder given).
#[test]
fn rerun_if_changed_covers_every_file_read() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("idl-rerun-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("m/sub")).unwrap();
    std::fs::write(dir.join("m/a.smithy"), "$version: \"2\"\nnamespace ex\nstructure A { b: B }\n").unwrap();
    std::fs::write(dir.join("m/sub/b.smithy"), "$version: \"2\"\nnamespace ex\nstring B\n").unwrap();
    let (_, files) = idl::load(&[dir.join("m")]).unwrap();
    assert_eq!(files, vec![dir.join("m/a.smithy"), dir.join("m/sub/b.smithy")]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Whether `tool` runs; else one line saying the test is skipped (a failure under
/// `IVS_REQUIRE_SHARED=1`, which asks for every oracle).
fn have(tool: &str, test: &str) -> bool {
    if std::process::Command::new(tool).arg("-version").output().is_ok_and(|o| o.status.success()) {
        return true;
    }
    assert!(std::env::var("IVS_REQUIRE_SHARED").as_deref() != Ok("1"), "{tool} is required for {test}");
    println!("skipped {test}: {tool} is not installed");
    false
}

/// A fresh folder of this test's own (this process, this name) under the target's temporary
/// folder, as `ivs_tests::scratch_dir` makes them.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// Every model of `../shared/models/aws-dev` written as IDL by the reference serializer
/// (`SmithyIdlModelSerializer`) reads, with our reader, to the reference's reading of the
/// original JSON AST, and generates the same Rust as the JSON.
///
/// The reference is the reference loader's reading of the *original JSON* (serialized as
/// `smithy ast` writes it), not its reading of the IDL: what a user needs is that the IDL
/// gives the model it was written from. Whether the reference's own round trip (JSON to IDL
/// and back) keeps the model is checked on the Java side and reported: a model it changes
/// would make a difference that is not ours (none of the 40 does).
///
/// One JVM does all the reference's work (`tests/oracle/IdlRoundTrip.java`, compiled here
/// against the reference loader's classes that `smithy-to-ast.sh` builds); our side is
/// in-process (`idl::load`, `Config::render`). No model is kept in the repository: the IDL
/// is written to a scratch folder at each run.
#[test]
fn aws_dev_models_written_as_idl_read_to_the_reference_model() {
    let test = "aws_dev_models_written_as_idl_read_to_the_reference_model";
    let Some(smithy) = smithy_dir(test) else { return };
    let Some(dev) = shared_dir(test, "models/aws-dev") else { return };
    if !have("java", test) || !have("javac", test) {
        return;
    }
    let start = std::time::Instant::now();
    let models = files(&dev, "json");
    assert_eq!(models.len(), 40, "models in {}", dev.display());
    let scratch = scratch_dir("idl-aws-dev");

    // The reference loader's classes (built once by its script, about 20 s).
    let cache =
        std::env::var_os("SMITHY_ORACLE_CACHE").map_or_else(|| PathBuf::from("/tmp/smithy-oracle"), PathBuf::from);
    if !cache.join("classes/ToAst.class").is_file() {
        let out = std::process::Command::new(smithy.join("oracle/smithy-to-ast.sh"))
            .arg("--no-traits")
            .arg(scratch.join("warm.json"))
            .arg(smithy.join("traits/aws.api.smithy"))
            .output()
            .expect("smithy-to-ast.sh runs");
        assert!(out.status.success(), "smithy-to-ast.sh: {}", String::from_utf8_lossy(&out.stderr));
    }
    let classes = cache.join("classes");
    let driver = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/oracle/IdlRoundTrip.java");
    let built = std::process::Command::new("javac")
        .args(["-nowarn", "-cp"])
        .arg(&classes)
        .arg("-d")
        .arg(&scratch)
        .arg(&driver)
        .status()
        .expect("javac runs");
    assert!(built.success(), "javac failed on {}", driver.display());
    let out_dir = scratch.join("out");
    let classpath = std::env::join_paths([&classes, &scratch]).expect("class path");
    let out = std::process::Command::new("java")
        .arg("-cp")
        .arg(classpath)
        .arg("IdlRoundTrip")
        .arg(&out_dir)
        .args(&models)
        .output()
        .expect("java runs");
    assert!(out.status.success(), "IdlRoundTrip: {}", String::from_utf8_lossy(&out.stderr));
    let java_ms = start.elapsed().as_millis();
    let report = String::from_utf8_lossy(&out.stdout).to_string();
    let differs: Vec<&str> = report.lines().filter(|l| !l.ends_with(" same")).collect();
    assert_eq!(report.lines().count(), models.len(), "{report}");
    assert!(differs.is_empty(), "the reference's own JSON-IDL-JSON round trip changes: {differs:?}");

    // Our side, the models shared among the cores (in a debug build this is most of the time).
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    let failures: Vec<String> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut failures = Vec::new();
                    while let Some(json) = models.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                        failures.extend(idl_round_trip(json, &out_dir));
                    }
                    failures
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("worker")).collect()
    });
    println!(
        "aws-dev as IDL: {} of {} models read to the reference's model and generate the same code; reference (one JVM) {java_ms} ms, total {} ms",
        models.len() - failures.len(),
        models.len(),
        start.elapsed().as_millis()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let _ = std::fs::remove_dir_all(&scratch);
}

/// Our reading of one model's IDL (written by `IdlRoundTrip` under `out_dir`) against the
/// reference's reading of its JSON, and the code generated from each: what differs.
fn idl_round_trip(json: &Path, out_dir: &Path) -> Option<String> {
    let name = json.file_stem().unwrap().to_string_lossy().to_string();
    let idl_dir = out_dir.join(&name).join("idl");
    let mut wrong = Vec::new();
    match idl::load(std::slice::from_ref(&idl_dir)) {
        Ok((node, _)) => {
            assert_same_model(&node);
            if value(&node.to_json(false)) != value(&read(&out_dir.join(&name).join("ast.json"))) {
                wrong.push("its ast differs from the reference's reading of the JSON".to_string());
            }
        }
        Err(e) => wrong.push(e.to_string()),
    }
    let render = |path: &Path| ivs_codegen::Config::new().model(path).render().map(|o| o.files);
    match (render(json), render(&idl_dir)) {
        (Ok(a), Ok(b)) if a == b => {}
        (Ok(_), Ok(_)) => wrong.push("the code generated from the IDL differs from the JSON's".to_string()),
        (a, b) => wrong.push(format!("generate: from the JSON {:?}, from the IDL {:?}", a.err(), b.err())),
    }
    (!wrong.is_empty()).then(|| format!("{name}: {}", wrong.join("; ")))
}
