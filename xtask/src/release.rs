//! `cargo xtask release [--dry-run]`: the next version of the workspace's crate, from what its API
//! did since the last release, with its `CHANGELOG.md` entry.
//!
//! The last release is the git tag `v<version>`, `version` being the one in `specs/package.yaml`.
//! Each provider's spec and config then and now go through the engine of `api-diff`, and the bump
//! follows semver as Cargo reads it, where in `0.x` the minor number is the one that breaks:
//!
//! | now    | a breaking change | additions only | no API change |
//! |--------|-------------------|----------------|---------------|
//! | 0.x.y  | 0.(x+1).0         | 0.x.(y+1)      | 0.x.(y+1)     |
//! | x.y.z  | (x+1).0.0         | x.(y+1).0      | x.y.(z+1)     |
//!
//! It then writes the entry at the top of `CHANGELOG.md`, the new version in `specs/package.yaml`,
//! and regenerates the crate (its `Cargo.toml` takes the version). `--dry-run` prints the entry
//! and writes nothing. Tag the release (`git tag v<new version>`) once it is committed.

use std::path::Path;
use std::process::ExitCode;

use sdkgen::output::WORKSPACE_PACKAGE;

use crate::revisions::{provider_changes_since, ProviderChange};

/// How far a release moves the version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Bump {
    /// Nothing a user sees in the API changed.
    Fix,
    /// Things were added; code that compiled still compiles.
    Addition,
    /// Code that compiled may not compile any more.
    Breaking,
}

/// A release worked out but not written yet.
pub(crate) struct Plan {
    pub(crate) previous: String,
    pub(crate) version: String,
    pub(crate) bump: Bump,
    pub(crate) entry: String,
}

pub(crate) fn release(args: &[String]) -> Result<ExitCode, String> {
    let dry_run = match args {
        [] => false,
        [flag] if flag == "--dry-run" => true,
        _ => return Err(crate::usage::USAGE.to_owned()),
    };
    let root = crate::workspace::workspace_root();
    let today = chrono::Local::now().date_naive().to_string();
    let plan = plan(&root, &today)?;
    println!("{} → {} ({:?})\n\n{}", plan.previous, plan.version, plan.bump, plan.entry);
    if dry_run {
        return Ok(ExitCode::SUCCESS);
    }
    let changelog_path = root.join("CHANGELOG.md");
    let changelog = std::fs::read_to_string(&changelog_path).unwrap_or_default();
    std::fs::write(&changelog_path, with_entry(&changelog, &plan.entry)).map_err(|error| error.to_string())?;
    let package_path = root.join(WORKSPACE_PACKAGE);
    let package = std::fs::read_to_string(&package_path).map_err(|error| error.to_string())?;
    std::fs::write(&package_path, with_version(&package, &plan.version)?).map_err(|error| error.to_string())?;
    println!("wrote CHANGELOG.md and {WORKSPACE_PACKAGE}; regenerating");
    crate::codegen::codegen(&[])
}

/// The release that follows the one tagged `v<version of specs/package.yaml>`, dated `date`.
pub(crate) fn plan(root: &Path, date: &str) -> Result<Plan, String> {
    let package = std::fs::read_to_string(root.join(WORKSPACE_PACKAGE))
        .map_err(|error| format!("cannot read {WORKSPACE_PACKAGE}: {error}"))?;
    let previous = current_version(&package)?;
    let tag = format!("v{previous}");
    crate::revisions::git(root, &["rev-parse", "--verify", "--quiet", &format!("{tag}^{{commit}}")]).map_err(|_| {
        format!("no tag `{tag}`: tag the commit of the release {previous} was made from, then run this again")
    })?;
    let changes = provider_changes_since(root, &tag)?;
    let bump = bump_for(&changes);
    let version = next_version(&previous, bump)?;
    let entry = changelog_entry(&version, date, &tag, &changes);
    Ok(Plan { previous, version, bump, entry })
}

fn bump_for(changes: &[(String, ProviderChange)]) -> Bump {
    changes
        .iter()
        .map(|(_, change)| match change {
            ProviderChange::Removed => Bump::Breaking,
            ProviderChange::Added => Bump::Addition,
            ProviderChange::Changed { changes, .. } if changes.iter().any(|change| change.breaking) => Bump::Breaking,
            ProviderChange::Changed { changes, .. } if !changes.is_empty() => Bump::Addition,
            ProviderChange::Changed { .. } => Bump::Fix,
        })
        .max()
        .unwrap_or(Bump::Fix)
}

/// `version` moved by `bump`, 0.x versions read as Cargo reads them.
pub(crate) fn next_version(version: &str, bump: Bump) -> Result<String, String> {
    let numbers: Vec<u64> = version.split('.').map(str::parse).collect::<Result<_, _>>().unwrap_or_default();
    let [major, minor, patch] = numbers[..] else {
        return Err(format!("`{version}` is not a version of the form MAJOR.MINOR.PATCH"));
    };
    Ok(match (major, bump) {
        (0, Bump::Breaking) | (1.., Bump::Addition) => format!("{major}.{}.0", minor + 1),
        (0, _) | (1.., Bump::Fix) => format!("{major}.{minor}.{}", patch + 1),
        (1.., Bump::Breaking) => format!("{}.0.0", major + 1),
    })
}

