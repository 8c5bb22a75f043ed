//! Structures, enums, intEnums and unions.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::{deprecated_attr, doc_attrs, ident, rust_type};
use crate::ir::{EnumIr, EnumKind, FieldIr, Location, Presence, RustType, StructIr, TimestampFormat};

const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// A structure: the struct with the `Structure` derive, its `Debug`, and for errors the
/// error traits.
pub fn structure(s: &StructIr) -> TokenStream {
    let name = super::local_ident(&s.name);
    let docs = doc_attrs(s.docs.as_deref(), &format!("The `{}` structure.", s.id.name()));
    let deprecated = deprecated_attr(s.deprecated.as_ref());
    let model_name = s.id.name();
    let builder = &s.builder;
    let sensitive_any = s.sensitive || s.fields.iter().any(|f| f.sensitive);
    let debug_derive = if sensitive_any { quote!() } else { quote!(Debug,) };
    let fields = s.fields.iter().map(field);
    let debug_impl = if sensitive_any { sensitive_debug(s) } else { quote!() };
    let error_impl = s.error.as_ref().map(|e| super::errors::error_structure(s, e)).unwrap_or_default();
    let user = user_attrs(&s.attrs);
    quote! {
        #docs
        #deprecated
        #[derive(Clone, PartialEq, #debug_derive ::ivs_types::Structure)]
        #user
        #[smithy(name = #model_name, builder = #builder)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #debug_impl
        #error_impl
    }
}

