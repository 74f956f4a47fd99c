//! Writing the built site: only after everything rendered, only files whose bytes
//! changed, and removing only stale files that an earlier build wrote (per its manifest).
//! A new or empty output folder is written page by page through [`Staging`] instead,
//! which leaves it as it was if the build fails.

use crate::file_stamp::Stamp;
use crate::theme::FileSource;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

mod staging;
pub use staging::{Staging, is_new_folder};

/// The file in the output folder listing what the last build wrote.
pub const MANIFEST: &str = ".clinicsite-manifest";

/// What goes into one output file.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Bytes rendered in memory.
    Bytes(std::sync::Arc<[u8]>),
    /// A copy of a static file or a page's asset.
    Copy(FileSource),
    /// A file already in place: one an earlier build wrote that is still right (see
    /// [`crate::pipeline`]), or one written as its page was rendered. Left as it is,
    /// and listed in the manifest.
    Kept,
}

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    /// Its contents.
    pub contents: Contents,
}

/// What a write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or changed.
    pub written: usize,
    /// Files left alone because their bytes were already right.
    pub unchanged: usize,
    /// Stale files from the previous build that were removed.
    pub removed: usize,
}

/// An output problem (disk full, permissions).
#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct WriteError {
    /// The file that could not be written.
    pub path: PathBuf,
    /// Why.
    #[source]
    pub source: io::Error,
}

fn err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError {
        path: path.to_path_buf(),
        source,
    }
}

/// The stamp of each file a write left in place, written or found already right,
/// by its path in the output folder; taken from the open file, so no path is looked
/// up twice.
pub type OutputStamps = FxHashMap<String, Stamp>;

/// Writes `files` into `out_dir`.
pub fn write(
    out_dir: &Path,
    files: &[OutputFile],
) -> Result<(WriteReport, OutputStamps), WriteError> {
    std::fs::create_dir_all(out_dir).map_err(err(out_dir))?;
    // Into an empty folder every file is new: no need to look for an old copy of each.
    let empty = std::fs::read_dir(out_dir).is_ok_and(|mut entries| entries.next().is_none());
    let manifest_path = out_dir.join(MANIFEST);
    let previous: BTreeSet<String> = std::fs::read_to_string(&manifest_path)
        .map(|t| {
            t.lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let outcomes: Vec<(bool, Option<Stamp>)> = files
        .par_iter()
        .map(|file| write_if_changed(out_dir, file, empty))
        .collect::<Result<_, _>>()?;
    let written = outcomes.iter().filter(|o| o.0).count();
    let stamps: OutputStamps = files
        .iter()
        .zip(&outcomes)
        .filter_map(|(file, &(_, stamp))| Some((file.path.clone(), stamp?)))
        .collect();
    let current: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let mut removed = 0;
    for stale in previous.difference(&current) {
        if !is_safe_relative(stale) {
            continue;
        }
        let path = out_dir.join(stale);
        match std::fs::remove_file(&path) {
            Ok(()) => {
                removed += 1;
                remove_empty_parents(out_dir, &path);
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(WriteError { path, source: e }),
        }
    }
    let manifest: String = current.iter().map(|p| format!("{p}\n")).collect();
    if std::fs::read_to_string(&manifest_path).ok().as_deref() != Some(manifest.as_str()) {
        std::fs::write(&manifest_path, manifest).map_err(err(&manifest_path))?;
    }
    let report = WriteReport {
        written,
        unchanged: files.len() - written,
        removed,
    };
    Ok((report, stamps))
}

/// Writes one file unless it already holds these bytes; true when written, with the
/// file's stamp (none for a kept file, which is not looked at).
/// `fresh`: the output folder was empty, so there is no old file to compare with.
fn write_if_changed(
    out_dir: &Path,
    file: &OutputFile,
    fresh: bool,
) -> Result<(bool, Option<Stamp>), WriteError> {
    let path = out_dir.join(&file.path);
    let bytes = match &file.contents {
        Contents::Kept => return Ok((false, None)),
        Contents::Bytes(b) => std::borrow::Cow::Borrowed(&b[..]),
        Contents::Copy(source) => bytes_to_copy(source, &path)?,
    };
    if !fresh
        && let Ok(meta) = std::fs::metadata(&path)
        && meta.is_file()
        && meta.len() == bytes.len() as u64
        && let Some(stamp) = holds(&path, &bytes)
    {
        return Ok((false, Some(stamp)));
    }
    Ok((true, write_new(&path, &bytes)?))
}

/// The bytes of a file copied to `to`; a source that cannot be read is reported
/// as the file that could not be written.
fn bytes_to_copy(
    source: &FileSource,
    to: &Path,
) -> Result<std::borrow::Cow<'static, [u8]>, WriteError> {
    source.published().map_err(|e| WriteError {
        path: to.to_path_buf(),
        source: e,
    })
}

/// Writes `bytes` to the file at `path`, making its folders; returns its stamp.
fn write_new(path: &Path, bytes: &[u8]) -> Result<Option<Stamp>, WriteError> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(err(parent))?;
    }
    let mut out = std::fs::File::create(path).map_err(err(path))?;
    out.write_all(bytes).map_err(err(path))?;
    Ok(Stamp::of_open(&out))
}

