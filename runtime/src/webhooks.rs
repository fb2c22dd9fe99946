//! Webhook deliveries: checking that one is genuine (signed with the endpoint's secret, recent)
//! before its payload is trusted. Comparisons take constant time; errors never carry the secret or
//! a signature.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use hmac::{KeyInit, Mac};
use reqwest::header::HeaderMap;

use serde::de::DeserializeOwned;

use super::error::Error;
use super::error::{snippet, DecodeError, WebhookError};
use super::secret::Secret;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// How long a signed timestamp stays acceptable, either way: Standard Webhooks' and Stripe's
/// default.
const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// How a provider signs its webhook deliveries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureScheme {
    /// [Standard Webhooks](https://www.standardwebhooks.com/): `webhook-id`, `webhook-timestamp`
    /// and `webhook-signature` (space-separated `v1,<base64>` entries) headers, an HMAC-SHA256 of
    /// `id.timestamp.body` with a base64 secret prefixed `whsec_`.
    StandardWebhooks,
    /// GitHub: `X-Hub-Signature-256: sha256=<hex>`, an HMAC-SHA256 of the body.
    GitHub,
    /// Stripe: `Stripe-Signature: t=<unix time>,v1=<hex>,…`, an HMAC-SHA256 of `t.body`.
    Stripe,
}

/// Checks deliveries against one endpoint's secret.
#[derive(Debug, Clone)]
pub struct WebhookVerifier {
    scheme: SignatureScheme,
    key: Secret,
    tolerance: Duration,
}

impl WebhookVerifier {
    /// A verifier for `scheme` with the endpoint's secret (for Standard Webhooks, `whsec_` and
    /// base64, as providers show it).
    pub fn new(scheme: SignatureScheme, secret: &str) -> Result<Self, WebhookError> {
        let key = match scheme {
            SignatureScheme::StandardWebhooks => {
                let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
                let key = base64::engine::general_purpose::STANDARD
                    .decode(encoded)
                    .map_err(|_| WebhookError::InvalidSecret("it is not base64 after its `whsec_` prefix"))?;
                // The key is bytes; `Secret` keeps text, so it keeps them base64-encoded.
                (!key.is_empty()).then(|| encoded.to_owned())
            }
            SignatureScheme::GitHub | SignatureScheme::Stripe => (!secret.is_empty()).then(|| secret.to_owned()),
        };
        let key = key.ok_or(WebhookError::InvalidSecret("it is empty"))?;
        Ok(Self { scheme, key: Secret::new(key), tolerance: DEFAULT_TOLERANCE })
    }

    /// How far from now a signed timestamp may be, either way (5 minutes unless set).
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Checks that `body` was signed with the secret, and recently where the scheme signs a time.
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// [`verify`](Self::verify) as if it were `now`: for recorded deliveries.
    pub fn verify_at(&self, headers: &HeaderMap, body: &[u8], now: SystemTime) -> Result<(), WebhookError> {
        match self.scheme {
            SignatureScheme::StandardWebhooks => self.verify_standard(headers, body, now),
            SignatureScheme::GitHub => self.verify_github(headers, body),
            SignatureScheme::Stripe => self.verify_stripe(headers, body, now),
        }
    }

    fn mac(&self) -> HmacSha256 {
        let key = match self.scheme {
            SignatureScheme::StandardWebhooks => {
                base64::engine::general_purpose::STANDARD.decode(self.key.expose()).unwrap_or_default()
            }
            _ => self.key.expose().as_bytes().to_vec(),
        };
        // HMAC takes a key of any length.
        HmacSha256::new_from_slice(&key).unwrap_or_else(|_| unreachable!("HMAC accepts any key length"))
    }

