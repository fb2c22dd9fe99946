//! Spitch's Files API through the generated SDK, against a loopback server: each method's exact
//! request and decoded value, and responses shaped as Spitch's servers really send them.

use chrono::{DateTime, TimeZone, Utc};
use files_sdk::spitch::types::{File, FileDeleteResponse, FileDownloadUrl, FileList, FileStatus, FileUsage};
use files_sdk::spitch::{Client, Error, UploadFile};
use sdk_tests::{undeclared, with_undeclared, FormPart, MockResponse, MockServer, RecordedRequest};
use serde_json::json;

/// Spitch promises a string, not a UUID.
const FILE_ID: &str = "file_7Hq2";

fn client(server: &MockServer) -> Client {
    Client::builder().api_key("sp-test-key").base_url(server.url()).build().unwrap()
}

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 1, hour, 0, 0).unwrap()
}

fn ready_file() -> File {
    File::new(FILE_ID.into(), FileStatus::Ready, at(8))
}

/// What every call to the API carries.
fn assert_api_call(request: &RecordedRequest, line: &str) {
    assert_eq!(request.line(), line);
    assert_eq!(request.header("authorization"), Some("Bearer sp-test-key"));
    assert_eq!(request.header("accept"), Some("application/json"));
}

#[tokio::test]
async fn list_sends_status_limit_and_cursor_and_decodes_items() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({
            "items": [
                {"file_id": FILE_ID, "status": "ready", "created_at": "2025-03-01T08:00:00Z", "original_name": "document.pdf",
                 "size_bytes": 2048, "content_type": "application/pdf", "category": "document", "uploaded_by": "ada@example.com"},
                {"file_id": "2", "status": "archived", "created_at": "2025-03-01T10:00:00+01:00", "original_name": null}
            ],
            "next_cursor": "c2"
        }),
    ));

    let page = client(&server).files().list().limit(20).status(FileStatus::Ready).cursor("c1").send().await.unwrap();

    assert_api_call(&server.only_request(), "GET /v1/files?cursor=c1&limit=20&status=ready");
    let mut ready = ready_file();
    ready.original_name = Some("document.pdf".into());
    ready.size_bytes = Some(2048);
    ready.content_type = Some("application/pdf".into());
    ready.category = Some("document".into());
    ready.uploaded_by = Some("ada@example.com".into());
    // A status this SDK does not know is kept, not rejected.
    let archived = File::new("2".into(), FileStatus::from("archived"), at(9));
    let mut expected = FileList::new(vec![ready, archived]);
    expected.next_cursor = Some("c2".into());
    assert_eq!(*page, expected);
    assert_eq!(page.items[1].status.as_str(), "archived");
    assert!(page.has_next_page());
}

#[tokio::test]
async fn upload_sends_one_file_part_and_decodes_the_file() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({"file_id": FILE_ID, "status": "uploading", "created_at": "2025-03-01T08:00:00Z", "original_name": "notes.txt"}),
    ));

    let upload = UploadFile::from_bytes(&b"hello"[..]).file_name("notes.txt");
    let file = client(&server).files().upload().file(upload).send().await.unwrap();

    let request = server.only_request();
    assert_api_call(&request, "POST /v1/files");
    assert!(request.header("content-type").unwrap().starts_with("multipart/form-data; boundary="));
    let part = FormPart {
        name: "file".into(),
        file_name: Some("notes.txt".into()),
        content_type: Some("text/plain".into()),
        data: b"hello".to_vec().into(),
    };
    assert_eq!(request.multipart().await, vec![part]);
    let mut expected = File::new(FILE_ID.into(), FileStatus::Uploading, at(8));
    expected.original_name = Some("notes.txt".into());
    assert_eq!(file, expected);
}

#[tokio::test]
async fn upload_from_a_path_sends_its_name_type_and_bytes() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({"file_id": FILE_ID, "status": "uploading", "created_at": "2025-03-01T08:00:00Z"}),
    ));
    let directory = std::env::temp_dir().join(format!("spitch-upload-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let path = directory.join("document.pdf");
    std::fs::write(&path, b"%PDF-1.7 test").unwrap();

    let file = client(&server).files().upload().file(UploadFile::from_path(&path)).send().await.unwrap();

    let parts = server.only_request().multipart().await;
    assert_eq!(
        parts,
        vec![FormPart {
            name: "file".into(),
            file_name: Some("document.pdf".into()),
            content_type: Some("application/pdf".into()),
            data: b"%PDF-1.7 test".to_vec().into(),
        }]
    );
    assert_eq!(file, File::new(FILE_ID.into(), FileStatus::Uploading, at(8)));
    std::fs::remove_dir_all(directory).unwrap();
}

#[tokio::test]
async fn get_and_delete_put_the_id_in_the_path() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({"file_id": FILE_ID, "status": "ready", "created_at": "2025-03-01T08:00:00Z"}),
    ));
    server.respond(MockResponse::json(200, json!({"status": true})));

    let file = client(&server).files().get(FILE_ID).send().await.unwrap();
    let deleted = client(&server).files().delete(FILE_ID).send().await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_api_call(&requests[0], "GET /v1/files/file_7Hq2");
    assert_api_call(&requests[1], "DELETE /v1/files/file_7Hq2");
    assert_eq!(file, ready_file());
    let mut expected = FileDeleteResponse::default();
    expected.status = Some(true);
    assert_eq!(deleted, expected);
}

