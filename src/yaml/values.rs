//! Values YAML can read but the settings cannot take: unknown or missing keys,
//! words where numbers go, lists where named entries go, and the like.

use super::Problem;
use super::layout::Found;
use crate::diagnostics::Diagnostic;

/// The message for a value of the wrong kind, if it is one of these.
pub(super) fn explain(p: &Problem) -> Option<Diagnostic> {
    let m = p.message;
    let noun = p.source.key_noun;
    if let Some(rest) = m.strip_prefix("unknown field `") {
        let (key, _) = split_backticked(rest);
        let known = expected_list(m);
        let mut text = format!("unknown {noun} `{key}`");
        if let Some(best) = super::suggest(key, &known) {
            text.push_str(&format!("; did you mean `{best}`?"));
        }
        let hint = if known.is_empty() {
            "remove this key: nothing may be set here".to_string()
        } else {
            format!("the keys allowed here are: {}", known.join(", "))
        };
        return Some(p.error_here(text, hint));
    }
    if let Some(rest) = m.strip_prefix("missing field `") {
        let (key, _) = split_backticked(rest);
        let hint = format!("add a line `{key}: ...`");
        // The top-level mapping starts in column 1; anything indented is an entry
        // inside it (a source, the clinic...), which the writer must find by its line.
        return Some(match p.at.filter(|(_, column)| *column > 1) {
            Some(_) => p.error_here(format!("missing required key `{key}` in this entry"), hint),
            None => Diagnostic::error(
                p.source.path,
                p.source.opening,
                format!("missing required {noun} `{key}`"),
            )
            .with_hint(hint),
        });
    }
    if let Some(rest) = m.strip_prefix("unknown variant `") {
        let (value, _) = split_backticked(rest);
        let known = expected_list(m);
        let mut text = format!("unknown value `{value}`");
        if let Some(best) = super::suggest(value, &known) {
            text.push_str(&format!("; did you mean `{best}`?"));
        }
        return Some(p.error_here(text, format!("use one of: {}", known.join(", "))));
    }
    if let Some(rest) = m.strip_prefix("duplicate mapping key") {
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
        return Some(p.error_here(text, "keep only one of the two lines"));
    }
    if m.contains("did not match any variant of untagged enum ReviewerRef") {
        return Some(p.error_here(
            "`reviewed_by` is not a reviewer",
            "write a reviewer id from site.yaml (`reviewed_by: clinical-lead`) or `{name: ..., role: ...}`",
        ));
    }
    wrong_kind(p)
}

/// A value of the wrong type: a word for a number, a list for a group of keys...
fn wrong_kind(p: &Problem) -> Option<Diagnostic> {
    let m = p.message;
    let (line, column) = p.at?;
    // A line indented under a complete `key: value` is read as more of that value,
    // so the value is what looks wrong; the line below is what to fix.
    let below = p
        .lines
        .content_below(line)
        .filter(|&b| p.lines.over_indented(b) == Some(line));
    if let Some(d) = below.and_then(|b| super::syntax::over_indented(p, b)) {
        return Some(d);
    }
    let path = p.lines.key_path(line, column);
    let key = path.last().copied().filter(|k| *k != "-");
    let found = p.lines.found(line, column);
    let d = if m.starts_with("invalid i") || m.starts_with("invalid u") {
        p.error_here(
            "expected a whole number here",
            "write a number without quotes, e.g. `weight: 10`",
        )
    } else if m.starts_with("invalid floating point") {
        p.error_here(
            "expected a number here",
            "write a number without quotes, e.g. `max_grade: 8`",
        )
    } else if m.starts_with("invalid boolean") {
        p.error_here(
            "expected `true` or `false` here",
            "write `true` or `false`, e.g. `draft: true`",
        )
    } else if m.starts_with("cannot deserialize null") {
        let text = p.lines.get(line).unwrap_or("");
        if text.trim_start().starts_with(':') {
            p.error_here(
                "this line has no key before its `:`",
                "write the key before the `:`, e.g. `title: Acne scars`",
            )
        } else {
            p.error_here(
                "there is no value here",
                "write a value after the `:`, or remove the line",
            )
        }
    } else if m.starts_with("expected string scalar") {
        p.error_here(
            "expected plain text here",
            "if the text contains `:`, `[` or `{`, put it in double quotes",
        )
    } else if m.starts_with("expected sequence start") {
        let hint = p.form_hint(&path).unwrap_or_else(|| {
            "write each item on its own line starting with `- `, or as [first, second]".into()
        });
        let text: String = p
            .lines
            .get(line)
            .unwrap_or("")
            .chars()
            .skip(column - 1)
            .collect();
        match text
            .strip_prefix('-')
            .filter(|r| !r.is_empty() && !r.starts_with(' '))
        {
            Some(rest) => p.error_here(
                "a list item needs a space after `-`",
                format!("write `- {}`", rest.trim_end()),
            ),
            None => p.error_here(format!("{} should be a list", named(key)), hint),
        }
    } else if m.starts_with("expected mapping start") {
        let shape = match found {
            Found::List => "cannot be a list",
            Found::Group | Found::Text => "cannot be plain text",
        };
        let hint = p.form_hint(&path).unwrap_or_else(|| match key {
            Some(key) => format!(
                "write `name: value` lines under `{key}:`, each indented by 2 spaces, e.g. `  name: Example`"
            ),
            None => "write one `key: value` pair per line, e.g. `title: Acne scars`".into(),
        });
        p.error_here(format!("{} {shape}", named(key)), hint)
    } else {
        return None;
    };
    Some(d)
}

