//! Nothing leaks, nothing escapes, nothing hangs, nothing panics: each fault a server or a caller can
//! cause, against a scripted server on loopback, with exactly what the server saw and what the caller
//! got.

use std::time::{Duration, Instant};

use files_sdk::runtime::{Error, RequestOptions};
use files_sdk::{aymara, deeptable, llamacloud, spitch};
use futures_util::StreamExt;
use sdk_tests::{MockResponse, MockServer, RecordedRequest};
use serde_json::json;

const SECRET_HEADERS: [&str; 5] = ["authorization", "x-api-key", "cookie", "x-team", "x-per-call"];

fn deeptable_client(server: &MockServer) -> deeptable::Client {
    deeptable::Client::builder().api_key("dt-secret").base_url(server.url()).build().unwrap()
}

fn deleted() -> MockResponse {
    MockResponse::json(200, json!({"id": "f", "deleted": true, "object": "file"}))
}

fn assert_no_secrets(request: &RecordedRequest) {
    for header in SECRET_HEADERS {
        assert_eq!(request.header(header), None, "{header} reached {}", request.line());
    }
}

#[tokio::test]
async fn per_call_credentials_and_headers_stay_on_the_api_origin() {
    let elsewhere = MockServer::start().await;
    elsewhere.respond(deleted());
    let api = MockServer::start().await;
    api.respond(MockResponse::empty(307).header("location", &format!("{}/moved?sig=s", elsewhere.url())));
    let client = deeptable::Client::builder()
        .api_key("dt-secret")
        .default_header("x-team", "team-secret")
        .base_url(api.url())
        .build()
        .unwrap();
    let options = RequestOptions::new()
        .header("authorization", "Bearer per-call-secret")
        .header("x-api-key", "per-call-key")
        .header("cookie", "session=per-call")
        .header("x-per-call", "per-call-secret")
        .query("token", "per-call-query");

    let deleted = client.files().delete("f").with_options(options).send().await.unwrap();

    let first = api.only_request();
    assert_eq!(first.line(), "DELETE /v1/files/f?token=per-call-query");
    assert_eq!(first.header("authorization"), Some("Bearer per-call-secret"), "a per-call header wins on the API");
    assert_eq!((first.header("x-per-call"), first.header("x-team")), (Some("per-call-secret"), Some("team-secret")));
    let followed = elsewhere.only_request();
    assert_eq!(followed.line(), "DELETE /moved?sig=s");
    assert_no_secrets(&followed);
    assert_eq!(deleted.id, "f");
}

#[tokio::test]
async fn a_caller_supplied_http_client_builder_keeps_redirects_in_the_sdks_hands() {
    let elsewhere = MockServer::start().await;
    elsewhere.respond(MockResponse::empty(204));
    let api = MockServer::start().await;
    api.respond(MockResponse::empty(302).header("location", &format!("{}/elsewhere", elsewhere.url())));
    let client = aymara::Client::builder()
        .api_key("ay-secret")
        .bearer_token("ay-token")
        .default_header("x-team", "team-secret")
        .http_client(reqwest::Client::builder().user_agent("custom"))
        .base_url(api.url())
        .build()
        .unwrap();

    client.files().delete("f").send().await.unwrap();

    assert_eq!(api.only_request().header("x-api-key"), Some("ay-secret"));
    let followed = elsewhere.only_request();
    assert_eq!(followed.line(), "DELETE /elsewhere");
    assert_no_secrets(&followed);
}

#[test]
fn a_base_url_that_names_no_host_is_refused_when_the_client_is_built() {
    // `localhost:8080` parses as a URL whose scheme is `localhost`: nothing could be sent to it.
    for base_url in ["localhost:8080", "not a url"] {
        let error = deeptable::Client::builder().api_key("dt-secret").base_url(base_url).build().unwrap_err();
        assert!(matches!(error, Error::Config { .. }), "{base_url}: {error}");
        assert!(error.to_string().contains(&format!("the base URL `{base_url}` is not valid")), "{error}");
    }
}

