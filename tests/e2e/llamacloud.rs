//! LlamaCloud's Files API through the generated SDK, against a loopback server.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use files_sdk::llamacloud::types::{FileFilter, FileListPage, PresignedUrl, UploadedFile};
use files_sdk::llamacloud::{Client, UploadFile};
use sdk_tests::{FormPart, MockResponse, MockServer};
use serde_json::json;
use uuid::Uuid;

const PROJECT: Uuid = Uuid::from_u128(0x0b4b0a55_0000_4000_8000_000000000001);
const FILE_A: Uuid = Uuid::from_u128(0xa);
const FILE_B: Uuid = Uuid::from_u128(0xb);

fn client(server: &MockServer) -> Client {
    Client::builder().api_key("llx-key").base_url(server.url()).build().unwrap()
}

fn uploaded_json() -> serde_json::Value {
    json!({"id": "file-1", "name": "report.pdf", "project_id": PROJECT, "file_type": "pdf", "purpose": "parse", "expires_at": null})
}

fn uploaded() -> UploadedFile {
    let mut file = UploadedFile::new("file-1".into(), "report.pdf".into(), PROJECT);
    file.file_type = Some("pdf".into());
    file.purpose = Some("parse".into());
    file
}

#[tokio::test]
async fn list_repeats_file_ids_and_decodes_the_page() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(200, json!({"items": [uploaded_json()], "next_page_token": "t2"})));

    let page = client(&server)
        .files()
        .list()
        .file_ids(vec![FILE_A, FILE_B])
        .page_size(2)
        .page_token("t1")
        .project_id(PROJECT)
        .send()
        .await
        .unwrap();

    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("GET", "/api/v1/beta/files"));
    assert_eq!(
        request.query.as_deref(),
        Some(
            "file_ids=00000000-0000-0000-0000-00000000000a&file_ids=00000000-0000-0000-0000-00000000000b\
             &page_size=2&page_token=t1&project_id=0b4b0a55-0000-4000-8000-000000000001"
        )
    );
    assert_eq!(request.header("authorization"), Some("Bearer llx-key"));
    let mut expected = FileListPage::new(vec![uploaded()]);
    expected.next_page_token = Some("t2".into());
    assert_eq!(*page, expected);
}

#[tokio::test]
async fn delete_sends_the_project_and_accepts_204() {
    let server = MockServer::start().await;
    server.respond(MockResponse::empty(204));

    client(&server).files().delete("file-1").project_id(PROJECT).send().await.unwrap();

    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("DELETE", "/api/v1/beta/files/file-1"));
    assert_eq!(request.query.as_deref(), Some("project_id=0b4b0a55-0000-4000-8000-000000000001"));
}

#[tokio::test]
async fn get_returns_a_presigned_url_with_form_fields() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({"url": "https://s3.example/bucket", "expires_at": "2025-06-01T00:00:00Z", "form_fields": {"key": "k/1", "policy": "p"}}),
    ));

    let presigned = client(&server).files().get("file-1").expires_at_seconds(300).send().await.unwrap();

    let request = server.only_request();
    assert_eq!(request.path, "/api/v1/beta/files/file-1/content");
    assert_eq!(request.query.as_deref(), Some("expires_at_seconds=300"));
    let mut expected =
        PresignedUrl::new("https://s3.example/bucket".into(), Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0).unwrap());
    expected.form_fields = Some(BTreeMap::from([("key".into(), "k/1".into()), ("policy".into(), "p".into())]));
    assert_eq!(presigned, expected);
}

#[tokio::test]
async fn create_sends_the_file_and_text_fields() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(200, uploaded_json()));

    let file = UploadFile::from_bytes(&b"%PDF"[..]).file_name("report.pdf");
    let created = client(&server)
        .files()
        .create()
        .file(file)
        .purpose("parse")
        .external_file_id("ext-7")
        .project_id(PROJECT)
        .send()
        .await
        .unwrap();

    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/api/v1/beta/files"));
    assert_eq!(request.query.as_deref(), Some("project_id=0b4b0a55-0000-4000-8000-000000000001"));
    let text = |name: &str, value: &str| FormPart {
        name: name.into(),
        file_name: None,
        content_type: None,
        data: value.as_bytes().to_vec().into(),
    };
    assert_eq!(
        request.multipart().await,
        vec![
            FormPart {
                name: "file".into(),
                file_name: Some("report.pdf".into()),
                content_type: Some("application/pdf".into()),
                data: b"%PDF".to_vec().into(),
            },
            text("purpose", "parse"),
            text("external_file_id", "ext-7"),
        ]
    );
    assert_eq!(created, uploaded());
}

#[tokio::test]
#[allow(deprecated)]
async fn the_deprecated_query_sends_its_filter_as_json() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(200, json!({"items": [], "next_page_token": null, "total_size": 0})));

    let filter = FileFilter { file_ids: Some(vec![FILE_A]), ..Default::default() };
    let result = client(&server).files().query().filter(filter).page_size(50).send().await.unwrap();

    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/api/v1/beta/files/query"));
    assert_eq!(
        request.json(),
        json!({"filter": {"file_ids": ["00000000-0000-0000-0000-00000000000a"]}, "page_size": 50})
    );
    assert_eq!(result.total_size, Some(0));
    assert!(result.items.is_empty());
}
