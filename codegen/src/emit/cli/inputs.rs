//! Each argument of a method's command: the field clap fills (its type, flag, docs and parser),
//! and how its value reaches the request builder.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::companion::Imports;
use super::super::rust::{doc, names_deprecated, resolved, rust_type, Scope};
use crate::ir::{Api, Body, CliInput, CliMethod, CliSource, Method, SetterTarget, TypeDefKind, TypeRef};

/// How clap reads one value of a type.
pub(super) enum Reading {
    /// As clap reads the Rust type itself: text, numbers, a path.
    Plain,
    /// A boolean.
    Switch,
    /// One of the spec's strings, which clap offers and checks.
    Choice(Vec<String>),
    /// As JSON text (or a JSON string): dates, UUIDs, objects, unions.
    Parsed,
    /// A file to upload: a path, or `-`.
    File,
}

/// How clap reads a value of `ty` (an array's items, for an array).
pub(super) fn reading(api: &Api, ty: &TypeRef) -> Reading {
    match resolved(api, ty) {
        TypeRef::String | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 => Reading::Plain,
        TypeRef::Bool => Reading::Switch,
        TypeRef::Upload => Reading::File,
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeDefKind::Enum(variants) => {
                Reading::Choice(variants.iter().map(|variant| variant.value.clone()).collect())
            }
            _ => Reading::Parsed,
        },
        _ => Reading::Parsed,
    }
}

/// What an input holds: its value's type, whether it is an array of them, whether clap requires it.
pub(super) struct Shape<'a> {
    pub item: &'a TypeRef,
    pub many: bool,
    pub required: bool,
    /// Required, unless `--json` gives it.
    pub required_without_json: bool,
    pub doc: String,
    pub deprecated: bool,
}

/// The shape of a path parameter or setter input; `None` for the tool's own flags.
pub(super) fn shape<'a>(api: &'a Api, method: &'a Method, names: &CliMethod, input: &CliInput) -> Option<Shape<'a>> {
    let (ty, required, doc, deprecated, body_field, default) = match input.source {
        CliSource::PathParam(id) => {
            let param = method.path_param(id);
            let doc = param.doc.clone().unwrap_or_else(|| format!("The `{}` path parameter.", param.wire_name));
            (&param.ty, true, doc, param.deprecated, false, None)
        }
        CliSource::Setter(index) => {
            let view = method.setter_view(&api.types, &method.setters[index]);
            let body_field = matches!(view.setter.target, SetterTarget::BodyField(_));
            let doc = view.doc.map_or_else(|| format!("Sets `{}`.", view.wire_name), str::to_owned);
            (view.ty, view.required && !view.nullable, doc, view.deprecated, body_field, view.default)
        }
        CliSource::Json | CliSource::All | CliSource::Stream | CliSource::Output => return None,
    };
    let mut doc = doc;
    // The server's default, said rather than sent: a flag left out sends nothing.
    if let Some(default) = default {
        let shown = default.as_str().map_or_else(|| default.to_string(), str::to_owned);
        doc = format!("{} [the server's default: {shown}]", doc.trim_end());
    }
    // A property `--json` may give instead is required of neither.
    let required_without_json = required && body_field && tool_input(names, CliSource::Json).is_some();
    let required = required && !required_without_json;
    let (item, many) = match ty {
        TypeRef::Array(item) => (&**item, true),
        _ => (ty, false),
    };
    Some(Shape { item, many, required, required_without_json, doc, deprecated })
}

/// The field of the arguments' struct for `input`.
pub(super) fn input_field(
    api: &Api,
    method: &Method,
    names: &CliMethod,
    input: &CliInput,
    imports: &mut Imports,
) -> TokenStream {
    let field = &input.field;
    let flag = input.flag();
    let Some(shape) = shape(api, method, names, input) else {
        if let (CliSource::Json, Some(Body::Whole { ty, .. })) = (input.source, &method.body) {
            imports.note(ty);
        }
        return tool_field(method, input);
    };
    imports.note(shape.item);
    let item_type = match reading(api, shape.item) {
        Reading::File => quote!(std::path::PathBuf),
        _ => rust_type(api, shape.item, Scope::Sibling),
    };
    let parser = match reading(api, shape.item) {
        Reading::Choice(values) => {
            let choices = quote!(clap::builder::PossibleValuesParser::new([#(#values),*]));
            Some(
                quote!(value_parser = clap::builder::TypedValueParser::map(#choices, |value| #item_type::from(value.as_str()))),
            )
        }
        Reading::Parsed => Some(quote!(value_parser = support::parse::<#item_type>)),
        Reading::Plain | Reading::Switch | Reading::File => None,
    };
    let mut attributes: Vec<TokenStream> = parser.into_iter().collect();
    let is_switch = matches!(reading(api, shape.item), Reading::Switch) && !shape.many;
    let ty = match (shape.many, shape.required, is_switch) {
        (true, required, _) => {
            if required {
                attributes.push(quote!(required = true));
            }
            quote!(Vec<#item_type>)
        }
        (false, true, true) => {
            attributes.push(quote!(action = clap::ArgAction::Set, required = true));
            item_type
        }
        (false, true, false) => item_type,
        (false, false, true) => {
            attributes.push(quote!(num_args = 0..=1, require_equals = true, default_missing_value = "true"));
            quote!(Option<bool>)
        }
        (false, false, false) => quote!(Option<#item_type>),
    };
    if let (true, Some(json)) = (shape.required_without_json, tool_input(names, CliSource::Json)) {
        let id = json.field.bare();
        attributes.push(quote!(required_unless_present = #id));
    }
    let text = if shape.deprecated { format!("{} (deprecated)", shape.doc) } else { shape.doc };
    let doc = doc(Some(&text));
    let allow = names_deprecated(api, [shape.item]).then(|| quote!(#[allow(deprecated)]));
    let placement = match input.source {
        CliSource::PathParam(_) => {
            let value_name = flag.to_uppercase().replace('-', "_");
            quote!(value_name = #value_name)
        }
        _ => quote!(long = #flag),
    };
    quote! {
        #doc
        #allow
        #[arg(#placement #(, #attributes)*)]
        #field: #ty,
    }
}

/// The input of a method's command for one of the tool's own flags, if it has that flag.
pub(super) fn tool_input(names: &CliMethod, source: CliSource) -> Option<&CliInput> {
    names.inputs.iter().find(|input| input.source == source)
}

/// `--json`, `--all`, `--stream` or `--output`.
fn tool_field(method: &Method, input: &CliInput) -> TokenStream {
    let (field, flag) = (&input.field, input.flag());
    match input.source {
        CliSource::Json => {
            let required = matches!(&method.body, Some(Body::Whole { required: true, .. }));
            let ty = if required { quote!(serde_json::Value) } else { quote!(Option<serde_json::Value>) };
            quote! {
                /// The body as JSON: the text itself, `@FILE` for a file's, or `-` for standard input's.
                #[arg(long = #flag, value_name = "JSON", value_parser = support::read_json)]
                #field: #ty,
            }
        }
        CliSource::All => quote! {
            /// Every item of every page, as one JSON array, instead of the first page.
            #[arg(long = #flag)]
            #field: bool,
        },
        CliSource::Stream => quote! {
            /// Streams the response's events, each printed as one line of JSON as it arrives.
            #[arg(long = #flag)]
            #field: bool,
        },
        _ => quote! {
            /// The file to write the response to; without it, standard output, unless that is a terminal.
            #[arg(long = #flag, short = 'o', value_name = "FILE")]
            #field: Option<std::path::PathBuf>,
        },
    }
}
