//! The SDK's cost per call: one small GET (DeepTable's retrieve), one small JSON POST (Muna's
//! create_urls) and every item of a 10-page list (`items()`), each made one after another through the SDK and through plain `reqwest` sending
//! the same bytes and decoding into the same types, against one loopback server, over HTTP/1.1 and
//! HTTP/2.
//!
//! Time: rounds of sequential calls, the two sides alternating which goes first; the ratio printed
//! is the median of the rounds' ratios (SDK / plain), as the two halves of a round share whatever
//! else the machine was doing. Allocations: counted by this binary's allocator, on the calling
//! thread only (the client runs on a current-thread runtime there; the server has threads of its
//! own), per call.
//!
//! Run with `cargo bench -p sdk-tests --bench request_overhead` (or `cargo xtask bench`); add
//! `quick` for a few short rounds, and any other word to run only the rows whose label contains it
//! (`GET`, `HTTP/2`, `items`). `BENCH_SIDE=sdk` (or `raw`) makes each selected row's calls on one
//! side alone, for a profiler or `perf stat` to compare: the server's work is the same on both.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use support::{median, start_server, Kind, Protocol, Sides, FILE_ID};

mod support;

/// The system allocator, counting the blocks the calling thread asks for while it counts.
struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

fn count_one() {
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
    }
}

// SAFETY: every method hands its arguments to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

struct Settings {
    only: Vec<String>,
    rounds: usize,
    calls: usize,
}

/// What one row measured.
struct Row {
    sdk_micros: f64,
    raw_micros: f64,
    ratio: f64,
    sdk_allocations: f64,
    raw_allocations: f64,
}

fn main() {
    // `cargo bench` passes `--bench`.
    let args: Vec<String> = std::env::args().skip(1).filter(|arg| !arg.starts_with("--")).collect();
    let only = args.iter().filter(|arg| *arg != "quick").cloned().collect();
    let settings = if args.iter().any(|arg| arg == "quick") {
        Settings { only, rounds: 3, calls: 200 }
    } else {
        Settings { only, rounds: 301, calls: 100 }
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    // One server thread: with two, each side's connection is served by whichever thread took it,
    // and a run can favour one side for its whole length.
    let base_url = start_server(1);
    println!(
        "{} sequential calls per side per round; time is the median round; ratio is the median of {} interleaved rounds' ratios, SDK / plain reqwest",
        settings.calls, settings.rounds
    );
    println!(
        "{:<9} {:<5} | {:>8} {:>8} {:>6} | {:>11} {:>11} {:>5}",
        "", "", "SDK µs", "plain µs", "ratio", "SDK allocs", "plain allocs", "more"
    );
    for protocol in [Protocol::Http1, Protocol::Http2] {
        let sides = Sides::new(protocol, &base_url);
        for kind in [Kind::Get, Kind::Post, Kind::Items] {
            let label = format!("{} {}", protocol.name(), kind.name());
            if !settings.only.iter().all(|word| label.contains(word.as_str())) {
                continue;
            }
            runtime.block_on(sides.check_same_requests(kind));
            if let Ok(side) = std::env::var("BENCH_SIDE") {
                let calls = settings.rounds * settings.calls;
                let seconds = runtime.block_on(one_side(&sides, kind, side == "raw", calls));
                println!("{label} {side}: {calls} calls in {seconds:.2} s");
                continue;
            }
            let row = measure(&runtime, &settings, &sides, kind);
            println!(
                "{:<9} {:<5} | {:>8.1} {:>8.1} {:>5.3}x | {:>11.1} {:>11.1} {:>+5.1}",
                protocol.name(),
                kind.name(),
                row.sdk_micros,
                row.raw_micros,
                row.ratio,
                row.sdk_allocations,
                row.raw_allocations,
                row.sdk_allocations - row.raw_allocations
            );
        }
    }
}

/// `calls` calls on one side alone; the time they took, in seconds.
async fn one_side(sides: &Sides, kind: Kind, raw: bool, calls: usize) -> f64 {
    let started = Instant::now();
    for _ in 0..calls {
        match (kind, raw) {
            (Kind::Get, false) => sides.sdk_get(FILE_ID).await,
            (Kind::Get, true) => sides.raw_get(FILE_ID).await,
            (Kind::Post, false) => sides.sdk_post("report.csv").await,
            (Kind::Post, true) => sides.raw_post("report.csv").await,
            (Kind::Items, false) => sides.sdk_items().await,
            (Kind::Items, true) => sides.raw_items().await,
        }
    }
    started.elapsed().as_secs_f64()
}

fn measure(runtime: &tokio::runtime::Runtime, settings: &Settings, sides: &Sides, kind: Kind) -> Row {
    // A list of ten pages is ten calls.
    let calls = if kind == Kind::Items { settings.calls / 10 } else { settings.calls };
    let sdk = || async {
        match kind {
            Kind::Get => sides.sdk_get(FILE_ID).await,
            Kind::Post => sides.sdk_post("report.csv").await,
            Kind::Items => sides.sdk_items().await,
        }
    };
    let raw = || async {
        match kind {
            Kind::Get => sides.raw_get(FILE_ID).await,
            Kind::Post => sides.raw_post("report.csv").await,
            Kind::Items => sides.raw_items().await,
        }
    };
    let (mut sdk_times, mut raw_times, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..settings.rounds {
        let (sdk_time, raw_time) = if round % 2 == 0 {
            let sdk_time = runtime.block_on(time_calls(calls, sdk));
            (sdk_time, runtime.block_on(time_calls(calls, raw)))
        } else {
            let raw_time = runtime.block_on(time_calls(calls, raw));
            (runtime.block_on(time_calls(calls, sdk)), raw_time)
        };
        ratios.push(sdk_time / raw_time);
        sdk_times.push(sdk_time);
        raw_times.push(raw_time);
    }
    Row {
        sdk_micros: median(sdk_times),
        raw_micros: median(raw_times),
        ratio: median(ratios),
        sdk_allocations: runtime.block_on(allocations_per_call(calls, sdk)),
        raw_allocations: runtime.block_on(allocations_per_call(calls, raw)),
    }
}

/// The mean time of one of `calls` sequential calls, in microseconds.
async fn time_calls<F: Future<Output = ()>>(calls: usize, call: impl Fn() -> F) -> f64 {
    let started = Instant::now();
    for _ in 0..calls {
        call().await;
    }
    started.elapsed().as_secs_f64() * 1e6 / calls as f64
}

/// The mean number of blocks one of `calls` sequential calls allocates on this thread, after one
/// call that is not counted (so that pools and caches are warm).
async fn allocations_per_call<F: Future<Output = ()>>(calls: usize, call: impl Fn() -> F) -> f64 {
    call().await;
    ALLOCATIONS.store(0, Ordering::Relaxed);
    COUNTING.with(|counting| counting.set(true));
    for _ in 0..calls {
        call().await;
    }
    COUNTING.with(|counting| counting.set(false));
    ALLOCATIONS.load(Ordering::Relaxed) as f64 / calls as f64
}
