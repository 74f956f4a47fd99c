//! Every YAML call of the project, so locations and messages are handled one way.
//!
//! serde-saphyr reports where a bad value is (`Spanned<T>`, error locations);
//! this module maps those positions back to lines of the file and rewrites
//! serde's messages into words a writer understands.

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
        Position::new(
            location.line() as usize + self.first_line - 1,
            location.column() as usize,
        )
    }

    /// The file position of a spanned value.
    pub fn position_of<T>(&self, value: &Spanned<T>) -> Position {
        self.position(&value.referenced)
    }
}

/// Parses `source` into `T`, or explains the first problem in it.
pub fn parse<T: DeserializeOwned>(source: &YamlSource) -> Result<T, Diagnostic> {
    // An empty block is an empty mapping: the missing keys are then reported by name.
    let text = if source.text.trim().is_empty() {
        "{}"
    } else {
        source.text
    };
    serde_saphyr::from_str::<T>(text).map_err(|error| explain(source, &error))
}

fn explain(source: &YamlSource, error: &serde_saphyr::Error) -> Diagnostic {
    let raw = error.without_snippet().to_string();
    let message = strip_location_suffix(&raw);
    let position = error
        .location()
        .map(|l| source.position(&l))
        .unwrap_or(source.opening);
    let noun = source.key_noun;

    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, _) = split_backticked(rest);
        let known = expected_list(message);
        let mut text = format!("unknown {noun} `{key}`");
        if let Some(best) = suggest(key, &known) {
            text.push_str(&format!("; did you mean `{best}`?"));
        }
        let hint = if known.is_empty() {
            "remove this key: nothing may be set here".to_string()
        } else {
            format!("the keys allowed here are: {}", known.join(", "))
        };
        return Diagnostic::error(source.path, position, text).with_hint(hint);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let (key, _) = split_backticked(rest);
        return Diagnostic::error(
            source.path,
            source.opening,
            format!("missing required {noun} `{key}`"),
        )
        .with_hint(format!("add a line `{key}: ...`"));
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, _) = split_backticked(rest);
        let known = expected_list(message);
        let mut text = format!("unknown value `{value}`");
        if let Some(best) = suggest(value, &known) {
            text.push_str(&format!("; did you mean `{best}`?"));
        }
        return Diagnostic::error(source.path, position, text)
            .with_hint(format!("use one of: {}", known.join(", ")));
    }
    if message.contains("did not match any variant of untagged enum ReviewerRef") {
        return Diagnostic::error(source.path, position, "`reviewed_by` is not a reviewer")
            .with_hint("write a reviewer id from site.yaml (`reviewed_by: clinical-lead`) or `{name: ..., role: ...}`");
    }
    if message.starts_with("invalid i") || message.starts_with("invalid u") {
        return Diagnostic::error(source.path, position, "expected a whole number here")
            .with_hint("write a number without quotes, e.g. `weight: 10`");
    }
    if message.starts_with("unclosed quote") {
        return Diagnostic::error(source.path, position, "this quote is never closed")
            .with_hint("end the text with the same quote mark it starts with");
    }
    if message.starts_with("expected string scalar") {
        return Diagnostic::error(source.path, position, "expected plain text here")
            .with_hint("if the text contains `:`, `[` or `{`, put it in double quotes");
    }
    let hint = "check the indentation and that every `key: value` pair is on its own line";
    Diagnostic::error(source.path, position, format!("invalid YAML: {message}")).with_hint(hint)
}

/// serde-saphyr appends " at line N, column M"; we print positions ourselves.
fn strip_location_suffix(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => &message[..i],
        _ => message,
    }
}

fn split_backticked(rest: &str) -> (&str, &str) {
    match rest.find('`') {
        Some(end) => (&rest[..end], &rest[end + 1..]),
        None => (rest, ""),
    }
}

fn expected_list(message: &str) -> Vec<String> {
    let Some(i) = message.find("expected one of ") else {
        return match message.find("expected `") {
            Some(i) => vec![message[i + 10..].trim_end_matches('`').to_string()],
            None => Vec::new(),
        };
    };
    message[i + 16..]
        .split(", ")
        .map(|s| s.trim().trim_matches('`').to_string())
        .filter(|s| !s.is_empty())
        .collect()
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
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        #[serde(default)]
        weight: Option<i64>,
    }

    fn source(text: &str) -> YamlSource<'_> {
        YamlSource {
            text,
            path: "content/a.md",
            first_line: 2,
            opening: Position::start(),
            key_noun: "front matter key",
        }
    }

    #[test]
    fn unknown_key_suggests_the_closest() {
        let d = parse::<Sample>(&source("title: a\ntitel: b\n")).unwrap_err();
        assert_eq!(
            d.message,
            "unknown front matter key `titel`; did you mean `title`?"
        );
        assert_eq!(d.position, Some(Position::new(3, 1)));
    }

    #[test]
    fn missing_key_points_at_the_opening_line() {
        let d = parse::<Sample>(&source("weight: 3\n")).unwrap_err();
        assert_eq!(d.message, "missing required front matter key `title`");
        assert_eq!(d.position, Some(Position::start()));
    }

    #[test]
    fn unclosed_quote_points_at_its_start() {
        let d = parse::<Sample>(&source("weight: 3\ntitle: \"abc\n\n")).unwrap_err();
        assert_eq!(d.position, Some(Position::new(3, 8)));
        assert_eq!(d.message, "this quote is never closed");
    }

    #[test]
    fn bad_number_is_explained() {
        let d = parse::<Sample>(&source("title: a\nweight: ten\n")).unwrap_err();
        assert_eq!(d.message, "expected a whole number here");
        assert_eq!(d.position, Some(Position::new(3, 9)));
    }
}
