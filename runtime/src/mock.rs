//! Mocks for the tests of code that uses the SDK (the `test-util` feature): an [`HttpTransport`]
//! that answers each operation as the test programmed it, and keeps what was sent. It runs in the
//! test's process, with no port and no network, under everything a real call goes through
//! (credentials, retries, pagination, uploads, downloads, event streams, the blocking client).

use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};

use bytes::{Bytes, BytesMut};
use futures_util::future::BoxFuture;
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde::Serialize;

use super::error::BoxError;
use super::http::HttpTransport;

/// Where a mock client sends its requests: a name that never resolves, as nothing leaves the process.
pub const MOCK_BASE_URL: &str = "http://mock.invalid";

/// The transport of a mock client: the programmed answers, and every request received.
#[derive(Clone, Default)]
pub struct MockTransport {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    rules: Vec<Rule>,
    unmatched: Vec<MockRequest>,
}

/// The answers to one operation's requests that meet some conditions.
struct Rule {
    method: Method,
    template: &'static str,
    conditions: Vec<Condition>,
    /// Given in order; the last one answers every later request.
    answers: VecDeque<Answer>,
    requests: Vec<MockRequest>,
}

enum Condition {
    Query(String, String),
    Header(String, String),
    PathParam(String, String),
    JsonField(String, serde_json::Value),
}

#[derive(Clone)]
struct Answer {
    status: u16,
    content_type: String,
    body: Bytes,
}

impl fmt::Debug for MockTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        let rules: Vec<String> = state.rules.iter().map(|rule| format!("{} {}", rule.method, rule.template)).collect();
        f.debug_struct("MockTransport").field("rules", &rules).field("unmatched", &state.unmatched.len()).finish()
    }
}

impl MockTransport {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A test that panicked while holding the lock has failed already; what it left is still
        // worth reading.
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Programs a new rule for the operation `method template`.
    #[doc(hidden)]
    pub fn when<T>(&self, method: Method, template: &'static str) -> When<T> {
        let mut state = self.lock();
        let rule = Rule { method, template, conditions: Vec::new(), answers: VecDeque::new(), requests: Vec::new() };
        state.rules.push(rule);
        When { transport: self.clone(), rule: state.rules.len() - 1, output: PhantomData }
    }

    /// The requests no rule matched, in order; each failed its call with an error that names it.
    pub fn unmatched(&self) -> Vec<MockRequest> {
        self.lock().unmatched.clone()
    }

    /// Every request received, matched or not, in order.
    pub fn requests(&self) -> Vec<MockRequest> {
        let state = self.lock();
        let mut all: Vec<MockRequest> = state.rules.iter().flat_map(|rule| rule.requests.iter().cloned()).collect();
        all.extend(state.unmatched.iter().cloned());
        all.sort_by_key(|request| request.sequence);
        all
    }

    /// The answer to `request`: from the matching rule with the most conditions (the first such
    /// rule on a tie) that has an answer.
    fn answer(&self, request: MockRequest) -> Option<Answer> {
        let mut state = self.lock();
        let sequence = state.rules.iter().map(|rule| rule.requests.len()).sum::<usize>() + state.unmatched.len();
        let request = MockRequest { sequence, ..request };
        let chosen = state
            .rules
            .iter()
            .enumerate()
            .filter(|(_, rule)| !rule.answers.is_empty() && rule.matches(&request))
            .max_by_key(|(index, rule)| (rule.conditions.len(), std::cmp::Reverse(*index)))
            .map(|(index, _)| index);
        let Some(index) = chosen else {
            state.unmatched.push(request);
            return None;
        };
        let rule = &mut state.rules[index];
        rule.requests.push(request);
        if rule.answers.len() > 1 {
            rule.answers.pop_front()
        } else {
            rule.answers.front().cloned()
        }
    }
}

impl HttpTransport for MockTransport {
    fn send(&self, request: reqwest::Request) -> BoxFuture<'_, Result<reqwest::Response, BoxError>> {
        Box::pin(async move {
            let request = MockRequest::read(request).await?;
            let line = format!("{} {}", request.method, request.url);
            let Some(answer) = self.answer(request) else {
                return Err(format!("no mock answer for {line}: program one for its operation").into());
            };
            let response = http::Response::builder()
                .status(answer.status)
                .header(reqwest::header::CONTENT_TYPE, answer.content_type)
                .body(answer.body)?;
            Ok(reqwest::Response::from(response))
        })
    }
}

