//! openapi-generator (its `rust` client, on `reqwest`), the baseline `bench-codegen` measures the
//! GitHub SDK against: the same spec generated and checked by both in one run.
//!
//! Its jar comes from PyPI's `openapi-generator-cli` wheel, which carries it, into `target/`; it
//! runs on the machine's `java`. `OPENAPI_GENERATOR_JAR` names another jar.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::corpus::{self, Outcome};
use crate::workspace::median;

/// The version whose crates the corpus README describes.
const VERSION: &str = "7.26.0";

/// Generation runs this many times (a JVM start each); the median is reported.
const GENERATION_RUNS: usize = 3;

/// openapi-generator's crate for one spec, measured.
pub(crate) struct Baseline {
    /// Median generation time, in seconds.
    pub(crate) generation: f64,
    pub(crate) lines: usize,
    /// `cargo check` of the crate with its default features, over built dependencies.
    pub(crate) check: f64,
    pub(crate) peak_mib: Option<f64>,
}

/// Generates `spec` with openapi-generator into `out` and checks the crate it writes.
pub(crate) fn measure(root: &Path, spec: &Path, out: &Path, target: &Path) -> Result<Baseline, String> {
    let jar = jar(root)?;
    let mut times = Vec::new();
    for _ in 0..GENERATION_RUNS {
        let _ = std::fs::remove_dir_all(out);
        let started = Instant::now();
        generate(&jar, spec, out)?;
        times.push(started.elapsed().as_secs_f64());
    }
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).map_err(|error| error.to_string())?;
    // The first check builds the dependencies; the measured one compiles the generated crate alone.
    checked(out, target)?;
    let (check, peak_mib) = checked(out, target)?;
    Ok(Baseline { generation: median(times), lines: corpus::rust_lines(&out.join("src")), check, peak_mib })
}

fn generate(jar: &Path, spec: &Path, out: &Path) -> Result<(), String> {
    let output = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["generate", "-g", "rust", "--skip-validate-spec", "-i"])
        .arg(spec)
        .arg("-o")
        .arg(out)
        .stdout(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run java (openapi-generator needs it): {error}"))?;
    match output.status.success() {
        true => Ok(()),
        false => Err(format!("openapi-generator failed on {}: {}", spec.display(), last_line(&output.stderr))),
    }
}

/// Its crates warn (names that are not snake case), so only errors fail the check.
fn checked(crate_dir: &Path, target: &Path) -> Result<(f64, Option<f64>), String> {
    match corpus::check_again(crate_dir, target, &[])? {
        Outcome::Checked { seconds, peak_mib, errors: 0, .. } => Ok((seconds, peak_mib)),
        _ => Err(format!("openapi-generator's crate does not compile in {}", crate_dir.display())),
    }
}

/// The jar: `OPENAPI_GENERATOR_JAR`, or the one taken from the PyPI wheel into `target/` once.
fn jar(root: &Path) -> Result<PathBuf, String> {
    if let Some(jar) = std::env::var_os("OPENAPI_GENERATOR_JAR") {
        return Ok(jar.into());
    }
    let dir = root.join("target/openapi-generator");
    let jar = dir.join(format!("openapi-generator-{VERSION}.jar"));
    if jar.exists() {
        return Ok(jar);
    }
    let wheel = dir.join(format!("openapi_generator_cli-{VERSION}-py3-none-any.whl"));
    if !wheel.exists() {
        python(
            &["-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:", "-d"],
            &dir,
            &[&format!("openapi-generator-cli=={VERSION}")],
        )?;
    }
    let extract = "import sys, zipfile; open(sys.argv[2], 'wb').write(\
                   zipfile.ZipFile(sys.argv[1]).read('openapi_generator_cli/openapi-generator.jar'))";
    python(&["-c", extract], &wheel, &[&jar.display().to_string()])?;
    Ok(jar)
}

fn python(args: &[&str], path: &Path, more: &[&str]) -> Result<(), String> {
    let output = Command::new("python3")
        .args(args)
        .arg(path)
        .args(more)
        .output()
        .map_err(|error| format!("cannot run python3 (it fetches openapi-generator's jar): {error}"))?;
    match output.status.success() {
        true => Ok(()),
        false => Err(format!("python3 {}: {}", args.join(" "), last_line(&output.stderr))),
    }
}

fn last_line(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr).lines().last().unwrap_or("no message").to_owned()
}
