//! Lowering: a loaded spec plus its SDK config → the IR.

mod helpers;
mod names;
mod operations;
mod recursion;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme};

use crate::config::{AuthConfig, EnvConfig, EnvironmentConfig, MethodConfig, ResourceConfig, SdkConfig};
use crate::diagnostics::{Diagnostic, Error, Pointer};
use crate::ir::{Api, Credential, CredentialPlacement, Environment, Resource};
use crate::load::LoadedSpec;
use operations::{MethodLowerer, OperationSite};
use types::TypeLowerer;

/// Lowers `spec` as `config` describes it. `sources` are the input files as generated-file headers
/// should name them. Returns the IR and any warnings.
pub fn lower(spec: &LoadedSpec, config: &SdkConfig, sources: Vec<String>) -> Result<(Api, Vec<Diagnostic>), Error> {
    let credentials = credentials(spec, config)?;
    let mut types = TypeLowerer::new(spec);
    types.lower_components()?;

    let sites = operations::operation_sites(spec);
    let mut used = BTreeSet::new();
    let mut resources = Vec::new();
    let mut lowering = ResourceLowering {
        spec,
        config,
        sites: &sites,
        used: &mut used,
        types: &mut types,
        has_credentials: !credentials.is_empty(),
        resources: &mut resources,
    };
    for (resource_name, resource) in &config.resources {
        lowering.lower(&[resource_name.as_str()], resource, &Pointer::root().push("resources").push(resource_name))?;
    }

    recursion::box_recursive_references(&mut types.types);
    // Bodies carry a copy of their type's fields: refresh it with the boxing just decided.
    for method in resources.iter_mut().flat_map(|resource| &mut resource.methods) {
        if let Some(crate::ir::Body::Object { type_name, fields, .. }) = &mut method.body {
            if let Some(crate::ir::TypeDefKind::Struct(boxed)) = types.types.get(type_name).map(|def| &def.kind) {
                fields.clone_from(boxed);
            }
        }
    }
    let mut warnings = std::mem::take(&mut types.warnings);
    for site in sites.iter().filter(|site| !used.contains(&site.pointer)) {
        let (file, pointer) = spec.source_map.locate(site.pointer.as_str());
        warnings.push(Diagnostic::warning(
            file,
            pointer,
            format!("operation `{}` is not mapped to any SDK method in {}", site.id(), config.path.display()),
        ));
    }

    let api = Api {
        module: config.name.clone(),
        title: config.title.clone(),
        description: spec.openapi.info.description.clone().map(|description| description.trim().to_owned()),
        sources,
        environments: config
            .environments
            .iter()
            .map(|environment| Environment {
                variant: names::pascal(&environment.name),
                name: environment.name.clone(),
                url: environment.url.clone(),
            })
            .collect(),
        base_url_env: config.env.base_url.clone(),
        env_prefix: config.env.prefix.clone(),
        credentials,
        max_retries: config.max_retries,
        idempotency_header: config.idempotency_header.clone(),
        types: types.types.into_values().collect(),
        resources,
    };
    Ok((api, warnings))
}

/// Lowers resources and the ones nested in them into one flat list, parents before children.
struct ResourceLowering<'a, 'b> {
    spec: &'a LoadedSpec,
    config: &'b SdkConfig,
    sites: &'b [OperationSite<'a>],
    used: &'b mut BTreeSet<Pointer>,
    types: &'b mut TypeLowerer<'a>,
    has_credentials: bool,
    resources: &'b mut Vec<Resource>,
}

