//! Security schemes → the client's credentials, and each operation's `security` → the credentials
//! its calls send. Every scheme of OpenAPI 3.0 and 3.1 that a request can carry is supported: HTTP
//! basic, bearer and any other HTTP scheme, API keys in a header, the query or a cookie, OAuth2 (an
//! access token, a token callback, or the client-credentials flow run by the SDK) and OpenID Connect.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme};

use super::names::{self, Namespace};
use super::operations::is_header_name;
use crate::config::{AuthConfig, ClientAuthentication, ClientCredentialsConfig, CredentialValueConfig, SdkConfig};
use crate::diagnostics::{Diagnostic, Error, Pointer};
use crate::ir::{ClientCredentials, Credential, CredentialId, CredentialPlacement, CredentialValue, Ident, Security};
use crate::load::LoadedSpec;

/// The spec's security schemes by name, those behind a `$ref` left out (the loader inlines them).
fn schemes(spec: &LoadedSpec) -> BTreeMap<&str, &SecurityScheme> {
    let schemes = spec.openapi.components.iter().flat_map(|components| components.security_schemes.iter());
    schemes
        .filter_map(|(name, scheme)| match scheme {
            ReferenceOr::Item(scheme) => Some((name.as_str(), scheme)),
            ReferenceOr::Reference { .. } => None,
        })
        .collect()
}

/// The header or cookie name of an API key scheme named `key`: its `name`, or, where that cannot be
/// a header name (`RapidAPI.com API Key`) but the scheme's own key can (`X-RapidAPI-Key`), the key,
/// as specs that swap the two mean.
fn key_name<'s>(key: &'s str, name: &'s str) -> Option<&'s str> {
    [name, key].into_iter().find(|candidate| is_header_name(candidate))
}

/// Whether the SDK can put a credential of `scheme`, named `key`, on a request.
fn is_sendable(key: &str, scheme: &SecurityScheme) -> bool {
    match scheme {
        SecurityScheme::APIKey { location: APIKeyLocation::Query, name, .. } => !name.is_empty(),
        SecurityScheme::APIKey { name, .. } => key_name(key, name).is_some(),
        SecurityScheme::HTTP { scheme, .. } => is_header_name(scheme.trim()),
        SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => true,
    }
}

/// The credentials `config` declares, each from the scheme it names. `claim` hands out the client
/// builder's method names.
pub(super) fn credentials(
    spec: &LoadedSpec,
    config: &SdkConfig,
    claim: &mut dyn FnMut(&str, Pointer) -> Result<Ident, Error>,
) -> Result<Vec<Credential>, Error> {
    let schemes = schemes(spec);
    let mut credentials = Vec::new();
    for (index, auth) in config.auth.iter().enumerate() {
        let at = Pointer::root().push("auth").push(index);
        let scheme = *schemes.get(auth.scheme.as_str()).ok_or_else(|| {
            let known: Vec<&&str> = schemes.keys().collect();
            config.error(
                &at.push("scheme"),
                format!("the spec has no security scheme `{}`; it has {known:?}", auth.scheme),
            )
        })?;
        let setter = claim(&auth.setter, at.push("setter"))?;
        let placement = placement(spec, config, auth, scheme, &setter, &at, claim)?;
        credentials.push(Credential {
            scheme: auth.scheme.clone(),
            setter,
            env: auth.env.clone(),
            placement,
            optional: auth.optional,
            description: scheme_description(scheme).clone(),
        });
    }
    Ok(credentials)
}

fn scheme_description(scheme: &SecurityScheme) -> &Option<String> {
    match scheme {
        SecurityScheme::APIKey { description, .. }
        | SecurityScheme::HTTP { description, .. }
        | SecurityScheme::OAuth2 { description, .. }
        | SecurityScheme::OpenIDConnect { description, .. } => description,
    }
}

