//! A run in place on the last run kept in memory (`serve`), when only pages'
//! texts changed (no page added or removed, no settings, template or static file).
//! When neither what the link stage reads of them ([`crate::site::link_key`]) nor
//! what other pages show of them (their link signature) changed, the linked site
//! is kept and only those pages go through the body and page stages; otherwise
//! the site is linked again in place and every page's key is looked at. Either
//! way nothing is moved into or out of the stage cache, which keeps `serve`'s
//! usual save to a few milliseconds on 10,000 pages. Any other change runs the
//! whole pipeline.

use super::cache::{FullBody, Made, StageCache};
use super::keys::Keys;
use super::pages::PageStage;
use super::parse::SourceRead;
use super::sink::{Served, Sink, SiteFiles};
use super::{Counts, Partial, Ran, RunInput, page_problems};
use crate::content;
use crate::diagnostics::{self, Diagnostic};
use crate::links::{PageLookups, SiteIndex};
use crate::site::{self, PageNode};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use xxhash_rust::xxh3::xxh3_64;

/// A successful run kept whole in memory.
pub(crate) struct LastRun {
    partial: Partial,
    keys: Keys,
    lookups: PageLookups,
    link_problems: Vec<Diagnostic>,
    files: Arc<SiteFiles>,
    /// Page index by the file's absolute path.
    by_path: HashMap<PathBuf, usize>,
    /// The problems of each page's links to other pages, by page index (empty
    /// until the first run in place checks them).
    checked_links: Vec<Vec<Diagnostic>>,
    /// True while every page's files are the ones in `files`.
    current: bool,
}

/// What a run in place gives: the site's files, how much was done, and warnings.
pub(crate) type Rerun = Result<(Arc<SiteFiles>, Counts, Vec<Diagnostic>), Vec<Diagnostic>>;

impl LastRun {
    /// Keeps `ran`, whose files are `files`.
    pub fn of(mut ran: Ran, files: Arc<SiteFiles>) -> LastRun {
        let site = std::mem::replace(&mut ran.site, super::empty_site());
        let by_path = (site.pages.iter().enumerate())
            .filter_map(|(i, p)| Some((p.as_ref()?.file.source.path.clone(), i)))
            .collect();
        LastRun {
            partial: Partial {
                site,
                next: std::mem::take(&mut ran.next),
            },
            keys: ran.keys,
            lookups: ran.lookups,
            link_problems: ran.link_problems,
            files,
            by_path,
            checked_links: Vec::new(),
            current: true,
        }
    }

    /// The cache a whole run starts from.
    pub fn into_cache(self) -> StageCache {
        self.partial.into_cache()
    }

