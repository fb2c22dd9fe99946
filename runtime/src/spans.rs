//! The `tracing` spans of a call and of each of its HTTP requests, named and given fields by the
//! OpenTelemetry semantic conventions for HTTP clients: through `tracing-opentelemetry` they
//! export as OpenTelemetry tools expect them (`otel.name`, `otel.kind` and the `http.*`, `url.*`,
//! `server.*` and `error.type` attributes), with the SDK's own `sdk.*` fields beside them.
//!
//! The library installs nothing: no subscriber, no exporter, no propagator. Spans cost one check
//! of a call site's interest when a subscriber is set and does not want them, and nothing when no
//! subscriber was ever set (see [`unless_nobody_listens`]).

/// `span()`, or `Span::none()` when no `tracing` subscriber was ever set. `tracing` would otherwise
/// hand a span's fields, and each entry into it and exit from it, to the `log` crate, whenever any
/// crate of the application turns on `tracing`'s `log` feature (axum and tower do): for every call,
/// fields formatted and a URL redacted that nobody reads, and the largest share of the instruction
/// cache misses a call costs beyond a plain `reqwest` request. The SDK's spans are for subscribers;
/// its events still reach `log`.
fn unless_nobody_listens(span: impl FnOnce() -> Span) -> Span {
    if tracing::dispatcher::has_been_set() {
        span()
    } else {
        Span::none()
    }
}

use reqwest::header::HeaderMap;
use tracing::field::Empty;
use tracing::Span;

use super::api_request::ApiRequest;
use super::auth::{Applied, Wire};
use super::error::Error;

/// The span of one call: INTERNAL, the parent of one CLIENT span per HTTP request it makes.
pub(crate) fn call_span(provider: &'static str, request: &ApiRequest) -> Span {
    unless_nobody_listens(|| call_span_listened(provider, request))
}

fn call_span_listened(provider: &'static str, request: &ApiRequest) -> Span {
    let operation = request.api_operation();
    tracing::info_span!(
        "call",
        "otel.name" = %CallName(request),
        "otel.kind" = "internal",
        "otel.status_code" = Empty,
        "sdk.provider" = provider,
        "sdk.resource" = operation.map(|operation| operation.resource),
        "sdk.method" = operation.map(|operation| operation.method),
        "sdk.operation_id" = operation.map(|operation| operation.id),
        "sdk.request_id" = Empty,
        "http.request.method" = %request.method,
        "url.template" = operation.map(|operation| operation.path),
        "error.type" = Empty,
    )
}

/// `files.retrieve` for an operation; the method for a URL the API handed out.
struct CallName<'a>(&'a ApiRequest);

impl std::fmt::Display for CallName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.api_operation() {
            Some(operation) => write!(f, "{}.{}", operation.resource, operation.method),
            None => write!(f, "{}", self.0.method),
        }
    }
}

/// The CLIENT span of one HTTP request of a call, to `url`; `resend_count` counts the requests
/// of the call before it, retries and redirects alike. Query parameters that carry `credentials`
/// are redacted; off the API's origin (`to_api` false) every query value is.
pub(crate) fn request_span(
    request: &ApiRequest,
    url: &url::Url,
    resend_count: u32,
    to_api: bool,
    credentials: &[Applied],
) -> Span {
    unless_nobody_listens(|| {
        let template = request.operation.filter(|_| to_api).map(|operation| operation.path);
        tracing::info_span!(
            "http_request",
            "otel.name" = %RequestName { method: &request.method, template },
            "otel.kind" = "client",
            "otel.status_code" = Empty,
            "http.request.method" = %request.method,
            "server.address" = url.host_str(),
            "server.port" = url.port_or_known_default(),
            "url.full" = %redacted(url, to_api, credentials),
            "url.template" = template,
            "http.request.resend_count" = (resend_count > 0).then_some(resend_count),
            "http.response.status_code" = Empty,
            "error.type" = Empty,
        )
    })
}

/// `GET /v1/files/{file_id}`: the method and the route, or the method alone without one.
struct RequestName<'a> {
    method: &'a reqwest::Method,
    template: Option<&'static str>,
}

impl std::fmt::Display for RequestName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.template {
            Some(template) => write!(f, "{} {template}", self.method),
            None => write!(f, "{}", self.method),
        }
    }
}

