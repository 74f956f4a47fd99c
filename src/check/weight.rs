//! Page weight: a page's HTML, the CSS and JS it links, and its images at the width
//! a 1280 px wide screen loads (a picture's WebP candidate for that width).

use super::{Problem, ProblemCode};
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::output::{Contents, OutputFile};
use crate::site::PageNode;
use scraper::{Html, Selector};

/// A page's weight in bytes, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Weight {
    /// The HTML file.
    pub html: u64,
    /// Stylesheets.
    pub css: u64,
    /// Scripts.
    pub js: u64,
    /// Images.
    pub images: u64,
}

impl Weight {
    /// Everything together.
    pub fn total(&self) -> u64 {
        self.html + self.css + self.js + self.images
    }
}

/// The weight of the page whose HTML is `html`, its files found in `files` (sorted by path).
pub(crate) fn weigh(html: &str, files: &[OutputFile], base_path: &str) -> Weight {
    let doc = Html::parse_document(html);
    let size = |url: &str| file_size(files, url, base_path);
    let sum = |css: &str, attr: &str| -> u64 {
        let Ok(sel) = Selector::parse(css) else {
            return 0;
        };
        (doc.select(&sel).filter_map(|e| e.value().attr(attr)))
            .map(size)
            .sum()
    };
    let mut images = sum("img:not(picture > img)", "src");
    if let Ok(sel) = Selector::parse("picture > source[type='image/webp']") {
        for source in doc.select(&sel) {
            let chosen = source.value().attr("srcset").and_then(candidate_at_1280);
            images += chosen.map_or(0, size);
        }
    }
    Weight {
        html: html.len() as u64,
        css: sum("link[rel~='stylesheet']", "href"),
        js: sum("script[src]", "src"),
        images,
    }
}

/// The URL a 1280 px wide screen takes from `srcset` (`url 480w, url 800w`): the
/// narrowest at least [`crate::images::SLOT_AT_1280`] wide, else the widest.
fn candidate_at_1280(srcset: &str) -> Option<&str> {
    let mut candidates: Vec<(u32, &str)> = (srcset.split(','))
        .filter_map(|c| {
            let (url, w) = c.trim().rsplit_once(' ')?;
            Some((w.strip_suffix('w')?.parse().ok()?, url.trim()))
        })
        .collect();
    candidates.sort();
    let slot = crate::images::SLOT_AT_1280;
    (candidates.iter().find(|(w, _)| *w >= slot))
        .or(candidates.last())
        .map(|(_, url)| *url)
}

/// Size of the site file at root-relative `url` (0 when it is not one of `files`).
fn file_size(files: &[OutputFile], url: &str, base_path: &str) -> u64 {
    let path = url
        .strip_prefix(base_path)
        .unwrap_or(url)
        .trim_start_matches('/');
    let Ok(at) = files.binary_search_by(|f| f.path.as_str().cmp(path)) else {
        return 0;
    };
    match &files[at].contents {
        Contents::Bytes(b) => b.len() as u64,
        Contents::Copy(crate::theme::FileSource::Embedded(b)) => b.len() as u64,
        Contents::Copy(crate::theme::FileSource::Disk(p)) => {
            std::fs::metadata(p).map_or(0, |m| m.len())
        }
        Contents::Kept => 0,
    }
}

/// The problem when `page`, weighing `weight`, is over the site's limit.
pub(crate) fn problem(page: &PageNode, weight: Weight, config: &SiteConfig) -> Option<Problem> {
    let max = u64::from(config.page_weight.max_kb) * 1024;
    if weight.total() <= max {
        return None;
    }
    let kb = |b: u64| b.div_ceil(1024);
    let message = format!(
        "the page weighs {} KB (HTML {} KB, CSS {} KB, JS {} KB, images {} KB on a 1280 px wide screen), over the site's limit of {} KB",
        kb(weight.total()),
        kb(weight.html),
        kb(weight.css),
        kb(weight.js),
        kb(weight.images),
        config.page_weight.max_kb
    );
    let path = &page.file.source.display_path;
    Some(Problem {
        code: ProblemCode::PageWeight,
        diagnostic: Diagnostic::warning(path, page.file.front.opening, message).with_hint(
            "use fewer or smaller images, or raise `page_weight: {max_kb: ...}` in site.yaml",
        ),
    })
}
