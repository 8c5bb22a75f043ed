//! Recursive descent over the tokens of one IDL file, after the reference loader
//! (`IdlModelLoader`): the same statements, the same checks in the same order, so errors
//! come at the same line and column. Shape ids are kept as written, with the file's
//! namespace and `use` statements, and resolved when every file is read (forward
//! references across files).

use std::collections::HashMap;

use super::lexer::{Lexer, Result, SyntaxError, Tok};
use super::node::Node;

const MAX_NESTING: usize = 64;

/// A trait application as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Trait {
    /// The trait's shape id as written (absolute when it came from the JSON AST).
    pub name: String,
    pub value: Node,
    /// `@foo` or `@foo()`: the value is filled in by the trait's shape type.
    pub annotation: bool,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawMember {
    pub name: String,
    /// None when elided (`$name`).
    pub target: Option<String>,
    pub traits: Vec<Trait>,
    pub line: usize,
    pub column: usize,
}

/// A service, resource or operation property.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Ref(String),
    Refs(Vec<String>),
    RefMap(Vec<(String, String)>),
    Version(String),
    Rename(Vec<(String, String)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawShape {
    pub id: String,
    pub ty: String,
    pub line: usize,
    pub column: usize,
    pub mixins: Vec<String>,
    pub for_resource: Option<String>,
    pub members: Vec<RawMember>,
    pub traits: Vec<Trait>,
    pub fields: Vec<(String, Field)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawApply {
    pub target: String,
    pub traits: Vec<Trait>,
    pub line: usize,
    pub column: usize,
}

/// One file, read.
#[derive(Debug, Clone, Default)]
pub struct ParsedFile {
    pub v1: bool,
    pub namespace: Option<String>,
    pub uses: HashMap<String, String>,
    pub metadata: Vec<(String, Node)>,
    pub shapes: Vec<RawShape>,
    pub applies: Vec<RawApply>,
}

/// The shape type names of the IDL (and of the JSON AST).
pub(crate) const SHAPE_TYPES: &[&str] = &[
    "blob",
    "boolean",
    "string",
    "timestamp",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "document",
    "bigDecimal",
    "bigInteger",
    "enum",
    "intEnum",
    "list",
    "set",
    "map",
    "structure",
    "union",
    "service",
    "resource",
    "operation",
];

struct Parser<'a> {
    t: Lexer<'a>,
    nesting: usize,
    out: ParsedFile,
    input_suffix: String,
    output_suffix: String,
}

/// Parses one IDL file.
pub fn parse(text: &str) -> Result<ParsedFile> {
    let mut p = Parser {
        t: Lexer::new(text),
        nesting: 0,
        out: ParsedFile { v1: true, ..Default::default() },
        input_suffix: "Input".into(),
        output_suffix: "Output".into(),
    };
    p.file()?;
    Ok(p.out)
}

fn is_definitely_id(s: &str) -> bool {
    s.contains(['.', '$', '#'])
}

impl<'a> Parser<'a> {
    fn err(&self, m: impl Into<String>) -> SyntaxError {
        self.t.err(m)
    }

    fn expect(&self, toks: &[Tok]) -> Result<Tok> {
        self.t.expect(toks)
    }

    fn inc(&mut self) -> Result<()> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return Err(self.err(format!("Parser exceeded maximum allowed depth of {MAX_NESTING}")));
        }
        Ok(())
    }

    fn file(&mut self) -> Result<()> {
        self.t.skip_ws_and_docs();
        self.control()?;
        self.t.skip_ws_and_docs();
        self.metadata()?;
        self.shape_section()
    }

    fn control(&mut self) -> Result<()> {
        let mut defined: Vec<String> = Vec::new();
        while self.t.tok == Tok::Dollar {
            self.t.next();
            self.expect(&[Tok::Ident, Tok::Str])?;
            let key = self.string_slice();
            self.t.next();
            self.t.skip_spaces();
            self.expect(&[Tok::Colon])?;
            self.t.next();
            self.t.skip_spaces();
            if defined.contains(&key) {
                return Err(self.err(format!("Duplicate control statement `{key}`")));
            }
            defined.push(key.clone());
            let (line, col) = (self.t.tline, self.t.tcol);
            let value = self.node()?;
            match key.as_str() {
                "version" => {
                    let v = match &value {
                        Node::Str(s) => s.clone(),
                        other => {
                            return Err(SyntaxError {
                                line,
                                column: col,
                                message: format!(
                                    "The $version control statement must have a string value, but found {}",
                                    other.to_json(false)
                                ),
                            })
                        }
                    };
                    match v.as_str() {
                        "1" | "1.0" => self.out.v1 = true,
                        "2" | "2.0" => self.out.v1 = false,
                        _ => return Err(self.err(format!("Unsupported Smithy version number: {v}"))),
                    }
                }
                "operationInputSuffix" | "operationOutputSuffix" => {
                    let s = match &value {
                        Node::Str(s) => s.clone(),
                        other => {
                            return Err(SyntaxError {
                                line,
                                column: col,
                                message: format!("Expected a string value but found {}", other.kind()),
                            })
                        }
                    };
                    if key == "operationInputSuffix" {
                        self.input_suffix = s;
                    } else {
                        self.output_suffix = s;
                    }
                }
                _ => {}
            }
            self.t.expect_and_skip_br().map_err(|e| self.fix(e))?;
        }
        Ok(())
    }

    fn fix(&self, e: SyntaxError) -> SyntaxError {
        e
    }

    fn string_slice(&mut self) -> String {
        match self.t.tok {
            Tok::Str | Tok::TextBlock => std::mem::take(&mut self.t.text),
            _ => self.t.lexeme(),
        }
    }

    fn metadata(&mut self) -> Result<()> {
        while self.t.is_lexeme("metadata") {
            self.t.next();
            self.t.expect_and_skip_spaces().map_err(|e| self.fix(e))?;
            self.expect(&[Tok::Ident, Tok::Str])?;
            let key = self.string_slice();
            self.t.next();
            self.t.skip_spaces();
            self.expect(&[Tok::Equal])?;
            self.t.next();
            self.t.skip_spaces();
            let value = self.node()?;
            self.out.metadata.push((key, value));
            self.t.expect_and_skip_br().map_err(|e| self.fix(e))?;
            self.t.skip_ws_and_docs();
        }
        Ok(())
    }

    fn shape_section(&mut self) -> Result<()> {
        if self.t.is_lexeme("namespace") {
            self.t.next();
            self.t.expect_and_skip_spaces().map_err(|e| self.fix(e))?;
            let ns = self.namespace_id()?;
            self.out.namespace = Some(ns);
            self.t.expect_and_skip_br().map_err(|e| self.fix(e))?;
            let (dl, dc) = (self.t.tline, self.t.tcol);
            self.t.skip_ws_and_docs();
            self.uses()?;
            // The first shape statement.
            if self.t.tok != Tok::Eof {
                self.t.skip_ws_and_docs();
                let doc = self.t.take_docs();
                let mut traits = self.docs_and_traits(false)?;
                let has_doc = doc.is_some();
                if let Some(d) = doc {
                    traits.push(Trait {
                        name: "smithy.api#documentation".into(),
                        value: Node::Str(d),
                        annotation: false,
                        line: dl,
                        column: dc,
                    });
                }
                if self.shape_definition(&traits, has_doc) {
                    self.shape_or_apply(traits)?;
                }
            }
            while self.t.has_next() {
                let has_doc = self.t.tok == Tok::DocComment;
                let traits = self.docs_and_traits(false)?;
                if self.shape_definition(&traits, has_doc) {
                    self.shape_or_apply(traits)?;
                }
            }
            Ok(())
        } else if self.t.has_next() {
            Err(self.err(format!("Expected a namespace definition but found {}", self.t.tok.debug(&self.t.lexeme()))))
        } else {
            Ok(())
        }
    }

    fn shape_definition(&self, traits: &[Trait], has_doc: bool) -> bool {
        if self.t.tok != Tok::Eof {
            true
        } else if has_doc {
            traits.len() != 1
        } else {
            !traits.is_empty()
        }
    }

    fn uses(&mut self) -> Result<()> {
        while self.t.tok == Tok::Ident {
            if self.t.lexeme() != "use" {
                break;
            }
            self.t.next();
            self.t.expect_and_skip_spaces().map_err(|e| self.fix(e))?;
            let (line, column) = (self.t.tline, self.t.tcol);
            let id = self.absolute_id()?;
            if id.contains('$') {
                return Err(SyntaxError { line, column, message: "Use statements cannot use members".into() });
            }
            let name = id.split('#').nth(1).unwrap_or("").to_string();
            if let Some(prev) = self.out.uses.get(&name) {
                return Err(SyntaxError {
                    line,
                    column,
                    message: format!("Cannot use name `{name}` because it conflicts with `{prev}`")
                        .replace(&format!("`{name}` because"), &format!("`{id}` because")),
                });
            }
            self.out.uses.insert(name, id);
            self.t.expect_and_skip_br().map_err(|e| self.fix(e))?;
            self.t.skip_ws_and_docs();
        }
        Ok(())
    }

    // ---- shape ids

    fn ident_run(&mut self) -> Result<()> {
        self.expect(&[Tok::Ident])?;
        self.t.next();
        while self.t.tok == Tok::Dot {
            self.t.next();
            self.expect(&[Tok::Ident])?;
            self.t.next();
        }
        Ok(())
    }

    /// The text from `start` to the end of the last token consumed.
    fn text_from(&self, start: usize) -> String {
        self.t.slice(start, self.t.start)
    }

    fn namespace_id(&mut self) -> Result<String> {
        let start = self.t.start;
        self.ident_run()?;
        Ok(self.text_from(start))
    }

    fn relative_root(&mut self) -> Result<()> {
        self.expect(&[Tok::Ident])?;
        self.t.next();
        if self.t.tok == Tok::Dollar {
            self.t.next();
            self.expect(&[Tok::Ident])?;
            self.t.next();
        }
        Ok(())
    }

    fn absolute_id(&mut self) -> Result<String> {
        let start = self.t.start;
        self.ident_run()?;
        self.expect(&[Tok::Pound])?;
        self.t.next();
        self.relative_root()?;
        Ok(self.text_from(start))
    }

    fn shape_id(&mut self) -> Result<String> {
        let start = self.t.start;
        self.ident_run()?;
        if self.t.tok != Tok::Dollar && self.t.tok != Tok::Pound {
            return Ok(self.text_from(start));
        }
        self.t.next();
        self.relative_root()?;
        Ok(self.text_from(start))
    }

    // ---- nodes

    fn number(&self) -> Node {
        Node::Num(canonical_number(&self.t.text))
    }

    fn node(&mut self) -> Result<Node> {
        let tok = self.expect(&[Tok::Str, Tok::TextBlock, Tok::Number, Tok::Ident, Tok::LBrace, Tok::LBracket])?;
        match tok {
            Tok::Str | Tok::TextBlock => {
                let v = Node::Str(std::mem::take(&mut self.t.text));
                self.t.next();
                Ok(v)
            }
            Tok::Ident => {
                let id = self.shape_id()?;
                Ok(identifier(id))
            }
            Tok::Number => {
                let v = self.number();
                self.t.next();
                Ok(v)
            }
            Tok::LBrace => self.object(),
            _ => self.array(),
        }
    }

    fn array(&mut self) -> Result<Node> {
        self.inc()?;
        self.expect(&[Tok::LBracket])?;
        self.t.next();
        self.t.skip_ws_and_docs();
        let mut v = Vec::new();
        while self.t.tok != Tok::RBracket {
            v.push(self.node()?);
            self.t.skip_ws_and_docs();
        }
        self.t.next();
        self.nesting -= 1;
        Ok(Node::Arr(v))
    }

    fn object(&mut self) -> Result<Node> {
        self.expect(&[Tok::LBrace])?;
        self.t.next();
        self.t.skip_ws_and_docs();
        self.inc()?;
        let mut entries: Vec<(String, Node)> = Vec::new();
        while self.t.has_next() {
            if self.expect(&[Tok::RBrace, Tok::Str, Tok::Ident])? == Tok::RBrace {
                break;
            }
            let key = self.string_slice();
            let (kl, kc) = (self.t.tline, self.t.tcol);
            self.t.next();
            self.t.skip_ws_and_docs();
            self.expect(&[Tok::Colon])?;
            self.t.next();
            self.t.skip_ws_and_docs();
            let value = self.node()?;
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(SyntaxError { line: kl, column: kc, message: format!("Duplicate member: '{key}'") });
            }
            entries.push((key, value));
            self.t.skip_ws_and_docs();
        }
        self.expect(&[Tok::RBrace])?;
        self.t.next();
        self.nesting -= 1;
        Ok(Node::Obj(entries))
    }

    // ---- traits

    fn docs_and_traits(&mut self, member: bool) -> Result<Vec<Trait>> {
        self.t.skip_ws();
        let mut doc = None;
        if self.t.tok == Tok::DocComment {
            let (l, c) = (self.t.tline, self.t.tcol);
            self.t.skip_ws_and_docs();
            if let Some(d) = self.t.take_docs() {
                doc = Some(Trait {
                    name: "smithy.api#documentation".into(),
                    value: Node::Str(d),
                    annotation: false,
                    line: l,
                    column: c,
                });
            }
        } else {
            self.t.skip_ws_and_docs();
        }
        self.t.skip_ws_and_docs();
        let mut traits = self.traits()?;
        if let Some(d) = doc {
            traits.push(d);
        }
        self.t.skip_ws_and_docs();
        if member {
            self.t.clear_docs();
        }
        Ok(traits)
    }

    fn traits(&mut self) -> Result<Vec<Trait>> {
        let mut v = Vec::new();
        while self.t.tok == Tok::At {
            v.push(self.trait_()?);
            self.t.skip_ws_and_docs();
        }
        Ok(v)
    }

    fn trait_(&mut self) -> Result<Trait> {
        let (line, column) = (self.t.tline, self.t.tcol);
        self.expect(&[Tok::At])?;
        self.t.next();
        let name = self.shape_id()?;
        let mk = |value, annotation| Trait { name: name.clone(), value, annotation, line, column };
        if self.t.tok != Tok::LParen {
            return Ok(mk(Node::Null, true));
        }
        self.t.next();
        self.t.skip_ws_and_docs();
        if self.t.tok == Tok::RParen {
            self.t.next();
            return Ok(mk(Node::Null, true));
        }
        let value = self.trait_body()?;
        self.t.skip_ws_and_docs();
        self.expect(&[Tok::RParen])?;
        self.t.next();
        Ok(mk(value, false))
    }

    fn trait_body(&mut self) -> Result<Node> {
        self.expect(&[Tok::LBrace, Tok::LBracket, Tok::TextBlock, Tok::Str, Tok::Number, Tok::Ident])?;
        match self.t.tok {
            Tok::LBrace | Tok::LBracket => {
                let r = self.node()?;
                self.t.skip_ws_and_docs();
                Ok(r)
            }
            Tok::TextBlock => {
                let r = Node::Str(std::mem::take(&mut self.t.text));
                self.t.next();
                self.t.skip_ws_and_docs();
                Ok(r)
            }
            Tok::Number => {
                let r = self.number();
                self.t.next();
                self.t.skip_ws_and_docs();
                Ok(r)
            }
            Tok::Str => {
                let s = std::mem::take(&mut self.t.text);
                self.t.next();
                self.t.skip_ws_and_docs();
                if self.t.tok == Tok::Colon {
                    self.t.next();
                    self.t.skip_ws_and_docs();
                    self.structured(s)
                } else {
                    Ok(Node::Str(s))
                }
            }
            _ => {
                let id = self.shape_id()?;
                self.t.skip_ws_and_docs();
                if self.t.tok == Tok::RParen || is_definitely_id(&id) {
                    Ok(identifier(id))
                } else {
                    self.expect(&[Tok::Colon])?;
                    self.t.next();
                    self.t.skip_ws_and_docs();
                    self.structured(id)
                }
            }
        }
    }

    fn structured(&mut self, first: String) -> Result<Node> {
        self.inc()?;
        let v = self.node()?;
        let mut entries = vec![(first, v)];
        self.t.skip_ws_and_docs();
        while self.t.tok != Tok::RParen {
            self.expect(&[Tok::Ident, Tok::Str])?;
            let key = self.string_slice();
            let (kl, kc) = (self.t.tline, self.t.tcol);
            self.t.next();
            self.t.skip_ws_and_docs();
            self.expect(&[Tok::Colon])?;
            self.t.next();
            self.t.skip_ws_and_docs();
            let v = self.node()?;
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(SyntaxError {
                    line: kl,
                    column: kc,
                    message: format!("Duplicate member of trait: '{key}'"),
                });
            }
            entries.push((key, v));
            self.t.skip_ws_and_docs();
        }
        self.nesting -= 1;
        Ok(Node::Obj(entries))
    }

    // ---- shapes

    fn shape_or_apply(&mut self, traits: Vec<Trait>) -> Result<()> {
        let (line, column) = (self.t.tline, self.t.tcol);
        self.expect(&[Tok::Ident])?;
        let ty = self.t.lexeme();
        if ty == "apply" {
            return self.apply(traits);
        }
        if !SHAPE_TYPES.contains(&ty.as_str()) {
            return Err(self.err(format!("Unknown shape type: {ty}")));
        }
        self.t.next();
        self.t.expect_and_skip_spaces().map_err(|e| self.fix(e))?;
        let id = self.shape_name()?;
        let mut shape = RawShape {
            id,
            ty: ty.clone(),
            line,
            column,
            mixins: Vec::new(),
            for_resource: None,
            members: Vec::new(),
            traits: Vec::new(),
            fields: Vec::new(),
        };
        match ty.as_str() {
            "list" | "set" | "map" | "union" | "structure" => self.aggregate(&mut shape)?,
            "enum" | "intEnum" => self.enum_shape(&mut shape)?,
            "service" | "resource" => self.service_or_resource(&mut shape)?,
            "operation" => self.operation(&mut shape)?,
            _ => self.mixins(&mut shape)?,
        }
        shape.traits = traits;
        self.out.shapes.push(shape);
        self.t.expect_and_skip_br().map_err(|e| self.fix(e))
    }

    fn shape_name(&mut self) -> Result<String> {
        let (line, column) = (self.t.tline, self.t.tcol);
        self.expect(&[Tok::Ident])?;
        let name = self.t.lexeme();
        let ns = self.out.namespace.clone().unwrap_or_default();
        if let Some(prev) = self.out.uses.get(&name) {
            return Err(SyntaxError {
                line,
                column,
                message: format!("Shape name `{name}` conflicts with imported shape `{prev}`"),
            });
        }
        self.t.next();
        Ok(format!("{ns}#{name}"))
    }

    fn mixins(&mut self, shape: &mut RawShape) -> Result<()> {
        self.t.skip_spaces();
        if !self.t.is_lexeme("with") {
            return Ok(());
        }
        if self.out.v1 {
            return Err(self.err(
                "Mixins can only be used with Smithy version 2 or later. Attempted to use mixins with version `1.0`.",
            ));
        }
        self.t.next();
        self.t.skip_ws_and_docs();
        self.expect(&[Tok::LBracket])?;
        self.t.next();
        self.t.skip_ws_and_docs();
        loop {
            let id = self.shape_id()?;
            shape.mixins.push(id);
            self.t.skip_ws_and_docs();
            if self.t.tok == Tok::RBracket {
                break;
            }
        }
        self.t.next();
        Ok(())
    }

    fn enum_shape(&mut self, shape: &mut RawShape) -> Result<()> {
        self.mixins(shape)?;
        self.t.skip_ws_and_docs();
        self.expect(&[Tok::LBrace])?;
        self.t.next();
        self.t.skip_ws();
        while self.t.tok != Tok::Eof && self.t.tok != Tok::RBrace {
            let mut traits = self.docs_and_traits(true)?;
            let (line, column) = (self.t.tline, self.t.tcol);
            self.expect(&[Tok::Ident])?;
            let name = self.t.lexeme();
            if shape.members.iter().any(|m| m.name == name) {
                return Err(self.err(format!("Found conflicting member name, `{name}`")));
            }
            self.t.next();
            self.t.skip_spaces();
            if self.t.tok == Tok::Equal {
                self.t.next();
                self.t.skip_spaces();
                let (vl, vc) = (self.t.tline, self.t.tcol);
                let v = self.node()?;
                traits.insert(
                    0,
                    Trait { name: "smithy.api#enumValue".into(), value: v, annotation: false, line: vl, column: vc },
                );
                self.t.skip_spaces();
                self.t.skip_optional_comma();
                self.t.expect_and_skip_br().map_err(|e| self.fix(e))?;
            } else {
                self.t.skip_ws();
            }
            shape.members.push(RawMember { name, target: Some("smithy.api#Unit".into()), traits, line, column });
        }
        self.expect(&[Tok::RBrace])?;
        self.t.next();
        Ok(())
    }

    fn aggregate(&mut self, shape: &mut RawShape) -> Result<()> {
        self.for_resource(shape)?;
        self.mixins(shape)?;
        self.members(shape)
    }

    fn for_resource(&mut self, shape: &mut RawShape) -> Result<()> {
        self.t.skip_spaces();
        if !self.t.is_lexeme("for") {
            return Ok(());
        }
        if self.out.v1 {
            return Err(self.err(
                "Structures can only be bound to resources with Smithy version 2 or later. Attempted to bind a structure to a resource with version `1.0`.",
            ));
        }
        self.t.next();
        self.t.expect_and_skip_spaces().map_err(|e| self.fix(e))?;
        shape.for_resource = Some(self.shape_id()?);
        Ok(())
    }

    fn members(&mut self, shape: &mut RawShape) -> Result<()> {
        self.t.skip_ws_and_docs();
        self.t.clear_docs();
        self.expect(&[Tok::LBrace])?;
        self.t.next();
        self.t.skip_ws();
        while self.t.has_next() && self.t.tok != Tok::RBrace {
            self.member(shape)?;
            self.t.skip_ws();
        }
        self.expect(&[Tok::RBrace])?;
        self.t.next();
        Ok(())
    }

    fn member(&mut self, shape: &mut RawShape) -> Result<()> {
        let mut traits = self.docs_and_traits(true)?;
        let (line, column) = (self.t.tline, self.t.tcol);
        if self.t.tok == Tok::RBrace
            && traits.len() == 1
            && traits[0].name == "smithy.api#documentation"
            && !traits[0].annotation
        {
            return Ok(());
        }
        let elided = self.t.tok == Tok::Dollar;
        if elided {
            self.t.next();
        }
        self.expect(&[Tok::Ident])?;
        let name = self.t.lexeme();
        if shape.members.iter().any(|m| m.name == name) {
            return Err(self.err(format!("Duplicate member of `{}`: '{name}'", shape.id)));
        }
        if elided && self.out.v1 {
            return Err(self.err("Members can only elide targets in IDL version 2 or later"));
        }
        self.t.next();
        let mut target = None;
        if !elided {
            self.t.skip_spaces();
            self.expect(&[Tok::Colon])?;
            self.t.next();
            self.t.skip_spaces();
            target = Some(self.shape_id()?);
        }
        self.t.skip_spaces();
        if self.t.tok == Tok::Equal {
            if self.out.v1 {
                return Err(self.err("@default assignment is only supported in IDL version 2 or later"));
            }
            self.t.next();
            self.t.skip_spaces();
            let (vl, vc) = (self.t.tline, self.t.tcol);
            let v = self.node()?;
            traits.insert(
                0,
                Trait { name: "smithy.api#default".into(), value: v, annotation: false, line: vl, column: vc },
            );
            self.t.skip_spaces();
            self.t.skip_optional_comma();
            self.t.expect_and_skip_br().map_err(|e| self.fix(e))?;
        }
        shape.members.push(RawMember { name, target, traits, line, column });
        Ok(())
    }

    fn service_or_resource(&mut self, shape: &mut RawShape) -> Result<()> {
        self.mixins(shape)?;
        self.t.skip_ws_and_docs();
        self.expect(&[Tok::LBrace])?;
        let (line, column) = (self.t.tline, self.t.tcol);
        let body = self.node()?;
        let Node::Obj(entries) = body else { unreachable_obj() };
        let bad = |m: String| SyntaxError { line, column, message: m };
        for (k, v) in entries {
            let ids = |v: &Node| -> Result<Vec<String>> {
                match v {
                    Node::Arr(a) => a
                        .iter()
                        .map(|x| {
                            x.as_str().map(str::to_string).ok_or_else(|| bad(format!("Expected a string in `{k}`")))
                        })
                        .collect(),
                    _ => Err(bad(format!("Expected `{k}` to be an array"))),
                }
            };
            let id = |v: &Node| -> Result<String> {
                v.as_str().map(str::to_string).ok_or_else(|| bad(format!("Expected `{k}` to be a string")))
            };
            let map = |v: &Node| -> Result<Vec<(String, String)>> {
                match v {
                    Node::Obj(o) => o
                        .iter()
                        .map(|(kk, x)| {
                            x.as_str()
                                .map(|s| (kk.clone(), s.to_string()))
                                .ok_or_else(|| bad(format!("Expected a string in `{k}`")))
                        })
                        .collect(),
                    _ => Err(bad(format!("Expected `{k}` to be an object"))),
                }
            };
            let field = match (shape.ty.as_str(), k.as_str()) {
                ("service", "version") => Field::Version(id(&v)?),
                ("service", "operations" | "resources" | "errors") => Field::Refs(ids(&v)?),
                ("service", "rename") => Field::Rename(map(&v)?),
                ("resource", "put" | "create" | "read" | "update" | "delete" | "list") => Field::Ref(id(&v)?),
                ("resource", "operations" | "resources" | "collectionOperations") => Field::Refs(ids(&v)?),
                ("resource", "identifiers") => Field::RefMap(map(&v)?),
                ("resource", "properties") => {
                    if self.out.v1 {
                        return Err(bad("Resource properties can only be used with Smithy version 2 or later. Attempted to use resource properties with version `1.0`.".to_string()));
                    }
                    Field::RefMap(map(&v)?)
                }
                _ => continue,
            };
            shape.fields.push((k.clone(), field));
        }
        Ok(())
    }

    fn operation(&mut self, shape: &mut RawShape) -> Result<()> {
        self.mixins(shape)?;
        self.t.skip_ws_and_docs();
        self.expect(&[Tok::LBrace])?;
        self.t.next();
        self.t.skip_ws_and_docs();
        let mut defined: Vec<String> = Vec::new();
        while self.t.has_next() && self.t.tok != Tok::RBrace {
            self.expect(&[Tok::Ident])?;
            let key = self.t.lexeme();
            if defined.contains(&key) {
                return Err(self.err(format!("Duplicate operation {key} property for `{}`", shape.id)));
            }
            defined.push(key.clone());
            self.t.next();
            self.t.skip_ws_and_docs();
            match key.as_str() {
                "input" | "output" => {
                    let tok = self.expect(&[Tok::Colon, Tok::Walrus])?;
                    self.t.next();
                    let target = if tok == Tok::Walrus {
                        if self.out.v1 {
                            return Err(self.err(
                                "Inlined operation inputs and outputs can only be used with Smithy version 2 or later. Attempted to use inlined IO with version `1.0`.",
                            ));
                        }
                        self.t.take_docs();
                        self.t.skip_ws();
                        let name = shape.id.split('#').nth(1).unwrap_or("").to_string();
                        let suffix =
                            if key == "input" { self.input_suffix.clone() } else { self.output_suffix.clone() };
                        self.inline_structure(&format!("{name}{suffix}"), &key)?
                    } else {
                        self.t.skip_ws_and_docs();
                        self.shape_id()?
                    };
                    shape.fields.push((key.clone(), Field::Ref(target)));
                }
                "errors" => {
                    self.expect(&[Tok::Colon])?;
                    self.t.next();
                    let ids = self.id_list()?;
                    shape.fields.push((key.clone(), Field::Refs(ids)));
                }
                _ => return Err(self.err(format!("Unknown property {key} for {}", shape.id))),
            }
            self.t.expect_and_skip_whitespace().map_err(|e| self.fix(e))?;
            self.t.skip_ws_and_docs();
        }
        self.expect(&[Tok::RBrace])?;
        self.t.next();
        Ok(())
    }

    fn inline_structure(&mut self, name: &str, which: &str) -> Result<String> {
        let mut traits = self.docs_and_traits(true)?;
        let (line, column) = (self.t.tline, self.t.tcol);
        traits.push(Trait {
            name: format!("smithy.api#{which}"),
            value: Node::Obj(Vec::new()),
            annotation: true,
            line,
            column,
        });
        let ns = self.out.namespace.clone().unwrap_or_default();
        let id = format!("{ns}#{name}");
        let mut shape = RawShape {
            id: id.clone(),
            ty: "structure".into(),
            line,
            column,
            mixins: Vec::new(),
            for_resource: None,
            members: Vec::new(),
            traits: Vec::new(),
            fields: Vec::new(),
        };
        self.aggregate(&mut shape)?;
        shape.traits = traits;
        self.out.shapes.push(shape);
        Ok(id)
    }

    fn id_list(&mut self) -> Result<Vec<String>> {
        self.inc()?;
        self.t.skip_ws_and_docs();
        self.expect(&[Tok::LBracket])?;
        self.t.next();
        self.t.skip_ws_and_docs();
        let mut v = Vec::new();
        while self.t.has_next() && self.t.tok != Tok::RBracket {
            self.expect(&[Tok::Ident])?;
            v.push(self.shape_id()?);
            self.t.skip_ws_and_docs();
        }
        self.expect(&[Tok::RBracket])?;
        self.t.next();
        self.nesting -= 1;
        Ok(v)
    }

    fn apply(&mut self, traits: Vec<Trait>) -> Result<()> {
        if traits.iter().any(|t| !(t.name == "smithy.api#documentation" && !t.annotation && t.line > 0)) {
            return Err(self.err("Traits applied to apply statement"));
        }
        let (line, column) = (self.t.tline, self.t.tcol);
        self.t.next();
        self.t.expect_and_skip_whitespace().map_err(|e| self.fix(e))?;
        let target = self.shape_id()?;
        self.t.expect_and_skip_whitespace().map_err(|e| self.fix(e))?;
        let list = if self.expect(&[Tok::At, Tok::LBrace])? == Tok::At {
            vec![self.trait_()?]
        } else {
            self.t.next();
            self.t.skip_ws_and_docs();
            let v = self.traits()?;
            self.t.skip_ws_and_docs();
            self.expect(&[Tok::RBrace])?;
            self.t.next();
            v
        };
        self.out.applies.push(RawApply { target, traits: list, line, column });
        self.t.expect_and_skip_br().map_err(|e| self.fix(e))
    }
}

fn unreachable_obj() -> ! {
    unreachable!("a node starting with '{{' is an object")
}

fn identifier(id: String) -> Node {
    match id.as_str() {
        "true" => Node::Bool(true),
        "false" => Node::Bool(false),
        "null" => Node::Null,
        _ => Node::Id(id),
    }
}

/// JSON number text for an IDL number (`007` is 7; big integers become doubles, as
/// serde_json reads them anyway).
pub fn canonical_number(text: &str) -> String {
    let digits = text.trim_start_matches('-');
    if !(digits.starts_with('0') && digits.len() > 1 && digits.as_bytes()[1].is_ascii_digit()) {
        return text.to_string();
    }
    if !text.contains(['.', 'e', 'E']) {
        if let Ok(i) = text.parse::<i64>() {
            return i.to_string();
        }
        if let Ok(u) = text.parse::<u64>() {
            return u.to_string();
        }
    }
    match text.parse::<f64>() {
        Ok(f) if f.is_finite() => serde_json::Number::from_f64(f).map(|n| n.to_string()).unwrap_or_else(|| "0".into()),
        _ => "0".to_string(),
    }
}
