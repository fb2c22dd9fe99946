//! Interceptors: hooks around every call and each of its attempts, what they see, what they may
//! change, where their headers go, and how their errors reach the caller.

use std::sync::{Arc, Mutex};

use files_sdk::deeptable::types::File;
use files_sdk::deeptable::{Client, Error, UploadFile};
use files_sdk::muna::types::FileResource;
use files_sdk::runtime::{
    AttemptRequest, BoxError, BoxFuture, Call, CallOutcome, Interceptor, RequestOptions, ResponseHead,
};
use futures_util::StreamExt;
use reqwest::header::{HeaderName, HeaderValue};
use sdk_tests::{MockResponse, MockServer};
use serde_json::json;
use sha2::{Digest, Sha256};

const KEY: &str = "dt-interceptor-secret";

fn client_with(server: &MockServer, interceptor: impl Interceptor) -> Client {
    Client::builder().api_key(KEY).base_url(server.url()).interceptor(interceptor).build().unwrap()
}

fn file_json() -> serde_json::Value {
    json!({"id": "f", "content_type": "x", "created_at": "2024-01-15T10:30:00Z", "file_name": "t.xlsx", "object": "file", "size": 4})
}

fn unavailable() -> MockResponse {
    MockResponse::json(503, json!({"error": {"message": "try later"}})).header("retry-after-ms", "10")
}

/// Lines the hooks write, in the order they ran.
#[derive(Clone, Default)]
struct Journal(Arc<Mutex<Vec<String>>>);

impl Journal {
    fn write(&self, line: String) {
        self.0.lock().unwrap().push(line);
    }

    fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

/// Writes every hook it sees to the journal, and marks each attempt with a header of its own.
struct Recorder {
    name: &'static str,
    journal: Journal,
}

impl Interceptor for Recorder {
    fn before_call<'a>(&'a self, call: &'a Call) -> BoxFuture<'a, Result<(), BoxError>> {
        let operation = call.operation().expect("an API call names its operation");
        self.journal.write(format!(
            "{} before_call {} {} {} {}.{} {}",
            self.name,
            call.provider(),
            call.http_method(),
            operation.id(),
            operation.resource(),
            operation.method(),
            operation.path_template()
        ));
        Box::pin(async { Ok(()) })
    }

    fn before_attempt<'a>(&'a self, attempt: &'a mut AttemptRequest<'_>) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            // A hook may wait (for a signing key, say) before it answers.
            tokio::task::yield_now().await;
            let (number, method, path) = (attempt.attempt(), attempt.method().clone(), attempt.url().path().to_owned());
            self.journal.write(format!("{} before_attempt {number} {method} {path}", self.name));
            let name = HeaderName::try_from(format!("x-{}-attempt", self.name))?;
            attempt.headers_mut().insert(name, HeaderValue::from(number));
            Ok(())
        })
    }

    fn after_response<'a>(&'a self, response: &'a ResponseHead<'_>) -> BoxFuture<'a, Result<(), BoxError>> {
        let (name, attempt, status) = (self.name, response.attempt(), response.status().as_u16());
        self.journal.write(format!("{name} after_response {attempt} {status}"));
        Box::pin(async { Ok(()) })
    }

    fn after_call(&self, _call: &Call, outcome: CallOutcome<'_>) -> Result<(), BoxError> {
        let text = match outcome {
            Ok(value) => format!("ok {}", value.downcast_ref::<File>().map_or("not a File", |file| file.id.as_str())),
            Err(error) => format!("error {}", error.status().map_or(0, |status| status.as_u16())),
        };
        self.journal.write(format!("{} after_call {text}", self.name));
        Ok(())
    }
}

