//! `cargo xtask mock-test`: a generated SDK's operation tests (`tests/operations.rs`) against Prism,
//! a mock server that nobody here wrote and that validates every request against the spec. Prism
//! runs twice: static (the spec's examples) and dynamic (random schema-valid responses). One row per
//! test that failed, with Prism's own account of the exchange and the failure's class (see
//! `failure_class`), then `operations: P passed, F failed`. An operation of a spec not ours
//! (`--spec`, `--corpus`) whose only failures are the spec contradicting itself is counted apart,
//! and the run passes; where those were examples Prism served, an overlay that removes them is
//! suggested (see `spec_overlay`).
//! The workspace's providers also run their command-line tool's and MCP server's tests against
//! Prism (`cli/tests/prism.rs`, `mcp/tests/prism.rs`); a spec not ours does with `--cli` (see
//! `cli_tool`) and `--mcp` (see `mcp_server`).

use std::collections::BTreeMap;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use sdkgen::output::{self, Provider};

use crate::cli_tool::CliTool;
use crate::example_tests::{operation_of_example, run_example_tests};
use crate::failure_class::{class_of, Class, OperationFacts};
use crate::mcp_server::McpServer;
use crate::prism::{install_prism, start_prism, Prism};
use crate::prism_verdict::{cause_after_rerun, cause_in, panic_message, request_violations, Cause};
use crate::spec_overlay::{spec_for_prism, suggested_overlay};
use crate::usage::USAGE;
use crate::workspace::{standalone_cargo, workspace_root};

/// What to test: a provider of the workspace, or a spec made into a standalone crate.
pub(crate) struct Target {
    /// The crate whose `tests/operations.rs` runs.
    crate_dir: PathBuf,
    spec: PathBuf,
    /// Tests of other providers in the same crate are filtered out.
    filter: String,
    /// Whether the spec is ours, so that its contradictions are failures too.
    ours: bool,
    /// Every operation of the spec, as its tests' names start (`filter` first), with what its
    /// failures are classed by: those that no test sends to Prism are counted apart.
    operations: BTreeMap<String, OperationFacts>,
    /// The command-line tool generated beside a standalone crate, with `--cli`.
    pub(crate) cli: Option<CliTool>,
    /// The MCP server generated beside a standalone crate, with `--mcp`.
    pub(crate) mcp: Option<McpServer>,
    /// The spec's response examples that break their schemas, which no test reads: their pointers
    /// into the spec's root file (or into the files it refers to).
    pub(crate) broken_examples: Vec<String>,
}

/// What a target's run found.
pub(crate) struct TargetRun {
    /// The operations whose tests Prism served: whether each passed in both modes.
    pub(crate) operations: BTreeMap<String, bool>,
    /// Every failed test, explained.
    pub(crate) failures: Vec<Failure>,
    /// Operations tested only against a server the test file runs itself (event streams).
    pub(crate) local_only: Vec<String>,
    /// Operations with no test at all: no values could be made for them.
    pub(crate) untested: Vec<String>,
    /// The example tests: how many read exactly, of how many.
    pub(crate) examples: (usize, usize),
}

/// How an operation's tests went, in both modes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Passed,
    /// Failed, pointing at the class of its failures nearest the SDK.
    Failed(Class),
    /// Failed only where the spec contradicts itself (Prism refused a response it made from the
    /// spec, or the spec requires what it does not declare), in a spec not ours.
    Contradicted,
    /// Tested only against the test file's own server (an event stream), never against Prism.
    LocalOnly,
    /// No test: no values could be made for it.
    Untested,
}

impl Verdict {
    fn label(self) -> &'static str {
        match self {
            Verdict::Passed => "pass",
            Verdict::Failed(_) => "FAIL",
            Verdict::Contradicted => "spec",
            Verdict::LocalOnly => "local",
            Verdict::Untested => "none",
        }
    }
}