#[tokio::test]
async fn path_parameters_that_would_change_the_route_are_refused_for_every_method() {
    let server = MockServer::start().await;
    let spitch = spitch::Client::builder().api_key("k").base_url(server.url()).build().unwrap();
    let deeptable = deeptable_client(&server);
    let aymara = aymara::Client::builder().api_key("k").base_url(server.url()).build().unwrap();
    let llamacloud = llamacloud::Client::builder().api_key("k").base_url(server.url()).build().unwrap();

    for value in ["..", ".", ""] {
        let outcomes: Vec<Result<(), Error>> = vec![
            spitch.files().get(value).send().await.map(drop),
            spitch.files().delete(value).send().await.map(drop),
            spitch.files().download(value).send().await.map(drop),
            spitch.files().download_content(value).await.map(drop),
            deeptable.files().retrieve(value).send().await.map(drop),
            deeptable.files().delete(value).send().await.map(drop),
            deeptable.files().download(value).send().await.map(drop),
            aymara.files().get(value).send().await.map(drop),
            aymara.files().delete(value).send().await.map(drop),
            aymara.files().get_frames(value).send().await.map(drop),
            aymara.files().get_status(value).send().await.map(drop),
            aymara.files().download_content(value).await.map(drop),
            aymara.files().wait_for_processing(value, aymara::WaitOptions::default()).await.map(drop),
            llamacloud.files().delete(value).send().await.map(drop),
            llamacloud.files().get(value).send().await.map(drop),
            llamacloud.files().download_content(value).await.map(drop),
        ];
        for (index, outcome) in outcomes.into_iter().enumerate() {
            let error = outcome.unwrap_err();
            assert!(
                matches!(&error, Error::InvalidRequest { message } if message.contains("would change the route")),
                "method {index} with {value:?}: {error:?}"
            );
        }
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[tokio::test]
async fn an_error_body_that_stalls_ends_at_the_deadline_and_keeps_the_status() {
    let server = MockServer::start().await;
    let stalled = MockResponse::bytes(500, "application/json", &b"{\"error\": {\"mess"[..])
        .header("x-request-id", "req-stall")
        .then_stall(Duration::from_secs(120));
    server.respond(stalled);
    let client = deeptable::Client::builder()
        .api_key("k")
        .base_url(server.url())
        .timeout(Duration::from_millis(500))
        .max_retries(0)
        .build()
        .unwrap();
    let started = Instant::now();

    let error = client.files().delete("f").send().await.unwrap_err();

    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(500), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(60), "the stalled body was waited for: {elapsed:?}");
    let Error::InternalServer(api_error) = &error else { panic!("expected the status error, got {error:?}") };
    assert_eq!(api_error.status.as_u16(), 500);
    assert_eq!(api_error.request_id.as_deref(), Some("req-stall"));
    assert_eq!(api_error.body.as_ref(), b"{\"error\": {\"mess");
    assert!(api_error.body_truncated);
}

#[tokio::test]
async fn an_error_body_cut_short_keeps_status_headers_request_id_and_what_arrived() {
    let server = MockServer::start().await;
    let cut = MockResponse::bytes(503, "application/json", &b"{\"error\": \"overlo"[..])
        .header("x-request-id", "req-cut")
        .header("x-should-retry", "false")
        .then_cut();
    server.respond(cut);

    let error = deeptable_client(&server).files().delete("f").send().await.unwrap_err();

    let Error::InternalServer(api_error) = &error else { panic!("expected the status error, got {error:?}") };
    assert_eq!(api_error.status.as_u16(), 503);
    assert_eq!(api_error.headers.get("x-should-retry").unwrap(), "false");
    assert_eq!(error.request_id(), Some("req-cut"));
    assert_eq!(api_error.body.as_ref(), b"{\"error\": \"overlo");
    assert!(api_error.body_truncated);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn the_timeout_bounds_each_attempt_and_the_total_timeout_the_whole_call() {
    let server = MockServer::start().await;
    server.respond(deleted().after(Duration::from_secs(5)));
    server.respond(deleted());
    let client = deeptable_client(&server);

    // Per attempt: the slow first attempt times out, the retry succeeds.
    let options = RequestOptions::new().timeout(Duration::from_millis(200)).max_retries(1);
    let raw = client.files().delete("f").with_options(options).send_raw().await.unwrap();
    assert_eq!(raw.retries(), 1);

    // In all: a retry that would start after the total timeout is not made.
    server.respond(MockResponse::empty(503).header("retry-after", "2"));
    let options = RequestOptions::new().total_timeout(Duration::from_secs(1)).max_retries(5);
    let error = client.files().delete("f").with_options(options).send().await.unwrap_err();
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 3, "two attempts, then one that was not retried");

    // The total also cuts an attempt short.
    server.respond(deleted().after(Duration::from_secs(5)));
    let options = RequestOptions::new().total_timeout(Duration::from_millis(300));
    let started = Instant::now();
    let error = client.files().delete("f").with_options(options).send().await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert!(started.elapsed() < Duration::from_secs(5), "the slow response was waited for");
}

#[tokio::test]
async fn file_names_cannot_add_multipart_headers() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({"file_id": "f", "status": "ready", "created_at": "2025-03-01T08:00:00Z"}),
    ));
    let client = spitch::Client::builder().api_key("k").base_url(server.url()).build().unwrap();
    let name = "evil\r\nContent-Type: text/html\r\nX-Injected: \"yes\".txt";

    let file = spitch::UploadFile::from_bytes(&b"hello"[..]).file_name(name).mime_type("text/plain");
    client.files().upload().file(file).send().await.unwrap();

    let request = server.only_request();
    let body = String::from_utf8_lossy(&request.body);
    assert!(!body.contains("\r\nX-Injected"), "{body}");
    assert!(!body.contains("\r\nContent-Type: text/html"), "{body}");
    let parts = request.multipart().await;
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].file_name.as_deref(), Some("evil%0D%0AContent-Type: text/html%0D%0AX-Injected: %22yes%22.txt"));
    assert_eq!(parts[0].content_type.as_deref(), Some("text/plain"));
    assert_eq!(parts[0].data.as_ref(), b"hello");
}

