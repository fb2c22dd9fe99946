//! Files read and written as streams of chunks, each on one blocking thread that works a few
//! chunks ahead of (or behind) the connection.
//!
//! `tokio::fs::File` hands every read or write to the blocking pool and waits for it: per chunk one
//! copy into its own buffer, two thread switches and a wake of the I/O driver, and the socket idles
//! while the disk works. Here one thread owns the file for the whole transfer, reads straight into
//! the chunks that are sent (no copy), and the socket and the disk work at the same time.

use std::io::{Read, Write};

use bytes::Bytes;
use futures_util::Stream;
use tokio::sync::mpsc;

/// How much is read from a file at a time.
pub(crate) const CHUNK_SIZE: usize = 1024 * 1024;
/// How many chunks may wait between the file and the connection: memory stays under
/// `(CHUNKS_IN_FLIGHT + 2) * CHUNK_SIZE` whatever the file's size.
const CHUNKS_IN_FLIGHT: usize = 2;

/// `file` from its current position to its end, read ahead on a blocking thread. Dropping the
/// stream stops the reading.
pub(crate) fn read_chunks(mut file: std::fs::File) -> impl Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    let (sender, mut receiver) = mpsc::channel(CHUNKS_IN_FLIGHT);
    tokio::task::spawn_blocking(move || loop {
        let mut chunk = Vec::with_capacity(CHUNK_SIZE);
        // `read_to_end` reads into the spare capacity without zeroing it first.
        match Read::by_ref(&mut file).take(CHUNK_SIZE as u64).read_to_end(&mut chunk) {
            Ok(0) => return,
            Ok(length) => {
                if sender.blocking_send(Ok(Bytes::from(chunk))).is_err() || length < CHUNK_SIZE {
                    return;
                }
            }
            Err(error) => {
                let _ = sender.blocking_send(Err(error));
                return;
            }
        }
    });
    futures_util::stream::poll_fn(move |context| receiver.poll_recv(context))
}

/// Writes the chunks sent to the returned sender to `file`, in order, on a blocking thread; the
/// handle tells how it ended once the sender is dropped. A write that fails closes the channel, so
/// that the next send fails.
pub(crate) fn write_chunks(
    mut file: std::fs::File,
) -> (mpsc::Sender<Bytes>, tokio::task::JoinHandle<std::io::Result<()>>) {
    let (sender, mut receiver) = mpsc::channel::<Bytes>(CHUNKS_IN_FLIGHT);
    let writer = tokio::task::spawn_blocking(move || {
        while let Some(chunk) = receiver.blocking_recv() {
            file.write_all(&chunk)?;
        }
        file.flush()
    });
    (sender, writer)
}
