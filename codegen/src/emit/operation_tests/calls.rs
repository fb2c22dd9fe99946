//! A test's call: its arguments and setters by mode, the client's credentials, and names.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::file::EmitOptions;
use crate::emit::rust::names_deprecated;
use crate::emit::values::{first_alternative, Values};
use crate::ir::{Api, CredentialPart, Method, SetterTarget};

pub(super) fn module_path(krate: &TokenStream, api: &Api, options: &EmitOptions) -> TokenStream {
    if options.single_provider {
        krate.clone()
    } else {
        let module = &api.module;
        quote!(#krate::#module)
    }
}

/// `.api_key("test-api-key")…`: every credential's first value, and a basic scheme's password.
pub(super) fn credentials(api: &Api) -> TokenStream {
    let setters = api.credentials.iter().flat_map(|credential| credential.inputs()).filter_map(|input| {
        let setter = input.setter;
        let value = format!("test-{}", input.role.replace(' ', "-").to_lowercase());
        matches!(input.part, CredentialPart::First | CredentialPart::Password).then(|| quote!(.#setter(#value)))
    });
    quote!(#(#setters)*)
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    RequiredOnly,
    EveryParameter,
    EmptyPathParameter,
}

/// A call's arguments and setters, and whether they name something deprecated.
pub(super) struct Arguments {
    pub(super) arguments: Vec<TokenStream>,
    pub(super) setters: Vec<TokenStream>,
    /// What the setters set.
    pub(super) set: Vec<SetterTarget>,
    pub(super) deprecated: bool,
}

/// The values of a call of `method` in `mode` (`empty_at`: the path parameter left empty), if
/// they can be made.
pub(super) fn arguments(
    api: &Api,
    method: &Method,
    values: &mut Values<'_>,
    mode: Mode,
    empty_at: Option<usize>,
) -> Option<Arguments> {
    let mut arguments = Vec::new();
    for (index, param) in method.path_params.iter().enumerate() {
        arguments.push(match mode {
            Mode::EmptyPathParameter if Some(index) == empty_at => quote!(String::new()),
            _ => values.parameter(&param.ty, &param.constraints)?,
        });
    }
    let (mut setters, mut set) = (Vec::new(), Vec::new());
    let mut optional_set = false;
    let mut deprecated = method.deprecated;
    let alternative = first_alternative(method.body_alternatives(&api.types));
    for view in method.setter_views(&api.types) {
        let field = match view.setter.target {
            SetterTarget::BodyField(id) => Some(id.as_field()),
            _ => None,
        };
        if field.is_some_and(|field| alternative.left_out.contains(&field)) {
            continue;
        }
        let required =
            (view.required && !view.nullable) || field.is_some_and(|field| alternative.required.contains(&field));
        let value = match view.setter.target {
            SetterTarget::Param(_) => values.parameter(view.ty, view.constraints),
            _ => values.value(view.ty, view.constraints),
        };
        let value = match (value, required) {
            (Some(value), _) => value,
            (None, true) => return None,
            (None, false) => continue,
        };
        if !required && mode != Mode::EveryParameter {
            continue;
        }
        optional_set |= !required;
        deprecated |= view.deprecated || names_deprecated(api, [view.ty]);
        let setter = &view.setter.name;
        setters.push(quote!(.#setter(#value)));
        set.push(view.setter.target);
    }
    if mode == Mode::EveryParameter && !optional_set {
        // The same call as with only what is required.
        return None;
    }
    deprecated |= values.deprecated;
    Some(Arguments { arguments, setters, set, deprecated })
}

/// The method's name as a test name starts: without the underscore that escapes a keyword (`self_`).
pub(super) fn test_stem(method: &Method) -> &str {
    method.name.bare().trim_end_matches('_')
}

/// Every operation of `api` as its tests' names start (`files::list`, then `_required_only` or
/// `_stream`), whether or not a test could be made for it: what a run of the tests counts
/// operations by.
pub fn operation_test_keys(api: &Api) -> Vec<String> {
    let methods =
        api.resources.iter().flat_map(|resource| resource.methods.iter().map(move |method| (resource, method)));
    methods.map(|(resource, method)| format!("{}::{}", resource.module.bare(), test_stem(method))).collect()
}
