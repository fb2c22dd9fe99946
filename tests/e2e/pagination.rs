//! Every list endpoint pages exactly: each item once and in order, filters and options on every
//! page request, one request per page, errors that end the stream, and no endless loops.

use std::collections::HashSet;

use files_sdk::runtime::{Error, RequestOptions};
use files_sdk::{aymara, deeptable, llamacloud, spitch};
use futures_util::{StreamExt, TryStreamExt};
use sdk_tests::{MockResponse, MockServer, RecordedRequest};
use serde_json::{json, Value};

fn param(request: &RecordedRequest, name: &str) -> Option<String> {
    request.query_param(name)
}

fn number(request: &RecordedRequest, name: &str, default: usize) -> usize {
    param(request, name).map_or(default, |value| value.parse().unwrap())
}

// --- Spitch: `items` + `next_cursor` → `cursor` -------------------------------------------------

const SPITCH_TOTAL: u128 = 1_050;

fn spitch_file(index: u128) -> Value {
    let status = if index % 3 == 0 { "uploading" } else { "ready" };
    json!({"file_id": format!("f{index}"), "status": status, "created_at": "2025-01-01T00:00:00Z"})
}

/// Cursors are `c<index>`; `status` filters.
async fn spitch_server() -> MockServer {
    let files: Vec<Value> = (0..SPITCH_TOTAL).map(spitch_file).collect();
    MockServer::with_handler(move |request| {
        let status = param(request, "status");
        let matching: Vec<&Value> =
            files.iter().filter(|file| status.as_deref().is_none_or(|status| file["status"] == status)).collect();
        let start = param(request, "cursor").map_or(0, |cursor| cursor.trim_start_matches('c').parse().unwrap());
        let end = (start + number(request, "limit", 20)).min(matching.len());
        let next = (end < matching.len()).then(|| format!("c{end}"));
        MockResponse::json(200, json!({"items": matching[start..end], "next_cursor": next}))
    })
    .await
}

#[tokio::test]
async fn spitch_streams_every_ready_file_once_in_order_for_any_page_size() {
    let expected: Vec<String> =
        (0..SPITCH_TOTAL).filter(|index| index % 3 != 0).map(|index| format!("f{index}")).collect();
    for limit in [1, 7, 100] {
        let server = spitch_server().await;
        let client = spitch::Client::builder().api_key("k").base_url(server.url()).build().unwrap();

        let files: Vec<spitch::types::File> = client
            .files()
            .list()
            .status(spitch::types::FileStatus::Ready)
            .limit(limit)
            .items()
            .try_collect()
            .await
            .unwrap();

        let ids: Vec<String> = files.into_iter().map(|file| file.file_id).collect();
        assert_eq!(ids, expected, "limit {limit}");
        let requests = server.requests();
        assert_eq!(requests.len(), expected.len().div_ceil(limit as usize), "one request per page, limit {limit}");
        for (index, request) in requests.iter().enumerate() {
            assert_eq!(param(request, "status").as_deref(), Some("ready"), "page {index}");
            assert_eq!(param(request, "limit"), Some(limit.to_string()));
            let cursor = (index > 0).then(|| format!("c{}", index * limit as usize));
            assert_eq!(param(request, "cursor"), cursor);
        }
    }
}

#[tokio::test]
async fn a_page_knows_its_items_and_fetches_the_next() {
    let server = spitch_server().await;
    let client = spitch::Client::builder().api_key("k").base_url(server.url()).build().unwrap();

    let first = client.files().list().limit(2).send().await.unwrap();
    assert_eq!(first.items().len(), 2);
    assert_eq!(first.next_cursor.as_deref(), Some("c2"), "the page derefs to the response");
    assert!(first.has_next_page());
    let second = first.next_page().await.unwrap().unwrap();
    assert_eq!(second.items()[0].file_id, "f2");
    let rest: Vec<_> = second.into_stream().take(3).try_collect().await.unwrap();
    assert_eq!(rest.len(), 3);
    assert_eq!(server.requests().len(), 3, "only the pages read were fetched");
}

