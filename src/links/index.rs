//! The site's pages by source path and by URL: what links are resolved against.

use crate::theme::StaticFiles;
use std::collections::HashMap;
use std::path::PathBuf;

/// What page links are resolved against: every page's source path and URL (known
/// once the site is linked), and the static files.
#[derive(Debug)]
pub struct SiteIndex<'a> {
    /// The pages by source path and by URL.
    pub(crate) pages: PageLookups,
    /// The site's `content/` folder.
    pub(crate) content_dir: PathBuf,
    /// Prefix of every URL (`/` or `/clinic/`).
    pub(crate) base_path: &'a str,
    /// Theme and site static files.
    pub(crate) static_files: &'a StaticFiles,
}

/// The site's pages by source path and by URL, and each page's URL: the part of a
/// [`SiteIndex`] that owns its data, so `serve` can keep it from build to build.
#[derive(Debug, Default)]
pub(crate) struct PageLookups {
    /// `conditions/acne-scars.md` -> page index.
    pub(crate) by_content_path: HashMap<String, usize>,
    /// `/conditions/acne-scars/` -> page index.
    pub(crate) by_url: HashMap<String, usize>,
    /// Page index -> URL (root-relative, without the base path).
    pub(crate) urls: Vec<String>,
    /// This build publishes drafts: placeholder text is then a warning, not an error.
    pub(crate) drafts: bool,
}

impl PageLookups {
    /// The lookups for the site's pages, indexed like them (a page that failed to
    /// parse has no URL).
    pub(crate) fn of(site: &crate::site::Site) -> Self {
        let count = site.pages.len();
        let mut lookups = PageLookups {
            by_content_path: HashMap::with_capacity(count),
            by_url: HashMap::with_capacity(count),
            urls: Vec::with_capacity(count),
            drafts: site.drafts,
        };
        for (i, page) in site.pages.iter().enumerate() {
            match page {
                Some(page) => {
                    let source = &page.file.source;
                    lookups
                        .by_content_path
                        .insert(source.content_path.clone(), i);
                    lookups.by_url.insert(source.url.clone(), i);
                    lookups.urls.push(source.url.clone());
                }
                None => lookups.urls.push(String::new()),
            }
        }
        lookups
    }
}

impl<'a> SiteIndex<'a> {
    /// The lookups for the site's pages (see [`PageLookups::of`]).
    pub(crate) fn new(
        site: &crate::site::Site,
        content_dir: PathBuf,
        base_path: &'a str,
        static_files: &'a StaticFiles,
    ) -> Self {
        SiteIndex {
            pages: PageLookups::of(site),
            content_dir,
            base_path,
            static_files,
        }
    }
}
