//! Waiting with a deadline, paying for a timer only when there is something to wait for.

use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;

use tokio::time::Instant;

/// `future`'s output, or `None` if `deadline` passes first.
///
/// A future that is ready when first polled (a body chunk already received, most often) returns
/// without making a timer: each timer tokio makes takes its driver's lock when dropped, even one
/// that never waited, and a call reads several chunks.
pub(crate) async fn by_deadline<F: Future>(deadline: Instant, future: F) -> Option<F::Output> {
    let mut future = pin!(future);
    if let Poll::Ready(output) = poll_fn(|context| Poll::Ready(future.as_mut().poll(context))).await {
        return Some(output);
    }
    tokio::time::timeout_at(deadline, future).await.ok()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::by_deadline;

    #[tokio::test]
    async fn a_ready_future_returns_at_once_and_a_late_one_gives_way_to_the_deadline() {
        let later = |millis| tokio::time::Instant::now() + Duration::from_millis(millis);
        assert_eq!(by_deadline(later(5_000), std::future::ready(7)).await, Some(7));
        let soon = async {
            tokio::time::sleep(Duration::from_millis(1)).await;
            8
        };
        assert_eq!(by_deadline(later(5_000), soon).await, Some(8));
        let deadline = later(50);
        assert_eq!(by_deadline(deadline, tokio::time::sleep(Duration::from_secs(60))).await, None);
        assert!(tokio::time::Instant::now() >= deadline);
    }
}
