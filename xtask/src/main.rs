//! Project automation, run as `cargo xtask <command>`:
//!
//! - `codegen [--check] [--api-diff]`: regenerates the `generated/` SDK crate from `specs/`; with
//!   `--check`, changes nothing and fails if the committed files are stale; with `--api-diff`, also
//!   prints the API changes of every provider whose spec or config differs from `HEAD`'s.
//! - `generate --spec FILE [--config FILE] [--overlay FILE…] --name NAME --out DIR [--check-syntax]`:
//!   makes a standalone SDK crate, with OpenAPI overlays applied to the spec in order;
//!   `--check-syntax` parses every emitted file with `syn` first.
//! - `corpus [--only NAMES] [--no-check] [--sweep DIR] [--mock]`: the generator on real specs, and
//!   their operations against Prism (see `corpus`).
//! - `api-diff OLD_SPEC NEW_SPEC [--config FILE] [--name NAME]`: what a spec change does to the
//!   SDK's API, each change marked breaking or compatible.
//! - `release [--dry-run]`: the next version of the workspace's crate from its API changes since
//!   the last release's tag, with its `CHANGELOG.md` entry (see `release`).
//! - `mock-test [PROVIDER…] | --spec FILE [--config FILE] [--name NAME]`: a generated SDK's
//!   operation tests against Prism, a mock that validates requests (see `mock_test`).
//! - `real-test [SERVER…]`: generated SDKs driven through scenarios against real open-source
//!   servers run locally (see `real_test`).
//! - `bench`: the SDK's time and allocations per call, beside plain `reqwest`'s.
//! - `bench-transfer [SIZE_MIB] [--runs N]`: uploads and downloads through the SDK beside `curl`,
//!   interleaved, as medians and ratios (see `bench_transfer`).
//! - `bench-codegen`: generation and `cargo check` times on synthetic and corpus specs.

mod bench_codegen;
mod bench_transfer;
mod corpus;
mod corpus_specs;
mod mock_test;
mod ports;
mod real_test;
mod release;
mod revisions;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sdkgen::output::{self, Change, Output};
use sdkgen::Diagnostic;

use revisions::ProviderChange;

pub(crate) const USAGE: &str = "usage:
  cargo xtask codegen [--check] [--api-diff]
  cargo xtask generate --spec FILE [--config FILE] [--overlay FILE ...] --name NAME --out DIR [--check-syntax]
  cargo xtask corpus [--only NAME,...] [--no-check] [--corpus DIR]
  cargo xtask corpus --mock [--only NAME,...]
  cargo xtask corpus --sweep DIR
  cargo xtask api-diff OLD_SPEC NEW_SPEC [--config FILE] [--name NAME]
  cargo xtask release [--dry-run]
  cargo xtask mock-test [PROVIDER ...]
  cargo xtask mock-test --spec FILE [--config FILE] [--name NAME]
  cargo xtask mock-test --corpus NAME,...
  cargo xtask real-test [SERVER ...]
  cargo xtask bench
  cargo xtask bench-transfer [SIZE_MIB] [--runs N]
  cargo xtask bench-codegen";

/// Generation allocates millions of small strings and token trees; the system allocator spent a
/// third of its time in them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The generator recurses over specs, which real ones nest deeply: commands get a large stack.
const STACK_SIZE: usize = 256 << 20;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = std::thread::Builder::new().stack_size(STACK_SIZE).spawn(move || run(&args));
    match command.map(std::thread::JoinHandle::join) {
        Ok(Ok(code)) => code,
        // A panic exits as it would on the main thread, so that callers can tell it from an error.
        _ => ExitCode::from(101),
    }
}

fn run(args: &[String]) -> ExitCode {
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("generate") => generate(&args[1..]),
        Some("api-diff") => api_diff(&args[1..]),
        Some("release") => release::release(&args[1..]),
        Some("corpus") => corpus::corpus(&args[1..]),
        Some("mock-test") => mock_test::mock_test(&args[1..]),
        Some("real-test") => real_test::real_test(&args[1..]),
        Some("bench") if args.len() == 1 => bench(),
        Some("bench-transfer") => bench_transfer::bench_transfer(&args[1..]),
        Some("bench-codegen") if args.len() == 1 => bench_codegen(),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace root").to_owned()
}

