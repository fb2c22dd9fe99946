//! The response-example tests of a generated crate (`…_response_example`, see
//! `runtime::check_example`): they need no server, so they run once, before Prism starts. An
//! example that fits its schema (lowering checked it with a JSON Schema validator) and does not read
//! exactly is the SDK's failure; one that breaks its schema was left out, with a warning, as the
//! spec's fault.

use std::path::Path;
use std::process::Command;

/// The suffix of an example test's name, before its number when an operation has several.
pub(crate) const EXAMPLE_TEST: &str = "_response_example";

/// One example test's outcome: its name (after `filter`) and, if it failed, why.
pub(crate) struct ExampleResult {
    pub(crate) test: String,
    pub(crate) mismatch: Option<String>,
}

/// Runs the example tests of the test binary `executable` whose names start with `filter`.
pub(crate) fn run_example_tests(
    executable: &Path,
    crate_dir: &Path,
    filter: &str,
) -> Result<Vec<ExampleResult>, String> {
    let output = Command::new(executable)
        .current_dir(crate_dir)
        .args(["--test-threads", "1", filter])
        .output()
        .map_err(|error| error.to_string())?;
    if !output.status.success() && output.status.code() != Some(101) {
        return Err(format!(
            "the test binary crashed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut results = Vec::new();
    for line in stdout.lines() {
        let Some((name, outcome)) = line.strip_prefix("test ").and_then(|rest| rest.rsplit_once(" ... ")) else {
            continue;
        };
        if !is_example_test(name) {
            continue;
        }
        let test = name.strip_prefix(filter).unwrap_or(name).to_owned();
        let mismatch = (outcome.trim() != "ok").then(|| mismatch_of(&stdout, name));
        results.push(ExampleResult { test, mismatch });
    }
    Ok(results)
}

/// Whether `test` is an example test (`files::list_response_example`, `…_response_example_2`).
pub(crate) fn is_example_test(test: &str) -> bool {
    operation_of_example(test).is_some()
}

/// `list_response_example_2` → `list`: the operation an example test reads the response of.
pub(crate) fn operation_of_example(test: &str) -> Option<&str> {
    let (operation, rest) = test.rsplit_once(EXAMPLE_TEST)?;
    (rest.is_empty() || rest.strip_prefix('_').is_some_and(|number| number.parse::<u32>().is_ok())).then_some(operation)
}

/// What the failed test `name` printed after `panicked at`, every line of it.
fn mismatch_of(stdout: &str, name: &str) -> String {
    let heading = format!("---- {name} stdout ----");
    let after = stdout.split_once(&heading).map_or("", |(_, after)| after);
    let lines: Vec<&str> = after
        .lines()
        .skip_while(|line| !line.contains("panicked at"))
        .skip(1)
        .take_while(|line| !line.trim().is_empty() && !line.starts_with("note:"))
        .map(str::trim)
        .collect();
    if lines.is_empty() {
        "failed".to_owned()
    } else {
        lines.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_tests_name_their_operation() {
        assert!(is_example_test("files::list_response_example"));
        assert!(is_example_test("files::list_response_example_12"));
        assert!(!is_example_test("files::list_required_only"));
        assert_eq!(operation_of_example("files::list_response_example_2"), Some("files::list"));
        assert_eq!(operation_of_example("files::list_response_example"), Some("files::list"));
        assert_eq!(operation_of_example("files::list_required_only"), None);
    }

    #[test]
    fn a_mismatch_is_every_line_the_test_panicked_with() {
        let stdout = "---- files::list_response_example stdout ----\n\nthread 'x' panicked at tests/operations.rs:1:1:\nthe sample does not read as its type exactly:\n  /data/0: missing field `id`\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(
            mismatch_of(stdout, "files::list_response_example"),
            "the sample does not read as its type exactly: /data/0: missing field `id`"
        );
    }
}
