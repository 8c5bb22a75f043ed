//! Checks of the parsed input; every problem is reported at once.

use std::collections::BTreeMap;

use syn::spanned::Spanned;

use crate::ast::Container;
use crate::attr::Errors;

pub fn check(c: &Container<'_>) -> syn::Result<()> {
    let mut errors = Errors::default();
    let mut wire: BTreeMap<String, &syn::Ident> = BTreeMap::new();
    for f in &c.fields {
        let a = &f.attrs;
        if let (Some(req), Some(_)) = (a.required, &f.option_inner) {
            errors.push(syn::Error::new(
                req,
                format!(
                    "`{}` is `Option<_>`, but a required member is a plain `T`: remove `required` or the `Option`",
                    f.ident
                ),
            ));
        }
        if let (Some(_), Some((span, _))) = (a.required, &a.default) {
            errors.push(syn::Error::new(*span, "a member is either `required` or has a `default`, not both"));
        }
        // `Option<_>` takes `default = expr` (the value reading fills in for an absent member),
        // not a bare `default`.
        if let (Some((span, None)), Some(_)) = (&a.default, &f.option_inner) {
            errors.push(syn::Error::new(
                *span,
                format!(
                    "`{}` is `Option<_>` and so already defaults to `None`: remove `default`, or give the value \
                     reading fills in for an absent member (`default = expr`)",
                    f.ident
                ),
            ));
        }
        if a.required.is_none() && a.default.is_none() && f.option_inner.is_none() {
            errors.push(syn::Error::new(
                f.ty.span(),
                format!("`{}` is not `Option<_>`, so it needs `#[smithy(required)]` or `#[smithy(default)]`", f.ident),
            ));
        }
        if f.in_body() {
            let key = f.wire();
            if let Some(first) = wire.insert(key.clone(), &f.ident) {
                let span = a.rename.as_ref().map(|r| r.span()).unwrap_or_else(|| f.ident.span());
                errors
                    .push(syn::Error::new(span, format!("`{}` and `{first}` both use the JSON key `{key}`", f.ident)));
            }
        }
    }
    errors.finish()
}
