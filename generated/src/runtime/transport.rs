use std::fmt;
use std::sync::Arc;

use reqwest::header::{HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};

use super::config::ProviderSpec;
use super::error::ApiError;
use super::request::{ApiRequest, Body};
use super::response::Response;
use super::Error;

/// Sends requests to one provider's API. Cheap to clone: clones share the connection pool.
///
/// [`Transport::send`] is the one place where a request leaves the SDK, so retries, timeouts and
/// logging wrap every generated method at once.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
}

struct Inner {
    provider: &'static ProviderSpec,
    http: reqwest::Client,
    base_url: String,
    auth_headers: Vec<(HeaderName, HeaderValue)>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let credentials: Vec<&str> = self.inner.auth_headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Transport")
            .field("provider", &self.inner.provider.name)
            .field("base_url", &self.inner.base_url)
            .field("credential_headers", &credentials)
            .finish_non_exhaustive()
    }
}

impl Transport {
    pub(crate) fn new(
        provider: &'static ProviderSpec,
        http: reqwest::Client,
        base_url: String,
        auth_headers: Vec<(HeaderName, HeaderValue)>,
    ) -> Self {
        Self { inner: Arc::new(Inner { provider, http, base_url, auth_headers }) }
    }

    /// The base URL requests are sent to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `request` and returns the response if its status is a success; any other status becomes
    /// the matching [`Error`] variant.
    pub async fn send(&self, request: ApiRequest) -> Result<Response, Error> {
        let url = request.url(&self.inner.base_url)?;
        let mut builder = self.inner.http.request(request.method.clone(), url).header(ACCEPT, "application/json");
        if request.authenticated {
            for (name, value) in &self.inner.auth_headers {
                builder = builder.header(name, value);
            }
        }
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        builder = match request.body {
            Body::Empty => builder,
            Body::Json(bytes) => builder.header(CONTENT_TYPE, "application/json").body(bytes),
            Body::Multipart(form) => builder.multipart(form.into_form().await?),
        };
        let response = builder.send().await.map_err(Error::from_reqwest)?;
        let status = response.status();
        if status.is_success() {
            return Ok(Response::new(response));
        }
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Error::from_reqwest)?;
        Err(Error::from_status(ApiError::new(status, headers, body)))
    }
}
