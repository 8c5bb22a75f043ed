//! Smithy's protocol compliance tests (`smithy.test#httpRequestTests`, `#httpResponseTests`,
//! `#httpMalformedRequestTests`) as Rust tests in the generated code
//! ([`crate::Config::protocol_tests`], `generate --protocol-tests`).
//!
//! One `#[test]` per case and side, in `#[cfg(test)] mod protocol_tests`:
//! `requests::{id}__client` / `__server`, `responses::{id}__client` / `__server` and
//! `malformed_requests::{id}__server` (`{id}` in snake case; a malformed case with
//! `testParameters` is one case per index, `{id}_case{i}`, as Smithy's own loader expands it).
//!
//! The `params` of a case are Smithy node values typed by the shapes they stand for; they are
//! translated here, through the IR, into Rust expressions that build the value with the
//! generated builders, enums and unions. A test trait this module cannot read (a missing
//! `id`, `params` that do not fit the shape) is a model problem naming the shape and the case.
//!
//! What each side compares follows the "HTTP protocol compliance tests" chapter of the Smithy
//! specification; the helper functions are written once per package, in
//! `protocol_tests::support` (the [`SUPPORT`] text).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::{ident, rust_type, type_ref};
use crate::ir::{EnumIr, EnumKind, Ir, Item, OperationIr, Presence, RustType, StructIr};
use crate::model::{Model, ShapeId, ShapeKind};
use crate::problem::{Problem, Problems};

/// The protocols whose test cases are written: the ones the runtime speaks.
pub const PROTOCOLS: &[&str] = &["aws.protocols#restJson1", "aws.protocols#awsJson1_0", "aws.protocols#awsJson1_1"];

const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
const MALFORMED_TESTS: &str = "smithy.test#httpMalformedRequestTests";

/// What [`emit`] wrote.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// The test module (empty when the model has no case for the selection).
    pub tokens: TokenStream,
    /// Number of `#[test]` functions.
    pub tests: usize,
    /// Whether a test needs the `regex` crate (a malformed case with `messageRegex`).
    pub needs_regex: bool,
    /// Cases written as `#[ignore]` tests, each naming the shape, the case and why.
    pub warnings: Vec<String>,
}

/// The protocol test module of the selected operations, or every problem with their test
/// traits.
pub fn emit(model: &Model, ir: &Ir) -> Result<Written, Problems> {
    let protocols = protocols(model, ir);
    let mut cx = Cx::new(ir);
    let mut problems = Vec::new();
    let mut requests = Module::default();
    let mut responses = Module::default();
    let mut malformed = Module::default();
    let mut needs_regex = false;
    // Operations in IR order (sorted by Rust name), each with its marker type's name.
    let ops: Vec<(&OperationIr, String)> = ir.operations.iter().map(|op| (op, op.marker.clone())).collect();
    for (op, marker) in &ops {
        let Some(shape) = model.get(&op.id) else { continue };
        if op.http.is_none() {
            continue;
        }
        let ctx = OpCx { op, marker: marker.as_str() };
        for (i, case) in list(&shape.traits.get(REQUEST_TESTS)) {
            match HttpCase::read(case, true).and_then(|c| {
                if !protocols.contains(&c.protocol.as_str()) {
                    return Ok(());
                }
                cx.request_case(&ctx, &c, &mut requests)
            }) {
                Ok(()) => {}
                Err(e) => problems.push(Problem::shape(&op.id, format!("{REQUEST_TESTS}[{i}]: {e}"))),
            }
        }
        for (i, case) in list(&shape.traits.get(RESPONSE_TESTS)) {
            match HttpCase::read(case, false).and_then(|c| {
                if !protocols.contains(&c.protocol.as_str()) {
                    return Ok(());
                }
                cx.response_case(&ctx, None, &c, &mut responses)
            }) {
                Ok(()) => {}
                Err(e) => problems.push(Problem::shape(&op.id, format!("{RESPONSE_TESTS}[{i}]: {e}"))),
            }
        }
        for (i, case) in list(&shape.traits.get(MALFORMED_TESTS)) {
            match MalformedCase::read(case).and_then(|cases| {
                for c in cases.iter().filter(|c| protocols.contains(&c.protocol.as_str())) {
                    needs_regex |= matches!(c.body, Some((_, Assertion::MessageRegex(_))));
                    cx.malformed_case(&ctx, c, &mut malformed)?;
                }
                Ok(())
            }) {
                Ok(()) => {}
                Err(e) => problems.push(Problem::shape(&op.id, format!("{MALFORMED_TESTS}[{i}]: {e}"))),
            }
        }
    }
    // Response cases on error structures: run through the first operation (in IR order)
    // that has the error.
    for item in &ir.items {
        let Item::Struct(s) = item else { continue };
        if s.error.is_none() || item.is_external() {
            continue;
        }
        let Some(shape) = model.get(&s.id) else { continue };
        let cases = list(&shape.traits.get(RESPONSE_TESTS));
        if cases.is_empty() {
            continue;
        }
        let Some((op, marker, variant)) = ops.iter().filter(|(op, _)| op.http.is_some()).find_map(|(op, marker)| {
            op.errors.iter().find(|(_, e)| *e == s.name).map(|(v, _)| (*op, marker.as_str(), v.as_str()))
        }) else {
            continue;
        };
        let ctx = OpCx { op, marker };
        for (i, case) in cases {
            match HttpCase::read(case, false).and_then(|c| {
                if !protocols.contains(&c.protocol.as_str()) {
                    return Ok(());
                }
                cx.response_case(&ctx, Some((s, variant)), &c, &mut responses)
            }) {
                Ok(()) => {}
                Err(e) => problems.push(Problem::shape(&s.id, format!("{RESPONSE_TESTS}[{i}]: {e}"))),
            }
        }
    }
    crate::problem::finish(problems)?;
    let tests = requests.tests.len() + responses.tests.len() + malformed.tests.len();
    if tests == 0 {
        return Ok(Written { warnings: cx.warnings, ..Written::default() });
    }
    let support: syn::File = syn::parse_str(SUPPORT).map_err(|e| {
        Problems(vec![Problem::document(format!("internal error: the protocol test support does not parse: {e}"))])
    })?;
    let support_items = &support.items;
    let modules = [("requests", requests), ("responses", responses), ("malformed_requests", malformed)]
        .into_iter()
        .filter(|(_, m)| !m.tests.is_empty())
        .map(|(name, m)| {
            let name = format_ident!("{name}");
            let tests = m.tests;
            quote! {
                mod #name {
                    use super::super::*;
                    use ::ivs_types::rt::http::HttpOperation as _;
                    use super::support;
                    #(#tests)*
                }
            }
        });
    let tokens = quote! {
        /// The model's protocol compliance tests (`smithy.test`), one test per case and side.
        #[cfg(test)]
        // `{id}__{side}` names have a double underscore; a case's params may hold a number
        // close to a constant (`3.14`), which is data, not an approximation.
        #[allow(non_snake_case, clippy::approx_constant)]
        mod protocol_tests {
            // One set of helpers for every kind of case: a package without response cases
            // does not use all of them.
            #[allow(dead_code)]
            mod support {
                #(#support_items)*
            }
            #(#modules)*
        }
    };
    Ok(Written { tokens, tests, needs_regex, warnings: cx.warnings })
}

