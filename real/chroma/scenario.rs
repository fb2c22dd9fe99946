//! Chroma's Rust server through the SDK generated from the spec utoipa writes for it: databases
//! (whose list the spec types as a list of collections, fixed in sdk.yaml), collections with
//! metadata of mixed kinds, records with float embeddings, every page of offset-paged lists, and
//! a version the spec declares as text that the server sends as JSON.

mod support;

use chroma::types::{EmbeddingsPayload, HashMapValue, Include};
use chroma::{Client, Error};
use futures_util::TryStreamExt as _;
use support::{needs, Scenario};

const TENANT: &str = "default_tenant";
const DATABASE: &str = "real_test_db";

#[tokio::test]
async fn chroma() {
    let client = Client::from_env().expect("CHROMA_BASE_URL and CHROMA_TOKEN");
    let mut scenario = Scenario::new("chroma");
    let collections = client.collections();

    scenario
        .step("the server is up, and its version (text in the spec, JSON on the wire) is plain text", async {
            let heartbeat = client.meta().heartbeat().send().await.unwrap();
            assert!(heartbeat.nanosecond_heartbeat > 0);
            let version = client.meta().version().send_raw().await.unwrap();
            let content_type = version.headers().get("content-type").map(|value| value.to_str().unwrap().to_owned());
            assert_eq!(content_type.as_deref(), Some("application/json"));
            assert_eq!(version.parse().await.unwrap(), "1.0.0", "the server's API version, without JSON's quotes");
        })
        .await;
    scenario
        .step("create two databases", async {
            for name in [DATABASE, "real_test_other"] {
                client.databases().create(TENANT).name(name).send().await.unwrap();
            }
        })
        .await;
    scenario
        .step("get one", async {
            let database = client.databases().get(TENANT, DATABASE).send().await.unwrap();
            assert_eq!((database.name.as_str(), database.tenant.as_str()), (DATABASE, TENANT));
        })
        .await;
    scenario
        .step("list every page of databases, one a page (typed by the sdk.yaml override)", async {
            let databases: Vec<_> = client.databases().list(TENANT).limit(1).items().try_collect().await.unwrap();
            let mut names: Vec<&str> = databases.iter().map(|database| database.name.as_str()).collect();
            names.sort_unstable();
            assert_eq!(names, ["default_database", "real_test_db", "real_test_other"]);
        })
        .await;
    scenario
        .step("delete one, and it is gone", async {
            client.databases().delete(TENANT, "real_test_other").send().await.unwrap();
            match client.databases().get(TENANT, "real_test_other").send().await {
                Err(Error::NotFound(error)) => assert_eq!(error.status.as_u16(), 404),
                other => panic!("expected 404, got {other:?}"),
            }
        })
        .await;

    let created = scenario
        .step("create a collection with metadata of several kinds", async {
            let metadata = [
                ("owner".to_owned(), HashMapValue::String("ada".into())),
                ("version".to_owned(), HashMapValue::Number(2.0)),
                ("ratio".to_owned(), HashMapValue::Number(0.25)),
                ("public".to_owned(), HashMapValue::Boolean(true)),
            ];
            let collection = collections.create(TENANT, DATABASE).name("docs").metadata(metadata.into()).send().await.unwrap();
            let metadata = collection.metadata.clone().unwrap();
            assert_eq!(metadata["version"], HashMapValue::Integer(2), "a whole number goes as an integer");
            assert_eq!(metadata["ratio"], HashMapValue::Number(0.25));
            assert_eq!(metadata["owner"], HashMapValue::String("ada".into()));
            collection
        })
        .await;
    scenario
        .step("create a second, and list every page of collections", async {
            collections.create(TENANT, DATABASE).name("notes").send().await.unwrap();
            let all: Vec<_> = collections.list(TENANT, DATABASE).limit(1).items().try_collect().await.unwrap();
            let mut names: Vec<&str> = all.iter().map(|collection| collection.name.as_str()).collect();
            names.sort_unstable();
            assert_eq!(names, ["docs", "notes"]);
            assert_eq!(collections.count(TENANT, DATABASE).send().await.unwrap(), 2);
        })
        .await;
    scenario
        .step("get it by name", async {
            let collection = collections.get(TENANT, DATABASE, "docs").send().await.unwrap();
            assert_eq!(collection.id, needs(&created, "the collection").id);
        })
        .await;
    scenario
        .step("rename it", async {
            let id = needs(&created, "the collection").id.to_string();
            collections.update(TENANT, DATABASE, id).new_name("papers").send().await.unwrap();
            let renamed = collections.get(TENANT, DATABASE, "papers").send().await.unwrap();
            assert_eq!(renamed.id, needs(&created, "the collection").id);
        })
        .await;
    scenario
        .step("add records with float embeddings and read them back", async {
            let id = needs(&created, "the collection").id.to_string();
            let embeddings = EmbeddingsPayload::Array(vec![vec![1.0, 0.0, 0.5], vec![0.25, 2.0, 3.0]]);
            collections
                .add(TENANT, DATABASE, id.clone())
                .ids(["a", "b"])
                .embeddings(embeddings)
                .documents(vec![Some("first".into()), Some("second".into())])
                .send()
                .await
                .unwrap();
            assert_eq!(collections.records(TENANT, DATABASE, id.clone()).send().await.unwrap(), 2);
            let records = collections
                .get_records(TENANT, DATABASE, id)
                .ids(["b"])
                .include(vec![Include::Documents, Include::Embeddings])
                .send()
                .await
                .unwrap();
            assert_eq!(records.ids, ["b"]);
            assert_eq!(records.documents, Some(vec![Some("second".to_owned())]));
            assert_eq!(records.embeddings, Some(vec![vec![0.25, 2.0, 3.0]]));
        })
        .await;
    scenario
        .step("delete it, and it is gone", async {
            collections.delete(TENANT, DATABASE, "papers").send().await.unwrap();
            assert!(matches!(collections.get(TENANT, DATABASE, "papers").send().await, Err(Error::NotFound(_))));
        })
        .await;
    scenario.finish();
}
