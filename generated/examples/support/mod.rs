//! Local fakes of the five Files APIs for the examples: in memory, on loopback, just enough of each
//! API for an example to upload, list page by page, download and delete with no account.

#![allow(dead_code)] // Each example uses the fake of its own provider.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

/// One stored file.
#[derive(Clone)]
struct Stored {
    id: String,
    name: String,
    content_type: String,
    bytes: Bytes,
}

#[derive(Clone, Default)]
struct Store {
    files: Arc<Mutex<Vec<Stored>>>,
    base_url: Arc<Mutex<String>>,
}

impl Store {
    fn add(&self, name: String, content_type: String, bytes: Bytes, id: String) -> Stored {
        let file = Stored { id, name, content_type, bytes };
        self.files.lock().unwrap().push(file.clone());
        file
    }

    fn get(&self, id: &str) -> Option<Stored> {
        self.files.lock().unwrap().iter().find(|file| file.id == id).cloned()
    }

    fn remove(&self, id: &str) -> bool {
        let mut files = self.files.lock().unwrap();
        let before = files.len();
        files.retain(|file| file.id != id);
        files.len() != before
    }

    fn all(&self) -> Vec<Stored> {
        self.files.lock().unwrap().clone()
    }

    fn next_id(&self) -> usize {
        self.files.lock().unwrap().len() + 1
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url.lock().unwrap())
    }
}

fn not_found(id: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({"error": {"message": format!("no file {id}")}, "detail": format!("no file {id}")})),
    )
        .into_response()
}

async fn first_file(mut form: Multipart) -> Option<(String, String, Bytes)> {
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload").to_owned();
            let content_type = field.content_type().unwrap_or("application/octet-stream").to_owned();
            return Some((name, content_type, field.bytes().await.ok()?));
        }
    }
    None
}

/// Serves the stored bytes at `/blobs/{id}`: the presigned URLs the fakes hand out point here.
async fn blob(State(store): State<Store>, Path(id): Path<String>) -> Response {
    match store.get(&id) {
        Some(file) => ([("content-type", file.content_type)], file.bytes).into_response(),
        None => not_found(&id),
    }
}

/// Receives a presigned PUT.
async fn put_blob(State(store): State<Store>, Path(id): Path<String>, request: Request) -> Response {
    let content_type = request
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("application/octet-stream")
        .to_owned();
    let Ok(bytes) = axum::body::to_bytes(request.into_body(), usize::MAX).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let name = id.clone();
    store.add(name, content_type, bytes, id);
    StatusCode::OK.into_response()
}

async fn serve(router: Router<Store>) -> String {
    let store = Store::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("a bound address"));
    *store.base_url.lock().unwrap() = url.clone();
    let router =
        router.route("/blobs/{id}", get(blob).put(put_blob)).layer(DefaultBodyLimit::disable()).with_state(store);
    tokio::spawn(async move { axum::serve(listener, router).await.expect("the fake serves") });
    url
}

/// `items[start..start + limit]` and whether more follow.
fn window<T: Clone>(items: &[T], start: usize, limit: usize) -> (Vec<T>, bool) {
    let end = (start + limit).min(items.len());
    (items[start.min(end)..end].to_vec(), end < items.len())
}

fn param(query: &[(String, String)], name: &str) -> Option<String> {
    query.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone())
}

// --- DeepTable ---------------------------------------------------------------------------------

