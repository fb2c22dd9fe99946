//! The runtime's public API, as the users of generated SDKs reach it (`files_sdk::runtime::…`): each
//! item named with its type, each trait implemented outside the crate. A change that breaks this
//! file breaks users, and is a major version of `sdkgen-runtime`; what generated code alone calls
//! (the modules hidden from the docs) is not named here and may change in any version that the
//! generator moves with it.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use futures_util::future::BoxFuture;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use sdkgen_runtime::{
    ApiError, AttemptRequest, BoxError, ByteStream, Call, CallOutcome, DecodeError, Error, EventError, EventStream,
    HttpTransport, Interceptor, Operation, Page, PageInfo, Pageable, Progress, RawResponse, RequestOptions,
    ResponseHead, ServerSentEvent, ServerSentEvents, SignatureScheme, TokenProvider, UnknownValue, UploadFile,
    WaitOptions, WebhookError, WebhookVerifier,
};

/// A token source of the user's own.
struct Vault;

impl TokenProvider for Vault {
    fn token(&self) -> BoxFuture<'static, Result<String, BoxError>> {
        Box::pin(async { Ok("token".to_owned()) })
    }
}

/// An interceptor that uses every hook and everything the hooks are given.
struct Audit;

impl Interceptor for Audit {
    fn before_call<'a>(&'a self, call: &'a Call) -> BoxFuture<'a, Result<(), BoxError>> {
        let _: (&str, Option<&Operation>, &Method) = (call.provider(), call.operation(), call.http_method());
        Box::pin(async { Ok(()) })
    }

    fn before_attempt<'a>(&'a self, attempt: &'a mut AttemptRequest<'_>) -> BoxFuture<'a, Result<(), BoxError>> {
        let _: (&Call, u32, bool, &Method, &url::Url) =
            (attempt.call(), attempt.attempt(), attempt.goes_to_api(), attempt.method(), attempt.url());
        let _: (&HeaderMap, Option<&[u8]>, Option<u64>) =
            (attempt.headers(), attempt.body_bytes(), attempt.body_length());
        attempt.headers_mut().insert("x-audit", "1".parse().unwrap());
        Box::pin(async move {
            let _: Option<Result<sdkgen_runtime::BodyChunks, Error>> = attempt.reread_body().await;
            Ok(())
        })
    }

    fn after_response<'a>(&'a self, response: &'a ResponseHead<'_>) -> BoxFuture<'a, Result<(), BoxError>> {
        let _: (&Call, u32, StatusCode, &HeaderMap) =
            (response.call(), response.attempt(), response.status(), response.headers());
        Box::pin(async { Ok(()) })
    }

    fn after_call(&self, _call: &Call, outcome: CallOutcome<'_>) -> Result<(), BoxError> {
        let _: Option<&(dyn std::any::Any + Send)> = outcome.ok();
        Ok(())
    }
}

/// A transport of the user's own: a proxy, a recorder, another client.
struct Recorder(reqwest::Client);

impl HttpTransport for Recorder {
    fn send(&self, request: reqwest::Request) -> BoxFuture<'_, Result<reqwest::Response, BoxError>> {
        Box::pin(async move { Ok(self.0.execute(request).await?) })
    }
}

#[test]
fn what_users_build_and_set() {
    let options: RequestOptions = RequestOptions::new()
        .header("x-trace", "1")
        .query("debug", "true")
        .body_field("note", serde_json::json!("n"))
        .timeout(Duration::from_secs(5))
        .total_timeout(Duration::from_secs(30))
        .max_retries(1)
        .interceptor(Audit);
    let _ = RequestOptions::default();
    assert!(format!("{options:?}").contains("RequestOptions"));

    let upload: UploadFile = UploadFile::from_bytes(Bytes::from_static(b"abc"))
        .file_name("a.txt")
        .mime_type("text/plain")
        .content_length(3)
        .on_progress(|progress: Progress| {
            let _: (u64, Option<u64>) = (progress.bytes_done, progress.total);
        });
    assert_eq!(upload.name(), Some("a.txt"));
    assert_eq!(upload.effective_mime_type(), "text/plain");
    assert_eq!(upload.size().unwrap(), Some(3));
    let _ = UploadFile::from_path("a.txt");
    let _ = UploadFile::from_reader(tokio::io::empty());
    let _ = UploadFile::from_stream(futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::new())]));

    let wait: WaitOptions = WaitOptions::default()
        .timeout(Duration::from_secs(60))
        .initial_interval(Duration::from_millis(10))
        .max_interval(Duration::from_secs(1));
    let _: (Duration, Duration, Duration) = (wait.timeout, wait.initial_interval, wait.max_interval);

    let _: Box<dyn TokenProvider> = Box::new(Vault);
    let _: Box<dyn HttpTransport> = Box::new(Recorder(reqwest::Client::new()));
}

