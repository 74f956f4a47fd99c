//! Footnotes (`text[^label]` and `[^label]: the note`), as GitHub shows them:
//! numbered in the order they are referred to, gathered in a list at the end of
//! the body, each note with a link back to every place that refers to it.
//!
//! Their ids, `fn:1` for a note and `fnref:1` (`fnref:1-2`...) for the places
//! referring to it, cannot clash with heading ids: GitHub's heading id algorithm
//! drops every `:`, and an explicit heading id starting with either prefix is an
//! error (see [`is_footnote_id`]).

use crate::diagnostics::{Diagnostic, Position};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::HashMap;
use std::fmt::Write;

/// True for an id of the form footnotes use, which headings may not take.
pub(super) fn is_footnote_id(id: &str) -> bool {
    id.starts_with("fn:") || id.starts_with("fnref:")
}

/// The footnotes of one page body, collected while its events are turned into HTML.
#[derive(Default)]
pub(super) struct Footnotes<'a> {
    /// Note index by label (labels match without regard to case, as in markdown).
    by_label: HashMap<String, usize>,
    /// Every note referred to or written, in the order first met.
    notes: Vec<Note<'a>>,
    /// Notes referred to so far: the next reference to a new note gets this plus one.
    numbered: usize,
    /// The definitions being read: the note (None for a second one of a label)
    /// and where its HTML events start.
    open: Vec<(Option<usize>, usize)>,
}

/// One note.
struct Note<'a> {
    /// Its label as first written.
    label: String,
    /// Its number, given by its first reference.
    number: Option<usize>,
    /// How many places refer to it.
    references: usize,
    /// Its HTML events and where it is written.
    definition: Option<(Vec<Event<'a>>, Position)>,
}

impl<'a> Footnotes<'a> {
    fn note(&mut self, label: &str) -> usize {
        let key = label.to_lowercase();
        if let Some(&i) = self.by_label.get(&key) {
            return i;
        }
        self.notes.push(Note {
            label: label.to_string(),
            number: None,
            references: 0,
            definition: None,
        });
        self.by_label.insert(key, self.notes.len() - 1);
        self.notes.len() - 1
    }

    /// The HTML of a reference to the note `label`: its number, linking to the note.
    pub(super) fn reference(&mut self, label: &str) -> String {
        let i = self.note(label);
        let numbered = &mut self.numbered;
        let note = &mut self.notes[i];
        let number = *note.number.get_or_insert_with(|| {
            *numbered += 1;
            *numbered
        });
        note.references += 1;
        format!(
            "<sup class=\"footnote-reference\"><a href=\"#fn:{number}\" id=\"{}\"><span class=\"visually-hidden\">Note </span>{number}</a></sup>",
            reference_id(number, note.references)
        )
    }

    /// At the start of the note `label`, whose HTML events will start at `html_len`;
    /// a second note of one label is an error.
    pub(super) fn start_definition(
        &mut self,
        label: &str,
        position: Position,
        html_len: usize,
        (path, diagnostics): (&str, &mut Vec<Diagnostic>),
    ) {
        let i = self.note(label);
        let note = &mut self.notes[i];
        if let Some((_, first)) = &note.definition {
            diagnostics.push(
                Diagnostic::error(
                    path,
                    position,
                    format!(
                        "the note `[^{label}]` is written twice (first on line {})",
                        first.line
                    ),
                )
                .with_hint("give each note its own label, or remove one of them"),
            );
            self.open.push((None, html_len));
        } else {
            note.definition = Some((Vec::new(), position));
            self.open.push((Some(i), html_len));
        }
    }

    /// At the end of a note: its HTML events leave the body, to be written at its end.
    pub(super) fn end_definition(&mut self, html: &mut Vec<Event<'a>>) {
        let Some((note, start)) = self.open.pop() else {
            return;
        };
        let events = html.split_off(start.min(html.len()));
        if let Some((definition, _)) = note.and_then(|i| self.notes[i].definition.as_mut()) {
            *definition = events;
        }
    }

    /// At the end of the body: the list of notes, in the order of their numbers.
    /// A note nothing refers to is listed last, with a warning.
    pub(super) fn finish(
        mut self,
        html: &mut Vec<Event<'a>>,
        (path, diagnostics): (&str, &mut Vec<Diagnostic>),
    ) {
        if self.notes.is_empty() {
            return;
        }
        for note in &mut self.notes {
            if let (None, Some((_, position))) = (note.number, &note.definition) {
                diagnostics.push(
                    Diagnostic::warning(
                        path,
                        *position,
                        format!("the note `[^{}]` is never referred to", note.label),
                    )
                    .with_hint(format!(
                        "write `[^{}]` where the note belongs in the text, or remove the note",
                        note.label
                    )),
                );
                self.numbered += 1;
                note.number = Some(self.numbered);
            }
        }
        self.notes.sort_by_key(|note| note.number);
        html.push(Event::Html(CowStr::Borrowed(
            "<div class=\"footnotes\">\n<h2 class=\"visually-hidden\">Notes</h2>\n<ol>\n",
        )));
        for note in self.notes {
            let Some(number) = note.number else { continue };
            html.push(Event::Html(CowStr::from(format!(
                "<li id=\"fn:{number}\">\n"
            ))));
            let mut events = note.definition.map(|(e, _)| e).unwrap_or_default();
            let back = Event::Html(CowStr::from(back_links(number, note.references)));
            // The links back end the note's last paragraph, or follow its last block.
            match events.last() {
                Some(Event::End(TagEnd::Paragraph)) => events.insert(events.len() - 1, back),
                _ => events.push(back),
            }
            html.extend(events);
            html.push(Event::Html(CowStr::Borrowed("</li>\n")));
        }
        html.push(Event::Html(CowStr::Borrowed("</ol>\n</div>\n")));
    }
}

