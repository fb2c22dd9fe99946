//! Blocking use: any request, list or download of the async SDK, run by `Blocking` from code with no
//! async runtime, with the same requests on the wire and the same values back.

use files_sdk::deeptable::types::{File, FileDeleteResponse};
use files_sdk::deeptable::{Blocking, Client, Error, UploadFile};
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
    let blocking = Blocking::new().unwrap();

    let page = blocking.wait(client.files().list().limit(1).send()).unwrap();
    let file = UploadFile::from_bytes(&b"a,b"[..]).file_name("a.xlsx");
    let uploaded = blocking.wait(client.files().upload().file(file).send()).unwrap();
    let stream = blocking.wait(client.files().download("f2").send()).unwrap();
    let chunks: Vec<_> = blocking.iter(stream.into_stream()).collect::<Result<_, _>>().unwrap();
    let deleted = blocking.wait(client.files().delete("f2").send()).unwrap();

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
    assert_eq!(deleted, FileDeleteResponse::new("f2".into()));
}

#[test]
fn items_are_an_iterator_that_fetches_page_by_page() {
    let (_runtime, server) = server();
    server.respond(MockResponse::json(
        200,
        json!({"data": [file_json("f1"), file_json("f2")], "has_more": true, "object": "list", "first_id": "f1", "last_id": "f2"}),
    ));
    server.respond(MockResponse::json(
        200,
        json!({"data": [file_json("f3")], "has_more": false, "object": "list", "first_id": "f3", "last_id": "f3"}),
    ));
    let client = Client::builder().api_key("blocking-key").base_url(server.url()).build().unwrap();
    let blocking = Blocking::new().unwrap();

    let mut items = blocking.iter(client.files().list().limit(2).items());
    let first: File = items.next().unwrap().unwrap();
    assert_eq!((first.id.as_str(), server.requests().len()), ("f1", 1), "the second page is not fetched yet");
    let rest: Vec<String> = items.map(|file| file.unwrap().id).collect();

    assert_eq!(rest, ["f2", "f3"]);
    let afters: Vec<Option<String>> = server.requests().iter().map(|request| request.query_param("after")).collect();
    assert_eq!(afters, [None, Some("f2".to_owned())]);
}

#[test]
fn retries_raw_responses_and_errors_behave_as_in_async_code() {
    let (_runtime, server) = server();
    server.respond(MockResponse::empty(503).header("retry-after-ms", "10"));
    server.respond(MockResponse::json(200, file_json("f3")).header("x-request-id", "req_b"));
    server.respond(MockResponse::json(404, json!({"error": {"message": "gone"}})));
    let client = Client::builder().api_key("blocking-key").base_url(server.url()).build().unwrap();
    let blocking = Blocking::new().unwrap();

    let raw = blocking.wait(client.files().retrieve("f3").send_raw()).unwrap();
    assert_eq!((raw.retries(), raw.request_id()), (1, Some("req_b")));
    assert_eq!(blocking.wait(raw.parse()).unwrap().id, "f3");
    let error = blocking.wait(client.files().retrieve("f4").send()).unwrap_err();

    assert!(
        matches!(&error, Error::NotFound(api_error) if api_error.message().as_deref() == Some("gone")),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 3);
    assert!(!format!("{client:?}").contains("blocking-key"));
}

#[test]
fn a_blocking_runtime_is_safe_to_make_use_and_drop_inside_an_async_runtime() {
    let (runtime, server) = server();
    server.respond(MockResponse::empty(204));
    let client = files_sdk::aymara::Client::builder()
        .environment(files_sdk::aymara::Environment::Staging)
        .base_url(server.url())
        .api_key("ay")
        .bearer_token("tok")
        .build()
        .unwrap();

    // A blocking call from an async context blocks that thread, but nothing panics.
    runtime.block_on(async {
        let blocking = files_sdk::aymara::Blocking::new().unwrap();
        blocking.wait(client.files().delete("f").send()).unwrap();
        drop(blocking);
    });

    let request = server.only_request();
    assert_eq!((request.header("x-api-key"), request.header("authorization")), (Some("ay"), Some("Bearer tok")));
}
