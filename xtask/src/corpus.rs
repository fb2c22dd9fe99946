//! `cargo xtask corpus`: the generator on real specs. Every spec of the corpus (`corpus/`:
//! its stored specs and the ones `fetch-npm.sh` unpacks) becomes a crate that `cargo check` must
//! accept without a warning; `--sweep DIR` runs generation alone over every spec under a folder,
//! each in its own process with a time limit, and sums up what failed and why.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use sdkgen::output::Companions;

use crate::corpus_specs::{corpus_specs, crate_name, Options};
use crate::usage::USAGE;
use crate::workspace::{run_cargo, workspace_root};

/// Generation longer than this counts as running away.
const SWEEP_TIME_LIMIT: Duration = Duration::from_secs(60);

pub fn corpus(args: &[String]) -> Result<ExitCode, String> {
    let mut options = Options { check: true, ..Options::default() };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--sweep" => options.sweep = Some(PathBuf::from(args.next().ok_or(USAGE)?)),
            "--corpus" => options.corpus = Some(PathBuf::from(args.next().ok_or(USAGE)?)),
            "--only" => options.only = args.next().ok_or(USAGE)?.split(',').map(str::to_owned).collect(),
            "--no-check" => options.check = false,
            "--mock" => options.mock = true,
            "--cli" => options.cli = true,
            "--mcp" => options.mcp = true,
            _ => return Err(USAGE.to_owned()),
        }
    }
    let root = workspace_root();
    if !run_cargo(&root, &["build", "--release", "--quiet", "-p", "xtask"])? {
        return Ok(ExitCode::FAILURE);
    }
    match &options.sweep {
        Some(dir) => sweep(&root, dir),
        None if options.mock => mock_table(&root, &options),
        None => table(&root, &options),
    }
}

/// One corpus spec, generated and checked.
struct Row {
    name: String,
    operations: usize,
    /// List operations (see [`SpecCounts::lists`]) and the methods that page by themselves.
    lists: usize,
    paged: usize,
    generation: Duration,
    lines: usize,
    outcome: Outcome,
    /// The command-line tool's check, with `--cli`.
    cli: Option<Outcome>,
    /// The MCP server's check, with `--mcp`.
    mcp: Option<Outcome>,
}

pub(crate) enum Outcome {
    NotGenerated(String),
    Generated,
    Checked { seconds: f64, peak_mib: Option<f64>, errors: usize, warnings: usize },
}

