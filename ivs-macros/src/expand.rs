//! The expansion: builder, `Wire`, `Deserialize`, `Serialize`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ast::{Container, Field};

enum Kind<'a> {
    Required,
    Default(Option<&'a TokenStream>),
    /// `Option<T>` with `default = expr`: unset is `None` (and not sent); reading fills
    /// `Some(expr)` when the member is absent.
    OptionalDefault(&'a TokenStream),
    Optional,
}

fn kind(f: &Field) -> Kind<'_> {
    if f.option_inner.is_some() {
        match &f.attrs.default {
            Some((_, Some(expr))) => Kind::OptionalDefault(expr),
            _ => Kind::Optional,
        }
    } else if let Some((_, expr)) = &f.attrs.default {
        Kind::Default(expr.as_ref())
    } else {
        Kind::Required
    }
}

fn default_expr(expr: Option<&TokenStream>) -> TokenStream {
    match expr {
        Some(e) => quote!(#e),
        None => quote!(::core::default::Default::default()),
    }
}

pub fn expand(c: &Container<'_>) -> TokenStream {
    let builder = builder(c);
    let wire = wire(c);
    let ser = serialize(c);
    let ident = &c.input.ident;
    quote! {
        #builder
        #wire
        #ser
        #[allow(deprecated)]
        impl<'de> ::ivs_types::__private::serde::Deserialize<'de> for #ident {
            fn deserialize<__D: ::ivs_types::__private::serde::Deserializer<'de>>(d: __D) -> ::core::result::Result<Self, __D::Error> {
                ::ivs_types::__private::de_strict(d)
            }
        }
    }
}

