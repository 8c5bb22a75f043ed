//! The `ivs-codegen` command line.
//!
//! ```text
//! ivs-codegen generate --model FILE [--service ID | --operation ID ...] --out DIR
//!                      [--crate NAME] [--check] [--strict]
//! ```
//!
//! Exit status: 0 on success, 1 when `--check` finds files that differ from what the model
//! gives, 2 on bad input (unknown flags, missing files, invalid models).

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
    Generate(GenerateArgs),
}

#[derive(clap::Args)]
struct GenerateArgs {
    /// The Smithy JSON AST model file.
    #[arg(long, value_name = "FILE")]
    model: PathBuf,
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
    /// Fail when any shape or operation had to be skipped.
    #[arg(long)]
    strict: bool,
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
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
    }
}

fn generate(args: &GenerateArgs) -> Result<ExitCode, ivs_codegen::Error> {
    let mut config = ivs_codegen::Config::new();
    config.model(&args.model).strict(args.strict);
    if let Some(s) = &args.service {
        config.service(s);
    }
    for op in &args.operation {
        config.operation(op);
    }
    let out = config.render()?;
    for w in &out.warnings {
        eprintln!("warning: {w}");
    }
    let files = match &args.crate_name {
        Some(name) => ivs_codegen::package_files(name, &args.model, &out.files),
        None => out.files.clone(),
    };
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
    println!(
        "generated {} shapes, {} operations, {} files ({} written) in {} ms -> {}",
        out.shapes,
        out.operations,
        files.len(),
        written,
        out.millis,
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
