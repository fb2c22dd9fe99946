//! The command-line tool beside an SDK: per provider, a module of `clap` commands that call the
//! SDK (`commands.rs` declares them, `inputs.rs` reads each argument, `calls.rs` runs a method's
//! call and prints its result) and a binary that runs it (`crate.rs`). The tool's handwritten
//! support (`cli/src/support/`) is copied beside them.

mod calls;
mod commands;
mod crate_files;
mod inputs;

pub use crate_files::cli_files;
