//! An in-memory DeepTable Files API on loopback: uploads are kept, listed newest first with cursor
//! pages, downloaded and deleted. For demos and tests that need a server with state.

use std::sync::{Arc, Mutex};

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{json, Value};

#[derive(Default)]
struct Store {
    files: Vec<(Value, Bytes)>,
    next_id: u32,
}

type Shared = Arc<Mutex<Store>>;

/// Starts the server on `127.0.0.1` and returns its base URL. Requests need `Authorization: Bearer <key>`.
pub async fn start(key: &'static str) -> String {
    let store = Shared::default();
    let router = Router::new()
        .route("/v1/files", get(list).post(upload))
        .route("/v1/files/{id}", get(retrieve).delete(delete))
        .route("/v1/files/{id}/content", get(download))
        .layer(axum::middleware::from_fn(
            move |request: axum::extract::Request, next: axum::middleware::Next| async move {
                let expected = format!("Bearer {key}");
                match request.headers().get("authorization") {
                    Some(value) if value.as_bytes() == expected.as_bytes() => next.run(request).await,
                    _ => error(StatusCode::UNAUTHORIZED, "Invalid API key"),
                }
            },
        ))
        .with_state(store);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("a bound address"));
    tokio::spawn(async move { axum::serve(listener, router).await.expect("the fake server runs") });
    url
}

fn error(status: StatusCode, message: &str) -> Response {
    (
        status,
        [("x-request-id", "req_fake")],
        Json(json!({"error": {"message": message, "type": "invalid_request_error"}})),
    )
        .into_response()
}

async fn list(State(store): State<Shared>, Query(query): Query<Vec<(String, String)>>) -> Response {
    let store = store.lock().expect("not poisoned");
    let param = |name: &str| query.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone());
    let limit = param("limit").and_then(|limit| limit.parse().ok()).unwrap_or(20usize);
    let newest_first: Vec<&Value> = store.files.iter().rev().map(|(file, _)| file).collect();
    let start = match param("after") {
        Some(after) => newest_first.iter().position(|file| file["id"] == after.as_str()).map_or(0, |index| index + 1),
        None => 0,
    };
    let page: Vec<Value> = newest_first.iter().skip(start).take(limit).map(|file| (*file).clone()).collect();
    let has_more = start + page.len() < newest_first.len();
    let first_id = page.first().map(|file| file["id"].clone()).unwrap_or(Value::Null);
    let last_id = page.last().map(|file| file["id"].clone()).unwrap_or(Value::Null);
    Json(json!({"data": page, "has_more": has_more, "object": "list", "first_id": first_id, "last_id": last_id}))
        .into_response()
}

async fn upload(State(store): State<Shared>, mut form: Multipart) -> Response {
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() != Some("file") {
            continue;
        }
        let file_name = field.file_name().unwrap_or("upload.xlsx").to_owned();
        let content_type = field.content_type().unwrap_or("application/octet-stream").to_owned();
        let Ok(bytes) = field.bytes().await else { return error(StatusCode::BAD_REQUEST, "Unreadable file") };
        let mut store = store.lock().expect("not poisoned");
        store.next_id += 1;
        let file = json!({
            "id": format!("file_{:04}", store.next_id),
            "content_type": content_type,
            "created_at": "2024-01-15T10:30:00Z",
            "file_name": file_name,
            "object": "file",
            "size": bytes.len(),
        });
        store.files.push((file.clone(), bytes));
        return Json(file).into_response();
    }
    error(StatusCode::UNPROCESSABLE_ENTITY, "The `file` field is required")
}

async fn retrieve(State(store): State<Shared>, Path(id): Path<String>) -> Response {
    let store = store.lock().expect("not poisoned");
    match store.files.iter().find(|(file, _)| file["id"] == id.as_str()) {
        Some((file, _)) => Json(file.clone()).into_response(),
        None => error(StatusCode::NOT_FOUND, &format!("No file with id {id}")),
    }
}

async fn download(State(store): State<Shared>, Path(id): Path<String>) -> Response {
    let store = store.lock().expect("not poisoned");
    match store.files.iter().find(|(file, _)| file["id"] == id.as_str()) {
        Some((file, bytes)) => {
            let mut headers = HeaderMap::new();
            let content_type = file["content_type"].as_str().unwrap_or("application/octet-stream");
            headers.insert("content-type", content_type.parse().expect("a valid header"));
            (headers, bytes.clone()).into_response()
        }
        None => error(StatusCode::NOT_FOUND, &format!("No file with id {id}")),
    }
}

async fn delete(State(store): State<Shared>, Path(id): Path<String>) -> Response {
    let mut store = store.lock().expect("not poisoned");
    let before = store.files.len();
    store.files.retain(|(file, _)| file["id"] != id.as_str());
    if store.files.len() == before {
        return error(StatusCode::NOT_FOUND, &format!("No file with id {id}"));
    }
    Json(json!({"id": id, "deleted": true, "object": "file"})).into_response()
}