/// The protocols of the cases to write: the service's protocols that the runtime speaks (of
/// every service of the model when none was selected).
fn protocols(model: &Model, ir: &Ir) -> Vec<&'static str> {
    let services: Vec<&ShapeId> = match &ir.service {
        Some(s) => vec![&s.id],
        None => model.shapes.values().filter(|s| matches!(s.kind, ShapeKind::Service { .. })).map(|s| &s.id).collect(),
    };
    if services.is_empty() {
        return PROTOCOLS.to_vec();
    }
    PROTOCOLS
        .iter()
        .copied()
        .filter(|p| services.iter().any(|s| model.get(s).is_some_and(|s| s.traits.has(p))))
        .collect()
}

/// The elements of a test trait's list, numbered (nothing when the trait is absent or not a
/// list: the check stage's business).
fn list<'v>(v: &Option<&'v Value>) -> Vec<(usize, &'v Value)> {
    match v {
        Some(Value::Array(a)) => a.iter().enumerate().collect(),
        _ => Vec::new(),
    }
}

/// The tests of one submodule, with the names they took.
#[derive(Default)]
struct Module {
    names: BTreeSet<String>,
    tests: Vec<TokenStream>,
}

impl Module {
    /// Claims `{snake id}__{side}`, numbered on a clash (`_2`, `_3`, ...).
    fn claim(&mut self, id: &str, side: &str) -> proc_macro2::Ident {
        let mut base = format!("{}__{side}", snake(id));
        // An id whose snake case starts with a digit (`_1x`) cannot start a name.
        if base.starts_with(|c: char| c.is_ascii_digit()) {
            base.insert_str(0, "case_");
        }
        let mut name = base.clone();
        let mut n = 2;
        while !self.names.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        format_ident!("{name}")
    }
}

/// A test case id in snake case (`RestJsonHttpPayloadTraitsWithBlob` →
/// `rest_json_http_payload_traits_with_blob`; `X_case0` → `x_case0`).
pub fn snake(id: &str) -> String {
    heck::ToSnakeCase::to_snake_case(id)
}

/// The operation a case belongs to.
struct OpCx<'a> {
    op: &'a OperationIr,
    marker: &'a str,
}

/// Which side of a case a test plays.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Client,
    Server,
}

/// An `httpRequestTests` or `httpResponseTests` case.
struct HttpCase {
    id: String,
    protocol: String,
    params: Value,
    headers: Vec<(String, String)>,
    forbid_headers: Vec<String>,
    require_headers: Vec<String>,
    body: Option<String>,
    media_type: Option<String>,
    applies_to: Option<Side>,
    // Requests.
    method: String,
    uri: String,
    query: Vec<String>,
    forbid_query: Vec<String>,
    require_query: Vec<String>,
    /// The endpoint a client sends to (`example.com/custom`), and the host it must reach
    /// (`foo.example.com` with an `@endpoint` host prefix).
    host: Option<String>,
    resolved_host: Option<String>,
    // Responses.
    code: u16,
}

fn obj(v: &Value) -> Result<&serde_json::Map<String, Value>, String> {
    v.as_object().ok_or_else(|| "a test case must be an object".to_string())
}

fn opt_str(o: &serde_json::Map<String, Value>, k: &str) -> Result<Option<String>, String> {
    match o.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("`{k}` must be a string")),
    }
}

fn req_str(o: &serde_json::Map<String, Value>, k: &str) -> Result<String, String> {
    opt_str(o, k)?.ok_or_else(|| format!("`{k}` is required"))
}

fn str_list(o: &serde_json::Map<String, Value>, k: &str) -> Result<Vec<String>, String> {
    match o.get(k) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| v.as_str().map(str::to_string).ok_or_else(|| format!("`{k}` must be a list of strings")))
            .collect(),
        Some(_) => Err(format!("`{k}` must be a list of strings")),
    }
}

fn str_map(o: &serde_json::Map<String, Value>, k: &str) -> Result<Vec<(String, String)>, String> {
    match o.get(k) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(m)) => m
            .iter()
            .map(|(n, v)| {
                v.as_str()
                    .map(|v| (n.clone(), v.to_string()))
                    .ok_or_else(|| format!("`{k}` must map strings to strings"))
            })
            .collect(),
        Some(_) => Err(format!("`{k}` must map strings to strings")),
    }
}

/// A case id as Smithy's `identifier` (`^[A-Za-z_][A-Za-z0-9_]+$`).
fn read_id(o: &serde_json::Map<String, Value>) -> Result<String, String> {
    let id = req_str(o, "id")?;
    let mut chars = id.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && id.len() >= 2
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(id)
    } else {
        Err(format!("`id` {id:?} is not an identifier (^[A-Za-z_][A-Za-z0-9_]+$)"))
    }
}

impl HttpCase {
    fn read(v: &Value, request: bool) -> Result<HttpCase, String> {
        let o = obj(v)?;
        let id = read_id(o)?;
        let at = |e: String| format!("case {id}: {e}");
        let applies_to = match opt_str(o, "appliesTo").map_err(at)?.as_deref() {
            None => None,
            Some("client") => Some(Side::Client),
            Some("server") => Some(Side::Server),
            Some(other) => return Err(at(format!("`appliesTo` is {other:?}, not \"client\" or \"server\""))),
        };
        let params = match o.get("params") {
            None | Some(Value::Null) => Value::Object(Default::default()),
            Some(p @ Value::Object(_)) => p.clone(),
            Some(_) => return Err(at("`params` must be an object".into())),
        };
        let (method, uri, code) = if request {
            let method = req_str(o, "method").map_err(at)?;
            let uri = req_str(o, "uri").map_err(at)?;
            if method.is_empty() || !uri.starts_with('/') {
                return Err(at("`method` must not be empty and `uri` must start with `/`".into()));
            }
            (method, uri, 0)
        } else {
            let code = o
                .get("code")
                .and_then(Value::as_u64)
                .filter(|c| (100..=599).contains(c))
                .ok_or_else(|| at("`code` is required, an integer from 100 to 599".into()))?;
            (String::new(), String::new(), code as u16)
        };
        Ok(HttpCase {
            protocol: req_str(o, "protocol").map_err(at)?,
            params,
            headers: str_map(o, "headers").map_err(at)?,
            forbid_headers: str_list(o, "forbidHeaders").map_err(at)?,
            require_headers: str_list(o, "requireHeaders").map_err(at)?,
            body: opt_str(o, "body").map_err(at)?,
            media_type: opt_str(o, "bodyMediaType").map_err(at)?,
            query: str_list(o, "queryParams").map_err(at)?,
            forbid_query: str_list(o, "forbidQueryParams").map_err(at)?,
            require_query: str_list(o, "requireQueryParams").map_err(at)?,
            host: opt_str(o, "host").map_err(at)?,
            resolved_host: opt_str(o, "resolvedHost").map_err(at)?,
            applies_to,
            method,
            uri,
            code,
            id,
        })
    }

    fn sides(&self) -> Vec<Side> {
        match self.applies_to {
            Some(s) => vec![s],
            None => vec![Side::Client, Side::Server],
        }
    }
}

/// What a malformed case's response body must be.
enum Assertion {
    Contents(String),
    MessageRegex(String),
}

/// One expanded `httpMalformedRequestTests` case.
struct MalformedCase {
    id: String,
    protocol: String,
    method: String,
    uri: String,
    query: Vec<String>,
    headers: Vec<(String, String)>,
    body: Option<(String, Assertion)>,
    request_body: Option<String>,
    code: u16,
    response_headers: Vec<(String, String)>,
}

