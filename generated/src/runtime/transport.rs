use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};
use reqwest::Method;
use tracing::Instrument;

use super::config::ProviderSpec;
use super::error::ApiError;
use super::request::{ApiRequest, Body};
use super::response::Response;
use super::{retry, Error};

/// The header that tells the server which retry an attempt is (0 for the first attempt).
const RETRY_COUNT_HEADER: &str = "x-retry-count";

/// Sends requests to one provider's API. Cheap to clone: clones share the connection pool.
///
/// [`Transport::send`] is the one place where a request leaves the SDK: retries, timeouts,
/// credentials and logging apply to every generated method through it.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Inner>,
}

pub(crate) struct Settings {
    pub provider: &'static ProviderSpec,
    pub http: reqwest::Client,
    pub base_url: String,
    pub auth_headers: Vec<(HeaderName, HeaderValue)>,
    pub default_headers: HeaderMap,
    pub timeout: Duration,
    pub max_retries: u32,
}

struct Inner {
    settings: Settings,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let settings = &self.inner.settings;
        let credentials: Vec<&str> = settings.auth_headers.iter().map(|(name, _)| name.as_str()).collect();
        let default_headers: Vec<&str> = settings.default_headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("Transport")
            .field("provider", &settings.provider.name)
            .field("base_url", &settings.base_url)
            .field("credential_headers", &credentials)
            .field("default_headers", &default_headers)
            .field("timeout", &settings.timeout)
            .field("max_retries", &settings.max_retries)
            .finish_non_exhaustive()
    }
}

impl Transport {
    pub(crate) fn new(settings: Settings) -> Self {
        Self { inner: Arc::new(Inner { settings }) }
    }

    /// The base URL requests are sent to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.settings.base_url
    }

    /// Sends `request`, retrying what the retry policy allows, and returns the response if its status
    /// is a success; any other status becomes the matching [`Error`] variant.
    pub async fn send(&self, mut request: ApiRequest) -> Result<Response, Error> {
        let settings = &self.inner.settings;
        request.merge_body_fields()?;
        let span = tracing::debug_span!("request", provider = settings.provider.name, method = %request.method, path = request.path());
        async {
            let max_retries = request.options.max_retries.unwrap_or(settings.max_retries);
            let idempotency_key = match settings.provider.idempotency_header {
                Some(header) if request.method != Method::GET => Some((header, uuid::Uuid::new_v4().to_string())),
                _ => None,
            };
            let started = Instant::now();
            let mut retries = 0;
            loop {
                tracing::debug!(attempt = retries + 1, "sending");
                let outcome = self.attempt(&request, retries, idempotency_key.as_ref()).await;
                let elapsed_ms = started.elapsed().as_millis() as u64;
                let (retryable, headers) = match &outcome {
                    Ok(response) if response.status().is_success() => {
                        tracing::info!(
                            status = response.status().as_u16(),
                            retries,
                            elapsed_ms,
                            "{} {} succeeded",
                            request.method,
                            request.path()
                        );
                        return Ok(Response::new(outcome.expect("matched Ok"), retries));
                    }
                    Ok(response) => {
                        (retry::should_retry(response.status(), response.headers()), Some(response.headers().clone()))
                    }
                    Err(error) => (error.is_retryable(), None),
                };
                if !retryable || retries >= max_retries {
                    let error = match outcome {
                        Ok(response) => {
                            let (status, headers) = (response.status(), response.headers().clone());
                            let body = response.bytes().await.map_err(Error::from_reqwest)?;
                            Error::from_status(ApiError::new(status, headers, body))
                        }
                        Err(error) => error,
                    };
                    tracing::info!(retries, elapsed_ms, "{} {} failed: {error}", request.method, request.path());
                    return Err(error);
                }
                let delay = retry::delay(retries, headers.as_ref());
                let reason = match &outcome {
                    Ok(response) => response.status().to_string(),
                    Err(error) => error.to_string(),
                };
                tracing::info!(
                    attempt = retries + 1,
                    delay_ms = delay.as_millis() as u64,
                    "{} {}: {reason}; retrying",
                    request.method,
                    request.path()
                );
                // Free the connection before waiting.
                drop(outcome);
                tokio::time::sleep(delay).await;
                retries += 1;
            }
        }
        .instrument(span)
        .await
    }

    /// One attempt: a fresh `reqwest` request built from `request`.
    async fn attempt(
        &self,
        request: &ApiRequest,
        retries: u32,
        idempotency_key: Option<&(&'static str, String)>,
    ) -> Result<reqwest::Response, Error> {
        let settings = &self.inner.settings;
        let mut headers = settings.default_headers.clone();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(RETRY_COUNT_HEADER, HeaderValue::from(retries));
        if let Some((name, key)) = idempotency_key {
            let value = HeaderValue::from_str(key).expect("a UUID is a valid header value");
            headers.insert(HeaderName::from_static(name), value);
        }
        if request.authenticated {
            for (name, value) in &settings.auth_headers {
                headers.insert(name, value.clone());
            }
        }
        for (name, value) in &request.headers {
            headers.insert(name, value.clone());
        }
        for (name, value) in request.options.header_pairs()? {
            headers.insert(name, value);
        }
        let url = request.url(&settings.base_url)?;
        let timeout = request.options.timeout.unwrap_or(settings.timeout);
        let mut builder = settings.http.request(request.method.clone(), url).headers(headers).timeout(timeout);
        builder = match &request.body {
            Body::Empty => builder,
            Body::Json(value) => {
                let bytes = serde_json::to_vec(value).expect("a JSON value always serializes");
                builder.header(CONTENT_TYPE, "application/json").body(bytes)
            }
            Body::Multipart(form) => builder.multipart(form.to_form().await?),
        };
        builder.send().await.map_err(Error::from_reqwest)
    }
}
