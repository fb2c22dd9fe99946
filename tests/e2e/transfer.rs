//! File transfer: every upload source arrives exact, retries resend what can be resent, spec limits
//! stop bad uploads before a byte is sent, downloads stream to disk intact, presigned URLs and
//! redirects to other hosts never see a credential, and waiters end as the server says.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use files_sdk::runtime::{Error, Progress, WaitOptions};
use files_sdk::{aymara, deeptable, llamacloud, muna, spitch};
use sdk_tests::{FormPart, MockResponse, MockServer, RecordedRequest};
use serde_json::json;
use sha2::{Digest, Sha256};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn deeptable_client(server: &MockServer) -> deeptable::Client {
    deeptable::Client::builder().api_key("dt-secret").base_url(server.url()).build().unwrap()
}

fn uploaded_file() -> MockResponse {
    MockResponse::json(
        200,
        json!({"id": "f", "content_type": XLSX, "created_at": "2024-01-15T10:30:00Z", "file_name": "t.xlsx", "object": "file", "size": 1}),
    )
}

/// Content that is not the same byte over and over, so that a shifted or truncated copy shows.
fn content(size: usize) -> Vec<u8> {
    (0..size).map(|index| (index.wrapping_mul(31) % 251) as u8).collect()
}

/// A file named `name` in a folder of its own (its name is what an upload sends), which goes away
/// with the folder when the guard is dropped, however the test ends.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("transfer-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir.join(name))
    }

    fn path(&self) -> std::path::PathBuf {
        self.0.clone()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn no_credentials(request: &RecordedRequest) {
    for header in ["authorization", "x-api-key"] {
        assert_eq!(request.header(header), None, "{header} reached {} {}", request.method, request.path);
    }
}

async fn only_part(request: &RecordedRequest) -> FormPart {
    let mut parts = request.multipart().await;
    assert_eq!(parts.len(), 1);
    parts.remove(0)
}

#[tokio::test]
async fn every_upload_source_arrives_with_its_exact_bytes_name_and_type() {
    let server = MockServer::start().await;
    // More than one of the SDK's 1 MiB read chunks, and not a multiple of them.
    let data = content(1_500_007);
    let scratch = Scratch::new("from_path.xlsx");
    let path = scratch.path();
    std::fs::write(&path, &data).unwrap();
    let chunks: Vec<Result<Bytes, std::io::Error>> =
        data.chunks(65_536).map(|chunk| Ok(Bytes::copy_from_slice(chunk))).collect();
    let sources = [
        ("path", deeptable::UploadFile::from_path(&path)),
        ("bytes", deeptable::UploadFile::from_bytes(data.clone()).file_name("from_bytes.xlsx")),
        (
            "reader",
            deeptable::UploadFile::from_reader(std::io::Cursor::new(data.clone())).file_name("from_reader.xlsx"),
        ),
        (
            "stream",
            deeptable::UploadFile::from_stream(futures_util::stream::iter(chunks))
                .file_name("from_stream.xlsx")
                .content_length(1_500_007),
        ),
    ];
    let client = deeptable_client(&server);

    for (kind, file) in sources {
        server.respond(uploaded_file());
        client.files().upload().file(file).send().await.unwrap_or_else(|error| panic!("{kind}: {error}"));
    }

    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    for (request, name) in
        requests.iter().zip(["from_path.xlsx", "from_bytes.xlsx", "from_reader.xlsx", "from_stream.xlsx"])
    {
        let part = only_part(request).await;
        assert_eq!(part.file_name.as_deref(), Some(name));
        assert_eq!(part.content_type.as_deref(), Some(XLSX), "{name}");
        assert_eq!(part.data.as_ref(), data.as_slice(), "{name}");
    }
}

#[tokio::test]
async fn a_source_without_a_name_is_a_clear_error() {
    let server = MockServer::start().await;

    let error = deeptable_client(&server)
        .files()
        .upload()
        .file(deeptable::UploadFile::from_bytes(vec![1, 2, 3]))
        .send()
        .await
        .unwrap_err();

    assert!(error.to_string().contains("must be a .xlsx file"), "{error}");
    let spitch = spitch::Client::builder().api_key("k").base_url(server.url()).build().unwrap();
    let error = spitch.files().upload().file(spitch::UploadFile::from_bytes(vec![1])).send().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid request: the file for `file` has no name: call `.file_name(\"name.ext\")` on the UploadFile"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn bytes_are_resent_whole_but_a_one_shot_stream_is_not_retried() {
    let server = MockServer::start().await;
    let unavailable = || MockResponse::empty(503).header("retry-after-ms", "10");
    server.respond(unavailable());
    server.respond(uploaded_file());
    server.respond(unavailable());
    let client = deeptable_client(&server);
    let data = content(300_000);

    client
        .files()
        .upload()
        .file(deeptable::UploadFile::from_bytes(data.clone()).file_name("a.xlsx"))
        .send()
        .await
        .unwrap();
    let stream = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from(data.clone()))]);
    let error = client
        .files()
        .upload()
        .file(deeptable::UploadFile::from_stream(stream).file_name("b.xlsx"))
        .send()
        .await
        .unwrap_err();

    let requests = server.requests();
    assert_eq!(requests.len(), 3, "two attempts for the bytes, one for the stream");
    assert_eq!(only_part(&requests[0]).await.data.as_ref(), data.as_slice());
    assert_eq!(only_part(&requests[1]).await.data.as_ref(), data.as_slice(), "the retry carries the whole file");
    assert!(
        matches!(&error, Error::OneShotNotRetried { source } if matches!(**source, Error::InternalServer(_))),
        "{error:?}"
    );
    assert!(error.to_string().contains("not retried: the upload is a one-shot stream"), "{error}");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn deeptable_limits_are_checked_before_a_byte_is_sent() {
    let server = MockServer::start().await;
    let scratch = Scratch::new("too_big.xlsx");
    let too_big = scratch.path();
    std::fs::File::create(&too_big).unwrap().set_len(100 * 1024 * 1024 + 1).unwrap();
    let client = deeptable_client(&server);

    let size_error = client.files().upload().file(deeptable::UploadFile::from_path(&too_big)).send().await.unwrap_err();
    let type_error = client
        .files()
        .upload()
        .file(deeptable::UploadFile::from_bytes(vec![1]).file_name("report.csv"))
        .send()
        .await
        .unwrap_err();

    assert_eq!(
        size_error.to_string(),
        "invalid request: `file` is 104857601 bytes, over the API's limit of 104857600 bytes (100 MiB)"
    );
    assert_eq!(type_error.to_string(), "invalid request: `file` must be a .xlsx file, but `report.csv` is not");
    assert!(server.requests().is_empty());
    std::fs::remove_file(too_big).unwrap();
}

