//! Per-page lints: missing sources, raw HTML, and anything loaded from another origin.

use crate::content::Kind;
use crate::diagnostics::{Diagnostic, LineIndex, Position};
use crate::site::PageNode;
use scraper::{Html, Selector};

/// The template that marks the contact page (which needs no sources).
pub const CONTACT_TEMPLATE: &str = "contact.html";

/// True when the page should cite sources: condition, step, phase, FAQ and plain
/// content pages, but not the home page, the contact page or a questionnaire.
pub fn needs_sources(page: &PageNode, is_home: bool) -> bool {
    let contact = page
        .file
        .front
        .template
        .as_ref()
        .is_some_and(|(name, _)| name == CONTACT_TEMPLATE);
    !is_home && !contact && page.kind != Kind::Questionnaire
}

/// A warning when a page that should cite sources has none.
pub fn missing_sources(page: &PageNode, is_home: bool) -> Option<Diagnostic> {
    if !needs_sources(page, is_home) || !page.file.front.sources.is_empty() {
        return None;
    }
    Some(
        Diagnostic::warning(
            &page.file.source.display_path,
            page.file.front.opening,
            format!("this {} page lists no sources", page.kind.name()),
        )
        .with_hint(
            "add `sources:` to the front matter, each with a title, publisher, year and url",
        ),
    )
}

/// One warning for each place the page's markdown has raw HTML.
pub fn raw_html(page: &PageNode) -> Vec<Diagnostic> {
    page.body
        .raw_html_at
        .iter()
        .map(|&at| {
            Diagnostic::warning(&page.file.source.display_path, at, "raw HTML in the page's markdown")
                .with_hint("write it in markdown instead: raw HTML may be removed by sanitising and is easy to get wrong for screen readers")
        })
        .collect()
}

/// Something a page would load, and from where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLoad {
    /// What asks for it: `img src`, `link href`, `srcset`, `poster`, `css url()`.
    pub via: String,
    /// The address as written.
    pub url: String,
}

/// `<link rel>` values that name a related page rather than load something.
const NON_LOADING_RELS: &[&str] = &[
    "alternate",
    "author",
    "bookmark",
    "canonical",
    "external",
    "help",
    "license",
    "me",
    "next",
    "nofollow",
    "noopener",
    "noreferrer",
    "prev",
    "search",
    "tag",
];

/// Everything in a rendered page that the browser would fetch from an origin other than `site_origin`.
///
/// Outbound links (`<a href>`) are not loads and are not reported.
pub fn external_loads(html: &str, site_origin: &str) -> Vec<ExternalLoad> {
    let document = Html::parse_document(html);
    let mut found = Vec::new();
    let mut push = |via: String, url: &str| {
        if is_other_origin(url, site_origin) {
            found.push(ExternalLoad {
                via,
                url: url.trim().to_string(),
            });
        }
    };
    let Ok(all) = Selector::parse("*") else {
        return found;
    };
    for element in document.select(&all) {
        let el = element.value();
        let name = el.name();
        for (attr, value) in el.attrs() {
            match attr {
                "src" | "poster" | "data" | "background" | "formaction" | "manifest" => {
                    push(format!("<{name} {attr}>"), value)
                }
                "srcset" | "imagesrcset" => {
                    for candidate in value.split(',') {
                        if let Some(url) = candidate.split_whitespace().next() {
                            push(format!("<{name} {attr}>"), url);
                        }
                    }
                }
                "href" if name == "link" => {
                    let rel = el.attr("rel").unwrap_or("").to_ascii_lowercase();
                    let loads = rel.is_empty()
                        || rel
                            .split_whitespace()
                            .any(|r| !NON_LOADING_RELS.contains(&r));
                    if loads {
                        push(format!("<link rel=\"{rel}\" href>"), value);
                    }
                }
                "href" if matches!(name, "image" | "use" | "feimage") => {
                    push(format!("<{name} href>"), value)
                }
                "xlink:href" => push(format!("<{name} xlink:href>"), value),
                "style" => {
                    for url in css_urls(value) {
                        push("style=\"url()\"".to_string(), &url);
                    }
                }
                _ => {}
            }
        }
        if name == "style" {
            let css: String = element.text().collect();
            for url in css_urls(&css) {
                push("<style> url()".to_string(), &url);
            }
        }
    }
    found
}

