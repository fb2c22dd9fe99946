use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};

use super::auth::{sensitive_header, Credential, TokenExchange, TokenProvider, TokenSource, Wire};
use super::error::Error;
use super::http::{Http, HttpTransport};
use super::intercept::Interceptor;
use super::secret::Secret;

/// What a generated SDK module tells the runtime about its provider.
#[derive(Debug)]
pub struct ProviderSpec {
    /// The provider's name, for messages (`DeepTable`).
    pub name: &'static str,
    /// Named base URLs; the first is the default.
    pub environments: &'static [EnvironmentSpec],
    /// The variables that override the base URL; the first set wins.
    pub base_url_env: &'static [&'static str],
    /// The prefix of `<PREFIX>_LOG` and `<PREFIX>_CUSTOM_HEADERS`.
    pub env_prefix: &'static str,
    pub credentials: &'static [CredentialSpec],
    /// What a call sends unless its method says otherwise: alternatives of indices into
    /// `credentials`, the first whose credentials the client has winning.
    pub security: &'static [&'static [usize]],
    pub client_headers: &'static [ClientHeaderSpec],
    /// How many times a request is retried unless configured otherwise.
    pub max_retries: u32,
    /// The header that carries one idempotency key per call (the same on each retry) of a non-GET request.
    pub idempotency_header: Option<&'static str>,
    pub user_agent: &'static str,
}

#[derive(Debug)]
pub struct EnvironmentSpec {
    pub name: &'static str,
    pub url: &'static str,
}

/// A credential the client sends to the provider's API, on the calls that ask for it.
#[derive(Debug)]
pub struct CredentialSpec {
    /// Its first value: the key, token, username or access token.
    pub value: ValueSpec,
    pub placement: Placement,
    /// The client is built without it.
    pub optional: bool,
}

/// A value of a credential: the builder method that sets it, and the environment variables it is
/// read from when it is not set; the first set wins.
#[derive(Debug)]
pub struct ValueSpec {
    pub setter: &'static str,
    pub env: &'static [&'static str],
}

/// The OAuth2 client-credentials flow of a credential.
#[derive(Debug)]
pub struct ClientCredentialsSpec {
    pub client_id: ValueSpec,
    pub client_secret: ValueSpec,
    /// Absolute, or relative to the base URL.
    pub token_url: &'static str,
    pub scopes: &'static [&'static str],
    /// The id and secret go in the form body instead of HTTP basic.
    pub secret_in_body: bool,
}

/// A header sent with every request to the API, with a value chosen once per client.
#[derive(Debug)]
pub struct ClientHeaderSpec {
    /// A valid header name, checked when the SDK was generated.
    pub name: &'static str,
    /// The environment variables it is read from when not set explicitly; the first set wins.
    pub env: &'static [&'static str],
    /// The value is `true` or `false`.
    pub boolean: bool,
}