    /// Runs again on the kept site; `None` when the changes need the whole
    /// pipeline (what was kept is still right then, and still a good cache).
    pub fn rerun(&mut self, input: &RunInput) -> Option<Rerun> {
        let sources = input.sources;
        // A site with treatments is linked whole again: what its pages show of
        // one another (and the pages it makes) follows from every treatment.
        if !self.current || !sources.only_texts || !self.partial.site.treatments.is_empty() {
            return None;
        }
        let (changed, relink) = self.read_changed(input)?;
        let config = &sources.config;
        let next = &mut self.partial.next;
        let mut counts = Counts {
            files_read: changed.len(),
            html_files: self.files.keys().filter(|p| p.ends_with(".html")).count(),
            ..Counts::default()
        };
        let mut visit = Vec::new();
        // Pages whose text changed: only their bodies can bring other files along
        // or have other headings (the set of pages and the static files are as before).
        let mut text_changed = std::collections::HashSet::new();
        for (i, read, file) in changed {
            next.reads[i] = Some(read);
            let Some(page) = self.partial.site.pages[i].as_mut() else {
                continue;
            };
            if let Some(file) = file {
                page.file = file;
                visit.push(i);
                text_changed.insert(i);
            }
        }
        if relink {
            // What a page shows of others changed: the site is linked again in
            // place (same files, same order), and every page's key is looked at.
            let site = &mut self.partial.site;
            let mut bodies = Vec::with_capacity(site.pages.len());
            let files = (site.pages.iter_mut())
                .map(|p| {
                    let node = p.take()?;
                    bodies.push((node.body, node.questionnaire));
                    Some(node.file)
                })
                .collect();
            self.link_problems.clear();
            *site = site::link(files, config, input.drafts, &mut self.link_problems);
            if !site.treatments.is_empty() {
                self.current = false;
                return None;
            }
            let mut bodies = bodies.into_iter();
            for page in site.pages.iter_mut().flatten() {
                (page.body, page.questionnaire) = bodies.next().unwrap_or_default();
            }
            self.keys = Keys::new(site, sources, input.drafts);
            visit.extend((0..site.pages.len()).filter(|i| !text_changed.contains(i)));
        }
        // Each page to visit gives its text, and its body to its cache entry
        // (where the body stage looks for it), back at the end.
        let site = &mut self.partial.site;
        let mut work = Vec::with_capacity(visit.len());
        // For each page whose text changed: what it brings along besides its HTML
        // (images, a questionnaire's files), and the headings links are checked against.
        let mut before = HashMap::new();
        for i in visit {
            let Some(page) = site.pages[i].as_mut().filter(|p| p.included) else {
                continue;
            };
            let text = std::mem::take(&mut page.file.text);
            let (mut body, html) = next.made[i].take().unwrap_or((None, None));
            let markdown = std::mem::take(&mut page.body);
            let questionnaire = page.questionnaire.take();
            if text_changed.contains(&i) {
                let outputs = (markdown.assets.clone(), questionnaire.is_some());
                before.insert(i, (outputs, markdown.anchors.clone()));
            }
            if let Some(body) = &mut body {
                body.full = Some(Box::new(FullBody {
                    markdown,
                    questionnaire,
                }));
            }
            work.push((i, text, (body, html)));
        }

        // body and page HTML of the pages to visit
        let renderer =
            crate::render::Renderer::new(&sources.templates, config, site, &sources.statics)
                .ok()?;
        let links = SiteIndex {
            pages: std::mem::take(&mut self.lookups),
            content_dir: input.site_dir.join("content"),
            base_path: &config.base_path,
            static_files: &sources.statics,
        };
        let sink = Sink::Memory;
        let stage = PageStage {
            site,
            links: &links,
            config,
            renderer: Some(&renderer),
            template_keys: &sources.template_keys,
            keys: &self.keys,
            sink: &sink,
            terms: None,
        };
        let made: Vec<_> = (work.into_par_iter())
            .map(|(i, text, earlier)| {
                let page = stage.site.page(i)?;
                let read = next.reads[i]?;
                stage.page(i, page, &read, text, earlier).ok()
            })
            .collect();
        let mut replaced: Vec<(String, Arc<[u8]>)> = Vec::new();
        if relink {
            // The 404 page shows the navigation; the site files list every page.
            match stage.not_found(next.not_found.take()) {
                Some(Ok(((entry, _), rendered))) => {
                    counts.pages_rendered += usize::from(rendered);
                    next.not_found = Some(entry);
                }
                _ => {
                    self.current = false;
                    return None;
                }
            }
            let outputs = next.not_found.iter().flat_map(|h| &h.outputs);
            replaced.extend(outputs.filter_map(|(path, made)| match made {
                Made::Bytes(bytes) => Some((path.clone(), bytes.clone())),
                _ => None,
            }));
            for file in crate::site_files::generate(stage.site, config, &sources.statics) {
                if let crate::output::Contents::Bytes(bytes) = file.contents {
                    replaced.push((file.path, bytes));
                }
            }
        }
        self.lookups = links.pages;

        // validate, then the files
        let mut found = sources.problems.clone();
        found.extend(self.link_problems.iter().cloned());
        let mut same_files = true;
        for m in made {
            let Some(m) = m else {
                self.current = false;
                return None;
            };
            counts.bodies_rendered += usize::from(m.rendered.0);
            counts.pages_rendered += usize::from(m.rendered.1);
            found.extend(m.problem);
            let Some(page) = site.pages[m.index].as_mut() else {
                continue;
            };
            let outputs_before = before.get(&m.index).map(|(outputs, _)| outputs);
            same_files &= m.html_entry.is_some()
                && outputs_before.is_none_or(|(assets, questionnaire)| {
                    *assets == m.body.assets && *questionnaire == m.questionnaire.is_some()
                });
            if m.rendered.1 {
                for (path, made) in m.html_entry.iter().flat_map(|h| &h.outputs) {
                    if let Made::Bytes(bytes) = made {
                        replaced.push((path.clone(), bytes.clone()));
                    }
                }
            }
            page.body = m.body;
            page.questionnaire = m.questionnaire;
            page.file.text = m.text.unwrap_or_default();
            next.made[m.index] = Some((m.body_entry, m.html_entry));
        }
        // Other pages' links are checked again only when what they are checked
        // against changed: the site (linked again) or a visited page's headings.
        page_problems(site, &mut found);
        let same_anchors = (before.iter())
            .all(|(&i, (_, anchors))| site.page(i).is_some_and(|p| p.body.anchors == *anchors));
        if relink || !same_anchors || self.checked_links.len() != site.pages.len() {
            self.checked_links = site::links_checked(site);
        } else {
            for &i in before.keys() {
                if let Some(page) = site.page(i).filter(|p| p.included) {
                    self.checked_links[i] = site::link_problems(site, page);
                }
            }
        }
        found.extend(self.checked_links.iter().flatten().cloned());
        diagnostics::sort(&mut found);
        if found.iter().any(Diagnostic::is_error) {
            self.current = false;
            return Some(Err(found));
        }
        if !same_files {
            // A page now brings other files along: the whole run assembles them.
            self.current = false;
            return None;
        }
        // search: made again when a page listed or its terms changed
        let mut gone = Vec::new();
        if config.search {
            let key = super::search::key(site, &self.keys, &next.reads, &sources.template_keys);
            if next.search.as_ref().map(|h| h.key) != Some(key) {
                let Ok(Ok((entry, _))) = super::search::make(site, config, &renderer, key, &sink)
                else {
                    self.current = false;
                    return None;
                };
                let old = next.search.take().into_iter().flat_map(|h| h.outputs);
                gone.extend(old.map(|(path, _)| path));
                replaced.extend(entry.outputs.iter().filter_map(|(path, made)| match made {
                    Made::Bytes(bytes) => Some((path.clone(), bytes.clone())),
                    _ => None,
                }));
                next.search = Some(entry);
                counts.pages_rendered += 1;
            }
        }
        drop(renderer);
        let mut files = SiteFiles::clone(&self.files);
        for path in gone {
            files.remove(path.as_str());
        }
        for (path, bytes) in replaced {
            files.insert(Arc::from(path), Served::Bytes(bytes));
        }
        self.files = Arc::new(files);
        Some(Ok((self.files.clone(), counts, found)))
    }

