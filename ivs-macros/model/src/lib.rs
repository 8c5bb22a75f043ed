//! `smithy_model!`: the Rust types of a Smithy JSON AST model, generated in place.
//!
//! ```ignore
//! mod ivs {
//!     ivs_model_macro::smithy_model!(
//!         model = "models/ivs.json",
//!         operation = "com.amazonaws.ivs#BatchStartViewerSessionRevocation",
//!     );
//! }
//! ```
//!
//! The macro expands to the code `ivs_codegen::Config::generate` writes for the same
//! arguments (the generated code names `::ivs_types`, so the crate depends on `ivs-types`).
//! Arguments, in any order, separated by commas:
//!
//! - `model = "path"`: a Smithy JSON AST or IDL (`.smithy`) file, or a folder searched
//!   recursively for both; repeatable. Everything given is read as one model, as
//!   `Config::model` reads it. A relative path is relative to the invoking crate's
//!   `CARGO_MANIFEST_DIR`.
//! - `service = "com.example#Service"`: one service (every operation it and its resources
//!   bind);
//! - `operation = "com.example#Operation"`: this operation; repeatable. Without `service` or
//!   `operation`, every service of the model is generated (see the README).
//! - `type_attribute("com.example#*", "#[derive(Hash)]")`, `field_attribute("*$arn",
//!   "#[doc(alias = \"id\")]")`: attributes on the matched items, as `Config::type_attribute`
//!   and `Config::field_attribute`;
//! - `extern_type("com.example.common#Tag", crate::common::Tag)`: the shape is taken from
//!   elsewhere (the path may also be written as a string), as `Config::extern_type`;
//! - `strict` (or `strict = true`): anything skipped or left unchecked is an error, as
//!   `Config::strict`; without it, each is a warning (a `deprecated` one, the only kind a
//!   procedural macro can give on stable Rust) at the first `model` argument;
//! - `protocol_tests` (or `protocol_tests = true`): the model's protocol compliance tests as
//!   a `#[cfg(test)] mod protocol_tests`, as `Config::protocol_tests` (a case with a
//!   `messageRegex` needs the `regex` crate as a dev-dependency).
//!
//! Every file read is named in the expansion with `include_bytes!`, so Cargo rebuilds the
//! crate when a model file changes (a file added to a model folder is not seen until
//! something else changes). A model the generator rejects is a compile error at the `model`
//! argument that defines the shape, with the generator's message; a file that cannot be read
//! names the path tried.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use ivs_codegen::customize::Customizations;
use ivs_codegen::{idl, GenError, Problems, Selection};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{Ident, LitBool, LitStr, Token};

/// Expands to the Rust types of a Smithy JSON AST model. See the crate documentation for the
/// arguments.
#[proc_macro]
pub fn smithy_model(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_default();
    expand(input.into(), &manifest_dir).unwrap_or_else(syn::Error::into_compile_error).into()
}

const BOTH: &str = "`service` and `operation`: give one service, or operations, not both";
const ARGUMENTS: &str =
    "model, service, operation, type_attribute, field_attribute, extern_type, strict or protocol_tests";

