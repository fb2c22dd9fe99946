//! Spans by the OpenTelemetry conventions for HTTP clients, exported through `tracing-opentelemetry`
//! into memory: their names, kinds, attributes and parent links, and the W3C trace context the API
//! receives. Run alone, like the log tests: the subscriber is scoped to this thread, but `tracing`
//! caches per call site whether anyone listens.

use std::collections::BTreeMap;

use files_sdk::deeptable::Client;
use opentelemetry::trace::{SpanKind, TracerProvider as _};
use opentelemetry_sdk::trace::{InMemorySpanExporter, SdkTracerProvider, SpanData};
use sdk_tests::{MockResponse, MockServer};
use serde_json::json;
use tracing::Instrument;
use tracing_subscriber::layer::SubscriberExt;

const KEY: &str = "dt-telemetry-secret";

fn attributes(span: &SpanData) -> BTreeMap<String, String> {
    span.attributes.iter().map(|pair| (pair.key.to_string(), pair.value.to_string())).collect()
}

fn find<'a>(spans: &'a [SpanData], name: &str) -> Vec<&'a SpanData> {
    spans.iter().filter(|span| span.name == name).collect()
}

#[test]
fn a_call_is_an_internal_span_and_each_request_a_client_span_with_the_http_conventions_fields() {
    super::run_alone(
        "telemetry::alone_a_call_is_an_internal_span_and_each_request_a_client_span_with_the_http_conventions_fields",
    );
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "changes process-wide state: run by its namesake without `alone_`"]
async fn alone_a_call_is_an_internal_span_and_each_request_a_client_span_with_the_http_conventions_fields() {
    super::assert_alone();
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder().with_simple_exporter(exporter.clone()).build();
    let layer = tracing_opentelemetry::layer().with_tracer(provider.tracer("e2e"));
    let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(layer));
    let server = MockServer::start().await;
    server.respond(MockResponse::empty(503).header("retry-after-ms", "10"));
    server.respond(
        MockResponse::json(200, json!({"id": "f", "content_type": "x", "created_at": "2024-01-15T10:30:00Z", "file_name": "t.xlsx", "object": "file", "size": 4}))
            .header("x-request-id", "req-42"),
    );
    let client = Client::builder().api_key(KEY).base_url(server.url()).build().unwrap();

    let storage = MockServer::start().await;
    storage.respond(MockResponse::bytes(200, "application/octet-stream", "blob"));

    let application = tracing::info_span!("application");
    client.files().retrieve("f").send().instrument(application).await.unwrap();
    client.download_url(&format!("{}/blob?sig=s3cret", storage.url())).await.unwrap().bytes().await.unwrap();

    provider.force_flush().unwrap();
    let spans = exporter.get_finished_spans().unwrap();
    let (application, call, requests) =
        (find(&spans, "application")[0], find(&spans, "files.retrieve")[0], find(&spans, "GET /v1/files/{file_id}"));
    assert_eq!(requests.len(), 2, "{:?}", spans.iter().map(|span| &span.name).collect::<Vec<_>>());
    assert_eq!(call.span_kind, SpanKind::Internal);
    assert_eq!(call.parent_span_id, application.span_context.span_id());
    let call_attributes = attributes(call);
    for (key, value) in [
        ("sdk.provider", "DeepTable"),
        ("sdk.resource", "files"),
        ("sdk.method", "retrieve"),
        ("sdk.operation_id", "retrieveFile"),
        ("sdk.request_id", "req-42"),
        ("http.request.method", "GET"),
        ("url.template", "/v1/files/{file_id}"),
    ] {
        assert_eq!(call_attributes.get(key).map(String::as_str), Some(value), "{key} in {call_attributes:?}");
    }
    let port = url::Url::parse(&server.url()).unwrap().port().unwrap().to_string();
    for (index, request) in requests.iter().enumerate() {
        assert_eq!(request.span_kind, SpanKind::Client);
        assert_eq!(request.parent_span_id, call.span_context.span_id());
        assert_eq!(request.span_context.trace_id(), application.span_context.trace_id());
        let fields = attributes(request);
        let expected = [
            ("http.request.method", "GET"),
            ("server.address", "127.0.0.1"),
            ("server.port", port.as_str()),
            ("url.full", &format!("{}/v1/files/f", server.url())),
            ("url.template", "/v1/files/{file_id}"),
        ];
        for (key, value) in expected {
            assert_eq!(fields.get(key).map(String::as_str), Some(value), "{key} in {fields:?}");
        }
        let (status, error_type, resend_count) = match index {
            0 => ("503", Some("503"), None),
            _ => ("200", None, Some("1")),
        };
        assert_eq!(fields.get("http.response.status_code").map(String::as_str), Some(status));
        assert_eq!(fields.get("error.type").map(String::as_str), error_type);
        assert_eq!(fields.get("http.request.resend_count").map(String::as_str), resend_count);
        assert!(!fields.values().any(|value| value.contains(KEY)));
    }
    // The server saw each request's own span as its parent.
    let traceparents: Vec<String> =
        server.requests().iter().map(|request| request.header("traceparent").unwrap().to_owned()).collect();
    let expected: Vec<String> = requests
        .iter()
        .map(|request| format!("00-{}-{}-01", request.span_context.trace_id(), request.span_context.span_id()))
        .collect();
    assert_eq!(traceparents, expected);
    // A storage URL gets no trace context, and its query is a credential.
    assert_eq!(storage.only_request().header("traceparent"), None);
    let download = find(&spans, "GET").into_iter().find(|span| span.span_kind == SpanKind::Client).unwrap();
    let url_full = attributes(download)["url.full"].clone();
    assert_eq!(url_full, format!("{}/blob?sig=REDACTED", storage.url()));
}
