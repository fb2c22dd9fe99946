//! Muna's Files API through the generated SDK, against a loopback server: each method's exact request
//! and decoded value, and responses shaped as Muna's servers really send them.

use files_sdk::muna::types::{FileResource, FileUrls};
use files_sdk::muna::{Client, Error, RequestOptions};
use sdk_tests::{undeclared, with_undeclared, MockResponse, MockServer};
use serde_json::json;

fn client(server: &MockServer) -> Client {
    // Muna's base URL carries a path (`/v1`): requests must keep it.
    Client::builder().access_key("mu-key").base_url(format!("{}/v1", server.url())).build().unwrap()
}

#[tokio::test]
async fn create_urls_sends_every_field_and_returns_both_urls() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({"upload_url": "https://storage.example/up?sig=1", "download_url": "https://cdn.example/report.pdf"}),
    ));

    let urls = client(&server)
        .files()
        .create_urls()
        .name("report.pdf")
        .size(5)
        .resource(FileResource::Prediction)
        .mime_type("application/pdf")
        .send()
        .await
        .unwrap();

    let request = server.only_request();
    assert_eq!(request.line(), "POST /v1/values");
    assert_eq!(request.header("authorization"), Some("Bearer mu-key"));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({"name": "report.pdf", "size": 5, "resource": "prediction", "mime_type": "application/pdf"})
    );
    assert_eq!(urls, FileUrls::new("https://storage.example/up?sig=1".into(), "https://cdn.example/report.pdf".into()));
}

#[tokio::test]
async fn the_camel_case_spelling_of_the_urls_decodes_too() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        with_undeclared(
            json!({"uploadUrl": "https://storage.example/up?sig=2", "downloadUrl": "https://cdn.example/b.bin"}),
        ),
    ));

    let urls = client(&server)
        .files()
        .create_urls()
        .name("b.bin")
        .size(1)
        .resource(FileResource::Prediction)
        .mime_type("application/octet-stream")
        .send()
        .await
        .unwrap();

    let mut expected = FileUrls::new("https://storage.example/up?sig=2".into(), "https://cdn.example/b.bin".into());
    expected.extra = undeclared();
    assert_eq!(urls, expected);
}

#[tokio::test]
async fn a_missing_required_field_sends_nothing() {
    let server = MockServer::start().await;

    let error = client(&server).files().create_urls().name("report.pdf").size(5).send().await.unwrap_err();

    assert_eq!(error.to_string(), "invalid request: the required parameter `resource` was not set");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn munas_error_shape_gives_the_message() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(401, json!({"errors": [{"message": "Invalid access key"}]})));

    let error = client(&server)
        .files()
        .create_urls()
        .name("a.txt")
        .size(1)
        .resource(FileResource::Prediction)
        .mime_type("text/plain")
        .send()
        .await
        .unwrap_err();

    assert!(matches!(error, Error::Authentication(_)), "{error:?}");
    assert_eq!(error.to_string(), "authentication failed: 401 Unauthorized: Invalid access key");
}

#[tokio::test]
async fn a_per_call_content_type_replaces_the_sdks_own() {
    let server = MockServer::start().await;
    server.respond(MockResponse::json(
        200,
        json!({"uploadUrl": "https://s.example/u", "downloadUrl": "https://s.example/d"}),
    ));
    let options = RequestOptions::new().header("content-type", "application/json; charset=utf-8");

    client(&server)
        .files()
        .create_urls()
        .name("a.txt")
        .size(1)
        .resource(FileResource::Prediction)
        .mime_type("text/plain")
        .with_options(options)
        .send()
        .await
        .unwrap();

    let request = server.only_request();
    let content_types: Vec<_> = request.headers.get_all("content-type").iter().collect();
    assert_eq!(content_types, ["application/json; charset=utf-8"]);
    assert_eq!(request.json()["name"], "a.txt");
}
