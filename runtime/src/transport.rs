use std::any::Any;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;
use tracing::instrument::WithSubscriber;
use tracing::Instrument;

use super::api_request::{ApiRequest, Target};
use super::attempt::Attempt;
use super::auth::{Applied, Credential};
use super::call::Call;
use super::config::{ClientConfig, Settings};
use super::error::ApiError;
use super::error::Error;
use super::intercept::Interceptors;
use super::options::RequestOptions;
use super::response::{read_limited, BodyLimits, Ending, Response};
use super::retry;
use super::spans;
use super::upload::UploadFile;

/// How much of an error response's body is kept: enough for any message, not a memory risk.
const MAX_ERROR_BODY: u64 = 64 * 1024;

/// Sends requests to one provider's API, and to the storage URLs it hands out. Cheap to clone:
/// clones share the connection pool.
///
/// [`Transport::send`] is the one place where a request leaves the SDK: retries, timeouts,
/// credentials, redirects and logging apply to every generated method through it. Credentials and
/// every header that may be a secret go only to the API's own origin: never to a presigned URL, and
/// not along a redirect to another host.
#[derive(Clone)]
pub struct Transport {
    inner: Arc<Settings>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let settings = &self.inner;
        let credentials: Vec<&Credential> = settings.credentials.iter().flatten().collect();
        let default_headers: Vec<&str> = settings.default_headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("Transport")
            .field("provider", &settings.provider.name)
            .field("base_url", &settings.base_url.as_str())
            .field("credentials", &credentials)
            .field("default_headers", &default_headers)
            .field("timeout", &settings.timeout)
            .field("max_retries", &settings.max_retries)
            .field("interceptors", &settings.interceptors.len())
            .field("custom_transport", &settings.http.is_custom())
            .finish_non_exhaustive()
    }
}

/// Whether sending a request of `method` twice has the effect of sending it once (RFC 9110, 9.2.2).
fn is_idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE | Method::PUT | Method::DELETE)
}

/// Whether `outcome` is a 401, which may mean an access token has expired.
fn is_unauthorized(outcome: &Result<reqwest::Response, Error>) -> bool {
    matches!(outcome, Ok(response) if response.status() == reqwest::StatusCode::UNAUTHORIZED)
}

/// Whether the attempt carried access tokens, which are then forgotten so that the next attempt
/// gets new ones.
async fn forget_refused_tokens(credentials: &[Applied]) -> bool {
    let mut forgotten = false;
    for applied in credentials {
        if let Some(source) = &applied.source {
            source.reject(&applied.value).await;
            forgotten = true;
        }
    }
    forgotten
}

// The call's log lines, out of line: inlined, the code that formats them (never run unless a log
// is on) would spread each call's hot code over more of the instruction cache.

#[inline(never)]
fn log_attempt(retries: u32) {
    tracing::debug!(attempt = retries + 1, "sending");
}

#[inline(never)]
fn log_success(request: &ApiRequest, status: reqwest::StatusCode, retries: u32, started: std::time::Instant) {
    // The macro reads the clock and the route only when the event is recorded.
    tracing::info!(
        status = status.as_u16(),
        retries,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "{} {} succeeded",
        request.method,
        request.route()
    );
}

#[cold]
fn log_token_refused(request: &ApiRequest) {
    let (method, path) = (&request.method, request.route());
    tracing::info!("{method} {path}: 401 with an access token; trying once more with a new one");
}

/// What follows an attempt that did not succeed.
enum Verdict {
    /// Another attempt, after this long.
    Retry(Duration),
    /// The call fails; `one_shot` when it would have been retried had its body been replayable.
    Fail { one_shot: bool },
}

/// An attempt that did not succeed.
enum Failure {
    Status(reqwest::Response),
    Error(Error),
}

impl Failure {
    /// Whether the policy retries this failure. A connection that broke, or a response that did not
    /// come in time, may leave the request done on the server: such a failure is retried only when
    /// sending the request again is safe (`resendable`), and otherwise only when the connection was
    /// never made.
    fn is_retryable(&self, resendable: bool) -> bool {
        match self {
            Failure::Status(response) => retry::should_retry(response.status(), response.headers()),
            Failure::Error(error) => error.is_retryable() && (resendable || error.sent_nothing()),
        }
    }

    fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Failure::Status(response) => Some(response.headers()),
            Failure::Error(_) => None,
        }
    }

    /// The error to return. A status error keeps its status, headers and request id whatever happens
    /// to its body, which is read under the attempt's deadline and kept only in part when long.
    async fn into_error(self, deadline: tokio::time::Instant) -> Error {
        match self {
            Failure::Status(mut response) => {
                let (body, ending) = read_limited(&mut response, deadline, MAX_ERROR_BODY).await;
                let truncated = !matches!(ending, Ending::Complete);
                Error::from_status(ApiError::new(response.status(), response.headers().clone(), body, truncated))
            }
            Failure::Error(error) => error,
        }
    }
}

/// The one way a client's configuration becomes what it sends through: written here, so that the
/// configuration does not know the transport.
impl ClientConfig {
    /// Resolves every setting and makes the transport the client sends requests through.
    pub fn build(self) -> Result<Transport, Error> {
        Ok(Transport { inner: Arc::new(self.into_settings()?) })
    }
}

impl Transport {
    /// The base URL requests are sent to.
    pub(crate) fn base_url(&self) -> &url::Url {
        &self.inner.base_url
    }

    /// Whether `url` is on the API's origin, where credentials may go.
    pub(crate) fn is_api_origin(&self, url: &url::Url) -> bool {
        self.inner.is_api_origin(url)
    }

    /// The time each attempt may take to get a response (and to read a non-streamed body).
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// Sends `request`, retrying what the retry policy allows, and reads a successful response
    /// with `read`; any other status becomes the matching [`Error`] variant. Nothing is sent when a
    /// required value is missing or a value breaks the spec's constraints. The interceptors' hooks
    /// run around it, when there are any.
    ///
    /// The request is borrowed, not moved, through every layer of a call: it is the largest part of
    /// the call's future, and a future keeps a moved argument's room as well as its callee's copy.
    pub(crate) async fn call<T, F>(
        &self,
        request: &mut ApiRequest,
        read: impl FnOnce(Response) -> F,
    ) -> Result<T, Error>
    where
        T: Any + Send,
        F: Future<Output = Result<T, Error>>,
    {
        request.ready()?;
        request.merge_body_fields()?;
        let request = &*request;
        if !self.interceptors(request).is_empty() {
            // Boxed: only calls with interceptors carry their hooks' futures.
            return Box::pin(self.call_intercepted(request, read)).await;
        }
        let response = self.send(request, None).await?;
        read(response).await
    }

    async fn call_intercepted<T, F>(&self, request: &ApiRequest, read: impl FnOnce(Response) -> F) -> Result<T, Error>
    where
        T: Any + Send,
        F: Future<Output = Result<T, Error>>,
    {
        let interceptors = self.interceptors(request);
        let call = self.describe(request);
        let outcome = async {
            interceptors.before_call(&call).await?;
            let response = self.send(request, Some(&call)).await?;
            read(response).await
        }
        .await;
        interceptors.after_call(&call, outcome)
    }

    /// The interceptors of a call of `request`: the client's, then the call's own.
    pub(crate) fn interceptors<'a>(&'a self, request: &'a ApiRequest) -> Interceptors<'a> {
        Interceptors { client: &self.inner.interceptors, call: &request.options.interceptors }
    }

    fn describe(&self, request: &ApiRequest) -> Call {
        Call {
            provider: self.inner.provider.name,
            operation: request.api_operation(),
            http_method: request.method.clone(),
        }
    }

    /// Sends `request` in the call's span, which is recorded through `Span::current()`.
    async fn send(&self, request: &ApiRequest, call: Option<&Call>) -> Result<Response, Error> {
        let provider = self.inner.provider.name;
        // One future per arm: a future held in a local, then wrapped, would take its room twice.
        match &self.inner.log {
            // The span is made as the call runs, under the log variable's subscriber, which then
            // sees it too.
            Some(log) => {
                async { self.send_with_retries(request, call).instrument(spans::call_span(provider, request)).await }
                    .with_subscriber(log.clone())
                    .await
            }
            None => self.send_with_retries(request, call).instrument(spans::call_span(provider, request)).await,
        }
    }

