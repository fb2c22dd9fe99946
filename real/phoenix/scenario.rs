//! Arize Phoenix through the SDK generated from the spec its FastAPI app serves: a bearer token the
//! spec calls an API key, projects addressed by name, cursor-paged lists, and a dataset uploaded
//! as a CSV file (a multipart body with repeated `input_keys[]` parts) and downloaded again.

mod support;

use futures_util::TryStreamExt as _;
use phoenix::runtime::UploadFile;
use phoenix::{Client, Error};
use support::{needs, Scenario};

const PROJECTS: [&str; 3] = ["real-test-a", "real-test-b", "real-test-c"];
const CSV: &str = "question,answer\nwhat is 2 + 2?,4\nwhat is the capital of France?,Paris\n";

#[tokio::test]
async fn phoenix() {
    let client = Client::from_env().expect("PHOENIX_BASE_URL and PHOENIX_API_KEY");
    let mut scenario = Scenario::new("phoenix");

    scenario
        .step("a wrong key is refused", async {
            let base_url = std::env::var("PHOENIX_BASE_URL").unwrap();
            let wrong = Client::builder().base_url(base_url).api_key("not-a-key").build().unwrap();
            match wrong.projects().list().send().await {
                Err(Error::Authentication(error)) => assert_eq!(error.status.as_u16(), 401),
                other => panic!("expected 401, got {other:?}"),
            }
        })
        .await;
    let created = scenario
        .step("create a project", async {
            let project = client.projects().create().name(PROJECTS[0]).description("made by real-test").send().await;
            let project = project.unwrap().data;
            assert_eq!((project.name.as_str(), project.description.as_deref()), (PROJECTS[0], Some("made by real-test")));
            project
        })
        .await;
    scenario
        .step("get it by name", async {
            let project = client.projects().get(PROJECTS[0]).send().await.unwrap().data;
            assert_eq!(project.id, needs(&created, "the project").id);
        })
        .await;
    scenario
        .step("create two more, and list every page, one project a page", async {
            for name in &PROJECTS[1..] {
                client.projects().create().name(*name).send().await.unwrap();
            }
            let all: Vec<_> = client.projects().list().limit(1).items().try_collect().await.unwrap();
            let names: Vec<&str> = all.iter().map(|project| project.name.as_str()).collect();
            for name in PROJECTS {
                assert!(names.contains(&name), "{name} is not in {names:?}");
            }
            assert_eq!(names.len(), PROJECTS.len() + 1, "the default project, and ours: {names:?}");
        })
        .await;
    scenario
        .step("update its description", async {
            let project = client.projects().update(PROJECTS[0]).description("updated").send().await.unwrap().data;
            assert_eq!(project.description.as_deref(), Some("updated"));
        })
        .await;
    scenario
        .step("delete them, and the first is gone", async {
            for name in PROJECTS {
                client.projects().delete(name).send().await.unwrap();
            }
            match client.projects().get(PROJECTS[0]).send().await {
                Err(Error::NotFound(error)) => assert_eq!(error.status.as_u16(), 404),
                other => panic!("expected 404, got {other:?}"),
            }
        })
        .await;

    let uploaded = scenario
        .step("upload a dataset as a CSV file", async {
            let file = UploadFile::from_bytes(CSV).file_name("quiz.csv").mime_type("text/csv");
            let uploaded = client
                .datasets()
                .upload()
                .sync(true)
                .name("real-test-quiz")
                .description("two questions")
                .input_keys(["question"])
                .output_keys(["answer"])
                .file(file)
                .send()
                .await
                .unwrap()
                .expect("a synchronous upload answers with the dataset")
                .data;
            assert_eq!(uploaded.num_created_examples, 2);
            uploaded
        })
        .await;
    scenario
        .step("get the dataset and its examples", async {
            let id = needs(&uploaded, "the dataset").dataset_id;
            let dataset = client.datasets().get(id.clone()).send().await.unwrap().data;
            assert_eq!((dataset.name.as_str(), dataset.example_count), ("real-test-quiz", 2));
            let examples = client.datasets().examples(id).send().await.unwrap().data.examples;
            let mut answers: Vec<String> = examples.iter().map(|example| example.output["answer"].to_string()).collect();
            answers.sort();
            assert_eq!(answers, ["\"4\"", "\"Paris\""]);
        })
        .await;
    scenario
        .step("download it as CSV", async {
            let csv = client.datasets().download_csv(needs(&uploaded, "the dataset").dataset_id).send().await.unwrap();
            assert!(csv.contains("what is the capital of France?") && csv.contains("Paris"), "{csv}");
        })
        .await;
    scenario
        .step("list every page of datasets", async {
            let all: Vec<_> = client.datasets().list().limit(1).items().try_collect().await.unwrap();
            assert_eq!(all.iter().map(|dataset| dataset.name.as_str()).collect::<Vec<_>>(), ["real-test-quiz"]);
        })
        .await;
    scenario
        .step("delete it, and it is gone", async {
            let id = needs(&uploaded, "the dataset").dataset_id;
            client.datasets().delete(id.clone()).send().await.unwrap();
            assert!(matches!(client.datasets().get(id).send().await, Err(Error::NotFound(_))));
        })
        .await;
    scenario.finish();
}
