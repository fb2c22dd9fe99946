//! Server-sent events through the SDK, against one loopback server:
//! - time to the first event, next to a raw socket that sends the same request and reads until the
//!   first event's blank line (both open a new connection each time, as a stream closed early must);
//! - decoding throughput: 100,000 small typed events per iteration, next to reading the same bytes
//!   through plain `reqwest` without parsing them; and the process's peak memory before and after
//!   a million events, to show it stays flat.
//!
//! Run with `cargo bench -p sdk-tests --bench events`.

use std::convert::Infallible;
use std::time::Duration;

use axum::body::Body;
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use files_sdk::deeptable::Client;
use futures_util::{StreamExt, TryStreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Events per decoding iteration.
const EVENTS: usize = 100_000;

#[derive(serde::Deserialize)]
#[allow(dead_code, reason = "decoded to measure decoding, never read")]
struct Delta {
    n: u64,
    text: String,
}

fn small_events(count: usize) -> Bytes {
    let mut body = String::with_capacity(count * 40);
    for n in 0..count {
        body.push_str(&format!("data: {{\"n\":{n},\"text\":\"hello\"}}\n\n"));
    }
    Bytes::from(body)
}

/// The body in chunks of 16 KiB, as a server writes a long stream.
fn chunked(body: Bytes) -> Body {
    let chunks: Vec<Result<Bytes, Infallible>> = (0..body.len())
        .step_by(16 << 10)
        .map(|start| Ok(body.slice(start..(start + (16 << 10)).min(body.len()))))
        .collect();
    Body::from_stream(futures_util::stream::iter(chunks))
}

fn event_response(body: Body) -> axum::response::Response {
    axum::response::Response::builder().header("content-type", "text/event-stream").body(body).unwrap()
}

async fn start_server() -> String {
    let many = small_events(EVENTS);
    let million = small_events(10 * EVENTS);
    let router = Router::new()
        // The first event at once, then a stream that stays open.
        .route(
            "/first",
            get(|| async {
                let first = futures_util::stream::once(async {
                    Ok::<_, Infallible>(Bytes::from_static(b"data: {\"n\":0,\"text\":\"hello\"}\n\n"))
                });
                event_response(Body::from_stream(first.chain(futures_util::stream::pending())))
            }),
        )
        .route("/many", get(move || std::future::ready(event_response(chunked(many.clone())))))
        .route("/million", get(move || std::future::ready(event_response(chunked(million.clone())))));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    url
}

/// The request on a new connection, read until the first event's blank line after the headers.
async fn raw_first_event(address: &str) {
    let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
    socket.set_nodelay(true).unwrap();
    let request = format!("GET /first HTTP/1.1\r\nhost: {address}\r\naccept: text/event-stream\r\n\r\n");
    socket.write_all(request.as_bytes()).await.unwrap();
    let mut received = Vec::with_capacity(512);
    let mut buffer = [0; 512];
    loop {
        let read = socket.read(&mut buffer).await.unwrap();
        assert!(read > 0, "the server closed the stream");
        received.extend_from_slice(&buffer[..read]);
        let Some(head_end) = received.windows(4).position(|window| window == b"\r\n\r\n") else { continue };
        if received[head_end + 4..].windows(2).any(|window| window == b"\n\n") {
            return;
        }
    }
}

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn events(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let base_url = runtime.block_on(start_server());
    let address = base_url.trim_start_matches("http://").to_owned();
    let sdk = Client::builder().api_key("bench-key").base_url(&base_url).build().unwrap();
    let http = reqwest::Client::new();

    let mut group = c.benchmark_group("first_event");
    group.measurement_time(Duration::from_secs(10)).sample_size(200);
    let first_url = format!("{base_url}/first");
    group.bench_function("raw_socket", |b| b.to_async(&runtime).iter(|| raw_first_event(&address)));
    group.bench_function("sdk", |b| {
        b.to_async(&runtime).iter(|| async {
            let mut events = sdk.download_url(&first_url).await.unwrap().into_events().typed::<Delta>();
            events.try_next().await.unwrap().unwrap()
        })
    });
    group.bench_function("raw_socket_again", |b| b.to_async(&runtime).iter(|| raw_first_event(&address)));
    group.finish();

    let mut group = c.benchmark_group("decode_100k_events");
    group.measurement_time(Duration::from_secs(20)).sample_size(20).throughput(Throughput::Elements(EVENTS as u64));
    let many_url = format!("{base_url}/many");
    group.bench_function("reqwest_bytes_unparsed", |b| {
        b.to_async(&runtime).iter(|| async {
            let response = http.get(&many_url).send().await.unwrap();
            response.bytes_stream().try_fold(0, |total, chunk| async move { Ok(total + chunk.len()) }).await.unwrap()
        })
    });
    group.bench_function("sdk_typed", |b| {
        b.to_async(&runtime).iter(|| async {
            let events = sdk.download_url(&many_url).await.unwrap().into_events().typed::<Delta>();
            let count = events.try_fold(0, |count, _| async move { Ok(count + 1) }).await.unwrap();
            assert_eq!(count, EVENTS);
        })
    });
    group.finish();

    let before = peak_memory_kib();
    let million_url = format!("{base_url}/million");
    let count = runtime.block_on(async {
        let events = sdk.download_url(&million_url).await.unwrap().into_events().typed::<Delta>();
        events.try_fold(0usize, |count, _| async move { Ok(count + 1) }).await.unwrap()
    });
    let after = peak_memory_kib();
    println!(
        "peak memory around {count} events (the server holds their {} MiB in memory): {} KiB before, {} KiB after",
        small_events(10 * EVENTS).len() >> 20,
        before.map_or("?".to_owned(), |kib| kib.to_string()),
        after.map_or("?".to_owned(), |kib| kib.to_string()),
    );
}

criterion_group!(benches, events);
criterion_main!(benches);
