//! Every YAML call of the project, so locations and messages are handled one way.
//!
//! serde-saphyr reports where a bad value is (`Spanned<T>`, error locations);
//! this module maps those positions back to lines of the file and rewrites the
//! parser's and serde's messages into plain words with the fix.
//!
//! - [`layout`]: the lines around a problem: indentation, keys, tabs.
//! - [`syntax`]: text YAML cannot read (tabs, indentation, colons, lists).
//! - [`quotes`]: quotes and brackets that do not close or pair up.
//! - [`values`]: values of the wrong kind (unknown keys, numbers, lists, missing keys).

mod layout;
mod quotes;
mod syntax;
mod values;

use crate::diagnostics::{Diagnostic, Position};
use serde::de::DeserializeOwned;

/// A value together with where it was written.
pub type Spanned<T> = serde_saphyr::Spanned<T>;

/// Where a piece of YAML sits inside its file.
#[derive(Debug, Clone, Copy)]
pub struct YamlSource<'a> {
    /// The YAML text.
    pub text: &'a str,
    /// Site-relative path for messages.
    pub path: &'a str,
    /// The file line on which `text` starts (1-based).
    pub first_line: usize,
    /// Where problems with no line of their own point (a missing key).
    pub opening: Position,
    /// What a key is called in messages: "front matter key", "site.yaml key".
    pub key_noun: &'a str,
}

impl YamlSource<'_> {
    /// The file position of a location inside this YAML text.
    pub fn position(&self, location: &serde_saphyr::Location) -> Position {
        self.text_position(location.line() as usize, location.column() as usize)
    }

    /// The file position of a spanned value.
    pub fn position_of<T>(&self, value: &Spanned<T>) -> Position {
        self.position(&value.referenced)
    }

    /// The file position of a 1-based line and column of this YAML text.
    fn text_position(&self, line: usize, column: usize) -> Position {
        Position::new(self.file_line(line), column)
    }

    /// The file line of a 1-based line of this YAML text.
    fn file_line(&self, line: usize) -> usize {
        line + self.first_line - 1
    }
}

/// What a value must look like, for the message when it is written in another form
/// (a list where named entries are expected, say).
#[derive(Debug, Clone, Copy)]
pub struct Form<'a> {
    /// The keys leading to the value, joined by `.`; `*` matches any one key
    /// (`reviewers`, `reviewers.*`).
    pub path: &'a str,
    /// How to write it; `{key}` stands for the value's own key.
    pub hint: &'a str,
}

/// Parses `source` into `T`, or explains the first problem in it.
pub fn parse<T: DeserializeOwned>(source: &YamlSource) -> Result<T, Diagnostic> {
    parse_with_forms(source, &[])
}

/// Like [`parse`], with the forms some values must take, for clearer messages.
pub fn parse_with_forms<T: DeserializeOwned>(
    source: &YamlSource,
    forms: &[Form],
) -> Result<T, Diagnostic> {
    // An empty block is an empty mapping: the missing keys are then reported by name.
    let text = if source.text.trim().is_empty() {
        "{}"
    } else {
        source.text
    };
    serde_saphyr::from_str::<T>(text).map_err(|error| explain(source, forms, &error))
}

/// One parse error, with what is needed to explain it.
struct Problem<'a> {
    source: &'a YamlSource<'a>,
    forms: &'a [Form<'a>],
    /// The parser's message, without its location.
    message: &'a str,
    /// Where the parser stopped: 1-based line and column of the YAML text.
    at: Option<(usize, usize)>,
    lines: layout::Lines<'a>,
}

