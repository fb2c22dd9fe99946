//! The handwritten runtime every generated SDK module is built on: configuration and credentials,
//! the one place requests are sent, errors, pagination, uploads and downloads.
//!
//! Nothing here is generated. Generated SDK crates depend on this crate and name it `runtime`
//! (`pub use sdkgen_runtime as runtime;`); one generated with `--inline-runtime` carries a copy of
//! it as its `runtime` module instead. What users touch is exported at the root. The modules hidden
//! from the docs are the plumbing the generated code calls: public so that a generated crate can
//! reach them, and not part of this crate's semver promise to anyone else.
#![warn(missing_docs, unreachable_pub)]

#[doc(hidden)]
pub mod api_request;
mod attempt;
mod auth;
#[cfg(feature = "blocking")]
mod blocking;
mod body;
mod call;
#[doc(hidden)]
pub mod config;
mod deadline;
mod download;
#[doc(hidden)]
pub mod enums;
mod error;
#[doc(hidden)]
pub mod events;
#[cfg(feature = "serialize")]
mod example_check;
mod file_io;
mod http;
mod intercept;
mod log;
#[cfg(feature = "test-util")]
pub mod mock;
mod multipart;
#[doc(hidden)]
pub mod objects;
mod options;
#[doc(hidden)]
pub mod pagination;
mod progress;
#[doc(hidden)]
pub mod request;
mod response;
mod retry;
mod secret;
mod spans;
#[doc(hidden)]
pub mod transport;
mod unknown;
mod upload;
#[doc(hidden)]
pub mod validate;
#[doc(hidden)]
pub mod wait;
#[doc(hidden)]
pub mod webhooks;
#[doc(hidden)]
pub mod wire;

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