/// Where the credential of `auth` goes, from the scheme it names and what the config adds.
fn placement(
    spec: &LoadedSpec,
    config: &SdkConfig,
    auth: &AuthConfig,
    scheme: &SecurityScheme,
    setter: &Ident,
    at: &Pointer,
    claim: &mut dyn FnMut(&str, Pointer) -> Result<Ident, Error>,
) -> Result<CredentialPlacement, Error> {
    let unsendable =
        || config.error(&at.push("scheme"), format!("scheme `{}` cannot be put on a request", auth.scheme));
    Ok(match scheme {
        SecurityScheme::APIKey { location, name, .. } => match location {
            APIKeyLocation::Query if !name.is_empty() => CredentialPlacement::Query(name.clone()),
            APIKeyLocation::Query => return Err(unsendable()),
            location => match (key_name(&auth.scheme, name), location) {
                (Some(name), APIKeyLocation::Header) => CredentialPlacement::Header(name.to_ascii_lowercase()),
                (Some(name), _) => CredentialPlacement::Cookie(name.to_owned()),
                (None, _) => return Err(unsendable()),
            },
        },
        SecurityScheme::HTTP { scheme: http, .. } => match http.trim().to_ascii_lowercase().as_str() {
            "bearer" => CredentialPlacement::Bearer,
            "basic" => {
                let password = auth.password.as_ref().ok_or_else(|| {
                    config.error(at, "an HTTP basic scheme needs `password: {setter, env}` beside the username")
                })?;
                CredentialPlacement::Basic { password: value(password, &at.push("password"), claim)? }
            }
            other if is_header_name(other) => CredentialPlacement::Scheme(http.trim().to_owned()),
            _ => return Err(unsendable()),
        },
        SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => {
            let provider_setter = claim(&format!("{}_provider", setter.bare()), at.push("setter"))?;
            let client_credentials = match &auth.client_credentials {
                Some(flow) => {
                    let at = at.push("client_credentials");
                    let token_url = flow.token_url.clone().or_else(|| token_url(scheme)).ok_or_else(|| {
                        config.error(&at, "the scheme has no client-credentials flow: give its `token_url`")
                    })?;
                    Some(ClientCredentials {
                        client_id: value(&flow.client_id, &at.push("client_id"), claim)?,
                        client_secret: value(&flow.client_secret, &at.push("client_secret"), claim)?,
                        token_url,
                        scopes: flow.scopes.clone().unwrap_or_else(|| required_scopes(spec, &auth.scheme)),
                        secret_in_body: flow.client_auth == ClientAuthentication::Body,
                    })
                }
                None => None,
            };
            CredentialPlacement::OAuth2 { provider_setter, client_credentials }
        }
    })
}

fn value(
    value: &CredentialValueConfig,
    at: &Pointer,
    claim: &mut dyn FnMut(&str, Pointer) -> Result<Ident, Error>,
) -> Result<CredentialValue, Error> {
    Ok(CredentialValue { setter: claim(&value.setter, at.push("setter"))?, env: value.env.clone() })
}

/// The token endpoint of the scheme's client-credentials flow, if it has one.
fn token_url(scheme: &SecurityScheme) -> Option<String> {
    match scheme {
        SecurityScheme::OAuth2 { flows, .. } => {
            flows.client_credentials.as_ref().map(|flow| flow.token_url.trim().to_owned()).filter(|url| !url.is_empty())
        }
        _ => None,
    }
}

/// Every requirement of the spec: the top-level one, then each operation's.
fn requirements(spec: &LoadedSpec) -> impl Iterator<Item = &SecurityRequirement> {
    let operations = super::site::operation_sites(spec);
    let own: Vec<&SecurityRequirement> =
        operations.iter().flat_map(|site| site.operation.security.iter().flatten()).collect();
    spec.openapi.security.iter().flatten().chain(own)
}

/// The scopes the spec's requirements ask of `scheme`, sorted.
fn required_scopes(spec: &LoadedSpec, scheme: &str) -> Vec<String> {
    let scopes: BTreeSet<&String> =
        requirements(spec).filter_map(|requirement| requirement.get(scheme)).flatten().collect();
    scopes.into_iter().cloned().collect()
}

/// Each operation's `security` as the credentials its calls send.
pub(super) struct SecurityLowering {
    by_scheme: BTreeMap<String, CredentialId>,
    /// The requirement of operations that state none, as the spec states it.
    top_level: Vec<SecurityRequirement>,
    /// Set when the spec declares schemes but asks for none anywhere: each scheme alone.
    implied: bool,
}

