//! Many calls at once through one client, as a service makes them: N = 1, 8, 64 and 256 concurrent
//! small GETs (DeepTable's retrieve) and small JSON POSTs (Muna's create_urls), over HTTP/1.1 and
//! HTTP/2 (h2c), through the SDK and through plain `reqwest` built from the same `ClientBuilder`,
//! against one loopback server; then `items()` streams of a 10-page list, alone and side by side,
//! beside the same paging written by hand.
//!
//! Each pairing runs several rounds, the two sides alternating which goes first, and prints each
//! side's median round (throughput, latency percentiles) and the median of the rounds' ratios of
//! the SDK to plain `reqwest`: the two runs of a round share whatever else the machine was doing,
//! which the median of the ratios leaves out better than a ratio of the medians does.
//! Both sides send the same request: the same headers and body, checked on the server before the
//! first row, so that the server's work is the same and the difference is the SDK's own.
//! Run with `cargo bench -p sdk-tests --bench concurrency`; add `quick` for one round of fewer calls,
//! and any other word to run only the rows whose label contains it (`GET`, `HTTP/2`, `items`).
//! `BENCH_SIDE=sdk` (or `raw`) runs one side alone, for a profiler to watch.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use support::{median, start_server, Kind, Protocol, Sides, FILE_ID};

mod support;

const LEVELS: [usize; 4] = [1, 8, 64, 256];

struct Settings {
    only: Vec<String>,
    rounds: usize,
    calls: usize,
    streams_total: usize,
}

/// What one side did in one round: completed operations per second and each operation's latency.
struct Round {
    per_second: f64,
    latencies: Vec<Duration>,
}

