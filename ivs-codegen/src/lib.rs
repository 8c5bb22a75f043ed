//! `ivs-codegen` turns a Smithy JSON AST model into Rust types: request and response
//! structures, enums, unions and the error enum of every operation.
//!
//! The data flow: model JSON → **read** ([`model`]) → **check** the whole model
//! ([`check`]) → **lower** to an IR where every Rust name is decided ([`ir`], [`names`]) →
//! **emit** tokens ([`emit`]) → **format** once with prettyplease → **write** only if the
//! bytes changed.
//!
//! From a `build.rs`:
//!
//! ```no_run
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     ivs_codegen::Config::new()
//!         .model("models/ivs.json")
//!         .out_dir(std::env::var("OUT_DIR")?)
//!         .generate()?;
//!     Ok(())
//! }
//! ```

pub mod check;
pub mod customize;
pub mod diff;
pub mod emit;
pub mod facts;
pub mod graph;
pub mod idl;
pub mod ir;
pub mod model;
pub mod names;
pub mod package;
pub mod pattern;
pub mod problem;
pub mod program;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub use ir::Selection;
pub use model::Model;
pub use package::{package_files, Package, Runtime};
pub use problem::{Problem, Problems};

/// Everything that can go wrong while generating.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No model file was configured.
    #[error("no model given: call Config::model (or pass --model FILE)")]
    NoModel,
    /// The model file could not be read.
    #[error("cannot read model {path}: {source}")]
    ReadModel {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A Smithy IDL file (or a JSON AST file read with it) cannot be read: the file, line
    /// and column, and what was expected.
    #[error("{0}")]
    Idl(idl::AssembleError),
    /// The model is not valid: every problem, each naming its shape.
    #[error("{path}: {problems}")]
    Model {
        /// The path of the model.
        path: PathBuf,
        /// The problems.
        problems: Problems,
    },
    /// `strict` was set and something was skipped or left unchecked (the warnings).
    #[error("strict mode: {} warning(s), something skipped or not checked:\n  - {}", .0.len(), .0.join("\n  - "))]
    Strict(Vec<String>),
    /// A generated file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A bug in the generator: generated code that does not parse.
    #[error("{0}")]
    Internal(String),
    /// An option is wrong (an attribute that is not a Rust attribute).
    #[error("{0}")]
    Options(String),
}

/// The result of a generation run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Generated files: path relative to the output directory, and contents.
    pub files: Vec<(String, String)>,
    /// Model shapes reached by the selection.
    pub shapes: usize,
    /// Operations generated.
    pub operations: usize,
    /// Things skipped, each naming its shape.
    pub warnings: Vec<String>,
    /// Milliseconds spent reading, checking, lowering, emitting and formatting.
    pub millis: u128,
    /// Whether a pattern needs the `fancy` feature of `ivs-types`.
    pub needs_fancy: bool,
    /// Protocol compliance tests written ([`Config::protocol_tests`]): `#[test]` functions.
    pub protocol_tests: usize,
    /// Whether the protocol tests need the `regex` crate (a dev-dependency of the package).
    pub needs_regex: bool,
}

/// What to generate, and where. The `&mut Self` setters chain, as in a `build.rs`.
#[derive(Debug, Clone, Default)]
pub struct Config {
    models: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    selection: Selection,
    file_name: Option<String>,
    strict: bool,
    rerun_if_changed: bool,
    package: Option<Package>,
    customizations: customize::Customizations,
    runtime: Runtime,
    crate_version: Option<String>,
    edition: Option<String>,
    protocol_tests: bool,
}

impl Config {
    /// A configuration with nothing set.
    pub fn new() -> Config {
        Config::default()
    }

    /// A model file (Smithy JSON AST `.json` or IDL `.smithy`) or a folder of them, searched
    /// recursively; call it again to add more: every file is merged into one model, as
    /// Smithy's assembler merges them (a shape defined twice differently, or conflicting
    /// metadata, is an error naming both files).
    pub fn model(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.models.push(path.into());
        self
    }

    /// Where [`Config::generate`] writes (default: `$OUT_DIR`).
    pub fn out_dir(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(path.into());
        self
    }

