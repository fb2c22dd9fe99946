//! The examples of a method's JSON success response: the media type's `example` and `examples`,
//! else its schema's `example`. Each is checked against the schema by a JSON Schema validator
//! (see [`crate::load::ExampleChecker`]); one that breaks it is the spec's fault, told in a warning,
//! and no test reads it.
//!
//! Methods are lowered with every example they find. The checking is the dearest part of lowering
//! a large spec (its validator reads the whole spec again), and nothing else in lowering depends on
//! it, so it runs on a thread of its own while lowering goes on: [`ExampleJudge`] takes the
//! examples as each resource is lowered, and its [`Judgments`] then drop the broken ones.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, SendError, Sender};
use std::thread::{Scope, ScopedJoinHandle};

use openapiv3::{MediaType, OpenAPI, ReferenceOr};
use serde_json::Value;

use super::site::{FoundExample, MethodLowerer};
use super::types::TypeLowerer;
use crate::diagnostics::Pointer;
use crate::ir::{Resource, ResponseExample};
use crate::load::{ExampleChecker, ExampleVerdict};

/// How the warning about an example that breaks its schema begins, for reports that count them.
pub const BREAKS_ITS_SCHEMA: &str = "this example breaks its schema";

impl<'a> MethodLowerer<'a, '_> {
    /// The examples of the response `media` (at `media_pointer`), each also put in `self.examples`
    /// to be checked.
    pub(super) fn response_examples(&mut self, media: &'a MediaType, media_pointer: &Pointer) -> Vec<ResponseExample> {
        let mut examples = Self::media_examples(media, media_pointer);
        if examples.is_empty() {
            examples.extend(self.schema_example(media, media_pointer));
        }
        let schema_pointer = media_pointer.push("schema");
        examples
            .into_iter()
            .map(|(pointer, value)| {
                let example = ResponseExample { pointer: pointer.as_str().to_owned(), value, undeclared: Vec::new() };
                let value = example.value.clone();
                self.examples.push(FoundExample { pointer, schema_pointer: schema_pointer.clone(), value });
                example
            })
            .collect()
    }

    /// The media type's `example` and the values of its `examples`, with their pointers.
    fn media_examples(media: &MediaType, media_pointer: &Pointer) -> Vec<(Pointer, Value)> {
        let mut found: Vec<(Pointer, Value)> = Vec::new();
        if let Some(example) = &media.example {
            found.push((media_pointer.push("example"), example.clone()));
        }
        // Loading copied in the shared examples these refer to.
        for (name, example) in &media.examples {
            if let Some(value) = example.as_item().and_then(|example| example.value.clone()) {
                found.push((media_pointer.push("examples").push(name).push("value"), value));
            }
        }
        found
    }

    /// The `example` of the response's schema (of the component it names), with its pointer.
    fn schema_example(&self, media: &MediaType, media_pointer: &Pointer) -> Option<(Pointer, Value)> {
        let (schema, pointer) = match media.schema.as_ref()? {
            ReferenceOr::Item(schema) => (schema, media_pointer.push("schema")),
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/schemas/")?;
                let schema = self.spec.openapi.components.as_ref()?.schemas.get(key)?.as_item()?;
                (schema, Pointer::root().push("components").push("schemas").push(key))
            }
        };
        let example = schema.schema_data.example.clone()?;
        Some((pointer.push("example"), example))
    }
}

/// Checks the examples lowering finds, on a thread of its own where one can start (in the caller's
/// thread otherwise, when [`ExampleJudge::finish`] is called).
pub(super) struct ExampleJudge<'scope> {
    openapi: &'scope OpenAPI,
    sender: Sender<Vec<FoundExample>>,
    worker: Option<ScopedJoinHandle<'scope, Judgments>>,
    /// What no thread took: all of it, if none started.
    unsent: Vec<FoundExample>,
}

impl<'scope> ExampleJudge<'scope> {
    /// A judge of examples against the schemas of `openapi`, working in `scope`. The checker is made
    /// when the first examples come, so that a spec without any pays nothing for it.
    pub fn start(scope: &'scope Scope<'scope, '_>, openapi: &'scope OpenAPI) -> Self {
        let (sender, receiver) = mpsc::channel();
        let worker = crate::worker::spawn_worker(scope, move || judge_all(openapi, receiver)).ok();
        ExampleJudge { openapi, sender, worker, unsent: Vec::new() }
    }

    /// Checks `found`, in the order given, after what came before.
    pub fn submit(&mut self, found: Vec<FoundExample>) {
        if found.is_empty() {
            return;
        }
        if let Err(SendError(found)) = self.sender.send(found) {
            self.unsent.extend(found);
        }
    }

