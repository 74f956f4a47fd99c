//! Assembling the site's files after rendering, exactly as the full build
//! does: which source wins a path, and two different sources of one path.

use super::{IncrementalBuild, Served, SiteFiles};
use crate::diagnostics::Diagnostic;
use crate::questionnaire::page as questionnaire;
use crate::theme::FileSource;
use std::collections::HashMap;
use std::sync::Arc;

/// Where an output file comes from, named only when two collide.
enum Origin<'a> {
    Page(&'a str),
    Named(&'static str),
    Path(&'a std::path::Path),
    Theme,
}

impl Origin<'_> {
    fn name(&self, site_dir: &std::path::Path) -> String {
        match self {
            Origin::Page(p) => p.to_string(),
            Origin::Named(n) => n.to_string(),
            Origin::Path(p) => crate::diagnostics::display_path(site_dir, p),
            Origin::Theme => "the built-in theme".to_string(),
        }
    }
}

/// Every file of the site, as the full build assembles it: pages, the 404
/// page, site files, static files, then each page's questionnaire files and
/// assets. A path made twice by the same source is written once; by two
/// different sources, it is an error naming both.
pub(super) fn assemble<'a>(b: &'a IncrementalBuild) -> Result<SiteFiles, Vec<Diagnostic>> {
    let mut out = Assembly {
        site_dir: &b.options.site_dir,
        files: SiteFiles::with_capacity(b.order.len() + 64),
        origins: HashMap::with_capacity(b.order.len() + 64),
        errors: Vec::new(),
    };
    let mut add =
        |path: Arc<str>, served: Served, origin: Origin<'a>| out.add(path, served, origin);
    let pages: Vec<(usize, &crate::site::PageNode)> = b.site.included().collect();
    for &(i, page) in &pages {
        let path = &b.paths[i];
        if let Some(c) = b.pages.get(path) {
            add(
                path.clone(),
                Served::Bytes(c.bytes.clone()),
                Origin::Page(&page.file.source.display_path),
            );
        }
    }
    if let Some(c) = &b.not_found {
        add(
            "404.html".into(),
            Served::Bytes(c.bytes.clone()),
            Origin::Named("templates/404.html"),
        );
    }
    for (path, bytes) in b.extras.iter().flat_map(|(_, e)| e) {
        add(
            path.clone(),
            Served::Bytes(bytes.clone()),
            Origin::Named("clinicsite"),
        );
    }
    for (path, source) in b.statics.files.iter() {
        let origin = match source {
            FileSource::Disk(p) => Origin::Path(p),
            FileSource::Embedded(_) => Origin::Theme,
        };
        add(path.into(), Served::Source(source.clone()), origin);
    }
    for &(_, page) in &pages {
        let origin = || Origin::Page(&page.file.source.display_path);
        if let Some(q) = &page.questionnaire {
            let dir = page.output_dir();
            let bytes = |text: &str| Served::Bytes(Arc::from(text.as_bytes()));
            add(
                format!("{dir}{}", questionnaire::CSS_FILE).into(),
                bytes(&q.css),
                origin(),
            );
            add(
                format!("{dir}{}", questionnaire::DATA_FILE).into(),
                bytes(&q.data_js),
                origin(),
            );
        }
        for asset in &page.body.assets {
            add(
                asset.output.as_str().into(),
                Served::Source(FileSource::Disk(asset.source.clone())),
                Origin::Path(&asset.source),
            );
        }
    }
    if out.errors.is_empty() {
        Ok(out.files)
    } else {
        Err(out.errors)
    }
}

/// The files assembled so far, with where each came from.
struct Assembly<'a> {
    site_dir: &'a std::path::Path,
    files: SiteFiles,
    origins: HashMap<Arc<str>, Origin<'a>>,
    errors: Vec<Diagnostic>,
}

impl<'a> Assembly<'a> {
    fn add(&mut self, path: Arc<str>, served: Served, origin: Origin<'a>) {
        let Some(first) = self.origins.get(&path) else {
            self.files.insert(path.clone(), served);
            self.origins.insert(path, origin);
            return;
        };
        let (later, earlier) = (origin.name(self.site_dir), first.name(self.site_dir));
        if later != earlier {
            self.errors.push(
                Diagnostic::file_error(
                    &later,
                    format!("`{later}` and `{earlier}` would both be written to {path}"),
                )
                .with_hint("rename or move one of them"),
            );
        }
    }
}
