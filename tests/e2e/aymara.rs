//! Aymara's Files API through the generated SDK, against a loopback server.

use chrono::{TimeZone, Utc};
use files_sdk::aymara::types::{
    FileDetail, FileDetailPage, FileStatusResponse, FileType, FileUploadItem, FileUploadResponse, FileUploadResult,
    ProcessingStatus, VideoMetadata,
};
use files_sdk::aymara::{Client, Environment, UploadFile};
use sdk_tests::{MockResponse, MockServer};
use serde_json::json;

fn client(server: &MockServer) -> Client {
    Client::builder().api_key("ay-key").bearer_token("ay-token").base_url(server.url()).build().unwrap()
}

#[tokio::test]
async fn list_sends_both_credentials_and_every_filter() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({
            "items": [{
                "file_uuid": "f-1", "file_url": "https://cdn.example/f-1", "file_type": "video",
                "processing_status": "completed", "video_metadata": {"frame_count": 120, "fps": 29.97},
                "created_at": "2025-05-01T12:00:00Z"
            }],
            "count": 41
        }),
    ));

    let page = client(&server)
        .files()
        .list()
        .workspace_uuid("ws-9")
        .file_type(FileType::Video)
        .limit(10)
        .offset(20)
        .send()
        .await
        .unwrap();

    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("GET", "/v2/files"));
    assert_eq!(request.query.as_deref(), Some("file_type=video&limit=10&offset=20&workspace_uuid=ws-9"));
    assert_eq!(request.header("x-api-key"), Some("ay-key"));
    assert_eq!(request.header("authorization"), Some("Bearer ay-token"));
    let mut metadata = VideoMetadata::default();
    (metadata.frame_count, metadata.fps) = (Some(120), Some(29.97));
    let mut file = FileDetail::new("f-1".into());
    file.file_url = Some("https://cdn.example/f-1".into());
    file.file_type = Some(FileType::Video);
    file.processing_status = Some(ProcessingStatus::Completed);
    file.video_metadata = Some(metadata);
    file.created_at = Some(Utc.with_ymd_and_hms(2025, 5, 1, 12, 0, 0).unwrap());
    assert_eq!(*page, FileDetailPage::new(vec![file], 41));
}

#[tokio::test]
async fn delete_accepts_an_empty_204() {
    let server = MockServer::start().await;
    server.respond(MockResponse::empty(204));

    client(&server).files().delete("f-1").send().await.unwrap();

    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("DELETE", "/v2/files/f-1"));
    assert_eq!(request.header("x-api-key"), Some("ay-key"));
}

#[tokio::test]
async fn the_bearer_token_is_optional() {
    let server = MockServer::start().await;
    server.respond(MockResponse::empty(204));
    let client = Client::builder().api_key("ay-key").base_url(server.url()).build().unwrap();

    client.files().delete("f-2").send().await.unwrap();

    let request = server.only_request();
    assert_eq!(request.header("x-api-key"), Some("ay-key"));
    assert_eq!(request.header("authorization"), None);
}

#[tokio::test]
async fn create_omits_what_was_not_given() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({"files": [
            {"file_uuid": "f-3", "file_url": "https://upload.example/f-3", "processing_status": "completed", "local_file_path": "data.csv"},
            {"file_uuid": "f-4", "file_url": "https://example.com/file.mp4", "processing_status": "pending", "remote_uri": "https://example.com/file.mp4"}
        ]}),
    ));

    let files = vec![
        FileUploadItem { local_file_path: Some("data.csv".into()), ..Default::default() },
        FileUploadItem { remote_uri: Some("https://example.com/file.mp4".into()), ..Default::default() },
    ];
    let created = client(&server).files().create().files(files).send().await.unwrap();

    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/v2/files"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    // Not given means not sent: no `workspace_uuid`, no `null`s.
    assert_eq!(
        request.json(),
        json!({"files": [{"local_file_path": "data.csv"}, {"remote_uri": "https://example.com/file.mp4"}]})
    );
    let mut local = FileUploadResult::new("f-3".into());
    local.file_url = Some("https://upload.example/f-3".into());
    local.processing_status = Some(ProcessingStatus::Completed);
    local.local_file_path = Some("data.csv".into());
    let mut remote = FileUploadResult::new("f-4".into());
    remote.file_url = Some("https://example.com/file.mp4".into());
    remote.processing_status = Some(ProcessingStatus::Pending);
    remote.remote_uri = Some("https://example.com/file.mp4".into());
    assert_eq!(created, FileUploadResponse::new(vec![local, remote]));
}

#[tokio::test]
async fn status_frames_and_direct_upload() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({"file_uuid": "f-5", "processing_status": "failed", "error_message": "codec not supported", "updated_at": "2025-05-01T12:05:00Z"}),
    ));
    server.respond(MockResponse::json(
        200,
        json!({"file_uuid": "f-5", "frame_count": 2, "frame_urls": ["https://f/0", "https://f/1"]}),
    ));
    server.respond(MockResponse::json(
        200,
        json!({"file_uuid": "f-6", "file_url": "https://cdn.example/f-6", "processing_status": "pending"}),
    ));

    let files = client(&server).files();
    let status = files.get_status("f-5").send().await.unwrap();
    let frames = files.get_frames("f-5").send().await.unwrap();
    let upload = UploadFile::from_bytes(&b"frame"[..]).file_name("clip.mp4");
    let uploaded = files.upload().file(upload).workspace_uuid("ws-1").send().await.unwrap();

    let requests = server.requests();
    let lines: Vec<String> = requests
        .iter()
        .map(|request| format!("{} {}?{}", request.method, request.path, request.query.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        lines,
        ["GET /v2/files/f-5/status?", "GET /v2/files/f-5/frames?", "POST /v2/files/-/uploads?workspace_uuid=ws-1"]
    );
    let parts = requests[2].multipart().await;
    assert_eq!(parts.len(), 1);
    assert_eq!(
        (parts[0].file_name.as_deref(), parts[0].content_type.as_deref()),
        (Some("clip.mp4"), Some("video/mp4"))
    );
    let mut expected = FileStatusResponse::new("f-5".into(), ProcessingStatus::Failed);
    expected.updated_at = Some(Utc.with_ymd_and_hms(2025, 5, 1, 12, 5, 0).unwrap());
    expected.error_message = Some("codec not supported".into());
    assert_eq!(status, expected);
    assert_eq!(frames.frame_urls, ["https://f/0", "https://f/1"]);
    assert_eq!(uploaded.processing_status, Some(ProcessingStatus::Pending));
}

#[test]
fn environments_have_their_documented_urls() {
    assert_eq!(Environment::default(), Environment::Production);
    assert_eq!(Environment::Production.base_url(), "https://api.aymara.ai");
    assert_eq!(Environment::Staging.base_url(), "https://staging-api.aymara.ai");
    assert_eq!(Environment::Development.base_url(), "http://localhost:8000");
}
