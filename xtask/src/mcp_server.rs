//! `mock-test --spec FILE --mcp`: the MCP server generated beside a standalone crate, against
//! Prism. The official Python MCP client (`mcp/tests/client.py`) lists its tools and calls every
//! read-only one with arguments made from its input schema; each must answer without error.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::prism::{start_prism, Tally};
use crate::workspace::build_standalone_binary;

#[path = "../../mcp/tests/common/install.rs"]
mod install;

/// A standalone crate's MCP server: where it is, its binary and the variables it is configured by.
pub(crate) struct McpServer {
    crate_dir: PathBuf,
    /// The binary (`petstore-mcp`).
    pub(crate) binary: String,
    /// The variable of the base URL, set to Prism's.
    base_url_env: Option<String>,
    /// The variables of every credential, each set to a test value.
    credential_envs: Vec<String>,
}

impl McpServer {
    /// The server of `api`, generated in `crate_dir`.
    pub(crate) fn of(api: &sdkgen::ir::Api, crate_dir: PathBuf) -> Self {
        let mut credential_envs = Vec::new();
        for credential in &api.credentials {
            credential_envs.extend(credential.env.first().cloned());
            if let sdkgen::ir::CredentialPlacement::Basic { password } = &credential.placement {
                credential_envs.extend(password.env.first().cloned());
            }
        }
        Self {
            crate_dir,
            binary: api.mcp.binary.clone(),
            base_url_env: api.base_url_env.first().cloned(),
            credential_envs,
        }
    }

    /// Builds the server and calls each of its read-only tools against Prism serving `spec`,
    /// printing each failure; whether every call succeeded.
    pub(crate) fn against_prism(&self, root: &Path, prism: &Path, spec: &Path) -> Result<bool, String> {
        let binary = build_standalone_binary(root, &self.crate_dir, &self.binary)?;
        let prism = start_prism(root, prism, spec, false)?;
        let python = install::client_python(&root.join("target"))?;
        let mut client = Command::new(python);
        client.arg(root.join("mcp/tests/client.py")).arg("--stdio");
        client.arg(binary).args(["--mode", "static"]);
        client.envs(self.credential_envs.iter().map(|name| (name, "test-key")));
        if let Some(name) = &self.base_url_env {
            client.env(name, &prism.url);
        }
        let output = client
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().map(|mut stdin| stdin.write_all(br#"[{"call_read_only": true}]"#)).transpose()?;
                child.wait_with_output()
            })
            .map_err(|error| format!("cannot run the MCP client: {error}"))?;
        let results: Value = serde_json::from_slice(&output.stdout)
            .map_err(|error| format!("the MCP client printed no results ({error}); see its standard error above"))?;
        Ok(report(&self.binary, &results[0]))
    }
}

/// Prints each failed call and the count; whether none failed but by the spec's contradictions.
fn report(binary: &str, calls: &Value) -> bool {
    let mut tally = Tally::default();
    for (tool, result) in calls.as_object().into_iter().flatten() {
        let failure = match result["is_error"] == false {
            true => None,
            false => Some(result["text"][0].as_str().map_or_else(|| result.to_string(), str::to_owned)),
        };
        tally.record(&format!("{binary} {tool}"), failure.as_deref());
    }
    println!("{binary}: read-only tools against Prism: {}", tally.summary());
    tally.passed()
}