impl<'a> ResourceLowering<'a, '_> {
    /// Lowers the resource at `path` (names from the client down) and returns its index.
    fn lower(
        &mut self,
        path: &[&str],
        resource: &crate::config::ResourceConfig,
        pointer: &Pointer,
    ) -> Result<usize, Error> {
        let (spec, config) = (self.spec, self.config);
        let resource_name = *path.last().expect("a resource path is never empty");
        let mut methods = Vec::new();
        for (method_name, method) in &resource.methods {
            let method_pointer = pointer.push("methods").push(method_name);
            let site = find_site(self.sites, method.operation()).ok_or_else(|| {
                let known: Vec<String> = self.sites.iter().map(OperationSite::id).collect();
                config.error(
                    &method_pointer,
                    format!("no operation `{}` in the spec; operations are {known:?}", method.operation()),
                )
            })?;
            self.used.insert(site.pointer.clone());
            let pagination = method.pagination().map(|pagination| {
                let pointer = match method {
                    MethodConfig::Detailed(_) => method_pointer.push("pagination"),
                    MethodConfig::Operation(_) => method_pointer.clone(),
                };
                (pagination, pointer, config)
            });
            let mut lowerer = MethodLowerer { spec, types: &mut *self.types, has_credentials: self.has_credentials };
            methods.push(lowerer.lower(&names::snake(method_name), site, pagination)?);
        }
        let tag = path.join(".");
        let doc = resource.description.clone().or_else(|| {
            spec.openapi
                .tags
                .iter()
                .find(|candidate| candidate.name == tag || candidate.name == resource_name)
                .and_then(|tag| tag.description.clone())
        });
        let helpers =
            helpers::lower_helpers(&resource.helpers, &methods, &self.types.types, config, &pointer.push("helpers"))?;
        let accessors: Vec<String> = path.iter().map(|name| names::snake(name)).collect();
        let index = self.resources.len();
        self.resources.push(Resource {
            name: path
                .iter()
                .map(|name| names::snake(name).trim_start_matches("r#").to_owned())
                .collect::<Vec<_>>()
                .join("_"),
            accessor: names::snake(resource_name),
            path: accessors
                .iter()
                .map(|accessor| format!("{}()", accessor.trim_start_matches("r#")))
                .collect::<Vec<_>>()
                .join("."),
            type_name: names::pascal(&path.join(" ")),
            doc,
            methods,
            helpers,
            nested: path.len() > 1,
            children: Vec::new(),
        });
        for (child_name, child) in &resource.resources {
            let mut child_path = path.to_vec();
            child_path.push(child_name);
            let child_index = self.lower(&child_path, child, &pointer.push("resources").push(child_name))?;
            self.resources[index].children.push(child_index);
        }
        Ok(index)
    }
}

/// The field of `fields` named `wire` on the wire, or what to say when there is none
/// (`no field "x"; it has [...]`) for the caller to locate.
fn field_by_wire_name(fields: &[crate::ir::Field], wire: &str) -> Result<crate::ir::PageField, String> {
    match fields.iter().find(|field| field.wire_name == wire) {
        Some(field) => Ok(field.into()),
        None => {
            let known: Vec<&str> = fields.iter().map(|field| field.wire_name.as_str()).collect();
            Err(format!("no field `{wire}`; it has {known:?}"))
        }
    }
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

fn credentials(spec: &LoadedSpec, config: &SdkConfig) -> Result<Vec<Credential>, Error> {
    let schemes = spec.openapi.components.as_ref().map(|components| &components.security_schemes);
    config
        .auth
        .iter()
        .enumerate()
        .map(|(index, auth)| {
            let pointer = Pointer::root().push("auth").push(index).push("scheme");
            let scheme = schemes.and_then(|schemes| schemes.get(&auth.scheme)).ok_or_else(|| {
                let known: Vec<&String> = schemes.into_iter().flat_map(|schemes| schemes.keys()).collect();
                config.error(&pointer, format!("the spec has no security scheme `{}`; it has {known:?}", auth.scheme))
            })?;
            let ReferenceOr::Item(scheme) = scheme else {
                return Err(config.error(&pointer, "security schemes behind `$ref` are not supported"));
            };
            let (placement, description) = match scheme {
                SecurityScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                    (CredentialPlacement::Bearer, description)
                }
                SecurityScheme::APIKey { location: APIKeyLocation::Header, name, description, .. } => {
                    (CredentialPlacement::Header(name.clone()), description)
                }
                _ => {
                    return Err(config.error(
                        &pointer,
                        format!(
                            "scheme `{}` is not supported yet: use HTTP bearer or an API key in a header",
                            auth.scheme
                        ),
                    ))
                }
            };
            Ok(Credential {
                setter: names::snake(&auth.setter),
                env: auth.env.clone(),
                placement,
                optional: auth.optional,
                description: description.clone(),
            })
        })
        .collect()
}

