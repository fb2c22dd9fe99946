//! LlamaCloud's Files API through the generated SDK, against a loopback server: each method's exact
//! request and decoded value, and responses shaped as LlamaCloud's servers really send them.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use files_sdk::llamacloud::types::{FileFilter, FileListPage, FileQueryResponse, PresignedUrl, UploadedFile};
use files_sdk::llamacloud::{Client, UploadFile};
use sdk_tests::{undeclared, with_undeclared, FormPart, MockResponse, MockServer, RecordedRequest};
use serde_json::json;
/// Ids are strings, as LlamaCloud's SDK types them: one read from a response is sent back as it is.
const PROJECT: &str = "0b4b0a55-0000-4000-8000-000000000001";

fn client(server: &MockServer) -> Client {
    Client::builder().api_key("llx-key").base_url(server.url()).build().unwrap()
}

/// What every call to the API carries.
fn assert_api_call(request: &RecordedRequest, line: &str) {
    assert_eq!(request.line(), line);
    assert_eq!(request.header("authorization"), Some("Bearer llx-key"));
    assert_eq!(request.header("accept"), Some("application/json"));
}

fn uploaded_json() -> serde_json::Value {
    json!({"id": "file-1", "name": "report.pdf", "project_id": PROJECT, "file_type": "pdf", "purpose": "parse", "expires_at": null})
}

fn uploaded() -> UploadedFile {
    let mut file = UploadedFile::new("file-1".into(), "report.pdf".into(), PROJECT.into());
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
        .file_ids(vec!["file-a".to_owned(), "file-b".to_owned()])
        .page_size(2)
        .page_token("t1")
        .project_id(PROJECT)
        .send()
        .await
        .unwrap();

    assert_api_call(
        &server.only_request(),
        "GET /api/v1/beta/files?file_ids=file-a&file_ids=file-b&page_size=2&page_token=t1\
         &project_id=0b4b0a55-0000-4000-8000-000000000001",
    );
    let mut expected = FileListPage::new(vec![uploaded()]);
    expected.next_page_token = Some("t2".into());
    assert_eq!(*page, expected);
}

#[tokio::test]
async fn list_sends_every_filter_on_the_wire() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(200, json!({"items": []})));

    let page = client(&server)
        .files()
        .list()
        .organization_id("org-7")
        .project_id(PROJECT)
        .file_name("report.pdf")
        .external_file_id("ext 7/a")
        .order_by("created_at desc")
        .send()
        .await
        .unwrap();

    let request = server.only_request();
    assert_api_call(
        &request,
        "GET /api/v1/beta/files?external_file_id=ext+7%2Fa&file_name=report.pdf&order_by=created_at+desc\
         &organization_id=org-7&project_id=0b4b0a55-0000-4000-8000-000000000001",
    );
    assert_eq!(*page, FileListPage::new(Vec::new()));
}

#[tokio::test]
async fn delete_sends_the_project_and_accepts_204() {
    let server = MockServer::start().await;
    server.respond(MockResponse::empty(204));

    let deleted: () = client(&server).files().delete("file-1").project_id(PROJECT).send().await.unwrap();

    let request = server.only_request();
    assert_api_call(&request, "DELETE /api/v1/beta/files/file-1?project_id=0b4b0a55-0000-4000-8000-000000000001");
    assert!(request.body.is_empty());
    assert_eq!(deleted, ());
}

#[tokio::test]
async fn get_returns_a_presigned_url_with_form_fields() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({"url": "https://s3.example/bucket", "expires_at": "2025-06-01T00:00:00Z", "form_fields": {"key": "k/1", "policy": "p"}}),
    ));

    let presigned = client(&server).files().get("file-1").expires_at_seconds(300).send().await.unwrap();

    assert_api_call(&server.only_request(), "GET /api/v1/beta/files/file-1/content?expires_at_seconds=300");
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
    assert_api_call(&request, "POST /api/v1/beta/files?project_id=0b4b0a55-0000-4000-8000-000000000001");
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
    server.respond(MockResponse::json(
        200,
        json!({"items": [uploaded_json()], "next_page_token": null, "total_size": 1}),
    ));

    let filter = FileFilter {
        file_ids: Some(vec!["file-1".into()]),
        only_manually_uploaded: Some(true),
        project_id: Some(PROJECT.into()),
        data_source_id: Some("source-not-a-uuid".into()),
        ..Default::default()
    };
    let result = client(&server).files().query().filter(filter).page_size(50).send().await.unwrap();

    let request = server.only_request();
    assert_api_call(&request, "POST /api/v1/beta/files/query");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({"filter": {"file_ids": ["file-1"], "data_source_id": "source-not-a-uuid",
                          "only_manually_uploaded": true, "project_id": PROJECT}, "page_size": 50})
    );
    let mut expected = FileQueryResponse::new(vec![uploaded()]);
    expected.total_size = Some(1);
    assert_eq!(*result, expected);
}

#[tokio::test]
async fn download_content_fetches_the_presigned_url_without_the_key() {
    let storage = MockServer::start().await;
    storage.respond(MockResponse::bytes(200, "application/pdf", &b"%PDF-1.7"[..]));
    let api = MockServer::start().await;
    api.respond(MockResponse::json(
        200,
        json!({"url": format!("{}/bucket/report.pdf?X-Amz-Signature=s", storage.url()), "expires_at": "2025-06-01T00:00:00Z"}),
    ));

    let bytes = client(&api).files().download_content("file-1").await.unwrap().bytes().await.unwrap();

    assert_api_call(&api.only_request(), "GET /api/v1/beta/files/file-1/content");
    let fetched = storage.only_request();
    assert_eq!(fetched.line(), "GET /bucket/report.pdf?X-Amz-Signature=s");
    assert_eq!(fetched.header("authorization"), None);
    assert_eq!(bytes.as_ref(), b"%PDF-1.7");
}

#[tokio::test]
async fn responses_shaped_as_the_servers_send_them_decode() {
    let server = MockServer::start().await;
    // `permission_info` and `resource_info` are any JSON, on list items too.
    let item = json!({"id": "file-2", "name": "a.pdf", "project_id": "not-a-uuid", "permission_info": ["read", "write"],
                      "resource_info": "opaque", "external_file_id": null});
    server.respond(MockResponse::json(200, with_undeclared(json!({"items": [with_undeclared(item)]}))));

    let page = client(&server).files().list().send().await.unwrap();

    let mut file = UploadedFile::new("file-2".into(), "a.pdf".into(), "not-a-uuid".into());
    file.permission_info = Some(json!(["read", "write"]));
    file.resource_info = Some(json!("opaque"));
    file.extra = undeclared();
    let mut expected = FileListPage::new(vec![file]);
    expected.extra = undeclared();
    assert_eq!(*page, expected);
    assert!(!page.has_next_page());
}

#[tokio::test]
async fn five_retries_by_default() {
    let server = MockServer::start().await;
    for _ in 0..6 {
        server.respond(MockResponse::json(503, json!({"detail": "busy"})).header("retry-after-ms", "1"));
    }

    let error = client(&server).files().delete("file-1").send().await.unwrap_err();

    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    let requests = server.requests();
    assert_eq!(requests.len(), 6);
    let counts: Vec<Option<&str>> = requests.iter().map(|request| request.header("x-retry-count")).collect();
    assert_eq!(counts, [Some("0"), Some("1"), Some("2"), Some("3"), Some("4"), Some("5")]);
}
