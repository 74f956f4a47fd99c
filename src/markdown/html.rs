//! A page body's markdown events turned into HTML: each event passed through,
//! rewritten (headings, links, images, task markers) or recorded (words, raw HTML).

use super::faq::FaqLayout;
use super::footnotes::{Footnotes, UnwrittenNotes};
use super::headings::plain_text;
use super::headings::{assign_heading_ids, check_explicit_id, nest_toc};
use super::links::{end_of_image, image_html, rewrite_link};
use super::rendered::{MarkdownInput, RenderedMarkdown};
use super::resolve::LinkResolver;
use super::tasks::TaskLabel;
use super::words::count_words;
use crate::diagnostics::Diagnostic;
use crate::placeholder::BodyScan;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

thread_local! {
    /// Where this thread writes page bodies (see [`render`]).
    static HTML_BUFFER: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

/// The markdown extensions writers can use.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders a page body to HTML, collecting what later stages check.
pub(crate) fn render(input: &MarkdownInput, resolver: &dyn LinkResolver) -> RenderedMarkdown {
    let body = &input.file_text[input.body_offset..];
    // About one event per 16 bytes of prose: sized once instead of grown by doubling.
    let mut events: Vec<(Event, Range<usize>)> = Vec::with_capacity(body.len() / 16 + 16);
    events.extend(Parser::new_ext(body, options()).into_offset_iter());
    let mut out = RenderedMarkdown::default();
    let at = |offset: usize| {
        input
            .lines
            .position(input.file_text, input.body_offset + offset)
    };

    let headings = assign_heading_ids(&events);
    let mut faq = FaqLayout::new(input.faq, &events);
    let mut footnotes = Footnotes::default();
    // Only a body holding `[^` can refer to a note: the others skip gathering text.
    let mut unwritten_notes = body.contains("[^").then(UnwrittenNotes::default);
    let mut task = TaskLabel::default();
    let mut heading_index = 0;
    let mut html_events: Vec<Event> = Vec::with_capacity(events.len());
    let mut toc_flat: Vec<(u8, String, String)> = Vec::new();
    // Whether the HTML can hold a `style="text-align: ..."` to rewrite: only aligned
    // table columns and raw HTML (counted in out.raw_html_at) write one (heading
    // attributes are counted too, to be safe), and most pages have none of them.
    let mut may_align = false;
    // The FAQ checks its own answers: only placeholder text is looked for there.
    let mut scan = (input.placeholders).map(|_| BodyScan::new(!input.faq));
    let mut terms = input.search.map(crate::search::TermCounter::new);
    let mut in_heading = false;
    let mut i = 0;
    while i < events.len() {
        // Each event is moved out once (left behind: a placeholder nothing reads again);
        // only image alt text looks ahead, at events not yet taken.
        let event = std::mem::replace(&mut events[i].0, Event::Rule);
        let range = events[i].1.clone();
        if let Some(scan) = scan.as_mut() {
            scan.observe(&event, range.start, at);
        }
        task.before(&event, &mut html_events);
        if let Some(notes) = unwritten_notes.as_mut() {
            notes.observe(&event, range.start);
        }
        match event {
            Event::Start(Tag::Heading {
                level: source_level,
                id: explicit,
                classes,
                attrs,
            }) => {
                let (id, text) = &headings[heading_index];
                heading_index += 1;
                may_align |= !attrs.is_empty();
                if explicit.is_some()
                    && let Some(d) =
                        check_explicit_id(id, &out.anchors, at(range.start), input.path)
                {
                    out.diagnostics.push(d);
                }
                let level = faq.level(source_level);
                in_heading = true;
                if source_level == HeadingLevel::H1 && !input.faq {
                    out.diagnostics.push(
                        Diagnostic::error(input.path, at(range.start), "a `#` heading in the page body; the page title is already the main heading")
                            .with_hint("use `##` for the sections of a page"),
                    );
                }
                faq.start_heading(
                    source_level,
                    (id, text),
                    at(range.start),
                    input.path,
                    (&mut out.faq, &mut out.diagnostics),
                    &mut html_events,
                );
                let n = level as u8;
                if (2..=3).contains(&n) {
                    toc_flat.push((n, id.clone(), text.clone()));
                }
                out.anchors.push(id.clone());
                html_events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id.clone())),
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                in_heading = false;
                html_events.push(Event::End(TagEnd::Heading(faq.level(level))));
                faq.end_heading(&mut html_events);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = rewrite_link(dest_url, at(range.start), input, resolver, &mut out);
                html_events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let end = end_of_image(&events, i + 1);
                let alt = plain_text(&events[i + 1..end]);
                html_events.push(Event::Html(CowStr::from(image_html(
                    &dest_url,
                    &title,
                    &alt,
                    at(range.start),
                    input,
                    resolver,
                    &mut out,
                ))));
                i = end + 1;
                continue;
            }
            Event::TaskListMarker(done) => task.open(done, &mut html_events),
            Event::FootnoteReference(label) => {
                let reference = footnotes.reference(&label);
                html_events.push(Event::Html(CowStr::from(reference)));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => footnotes.start_definition(
                &label,
                at(range.start),
                html_events.len(),
                (input.path, &mut out.diagnostics),
            ),
            Event::End(TagEnd::FootnoteDefinition) => footnotes.end_definition(&mut html_events),
            Event::Html(_) | Event::InlineHtml(_) => {
                out.raw_html_at.push(at(range.start));
                html_events.push(event);
            }
            Event::Text(text) => {
                out.word_count += count_words(&text);
                if let Some(terms) = terms.as_mut() {
                    terms.add(&text, in_heading);
                }
                html_events.push(Event::Text(text));
            }
            Event::Code(ref code) => {
                if let Some(terms) = terms.as_mut() {
                    terms.add(code, in_heading);
                }
                html_events.push(event);
            }
            Event::Start(Tag::Table(ref alignments)) => {
                may_align |= alignments
                    .iter()
                    .any(|a| *a != pulldown_cmark::Alignment::None);
                html_events.push(event);
            }
            _ => html_events.push(event),
        }
        i += 1;
    }
    task.close(&mut html_events);
    faq.finish(
        &mut html_events,
        (&mut out.faq, &mut out.diagnostics),
        input.path,
    );
    footnotes.finish(&mut html_events, (input.path, &mut out.diagnostics));
    if let Some(notes) = unwritten_notes {
        notes.finish(at, (input.path, &mut out.diagnostics));
    }
    if let (Some(scan), Some(severity)) = (scan, input.placeholders) {
        let found = scan.finish().into_iter();
        (out.diagnostics).extend(found.map(|f| f.diagnostic(input.path, severity)));
    }
    out.toc = nest_toc(toc_flat);
    out.terms = terms.map(crate::search::TermCounter::finish);
    // Written into this thread's buffer, which keeps its capacity from page to page, and
    // copied out at its exact size below (bodies are kept until every page is rendered).
    let mut buffer = HTML_BUFFER.take();
    buffer.clear();
    pulldown_cmark::html::push_html(&mut buffer, html_events.into_iter());
    let mut html = std::mem::take(&mut buffer);
    may_align |= !out.raw_html_at.is_empty();
    if may_align && html.contains(" style=\"text-align: ") {
        html = align_with_classes(&html);
    }
    if input.sanitise_html && !out.raw_html_at.is_empty() {
        let clean = crate::sanitise::clean(&html);
        if clean != html {
            out.diagnostics.push(
                Diagnostic::warning(input.path, out.raw_html_at[0], "raw HTML on this page was sanitised: scripts, frames, styles and event handlers were removed")
                    .with_hint("write the content in markdown, or set `raw_html: allow` in site.yaml if you trust the HTML"),
            );
        }
        html = clean;
    }
    out.html = html.as_str().to_owned();
    if html.capacity() > buffer.capacity() {
        buffer = html;
    }
    HTML_BUFFER.set(buffer);
    // Kept until every page is rendered: give back the capacity not used
    // (vectors grown by doubling hold up to twice what they need).
    out.toc.shrink_to_fit();
    for entry in &mut out.toc {
        entry.children.shrink_to_fit();
    }
    out.anchors.shrink_to_fit();
    out.links.shrink_to_fit();
    out
}