pub fn mock_test(args: &[String]) -> Result<ExitCode, String> {
    let root = workspace_root();
    let targets = targets(&root, args)?;
    let prism = install_prism(&root)?;
    let mut operations: BTreeMap<String, Verdict> = BTreeMap::new();
    let mut tools_failed = Vec::new();
    let (mut read_exactly, mut examples) = (0, 0);
    for target in &targets {
        if target.ours && !run_tool(&root, &prism, target)? {
            tools_failed.push(target.filter.trim_end_matches("::").to_owned());
        }
        if let Some(tool) = &target.cli {
            if !tool.against_prism(&root, &prism, &target.spec)? {
                tools_failed.push(tool.binary.clone());
            }
        }
        if let Some(server) = &target.mcp {
            if !server.against_prism(&root, &prism, &target.spec)? {
                tools_failed.push(server.binary.clone());
            }
        }
        let run = run_target(&root, &prism, target)?;
        run.failures.iter().for_each(|failure| println!("{failure}"));
        suggest_overlay(&root, target, &run.failures)?;
        (read_exactly, examples) = (read_exactly + run.examples.0, examples + run.examples.1);
        for (operation, passed) in run.operations {
            let verdict = verdict(target, &operation, passed, &run.failures);
            operations.insert(operation, verdict);
        }
        operations.extend(run.local_only.into_iter().map(|operation| (operation, Verdict::LocalOnly)));
        operations.extend(run.untested.into_iter().map(|operation| (operation, Verdict::Untested)));
    }
    let count = |wanted: Verdict| operations.values().filter(|verdict| **verdict == wanted).count();
    for (operation, verdict) in &operations {
        match verdict {
            Verdict::Failed(class) => println!("{} {operation} ({})", verdict.label(), class.label()),
            _ => println!("{} {operation}", verdict.label()),
        }
    }
    let by_class: Vec<String> = Class::ALL
        .iter()
        .map(|class| (class, count(Verdict::Failed(*class))))
        .filter(|(_, count)| *count > 0)
        .map(|(class, count)| format!("{count} {}", class.label()))
        .collect();
    let failed = operations.values().filter(|verdict| matches!(verdict, Verdict::Failed(_))).count();
    let contradicted = count(Verdict::Contradicted);
    print!("operations: {} passed, {failed} failed", count(Verdict::Passed));
    if failed > 0 {
        print!(" ({})", by_class.join(", "));
    }
    if contradicted > 0 {
        print!(", {contradicted} where the spec contradicts itself");
    }
    print!(", {} tested locally only, {} untested", count(Verdict::LocalOnly), count(Verdict::Untested));
    println!();
    let broken: usize = targets.iter().map(|target| target.broken_examples.len()).sum();
    println!(
        "response examples: {read_exactly} of {examples} read exactly; {broken} break their schemas (the spec's fault: no test reads them)"
    );
    let tools = targets
        .iter()
        .map(|target| usize::from(target.ours) + usize::from(target.cli.is_some()) + usize::from(target.mcp.is_some()))
        .sum::<usize>();
    if tools > 0 {
        println!(
            "command-line tools and MCP servers: {} of {tools} passed against Prism {tools_failed:?}",
            tools - tools_failed.len()
        );
    }
    Ok(if failed == 0 && tools_failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The workspace's command-line tool and MCP server of `target`'s provider against Prism (its
/// modules of `cli/tests/prism.rs` and `mcp/tests/prism.rs`): whether every test there passed.
fn run_tool(root: &Path, prism: &Path, target: &Target) -> Result<bool, String> {
    let prism = start_prism(root, prism, &target.spec, false)?;
    // Built with every member, as `cargo test --workspace` builds them: the SDK is then compiled
    // with the features of that build, not again with the tool's alone.
    let status = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--workspace", "--test", "prism", "--", "--ignored", &target.filter])
        .current_dir(root)
        .env("TEST_API_BASE_URL", &prism.url)
        .status()
        .map_err(|error| format!("cannot run cargo test: {error}"))?;
    Ok(status.success())
}

/// How `operation` went, from whether it `passed` in both modes and the target's failures.
fn verdict(target: &Target, operation: &str, passed: bool, failures: &[Failure]) -> Verdict {
    let name = operation.strip_prefix(&target.filter).unwrap_or(operation);
    let its_own = failures.iter().filter(|failure| operation_of(&failure.test) == name);
    let class = its_own.map(|failure| failure.class).min().unwrap_or(Class::Sdk);
    if passed {
        Verdict::Passed
    } else if !target.ours && class == Class::SpecContradiction {
        Verdict::Contradicted
    } else {
        Verdict::Failed(class)
    }
}

/// A failed test, explained.
pub(crate) struct Failure {
    pub(crate) dynamic: bool,
    pub(crate) test: String,
    pub(crate) cause: Cause,
    /// Whose the failure is, from its cause, its account and what the operation sends.
    pub(crate) class: Class,
    pub(crate) account: String,
}

impl Failure {
    fn new(target: &Target, dynamic: bool, test: String, cause: Cause, account: String) -> Self {
        let operation = format!("{}{}", target.filter, operation_of(&test));
        let unknown = OperationFacts::default();
        let class = class_of(cause, dynamic, &account, target.operations.get(&operation).unwrap_or(&unknown));
        Failure { dynamic, test, cause, class, account }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mode = match (self.cause, self.dynamic) {
            (Cause::Example, _) => "example",
            (_, true) => "dynamic",
            (_, false) => "static",
        };
        write!(f, "FAIL [{mode}] {} ({}): {}", self.test, self.class.label(), self.account)
    }
}

/// Every operation of `target` against Prism in both modes: whether it passed in both, by name, and
/// every failed test with Prism's account of it.
pub(crate) fn run_target(root: &Path, prism: &Path, target: &Target) -> Result<TargetRun, String> {
    let tests = build_tests(root, target)?;
    let mut operations: BTreeMap<String, bool> = BTreeMap::new();
    let mut failures = Vec::new();
    let examples = run_example_tests(&tests.executable, &tests.crate_dir, &target.filter)?;
    for example in &examples {
        let operation = format!("{}{}", target.filter, operation_of(&example.test));
        *operations.entry(operation).or_insert(true) &= example.mismatch.is_none();
        if let Some(mismatch) = &example.mismatch {
            let (test, account) = (example.test.clone(), mismatch.clone());
            failures.push(Failure::new(target, false, test, Cause::Example, account));
        }
    }
    let read_exactly = examples.iter().filter(|example| example.mismatch.is_none()).count();
    for dynamic in [false, true] {
        let prism = start_prism(root, prism, &target.spec, dynamic)?;
        for (test, failure) in run_tests(&tests, target, &prism)? {
            let operation = format!("{}{}", target.filter, operation_of(&test));
            let only_failure = target.operations.get(&operation).is_some_and(|facts| facts.only_failure);
            let refused = match failure.is_none() && only_failure {
                true => refused_request(&tests, target, &prism, &test)?,
                false => None,
            };
            *operations.entry(operation).or_insert(true) &= failure.is_none() && refused.is_none();
            if let Some(account) = refused {
                failures.push(Failure::new(target, dynamic, test, Cause::Request, account));
            } else if let Some(first_panic) = failure {
                let (cause, account) = explain(&tests, target, &prism, &test, &first_panic)?;
                failures.push(Failure::new(target, dynamic, test, cause, account));
            }
        }
    }
    let listed = tests.list(target)?;
    let (mut local_only, mut untested) = (Vec::new(), Vec::new());
    for operation in target.operations.keys().filter(|operation| !operations.contains_key(*operation)) {
        match listed.contains(&format!("{operation}_stream")) {
            true => local_only.push(operation.clone()),
            false => untested.push(operation.clone()),
        }
    }
    Ok(TargetRun { operations, failures, local_only, untested, examples: (read_exactly, examples.len()) })
}

/// `list_required_only` → `list`: the operation a test exercises.
pub(crate) fn operation_of(test: &str) -> String {
    ["_required_only", "_every_parameter", "_empty_path_parameter"]
        .iter()
        .find_map(|suffix| test.strip_suffix(suffix))
        .or_else(|| operation_of_example(test))
        .unwrap_or(test)
        .to_owned()
}

fn targets(root: &Path, args: &[String]) -> Result<Vec<Target>, String> {
    let (mut spec, mut config, mut name, mut providers) = (None, None, None, Vec::new());
    let mut overlays = Vec::new();
    let mut companions = output::Companions::default();
    let mut corpus = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().cloned().ok_or_else(|| USAGE.to_owned());
        match arg.as_str() {
            "--spec" => spec = Some(PathBuf::from(value()?)),
            "--config" => config = Some(PathBuf::from(value()?)),
            "--overlay" => overlays.push(PathBuf::from(value()?)),
            "--name" => name = Some(value()?),
            "--cli" => companions.cli = true,
            "--mcp" => companions.mcp = true,
            "--corpus" => corpus.extend(value()?.split(',').map(str::to_owned)),
            flag if flag.starts_with('-') => return Err(USAGE.to_owned()),
            provider => providers.push(provider.to_owned()),
        }
    }
    if !corpus.is_empty() {
        let options = crate::corpus_specs::Options { only: corpus.clone(), ..crate::corpus_specs::Options::default() };
        let specs = crate::corpus_specs::corpus_specs(root, &options)?;
        if specs.len() < corpus.len() {
            return Err(format!("not all of {corpus:?} are corpus specs\n{USAGE}"));
        }
        return specs
            .iter()
            .map(|(name, spec)| {
                let name = crate::corpus_specs::crate_name(name);
                standalone_target(
                    root,
                    Provider { spec: spec.clone(), config: None, name, overlays: Vec::new() },
                    companions,
                )
            })
            .collect();
    }
    if let Some(spec) = spec {
        let name = name.unwrap_or_else(|| "mocked".to_owned());
        return Ok(vec![standalone_target(root, Provider { spec, config, name, overlays }, companions)?]);
    }
    let known = output::workspace_providers(root).map_err(|error| error.to_string())?;
    let mut targets = Vec::new();
    for provider in known {
        let folder = provider.spec.parent().and_then(Path::file_name).map(|name| name.to_string_lossy().into_owned());
        let folder = folder.unwrap_or_default();
        if providers.is_empty() || providers.contains(&folder) {
            let filter = format!("{folder}::");
            let config = Some(provider.config);
            let provider = Provider { spec: provider.spec, config, name: folder, overlays: Vec::new() };
            let mut warnings = Vec::new();
            let api = output::lower_provider(&provider, &mut warnings).map_err(|error| error.to_string())?;
            let mut operations = operations(&api, &filter);
            let broken_examples = broken_examples(&warnings);
            OperationFacts::mark_broken_examples(operations.values_mut(), &broken_examples);
            targets.push(Target {
                crate_dir: root.join("generated"),
                spec: provider.spec,
                filter,
                ours: true,
                operations,
                cli: None,
                mcp: None,
                broken_examples,
            });
        }
    }
    if targets.is_empty() {
        return Err(format!("no provider named {providers:?} in specs/\n{USAGE}"));
    }
    Ok(targets)
}

/// A standalone crate generated from `provider`'s spec (with its config and overlays), to test;
/// Prism serves the spec with the same overlays.
/// With `companions`, its command-line tool (`cli/`) or MCP server (`mcp/`) is generated beside it.
pub(crate) fn standalone_target(
    root: &Path,
    provider: Provider,
    companions: output::Companions,
) -> Result<Target, String> {
    // Outside the workspace, which cargo would take it for a member of; its build is cached inside.
    let crate_dir = std::env::temp_dir().join("sdkgen-mock-test").join(&provider.name);
    let generated = output::standalone_output_in(
        &provider,
        &crate_dir,
        &output::StandaloneOptions { companions, ..Default::default() },
    )
    .map_err(|error| error.to_string())?;
    let _ = std::fs::remove_dir_all(&crate_dir);
    generated.write_to(&crate_dir).map_err(|error| error.to_string())?;
    for folder in [Some(""), companions.cli.then_some("cli"), companions.mcp.then_some("mcp")].into_iter().flatten() {
        std::fs::copy(root.join("Cargo.lock"), crate_dir.join(folder).join("Cargo.lock"))
            .map_err(|error| error.to_string())?;
    }
    let mut warnings = Vec::new();
    let api = output::lower_provider(&provider, &mut warnings).map_err(|error| error.to_string())?;
    let mut operations = operations(&api, "");
    let cli = companions.cli.then(|| CliTool::of(&api, crate_dir.join("cli")));
    let mcp = companions.mcp.then(|| McpServer::of(&api, crate_dir.join("mcp")));
    let broken_examples = broken_examples(&warnings);
    OperationFacts::mark_broken_examples(operations.values_mut(), &broken_examples);
    let spec = spec_for_prism(&provider.spec, &provider.overlays, &crate_dir)?;
    let filter = String::new();
    Ok(Target { crate_dir, spec, filter, ours: false, operations, cli, mcp, broken_examples })
}

/// Where the spec's response examples break their schemas, by lowering's warnings.
fn broken_examples(warnings: &[sdkgen::Diagnostic]) -> Vec<String> {
    let broken = warnings.iter().filter(|warning| warning.message.starts_with(sdkgen::lower::BREAKS_ITS_SCHEMA));
    broken.map(|warning| warning.pointer.clone()).collect()
}

/// Where the examples Prism served in static mode contradicted their schemas (Prism refused the
/// response it made, or the validator found the example broken and the SDK could not read it),
/// writes an overlay that removes those examples, and says how to run again with it.
fn suggest_overlay(root: &Path, target: &Target, failures: &[Failure]) -> Result<(), String> {
    // Contradictions of the response in static mode, where Prism served the spec's examples.
    let refused = failures.iter().filter(|failure| {
        failure.class == Class::SpecContradiction && !failure.dynamic && failure.cause != Cause::Request
    });
    let mut routes: Vec<(String, String)> = refused
        .filter_map(|failure| target.operations.get(&format!("{}{}", target.filter, operation_of(&failure.test))))
        .map(|facts| facts.route.clone())
        .collect();
    routes.dedup();
    if routes.is_empty() {
        return Ok(());
    }
    let name = target.crate_dir.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let name = target.filter.strip_suffix("::").map_or(name, str::to_owned);
    let path = root.join("target/mock-test").join(format!("{name}.suggested-overlay.yaml"));
    let document = sdkgen::load::read_document(&target.spec).map_err(|error| error.to_string())?;
    let text = suggested_overlay(&document, &routes, &target.broken_examples);
    std::fs::create_dir_all(root.join("target/mock-test")).map_err(|error| error.to_string())?;
    std::fs::write(&path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    println!(
        "Prism refused the examples it served for {} operation(s): {} removes them (review it, then run again with `--overlay {}`)",
        routes.len(),
        path.display(),
        path.display()
    );
    Ok(())
}

/// Every operation of `api`, as its tests' names start, after `filter`, with what its failures are
/// classed by.
fn operations(api: &sdkgen::ir::Api, filter: &str) -> BTreeMap<String, OperationFacts> {
    // The keys come in the order of the resources' methods.
    let methods = api.resources.iter().flat_map(|resource| &resource.methods);
    let keys = sdkgen::operation_test_keys(api).into_iter().zip(methods);
    keys.map(|(key, method)| (format!("{filter}{key}"), OperationFacts::of(api, method))).collect()
}

/// The target's operation tests, built: the test executable and where to run it.
struct Tests {
    executable: PathBuf,
    crate_dir: PathBuf,
}

impl Tests {
    /// The test binary against `prism`, running `which` tests: `--ignored` for the server tests
    /// (ignored unless a server is named), `--include-ignored` for one test by name.
    fn run(&self, prism: &Prism, which: &str) -> Command {
        let mut command = Command::new(&self.executable);
        command.current_dir(&self.crate_dir).env("TEST_API_BASE_URL", &prism.url).arg(which);
        command
    }

    /// The names of the target's tests, of every kind.
    fn list(&self, target: &Target) -> Result<Vec<String>, String> {
        let output = Command::new(&self.executable)
            .current_dir(&self.crate_dir)
            .args(["--list", "--include-ignored", "--format", "terse", &target.filter])
            .output()
            .map_err(|error| error.to_string())?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        Ok(stdout.lines().filter_map(|line| line.strip_suffix(": test")).map(str::to_owned).collect())
    }
}

/// Builds the operation tests; they then run without `cargo`, which would check the build again for
/// every failed test explained.
fn build_tests(root: &Path, target: &Target) -> Result<Tests, String> {
    let mut command = match target.crate_dir.starts_with(root) {
        true => Command::new(env!("CARGO")),
        false => standalone_cargo(root),
    };
    // `serialize` compiles the example tests, which write each value back.
    command.args(["test", "--test", "operations", "--no-run", "--features", "serialize"]);
    command.arg("--message-format=json-render-diagnostics");
    command.current_dir(&target.crate_dir).stderr(Stdio::inherit());
    let output = command.output().map_err(|error| error.to_string())?;
    let built = || format!("the tests of {} do not build", target.crate_dir.display());
    if !output.status.success() {
        return Err(built());
    }
    let executable = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["target"]["name"] == "operations")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .ok_or_else(built)?;
    Ok(Tests { executable, crate_dir: target.crate_dir.clone() })
}

/// Runs the target's server tests against Prism, one at a time: each test by name, with its panic
/// message if it failed.
fn run_tests(tests: &Tests, target: &Target, prism: &Prism) -> Result<Vec<(String, Option<String>)>, String> {
    let output = tests
        .run(prism, "--ignored")
        .args(["--test-threads", "1", &target.filter])
        .output()
        .map_err(|error| error.to_string())?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    // The harness exits with 101 when tests fail; anything else (a signal, an abort) means the
    // binary died, and the tests it had not run yet would vanish from the totals.
    if !output.status.success() && output.status.code() != Some(101) {
        return Err(format!(
            "the test binary for {} crashed ({}):\n{}",
            target.spec.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let mut results = Vec::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else { continue };
        let Some((name, outcome)) = rest.rsplit_once(" ... ") else { continue };
        let name = name.strip_prefix(&target.filter).unwrap_or(name).to_owned();
        match outcome.trim() {
            "ok" => results.push((name, None)),
            "FAILED" => {
                let panic = panic_message(&stdout, &format!("---- {}{name} stdout ----", target.filter));
                results.push((name, Some(panic)));
            }
            _ => {}
        }
    }
    if results.is_empty() {
        return Err(format!(
            "no test ran for {}:\n{stdout}{}",
            target.spec.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(results)
}

/// Who a failed test points at: by its own exchange where that shows Prism's account, else by
/// running it again alone, with Prism's errors about the request it made.
fn explain(
    tests: &Tests,
    target: &Target,
    prism: &Prism,
    test: &str,
    first_panic: &str,
) -> Result<(Cause, String), String> {
    if let Some(found) = cause_in(first_panic) {
        return Ok(found);
    }
    let (rerun, rerun_log) = rerun(tests, target, prism, test)?;
    Ok(cause_after_rerun(first_panic, rerun.as_deref(), &rerun_log))
}

/// A passing test of an operation that declares only a failure, run again alone: a failure for
/// Prism's refusal of its request, which a validating mock answers with an error status too.
fn refused_request(tests: &Tests, target: &Target, prism: &Prism, test: &str) -> Result<Option<String>, String> {
    let (_, log) = rerun(tests, target, prism, test)?;
    let violations = request_violations(&log);
    Ok((!violations.is_empty()).then(|| {
        format!(
            "the status the spec declares came back, but as Prism's refusal of the request: {}",
            violations.join("; ")
        )
    }))
}

/// Runs one test again, alone: its panic message (`None` if it passed) and what Prism logged
/// meanwhile.
fn rerun(tests: &Tests, target: &Target, prism: &Prism, test: &str) -> Result<(Option<String>, String), String> {
    let mut log = std::fs::File::open(&prism.log).map_err(|error| error.to_string())?;
    let before = log.seek(std::io::SeekFrom::End(0)).map_err(|error| error.to_string())?;
    let full_name = format!("{}{test}", target.filter);
    let output = tests
        .run(prism, "--include-ignored")
        .args(["--exact", &full_name, "--nocapture"])
        .output()
        .map_err(|error| error.to_string())?;
    log.seek(std::io::SeekFrom::Start(before)).map_err(|error| error.to_string())?;
    let mut rerun_log = String::new();
    log.read_to_string(&mut rerun_log).map_err(|error| error.to_string())?;
    let panic = match output.status.success() {
        true => None,
        false => Some(panic_message(&String::from_utf8_lossy(&output.stderr), "")),
    };
    Ok((panic, rerun_log))
}
