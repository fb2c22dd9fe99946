//! Aymara's Files API through the generated SDK, against a loopback server: each method's exact
//! request and decoded value, and responses shaped as Aymara's servers really send them.

use chrono::{DateTime, TimeZone, Utc};
use files_sdk::aymara::types::{
    FileDetail, FileDetailPage, FileFramesResponse, FileStatusResponse, FileType, FileUploadItem, FileUploadResponse,
    FileUploadResult, ProcessingStatus,
};
use files_sdk::aymara::{Client, Environment, UploadFile, WaitOptions};
use sdk_tests::{undeclared, with_undeclared, FormPart, MockResponse, MockServer, RecordedRequest};
use serde_json::{json, Value};

fn client(server: &MockServer) -> Client {
    Client::builder().api_key("ay-key").bearer_token("ay-token").base_url(server.url()).build().unwrap()
}

/// What every call to the API carries: both credentials, and JSON asked for.
fn assert_api_call(request: &RecordedRequest, line: &str) {
    assert_eq!(request.line(), line);
    assert_eq!(request.header("x-api-key"), Some("ay-key"));
    assert_eq!(request.header("authorization"), Some("Bearer ay-token"));
    assert_eq!(request.header("accept"), Some("application/json"));
}

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 5, 1, 12, minute, 0).unwrap()
}

/// A file detail with only its required fields.
fn detail_json(uuid: &str) -> Value {
    json!({
        "file_uuid": uuid, "content_type": "video/mp4", "file_type": "video", "organization_uuid": "org-1",
        "remote_file_path": format!("org-1/{uuid}.mp4"), "created_at": "2025-05-01T12:00:00Z",
        "updated_at": "2025-05-01T12:01:00Z"
    })
}

fn detail(uuid: &str) -> FileDetail {
    FileDetail::new(
        uuid.into(),
        "video/mp4".into(),
        FileType::Video,
        "org-1".into(),
        format!("org-1/{uuid}.mp4"),
        at(0),
        at(1),
    )
}

#[tokio::test]
async fn list_sends_both_credentials_and_every_filter() {
    let server = MockServer::start().await;
    let mut item = detail_json("f-1");
    item["file_url"] = json!("https://cdn.example/f-1");
    item["processing_status"] = json!("completed");
    item["video_metadata"] = json!({"frame_count": 120, "fps": 29.97, "codec": {"name": "h264"}});
    server.respond(MockResponse::json(200, json!({"items": [item], "count": 41})));

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

    assert_api_call(&server.only_request(), "GET /v2/files?file_type=video&limit=10&offset=20&workspace_uuid=ws-9");
    let mut file = detail("f-1");
    file.file_url = Some("https://cdn.example/f-1".into());
    file.processing_status = Some(ProcessingStatus::Completed);
    // Free-form: whatever keys and value types the server chose.
    let metadata = json!({"frame_count": 120, "fps": 29.97, "codec": {"name": "h264"}});
    file.video_metadata = Some(serde_json::from_value(metadata).unwrap());
    let mut expected = FileDetailPage::new(vec![file]);
    expected.count = Some(41);
    assert_eq!(*page, expected);
}

#[tokio::test]
async fn get_decodes_every_field() {
    let server = MockServer::start().await;
    let mut body = detail_json("f-2");
    body["file_size_bytes"] = json!(1_048_576);
    body["original_file_url"] = json!("https://example.com/clip.mp4");
    body["uploaded_by_uuid"] = json!("user-7");
    body["workspace_uuid"] = json!("ws-1");
    body["file_url"] = json!(null);
    server.respond(MockResponse::json(200, body));

    let file = client(&server).files().get("f-2").send().await.unwrap();

    assert_api_call(&server.only_request(), "GET /v2/files/f-2");
    let mut expected = detail("f-2");
    expected.file_size_bytes = Some(1_048_576);
    expected.original_file_url = Some("https://example.com/clip.mp4".into());
    expected.uploaded_by_uuid = Some("user-7".into());
    expected.workspace_uuid = Some("ws-1".into());
    assert_eq!(file, expected);
}

