//! Who a failed operation test points at: the request (Prism's violations), the spec (Prism
//! refusing the response it made itself), the SDK (no complaint from Prism), or the draw (it passed
//! when run again). Judged on the failed exchange itself where it shows Prism's account (the test
//! reports the `sl-violations` header and the body of the answer), else on a rerun and Prism's log.
//! Pure functions of recorded text, so that the verdict is unit-tested on recorded panics and logs.

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
    /// Prism failed to make a response (see [`PRISM_FAILURES`]).
    PrismFailed,
}

/// How a generated test fails when the server's `sl-violations` header listed errors in its
/// request (Prism's account of that very exchange), as `tests/operations.rs` words it.
const REFUSED: &str = "the server refused the request: ";
/// How the account of a failure on a refused request begins; the violations follow, joined by `; `.
pub(crate) const REFUSED_ACCOUNT: &str = "Prism refused the request: ";
/// The problem types of Prism's own answers (`https://stoplight.io/prism/errors#…`).
const PRISM_ERRORS: &str = "https://stoplight.io/prism/errors#";
/// Those of Prism's problem types that say it failed to make a response, not that it refused the
/// request: a schema its generator cannot read, a body it cannot write in the media type asked for.
const PRISM_FAILURES: [&str; 4] =
    ["UNKNOWN", "NO_COMPLEX_OBJECT_TEXT", "SCHEMA_TOO_COMPLEX", "NO_RESPONSE_RESPONSE_DEFINED"];

/// Who a failure points at, from what the failed exchange itself shows, if it shows it: Prism's
/// refusal of the request (its `sl-violations` header, which the test reports, or an answer of its
/// own naming what it found), or its refusal of the response it made itself (its 500 listing
/// what is wrong with it). `None`: the exchange shows nothing of the kind, and the test is to be
/// run again (see [`cause_after_rerun`]).
pub(crate) fn cause_in(first_panic: &str) -> Option<(Cause, String)> {
    if let Some(refused) = first_panic.strip_prefix(REFUSED) {
        return Some((Cause::Request, format!("{REFUSED_ACCOUNT}{refused}")));
    }
    if let Some(failed) = prism_failed(first_panic) {
        return Some((Cause::PrismFailed, format!("Prism failed on its own: {failed}")));
    }
    if let Some(refused) = prism_refused_the_request(first_panic) {
        return Some((Cause::Request, format!("{REFUSED_ACCOUNT}{refused}")));
    }
    let violations = prism_refused_its_response(first_panic)?;
    let account = format!(
        "Prism accepted the request but not its own response: the spec's example or schema for it is inconsistent ({violations})"
    );
    Some((Cause::PrismResponse, account))
}

/// Who a failure points at whose exchange showed nothing of Prism's (see [`cause_in`]), from a
/// rerun of the test alone: its panic, `None` if it passed, and what Prism logged meanwhile.
///
/// A rerun adds evidence about the request (Prism's violations, which do not change from draw to
/// draw), never an excuse: in dynamic mode a rerun draws another response, and a decode failure on
/// the first draw stays a failure whatever the second one was.
pub(crate) fn cause_after_rerun(first_panic: &str, rerun_panic: Option<&str>, rerun_log: &str) -> (Cause, String) {
    let Some(rerun_panic) = rerun_panic else {
        return (Cause::Intermittent, format!("passed when run again; the failed run: {first_panic}"));
    };
    let violations = request_violations(rerun_log);
    if violations.is_empty() {
        (Cause::Sdk, format!("{first_panic} (run again: {rerun_panic})"))
    } else {
        (Cause::Request, format!("{REFUSED_ACCOUNT}{} ({first_panic})", violations.join("; ")))
    }
}

/// What Prism found wrong with the request, if `panic` is a test's failure on an answer Prism made
/// itself instead of the spec's (a 422 listing the request's violations, a 401 for missing
/// credentials, a 404 or 405 for a route the spec does not have).
fn prism_refused_the_request(panic: &str) -> Option<String> {
    let body = answer_body(panic)?;
    let kind = body["type"].as_str()?.strip_prefix(PRISM_ERRORS)?;
    if kind == "VIOLATIONS" || PRISM_FAILURES.contains(&kind) {
        return None;
    }
    let validation = body["validation"].as_array().into_iter().flatten();
    let violations: Vec<String> = validation
        .map(|violation| {
            let location = violation["location"].as_array().into_iter().flatten().filter_map(|part| part.as_str());
            let location: Vec<&str> = location.collect();
            format!("request.{} {}", location.join("."), violation["message"].as_str().unwrap_or_default())
        })
        .collect();
    Some(match violations.is_empty() {
        true => format!("{kind}: {}", body["detail"].as_str().unwrap_or_default()),
        false => violations.join("; "),
    })
}

/// What Prism found wrong with the requests it logged in `log`.
pub(crate) fn request_violations(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|line| line.contains("✖") && !line.contains("Request terminated with error"))
        .filter_map(|line| line.split_once("error").map(|(_, message)| message.trim()))
        .map(|message| message.strip_prefix("Violation: ").unwrap_or(message))
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

