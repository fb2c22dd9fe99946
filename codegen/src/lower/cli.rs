//! The command-line tool's names, from the resources and methods lowering already named: each
//! resource's subcommands in one namespace (its methods first, then its sub-resources), each
//! method's arguments in another (path parameters, then the tool's own flags, then the setters).

use heck::ToKebabCase;

use super::names::Namespace;
use crate::ir::{
    reserved, Body, BodyEncoding, Cli, CliInput, CliMethod, CliResource, CliSource, Credential, CredentialPlacement,
    Ident, Method, PathParamId, Resource, Response, SetterTarget, Types,
};

/// The names of the command-line tool of the API `module`.
pub(super) fn cli(module: &Ident, resources: &[Resource], credentials: &[Credential], arena: &Types) -> Cli {
    let mut types = Namespace::new(reserved::CLI_TYPES);
    let connection = connection(credentials);
    // Global flags hold their names in every command.
    let mut flags: Vec<&str> = reserved::CLI_FLAGS.to_vec();
    flags.extend(connection.iter().map(Ident::bare));
    // A resource's command is named in its parent's scope (the client's, or its parent resource's,
    // where the parent's methods came first).
    let mut top = Subcommands::default();
    let mut scopes: Vec<Subcommands> = Vec::with_capacity(resources.len());
    let mut methods: Vec<Vec<CliMethod>> = Vec::with_capacity(resources.len());
    for resource in resources {
        let mut scope = Subcommands::default();
        let lowered = resource.methods.iter().map(|method| cli_method(method, &mut scope, &mut types, arena, &flags));
        methods.push(lowered.collect());
        scopes.push(scope);
    }
    let mut named = Vec::with_capacity(resources.len());
    for (resource, methods) in resources.iter().zip(methods) {
        let scope = match resource.parent {
            Some(parent) => &mut scopes[parent.index()],
            None => &mut top,
        };
        let (command, variant) = scope.claim(resource.accessor.bare());
        let commands = types.pascal(&format!("{}Command", resource.type_name.bare()));
        named.push(CliResource { command, variant, commands, methods });
    }
    Cli { binary: module.bare().to_kebab_case(), resources: named, connection }
}

/// One enum of subcommands: their names and their variants, each distinct.
struct Subcommands {
    commands: Namespace,
    variants: Namespace,
}

impl Default for Subcommands {
    fn default() -> Self {
        Self { commands: Namespace::new(reserved::CLI_COMMANDS), variants: Namespace::new(reserved::CLI_VARIANTS) }
    }
}

impl Subcommands {
    /// The subcommand (kebab-case) and its variant for `name`.
    fn claim(&mut self, name: &str) -> (String, Ident) {
        let command = self.commands.snake(name);
        (command.bare().trim_end_matches('_').to_kebab_case(), self.variants.pascal(command.bare()))
    }
}

fn cli_method(
    method: &Method,
    scope: &mut Subcommands,
    types: &mut Namespace,
    arena: &Types,
    flags: &[&str],
) -> CliMethod {
    let (command, variant) = scope.claim(method.name.bare());
    let args = types.pascal(&format!("{}Args", method.builder.bare().trim_end_matches("Request")));
    let mut fields = Namespace::new(flags);
    let mut inputs: Vec<CliInput> = (0..method.path_params.len())
        .map(|index| {
            let source = CliSource::PathParam(PathParamId::new(index));
            CliInput { field: fields.snake(method.path_params[index].name.bare()), source }
        })
        .collect();
    let tool_flags = [
        (CliSource::Json, "json"),
        (CliSource::All, "all"),
        (CliSource::Stream, "stream"),
        (CliSource::Output, "output"),
    ];
    for (source, wanted) in tool_flags {
        if tool_flag(method, source) {
            inputs.push(CliInput { field: fields.snake(wanted), source });
        }
    }
    for (index, setter) in method.setters.iter().enumerate() {
        // A whole body is the `--json` flag's.
        if setter.target == SetterTarget::Body && takes_json(method) {
            continue;
        }
        // Named as the API's docs name the value (its wire name), which users of a tool know.
        let wire_name = method.setter_view(arena, setter).wire_name;
        inputs.push(CliInput { field: fields.snake(wire_name), source: CliSource::Setter(index) });
    }
    CliMethod { command, variant, args, inputs }
}

/// Whether `method`'s command has the tool's flag for `source`.
fn tool_flag(method: &Method, source: CliSource) -> bool {
    match source {
        CliSource::Json => takes_json(method),
        CliSource::All => method.pagination.is_some(),
        CliSource::Stream => method.events.is_some(),
        CliSource::Output => method.response == Response::Binary,
        CliSource::PathParam(_) | CliSource::Setter(_) => false,
    }
}

/// Whether the body can be given as JSON: an object sent as JSON or as a form, or a whole JSON value.
fn takes_json(method: &Method) -> bool {
    match &method.body {
        Some(Body::Object { encoding, .. }) => *encoding != BodyEncoding::Multipart,
        Some(Body::Whole { encoding, .. }) => *encoding == BodyEncoding::Json,
        _ => false,
    }
}

/// The client builder's setters the tool has flags for: each credential value the client can be
/// given as text (a token provider is code, not a flag).
fn connection(credentials: &[Credential]) -> Vec<Ident> {
    let mut setters = Vec::new();
    for credential in credentials {
        setters.push(credential.setter.clone());
        match &credential.placement {
            CredentialPlacement::Basic { password } => setters.push(password.setter.clone()),
            CredentialPlacement::OAuth2 { client_credentials: Some(flow), .. } => {
                setters.push(flow.client_id.setter.clone());
                setters.push(flow.client_secret.setter.clone());
            }
            _ => {}
        }
    }
    setters.dedup();
    setters
}