/// "`reviewers`", or "this value" when the value has no key of its own.
fn named(key: Option<&str>) -> String {
    match key {
        Some(key) => format!("`{key}`"),
        None => "this value".into(),
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

#[cfg(test)]
mod tests {
    use crate::diagnostics::Position;
    use crate::yaml::test_support::{Sample, assert_cases, explained, source};
    use crate::yaml::{Form, parse};

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
    fn missing_key_in_an_entry_points_at_the_entry() {
        let (message, _) = explained("title: a\nsources:\n  - role: x\n", &[]);
        assert_eq!(message, "4:5: missing required key `name` in this entry");
    }

    /// (front matter lines, from line 2; `line:col: message`; hint)
    const CASES: &[(&str, &str, &str)] = &[
        (
            "title: a\ntitle: b\n",
            "3:1: `title` is written twice",
            "keep only one of the two lines",
        ),
        (
            "title:\n",
            "2:6: there is no value here",
            "write a value after the `:`, or remove the line",
        ),
        (
            "title: a\n: b\n",
            "3:1: this line has no key before its `:`",
            "write the key before the `:`, e.g. `title: Acne scars`",
        ),
        (
            "title: Scars: what helps\n",
            "2:13: YAML cannot read the `:` here",
            "if the text contains `: `, put all of it in double quotes, e.g. `title: \"Scars: what helps\"`; otherwise indent this line like the lines above it",
        ),
        (
            "title: a\ndraft: maybe\n",
            "3:8: expected `true` or `false` here",
            "write `true` or `false`, e.g. `draft: true`",
        ),
        (
            "title: a\nweight: ten\n",
            "3:9: expected a whole number here",
            "write a number without quotes, e.g. `weight: 10`",
        ),
        (
            "title: a\nweight: 2\n  description: x\n",
            "4:3: this line is indented more than the key above it",
            "start `description` in column 1, like `weight` on line 3",
        ),
        (
            "title: a\nitems: x\n",
            "3:8: `items` should be a list",
            "write each item on its own line starting with `- `, or as [first, second]",
        ),
        (
            "title: a\nitems:\n  -a\n  -b\n",
            "4:3: a list item needs a space after `-`",
            "write `- a`",
        ),
        (
            "title: a\nitems: [\n",
            "3:8: this bracket is never closed",
            "close the list with `]` (or `}`), or put the text in double quotes",
        ),
        (
            "title: `a`\n",
            "2:8: a value cannot start with `` ` ``",
            "put the whole text in double quotes",
        ),
        (
            "title: a\nclinic: Example clinic\n",
            "3:9: `clinic` cannot be plain text",
            "write `name: value` lines under `clinic:`, each indented by 2 spaces, e.g. `  name: Example`",
        ),
        (
            "title: a\nclinic:\n  - name: x\n",
            "4:3: `clinic` cannot be a list",
            "write `name: value` lines under `clinic:`, each indented by 2 spaces, e.g. `  name: Example`",
        ),
        (
            "title: \"abc\n\n",
            "2:8: this quote is never closed",
            "end the text with the same quote mark it starts with",
        ),
    ];

    #[test]
    fn messages_never_mention_rust() {
        assert_cases(CASES);
    }

    #[test]
    fn a_form_tells_how_to_write_the_value() {
        let forms = [
            Form {
                path: "reviewers",
                hint: "write each reviewer as `clinical-lead: {name: ..., role: ...}`",
            },
            Form {
                path: "reviewers.*",
                hint: "write `{key}: {name: ..., role: ...}`",
            },
        ];
        let list = "title: a\nreviewers:\n  - name: Dr A\n    role: Lead\n";
        assert_eq!(
            explained(list, &forms),
            (
                "4:3: `reviewers` cannot be a list".to_string(),
                "write each reviewer as `clinical-lead: {name: ..., role: ...}`".to_string()
            )
        );
        let text = "title: a\nreviewers:\n  lead: Dr A\n";
        assert_eq!(
            explained(text, &forms),
            (
                "4:9: `lead` cannot be plain text".to_string(),
                "write `lead: {name: ..., role: ...}`".to_string()
            )
        );
        let mixed = "title: a\nreviewers:\n  lead: {name: A}\n  - name: B\n";
        assert_eq!(
            explained(mixed, &forms),
            (
                "5:3: a list item among `key: value` lines".to_string(),
                "write each reviewer as `clinical-lead: {name: ..., role: ...}`".to_string()
            )
        );
    }
}
