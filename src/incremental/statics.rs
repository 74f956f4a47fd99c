//! Static files as page bodies see them: which exist, and the size of each
//! image. Only when that changes do page bodies need rendering again; a CSS
//! edit does not touch any page.

use super::inputs::Stamp;
use crate::diagnostics::Diagnostic;
use crate::image_size::image_size;
use crate::theme::{FileSource, StaticFiles};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A static file's stamp when read, and its image size (if it is an image).
type Seen = (Option<Stamp>, Option<(u32, u32)>);

/// The static files of the last load, with what bodies read from them.
#[derive(Debug, Default)]
pub struct StaticState {
    /// The theme's and the site's static files.
    pub files: StaticFiles,
    /// Problems listing them.
    pub errors: Vec<Diagnostic>,
    /// Output path -> (stamp when read, image size).
    sizes: BTreeMap<String, Seen>,
}

impl StaticState {
    /// Lists the static files again, reading only those that are new, changed on
    /// disk, or named in `changed`. Returns true when the set of files or an
    /// image size differs from before (so page bodies must be rendered again).
    pub fn reload(&mut self, site_dir: &Path, changed: &BTreeSet<PathBuf>) -> (bool, usize) {
        let (files, errors) = match StaticFiles::load(site_dir) {
            Ok(files) => (files, Vec::new()),
            Err(errors) => (StaticFiles::default(), errors),
        };
        let mut sizes = BTreeMap::new();
        let mut visible_change = false;
        let mut read = 0;
        for (path, source) in files.iter() {
            let old = self.sizes.get(path);
            let entry = match source {
                FileSource::Embedded(bytes) => match old {
                    Some(&(None, size)) => (None, size),
                    _ => (None, image_size(bytes)),
                },
                FileSource::Disk(disk) => {
                    let now = Stamp::of(disk);
                    match old {
                        Some(&(Some(then), size))
                            if Some(then) == now && !changed.contains(disk) =>
                        {
                            (now, size)
                        }
                        _ => {
                            read += 1;
                            (now, std::fs::read(disk).ok().and_then(|b| image_size(&b)))
                        }
                    }
                }
            };
            visible_change |= old.map(|o| o.1) != Some(entry.1);
            sizes.insert(path.to_string(), entry);
        }
        visible_change |= sizes.len() != self.sizes.len();
        self.files = files;
        self.errors = errors;
        self.sizes = sizes;
        (visible_change, read)
    }
}
