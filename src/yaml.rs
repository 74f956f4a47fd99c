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
    let location = error.location();
    let position = location
        .map(|l| source.position(&l))
        .unwrap_or(source.opening);
    let noun = source.key_noun;
    let error_here = |text: String, hint: &str| {
        Diagnostic::error(source.path, position, text).with_hint(hint.to_string())
    };

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
        return error_here(text, &hint);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let (key, _) = split_backticked(rest);
        let hint = format!("add a line `{key}: ...`");
        // The top-level mapping starts in column 1; anything indented is an entry
        // inside it (a source, the clinic...), which the writer must find by its line.
        return match location.filter(|l| l.column() > 1) {
            Some(l) => Diagnostic::error(
                source.path,
                source.position(&l),
                format!("missing required key `{key}` in this entry"),
            )
            .with_hint(hint),
            None => Diagnostic::error(
                source.path,
                source.opening,
                format!("missing required {noun} `{key}`"),
            )
            .with_hint(hint),
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, _) = split_backticked(rest);
        let known = expected_list(message);
        let mut text = format!("unknown value `{value}`");
        if let Some(best) = suggest(value, &known) {
            text.push_str(&format!("; did you mean `{best}`?"));
        }
        return error_here(text, &format!("use one of: {}", known.join(", ")));
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key") {
        let key = rest
            .trim_start_matches([':', ' '])
            .split([',', ' '])
            .next()
            .unwrap_or("")
            .trim_matches('`');
        let text = if key.is_empty() {
            "this key is written twice".to_string()
        } else {
            format!("`{key}` is written twice")
        };
        return error_here(text, "keep only one of the two lines");
    }
    if message.contains("did not match any variant of untagged enum ReviewerRef") {
        return error_here(
            "`reviewed_by` is not a reviewer".into(),
            "write a reviewer id from site.yaml (`reviewed_by: clinical-lead`) or `{name: ..., role: ...}`",
        );
    }
    if message.starts_with("invalid i") || message.starts_with("invalid u") {
        return error_here(
            "expected a whole number here".into(),
            "write a number without quotes, e.g. `weight: 10`",
        );
    }
    if message.starts_with("invalid floating point") {
        return error_here(
            "expected a number here".into(),
            "write a number without quotes, e.g. `max_grade: 8`",
        );
    }
    if message.starts_with("invalid boolean") {
        return error_here(
            "expected `true` or `false` here".into(),
            "write `true` or `false`, e.g. `draft: true`",
        );
    }
    if message.starts_with("cannot deserialize null") {
        return error_here(
            "there is no value here".into(),
            "write a value after the `:`, or remove the line",
        );
    }
    if message.starts_with("unclosed quote") {
        return error_here(
            "this quote is never closed".into(),
            "end the text with the same quote mark it starts with",
        );
    }
    if message.starts_with("unclosed bracket") {
        return error_here(
            "this bracket is never closed".into(),
            "close the list with `]` (or `}`), or put the text in double quotes",
        );
    }
    if message.starts_with("expected string scalar") {
        return error_here(
            "expected plain text here".into(),
            "if the text contains `:`, `[` or `{`, put it in double quotes",
        );
    }
    if message.starts_with("expected sequence start") {
        return error_here(
            "expected a list here".into(),
            "write each item on its own line starting with `- `, or as [first, second]",
        );
    }
    if message.starts_with("expected mapping start") {
        return error_here(
            "expected `key: value` lines here".into(),
            "write one `key: value` pair per line, e.g. `title: Acne scars`",
        );
    }
    if message.starts_with("mapping values are not allowed") {
        return error_here(
            "YAML cannot read the `:` here".into(),
            "if the text contains `: `, put all of it in double quotes, e.g. `title: \"Scars: what helps\"`; otherwise indent this line like the lines above it",
        );
    }
    if message.contains("found a tab") {
        return error_here(
            "a tab character where YAML needs spaces".into(),
            "indent with spaces, not tabs",
        );
    }
    if let Some(rest) = message.strip_prefix("unexpected character: `") {
        let c = rest.trim_end_matches('\'');
        let shown = if c == "`" {
            "`` ` ``".to_string()
        } else {
            format!("`{c}`")
        };
        return error_here(
            format!("a value cannot start with {shown}"),
            "put the whole text in double quotes",
        );
    }
    if message.contains("unknown anchor") {
        return error_here(
            "a value cannot start with `*`".into(),
            "put the whole text in double quotes",
        );
    }
    if message.starts_with("multiple YAML documents") {
        return error_here(
            "a `---` line in the middle of the settings".into(),
            "remove the `---` line",
        );
    }
    if message.contains("tagged scalar") {
        return error_here(
            "a value cannot start with `!`".into(),
            "put the whole text in double quotes",
        );
    }
    if message.contains("did not find expected '-'") {
        return error_here(
            "this line does not fit in the list above it".into(),
            "start each list item with `- `, indented like the other items",
        );
    }
    error_here(
        format!("invalid YAML: {message}"),
        "check the indentation and that every `key: value` pair is on its own line",
    )
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

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct WithList {
        title: String,
        #[serde(default)]
        items: Vec<Sample>,
        #[serde(default)]
        draft: bool,
    }

    fn first_error(text: &str) -> Diagnostic {
        parse::<WithList>(&source(text)).unwrap_err()
    }

    #[test]
    fn messages_never_mention_rust() {
        let cases = [
            ("title: a\ntitle: b\n", 3, 1, "`title` is written twice"),
            ("title:\n", 2, 6, "there is no value here"),
            (
                "title: Scars: what helps\n",
                2,
                13,
                "YAML cannot read the `:` here",
            ),
            (
                "title: a\ndraft: maybe\n",
                3,
                8,
                "expected `true` or `false` here",
            ),
            ("title: a\nitems: x\n", 3, 8, "expected a list here"),
            ("title: a\nitems: [\n", 3, 8, "this bracket is never closed"),
            ("title: `a`\n", 2, 8, "a value cannot start with `` ` ``"),
        ];
        for (text, line, column, message) in cases {
            let d = first_error(text);
            assert_eq!(d.message, message, "for {text:?}");
            assert_eq!(
                d.position,
                Some(Position::new(line, column)),
                "for {text:?}"
            );
        }
    }

    #[test]
    fn missing_key_in_an_entry_points_at_the_entry() {
        let d = first_error("title: a\nitems:\n  - weight: 3\n");
        assert_eq!(d.message, "missing required key `title` in this entry");
        assert_eq!(d.position, Some(Position::new(4, 5)));
    }
}