impl MalformedCase {
    /// The case, or one case per index of its `testParameters` (`{id}_case{i}`), with
    /// `$name:L` (the value) and `$name:S` (the value as a quoted string) replaced and `$$`
    /// read as `$` in the request's uri, query, headers and body and in the response's headers
    /// and body, as Smithy's reference implementation expands them.
    fn read(v: &Value) -> Result<Vec<MalformedCase>, String> {
        let o = obj(v)?;
        let id = read_id(o)?;
        let at = |e: String| format!("case {id}: {e}");
        let protocol = req_str(o, "protocol").map_err(at)?;
        let request = o.get("request").and_then(Value::as_object).ok_or_else(|| at("`request` is required".into()))?;
        let response =
            o.get("response").and_then(Value::as_object).ok_or_else(|| at("`response` is required".into()))?;
        let params: Vec<(String, Vec<String>)> = match o.get("testParameters") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(m)) => m
                .iter()
                .map(|(k, v)| {
                    let values = v
                        .as_array()
                        .and_then(|a| a.iter().map(|x| x.as_str().map(str::to_string)).collect::<Option<Vec<_>>>())
                        .ok_or_else(|| at(format!("`testParameters.{k}` must be a list of strings")))?;
                    Ok((k.clone(), values))
                })
                .collect::<Result<_, String>>()?,
            Some(_) => return Err(at("`testParameters` must be an object".into())),
        };
        let counts: BTreeSet<usize> = params.iter().map(|(_, v)| v.len()).collect();
        if counts.len() > 1 || counts.contains(&0) {
            return Err(at("the lists of `testParameters` must all have the same, non-zero length".into()));
        }
        let body_def = match response.get("body") {
            None | Some(Value::Null) => None,
            Some(Value::Object(b)) => {
                let media = req_str(b, "mediaType").map_err(at)?;
                let a = b
                    .get("assertion")
                    .and_then(Value::as_object)
                    .ok_or_else(|| at("`response.body.assertion` is required".into()))?;
                let assertion = match (opt_str(a, "contents").map_err(at)?, opt_str(a, "messageRegex").map_err(at)?) {
                    (Some(c), None) => Assertion::Contents(c),
                    (None, Some(r)) => Assertion::MessageRegex(r),
                    _ => {
                        return Err(at(
                            "`response.body.assertion` must hold one of `contents` and `messageRegex`".into()
                        ))
                    }
                };
                Some((media, assertion))
            }
            Some(_) => return Err(at("`response.body` must be an object".into())),
        };
        let code = response
            .get("code")
            .and_then(Value::as_u64)
            .filter(|c| (100..=599).contains(c))
            .ok_or_else(|| at("`response.code` is required, an integer from 100 to 599".into()))?;
        let method = req_str(request, "method").map_err(at)?;
        let uri = req_str(request, "uri").map_err(at)?;
        let query = str_list(request, "queryParams").map_err(at)?;
        let headers = str_map(request, "headers").map_err(at)?;
        let request_body = opt_str(request, "body").map_err(at)?;
        let response_headers = str_map(response, "headers").map_err(at)?;
        let n = counts.first().copied();
        let build = |suffix: Option<usize>| -> Result<MalformedCase, String> {
            let f = |s: &str| -> Result<String, String> {
                match suffix {
                    None => Ok(s.to_string()),
                    Some(i) => interpolate(s, &params, i).map_err(at),
                }
            };
            let pairs = |v: &[(String, String)]| -> Result<Vec<(String, String)>, String> {
                let mut out: Vec<(String, String)> =
                    v.iter().map(|(k, v)| Ok((f(k)?, f(v)?))).collect::<Result<_, String>>()?;
                out.sort();
                Ok(out)
            };
            let body = match &body_def {
                None => None,
                Some((m, Assertion::Contents(c))) => Some((f(m)?, Assertion::Contents(f(c)?))),
                Some((m, Assertion::MessageRegex(r))) => Some((f(m)?, Assertion::MessageRegex(f(r)?))),
            };
            Ok(MalformedCase {
                id: match suffix {
                    None => id.clone(),
                    Some(i) => format!("{id}_case{i}"),
                },
                protocol: protocol.clone(),
                method: method.clone(),
                uri: f(&uri)?,
                query: query.iter().map(|q| f(q)).collect::<Result<_, _>>()?,
                headers: pairs(&headers)?,
                request_body: request_body.as_deref().map(f).transpose()?,
                body,
                code: code as u16,
                response_headers: pairs(&response_headers)?,
            })
        };
        match n {
            None => Ok(vec![build(None)?]),
            Some(n) => (0..n).map(|i| build(Some(i))).collect(),
        }
    }
}

/// Smithy's code-writer formatting of a parameterized malformed case: `$$` is `$`,
/// `$name:L` the value of `name` at index `i`, `$name:S` that value as a quoted string (Java
/// escapes: JSON reads them alike). Any other `$` is an error.
pub fn interpolate(text: &str, params: &[(String, Vec<String>)], i: usize) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos + 1..];
        if let Some(r) = rest.strip_prefix('$') {
            out.push('$');
            rest = r;
            continue;
        }
        let name_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        let name = &rest[..name_len];
        let after = &rest[name_len..];
        let (kind, tail) = match after.strip_prefix(':').and_then(|a| a.chars().next().map(|k| (k, &a[k.len_utf8()..])))
        {
            Some((k @ ('L' | 'S'), tail)) if !name.is_empty() => (k, tail),
            _ => {
                let shown: String = rest.chars().take(name.chars().count() + 2).collect();
                return Err(format!("`${shown}` is not `$name:L`, `$name:S` or `$$`"));
            }
        };
        let value = params
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.get(i))
            .ok_or_else(|| format!("`${name}:{kind}` names no test parameter"))?;
        if kind == 'L' {
            out.push_str(value);
        } else {
            out.push('"');
            for c in value.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    '\u{8}' => out.push_str("\\b"),
                    '\u{c}' => out.push_str("\\f"),
                    c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                        let mut buf = [0u16; 2];
                        for u in c.encode_utf16(&mut buf) {
                            out.push_str(&format!("\\u{u:04x}"));
                        }
                    }
                    c => out.push(c),
                }
            }
            out.push('"');
        }
        rest = tail;
    }
    out.push_str(rest);
    Ok(out)
}

/// The IR indexed for the translation of `params`.
struct Cx<'a> {
    structs: BTreeMap<&'a str, &'a StructIr>,
    enums: BTreeMap<&'a str, &'a EnumIr>,
    /// The Rust name of the structure that `From<Report>` converts into (the model's
    /// `ValidationException`), as the validation emitter chooses it.
    validation: Option<&'a str>,
    /// Why the params being translated cannot be built exactly (see [`Cx::take_lossy`]).
    lossy: std::cell::RefCell<Vec<String>>,
    /// Whether the value being built is what a reader gets (a server's parsed request, a
    /// client's parsed response): a client-optional member with a default that the params
    /// leave out is then `Some(default)`, which reading fills in; a writer leaves it `None`.
    reading: std::cell::Cell<bool>,
    /// Cases written as `#[ignore]` tests.
    warnings: Vec<String>,
}

/// A Rust expression and whether it holds a NaN.
struct Expr {
    tokens: TokenStream,
    nan: bool,
}

