//! Pages in the build record: which pages of this build the last one's output
//! still holds, what their bodies offer the rest of the build, and their new
//! entries once the output is written.

use super::{BuildRecord, FORMAT, Reuse, SiteInputs, SourcesRead, Stamp};
use crate::diagnostics::Position;
use crate::incremental::fingerprint::{self, PageInputs};
use crate::links::SiteIndex;
use crate::markdown::{PageAsset, PageLink};
use crate::output::OutputStamps;
use crate::site::{PageNode, Site};
use crate::theme::FileSource;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What one page's build made, and what its body needs checked again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageRecord {
    fingerprint: u64,
    /// The page's own output files (its HTML, a questionnaire's CSS and data),
    /// relative to the page's folder.
    outputs: Vec<(String, Stamp)>,
    /// Files from `content/` the page uses: (source, output path, stamp of the source).
    assets: Vec<(PathBuf, String, Stamp)>,
    /// Links to a heading on another page: (that page's path in `content/`,
    /// anchor, line, column). A link without an anchor stays right as long as its
    /// page exists and is published, which the fingerprint covers.
    anchored_links: Vec<(String, String, usize, usize)>,
}

/// Fingerprints every page of `site` (its file read as `sources` says) and finds
/// the pages that `previous` shows are still right in `out_dir`.
pub fn plan(
    previous: BuildRecord,
    out_dir: &Path,
    site: &Site,
    sources: SourcesRead,
    inputs: &SiteInputs,
) -> Reuse {
    let text_hashes: Vec<u64> = sources
        .files
        .iter()
        .map(|r| r.as_ref().map_or(0, |r| r.text_hash))
        .collect();
    let link_sigs: Vec<u64> = site
        .pages
        .iter()
        .map(|p| p.as_ref().map_or(0, fingerprint::link_sig))
        .collect();
    let global = global_fingerprint(site, &link_sigs, inputs);
    let page_inputs = PageInputs {
        site,
        global,
        text: &text_hashes,
        // A body is made from its file's text (hashed above) and what it can link
        // to, which is part of `global`.
        body: &text_hashes,
        links: &link_sigs,
    };
    // Every template is part of `global`, so no page names its own.
    let fingerprints: Vec<u64> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| page_inputs.page(i, "", 0))
        .collect();
    let read_hash = previous.read_hash;
    let recorded_pages = previous.pages.len();
    let mut recorded = previous.pages;
    let candidates: Vec<Option<PageRecord>> = site
        .pages
        .iter()
        .zip(&fingerprints)
        .map(|(page, &fp)| {
            let page = page.as_ref().filter(|p| p.included)?;
            let record = recorded.remove(&page.file.source.content_path)?;
            (record.fingerprint == fp).then_some(record)
        })
        .collect();
    // The old record's other pages are gone; freeing them is no work of this build.
    std::thread::spawn(move || drop(recorded));
    let kept = candidates
        .into_par_iter()
        .zip(&site.pages)
        .map(|(record, page)| {
            let dir = page.as_ref()?.output_dir();
            record.filter(|r| r.is_intact(out_dir, dir))
        })
        .collect();
    Reuse {
        fingerprints,
        kept,
        sources,
        recorded_pages,
        previous: read_hash,
    }
}

/// The program, settings, templates, static files, navigation and the set of
/// pages (what links can point at).
fn global_fingerprint(site: &Site, link_sigs: &[u64], inputs: &SiteInputs) -> u64 {
    let statics: Vec<(&str, Option<Stamp>)> = inputs
        .static_files
        .iter()
        .map(|(path, source)| match source {
            FileSource::Disk(p) => (path, Stamp::of(p)),
            FileSource::Embedded(_) => (path, None),
        })
        .collect();
    let nav: Vec<u64> = site.nav.iter().map(|&i| link_sigs[i]).collect();
    let pages: Vec<(&str, bool)> = site
        .pages
        .iter()
        .flatten()
        .map(|p| (p.file.source.content_path.as_str(), p.included))
        .collect();
    fingerprint::hash_of(&(
        inputs.settings_key,
        inputs.drafts,
        &inputs.templates.templates,
        statics,
        site.home,
        nav,
        pages,
    ))
}

impl PageRecord {
    /// True when every output and asset file is as the recorded build left it;
    /// `dir` is the page's folder in the output.
    fn is_intact(&self, out_dir: &Path, dir: &str) -> bool {
        let page_dir = out_dir.join(dir);
        self.outputs
            .iter()
            .all(|(name, stamp)| Stamp::of(&page_dir.join(name)) == Some(*stamp))
            && self
                .assets
                .iter()
                .all(|(source, _, stamp)| Stamp::of(source) == Some(*stamp))
    }

