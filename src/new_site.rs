//! `clinicsite new`: a starter site a clinic can edit, building cleanly with the built-in theme.

use std::path::{Path, PathBuf};

/// The starter site's files: (path, contents).
const STARTER: &[(&str, &str)] = &[
    ("site.yaml", include_str!("starter/site.yaml")),
    (
        "content/_index.md",
        include_str!("starter/content/_index.md"),
    ),
    ("content/about.md", include_str!("starter/content/about.md")),
    (
        "content/contact.md",
        include_str!("starter/content/contact.md"),
    ),
    (
        "content/conditions/_index.md",
        include_str!("starter/content/conditions/_index.md"),
    ),
    (
        "content/conditions/example-condition.md",
        include_str!("starter/content/conditions/example-condition.md"),
    ),
    (".gitignore", "public/\nreport.html\n"),
];

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

/// Writes a starter site into `dir`, which must be new or empty.
pub fn create(dir: &Path) -> Result<Vec<PathBuf>, NewSiteError> {
    if std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(NewSiteError::NotEmpty(dir.to_path_buf()));
    }
    let mut written = Vec::new();
    for (rel, text) in STARTER {
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
