//! The commands of `cargo xtask`, by name.

use std::process::ExitCode;

use crate::usage::USAGE;
use crate::workspace::{run_cargo, workspace_root};
use crate::{bench_build, bench_codegen, bench_transfer, codegen, corpus, mock_test, real_test, release};

/// The generator recurses over specs, which real ones nest deeply: commands get a large stack.
const STACK_SIZE: usize = 256 << 20;

/// Runs the command `args` name on a thread with the stack generation needs.
pub(crate) fn run(args: Vec<String>) -> ExitCode {
    let command = std::thread::Builder::new().stack_size(STACK_SIZE).spawn(move || dispatch(&args));
    match command.map(std::thread::JoinHandle::join) {
        Ok(Ok(code)) => code,
        // A panic exits as it would on the main thread, so that callers can tell it from an error.
        _ => ExitCode::from(101),
    }
}

fn dispatch(args: &[String]) -> ExitCode {
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::codegen(&args[1..]),
        Some("generate") => codegen::generate(&args[1..]),
        Some("api-diff") => codegen::api_diff(&args[1..]),
        Some("release") => release::release(&args[1..]),
        Some("corpus") => corpus::corpus(&args[1..]),
        Some("mock-test") => mock_test::mock_test(&args[1..]),
        Some("real-test") => real_test::real_test(&args[1..]),
        Some("bench") if args.len() == 1 => bench(),
        Some("bench-transfer") => bench_transfer::bench_transfer(&args[1..]),
        Some("bench-codegen") => bench_codegen::bench_codegen(&args[1..]),
        Some("bench-build") if args.len() == 1 => bench_build::bench_build(),
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

/// Runs the request-overhead benchmark, which prints the SDK's time and allocations per call beside
/// plain `reqwest`'s, measured in the same run.
fn bench() -> Result<ExitCode, String> {
    let ok = run_cargo(&workspace_root(), &["bench", "-p", "sdk-tests", "--bench", "request_overhead"])?;
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