#[tokio::test]
async fn bodies_read_whole_are_bounded_and_error_bodies_keep_their_start() {
    let server = MockServer::start().await;
    let big_json =
        format!("{{\"id\": \"f\", \"deleted\": true, \"object\": \"file\", \"pad\": \"{}\"}}", "x".repeat(4096));
    server.respond(MockResponse::bytes(200, "application/json", big_json.clone()));
    // A body that streams (no Content-Length) is cut off at the limit as it arrives.
    server.respond(MockResponse::bytes(200, "application/json", big_json).then_stall(Duration::ZERO));
    server.respond(MockResponse::bytes(500, "text/plain", vec![b'e'; 1024 * 1024]).header("x-should-retry", "false"));
    let client =
        deeptable::Client::builder().api_key("k").base_url(server.url()).max_response_size(1024).build().unwrap();

    // With a Content-Length, then streamed without one.
    for _ in 0..2 {
        let error = client.files().delete("f").send().await.unwrap_err();
        assert!(matches!(error, Error::ResponseTooLarge { limit: 1024 }), "{error:?}");
    }
    let error = client.files().delete("f").send().await.unwrap_err();

    let api_error = error.api_error().unwrap();
    assert_eq!(api_error.body.len(), 64 * 1024, "only the start of an error body is kept");
    assert!(api_error.body_truncated);
    assert_eq!(api_error.status.as_u16(), 500);
}

#[tokio::test]
async fn offset_paging_stops_when_the_server_ignores_the_offset() {
    let item = |index: usize| {
        json!({"file_uuid": format!("f-{index}"), "content_type": "image/png", "file_type": "image",
               "organization_uuid": "org", "remote_file_path": "p", "created_at": "2025-01-01T00:00:00Z",
               "updated_at": "2025-01-01T00:00:00Z"})
    };
    let page: Vec<serde_json::Value> = (0..10).map(item).collect();
    let server =
        MockServer::with_handler(move |_| MockResponse::json(200, json!({"items": page, "count": 1000}))).await;
    let client = aymara::Client::builder().api_key("k").base_url(server.url()).build().unwrap();

    let results: Vec<_> = client.files().list().limit(10).items().collect().await;

    assert_eq!(results.len(), 11, "one page of items, then the error");
    assert!(results[..10].iter().all(Result::is_ok));
    let Err(Error::Pagination { message }) = &results[10] else { panic!("{:?}", results[10]) };
    assert!(message.contains("at offset 10"), "{message}");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn any_retry_delay_the_server_sends_is_survived() {
    let server = MockServer::start().await;
    // Too large for a `Duration`, and negative: the backoff applies instead.
    for value in ["1e300", "-5"] {
        server.respond(MockResponse::empty(503).header("retry-after", value));
        server.respond(MockResponse::empty(503).header("retry-after-ms", value));
        server.respond(deleted());
    }
    let client = deeptable_client(&server);

    for _ in 0..2 {
        let raw = client.files().delete("f").send_raw().await.unwrap();
        assert_eq!(raw.retries(), 2);
    }
    assert_eq!(server.requests().len(), 6);
}
