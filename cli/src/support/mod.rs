//! What every generated command shares, written by hand: reading inputs (`input`), printing
//! results (`output`), and turning a failure into a message and an exit code (`exit`).

mod exit;
mod input;
mod output;

pub use exit::{completions, main, Failure};
pub use input::{from_json, parse, read_json, upload, JsonBody};
pub use output::{print_events, print_items, print_json, print_text, write_download};
