//! Logs: every request and retry is a `tracing` event, and none carries a secret. Run alone in a
//! process of its own, because `tracing` caches, per call site, whether anyone listens: tests on
//! other threads would race with this one's scoped subscriber.

use std::sync::{Arc, Mutex};

use files_sdk::deeptable::Client;
use sdk_tests::{MockResponse, MockServer};
use serde_json::json;

const KEY: &str = "dt-log-secret";

/// A `tracing` writer that keeps what is written.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn logs_name_each_request_and_retry_but_never_the_key() {
    super::run_alone("logs::alone_logs_name_each_request_and_retry_but_never_the_key");
}

#[test]
fn the_log_variable_writes_to_stderr_and_takes_no_global_slot() {
    let report = super::run_alone("logs::alone_the_log_variable_writes_to_stderr_and_takes_no_global_slot");
    assert!(report.contains("DELETE /v1/files/f succeeded"), "{report}");
    assert!(!report.contains(KEY), "{report}");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "changes process-wide state: run by `the_log_variable_writes_to_stderr_and_takes_no_global_slot`"]
async fn alone_the_log_variable_writes_to_stderr_and_takes_no_global_slot() {
    super::assert_alone();
    // SAFETY: `run_alone` runs this test by itself on one thread.
    unsafe { std::env::set_var("DEEPTABLE_LOG", "info") };
    let server = MockServer::start().await;
    server.respond(MockResponse::json(200, json!({"id": "f", "deleted": true, "object": "file"})));
    server.respond(MockResponse::json(200, json!({"id": "f", "deleted": true, "object": "file"})));
    let client = Client::builder().api_key(KEY).base_url(server.url()).build().unwrap();

    client.files().delete("f").send().await.unwrap();
    // The application installs its own global subscriber afterwards: the slot is still free.
    tracing_subscriber::fmt().with_writer(std::io::sink).init();
    client.files().delete("f").send().await.unwrap();

    assert_eq!(server.requests().len(), 2);
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "changes process-wide state: run by `logs_name_each_request_and_retry_but_never_the_key`"]
async fn alone_logs_name_each_request_and_retry_but_never_the_key() {
    super::assert_alone();
    let server = MockServer::start().await;
    server.respond(MockResponse::empty(503).header("retry-after-ms", "10"));
    server.respond(MockResponse::json(200, json!({"id": "f", "deleted": true, "object": "file"})));
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let client = Client::builder().api_key(KEY).base_url(server.url()).build().unwrap();
    client.files().delete("f").send().await.unwrap();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("DELETE /v1/files/f: 503 Service Unavailable; retrying"), "{log}");
    assert!(log.contains("DELETE /v1/files/f succeeded") && log.contains("retries=1"), "{log}");
    assert!(log.contains("provider=\"DeepTable\""), "{log}");
    assert!(!log.contains(KEY), "{log}");
}
