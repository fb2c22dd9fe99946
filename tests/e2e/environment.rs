//! Configuration from environment variables. The variables are process-wide, so each test here runs
//! alone in a child process (`run_alone`), where it may change them.

use files_sdk::runtime::Error;
use files_sdk::{aymara, deeptable, llamacloud, muna, spitch};
use sdk_tests::{MockResponse, MockServer};
use serde_json::json;

fn set(name: &str, value: &str) {
    // SAFETY: `run_alone` runs this test by itself on one thread, and nothing else reads the
    // environment meanwhile.
    unsafe { std::env::set_var(name, value) }
}

fn unset(name: &str) {
    // SAFETY: as in `set`.
    unsafe { std::env::remove_var(name) }
}

#[test]
fn every_provider_reads_its_key_and_base_url_from_the_environment() {
    super::run_alone("environment::alone_every_provider_reads_its_key_and_base_url");
}

#[test]
fn fallback_variables_are_read_when_the_first_is_unset() {
    super::run_alone("environment::alone_fallback_variables");
}

#[test]
fn client_headers_come_from_the_environment_too() {
    super::run_alone("environment::alone_client_headers");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "changes the environment: run by `every_provider_reads_its_key_and_base_url_from_the_environment`"]
async fn alone_every_provider_reads_its_key_and_base_url() {
    super::assert_alone();
    let server = MockServer::start().await;

    unset("DEEPTABLE_API_KEY");
    let missing = deeptable::Client::from_env().unwrap_err();
    assert!(matches!(missing, Error::Config { .. }));
    assert_eq!(
        missing.to_string(),
        "configuration error: no DeepTable credential: set the DEEPTABLE_API_KEY environment variable or pass it to the client builder"
    );

    set("DEEPTABLE_API_KEY", "dt-secret-from-env");
    set("DEEPTABLE_BASE_URL", &server.url());
    set("DEEPTABLE_CUSTOM_HEADERS", "X-Team: files\nX-Env: ci");
    server.respond(MockResponse::json(200, json!({"id": "f", "deleted": true, "object": "file"})));
    let client = deeptable::Client::from_env().unwrap();
    client.files().delete("f").send().await.unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.header("authorization"), Some("Bearer dt-secret-from-env"));
    assert_eq!((request.header("x-team"), request.header("x-env")), (Some("files"), Some("ci")));
    unset("DEEPTABLE_CUSTOM_HEADERS");
    server.respond(MockResponse::json(404, json!({"error": {"message": "no such file"}})));
    let error = client.files().retrieve("missing").send().await.unwrap_err();
    assert!(!format!("{error:?} {error}").contains("dt-secret-from-env"));
    let debug = format!("{client:?} {:?}", deeptable::Client::builder().api_key("dt-explicit-secret"));
    assert!(!debug.contains("dt-secret-from-env") && !debug.contains("dt-explicit-secret"), "{debug}");

    set("SPITCH_API_KEY", "sp-secret");
    set("SPITCH_BASE_URL", &server.url());
    server.respond(MockResponse::json(
        200,
        json!({"num_files": 0, "total": "0 B", "total_bytes": 0, "used": "0 B", "used_bytes": 0}),
    ));
    spitch::Client::from_env().unwrap().files().usage().send().await.unwrap();
    let offset = server.requests().len() - 1;
    assert_eq!(server.requests()[offset].header("authorization"), Some("Bearer sp-secret"));

    set("AYMARA_AI_API_KEY", "ay-secret");
    set("AYMARA_AI_BEARER_TOKEN", "ay-bearer");
    set("AYMARA_AI_BASE_URL", &server.url());
    server.respond(MockResponse::empty(204));
    aymara::Client::from_env().unwrap().files().delete("f").send().await.unwrap();
    assert_eq!(server.requests()[offset + 1].header("x-api-key"), Some("ay-secret"));
    assert_eq!(server.requests()[offset + 1].header("authorization"), Some("Bearer ay-bearer"));
    assert_eq!(server.requests()[offset + 1].header("x-use-sandbox"), None, "not sent unless set");

    set("MUNA_ACCESS_KEY", "mu-secret");
    set("MUNA_API_URL", &server.url());
    server.respond(MockResponse::json(200, json!({"upload_url": "u", "download_url": "d"})));
    let urls = create_urls(&muna::Client::from_env().unwrap()).await;
    assert_eq!(urls.download_url, "d");
    assert_eq!(server.requests()[offset + 2].header("authorization"), Some("Bearer mu-secret"));

    set("LLAMA_CLOUD_API_KEY", "llx-secret");
    set("LLAMA_CLOUD_BASE_URL", &format!("{}/", server.url()));
    server.respond(MockResponse::empty(204));
    llamacloud::Client::from_env().unwrap().files().delete("f").send().await.unwrap();
    let request = &server.requests()[offset + 3];
    assert_eq!(request.path, "/api/v1/beta/files/f", "a trailing slash on the base URL is not doubled");
    assert_eq!(request.header("authorization"), Some("Bearer llx-secret"));

    // An explicit setting wins over the environment.
    server.respond(MockResponse::empty(204));
    let explicit = llamacloud::Client::builder().api_key("llx-explicit").base_url(server.url()).build().unwrap();
    explicit.files().delete("g").send().await.unwrap();
    assert_eq!(server.requests()[offset + 4].header("authorization"), Some("Bearer llx-explicit"));
}