    /// Generate one service (absolute shape id or name).
    pub fn service(&mut self, id: impl Into<String>) -> &mut Self {
        self.selection = Selection::Service(id.into());
        self
    }

    /// Generate this operation (absolute shape id or name); may be called repeatedly.
    pub fn operation(&mut self, id: impl Into<String>) -> &mut Self {
        match &mut self.selection {
            Selection::Operations(ops) => ops.push(id.into()),
            _ => self.selection = Selection::Operations(vec![id.into()]),
        }
        self
    }

    /// The name of the generated file (default `generated.rs`).
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.file_name = Some(name.into());
        self
    }

    /// Treat warnings as an error: skipped operations (event streams) and `@pattern`s that
    /// neither ECMA-262 nor `java.util.regex` reads (whose constraint is otherwise not
    /// checked).
    pub fn strict(&mut self, strict: bool) -> &mut Self {
        self.strict = strict;
        self
    }

    /// Also write the model's protocol compliance tests (`smithy.test#httpRequestTests`,
    /// `#httpResponseTests`, `#httpMalformedRequestTests`) of the selected operations whose
    /// protocol is the service's (restJson1) as Rust tests: a `#[cfg(test)] mod
    /// protocol_tests` with one `#[test]` per case and side. A package written with
    /// [`Config::crate_name`] gets the `regex` dev-dependency when a case needs it
    /// ([`Output::needs_regex`]); a test trait that cannot be read is a model error.
    pub fn protocol_tests(&mut self, on: bool) -> &mut Self {
        self.protocol_tests = on;
        self
    }

    /// Print `cargo:rerun-if-changed` for the model (for build scripts).
    pub fn emit_rerun_if_changed(&mut self, on: bool) -> &mut Self {
        self.rerun_if_changed = on;
        self
    }

    /// Adds an attribute (`#[derive(Hash, Eq)]`, or `derive(Hash, Eq)`) to the generated
    /// structures, unions and enums whose shape id matches `selector` (a shape id, or a glob
    /// such as `com.amazonaws.ivs#*`). Checked at generation time; a derive that cannot apply
    /// (`Eq` on a struct with an `f64`) is a compile error at the generated item.
    pub fn type_attribute(&mut self, selector: impl Into<String>, attribute: impl Into<String>) -> &mut Self {
        self.customizations.type_attributes.push((selector.into(), attribute.into()));
        self
    }

    /// Adds an attribute to the generated fields (and union variants) whose member id matches
    /// `selector` (`com.amazonaws.ivs#Channel$name`, or a glob such as `*$arn`).
    pub fn field_attribute(&mut self, selector: impl Into<String>, attribute: impl Into<String>) -> &mut Self {
        self.customizations.field_attributes.push((selector.into(), attribute.into()));
        self
    }

    /// Takes the shape `shape_id` from elsewhere: it is not generated, and every reference
    /// to it uses `rust_path` (`other_crate::Channel`). The common case: two services that
    /// share shapes, generated into two crates, the second using the first's types.
    ///
    /// The type must implement what generated code asks of the shape, as the types that
    /// `ivs-codegen` generates do: `Clone + PartialEq + Debug + serde::Serialize +
    /// ivs_types::rt::Wire + ivs_types::rt::Validate`, and for a string enum also
    /// `From<&str>`, `as_str()` and `VALUES` (for an intEnum, `From<i32>` and `value()`),
    /// with `ivs_types::rt::http::HttpValue` when it travels in a header, query or label, and
    /// `ivs_types::rt::ErrorMeta + std::error::Error` for an error structure.
    pub fn extern_type(&mut self, shape_id: impl Into<String>, rust_path: impl Into<String>) -> &mut Self {
        self.customizations.extern_types.push((shape_id.into(), rust_path.into()));
        self
    }

    /// Write a complete Cargo package named `name` (`Cargo.toml` and `src/lib.rs`) instead of
    /// one file (see [`package_files`]).
    pub fn crate_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.package = Some(Package::new(name));
        self
    }

    /// The generated package's version (default `0.1.0`).
    pub fn crate_version(&mut self, version: impl Into<String>) -> &mut Self {
        self.crate_version = Some(version.into());
        self
    }

    /// The generated package's Rust edition (default `2021`).
    pub fn edition(&mut self, edition: impl Into<String>) -> &mut Self {
        self.edition = Some(edition.into());
        self
    }

    /// Where the generated package takes `ivs-types` from (default [`Runtime::Auto`]: this
    /// checkout's, by a relative path, when reachable; else the generator's version).
    pub fn runtime(&mut self, runtime: Runtime) -> &mut Self {
        self.runtime = runtime;
        self
    }

    /// `ivs-types` from the registry, at this version.
    pub fn runtime_version(&mut self, version: impl Into<String>) -> &mut Self {
        self.runtime(Runtime::Version(version.into()))
    }

    /// `ivs-types` from this path, written as given (relative to the package).
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.runtime(Runtime::Path(path.into()))
    }

    /// `ivs-types` from a git repository, at a revision when given.
    pub fn runtime_git(&mut self, url: impl Into<String>, rev: Option<String>) -> &mut Self {
        self.runtime(Runtime::Git { url: url.into(), rev })
    }

    /// Reads, checks, lowers and emits, returning the files without writing them.
    pub fn render(&self) -> Result<Output, Error> {
        let path = self.models.first().ok_or(Error::NoModel)?;
        let models = self.read_models()?;
        let start = Instant::now();
        let options = Options { protocol_tests: self.protocol_tests };
        let generated = match models {
            ModelText::Json(json) => generate(&json, &self.selection, &self.customizations, &options),
            ModelText::Assembled(ast) => Model::from_ast(ast)
                .map_err(GenError::Model)
                .and_then(|model| generate_model(model, &self.selection, &self.customizations, &options)),
        }
        .map_err(|e| match e {
            GenError::Model(problems) => Error::Model { path: path.clone(), problems },
            GenError::Internal(m) => Error::Internal(m),
            GenError::Options(m) => Error::Options(m),
        })?;
        let Generated { text, ir, protocol_tests, needs_regex } = generated;
        if self.strict && !ir.warnings.is_empty() {
            return Err(Error::Strict(ir.warnings));
        }
        let name = self.file_name.clone().unwrap_or_else(|| "generated.rs".to_string());
        let needs_fancy = emit::needs_fancy(&ir);
        let files = match &self.package {
            Some(package) => {
                let mut package = package.clone();
                package.runtime = self.runtime.clone();
                if let Some(v) = &self.crate_version {
                    package.version = v.clone();
                }
                if let Some(e) = &self.edition {
                    package.edition = e.clone();
                }
                if needs_regex {
                    package.dev_dependencies.push("regex = \"1\"".to_string());
                }
                let out_dir = self.out_dir.clone().unwrap_or_else(|| PathBuf::from("."));
                package_files(&package, &out_dir, path, &[(name, text)], needs_fancy)
            }
            None => vec![(name, text)],
        };
        Ok(Output {
            files,
            shapes: ir.shapes_reached,
            operations: ir.operations.len(),
            needs_fancy,
            protocol_tests,
            needs_regex,
            warnings: ir.warnings,
            millis: start.elapsed().as_millis(),
        })
    }

    /// The model: one JSON AST file as text; IDL, folders and several files assembled into
    /// one JSON AST ([`idl`]), read into the model without writing it as text. Prints
    /// `cargo:rerun-if-changed` for every file read (and every folder given) when asked.
    fn read_models(&self) -> Result<ModelText, Error> {
        let rerun = |p: &Path| {
            if self.rerun_if_changed {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        };
        if let [path] = self.models.as_slice() {
            if path.extension().is_some_and(|e| e == "json") && !path.is_dir() {
                rerun(path);
                return fs::read_to_string(path)
                    .map(ModelText::Json)
                    .map_err(|source| Error::ReadModel { path: path.clone(), source });
            }
        }
        for p in self.models.iter().filter(|p| p.is_dir()) {
            rerun(p);
        }
        let (ast, files) = idl::load(&self.models).map_err(Error::Idl)?;
        for f in &files {
            rerun(f);
        }
        Ok(ModelText::Assembled(ast))
    }

    /// Renders and writes the files into the output directory, each only when its bytes
    /// changed (so nothing is rebuilt when the model did not change).
    pub fn generate(&self) -> Result<Output, Error> {
        let out = self.render()?;
        let dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => PathBuf::from(std::env::var_os("OUT_DIR").ok_or(Error::Write {
                path: PathBuf::from("$OUT_DIR"),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "OUT_DIR is not set; call Config::out_dir"),
            })?),
        };
        for (name, text) in &out.files {
            write_if_changed(&dir.join(name), text.as_bytes())?;
        }
        Ok(out)
    }
}