fn field(f: &FieldIr) -> TokenStream {
    let name = ident(&f.rust);
    let mut lines = f.docs.as_deref().map(super::docs::to_markdown).unwrap_or_default();
    if lines.is_empty() {
        lines.push(format!("The `{}` member.", f.model_name));
    }
    for note in &f.notes {
        lines.push(String::new());
        lines.push(note.clone());
    }
    let docs = super::doc_lines(&lines);
    let deprecated = deprecated_attr(f.deprecated.as_ref());
    let inner = rust_type(&f.ty);
    let ty = if f.presence.is_option() { quote!(::std::option::Option<#inner>) } else { inner };
    let mut attrs = Vec::new();
    if f.sensitive {
        attrs.push(quote!(sensitive));
    }
    match &f.presence {
        Presence::Required => attrs.push(quote!(required)),
        // On an `Option<T>` field: the value reading fills in when the member is absent.
        Presence::Default(v) | Presence::OptionalDefault(v) => {
            let expr = default_expr(&f.ty, v);
            attrs.push(quote!(default = #expr));
        }
        Presence::Optional => {}
    }
    if f.wire_name != f.rust {
        let w = &f.wire_name;
        attrs.push(quote!(rename = #w));
    }
    if f.model_name != f.wire_name {
        let m = &f.model_name;
        attrs.push(quote!(member = #m));
    }
    if let Some(ts) = f.wire_rules {
        let ts = ts.as_str();
        attrs.push(quote!(timestamp_format = #ts));
    }
    attrs.push(match &f.location {
        Location::Body => quote!(),
        Location::Label => quote!(label),
        Location::Query(q) => quote!(query = #q),
        Location::QueryParams => quote!(query_params),
        Location::Header(h) => quote!(header = #h),
        Location::PrefixHeaders(p) => quote!(prefix_headers = #p),
        Location::Payload => quote!(payload),
        Location::ResponseCode => quote!(response_code),
    });
    let attrs: Vec<TokenStream> = attrs.into_iter().filter(|a| !a.is_empty()).collect();
    let smithy = if attrs.is_empty() { quote!() } else { quote!(#[smithy(#(#attrs),*)]) };
    let user = user_attrs(&f.attrs);
    quote! {
        #docs
        #deprecated
        #smithy
        #user
        pub #name: #ty,
    }
}

/// The user's attributes ([`crate::customize`]), checked as Rust attributes before.
fn user_attrs(attrs: &[String]) -> TokenStream {
    attrs.iter().filter_map(|a| a.parse::<TokenStream>().ok()).collect()
}

/// The Rust expression of a `@default` value for a member of type `t`.
pub fn default_expr(t: &RustType, v: &Value) -> TokenStream {
    match t {
        RustType::Bool => {
            let b = v.as_bool().unwrap_or(false);
            quote!(#b)
        }
        RustType::I8 => int_lit(v, |n| Literal::i8_suffixed(n as i8), i8::MIN as i64, i8::MAX as i64),
        RustType::I16 => int_lit(v, |n| Literal::i16_suffixed(n as i16), i16::MIN as i64, i16::MAX as i64),
        RustType::I32 => int_lit(v, |n| Literal::i32_suffixed(n as i32), i32::MIN as i64, i32::MAX as i64),
        RustType::I64 => int_lit(v, Literal::i64_suffixed, i64::MIN, i64::MAX),
        RustType::F32 => {
            let l = Literal::f32_suffixed(v.as_f64().unwrap_or(0.0) as f32);
            quote!(#l)
        }
        RustType::F64 => {
            let l = Literal::f64_suffixed(v.as_f64().unwrap_or(0.0));
            quote!(#l)
        }
        RustType::String => {
            let s = v.as_str().unwrap_or_default();
            quote!(::std::string::String::from(#s))
        }
        RustType::Named(n) => {
            let i = super::type_ref(n);
            match v {
                Value::String(s) => quote!(#i::from(#s)),
                Value::Number(n) => {
                    let l = Literal::i32_unsuffixed(n.as_i64().unwrap_or(0) as i32);
                    quote!(#i::from(#l))
                }
                _ => quote!(<#i as ::ivs_types::__private::Wire>::zero()),
            }
        }
        RustType::List(..) => quote!(::std::vec::Vec::new()),
        RustType::Map(..) => quote!(::std::collections::BTreeMap::new()),
        RustType::Timestamp => match v {
            Value::Number(n) => match n.as_i64() {
                Some(secs) => quote!(::ivs_types::rt::DateTime::from_secs(#secs)),
                None => {
                    let f = n.as_f64().unwrap_or(0.0);
                    quote!(::ivs_types::rt::DateTime::from_fractional_secs(#f).unwrap_or_default())
                }
            },
            Value::String(s) => quote!(::ivs_types::rt::DateTime::parse_rfc3339(#s).unwrap_or_default()),
            _ => quote!(::ivs_types::rt::DateTime::default()),
        },
        RustType::Blob => {
            let s = v.as_str().unwrap_or_default();
            quote!(::ivs_types::rt::Blob::from_base64(#s).unwrap_or_default())
        }
        RustType::BigInteger | RustType::BigDecimal => {
            let ty = rust_type(t);
            let s = match v {
                Value::Number(n) => n.to_string(),
                Value::String(s) => s.clone(),
                _ => "0".to_string(),
            };
            quote!(#ty::parse(#s).unwrap_or_default())
        }
        RustType::Document => {
            let s = v.to_string();
            quote!(::ivs_types::__private::serde_json::from_str(#s).unwrap_or_default())
        }
        RustType::Boxed(inner) => {
            let e = default_expr(inner, v);
            quote!(::std::boxed::Box::new(#e))
        }
    }
}

fn int_lit(v: &Value, lit: impl Fn(i64) -> Literal, min: i64, max: i64) -> TokenStream {
    let n = v.as_i64().or_else(|| v.as_f64().map(|f| f as i64)).unwrap_or(0).clamp(min, max);
    let l = lit(n);
    quote!(#l)
}

/// `Debug` for a value that is `@sensitive` as a whole: only its type name shows.
fn redacted_debug(type_name: &str) -> TokenStream {
    let name = ident(type_name);
    let text = format!("{type_name} {{ {REDACTED} }}");
    quote! {
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(#text)
            }
        }
    }
}

/// `Debug` for a union with `@sensitive` members: their values never print.
fn sensitive_union_debug(e: &EnumIr) -> TokenStream {
    let name = super::local_ident(&e.name);
    let unknown = ident(&e.unknown);
    let unknown_label = &e.unknown;
    let arms = e.variants.iter().map(|v| {
        let vn = ident(&v.rust);
        let label = &v.rust;
        match (&v.ty, v.sensitive) {
            (None, _) => quote!(Self::#vn => f.write_str(#label),),
            (Some(_), true) => quote!(Self::#vn(_) => f.debug_tuple(#label).field(&#REDACTED).finish(),),
            (Some(_), false) => quote!(Self::#vn(v) => f.debug_tuple(#label).field(v).finish(),),
        }
    });
    quote! {
        #[allow(deprecated)]
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self {
                    #(#arms)*
                    Self::#unknown(v) => f.debug_tuple(#unknown_label).field(v).finish(),
                }
            }
        }
    }
}

fn sensitive_debug(s: &StructIr) -> TokenStream {
    let name = super::local_ident(&s.name);
    let model = super::local_name(&s.name);
    if s.sensitive {
        return redacted_debug(model);
    }
    let fields = s.fields.iter().map(|f| {
        let n = ident(&f.rust);
        let label = &f.rust;
        if f.sensitive {
            quote!(.field(#label, &#REDACTED))
        } else {
            quote!(.field(#label, &self.#n))
        }
    });
    quote! {
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#model) #(#fields)* .finish()
            }
        }
    }
}

/// An enum, intEnum or union.
pub fn enumeration(e: &EnumIr) -> TokenStream {
    match e.kind {
        EnumKind::String | EnumKind::Int => value_enum(e),
        EnumKind::Union => union(e),
    }
}

fn value_enum(e: &EnumIr) -> TokenStream {
    let name = super::local_ident(&e.name);
    let int = e.kind == EnumKind::Int;
    let docs = doc_attrs(e.docs.as_deref(), &format!("The `{}` enum.", e.id.name()));
    let deprecated = deprecated_attr(e.deprecated.as_ref());
    let user = user_attrs(&e.attrs);
    let unknown = ident(&e.unknown);
    let variants = e.variants.iter().map(|v| {
        let vn = ident(&v.rust);
        let value_doc = if int { format!("The value `{}`.", v.wire) } else { format!("The value `\"{}\"`.", v.wire) };
        let docs = match &v.docs {
            Some(d) => {
                let mut lines = super::docs::to_markdown(d);
                lines.push(String::new());
                lines.push(value_doc);
                super::doc_lines(&lines)
            }
            None => super::doc_lines(&[value_doc]),
        };
        let dep = deprecated_attr(v.deprecated.as_ref());
        let user = user_attrs(&v.attrs);
        quote!(#docs #dep #user #vn,)
    });
    let (payload, to_value, from_arms, values_ty, values) = if int {
        let arms_to = e.variants.iter().map(|v| {
            let vn = ident(&v.rust);
            let n = Literal::i32_unsuffixed(v.wire.parse::<i32>().unwrap_or(0));
            quote!(Self::#vn => #n,)
        });
        let arms_from = e.variants.iter().map(|v| {
            let vn = ident(&v.rust);
            let n = Literal::i32_unsuffixed(v.wire.parse::<i32>().unwrap_or(0));
            quote!(#n => Self::#vn,)
        });
        let vals = e.variants.iter().map(|v| Literal::i32_unsuffixed(v.wire.parse::<i32>().unwrap_or(0)));
        (
            quote!(i32),
            quote!(match self { #(#arms_to)* Self::#unknown(v) => *v }),
            quote!(#(#arms_from)*),
            quote!(i32),
            quote!(#(#vals),*),
        )
    } else {
        let arms_to = e.variants.iter().map(|v| {
            let vn = ident(&v.rust);
            let w = &v.wire;
            quote!(Self::#vn => #w,)
        });
        let arms_from = e.variants.iter().map(|v| {
            let vn = ident(&v.rust);
            let w = &v.wire;
            quote!(#w => Self::#vn,)
        });
        let vals = e.variants.iter().map(|v| &v.wire);
        (
            quote!(::std::string::String),
            quote!(match self { #(#arms_to)* Self::#unknown(v) => v.as_str() }),
            quote!(#(#arms_from)*),
            quote!(&'static str),
            quote!(#(#vals),*),
        )
    };
    let unknown_doc = " A value this version of the model does not know, kept as it was received.";
    let common = quote! {
        impl #name {
            /// Every value the model lists, in model order.
            pub const VALUES: &'static [#values_ty] = &[#values];

            /// Whether the value is one the model lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::#unknown(_))
            }
        }
    };
    let debug = if e.sensitive { redacted_debug(super::local_name(&e.name)) } else { quote!() };
    let debug_derive = if e.sensitive { quote!() } else { quote!(Debug,) };
    let body = if int {
        quote! {
            impl #name {
                /// The wire value.
                pub fn value(&self) -> i32 {
                    #to_value
                }
            }
            impl ::core::convert::From<i32> for #name {
                fn from(v: i32) -> Self {
                    match v {
                        #from_arms
                        other => Self::#unknown(other),
                    }
                }
            }
            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::fmt::Display::fmt(&self.value(), f)
                }
            }
            impl ::ivs_types::__private::serde::Serialize for #name {
                fn serialize<S: ::ivs_types::__private::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                    s.serialize_i32(self.value())
                }
            }
            impl<'de> ::ivs_types::__private::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::ivs_types::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                    <i32 as ::ivs_types::__private::serde::Deserialize>::deserialize(d).map(Self::from)
                }
            }
            impl ::ivs_types::__private::Wire for #name {
                fn de<'de, D: ::ivs_types::__private::serde::Deserializer<'de>>(d: D, _cx: &::ivs_types::__private::Cx) -> ::core::result::Result<Self, D::Error> {
                    <Self as ::ivs_types::__private::serde::Deserialize>::deserialize(d)
                }
                fn zero() -> Self {
                    Self::from(0)
                }
            }
        }
    } else {
        quote! {
            impl #name {
                /// The wire value.
                pub fn as_str(&self) -> &str {
                    #to_value
                }
            }
            impl ::core::convert::From<&str> for #name {
                fn from(v: &str) -> Self {
                    match v {
                        #from_arms
                        other => Self::#unknown(::std::string::String::from(other)),
                    }
                }
            }
            impl ::core::convert::From<::std::string::String> for #name {
                fn from(v: ::std::string::String) -> Self {
                    Self::from(v.as_str())
                }
            }
            impl ::core::str::FromStr for #name {
                type Err = ::core::convert::Infallible;
                fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                    ::core::result::Result::Ok(Self::from(s))
                }
            }
            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
            impl ::ivs_types::__private::serde::Serialize for #name {
                fn serialize<S: ::ivs_types::__private::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                    s.serialize_str(self.as_str())
                }
            }
            impl<'de> ::ivs_types::__private::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::ivs_types::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                    <::std::borrow::Cow<'de, str> as ::ivs_types::__private::serde::Deserialize>::deserialize(d).map(|s| Self::from(s.as_ref()))
                }
            }
            impl ::ivs_types::__private::Wire for #name {
                fn de<'de, D: ::ivs_types::__private::serde::Deserializer<'de>>(d: D, _cx: &::ivs_types::__private::Cx) -> ::core::result::Result<Self, D::Error> {
                    <Self as ::ivs_types::__private::serde::Deserialize>::deserialize(d)
                }
                fn zero() -> Self {
                    Self::#unknown(::std::string::String::new())
                }
            }
        }
    };
    quote! {
        #docs
        #deprecated
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, #debug_derive)]
        #user
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[doc = #unknown_doc]
            #unknown(#payload),
        }
        #common
        #body
        #debug
    }
}

fn union(e: &EnumIr) -> TokenStream {
    let name = super::local_ident(&e.name);
    let model = e.id.name();
    let docs = doc_attrs(e.docs.as_deref(), &format!("The `{model}` union."));
    let deprecated = deprecated_attr(e.deprecated.as_ref());
    let user = user_attrs(&e.attrs);
    let unknown = ident(&e.unknown);
    let variants = e.variants.iter().map(|v| {
        let vn = ident(&v.rust);
        let docs = doc_attrs(v.docs.as_deref(), &format!("The `{}` member.", v.model_name));
        let dep = deprecated_attr(v.deprecated.as_ref());
        let user = user_attrs(&v.attrs);
        match &v.ty {
            Some(t) => {
                let t = rust_type(t);
                quote!(#docs #dep #user #vn(#t),)
            }
            None => quote!(#docs #dep #user #vn,),
        }
    });
    let ser_arms = e.variants.iter().map(|v| {
        let vn = ident(&v.rust);
        let w = &v.wire;
        match &v.ty {
            Some(_) if v.wire_rules.is_some() => {
                let fmt = super::timestamp_format(v.wire_rules.unwrap_or(TimestampFormat::EpochSeconds));
                quote!(Self::#vn(v) => ::ivs_types::__private::serde::ser::SerializeMap::serialize_entry(
                    &mut m, #w, &::ivs_types::__private::ser::With(v, #fmt))?,)
            }
            Some(_) => quote!(Self::#vn(v) => ::ivs_types::__private::serde::ser::SerializeMap::serialize_entry(&mut m, #w, v)?,),
            None => quote!(Self::#vn => ::ivs_types::__private::serde::ser::SerializeMap::serialize_entry(&mut m, #w, &::ivs_types::__private::UnitValue)?,),
        }
    });
    let de_arms = e.variants.iter().map(|v| {
        let vn = ident(&v.rust);
        let w = &v.wire;
        match &v.ty {
            Some(t) => {
                let t = rust_type(t);
                match v.wire_rules {
                    // A timestamp in another format than epoch seconds: a server takes that one.
                    Some(f @ (TimestampFormat::DateTime | TimestampFormat::HttpDate)) => {
                        let fmt = super::timestamp_format(f);
                        quote!(#w => self.0.member_ts::<::std::option::Option<#t>, A>(#w, #fmt, &mut map)?.map(#name::#vn),)
                    }
                    _ => quote!(#w => self.0.member::<::std::option::Option<#t>, A>(#w, &mut map)?.map(#name::#vn),),
                }
            }
            None => quote!(#w => map.next_value::<::std::option::Option<::ivs_types::__private::serde::de::IgnoredAny>>()?.map(|_| #name::#vn),),
        }
    });
    let zero = quote!(Self::#unknown(::std::string::String::new()));
    let unknown_doc = " A member this version of the model does not know: its name, as received. It cannot be sent.";
    let expecting = format!("a {model} union (a JSON object with one member)");
    let send_error = format!("cannot send the unknown member of union {model}");
    let unknown_error = format!("a member of union {model} that the model does not have");
    let any_sensitive = e.sensitive || e.variants.iter().any(|v| v.sensitive);
    let debug_derive = if any_sensitive { quote!() } else { quote!(Debug,) };
    let debug = if e.sensitive {
        redacted_debug(super::local_name(&e.name))
    } else if any_sensitive {
        sensitive_union_debug(e)
    } else {
        quote!()
    };
    quote! {
        #docs
        #deprecated
        #[derive(Clone, PartialEq, #debug_derive)]
        #user
        #[non_exhaustive]
        // Variants hold the members' types as the model gives them, unboxed, whatever their
        // sizes: boxing by size would change a variant's type when a model update grows a
        // structure (see the README).
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            #[doc = #unknown_doc]
            #unknown(::std::string::String),
        }
        #debug
        impl ::ivs_types::__private::serde::Serialize for #name {
            fn serialize<S: ::ivs_types::__private::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                if let Self::#unknown(_) = self {
                    return ::core::result::Result::Err(<S::Error as ::ivs_types::__private::serde::ser::Error>::custom(#send_error));
                }
                let mut m = s.serialize_map(::core::option::Option::Some(1))?;
                match self {
                    #(#ser_arms)*
                    Self::#unknown(_) => {}
                }
                ::ivs_types::__private::serde::ser::SerializeMap::end(m)
            }
        }
        impl<'de> ::ivs_types::__private::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::ivs_types::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                ::ivs_types::__private::de_strict(d)
            }
        }
        impl ::ivs_types::__private::Wire for #name {
            fn de<'de, D: ::ivs_types::__private::serde::Deserializer<'de>>(d: D, cx: &::ivs_types::__private::Cx) -> ::core::result::Result<Self, D::Error> {
                struct V<'a>(&'a ::ivs_types::__private::Cx);
                impl<'de> ::ivs_types::__private::serde::de::Visitor<'de> for V<'_> {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: ::ivs_types::__private::serde::de::MapAccess<'de>>(self, mut map: A) -> ::core::result::Result<#name, A::Error> {
                        let mut found: ::std::option::Option<#name> = ::core::option::Option::None;
                        while let ::core::option::Option::Some(key) = map.next_key::<::ivs_types::__private::Key<'de>>()? {
                            let value = match key.as_str() {
                                "__type" => {
                                    map.next_value::<::ivs_types::__private::serde::de::IgnoredAny>()?;
                                    ::core::option::Option::None
                                }
                                #(#de_arms)*
                                other => {
                                    let value = map.next_value::<::std::option::Option<::ivs_types::__private::serde::de::IgnoredAny>>()?;
                                    // A server refuses a member it does not know; a client keeps it.
                                    if value.is_some() && self.0.strict() {
                                        return ::core::result::Result::Err(<A::Error as ::ivs_types::__private::serde::de::Error>::custom(#unknown_error));
                                    }
                                    value.map(|_| #name::#unknown(::std::string::String::from(other)))
                                }
                            };
                            if value.is_some() {
                                if found.is_some() {
                                    return ::core::result::Result::Err(<A::Error as ::ivs_types::__private::serde::de::Error>::custom(concat!("more than one member of union ", #model, " is set")));
                                }
                                found = value;
                            }
                        }
                        found.ok_or_else(|| <A::Error as ::ivs_types::__private::serde::de::Error>::custom(concat!("no member of union ", #model, " is set")))
                    }
                }
                d.deserialize_map(V(cx))
            }
            fn zero() -> Self {
                #zero
            }
        }
    }
}
