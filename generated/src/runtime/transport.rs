use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, LOCATION, USER_AGENT};
use reqwest::{Method, StatusCode};
use tracing::Instrument;

use super::body::Body;
use super::config::ProviderSpec;
use super::error::ApiError;
use super::request::{ApiRequest, Target};
use super::response::Response;
use super::upload::UploadFile;
use super::{retry, Error, RequestOptions};

/// The header that tells the server which retry an attempt is (0 for the first attempt).
const RETRY_COUNT_HEADER: &str = "x-retry-count";
/// Redirects followed within one attempt.
const MAX_REDIRECTS: usize = 10;

/// Sends requests to one provider's API, and to the storage URLs it hands out. Cheap to clone:
/// clones share the connection pool.
///
/// [`Transport::send`] is the one place where a request leaves the SDK: retries, timeouts,
/// credentials, redirects and logging apply to every generated method through it. Credentials and
/// the client's default headers go only to the API's own origin: never to a presigned URL, and not
/// along a redirect to another host.
#[derive(Clone)]
pub(crate) struct Transport {
    inner: Arc<Settings>,
}

pub(crate) struct Settings {
    pub provider: &'static ProviderSpec,
    pub http: reqwest::Client,
    pub base_url: String,
    /// Where credentials may go: the base URL's scheme, host and port.
    pub api_origin: url::Origin,
    pub user_agent: HeaderValue,
    pub auth_headers: Vec<(HeaderName, HeaderValue)>,
    pub default_headers: HeaderMap,
    pub timeout: Duration,
    pub max_retries: u32,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let settings = &self.inner;
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
        Self { inner: Arc::new(settings) }
    }

    /// The base URL requests are sent to, without a trailing slash.
    pub(crate) fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The time each attempt may take to get a response (and to read a non-streamed body).
    pub(crate) fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// Sends `request`, retrying what the retry policy allows, and returns the response if its status
    /// is a success; any other status becomes the matching [`Error`] variant.
    pub(crate) async fn send(&self, mut request: ApiRequest) -> Result<Response, Error> {
        let settings = &self.inner;
        request.merge_body_fields()?;
        let path = request.path();
        let span =
            tracing::debug_span!("request", provider = settings.provider.name, method = %request.method, path = %path);
        async {
            let max_retries = request.options.max_retries.unwrap_or(settings.max_retries);
            let timeout = request.options.timeout.unwrap_or(settings.timeout);
            let replayable = request.is_replayable();
            let idempotency_key = match settings.provider.idempotency_header {
                Some(header) if request.method != Method::GET && matches!(request.target, Target::Api(_)) => {
                    Some((header, uuid::Uuid::new_v4().to_string()))
                }
                _ => None,
            };
            let started = Instant::now();
            let mut retries = 0;
            loop {
                tracing::debug!(attempt = retries + 1, "sending");
                let deadline = tokio::time::Instant::now() + timeout;
                let outcome = self.attempt(&request, retries, idempotency_key.as_ref(), deadline, timeout).await;
                let elapsed_ms = started.elapsed().as_millis() as u64;
                let (retryable, headers) = match &outcome {
                    Ok(response) if response.status().is_success() => {
                        tracing::info!(
                            status = response.status().as_u16(),
                            retries,
                            elapsed_ms,
                            "{} {path} succeeded",
                            request.method
                        );
                        return Ok(Response::new(outcome.expect("matched Ok"), retries, deadline, timeout));
                    }
                    Ok(response) => {
                        (retry::should_retry(response.status(), response.headers()), Some(response.headers().clone()))
                    }
                    Err(error) => (error.is_retryable(), None),
                };
                if !retryable || retries >= max_retries || !replayable {
                    let mut error = match outcome {
                        Ok(response) => {
                            let (status, headers) = (response.status(), response.headers().clone());
                            let body = response.bytes().await.map_err(Error::from_reqwest)?;
                            Error::from_status(ApiError::new(status, headers, body))
                        }
                        Err(error) => error,
                    };
                    if retryable && retries < max_retries && !replayable {
                        error = Error::OneShotNotRetried { source: Box::new(error) };
                    }
                    tracing::info!(retries, elapsed_ms, "{} {path} failed: {error}", request.method);
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
                    "{} {path}: {reason}; retrying",
                    request.method
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

    /// One attempt, following redirects: a fresh `reqwest` request built from `request` for each hop.
    async fn attempt(
        &self,
        request: &ApiRequest,
        retries: u32,
        idempotency_key: Option<&(&'static str, String)>,
        deadline: tokio::time::Instant,
        timeout: Duration,
    ) -> Result<reqwest::Response, Error> {
        let settings = &self.inner;
        let mut url = request.url(&settings.base_url)?;
        let mut method = request.method.clone();
        let mut send_body = true;
        for _ in 0..=MAX_REDIRECTS {
            let to_api = matches!(request.target, Target::Api(_)) && url.origin() == settings.api_origin;
            let mut headers = HeaderMap::new();
            if to_api {
                headers.clone_from(&settings.default_headers);
                headers.insert(RETRY_COUNT_HEADER, HeaderValue::from(retries));
                if let Some((name, key)) = idempotency_key {
                    headers.insert(
                        HeaderName::from_static(name),
                        HeaderValue::from_str(key).expect("a UUID is a valid header value"),
                    );
                }
                if request.authenticated {
                    for (name, value) in &settings.auth_headers {
                        headers.insert(name, value.clone());
                    }
                }
            }
            headers.insert(USER_AGENT, settings.user_agent.clone());
            headers.insert(ACCEPT, HeaderValue::from_static(request.accept));
            for (name, value) in &request.headers {
                headers.insert(name, value.clone());
            }
            if !request.cookies.is_empty() {
                let cookies = request
                    .cookies
                    .iter()
                    .map(|(name, value)| format!("{name}={value}"))
                    .collect::<Vec<_>>()
                    .join("; ");
                let cookies = HeaderValue::from_str(&cookies).map_err(|_| Error::InvalidRequest {
                    message: "a cookie holds characters not allowed in a header".to_owned(),
                })?;
                headers.insert(reqwest::header::COOKIE, cookies);
            }
            for (name, value) in request.options.header_pairs()? {
                headers.insert(name, value);
            }
            let mut builder = settings.http.request(method.clone(), url.clone());
            if send_body {
                builder = match &request.body {
                    Body::Empty => builder,
                    Body::Json(value) => {
                        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                        builder.body(value.to_string())
                    }
                    Body::Fields { fields, form: false } => {
                        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                        builder.body(serde_json::Value::Object(fields.clone()).to_string())
                    }
                    Body::Fields { fields, form: true } => {
                        let form = HeaderValue::from_static("application/x-www-form-urlencoded");
                        headers.insert(CONTENT_TYPE, form);
                        builder.body(Body::form_text(fields))
                    }
                    Body::Text { text, mime_type } => {
                        let mime_type = HeaderValue::from_str(mime_type).map_err(|_| Error::InvalidRequest {
                            message: format!("`{mime_type}` is not a valid MIME type"),
                        })?;
                        headers.insert(CONTENT_TYPE, mime_type);
                        builder.body(text.clone())
                    }
                    Body::Multipart(form) => builder.multipart(form.to_form().await?),
                    Body::Raw(file) => {
                        let (body, length) = file.body().await?;
                        let mime_type = HeaderValue::from_str(&file.effective_mime_type()).map_err(|_| {
                            Error::InvalidRequest { message: "the upload's MIME type is not a valid header".to_owned() }
                        })?;
                        headers.entry(CONTENT_TYPE).or_insert(mime_type);
                        if let Some(length) = length {
                            headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
                        }
                        builder.body(body)
                    }
                };
            }
            let sent = tokio::time::timeout_at(deadline, builder.headers(headers).send()).await;
            let response = sent
                .map_err(|_| Error::Timeout { message: format!("no response within {timeout:?}") })?
                .map_err(Error::from_reqwest)?;
            let location = response.headers().get(LOCATION).and_then(|location| location.to_str().ok());
            let next = match (response.status(), location) {
                (status, Some(location)) if status.is_redirection() => url.join(location).ok(),
                _ => None,
            };
            let Some(next) = next else { return Ok(response) };
            match response.status() {
                StatusCode::SEE_OTHER => (method, send_body) = (Method::GET, false),
                StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND if method == Method::POST => {
                    (method, send_body) = (Method::GET, false)
                }
                _ if send_body && !request.is_replayable() => return Ok(response),
                _ => {}
            }
            tracing::debug!(status = response.status().as_u16(), to = %next.origin().ascii_serialization(), "following a redirect");
            url = next;
        }
        Err(Error::InvalidRequest { message: format!("more than {MAX_REDIRECTS} redirects") })
    }

    /// Fetches a URL the API handed out (a download or presigned URL) without credentials, as a
    /// stream. Retried like API requests; no timeout applies to reading the stream beyond the
    /// client's timeout between two chunks.
    pub(crate) async fn download_url(&self, url: &str, options: RequestOptions) -> Result<super::ByteStream, Error> {
        let response = self.send(ApiRequest::external(Method::GET, url, options)?).await?;
        Ok(response.into_byte_stream())
    }

    /// PUTs `file` to a presigned URL with its exact `Content-Length` and `Content-Type`, without
    /// credentials. The size must be known: a path, bytes, or a stream with a `content_length`.
    pub(crate) async fn upload_presigned_put(
        &self,
        url: &str,
        file: UploadFile,
        options: RequestOptions,
    ) -> Result<(), Error> {
        if file.size()?.is_none() {
            return Err(Error::InvalidRequest {
                message: "a presigned upload needs the exact size: give the stream a `content_length`".to_owned(),
            });
        }
        let mut request = ApiRequest::external(Method::PUT, url, options)?;
        request.raw_body(file);
        self.send(request).await?.empty().await
    }

    /// POSTs `file` to a presigned URL as a form with the storage's `form_fields` first (S3-style
    /// presigned POST), without credentials.
    pub(crate) async fn upload_presigned_post(
        &self,
        url: &str,
        form_fields: &std::collections::BTreeMap<String, String>,
        file: UploadFile,
        options: RequestOptions,
    ) -> Result<(), Error> {
        let mut request = ApiRequest::external(Method::POST, url, options)?;
        request.set_multipart();
        for (name, value) in form_fields {
            request.add_part(name, value.clone());
        }
        request.file("file", file);
        self.send(request).await?.empty().await
    }
}
