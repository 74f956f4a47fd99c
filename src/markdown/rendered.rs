//! What the markdown stage reads and what it gives back.

use super::faq::FaqEntry;
use super::headings::TocEntry;
use super::resolve::{PageAsset, PageLink};
use crate::diagnostics::{Diagnostic, LineIndex, Position};

/// Where the markdown sits and how headings are treated.
pub(crate) struct MarkdownInput<'a> {
    /// The whole file's text (positions are counted in it).
    pub(crate) file_text: &'a str,
    /// Byte offset of the body in `file_text`.
    pub(crate) body_offset: usize,
    /// Line starts of `file_text`.
    pub(crate) lines: &'a LineIndex,
    /// Site-relative path for messages.
    pub(crate) path: &'a str,
    /// True for the FAQ page: `##` headings are questions, `#` headings group them
    /// (rendered one level down, so the page keeps a single h1).
    pub(crate) faq: bool,
    /// Raw HTML is sanitised (true) or kept (false).
    pub(crate) sanitise_html: bool,
    /// How placeholder text and empty sections are reported (`None`: not looked for).
    pub(crate) placeholders: Option<crate::diagnostics::Severity>,
    /// The stop words of the site's language, when the body's search terms are
    /// counted (`None`: the site has no search).
    pub(crate) search: Option<&'static [&'static str]>,
}

/// The result of rendering one page body.
#[derive(Debug, Default)]
pub struct RenderedMarkdown {
    /// The body as HTML.
    pub(crate) html: String,
    /// `##` and `###` headings, nested.
    pub(crate) toc: Vec<TocEntry>,
    /// Every heading id on the page.
    pub(crate) anchors: Vec<String>,
    /// Links to pages, to check after linking.
    pub(crate) links: Vec<PageLink>,
    /// Files to copy next to the page.
    pub(crate) assets: Vec<PageAsset>,
    /// Raster images shown, to publish at several widths.
    pub(crate) pictures: Vec<crate::images::Picture>,
    /// Problems found.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Number of words of prose.
    pub(crate) word_count: usize,
    /// Where raw HTML was written, if anywhere.
    pub(crate) raw_html_at: Vec<Position>,
    /// For the FAQ page: every question with its answer.
    pub(crate) faq: Vec<FaqEntry>,
    /// Its terms for the search index, when they were counted.
    pub(crate) terms: Option<crate::search::PageTerms>,
}
