//! The stage cache: what earlier runs of the pipeline made, page by page, each
//! part with the key of the stage that made it. One cache, two stores:
//!
//! - **memory** (`serve`): kept between builds with its payloads (each file's
//!   text, each rendered body, each page's bytes);
//! - **record** (`build`): saved as the build record of an output folder, in the
//!   user's cache folder (`~/.cache/clinicsite/builds/` on Linux, or
//!   `$CLINICSITE_CACHE_DIR/builds/`), without payloads: keys, front matter,
//!   heading ids, links and the stamps of the files written. A page whose keys
//!   match and whose files are still as that build left them is not rendered.
//!
//! Anything missing or unreadable in a record (an older format, a damaged file, an
//! emptied cache folder) means an empty cache: the build does everything, which is
//! only slower.

use crate::content::FrontMatter;
use crate::file_stamp::Stamp;
use crate::markdown::{PageLink, RenderedMarkdown};
use crate::questionnaire::page::QuestionnairePage;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use xxhash_rust::xxh3::xxh3_64;

/// Bumped whenever the record's layout or meaning changes.
const FORMAT: u32 = 6;

/// Records (and their side files of search terms) kept in the cache folder; older ones (of output folders not built for
/// a while, such as test runs' temporary folders) are removed.
const KEPT_RECORDS: usize = 128;

/// A file modified this close to a build's start is read again by the next build:
/// file times are coarse, so an edit right after the build read it could leave
/// the same size and time behind.
const SETTLED: Duration = Duration::from_secs(2);

/// Everything the last run knows, by the page's path in `content/`.
#[derive(Debug, Default)]
pub(crate) struct StageCache {
    /// The settings key (see [`super::sources::settings_key`]) the entries were made with.
    pub settings_key: u64,
    /// By the page's path in `content/` (`conditions/acne-scars.md`).
    pub pages: FxHashMap<String, PageEntry>,
    /// The 404 page.
    pub not_found: Option<HtmlEntry>,
    /// The search page and index.
    pub search: Option<HtmlEntry>,
    /// Record store: where the side file of every page's search terms is
    /// (read only when the index must be made again).
    pub terms_file: Option<PathBuf>,
    /// Record store: the side file to save with the record, when the index was made again.
    pub search_terms: Option<super::search::TermStore>,
    /// Hash of the record this cache was read from (to skip saving it unchanged).
    pub read_hash: Option<u64>,
}

/// One page as the last run left it.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct PageEntry {
    /// The parse stage: the file as read (none in a record that cannot keep it).
    pub source: Option<SourceEntry>,
    /// The body stage, when its body was rendered without problems.
    pub body: Option<BodyEntry>,
    /// The page stage, when its files were made.
    pub html: Option<HtmlEntry>,
}

/// A markdown file as read and parsed.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SourceEntry {
    /// Its stamp when read.
    pub stamp: Option<Stamp>,
    /// Hash of its text.
    pub text_hash: u64,
    /// Where the body starts in the text.
    pub body_offset: usize,
    /// The checked front matter (boxed: entries are moved about, and it is most of one).
    pub front: Box<FrontMatter>,
    /// Memory store: the text itself.
    #[serde(skip)]
    pub text: Option<String>,
}

/// A page's rendered body, or what the rest of the build reads of it.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct BodyEntry {
    /// The body stage's key.
    pub key: u64,
    /// Hash of what templates read of the body (see [`super::pages::body_sig`]).
    pub sig: u64,
    /// Heading ids (checked against links from other pages).
    pub anchors: Vec<String>,
    /// Links to other pages (checked again every build).
    pub links: Vec<PageLink>,
    /// Files from `content/` the body uses: (source, output path, stamp when used).
    pub assets: Vec<(PathBuf, String, Stamp)>,
    /// Raster images the body shows (the images stage publishes them resized).
    pub pictures: Vec<crate::images::Picture>,
    /// Memory store: the whole body.
    #[serde(skip)]
    pub full: Option<Box<FullBody>>,
}

/// A rendered body with its questionnaire parts.
#[derive(Debug)]
pub(crate) struct FullBody {
    /// The rendered markdown.
    pub markdown: RenderedMarkdown,
    /// For a questionnaire page: its parts.
    pub questionnaire: Option<QuestionnairePage>,
}

/// A page's files as made.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct HtmlEntry {
    /// The page stage's key.
    pub key: u64,
    /// Each output file (path in the output folder) and what shows it is still there.
    pub outputs: Vec<(String, Made)>,
}

/// What shows that a file made by an earlier run is still right.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum Made {
    /// Record store: the stamp the write left on it.
    Stamp(Stamp),
    /// Memory store: its bytes.
    #[serde(skip)]
    Bytes(Arc<[u8]>),
    /// Held by the sink until the run's end, which gives its stamp.
    #[serde(skip)]
    Pending,
}

/// The record as saved.
#[derive(Serialize, Deserialize)]
struct Record {
    format: u32,
    /// The output folder this record is about (its absolute, canonical path).
    out_dir: PathBuf,
    settings_key: u64,
    #[serde(with = "exact_map")]
    pages: FxHashMap<String, PageEntry>,
    not_found: Option<HtmlEntry>,
    search: Option<HtmlEntry>,
}

/// The record's pages, read into a map of their exact number: serde's own map
/// reading reserves a capped amount, and growing a map of 10,000 large entries
/// moves them all several times over.
mod exact_map {
    use super::PageEntry;
    use rustc_hash::FxHashMap;
    use serde::de::{MapAccess, Visitor};
    use serde::{Deserializer, Serialize, Serializer};

    /// Written as serde writes any map.
    pub fn serialize<S: Serializer>(
        pages: &FxHashMap<String, PageEntry>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        pages.serialize(serializer)
    }