pub async fn deeptable() -> String {
    fn file(file: &Stored) -> Value {
        json!({"id": file.id, "content_type": file.content_type, "created_at": "2025-01-01T00:00:00Z", "file_name": file.name, "object": "file", "size": file.bytes.len()})
    }
    serve(
        Router::new()
            .route(
                "/v1/files",
                get(|State(store): State<Store>, Query(query): Query<Vec<(String, String)>>| async move {
                    let files = store.all();
                    let start = param(&query, "after").and_then(|after| files.iter().position(|file| file.id == after)).map_or(0, |index| index + 1);
                    let limit = param(&query, "limit").and_then(|limit| limit.parse().ok()).unwrap_or(20);
                    let (page, has_more) = window(&files, start, limit);
                    let last_id = page.last().map(|file| file.id.clone());
                    Json(json!({"data": page.iter().map(file).collect::<Vec<_>>(), "has_more": has_more, "object": "list", "first_id": page.first().map(|file| file.id.clone()), "last_id": last_id}))
                })
                .post(|State(store): State<Store>, form: Multipart| async move {
                    let Some((name, content_type, bytes)) = first_file(form).await else { return StatusCode::UNPROCESSABLE_ENTITY.into_response() };
                    let id = format!("file_{:04}", store.next_id());
                    Json(file(&store.add(name, content_type, bytes, id))).into_response()
                }),
            )
            .route(
                "/v1/files/{id}",
                get(|State(store): State<Store>, Path(id): Path<String>| async move { store.get(&id).map_or_else(|| not_found(&id), |stored| Json(file(&stored)).into_response()) })
                    .delete(|State(store): State<Store>, Path(id): Path<String>| async move {
                        if store.remove(&id) { Json(json!({"id": id, "deleted": true, "object": "file"})).into_response() } else { not_found(&id) }
                    }),
            )
            .route("/v1/files/{id}/content", get(blob)),
    )
    .await
}

// --- Spitch ------------------------------------------------------------------------------------

pub async fn spitch() -> String {
    fn file(file: &Stored) -> Value {
        json!({"file_id": file.id, "status": "ready", "created_at": "2025-01-01T00:00:00Z", "original_name": file.name, "size_bytes": file.bytes.len(), "content_type": file.content_type})
    }
    serve(
        Router::new()
            .route(
                "/v1/files",
                get(|State(store): State<Store>, Query(query): Query<Vec<(String, String)>>| async move {
                    let start: usize = param(&query, "cursor").and_then(|cursor| cursor.parse().ok()).unwrap_or(0);
                    let limit = param(&query, "limit").and_then(|limit| limit.parse().ok()).unwrap_or(20);
                    let (page, more) = window(&store.all(), start, limit);
                    let next = more.then(|| (start + limit).to_string());
                    Json(json!({"items": page.iter().map(file).collect::<Vec<_>>(), "next_cursor": next}))
                })
                .post(|State(store): State<Store>, form: Multipart| async move {
                    let Some((name, content_type, bytes)) = first_file(form).await else { return StatusCode::UNPROCESSABLE_ENTITY.into_response() };
                    let id = format!("00000000-0000-4000-8000-{:012}", store.next_id());
                    Json(file(&store.add(name, content_type, bytes, id))).into_response()
                }),
            )
            .route(
                "/v1/files/{id}",
                get(|State(store): State<Store>, Path(id): Path<String>| async move { store.get(&id).map_or_else(|| not_found(&id), |stored| Json(file(&stored)).into_response()) })
                    .delete(|State(store): State<Store>, Path(id): Path<String>| async move {
                        if store.remove(&id) { Json(json!({"status": true})).into_response() } else { not_found(&id) }
                    }),
            )
            .route(
                "/v1/files/{id}/url",
                get(|State(store): State<Store>, Path(id): Path<String>| async move {
                    Json(json!({"file_id": id, "url": store.url(&format!("/blobs/{id}")), "expires_at": "2030-01-01T00:00:00Z"}))
                }),
            ),
    )
    .await
}

// --- Aymara ------------------------------------------------------------------------------------

