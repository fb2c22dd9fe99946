//! The SDK config's side of lowering: credentials from security schemes, and a config inferred from a
//! spec that comes without one.

use std::collections::BTreeMap;

use openapiv3::Server;

use super::names::{self, Namespace};
use super::site;
use crate::config::{ClientHeaderKind, EnvConfig, EnvironmentConfig, MethodConfig, ResourceConfig, SdkConfig};
use crate::diagnostics::{Diagnostic, Error, Pointer};
use crate::ir::{ClientHeader, Credential};
use crate::load::LoadedSpec;

/// What the client builder configures beyond the basics: the credentials `config` declares, each
/// from the security scheme it names, and the headers it sends with every request.
pub(super) fn client_settings(
    spec: &LoadedSpec,
    config: &SdkConfig,
) -> Result<(Vec<Credential>, Vec<ClientHeader>), Error> {
    let mut setters = Namespace::new(crate::ir::reserved::CLIENT_BUILDER_METHODS);
    let mut claim = |name: &str, pointer: Pointer| {
        let setter = setters.snake(name);
        if setter.bare() == name {
            Ok(setter)
        } else {
            Err(config.error(&pointer, format!("`{name}` is taken by another client builder method; choose another")))
        }
    };
    let credentials = super::security::credentials(spec, config, &mut claim)?;
    let mut headers = Vec::new();
    for (index, header) in config.client_headers.iter().enumerate() {
        headers.push(ClientHeader {
            header: header.header.to_ascii_lowercase(),
            setter: claim(&header.setter, Pointer::root().push("client_headers").push(index).push("setter"))?,
            boolean: header.kind == ClientHeaderKind::Bool,
            env: header.env.clone(),
            description: header.description.clone(),
        });
    }
    Ok((credentials, headers))
}

/// An SDK config for a spec that comes without one: resources from tags (or the first path segment
/// after any version prefix), method names from operation ids (or method and path), environments from
/// `servers`, and one credential per security scheme (see `security::infer_auth`). What the spec
/// lacks (servers, say) is reported in the warnings.
pub fn infer_config(spec: &LoadedSpec, name: &str) -> Result<(SdkConfig, Vec<Diagnostic>), Error> {
    let module = Namespace::new(crate::config::RESERVED_MODULES).snake(name).bare().to_owned();
    let prefix = module.to_uppercase();
    let mut warnings = Vec::new();
    let environments = environments(spec, &mut warnings);
    if environments.is_empty() {
        let (file, pointer) = spec.source_map.locate("/servers");
        warnings.push(Diagnostic::warning(
            file,
            pointer,
            format!("the spec names no absolute server URL: clients need a base URL, from `ClientBuilder::base_url` or {prefix}_BASE_URL"),
        ));
    }
    let auth = super::security::infer_auth(spec, &prefix);
    let resources = infer_resources(spec);
    let title = Some(spec.openapi.info.title.trim()).filter(|title| !title.is_empty()).unwrap_or(name);
    let config = SdkConfig {
        name: module,
        title: title.to_owned(),
        environments,
        env: EnvConfig { prefix: prefix.clone(), base_url: vec![format!("{prefix}_BASE_URL")] },
        auth,
        max_retries: 2,
        idempotency_header: None,
        client_headers: Vec::new(),
        resources,
        overlays: Vec::new(),
        overrides: Default::default(),
        webhooks: None,
        package: Default::default(),
        replaced_files: Vec::new(),
        path: spec.path.clone(),
    };
    Ok((config, warnings))
}

/// Resources for every operation of `spec`: from each operation's first tag (a dotted tag nests),
/// or the first path segment after any version prefix; method names from operation ids, or the
/// method and path, without the resource's name.
pub fn infer_resources(spec: &LoadedSpec) -> BTreeMap<String, ResourceConfig> {
    let mut resources: BTreeMap<String, ResourceConfig> = BTreeMap::new();
    for site in site::operation_sites(spec) {
        let resource = site
            .operation
            .tags
            .first()
            .filter(|tag| !tag.trim().is_empty())
            .cloned()
            .or_else(|| {
                site.path
                    .split('/')
                    .find(|segment| !segment.is_empty() && !is_version(segment) && !segment.starts_with('{'))
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| "default".to_owned());
        let method = match &site.operation.operation_id {
            Some(id) if !id.trim().is_empty() => names::snake(id),
            _ => names::snake(&format!("{} {}", site.method.as_str(), site.path.replace(['{', '}'], ""))),
        };
        let operation = format!("{} {}", site.method.as_str(), site.path);
        // A dotted tag (`files.versions`) is a resource nested in another.
        let segments: Vec<String> = resource.split('.').map(names::snake).collect();
        // `pulls/create` under `pulls` is `client.pulls().create()`, not `.pulls_create()`.
        let method = match segments.last().and_then(|last| method.strip_prefix(&format!("{last}_"))) {
            Some(rest) if rest.starts_with(|c: char| c.is_ascii_lowercase()) => rest.to_owned(),
            _ => method,
        };
        let mut segments = segments.into_iter();
        let first = segments.next().unwrap_or_else(|| "default".to_owned());
        let mut node = resources.entry(first).or_default();
        for segment in segments {
            node = node.resources.entry(segment).or_default();
        }
        let methods = &mut node.methods;
        let mut taken = Namespace::new(&methods.keys().map(String::as_str).collect::<Vec<_>>());
        methods.insert(taken.claim(&method).bare().to_owned(), MethodConfig::Operation(operation));
    }
    resources
}

/// One environment per server with an absolute URL, its variables at their defaults.
fn environments(spec: &LoadedSpec, warnings: &mut Vec<Diagnostic>) -> Vec<EnvironmentConfig> {
    let mut labels = Namespace::default();
    let mut environments = Vec::new();
    for (index, server) in spec.openapi.servers.iter().enumerate() {
        let url = server_url(server);
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            let (file, pointer) = spec.source_map.locate(Pointer::root().push("servers").push(index).as_str());
            let message =
                format!("the server URL `{}` is not absolute; it is not offered as an environment", server.url);
            warnings.push(Diagnostic::warning(file, pointer, message));
            continue;
        }
        let label = match server.description.as_deref().map(names::snake) {
            Some(label) => label,
            None if environments.is_empty() => "production".to_owned(),
            None => format!("server{}", index + 1),
        };
        environments.push(EnvironmentConfig { name: labels.claim(&label).bare().to_owned(), url });
    }
    environments
}

/// The server's URL with each `{variable}` replaced by its default, without a trailing slash.
fn server_url(server: &Server) -> String {
    let mut url = server.url.trim().to_owned();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url.trim_end_matches('/').to_owned()
}

fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.'))
        || segment == "api"
}
