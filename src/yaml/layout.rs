//! The layout of YAML text around a problem: lines, indentation, keys and tabs,
//! read plainly (as a writer sees them) to say what is wrong and where.

/// The lines of a YAML text, numbered from 1.
pub(super) struct Lines<'a>(Vec<&'a str>);

/// A line read as `key: value` (after an optional `- `).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct KeyLine<'a> {
    /// The key, without quotes.
    pub key: &'a str,
    /// 1-based column of the key's first character.
    pub column: usize,
    /// What follows the `:` on the same line, without a trailing comment.
    pub value: &'a str,
}

/// What a value starts with, as far as the form it takes goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    /// `- item` lines or `[a, b]`.
    List,
    /// `{key: value}`.
    Group,
    /// Anything else.
    Text,
}

impl<'a> Lines<'a> {
    /// Splits `text` into lines.
    pub fn new(text: &'a str) -> Self {
        Lines(
            text.split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .collect(),
        )
    }

    /// Line `n` (1-based).
    pub fn get(&self, n: usize) -> Option<&'a str> {
        n.checked_sub(1).and_then(|i| self.0.get(i)).copied()
    }

    /// The nearest line above `n` that holds YAML.
    pub fn content_above(&self, n: usize) -> Option<usize> {
        (1..n).rev().find(|&i| self.get(i).is_some_and(holds_yaml))
    }

    /// The nearest line below `n` that holds YAML.
    pub fn content_below(&self, n: usize) -> Option<usize> {
        (n + 1..=self.0.len()).find(|&i| self.get(i).is_some_and(holds_yaml))
    }

    /// The tab behind a tab error reported at (`line`, `column`): the parser reports
    /// some where the text before the tab starts, so the first tab that indents
    /// `line` or a later line; failing that, the first tab from the reported place on.
    pub fn find_tab(&self, line: usize, column: usize) -> Option<(usize, usize)> {
        let len = self.0.len();
        for n in line..=len {
            let text = self.get(n)?;
            let lead = text.len() - text.trim_start_matches([' ', '\t']).len();
            if let Some(i) = text[..lead].find('\t') {
                return Some((n, i + 1));
            }
        }
        for n in line..=len {
            let skip = if n == line {
                column.saturating_sub(2)
            } else {
                0
            };
            let tab = self
                .get(n)?
                .chars()
                .enumerate()
                .skip(skip)
                .find(|(_, c)| *c == '\t');
            if let Some((i, _)) = tab {
                return Some((n, i + 1));
            }
        }
        None
    }

    /// The keys leading to the value at (`line`, `column`), outermost first;
    /// `-` stands for a list item.
    pub fn key_path(&self, line: usize, column: usize) -> Vec<&'a str> {
        let mut path = Vec::new();
        let Some(text) = self.get(line) else {
            return path;
        };
        // Everything that holds the value starts left of `limit` (0-based).
        let mut limit = column.saturating_sub(1);
        if let Some(k) = key_line(text).filter(|k| k.column < column) {
            path.push(k.key);
            limit = k.column - 1;
            if is_list_item(text) {
                path.push("-");
                limit = indent(text);
            }
        }
        for n in (1..line).rev() {
            if limit == 0 {
                break;
            }
            let Some(text) = self.get(n).filter(|t| holds_yaml(t) && indent(t) < limit) else {
                continue;
            };
            if let Some(k) = key_line(text).filter(|k| k.column - 1 < limit) {
                path.push(k.key);
                limit = k.column - 1;
            }
            if is_list_item(text) && indent(text) < limit {
                path.push("-");
            }
            limit = limit.min(indent(text));
        }
        path.reverse();
        path
    }

    /// What the value at (`line`, `column`) starts with.
    pub fn found(&self, line: usize, column: usize) -> Found {
        let rest: String = self
            .get(line)
            .unwrap_or("")
            .chars()
            .skip(column.saturating_sub(1))
            .collect();
        let rest = rest.trim_start();
        if rest.starts_with('[') || rest == "-" || rest.starts_with("- ") {
            Found::List
        } else if rest.starts_with('{') {
            Found::Group
        } else {
            Found::Text
        }
    }

    /// When line `n` is indented more than the line above it although that line's
    /// value is already complete (`key: value`, `- value`), the line above.
    pub fn over_indented(&self, n: usize) -> Option<usize> {
        let text = self.get(n)?;
        let above = self.content_above(n)?;
        let above_text = self.get(above)?;
        let (column, complete) = match key_line(above_text) {
            Some(k) => (
                k.column - 1,
                !k.value.is_empty() && !is_block_start(k.value),
            ),
            None => (
                indent(above_text),
                is_list_item(above_text) && !is_block_start(item_value(above_text)),
            ),
        };
        (complete && indent(text) > column).then_some(above)
    }

    /// The indentation levels open above line `n`: from the nearest line up,
    /// each less indented than the one before, as (line, indentation).
    pub fn levels_above(&self, n: usize) -> Vec<(usize, usize)> {
        let mut levels = Vec::new();
        let mut last = usize::MAX;
        for i in (1..n).rev() {
            let Some(text) = self.get(i).filter(|t| holds_yaml(t)) else {
                continue;
            };
            if indent(text) < last {
                last = indent(text);
                levels.push((i, last));
                if last == 0 {
                    break;
                }
            }
        }
        levels
    }
}

