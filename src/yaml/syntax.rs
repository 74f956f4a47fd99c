//! Text YAML cannot read: tabs, indentation, missing or extra colons, quotes and
//! brackets. Each message says what is wrong in the writer's terms and how to fix
//! it, at the place to change (the parser often stops a line later or earlier).

use super::Problem;
use super::layout::{indent, is_list_item, key_line};
use crate::diagnostics::Diagnostic;

/// The message for a parser error, if it is one of these.
pub(super) fn explain(p: &Problem) -> Option<Diagnostic> {
    let m = p.message;
    let at = p.at?;
    let found = if m.contains("found a tab")
        || m.contains("tabs disallowed")
        || m.contains("tab cannot be used")
        || m.contains("start with a tab")
    {
        tab(p, at)
    } else if m.starts_with("mapping values are not allowed") {
        over_indented(p, at.0).unwrap_or_else(|| {
            p.error_here(
                "YAML cannot read the `:` here",
                "if the text contains `: `, put all of it in double quotes, e.g. `title: \"Scars: what helps\"`; otherwise indent this line like the lines above it",
            )
        })
    } else if m.contains("did not find expected key") {
        out_of_place(p, at)?
    } else if m.contains("did not find expected '-' indicator") {
        not_a_list_item(p, at.0)?
    } else if m.starts_with("simple key expected ':'") {
        no_colon(p, at.0)?
    } else {
        return super::quotes::explain(p, at).or_else(|| other(p, at));
    };
    Some(found)
}

fn tab(p: &Problem, at: (usize, usize)) -> Diagnostic {
    let (line, column) = p.lines.find_tab(at.0, at.1).unwrap_or(at);
    let before = p.lines.get(line).unwrap_or("").chars().take(column - 1);
    let (message, hint) = if before.clone().all(|c| c == ' ' || c == '\t') {
        (
            "this line is indented with a tab",
            format!(
                "replace the tab at column {column} with spaces: YAML reads only spaces as indentation"
            ),
        )
    } else {
        (
            "a tab where YAML needs a space",
            format!("replace the tab at column {column} with a space"),
        )
    };
    p.error_at((line, column), message.into(), hint)
}

/// A line indented more than the line above it, whose value is already complete.
pub(super) fn over_indented(p: &Problem, line: usize) -> Option<Diagnostic> {
    let above = p.lines.over_indented(line)?;
    let text = p.lines.get(line)?;
    let above_text = p.lines.get(above)?;
    let start = (line, indent(text) + 1);
    let (message, column, like) = match key_line(above_text) {
        Some(k) => (
            "this line is indented more than the key above it",
            k.column,
            format!("`{}`", k.key),
        ),
        None => (
            "this line is indented more than the list item above it",
            indent(above_text) + 1,
            "the item".to_string(),
        ),
    };
    let what = match key_line(text).filter(|_| !is_list_item(text)) {
        Some(own) => format!("start `{}` in column {column}", own.key),
        None => format!("start it in column {column}"),
    };
    let hint = format!("{what}, like {like} on line {}", p.file_line(above));
    Some(p.error_at(start, message.into(), hint))
}

/// "did not find expected key": a line where the mapping above cannot go on.
fn out_of_place(p: &Problem, (line, column): (usize, usize)) -> Option<Diagnostic> {
    if let Some(d) = over_indented(p, line) {
        return Some(d);
    }
    let text = p.lines.get(line)?;
    let start = (line, indent(text) + 1);
    let above = p.lines.content_above(line);
    let above_text = above.and_then(|a| p.lines.get(a)).unwrap_or("");
    if is_list_item(text) && !is_list_item(above_text) && indent(above_text) == indent(text) {
        let path = p.lines.key_path(line, start.1);
        let hint = match p.form_hint(&path) {
            Some(hint) => hint,
            None => format!(
                "write it as `key: value` like line {}, or put the list under a key of its own, each `- ` item indented by 2 spaces",
                p.file_line(above.unwrap_or(line))
            ),
        };
        return Some(p.error_at(start, "a list item among `key: value` lines".into(), hint));
    }
    if column > indent(text) + 1 {
        return Some(p.error_here(
            "there is more text after the value",
            "put the whole value in double quotes, or move this text to a line of its own",
        ));
    }
    misaligned(p, line)
}