#[tokio::test]
async fn a_download_streams_to_disk_intact_and_reports_progress() {
    let server = MockServer::start().await;
    let data = content(5 * 1024 * 1024 + 17);
    server.respond(MockResponse::bytes(200, "application/octet-stream", data.clone()));
    let seen = Arc::new(Mutex::new(Vec::<Progress>::new()));
    let observer = seen.clone();
    let scratch = Scratch::new("downloaded.xlsx");
    let path = scratch.path();

    let stream = deeptable_client(&server).files().download("f").send().await.unwrap();
    let written =
        stream.on_progress(move |progress| observer.lock().unwrap().push(progress)).write_to(&path).await.unwrap();

    assert_eq!(written, data.len() as u64);
    let on_disk = std::fs::read(&path).unwrap();
    assert_eq!(Sha256::digest(&on_disk), Sha256::digest(&data));
    let seen = seen.lock().unwrap();
    assert!(seen.len() > 1, "progress is reported chunk by chunk");
    let last = seen.last().unwrap();
    assert_eq!((last.bytes_done, last.total), (data.len() as u64, Some(data.len() as u64)));
    assert!(seen.windows(2).all(|pair| pair[0].bytes_done < pair[1].bytes_done));
    std::fs::remove_file(path).unwrap();
}

#[tokio::test]
async fn a_download_to_a_full_disk_is_an_io_error() {
    let server = MockServer::start().await;
    server.respond(MockResponse::bytes(200, "application/octet-stream", content(3 * 1024 * 1024)));

    let stream = deeptable_client(&server).files().download("f").send().await.unwrap();
    let error = stream.write_to("/dev/full").await.unwrap_err();

    match error {
        Error::Io(error) => assert_eq!(error.raw_os_error(), Some(28), "{error}"),
        other => panic!("expected an I/O error, got {other:?}"),
    }
}

