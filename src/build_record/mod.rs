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
//! Markdown files are not even read again while their size, modification time
//! and inode are unchanged: their checked front matter comes from the record, and
//! their text is read only when their page must be rendered.
//!
//! The record is kept in the user's cache folder (`~/.cache/clinicsite/builds/`
//! on Linux, or `$CLINICSITE_CACHE_DIR/builds/`), one file per output folder, so
//! the output stays exactly the site and nothing else, and the site folder holds
//! only what its writers put there. It holds front matter, paths, heading ids,
//! link targets, sizes, times and hashes, never page bodies. Anything missing or
//! unreadable (an older format, a damaged file, a cache folder that was emptied)
//! means no record: the build reads and renders everything, which is only slower.

mod pages;
mod sources;

pub use pages::{PageRecord, plan, record, restore_bodies};
pub use sources::{SourceRead, SourceRecord, load_text, read_sources};

pub use crate::file_stamp::Stamp;
use crate::theme::{StaticFiles, TemplateSources};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::SystemTime;
use xxhash_rust::xxh3::xxh3_64;

/// Bumped whenever the record's layout or meaning changes.
const FORMAT: u32 = 2;

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
    pages: FxHashMap<String, PageRecord>,
    /// The [`settings_key`] the markdown files were read with.
    settings_key: u64,
    /// The markdown files, by path in `content/`.
    sources: FxHashMap<String, SourceRecord>,
    /// Hash of the bytes this record was read from (to skip saving it unchanged).
    #[serde(skip)]
    read_hash: Option<u64>,
}

/// Hash of what reading any file depends on besides the file: the program and site.yaml.
pub fn settings_key(site_dir: &Path) -> u64 {
    let program = std::env::current_exe().ok().and_then(|p| Stamp::of(&p));
    let settings = std::fs::read(site_dir.join(crate::config::CONFIG_FILE)).ok();
    crate::incremental::fingerprint::hash_of(&(env!("CARGO_PKG_VERSION"), program, settings))
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
    /// The recorded markdown files, if they were read with the same `settings_key`.
    pub fn take_sources(&mut self, settings_key: u64) -> FxHashMap<String, SourceRecord> {
        let sources = std::mem::take(&mut self.sources);
        if self.settings_key == settings_key {
            sources
        } else {
            FxHashMap::default()
        }
    }

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
        // Sized for the usual few hundred bytes an entry, so the buffer is not
        // copied again and again as it grows (a 10,000-page record is about 4 MB).
        let entries = self.pages.len() + self.sources.len();
        let buffer = Vec::with_capacity(512 * entries + 1024);
        let bytes = postcard::to_io(&self, buffer).map_err(std::io::Error::other)?;
        // Freeing every entry is work the build need not wait for.
        std::thread::spawn(move || drop(self));
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

/// How this build read its markdown files.
#[derive(Debug, Clone)]
pub struct SourcesRead {
    /// Per page index: how the file was read (`None` where it failed).
    pub files: Vec<Option<SourceRead>>,
    /// When the build started reading.
    pub started: SystemTime,
    /// The [`settings_key`] they were read with.
    pub settings_key: u64,
    /// How many files the last build's record held.
    pub recorded: usize,
}

impl Default for SourcesRead {
    fn default() -> Self {
        SourcesRead {
            files: Vec::new(),
            started: SystemTime::UNIX_EPOCH,
            settings_key: 0,
            recorded: 0,
        }
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
    /// How the markdown files were read.
    pub sources: SourcesRead,
    /// How many pages the last build's record held.
    pub recorded_pages: usize,
    /// Hash of the record these pages came from.
    pub previous: Option<u64>,
}

impl Reuse {
    /// The record of page `index` when it is reused from the last build.
    pub fn kept(&self, index: usize) -> Option<&PageRecord> {
        self.kept.get(index)?.as_ref()
    }

    /// True when this build's record would be the last one's: every page reused,
    /// every file that can be recorded taken from the record, none gone.
    pub fn changes_nothing(&self, site: &crate::site::Site) -> bool {
        let kept = self.kept.iter().flatten().count();
        let from_record = self
            .sources
            .files
            .iter()
            .flatten()
            .filter(|r| r.from_record)
            .count();
        let all_kept = site.included().all(|(i, _)| self.kept(i).is_some());
        let none_new = site
            .pages
            .iter()
            .zip(&self.sources.files)
            .all(|(page, read)| match (page, read) {
                (Some(page), Some(read)) => {
                    read.from_record
                        || !sources::is_recordable(&page.file, read, self.sources.started)
                }
                _ => true,
            });
        all_kept && none_new && kept == self.recorded_pages && from_record == self.sources.recorded
    }

    /// How page `index`'s file was read.
    pub fn read(&self, index: usize) -> Option<&SourceRead> {
        self.sources.files.get(index)?.as_ref()
    }
}

/// Everything site-wide that pages are made from.
pub struct SiteInputs<'a> {
    /// The program and site.yaml (see [`settings_key`]).
    pub settings_key: u64,
    /// Whether drafts are built.
    pub drafts: bool,
    /// The templates.
    pub templates: &'a TemplateSources,
    /// The static files.
    pub static_files: &'a StaticFiles,
}
