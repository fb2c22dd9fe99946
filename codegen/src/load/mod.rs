//! Loading: reads an OpenAPI 3.0 or 3.1 document (YAML or JSON) with the files it references, and
//! turns it into an [`openapiv3::OpenAPI`]. Every error names the file and the JSON pointer.

mod convert;
mod document;
mod edits;
mod examples;
mod normalize;
mod overlay;
mod refs;
mod repair;
mod resolve;
mod spec;
mod undeclared;
mod walk;

pub use convert::Webhook;
pub use document::{deserialize_at, read_document};
pub use edits::{Origin, ResponseOverride, SchemeDeclaration, SpecEdits};
pub use examples::{ExampleChecker, ExampleVerdict};
pub use refs::SourceMap;
pub use spec::{edited_document, load_edited_spec, load_spec, LoadedSpec, SpecVersion};
