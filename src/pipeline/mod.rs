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
mod pages;
mod parse;
pub(crate) mod sink;
pub(crate) mod sources;

pub use cache::{default_cache_dir, record_path};
pub use engine::{BuildSummary, Engine};
pub use sink::{Served, SiteFiles};

use crate::content::ParsedFile;
use crate::diagnostics::{self, Diagnostic};
use crate::output::{Contents, WriteError};
use crate::site::{self, Site};
use cache::{BodyEntry, FullBody, HtmlEntry, Made, PageEntry, SourceEntry, StageCache};
pub(crate) use pages::Keys;
use pages::{PageMade, PageStage};
use parse::SourceRead;
use rayon::prelude::*;
use sink::{Finished, Sink};
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

/// Runs every stage: `cache` is what earlier runs made, `sink` where the files go.
pub(crate) fn run(input: &RunInput, mut cache: StageCache, sink: Sink) -> Result<Ran, Stopped> {
    let RunInput {
        site_dir,
        drafts,
        sources,
    } = *input;
    let config = &sources.config;
    let mut found = sources.problems.clone();
    // parse (a file whose key holds is not read again)
    let same_settings = cache.settings_key == sources.settings_key;
    let (jobs, earlier) = parse::jobs(
        &sources.files,
        &mut cache.pages,
        same_settings,
        sources.trust_unnamed,
        &sources.modified,
    );
    // Entries of files gone since: freeing them is no work of this run.
    let gone = std::mem::take(&mut cache.pages);
    std::thread::spawn(move || drop(gone));
    let (files, reads) = split_parsed(parse::parse_all(jobs, config), &mut found);

    // link
    let mut link_problems = Vec::new();
    let mut site = site::link(files, config, drafts, &mut link_problems);
    found.extend(link_problems.iter().cloned());

    // body and page HTML, page by page, with the static files beside
    let keys = Keys::new(&site, sources, drafts);
    let mut texts: Vec<Option<String>> = (site.pages.iter_mut())
        .map(|p| p.as_mut().map(|p| std::mem::take(&mut p.file.text)))
        .collect();
    let links = crate::links::SiteIndex::new(
        &site,
        site_dir.join("content"),
        &config.base_path,
        &sources.statics,
    );
    let (renderer, mut template_problems) =
        match crate::render::Renderer::new(&sources.templates, config, &site) {
            Ok(renderer) => (Some(renderer), Vec::new()),
            Err(problems) => (None, problems),
        };
    let stage = PageStage {
        site: &site,
        links: &links,
        config,
        renderer: renderer.as_ref(),
        template_keys: &sources.template_keys,
        keys: &keys,
        sink: &sink,
    };
    let mut work = Vec::new();
    for ((i, page), earlier) in site.pages.iter().enumerate().zip(earlier) {
        if let (Some(page), Some(read)) = (page.as_ref().filter(|p| p.included), reads[i]) {
            let text = texts[i].take().unwrap_or_default();
            work.push((i, page, read, text, earlier));
        }
    }
    let (made, statics_in_place) = rayon::join(
        || -> Result<Vec<PageMade>, WriteError> {
            (work.into_par_iter())
                .map(|(i, page, read, text, earlier)| stage.page(i, page, &read, text, earlier))
                .collect()
        },
        || sink.stream_statics(&sources.statics),
    );
    let (made, statics_in_place) = (made?, statics_in_place?);
    let not_found = stage.not_found(cache.not_found.take());
    let lookups = links.pages;

    // validate: the content first; a template's problems show once the content has none
    let mut next = Next {
        settings_key: sources.settings_key,
        reads,
        made: (0..site.pages.len()).map(|_| None).collect(),
        texts,
        payloads: sink.keeps_payloads(),
        not_found: None,
    };
    let mut page_files = Vec::with_capacity(made.len());
    let mut counts = Counts::default();
    for m in made {
        counts.bodies_rendered += usize::from(m.rendered.0);
        counts.pages_rendered += usize::from(m.rendered.1);
        counts.pages_kept += usize::from(m.html_entry.is_some() && !m.rendered.1);
        template_problems.extend(m.problem);
        if let Some(page) = site.pages[m.index].as_mut() {
            page.body = m.body;
            page.questionnaire = m.questionnaire;
            page_files.push((page.file.source.display_path.clone(), m.files));
        }
        next.made[m.index] = Some((m.body_entry, m.html_entry));
        if let Some(text) = m.text {
            next.texts[m.index] = Some(text);
        }
    }
    // A run that keeps payloads gives every page its text back (checks read it).
    if sink.keeps_payloads() {
        for (page, text) in site.pages.iter_mut().zip(&mut next.texts) {
            if let (Some(page), Some(text)) = (page.as_mut(), text.take()) {
                page.file.text = text;
            }
        }
    }
    let (site_ref, found_ref) = (&site, &mut found);
    rayon::join(
        move || drop(renderer),
        || content_problems(site_ref, found_ref),
    );
    if has_errors(&found) {
        return Err(stopped(found, site, next));
    }
    found.extend(template_problems);
    let not_found = match not_found {
        Some(Ok(((entry, files), rendered))) => {
            counts.pages_rendered += usize::from(rendered);
            next.not_found = Some(entry);
            files
        }
        Some(Err(problem)) => {
            found.push(problem);
            Vec::new()
        }
        None => Vec::new(),
    };
    if has_errors(&found) {
        return Err(stopped(found, site, next));
    }

    // site files, then every file assembled
    let mut assembly = assemble::Assembly::new(site_dir, page_files.len() + 64);
    for (origin, files) in page_files {
        assembly.add(files, &origin);
    }
    assembly.add(not_found, "templates/404.html");
    assembly.add(crate::site_files::generate(&site, config), "clinicsite");
    assembly.add_statics(&sources.statics, statics_in_place);
    assembly.add_page_assets(&site);
    let files = match assembly.finish() {
        Ok(files) => files,
        Err(problems) => {
            found.extend(problems);
            return Err(stopped(found, site, next));
        }
    };

    // write
    counts.html_files = files.iter().filter(|f| f.path.ends_with(".html")).count();
    counts.files_read = next.reads.iter().flatten().filter(|r| r.read_now).count();
    let streamed = match sink.streams() {
        true => files
            .iter()
            .filter(|f| matches!(f.contents, Contents::Kept))
            .count(),
        false => 0,
    };
    let finished = sink.finish(files, streamed)?;
    if let Finished::Written(_, stamps) = &finished {
        for (_, html) in next.made.iter_mut().flatten() {
            stamp_outputs(html, stamps);
        }
        stamp_outputs(&mut next.not_found, stamps);
    }
    diagnostics::sort(&mut found);
    Ok(Ran {
        finished,
        site,
        warnings: found,
        counts,
        keys,
        lookups,
        link_problems,
        next,
    })
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
        self.counts.pages_rendered == 0 && from_record == recorded
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
        for (i, page) in site.pages.into_iter().enumerate() {
            let (Some(page), Some(read)) = (page, next.reads[i]) else {
                continue;
            };
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
                    front: file.front,
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
            read_hash: None,
        }
    }
}

