//! Threads for generation work, and work spread over the machine's cores with results in the
//! order of the input: output stays deterministic however the threads are scheduled.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// `f` of each item, in order. Each thread takes the heaviest item left (by `weight`, an estimate of
/// its work) until none is, so that no big item starts last while the other threads have nothing
/// left to do; a panic in `f` goes on in the caller's thread once every thread is done.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], weight: impl Fn(&T) -> usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get).min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&index| std::cmp::Reverse(weight(&items[index])));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) else { return done };
            done.push((index, f(&items[index])));
        }
    };
    let mut results: Vec<(usize, R)> = Vec::with_capacity(items.len());
    std::thread::scope(|scope| {
        // The caller's thread works too: the memory it freed is at hand, and new memory costs. (It
        // does all the work if no helper can start.)
        let helpers: Vec<_> = (1..threads).filter_map(|_| spawn_worker(scope, work).ok()).collect();
        let own = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
        for helper in helpers {
            match helper.join() {
                Ok(done) => results.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        match own {
            Ok(done) => results.extend(done),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..500).collect();
        // Uneven work, so that threads finish items out of order.
        let squares = super::map(
            &items,
            |n| (*n % 10) as usize,
            |n| {
                if n % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                n * n
            },
        );
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn a_panic_reaches_the_caller() {
        let items = [1, 2, 3, 4];
        let result = std::panic::catch_unwind(|| super::map(&items, |_| 1, |n| assert_ne!(*n, 3, "three")));
        assert!(result.is_err());
    }
}
