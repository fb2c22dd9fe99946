//! `cargo xtask bench-transfer [SIZE_MIB] [--runs N]`: one large file uploaded (multipart, and PUT to
//! a presigned URL) and downloaded through the SDK and through `curl`, against the same loopback
//! server. Each transfer is its own process under `/usr/bin/time -v`, so that its peak memory is its
//! own. The two sides alternate, and which goes first alternates from run to run, so that a slow
//! moment of the machine falls on both; the report is the median of the runs and the SDK's ratio.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use crate::usage::USAGE;
use crate::workspace::{median, run_cargo, workspace_root};

const DEFAULT_SIZE_MIB: u64 = 1024;
const DEFAULT_RUNS: usize = 5;

/// One transfer, done by the SDK and by curl.
struct Case {
    name: &'static str,
    sdk: Vec<String>,
    curl: Vec<String>,
}

/// A case's runs on each side.
#[derive(Default)]
struct Sides {
    sdk: Vec<Measurement>,
    curl: Vec<Measurement>,
}

/// A run's wall time and peak resident memory.
struct Measurement {
    seconds: f64,
    rss_mib: f64,
}

pub(crate) fn bench_transfer(args: &[String]) -> Result<ExitCode, String> {
    let (size_mib, runs) = parse_args(args)?;
    let root = workspace_root();
    if !run_cargo(&root, &["build", "--release", "-p", "sdk-tests", "--bin", "transfer_bench"])? {
        return Ok(ExitCode::FAILURE);
    }
    let bench = root.join("target/release/transfer_bench");
    let dir = root.join("target/bench-transfer");
    std::fs::create_dir_all(&dir).map_err(|error| error.to_string())?;
    let upload = dir.join("upload.bin");
    write_upload_file(&upload, size_mib)?;
    let mut server =
        Command::new(&bench).arg("serve").stdout(Stdio::piped()).spawn().map_err(|error| error.to_string())?;
    let mut url = String::new();
    std::io::BufReader::new(server.stdout.take().expect("piped"))
        .read_line(&mut url)
        .map_err(|error| error.to_string())?;
    let cases = cases(url.trim(), &upload, &dir.join("download.bin"), size_mib << 20);
    let result = measure_cases(&bench, &cases, runs);
    let _ = server.kill();
    let _ = std::fs::remove_file(&upload);
    let _ = std::fs::remove_file(dir.join("download.bin"));
    let results = result?;
    println!("{size_mib} MiB over loopback, median of {runs} interleaved runs, each transfer in its own process:");
    println!("  {:<18} {:>12} {:>12} {:>10} {:>14}", "", "SDK MiB/s", "curl MiB/s", "SDK/curl", "peak RSS SDK");
    for (case, Sides { sdk, curl }) in cases.iter().zip(results) {
        let throughput = |runs: &[Measurement]| size_mib as f64 / median(runs.iter().map(|run| run.seconds));
        let peak = sdk.iter().map(|run| run.rss_mib).fold(0.0, f64::max);
        println!(
            "  {:<18} {:>12.1} {:>12.1} {:>9.2}x {:>10.1} MiB",
            case.name,
            throughput(&sdk),
            throughput(&curl),
            throughput(&sdk) / throughput(&curl),
            peak
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_args(args: &[String]) -> Result<(u64, usize), String> {
    let mut size_mib = DEFAULT_SIZE_MIB;
    let mut runs = DEFAULT_RUNS;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|value| value.parse().ok()).ok_or(USAGE)?,
            size => size_mib = size.parse().map_err(|_| USAGE.to_owned())?,
        }
    }
    if runs == 0 {
        return Err(USAGE.to_owned());
    }
    Ok((size_mib, runs))
}

/// Real bytes, not a sparse file, so that both sides read them from the page cache alike.
fn write_upload_file(path: &Path, size_mib: u64) -> Result<(), String> {
    let block: Vec<u8> = (0..1 << 20).map(|index: u32| (index % 253) as u8).collect();
    let mut file = std::fs::File::create(path).map_err(|error| error.to_string())?;
    for _ in 0..size_mib {
        std::io::Write::write_all(&mut file, &block).map_err(|error| error.to_string())?;
    }
    Ok(())
}

fn cases(url: &str, upload: &Path, download: &Path, size: u64) -> Vec<Case> {
    let strings = |parts: &[&str]| parts.iter().map(|part| (*part).to_owned()).collect::<Vec<_>>();
    let upload = upload.display().to_string();
    let download = download.display().to_string();
    vec![
        Case {
            name: "multipart upload",
            sdk: strings(&["upload", url, &upload]),
            curl: strings(&[
                "-sS",
                "-o",
                "/dev/null",
                "-H",
                "Authorization: Bearer bench",
                "-F",
                &format!("file=@{upload}"),
                &format!("{url}/v1/files"),
            ]),
        },
        Case {
            name: "presigned PUT",
            sdk: strings(&["put", url, &upload]),
            curl: strings(&["-sS", "-o", "/dev/null", "-T", &upload, &format!("{url}/storage/upload.bin")]),
        },
        Case {
            name: "download",
            sdk: strings(&["download", url, &size.to_string(), &download]),
            curl: strings(&["-sS", "-o", &download, &format!("{url}/v1/files/{size}/content")]),
        },
    ]
}

/// Every case `runs` times, SDK and curl side by side, the first of the two alternating.
fn measure_cases(bench: &Path, cases: &[Case], runs: usize) -> Result<Vec<Sides>, String> {
    let mut results: Vec<Sides> = cases.iter().map(|_| Sides::default()).collect();
    for run in 0..runs {
        for (case, Sides { sdk, curl }) in cases.iter().zip(&mut results) {
            let measure_sdk = || measure(&format!("SDK {}", case.name), bench, &case.sdk);
            let measure_curl = || measure(&format!("curl {}", case.name), &PathBuf::from("curl"), &case.curl);
            if run % 2 == 0 {
                sdk.push(measure_sdk()?);
                curl.push(measure_curl()?);
            } else {
                curl.push(measure_curl()?);
                sdk.push(measure_sdk()?);
            }
        }
    }
    Ok(results)
}

fn measure(label: &str, program: &Path, arguments: &[String]) -> Result<Measurement, String> {
    // The last download, or the upload file just written, leaves a GiB of dirty pages: flushed now,
    // not by the kernel in the middle of whichever transfer comes next (the same side more often
    // than not, in an odd number of runs).
    Command::new("sync").status().map_err(|error| format!("cannot run sync: {error}"))?;
    let started = Instant::now();
    let output = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(program)
        .args(arguments)
        .output()
        .map_err(|error| format!("cannot run /usr/bin/time (Debian package `time`): {error}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let report = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("{label} failed:\n{report}"));
    }
    let rss_kib: f64 = report
        .lines()
        .find_map(|line| line.trim().strip_prefix("Maximum resident set size (kbytes): "))
        .and_then(|value| value.trim().parse().ok())
        .ok_or_else(|| format!("{label}: no peak RSS in /usr/bin/time's report"))?;
    Ok(Measurement { seconds, rss_mib: rss_kib / 1024.0 })
}
