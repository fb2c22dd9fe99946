//! Emission: IR → Rust tokens (`quote`) → formatted source (`prettyplease`).
//!
//! Each provider becomes a module: `mod.rs`, `client.rs` (client, builder, environments), `types.rs`
//! (models) and one file per resource (methods and their request builders).

mod client;
mod definitions;
mod enums;
mod examples;
mod helpers;
mod mock;
mod objects;
mod operation_tests;
mod parallel;
mod print;
mod resource;
mod rust;
mod setters;
mod source;
mod types;
mod values;
mod webhooks;

pub(crate) use examples::method_example;
pub(crate) use objects::UNKNOWN_FIELDS_DOC;
pub use operation_tests::{operation_tests, stream_example};

use proc_macro2::TokenStream;

use crate::diagnostics::Error;
use crate::ir::{Api, Resource, MOCK_MODULE, WEBHOOKS_MODULE};

/// One emitted file, with a path relative to the SDK crate's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Where the file goes, relative to the crate root (`src/deeptable/files.rs`).
    pub path: String,
    /// The file's text.
    pub contents: String,
}

/// What emitted files say about how they were made.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// The command that regenerates the files, for their headers (`cargo xtask codegen`).
    pub command: String,
    /// The name of the crate the modules go in, as Rust code names it (`files_sdk`).
    pub crate_name: String,
    /// Whether the crate holds one provider, re-exported at its root, or one module per provider.
    pub single_provider: bool,
    /// Whether the crate has a maintainer's module, `src/custom/` (see `crate::custom`).
    pub custom_module: bool,
}

impl EmitOptions {
    /// Whether each top resource, and the types only it needs, is behind a cargo feature of its
    /// module's name: in a crate of one provider (a crate of several has one per provider).
    pub fn gate_by_resource(&self) -> bool {
        self.single_provider
    }

    /// The Rust path of `api`'s module, for examples (`files_sdk::deeptable`).
    pub fn module_path(&self, api: &Api) -> String {
        if self.single_provider {
            self.crate_name.clone()
        } else {
            format!("{}::{}", self.crate_name, api.module.bare())
        }
    }
}

/// A run of a file's items: tokens the printer formats, or items written as formatted text.
enum Part {
    Tokens(TokenStream),
    Text(String),
}

/// A file of a provider's module.
enum ModuleFile<'a> {
    Root,
    Client,
    Types,
    Mock,
    Webhooks,
    Resource(&'a Resource),
}

/// Emits the module of one provider, under `src/<module>/`. Files are built and formatted on every
/// core, as they depend on nothing but the IR.
pub fn emit_api(api: &Api, options: &EmitOptions) -> Result<Vec<GeneratedFile>, Error> {
    let directory = format!("src/{}", api.module.bare());
    let gated = options.gate_by_resource();
    let webhooks = (!api.webhooks.is_empty()).then_some(ModuleFile::Webhooks);
    let files = [ModuleFile::Root, ModuleFile::Client, ModuleFile::Types, ModuleFile::Mock].into_iter().chain(webhooks);
    let files: Vec<ModuleFile> = files.chain(api.resources.iter().map(ModuleFile::Resource)).collect();
    let emitted = parallel::map(
        &files,
        |file| file_weight(api, file),
        |file| {
            let (name, parts) = match file {
                ModuleFile::Root => ("mod", vec![Part::Tokens(client::module_root(api, gated))]),
                ModuleFile::Client => ("client", vec![Part::Tokens(client::client(api, gated))]),
                ModuleFile::Types => ("types", types::types_module(api, gated)),
                ModuleFile::Mock => {
                    (MOCK_MODULE, vec![Part::Tokens(mock::mock_module(api, &options.module_path(api), gated))])
                }
                ModuleFile::Webhooks => (WEBHOOKS_MODULE, vec![Part::Tokens(webhooks::webhooks_module(api))]),
                ModuleFile::Resource(resource) => {
                    let tokens = resource::resource_module(api, resource, &options.module_path(api));
                    (resource.module.bare(), vec![Part::Tokens(tokens)])
                }
            };
            rust_file(&api.sources, options, format!("{directory}/{name}.rs"), parts)
        },
    );
    emitted.into_iter().collect()
}

/// About how much work a file is: a method's code is a few times a type's.
fn file_weight(api: &Api, file: &ModuleFile) -> usize {
    match file {
        ModuleFile::Root | ModuleFile::Client => 1,
        ModuleFile::Mock => api.resources.iter().map(|resource| resource.methods.len()).sum(),
        ModuleFile::Types => api.types.len(),
        ModuleFile::Webhooks => api.webhooks.len(),
        ModuleFile::Resource(resource) => 4 * resource.methods.len(),
    }
}

/// Formats `parts`, a blank line between items, after the generated-file header. Consecutive
/// token parts are formatted together.
fn rust_file(
    sources: &[String],
    options: &EmitOptions,
    path: String,
    parts: Vec<Part>,
) -> Result<GeneratedFile, Error> {
    let mut blocks = Vec::new();
    let mut tokens = TokenStream::new();
    for part in parts {
        match part {
            Part::Tokens(more) => tokens.extend(more),
            Part::Text(text) => {
                if !tokens.is_empty() {
                    blocks.push(format_tokens("", std::mem::take(&mut tokens)));
                }
                blocks.push(Ok(text));
            }
        }
    }
    if !tokens.is_empty() || blocks.is_empty() {
        blocks.push(format_tokens("", tokens));
    }
    let blocks =
        blocks.into_iter().collect::<Result<Vec<_>, _>>().map_err(|message| Error::file(path.as_ref(), message))?;
    let contents = format!("{}{}", header(sources, options), blocks.join("\n"));
    Ok(GeneratedFile { path, contents })
}

/// The comment every generated file starts with.
pub fn header(sources: &[String], options: &EmitOptions) -> String {
    let sources = match sources {
        [] => String::new(),
        [only] => format!(" from {only}"),
        [rest @ .., last] => format!(" from {} and {last}", rest.join(", ")),
    };
    format!(
        "// @generated by `{command}`{sources}.\n// Do not edit by hand: change the spec or its SDK config and run `{command}` again.\n\n",
        command = options.command
    )
}

/// Formats a token stream as a Rust file, after `header`.
pub fn format_tokens(header: &str, tokens: TokenStream) -> Result<String, String> {
    let printed = print::tokens(tokens).map_err(invalid_rust)?;
    Ok(format!("{header}{printed}"))
}

pub(crate) fn invalid_rust(error: syn::Error) -> String {
    format!("the generator emitted invalid Rust (a generator bug): {error}")
}
