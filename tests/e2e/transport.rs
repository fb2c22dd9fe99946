//! The transport seam, and what may be sent twice: a transport of the caller's own carries every
//! kind of request without a network; a POST whose connection broke is sent again only with an
//! idempotency key.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use files_sdk::deeptable::{Client, Error, UploadFile};
use files_sdk::muna::types::FileResource;
use files_sdk::runtime::{AttemptRequest, BoxError, BoxFuture, HttpTransport, Interceptor, RequestOptions};
use futures_util::TryStreamExt;
use reqwest::header::HeaderMap;
use sdk_tests::RecordedRequest;
use serde_json::json;

const KEY: &str = "dt-transport-secret";

/// A request as the transport was handed it.
struct Seen {
    method: String,
    url: url::Url,
    headers: HeaderMap,
    body: bytes::Bytes,
}

type Answer = Result<(u16, &'static str, Vec<u8>), std::io::Error>;

/// Answers the `index`th request.
type Answering = dyn Fn(&Seen, usize) -> Answer + Send + Sync;

/// Answers from memory, and keeps every request it was handed, body read to its end.
#[derive(Clone)]
struct InMemory {
    seen: Arc<Mutex<Vec<Seen>>>,
    answer: Arc<Answering>,
}

impl HttpTransport for InMemory {
    fn send(&self, request: reqwest::Request) -> BoxFuture<'_, Result<reqwest::Response, BoxError>> {
        Box::pin(async move {
            let (method, url, headers) =
                (request.method().to_string(), request.url().clone(), request.headers().clone());
            let request: axum::http::Request<reqwest::Body> = request.try_into()?;
            let body = axum::body::to_bytes(axum::body::Body::new(request.into_body()), usize::MAX).await?;
            let seen = Seen { method, url, headers, body };
            let mut log = self.seen.lock().unwrap();
            let answer = (self.answer)(&seen, log.len());
            log.push(seen);
            let (status, content_type, body) = answer?;
            let response =
                axum::http::Response::builder().status(status).header("content-type", content_type).body(body)?;
            Ok(reqwest::Response::from(response))
        })
    }
}

fn file_json(id: &str) -> serde_json::Value {
    json!({"id": id, "content_type": "x", "created_at": "2024-01-15T10:30:00Z", "file_name": "t.xlsx", "object": "file", "size": 3})
}

fn json_answer(value: serde_json::Value) -> Answer {
    Ok((200, "application/json", value.to_string().into_bytes()))
}

/// What DeepTable would answer, from the request alone; the first request is answered with a
/// connection reset, as a flaky network would.
fn deeptable_answer(seen: &Seen, index: usize) -> Answer {
    if index == 0 {
        return Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset by peer"));
    }
    let after = seen.url.query_pairs().find(|(name, _)| name == "after").map(|(_, value)| value.into_owned());
    match (seen.method.as_str(), seen.url.path(), after.as_deref()) {
        ("GET", "/v1/files/f1", _) => json_answer(file_json("f1")),
        ("GET", "/v1/files", None) => {
            json_answer(json!({"object": "list", "data": [file_json("f1")], "has_more": true, "last_id": "f1"}))
        }
        ("GET", "/v1/files", Some("f1")) => {
            json_answer(json!({"object": "list", "data": [file_json("f2")], "has_more": false, "last_id": "f2"}))
        }
        ("POST", "/v1/files", _) => json_answer(file_json("f3")),
        ("GET", "/v1/files/f3/content", _) => Ok((200, "application/octet-stream", b"xlsx".to_vec())),
        _ => Ok((404, "application/json", b"{}".to_vec())),
    }
}

#[tokio::test]
async fn a_transport_of_your_own_carries_calls_retries_pages_uploads_and_downloads_without_a_network() {
    let transport = InMemory { seen: Arc::default(), answer: Arc::new(deeptable_answer) };
    let client = Client::builder()
        .api_key(KEY)
        .base_url("http://deeptable.invalid")
        .transport(transport.clone())
        .build()
        .unwrap();

    let file = client.files().retrieve("f1").send().await.unwrap();
    let listed: Vec<_> = client.files().list().items().map_ok(|file| file.id).try_collect().await.unwrap();
    let uploaded =
        client.files().upload().file(UploadFile::from_bytes("abc").file_name("t.xlsx")).send().await.unwrap();
    let downloaded = client.files().download("f3").send().await.unwrap().bytes().await.unwrap();

    assert_eq!((file.id.as_str(), listed, uploaded.id.as_str()), ("f1", vec!["f1".to_owned(), "f2".to_owned()], "f3"));
    assert_eq!(downloaded.as_ref(), b"xlsx");
    let seen = std::mem::take(&mut *transport.seen.lock().unwrap());
    let lines: Vec<String> = seen.iter().map(|seen| format!("{} {}", seen.method, seen.url)).collect();
    assert_eq!(
        lines,
        [
            "GET http://deeptable.invalid/v1/files/f1",
            "GET http://deeptable.invalid/v1/files/f1",
            "GET http://deeptable.invalid/v1/files",
            "GET http://deeptable.invalid/v1/files?after=f1",
            "POST http://deeptable.invalid/v1/files",
            "GET http://deeptable.invalid/v1/files/f3/content",
        ],
        "the first GET was reset, and retried"
    );
    for seen in seen.iter() {
        let authorization = &seen.headers["authorization"];
        assert_eq!(authorization, &format!("Bearer {KEY}"));
        assert!(authorization.is_sensitive(), "a transport gets credentials marked sensitive");
    }
    let upload = RecordedRequest {
        method: "POST".to_owned(),
        path: "/v1/files".to_owned(),
        query: None,
        headers: seen[4].headers.clone(),
        body: seen[4].body.clone(),
        received_at: std::time::Instant::now(),
    };
    let parts = upload.multipart().await;
    assert_eq!((parts[0].name.as_str(), parts[0].data.as_ref()), ("file", &b"abc"[..]));
}