thread_local! {
    /// Where this thread reads old files to compare them (see [`holds`]).
    static COMPARE_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The stamp of the file at `path` when it holds exactly `bytes`. Read in pieces
/// into this thread's buffer and compared as it comes: no allocation the size of
/// each file, and a difference stops the reading.
fn holds(path: &Path, bytes: &[u8]) -> Option<Stamp> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    COMPARE_BUFFER.with_borrow_mut(|buffer| {
        buffer.resize(64 * 1024, 0);
        let mut rest = bytes;
        loop {
            match file.read(buffer) {
                Ok(0) if rest.is_empty() => return Stamp::of_open(&file),
                Ok(n) if n > 0 && n <= rest.len() && buffer[..n] == rest[..n] => rest = &rest[n..],
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                _ => return None,
            }
        }
    })
}

fn is_safe_relative(path: &str) -> bool {
    !path.starts_with('/')
        && !path.split('/').any(|s| s == ".." || s.is_empty())
        && !path.contains('\\')
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(text.as_bytes().into()),
        }
    }

    #[test]
    fn writes_only_changes_and_removes_only_its_own_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mine.txt"), "user file").unwrap();
        let (first, _) = write(
            dir.path(),
            &[file("a/index.html", "A"), file("b/index.html", "B")],
        )
        .unwrap();
        assert_eq!(first.written, 2);
        let (second, _) = write(
            dir.path(),
            &[file("a/index.html", "A"), file("c.html", "C")],
        )
        .unwrap();
        assert_eq!(
            second,
            WriteReport {
                written: 1,
                unchanged: 1,
                removed: 1
            }
        );
        assert!(!dir.path().join("b").exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("mine.txt")).unwrap(),
            "user file"
        );
    }

    #[test]
    fn comparison_reads_in_pieces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.html");
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &big).unwrap();
        assert_eq!(holds(&path, &big), Stamp::of(&path));
        assert!(holds(&path, &big).is_some());
        let mut changed = big.clone();
        changed[150_000] ^= 1;
        assert_eq!(holds(&path, &changed), None);
        assert_eq!(holds(&path, &big[..199_999]), None);
        assert_eq!(holds(&path, &[big.as_slice(), b"x"].concat()), None);
        assert_eq!(holds(&dir.path().join("missing"), b""), None);
    }

    #[test]
    fn into_an_empty_folder_everything_is_written_and_then_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = [file("a/index.html", "A"), file("b.css", "B")];
        assert_eq!(write(&out, &files).unwrap().0.written, 2);
        let (again, _) = write(&out, &files).unwrap();
        assert_eq!((again.written, again.unchanged), (0, 2));
    }

    #[test]
    fn every_file_left_in_place_is_stamped_as_it_is_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let kept = OutputFile {
            path: "kept.html".into(),
            contents: Contents::Kept,
        };
        let files = [file("a/index.html", "A"), file("b.css", "B"), kept];
        let on_disk = |path: &str| Stamp::of(&out.join(path)).unwrap();
        for round in ["written", "unchanged"] {
            let (_, stamps) = write(&out, &files).unwrap();
            assert_eq!(stamps.len(), 2, "{round}: a kept file is not looked at");
            assert_eq!(stamps["a/index.html"], on_disk("a/index.html"), "{round}");
            assert_eq!(stamps["b.css"], on_disk("b.css"), "{round}");
        }
    }

    #[test]
    fn unsafe_manifest_paths_are_ignored() {
        assert!(!is_safe_relative("../x"));
        assert!(!is_safe_relative("/etc/passwd"));
        assert!(is_safe_relative("a/b.html"));
    }
}
