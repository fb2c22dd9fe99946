//! When to retry and how long to wait, as the providers' own SDKs do it.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// The first retry waits this long, before jitter; each later one waits twice as long.
const INITIAL_DELAY: Duration = Duration::from_millis(500);
/// No computed delay is longer than this.
const MAX_DELAY: Duration = Duration::from_secs(8);
/// A server-given delay is honoured only up to this; past it the computed backoff applies.
const MAX_SERVER_DELAY: Duration = Duration::from_secs(60);

/// Whether a response with `status` should be retried: `x-should-retry` decides when present;
/// otherwise 408, 409, 429 and 5xx are retried.
pub(crate) fn should_retry(status: StatusCode, headers: &HeaderMap) -> bool {
    match headers.get("x-should-retry").and_then(|value| value.to_str().ok()) {
        Some("true") => true,
        Some("false") => false,
        _ => matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error(),
    }
}

/// How long to wait before retry number `retries + 1`: what the server asked for in `retry-after-ms`
/// or `retry-after` (seconds or an HTTP date) when that is between 0 and 60 s, else exponential
/// backoff from 0.5 s to at most 8 s, shortened by up to 25% at random so that clients spread out.
pub(crate) fn delay(retries: u32, headers: Option<&HeaderMap>) -> Duration {
    if let Some(requested) = headers.and_then(server_delay) {
        if requested <= MAX_SERVER_DELAY {
            return requested;
        }
    }
    let backoff = INITIAL_DELAY.saturating_mul(2u32.saturating_pow(retries)).min(MAX_DELAY);
    backoff.mul_f64(1.0 - fastrand::f64() * 0.25)
}

/// The delay the server asks for; `None` for what is not a delay (negative, not a number, or too
/// large for a `Duration`: the server controls it, so nothing it sends may panic).
fn server_delay(headers: &HeaderMap) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok()).map(str::trim);
    if let Some(millis) = header("retry-after-ms").and_then(|value| value.parse::<f64>().ok()) {
        return Duration::try_from_secs_f64(millis / 1000.0).ok();
    }
    let value = header("retry-after")?;
    if let Ok(seconds) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).ok();
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| {
                (reqwest::header::HeaderName::from_static(name), HeaderValue::from_str(value).unwrap())
            })
            .collect()
    }

    #[test]
    fn statuses_and_the_override_header() {
        let none = HeaderMap::new();
        for status in [408, 409, 429, 500, 502, 503, 504] {
            assert!(should_retry(StatusCode::from_u16(status).unwrap(), &none), "{status}");
        }
        for status in [400, 401, 403, 404, 422] {
            assert!(!should_retry(StatusCode::from_u16(status).unwrap(), &none), "{status}");
        }
        assert!(!should_retry(StatusCode::SERVICE_UNAVAILABLE, &headers(&[("x-should-retry", "false")])));
        assert!(should_retry(StatusCode::BAD_REQUEST, &headers(&[("x-should-retry", "true")])));
    }

    #[test]
    fn server_delays_within_a_minute_are_honoured() {
        assert_eq!(delay(0, Some(&headers(&[("retry-after-ms", "1500")]))), Duration::from_millis(1500));
        assert_eq!(delay(3, Some(&headers(&[("retry-after", "2")]))), Duration::from_secs(2));
        let in_ten = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(10));
        let from_date = delay(0, Some(&headers(&[("retry-after", &in_ten)])));
        assert!(from_date > Duration::from_secs(8) && from_date <= Duration::from_secs(10), "{from_date:?}");
        // Too long: the computed backoff applies instead.
        assert!(delay(0, Some(&headers(&[("retry-after", "120")]))) <= INITIAL_DELAY);
    }

    #[test]
    fn any_value_the_server_sends_is_a_delay_or_ignored() {
        let huge = ["1e300", "18446744073709551616", "inf", "NaN", "-1", "1e-400", "0x10", ""];
        for value in huge {
            for name in ["retry-after", "retry-after-ms"] {
                let waited = delay(0, Some(&headers(&[(name, value)])));
                assert!(waited <= INITIAL_DELAY, "{name}: {value} → {waited:?}");
            }
        }
    }

    #[test]
    fn backoff_doubles_up_to_eight_seconds_with_at_most_a_quarter_off() {
        for (retries, full) in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (30, 8.0)] {
            for _ in 0..50 {
                let waited = delay(retries, None).as_secs_f64();
                assert!(waited <= full && waited >= full * 0.75, "retry {retries}: {waited}");
            }
        }
    }
}
