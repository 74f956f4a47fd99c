//! Finding the front matter: the YAML between a file's opening and closing `---` lines.

use crate::diagnostics::{Diagnostic, Position};

/// A markdown file split in two.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Split<'a> {
    /// The YAML between the `---` lines.
    pub(crate) yaml: &'a str,
    /// File line where the YAML starts.
    pub(crate) yaml_first_line: usize,
    /// Byte offset of the body in the file.
    pub(crate) body_offset: usize,
}

/// Splits `text` at its `---` front matter fences.
pub(crate) fn split(text: &str) -> Result<Split<'_>, Diagnostic> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Err(Diagnostic::error(
            String::new(),
            Position::start(),
            "this page has no front matter",
        )
        .with_hint("start the file with a line `---`, then `title: ...`, then another `---`"));
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            let body_offset = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_first_line: 2,
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        String::new(),
        Position::start(),
        "the front matter is never closed",
    )
    .with_hint("add a line `---` after the last front matter line"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let text = "---\ntitle: A\n---\nBody\n";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(&text[s.body_offset..], "Body\n");
        assert_eq!(s.body_offset, 17);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let d = split("---\ntitle: A\nBody\n").unwrap_err();
        assert_eq!(d.message, "the front matter is never closed");
        assert_eq!(d.position, Some(Position::start()));
    }
}
