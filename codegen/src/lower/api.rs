//! The API lowered: its resources, nested ones after their parents, their methods, helpers and paging.

use std::collections::BTreeSet;

use super::examples::ExampleJudge;
use super::names::Namespace;
use super::site::{FoundExample, MethodLowerer, MethodNames, OperationSite};
use super::types::TypeLowerer;
use crate::config::{MethodConfig, ResourceConfig, SdkConfig};
use crate::diagnostics::{Diagnostic, Error, Pointer};
use crate::ir::{reserved, Api, Body, Environment, Ident, Method, Pagination, Resource, ResourceId, TypeId, TypeRef};
use crate::load::LoadedSpec;

/// Lowers `spec` as `config` describes it. `sources` are the input files as generated-file headers
/// should name them. Returns the IR and any warnings.
pub fn lower(spec: &LoadedSpec, config: &SdkConfig, sources: Vec<String>) -> Result<(Api, Vec<Diagnostic>), Error> {
    std::thread::scope(|scope| lower_judging(spec, config, sources, ExampleJudge::start(scope, &spec.openapi)))
}

/// [`lower`], with the response examples checked by `judge` while the rest is lowered.
fn lower_judging(
    spec: &LoadedSpec,
    config: &SdkConfig,
    sources: Vec<String>,
    mut judge: ExampleJudge,
) -> Result<(Api, Vec<Diagnostic>), Error> {
    let (credentials, client_headers) = super::config::client_settings(spec, config)?;
    let sites = super::site::operation_sites(spec);
    let (security, diagnostics) = super::security::SecurityLowering::new(spec, &sites, &credentials);
    let mut types = TypeLowerer::new(spec);
    types.lower_components()?;

    let mut lowering = ResourceLowering {
        spec,
        config,
        sites: &sites,
        used: BTreeSet::new(),
        types: &mut types,
        security: &security,
        diagnostics,
        resources: Vec::new(),
        modules: Namespace::new(reserved::PROVIDER_MODULES),
        mock_types: Namespace::new(reserved::MOCK_MODULE_TYPES),
        examples: Vec::new(),
    };
    let mut client_methods = Namespace::new(reserved::CLIENT_METHODS);
    let mut mock_methods = Namespace::new(reserved::MOCK_METHODS);
    for (name, resource) in &config.resources {
        let accessors = Accessors { client: client_methods.snake(name), mock: mock_methods.snake(name) };
        lowering.lower(&[name.as_str()], resource, &Pointer::root().push("resources").push(name), accessors, None)?;
        judge.submit(std::mem::take(&mut lowering.examples));
    }
    let (used, mut resources, mut diagnostics) = (lowering.used, lowering.resources, lowering.diagnostics);
    let (webhooks, webhook_signature) = super::webhooks::lower_webhooks(spec, config, &mut types)?;

    let payloads: Vec<TypeRef> = webhooks.iter().map(|webhook| webhook.payload.clone()).collect();
    finish_types(&mut types, &resources, &payloads)?;
    judge.finish().apply(&mut resources, &mut types);
    let mut warnings = spec.warnings.clone();
    warnings.append(&mut types.warnings);
    warnings.append(&mut diagnostics);
    warnings.extend(unmapped_operations(spec, config, &sites, &used));
    let module = Namespace::default().snake(&config.name);
    let cli = super::cli::cli(&module, &resources, &credentials, &types.types);
    let mcp = super::mcp::mcp(&module, &resources, &types.types);
    let api = Api {
        module,
        title: config.title.clone(),
        package: package(&config.package),
        description: super::operations::trimmed(spec.openapi.info.description.as_deref()),
        sources,
        environments: environments(config),
        base_url_env: config.env.base_url.clone(),
        env_prefix: config.env.prefix.clone(),
        credentials,
        security: security.default_security(),
        client_headers,
        max_retries: config.max_retries,
        idempotency_header: idempotency_header(config, &resources),
        // A crate of this API alone decides it (`split_types`): a crate of several never splits.
        type_split: None,
        types: types.types,
        resources,
        webhooks,
        webhook_signature,
        cli,
        mcp,
    };
    Ok((api, warnings))
}

/// Once every type is lowered: alias cycles refused, identical types merged, recursive references
/// boxed and each type marked with where it is used.
fn finish_types(types: &mut TypeLowerer, resources: &[Resource], payloads: &[TypeRef]) -> Result<(), Error> {
    super::recursion::reject_alias_cycles(types)?;
    let components = types.component_type_ids();
    let inline_bodies: BTreeSet<TypeId> = resources
        .iter()
        .flat_map(|resource| &resource.methods)
        .filter_map(|method| match &method.body {
            Some(Body::Object { ty, .. }) if !components.contains(ty) => Some(*ty),
            _ => None,
        })
        .collect();
    super::merge::merge_identical_types(&mut types.types, &inline_bodies);
    super::recursion::box_recursive_references(&mut types.types);
    super::usage::mark(&mut types.types, resources, &components, payloads);
    Ok(())
}

