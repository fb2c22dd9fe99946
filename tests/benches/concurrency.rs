//! Many calls at once through one client, as a service makes them: N = 1, 8, 64 and 256 concurrent
//! small GETs (DeepTable's retrieve) and small JSON POSTs (Muna's create_urls), over HTTP/1.1 and
//! HTTP/2 (h2c), through the SDK and through plain `reqwest` built from the same `ClientBuilder`,
//! against one loopback server; then `items()` streams of a 10-page list, alone and side by side,
//! beside the same paging written by hand.
//!
//! Each pairing runs several rounds, the two sides alternating which goes first, and prints each
//! side's median round (throughput, latency percentiles) and the median of the rounds' ratios of
//! the SDK to plain `reqwest`: the two runs of a round share whatever else the machine was doing,
//! which the median of the ratios leaves out better than a ratio of the medians does.
//! Both sides send the same request: the same headers and body, checked on the server before the
//! first row, so that the server's work is the same and the difference is the SDK's own.
//! Run with `cargo bench -p sdk-tests --bench concurrency`; add `quick` for one round of fewer calls,
//! and any other word to run only the rows whose label contains it (`GET`, `HTTP/2`, `items`).
//! `BENCH_SIDE=sdk` (or `raw`) runs one side alone, for a profiler to watch.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, Query};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::serve::ListenerExt;
use axum::{Json, Router};
use files_sdk::{deeptable, muna};
use futures_util::TryStreamExt;
use serde_json::{json, Value};

const LEVELS: [usize; 4] = [1, 8, 64, 256];
const PAGES: usize = 10;
const FILE_ID: &str = "file_01kfxgjd94fn9stqm414vjb0s8";
const PAGE_SIZE: usize = 10;
/// The id and the name that make the server keep a request's headers and body.
const PROBE: &str = "probe";
/// What the SDK's clients send as `User-Agent`, which the plain requests send too.
const DEEPTABLE_USER_AGENT: &str = "files-sdk/0.1.0 (deeptable)";
const MUNA_USER_AGENT: &str = "files-sdk/0.1.0 (muna)";

/// The requests the server was sent with the probe id or name, as header lines and body.
static PROBED: Mutex<Vec<(Vec<String>, bytes::Bytes)>> = Mutex::new(Vec::new());

