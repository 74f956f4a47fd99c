//! GitHub task lists (`- [ ]`, `- [x]`): each box is a disabled checkbox, and the
//! item's text is its label, so a screen reader says what is done or to do
//! ("Rest for a day, checkbox, checked, dimmed") instead of an unnamed box.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// The start of a task's label, done or to do.
const DONE: &str =
    "<label class=\"task\"><input type=\"checkbox\" class=\"task__box\" disabled checked> ";
const TO_DO: &str = "<label class=\"task\"><input type=\"checkbox\" class=\"task__box\" disabled> ";
/// A task with no text has nothing to be labelled by.
const EMPTY_DONE: &str =
    "<input type=\"checkbox\" class=\"task__box\" disabled checked aria-label=\"Task\">";
const EMPTY_TO_DO: &str =
    "<input type=\"checkbox\" class=\"task__box\" disabled aria-label=\"Task\">";

/// The task whose label is open: it holds the item's text up to its first block
/// (a second paragraph, a nested list), as a `<label>` may hold only phrasing content.
#[derive(Default)]
pub(super) struct TaskLabel {
    /// Where the label starts in the HTML events, and whether the task is done.
    open: Option<(usize, bool)>,
}

impl TaskLabel {
    /// At a task list marker: opens the item's label with its checkbox.
    pub(super) fn open(&mut self, done: bool, html: &mut Vec<Event>) {
        self.close(html);
        self.open = Some((html.len(), done));
        html.push(Event::Html(CowStr::Borrowed(if done {
            DONE
        } else {
            TO_DO
        })));
    }

    /// Before each markdown event: the label ends where the item's text does.
    pub(super) fn before(&mut self, event: &Event, html: &mut Vec<Event>) {
        if self.open.is_some() && !is_inline(event) {
            self.close(html);
        }
    }

    /// Closes the open label, if any.
    pub(super) fn close(&mut self, html: &mut Vec<Event>) {
        let Some((start, done)) = self.open.take() else {
            return;
        };
        if html.len() == start + 1 {
            html[start] = Event::Html(CowStr::Borrowed(if done {
                EMPTY_DONE
            } else {
                EMPTY_TO_DO
            }));
        } else {
            html.push(Event::Html(CowStr::Borrowed("</label>")));
        }
    }
}

/// True for the events of inline text (what a `<label>` can hold).
fn is_inline(event: &Event) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::InlineHtml(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html_of(md: &str) -> String {
        let mut label = TaskLabel::default();
        let mut html = Vec::new();
        for event in pulldown_cmark::Parser::new_ext(md, crate::markdown::options()) {
            label.before(&event, &mut html);
            match event {
                Event::TaskListMarker(done) => label.open(done, &mut html),
                event => html.push(event),
            }
        }
        label.close(&mut html);
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, html.into_iter());
        out
    }

    #[test]
    fn the_label_holds_the_text_up_to_the_first_block() {
        assert_eq!(
            html_of("- [x] Rest *today*\n  - [ ] nested\n"),
            "<ul>\n<li><label class=\"task\"><input type=\"checkbox\" class=\"task__box\" disabled checked> Rest <em>today</em></label>\n<ul>\n<li><label class=\"task\"><input type=\"checkbox\" class=\"task__box\" disabled> nested</label></li>\n</ul>\n</li>\n</ul>\n"
        );
        assert_eq!(
            html_of("- [ ] loose\n\n  more\n"),
            "<ul>\n<li>\n<p><label class=\"task\"><input type=\"checkbox\" class=\"task__box\" disabled> loose</label></p>\n<p>more</p>\n</li>\n</ul>\n"
        );
    }

    #[test]
    fn a_task_without_text_is_named_task() {
        assert_eq!(
            html_of("- [ ]\n"),
            "<ul>\n<li><input type=\"checkbox\" class=\"task__box\" disabled aria-label=\"Task\"></li>\n</ul>\n"
        );
    }
}
