//! The inputs of an incremental build: what changed on disk, and the markdown
//! files read and parsed once, kept with their text until they change again.

use crate::config::SiteConfig;
use crate::content::{self, ParsedFile, SourceFile};
use crate::diagnostics::Diagnostic;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// A file whose stamp is unchanged is not read again.
pub use crate::file_stamp::Stamp;

/// Changed paths sorted by what they affect.
#[derive(Debug, Default)]
pub struct Plan {
    /// Everything is read again (the first build).
    pub full: bool,
    /// site.yaml changed.
    pub config: bool,
    /// Something under templates/ changed.
    pub templates: bool,
    /// Files under static/ that changed.
    pub statics: BTreeSet<PathBuf>,
    /// Markdown files that existed before and still exist.
    pub modified: BTreeSet<usize>,
    /// Other files under content/ (images, PDFs) that changed.
    pub assets: BTreeSet<PathBuf>,
    /// Markdown files or folders were added, removed or renamed.
    pub structural: bool,
}

/// Sorts `paths` (absolute, under `site_dir`) into a plan. `known` maps the
/// markdown files found by the last discovery to their index.
pub fn plan(site_dir: &Path, paths: &BTreeSet<PathBuf>, known: &HashMap<PathBuf, usize>) -> Plan {
    let mut plan = Plan::default();
    for path in paths {
        let Ok(rel) = path.strip_prefix(site_dir) else {
            continue;
        };
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let Some(top) = parts.first() else {
            plan.full = true;
            continue;
        };
        if parts.iter().skip(1).any(|p| content::is_ignored(p)) {
            continue;
        }
        match top.as_str() {
            crate::config::CONFIG_FILE if parts.len() == 1 => plan.config = true,
            "templates" => plan.templates = true,
            "static" => {
                plan.statics.insert(path.clone());
            }
            "content" => classify_content(path, parts.len() == 1, known, &mut plan),
            _ => {}
        }
    }
    plan
}

fn classify_content(path: &Path, is_root: bool, known: &HashMap<PathBuf, usize>, plan: &mut Plan) {
    if is_root {
        plan.structural = true;
        return;
    }
    let is_md = path.extension().is_some_and(|e| e == "md");
    if let Some(&index) = known.get(path) {
        if path.is_file() {
            plan.modified.insert(index);
        } else {
            plan.structural = true;
        }
    } else if path.is_dir() || (is_md && path.is_file()) {
        plan.structural = true;
    } else if !path.exists() && known.keys().any(|k| k.starts_with(path)) {
        // A folder of pages was removed or renamed.
        plan.structural = true;
    } else if !is_md {
        plan.assets.insert(path.to_path_buf());
    }
}

/// A file that could not be read or whose front matter is wrong.
#[derive(Debug)]
pub struct Failed {
    /// Its text, when it could be read.
    pub text: Option<String>,
    /// Why it failed.
    pub errors: Vec<Diagnostic>,
}

/// One discovered markdown file and what the last read of it gave.
#[derive(Debug)]
pub struct Slot {
    /// The file and its URL.
    pub source: SourceFile,
    /// Its stamp when it was read.
    pub stamp: Option<Stamp>,
    /// Hash of its text (0 when unreadable).
    pub text_hash: u64,
    /// Set when it failed; otherwise its parsed form lives in the site tree.
    pub failed: Option<Failed>,
}

/// An empty slot standing in for `source` while its file is being read.
pub fn placeholder(source: &SourceFile) -> Slot {
    Slot {
        source: SourceFile {
            path: PathBuf::new(),
            content_path: String::new(),
            display_path: String::new(),
            url: String::new(),
            is_section: source.is_section,
        },
        stamp: None,
        text_hash: 0,
        failed: None,
    }
}

/// The outcome of reading one file: its slot, and its parsed form if it parsed.
pub type Loaded = (Slot, Option<ParsedFile>);

/// How much of a file to redo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redo {
    /// Nothing: keep what was read.
    Keep,
    /// Parse the kept text again (the settings changed).
    Parse,
    /// Read the file again; parse it if its text changed (or `force`).
    Read {
        /// Parse even when the text is unchanged.
        force: bool,
    },
}

