//! A file's stamp: what tells, without reading it, that a file was changed.

use serde::{Deserialize, Serialize};
use std::path::Path;

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
        Stamp::of_metadata(&std::fs::metadata(path).ok()?)
    }

    /// The stamp of an open file: no second look-up of its path, and it is the
    /// very file that was read or written, even if another has taken its name since.
    pub fn of_open(file: &std::fs::File) -> Option<Stamp> {
        Stamp::of_metadata(&file.metadata().ok()?)
    }

    /// The stamp in a file's metadata; `None` for anything but a file.
    pub fn of_metadata(meta: &std::fs::Metadata) -> Option<Stamp> {
        if !meta.is_file() {
            return None;
        }
        let modified_ns = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as i128);
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: meta.len(),
            modified_ns,
            inode,
        })
    }

    /// Nanoseconds since 1970 of the file's last change.
    pub fn modified_ns(&self) -> i128 {
        self.modified_ns
    }
}
