//! Who a failed operation test points at, from what the test printed and what Prism logged: the
//! request (Prism's violations), the spec (Prism refusing the response it made itself), the SDK
//! (no complaint from Prism), or the draw (it passed when run again). Pure functions of recorded
//! text, so that the verdict is unit-tested on recorded panics and log lines.

/// Who a failed test's account points at.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(crate) enum Cause {
    /// Prism found the request at odds with the spec.
    Request,
    /// Prism accepted the request and then refused the response it made itself: the spec's example or
    /// schema contradicts itself (or Prism cannot read it).
    PrismResponse,
    /// Prism had nothing against the request: the test failed on the SDK's side (a decode error, an
    /// unexpected status).
    Sdk,
    /// The test passed when run again: in dynamic mode each run draws new responses.
    Intermittent,
    /// An example of the response that fits its schema does not read as the response type exactly.
    Example,
}

impl Cause {
    pub(crate) const ALL: [Cause; 5] =
        [Cause::Request, Cause::PrismResponse, Cause::Sdk, Cause::Intermittent, Cause::Example];

    pub(crate) fn label(self) -> &'static str {
        match self {
            Cause::Request => "request refused",
            Cause::PrismResponse => "Prism's own response refused",
            Cause::Sdk => "no complaint from Prism",
            Cause::Intermittent => "passed when run again",
            Cause::Example => "an example read inexactly",
        }
    }
}

/// Who a failure points at, from the failed run's own panic and a rerun of the test alone (its
/// panic, `None` if it passed, and what Prism logged meanwhile).
///
/// The failed run is what is judged: Prism's own response is blamed only when that very run got
/// Prism's 500 listing what is wrong with the response it made. A rerun adds evidence about the
/// request (Prism's violations, which do not change from draw to draw), never an excuse: in dynamic
/// mode a rerun draws another response, and a decode failure on the first draw stays a failure
/// whatever the second one was.
pub(crate) fn cause_of(first_panic: &str, rerun_panic: Option<&str>, rerun_log: &str) -> (Cause, String) {
    if let Some(violations) = prism_refused_its_response(first_panic) {
        let account = format!(
            "Prism accepted the request but not its own response: the spec's example or schema for it is inconsistent ({violations})"
        );
        return (Cause::PrismResponse, account);
    }
    let Some(rerun_panic) = rerun_panic else {
        return (Cause::Intermittent, format!("passed when run again; the failed run: {first_panic}"));
    };
    let violations = request_violations(rerun_log);
    if violations.is_empty() {
        (Cause::Sdk, format!("{first_panic} (run again: {rerun_panic})"))
    } else {
        (Cause::Request, format!("Prism: {} ({first_panic})", violations.join("; ")))
    }
}

/// What Prism found wrong with the requests it logged in `log`.
pub(crate) fn request_violations(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|line| line.contains("✖") && !line.contains("Request terminated with error"))
        .filter_map(|line| line.split_once("error").map(|(_, message)| message.trim()))
        .collect()
}

/// What Prism found wrong with the response it made itself, if `panic` is a test's failure on
/// Prism's 500 that lists it.
pub(crate) fn prism_refused_its_response(panic: &str) -> Option<String> {
    if !panic.starts_with("server error: 500") {
        return None;
    }
    response_violations(panic)
}

/// What Prism found wrong with its own response, from the body of its 500 that a failed test prints
/// after `; body: `.
pub(crate) fn response_violations(panic: &str) -> Option<String> {
    let (_, body) = panic.split_once("; body: ")?;
    let body: serde_json::Value = serde_json::from_str(body).ok()?;
    let messages: Vec<&str> =
        body["validation"].as_array()?.iter().filter_map(|each| each["message"].as_str()).collect();
    (!messages.is_empty()).then(|| messages.join("; "))
}

/// The message of the first panic printed after `heading` in a test run's output (`""`: anywhere).
pub(crate) fn panic_message(output: &str, heading: &str) -> String {
    let after = output.split_once(heading).map_or(output, |(_, after)| after);
    let message = after.lines().skip_while(|line| !line.contains("panicked at")).nth(1);
    message.unwrap_or("failed").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::{cause_of, request_violations, Cause};

    /// What a test prints when Prism answers 500 because the response it made breaks the spec.
    const PRISM_REFUSED: &str = r#"server error: 500 Internal Server Error; body: {"type":"https://stoplight.io/prism/errors#VIOLATIONS","validation":[{"message":"must have required property 'id'"}]}"#;
    const DECODE_FAILED: &str = "decode error: missing field `id` at line 1 column 2";
    const REQUEST_REFUSED_LOG: &str =
        "[HTTP SERVER] post /pets ✖  error     Violation: request.body Request body must have required property 'name'\n";

    #[test]
    fn prisms_refusal_of_its_own_response_excuses_only_the_run_that_got_it() {
        let (cause, account) = cause_of(PRISM_REFUSED, Some(PRISM_REFUSED), "");
        assert_eq!(cause, Cause::PrismResponse);
        assert!(account.contains("must have required property 'id'"), "{account}");
        // A decode failure on the first draw is the SDK's, whatever the rerun drew.
        assert_eq!(cause_of(DECODE_FAILED, Some(PRISM_REFUSED), "").0, Cause::Sdk);
        assert_eq!(cause_of(DECODE_FAILED, None, "").0, Cause::Intermittent);
    }

    #[test]
    fn request_violations_are_the_refused_lines_of_the_log() {
        let log = format!("[HTTP SERVER] get /files ✔  success   Request received\n{REQUEST_REFUSED_LOG}");
        assert_eq!(
            request_violations(&log),
            ["Violation: request.body Request body must have required property 'name'"]
        );
        assert!(request_violations("[HTTP SERVER] get /files ✔  success   Request received\n").is_empty());
    }

    #[test]
    fn prisms_request_violations_point_at_the_request() {
        let (cause, account) = cause_of(DECODE_FAILED, Some(DECODE_FAILED), REQUEST_REFUSED_LOG);
        assert_eq!(cause, Cause::Request);
        assert!(account.starts_with("Prism: Violation: request.body"), "{account}");
        assert_eq!(cause_of(DECODE_FAILED, Some(DECODE_FAILED), "").0, Cause::Sdk);
    }
}
