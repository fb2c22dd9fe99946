//! End-to-end tests of the generated SDKs against in-process loopback servers, one module per
//! provider or concern, in one binary.

mod aymara;
mod blocking;
mod deeptable;
mod environment;
mod examples;
mod hardening;
mod interceptors;
mod llamacloud;
mod logs;
mod mock;
mod muna;
mod pagination;
mod runtime;
mod spitch;
mod telemetry;
mod transfer;
mod transport;

/// The variable that marks a child process started by [`run_alone`].
const ALONE: &str = "SDK_TESTS_RUN_ALONE";

/// Runs the `#[ignore]`d test `name` alone in a child process of this binary, fails if it fails, and
/// returns what it printed: for tests that change process-wide state (environment variables,
/// `tracing`'s global subscriber and per-call-site cache) that tests on other threads would see.
fn run_alone(name: &str) -> String {
    let output = std::process::Command::new(std::env::current_exe().expect("the test binary's path"))
        .args(["--exact", name, "--ignored", "--test-threads=1"])
        .env(ALONE, "1")
        .output()
        .expect("the test binary runs");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{name} failed:\n{report}");
    assert!(report.contains("1 passed"), "{name} did not run:\n{report}");
    report
}

/// Panics unless this process was started by [`run_alone`].
fn assert_alone() {
    assert!(std::env::var_os(ALONE).is_some(), "this test changes process-wide state: `run_alone` runs it");
}
