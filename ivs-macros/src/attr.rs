//! Parsing `#[smithy(...)]` attributes. Every problem is collected, each with the span of
//! the attribute it is about.

use proc_macro2::TokenStream;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::spanned::Spanned;
use syn::{Attribute, LitStr};

/// Collects errors so that every misuse is reported at once.
#[derive(Default)]
pub struct Errors(Option<syn::Error>);

impl Errors {
    pub fn push(&mut self, e: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }

    pub fn finish(self) -> syn::Result<()> {
        match self.0 {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// The tokens of an attribute value up to the next top-level `,`: an expression, taken as
/// it is written (so that the derive needs no full expression parser). An expression with a
/// top-level comma (a turbofish with two parameters) goes in parentheses.
fn expression(input: ParseStream<'_>) -> syn::Result<TokenStream> {
    let mut out = TokenStream::new();
    while !input.is_empty() && !input.peek(syn::Token![,]) {
        out.extend(std::iter::once(input.parse::<proc_macro2::TokenTree>()?));
    }
    if out.is_empty() {
        return Err(input.error("expected an expression"));
    }
    Ok(out)
}

/// Where a member travels.
#[derive(Clone)]
pub enum Location {
    Body,
    Http(&'static str),
}

/// A field's attributes.
pub struct FieldAttrs {
    pub required: Option<proc_macro2::Span>,
    pub default: Option<(proc_macro2::Span, Option<TokenStream>)>,
    pub rename: Option<LitStr>,
    pub member: Option<LitStr>,
    pub location: Location,
    pub timestamp_format: Option<LitStr>,
    /// `@sensitive`: redacted in the builder's `Debug` too.
    pub sensitive: bool,
}

/// The struct's attributes.
pub struct ContainerAttrs {
    pub name: Option<LitStr>,
    pub builder: Option<LitStr>,
}

/// Calls `f` for each key of every `#[smithy(...)]` attribute, with the key's span. A key
/// given twice is reported (and its value skipped) instead; parse errors are collected, so
/// every misuse is reported at once.
fn each_key(
    attrs: &[Attribute],
    errors: &mut Errors,
    mut f: impl FnMut(&str, proc_macro2::Span, &ParseNestedMeta<'_>, &mut Errors) -> syn::Result<()>,
) {
    let mut seen: Vec<String> = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("smithy")) {
        let res = attr.parse_nested_meta(|meta| {
            let key = meta.path.get_ident().map(|i| i.to_string()).unwrap_or_default();
            let span = meta.path.span();
            if seen.contains(&key) {
                errors.push(syn::Error::new(span, format!("duplicate smithy attribute `{key}`")));
                return skip_value(&meta);
            }
            seen.push(key.clone());
            f(&key, span, &meta, errors)
        });
        if let Err(e) = res {
            errors.push(e);
        }
    }
}

/// Skips `= value` after a key, if there is one.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        expression(meta.value()?)?;
    }
    Ok(())
}

/// Reports an unknown key and skips its value.
fn unknown(
    meta: &ParseNestedMeta<'_>,
    errors: &mut Errors,
    span: proc_macro2::Span,
    message: String,
) -> syn::Result<()> {
    errors.push(syn::Error::new(span, message));
    skip_value(meta)
}

pub fn container(attrs: &[Attribute], errors: &mut Errors) -> ContainerAttrs {
    let mut out = ContainerAttrs { name: None, builder: None };
    each_key(attrs, errors, |key, span, meta, errors| {
        match key {
            "name" => out.name = Some(meta.value()?.parse()?),
            "builder" => out.builder = Some(meta.value()?.parse()?),
            _ => {
                return unknown(
                    meta,
                    errors,
                    span,
                    format!("unknown smithy attribute `{key}` on a struct; expected `name` or `builder`"),
                )
            }
        }
        Ok(())
    });
    out
}

const LOCATIONS: &[&str] = &["header", "prefix_headers", "label", "query", "query_params", "payload", "response_code"];

pub fn field(attrs: &[Attribute], errors: &mut Errors) -> FieldAttrs {
    let mut out = FieldAttrs {
        required: None,
        default: None,
        rename: None,
        member: None,
        location: Location::Body,
        timestamp_format: None,
        sensitive: false,
    };
    each_key(attrs, errors, |key, span, meta, errors| {
        match key {
            "required" => out.required = Some(span),
            "sensitive" => out.sensitive = true,
            "default" => {
                let expr = if meta.input.peek(syn::Token![=]) { Some(expression(meta.value()?)?) } else { None };
                out.default = Some((span, expr));
            }
            "rename" => out.rename = Some(meta.value()?.parse()?),
            "member" => out.member = Some(meta.value()?.parse()?),
            "timestamp_format" => {
                let lit: LitStr = meta.value()?.parse()?;
                if !matches!(lit.value().as_str(), "epoch-seconds" | "date-time" | "http-date") {
                    errors.push(syn::Error::new(
                        lit.span(),
                        "timestamp_format is one of \"epoch-seconds\", \"date-time\", \"http-date\"",
                    ));
                }
                out.timestamp_format = Some(lit);
            }
            k if LOCATIONS.contains(&k) => {
                if let Location::Http(prev) = out.location {
                    errors.push(syn::Error::new(span, format!("a member travels in one place: `{k}` conflicts with `{prev}`")));
                }
                let name = LOCATIONS.iter().find(|l| **l == k).copied().unwrap_or("header");
                if matches!(k, "header" | "prefix_headers" | "query") {
                    let _: LitStr = meta.value()?.parse()?;
                }
                out.location = Location::Http(name);
            }
            _ => {
                return unknown(
                    meta,
                    errors,
                    span,
                    format!(
                        "unknown smithy attribute `{key}` on a field; expected one of `required`, `default`, `rename`, `member`, `timestamp_format`, `sensitive`, {}",
                        LOCATIONS.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
                    ),
                )
            }
        }
        Ok(())
    });
    out
}
