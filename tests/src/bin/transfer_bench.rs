//! The file-transfer benchmark's two sides, as separate processes so that each one's peak memory can
//! be measured alone (`cargo xtask bench-transfer` runs them):
//!
//! - `transfer_bench serve`: a loopback server that reads uploads as they stream in (counting,
//!   never storing) and streams generated downloads of any size; prints its URL.
//! - `transfer_bench upload URL FILE`: uploads FILE through the Spitch SDK (multipart, from disk).
//! - `transfer_bench put URL FILE`: PUTs FILE to the server's storage as a presigned URL, through
//!   the Muna SDK.
//! - `transfer_bench download URL SIZE OUT`: downloads SIZE bytes through the DeepTable SDK to OUT.

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::json;

const CHUNK: usize = 256 * 1024;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["serve"] => serve().await,
        ["upload", url, file] => upload(url, file).await,
        ["put", url, file] => put_presigned(url, file).await,
        ["download", url, size, out] => download(url, size.parse().expect("a size in bytes"), out).await,
        _ => {
            eprintln!("usage: transfer_bench serve | upload URL FILE | put URL FILE | download URL SIZE OUT");
            std::process::exit(2);
        }
    }
}

async fn serve() {
    let router = Router::new()
        .route("/v1/files", post(receive))
        .route("/v1/files/{size}/content", get(send_bytes))
        .route("/storage/{name}", put(store))
        .layer(DefaultBodyLimit::disable());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    println!("http://{}", listener.local_addr().unwrap());
    axum::serve(listener, router).await.unwrap();
}

async fn receive(mut form: Multipart) -> Json<serde_json::Value> {
    let mut received = 0u64;
    while let Some(mut field) = form.next_field().await.unwrap() {
        while let Some(chunk) = field.chunk().await.unwrap() {
            received += chunk.len() as u64;
        }
    }
    Json(
        json!({"file_id": uuid::Uuid::nil(), "status": "ready", "created_at": "2025-01-01T00:00:00Z", "size_bytes": received}),
    )
}

/// A presigned URL's storage: reads the body as it streams in and keeps nothing.
async fn store(body: Body) -> String {
    let mut stream = body.into_data_stream();
    let mut received = 0u64;
    while let Some(chunk) = futures_util::StreamExt::next(&mut stream).await {
        received += chunk.unwrap().len() as u64;
    }
    received.to_string()
}

async fn send_bytes(Path(size): Path<u64>) -> Body {
    let block = Bytes::from((0..CHUNK).map(|index| (index % 251) as u8).collect::<Vec<_>>());
    let chunks = (0..size.div_ceil(CHUNK as u64)).map(move |index| {
        let remaining = size - index * CHUNK as u64;
        Ok::<_, std::io::Error>(block.slice(..remaining.min(CHUNK as u64) as usize))
    });
    Body::from_stream(futures_util::stream::iter(chunks))
}

async fn upload(url: &str, file: &str) {
    let client = files_sdk::spitch::Client::builder().api_key("bench").base_url(url).build().unwrap();
    let uploaded = client.files().upload().file(files_sdk::spitch::UploadFile::from_path(file)).send().await.unwrap();
    println!("uploaded {} bytes", uploaded.size_bytes.unwrap_or_default());
}

async fn put_presigned(url: &str, file: &str) {
    let client = files_sdk::muna::Client::builder().access_key("bench").base_url(url).build().unwrap();
    let presigned = format!("{url}/storage/upload.bin");
    client.upload_presigned_put(&presigned, files_sdk::muna::UploadFile::from_path(file)).await.unwrap();
    println!("put {file}");
}

async fn download(url: &str, size: u64, out: &str) {
    let client = files_sdk::deeptable::Client::builder().api_key("bench").base_url(url).build().unwrap();
    let written = client.files().download(size.to_string()).send().await.unwrap().write_to(out).await.unwrap();
    assert_eq!(written, size);
    println!("downloaded {written} bytes");
}
