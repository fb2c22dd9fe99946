//! The generated MCP servers, driven as an agent's host drives them: by an MCP client no one here
//! wrote (the official Python SDK, see `common`), which starts the binary, lists its tools and
//! calls them, against an API server on loopback that records what it was sent. Each test checks
//! the listed tools or the replies, and the requests on the wire.

mod common;

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;
use common::{reply, reply_json, run_client, HttpServer, Transport};
use serde_json::{json, Value};

/// One request the API server received.
#[derive(Debug, Clone)]
struct Received {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
}

/// What the API server answers to a request: status, content type and body.
type Answer = fn(&Received) -> (StatusCode, &'static str, Vec<u8>);

/// The API key every server is given, which no reply may show.
const KEY: &str = "sk-test-secret";

/// An API server on loopback answering with `answer`; its base URL and what it received.
async fn api_server(answer: Answer) -> (String, Arc<Mutex<Vec<Received>>>) {
    let received: Arc<Mutex<Vec<Received>>> = Arc::default();
    let log = received.clone();
    let app = axum::Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
        let log = log.clone();
        async move {
            let request = Received { method, uri, headers, body };
            let (status, content_type, body) = answer(&request);
            log.lock().unwrap().push(request);
            (status, [("content-type", content_type)], body).into_response()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base_url, received)
}

/// The server `binary` (`spitch-mcp`) started by the client with `args`, the API at `base_url`
/// and the key in the provider's variables; one result per step.
async fn session(binary: &'static str, args: &[&str], base_url: &str, steps: Value) -> Vec<Value> {
    let prefix = binary.trim_end_matches("-mcp").to_uppercase();
    let env = [(format!("{prefix}_BASE_URL"), base_url.to_owned()), (format!("{prefix}_API_KEY"), KEY.to_owned())];
    let args: Vec<String> = args.iter().map(|arg| arg.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let env: Vec<(&str, &str)> = env.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_client(Transport::Stdio { binary: binary_path(binary), args: &args }, &env, steps)
    })
    .await
    .unwrap()
}

fn binary_path(binary: &str) -> &'static str {
    match binary {
        "spitch-mcp" => env!("CARGO_BIN_EXE_spitch-mcp"),
        "deeptable-mcp" => env!("CARGO_BIN_EXE_deeptable-mcp"),
        other => panic!("no binary {other}"),
    }
}

fn file(id: &str) -> Value {
    json!({"file_id": id, "status": "ready", "created_at": "2026-01-02T03:04:05Z"})
}

fn json_answer(value: Value) -> (StatusCode, &'static str, Vec<u8>) {
    (StatusCode::OK, "application/json", value.to_string().into_bytes())
}

fn page(_: &Received) -> (StatusCode, &'static str, Vec<u8>) {
    json_answer(json!({"items": [file("a")], "next_cursor": null}))
}

fn names(tools: &Value) -> Vec<&str> {
    tools.as_array().unwrap().iter().map(|tool| tool["name"].as_str().unwrap()).collect()
}