/// URLs in CSS: `url(...)` and `@import "..."`.
pub fn css_urls(css: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let lower = css.to_ascii_lowercase();
    let mut rest = 0;
    while let Some(at) = lower[rest..].find("url(") {
        let start = rest + at + 4;
        let end = lower[start..].find(')').map_or(css.len(), |e| start + e);
        let url = css[start..end].trim().trim_matches(['"', '\'']).trim();
        urls.push(url.to_string());
        rest = end.min(css.len());
    }
    let mut rest = 0;
    while let Some(at) = lower[rest..].find("@import") {
        let start = rest + at + 7;
        let tail = css[start..].trim_start();
        if let Some(quote) = tail.chars().next().filter(|c| *c == '"' || *c == '\'')
            && let Some(end) = tail[1..].find(quote)
        {
            urls.push(tail[1..1 + end].to_string());
        }
        rest = start;
    }
    urls
}

/// The origin (`https://example.org`, port included) of an absolute URL.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    Some(format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        host.to_ascii_lowercase()
    ))
}

/// True for an address on another origin: a scheme-relative or absolute URL whose
/// origin differs from the site's. `data:` URLs and relative paths are the page's own.
pub fn is_other_origin(url: &str, site_origin: &str) -> bool {
    let url = url.trim();
    if let Some(rest) = url.strip_prefix("//") {
        let scheme = site_origin.split("://").next().unwrap_or("https");
        return origin_of(&format!("{scheme}://{rest}")).as_deref() != Some(site_origin);
    }
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let is_scheme = !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic());
    if !is_scheme {
        return false;
    }
    match scheme.to_ascii_lowercase().as_str() {
        "data" | "blob" | "about" => false,
        "http" | "https" | "ws" | "wss" | "ftp" => origin_of(url).as_deref() != Some(site_origin),
        _ => true,
    }
}

/// A warning for one external load: at the place the page's markdown names the
/// address, or for the page as a whole when it comes from a template.
pub fn external_load_warning(page: &PageNode, load: &ExternalLoad) -> Diagnostic {
    let path = &page.file.source.display_path;
    let message = format!(
        "this page loads `{}` from another origin ({})",
        load.url, load.via
    );
    let hint = "patients' browsers would contact that site: copy the file into the site (next to the page or in static/), or link to it instead";
    let body = &page.file.text[page.file.body_offset.min(page.file.text.len())..];
    match body.find(&load.url) {
        Some(offset) => {
            let lines = LineIndex::new(&page.file.text);
            let at: Position = lines.position(&page.file.text, page.file.body_offset + offset);
            Diagnostic::warning(path, at, message).with_hint(hint)
        }
        None => Diagnostic {
            position: None,
            ..Diagnostic::warning(path, Position::start(), message)
                .with_hint("it comes from the page's template: load the file from the site itself")
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "https://example.org";

    #[test]
    fn finds_loads_from_other_origins_only() {
        let html = r#"<!doctype html><html><head>
            <link rel="stylesheet" href="https://cdn.example.com/a.css">
            <link rel="canonical" href="https://other.example/page/">
            <link rel="icon" href="/favicon.svg">
            <style>body { background: url("https://img.example.net/bg.png") }</style>
            </head><body>
            <img src="//tracker.example.com/p.gif" alt="">
            <img src="/local.png" srcset="/a.png 1x, https://cdn.example.com/b.png 2x" alt="">
            <video poster="https://v.example.com/poster.jpg"></video>
            <div style="background-image:url(https://x.example/y.png)"></div>
            <script src="https://example.org/js/site.js"></script>
            <a href="https://www.nhs.uk/">NHS</a>
            <img src="data:image/png;base64,AAAA" alt="">
            </body></html>"#;
        let urls: Vec<String> = external_loads(html, SITE)
            .into_iter()
            .map(|l| l.url)
            .collect();
        assert_eq!(
            urls,
            [
                "https://cdn.example.com/a.css",
                "https://img.example.net/bg.png",
                "//tracker.example.com/p.gif",
                "https://cdn.example.com/b.png",
                "https://v.example.com/poster.jpg",
                "https://x.example/y.png",
            ]
        );
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        assert!(!is_other_origin("https://EXAMPLE.org/x", SITE));
        assert!(is_other_origin("http://example.org/x", SITE));
        assert!(is_other_origin("https://example.org:8443/x", SITE));
        assert!(!is_other_origin("images/a.png", SITE));
        assert!(!is_other_origin("/a.png", SITE));
    }

    #[test]
    fn css_imports_and_urls() {
        assert_eq!(
            css_urls("@import 'https://f.example/a.css'; a{b:URL( x.png )}"),
            ["x.png", "https://f.example/a.css"]
        );
    }
}