pub(crate) fn codegen(args: &[String]) -> Result<ExitCode, String> {
    let mut check = false;
    let mut report_api_changes = false;
    for arg in args {
        match arg.as_str() {
            "--check" => check = true,
            "--api-diff" => report_api_changes = true,
            _ => return Err(USAGE.to_owned()),
        }
    }
    let root = workspace_root();
    if report_api_changes {
        print_api_changes_since_head(&root)?;
    }
    let output = output::workspace_output(&root).map_err(describe_error)?;
    print_warnings(&output);
    let changes = output::changes(&root, &output).map_err(describe_error)?;
    if check {
        if changes.is_empty() {
            println!("generated code is up to date ({} files)", output.files.len());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("generated code is stale; run `cargo xtask codegen` and commit the result:");
        for change in &changes {
            eprintln!("  {}", describe(change));
        }
        return Ok(ExitCode::FAILURE);
    }
    output::apply(&root, &output, &changes).map_err(describe_error)?;
    if changes.is_empty() {
        println!("no changes: {} generated files are up to date", output.files.len());
    }
    for change in &changes {
        println!("{}", describe(change));
    }
    Ok(ExitCode::SUCCESS)
}

fn api_diff(args: &[String]) -> Result<ExitCode, String> {
    let (mut specs, mut config, mut name) = (Vec::new(), None, "api".to_owned());
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--config" => config = Some(args.next().ok_or(USAGE)?.clone()),
            "--name" => name = args.next().ok_or(USAGE)?.clone(),
            _ => specs.push(PathBuf::from(arg)),
        }
    }
    let [old, new] = specs.as_slice() else { return Err(USAGE.to_owned()) };
    let config = config.map(PathBuf::from);
    let (report, _) =
        output::api_diff(old, new, config.as_deref(), config.as_deref(), &name).map_err(describe_error)?;
    print!("{report}");
    Ok(ExitCode::SUCCESS)
}

/// Prints, for each provider, the API changes between its spec and config as committed (`HEAD`)
/// and as they are in the working tree.
fn print_api_changes_since_head(root: &Path) -> Result<(), String> {
    for (folder, change) in revisions::provider_changes_since(root, "HEAD")? {
        match change {
            ProviderChange::Added => println!("## {folder}: new provider\n"),
            ProviderChange::Removed => println!("## {folder}: provider removed\n"),
            ProviderChange::Changed { report, changes } if !changes.is_empty() => println!("{report}"),
            ProviderChange::Changed { .. } => {}
        }
    }
    Ok(())
}

fn generate(args: &[String]) -> Result<ExitCode, String> {
    let (mut spec, mut config, mut name, mut out) = (None, None, None, None);
    let (mut check_syntax, mut overlays) = (false, Vec::new());
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let slot = match flag.as_str() {
            "--check-syntax" => {
                check_syntax = true;
                continue;
            }
            "--overlay" => {
                overlays.push(PathBuf::from(args.next().ok_or_else(|| format!("`{flag}` needs a value\n{USAGE}"))?));
                continue;
            }
            "--spec" => &mut spec,
            "--config" => &mut config,
            "--name" => &mut name,
            "--out" => &mut out,
            _ => return Err(format!("unknown argument `{flag}`\n{USAGE}")),
        };
        *slot = Some(args.next().ok_or_else(|| format!("`{flag}` needs a value\n{USAGE}"))?.clone());
    }
    let (Some(spec), Some(name), Some(out)) = (spec, name, out) else { return Err(USAGE.to_owned()) };
    let provider =
        output::Provider { spec: spec.into(), config: config.map(PathBuf::from), name: name.clone(), overlays };
    let out = PathBuf::from(out);
    let output = output::standalone_output_in(&provider, &out).map_err(describe_error)?;
    print_warnings(&output);
    if check_syntax {
        output.check_rust_syntax().map_err(describe_error)?;
    }
    output.write_to(&out).map_err(describe_error)?;
    println!("wrote the `{name}` SDK crate ({} files) to {}", output.files.len(), out.display());
    Ok(ExitCode::SUCCESS)
}

