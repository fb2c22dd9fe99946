//! `cargo xtask bench-codegen` on real specs: Stripe's (468 operations) and GitHub's (1,223), from
//! the corpus. For each: the release generator's time, the lines it emits, and `cargo check` of the
//! crate with every resource (the default) and with one, with its peak memory. Stripe's numbers are
//! the baseline GitHub's are compared with, measured in the same run.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::corpus::{self, Generated, Outcome};
use crate::corpus_specs;

/// A corpus spec, and the resource whose feature alone is checked.
const SPECS: [(&str, &str); 2] = [("stripe-2023-09", "customers"), ("github-rest", "repos")];

/// Generation runs this many times; the median is reported.
const GENERATION_RUNS: usize = 5;

struct Measured {
    name: &'static str,
    operations: usize,
    generation: Duration,
    lines: usize,
    all: (f64, Option<f64>),
    one: (f64, Option<f64>),
}

pub(crate) fn real_specs(root: &Path) -> Result<ExitCode, String> {
    if !crate::run_cargo(root, &["build", "--release", "--quiet", "-p", "xtask"])? {
        return Ok(ExitCode::FAILURE);
    }
    let only = SPECS.iter().map(|(name, _)| (*name).to_owned()).collect();
    let specs = corpus_specs::corpus_specs(root, &corpus_specs::Options { only, ..corpus_specs::Options::default() })?;
    let mut rows = Vec::new();
    for (name, resource) in SPECS {
        let Some((_, spec)) = specs.iter().find(|(spec_name, _)| spec_name == name) else {
            return Err(format!("the corpus has no `{name}` spec"));
        };
        rows.push(measure(root, name, spec, resource)?);
    }
    print_table(&rows);
    Ok(ExitCode::SUCCESS)
}

fn measure(root: &Path, name: &'static str, spec: &Path, resource: &str) -> Result<Measured, String> {
    let crate_dir = std::env::temp_dir().join("sdkgen-bench-codegen").join(name);
    let crate_name = name.replace('-', "_");
    let mut times = Vec::new();
    for _ in 0..GENERATION_RUNS {
        let _ = std::fs::remove_dir_all(&crate_dir);
        let started = Instant::now();
        if let Generated::Failed(message) = corpus::generate(root, spec, &crate_name, &crate_dir, None)? {
            return Err(format!("{name} does not generate: {message}"));
        }
        times.push(started.elapsed());
    }
    times.sort();
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).map_err(|error| error.to_string())?;
    let target = root.join("target/bench-codegen");
    // The first check builds the dependencies; the measured ones compile the generated crate alone.
    checked(&crate_dir, &target, &[])?;
    let all = checked(&crate_dir, &target, &[])?;
    let one = checked(&crate_dir, &target, &["--no-default-features", "--features", resource])?;
    Ok(Measured {
        name,
        operations: corpus::spec_counts(spec).operations,
        generation: times[times.len() / 2],
        lines: corpus::rust_lines(&crate_dir.join("src")),
        all,
        one,
    })
}

/// The time and peak memory (MiB) of a `cargo check` that must succeed with no warning; the crate
/// is touched first so that cargo checks it again.
fn checked(crate_dir: &Path, target: &Path, args: &[&str]) -> Result<(f64, Option<f64>), String> {
    let lib: PathBuf = crate_dir.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).map_err(|error| error.to_string())?;
    std::fs::write(&lib, text).map_err(|error| error.to_string())?;
    match corpus::check(crate_dir, target, args)? {
        Outcome::Checked { seconds, peak_mib, errors: 0, warnings: 0 } => Ok((seconds, peak_mib)),
        _ => Err(format!("`cargo check {}` failed or warned in {}", args.join(" "), crate_dir.display())),
    }
}

fn print_table(rows: &[Measured]) {
    let peak = |mib: Option<f64>| mib.map_or_else(|| "?".to_owned(), |mib| format!("{:.2} GB", mib / 1024.0));
    println!("\n| spec | operations | generation (release) | lines | lines/op | check, all resources | check, one resource |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for row in rows {
        println!(
            "| {} | {} | {:.2} s | {} | {:.0} | {:.1} s, {} | {:.1} s, {} |",
            row.name,
            row.operations,
            row.generation.as_secs_f64(),
            row.lines,
            row.lines as f64 / row.operations.max(1) as f64,
            row.all.0,
            peak(row.all.1),
            row.one.0,
            peak(row.one.1),
        );
    }
    if let [baseline, big] = rows {
        let ratio = |big: f64, baseline: f64| big / baseline;
        println!(
            "\n{} vs {}: {:.2}x the operations; generation {:.2}x, lines {:.2}x, check (all) {:.2}x",
            big.name,
            baseline.name,
            ratio(big.operations as f64, baseline.operations as f64),
            ratio(big.generation.as_secs_f64(), baseline.generation.as_secs_f64()),
            ratio(big.lines as f64, baseline.lines as f64),
            ratio(big.all.0, baseline.all.0),
        );
    }
}