    // What lives across an await here is kept few and small, as this loop is most of a call's
    // future: the attempt's values live in a block that ends before the wait for a retry.
    async fn send_with_retries(&self, request: &ApiRequest, call: Option<&Call>) -> Result<Response, Error> {
        let settings = &self.inner;
        let timeout = request.options.timeout.unwrap_or(settings.timeout);
        let overall = request.options.total_timeout.map(|total| tokio::time::Instant::now() + total);
        let idempotency_key = self.idempotency_key(request);
        let started = std::time::Instant::now();
        let mut retries = 0;
        let mut token_rejected = false;
        loop {
            let delay = {
                log_attempt(retries);
                let credentials = self.credentials_for(request).await?;
                let attempt_deadline = tokio::time::Instant::now() + timeout;
                let deadline = overall.map_or(attempt_deadline, |overall| overall.min(attempt_deadline));
                let idempotency_key = idempotency_key.as_ref();
                let attempt =
                    Attempt { settings, request, call, credentials: &credentials, retries, idempotency_key, deadline };
                let outcome = attempt.run().await;
                // An access token the API refuses is forgotten, and the call made once more with a new one.
                if is_unauthorized(&outcome)
                    && !token_rejected
                    && request.is_replayable()
                    && Box::pin(forget_refused_tokens(&credentials)).await
                {
                    log_token_refused(request);
                    token_rejected = true;
                    continue;
                }
                let failure = match outcome {
                    Ok(response) if response.status().is_success() => {
                        log_success(request, response.status(), retries, started);
                        spans::record_request_id(response.headers());
                        let max_bytes = settings.max_response_bytes;
                        let limits = BodyLimits { deadline, idle_timeout: timeout, max_bytes };
                        return Ok(Response::new(response, retries, limits));
                    }
                    Ok(response) => Failure::Status(response),
                    Err(error) => Failure::Error(error),
                };
                match self.verdict(request, &failure, retries, overall, idempotency_key.is_some()) {
                    Verdict::Retry(delay) => delay,
                    Verdict::Fail { one_shot } => {
                        // Boxed: reading an error's body is the largest step of a call, and only
                        // failures take it.
                        let mut error = Box::pin(failure.into_error(deadline)).await;
                        if one_shot {
                            error = Error::OneShotNotRetried { source: Box::new(error) };
                        }
                        let (method, path) = (&request.method, request.route());
                        let elapsed_ms = started.elapsed().as_millis() as u64;
                        tracing::info!(retries, elapsed_ms, "{method} {path} failed: {error}");
                        let span = tracing::Span::current();
                        spans::record_error(&span, &error);
                        span.record("sdk.request_id", error.request_id());
                        return Err(error);
                    }
                }
            };
            tokio::time::sleep(delay).await;
            retries += 1;
        }
    }

    /// Whether `request` is tried again after `failure`, its attempt number `retries + 1`, and when.
    fn verdict(
        &self,
        request: &ApiRequest,
        failure: &Failure,
        retries: u32,
        overall: Option<tokio::time::Instant>,
        has_idempotency_key: bool,
    ) -> Verdict {
        let max_retries = request.options.max_retries.unwrap_or(self.inner.max_retries);
        let resendable =
            has_idempotency_key || self.has_callers_idempotency_key(request) || is_idempotent(&request.method);
        let retryable = failure.is_retryable(resendable);
        let delay = retry::delay(retries, failure.headers());
        let in_time = overall.is_none_or(|overall| tokio::time::Instant::now() + delay < overall);
        let replayable = request.is_replayable();
        if !retryable || retries >= max_retries || !replayable || !in_time {
            return Verdict::Fail { one_shot: retryable && retries < max_retries && !replayable };
        }
        let reason = match failure {
            Failure::Status(response) => response.status().to_string(),
            Failure::Error(error) => error.to_string(),
        };
        let (method, path, delay_ms) = (&request.method, request.route(), delay.as_millis() as u64);
        tracing::info!(attempt = retries + 1, delay_ms, "{method} {path}: {reason}; retrying");
        Verdict::Retry(delay)
    }

