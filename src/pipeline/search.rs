//! The search stage: the site's search index and search page, made once a run
//! from every page's title, description and body terms (see [`crate::search`]),
//! as one site-wide output with one key. When the key holds and the files are
//! still as made, they are kept untouched.
//!
//! A `build` that reuses pages from its record has no terms for them (the
//! record keeps no text). The terms of every page are kept beside the record in
//! a side file read only when the index must be made again; a page whose terms
//! are not there has its body rendered again.

use super::cache::{HtmlEntry, Made};
use super::keys::Keys;
use super::parse::SourceRead;
use super::sink::Sink;
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::output::{OutputFile, WriteError};
use crate::render::{Renderer, href};
use crate::search::{self, PageTerms};
use crate::site::Site;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::path::Path;

/// Every page's terms by its path in `content/`, with the body key they were made with.
pub(crate) type TermStore = FxHashMap<String, (u64, PageTerms)>;

/// The search stage's key: the page stage's site-wide part, the search
/// template's key, and each included page's URL, title, description and body key.
pub(crate) fn key(
    site: &Site,
    keys: &Keys,
    reads: &[Option<SourceRead>],
    template_keys: &BTreeMap<String, u64>,
) -> u64 {
    let template = template_keys.get(search::TEMPLATE).copied().unwrap_or(0);
    let pages = (site.included()).filter_map(|(i, page)| {
        let read = reads.get(i).copied().flatten()?;
        Some((
            page.url(),
            page.title(),
            &page.file.front.description,
            keys.body(page, &read),
        ))
    });
    keys.search(template, pages)
}

/// The search files an earlier run made with key `key`, when every one is still as made.
pub(crate) fn kept(
    old: Option<HtmlEntry>,
    key: u64,
    sink: &Sink,
) -> Option<(HtmlEntry, Vec<OutputFile>)> {
    let old = old.filter(|h| h.key == key)?;
    let files = (old.outputs.iter())
        .map(|(path, made)| {
            let contents = sink.still_there(path, made)?;
            Some(OutputFile {
                path: path.clone(),
                contents,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some((old, files))
}

/// Makes the index and the search page of `site` (every included page's body
/// terms in it, where it has them), handing each file to `sink`.
pub(crate) fn make(
    site: &Site,
    config: &SiteConfig,
    renderer: &Renderer,
    key: u64,
    sink: &Sink,
) -> Result<Result<(HtmlEntry, Vec<OutputFile>), Diagnostic>, WriteError> {
    let empty = PageTerms::default();
    let mut pages: Vec<search::index::IndexPage> = (site.included())
        .map(|(_, p)| search::index::IndexPage {
            url: href(config, p.url()),
            title: p.title(),
            description: p.file.front.description.as_deref(),
            terms: p.body.terms.as_ref().unwrap_or(&empty),
        })
        .collect();
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    let stop = search::terms::stop_words(&config.language);
    let index = search::index::build(&pages, stop);
    let groups = search::az::groups(pages.iter().map(|p| (p.title.to_string(), p.url.clone())));
    let html = match renderer.render_search(&groups, &href(config, &index.index_path)) {
        Ok(html) => html,
        Err(problem) => return Ok(Err(problem)),
    };
    let mut outputs = Vec::with_capacity(index.files.len() + 1);
    let mut files = Vec::with_capacity(index.files.len() + 1);
    let page = (search::PAGE_FILE.to_string(), html);
    for (path, text) in std::iter::once(page).chain(index.files) {
        let (contents, made) = sink.take(&path, text.as_bytes())?;
        outputs.push((path.clone(), made.unwrap_or(Made::Pending)));
        files.push(OutputFile { path, contents });
    }
    Ok(Ok((HtmlEntry { key, outputs }, files)))
}

/// The terms of every page of `site` that has them (taken out of the pages), by
/// path in `content/`, with their body keys: the side file to save, unless the
/// one read (`old`) is still good enough. It is when at most one page in a
/// hundred has other terms now: such a page's body is rendered again when the
/// index is next made, which costs less than writing every page's terms again.
pub(crate) fn take_terms(
    site: &mut Site,
    keys: &Keys,
    reads: &[Option<SourceRead>],
    old: &TermStore,
) -> Option<TermStore> {
    let mut store = TermStore::default();
    let mut changed = 0;
    for (i, page) in site.pages.iter_mut().enumerate() {
        let (Some(page), Some(read)) = (page.as_mut(), reads.get(i).copied().flatten()) else {
            continue;
        };
        if !page.included {
            continue;
        }
        let body_key = keys.body(page, &read);
        if let Some(terms) = page.body.terms.take() {
            let path = &page.file.source.content_path;
            changed += usize::from(old.get(path).is_none_or(|(key, _)| *key != body_key));
            store.insert(path.clone(), (body_key, terms));
        }
    }
    (changed * 100 > store.len() || old.is_empty()).then_some(store)
}

/// The side file of the record at `record`.
pub(crate) fn terms_path(record: &Path) -> std::path::PathBuf {
    record.with_extension("terms")
}

/// Reads the side file at `path` (empty when it is missing or cannot be used).
pub(crate) fn load_terms(path: &Path) -> TermStore {
    std::fs::read(path)
        .ok()
        .and_then(|bytes| postcard::from_bytes(&bytes).ok())
        .unwrap_or_default()
}

/// Writes the side file at `path` (through a temporary file).
pub(crate) fn save_terms(path: &Path, store: &TermStore) -> std::io::Result<()> {
    let bytes = postcard::to_stdvec(store).map_err(std::io::Error::other)?;
    let partial = path.with_extension(format!("terms-partial-{}", std::process::id()));
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path)
}