/// Redoes one file as asked. `old` is what the last build had for it. Returns
/// the new state and whether the file was read.
pub fn refresh(
    source: SourceFile,
    old: Option<Loaded>,
    redo: Redo,
    config: &SiteConfig,
) -> (Loaded, bool) {
    match (redo, old) {
        (Redo::Keep, Some(old)) => (old, false),
        (Redo::Parse, Some((slot, parsed))) => match take_text(slot.failed, parsed) {
            Some(text) => (parse(source, text, slot.stamp, config), false),
            None => (load(source, config), true),
        },
        (Redo::Read { force }, Some((slot, parsed))) => {
            let now = Stamp::of(&source.path);
            match read(&source) {
                Ok(text) if !force && text_of(&slot, parsed.as_ref()) == Some(text.as_str()) => {
                    ((Slot { stamp: now, ..slot }, parsed), true)
                }
                Ok(text) => (parse(source, text, now, config), true),
                Err(errors) => (unreadable(source, now, errors), true),
            }
        }
        (_, None) => (load(source, config), true),
    }
}

fn take_text(failed: Option<Failed>, parsed: Option<ParsedFile>) -> Option<String> {
    match (parsed, failed) {
        (Some(p), _) => Some(p.text),
        (None, Some(f)) => f.text,
        (None, None) => None,
    }
}

/// Reads a file's text the way a full build does (UTF-8, BOM and CRLF handled).
fn read(source: &SourceFile) -> Result<String, Vec<Diagnostic>> {
    content::read_text(source)
}

fn unreadable(source: SourceFile, stamp: Option<Stamp>, errors: Vec<Diagnostic>) -> Loaded {
    (
        Slot {
            source,
            stamp,
            text_hash: 0,
            failed: Some(Failed { text: None, errors }),
        },
        None,
    )
}

/// Reads and parses one file.
pub fn load(source: SourceFile, config: &SiteConfig) -> Loaded {
    let now = Stamp::of(&source.path);
    match read(&source) {
        Ok(text) => parse(source, text, now, config),
        Err(errors) => unreadable(source, now, errors),
    }
}

/// Parses text already read.
pub fn parse(
    source: SourceFile,
    text: String,
    stamp: Option<Stamp>,
    config: &SiteConfig,
) -> Loaded {
    let text_hash = super::fingerprint::hash_of(text.as_str());
    let kept = text.clone();
    match content::parse_file(source.clone(), text, config) {
        Ok(parsed) => (
            Slot {
                source,
                stamp,
                text_hash,
                failed: None,
            },
            Some(parsed),
        ),
        Err(errors) => (
            Slot {
                source,
                stamp,
                text_hash,
                failed: Some(Failed {
                    text: Some(kept),
                    errors,
                }),
            },
            None,
        ),
    }
}

/// The text of a file as last read: from its parsed form, or kept beside its errors.
pub fn text_of<'a>(slot: &'a Slot, parsed: Option<&'a ParsedFile>) -> Option<&'a str> {
    match (parsed, &slot.failed) {
        (Some(p), _) => Some(&p.text),
        (None, Some(f)) => f.text.as_deref(),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_sorts_paths() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path();
        std::fs::create_dir_all(site.join("content/c")).unwrap();
        std::fs::write(site.join("content/a.md"), "x").unwrap();
        std::fs::write(site.join("content/new.md"), "x").unwrap();
        std::fs::write(site.join("content/photo.jpg"), "x").unwrap();
        let known: HashMap<PathBuf, usize> = [(site.join("content/a.md"), 0)].into();
        let paths =
            |list: &[&str]| -> BTreeSet<PathBuf> { list.iter().map(|p| site.join(p)).collect() };

        let p = plan(
            site,
            &paths(&["content/a.md", "site.yaml", "templates/x.html"]),
            &known,
        );
        assert_eq!(p.modified, [0].into());
        assert!(p.config && p.templates && !p.structural);

        assert!(plan(site, &paths(&["content/new.md"]), &known).structural);
        assert!(plan(site, &paths(&["content/c"]), &known).structural);
        let p = plan(
            site,
            &paths(&["content/photo.jpg", "content/.a.md.swp", "public/x.html"]),
            &known,
        );
        assert_eq!(p.assets.len(), 1);
        assert!(!p.structural && p.modified.is_empty());

        std::fs::remove_file(site.join("content/a.md")).unwrap();
        assert!(plan(site, &paths(&["content/a.md"]), &known).structural);
    }
}
