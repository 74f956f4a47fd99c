//! Markdown to HTML: heading ids, table of contents, links rewritten to page URLs, checked images.

use crate::content::placeholder::BodyScan;
use crate::diagnostics::{Diagnostic, LineIndex, Position};
use crate::heading_ids::HeadingIds;
use crate::links::{LinkTarget, Resolver};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};
use serde::Serialize;
use std::ops::Range;

/// One entry of a page's "on this page" contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// The heading's id (the anchor).
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// 2 for `##`, 3 for `###`.
    pub level: u8,
    /// `###` headings under a `##`.
    pub children: Vec<TocEntry>,
}

/// A link to a page (or an anchor on it) to check once every page is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLink {
    /// Index of the target page.
    pub target: usize,
    /// The anchor after `#`, if any.
    pub anchor: Option<String>,
    /// Where the link is written.
    pub position: Position,
}

/// A file next to a page that the page uses, copied into the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageAsset {
    /// Absolute path of the source file.
    pub source: std::path::PathBuf,
    /// Output path relative to the output folder (`conditions/acne/photo.jpg`).
    pub output: String,
}

/// Where the markdown sits and how headings are treated.
pub struct MarkdownInput<'a> {
    /// The whole file's text (positions are counted in it).
    pub file_text: &'a str,
    /// Byte offset of the body in `file_text`.
    pub body_offset: usize,
    /// Line starts of `file_text`.
    pub lines: &'a LineIndex,
    /// Site-relative path for messages.
    pub path: &'a str,
    /// True for the FAQ page: `##` headings are questions, `#` headings group them
    /// (rendered one level down, so the page keeps a single h1).
    pub faq: bool,
    /// Raw HTML is sanitised (true) or kept (false).
    pub sanitise_html: bool,
    /// How placeholder text and empty sections are reported (`None`: not looked for).
    pub placeholders: Option<crate::diagnostics::Severity>,
}

/// The result of rendering one page body.
#[derive(Debug, Default)]
pub struct RenderedMarkdown {
    /// The body as HTML.
    pub html: String,
    /// `##` and `###` headings, nested.
    pub toc: Vec<TocEntry>,
    /// Every heading id on the page.
    pub anchors: Vec<String>,
    /// Links to pages, to check after linking.
    pub links: Vec<PageLink>,
    /// Files to copy next to the page.
    pub assets: Vec<PageAsset>,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
    /// Number of words of prose.
    pub word_count: usize,
    /// Where raw HTML was written, if anywhere.
    pub raw_html_at: Vec<Position>,
    /// For the FAQ page: every question with its answer.
    pub faq: Vec<FaqEntry>,
}

/// One question of the FAQ page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FaqEntry {
    /// The question (the `##` heading's text).
    pub question: String,
    /// Its anchor.
    pub id: String,
    /// The `#` group it is under, as (title, id).
    pub group: Option<(String, String)>,
    /// The answer as HTML.
    pub answer_html: String,
    /// Where the question is written.
    #[serde(skip)]
    pub position: Position,
}

/// The markdown extensions writers can use.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders markdown written inside front matter (a hint, an outcome text) that starts at `position`.
pub fn render_fragment(
    text: &str,
    position: Position,
    path: &str,
    sanitise_html: bool,
    resolver: &Resolver,
) -> (String, Vec<Diagnostic>) {
    let lines = LineIndex::new(text);
    let input = MarkdownInput {
        file_text: text,
        body_offset: 0,
        lines: &lines,
        path,
        faq: false,
        sanitise_html,
        placeholders: None,
    };
    let rendered = render(&input, resolver);
    let diagnostics = rendered
        .diagnostics
        .into_iter()
        .map(|mut d| {
            // Map the fragment's own line/column back into the file.
            if let Some(p) = d.position {
                d.position = Some(if p.line == 1 {
                    Position::new(position.line, position.column + p.column - 1)
                } else {
                    Position::new(position.line + p.line - 1, p.column)
                });
            }
            d
        })
        .collect();
    (rendered.html, diagnostics)
}

thread_local! {
    /// Where this thread writes page bodies (see [`render`]).
    static HTML_BUFFER: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
}