/// What [`Config::read_models`] read: one JSON AST's text, or files assembled by [`idl`].
enum ModelText {
    Json(String),
    Assembled(idl::Node),
}

/// Why [`generate_source`] failed.
#[derive(Debug)]
pub enum GenError {
    /// The model is invalid.
    Model(Problems),
    /// A generator bug.
    Internal(String),
    /// An option is wrong.
    Options(String),
}

impl std::fmt::Display for GenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GenError::Model(p) => p.fmt(f),
            GenError::Internal(m) | GenError::Options(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for GenError {}

/// The whole pipeline on a model text: the formatted source and the IR it came from.
pub fn generate_source(json: &str, selection: &Selection) -> Result<(String, ir::Ir), GenError> {
    generate_source_with(json, selection, &customize::Customizations::default())
}

/// [`generate_source`] with attributes added to chosen items.
pub fn generate_source_with(
    json: &str,
    selection: &Selection,
    customizations: &customize::Customizations,
) -> Result<(String, ir::Ir), GenError> {
    generate(json, selection, customizations, &Options::default()).map(|g| (g.text, g.ir))
}

/// What [`generate`] writes besides the types.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The model's protocol compliance tests ([`Config::protocol_tests`]).
    pub protocol_tests: bool,
}

/// What [`generate`] gives.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The formatted source.
    pub text: String,
    /// The IR it came from.
    pub ir: ir::Ir,
    /// Protocol compliance tests written (`#[test]` functions).
    pub protocol_tests: usize,
    /// Whether they need the `regex` crate.
    pub needs_regex: bool,
}