    /// Reads and parses the changed files: for each, its page index, how it was read
    /// and, when its text changed, the parsed file; and whether the site must be
    /// linked again (what the link stage reads, or what other pages show of a
    /// page, changed). `None` when a file cannot be read or parsed, or a page
    /// comes or goes (a draft).
    #[allow(clippy::type_complexity)]
    fn read_changed(
        &self,
        input: &RunInput,
    ) -> Option<(Vec<(usize, SourceRead, Option<content::ParsedFile>)>, bool)> {
        let sources = input.sources;
        let site = &self.partial.site;
        let mut changed = Vec::new();
        let mut relink = false;
        for path in &sources.modified {
            let &i = self.by_path.get(path)?;
            let page = site.pages.get(i)?.as_ref()?;
            let before = self.partial.next.reads.get(i).copied().flatten()?;
            let (text, stamp) = content::read_text_stamped(&page.file.source).ok()?;
            let text_hash = xxh3_64(text.as_bytes());
            let read = SourceRead {
                stamp,
                text_hash,
                read_now: true,
            };
            if text_hash == before.text_hash {
                changed.push((i, read, None));
                continue;
            }
            let file = content::parse_file(page.file.source.clone(), text, &sources.config).ok()?;
            if file.front.draft != page.file.front.draft {
                return None;
            }
            relink |= site::link_key(&file.front) != site::link_key(&page.file.front)
                || link_sig_with(page, &file) != self.keys.link_sig(i);
            changed.push((i, read, Some(file)));
        }
        Some((changed, relink))
    }
}

/// The link signature `page` would have with `file` as its file.
fn link_sig_with(page: &PageNode, file: &content::ParsedFile) -> u64 {
    let node = PageNode {
        file: content::ParsedFile {
            source: file.source.clone(),
            text: String::new(),
            body_offset: file.body_offset,
            front: file.front.clone(),
        },
        kind: page.kind,
        parent: page.parent,
        children: Vec::new(),
        prev: page.prev,
        next: page.next,
        included: page.included,
        review_due: page.review_due,
        body: Default::default(),
        questionnaire: None,
    };
    super::keys::link_sig(&node)
}