/// A warning for each operation of the spec that no SDK method calls.
fn unmapped_operations(
    spec: &LoadedSpec,
    config: &SdkConfig,
    sites: &[OperationSite],
    used: &BTreeSet<Pointer>,
) -> Vec<Diagnostic> {
    let unused = sites.iter().filter(|site| !used.contains(&site.pointer));
    unused
        .map(|site| {
            let (file, pointer) = spec.source_map.locate(site.pointer.as_str());
            let message =
                format!("operation `{}` is not mapped to any SDK method in {}", site.id(), config.path.display());
            Diagnostic::warning(file, pointer, message)
        })
        .collect()
}

/// The API's deployments, as the client's environment enum names them.
fn environments(config: &SdkConfig) -> Vec<Environment> {
    let mut variants = Namespace::default();
    let environments = config.environments.iter();
    environments
        .map(|environment| Environment {
            variant: variants.pascal(&environment.name),
            name: environment.name.clone(),
            url: environment.url.clone(),
        })
        .collect()
}

/// The header that carries one key per call, the same on every retry: the config's, else an
/// `Idempotency-Key` header parameter the spec declares on an operation (as Stripe's and Adyen's
/// specs do), which the SDK then fills when the caller does not.
fn idempotency_header(config: &SdkConfig, resources: &[Resource]) -> Option<String> {
    if let Some(header) = &config.idempotency_header {
        return Some(header.to_ascii_lowercase());
    }
    let declared = resources.iter().flat_map(|resource| &resource.methods).flat_map(|method| &method.params);
    declared
        .filter(|param| param.location == crate::ir::ParamLocation::Header)
        .map(|param| param.wire_name.to_ascii_lowercase())
        .find(|name| name == "idempotency-key")
}

/// A crate's package metadata, as its config gives it: `0.1.0` and publishable unless it says
/// otherwise.
pub fn package(config: &crate::config::PackageConfig) -> crate::ir::Package {
    crate::ir::Package {
        name: config.name.clone(),
        version: config.version.clone().unwrap_or_else(|| "0.1.0".to_owned()),
        description: config.description.clone(),
        license: config.license.clone(),
        repository: config.repository.clone(),
        homepage: config.homepage.clone(),
        documentation: config.documentation.clone(),
        keywords: config.keywords.clone(),
        categories: config.categories.clone(),
        readme: config.readme.clone(),
        rust_version: config.rust_version.clone(),
        publish: config.publish.unwrap_or(true),
        cli: config.cli,
        mcp: config.mcp,
        runtime: config.runtime.unwrap_or_default(),
    }
}

/// Lowers resources and the ones nested in them into one flat list, parents before children.
/// The methods that reach a resource: on the client (or its parent), and on the provider's `Mock`
/// (or its parent's mock).
struct Accessors {
    client: Ident,
    mock: Ident,
}

struct ResourceLowering<'a, 'b> {
    spec: &'a LoadedSpec,
    config: &'b SdkConfig,
    sites: &'b [OperationSite<'a>],
    /// The operations some method maps, by pointer.
    used: BTreeSet<Pointer>,
    types: &'b mut TypeLowerer<'a>,
    security: &'b super::security::SecurityLowering,
    /// Warnings and notes about the methods lowered so far.
    diagnostics: Vec<Diagnostic>,
    resources: Vec<Resource>,
    /// The provider module's modules: one per resource.
    modules: Namespace,
    /// The types of the provider's `mock` module: one per resource, beside `Mock`.
    mock_types: Namespace,
    /// The response examples found since they were last handed to the judge.
    examples: Vec<FoundExample>,
}

