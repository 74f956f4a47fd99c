//! The parse stage: each markdown file read and its front matter checked, in
//! parallel. Its key is the file's stamp (size, modification time, inode) and the
//! settings key: a file whose cache entry has both is not read again; its front
//! matter (and in memory, its text) comes from the cache.

use super::cache::{BodyEntry, HtmlEntry, PageEntry, SourceEntry};
use crate::config::SiteConfig;
use crate::content::{self, ParsedFile, SourceFile};
use crate::diagnostics::Diagnostic;
use crate::file_stamp::Stamp;
use rayon::prelude::*;
use std::time::{Duration, Instant};
use xxhash_rust::xxh3::xxh3_64;

/// How a file was had this run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SourceRead {
    /// The file's stamp, taken before reading it.
    pub stamp: Option<Stamp>,
    /// Hash of its text.
    pub text_hash: u64,
    /// True when it was read this run (not taken from the cache).
    pub read_now: bool,
}

/// One file to parse, with the last run's entry for it and whether that entry's
/// key still holds without looking at the file (`trusted`), or must be re-read (`forced`).
pub(crate) struct ParseJob {
    pub source: SourceFile,
    pub entry: Option<SourceEntry>,
    pub trusted: bool,
    pub forced: bool,
}

/// What parsing one file gave: the file (or its problems) and how it was read.
pub(crate) type ParseResult = Result<(ParsedFile, SourceRead), Vec<Diagnostic>>;

/// How many markdown files are read at once when they come from disk. Reading
/// then waits on the disk (the first build of the day), so many reads are kept in
/// flight, more than there are cores; parsing then runs on every core.
const READS_IN_FLIGHT: usize = 16;

/// Files read first, on the build's own threads, to see where files come from.
const PROBE_FILES: usize = 64;

/// Above this much time per file (wall time, on every core), the probe's files came
/// from disk rather than from memory: about ten microseconds each to read and parse
/// from memory, a tenth of a millisecond or more from the disk of the machines measured.
const FROM_DISK: Duration = Duration::from_micros(30);

/// What the last run made of a page after parsing: its body and files.
pub(crate) type Earlier = (Option<BodyEntry>, Option<HtmlEntry>);

/// Pairs each file with its last entry: the cache's entries (`entries`, by path in
/// `content/`) move into the jobs, and what else they know comes back beside them.
pub(crate) fn jobs(
    files: &[SourceFile],
    entries: &mut rustc_hash::FxHashMap<String, PageEntry>,
    same_settings: bool,
    trust_unnamed: bool,
    modified: &std::collections::BTreeSet<std::path::PathBuf>,
) -> (Vec<ParseJob>, Vec<Earlier>) {
    files
        .iter()
        .map(|source| {
            let (entry, earlier) = match entries.remove(&source.content_path) {
                Some(PageEntry { source, body, html }) => (source, (body, html)),
                None => (None, (None, None)),
            };
            let forced = modified.contains(&source.path);
            let job = ParseJob {
                source: source.clone(),
                entry: entry.filter(|_| same_settings),
                trusted: trust_unnamed && !forced,
                forced,
            };
            (job, earlier)
        })
        .unzip()
}

/// Reads and parses every job's file, in order.
pub(crate) fn parse_all(jobs: Vec<ParseJob>, config: &SiteConfig) -> Vec<ParseResult> {
    read_and_parse(jobs, config, came_from_disk)
}

/// Reads and parses `jobs`, in order. Files in memory are each parsed as soon as
/// read, on the build's threads: more threads would only take turns on the cores.
/// Files on disk are read [`READS_IN_FLIGHT`] at a time, then parsed on every core.
/// The first files, read and parsed on the build's threads, tell which
/// (`from_disk`: [`came_from_disk`], or a test's choice).
fn read_and_parse(
    mut jobs: Vec<ParseJob>,
    config: &SiteConfig,
    from_disk: fn(Duration, usize) -> bool,
) -> Vec<ParseResult> {
    let each_at_once = |jobs: Vec<ParseJob>| -> Vec<_> {
        (jobs.into_par_iter())
            .map(|job| parse(fetch(job), config))
            .collect()
    };
    let rest = jobs.split_off(PROBE_FILES.min(jobs.len()));
    let started = Instant::now();
    let mut parsed = each_at_once(jobs);
    if from_disk(started.elapsed(), parsed.len()) {
        let fetched: Vec<Fetched> =
            with_reads_in_flight(|| rest.into_par_iter().map(fetch).collect());
        parsed.par_extend(fetched.into_par_iter().map(|f| parse(f, config)));
    } else {
        parsed.extend(each_at_once(rest));
    }
    parsed
}

/// True when reading (and parsing) `files` files took so long that they came from disk.
fn came_from_disk(took: Duration, files: usize) -> bool {
    took > FROM_DISK.saturating_mul(u32::try_from(files).unwrap_or(u32::MAX))
}

