//! restJson1 HTTP bindings: `HttpMembers` for the input, output and error structures of
//! operations bound with `@http`, `HttpOperation` for their marker types, and reading error
//! responses into the operation error enums.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ident;
use crate::facts::HostPart;
use crate::ir::{
    EnumKind, FieldIr, Ir, Item, Location, OperationIr, Presence, RustType, StructIr, TimestampFormat, UriSegment,
};

/// The items of a module, by Rust name.
pub struct Http<'a> {
    structs: BTreeMap<&'a str, &'a StructIr>,
    enums: BTreeMap<&'a str, EnumKind>,
    /// The model's `ValidationException` (as `validate::model_validation_exception`
    /// chooses it: an error structure of that name with a message), by Rust name.
    validation: Option<&'a str>,
}

impl<'a> Http<'a> {
    /// Indexes the items of the IR.
    pub fn new(ir: &'a Ir) -> Http<'a> {
        let mut structs = BTreeMap::new();
        let mut enums = BTreeMap::new();
        for item in &ir.items {
            match item {
                Item::Struct(s) => {
                    structs.insert(s.name.as_str(), s);
                }
                Item::Enum(e) => {
                    enums.insert(e.name.as_str(), e.kind);
                }
            }
        }
        let validation = super::validate::model_validation_exception(ir).map(|s| s.name.as_str());
        Http { structs, enums, validation }
    }

    /// Everything HTTP for the module.
    pub fn emit(&self, ir: &Ir) -> TokenStream {
        let mut out = TokenStream::new();
        let mut bound: BTreeSet<&str> = BTreeSet::new();
        for op in ir.operations.iter().filter(|o| o.http.is_some()) {
            bound.insert(&op.input);
            bound.insert(&op.output);
            for (_, e) in &op.errors {
                bound.insert(e);
            }
        }
        for name in &bound {
            if let Some(s) = self.structs.get(name).filter(|s| !s.external) {
                // The input or output of an operation without one (`smithy.api#Unit`) is
                // written with the operation's id.
                let unit = ir.operations.iter().any(|o| o.id == s.id);
                out.extend(self.members(s, unit));
            }
        }
        out
    }

    /// `impl HttpValue` for a string or int enum.
    pub fn enum_value(name: &str, kind: EnumKind) -> TokenStream {
        let name = super::local_ident(name);
        match kind {
            EnumKind::String => quote! {
                impl ::ivs_types::__private::http_parts::HttpValue for #name {
                    fn to_http(&self, _: ::ivs_types::__private::ser::TimestampFormat) -> ::std::string::String {
                        ::std::string::String::from(self.as_str())
                    }
                    fn from_http(text: &str, _: ::ivs_types::__private::ser::TimestampFormat) -> ::core::option::Option<Self> {
                        ::core::option::Option::Some(Self::from(text.trim()))
                    }
                }
            },
            EnumKind::Int => quote! {
                impl ::ivs_types::__private::http_parts::HttpValue for #name {
                    fn to_http(&self, _: ::ivs_types::__private::ser::TimestampFormat) -> ::std::string::String {
                        self.value().to_string()
                    }
                    fn from_http(text: &str, _: ::ivs_types::__private::ser::TimestampFormat) -> ::core::option::Option<Self> {
                        text.trim().parse::<i32>().ok().map(Self::from)
                    }
                    fn expected(_: ::ivs_types::__private::ser::TimestampFormat) -> &'static str {
                        "a 32-bit integer"
                    }
                }
            },
            EnumKind::Union => TokenStream::new(),
        }
    }

    /// Whether a type can travel in a header, query string or label.
    fn is_scalar(&self, t: &RustType) -> bool {
        match t {
            RustType::Named(n) => matches!(self.enums.get(n.as_str()), Some(EnumKind::String | EnumKind::Int)),
            RustType::List(..) | RustType::Map(..) | RustType::Boxed(_) | RustType::Document => false,
            _ => true,
        }
    }

    /// Whether a type is a structure (not a union, enum or document).
    fn is_object(&self, t: &RustType) -> bool {
        match t {
            RustType::Named(n) => self.structs.contains_key(n.as_str()),
            RustType::Boxed(t) => self.is_object(t),
            _ => false,
        }
    }

    pub(crate) fn members(&self, s: &StructIr, unit: bool) -> TokenStream {
        let name = super::type_ref(&s.name);
        let payload = s.fields.iter().find(|f| f.location == Location::Payload);
        let json_body = payload.is_none() && s.fields.iter().any(|f| f.location == Location::Body);
        let mut writes = Vec::new();
        let mut reads = Vec::new();
        for f in s.fields.iter().filter(|f| !matches!(f.location, Location::Body | Location::Payload)) {
            if let Some((w, r)) = self.field(f) {
                writes.push(w);
                reads.push(r);
            }
        }
        let payload_fns = payload.map(|f| self.payload(f)).unwrap_or_default();
        let uses_missing = s
            .fields
            .iter()
            .any(|f| !matches!(f.location, Location::Body | Location::Payload) && f.presence == Presence::Required);
        // The trait's defaults: a JSON body, no payload, no members elsewhere. A modeled
        // structure without members is sent as `{}` (so a server takes and answers
        // `application/json`); so is, in a response, one whose members are all bound
        // elsewhere; an operation's `Unit` input or output has no body.
        let empty = |v: TokenStream| {
            quote!(
                const JSON_BODY: bool = false;
                const EMPTY_BODY: ::ivs_types::__private::http_parts::EmptyBody = ::ivs_types::__private::http_parts::EmptyBody::#v;
            )
        };
        let json_body = match payload {
            _ if json_body => TokenStream::new(),
            Some(p) if p.presence.is_option() && self.is_object(&p.ty) => empty(quote!(StructurePayload)),
            Some(_) => empty(quote!(Nothing)),
            None if unit => empty(quote!(Nothing)),
            None if s.fields.is_empty() => quote!(
                const JSON_BODY: bool = false;
                const CONTENT_TYPE: ::core::option::Option<&'static str> =
                    ::core::option::Option::Some("application/json");
            ),
            None => quote!(
                const JSON_BODY: bool = false;
            ),
        };
        let bound = if writes.is_empty() {
            TokenStream::new()
        } else {
            let missing_arg = if uses_missing { quote!(missing) } else { quote!(_missing) };
            quote! {
                fn write_http(&self, out: &mut ::ivs_types::__private::http_parts::HttpOut) {
                    #(#writes)*
                }
                fn read_http(
                    &mut self,
                    input: &::ivs_types::__private::http_parts::HttpIn<'_>,
                    #missing_arg: &mut ::ivs_types::__private::http_parts::Absent,
                ) -> ::core::result::Result<(), ::ivs_types::rt::http::HttpError> {
                    #(#reads)*
                    ::core::result::Result::Ok(())
                }
            }
        };
        let tokens = self.idempotency_tokens(s);
        quote! {
            impl ::ivs_types::__private::http_parts::HttpMembers for #name {
                #json_body
                #tokens
                #bound
                #payload_fns
            }
        }
    }

    /// `with_idempotency_tokens` for a structure with optional `@idempotencyToken` string
    /// members (a client fills the unset ones); nothing otherwise.
    fn idempotency_tokens(&self, s: &StructIr) -> TokenStream {
        let fields: Vec<_> = s
            .fields
            .iter()
            .filter(|f| f.idempotency_token && f.presence.is_option() && f.ty == RustType::String)
            .map(|f| ident(&f.rust))
            .collect();
        if fields.is_empty() {
            return TokenStream::new();
        }
        quote! {
            fn with_idempotency_tokens(&self) -> ::core::option::Option<Self> {
                if #(self.#fields.is_some())&&* {
                    return ::core::option::Option::None;
                }
                let mut filled = ::core::clone::Clone::clone(self);
                #(
                    if filled.#fields.is_none() {
                        filled.#fields = ::core::option::Option::Some(::ivs_types::__private::http_parts::idempotency_token());
                    }
                )*
                ::core::option::Option::Some(filled)
            }
        }
    }

    /// Write and read code of one HTTP-bound member.
    fn field(&self, f: &FieldIr) -> Option<(TokenStream, TokenStream)> {
        let n = ident(&f.rust);
        let member = &f.model_name;
        let missing_path = format!("/{member}");
        let fmt = |default: TimestampFormat| super::timestamp_format(f.timestamp_format.unwrap_or(default));
        let optional = f.presence.is_option();
        // Wraps a write of `v` (a reference) in `if let Some` for optional members.
        let write = |body: TokenStream| {
            if optional {
                quote!(if let ::core::option::Option::Some(v) = &self.#n { #body })
            } else {
                quote!({ let v = &self.#n; #body })
            }
        };
        // Assigns a read `Option<T>`, or records a missing required member.
        let assign = |expr: TokenStream| {
            let set = if optional { quote!(self.#n = ::core::option::Option::Some(v);) } else { quote!(self.#n = v;) };
            if f.presence == Presence::Required {
                quote! {
                    match #expr {
                        ::core::option::Option::Some(v) => { #set }
                        ::core::option::Option::None => missing.push(::std::string::String::from(#missing_path)),
                    }
                }
            } else {
                quote!(if let ::core::option::Option::Some(v) = #expr { #set })
            }
        };
        let ty = match &f.ty {
            RustType::Boxed(t) => t.as_ref(),
            t => t,
        };
        // A scalar (or a list of scalars) in a label, query or header: `out.method(key, v, format)`
        // and `input.method(key, format)?`, timestamps by default in `default`.
        let scalar = |method: &str, key: &str, default: TimestampFormat| {
            let (m, fmt) = (format_ident!("{method}"), fmt(default));
            (write(quote!(out.#m(#key, v, #fmt);)), assign(quote!(input.#m(#key, #fmt)?)))
        };
        Some(match (&f.location, ty) {
            (Location::Label, t) if self.is_scalar(t) => scalar("label", member, TimestampFormat::DateTime),
            (Location::Query(q), RustType::List(inner, _)) if self.is_scalar(inner) => {
                scalar("query_list", q, TimestampFormat::DateTime)
            }
            (Location::Query(q), t) if self.is_scalar(t) => scalar("query", q, TimestampFormat::DateTime),
            (Location::Header(h), RustType::List(inner, _)) if self.is_scalar(inner) => {
                scalar("header_list", h, TimestampFormat::HttpDate)
            }
            // A string with `@mediaType` travels in a header as base64.
            (Location::Header(h), RustType::String) if f.media_type.is_some() => {
                scalar("header_media_type", h, TimestampFormat::HttpDate)
            }
            (Location::Header(h), t) if self.is_scalar(t) => scalar("header", h, TimestampFormat::HttpDate),
            (Location::PrefixHeaders(p), RustType::Map(inner, _)) if **inner == RustType::String => (
                write(quote!(out.prefix_headers(#p, v);)),
                assign(quote!(Some(input.prefix_headers(#p)).filter(|m| !m.is_empty()))),
            ),
            (Location::QueryParams, RustType::Map(inner, _)) => match inner.as_ref() {
                RustType::String => (
                    write(quote!(out.query_params(v);)),
                    assign(quote!(Some(input.query_params()).filter(|m| !m.is_empty()))),
                ),
                RustType::List(s, _) if **s == RustType::String => (
                    write(quote!(out.query_params_list(v);)),
                    assign(quote!(Some(input.query_params_list()).filter(|m| !m.is_empty()))),
                ),
                _ => return None,
            },
            (Location::ResponseCode, RustType::I32) => {
                (write(quote!(out.status(*v);)), assign(quote!(::core::option::Option::Some(input.status()))))
            }
            _ => return None,
        })
    }

    fn payload(&self, f: &FieldIr) -> TokenStream {
        let n = ident(&f.rust);
        let optional = f.presence.is_option();
        let member_path = format!("/{}", f.model_name);
        let mut structure = false;
        let media_type = f.media_type.as_deref();
        let (to_bytes, ct, from_body): (TokenStream, &str, TokenStream) = match &f.ty {
            RustType::Blob => (
                quote!(v.as_bytes().to_vec()),
                media_type.unwrap_or("application/octet-stream"),
                quote!(::ivs_types::rt::Blob(body.to_vec())),
            ),
            RustType::String => (
                quote!(v.as_bytes().to_vec()),
                media_type.unwrap_or("text/plain"),
                quote!(::std::string::String::from_utf8(body.to_vec())
                    .map_err(|_| ::ivs_types::rt::http::HttpError::Utf8)?),
            ),
            RustType::Named(e) if matches!(self.enums.get(e.as_str()), Some(EnumKind::String)) => {
                let e = super::type_ref(e);
                (
                    quote!(v.as_str().as_bytes().to_vec()),
                    "text/plain",
                    quote!(#e::from(::std::str::from_utf8(body).map_err(|_| ::ivs_types::rt::http::HttpError::Utf8)?)),
                )
            }
            _ => {
                structure = true;
                (
                    quote!(::ivs_types::__private::serde_json::to_vec(v)
                        .map_err(::ivs_types::rt::http::HttpError::Serialize)?),
                    "application/json",
                    quote!(::ivs_types::rt::parse_response_body(body).map_err(::ivs_types::rt::http::HttpError::Body)?),
                )
            }
        };
        // An unset structure payload is sent as `{}` by a client (`HttpMembers::EMPTY_BODY`),
        // and `{}` is read back as unset.
        let object = structure && self.is_object(&f.ty);
        let get = if optional {
            quote! {
                match &self.#n {
                    ::core::option::Option::Some(v) => ::core::result::Result::Ok(::core::option::Option::Some((#to_bytes, #ct))),
                    ::core::option::Option::None => ::core::result::Result::Ok(::core::option::Option::None),
                }
            }
        } else {
            quote!({ let v = &self.#n; ::core::result::Result::Ok(::core::option::Option::Some((#to_bytes, #ct))) })
        };
        let set = if optional {
            quote!(self.#n = ::core::option::Option::Some(#from_body);)
        } else {
            quote!(self.#n = #from_body;)
        };
        // The body that is read as no payload: empty, or `{}` for an optional structure.
        let (no_body, has_body) = if object && optional {
            (
                quote!(body.is_empty() || ::ivs_types::__private::http_parts::empty_object(body)),
                quote!(!body.is_empty() && !::ivs_types::__private::http_parts::empty_object(body)),
            )
        } else {
            (quote!(body.is_empty()), quote!(!body.is_empty()))
        };
        // A server reads a structure payload strictly, and misses a required payload.
        let strict = if structure || f.presence == Presence::Required {
            let read = if structure {
                let strict_read =
                    quote!(::ivs_types::__private::http_parts::payload_strict(body, #member_path, missing)?);
                if optional {
                    quote!(self.#n = ::core::option::Option::Some(#strict_read);)
                } else {
                    quote!(self.#n = #strict_read;)
                }
            } else {
                set.clone()
            };
            let absent = if f.presence == Presence::Required {
                quote!(missing.push(::std::string::String::from(#member_path));)
            } else {
                TokenStream::new()
            };
            let missing_arg =
                if structure || f.presence == Presence::Required { quote!(missing) } else { quote!(_missing) };
            quote! {
                fn set_payload_strict(
                    &mut self,
                    body: &[u8],
                    #missing_arg: &mut ::ivs_types::__private::http_parts::Absent,
                ) -> ::core::result::Result<bool, ::ivs_types::rt::http::HttpError> {
                    if #no_body {
                        #absent
                    } else {
                        #read
                    }
                    ::core::result::Result::Ok(true)
                }
            }
        } else {
            TokenStream::new()
        };
        // A blob without `@mediaType` is taken in any media type.
        let required = if ct == "application/octet-stream" { "*/*" } else { ct };
        quote! {
            const CONTENT_TYPE: ::core::option::Option<&'static str> = ::core::option::Option::Some(#required);
            fn payload(&self) -> ::core::result::Result<::core::option::Option<(::std::vec::Vec<u8>, &'static str)>, ::ivs_types::rt::http::HttpError> {
                #get
            }
            fn set_payload(&mut self, body: &[u8]) -> ::core::result::Result<bool, ::ivs_types::rt::http::HttpError> {
                if #has_body {
                    #set
                }
                ::core::result::Result::Ok(true)
            }
            #strict
        }
    }

    /// The service's router (inside the `operation` module, beside the marker types):
    /// `ServiceRequest`, one variant per operation with an `@http` binding holding its parsed
    /// input. `markers` are the operations' marker types there. `None` when no operation has
    /// a binding, or when an operation's marker is itself called `ServiceRequest`.
    pub fn router(&self, markers: &[(proc_macro2::Ident, &OperationIr)]) -> Option<TokenStream> {
        let mut routed: Vec<&(proc_macro2::Ident, &OperationIr)> =
            markers.iter().filter(|(_, op)| op.http.is_some()).collect();
        if routed.is_empty() || markers.iter().any(|(m, _)| m == "ServiceRequest") {
            return None;
        }
        // The most specific pattern first: literal segments before labels before greedy
        // labels, position by position; then more constant query parameters; then model
        // order. (A request matches one operation in a model without ambiguous patterns.)
        let rank = |op: &OperationIr| {
            let http = op.http.as_ref();
            let segs: Vec<u8> = http
                .map(|h| {
                    h.path
                        .iter()
                        .map(|s| match s {
                            UriSegment::Literal(_) => 0,
                            UriSegment::Label(_) => 1,
                            UriSegment::Greedy(_) => 2,
                        })
                        .collect()
                })
                .unwrap_or_default();
            (segs, std::cmp::Reverse(http.map_or(0, |h| h.query.len())))
        };
        routed.sort_by_key(|(_, op)| rank(op));
        let variants = routed.iter().map(|(m, op)| {
            let doc = format!(" A `{}` request: its input.", op.model_name);
            quote! {
                #[doc = #doc]
                #m(<#m as ::ivs_types::rt::Operation>::Input),
            }
        });
        let tries = routed.iter().map(|(m, _)| {
            quote! {
                if <#m as ::ivs_types::rt::http::HttpOperation>::matches(req) {
                    return <#m as ::ivs_types::rt::http::HttpOperation>::parse_request(req)
                        .map(Self::#m)
                        .map_err(::ivs_types::rt::http::Rejection::of::<#m>);
                }
            }
        });
        let names = routed.iter().map(|(m, _)| quote!(Self::#m(_) => <#m as ::ivs_types::rt::Operation>::NAME,));
        // awsJson routes on `X-Amz-Target` (each operation's `matches`); no operation's is
        // `400 UnknownOperationException`, restJson1's no method and path `404`.
        let unknown = match routed.iter().map(|(_, op)| op.protocol).find(|p| p.is_aws_json()) {
            Some(p) => {
                let p = super::aws_json::protocol_tokens(p);
                quote!(::ivs_types::rt::aws_json::unknown_operation(#p))
            }
            None => quote!(::ivs_types::rt::http::Rejection::unknown_operation()),
        };
        Some(quote! {
            /// A request for one of the service's operations, read by [`ServiceRequest::parse`]:
            /// the operation, with its input parsed and validated.
            #[derive(Debug)]
            #[non_exhaustive]
            #[allow(clippy::large_enum_variant)]
            pub enum ServiceRequest {
                #(#variants)*
            }

            impl ServiceRequest {
                /// Routes a request to the operation whose method, path and constant query
                /// parameters it has (the most specific pattern first) and reads it with that
                /// operation's `parse_request`; or says why not: which operation it was meant
                /// for (`None` when none has its method and path) and the error, which
                /// [`Rejection::into_response`](::ivs_types::rt::http::Rejection::into_response)
                /// renders as the protocol prescribes (404, 415, 406, 400, the modeled
                /// validation exception).
                // The refusal is large (a report, or a response) and made once per request.
                #[allow(clippy::result_large_err)]
                pub fn parse<B: ::core::convert::AsRef<[u8]>>(
                    req: &::ivs_types::__private::http::Request<B>,
                ) -> ::core::result::Result<Self, ::ivs_types::rt::http::Rejection> {
                    #(#tries)*
                    ::core::result::Result::Err(#unknown)
                }

                /// As [`ServiceRequest::parse`], with the refusal rendered: the one call a server
                /// needs before its handlers.
                #[allow(clippy::result_large_err)]
                pub fn route<B: ::core::convert::AsRef<[u8]>>(
                    req: &::ivs_types::__private::http::Request<B>,
                ) -> ::core::result::Result<Self, ::ivs_types::__private::http::Response<::std::vec::Vec<u8>>> {
                    Self::parse(req).map_err(::ivs_types::rt::http::Rejection::into_response)
                }

                /// The operation's name.
                pub fn operation_name(&self) -> &'static str {
                    match self {
                        #(#names)*
                    }
                }
            }
        })
    }

    /// Reading error responses into the operation's error enum, and writing them (servers);
    /// written in the operation's module.
    pub(crate) fn error_enum(&self, op: &OperationIr) -> TokenStream {
        if op.http.is_none() {
            return TokenStream::new();
        }
        let name = ident(&op.error_enum);
        let unhandled = ident(&op.unhandled);
        let malformed = ident(&op.malformed);
        // A code that names a modeled error gives it, unless its header members cannot be
        // read; anything else is `Unhandled`. Both with the response's metadata.
        let fallback = quote!(Self::#unhandled(::ivs_types::__private::http_parts::unhandled_of(resp, code), meta));
        let arms = op.errors.iter().map(|(v, ty)| {
            let vn = ident(v);
            let t = super::type_ref_from_op(ty);
            quote! {
                ::core::option::Option::Some(<#t as ::ivs_types::rt::ErrorMeta>::CODE) => {
                    match ::ivs_types::__private::http_parts::parse_error::<#t, B>(resp) {
                        ::core::option::Option::Some(e) => Self::#vn(e, meta),
                        ::core::option::Option::None => #fallback,
                    }
                }
            }
        });
        let result = if op.errors.is_empty() {
            fallback.clone()
        } else {
            quote! {
                match code.as_deref() {
                    #(#arms)*
                    _ => #fallback,
                }
            }
        };
        // awsJson renders errors its own way (`__type` in the body, its `Content-Type`).
        let aws = op.protocol.is_aws_json().then(|| super::aws_json::protocol_tokens(op.protocol));
        let to_arms = op.errors.iter().map(|(v, ty)| {
            let vn = ident(v);
            match &aws {
                Some(p) => {
                    // `__type`: the shape id in awsJson1_0, the shape name in awsJson1_1 (as
                    // Smithy's suites expect; a client reads either).
                    let s = self.structs.get(ty.as_str());
                    let id = s.map_or_else(
                        || ty.clone(),
                        |s| match op.protocol {
                            crate::facts::Protocol::AwsJson1_1 => s.id.name().to_string(),
                            _ => s.id.to_string(),
                        },
                    );
                    // A query-compatible service names the error's `@awsQueryError` code too.
                    let query_code = s.and_then(|s| s.error.as_ref()).and_then(|e| e.query_code.as_ref());
                    match query_code.filter(|_| op.query_compatible) {
                        Some(code) => quote!(Self::#vn(e, _) => ::ivs_types::rt::aws_json::query_compatible_error_response(#p, #id, #code, e),),
                        None => quote!(Self::#vn(e, _) => ::ivs_types::rt::aws_json::error_response(#p, #id, e),),
                    }
                }
                None => quote!(Self::#vn(e, _) => ::ivs_types::__private::http_parts::error_response(e),),
            }
        });
        let (unhandled_response, malformed_response) = match &aws {
            Some(p) => (
                quote!(::ivs_types::rt::aws_json::unhandled_response(#p, u)),
                quote!(::ivs_types::rt::aws_json::malformed_response(#p, e)),
            ),
            None => (
                quote!(::ivs_types::__private::http_parts::unhandled_response(u)),
                quote!(::ivs_types::__private::http_parts::malformed_response(e)),
            ),
        };
        let error_code = match &aws {
            Some(_) => quote!(::ivs_types::__private::http_parts::aws_json_error_code),
            None => quote!(::ivs_types::__private::http_parts::error_code),
        };
        quote! {
            impl ::ivs_types::rt::http::FromErrorResponse for #name {
                fn from_response<B: ::core::convert::AsRef<[u8]>>(resp: &::ivs_types::__private::http::Response<B>) -> Self {
                    let code = #error_code(resp.headers(), resp.body().as_ref());
                    let meta = ::core::option::Option::Some(::ivs_types::rt::ResponseMeta::of(resp));
                    #result
                }

                fn unhandled(unhandled: ::ivs_types::rt::Unhandled) -> Self {
                    Self::#unhandled(unhandled, ::core::option::Option::None)
                }

                fn malformed(error: ::ivs_types::rt::MalformedResponse, meta: ::ivs_types::rt::ResponseMeta) -> Self {
                    Self::#malformed(error, ::core::option::Option::Some(meta))
                }
            }

            impl #name {
                /// The response a service sends for this error (the model's status,
                /// `x-amzn-ErrorType`, body); the response metadata the error was read with is
                /// not sent.
                pub fn to_response(&self) -> ::core::result::Result<::ivs_types::__private::http::Response<::std::vec::Vec<u8>>, ::ivs_types::rt::http::HttpError> {
                    match self {
                        #(#to_arms)*
                        Self::#unhandled(u, _) => #unhandled_response,
                        Self::#malformed(e, _) => #malformed_response,
                    }
                }
            }
        }
    }

    /// `impl HttpOperation` for an operation's marker type (inside the `operation` module).
    pub fn operation(&self, op: &OperationIr, marker: &proc_macro2::Ident) -> TokenStream {
        let Some(http) = &op.http else { return TokenStream::new() };
        let segs = http.path.iter().map(|s| match s {
            UriSegment::Literal(text) => quote!(::ivs_types::__private::http_parts::UriSegment::Literal(#text)),
            UriSegment::Label(name) => quote!(::ivs_types::__private::http_parts::UriSegment::Label(#name)),
            UriSegment::Greedy(name) => quote!(::ivs_types::__private::http_parts::UriSegment::Greedy(#name)),
        });
        let query = http.query.iter().map(|(k, v)| quote!((#k, #v)));
        let (method, code) = (&http.method, http.code);
        // Constraint violations as the operation's modeled `ValidationException`.
        let validation = self.validation.and_then(|ve| op.errors.iter().find(|(_, e)| e == ve)).map(|(v, e)| {
            // In the operation's module: its error enum is there, the exception two levels up.
            let (error_enum, v, e) = (ident(&op.error_enum), ident(v), super::type_ref_from_op(e));
            quote! {
                |report| {
                    #error_enum::#v(#e::from(report), ::core::option::Option::None).to_response()
                }
            }
        });
        let features = self.request_features(op);
        if op.protocol.is_aws_json() {
            return super::aws_json::operation(op, marker, validation, features);
        }
        let reject = validation.map(|validation| {
            quote! {
                fn reject(error: ::ivs_types::rt::RequestError) -> ::ivs_types::__private::http::Response<::std::vec::Vec<u8>> {
                    ::ivs_types::rt::http::reject(error, #validation)
                }
            }
        });
        quote! {
            impl ::ivs_types::rt::http::HttpOperation for #marker {
                const BINDING: ::ivs_types::__private::http_parts::HttpBinding = ::ivs_types::__private::http_parts::HttpBinding {
                    method: #method,
                    path: &[#(#segs),*],
                    query: &[#(#query),*],
                    code: #code,
                };
                #features
                #reject
            }
        }
    }

    /// The `HttpOperation` items of an operation's [`crate::facts::RequestFeatures`]:
    /// `REQUEST_COMPRESSION`, `CHECKSUM_REQUIRED` and `host_prefix` (nothing for an operation
    /// without them, which keeps the trait's defaults).
    pub(crate) fn request_features(&self, op: &OperationIr) -> TokenStream {
        let r = &op.request;
        let mut items = TokenStream::new();
        if !r.compression.is_empty() {
            let encodings = &r.compression;
            items.extend(quote!(const REQUEST_COMPRESSION: &'static [&'static str] = &[#(#encodings),*];));
        }
        if r.checksum_required {
            items.extend(quote!(
                const CHECKSUM_REQUIRED: bool = true;
            ));
        }
        if let Some(parts) = &r.host_prefix {
            let input = self.structs.get(op.input.as_str());
            let pieces = parts.iter().map(|part| match part {
                HostPart::Literal(text) => quote!(#text),
                HostPart::Label(label) => {
                    // Lowering checked that the label is an input member with `@hostLabel`.
                    match input.and_then(|s| s.fields.iter().find(|f| f.model_name == *label)) {
                        Some(f) if f.presence.is_option() => {
                            let n = ident(&f.rust);
                            quote!(input.#n.as_deref().unwrap_or_default())
                        }
                        Some(f) => {
                            let n = ident(&f.rust);
                            quote!(input.#n.as_str())
                        }
                        None => quote!(""),
                    }
                }
            });
            let uses_input = parts.iter().any(|p| matches!(p, HostPart::Label(_)));
            let arg = if uses_input { quote!(input) } else { quote!(_input) };
            items.extend(quote! {
                fn host_prefix(
                    #arg: &<Self as ::ivs_types::rt::Operation>::Input,
                ) -> ::core::result::Result<::core::option::Option<::ivs_types::__private::http_parts::HostPrefix>, ::ivs_types::rt::http::HttpError> {
                    ::ivs_types::__private::http_parts::HostPrefix::new([#(#pieces),*].concat()).map(::core::option::Option::Some)
                }
            });
        }
        items
    }
}
