//! `tests/operations.rs` of a generated crate: per method, a call with only what is required and a
//! call with every parameter set, each against a server that implements the spec (a mock such as
//! Prism: `TEST_API_BASE_URL=… cargo test --test operations -- --include-ignored`), and for string
//! path parameters a call with an empty one, which the SDK refuses before sending. Test names are
//! `<resource>::<method>_…`, under the provider's module in a crate of several.

mod calls;
mod example;
mod response_examples;
mod sent;
mod streams;
mod suite;
mod webhooks;

pub use calls::operation_test_keys;
pub use example::stream_example;
pub use suite::operation_tests;
