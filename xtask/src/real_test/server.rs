//! One open-source API server of the proving ground: how it installs (from PyPI or npm, pinned,
//! into `target/real/<name>`), starts on a free loopback port with its own fresh storage, says it is
//! ready, and serves its spec. Each is described by `real/<name>/server.yaml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

/// `real/<name>/server.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ServerConfig {
    /// The server and its version, as people name them.
    pub(crate) title: String,
    /// What it is built with (`FastAPI (Python)`).
    pub(crate) framework: String,
    pub(crate) install: Install,
    /// Commands run once on the fresh storage before the server starts (a schema migration).
    #[serde(default)]
    setup: Vec<Vec<String>>,
    /// The command that runs the server in the foreground.
    start: Vec<String>,
    /// The server's environment. In every value `{port}` is its port and `{data}` its storage folder.
    #[serde(default)]
    env: BTreeMap<String, String>,
    /// A path that answers once the server is ready.
    ready: String,
    /// The path the server serves its OpenAPI document at.
    spec: String,
    /// Headers the spec's request needs.
    #[serde(default)]
    spec_headers: BTreeMap<String, String>,
    /// The scenario's environment: the variables its client reads. `{url}` is the server's origin.
    #[serde(default)]
    pub(crate) client_env: BTreeMap<String, String>,
}

/// Where the server comes from: a frozen requirements file for pip, or a `package.json` and
/// `package-lock.json` for `npm ci`, beside `server.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub(crate) enum Install {
    /// `pip install --no-deps -r FILE` in a virtual environment: the file pins every package.
    Pip(String),
    /// `npm ci` of the `package.json` and `package-lock.json` beside `server.yaml`.
    Npm,
}

impl ServerConfig {
    pub(crate) fn load(path: &Path) -> Result<Self, String> {
        let document = sdkgen::load::read_document(path).map_err(|error| error.to_string())?;
        serde_json::from_value(document).map_err(|error| format!("{}: {error}", path.display()))
    }
}

/// Installs the server described in `folder` into `prefix`, unless the same pins are there already;
/// the folder with its programs.
pub(crate) fn install(config: &ServerConfig, folder: &Path, prefix: &Path) -> Result<PathBuf, String> {
    let pins: Vec<PathBuf> = match &config.install {
        Install::Pip(file) => vec![folder.join(file)],
        Install::Npm => vec![folder.join("package.json"), folder.join("package-lock.json")],
    };
    let mut text = Vec::new();
    for pin in &pins {
        text.extend(std::fs::read(pin).map_err(|error| format!("cannot read {}: {error}", pin.display()))?);
    }
    let bin = match config.install {
        Install::Pip(_) => prefix.join("venv/bin"),
        Install::Npm => prefix.join("node_modules/.bin"),
    };
    let marker = prefix.join(format!("installed-{:016x}", fnv1a(&text)));
    if marker.exists() {
        return Ok(bin);
    }
    let _ = std::fs::remove_dir_all(prefix);
    std::fs::create_dir_all(prefix).map_err(|error| error.to_string())?;
    eprintln!("installing {} into {}…", config.title, prefix.display());
    match &config.install {
        Install::Pip(_) => {
            run(Command::new("python3").args(["-m", "venv"]).arg(prefix.join("venv")))?;
            let pip = bin.join("pip");
            let mut install = Command::new(pip);
            install.args(["install", "--quiet", "--disable-pip-version-check", "--no-deps", "-r"]).arg(&pins[0]);
            run(&mut install)?;
        }
        Install::Npm => {
            for pin in &pins {
                std::fs::copy(pin, prefix.join(pin.file_name().expect("a file"))).map_err(|error| error.to_string())?;
            }
            run(Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]).current_dir(prefix))?;
        }
    }
    std::fs::write(&marker, "").map_err(|error| error.to_string())?;
    Ok(bin)
}

fn run(command: &mut Command) -> Result<(), String> {
    let status = command.stdin(Stdio::null()).status().map_err(|error| format!("cannot run {command:?}: {error}"))?;
    match status.success() {
        true => Ok(()),
        false => Err(format!("{command:?} failed ({status})")),
    }
}

/// A 64-bit FNV-1a hash, to tell one set of pins from another.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3))
}

/// A server started for one run, stopped (with every process it started) when dropped.
pub(crate) struct Running {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub(crate) origin: String,
    pub(crate) log: PathBuf,
}

impl Drop for Running {
    fn drop(&mut self) {
        // The server runs in a process group of its own: workers it forked stop with it.
        let group = format!("-{}", self.child.id());
        let kill = |signal: &str| Command::new("kill").args([signal, "--", &group]).stderr(Stdio::null()).status();
        let _ = kill("-TERM");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = kill("-KILL");
        let _ = self.child.wait();
    }
}