#[tokio::test]
async fn upload_progress_counts_every_byte() {
    let server = MockServer::start().await;
    server.respond(uploaded_file());
    let last = Arc::new(Mutex::new(None));
    let observer = last.clone();
    let file = deeptable::UploadFile::from_bytes(content(1_000_000))
        .file_name("p.xlsx")
        .on_progress(move |progress| *observer.lock().unwrap() = Some(progress));

    deeptable_client(&server).files().upload().file(file).send().await.unwrap();

    let last = last.lock().unwrap().expect("progress was reported");
    assert_eq!((last.bytes_done, last.total), (1_000_000, Some(1_000_000)));
}

#[tokio::test]
async fn muna_upload_puts_exact_bytes_to_the_presigned_url_without_credentials() {
    let storage = MockServer::start().await;
    storage.respond(MockResponse::empty(200));
    let api = MockServer::start().await;
    api.respond(MockResponse::json(
        200,
        json!({"upload_url": format!("{}/bucket/report.pdf?X-Amz-Signature=abc", storage.url()), "download_url": "https://cdn.muna.example/report.pdf"}),
    ));
    let client = muna::Client::builder().access_key("mu-secret").base_url(api.url()).build().unwrap();
    let data = content(1_234_567);
    let scratch = Scratch::new("report.pdf");
    let path = scratch.path();
    std::fs::write(&path, &data).unwrap();

    let download_url =
        client.files().upload(muna::UploadFile::from_path(&path), muna::types::FileResource::Prediction).await.unwrap();

    assert_eq!(download_url, "https://cdn.muna.example/report.pdf");
    assert_eq!(
        api.only_request().json(),
        json!({"name": "report.pdf", "size": 1_234_567, "resource": "prediction", "mime_type": "application/pdf"})
    );
    assert_eq!(api.only_request().header("authorization"), Some("Bearer mu-secret"));
    let put = storage.only_request();
    assert_eq!((put.method.as_str(), put.path.as_str()), ("PUT", "/bucket/report.pdf"));
    assert_eq!(put.query.as_deref(), Some("X-Amz-Signature=abc"));
    assert_eq!(put.header("content-length"), Some("1234567"));
    assert_eq!(put.header("content-type"), Some("application/pdf"));
    no_credentials(&put);
    assert_eq!(put.body.as_ref(), data.as_slice());
}

/// A reader whose size nobody knows until it ends: the API learns it, the storage gets it exactly,
/// and the retry after a 503 sends all of it again. Past 8 MiB the content waits in a temporary file.
#[tokio::test]
async fn muna_upload_spools_a_reader_of_unknown_size_and_sends_its_exact_length() {
    for size in [100_000, 8 * 1024 * 1024 + 300_000] {
        let storage = MockServer::start().await;
        storage.respond(MockResponse::empty(503).header("retry-after-ms", "1"));
        storage.respond(MockResponse::empty(200));
        let api = MockServer::start().await;
        api.respond(MockResponse::json(
            200,
            json!({"uploadUrl": format!("{}/bucket/in.bin?sig=1", storage.url()), "downloadUrl": "https://cdn.muna.example/in.bin"}),
        ));
        let client = muna::Client::builder().access_key("mu-secret").base_url(api.url()).build().unwrap();
        let data = content(size);
        // A pipe: an `AsyncRead` with no length and no way back to its start.
        let (mut writer, reader) = tokio::io::duplex(64 * 1024);
        let feeder = tokio::spawn({
            let data = data.clone();
            async move { tokio::io::AsyncWriteExt::write_all(&mut writer, &data).await }
        });
        let file = muna::UploadFile::from_reader(reader).file_name("in.bin");

        let download_url = client.files().upload(file, muna::types::FileResource::Prediction).await.unwrap();

        feeder.await.unwrap().unwrap();
        assert_eq!(download_url, "https://cdn.muna.example/in.bin");
        assert_eq!(api.only_request().json()["size"], json!(size), "size {size}");
        let puts = storage.requests();
        assert_eq!(puts.len(), 2, "the 503 is retried with the whole content, size {size}");
        for put in &puts {
            assert_eq!(put.header("content-length"), Some(size.to_string().as_str()));
            assert_eq!(put.header("content-type"), Some("application/octet-stream"));
            no_credentials(put);
            assert!(put.body.as_ref() == data.as_slice(), "size {size}: the bytes arrive exact");
        }
    }
}

