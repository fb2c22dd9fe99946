//! One attempt of a request: a `reqwest` request per redirect hop, each with only the headers its
//! destination may see.

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, LOCATION, USER_AGENT,
};
use reqwest::{Method, StatusCode};

use super::api_request::{ApiRequest, Target};
use super::auth::{Applied, Wire};
use super::body::Body;
use super::call::Call;
use super::config::Settings;
use super::error::Error;
use super::intercept::{Interceptors, Replay, ResponseHead};
use super::multipart::Multipart;
use super::spans;

/// The header that tells the server which retry an attempt is (0 for the first attempt).
const RETRY_COUNT_HEADER: HeaderName = HeaderName::from_static("x-retry-count");
/// Redirects followed within one attempt.
const MAX_REDIRECTS: usize = 10;

pub(crate) struct Attempt<'a> {
    pub(crate) settings: &'a Settings,
    pub(crate) request: &'a ApiRequest,
    /// The call as interceptors see it, when there are any.
    pub(crate) call: Option<&'a Call>,
    /// The credentials this attempt carries, to the API's origin only.
    pub(crate) credentials: &'a [Applied],
    /// How many attempts came before this one.
    pub(crate) retries: u32,
    /// The same for every attempt of one call, in the provider's idempotency header.
    pub(crate) idempotency_key: Option<&'a HeaderValue>,
    /// When the response must have arrived.
    pub(crate) deadline: tokio::time::Instant,
}