/// What Prism said of its own failure, if `panic` is a test's failure on one (see
/// [`PRISM_FAILURES`]).
fn prism_failed(panic: &str) -> Option<String> {
    let body = answer_body(panic)?;
    let kind = body["type"].as_str()?.strip_prefix(PRISM_ERRORS)?;
    PRISM_FAILURES.contains(&kind).then(|| {
        let said = [&body["title"], &body["detail"]].into_iter().filter_map(|text| text.as_str());
        said.filter(|text| !text.is_empty()).collect::<Vec<_>>().join(": ")
    })
}

/// What Prism found wrong with its own response, from the body of its 500 that a failed test prints
/// after `; body: `.
fn response_violations(panic: &str) -> Option<String> {
    let body = answer_body(panic)?;
    let messages: Vec<&str> =
        body["validation"].as_array()?.iter().filter_map(|each| each["message"].as_str()).collect();
    (!messages.is_empty()).then(|| messages.join("; "))
}

/// The JSON body of the server's answer that a failed test prints after `; body: `.
fn answer_body(panic: &str) -> Option<serde_json::Value> {
    let (_, body) = panic.split_once("; body: ")?;
    serde_json::from_str(body).ok()
}

/// The message of the first panic printed after `heading` in a test run's output (`""`: anywhere).
pub(crate) fn panic_message(output: &str, heading: &str) -> String {
    let after = output.split_once(heading).map_or(output, |(_, after)| after);
    let message = after.lines().skip_while(|line| !line.contains("panicked at")).nth(1);
    message.unwrap_or("failed").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::{cause_after_rerun, cause_in, request_violations, Cause};

    /// What a test prints when Prism answers 500 because the response it made breaks the spec.
    const PRISM_REFUSED: &str = r#"server error: 500 Internal Server Error; body: {"type":"https://stoplight.io/prism/errors#VIOLATIONS","validation":[{"message":"must have required property 'id'"}]}"#;
    /// What a test prints when Prism's `sl-violations` header listed errors in the request.
    const REQUEST_REFUSED: &str = "the server refused the request: request.query.limit must be >= 1";
    /// What a test prints when Prism answered its own 422 for a request the spec declares no 4xx for.
    const PRISM_UNPROCESSABLE: &str = r#"client error: 422 Unprocessable Entity; body: {"type":"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY","title":"Invalid request","status":422,"validation":[{"location":["body","tags"],"severity":"Error","message":"must be array"}]}"#;
    const DECODE_FAILED: &str = "decode error: missing field `id` at line 1 column 2";
    const REQUEST_REFUSED_LOG: &str =
        "[HTTP SERVER] post /pets ✖  error     Violation: request.body Request body must have required property 'name'\n";

    #[test]
    fn the_failed_exchange_itself_shows_prisms_account() {
        let (cause, account) = cause_in(PRISM_REFUSED).expect("Prism refused its own response");
        assert_eq!(cause, Cause::PrismResponse);
        assert!(account.contains("must have required property 'id'"), "{account}");
        let (cause, account) = cause_in(REQUEST_REFUSED).expect("Prism refused the request");
        assert_eq!(
            (cause, account.as_str()),
            (Cause::Request, "Prism refused the request: request.query.limit must be >= 1")
        );
        let (cause, account) = cause_in(PRISM_UNPROCESSABLE).expect("Prism answered for the request");
        assert_eq!(
            (cause, account.as_str()),
            (Cause::Request, "Prism refused the request: request.body.tags must be array")
        );
        // A decode failure shows nothing of Prism's: it takes a rerun to tell.
        assert_eq!(cause_in(DECODE_FAILED), None);
        let failed = r#"server error: 500; body: {"type":"https://stoplight.io/prism/errors#UNKNOWN","title":"Cannot read properties of undefined (reading 'items')","detail":""}"#;
        let (cause, account) = cause_in(failed).expect("Prism failed");
        assert_eq!(cause, Cause::PrismFailed);
        assert_eq!(account, "Prism failed on its own: Cannot read properties of undefined (reading 'items')");
    }

    #[test]
    fn a_rerun_adds_evidence_about_the_request_never_an_excuse() {
        // A decode failure on the first draw is the SDK's, whatever the rerun drew.
        assert_eq!(cause_after_rerun(DECODE_FAILED, Some(PRISM_REFUSED), "").0, Cause::Sdk);
        assert_eq!(cause_after_rerun(DECODE_FAILED, None, "").0, Cause::Intermittent);
        let (cause, account) = cause_after_rerun(DECODE_FAILED, Some(DECODE_FAILED), REQUEST_REFUSED_LOG);
        assert_eq!(cause, Cause::Request);
        assert!(account.starts_with("Prism refused the request: request.body Request body"), "{account}");
    }

    #[test]
    fn request_violations_are_the_refused_lines_of_the_log() {
        let log = format!("[HTTP SERVER] get /files ✔  success   Request received\n{REQUEST_REFUSED_LOG}");
        assert_eq!(request_violations(&log), ["request.body Request body must have required property 'name'"]);
        assert!(request_violations("[HTTP SERVER] get /files ✔  success   Request received\n").is_empty());
    }
}
