//! Quotes and brackets YAML cannot read: text after a closing quote, a backslash
//! inside double quotes, brackets that do not pair up.

use super::Problem;
use crate::diagnostics::Diagnostic;

/// The message for a parser error about quotes or brackets, if it is one.
pub(super) fn explain(p: &Problem, (line, column): (usize, usize)) -> Option<Diagnostic> {
    let m = p.message;
    let text = p.lines.get(line).unwrap_or("");
    let d = if m.starts_with("unclosed quote") {
        p.error_here(
            "this quote is never closed",
            "end the text with the same quote mark it starts with",
        )
    } else if let Some(quote) = trailing_after(m)
        && let Some(opened) = opened_on_an_earlier_line(p, quote, line, column)
    {
        p.error_at(
            opened,
            format!(
                "this quote is not closed on its line; YAML reads the text on into line {}",
                p.file_line(line)
            ),
            format!("end the text with `{quote}` on the same line"),
        )
    } else if m.starts_with("invalid trailing content after double-quoted") {
        p.error_here(
            "the text goes on after its closing quote",
            "a `\"` inside double quotes ends the text: write it as `\\\"`, or put the whole text in single quotes",
        )
    } else if m.starts_with("invalid trailing content after single-quoted") {
        p.error_here(
            "the text goes on after its closing quote",
            "an apostrophe inside single quotes ends the text: write it twice (`'it''s'`), or put the whole text in double quotes",
        )
    } else if m.contains("unknown escape character") || m.contains("hexadecimal number") {
        let backslash = text
            .char_indices()
            .filter(|(i, _)| text[..*i].chars().count() + 1 >= column)
            .find(|(_, c)| *c == '\\');
        let (at, escape) = match backslash {
            Some((i, _)) => (
                (line, text[..i].chars().count() + 1),
                text[i..].chars().take(2).collect::<String>(),
            ),
            None => ((line, column), "\\".to_string()),
        };
        p.error_at(
            at,
            format!("`{escape}` is not allowed inside double quotes"),
            "inside double quotes a `\\` starts a special character: write `\\\\` for a backslash, or put the text in single quotes".into(),
        )
    } else if m.starts_with("comments must be separated") {
        p.error_here(
            "a `#` starts a comment only after a space",
            "put a space before the `#`, or put the whole text in double quotes",
        )
    } else if m.starts_with("unclosed bracket") {
        p.error_here(
            "this bracket is never closed",
            "close the list with `]` (or `}`), or put the text in double quotes",
        )
    } else if let Some(rest) = m.strip_prefix("mismatched bracket '") {
        let open = rest.chars().next().unwrap_or('[');
        let close = rest
            .split("closed by '")
            .nth(1)
            .and_then(|r| r.chars().next());
        let close = close.unwrap_or('}');
        p.error_here(
            format!("this `{open}` is closed by `{close}`"),
            "close `[` with `]` and `{` with `}`",
        )
    } else if m.starts_with("misplaced bracket") {
        p.error_here(
            "a closing bracket with no opening one",
            "remove it, or put the whole text in double quotes",
        )
    } else if m.contains("flow sequence, expected ','")
        || m.contains("flow mapping, did not find expected ','")
    {
        p.error_here(
            "the items in brackets need a `,` between them",
            "write `[first, second]`; put an item that holds `:`, `,` or brackets in double quotes",
        )
    } else {
        return None;
    };
    Some(d)
}

/// The quote mark of a "text after the closing quote" message.
fn trailing_after(message: &str) -> Option<char> {
    if message.starts_with("invalid trailing content after double-quoted") {
        Some('"')
    } else if message.starts_with("invalid trailing content after single-quoted") {
        Some('\'')
    } else {
        None
    }
}

/// Where a quoted text that closes on `line` (just before `column`) was opened, when
/// that is on an earlier line: a quote left open there ran on to the next quote mark.
fn opened_on_an_earlier_line(
    p: &Problem,
    quote: char,
    line: usize,
    column: usize,
) -> Option<(usize, usize)> {
    let before: String = p.lines.get(line)?.chars().take(column - 1).collect();
    if quote_marks(&before, quote).len().is_multiple_of(2) {
        return None;
    }
    (1..line).rev().find_map(|n| {
        let marks = quote_marks(p.lines.get(n)?, quote);
        (!marks.len().is_multiple_of(2)).then(|| (n, marks[marks.len() - 1]))
    })
}

/// The 1-based columns of `quote` in `text` (a `\"` inside double quotes is not one).
fn quote_marks(text: &str, quote: char) -> Vec<usize> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len())
        .filter(|&i| chars[i] == quote && (quote != '"' || i == 0 || chars[i - 1] != '\\'))
        .map(|i| i + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::yaml::test_support::assert_cases;

    /// (front matter lines, from line 2; `line:col: message`; hint)
    const CASES: &[(&str, &str, &str)] = &[
        (
            "title: \"Acne scars\ndescription: \"Sunken scars\"\n",
            "2:8: this quote is not closed on its line; YAML reads the text on into line 3",
            "end the text with `\"` on the same line",
        ),
        (
            "title: a\ndescription: 'it's'\n",
            "3:18: the text goes on after its closing quote",
            "an apostrophe inside single quotes ends the text: write it twice (`'it''s'`), or put the whole text in double quotes",
        ),
        (
            "title: a\ndescription: \"say \"hi\"\"\n",
            "3:20: the text goes on after its closing quote",
            "a `\"` inside double quotes ends the text: write it as `\\\"`, or put the whole text in single quotes",
        ),
        (
            "title: a\ndescription: \"C:\\path\"\n",
            "3:17: `\\p` is not allowed inside double quotes",
            "inside double quotes a `\\` starts a special character: write `\\\\` for a backslash, or put the text in single quotes",
        ),
        (
            "title: a\nitems: [a, b}\n",
            "3:8: this `[` is closed by `}`",
            "close `[` with `]` and `{` with `}`",
        ),
        (
            "title: a\nitems: [a, b]]\n",
            "3:14: a closing bracket with no opening one",
            "remove it, or put the whole text in double quotes",
        ),
        (
            "title: \"a\"#b\n",
            "2:11: a `#` starts a comment only after a space",
            "put a space before the `#`, or put the whole text in double quotes",
        ),
    ];

    #[test]
    fn quote_and_bracket_messages_say_how_to_fix_them() {
        assert_cases(CASES);
    }
}