#[tokio::test]
async fn delete_takes_an_empty_success_body_as_nothing_set() {
    let server = MockServer::start().await;
    server.respond(MockResponse::empty(204));
    server.respond(MockResponse::bytes(200, "application/json", &b""[..]));
    server.respond(MockResponse::bytes(200, "application/json", &b" \r\n"[..]));

    for _ in 0..3 {
        let deleted = client(&server).files().delete(FILE_ID).send().await.unwrap();
        assert_eq!(deleted, FileDeleteResponse::default());
    }

    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn an_empty_body_where_content_is_required_says_so() {
    let server = MockServer::start().await;
    server.respond(MockResponse::empty(200));

    let error = client(&server).files().get(FILE_ID).send().await.unwrap_err();

    let Error::Decode(decode) = &error else { panic!("{error:?}") };
    assert_eq!(decode.message, "the response has no body, but a `File` needs one");
    assert_eq!(decode.status.as_u16(), 200);
}

#[tokio::test]
async fn an_id_is_one_path_segment_whatever_it_holds() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(200, json!({"status": true})));

    client(&server).files().delete("a b/c?d#e").send().await.unwrap();

    assert_eq!(server.only_request().line(), "DELETE /v1/files/a%20b%2Fc%3Fd%23e");
}

#[tokio::test]
async fn download_returns_a_presigned_url() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({"file_id": FILE_ID, "url": "https://storage.example/f?sig=abc", "expires_at": "2025-03-01T09:00:00Z"}),
    ));

    let url = client(&server).files().download(FILE_ID).ttl(600).send().await.unwrap();

    assert_api_call(&server.only_request(), "GET /v1/files/file_7Hq2/url?ttl=600");
    assert_eq!(url, FileDownloadUrl::new(FILE_ID.into(), "https://storage.example/f?sig=abc".into(), at(9)));
}

#[tokio::test]
async fn download_content_fetches_the_presigned_url_without_the_key() {
    let storage = MockServer::start().await;
    storage.respond(MockResponse::bytes(200, "application/pdf", &b"%PDF-1.7"[..]));
    let api = MockServer::start().await;
    api.respond(MockResponse::json(
        200,
        json!({"file_id": FILE_ID, "url": format!("{}/f?sig=abc", storage.url()), "expires_at": "2025-03-01T09:00:00Z"}),
    ));

    let bytes = client(&api).files().download_content(FILE_ID).await.unwrap().bytes().await.unwrap();

    assert_api_call(&api.only_request(), "GET /v1/files/file_7Hq2/url");
    let fetched = storage.only_request();
    assert_eq!(fetched.line(), "GET /f?sig=abc");
    assert_eq!(fetched.header("authorization"), None);
    assert_eq!(bytes.as_ref(), b"%PDF-1.7");
}

#[tokio::test]
async fn usage_keeps_the_colon_in_the_path() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({"num_files": 3, "total": "10 GB", "total_bytes": 10_737_418_240_i64, "used": "1.2 GB", "used_bytes": 1_288_490_189}),
    ));

    let usage = client(&server).files().usage().send().await.unwrap();

    assert_api_call(&server.only_request(), "GET /v1/files:usage");
    assert_eq!(usage, FileUsage::new(3, "10 GB".into(), 10_737_418_240, "1.2 GB".into(), 1_288_490_189));
}

#[tokio::test]
async fn responses_shaped_as_the_servers_send_them_decode() {
    let server = MockServer::start().await;
    // Only `items` is required of a page; fields come and go between versions.
    let sparse = json!({"file_id": "not-a-uuid", "status": "deleted", "created_at": "2025-03-01T08:00:00Z",
                        "original_name": null, "size_bytes": null});
    server.respond(MockResponse::json(200, json!({"items": [with_undeclared(sparse)]})));
    server.respond(MockResponse::json(200, with_undeclared(json!({"items": [], "next_cursor": null}))));
    server.respond(MockResponse::json(
        200,
        with_undeclared(json!({"file_id": "f", "url": "https://s/f", "expires_at": "2025-03-01T09:00:00Z"})),
    ));

    let files = client(&server).files();
    let page = files.list().send().await.unwrap();
    let empty = files.list().send().await.unwrap();
    let url = files.download("f").send().await.unwrap();

    let mut file = File::new("not-a-uuid".into(), FileStatus::from("deleted"), at(8));
    file.extra = undeclared();
    assert_eq!(*page, FileList::new(vec![file]));
    assert!(!page.has_next_page());
    let mut expected_empty = FileList::new(Vec::new());
    expected_empty.extra = undeclared();
    assert_eq!(*empty, expected_empty);
    assert_eq!(url.extra["new_object"], json!({"nested": {"deep": []}}));
}

#[tokio::test]
async fn values_outside_the_specs_bounds_are_refused_before_sending() {
    let server = MockServer::start().await;

    let too_short = client(&server).files().download(FILE_ID).ttl(30).send().await.unwrap_err();
    let too_many = client(&server).files().list().limit(500).send().await.unwrap_err();

    assert_eq!(too_short.to_string(), "invalid request: `ttl` must be at least 60, but is 30");
    assert_eq!(too_many.to_string(), "invalid request: `limit` must be at most 100, but is 500");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_validation_error_carries_the_detail() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(422, json!({"detail": "cursor is not valid"})));

    let error = client(&server).files().list().cursor("bogus").send().await.unwrap_err();

    let Error::UnprocessableEntity(api_error) = &error else { panic!("expected UnprocessableEntity, got {error:?}") };
    assert_eq!(api_error.message().as_deref(), Some("cursor is not valid"));
    assert_eq!(error.status().map(|status| status.as_u16()), Some(422));
}
