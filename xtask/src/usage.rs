//! What `cargo xtask` says when it is called wrongly.

pub(crate) const USAGE: &str = "usage:
  cargo xtask codegen [--check] [--api-diff]
  cargo xtask generate --spec FILE [--config FILE] [--overlay FILE ...] --name NAME --out DIR [--check-syntax] [--cli] [--mcp] [--inline-runtime] [--split-types | --no-split-types]
  cargo xtask corpus [--only NAME,...] [--no-check] [--corpus DIR] [--cli] [--mcp]
  cargo xtask corpus --mock [--only NAME,...]
  cargo xtask corpus --sweep DIR
  cargo xtask api-diff OLD_SPEC NEW_SPEC [--config FILE] [--name NAME]
  cargo xtask release [--dry-run]
  cargo xtask mock-test [PROVIDER ...]
  cargo xtask mock-test --spec FILE [--config FILE] [--overlay FILE ...] [--name NAME] [--cli] [--mcp]
  cargo xtask mock-test --corpus NAME,... [--cli] [--mcp]
  cargo xtask real-test [SERVER ...]
  cargo xtask bench
  cargo xtask bench-transfer [SIZE_MIB] [--runs N]
  cargo xtask bench-codegen [--real]
  cargo xtask bench-build";
