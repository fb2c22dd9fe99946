//! DeepTable's Files API through the generated SDK, against a loopback server: each method's exact
//! request and decoded value, and responses shaped as DeepTable's servers really send them.

use chrono::{TimeZone, Utc};
use files_sdk::deeptable::types::{File, FileDeleteResponse, FileList};
use files_sdk::deeptable::{Client, Error, RequestOptions, UploadFile};
use sdk_tests::{undeclared, with_undeclared, FormPart, MockResponse, MockServer, RecordedRequest};
use serde_json::json;

const KEY: &str = "dt-test-key";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn client(server: &MockServer) -> Client {
    Client::builder().api_key(KEY).base_url(server.url()).build().expect("a valid configuration")
}

/// What every call to the API carries.
fn assert_api_call(request: &RecordedRequest, line: &str, accept: &str) {
    assert_eq!(request.line(), line);
    assert_eq!(request.header("authorization"), Some("Bearer dt-test-key"));
    assert_eq!(request.header("accept"), Some(accept));
}

fn file_json() -> serde_json::Value {
    json!({
        "id": "file_01kfxgjd94fn9stqm414vjb0s8",
        "content_type": XLSX,
        "created_at": "2024-01-15T10:30:00Z",
        "file_name": "financial_report.xlsx",
        "object": "file",
        "size": 1048576
    })
}

fn expected_file() -> File {
    let created_at = Utc.with_ymd_and_hms(2024, 1, 15, 10, 30, 0).unwrap();
    File::new(
        "file_01kfxgjd94fn9stqm414vjb0s8".into(),
        XLSX.into(),
        created_at,
        "financial_report.xlsx".into(),
        1_048_576,
    )
}

#[tokio::test]
async fn list_sends_filters_and_decodes_the_page() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({
            "data": [file_json()],
            "has_more": true,
            "object": "list",
            "first_id": "file_01kfxgjd94fn9stqm414vjb0s8",
            "last_id": "file_01kfxgjd94fn9stqm414vjb0s8"
        }),
    ));

    let page = client(&server).files().list().limit(20).after("file_00").send().await.unwrap();

    let request = server.only_request();
    assert_api_call(&request, "GET /v1/files?after=file_00&limit=20", "application/json");
    assert!(request.body.is_empty());
    let mut expected = FileList::new(vec![expected_file()]);
    expected.has_more = Some(true);
    expected.object = Some("list".into());
    expected.first_id = Some("file_01kfxgjd94fn9stqm414vjb0s8".into());
    expected.last_id = Some("file_01kfxgjd94fn9stqm414vjb0s8".into());
    assert_eq!(*page, expected);
}

#[tokio::test]
async fn list_without_parameters_sends_no_query() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({"data": [], "has_more": false, "object": "list", "first_id": null, "last_id": null}),
    ));

    let page = client(&server).files().list().send().await.unwrap();

    assert_api_call(&server.only_request(), "GET /v1/files", "application/json");
    let mut expected = FileList::new(Vec::new());
    (expected.has_more, expected.object) = (Some(false), Some("list".into()));
    assert_eq!(*page, expected);
}

#[tokio::test]
async fn retrieve_decodes_the_file() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(200, file_json()));

    let file = client(&server).files().retrieve("file_01kfxgjd94fn9stqm414vjb0s8").send().await.unwrap();

    assert_api_call(&server.only_request(), "GET /v1/files/file_01kfxgjd94fn9stqm414vjb0s8", "application/json");
    assert_eq!(file, expected_file());
}

#[tokio::test]
async fn responses_shaped_as_the_servers_send_them_decode() {
    let server = MockServer::start().await;
    // The list model reads only `data`; an older server sent `next_cursor` instead of the ids.
    server.respond(MockResponse::json(200, json!({"data": [with_undeclared(file_json())]})));
    server
        .respond(MockResponse::json(200, with_undeclared(json!({"data": [], "has_more": false, "next_cursor": null}))));
    server.respond(MockResponse::json(200, with_undeclared(json!({"id": "f", "deleted": true, "object": "file"}))));

    let files = client(&server).files();
    let page = files.list().send().await.unwrap();
    let older = files.list().send().await.unwrap();
    let deleted = files.delete("f").send().await.unwrap();

    let mut file = expected_file();
    file.extra = undeclared();
    assert_eq!(*page, FileList::new(vec![file]));
    // Without `has_more` or `last_id`, the last file's id leads on.
    assert!(page.has_next_page());
    let mut expected_older = FileList::new(Vec::new());
    expected_older.has_more = Some(false);
    expected_older.extra = undeclared();
    assert_eq!(*older, expected_older);
    let mut expected_deleted = FileDeleteResponse::new("f".into());
    expected_deleted.extra = undeclared();
    assert_eq!(deleted, expected_deleted);
}