impl Rule {
    fn matches(&self, request: &MockRequest) -> bool {
        if request.method != self.method {
            return false;
        }
        let Some(params) = path_params(self.template, request.url.path()) else { return false };
        self.conditions.iter().all(|condition| match condition {
            Condition::Query(name, value) => request.query_all(name).iter().any(|sent| sent == value),
            Condition::Header(name, value) => request.header(name) == Some(value.as_str()),
            Condition::PathParam(name, value) => params.iter().any(|(param, sent)| param == name && sent == value),
            Condition::JsonField(name, value) => {
                request.json().is_some_and(|body| body.get(name.as_str()) == Some(value))
            }
        })
    }
}

/// The path parameters of `path` by the spec's `template`, decoded; `None` when it does not fit.
fn path_params(template: &str, path: &str) -> Option<Vec<(String, String)>> {
    let template = template.split(['?', '#']).next().unwrap_or_default();
    let (templates, segments): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    if templates.len() != segments.len() {
        return None;
    }
    let mut params = Vec::new();
    for (pattern, segment) in templates.into_iter().zip(segments) {
        let segment = percent_encoding::percent_decode_str(segment).decode_utf8_lossy().into_owned();
        match (pattern.find('{'), pattern.rfind('}')) {
            (Some(open), Some(close)) if open < close => {
                let (prefix, suffix) = (&pattern[..open], &pattern[close + 1..]);
                let fits = segment.len() > prefix.len() + suffix.len()
                    && segment.starts_with(prefix)
                    && segment.ends_with(suffix);
                if !fits {
                    return None;
                }
                let value = &segment[prefix.len()..segment.len() - suffix.len()];
                params.push((pattern[open + 1..close].to_owned(), value.to_owned()));
            }
            _ if pattern == segment => {}
            _ => return None,
        }
    }
    Some(params)
}

/// A request a mock client sent, body read whole.
#[derive(Clone)]
pub struct MockRequest {
    method: Method,
    url: url::Url,
    headers: HeaderMap,
    body: Bytes,
    sequence: usize,
}

/// Header values as `HeaderMap` shows them: credentials as `Sensitive`.
impl fmt::Debug for MockRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockRequest")
            .field("method", &self.method)
            .field("path", &self.url.path())
            .field("query", &self.url.query())
            .field("headers", &self.headers)
            .field("body_length", &self.body.len())
            .finish()
    }
}

impl MockRequest {
    async fn read(request: reqwest::Request) -> Result<Self, BoxError> {
        let (method, url, headers) = (request.method().clone(), request.url().clone(), request.headers().clone());
        let request: http::Request<reqwest::Body> = request.try_into()?;
        let mut body = std::pin::pin!(request.into_body());
        let mut bytes = BytesMut::new();
        while let Some(frame) = std::future::poll_fn(|cx| http_body::Body::poll_frame(body.as_mut(), cx)).await {
            if let Ok(data) = frame?.into_data() {
                bytes.extend_from_slice(&data);
            }
        }
        Ok(Self { method, url, headers, body: bytes.freeze(), sequence: 0 })
    }

    /// The method sent.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path sent, percent-encoded as it was.
    pub fn path(&self) -> &str {
        self.url.path()
    }

    /// The first value of query parameter `name`, decoded.
    pub fn query(&self, name: &str) -> Option<String> {
        self.query_all(name).into_iter().next()
    }

    /// Every value of query parameter `name`, decoded, in order.
    pub fn query_all(&self, name: &str) -> Vec<String> {
        self.url.query_pairs().filter(|(key, _)| key == name).map(|(_, value)| value.into_owned()).collect()
    }