    /// The page's output file names, relative to its folder.
    pub fn outputs(&self) -> impl Iterator<Item = &str> {
        self.outputs.iter().map(|(p, _)| p.as_str())
    }
}

/// Gives each reused page what the rest of the build reads from a body: the
/// files it uses, and its links to headings on pages rendered this time (links
/// between two reused pages are as right as when they were checked). Returns the
/// reused pages whose headings a rendered page links to: their bodies must be
/// rendered for their heading ids (their output stays as it is).
pub fn restore_bodies(site: &mut Site, reuse: &Reuse, index: &SiteIndex) -> Vec<usize> {
    for (i, page) in site.pages.iter_mut().enumerate() {
        let (Some(page), Some(record)) = (page.as_mut(), reuse.kept(i)) else {
            continue;
        };
        page.body.assets = record
            .assets
            .iter()
            .map(|(source, output, _)| PageAsset {
                source: source.clone(),
                output: output.clone(),
            })
            .collect();
        page.body.links = record
            .anchored_links
            .iter()
            .filter_map(|(target, anchor, line, column)| {
                let target = *index.pages.by_content_path.get(target)?;
                (reuse.kept(target).is_none()).then(|| PageLink {
                    target,
                    anchor: Some(anchor.clone()),
                    position: Position::new(*line, *column),
                })
            })
            .collect();
    }
    let mut wanted: Vec<usize> = site
        .included()
        .filter(|(i, _)| reuse.kept(*i).is_none())
        .flat_map(|(_, page)| &page.body.links)
        .filter(|l| l.anchor.as_ref().is_some_and(|a| !a.is_empty()))
        .map(|l| l.target)
        .filter(|&t| reuse.kept(t).is_some())
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    wanted
}

/// The output files of a page (its HTML and, for a questionnaire, its CSS and
/// data), relative to the page's folder.
fn page_outputs(page: &PageNode) -> Vec<&'static str> {
    let mut outputs = vec!["index.html"];
    if page.questionnaire.is_some() {
        outputs.push(crate::questionnaire::page::CSS_FILE);
        outputs.push(crate::questionnaire::page::DATA_FILE);
    }
    outputs
}

/// The record of this build, once its output is written (`written`: the stamps the
/// write took): reused pages keep their entries, rendered pages get new ones (unless
/// their body gave warnings).
pub fn record(site: &Site, reuse: Reuse, written: &OutputStamps) -> BuildRecord {
    let sources = site
        .pages
        .par_iter()
        .zip(&reuse.sources.files)
        .filter_map(|(page, read)| {
            let (page, read) = (page.as_ref()?, read.as_ref()?);
            let record = super::sources::record_source(&page.file, read, reuse.sources.started)?;
            Some((page.file.source.content_path.clone(), record))
        })
        .collect();
    let pages = site
        .pages
        .par_iter()
        .zip(reuse.kept)
        .zip(&reuse.fingerprints)
        .filter_map(|((page, kept), &fingerprint)| {
            let page = page.as_ref().filter(|p| p.included)?;
            let key = page.file.source.content_path.clone();
            if let Some(old) = kept {
                return Some((key, old));
            }
            if !page.body.diagnostics.is_empty() {
                return None;
            }
            let dir = page.output_dir();
            let outputs = page_outputs(page)
                .into_iter()
                .map(|name| Some((name.to_string(), *written.get(&format!("{dir}{name}"))?)))
                .collect::<Option<Vec<_>>>()?;
            let assets = page
                .body
                .assets
                .iter()
                .map(|a| Some((a.source.clone(), a.output.clone(), Stamp::of(&a.source)?)))
                .collect::<Option<Vec<_>>>()?;
            let anchored_links = page
                .body
                .links
                .iter()
                .filter_map(|l| {
                    let anchor = l.anchor.as_ref().filter(|a| !a.is_empty())?;
                    let target = site.page(l.target)?;
                    Some((
                        target.file.source.content_path.clone(),
                        anchor.clone(),
                        l.position.line,
                        l.position.column,
                    ))
                })
                .collect();
            Some((
                key,
                PageRecord {
                    fingerprint,
                    outputs,
                    assets,
                    anchored_links,
                },
            ))
        })
        .collect();
    BuildRecord {
        format: FORMAT,
        out_dir: PathBuf::new(),
        pages,
        settings_key: reuse.sources.settings_key,
        sources,
        read_hash: None,
    }
}