pub async fn aymara() -> String {
    fn detail(store: &Store, file: &Stored) -> Value {
        json!({"file_uuid": file.id, "content_type": file.content_type, "file_type": "document",
               "organization_uuid": "org-example", "remote_file_path": format!("org-example/{}", file.name),
               "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z",
               "processing_status": "completed", "file_url": store.url(&format!("/blobs/{}", file.id))})
    }
    serve(
        Router::new()
            .route(
                "/v2/files",
                get(|State(store): State<Store>, Query(query): Query<Vec<(String, String)>>| async move {
                    let files = store.all();
                    let offset = param(&query, "offset").and_then(|offset| offset.parse().ok()).unwrap_or(0);
                    let limit = param(&query, "limit").and_then(|limit| limit.parse().ok()).unwrap_or(50);
                    let (page, _) = window(&files, offset, limit);
                    Json(json!({"items": page.iter().map(|file| detail(&store, file)).collect::<Vec<_>>(), "count": files.len()}))
                })
                .post(|State(store): State<Store>, Json(body): Json<Value>| async move {
                    let requested = body["files"].as_array().cloned().unwrap_or_default();
                    let results: Vec<Value> = requested
                        .iter()
                        .enumerate()
                        .map(|(index, item)| {
                            let id = format!("aymara-{}-{index}", store.next_id());
                            json!({"file_uuid": id, "file_url": store.url(&format!("/blobs/{id}")), "processing_status": "completed", "local_file_path": item["local_file_path"]})
                        })
                        .collect();
                    Json(json!({"files": results, "workspace_uuid": body["workspace_uuid"]}))
                }),
            )
            .route(
                "/v2/files/{id}",
                get(|State(store): State<Store>, Path(id): Path<String>| async move { store.get(&id).map_or_else(|| not_found(&id), |stored| Json(detail(&store, &stored)).into_response()) })
                    .delete(|State(store): State<Store>, Path(id): Path<String>| async move {
                        if store.remove(&id) { StatusCode::NO_CONTENT.into_response() } else { not_found(&id) }
                    }),
            )
            .route(
                "/v2/files/{id}/status",
                get(|Path(id): Path<String>| async move { Json(json!({"file_uuid": id, "processing_status": "completed"})) }),
            ),
    )
    .await
}

// --- LlamaCloud --------------------------------------------------------------------------------

pub async fn llamacloud() -> String {
    fn file(file: &Stored) -> Value {
        json!({"id": file.id, "name": file.name, "project_id": "00000000-0000-4000-8000-000000000000", "file_type": file.name.rsplit('.').next(), "purpose": "parse"})
    }
    serve(
        Router::new()
            .route(
                "/api/v1/beta/files",
                get(|State(store): State<Store>, Query(query): Query<Vec<(String, String)>>| async move {
                    let start: usize = param(&query, "page_token").and_then(|token| token.parse().ok()).unwrap_or(0);
                    let size = param(&query, "page_size").and_then(|size| size.parse().ok()).unwrap_or(50);
                    let (page, more) = window(&store.all(), start, size);
                    Json(json!({"items": page.iter().map(file).collect::<Vec<_>>(), "next_page_token": more.then(|| (start + size).to_string())}))
                })
                .post(|State(store): State<Store>, form: Multipart| async move {
                    let Some((name, content_type, bytes)) = first_file(form).await else { return StatusCode::UNPROCESSABLE_ENTITY.into_response() };
                    let id = format!("llx-{}", store.next_id());
                    Json(file(&store.add(name, content_type, bytes, id))).into_response()
                }),
            )
            .route(
                "/api/v1/beta/files/{id}",
                axum::routing::delete(|State(store): State<Store>, Path(id): Path<String>| async move {
                    if store.remove(&id) { StatusCode::NO_CONTENT.into_response() } else { not_found(&id) }
                }),
            )
            .route(
                "/api/v1/beta/files/{id}/content",
                get(|State(store): State<Store>, Path(id): Path<String>| async move {
                    Json(json!({"url": store.url(&format!("/blobs/{id}")), "expires_at": "2030-01-01T00:00:00Z"}))
                }),
            ),
    )
    .await
}

// --- Muna --------------------------------------------------------------------------------------

pub async fn muna() -> String {
    let url = serve(Router::new().route(
        "/v1/values",
        // As Muna's route answers: the URLs in camelCase.
        post(|State(store): State<Store>, Json(body): Json<Value>| async move {
            let id = format!("muna-{}-{}", store.next_id(), body["name"].as_str().unwrap_or("file"));
            Json(json!({"uploadUrl": store.url(&format!("/blobs/{id}")), "downloadUrl": store.url(&format!("/blobs/{id}"))}))
        }),
    ))
    .await;
    format!("{url}/v1")
}
