//! Links and images in a page body, each rewritten with what the [`LinkResolver`] answers.

use super::rendered::{MarkdownInput, RenderedMarkdown};
use super::resolve::{LinkResolver, LinkTarget, PageLink};
use crate::diagnostics::{Diagnostic, Position};
use crate::images::PictureSource;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};
use std::ops::Range;

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
    let mut attrs = String::from(" alt=\"");
    if !decorative {
        let _ = escape_html(&mut attrs, alt);
    }
    attrs.push('"');
    if !decorative && !title.is_empty() {
        attrs.push_str(" title=\"");
        let _ = escape_html(&mut attrs, title);
        attrs.push('"');
    }
    attrs.push_str(" loading=\"lazy\" decoding=\"async\"");
    let mut html = String::from("<img src=\"");
    match resolver.resolve_image(dest) {
        Ok(image) => {
            // Smaller images (icons, charts) are published as they are.
            let wide = image
                .size
                .filter(|s| s.0 >= crate::images::encode::WIDTHS[0]);
            let picture =
                wide.zip(crate::images::fallback_for(&image.output))
                    .map(|(size, fallback)| crate::images::Picture {
                        source: match &image.asset {
                            Some(a) => PictureSource::Content(a.source.clone()),
                            None => PictureSource::Static(image.output.clone()),
                        },
                        stem: (image.output.rsplit_once('.'))
                            .map_or(image.output.as_str(), |(stem, _)| stem)
                            .to_string(),
                        size,
                        fallback,
                        used_at: (input.path.to_string(), position),
                    });
            if let Some(asset) = image.asset {
                out.assets.push(asset);
            }
            if let Some(picture) = picture {
                let mut href = String::new();
                let _ = escape_href(&mut href, &image.href);
                let html = crate::images::picture_html(&picture, &href, &attrs);
                out.pictures.push(picture);
                return html;
            }
            let _ = escape_href(&mut html, &image.href);
            html.push('"');
            if let Some((w, h)) = image.size {
                html.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
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
    html.push_str(&attrs);
    html.push('>');
    html
}
