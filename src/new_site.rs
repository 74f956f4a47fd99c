//! `clinicsite new`: a starter site a clinic can edit, building cleanly with the built-in theme.

use include_dir::{Dir, include_dir};
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// The starter site's files (`src/starter/`). `{today}` in them becomes the day
/// the site is made: its pages start out reviewed that day.
static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/starter");

/// Files the starter has besides `src/starter/`: (path, contents).
const EXTRA: &[(&str, &str)] = &[(".gitignore", "public/\nreport.html\n")];

/// Every file of the starter made on `today`: (path, contents).
pub fn starter_files(today: Date) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut dirs = vec![&STARTER];
    while let Some(dir) = dirs.pop() {
        dirs.extend(dir.dirs());
        for file in dir.files() {
            let text = file.contents_utf8().unwrap_or_default();
            let text = text.replace("{today}", &today.to_string());
            files.push((file.path().to_path_buf(), text));
        }
    }
    files.extend(EXTRA.iter().map(|(p, t)| (PathBuf::from(p), t.to_string())));
    files.sort();
    files
}

/// Why a starter site could not be made.
#[derive(Debug, thiserror::Error)]
pub enum NewSiteError {
    /// The folder exists and has files in it.
    #[error("{0} is not empty; choose a new or empty folder")]
    NotEmpty(PathBuf),
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// Writes a starter site into `dir`, which must be new or empty; its pages are
/// reviewed today.
pub fn create(dir: &Path) -> Result<Vec<PathBuf>, NewSiteError> {
    create_on(dir, jiff::ZonedDateTime::now().date())
}

/// Writes the starter site made on `today` into `dir`, which must be new or empty.
pub fn create_on(dir: &Path, today: Date) -> Result<Vec<PathBuf>, NewSiteError> {
    if std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(NewSiteError::NotEmpty(dir.to_path_buf()));
    }
    let mut written = Vec::new();
    for (rel, text) in starter_files(today) {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| NewSiteError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, text).map_err(|source| NewSiteError::Io {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}
