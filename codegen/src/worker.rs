//! Threads for generation work.

/// The stack of the threads the generator starts: it recurses as deep as a spec nests, as on the
/// caller's thread. Only what is used is ever touched.
const WORKER_STACK_SIZE: usize = 64 << 20;

/// A scoped thread for generation work, with the stack generation needs.
pub(crate) fn spawn_worker<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    work: impl FnOnce() -> T + Send + 'scope,
) -> std::io::Result<std::thread::ScopedJoinHandle<'scope, T>> {
    std::thread::Builder::new().stack_size(WORKER_STACK_SIZE).spawn_scoped(scope, work)
}