/// Where a credential goes in a request.
#[derive(Debug)]
pub enum Placement {
    /// `Authorization: Bearer <credential>`.
    Bearer,
    /// `Authorization: <scheme> <credential>`.
    Scheme(&'static str),
    /// The credential as the value of this header.
    Header(&'static str),
    /// The credential as this query parameter.
    Query(&'static str),
    /// The credential as this cookie.
    Cookie(&'static str),
    /// `Authorization: Basic`, from the username (the first value) and the password.
    Basic { password: ValueSpec },
    /// An access token sent as a bearer token: set, from a [`TokenProvider`], or from the
    /// client-credentials flow.
    OAuth2 { client_credentials: Option<ClientCredentialsSpec> },
}

/// The values set in code for one credential; what is unset comes from the environment.
#[derive(Default, Clone)]
struct CredentialInput {
    value: Option<Secret>,
    password: Option<Secret>,
    client_id: Option<Secret>,
    client_secret: Option<Secret>,
    provider: Option<Arc<dyn TokenProvider>>,
}

impl fmt::Debug for CredentialInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("value", &self.value)
            .field("password", &self.password)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("provider", &self.provider.as_ref().map(|_| "set"))
            .finish()
    }
}

/// A value of a credential other than its first, set in code.
#[derive(Debug, Clone, Copy)]
pub enum CredentialPart {
    Password,
    ClientId,
    ClientSecret,
}

/// The settings a generated `ClientBuilder` collects. Unset values fall back to the environment, then
/// to the provider's defaults, when [`ClientConfig::build`] runs.
pub struct ClientConfig {
    provider: &'static ProviderSpec,
    credentials: Vec<CredentialInput>,
    base_url: Option<String>,
    /// Not a built client: the SDK must set the redirect policy of whatever it sends through.
    http_client: Option<reqwest::ClientBuilder>,
    timeout: Duration,
    /// Set explicitly; else [`CONNECT_TIMEOUT`] for the SDK's own HTTP client.
    connect_timeout: Option<Duration>,
    max_retries: Option<u32>,
    max_response_bytes: u64,
    default_headers: Vec<(String, String)>,
    client_headers: Vec<Option<String>>,
    interceptors: Vec<Arc<dyn Interceptor>>,
    transport: Option<Arc<dyn HttpTransport>>,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may hold credentials of their own: only their names are shown.
        let default_headers: Vec<&str> = self.default_headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("ClientConfig")
            .field("provider", &self.provider.name)
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("custom_http_client", &self.http_client.is_some())
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_retries", &self.max_retries)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("default_headers", &default_headers)
            .field("client_headers", &self.client_headers)
            .field("interceptors", &self.interceptors.len())
            .field("custom_transport", &self.transport.is_some())
            .finish()
    }
}

/// Connection timeout of the default HTTP client.
/// A client's settings, resolved once when it is built: what every call reads.
pub(crate) struct Settings {
    pub(crate) provider: &'static ProviderSpec,
    pub(crate) http: Http,
    /// Where requests go; its scheme, host and port are the only origin credentials go to.
    pub(crate) base_url: url::Url,
    pub(crate) user_agent: HeaderValue,
    /// Each of the provider's credentials, if the client has it.
    pub(crate) credentials: Vec<Option<Credential>>,
    pub(crate) default_headers: HeaderMap,
    pub(crate) idempotency_header: Option<HeaderName>,
    pub(crate) timeout: Duration,
    pub(crate) max_retries: u32,
    /// The largest response body read whole.
    pub(crate) max_response_bytes: u64,
    /// The client's interceptors, in order.
    pub(crate) interceptors: Vec<Arc<dyn Interceptor>>,
    /// Where this client's own log goes when `<PREFIX>_LOG` asks for one.
    pub(crate) log: Option<tracing::Dispatch>,
}

impl Settings {
    /// Whether `url` has the base URL's scheme, host and port: what `url::Origin` compares, without
    /// the copies of the host that making an origin takes on every request.
    pub(crate) fn is_api_origin(&self, url: &url::Url) -> bool {
        let base = &self.base_url;
        url.scheme() == base.scheme()
            && url.host() == base.host()
            && url.port_or_known_default() == base.port_or_known_default()
    }
}

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Whole-request timeout of the default HTTP client.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// The largest JSON or text body read whole, unless configured otherwise.
const MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

impl ClientConfig {
    pub fn new(provider: &'static ProviderSpec) -> Self {
        Self {
            provider,
            credentials: vec![CredentialInput::default(); provider.credentials.len()],
            base_url: None,
            http_client: None,
            timeout: REQUEST_TIMEOUT,
            connect_timeout: None,
            max_retries: None,
            max_response_bytes: MAX_RESPONSE_BYTES,
            default_headers: Vec::new(),
            client_headers: vec![None; provider.client_headers.len()],
            interceptors: Vec::new(),
            transport: None,
        }
    }

    /// The time each attempt of a request may take, reading the response included (default 60 s).
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// The time to establish a connection (default 5 s, unless a caller-supplied builder sets one).
    pub fn set_connect_timeout(&mut self, timeout: Duration) {
        self.connect_timeout = Some(timeout);
    }

    pub fn set_max_retries(&mut self, max_retries: u32) {
        self.max_retries = Some(max_retries);
    }

    /// The largest JSON or text response body read whole (default 64 MiB); downloads stream.
    pub fn set_max_response_bytes(&mut self, bytes: u64) {
        self.max_response_bytes = bytes;
    }

    /// A header sent with every request (credentials and per-request headers take precedence).
    pub fn add_default_header(&mut self, name: String, value: String) {
        self.default_headers.push((name, value));
    }

    /// Sets the header at `index` of [`ProviderSpec::client_headers`].
    pub fn set_client_header(&mut self, index: usize, value: String) {
        self.client_headers[index] = Some(value);
    }