    /// The headers sent, credentials included.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Header `name`, if it was sent as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The body's bytes.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// What an operation that answers text or a download decodes into, as far as a mock is concerned:
/// such answers are programmed with [`When::respond_with`], as they are not JSON.
#[derive(Debug)]
pub enum Raw {}

/// A rule for one operation of a mock: which of its requests it answers (`with_*`), with what
/// (`respond*`, in order, the last one repeating), and what those requests were.
///
/// `T` is what the operation's response decodes into, which [`respond`](Self::respond) takes.
/// Among the rules that match a request, the one with the most conditions answers.
pub struct When<T> {
    transport: MockTransport,
    rule: usize,
    output: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for When<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.transport.lock();
        let rule = &state.rules[self.rule];
        f.debug_struct("When")
            .field("operation", &format!("{} {}", rule.method, rule.template))
            .field("conditions", &rule.conditions.len())
            .field("answers", &rule.answers.len())
            .field("requests", &rule.requests.len())
            .finish()
    }
}

impl<T> When<T> {
    fn edit(self, change: impl FnOnce(&mut Rule)) -> Self {
        change(&mut self.transport.lock().rules[self.rule]);
        self
    }

    /// Only requests whose query has `name` = `value`.
    pub fn with_query(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let condition = Condition::Query(name.into(), value.into());
        self.edit(|rule| rule.conditions.push(condition))
    }

    /// Only requests whose path parameter `name` (as the spec names it) is `value`.
    pub fn with_path_param(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let condition = Condition::PathParam(name.into(), value.into());
        self.edit(|rule| rule.conditions.push(condition))
    }

    /// Only requests with header `name` set to `value`.
    pub fn with_header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let condition = Condition::Header(name.into().to_ascii_lowercase(), value.into());
        self.edit(|rule| rule.conditions.push(condition))
    }

    /// Only requests whose JSON body has field `name` equal to `value`.
    pub fn with_json_field(self, name: impl Into<String>, value: serde_json::Value) -> Self {
        let condition = Condition::JsonField(name.into(), value);
        self.edit(|rule| rule.conditions.push(condition))
    }

    /// Answers `status` with `body` of `content_type`: a download's bytes, an event stream's text,
    /// or anything else.
    pub fn respond_with(self, status: u16, content_type: impl Into<String>, body: impl Into<Bytes>) -> Self {
        let answer = Answer { status, content_type: content_type.into(), body: body.into() };
        self.edit(|rule| rule.answers.push_back(answer))
    }

    /// Answers `status` with a JSON body: an error, say (`404` and `{"error": …}`).
    pub fn respond_json(self, status: u16, body: serde_json::Value) -> Self {
        self.respond_with(status, "application/json", body.to_string())
    }

    /// Answers with a `text/event-stream` of these events, each one's data the JSON given.
    pub fn respond_events(self, events: impl IntoIterator<Item = serde_json::Value>) -> Self {
        let text: String = events.into_iter().map(|event| format!("data: {event}\n\n")).collect();
        self.respond_with(200, "text/event-stream", text)
    }

    /// The requests this rule answered, in order.
    pub fn requests(&self) -> Vec<MockRequest> {
        self.transport.lock().rules[self.rule].requests.clone()
    }
}

impl<T: Serialize> When<T> {
    /// Answers 200 with `value` as JSON, as the API would send it.
    pub fn respond(self, value: T) -> Self {
        match serde_json::to_value(&value) {
            Ok(json) => self.respond_json(200, json),
            // The SDK's own types always serialize; a value that does not is answered as what it is.
            Err(error) => self.respond_with(500, "text/plain", format!("the mock answer is not JSON: {error}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_fit_their_template_and_give_their_parameters_decoded() {
        let params = path_params("/v1/files/{file_id}/content", "/v1/files/a%20b/content");
        assert_eq!(params, Some(vec![("file_id".to_owned(), "a b".to_owned())]));
        assert_eq!(path_params("/v1/files/{file_id}", "/v1/files"), None);
        assert_eq!(path_params("/v1/files/{file_id}", "/v1/files/"), None);
        assert_eq!(path_params("/jobs/{id}.json", "/jobs/7.json"), Some(vec![("id".to_owned(), "7".to_owned())]));
        assert_eq!(path_params("/search?type=all", "/search"), Some(Vec::new()));
    }
}
