//! Spitch's Files API through the generated SDK, against a loopback server.

use chrono::{TimeZone, Utc};
use files_sdk::spitch::types::{File, FileDownloadUrl, FileList, FileStatus, FileUsage};
use files_sdk::spitch::{Client, Error, UploadFile};
use sdk_tests::{FormPart, MockResponse, MockServer};
use serde_json::json;
use uuid::Uuid;

const FILE_ID: Uuid = Uuid::from_u128(0x123e4567_e89b_12d3_a456_426614174000);

fn client(server: &MockServer) -> Client {
    Client::builder().api_key("sp-test-key").base_url(server.url()).build().unwrap()
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
                {"file_id": FILE_ID, "status": "archived", "created_at": "2025-03-02T08:00:00+01:00", "original_name": null}
            ],
            "next_cursor": "c2"
        }),
    ));

    let page = client(&server).files().list().limit(20).status(FileStatus::Ready).cursor("c1").send().await.unwrap();

    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("GET", "/v1/files"));
    assert_eq!(request.query.as_deref(), Some("cursor=c1&limit=20&status=ready"));
    assert_eq!(request.header("authorization"), Some("Bearer sp-test-key"));
    let mut ready = File::new(FILE_ID, FileStatus::Ready, Utc.with_ymd_and_hms(2025, 3, 1, 8, 0, 0).unwrap());
    ready.original_name = Some("document.pdf".into());
    ready.size_bytes = Some(2048);
    ready.content_type = Some("application/pdf".into());
    ready.category = Some("document".into());
    ready.uploaded_by = Some("ada@example.com".into());
    // A status this SDK does not know is kept, not rejected.
    let archived = File::new(FILE_ID, FileStatus::from("archived"), Utc.with_ymd_and_hms(2025, 3, 2, 7, 0, 0).unwrap());
    let mut expected = FileList::new(vec![ready, archived]);
    expected.next_cursor = Some("c2".into());
    assert_eq!(*page, expected);
    assert_eq!(page.items[1].status.as_str(), "archived");
}

#[tokio::test]
async fn delete_and_get_put_the_uuid_in_the_path() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(200, json!({"status": true})));
    server.respond(MockResponse::json(
        200,
        json!({"file_id": FILE_ID, "status": "uploading", "created_at": "2025-03-01T08:00:00Z"}),
    ));

    let deleted = client(&server).files().delete(FILE_ID).send().await.unwrap();
    let file = client(&server).files().get(FILE_ID).send().await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("DELETE", "/v1/files/123e4567-e89b-12d3-a456-426614174000")
    );
    assert_eq!(
        (requests[1].method.as_str(), requests[1].path.as_str()),
        ("GET", "/v1/files/123e4567-e89b-12d3-a456-426614174000")
    );
    assert_eq!(deleted.status, Some(true));
    assert_eq!(file.status, FileStatus::Uploading);
    assert_eq!(file.original_name, None);
}

#[tokio::test]
async fn download_returns_a_presigned_url() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({"file_id": FILE_ID, "url": "https://storage.example/f?sig=abc", "expires_at": "2025-03-01T09:00:00Z"}),
    ));

    let url = client(&server).files().download(FILE_ID).ttl(600).send().await.unwrap();

    let request = server.only_request();
    assert_eq!(request.path, "/v1/files/123e4567-e89b-12d3-a456-426614174000/url");
    assert_eq!(request.query.as_deref(), Some("ttl=600"));
    let expires_at = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
    assert_eq!(url, FileDownloadUrl::new(FILE_ID, "https://storage.example/f?sig=abc".into(), expires_at));
}

#[tokio::test]
async fn usage_keeps_the_colon_in_the_path() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({"num_files": 3, "total": "10 GB", "total_bytes": 10_737_418_240_i64, "used": "1.2 GB", "used_bytes": 1_288_490_189}),
    ));

    let usage = client(&server).files().usage().send().await.unwrap();

    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("GET", "/v1/files:usage"));
    assert_eq!(usage, FileUsage::new(3, "10 GB".into(), 10_737_418_240, "1.2 GB".into(), 1_288_490_189));
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
    assert_eq!(file.file_id, FILE_ID);
    std::fs::remove_dir_all(directory).unwrap();
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