// --- DeepTable: `data` + `has_more` + `last_id` → `after` ------------------------------------------

const DEEPTABLE_TOTAL: usize = 1_000;

async fn deeptable_server() -> MockServer {
    let ids: Vec<String> = (0..DEEPTABLE_TOTAL).map(|index| format!("file_{index:05}")).collect();
    MockServer::with_handler(move |request| {
        let start = param(request, "after").map_or(0, |after| ids.iter().position(|id| *id == after).unwrap() + 1);
        let end = (start + number(request, "limit", 20)).min(ids.len());
        let data: Vec<Value> = ids[start..end]
            .iter()
            .map(|id| json!({"id": id, "content_type": "x", "created_at": "2024-01-15T10:30:00Z", "file_name": "f.xlsx", "object": "file", "size": 1}))
            .collect();
        let page = json!({"data": data, "has_more": end < ids.len(), "object": "list", "first_id": ids.get(start), "last_id": ids[start..end].last()});
        MockResponse::json(200, page)
    })
    .await
}

#[tokio::test]
async fn deeptable_follows_last_id_and_stops_when_has_more_is_false() {
    for limit in [1, 33, 5_000] {
        let server = deeptable_server().await;
        let client = deeptable::Client::builder().api_key("k").base_url(server.url()).build().unwrap();
        let options = RequestOptions::new().header("x-trace-id", "trace-p");

        let files = client.files().list().limit(limit).with_options(options).collect_all().await.unwrap();

        let ids: Vec<String> = files.into_iter().map(|file| file.id).collect();
        let expected: Vec<String> = (0..DEEPTABLE_TOTAL).map(|index| format!("file_{index:05}")).collect();
        assert_eq!(ids, expected, "limit {limit}");
        let requests = server.requests();
        assert_eq!(
            requests.len(),
            DEEPTABLE_TOTAL.div_ceil(limit as usize),
            "no request after has_more is false, limit {limit}"
        );
        assert!(
            requests.iter().all(|request| request.header("x-trace-id") == Some("trace-p")),
            "options reach every page"
        );
        assert!(requests.iter().skip(1).all(|request| param(request, "after").is_some()));
    }
}

#[tokio::test]
async fn deeptable_pages_by_the_last_files_id_when_the_server_sends_only_data() {
    // The shape DeepTable's own SDK reads: `data` alone; an empty page ends the list.
    let ids: Vec<String> = (0..95).map(|index| format!("file_{index:05}")).collect();
    let server = MockServer::with_handler(move |request| {
        let start = param(request, "after").map_or(0, |after| ids.iter().position(|id| *id == after).unwrap() + 1);
        let end = (start + number(request, "limit", 20)).min(ids.len());
        let data: Vec<Value> = ids[start..end]
            .iter()
            .map(|id| json!({"id": id, "content_type": "x", "created_at": "2024-01-15T10:30:00Z", "file_name": "f.xlsx", "object": "file", "size": 1}))
            .collect();
        MockResponse::json(200, json!({"data": data}))
    })
    .await;
    let client = deeptable::Client::builder().api_key("k").base_url(server.url()).build().unwrap();

    let files = client.files().list().limit(10).collect_all().await.unwrap();

    assert_eq!(files.len(), 95);
    assert_eq!(files[94].id, "file_00094");
    let afters: Vec<Option<String>> = server.requests().iter().map(|request| param(request, "after")).collect();
    // Nine full pages, a short one, then an empty one after the last file.
    let mut expected = vec![None];
    expected.extend((0..9).map(|page| Some(format!("file_{:05}", page * 10 + 9))));
    expected.push(Some("file_00094".to_owned()));
    assert_eq!(afters, expected);
}

