//! The runtime every generated method goes through: retries, timeouts, errors, per-request options,
//! raw responses, idempotency keys and logs, against scripted loopback servers.

use std::time::{Duration, Instant};

use files_sdk::aymara::types::FileUploadItem;
use files_sdk::deeptable::{Client, Error, UploadFile};
use files_sdk::runtime::RequestOptions;
use sdk_tests::{MockResponse, MockServer};
use serde_json::json;

const KEY: &str = "dt-runtime-secret";

fn client(server: &MockServer) -> Client {
    Client::builder().api_key(KEY).base_url(server.url()).build().unwrap()
}

fn deleted() -> MockResponse {
    MockResponse::json(200, json!({"id": "f", "deleted": true, "object": "file"}))
}

fn unavailable() -> MockResponse {
    // A short server-given delay keeps the suite fast; the backoff itself is unit-tested.
    MockResponse::json(503, json!({"error": {"message": "try later"}})).header("retry-after-ms", "10")
}

#[tokio::test]
async fn two_503s_then_200_take_three_attempts_and_return_the_value() {
    let server = MockServer::start().await;
    server.respond(unavailable());
    server.respond(unavailable());
    server.respond(deleted());

    let raw = client(&server).files().delete("f").send_raw().await.unwrap();
    assert_eq!(raw.retries(), 2);
    assert_eq!(raw.status().as_u16(), 200);
    let value = raw.parse().await.unwrap();

    assert_eq!(value.id, "f");
    let requests = server.requests();
    let retry_counts: Vec<_> =
        requests.iter().map(|request| request.header("x-retry-count").unwrap().to_owned()).collect();
    assert_eq!(retry_counts, ["0", "1", "2"]);
    assert!(requests.iter().all(|request| request.method == "DELETE" && request.path == "/v1/files/f"));
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    server.respond(MockResponse::empty(429).header("retry-after", "1"));
    server.respond(deleted());

    client(&server).files().delete("f").send().await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let waited = requests[1].received_at - requests[0].received_at;
    assert!(waited >= Duration::from_secs(1), "waited only {waited:?}");
}

#[tokio::test]
async fn without_server_guidance_the_backoff_waits_at_least_three_eighths_of_a_second() {
    let server = MockServer::start().await;
    server.respond(MockResponse::empty(500));
    server.respond(deleted());

    client(&server).files().delete("f").send().await.unwrap();

    let requests = server.requests();
    let waited = requests[1].received_at - requests[0].received_at;
    // 0.5 s shortened by at most 25%.
    assert!(waited >= Duration::from_millis(375), "waited only {waited:?}");
}

