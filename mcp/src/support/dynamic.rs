//! Dynamic mode, for an API with more tools than an agent should read at once: three tools that
//! list the operations, describe one (its input schema), and invoke one.

use std::sync::Arc;

use rmcp::model::{Tool, ToolAnnotations};
use serde_json::{json, Map, Value};

use super::api::{Access, ToolSpec};
use super::arguments::Arguments;
use super::catalog::Catalog;
use super::reply::{Failure, Reply};

/// What the server's instructions add in dynamic mode.
pub const INSTRUCTIONS: &str = "\n\nThe API's operations are reached through three tools: `list_endpoints` finds them, `describe_endpoint` gives one's input schema, and `invoke_endpoint` calls one with arguments that follow that schema.";

const LIST: &str = "list_endpoints";
const DESCRIBE: &str = "describe_endpoint";
const INVOKE: &str = "invoke_endpoint";

/// The three tools.
pub fn tools() -> Vec<Tool> {
    let list = json!({
        "type": "object",
        "properties": {
            "search": { "type": "string", "description": "Words the operation's name, title or description contains (any case)." },
            "resource": { "type": "string", "description": "Only the operations of this resource, as `list_endpoints` shows it." }
        },
        "additionalProperties": false
    });
    let describe = json!({
        "type": "object",
        "properties": { "name": { "type": "string", "description": "The operation's name, from `list_endpoints`." } },
        "required": ["name"],
        "additionalProperties": false
    });
    let invoke = json!({
        "type": "object",
        "properties": {
            "name": { "type": "string", "description": "The operation's name, from `list_endpoints`." },
            "arguments": { "type": "object", "description": "The operation's arguments, as `describe_endpoint` gives their schema." }
        },
        "required": ["name"],
        "additionalProperties": false
    });
    let read_only = || ToolAnnotations::new().read_only(true).open_world(false);
    vec![
        tool(LIST, "Lists the API's operations: name, title, resource and whether it only reads.", list)
            .with_annotations(read_only()),
        tool(
            DESCRIBE,
            "Describes one operation of the API: what it does and the JSON Schema of its arguments.",
            describe,
        )
        .with_annotations(read_only()),
        tool(INVOKE, "Calls one operation of the API with arguments that follow its schema.", invoke)
            .with_annotations(ToolAnnotations::new().open_world(true)),
    ]
}

fn tool(name: &'static str, description: &'static str, schema: Value) -> Tool {
    let Value::Object(schema) = schema else { unreachable!("each schema above is an object") };
    Tool::new(name, description, Arc::new(schema))
}

/// What a call of one of the three tools comes to.
pub enum Step {
    /// Its reply, from the catalog alone.
    Reply(Reply),
    /// The operation to invoke, with its arguments.
    Invoke { name: String, arguments: Arguments },
}

/// Runs one of the three tools as far as the catalog can; invoking is the server's.
pub fn call<C>(catalog: &Catalog<C>, name: &str, mut arguments: Arguments) -> Result<Step, Failure> {
    match name {
        LIST => {
            let search = arguments.take::<String>("search")?.map(|words| words.to_lowercase());
            let resource = arguments.take::<String>("resource")?;
            arguments.finish()?;
            let found = catalog.specs().iter().filter(|tool| {
                resource.as_deref().is_none_or(|resource| tool.resource == resource)
                    && search.as_deref().is_none_or(|words| matches(tool, words))
            });
            Ok(Step::Reply(Reply::Json(Value::Array(found.map(|tool| summary(tool)).collect()).to_string())))
        }
        DESCRIBE => {
            let name = arguments.require::<String>("name")?;
            arguments.finish()?;
            let tool = catalog.find(&name).ok_or_else(|| unknown(&name))?;
            let mut described = summary(tool);
            described["description"] = tool.description.into();
            described["input_schema"] = Value::Object(catalog.input_schema(tool));
            Ok(Step::Reply(Reply::Json(described.to_string())))
        }
        INVOKE => {
            let name = arguments.require::<String>("name")?;
            let inner = arguments.take::<Map<String, Value>>("arguments")?;
            arguments.finish()?;
            Ok(Step::Invoke { name, arguments: Arguments::new(inner) })
        }
        _ => Err(Failure::UnknownTool),
    }
}

/// An operation's name the agent got wrong: a tool error it can correct, not a protocol error.
pub fn unknown(name: &str) -> Failure {
    Failure::Argument(format!("no operation is named `{name}`; `{LIST}` lists them"))
}

/// Whether every word of `words` is in the tool's name, title or description.
fn matches<C>(tool: &ToolSpec<C>, words: &str) -> bool {
    let text = format!("{} {} {}", tool.name, tool.title, tool.description).to_lowercase();
    words.split_whitespace().all(|word| text.contains(word))
}

fn summary<C>(tool: &ToolSpec<C>) -> Value {
    json!({
        "name": tool.name,
        "title": tool.title,
        "resource": tool.resource,
        "read_only": tool.access == Access::ReadOnly,
        "destructive": tool.access == Access::Destructive,
    })
}
