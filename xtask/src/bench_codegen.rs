//! `cargo xtask bench-codegen` on real specs: Stripe's (468 operations) and GitHub's (1,223), from
//! the corpus. For each: the release generator's time, the lines it emits, and `cargo check` of the
//! crate with every resource (the default), with every feature and with one resource, with its peak
//! memory. Stripe's numbers are the baseline GitHub's are compared with, measured in the same run;
//! so is openapi-generator's crate for GitHub, the baseline the generator is held to.

use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use sdkgen::output;

use crate::corpus::{self, Generated, Outcome};
use crate::corpus_specs;
use crate::openapi_generator::{self, Baseline};
use crate::workspace::{describe_error, run_cargo, workspace_root};

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
    every_feature: (f64, Option<f64>),
    one: (f64, Option<f64>),
}

/// Generation time of a 5 MB spec (release, criterion), then `cargo check` time of generated crates
/// of two sizes, to see how check time grows with the number of operations; then the corpus specs.
/// `--real` measures only the corpus specs.
pub(crate) fn bench_codegen(args: &[String]) -> Result<ExitCode, String> {
    let root = workspace_root();
    match args {
        [] => synthetic(&root),
        [flag] if flag == "--real" => real_specs(&root),
        _ => Err(crate::usage::USAGE.to_owned()),
    }
}

fn synthetic(root: &Path) -> Result<ExitCode, String> {
    use std::process::Command;

    if !run_cargo(root, &["bench", "-p", "sdkgen", "--bench", "generate"])? {
        return Ok(ExitCode::FAILURE);
    }
    let generation_ms = criterion_mean_ns(root, "generate", "widgets_5mb")? / 1e6;

    // Crates outside the workspace (cargo would take them for members), builds cached inside it.
    let dir = std::env::temp_dir().join("sdkgen-bench-codegen");
    let target = root.join("target/bench-codegen");
    let check = |resources: usize| -> Result<f64, String> {
        let crate_dir = dir.join(format!("widgets{resources}"));
        let _ = std::fs::remove_dir_all(&crate_dir);
        std::fs::create_dir_all(&crate_dir).map_err(|error| error.to_string())?;
        let spec = crate_dir.join("widgets.json");
        std::fs::write(&spec, sdkgen::synthetic::spec(resources)).map_err(|error| error.to_string())?;
        let name = format!("widgets{resources}");
        let provider = output::Provider { spec, config: None, name, overlays: Vec::new() };
        let options = output::StandaloneOptions::default();
        let output = output::standalone_output_in(&provider, &crate_dir, &options).map_err(describe_error)?;
        output.write_to(&crate_dir).map_err(describe_error)?;
        std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).map_err(|error| error.to_string())?;
        let started = std::time::Instant::now();
        let status = Command::new(env!("CARGO"))
            .args(["check", "--quiet"])
            .current_dir(&crate_dir)
            .env("CARGO_TARGET_DIR", &target)
            // The crate's path is the same each run: incremental caches would time a no-op.
            .env("CARGO_INCREMENTAL", "0")
            .status()
            .map_err(|error| error.to_string())?;
        if !status.success() {
            return Err(format!("cargo check failed in {}", crate_dir.display()));
        }
        Ok(started.elapsed().as_secs_f64())
    };
    // The first check builds the dependencies; the timed ones compile only the generated crate.
    check(1)?;
    let operations = sdkgen::synthetic::OPERATIONS_PER_RESOURCE;
    let (small, large) = (check(40)?, check(80)?);
    println!("generation (release, 4.8 MB spec, {} operations): {generation_ms:.0} ms", 80 * operations);
    println!(
        "cargo check of the generated crate: {} operations {small:.1} s, {} operations {large:.1} s; time ratio {:.2} for twice the operations",
        40 * operations,
        80 * operations,
        large / small
    );
    real_specs(root)
}

