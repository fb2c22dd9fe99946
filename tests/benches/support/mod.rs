//! What the benchmarks that set the SDK beside plain `reqwest` share: one loopback server, the two
//! sides' clients over one protocol, and the same small GET (DeepTable's retrieve) and small JSON
//! POST (Muna's create_urls) made through each side, checked to reach the server as the same bytes.

use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::serve::ListenerExt;
use axum::{Json, Router};
use files_sdk::{deeptable, muna};
use futures_util::TryStreamExt;
use serde_json::{json, Value};

const PAGES: usize = 10;
const PAGE_SIZE: usize = 10;
pub const FILE_ID: &str = "file_01kfxgjd94fn9stqm414vjb0s8";
/// The id and the name that make the server keep a request's headers and body.
const PROBE: &str = "probe";
/// What the SDK's clients send as `User-Agent`, which the plain requests send too.
const DEEPTABLE_USER_AGENT: &str = "files-sdk/0.1.0 (deeptable)";
const MUNA_USER_AGENT: &str = "files-sdk/0.1.0 (muna)";

/// The requests the server was sent with the probe id or name, as header lines and body.
static PROBED: Mutex<Vec<(Vec<String>, bytes::Bytes)>> = Mutex::new(Vec::new());

#[derive(Clone, Copy, PartialEq)]
pub enum Protocol {
    Http1,
    Http2,
}

impl Protocol {
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Http1 => "HTTP/1.1",
            Protocol::Http2 => "HTTP/2",
        }
    }

    /// The builder both sides use: the same pool, the same protocol.
    fn builder(self) -> reqwest::ClientBuilder {
        let builder = reqwest::Client::builder();
        match self {
            Protocol::Http1 => builder.http1_only(),
            Protocol::Http2 => builder.http2_prior_knowledge(),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
    Get,
    Post,
    /// Every item of a 10-page list.
    Items,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Get => "GET",
            Kind::Post => "POST",
            Kind::Items => "items",
        }
    }
}

/// The SDK clients and the plain client of one protocol, and the calls each side makes.
pub struct Sides {
    pub deeptable: deeptable::Client,
    pub muna: muna::Client,
    pub http: reqwest::Client,
    pub base_url: String,
}

impl Sides {
    pub fn new(protocol: Protocol, base_url: &str) -> Arc<Self> {
        let deeptable = deeptable::Client::builder()
            .api_key("bench-key")
            .base_url(base_url)
            .http_client(protocol.builder())
            .build()
            .unwrap();
        let muna = muna::Client::builder()
            .access_key("bench-key")
            .base_url(base_url)
            .http_client(protocol.builder())
            .build()
            .unwrap();
        let http = protocol.builder().build().unwrap();
        Arc::new(Self { deeptable, muna, http, base_url: base_url.to_owned() })
    }

    /// DeepTable's retrieve through the SDK.
    pub async fn sdk_get(&self, id: &str) {
        self.deeptable.files().retrieve(id).send().await.unwrap();
    }

    /// Muna's create_urls through the SDK.
    pub async fn sdk_post(&self, name: &str) {
        let request = self.muna.files().create_urls().name(name).size(1024);
        request.resource(muna::types::FileResource::Prediction).mime_type("text/csv").send().await.unwrap();
    }

    /// DeepTable's retrieve, as the SDK sends it, decoded into the same type.
    pub async fn raw_get(&self, id: &str) {
        let request = self
            .http
            .get(format!("{}/v1/files/{id}", self.base_url))
            .header("x-retry-count", "0")
            .bearer_auth("bench-key")
            .header("user-agent", DEEPTABLE_USER_AGENT)
            .header("accept", "application/json");
        serde_json::from_slice::<deeptable::types::File>(&body(request).await).unwrap();
    }

    /// Muna's create_urls, as the SDK sends it, decoded into the same type.
    pub async fn raw_post(&self, name: &str) {
        let body_json = json!({"name": name, "size": 1024, "resource": "prediction", "mime_type": "text/csv"});
        let request = self
            .http
            .post(format!("{}/values", self.base_url))
            .header("x-retry-count", "0")
            .bearer_auth("bench-key")
            .header("user-agent", MUNA_USER_AGENT)
            .header("accept", "application/json")
            .json(&body_json);
        serde_json::from_slice::<muna::types::FileUrls>(&body(request).await).unwrap();
    }

    /// Every item of DeepTable's list through the SDK's `items()`.
    pub async fn sdk_items(&self) {
        let items: Vec<_> = self.deeptable.files().list().items().try_collect().await.unwrap();
        assert_eq!(items.len(), PAGES * PAGE_SIZE);
    }

