use std::fmt;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName};
use reqwest::StatusCode;

/// An error of your own code that the SDK calls: a [`TokenProvider`](super::TokenProvider), an
/// [`Interceptor`](super::Interceptor) or an [`HttpTransport`](super::HttpTransport).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// `Result` with this SDK's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when calling an API through this SDK.
///
/// Status errors have one variant per status class that callers commonly handle, each carrying the
/// whole [`ApiError`]. Messages never include credentials.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// 400: the request was malformed.
    #[error("bad request: {0}")]
    BadRequest(Box<ApiError>),
    /// 401: the credentials are missing or wrong.
    #[error("authentication failed: {0}")]
    Authentication(Box<ApiError>),
    /// 403: the credentials do not allow this.
    #[error("permission denied: {0}")]
    PermissionDenied(Box<ApiError>),
    /// 404: no such resource.
    #[error("not found: {0}")]
    NotFound(Box<ApiError>),
    /// 409: the request conflicts with the resource's state.
    #[error("conflict: {0}")]
    Conflict(Box<ApiError>),
    /// 422: the request was well-formed but invalid.
    #[error("unprocessable entity: {0}")]
    UnprocessableEntity(Box<ApiError>),
    /// 429: too many requests.
    #[error("rate limited: {0}")]
    RateLimited(Box<ApiError>),
    /// 5xx: the server failed.
    #[error("server error: {0}")]
    InternalServer(Box<ApiError>),
    /// Any other status that is not a success.
    #[error("unexpected status: {0}")]
    UnexpectedStatus(Box<ApiError>),
    /// The server could not be reached, or the connection broke.
    #[error("connection error: {message}")]
    Connection {
        /// What failed, with its causes.
        message: String,
        /// The HTTP client's error (a `reqwest::Error` unless the client has its own
        /// [`HttpTransport`](super::HttpTransport)), without the URL: a presigned URL's query is
        /// a credential.
        #[source]
        source: BoxError,
    },
    /// The request, or a wait, took longer than allowed.
    #[error("timed out: {message}")]
    Timeout {
        /// What took too long.
        message: String,
    },
    /// A response body that is read whole (JSON or text) is larger than the client allows.
    #[error("the response body is larger than {limit} bytes, the most this client reads (raise it with `ClientBuilder::max_response_size`)")]
    ResponseTooLarge {
        /// The client's limit, in bytes.
        limit: u64,
    },
    /// The request failed in a way that is normally retried, but its body was a one-shot stream
    /// that cannot be sent again.
    #[error("{source} (not retried: the upload is a one-shot stream and cannot be sent again; upload from a path or bytes to allow retries)")]
    OneShotNotRetried {
        /// The failure that would have been retried.
        source: Box<Error>,
    },
    /// A file's processing ended in failure.
    #[error("processing failed: {message}")]
    ProcessingFailed {
        /// The server's explanation, or what failed.
        message: String,
    },
    /// The response did not have the shape the API documents.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// The server reported an error inside an event stream: an `error` event, or an event whose
    /// data is `{"error": …}`.
    #[error("the event stream reported an error: {0}")]
    Event(Box<EventError>),
    /// The response decoded, but lacks what the operation promises (a URL a helper needs, one
    /// entry per file sent).
    #[error("unexpected response: {message}")]
    UnexpectedResponse {
        /// What the response lacks.
        message: String,
    },
    /// The server's pages do not add up (it repeated a cursor, say), so paging stopped.
    #[error("pagination error: {message}")]
    Pagination {
        /// What the pages did wrong.
        message: String,
    },
    /// The request was not sent because it is invalid (a required parameter is missing, say).
    #[error("invalid request: {message}")]
    InvalidRequest {
        /// What is wrong with the request, and how to fix it.
        message: String,
    },
    /// No OAuth2 access token could be had: the token endpoint refused or failed (its status, and
    /// the OAuth2 error code it gave, are kept), or the token provider failed.
    #[error("could not get an access token: {message}")]
    Token {
        /// What failed; never the client secret or a token.
        message: String,
        /// The token endpoint's status, when it answered.
        status: Option<StatusCode>,
    },
    /// The client is misconfigured (a missing API key, a malformed base URL, …).
    #[error("configuration error: {message}")]
    Config {
        /// What is wrong with the configuration, and how to fix it.
        message: String,
    },
    /// Reading an upload or writing a download failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// An [`Interceptor`](super::Interceptor) refused the call.
    #[error("an interceptor refused the call: {source}")]
    Interceptor {
        /// The interceptor's error.
        #[source]
        source: BoxError,
    },
    /// A webhook delivery was not accepted: its signature or timestamp did not check out.
    #[error("webhook refused: {0}")]
    Webhook(#[from] WebhookError),
}