    /// Sets the first value of the credential at `index` of [`ProviderSpec::credentials`].
    pub fn set_credential(&mut self, index: usize, value: String) {
        self.credentials[index].value = Some(Secret::new(value));
    }

    /// Sets another value of the credential at `index`.
    pub fn set_credential_part(&mut self, index: usize, part: CredentialPart, value: String) {
        let input = &mut self.credentials[index];
        let slot = match part {
            CredentialPart::Password => &mut input.password,
            CredentialPart::ClientId => &mut input.client_id,
            CredentialPart::ClientSecret => &mut input.client_secret,
        };
        *slot = Some(Secret::new(value));
    }

    /// Makes the OAuth2 credential at `index` come from `provider`.
    pub fn set_token_provider(&mut self, index: usize, provider: impl TokenProvider) {
        self.credentials[index].provider = Some(Arc::new(provider));
    }

    pub fn set_base_url(&mut self, url: String) {
        self.base_url = Some(url);
    }

    pub fn set_http_client(&mut self, builder: reqwest::ClientBuilder) {
        self.http_client = Some(builder);
    }

    pub fn add_interceptor(&mut self, interceptor: impl Interceptor) {
        self.interceptors.push(Arc::new(interceptor));
    }

    pub fn set_transport(&mut self, transport: impl HttpTransport) {
        self.transport = Some(Arc::new(transport));
    }

    /// Makes the client a mock's: `transport` answers every request, sent to
    /// [`MOCK_BASE_URL`](super::mock::MOCK_BASE_URL) with a placeholder for every credential.
    #[cfg(feature = "test-util")]
    pub fn mock(&mut self, transport: super::mock::MockTransport) {
        self.set_base_url(super::mock::MOCK_BASE_URL.to_owned());
        self.set_transport(transport);
        for input in &mut self.credentials {
            input.value = Some(Secret::new("mock-credential".to_owned()));
            input.password = Some(Secret::new("mock-password".to_owned()));
        }
    }

    /// Resolves every setting, and makes the HTTP client and the credentials.
    pub(crate) fn into_settings(mut self) -> Result<Settings, Error> {
        let provider = self.provider;
        let log = super::log::dispatch_from_env(provider.env_prefix)?;
        let base_url = self.base_url()?;
        let parsed_base_url = parse_base_url(&base_url)?;
        let default_headers = self.default_headers()?;
        let (builder, connect_timeout) = match self.http_client.take() {
            Some(builder) => (builder, self.connect_timeout),
            None => (reqwest::Client::builder(), Some(self.connect_timeout.unwrap_or(CONNECT_TIMEOUT))),
        };
        let builder = match connect_timeout {
            Some(timeout) => builder.connect_timeout(timeout),
            None => builder,
        };
        // Whoever made the builder, redirects are followed by the transport, which keeps credentials
        // and sensitive headers on the API's origin.
        let client = builder
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| Error::Config { message: format!("cannot build the HTTP client: {error}") })?;
        let http = Http::new(client, self.transport.take());
        let credentials = self.credentials(&http, &base_url)?;
        Ok(Settings {
            provider,
            http,
            base_url: parsed_base_url,
            user_agent: HeaderValue::from_static(provider.user_agent),
            credentials,
            default_headers,
            idempotency_header: provider.idempotency_header.map(header_name).transpose()?,
            timeout: self.timeout,
            max_retries: self.max_retries.unwrap_or(provider.max_retries),
            max_response_bytes: self.max_response_bytes,
            interceptors: std::mem::take(&mut self.interceptors),
            log,
        })
    }

    /// The base URL without a trailing slash: set in code, else from the environment, else the
    /// provider's first environment.
    fn base_url(&self) -> Result<String, Error> {
        let provider = self.provider;
        let url = match &self.base_url {
            Some(url) => url.clone(),
            None => match (first_env_var(provider.base_url_env)?, provider.environments.first()) {
                (Some(url), _) => url,
                (None, Some(environment)) => environment.url.to_owned(),
                (None, None) => {
                    return Err(Error::Config {
                        message: format!(
                            "no base URL for the {} API: its spec names no server, so set {} or call `base_url` on the client builder",
                            provider.name,
                            variables(provider.base_url_env)
                        ),
                    })
                }
            },
        };
        Ok(url.trim_end_matches('/').to_owned())
    }

