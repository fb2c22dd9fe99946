//! Waiting for a server-side state: poll with backoff until done, failed, or a deadline.

use std::future::Future;
use std::time::Duration;

use super::error::Error;

/// How long and how often a waiter polls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaitOptions {
    /// Give up after this long (default 10 minutes).
    pub timeout: Duration,
    /// The first pause between polls (default 1 s); each next one is 1.5 times longer.
    pub initial_interval: Duration,
    /// The longest pause between polls (default 10 s).
    pub max_interval: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(600),
            initial_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(10),
        }
    }
}

impl WaitOptions {
    /// How long to wait in all before giving up.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The first pause between polls.
    pub fn initial_interval(mut self, interval: Duration) -> Self {
        self.initial_interval = interval;
        self
    }

    /// The longest pause between polls.
    pub fn max_interval(mut self, interval: Duration) -> Self {
        self.max_interval = interval;
        self
    }
}

/// What one poll found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitState {
    Done,
    /// Failed, with the server's explanation.
    Failed(Option<String>),
    /// Still going, in this state.
    Pending(String),
}

/// Calls `poll` until `classify` says done (returns the last value) or failed
/// ([`Error::ProcessingFailed`]), or `options.timeout` passes ([`Error::Timeout`]).
pub async fn wait_until<T, F, Fut>(
    options: WaitOptions,
    what: &str,
    mut poll: F,
    classify: impl Fn(&T) -> WaitState,
) -> Result<T, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    let deadline = tokio::time::Instant::now() + options.timeout;
    let mut interval = options.initial_interval;
    loop {
        let value = poll().await?;
        match classify(&value) {
            WaitState::Done => return Ok(value),
            WaitState::Failed(message) => {
                return Err(Error::ProcessingFailed { message: message.unwrap_or_else(|| format!("{what} failed")) })
            }
            WaitState::Pending(state) => {
                let now = tokio::time::Instant::now();
                if now + interval > deadline {
                    return Err(Error::Timeout {
                        message: format!("{what} was still `{state}` after {:?}", options.timeout),
                    });
                }
                tracing::debug!(state = %state, wait_ms = interval.as_millis() as u64, "{what} not done yet");
                tokio::time::sleep(interval).await;
                interval = interval.mul_f64(1.5).min(options.max_interval);
            }
        }
    }
}