/// An SDK config for a spec that comes without one: resources from tags (or the first path segment
/// after any version prefix), method names from operation ids (or method and path), environments from
/// `servers`, and one credential per security scheme, read from `<NAME>_<SCHEME>`.
pub fn infer_config(spec: &LoadedSpec, name: &str) -> Result<SdkConfig, Error> {
    let module = names::snake(name).trim_start_matches("r#").to_owned();
    let prefix = module.to_uppercase();
    let mut environments: Vec<EnvironmentConfig> = Vec::new();
    for (index, server) in spec.openapi.servers.iter().enumerate() {
        let label = server.description.as_deref().map(names::snake).unwrap_or_else(|| {
            if index == 0 {
                "production".into()
            } else {
                format!("server{}", index + 1)
            }
        });
        let label = names::unique(
            label.trim_start_matches("r#").to_owned(),
            &mut environments.iter().map(|environment| environment.name.clone()).collect(),
        );
        environments.push(EnvironmentConfig { name: label, url: server.url.trim_end_matches('/').to_owned() });
    }
    if environments.is_empty() {
        return Err(Error::new(
            &spec.path,
            "/servers",
            "the spec lists no `servers`, so the SDK would have no base URL: add one, or pass --config",
        ));
    }
    let schemes = spec.openapi.components.iter().flat_map(|components| components.security_schemes.iter());
    let mut auth = Vec::new();
    for (scheme_name, scheme) in schemes {
        let supported = matches!(scheme, ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }) if scheme.eq_ignore_ascii_case("bearer"))
            || matches!(scheme, ReferenceOr::Item(SecurityScheme::APIKey { location: APIKeyLocation::Header, .. }));
        if supported {
            let setter = if auth.is_empty() {
                "api_key".to_owned()
            } else {
                names::snake(scheme_name).trim_start_matches("r#").to_owned()
            };
            let env = format!("{prefix}_{}", setter.to_uppercase());
            auth.push(AuthConfig { scheme: scheme_name.clone(), setter, env, optional: false });
        }
    }
    let mut resources: BTreeMap<String, ResourceConfig> = BTreeMap::new();
    for site in operations::operation_sites(spec) {
        let resource = site
            .operation
            .tags
            .first()
            .cloned()
            .or_else(|| {
                site.path
                    .split('/')
                    .find(|segment| !segment.is_empty() && !is_version(segment) && !segment.starts_with('{'))
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| "default".to_owned());
        let method = match &site.operation.operation_id {
            Some(id) => names::snake(id),
            None => names::snake(&format!("{} {}", site.method.as_str(), site.path.replace(['{', '}'], ""))),
        };
        let method = method.trim_start_matches("r#").to_owned();
        let operation = format!("{} {}", site.method.as_str(), site.path);
        // A dotted tag (`files.versions`) is a resource nested in another.
        let mut segments = resource.split('.').map(|segment| names::snake(segment).trim_start_matches("r#").to_owned());
        let first = segments.next().unwrap_or_else(|| "default".to_owned());
        let mut node = resources.entry(first).or_default();
        for segment in segments {
            node = node.resources.entry(segment).or_default();
        }
        let methods = &mut node.methods;
        let method = names::unique(method, &mut methods.keys().cloned().collect());
        methods.insert(method, MethodConfig::Operation(operation));
    }
    Ok(SdkConfig {
        name: module,
        title: spec.openapi.info.title.clone(),
        environments,
        env: EnvConfig { prefix: prefix.clone(), base_url: format!("{prefix}_BASE_URL") },
        auth,
        max_retries: 2,
        idempotency_header: None,
        resources,
        path: spec.path.clone(),
    })
}

fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.'))
        || segment == "api"
}