    /// Each credential as the client will send it; `None` for an optional one that is not set.
    fn credentials(&self, http: &Http, base_url: &str) -> Result<Vec<Option<Credential>>, Error> {
        let provider = self.provider;
        let mut credentials = Vec::new();
        for (spec, input) in provider.credentials.iter().zip(&self.credentials) {
            let credential = self.credential(spec, input, http, base_url)?;
            if credential.is_none() && !spec.optional {
                return Err(Error::Config {
                    message: format!(
                        "no {} credential: set {} or pass it to the client builder",
                        provider.name,
                        variables(spec.value.env)
                    ),
                });
            }
            let unsendable = match &credential {
                Some(Credential::Fixed { wire: Wire::Header(_), header, .. }) => header.is_none(),
                Some(Credential::Fixed { wire: Wire::Cookie(_), value, .. }) => {
                    HeaderValue::from_str(value.expose()).is_err()
                }
                _ => false,
            };
            if unsendable {
                return Err(Error::Config {
                    message: format!(
                        "the {} credential contains characters that cannot go in an HTTP header",
                        provider.name
                    ),
                });
            }
            credentials.push(credential);
        }
        Ok(credentials)
    }

    /// One credential from what was set in code, else from the environment, if it is complete.
    fn credential(
        &self,
        spec: &'static CredentialSpec,
        input: &CredentialInput,
        http: &Http,
        base_url: &str,
    ) -> Result<Option<Credential>, Error> {
        let value = resolve(&input.value, &spec.value)?;
        let fixed = |wire: Wire, text: String| {
            let header = if matches!(wire, Wire::Header(_)) { sensitive_header(&text) } else { None };
            Some(Credential::Fixed { wire, value: Secret::new(text), header })
        };
        Ok(match (&spec.placement, value) {
            (Placement::OAuth2 { client_credentials }, None) => match (&input.provider, client_credentials) {
                (Some(provider), _) => Some(Credential::Token(Arc::new(TokenSource::Provider(provider.clone())))),
                (None, Some(flow)) => self.token_exchange(input, flow, http, base_url)?,
                (None, None) => None,
            },
            (_, None) => None,
            (Placement::Bearer | Placement::OAuth2 { .. }, Some(value)) => {
                fixed(Wire::Header(AUTHORIZATION), format!("Bearer {}", value.expose()))
            }
            (Placement::Scheme(scheme), Some(value)) => {
                fixed(Wire::Header(AUTHORIZATION), format!("{scheme} {}", value.expose()))
            }
            (Placement::Header(name), Some(value)) => {
                fixed(Wire::Header(header_name(name)?), value.expose().to_owned())
            }
            (Placement::Query(name), Some(value)) => fixed(Wire::Query(name), value.expose().to_owned()),
            (Placement::Cookie(name), Some(value)) => fixed(Wire::Cookie(name), value.expose().to_owned()),
            (Placement::Basic { password: password_spec }, Some(username)) => {
                let password = resolve(&input.password, password_spec)?.ok_or_else(|| Error::Config {
                    message: format!(
                        "the {} username is set but no password: set {} or call `{}` on the client builder",
                        self.provider.name,
                        variables(password_spec.env),
                        password_spec.setter
                    ),
                })?;
                let basic = super::auth::basic_auth(username.expose(), password.expose());
                fixed(Wire::Header(AUTHORIZATION), basic)
            }
        })
    }

    /// The client-credentials flow, when both the client id and secret are known.
    fn token_exchange(
        &self,
        input: &CredentialInput,
        flow: &'static ClientCredentialsSpec,
        http: &Http,
        base_url: &str,
    ) -> Result<Option<Credential>, Error> {
        let id = resolve(&input.client_id, &flow.client_id)?;
        let secret = resolve(&input.client_secret, &flow.client_secret)?;
        let (Some(client_id), Some(client_secret)) = (id, secret) else { return Ok(None) };
        let base = url::Url::parse(&format!("{base_url}/"))
            .map_err(|error| Error::Config { message: format!("the base URL `{base_url}` is not valid: {error}") })?;
        let token_url = base.join(flow.token_url).map_err(|error| Error::Config {
            message: format!("the token URL `{}` is not valid: {error}", flow.token_url),
        })?;
        let exchange = TokenExchange {
            http: http.clone(),
            token_url,
            client_id,
            client_secret,
            scopes: flow.scopes,
            secret_in_body: flow.secret_in_body,
            timeout: self.timeout,
            cached: tokio::sync::Mutex::new(None),
        };
        Ok(Some(Credential::Token(Arc::new(TokenSource::Exchange(Box::new(exchange))))))
    }