/// Runs the request-overhead benchmark, which prints the SDK's time and allocations per call beside
/// plain `reqwest`'s, measured in the same run.
fn bench() -> Result<ExitCode, String> {
    let ok = run_cargo(&workspace_root(), &["bench", "-p", "sdk-tests", "--bench", "request_overhead"])?;
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Generation time of a 5 MB spec (release, criterion), then `cargo check` time of generated crates
/// of two sizes, to see how check time grows with the number of operations.
fn bench_codegen() -> Result<ExitCode, String> {
    use std::process::Command;

    let root = workspace_root();
    if !run_cargo(&root, &["bench", "-p", "sdkgen", "--bench", "generate"])? {
        return Ok(ExitCode::FAILURE);
    }
    let generation_ms = criterion_mean_ns(&root, "generate", "widgets_5mb")? / 1e6;

    // Crates outside the workspace (cargo would take them for members), builds cached inside it.
    let dir = std::env::temp_dir().join("sdkgen-bench-codegen");
    let target = root.join("target/bench-codegen");
    let check = |resources: usize| -> Result<f64, String> {
        let crate_dir = dir.join(format!("widgets{resources}"));
        let _ = std::fs::remove_dir_all(&crate_dir);
        std::fs::create_dir_all(&crate_dir).map_err(|error| error.to_string())?;
        let spec = crate_dir.join("widgets.json");
        std::fs::write(&spec, sdkgen::synthetic::spec(resources)).map_err(|error| error.to_string())?;
        let output = output::standalone_output(&spec, None, &format!("widgets{resources}")).map_err(describe_error)?;
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
    bench_codegen::real_specs(&root)
}

/// Runs `cargo` with `args` in the workspace; whether it succeeded.
pub(crate) fn run_cargo(root: &Path, args: &[&str]) -> Result<bool, String> {
    let status = std::process::Command::new(env!("CARGO"))
        .args(args)
        .current_dir(root)
        .status()
        .map_err(|error| format!("cannot run cargo {}: {error}", args.join(" ")))?;
    Ok(status.success())
}

/// The mean time, in nanoseconds, criterion measured for `group/bench` in its last run.
fn criterion_mean_ns(root: &Path, group: &str, bench: &str) -> Result<f64, String> {
    let path = root.join(format!("target/criterion/{group}/{bench}/new/estimates.json"));
    let text = std::fs::read_to_string(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let estimates: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    estimates["mean"]["point_estimate"].as_f64().ok_or_else(|| format!("{} has no mean", path.display()))
}

fn print_warnings(output: &Output) {
    let root = workspace_root();
    for warning in &output.warnings {
        eprintln!("{}", relative_to(&root, warning.clone()));
    }
}

/// Diagnostics name files relative to the workspace, as people type them.
fn relative_to(root: &Path, mut diagnostic: Diagnostic) -> Diagnostic {
    if let Ok(relative) = diagnostic.file.strip_prefix(root) {
        diagnostic.file = relative.to_owned();
    }
    diagnostic
}

pub(crate) fn describe_error(error: sdkgen::Error) -> String {
    let root = workspace_root();
    let diagnostics = error.diagnostics.into_iter().map(|diagnostic| relative_to(&root, diagnostic)).collect();
    sdkgen::Error { diagnostics }.to_string()
}

fn describe(change: &Change) -> String {
    match change {
        Change::Added(path) => format!("added    {path}"),
        Change::Modified(path) => format!("updated  {path}"),
        Change::Removed(path) => format!("removed  {path}"),
    }
}
