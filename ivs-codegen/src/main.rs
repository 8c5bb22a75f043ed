//! The `ivs-codegen` command line.
//!
//! ```text
//! ivs-codegen generate --model PATH ... [--service ID | --operation ID ...] --out DIR
//!                      [--crate NAME] [--check] [--strict] [--protocol-tests]
//! ivs-codegen survey --models DIR [--compile] [--work-dir DIR]
//! ivs-codegen diff --old FILE --new FILE [--format text|json] [--docs]
//! ivs-codegen ast --model PATH ... [--out FILE]
//! ```
//!
//! `--model` of `generate` and `ast` takes Smithy JSON AST and IDL files and folders of them,
//! repeatable (one model).
//!
//! Exit status: 0 on success, 1 when `--check` finds files that differ from what the model
//! gives (or a surveyed model fails, or a diff finds a breaking change), 2 on bad input (unknown flags, missing files, invalid
//! models).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "ivs-codegen", version, about = "Generate Rust types from a Smithy JSON AST model")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate Rust source (or a whole Cargo package) from a model.
    Generate(Box<GenerateArgs>),
    /// Run the generator over every `*.json` model in a folder: one line per model.
    Survey(SurveyArgs),
    /// Every change between two versions of a model, judged for the wire and the Rust API.
    Diff(DiffArgs),
    /// Write the model (Smithy IDL and JSON AST files and folders) as one JSON AST, as `smithy ast` does.
    Ast(AstArgs),
}

