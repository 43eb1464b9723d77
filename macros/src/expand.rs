//! The expansion of `#[tool]`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::ext::IdentExt;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{
    Attribute, Error, Expr, FnArg, GenericArgument, ItemFn, LitBool, LitStr, Meta, Pat, Path,
    PathArguments, ReturnType, Token, Type,
};

use crate::docs;

#[derive(Default)]
struct Options {
    name: Option<LitStr>,
    description: Option<LitStr>,
    input_schema: Option<Expr>,
    defer_loading: Option<LitBool>,
    krate: Option<Path>,
}

fn parse_options(attr: TokenStream) -> syn::Result<Options> {
    let mut options = Options::default();
    let metas = Punctuated::<Meta, Token![,]>::parse_terminated.parse2(attr)?;
    for meta in metas {
        let Meta::NameValue(nv) = &meta else {
            return Err(Error::new(
                meta.span(),
                "expected `name = \"..\"`, `description = \"..\"`, `input_schema = <expr>`, \
                 `defer_loading = <bool>` or `crate = <path>`",
            ));
        };
        let key = nv
            .path
            .get_ident()
            .map(|i| i.to_string())
            .unwrap_or_default();
        let value = &nv.value;
        match key.as_str() {
            "name" => options.name = Some(syn::parse2(quote!(#value))?),
            "description" => options.description = Some(syn::parse2(quote!(#value))?),
            "input_schema" => options.input_schema = Some(value.clone()),
            "defer_loading" => options.defer_loading = Some(syn::parse2(quote!(#value))?),
            "crate" => options.krate = Some(syn::parse2(quote!(#value))?),
            _ => {
                return Err(Error::new(
                    nv.path.span(),
                    format!(
                        "unknown #[tool] option `{key}`: the options are name, description, \
                         input_schema, defer_loading and crate"
                    ),
                ));
            }
        }
    }
    Ok(options)
}

enum ArgKind {
    Plain,
    Default(Expr),
    Input,
}

struct Arg {
    ident: syn::Ident,
    ty: Type,
    kind: ArgKind,
}

/// Takes the `#[tool(...)]` attributes off an argument.
fn arg_kind(attrs: &mut Vec<Attribute>) -> syn::Result<ArgKind> {
    let mut kind = ArgKind::Plain;
    let mut kept = Vec::new();
    for attr in attrs.drain(..) {
        if !attr.path().is_ident("tool") {
            kept.push(attr);
            continue;
        }
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("default") {
                kind = ArgKind::Default(meta.value()?.parse()?);
                Ok(())
            } else if meta.path.is_ident("input") {
                kind = ArgKind::Input;
                Ok(())
            } else {
                Err(meta.error(
                    "unknown argument option: use #[tool(default = <expr>)] or #[tool(input)]",
                ))
            }
        })?;
    }
    *attrs = kept;
    Ok(kind)
}

fn is_option(ty: &Type) -> bool {
    let Type::Path(p) = ty else { return false };
    let last = match p.path.segments.last() {
        Some(last) if p.qself.is_none() && last.ident == "Option" => last,
        _ => return false,
    };
    match &last.arguments {
        PathArguments::AngleBracketed(args) => {
            args.args.len() == 1 && matches!(args.args[0], GenericArgument::Type(_))
        }
        _ => false,
    }
}

fn contains_reference(ty: &Type) -> bool {
    match ty {
        Type::Reference(_) => true,
        Type::Path(p) => p.path.segments.iter().any(|s| match &s.arguments {
            PathArguments::AngleBracketed(a) => a.args.iter().any(|g| match g {
                GenericArgument::Type(t) => contains_reference(t),
                GenericArgument::Lifetime(_) => true,
                _ => false,
            }),
            _ => false,
        }),
        Type::Tuple(t) => t.elems.iter().any(contains_reference),
        Type::Array(a) => contains_reference(&a.elem),
        Type::Slice(_) => true,
        Type::Paren(p) => contains_reference(&p.elem),
        _ => false,
    }
}

pub fn expand(attr: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let options = parse_options(attr)?;
    let mut function: ItemFn = syn::parse2(item)
        .map_err(|e| Error::new(e.span(), "#[tool] goes on a function (`fn` or `async fn`)"))?;
    let sig = &function.sig;
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        return Err(Error::new(
            sig.generics.span(),
            "a tool function cannot be generic: the model's input is decoded into concrete \
             argument types",
        ));
    }
    if let Some(variadic) = &sig.variadic {
        return Err(Error::new(
            variadic.span(),
            "a tool function cannot be variadic",
        ));
    }
    if let ReturnType::Default = sig.output {
        return Err(Error::new(
            sig.ident.span(),
            "a tool function must return its result: a String, content blocks, or a Result of \
             one of these (the model reads it as the tool_result)",
        ));
    }
    let krate: Path = options
        .krate
        .clone()
        .unwrap_or_else(|| syn::parse_quote!(::anthropic));
    let is_async = sig.asyncness.is_some();
    let fn_name = sig.ident.clone();
    let tool_name = options
        .name
        .clone()
        .unwrap_or_else(|| LitStr::new(&fn_name.unraw().to_string(), fn_name.span()));

    let mut args = Vec::new();
    for input in function.sig.inputs.iter_mut() {
        match input {
            FnArg::Receiver(r) => {
                return Err(Error::new(
                    r.span(),
                    "a tool function cannot take `self`: write a free function, or implement \
                     RunnableTool by hand for a type with state",
                ));
            }
            FnArg::Typed(pat_type) => {
                let kind = arg_kind(&mut pat_type.attrs)?;
                let Pat::Ident(pat_ident) = &*pat_type.pat else {
                    return Err(Error::new(
                        pat_type.pat.span(),
                        "a tool argument must be a plain name (its name is the input field's \
                         name), not a pattern",
                    ));
                };
                if pat_ident.by_ref.is_some() || pat_ident.subpat.is_some() {
                    return Err(Error::new(
                        pat_ident.span(),
                        "a tool argument must be a plain name, not a pattern",
                    ));
                }
                if contains_reference(&pat_type.ty) {
                    return Err(Error::new(
                        pat_type.ty.span(),
                        "a tool argument must be an owned type (String rather than &str, Vec<T> \
                         rather than &[T]): it is decoded from the model's JSON input",
                    ));
                }
                if matches!(&*pat_type.ty, Type::ImplTrait(_)) {
                    return Err(Error::new(
                        pat_type.ty.span(),
                        "a tool argument cannot be `impl Trait`: name a concrete type",
                    ));
                }
                args.push(Arg {
                    ident: pat_ident.ident.clone(),
                    ty: (*pat_type.ty).clone(),
                    kind,
                });
            }
        }
    }
    let input_args = args
        .iter()
        .filter(|a| matches!(a.kind, ArgKind::Input))
        .count();
    if input_args > 0 && args.len() != 1 {
        return Err(Error::new(
            fn_name.span(),
            "#[tool(input)] takes the whole input: it must be the function's only argument",
        ));
    }

    let doc_lines = docs::doc_lines(&function.attrs);
    let docs = docs::parse(&doc_lines);
    let description = options
        .description
        .as_ref()
        .map(LitStr::value)
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| docs.description.clone());

    let private = quote!(#krate::tools::__private);
    let serde_path = LitStr::new(
        &format!("{}::serde", quote!(#private).to_string().replace(' ', "")),
        Span::call_site(),
    );

    // The argument struct the input decodes into, and the schema of each argument.
    let mut fields = Vec::new();
    let mut default_fns = Vec::new();
    let mut schema_params = Vec::new();
    let mut call_args = Vec::new();
    for arg in &args {
        let ident = &arg.ident;
        let ty = &arg.ty;
        // `r#type` is the key `type`, as serde names the field.
        let key = ident.unraw().to_string();
        let name = LitStr::new(&key, ident.span());
        let described = docs.argument(&key);
        let description = match described {
            Some(d) => quote!(::core::option::Option::Some(#d)),
            None => quote!(::core::option::Option::None),
        };
        let optional = is_option(ty);
        match &arg.kind {
            ArgKind::Plain => {
                fields.push(quote!(#ident: #ty));
                schema_params.push(quote! {
                    schema.param::<#ty>(#name, #optional, ::core::option::Option::None, #description);
                });
            }
            ArgKind::Default(expr) => {
                let default_fn = format_ident!("__default_{}", ident);
                let default_path = LitStr::new(&default_fn.to_string(), ident.span());
                default_fns.push(quote! {
                    fn #default_fn() -> #ty { #expr }
                });
                fields.push(quote!(#[serde(default = #default_path)] #ident: #ty));
                schema_params.push(quote! {
                    schema.param::<#ty>(
                        #name,
                        #optional,
                        ::core::option::Option::Some(
                            #private::serde_json::to_value(#default_fn())
                                .unwrap_or(#private::serde_json::Value::Null),
                        ),
                        #description,
                    );
                });
            }
            ArgKind::Input => {}
        }
        call_args.push(quote!(args.#ident));
    }

    let input_schema = if let Some(expr) = &options.input_schema {
        quote!(#expr)
    } else if input_args == 1 {
        let ty = &args[0].ty;
        quote!(#krate::tools::schema::schema_for_input::<#ty>())
    } else {
        quote! {{
            let mut schema = #krate::tools::FunctionSchema::new();
            #(#schema_params)*
            schema.finish()
        }}
    };
    let defer_loading = match &options.defer_loading {
        Some(b) => quote!(::core::option::Option::Some(#b)),
        None => quote!(::core::option::Option::None),
    };

    let decode = if input_args == 1 {
        let ty = &args[0].ty;
        quote! {
            let value: #ty = #krate::tools::lax::from_input(&input)
                .map_err(|e| #krate::tools::ToolError::invalid_input(#tool_name, e))?;
            let args = __Args { value };
        }
    } else {
        quote! {
            let args: __Args = #krate::tools::lax::from_input(&input)
                .map_err(|e| #krate::tools::ToolError::invalid_input(#tool_name, e))?;
        }
    };
    let args_struct = if input_args == 1 {
        let ty = &args[0].ty;
        quote!(struct __Args { value: #ty })
    } else {
        quote! {
            #[derive(#private::serde::Deserialize)]
            #[serde(crate = #serde_path, deny_unknown_fields)]
            struct __Args { #(#fields,)* }
        }
    };
    let call_args = if input_args == 1 {
        vec![quote!(args.value)]
    } else {
        call_args
    };

    let check_object = quote! {
        if !input.is_object() {
            let kind = match &input {
                #private::serde_json::Value::Null => "null",
                #private::serde_json::Value::Bool(_) => "a boolean",
                #private::serde_json::Value::Number(_) => "a number",
                #private::serde_json::Value::String(_) => "a string",
                #private::serde_json::Value::Array(_) => "an array",
                #private::serde_json::Value::Object(_) => "an object",
            };
            return ::core::result::Result::Err(#krate::tools::ToolError::new(
                "InvalidInput",
                ::std::format!("Input must be an object, got {kind}"),
            ));
        }
    };

    let vis = function.vis.clone();
    // Docs and `cfg`s go on the struct; every other attribute stays on the function.
    let (attrs, mut fn_attrs): (Vec<Attribute>, Vec<Attribute>) =
        std::mem::take(&mut function.attrs)
            .into_iter()
            .partition(|a| a.path().is_ident("doc") || a.path().is_ident("cfg"));
    fn_attrs.insert(
        0,
        syn::parse_quote!(#[doc = "Calls the tool's function directly, as written."]),
    );
    function.sig.ident = syn::Ident::new("run", fn_name.span());
    function.vis = syn::parse_quote!(pub);
    function.attrs = fn_attrs;

    let definition = quote! {
        fn definition(&self) -> #krate::types::Tool {
            #krate::types::Tool::Custom(#krate::types::CustomTool {
                name: ::std::string::String::from(#tool_name),
                description: ::core::option::Option::Some(::std::string::String::from(#description)),
                input_schema: #input_schema,
                defer_loading: #defer_loading,
                ..::core::default::Default::default()
            })
        }

        fn name(&self) -> ::std::string::String {
            ::std::string::String::from(#tool_name)
        }
    };

    let sync_impl = if is_async {
        quote!()
    } else {
        quote! {
            impl #krate::tools::RunnableTool for #fn_name {
                #definition

                fn call(&self, input: #private::serde_json::Value) -> #krate::tools::ToolOutcome {
                    #check_object
                    #decode
                    #krate::tools::IntoToolOutcome::into_tool_outcome(#fn_name::run(#(#call_args),*))
                }
            }
        }
    };
    let async_call = if is_async {
        quote! {
            ::std::boxed::Box::pin(async move {
                #check_object
                #decode
                #krate::tools::IntoToolOutcome::into_tool_outcome(#fn_name::run(#(#call_args),*).await)
            })
        }
    } else {
        quote! {
            ::std::boxed::Box::pin(async move {
                #krate::tools::RunnableTool::call(self, input)
            })
        }
    };
    let async_definition = if is_async {
        definition.clone()
    } else {
        quote! {
            fn definition(&self) -> #krate::types::Tool {
                #krate::tools::RunnableTool::definition(self)
            }
            fn name(&self) -> ::std::string::String {
                ::std::string::String::from(#tool_name)
            }
        }
    };

    Ok(quote! {
        #(#attrs)*
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy, Default)]
        #vis struct #fn_name;

        impl #fn_name {
            #function
        }

        const _: () = {
            #args_struct
            #(#default_fns)*

            #sync_impl

            impl #krate::tools::AsyncRunnableTool for #fn_name {
                #async_definition

                fn call(&self, input: #private::serde_json::Value) -> #krate::tools::ToolFuture<'_> {
                    #async_call
                }
            }
        };
    })
}
