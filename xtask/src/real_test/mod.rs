//! `cargo xtask real-test [NAME…]`: SDKs generated from the specs that real open-source servers
//! serve, driven through their typed API by scenarios against those servers, run locally.
//!
//! Each server of `real/` (its `server.yaml`) is installed at pinned versions under `target/real`,
//! started on a free loopback port with fresh storage, and asked for its own spec. The SDK is
//! generated from that spec with the server's `sdk.yaml` (and the overlays it names), and
//! `real/<name>/scenario.rs` runs against the server as a test of a crate that depends on every
//! SDK: create, get, list every page, update, delete, credentials right and wrong, uploads and
//! downloads, with the values that come back checked. A Prism run checks shapes; this checks
//! meaning.

mod run;
mod server;

pub(crate) use run::real_test;