/// Renders a page body to HTML, collecting what later stages check.
pub fn render(input: &MarkdownInput, resolver: &Resolver) -> RenderedMarkdown {
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
    let faq_groups = input.faq
        && events.iter().any(|(e, _)| {
            matches!(
                e,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                })
            )
        });
    // FAQ bookkeeping: the open question (index into out.faq, start of its answer in html_events).
    let mut open_answer: Option<(usize, usize)> = None;
    let mut answer_ranges: Vec<(usize, usize, usize)> = Vec::new();
    let mut current_group: Option<(String, String)> = None;
    let mut heading_index = 0;
    let mut html_events: Vec<Event> = Vec::with_capacity(events.len());
    let mut toc_flat: Vec<(u8, String, String)> = Vec::new();
    // Whether the HTML can hold a `style="text-align: ..."` to rewrite: only aligned
    // table columns and raw HTML (counted in out.raw_html_at) write one (heading
    // attributes are counted too, to be safe), and most pages have none of them.
    let mut may_align = false;
    // The FAQ checks its own answers: only placeholder text is looked for there.
    let mut scan = (input.placeholders).map(|_| BodyScan::new(!input.faq));
    let mut i = 0;
    while i < events.len() {
        // Each event is moved out once (left behind: a placeholder nothing reads again);
        // only image alt text looks ahead, at events not yet taken.
        let event = std::mem::replace(&mut events[i].0, Event::Rule);
        let range = events[i].1.clone();
        if let Some(scan) = scan.as_mut() {
            scan.observe(&event, range.start, at);
        }
        match event {
            Event::Start(Tag::Heading {
                level,
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
                let source_level = level;
                let level = faq_level(source_level, input.faq, faq_groups);
                if source_level == HeadingLevel::H1 && !input.faq {
                    out.diagnostics.push(
                        Diagnostic::error(input.path, at(range.start), "a `#` heading in the page body; the page title is already the main heading")
                            .with_hint("use `##` for the sections of a page"),
                    );
                }
                if input.faq && source_level <= HeadingLevel::H2 {
                    if let Some((entry, start)) = open_answer.take() {
                        answer_ranges.push((entry, start, html_events.len()));
                        html_events.push(Event::Html(CowStr::Borrowed("</div>\n</div>\n")));
                    }
                    if source_level == HeadingLevel::H1 {
                        current_group = Some((text.clone(), id.clone()));
                    } else {
                        check_question(
                            &out.faq,
                            text,
                            at(range.start),
                            input.path,
                            &mut out.diagnostics,
                        );
                        out.faq.push(FaqEntry {
                            question: text.clone(),
                            id: id.clone(),
                            group: current_group.clone(),
                            answer_html: String::new(),
                            position: at(range.start),
                        });
                        open_answer = Some((out.faq.len() - 1, 0));
                        html_events
                            .push(Event::Html(CowStr::Borrowed("<div class=\"faq-item\">\n")));
                    }
                }
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
                html_events.push(Event::End(TagEnd::Heading(faq_level(
                    level, input.faq, faq_groups,
                ))));
                if let Some((entry, 0)) = open_answer {
                    html_events.push(Event::Html(CowStr::Borrowed(
                        "<div class=\"faq-answer\">\n",
                    )));
                    open_answer = Some((entry, html_events.len()));
                }
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
            Event::TaskListMarker(done) => {
                let marker = if done {
                    "<span class=\"task-marker\" role=\"img\" aria-label=\"Done:\">☑</span> "
                } else {
                    "<span class=\"task-marker\" role=\"img\" aria-label=\"To do:\">☐</span> "
                };
                html_events.push(Event::Html(CowStr::Borrowed(marker)));
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                out.raw_html_at.push(at(range.start));
                html_events.push(event);
            }
            Event::Text(text) => {
                out.word_count += count_words(&text);
                html_events.push(Event::Text(text));
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
    if let Some((entry, start)) = open_answer.take() {
        answer_ranges.push((entry, start, html_events.len()));
        html_events.push(Event::Html(CowStr::Borrowed("</div>\n</div>\n")));
    }
    for (entry, start, end) in answer_ranges {
        let events = html_events.get(start..end).unwrap_or_default();
        let mut answer = String::new();
        pulldown_cmark::html::push_html(&mut answer, events.iter().cloned());
        if answer.trim().is_empty()
            && let Some(faq) = out.faq.get(entry)
        {
            out.diagnostics.push(
                Diagnostic::error(
                    input.path,
                    faq.position,
                    format!("the question \"{}\" has no answer", faq.question),
                )
                .with_hint("write the answer under the question, before the next `##` heading"),
            );
        }
        if let Some(faq) = out.faq.get_mut(entry) {
            faq.answer_html = answer;
        }
    }
    if let (Some(scan), Some(severity)) = (scan, input.placeholders) {
        let found = scan.finish().into_iter();
        (out.diagnostics).extend(found.map(|f| f.diagnostic(input.path, severity)));
    }
    out.toc = nest_toc(toc_flat);
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

/// The number of words in `text`: exactly `text.split_whitespace().count()`, but
/// byte by byte for ASCII (decoding only the rare non-ASCII character).
fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    if text.is_ascii() {
        return count_ascii_words(bytes);
    }
    let mut count = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let space = if b < 0x80 {
            i += 1;
            is_ascii_space(b)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            c.is_whitespace()
        };
        count += usize::from(!space && !in_word);
        in_word = !space;
    }
    count
}

/// Words in ASCII text, 8 bytes at a time: a word starts at each non-space byte
/// whose previous byte (or the start of the text) is a space.
fn count_ascii_words(bytes: &[u8]) -> usize {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const fn splat(b: u8) -> u64 {
        u64::from_ne_bytes([b; 8])
    }
    // Bit 7 of each byte set where the byte is a space. Every byte is below 0x80,
    // so adding up to 0x7F never carries into the next byte.
    let spaces = |x: u64| -> u64 {
        let is_blank = !((x ^ splat(b' ')).wrapping_add(LOW7)) & HIGH;
        let from_tab = x.wrapping_add(splat(0x80 - b'\t')) & HIGH; // byte >= \t
        let past_cr = x.wrapping_add(splat(0x80 - b'\r' - 1)) & HIGH; // byte > \r
        is_blank | (from_tab & !past_cr)
    };
    let mut count = 0;
    let mut before = HIGH; // the byte before the text counts as a space (bit 63 set)
    let mut chunks = bytes.chunks_exact(8);
    let mut step = |word: [u8; 8]| {
        let space = spaces(u64::from_le_bytes(word));
        let previous = (space << 8) | (before >> 56);
        count += (previous & !space & HIGH).count_ones() as usize;
        before = space;
    };
    for chunk in &mut chunks {
        step(chunk.try_into().unwrap_or([b' '; 8]));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [b' '; 8]; // spaces after the end start no word
        word[..rest.len()].copy_from_slice(rest);
        step(word);
    }
    count
}

/// `char::is_whitespace` on an ASCII byte: space, \t, \n, vertical tab, form feed, \r.
fn is_ascii_space(b: u8) -> bool {
    const SPACES: u64 = 1 << b' ' | 1 << b'\t' | 1 << b'\n' | 1 << 0x0B | 1 << 0x0C | 1 << b'\r';
    b <= b' ' && (SPACES >> b) & 1 == 1
}

/// The level a heading renders at: on the FAQ page with groups, one level down.
fn faq_level(level: HeadingLevel, faq: bool, groups: bool) -> HeadingLevel {
    if faq && groups { demote(level) } else { level }
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

/// Ids for every heading in order: explicit `{#id}`s are reserved before any is generated.
fn assign_heading_ids(events: &[(Event, Range<usize>)]) -> Vec<(String, String)> {
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
fn check_explicit_id(
    id: &str,
    earlier: &[String],
    position: Position,
    path: &str,
) -> Option<Diagnostic> {
    let message = if earlier.iter().any(|a| a == id) {
        format!("the id `{id}` is already used by another heading on this page")
    } else if crate::heading_ids::LAYOUT_IDS.contains(&id) {
        format!("the id `{id}` is used by the page layout")
    } else {
        return None;
    };
    Some(
        Diagnostic::error(path, position, message)
            .with_hint("give this heading its own `{#id}`, or remove the `{#...}` part"),
    )
}

/// The text of a run of inline events (for alt text and heading text).
fn plain_text(events: &[(Event, Range<usize>)]) -> String {
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

/// The index of the `End(Image)` closing the image opened just before `after_start`.
fn end_of_image(events: &[(Event, Range<usize>)], after_start: usize) -> usize {
    let mut depth = 1;
    for (j, (event, _)) in events.iter().enumerate().skip(after_start) {
        match event {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

fn nest_toc(flat: Vec<(u8, String, String)>) -> Vec<TocEntry> {
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

fn rewrite_link<'e>(
    dest: CowStr<'e>,
    position: Position,
    input: &MarkdownInput,
    resolver: &Resolver,
    out: &mut RenderedMarkdown,
) -> CowStr<'e> {
    match resolver.resolve(&dest) {
        Ok(LinkTarget::External) => dest,
        Ok(LinkTarget::Page {
            index,
            anchor,
            href,
        }) => {
            out.links.push(PageLink {
                target: index,
                anchor,
                position,
            });
            CowStr::from(href)
        }
        Ok(LinkTarget::File { href, asset }) => {
            if let Some(asset) = asset {
                out.assets.push(asset);
            }
            CowStr::from(href)
        }
        Err(problem) => {
            out.diagnostics.push(
                Diagnostic::error(input.path, position, problem.message).with_hint(problem.hint),
            );
            dest
        }
    }
}

/// The marker a writer puts in an image's title to say it is decorative.
pub const DECORATIVE: &str = "decorative";

fn image_html(
    dest: &str,
    title: &str,
    alt: &str,
    position: Position,
    input: &MarkdownInput,
    resolver: &Resolver,
    out: &mut RenderedMarkdown,
) -> String {
    let decorative = title.trim().eq_ignore_ascii_case(DECORATIVE);
    if alt.is_empty() && !decorative {
        out.diagnostics.push(
            Diagnostic::error(input.path, position, format!("the image `{dest}` has no alt text"))
                .with_hint("describe the image for people who cannot see it: ![what it shows](file.jpg); if it is only decoration, write ![](file.jpg \"decorative\")"),
        );
    }
    let mut html = String::from("<img src=\"");
    match resolver.resolve_image(dest) {
        Ok(image) => {
            let _ = escape_href(&mut html, &image.href);
            html.push('"');
            if let Some((w, h)) = image.size {
                html.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
            }
            if let Some(asset) = image.asset {
                out.assets.push(asset);
            }
        }
        Err(problem) => {
            out.diagnostics.push(
                Diagnostic::error(input.path, position, problem.message).with_hint(problem.hint),
            );
            let _ = escape_href(&mut html, dest);
            html.push('"');
        }
    }
    html.push_str(" alt=\"");
    if !decorative {
        let _ = escape_html(&mut html, alt);
    }
    html.push('"');
    if !decorative && !title.is_empty() {
        html.push_str(" title=\"");
        let _ = escape_html(&mut html, title);
        html.push('"');
    }
    html.push_str(" loading=\"lazy\" decoding=\"async\">");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let resolve_nothing = |md: &str| {
            let lines = LineIndex::new(md);
            let input = MarkdownInput {
                file_text: md,
                body_offset: 0,
                lines: &lines,
                path: "content/a.md",
                faq: false,
                sanitise_html: false,
                placeholders: None,
            };
            let static_files = crate::theme::StaticFiles::default();
            let index = crate::links::SiteIndex::new(
                &crate::site::Site::default(),
                "content".into(),
                "/",
                &static_files,
            );
            let resolver = Resolver::new(&index, 0, "a.md", "/a/");
            render(&input, &resolver).html
        };
        for md in [
            "| a |\n|:-:|\n| 1 |\n",
            "<p style=\"text-align: right\">x</p>\n",
        ] {
            let html = resolve_nothing(md);
            assert!(!html.contains("style="), "{md:?} gave {html}");
            assert!(html.contains("class=\"align-"), "{md:?} gave {html}");
        }
    }

    #[test]
    fn ascii_spaces_are_chars_whitespace() {
        for b in 0..128u8 {
            assert_eq!(is_ascii_space(b), (b as char).is_whitespace(), "{b}");
        }
    }

    #[test]
    fn word_count_matches_split_whitespace() {
        for text in [
            "",
            " ",
            "one",
            "  two  words ",
            "tab\tand\nnew\x0Bline\x0Cfeed\rreturn",
            "non\u{a0}breaking and\u{2003}em\u{3000}space",
            "café naïve – 治疗 后\u{85}next",
            "\u{2028}\u{2029}\u{202f}\u{205f}\u{1680}x",
            "a",
            "\x1f\x1e !\"#$ ~\x7f",
            "\n\nlead and trail\n\n",
            "exactly8",
            "exactly8 and then some more words across several words!",
            "\t\x0b\x0c\r\n \x1c\x1d\x1e\x1f\x08\x0e",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn ascii_word_count_matches_split_whitespace_on_random_text() {
        let alphabet = b"ab \t\n\r\x0b\x0c\x1c\x1f\x08\x0e!~\x7f";
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for len in 0..200 {
            let text: String = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize] as char
                })
                .collect();
            assert_eq!(
                count_words(&text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

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
        let events: Vec<_> = Parser::new_ext("## Results\n\n## Other {#results}\n", options())
            .into_offset_iter()
            .collect();
        let ids = assign_heading_ids(&events);
        assert_eq!(ids[0].0, "results-1");
        assert_eq!(ids[1].0, "results");
    }
}
