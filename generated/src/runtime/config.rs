use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};

use super::secret::Secret;
use super::transport::Transport;
use super::Error;

/// What a generated SDK module tells the runtime about its provider.
#[derive(Debug)]
pub struct ProviderSpec {
    /// The provider's name, for messages (`DeepTable`).
    pub name: &'static str,
    /// Named base URLs; the first is the default.
    pub environments: &'static [EnvironmentSpec],
    /// The variable that overrides the base URL.
    pub base_url_env: &'static str,
    pub credentials: &'static [CredentialSpec],
    pub user_agent: &'static str,
}

#[derive(Debug)]
pub struct EnvironmentSpec {
    pub name: &'static str,
    pub url: &'static str,
}

/// A credential the client sends with every request to the provider's API.
#[derive(Debug)]
pub struct CredentialSpec {
    /// The environment variable it is read from when not set explicitly.
    pub env: &'static str,
    pub placement: Placement,
    pub optional: bool,
}

/// Where a credential goes in a request.
#[derive(Debug, Clone, Copy)]
pub enum Placement {
    /// `Authorization: Bearer <credential>`.
    Bearer,
    /// The credential as the value of this header.
    Header(&'static str),
}

/// The settings a generated `ClientBuilder` collects. Unset values fall back to the environment, then
/// to the provider's defaults, when [`ClientConfig::build`] runs.
#[derive(Clone)]
pub struct ClientConfig {
    provider: &'static ProviderSpec,
    credentials: Vec<Option<Secret>>,
    base_url: Option<String>,
    http_client: Option<reqwest::Client>,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("provider", &self.provider.name)
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("custom_http_client", &self.http_client.is_some())
            .finish()
    }
}

/// Connection timeout of the default HTTP client.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Whole-request timeout of the default HTTP client.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

impl ClientConfig {
    pub fn new(provider: &'static ProviderSpec) -> Self {
        Self { provider, credentials: vec![None; provider.credentials.len()], base_url: None, http_client: None }
    }

    /// Sets the credential at `index` of [`ProviderSpec::credentials`].
    pub fn set_credential(&mut self, index: usize, value: String) {
        self.credentials[index] = Some(Secret::new(value));
    }

    pub fn set_base_url(&mut self, url: String) {
        self.base_url = Some(url);
    }

    pub fn set_http_client(&mut self, client: reqwest::Client) {
        self.http_client = Some(client);
    }

    /// Resolves every setting and makes the transport the client sends requests through.
    pub fn build(self) -> Result<Transport, Error> {
        let provider = self.provider;
        let base_url = match self.base_url {
            Some(url) => url,
            None => match env_var(provider.base_url_env)? {
                Some(url) => url,
                None => provider.environments[0].url.to_owned(),
            },
        };
        let base_url = base_url.trim_end_matches('/').to_owned();
        url::Url::parse(&base_url).map_err(|error| Error::Config {
            message: format!("the base URL `{base_url}` is not a valid URL: {error}"),
        })?;

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

        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(CONNECT_TIMEOUT)
                .timeout(REQUEST_TIMEOUT)
                .user_agent(provider.user_agent)
                .build()
                .map_err(|error| Error::Config { message: format!("cannot build the HTTP client: {error}") })?,
        };
        Ok(Transport::new(provider, http, base_url, auth_headers))
    }
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