#[tokio::test]
async fn x_should_retry_false_stops_at_once() {
    let server = MockServer::start().await;
    server.respond(
        MockResponse::json(503, json!({"error": {"message": "down for maintenance"}}))
            .header("x-should-retry", "false"),
    );

    let error = client(&server).files().delete("f").send().await.unwrap_err();

    assert_eq!(server.requests().len(), 1);
    assert!(matches!(error, Error::InternalServer(_)), "{error:?}");
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn retries_stop_at_the_budget_and_the_last_error_is_returned() {
    let server = MockServer::start().await;
    for _ in 0..3 {
        server.respond(unavailable().header("x-request-id", "req_last"));
    }

    let error = client(&server).files().delete("f").send().await.unwrap_err();

    assert_eq!(server.requests().len(), 3, "one attempt and the default two retries");
    assert!(error.is_retryable());
    assert_eq!(error.request_id(), Some("req_last"));
}

#[tokio::test]
async fn each_status_maps_to_its_variant_with_body_and_request_id() {
    let server = MockServer::start().await;
    let client = Client::builder().api_key(KEY).base_url(server.url()).max_retries(0).build().unwrap();
    type IsVariant = fn(&Error) -> bool;
    let cases: [(u16, IsVariant); 10] = [
        (400, |error| matches!(error, Error::BadRequest(_))),
        (401, |error| matches!(error, Error::Authentication(_))),
        (403, |error| matches!(error, Error::PermissionDenied(_))),
        (404, |error| matches!(error, Error::NotFound(_))),
        (409, |error| matches!(error, Error::Conflict(_))),
        (422, |error| matches!(error, Error::UnprocessableEntity(_))),
        (429, |error| matches!(error, Error::RateLimited(_))),
        (500, |error| matches!(error, Error::InternalServer(_))),
        (503, |error| matches!(error, Error::InternalServer(_))),
        (418, |error| matches!(error, Error::UnexpectedStatus(_))),
    ];
    for (status, is_variant) in cases {
        server.respond(
            MockResponse::json(status, json!({"error": {"message": format!("status {status}")}}))
                .header("x-request-id", &format!("req_{status}")),
        );
        let error = client.files().retrieve("f").send().await.unwrap_err();
        assert!(is_variant(&error), "{status}: {error:?}");
        let api_error = error.api_error().unwrap();
        assert_eq!(api_error.status.as_u16(), status);
        assert_eq!(api_error.request_id.as_deref(), Some(format!("req_{status}").as_str()));
        assert_eq!(api_error.json, Some(json!({"error": {"message": format!("status {status}")}})));
        assert_eq!(api_error.message(), Some(format!("status {status}")));
        assert!(!format!("{error:?} {error}").contains(KEY));
    }
    assert_eq!(server.requests().len(), cases.len());
}

#[tokio::test]
async fn a_slow_server_times_out_and_timeouts_are_retried() {
    let server = MockServer::start().await;
    server.respond(deleted().after(Duration::from_secs(3)));
    server.respond(deleted().after(Duration::from_secs(3)));
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.url())
        .timeout(Duration::from_millis(200))
        .max_retries(1)
        .build()
        .unwrap();

    let started = Instant::now();
    let error = client.files().delete("f").send().await.unwrap_err();

    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(server.requests().len(), 2);
    assert!(started.elapsed() >= Duration::from_millis(400), "two attempts of 200 ms each");
}

#[tokio::test]
async fn a_per_request_timeout_and_retry_budget_override_the_clients() {
    let server = MockServer::start().await;
    server.respond(deleted().after(Duration::from_secs(3)));

    let options = RequestOptions::new().timeout(Duration::from_millis(100)).max_retries(0);
    let error = client(&server).files().delete("f").with_options(options).send().await.unwrap_err();

    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn an_unreachable_server_is_a_connection_error_after_retries() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder().api_key(KEY).base_url(url).max_retries(1).build().unwrap();

    let started = Instant::now();
    let error = client.files().delete("f").send().await.unwrap_err();

    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    assert!(started.elapsed() >= Duration::from_millis(375), "one backoff before the retry");
    assert!(!error.to_string().contains(KEY));
}

#[tokio::test]
async fn extra_headers_query_parameters_and_body_fields_arrive() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(200, json!({"data": [], "has_more": false, "object": "list"})));
    server.respond(MockResponse::json(200, json!({"files": []})));

    let options = RequestOptions::new()
        .header("x-trace-id", "trace-7")
        .header("authorization", "Bearer override")
        .query("beta", "yes");
    client(&server).files().list().limit(5).with_options(options).send().await.unwrap();
    let aymara = files_sdk::aymara::Client::builder().api_key("ay").base_url(server.url()).build().unwrap();
    let options = RequestOptions::new()
        .body_field("priority", json!("high"))
        .body_field("workspace_uuid", json!("ws-from-options"));
    let files = vec![FileUploadItem { remote_uri: Some("https://example.com/a.png".into()), ..Default::default() }];
    aymara.files().create().files(files).with_options(options).send().await.unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].query.as_deref(), Some("limit=5&beta=yes"));
    assert_eq!(requests[0].header("x-trace-id"), Some("trace-7"));
    assert_eq!(requests[0].header("authorization"), Some("Bearer override"), "a per-request header wins");
    assert_eq!(
        requests[1].json(),
        json!({"files": [{"remote_uri": "https://example.com/a.png"}], "priority": "high", "workspace_uuid": "ws-from-options"})
    );
}

