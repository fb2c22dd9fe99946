//! The examples of a method's JSON success response: the media type's `example` and `examples`,
//! else its schema's `example`. Each is checked against the schema by a JSON Schema validator
//! first (see [`crate::load::ExampleChecker`]); one that breaks it is the spec's fault, told in a
//! warning, and no test reads it.

use openapiv3::{MediaType, ReferenceOr};
use serde_json::Value;

use super::site::MethodLowerer;
use crate::diagnostics::Pointer;
use crate::ir::ResponseExample;
use crate::load::{ExampleChecker, ExampleVerdict};

/// How the warning about an example that breaks its schema begins, for reports that count them.
pub const BREAKS_ITS_SCHEMA: &str = "this example breaks its schema";

impl<'a> MethodLowerer<'a, '_> {
    /// The examples of the response `media` (at `media_pointer`) that fit its schema.
    pub(super) fn response_examples(&mut self, media: &'a MediaType, media_pointer: &Pointer) -> Vec<ResponseExample> {
        let mut found = Self::media_examples(media, media_pointer);
        if found.is_empty() {
            found.extend(self.schema_example(media, media_pointer));
        }
        if found.is_empty() {
            return Vec::new();
        }
        let schema_pointer = media_pointer.push("schema");
        let checker = self.examples.get_or_insert_with(|| ExampleChecker::for_spec(&self.spec.openapi));
        let mut kept = Vec::new();
        for (pointer, value) in found {
            match checker.judge(pointer.as_str(), schema_pointer.as_str(), &value) {
                (ExampleVerdict::Breaks(problems), first_time) => {
                    if first_time {
                        let message = format!("{BREAKS_ITS_SCHEMA} ({problems}); no test reads it");
                        self.types.warn(&pointer, message);
                    }
                }
                (ExampleVerdict::Fits | ExampleVerdict::Unchecked(_), _) => {
                    let undeclared = checker.undeclared(schema_pointer.as_str(), &value);
                    kept.push(ResponseExample { pointer: pointer.as_str().to_owned(), value, undeclared })
                }
            }
        }
        kept
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
