//! The generated command-line tools, run as a user runs them: each binary as a process, against a
//! server on loopback that records what it was sent. Each test checks the request on the wire,
//! standard output, standard error and the exit code.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;
use serde_json::{json, Value};

/// One request the server received.
#[derive(Debug, Clone)]
struct Received {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
}

/// What the server answers to a request: status, content type and body.
type Answer = fn(&Received) -> (StatusCode, &'static str, Vec<u8>);

/// What a run of a binary gave.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    received: Vec<Received>,
}

/// Runs `binary` with `args` (and `stdin`) against a server that answers with `answer`, with the
/// base URL and API key set in the environment as users set them (`SPITCH_API_KEY`), or, for
/// LlamaCloud, whose variables are named otherwise, given as flags after the command's own.
async fn run(binary: &str, args: &[&str], stdin: &[u8], answer: Answer) -> Run {
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
    let (binary, args, stdin) =
        (binary.to_owned(), args.iter().map(|arg| arg.to_string()).collect::<Vec<_>>(), stdin.to_vec());
    let output = tokio::task::spawn_blocking(move || {
        let mut command = Command::new(binary_path(&binary));
        command.args(&args);
        match binary.as_str() {
            "llamacloud" => command.args(["--base-url", &base_url, "--api-key", "sk-test"]),
            _ => {
                let prefix = binary.to_uppercase();
                command.env(format!("{prefix}_BASE_URL"), &base_url).env(format!("{prefix}_API_KEY"), "sk-test")
            }
        };
        let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(&stdin).unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    let received = received.lock().unwrap().clone();
    Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
        received,
    }
}

fn binary_path(binary: &str) -> &'static str {
    match binary {
        "spitch" => env!("CARGO_BIN_EXE_spitch"),
        "deeptable" => env!("CARGO_BIN_EXE_deeptable"),
        "llamacloud" => env!("CARGO_BIN_EXE_llamacloud"),
        other => panic!("no binary {other}"),
    }
}

fn file(id: &str) -> Value {
    json!({"file_id": id, "status": "ready", "created_at": "2026-01-02T03:04:05Z"})
}