/// What a scripted TCP server does with one connection, once it has read the request.
enum Act {
    /// Closes the connection without an answer: the request may have been done.
    HangUp,
    /// Answers 200 with this JSON.
    Answer(serde_json::Value),
}

/// A server that plays `acts`, one connection each, and returns each request's
/// `Idempotency-Key` (or `-`).
fn scripted_server(acts: Vec<Act>) -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut keys = Vec::new();
        for act in acts {
            let (mut stream, _) = listener.accept().unwrap();
            let head = read_request(&mut stream);
            let key = head.lines().find_map(|line| line.strip_prefix("idempotency-key: ")).unwrap_or("-");
            keys.push(key.to_owned());
            if let Act::Answer(body) = act {
                let body = body.to_string();
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                stream.write_all(response.as_bytes()).unwrap();
            }
        }
        keys
    });
    (url, handle)
}

/// Reads a request whole, and returns its head.
fn read_request(stream: &mut std::net::TcpStream) -> String {
    let mut read = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let count = stream.read(&mut buffer).unwrap();
        read.extend_from_slice(&buffer[..count]);
        let text = String::from_utf8_lossy(&read).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length: "))
                .map_or(0, |length| length.parse::<usize>().unwrap());
            if body.len() >= length || count == 0 {
                return head.to_owned();
            }
        }
    }
}

fn muna(url: &str) -> files_sdk::muna::Client {
    files_sdk::muna::Client::builder().access_key("mu-key").base_url(url).build().unwrap()
}

fn urls() -> serde_json::Value {
    json!({"upload_url": "https://s.example/u", "download_url": "https://s.example/d"})
}

#[tokio::test]
async fn a_post_whose_connection_broke_is_not_sent_again_without_an_idempotency_key() {
    let (url, server) = scripted_server(vec![Act::HangUp]);

    let request = muna(&url).files().create_urls().name("a.csv").size(1).resource(FileResource::Prediction);
    let error = request.mime_type("text/csv").send().await.unwrap_err();

    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    assert_eq!(server.join().unwrap(), ["-"], "sent once: the server may have done it");
}

#[tokio::test]
async fn a_post_whose_connection_broke_is_sent_again_with_the_callers_idempotency_key() {
    let (url, server) = scripted_server(vec![Act::HangUp, Act::Answer(urls())]);

    let options = RequestOptions::new().header("Idempotency-Key", "create-a-csv-1");
    let request = muna(&url).files().create_urls().name("a.csv").size(1).resource(FileResource::Prediction);
    request.mime_type("text/csv").with_options(options).send().await.unwrap();

    assert_eq!(server.join().unwrap(), ["create-a-csv-1", "create-a-csv-1"]);
}

#[tokio::test]
async fn an_idempotent_delete_whose_connection_broke_is_sent_again() {
    let (url, server) =
        scripted_server(vec![Act::HangUp, Act::Answer(json!({"id": "f", "deleted": true, "object": "file"}))]);

    let client = Client::builder().api_key(KEY).base_url(url).build().unwrap();
    client.files().delete("f").send().await.unwrap();

    assert_eq!(server.join().unwrap().len(), 2);
}

/// Counts attempts.
#[derive(Clone, Default)]
struct Attempts(Arc<AtomicU32>);

impl Interceptor for Attempts {
    fn before_attempt<'a>(&'a self, _attempt: &'a mut AttemptRequest<'_>) -> BoxFuture<'a, Result<(), BoxError>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(()) })
    }
}

#[tokio::test]
async fn a_post_that_could_not_connect_sent_nothing_and_is_retried() {
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let attempts = Attempts::default();
    let client = files_sdk::muna::Client::builder()
        .access_key("mu-key")
        .base_url(&url)
        .max_retries(2)
        .interceptor(attempts.clone())
        .build()
        .unwrap();

    let request = client.files().create_urls().name("a.csv").size(1).resource(FileResource::Prediction);
    let error = request.mime_type("text/csv").send().await.unwrap_err();

    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    assert_eq!(attempts.0.load(Ordering::SeqCst), 3);
}
