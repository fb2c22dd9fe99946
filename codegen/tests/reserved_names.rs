//! Every name an emitter writes itself is owned by one list of `sdkgen::ir::reserved`, which the
//! lowering namespace of its scope starts with: over the fixture families, each member of a
//! client, client builder, request builder or resource that the IR did not name, and each local a
//! helper body binds beside the helper's own arguments, is in its scope's list. An emitter that
//! starts writing a new fixed name fails here until the list, and so lowering, knows it.

use std::collections::BTreeSet;
use std::path::Path;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use sdkgen::ir::{reserved, Api, CredentialPlacement, Ident};
use sdkgen::output;
use syn::{ImplItem, Item, Type};

use common::families;

mod common;

/// An inherent `impl` block and the module (the file's stem) it is in.
struct Impl {
    module: String,
    block: syn::ItemImpl,
}

/// The family's API as lowering makes it, and the `impl` blocks of its emitted crate.
fn lowered_and_emitted(name: &str, dir: &Path) -> (Api, Vec<Impl>) {
    let spec_path = dir.join("openapi.yaml");
    let config_path = Some(dir.join("sdk.yaml")).filter(|config| config.exists());
    let provider = output::Provider {
        spec: spec_path.clone(),
        config: config_path.clone(),
        name: name.to_owned(),
        overlays: Vec::new(),
    };
    let api = output::lower_provider(&provider, &mut Vec::new()).unwrap_or_else(|error| panic!("{error}"));
    let output =
        output::standalone_output(&spec_path, config_path.as_deref(), name).unwrap_or_else(|error| panic!("{error}"));
    let emitted = output.files.iter().filter(|file| file.path.ends_with(".rs") && !file.path.contains("/runtime/"));
    let mut impls = Vec::new();
    for file in emitted {
        let parsed = syn::parse_file(&file.contents).unwrap_or_else(|error| panic!("{}: {error}", file.path));
        let module = Path::new(&file.path).file_stem().unwrap().to_string_lossy().into_owned();
        for item in parsed.items {
            if let Item::Impl(block) = item {
                if block.trait_.is_none() {
                    impls.push(Impl { module: module.clone(), block });
                }
            }
        }
    }
    (api, impls)
}

fn self_type(block: &syn::ItemImpl) -> String {
    match block.self_ty.as_ref() {
        Type::Path(path) => path.path.segments.last().map(|segment| segment.ident.to_string()).unwrap_or_default(),
        _ => String::new(),
    }
}

fn methods(block: &syn::ItemImpl) -> impl Iterator<Item = &syn::ImplItemFn> {
    block.items.iter().filter_map(|item| match item {
        ImplItem::Fn(method) => Some(method),
        _ => None,
    })
}

fn idents<'a>(names: impl IntoIterator<Item = &'a Ident>) -> BTreeSet<String> {
    names.into_iter().map(|name| name.as_str().to_owned()).collect()
}

/// A scope of members: the module and type whose `impl` holds them, the members the IR names,
/// and the list that owns the others.
type Scope = ((String, String), BTreeSet<String>, &'static [&'static str]);

/// Every scope of members of `api`.
fn named_members(api: &Api) -> Vec<Scope> {
    let client = |type_name: &str| ("client".to_owned(), type_name.to_owned());
    let mut scopes = Vec::new();
    let accessors = idents(api.top_resources().map(|resource| &resource.accessor));
    scopes.push((client("Client"), accessors, reserved::CLIENT_METHODS));
    let mut setters = BTreeSet::new();
    for credential in &api.credentials {
        setters.extend(credential.inputs().iter().map(|input| input.setter.as_str().to_owned()));
        if let CredentialPlacement::OAuth2 { provider_setter, .. } = &credential.placement {
            setters.insert(provider_setter.as_str().to_owned());
        }
    }
    setters.extend(idents(api.client_headers.iter().map(|header| &header.setter)));
    scopes.push((client("ClientBuilder"), setters, reserved::CLIENT_BUILDER_METHODS));
    for resource in &api.resources {
        let children = resource.children.iter().map(|child| &api.resource(*child).accessor);
        let helpers = resource.helpers.iter().map(|helper| &helper.name);
        let members = idents(resource.methods.iter().map(|method| &method.name).chain(helpers).chain(children));
        let module = resource.module.bare().to_owned();
        scopes.push(((module.clone(), resource.type_name.as_str().to_owned()), members, reserved::RESOURCE_METHODS));
        for method in &resource.methods {
            let streaming = method.events.iter().map(|events| &events.method);
            let members = idents(method.setters.iter().map(|setter| &setter.name).chain(streaming));
            let builder = (module.clone(), method.builder.as_str().to_owned());
            scopes.push((builder, members, reserved::BUILDER_METHODS));
        }
    }
    scopes
}

#[test]
fn every_member_the_ir_does_not_name_is_reserved_for_its_scope() {
    let mut checked = 0;
    let mut unowned = Vec::new();
    for (family, dir) in families() {
        let (api, impls) = lowered_and_emitted(&family, &dir);
        for ((module, scope), named, reserved) in named_members(&api) {
            let blocks = impls.iter().filter(|found| found.module == module && self_type(&found.block) == scope);
            for found in blocks {
                for method in methods(&found.block) {
                    let name = method.sig.ident.to_string();
                    checked += 1;
                    if !named.contains(&name) && !reserved.contains(&name.as_str()) {
                        unowned.push(format!("{family}: `{scope}::{name}`"));
                    }
                }
            }
        }
    }
    assert!(unowned.is_empty(), "members no list of `ir::reserved` owns:\n{}", unowned.join("\n"));
    assert!(checked > 500, "only {checked} members checked");
}

