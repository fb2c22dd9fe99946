//! Running a command: the Tokio runtime, the message on standard error and the exit code, which
//! says what kind of failure it was so that scripts can branch on it.

use std::future::Future;
use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::sdk::runtime::Error;

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// The API call failed (or could not be made).
    Api(Error),
    /// An argument could not be used (a file that cannot be read, JSON of the wrong shape).
    Input(String),
    /// Standard output or a file could not be written.
    Io(std::io::Error),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Api(error)
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure::Io(error)
    }
}

impl Failure {
    /// The exit code: 2 for what the user must change (as clap's own usage errors), 3 when the
    /// credentials are refused, 4 when the API has no such thing, 5 for other refused requests, 6
    /// when the server failed, 7 when it could not be reached in time, 8 when its answer could not
    /// be read, 1 for anything else.
    pub fn exit_code(&self) -> u8 {
        let Failure::Api(error) = self else { return if matches!(self, Failure::Input(_)) { 2 } else { 1 } };
        match error {
            Error::InvalidRequest { .. } | Error::Config { .. } => 2,
            Error::Authentication(_) | Error::PermissionDenied(_) => 3,
            Error::NotFound(_) => 4,
            Error::Connection { .. } | Error::Timeout { .. } => 7,
            Error::Decode(_) | Error::UnexpectedResponse { .. } | Error::Event(_) => 8,
            _ => match error.status().map(|status| status.as_u16()) {
                Some(400..=499) => 5,
                Some(500..=599) => 6,
                _ => 1,
            },
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Api(error) => {
                write!(f, "{error}")?;
                match error.request_id() {
                    Some(id) => write!(f, " (request id {id})"),
                    None => Ok(()),
                }
            }
            Failure::Input(message) => f.write_str(message),
            Failure::Io(error) => write!(f, "{error}"),
        }
    }
}

/// Parses the arguments of `C`, runs `run` with them on a runtime of its own and exits: 0, clap's
/// code for a usage error, or the failure's [code](Failure::exit_code) after its message.
pub fn main<C, F>(run: impl FnOnce(C) -> F) -> ExitCode
where
    C: Parser,
    F: Future<Output = Result<(), Failure>>,
{
    let arguments = C::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => return report(&Failure::Io(error)),
    };
    match runtime.block_on(run(arguments)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => report(&failure),
    }
}

fn report(failure: &Failure) -> ExitCode {
    // A broken pipe (`| head`) is the reader's choice, not a failure.
    if let Failure::Io(error) = failure {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            return ExitCode::SUCCESS;
        }
    }
    let label = if std::io::stderr().is_terminal() { "\u{1b}[1;31merror:\u{1b}[0m" } else { "error:" };
    eprintln!("{label} {failure}");
    ExitCode::from(failure.exit_code())
}

/// Prints the completion script of `C` for `shell`.
pub fn completions<C: CommandFactory>(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut command = C::command();
    let name = command.get_name().to_owned();
    clap_complete::generate(shell, &mut command, name, &mut std::io::stdout());
    Ok(())
}