/// The id of the `nth` place referring to note `number`.
fn reference_id(number: usize, nth: usize) -> String {
    if nth == 1 {
        format!("fnref:{number}")
    } else {
        format!("fnref:{number}-{nth}")
    }
}

/// Links from note `number` back to each of the `references` places referring to it.
/// The arrow is for the eye; a screen reader hears the words after it.
fn back_links(number: usize, references: usize) -> String {
    let mut html = String::new();
    for nth in 1..=references {
        let id = reference_id(number, nth);
        // U+FE0E asks for the arrow as text, not as an emoji.
        let (mark, words) = if references == 1 {
            (String::new(), format!("Back to reference {number}"))
        } else {
            (
                format!("<sup>{nth}</sup>"),
                format!("Back to reference {number} ({nth} of {references})"),
            )
        };
        let _ = write!(
            html,
            " <a href=\"#{id}\" class=\"footnote-backref\"><span aria-hidden=\"true\">↩\u{FE0E}{mark}</span><span class=\"visually-hidden\">{words}</span></a>"
        );
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heading_ids::HeadingIds;

    #[test]
    fn heading_ids_never_look_like_footnote_ids() {
        let mut ids = HeadingIds::for_page();
        for text in ["fn:1", "fnref:1", "FN: 1", "fnref:1-2", "fn：1"] {
            let id = ids.unique(text);
            assert!(!is_footnote_id(&id), "{text:?} gave {id:?}");
        }
    }

    #[test]
    fn back_links_name_the_reference_they_go_to() {
        assert_eq!(
            back_links(2, 1),
            " <a href=\"#fnref:2\" class=\"footnote-backref\"><span aria-hidden=\"true\">↩\u{FE0E}</span><span class=\"visually-hidden\">Back to reference 2</span></a>"
        );
        assert!(back_links(1, 2).ends_with(
            " <a href=\"#fnref:1-2\" class=\"footnote-backref\"><span aria-hidden=\"true\">↩\u{FE0E}<sup>2</sup></span><span class=\"visually-hidden\">Back to reference 1 (2 of 2)</span></a>"
        ));
    }
}

/// References to notes that are never written: markdown leaves `[^label]` as text
/// then, shown to patients as it is typed. Text events are gathered in runs (one
/// `[^label]` can arrive in several pieces) and each run is searched when it ends.
#[derive(Default)]
pub(super) struct UnwrittenNotes {
    /// The current run of text.
    run: String,
    /// Where each piece of the run starts: (offset in `run`, offset in the body).
    pieces: Vec<(usize, usize)>,
    /// Each reference found: its label and its offset in the body.
    found: Vec<(String, usize)>,
    /// Inside a code block, whose text is shown as written on purpose.
    in_code: bool,
}

impl UnwrittenNotes {
    /// Takes one event: text (outside code) extends the run, anything else ends it.
    pub(super) fn observe(&mut self, event: &Event, body_offset: usize) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.in_code = true,
            Event::End(TagEnd::CodeBlock) => self.in_code = false,
            _ => {}
        }
        match event {
            Event::Text(text) if !self.in_code => {
                self.pieces.push((self.run.len(), body_offset));
                self.run.push_str(text);
            }
            _ => self.end_run(),
        }
    }

    fn end_run(&mut self) {
        let mut from = 0;
        while let Some(start) = self.run[from..].find("[^").map(|i| i + from) {
            from = start + 2;
            let rest = &self.run[from..];
            let Some(end) = rest.find(']') else { break };
            let label = &rest[..end];
            let is_label = !label.is_empty() && !label.contains(char::is_whitespace);
            // `[^label]:` at a line's start would be a note; in running text it is not.
            if is_label {
                let piece = self.pieces.partition_point(|&(at, _)| at <= start) - 1;
                let (at, source) = self.pieces[piece];
                self.found.push((label.to_string(), source + (start - at)));
            }
        }
        self.run.clear();
        self.pieces.clear();
    }

    /// A warning for each reference to a note that is not written.
    pub(super) fn finish(
        mut self,
        at: impl Fn(usize) -> Position,
        (path, diagnostics): (&str, &mut Vec<Diagnostic>),
    ) {
        self.end_run();
        for (label, offset) in self.found {
            diagnostics.push(
                Diagnostic::warning(
                    path,
                    at(offset),
                    format!("the note `[^{label}]` is referred to but never written, so it shows as typed"),
                )
                .with_hint(format!(
                    "write the note on a line of its own, such as `[^{label}]: The note's text.`, or remove `[^{label}]`"
                )),
            );
        }
    }
}
