//! The README's demo runs, and `DEEPTABLE_LOG=info` makes the SDK log each request without code.

use std::process::Command;

#[test]
fn the_demo_runs_and_logs_requests_when_asked() {
    let output = Command::new(env!("CARGO_BIN_EXE_demo")).env("DEEPTABLE_LOG", "info").output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stdout}\n{stderr}");

    assert!(stdout.contains("listed    2 files (has_more: false)"), "{stdout}");
    assert!(stdout.contains("deleted   file_0002 (deleted: true)"), "{stdout}");
    assert!(
        stdout.contains(
            "retrieve after delete: not found: 404 Not Found: No file with id file_0002 (request id req_fake)"
        ),
        "{stdout}"
    );

    assert!(stderr.contains("POST /v1/files succeeded"), "{stderr}");
    assert!(stderr.contains("GET /v1/files/file_0002/content succeeded"), "{stderr}");
    assert!(stderr.contains("GET /v1/files/file_0002 failed: not found"), "{stderr}");
    assert!(!stdout.contains("demo-key") && !stderr.contains("demo-key"), "the key leaked:\n{stdout}\n{stderr}");
}