/// Gives every output a run held until its end the stamp the write left on it.
fn stamp_outputs(html: &mut Option<HtmlEntry>, stamps: &crate::output::OutputStamps) {
    let Some(entry) = html else { return };
    for (path, made) in &mut entry.outputs {
        if matches!(made, Made::Pending) {
            match stamps.get(path.as_str()) {
                Some(stamp) => *made = Made::Stamp(*stamp),
                None => {
                    *html = None;
                    return;
                }
            }
        }
    }
}

/// Splits the parse stage's results into files and how each was read, moving
/// problems into `found`.
fn split_parsed(
    parsed: Vec<parse::ParseResult>,
    found: &mut Vec<Diagnostic>,
) -> (Vec<Option<ParsedFile>>, Vec<Option<SourceRead>>) {
    parsed
        .into_iter()
        .map(|r| match r {
            Ok((file, read)) => (Some(file), Some(read)),
            Err(problems) => {
                found.extend(problems);
                (None, None)
            }
        })
        .unzip()
}

/// The validate stage: the problems of every page's body and front matter, and of
/// the links between pages.
fn content_problems(site: &Site, found: &mut Vec<Diagnostic>) {
    for (_, page) in site.included() {
        found.extend(page.body.diagnostics.iter().cloned());
        found.extend(page.file.front.warnings.iter().cloned());
    }
    site::check_links(site, found);
}

/// True when `found` holds an error.
fn has_errors(found: &[Diagnostic]) -> bool {
    found.iter().any(Diagnostic::is_error)
}

/// The run stopped by the mistakes in `found`, with what it made so far.
fn stopped(mut found: Vec<Diagnostic>, site: Site, next: Next) -> Stopped {
    diagnostics::sort(&mut found);
    Stopped::Site(found, Box::new(Partial { site, next }))
}

/// A site with no pages.
pub(crate) fn empty_site() -> Site {
    Site::default()
}