/// Starts the server on a free port with fresh storage in `run_dir`, and waits until it answers.
/// A server that exits before it answers (another process took its port, say) is started again,
/// twice at most, on another port.
pub(crate) fn start(config: &ServerConfig, bin: &Path, run_dir: &Path) -> Result<Running, String> {
    let mut attempt = 0;
    loop {
        let mut running = launch(config, bin, run_dir, crate::ports::free_port(attempt)?)?;
        match wait_until_ready(config, &mut running) {
            Ok(()) => return Ok(running),
            Err(Unready::Exited(log)) if attempt < 2 => {
                eprintln!("{} exited before it answered; starting it again on another port:\n{log}", config.title);
                attempt += 1;
            }
            Err(Unready::Exited(log) | Unready::TimedOut(log)) => return Err(log),
        }
    }
}

/// Runs the setup commands, then starts the server in a process group of its own.
fn launch(config: &ServerConfig, bin: &Path, run_dir: &Path, port: u16) -> Result<Running, String> {
    use std::os::unix::process::CommandExt as _;

    let _ = std::fs::remove_dir_all(run_dir);
    let data = run_dir.join("data");
    std::fs::create_dir_all(&data).map_err(|error| error.to_string())?;
    let fill = |text: &str| text.replace("{port}", &port.to_string()).replace("{data}", &data.to_string_lossy());
    let command = |words: &[String]| -> Result<Command, String> {
        let (program, args) = words.split_first().ok_or("an empty command")?;
        let local = bin.join(program);
        let mut command = Command::new(if local.exists() { local } else { PathBuf::from(program) });
        command.args(args.iter().map(|arg| fill(arg))).current_dir(run_dir).stdin(Stdio::null());
        command.envs(config.env.iter().map(|(name, value)| (name, fill(value))));
        // The install's programs first, as an activated environment would have them.
        let path = std::env::var("PATH").unwrap_or_default();
        command.env("PATH", format!("{}:{path}", bin.display()));
        Ok(command)
    };
    let log = run_dir.join("server.log");
    let file = std::fs::File::create(&log).map_err(|error| error.to_string())?;
    let output = || file.try_clone().map_err(|error| error.to_string());
    for words in &config.setup {
        let mut setup = command(words)?;
        setup.stdout(output()?).stderr(output()?);
        run(&mut setup).map_err(|error| format!("{error}; see {}", log.display()))?;
    }
    let mut server = command(&config.start)?;
    server.stdout(output()?).stderr(output()?).process_group(0);
    let child = server.spawn().map_err(|error| format!("cannot start {}: {error}", config.title))?;
    Ok(Running { child, origin: format!("http://127.0.0.1:{port}"), log })
}

/// Why a server is not ready, with the end of its log.
enum Unready {
    Exited(String),
    TimedOut(String),
}

fn wait_until_ready(config: &ServerConfig, running: &mut Running) -> Result<(), Unready> {
    let url = format!("{}{}", running.origin, config.ready);
    let started = Instant::now();
    let log_tail = |running: &Running| {
        let log = std::fs::read_to_string(&running.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().rev().take(30).collect();
        lines.into_iter().rev().collect::<Vec<_>>().join("\n")
    };
    loop {
        let output = Command::new("curl")
            .args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", &url])
            .output();
        let code = output.map(|output| String::from_utf8_lossy(&output.stdout).into_owned()).unwrap_or_default();
        if code.starts_with('2') {
            return Ok(());
        }
        if let Ok(Some(status)) = running.child.try_wait() {
            return Err(Unready::Exited(format!(
                "{} exited ({status}) before answering {url}:\n{}",
                config.title,
                log_tail(running)
            )));
        }
        if started.elapsed() > Duration::from_secs(180) {
            return Err(Unready::TimedOut(format!(
                "{} did not answer {url} within 3 minutes:\n{}",
                config.title,
                log_tail(running)
            )));
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// Downloads the spec the running server serves into `to`.
pub(crate) fn fetch_spec(config: &ServerConfig, running: &Running, to: &Path) -> Result<(), String> {
    let mut curl = Command::new("curl");
    curl.args(["-sSf", "--max-time", "60", "-o"]).arg(to);
    for (name, value) in &config.spec_headers {
        curl.arg("-H").arg(format!("{name}: {value}"));
    }
    curl.arg(format!("{}{}", running.origin, config.spec));
    run(&mut curl).map_err(|error| format!("cannot fetch the spec of {}: {error}", config.title))
}

/// The scenario's environment, with `{url}` filled in.
pub(crate) fn client_env(config: &ServerConfig, running: &Running) -> Vec<(String, String)> {
    config.client_env.iter().map(|(name, value)| (name.clone(), value.replace("{url}", &running.origin))).collect()
}
