//! Markdown to HTML: heading ids, table of contents, links rewritten to page URLs, checked images.
//!
//! Links and images are resolved through [`LinkResolver`], which the site's link
//! index implements: markdown knows nothing of how the site's pages are laid out.

mod faq;
mod footnotes;
mod headings;
mod html;
mod links;
mod rendered;
mod resolve;
mod tasks;
mod words;

pub use faq::FaqEntry;
pub(crate) use headings::TocEntry;
pub(crate) use html::{options, render};
pub(crate) use rendered::MarkdownInput;
pub use rendered::RenderedMarkdown;
pub(crate) use resolve::{
    LinkProblem, LinkResolver, LinkTarget, PageAsset, PageLink, ResolvedImage,
};

use crate::diagnostics::{Diagnostic, LineIndex, Position};

/// Renders markdown written inside front matter (a hint, an outcome text) that starts at `position`.
pub(crate) fn render_fragment(
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
        placeholders: None,
        search: None,
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