#[tokio::test]
async fn delete_accepts_an_empty_204() {
    let server = MockServer::start().await;
    server.respond(MockResponse::empty(204));

    let deleted: () = client(&server).files().delete("f-1").send().await.unwrap();

    assert_api_call(&server.only_request(), "DELETE /v2/files/f-1");
    assert_eq!(deleted, ());
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
async fn use_sandbox_sends_its_header_on_every_call() {
    let server = MockServer::start().await;
    server.respond(MockResponse::empty(204));
    server.respond(MockResponse::empty(204));
    let sandbox = Client::builder().api_key("ay-key").use_sandbox(true).base_url(server.url()).build().unwrap();
    let live = Client::builder().api_key("ay-key").use_sandbox(false).base_url(server.url()).build().unwrap();

    sandbox.files().delete("f-1").send().await.unwrap();
    live.files().delete("f-1").send().await.unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].header("x-use-sandbox"), Some("true"));
    assert_eq!(requests[1].header("x-use-sandbox"), Some("false"));
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
    assert_api_call(&request, "POST /v2/files");
    assert_eq!(request.header("content-type"), Some("application/json"));
    // Not given means not sent: no `workspace_uuid`, no `null`s.
    assert_eq!(
        request.json(),
        json!({"files": [{"local_file_path": "data.csv"}, {"remote_uri": "https://example.com/file.mp4"}]})
    );
    let mut local = FileUploadResult::default();
    local.file_uuid = Some("f-3".into());
    local.file_url = Some("https://upload.example/f-3".into());
    local.processing_status = Some(ProcessingStatus::Completed);
    local.local_file_path = Some("data.csv".into());
    let mut remote = FileUploadResult::default();
    remote.file_uuid = Some("f-4".into());
    remote.file_url = Some("https://example.com/file.mp4".into());
    remote.processing_status = Some(ProcessingStatus::Pending);
    remote.remote_uri = Some("https://example.com/file.mp4".into());
    assert_eq!(created, FileUploadResponse::new(vec![local, remote]));
}

#[tokio::test]
async fn get_status_and_get_frames_decode_their_responses() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({"file_uuid": "f-5", "processing_status": "failed", "error_message": "codec not supported", "updated_at": "2025-05-01T12:05:00Z"}),
    ));
    server.respond(MockResponse::json(
        200,
        json!({"file_uuid": "f-5", "frame_count": 2, "frame_urls": ["https://f/0", "https://f/1"]}),
    ));

    let files = client(&server).files();
    let status = files.get_status("f-5").send().await.unwrap();
    let frames = files.get_frames("f-5").send().await.unwrap();

    let requests = server.requests();
    assert_api_call(&requests[0], "GET /v2/files/f-5/status");
    assert_api_call(&requests[1], "GET /v2/files/f-5/frames");
    let mut expected = FileStatusResponse::new("f-5".into(), ProcessingStatus::Failed);
    expected.updated_at = Some(at(5));
    expected.error_message = Some("codec not supported".into());
    assert_eq!(status, expected);
    let urls = vec!["https://f/0".to_owned(), "https://f/1".to_owned()];
    assert_eq!(frames, FileFramesResponse::new("f-5".into(), 2, urls));
}

#[tokio::test]
async fn upload_sends_the_file_and_the_workspace_in_the_query() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({"file_uuid": "f-6", "file_url": "https://cdn.example/f-6", "processing_status": "pending"}),
    ));

    let upload = UploadFile::from_bytes(&b"frame"[..]).file_name("clip.mp4");
    let uploaded = client(&server).files().upload().file(upload).workspace_uuid("ws-1").send().await.unwrap();

    let request = server.only_request();
    assert_api_call(&request, "POST /v2/files/-/uploads?workspace_uuid=ws-1");
    let part = FormPart {
        name: "file".into(),
        file_name: Some("clip.mp4".into()),
        content_type: Some("video/mp4".into()),
        data: b"frame".to_vec().into(),
    };
    assert_eq!(request.multipart().await, vec![part]);
    let mut expected = FileUploadResult::default();
    expected.file_uuid = Some("f-6".into());
    expected.file_url = Some("https://cdn.example/f-6".into());
    expected.processing_status = Some(ProcessingStatus::Pending);
    assert_eq!(uploaded, expected);
}

