//! The generated command-line tool's names: a subcommand per resource and method, a flag or
//! positional argument per input. Flags are the fields' names with dashes (`file_id` is
//! `--file-id`), so one namespace per command keeps both distinct.

use super::ident::Ident;
use super::ids::PathParamId;

/// How the command-line tool of one API names its commands and arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Cli {
    /// The binary (`spitch`).
    pub binary: String,
    /// The struct of the top-level command, its connection flags and its subcommands' enum are
    /// fixed names (`Cli`, `Connection`, `Command`); these are the rest, one per resource, indexed
    /// like [`Api::resources`](super::Api::resources).
    pub resources: Vec<CliResource>,
    /// The flags that configure the client: the base URL, then each credential's values, as
    /// fields of the `Connection` struct named like the client builder's methods.
    pub connection: Vec<Ident>,
}

/// A resource's subcommand, which holds its methods' and sub-resources' subcommands.
#[derive(Debug, Clone, PartialEq)]
pub struct CliResource {
    /// The subcommand (`files`).
    pub command: String,
    /// Its variant in the parent's enum of subcommands (`Files`).
    pub variant: Ident,
    /// The enum of its own subcommands (`FilesCommand`).
    pub commands: Ident,
    /// One per method, in the resource's order.
    pub methods: Vec<CliMethod>,
}

/// A method's subcommand.
#[derive(Debug, Clone, PartialEq)]
pub struct CliMethod {
    /// The subcommand (`list`, `get-usage`).
    pub command: String,
    /// Its variant in the resource's enum of subcommands (`List`).
    pub variant: Ident,
    /// The struct of its arguments (`ListFilesArgs`).
    pub args: Ident,
    /// Its arguments: the path parameters (positional), then the tool's own flags, then one flag
    /// per setter.
    pub inputs: Vec<CliInput>,
}

/// One argument of a method's subcommand.
#[derive(Debug, Clone, PartialEq)]
pub struct CliInput {
    /// The field of the arguments' struct.
    pub field: Ident,
    /// What it sets.
    pub source: CliSource,
}

impl CliInput {
    /// The flag without its dashes (`file-id`), or the positional argument's value name.
    pub fn flag(&self) -> String {
        self.field.bare().trim_end_matches('_').replace('_', "-")
    }
}

/// What an argument of a method's subcommand sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CliSource {
    /// A path parameter, as a positional argument.
    PathParam(PathParamId),
    /// The value of the setter at this index of [`Method::setters`](super::Method::setters).
    Setter(usize),
    /// The body as JSON (text, `@file` or `-` for standard input): a whole body, or an object
    /// whose properties the setters' flags then override.
    Json,
    /// Every item of every page, for a method that pages.
    All,
    /// The response's events, for a method that streams them.
    Stream,
    /// The file a binary response is written to.
    Output,
}
