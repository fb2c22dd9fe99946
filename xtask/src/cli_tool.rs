//! `mock-test --spec FILE --cli`: the command-line tool generated beside a standalone crate,
//! against Prism. Every `GET` command whose required arguments are plain values (text, numbers,
//! enum values, dates, UUIDs) runs with values made from the IR; each must exit 0.

use std::path::{Path, PathBuf};
use std::process::Command;

use sdkgen::ir::{Api, CliMethod, CliSource, Constraints, HttpMethod, Method, Resource, TypeDefKind, TypeRef};

use crate::prism::{start_prism, Tally};
use crate::workspace::build_standalone_binary;

/// A standalone crate's command-line tool, and the commands to run.
pub(crate) struct CliTool {
    crate_dir: PathBuf,
    /// The binary (`petstore`).
    pub(crate) binary: String,
    /// Each command's arguments, the global flags aside.
    commands: Vec<Vec<String>>,
    /// The flags of the credentials, each given a test value.
    credential_flags: Vec<String>,
    /// `GET` commands left out: a required argument is not a plain value.
    skipped: usize,
}

impl CliTool {
    /// The tool of `api`, generated in `crate_dir`.
    pub(crate) fn of(api: &Api, crate_dir: PathBuf) -> Self {
        let (mut commands, mut skipped) = (Vec::new(), 0);
        for (resource, names) in api.resources.iter().zip(&api.cli.resources) {
            for (method, command) in resource.methods.iter().zip(&names.methods) {
                if method.http_method != HttpMethod::Get {
                    continue;
                }
                match arguments(api, method, command) {
                    Some(arguments) => commands.push([command_path(api, resource, &names.command), arguments].concat()),
                    None => skipped += 1,
                }
            }
        }
        let credential_flags = api.cli.connection.iter().map(|setter| format!("--{}", setter.bare().replace('_', "-")));
        Self {
            crate_dir,
            binary: api.cli.binary.clone(),
            commands,
            credential_flags: credential_flags.collect(),
            skipped,
        }
    }

    /// Builds the tool and runs each command against Prism serving `spec`, printing each failure;
    /// whether every command succeeded.
    pub(crate) fn against_prism(&self, root: &Path, prism: &Path, spec: &Path) -> Result<bool, String> {
        let binary = build_standalone_binary(root, &self.crate_dir, &self.binary)?;
        let prism = start_prism(root, prism, spec, false)?;
        let mut tally = Tally::default();
        for arguments in &self.commands {
            let mut command = Command::new(&binary);
            command.args(arguments).args(["--base-url", &prism.url]);
            for flag in &self.credential_flags {
                command.args([flag.as_str(), "test-key"]);
            }
            let output = command.output().map_err(|error| format!("cannot run {}: {error}", binary.display()))?;
            let stderr = String::from_utf8_lossy(&output.stderr);
            let what = format!("{} {}", self.binary, arguments.join(" "));
            tally.record(&what, (!output.status.success()).then_some(&*stderr));
        }
        println!(
            "{}: GET commands against Prism: {} ({} left out: an argument is not a plain value)",
            self.binary,
            tally.summary(),
            self.skipped
        );
        Ok(tally.passed())
    }
}

/// The subcommands that reach `resource`, whose own is `command` (`pet`, or `files versions`).
fn command_path(api: &Api, resource: &Resource, command: &str) -> Vec<String> {
    let mut path = match resource.parent {
        Some(parent) => command_path(api, api.resource(parent), &api.cli_resource(parent).command),
        None => Vec::new(),
    };
    path.push(command.to_owned());
    path
}

/// The method's subcommand and its required arguments, if each is a plain value.
fn arguments(api: &Api, method: &Method, command: &CliMethod) -> Option<Vec<String>> {
    let mut arguments = vec![command.command.clone()];
    for input in &command.inputs {
        match input.source {
            CliSource::PathParam(id) => {
                let param = method.path_param(id);
                arguments.push(plain_value(api, &param.ty, &param.constraints)?);
            }
            CliSource::Setter(index) => {
                let view = method.setter_view(&api.types, &method.setters[index]);
                if view.required && !view.nullable {
                    let item = match view.ty {
                        TypeRef::Array(item) => item,
                        ty => ty,
                    };
                    arguments.extend([format!("--{}", input.flag()), plain_value(api, item, view.constraints)?]);
                }
            }
            CliSource::Json | CliSource::All | CliSource::Stream | CliSource::Output => {}
        }
    }
    Some(arguments)
}

/// A value of `ty` as a flag takes it, within its constraints; `None` when there is no plain one.
fn plain_value(api: &Api, ty: &TypeRef, constraints: &Constraints) -> Option<String> {
    if constraints.pattern.is_some() {
        return None;
    }
    let number =
        || constraints.minimum.map_or(1.0, |minimum| minimum.max(1.0)).min(constraints.maximum.unwrap_or(f64::MAX));
    Some(match api.types.resolve(ty) {
        TypeRef::String => {
            let text = match constraints.format.as_deref() {
                Some("email") => "someone@example.com",
                Some("uri" | "url") => "https://example.com/",
                _ => "example",
            };
            format!("{text:x<width$}", width = constraints.min_length.unwrap_or(0))
        }
        TypeRef::I32 | TypeRef::I64 => format!("{}", number().ceil() as i64),
        TypeRef::F32 | TypeRef::F64 => format!("{}", number()),
        TypeRef::Bool => "true".to_owned(),
        TypeRef::Uuid => "3fa85f64-5717-4562-b3fc-2c963f66afa6".to_owned(),
        TypeRef::DateTime => "2024-01-02T03:04:05Z".to_owned(),
        TypeRef::Date => "2024-01-02".to_owned(),
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeDefKind::Enum(variants) => variants.first()?.value.clone(),
            TypeDefKind::IntegerEnum(variants) => variants.first()?.value.to_string(),
            _ => return None,
        },
        _ => return None,
    })
}