#[tokio::test]
async fn download_content_fetches_the_file_url_without_credentials() {
    let storage = MockServer::start().await;
    storage.respond(MockResponse::bytes(200, "video/mp4", &b"mp4 bytes"[..]));
    let api = MockServer::start().await;
    let mut body = detail_json("f-7");
    body["file_url"] = json!(format!("{}/media/f-7.mp4?token=t", storage.url()));
    api.respond(MockResponse::json(200, body));

    let bytes = client(&api).files().download_content("f-7").await.unwrap().bytes().await.unwrap();

    assert_api_call(&api.only_request(), "GET /v2/files/f-7");
    let fetched = storage.only_request();
    assert_eq!(fetched.line(), "GET /media/f-7.mp4?token=t");
    assert_eq!((fetched.header("x-api-key"), fetched.header("authorization")), (None, None));
    assert_eq!(bytes.as_ref(), b"mp4 bytes");
}

#[tokio::test]
async fn wait_for_processing_polls_status_until_completed() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(200, json!({"file_uuid": "f-8", "processing_status": "pending"})));
    server.respond(MockResponse::json(200, json!({"file_uuid": "f-8", "processing_status": "processing"})));
    server.respond(MockResponse::json(
        200,
        json!({"file_uuid": "f-8", "processing_status": "completed", "remote_file_path": "org-1/f-8.mp4"}),
    ));
    let options = WaitOptions::default().initial_interval(std::time::Duration::from_millis(1));

    let status = client(&server).files().wait_for_processing("f-8", options).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    requests.iter().for_each(|request| assert_api_call(request, "GET /v2/files/f-8/status"));
    let mut expected = FileStatusResponse::new("f-8".into(), ProcessingStatus::Completed);
    expected.remote_file_path = Some("org-1/f-8.mp4".into());
    assert_eq!(status, expected);
}

#[tokio::test]
async fn responses_shaped_as_the_servers_send_them_decode() {
    let server = MockServer::start().await;
    // `count` may be null; `file_url` is null in lists; the enum may grow.
    let mut item = with_undeclared(detail_json("f-9"));
    item["file_type"] = json!("audio");
    item["file_url"] = json!(null);
    item["video_metadata"] = json!(null);
    server.respond(MockResponse::json(200, json!({"items": [item], "count": null})));
    // Every field of an upload result may be null.
    let nulls = json!({"file_uuid": null, "file_url": null, "content_type": null, "local_file_path": null,
                       "remote_uri": null, "remote_file_path": null, "processing_status": null});
    server.respond(MockResponse::json(200, json!({"files": [with_undeclared(nulls)], "workspace_uuid": null})));

    let files = client(&server).files();
    let page = files.list().send().await.unwrap();
    let created = files.create().files(vec![FileUploadItem::default()]).send().await.unwrap();

    let mut file = detail("f-9");
    file.file_type = FileType::from("audio");
    file.extra = undeclared();
    assert_eq!(*page, FileDetailPage::new(vec![file]));
    let mut result = FileUploadResult::default();
    result.extra = undeclared();
    assert_eq!(created, FileUploadResponse::new(vec![result]));
}

#[tokio::test]
async fn an_environment_picks_the_host_requests_go_to() {
    // A forward proxy on loopback sees where each request was headed, without leaving the machine.
    let proxy = MockServer::start().await;
    proxy.respond(MockResponse::empty(204));
    let through_proxy = || reqwest::Client::builder().proxy(reqwest::Proxy::all(proxy.url()).unwrap());
    let development = Client::builder()
        .api_key("ay-key")
        .environment(Environment::Development)
        .http_client(through_proxy())
        .build()
        .unwrap();

    development.files().delete("f-1").send().await.unwrap();

    let request = proxy.only_request();
    assert_eq!(request.line(), "DELETE /v2/files/f-1");
    assert_eq!(request.header("host"), Some("localhost:8000"));
}

#[test]
fn environments_have_their_documented_urls() {
    assert_eq!(Environment::default(), Environment::Production);
    assert_eq!(Environment::Production.base_url(), "https://api.aymara.ai");
    assert_eq!(Environment::Staging.base_url(), "https://staging-api.aymara.ai");
    assert_eq!(Environment::Development.base_url(), "http://localhost:8000");
}