/// Table column alignment as classes: the CSP forbids `style=` attributes.
fn align_with_classes(html: &str) -> String {
    html.replace(" style=\"text-align: left\"", " class=\"align-left\"")
        .replace(" style=\"text-align: center\"", " class=\"align-center\"")
        .replace(" style=\"text-align: right\"", " class=\"align-right\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::LineIndex;
    use crate::markdown::resolve::{LinkProblem, LinkTarget, ResolvedImage};

    /// A page on a site where no link goes anywhere.
    struct NoPages;

    impl LinkResolver for NoPages {
        fn resolve(&self, _: &str) -> Result<LinkTarget, LinkProblem> {
            Err(LinkProblem {
                message: "no pages".into(),
                hint: String::new(),
            })
        }
        fn resolve_image(&self, _: &str) -> Result<ResolvedImage, LinkProblem> {
            Err(LinkProblem {
                message: "no images".into(),
                hint: String::new(),
            })
        }
    }

    #[test]
    fn table_alignment_becomes_classes() {
        let mut html = String::new();
        let md = "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n";
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(md, options()));
        let html = align_with_classes(&html);
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains("<th class=\"align-left\">a</th>"), "{html}");
        assert!(html.contains("<td class=\"align-center\">2</td>"), "{html}");
        assert!(html.contains("<td class=\"align-right\">3</td>"), "{html}");
    }

    #[test]
    fn alignment_is_rewritten_wherever_it_can_come_from() {
        let render_alone = |md: &str| {
            let lines = LineIndex::new(md);
            let input = MarkdownInput {
                file_text: md,
                body_offset: 0,
                lines: &lines,
                path: "content/a.md",
                faq: false,
                sanitise_html: false,
                placeholders: None,
                search: None,
            };
            render(&input, &NoPages).html
        };
        for md in [
            "| a |\n|:-:|\n| 1 |\n",
            "<p style=\"text-align: right\">x</p>\n",
        ] {
            let html = render_alone(md);
            assert!(!html.contains("style="), "{md:?} gave {html}");
            assert!(html.contains("class=\"align-"), "{md:?} gave {html}");
        }
    }
}
