//! Markdown to HTML: heading ids, table of contents, links rewritten to page URLs, checked images.

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
    /// True where `#` headings are allowed (FAQ groups); they render one level down.
    pub group_headings: bool,
    /// Raw HTML is sanitised (true) or kept (false).
    pub sanitise_html: bool,
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

/// Renders a page body to HTML, collecting what later stages check.
pub fn render(input: &MarkdownInput, resolver: &Resolver) -> RenderedMarkdown {
    let body = &input.file_text[input.body_offset..];
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let mut out = RenderedMarkdown::default();
    let at = |offset: usize| {
        input
            .lines
            .position(input.file_text, input.body_offset + offset)
    };

    let headings = assign_heading_ids(&events);
    let mut heading_index = 0;
    let mut html_events: Vec<Event> = Vec::with_capacity(events.len());
    let mut toc_flat: Vec<(u8, String, String)> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let (id, text) = &headings[heading_index];
                heading_index += 1;
                let mut level = *level;
                if level == HeadingLevel::H1 {
                    if input.group_headings {
                        level = HeadingLevel::H2;
                    } else {
                        out.diagnostics.push(
                            Diagnostic::error(input.path, at(range.start), "a `#` heading in the page body; the page title is already the main heading")
                                .with_hint("use `##` for the sections of a page"),
                        );
                    }
                } else if input.group_headings {
                    level = demote(level);
                }
                let n = level as u8;
                if (2..=3).contains(&n) {
                    toc_flat.push((n, id.clone(), text.clone()));
                }
                out.anchors.push(id.clone());
                html_events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id.clone())),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                let mut level = *level;
                if input.group_headings {
                    level = if level == HeadingLevel::H1 {
                        HeadingLevel::H2
                    } else {
                        demote(level)
                    };
                }
                html_events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = rewrite_link(dest_url, at(range.start), input, resolver, &mut out);
                html_events.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: dest,
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let end = end_of_image(&events, i);
                let alt = plain_text(&events[i + 1..end]);
                html_events.push(Event::Html(CowStr::from(image_html(
                    dest_url,
                    title,
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
                let marker = if *done {
                    "<span class=\"task-marker\" role=\"img\" aria-label=\"Done:\">☑</span> "
                } else {
                    "<span class=\"task-marker\" role=\"img\" aria-label=\"To do:\">☐</span> "
                };
                html_events.push(Event::Html(CowStr::Borrowed(marker)));
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                out.raw_html_at.push(at(range.start));
                html_events.push(event.clone());
            }
            Event::Text(text) => {
                out.word_count += text.split_whitespace().count();
                html_events.push(event.clone());
            }
            _ => html_events.push(event.clone()),
        }
        i += 1;
    }
    out.toc = nest_toc(toc_flat);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, html_events.into_iter());
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
    out.html = html;
    out
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
    let mut ids = HeadingIds::default();
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

fn end_of_image(events: &[(Event, Range<usize>)], start: usize) -> usize {
    let mut depth = 0;
    for (j, (event, _)) in events.iter().enumerate().skip(start) {
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
    dest: &CowStr<'e>,
    position: Position,
    input: &MarkdownInput,
    resolver: &Resolver,
    out: &mut RenderedMarkdown,
) -> CowStr<'e> {
    match resolver.resolve(dest) {
        Ok(LinkTarget::External) => dest.clone(),
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
            dest.clone()
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