#[tokio::test]
async fn muna_upload_refuses_a_file_without_a_name_or_a_broken_stream_before_sending() {
    let server = MockServer::start().await;
    let client = muna::Client::builder().access_key("k").base_url(server.url()).build().unwrap();
    let broken = futures_util::stream::iter([
        Ok(Bytes::from_static(b"start")),
        Err(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the source went away")),
    ]);

    let files = client.files();
    let unnamed = muna::UploadFile::from_bytes(&b"data"[..]);
    let unnamed = files.upload(unnamed, muna::types::FileResource::Prediction).await.unwrap_err();
    let named = muna::UploadFile::from_stream(broken).file_name("a.bin");
    let broken = files.upload(named, muna::types::FileResource::Prediction).await.unwrap_err();

    assert_eq!(
        unnamed.to_string(),
        "invalid request: the file has no name: call `.file_name(\"name.ext\")` on the UploadFile"
    );
    assert!(broken.to_string().contains("the source went away"), "{broken}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_stream_whose_length_is_not_what_it_declared_is_refused() {
    let storage = MockServer::start().await;
    let client = muna::Client::builder().access_key("k").base_url(storage.url()).build().unwrap();
    let stream = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(b"only ten b"))]);
    let file = muna::UploadFile::from_stream(stream).file_name("a.txt").content_length(11);

    let error = client.upload_presigned_put(&format!("{}/bucket/a.txt", storage.url()), file).await.unwrap_err();

    assert!(format!("{error:?}").contains("declared as 11 bytes but yielded 10"), "{error:?}");
}

#[tokio::test]
async fn aymara_upload_files_registers_then_puts_each_file() {
    let storage = MockServer::start().await;
    storage.respond(MockResponse::empty(200));
    storage.respond(MockResponse::empty(200));
    let api = MockServer::start().await;
    api.respond(MockResponse::json(
        200,
        json!({"files": [
            {"file_uuid": "u1", "file_url": format!("{}/up/u1?sig=1", storage.url()), "processing_status": "completed"},
            {"file_uuid": "u2", "file_url": format!("{}/up/u2?sig=2", storage.url()), "processing_status": "pending"}
        ], "workspace_uuid": "ws-1"}),
    ));
    let client =
        aymara::Client::builder().api_key("ay-secret").bearer_token("ay-token").base_url(api.url()).build().unwrap();
    let files = vec![
        aymara::UploadFile::from_bytes(&b"a,b\n1,2\n"[..]).file_name("data.csv"),
        aymara::UploadFile::from_bytes(content(50_000)).file_name("clip.mp4"),
    ];

    let registered = client.files().upload_files(files, Some("ws-1".into())).await.unwrap();

    assert_eq!(
        api.only_request().json(),
        json!({"files": [{"local_file_path": "data.csv", "content_type": "text/csv"}, {"local_file_path": "clip.mp4", "content_type": "video/mp4"}], "workspace_uuid": "ws-1"})
    );
    let result = |uuid: &str, status: aymara::types::ProcessingStatus| {
        let mut result = aymara::types::FileUploadResult::default();
        result.file_uuid = Some(uuid.to_owned());
        result.file_url = Some(format!("{}/up/{uuid}?sig={}", storage.url(), &uuid[1..]));
        result.processing_status = Some(status);
        result
    };
    let mut expected = aymara::types::FileUploadResponse::new(vec![
        result("u1", aymara::types::ProcessingStatus::Completed),
        result("u2", aymara::types::ProcessingStatus::Pending),
    ]);
    expected.workspace_uuid = Some("ws-1".into());
    assert_eq!(registered, expected);
    let api_request = api.only_request();
    assert_eq!(api_request.line(), "POST /v2/files");
    assert_eq!(
        (api_request.header("x-api-key"), api_request.header("authorization")),
        (Some("ay-secret"), Some("Bearer ay-token"))
    );
    let puts = storage.requests();
    assert_eq!(puts.len(), 2);
    assert_eq!((puts[0].path.as_str(), puts[0].header("content-type")), ("/up/u1", Some("text/csv")));
    assert_eq!(puts[0].body.as_ref(), b"a,b\n1,2\n");
    assert_eq!((puts[1].path.as_str(), puts[1].header("content-length")), ("/up/u2", Some("50000")));
    puts.iter().for_each(no_credentials);
}

