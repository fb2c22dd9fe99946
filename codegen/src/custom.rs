//! A maintainer's own code in a generated crate, which generation leaves alone:
//! - the module `src/custom/` (a `mod.rs` and whatever it declares), which the crate's `lib.rs`
//!   declares as `pub mod custom` when it exists. Its files may add methods to generated types and
//!   resources (`impl crate::deeptable::files::Files { … }`): inherent impls may live anywhere in
//!   the crate that defines the type;
//! - generated files replaced by hand, listed under `replaced_files:` in the provider's
//!   `sdk.yaml`, each with the SHA-256 of what the generator wrote there when it was replaced.
//!   Generation does not write them, and warns when what it would write differs from that hash,
//!   which means the spec or the generator changed under the replacement.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::config::SdkConfig;
use crate::diagnostics::Diagnostic;
use crate::emit::GeneratedFile;

/// The maintainers' module, a folder under a crate's `src/`.
pub const CUSTOM_MODULE: &str = "custom";

/// Whether the crate in `crate_dir` has a maintainers' module (`src/custom/mod.rs`).
pub fn has_custom_module(crate_dir: &Path) -> bool {
    crate_dir.join("src").join(CUSTOM_MODULE).join("mod.rs").is_file()
}

/// Takes the files `config` says were replaced by hand out of `files` (paths relative to the
/// crate), so that nothing writes over them, and returns their paths. A replaced file whose
/// generated version no longer matches its recorded hash, or that has none recorded, gets a
/// warning that gives the hash to record.
pub fn take_replaced_files(
    files: &mut Vec<GeneratedFile>,
    config: &SdkConfig,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut kept = Vec::new();
    for (index, replaced) in config.replaced_files.iter().enumerate() {
        let pointer = format!("/replaced_files/{index}");
        kept.push(replaced.path.clone());
        let Some(position) = files.iter().position(|file| file.path == replaced.path) else {
            let message = format!("`{}` is not a file the generator writes: nothing replaces it", replaced.path);
            warnings.push(Diagnostic::warning(&config.path, pointer, message));
            continue;
        };
        let generated = files.remove(position);
        let hash = sha256_hex(&generated.contents);
        let message = match &replaced.generated_sha256 {
            Some(recorded) if *recorded == hash => continue,
            Some(recorded) => format!(
                "what the generator writes to `{}` changed under your replacement (it was {recorded}, it is now {hash}): fold the change into your file (`cargo xtask generate` writes the new version elsewhere), then record `generated_sha256: {hash}`",
                replaced.path
            ),
            None => format!(
                "`{}` is replaced by hand: record `generated_sha256: {hash}` so that a change to what the generator writes there is reported",
                replaced.path
            ),
        };
        warnings.push(Diagnostic::warning(&config.path, pointer, message));
    }
    kept
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fingerprint_is_sha256_in_hex() {
        assert_eq!(super::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
