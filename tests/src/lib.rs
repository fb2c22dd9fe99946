//! A scripted HTTP server on loopback for end-to-end tests: it records every request exactly as it
//! arrived and answers with the responses a test queued, in order.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Request, StatusCode};
use axum::response::Response;
use axum::Router;
use bytes::Bytes;
use futures_util::StreamExt;

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: String,
    /// The path exactly as sent (still percent-encoded).
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// When the server had read the whole request.
    pub received_at: Instant,
}

impl RecordedRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|value| value.to_str().expect("test headers are ASCII"))
    }

    /// The query parameters, decoded, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.query.as_deref().unwrap_or_default().as_bytes()).into_owned().collect()
    }

    /// `METHOD /path?query` (the query as sent), for one-line assertions.
    pub fn line(&self) -> String {
        match &self.query {
            Some(query) => format!("{} {}?{query}", self.method, self.path),
            None => format!("{} {}", self.method, self.path),
        }
    }

    /// The first value of query parameter `name`.
    pub fn query_param(&self, name: &str) -> Option<String> {
        self.query_pairs().into_iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }

    /// The parts of a `multipart/form-data` body, in order.
    pub async fn multipart(&self) -> Vec<FormPart> {
        let mut request = Request::builder().method("POST").uri("/");
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        let request = request.body(Body::from(self.body.clone())).expect("a valid request");
        let mut multipart = Multipart::from_request(request, &()).await.expect("a multipart body");
        let mut parts = Vec::new();
        while let Some(field) = multipart.next_field().await.expect("a well-formed multipart body") {
            parts.push(FormPart {
                name: field.name().unwrap_or_default().to_owned(),
                file_name: field.file_name().map(str::to_owned),
                content_type: field.content_type().map(str::to_owned),
                data: field.bytes().await.expect("a readable part"),
            });
        }
        parts
    }
}

/// One property of every JSON kind that no spec declares, as a newer server might add them.
pub fn undeclared() -> serde_json::Map<String, serde_json::Value> {
    let properties = serde_json::json!({
        "new_string": "s",
        "new_integer": 7,
        "new_number": 1.5,
        "new_bool": true,
        "new_null": null,
        "new_array": [1, "two", {"three": 3}],
        "new_object": {"nested": {"deep": []}}
    });
    properties.as_object().expect("an object").clone()
}

/// `object` with the [`undeclared`] properties added.
pub fn with_undeclared(mut object: serde_json::Value) -> serde_json::Value {
    object.as_object_mut().expect("an object").extend(undeclared());
    object
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormPart {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub data: Bytes,
}

/// A response the server sends.
#[derive(Debug, Clone)]
pub struct MockResponse {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
    delay: Duration,
    /// What happens after `body` is sent: by default the body ends.
    after_body: AfterBody,
}

/// How a response's body ends.
#[derive(Debug, Clone, Copy)]
enum AfterBody {
    End,
    /// Nothing more is sent for this long, then the body ends.
    Stall(Duration),
    /// The connection breaks.
    Cut,
}

impl MockResponse {
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Self::bytes(status, "application/json", serde_json::to_vec(&body).expect("JSON serializes"))
    }

    pub fn bytes(status: u16, content_type: &'static str, body: impl Into<Bytes>) -> Self {
        Self {
            status: StatusCode::from_u16(status).expect("a valid status"),
            headers: vec![(axum::http::header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
            body: body.into(),
            delay: Duration::ZERO,
            after_body: AfterBody::End,
        }
    }

    pub fn empty(status: u16) -> Self {
        Self {
            status: StatusCode::from_u16(status).expect("a valid status"),
            headers: Vec::new(),
            body: Bytes::new(),
            delay: Duration::ZERO,
            after_body: AfterBody::End,
        }
    }

    /// Sends the body, then nothing for `stall`, then ends it: for body timeouts.
    pub fn then_stall(mut self, stall: Duration) -> Self {
        self.after_body = AfterBody::Stall(stall);
        self
    }

    /// Sends the body, then breaks the connection, as if it were cut in the middle.
    pub fn then_cut(mut self) -> Self {
        self.after_body = AfterBody::Cut;
        self
    }

    /// Waits this long before answering, for timeout tests.
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((HeaderName::from_static(name), HeaderValue::from_str(value).expect("a valid header value")));
        self
    }
}

/// Computes a response from the request, for servers with behaviour rather than a script.
pub type Handler = Box<dyn Fn(&RecordedRequest) -> MockResponse + Send + Sync>;

#[derive(Default)]
struct Script {
    requests: Mutex<Vec<RecordedRequest>>,
    responses: Mutex<VecDeque<MockResponse>>,
    handler: Option<Handler>,
}

/// A server on `127.0.0.1` with a port the OS picked; it stops when the test's runtime ends.
pub struct MockServer {
    address: SocketAddr,
    script: Arc<Script>,
}

impl MockServer {
    /// A server that answers with the responses queued by [`respond`](Self::respond).
    pub async fn start() -> Self {
        Self::serve(Script::default()).await
    }

    /// A server that answers every request with what `handler` computes from it.
    pub async fn with_handler(handler: impl Fn(&RecordedRequest) -> MockResponse + Send + Sync + 'static) -> Self {
        Self::serve(Script { handler: Some(Box::new(handler)), ..Script::default() }).await
    }

    async fn serve(script: Script) -> Self {
        let script = Arc::new(script);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let address = listener.local_addr().expect("a bound address");
        let router = Router::new().fallback(record_and_respond).with_state(script.clone());
        tokio::spawn(async move { axum::serve(listener, router).await.expect("the mock server runs") });
        Self { address, script }
    }

    /// The server's base URL, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Queues the response to the next request.
    pub fn respond(&self, response: MockResponse) {
        self.script.responses.lock().expect("not poisoned").push_back(response);
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.script.requests.lock().expect("not poisoned").clone()
    }

    /// The only request received; fails the test if there were more or none.
    pub fn only_request(&self) -> RecordedRequest {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "expected exactly one request, got {requests:#?}");
        requests.into_iter().next().expect("one request")
    }
}

async fn record_and_respond(State(script): State<Arc<Script>>, request: Request<Body>) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let request = RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
        received_at: Instant::now(),
    };
    let computed = script.handler.as_ref().map(|handler| handler(&request));
    script.requests.lock().expect("not poisoned").push(request);
    let scripted = computed.or_else(|| script.responses.lock().expect("not poisoned").pop_front());
    let scripted = scripted.unwrap_or_else(|| MockResponse::bytes(599, "text/plain", "no response was scripted"));
    tokio::time::sleep(scripted.delay).await;
    let mut response = Response::builder().status(scripted.status);
    for (name, value) in scripted.headers {
        response = response.header(name, value);
    }
    response.body(body_of(scripted.body, scripted.after_body)).expect("a valid response")
}

fn body_of(body: Bytes, after: AfterBody) -> Body {
    let last: Option<Result<Bytes, std::io::Error>> = match after {
        AfterBody::End => return Body::from(body),
        AfterBody::Stall(_) => None,
        AfterBody::Cut => Some(Err(std::io::Error::other("the connection is cut"))),
    };
    let stall = match after {
        AfterBody::Stall(stall) => stall,
        _ => Duration::ZERO,
    };
    let first = futures_util::stream::iter([Ok::<_, std::io::Error>(body)]);
    let rest = futures_util::stream::once(async move {
        tokio::time::sleep(stall).await;
        last
    });
    Body::from_stream(first.chain(rest.filter_map(std::future::ready)))
}