impl Problem<'_> {
    /// An error at a line and column of the YAML text.
    fn error_at(
        &self,
        (line, column): (usize, usize),
        message: String,
        hint: String,
    ) -> Diagnostic {
        Diagnostic::error(
            self.source.path,
            self.source.text_position(line, column),
            message,
        )
        .with_hint(hint)
    }

    /// An error where the parser stopped (or at the opening line when it does not say).
    fn error_here(&self, message: impl Into<String>, hint: impl Into<String>) -> Diagnostic {
        let (message, hint) = (message.into(), hint.into());
        match self.at {
            Some(at) => self.error_at(at, message, hint),
            None => {
                Diagnostic::error(self.source.path, self.source.opening, message).with_hint(hint)
            }
        }
    }

    /// The file line of a line of the YAML text, for hints.
    fn file_line(&self, line: usize) -> usize {
        self.source.file_line(line)
    }

    /// How the value at `path` must be written, when a form for it is given.
    fn form_hint(&self, path: &[&str]) -> Option<String> {
        let key = path.last()?;
        self.forms
            .iter()
            .find(|form| {
                let parts: Vec<&str> = form.path.split('.').collect();
                parts.len() == path.len()
                    && parts
                        .iter()
                        .zip(path)
                        .all(|(want, got)| *want == "*" || want == got)
            })
            .map(|form| form.hint.replace("{key}", key))
    }
}

fn explain(source: &YamlSource, forms: &[Form], error: &serde_saphyr::Error) -> Diagnostic {
    let raw = error.without_snippet().to_string();
    let problem = Problem {
        source,
        forms,
        message: strip_location_suffix(&raw),
        at: error
            .location()
            .map(|l| (l.line() as usize, l.column() as usize)),
        lines: layout::Lines::new(source.text),
    };
    syntax::explain(&problem)
        .or_else(|| values::explain(&problem))
        .unwrap_or_else(|| {
            problem.error_here(
                format!("YAML cannot read this: {}", problem.message),
                "check the indentation and that every `key: value` pair is on its own line",
            )
        })
}

/// serde-saphyr appends " at line N, column M"; we print positions ourselves.
fn strip_location_suffix(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => &message[..i],
        _ => message,
    }
}

/// The closest known word to a misspelt one, if any is close enough.
pub fn suggest<'a>(word: &str, known: &'a [String]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| {
            (
                strsim::jaro_winkler(&word.to_lowercase(), &k.to_lowercase()),
                k,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k.as_str())
}

#[cfg(test)]
mod test_support {
    use super::*;
    use serde::Deserialize;

    /// A front matter-like shape for the message tests.
    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    pub struct Sample {
        pub title: String,
        #[serde(default)]
        pub weight: Option<i64>,
        #[serde(default)]
        pub draft: bool,
        #[serde(default)]
        pub description: Option<String>,
        #[serde(default)]
        pub items: Vec<String>,
        #[serde(default)]
        pub sources: Vec<Entry>,
        #[serde(default)]
        pub clinic: Option<Entry>,
        #[serde(default)]
        pub reviewers: std::collections::BTreeMap<String, Entry>,
    }

    /// An entry with a required key.
    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    pub struct Entry {
        pub name: String,
        #[serde(default)]
        pub role: Option<String>,
    }

    /// The YAML of a front matter starting on line 2.
    pub fn source(text: &str) -> YamlSource<'_> {
        YamlSource {
            text,
            path: "content/a.md",
            first_line: 2,
            opening: Position::start(),
            key_noun: "front matter key",
        }
    }

    /// The error for `text` (front matter lines from line 2), as `line:col: message`
    /// and the hint.
    pub fn explained(text: &str, forms: &[Form]) -> (String, String) {
        let d = parse_with_forms::<Sample>(&source(text), forms).unwrap_err();
        let p = d.position.expect("a position");
        (
            format!("{}:{}: {}", p.line, p.column, d.message),
            d.hint.unwrap_or_default(),
        )
    }

    /// Asserts each (front matter text, `line:col: message`, hint) case.
    pub fn assert_cases(cases: &[(&str, &str, &str)]) {
        for (text, message, hint) in cases {
            let (got, got_hint) = explained(text, &[]);
            assert_eq!(&got, message, "for {text:?}");
            assert_eq!(&got_hint, hint, "for {text:?}");
        }
    }
}