#[tokio::test]
async fn the_clients_then_the_calls_hooks_run_around_every_attempt_and_see_the_decoded_value() {
    let server = MockServer::start().await;
    server.respond(unavailable());
    server.respond(MockResponse::json(200, file_json()));
    let journal = Journal::default();
    let client = client_with(&server, Recorder { name: "client", journal: journal.clone() });
    let options = RequestOptions::new().interceptor(Recorder { name: "call", journal: journal.clone() });

    let file = client.files().retrieve("f").with_options(options).send().await.unwrap();

    assert_eq!(file.id, "f");
    assert_eq!(
        journal.lines(),
        [
            "client before_call DeepTable GET retrieveFile files.retrieve /v1/files/{file_id}",
            "call before_call DeepTable GET retrieveFile files.retrieve /v1/files/{file_id}",
            "client before_attempt 1 GET /v1/files/f",
            "call before_attempt 1 GET /v1/files/f",
            "client after_response 1 503",
            "call after_response 1 503",
            "client before_attempt 2 GET /v1/files/f",
            "call before_attempt 2 GET /v1/files/f",
            "client after_response 2 200",
            "call after_response 2 200",
            "client after_call ok f",
            "call after_call ok f",
        ]
    );
    let requests = server.requests();
    let marks: Vec<(Option<&str>, Option<&str>)> =
        requests.iter().map(|request| (request.header("x-client-attempt"), request.header("x-call-attempt"))).collect();
    assert_eq!(marks, [(Some("1"), Some("1")), (Some("2"), Some("2"))]);
}

#[tokio::test]
async fn a_failed_call_reaches_after_call_with_its_error() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(404, json!({"error": {"message": "no such file"}})));
    let journal = Journal::default();

    let error = client_with(&server, Recorder { name: "client", journal: journal.clone() })
        .files()
        .retrieve("f")
        .send()
        .await
        .unwrap_err();

    assert!(matches!(error, Error::NotFound(_)), "{error:?}");
    assert_eq!(journal.lines().last().map(String::as_str), Some("client after_call error 404"));
}

/// Signs each attempt over its method, path and exact body bytes, as an HMAC signer would.
struct Signer;

fn signature(method: &str, path: &str, body: &[u8]) -> String {
    let mut digest = Sha256::new();
    digest.update(KEY.as_bytes());
    digest.update(format!("{method} {path}\n").as_bytes());
    digest.update(body);
    digest.finalize().iter().map(|byte| format!("{byte:02x}")).collect()
}

impl Interceptor for Signer {
    fn before_attempt<'a>(&'a self, attempt: &'a mut AttemptRequest<'_>) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            let body = match attempt.body_bytes() {
                Some(bytes) => bytes.to_vec(),
                None => match attempt.reread_body().await {
                    Some(chunks) => {
                        let mut body = Vec::new();
                        let mut chunks = chunks?;
                        while let Some(chunk) = chunks.next().await {
                            body.extend_from_slice(&chunk?);
                        }
                        body
                    }
                    None => Vec::new(),
                },
            };
            assert_eq!(attempt.body_length(), Some(body.len() as u64), "the length is known before sending");
            let signature = signature(attempt.method().as_str(), attempt.url().path(), &body);
            attempt.headers_mut().insert("x-signature", HeaderValue::try_from(signature)?);
            Ok(())
        })
    }
}

#[tokio::test]
async fn a_signature_over_the_exact_bytes_is_made_anew_for_every_retry_of_a_streamed_upload() {
    let server = MockServer::start().await;
    server.respond(unavailable());
    server.respond(unavailable());
    server.respond(MockResponse::json(200, file_json()));
    let path = std::env::temp_dir().join(format!("signed-upload-{}.xlsx", std::process::id()));
    let content: Vec<u8> = (0..300_000u32).map(|index| (index % 251) as u8).collect();
    std::fs::write(&path, &content).unwrap();

    client_with(&server, Signer).files().upload().file(UploadFile::from_path(&path)).send().await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        let expected = signature(&request.method, &request.path, &request.body);
        assert_eq!(request.header("x-signature"), Some(expected.as_str()));
        assert_eq!(request.multipart().await[0].data.as_ref(), content.as_slice());
    }
    let signatures: Vec<_> = requests.iter().map(|request| request.header("x-signature")).collect();
    assert_ne!(signatures[0], signatures[1], "each attempt has its own multipart boundary, and its own signature");
    std::fs::remove_file(path).unwrap();
}

#[tokio::test]
async fn a_json_body_is_signed_from_memory() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({"upload_url": "https://s.example/u", "download_url": "https://s.example/d"}),
    ));
    let client = files_sdk::muna::Client::builder()
        .access_key("mu-key")
        .base_url(server.url())
        .interceptor(Signer)
        .build()
        .unwrap();

    let request = client.files().create_urls().name("a.csv").size(1).resource(FileResource::Prediction);
    request.mime_type("text/csv").send().await.unwrap();

    let request = server.only_request();
    assert_eq!(request.line(), "POST /values");
    let expected = signature("POST", "/values", &request.body);
    assert_eq!(request.header("x-signature"), Some(expected.as_str()));
}