#[tokio::test]
async fn delete_sends_the_encoded_id_and_decodes_the_result() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(200, json!({"id": "file 1/2", "deleted": true, "object": "file"})));

    let deleted = client(&server).files().delete("file 1/2").send().await.unwrap();

    assert_api_call(&server.only_request(), "DELETE /v1/files/file%201%2F2", "application/json");
    assert_eq!(deleted, FileDeleteResponse::new("file 1/2".into()));
}

#[tokio::test]
async fn upload_sends_one_multipart_file_part() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(200, file_json()));
    let content = b"PK\x03\x04 spreadsheet bytes".to_vec();

    let file = UploadFile::from_bytes(content.clone()).file_name("financial_report.xlsx");
    let uploaded = client(&server).files().upload().file(file).send().await.unwrap();

    let request = server.only_request();
    assert_api_call(&request, "POST /v1/files", "application/json");
    assert!(request.header("content-type").unwrap().starts_with("multipart/form-data; boundary="));
    assert_eq!(
        request.multipart().await,
        vec![FormPart {
            name: "file".into(),
            file_name: Some("financial_report.xlsx".into()),
            content_type: Some(XLSX.into()),
            data: content.into(),
        }]
    );
    assert_eq!(uploaded, expected_file());
}

#[tokio::test]
async fn upload_without_a_file_sends_nothing() {
    let server = MockServer::start().await;

    let error = client(&server).files().upload().send().await.unwrap_err();

    assert!(matches!(&error, Error::InvalidRequest { message } if message.contains("`file`")), "{error:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn download_asks_for_the_declared_media_type_and_streams_the_raw_bytes() {
    let server = MockServer::start().await;
    let content: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    server.respond(MockResponse::bytes(200, XLSX, content.clone()));

    let stream = client(&server).files().download("file_01").send().await.unwrap();
    assert_eq!(stream.content_length(), Some(300_000));
    let bytes = stream.bytes().await.unwrap();

    // Never `Accept: application/json`: the spreadsheet's own type first, as DeepTable's SDK asks.
    let accept = format!("{XLSX}, application/octet-stream");
    assert_api_call(&server.only_request(), "GET /v1/files/file_01/content", &accept);
    assert_eq!(bytes.as_ref(), content.as_slice());
}

#[tokio::test]
async fn a_per_call_accept_replaces_the_sdks_own() {
    let server = MockServer::start().await;
    server.respond(MockResponse::bytes(200, "text/csv", &b"a,b"[..]));
    server.respond(MockResponse::json(200, file_json()));
    let csv = RequestOptions::new().header("Accept", "text/csv");

    let stream = client(&server).files().download("file_01").with_options(csv).send().await.unwrap();
    let file = client(&server).files().retrieve("file_01").send().await.unwrap();

    assert_eq!(stream.bytes().await.unwrap().as_ref(), b"a,b");
    assert_eq!(file, expected_file());
    let requests = server.requests();
    let accepts: Vec<_> = requests[0].headers.get_all("accept").iter().collect();
    assert_eq!(accepts, ["text/csv"], "one Accept, the caller's");
    assert_eq!(requests[1].header("accept"), Some("application/json"), "the next call asks for JSON again");
}

#[tokio::test]
async fn a_missing_file_is_a_not_found_error_with_status_body_and_request_id() {
    let server = MockServer::start().await;
    server.respond(
        MockResponse::json(404, json!({"error": {"message": "No file with id file_404", "type": "not_found"}}))
            .header("x-request-id", "req_123"),
    );

    let error = client(&server).files().retrieve("file_404").send().await.unwrap_err();

    let Error::NotFound(api_error) = &error else { panic!("expected NotFound, got {error:?}") };
    assert_eq!(api_error.status.as_u16(), 404);
    assert_eq!(api_error.request_id.as_deref(), Some("req_123"));
    assert_eq!(api_error.json.as_ref().unwrap()["error"]["type"], "not_found");
    assert_eq!(error.to_string(), "not found: 404 Not Found: No file with id file_404 (request id req_123)");
    assert!(!format!("{error:?}").contains(KEY));
}

#[tokio::test]
async fn a_malformed_body_is_a_decode_error_naming_the_field() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(200, json!({"id": "file_1", "deleted": "yes", "object": "file"})));

    let error = client(&server).files().delete("file_1").send().await.unwrap_err();

    let Error::Decode(decode) = &error else { panic!("expected Decode, got {error:?}") };
    assert_eq!(decode.path, "deleted");
    assert!(decode.body_snippet.contains("\"deleted\":\"yes\""));
}
