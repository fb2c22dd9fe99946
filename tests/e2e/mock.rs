//! The `test-util` mock, used as an application's tests would: typed answers per operation, in
//! order, matched by what was sent; pages, uploads, downloads and the blocking client through it;
//! and what it kept of each request.

use chrono::{TimeZone, Utc};
use files_sdk::deeptable::mock::Mock;
use files_sdk::deeptable::types::{File, FileList};
use files_sdk::deeptable::{Error, UploadFile};
use files_sdk::runtime::Blocking;
use futures_util::TryStreamExt;
use sdk_tests::RecordedRequest;
use serde_json::json;

fn file(id: &str) -> File {
    File::new(id.into(), "x".into(), Utc.with_ymd_and_hms(2024, 1, 15, 10, 30, 0).unwrap(), "t.xlsx".into(), 3)
}

fn page(ids: &[&str], next: Option<&str>) -> FileList {
    let mut page = FileList::new(ids.iter().map(|id| file(id)).collect());
    page.has_more = Some(next.is_some());
    page.last_id = next.map(str::to_owned);
    page
}

#[tokio::test]
async fn a_list_with_limit_2_answers_this_page_then_this_error_and_keeps_what_was_sent() {
    let mock = Mock::new();
    let list = mock
        .files()
        .list()
        .with_query("limit", "2")
        .respond(page(&["f1", "f2"], None))
        .respond_json(500, json!({"error": {"message": "down"}}));
    let client = mock.client().max_retries(0).build().unwrap();

    let first = client.files().list().limit(2).send().await.unwrap();
    let second = client.files().list().limit(2).send().await.unwrap_err();

    assert_eq!(first.response(), &page(&["f1", "f2"], None));
    assert!(matches!(second, Error::InternalServer(_)), "{second:?}");
    let sent = list.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!((sent[0].method().as_str(), sent[0].path()), ("GET", "/v1/files"));
    assert_eq!(sent[0].query("limit").as_deref(), Some("2"));
    assert_eq!(sent[0].header("authorization"), Some("Bearer mock-credential"));
}

#[tokio::test]
async fn pages_follow_through_the_more_specific_rule() {
    let mock = Mock::new();
    let first = mock.files().list().respond(page(&["f1"], Some("f1")));
    let second = mock.files().list().with_query("after", "f1").respond(page(&["f2"], None));
    let client = mock.client().build().unwrap();

    let ids: Vec<String> = client.files().list().items().map_ok(|file| file.id).try_collect().await.unwrap();

    assert_eq!(ids, ["f1", "f2"]);
    assert_eq!((first.requests().len(), second.requests().len()), (1, 1));
}

#[tokio::test]
async fn uploads_and_downloads_go_through_the_mock_whole() {
    let mock = Mock::new();
    let upload = mock.files().upload().respond(file("f3"));
    let download =
        mock.files().download().with_path_param("file_id", "f3").respond_with(200, "application/octet-stream", "xlsx");
    let client = mock.client().build().unwrap();

    let uploaded =
        client.files().upload().file(UploadFile::from_bytes("abc").file_name("t.xlsx")).send().await.unwrap();
    let content = client.files().download(&uploaded.id).send().await.unwrap().bytes().await.unwrap();

    assert_eq!(content.as_ref(), b"xlsx");
    assert_eq!(download.requests()[0].path(), "/v1/files/f3/content");
    let sent = &upload.requests()[0];
    let recorded = RecordedRequest {
        method: "POST".to_owned(),
        path: sent.path().to_owned(),
        query: None,
        headers: sent.headers().clone(),
        body: sent.body().clone(),
        received_at: std::time::Instant::now(),
    };
    let parts = recorded.multipart().await;
    assert_eq!((parts[0].name.as_str(), parts[0].data.as_ref()), ("file", &b"abc"[..]));
}

#[test]
fn the_blocking_client_goes_through_the_mock() {
    let mock = Mock::new();
    mock.files().retrieve().with_path_param("file_id", "f1").respond(file("f1"));
    let client = mock.client().build().unwrap();

    let retrieved = Blocking::new().unwrap().wait(client.files().retrieve("f1").send()).unwrap();

    assert_eq!(retrieved, file("f1"));
}

#[tokio::test]
async fn a_request_no_rule_matches_fails_with_an_error_that_names_it() {
    let mock = Mock::new();
    mock.files().retrieve().with_path_param("file_id", "f1").respond(file("f1"));
    let client = mock.client().max_retries(0).build().unwrap();

    let error = client.files().retrieve("f2").send().await.unwrap_err();

    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    assert!(error.to_string().contains("no mock answer for GET http://mock.invalid/v1/files/f2"), "{error}");
    let unmatched = mock.transport().unmatched();
    assert_eq!(unmatched.len(), 1);
    assert_eq!(unmatched[0].path(), "/v1/files/f2");
}
