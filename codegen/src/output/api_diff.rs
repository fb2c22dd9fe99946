//! What a spec change does to the SDK's API.

use std::path::Path;

use super::providers::{lower_provider, Provider};
use crate::diagnostics::Error;
use crate::ir::Api;
use crate::render;

/// The API-change report (Markdown) between two versions of a spec, lowered with the same SDK
/// config and its edits (or, without one, each with what can be inferred from it), and the changes
/// themselves.
pub fn api_diff(
    old_spec: &Path,
    new_spec: &Path,
    old_config: Option<&Path>,
    new_config: Option<&Path>,
    name: &str,
) -> Result<(String, Vec<crate::diff::Change>), Error> {
    // Lowered as generation lowers them, with the config's edits to the spec; warnings are for
    // generation to report.
    let lower_one = |spec_path: &Path, config_path: Option<&Path>| -> Result<Api, Error> {
        let config = config_path.map(Path::to_owned);
        let provider = Provider { spec: spec_path.to_owned(), config, name: name.to_owned(), overlays: Vec::new() };
        lower_provider(&provider, &mut Vec::new())
    };
    let (old, new) = (lower_one(old_spec, old_config)?, lower_one(new_spec, new_config)?);
    let changes = crate::diff::diff(&old, &new);
    let report =
        render::api_diff(&new.title, &old_spec.display().to_string(), &new_spec.display().to_string(), &changes)?;
    Ok((report, changes))
}
