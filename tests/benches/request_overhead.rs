//! The SDK's cost per call: one small GET (DeepTable's retrieve, decoded into `types::File`) through
//! the SDK, next to the same GET and decoding through plain `reqwest`, against one loopback server.
//! Run with `cargo bench -p sdk-tests --bench request_overhead`.

use axum::routing::get;
use axum::{Json, Router};
use criterion::{criterion_group, criterion_main, Criterion};
use files_sdk::deeptable::{types::File, Client};
use serde_json::json;

async fn start_server() -> String {
    let file = json!({
        "id": "file_01kfxgjd94fn9stqm414vjb0s8",
        "content_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "created_at": "2024-01-15T10:30:00Z",
        "file_name": "financial_report.xlsx",
        "object": "file",
        "size": 1048576
    });
    let router = Router::new().route("/v1/files/{id}", get(move || std::future::ready(Json(file.clone()))));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    url
}

fn request_overhead(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let base_url = runtime.block_on(start_server());
    let sdk = Client::builder().api_key("bench-key").base_url(&base_url).build().unwrap();
    let http = reqwest::Client::new();
    let url = format!("{base_url}/v1/files/file_01kfxgjd94fn9stqm414vjb0s8");

    let mut group = c.benchmark_group("get_file");
    // Loopback latency varies from moment to moment on a small machine: sample long enough to see
    // the SDK's own cost, which is a few microseconds.
    group.measurement_time(std::time::Duration::from_secs(15)).sample_size(200);
    let baseline = |name: &str, group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>| {
        group.bench_function(name, |b| {
            b.to_async(&runtime).iter(|| async {
                let response =
                    http.get(&url).bearer_auth("bench-key").header("accept", "application/json").send().await.unwrap();
                let body = response.error_for_status().unwrap().bytes().await.unwrap();
                serde_json::from_slice::<File>(&body).unwrap()
            })
        });
    };
    // The baseline runs before and after the SDK, so that drift over the run shows and averages out.
    baseline("reqwest", &mut group);
    group.bench_function("sdk", |b| {
        b.to_async(&runtime)
            .iter(|| async { sdk.files().retrieve("file_01kfxgjd94fn9stqm414vjb0s8").send().await.unwrap() })
    });
    baseline("reqwest_again", &mut group);
    group.finish();
}

criterion_group!(benches, request_overhead);
criterion_main!(benches);