/// The macro's arguments, as written.
#[derive(Default)]
struct Args {
    models: Vec<LitStr>,
    service: Option<LitStr>,
    operations: Vec<LitStr>,
    type_attributes: Vec<(LitStr, LitStr)>,
    field_attributes: Vec<(LitStr, LitStr)>,
    /// Shape id, Rust path (as text), and the path's span.
    extern_types: Vec<(LitStr, String, Span)>,
    strict: Option<Span>,
    protocol_tests: bool,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Args> {
        let mut args = Args::default();
        while !input.is_empty() {
            let key: Ident = input.parse()?;
            match key.to_string().as_str() {
                "model" => {
                    input.parse::<Token![=]>()?;
                    args.models.push(input.parse()?);
                }
                "service" => {
                    input.parse::<Token![=]>()?;
                    let id: LitStr = input.parse()?;
                    if args.service.is_some() {
                        return Err(syn::Error::new(key.span(), "`service` given twice: generate one service"));
                    }
                    if !args.operations.is_empty() {
                        return Err(syn::Error::new(key.span(), BOTH));
                    }
                    args.service = Some(id);
                }
                "operation" => {
                    input.parse::<Token![=]>()?;
                    let id: LitStr = input.parse()?;
                    if args.service.is_some() {
                        return Err(syn::Error::new(key.span(), BOTH));
                    }
                    args.operations.push(id);
                }
                "type_attribute" | "field_attribute" => {
                    let content;
                    syn::parenthesized!(content in input);
                    let selector: LitStr = content.parse()?;
                    content.parse::<Token![,]>()?;
                    let attribute: LitStr = content.parse()?;
                    content.parse::<Option<Token![,]>>()?;
                    if !content.is_empty() {
                        return Err(content.error("expected `(\"selector\", \"#[attribute]\")`"));
                    }
                    if key == "type_attribute" {
                        args.type_attributes.push((selector, attribute));
                    } else {
                        args.field_attributes.push((selector, attribute));
                    }
                }
                "extern_type" => {
                    let content;
                    syn::parenthesized!(content in input);
                    let shape: LitStr = content.parse()?;
                    content.parse::<Token![,]>()?;
                    let (path, span) = if content.peek(LitStr) {
                        let lit: LitStr = content.parse()?;
                        (lit.value(), lit.span())
                    } else {
                        let path: syn::Path = content.parse()?;
                        (quote!(#path).to_string().replace(' ', ""), path.span())
                    };
                    content.parse::<Option<Token![,]>>()?;
                    if !content.is_empty() {
                        return Err(content.error("expected `(\"shape id\", path::to::Type)`"));
                    }
                    args.extern_types.push((shape, path, span));
                }
                "strict" => {
                    let on = flag(input)?;
                    args.strict = on.then(|| key.span());
                }
                "protocol_tests" => args.protocol_tests = flag(input)?,
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown argument `{other}`: expected {ARGUMENTS}"),
                    ))
                }
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(args)
    }
}

/// `name` alone, or `name = true|false`.
fn flag(input: ParseStream) -> syn::Result<bool> {
    if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        return Ok(input.parse::<LitBool>()?.value);
    }
    Ok(true)
}