#[derive(clap::Args)]
struct AstArgs {
    /// A `.smithy` or `.json` file, or a folder of them (searched recursively); repeatable.
    #[arg(long, value_name = "PATH", required = true)]
    model: Vec<PathBuf>,
    /// Where to write the JSON AST (standard output without it).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// `ast`: exit 2 naming the file, line and column of the first problem.
fn ast(args: &AstArgs) -> ExitCode {
    match ivs_codegen::idl::load(&args.model) {
        Ok((node, _)) => {
            let text = node.to_json(true) + "\n";
            match &args.out {
                Some(path) => {
                    if let Err(e) = std::fs::write(path, text) {
                        eprintln!("error: cannot write {}: {e}", path.display());
                        return ExitCode::from(2);
                    }
                }
                None => print!("{text}"),
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

#[derive(clap::Args)]
struct DiffArgs {
    /// The older model.
    #[arg(long, value_name = "FILE")]
    old: PathBuf,
    /// The newer model.
    #[arg(long, value_name = "FILE")]
    new: PathBuf,
    /// `text` for people, `json` for tools.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// List documentation changes one by one (they are counted either way).
    #[arg(long)]
    docs: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(clap::Args)]
struct SurveyArgs {
    /// The folder of Smithy JSON AST models.
    #[arg(long, value_name = "DIR")]
    models: PathBuf,
    /// Also build each generated package with `cargo clippy -- -D warnings` (slower): "compiled
    /// yes" means it built with no compiler or clippy warning; the diagnostics of a package that
    /// did not are printed under its line.
    #[arg(long)]
    compile: bool,
    /// Where generated packages and their shared target folder go (default: a folder under
    /// the system's temporary directory).
    #[arg(long, value_name = "DIR")]
    work_dir: Option<PathBuf>,
}

#[derive(clap::Args)]
struct GenerateArgs {
    /// The model: a Smithy JSON AST or IDL file, or a folder of them (searched
    /// recursively); repeatable, merged into one model.
    #[arg(long, value_name = "PATH", required = true)]
    model: Vec<PathBuf>,
    /// Generate this service only (shape id or name).
    #[arg(long, value_name = "ID", conflicts_with = "operation")]
    service: Option<String>,
    /// Generate these operations only (shape id or name); repeatable.
    #[arg(long, value_name = "ID")]
    operation: Vec<String>,
    /// The output directory.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Write a complete Cargo package named NAME (Cargo.toml and src/lib.rs) instead of one file.
    #[arg(long = "crate", value_name = "NAME")]
    crate_name: Option<String>,
    /// Write nothing; exit 1 naming the files that differ from what the model gives.
    #[arg(long)]
    check: bool,
    /// Fail on any warning: an operation skipped (event streams), or a `@pattern` that neither
    /// ECMA-262 nor java.util.regex reads (without --strict: a warning, and that constraint is
    /// not checked).
    #[arg(long)]
    strict: bool,
    /// The name of the generated file (default `generated.rs`; not with `--crate`).
    #[arg(long, value_name = "NAME", conflicts_with = "crate_name")]
    file_name: Option<String>,
    /// With --crate: take ivs-types from the registry at this version.
    #[arg(long, value_name = "VER", requires = "crate_name", conflicts_with_all = ["runtime_path", "runtime_git"])]
    runtime_version: Option<String>,
    /// With --crate: take ivs-types from this path, written as given (relative paths stay
    /// relative to the package).
    #[arg(long, value_name = "PATH", requires = "crate_name", conflicts_with = "runtime_git")]
    runtime_path: Option<String>,
    /// With --crate: take ivs-types from this git repository. Without any --runtime-*
    /// option: this checkout's ivs-types by a relative path when reachable, else the
    /// registry version of this generator; never an absolute path.
    #[arg(long, value_name = "URL", requires = "crate_name")]
    runtime_git: Option<String>,
    /// With --runtime-git: the revision (commit, tag or branch).
    #[arg(long, value_name = "REV", requires = "runtime_git")]
    runtime_rev: Option<String>,
    /// With --crate: the package version (default 0.1.0).
    #[arg(long, value_name = "VER", requires = "crate_name")]
    crate_version: Option<String>,
    /// With --crate: the Rust edition (default 2021).
    #[arg(long, value_name = "EDITION", requires = "crate_name")]
    edition: Option<String>,
    /// Add an attribute to the structures, unions and enums whose shape id matches SELECTOR
    /// (a shape id, or a glob: `com.amazonaws.ivs#*`); repeatable. ATTR is `#[derive(Hash)]`
    /// or `derive(Hash)`.
    #[arg(long, value_name = "SELECTOR=ATTR")]
    type_attribute: Vec<String>,
    /// Add an attribute to the fields and union variants whose member id matches SELECTOR
    /// (`com.amazonaws.ivs#Channel$name`, or a glob: `*$arn`); repeatable.
    #[arg(long, value_name = "SELECTOR=ATTR")]
    field_attribute: Vec<String>,
    /// Take the shape SHAPE from elsewhere: it is not generated, and references use
    /// RUST_PATH (`other_crate::Channel`, a type generated from the same model); repeatable.
    #[arg(long, value_name = "SHAPE=RUST_PATH")]
    extern_type: Vec<String>,
    /// Also write the model's protocol compliance tests (smithy.test#httpRequestTests,
    /// #httpResponseTests, #httpMalformedRequestTests) of the selected restJson1 operations as
    /// Rust tests (`#[cfg(test)] mod protocol_tests`, one test per case and side).
    #[arg(long)]
    protocol_tests: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion) {
                print!("{e}");
                return ExitCode::SUCCESS;
            }
            let text = e.render().to_string();
            let first = text.lines().next().unwrap_or("error: bad arguments");
            eprintln!("{first} (see `ivs-codegen generate --help`)");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Generate(args) => match generate(&args) {
            Ok(code) => code,
            Err(e) => {
                // One line, however many problems the model has.
                eprintln!("error: {}", e.to_string().replace("\n  - ", "; "));
                ExitCode::from(2)
            }
        },
        Command::Survey(args) => survey(&args),
        Command::Diff(args) => diff(&args),
        Command::Ast(args) => ast(&args),
    }
}

fn read_model(path: &std::path::Path) -> Result<ivs_codegen::Model, String> {
    let json = std::fs::read_to_string(path).map_err(|e| format!("cannot read model {}: {e}", path.display()))?;
    let model = ivs_codegen::Model::from_json(&json)
        .map_err(|p| format!("{}: {}", path.display(), p.to_string().lines().next().unwrap_or_default()))?;
    ivs_codegen::check::check(&model)
        .map_err(|p| format!("{}: {}", path.display(), p.to_string().lines().next().unwrap_or_default()))?;
    Ok(model)
}

/// Exit 0 when the change is compatible, 1 when something breaks, 2 on bad input.
fn diff(args: &DiffArgs) -> ExitCode {
    let (old, new) = match (read_model(&args.old), read_model(&args.new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let d = ivs_codegen::diff::diff(&old, &new);
    match args.format {
        Format::Text => print!("{}", d.to_text(args.docs)),
        Format::Json => println!("{}", serde_json::to_string_pretty(&d.to_json(args.docs)).unwrap_or_default()),
    }
    if d.breaks() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// One line per model: shapes, operations, generated lines, milliseconds, compiled, warnings.
fn survey(args: &SurveyArgs) -> ExitCode {
    let mut models: Vec<PathBuf> = match std::fs::read_dir(&args.models) {
        Ok(rd) => {
            rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect()
        }
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", args.models.display());
            return ExitCode::from(2);
        }
    };
    models.sort();
    let work = args.work_dir.clone().unwrap_or_else(|| std::env::temp_dir().join("ivs-codegen-survey"));
    let mut failures = 0;
    for model in &models {
        let name = model.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        let json = match std::fs::read_to_string(model) {
            Ok(j) => j,
            Err(e) => {
                println!("{name}: error: {e}");
                failures += 1;
                continue;
            }
        };
        let start = std::time::Instant::now();
        let (text, ir) = match ivs_codegen::generate_source(&json, &ivs_codegen::Selection::All) {
            Ok(r) => r,
            Err(e) => {
                println!("{name}: error: {}", e.to_string().lines().next().unwrap_or_default());
                failures += 1;
                continue;
            }
        };
        let millis = start.elapsed().as_millis();
        let mut diagnostics: Vec<String> = Vec::new();
        let compiled = if args.compile {
            let crate_name =
                format!("survey_{}", name.replace(|c: char| !c.is_ascii_alphanumeric(), "_").to_lowercase());
            let dir = work.join(&name);
            let mut ok = true;
            for (file, body) in ivs_codegen::package_files(
                &ivs_codegen::Package::new(crate_name),
                &dir,
                model,
                &[("generated.rs".to_string(), text.clone())],
                ivs_codegen::emit::needs_fancy(&ir),
            ) {
                ok &= ivs_codegen::write_if_changed(&dir.join(file), body.as_bytes()).is_ok();
            }
            let output = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
                .args(["clippy", "--quiet", "--manifest-path"])
                .arg(dir.join("Cargo.toml"))
                .args(["--", "-D", "warnings"])
                .env("CARGO_TARGET_DIR", work.join("target"))
                .stdin(std::process::Stdio::null())
                .output();
            match output {
                Ok(o) if o.status.success() => {}
                Ok(o) => {
                    ok = false;
                    let stderr = String::from_utf8_lossy(&o.stderr);
                    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error")).take(5).collect();
                    diagnostics = lines.iter().map(|l| format!("  {l}")).collect();
                }
                Err(e) => {
                    ok = false;
                    diagnostics.push(format!("  cannot run cargo: {e}"));
                }
            }
            if ok {
                "yes"
            } else {
                "no"
            }
        } else {
            "not tried"
        };
        if compiled == "no" {
            failures += 1;
        }
        println!(
            "{name}: {} shapes, {} operations, {} lines, {millis} ms, compiled {compiled}, {} warnings",
            ir.shapes_reached,
            ir.operations.len(),
            text.lines().count(),
            ir.warnings.len()
        );
        for w in &ir.warnings {
            println!("  warning: {w}");
        }
        for d in &diagnostics {
            println!("{d}");
        }
    }
    if failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn generate(args: &GenerateArgs) -> Result<ExitCode, ivs_codegen::Error> {
    let mut config = ivs_codegen::Config::new();
    for model in &args.model {
        config.model(model);
    }
    config.strict(args.strict).protocol_tests(args.protocol_tests);
    if let Some(name) = &args.file_name {
        config.file_name(name);
    }
    if let Some(s) = &args.service {
        config.service(s);
    }
    for op in &args.operation {
        config.operation(op);
    }
    config.out_dir(&args.out);
    if let Some(name) = &args.crate_name {
        config.crate_name(name);
    }
    if let Some(v) = &args.runtime_version {
        config.runtime_version(v);
    }
    if let Some(p) = &args.runtime_path {
        config.runtime_path(p);
    }
    if let Some(url) = &args.runtime_git {
        config.runtime_git(url, args.runtime_rev.clone());
    }
    if let Some(v) = &args.crate_version {
        config.crate_version(v);
    }
    if let Some(e) = &args.edition {
        config.edition(e);
    }
    for (flag, list) in [("--type-attribute", &args.type_attribute), ("--field-attribute", &args.field_attribute)] {
        for item in list {
            let Some((selector, attr)) = item.split_once('=') else {
                return Err(ivs_codegen::Error::Options(format!("{flag} `{item}`: expected SELECTOR=ATTR")));
            };
            if flag == "--type-attribute" {
                config.type_attribute(selector.trim(), attr);
            } else {
                config.field_attribute(selector.trim(), attr);
            }
        }
    }
    for item in &args.extern_type {
        let Some((shape, path)) = item.split_once('=') else {
            return Err(ivs_codegen::Error::Options(format!("--extern-type `{item}`: expected SHAPE=RUST_PATH")));
        };
        config.extern_type(shape.trim(), path.trim());
    }
    let out = config.render()?;
    for w in &out.warnings {
        eprintln!("warning: {w}");
    }
    let files = out.files.clone();
    if args.check {
        let stale: Vec<String> = files
            .iter()
            .filter(|(name, text)| std::fs::read(args.out.join(name)).map_or(true, |old| old != text.as_bytes()))
            .map(|(name, _)| args.out.join(name).display().to_string())
            .collect();
        if stale.is_empty() {
            println!("up to date: {} file(s) in {}", files.len(), args.out.display());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("stale: {} (regenerate with the same command without --check)", stale.join(", "));
        return Ok(ExitCode::from(1));
    }
    let mut written = 0;
    for (name, text) in &files {
        if ivs_codegen::write_if_changed(&args.out.join(name), text.as_bytes())? {
            written += 1;
        }
    }
    let tests = if args.protocol_tests { format!(", {} protocol tests", out.protocol_tests) } else { String::new() };
    println!(
        "generated {} shapes, {} operations{tests}, {} files ({} written) in {} ms -> {}",
        out.shapes,
        out.operations,
        files.len(),
        written,
        out.millis,
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