fn main() {
    // `cargo bench` passes `--bench`.
    let args: Vec<String> = std::env::args().skip(1).filter(|arg| !arg.starts_with("--")).collect();
    let only = args.iter().filter(|arg| *arg != "quick").cloned().collect();
    let settings = if args.iter().any(|arg| arg == "quick") {
        Settings { only, rounds: 1, calls: 2_000, streams_total: 64 }
    } else {
        Settings { only, rounds: 7, calls: 20_000, streams_total: 512 }
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let base_url = start_server(2);
    println!(
        "{} calls per run; medians of {} interleaved rounds; ratios (medians of each round's) are SDK / plain reqwest",
        settings.calls, settings.rounds
    );
    println!(
        "{:<9} {:<5} {:>4} | {:>9} {:>8} {:>8} | {:>9} {:>8} {:>8} | {:>6} {:>6}",
        "", "", "N", "SDK /s", "p50 µs", "p99 µs", "reqwest/s", "p50 µs", "p99 µs", "thrpt", "p99"
    );
    let one_side = std::env::var("BENCH_SIDE").ok();
    for protocol in [Protocol::Http1, Protocol::Http2] {
        let sides = Sides::new(protocol, &base_url);
        for kind in [Kind::Get, Kind::Post] {
            runtime.block_on(sides.check_same_requests(kind));
        }
        let calls = LEVELS.into_iter().flat_map(|level| [(Kind::Get, level), (Kind::Post, level)]);
        let streams = [1, 8, 64].map(|level| (Kind::Items, level));
        for (kind, level) in calls.chain(streams) {
            let label = format!("{} {} {level}", protocol.name(), kind.name());
            if !settings.only.iter().all(|word| label.contains(word.as_str())) {
                continue;
            }
            let total = if kind == Kind::Items { settings.streams_total.max(level) } else { settings.calls };
            if let Some(side) = &one_side {
                let call = if side == "raw" { sides.raw(kind) } else { sides.sdk(kind) };
                for _ in 0..settings.rounds {
                    let round = runtime.block_on(run_calls(level, total, call.clone()));
                    println!("{label} {side}: {:.0}/s, p99 {:.0} µs", round.per_second, percentile(&round, 0.99));
                }
                continue;
            }
            let result = compare(
                &runtime,
                settings.rounds,
                || run_calls(level, total, sides.sdk(kind)),
                || run_calls(level, total, sides.raw(kind)),
            );
            print_row(protocol, kind, level, &result);
        }
    }
}

/// The calls each side makes, again and again.
impl Sides {
    /// The operation through the SDK.
    fn sdk(self: &Arc<Self>, kind: Kind) -> Call {
        match kind {
            Kind::Get => self.call(|sides| async move { sides.sdk_get(FILE_ID).await }),
            Kind::Post => self.call(|sides| async move { sides.sdk_post("report.csv").await }),
            Kind::Items => self.call(|sides| async move { sides.sdk_items().await }),
        }
    }

    /// The same operation through plain `reqwest`, decoded into the same types.
    fn raw(self: &Arc<Self>, kind: Kind) -> Call {
        match kind {
            Kind::Get => self.call(|sides| async move { sides.raw_get(FILE_ID).await }),
            Kind::Post => self.call(|sides| async move { sides.raw_post("report.csv").await }),
            Kind::Items => self.call(|sides| async move { sides.raw_items().await }),
        }
    }

    /// `operation` as a call each task can make again and again.
    fn call<F, O>(self: &Arc<Self>, operation: F) -> Call
    where
        F: Fn(Arc<Self>) -> O + Send + Sync + 'static,
        O: Future<Output = ()> + Send + 'static,
    {
        let sides = self.clone();
        Arc::new(move || Box::pin(operation(sides.clone())))
    }
}

type BoxedCall = std::pin::Pin<Box<dyn Future<Output = ()> + Send>>;
/// One operation, made anew each time it is called.
type Call = Arc<dyn Fn() -> BoxedCall + Send + Sync>;

/// `total` calls made by `concurrency` tasks through one client, each task taking the next call as
/// soon as its last one is done.
async fn run_calls(concurrency: usize, total: usize, call: Call) -> Round {
    // One call each first, so that connections are open and pools warm before the clock starts.
    let warm: Vec<_> = (0..concurrency).map(|_| tokio::spawn(call())).collect();
    for task in warm {
        task.await.unwrap();
    }
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (call, next) = (call.clone(), next.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    let began = Instant::now();
                    call().await;
                    latencies.push(began.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(total);
    for task in tasks {
        latencies.extend(task.await.unwrap());
    }
    let per_second = total as f64 / started.elapsed().as_secs_f64();
    latencies.sort();
    Round { per_second, latencies }
}

/// What a pairing measured: each side's median round, and the medians of the rounds' ratios.
struct Comparison {
    sdk: Round,
    raw: Round,
    throughput_ratio: f64,
    p99_ratio: f64,
}

/// Both sides `rounds` times, alternating which goes first.
fn compare<S, R, FS, FR>(runtime: &tokio::runtime::Runtime, rounds: usize, sdk: S, raw: R) -> Comparison
where
    S: Fn() -> FS,
    R: Fn() -> FR,
    FS: Future<Output = Round>,
    FR: Future<Output = Round>,
{
    let (mut sdk_rounds, mut raw_rounds) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        if round % 2 == 0 {
            sdk_rounds.push(runtime.block_on(sdk()));
            raw_rounds.push(runtime.block_on(raw()));
        } else {
            raw_rounds.push(runtime.block_on(raw()));
            sdk_rounds.push(runtime.block_on(sdk()));
        }
    }
    let pairs = sdk_rounds.iter().zip(&raw_rounds);
    let throughput_ratio = median(pairs.clone().map(|(sdk, raw)| sdk.per_second / raw.per_second).collect());
    let p99_ratio = median(pairs.map(|(sdk, raw)| percentile(sdk, 0.99) / percentile(raw, 0.99)).collect());
    Comparison { sdk: median_round(sdk_rounds), raw: median_round(raw_rounds), throughput_ratio, p99_ratio }
}

fn median_round(mut rounds: Vec<Round>) -> Round {
    rounds.sort_by(|a, b| a.per_second.total_cmp(&b.per_second));
    rounds.swap_remove(rounds.len() / 2)
}

fn percentile(round: &Round, fraction: f64) -> f64 {
    let index = ((round.latencies.len() as f64 * fraction).ceil() as usize).saturating_sub(1);
    round.latencies[index.min(round.latencies.len() - 1)].as_secs_f64() * 1e6
}

fn print_row(protocol: Protocol, kind: Kind, level: usize, comparison: &Comparison) {
    let Comparison { sdk, raw, .. } = comparison;
    println!(
        "{:<9} {:<5} {:>4} | {:>9.0} {:>8.0} {:>8.0} | {:>9.0} {:>8.0} {:>8.0} | {:>5.2}x {:>5.2}x",
        protocol.name(),
        kind.name(),
        level,
        sdk.per_second,
        percentile(sdk, 0.5),
        percentile(sdk, 0.99),
        raw.per_second,
        percentile(raw, 0.5),
        percentile(raw, 0.99),
        comparison.throughput_ratio,
        comparison.p99_ratio,
    );
}
