//! Directus through the SDK generated from the spec it serves, with the overlay that says what its
//! server really takes and sends: a bearer token, folders (offset-paged), a file uploaded as a
//! multipart form and downloaded as its own bytes, timestamps without an offset.

mod support;

use directus::runtime::UploadFile;
use directus::types::FilesFolder;
use directus::{Client, Error};
use futures_util::TryStreamExt as _;
use support::{needs, Scenario};

const FOLDERS: [&str; 3] = ["real-test-a", "real-test-b", "real-test-c"];
const CONTENT: &[u8] = b"id,name\n1,ada\n2,grace\n";

#[tokio::test]
async fn directus() {
    let client = Client::from_env().expect("DIRECTUS_BASE_URL and DIRECTUS_TOKEN");
    let mut scenario = Scenario::new("directus");

    scenario
        .step("a wrong token is refused", async {
            let base_url = std::env::var("DIRECTUS_BASE_URL").unwrap();
            let wrong = Client::builder().base_url(base_url).token("wrong").build().unwrap();
            match wrong.folders().list().send().await {
                Err(Error::Authentication(error)) => assert_eq!(error.status.as_u16(), 401),
                other => panic!("expected 401, got {other:?}"),
            }
        })
        .await;
    let created = scenario
        .step("create a folder", async {
            let folder = client.folders().create().name(FOLDERS[0]).send().await.unwrap().data.unwrap();
            assert_eq!(folder.name.as_deref(), Some(FOLDERS[0]));
            folder.id.expect("an id")
        })
        .await;
    scenario
        .step("get it", async {
            let folder = client.folders().get(needs(&created, "the folder")).send().await.unwrap().data.unwrap();
            assert_eq!(folder.name.as_deref(), Some(FOLDERS[0]));
        })
        .await;
    scenario
        .step("create two more inside it, and list every page, one folder a page", async {
            let parent = needs(&created, "the folder");
            for name in &FOLDERS[1..] {
                client.folders().create().name(*name).parent(parent.clone()).send().await.unwrap();
            }
            let all: Vec<_> = client.folders().list().limit(1).sort(["name"]).items().try_collect().await.unwrap();
            let names: Vec<&str> = all.iter().filter_map(|folder| folder.name.as_deref()).collect();
            assert_eq!(names, FOLDERS);
            let children = all.iter().filter(|folder| matches!(folder.parent.as_deref(), Some(FilesFolder::String(id)) if *id == parent));
            assert_eq!(children.count(), 2);
        })
        .await;
    scenario
        .step("rename it", async {
            let id = needs(&created, "the folder");
            let folder = client.folders().update(id).name("real-test-renamed").send().await.unwrap().data.unwrap();
            assert_eq!(folder.name.as_deref(), Some("real-test-renamed"));
        })
        .await;

    let uploaded = scenario
        .step("upload a file into it", async {
            let file = UploadFile::from_bytes(CONTENT).file_name("people.csv").mime_type("text/csv");
            let folder = needs(&created, "the folder");
            let uploaded = client.files().upload().title("People").folder(folder.clone()).file(file).send().await;
            let uploaded = uploaded.unwrap().data.unwrap();
            assert_eq!(uploaded.filename_download.as_deref(), Some("people.csv"));
            assert_eq!((uploaded.r#type.as_deref(), uploaded.filesize), (Some("text/csv"), Some(CONTENT.len() as i64)));
            assert_eq!(uploaded.folder, Some(FilesFolder::String(folder)));
            // On SQLite, Directus sends timestamps without an offset; they are UTC.
            let uploaded_on = uploaded.uploaded_on.expect("an upload time");
            assert!((chrono_now() - uploaded_on.timestamp()).abs() < 24 * 3600, "{uploaded_on}");
            uploaded.id.expect("an id")
        })
        .await;
    scenario
        .step("download it: the same bytes", async {
            let id = needs(&uploaded, "the file");
            let bytes = client.files().download(id).send().await.unwrap().bytes().await.unwrap();
            assert_eq!(&bytes[..], CONTENT);
        })
        .await;
    scenario
        .step("list every page of files", async {
            let all: Vec<_> = client.files().list().limit(1).items().try_collect().await.unwrap();
            assert_eq!(all.iter().filter_map(|file| file.title.as_deref()).collect::<Vec<_>>(), ["People"]);
        })
        .await;
    scenario
        .step("delete the file; Directus answers 403 for what does not exist, so as not to tell", async {
            let id = needs(&uploaded, "the file");
            client.files().delete(id.clone()).send().await.unwrap();
            match client.files().get(id).send().await {
                Err(Error::PermissionDenied(error)) => assert_eq!(error.status.as_u16(), 403),
                other => panic!("expected 403, got {other:?}"),
            }
        })
        .await;
    scenario
        .step("delete the folders, and they are gone", async {
            let mut all: Vec<_> = client.folders().list().items().try_collect().await.unwrap();
            // Children first: a folder that still has some cannot be deleted.
            all.sort_by_key(|folder| folder.parent.is_none());
            for folder in all {
                client.folders().delete(folder.id.unwrap()).send().await.unwrap();
            }
            let left = client.folders().list().send().await.unwrap();
            assert!(left.data.as_ref().is_none_or(Vec::is_empty), "{:?}", left.data);
            let id = needs(&created, "the folder");
            assert!(matches!(client.folders().get(id).send().await, Err(Error::PermissionDenied(_))));
        })
        .await;
    scenario.finish();
}

/// Seconds since the epoch, to check that a timestamp is today's rather than hours off.
fn chrono_now() -> i64 {
    directus::chrono::Utc::now().timestamp()
}
