//! Credentials on requests: which ones a call sends, how each goes on the wire, and OAuth2 access
//! tokens, whether the SDK obtains them (client-credentials flow) or a callback supplies them.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;
use futures_util::FutureExt;
use reqwest::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION};
use reqwest::StatusCode;

use super::error::BoxError;
use super::error::Error;
use super::http::Http;
use super::secret::Secret;

/// Supplies OAuth2 access tokens for flows the SDK does not run itself (authorization code, device,
/// a token your application already manages).
///
/// It is called before each attempt of a call that needs the token, and once more when the API
/// answers 401, so cache in it what is costly to get. Any `Fn() -> impl Future<Output =
/// Result<String, E>>` closure is one.
pub trait TokenProvider: Send + Sync + 'static {
    /// An access token, sent as `Authorization: Bearer <token>`.
    fn token(&self) -> BoxFuture<'static, Result<String, BoxError>>;
}

impl<F, Fut, E> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<String, E>> + Send + 'static,
    E: Into<BoxError>,
{
    fn token(&self) -> BoxFuture<'static, Result<String, BoxError>> {
        self().map(|result| result.map_err(Into::into)).boxed()
    }
}

/// Where a credential goes in a request to the API.
#[derive(Debug, Clone)]
pub(crate) enum Wire {
    Header(HeaderName),
    Query(&'static str),
    Cookie(&'static str),
}

/// A credential as the client holds it once built.
pub(crate) enum Credential {
    /// A value as it goes on the wire (`Bearer …`, `Basic …`, a key), and as a sensitive header
    /// value when it goes in a header (made once, when the client is built).
    Fixed { wire: Wire, value: Secret, header: Option<HeaderValue> },
    /// An access token, got when a call needs it and sent as a bearer token.
    Token(Arc<TokenSource>),
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Fixed { wire, .. } => f.debug_struct("Fixed").field("wire", wire).finish_non_exhaustive(),
            Credential::Token(source) => f.debug_tuple("Token").field(source).finish(),
        }
    }
}

/// A credential on one attempt: where it goes, its value, and the token source that made it, which
/// a 401 makes forget it.
pub(crate) struct Applied {
    pub(crate) wire: Wire,
    pub(crate) value: Secret,
    /// The value as a sensitive header value, if it goes in a header and is a valid one.
    pub(crate) header: Option<HeaderValue>,
    pub(crate) source: Option<Arc<TokenSource>>,
}

impl Applied {
    fn fixed(wire: &Wire, value: &Secret, header: &Option<HeaderValue>) -> Self {
        Self { wire: wire.clone(), value: value.clone(), header: header.clone(), source: None }
    }
}

impl Credential {
    /// The credential for one attempt, if it is fixed (not a token to get).
    pub(crate) fn fixed(&self) -> Option<Applied> {
        match self {
            Credential::Fixed { wire, value, header } => Some(Applied::fixed(wire, value, header)),
            Credential::Token(_) => None,
        }
    }

    /// The credential for one attempt, getting a token if it needs one.
    pub(crate) async fn apply(&self) -> Result<Applied, Error> {
        match self {
            Credential::Fixed { wire, value, header } => Ok(Applied::fixed(wire, value, header)),
            Credential::Token(source) => {
                // Fetching a token is a future of a kilobyte: boxed, so that calls with fixed
                // credentials do not carry it, and behind `dyn`, so that its code is not inlined
                // into every call's.
                let token: BoxFuture<'_, Result<Secret, Error>> = Box::pin(source.token());
                let token = token.await?;
                let value = Secret::new(format!("Bearer {}", token.expose()));
                let header = sensitive_header(value.expose());
                Ok(Applied { wire: Wire::Header(AUTHORIZATION), value, header, source: Some(source.clone()) })
            }
        }
    }
}

/// `value` as a header value that logs and `Debug` output do not show, if it can be one.
pub(crate) fn sensitive_header(value: &str) -> Option<HeaderValue> {
    let mut header = HeaderValue::from_str(value).ok()?;
    header.set_sensitive(true);
    Some(header)
}

/// Where OAuth2 access tokens come from.
pub(crate) enum TokenSource {
    /// The user's callback, asked on every attempt.
    Provider(Arc<dyn TokenProvider>),
    /// The client-credentials flow, run by the SDK; its token is shared by every clone of the client.
    Exchange(Box<TokenExchange>),
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenSource::Provider(_) => f.write_str("TokenProvider"),
            TokenSource::Exchange(exchange) => f
                .debug_struct("ClientCredentials")
                .field("token_url", &exchange.token_url.as_str())
                .finish_non_exhaustive(),
        }
    }
}

impl TokenSource {
    async fn token(&self) -> Result<Secret, Error> {
        match self {
            TokenSource::Provider(provider) => match provider.token().await {
                Ok(token) => Ok(Secret::new(token)),
                Err(error) => {
                    Err(Error::Token { message: format!("the token provider failed: {error}"), status: None })
                }
            },
            TokenSource::Exchange(exchange) => exchange.token().await,
        }
    }

    /// Forgets `value` (a `Bearer …` header this source made), so that the next call gets a new token.
    pub(crate) async fn reject(&self, value: &Secret) {
        if let TokenSource::Exchange(exchange) = self {
            let mut cached = exchange.cached.lock().await;
            if cached.as_ref().is_some_and(|token| value.expose().strip_prefix("Bearer ") == Some(token.value.expose()))
            {
                *cached = None;
            }
        }
    }
}

