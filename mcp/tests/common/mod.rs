//! The MCP client the tests drive the servers with: the official Python SDK (`mcp` from PyPI),
//! installed on first use into a virtual environment under `target/mcp-client`, and run on
//! `tests/client.py`, which turns a JSON list of steps into a JSON list of results.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

#[path = "install.rs"]
mod install;

/// The virtual environment's Python, with the client installed.
pub fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        install::client_python(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
            .unwrap_or_else(|error| panic!("{error}"))
    })
}

/// How the client reaches the server.
pub enum Transport<'a> {
    /// Starts `binary` with `args` and speaks MCP on its standard input and output.
    Stdio { binary: &'a str, args: &'a [&'a str] },
    /// Connects to a Streamable HTTP endpoint.
    Http(&'a str),
}

/// Runs `steps` (see `client.py`) against the server, with `env` set for a server the client
/// starts; one result per step.
pub fn run_client(transport: Transport, env: &[(&str, &str)], steps: Value) -> Vec<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/client.py");
    let mut command = Command::new(python());
    command.arg(script).envs(env.iter().copied());
    match transport {
        Transport::Stdio { binary, args } => command.args(["--stdio", binary]).args(args),
        Transport::Http(url) => command.args(["--http", url]),
    };
    let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(steps.to_string().as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the client failed: {stderr}");
    match serde_json::from_str(&stdout) {
        Ok(Value::Array(results)) => results,
        _ => panic!("the client printed no list of results: {stdout}\n{stderr}"),
    }
}

/// A server serving Streamable HTTP, stopped when dropped.
pub struct HttpServer {
    child: Child,
    /// Its endpoint (`http://127.0.0.1:PORT/mcp`).
    pub url: String,
}

impl HttpServer {
    /// Starts `binary` with `--http` on a free port of loopback, `args` and `env` set, and waits
    /// until it says where it serves.
    pub fn start(binary: &str, args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut child = Command::new(binary)
            .args(["--http", "127.0.0.1:0"])
            .args(args)
            .envs(env.iter().copied())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stderr.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim().strip_prefix("serving MCP at ").unwrap_or_else(|| panic!("{line}")).to_owned();
        Self { child, url }
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A call's reply: whether it is a tool error, and its text blocks.
pub fn reply(result: &Value) -> (bool, Vec<String>) {
    let is_error = result["is_error"].as_bool().unwrap_or_else(|| panic!("not a tool result: {result}"));
    let texts = result["text"].as_array().unwrap().iter().map(|text| text.as_str().unwrap().to_owned()).collect();
    (is_error, texts)
}

/// A successful call's reply as JSON.
pub fn reply_json(result: &Value) -> Value {
    let (is_error, texts) = reply(result);
    assert!(!is_error, "the tool failed: {texts:?}");
    serde_json::from_str(&texts[0]).unwrap_or_else(|error| panic!("not JSON ({error}): {}", texts[0]))
}
