//! The handwritten runtime every generated SDK module is built on: configuration and credentials,
//! the one place requests are sent, errors, uploads and downloads.
//!
//! Nothing in this module is generated: `cargo xtask codegen` copies it unchanged into standalone
//! SDK crates, and the generated modules only call into it.

#[cfg(feature = "blocking")]
pub mod blocking;
mod config;
mod download;
mod error;
mod log;
mod options;
pub mod pagination;
mod progress;
mod request;
mod response;
mod retry;
mod secret;
mod transport;
mod upload;
pub mod validate;
mod wait;

#[cfg(feature = "blocking")]
pub use blocking::{
    BlockingByteStream, BlockingIter, BlockingPage, BlockingRawResponse, BlockingResponseKind, BlockingRuntime,
};
pub use config::{ClientConfig, CredentialSpec, EnvironmentSpec, Placement, ProviderSpec};
pub use download::ByteStream;
pub use error::{ApiError, DecodeError, Error, Result};
pub use options::RequestOptions;
pub use pagination::{NextPage, Page, PageInfo, Paginated};
pub use progress::Progress;
pub use request::{encode_path_segment, ApiRequest, Multipart};
pub use response::{Empty, Json, RawResponse, Response, ResponseKind, Stream, Text};
pub use secret::Secret;
pub use transport::Transport;
pub use upload::UploadFile;
pub use wait::{wait_until, WaitOptions, WaitState};