/// The expansion: one `include_bytes!` per file read, then the generated code.
fn expand(input: TokenStream, manifest_dir: &Path) -> syn::Result<TokenStream> {
    let args: Args = syn::parse2(input)?;
    if args.models.is_empty() {
        return Err(syn::Error::new(
            Span::call_site(),
            "no model given: write `model = \"path/to/model.json\"` (relative to CARGO_MANIFEST_DIR)",
        ));
    }
    let mut files = Vec::new();
    for (index, lit) in args.models.iter().enumerate() {
        for path in model_files(lit, manifest_dir)? {
            let text = fs::read_to_string(&path)
                .map_err(|e| syn::Error::new(lit.span(), format!("cannot read model {}: {e}", path.display())))?;
            files.push(ModelFile { arg: index, path, text });
        }
    }
    let (json, origin) =
        read_model(&files).map_err(|(arg, message)| syn::Error::new(args.models[arg].span(), message))?;

    let selection = match (&args.service, args.operations.as_slice()) {
        (Some(service), _) => Selection::Service(service.value()),
        (None, []) => Selection::All,
        (None, ops) => Selection::Operations(ops.iter().map(LitStr::value).collect()),
    };
    let customizations = Customizations {
        type_attributes: args.type_attributes.iter().map(|(s, a)| (s.value(), a.value())).collect(),
        field_attributes: args.field_attributes.iter().map(|(s, a)| (s.value(), a.value())).collect(),
        extern_types: args.extern_types.iter().map(|(s, p, _)| (s.value(), p.clone())).collect(),
    };
    // The generator builds its tokens with proc-macro2 on several threads, where the
    // compiler's proc_macro API cannot be used: it runs on proc-macro2's own implementation
    // (which is also faster than the compiler's bridge) and gives text. Nothing between
    // `force` and `unforce` (when `Fallback` drops, a panic included) touches the compiler's
    // tokens.
    struct Fallback;
    impl Drop for Fallback {
        fn drop(&mut self) {
            proc_macro2::fallback::unforce();
        }
    }
    // `..Default::default()`: `Options` may gain fields.
    #[allow(clippy::needless_update)]
    let options = ivs_codegen::Options { protocol_tests: args.protocol_tests, ..Default::default() };
    let generated = {
        proc_macro2::fallback::force();
        let _unforce = Fallback;
        ivs_codegen::generate(&json, &selection, &customizations, &options)
    };
    let generated = generated.map_err(|e| match e {
        GenError::Model(problems) => model_error(&args, &files, &origin, problems),
        GenError::Options(message) => syn::Error::new(option_span(&args, &message), message),
        GenError::Internal(message) => {
            syn::Error::new(Span::call_site(), format!("ivs-codegen internal error (please report it): {message}"))
        }
    })?;
    let (text, ir) = (generated.text, generated.ir);
    if let Some(span) = args.strict {
        if !ir.warnings.is_empty() {
            return Err(syn::Error::new(span, ivs_codegen::Error::Strict(ir.warnings).to_string()));
        }
    }
    // A procedural macro cannot emit a warning on stable Rust; the use of a deprecated item
    // is one, shown at the first `model` argument.
    let span = args.models[0].span();
    let warnings = ir.warnings.iter().map(|w| {
        let note = format!("ivs-codegen: {w} (`strict` makes this an error)");
        quote_spanned!(span=> const _: () = {
            #[deprecated(note = #note)]
            struct GeneratorWarning;
            let _ = GeneratorWarning;
        };)
    });
    let code: TokenStream = text.parse().map_err(|e| {
        syn::Error::new(Span::call_site(), format!("ivs-codegen internal error: generated code does not lex: {e}"))
    })?;
    let mut includes = Vec::with_capacity(files.len());
    for file in &files {
        let path = file.path.to_str().ok_or_else(|| {
            syn::Error::new(
                args.models[file.arg].span(),
                format!("the model path {} is not UTF-8 (include_bytes! needs a string)", file.path.display()),
            )
        })?;
        includes.push(quote!(
            const _: &[u8] = ::core::include_bytes!(#path);
        ));
    }
    Ok(quote!(#(#includes)* #(#warnings)* #code))
}

/// One model file read, and the `model` argument that named it.
struct ModelFile {
    arg: usize,
    path: PathBuf,
    text: String,
}

/// The files a `model` argument names: the file, or the `.json` and `.smithy` files under the
/// folder (recursively, sorted), as `Config::model` reads a folder.
fn model_files(lit: &LitStr, manifest_dir: &Path) -> syn::Result<Vec<PathBuf>> {
    let path = normalize(&manifest_dir.join(lit.value()));
    if let Err(e) = fs::metadata(&path) {
        let message = format!(
            "cannot read model {}: {e} (a relative path is relative to CARGO_MANIFEST_DIR, {})",
            path.display(),
            manifest_dir.display()
        );
        return Err(syn::Error::new(lit.span(), message));
    }
    let found =
        idl::model_files(std::slice::from_ref(&path)).map_err(|e| syn::Error::new(lit.span(), e.to_string()))?;
    if found.is_empty() {
        let message = format!("no model file (*.json, *.smithy) in the folder {}", path.display());
        return Err(syn::Error::new(lit.span(), message));
    }
    Ok(found)
}

/// `a/./b/../c` → `a/c`, without touching the file system (the path tried, as users read it).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Which file defined each shape id (for the span of a model error).
type Origin = BTreeMap<String, usize>;

/// The model text as `Config` reads it: one JSON AST file as it is; IDL files, and several
/// files, assembled into one JSON AST by the generator's reader (`ivs_codegen::idl`), which
/// refuses a shape or metadata defined differently in two files. An error names the index of
/// the `model` argument to point at.
fn read_model(files: &[ModelFile]) -> Result<(String, Origin), (usize, String)> {
    if let [one] = files {
        if one.path.extension().is_some_and(|e| e == "json") {
            return Ok((one.text.clone(), Origin::new()));
        }
    }
    let sources: Vec<(String, String)> = files.iter().map(|f| (f.path.display().to_string(), f.text.clone())).collect();
    let ast = idl::load_sources(&sources).map_err(|e| {
        let arg = files.iter().find(|f| f.path.display().to_string() == e.file).map_or(files[0].arg, |f| f.arg);
        (arg, e.to_string())
    })?;
    let mut origin = Origin::new();
    for (index, file) in files.iter().enumerate() {
        let parsed = if file.path.extension().is_some_and(|e| e == "json") {
            idl::from_json_ast(&file.text).ok()
        } else {
            idl::parse_idl(&file.text).ok()
        };
        for shape in parsed.iter().flat_map(|p| p.shapes.iter().map(move |s| (p, s))) {
            let (file_ns, raw) = shape;
            let id = match (&file_ns.namespace, raw.id.contains('#')) {
                (Some(ns), false) => format!("{ns}#{}", raw.id),
                _ => raw.id.clone(),
            };
            origin.entry(id).or_insert(index);
        }
    }
    Ok((ast.to_json(false), origin))
}

/// The generator's problems as compile errors, each at the `model` argument whose file
/// defines the shape (the first `model` argument for problems with the document).
fn model_error(args: &Args, files: &[ModelFile], origin: &Origin, problems: Problems) -> syn::Error {
    let mut by_file: BTreeMap<usize, Problems> = BTreeMap::new();
    for p in problems.0 {
        let shape = p.shape.as_deref().map(|s| s.split('$').next().unwrap_or(s));
        let file = shape.and_then(|s| origin.get(s)).copied().unwrap_or(0);
        by_file.entry(file).or_insert_with(|| Problems(Vec::new())).0.push(p);
    }
    let mut errors = by_file.into_iter().map(|(file, problems)| {
        let file = &files[file];
        let message = ivs_codegen::Error::Model { path: file.path.clone(), problems }.to_string();
        syn::Error::new(args.models[file.arg].span(), message)
    });
    let mut first = errors.next().unwrap_or_else(|| syn::Error::new(Span::call_site(), "invalid model"));
    for e in errors {
        first.combine(e);
    }
    first
}

/// The span of the attribute or extern type an option error is about: the first whose text
/// the message quotes.
fn option_span(args: &Args, message: &str) -> Span {
    let attributes = args.type_attributes.iter().chain(&args.field_attributes);
    for (selector, attribute) in attributes {
        if message.contains(&attribute.value()) {
            return attribute.span();
        }
        if message.contains(&selector.value()) {
            return selector.span();
        }
    }
    for (shape, path, span) in &args.extern_types {
        if message.contains(path.as_str()) {
            return *span;
        }
        if message.contains(&shape.value()) {
            return shape.span();
        }
    }
    Span::call_site()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace() -> PathBuf {
        normalize(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
    }

    /// The expansion is the `include_bytes!` of the model, then exactly what
    /// `Config::render` (so `Config::generate`) gives for the same arguments.
    #[test]
    fn expansion_is_what_config_writes() {
        let ws = workspace();
        let out = expand(
            quote!(
                model = "models/ivs.json",
                operation = "com.amazonaws.ivs#BatchStartViewerSessionRevocation",
                type_attribute(
                    "com.amazonaws.ivs#BatchStartViewerSessionRevocationViewerSession",
                    "#[derive(PartialOrd)]"
                ),
            ),
            &ws,
        )
        .unwrap();
        let rendered = ivs_codegen::Config::new()
            .model(ws.join("models/ivs.json"))
            .operation("com.amazonaws.ivs#BatchStartViewerSessionRevocation")
            .type_attribute("com.amazonaws.ivs#BatchStartViewerSessionRevocationViewerSession", "#[derive(PartialOrd)]")
            .render()
            .unwrap();
        let code: TokenStream = rendered.files[0].1.parse().unwrap();
        let path = ws.join("models/ivs.json");
        let path = path.to_str().unwrap();
        let expected = quote!(const _: &[u8] = ::core::include_bytes!(#path); #code);
        assert!(out.to_string() == expected.to_string(), "the expansion differs from Config::render's file");
    }

    /// The README's expansion times: `cargo test -p ivs-model-macro --lib -- --ignored
    /// --nocapture` (a proc macro is built like this, without optimization, unless the
    /// profile says otherwise) and the same with `--release`.
    #[test]
    #[ignore = "prints timings"]
    fn expansion_time() {
        let ws = workspace();
        let models = [
            ("models/ivs.json (seed operation)", ws.join("models/ivs.json")),
            ("IVS 2026-04-27", ws.join("../shared/models/aws/ivs-2020-07-14.2026-04-27.json")),
            ("ssm (aws-dev)", ws.join("../shared/models/aws-dev/ssm.json")),
        ];
        for (name, path) in models.iter().filter(|(_, p)| p.is_file()) {
            let path = path.to_str().unwrap();
            let start = std::time::Instant::now();
            let tokens = expand(quote!(model = #path), &ws).unwrap();
            let ms = start.elapsed().as_millis();
            let start = std::time::Instant::now();
            let json = fs::read_to_string(path).unwrap();
            let (text, _) = ivs_codegen::generate_source(&json, &Selection::All).unwrap();
            let generator = start.elapsed().as_millis();
            let lines = text.lines().count();
            println!("{name}: expansion {ms} ms (the generator alone {generator} ms), {lines} lines");
            drop(tokens);
        }
    }

    /// Folders and several `model` arguments read as `Config::model` reads them.
    #[test]
    fn several_files_read_as_config_reads_them() {
        let dir = workspace().join("ivs-macros/model/tests");
        let out = expand(quote!(model = "models/split", service = "example.widgets#Widgets"), &dir).unwrap();
        let rendered = ivs_codegen::Config::new()
            .model(dir.join("models/split"))
            .service("example.widgets#Widgets")
            .render()
            .unwrap();
        let code: TokenStream = rendered.files[0].1.parse().unwrap();
        let (common, service) = (dir.join("models/split/common/widget.json"), dir.join("models/split/service.json"));
        let (common, service) = (common.to_str().unwrap(), service.to_str().unwrap());
        let expected = quote!(
            const _: &[u8] = ::core::include_bytes!(#common);
            const _: &[u8] = ::core::include_bytes!(#service);
            #code
        );
        assert!(out.to_string() == expected.to_string(), "the expansion differs from Config::render's file");
    }

    #[test]
    fn a_shape_defined_differently_in_two_files_is_an_error_naming_both() {
        let dir = workspace().join("ivs-macros/model/tests");
        let err = expand(quote!(model = "models/split", model = "models/conflict.json"), &dir).unwrap_err().to_string();
        for file in ["models/conflict.json", "models/split/common/widget.json"] {
            assert!(err.contains(&dir.join(file).display().to_string()), "{file} not named: {err}");
        }
    }

    /// A problem in a merged model is reported at the `model` argument of the file that
    /// defines the shape, naming that file.
    #[test]
    fn a_problem_names_the_file_that_defines_the_shape() {
        let ws = workspace();
        let dir = ws.join("ivs-macros/model/tests");
        let err = expand(quote!(model = "models/split", model = "ui/models/bad.json"), &dir).unwrap_err().to_string();
        let bad = dir.join("ui/models/bad.json");
        assert!(err.starts_with(&format!("{}: invalid model: example.bad#Widget$name", bad.display())), "{err}");
    }

    #[test]
    fn paths_are_normalized_lexically() {
        assert_eq!(normalize(Path::new("/a/b/./../c/d/../e.json")), PathBuf::from("/a/c/e.json"));
        assert_eq!(normalize(Path::new("../x.json")), PathBuf::from("../x.json"));
    }

    #[test]
    fn arguments_are_checked() {
        let ws = workspace();
        let err = |input: TokenStream| expand(input, &ws).unwrap_err().to_string();
        assert!(err(quote!()).starts_with("no model given"));
        assert!(err(quote!(model = "models/ivs.json", modle = "x")).starts_with("unknown argument `modle`"));
        assert!(err(quote!(model = "models/ivs.json", service = "a", operation = "b")).contains("not both"));
        assert!(err(quote!(model = "models/ivs.json", strict = "yes")).contains("expected boolean literal"));
        assert!(err(quote!(model = "models/nope.json")).contains(&format!("{}", ws.join("models/nope.json").display())));
    }
}