fn builder(c: &Container<'_>) -> TokenStream {
    let ident = &c.input.ident;
    let vis = &c.input.vis;
    let model = c.attrs.name.as_ref().map(|l| l.value()).unwrap_or_else(|| ident.to_string());
    // `builder = "builders::FooBuilder"`: the builder is defined in a hidden module of its
    // own, `__builder_{Struct}`, as `__Builder` (a name no model type has, so it hides none
    // of the types its fields name), and the caller re-exports it at that path.
    let path = c.attrs.builder.as_ref().map(|l| l.value()).filter(|p| p.contains("::"));
    let public_name = match (&path, &c.attrs.builder) {
        (Some(p), _) => p.rsplit("::").next().unwrap_or_default().to_string(),
        (None, Some(l)) => l.value(),
        (None, None) => format!("{ident}Builder"),
    };
    let builder = match &path {
        Some(_) => format_ident!("__Builder"),
        None => format_ident!("{}", public_name),
    };
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    let mut build = Vec::new();
    for f in &c.fields {
        let name = &f.ident;
        let ty = f.option_inner.as_ref().unwrap_or(&f.ty);
        let member = f.model_name();
        fields.push(quote!(#name: ::core::option::Option<#ty>));
        let set_name = format_ident!("set_{}", name.to_string().trim_start_matches("r#"));
        let doc = format!(" Sets `{member}`.");
        let set_doc = format!(" Sets or clears `{member}`.");
        setters.push(quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #name(mut self, value: impl ::core::convert::Into<#ty>) -> Self {
                self.#name = ::core::option::Option::Some(value.into());
                self
            }
            #[doc = #set_doc]
            #[must_use]
            pub fn #set_name(mut self, value: ::core::option::Option<#ty>) -> Self {
                self.#name = value;
                self
            }
        });
        build.push(match kind(f) {
            Kind::Optional | Kind::OptionalDefault(_) => quote!(let #name = self.#name;),
            Kind::Default(expr) => {
                let d = default_expr(expr);
                quote!(let #name = match self.#name { ::core::option::Option::Some(v) => v, ::core::option::Option::None => #d };)
            }
            Kind::Required => quote! {
                let #name = match self.#name {
                    ::core::option::Option::Some(v) => ::core::option::Option::Some(v),
                    ::core::option::Option::None => { missing.push(#member); ::core::option::Option::None }
                };
            },
        });
    }
    let finals: Vec<TokenStream> = c
        .fields
        .iter()
        .map(|f| {
            let name = &f.ident;
            match kind(f) {
                Kind::Required => quote!(#name: match #name { ::core::option::Option::Some(v) => v, ::core::option::Option::None => return ::core::result::Result::Err(::ivs_types::rt::MissingMembers { shape: #model, members: missing }) }),
                _ => quote!(#name),
            }
        })
        .collect();
    let has_required = c.fields.iter().any(|f| matches!(kind(f), Kind::Required));
    let missing_decl = if has_required {
        quote!(let mut missing: ::std::vec::Vec<&'static str> = ::std::vec::Vec::new();)
    } else {
        quote!()
    };
    let check_missing = if has_required {
        quote! {
            if !missing.is_empty() {
                return ::core::result::Result::Err(::ivs_types::rt::MissingMembers { shape: #model, members: missing });
            }
        }
    } else {
        quote!()
    };
    let builder_doc = match &path {
        Some(_) => format!(" A builder for [`{ident}`](super::{ident})."),
        None => format!(" A builder for [`{ident}`]."),
    };
    let ctor_doc = format!(" A builder for `{model}`; `build()` reports every unset required member.");
    // With no member that `build()` requires, nothing can be missing: it returns the value.
    let build_doc = if has_required {
        " Builds the value, or names every required member that is unset."
    } else {
        " Builds the value (no member is required, so nothing can be missing)."
    };
    let build_fn = if has_required {
        quote! {
            #[doc = #build_doc]
            pub fn build(self) -> ::core::result::Result<#ident, ::ivs_types::rt::MissingMembers> {
                #missing_decl
                #(#build)*
                #check_missing
                ::core::result::Result::Ok(#ident { #(#finals,)* })
            }
        }
    } else {
        quote! {
            #[doc = #build_doc]
            #[must_use]
            pub fn build(self) -> #ident {
                #(#build)*
                #ident { #(#finals,)* }
            }
        }
    };
    // `Debug` by hand when a field is `@sensitive`: its value never prints.
    let any_sensitive = c.fields.iter().any(|f| f.attrs.sensitive);
    let (debug_derive, debug_impl) = if any_sensitive || path.is_some() {
        let builder_name = public_name.clone();
        let entries = c.fields.iter().map(|f| {
            let name = &f.ident;
            let label = name.to_string();
            if f.attrs.sensitive {
                quote!(.field(#label, &self.#name.as_ref().map(|_| "*** Sensitive Data Redacted ***")))
            } else {
                quote!(.field(#label, &self.#name))
            }
        });
        (
            quote!(),
            quote! {
                #[allow(deprecated)]
                impl ::core::fmt::Debug for #builder {
                    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.debug_struct(#builder_name) #(#entries)* .finish()
                    }
                }
            },
        )
    } else {
        (quote!(Debug,), quote!())
    };
    // In its hidden module the builder is visible wherever the struct is.
    let builder_vis = match (&path, vis) {
        (Some(_), syn::Visibility::Public(_)) => quote!(pub),
        (Some(_), _) => quote!(pub(crate)),
        (None, v) => quote!(#v),
    };
    let definition = quote! {
        #[doc = #builder_doc]
        #[derive(#debug_derive Clone, Default, PartialEq)]
        #[allow(deprecated)]
        #builder_vis struct #builder {
            #(#fields,)*
        }

        #debug_impl

        #[allow(deprecated)]
        impl #builder {
            #(#setters)*

            #build_fn
        }
    };
    let (definition, builder_ty) = match &path {
        Some(p) => {
            let module = format_ident!("__builder_{}", ident);
            let ty: syn::Path = match syn::parse_str(p) {
                Ok(ty) => ty,
                Err(e) => return e.to_compile_error(),
            };
            (
                quote! {
                    #[doc(hidden)]
                    #[allow(non_snake_case)]
                    #vis mod #module {
                        #[allow(unused_imports)]
                        use super::*;
                        #definition
                    }
                },
                quote!(#ty),
            )
        }
        None => (definition, quote!(#builder)),
    };
    quote! {
        #definition

        #[allow(deprecated)]
        impl #ident {
            #[doc = #ctor_doc]
            #[must_use]
            pub fn builder() -> #builder_ty {
                <#builder_ty as ::core::default::Default>::default()
            }
        }
    }
}

fn wire(c: &Container<'_>) -> TokenStream {
    let ident = &c.input.ident;
    let expecting = format!(
        "a {} structure (a JSON object)",
        c.attrs.name.as_ref().map(|l| l.value()).unwrap_or_else(|| ident.to_string())
    );
    let mut locals = Vec::new();
    let mut arms = Vec::new();
    let mut finish = Vec::new();
    let mut zero = Vec::new();
    let mut defaulted = Vec::new();
    for (i, f) in c.fields.iter().enumerate() {
        let name = &f.ident;
        let local = format_ident!("__f{}", i);
        if let (Kind::Default(expr), true) = (kind(f), f.in_body()) {
            // Compared as JSON, so that a field type needs no `PartialEq`.
            let (d, wire, fty) = (default_expr(expr), f.wire(), &f.ty);
            defaulted.push(quote! {
                let __d: #fty = #d;
                if ::ivs_types::__private::serde_json::to_value(&self.#name).ok()
                    == ::ivs_types::__private::serde_json::to_value(&__d).ok()
                {
                    out.push(#wire);
                }
            });
        }
        let ty = f.option_inner.as_ref().unwrap_or(&f.ty);
        let wire = f.wire();
        let member = f.model_name();
        let zero_value = match kind(f) {
            Kind::Optional => quote!(::core::option::Option::None),
            Kind::OptionalDefault(expr) => quote!(::core::option::Option::Some(#expr)),
            Kind::Default(expr) => default_expr(expr),
            Kind::Required => quote!(<#ty as ::ivs_types::__private::Wire>::zero()),
        };
        zero.push(quote!(#name: #zero_value));
        if !f.in_body() {
            finish.push(quote!(#name: #zero_value));
            continue;
        }
        locals.push(
            quote!(let mut #local: ::core::option::Option<::core::option::Option<#ty>> = ::core::option::Option::None;),
        );
        // A timestamp with another format than epoch seconds is read in that format by a
        // server; the context is told (epoch seconds are the default it assumes).
        let read = match f.attrs.timestamp_format.as_ref().map(|l| l.value()).as_deref() {
            Some("date-time") => {
                quote!(self.0.member_ts::<::core::option::Option<#ty>, __A>(#wire, ::ivs_types::__private::ser::TimestampFormat::DateTime, &mut map)?)
            }
            Some("http-date") => {
                quote!(self.0.member_ts::<::core::option::Option<#ty>, __A>(#wire, ::ivs_types::__private::ser::TimestampFormat::HttpDate, &mut map)?)
            }
            _ => quote!(self.0.member::<::core::option::Option<#ty>, __A>(#wire, &mut map)?),
        };
        arms.push(quote! {
            #wire => {
                if #local.is_some() {
                    return ::core::result::Result::Err(<__A::Error as ::ivs_types::__private::serde::de::Error>::duplicate_field(#wire));
                }
                #local = ::core::option::Option::Some(#read);
            }
        });
        let value = match kind(f) {
            Kind::Optional => quote!(#local.flatten()),
            Kind::OptionalDefault(expr) => {
                quote!(::core::option::Option::Some(match #local.flatten() { ::core::option::Option::Some(v) => v, ::core::option::Option::None => #expr }))
            }
            Kind::Default(expr) => {
                let d = default_expr(expr);
                quote!(match #local.flatten() { ::core::option::Option::Some(v) => v, ::core::option::Option::None => #d })
            }
            Kind::Required => quote! {
                match #local.flatten() {
                    ::core::option::Option::Some(v) => v,
                    ::core::option::Option::None => { self.0.missing(#member); <#ty as ::ivs_types::__private::Wire>::zero() }
                }
            },
        };
        finish.push(quote!(#name: #value));
    }
    let defaulted_fn = (!defaulted.is_empty()).then(|| {
        quote! {
            fn defaulted_members(&self) -> ::std::vec::Vec<&'static str> {
                let mut out = ::std::vec::Vec::new();
                #(#defaulted)*
                out
            }
        }
    });
    quote! {
        #[allow(deprecated)]
        impl ::ivs_types::__private::Wire for #ident {
            fn de<'de, __D: ::ivs_types::__private::serde::Deserializer<'de>>(d: __D, cx: &::ivs_types::__private::Cx) -> ::core::result::Result<Self, __D::Error> {
                struct __Visitor<'a>(&'a ::ivs_types::__private::Cx);
                impl<'de> ::ivs_types::__private::serde::de::Visitor<'de> for __Visitor<'_> {
                    type Value = #ident;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<__A: ::ivs_types::__private::serde::de::MapAccess<'de>>(self, mut map: __A) -> ::core::result::Result<#ident, __A::Error> {
                        #(#locals)*
                        while let ::core::option::Option::Some(key) = map.next_key::<::ivs_types::__private::Key<'de>>()? {
                            match key.as_str() {
                                #(#arms)*
                                _ => {
                                    map.next_value::<::ivs_types::__private::serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        ::core::result::Result::Ok(#ident { #(#finish,)* })
                    }
                }
                d.deserialize_map(__Visitor(cx))
            }

            fn zero() -> Self {
                #ident { #(#zero,)* }
            }

            #defaulted_fn
        }
    }
}

fn serialize(c: &Container<'_>) -> TokenStream {
    let ident = &c.input.ident;
    let name = ident.to_string();
    let body: Vec<&Field> = c.fields.iter().filter(|f| f.in_body()).collect();
    let count: Vec<TokenStream> = body
        .iter()
        .map(|f| {
            let n = &f.ident;
            match kind(f) {
                Kind::Optional | Kind::OptionalDefault(_) => quote!(usize::from(self.#n.is_some())),
                _ => quote!(1usize),
            }
        })
        .collect();
    let writes: Vec<TokenStream> = body
        .iter()
        .map(|f| {
            let n = &f.ident;
            let wire = f.wire();
            // Timestamps with a format and floats (which may be NaN or infinite) go through
            // the wire rules of `rt::ser`; everything else is plain serde. Generated code says
            // so with `timestamp_format` (decided in the generator's lowering); for a
            // hand-written structure without it, a float is recognised by its type.
            let format = match f.attrs.timestamp_format.as_ref().map(|l| l.value()).as_deref() {
                Some("date-time") => Some(quote!(DateTime)),
                Some("http-date") => Some(quote!(HttpDate)),
                Some(_) => Some(quote!(EpochSeconds)),
                None if mentions_float(&f.ty) => Some(quote!(EpochSeconds)),
                None => None,
            };
            let value = |v: TokenStream| match &format {
                Some(fmt) => {
                    quote!(&::ivs_types::__private::ser::With(#v, ::ivs_types::__private::ser::TimestampFormat::#fmt))
                }
                None => v,
            };
            match kind(f) {
                Kind::Optional | Kind::OptionalDefault(_) => {
                    let v = value(quote!(v));
                    quote! {
                        if let ::core::option::Option::Some(v) = &self.#n {
                            ::ivs_types::__private::serde::ser::SerializeStruct::serialize_field(&mut st, #wire, #v)?;
                        }
                    }
                }
                _ => {
                    let v = value(quote!(&self.#n));
                    quote!(::ivs_types::__private::serde::ser::SerializeStruct::serialize_field(&mut st, #wire, #v)?;)
                }
            }
        })
        .collect();
    let st_binding = if writes.is_empty() { quote!(st) } else { quote!(mut st) };
    quote! {
        #[allow(deprecated)]
        impl ::ivs_types::__private::serde::Serialize for #ident {
            fn serialize<__S: ::ivs_types::__private::serde::Serializer>(&self, s: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                let len = 0usize #(+ #count)*;
                let #st_binding = s.serialize_struct(#name, len)?;
                #(#writes)*
                ::ivs_types::__private::serde::ser::SerializeStruct::end(st)
            }
        }
    }
}

/// Whether a field's type mentions `f32` or `f64` anywhere (`Option<Vec<f64>>`).
fn mentions_float(ty: &syn::Type) -> bool {
    fn walk(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|t| match t {
            proc_macro2::TokenTree::Ident(i) => i == "f32" || i == "f64",
            proc_macro2::TokenTree::Group(g) => walk(g.stream()),
            _ => false,
        })
    }
    walk(quote!(#ty))
}