fn tool<'a>(tools: &'a Value, name: &str) -> &'a Value {
    tools.as_array().unwrap().iter().find(|tool| tool["name"] == name).unwrap_or_else(|| panic!("no tool {name}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn every_operation_is_a_tool_with_its_schema_and_annotations() {
    let (base_url, received) = api_server(page).await;
    let results = session("spitch-mcp", &[], &base_url, json!([{"list": true}])).await;
    let tools = &results[0];
    assert_eq!(
        names(tools),
        ["files_delete", "files_download", "files_get", "files_list", "files_upload", "files_usage"]
    );
    let list = tool(tools, "files_list");
    assert_eq!(list["title"], "List files");
    assert_eq!(list["annotations"]["readOnlyHint"], true);
    let schema = &list["inputSchema"];
    assert_eq!(schema["properties"]["status"]["$ref"], "#/$defs/FileStatus");
    assert_eq!(schema["$defs"]["FileStatus"]["enum"], json!(["uploading", "ready"]));
    assert_eq!(schema["properties"]["limit"]["type"], "integer");
    assert_eq!(schema["additionalProperties"], false);
    let delete = tool(tools, "files_delete");
    assert_eq!(delete["annotations"]["destructiveHint"], true);
    assert_eq!(delete["inputSchema"]["required"], json!(["file_id"]));
    let upload = &tool(tools, "files_upload")["inputSchema"]["properties"]["file"];
    assert_eq!(upload["type"], "string", "a local path: {upload}");
    assert!(received.lock().unwrap().is_empty(), "listing calls nothing");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_call_sends_its_arguments_and_replies_with_the_response_as_json() {
    let (base_url, received) = api_server(page).await;
    let steps = json!([{"call": "files_list", "arguments": {"limit": 2, "status": "ready"}}]);
    let results = session("spitch-mcp", &[], &base_url, steps).await;
    // As the SDK serializes the page: a cursor that is not there is left out.
    assert_eq!(reply_json(&results[0]), json!({"items": [file("a")]}));
    let received = received.lock().unwrap();
    let [request] = &received[..] else { panic!("{received:?}") };
    assert_eq!((request.method.as_str(), request.uri.path()), ("GET", "/v1/files"));
    let mut query: Vec<&str> = request.uri.query().unwrap().split('&').collect();
    query.sort();
    assert_eq!(query, ["limit=2", "status=ready"]);
    assert_eq!(request.headers["authorization"], format!("Bearer {KEY}"));
}

#[tokio::test(flavor = "multi_thread")]
async fn failures_are_tool_errors_the_agent_can_act_on_and_never_show_the_key() {
    let (base_url, received) = api_server(|_| {
        (StatusCode::NOT_FOUND, "application/json", br#"{"detail": "file f-9 does not exist"}"#.to_vec())
    })
    .await;
    let steps = json!([
        {"call": "files_get", "arguments": {"file_id": "f-9"}},
        {"call": "files_get", "arguments": {}},
        {"call": "files_get", "arguments": {"file_id": "f-9", "fileid": "x"}},
        {"call": "files_list", "arguments": {"limit": "many"}},
        {"call": "no_such_tool", "arguments": {}},
    ]);
    let results = session("spitch-mcp", &[], &base_url, steps).await;
    let (is_error, texts) = reply(&results[0]);
    assert!(is_error);
    assert!(texts[0].starts_with("not found: 404 Not Found: file f-9 does not exist"), "{texts:?}");
    assert!(texts[0].ends_with(r#"The API's response: {"detail":"file f-9 does not exist"}"#), "{texts:?}");
    assert_eq!(reply(&results[1]), (true, vec!["invalid arguments: `file_id` is required".to_owned()]));
    let (is_error, texts) = reply(&results[2]);
    assert!(is_error && texts[0].contains("takes no `fileid`"), "{texts:?}");
    let (is_error, texts) = reply(&results[3]);
    assert!(is_error && texts[0].starts_with("invalid arguments: `limit`"), "{texts:?}");
    assert!(results[4]["protocol_error"].as_str().unwrap().contains("no tool is named `no_such_tool`"));
    assert!(!results.iter().any(|result| result.to_string().contains(KEY)), "{results:?}");
    // Only the first call reached the API: the others were refused before sending.
    assert_eq!(received.lock().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn filters_offer_fewer_tools_and_refuse_the_rest() {
    let (base_url, received) = api_server(page).await;
    let steps = json!([{"list": true}, {"call": "files_delete", "arguments": {"file_id": "a"}}]);
    let results = session("spitch-mcp", &["--read-only"], &base_url, steps.clone()).await;
    assert_eq!(names(&results[0]), ["files_download", "files_get", "files_list", "files_usage"]);
    assert!(results[1]["protocol_error"].as_str().unwrap().contains("files_delete"), "{}", results[1]);
    let results = session("spitch-mcp", &["--no-destructive"], &base_url, json!([{"list": true}])).await;
    assert!(!names(&results[0]).contains(&"files_delete") && names(&results[0]).contains(&"files_upload"));
    let results =
        session("spitch-mcp", &["--tool", "files_get", "--tool", "files_usage"], &base_url, json!([{"list": true}]))
            .await;
    assert_eq!(names(&results[0]), ["files_get", "files_usage"]);
    assert!(received.lock().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn dynamic_mode_lists_describes_and_invokes_the_operations() {
    let (base_url, received) = api_server(|_| json_answer(file("a"))).await;
    let steps = json!([
        {"list": true},
        {"call": "list_endpoints", "arguments": {"search": "usage"}},
        {"call": "describe_endpoint", "arguments": {"name": "files_get"}},
        {"call": "invoke_endpoint", "arguments": {"name": "files_get", "arguments": {"file_id": "a"}}},
        {"call": "invoke_endpoint", "arguments": {"name": "files_gets"}},
    ]);
    let results = session("spitch-mcp", &["--mode", "dynamic"], &base_url, steps).await;
    assert_eq!(names(&results[0]), ["list_endpoints", "describe_endpoint", "invoke_endpoint"]);
    let found = reply_json(&results[1]);
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found[0]["name"], "files_usage");
    assert_eq!(found[0]["read_only"], true);
    let described = reply_json(&results[2]);
    assert_eq!(described["input_schema"]["required"], json!(["file_id"]));
    assert_eq!(reply_json(&results[3]), file("a"));
    let (is_error, texts) = reply(&results[4]);
    assert!(is_error && texts[0].contains("no operation is named `files_gets`"), "{texts:?}");
    let received = received.lock().unwrap();
    let [request] = &received[..] else { panic!("{received:?}") };
    assert_eq!(request.uri.path(), "/v1/files/a");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_long_reply_keeps_the_items_that_fit_and_says_what_was_left_out() {
    let (base_url, _) = api_server(|_| {
        let items: Vec<Value> = (0..50).map(|index| file(&format!("file-{index:02}"))).collect();
        json_answer(json!({"items": items, "next_cursor": "c2"}))
    })
    .await;
    let steps = json!([{"call": "files_list", "arguments": {}}]);
    let results = session("spitch-mcp", &["--max-reply-chars", "1000"], &base_url, steps).await;
    let (is_error, texts) = reply(&results[0]);
    assert!(!is_error);
    assert!(texts[0].chars().count() <= 1000, "{}", texts[0].len());
    let shown: Value = serde_json::from_str(&texts[0]).unwrap();
    let kept = shown["items"].as_array().unwrap().len();
    assert!((1..50).contains(&kept), "{kept}");
    assert_eq!(shown["items"][0], file("file-00"));
    assert_eq!(shown["next_cursor"], "c2", "what is not in the array stays");
    assert!(texts[1].contains(&format!("{kept} of the 50 items of `/items`")), "{}", texts[1]);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_sends_the_local_file_the_agent_names() {
    let (base_url, received) = api_server(|_| json_answer(file("new"))).await;
    let path = std::env::temp_dir().join(format!("mcp-upload-{}.txt", std::process::id()));
    std::fs::write(&path, "hello from an agent").unwrap();
    let steps = json!([{"call": "files_upload", "arguments": {"file": path.to_str().unwrap()}}]);
    let results = session("spitch-mcp", &[], &base_url, steps).await;
    std::fs::remove_file(&path).unwrap();
    assert_eq!(reply_json(&results[0]), file("new"));
    let received = received.lock().unwrap();
    let [request] = &received[..] else { panic!("{received:?}") };
    assert_eq!((request.method.as_str(), request.uri.path()), ("POST", "/v1/files"));
    let content_type = request.headers["content-type"].to_str().unwrap();
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let body = String::from_utf8_lossy(&request.body);
    let file_name = path.file_name().unwrap().to_str().unwrap();
    assert!(body.contains(&format!("name=\"file\"; filename=\"{file_name}\"")), "{body}");
    assert!(body.contains("\r\n\r\nhello from an agent\r\n"), "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_binary_response_is_saved_where_the_agent_asks_or_described() {
    let (base_url, received) =
        api_server(|_| (StatusCode::OK, "application/octet-stream", vec![0xff, 0xfe, 0x00, 0x01, 0x02])).await;
    let path = std::env::temp_dir().join(format!("mcp-download-{}.bin", std::process::id()));
    let steps = json!([
        {"call": "files_download", "arguments": {"file_id": "f1", "save_to": path.to_str().unwrap()}},
        {"call": "files_download", "arguments": {"file_id": "f1"}},
    ]);
    let results = session("deeptable-mcp", &[], &base_url, steps).await;
    let written = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(written, [0xff, 0xfe, 0x00, 0x01, 0x02]);
    let saved = format!("Saved 5 bytes (application/octet-stream) to {}.", path.display());
    assert_eq!(reply(&results[0]), (false, vec![saved]));
    let (is_error, texts) = reply(&results[1]);
    assert!(!is_error && texts[0].starts_with("The response is 5 bytes of application/octet-stream."), "{texts:?}");
    assert_eq!(received.lock().unwrap()[0].uri.path(), "/v1/files/f1/content");
}

#[tokio::test(flavor = "multi_thread")]
async fn streamable_http_serves_the_same_tools() {
    let (base_url, received) = api_server(|_| json_answer(file("a"))).await;
    let env = [("SPITCH_BASE_URL", base_url.as_str()), ("SPITCH_API_KEY", KEY)];
    let server = HttpServer::start(env!("CARGO_BIN_EXE_spitch-mcp"), &[], &env);
    let url = server.url.clone();
    let steps = json!([{"list": true}, {"call": "files_get", "arguments": {"file_id": "a"}}]);
    let results = tokio::task::spawn_blocking(move || run_client(Transport::Http(&url), &[], steps)).await.unwrap();
    drop(server);
    assert_eq!(names(&results[0]).len(), 6);
    assert_eq!(reply_json(&results[1]), file("a"));
    let received = received.lock().unwrap();
    assert_eq!(received[0].headers["authorization"], format!("Bearer {KEY}"));
}

/// The status of an `initialize` request to `url` with the `Host` header `host`.
fn initialize_status(url: &str, host: &str) -> String {
    use std::io::{Read, Write};
    let authority = url.trim_start_matches("http://").split('/').next().unwrap();
    let mut stream = std::net::TcpStream::connect(authority).unwrap();
    let body = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#;
    let request = format!(
        "POST /mcp HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\naccept: application/json, text/event-stream\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.lines().next().unwrap_or_default().to_owned()
}

#[test]
fn the_http_server_answers_only_the_hosts_it_is_told() {
    let env = [("SPITCH_BASE_URL", "http://127.0.0.1:9"), ("SPITCH_API_KEY", KEY)];
    let server = HttpServer::start(env!("CARGO_BIN_EXE_spitch-mcp"), &["--allow-host", "mcp.example.test"], &env);
    assert_eq!(initialize_status(&server.url, "mcp.example.test"), "HTTP/1.1 200 OK");
    assert_eq!(initialize_status(&server.url, "127.0.0.1"), "HTTP/1.1 200 OK", "loopback stays allowed");
    assert_eq!(initialize_status(&server.url, "rebound.example.test"), "HTTP/1.1 403 Forbidden");
}
