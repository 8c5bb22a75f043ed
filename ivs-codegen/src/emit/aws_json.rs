//! The awsJson1_0 and awsJson1_1 wire of an operation: its `HttpOperation` implementation,
//! which calls `ivs_types::rt::aws_json` (`POST /` with `X-Amz-Target`, the whole input and
//! output as JSON bodies, errors with `__type`). The structures' `HttpMembers` and the error
//! enum's reading are restJson1's (lowering binds every member of an awsJson service to the
//! body and drops `@jsonName`, see `crate::facts::Protocol`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::facts::Protocol;
use crate::ir::OperationIr;

/// `::ivs_types::rt::http::Protocol::...` of a protocol with wire.
pub(crate) fn protocol_tokens(p: Protocol) -> TokenStream {
    match p {
        Protocol::AwsJson1_0 => quote!(::ivs_types::rt::http::Protocol::AwsJson1_0),
        Protocol::AwsJson1_1 => quote!(::ivs_types::rt::http::Protocol::AwsJson1_1),
        _ => quote!(::ivs_types::rt::http::Protocol::RestJson1),
    }
}

/// `impl HttpOperation` for an awsJson operation's marker type (in the `operation` module).
/// `validation`: the closure (`|report| ...`) rendering constraint violations as the
/// operation's modeled `ValidationException`, when it has one (`emit::http` writes it, as for
/// restJson1).
/// `features`: the items of the operation's request features (`Http::request_features`).
pub(crate) fn operation(
    op: &OperationIr,
    marker: &proc_macro2::Ident,
    validation: Option<TokenStream>,
    features: TokenStream,
) -> TokenStream {
    let protocol = protocol_tokens(op.protocol);
    let target = &op.target;
    let query_mode = op.query_compatible;
    let validation = validation
        .unwrap_or_else(|| quote!(|report| ::ivs_types::rt::aws_json::unmodeled_validation(Self::PROTOCOL, report)));
    // A compressed request is decoded first (operations with `@requestCompression` only).
    let decode = (!op.request.compression.is_empty()).then(|| {
        quote! {
            if let ::core::option::Option::Some(decoded) = ::ivs_types::__private::http_parts::decode_for::<Self, B>(req)? {
                return Self::parse_request(&decoded);
            }
        }
    });
    quote! {
        impl ::ivs_types::rt::http::HttpOperation for #marker {
            const BINDING: ::ivs_types::__private::http_parts::HttpBinding = ::ivs_types::__private::http_parts::HttpBinding {
                method: "POST",
                path: &[::ivs_types::__private::http_parts::UriSegment::Literal("/")],
                query: &[],
                code: 200,
            };
            const PROTOCOL: ::ivs_types::rt::http::Protocol = #protocol;
            #features

            fn matches<B>(req: &::ivs_types::__private::http::Request<B>) -> bool {
                ::ivs_types::rt::aws_json::matches(#target, req)
            }

            fn build_request(
                input: &<Self as ::ivs_types::rt::Operation>::Input,
            ) -> ::core::result::Result<::ivs_types::__private::http::Request<::std::vec::Vec<u8>>, ::ivs_types::rt::http::HttpError> {
                let request = ::ivs_types::rt::aws_json::build_request(Self::PROTOCOL, #target, #query_mode, input)?;
                ::ivs_types::__private::http_parts::finish_request::<Self>(input, request)
            }

            fn parse_request<B: ::core::convert::AsRef<[u8]>>(
                req: &::ivs_types::__private::http::Request<B>,
            ) -> ::core::result::Result<<Self as ::ivs_types::rt::Operation>::Input, ::ivs_types::rt::RequestError> {
                #decode
                ::ivs_types::rt::aws_json::parse_request(Self::PROTOCOL, #target, req)
            }

            fn reject(error: ::ivs_types::rt::RequestError) -> ::ivs_types::__private::http::Response<::std::vec::Vec<u8>> {
                ::ivs_types::rt::aws_json::reject(Self::PROTOCOL, error, #validation)
            }

            fn build_response(
                output: &<Self as ::ivs_types::rt::Operation>::Output,
            ) -> ::core::result::Result<::ivs_types::__private::http::Response<::std::vec::Vec<u8>>, ::ivs_types::rt::http::HttpError> {
                ::ivs_types::rt::aws_json::build_response(Self::PROTOCOL, output)
            }

            fn parse_response<B: ::core::convert::AsRef<[u8]>>(
                resp: &::ivs_types::__private::http::Response<B>,
            ) -> ::core::result::Result<<Self as ::ivs_types::rt::Operation>::Output, <Self as ::ivs_types::rt::Operation>::Error> {
                ::ivs_types::rt::aws_json::parse_response::<Self, B>(resp)
            }
        }
    }
}
