//! One provider's module: its files, and the crates its types were split into, built on every
//! core.

use super::file::{rust_file, EmitOptions, GeneratedFile, Part};
use super::type_crates::{compiled_with, type_crate_lib, type_crate_names, TypeCrateName};
use super::{client, mock, resource, types, webhooks};
use crate::diagnostics::Error;
use crate::ir::{Api, Resource, MOCK_MODULE, WEBHOOKS_MODULE};

/// A file of a provider's module.
enum ModuleFile<'a> {
    Root,
    Client,
    Types,
    Mock,
    Webhooks,
    Resource(&'a Resource),
    /// The `src/lib.rs` of a crate of the API's types, in its folder beside `src/`.
    TypeCrate(TypeCrateName),
}

/// Emits the module of one provider, under `src/<module>/`, and the crates its types were split
/// into. Files are built and formatted on every core, as they depend on nothing but the IR.
pub fn emit_api(api: &Api, options: &EmitOptions) -> Result<Vec<GeneratedFile>, Error> {
    let directory = format!("src/{}", api.module.bare());
    let gated = options.gate_by_resource();
    let webhooks = (!api.webhooks.is_empty()).then_some(ModuleFile::Webhooks);
    let files = [ModuleFile::Root, ModuleFile::Client, ModuleFile::Types, ModuleFile::Mock].into_iter().chain(webhooks);
    let files = files.chain(api.resources.iter().map(ModuleFile::Resource));
    let type_crates = type_crate_names(api, &options.crate_name).into_iter().map(ModuleFile::TypeCrate);
    let files: Vec<ModuleFile> = files.chain(type_crates).collect();
    let emitted = crate::worker::map(
        &files,
        |file| file_weight(api, file),
        |file| {
            let (name, parts) = match file {
                ModuleFile::Root => ("mod", vec![Part::Tokens(client::module_root(api, gated))]),
                ModuleFile::Client => ("client", vec![Part::Tokens(client::client(api, gated))]),
                ModuleFile::Types => {
                    let names = type_crate_names(api, &options.crate_name);
                    let crates: Vec<_> =
                        names.iter().map(|name| (compiled_with(api, name.krate), name.ident())).collect();
                    ("types", types::types_module(api, gated, &crates))
                }
                ModuleFile::TypeCrate(name) => return type_crate_lib(api, options, name),
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
        ModuleFile::Types if api.type_split.is_some() => 1,
        ModuleFile::Types => api.types.len(),
        ModuleFile::TypeCrate(name) => api.types_in(Some(name.krate)).len(),
        ModuleFile::Webhooks => api.webhooks.len(),
        ModuleFile::Resource(resource) => 4 * resource.methods.len(),
    }
}