/// A line indented less than the line above it, but not as little as any key it could belong to.
fn misaligned(p: &Problem, line: usize) -> Option<Diagnostic> {
    let own = indent(p.lines.get(line)?);
    let levels = p.lines.levels_above(line);
    let deeper = levels.iter().rfind(|(_, i)| *i > own);
    let shallower = levels.iter().find(|(_, i)| *i < own);
    let like =
        |(n, i): &(usize, usize)| format!("in column {} like line {}", i + 1, p.file_line(*n));
    let hint = match (deeper, shallower) {
        (Some(d), Some(s)) => format!("start it {}, or {}", like(d), like(s)),
        (Some(d), None) => format!("start it {}", like(d)),
        _ => return None,
    };
    Some(p.error_at(
        (line, own + 1),
        "this line does not line up with the lines above it".into(),
        hint,
    ))
}

/// "did not find expected '-' indicator": a line in a list that is not an item.
fn not_a_list_item(p: &Problem, line: usize) -> Option<Diagnostic> {
    if let Some(d) = over_indented(p, line) {
        return Some(d);
    }
    let text = p.lines.get(line)?;
    let item = p.lines.content_above(line).and_then(|a| p.lines.get(a));
    let hint = match item.filter(|i| is_list_item(i)) {
        Some(i) => format!(
            "start each list item with `- `; if this line belongs to the item above, start it in column {}, under the item's text",
            indent(i) + 3
        ),
        None => "start each list item with `- `, indented like the other items".to_string(),
    };
    Some(p.error_at(
        (line, indent(text) + 1),
        "this line does not fit in the list above it".into(),
        hint,
    ))
}

/// "simple key expected ':'": a line that is neither `key: value` nor `- item`.
fn no_colon(p: &Problem, line: usize) -> Option<Diagnostic> {
    let text = p.lines.get(line)?;
    let content = text.trim_start_matches(' ').trim_end();
    let start = indent(text) + 1;
    if let Some(rest) = content.strip_prefix('-').filter(|r| !r.is_empty()) {
        return Some(p.error_at(
            (line, start),
            "a list item needs a space after `-`".into(),
            format!("write `- {}`", rest.trim_start()),
        ));
    }
    let word = content.split_whitespace().next().unwrap_or(content);
    let rest = content[word.len()..].trim_start();
    let continues = p
        .lines
        .content_above(line)
        .and_then(|a| key_line(p.lines.get(a)?))
        .filter(|k| !k.value.is_empty() && !k.value.starts_with(['"', '\'', '[', '{', '|', '>']));
    let new_key = if rest.is_empty() {
        format!("if `{word}` is a key, write `{word}: ` and its value")
    } else {
        format!("if `{word}` is a key, write `{word}: {rest}`")
    };
    let hint = match continues {
        Some(k) => format!(
            "{new_key}; if this line goes on with the text of `{}`, indent it by 2 spaces",
            k.key
        ),
        None => format!("{new_key}; a list item starts with `- `"),
    };
    Some(p.error_at(
        (line, start + word.chars().count()),
        format!("a `:` is missing after `{word}`"),
        hint,
    ))
}

fn other(p: &Problem, (line, column): (usize, usize)) -> Option<Diagnostic> {
    let m = p.message;
    let text = p.lines.get(line).unwrap_or("");
    let here: char = text.chars().nth(column.saturating_sub(1)).unwrap_or(' ');
    let quote_it = "put the whole text in double quotes";
    let d = if m.starts_with("block sequence entries are not allowed") {
        let key = key_line(text).map_or("the key", |k| k.key);
        p.error_here(
            "a list cannot start on the same line as its key",
            format!("put each `- ` item on a line of its own below `{key}:`, indented by 2 spaces, or write `{key}: [first, second]`"),
        )
    } else if m.starts_with("unexpected EOF") && matches!(here, ',' | ']' | '}') {
        p.error_here(format!("a value cannot start with `{here}`"), quote_it)
    } else if m.starts_with("unexpected EOF") || m.starts_with("unexpected end") {
        p.error_here(
            "YAML reached the end before this was complete",
            "close every bracket and quote mark",
        )
    } else if m.starts_with("did not find expected <document start>") {
        p.error_at(
            (line, indent(text) + 1),
            "this line is indented less than the first line".into(),
            "start every key at the top level in column 1".into(),
        )
    } else if m.starts_with("multiple YAML documents") || m.contains("document end marker") {
        p.error_here(
            "a `---` line in the middle of the settings",
            "remove the `---` line",
        )
    } else if let Some(rest) = m.strip_prefix("unexpected character: `") {
        let c = rest.trim_end_matches('\'');
        let shown = if c == "`" {
            "`` ` ``".to_string()
        } else {
            format!("`{c}`")
        };
        p.error_here(format!("a value cannot start with {shown}"), quote_it)
    } else if m.contains("unknown anchor") || m.contains("anchor or alias") {
        let c = if here == '&' { '&' } else { '*' };
        p.error_here(format!("a value cannot start with `{c}`"), quote_it)
    } else if m.contains("tagged scalar") || m.contains("a tag") || m.contains("TAG") {
        p.error_here("a value cannot start with `!`", quote_it)
    } else if m.contains("block scalar") || m.contains("invalid indentation") {
        p.error_here(
            "this line of the text is indented less than its first line",
            "indent every line of the text by the same number of spaces",
        )
    } else if m.contains("did not find expected node content") {
        p.error_here(
            "a value is missing here",
            "write a value, or put the text in double quotes",
        )
    } else {
        return None;
    };
    Some(d)
}

