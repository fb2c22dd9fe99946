use std::sync::Arc;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};

/// How far a transfer has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// Bytes sent or received so far.
    pub bytes_done: u64,
    /// The size of the whole transfer, when known.
    pub total: Option<u64>,
}

pub(crate) type ProgressObserver = Arc<dyn Fn(Progress) + Send + Sync>;

/// `stream`, reporting each chunk to `observer` as it passes.
pub(crate) fn observe<E>(
    stream: impl Stream<Item = Result<Bytes, E>> + Send + 'static,
    total: Option<u64>,
    observer: ProgressObserver,
) -> impl Stream<Item = Result<Bytes, E>> + Send + 'static {
    let mut bytes_done = 0;
    stream.map(move |chunk| {
        if let Ok(bytes) = &chunk {
            bytes_done += bytes.len() as u64;
            observer(Progress { bytes_done, total });
        }
        chunk
    })
}
