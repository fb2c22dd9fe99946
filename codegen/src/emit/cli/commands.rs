//! A provider's command module: the top-level command and how it connects, an enum of
//! subcommands per resource, a struct of arguments per method, and how each runs.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::companion::Imports;
use super::super::rust::{doc, module_doc};
use super::calls::method_run;
use super::inputs::input_field;
use crate::ir::{Api, CliMethod, CliResource, CredentialPlacement, Ident, Method, Resource};

/// What the top-level help says about exit codes, as `support::Failure::exit_code` gives them.
const EXIT_CODES: &str = "Exit codes: 0 done, 1 other failure, 2 bad arguments, 3 credentials refused, 4 not found, \
5 request refused, 6 server error, 7 unreachable or timed out, 8 unreadable response.";

/// The module of `api`'s command, which calls the SDK module at `sdk`, in the SDK crate `root`.
pub(super) fn provider_module(api: &Api, sdk: &TokenStream, root: &TokenStream) -> TokenStream {
    let mut imports = Imports::default();
    let mut items = Vec::new();
    for (resource, names) in api.resources.iter().zip(&api.cli.resources) {
        items.push(resource_enum(api, resource, names));
        for (method, names) in resource.methods.iter().zip(&names.methods) {
            items.push(args_struct(api, method, names, &mut imports));
            items.push(method_run(api, resource, method, names));
        }
    }
    let top = top_command(api);
    let imports = imports.tokens(sdk, root);
    let doc = module_doc(&format!("The `{}` command: the {} from a shell.", api.cli.binary, api.api_name()));
    quote! {
        #doc

        use crate::support::{self, Failure};
        #imports

        #top
        #(#items)*
    }
}

/// `Cli`, its `Connection` flags, the `Command` enum of top resources and `main`.
fn top_command(api: &Api) -> TokenStream {
    let binary = &api.cli.binary;
    let about = doc(Some(&format!("The {} from the command line.", api.api_name())));
    let top = || api.resources.iter().zip(&api.cli.resources).filter(|(resource, _)| resource.parent.is_none());
    let variants = top().map(|(resource, names)| resource_variant(resource, names));
    let arms = top().map(|(_, names)| {
        let variant = &names.variant;
        quote!(Command::#variant(command) => command.run(&client).await,)
    });
    let connection = connection(api);
    quote! {
        #about
        #[derive(Debug, clap::Parser)]
        #[command(name = #binary, version, after_help = #EXIT_CODES)]
        pub struct Cli {
            #[command(flatten)]
            connection: Connection,
            #[command(subcommand)]
            command: Command,
        }

        #[derive(Debug, clap::Subcommand)]
        enum Command {
            #(#variants)*
            /// Prints the completion script for a shell (bash, zsh, fish, elvish, powershell).
            Completions {
                /// The shell.
                shell: clap_complete::Shell,
            },
        }

        /// Runs the command the process was started with, and exits with its outcome.
        pub fn main() -> std::process::ExitCode {
            support::main(run)
        }

        async fn run(cli: Cli) -> Result<(), Failure> {
            let client = match cli.command {
                Command::Completions { shell } => return support::completions::<Cli>(shell),
                _ => cli.connection.client()?,
            };
            match cli.command {
                #(#arms)*
                Command::Completions { .. } => Ok(()),
            }
        }

        #connection
    }
}

/// The flags that configure the client, each read from the environment when not given.
fn connection(api: &Api) -> TokenStream {
    let base_url_doc = match api.base_url_env.first() {
        Some(env) => format!("The API's base URL (else `{env}`, else the production server)."),
        None => "The API's base URL.".to_owned(),
    };
    let base_url_doc = doc(Some(&base_url_doc));
    let fields: Vec<TokenStream> = api.cli.connection.iter().map(|setter| connection_flag(api, setter)).collect();
    let setters = &api.cli.connection;
    quote! {
        /// How to reach the API: each flag, when given, overrides its environment variable.
        #[derive(Debug, clap::Args)]
        struct Connection {
            #base_url_doc
            #[arg(long = "base-url", global = true, value_name = "URL")]
            base_url: Option<String>,
            #(#fields)*
        }

        impl Connection {
            fn client(self) -> Result<Client, crate::sdk::Error> {
                let mut builder = Client::builder();
                if let Some(value) = self.base_url {
                    builder = builder.base_url(value);
                }
                #(
                    if let Some(value) = self.#setters {
                        builder = builder.#setters(value);
                    }
                )*
                builder.build()
            }
        }
    }
}