    /// What was found of every example submitted.
    pub fn finish(self) -> Judgments {
        let ExampleJudge { openapi, sender, worker, unsent } = self;
        drop(sender);
        let mut judgments = match worker {
            Some(worker) => worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => Judgments::default(),
        };
        if !unsent.is_empty() {
            judgments.judge(&mut ExampleChecker::for_spec(openapi), unsent);
        }
        judgments
    }
}

/// Each example's verdict, until the sender closes the channel.
fn judge_all(openapi: &OpenAPI, receiver: Receiver<Vec<FoundExample>>) -> Judgments {
    let mut judgments = Judgments::default();
    let mut checker = None;
    for found in receiver {
        judgments.judge(checker.get_or_insert_with(|| ExampleChecker::for_spec(openapi)), found);
    }
    judgments
}

/// What the validator said of each example, by its pointer, and the warnings it gave, in the order
/// the examples were found.
#[derive(Default)]
pub(super) struct Judgments {
    /// The undeclared properties of an example that fits its schema; `None` for one that breaks it.
    kept: HashMap<String, Option<Vec<String>>>,
    warnings: Vec<(Pointer, String)>,
}

impl Judgments {
    fn judge(&mut self, checker: &mut ExampleChecker, found: Vec<FoundExample>) {
        for FoundExample { pointer, schema_pointer, value } in found {
            // A schema's `example` is met once per response that uses it: the first verdict holds.
            if self.kept.contains_key(pointer.as_str()) {
                continue;
            }
            let kept = match checker.check(schema_pointer.as_str(), &value) {
                ExampleVerdict::Breaks(problems) => {
                    self.warnings
                        .push((pointer.clone(), format!("{BREAKS_ITS_SCHEMA} ({problems}); no test reads it")));
                    None
                }
                ExampleVerdict::Fits | ExampleVerdict::Unchecked(_) => {
                    Some(checker.undeclared(schema_pointer.as_str(), &value))
                }
            };
            self.kept.insert(pointer.as_str().to_owned(), kept);
        }
    }

    /// Drops the examples that break their schemas from the methods of `resources`, notes what the
    /// others leave undeclared, and warns of the broken ones in `types`.
    pub fn apply(self, resources: &mut [Resource], types: &mut TypeLowerer) {
        for method in resources.iter_mut().flat_map(|resource| &mut resource.methods) {
            method.response_examples.retain_mut(|example| match self.kept.get(&example.pointer) {
                Some(Some(undeclared)) => {
                    example.undeclared.clone_from(undeclared);
                    true
                }
                Some(None) => false,
                // Not submitted: nothing says it breaks its schema.
                None => true,
            });
        }
        for (pointer, message) in &self.warnings {
            types.warn(pointer, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Files, version: "1"}
paths:
  /files/{id}:
    get:
      responses:
        "200":
          description: A file.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/File"}
components:
  schemas:
    File:
      type: object
      required: [id]
      properties:
        id: {type: string}
"##;

    fn found(pointer: &str, value: Value) -> FoundExample {
        let schema_pointer = Pointer::root()
            .push("paths")
            .push("/files/{id}")
            .push("get")
            .push("responses")
            .push("200")
            .push("content")
            .push("application/json")
            .push("schema");
        FoundExample { pointer: Pointer::root().push(pointer), schema_pointer, value }
    }

    #[test]
    fn examples_are_judged_on_the_judges_thread_once_each_in_the_order_found() {
        let openapi: OpenAPI = serde_yaml::from_str(SPEC).unwrap();
        let judgments = std::thread::scope(|scope| {
            let mut judge = ExampleJudge::start(scope, &openapi);
            assert!(judge.worker.is_some(), "the judge works on a thread of its own");
            judge.submit(vec![found("broken", json!({"id": 5})), found("fits", json!({"id": "f1", "extra": 1}))]);
            judge.submit(Vec::new());
            // Met again through another response: neither judged nor reported again.
            judge.submit(vec![found("broken", json!({"id": 5}))]);
            judge.finish()
        });
        assert_eq!(judgments.kept.len(), 2);
        assert_eq!(judgments.kept["/broken"], None);
        assert_eq!(judgments.kept["/fits"], Some(vec!["/extra".to_owned()]));
        let warnings: Vec<(&str, &str)> =
            judgments.warnings.iter().map(|(pointer, message)| (pointer.as_str(), message.as_str())).collect();
        assert_eq!(
            warnings,
            [("/broken", "this example breaks its schema (/id: 5 is not of type \"string\"); no test reads it")]
        );
    }
}
