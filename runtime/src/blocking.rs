//! Blocking use of the SDK: one runtime, on a thread of its own, that lets blocking code run any
//! request, helper or stream of the async API.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{mpsc, Arc};
use std::task::{Context, Poll, Wake, Waker};

use futures_util::{Stream, StreamExt};

use super::error::Error;

/// Runs the SDK's futures and streams to completion from blocking code:
///
/// ```text
/// let blocking = Blocking::new()?;
/// let file = blocking.wait(client.files().retrieve("file_01").send())?;
/// for item in blocking.iter(client.files().list().items()) {
///     println!("{:?}", item?);
/// }
/// ```
///
/// (Text rather than a doctest: an SDK generated with `--inline-runtime` carries these docs under
/// its own name.) Futures are polled on the calling thread; the runtime's own thread drives their
/// network I/O and timers. So a `Blocking` can be made, used and dropped anywhere, an async
/// runtime's thread included (where waiting blocks that thread, as any blocking call does). Cheap
/// to clone: clones share the thread, which stops when the last one is dropped.
#[derive(Clone)]
pub struct Blocking {
    worker: Arc<Worker>,
}

struct Worker {
    handle: tokio::runtime::Handle,
    /// Dropping it stops the thread, which then drops the runtime outside any async context.
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl fmt::Debug for Blocking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Blocking")
    }
}

impl Blocking {
    /// Starts the runtime's thread.
    pub fn new() -> Result<Self, Error> {
        let (handle_sender, handle_receiver) = mpsc::sync_channel(1);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        std::thread::Builder::new().name("sdk-blocking".to_owned()).spawn(move || {
            match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(runtime) => {
                    let _ = handle_sender.send(Ok(runtime.handle().clone()));
                    // Drives I/O, timers and spawned connection tasks until the last `Blocking` is dropped.
                    runtime.block_on(async {
                        let _ = stopped.await;
                    });
                }
                Err(error) => {
                    let _ = handle_sender.send(Err(error));
                }
            }
        })?;
        let handle = handle_receiver
            .recv()
            .map_err(|_| Error::Io(std::io::Error::other("the blocking runtime's thread did not start")))??;
        Ok(Self { worker: Arc::new(Worker { handle, _stop: stop }) })
    }

    /// Runs `future` (a request's `send()`, a helper, a page's `next_page()`) and waits for its result.
    pub fn wait<F: Future>(&self, future: F) -> F::Output {
        let _context = self.worker.handle.enter();
        block_on(future)
    }

    /// The items of `stream` (a list's `items()` or `pages()`, a download's chunks) as an iterator
    /// that fetches as it advances.
    pub fn iter<'a, T>(&self, stream: impl Stream<Item = Result<T, Error>> + 'a) -> BlockingIter<'a, T> {
        BlockingIter { blocking: self.clone(), stream: Box::pin(stream) }
    }
}

/// Polls `future` on this thread until it is ready, sleeping between wake-ups.
fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(std::thread::Thread);

    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }

    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::park();
    }
}

/// A stream read by blocking on it, item by item. An error ends it.
pub struct BlockingIter<'a, T> {
    blocking: Blocking,
    stream: Pin<Box<dyn Stream<Item = Result<T, Error>> + 'a>>,
}

impl<T> fmt::Debug for BlockingIter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BlockingIter")
    }
}

impl<T> Iterator for BlockingIter<'_, T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let blocking = self.blocking.clone();
        blocking.wait(self.stream.next())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_iterates_and_drops_anywhere() {
        fn shared<T: Send + Sync>(_: &T) {}
        let blocking = Blocking::new().unwrap();
        shared(&blocking);
        let slept = blocking.wait(async {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            7
        });
        assert_eq!(slept, 7);
        let items: Vec<i32> = blocking.iter(futures_util::stream::iter([Ok(1), Ok(2)])).map(Result::unwrap).collect();
        assert_eq!(items, [1, 2]);
        // Inside an async runtime: made, used and dropped without a panic.
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(async {
            let inner = Blocking::new().unwrap();
            assert_eq!(inner.wait(async { "inside" }), "inside");
            drop(inner);
            drop(blocking);
        });
    }
}
