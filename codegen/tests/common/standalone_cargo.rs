//! The one way the generator's tests run cargo on a crate outside the workspace. Such crates share
//! `target/standalone`, whose dependencies they reuse only when built with the same flags (and
//! `cargo xtask mock-test` builds its standalone crates with them too): warnings denied, and only
//! line tables for debugging, as the workspace's own dev profile (full debug info would take
//! gigabytes of CI's disk). A crate generated without knowing its folder names the runtime crate by
//! version alone, which is not on crates.io yet: cargo takes it from the workspace.

use std::path::Path;
use std::process::Command;

/// `cargo ARGS` in `crate_dir`, built into the workspace's `target/standalone`.
pub fn cargo(workspace: &Path, crate_dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .args(args)
        .current_dir(crate_dir)
        .arg("--config")
        .arg(format!("patch.crates-io.sdkgen-runtime.path={:?}", workspace.join("runtime")))
        .env("CARGO_TARGET_DIR", workspace.join("target/standalone"))
        .env("RUSTFLAGS", "-D warnings")
        .env("CARGO_PROFILE_DEV_DEBUG", "line-tables-only");
    command
}