#[test]
fn every_local_a_helper_binds_is_reserved_for_helpers() {
    let mut checked = 0;
    let mut unowned = Vec::new();
    for (family, dir) in families() {
        let (api, impls) = lowered_and_emitted(&family, &dir);
        for resource in api.resources.iter().filter(|resource| !resource.helpers.is_empty()) {
            let (module, type_name) = (resource.module.bare(), resource.type_name.as_str());
            let found = impls.iter().find(|found| found.module == module && self_type(&found.block) == type_name);
            let block = &found.unwrap_or_else(|| panic!("{family}: no impl of `{type_name}`")).block;
            for helper in &resource.helpers {
                let method = methods(block).find(|method| method.sig.ident == helper.name.as_str());
                let method = method.unwrap_or_else(|| panic!("{family}: no helper `{}`", helper.name.as_str()));
                let mut own = idents(&helper.path_args);
                if let Some(arguments) = helper_arguments(&helper.kind) {
                    own.extend(idents(arguments.iter().map(|argument| &argument.name)));
                }
                let tokens: TokenStream = quote::ToTokens::to_token_stream(&method.block);
                for bound in bindings(tokens) {
                    checked += 1;
                    if !own.contains(&bound) && !reserved::HELPER_LOCALS.contains(&bound.as_str()) {
                        unowned.push(format!("{family}: `{}` binds `{bound}`", helper.name.as_str()));
                    }
                }
            }
        }
    }
    assert!(unowned.is_empty(), "locals `ir::reserved::HELPER_LOCALS` does not hold:\n{}", unowned.join("\n"));
    assert!(checked > 20, "only {checked} locals checked");
}

fn helper_arguments(kind: &sdkgen::ir::HelperKind) -> Option<&[sdkgen::ir::HelperArgument]> {
    match kind {
        sdkgen::ir::HelperKind::PresignedPut { arguments, .. } | sdkgen::ir::HelperKind::BatchPut { arguments, .. } => {
            Some(arguments)
        }
        _ => None,
    }
}

/// The names a body binds: after `let` and `for`, between a closure's bars, and before a match
/// arm's `=>` (`other =>`, `Some(value) =>`). Lowercase only: `None =>` binds nothing.
fn bindings(tokens: TokenStream) -> Vec<String> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut bound = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        let next = tokens.get(index + 1);
        match token {
            TokenTree::Ident(keyword) if keyword == "let" || keyword == "for" => {
                let mutable = matches!(next, Some(TokenTree::Ident(word)) if word == "mut");
                bound.extend(tokens.get(index + 1 + usize::from(mutable)).into_iter().flat_map(pattern_names));
            }
            TokenTree::Punct(bar) if bar.as_char() == '|' && bar.spacing() == Spacing::Alone => {
                // A closure's parameters: names (or tuples of them) up to the next bar.
                let params: Vec<&TokenTree> =
                    tokens[index + 1..].iter().take_while(|token| !is_punct(token, '|')).collect();
                let closes = tokens.get(index + 1 + params.len()).is_some_and(|token| is_punct(token, '|'));
                let opens = index == 0 || !is_punct(&tokens[index - 1], '|');
                if closes && opens && !params.is_empty() && params.iter().all(|token| is_param_token(token)) {
                    bound.extend(params.into_iter().flat_map(pattern_names));
                }
            }
            TokenTree::Punct(equals) if equals.as_char() == '=' && next.is_some_and(|token| is_punct(token, '>')) => {
                let arm = &tokens[..index];
                match arm {
                    [.., TokenTree::Ident(name)] => bound.extend(pattern_names(&TokenTree::Ident(name.clone()))),
                    [.., TokenTree::Ident(_), group @ TokenTree::Group(_)] => bound.extend(pattern_names(group)),
                    _ => {}
                }
            }
            TokenTree::Group(group) => bound.extend(bindings(group.stream())),
            _ => {}
        }
    }
    bound
}

fn is_punct(token: &TokenTree, char: char) -> bool {
    matches!(token, TokenTree::Punct(punct) if punct.as_char() == char)
}

fn is_param_token(token: &TokenTree) -> bool {
    match token {
        TokenTree::Ident(_) => true,
        TokenTree::Punct(punct) => punct.as_char() == ',' || punct.as_char() == '&',
        TokenTree::Group(group) => group.delimiter() == Delimiter::Parenthesis,
        TokenTree::Literal(_) => false,
    }
}

/// The lowercase names a pattern binds (`value`, `(file, size)`, `mut x`).
fn pattern_names(token: &TokenTree) -> Vec<String> {
    match token {
        TokenTree::Ident(name) => {
            let name = name.to_string();
            let binds = name.starts_with(|c: char| c.is_ascii_lowercase()) && name != "mut" && name != "ref";
            binds.then_some(name).into_iter().collect()
        }
        TokenTree::Group(group) if group.delimiter() == Delimiter::Parenthesis => {
            group.stream().into_iter().flat_map(|token| pattern_names(&token)).collect()
        }
        _ => Vec::new(),
    }
}
