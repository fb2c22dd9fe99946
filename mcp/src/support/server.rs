//! The MCP side: the server's identity and tools as `rmcp` asks for them, and each call of a tool
//! run through the generated function that calls the API.

use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation, ListToolsResult,
    PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};

use super::api::Api;
use super::arguments::Arguments;
use super::catalog::Catalog;
use super::dynamic::{self, Step};
use super::reply::{Failure, Reply};

/// One API served over MCP; clones share the client and the catalog.
pub struct Server<C: 'static> {
    shared: Arc<Shared<C>>,
}

impl<C: 'static> Clone for Server<C> {
    fn clone(&self) -> Self {
        Self { shared: Arc::clone(&self.shared) }
    }
}

struct Shared<C: 'static> {
    api: Api<C>,
    client: C,
    catalog: Catalog<C>,
    /// What `tools/list` answers, made once: every session of an HTTP server asks for it.
    listed: Vec<Tool>,
    /// Three tools (list, describe, invoke) instead of one per operation.
    dynamic: bool,
    /// The most characters a reply carries.
    limit: usize,
}

/// How a server offers its tools.
pub struct Settings {
    /// Three tools (list, describe, invoke) instead of one per operation.
    pub dynamic: bool,
    /// The most characters a reply carries.
    pub limit: usize,
}

impl<C: Send + Sync + 'static> Server<C> {
    /// A server of `api`'s tools in `catalog`, calling them with `client`.
    pub fn new(api: Api<C>, client: C, catalog: Catalog<C>, settings: Settings) -> Self {
        let listed = match settings.dynamic {
            true => dynamic::tools(),
            false => catalog.tools(),
        };
        let shared = Shared { api, client, catalog, listed, dynamic: settings.dynamic, limit: settings.limit };
        Self { shared: Arc::new(shared) }
    }

    /// Calls the offered tool `name`.
    pub(super) async fn call(&self, name: &str, arguments: Arguments) -> Result<Reply, Failure> {
        let Some(tool) = self.shared.catalog.find(name) else { return Err(Failure::UnknownTool) };
        (tool.call)(&self.shared.client, arguments).await
    }

    /// `outcome` as MCP's result: the reply's text and a note on what was trimmed, or the failure
    /// as a tool error the agent reads.
    fn result(&self, outcome: Result<Reply, Failure>) -> CallToolResult {
        match outcome {
            Ok(reply) => {
                let (text, note) = reply.into_text(self.shared.limit);
                let mut content = vec![ContentBlock::text(text)];
                content.extend(note.map(ContentBlock::text));
                CallToolResult::success(content)
            }
            Err(failure) => CallToolResult::error(vec![ContentBlock::text(failure.to_string())]),
        }
    }
}

impl<C: Send + Sync + 'static> ServerHandler for Server<C> {
    fn get_info(&self) -> ServerConfig {
        let api = &self.shared.api;
        let mut instructions = api.instructions.to_owned();
        if self.shared.dynamic {
            instructions.push_str(dynamic::INSTRUCTIONS);
        }
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new(api.binary, api.version).with_title(api.title))
            .with_instructions(instructions)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.shared.listed.clone()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let arguments = Arguments::new(request.arguments);
        let outcome = match self.shared.dynamic {
            true => match dynamic::call(&self.shared.catalog, &request.name, arguments) {
                Ok(Step::Reply(reply)) => Ok(reply),
                Ok(Step::Invoke { name, arguments }) => match self.call(&name, arguments).await {
                    Err(Failure::UnknownTool) => Err(dynamic::unknown(&name)),
                    outcome => outcome,
                },
                Err(failure) => Err(failure),
            },
            false => self.call(&request.name, arguments).await,
        };
        // A name no offered tool has is the client's mistake, not the tool's.
        if let Err(Failure::UnknownTool) = outcome {
            return Err(ErrorData::invalid_params(format!("no tool is named `{}`", request.name), None));
        }
        Ok(self.result(outcome).into())
    }
}
