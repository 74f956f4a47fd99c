//! The site model without rendering, for when the build fails: `check` still measures
//! every page that could be read, while the build's own errors are reported as they are.

use crate::config::{self, SiteConfig};
use crate::site::{self, Site};
use crate::{BuildOptions, content, links, theme};
use rayon::prelude::*;

/// Config and linked site with rendered bodies; `None` when site.yaml cannot be read.
///
/// Mirrors the first stages of [`crate::render_site`]; the diagnostics are dropped
/// because the build reports them already.
pub fn load(options: &BuildOptions) -> Option<(SiteConfig, Site)> {
    let site_dir = &options.site_dir;
    let config = config::load(site_dir).ok()?;
    let static_files = theme::StaticFiles::load(site_dir).unwrap_or_default();
    let content_dir = site_dir.join("content");
    let (sources, _) = content::discover(site_dir, &content_dir);
    let parsed: Vec<Option<content::ParsedFile>> = content::read_all(sources)
        .into_par_iter()
        .map(|read| {
            read.and_then(|(source, text)| content::parse_file(source, text, &config))
                .ok()
        })
        .collect();
    let index = links::SiteIndex {
        by_content_path: parsed
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.as_ref().map(|f| (f.source.content_path.clone(), i)))
            .collect(),
        by_url: parsed
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.as_ref().map(|f| (f.source.url.clone(), i)))
            .collect(),
        urls: parsed
            .iter()
            .map(|f| f.as_ref().map(|f| f.source.url.clone()).unwrap_or_default())
            .collect(),
        content_dir,
        base_path: &config.base_path,
        static_files: &static_files,
    };
    let mut ignored = Vec::new();
    let mut site = site::link(parsed, &config, options.drafts, &mut ignored);
    site.pages.par_iter_mut().enumerate().for_each(|(i, page)| {
        if let Some(page) = page.as_mut().filter(|p| p.included) {
            (page.body, page.questionnaire) =
                content::render_body(&page.file, i, page.kind, &index, &config);
        }
    });
    Some((config, site))
}
