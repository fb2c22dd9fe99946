//! Prefect's server through the SDK generated from the spec it serves: credentials it enforces but
//! never declares, concurrency limits addressed by a name-or-id union in the path (which takes a
//! name or a uuid as they are), every page of a list whose offset is a body field, and variables
//! whose values are JSON of any kind.

mod support;

use futures_util::TryStreamExt as _;
use prefect::types::VariableValue;
use prefect::{Client, Error};
use support::{needs, Scenario};

const LIMITS: [&str; 3] = ["real-test-a", "real-test-b", "real-test-c"];

#[tokio::test]
async fn prefect() {
    let client = Client::from_env().expect("PREFECT_BASE_URL, PREFECT_USERNAME and PREFECT_PASSWORD");
    let mut scenario = Scenario::new("prefect");

    scenario
        .step("wrong credentials are refused", async {
            let base_url = std::env::var("PREFECT_BASE_URL").unwrap();
            let wrong = Client::builder().base_url(base_url).username("admin").password("wrong").build().unwrap();
            match wrong.concurrency_limits().list().send().await {
                Err(Error::Authentication(error)) => assert_eq!(error.status.as_u16(), 401),
                other => panic!("expected 401, got {other:?}"),
            }
        })
        .await;
    let version = scenario.step("the server's version", async { client.admin().version().send().await.unwrap() }).await;
    scenario
        .step("the version is the pinned one", async {
            assert_eq!(needs(&version, "the version"), "3.9.1");
        })
        .await;

    let created = scenario
        .step("create a concurrency limit (a whole float in a number field)", async {
            let limit = client
                .concurrency_limits()
                .create()
                .name(LIMITS[0])
                .limit(5)
                .slot_decay_per_second(2.0)
                .send()
                .await
                .unwrap();
            assert_eq!((limit.name.as_str(), limit.limit, limit.slot_decay_per_second), (LIMITS[0], 5, Some(2.0)));
            limit
        })
        .await;
    scenario
        .step("get it by name (the string member of a union path parameter)", async {
            let limit = client.concurrency_limits().get(LIMITS[0]).send().await.unwrap();
            assert_eq!(limit.id, needs(&created, "the created limit").id);
            assert_eq!((limit.limit, limit.active_slots), (5, 0));
        })
        .await;
    scenario
        .step("get it by id (the uuid member)", async {
            let id = needs(&created, "the created limit").id;
            let limit = client.concurrency_limits().get(id).send().await.unwrap();
            assert_eq!(limit.name, LIMITS[0]);
        })
        .await;
    scenario
        .step("create two more, with a fractional decay", async {
            for name in &LIMITS[1..] {
                let limit = client.concurrency_limits().create().name(*name).limit(1).slot_decay_per_second(0.5).send();
                assert_eq!(limit.await.unwrap().slot_decay_per_second, Some(0.5));
            }
        })
        .await;
    scenario
        .step("list every page, one limit a page", async {
            let limits: Vec<_> = client.concurrency_limits().list().limit(1).items().try_collect().await.unwrap();
            let names: Vec<&str> = limits.iter().map(|limit| limit.name.as_str()).collect();
            assert_eq!(names, LIMITS);
        })
        .await;
    scenario
        .step("update it by name", async {
            client.concurrency_limits().update(LIMITS[0]).limit(7).slot_decay_per_second(1.5).send().await.unwrap();
            let limit = client.concurrency_limits().get(LIMITS[0]).send().await.unwrap();
            assert_eq!((limit.limit, limit.slot_decay_per_second), (7, Some(1.5)));
        })
        .await;
    scenario
        .step("delete them, and the first is gone", async {
            for name in LIMITS {
                client.concurrency_limits().delete(name).send().await.unwrap();
            }
            match client.concurrency_limits().get(LIMITS[0]).send().await {
                Err(Error::NotFound(error)) => assert_eq!(error.status.as_u16(), 404),
                other => panic!("expected 404, got {other:?}"),
            }
        })
        .await;

    let variable = scenario
        .step("create a variable holding a number", async {
            let variable = client
                .variables()
                .create()
                .name("real_test_timeout")
                .value(VariableValue::Number(3600.0))
                .tags(["real", "test"])
                .send()
                .await
                .unwrap();
            assert_eq!(variable.value, Some(VariableValue::Integer(3600)), "a whole number goes as an integer");
            variable
        })
        .await;
    scenario
        .step("get it by name and by id", async {
            let by_name = client.variables().get_by_name("real_test_timeout").send().await.unwrap();
            let by_id = client.variables().get(needs(&variable, "the variable").id).send().await.unwrap();
            assert_eq!(by_name, by_id);
            assert_eq!(by_name.tags, Some(vec!["real".to_owned(), "test".to_owned()]));
        })
        .await;
    scenario
        .step("update its value to text, and count and list", async {
            let id = needs(&variable, "the variable").id;
            client.variables().update(id).value(VariableValue::String("an hour".into())).send().await.unwrap();
            let variable = client.variables().get(id).send().await.unwrap();
            assert_eq!(variable.value, Some(VariableValue::String("an hour".into())));
            assert_eq!(client.variables().count().send().await.unwrap(), 1);
            let all: Vec<_> = client.variables().list().limit(1).items().try_collect().await.unwrap();
            assert_eq!(all.len(), 1);
        })
        .await;
    scenario
        .step("delete it, and it is gone", async {
            let id = needs(&variable, "the variable").id;
            client.variables().delete(id).send().await.unwrap();
            assert!(matches!(client.variables().get(id).send().await, Err(Error::NotFound(_))));
        })
        .await;
    scenario.finish();
}
