//! The tools a server offers: the generated table, narrowed by the filters it was started with,
//! made into MCP tool definitions (input schemas with the definitions they refer to, and
//! annotations), or into the three tools of dynamic mode for an API too large to list.

use std::collections::BTreeMap;
use std::sync::Arc;

use rmcp::model::{Tool, ToolAnnotations};
use serde_json::{json, Map, Value};

use super::api::{Access, ToolSpec};

/// Which tools a server offers, as its command line narrowed them.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// Only the tools of these resources (and of their sub-resources), if any are given.
    pub resources: Vec<String>,
    /// Only the tools of operations with one of these tags, if any are given.
    pub tags: Vec<String>,
    /// Only these tools, if any are given.
    pub tools: Vec<String>,
    /// Only tools that read.
    pub read_only: bool,
    /// No tool that deletes.
    pub no_destructive: bool,
}

impl Filter {
    /// Whether `tool` is offered.
    pub fn admits<C>(&self, tool: &ToolSpec<C>) -> bool {
        let in_resource = |wanted: &String| {
            tool.resource == wanted
                || tool.resource.strip_prefix(wanted.as_str()).is_some_and(|rest| rest.starts_with('.'))
        };
        (self.resources.is_empty() || self.resources.iter().any(in_resource))
            && (self.tags.is_empty()
                || self.tags.iter().any(|tag| tool.tags.iter().any(|own| own.eq_ignore_ascii_case(tag))))
            && (self.tools.is_empty() || self.tools.iter().any(|name| name == tool.name))
            && (!self.read_only || tool.access == Access::ReadOnly)
            && (!self.no_destructive || tool.access != Access::Destructive)
    }
}

/// The tools a server offers, and their MCP definitions.
pub struct Catalog<C: 'static> {
    tools: Vec<&'static ToolSpec<C>>,
    definitions: BTreeMap<&'static str, Value>,
}

impl<C> Catalog<C> {
    /// The tools of `table` that `filter` admits; `definitions` is the table their schemas refer to.
    pub fn new(
        table: &'static [ToolSpec<C>],
        definitions: &'static [(&'static str, &'static str)],
        filter: &Filter,
    ) -> Self {
        let definitions = definitions
            .iter()
            .map(|(name, schema)| (*name, serde_json::from_str(schema).unwrap_or_else(|_| json!({}))))
            .collect();
        Self { tools: table.iter().filter(|tool| filter.admits(tool)).collect(), definitions }
    }

    /// The tools offered, in the API's order.
    pub fn specs(&self) -> &[&'static ToolSpec<C>] {
        &self.tools
    }

    /// The offered tool named `name`.
    pub fn find(&self, name: &str) -> Option<&'static ToolSpec<C>> {
        self.tools.iter().copied().find(|tool| tool.name == name)
    }

    /// `tool`'s input schema, with the definitions it refers to under `$defs`.
    pub fn input_schema(&self, tool: &ToolSpec<C>) -> Map<String, Value> {
        let mut schema = match serde_json::from_str(tool.input_schema) {
            Ok(Value::Object(schema)) => schema,
            _ => Map::new(),
        };
        if !tool.definitions.is_empty() {
            let definitions: Map<String, Value> = tool
                .definitions
                .iter()
                .filter_map(|name| Some(((*name).to_owned(), self.definitions.get(name)?.clone())))
                .collect();
            schema.insert("$defs".to_owned(), Value::Object(definitions));
        }
        schema
    }

    /// `tool` as MCP lists it.
    pub fn tool(&self, tool: &ToolSpec<C>) -> Tool {
        Tool::new(tool.name, tool.description, Arc::new(self.input_schema(tool)))
            .with_title(tool.title)
            .with_annotations(annotations(tool))
    }

    /// Every offered tool as MCP lists it.
    pub fn tools(&self) -> Vec<Tool> {
        self.tools.iter().map(|tool| self.tool(tool)).collect()
    }
}

fn annotations<C>(tool: &ToolSpec<C>) -> ToolAnnotations {
    let annotations = ToolAnnotations::with_title(tool.title).open_world(true);
    match tool.access {
        Access::ReadOnly => annotations.read_only(true),
        Access::Write => annotations.read_only(false).destructive(false).idempotent(false),
        Access::Idempotent => annotations.read_only(false).destructive(false).idempotent(true),
        Access::Destructive => annotations.read_only(false).destructive(true).idempotent(true),
    }
}