    /// Every item of the same list, paged by hand with plain `reqwest`.
    pub async fn raw_items(&self) {
        let mut items = Vec::new();
        let mut after: Option<String> = None;
        loop {
            // The ids are `file_<n>`: nothing in them needs escaping.
            let url = match &after {
                Some(after) => format!("{}/v1/files?after={after}", self.base_url),
                None => format!("{}/v1/files", self.base_url),
            };
            let request = self.http.get(url).bearer_auth("bench-key");
            let page: deeptable::types::FileList = serde_json::from_slice(&body(request).await).unwrap();
            items.extend(page.data);
            if page.has_more != Some(true) {
                break;
            }
            after = page.last_id;
        }
        assert_eq!(items.len(), PAGES * PAGE_SIZE);
    }

    /// Makes one `kind` call on each side and checks that the server was sent the same request, so
    /// that the server's work is the same on both sides and the difference is the SDK's own.
    pub async fn check_same_requests(&self, kind: Kind) {
        PROBED.lock().unwrap().clear();
        match kind {
            Kind::Get => {
                self.sdk_get(PROBE).await;
                self.raw_get(PROBE).await;
            }
            // Paging by hand sends only what it needs: the two sides' pages are not compared.
            Kind::Items => return,
            Kind::Post => {
                self.sdk_post(PROBE).await;
                self.raw_post(PROBE).await;
            }
        }
        let probed = PROBED.lock().unwrap();
        let [sdk, raw] = probed.as_slice() else { panic!("the server kept {} requests, not 2", probed.len()) };
        assert_eq!(
            sdk, raw,
            "the SDK's request (left) and the plain one (right) differ: the comparison would not be fair"
        );
    }
}

/// Keeps the request's headers and body.
fn probe(headers: &HeaderMap, body: bytes::Bytes) {
    let mut lines: Vec<String> =
        headers.iter().map(|(name, value)| format!("{name}: {}", value.to_str().unwrap_or("<bytes>"))).collect();
    lines.sort();
    PROBED.lock().unwrap().push((lines, body));
}

/// A plain request's body, after checking its status.
async fn body(request: reqwest::RequestBuilder) -> bytes::Bytes {
    request.send().await.unwrap().error_for_status().unwrap().bytes().await.unwrap()
}

/// The median of `values`.
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn file(id: &str) -> Value {
    json!({
        "id": id,
        "content_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "created_at": "2024-01-15T10:30:00Z",
        "file_name": "financial_report.xlsx",
        "object": "file",
        "size": 1048576
    })
}

/// A page of the list after the item `after` (`file_<index>`), `PAGES` pages in all.
async fn list(Query(query): Query<std::collections::HashMap<String, String>>) -> Json<Value> {
    let start = query
        .get("after")
        .and_then(|after| after.strip_prefix("file_")?.parse::<usize>().ok())
        .map_or(0, |last| last + 1);
    let end = (start + PAGE_SIZE).min(PAGES * PAGE_SIZE);
    let data: Vec<Value> = (start..end).map(|index| file(&format!("file_{index}"))).collect();
    let last_id = format!("file_{}", end - 1);
    Json(
        json!({"object": "list", "data": data, "has_more": end < PAGES * PAGE_SIZE, "first_id": format!("file_{start}"), "last_id": last_id}),
    )
}

/// Serves HTTP/1.1 and HTTP/2 with prior knowledge on one port, on `threads` threads of its own.
pub fn start_server(threads: usize) -> String {
    let router = Router::new()
        .route("/v1/files", get(list))
        .route(
            "/v1/files/{id}",
            get(|Path(id): Path<String>, headers: HeaderMap| async move {
                if id == PROBE {
                    probe(&headers, bytes::Bytes::new());
                }
                Json(file(&id))
            }),
        )
        .route(
            "/values",
            post(|headers: HeaderMap, body: bytes::Bytes| async move {
                let value: Value = serde_json::from_slice(&body).unwrap();
                if value["name"] == PROBE {
                    probe(&headers, body);
                }
                Json(json!({"upload_url": "https://storage.example/u", "download_url": "https://storage.example/d"}))
            }),
        );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let server = tokio::runtime::Builder::new_multi_thread().worker_threads(threads).enable_all().build().unwrap();
        server.block_on(async move {
            // Without TCP_NODELAY, small HTTP/2 frames wait for delayed ACKs: 40 ms stalls on both sides.
            let listener = tokio::net::TcpListener::from_std(listener).unwrap().tap_io(|stream| {
                let _ = stream.set_nodelay(true);
            });
            axum::serve(listener, router).await.unwrap();
        });
    });
    url
}
