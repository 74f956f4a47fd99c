//! The one pipeline every command runs: sources -> parse -> link -> body ->
//! validate -> page HTML -> site files -> assemble, as stages that pass plain
//! data on. Each stage's cache key is made beside the stage from what it reads
//! (see [`sources`], [`parse`], [`pages`]); what earlier runs made is in one
//! [`cache::StageCache`] with two stores (memory for `serve`, the build record for
//! `build`), and the files go to one [`sink::Sink`] in three forms (memory,
//! compare-and-write, staging folder). Nothing is put in place unless the whole
//! run succeeded.

mod assemble;
pub(crate) mod cache;
mod engine;
mod in_place;
mod keys;
mod pages;
mod parse;
mod run;
mod search;
pub(crate) mod sink;
pub(crate) mod sources;

pub use cache::{default_cache_dir, record_path};
pub use engine::{BuildSummary, Engine};
use run::page_problems;
pub(crate) use run::run;
pub use sink::{Served, SiteFiles};

use crate::diagnostics::Diagnostic;
use crate::output::WriteError;
use crate::site::Site;
use cache::{BodyEntry, FullBody, HtmlEntry, PageEntry, SourceEntry, StageCache};
pub(crate) use keys::Keys;
use parse::SourceRead;
use sink::Finished;
use sources::Sources;
use std::path::Path;

/// What one run needs besides the cache and the sink.
pub(crate) struct RunInput<'a> {
    /// The site folder.
    pub site_dir: &'a Path,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// The sources stage's result.
    pub sources: &'a Sources,
    /// Where encoded images are kept between runs (`None`: encoded every run).
    pub cache_dir: Option<&'a Path>,
}

/// How much a run did.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Counts {
    /// Markdown files read (the others came from the cache).
    pub files_read: usize,
    /// Page bodies rendered.
    pub bodies_rendered: usize,
    /// Pages rendered through their template.
    pub pages_rendered: usize,
    /// Published pages whose files the last run made and are still right.
    pub pages_kept: usize,
    /// HTML files of the site (its pages and the 404 page).
    pub html_files: usize,
    /// Pictures encoded (not found in the cache folder).
    pub images_encoded: usize,
    /// The search index and page were made (not kept from the last run).
    pub search_made: bool,
}

/// A successful run.
pub(crate) struct Ran {
    /// What the sink did with the files.
    pub finished: Finished,
    /// The linked site, with its page bodies (their HTML only when payloads are kept).
    pub site: Site,
    /// Warnings, sorted.
    pub warnings: Vec<Diagnostic>,
    /// How much was done.
    pub counts: Counts,
    /// The site-wide parts of the stage keys.
    pub keys: Keys,
    /// The pages by source path and URL.
    pub lookups: crate::links::PageLookups,
    /// What the link stage found.
    pub link_problems: Vec<Diagnostic>,
    /// What the next run's cache is made of, besides the site.
    next: Next,
}

/// A run's site and what else the next run's cache is made of.
pub(crate) struct Partial {
    /// The linked site, with its page bodies.
    pub site: Site,
    next: Next,
}

/// Per page index, what the next run's cache keeps besides the site.
#[derive(Default)]
struct Next {
    settings_key: u64,
    reads: Vec<Option<SourceRead>>,
    made: Vec<Option<(Option<BodyEntry>, Option<HtmlEntry>)>>,
    /// Texts not yet given back to their pages.
    texts: Vec<Option<String>>,
    /// True when the cache keeps payloads (texts, bodies, bytes).
    payloads: bool,
    /// The 404 page's entry.
    not_found: Option<HtmlEntry>,
    /// The search page and index's entry.
    search: Option<HtmlEntry>,
    /// Record store: every page's search terms, when the index was made again.
    search_terms: Option<search::TermStore>,
}

/// Why a run did not finish.
pub(crate) enum Stopped {
    /// The site has mistakes (every one, warnings too, sorted), and the site as
    /// far as it was made.
    Site(Vec<Diagnostic>, Box<Partial>),
    /// The output could not be written.
    Write(WriteError),
}

impl From<WriteError> for Stopped {
    fn from(e: WriteError) -> Self {
        Stopped::Write(e)
    }
}

impl Ran {
    /// True when this run's record would hold what `recorded` entries of the last
    /// one held: every file taken from it, none read that a record could keep, no
    /// page rendered. `started`: when the run started reading.
    pub fn changes_no_record(&self, recorded: usize, started: std::time::SystemTime) -> bool {
        let reads = self.next.reads.iter().zip(&self.site.pages);
        let mut from_record = 0;
        for (read, page) in reads {
            let (Some(read), Some(page)) = (read, page) else {
                continue;
            };
            if !read.read_now {
                from_record += 1;
            } else if cache::recordable(&page.file.front, read.stamp, started) {
                return false;
            }
        }
        self.counts.pages_rendered == 0 && !self.counts.search_made && from_record == recorded
    }

    /// The cache the next run starts from, made of this run's site (taken out).
    pub fn next_cache(&mut self) -> StageCache {
        let site = std::mem::replace(&mut self.site, empty_site());
        let next = std::mem::take(&mut self.next);
        Partial { site, next }.into_cache()
    }
}

impl Partial {
    /// The cache the next run starts from.
    pub fn into_cache(self) -> StageCache {
        let Partial { site, mut next } = self;
        let mut pages = rustc_hash::FxHashMap::default();
        pages.reserve(site.pages.len());
        let generated = |i: usize| site.treatments.is_generated(i);
        let generated: Vec<bool> = (0..site.pages.len()).map(generated).collect();
        for (i, page) in site.pages.into_iter().enumerate() {
            let (Some(page), Some(read)) = (page, next.reads[i]) else {
                continue;
            };
            // A page with no file of its own is made again by every run.
            if generated[i] {
                continue;
            }
            let (mut body, html) = next.made[i].take().unwrap_or((None, None));
            if let Some(body) = body.as_mut().filter(|_| next.payloads) {
                body.full = Some(Box::new(FullBody {
                    markdown: page.body,
                    questionnaire: page.questionnaire,
                }));
            }
            let file = page.file;
            let entry = PageEntry {
                source: Some(SourceEntry {
                    stamp: read.stamp,
                    text_hash: read.text_hash,
                    body_offset: file.body_offset,
                    front: Box::new(file.front),
                    text: next.payloads.then_some(file.text),
                }),
                body,
                html,
            };
            pages.insert(file.source.content_path, entry);
        }
        StageCache {
            settings_key: next.settings_key,
            pages,
            not_found: next.not_found,
            search: next.search,
            terms_file: None,
            search_terms: next.search_terms,
            read_hash: None,
        }
    }
}

/// A site with no pages.
pub(crate) fn empty_site() -> Site {
    Site::default()
}
