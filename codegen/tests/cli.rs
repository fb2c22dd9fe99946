//! `cargo xtask generate --cli`: a standalone tool crate beside the SDK crate, built with warnings
//! denied and run as a process against a server on loopback. The events fixture has what the
//! workspace's providers lack: streamed responses (`--stream`) and a body whose streaming flag the
//! streaming call sets.

#[path = "common/event_server.rs"]
mod event_server;
#[path = "common/events_companion.rs"]
mod events_companion;
#[path = "common/inline_spec.rs"]
mod inline_spec;

use std::process::Command;

use sdkgen::output::Companions;

#[test]
fn a_standalone_tool_builds_without_warnings_and_prints_each_event_as_a_line() {
    let binary = events_companion::build(Companions { cli: true, mcp: false }, "cli").join("events");

    let (url, server) =
        event_server::serve_events(2, "data: {\"state\":\"running\"}\n\ndata: {\"state\":\"done\"}\n\n");
    let run = |args: &[&str]| {
        let output = Command::new(&binary).args(args).args(["--base-url", &url, "--api-key", "k"]).output().unwrap();
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
        (output.status.code().unwrap(), text(output.stdout), text(output.stderr))
    };
    let watched = run(&["jobs", "watch-job", "job_1", "--stream"]);
    let chat =
        ["chat", "create-chat-completion", "--model", "m", "--messages", "hi", "--messages", "there", "--stream"];
    let chatted = run(&chat);
    let requests = server.join().unwrap();

    assert_eq!(watched, (0, "{\"state\":\"running\"}\n{\"state\":\"done\"}\n".to_owned(), String::new()));
    assert!(requests[0].starts_with("GET /jobs/job_1/progress HTTP/1.1\r\n"), "{}", requests[0]);
    assert!(requests[0].contains("accept: text/event-stream\r\n"), "{}", requests[0]);
    // The server's events are not chunks of a chat: each is refused as it is read.
    assert_eq!(chatted.0, 8, "{chatted:?}");
    assert!(requests[1].starts_with("POST /chat/completions HTTP/1.1\r\n"), "{}", requests[1]);
    assert!(requests[1].contains("authorization: Bearer k\r\n"), "{}", requests[1]);
    let body: serde_json::Value = serde_json::from_str(requests[1].split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(body, serde_json::json!({"model": "m", "messages": ["hi", "there"], "stream": true}));
}

/// Names a spec can take from the tool: clap's `help`, the tool's `completions`, its own flags and
/// the global ones. Each keeps its meaning, and what the spec named gets the next free name.
#[test]
fn names_the_tool_and_clap_hold_are_never_given_to_the_spec() {
    let spec = r#"{"openapi": "3.0.3", "info": {"title": "Clash", "version": "1"},
      "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "x-key"}}},
      "security": [{"key": []}],
      "paths": {"/help": {"get": {"operationId": "help", "tags": ["completions"],
        "parameters": [
          {"name": "base_url", "in": "query", "schema": {"type": "string"}},
          {"name": "api_key", "in": "query", "schema": {"type": "string"}},
          {"name": "help", "in": "query", "schema": {"type": "string"}},
          {"name": "json", "in": "query", "schema": {"type": "string"}}],
        "requestBody": {"content": {"application/json": {"schema": {"type": "object",
          "properties": {"json": {"type": "string"}}}}}},
        "responses": {"200": {"description": "ok"}}}}}}"#;
    let api = inline_spec::lower_inline_spec("clash", spec);

    let connection: Vec<&str> = api.cli.connection.iter().map(|setter| setter.bare()).collect();
    assert_eq!(connection, ["api_key"]);
    let resource = &api.cli.resources[0];
    assert_eq!((resource.command.as_str(), resource.variant.as_str()), ("completions2", "Completions2"));
    let method = &resource.methods[0];
    assert_eq!((method.command.as_str(), method.variant.as_str()), ("help2", "Help2"));
    let flags: Vec<String> = method.inputs.iter().map(|input| input.flag()).collect();
    assert_eq!(flags, ["json", "base-url2", "api-key2", "help2", "json2", "json3"], "query json, then the body's");
}