    /// `<PREFIX>_CUSTOM_HEADERS`, then the provider's client headers, then headers set in code: a
    /// later one replaces an earlier one of the same name.
    fn default_headers(&self) -> Result<HeaderMap, Error> {
        let provider = self.provider;
        let custom_variable = format!("{}_CUSTOM_HEADERS", provider.env_prefix);
        let custom =
            env_var(&custom_variable)?.map(|value| parse_custom_headers(&custom_variable, &value)).transpose()?;
        let mut headers: Vec<(String, String)> = custom.unwrap_or_default();
        for (spec, explicit) in provider.client_headers.iter().zip(&self.client_headers) {
            let value = match explicit {
                Some(value) => Some(value.clone()),
                None => client_header_from_env(spec)?,
            };
            headers.extend(value.map(|value| (spec.name.to_owned(), value)));
        }
        headers.extend(self.default_headers.iter().cloned());
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            let invalid = || Error::Config { message: format!("`{name}` is not a valid default header") };
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let mut header_value = HeaderValue::from_str(&value).map_err(|_| invalid())?;
            header_value.set_sensitive(true);
            map.insert(header_name, header_value);
        }
        Ok(map)
    }
}

/// A client header's value from the first of its variables that is set; a boolean one must say
/// `true` or `false` (or `1`/`0`, `yes`/`no`), sent as `true` or `false`.
fn client_header_from_env(spec: &ClientHeaderSpec) -> Result<Option<String>, Error> {
    let Some(value) = first_env_var(spec.env)? else { return Ok(None) };
    if !spec.boolean {
        return Ok(Some(value));
    }
    match value.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Ok(Some("true".to_owned())),
        "false" | "0" | "no" => Ok(Some("false".to_owned())),
        _ => {
            Err(Error::Config { message: format!("{} must be `true` or `false`, not `{value}`", variables(spec.env)) })
        }
    }
}

/// A value set in code, else read from its variables.
fn resolve(explicit: &Option<Secret>, spec: &ValueSpec) -> Result<Option<Secret>, Error> {
    match explicit {
        Some(secret) => Ok(Some(secret.clone())),
        None => Ok(first_env_var(spec.env)?.map(Secret::new)),
    }
}

/// The base URL, which must name a host that requests can go to.
fn parse_base_url(base_url: &str) -> Result<url::Url, Error> {
    let invalid =
        |reason: String| Error::Config { message: format!("the base URL `{base_url}` is not valid: {reason}") };
    let url = url::Url::parse(base_url).map_err(|error| invalid(error.to_string()))?;
    if !url.has_host() {
        return Err(invalid("it names no host".to_owned()));
    }
    Ok(url)
}

/// A header name the generator checked; checked again rather than trusted, so that no input can panic.
fn header_name(name: &str) -> Result<HeaderName, Error> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::Config { message: format!("`{name}` is not a valid header name") })
}

/// `A`, or `A (or B)`, for messages.
fn variables(names: &[&str]) -> String {
    match names {
        [] => "no environment variable".to_owned(),
        [only] => format!("the {only} environment variable"),
        [first, rest @ ..] => format!("the {first} environment variable (or {})", rest.join(", or ")),
    }
}

/// The value of the first of `names` that is set and not empty.
fn first_env_var(names: &[&str]) -> Result<Option<String>, Error> {
    for name in names {
        if let Some(value) = env_var(name)? {
            return Ok(Some(value));
        }
    }
    Ok(None)
}

/// `Name: value` pairs, one per line, as in `<PREFIX>_CUSTOM_HEADERS`.
fn parse_custom_headers(variable: &str, text: &str) -> Result<Vec<(String, String)>, Error> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (name, value) = line.split_once(':').ok_or_else(|| Error::Config {
                message: format!("{variable} must hold `Name: value` lines; `{line}` has no colon"),
            })?;
            Ok((name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect()
}

/// A variable's value; unset and empty mean the same.
fn env_var(name: &str) -> Result<Option<String>, Error> {
    match std::env::var(name) {
        Ok(value) if value.trim().is_empty() => Ok(None),
        Ok(value) => Ok(Some(value.trim().to_owned())),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Error::Config { message: format!("the {name} environment variable is not valid UTF-8") })
        }
    }
}
