//! A run of the proving ground: install, start, generate, then each server's scenario.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use sdkgen::output::{self, Output};
use sdkgen::GeneratedFile;

use super::server::{self, Running, ServerConfig};
use crate::workspace::describe_error;

/// A server of the proving ground, ready to test.
struct Target {
    name: String,
    config: ServerConfig,
    running: Running,
}

pub(crate) fn real_test(args: &[String]) -> Result<ExitCode, String> {
    let root = crate::workspace::workspace_root();
    let names = server_names(&root, args)?;
    let work = std::env::temp_dir().join("sdkgen-real-test");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|error| error.to_string())?;
    let configs = names
        .iter()
        .map(|name| ServerConfig::load(&root.join("real").join(name).join("server.yaml")))
        .collect::<Result<Vec<_>, _>>()?;
    let bins = install_all(&root, &names, &configs);
    let mut targets = Vec::new();
    for ((name, config), bin) in names.iter().zip(configs).zip(bins) {
        targets.push(prepare(&root, &work, name, config, &bin?)?);
    }
    let crate_dir = scenario_crate(&root, &work, &names)?;
    let failed: Vec<&str> = targets
        .iter()
        .filter(|target| !run_scenario(&root, &crate_dir, target))
        .map(|target| target.name.as_str())
        .collect();
    let passed = names.len() - failed.len();
    match failed.is_empty() {
        true => println!("real servers: {passed} of {} scenarios passed", names.len()),
        false => println!("real servers: {passed} of {} scenarios passed; failed: {}", names.len(), failed.join(", ")),
    }
    Ok(if failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Installs every server side by side (installs mostly download and unpack): each one's folder of
/// programs, or why it could not be installed.
fn install_all(root: &Path, names: &[String], configs: &[ServerConfig]) -> Vec<Result<PathBuf, String>> {
    std::thread::scope(|scope| {
        let installs: Vec<_> = names
            .iter()
            .zip(configs)
            .map(|(name, config)| {
                let (folder, prefix) = (root.join("real").join(name), root.join("target/real").join(name));
                scope.spawn(move || server::install(config, &folder, &prefix))
            })
            .collect();
        installs
            .into_iter()
            .map(|install| install.join().unwrap_or_else(|_| Err("the install panicked".into())))
            .collect()
    })
}

/// Starts the server, fetches its spec and generates its SDK under `work`.
fn prepare(root: &Path, work: &Path, name: &str, config: ServerConfig, bin: &Path) -> Result<Target, String> {
    let (folder, prefix) = (root.join("real").join(name), root.join("target/real").join(name));
    let running = server::start(&config, bin, &prefix.join("run"))?;
    eprintln!("{name}: {} ({}) at {}", config.title, config.framework, running.origin);
    let spec = work.join(format!("{name}.openapi.json"));
    server::fetch_spec(&config, &running, &spec)?;
    generate(&folder, &spec, name, &work.join(name))?;
    Ok(Target { name: name.to_owned(), config, running })
}

/// Runs the server's scenario against it; whether every step passed.
fn run_scenario(root: &Path, crate_dir: &Path, target: &Target) -> bool {
    let mut test = Command::new(env!("CARGO"));
    test.args(["test", "--quiet", "--test", &target.name, "--", "--nocapture"]).current_dir(crate_dir);
    // A failed step prints its assertion; a backtrace per step would bury the report.
    test.env("CARGO_TARGET_DIR", root.join("target/real/build")).env("RUST_BACKTRACE", "0");
    // As the workspace's own dev profile: full debug info would take gigabytes of disk.
    test.env("CARGO_PROFILE_DEV_DEBUG", "line-tables-only");
    test.envs(server::client_env(&target.config, &target.running));
    let passed = test.status().is_ok_and(|status| status.success());
    if !passed {
        eprintln!("{}: the scenario failed; the server's log is {}", target.name, target.running.log.display());
    }
    passed
}

/// The servers named, or every folder of `real/` with a `server.yaml`.
fn server_names(root: &Path, args: &[String]) -> Result<Vec<String>, String> {
    let all: Vec<String> = std::fs::read_dir(root.join("real"))
        .map_err(|error| format!("cannot read real/: {error}"))?
        .filter_map(Result::ok)
        .filter(|entry| entry.path().join("server.yaml").exists())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    let mut names: Vec<String> = match args.is_empty() {
        true => all,
        false => {
            if let Some(unknown) = args.iter().find(|name| !all.contains(name)) {
                return Err(format!("no server named `{unknown}` in real/ (there are: {})", all.join(", ")));
            }
            args.to_vec()
        }
    };
    names.sort();
    Ok(names)
}

/// The SDK crate for the spec the server served, with the server's `sdk.yaml`.
fn generate(folder: &Path, spec: &Path, name: &str, out: &Path) -> Result<(), String> {
    let provider = output::Provider {
        spec: spec.to_owned(),
        config: Some(folder.join("sdk.yaml")),
        name: name.to_owned(),
        overlays: Vec::new(),
    };
    // Written where it is generated: it finds the runtime crate by its path from there.
    let options = output::StandaloneOptions::default();
    let generated = output::standalone_output_in(&provider, out, &options).map_err(|error| error.to_string())?;
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    let report = out.with_extension("warnings.txt");
    std::fs::create_dir_all(out).map_err(|error| error.to_string())?;
    std::fs::write(&report, warnings.join("\n")).map_err(|error| error.to_string())?;
    eprintln!("{name}: generated with {} warnings and notes ({})", warnings.len(), report.display());
    generated.write_to(out).map_err(|error| error.to_string())
}

/// A crate with one test per server (its `scenario.rs`), depending on each server's SDK; outside
/// the workspace, which cargo would take it for a member of, with its build kept inside.
fn scenario_crate(root: &Path, work: &Path, names: &[String]) -> Result<PathBuf, String> {
    let dir = work.join("scenarios");
    let mut manifest = String::from(
        "[package]\nname = \"real-scenarios\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n",
    );
    for name in names {
        manifest.push_str(&format!("{name} = {{ path = \"../{name}\" }}\n"));
    }
    manifest.push_str(
        "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\nfutures-util = \"0.3\"\n",
    );
    // Line tables are enough to place a failed step; full debug info would triple the build.
    manifest.push_str("\n[profile.dev]\ndebug = \"line-tables-only\"\n");
    let file = |path: &str, contents: String| GeneratedFile { path: path.to_owned(), contents };
    let mut files = vec![file("Cargo.toml", manifest), file("src/lib.rs", String::new())];
    let support = std::fs::read_to_string(root.join("real/support.rs")).map_err(|error| error.to_string())?;
    files.push(file("tests/support/mod.rs", support));
    for name in names {
        let scenario = root.join("real").join(name).join("scenario.rs");
        let text = std::fs::read_to_string(&scenario)
            .map_err(|error| format!("cannot read {}: {error}", scenario.display()))?;
        files.push(file(&format!("tests/{name}.rs"), text));
    }
    Output { files, ..Output::default() }.write_to(&dir).map_err(describe_error)?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|error| error.to_string())?;
    Ok(dir)
}