/// Refuses the call at one hook.
enum Refuse {
    BeforeCall,
    SecondAttempt,
    AfterCall,
}

impl Interceptor for Refuse {
    fn before_call<'a>(&'a self, _call: &'a Call) -> BoxFuture<'a, Result<(), BoxError>> {
        let refused = matches!(self, Refuse::BeforeCall);
        Box::pin(async move {
            if refused {
                Err("no calls today".into())
            } else {
                Ok(())
            }
        })
    }

    fn before_attempt<'a>(&'a self, attempt: &'a mut AttemptRequest<'_>) -> BoxFuture<'a, Result<(), BoxError>> {
        let refused = matches!(self, Refuse::SecondAttempt) && attempt.attempt() == 2;
        Box::pin(async move {
            if refused {
                Err("no retries today".into())
            } else {
                Ok(())
            }
        })
    }

    fn after_call(&self, _call: &Call, _outcome: CallOutcome<'_>) -> Result<(), BoxError> {
        match self {
            Refuse::AfterCall => Err("the answer is not good enough".into()),
            _ => Ok(()),
        }
    }
}

#[tokio::test]
async fn an_interceptors_error_fails_the_call_as_a_typed_error_that_is_not_retried() {
    let server = MockServer::start().await;
    server.respond(unavailable());
    server.respond(MockResponse::json(200, file_json()));

    let before_call = client_with(&server, Refuse::BeforeCall).files().retrieve("f").send().await.unwrap_err();
    assert_eq!(before_call.to_string(), "an interceptor refused the call: no calls today");
    assert!(server.requests().is_empty(), "nothing is sent");

    let second_attempt = client_with(&server, Refuse::SecondAttempt).files().retrieve("f").send().await.unwrap_err();
    assert!(matches!(second_attempt, Error::Interceptor { .. }), "{second_attempt:?}");
    assert!(!second_attempt.is_retryable());
    assert_eq!(server.requests().len(), 1, "the retry was refused before it was sent");

    let after_call = client_with(&server, Refuse::AfterCall).files().retrieve("f").send().await.unwrap_err();
    assert_eq!(after_call.to_string(), "an interceptor refused the call: the answer is not good enough");
    assert_eq!(server.requests().len(), 2);
}

/// Adds a secret header to every attempt, and notes where each attempt went.
struct SecretHeader(Journal);

impl Interceptor for SecretHeader {
    fn before_attempt<'a>(&'a self, attempt: &'a mut AttemptRequest<'_>) -> BoxFuture<'a, Result<(), BoxError>> {
        self.0.write(format!("{} to_api={}", attempt.url().path(), attempt.goes_to_api()));
        attempt.headers_mut().insert("x-interceptor-secret", HeaderValue::from_static("s3cret"));
        Box::pin(async { Ok(()) })
    }
}

#[tokio::test]
async fn headers_an_interceptor_sets_go_to_the_api_only_never_along_a_redirect_or_to_a_download_url() {
    let api = MockServer::start().await;
    let storage = MockServer::start().await;
    api.respond(MockResponse::empty(302).header("location", &format!("{}/blob/1", storage.url())));
    storage.respond(MockResponse::bytes(200, "application/octet-stream", "one"));
    storage.respond(MockResponse::bytes(200, "application/octet-stream", "two"));
    let journal = Journal::default();
    let client = client_with(&api, SecretHeader(journal.clone()));

    let redirected = client.files().download("f").send().await.unwrap().bytes().await.unwrap();
    let fetched = client.download_url(&format!("{}/blob/2", storage.url())).await.unwrap().bytes().await.unwrap();

    assert_eq!((redirected.as_ref(), fetched.as_ref()), (&b"one"[..], &b"two"[..]));
    assert_eq!(api.only_request().header("x-interceptor-secret"), Some("s3cret"));
    let storage_requests = storage.requests();
    assert_eq!(storage_requests.len(), 2);
    assert!(storage_requests.iter().all(|request| request.header("x-interceptor-secret").is_none()));
    assert_eq!(journal.lines(), ["/v1/files/f/content to_api=true", "/blob/1 to_api=false", "/blob/2 to_api=false"]);
}