/// The whole pipeline on a model text, with [`Options`].
pub fn generate(
    json: &str,
    selection: &Selection,
    customizations: &customize::Customizations,
    options: &Options,
) -> Result<Generated, GenError> {
    let model = Model::from_json(json).map_err(GenError::Model)?;
    generate_model(model, selection, customizations, options)
}

/// [`generate`] on a model already read.
fn generate_model(
    model: Model,
    selection: &Selection,
    customizations: &customize::Customizations,
    options: &Options,
) -> Result<Generated, GenError> {
    check::check(&model).map_err(GenError::Model)?;
    let externs = customize::externs(&model, customizations).map_err(GenError::Options)?;
    let mut ir = ir::lower_with(&model, selection, &externs).map_err(GenError::Model)?;
    let warnings = customize::apply(&mut ir, customizations).map_err(GenError::Options)?;
    ir.warnings.extend(warnings);
    let mut text = emit::emit(&ir).map_err(GenError::Internal)?;
    let (mut protocol_tests, mut needs_regex) = (0, false);
    if options.protocol_tests {
        let (tests, written) = emit::protocol_tests(&model, &ir).map_err(|e| match e {
            emit::ProtocolTestsError::Model(p) => GenError::Model(p),
            emit::ProtocolTestsError::Internal(m) => GenError::Internal(m),
        })?;
        text.push_str(&tests);
        protocol_tests = written.tests;
        ir.warnings.extend(written.warnings);
        needs_regex = written.needs_regex;
    }
    Ok(Generated { text, ir, protocol_tests, needs_regex })
}

/// Writes `bytes` to `path` unless the file already holds exactly them.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool, Error> {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|source| Error::Write { path: parent.to_path_buf(), source })?;
    }
    fs::write(path, bytes).map_err(|source| Error::Write { path: path.to_path_buf(), source })?;
    Ok(true)
}