/// The `CHANGELOG.md` entry of `version`: breaking changes first, then additions, each line naming
/// its provider.
fn changelog_entry(version: &str, date: &str, since: &str, changes: &[(String, ProviderChange)]) -> String {
    let (mut breaking, mut added) = (Vec::new(), Vec::new());
    for (folder, change) in changes {
        let provider = folder.rsplit('/').next().unwrap_or(folder);
        match change {
            ProviderChange::Added => added.push(format!("- `{provider}`: a new provider.")),
            ProviderChange::Removed => breaking.push(format!("- `{provider}`: the provider was removed.")),
            ProviderChange::Changed { changes, .. } => {
                for change in changes {
                    let detail = if change.detail.is_empty() { String::new() } else { format!(": {}", change.detail) };
                    let line = format!("- `{provider}`: {} `{}`{detail}.", change.kind, change.item);
                    if change.breaking {
                        breaking.push(line)
                    } else {
                        added.push(line)
                    }
                }
            }
        }
    }
    let mut entry =
        format!("## {version} ({date})\n\nThe SDK's API since {since}, as `cargo xtask release` found it.\n");
    for (heading, lines) in [("Breaking changes", &breaking), ("Added", &added)] {
        if !lines.is_empty() {
            entry.push_str(&format!("\n### {heading}\n\n{}\n", lines.join("\n")));
        }
    }
    if breaking.is_empty() && added.is_empty() {
        entry.push_str("\nNo change to the SDK's API: fixes and changes inside the SDK only.\n");
    }
    entry
}

/// `changelog` with `entry` first, below its title (a new file gets one).
fn with_entry(changelog: &str, entry: &str) -> String {
    const TITLE: &str = "# Changelog\n";
    let rest = changelog.strip_prefix(TITLE).unwrap_or(changelog).trim_start_matches('\n');
    format!("{TITLE}\n{entry}\n{rest}").trim_end().to_owned() + "\n"
}

fn current_version(package: &str) -> Result<String, String> {
    package
        .lines()
        .find_map(|line| line.strip_prefix("version:"))
        .map(|version| version.trim().trim_matches(['"', '\'']).to_owned())
        .ok_or_else(|| format!("{WORKSPACE_PACKAGE} has no `version:` line"))
}

/// `package` (the YAML of `specs/package.yaml`) with its `version:` line set to `version`.
fn with_version(package: &str, version: &str) -> Result<String, String> {
    current_version(package)?;
    let lines: Vec<String> = package
        .lines()
        .map(|line| if line.starts_with("version:") { format!("version: {version}") } else { line.to_owned() })
        .collect();
    Ok(lines.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_move_as_cargo_reads_them() {
        let next = |version, bump| next_version(version, bump).unwrap();
        assert_eq!(next("0.1.0", Bump::Breaking), "0.2.0");
        assert_eq!(next("0.1.3", Bump::Addition), "0.1.4");
        assert_eq!(next("0.1.3", Bump::Fix), "0.1.4");
        assert_eq!(next("1.4.2", Bump::Breaking), "2.0.0");
        assert_eq!(next("1.4.2", Bump::Addition), "1.5.0");
        assert_eq!(next("1.4.2", Bump::Fix), "1.4.3");
        assert!(next_version("1.4", Bump::Fix).is_err());
    }

    #[test]
    fn the_entry_goes_first_and_the_version_line_is_replaced() {
        let changelog =
            with_entry("# Changelog\n\n## 0.1.0 (2026-01-01)\n\nFirst.\n", "## 0.2.0 (2026-02-01)\n\nSecond.\n");
        assert_eq!(changelog, "# Changelog\n\n## 0.2.0 (2026-02-01)\n\nSecond.\n\n## 0.1.0 (2026-01-01)\n\nFirst.\n");
        assert_eq!(with_entry("", "## 0.1.1 (d)\n"), "# Changelog\n\n## 0.1.1 (d)\n");
        let package = "# Metadata.\nversion: 0.1.0\nreadme: ../README.md\n";
        assert_eq!(with_version(package, "0.2.0").unwrap(), "# Metadata.\nversion: 0.2.0\nreadme: ../README.md\n");
    }

    /// A workspace in a temporary git repository, released as v0.1.0; then a method is removed
    /// from DeepTable's spec and a provider is added.
    #[test]
    fn a_removed_operation_is_a_breaking_release_with_its_entry() {
        let ours = crate::workspace::workspace_root();
        let root = std::env::temp_dir().join(format!("xtask-release-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("specs/deeptable")).unwrap();
        for file in ["openapi.yaml", "sdk.yaml"] {
            std::fs::copy(ours.join("specs/deeptable").join(file), root.join("specs/deeptable").join(file)).unwrap();
        }
        std::fs::write(root.join(WORKSPACE_PACKAGE), "version: 0.1.0\n").unwrap();
        let git = |args: &[&str]| crate::revisions::git(&root, args).unwrap();
        git(&["init", "-q"]);
        git(&["add", "."]);
        git(&["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "0.1.0"]);
        git(&["tag", "v0.1.0"]);

        let config = root.join("specs/deeptable/sdk.yaml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(&config, text.replace("      delete: deleteFile\n", "")).unwrap();
        let plan = plan(&root, "2026-12-06").unwrap();

        assert_eq!((plan.previous.as_str(), plan.version.as_str(), plan.bump), ("0.1.0", "0.2.0", Bump::Breaking));
        assert!(plan.entry.starts_with("## 0.2.0 (2026-12-06)\n\nThe SDK's API since v0.1.0"), "{}", plan.entry);
        assert!(
            plan.entry.contains("### Breaking changes\n\n- `deeptable`: method removed `files().delete()`"),
            "{}",
            plan.entry
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
