//! The generated MCP servers against Prism, which validates every request against the provider's
//! spec and answers from it, driven by the official Python MCP client (see `common`). Ignored by
//! `cargo test`: `cargo xtask mock-test` starts Prism per provider and runs that provider's module
//! here (with the command-line tools' of `cli/tests/prism.rs`) with `TEST_API_BASE_URL` set.

mod common;

use common::{reply, reply_json, run_client, HttpServer, Transport};
use serde_json::{json, Value};

/// Lists `binary`'s tools and runs `calls` (`[name, arguments]`) against Prism, the credential in
/// the variable `key` and Prism's URL in `base_url`, over standard input and output or, with
/// `http`, Streamable HTTP; the listed tools' names and each call's result.
fn session(binary: &str, (key, base_url): (&str, &str), http: bool, calls: Value) -> (Vec<String>, Vec<Value>) {
    let prism = std::env::var("TEST_API_BASE_URL").expect("TEST_API_BASE_URL: run through `cargo xtask mock-test`");
    let env = [(key, "test-key"), (base_url, prism.as_str())];
    let mut steps = vec![json!({"list": true})];
    steps.extend(calls.as_array().unwrap().iter().map(|call| json!({"call": call[0], "arguments": call[1]})));
    let server = http.then(|| HttpServer::start(binary, &[], &env));
    let transport = match &server {
        Some(server) => Transport::Http(&server.url),
        None => Transport::Stdio { binary, args: &[] },
    };
    let results = run_client(transport, &env, Value::Array(steps));
    let names = results[0].as_array().unwrap().iter().map(|tool| tool["name"].as_str().unwrap().to_owned()).collect();
    (names, results[1..].to_vec())
}

/// A small file to upload, named for the test.
fn upload_file(name: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("mcp-prism-{}-{name}", std::process::id()));
    std::fs::write(&path, b"hello from an agent").unwrap();
    path
}

const UUID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

mod spitch {
    use super::*;

    #[test]
    #[ignore = "needs Prism: cargo xtask mock-test"]
    fn mcp_tools_list_get_usage_and_upload() {
        let path = upload_file("spitch.txt");
        let calls = json!([
            ["files_list", {"limit": 2, "status": "ready"}],
            ["files_get", {"file_id": "f-1"}],
            ["files_usage", {}],
            ["files_download", {"file_id": "f-1", "ttl": 60}],
            ["files_upload", {"file": path.to_str().unwrap()}],
            ["files_list", {"status": "gone"}],
        ]);
        let (tools, replies) =
            session(env!("CARGO_BIN_EXE_spitch-mcp"), ("SPITCH_API_KEY", "SPITCH_BASE_URL"), false, calls);
        std::fs::remove_file(path).unwrap();
        assert_eq!(tools.len(), 6, "{tools:?}");
        assert!(reply_json(&replies[0])["items"].is_array(), "{}", replies[0]);
        assert!(reply_json(&replies[1])["file_id"].is_string());
        assert!(reply_json(&replies[2]).is_object());
        assert!(reply_json(&replies[3])["url"].is_string());
        assert!(reply_json(&replies[4])["file_id"].is_string(), "{}", replies[4]);
        // A value outside the spec's enum is sent (the SDK's enums keep what they do not know),
        // and Prism's refusal comes back as a tool error.
        let (is_error, texts) = reply(&replies[5]);
        assert!(is_error && texts[0].contains("422"), "{texts:?}");
    }
}

mod deeptable {
    use super::*;

    #[test]
    #[ignore = "needs Prism: cargo xtask mock-test"]
    fn mcp_tools_list_and_retrieve() {
        let calls = json!([["files_list", {"limit": 5}], ["files_retrieve", {"file_id": "file_1"}]]);
        let binary = env!("CARGO_BIN_EXE_deeptable-mcp");
        let (tools, replies) = session(binary, ("DEEPTABLE_API_KEY", "DEEPTABLE_BASE_URL"), false, calls);
        assert_eq!(tools.len(), 5, "{tools:?}");
        assert!(reply_json(&replies[0])["data"].is_array(), "{}", replies[0]);
        assert!(reply_json(&replies[1]).is_object());
    }
}

mod aymara {
    use super::*;

    #[test]
    #[ignore = "needs Prism: cargo xtask mock-test"]
    fn mcp_tools_list_get_and_status() {
        let calls = json!([
            ["files_list", {"limit": 3, "file_type": "image"}],
            ["files_get", {"file_uuid": UUID}],
            ["files_get_status", {"file_uuid": UUID}],
        ]);
        let binary = env!("CARGO_BIN_EXE_aymara-mcp");
        let (tools, replies) = session(binary, ("AYMARA_AI_API_KEY", "AYMARA_AI_BASE_URL"), false, calls);
        assert_eq!(tools.len(), 7, "{tools:?}");
        assert!(reply_json(&replies[0])["items"].is_array(), "{}", replies[0]);
        assert!(reply_json(&replies[1]).is_object() && reply_json(&replies[2]).is_object());
    }
}

mod muna {
    use super::*;

    #[test]
    #[ignore = "needs Prism: cargo xtask mock-test"]
    fn mcp_tool_creates_file_urls() {
        let arguments =
            json!({"name": "model.bin", "size": 12, "resource": "prediction", "mime_type": "application/octet-stream"});
        let binary = env!("CARGO_BIN_EXE_muna-mcp");
        let (tools, replies) =
            session(binary, ("MUNA_ACCESS_KEY", "MUNA_API_URL"), false, json!([["files_create_urls", arguments]]));
        assert_eq!(tools, ["files_create_urls"]);
        assert!(reply_json(&replies[0]).is_object(), "{}", replies[0]);
    }
}

mod llamacloud {
    use super::*;

    #[test]
    #[ignore = "needs Prism: cargo xtask mock-test"]
    fn mcp_tools_list_get_and_query_over_http() {
        let calls = json!([
            ["files_list", {"page_size": 2}],
            ["files_get", {"file_id": UUID}],
            ["files_query", {"filter": {"file_name": "a.pdf"}, "page_size": 2}],
        ]);
        let binary = env!("CARGO_BIN_EXE_llamacloud-mcp");
        // Over Streamable HTTP: the other providers' servers speak on standard input and output.
        let (tools, replies) = session(binary, ("LLAMA_CLOUD_API_KEY", "LLAMA_CLOUD_BASE_URL"), true, calls);
        assert_eq!(tools.len(), 5, "{tools:?}");
        assert!(reply_json(&replies[0])["items"].is_array(), "{}", replies[0]);
        assert!(reply_json(&replies[1]).is_object());
        assert!(reply_json(&replies[2])["items"].is_array(), "{}", replies[2]);
    }
}