#[test]
fn what_users_read_from_errors() {
    let error = Error::missing_parameter("id");
    let _: (Option<&ApiError>, bool, Option<StatusCode>, Option<&str>) =
        (error.api_error(), error.is_retryable(), error.status(), error.request_id());
    assert!(matches!(error, Error::InvalidRequest { .. }));
    let described = |error: &Error| match error {
        Error::BadRequest(api)
        | Error::Authentication(api)
        | Error::PermissionDenied(api)
        | Error::NotFound(api)
        | Error::Conflict(api)
        | Error::UnprocessableEntity(api)
        | Error::RateLimited(api)
        | Error::InternalServer(api)
        | Error::UnexpectedStatus(api) => {
            let _: (StatusCode, &HeaderMap, Option<String>) = (api.status, &api.headers, api.message());
            "status"
        }
        Error::Decode(decode) => {
            let _: &DecodeError = decode;
            "decode"
        }
        Error::Event(event) => {
            let _: (&EventError, Option<String>) = (event, event.message());
            "event"
        }
        Error::Connection { .. } | Error::Timeout { .. } => "transport",
        Error::Webhook(webhook) => {
            let _: &WebhookError = webhook;
            "webhook"
        }
        Error::Io(_) => "io",
        _ => "other",
    };
    assert_eq!(described(&error), "other");
}

#[test]
fn webhooks_verify_with_the_schemes_users_name() {
    for scheme in [SignatureScheme::StandardWebhooks, SignatureScheme::GitHub, SignatureScheme::Stripe] {
        let secret = match scheme {
            SignatureScheme::StandardWebhooks => "whsec_c2VjcmV0",
            _ => "secret",
        };
        let verifier: WebhookVerifier =
            WebhookVerifier::new(scheme, secret).unwrap().tolerance(Duration::from_secs(60));
        let refused: Result<(), WebhookError> = verifier.verify_at(&HeaderMap::new(), b"{}", SystemTime::now());
        assert!(matches!(refused, Err(WebhookError::MissingHeader(_))), "{refused:?}");
        assert!(verifier.verify(&HeaderMap::new(), b"{}").is_err());
    }
    assert!(matches!(WebhookVerifier::new(SignatureScheme::StandardWebhooks, ""), Err(WebhookError::InvalidSecret(_))));
}

#[test]
fn unknown_values_and_page_info_are_read_not_made() {
    let read = |value: &UnknownValue<String>| -> (String, String) { (value.get().clone(), value.as_str().to_owned()) };
    let _ = read;
    let info = PageInfo::Cursor { next_cursor: None };
    let _ = matches!(
        info,
        PageInfo::Cursor { .. } | PageInfo::CursorId { .. } | PageInfo::Offset { .. } | PageInfo::PageNumber { .. }
    );
}

/// The async surface, named with its types and never run: what reads a response, a download, a
/// stream and a page.
#[test]
fn responses_downloads_streams_and_pages_have_their_types() {
    let _ = |download: ByteStream| async move {
        let _: (Option<u64>, StatusCode, &HeaderMap, Option<&str>) =
            (download.content_length(), download.status(), download.headers(), download.content_type());
        let mut download = download.on_progress(|_: Progress| {});
        let _: Result<Option<Bytes>, Error> = download.next_chunk().await;
        let _: Result<Bytes, Error> = download.bytes().await;
    };
    let _ = |download: ByteStream| async move {
        let _: Result<u64, Error> = download.write_to("out.bin").await;
    };
    let _ = |raw: RawResponse<sdkgen_runtime::Json<serde_json::Value>>| async move {
        let _: (StatusCode, &HeaderMap, Option<&str>, u32) =
            (raw.status(), raw.headers(), raw.request_id(), raw.retries());
        let _: Result<serde_json::Value, Error> = raw.parse().await;
    };
    let _ = |events: EventStream<serde_json::Value>| {
        let _: (StatusCode, &HeaderMap, Option<&str>) = (events.status(), events.headers(), events.request_id());
        let raw: ServerSentEvents = events.into_raw();
        let _: EventStream<serde_json::Value> = raw.typed();
    };
    let _ = |event: ServerSentEvent| event;
    async fn pages<T: Pageable>(page: Page<T>) {
        let _: (&[T::Item], bool, PageInfo) = (page.items(), page.has_next_page(), page.response().page_info());
        let _: Result<Option<Page<T>>, Error> = page.next_page().await;
        let _ = page.into_stream();
    }
    let _ = pages::<NoPages>;
}

/// A list the tests name `Page` with; the SDK's page types are the only ones that implement
/// `Pageable`, sealed by the hidden `pagination::Sealed`.
type NoPages = Vec<u8>;

#[cfg(feature = "blocking")]
#[test]
fn blocking_code_waits_and_iterates() {
    let blocking: sdkgen_runtime::Blocking = sdkgen_runtime::Blocking::new().unwrap();
    assert_eq!(blocking.wait(async { 7 }), 7);
    let items: sdkgen_runtime::BlockingIter<'_, u8> = blocking.iter(futures_util::stream::iter([Ok::<_, Error>(1)]));
    assert_eq!(items.map(Result::unwrap).collect::<Vec<_>>(), [1]);
}

#[cfg(feature = "test-util")]
#[test]
fn mocks_show_what_was_sent() {
    use sdkgen_runtime::mock::{MockRequest, MockTransport};
    let _ = |transport: &MockTransport| {
        let (sent, unmatched): (Vec<MockRequest>, Vec<MockRequest>) = (transport.requests(), transport.unmatched());
        for request in sent.iter().chain(&unmatched) {
            let _: (&Method, &str, Option<String>, Vec<String>) =
                (request.method(), request.path(), request.query("q"), request.query_all("q"));
            let _: (&HeaderMap, Option<&str>, &Bytes, Option<serde_json::Value>) =
                (request.headers(), request.header("h"), request.body(), request.json());
        }
    };
}
