//! The handwritten runtime every generated SDK module is built on: configuration and credentials,
//! the one place requests are sent, errors, pagination, uploads and downloads.
//!
//! Nothing in this module is generated: `cargo xtask codegen` copies it unchanged into standalone
//! SDK crates, and the generated modules only call into it. What users touch is exported here;
//! the rest is private to the crate.

pub(crate) mod api_request;
mod attempt;
mod auth;
#[cfg(feature = "blocking")]
mod blocking;
mod body;
mod call;
pub(crate) mod config;
mod deadline;
mod download;
pub(crate) mod enums;
mod error;
pub(crate) mod events;
#[cfg(feature = "serialize")]
mod example_check;
mod file_io;
mod http;
mod intercept;
mod log;
#[cfg(feature = "test-util")]
pub mod mock;
mod multipart;
pub(crate) mod objects;
mod options;
pub(crate) mod pagination;
mod progress;
pub(crate) mod request;
mod response;
mod retry;
mod secret;
mod spans;
pub(crate) mod transport;
mod unknown;
mod upload;
pub(crate) mod validate;
pub(crate) mod wait;
pub(crate) mod webhooks;
pub(crate) mod wire;

pub use auth::TokenProvider;
#[cfg(feature = "blocking")]
pub use blocking::{Blocking, BlockingIter};
pub use call::{Call, Operation};
pub use download::ByteStream;
pub use error::{ApiError, BoxError, DecodeError, Error, EventError, Result, WebhookError};
pub use events::{EventStream, ServerSentEvent, ServerSentEvents};
#[cfg(feature = "serialize")]
pub use example_check::{check_example, ExampleMismatch};
/// The future a hook of yours returns: `Box::pin(async move { … })`.
pub use futures_util::future::BoxFuture;
pub use http::HttpTransport;
pub use intercept::{AttemptRequest, CallOutcome, Interceptor, ResponseHead};
pub use options::RequestOptions;
pub use pagination::{Page, PageInfo, Pageable};
pub use progress::Progress;
pub use response::{Empty, Json, RawResponse, Response, ResponseKind, Stream, Text};
pub use unknown::UnknownValue;
pub use upload::{BodyChunks, UploadFile};
pub use wait::WaitOptions;
pub use webhooks::{SignatureScheme, WebhookVerifier};