    fn verify_standard(&self, headers: &HeaderMap, body: &[u8], now: SystemTime) -> Result<(), WebhookError> {
        let id = header(headers, &["webhook-id", "svix-id"])?;
        let timestamp = header(headers, &["webhook-timestamp", "svix-timestamp"])?;
        let signatures = header(headers, &["webhook-signature", "svix-signature"])?;
        let seconds: i64 = timestamp
            .trim()
            .parse()
            .map_err(|_| WebhookError::MalformedHeader { name: "webhook-timestamp", reason: "not a Unix time" })?;
        self.check_age(seconds, now)?;
        let mut mac = self.mac();
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(seconds.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        let candidates = signatures.split_whitespace().filter_map(|entry| entry.strip_prefix("v1,"));
        let decoded =
            candidates.filter_map(|signature| base64::engine::general_purpose::STANDARD.decode(signature).ok());
        matches_any(&mac, decoded)
    }

    fn verify_github(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        let signature = header(headers, &["x-hub-signature-256"])?;
        let hex = signature.trim().strip_prefix("sha256=").ok_or(WebhookError::MalformedHeader {
            name: "x-hub-signature-256",
            reason: "it does not start with `sha256=`",
        })?;
        let mut mac = self.mac();
        mac.update(body);
        matches_any(&mac, decode_hex(hex).into_iter())
    }

    fn verify_stripe(&self, headers: &HeaderMap, body: &[u8], now: SystemTime) -> Result<(), WebhookError> {
        let signature = header(headers, &["stripe-signature"])?;
        let pairs = signature.split(',').filter_map(|pair| pair.trim().split_once('='));
        let timestamp = pairs.clone().find(|(key, _)| *key == "t").map(|(_, value)| value);
        let timestamp =
            timestamp.ok_or(WebhookError::MalformedHeader { name: "stripe-signature", reason: "no `t=`" })?;
        let seconds: i64 = timestamp.parse().map_err(|_| WebhookError::MalformedHeader {
            name: "stripe-signature",
            reason: "`t=` is not a Unix time",
        })?;
        self.check_age(seconds, now)?;
        let mut mac = self.mac();
        mac.update(timestamp.as_bytes());
        mac.update(b".");
        mac.update(body);
        let candidates = pairs.filter(|(key, _)| *key == "v1").filter_map(|(_, value)| decode_hex(value));
        matches_any(&mac, candidates)
    }

    fn check_age(&self, seconds: i64, now: SystemTime) -> Result<(), WebhookError> {
        let now = match now.duration_since(UNIX_EPOCH) {
            Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
        };
        let age = now.saturating_sub(seconds);
        let tolerance = self.tolerance.as_secs();
        if age.unsigned_abs() > tolerance {
            return Err(WebhookError::Stale { seconds: age, tolerance });
        }
        Ok(())
    }
}

/// A delivery's body as JSON.
pub fn payload(body: &[u8]) -> Result<serde_json::Value, Error> {
    serde_json::from_slice(body)
        .map_err(|error| decode_error(None, ".".to_owned(), format!("the payload is not JSON: {error}"), body))
}

/// `payload` decoded as the payload of the webhook `name`.
pub fn decode<T: DeserializeOwned>(payload: serde_json::Value, name: &str) -> Result<Box<T>, Error> {
    match T::deserialize(&payload) {
        Ok(event) => Ok(Box::new(event)),
        Err(_) => {
            let (path, message) = match serde_path_to_error::deserialize::<_, T>(&payload) {
                Err(error) => (error.path().to_string(), error.inner().to_string()),
                Ok(_) => (".".to_owned(), "the payload does not match the webhook's type".to_owned()),
            };
            Err(decode_error(Some(name), path, message, payload.to_string().as_bytes()))
        }
    }
}

fn decode_error(webhook: Option<&str>, path: String, message: String, body: &[u8]) -> Error {
    Error::Decode(Box::new(DecodeError {
        status: reqwest::StatusCode::OK,
        request_id: None,
        path,
        message,
        body_snippet: snippet(&String::from_utf8_lossy(body)),
        event: webhook.map(str::to_owned),
    }))
}

/// The first of `names` the delivery has, as text.
fn header<'h>(headers: &'h HeaderMap, names: &[&'static str]) -> Result<&'h str, WebhookError> {
    let Some((name, value)) = names.iter().find_map(|name| Some((*name, headers.get(*name)?))) else {
        return Err(WebhookError::MissingHeader(names[0]));
    };
    value.to_str().map_err(|_| WebhookError::MalformedHeader { name, reason: "it is not text" })
}

/// Whether one of `signatures` is the MAC's, compared in constant time.
fn matches_any(mac: &HmacSha256, signatures: impl Iterator<Item = Vec<u8>>) -> Result<(), WebhookError> {
    let mut matched = false;
    for signature in signatures {
        matched |= mac.clone().verify_slice(&signature).is_ok();
    }
    if matched {
        Ok(())
    } else {
        Err(WebhookError::BadSignature)
    }
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    let digit = |byte: u8| (byte as char).to_digit(16).map(|digit| digit as u8);
    text.as_bytes().chunks(2).map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?)).collect()
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    /// Standard Webhooks' reference vector (the spec's libraries test it).
    const KEY: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const SIGNED_AT: u64 = 1614265330;
    const PAYLOAD: &[u8] = br#"{"test": 2432232314}"#;
    const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs.iter().map(|(name, value)| (*name, HeaderValue::from_str(value).unwrap())).fold(
            HeaderMap::new(),
            |mut headers, (name, value)| {
                headers.insert(name, value);
                headers
            },
        )
    }

    fn standard(signature: &str) -> HeaderMap {
        headers(&[("webhook-id", ID), ("webhook-timestamp", &SIGNED_AT.to_string()), ("webhook-signature", signature)])
    }

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn standard_webhooks_reference_vectors() {
        let verifier = WebhookVerifier::new(SignatureScheme::StandardWebhooks, KEY).unwrap();
        let unprefixed = WebhookVerifier::new(SignatureScheme::StandardWebhooks, &KEY[6..]).unwrap();
        assert_eq!(verifier.verify_at(&standard(SIGNATURE), PAYLOAD, at(SIGNED_AT)), Ok(()));
        assert_eq!(unprefixed.verify_at(&standard(SIGNATURE), PAYLOAD, at(SIGNED_AT)), Ok(()));
        // Several signatures, one right; other versions ignored.
        let several = format!("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,x {SIGNATURE} v1,bad");
        assert_eq!(verifier.verify_at(&standard(&several), PAYLOAD, at(SIGNED_AT)), Ok(()));
        let bad = WebhookError::BadSignature;
        assert_eq!(
            verifier.verify_at(&standard("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="), PAYLOAD, at(SIGNED_AT)),
            Err(bad.clone())
        );
        assert_eq!(verifier.verify_at(&standard("v1,"), PAYLOAD, at(SIGNED_AT)), Err(bad.clone()));
        assert_eq!(
            verifier.verify_at(&standard(&SIGNATURE.replace("v1,", "v2,")), PAYLOAD, at(SIGNED_AT)),
            Err(bad.clone())
        );
        assert_eq!(verifier.verify_at(&standard(SIGNATURE), br#"{"test": 2432232315}"#, at(SIGNED_AT)), Err(bad));
    }

    #[test]
    fn standard_webhooks_refuse_missing_headers_stale_times_and_empty_secrets() {
        let verifier = WebhookVerifier::new(SignatureScheme::StandardWebhooks, KEY).unwrap();
        for missing in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
            let mut headers = standard(SIGNATURE);
            headers.remove(missing);
            assert_eq!(verifier.verify_at(&headers, PAYLOAD, at(SIGNED_AT)), Err(WebhookError::MissingHeader(missing)));
        }
        // Five minutes either way is accepted; a second more is not.
        assert_eq!(verifier.verify_at(&standard(SIGNATURE), PAYLOAD, at(SIGNED_AT + 300)), Ok(()));
        assert_eq!(verifier.verify_at(&standard(SIGNATURE), PAYLOAD, at(SIGNED_AT - 300)), Ok(()));
        let late = verifier.verify_at(&standard(SIGNATURE), PAYLOAD, at(SIGNED_AT + 301));
        assert_eq!(late, Err(WebhookError::Stale { seconds: 301, tolerance: 300 }));
        let early = verifier.verify_at(&standard(SIGNATURE), PAYLOAD, at(SIGNED_AT - 301));
        assert_eq!(early, Err(WebhookError::Stale { seconds: -301, tolerance: 300 }));
        for empty in ["", "whsec_"] {
            let error = WebhookVerifier::new(SignatureScheme::StandardWebhooks, empty).unwrap_err();
            assert_eq!(error, WebhookError::InvalidSecret("it is empty"));
        }
        let error = WebhookVerifier::new(SignatureScheme::StandardWebhooks, "whsec_not base64!").unwrap_err();
        assert!(!error.to_string().contains("not base64!"), "{error}");
    }

    #[test]
    fn github_documented_example() {
        let verifier = WebhookVerifier::new(SignatureScheme::GitHub, "It's a Secret to Everybody").unwrap();
        let signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        let signed = headers(&[("x-hub-signature-256", signature)]);
        assert_eq!(verifier.verify(&signed, b"Hello, World!"), Ok(()));
        assert_eq!(verifier.verify(&signed, b"Hello, World?"), Err(WebhookError::BadSignature));
        let unprefixed = headers(&[("x-hub-signature-256", &signature[7..])]);
        assert!(matches!(verifier.verify(&unprefixed, b"Hello, World!"), Err(WebhookError::MalformedHeader { .. })));
        assert_eq!(
            verifier.verify(&HeaderMap::new(), b"Hello, World!"),
            Err(WebhookError::MissingHeader("x-hub-signature-256"))
        );
    }

    #[test]
    fn stripe_signatures_sign_the_time_and_the_body() {
        let secret = "whsec_test_secret";
        let (time, body) = (1_700_000_000u64, br#"{"id":"evt_1"}"#);
        let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{time}.").as_bytes());
        mac.update(body);
        let hex: String = mac.finalize().into_bytes().iter().map(|byte| format!("{byte:02x}")).collect();
        let verifier = WebhookVerifier::new(SignatureScheme::Stripe, secret).unwrap();
        let signed = headers(&[("stripe-signature", &format!("t={time},v1={},v0=ignored,v1={hex}", "0".repeat(64)))]);
        assert_eq!(verifier.verify_at(&signed, body, at(time + 10)), Ok(()));
        assert_eq!(verifier.verify_at(&signed, b"{}", at(time)), Err(WebhookError::BadSignature));
        assert!(matches!(verifier.verify_at(&signed, body, at(time + 301)), Err(WebhookError::Stale { .. })));
    }
}
