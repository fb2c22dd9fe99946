//! `cargo xtask generate --mcp`: a standalone MCP server crate beside the SDK crate, built with
//! warnings denied and spoken to over standard input and output, against a server on loopback. The
//! events fixture has what the workspace's providers lack: a method that streams its response. And
//! the names lowering gives tools and arguments, where a spec's names clash or run long.

#[path = "common/event_server.rs"]
mod event_server;
#[path = "common/events_companion.rs"]
mod events_companion;
#[path = "common/inline_spec.rs"]
mod inline_spec;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use sdkgen::ir::McpSource;
use sdkgen::output::Companions;
use serde_json::{json, Value};

/// Sends `requests` (JSON-RPC, one per line) to the server and reads replies until the one with
/// the last request's id.
fn exchange(binary: &Path, env: &[(&str, &str)], requests: &[Value]) -> Vec<Value> {
    let mut child =
        Command::new(binary).envs(env.iter().copied()).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for request in requests {
        writeln!(stdin, "{request}").unwrap();
    }
    let last = requests.iter().rev().find_map(|request| request.get("id")).unwrap().clone();
    let mut replies = Vec::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let reply: Value = serde_json::from_str(&line.unwrap()).unwrap();
        let done = reply["id"] == last;
        replies.push(reply);
        if done {
            break;
        }
    }
    drop(stdin);
    child.wait().unwrap();
    replies
}

#[test]
fn a_standalone_server_builds_without_warnings_and_collects_a_streamed_response() {
    let binary = events_companion::build(Companions { cli: false, mcp: true }, "mcp").join("events-mcp");

    let (url, server) =
        event_server::serve_events(1, "data: {\"state\":\"running\"}\n\ndata: {\"state\":\"done\"}\n\n");
    let initialize = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}});
    let call = json!({"name": "jobs_watch_job", "arguments": {"job_id": "job_1", "stream": true}});
    let requests = [
        initialize,
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}),
        json!({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": call}),
    ];
    let replies = exchange(&binary, &[("EVENTS_BASE_URL", &url), ("EVENTS_API_KEY", "k")], &requests);
    let received = server.join().unwrap();

    let tools = replies[1]["result"]["tools"].as_array().unwrap();
    let watch = tools.iter().find(|tool| tool["name"] == "jobs_watch_job").unwrap();
    assert_eq!(watch["inputSchema"]["properties"]["stream"]["type"], "boolean");
    assert_eq!(replies[2]["result"]["isError"], false, "{}", replies[2]);
    let text = replies[2]["result"]["content"][0]["text"].as_str().unwrap();
    assert_eq!(serde_json::from_str::<Value>(text).unwrap(), json!([{"state": "running"}, {"state": "done"}]));
    assert!(received[0].starts_with("GET /jobs/job_1/progress HTTP/1.1\r\n"), "{}", received[0]);
    assert!(received[0].contains("accept: text/event-stream\r\n"), "{}", received[0]);
}

/// A tool's arguments are the spec's names; a clash gets `_2`, and a tool name stays within the
/// 64 characters MCP clients take.
#[test]
fn tools_and_arguments_keep_the_specs_names_each_distinct_and_short_enough() {
    let long = "a".repeat(80);
    let spec = format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "Clash", "version": "1"}},
      "paths": {{"/items/{{id}}": {{"get": {{"operationId": "{long}", "tags": ["items"],
        "parameters": [
          {{"name": "id", "in": "path", "required": true, "schema": {{"type": "string"}}}},
          {{"name": "id", "in": "query", "schema": {{"type": "string"}}}},
          {{"name": "stream", "in": "query", "schema": {{"type": "boolean"}}}}],
        "responses": {{"200": {{"description": "ok", "content": {{"application/octet-stream": {{"schema": {{"type": "string", "format": "binary"}}}}}}}}}}}},
        "delete": {{"operationId": "{long}2", "tags": ["items"],
          "parameters": [{{"name": "id", "in": "path", "required": true, "schema": {{"type": "string"}}}}],
          "responses": {{"204": {{"description": "gone"}}}}}}}}}}}}"#
    );
    let api = inline_spec::lower_inline_spec("clash", &spec);

    let names: Vec<&str> = api.mcp.tools.iter().map(|tool| tool.name.as_str()).collect();
    assert_eq!(names.len(), 2);
    assert!(names.iter().all(|name| name.len() <= 64 && name.starts_with("items_a")), "{names:?}");
    assert_ne!(names[0], names[1]);
    let arguments: Vec<(&str, McpSource)> =
        api.mcp.tools[0].arguments.iter().map(|argument| (argument.name.as_str(), argument.source)).collect();
    let names: Vec<&str> = arguments.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, ["id", "id_2", "stream", "save_to"]);
    assert_eq!(arguments[3].1, McpSource::SaveTo);
}
