//! Helpers shared by the workspace-level tests, and the golden files compiled as code.
#![deny(warnings, missing_docs)]

use std::path::{Path, PathBuf};

/// The golden of the code generated from `models/ivs.json`, compiled here under
/// `#![deny(warnings, missing_docs)]` so that a golden that does not build fails the tests.
pub mod golden_ivs {
    include!("golden/ivs.rs");
}

/// The golden of `tests/models/constraints.json`: one member per constraint trait.
pub mod golden_constraints {
    include!("golden/constraints.rs");
}

/// The conformance models under `tests/models/`, sorted.
pub fn conformance_models() -> Vec<PathBuf> {
    let dir = workspace().join("tests/models");
    let mut models: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect()
        })
        .unwrap_or_default();
    models.sort();
    models
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The `../shared/models/aws` folder, or `None` (after printing one line saying the test is
/// skipped) when it is absent. With `IVS_REQUIRE_SHARED=1` an absent folder is a failure.
pub fn shared_models(test: &str) -> Option<Vec<PathBuf>> {
    let dir = workspace().join("../shared/models/aws");
    if !dir.is_dir() {
        assert!(
            std::env::var("IVS_REQUIRE_SHARED").as_deref() != Ok("1"),
            "IVS_REQUIRE_SHARED=1 but {} does not exist",
            dir.display()
        );
        println!("skipped {test}: {} is absent", dir.display());
        return None;
    }
    let mut models: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect()
        })
        .unwrap_or_default();
    models.sort();
    assert!(!models.is_empty(), "no models in {}", dir.display());
    Some(models)
}

/// Compares `actual` with the golden file at `path`; `UPDATE_GOLDEN=1` rewrites it instead.
pub fn assert_golden(path: &Path, actual: &str) {
    if std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1") {
        std::fs::write(path, actual).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected != actual {
        let first = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{} is stale (first difference at line {}); rerun with UPDATE_GOLDEN=1 and review the diff",
            path.display(),
            first + 1
        );
    }
}
