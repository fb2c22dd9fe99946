//! `cargo xtask bench-build`: what a user pays to build an application on one generated SDK and one
//! on three, with the runtime as the `sdkgen-runtime` crate and with a copy of it inside each SDK
//! (`--inline-runtime`), all measured in the same run. Two times per application:
//!
//! - from clean: an empty target folder, so the build pays for the dependencies (reqwest, tokio,
//!   rustls…) too, as a user's first build does. They are the same both ways and most of the time,
//!   so this time moves with the machine by more than the runtime's part.
//! - ours: the SDK crates, the runtime and the application built again over the dependencies
//!   already built (`cargo clean -p` of each), the median of three: the part the two ways differ in.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use sdkgen::ir::RuntimeSource;
use sdkgen::output::{self, Provider, StandaloneOptions};

use crate::workspace::{describe_error, median, workspace_root};

/// The providers the applications use: the first alone, then all three.
const PROVIDERS: [&str; 3] = ["deeptable", "llamacloud", "spitch"];

/// Our crates rebuild this many times over built dependencies; the median is reported.
const REBUILDS: usize = 3;

/// One application's build: which SDKs, which runtime, how long from clean and for our crates alone,
/// how much memory at the peak.
struct Build {
    sdks: usize,
    runtime: RuntimeSource,
    clean_seconds: f64,
    ours_seconds: f64,
    peak_mib: Option<f64>,
}

pub(crate) fn bench_build() -> Result<ExitCode, String> {
    let root = workspace_root();
    let dir = std::env::temp_dir().join("sdkgen-bench-build");
    let mut builds = Vec::new();
    for sdks in [1, 3] {
        for runtime in [RuntimeSource::Inline, RuntimeSource::Crate] {
            let (app, ours) = write_application(&root, &dir, &PROVIDERS[..sdks], runtime)?;
            let target = app.join("target");
            let _ = std::fs::remove_dir_all(&target);
            let (clean_seconds, peak_mib) = timed_build(&app)?;
            let mut rebuilds = Vec::new();
            for _ in 0..REBUILDS {
                let mut clean = Command::new(env!("CARGO"));
                clean.args(["clean", "--quiet"]).args(ours.iter().flat_map(|package| ["-p", package.as_str()]));
                clean.current_dir(&app).env("CARGO_TARGET_DIR", &target).status().map_err(|error| error.to_string())?;
                rebuilds.push(timed_build(&app)?.0);
            }
            let _ = std::fs::remove_dir_all(&target);
            let ours_seconds = median(rebuilds);
            println!(
                "{sdks} SDK(s), runtime {runtime:?}: {clean_seconds:.1} s from clean (peak {}), {ours_seconds:.1} s for ours",
                mib(peak_mib)
            );
            builds.push(Build { sdks, runtime, clean_seconds, ours_seconds, peak_mib });
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    print_table(&builds);
    Ok(ExitCode::SUCCESS)
}

/// The SDK crates of `providers`, generated with `runtime`, and an application that calls each:
/// its folder, and the packages that are ours (the SDKs, the runtime crate, the application).
fn write_application(
    root: &Path,
    dir: &Path,
    providers: &[&str],
    runtime: RuntimeSource,
) -> Result<(PathBuf, Vec<String>), String> {
    let flavour = dir.join(format!("{}-{runtime:?}", providers.len()).to_lowercase());
    let _ = std::fs::remove_dir_all(&flavour);
    let mut dependencies = String::new();
    let mut uses = String::new();
    let mut ours = vec!["app".to_owned()];
    if runtime == RuntimeSource::Crate {
        ours.push("sdkgen-runtime".to_owned());
    }
    for name in providers {
        let specs = root.join("specs").join(name);
        let provider = Provider {
            spec: specs.join("openapi.yaml"),
            config: Some(specs.join("sdk.yaml")),
            name: (*name).to_owned(),
            overlays: Vec::new(),
        };
        let crate_dir = flavour.join(name);
        let options = StandaloneOptions { runtime: Some(runtime), ..Default::default() };
        let generated = output::standalone_output_in(&provider, &crate_dir, &options).map_err(describe_error)?;
        generated.write_to(&crate_dir).map_err(describe_error)?;
        let package = package_name(&crate_dir)?;
        dependencies.push_str(&format!("{name} = {{ package = \"{package}\", path = \"../{name}\" }}\n"));
        ours.push(package);
        uses.push_str(&format!("    let _ = {name}::Client::builder();\n"));
    }
    let app = flavour.join("app");
    let manifest = format!(
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{dependencies}"
    );
    let files = [("Cargo.toml", manifest), ("src/main.rs", format!("fn main() {{\n{uses}}}\n"))];
    for (path, contents) in files {
        let path = app.join(path);
        std::fs::create_dir_all(path.parent().unwrap_or(&app)).map_err(|error| error.to_string())?;
        std::fs::write(&path, contents).map_err(|error| error.to_string())?;
    }
    std::fs::copy(root.join("Cargo.lock"), app.join("Cargo.lock")).map_err(|error| error.to_string())?;
    Ok((app, ours))
}

/// The package name a generated crate's manifest gives.
fn package_name(crate_dir: &Path) -> Result<String, String> {
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).map_err(|error| error.to_string())?;
    let line = manifest.lines().find_map(|line| line.strip_prefix("name = \""));
    line.and_then(|rest| rest.strip_suffix('"')).map(str::to_owned).ok_or_else(|| "a manifest with no name".to_owned())
}

/// `cargo build` of the application into its target folder: seconds, and peak memory by
/// `/usr/bin/time` where there is one.
fn timed_build(app: &Path) -> Result<(f64, Option<f64>), String> {
    let target = app.join("target");
    let time = Path::new("/usr/bin/time");
    let mut command = match time.exists() {
        true => {
            let mut command = Command::new(time);
            command.args(["-f", "peak-kib %M"]).arg(env!("CARGO"));
            command
        }
        false => Command::new(env!("CARGO")),
    };
    command.args(["build", "--quiet"]).current_dir(app).env("CARGO_TARGET_DIR", &target).env("CARGO_INCREMENTAL", "0");
    let started = Instant::now();
    let output = command.output().map_err(|error| error.to_string())?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("cargo build failed in {}:\n{stderr}", app.display()));
    }
    let peak = stderr.lines().find_map(|line| line.strip_prefix("peak-kib ")).and_then(|kib| kib.trim().parse().ok());
    Ok((seconds, peak.map(|kib: f64| kib / 1024.0)))
}

fn mib(peak: Option<f64>) -> String {
    peak.map_or_else(|| "unknown".to_owned(), |mib| format!("{mib:.0} MiB"))
}

fn print_table(builds: &[Build]) {
    println!("\n| SDKs | from clean, inline | from clean, crate | ratio | ours, inline | ours, crate | ratio | peak inline | peak crate |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for sdks in [1, 3] {
        let of = |runtime| builds.iter().find(|build| build.sdks == sdks && build.runtime == runtime);
        if let (Some(inline), Some(shared)) = (of(RuntimeSource::Inline), of(RuntimeSource::Crate)) {
            println!(
                "| {sdks} | {:.1} s | {:.1} s | {:.2}× | {:.1} s | {:.1} s | {:.2}× | {} | {} |",
                inline.clean_seconds,
                shared.clean_seconds,
                shared.clean_seconds / inline.clean_seconds,
                inline.ours_seconds,
                shared.ours_seconds,
                shared.ours_seconds / inline.ours_seconds,
                mib(inline.peak_mib),
                mib(shared.peak_mib)
            );
        }
    }
}
