//! Placeholder and example content that must not be published: text such as
//! `...` or "Replace with ...", sections with a heading and nothing under it,
//! the example clinic's details, and review dates in the future.
//!
//! Stages find these as plain [`Finding`]s; whether one is an error, a warning
//! (a `--drafts` build) or nothing at all (a site marked `example_site: true`)
//! is decided once, by [`severity`].

use crate::diagnostics::{Diagnostic, Position, Severity};
use pulldown_cmark::{Event, Tag, TagEnd};
use serde::{Deserialize, Serialize};

/// Something placeholder-like at a place in a file, before its severity is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Where it is.
    pub position: Position,
    /// What was found.
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// Never more than a warning: a heading with nothing under it is unfinished
    /// writing, but publishing it misleads nobody (and fixtures of the heading id
    /// rules are made of bare headings).
    #[serde(default)]
    pub at_most_warning: bool,
}

impl Finding {
    /// A finding at `position`.
    pub fn new(position: Position, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Finding {
            position,
            message: message.into(),
            hint: hint.into(),
            at_most_warning: false,
        }
    }

    /// The finding as a message about the file at `path`.
    pub fn diagnostic(&self, path: &str, severity: Severity) -> Diagnostic {
        let d = Diagnostic::error(path, self.position, &self.message).with_hint(&self.hint);
        let severity = match self.at_most_warning {
            true => Severity::Warning,
            false => severity,
        };
        Diagnostic { severity, ..d }
    }
}

/// How placeholders are reported: not at all on a site marked as an example,
/// as warnings in a build with drafts, otherwise as errors.
pub fn severity(example_site: bool, drafts: bool) -> Option<Severity> {
    match (example_site, drafts) {
        (true, _) => None,
        (false, true) => Some(Severity::Warning),
        (false, false) => Some(Severity::Error),
    }
}

/// The hint every "still to write" finding shares.
const WRITE_IT: &str =
    "write the real text, or remove it; until then build with --drafts to preview";

/// A placeholder in a piece of writing (`...`, "Replace with"), if it has one:
/// the byte offset where it starts, and the finding's message.
pub fn in_text(text: &str) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    // `…` is what smart punctuation makes of `...`.
    let dots = memchr::memmem::find(bytes, b"...").or_else(|| text.find('\u{2026}'));
    let replace = find_ignoring_case(text, "replace with")
        .or_else(|| find_ignoring_case(text, "replace this"));
    match (dots, replace) {
        (Some(d), r) if r.is_none_or(|r| d < r) => Some((
            d,
            "`...` is placeholder text: something is still to be written here".to_string(),
        )),
        (_, Some(r)) => {
            let end = (r + "replace with".len()).min(text.len());
            let phrase = text.get(r..end).unwrap_or("Replace with");
            Some((
                r,
                format!("\"{phrase}\" is placeholder text from the starter site"),
            ))
        }
        _ => None,
    }
}

/// A finding for a placeholder in a value written at `position` (a front matter
/// or site.yaml value on one line: the column is moved to where it starts).
pub fn in_value(text: &str, position: Position) -> Option<Finding> {
    let (offset, message) = in_text(text)?;
    let column = position.column + text.get(..offset).map_or(0, |s| s.chars().count());
    let position = if text.contains('\n') {
        position
    } else {
        Position::new(position.line, column)
    };
    Some(Finding::new(position, message, WRITE_IT))
}

/// True when a clinic detail is the example clinic's: a word starting with
/// "example" (Example Skin Clinic, Exampletown, hello@example.org), or a UK
/// telephone number kept for drama and examples (01632 960xxx, 07700 900xxx,
/// 020 7946 0xxx).
pub fn is_example_detail(value: &str) -> bool {
    let example_word = value
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| word.to_lowercase().starts_with("example"));
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    let digits = digits
        .strip_prefix("44")
        .map_or(digits.clone(), |d| format!("0{d}"));
    let fictional = ["01632960", "07700900", "02079460"];
    example_word || fictional.iter().any(|p| digits.starts_with(p))
}

/// Finds placeholders in a markdown body as its events go by: placeholder text
/// (outside code) and sections with a heading and nothing under it.
#[derive(Debug, Default)]
pub struct BodyScan {
    /// Report headings with nothing under them.
    sections: bool,
    in_code: usize,
    /// The heading being read: its level and position, and its text so far.
    heading: Option<(u8, Position, String)>,
    /// The last heading with nothing under it yet.
    open: Option<(u8, Position, String)>,
    /// What was found.
    pub findings: Vec<Finding>,
}

impl BodyScan {
    /// A scan; with `sections`, headings with nothing under them are findings too.
    pub fn new(sections: bool) -> Self {
        BodyScan {
            sections,
            ..BodyScan::default()
        }
    }