impl<'a> ResourceLowering<'a, '_> {
    /// Lowers the resource at `path` (names from the client down), reached by `accessor`.
    fn lower(
        &mut self,
        path: &[&str],
        resource: &ResourceConfig,
        pointer: &Pointer,
        accessors: Accessors,
        parent: Option<ResourceId>,
    ) -> Result<ResourceId, Error> {
        let Accessors { client: accessor, mock: mock_accessor } = accessors;
        let (spec, config) = (self.spec, self.config);
        // The resource's module holds its struct and its builders; its struct holds its methods.
        let mut module_types = Namespace::new(super::names::PRELUDE);
        let type_name = module_types.pascal(&path.join(" "));
        let mock_type = self.mock_types.pascal(&format!("{} mock", path.join(" ")));
        let mut members = Namespace::new(reserved::RESOURCE_METHODS);
        let mut methods = Vec::new();
        for (method_name, method) in &resource.methods {
            let method_pointer = pointer.push("methods").push(method_name);
            let name = members.snake(method_name);
            methods.push(self.lower_method(method, &method_pointer, name, &mut module_types)?);
        }
        let doc = resource_doc(spec, resource, path);
        let configured: Vec<(&str, &Method)> = resource.methods.keys().map(String::as_str).zip(&methods).collect();
        let helpers = super::helpers::lower_helpers(
            &resource.helpers,
            &configured,
            &self.types.types,
            config,
            &pointer.push("helpers"),
            |name| members.snake(name),
        )?;
        let (reached, dotted) = match parent {
            Some(parent) => {
                let parent = &self.resources[parent.index()];
                (format!("{}.{}()", parent.path, accessor.bare()), format!("{}.{}", parent.dotted, accessor.bare()))
            }
            None => (format!("{}()", accessor.bare()), accessor.bare().to_owned()),
        };
        let id = ResourceId::new(self.resources.len());
        self.resources.push(Resource {
            module: self.modules.snake(&path.join("_")),
            accessor,
            path: reached,
            dotted,
            type_name,
            mock_type,
            mock_accessor,
            doc,
            methods,
            helpers,
            parent,
            children: Vec::new(),
        });
        for (child_name, child) in &resource.resources {
            let mut child_path = path.to_vec();
            child_path.push(child_name);
            let child_pointer = pointer.push("resources").push(child_name);
            // A mock of a resource has the resource's methods and children, so the same names.
            let accessor = members.snake(child_name);
            let accessors = Accessors { client: accessor.clone(), mock: accessor };
            let child_id = self.lower(&child_path, child, &child_pointer, accessors, Some(id))?;
            self.resources[id.index()].children.push(child_id);
        }
        Ok(id)
    }

    /// The method `method` configures, named `name`, with its builder's name claimed in
    /// `module_types`, its security and its paging.
    fn lower_method(
        &mut self,
        method: &MethodConfig,
        method_pointer: &Pointer,
        name: Ident,
        module_types: &mut Namespace,
    ) -> Result<Method, Error> {
        let (spec, config) = (self.spec, self.config);
        let site = find_site(self.sites, method.operation()).ok_or_else(|| {
            let known: Vec<String> = self.sites.iter().map(OperationSite::id).collect();
            config.error(
                method_pointer,
                format!("no operation `{}` in the spec; operations are {known:?}", method.operation()),
            )
        })?;
        self.used.insert(site.pointer.clone());
        let names =
            MethodNames { name, builder: module_types.claim(&format!("{}Request", super::names::pascal(&site.id()))) };
        let mut lowerer = MethodLowerer { spec, types: &mut *self.types, examples: &mut self.examples };
        let mut lowered = lowerer.lower(names, site)?;
        let (security, warning) = self.security.operation(spec, site.operation.security.as_ref(), &site.pointer);
        lowered.security = security;
        self.diagnostics.extend(warning);
        lowered.pagination = match method.pagination() {
            Some(pagination) => {
                let at = match method {
                    MethodConfig::Detailed(_) => method_pointer.push("pagination"),
                    MethodConfig::Operation(_) => method_pointer.clone(),
                };
                super::pagination::lower_pagination(&lowered, &self.types.types, pagination, &at, config)?
            }
            None => self.infer_pagination(&lowered, site),
        };
        Ok(lowered)
    }
}

impl ResourceLowering<'_, '_> {
    /// The paging inferred for `method` (of `site`), noted where the spec is.
    fn infer_pagination(&mut self, method: &Method, site: &OperationSite) -> Option<Pagination> {
        let (pagination, config) = super::pagination::infer_pagination(method, site.operation, &self.types.types)?;
        let (file, pointer) = self.spec.source_map.locate(site.pointer.as_str());
        let message = format!(
            "`{}` {PAGES_BY_ITSELF}: `pagination: {config}`; set `pagination` on its method in the SDK config to change that, or `{{style: none}}` to return one page",
            method.operation_id
        );
        self.diagnostics.push(Diagnostic::note(file, pointer, message));
        Some(pagination)
    }
}

/// The phrase of the generator's note for each list method whose paging it inferred.
pub const PAGES_BY_ITSELF: &str = "pages by itself";

/// The resource's docs: its config's description, else that of the spec's tag of its name.
fn resource_doc(spec: &LoadedSpec, resource: &ResourceConfig, path: &[&str]) -> Option<String> {
    let tag = path.join(".");
    let resource_name = *path.last().unwrap_or(&"");
    resource.description.clone().or_else(|| {
        spec.openapi
            .tags
            .iter()
            .find(|candidate| candidate.name == tag || candidate.name == resource_name)
            .and_then(|tag| super::operations::trimmed(tag.description.as_deref()))
    })
}

fn find_site<'s, 'a>(sites: &'s [OperationSite<'a>], reference: &str) -> Option<&'s OperationSite<'a>> {
    if let Some((method, path)) = reference.split_once(' ') {
        if let Some(site) =
            sites.iter().find(|site| site.method.as_str().eq_ignore_ascii_case(method) && site.path == path.trim())
        {
            return Some(site);
        }
    }
    sites.iter().find(|site| site.operation.operation_id.as_deref() == Some(reference))
}