#[tokio::test]
async fn download_helpers_fetch_presigned_urls_without_credentials() {
    let storage = MockServer::start().await;
    let data = content(200_000);
    storage.respond(MockResponse::bytes(200, "application/pdf", data.clone()));
    storage.respond(MockResponse::bytes(200, "image/png", &b"frame-0"[..]));
    let api = MockServer::start().await;
    let file_id = uuid::Uuid::from_u128(7);
    api.respond(MockResponse::json(
        200,
        json!({"file_id": file_id, "url": format!("{}/files/7?sig=s", storage.url()), "expires_at": "2030-01-01T00:00:00Z"}),
    ));
    let client = spitch::Client::builder().api_key("sp-secret").base_url(api.url()).build().unwrap();

    let bytes = client.files().download_content(file_id).await.unwrap().bytes().await.unwrap();
    let frame =
        client.download_url(&format!("{}/frames/0.png?sig=f", storage.url())).await.unwrap().bytes().await.unwrap();

    assert_eq!(Sha256::digest(&bytes), Sha256::digest(&data));
    assert_eq!(frame.as_ref(), b"frame-0");
    assert_eq!(api.only_request().header("authorization"), Some("Bearer sp-secret"));
    storage.requests().iter().for_each(no_credentials);
    assert_eq!(storage.requests()[0].query.as_deref(), Some("sig=s"));
}

#[tokio::test]
async fn a_redirect_to_another_host_drops_credentials() {
    let storage = MockServer::start().await;
    storage.respond(MockResponse::bytes(200, "application/octet-stream", &b"xlsx"[..]));
    let api = MockServer::start().await;
    api.respond(MockResponse::empty(302).header("location", &format!("{}/blob/f?sig=z", storage.url())));
    let client =
        aymara::Client::builder().api_key("ay-secret").bearer_token("ay-token").base_url(api.url()).build().unwrap();
    let deeptable = deeptable::Client::builder().api_key("dt-secret").base_url(api.url()).build().unwrap();

    let bytes = deeptable.files().download("f").send().await.unwrap().bytes().await.unwrap();
    assert_eq!(bytes.as_ref(), b"xlsx");
    assert_eq!(api.only_request().header("authorization"), Some("Bearer dt-secret"));
    no_credentials(&storage.only_request());

    // The same holds for an API key in its own header.
    api.respond(MockResponse::empty(307).header("location", &format!("{}/elsewhere", storage.url())));
    storage.respond(MockResponse::empty(204));
    client.files().delete("f").send().await.unwrap();
    assert_eq!(api.requests()[1].header("x-api-key"), Some("ay-secret"));
    let followed = &storage.requests()[1];
    assert_eq!((followed.method.as_str(), followed.path.as_str()), ("DELETE", "/elsewhere"));
    no_credentials(followed);
}