impl Error {
    pub(crate) fn from_status(error: ApiError) -> Self {
        let error = Box::new(error);
        match error.status.as_u16() {
            400 => Error::BadRequest(error),
            401 => Error::Authentication(error),
            403 => Error::PermissionDenied(error),
            404 => Error::NotFound(error),
            409 => Error::Conflict(error),
            422 => Error::UnprocessableEntity(error),
            429 => Error::RateLimited(error),
            500..=599 => Error::InternalServer(error),
            _ => Error::UnexpectedStatus(error),
        }
    }

    pub(crate) fn from_reqwest(source: reqwest::Error) -> Self {
        // Without the URL: a presigned URL's query string is a credential.
        let source = source.without_url();
        let message = describe_reqwest(&source);
        if source.is_timeout() {
            Error::Timeout { message }
        } else {
            Error::Connection { message, source: Box::new(source) }
        }
    }

    /// The error of an [`HttpTransport`](super::HttpTransport) that is not `reqwest`'s.
    pub(crate) fn from_transport(source: BoxError) -> Self {
        match source.downcast::<reqwest::Error>() {
            Ok(error) => Error::from_reqwest(*error),
            Err(source) => Error::Connection { message: source.to_string(), source },
        }
    }

    pub(crate) fn interceptor(source: BoxError) -> Self {
        Error::Interceptor { source }
    }

    /// Whether the request is known not to have reached the server: the connection was never made.
    pub(crate) fn sent_nothing(&self) -> bool {
        match self {
            Error::Connection { source, .. } => {
                source.downcast_ref::<reqwest::Error>().is_some_and(reqwest::Error::is_connect)
            }
            _ => false,
        }
    }

    /// An [`Error::InvalidRequest`] for a required parameter that was not set.
    pub fn missing_parameter(name: &str) -> Self {
        Error::InvalidRequest { message: format!("the required parameter `{name}` was not set") }
    }

    /// The status error's details, if the server answered with a status that is not a success.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::OneShotNotRetried { source } => source.api_error(),
            Error::BadRequest(error)
            | Error::Authentication(error)
            | Error::PermissionDenied(error)
            | Error::NotFound(error)
            | Error::Conflict(error)
            | Error::UnprocessableEntity(error)
            | Error::RateLimited(error)
            | Error::InternalServer(error)
            | Error::UnexpectedStatus(error) => Some(error),
            _ => None,
        }
    }

    /// Whether the retry policy retries this error: connection failures, timeouts, and statuses 408,
    /// 409, 429 and 5xx unless the server said otherwise with `x-should-retry`.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Connection { .. } | Error::Timeout { .. } => true,
            Error::OneShotNotRetried { .. } => false,
            _ => self.api_error().is_some_and(|error| super::retry::should_retry(error.status, &error.headers)),
        }
    }

    /// The HTTP status, if the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Decode(error) => Some(error.status),
            Error::Event(error) => Some(error.status),
            Error::OneShotNotRetried { source } => source.status(),
            Error::Token { status, .. } => *status,
            _ => self.api_error().map(|error| error.status),
        }
    }

    /// The request id the server gave, if any: quote it when you contact the provider's support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Decode(error) => error.request_id.as_deref(),
            Error::Event(error) => error.request_id.as_deref(),
            _ => self.api_error().and_then(|error| error.request_id.as_deref()),
        }
    }
}

fn describe_reqwest(error: &reqwest::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// A response whose status is not a success.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The response's status.
    pub status: StatusCode,
    /// The response's headers.
    pub headers: HeaderMap,
    /// The request id the server gave (`x-request-id` or `request-id`), if any.
    pub request_id: Option<String>,
    /// The body as received: its start only, when it was long, slow or cut short (see
    /// [`body_truncated`](Self::body_truncated)).
    pub body: Bytes,
    /// Whether `body` is less than the server meant to send: it was longer than an error body is
    /// kept for, did not arrive before the deadline, or the connection broke.
    pub body_truncated: bool,
    /// The body parsed as JSON, when it is JSON.
    pub json: Option<serde_json::Value>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: Bytes, body_truncated: bool) -> Self {
        let request_id = request_id(&headers);
        let json = serde_json::from_slice(&body).ok();
        Self { status, headers, request_id, body, body_truncated, json }
    }

    /// The error message the server sent, from the common JSON error shapes (`message`,
    /// `error.message`, `detail`, `errors[0].message`), or the start of the body.
    pub fn message(&self) -> Option<String> {
        self.json.as_ref().and_then(json_message).or_else(|| text_message(&String::from_utf8_lossy(&self.body)))
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.status)?;
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        if let Some(request_id) = &self.request_id {
            write!(f, " (request id {request_id})")?;
        }
        Ok(())
    }
}

