//! Prism, the mock that validates requests against a spec: installed from npm once, started on a
//! free port per run.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Prism release the tests are proven against.
const PRISM: &str = "@stoplight/prism-cli@5.16.0";

/// Prism's executable under `target/prism`, installed from the npm registry on first use.
pub(crate) fn install_prism(root: &Path) -> Result<PathBuf, String> {
    let prefix = root.join("target/prism");
    let binary = prefix.join("node_modules/.bin/prism");
    let marker = prefix.join(format!("installed-{}", PRISM.replace(['/', '@'], "_")));
    if binary.exists() && marker.exists() {
        return Ok(binary);
    }
    eprintln!("installing {PRISM} into {} (npm)…", prefix.display());
    std::fs::create_dir_all(&prefix).map_err(|error| error.to_string())?;
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix"])
        .arg(&prefix)
        .arg(PRISM)
        .status()
        .map_err(|error| format!("cannot run npm: {error}"))?;
    if !status.success() || !binary.exists() {
        return Err(format!("npm could not install {PRISM}"));
    }
    std::fs::write(&marker, "").map_err(|error| error.to_string())?;
    Ok(binary)
}

/// A running Prism, stopped when dropped.
pub(crate) struct Prism {
    child: Child,
    /// What Prism printed: its account of each request.
    pub(crate) log: PathBuf,
    /// Where it listens.
    pub(crate) url: String,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts Prism on `spec` on a free loopback port, serving the spec's examples or, `dynamic`, random
/// schema-valid responses, and waits until it listens.
pub(crate) fn start_prism(root: &Path, binary: &Path, spec: &Path, dynamic: bool) -> Result<Prism, String> {
    let port = crate::ports::free_port(u32::from(dynamic))?;
    let log = root.join(format!("target/prism/mock-{port}.log"));
    let file = std::fs::File::create(&log).map_err(|error| error.to_string())?;
    let mut command = Command::new(binary);
    command.args(["mock", "--errors", "-h", "127.0.0.1", "-p", &port.to_string()]);
    if dynamic {
        command.arg("--dynamic");
    }
    let child = command
        .arg(spec)
        .stdout(file.try_clone().map_err(|error| error.to_string())?)
        .stderr(file)
        .stdin(Stdio::null())
        .spawn()
        .map_err(|error| format!("cannot start Prism: {error}"))?;
    let prism = Prism { child, log, url: format!("http://127.0.0.1:{port}") };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(120) {
            let log = std::fs::read_to_string(&prism.log).unwrap_or_default();
            return Err(format!("Prism did not start on {}:\n{log}", spec.display()));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(prism)
}

/// How the calls of a tool crate beside an SDK (its commands, its MCP tools) went against Prism.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    passed: usize,
    /// Failed only because Prism refused the response it made itself: the spec contradicts itself.
    contradicted: usize,
    failed: usize,
}

impl Tally {
    /// Counts the call `what`, which failed with `failure` (its error message) if it did; prints
    /// a failure that is not the spec's.
    pub(crate) fn record(&mut self, what: &str, failure: Option<&str>) {
        match failure {
            None => self.passed += 1,
            // Prism answers a request it refuses with 422 (or 400); its 500 names its own response.
            Some(message) if message.contains("500") && message.contains("request/response is not valid") => {
                self.contradicted += 1
            }
            Some(message) => {
                self.failed += 1;
                println!("FAIL {what}: {}", message.trim().chars().take(400).collect::<String>());
            }
        }
    }

    /// Whether something was called and nothing failed but by the spec's contradictions.
    pub(crate) fn passed(&self) -> bool {
        self.failed == 0 && self.passed + self.contradicted > 0
    }

    /// `P of N passed (C where the spec contradicts itself)`.
    pub(crate) fn summary(&self) -> String {
        let total = self.passed + self.contradicted + self.failed;
        let mut summary = format!("{} of {total} passed", self.passed);
        if self.contradicted > 0 {
            summary.push_str(&format!(
                ", {} where the spec contradicts itself (Prism refused the response it made)",
                self.contradicted
            ));
        }
        summary
    }
}