fn table(root: &Path, options: &Options) -> Result<ExitCode, String> {
    let specs = corpus_specs(root, options)?;
    // Outside the workspace, which cargo would take them for members of; builds cached inside it.
    let crates = std::env::temp_dir().join("sdkgen-corpus");
    let target = root.join("target/corpus/target");
    let mut rows = Vec::new();
    let (mut secured, mut unsendable_total, mut specs_lacking) = (0, 0, 0);
    let mut coverage = Coverage::default();
    for (name, spec) in &specs {
        let crate_dir = crates.join(name);
        let _ = std::fs::remove_dir_all(&crate_dir);
        let started = Instant::now();
        let companions = Companions { cli: options.cli, mcp: options.mcp };
        let generated = generate(root, spec, &crate_name(name), &crate_dir, None, companions)?;
        let generation = started.elapsed();
        let counts = spec_counts(spec);
        let (operations, lists) = (counts.operations, counts.lists);
        let outcome = Outcome::Generated;
        let mut row = Row {
            name: name.clone(),
            operations,
            lists,
            paged: 0,
            generation,
            lines: 0,
            outcome,
            cli: None,
            mcp: None,
        };
        match generated {
            Generated::Done { unsendable, paged, streamed } => {
                row.paged = paged;
                coverage.add(&counts, paged, streamed);
                secured += counts.secured;
                unsendable_total += unsendable;
                specs_lacking += usize::from(unsendable > 0);
                row.lines = crate_lines(&crate_dir);
                if options.check {
                    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock"))
                        .map_err(|error| error.to_string())?;
                    row.outcome = check(&crate_dir, &target, &[])?;
                    for (wanted, folder, slot) in
                        [(options.cli, "cli", &mut row.cli), (options.mcp, "mcp", &mut row.mcp)]
                    {
                        if wanted {
                            std::fs::copy(root.join("Cargo.lock"), crate_dir.join(folder).join("Cargo.lock"))
                                .map_err(|error| error.to_string())?;
                            *slot = Some(check(&crate_dir.join(folder), &target, &[])?);
                        }
                    }
                }
            }
            Generated::Failed(message) => row.outcome = Outcome::NotGenerated(message),
        }
        print_row(&row);
        rows.push(row);
    }
    let clean =
        rows.iter().filter(|row| matches!(row.outcome, Outcome::Checked { errors: 0, warnings: 0, .. })).count();
    let generated = rows.iter().filter(|row| !matches!(row.outcome, Outcome::NotGenerated(_))).count();
    println!("\n{generated} of {} specs generate; {clean} compile with no error and no warning", rows.len());
    let clean_of = |outcome: fn(&Row) -> &Option<Outcome>| {
        rows.iter().filter(|row| matches!(outcome(row), Some(Outcome::Checked { errors: 0, warnings: 0, .. }))).count()
    };
    let (clean_tools, clean_servers) = (clean_of(|row| &row.cli), clean_of(|row| &row.mcp));
    if options.cli {
        println!("{clean_tools} of {} command-line tools compile with no error and no warning", rows.len());
    }
    if options.mcp {
        println!("{clean_servers} of {} MCP servers compile with no error and no warning", rows.len());
    }
    println!("{}", authentication_summary(secured, unsendable_total, specs_lacking));
    println!("{}", coverage.summary());
    let tools_clean = (!options.cli || clean_tools == rows.len()) && (!options.mcp || clean_servers == rows.len());
    Ok(if options.check && clean == rows.len() && tools_clean || !options.check && generated == rows.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Every corpus spec's operations against Prism (see `mock_test`): a row per spec with its passed
/// and failed operations, those tested only locally and those untested, the failed ones by who
/// Prism's account points at, and the first of them; every failure, explained, and every untested
/// operation in `target/corpus/mock-failures.txt`; then the totals.
fn mock_table(root: &Path, options: &Options) -> Result<ExitCode, String> {
    use crate::failure_class::Class;
    use crate::mock_test::Failure;
    let specs = corpus_specs(root, options)?;
    let prism = crate::prism::install_prism(root)?;
    let (mut passed_total, mut failed_total, mut local_total, mut untested_total) = (0, 0, 0, 0);
    let (mut examples_read, mut examples_total, mut examples_broken) = (0, 0, 0);
    let mut report = String::new();
    for (name, spec) in &specs {
        let provider =
            sdkgen::output::Provider { spec: spec.clone(), config: None, name: crate_name(name), overlays: Vec::new() };
        let outcome = crate::mock_test::standalone_target(root, provider, Default::default()).and_then(|target| {
            Ok((crate::mock_test::run_target(root, &prism, &target)?, target.broken_examples.len()))
        });
        let (crate::mock_test::TargetRun { operations, failures, local_only, untested, examples }, broken) =
            match outcome {
                Ok(outcome) => outcome,
                Err(error) => {
                    println!("{name:<28} not tested: {}", error.lines().next().unwrap_or_default());
                    continue;
                }
            };
        let failed = operations.values().filter(|passed| !**passed).count();
        let passed = operations.len() - failed;
        (passed_total, failed_total) = (passed_total + passed, failed_total + failed);
        (local_total, untested_total) = (local_total + local_only.len(), untested_total + untested.len());
        // An operation counts once, under the class of its failures nearest the SDK.
        let mut classes: BTreeMap<String, Class> = BTreeMap::new();
        for failure in &failures {
            let class = classes.entry(crate::mock_test::operation_of(&failure.test)).or_insert(failure.class);
            *class = (*class).min(failure.class);
        }
        let by_class: Vec<String> = Class::ALL
            .iter()
            .map(|class| (class, classes.values().filter(|each| *each == class).count()))
            .filter(|(_, count)| *count > 0)
            .map(|(class, count)| format!("{count} {}", class.label()))
            .collect();
        let (local, none) = (local_only.len(), untested.len());
        println!(
            "{name:<28} {passed:>5} passed  {failed:>4} failed  {local:>3} local  {none:>3} untested  examples {}/{} ({broken} break their schemas)  {}",
            examples.0,
            examples.1,
            by_class.join(", ")
        );
        (examples_read, examples_total, examples_broken) =
            (examples_read + examples.0, examples_total + examples.1, examples_broken + broken);
        for failure in failures.iter().take(3) {
            println!("    {}", failure.to_string().chars().take(240).collect::<String>());
        }
        report.extend(failures.iter().map(|failure: &Failure| format!("{name} [{:?}] {failure}\n", failure.cause)));
        report.extend(
            untested.iter().map(|operation| format!("{name} [Untested] {operation}: no values could be made\n")),
        );
    }
    let report_path = root.join("target/corpus/mock-failures.txt");
    std::fs::write(&report_path, report).map_err(|error| error.to_string())?;
    println!(
        "\noperations: {passed_total} passed, {failed_total} failed, {local_total} tested locally only, {untested_total} untested (each failure: {})",
        report_path.display()
    );
    println!(
        "response examples: {examples_read} of {examples_total} read exactly; {examples_broken} break their schemas (no test reads them)"
    );
    Ok(if failed_total == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn print_row(row: &Row) {
    let generation = format!("{:.2} s", row.generation.as_secs_f64());
    let tool = row.cli.as_ref().map(|outcome| format!("\n{:<28} command-line tool: {}", "", describe(outcome)));
    let server = row.mcp.as_ref().map(|outcome| format!("\n{:<28} MCP server:        {}", "", describe(outcome)));
    let pages = format!("{}/{}", row.paged, row.lists);
    println!(
        "{:<28} {:>5} ops  pages {pages:>7}  gen {generation:>7}  {:>7} lines  {}{}",
        row.name,
        row.operations,
        row.lines,
        describe(&row.outcome),
        tool.unwrap_or_default() + &server.unwrap_or_default()
    );
}

fn describe(outcome: &Outcome) -> String {
    match outcome {
        Outcome::NotGenerated(message) => format!("not generated: {message}"),
        Outcome::Generated => "generated".to_owned(),
        Outcome::Checked { seconds, peak_mib, errors, warnings } => {
            let peak = peak_mib.map_or_else(|| "?".to_owned(), |peak| format!("{peak:.0} MiB"));
            format!("check {seconds:>6.1} s  peak {peak:>9}  errors {errors:>3}  warnings {warnings:>3}")
        }
    }
}

pub(crate) enum Generated {
    Done {
        /// Operations that ask for credentials the client cannot send.
        unsendable: usize,
        /// List methods whose paging the generator inferred.
        paged: usize,
        /// Methods with a streaming call (server-sent events).
        streamed: usize,
    },
    Failed(String),
}

/// Runs the release generator on `spec` as its own process, killed after `limit` if one is given;
/// with `companions`, the command-line tool or MCP server is generated too.
pub(crate) fn generate(
    root: &Path,
    spec: &Path,
    name: &str,
    out: &Path,
    limit: Option<Duration>,
    companions: Companions,
) -> Result<Generated, String> {
    let binary = root.join("target/release/xtask");
    let mut child = Command::new(&binary)
        .args(["generate", "--spec"])
        .arg(spec)
        .args(["--name", name, "--out"])
        .arg(out)
        .arg("--check-syntax")
        .args(companions.cli.then_some("--cli"))
        .args(companions.mcp.then_some("--mcp"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run {}: {error}", binary.display()))?;
    // Read while it runs: a spec with many warnings fills the pipe before it exits.
    let mut pipe = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut stderr = String::new();
        if let Some(pipe) = pipe.as_mut() {
            let _ = std::io::Read::read_to_string(pipe, &mut stderr);
        }
        stderr
    });
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(|error| error.to_string())? {
            let stderr = reader.join().unwrap_or_default();
            return Ok(match status.code() {
                Some(0) => Generated::Done {
                    unsendable: stderr.lines().filter(|line| line.contains(sdkgen::lower::UNSENDABLE)).count(),
                    paged: stderr.lines().filter(|line| line.contains(sdkgen::lower::PAGES_BY_ITSELF)).count(),
                    streamed: occurrences(&out.join("src"), STREAMING_CALL),
                },
                Some(1) => Generated::Failed(first_error(&stderr)),
                Some(code) => Generated::Failed(format!("crash (exit code {code}): {}", crash_line(&stderr))),
                None => Generated::Failed(format!("crash (killed by a signal): {}", crash_line(&stderr))),
            });
        }
        if limit.is_some_and(|limit| started.elapsed() > limit) {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(Generated::Failed(format!("ran longer than {} s", limit.unwrap_or_default().as_secs())));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn first_error(stderr: &str) -> String {
    stderr.lines().find(|line| line.starts_with("error")).unwrap_or(stderr.trim()).to_owned()
}

fn crash_line(stderr: &str) -> String {
    stderr.lines().find(|line| line.contains("panicked") || line.contains("overflow")).unwrap_or("").trim().to_owned()
}

/// [`check`] after touching the crate's `lib.rs` (and its type crates', when its types are split),
/// so that cargo checks them again even when nothing in them changed: how benchmarks time a check
/// over built dependencies.
pub(crate) fn check_again(crate_dir: &Path, target: &Path, args: &[&str]) -> Result<Outcome, String> {
    let type_crates = sdkgen::ir::TypeCrate::ALL.map(|krate| crate_dir.join(krate.suffix()).join("src/lib.rs"));
    for lib in std::iter::once(crate_dir.join("src/lib.rs")).chain(type_crates.into_iter().filter(|lib| lib.exists())) {
        let text = std::fs::read_to_string(&lib).map_err(|error| error.to_string())?;
        std::fs::write(&lib, text).map_err(|error| error.to_string())?;
    }
    check(crate_dir, target, args)
}

/// `cargo check` of `crate_dir` with `args` (features), with its time, peak memory (from
/// `/usr/bin/time`) and diagnostics. Not incremental: a crate checked once gains nothing from it.
pub(crate) fn check(crate_dir: &Path, target: &Path, args: &[&str]) -> Result<Outcome, String> {
    let timed = Path::new("/usr/bin/time").exists();
    let mut command = if timed {
        let mut command = Command::new("/usr/bin/time");
        command.args(["-f", "peak-kib %M"]).arg(env!("CARGO"));
        command
    } else {
        Command::new(env!("CARGO"))
    };
    let started = Instant::now();
    let output = command
        .args(["check", "--message-format", "short"])
        .args(args)
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|error| format!("cannot run cargo check: {error}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let count = |kind: &str| {
        stderr.lines().filter(|line| line.contains(&format!(": {kind}")) && line.starts_with("src/")).count()
    };
    let peak_mib = stderr
        .lines()
        .find_map(|line| line.strip_prefix("peak-kib "))
        .and_then(|kib| kib.trim().parse::<f64>().ok())
        .map(|kib| kib / 1024.0);
    let mut errors = count("error");
    if !output.status.success() && errors == 0 {
        errors = 1;
    }
    Ok(Outcome::Checked { seconds, peak_mib, errors, warnings: count("warning") })
}

/// What the corpus reports count in a spec, read once.
pub(crate) struct SpecCounts {
    /// Methods under `paths`.
    pub(crate) operations: usize,
    /// Operations that ask for credentials: their `security`, else the spec's, has a requirement
    /// that names a scheme.
    pub(crate) secured: usize,
    /// GET operations whose query parameters (resolved, if local references) show a paging scheme:
    /// what inference could make page, counted without the generator.
    pub(crate) lists: usize,
    /// Operations whose success response (a 2xx, resolved if a local reference) offers
    /// `text/event-stream`.
    pub(crate) event_streams: usize,
}

pub(crate) fn spec_counts(spec: &Path) -> SpecCounts {
    let Ok(document) = sdkgen::load::read_document(spec) else {
        return SpecCounts { operations: 0, secured: 0, lists: 0, event_streams: 0 };
    };
    let asks = |security: &serde_json::Value| {
        security.as_array().is_some_and(|requirements| {
            requirements.iter().any(|requirement| requirement.as_object().is_some_and(|schemes| !schemes.is_empty()))
        })
    };
    let top_level = document.get("security");
    SpecCounts {
        operations: operations(&document).count(),
        secured: operations(&document)
            .filter(|operation| operation.get("security").or(top_level).is_some_and(asks))
            .count(),
        lists: list_operation_count(&document),
        event_streams: operations(&document).filter(|operation| offers_events(&document, operation)).count(),
    }
}

fn offers_events(document: &serde_json::Value, operation: &serde_json::Value) -> bool {
    let responses = operation.get("responses").and_then(serde_json::Value::as_object);
    let successes = responses.into_iter().flatten().filter(|(code, _)| code.starts_with('2'));
    successes.filter_map(|(_, response)| resolve(document, response)).any(|response| {
        let content = response.get("content").and_then(serde_json::Value::as_object);
        content.into_iter().flatten().any(|(media, _)| media.to_ascii_lowercase().starts_with("text/event-stream"))
    })
}

/// `value`, or what it refers to if it is a local reference.
fn resolve<'d>(document: &'d serde_json::Value, value: &'d serde_json::Value) -> Option<&'d serde_json::Value> {
    match value.get("$ref").and_then(serde_json::Value::as_str) {
        Some(reference) => document.pointer(reference.strip_prefix('#')?),
        None => Some(value),
    }
}

/// Every operation object of a spec document: the methods of each item under `paths`.
fn operations(document: &serde_json::Value) -> impl Iterator<Item = &serde_json::Value> {
    const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let paths = document.get("paths").and_then(serde_json::Value::as_object);
    paths
        .into_iter()
        .flat_map(|paths| paths.values())
        .flat_map(|item| METHODS.iter().filter_map(move |method| item.get(*method)))
}

/// `authentication: … of … secured operations …`, the line both corpus reports end with.
fn authentication_summary(secured: usize, unsendable: usize, specs_lacking: usize) -> String {
    format!(
        "authentication: {} of {secured} secured operations can send their credentials ({specs_lacking} specs have some that cannot)",
        secured.saturating_sub(unsendable)
    )
}

/// Query parameters that show a list pages, for counting list operations.
const PAGING_PARAMS: &[&str] = &[
    "page",
    "per_page",
    "page_size",
    "pagesize",
    "offset",
    "skip",
    "cursor",
    "after",
    "starting_after",
    "page_token",
    "pagetoken",
    "next_token",
    "nexttoken",
    "continuation_token",
    "continuationtoken",
    "marker",
    "start_cursor",
];

/// See [`SpecCounts::lists`].
fn list_operation_count(document: &serde_json::Value) -> usize {
    let paths = document.get("paths").and_then(serde_json::Value::as_object);
    let gets = paths.into_iter().flat_map(|paths| paths.values()).filter_map(|item| Some((item.get("get")?, item)));
    gets.filter(|(operation, item)| {
        parameters(document, operation).chain(parameters(document, item)).any(|parameter| {
            let name = parameter.get("name").and_then(serde_json::Value::as_str).unwrap_or_default();
            parameter.get("in").and_then(serde_json::Value::as_str) == Some("query")
                && PAGING_PARAMS.contains(&name.to_ascii_lowercase().as_str())
        })
    })
    .count()
}

/// The `parameters` of an operation or path item of `document`, local references resolved.
fn parameters<'d>(
    document: &'d serde_json::Value,
    holder: &'d serde_json::Value,
) -> impl Iterator<Item = &'d serde_json::Value> {
    let list = holder.get("parameters").and_then(serde_json::Value::as_array);
    list.into_iter().flatten().filter_map(|parameter| resolve(document, parameter))
}

/// What the generator made of what specs offer, over several specs: list operations and the
/// methods that page by themselves; operations that offer events and their streaming calls.
#[derive(Default)]
struct Coverage {
    lists: usize,
    paged: usize,
    specs_paging: usize,
    event_streams: usize,
    streamed: usize,
    specs_streaming: usize,
}

impl Coverage {
    fn add(&mut self, counts: &SpecCounts, paged: usize, streamed: usize) {
        self.lists += counts.lists;
        self.paged += paged;
        self.specs_paging += usize::from(paged > 0);
        self.event_streams += counts.event_streams;
        self.streamed += streamed;
        self.specs_streaming += usize::from(streamed > 0);
    }

    fn summary(&self) -> String {
        format!(
            "pagination: {} methods page by themselves ({} specs), of {} list operations whose query parameters show paging\n\
             streaming: {} methods stream events ({} specs), of {} operations whose success offers `text/event-stream`",
            self.paged, self.specs_paging, self.lists, self.streamed, self.specs_streaming, self.event_streams
        )
    }
}

/// What the generator writes once per streaming call.
const STREAMING_CALL: &str = "runtime::events::Streaming {";

/// How many times `needle` occurs in the emitted Rust under `src`.
fn occurrences(src: &Path, needle: &str) -> usize {
    rust_files(src)
        .iter()
        .map(|path| std::fs::read_to_string(path).map_or(0, |text| text.matches(needle).count()))
        .sum()
}

/// The emitted Rust files under `src`, the vendored runtime left out.
fn rust_files(src: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![src.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() && path.file_name().is_some_and(|name| name != "runtime") {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// Lines of the emitted Rust under `src`, the vendored runtime left out.
pub(crate) fn rust_lines(src: &Path) -> usize {
    rust_files(src).iter().map(|path| std::fs::read_to_string(path).map_or(0, |text| text.lines().count())).sum()
}

/// The lines of a generated crate's sources, with those of the crates its types were split into.
pub(crate) fn crate_lines(crate_dir: &Path) -> usize {
    let type_crates = sdkgen::ir::TypeCrate::ALL.map(|krate| crate_dir.join(krate.suffix()).join("src"));
    rust_lines(&crate_dir.join("src")) + type_crates.iter().map(|src| rust_lines(src)).sum::<usize>()
}

/// Generation alone over every spec under `dir`, two at a time.
fn sweep(root: &Path, dir: &Path) -> Result<ExitCode, String> {
    let specs = sweep_specs(dir)?;
    let out = root.join("target/corpus/sweep");
    let results = std::sync::Mutex::new(Vec::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for worker in 0..2 {
            let (specs, results, next, out) = (&specs, &results, &next, &out);
            scope.spawn(move || loop {
                let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(spec) = specs.get(index) else { break };
                let crate_dir = out.join(format!("worker{worker}"));
                // The command-line tool and MCP server too: their names and code come from the same spec.
                let outcome = generate(
                    root,
                    spec,
                    "sweep",
                    &crate_dir,
                    Some(SWEEP_TIME_LIMIT),
                    Companions { cli: true, mcp: true },
                );
                let _ = std::fs::remove_dir_all(&crate_dir);
                results.lock().expect("not poisoned").push((spec.clone(), outcome));
            });
        }
    });
    let results = results.into_inner().expect("not poisoned");
    let mut failures: BTreeMap<String, Vec<(PathBuf, String)>> = BTreeMap::new();
    let mut generated = 0;
    let (mut secured, mut unsendable_total, mut specs_lacking) = (0, 0, 0);
    let mut coverage = Coverage::default();
    for (spec, outcome) in results {
        match outcome? {
            Generated::Done { unsendable, paged, streamed } => {
                generated += 1;
                let counts = spec_counts(&spec);
                coverage.add(&counts, paged, streamed);
                secured += counts.secured;
                unsendable_total += unsendable;
                specs_lacking += usize::from(unsendable > 0);
            }
            Generated::Failed(message) => failures.entry(kind_of(&message)).or_default().push((spec, message)),
        }
    }
    let total = specs.len();
    println!(
        "{generated} of {total} specs generate ({:.1}%) in {:.0} s",
        100.0 * generated as f64 / total.max(1) as f64,
        started.elapsed().as_secs_f64()
    );
    println!("{}", authentication_summary(secured, unsendable_total, specs_lacking));
    println!("{}", coverage.summary());
    let mut groups: Vec<(&String, &Vec<(PathBuf, String)>)> = failures.iter().collect();
    groups.sort_by_key(|(_, specs)| std::cmp::Reverse(specs.len()));
    for (kind, specs) in groups {
        println!("\n{:>5}  {kind}", specs.len());
        for (spec, message) in specs.iter().take(3) {
            let spec = spec.strip_prefix(dir).unwrap_or(spec).display();
            match message.strip_prefix("error: ") {
                Some(error) => println!("       {spec}: {error}"),
                None => println!("       {spec}: {message}"),
            }
        }
    }
    Ok(if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Every spec file under `dir` (JSON or YAML), sorted.
fn sweep_specs(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut specs = Vec::new();
    let mut folders = vec![dir.to_owned()];
    while let Some(folder) = folders.pop() {
        let entries =
            std::fs::read_dir(&folder).map_err(|error| format!("cannot list {}: {error}", folder.display()))?;
        for path in entries.flatten().map(|entry| entry.path()) {
            if path.is_dir() {
                folders.push(path);
            } else if path
                .extension()
                .is_some_and(|extension| ["json", "yaml", "yml"].contains(&extension.to_str().unwrap_or("")))
            {
                specs.push(path);
            }
        }
    }
    specs.sort();
    Ok(specs)
}

/// A failure's kind, for grouping: its message without the file, pointer and quoted names.
fn kind_of(message: &str) -> String {
    if message.starts_with("crash") || message.starts_with("ran longer") {
        return message.split(':').next().unwrap_or(message).to_owned();
    }
    let message = message.strip_prefix("error: ").unwrap_or(message);
    let message = message.split_once(": ").map_or(message, |(_, text)| text);
    let mut kind = String::new();
    let mut in_quote = false;
    for c in message.chars() {
        match c {
            '`' => {
                in_quote = !in_quote;
                kind.push_str(if in_quote { "`…" } else { "`" });
            }
            _ if in_quote => {}
            _ => kind.push(c),
        }
    }
    kind
}