    /// The credentials an attempt of `request` carries: those of the first of its security
    /// alternatives that the client has every credential of, tokens fetched as needed. A call that
    /// needs credentials the client lacks fails here, before anything is sent.
    async fn credentials_for(&self, request: &ApiRequest) -> Result<Vec<Applied>, Error> {
        let settings = &self.inner;
        let alternatives = request.security.unwrap_or(settings.provider.security);
        if alternatives.is_empty() {
            return Ok(Vec::new());
        }
        let has = |index: &usize| settings.credentials.get(*index).is_some_and(Option::is_some);
        let Some(chosen) = alternatives.iter().find(|alternative| alternative.iter().all(has)) else {
            return Err(self.missing_credentials(alternatives));
        };
        let credentials = || chosen.iter().filter_map(|index| settings.credentials[*index].as_ref());
        // Fixed credentials (keys, basic auth) are ready: only tokens are awaited, in a boxed
        // future that calls with fixed credentials neither carry nor run.
        if let Some(applied) = credentials().map(Credential::fixed).collect::<Option<Vec<_>>>() {
            return Ok(applied);
        }
        Box::pin(async {
            let mut applied = Vec::with_capacity(chosen.len());
            for credential in credentials() {
                applied.push(credential.apply().await?);
            }
            Ok(applied)
        })
        .await
    }

    /// What to set for a call whose security alternatives the client has none of.
    fn missing_credentials(&self, alternatives: &[&[usize]]) -> Error {
        let provider = self.inner.provider;
        let options: Vec<String> = alternatives
            .iter()
            .map(|alternative| {
                let missing: Vec<String> = alternative
                    .iter()
                    .filter(|index| self.inner.credentials.get(**index).is_none_or(Option::is_none))
                    .filter_map(|index| provider.credentials.get(*index))
                    .map(|spec| {
                        let variables = spec.value.env.join(" or ");
                        format!("`{}` on the client builder (or {variables})", spec.value.setter)
                    })
                    .collect();
                missing.join(" and ")
            })
            .collect();
        Error::Config {
            message: format!(
                "this call needs {} credentials the client does not have: set {}",
                provider.name,
                options.join("; or ")
            ),
        }
    }

    /// One key for every attempt of a call that is not a GET, if the provider has an idempotency
    /// header.
    fn idempotency_key(&self, request: &ApiRequest) -> Option<HeaderValue> {
        self.inner.idempotency_header.as_ref()?;
        if request.method == Method::GET || !matches!(request.target, Target::Api(_)) {
            return None;
        }
        HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()).ok()
    }

    /// Whether the caller set an idempotency key on this call: in the provider's idempotency
    /// header, or in `Idempotency-Key` for a provider that names none.
    fn has_callers_idempotency_key(&self, request: &ApiRequest) -> bool {
        let header = self.inner.idempotency_header.as_ref().map_or("idempotency-key", HeaderName::as_str);
        request.options.headers.iter().any(|(name, _)| header.eq_ignore_ascii_case(name))
            || request.headers.iter().any(|(name, _)| name.as_str() == header)
    }

    /// Fetches a URL the API handed out (a download or presigned URL) without credentials, as a
    /// stream. Retried like API requests; no timeout applies to reading the stream beyond the
    /// client's timeout between two chunks.
    pub async fn download_url(&self, url: &str, options: RequestOptions) -> Result<super::download::ByteStream, Error> {
        let mut request = ApiRequest::external(Method::GET, url, options)?;
        self.call(&mut request, |response| async { Ok(response.into_byte_stream()) }).await
    }

    /// PUTs `file` to a presigned URL with its exact `Content-Length` and `Content-Type`, without
    /// credentials. A reader or stream of unknown size is read to its end first, to learn its size.
    pub async fn upload_presigned_put(
        &self,
        url: &str,
        file: UploadFile,
        options: RequestOptions,
    ) -> Result<(), Error> {
        let (file, _) = file.with_known_size().await?;
        let mut request = ApiRequest::external(Method::PUT, url, options)?;
        request.raw_body(file, None);
        self.call(&mut request, Response::empty).await
    }

    /// POSTs `file` to a presigned URL as a form with the storage's `form_fields` first (S3-style
    /// presigned POST), without credentials.
    pub async fn upload_presigned_post(
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
        self.call(&mut request, Response::empty).await
    }
}
