//! The FAQ page's body: every `##` heading a question, the text under it its answer,
//! `#` headings (if any) grouping the questions one level down.

use crate::diagnostics::{Diagnostic, Position};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag};
use serde::Serialize;
use std::ops::Range;

/// One question of the FAQ page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FaqEntry {
    /// The question (the `##` heading's text).
    pub(crate) question: String,
    /// Its anchor.
    pub(crate) id: String,
    /// The `#` group it is under, as (title, id).
    pub(crate) group: Option<(String, String)>,
    /// The answer as HTML.
    pub(crate) answer_html: String,
    /// Where the question is written.
    #[serde(skip)]
    pub(crate) position: Position,
}

/// The FAQ bookkeeping while a body's events are turned into HTML events; on any
/// other page it only passes heading levels through.
pub(super) struct FaqLayout {
    /// True on the FAQ page.
    faq: bool,
    /// The FAQ page has `#` group headings, so every heading renders one level down
    /// (the page keeps a single h1).
    groups: bool,
    /// The open question: its index in `out.faq` and where its answer starts in the
    /// HTML events (0 until its heading ends).
    open_answer: Option<(usize, usize)>,
    /// Every answer as (question, first HTML event, end).
    answers: Vec<(usize, usize, usize)>,
    /// The `#` group the questions are under, as (title, id).
    group: Option<(String, String)>,
}

impl FaqLayout {
    /// The layout of a body whose markdown events are `events`; `faq` for the FAQ page.
    pub(super) fn new(faq: bool, events: &[(Event, Range<usize>)]) -> Self {
        let groups = faq
            && events.iter().any(|(e, _)| {
                matches!(
                    e,
                    Event::Start(Tag::Heading {
                        level: HeadingLevel::H1,
                        ..
                    })
                )
            });
        FaqLayout {
            faq,
            groups,
            open_answer: None,
            answers: Vec::new(),
            group: None,
        }
    }

    /// The level a heading renders at: on the FAQ page with groups, one level down.
    pub(super) fn level(&self, level: HeadingLevel) -> HeadingLevel {
        if self.faq && self.groups {
            demote(level)
        } else {
            level
        }
    }

    /// Before a heading written at `level`: on the FAQ page, a `##` closes the open
    /// answer and opens a question (added to `questions`), a `#` starts a group.
    pub(super) fn start_heading(
        &mut self,
        level: HeadingLevel,
        (id, text): (&str, &str),
        position: Position,
        path: &str,
        (questions, diagnostics): (&mut Vec<FaqEntry>, &mut Vec<Diagnostic>),
        html: &mut Vec<Event>,
    ) {
        if !self.faq || level > HeadingLevel::H2 {
            return;
        }
        self.close_answer(html);
        if level == HeadingLevel::H1 {
            self.group = Some((text.to_string(), id.to_string()));
        } else {
            check_question(questions, text, position, path, diagnostics);
            questions.push(FaqEntry {
                question: text.to_string(),
                id: id.to_string(),
                group: self.group.clone(),
                answer_html: String::new(),
                position,
            });
            self.open_answer = Some((questions.len() - 1, 0));
            html.push(Event::Html(CowStr::Borrowed("<div class=\"faq-item\">\n")));
        }
    }

    /// After a heading: a question's answer starts here.
    pub(super) fn end_heading(&mut self, html: &mut Vec<Event>) {
        if let Some((entry, 0)) = self.open_answer {
            html.push(Event::Html(CowStr::Borrowed(
                "<div class=\"faq-answer\">\n",
            )));
            self.open_answer = Some((entry, html.len()));
        }
    }

    fn close_answer(&mut self, html: &mut Vec<Event>) {
        if let Some((entry, start)) = self.open_answer.take() {
            self.answers.push((entry, start, html.len()));
            html.push(Event::Html(CowStr::Borrowed("</div>\n</div>\n")));
        }
    }

    /// At the end of the body: closes the last answer and gives every question its
    /// answer's HTML; a question without one is an error.
    pub(super) fn finish(
        mut self,
        html: &mut Vec<Event>,
        (questions, diagnostics): (&mut [FaqEntry], &mut Vec<Diagnostic>),
        path: &str,
    ) {
        self.close_answer(html);
        for (entry, start, end) in self.answers {
            let events = html.get(start..end).unwrap_or_default();
            let mut answer = String::new();
            pulldown_cmark::html::push_html(&mut answer, events.iter().cloned());
            if answer.trim().is_empty()
                && let Some(faq) = questions.get(entry)
            {
                diagnostics.push(
                    Diagnostic::error(
                        path,
                        faq.position,
                        format!("the question \"{}\" has no answer", faq.question),
                    )
                    .with_hint("write the answer under the question, before the next `##` heading"),
                );
            }
            if let Some(faq) = questions.get_mut(entry) {
                faq.answer_html = answer;
            }
        }
    }
}

fn check_question(
    asked: &[FaqEntry],
    question: &str,
    position: Position,
    path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let key = question.trim().to_lowercase();
    if let Some(first) = asked
        .iter()
        .find(|q| q.question.trim().to_lowercase() == key)
    {
        diagnostics.push(
            Diagnostic::error(
                path,
                position,
                format!(
                    "the question \"{question}\" is asked twice (first on line {})",
                    first.position.line
                ),
            )
            .with_hint("remove one of them, or merge the two answers"),
        );
    }
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}