/// The OAuth2 client-credentials flow (RFC 6749, section 4.4): the client id and secret go to the
/// token endpoint, and nowhere else; the token it returns goes to the API's origin only.
pub(crate) struct TokenExchange {
    pub(crate) http: Http,
    pub(crate) token_url: url::Url,
    pub(crate) client_id: Secret,
    pub(crate) client_secret: Secret,
    pub(crate) scopes: &'static [&'static str],
    pub(crate) secret_in_body: bool,
    pub(crate) timeout: Duration,
    /// Held while a token is fetched, so that concurrent calls wait for one exchange.
    pub(crate) cached: tokio::sync::Mutex<Option<CachedToken>>,
}

pub(crate) struct CachedToken {
    value: Secret,
    /// When to get a new one: before the token expires. Never, when the server gave no lifetime.
    refresh_at: Option<tokio::time::Instant>,
}

/// How long before expiry a token is replaced: a minute, or half the lifetime of a short-lived one.
fn refresh_margin(lifetime: Duration) -> Duration {
    (lifetime / 2).min(Duration::from_secs(60))
}

impl TokenExchange {
    async fn token(&self) -> Result<Secret, Error> {
        let mut cached = self.cached.lock().await;
        let now = tokio::time::Instant::now();
        if let Some(token) = cached.as_ref().filter(|token| token.refresh_at.is_none_or(|at| now < at)) {
            return Ok(token.value.clone());
        }
        let token = self.exchange().await?;
        let value = token.value.clone();
        *cached = Some(token);
        Ok(value)
    }

    async fn exchange(&self) -> Result<CachedToken, Error> {
        let mut form = vec![("grant_type", "client_credentials".to_owned())];
        if !self.scopes.is_empty() {
            form.push(("scope", self.scopes.join(" ")));
        }
        let mut request =
            self.http.request(reqwest::Method::POST, self.token_url.clone()).header(ACCEPT, "application/json");
        if self.secret_in_body {
            form.push(("client_id", self.client_id.expose().to_owned()));
            form.push(("client_secret", self.client_secret.expose().to_owned()));
        } else {
            let basic = basic_auth(&form_encoded(self.client_id.expose()), &form_encoded(self.client_secret.expose()));
            let mut basic = HeaderValue::from_str(&basic).map_err(|_| Error::Config {
                message: "the OAuth2 client id or secret cannot go in a header".to_owned(),
            })?;
            basic.set_sensitive(true);
            request = request.header(AUTHORIZATION, basic);
        }
        let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&form).finish();
        let request = request.header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(body);
        let failed = |message: String, status: Option<StatusCode>| Error::Token { message, status };
        let started = tokio::time::Instant::now();
        let request =
            request.build().map_err(|error| failed(format!("cannot make the token request: {error}"), None))?;
        let response = tokio::time::timeout(self.timeout, self.http.execute(request))
            .await
            .map_err(|_| failed("the token endpoint did not answer in time".to_owned(), None))?
            .map_err(|error| failed(format!("the token endpoint could not be reached: {error}"), None))?;
        let status = response.status();
        let body = tokio::time::timeout(self.timeout, response.bytes())
            .await
            .map_err(|_| failed("the token endpoint's answer did not arrive in time".to_owned(), Some(status)))?
            .map_err(|error| {
                failed(format!("the token endpoint's answer broke off: {}", Error::from_reqwest(error)), Some(status))
            })?;
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        if !status.is_success() {
            return Err(failed(format!("the token endpoint answered {status}{}", oauth_error(&json)), Some(status)));
        }
        let token = json.get("access_token").and_then(serde_json::Value::as_str).filter(|token| !token.is_empty());
        let token = token
            .ok_or_else(|| failed("the token endpoint's answer has no `access_token`".to_owned(), Some(status)))?;
        let lifetime = match json.get("expires_in") {
            Some(serde_json::Value::Number(seconds)) => seconds.as_f64(),
            Some(serde_json::Value::String(seconds)) => seconds.trim().parse().ok(),
            _ => None,
        };
        let lifetime = lifetime
            .filter(|seconds| seconds.is_finite() && *seconds > 0.0)
            .map(|seconds| Duration::from_secs_f64(seconds.min(1e8)));
        let refresh_at = lifetime.and_then(|lifetime| started.checked_add(lifetime - refresh_margin(lifetime)));
        tracing::debug!(expires_in = lifetime.map(|lifetime| lifetime.as_secs()), "got an access token");
        Ok(CachedToken { value: Secret::new(token), refresh_at })
    }
}

/// `: error: error_description`, from an OAuth2 error answer (RFC 6749, section 5.2), if it is one.
fn oauth_error(json: &serde_json::Value) -> String {
    let text = |key: &str| json.get(key).and_then(serde_json::Value::as_str);
    match (text("error"), text("error_description")) {
        (Some(error), Some(description)) => format!(": {error}: {description}"),
        (Some(error), None) => format!(": {error}"),
        _ => String::new(),
    }
}

fn form_encoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// `Basic <base64(username:password)>`.
pub(crate) fn basic_auth(username: &str, password: &str) -> String {
    use base64::Engine;
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_base64_of_user_colon_password() {
        assert_eq!(basic_auth("Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }

    #[test]
    fn short_lived_tokens_are_replaced_at_half_their_life_long_lived_a_minute_early() {
        assert_eq!(refresh_margin(Duration::from_secs(2)), Duration::from_secs(1));
        assert_eq!(refresh_margin(Duration::from_secs(3600)), Duration::from_secs(60));
    }
}