/// How many spaces start `line`.
pub(super) fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// True for a line that holds YAML: not blank and not only a comment.
pub(super) fn holds_yaml(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// True for a `- item` line.
pub(super) fn is_list_item(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    t == "-" || t.starts_with("- ")
}

/// The text of a `- item` line after the `- `.
fn item_value(line: &str) -> &str {
    let t = line.trim_start_matches(' ');
    strip_comment(t.strip_prefix('-').unwrap_or(t).trim())
}

/// `|` and `>` start a block of text on the next lines; so does an empty value.
fn is_block_start(value: &str) -> bool {
    value.is_empty() || value.starts_with(['|', '>'])
}

fn strip_comment(value: &str) -> &str {
    match value.find(" #") {
        Some(i) if !value.starts_with(['"', '\'']) => value[..i].trim_end(),
        _ => value,
    }
}

/// Reads `line` as `key: value` (after an optional `- `); `None` when it is not one.
pub(super) fn key_line(line: &str) -> Option<KeyLine<'_>> {
    let mut rest = line.trim_start_matches(' ');
    if let Some(item) = rest.strip_prefix("- ") {
        rest = item.trim_start_matches(' ');
    }
    let column = line[..line.len() - rest.len()].chars().count() + 1;
    let (key, after) = match rest.chars().next()? {
        q @ ('"' | '\'') => {
            let end = rest[1..].find(q)? + 1;
            (&rest[1..end], rest[end + 1..].trim_start_matches(' '))
        }
        '[' | '{' | '#' | '-' | '&' | '*' | '!' | '|' | '>' => return None,
        _ => {
            let colon = rest
                .match_indices(':')
                .map(|(i, _)| i)
                .find(|&i| rest[i + 1..].is_empty() || rest[i + 1..].starts_with([' ', '\t']))?;
            (rest[..colon].trim_end(), &rest[colon..])
        }
    };
    let value = after.strip_prefix(':')?;
    if key.is_empty() {
        return None;
    }
    Some(KeyLine {
        key,
        column,
        value: strip_comment(value.trim()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lines_are_read_plainly() {
        let k = key_line("  - title: NHS # the source").unwrap();
        assert_eq!((k.key, k.column, k.value), ("title", 5, "NHS"));
        let k = key_line("\"a b\": c").unwrap();
        assert_eq!((k.key, k.column, k.value), ("a b", 1, "c"));
        assert_eq!(key_line("reviewers:").unwrap().value, "");
        assert_eq!(key_line("url: https://x.org").unwrap().key, "url");
        assert_eq!(key_line("- just text"), None);
        assert_eq!(key_line("weight 2"), None);
    }

    #[test]
    fn key_paths_follow_indentation() {
        let lines = Lines::new("title: x\nreviewers:\n  - name: A\n  lead: Dr A\n");
        assert_eq!(lines.key_path(3, 3), ["reviewers"]);
        assert_eq!(lines.key_path(4, 9), ["reviewers", "lead"]);
        let lines = Lines::new("sources:\n  - title: x\n    url: y\n");
        assert_eq!(lines.key_path(3, 10), ["sources", "-", "url"]);
        assert_eq!(lines.key_path(2, 12), ["sources", "-", "title"]);
    }

    #[test]
    fn tabs_are_found_where_they_indent() {
        let lines = Lines::new("title: Home\n\tweight: 2\n");
        assert_eq!(lines.find_tab(1, 8), Some((2, 1)));
        let lines = Lines::new("clinic:\n  \tname: X\n");
        assert_eq!(lines.find_tab(2, 4), Some((2, 3)));
        let lines = Lines::new("title:\ta\nb: c\td\n");
        assert_eq!(lines.find_tab(2, 5), Some((2, 5)));
    }

    #[test]
    fn over_indented_lines_follow_a_complete_value() {
        let lines = Lines::new("title: \"Home\"\n  weight: 2\n");
        assert_eq!(lines.over_indented(2), Some(1));
        let lines = Lines::new("- name: x\n  role: y\n");
        assert_eq!(lines.over_indented(2), None);
        let lines = Lines::new("clinic:\n  name: x\n");
        assert_eq!(lines.over_indented(2), None);
        let lines = Lines::new("items:\n  - \"a\"\n\n    - b\n");
        assert_eq!(lines.over_indented(4), Some(2));
    }
}
