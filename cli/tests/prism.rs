//! The generated command-line tools against Prism, which validates every request against the
//! provider's spec and answers from it. Ignored by `cargo test`: `cargo xtask mock-test` starts
//! Prism per provider and runs that provider's module here with `TEST_API_BASE_URL` set.
//! Each test checks the exit code, that nothing went to standard error, and what was printed.

use std::process::Command;

use serde_json::Value;

/// Runs `binary` with `args` against Prism, the credential given by its flag; exit code, stdout,
/// stderr.
fn run(binary: &str, credential: &str, args: &[&str]) -> (i32, String, String) {
    let base_url = std::env::var("TEST_API_BASE_URL").expect("TEST_API_BASE_URL: run through `cargo xtask mock-test`");
    let output =
        Command::new(binary).args(args).args(["--base-url", &base_url, credential, "test-key"]).output().unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (output.status.code().unwrap(), text(output.stdout), text(output.stderr))
}

/// Runs the command and returns the JSON it printed, after checking it succeeded quietly.
fn json(binary: &str, credential: &str, args: &[&str]) -> Value {
    let (code, stdout, stderr) = run(binary, credential, args);
    assert_eq!((code, stderr.as_str()), (0, ""), "{binary} {args:?}");
    assert_eq!(stdout.lines().count(), 1, "one compact line off a terminal: {stdout}");
    serde_json::from_str(&stdout)
        .unwrap_or_else(|error| panic!("{binary} {args:?} printed no JSON ({error}): {stdout}"))
}

/// A small file to upload, named for the test.
fn upload_file(name: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("cli-prism-{}-{name}", std::process::id()));
    std::fs::write(&path, b"hello from the command line").unwrap();
    path
}

const UUID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

mod spitch {
    use super::*;
    const BIN: &str = env!("CARGO_BIN_EXE_spitch");

    #[test]
    #[ignore = "needs Prism: cargo xtask mock-test"]
    fn files_list_get_usage_and_upload() {
        let page = json(BIN, "--api-key", &["files", "list", "--limit", "2", "--status", "ready"]);
        assert!(page["items"].is_array(), "{page}");
        assert!(json(BIN, "--api-key", &["files", "get", "f-1"])["file_id"].is_string());
        assert!(json(BIN, "--api-key", &["files", "usage"]).is_object());
        assert!(json(BIN, "--api-key", &["files", "download", "f-1", "--ttl", "60"])["url"].is_string());
        let path = upload_file("spitch.txt");
        let uploaded = json(BIN, "--api-key", &["files", "upload", "--file", path.to_str().unwrap()]);
        std::fs::remove_file(path).unwrap();
        assert!(uploaded["file_id"].is_string(), "{uploaded}");
    }
}

mod deeptable {
    use super::*;
    const BIN: &str = env!("CARGO_BIN_EXE_deeptable");

    #[test]
    #[ignore = "needs Prism: cargo xtask mock-test"]
    fn files_list_retrieve_and_download() {
        assert!(json(BIN, "--api-key", &["files", "list", "--limit", "5"])["data"].is_array());
        assert!(json(BIN, "--api-key", &["files", "retrieve", "file_1"]).is_object());
        let path = std::env::temp_dir().join(format!("cli-prism-{}-download", std::process::id()));
        let (code, stdout, stderr) =
            run(BIN, "--api-key", &["files", "download", "file_1", "--output", path.to_str().unwrap()]);
        let written = std::fs::metadata(&path).map(|metadata| metadata.len());
        let _ = std::fs::remove_file(&path);
        assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
        assert!(written.is_ok(), "no file written");
    }
}

mod aymara {
    use super::*;
    const BIN: &str = env!("CARGO_BIN_EXE_aymara");

    #[test]
    #[ignore = "needs Prism: cargo xtask mock-test"]
    fn files_list_get_and_status() {
        assert!(json(BIN, "--api-key", &["files", "list", "--limit", "3", "--file-type", "image"])["items"].is_array());
        assert!(json(BIN, "--api-key", &["files", "get", UUID]).is_object());
        assert!(json(BIN, "--api-key", &["files", "get-status", UUID]).is_object());
    }
}

mod muna {
    use super::*;
    const BIN: &str = env!("CARGO_BIN_EXE_muna");

    #[test]
    #[ignore = "needs Prism: cargo xtask mock-test"]
    fn file_urls_from_flags_and_from_json() {
        let from_flags = [
            "files",
            "create-urls",
            "--name",
            "model.bin",
            "--size",
            "12",
            "--resource",
            "prediction",
            "--mime-type",
            "application/octet-stream",
        ];
        assert!(json(BIN, "--access-key", &from_flags).is_object());
        let body =
            r#"{"name": "model.bin", "size": 12, "resource": "prediction", "mime_type": "application/octet-stream"}"#;
        assert!(json(BIN, "--access-key", &["files", "create-urls", "--json", body]).is_object());
    }
}

mod llamacloud {
    use super::*;
    const BIN: &str = env!("CARGO_BIN_EXE_llamacloud");

    #[test]
    #[ignore = "needs Prism: cargo xtask mock-test"]
    fn files_list_get_and_query() {
        assert!(json(BIN, "--api-key", &["files", "list", "--page-size", "2"])["items"].is_array());
        assert!(json(BIN, "--api-key", &["files", "get", UUID]).is_object());
        let query = r#"{"filter": {"file_name": "a.pdf"}, "page_size": 2}"#;
        assert!(json(BIN, "--api-key", &["files", "query", "--json", query])["items"].is_array());
    }
}
