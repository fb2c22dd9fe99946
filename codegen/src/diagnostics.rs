//! Errors and warnings that point at a place in a spec: a file and a JSON pointer inside it.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// What the generator decided on its own that a reader may want to change (an inferred paging
    /// scheme, say).
    Note,
    /// What the generator degraded or left out, and generated anyway.
    Warning,
    /// What stops generation.
    Error,
}

/// One finding about an input file, located by a JSON pointer (RFC 6901) into that file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The input file it is about.
    pub file: PathBuf,
    /// JSON pointer into `file`; empty for the whole document.
    pub pointer: String,
    /// What was found, and what was done about it.
    pub message: String,
}

impl Diagnostic {
    /// An error at `pointer` of `file`.
    pub fn error(file: impl Into<PathBuf>, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, file: file.into(), pointer: pointer.into(), message: message.into() }
    }

    /// A note at `pointer` of `file`.
    pub fn note(file: impl Into<PathBuf>, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Note, file: file.into(), pointer: pointer.into(), message: message.into() }
    }

    /// A warning at `pointer` of `file`.
    pub fn warning(file: impl Into<PathBuf>, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, file: file.into(), pointer: pointer.into(), message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        if self.pointer.is_empty() {
            write!(f, "{severity}: {}: {}", self.file.display(), self.message)
        } else {
            write!(f, "{severity}: {}#{}: {}", self.file.display(), self.pointer, self.message)
        }
    }
}

/// The generator's error: one or more [`Diagnostic`]s of [`Severity::Error`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong, each at its place; never empty.
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// An error of one diagnostic, at `pointer` of `file`.
    pub fn new(file: impl Into<PathBuf>, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { diagnostics: vec![Diagnostic::error(file, pointer, message)] }
    }

    /// An error about a file as a whole, such as one that cannot be read.
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Self::new(file, "", message)
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Self { diagnostics: vec![diagnostic] }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.diagnostics.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// A JSON pointer under construction. Segments are escaped as RFC 6901 requires (`~` → `~0`, `/` → `~1`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the whole document.
    pub fn root() -> Self {
        Self(String::new())
    }

    /// Parses an already escaped pointer such as `/components/schemas/File`.
    pub fn parse(escaped: &str) -> Self {
        Self(escaped.to_owned())
    }

    /// The pointer to `segment` under this one, escaped.
    pub fn push(&self, segment: impl fmt::Display) -> Self {
        use fmt::Write as _;
        // Loading a big spec makes a pointer for every node: one allocation each, as a rule.
        let mut pointer = String::with_capacity(self.0.len() + 24);
        pointer.push_str(&self.0);
        pointer.push('/');
        let start = pointer.len();
        let _ = write!(pointer, "{segment}");
        if pointer[start..].contains(['~', '/']) {
            let escaped = pointer[start..].replace('~', "~0").replace('/', "~1");
            pointer.truncate(start);
            pointer.push_str(&escaped);
        }
        Self(pointer)
    }

    /// The escaped pointer (`/components/schemas/File`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped segments.
    pub fn segments(&self) -> impl Iterator<Item = String> + '_ {
        self.0.split('/').skip(1).map(|segment| segment.replace("~1", "/").replace("~0", "~"))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Pointer> for String {
    fn from(pointer: Pointer) -> Self {
        pointer.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_segments_are_escaped_and_unescaped() {
        let pointer = Pointer::root().push("paths").push("/v1/files:usage").push("a~b");
        assert_eq!(pointer.as_str(), "/paths/~1v1~1files:usage/a~0b");
        assert_eq!(pointer.segments().collect::<Vec<_>>(), ["paths", "/v1/files:usage", "a~b"]);
    }
}
