//! The build record: what the last `build` into an output folder made, and from
//! what, so that the next build there renders only the pages whose inputs changed.
//!
//! A page is reused (neither its markdown nor its template is rendered) when its
//! fingerprint equals the recorded one and its output files are still as that
//! build left them (same size, modification time and inode). The fingerprint
//! covers everything a page's HTML is made from: the program itself, site.yaml,
//! every template, the static files, which pages exist, the page's own file, and
//! what it shows of other pages (navigation, breadcrumbs, children, previous and
//! next). What the rest of the build needs from a reused page's body (its heading
//! ids, its links to other pages, the files it uses) is kept in the record, so
//! every link on the site is still checked against the headings of this build.
//! Pages whose body gave warnings are never recorded: they are rendered each
//! time, so their warnings are shown each time.
//!
//! The record is kept in the user's cache folder (`~/.cache/clinicsite/builds/`
//! on Linux, or `$CLINICSITE_CACHE_DIR/builds/`), one file per output folder, so the
//! output stays exactly the site and nothing else, and the site folder holds only
//! what its writers put there. It holds no page text: paths, heading ids, link
//! targets, sizes, times and hashes. Anything missing or unreadable (an older
//! format, a damaged file, a cache folder that was emptied) means no record: the
//! build renders every page, which is only slower.

use crate::diagnostics::Position;
use crate::incremental::fingerprint::{self, PageInputs};
use crate::links::SiteIndex;
use crate::markdown::{PageAsset, PageLink};
use crate::site::{PageNode, Site};
use crate::theme::{FileSource, StaticFiles, TemplateSources};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::xxh3_64;

/// Bumped whenever the record's layout or meaning changes.
const FORMAT: u32 = 1;

/// Records kept in the cache folder; older ones (of output folders not built for
/// a while, such as test runs' temporary folders) are removed.
const KEPT_RECORDS: usize = 64;

/// What one build into an output folder made, page by page.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct BuildRecord {
    format: u32,
    /// The output folder this record is about (its absolute, canonical path).
    out_dir: PathBuf,
    /// By the page's path in `content/` (`conditions/acne-scars.md`).
    pages: HashMap<String, PageRecord>,
    /// Hash of the bytes this record was read from (to skip saving it unchanged).
    #[serde(skip)]
    read_hash: Option<u64>,
}

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

/// A file's size, modification time and inode: what tells that it was touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stamp {
    len: u64,
    modified_ns: i128,
    inode: u64,
}

impl Stamp {
    /// The stamp of the file at `path`, if it is a readable file.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
        let modified_ns = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i128);
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: meta.len(),
            modified_ns,
            inode,
        })
    }
}

/// The cache folder builds keep their records in: `$CLINICSITE_CACHE_DIR`, else
/// `clinicsite` in the user's cache folder.
pub fn default_cache_dir() -> Option<PathBuf> {
    match std::env::var_os("CLINICSITE_CACHE_DIR") {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::cache_dir().map(|d| d.join("clinicsite")),
    }
}

/// Where the record of the (existing) output folder `out_dir` is kept in the
/// cache folder `cache_dir`, and the output folder's canonical path.
pub fn record_path(cache_dir: &Path, out_dir: &Path) -> Option<(PathBuf, PathBuf)> {
    let out_dir = out_dir.canonicalize().ok()?;
    let key = xxh3_64(out_dir.as_os_str().as_encoded_bytes());
    let path = cache_dir.join("builds").join(format!("{key:016x}.record"));
    Some((path, out_dir))
}

impl BuildRecord {
    /// The record of `out_dir` in `cache_dir`, or an empty one when there is none
    /// that can be used.
    pub fn load(cache_dir: Option<&Path>, out_dir: &Path) -> BuildRecord {
        let Some((path, out_dir)) = cache_dir.and_then(|c| record_path(c, out_dir)) else {
            return BuildRecord::default();
        };
        let Ok(bytes) = std::fs::read(path) else {
            return BuildRecord::default();
        };
        match postcard::from_bytes::<BuildRecord>(&bytes) {
            Ok(record) if record.format == FORMAT && record.out_dir == out_dir => BuildRecord {
                read_hash: Some(xxh3_64(&bytes)),
                ..record
            },
            _ => BuildRecord::default(),
        }
    }