fn json_answer(value: Value) -> (StatusCode, &'static str, Vec<u8>) {
    (StatusCode::OK, "application/json", value.to_string().into_bytes())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_list_sends_its_flags_under_their_names_and_prints_compact_json_off_a_terminal() {
    let run = run("spitch", &["files", "list", "--limit", "2", "--status", "ready"], b"", |_| {
        json_answer(json!({"items": [file("a")], "next_cursor": null}))
    })
    .await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let [request] = &run.received[..] else { panic!("{:?}", run.received) };
    assert_eq!((request.method.as_str(), request.uri.path()), ("GET", "/v1/files"));
    let mut query: Vec<&str> = request.uri.query().unwrap().split('&').collect();
    query.sort();
    assert_eq!(query, ["limit=2", "status=ready"]);
    assert_eq!(request.headers["authorization"], "Bearer sk-test");
    assert_eq!(run.stdout.lines().count(), 1, "one line: {}", run.stdout);
    let printed: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(printed["items"], json!([file("a")]));
}

#[tokio::test(flavor = "multi_thread")]
async fn all_pages_through_every_page_and_prints_one_array_of_items() {
    let run = run("spitch", &["files", "list", "--all", "--limit", "1"], b"", |request| {
        match request.uri.query().unwrap_or_default().contains("cursor=c2") {
            false => json_answer(json!({"items": [file("a")], "next_cursor": "c2"})),
            true => json_answer(json!({"items": [file("b")], "next_cursor": null})),
        }
    })
    .await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let queries: Vec<&str> = run.received.iter().map(|request| request.uri.query().unwrap()).collect();
    assert_eq!(queries.len(), 2, "{queries:?}");
    assert!(queries[1].contains("cursor=c2") && queries[1].contains("limit=1"), "{queries:?}");
    let printed: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(printed, json!([file("a"), file("b")]));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_file_exits_4_with_the_servers_message_on_stderr() {
    let run = run("spitch", &["files", "get", "nope"], b"", |_| {
        (StatusCode::NOT_FOUND, "application/json", br#"{"detail":"no such file"}"#.to_vec())
    })
    .await;
    assert_eq!(run.received[0].uri.path(), "/v1/files/nope");
    assert_eq!((run.code, run.stdout.as_str()), (4, ""));
    assert!(run.stderr.starts_with("error: ") && run.stderr.contains("404"), "{}", run.stderr);
    assert!(run.stderr.contains("no such file"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_streams_a_file_given_by_path_or_on_standard_input() {
    let path = std::env::temp_dir().join(format!("cli-upload-{}.txt", std::process::id()));
    std::fs::write(&path, b"from a path").unwrap();
    let answer: Answer = |_| json_answer(file("up"));
    let from_path = run("spitch", &["files", "upload", "--file", path.to_str().unwrap()], b"", answer).await;
    let from_stdin = run("spitch", &["files", "upload", "--file", "-"], b"from stdin", answer).await;
    std::fs::remove_file(&path).unwrap();
    for (run, content, name) in
        [(from_path, "from a path", path.file_name().unwrap().to_str().unwrap()), (from_stdin, "from stdin", "stdin")]
    {
        assert_eq!((run.code, run.stderr.as_str()), (0, ""));
        let request = &run.received[0];
        assert_eq!((request.method.as_str(), request.uri.path()), ("POST", "/v1/files"));
        let body = String::from_utf8_lossy(&request.body);
        assert!(body.contains(&format!("name=\"file\"; filename=\"{name}\"")), "{body}");
        assert!(body.contains(&format!("\r\n\r\n{content}\r\n")), "{body}");
        assert_eq!(serde_json::from_str::<Value>(&run.stdout).unwrap(), file("up"));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_download_goes_to_the_output_file_and_prints_nothing() {
    let path = std::env::temp_dir().join(format!("cli-download-{}.xlsx", std::process::id()));
    let run = run("deeptable", &["files", "download", "f1", "--output", path.to_str().unwrap()], b"", |_| {
        (StatusCode::OK, "application/octet-stream", b"spreadsheet bytes".to_vec())
    })
    .await;
    let written = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!((run.code, run.stdout.as_str(), run.stderr.as_str()), (0, "", ""));
    assert_eq!(run.received[0].uri.path(), "/v1/files/f1/content");
    assert_eq!(written, b"spreadsheet bytes");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_json_body_is_merged_with_flags_and_undeclared_properties_are_sent_as_given() {
    let args = [
        "files",
        "query",
        "--json",
        r#"{"filter": {"file_name": "a.pdf"}, "page_size": 9, "extra": [1]}"#,
        "--page-size",
        "5",
    ];
    let run = run("llamacloud", &args, b"", |_| json_answer(json!({"items": []}))).await;
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let request = &run.received[0];
    assert_eq!((request.method.as_str(), request.uri.path()), ("POST", "/api/v1/beta/files/query"));
    let sent: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(sent, json!({"filter": {"file_name": "a.pdf"}, "page_size": 5, "extra": [1]}));
    assert_eq!(request.headers["authorization"], "Bearer sk-test");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_json_body_comes_from_standard_input_and_a_wrong_shape_is_a_usage_error() {
    let from_stdin = run("llamacloud", &["files", "query", "--json", "-"], br#"{"order_by": "name"}"#, |_| {
        json_answer(json!({"items": []}))
    })
    .await;
    assert_eq!(from_stdin.code, 0, "{}", from_stdin.stderr);
    assert_eq!(serde_json::from_slice::<Value>(&from_stdin.received[0].body).unwrap(), json!({"order_by": "name"}));
    let wrong = run("llamacloud", &["files", "query", "--json", r#"{"page_size": "many"}"#], b"", |_| {
        json_answer(json!({"items": []}))
    })
    .await;
    assert_eq!((wrong.code, wrong.received.len()), (2, 0));
    assert!(wrong.stderr.contains("`page_size` in `--json`"), "{}", wrong.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn usage_errors_exit_2_before_anything_is_sent() {
    let answer: Answer = |_| json_answer(json!({}));
    let missing = run("spitch", &["files", "get"], b"", answer).await;
    assert_eq!((missing.code, missing.received.len()), (2, 0));
    assert!(missing.stderr.contains("<FILE_ID>"), "{}", missing.stderr);
    let bad_choice = run("spitch", &["files", "list", "--status", "gone"], b"", answer).await;
    assert_eq!((bad_choice.code, bad_choice.received.len()), (2, 0));
    assert!(bad_choice.stderr.contains("[possible values: uploading, ready]"), "{}", bad_choice.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn help_reads_from_the_spec_and_completions_need_no_credentials() {
    let answer: Answer = |_| json_answer(json!({}));
    let help = run("spitch", &["files", "list", "--help"], b"", answer).await;
    assert_eq!(help.code, 0);
    assert!(
        help.stdout.starts_with("List files\n\nGet a paginated list of files for your organization."),
        "{}",
        help.stdout
    );
    assert!(
        help.stdout.contains("--limit <LIMIT>") && help.stdout.contains("Maximum number of files to return"),
        "{}",
        help.stdout
    );
    assert!(help.stdout.contains("[possible values: uploading, ready]"), "{}", help.stdout);
    let completions = run("spitch", &["completions", "bash"], b"", answer).await;
    assert_eq!((completions.code, completions.received.len()), (0, 0));
    assert!(completions.stdout.contains("complete -F _spitch"), "{}", completions.stdout);
}
