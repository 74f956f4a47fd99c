//! The output sink: where a run's files go. One sink, three forms: memory (`serve`),
//! compare-and-write into an existing folder, and streaming through a staging
//! folder into a new one. Whatever the form, a run that fails leaves what was
//! there before exactly as it was.

use super::cache::Made;
use crate::file_stamp::Stamp;
use crate::output::{self, Contents, OutputFile, OutputStamps, Staging, WriteError, WriteReport};
use crate::theme::{FileSource, StaticFiles};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One file of a site built in memory, held or read from its source when asked.
#[derive(Debug, Clone)]
pub enum Served {
    /// Rendered bytes.
    Bytes(Arc<[u8]>),
    /// A static file or page asset, read from the theme or the disk.
    Source(FileSource),
}

impl Served {
    /// The file's bytes.
    pub fn bytes(&self) -> std::io::Result<Cow<'_, [u8]>> {
        match self {
            Served::Bytes(b) => Ok(Cow::Borrowed(b)),
            Served::Source(s) => s.published(),
        }
    }
}

/// Every file of a site built in memory, by output path (`conditions/acne-scars/index.html`).
pub type SiteFiles = HashMap<Arc<str>, Served>;

/// Where a run's files go.
pub(crate) enum Sink {
    /// Into memory, as [`SiteFiles`].
    Memory,
    /// Into an existing folder, once everything is made: files whose bytes are
    /// already there are not written, stale files of the last build are removed.
    Folder(PathBuf),
    /// Into a new or empty folder, each page as soon as it is made, through a
    /// staging folder that takes the folder's place only when the run succeeds.
    Staging(Staging),
}

/// What a finished sink holds.
pub(crate) enum Finished {
    /// The site's files in memory, sorted by path.
    Memory(Vec<OutputFile>),
    /// What the write did, and the stamp of every file it left in place.
    Written(WriteReport, OutputStamps),
}

/// The files of a site built in memory, by path.
pub(crate) fn site_files(files: Vec<OutputFile>) -> SiteFiles {
    (files.into_iter())
        .filter_map(|f| {
            let served = match f.contents {
                Contents::Bytes(b) => Served::Bytes(b),
                Contents::Copy(source) => Served::Source(source),
                Contents::Kept => return None,
            };
            Some((Arc::from(f.path), served))
        })
        .collect()
}

impl Sink {
    /// The sink for a build into `out_dir`: staging when the folder is new or empty.
    pub fn for_folder(out_dir: &Path) -> Result<Sink, WriteError> {
        if output::is_new_folder(out_dir) {
            Ok(Sink::Staging(Staging::create(out_dir)?))
        } else {
            Ok(Sink::Folder(out_dir.to_path_buf()))
        }
    }

    /// True when this sink writes pages as they are made (so it holds no earlier files).
    pub fn streams(&self) -> bool {
        matches!(self, Sink::Staging(_))
    }

    /// True when the run keeps its payloads (texts, bodies, bytes) for the next run.
    pub fn keeps_payloads(&self) -> bool {
        matches!(self, Sink::Memory)
    }

    /// Takes a made file: written now when this sink streams (its contents are then
    /// [`Contents::Kept`]), else held until [`Sink::finish`]. Also gives what shows
    /// the file is there, for the cache.
    pub fn take(&self, path: &str, bytes: &[u8]) -> Result<(Contents, Option<Made>), WriteError> {
        match self {
            Sink::Staging(staging) => {
                let stamp = staging.write(path, bytes)?;
                Ok((Contents::Kept, stamp.map(Made::Stamp)))
            }
            Sink::Memory => {
                let bytes: Arc<[u8]> = bytes.into();
                Ok((Contents::Bytes(bytes.clone()), Some(Made::Bytes(bytes))))
            }
            Sink::Folder(_) => Ok((Contents::Bytes(bytes.into()), None)),
        }
    }

    /// The contents of a file an earlier run made, when it is still as made.
    pub fn still_there(&self, path: &str, made: &Made) -> Option<Contents> {
        match (self, made) {
            (Sink::Memory, Made::Bytes(bytes)) => Some(Contents::Bytes(bytes.clone())),
            (Sink::Folder(out_dir), Made::Stamp(stamp)) => {
                (Stamp::of(&out_dir.join(path)) == Some(*stamp)).then_some(Contents::Kept)
            }
            _ => None,
        }
    }

    /// Copies the static files now when this sink streams; true when it did.
    pub fn stream_statics(&self, statics: &StaticFiles) -> Result<bool, WriteError> {
        let Sink::Staging(staging) = self else {
            return Ok(false);
        };
        let files: Vec<(&str, &FileSource)> = statics.iter().collect();
        (files.par_iter()).try_for_each(|(path, source)| staging.copy(path, source).map(drop))?;
        Ok(true)
    }

    /// Puts every file of a successful run in place (`files`: sorted by path, each
    /// path once; `streamed`: how many were written already).
    pub fn finish(self, files: Vec<OutputFile>, streamed: usize) -> Result<Finished, WriteError> {
        match self {
            Sink::Memory => Ok(Finished::Memory(files)),
            Sink::Folder(out_dir) => {
                let (report, stamps) = output::write(&out_dir, &files)?;
                Ok(Finished::Written(report, stamps))
            }
            Sink::Staging(staging) => {
                let (mut report, stamps) = output::write(staging.path(), &files)?;
                staging.finish()?;
                // The files written before were found in place by the write.
                report.written += streamed;
                report.unchanged -= streamed;
                Ok(Finished::Written(report, stamps))
            }
        }
    }
}