/// Runs `work` on a pool of [`READS_IN_FLIGHT`] threads (on the current one if no
/// threads can be made).
fn with_reads_in_flight<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    match rayon::ThreadPoolBuilder::new()
        .num_threads(READS_IN_FLIGHT)
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// A markdown file as found, before its front matter is parsed.
enum Fetched {
    /// Unchanged since its entry was made: not read.
    Cached(SourceFile, Box<SourceEntry>),
    /// Its text and stamp, or why it could not be read.
    Read(SourceFile, Result<(String, Option<Stamp>), Vec<Diagnostic>>),
}

/// Takes the job's entry when its key holds, else reads the file.
fn fetch(job: ParseJob) -> Fetched {
    let ParseJob {
        source,
        entry,
        trusted,
        forced,
    } = job;
    // A file the cache knows is stamped by its path (no need to open it when it is
    // unchanged); any other is stamped as it is read.
    let holds =
        |e: &SourceEntry| trusted || (e.stamp.is_some() && Stamp::of(&source.path) == e.stamp);
    match entry.filter(|e| !forced && holds(e)) {
        Some(entry) => Fetched::Cached(source, Box::new(entry)),
        None => {
            let read = content::read_text_stamped(&source);
            Fetched::Read(source, read)
        }
    }
}

/// Checks a fetched file's front matter (the entry's, for a file not read).
fn parse(fetched: Fetched, config: &SiteConfig) -> ParseResult {
    match fetched {
        Fetched::Cached(source, entry) => {
            let read = SourceRead {
                stamp: entry.stamp,
                text_hash: entry.text_hash,
                read_now: false,
            };
            let file = ParsedFile {
                source,
                text: entry.text.unwrap_or_default(),
                body_offset: entry.body_offset,
                front: *entry.front,
            };
            Ok((file, read))
        }
        Fetched::Read(source, read) => {
            let (text, stamp) = read?;
            let text_hash = xxh3_64(text.as_bytes());
            let file = content::parse_file(source, text, config)?;
            let read = SourceRead {
                stamp,
                text_hash,
                read_now: true,
            };
            Ok((file, read))
        }
    }
}

/// Reads the text of a page taken from a record (which keeps no texts) before its
/// body is rendered. An error if the file changed since its stamp was taken.
pub(crate) fn load_text(file: &ParsedFile, read: &SourceRead) -> Result<String, Vec<Diagnostic>> {
    let text = content::read_text(&file.source)?;
    if xxh3_64(text.as_bytes()) != read.text_hash {
        return Err(vec![
            Diagnostic::file_error(
                &file.source.display_path,
                "this file changed while the site was being built",
            )
            .with_hint("build again"),
        ]);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_read_in_order_after_the_probe() {
        // Both ways: from memory (one pass), and from disk (reads, then parsing).
        for from_disk in [false, true] {
            let choose: fn(Duration, usize) -> bool =
                if from_disk { |_, _| true } else { |_, _| false };
            read_in_order(choose);
        }
    }

    fn read_in_order(from_disk: fn(Duration, usize) -> bool) {
        let dir = tempfile::tempdir().expect("temporary folder");
        let count = PROBE_FILES * 2 + 5;
        let jobs: Vec<ParseJob> = (0..count)
            .map(|i| {
                let name = format!("page-{i:03}.md");
                let path = dir.path().join(&name);
                std::fs::write(&path, format!("---\ntitle: Page {i}\n---\n")).expect("write");
                let source = SourceFile {
                    path,
                    url: format!("/page-{i:03}/"),
                    display_path: format!("content/{name}"),
                    content_path: name,
                    is_section: false,
                };
                ParseJob {
                    source,
                    entry: None,
                    trusted: false,
                    forced: false,
                }
            })
            .collect();
        let config = crate::config::parse(
            "title: Test clinic\nbase_url: https://clinic.example/\nlanguage: en\n",
        )
        .expect("settings");
        let parsed = read_and_parse(jobs, &config, from_disk);
        assert_eq!(parsed.len(), count);
        for (i, file) in parsed.iter().enumerate() {
            let Ok((file, read)) = file else {
                panic!("file {i} was not read: {file:?}");
            };
            assert_eq!(file.source.content_path, format!("page-{i:03}.md"));
            assert_eq!(file.text, format!("---\ntitle: Page {i}\n---\n"));
            assert_eq!(file.front.title, format!("Page {i}"));
            assert!(read.stamp.is_some() && read.read_now, "file {i}");
        }
    }

    #[test]
    fn slow_reads_are_taken_as_reads_from_disk() {
        let files = 64;
        assert!(!came_from_disk(
            Duration::from_micros(5) * files,
            files as usize
        ));
        assert!(!came_from_disk(FROM_DISK * files, files as usize));
        assert!(came_from_disk(
            Duration::from_micros(100) * files,
            files as usize
        ));
        assert!(!came_from_disk(Duration::ZERO, 0));
    }
}
