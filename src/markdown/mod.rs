//! Markdown to HTML: heading ids, table of contents, links rewritten to page URLs, checked images.
//!
//! Links and images are resolved through [`LinkResolver`], which the site's link
//! index implements: markdown knows nothing of how the site's pages are laid out.

mod faq;
mod headings;
mod html;
mod links;
mod words;

pub use faq::FaqEntry;
pub use headings::TocEntry;
pub use html::render;
pub use links::{LinkProblem, LinkResolver, LinkTarget, PageAsset, PageLink, ResolvedImage};

use crate::diagnostics::{Diagnostic, LineIndex, Position};
use pulldown_cmark::{Event, Options};
use std::ops::Range;

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
    resolver: &dyn LinkResolver,
) -> (String, Vec<Diagnostic>) {
    let lines = LineIndex::new(text);
    let input = MarkdownInput {
        file_text: text,
        body_offset: 0,
        lines: &lines,
        path,
        faq: false,
        sanitise_html,
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
