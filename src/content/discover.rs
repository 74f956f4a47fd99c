//! Finding the markdown files of a site and the URL each one gets.

use crate::diagnostics::{Diagnostic, Position, display_path};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The file name that makes a folder a section.
pub const SECTION_FILE: &str = "_index.md";

/// A markdown file found in `content/`.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Absolute path on disk.
    pub path: PathBuf,
    /// Path relative to `content/`, `/`-separated (`conditions/acne-scars.md`).
    pub content_path: String,
    /// Path relative to the site folder, for messages (`content/conditions/acne-scars.md`).
    pub display_path: String,
    /// Root-relative URL without the base path (`/conditions/acne-scars/`).
    pub url: String,
    /// True for a section's `_index.md`.
    pub is_section: bool,
}

/// Lists every markdown file under `content_dir`, sorted, with its URL.
///
/// Two files claiming one URL are reported as errors naming both; the second is left out.
pub fn discover(site_dir: &Path, content_dir: &Path) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let mut paths = Vec::new();
    let mut errors = Vec::new();
    let walker = walkdir::WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| display_path(site_dir, p))
                    .unwrap_or_else(|| "content".into());
                errors.push(Diagnostic::file_error(path, format!("cannot read: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        paths.push(entry.into_path());
    }
    // The walk is a string of system calls; naming each file and making its URL
    // (slugs) is work for every thread.
    let files: Vec<SourceFile> = paths
        .into_par_iter()
        .map(|path| {
            let content_path = display_path(content_dir, &path);
            SourceFile {
                url: url_for(&content_path),
                is_section: path.file_name().is_some_and(|n| n == SECTION_FILE),
                display_path: display_path(site_dir, &path),
                path,
                content_path,
            }
        })
        .collect();
    let mut by_url: HashMap<&str, &SourceFile> = HashMap::new();
    let mut clashing = Vec::new();
    for (i, file) in files.iter().enumerate() {
        if let Some(other) = by_url.insert(&file.url, file) {
            clashing.push(i);
            errors.push(
                Diagnostic::error(
                    &file.display_path,
                    Position::start(),
                    format!(
                        "`{}` and `{}` both make the page {}",
                        other.display_path, file.display_path, file.url
                    ),
                )
                .with_hint("rename or remove one of the two files"),
            );
        }
    }
    // The second file of a clash is left out, so the rest of the site is still checked.
    let files = files
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !clashing.contains(i))
        .map(|(_, f)| f)
        .collect();
    (files, errors)
}

/// Editor backups, hidden files and swap files are not content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

/// `conditions/acne-scars.md` -> `/conditions/acne-scars/`; `conditions/_index.md` -> `/conditions/`.
pub fn url_for(content_path: &str) -> String {
    let without_ext = content_path.strip_suffix(".md").unwrap_or(content_path);
    let without_index = without_ext.strip_suffix("_index").unwrap_or(without_ext);
    let segments: Vec<String> = without_index
        .split('/')
        .filter(|s| !s.is_empty())
        .map(slug::slugify)
        .collect();
    if segments.is_empty() {
        "/".to_string()
    } else {
        format!("/{}/", segments.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_from_paths() {
        assert_eq!(url_for("_index.md"), "/");
        assert_eq!(url_for("conditions/_index.md"), "/conditions/");
        assert_eq!(
            url_for("conditions/acne-scars.md"),
            "/conditions/acne-scars/"
        );
        assert_eq!(url_for("About Us.md"), "/about-us/");
    }

    #[test]
    fn ignores_editor_files() {
        assert!(is_ignored(".acne.md.swp"));
        assert!(is_ignored("acne.md~"));
        assert!(!is_ignored("acne.md"));
    }
}