/// `url` without what may be a secret: user info, and the values of secret query parameters.
fn redacted(url: &url::Url, to_api: bool, credentials: &[Applied]) -> String {
    let secret = |name: &str| {
        !to_api || credentials.iter().any(|applied| matches!(applied.wire, Wire::Query(query) if query == name))
    };
    let has_secret = url.query_pairs().any(|(name, _)| secret(&name));
    if !has_secret && url.username().is_empty() && url.password().is_none() {
        return url.to_string();
    }
    let mut clean = url.clone();
    let _ = clean.set_username("");
    let _ = clean.set_password(None);
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(name, value)| {
            let value = if secret(&name) { "REDACTED".to_owned() } else { value.into_owned() };
            (name.into_owned(), value)
        })
        .collect();
    if !pairs.is_empty() {
        clean.query_pairs_mut().clear().extend_pairs(pairs);
    }
    clean.to_string()
}

/// Records a response's status on its request span: an error from 400 up.
pub(crate) fn record_status(span: &Span, status: reqwest::StatusCode) {
    span.record("http.response.status_code", status.as_u16());
    if status.is_client_error() || status.is_server_error() {
        span.record("error.type", status.as_str());
        span.record("otel.status_code", "ERROR");
    }
}

/// Records the request id a response carries on the current span, the call's.
pub(crate) fn record_request_id(headers: &HeaderMap) {
    let span = unless_nobody_listens(Span::current);
    if !span.is_disabled() {
        span.record("sdk.request_id", super::error::request_id_in(headers));
    }
}

/// `error`, recorded on `span`.
pub(crate) fn failed(span: &Span, error: Error) -> Error {
    record_error(span, &error);
    error
}

/// Records how a call or request failed, in words that group well: the status (`404`), else the
/// kind of failure (`timeout`).
pub(crate) fn record_error(span: &Span, error: &Error) {
    if span.is_disabled() {
        return;
    }
    match error.status() {
        Some(status) => span.record("error.type", status.as_str()),
        None => span.record("error.type", error_kind(error)),
    };
    span.record("otel.status_code", "ERROR");
}

fn error_kind(error: &Error) -> &'static str {
    match error {
        Error::Timeout { .. } => "timeout",
        Error::Connection { .. } => "connection",
        Error::Interceptor { .. } => "interceptor",
        Error::InvalidRequest { .. } => "invalid_request",
        Error::Token { .. } => "token",
        Error::Config { .. } => "config",
        Error::Io(_) => "io",
        Error::ResponseTooLarge { .. } => "response_too_large",
        Error::OneShotNotRetried { source } => error_kind(source),
        _ => "_OTHER",
    }
}

/// Sets the W3C `traceparent` (and `tracestate`) of `span`, or of the current span when `span` is
/// not exported, on a request to the API: the trace continues on the server. Read from the span's
/// OpenTelemetry context, which `tracing-opentelemetry` keeps; no propagator is consulted.
#[cfg(feature = "opentelemetry")]
pub(crate) fn inject_trace_context(span: &Span, headers: &mut HeaderMap) {
    use opentelemetry::trace::TraceContextExt;
    use tracing_opentelemetry::OpenTelemetrySpanExt;

    let current = Span::current();
    // Nobody records spans: there is no context to send, and none is looked up.
    if span.is_disabled() && current.is_disabled() {
        return;
    }
    let context = [span.context(), current.context()]
        .into_iter()
        .map(|context| context.span().span_context().clone())
        .find(opentelemetry::trace::SpanContext::is_valid);
    let Some(context) = context else { return };
    let flags = context.trace_flags().to_u8();
    let traceparent = format!("00-{}-{}-{flags:02x}", context.trace_id(), context.span_id());
    if let Ok(value) = reqwest::header::HeaderValue::from_str(&traceparent) {
        headers.insert("traceparent", value);
    }
    let state = context.trace_state().header();
    if let Ok(value) = reqwest::header::HeaderValue::from_str(&state) {
        if !state.is_empty() {
            headers.insert("tracestate", value);
        }
    }
}

/// Without the `opentelemetry` feature, no trace context is sent.
#[cfg(not(feature = "opentelemetry"))]
pub(crate) fn inject_trace_context(_span: &Span, _headers: &mut HeaderMap) {}