#[cfg(test)]
mod tests {
    use crate::yaml::test_support::assert_cases;

    /// (front matter lines, from line 2; `line:col: message`; hint)
    const CASES: &[(&str, &str, &str)] = &[
        (
            "title: Home\nclinic:\n\tname: X\n",
            "4:1: this line is indented with a tab",
            "replace the tab at column 1 with spaces: YAML reads only spaces as indentation",
        ),
        (
            "title: Home\n\tweight: 2\n",
            "3:1: this line is indented with a tab",
            "replace the tab at column 1 with spaces: YAML reads only spaces as indentation",
        ),
        (
            "title: Home\nclinic:\n  name: X\n  \trole: Y\n",
            "5:3: this line is indented with a tab",
            "replace the tab at column 3 with spaces: YAML reads only spaces as indentation",
        ),
        (
            "title: \"Home\"\n  weight: 2\n",
            "3:3: this line is indented more than the key above it",
            "start `weight` in column 1, like `title` on line 2",
        ),
        (
            "title: Home\n  weight: 2\n",
            "3:3: this line is indented more than the key above it",
            "start `weight` in column 1, like `title` on line 2",
        ),
        (
            "title: Home\nclinic:\n  name: X\n    role: Y\n",
            "5:5: this line is indented more than the key above it",
            "start `role` in column 3, like `name` on line 4",
        ),
        (
            "title: a\nitems:\n  - \"a\"\n    - b\n",
            "5:5: this line is indented more than the list item above it",
            "start it in column 3, like the item on line 4",
        ),
        (
            "title: Home\nclinic:\n  name: X\n role: Y\n",
            "5:2: this line does not line up with the lines above it",
            "start it in column 3 like line 4, or in column 1 like line 3",
        ),
        (
            "title: a\ndescription: |\n    x\n  y\n",
            "5:3: this line does not line up with the lines above it",
            "start it in column 5 like line 4, or in column 1 like line 3",
        ),
        (
            "title: a\n- b\n",
            "3:1: a list item among `key: value` lines",
            "write it as `key: value` like line 2, or put the list under a key of its own, each `- ` item indented by 2 spaces",
        ),
        (
            "title: a\nitems:\n  - a\n  c: d\n",
            "5:3: this line does not fit in the list above it",
            "start each list item with `- `; if this line belongs to the item above, start it in column 5, under the item's text",
        ),
        (
            "title: Home\nweight 2\n",
            "3:7: a `:` is missing after `weight`",
            "if `weight` is a key, write `weight: 2`; if this line goes on with the text of `title`, indent it by 2 spaces",
        ),
        (
            "title: \"Home\"\nweight\n",
            "3:7: a `:` is missing after `weight`",
            "if `weight` is a key, write `weight: ` and its value; a list item starts with `- `",
        ),
        (
            "title: a\nitems:\n- a\n-b\n",
            "5:1: a list item needs a space after `-`",
            "write `- b`",
        ),
        (
            "title: a\nitems: - a\n",
            "3:8: a list cannot start on the same line as its key",
            "put each `- ` item on a line of its own below `items:`, indented by 2 spaces, or write `items: [first, second]`",
        ),
        (
            "title: a\nitems: [a, b] c\n",
            "3:15: there is more text after the value",
            "put the whole value in double quotes, or move this text to a line of its own",
        ),
        (
            " title: Home\nitems: [a]\n",
            "3:1: this line is indented less than the first line",
            "start every key at the top level in column 1",
        ),
        (
            "title: ,\n",
            "2:8: a value cannot start with `,`",
            "put the whole text in double quotes",
        ),
    ];

    #[test]
    fn parser_messages_are_plain_words_at_the_place_to_fix() {
        assert_cases(CASES);
    }
}
