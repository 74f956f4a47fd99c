//! The keys of the body and page stages, made from what each stage reads:
//! - a body reads its file's text, its kind, the settings, whether drafts are
//!   built (placeholders are then warnings), which pages exist (the links it
//!   resolves) and the static files (images it sizes); and the files beside it
//!   that it uses, whose stamps its cache entry keeps;
//! - a page's HTML reads the settings and navigation, its template (and every
//!   template that pulls in), its file, its body, what it shows of other pages
//!   (children, breadcrumbs, previous and next) and the help box it shows.

use super::parse::SourceRead;
use super::sources::Sources;
use crate::markdown::RenderedMarkdown;
use crate::questionnaire::page::QuestionnairePage;
use crate::site::{PageNode, Site};
use std::hash::{DefaultHasher, Hash, Hasher};

/// The site-wide parts of both stages' keys, worked out once a run.
pub(crate) struct Keys {
    /// What every body reads besides its own file.
    body_site: u64,
    /// What every page's HTML reads besides its own page.
    page_site: u64,
    /// Per page: what a link to it shows (see [`link_sig`]).
    link_sigs: Vec<u64>,
}

impl Keys {
    /// The keys' site-wide parts for `site`, made from `sources`.
    pub fn new(site: &Site, sources: &Sources, drafts: bool) -> Keys {
        use rayon::prelude::*;
        let link_sigs: Vec<u64> = (site.pages.par_iter())
            .map(|p| p.as_ref().map_or(0, link_sig))
            .collect();
        let mut h = DefaultHasher::new();
        // Drafts decide how placeholder text in a body is reported.
        (sources.settings_key, sources.statics_key, drafts).hash(&mut h);
        for page in &site.pages {
            // A page that failed to parse cannot be linked to.
            page.as_ref()
                .map(|p| &p.file.source.content_path)
                .hash(&mut h);
        }
        let body_site = h.finish();
        let nav: Vec<u64> = site.nav.iter().map(|&i| link_sigs[i]).collect();
        // Pages link stylesheets and scripts by their content-hashed names.
        let hashed = sources.statics.hashed();
        let page_site = super::sources::hash_of(&(sources.settings_key, drafts, nav, hashed));
        Keys {
            body_site,
            page_site,
            link_sigs,
        }
    }

    /// What a link to page `index` shows, as a hash (see [`link_sig`]).
    pub fn link_sig(&self, index: usize) -> u64 {
        self.link_sigs.get(index).copied().unwrap_or(0)
    }

    /// The 404 page's key: the settings, the navigation and its template's key.
    pub(crate) fn not_found(&self, template_key: u64) -> u64 {
        super::sources::hash_of(&(self.page_site, "404.html", template_key))
    }

    /// The search stage's key: what every page's HTML reads of the site, the
    /// search template's key, and of each page listed (in order): its URL, title,
    /// description and body key.
    pub(crate) fn search<'a>(
        &self,
        template_key: u64,
        pages: impl Iterator<Item = (&'a str, &'a str, &'a Option<String>, u64)>,
    ) -> u64 {
        let mut h = DefaultHasher::new();
        (self.page_site, template_key, "search").hash(&mut h);
        pages.for_each(|p| p.hash(&mut h));
        h.finish()
    }

    /// The body stage's key for `page`, whose file was read as `read`.
    pub(crate) fn body(&self, page: &PageNode, read: &SourceRead) -> u64 {
        super::sources::hash_of(&(self.body_site, read.text_hash, page.kind.name()))
    }

    /// The page stage's key for page `index` of `site`, rendered with `template`
    /// (whose key is `template_key`) from a file read as `read` and a body whose
    /// signature is `body_sig`.
    pub(crate) fn page(
        &self,
        site: &Site,
        index: usize,
        template: (&str, u64),
        read: &SourceRead,
        body_sig: u64,
    ) -> u64 {
        let mut h = DefaultHasher::new();
        (self.page_site, template, read.text_hash, body_sig).hash(&mut h);
        let sig = |i: &usize| self.link_sigs.get(*i).copied();
        sig(&index).hash(&mut h);
        (site.home == Some(index)).hash(&mut h);
        if let Some(page) = site.page(index) {
            page.review_due.hash(&mut h);
            page.file.front.page_kind.map(|k| k.name()).hash(&mut h);
            page.children.len().hash(&mut h);
            page.children.iter().map(sig).for_each(|s| s.hash(&mut h));
            // The breadcrumbs, nearest first (the tree has no cycles; the bound
            // only guards against a malformed one).
            let mut current = page.parent;
            let mut depth = 0;
            while let Some(a) = current.filter(|_| depth <= site.pages.len()) {
                sig(&a).hash(&mut h);
                depth += 1;
                current = site.page(a).and_then(|p| p.parent);
            }
            depth.hash(&mut h);
            page.prev.as_ref().map(sig).hash(&mut h);
            page.next.as_ref().map(sig).hash(&mut h);
            // The help box it shows, and the box's title (the help box file's).
            site.help_box_for(index).hash(&mut h);
            let help_file = site.help_box.and_then(|i| site.page(i));
            help_file.map(PageNode::title).hash(&mut h);
            site.treatments.page_sig(site, index, &mut h);
        }
        h.finish()
    }
}

/// What a link to a page shows (title, URL, description, kind, section, `when`),
/// which is also what breadcrumbs and structured data read from other pages
/// (a procedure section's structured data also reads its steps' `stage`).
pub(crate) fn link_sig(page: &PageNode) -> u64 {
    let mut h = DefaultHasher::new();
    page.title().hash(&mut h);
    page.url().hash(&mut h);
    page.file.front.description.hash(&mut h);
    page.kind.name().hash(&mut h);
    page.is_section().hash(&mut h);
    page.file.front.when.hash(&mut h);
    page.file.front.stage.map(|s| s as u8).hash(&mut h);
    h.finish()
}

/// What templates and structured data read of a rendered body (the HTML, contents,
/// word count, FAQ entries, questionnaire parts).
pub(crate) fn body_sig(body: &RenderedMarkdown, questionnaire: Option<&QuestionnairePage>) -> u64 {
    let mut h = DefaultHasher::new();
    body.html.hash(&mut h);
    body.word_count.hash(&mut h);
    body.toc.hash(&mut h);
    for q in &body.faq {
        (&q.question, &q.id, &q.group, &q.answer_html).hash(&mut h);
    }
    if let Some(q) = questionnaire {
        (&q.form_html, &q.rules_html, &q.css, &q.data_js).hash(&mut h);
    }
    h.finish()
}
