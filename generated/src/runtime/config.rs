use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};

use super::secret::Secret;
use super::transport::{Settings, Transport};
use super::Error;

/// What a generated SDK module tells the runtime about its provider.
#[derive(Debug)]
pub(crate) struct ProviderSpec {
    /// The provider's name, for messages (`DeepTable`).
    pub(crate) name: &'static str,
    /// Named base URLs; the first is the default.
    pub(crate) environments: &'static [EnvironmentSpec],
    /// The variable that overrides the base URL.
    pub(crate) base_url_env: &'static str,
    /// The prefix of `<PREFIX>_LOG` and `<PREFIX>_CUSTOM_HEADERS`.
    pub(crate) env_prefix: &'static str,
    pub(crate) credentials: &'static [CredentialSpec],
    /// How many times a request is retried unless configured otherwise.
    pub(crate) max_retries: u32,
    /// The header that carries one idempotency key per call (the same on each retry) of a non-GET request.
    pub(crate) idempotency_header: Option<&'static str>,
    pub(crate) user_agent: &'static str,
}

#[derive(Debug)]
pub(crate) struct EnvironmentSpec {
    pub(crate) name: &'static str,
    pub(crate) url: &'static str,
}

/// A credential the client sends with every request to the provider's API.
#[derive(Debug)]
pub(crate) struct CredentialSpec {
    /// The environment variable it is read from when not set explicitly.
    pub(crate) env: &'static str,
    pub(crate) placement: Placement,
    pub(crate) optional: bool,
}

/// Where a credential goes in a request.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Placement {
    /// `Authorization: Bearer <credential>`.
    Bearer,
    /// The credential as the value of this header.
    Header(&'static str),
}

/// The settings a generated `ClientBuilder` collects. Unset values fall back to the environment, then
/// to the provider's defaults, when [`ClientConfig::build`] runs.
#[derive(Clone)]
pub(crate) struct ClientConfig {
    provider: &'static ProviderSpec,
    credentials: Vec<Option<Secret>>,
    base_url: Option<String>,
    http_client: Option<reqwest::Client>,
    timeout: Duration,
    connect_timeout: Duration,
    max_retries: Option<u32>,
    default_headers: Vec<(String, String)>,
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
            .field("default_headers", &default_headers)
            .finish()
    }
}

/// Connection timeout of the default HTTP client.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Whole-request timeout of the default HTTP client.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

impl ClientConfig {
    pub(crate) fn new(provider: &'static ProviderSpec) -> Self {
        Self {
            provider,
            credentials: vec![None; provider.credentials.len()],
            base_url: None,
            http_client: None,
            timeout: REQUEST_TIMEOUT,
            connect_timeout: CONNECT_TIMEOUT,
            max_retries: None,
            default_headers: Vec::new(),
        }
    }

    /// The time each attempt of a request may take, reading the response included (default 60 s).
    pub(crate) fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// The time to establish a connection (default 5 s); ignored with a caller-supplied HTTP client.
    pub(crate) fn set_connect_timeout(&mut self, timeout: Duration) {
        self.connect_timeout = timeout;
    }

    pub(crate) fn set_max_retries(&mut self, max_retries: u32) {
        self.max_retries = Some(max_retries);
    }

    /// A header sent with every request (credentials and per-request headers take precedence).
    pub(crate) fn add_default_header(&mut self, name: String, value: String) {
        self.default_headers.push((name, value));
    }

    /// Sets the credential at `index` of [`ProviderSpec::credentials`].
    pub(crate) fn set_credential(&mut self, index: usize, value: String) {
        self.credentials[index] = Some(Secret::new(value));
    }

    pub(crate) fn set_base_url(&mut self, url: String) {
        self.base_url = Some(url);
    }

    pub(crate) fn set_http_client(&mut self, client: reqwest::Client) {
        self.http_client = Some(client);
    }

    /// Resolves every setting and makes the transport the client sends requests through.
    pub(crate) fn build(self) -> Result<Transport, Error> {
        let provider = self.provider;
        super::log::init_from_env(provider.env_prefix);
        let base_url = match self.base_url {
            Some(url) => url,
            None => match (env_var(provider.base_url_env)?, provider.environments.first()) {
                (Some(url), _) => url,
                (None, Some(environment)) => environment.url.to_owned(),
                (None, None) => {
                    return Err(Error::Config {
                        message: format!(
                            "no base URL for the {} API: its spec names no server, so set the {} environment variable or call `base_url` on the client builder",
                            provider.name, provider.base_url_env
                        ),
                    })
                }
            },
        };
        let base_url = base_url.trim_end_matches('/').to_owned();
        let api_origin = url::Url::parse(&base_url)
            .map_err(|error| Error::Config {
                message: format!("the base URL `{base_url}` is not a valid URL: {error}"),
            })?
            .origin();

        let mut auth_headers = Vec::new();
        for (spec, explicit) in provider.credentials.iter().zip(self.credentials) {
            let secret = match explicit {
                Some(secret) => secret,
                None => match env_var(spec.env)? {
                    Some(value) => Secret::new(value),
                    None if spec.optional => continue,
                    None => {
                        return Err(Error::Config {
                            message: format!(
                                "no {} credential: set the {} environment variable or pass it to the client builder",
                                provider.name, spec.env
                            ),
                        })
                    }
                },
            };
            let (name, value) = match spec.placement {
                Placement::Bearer => (AUTHORIZATION, format!("Bearer {}", secret.expose())),
                Placement::Header(name) => (HeaderName::from_static(name), secret.expose().to_owned()),
            };
            let mut value = HeaderValue::from_str(&value).map_err(|_| Error::Config {
                message: format!(
                    "the credential from {} contains characters that cannot go in an HTTP header",
                    spec.env
                ),
            })?;
            value.set_sensitive(true);
            auth_headers.push((name, value));
        }

        let mut default_headers = HeaderMap::new();
        let custom_variable = format!("{}_CUSTOM_HEADERS", provider.env_prefix);
        let custom =
            env_var(&custom_variable)?.map(|value| parse_custom_headers(&custom_variable, &value)).transpose()?;
        for (name, value) in custom.into_iter().flatten().chain(self.default_headers) {
            let invalid = || Error::Config { message: format!("`{name}` is not a valid default header") };
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let mut header_value = HeaderValue::from_str(&value).map_err(|_| invalid())?;
            header_value.set_sensitive(true);
            default_headers.insert(header_name, header_value);
        }

        let http = match self.http_client {
            Some(client) => client,
            // Redirects are followed by the transport, which keeps credentials to the API's origin.
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|error| Error::Config { message: format!("cannot build the HTTP client: {error}") })?,
        };
        Ok(Transport::new(Settings {
            provider,
            http,
            base_url,
            api_origin,
            user_agent: HeaderValue::from_static(provider.user_agent),
            auth_headers,
            default_headers,
            timeout: self.timeout,
            max_retries: self.max_retries.unwrap_or(provider.max_retries),
        }))
    }
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