    /// Looks at the next event; `at` gives the file position of a byte offset
    /// into the event's source, `start` the event's own offset.
    pub fn observe(&mut self, event: &Event, start: usize, at: impl Fn(usize) -> Position) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.heading = Some((*level as u8, at(start), String::new()));
                return;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, position, title)) = self.heading.take() {
                    self.close_sections(level);
                    self.open = Some((level, position, title.trim().to_string()));
                }
                return;
            }
            Event::Start(Tag::CodeBlock(_)) => self.in_code += 1,
            Event::End(TagEnd::CodeBlock) => self.in_code = self.in_code.saturating_sub(1),
            Event::Text(text) if self.in_code == 0 => {
                if let Some((offset, message)) = in_text(text) {
                    // Smart punctuation can make the text differ from the source;
                    // the event's start is then the nearest exact place.
                    let position = if offset == 0 {
                        at(start)
                    } else {
                        at(start + offset)
                    };
                    self.findings
                        .push(Finding::new(position, message, WRITE_IT));
                }
            }
            _ => {}
        }
        match (&mut self.heading, event) {
            (Some((_, _, title)), Event::Text(t) | Event::Code(t)) => title.push_str(t),
            (Some((_, _, title)), Event::SoftBreak | Event::HardBreak) => title.push(' '),
            (Some(_), _) => {}
            (None, Event::End(_)) => {}
            // Anything else under a heading is its content.
            (None, _) => self.open = None,
        }
    }

    /// Ends the scan: a last heading with nothing under it is a finding.
    pub fn finish(mut self) -> Vec<Finding> {
        self.close_sections(0);
        self.findings
    }

    /// A new heading at `level` (0: the end) closes an open one at the same
    /// level or deeper: that one has nothing under it.
    fn close_sections(&mut self, level: u8) {
        if let Some((open_level, position, title)) = self.open.take() {
            if level > open_level {
                // A subsection: the open heading's content is under it.
                return;
            }
            if self.sections {
                let mut finding = Finding::new(
                    position,
                    format!("the section \"{title}\" has no text under its heading"),
                    "write the section, or remove its heading",
                );
                finding.at_most_warning = true;
                self.findings.push(finding);
            }
        }
    }
}

/// The byte offset of `needle` (ASCII, lowercase) in `text`, ignoring case.
fn find_ignoring_case(text: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (text.as_bytes(), needle.as_bytes());
    let first = needle.first()?;
    memchr::memchr2_iter(*first, first.to_ascii_uppercase(), hay).find(|&i| {
        hay.get(i..i + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn scan(md: &str) -> Vec<String> {
        let mut scan = BodyScan::new(true);
        for (event, range) in Parser::new_ext(md, crate::markdown::options()).into_offset_iter() {
            scan.observe(&event, range.start, |o| Position::new(1, o + 1));
        }
        scan.finish().into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn placeholder_text_is_found_outside_code() {
        assert!(in_text("Write about the condition here ...").is_some());
        assert!(in_text("Replace with your own words").is_some());
        assert!(in_text("You can REPLACE WITH care").is_some());
        assert!(in_text("Plain text. Nothing to do.").is_none());
        assert_eq!(scan("Text …\n").len(), 1);
        assert!(scan("```\n...\n```\n\nDone.\n").is_empty());
        assert!(scan("Use `...` in code.\n").is_empty());
    }

    #[test]
    fn empty_sections_are_found() {
        assert_eq!(
            scan("## A\n\n## B\n\nText.\n"),
            ["the section \"A\" has no text under its heading"]
        );
        assert_eq!(scan("Intro.\n\n## Last\n").len(), 1);
        assert!(scan("## A\n\n### A1\n\nText.\n").is_empty());
        assert_eq!(scan("## A\n\n### A1\n\n## B\n\nText.\n").len(), 1);
        assert!(scan("## A\n\n- item\n").is_empty());
    }

    #[test]
    fn example_details_are_recognised() {
        assert!(is_example_detail("Example Skin Clinic"));
        assert!(is_example_detail("1 Sample Street, Exampletown"));
        assert!(is_example_detail("hello@example.org"));
        assert!(is_example_detail("01632 960000"));
        assert!(is_example_detail("+44 7700 900123"));
        assert!(!is_example_detail("Riverside Skin Clinic"));
        assert!(!is_example_detail("020 7123 4567"));
    }

    #[test]
    fn severity_follows_the_flags() {
        assert_eq!(severity(true, false), None);
        assert_eq!(severity(false, true), Some(Severity::Warning));
        assert_eq!(severity(false, false), Some(Severity::Error));
    }
}