async fn create_urls(client: &muna::Client) -> muna::types::FileUrls {
    client
        .files()
        .create_urls()
        .name("a.txt")
        .size(1)
        .resource(muna::types::FileResource::Prediction)
        .mime_type("text/plain")
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "changes the environment: run by `fallback_variables_are_read_when_the_first_is_unset`"]
async fn alone_fallback_variables() {
    super::assert_alone();
    let (first, fallback) = (MockServer::start().await, MockServer::start().await);

    // LlamaCloud's key falls back to LLAMA_PARSE_API_KEY.
    for name in ["LLAMA_CLOUD_API_KEY", "LLAMA_PARSE_API_KEY"] {
        unset(name);
    }
    let missing = llamacloud::Client::from_env().unwrap_err();
    assert_eq!(
        missing.to_string(),
        "configuration error: no LlamaCloud credential: set the LLAMA_CLOUD_API_KEY environment variable (or LLAMA_PARSE_API_KEY) or pass it to the client builder"
    );
    set("LLAMA_PARSE_API_KEY", "llx-parse");
    set("LLAMA_CLOUD_BASE_URL", &first.url());
    first.respond(MockResponse::empty(204));
    llamacloud::Client::from_env().unwrap().files().delete("f").send().await.unwrap();
    assert_eq!(first.only_request().header("authorization"), Some("Bearer llx-parse"));

    // Muna reads FXN_* when the MUNA_* variables are unset, and MUNA_* first when both are set.
    unset("MUNA_ACCESS_KEY");
    unset("MUNA_API_URL");
    set("FXN_ACCESS_KEY", "fxn-key");
    set("FXN_API_URL", &fallback.url());
    fallback.respond(MockResponse::json(200, json!({"upload_url": "u", "download_url": "d"})));
    create_urls(&muna::Client::from_env().unwrap()).await;
    let request = fallback.only_request();
    assert_eq!((request.line(), request.header("authorization")), ("POST /values".to_owned(), Some("Bearer fxn-key")));

    set("MUNA_ACCESS_KEY", "mu-key");
    set("MUNA_API_URL", &first.url());
    first.respond(MockResponse::json(200, json!({"upload_url": "u", "download_url": "d"})));
    create_urls(&muna::Client::from_env().unwrap()).await;
    assert_eq!(first.requests()[1].header("authorization"), Some("Bearer mu-key"));
    assert_eq!(fallback.requests().len(), 1, "MUNA_API_URL wins over FXN_API_URL");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "changes the environment: run by `client_headers_come_from_the_environment_too`"]
async fn alone_client_headers() {
    super::assert_alone();
    let server = MockServer::start().await;
    set("AYMARA_AI_API_KEY", "ay-secret");
    set("AYMARA_AI_BASE_URL", &server.url());

    for (value, sent) in [("true", "true"), ("FALSE", "false"), ("1", "true")] {
        set("AYMARA_AI_USE_SANDBOX", value);
        server.respond(MockResponse::empty(204));
        aymara::Client::from_env().unwrap().files().delete("f").send().await.unwrap();
        assert_eq!(server.requests().last().unwrap().header("x-use-sandbox"), Some(sent), "{value}");
    }

    // The builder wins over the environment.
    server.respond(MockResponse::empty(204));
    aymara::Client::builder().use_sandbox(false).build().unwrap().files().delete("f").send().await.unwrap();
    assert_eq!(server.requests().last().unwrap().header("x-use-sandbox"), Some("false"));

    set("AYMARA_AI_USE_SANDBOX", "sometimes");
    let error = aymara::Client::from_env().unwrap_err();
    assert_eq!(
        error.to_string(),
        "configuration error: the AYMARA_AI_USE_SANDBOX environment variable must be `true` or `false`, not `sometimes`"
    );
}
