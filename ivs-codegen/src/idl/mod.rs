//! Smithy IDL (2.0 and 1.0) read natively, beside the JSON AST reader.
//!
//! [`lexer`] tokenizes, [`parser`] reads one file by recursive descent (after the reference
//! loader's `IdlModelLoader`, so a syntax error comes at the reference's line and column),
//! and [`assemble`] resolves shape ids across every file (`use`, the namespace, the prelude;
//! forward references), fills elided targets from mixins and `for` resources, merges
//! `apply`, upgrades 1.0 files and writes one JSON AST as the reference serializer writes
//! it, as node values. `generate` reads those values into the model with
//! [`crate::Model::from_ast`], the JSON reader's own conversion without the JSON text (one
//! model type; the tests check it equals `Model::from_json` of the same JSON AST written
//! out). JSON AST files can be mixed in; conflicting shape definitions and metadata are
//! errors naming both files.
//!
//! Hand-written rather than a parser generator: the reference's error positions and its
//! context-sensitive rules (`with`/`for` are identifiers, whitespace-sensitive line breaks,
//! doc comments attached by position) are easiest to match statement by statement.

pub mod assemble;
pub mod lexer;
pub mod node;
pub mod parser;

use std::path::{Path, PathBuf};

pub use assemble::AssembleError;
pub use node::Node;

/// The model files of `paths`: files as given, folders searched recursively for `.smithy`
/// and `.json` files (sorted, so the result does not depend on the file system's order).
pub fn model_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, AssembleError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), AssembleError> {
    let rd = std::fs::read_dir(dir).map_err(|e| io_error(dir, e))?;
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            walk(&e, out)?;
        } else if matches!(e.extension().and_then(|x| x.to_str()), Some("smithy") | Some("json")) {
            out.push(e);
        }
    }
    Ok(())
}

fn io_error(p: &Path, e: std::io::Error) -> AssembleError {
    AssembleError { file: p.display().to_string(), line: 0, column: 0, message: format!("cannot read: {e}") }
}

/// Reads the files and folders of `paths` into one JSON AST; also returns every file read.
pub fn load(paths: &[PathBuf]) -> Result<(Node, Vec<PathBuf>), AssembleError> {
    let files = model_files(paths)?;
    let mut sources = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).map_err(|e| io_error(f, e))?;
        sources.push((f.display().to_string(), text));
    }
    Ok((load_sources(&sources)?, files))
}

/// Assembles named sources (`.json` names are JSON AST, every other name IDL).
pub fn load_sources(sources: &[(String, String)]) -> Result<Node, AssembleError> {
    let mut parsed = Vec::new();
    for (name, text) in sources {
        let file = if name.ends_with(".json") {
            from_json_ast(text).map_err(|message| AssembleError { file: name.clone(), line: 0, column: 0, message })?
        } else {
            parse_idl(text).map_err(|e| {
                // A string's or identifier's own error names where inside the token it is.
                let (line, column) = inner_position(&e.message).unwrap_or((e.line, e.column));
                AssembleError { file: name.clone(), line, column, message: e.message }
            })?
        };
        parsed.push((name.clone(), file));
    }
    assemble::assemble(parsed)
}

fn inner_position(message: &str) -> Option<(usize, usize)> {
    let rest = &message[message.find("Syntax error at line ")? + "Syntax error at line ".len()..];
    let (line, rest) = rest.split_once(", column ")?;
    let (column, _) = rest.split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// Parses one IDL file (no resolution).
pub fn parse_idl(text: &str) -> Result<parser::ParsedFile, lexer::SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    parser::parse(text)
}

