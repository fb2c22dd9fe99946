//! What every scenario shares: steps that run in order, each an async block that checks what came
//! back with `assert!`s. A failed step is reported and the scenario goes on (a later step that
//! needs its value fails in turn), so a run shows every mismatch at once; the test fails at the
//! end if any step did.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt as _;

/// A scenario's steps against one server.
pub struct Scenario {
    server: &'static str,
    passed: usize,
    failed: Vec<(String, String)>,
}

impl Scenario {
    pub fn new(server: &'static str) -> Self {
        Self { server, passed: 0, failed: Vec::new() }
    }

    /// Runs one step; its value, or `None` when it failed.
    pub async fn step<T>(&mut self, name: &str, step: impl Future<Output = T>) -> Option<T> {
        match AssertUnwindSafe(step).catch_unwind().await {
            Ok(value) => {
                println!("{}: {name}: ok", self.server);
                self.passed += 1;
                Some(value)
            }
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|message| (*message).to_owned()))
                    .unwrap_or_default();
                println!("{}: {name}: FAILED: {message}", self.server);
                self.failed.push((name.to_owned(), message));
                None
            }
        }
    }

    /// Prints the count, and fails the test if any step failed.
    pub fn finish(self) {
        let total = self.passed + self.failed.len();
        println!("{}: {} of {total} steps passed", self.server, self.passed);
        let failures: Vec<String> = self.failed.iter().map(|(name, message)| format!("{name}: {message}")).collect();
        assert!(failures.is_empty(), "{}: {} steps failed:\n{}", self.server, failures.len(), failures.join("\n"));
    }
}

/// The value a step that came before produced, or this step's failure saying it could not run.
pub fn needs<T: Clone>(value: &Option<T>, what: &str) -> T {
    value.clone().unwrap_or_else(|| panic!("needs {what}, which an earlier step did not produce"))
}