#[tokio::test]
async fn raw_responses_give_headers_and_request_id_before_the_body() {
    let server = MockServer::start().await;
    server.respond(
        MockResponse::bytes(200, "application/octet-stream", &b"xlsx bytes"[..]).header("x-request-id", "req_raw"),
    );

    let raw = client(&server).files().download("f").send_raw().await.unwrap();

    assert_eq!(raw.request_id(), Some("req_raw"));
    assert_eq!(raw.headers()["content-type"], "application/octet-stream");
    assert_eq!(raw.retries(), 0);
    let stream = raw.parse().await.unwrap();
    assert_eq!(stream.bytes().await.unwrap().as_ref(), b"xlsx bytes");
}

#[tokio::test]
async fn an_upload_from_a_path_is_sent_whole_again_on_retry() {
    let server = MockServer::start().await;
    server.respond(unavailable());
    server.respond(MockResponse::json(
        200,
        json!({"id": "f", "content_type": "x", "created_at": "2024-01-15T10:30:00Z", "file_name": "t.xlsx", "object": "file", "size": 4}),
    ));
    let path = std::env::temp_dir().join(format!("runtime-retry-{}.xlsx", std::process::id()));
    let content: Vec<u8> = (0..200_000u32).map(|index| (index % 251) as u8).collect();
    std::fs::write(&path, &content).unwrap();

    client(&server).files().upload().file(UploadFile::from_path(&path)).send().await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        let parts = request.multipart().await;
        assert_eq!(parts[0].data.as_ref(), content.as_slice());
        assert_eq!(parts[0].file_name.as_deref(), Some(path.file_name().unwrap().to_str().unwrap()));
    }
    std::fs::remove_file(path).unwrap();
}

#[tokio::test]
async fn every_request_says_who_sent_it() {
    let server = MockServer::start().await;
    server.respond(deleted());
    let client =
        Client::builder().api_key(KEY).base_url(server.url()).default_header("x-team", "files").build().unwrap();

    client.files().delete("f").send().await.unwrap();

    let request = server.only_request();
    assert_eq!(request.header("user-agent"), Some(concat!("files-sdk/", env!("CARGO_PKG_VERSION"), " (deeptable)")));
    assert_eq!(request.header("x-team"), Some("files"));
    assert!(!format!("{client:?}").contains(KEY));
}

#[tokio::test]
async fn a_missing_required_value_says_which_and_sends_nothing() {
    let server = MockServer::start().await;

    let error = client(&server).files().upload().send().await.unwrap_err();

    assert_eq!(error.to_string(), "invalid request: the required parameter `file` was not set");
    assert!(server.requests().is_empty());
}

/// A call's future is what `tokio::spawn` (or a `Box::pin`) allocates for every call. Kept under
/// 1 KiB, it fits glibc's per-thread cache (blocks up to 1,032 bytes); a larger block takes the
/// allocator's arena lock, which 64 concurrent calls contend for (the concurrency benchmark shows
/// it). It was 3 KiB while futures stored the request they were handed more than once.
#[test]
fn a_calls_future_fits_the_allocators_per_thread_cache() {
    let deeptable = Client::builder().api_key(KEY).base_url("http://127.0.0.1:9").build().unwrap();
    let get = deeptable.files().retrieve("file-1").send();
    let muna = files_sdk::muna::Client::builder().access_key(KEY).base_url("http://127.0.0.1:9").build().unwrap();
    let post = muna.files().create_urls().name("a.csv").size(1).send();
    for (call, size) in [("GET", std::mem::size_of_val(&get)), ("POST", std::mem::size_of_val(&post))] {
        assert!(size <= 1024, "a {call} call's future is {size} bytes");
    }
}