impl SecurityLowering {
    pub(super) fn new(
        spec: &LoadedSpec,
        sites: &[super::site::OperationSite<'_>],
        credentials: &[Credential],
    ) -> (Self, Vec<Diagnostic>) {
        let by_scheme = credentials
            .iter()
            .enumerate()
            .map(|(index, credential)| (credential.scheme.clone(), CredentialId::new(index)))
            .collect();
        let top_level = spec.openapi.security.clone().unwrap_or_default();
        let asks_nowhere =
            spec.openapi.security.is_none() && sites.iter().all(|site| site.operation.security.is_none());
        let implied = asks_nowhere && !schemes(spec).is_empty();
        let mut warnings: Vec<Diagnostic> = implied
            .then(|| {
                let (file, pointer) = spec.source_map.locate("/components/securitySchemes");
                let message = "the spec declares security schemes but no `security` requirement: every operation is taken to accept any one of them";
                Diagnostic::warning(file, pointer, message)
            })
            .into_iter()
            .collect();
        for credential in credentials {
            let Some(SecurityScheme::APIKey { name, .. }) = schemes(spec).get(credential.scheme.as_str()).copied()
            else {
                continue;
            };
            if !is_header_name(name) && !matches!(credential.placement, CredentialPlacement::Query(_)) {
                let at =
                    Pointer::root().push("components").push("securitySchemes").push(&credential.scheme).push("name");
                let (file, pointer) = spec.source_map.locate(at.as_str());
                let message = format!(
                    "`{name}` cannot be a header or cookie name; the scheme's own name `{}` is sent instead",
                    credential.scheme
                );
                warnings.push(Diagnostic::warning(file, pointer, message));
            }
        }
        (Self { by_scheme, top_level, implied }, warnings)
    }

    /// What operations that state no `security` send.
    pub(super) fn default_security(&self) -> Security {
        if self.implied {
            return self.by_scheme.values().map(|index| vec![*index]).collect();
        }
        self.lower(&self.top_level)
    }

    /// The alternatives of `requirements` whose schemes all have a credential, in their order.
    pub(super) fn lower(&self, requirements: &[SecurityRequirement]) -> Security {
        requirements
            .iter()
            .filter_map(|requirement| requirement.keys().map(|scheme| self.by_scheme.get(scheme).copied()).collect())
            .collect()
    }

    /// The operation's security; a warning when it asks for credentials and none can be sent.
    pub(super) fn operation(
        &self,
        spec: &LoadedSpec,
        own: Option<&Vec<SecurityRequirement>>,
        pointer: &Pointer,
    ) -> (Security, Option<Diagnostic>) {
        let requirements = own.unwrap_or(&self.top_level);
        let security = match own {
            Some(own) => self.lower(own),
            None => self.default_security(),
        };
        let asks = requirements.iter().any(|requirement| !requirement.is_empty());
        let warning = (security.is_empty() && asks).then(|| {
            let at = if own.is_some() { pointer.push("security") } else { pointer.clone() };
            let (file, pointer) = spec.source_map.locate(at.as_str());
            let names: Vec<String> = requirements
                .iter()
                .map(|requirement| requirement.keys().cloned().collect::<Vec<_>>().join(" + "))
                .collect();
            let message = format!("{UNSENDABLE} ({}); calls send none", names.join(" or "));
            Diagnostic::warning(file, pointer, message)
        });
        (security, warning)
    }
}

/// How the warning about an operation whose credentials cannot be sent starts, for tools that count them.
pub const UNSENDABLE: &str = "no credential the client can send satisfies the operation's security";

/// The `auth` section of a config inferred from the spec: one credential per scheme the SDK can
/// send, named by kind (`api_key`, `username` and `password`, `access_token`), else by scheme;
/// variables are `<PREFIX>_<SETTER>`. A credential is optional unless every operation needs it.
pub(super) fn infer_auth(spec: &LoadedSpec, prefix: &str) -> Vec<AuthConfig> {
    let mut setters = Namespace::new(crate::ir::reserved::CLIENT_BUILDER_METHODS);
    let mut taken_kinds = BTreeSet::new();
    let mut name = |kind: &'static str, scheme: &str, setters: &mut Namespace| {
        let base = if taken_kinds.insert(kind) { kind.to_owned() } else { format!("{}_{kind}", names::snake(scheme)) };
        let setter = setters.snake(&base).bare().to_owned();
        let env = vec![format!("{prefix}_{}", setter.to_uppercase())];
        CredentialValueConfig { setter, env }
    };
    let needed = needed_everywhere(spec);
    let mut auth = Vec::new();
    for (scheme_name, scheme) in schemes(spec) {
        if !is_sendable(scheme_name, scheme) {
            continue;
        }
        let (first, password, client_credentials) = match scheme {
            SecurityScheme::HTTP { scheme, .. } if scheme.trim().eq_ignore_ascii_case("basic") => {
                let username = name("username", scheme_name, &mut setters);
                (username, Some(name("password", scheme_name, &mut setters)), None)
            }
            SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => {
                let token = name("access_token", scheme_name, &mut setters);
                setters.claim(&format!("{}_provider", token.setter));
                let flow = token_url(scheme).map(|_| ClientCredentialsConfig {
                    client_id: name("client_id", scheme_name, &mut setters),
                    client_secret: name("client_secret", scheme_name, &mut setters),
                    token_url: None,
                    scopes: None,
                    client_auth: ClientAuthentication::Basic,
                });
                (token, None, flow)
            }
            _ => (name("api_key", scheme_name, &mut setters), None, None),
        };
        auth.push(AuthConfig {
            scheme: scheme_name.to_owned(),
            setter: first.setter,
            env: first.env,
            optional: !needed.contains(scheme_name),
            password,
            client_credentials,
            declare: None,
        });
    }
    auth
}

/// The schemes that every operation of the spec needs, whichever alternative it is called with.
fn needed_everywhere(spec: &LoadedSpec) -> BTreeSet<&str> {
    let sites = super::site::operation_sites(spec);
    let top_level = spec.openapi.security.as_deref().unwrap_or_default();
    let mut needed: Option<BTreeSet<&str>> = None;
    for site in &sites {
        let requirements = site.operation.security.as_deref().unwrap_or(top_level);
        let in_every: BTreeSet<&str> = match requirements.split_first() {
            None => BTreeSet::new(),
            Some((first, rest)) => first
                .keys()
                .map(String::as_str)
                .filter(|scheme| rest.iter().all(|requirement| requirement.contains_key(*scheme)))
                .collect(),
        };
        needed = Some(match needed {
            None => in_every,
            Some(needed) => needed.intersection(&in_every).copied().collect(),
        });
    }
    needed.unwrap_or_default()
}
