//! Markdown files in the build record: a file whose size, modification time and
//! inode are what the last build saw is not read again; its checked front matter
//! comes from the record, and its text is read only if its page is rendered.

use super::Stamp;
use crate::config::SiteConfig;
use crate::content::{self, FrontMatter, ParsedFile, SourceFile};
use crate::diagnostics::Diagnostic;
use crate::site::PageNode;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant, SystemTime};
use xxhash_rust::xxh3::xxh3_64;

/// A file modified this close to a build's start is read again by the next build:
/// file times are coarse, so an edit right after the build read it could leave
/// the same size and time behind.
const SETTLED: Duration = Duration::from_secs(2);

/// A markdown file as a build read it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceRecord {
    stamp: Stamp,
    text_hash: u64,
    body_offset: usize,
    front: FrontMatter,
}

/// How this build got a markdown file.
#[derive(Debug, Clone, Copy)]
pub struct SourceRead {
    /// The file's stamp, taken before reading it.
    pub stamp: Option<Stamp>,
    /// Hash of its text.
    pub text_hash: u64,
    /// True when its front matter came from the record and its text was not read.
    pub from_record: bool,
}

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

/// Reads and parses every file, in parallel, taking from `known` (the record's
/// files by path in `content/`) those whose stamp is unchanged.
pub fn read_sources(
    sources: Vec<SourceFile>,
    mut known: FxHashMap<String, SourceRecord>,
    config: &SiteConfig,
) -> Vec<Result<(ParsedFile, SourceRead), Vec<Diagnostic>>> {
    let paired: Vec<(SourceFile, Option<SourceRecord>)> = sources
        .into_iter()
        .map(|s| {
            let record = known.remove(&s.content_path);
            (s, record)
        })
        .collect();
    // Files gone since the last build: freeing their entries is no work of this build.
    std::thread::spawn(move || drop(known));
    read_and_parse(paired, config, came_from_disk)
}

/// Reads and parses `files`, in order. Files in memory are each parsed as soon as
/// read, on the build's threads: more threads would only take turns on the cores.
/// Files on disk are read [`READS_IN_FLIGHT`] at a time, then parsed on every core.
/// The first files, read and parsed on the build's threads, tell which
/// (`from_disk`: [`came_from_disk`], or a test's choice).
fn read_and_parse(
    mut files: Vec<(SourceFile, Option<SourceRecord>)>,
    config: &SiteConfig,
    from_disk: fn(Duration, usize) -> bool,
) -> Vec<Result<(ParsedFile, SourceRead), Vec<Diagnostic>>> {
    let each_at_once = |files: Vec<(SourceFile, Option<SourceRecord>)>| -> Vec<_> {
        (files.into_par_iter())
            .map(|(source, record)| parse(fetch(source, record), config))
            .collect()
    };
    let rest = files.split_off(PROBE_FILES.min(files.len()));
    let started = Instant::now();
    let mut parsed = each_at_once(files);
    if from_disk(started.elapsed(), parsed.len()) {
        let fetched: Vec<Fetched> = with_reads_in_flight(|| {
            (rest.into_par_iter())
                .map(|(source, record)| fetch(source, record))
                .collect()
        });
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

/// A markdown file as found on disk, before its front matter is parsed.
enum Fetched {
    /// Unchanged since the record was made: not read.
    Recorded(SourceFile, Box<SourceRecord>),
    /// Its text and stamp, or why it could not be read.
    Read(SourceFile, Result<(String, Option<Stamp>), Vec<Diagnostic>>),
}

/// Stamps the file and, unless `record` holds that stamp, reads it.
fn fetch(source: SourceFile, record: Option<SourceRecord>) -> Fetched {
    // A file the record knows is stamped by its path (no need to open it when it
    // is unchanged); any other is stamped as it is read.
    match record.filter(|r| Stamp::of(&source.path) == Some(r.stamp)) {
        Some(record) => Fetched::Recorded(source, Box::new(record)),
        None => {
            let read = content::read_text_stamped(&source);
            Fetched::Read(source, read)
        }
    }
}

/// Checks a fetched file's front matter (the record's, for a file not read).
fn parse(
    fetched: Fetched,
    config: &SiteConfig,
) -> Result<(ParsedFile, SourceRead), Vec<Diagnostic>> {
    match fetched {
        Fetched::Recorded(source, record) => {
            let read = SourceRead {
                stamp: Some(record.stamp),
                text_hash: record.text_hash,
                from_record: true,
            };
            let file = ParsedFile {
                source,
                text: String::new(),
                body_offset: record.body_offset,
                front: record.front,
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
                from_record: false,
            };
            Ok((file, read))
        }
    }
}

/// Reads the text of a page whose front matter came from the record, before its
/// body is rendered. An error if the file changed since its stamp was taken.
pub fn load_text(page: &mut PageNode, read: Option<&SourceRead>) -> Result<(), Vec<Diagnostic>> {
    let Some(read) = read.filter(|r| r.from_record && page.file.text.is_empty()) else {
        return Ok(());
    };
    let text = content::read_text(&page.file.source)?;
    if xxh3_64(text.as_bytes()) != read.text_hash {
        return Err(vec![
            Diagnostic::file_error(
                &page.file.source.display_path,
                "this file changed while the site was being built",
            )
            .with_hint("build again"),
        ]);
    }
    page.file.text = text;
    Ok(())
}

/// True when a file last changed at `modified_ns` (since 1970) is older than
/// [`SETTLED`] before `started`.
fn is_settled(modified_ns: i128, started: SystemTime) -> bool {
    started
        .checked_sub(SETTLED)
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .is_some_and(|t| modified_ns < t.as_nanos() as i128)
}

/// True unless the file must be read again next time: its stamp is unknown or
/// too recent, or its page has a questionnaire or warnings (which the record
/// does not keep).
pub fn is_recordable(file: &ParsedFile, read: &SourceRead, started: SystemTime) -> bool {
    read.stamp
        .is_some_and(|stamp| is_settled(stamp.modified_ns(), started))
        && file.front.questionnaire.is_none()
        && file.front.warnings.is_empty()
}

/// The record of a parsed file, if it [`is_recordable`].
pub fn record_source(
    file: &ParsedFile,
    read: &SourceRead,
    started: SystemTime,
) -> Option<SourceRecord> {
    let stamp = read.stamp?;
    is_recordable(file, read, started).then(|| SourceRecord {
        stamp,
        text_hash: read.text_hash,
        body_offset: file.body_offset,
        front: file.front.clone(),
    })
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
        let sources: Vec<(SourceFile, Option<SourceRecord>)> = (0..count)
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
                (source, None)
            })
            .collect();
        let config = crate::config::parse(
            "title: Test clinic\nbase_url: https://clinic.example/\nlanguage: en\n",
        )
        .expect("settings");
        let parsed = read_and_parse(sources, &config, from_disk);
        assert_eq!(parsed.len(), count);
        for (i, file) in parsed.iter().enumerate() {
            let Ok((file, read)) = file else {
                panic!("file {i} was not read: {file:?}");
            };
            assert_eq!(file.source.content_path, format!("page-{i:03}.md"));
            assert_eq!(file.text, format!("---\ntitle: Page {i}\n---\n"));
            assert_eq!(file.front.title, format!("Page {i}"));
            assert!(read.stamp.is_some() && !read.from_record, "file {i}");
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