    /// Saves the record of `out_dir` in `cache_dir` unless it holds exactly what
    /// `previous` was read from (through a temporary file, so a build stopped
    /// half-way leaves the old record or none, never a damaged one).
    pub fn save(
        mut self,
        cache_dir: Option<&Path>,
        out_dir: &Path,
        previous: Option<u64>,
    ) -> std::io::Result<()> {
        let Some((path, out_dir)) = cache_dir.and_then(|c| record_path(c, out_dir)) else {
            return Ok(());
        };
        self.out_dir = out_dir;
        let bytes = postcard::to_stdvec(&self).map_err(std::io::Error::other)?;
        if previous == Some(xxh3_64(&bytes)) {
            return Ok(());
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let partial = path.with_extension(format!("partial-{}", std::process::id()));
        std::fs::write(&partial, bytes)?;
        std::fs::rename(&partial, &path)?;
        remove_old_records(dir);
        Ok(())
    }
}

/// Keeps the [`KEPT_RECORDS`] most recently saved records in `dir`.
fn remove_old_records(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut records: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let modified = e.metadata().ok()?.modified().ok()?;
            Some((modified, e.path()))
        })
        .collect();
    if records.len() <= KEPT_RECORDS {
        return;
    }
    records.sort_unstable_by_key(|r| std::cmp::Reverse(r.0));
    for (_, path) in &records[KEPT_RECORDS..] {
        let _ = std::fs::remove_file(path);
    }
}

/// The inputs of every page of this build, and which pages the last build's
/// output still holds.
#[derive(Debug, Default)]
pub struct Reuse {
    /// Per page index: the fingerprint of its inputs.
    pub fingerprints: Vec<u64>,
    /// Per page index: the record of a page whose output is still right.
    pub kept: Vec<Option<PageRecord>>,
    /// Hash of the record these pages came from.
    pub previous: Option<u64>,
}

impl Reuse {
    /// The record of page `index` when it is reused from the last build.
    pub fn kept(&self, index: usize) -> Option<&PageRecord> {
        self.kept.get(index)?.as_ref()
    }
}

/// Everything site-wide that pages are made from.
pub struct SiteInputs<'a> {
    /// The site folder (site.yaml is read from it).
    pub site_dir: &'a Path,
    /// Whether drafts are built.
    pub drafts: bool,
    /// The templates.
    pub templates: &'a TemplateSources,
    /// The static files.
    pub static_files: &'a StaticFiles,
}

/// Fingerprints every page of `site` (whose files' texts hash to `text_hashes`)
/// and finds the pages that `previous` shows are still right in `out_dir`.
pub fn plan(
    previous: BuildRecord,
    out_dir: &Path,
    site: &Site,
    text_hashes: &[u64],
    inputs: &SiteInputs,
) -> Reuse {
    let link_sigs: Vec<u64> = site
        .pages
        .iter()
        .map(|p| p.as_ref().map_or(0, fingerprint::link_sig))
        .collect();
    let global = global_fingerprint(site, &link_sigs, inputs);
    let page_inputs = PageInputs {
        site,
        global,
        text: text_hashes,
        // A body is made from its file's text (hashed above) and what it can link
        // to, which is part of `global`.
        body: text_hashes,
        links: &link_sigs,
    };
    let fingerprints: Vec<u64> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| page_inputs.page(i, "", 0))
        .collect();
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
            let dir = page.as_ref()?.url().trim_start_matches('/');
            record.filter(|r| r.is_intact(out_dir, dir))
        })
        .collect();
    Reuse {
        fingerprints,
        kept,
        previous: previous.read_hash,
    }
}

/// The program, settings, templates, static files, navigation and the set of
/// pages (what links can point at).
fn global_fingerprint(site: &Site, link_sigs: &[u64], inputs: &SiteInputs) -> u64 {
    let program = std::env::current_exe().ok().and_then(|p| Stamp::of(&p));
    let settings = std::fs::read(inputs.site_dir.join(crate::config::CONFIG_FILE)).ok();
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
        env!("CARGO_PKG_VERSION"),
        program,
        settings,
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
                let target = *index.by_content_path.get(target)?;
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
pub fn page_outputs(page: &PageNode) -> Vec<&'static str> {
    let mut outputs = vec!["index.html"];
    if page.questionnaire.is_some() {
        outputs.push(crate::questionnaire::page::CSS_FILE);
        outputs.push(crate::questionnaire::page::DATA_FILE);
    }
    outputs
}

/// The record of this build, once its output is written: reused pages keep their
/// entries, rendered pages get new ones (unless their body gave warnings).
pub fn record(site: &Site, reuse: Reuse, out_dir: &Path) -> BuildRecord {
    let entries: Vec<(String, PageRecord)> = site
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
            let dir = out_dir.join(page.url().trim_start_matches('/'));
            let outputs = page_outputs(page)
                .into_iter()
                .map(|name| Some((name.to_string(), Stamp::of(&dir.join(name))?)))
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
        pages: entries.into_iter().collect(),
        read_hash: None,
    }
}
