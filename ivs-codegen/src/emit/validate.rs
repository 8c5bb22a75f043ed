//! Validators: `ivs_types::rt::Validate` for every structure, union and enum, and the
//! compiled-once patterns they use.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::ident;
use crate::ir::{Check, EnumIr, EnumKind, FieldIr, Inner, Ir, Item, Presence, RustType, StructIr};

/// What the validators of one generated module share.
pub struct Validators {
    /// Items whose `validate_at` does something.
    needs: BTreeSet<String>,
    /// Each distinct pattern and the name of its static.
    patterns: BTreeMap<String, (String, crate::pattern::Translated)>,
    /// Member checks shared by several sites, by key: the function's name, type and checks.
    helpers: BTreeMap<String, (String, RustType, Check)>,
    /// The string enums: `@length` and `@pattern` on them apply to the wire value, and a map
    /// key (a `String`) that targets one is checked against its values.
    /// With the values their messages list when some are `@internal` (else `VALUES`).
    string_enums: BTreeMap<String, Option<Vec<String>>>,
}

impl Validators {
    /// Works out which items need validation (a fixpoint over "contains an item that needs
    /// it", by a worklist over reverse edges: linear in the model) and numbers the patterns.
    pub fn new(ir: &Ir) -> Validators {
        let mut needs = BTreeSet::new();
        let mut users: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut patterns: BTreeMap<String, (String, crate::pattern::Translated)> = BTreeMap::new();
        for item in &ir.items {
            // An external type validates itself in its own crate: its patterns are not ours.
            let external = item.is_external();
            let (name, checks, direct): (&str, Vec<&Check>, bool) = match item {
                Item::Struct(s) => (
                    &s.name,
                    s.fields.iter().map(|f| &f.check).collect(),
                    s.fields.iter().any(|f| f.presence == Presence::Required),
                ),
                Item::Enum(e) => (&e.name, e.variants.iter().map(|v| &v.check).collect(), e.kind != EnumKind::Union),
            };
            let mut direct = direct;
            for c in checks {
                walk(c, &mut |c| {
                    if c.length.is_some() || c.range.is_some() || c.pattern.is_some() || c.unique {
                        direct = true;
                    }
                    if let Some(p) = c.pattern.as_ref().filter(|_| !external) {
                        let n = patterns.len();
                        patterns.entry(p.ecma.clone()).or_insert_with(|| (format!("P{n}"), p.translated.clone()));
                    }
                    if let Inner::Named(n) = &c.inner {
                        users.entry(n.as_str()).or_default().push(name);
                    }
                });
            }
            if direct {
                needs.insert(name.to_string());
            }
        }
        let mut work: Vec<String> = needs.iter().cloned().collect();
        while let Some(n) = work.pop() {
            for user in users.get(n.as_str()).map(Vec::as_slice).unwrap_or_default() {
                if needs.insert(user.to_string()) {
                    work.push(user.to_string());
                }
            }
        }
        // Number patterns in text order, so that output does not depend on item order.
        let mut numbered = BTreeMap::new();
        for (i, (ecma, (_, t))) in patterns.into_iter().enumerate() {
            numbered.insert(ecma, (format!("P{i}"), t));
        }
        let string_enums = ir
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Enum(e) if e.kind == EnumKind::String => {
                    Some((e.name.clone(), has_internal(e).then(|| listed(e).map(|v| v.wire.clone()).collect())))
                }
                _ => None,
            })
            .collect();
        let mut v = Validators { needs, patterns: numbered, helpers: BTreeMap::new(), string_enums };
        v.helpers = v.shared_checks(ir);
        v
    }

    /// The member checks used at two sites or more (the same target shape, usually), each
    /// emitted once as a function: `(type, checks)` by key.
    fn shared_checks(&self, ir: &Ir) -> BTreeMap<String, (String, RustType, Check)> {
        let mut seen: BTreeMap<String, (usize, &RustType, &Check)> = BTreeMap::new();
        for item in ir.items.iter().filter(|i| !i.is_external()) {
            let sites: Vec<(&RustType, &Check)> = match item {
                Item::Struct(s) => s.fields.iter().map(|f| (&f.ty, &f.check)).collect(),
                Item::Enum(e) if e.kind == EnumKind::Union => {
                    e.variants.iter().filter_map(|v| Some((v.ty.as_ref()?, &v.check))).collect()
                }
                Item::Enum(_) => Vec::new(),
            };
            for (ty, c) in sites {
                if self.is_empty(c) {
                    continue;
                }
                seen.entry(site_key(ty, c)).or_insert((0, ty, c)).0 += 1;
            }
        }
        seen.into_iter()
            .filter(|(_, (n, _, _))| *n >= 2)
            .enumerate()
            .map(|(i, (key, (_, ty, c)))| (key, (format!("check_{i}"), ty.clone(), c.clone())))
            .collect()
    }

    /// The checks at a member site (`v` and `p` in scope): a call of the shared function, or
    /// the checks themselves.
    fn site_checks(&self, ty: &RustType, c: &Check) -> TokenStream {
        if !self.is_empty(c) {
            if let Some((name, _, _)) = self.helpers.get(&site_key(ty, c)) {
                let name = format_ident!("{}", name);
                return quote!(#name(v, &p, report););
            }
        }
        self.checks(ty, c, quote!(v))
    }

    /// The shared check functions.
    pub fn shared_functions(&self) -> TokenStream {
        let fns = self.helpers.values().map(|(name, ty, c)| {
            let name = format_ident!("{}", name);
            let param = param_type(ty);
            let body = self.checks(ty, c, quote!(v));
            quote! {
                /// Checks that several members share (those whose targets carry the same constraints).
                fn #name(v: &#param, p: &::ivs_types::rt::Path<'_>, report: &mut ::ivs_types::rt::Report) {
                    let p = *p;
                    #body
                }
            }
        });
        quote!(#(#fns)*)
    }

    fn is_empty(&self, c: &Check) -> bool {
        c.length.is_none()
            && c.range.is_none()
            && c.pattern.is_none()
            && !c.unique
            && match &c.inner {
                Inner::None => true,
                Inner::List(e) => self.is_empty(e),
                Inner::Map(k, v) => self.is_empty(k) && self.is_empty(v),
                Inner::Named(n) => !self.needs.contains(n),
            }
    }

    /// The module of pattern statics.
    pub fn patterns_module(&self) -> TokenStream {
        if self.patterns.is_empty() {
            return TokenStream::new();
        }
        let statics = self.patterns.iter().map(|(ecma, (name, t))| {
            let name = format_ident!("{}", name);
            let rust = &t.rust;
            let ctor = match (&t.simple, t.count) {
                (Some(parts), _) => {
                    let parts = parts.iter().map(|p| match p {
                        crate::pattern::SimplePart::Literal(l) => {
                            let l = Literal::byte_string(l.as_bytes());
                            quote!(::ivs_types::__private::SimplePart::Literal(#l))
                        }
                        crate::pattern::SimplePart::Class { set, min, max } => {
                            let hex = |w: u64| -> TokenStream {
                                format!("0x{w:016x}").parse().unwrap_or_else(|_| quote!(#w))
                            };
                            let (a, b) = (hex(set[0]), hex(set[1]));
                            let min = Literal::u32_unsuffixed(*min);
                            let max = if *max == crate::program::isa::UNBOUNDED {
                                quote!(u32::MAX)
                            } else {
                                let m = Literal::u32_unsuffixed(*max);
                                quote!(#m)
                            };
                            quote!(::ivs_types::__private::SimplePart::Class { set: [#a, #b], min: #min, max: #max })
                        }
                    });
                    quote!(::ivs_types::__private::Pattern::simple(#ecma, #rust, &[#(#parts),*]))
                }
                (None, count) => match &t.program {
                    Some(program) => {
                        let program = program_tokens(program);
                        match count {
                            Some((min, max)) if t.dialect == crate::pattern::Dialect::Java => {
                                quote!(::ivs_types::__private::Pattern::counted_java_end(#ecma, #rust, #min, #max, #program))
                            }
                            Some((min, max)) => {
                                quote!(::ivs_types::__private::Pattern::counted(#ecma, #rust, #min, #max, #program))
                            }
                            None => quote!(::ivs_types::__private::Pattern::program(#ecma, #rust, #program)),
                        }
                    }
                    None => quote!(::ivs_types::__private::Pattern::fancy(#ecma, #rust)),
                },
            };
            quote!(pub(super) static #name: ::ivs_types::__private::Pattern = #ctor;)
        });
        quote! {
            /// The model's `@pattern`s.
            mod patterns {
                #(#statics)*
            }
        }
    }

    /// `Validate` for a structure.
    pub fn structure(&self, s: &StructIr) -> TokenStream {
        let name = super::local_ident(&s.name);
        let body: Vec<TokenStream> =
            if self.needs.contains(&s.name) { s.fields.iter().map(|f| self.field(f)).collect() } else { Vec::new() };
        impl_validate(&name, body)
    }

    fn field(&self, f: &FieldIr) -> TokenStream {
        let name = ident(&f.rust);
        let member = &f.model_name;
        let checks = self.site_checks(&f.ty, &f.check);
        match f.presence {
            // Nothing to check but presence (a body that lacked it).
            Presence::Required if self.is_empty(&f.check) => quote! {
                report.was_missing(&::ivs_types::rt::Path::Member(path, #member));
            },
            Presence::Required => quote! {
                {
                    let p = ::ivs_types::rt::Path::Member(path, #member);
                    if !report.was_missing(&p) {
                        let v = &self.#name;
                        #checks
                    }
                }
            },
            _ if self.is_empty(&f.check) => quote!(),
            Presence::Optional | Presence::OptionalDefault(_) => quote! {
                if let ::core::option::Option::Some(v) = &self.#name {
                    let p = ::ivs_types::rt::Path::Member(path, #member);
                    #checks
                }
            },
            Presence::Default(_) => quote! {
                {
                    let p = ::ivs_types::rt::Path::Member(path, #member);
                    let v = &self.#name;
                    #checks
                }
            },
        }
    }

    /// The checks of a value `v` (a reference) of type `ty` at path `p`.
    fn checks(&self, ty: &RustType, c: &Check, v: TokenStream) -> TokenStream {
        if self.is_empty(c) {
            return quote!(let _ = (#v, &p););
        }
        let rt = quote!(::ivs_types::__private::validate);
        let ty = match ty {
            RustType::Boxed(inner) => inner.as_ref(),
            t => t,
        };
        // A string enum's `@length` and `@pattern` constrain its wire value.
        let text = match ty {
            RustType::String => Some(v.clone()),
            RustType::Named(n) if self.string_enums.contains_key(n) => Some(quote!(#v.as_str())),
            _ => None,
        };
        let mut out = Vec::new();
        if let Some((min, max)) = c.length {
            let (min, max) = (opt_u64(min), opt_u64(max));
            out.push(match (ty, &text) {
                (_, Some(text)) => quote!(#rt::length_str(#text, #min, #max, &p, report);),
                (RustType::Blob, None) => quote!(#rt::length(#v.as_bytes().len(), #min, #max, &p, report);),
                (RustType::List(..) | RustType::Map(..), None) => {
                    quote!(#rt::length(#v.len(), #min, #max, &p, report);)
                }
                _ => quote!(),
            });
        }
        if let Some((min, max)) = &c.range {
            out.push(range(ty, min.as_deref(), max.as_deref(), &v));
        }
        if let (Some(p), Some(text)) = (&c.pattern, &text) {
            if let Some((name, _)) = self.patterns.get(&p.ecma) {
                let name = format_ident!("{}", name);
                out.push(quote!(#rt::pattern(#text, &patterns::#name, &p, report);));
            }
        }
        if c.unique {
            if let RustType::List(..) = ty {
                out.push(quote!(#rt::unique(#v, &p, report);));
            }
        }
        match (&c.inner, ty) {
            (Inner::List(e), RustType::List(et, sparse)) if !self.is_empty(e) => {
                let inner = self.checks(et, e, quote!(e));
                let each = if *sparse { quote!(if let ::core::option::Option::Some(e) = e { #inner }) } else { inner };
                out.push(quote! {
                    for (i, e) in #v.iter().enumerate() {
                        let p = ::ivs_types::rt::Path::Index(&p, i);
                        #each
                    }
                });
            }
            (Inner::Map(kc, vc), RustType::Map(vt, sparse)) if !self.is_empty(kc) || !self.is_empty(vc) => {
                let key_checks = self.checks(&RustType::String, kc, quote!(k));
                let value_checks = self.checks(vt, vc, quote!(e));
                let each = if *sparse {
                    quote!(if let ::core::option::Option::Some(e) = e { #value_checks })
                } else {
                    value_checks
                };
                // A key's violations are reported at the map's path (as Smithy's protocol tests
                // and AWS services report them); a value's at its key. A sensitive key never
                // shows in a path.
                let key = if kc.sensitive { quote!("*** Sensitive Data Redacted ***") } else { quote!(k) };
                if self.is_empty(vc) {
                    out.push(quote! {
                        for k in #v.keys() {
                            #key_checks
                        }
                    });
                } else {
                    let k = if key_checks.is_empty() && kc.sensitive { quote!(_) } else { quote!(k) };
                    out.push(quote! {
                        for (#k, e) in #v {
                            #key_checks
                            let p = ::ivs_types::rt::Path::Key(&p, #key);
                            #each
                        }
                    });
                }
            }
            // A map key that targets a string enum stays a `String`: checked against the values.
            (Inner::Named(n), RustType::String) if self.string_enums.contains_key(n) => {
                let e = super::type_ref(n);
                let listed = match &self.string_enums[n] {
                    Some(listed) => quote!(&[#(#listed),*]),
                    None => quote!(#e::VALUES),
                };
                out.push(quote!(#rt::enum_value(#e::VALUES.contains(&#v.as_str()), #listed, &p, report);));
            }
            (Inner::Named(n), _) if self.needs.contains(n) => {
                out.push(quote!(::ivs_types::rt::Validate::validate_at(#v, &p, report);));
            }
            _ => {}
        }
        quote!(#(#out)*)
    }

    /// `Validate` for an enum, intEnum or union.
    pub fn enumeration(&self, e: &EnumIr) -> TokenStream {
        let name = super::local_ident(&e.name);
        let body = match e.kind {
            EnumKind::String => {
                let listed = listed_values(e);
                vec![quote!(::ivs_types::__private::validate::enum_value(self.is_known(), #listed, path, report);)]
            }
            EnumKind::Int => {
                let listed = listed_values(e);
                vec![quote!(::ivs_types::__private::validate::int_enum_value(self.is_known(), #listed, path, report);)]
            }
            EnumKind::Union if self.needs.contains(&e.name) => {
                let arms: Vec<(TokenStream, TokenStream)> = e
                    .variants
                    .iter()
                    .filter(|v| !self.is_empty(&v.check))
                    .filter_map(|v| {
                        let ty = v.ty.as_ref()?;
                        let vn = ident(&v.rust);
                        let member = &v.model_name;
                        let checks = self.site_checks(ty, &v.check);
                        Some((
                            quote!(Self::#vn(v)),
                            quote! {
                                let p = ::ivs_types::rt::Path::Member(path, #member);
                                #checks
                            },
                        ))
                    })
                    .collect();
                match arms.as_slice() {
                    [(pat, body)] => vec![quote!(if let #pat = self { #body })],
                    _ => {
                        let arms = arms.iter().map(|(pat, body)| quote!(#pat => { #body }));
                        vec![quote!(match self { #(#arms)* _ => {} })]
                    }
                }
            }
            EnumKind::Union => Vec::new(),
        };
        impl_validate(&name, body)
    }

    /// `From<Report>` for the model's `ValidationException`, when it has a message member
    /// (and fills its `fieldList` when it has one of `{path, message}` entries).
    pub fn validation_exception(&self, ir: &Ir) -> TokenStream {
        let Some(ve) = model_validation_exception(ir) else { return TokenStream::new() };
        let structs: BTreeMap<&str, &StructIr> = ir
            .items
            .iter()
            .filter(|i| !i.is_external())
            .filter_map(|i| match i {
                Item::Struct(s) => Some((s.name.as_str(), s)),
                _ => None,
            })
            .collect();
        let Some(message) = ve.error.as_ref().and_then(|e| e.message_field.as_ref()) else { return TokenStream::new() };
        let name = super::type_ref(&ve.name);
        let message_field = ve.fields.iter().find(|f| &f.rust == message);
        let msg = ident(message);
        // Smithy's own exception gets the form its protocol tests expect (`detected.`); a
        // service's own (AWS services') the form AWS services send (`detected:`).
        let text = if ve.id.namespace() == "smithy.framework" {
            quote!(report.framework_message())
        } else {
            quote!(report.to_string())
        };
        let set_message = match message_field.map(|f| &f.presence) {
            Some(p) if p.is_option() => quote!(e.#msg = ::core::option::Option::Some(#text);),
            _ => quote!(e.#msg = #text;),
        };
        let field_list = ve.fields.iter().find(|f| f.model_name == "fieldList").and_then(|f| {
            let RustType::List(inner, false) = &f.ty else { return None };
            let RustType::Named(entry) = inner.as_ref() else { return None };
            let entry = structs.get(entry.as_str())?;
            let path = entry.fields.iter().find(|x| x.model_name == "path" && x.ty == RustType::String)?;
            let emsg = entry.fields.iter().find(|x| x.model_name == "message" && x.ty == RustType::String)?;
            let set = |x: &FieldIr, value: TokenStream| {
                let n = ident(&x.rust);
                if x.presence.is_option() {
                    quote!(item.#n = ::core::option::Option::Some(#value);)
                } else {
                    quote!(item.#n = #value;)
                }
            };
            let set_path = set(path, quote!(v.path.clone()));
            let set_msg = set(emsg, quote!(v.message.clone()));
            let entry_ty = super::type_ref(&entry.name);
            let list = ident(&f.rust);
            let list_value = quote! {
                report.violations().iter().map(|v| {
                    let mut item = <#entry_ty as ::ivs_types::__private::Wire>::zero();
                    #set_path
                    #set_msg
                    item
                }).collect()
            };
            Some(if f.presence.is_option() {
                quote!(e.#list = ::core::option::Option::Some(#list_value);)
            } else {
                quote!(e.#list = #list_value;)
            })
        });
        let doc = format!(" The report as the `{}` the service sends: its message is the whole report.", ve.id.name());
        quote! {
            impl ::core::convert::From<::ivs_types::rt::Report> for #name {
                #[doc = #doc]
                fn from(report: ::ivs_types::rt::Report) -> Self {
                    let mut e = <Self as ::ivs_types::__private::Wire>::zero();
                    #set_message
                    #field_list
                    e
                }
            }
        }
    }
}

fn impl_validate(name: &proc_macro2::Ident, body: Vec<TokenStream>) -> TokenStream {
    if body.iter().all(TokenStream::is_empty) {
        return quote! {
            impl ::ivs_types::rt::Validate for #name {
                fn validate_at(&self, _path: &::ivs_types::rt::Path<'_>, _report: &mut ::ivs_types::rt::Report) {}
            }
        };
    }
    quote! {
        impl ::ivs_types::rt::Validate for #name {
            fn validate_at(&self, path: &::ivs_types::rt::Path<'_>, report: &mut ::ivs_types::rt::Report) {
                #(#body)*
            }
        }
    }
}

/// Whether a `@pattern` of the IR needs `fancy-regex` (read off the checks, without building
/// the validators).
pub fn needs_fancy(ir: &Ir) -> bool {
    let mut fancy = false;
    for item in &ir.items {
        let checks: Vec<&Check> = match item {
            Item::Struct(s) => s.fields.iter().map(|f| &f.check).collect(),
            Item::Enum(e) => e.variants.iter().map(|v| &v.check).collect(),
        };
        for c in checks {
            walk(c, &mut |c| fancy |= c.pattern.as_ref().is_some_and(|p| p.translated.fancy));
        }
    }
    fancy
}

fn walk<'a>(c: &'a Check, f: &mut impl FnMut(&'a Check)) {
    f(c);
    match &c.inner {
        Inner::List(e) => walk(e, f),
        Inner::Map(k, v) => {
            walk(k, f);
            walk(v, f);
        }
        _ => {}
    }
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(n) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    }
}

/// A `@range` bound as an integer: a fractional bound rounded inward.
fn int_bound(text: &str, is_min: bool) -> Option<i64> {
    if let Ok(n) = text.parse::<i64>() {
        return Some(n);
    }
    let f: f64 = text.parse().ok()?;
    let r = if is_min { f.ceil() } else { f.floor() };
    Some(r.clamp(i64::MIN as f64, i64::MAX as f64) as i64)
}

fn range(ty: &RustType, min: Option<&str>, max: Option<&str>, v: &TokenStream) -> TokenStream {
    let rt = quote!(::ivs_types::__private::validate);
    match ty {
        RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64 => {
            let b = |t: Option<&str>, is_min| match t.and_then(|t| int_bound(t, is_min).map(|n| (n, t))) {
                Some((n, t)) => quote!(::core::option::Option::Some((#n, #t))),
                None => quote!(::core::option::Option::None),
            };
            let (lo, hi) = (b(min, true), b(max, false));
            let value = if *ty == RustType::I64 { quote!(*#v) } else { quote!(i64::from(*#v)) };
            quote!(#rt::range_int(#value, #lo, #hi, &p, report);)
        }
        RustType::F32 | RustType::F64 => {
            let b = |t: Option<&str>| match t.and_then(|t| t.parse::<f64>().ok().map(|n| (n, t))) {
                Some((n, t)) => {
                    let n = Literal::f64_suffixed(n);
                    quote!(::core::option::Option::Some((#n, #t)))
                }
                None => quote!(::core::option::Option::None),
            };
            let (lo, hi) = (b(min), b(max));
            let value = if *ty == RustType::F64 { quote!(*#v) } else { quote!(f64::from(*#v)) };
            quote!(#rt::range_float(#value, #lo, #hi, &p, report);)
        }
        RustType::BigInteger | RustType::BigDecimal => {
            let b = |t: Option<&str>| match t {
                Some(t) => quote!(::core::option::Option::Some(#t)),
                None => quote!(::core::option::Option::None),
            };
            let (lo, hi) = (b(min), b(max));
            quote!(#rt::range_decimal(#v.as_str(), #lo, #hi, &p, report);)
        }
        _ => quote!(),
    }
}

/// A compiled pattern as a `ivs_types::rt::Program` constant.
fn program_tokens(p: &crate::program::Program) -> TokenStream {
    let insts = p.insts().iter().map(|&w| Literal::u32_unsuffixed(w));
    let ranges = p.ranges().iter().map(|&w| Literal::u32_unsuffixed(w));
    let anchored = p.anchored();
    quote!(::ivs_types::__private::Program::new(&[#(#insts),*], &[#(#ranges),*], #anchored))
}

/// The key of the checks of a value of type `ty`: sites with equal keys share a function.
fn site_key(ty: &RustType, c: &Check) -> String {
    format!("{ty:?}|{}", check_key(c))
}

/// A key that identifies a set of checks (patterns by their text).
fn check_key(c: &Check) -> String {
    let inner = match &c.inner {
        Inner::None => String::new(),
        Inner::List(e) => format!("list({})", check_key(e)),
        Inner::Map(k, v) => format!("map({};{})", check_key(k), check_key(v)),
        Inner::Named(n) => format!("named({n})"),
    };
    format!(
        "{:?}/{:?}/{:?}/{}/{}/{inner}",
        c.length,
        c.range,
        c.pattern.as_ref().map(|p| &p.ecma),
        c.unique,
        c.sensitive
    )
}

/// The parameter type of a shared check function: what a reference to a value of `ty`
/// derefs to (`str` for a string, a slice for a list, the inner type of a box).
fn param_type(ty: &RustType) -> TokenStream {
    match ty {
        RustType::String => quote!(str),
        RustType::List(inner, sparse) => {
            let i = super::rust_type(inner);
            if *sparse {
                quote!([::core::option::Option<#i>])
            } else {
                quote!([#i])
            }
        }
        RustType::Boxed(inner) => param_type(inner),
        t => super::rust_type(t),
    }
}

/// The values an enum's validation message lists: `Self::VALUES`, or when some values are
/// `@internal`, the others as a `&[..]` literal (strings for enums, numbers for intEnums).
fn listed_values(e: &EnumIr) -> TokenStream {
    if !has_internal(e) {
        return quote!(Self::VALUES);
    }
    let shown = listed(e);
    if e.kind == EnumKind::Int {
        let n = shown.map(|v| Literal::i32_unsuffixed(v.wire.parse::<i32>().unwrap_or_default()));
        quote!(&[#(#n),*])
    } else {
        let s = shown.map(|v| v.wire.as_str());
        quote!(&[#(#s),*])
    }
}

/// The values of an enum that validation messages list (not the `@internal` ones).
fn listed(e: &EnumIr) -> impl Iterator<Item = &crate::ir::VariantIr> {
    e.variants.iter().filter(|v| !v.internal)
}

/// Whether some value of an enum is `@internal`.
fn has_internal(e: &EnumIr) -> bool {
    e.variants.iter().any(|v| v.internal)
}

/// The model's `ValidationException`: the error structure of that name (the first by Rust
/// name; an external one converts in its own crate), when it has a message member. What a
/// report converts into, and what a server answers constraint violations with; decided here
/// for the validation, HTTP and protocol-test emitters.
pub(crate) fn model_validation_exception(ir: &Ir) -> Option<&StructIr> {
    ir.items
        .iter()
        .filter(|i| !i.is_external())
        .filter_map(|i| match i {
            Item::Struct(s) if s.error.is_some() && s.id.name() == "ValidationException" => Some(s),
            _ => None,
        })
        .min_by(|a, b| a.name.cmp(&b.name))
        .filter(|s| s.error.as_ref().is_some_and(|e| e.message_field.is_some()))
}
