//! Error structures, the error enum of each operation, and the `operation` module.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated_attr, doc_attrs, ident};
use crate::ir::{ErrorIr, Ir, OperationIr, StructIr};

/// `ErrorMeta`, `Display` and `std::error::Error` for an `@error` structure.
pub fn error_structure(s: &StructIr, e: &ErrorIr) -> TokenStream {
    let name = super::local_ident(&s.name);
    let code = &e.code;
    let status = proc_macro2::Literal::u16_unsuffixed(e.status);
    let fault = if e.server { quote!(Server) } else { quote!(Client) };
    let retryable = e.retryable;
    let throttling = e.throttling;
    let (message, fill) = match &e.message_field {
        Some(m) => {
            let m = ident(m);
            let required = s.fields.iter().any(|f| f.rust == *m.to_string() && !f.presence.is_option());
            if required {
                (
                    quote!(::core::option::Option::Some(self.#m.as_str())),
                    quote!(fn fill_message(&mut self, message: ::std::string::String) { self.#m = message; }),
                )
            } else {
                (
                    quote!(self.#m.as_deref()),
                    quote!(fn fill_message(&mut self, message: ::std::string::String) {
                        self.#m = ::core::option::Option::Some(message);
                    }),
                )
            }
        }
        None => (quote!(::core::option::Option::None), quote!()),
    };
    let with_message = format!("{code}: {{}}");
    quote! {
        impl ::ivs_types::rt::ErrorMeta for #name {
            const CODE: &'static str = #code;
            const STATUS: u16 = #status;
            const FAULT: ::ivs_types::rt::Fault = ::ivs_types::rt::Fault::#fault;
            const RETRYABLE: bool = #retryable;
            const THROTTLING: bool = #throttling;
            fn message(&self) -> ::core::option::Option<&str> {
                #message
            }
            #fill
        }
        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match ::ivs_types::rt::ErrorMeta::message(self) {
                    ::core::option::Option::Some(m) => write!(f, #with_message, m),
                    ::core::option::Option::None => f.write_str(#code),
                }
            }
        }
        impl ::std::error::Error for #name {}
    }
}

/// The error enum of an operation: one variant per modeled error, `Unhandled` and
/// `MalformedResponse`, each with the metadata of the response it was read from.
pub fn operation_error(op: &OperationIr) -> TokenStream {
    let name = ident(&op.error_enum);
    let unhandled = ident(&op.unhandled);
    let malformed = ident(&op.malformed);
    let doc = format!(" The errors of the `{}` operation.", op.model_name);
    let meta = quote!(::core::option::Option<::ivs_types::rt::ResponseMeta>);
    let variants = op.errors.iter().map(|(v, ty)| {
        let vn = ident(v);
        let t = super::type_ref_from_op(ty);
        let d = format!(" [`{t}`].", t = t.to_string().replace(' ', ""));
        quote!(#[doc = #d] #vn(#t, #meta),)
    });
    let arms = |f: &dyn Fn(&proc_macro2::Ident, &TokenStream) -> TokenStream| -> Vec<TokenStream> {
        op.errors.iter().map(|(v, ty)| f(&ident(v), &super::type_ref_from_op(ty))).collect()
    };
    let view = arms(&|v, _| quote!(Self::#v(e, m) => ::ivs_types::rt::ErrorRef::of(e).with_meta(m.as_ref()),));
    let froms = arms(&|v, t| {
        quote! {
            impl ::core::convert::From<#t> for #name {
                fn from(e: #t) -> Self {
                    Self::#v(e, ::core::option::Option::None)
                }
            }
        }
    });
    quote! {
        #[doc = #doc]
        ///
        /// Each variant holds the error and the metadata of the response it was read from
        /// (status, headers, request ids), `None` for an error built by hand.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        // Unboxed error structures, whatever their sizes (see the union enums).
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// An error the model does not list for this operation, with the code, message and
            /// HTTP status it came with.
            #unhandled(::ivs_types::rt::Unhandled, #meta),
            /// A success response whose body or headers could not be read as the output; the
            /// parse error is the `source()`.
            #malformed(::ivs_types::rt::MalformedResponse, #meta),
        }

        impl #name {
            /// The error as an `ErrorRef`: the modeled error's code, message, status, fault and
            /// retryability, or those the unhandled error came with, and the response metadata.
            pub fn view(&self) -> ::ivs_types::rt::ErrorRef<'_> {
                match self {
                    #(#view)*
                    Self::#unhandled(u, m) => ::ivs_types::rt::ErrorRef::unhandled(u).with_meta(m.as_ref()),
                    Self::#malformed(e, m) => ::ivs_types::rt::ErrorRef::malformed(e).with_meta(m.as_ref()),
                }
            }

            /// The error code (the error's shape name), when known.
            pub fn code(&self) -> ::core::option::Option<&str> {
                self.view().code()
            }

            /// The error message, when the error has one.
            pub fn message(&self) -> ::core::option::Option<&str> {
                self.view().message()
            }

            /// The HTTP status of the response the error was read from; for an error built by
            /// hand, the status it is sent with (`ErrorMeta::STATUS` of a modeled error).
            pub fn status(&self) -> u16 {
                self.view().status()
            }

            /// Whose fault the error is; for `Unhandled`, by its HTTP status.
            pub fn fault(&self) -> ::ivs_types::rt::Fault {
                self.view().fault()
            }

            /// Whether and why the error may be retried, as the AWS SDKs classify errors: the
            /// model's `@retryable`, else a throttling or transient error code
            /// (`ThrottlingException`, `RequestTimeout`, ...), else the response's status (429
            /// is throttling; 500, 502, 503 and 504 are transient). See
            /// `ivs_types::rt::RetryKind`.
            pub fn retry_kind(&self) -> ::core::option::Option<::ivs_types::rt::RetryKind> {
                self.view().retry_kind()
            }

            /// Whether the error may be retried: `retry_kind()` is `Some` (the model's
            /// `@retryable`, a throttling or transient code, or a 429, 500, 502, 503 or 504).
            pub fn is_retryable(&self) -> bool {
                self.view().is_retryable()
            }

            /// The metadata of the response the error was read from: status, headers, request
            /// ids.
            pub fn meta(&self) -> ::core::option::Option<&::ivs_types::rt::ResponseMeta> {
                self.view().meta()
            }

            /// The request id AWS support asks for (`x-amzn-RequestId`, else
            /// `x-amz-request-id`).
            pub fn request_id(&self) -> ::core::option::Option<&str> {
                self.view().request_id()
            }

            /// The extended request id (`x-amz-id-2`).
            pub fn extended_request_id(&self) -> ::core::option::Option<&str> {
                self.view().extended_request_id()
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.view(), f)
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> ::core::option::Option<&(dyn ::std::error::Error + 'static)> {
                self.view().source()
            }
        }

        #(#froms)*
    }
}

/// `pub mod operation`: one module per operation (`operation::{module}`, rule 6 of
/// [`crate::names`]) holding its marker type (implementing `rt::Operation`, re-exported as
/// `operation::{Marker}`), its error enum and the input or output made for it; nothing in
/// these modules shares a namespace with the model's shapes at the crate root.
pub fn operations_module(
    ir: &Ir,
    validators: &super::validate::Validators,
    http: &super::http::Http<'_>,
) -> TokenStream {
    if ir.operations.is_empty() {
        return TokenStream::new();
    }
    let mut mods = Vec::new();
    let mut uses = Vec::new();
    let mut markers = Vec::new();
    for op in &ir.operations {
        let name = ident(&op.marker);
        let module = ident(&op.module);
        markers.push((name.clone(), op));
        let docs = doc_attrs(op.docs.as_deref(), &format!("The `{}` operation.", op.model_name));
        let deprecated = deprecated_attr(op.deprecated.as_ref());
        // From the operation's module: what it made itself is local, the crate's items are two
        // levels up, external types are reached by their own path.
        let local = |n: &str| match op.synthetic.iter().find(|s| op.path_of(&s.name) == n) {
            Some(s) => {
                let i = ident(&s.name);
                quote!(#i)
            }
            None => super::type_ref_from_op(n),
        };
        let (input, output) = (local(&op.input), local(&op.output));
        let error = ident(&op.error_enum);
        let model_name = &op.model_name;
        let id = op.id.as_str();
        let (method, uri) = match &op.http {
            Some(h) => {
                let (m, u) = (&h.method, &h.uri);
                (quote!(::core::option::Option::Some(#m)), quote!(::core::option::Option::Some(#u)))
            }
            None => (quote!(::core::option::Option::None), quote!(::core::option::Option::None)),
        };
        let http_impl = http.operation(op, &name);
        let error_enum = operation_error(op);
        let error_http = http.error_enum(op);
        let made = op.synthetic.iter().map(|s| {
            let members = if op.http.is_some() { http.members(s, true) } else { TokenStream::new() };
            let (ty, check) = (super::types::structure(s), validators.structure(s));
            quote!(#ty #check #members)
        });
        let mod_doc = format!(" The `{}` operation: its marker type, its error enum", op.model_name);
        mods.push(quote! {
            #[doc = #mod_doc]
            /// and the input or output made for it when the model has none.
            pub mod #module {
                #docs
                #deprecated
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
                pub struct #name;

                impl ::ivs_types::rt::Operation for #name {
                    type Input = #input;
                    type Output = #output;
                    type Error = #error;
                    const NAME: &'static str = #model_name;
                    const SHAPE_ID: &'static str = #id;
                    const HTTP_METHOD: ::core::option::Option<&'static str> = #method;
                    const HTTP_URI: ::core::option::Option<&'static str> = #uri;
                }

                #http_impl
                #error_enum
                #error_http
                #(#made)*
            }
        });
        uses.push(quote!(pub use #module::#name;));
    }
    let service = ir.service.as_ref().map(|s| {
        let id = s.id.as_str();
        let version = &s.version;
        quote! {
            /// The shape id of the service these operations belong to.
            pub const SERVICE_ID: &str = #id;
            /// The service's API version.
            pub const SERVICE_VERSION: &str = #version;
        }
    });
    let router = ir.service.as_ref().and_then(|_| http.router(&markers));
    quote! {
        /// One module per operation (`operation::create_channel`), with its marker type (tying
        /// together its input, output and error types; re-exported here), its error enum
        /// (`operation::create_channel::CreateChannelError`) and the input or output made for
        /// it when the model has none.
        pub mod operation {
            #service
            #(#uses)*
            #(#mods)*
            #router
        }
    }
}
