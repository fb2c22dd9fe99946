//! Project automation, run as `cargo xtask <command>`:
//!
//! - `codegen [--check] [--api-diff]`: regenerates the `generated/` SDK crate from `specs/`; with
//!   `--check`, changes nothing and fails if the committed files are stale; with `--api-diff`, also
//!   prints the API changes of every provider whose spec or config differs from `HEAD`'s.
//! - `generate --spec FILE [--config FILE] [--overlay FILE…] --name NAME --out DIR [--check-syntax] [--cli] [--mcp]
//!   [--inline-runtime] [--split-types | --no-split-types]`: makes a standalone SDK crate, with
//!   OpenAPI overlays applied to the spec in order, on the runtime crate or, with
//!   `--inline-runtime`, with a copy of the runtime inside; `--split-types` puts its types in
//!   crates of their own in `DIR` (the default for APIs of a thousand structs or more);
//!   `--check-syntax` parses every emitted file with `syn` first; `--cli` adds a command-line
//!   tool crate in `DIR/cli`, `--mcp` an MCP server crate in `DIR/mcp`.
//! - `corpus [--only NAMES] [--no-check] [--sweep DIR] [--mock] [--cli] [--mcp]`: the generator on
//!   real specs (with their tools and servers), and their operations against Prism (see `corpus`).
//! - `api-diff OLD_SPEC NEW_SPEC [--config FILE] [--name NAME]`: what a spec change does to the
//!   SDK's API, each change marked breaking or compatible.
//! - `release [--dry-run]`: the next version of the workspace's crate from its API changes since
//!   the last release's tag, with its `CHANGELOG.md` entry (see `release`).
//! - `mock-test [PROVIDER…] | --spec FILE [--config FILE] [--name NAME] [--cli] [--mcp]`: a generated
//!   SDK's operation tests against Prism, a mock that validates requests (see `mock_test`); with
//!   `--cli`, its command-line tool's `GET` commands too (see `cli_tool`); with `--mcp`, its MCP
//!   server's read-only tools, called by the official Python MCP client (see `mcp_server`).
//! - `real-test [SERVER…]`: generated SDKs driven through scenarios against real open-source
//!   servers run locally (see `real_test`).
//! - `bench`: the SDK's time and allocations per call, beside plain `reqwest`'s.
//! - `bench-transfer [SIZE_MIB] [--runs N]`: uploads and downloads through the SDK beside `curl`,
//!   interleaved, as medians and ratios (see `bench_transfer`).
//! - `bench-codegen [--real]`: generation and `cargo check` times on synthetic and corpus specs,
//!   and GitHub's beside openapi-generator's in the same run (`--real`: the corpus specs only).
//! - `bench-build`: an application on one and on three SDKs built from clean, with the runtime
//!   crate and with inline copies of the runtime (see `bench_build`).

mod allocator;
mod bench_build;
mod bench_codegen;
mod bench_transfer;
mod cli_tool;
mod codegen;
mod commands;
mod corpus;
mod corpus_specs;
mod example_tests;
mod failure_class;
mod mcp_server;
mod mock_test;
mod openapi_generator;
mod ports;
mod prism;
mod prism_verdict;
mod real_test;
mod release;
mod revisions;
mod spec_overlay;
mod usage;
mod workspace;

use std::process::ExitCode;

fn main() -> ExitCode {
    allocator::keep_freed_memory();
    commands::run(std::env::args().skip(1).collect())
}