#[tokio::test]
async fn a_page_without_items_ends_the_list_whatever_it_says() {
    let server = MockServer::with_handler(|_| {
        MockResponse::json(200, json!({"data": [], "has_more": true, "object": "list", "last_id": "file_x"}))
    })
    .await;
    let client = deeptable::Client::builder().api_key("k").base_url(server.url()).build().unwrap();

    let page = client.files().list().send().await.unwrap();
    let files = client.files().list().collect_all().await.unwrap();

    assert!(!page.has_next_page());
    assert!(files.is_empty());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn an_error_on_page_three_surfaces_once_and_ends_the_stream() {
    // A server that fails the third request with a status that is not retried.
    let failing = MockServer::with_handler({
        let count = std::sync::atomic::AtomicUsize::new(0);
        move |request| {
            let index = count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            if index == 2 {
                return MockResponse::json(400, json!({"error": {"message": "bad cursor"}}));
            }
            let start = param(request, "after").map_or(0, |after| after.trim_start_matches("file_").parse::<usize>().unwrap() + 1);
            let data: Vec<Value> = (start..start + 10)
                .map(|index| json!({"id": format!("file_{index:05}"), "content_type": "x", "created_at": "2024-01-15T10:30:00Z", "file_name": "f", "object": "file", "size": 1}))
                .collect();
            MockResponse::json(200, json!({"data": data, "has_more": true, "object": "list", "last_id": format!("file_{:05}", start + 9)}))
        }
    })
    .await;
    let client = deeptable::Client::builder().api_key("k").base_url(failing.url()).build().unwrap();

    let results: Vec<Result<deeptable::types::File, Error>> = client.files().list().limit(10).items().collect().await;

    assert_eq!(results.len(), 21, "two pages of items, then the error");
    assert!(results[..20].iter().all(Result::is_ok));
    assert!(matches!(&results[20], Err(Error::BadRequest(_))), "{:?}", results[20]);
    assert_eq!(failing.requests().len(), 3);
}

#[tokio::test]
async fn an_empty_list_takes_one_request() {
    let server = MockServer::with_handler(|_| {
        MockResponse::json(
            200,
            json!({"data": [], "has_more": false, "object": "list", "first_id": null, "last_id": null}),
        )
    })
    .await;
    let client = deeptable::Client::builder().api_key("k").base_url(server.url()).build().unwrap();

    let files = client.files().list().collect_all().await.unwrap();

    assert!(files.is_empty());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_server_that_repeats_a_cursor_gets_an_error_not_a_loop() {
    let server = MockServer::with_handler(|_| {
        MockResponse::json(200, json!({"items": [{"file_id": "f", "status": "ready", "created_at": "2025-01-01T00:00:00Z"}], "next_cursor": "same"}))
    })
    .await;
    let client = spitch::Client::builder().api_key("k").base_url(server.url()).build().unwrap();

    let results: Vec<_> = client.files().list().items().collect().await;

    assert_eq!(results.len(), 3, "two items, then the error: {results:?}");
    assert!(
        matches!(&results[2], Err(Error::Pagination { message }) if message.contains("`same`")),
        "{:?}",
        results[2]
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn an_empty_string_cursor_or_page_token_ends_the_list() {
    let spitch_server =
        MockServer::with_handler(|_| MockResponse::json(200, json!({"items": [spitch_file(1)], "next_cursor": ""})))
            .await;
    let llama_server =
        MockServer::with_handler(|_| MockResponse::json(200, json!({"items": [llama_file(1)], "next_page_token": ""})))
            .await;
    let spitch = spitch::Client::builder().api_key("k").base_url(spitch_server.url()).build().unwrap();
    let llama = llamacloud::Client::builder().api_key("k").base_url(llama_server.url()).build().unwrap();

    let page = spitch.files().list().send().await.unwrap();
    let spitch_files = spitch.files().list().collect_all().await.unwrap();
    let llama_page = llama.files().list().send().await.unwrap();
    let llama_files = llama.files().list().collect_all().await.unwrap();
    #[allow(deprecated)]
    let queried = llama.files().query().collect_all().await.unwrap();

    assert!(!page.has_next_page());
    assert!(page.next_page().await.unwrap().is_none());
    assert!(!llama_page.has_next_page());
    assert_eq!(spitch_files.len(), 1);
    assert_eq!((llama_files.len(), queried.len()), (1, 1));
    assert_eq!(spitch_server.requests().len(), 2, "one request for the page, one for the list");
    assert_eq!(llama_server.requests().len(), 3, "one request for the page, one per list");
}

// --- Aymara: `items` + `count`, offset += items received ------------------------------------------

const AYMARA_TOTAL: usize = 1_001;

fn aymara_file(index: usize) -> Value {
    let workspace = if index % 2 == 0 { "ws-a" } else { "ws-b" };
    let file_type = if index % 5 == 0 { "video" } else { "image" };
    json!({"file_uuid": format!("f-{index}"), "workspace_uuid": workspace, "file_type": file_type,
           "content_type": "image/png", "organization_uuid": "org", "remote_file_path": format!("org/f-{index}"),
           "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"})
}

/// `claimed_extra` makes the server report more files than it has, to check that an empty page stops;
/// `None` makes it report no count at all.
async fn aymara_server(claimed_extra: Option<usize>) -> MockServer {
    let files: Vec<Value> = (0..AYMARA_TOTAL).map(aymara_file).collect();
    MockServer::with_handler(move |request| {
        let workspace = param(request, "workspace_uuid");
        let file_type = param(request, "file_type");
        let matching: Vec<&Value> = files
            .iter()
            .filter(|file| workspace.as_deref().is_none_or(|workspace| file["workspace_uuid"] == workspace))
            .filter(|file| file_type.as_deref().is_none_or(|file_type| file["file_type"] == file_type))
            .collect();
        let offset = number(request, "offset", 0).min(matching.len());
        let end = (offset + number(request, "limit", 50)).min(matching.len());
        let count = claimed_extra.map(|extra| matching.len() + extra);
        MockResponse::json(200, json!({"items": matching[offset..end], "count": count}))
    })
    .await
}

#[tokio::test]
async fn aymara_leaves_page_one_and_keeps_its_filters() {
    let expected: Vec<String> = (0..AYMARA_TOTAL)
        .map(aymara_file)
        .filter(|file| file["workspace_uuid"] == "ws-a" && file["file_type"] == "image")
        .map(|file| file["file_uuid"].as_str().unwrap().to_owned())
        .collect();
    for limit in [1, 50, 100] {
        let server = aymara_server(Some(0)).await;
        let client = aymara::Client::builder().api_key("k").base_url(server.url()).build().unwrap();

        let files: Vec<aymara::types::FileDetail> = client
            .files()
            .list()
            .workspace_uuid("ws-a")
            .file_type(aymara::types::FileType::Image)
            .limit(limit)
            .items()
            .try_collect()
            .await
            .unwrap();

        let ids: Vec<String> = files.into_iter().map(|file| file.file_uuid).collect();
        assert_eq!(ids, expected, "limit {limit}");
        let requests = server.requests();
        assert_eq!(requests.len(), expected.len().div_ceil(limit as usize), "limit {limit}");
        for (index, request) in requests.iter().enumerate() {
            assert_eq!(param(request, "workspace_uuid").as_deref(), Some("ws-a"));
            assert_eq!(param(request, "file_type").as_deref(), Some("image"));
            let offset = (index > 0).then(|| (index * limit as usize).to_string());
            assert_eq!(param(request, "offset"), offset, "page {index}");
        }
    }
}

#[tokio::test]
async fn aymara_stops_on_an_empty_page_even_if_the_count_says_more() {
    for claimed in [Some(10), None] {
        let server = aymara_server(claimed).await;
        let client = aymara::Client::builder().api_key("k").base_url(server.url()).build().unwrap();

        let files = client.files().list().limit(100).collect_all().await.unwrap();

        assert_eq!(files.len(), AYMARA_TOTAL, "count {claimed:?}");
        let requests = server.requests().len();
        assert_eq!(requests, AYMARA_TOTAL.div_ceil(100) + 1, "one more request, which comes back empty: {claimed:?}");
    }
}

// --- LlamaCloud: `items` + `next_page_token` → `page_token`, in the query or the JSON body ---------

const LLAMA_TOTAL: usize = 1_200;

fn llama_file(index: usize) -> Value {
    json!({"id": format!("{:032x}", index), "name": format!("doc-{index}.pdf"), "project_id": uuid::Uuid::nil()})
}

fn llama_page(ids_filter: &HashSet<String>, token: Option<String>, size: usize) -> MockResponse {
    let matching: Vec<Value> = (0..LLAMA_TOTAL)
        .map(llama_file)
        .filter(|file| {
            ids_filter.is_empty()
                || ids_filter.contains(&uuid::Uuid::parse_str(file["id"].as_str().unwrap()).unwrap().to_string())
        })
        .collect();
    let start = token.map_or(0, |token| token.trim_start_matches('t').parse().unwrap());
    let end = (start + size).min(matching.len());
    let next = (end < matching.len()).then(|| format!("t{end}"));
    MockResponse::json(200, json!({"items": matching[start..end], "next_page_token": next}))
}

#[tokio::test]
async fn llamacloud_list_sends_repeated_file_ids_on_every_page() {
    let server = MockServer::with_handler(|request| {
        let ids: HashSet<String> =
            request.query_pairs().into_iter().filter(|(key, _)| key == "file_ids").map(|(_, value)| value).collect();
        llama_page(&ids, param(request, "page_token"), number(request, "page_size", 50))
    })
    .await;
    let client = llamacloud::Client::builder().api_key("k").base_url(server.url()).build().unwrap();
    let wanted: Vec<String> = (0..LLAMA_TOTAL as u128)
        .filter(|index| index % 4 == 0)
        .map(|index| uuid::Uuid::from_u128(index).to_string())
        .collect();

    let files = client.files().list().file_ids(wanted.clone()).page_size(64).collect_all().await.unwrap();

    let ids: Vec<String> = files.iter().map(|file| uuid::Uuid::parse_str(&file.id).unwrap().to_string()).collect();
    assert_eq!(ids, wanted);
    let requests = server.requests();
    assert_eq!(requests.len(), wanted.len().div_ceil(64));
    for request in &requests {
        let sent: Vec<String> =
            request.query_pairs().into_iter().filter(|(key, _)| key == "file_ids").map(|(_, value)| value).collect();
        assert_eq!(sent.len(), wanted.len(), "every page repeats the whole filter");
    }
}

#[tokio::test]
#[allow(deprecated)]
async fn llamacloud_query_pages_through_its_json_body() {
    let server = MockServer::with_handler(|request| {
        let body = request.json();
        let size = body["page_size"].as_u64().unwrap_or(50) as usize;
        let token = body["page_token"].as_str().map(str::to_owned);
        llama_page(&HashSet::new(), token, size)
    })
    .await;
    let client = llamacloud::Client::builder().api_key("k").base_url(server.url()).build().unwrap();

    let files = client.files().query().page_size(500).collect_all().await.unwrap();

    assert_eq!(files.len(), LLAMA_TOTAL);
    assert_eq!(files.last().unwrap().name, format!("doc-{}.pdf", LLAMA_TOTAL - 1));
    let tokens: Vec<Value> = server.requests().iter().map(|request| request.json()["page_token"].clone()).collect();
    assert_eq!(tokens, [Value::Null, json!("t500"), json!("t1000")]);
}

#[test]
fn blocking_code_iterates_every_item_and_page() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(deeptable_server());
    let client = deeptable::Client::builder().api_key("k").base_url(server.url()).build().unwrap();
    let blocking = deeptable::Blocking::new().unwrap();

    let ids: Vec<String> =
        blocking.iter(client.files().list().limit(250).items()).map(|file| file.unwrap().id).collect();
    let pages = blocking.iter(client.files().list().limit(400).pages()).count();
    let first = blocking.wait(client.files().list().limit(3).send()).unwrap();
    let second = blocking.wait(async move { first.next_page().await.map(|page| (first.items().len(), page)) });

    assert_eq!(ids.len(), DEEPTABLE_TOTAL);
    assert_eq!(ids[999], "file_00999");
    assert_eq!(pages, 3);
    let (first_items, second) = second.unwrap();
    assert_eq!(first_items, 3);
    assert_eq!(second.unwrap().items()[0].id, "file_00003");
}
