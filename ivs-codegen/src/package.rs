//! Generated Cargo packages (`generate --crate`, [`crate::Config::crate_name`]): the manifest,
//! and where the runtime (`ivs-types`) comes from, so that a package can be committed,
//! published or used from git, on any machine.

use std::path::{Component, Path, PathBuf};

/// Where a generated package takes the runtime (`ivs-types`) from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Runtime {
    /// This workspace's `ivs-types` by a path *relative* to the package when that folder is
    /// reachable (a checkout of this project), else the registry version of the running
    /// generator.
    #[default]
    Auto,
    /// A registry version (`ivs-types = { version = "..." }`).
    Version(String),
    /// A path, written as given (a relative path stays relative to the package).
    Path(String),
    /// A git repository, at a revision (a commit, tag or branch) when given.
    Git {
        /// The repository URL.
        url: String,
        /// The revision.
        rev: Option<String>,
    },
}

/// What a generated package's manifest says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The package name.
    pub name: String,
    /// Its version (default `0.1.0`).
    pub version: String,
    /// Its Rust edition (default `2021`).
    pub edition: String,
    /// Where `ivs-types` comes from.
    pub runtime: Runtime,
    /// `[dev-dependencies]` lines (`regex = "1"` when protocol tests need it).
    pub dev_dependencies: Vec<String>,
}

impl Package {
    /// A package named `name`, version `0.1.0`, edition 2021, the runtime found automatically.
    pub fn new(name: impl Into<String>) -> Package {
        Package {
            name: name.into(),
            version: "0.1.0".into(),
            edition: "2021".into(),
            runtime: Runtime::Auto,
            dev_dependencies: Vec::new(),
        }
    }
}

/// This workspace's `ivs-types` folder, when it exists on this machine.
fn workspace_runtime() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).parent()?.join("ivs-types");
    dir.join("Cargo.toml").is_file().then_some(dir)
}

/// `path` made absolute (against the current directory) with `.` and `..` resolved lexically.
fn normalized(path: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(path).ok()?;
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

/// The path from folder `from` to `to`, both made absolute, as `../../x/y` (with `/`).
pub fn relative_path(from: &Path, to: &Path) -> Option<String> {
    let (from, to) = (normalized(from)?, normalized(to)?);
    let (a, b): (Vec<Component<'_>>, Vec<Component<'_>>) = (from.components().collect(), to.components().collect());
    // Different roots (another drive) have no relative path.
    if a.first() != b.first() {
        return None;
    }
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); a.len() - common];
    parts.extend(b[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    Some(if parts.is_empty() { ".".to_string() } else { parts.join("/") })
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The `ivs-types = { ... }` dependency line for a package written into `out_dir`.
pub fn runtime_dependency(runtime: &Runtime, out_dir: &Path, fancy: bool) -> String {
    let source = match runtime {
        Runtime::Version(v) => format!("version = {}", toml_str(v)),
        Runtime::Path(p) => format!("path = {}", toml_str(p)),
        Runtime::Git { url, rev: Some(rev) } => format!("git = {}, rev = {}", toml_str(url), toml_str(rev)),
        Runtime::Git { url, rev: None } => format!("git = {}", toml_str(url)),
        Runtime::Auto => match workspace_runtime().and_then(|dir| relative_path(out_dir, &dir)) {
            Some(rel) => format!("path = {}", toml_str(&rel)),
            None => format!("version = {}", toml_str(env!("CARGO_PKG_VERSION"))),
        },
    };
    let features = if fancy { ", features = [\"fancy\"]" } else { "" };
    format!("ivs-types = {{ {source}, default-features = false{features} }}")
}

/// The files of a complete Cargo package holding generated code, to be written into
/// `out_dir`: `Cargo.toml` (with an empty `[workspace]`, so it builds on its own wherever it
/// is written) and `src/lib.rs`.
///
/// The package depends on the runtime only (`default-features = false`), with the `fancy`
/// feature when `fancy` is set: the model has patterns with look-around beyond one character
/// or back-references ([`crate::Output::needs_fancy`], [`crate::emit::needs_fancy`]).
pub fn package_files(
    package: &Package,
    out_dir: &Path,
    model: &Path,
    files: &[(String, String)],
    fancy: bool,
) -> Vec<(String, String)> {
    let model_name = model.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let manifest = format!(
        "# @generated by ivs-codegen from {model_name}.\n\
         [package]\nname = {}\nversion = {}\nedition = {}\npublish = false\n\n\
         [dependencies]\n{}\n\n{}\
         # A package of its own, not a member of any enclosing workspace.\n[workspace]\n",
        toml_str(&package.name),
        toml_str(&package.version),
        toml_str(&package.edition),
        runtime_dependency(&package.runtime, out_dir, fancy),
        if package.dev_dependencies.is_empty() {
            String::new()
        } else {
            format!("[dev-dependencies]\n{}\n\n", package.dev_dependencies.join("\n"))
        },
    );
    let mut lib = format!(
        "{}\n\n//! Types generated by ivs-codegen from the Smithy model `{model_name}`.\n\n\
         /// The runtime of these types (`ivs-types`): what a user of this package calls\n\
         /// (`rt::http::HttpOperation`, `rt::http::with_endpoint`, `rt::Validate`, `rt::DateTime`, ...),\n\
         /// so that a `Cargo.toml` names this package alone.\n\
         pub use ::ivs_types::rt;\n\
         /// The `http` crate of `rt::http`'s requests and responses.\n\
         pub use ::ivs_types::http;\n",
        crate::emit::HEADER
    );
    for (_, text) in files {
        let body = text.strip_prefix(crate::emit::HEADER).unwrap_or(text).trim_start();
        lib.push('\n');
        lib.push_str(body);
    }
    vec![("Cargo.toml".to_string(), manifest), ("src/lib.rs".to_string(), lib)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let r = |a: &str, b: &str| relative_path(Path::new(a), Path::new(b));
        assert_eq!(r("/w/out/pkg", "/w/ivs-types").as_deref(), Some("../../ivs-types"));
        assert_eq!(r("/w", "/w/ivs-types").as_deref(), Some("ivs-types"));
        assert_eq!(r("/w/a/../b", "/w/c").as_deref(), Some("../c"));
        assert_eq!(r("/w/x", "/w/x").as_deref(), Some("."));
    }

    #[test]
    fn dependency_lines() {
        let out = Path::new("/tmp/somewhere");
        assert_eq!(
            runtime_dependency(&Runtime::Version("1.2.3".into()), out, false),
            r#"ivs-types = { version = "1.2.3", default-features = false }"#
        );
        assert_eq!(
            runtime_dependency(&Runtime::Path("../rt".into()), out, true),
            r#"ivs-types = { path = "../rt", default-features = false, features = ["fancy"] }"#
        );
        assert_eq!(
            runtime_dependency(
                &Runtime::Git { url: "https://g.example/x.git".into(), rev: Some("abc".into()) },
                out,
                false
            ),
            r#"ivs-types = { git = "https://g.example/x.git", rev = "abc", default-features = false }"#
        );
        // Auto: this checkout's ivs-types, relative.
        let auto = runtime_dependency(&Runtime::Auto, out, false);
        assert!(auto.starts_with("ivs-types = { path = \"../"), "{auto}");
        assert!(!auto.contains("\"/"), "no absolute path: {auto}");
        assert_eq!(toml_str("a\"b\\c\n"), r#""a\"b\\c\u000A""#);
    }
}