impl Attempt<'_> {
    /// Sends the request and follows redirects, with a fresh request for each hop. The response is
    /// returned whatever its status.
    pub(crate) async fn run(&self) -> Result<reqwest::Response, Error> {
        let mut url = self.request.url(&self.settings.base_url);
        let mut method = self.request.method.clone();
        let mut send_body = true;
        for hop in 0..=MAX_REDIRECTS as u32 {
            let to_api = self.is_to_api(&url);
            // The hop's span is held, not entered: it ends when the response has come, and the
            // call's future holds one copy of it.
            let span = spans::request_span(self.request, &url, self.retries + hop, to_api, self.credentials);
            let body = if send_body { self.body().await? } else { HopBody::Empty };
            let mut request = self.hop(&method, &url, body, to_api, &span)?;
            // The hooks' futures are boxed, and own what they look at: a call without interceptors
            // carries none of them, and a call with some carries a pointer.
            if let Some(call) = self.call {
                request = Box::pin(self.before_attempt(call, request, send_body)).await?;
            }
            let mut response = match tokio::time::timeout_at(self.deadline, self.settings.http.execute(request)).await {
                Ok(Ok(response)) => response,
                Ok(Err(error)) => return Err(spans::failed(&span, error)),
                Err(_) => {
                    return Err(spans::failed(&span, Error::Timeout { message: "no response in time".to_owned() }))
                }
            };
            spans::record_status(&span, response.status());
            if let Some(call) = self.call {
                response = Box::pin(self.after_response(call, response)).await?;
            }
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
                _ if send_body && !self.request.is_replayable() => return Ok(response),
                _ => {}
            }
            tracing::debug!(status = response.status().as_u16(), to = %next.origin().ascii_serialization(), "following a redirect");
            url = next;
        }
        Err(Error::InvalidRequest { message: format!("more than {MAX_REDIRECTS} redirects") })
    }

    fn interceptors(&self) -> Interceptors<'_> {
        Interceptors { client: &self.settings.interceptors, call: &self.request.options.interceptors }
    }

    /// Runs the interceptors' `before_attempt` hooks on a hop's request.
    async fn before_attempt(
        &self,
        call: &Call,
        mut hop: reqwest::Request,
        with_body: bool,
    ) -> Result<reqwest::Request, Error> {
        let upload = match &self.request.body {
            Body::Raw(file, _) if with_body && file.is_replayable() => Some(Replay::File(file)),
            Body::Multipart(form) if with_body && form.is_replayable() => Some(Replay::Multipart(form)),
            _ => None,
        };
        let to_api = self.is_to_api(hop.url());
        self.interceptors().before_attempt(call, self.retries + 1, &mut hop, upload, to_api).await?;
        Ok(hop)
    }

    /// Runs the interceptors' `after_response` hooks on a hop's response.
    async fn after_response(&self, call: &Call, response: reqwest::Response) -> Result<reqwest::Response, Error> {
        let head =
            ResponseHead { call, attempt: self.retries + 1, status: response.status(), headers: response.headers() };
        self.interceptors().after_response(&head).await?;
        Ok(response)
    }

    /// The request of one hop, to `url`. Written out in one go, without awaiting: a call's future
    /// holds only the small one that makes the body.
    fn hop(
        &self,
        method: &Method,
        url: &url::Url,
        body: HopBody,
        to_api: bool,
        span: &tracing::Span,
    ) -> Result<reqwest::Request, Error> {
        let mut headers = self.headers(to_api)?;
        if to_api {
            spans::inject_trace_context(span, &mut headers);
        }
        let url = if to_api { self.with_query_credentials(url) } else { url.clone() };
        // Made whole rather than through the client's builder, which holds a clone of the client.
        let mut hop = reqwest::Request::new(method.clone(), url);
        if let HopBody::Typed { body, content_type, length } = body {
            headers.entry(CONTENT_TYPE).or_insert(content_type);
            if let Some(length) = length {
                headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
            }
            *hop.body_mut() = Some(body);
        }
        *hop.headers_mut() = headers;
        Ok(hop)
    }

    /// `url`, on the API's own origin, with the credentials that go in the query.
    fn with_query_credentials(&self, url: &url::Url) -> url::Url {
        let mut url = url.clone();
        for applied in self.credentials {
            if let Wire::Query(name) = applied.wire {
                // A next page's link may carry the key as the API echoed it: sent once.
                if url.query_pairs().any(|(key, _)| key == name) {
                    let kept: Vec<(String, String)> = url
                        .query_pairs()
                        .filter(|(key, _)| key != name)
                        .map(|(key, value)| (key.into_owned(), value.into_owned()))
                        .collect();
                    url.query_pairs_mut().clear().extend_pairs(kept);
                }
                url.query_pairs_mut().append_pair(name, applied.value.expose());
            }
        }
        url
    }

    fn is_to_api(&self, url: &url::Url) -> bool {
        matches!(self.request.target, Target::Api(_) | Target::Next(_)) && self.settings.is_api_origin(url)
    }

    /// The headers of a hop. Only the API's own origin (`to_api`) gets what may be a secret: the
    /// credentials, the client's default headers, header and cookie parameters, and per-call headers,
    /// whoever set them. Any other destination (a presigned URL, a redirect to another host) gets
    /// what describes the request and nothing else.
    fn headers(&self, to_api: bool) -> Result<HeaderMap, Error> {
        let (settings, request) = (self.settings, self.request);
        // Room for what most requests carry (6 headers), so that the map is allocated once, in a
        // block small enough for the allocator's per-thread cache: glibc's takes blocks up to 1,032
        // bytes, and room for 8 would be 1,248. A larger block takes a lock that many concurrent
        // calls contend for.
        let mut headers = HeaderMap::with_capacity(6);
        if to_api {
            headers.extend(settings.default_headers.iter().map(|(name, value)| (name.clone(), value.clone())));
            headers.insert(RETRY_COUNT_HEADER, HeaderValue::from(self.retries));
            if let (Some(name), Some(key)) = (&settings.idempotency_header, self.idempotency_key) {
                headers.insert(name, key.clone());
            }
            for applied in self.credentials {
                if let Wire::Header(name) = &applied.wire {
                    let value = applied.header.clone().ok_or_else(|| Error::Config {
                        message: "a credential holds characters that cannot go in an HTTP header".to_owned(),
                    })?;
                    headers.insert(name.clone(), value);
                }
            }
            for (name, value) in &request.headers {
                headers.insert(name, value.clone());
            }
            if let Some(cookies) = cookie_header(request, self.credentials)? {
                headers.insert(COOKIE, cookies);
            }
            for (name, mut value) in request.options.header_pairs()? {
                value.set_sensitive(true);
                headers.insert(name, value);
            }
        }
        // Headers the caller set (per call or on the client) replace the SDK's own, as documented.
        headers.entry(USER_AGENT).or_insert_with(|| settings.user_agent.clone());
        if !headers.contains_key(ACCEPT) {
            let accept = static_value(request.accept).ok_or_else(|| Error::InvalidRequest {
                message: format!("`{}` is not a valid Accept header", request.accept),
            })?;
            headers.insert(ACCEPT, accept);
        }
        Ok(headers)
    }

    /// The request's body for one hop. Opening files and streams makes futures of kilobytes, which
    /// every call would otherwise carry: they are boxed, for the calls that upload.
    async fn body(&self) -> Result<HopBody, Error> {
        let typed = |body: reqwest::Body, content_type| HopBody::Typed { body, content_type, length: None };
        let json = HeaderValue::from_static("application/json");
        Ok(match &self.request.body {
            Body::Empty => HopBody::Empty,
            Body::Json(value) => typed(value.to_string().into(), json),
            Body::Fields { fields, form: None } => {
                let text = serde_json::to_vec(fields).map_err(|error| Error::InvalidRequest {
                    message: format!("the body cannot be written as JSON: {error}"),
                })?;
                typed(text.into(), json)
            }
            Body::Fields { fields, form: Some(styles) } => typed(
                Body::form_text(fields, styles).into(),
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            ),
            Body::Text { text, mime_type } => {
                let mime_type = HeaderValue::from_str(mime_type).map_err(|_| Error::InvalidRequest {
                    message: format!("`{mime_type}` is not a valid MIME type"),
                })?;
                typed(text.clone().into(), mime_type)
            }
            Body::Multipart(form) if form.sends_nothing() => HopBody::Empty,
            Body::Multipart(form) => {
                let boundary = Multipart::new_boundary();
                let message = Box::pin(form.encode(&boundary, true)).await?;
                let content_type = HeaderValue::from_str(&Multipart::content_type(&boundary)).map_err(|_| {
                    Error::InvalidRequest { message: "the multipart boundary is not a header".to_owned() }
                })?;
                let body = reqwest::Body::wrap_stream(message.chunks);
                HopBody::Typed { body, content_type, length: message.length }
            }
            Body::Raw(file, declared) => {
                let (body, length) = Box::pin(file.body()).await?;
                let mime_type = match (file.explicit_mime_type(), declared) {
                    (None, Some(declared)) => (*declared).to_owned(),
                    _ => file.effective_mime_type(),
                };
                let content_type = HeaderValue::from_str(&mime_type).map_err(|_| Error::InvalidRequest {
                    message: "the upload's MIME type is not a valid header".to_owned(),
                })?;
                HopBody::Typed { body, content_type, length }
            }
        })
    }
}