/// A JSON AST document as a parsed file (ids are absolute already).
pub fn from_json_ast(text: &str) -> Result<parser::ParsedFile, String> {
    use parser::{Field, ParsedFile, RawApply, RawMember, RawShape, Trait};
    let root = node::parse_json_ordered(text).map_err(|e| format!("invalid JSON: {e}"))?;
    let mut f = ParsedFile::default();
    let version = root.get("smithy").and_then(Node::as_str).ok_or("missing `smithy` version")?;
    f.v1 = match version {
        "1" | "1.0" => true,
        "2" | "2.0" => false,
        v => return Err(format!("unsupported Smithy version `{v}`")),
    };
    if let Some(Node::Obj(m)) = root.get("metadata") {
        f.metadata = m.clone();
    }
    let traits_of = |n: &Node| -> Result<Vec<Trait>, String> {
        match n.get("traits") {
            None => Ok(Vec::new()),
            Some(Node::Obj(o)) => Ok(o
                .iter()
                .map(|(k, v)| Trait { name: k.clone(), value: v.clone(), annotation: false, line: 0, column: 0 })
                .collect()),
            Some(_) => Err("`traits` must be an object".into()),
        }
    };
    let target_of = |n: &Node, what: &str| -> Result<String, String> {
        n.get("target").and_then(Node::as_str).map(str::to_string).ok_or_else(|| format!("{what}: missing `target`"))
    };
    let Some(Node::Obj(shapes)) = root.get("shapes") else {
        return Ok(f);
    };
    for (id, s) in shapes {
        if !id.contains('#') {
            return Err(format!("`{id}` is not an absolute shape id"));
        }
        let ty = s.get("type").and_then(Node::as_str).ok_or_else(|| format!("{id}: missing `type`"))?;
        if ty == "apply" {
            f.applies.push(RawApply { target: id.clone(), traits: traits_of(s)?, line: 0, column: 0 });
            continue;
        }
        let mut shape = RawShape {
            id: id.clone(),
            ty: ty.to_string(),
            line: 0,
            column: 0,
            mixins: Vec::new(),
            for_resource: None,
            members: Vec::new(),
            traits: traits_of(s)?,
            fields: Vec::new(),
        };
        if let Some(Node::Arr(m)) = s.get("mixins") {
            for x in m {
                shape.mixins.push(target_of(x, id)?);
            }
        }
        let member = |name: &str, m: &Node| -> Result<RawMember, String> {
            Ok(RawMember {
                name: name.to_string(),
                target: Some(target_of(m, &format!("{id}${name}"))?),
                traits: traits_of(m)?,
                line: 0,
                column: 0,
            })
        };
        match ty {
            "structure" | "union" | "enum" | "intEnum" => {
                if let Some(Node::Obj(ms)) = s.get("members") {
                    for (n, m) in ms {
                        shape.members.push(member(n, m)?);
                    }
                }
            }
            "list" | "set" | "map" => {
                for key in ["member", "key", "value"] {
                    if let Some(m) = s.get(key) {
                        shape.members.push(member(key, m)?);
                    }
                }
            }
            _ => {}
        }
        for (k, v) in match s {
            Node::Obj(o) => o.as_slice(),
            _ => &[],
        } {
            let field = match (ty, k.as_str()) {
                ("service", "version") => Field::Version(v.as_str().unwrap_or_default().to_string()),
                ("service", "rename") => Field::Rename(match v {
                    Node::Obj(o) => {
                        o.iter().map(|(a, b)| (a.clone(), b.as_str().unwrap_or_default().to_string())).collect()
                    }
                    _ => Vec::new(),
                }),
                ("service", "operations" | "resources" | "errors")
                | ("resource", "operations" | "resources" | "collectionOperations")
                | ("operation", "errors") => Field::Refs(match v {
                    Node::Arr(a) => a.iter().map(|x| target_of(x, id)).collect::<Result<_, _>>()?,
                    _ => Vec::new(),
                }),
                ("resource", "put" | "create" | "read" | "update" | "delete" | "list")
                | ("operation", "input" | "output") => Field::Ref(target_of(v, id)?),
                ("resource", "identifiers" | "properties") => Field::RefMap(match v {
                    Node::Obj(o) => {
                        o.iter().map(|(n, x)| Ok((n.clone(), target_of(x, id)?))).collect::<Result<_, String>>()?
                    }
                    _ => Vec::new(),
                }),
                _ => continue,
            };
            shape.fields.push((k.clone(), field));
        }
        f.shapes.push(shape);
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ast(text: &str) -> serde_json::Value {
        let node = load_sources(&[("t.smithy".into(), text.into())]).unwrap_or_else(|e| panic!("{e}"));
        serde_json::from_str(&node.to_json(false)).unwrap()
    }

    fn err(text: &str) -> String {
        load_sources(&[("t.smithy".into(), text.into())]).unwrap_err().to_string()
    }

    #[test]
    fn idl_text_blocks_escapes_and_doc_comments() {
        let v = ast(concat!(
            "$version: \"2\"\nnamespace ex\n\n",
            "/// First line.\n///Second line.\n@pattern(\"a\\\\d\\u0041\\n\")\n",
            "@since(\"\"\"\n    one\n      two\n    \"\"\")\nstring S\n",
        ));
        let traits = &v["shapes"]["ex#S"]["traits"];
        assert_eq!(traits["smithy.api#documentation"], "First line.\nSecond line.");
        assert_eq!(traits["smithy.api#pattern"], "a\\dA\n");
        assert_eq!(traits["smithy.api#since"], "one\n  two\n");
    }

    #[test]
    fn idl_members_defaults_commas_and_elision() {
        let v = ast(concat!(
            "$version: \"2.0\"\nnamespace ex\nuse other#Thing\n",
            "@mixin\nstructure M { id: String }\n",
            "structure S with [M] { $id, @required count: Integer = 1,\n thing: Thing, later: Later }\n",
            "structure Later {}\n",
        ));
        let s = &v["shapes"]["ex#S"];
        assert_eq!(s["members"]["count"]["traits"]["smithy.api#default"], 1);
        assert_eq!(s["members"]["count"]["traits"]["smithy.api#required"], serde_json::json!({}));
        assert_eq!(s["members"]["thing"]["target"], "other#Thing");
        assert_eq!(s["members"]["later"]["target"], "ex#Later");
        // The elided member comes from the mixin and adds nothing: not written.
        assert!(s["members"].get("id").is_none());
    }

    #[test]
    fn idl_version_1_is_upgraded() {
        let v = ast("namespace ex\nstructure S { a: PrimitiveInteger, b: Integer, @box c: PrimitiveLong }\nset L { member: String }\n");
        let m = &v["shapes"]["ex#S"]["members"];
        assert_eq!(m["a"]["traits"]["smithy.api#default"], 0);
        assert!(m["b"].get("traits").is_none());
        assert_eq!(m["c"]["traits"]["smithy.api#default"], serde_json::Value::Null);
        assert_eq!(v["shapes"]["ex#L"]["type"], "list");
        assert_eq!(v["shapes"]["ex#L"]["traits"]["smithy.api#uniqueItems"], serde_json::json!({}));
    }

    #[test]
    fn idl_errors_name_line_and_column() {
        assert_eq!(
            err("$version: \"2\"\nnamespace ex\nstructure S {\n  a String\n}\n"),
            "t.smithy:4:5: Expected COLON(':') but found IDENTIFIER('String')"
        );
        assert_eq!(err("$version: \"3\"\n"), "t.smithy:1:14: Unsupported Smithy version number: 3");
    }
}

#[cfg(test)]
mod limits {
    use super::*;

    #[test]
    fn idl_long_mixin_chains_are_refused_not_a_stack_overflow() {
        let mut text = String::from("$version: \"2\"\nnamespace ex\n@mixin\nstructure M0 {}\n");
        for i in 1..5000 {
            text.push_str(&format!("@mixin\nstructure M{i} with [M{}] {{}}\n", i - 1));
        }
        let e = load_sources(&[("t.smithy".into(), text)]).unwrap_err();
        assert!(e.message.contains("nested more than 256"), "{e}");
    }
}

#[cfg(test)]
mod json_text {
    use super::Node;

    #[test]
    fn idl_json_text_escapes_round_trip() {
        let s = "a\"b\\c\nd\re\tf\u{1}g\u{7f}é😀";
        let n = Node::Obj(vec![(s.to_string(), Node::Arr(vec![Node::Str(s.to_string()), Node::Num("1.5".into())]))]);
        for pretty in [false, true] {
            let v: serde_json::Value = serde_json::from_str(&n.to_json(pretty)).unwrap();
            assert_eq!(v, serde_json::json!({ s: [s, 1.5] }));
        }
    }
}
