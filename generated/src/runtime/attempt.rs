//! One attempt of a request: a `reqwest` request per redirect hop, each with only the headers its
//! destination may see.

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, LOCATION, USER_AGENT,
};
use reqwest::{Method, RequestBuilder, StatusCode};

use super::auth::{Applied, Wire};
use super::body::Body;
use super::request::{ApiRequest, Target};
use super::transport::Settings;
use super::Error;

/// The header that tells the server which retry an attempt is (0 for the first attempt).
const RETRY_COUNT_HEADER: &str = "x-retry-count";
/// Redirects followed within one attempt.
const MAX_REDIRECTS: usize = 10;

pub(crate) struct Attempt<'a> {
    pub(crate) settings: &'a Settings,
    pub(crate) request: &'a ApiRequest,
    /// The credentials this attempt carries, to the API's origin only.
    pub(crate) credentials: &'a [Applied],
    /// How many attempts came before this one.
    pub(crate) retries: u32,
    /// The same for every attempt of one call.
    pub(crate) idempotency_key: Option<&'a (HeaderName, HeaderValue)>,
    /// When the response must have arrived.
    pub(crate) deadline: tokio::time::Instant,
}

impl Attempt<'_> {
    /// Sends the request and follows redirects, with a fresh request for each hop. The response is
    /// returned whatever its status.
    pub(crate) async fn run(&self) -> Result<reqwest::Response, Error> {
        let mut url = self.request.url(&self.settings.base_url)?;
        let mut method = self.request.method.clone();
        let mut send_body = true;
        for _ in 0..=MAX_REDIRECTS {
            let builder = self.settings.http.request(method.clone(), self.with_query_credentials(&url));
            let headers = self.headers(&url)?;
            let builder = if send_body { self.with_body(builder, headers).await? } else { builder.headers(headers) };
            let response = tokio::time::timeout_at(self.deadline, builder.send())
                .await
                .map_err(|_| Error::Timeout { message: "no response in time".to_owned() })?
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
                _ if send_body && !self.request.is_replayable() => return Ok(response),
                _ => {}
            }
            tracing::debug!(status = response.status().as_u16(), to = %next.origin().ascii_serialization(), "following a redirect");
            url = next;
        }
        Err(Error::InvalidRequest { message: format!("more than {MAX_REDIRECTS} redirects") })
    }

    /// `url` with the credentials that go in the query, if it is the API's own origin.
    fn with_query_credentials(&self, url: &url::Url) -> url::Url {
        let mut url = url.clone();
        if self.is_to_api(&url) {
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
        }
        url
    }

    fn is_to_api(&self, url: &url::Url) -> bool {
        matches!(self.request.target, Target::Api(_) | Target::Next(_)) && url.origin() == self.settings.api_origin
    }

    /// The headers of a hop to `url`. Only the API's own origin gets what may be a secret: the
    /// credentials, the client's default headers, header and cookie parameters, and per-call headers,
    /// whoever set them. Any other destination (a presigned URL, a redirect to another host) gets
    /// what describes the request and nothing else.
    fn headers(&self, url: &url::Url) -> Result<HeaderMap, Error> {
        let (settings, request) = (self.settings, self.request);
        let mut headers = HeaderMap::new();
        if self.is_to_api(url) {
            headers.clone_from(&settings.default_headers);
            headers.insert(RETRY_COUNT_HEADER, HeaderValue::from(self.retries));
            if let Some((name, key)) = self.idempotency_key {
                headers.insert(name, key.clone());
            }
            for applied in self.credentials {
                if let Wire::Header(name) = &applied.wire {
                    let mut value = HeaderValue::from_str(applied.value.expose()).map_err(|_| Error::Config {
                        message: "a credential holds characters that cannot go in an HTTP header".to_owned(),
                    })?;
                    value.set_sensitive(true);
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
            let accept = HeaderValue::from_str(request.accept).map_err(|_| Error::InvalidRequest {
                message: format!("`{}` is not a valid Accept header", request.accept),
            })?;
            headers.insert(ACCEPT, accept);
        }
        Ok(headers)
    }

    /// The builder with the request's body and the headers that describe it.
    async fn with_body(&self, builder: RequestBuilder, mut headers: HeaderMap) -> Result<RequestBuilder, Error> {
        let json = HeaderValue::from_static("application/json");
        let builder = match &self.request.body {
            Body::Empty => builder,
            Body::Json(value) => {
                headers.entry(CONTENT_TYPE).or_insert(json);
                builder.body(value.to_string())
            }
            Body::Fields { fields, form: false } => {
                headers.entry(CONTENT_TYPE).or_insert(json);
                builder.body(serde_json::to_vec(fields).map_err(|error| Error::InvalidRequest {
                    message: format!("the body cannot be written as JSON: {error}"),
                })?)
            }
            Body::Fields { fields, form: true } => {
                let form = HeaderValue::from_static("application/x-www-form-urlencoded");
                headers.entry(CONTENT_TYPE).or_insert(form);
                builder.body(Body::form_text(fields))
            }
            Body::Text { text, mime_type } => {
                let mime_type = HeaderValue::from_str(mime_type).map_err(|_| Error::InvalidRequest {
                    message: format!("`{mime_type}` is not a valid MIME type"),
                })?;
                headers.entry(CONTENT_TYPE).or_insert(mime_type);
                builder.body(text.clone())
            }
            // Opening files and streams makes futures of kilobytes, which every call would otherwise
            // carry and copy through its layers: they are boxed, for the calls that upload.
            Body::Multipart(form) => builder.multipart(Box::pin(form.to_form()).await?),
            Body::Raw(file, declared) => {
                let (body, length) = Box::pin(file.body()).await?;
                let mime_type = match (file.explicit_mime_type(), declared) {
                    (None, Some(declared)) => (*declared).to_owned(),
                    _ => file.effective_mime_type(),
                };
                let mime_type = HeaderValue::from_str(&mime_type).map_err(|_| Error::InvalidRequest {
                    message: "the upload's MIME type is not a valid header".to_owned(),
                })?;
                headers.entry(CONTENT_TYPE).or_insert(mime_type);
                if let Some(length) = length {
                    headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
                }
                builder.body(body)
            }
        };
        Ok(builder.headers(headers))
    }
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
