//! Writer-facing messages: `path:line:col: error: message`, then an optional hint.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something the build refuses.
    Error,
    /// Something worth fixing that does not stop the build.
    Warning,
}

/// A 1-based line and character column in a file.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Position {
    /// 1-based line in the file itself (front matter included).
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl Position {
    /// A position from a 1-based line and column.
    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }

    /// The start of a file.
    pub fn start() -> Self {
        Position { line: 1, column: 1 }
    }
}

/// One message about a file of the site.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Path relative to the site folder, with `/` separators.
    pub path: String,
    /// Where in the file; `None` for a problem with the file as a whole.
    pub position: Option<Position>,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at a position in a file.
    pub fn error(path: impl Into<String>, position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            position: Some(position),
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at a position in a file.
    pub fn warning(
        path: impl Into<String>,
        position: Position,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, position, message)
        }
    }

    /// An error about a file as a whole (no line of its own).
    pub fn file_error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            position: None,
            ..Diagnostic::error(path, Position::start(), message)
        }
    }

    /// Adds a hint on how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.position {
            Some(p) => write!(
                f,
                "{}:{}:{}: {label}: {}",
                self.path, p.line, p.column, self.message
            )?,
            None => write!(f, "{}: {label}: {}", self.path, self.message)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Sorts diagnostics by file, then position, so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.position, a.severity, &a.message)
            .cmp(&(&b.path, b.position, b.severity, &b.message))
    });
}

/// A path relative to the site folder, written with `/` on every platform.
pub fn display_path(site_dir: &Path, path: &Path) -> String {
    // Plain UTF-8 paths (every file a site walk finds) are cut as text: the same
    // result as the component-wise form below, without taking the path apart.
    if let (Some(site), Some(full)) = (site_dir.to_str(), path.to_str())
        && !site.is_empty()
        && let Some(rest) = full.strip_prefix(site).and_then(|r| r.strip_prefix('/'))
        && is_plain(rest)
    {
        return rest.to_string();
    }
    let relative: PathBuf = path.strip_prefix(site_dir).unwrap_or(path).to_path_buf();
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A relative path whose `/`-separated parts are all names: no empty part (`//`, a
/// leading or trailing `/`), no `.` or `..`, no `\\`, so its components are exactly
/// its parts.
fn is_plain(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && path.split('/').all(|part| !matches!(part, "" | "." | ".."))
}

/// Maps byte offsets in a text to 1-based line and character column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        // memchr's iterator scans many bytes per step; match_indices searched again
        // from each line's start (every page's text is indexed for positions).
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { line_starts }
    }

    /// The position of byte `offset` in `text` (the text this index was built from).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        let column = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        Position::new(line, column + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_error_with_hint() {
        let d = Diagnostic::error("content/a.md", Position::new(3, 10), "bad thing")
            .with_hint("do this");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:10: error: bad thing\n  hint: do this"
        );
    }

    #[test]
    fn display_paths_are_relative_with_slashes() {
        let slow = |site: &Path, path: &Path| -> String {
            path.strip_prefix(site)
                .unwrap_or(path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        };
        let cases = [
            ("/site", "/site/content/a.md"),
            ("/site", "/site/content/sub dir/b.md"),
            ("/site/", "/site/content/a.md"),
            ("/site", "/site2/content/a.md"),
            ("/site", "/site/./content//a.md"),
            ("/site", "/site/content/../a.md"),
            ("site", "site/content/a.md"),
            ("./site", "./site/content/a.md"),
            ("/", "/etc/x"),
            ("/site", "/site"),
            ("/site", "/other/a.md"),
            (".", "./content/a.md"),
            ("", "/etc/x"),
            ("", "content/a.md"),
            ("/a/.", "/a/./c/d.md"),
            ("/a/..", "/a/../c/d.md"),
            ("a//b", "a//b/c.md"),
            ("/site", "/site/content/.hidden/x.md"),
        ];
        for (site, path) in cases {
            let (site, path) = (Path::new(site), Path::new(path));
            assert_eq!(display_path(site, path), slow(site, path), "{path:?}");
        }
    }

    #[test]
    fn line_index_counts_characters() {
        let text = "ab\nçé x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position::new(1, 1));
        assert_eq!(index.position(text, 3), Position::new(2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position::new(2, 4));
    }
}
