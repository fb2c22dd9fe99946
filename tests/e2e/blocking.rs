//! The blocking clients: the same round trips as the async ones, from code with no async runtime.

use files_sdk::deeptable::blocking::Client;
use files_sdk::deeptable::types::FileDeleteResponse;
use files_sdk::deeptable::{Error, UploadFile};
use sdk_tests::{FormPart, MockResponse, MockServer};
use serde_json::json;

/// The server runs on a runtime of its own; the test thread only ever blocks.
fn server() -> (tokio::runtime::Runtime, MockServer) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(MockServer::start());
    (runtime, server)
}

fn file_json(id: &str) -> serde_json::Value {
    json!({"id": id, "content_type": "text/csv", "created_at": "2024-01-15T10:30:00Z", "file_name": "a.xlsx", "object": "file", "size": 3})
}

#[test]
fn list_upload_download_and_delete_block_until_done() {
    let (_runtime, server) = server();
    server.respond(MockResponse::json(
        200,
        json!({"data": [file_json("f1")], "has_more": false, "object": "list", "first_id": "f1", "last_id": "f1"}),
    ));
    server.respond(MockResponse::json(200, file_json("f2")));
    server.respond(MockResponse::bytes(200, "application/octet-stream", vec![7u8; 100_000]));
    server.respond(MockResponse::json(200, json!({"id": "f2", "deleted": true, "object": "file"})));
    let client = Client::builder().api_key("blocking-key").base_url(server.url()).build().unwrap();

    let page = client.files().list().limit(1).send().unwrap();
    let uploaded =
        client.files().upload().file(UploadFile::from_bytes(&b"a,b"[..]).file_name("a.xlsx")).send().unwrap();
    let stream = client.files().download("f2").send().unwrap();
    let chunks: Vec<_> = stream.collect::<Result<_, _>>().unwrap();
    let deleted = client.files().delete("f2").send().unwrap();

    let requests = server.requests();
    let lines: Vec<String> = requests.iter().map(|request| format!("{} {}", request.method, request.path)).collect();
    assert_eq!(lines, ["GET /v1/files", "POST /v1/files", "GET /v1/files/f2/content", "DELETE /v1/files/f2"]);
    assert_eq!(requests[0].query.as_deref(), Some("limit=1"));
    assert!(requests.iter().all(|request| request.header("authorization") == Some("Bearer blocking-key")));
    let parts = tokio::runtime::Runtime::new().unwrap().block_on(requests[1].multipart());
    assert_eq!(
        parts,
        vec![FormPart {
            name: "file".into(),
            file_name: Some("a.xlsx".into()),
            content_type: Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".into()),
            data: b"a,b".to_vec().into(),
        }]
    );
    assert_eq!(page.data[0].id, "f1");
    assert_eq!(uploaded.id, "f2");
    assert_eq!(chunks.concat(), vec![7u8; 100_000]);
    assert_eq!(deleted, FileDeleteResponse { id: "f2".into(), deleted: true, object: "file".into() });
}

#[test]
fn retries_raw_responses_and_errors_behave_as_in_the_async_client() {
    let (_runtime, server) = server();
    server.respond(MockResponse::empty(503).header("retry-after-ms", "10"));
    server.respond(MockResponse::json(200, file_json("f3")).header("x-request-id", "req_b"));
    server.respond(MockResponse::json(404, json!({"error": {"message": "gone"}})));
    let client = Client::builder().api_key("blocking-key").base_url(server.url()).build().unwrap();

    let raw = client.files().retrieve("f3").send_raw().unwrap();
    assert_eq!((raw.retries(), raw.request_id()), (1, Some("req_b")));
    assert_eq!(raw.parse().unwrap().id, "f3");
    let error = client.files().retrieve("f4").send().unwrap_err();

    assert!(
        matches!(&error, Error::NotFound(api_error) if api_error.message().as_deref() == Some("gone")),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 3);
    assert!(!format!("{client:?}").contains("blocking-key"));
}

#[test]
fn the_aymara_blocking_client_keeps_environments_and_both_credentials() {
    let (_runtime, server) = server();
    server.respond(MockResponse::empty(204));
    let client = files_sdk::aymara::blocking::Client::builder()
        .environment(files_sdk::aymara::Environment::Staging)
        .base_url(server.url())
        .api_key("ay")
        .bearer_token("tok")
        .build()
        .unwrap();

    client.files().delete("f").send().unwrap();

    let request = server.only_request();
    assert_eq!((request.header("x-api-key"), request.header("authorization")), (Some("ay"), Some("Bearer tok")));
}