/// The mean time, in nanoseconds, criterion measured for `group/bench` in its last run.
fn criterion_mean_ns(root: &Path, group: &str, bench: &str) -> Result<f64, String> {
    let path = root.join(format!("target/criterion/{group}/{bench}/new/estimates.json"));
    let text = std::fs::read_to_string(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let estimates: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    estimates["mean"]["point_estimate"].as_f64().ok_or_else(|| format!("{} has no mean", path.display()))
}

fn real_specs(root: &Path) -> Result<ExitCode, String> {
    if !run_cargo(root, &["build", "--release", "--quiet", "-p", "xtask"])? {
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
    let (github, spec) = specs.iter().find(|(name, _)| name == "github-rest").ok_or("the corpus has no GitHub spec")?;
    let out = std::env::temp_dir().join("sdkgen-bench-codegen/openapi-generator").join(github);
    let baseline = openapi_generator::measure(root, spec, &out, &root.join("target/bench-codegen/openapi-generator"))?;
    if let Some(ours) = rows.iter().find(|row| row.name == github) {
        print_beside_openapi_generator(ours, &baseline);
    }
    Ok(ExitCode::SUCCESS)
}

fn measure(root: &Path, name: &'static str, spec: &Path, resource: &str) -> Result<Measured, String> {
    let crate_dir = std::env::temp_dir().join("sdkgen-bench-codegen").join(name);
    let crate_name = name.replace('-', "_");
    let mut times = Vec::new();
    for _ in 0..GENERATION_RUNS {
        let _ = std::fs::remove_dir_all(&crate_dir);
        times.push(generation_time(root, spec, &crate_name, &crate_dir)?);
    }
    times.sort();
    // Once more as the corpus generates, with every emitted file parsed, to know the crate is sound.
    let _ = std::fs::remove_dir_all(&crate_dir);
    if let Generated::Failed(message) = corpus::generate(root, spec, &crate_name, &crate_dir, None, Default::default())?
    {
        return Err(format!("{name} does not generate: {message}"));
    }
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).map_err(|error| error.to_string())?;
    let target = root.join("target/bench-codegen");
    // The first check builds the dependencies; the measured ones compile the generated crate alone.
    checked(&crate_dir, &target, &[])?;
    let all = checked(&crate_dir, &target, &[])?;
    let every_feature = checked(&crate_dir, &target, &["--all-features"])?;
    let one = checked(&crate_dir, &target, &["--no-default-features", "--features", resource])?;
    Ok(Measured {
        name,
        operations: corpus::spec_counts(spec).operations,
        generation: times[times.len() / 2],
        lines: corpus::crate_lines(&crate_dir),
        all,
        every_feature,
        one,
    })
}

/// The time of `cargo xtask generate` as a user runs it: the release binary, without
/// `--check-syntax`, which only the tests and the corpus ask for.
fn generation_time(root: &Path, spec: &Path, crate_name: &str, out: &Path) -> Result<Duration, String> {
    let started = Instant::now();
    let status = Command::new(root.join("target/release/xtask"))
        .args(["generate", "--spec"])
        .arg(spec)
        .args(["--name", crate_name, "--out"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|error| format!("cannot run the release generator: {error}"))?;
    let elapsed = started.elapsed();
    status.success().then_some(elapsed).ok_or_else(|| format!("{} does not generate", spec.display()))
}

/// The time and peak memory (MiB) of a `cargo check` that must succeed with no warning; the crate
/// is touched first so that cargo checks it again.
fn checked(crate_dir: &Path, target: &Path, args: &[&str]) -> Result<(f64, Option<f64>), String> {
    match corpus::check_again(crate_dir, target, args)? {
        Outcome::Checked { seconds, peak_mib, errors: 0, warnings: 0 } => Ok((seconds, peak_mib)),
        _ => Err(format!("`cargo check {}` failed or warned in {}", args.join(" "), crate_dir.display())),
    }
}

/// A peak memory in MiB, as gigabytes; `?` where `/usr/bin/time` was missing.
fn peak(mib: Option<f64>) -> String {
    mib.map_or_else(|| "?".to_owned(), |mib| format!("{:.2} GB", mib / 1024.0))
}

fn print_table(rows: &[Measured]) {
    println!(
        "\n| spec | operations | generation (release) | lines | lines/op | check, all resources | check, every feature | check, one resource |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for row in rows {
        println!(
            "| {} | {} | {:.2} s | {} | {:.0} | {:.1} s, {} | {:.1} s, {} | {:.1} s, {} |",
            row.name,
            row.operations,
            row.generation.as_secs_f64(),
            row.lines,
            row.lines as f64 / row.operations.max(1) as f64,
            row.all.0,
            peak(row.all.1),
            row.every_feature.0,
            peak(row.every_feature.1),
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

/// The generator's goal: GitHub's crate, with every feature on, checks in at most 0.15x the time of
/// openapi-generator's crate in at most 2 GB, and generates in at most 0.03x its time.
fn print_beside_openapi_generator(ours: &Measured, theirs: &Baseline) {
    println!("\n{} beside openapi-generator (rust, reqwest), same run:", ours.name);
    println!("| | sdkgen | openapi-generator | ratio |");
    println!("| --- | ---: | ---: | ---: |");
    let generation = ours.generation.as_secs_f64();
    println!(
        "| generation | {generation:.2} s | {:.2} s | {:.3}x |",
        theirs.generation,
        generation / theirs.generation
    );
    println!("| lines | {} | {} | {:.2}x |", ours.lines, theirs.lines, ours.lines as f64 / theirs.lines as f64);
    let (check, check_peak) = ours.every_feature;
    println!(
        "| check (ours: every feature; theirs: default) | {check:.1} s, {} | {:.1} s, {} | {:.3}x |",
        peak(check_peak),
        theirs.check,
        peak(theirs.peak_mib),
        check / theirs.check
    );
}