/// The error message in a JSON error body, from the common shapes (`message`, `error.message`,
/// `error`, `detail`, `errors[0].message`).
fn json_message(json: &serde_json::Value) -> Option<String> {
    let candidates = [
        json.get("message"),
        json.pointer("/error/message"),
        json.get("error"),
        json.get("detail"),
        json.pointer("/errors/0/message"),
    ];
    candidates.into_iter().flatten().find_map(|value| match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Null => None,
        other if !other.is_object() => Some(other.to_string()),
        _ => None,
    })
}

fn text_message(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| snippet(text))
}

/// An error the server reported inside an event stream, after the stream had started.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EventError {
    /// The status of the response that carried the stream.
    pub status: StatusCode,
    /// The request id the server gave, if any.
    pub request_id: Option<String>,
    /// The event's type (`error`, or `message` for an event without one).
    pub event: String,
    /// The last event id the stream set, if any.
    pub id: Option<String>,
    /// The event's data, as sent.
    pub data: String,
    /// The data parsed as JSON, when it is JSON.
    pub json: Option<serde_json::Value>,
}

impl EventError {
    /// The error message the server sent (`error.message`, `message`, …), or the start of the data.
    pub fn message(&self) -> Option<String> {
        self.json.as_ref().and_then(json_message).or_else(|| text_message(&self.data))
    }
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` event", self.event)?;
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        if let Some(request_id) = &self.request_id {
            write!(f, " (request id {request_id})")?;
        }
        Ok(())
    }
}

/// A response body that does not match the documented type.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// The response's status.
    pub status: StatusCode,
    /// The request id the server gave, if any.
    pub request_id: Option<String>,
    /// Where in the body decoding failed, as a serde path (`data[3].created_at`).
    pub path: String,
    /// What did not match.
    pub message: String,
    /// The start of the body, for diagnosis.
    pub body_snippet: String,
    /// The event whose data did not decode: its type in an event stream, its webhook's name for
    /// a webhook delivery.
    pub event: Option<String>,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, start) = match &self.event {
            Some(event) => (format!("the data of a `{event}` event"), "the data"),
            None => ("the response body".to_owned(), "the body"),
        };
        let (path, message, snippet) = (&self.path, &self.message, &self.body_snippet);
        write!(f, "could not decode {what} at `{path}`: {message}; {start} starts with {snippet:?}")?;
        if let Some(request_id) = &self.request_id {
            write!(f, " (request id {request_id})")?;
        }
        Ok(())
    }
}

pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    request_id_in(headers).map(str::to_owned)
}

/// The request id among `headers`, borrowed: a successful response reads it only when asked.
pub(crate) fn request_id_in(headers: &HeaderMap) -> Option<&str> {
    // Names made once, not parsed on every response.
    const NAMES: [HeaderName; 2] = [HeaderName::from_static("x-request-id"), HeaderName::from_static("request-id")];
    NAMES.iter().find_map(|name| headers.get(name)).and_then(|value| value.to_str().ok())
}

pub(crate) fn snippet(text: &str) -> String {
    const MAX: usize = 512;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Why a webhook delivery was not accepted. Never includes the secret or a signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The secret cannot be used (empty, or not base64 where the scheme needs it).
    #[error("the webhook secret is not valid: {0}")]
    InvalidSecret(&'static str),
    /// A header the scheme needs is missing.
    #[error("the delivery has no `{0}` header")]
    MissingHeader(&'static str),
    /// A header the scheme needs cannot be read.
    #[error("the delivery's `{name}` header is malformed: {reason}")]
    MalformedHeader {
        /// The header.
        name: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// No signature of the delivery matches its content and the secret.
    #[error("no signature of the delivery matches its content and the secret")]
    BadSignature,
    /// The signed timestamp is too far from now: a replay, or clocks far apart.
    #[error("the delivery was signed {seconds} s from now, more than the {tolerance} s allowed")]
    Stale {
        /// How far the timestamp is from now, in seconds (negative: in the future).
        seconds: i64,
        /// The tolerance, in seconds.
        tolerance: u64,
    },
}