#[tokio::test]
async fn llamacloud_presigned_post_sends_the_form_fields_then_the_file() {
    let storage = MockServer::start().await;
    storage.respond(MockResponse::empty(204));
    let client = llamacloud::Client::builder().api_key("llx-secret").base_url(storage.url()).build().unwrap();
    let fields = std::collections::BTreeMap::from([
        ("key".to_owned(), "uploads/a.pdf".to_owned()),
        ("policy".to_owned(), "p0".to_owned()),
    ]);

    client
        .upload_presigned_post(
            &format!("{}/bucket", storage.url()),
            &fields,
            llamacloud::UploadFile::from_bytes(&b"%PDF"[..]).file_name("a.pdf"),
        )
        .await
        .unwrap();

    let post = storage.only_request();
    no_credentials(&post);
    let parts = post.multipart().await;
    let names: Vec<&str> = parts.iter().map(|part| part.name.as_str()).collect();
    assert_eq!(names, ["key", "policy", "file"]);
    assert_eq!(parts[0].data.as_ref(), b"uploads/a.pdf");
    assert_eq!((parts[2].file_name.as_deref(), parts[2].data.as_ref()), (Some("a.pdf"), &b"%PDF"[..]));
}

fn status(state: &str, error: Option<&str>) -> MockResponse {
    MockResponse::json(200, json!({"file_uuid": "v1", "processing_status": state, "error_message": error}))
}

fn fast() -> WaitOptions {
    WaitOptions::default().initial_interval(Duration::from_millis(20)).max_interval(Duration::from_millis(40))
}

#[tokio::test]
async fn the_waiter_returns_when_processing_completes() {
    let server = MockServer::start().await;
    server.respond(status("pending", None));
    server.respond(status("processing", None));
    server.respond(status("completed", None));
    let client = aymara::Client::builder().api_key("k").base_url(server.url()).build().unwrap();

    let started = Instant::now();
    let done = client.files().wait_for_processing("v1", fast()).await.unwrap();

    assert_eq!(done.processing_status, aymara::types::ProcessingStatus::Completed);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|request| request.path == "/v2/files/v1/status"));
    assert!(started.elapsed() >= Duration::from_millis(20 + 30), "it backs off between polls");
}

#[tokio::test]
async fn the_waiter_turns_failed_into_an_error_with_the_servers_message() {
    let server = MockServer::start().await;
    server.respond(status("processing", None));
    server.respond(status("failed", Some("codec not supported")));
    let client = aymara::Client::builder().api_key("k").base_url(server.url()).build().unwrap();

    let error = client.files().wait_for_processing("v1", fast()).await.unwrap_err();

    assert!(matches!(&error, Error::ProcessingFailed { message } if message == "codec not supported"), "{error:?}");
}

#[tokio::test]
async fn the_waiter_gives_up_at_its_deadline() {
    let server = MockServer::with_handler(|_| status("processing", None)).await;
    let client = aymara::Client::builder().api_key("k").base_url(server.url()).build().unwrap();

    let started = Instant::now();
    let error = client.files().wait_for_processing("v1", fast().timeout(Duration::from_millis(300))).await.unwrap_err();

    assert!(matches!(&error, Error::Timeout { message } if message.contains("still `processing`")), "{error:?}");
    assert!(started.elapsed() >= Duration::from_millis(250));
    assert!(server.requests().len() >= 5);
}

#[test]
fn blocking_code_transfers_too() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(MockServer::start());
    server.respond(MockResponse::bytes(200, "application/octet-stream", content(100_000)));
    server.respond(status("completed", None));
    let client = aymara::Client::builder().api_key("k").base_url(server.url()).build().unwrap();
    let blocking = aymara::Blocking::new().unwrap();

    let download = blocking.wait(client.download_url(&format!("{}/frames/1.png", server.url()))).unwrap();
    let chunks: Vec<Bytes> = blocking.iter(download.into_stream()).collect::<Result<_, _>>().unwrap();
    let done = blocking.wait(client.files().wait_for_processing("v1", fast())).unwrap();

    assert_eq!(chunks.concat(), content(100_000));
    assert_eq!(done.file_uuid, "v1");
}