struct Settings {
    only: Vec<String>,
    rounds: usize,
    calls: usize,
    streams_total: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Protocol {
    Http1,
    Http2,
}

impl Protocol {
    fn name(self) -> &'static str {
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

/// What one side did in one round: completed operations per second and each operation's latency.
struct Round {
    per_second: f64,
    latencies: Vec<Duration>,
}

fn main() {
    // `cargo bench` passes `--bench`.
    let args: Vec<String> = std::env::args().skip(1).filter(|arg| !arg.starts_with("--")).collect();
    let only = args.iter().filter(|arg| *arg != "quick").cloned().collect();
    let settings = if args.iter().any(|arg| arg == "quick") {
        Settings { only, rounds: 1, calls: 2_000, streams_total: 64 }
    } else {
        Settings { only, rounds: 7, calls: 20_000, streams_total: 512 }
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let base_url = start_server();
    println!(
        "{} calls per run; medians of {} interleaved rounds; ratios (medians of each round's) are SDK / plain reqwest",
        settings.calls, settings.rounds
    );
    println!(
        "{:<9} {:<5} {:>4} | {:>9} {:>8} {:>8} | {:>9} {:>8} {:>8} | {:>6} {:>6}",
        "", "", "N", "SDK /s", "p50 µs", "p99 µs", "reqwest/s", "p50 µs", "p99 µs", "thrpt", "p99"
    );
    let one_side = std::env::var("BENCH_SIDE").ok();
    for protocol in [Protocol::Http1, Protocol::Http2] {
        let sides = Sides::new(protocol, &base_url);
        for kind in [Kind::Get, Kind::Post] {
            runtime.block_on(check_same_requests(&sides, kind));
        }
        let calls = LEVELS.into_iter().flat_map(|level| [(Kind::Get, level), (Kind::Post, level)]);
        let streams = [1, 8, 64].map(|level| (Kind::Items, level));
        for (kind, level) in calls.chain(streams) {
            let label = format!("{} {} {level}", protocol.name(), kind.name());
            if !settings.only.iter().all(|word| label.contains(word.as_str())) {
                continue;
            }
            let total = if kind == Kind::Items { settings.streams_total.max(level) } else { settings.calls };
            if let Some(side) = &one_side {
                let call = if side == "raw" { sides.raw(kind) } else { sides.sdk(kind) };
                for _ in 0..settings.rounds {
                    let round = runtime.block_on(run_calls(level, total, call.clone()));
                    println!("{label} {side}: {:.0}/s, p99 {:.0} µs", round.per_second, percentile(&round, 0.99));
                }
                continue;
            }
            let result = compare(
                &runtime,
                settings.rounds,
                || run_calls(level, total, sides.sdk(kind)),
                || run_calls(level, total, sides.raw(kind)),
            );
            print_row(protocol, kind, level, &result);
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Get,
    Post,
    Items,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Get => "GET",
            Kind::Post => "POST",
            Kind::Items => "items",
        }
    }
}

/// The SDK clients and the plain client of one protocol, and the calls each side makes.
struct Sides {
    deeptable: deeptable::Client,
    muna: muna::Client,
    http: reqwest::Client,
    base_url: String,
}

impl Sides {
    fn new(protocol: Protocol, base_url: &str) -> Arc<Self> {
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

    /// The operation through the SDK.
    fn sdk(self: &Arc<Self>, kind: Kind) -> Call {
        match kind {
            Kind::Get => self.call(|sides| async move {
                sides.deeptable.files().retrieve(FILE_ID).send().await.unwrap();
            }),
            Kind::Post => self.call(|sides| async move { sides.sdk_post("report.csv").await }),
            Kind::Items => self.call(|sides| async move {
                let items: Vec<_> = sides.deeptable.files().list().items().try_collect().await.unwrap();
                assert_eq!(items.len(), PAGES * PAGE_SIZE);
            }),
        }
    }

    /// The same operation through plain `reqwest`, decoded into the same types.
    fn raw(self: &Arc<Self>, kind: Kind) -> Call {
        match kind {
            Kind::Get => self.call(|sides| async move { sides.raw_get(FILE_ID).await }),
            Kind::Post => self.call(|sides| async move { sides.raw_post("report.csv").await }),
            Kind::Items => self.call(|sides| async move {
                let mut items = Vec::new();
                let mut after: Option<String> = None;
                loop {
                    // The ids are `file_<n>`: nothing in them needs escaping.
                    let url = match &after {
                        Some(after) => format!("{}/v1/files?after={after}", sides.base_url),
                        None => format!("{}/v1/files", sides.base_url),
                    };
                    let request = sides.http.get(url).bearer_auth("bench-key");
                    let page: deeptable::types::FileList = serde_json::from_slice(&body(request).await).unwrap();
                    items.extend(page.data);
                    if page.has_more != Some(true) {
                        break;
                    }
                    after = page.last_id;
                }
                assert_eq!(items.len(), PAGES * PAGE_SIZE);
            }),
        }
    }

    async fn sdk_post(&self, name: &str) {
        let request = self.muna.files().create_urls().name(name).size(1024);
        request.resource(muna::types::FileResource::Prediction).mime_type("text/csv").send().await.unwrap();
    }

    /// DeepTable's retrieve, as the SDK sends it.
    async fn raw_get(&self, id: &str) {
        let request = self
            .http
            .get(format!("{}/v1/files/{id}", self.base_url))
            .header("x-retry-count", "0")
            .bearer_auth("bench-key")
            .header("user-agent", DEEPTABLE_USER_AGENT)
            .header("accept", "application/json");
        serde_json::from_slice::<deeptable::types::File>(&body(request).await).unwrap();
    }

    /// Muna's create_urls, as the SDK sends it.
    async fn raw_post(&self, name: &str) {
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

    /// `operation` as a call each task can make again and again.
    fn call<F, O>(self: &Arc<Self>, operation: F) -> Call
    where
        F: Fn(Arc<Self>) -> O + Send + Sync + 'static,
        O: Future<Output = ()> + Send + 'static,
    {
        let sides = self.clone();
        Arc::new(move || Box::pin(operation(sides.clone())))
    }
}

/// Makes one `kind` call on each side and checks that the server was sent the same request.
async fn check_same_requests(sides: &Sides, kind: Kind) {
    PROBED.lock().unwrap().clear();
    match kind {
        Kind::Get => {
            sides.deeptable.files().retrieve(PROBE).send().await.unwrap();
            sides.raw_get(PROBE).await;
        }
        _ => {
            sides.sdk_post(PROBE).await;
            sides.raw_post(PROBE).await;
        }
    }
    let probed = PROBED.lock().unwrap();
    let [sdk, raw] = probed.as_slice() else { panic!("the server kept {} requests, not 2", probed.len()) };
    assert_eq!(sdk, raw, "the SDK's request (left) and the plain one (right) differ: the comparison would not be fair");
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

type BoxedCall = std::pin::Pin<Box<dyn Future<Output = ()> + Send>>;
/// One operation, made anew each time it is called.
type Call = Arc<dyn Fn() -> BoxedCall + Send + Sync>;

/// `total` calls made by `concurrency` tasks through one client, each task taking the next call as
/// soon as its last one is done.
async fn run_calls(concurrency: usize, total: usize, call: Call) -> Round {
    // One call each first, so that connections are open and pools warm before the clock starts.
    let warm: Vec<_> = (0..concurrency).map(|_| tokio::spawn(call())).collect();
    for task in warm {
        task.await.unwrap();
    }
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (call, next) = (call.clone(), next.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    let began = Instant::now();
                    call().await;
                    latencies.push(began.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(total);
    for task in tasks {
        latencies.extend(task.await.unwrap());
    }
    let per_second = total as f64 / started.elapsed().as_secs_f64();
    latencies.sort();
    Round { per_second, latencies }
}

/// What a pairing measured: each side's median round, and the medians of the rounds' ratios.
struct Comparison {
    sdk: Round,
    raw: Round,
    throughput_ratio: f64,
    p99_ratio: f64,
}

/// Both sides `rounds` times, alternating which goes first.
fn compare<S, R, FS, FR>(runtime: &tokio::runtime::Runtime, rounds: usize, sdk: S, raw: R) -> Comparison
where
    S: Fn() -> FS,
    R: Fn() -> FR,
    FS: Future<Output = Round>,
    FR: Future<Output = Round>,
{
    let (mut sdk_rounds, mut raw_rounds) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        if round % 2 == 0 {
            sdk_rounds.push(runtime.block_on(sdk()));
            raw_rounds.push(runtime.block_on(raw()));
        } else {
            raw_rounds.push(runtime.block_on(raw()));
            sdk_rounds.push(runtime.block_on(sdk()));
        }
    }
    let pairs = sdk_rounds.iter().zip(&raw_rounds);
    let throughput_ratio = median(pairs.clone().map(|(sdk, raw)| sdk.per_second / raw.per_second).collect());
    let p99_ratio = median(pairs.map(|(sdk, raw)| percentile(sdk, 0.99) / percentile(raw, 0.99)).collect());
    Comparison { sdk: median_round(sdk_rounds), raw: median_round(raw_rounds), throughput_ratio, p99_ratio }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn median_round(mut rounds: Vec<Round>) -> Round {
    rounds.sort_by(|a, b| a.per_second.total_cmp(&b.per_second));
    rounds.swap_remove(rounds.len() / 2)
}

fn percentile(round: &Round, fraction: f64) -> f64 {
    let index = ((round.latencies.len() as f64 * fraction).ceil() as usize).saturating_sub(1);
    round.latencies[index.min(round.latencies.len() - 1)].as_secs_f64() * 1e6
}

fn print_row(protocol: Protocol, kind: Kind, level: usize, comparison: &Comparison) {
    let Comparison { sdk, raw, .. } = comparison;
    println!(
        "{:<9} {:<5} {:>4} | {:>9.0} {:>8.0} {:>8.0} | {:>9.0} {:>8.0} {:>8.0} | {:>5.2}x {:>5.2}x",
        protocol.name(),
        kind.name(),
        level,
        sdk.per_second,
        percentile(sdk, 0.5),
        percentile(sdk, 0.99),
        raw.per_second,
        percentile(raw, 0.5),
        percentile(raw, 0.99),
        comparison.throughput_ratio,
        comparison.p99_ratio,
    );
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

/// Serves HTTP/1.1 and HTTP/2 with prior knowledge on one port, on its own threads.
fn start_server() -> String {
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
        let server = tokio::runtime::Runtime::new().unwrap();
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
