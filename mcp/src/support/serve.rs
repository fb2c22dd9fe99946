//! The server process: its options (transport, filters, mode), the client from the environment,
//! and serving over standard input and output or Streamable HTTP until the client or a signal
//! ends it.

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{CommandFactory, FromArgMatches, Parser};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::ServiceExt;

use super::api::Api;
use super::catalog::{Catalog, Filter};
use super::server::{Server, Settings};

/// More tools than this are offered in dynamic mode unless `--mode static` says otherwise.
const DYNAMIC_ABOVE: usize = 128;

/// How the server was started.
#[derive(Debug, Parser)]
#[command(after_help = "Credentials and the base URL come from the SDK's environment variables, never from arguments.")]
struct Options {
    /// Serves Streamable HTTP at this address (`127.0.0.1:8000`, port 0 for any), at `/mcp`,
    /// instead of speaking MCP on standard input and output.
    #[arg(long, value_name = "ADDRESS")]
    http: Option<SocketAddr>,
    /// A `Host` the HTTP server answers besides loopback's (`mcp.example.com`,
    /// `mcp.example.com:8443`); repeat for several. Any other is refused, against DNS rebinding.
    #[arg(long = "allow-host", value_name = "HOST", requires = "http")]
    allowed_hosts: Vec<String>,
    /// Offers only the tools of this resource and its sub-resources (`files`, `files.versions`);
    /// repeat for several.
    #[arg(long = "resource", value_name = "RESOURCE")]
    resources: Vec<String>,
    /// Offers only the tools of operations with this tag in the spec; repeat for several.
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Offers only this tool; repeat for several.
    #[arg(long = "tool", value_name = "NAME")]
    tools: Vec<String>,
    /// Offers only the tools that read.
    #[arg(long)]
    read_only: bool,
    /// Leaves out the tools that delete.
    #[arg(long)]
    no_destructive: bool,
    /// One tool per operation (`static`), or three that list, describe and invoke them
    /// (`dynamic`); `auto` is dynamic above 128 tools.
    #[arg(long, value_enum, default_value = "auto")]
    mode: Mode,
    /// The most characters a tool's reply carries; longer JSON keeps the items that fit.
    #[arg(long, value_name = "CHARACTERS", default_value_t = 50_000)]
    max_reply_chars: usize,
    /// Prints the offered tools as JSON, as a client would list them, and exits.
    #[arg(long)]
    list_tools: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Mode {
    Auto,
    Static,
    Dynamic,
}

/// Runs the server the process's arguments describe, and exits when its client leaves.
pub fn main<C: Clone + Send + Sync + 'static>(api: Api<C>) -> ExitCode {
    let command = Options::command()
        .name(api.binary)
        .version(api.version)
        .about(format!("Serves the {} as MCP tools, on standard input and output or over HTTP.", api.title));
    let options = match Options::from_arg_matches(&command.get_matches()) {
        Ok(options) => options,
        Err(error) => error.exit(),
    };
    match run(api, options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            let _ = writeln!(std::io::stderr(), "error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run<C: Clone + Send + Sync + 'static>(api: Api<C>, options: Options) -> Result<(), String> {
    let filter = Filter {
        resources: options.resources,
        tags: options.tags,
        tools: options.tools,
        read_only: options.read_only,
        no_destructive: options.no_destructive,
    };
    let catalog = Catalog::new(api.tools, api.definitions, &filter);
    if options.list_tools {
        let tools = serde_json::to_string_pretty(&catalog.tools()).map_err(|error| error.to_string())?;
        return writeln!(std::io::stdout(), "{tools}").map_err(|error| error.to_string());
    }
    if catalog.specs().is_empty() {
        return Err("the filters leave no tool to offer".to_owned());
    }
    // The SDK's error names what is missing, never a credential's value.
    let client = (api.connect)().map_err(|error| error.to_string())?;
    let dynamic = match options.mode {
        Mode::Auto => catalog.specs().len() > DYNAMIC_ABOVE,
        Mode::Static => false,
        Mode::Dynamic => true,
    };
    let server = Server::new(api, client, catalog, Settings { dynamic, limit: options.max_reply_chars });
    let runtime = tokio::runtime::Runtime::new().map_err(|error| format!("cannot start: {error}"))?;
    runtime.block_on(async move {
        match options.http {
            Some(address) => serve_http(server, address, options.allowed_hosts).await,
            None => serve_stdio(server).await,
        }
    })
}

async fn serve_stdio<C: Clone + Send + Sync + 'static>(server: Server<C>) -> Result<(), String> {
    let running = server.serve(rmcp::transport::stdio()).await.map_err(|error| error.to_string())?;
    running.waiting().await.map_err(|error| error.to_string())?;
    Ok(())
}

async fn serve_http<C: Clone + Send + Sync + 'static>(
    server: Server<C>,
    address: SocketAddr,
    allowed_hosts: Vec<String>,
) -> Result<(), String> {
    let listener =
        tokio::net::TcpListener::bind(address).await.map_err(|error| format!("cannot listen on {address}: {error}"))?;
    let bound = listener.local_addr().map_err(|error| error.to_string())?;
    let mut config = StreamableHttpServerConfig::default();
    config.allowed_hosts.extend(allowed_hosts);
    let service =
        StreamableHttpService::new(move || Ok(server.clone()), Arc::new(LocalSessionManager::default()), config);
    let router = axum::Router::new().nest_service("/mcp", service);
    // Said on standard error, where a caller that asked for port 0 learns the port.
    let _ = writeln!(std::io::stderr(), "serving MCP at http://{bound}/mcp");
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|error| error.to_string())
}