/// What one hop sends.
enum HopBody {
    Empty,
    /// A body and the type that describes it; its length when the body cannot tell it.
    Typed {
        body: reqwest::Body,
        content_type: HeaderValue,
        length: Option<u64>,
    },
}

/// `text` as a header value without copying it, if it is one. The text is the generator's, but it
/// is checked all the same, so that no spec can make `from_static` panic.
fn static_value(text: &'static str) -> Option<HeaderValue> {
    let visible = text.bytes().all(|byte| byte == b'\t' || (b' '..=b'~').contains(&byte));
    visible.then(|| HeaderValue::from_static(text))
}

/// All of a request's cookie parameters and cookie credentials in one `Cookie` header, if it has any.
fn cookie_header(request: &ApiRequest, credentials: &[Applied]) -> Result<Option<HeaderValue>, Error> {
    let credentials = credentials.iter().filter_map(|applied| match applied.wire {
        Wire::Cookie(name) => Some((name, applied.value.expose())),
        _ => None,
    });
    let parameters = request.cookies.iter().map(|(name, value)| (*name, value.as_str()));
    let cookies: Vec<String> = credentials.chain(parameters).map(|(name, value)| format!("{name}={value}")).collect();
    if cookies.is_empty() {
        return Ok(None);
    }
    let mut value = HeaderValue::from_str(&cookies.join("; ")).map_err(|_| Error::InvalidRequest {
        message: "a cookie holds characters not allowed in a header".to_owned(),
    })?;
    value.set_sensitive(true);
    Ok(Some(value))
}