/// A credential's flag, documented with the variables it overrides.
fn connection_flag(api: &Api, setter: &Ident) -> TokenStream {
    let env = credential_env(api, setter);
    let text = match env.first() {
        Some(first) => format!("Overrides `{first}`; the variable keeps it out of the process list."),
        None => "A credential of the API.".to_owned(),
    };
    let flag = setter.bare().replace('_', "-");
    let value_name = setter.bare().to_uppercase();
    let doc = doc(Some(&text));
    quote! {
        #doc
        #[arg(long = #flag, global = true, value_name = #value_name)]
        #setter: Option<String>,
    }
}

fn credential_env<'a>(api: &'a Api, setter: &Ident) -> &'a [String] {
    for credential in &api.credentials {
        if credential.setter == *setter {
            return &credential.env;
        }
        match &credential.placement {
            CredentialPlacement::Basic { password } if password.setter == *setter => return &password.env,
            CredentialPlacement::OAuth2 { client_credentials: Some(flow), .. } => {
                for value in [&flow.client_id, &flow.client_secret] {
                    if value.setter == *setter {
                        return &value.env;
                    }
                }
            }
            _ => {}
        }
    }
    &[]
}

/// `Files(FilesCommand)` in the parent's enum, with the resource's docs.
fn resource_variant(resource: &Resource, names: &CliResource) -> TokenStream {
    let (variant, commands, command) = (&names.variant, &names.commands, &names.command);
    let text = resource.doc.clone().unwrap_or_else(|| format!("Calls of `{}`.", resource.path));
    let doc = doc(Some(&text));
    quote! {
        #doc
        #[command(subcommand, name = #command)]
        #variant(Box<#commands>),
    }
}

/// A resource's enum of subcommands (its methods, then its sub-resources) and how it runs one.
fn resource_enum(api: &Api, resource: &Resource, names: &CliResource) -> TokenStream {
    let commands = &names.commands;
    let method_variants = resource.methods.iter().zip(&names.methods).map(|(method, names)| {
        let (variant, args, command) = (&names.variant, &names.args, &names.command);
        let text = method_doc(method);
        let doc = doc(Some(&if method.deprecated { format!("(deprecated) {text}") } else { text }));
        quote! {
            #doc
            #[command(name = #command)]
            #variant(Box<#args>),
        }
    });
    let child_variants =
        resource.children.iter().map(|child| resource_variant(api.resource(*child), &api.cli.resources[child.index()]));
    let method_arms = names.methods.iter().map(|names| {
        let variant = &names.variant;
        quote!(#commands::#variant(args) => args.run(client).await,)
    });
    let child_arms = resource.children.iter().map(|child| {
        let variant = &api.cli.resources[child.index()].variant;
        quote!(#commands::#variant(command) => Box::pin(command.run(client)).await,)
    });
    quote! {
        #[derive(Debug, clap::Subcommand)]
        enum #commands {
            #(#method_variants)*
            #(#child_variants)*
        }

        impl #commands {
            async fn run(self, client: &Client) -> Result<(), Failure> {
                match self {
                    #(#method_arms)*
                    #(#child_arms)*
                }
            }
        }
    }
}

/// The method's summary, then its description.
fn method_doc(method: &Method) -> String {
    match (&method.summary, &method.description) {
        (Some(summary), Some(description)) => format!("{summary}\n\n{description}"),
        (Some(text), None) | (None, Some(text)) => text.clone(),
        (None, None) => format!("`{} {}`", method.http_method.as_str(), method.path),
    }
}

/// The struct of a method's arguments.
fn args_struct(api: &Api, method: &Method, names: &CliMethod, imports: &mut Imports) -> TokenStream {
    let args = &names.args;
    let fields = names.inputs.iter().map(|input| input_field(api, method, names, input, imports));
    quote! {
        #[derive(Debug, clap::Args)]
        struct #args {
            #(#fields)*
        }
    }
}
