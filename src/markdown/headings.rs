//! Heading ids and the page's "on this page" contents.

use super::footnotes::is_footnote_id;
use crate::diagnostics::{Diagnostic, Position};
use crate::heading_ids::HeadingIds;
use pulldown_cmark::{Event, Tag, TagEnd};
use serde::Serialize;
use std::ops::Range;

/// One entry of a page's "on this page" contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Hash)]
pub(crate) struct TocEntry {
    /// The heading's id (the anchor).
    pub(crate) id: String,
    /// The heading's text.
    pub(crate) title: String,
    /// 2 for `##`, 3 for `###`.
    pub(crate) level: u8,
    /// `###` headings under a `##`.
    pub(crate) children: Vec<TocEntry>,
}

/// Ids for every heading in order: explicit `{#id}`s are reserved before any is generated.
pub(super) fn assign_heading_ids(events: &[(Event, Range<usize>)]) -> Vec<(String, String)> {
    let mut ids = HeadingIds::for_page();
    let mut found: Vec<(Option<String>, String)> = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        if let Event::Start(Tag::Heading { id, .. }) = event {
            let end = events[i..]
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let explicit = id.as_ref().map(|s| s.to_string());
            if let Some(id) = &explicit {
                ids.reserve(id);
            }
            found.push((explicit, plain_text(&events[i + 1..end])));
        }
    }
    found
        .into_iter()
        .map(|(explicit, text)| match explicit {
            Some(id) => (id, text),
            None => (ids.unique(&text), text),
        })
        .collect()
}

/// An explicit `{#id}` must be unique on the page: generated ids step around it,
/// but two headings can be given the same one, or one the layout uses.
pub(super) fn check_explicit_id(
    id: &str,
    earlier: &[String],
    position: Position,
    path: &str,
) -> Option<Diagnostic> {
    let message = if earlier.iter().any(|a| a == id) {
        format!("the id `{id}` is already used by another heading on this page")
    } else if crate::heading_ids::LAYOUT_IDS.contains(&id) {
        format!("the id `{id}` is used by the page layout")
    } else if is_footnote_id(id) {
        format!("the id `{id}` is kept for footnotes")
    } else {
        return None;
    };
    Some(
        Diagnostic::error(path, position, message)
            .with_hint("give this heading its own `{#id}`, or remove the `{#...}` part"),
    )
}

/// The contents from `(level, id, title)` of each `##` and `###` heading in order.
pub(super) fn nest_toc(flat: Vec<(u8, String, String)>) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    for (level, id, title) in flat {
        let entry = TocEntry {
            id,
            title,
            level,
            children: Vec::new(),
        };
        match (level, toc.last_mut()) {
            (3, Some(parent)) if parent.level == 2 => parent.children.push(entry),
            _ => toc.push(entry),
        }
    }
    toc
}

/// The text of a run of inline events (for alt text and heading text).
pub(super) fn plain_text(events: &[(Event, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    #[test]
    fn toc_nests_h3_under_h2() {
        let toc = nest_toc(vec![
            (2, "a".into(), "A".into()),
            (3, "b".into(), "B".into()),
            (2, "c".into(), "C".into()),
        ]);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children[0].id, "b");
    }

    #[test]
    fn explicit_ids_win_and_are_reserved() {
        let events: Vec<_> = Parser::new_ext(
            "## Results\n\n## Other {#results}\n",
            crate::markdown::options(),
        )
        .into_offset_iter()
        .collect();
        let ids = assign_heading_ids(&events);
        assert_eq!(ids[0].0, "results-1");
        assert_eq!(ids[1].0, "results");
    }
}
