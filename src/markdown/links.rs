//! Links and images in a page body: what markdown asks of the site ([`LinkResolver`]),
//! and how each link and image is rewritten with the answer.

use super::{MarkdownInput, RenderedMarkdown};
use crate::diagnostics::{Diagnostic, Position};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};
use std::ops::Range;

/// Resolves the links and images written on one page. Markdown defines what it
/// needs; the site's link index (`crate::links`) answers it, so markdown does not
/// depend on how the site is laid out.
pub trait LinkResolver {
    /// Resolves the destination of a `[text](dest)` link.
    fn resolve(&self, dest: &str) -> Result<LinkTarget, LinkProblem>;
    /// Resolves the source of an `![alt](src)` image.
    fn resolve_image(&self, dest: &str) -> Result<ResolvedImage, LinkProblem>;
}

/// What a link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another website, an email address or a phone number: left as written.
    External,
    /// A page of the site.
    Page {
        /// The page's index.
        index: usize,
        /// The anchor, if any.
        anchor: Option<String>,
        /// The rewritten `href`.
        href: String,
    },
    /// A static file or a file next to the page.
    File {
        /// The rewritten `href`.
        href: String,
        /// The file to copy, when it lives in `content/`.
        asset: Option<PageAsset>,
    },
}

/// An image ready to be written as `<img>`.
#[derive(Debug, Clone)]
pub struct ResolvedImage {
    /// The rewritten `src`.
    pub href: String,
    /// Width and height in pixels, read from the file.
    pub size: Option<(u32, u32)>,
    /// The file to copy, when it lives in `content/`.
    pub asset: Option<PageAsset>,
}

/// Why a link or image could not be resolved.
#[derive(Debug, Clone)]
pub struct LinkProblem {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
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

/// The marker a writer puts in an image's title to say it is decorative.
const DECORATIVE: &str = "decorative";

/// The `href` a link's destination becomes; page links and assets are recorded
/// in `out`, problems reported there.
pub(super) fn rewrite_link<'e>(
    dest: CowStr<'e>,
    position: Position,
    input: &MarkdownInput,
    resolver: &dyn LinkResolver,
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

/// The index of the `End(Image)` closing the image opened just before `after_start`.
pub(super) fn end_of_image(events: &[(Event, Range<usize>)], after_start: usize) -> usize {
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

/// The `<img>` element for an image: its file resolved and sized, its alt text checked.
pub(super) fn image_html(
    dest: &str,
    title: &str,
    alt: &str,
    position: Position,
    input: &MarkdownInput,
    resolver: &dyn LinkResolver,
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