    /// Read into a map reserved at the length the record gives.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<FxHashMap<String, PageEntry>, D::Error> {
        deserializer.deserialize_map(Pages)
    }

    struct Pages;

    impl<'de> Visitor<'de> for Pages {
        type Value = FxHashMap<String, PageEntry>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of pages")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
            // Capped, so a damaged record cannot ask for a huge reservation.
            let len = access.size_hint().unwrap_or(0).min(1 << 16);
            let mut pages = FxHashMap::with_capacity_and_hasher(len, Default::default());
            while let Some((path, entry)) = access.next_entry()? {
                pages.insert(path, entry);
            }
            Ok(pages)
        }
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

impl StageCache {
    /// The record of `out_dir` in `cache_dir`, or an empty cache when there is none
    /// that can be used.
    pub fn load_record(cache_dir: Option<&Path>, out_dir: &Path) -> StageCache {
        let Some((path, out_dir)) = cache_dir.and_then(|c| record_path(c, out_dir)) else {
            return StageCache::default();
        };
        let Ok(bytes) = std::fs::read(&path) else {
            return StageCache::default();
        };
        match postcard::from_bytes::<Record>(&bytes) {
            Ok(record) if record.format == FORMAT && record.out_dir == out_dir => StageCache {
                settings_key: record.settings_key,
                pages: record.pages,
                not_found: record.not_found,
                search: record.search,
                terms_file: Some(super::search::terms_path(&path)),
                search_terms: None,
                read_hash: Some(xxh3_64(&bytes)),
            },
            _ => StageCache::default(),
        }
    }

    /// Saves the cache as the record of `out_dir` in `cache_dir`, keeping only what
    /// a record can hold, unless that is exactly what `read_hash` was read from
    /// (through a temporary file, so a build stopped half-way leaves the old record
    /// or none, never a damaged one). `started`: when the build started reading.
    pub fn save_record(
        self,
        cache_dir: Option<&Path>,
        out_dir: &Path,
        started: SystemTime,
    ) -> std::io::Result<()> {
        let Some((path, out_dir)) = cache_dir.and_then(|c| record_path(c, out_dir)) else {
            return Ok(());
        };
        let previous = self.read_hash;
        let mut pages = self.pages;
        pages.retain(|_, entry| entry.keep_in_record(started));
        let stamped = |h: &HtmlEntry| h.outputs.iter().all(|(_, m)| matches!(m, Made::Stamp(_)));
        let not_found = self.not_found.filter(stamped);
        let search = self.search.filter(stamped);
        let record = Record {
            format: FORMAT,
            out_dir,
            settings_key: self.settings_key,
            pages,
            not_found,
            search,
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        if let Some(terms) = &self.search_terms {
            std::fs::create_dir_all(dir)?;
            super::search::save_terms(&super::search::terms_path(&path), terms)?;
        }
        // Sized for the usual few hundred bytes an entry, so the buffer is not
        // copied again and again as it grows.
        let buffer = Vec::with_capacity(512 * record.pages.len() + 1024);
        let bytes = postcard::to_io(&record, buffer).map_err(std::io::Error::other)?;
        // Freeing every entry is work the build need not wait for.
        std::thread::spawn(move || drop(record));
        if previous == Some(xxh3_64(&bytes)) {
            return Ok(());
        }
        std::fs::create_dir_all(dir)?;
        let partial = path.with_extension(format!("partial-{}", std::process::id()));
        std::fs::write(&partial, bytes)?;
        std::fs::rename(&partial, &path)?;
        remove_old_records(dir);
        Ok(())
    }
}

impl PageEntry {
    /// Drops what a record cannot hold (see [`recordable`]); false when nothing of
    /// the entry is left worth keeping.
    fn keep_in_record(&mut self, started: SystemTime) -> bool {
        if let Some(source) = &mut self.source {
            source.text = None;
        }
        if (self.source.as_ref()).is_some_and(|s| !recordable(&s.front, s.stamp, started)) {
            self.source = None;
        }
        if let Some(body) = &mut self.body {
            body.full = None;
        }
        if let Some(html) = &self.html
            && !html
                .outputs
                .iter()
                .all(|(_, m)| matches!(m, Made::Stamp(_)))
        {
            self.html = None;
        }
        self.source.is_some() || self.html.is_some()
    }
}

/// True when a record can keep a file with this front matter and stamp: its stamp
/// is known and old enough to trust, and its front matter has no warnings and no
/// questionnaire (neither is kept in a record).
pub(crate) fn recordable(front: &FrontMatter, stamp: Option<Stamp>, started: SystemTime) -> bool {
    stamp.is_some_and(|s| is_settled(s.modified_ns(), started))
        && front.questionnaire.is_none()
        && front.warnings.is_empty()
}

/// True when a file last changed at `modified_ns` (since 1970) is older than
/// [`SETTLED`] before `started`.
fn is_settled(modified_ns: i128, started: SystemTime) -> bool {
    started
        .checked_sub(SETTLED)
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .is_some_and(|t| modified_ns < t.as_nanos() as i128)
}

/// Keeps the [`KEPT_RECORDS`] most recently saved records in `dir`.
fn remove_old_records(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut records: Vec<(SystemTime, PathBuf)> = entries
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_older_than_a_moment_before_the_build_are_trusted() {
        let started = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let ns = |secs: f64| (secs * 1e9) as i128;
        assert!(is_settled(ns(990.0), started));
        assert!(is_settled(ns(997.9), started));
        assert!(!is_settled(ns(998.0), started));
        assert!(!is_settled(ns(999.5), started));
        assert!(
            !is_settled(ns(1_000.0), started),
            "changed as the build started"
        );
        assert!(!is_settled(ns(1_005.0), started), "a clock that went back");
    }
}