impl<'a> Cx<'a> {
    fn new(ir: &'a Ir) -> Cx<'a> {
        let mut structs = BTreeMap::new();
        let mut enums = BTreeMap::new();
        for item in &ir.items {
            match item {
                Item::Struct(s) => {
                    structs.insert(s.name.as_str(), s);
                }
                Item::Enum(e) => {
                    enums.insert(e.name.as_str(), e);
                }
            }
        }
        // The input and output made for an operation, by their paths.
        for op in &ir.operations {
            for (path, s) in [&op.input, &op.output]
                .into_iter()
                .filter_map(|p| op.synthetic.iter().find(|s| op.path_of(&s.name) == *p).map(|s| (p.as_str(), s)))
            {
                structs.insert(path, s);
            }
        }
        let validation = super::validate::model_validation_exception(ir).map(|s| s.name.as_str());
        Cx { structs, enums, validation, lossy: Default::default(), reading: Default::default(), warnings: Vec::new() }
    }

    /// After translating a case's params: `#[ignore = "..."]` when they could not be built
    /// exactly (a big number with more digits than the model reader keeps), with a warning
    /// naming the shape and the case; else nothing.
    fn take_lossy(&mut self, shape: &ShapeId, id: &str) -> TokenStream {
        let lossy = std::mem::take(&mut *self.lossy.borrow_mut());
        if lossy.is_empty() {
            return TokenStream::new();
        }
        let why = lossy.join("; ");
        self.warnings.push(format!("{shape}: protocol test {id} is written as #[ignore]: {why}"));
        let reason = format!("params cannot be built exactly: {why}");
        quote!(#[ignore = #reason])
    }

    /// The value of a structure from a params object as a writer sends it and as a reader
    /// gets it (see [`Cx::reading`]).
    fn written_and_read(&self, name: &str, node: &Value, at: &str) -> Result<(Expr, Expr), String> {
        let written = self.structure(name, node, at)?;
        let noted = self.lossy.borrow().len();
        self.reading.set(true);
        let read = self.structure(name, node, at);
        self.reading.set(false);
        // The second pass notes the same lossy values again.
        self.lossy.borrow_mut().truncate(noted);
        Ok((written, read?))
    }

    /// The value of a structure named `name` from a params object.
    fn structure(&self, name: &str, node: &Value, at: &str) -> Result<Expr, String> {
        if name.contains("::") && !self.structs.contains_key(name) {
            // An external type (`Config::extern_type`): not ours to build.
            self.lossy.borrow_mut().push(format!("{at}: `{name}` is an external type, which this crate cannot build"));
            let ty = type_ref(name);
            return Ok(Expr { tokens: quote!(<#ty as ::ivs_types::__private::Wire>::zero()), nan: false });
        }
        let s = self.structs.get(name).ok_or_else(|| format!("{at}: no generated structure `{name}`"))?;
        let o = node.as_object().ok_or_else(|| format!("{at}: expected an object for structure {}", s.id))?;
        for k in o.keys() {
            if !s.fields.iter().any(|f| &f.model_name == k) {
                return Err(format!("{at}: structure {} has no member `{k}`", s.id));
            }
        }
        let ty = type_ref(name);
        let mut nan = false;
        let mut sets = Vec::new();
        for f in &s.fields {
            let setter = format_ident!("set_{}", f.rust.trim_start_matches("r#"));
            match o.get(&f.model_name) {
                Some(Value::Null) | None => match &f.presence {
                    Presence::Required => {
                        sets.push(quote!(.#setter(::core::option::Option::Some(::ivs_types::__private::Wire::zero()))));
                    }
                    Presence::OptionalDefault(d) if self.reading.get() => {
                        let d = super::types::default_expr(&f.ty, d);
                        sets.push(quote!(.#setter(::core::option::Option::Some(#d))));
                    }
                    _ => {}
                },
                Some(v) => {
                    let e = self.value(&f.ty, v, &format!("{at}/{}", f.model_name))?;
                    nan |= e.nan;
                    let t = e.tokens;
                    sets.push(quote!(.#setter(::core::option::Option::Some(#t))));
                }
            }
        }
        // `build()` returns a `Result` only when the structure has a member it requires.
        let build = if s.fields.iter().any(|f| f.presence == Presence::Required) {
            quote!(.build().expect("every required member is set"))
        } else {
            quote!(.build())
        };
        Ok(Expr { tokens: quote!(#ty::builder() #(#sets)* #build), nan })
    }

    /// The value of a member of type `ty` from a params node.
    fn value(&self, ty: &RustType, node: &Value, at: &str) -> Result<Expr, String> {
        let plain = |tokens: TokenStream| Ok(Expr { tokens, nan: false });
        let int = |min: i64, max: i64| -> Result<i64, String> {
            node.as_i64()
                .filter(|n| (min..=max).contains(n))
                .ok_or_else(|| format!("{at}: expected an integer from {min} to {max}, found {node}"))
        };
        match ty {
            RustType::Bool => match node {
                Value::Bool(b) => plain(quote!(#b)),
                _ => Err(format!("{at}: expected a boolean, found {node}")),
            },
            RustType::I8 => {
                let n = Literal::i8_suffixed(int(i8::MIN.into(), i8::MAX.into())? as i8);
                plain(quote!(#n))
            }
            RustType::I16 => {
                let n = Literal::i16_suffixed(int(i16::MIN.into(), i16::MAX.into())? as i16);
                plain(quote!(#n))
            }
            RustType::I32 => {
                let n = Literal::i32_suffixed(int(i32::MIN.into(), i32::MAX.into())? as i32);
                plain(quote!(#n))
            }
            RustType::I64 => {
                let n = Literal::i64_suffixed(int(i64::MIN, i64::MAX)?);
                plain(quote!(#n))
            }
            RustType::F32 | RustType::F64 => {
                let f32_ = *ty == RustType::F32;
                let t = if f32_ { quote!(f32) } else { quote!(f64) };
                match node {
                    Value::String(s) if s == "NaN" => Ok(Expr { tokens: quote!(#t::NAN), nan: true }),
                    Value::String(s) if s == "Infinity" => plain(quote!(#t::INFINITY)),
                    Value::String(s) if s == "-Infinity" => plain(quote!(#t::NEG_INFINITY)),
                    Value::Number(n) => {
                        let v = n.as_f64().ok_or_else(|| format!("{at}: {n} is not a number"))?;
                        if f32_ {
                            let v = v as f32;
                            if !v.is_finite() {
                                return Err(format!("{at}: {n} is out of the range of a float"));
                            }
                            let l = Literal::f32_suffixed(v);
                            plain(quote!(#l))
                        } else {
                            let l = Literal::f64_suffixed(v);
                            plain(quote!(#l))
                        }
                    }
                    _ => Err(format!("{at}: expected a number or \"NaN\", \"Infinity\", \"-Infinity\", found {node}")),
                }
            }
            RustType::String => match node {
                Value::String(s) => plain(quote!(::std::string::String::from(#s))),
                _ => Err(format!("{at}: expected a string, found {node}")),
            },
            RustType::BigInteger | RustType::BigDecimal => {
                let text = match node {
                    Value::Number(n) => {
                        // Integers beyond 2^53 read as f64 have lost digits.
                        if n.is_f64() && n.as_f64().is_some_and(|v| v.abs() >= 9_007_199_254_740_992.0) {
                            self.lossy.borrow_mut().push(format!(
                                "{at}: the number {n} has more digits than the model reader keeps (an f64)"
                            ));
                        }
                        n.to_string()
                    }
                    Value::String(s) => s.clone(),
                    _ => return Err(format!("{at}: expected a number, found {node}")),
                };
                let t = if *ty == RustType::BigInteger { quote!(BigInteger) } else { quote!(BigDecimal) };
                plain(quote!(::ivs_types::rt::#t::parse(#text).expect("a valid number")))
            }
            RustType::Timestamp => {
                let Value::Number(n) = node else {
                    return Err(format!("{at}: expected epoch seconds (a number), found {node}"));
                };
                let (secs, nanos) = epoch(&n.to_string()).ok_or_else(|| format!("{at}: {n} is not a timestamp"))?;
                let secs = Literal::i64_suffixed(secs);
                if nanos == 0 {
                    plain(quote!(::ivs_types::rt::DateTime::from_secs(#secs)))
                } else {
                    let nanos = Literal::u32_suffixed(nanos);
                    plain(
                        quote!(::ivs_types::rt::DateTime::from_secs_and_nanos(#secs, #nanos).expect("a valid timestamp")),
                    )
                }
            }
            RustType::Blob => match node {
                Value::String(s) => {
                    let b = Literal::byte_string(s.as_bytes());
                    plain(quote!(::ivs_types::rt::Blob(#b.to_vec())))
                }
                _ => Err(format!("{at}: expected a string (the blob's bytes), found {node}")),
            },
            RustType::Document => {
                let text = node.to_string();
                plain(quote!(::ivs_types::__private::serde_json::from_str::<::ivs_types::rt::Document>(#text)
                    .expect("a JSON document")))
            }
            RustType::Boxed(inner) => {
                let e = self.value(inner, node, at)?;
                let t = e.tokens;
                Ok(Expr { tokens: quote!(::std::boxed::Box::new(#t)), nan: e.nan })
            }
            RustType::List(inner, sparse) => {
                let a = node.as_array().ok_or_else(|| format!("{at}: expected a list, found {node}"))?;
                let mut nan = false;
                let mut items = Vec::new();
                for (i, v) in a.iter().enumerate() {
                    let at = format!("{at}/{i}");
                    items.push(self.element(inner, *sparse, v, &at, &mut nan)?);
                }
                Ok(Expr { tokens: quote!(::std::vec![#(#items),*]), nan })
            }
            RustType::Map(inner, sparse) => {
                let o = node.as_object().ok_or_else(|| format!("{at}: expected a map (an object), found {node}"))?;
                let mut nan = false;
                let mut entries = Vec::new();
                for (k, v) in o {
                    let at = format!("{at}/{k}");
                    let v = self.element(inner, *sparse, v, &at, &mut nan)?;
                    entries.push(quote!((::std::string::String::from(#k), #v)));
                }
                let v = rust_type(inner);
                let v = if *sparse { quote!(::core::option::Option<#v>) } else { v };
                Ok(Expr {
                    tokens: quote!(::std::collections::BTreeMap::<::std::string::String, #v>::from([#(#entries),*])),
                    nan,
                })
            }
            RustType::Named(n) => {
                if self.structs.contains_key(n.as_str()) {
                    return self.structure(n, node, at);
                }
                let e = self.enums.get(n.as_str()).ok_or_else(|| format!("{at}: no generated type `{n}`"))?;
                let t = type_ref(n);
                match e.kind {
                    EnumKind::String => match node {
                        Value::String(s) => plain(quote!(#t::from(#s))),
                        _ => Err(format!("{at}: expected a string for enum {}, found {node}", e.id)),
                    },
                    EnumKind::Int => {
                        let n = Literal::i32_suffixed(int(i32::MIN.into(), i32::MAX.into())? as i32);
                        plain(quote!(#t::from(#n)))
                    }
                    EnumKind::Union => {
                        let o = node
                            .as_object()
                            .filter(|o| o.len() == 1)
                            .ok_or_else(|| format!("{at}: expected an object with one member for union {}", e.id))?;
                        let (k, v) = o.iter().next().ok_or_else(|| format!("{at}: an empty union"))?;
                        let variant = e
                            .variants
                            .iter()
                            .find(|x| &x.model_name == k)
                            .ok_or_else(|| format!("{at}: union {} has no member `{k}`", e.id))?;
                        let vn = ident(&variant.rust);
                        match &variant.ty {
                            None => plain(quote!(#t::#vn)),
                            Some(ty) => {
                                let x = self.value(ty, v, &format!("{at}/{k}"))?;
                                let inner = x.tokens;
                                Ok(Expr { tokens: quote!(#t::#vn(#inner)), nan: x.nan })
                            }
                        }
                    }
                }
            }
        }
    }

    /// A list element or map value: `Some(v)`/`None` in a sparse collection.
    fn element(&self, ty: &RustType, sparse: bool, v: &Value, at: &str, nan: &mut bool) -> Result<TokenStream, String> {
        match (sparse, v) {
            (true, Value::Null) => Ok(quote!(::core::option::Option::None)),
            (false, Value::Null) => Err(format!("{at}: null in a collection that is not @sparse")),
            (true, v) => {
                let e = self.value(ty, v, at)?;
                *nan |= e.nan;
                let t = e.tokens;
                Ok(quote!(::core::option::Option::Some(#t)))
            }
            (false, v) => {
                let e = self.value(ty, v, at)?;
                *nan |= e.nan;
                Ok(e.tokens)
            }
        }
    }

    fn request_case(&mut self, ctx: &OpCx<'_>, c: &HttpCase, m: &mut Module) -> Result<(), String> {
        let (written, read) = self.written_and_read(&ctx.op.input, &c.params, &format!("case {} params", c.id))?;
        let ignore = self.take_lossy(&ctx.op.id, &c.id);
        let marker = ident(ctx.marker);
        let (input, read_input) = (written.tokens, read.tokens);
        let nan = written.nan;
        let doc = format!(" `{}` of `{}`.", c.id, ctx.op.id);
        for side in c.sides() {
            match side {
                Side::Client => {
                    let name = m.claim(&c.id, "client");
                    let method = &c.method;
                    let uri = &c.uri;
                    let (query, fq, rq) = (&c.query, &c.forbid_query, &c.require_query);
                    let headers = pairs(&c.headers);
                    let (fh, rh) = (&c.forbid_headers, &c.require_headers);
                    let body = opt(c.body.as_deref());
                    let media = opt(c.media_type.as_deref());
                    // Sent to the case's endpoint, when it names one (its path and the
                    // operation's host prefix then show in the request).
                    let endpoint = c.host.as_ref().map(|host| {
                        let endpoint = format!("https://{host}");
                        quote! {
                            let request = ::ivs_types::rt::http::with_endpoint(request, #endpoint).expect("the endpoint applies");
                        }
                    });
                    let resolved_host = opt(c.resolved_host.as_deref());
                    m.tests.push(quote! {
                        #[doc = #doc]
                        #[test]
                        #ignore
                        fn #name() {
                            let input = #input;
                            // Smithy's protocol tests expect this token where a client fills one.
                            ::ivs_types::rt::transfer::set_idempotency_token_source(::core::option::Option::Some(|| {
                                ::std::string::String::from("00000000-0000-4000-8000-000000000000")
                            }));
                            let request = operation::#marker::build_request(&input).expect("the request builds");
                            #endpoint
                            support::check_request(&request, &support::ExpectedRequest {
                                resolved_host: #resolved_host,
                                method: #method,
                                uri: #uri,
                                query: &[#(#query),*],
                                forbid_query: &[#(#fq),*],
                                require_query: &[#(#rq),*],
                                headers: &[#(#headers),*],
                                forbid_headers: &[#(#fh),*],
                                require_headers: &[#(#rh),*],
                                body: #body,
                                media_type: #media,
                            });
                        }
                    });
                }
                Side::Server => {
                    let name = m.claim(&c.id, "server");
                    let request = request_expr(&c.method, &c.uri, &c.query, &c.headers, c.body.as_deref());
                    m.tests.push(quote! {
                        #[doc = #doc]
                        #[test]
                        #ignore
                        fn #name() {
                            let request = #request;
                            let expected = #read_input;
                            match operation::#marker::parse_request(&request) {
                                ::core::result::Result::Ok(got) => support::same(&got, &expected, #nan),
                                ::core::result::Result::Err(e) => panic!("the server refused the request: {e}"),
                            }
                        }
                    });
                }
            }
        }
        Ok(())
    }

    fn response_case(
        &mut self,
        ctx: &OpCx<'_>,
        error: Option<(&StructIr, &str)>,
        c: &HttpCase,
        m: &mut Module,
    ) -> Result<(), String> {
        let target = error.map(|(s, _)| s.name.as_str()).unwrap_or(&ctx.op.output);
        let (written, read) = self.written_and_read(target, &c.params, &format!("case {} params", c.id))?;
        let ignore = self.take_lossy(error.map(|(s, _)| &s.id).unwrap_or(&ctx.op.id), &c.id);
        let marker = ident(ctx.marker);
        let (expr, read_expr) = (written.tokens, read.tokens);
        let nan = written.nan;
        let doc = format!(" `{}` of `{}`.", c.id, error.map(|(s, _)| &s.id).unwrap_or(&ctx.op.id));
        let error_enum = type_ref(&ctx.op.error_path());
        for side in c.sides() {
            match side {
                Side::Client => {
                    let name = m.claim(&c.id, "client");
                    let code = c.code;
                    let headers = pairs(&c.headers);
                    let body = c.body.as_deref().unwrap_or_default();
                    let check = match error {
                        None => quote! {
                            match operation::#marker::parse_response(&response) {
                                ::core::result::Result::Ok(got) => support::same(&got, &expected, #nan),
                                ::core::result::Result::Err(e) => panic!("the response was not read as the output: {e:?}"),
                            }
                        },
                        Some((_, variant)) => {
                            let v = ident(variant);
                            quote! {
                                match operation::#marker::parse_response(&response) {
                                    ::core::result::Result::Err(#error_enum::#v(got, _)) => support::same(&got, &expected, #nan),
                                    other => panic!("the response was not read as the `{}` error: {other:?}", #variant),
                                }
                            }
                        }
                    };
                    m.tests.push(quote! {
                        #[doc = #doc]
                        #[test]
                        #ignore
                        fn #name() {
                            let response = support::response(#code, &[#(#headers),*], #body);
                            let expected = #read_expr;
                            #check
                        }
                    });
                }
                Side::Server => {
                    let name = m.claim(&c.id, "server");
                    let code = c.code;
                    let headers = pairs(&c.headers);
                    let (fh, rh) = (&c.forbid_headers, &c.require_headers);
                    let body = opt(c.body.as_deref());
                    let media = opt(c.media_type.as_deref());
                    let render = match error {
                        None => quote!(operation::#marker::build_response(&value)),
                        Some((_, variant)) => {
                            let v = ident(variant);
                            quote!(#error_enum::#v(value, ::core::option::Option::None).to_response())
                        }
                    };
                    m.tests.push(quote! {
                        #[doc = #doc]
                        #[test]
                        #ignore
                        fn #name() {
                            let value = #expr;
                            let response = #render.expect("the response renders");
                            support::check_response(&response, &support::ExpectedResponse {
                                code: #code,
                                headers: &[#(#headers),*],
                                forbid_headers: &[#(#fh),*],
                                require_headers: &[#(#rh),*],
                                body: #body,
                                media_type: #media,
                            });
                        }
                    });
                }
            }
        }
        Ok(())
    }

    fn malformed_case(&mut self, ctx: &OpCx<'_>, c: &MalformedCase, m: &mut Module) -> Result<(), String> {
        let marker = ident(ctx.marker);
        let name = m.claim(&c.id, "server");
        let doc = format!(" `{}` of `{}`.", c.id, ctx.op.id);
        let request = request_expr(&c.method, &c.uri, &c.query, &c.headers, c.request_body.as_deref());
        let error_enum = type_ref(&ctx.op.error_path());
        // The model's validation exception, when the operation has it.
        let validation = self
            .validation
            .and_then(|ve| ctx.op.errors.iter().find(|(_, e)| e == ve).map(|(v, e)| (ident(v), type_ref(e))));
        let validation = match validation {
            Some((v, e)) => {
                quote!(|report| #error_enum::#v(#e::from(report), ::core::option::Option::None).to_response())
            }
            None => quote!(::ivs_types::rt::http::unmodeled_validation),
        };
        let code = c.code;
        let headers = pairs(&c.response_headers);
        let body_check = match &c.body {
            None => TokenStream::new(),
            Some((media, Assertion::Contents(contents))) => {
                quote!(support::check_body(response.body(), #contents, ::core::option::Option::Some(#media));)
            }
            Some((_, Assertion::MessageRegex(re))) => quote! {
                let message = support::message(response.body());
                let re = ::regex::Regex::new(#re).expect("messageRegex is a regular expression");
                assert!(re.is_match(&message), "the message {message:?} does not match {:?}", #re);
            },
        };
        m.tests.push(quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                let request = #request;
                let response = match operation::#marker::parse_request(&request) {
                    ::core::result::Result::Ok(input) => panic!("the server accepted a request it must refuse: {input:?}"),
                    ::core::result::Result::Err(e) => ::ivs_types::rt::http::reject(e, #validation),
                };
                support::check_status_and_headers(&response, #code, &[#(#headers),*]);
                #body_check
            }
        });
        Ok(())
    }
}

/// `&[("name", "value"), ...]` entries.
fn pairs(v: &[(String, String)]) -> Vec<TokenStream> {
    v.iter().map(|(k, v)| quote!((#k, #v))).collect()
}

fn opt(v: Option<&str>) -> TokenStream {
    match v {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    }
}

fn request_expr(
    method: &str,
    uri: &str,
    query: &[String],
    headers: &[(String, String)],
    body: Option<&str>,
) -> TokenStream {
    let headers = pairs(headers);
    let body = body.unwrap_or_default();
    quote!(support::request(#method, #uri, &[#(#query),*], &[#(#headers),*], #body))
}

/// Epoch seconds (a JSON number's text) as whole seconds and nanoseconds, exactly (digits
/// past the nanosecond are dropped toward negative infinity).
fn epoch(text: &str) -> Option<(i64, u32)> {
    let (negative, t) = match text.strip_prefix('-') {
        Some(t) => (true, t),
        None => (false, text),
    };
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(p) => (&t[..p], t[p + 1..].parse::<i32>().ok()?),
        None => (t, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits: String = format!("{int}{frac}");
    let mut point = int.len() as i64 + i64::from(exp);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || !(-30..=30).contains(&point) {
        return None;
    }
    while point > digits.len() as i64 {
        digits.push('0');
    }
    while point < 0 {
        digits.insert(0, '0');
        point += 1;
    }
    let point = point as usize;
    let whole: i64 = if point == 0 { 0 } else { digits[..point].parse().ok()? };
    let mut f = digits[point..].to_string();
    f.truncate(9);
    while f.len() < 9 {
        f.push('0');
    }
    let nanos: u32 = f.parse().ok()?;
    Some(if !negative {
        (whole, nanos)
    } else if nanos == 0 {
        (-whole, 0)
    } else {
        (-whole - 1, 1_000_000_000 - nanos)
    })
}

/// The helpers of the generated tests, written once per package as
/// `protocol_tests::support`.
pub const SUPPORT: &str = r####"
use ::ivs_types::__private::http;
use ::ivs_types::__private::serde_json::{self, Value};

/// What a client request must be.
pub struct ExpectedRequest<'a> {
    pub resolved_host: Option<&'a str>,
    pub method: &'a str,
    pub uri: &'a str,
    pub query: &'a [&'a str],
    pub forbid_query: &'a [&'a str],
    pub require_query: &'a [&'a str],
    pub headers: &'a [(&'a str, &'a str)],
    pub forbid_headers: &'a [&'a str],
    pub require_headers: &'a [&'a str],
    pub body: Option<&'a str>,
    pub media_type: Option<&'a str>,
}

/// What a server response must be.
pub struct ExpectedResponse<'a> {
    pub code: u16,
    pub headers: &'a [(&'a str, &'a str)],
    pub forbid_headers: &'a [&'a str],
    pub require_headers: &'a [&'a str],
    pub body: Option<&'a str>,
    pub media_type: Option<&'a str>,
}

/// A request as a case gives it: the query string is the case's pairs joined with `&`.
pub fn request(method: &str, uri: &str, query: &[&str], headers: &[(&str, &str)], body: &str) -> http::Request<Vec<u8>> {
    let target = if query.is_empty() { uri.to_string() } else { format!("{uri}?{}", query.join("&")) };
    let mut b = http::Request::builder().method(method).uri(target);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    match b.body(body.as_bytes().to_vec()) {
        Ok(r) => r,
        Err(e) => panic!("the case's request cannot be built: {e}"),
    }
}

/// A response as a case gives it.
pub fn response(code: u16, headers: &[(&str, &str)], body: &str) -> http::Response<Vec<u8>> {
    let mut b = http::Response::builder().status(code);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    match b.body(body.as_bytes().to_vec()) {
        Ok(r) => r,
        Err(e) => panic!("the case's response cannot be built: {e}"),
    }
}

/// Equal, with NaN equal to NaN when the expected value holds one (compared through `Debug`,
/// which prints NaN alike).
pub fn same<T: PartialEq + ::core::fmt::Debug>(got: &T, expected: &T, nan: bool) {
    if got == expected || (nan && format!("{got:?}") == format!("{expected:?}")) {
        return;
    }
    panic!("values differ:\n     got: {got:?}\nexpected: {expected:?}");
}

/// Percent-decoding, `+` as a space in a query string (as servers read it: a client that
/// sends a raw `+` for a plus is caught); text that does not decode stays as it is.
fn decode_query(s: &str) -> String {
    decode(&s.replace('+', " "))
}

/// Percent-decoding (`%XX`; `+` stays `+`); text that does not decode stays as it is.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if let Some(v) = b.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// A query string's pairs, decoded: `(name, None)` for `name` without `=`.
fn query_pairs(query: &str) -> Vec<(String, Option<String>)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode_query(k), Some(decode_query(v))),
            None => (decode_query(p), None),
        })
        .collect()
}

/// A path as its decoded segments (a `%2F` stays inside its segment).
fn segments(path: &str) -> Vec<String> {
    path.split('/').map(decode).collect()
}

/// Every value of a header, joined with `, ` as one field value.
fn header(headers: &http::HeaderMap, name: &str) -> Option<String> {
    let values: Vec<String> =
        headers.get_all(name).iter().map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()).collect();
    if values.is_empty() {
        None
    } else {
        Some(values.join(", "))
    }
}

fn check_headers(
    headers: &http::HeaderMap,
    expected: &[(&str, &str)],
    forbid: &[&str],
    require: &[&str],
    problems: &mut Vec<String>,
) {
    for (k, v) in expected {
        match header(headers, k) {
            Some(got) if got == *v => {}
            Some(got) => problems.push(format!("header {k}: got {got:?}, expected {v:?}")),
            None => problems.push(format!("header {k}: missing, expected {v:?}")),
        }
    }
    for k in forbid {
        if headers.contains_key(*k) {
            problems.push(format!("header {k} must not be sent"));
        }
    }
    for k in require {
        if !headers.contains_key(*k) {
            problems.push(format!("header {k} is required"));
        }
    }
}

/// JSON values equal, numbers by value (`1` and `1.0` are one number).
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// The body against an expected body: empty means no body; JSON media types compare as JSON
/// values, anything else as bytes.
fn body_problem(got: &[u8], expected: &str, media_type: Option<&str>) -> Option<String> {
    if expected.is_empty() {
        return (!got.is_empty()).then(|| format!("body: expected none, got {:?}", String::from_utf8_lossy(got)));
    }
    let json = media_type.is_some_and(|m| {
        let m = m.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        m == "application/json" || m.ends_with("+json")
    });
    if json {
        let want: Value = match serde_json::from_str(expected) {
            Ok(v) => v,
            Err(e) => return Some(format!("the case's expected body is not JSON: {e}")),
        };
        match serde_json::from_slice::<Value>(got) {
            Ok(v) if json_eq(&v, &want) => None,
            Ok(v) => Some(format!("body: got {v}, expected {want}")),
            Err(_) => Some(format!("body: not JSON: {:?}, expected {want}", String::from_utf8_lossy(got))),
        }
    } else if got == expected.as_bytes() {
        None
    } else {
        Some(format!("body: got {:?}, expected {expected:?}", String::from_utf8_lossy(got)))
    }
}

fn finish(problems: Vec<String>) {
    if !problems.is_empty() {
        panic!("{}", problems.join("\n"));
    }
}

/// A client request against a case.
pub fn check_request(request: &http::Request<Vec<u8>>, expected: &ExpectedRequest<'_>) {
    let mut problems = Vec::new();
    if request.method().as_str() != expected.method {
        problems.push(format!("method: got {}, expected {}", request.method(), expected.method));
    }
    let path = request.uri().path();
    if segments(path) != segments(expected.uri) {
        problems.push(format!("path: got {path:?}, expected {:?}", expected.uri));
    }
    let mut got = query_pairs(request.uri().query().unwrap_or_default());
    let all = got.clone();
    for q in expected.query {
        let want = query_pairs(q);
        for pair in want {
            match got.iter().position(|g| *g == pair) {
                Some(i) => {
                    got.remove(i);
                }
                None => problems.push(format!("query: {q:?} missing (query string: {:?})", request.uri().query().unwrap_or_default())),
            }
        }
    }
    for q in expected.forbid_query {
        let name = decode_query(q);
        if all.iter().any(|(k, _)| *k == name) {
            problems.push(format!("query: {q:?} must not be sent"));
        }
    }
    for q in expected.require_query {
        let name = decode_query(q);
        if !all.iter().any(|(k, _)| *k == name) {
            problems.push(format!("query: {q:?} is required"));
        }
    }
    check_headers(request.headers(), expected.headers, expected.forbid_headers, expected.require_headers, &mut problems);
    if let Some(body) = expected.body {
        problems.extend(body_problem(request.body(), body, expected.media_type));
    }
    if let Some(host) = expected.resolved_host {
        if request.uri().host() != Some(host) {
            problems.push(format!("host: got {:?}, expected {host:?}", request.uri().host()));
        }
    }
    finish(problems);
}

/// A server response against a case.
pub fn check_response(response: &http::Response<Vec<u8>>, expected: &ExpectedResponse<'_>) {
    let mut problems = Vec::new();
    if response.status().as_u16() != expected.code {
        problems.push(format!("status: got {}, expected {}", response.status().as_u16(), expected.code));
    }
    check_headers(response.headers(), expected.headers, expected.forbid_headers, expected.require_headers, &mut problems);
    if let Some(body) = expected.body {
        problems.extend(body_problem(response.body(), body, expected.media_type));
    }
    finish(problems);
}

/// The status and headers of a rejection.
pub fn check_status_and_headers(response: &http::Response<Vec<u8>>, code: u16, headers: &[(&str, &str)]) {
    let mut problems = Vec::new();
    if response.status().as_u16() != code {
        problems.push(format!(
            "status: got {}, expected {code} (body {:?})",
            response.status().as_u16(),
            String::from_utf8_lossy(response.body())
        ));
    }
    check_headers(response.headers(), headers, &[], &[], &mut problems);
    finish(problems);
}

/// The body of a rejection against the case's `contents`.
pub fn check_body(body: &[u8], contents: &str, media_type: Option<&str>) {
    finish(body_problem(body, contents, media_type).into_iter().collect());
}

/// The `message` of a JSON error body (empty when there is none).
pub fn message(body: &[u8]) -> String {
    serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_default()
}
"####;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_interpolate_as_smithy_does() {
        let p = vec![("value".to_string(), vec!["a\"b".to_string(), "👍".to_string()])];
        assert_eq!(interpolate("{ \"x\": $value:S } $$ $value:L", &p, 0).unwrap(), "{ \"x\": \"a\\\"b\" } $ a\"b");
        assert_eq!(interpolate("$value:S", &p, 1).unwrap(), "\"\\ud83d\\udc4d\"");
        assert!(interpolate("$other:L", &p, 0).is_err());
        assert!(interpolate("$value", &p, 0).is_err());
        assert!(interpolate("$ab😀 $é:L $value:é", &p, 0).is_err(), "never a panic on multi-byte text");
        assert_eq!(interpolate("^[a-m]+$$", &p, 0).unwrap(), "^[a-m]+$");
    }

    #[test]
    fn epoch_seconds_are_exact() {
        assert_eq!(epoch("1398796238"), Some((1398796238, 0)));
        assert_eq!(epoch("1398796238.123"), Some((1398796238, 123_000_000)));
        assert_eq!(epoch("-0.5"), Some((-1, 500_000_000)));
        assert_eq!(epoch("1.5e9"), Some((1_500_000_000, 0)));
        assert_eq!(epoch("1e-3"), Some((0, 1_000_000)));
        assert_eq!(epoch("x"), None);
    }

    #[test]
    fn ids_become_snake_case_names() {
        assert_eq!(snake("RestJsonHttpPayloadTraitsWithBlob"), "rest_json_http_payload_traits_with_blob");
        assert_eq!(
            snake("RestJsonMalformedLengthBlobOverride_case0"),
            "rest_json_malformed_length_blob_override_case0"
        );
    }

    #[test]
    fn support_parses() {
        assert!(syn::parse_str::<syn::File>(SUPPORT).is_ok());
    }

    /// A small restJson1 service whose one operation carries `cases` as its request tests.
    fn model(cases: &str) -> String {
        format!(
            r#"{{"smithy": "2.0", "shapes": {{
                "t#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "t#Put"}}],
                          "traits": {{"aws.protocols#restJson1": {{}}}}}},
                "t#Put": {{"type": "operation", "input": {{"target": "t#PutInput"}},
                          "traits": {{"smithy.api#http": {{"method": "POST", "uri": "/p/{{id}}"}},
                                     "smithy.test#httpRequestTests": {cases}}}}},
                "t#PutInput": {{"type": "structure", "members": {{
                    "id": {{"target": "smithy.api#String", "traits": {{"smithy.api#required": {{}}, "smithy.api#httpLabel": {{}}}}}},
                    "n": {{"target": "smithy.api#Float"}},
                    "when": {{"target": "smithy.api#Timestamp"}},
                    "tags": {{"target": "t#Tags"}},
                    "big": {{"target": "smithy.api#BigInteger"}}
                }}}},
                "t#Tags": {{"type": "list", "member": {{"target": "smithy.api#String"}}}}
            }}}}"#
        )
    }

    fn generate(cases: &str) -> Result<crate::Generated, crate::GenError> {
        let options = crate::Options { protocol_tests: true };
        crate::generate(&model(cases), &crate::Selection::All, &Default::default(), &options)
    }

    #[test]
    fn cases_become_tests_deterministically() {
        let cases = r#"[{"id": "PutIt", "protocol": "aws.protocols#restJson1", "method": "POST", "uri": "/p/a",
            "params": {"id": "a", "n": "NaN", "when": 1.5, "tags": ["x"]}, "body": "{}", "bodyMediaType": "application/json"},
            {"id": "PutOther", "protocol": "aws.protocols#awsJson1_1", "method": "POST", "uri": "/"}]"#;
        let a = generate(cases).expect("generates");
        assert_eq!(a.protocol_tests, 2, "client and server of the restJson1 case only");
        assert!(a.text.contains("fn put_it__client()"), "{}", a.text);
        assert!(a.text.contains("fn put_it__server()"));
        assert!(a.text.contains("f32::NAN"));
        assert!(a.text.contains("from_secs_and_nanos") && a.text.contains("500000000u32"), "{}", a.text);
        assert_eq!(a.text, generate(cases).expect("generates").text, "same model, same bytes");
        let none = crate::generate(&model(cases), &crate::Selection::All, &Default::default(), &Default::default())
            .expect("generates");
        assert!(!none.text.contains("protocol_tests"), "nothing without the option");
    }

    /// An id whose snake case starts with a digit still names a test.
    #[test]
    fn odd_ids_still_name_tests() {
        let cases = r#"[{"id": "_1Odd", "protocol": "aws.protocols#restJson1", "method": "POST", "uri": "/p/a",
            "params": {"id": "a"}}]"#;
        let g = generate(cases).expect("generates");
        assert!(g.text.contains("fn case_1odd__client()"), "{}", g.text);
    }

    /// A big number the model reader kept as an f64 (digits lost) gives `#[ignore]` tests and a
    /// warning naming the operation and the case, which `--strict` makes an error.
    #[test]
    fn lossy_big_numbers_are_ignored_with_a_warning() {
        let cases = r#"[{"id": "Big", "protocol": "aws.protocols#restJson1", "method": "POST", "uri": "/p/a",
            "params": {"id": "a", "big": 123456789012345678901234567890}}]"#;
        let g = generate(cases).expect("generates");
        assert_eq!(g.text.matches("#[ignore = \"params cannot be built exactly").count(), 2, "{}", g.text);
        assert!(g.ir.warnings.iter().any(|w| w.starts_with("t#Put: protocol test Big")), "{:?}", g.ir.warnings);
    }

    /// A malformed test trait is a model error naming the operation and what is wrong; never
    /// a panic.
    #[test]
    fn bad_cases_are_model_errors() {
        let bad = [
            (r#"[{"id": "X1", "protocol": "aws.protocols#restJson1", "uri": "/p/a"}]"#, "`method` is required"),
            (
                r#"[{"id": "1x", "protocol": "aws.protocols#restJson1", "method": "POST", "uri": "/"}]"#,
                "not an identifier",
            ),
            (
                r#"[{"id": "X2", "protocol": "aws.protocols#restJson1", "method": "POST", "uri": "/", "params": {"nope": 1}}]"#,
                "no member `nope`",
            ),
            (
                r#"[{"id": "X3", "protocol": "aws.protocols#restJson1", "method": "POST", "uri": "/", "params": {"n": 1e300}}]"#,
                "out of the range",
            ),
            (
                r#"[{"id": "X4", "protocol": "aws.protocols#restJson1", "method": "POST", "uri": "/", "params": {"tags": [null]}}]"#,
                "not @sparse",
            ),
            (
                r#"[{"id": "X5", "protocol": "aws.protocols#restJson1", "method": "POST", "uri": "/", "appliesTo": "both"}]"#,
                "`appliesTo`",
            ),
            (r#"[7]"#, "must be an object"),
        ];
        for (cases, why) in bad {
            match generate(cases) {
                Err(crate::GenError::Model(p)) => {
                    let text = p.to_string();
                    assert!(text.contains("t#Put") && text.contains(why), "{cases}: {text}");
                }
                Err(e) => panic!("{cases}: not a model error: {e}"),
                Ok(_) => panic!("{cases}: accepted"),
            }
        }
    }
}
